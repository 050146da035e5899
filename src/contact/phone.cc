/* contact/phone.cc - the C++ shim between Vetter's C API (vetter/phone.h)
 * and libphonenumber's PhoneNumberUtil: parsing, validity and line type.
 * The line type and region come from the RE2 classifier of
 * contact/phone_meta.cc, which gives libphonenumber's answers several
 * times faster; libphonenumber's own GetNumberType answers when that
 * classifier cannot.  Likewise numbers written as digits only ("+"
 * and digits, or a national form under the default region) are read by
 * shortcuts that give Parse's PhoneNumber (phone_meta.cc replays its
 * rules), and by Parse when they cannot be sure.  Nothing thrown inside
 * it leaves it: every entry point catches, and std::bad_alloc becomes
 * VET_ENOMEM.
 * Owns: nothing; libphonenumber owns its singleton and phone_meta.cc its
 * tables (each made once, kept for the process).
 * Thread-safety: safe from any thread (see vetter/phone.h). */
#include <cstring>
#include <list>
#include <mutex>
#include <new>
#include <string>

#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumberutil.h>

extern "C" {
#include "vetter/error.h"
#include "vetter/str.h"
}
#include "vetter/phone.h"

#include "contact/phone_meta.h"

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

namespace {

/* libphonenumber's region for "no region": national forms then fail. */
const char kUnknownRegion[] = "ZZ";
/* The region libphonenumber gives non-geographic numbers (+800, +882). */
const char kNonGeoRegion[] = "001";

struct type_row {
  PhoneNumberUtil::PhoneNumberType lib;
  enum vet_phone_type ours;
};

const type_row kTypes[] = {
    {PhoneNumberUtil::FIXED_LINE, VET_PHONE_FIXED_LINE},
    {PhoneNumberUtil::MOBILE, VET_PHONE_MOBILE},
    {PhoneNumberUtil::FIXED_LINE_OR_MOBILE, VET_PHONE_FIXED_OR_MOBILE},
    {PhoneNumberUtil::TOLL_FREE, VET_PHONE_TOLL_FREE},
    {PhoneNumberUtil::PREMIUM_RATE, VET_PHONE_PREMIUM_RATE},
    {PhoneNumberUtil::SHARED_COST, VET_PHONE_SHARED_COST},
    {PhoneNumberUtil::VOIP, VET_PHONE_VOIP},
    {PhoneNumberUtil::PERSONAL_NUMBER, VET_PHONE_PERSONAL_NUMBER},
    {PhoneNumberUtil::PAGER, VET_PHONE_PAGER},
    {PhoneNumberUtil::UAN, VET_PHONE_UAN},
    {PhoneNumberUtil::VOICEMAIL, VET_PHONE_VOICEMAIL},
};

enum vet_phone_type map_type(PhoneNumberUtil::PhoneNumberType t)
{
  for (const type_row &r : kTypes)
    if (r.lib == t)
      return r.ours;
  return VET_PHONE_UNKNOWN;
}

const char *parse_error_text(PhoneNumberUtil::ErrorType err)
{
  switch (err) {
  case PhoneNumberUtil::INVALID_COUNTRY_CODE_ERROR:
    return "invalid country code";
  case PhoneNumberUtil::NOT_A_NUMBER:
    return "not a number";
  case PhoneNumberUtil::TOO_SHORT_AFTER_IDD:
    return "too short after the international prefix";
  case PhoneNumberUtil::TOO_SHORT_NSN:
    return "too short";
  case PhoneNumberUtil::TOO_LONG_NSN:
    return "too long";
  default:
    return "cannot be parsed";
  }
}

/* The text after leading blanks starts with "00" (the ITU international
 * prefix): "+" and the rest, for a retry without a default region. */
bool idd_as_plus(const std::string &text, std::string *out)
{
  size_t i = text.find_first_not_of(" \t");
  if (i == std::string::npos || text.compare(i, 2, "00") != 0)
    return false;
  *out = "+" + text.substr(i + 2);
  return true;
}

/* The region argument in libphonenumber's form: "ZZ" for none, else two
 * upper-case ASCII letters; false when it is neither. */
bool region_arg(const char *in, char out[3])
{
  if (!in || !in[0]) {
    std::memcpy(out, kUnknownRegion, 3);
    return true;
  }
  for (int i = 0; i < 2; i++) {
    char c = in[i];
    if (c >= 'a' && c <= 'z')
      c = (char)(c - 'a' + 'A');
    if (c < 'A' || c > 'Z')
      return false;
    out[i] = c;
  }
  out[2] = 0;
  return in[2] == 0;
}

bool has_control(vet_str s)
{
  for (size_t i = 0; i < s.len; i++) {
    unsigned char c = (unsigned char)s.ptr[i];
    if (c < 0x20 && c != '\t')
      return true;
    if (c == 0x7f)
      return true;
  }
  return false;
}

/* The text with the punctuation libphonenumber would strip anyway removed
 * ("+48 601-234 567" -> "+48601234567") when it holds nothing else: its
 * regular expressions then run over fewer characters (about a third of
 * the parse time).  Text with letters (extensions) or other symbols is
 * passed as written. */
std::string compact(vet_str text)
{
  std::string out;
  out.reserve(text.len);
  for (size_t i = 0; i < text.len; i++) {
    char c = text.ptr[i];
    if (c >= '0' && c <= '9')
      out.push_back(c);
    else if (c == '+' && out.empty())
      out.push_back(c);
    else if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')' && c != '/')
      return std::string(text.len ? text.ptr : "", text.len);
  }
  return out;
}

