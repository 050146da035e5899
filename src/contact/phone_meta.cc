/* contact/phone_meta.cc - a phone number's line type and region as
 * libphonenumber 8.12 gives them (PhoneNumberUtil::GetNumberType and
 * GetRegionCodeForNumber), and the number itself as its Parse reads
 * digits in national or international form, without libphonenumber's
 * ICU regular expressions.
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
 * The same tables also replay what PhoneNumberUtil::Parse does with a
 * number written as digits only, in national form under a default region
 * ("0647237094", FR) or after "+": the international prefix and the
 * calling code after it, the region's own calling code written in front, the national prefix for parsing
 * with its transform rule and capture groups as libphonenumber's Consume
 * reads them, the general_desc viability and length tests that decide
 * whether the prefix is dropped, the bounds of a national significant
 * number and Italian leading zeros (phone_meta_parse_national,
 * phone_meta_parse_plus).  Whatever they cannot be sure of (a
 * prefix pattern or rule RE2 or this reader cannot take, a parse error)
 * is answered by Parse.  test_phone_meta compares them with Parse on
 * every example of every region in national form and its variants,
 * mutations and random digits: the same PhoneNumber, field for field.
 *
 * Owns: the tables (struct phone_meta): the plans, their compiled patterns
 * and parsing rules, the region order of every calling code and the plan
 * of every region code.
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
/* Calling codes have one to three digits (kMaxLengthCountryCode). */
constexpr size_t kMaxCallingCodeDigits = 3;
/* Region codes are two capitals: one slot per pair. */
constexpr size_t kLetters = 26;
constexpr size_t kRegionSlots = kLetters * kLetters;
/* libphonenumber's bounds on a national significant number after parsing
 * (kMinLengthForNsn, kMaxLengthForNsn): outside them Parse fails. */
constexpr size_t kMinNsn = 2;
constexpr size_t kMaxParsedNsn = 17;
/* Longest digit string the national reader takes: a national prefix
 * (a few digits) and the longest national number; longer ones are left
 * to libphonenumber (they are errors or odd). */
constexpr size_t kMaxNationalInput = 24;
/* Capture groups of a national prefix pattern the reader looks at: the
 * carrier code and the part the transform rule keeps. */
constexpr int kPrefixGroups = 2;
/* A transform rule names groups $1 to $9; a pattern with more groups is
 * left to libphonenumber. */
constexpr int kMaxPrefixGroups = 9;
/* GetRegionCodeForNumber's answers for "no region" and for the
 * non-geographic entities (+800, +882...). */
const char kUnknownRegion[] = "ZZ";
[[maybe_unused]] const char kNonGeoRegion[] = "001"; /* unused without the metadata */
/* What phone_meta_new_broken puts in place of a plan's patterns: an
 * unclosed group, which RE2 rejects. */
[[maybe_unused]] const char kBrokenPattern[] = "("; /* unused without the metadata */

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

/* One piece of a national prefix transform rule ("268$1"): literal
 * digits, or the text of a capture group of the prefix pattern. */
struct rule_piece {
  std::string text; /* literal text, when group is 0 */
  int group = 0;    /* 1..9: the text that group captured */
};

/* What PhoneNumberUtil::Parse reads of a region's metadata for a number
 * written in national form: its calling code, international (IDD) prefix,
 * national prefix for parsing and its transform rule, and general_desc's
 * possible lengths as listed (TestNumberLength reads the list, not bits). */
