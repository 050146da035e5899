/* contact/phone_meta.cc - a phone number's line type and region as
 * libphonenumber 8.12 gives them (PhoneNumberUtil::GetNumberType and
 * GetRegionCodeForNumber), without libphonenumber's ICU regular
 * expressions.
 *
 * Why: Debian builds libphonenumber with ICU regular expressions, and each
 * pattern test makes an ICU RegexMatcher and hashes the pattern text in its
 * RegExpCache: about 25 us a number, a fifth of `vetter check`'s time on
 * one thread.  Here the same patterns, read from libphonenumber's own
 * compiled-in metadata (the serialized PhoneMetadataCollection behind
 * i18n::phonenumbers::metadata_get()), are compiled once with RE2 (which
 * upstream supports as its regex backend, so the patterns are in its
 * dialect) and tested in libphonenumber's order: the possible lengths
 * first, then the national-number pattern, type by type as its
 * GetNumberTypeHelper does, and for calling codes that several regions
 * share (+1, +7, +44...) each region's leading digits or, without them, a
 * valid type, as GetRegionCodeForNumberFromRegionList does.  The region
 * order of a calling code is asked of libphonenumber itself.  A plan whose
 * pattern RE2 rejects, and any number the tables cannot represent, is
 * answered by libphonenumber (phone_meta_classify returns false).
 * tests/unit/test_phone_meta.c compares both on every example number and
 * 200,000 others.
 *
 * Owns: the tables (struct phone_meta): the plans, their compiled patterns
 * and the region order of every calling code.
 * Thread-safety: immutable once built; share freely.  The process's tables
 * are built once under std::call_once and kept for the process, like
 * libphonenumber's own singleton; RE2 objects are safe to match from many
 * threads at once. */
#include <array>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <new>
#include <set>
#include <string>
#include <vector>

#include <re2/re2.h>

#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumberutil.h>
#ifdef VET_HAVE_PHONE_METADATA
#include <phonenumbers/phonemetadata.pb.h>
#endif

#include "contact/phone_meta.h"

#ifdef VET_HAVE_PHONE_METADATA
/* Exported by libphonenumber.so (its generated metadata.cc); the header
 * that declares them, phonenumbers/metadata.h, is not installed. */
namespace i18n::phonenumbers {
int metadata_size();
const void *metadata_get();
} // namespace i18n::phonenumbers
#endif

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;
using Type = PhoneNumberUtil::PhoneNumberType;

namespace {

/* Calling codes have one to three digits. */
constexpr int kCallingCodes = 1000;
/* Longest national significant number the tables answer for: possible
 * lengths are kept as bits of a uint32_t.  Plans list lengths up to 17
 * (libphonenumber parses no longer number); a longer one is left to it. */
constexpr size_t kMaxNsn = 31;
/* GetRegionCodeForNumber's answers for "no region" and for the
 * non-geographic entities (+800, +882...). */
const char kUnknownRegion[] = "ZZ";
const char kNonGeoRegion[] = "001";
/* What phone_meta_new_broken puts in place of a plan's patterns: an
 * unclosed group, which RE2 rejects. */
const char kBrokenPattern[] = "(";

/* One PhoneNumberDesc: IsNumberMatchingDesc is "the length is possible and
 * the pattern matches all of the number". */
struct desc {
  uint32_t lengths = 0;    /* bit n: n-digit numbers may match; 0: none */
  std::unique_ptr<RE2> re; /* NULL: no pattern, matches nothing */
};

/* The types GetNumberTypeHelper tries after general_desc, in its order;
 * fixed line and mobile come last and are handled apart. */
constexpr size_t kSpecialTypes = 8;
const Type kSpecialOrder[kSpecialTypes] = {
    PhoneNumberUtil::PREMIUM_RATE, PhoneNumberUtil::TOLL_FREE,       PhoneNumberUtil::SHARED_COST,
    PhoneNumberUtil::VOIP,         PhoneNumberUtil::PERSONAL_NUMBER, PhoneNumberUtil::PAGER,
    PhoneNumberUtil::UAN,          PhoneNumberUtil::VOICEMAIL,
};

/* One numbering plan: a region ("GB") or a non-geographic entity ("001"
 * with its calling code). */
struct plan {
  std::string id;                          /* GetRegionCodeForNumber's answer */
  desc general;                            /* general_desc */
  std::array<desc, kSpecialTypes> special; /* in kSpecialOrder */
  desc fixed_line, mobile;
  bool same_mobile_and_fixed = false; /* same_mobile_and_fixed_line_pattern */
  bool has_leading = false;           /* leading_digits set (shared codes) */
  std::unique_ptr<RE2> leading;       /* when has_leading */
  bool fast = true;                   /* every pattern compiled, lengths kept */
};

/* A calling code: its plans in GetRegionCodesForCountryCallingCode's order
 * (the main region first), empty for codes no plan has. */
struct calling_code {
  std::vector<const plan *> plans;
  bool fast = true; /* false: a region without a plan here; ask libphonenumber */
};

} // namespace