/* An international number written as '+' and digits only (what compact()
 * leaves of "+48 601 234 567") is read without libphonenumber's parser,
 * whose regular expressions are half the cost of a number: rules
 * (phone_meta_parse_plus) does what Parse does with it: the calling code
 * is the first one to three digits that name one (calling codes are
 * prefix-free), a national prefix written after the code is dropped as
 * Parse drops it ("+7 8 912..." -> +7 912...), leading zeros are kept as
 * Italian leading zeros.  Without tables, the full parser.
 * tests/unit/test_phone.c and test_phone_meta.c compare the two paths. */
bool parse_e164(const struct phone_meta *rules, const std::string &in, PhoneNumber *num)
{
  return rules && !in.empty() && in[0] == '+' && phone_meta_parse_plus(*rules, in.data() + 1, in.size() - 1, num);
}

/* The line type and region of num as libphonenumber itself gives them:
 * GetNumberType, and the region GetRegionCodeForNumber finds (which
 * GetNumberType also uses). */
void classify_lib(const PhoneNumberUtil &util, const PhoneNumber &num, PhoneNumberUtil::PhoneNumberType *type,
                  std::string *region)
{
  *type = util.GetNumberType(num);
  /* most calling codes belong to one region: no pattern matching needed
   * then (+1, +7, +44 and a few others are shared and matched) */
  std::list<std::string> regions;
  util.GetRegionCodesForCountryCallingCode(num.country_code(), &regions);
  if (regions.size() == 1)
    *region = regions.front();
  else
    util.GetRegionCodeForNumber(num, region);
}

/* A number written in national form in the United States or Canada:
 * ten digits (compact() has removed the punctuation) whose first is 2-9
 * (an area code never starts with 0 or 1).  libphonenumber reads it as
 * calling code 1 and the ten digits (its national prefix for parsing
 * there is a leading 1, which such a number has not, and nothing else is
 * stripped); the regular expressions of its parser are skipped.
 * test_phone compares this with libphonenumber's parser on random
 * numbers of every first digit and length. */
bool parse_nanp_national(const std::string &in, const char region[3], PhoneNumber *num)
{
  if (in.size() != 10 || (std::strcmp(region, "US") != 0 && std::strcmp(region, "CA") != 0))
    return false;
  unsigned long long v = 0;
  for (char c : in) {
    if (c < '0' || c > '9')
      return false;
    v = v * 10 + (unsigned long long)(c - '0');
  }
  if (in[0] < '2')
    return false;
  num->set_country_code(1);
  num->set_national_number(v);
  return true;
}

