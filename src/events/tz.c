/* events/tz.c - IANA time zones through ICU's calendar C API: a zone's
 * UTC offset at an instant, daylight saving time included; and the UTC
 * offsets in use in each country (standard and daylight saving time of
 * each of its zones, as ICU's tz data has them now).
 * An ev_zone remembers the span between two transitions of its last
 * answer, so that instants in it need no calendar computation.
 * The table is built in one pass over ICU's zones, each asked its
 * country once (events/tz_region.cc).
 * Owns: an ev_zone owns its UCalendar; an ev_tz_countries its array.
 * Thread-safety: an ev_zone is one thread's (ucal_setMillis mutates it);
 * open one per thread or per call. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ucal.h>
#include <unicode/uenum.h>
#include <unicode/uloc.h>
#include <unicode/ustring.h>

#include "events/signals.h"
#include "events/tz_region.h"

/* Longest zone name accepted ("America/Argentina/ComodRivadavia" is 32). */
#define ZONE_NAME_MAX 64

struct ev_zone {
  UCalendar *cal;
  /* the offset last computed and the span over which it holds: from the
   * zone's transition at or before that instant to its next one (a
   * subject's sessions mostly fall in one span) */
  bool have;
  UDate from, to; /* milliseconds; +-infinity when there is no transition */
  int off;
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
  struct ev_zone *z = calloc(1, sizeof *z);
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
  UDate ms = (UDate)t * 1000.0;
  if (z->have && ms >= z->from && ms < z->to) {
    *offset_min = z->off;
    return true;
  }
  UErrorCode st = U_ZERO_ERROR;
  ucal_setMillis(z->cal, ms, &st);
  int32_t zone = ucal_get(z->cal, UCAL_ZONE_OFFSET, &st);
  int32_t dst = ucal_get(z->cal, UCAL_DST_OFFSET, &st);
  if (U_FAILURE(st))
    return false;
  *offset_min = (zone + dst) / 60000;
  /* the span of this offset: the transitions around ms (ucal_get may
   * have moved the calendar's fields, not its instant) */
  UErrorCode ts = U_ZERO_ERROR;
  UDate prev = 0, next = 0;
  UBool has_prev = ucal_getTimeZoneTransitionDate(z->cal, UCAL_TZ_TRANSITION_PREVIOUS_INCLUSIVE, &prev, &ts);
  UBool has_next = U_SUCCESS(ts) ? ucal_getTimeZoneTransitionDate(z->cal, UCAL_TZ_TRANSITION_NEXT, &next, &ts) : 0;
  z->have = U_SUCCESS(ts) && (!has_prev || prev <= ms) && (!has_next || next > ms);
  if (z->have) {
    z->from = has_prev ? prev : -INFINITY;
    z->to = has_next ? next : INFINITY;
    z->off = *offset_min;
  }
  return true;
}

void ev_offset_text(int m, char *out, size_t cap)
{
  snprintf(out, cap, "UTC%c%02d:%02d", m < 0 ? '-' : '+', abs(m) / 60, abs(m) % 60);
}

static int country_cmp(const void *a, const void *b)
{
  return strcmp(((const struct ev_country_tz *)a)->code, ((const struct ev_country_tz *)b)->code);
}

/* Add offset m to c once; past EV_TZ_MAX_OFFSETS the rest are dropped. */
static void add_offset(struct ev_country_tz *c, int m)
{
  for (uint32_t i = 0; i < c->n; i++)
    if (c->off[i] == m)
      return;
  if (c->n < EV_TZ_MAX_OFFSETS)
    c->off[c->n++] = (int16_t)m;
}

/* Add the offsets of zone id (standard and daylight saving time, at now)
 * to c. */
static void zone_offsets(const UChar *id, int32_t len, UDate now, struct ev_country_tz *c)
{
  UErrorCode zs = U_ZERO_ERROR;
  UCalendar *cal = ucal_open(id, len, "", UCAL_GREGORIAN, &zs);
  if (U_FAILURE(zs)) {
    if (cal)
      ucal_close(cal);
    return;
  }
  ucal_setMillis(cal, now, &zs);
  int32_t raw = ucal_get(cal, UCAL_ZONE_OFFSET, &zs);
  int32_t dst = ucal_getDSTSavings(id, &zs);
  ucal_close(cal);
  if (U_FAILURE(zs))
    return;
  add_offset(c, raw / 60000);
  if (dst)
    add_offset(c, (raw + dst) / 60000);
}

vet_err ev_tz_countries_build(struct ev_tz_countries *out)
{
  memset(out, 0, sizeof *out);
  const char *const *codes = uloc_getISOCountries();
  uint32_t n = 0;
  while (codes[n])
    n++;
  out->v = calloc(n ? n : 1, sizeof *out->v);
  if (!out->v)
    return VET_ENOMEM;
  /* every alpha-2 country ICU lists, in its order, and where each is */
  int32_t at[EV_CODE_SLOTS];
  for (uint32_t i = 0; i < EV_CODE_SLOTS; i++)
    at[i] = -1;
  uint32_t m = 0;
  for (uint32_t i = 0; i < n; i++) {
    int slot = ev_code_slot(codes[i]);
    if (slot < 0 || at[slot] >= 0)
      continue;
    memcpy(out->v[m].code, codes[i], 3);
    at[slot] = (int32_t)m++;
  }
  /* one pass over the zones, each added to its country in the order in
   * which ICU enumerates a country's zones (this order, filtered) */
  UDate now = ucal_getNow();
  UErrorCode st = U_ZERO_ERROR;
  UEnumeration *en = ucal_openTimeZoneIDEnumeration(UCAL_ZONE_TYPE_CANONICAL_LOCATION, NULL, NULL, &st);
  if (U_SUCCESS(st) && en) {
    const UChar *id;
    int32_t len;
    char region[8];
    while ((id = uenum_unext(en, &len, &st)) != NULL && U_SUCCESS(st)) {
      int slot = ev_zone_region(id, len, region, sizeof region) ? ev_code_slot(region) : -1;
      if (slot >= 0 && at[slot] >= 0)
        zone_offsets(id, len, now, &out->v[at[slot]]);
    }
    uenum_close(en);
  }
  /* the countries with a zone, sorted */
  for (uint32_t i = 0; i < m; i++)
    if (out->v[i].n)
      out->v[out->n++] = out->v[i];
  qsort(out->v, out->n, sizeof *out->v, country_cmp);
  for (uint32_t i = 0; i < out->n; i++) /* codes of two capitals, each once (at[] above) */
    out->at[ev_code_slot(out->v[i].code)] = (uint16_t)(i + 1);
  return VET_OK;
}

void ev_tz_countries_release(struct ev_tz_countries *t)
{
  free(t->v);
  t->v = NULL;
  t->n = 0;
}

const struct ev_country_tz *ev_tz_country(const struct ev_tz_countries *t, const char *code)
{
  if (!t || !t->n || !code[0])
    return NULL;
  int slot = ev_code_slot(code);
  if (slot >= 0)
    return t->at[slot] ? &t->v[t->at[slot] - 1] : NULL;
  struct ev_country_tz key = {0};
  vet_cstr_copy(key.code, sizeof key.code, code);
  return bsearch(&key, t->v, t->n, sizeof *t->v, country_cmp);
}
