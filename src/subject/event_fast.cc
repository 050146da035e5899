/* subject/event_fast.cc - the fast reader of JSON lines: simdjson's DOM
 * parser (about ten times jansson's speed: no allocation per value) reads
 * a line, which is told apart as an event or a subject record as
 * vet_population_add_json tells them (record_fast_parse); an event is read
 * here into the struct event_fields that parse.c validates (event_prepare,
 * on the same worker thread), a subject by subject_fast.cc, so that the
 * rules and messages stay in one place.
 *
 * It reads only what it is sure jansson (with JSON_REJECT_DUPLICATES)
 * would read the same way, and declines everything else, which then takes
 * the jansson path and gets jansson's messages.  simdjson's DOM parser
 * validates the whole document (grammar, numbers, literals, UTF-8,
 * unescaped control characters) as jansson does; what jansson rejects and
 * simdjson takes is checked over every value of the line, known field or
 * not (fast_int.hh): a duplicate key, a NUL in a string or key (jansson
 * has no JSON_ALLOW_NUL here), an integer above INT64_MAX (jansson: "too
 * big integer").  simdjson also rejects some documents jansson takes
 * (nesting over 1024): those go to jansson, which is only slower.
 * Field-level problems (a number where a string belongs, a bad timestamp)
 * are not declined: the field's type is passed on and parse.c reports
 * them.
 *
 * Most event lines are plain: every key one of ours, every value a
 * string, an integer, a boolean, a null or (the list fields) an array of
 * strings.  Those are read first with simdjson's On-Demand API
 * (read_plain_event), which reads the values as it meets them instead of
 * building the DOM tape first: every value of such a line is consumed and
 * so validated, and the line must end after its object.  Anything else
 * (an unknown key, which On-Demand would skip unvalidated; a nested
 * object; a number that is not a plain int64, "-0" among them, which the
 * DOM types as a double; any error) is declined there and read by the
 * DOM path below, as before, with the same results.  A run of lines that
 * lie one '\n' apart (event_plain_run) is scanned in one On-Demand pass
 * (iterate_many) and its plain lines read from it; a document is taken
 * only where it starts and ends on its own line (a line that breaks the
 * pass's step ends it: the rest are read one by one).
 *
 * This is one of the library's C++ files (with contact/phone.cc and
 * subject_fast.cc): nothing thrown inside them leaves them; every entry
 * point catches, and a failure becomes "declined" (the jansson path then
 * reports what it finds).  The strings of an event point into simdjson's
 * document (unescaped there) and live until the next line; the arrays of
 * list fields go to the caller's arena.  Other limits, each declined to
 * jansson: a line over kMaxLine, an object with more than kMaxKeys keys,
 * nesting deeper than kMaxDepth.
 * Owns: each struct event_fast owns one simdjson parser (its buffers grow
 * to the longest line read, at most kMaxLine).
 * Thread-safety: one thread at a time per struct event_fast. */
#include "subject/fast_int.hh"

#include <new>

static_assert(VET_LINE_PADDING >= simdjson::SIMDJSON_PADDING, "the lines' padding must cover simdjson's");

namespace {

using namespace vet_fast;

/* The fields of an event, bit i of a mask for field i. */
enum top_key : int {
  K_TYPE, K_SUBJECT, K_TS, K_KIND, K_IP, K_USER_AGENT, K_DEVICE_ID, K_TZ_OFFSET_MIN, K_TZ_NAME, K_LANGUAGES,
  K_REMOTE_TOOLS, K_USB_DEVICES, K_VM, K_PAYOUT, K_COUNTERPART, K_ADDRESS, K_UNKNOWN
};

const std::string_view kPayoutKeys[] = {"kind", "holder", "country", "account", "currency", "address"};
const std::string_view kAddressKeys[] = {"kind", "country", "text"};

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

} // namespace