struct phone_meta {
  std::vector<std::unique_ptr<plan>> plans;      /* in the metadata's order */
  std::array<calling_code, kCallingCodes> codes; /* by calling code */
  size_t fallbacks = 0;                          /* plans with fast false */
};

namespace {

/* IsNumberMatchingDesc on a national significant number of n digits. */
bool matches(const desc &d, const char *nsn, size_t n)
{
  if (!((d.lengths >> n) & 1u) || !d.re)
    return false;
  return d.re->Match(re2::StringPiece(nsn, n), 0, n, RE2::ANCHOR_BOTH, nullptr, 0);
}

/* GetNumberTypeHelper: general_desc must match, then the first special
 * type that matches names the number, then fixed line and mobile. */
Type type_of(const plan &p, const char *nsn, size_t n)
{
  if (!matches(p.general, nsn, n))
    return PhoneNumberUtil::UNKNOWN;
  for (size_t i = 0; i < kSpecialTypes; i++)
    if (matches(p.special[i], nsn, n))
      return kSpecialOrder[i];
  if (matches(p.fixed_line, nsn, n)) {
    if (p.same_mobile_and_fixed || matches(p.mobile, nsn, n))
      return PhoneNumberUtil::FIXED_LINE_OR_MOBILE;
    return PhoneNumberUtil::FIXED_LINE;
  }
  if (!p.same_mobile_and_fixed && matches(p.mobile, nsn, n))
    return PhoneNumberUtil::MOBILE;
  return PhoneNumberUtil::UNKNOWN;
}

/* GetNationalSignificantNumber: the Italian leading zeros, then the
 * national number in decimal.  false when longer than kMaxNsn. */
bool national_significant_number(const PhoneNumber &num, char out[kMaxNsn + 1], size_t *n)
{
  char digits[24]; /* a uint64_t has at most 20 */
  size_t nd = 0;
  uint64_t v = num.national_number();
  do {
    digits[nd++] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  size_t zeros = 0;
  if (num.italian_leading_zero() && num.number_of_leading_zeros() > 0)
    zeros = (size_t)num.number_of_leading_zeros();
  if (zeros > kMaxNsn || zeros + nd > kMaxNsn)
    return false;
  std::memset(out, '0', zeros);
  for (size_t i = 0; i < nd; i++)
    out[zeros + i] = digits[nd - 1 - i];
  *n = zeros + nd;
  out[*n] = 0;
  return true;
}

#ifdef VET_HAVE_PHONE_METADATA
using i18n::phonenumbers::PhoneMetadata;
using i18n::phonenumbers::PhoneMetadataCollection;
using i18n::phonenumbers::PhoneNumberDesc;

/* pattern compiled, or NULL when RE2 rejects it */
std::unique_ptr<RE2> compile(const std::string &pattern)
{
  RE2::Options opt;
  opt.set_log_errors(false);
  auto re = std::make_unique<RE2>(pattern, opt);
  if (!re->ok())
    return nullptr;
  return re;
}

/* The possible lengths of d as bits.  An empty list means "as general_desc"
 * (libphonenumber then skips the length test, and GetNumberTypeHelper has
 * already required general_desc's lengths: the same answer); -1 alone
 * means "no numbers of this type" and sets no bit.  false for a length the
 * bits cannot hold. */
bool lengths_of(const PhoneNumberDesc &d, uint32_t inherited, uint32_t *out)
{
  if (d.possible_length_size() == 0) {
    *out = inherited;
    return true;
  }
  uint32_t bits = 0;
  for (int32_t len : d.possible_length()) {
    if (len == -1)
      continue;
    if (len < 0 || (size_t)len > kMaxNsn)
      return false;
    bits |= 1u << len;
  }
  *out = bits;
  return true;
}

/* d compiled into out; false when RE2 rejects the pattern or a length
 * does not fit.  An empty pattern matches nothing (RegexBasedMatcher). */
bool build_desc(const PhoneNumberDesc &d, uint32_t inherited, bool broken, desc *out)
{
  if (!lengths_of(d, inherited, &out->lengths))
    return false;
  const std::string &pattern = broken ? std::string(kBrokenPattern) : d.national_number_pattern();
  if (pattern.empty())
    return true;
  out->re = compile(pattern);
  return out->re != nullptr;
}

std::unique_ptr<plan> build_plan(const PhoneMetadata &m, bool broken)
{
  auto p = std::make_unique<plan>();
  p->id = m.id();
  p->same_mobile_and_fixed = m.same_mobile_and_fixed_line_pattern();
  /* general_desc without lengths: libphonenumber tests no length */
  bool ok = build_desc(m.general_desc(), ~0u, broken, &p->general);
  uint32_t general = p->general.lengths;
  const PhoneNumberDesc *special[kSpecialTypes] = {
      &m.premium_rate(), &m.toll_free(), &m.shared_cost(), &m.voip(),
      &m.personal_number(), &m.pager(), &m.uan(), &m.voicemail(),
  };
  for (size_t i = 0; i < kSpecialTypes; i++)
    ok = build_desc(*special[i], general, broken, &p->special[i]) && ok;
  ok = build_desc(m.fixed_line(), general, broken, &p->fixed_line) && ok;
  ok = build_desc(m.mobile(), general, broken, &p->mobile) && ok;
  if (m.has_leading_digits()) {
    p->has_leading = true;
    p->leading = compile(broken ? std::string(kBrokenPattern) : m.leading_digits());
    ok = p->leading != nullptr && ok;
  }
  p->fast = ok;
  return p;
}

/* The tables, with the plans named broken made to fail (tests); NULL when
 * the metadata does not parse.  Throws std::bad_alloc. */
std::unique_ptr<phone_meta> build(const char *broken)
{
  PhoneMetadataCollection all;
  if (!all.ParseFromArray(i18n::phonenumbers::metadata_get(), i18n::phonenumbers::metadata_size()))
    return nullptr;
  auto meta = std::make_unique<phone_meta>();
  /* as PhoneNumberUtil's maps: the first plan of an id (or, for "001", of
   * a calling code) wins, and "ZZ" is no plan */
  std::map<std::string, const plan *> regions;
  std::map<int, const plan *> non_geo;
  for (const PhoneMetadata &m : all.metadata()) {
    if (m.id() == kUnknownRegion)
      continue;
    auto p = build_plan(m, broken && m.id() == broken);
    if (!p->fast)
      meta->fallbacks++;
    if (m.id() == kNonGeoRegion)
      non_geo.emplace(m.country_code(), p.get());
    else
      regions.emplace(m.id(), p.get());
    meta->plans.push_back(std::move(p));
  }
  const PhoneNumberUtil &util = *PhoneNumberUtil::GetInstance();
  for (int cc = 0; cc < kCallingCodes; cc++) {
    std::list<std::string> ids;
    util.GetRegionCodesForCountryCallingCode(cc, &ids);
    calling_code &code = meta->codes[(size_t)cc];
    for (const std::string &id : ids) {
      const plan *p = nullptr;
      if (id == kNonGeoRegion) {
        /* libphonenumber looks a shared code's regions up among the
         * geographic plans only; "001" there is not ours to guess */
        auto it = non_geo.find(cc);
        if (ids.size() == 1 && it != non_geo.end())
          p = it->second;
      } else {
        auto it = regions.find(id);
        if (it != regions.end())
          p = it->second;
      }
      if (!p) {
        code.fast = false;
        code.plans.clear();
        break;
      }
      code.plans.push_back(p);
    }
  }
  return meta;
}
#else
std::unique_ptr<phone_meta> build(const char *) { return nullptr; }
#endif

} // namespace

bool phone_meta_classify(const struct phone_meta &m, const PhoneNumber &num, Type *type, const char **region)
{
  int cc = num.country_code();
  if (cc < 0 || cc >= kCallingCodes)
    return false;
  const calling_code &code = m.codes[(size_t)cc];
  if (!code.fast)
    return false;
  char nsn[kMaxNsn + 1];
  size_t n;
  if (!national_significant_number(num, nsn, &n))
    return false;
  /* GetRegionCodeForNumber, then GetNumberType on that region's plan */
  const plan *found = nullptr;
  Type t = PhoneNumberUtil::UNKNOWN;
  if (code.plans.size() == 1) {
    found = code.plans[0];
    if (!found->fast)
      return false;
    t = type_of(*found, nsn, n);
  } else {
    for (const plan *p : code.plans) {
      if (!p->fast)
        return false;
      if (p->has_leading) {
        /* a prefix match, as libphonenumber's RegExp::Consume */
        if (p->leading->Match(re2::StringPiece(nsn, n), 0, n, RE2::ANCHOR_START, nullptr, 0)) {
          found = p;
          t = type_of(*p, nsn, n);
          break;
        }
      } else if ((t = type_of(*p, nsn, n)) != PhoneNumberUtil::UNKNOWN) {
        found = p;
        break;
      }
    }
  }
  if (!found) {
    /* no region: GetNumberType finds no plan and says UNKNOWN */
    *type = PhoneNumberUtil::UNKNOWN;
    *region = kUnknownRegion;
    return true;
  }
  *type = t;
  *region = found->id.c_str();
  return true;
}

extern "C" const struct phone_meta *phone_meta_default(void)
{
  static std::once_flag once;
  static const phone_meta *tables;
  std::call_once(once, [] {
    try {
      tables = build(nullptr).release();
    } catch (...) {
      tables = nullptr; /* libphonenumber's path answers alike */
    }
  });
  return tables;
}

extern "C" struct phone_meta *phone_meta_new_broken(const char *broken)
{
  try {
    return build(broken ? broken : "").release();
  } catch (...) {
    return nullptr;
  }
}

extern "C" void phone_meta_free(struct phone_meta *m)
{
  delete m;
}

extern "C" size_t phone_meta_entities(const struct phone_meta *m)
{
  return m ? m->plans.size() : 0;
}

extern "C" size_t phone_meta_fallbacks(const struct phone_meta *m)
{
  return m ? m->fallbacks : 0;
}

extern "C" size_t phone_examples(void (*fn)(const char *e164, void *arg), void *arg)
{
  size_t calls = 0;
  try {
    const PhoneNumberUtil &util = *PhoneNumberUtil::GetInstance();
    std::string text;
    std::set<std::string> regions;
    util.GetSupportedRegions(&regions);
    for (const std::string &r : regions) {
      std::set<Type> types;
      util.GetSupportedTypesForRegion(r, &types);
      for (Type t : types) {
        PhoneNumber num;
        if (!util.GetExampleNumberForType(r, t, &num))
          continue;
        text.clear();
        util.Format(num, PhoneNumberUtil::E164, &text);
        fn(text.c_str(), arg);
        calls++;
      }
    }
    std::set<int> codes;
    util.GetSupportedGlobalNetworkCallingCodes(&codes);
    for (int cc : codes) {
      PhoneNumber num;
      if (!util.GetExampleNumberForNonGeoEntity(cc, &num))
        continue;
      text.clear();
      util.Format(num, PhoneNumberUtil::E164, &text);
      fn(text.c_str(), arg);
      calls++;
    }
#ifdef VET_HAVE_PHONE_METADATA
    /* libphonenumber has no per-type example call for the non-geographic
     * entities: their examples come from the metadata */
    PhoneMetadataCollection all;
    if (all.ParseFromArray(i18n::phonenumbers::metadata_get(), i18n::phonenumbers::metadata_size()))
      for (const PhoneMetadata &m : all.metadata()) {
        if (m.id() != kNonGeoRegion)
          continue;
        const PhoneNumberDesc *descs[] = {
            &m.fixed_line(), &m.mobile(), &m.toll_free(), &m.premium_rate(), &m.shared_cost(),
            &m.personal_number(), &m.voip(), &m.pager(), &m.uan(), &m.voicemail(),
        };
        for (const PhoneNumberDesc *d : descs) {
          if (d->example_number().empty())
            continue;
          text = "+" + std::to_string(m.country_code()) + d->example_number();
          fn(text.c_str(), arg);
          calls++;
        }
      }
#endif
  } catch (...) {
    return 0;
  }
  return calls;
}

extern "C" size_t phone_calling_codes(int *out, size_t cap)
{
  try {
    std::set<int> codes;
    PhoneNumberUtil::GetInstance()->GetSupportedCallingCodes(&codes);
    size_t i = 0;
    for (int cc : codes) {
      if (i < cap && out)
        out[i] = cc;
      i++;
    }
    return i;
  } catch (...) {
    return 0;
  }
}
