/* subject/subject_fast.cc - the fast reader of subject lines: a subject
 * record of a line that simdjson parsed (event_fast.cc, record_fast_parse)
 * read into the struct subject_fields that parse.c checks when the subject
 * is added (subject_add_fields), with the rules and messages of the jansson
 * path.
 *
 * As for events (see event_fast.cc and fast_int.hh), it takes only what
 * jansson with JSON_REJECT_DUPLICATES would read the same way and declines
 * the rest to jansson: a duplicate key at any depth, a NUL in a string or
 * key, an integer above INT64_MAX, a list of strings holding anything but
 * strings and nulls, an array of more than SUBJECT_MAX_ITEMS items, a
 * "type" other than "subject" (or null with an "id"), and the limits of
 * fast_int.hh.  A value of the wrong type (a number for a name, an object
 * for a list, an address that is not an object) is passed on as its type
 * and parse.c reports it.
 *
 * Ownership: the subject is checked later, on the population's thread and
 * in input order, after the parser has read other lines; so every string
 * and array of the record is copied into the caller's arena (the line
 * parser's result arena, preparse.c), which keeps them until the result
 * is cleared.  parse.c then copies what it keeps into the population.
 * Owns: nothing.
 * Thread-safety: one thread at a time per struct event_fast. */
#include "subject/fast_int.hh"

namespace {

using namespace vet_fast;

/* The fields of a subject, bit i of a mask for field i. */
enum subject_key : int {
  S_TYPE, S_ID, S_KIND, S_NAME, S_DISPLAY_NAME, S_ALIASES, S_BIRTH_DATE, S_NATIONALITY, S_COUNTRY, S_CITY,
  S_TIMEZONE, S_LANGUAGES, S_EMAILS, S_PHONES, S_ADDRESSES, S_DOCUMENTS, S_PAYOUTS, S_EMPLOYER, S_PHOTO_PHASH,
  S_PHOTO, S_TEXT, S_LINKS, S_CREATED_AT, S_UNKNOWN
};
static_assert(S_UNKNOWN <= 32, "the fields of a subject must fit a mask");

const std::string_view kAddressKeys[] = {"kind", "country", "text"};
const std::string_view kDocumentKeys[] = {"kind", "mrz", "number", "issuing_country", "name", "birth_date",
                                          "nationality", "sex", "expiry_date", "image_phash"};
const std::string_view kPayoutKeys[] = {"kind", "holder", "country", "account", "currency", "address"};
const std::string_view kTextKeys[] = {"headline", "bio", "resume"};
const std::string_view kLinksKeys[] = {"github", "linkedin", "website"};

/* The field a key names, by length first. */
subject_key find_subject_key(std::string_view k)
{
  switch (k.size()) {
  case 2:
    return is_key(k, "id") ? S_ID : S_UNKNOWN;
  case 4:
    return is_key(k, "type")   ? S_TYPE
           : is_key(k, "kind") ? S_KIND
           : is_key(k, "name") ? S_NAME
           : is_key(k, "city") ? S_CITY
           : is_key(k, "text") ? S_TEXT
                               : S_UNKNOWN;
  case 5:
    return is_key(k, "photo") ? S_PHOTO : is_key(k, "links") ? S_LINKS : S_UNKNOWN;
  case 6:
    return is_key(k, "emails") ? S_EMAILS : is_key(k, "phones") ? S_PHONES : S_UNKNOWN;
  case 7:
    return is_key(k, "aliases")   ? S_ALIASES
           : is_key(k, "country") ? S_COUNTRY
           : is_key(k, "payouts") ? S_PAYOUTS
                                  : S_UNKNOWN;
  case 8:
    return is_key(k, "timezone") ? S_TIMEZONE : is_key(k, "employer") ? S_EMPLOYER : S_UNKNOWN;
  case 9:
    return is_key(k, "languages")   ? S_LANGUAGES
           : is_key(k, "addresses") ? S_ADDRESSES
           : is_key(k, "documents") ? S_DOCUMENTS
                                    : S_UNKNOWN;
  case 10:
    return is_key(k, "birth_date") ? S_BIRTH_DATE : is_key(k, "created_at") ? S_CREATED_AT : S_UNKNOWN;
  case 11:
    return is_key(k, "nationality") ? S_NATIONALITY : is_key(k, "photo_phash") ? S_PHOTO_PHASH : S_UNKNOWN;
  case 12:
    return is_key(k, "display_name") ? S_DISPLAY_NAME : S_UNKNOWN;
  default:
    return S_UNKNOWN;
  }
}

/* The fields of one item, in the order of the key lists above. */
address_fields make_address(const field_val *f) { return address_fields{f[0], f[1], f[2]}; }

document_fields make_document(const field_val *f)
{
  return document_fields{f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9]};
}

payout_fields make_payout(const field_val *f) { return payout_fields{f[0], f[1], f[2], f[3], f[4], f[5]}; }

/* An array-of-objects field: each object item read with the keys names
 * into an item T (made by make) of an array in a; an item that is not an
 * object only makes all_objects false (the rules then fail the field). */