/* The shortcuts, in order: "+" and digits, ten US/Canadian digits,
 * digits in national form; false when none can answer for sure, and the
 * caller asks libphonenumber's parser. */
bool parse_shortcut(const struct phone_meta *rules, const std::string &in, const char region[3], PhoneNumber *num)
{
  return parse_e164(rules, in, num) || parse_nanp_national(in, region, num) ||
         (rules && phone_meta_parse_national(*rules, in, region, num));
}

/* out from num: parsed, calling code, possible and E.164 always; when
 * full, also the line type, validity and region (the pattern matching,
 * most of the cost), from meta or, when it is NULL or cannot answer, from
 * libphonenumber. */
void fill(const PhoneNumberUtil &util, const struct phone_meta *meta, const PhoneNumber &num, bool full,
          struct vet_phone *out)
{
  out->parsed = true;
  out->country_code = num.country_code();
  out->possible = util.IsPossibleNumber(num);
  std::string e164;
  util.Format(num, PhoneNumberUtil::E164, &e164);
  vet_cstr_copy(out->e164, sizeof out->e164, e164.c_str());
  if (!full)
    return;
  /* GetNumberType is UNKNOWN exactly when IsValidNumber is false (both
   * test the national number against the region's type patterns), and the
   * pattern matching is most of the cost: run it once. */
  PhoneNumberUtil::PhoneNumberType t;
  const char *fast_region;
  std::string region;
  if (meta && phone_meta_classify(*meta, num, &t, &fast_region))
    region = fast_region;
  else
    classify_lib(util, num, &t, &region);
  out->valid = t != PhoneNumberUtil::UNKNOWN;
  out->type = out->valid ? map_type(t) : VET_PHONE_UNKNOWN;
  if (region.size() == 2 && region != kUnknownRegion && region != kNonGeoRegion)
    vet_cstr_copy(out->region, sizeof out->region, region.c_str());
}

} // namespace

/* The value of a type as the C caller passed it.  C lets any value of
 * the underlying integer type live in an enum, C++ only those its
 * enumerators' bits cover: reading the bytes is defined for both. */
static unsigned type_value(const enum vet_phone_type *t)
{
  static_assert(sizeof(enum vet_phone_type) == sizeof(unsigned), "C enums are int-sized");
  unsigned v;
  std::memcpy(&v, t, sizeof v);
  return v;
}

extern "C" const char *vet_phone_type_name(enum vet_phone_type t)
{
  static const char *const names[] = {
      "unknown",     "fixed_line", "mobile",          "fixed_or_mobile", "toll_free", "premium_rate",
      "shared_cost", "voip",       "personal_number", "pager",           "uan",       "voicemail",
  };
  unsigned i = type_value(&t);
  return i < sizeof names / sizeof names[0] ? names[i] : "unknown";
}

extern "C" bool vet_phone_type_is_virtual(enum vet_phone_type t)
{
  switch (type_value(&t)) {
  case VET_PHONE_VOIP:
  case VET_PHONE_PERSONAL_NUMBER:
  case VET_PHONE_PAGER:
  case VET_PHONE_UAN:
  case VET_PHONE_VOICEMAIL:
    return true;
  default:
    return false;
  }
}

/* vet_phone_parse, or vet_phone_parse_e164 when !full; the line type and
 * region from meta, or from libphonenumber when meta is NULL. */
