/* vetter/phone.h - phone numbers through libphonenumber (Google's metadata
 * of every numbering plan): parse any written form into E.164, the region
 * of the number, whether it is possible and valid, and its line type, so
 * a screener sees a "mobile" that is really a VoIP or personal number.
 * The implementation is a small C++ shim (src/contact/phone.cc).
 * Owns: nothing; results are written into caller memory.
 * Thread-safety: safe from any thread.  libphonenumber's PhoneNumberUtil
 * is a leaky singleton made once under pthread_once (Debian builds its
 * POSIX singleton: base/memory/singleton_posix.h), its regular-expression
 * cache is behind a lock, and the calls used here are const methods. */
#ifndef VETTER_PHONE_H
#define VETTER_PHONE_H

#include <stdbool.h>

#include "vetter/error.h"
#include "vetter/str.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Longest phone text accepted, in bytes: real numbers with formatting and
 * an extension take under 40; longer input is not a phone field. */
#define VET_PHONE_MAX_TEXT 64

/* Line types, as libphonenumber's metadata knows them per numbering plan. */
enum vet_phone_type {
  VET_PHONE_UNKNOWN = 0,     /* not valid, or not in any known range */
  VET_PHONE_FIXED_LINE,
  VET_PHONE_MOBILE,
  VET_PHONE_FIXED_OR_MOBILE, /* plans that do not tell them apart (US, CA, CN) */
  VET_PHONE_TOLL_FREE,
  VET_PHONE_PREMIUM_RATE,
  VET_PHONE_SHARED_COST,
  VET_PHONE_VOIP,            /* e.g. GB 056, KR 070, JP 050, FR 09 */
  VET_PHONE_PERSONAL_NUMBER, /* follow-me numbers: GB 070, US 500 */
  VET_PHONE_PAGER,
  VET_PHONE_UAN,             /* universal access / company numbers */
  VET_PHONE_VOICEMAIL,
};

/* Stable lower-case name: "unknown", "fixed_line", "mobile",
 * "fixed_or_mobile", "toll_free", "premium_rate", "shared_cost", "voip",
 * "personal_number", "pager", "uan", "voicemail"; "unknown" for values out
 * of range. */
const char *vet_phone_type_name(enum vet_phone_type t);

/* true for the types that are not tied to one line or place: voip,
 * personal number, pager, uan and voicemail. */
bool vet_phone_type_is_virtual(enum vet_phone_type t);

struct vet_phone {
  bool parsed;              /* libphonenumber read a number out of the text */
  bool possible;            /* its length fits the plan (IsPossibleNumber) */
  bool valid;               /* it lies in an allocated range (IsValidNumber) */
  char region[4];           /* ISO alpha-2 of the number ("GB", "KP"); "" when
                               unknown or non-geographic (+800, +882) */
  int country_code;         /* calling code (44), 0 when not parsed */
  enum vet_phone_type type; /* VET_PHONE_UNKNOWN unless valid */
  char e164[24];            /* "+442079460958", "" when not parsed; an
                               extension is dropped */
  char error[64];           /* why it did not parse ("too short"), else "" */
};

/* Parse a phone number as people write it: "+1 202-555-0142",
 * "(202) 555 0142" with default_region "US", "00 44 20 7946 0958",
 * "tel:+1-202-555-0142", "+1 (800) FLOWERS".  default_region is the ISO
 * alpha-2 code (either case) of the country that national forms belong to,
 * or NULL (or "") when unknown: then only international forms parse, with
 * a leading "00" taken as the international prefix ("0049 30 901820").
 * Never throws.  Returns VET_OK with out filled in, including when the
 * text is no phone number (out->parsed false, out->error says why: "not
 * a number", "invalid country code", "too short", "too long", "not valid
 * UTF-8"); VET_ELIMIT when text is longer than VET_PHONE_MAX_TEXT bytes;
 * VET_EINVAL when out is NULL or default_region is not two ASCII letters;
 * VET_ENOMEM when libphonenumber runs out of memory.  On an error return
 * out is all zero. */
vet_err vet_phone_parse(vet_str text, const char *default_region, struct vet_phone *out, struct vet_error *e);

/* vet_phone_parse without the pattern matching of the number against its
 * plan's ranges (most of the cost): out->parsed, possible, country_code,
 * e164 and error are as vet_phone_parse gives them; valid is false, type
 * VET_PHONE_UNKNOWN and region "" (not computed).  For callers that only
 * need the number's canonical form, such as linking accounts that share
 * it.  Same errors. */
vet_err vet_phone_parse_e164(vet_str text, const char *default_region, struct vet_phone *out, struct vet_error *e);

#ifdef __cplusplus
}
#endif

#endif
