/* subject/fast_int.hh - what the fast readers of event lines
 * (event_fast.cc) and subject lines (subject_fast.cc) share: the simdjson
 * parser behind a struct event_fast, the limits past which a line is left
 * to jansson, and the checks that a value reads as jansson (with
 * JSON_REJECT_DUPLICATES) would read it: no duplicate key, no NUL in a
 * string or key, no integer above INT64_MAX, nesting within kMaxDepth.
 * Every reader here returns false ("decline: use jansson") when it is not
 * sure; field-level type problems are not declined but passed on as the
 * field's type, for the rules of parse.c to report.
 *
 * A string read here points into simdjson's document (unescaped there,
 * valid until the parser's next parse) unless a copy arena is given: then
 * it is copied there (a subject's strings must outlive the line).
 * Owns: nothing (struct event_fast owns its parser).
 * Thread-safety: one thread at a time per struct event_fast. */
#ifndef VET_SUBJECT_FAST_INT_HH
#define VET_SUBJECT_FAST_INT_HH

#include <simdjson.h>

#include <cstdint>
#include <cstring>
#include <string_view>

extern "C" {
#include "subject/subject_int.h"
}

struct event_fast {
  simdjson::dom::parser parser;
  simdjson::ondemand::parser od; /* the plain event lines (event_fast.cc) */
};

namespace vet_fast {

/* Longest line read here; longer ones (a rare record with a huge payload)
 * go to jansson, and simdjson's buffers stay small. */
constexpr size_t kMaxLine = 64 * 1024;
/* Keys of one object checked for duplicates here (pairwise); objects with
 * more go to jansson. */
constexpr size_t kMaxKeys = 64;
/* Nesting below the record checked here; deeper values go to jansson. */
constexpr int kMaxDepth = 32;

using simdjson::dom::element;
using simdjson::dom::element_type;

/* k is name (compared with a constant length: no library call); the
 * caller has checked k's length. */
template <size_t N> inline bool is_key(std::string_view k, const char (&name)[N])
{
  return std::memcmp(k.data(), name, N - 1) == 0;
}

/* Index of k in names[0..n), or n. */
inline size_t find_key(const std::string_view *names, size_t n, std::string_view k)
{
  for (size_t i = 0; i < n; i++)
    if (names[i] == k)
      return i;
  return n;
}

inline bool has_nul(std::string_view s) { return s.size() && std::memchr(s.data(), 0, s.size()) != nullptr; }

/* A string of the document, as long as jansson would take it: a view
 * into the document, or a copy in copy when given (false when out of
 * memory). */
inline bool view_str(std::string_view s, vet_arena *copy, vet_str *out)
{
  if (has_nul(s))
    return false;
  if (s.empty()) {
    *out = vet_str{"", 0};
    return true;
  }
  if (!copy) {
    *out = vet_str{s.data(), s.size()};
    return true;
  }
  auto *p = static_cast<char *>(vet_arena_alloc(copy, s.size()));
  if (!p)
    return false;
  std::memcpy(p, s.data(), s.size());
  *out = vet_str{p, s.size()};
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

/* A value no field of ours reads, depth levels below the record: true
 * when jansson would take it as simdjson did (see the file comment). */
inline bool check_value(element v, int depth)
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

/* A field's value (depth levels below the record) as parse.c sees it;
 * arrays and objects are only typed (their content checked, not kept).
 * Strings copied into copy when given. */
inline bool read_value(element v, int depth, vet_arena *copy, field_val *out)
{
  *out = field_val{};
  switch (v.type()) {
  case element_type::STRING:
    out->type = FIELD_STRING;
    return view_str(v.get_string().value_unsafe(), copy, &out->s);
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
    return check_value(v, depth);
  case element_type::OBJECT:
    out->type = FIELD_OBJECT;
    return check_value(v, depth);
  }
  return false;
}

/* out as a FIELD_ARRAY of n items, their array in a: the array to fill
 * (nullptr and no array for n = 0, which is no failure: *ok stays true);
 * *ok false when out of memory.  Both list readers keep their items so. */
inline vet_str *list_items(vet_arena *a, size_t n, field_val *out, bool *ok)
{
  *out = field_val{};
  out->type = FIELD_ARRAY;
  *ok = true;
  if (!n)
    return nullptr;
  auto *items = static_cast<vet_str *>(vet_arena_alloc(a, n * sizeof(vet_str)));
  if (!items) {
    *ok = false;
    return nullptr;
  }
  out->items = items;
  out->n = static_cast<uint32_t>(n);
  return items;
}

/* A list-of-strings field: an array of strings and nulls is kept item by
 * item (the array in a, the strings in copy when given); an array holding
 * anything else, or too many items, is declined (jansson's path reports
 * it). */
inline bool read_list(element v, int depth, vet_arena *a, vet_arena *copy, field_val *out)
{
  simdjson::dom::array arr;
  if (v.type() != element_type::ARRAY || v.get(arr))
    return read_value(v, depth, copy, out);
  size_t n = 0;
  for (element x : arr) {
    (void)x;
    if (++n > SUBJECT_MAX_ITEMS)
      return false;
  }
  bool ok;
  vet_str *items = list_items(a, n, out, &ok);
  if (!items)
    return ok;
  size_t i = 0;
  for (element x : arr) {
    if (x.type() == element_type::NULL_VALUE)
      items[i] = vet_str{nullptr, 0};
    else if (x.type() != element_type::STRING || !view_str(x.get_string().value_unsafe(), copy, &items[i]))
      return false;
    i++;
  }
  return true;
}

/* An object (depth levels below the record) with known keys names[0..n)
 * (n <= 32) read into vals[0..n) (all ABSENT first); other keys checked
 * as values nobody reads. */
inline bool read_object(element v, int depth, const std::string_view *names, size_t n, vet_arena *copy,
                        field_val *vals)
{
  for (size_t i = 0; i < n; i++)
    vals[i] = field_val{};
  uint32_t seen = 0;
  other_keys others;
  simdjson::dom::object obj;
  if (depth >= kMaxDepth || v.get(obj))
    return false;
  for (simdjson::dom::key_value_pair kv : obj) {
    size_t k = find_key(names, n, kv.key);
    if (k == n) {
      if (!others.add(kv.key) || !check_value(kv.value, depth + 1))
        return false;
      continue;
    }
    if (seen & (1u << k))
      return false;
    seen |= 1u << k;
    if (!read_value(kv.value, depth + 1, copy, &vals[k]))
      return false;
  }
  return true;
}

/* The record of a line (event_fast.cc, subject_fast.cc): false to
 * decline it. */
bool read_event(simdjson::dom::object obj, vet_arena *a, event_fields *out);
bool read_subject(simdjson::dom::object obj, vet_arena *a, subject_fields *out);

} // namespace vet_fast

#endif
