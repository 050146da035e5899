/* events/tz_region.h - the country (ICU region) of an IANA zone, for
 * events/tz.c: ICU has TimeZone::getRegion only in C++, and its C API
 * finds a country's zones by asking every zone its region, so a table of
 * all countries built that way asks 250 times 430 zones (0.2 s).
 * Owns: nothing. */
#ifndef VET_EVENTS_TZ_REGION_H
#define VET_EVENTS_TZ_REGION_H

#include <stdbool.h>
#include <stddef.h>

#include <unicode/utypes.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The region of zone id (UTF-16, len units) into out ("US", "001" for
 * the Etc zones), NUL-terminated; false when ICU does not know the zone
 * or the region does not fit in cap bytes. */
bool ev_zone_region(const UChar *id, int32_t len, char *out, size_t cap);

#ifdef __cplusplus
}
#endif

#endif
