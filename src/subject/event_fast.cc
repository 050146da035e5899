/* subject/event_fast.cc - the fast reader of event lines: simdjson's DOM
 * parser (about ten times jansson's speed: no allocation per value) reads
 * one line of an event record into the struct event_fields that parse.c
 * validates (event_prepare, on the same worker thread), so that the rules
 * and messages stay in one place.
 *
 * It reads only what it is sure jansson (with JSON_REJECT_DUPLICATES)
 * would read the same way, and declines everything else, which then takes
 * the jansson path and gets jansson's messages.  simdjson's DOM parser
 * validates the whole document (grammar, numbers, literals, UTF-8,
 * unescaped control characters) as jansson does; what jansson rejects and
 * simdjson takes is checked here over every value of the line, known
 * field or not: a duplicate key, a NUL in a string or key (jansson has no
 * JSON_ALLOW_NUL here), an integer above INT64_MAX (jansson: "too big
 * integer").  simdjson also rejects some documents jansson takes (nesting
 * over 1024): those go to jansson, which is only slower.  Field-level
 * problems (a number where a string belongs, a bad timestamp) are not
 * declined: the field's type is passed on and parse.c reports them.
 *
 * This is the library's second C++ file (after contact/phone.cc): nothing
 * thrown inside it leaves it; every entry point catches, and a failure
 * becomes "declined" (the jansson path then reports what it finds).
 * The strings it gives point into simdjson's document (unescaped there)
 * and live until the next line; the arrays of list fields go to the
 * caller's arena.  Other limits, each declined to jansson: a line over
 * kMaxLine, an object with more than kMaxKeys keys, nesting deeper than
 * kMaxDepth.
 * Owns: each struct event_fast owns one simdjson parser (its buffers grow
 * to the longest line read, at most kMaxLine).
 * Thread-safety: one thread at a time per struct event_fast. */
#include <simdjson.h>

#include <cstdint>
#include <cstring>
#include <new>
#include <string_view>

extern "C" {
#include "subject/subject_int.h"
}

static_assert(VET_LINE_PADDING >= simdjson::SIMDJSON_PADDING, "the lines' padding must cover simdjson's");

