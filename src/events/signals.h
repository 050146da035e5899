/* events/signals.h - the location and behaviour signals of issue 4 over
 * one subject's events: anonymisers, North Korean and elevated-risk
 * networks, IP country against the claimed residence, impossible travel,
 * language settings, the activity rhythm (inferred UTC offset), account
 * takeover, and a browser time zone not in use in the IP's country.  Each signal reads the events, a parallel array of what the IP
 * data says of each event's address (looked up by the caller, so these
 * functions need no IP database), the subject's claims and the settings,
 * and adds at most one finding of its rule.
 * Also: IANA time zones through ICU (events/tz.c) and the country
 * centroids of data/country/centroids.tsv.
 * Owns: a ev_centroids owns its array; an ev_zone its ICU calendar.
 * Thread-safety: the signal functions are pure over caller memory; an
 * ev_zone is one thread's (ICU calendars are not shared); an ev_centroids
 * is read-only once loaded. */
#ifndef VET_EVENTS_SIGNALS_H
#define VET_EVENTS_SIGNALS_H

#include <stdbool.h>
#include <stdint.h>

#include "vetter/config.h"
#include "vetter/error.h"
#include "vetter/ip.h"
#include "vetter/risk.h"
#include "vetter/str.h"
#include "vetter/subject.h"

/* ---- time zones (events/tz.c) ---- */

struct ev_zone;

/* The IANA zone name ("America/Chicago", aliases ICU knows such as
 * "US/Central" too); NULL when ICU does not know it, it is too long, or on
 * out of memory.  Close with ev_zone_close. */
struct ev_zone *ev_zone_open(vet_str name);
void ev_zone_close(struct ev_zone *z); /* NULL-safe */
/* The zone's UTC offset (minutes east, daylight saving time included) at
 * Unix seconds t; false when ICU fails. */
bool ev_zone_offset(struct ev_zone *z, int64_t t, int *offset_min);
/* "UTC+09:00", "UTC-05:30" of an offset in minutes. */
void ev_offset_text(int offset_min, char *out, size_t cap);

/* Two capital letters "AA".."ZZ" as 0..675: the slots of ev_tz_countries.at and ev_centroids.at. */
#define EV_CODE_SLOTS (26 * 26)
/* The slot of a code of exactly two capital letters, else -1. */
static inline int ev_code_slot(const char *code)
{
  if (code[0] < 'A' || code[0] > 'Z' || code[1] < 'A' || code[1] > 'Z' || code[2])
    return -1;
  return (code[0] - 'A') * 26 + (code[1] - 'A');
}

/* The UTC offsets in use in each country: the standard and daylight
 * saving offsets of each of its zones (ICU's canonical locations), at the
 * time the table is built. */
#define EV_TZ_MAX_OFFSETS 24
struct ev_country_tz {
  char code[3];                      /* alpha-2 */
  uint32_t n;
  int16_t off[EV_TZ_MAX_OFFSETS];    /* minutes east of UTC */
};
struct ev_tz_countries {
  struct ev_country_tz *v;           /* sorted by code */
  uint32_t n;
  uint16_t at[EV_CODE_SLOTS];        /* v's position + 1 of each code (0: none) */
};
/* Build the table from ICU's countries and zones (about 30 ms).
 * VET_ENOMEM is the only failure. */
vet_err ev_tz_countries_build(struct ev_tz_countries *out);
void ev_tz_countries_release(struct ev_tz_countries *t);
/* The offsets of alpha-2 code; NULL when ICU knows no zone there. */
const struct ev_country_tz *ev_tz_country(const struct ev_tz_countries *t, const char *code);

/* Two country codes (NUL-terminated, mostly alpha-2) are the same: the
 * per-session comparisons, without a library call for two letters. */
static inline bool ev_code_eq(const char *a, const char *b)
{
  return a[0] == b[0] && (!a[0] || (a[1] == b[1] && (!a[1] || (a[2] == b[2] && (!a[2] || !strcmp(a + 3, b + 3))))));
}

/* ---- country centroids ---- */

struct ev_centroid {
  char code[3]; /* alpha-2 */
  double lat, lon;
};