static vet_err parse(vet_str text, const char *default_region, bool full, const struct phone_meta *meta,
                     bool shortcuts, struct vet_phone *out, struct vet_error *e)
{
  if (!out)
    return vet_fail(e, VET_EINVAL, "phone: no result struct");
  std::memset(out, 0, sizeof *out);
  char region[3];
  if (!region_arg(default_region, region))
    return vet_fail(e, VET_EINVAL, "phone: default region '%.8s' is not an alpha-2 code", default_region);
  if (text.len > VET_PHONE_MAX_TEXT)
    return vet_fail(e, VET_ELIMIT, "phone: text of %zu bytes is over the limit of %d", text.len,
                    VET_PHONE_MAX_TEXT);
  if (text.len && !text.ptr)
    return vet_fail(e, VET_EINVAL, "phone: text has a length but no bytes");
  /* libphonenumber assumes UTF-8; control bytes are no part of a number */
  if (!vet_utf8_valid(text, nullptr)) {
    vet_cstr_copy(out->error, sizeof out->error, "not valid UTF-8");
    return VET_OK;
  }
  if (has_control(text)) {
    vet_cstr_copy(out->error, sizeof out->error, "contains a control character");
    return VET_OK;
  }
  try {
    const PhoneNumberUtil &util = *PhoneNumberUtil::GetInstance();
    std::string in = compact(text);
    PhoneNumber num;
    /* the tables the shortcuts read numbers with: meta's (a test's
     * broken tables stay broken), else the process's */
    const struct phone_meta *rules = !shortcuts ? nullptr : meta ? meta : phone_meta_default();
    PhoneNumberUtil::ErrorType err = shortcuts && parse_shortcut(rules, in, region, &num)
                                         ? PhoneNumberUtil::NO_PARSING_ERROR
                                         : util.Parse(in, region, &num);
    std::string retry;
    if (err == PhoneNumberUtil::INVALID_COUNTRY_CODE_ERROR && std::strcmp(region, kUnknownRegion) == 0 &&
        idd_as_plus(in, &retry)) {
      PhoneNumber again;
      if (util.Parse(retry, region, &again) == PhoneNumberUtil::NO_PARSING_ERROR) {
        num = again;
        err = PhoneNumberUtil::NO_PARSING_ERROR;
      }
    }
    if (err != PhoneNumberUtil::NO_PARSING_ERROR) {
      vet_cstr_copy(out->error, sizeof out->error, parse_error_text(err));
      return VET_OK;
    }
    fill(util, meta, num, full, out);
    return VET_OK;
  } catch (const std::bad_alloc &) {
    std::memset(out, 0, sizeof *out);
    return vet_fail(e, VET_ENOMEM, "phone: out of memory in libphonenumber");
  } catch (...) {
    std::memset(out, 0, sizeof *out);
    vet_cstr_copy(out->error, sizeof out->error, "libphonenumber failed");
    return VET_OK;
  }
}

extern "C" vet_err vet_phone_parse(vet_str text, const char *default_region, struct vet_phone *out,
                                   struct vet_error *e)
{
  return parse(text, default_region, true, phone_meta_default(), true, out, e);
}

extern "C" vet_err vet_phone_parse_e164(vet_str text, const char *default_region, struct vet_phone *out,
                                        struct vet_error *e)
{
  return parse(text, default_region, false, nullptr, true, out, e);
}

extern "C" vet_err phone_parse_with(const struct phone_meta *m, vet_str text, const char *default_region,
                                    struct vet_phone *out, struct vet_error *e)
{
  return parse(text, default_region, true, m, true, out, e);
}

extern "C" vet_err phone_parse_lib(vet_str text, const char *default_region, struct vet_phone *out,
                                   struct vet_error *e)
{
  return parse(text, default_region, true, nullptr, false, out, e);
}

extern "C" int phone_parse_probe(const struct phone_meta *m, const char *text, const char *default_region)
{
  char region[3];
  if (!m || !text || !region_arg(default_region, region))
    return 0;
  try {
    const PhoneNumberUtil &util = *PhoneNumberUtil::GetInstance();
    std::string in = compact(vet_str_c(text));
    PhoneNumber fast, ref;
    if (!parse_shortcut(m, in, region, &fast))
      return 0;
    if (util.Parse(in, region, &ref) != PhoneNumberUtil::NO_PARSING_ERROR)
      return -1;
    return fast.SerializeAsString() == ref.SerializeAsString() ? 1 : -1;
  } catch (...) {
    return -1;
  }
}
