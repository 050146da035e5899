/* events/tz.c - IANA time zones through ICU's calendar C API: a zone's
 * UTC offset at an instant, daylight saving time included.
 * Owns: an ev_zone owns its UCalendar.
 * Thread-safety: an ev_zone is one thread's (ucal_setMillis mutates it);
 * open one per thread or per call. */
#include <stdio.h>
#include <stdlib.h>

#include <unicode/ucal.h>
#include <unicode/ustring.h>

#include "events/signals.h"

/* Longest zone name accepted ("America/Argentina/ComodRivadavia" is 32). */
#define ZONE_NAME_MAX 64

struct ev_zone {
  UCalendar *cal;
};

struct ev_zone *ev_zone_open(vet_str name)
{
  UChar id[ZONE_NAME_MAX], canon[ZONE_NAME_MAX];
  int32_t len = 0;
  UErrorCode st = U_ZERO_ERROR;
  UBool system = 0;
  if (!name.len || name.len >= ZONE_NAME_MAX)
    return NULL;
  u_strFromUTF8(id, ZONE_NAME_MAX, &len, name.ptr, (int32_t)name.len, &st);
  if (U_FAILURE(st) || len >= ZONE_NAME_MAX)
    return NULL;
  /* an unknown id would silently give a calendar in GMT: ask first */
  int32_t clen = ucal_getCanonicalTimeZoneID(id, len, canon, ZONE_NAME_MAX, &system, &st);
  if (U_FAILURE(st) || !system || clen >= ZONE_NAME_MAX)
    return NULL;
  struct ev_zone *z = malloc(sizeof *z);
  if (!z)
    return NULL;
  z->cal = ucal_open(canon, clen, "", UCAL_GREGORIAN, &st);
  if (U_FAILURE(st)) {
    if (z->cal)
      ucal_close(z->cal);
    free(z);
    return NULL;
  }
  return z;
}

void ev_zone_close(struct ev_zone *z)
{
  if (!z)
    return;
  ucal_close(z->cal);
  free(z);
}

bool ev_zone_offset(struct ev_zone *z, int64_t t, int *offset_min)
{
  UErrorCode st = U_ZERO_ERROR;
  ucal_setMillis(z->cal, (UDate)t * 1000.0, &st);
  int32_t zone = ucal_get(z->cal, UCAL_ZONE_OFFSET, &st);
  int32_t dst = ucal_get(z->cal, UCAL_DST_OFFSET, &st);
  if (U_FAILURE(st))
    return false;
  *offset_min = (zone + dst) / 60000;
  return true;
}

void ev_offset_text(int m, char *out, size_t cap)
{
  snprintf(out, cap, "UTC%c%02d:%02d", m < 0 ? '-' : '+', abs(m) / 60, abs(m) % 60);
}