struct ev_centroids {
  struct ev_centroid *v; /* sorted by code */
  uint32_t n;
  /* looked up for every session: v's position + 1 of each code of two
   * capitals (0: none); unused (indexed false) when a code repeats, so
   * that lookups stay bsearch's */
  uint16_t at[EV_CODE_SLOTS];
  bool indexed;
};

/* Read code<TAB>lat<TAB>lon lines ('#' comments) from path.  VET_EIO when
 * it cannot be read, VET_EPARSE on a bad line (with its number),
 * VET_ELIMIT past EV_MAX_CENTROIDS lines. */
#define EV_MAX_CENTROIDS 512
vet_err ev_centroids_load(const char *path, struct ev_centroids *out, struct vet_error *e);
void ev_centroids_release(struct ev_centroids *c);
/* The centroid of alpha-2 code; NULL when unknown.  Borrowed. */
const struct ev_centroid *ev_centroid_find(const struct ev_centroids *c, const char *code);
/* Great-circle distance in km (haversine, mean earth radius). */
double ev_distance_km(double lat1, double lon1, double lat2, double lon2);

/* ---- the signals ---- */

/* One subject's events and what goes with them. */
struct ev_input {
  const struct vet_subject *s;       /* the claims: country, timezone, languages, created_at */
  const struct vet_event *ev;        /* the events analysed, sorted by time */
  uint32_t n;
  const struct vet_ip_info *ip;      /* ip[i] of ev[i]; NULL: no IP data (the IP signals do not run).  An
                                        event without a parsable address has found=false */
  struct ev_zone *claimed_zone;      /* s->timezone opened; NULL when absent or unknown */
  const struct ev_centroids *geo;    /* country centroids; NULL: mmdb coordinates only */
  const struct ev_tz_countries *tzc; /* offsets per country; NULL: the browser zone is not compared with the IP's */
  const struct vet_check_config *cc;
};

/* Each adds at most one finding of its rule to f; only VET_ENOMEM fails. */
vet_err ev_anonymizer(const struct ev_input *in, struct vet_findings *f);       /* location.anonymizer */
vet_err ev_dprk_network(const struct ev_input *in, struct vet_findings *f);    /* location.dprk_network */
vet_err ev_high_risk_network(const struct ev_input *in, struct vet_findings *f); /* location.high_risk_network */
vet_err ev_country_mismatch(const struct ev_input *in, struct vet_findings *f); /* location.country_mismatch */
vet_err ev_impossible_travel(const struct ev_input *in, struct vet_findings *f); /* location.impossible_travel */
vet_err ev_language_mismatch(const struct ev_input *in, struct vet_findings *f); /* behaviour.language_mismatch */
vet_err ev_activity_rhythm(const struct ev_input *in, struct vet_findings *f);  /* behaviour.activity_rhythm */
vet_err ev_account_takeover(const struct ev_input *in, struct vet_findings *f); /* behaviour.account_takeover */
vet_err ev_timezone_vs_ip(const struct ev_input *in, struct vet_findings *f);   /* location.timezone_vs_ip */
/* All of the above, in that order. */
vet_err ev_signals(const struct ev_input *in, struct vet_findings *f);

/* The activity rhythm's fit, for the evidence and the tests. */
struct ev_rhythm {
  uint32_t events;          /* events used */
  int best_half_hours;      /* inferred UTC offset in half hours, -23 .. +24 */
  bool has_claimed;         /* a claimed zone was given */
  int claimed_offset_min;   /* the claimed zone's offset at the newest event */
  double llr_claimed;       /* mean log-likelihood ratio per event, best vs the claimed zone (0 without one) */
  double night_share;       /* share of events at 01:00-06:00 in the claimed zone (0 without one) */
  double margin;            /* mean LLR per event, best vs the best offset 3 hours or more from it */
  uint32_t hist[24];        /* events per UTC hour */
};
/* Fit the rhythm of ev[0..n) (claimed may be NULL).  False when there
 * are no events. */
bool ev_rhythm_fit(const struct vet_event *ev, uint32_t n, struct ev_zone *claimed, struct ev_rhythm *out);

#endif
