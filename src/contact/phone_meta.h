/* contact/phone_meta.h - internal: the fast line-type and region
 * classifier of contact/phone_meta.cc, which answers what libphonenumber's
 * PhoneNumberUtil::GetNumberType and GetRegionCodeForNumber answer with
 * RE2 over libphonenumber's own compiled-in metadata, its reader of
 * digit-only numbers (what PhoneNumberUtil::Parse gives for national
 * forms such as "0647237094" under FR, and for "+" and digits), and the
 * entry points the tests and the benchmark use to compare both with
 * libphonenumber.
 * Not part of the public API (vetter/phone.h).
 * Owns: the classifier tables (struct phone_meta).
 * Thread-safety: immutable once built; share freely.  phone_meta_default
 * builds the process's tables once (std::call_once) and never frees them;
 * phone_meta_new_broken makes a private copy for tests. */
#ifndef VET_CONTACT_PHONE_META_H
#define VET_CONTACT_PHONE_META_H

#include <stddef.h>

#include "vetter/error.h"
#include "vetter/phone.h"
#include "vetter/str.h"

#ifdef __cplusplus
extern "C" {
#endif

struct phone_meta; /* opaque: compiled patterns of every numbering plan */

/* The process's tables, built on the first call; NULL when libphonenumber's
 * metadata is not readable (built without VET_HAVE_PHONE_METADATA, bytes
 * that do not parse, no memory): callers then take libphonenumber's path,
 * which gives the same answers more slowly.  Borrowed, never freed. */
const struct phone_meta *phone_meta_default(void);

/* For tests: tables as phone_meta_default's, except that every pattern of
 * the entity named broken (a region code such as "GB", or "001" for the
 * non-geographic calling codes) is replaced by one RE2 rejects, so that
 * entity takes libphonenumber's path as one whose pattern failed to
 * compile would.  Caller frees with phone_meta_free; NULL as for
 * phone_meta_default. */
struct phone_meta *phone_meta_new_broken(const char *broken);

/* NULL-safe; never the pointer phone_meta_default returned. */
void phone_meta_free(struct phone_meta *m);

/* Numbering plans in m (regions and non-geographic entities), and how many
 * of them take libphonenumber's path because RE2 rejected one of their
 * patterns (0 with libphonenumber 8.12's metadata).  0 for NULL. */
size_t phone_meta_entities(const struct phone_meta *m);
size_t phone_meta_fallbacks(const struct phone_meta *m);

/* vet_phone_parse with the line type and region taken from m, or, when m
 * is NULL, from libphonenumber's GetNumberType and GetRegionCodeForNumber
 * (the reference the classifier must equal).  Same contract and errors as
 * vet_phone_parse.  Defined in contact/phone.cc. */
vet_err phone_parse_with(const struct phone_meta *m, vet_str text, const char *default_region, struct vet_phone *out,
                         struct vet_error *e);
/* Everything by libphonenumber: its parser for every text (none of the
 * shortcuts for "+digits" and ten-digit US/Canadian numbers) and its line
 * type and region.  The reference the tests compare the shortcuts with. */
vet_err phone_parse_lib(vet_str text, const char *default_region, struct vet_phone *out, struct vet_error *e);

/* Calls fn once per example number in libphonenumber's metadata, as E.164
 * text ("+442079460958"): PhoneNumberUtil::GetExampleNumberForType for
 * every supported type of every supported region, GetExampleNumberForNonGeoEntity
 * for every global network calling code, and the example of every type of
 * every non-geographic entity read from the metadata itself.  Duplicates
 * are possible.  Returns the number of calls; 0 when libphonenumber threw
 * (out of memory). */
size_t phone_examples(void (*fn)(const char *e164, void *arg), void *arg);

/* Calls fn once per example number of every supported type of every
 * supported region (GetExampleNumberForType), as the digits of its
 * national form (Format NATIONAL without the punctuation: "02079460958"
 * for GB), with its region code.  Returns the number of calls; 0 when
 * libphonenumber threw. */
size_t phone_national_examples(void (*fn)(const char *region, const char *digits, void *arg), void *arg);

/* For tests: region's calling code into *cc, its national (trunk) prefix
 * as digits into national ("" when none) and an international prefix
 * that dials out of it into idd (its preferred one, else its pattern
 * when that is plain digits, else "00").  false for a region
 * libphonenumber does not know. */
bool phone_region_prefixes(const char *region, int *cc, char *national, size_t national_cap, char *idd,
                           size_t idd_cap);

/* For tests: text under default_region (as vet_phone_parse takes them)
 * read by the shortcuts of contact/phone.cc on m's tables ("+" and
 * digits, ten US/Canadian digits, phone_meta_parse_national) and by
 * libphonenumber's PhoneNumberUtil::Parse.  0: no shortcut answered (or
 * bad arguments); 1: one did, and Parse gave the same PhoneNumber (every
 * field, compared serialized); -1: one did and Parse gave another number
 * or an error.  Defined in contact/phone.cc. */
int phone_parse_probe(const struct phone_meta *m, const char *text, const char *default_region);

/* The calling codes libphonenumber knows (PhoneNumberUtil::
 * GetSupportedCallingCodes), ascending, the first cap of them into out;
 * returns how many there are (may exceed cap). */
size_t phone_calling_codes(int *out, size_t cap);

#ifdef __cplusplus
}

#include <string>

#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumberutil.h>

/* The line type and region of num as libphonenumber 8.12 gives them:
 * *type as GetNumberType(num), *region as GetRegionCodeForNumber(num)
 * ("US", "001" for non-geographic entities, "ZZ" when none; borrowed from
 * m or static).  false when m cannot answer (a plan whose pattern RE2
 * rejected, a national number longer than any plan's): then nothing is
 * written and the caller asks libphonenumber.  Never throws. */
bool phone_meta_classify(const struct phone_meta &m, const i18n::phonenumbers::PhoneNumber &num,
                         i18n::phonenumbers::PhoneNumberUtil::PhoneNumberType *type, const char **region);

/* PhoneNumberUtil::Parse(in, region, num) for in of ASCII digits only
 * (no '+', what compact() leaves of "0647 237 094") and region a
 * supported region in upper case ("FR"), replayed on m's tables: the
 * international prefix and the calling code after it, the region's own
 * calling code in front, the national prefix (its transform rule, the
 * check that the number stays viable, the length test that keeps short
 * numbers whole), the bounds of a national significant number and
 * Italian leading zeros.  On true, *num is what Parse gives (country
 * code, national number, leading zeros; no raw input or source, as Parse
 * keeps none).  false, with *num untouched, whenever it cannot be sure:
 * a result Parse reports as an error, an unknown region, a plan whose
 * pattern RE2 rejected, more than 24 digits.  Never throws but
 * std::bad_alloc. */
bool phone_meta_parse_national(const struct phone_meta &m, const std::string &in, const char *region,
                               i18n::phonenumbers::PhoneNumber *num);

/* What PhoneNumberUtil::Parse gives for "+" and the n ASCII digits at
 * digits (what compact() leaves of "+7 8 912 345 67 89"): the calling
 * code (one to three digits naming one libphonenumber knows), then the
 * national prefix of that code's main region stripped as for a national
 * form ("+7 8..." loses the 8 when what remains has a possible length),
 * the bounds of a national significant number, Italian leading zeros.
 * false, *num untouched, when the tables cannot say or Parse fails or
 * retries (no known calling code, a leading 0). */
bool phone_meta_parse_plus(const struct phone_meta &m, const char *digits, size_t n,
                           i18n::phonenumbers::PhoneNumber *num);
#endif

#endif