struct national_rules {
  bool ok = false;                 /* every pattern compiled, the rule read */
  int country_code = 0;
  std::string cc_text;             /* country_code in decimal ("44") */
  std::unique_ptr<RE2> idd;        /* international_prefix */
  std::unique_ptr<RE2> prefix;     /* national_prefix_for_parsing; NULL: none */
  int prefix_groups = 0;           /* its capture groups */
  bool has_transform = false;      /* national_prefix_transform_rule set */
  std::vector<rule_piece> transform;
  std::vector<int> lengths, local; /* possible_length(_local_only), as listed */
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
  national_rules parse;               /* PhoneNumberUtil::Parse's rules */
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
  std::array<const plan *, kRegionSlots> regions{}; /* by region code ("GB") */
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

/* ---- PhoneNumberUtil::Parse for digits written in national form ---- */

/* MatchNationalNumber(s, general_desc, false): general_desc's pattern
 * matches all of s; no length test; an empty pattern matches nothing. */
bool general_matches(const plan &p, const std::string &s)
{
  return p.general.re && p.general.re->Match(s, 0, s.size(), RE2::ANCHOR_BOTH, nullptr, 0);
}

/* TestNumberLength's answers for a national number of n digits against
 * general_desc: the local-only lengths first, then the listed lengths,
 * whose first is taken as the shortest and last as the longest. */
enum class length_test { possible, local_only, too_short, too_long, invalid };

length_test test_length(const national_rules &r, size_t n)
{
  if (r.lengths.front() == -1)
    return length_test::invalid;
  for (int len : r.local)
    if ((size_t)len == n)
      return length_test::local_only;
  size_t shortest = (size_t)r.lengths.front();
  if (shortest == n)
    return length_test::possible;
  if (shortest > n)
    return length_test::too_short;
  if ((size_t)r.lengths.back() < n)
    return length_test::too_long;
  for (size_t i = 1; i < r.lengths.size(); i++)
    if ((size_t)r.lengths[i] == n)
      return length_test::possible;
  return length_test::invalid;
}

/* MaybeStripNationalPrefixAndCarrierCode on *s with p's rules.  The
 * national prefix pattern must match at the start.  libphonenumber's
 * Consume asks it first for two groups (carrier code, kept part), then
 * for one: the kept part is group 2 of a pattern with two or more
 * groups, group 1 of a pattern with one, nothing otherwise.  A non-empty
 * kept part with a transform rule makes the number the rule's expansion
 * and what follows the match (ICU's replaceFirst: the first match is the
 * one at the start); otherwise the match is removed.  The result is
 * dropped when the number matched general_desc before and no longer
 * does. */
void strip_national_prefix(const plan &p, std::string *s)
{
  const national_rules &r = p.parse;
  if (s->empty() || !r.prefix)
    return;
  re2::StringPiece group[1 + kMaxPrefixGroups];
  if (!r.prefix->Match(*s, 0, s->size(), RE2::ANCHOR_START, group, 1 + r.prefix_groups))
    return;
  re2::StringPiece kept;
  if (r.prefix_groups >= kPrefixGroups)
    kept = group[2];
  else if (r.prefix_groups == 1)
    kept = group[1];
  std::string out;
  if (r.has_transform && !kept.empty())
    for (const rule_piece &piece : r.transform) {
      if (!piece.group)
        out += piece.text;
      else if (!group[piece.group].empty())
        out.append(group[piece.group].data(), group[piece.group].size());
    }
  out.append(*s, group[0].size(), std::string::npos); /* the match starts at 0 */
  if (general_matches(p, *s) && !general_matches(p, out))
    return;
  *s = std::move(out);
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

/* A national prefix transform rule ("268$1", "$2") read into pieces;
 * false for what this reader leaves to libphonenumber: a backslash
 * escape, "$" not followed by one digit naming a group of the pattern
 * (groups beyond 9, "$0", "${name}"). */
bool read_rule(const std::string &rule, int groups, std::vector<rule_piece> *out)
{
  out->clear();
  for (size_t i = 0; i < rule.size(); i++) {
    char c = rule[i];
    if (c == '\\')
      return false;
    if (c != '$') {
      if (out->empty() || out->back().group)
        out->emplace_back();
      out->back().text.push_back(c);
      continue;
    }
    if (i + 1 >= rule.size() || rule[i + 1] < '1' || rule[i + 1] > '9')
      return false;
    int g = rule[i + 1] - '0';
    if (g > groups || (i + 2 < rule.size() && rule[i + 2] >= '0' && rule[i + 2] <= '9'))
      return false;
    out->emplace_back();
    out->back().group = g;
    i++;
  }
  return true;
}

/* Parse's rules for m into r; r->ok stays false when a pattern does not
 * compile (or is broken), the rule cannot be read or general_desc lists
 * no length: such a plan's numbers go to libphonenumber.  A plan without
 * an international prefix (the non-geographic ones: an empty pattern
 * would match every number) gets no idd, and no national forms. */
void build_national(const PhoneMetadata &m, bool broken, national_rules *r)
{
  r->country_code = m.country_code();
  r->cc_text = std::to_string(m.country_code());
  const std::string &idd = broken ? std::string(kBrokenPattern) : m.international_prefix();
  if (!idd.empty() && !(r->idd = compile(idd)))
    return;
  const std::string &prefix = m.national_prefix_for_parsing();
  if (!prefix.empty()) {
    r->prefix = compile(broken ? std::string(kBrokenPattern) : prefix);
    if (!r->prefix)
      return;
    r->prefix_groups = r->prefix->NumberOfCapturingGroups();
    if (r->prefix_groups < 0 || r->prefix_groups > kMaxPrefixGroups)
      return;
  }
  r->has_transform = !m.national_prefix_transform_rule().empty();
  if (r->has_transform && !read_rule(m.national_prefix_transform_rule(), r->prefix_groups, &r->transform))
    return;
  const PhoneNumberDesc &general = m.general_desc();
  r->lengths.assign(general.possible_length().begin(), general.possible_length().end());
  r->local.assign(general.possible_length_local_only().begin(), general.possible_length_local_only().end());
  r->ok = !r->lengths.empty();
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
  if (ok)
    build_national(m, broken, &p->parse);
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
    else if (regions.emplace(m.id(), p.get()).second && m.id().size() == 2 && m.id()[0] >= 'A' &&
             m.id()[0] <= 'Z' && m.id()[1] >= 'A' && m.id()[1] <= 'Z')
      meta->regions[(size_t)(m.id()[0] - 'A') * kLetters + (size_t)(m.id()[1] - 'A')] = p.get();
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

namespace {

/* The end of ParseHelper once the calling code is known: the national
 * prefix of rules is dropped only when what remains has a possible
 * length (or is too long: a short number keeps its digits), the national
 * significant number must have 2 to 17 digits (else Parse fails: false),
 * and a leading zero is kept as Italian leading zeros. */
bool finish(const plan &rules, int country_code, std::string national, PhoneNumber *num)
{
  if (national.size() < kMinNsn)
    return false; /* TOO_SHORT_NSN: libphonenumber says so */
  std::string stripped = national;
  strip_national_prefix(rules, &stripped);
  length_test len = test_length(rules.parse, stripped.size());
  if (len == length_test::possible || len == length_test::too_long)
    national = std::move(stripped);
  if (national.size() < kMinNsn || national.size() > kMaxParsedNsn)
    return false; /* TOO_SHORT_NSN, TOO_LONG_NSN */
  num->Clear();
  num->set_country_code(country_code);
  /* SetItalianLeadingZerosForPhoneNumber: the zeros in front, the last
   * digit never counted among them; the count is kept only when not 1 */
  if (national.size() > 1 && national[0] == '0') {
    num->set_italian_leading_zero(true);
    size_t zeros = 1;
    while (zeros < national.size() - 1 && national[zeros] == '0')
      zeros++;
    if (zeros != 1)
      num->set_number_of_leading_zeros((int32_t)zeros);
  }
  uint64_t v = 0;
  for (char c : national)
    v = v * 10 + (uint64_t)(c - '0');
  num->set_national_number(v);
  return true;
}

/* The plan Parse reads a number of calling code cc with once it has the
 * code (GetMetadataForRegionOrCallingCode of its main region: US for
 * +1, the entity for +800); NULL when the tables cannot say. */
const plan *main_plan(const struct phone_meta &m, int cc)
{
  if (cc <= 0 || cc >= kCallingCodes)
    return nullptr;
  const calling_code &code = m.codes[(size_t)cc];
  if (!code.fast || code.plans.empty() || !code.plans[0]->parse.ok)
    return nullptr;
  return code.plans[0];
}

bool all_digits(const char *s, size_t n)
{
  for (size_t i = 0; i < n; i++)
    if (s[i] < '0' || s[i] > '9')
      return false;
  return true;
}

/* MaybeExtractCountryCode after "+" or an international prefix: at
 * least three digits must follow (else TOO_SHORT_AFTER_IDD: false), the
 * first one to three of them name a calling code libphonenumber knows
 * (ExtractCountryCode: none, or a leading 0, is INVALID_COUNTRY_CODE_ERROR,
 * after which Parse may retry without the "+": false), and the rest is
 * read with the plan of that code's main region. */
bool after_idd(const struct phone_meta &m, const char *digits, size_t n, PhoneNumber *num)
{
  if (n <= kMinNsn || n > kMaxNationalInput || !all_digits(digits, n) || digits[0] == '0')
    return false;
  int cc = 0;
  for (size_t len = 1; len <= kMaxCallingCodeDigits; len++) {
    cc = cc * 10 + (digits[len - 1] - '0');
    const calling_code &code = m.codes[(size_t)cc];
    if (!code.fast)
      return false; /* a code the tables do not hold */
    if (code.plans.empty())
      continue; /* no such code */
    const plan *rules = main_plan(m, cc);
    return rules && finish(*rules, cc, std::string(digits + len, n - len), num);
  }
  return false;
}

} // namespace

bool phone_meta_parse_national(const struct phone_meta &m, const std::string &in, const char *region,
                               PhoneNumber *num)
{
  size_t n = in.size();
  if (n < kMinNsn || n > kMaxNationalInput || !region || !all_digits(in.data(), n))
    return false;
  if (region[0] < 'A' || region[0] > 'Z' || region[1] < 'A' || region[1] > 'Z' || region[2])
    return false;
  const plan *p = m.regions[(size_t)(region[0] - 'A') * kLetters + (size_t)(region[1] - 'A')];
  if (!p || !p->parse.ok || !p->parse.idd)
    return false;
  const national_rules &r = p->parse;
  /* ParsePrefixAsIdd: the region's international prefix at the start
   * ("00" in FR) is dropped unless a 0 follows it, and a calling code is
   * read after it */
  re2::StringPiece idd;
  if (r.idd->Match(in, 0, n, RE2::ANCHOR_START, &idd, 1) && (idd.size() == n || in[idd.size()] != '0'))
    return after_idd(m, in.data() + idd.size(), n - idd.size(), num);
  /* MaybeExtractCountryCode: digits starting with the region's calling
   * code lose it when the rest (national prefix stripped) matches
   * general_desc and the whole did not, or when the whole is too long;
   * Parse then reads on with the metadata of the calling code's main
   * region (US for CA) */
  if (in.compare(0, r.cc_text.size(), r.cc_text) == 0) {
    std::string rest = in.substr(r.cc_text.size());
    strip_national_prefix(*p, &rest);
    if ((!general_matches(*p, in) && general_matches(*p, rest)) || test_length(r, n) == length_test::too_long) {
      const plan *rules = main_plan(m, r.country_code);
      return rules && finish(*rules, r.country_code, std::move(rest), num);
    }
  }
  return finish(*p, r.country_code, in, num);
}

bool phone_meta_parse_plus(const struct phone_meta &m, const char *digits, size_t n, PhoneNumber *num)
{
  return digits && after_idd(m, digits, n, num);
}

namespace {

/* Every example number libphonenumber gives per region and type, to
 * visit(region, number) (the test hooks below); how many there were. */
template <class Visit> size_t each_region_example(const PhoneNumberUtil &util, Visit visit)
{
  size_t calls = 0;
  std::set<std::string> regions;
  util.GetSupportedRegions(&regions);
  for (const std::string &r : regions) {
    std::set<Type> types;
    util.GetSupportedTypesForRegion(r, &types);
    for (Type t : types) {
      PhoneNumber num;
      if (!util.GetExampleNumberForType(r, t, &num))
        continue;
      visit(r, num);
      calls++;
    }
  }
  return calls;
}

} // namespace

extern "C" size_t phone_national_examples(void (*fn)(const char *region, const char *digits, void *arg), void *arg)
{
  try {
    const PhoneNumberUtil &util = *PhoneNumberUtil::GetInstance();
    std::string text, digits;
    return each_region_example(util, [&](const std::string &r, const PhoneNumber &num) {
      text.clear();
      util.Format(num, PhoneNumberUtil::NATIONAL, &text);
      digits.clear();
      for (char c : text)
        if (c >= '0' && c <= '9')
          digits.push_back(c);
      fn(r.c_str(), digits.c_str(), arg);
    });
  } catch (...) {
    return 0;
  }
}

extern "C" bool phone_region_prefixes(const char *region, int *cc, char *national, size_t national_cap, char *idd,
                                      size_t idd_cap)
{
  if (!region || !cc || !national || !national_cap || !idd || !idd_cap)
    return false;
  try {
    const PhoneNumberUtil &util = *PhoneNumberUtil::GetInstance();
    *cc = util.GetCountryCodeForRegion(region);
    if (*cc == 0)
      return false;
    std::string ndd;
    util.GetNddPrefixForRegion(region, true, &ndd);
    std::snprintf(national, national_cap, "%s", ndd.c_str());
    std::string dial = "00"; /* the ITU's, when the metadata cannot say */
#ifdef VET_HAVE_PHONE_METADATA
    PhoneMetadataCollection all;
    if (all.ParseFromArray(i18n::phonenumbers::metadata_get(), i18n::phonenumbers::metadata_size()))
      for (const PhoneMetadata &m : all.metadata()) {
        if (m.id() != region)
          continue;
        const std::string &pattern = m.international_prefix();
        std::string preferred; /* "8~10": the tilde means "wait for the tone" */
        for (char c : m.preferred_international_prefix())
          if (c >= '0' && c <= '9')
            preferred.push_back(c);
        if (!preferred.empty())
          dial = preferred;
        else if (!pattern.empty() && pattern.find_first_not_of("0123456789") == std::string::npos)
          dial = pattern;
        break;
      }
#endif
    std::snprintf(idd, idd_cap, "%s", dial.c_str());
    return true;
  } catch (...) {
    return false;
  }
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
    calls = each_region_example(util, [&](const std::string &, const PhoneNumber &num) {
      text.clear();
      util.Format(num, PhoneNumberUtil::E164, &text);
      fn(text.c_str(), arg);
    });
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