namespace {

/* Longest line read here; longer ones (a rare event with a huge payload)
 * go to jansson, and simdjson's buffers stay small. */
constexpr size_t kMaxLine = 64 * 1024;
/* Keys of one object checked for duplicates here (pairwise); objects with
 * more go to jansson. */
constexpr size_t kMaxKeys = 64;
/* Nesting below the record checked here; deeper values go to jansson. */
constexpr int kMaxDepth = 32;

using simdjson::dom::element;
using simdjson::dom::element_type;

/* The fields of an event, bit i of a mask for field i. */
enum top_key : int {
  K_TYPE, K_SUBJECT, K_TS, K_KIND, K_IP, K_USER_AGENT, K_DEVICE_ID, K_TZ_OFFSET_MIN, K_TZ_NAME, K_LANGUAGES,
  K_REMOTE_TOOLS, K_USB_DEVICES, K_VM, K_PAYOUT, K_COUNTERPART, K_ADDRESS, K_UNKNOWN
};

const std::string_view kPayoutKeys[] = {"kind", "holder", "country", "account", "currency", "address"};
const std::string_view kAddressKeys[] = {"kind", "country", "text"};

/* k is name (compared with a constant length: no library call). */
template <size_t N> inline bool is_key(std::string_view k, const char (&name)[N])
{
  return std::memcmp(k.data(), name, N - 1) == 0;
}

/* The field a key names, by length first (the keys of every event line
 * go through here). */
top_key find_top(std::string_view k)
{
  switch (k.size()) {
  case 2:
    return is_key(k, "ts") ? K_TS : is_key(k, "ip") ? K_IP : is_key(k, "vm") ? K_VM : K_UNKNOWN;
  case 4:
    return is_key(k, "type") ? K_TYPE : is_key(k, "kind") ? K_KIND : K_UNKNOWN;
  case 6:
    return is_key(k, "payout") ? K_PAYOUT : K_UNKNOWN;
  case 7:
    return is_key(k, "subject")   ? K_SUBJECT
           : is_key(k, "tz_name") ? K_TZ_NAME
           : is_key(k, "address") ? K_ADDRESS
                                  : K_UNKNOWN;
  case 9:
    return is_key(k, "device_id") ? K_DEVICE_ID : is_key(k, "languages") ? K_LANGUAGES : K_UNKNOWN;
  case 10:
    return is_key(k, "user_agent") ? K_USER_AGENT : K_UNKNOWN;
  case 11:
    return is_key(k, "usb_devices") ? K_USB_DEVICES : is_key(k, "counterpart") ? K_COUNTERPART : K_UNKNOWN;
  case 12:
    return is_key(k, "remote_tools") ? K_REMOTE_TOOLS : K_UNKNOWN;
  case 13:
    return is_key(k, "tz_offset_min") ? K_TZ_OFFSET_MIN : K_UNKNOWN;
  default:
    return K_UNKNOWN;
  }
}

/* Index of k in names[0..n), or n. */
size_t find_key(const std::string_view *names, size_t n, std::string_view k)
{
  for (size_t i = 0; i < n; i++)
    if (names[i] == k)
      return i;
  return n;
}

bool has_nul(std::string_view s) { return s.size() && std::memchr(s.data(), 0, s.size()) != nullptr; }

/* A string of the document (simdjson keeps them unescaped in the
 * parser, until its next parse), as long as jansson would take it. */
bool view_str(std::string_view s, vet_str *out)
{
  if (has_nul(s))
    return false;
  *out = s.empty() ? vet_str{"", 0} : vet_str{s.data(), s.size()};
  return true;
}

/* Keys seen in one object that are not fields of ours: a repeat of one of
 * them is a duplicate key too. */
struct other_keys {
  std::string_view k[kMaxKeys];
  size_t n = 0;
  bool add(std::string_view key)
  {
    if (n == kMaxKeys || has_nul(key))
      return false;
    for (size_t i = 0; i < n; i++)
      if (k[i] == key)
        return false;
    k[n++] = key;
    return true;
  }
};

/* A value no field of ours reads: true when jansson would take it as
 * simdjson did (see the file comment). */
bool check_value(element v, int depth)
{
  switch (v.type()) {
  case element_type::STRING:
    return !has_nul(v.get_string().value_unsafe());
  case element_type::UINT64:
    return false;
  case element_type::ARRAY: {
    simdjson::dom::array arr;
    if (depth >= kMaxDepth || v.get(arr))
      return false;
    for (element x : arr)
      if (!check_value(x, depth + 1))
        return false;
    return true;
  }
  case element_type::OBJECT: {
    simdjson::dom::object obj;
    if (depth >= kMaxDepth || v.get(obj))
      return false;
    other_keys seen;
    for (simdjson::dom::key_value_pair kv : obj)
      if (!seen.add(kv.key) || !check_value(kv.value, depth + 1))
        return false;
    return true;
  }
  default: /* INT64, DOUBLE, BOOL, NULL_VALUE */
    return true;
  }
}

/* A field's value as parse.c sees it; arrays and objects are only typed
 * (their content checked, not kept). */
bool read_value(element v, field_val *out)
{
  *out = field_val{};
  switch (v.type()) {
  case element_type::STRING:
    out->type = FIELD_STRING;
    return view_str(v.get_string().value_unsafe(), &out->s);
  case element_type::INT64:
    out->type = FIELD_INTEGER;
    out->i = v.get_int64().value_unsafe();
    return true;
  case element_type::UINT64:
    return false;
  case element_type::DOUBLE:
    out->type = FIELD_REAL;
    return true;
  case element_type::BOOL:
    out->type = v.get_bool().value_unsafe() ? FIELD_TRUE : FIELD_FALSE;
    return true;
  case element_type::NULL_VALUE:
    out->type = FIELD_NULL;
    return true;
  case element_type::ARRAY:
    out->type = FIELD_ARRAY; /* n stays 0: nothing reads the items of a non-list field */
    return check_value(v, 1);
  case element_type::OBJECT:
    out->type = FIELD_OBJECT;
    return check_value(v, 1);
  }
  return false;
}

/* A list-of-strings field: an array of strings and nulls is kept item by
 * item; an array holding anything else, or too many items, is declined
 * (jansson's path reports it). */
bool read_list(element v, vet_arena *a, field_val *out)
{
  simdjson::dom::array arr;
  if (v.type() != element_type::ARRAY || v.get(arr))
    return read_value(v, out);
  *out = field_val{};
  out->type = FIELD_ARRAY;
  size_t n = 0;
  for (element x : arr) {
    (void)x;
    if (++n > SUBJECT_MAX_ITEMS)
      return false;
  }
  if (!n) {
    out->items = nullptr;
    return true;
  }
  auto *items = static_cast<vet_str *>(vet_arena_alloc(a, n * sizeof(vet_str)));
  if (!items)
    return false;
  size_t i = 0;
  for (element x : arr) {
    if (x.type() == element_type::NULL_VALUE)
      items[i] = vet_str{nullptr, 0};
    else if (x.type() != element_type::STRING || !view_str(x.get_string().value_unsafe(), &items[i]))
      return false;
    i++;
  }
  out->items = items;
  out->n = static_cast<uint32_t>(n);
  return true;
}

/* An object field with known keys names[0..n) read into vals[0..n) (all
 * ABSENT first); other keys checked as values nobody reads. */
bool read_object(element v, const std::string_view *names, size_t n, field_val *vals)
{
  for (size_t i = 0; i < n; i++)
    vals[i] = field_val{};
  uint32_t seen = 0;
  other_keys others;
  simdjson::dom::object obj;
  if (v.get(obj))
    return false;
  for (simdjson::dom::key_value_pair kv : obj) {
    size_t k = find_key(names, n, kv.key);
    if (k == n) {
      if (!others.add(kv.key) || !check_value(kv.value, 2))
        return false;
      continue;
    }
    if (seen & (1u << k))
      return false;
    seen |= 1u << k;
    if (!read_value(kv.value, &vals[k]))
      return false;
  }
  return true;
}

bool read_event(element doc, vet_arena *a, event_fields *out)
{
  simdjson::dom::object obj;
  if (doc.get(obj))
    return false;
  *out = event_fields{};
  uint32_t seen = 0;
  bool is_event = false;
  other_keys others;
  for (simdjson::dom::key_value_pair kv : obj) {
    top_key k = find_top(kv.key);
    if (k == K_UNKNOWN) {
      if (!others.add(kv.key) || !check_value(kv.value, 1))
        return false;
      continue;
    }
    if (seen & (1u << k))
      return false;
    seen |= 1u << k;
    element v = kv.value;
    bool ok = true;
    switch (k) {
    case K_TYPE:
      is_event = v.type() == element_type::STRING && v.get_string().value_unsafe() == "event";
      ok = is_event;
      break;
    case K_SUBJECT: ok = read_value(v, &out->subject); break;
    case K_TS: ok = read_value(v, &out->ts); break;
    case K_KIND: ok = read_value(v, &out->kind); break;
    case K_IP: ok = read_value(v, &out->ip); break;
    case K_USER_AGENT: ok = read_value(v, &out->user_agent); break;
    case K_DEVICE_ID: ok = read_value(v, &out->device_id); break;
    case K_TZ_OFFSET_MIN: ok = read_value(v, &out->tz_offset_min); break;
    case K_TZ_NAME: ok = read_value(v, &out->tz_name); break;
    case K_LANGUAGES: ok = read_list(v, a, &out->languages); break;
    case K_REMOTE_TOOLS: ok = read_list(v, a, &out->remote_tools); break;
    case K_USB_DEVICES: ok = read_list(v, a, &out->usb_devices); break;
    case K_VM: ok = read_value(v, &out->vm); break;
    case K_COUNTERPART: ok = read_value(v, &out->counterpart); break;
    case K_PAYOUT:
      if (v.type() == element_type::OBJECT) {
        out->payout = field_val{};
        out->payout.type = FIELD_OBJECT;
        field_val f[6];
        ok = read_object(v, kPayoutKeys, 6, f);
        out->pay = payout_fields{f[0], f[1], f[2], f[3], f[4], f[5]};
      } else {
        ok = read_value(v, &out->payout);
      }
      break;
    case K_ADDRESS:
      if (v.type() == element_type::OBJECT) {
        out->address = field_val{};
        out->address.type = FIELD_OBJECT;
        field_val f[3];
        ok = read_object(v, kAddressKeys, 3, f);
        out->addr = address_fields{f[0], f[1], f[2]};
      } else {
        ok = read_value(v, &out->address);
      }
      break;
    case K_UNKNOWN:
      break;
    }
    if (!ok)
      return false;
  }
  return is_event;
}

} // namespace

struct event_fast {
  simdjson::dom::parser parser;
};

extern "C" struct event_fast *event_fast_new(void)
{
  try {
    return new (std::nothrow) event_fast();
  } catch (...) {
    return nullptr;
  }
}

extern "C" void event_fast_free(struct event_fast *f)
{
  delete f;
}

extern "C" bool event_fast_parse(struct event_fast *f, vet_str line, size_t cap, struct vet_arena *a,
                                 struct event_fields *out)
{
  /* jansson takes an object or an array only; a byte-order mark or other
   * leading bytes are left to it too */
  if (!f || !line.ptr || line.len < 2 || line.len > kMaxLine || line.ptr[0] != '{')
    return false;
  try {
    element doc;
    if (f->parser.parse(line.ptr, line.len, cap < line.len || cap - line.len < simdjson::SIMDJSON_PADDING).get(doc))
      return false;
    return read_event(doc, a, out);
  } catch (...) {
    return false;
  }
}