template <typename T, size_t N>
bool read_objs(element v, vet_arena *a, const std::string_view (&names)[N], T (*make)(const field_val *),
               objs_field *out)
{
  *out = objs_field{};
  simdjson::dom::array arr;
  if (v.type() != element_type::ARRAY || v.get(arr))
    return read_value(v, 1, a, &out->v);
  size_t n = arr.size(); /* saturates at 0xFFFFFF: still over the limit */
  if (n > SUBJECT_MAX_ITEMS)
    return false;
  out->v.type = FIELD_ARRAY;
  out->v.n = static_cast<uint32_t>(n);
  out->all_objects = true;
  if (!n)
    return true;
  auto *items = static_cast<T *>(vet_arena_alloc(a, n * sizeof(T)));
  if (!items)
    return false;
  size_t i = 0;
  for (element x : arr) {
    if (i == n)
      return false; /* more items than counted: not expected of simdjson, but never written past */
    if (x.type() == element_type::OBJECT) {
      field_val f[N];
      if (!read_object(x, 2, names, N, a, f))
        return false;
      items[i] = make(f);
    } else {
      out->all_objects = false;
      if (!check_value(x, 2))
        return false;
    }
    i++;
  }
  if (i != n)
    return false;
  out->items = out->all_objects ? items : nullptr;
  return true;
}

/* An object field whose known keys go to vals (text, links): the object's
 * own value, and its fields when it is an object. */
template <size_t N>
bool read_nested(element v, vet_arena *a, const std::string_view (&names)[N], field_val *obj, field_val *vals)
{
  if (v.type() != element_type::OBJECT) {
    for (size_t i = 0; i < N; i++)
      vals[i] = field_val{};
    return read_value(v, 1, a, obj);
  }
  *obj = field_val{};
  obj->type = FIELD_OBJECT;
  return read_object(v, 1, names, N, a, vals);
}

} // namespace

namespace vet_fast {

bool read_subject(simdjson::dom::object obj, vet_arena *a, subject_fields *out)
{
  *out = subject_fields{};
  uint32_t seen = 0;
  bool type_subject = false; /* "type":"subject"; else absent or null, and an "id" is needed */
  other_keys others;
  for (simdjson::dom::key_value_pair kv : obj) {
    subject_key k = find_subject_key(kv.key);
    if (k == S_UNKNOWN) {
      if (!others.add(kv.key) || !check_value(kv.value, 1))
        return false;
      continue;
    }
    if (seen & (1u << k))
      return false;
    seen |= 1u << k;
    element v = kv.value;
    bool ok = true;
    field_val f[3];
    switch (k) {
    case S_TYPE:
      type_subject = v.type() == element_type::STRING && v.get_string().value_unsafe() == "subject";
      ok = type_subject || v.type() == element_type::NULL_VALUE;
      break;
    case S_ID: ok = read_value(v, 1, a, &out->id); break;
    case S_KIND: ok = read_value(v, 1, a, &out->kind); break;
    case S_NAME: ok = read_value(v, 1, a, &out->name); break;
    case S_DISPLAY_NAME: ok = read_value(v, 1, a, &out->display_name); break;
    case S_ALIASES: ok = read_list(v, 1, a, a, &out->aliases); break;
    case S_BIRTH_DATE: ok = read_value(v, 1, a, &out->birth_date); break;
    case S_NATIONALITY: ok = read_value(v, 1, a, &out->nationality); break;
    case S_COUNTRY: ok = read_value(v, 1, a, &out->country); break;
    case S_CITY: ok = read_value(v, 1, a, &out->city); break;
    case S_TIMEZONE: ok = read_value(v, 1, a, &out->timezone); break;
    case S_LANGUAGES: ok = read_list(v, 1, a, a, &out->languages); break;
    case S_EMAILS: ok = read_list(v, 1, a, a, &out->emails); break;
    case S_PHONES: ok = read_list(v, 1, a, a, &out->phones); break;
    case S_ADDRESSES: ok = read_objs(v, a, kAddressKeys, make_address, &out->addresses); break;
    case S_DOCUMENTS: ok = read_objs(v, a, kDocumentKeys, make_document, &out->documents); break;
    case S_PAYOUTS: ok = read_objs(v, a, kPayoutKeys, make_payout, &out->payouts); break;
    case S_EMPLOYER: ok = read_value(v, 1, a, &out->employer); break;
    case S_PHOTO_PHASH: ok = read_value(v, 1, a, &out->photo_phash); break;
    case S_PHOTO: ok = read_value(v, 1, a, &out->photo); break;
    case S_TEXT:
      ok = read_nested(v, a, kTextKeys, &out->text, f);
      out->headline = f[0];
      out->bio = f[1];
      out->resume = f[2];
      break;
    case S_LINKS:
      ok = read_nested(v, a, kLinksKeys, &out->links, f);
      out->github = f[0];
      out->linkedin = f[1];
      out->website = f[2];
      break;
    case S_CREATED_AT: ok = read_value(v, 1, a, &out->created_at); break;
    case S_UNKNOWN:
      break;
    }
    if (!ok)
      return false;
  }
  return type_subject || (seen & (1u << S_ID));
}

} // namespace vet_fast
