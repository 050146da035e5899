/* events/tz_region.cc - ev_zone_region (events/tz_region.h) over ICU's
 * C++ TimeZone::getRegion.
 * Owns: nothing.  Thread-safety: ICU's zone data is shared read-only. */
#include "events/tz_region.h"

#include <unicode/timezone.h>
#include <unicode/unistr.h>

extern "C" bool ev_zone_region(const UChar *id, int32_t len, char *out, size_t cap)
{
  if (!cap || cap > INT32_MAX)
    return false;
  UErrorCode st = U_ZERO_ERROR;
  /* a read-only alias of the caller's text, no copy */
  icu::UnicodeString zone(false, id, len);
  int32_t n = icu::TimeZone::getRegion(zone, out, (int32_t)cap, st);
  /* getRegion NUL-terminates only when there is room: n < cap */
  return U_SUCCESS(st) && st != U_STRING_NOT_TERMINATED_WARNING && n > 0 && (size_t)n < cap;
}