namespace vet_fast {

bool read_event(simdjson::dom::object obj, vet_arena *a, event_fields *out)
{
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
    case K_SUBJECT: ok = read_value(v, 1, nullptr, &out->subject); break;
    case K_TS: ok = read_value(v, 1, nullptr, &out->ts); break;
    case K_KIND: ok = read_value(v, 1, nullptr, &out->kind); break;
    case K_IP: ok = read_value(v, 1, nullptr, &out->ip); break;
    case K_USER_AGENT: ok = read_value(v, 1, nullptr, &out->user_agent); break;
    case K_DEVICE_ID: ok = read_value(v, 1, nullptr, &out->device_id); break;
    case K_TZ_OFFSET_MIN: ok = read_value(v, 1, nullptr, &out->tz_offset_min); break;
    case K_TZ_NAME: ok = read_value(v, 1, nullptr, &out->tz_name); break;
    case K_LANGUAGES: ok = read_list(v, 1, a, nullptr, &out->languages); break;
    case K_REMOTE_TOOLS: ok = read_list(v, 1, a, nullptr, &out->remote_tools); break;
    case K_USB_DEVICES: ok = read_list(v, 1, a, nullptr, &out->usb_devices); break;
    case K_VM: ok = read_value(v, 1, nullptr, &out->vm); break;
    case K_COUNTERPART: ok = read_value(v, 1, nullptr, &out->counterpart); break;
    case K_PAYOUT:
      if (v.type() == element_type::OBJECT) {
        out->payout = field_val{};
        out->payout.type = FIELD_OBJECT;
        field_val f[6];
        ok = read_object(v, 1, kPayoutKeys, 6, nullptr, f);
        out->pay = payout_fields{f[0], f[1], f[2], f[3], f[4], f[5]};
      } else {
        ok = read_value(v, 1, nullptr, &out->payout);
      }
      break;
    case K_ADDRESS:
      if (v.type() == element_type::OBJECT) {
        out->address = field_val{};
        out->address.type = FIELD_OBJECT;
        field_val f[3];
        ok = read_object(v, 1, kAddressKeys, 3, nullptr, f);
        out->addr = address_fields{f[0], f[1], f[2]};
      } else {
        ok = read_value(v, 1, nullptr, &out->address);
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

} // namespace vet_fast

namespace {

namespace od = simdjson::ondemand;

/* A string of a plain line as view_str reads it; nul: whether the line
 * may hold a NUL in a string at all (see may_hold_nul). */
inline bool plain_str(std::string_view s, bool nul, vet_str *out)
{
  if (nul)
    return view_str(s, nullptr, out);
  *out = s.empty() ? vet_str{"", 0} : vet_str{s.data(), s.size()};
  return true;
}

/* Whether a string of line may unescape to a NUL: only the escape
 * backslash-u0000 makes one (a raw control character fails the line), so
 * a line without those six bytes needs no scan of each of its strings. */
bool may_hold_nul(vet_str line)
{
  const char *p = line.ptr, *end = line.ptr + line.len;
  while ((p = static_cast<const char *>(std::memchr(p, '\\', static_cast<size_t>(end - p))))) {
    if (end - p >= 6 && std::memcmp(p, "\\u0000", 6) == 0)
      return true;
    p++;
  }
  return false;
}

/* A scalar value of a plain line as read_value reads it from the DOM;
 * false to decline (arrays, objects, numbers other than a plain int64,
 * a NUL in a string, an error). */
bool plain_value(od::value v, bool nul, field_val *out)
{
  *out = field_val{};
  od::json_type t;
  if (v.type().get(t))
    return false;
  switch (t) {
  case od::json_type::string: {
    std::string_view s;
    if (v.get_string().get(s))
      return false;
    out->type = FIELD_STRING;
    return plain_str(s, nul, &out->s);
  }
  case od::json_type::number: {
    std::string_view raw = v.raw_json_token();
    int64_t i;
    if ((raw.size() >= 2 && raw[0] == '-' && raw[1] == '0') || v.get_int64().get(i))
      return false;
    out->type = FIELD_INTEGER;
    out->i = i;
    return true;
  }
  case od::json_type::boolean: {
    bool b;
    if (v.get_bool().get(b))
      return false;
    out->type = b ? FIELD_TRUE : FIELD_FALSE;
    return true;
  }
  case od::json_type::null: {
    bool n;
    if (v.is_null().get(n) || !n)
      return false;
    out->type = FIELD_NULL;
    return true;
  }
  default:
    return false;
  }
}

/* A list field of a plain line: an array of strings and nulls (as
 * read_list keeps it, the array in a), or a scalar (as plain_value). */
bool plain_list(od::value v, bool nul, vet_arena *a, field_val *out)
{
  od::json_type t;
  if (v.type().get(t))
    return false;
  if (t != od::json_type::array)
    return plain_value(v, nul, out);
  od::array arr;
  if (v.get_array().get(arr))
    return false;
  vet_str tmp[SUBJECT_MAX_ITEMS];
  size_t n = 0;
  for (auto item : arr) {
    od::value x;
    od::json_type xt;
    if (std::move(item).get(x) || x.type().get(xt) || n == SUBJECT_MAX_ITEMS)
      return false;
    if (xt == od::json_type::null) {
      bool isnull;
      if (x.is_null().get(isnull) || !isnull)
        return false;
      tmp[n++] = vet_str{nullptr, 0};
      continue;
    }
    std::string_view s;
    if (xt != od::json_type::string || x.get_string().get(s) || !plain_str(s, nul, &tmp[n]))
      return false;
    n++;
  }
  bool ok;
  vet_str *items = list_items(a, n, out, &ok);
  if (items)
    std::memcpy(items, tmp, n * sizeof *items);
  return ok;
}

/* The fields of a plain event object into *out, every value consumed;
 * false to decline (see the file comment). */
bool plain_object(od::object obj, bool nul, vet_arena *a, event_fields *out)
{
  *out = event_fields{};
  uint32_t seen = 0;
  bool is_event = false;
  for (auto fld : obj) {
    od::field kv;
    std::string_view key;
    if (std::move(fld).get(kv) || kv.unescaped_key().get(key))
      return false;
    top_key k = find_top(key);
    if (k == K_UNKNOWN || k == K_PAYOUT || k == K_ADDRESS || (seen & (1u << k)))
      return false;
    seen |= 1u << k;
    od::value v = kv.value();
    bool ok = true;
    switch (k) {
    case K_TYPE: {
      std::string_view t;
      ok = !v.get_string().get(t) && t == "event";
      is_event = ok;
      break;
    }
    case K_SUBJECT: {
      /* an id written without escapes is pointed at where it is written
       * (a string token with no backslash up to its closing quote is the
       * same bytes as the string read): a caller that keeps its lines
       * need not copy it (event_prepare) */
      std::string_view raw = v.raw_json_token();
      ok = plain_value(v, nul, &out->subject);
      size_t len = out->subject.s.len;
      if (ok && out->subject.type == FIELD_STRING && len && raw.size() > len + 1 && raw[0] == '"' &&
          raw[len + 1] == '"' && !std::memchr(raw.data() + 1, '\\', len))
        out->subject.s.ptr = raw.data() + 1;
      break;
    }
    case K_TS: ok = plain_value(v, nul, &out->ts); break;
    case K_KIND: ok = plain_value(v, nul, &out->kind); break;
    case K_IP: ok = plain_value(v, nul, &out->ip); break;
    case K_USER_AGENT: ok = plain_value(v, nul, &out->user_agent); break;
    case K_DEVICE_ID: ok = plain_value(v, nul, &out->device_id); break;
    case K_TZ_OFFSET_MIN: ok = plain_value(v, nul, &out->tz_offset_min); break;
    case K_TZ_NAME: ok = plain_value(v, nul, &out->tz_name); break;
    case K_LANGUAGES: ok = plain_list(v, nul, a, &out->languages); break;
    case K_REMOTE_TOOLS: ok = plain_list(v, nul, a, &out->remote_tools); break;
    case K_USB_DEVICES: ok = plain_list(v, nul, a, &out->usb_devices); break;
    case K_VM: ok = plain_value(v, nul, &out->vm); break;
    case K_COUNTERPART: ok = plain_value(v, nul, &out->counterpart); break;
    default: ok = false; break;
    }
    if (!ok)
      return false;
  }
  return is_event;
}

/* Whether line holds the bytes "event" (with the quotes): the plain
 * reader takes only "type":"event" records, so a line without them (a
 * subject) need not be scanned by it (one written with escapes is read by
 * the DOM path, the same way).  memmem: a search for the quote alone
 * stops at every key. */
bool maybe_event(vet_str line)
{
  return line.ptr && memmem(line.ptr, line.len, "\"event\"", 7) != nullptr;
}

/* A line the plain reader may read: an object (as parse_line), not over
 * its size limit. */
bool plain_candidate(vet_str line)
{
  return line.ptr && line.len >= 2 && line.len <= kMaxLine && line.ptr[0] == '{';
}

/* A plain event line (see the file comment) into *out; false to decline
 * it to the DOM path. */
bool read_plain_event(struct event_fast *f, vet_str line, size_t cap, vet_arena *a, event_fields *out)
{
  /* padded (an unpadded line is copied by parse_line) */
  if (!f || !plain_candidate(line) || cap < line.len || cap - line.len < simdjson::SIMDJSON_PADDING)
    return false;
  od::document doc;
  od::object obj;
  if (f->od.iterate(line.ptr, line.len, cap).get(doc) || doc.get_object().get(obj) ||
      !plain_object(obj, may_hold_nul(line), a, out))
    return false;
  /* nothing after the object: the iterator has no token left */
  return doc.current_location().error() == simdjson::OUT_OF_BOUNDS;
}

/* Lines read in one pass at most (the pass's buffer is the parser's: its
 * capacity grows to the longest run read). */
constexpr size_t kMaxRun = 1u << 20;

/* See event_plain_run (subject_int.h). */
size_t plain_run(struct event_fast *f, const vet_str *lines, size_t n, size_t cap, vet_arena *a,
                 plain_line_fn fn, void *ctx, bool *taken)
{
  for (size_t i = 0; i < n; i++)
    taken[i] = false;
  if (!f || !n || !lines[0].ptr)
    return 0;
  /* the lines one after another, one '\n' between two: a string left
   * open by one line then holds a raw newline, which fails the pass */
  const char *base = lines[0].ptr;
  for (size_t i = 0; i + 1 < n; i++)
    if (!lines[i + 1].ptr || lines[i].ptr + lines[i].len + 1 != lines[i + 1].ptr || lines[i].ptr[lines[i].len] != '\n')
      return 0;
  size_t total = static_cast<size_t>(lines[n - 1].ptr + lines[n - 1].len - base);
  if (total > kMaxRun || cap < total || cap - total < simdjson::SIMDJSON_PADDING)
    return 0;
  /* a run that starts with another record (a file of subjects) is not
   * scanned for events: each line goes its own way at once */
  if (!maybe_event(lines[0]))
    return 0;
  od::document_stream stream;
  if (f->od.iterate_many(base, total, total + simdjson::SIMDJSON_PADDING).get(stream))
    return 0;
  bool nul = may_hold_nul(vet_str{base, total});
  size_t i = 0, took = 0;
  vet_str t = vet_str_trim(lines[0]);
  for (auto it = stream.begin(); it != stream.end() && i < n; ++it) {
    /* each document must start where its line does, and a document
     * taken must end where its line does (then the next one starts on
     * the next line); the first that does not ends the pass */
    if (base + it.current_index() != t.ptr || !plain_candidate(t))
      break;
    od::document_reference doc;
    od::object obj;
    event_fields ev;
    bool ok = !(*it).get(doc) && !doc.get_object().get(obj) && plain_object(obj, nul, a, &ev);
    vet_str next = i + 1 < n ? vet_str_trim(lines[i + 1]) : vet_str{nullptr, 0};
    if (ok) {
      auto at = doc.current_location();
      ok = next.ptr ? !at.error() && at.value_unsafe() == next.ptr : at.error() == simdjson::OUT_OF_BOUNDS;
    }
    if (ok) {
      if (!fn(ctx, i, &ev)) /* out of memory: the caller stops */
        return took;
      taken[i] = true;
      took++;
    }
    i++;
    t = next;
  }
  return took;
}

/* Parse line into f's document: its top-level object, or false. */
bool parse_line(struct event_fast *f, vet_str line, size_t cap, simdjson::dom::object *out)
{
  /* jansson takes an object or an array only; a byte-order mark or other
   * leading bytes are left to it too */
  if (!f || !line.ptr || line.len < 2 || line.len > kMaxLine || line.ptr[0] != '{')
    return false;
  element doc;
  if (f->parser.parse(line.ptr, line.len, cap < line.len || cap - line.len < simdjson::SIMDJSON_PADDING).get(doc))
    return false;
  return !doc.get(*out);
}

} // namespace

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
  try {
    simdjson::dom::object obj;
    return parse_line(f, line, cap, &obj) && read_event(obj, a, out);
  } catch (...) {
    return false;
  }
}

extern "C" bool event_plain_parse(struct event_fast *f, vet_str line, size_t cap, struct vet_arena *a,
                                  struct event_fields *out)
{
  try {
    return read_plain_event(f, line, cap, a, out);
  } catch (...) {
    return false;
  }
}

extern "C" size_t event_plain_run(struct event_fast *f, const vet_str *lines, size_t n, size_t cap,
                                  struct vet_arena *a, plain_line_fn fn, void *ctx, bool *taken)
{
  try {
    return plain_run(f, lines, n, cap, a, fn, ctx, taken);
  } catch (...) {
    return 0; /* the lines not taken (every one, if it threw before) are read one by one */
  }
}

extern "C" enum fast_record record_fast_parse(struct event_fast *f, vet_str line, size_t cap, struct vet_arena *a,
                                              struct event_fields *ev, struct subject_fields *subj)
{
  try {
    /* other records (subjects) skip the plain reader's pass */
    if (maybe_event(line) && read_plain_event(f, line, cap, a, ev))
      return FAST_EVENT;
    simdjson::dom::object obj;
    if (!parse_line(f, line, cap, &obj))
      return FAST_DECLINED;
    /* the record's kind by its first "type" (a second one is declined by
     * the reader): "event" is an event, anything else may be a subject
     * (read_subject declines what is not) */
    bool event = false;
    for (simdjson::dom::key_value_pair kv : obj)
      if (kv.key == "type") {
        event = kv.value.type() == element_type::STRING && kv.value.get_string().value_unsafe() == "event";
        break;
      }
    if (event)
      return read_event(obj, a, ev) ? FAST_EVENT : FAST_DECLINED;
    return read_subject(obj, a, subj) ? FAST_SUBJECT : FAST_DECLINED;
  } catch (...) {
    return FAST_DECLINED;
  }
}
