/* events/signals.c - the location and behaviour signals of issue 4 over one
 * subject's events (see events/signals.h): shares of sessions by what the
 * IP data says of their addresses, impossible travel between countries,
 * language settings, the activity rhythm fitted over all UTC offsets, and
 * account takeover, the browser clock against the IP's country; plus the
 * country centroids.
 * Owns: nothing beyond ev_centroids and the rhythm's log-template (one
 * table for the process, filled once); the signals are pure over caller
 * memory.
 * Thread-safety: safe from any thread (the ev_zone of the input is the
 * calling thread's; the template is filled under pthread_once). */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "core/common.h"
#include "events/signals.h"
#include "vetter/json.h"

/* Seconds in a day and in half an hour. */
#define DAY_S 86400
#define HALF_HOUR_S 1800
/* Half-hour UTC offsets tried by the rhythm fit: -23 (UTC-11:30) .. +24 (UTC+12). */
#define N_OFFSETS 48
/* The rhythm's "3 hours or more from the best" for its margin, in half hours. */
#define MARGIN_HALF_HOURS 6
/* UTC+8 to UTC+9 in half hours: China, the Koreas (full rhythm strength). */
#define FOCUS_LO 16
#define FOCUS_HI 18
/* The claimed zone's core night, local half-hour bins [2, 12): 01:00-06:00.
 * Night owls in the zone still sleep then. */
#define NIGHT_FROM 2
#define NIGHT_TO 12
/* Examples and tallied values (providers, countries) kept per finding. */
#define MAX_EXAMPLES 3
#define MAX_TALLY 16
/* Distinct devices and countries remembered by the takeover signal; later
 * ones are not tracked. */
#define MAX_DEVICES 256
#define MAX_COUNTRIES 64
/* Shortest time between two logins used for a speed (clock skew). */
#define MIN_TRAVEL_S 60
/* Mean earth radius, km. */
#define EARTH_KM 6371.0
#define PI 3.14159265358979323846

/* ---- helpers --------------------------------------------------------------- */


static double round3(double x) { return round(x * 1000) / 1000; }

/* The address says where the session was (in the table, not private). */
static bool is_located(const struct vet_ip_info *ip) { return ip->found && !(ip->flags & VET_IP_PRIVATE); }

/* VPN, hosting or Tor.  A named provider alone is not an anonymiser: the
 * provider file also names ISPs (North Korea's Star Joint Venture). */
static bool is_anon(const struct vet_ip_info *ip)
{
  return (ip->flags & (VET_IP_VPN | VET_IP_HOSTING | VET_IP_TOR)) != 0;
}

static const char *nz(const char *s) { return s ? s : ""; }

/* code is one of a comma-separated list of alpha-2 codes. */
static bool in_list(const char *list, const char *code) { return code[0] && vet_names_has(list, vet_str_c(code)); }

/* A comma list of country codes read once per subject for the
 * per-session tests: its items of two capitals as bits; any other code is
 * looked up in the list itself (in_list's answer either way). */
struct code_set {
  const char *list;
  uint64_t bits[(EV_CODE_SLOTS + 63) / 64];
};

static void code_set_init(struct code_set *cs, const char *list)
{
  memset(cs, 0, sizeof *cs);
  cs->list = list;
  size_t pos = 0;
  vet_str it;
  while (vet_names_next(list, &pos, &it)) {
    char code[3] = {0};
    if (it.len != 2)
      continue;
    memcpy(code, it.ptr, 2);
    int slot = ev_code_slot(code);
    if (slot >= 0)
      cs->bits[slot / 64] |= 1ull << (slot % 64);
  }
}

static bool code_set_has(const struct code_set *cs, const char *code)
{
  int slot = ev_code_slot(code);
  if (slot >= 0)
    return cs->bits[slot / 64] >> (slot % 64) & 1;
  return in_list(cs->list, code);
}

/* {"ts","ip","country","asn","org","provider"} of event i. */
static json_t *session_json(const struct ev_input *in, uint32_t i)
{
  const struct vet_ip_info *ip = &in->ip[i];
  json_t *o = json_pack("{s:o, s:o, s:s, s:I, s:s, s:s}", "ts", vet_json_time(in->ev[i].ts), "ip",
                        vet_json_str(vet_lstr_str(in->ev[i].ip)), "country", ip->country, "asn",
                        (json_int_t)ip->asn, "org", nz(ip->org), "provider", nz(ip->provider));
  if (o && ip->city[0]) /* the mmdb's */
    json_object_set_new(o, "city", json_string(ip->city));
  return o;
}

/* A signal's examples: the first MAX_EXAMPLES matching events, kept by
 * index and made JSON only when the signal makes a finding (a session's
 * JSON for every matching session, most of them dropped, was a tenth of
 * the event checks; and most signals make no finding). */
struct picks {
  uint32_t n;
  uint32_t at[MAX_EXAMPLES];
};

static void pick(struct picks *p, uint32_t i)
{
  if (p->n < MAX_EXAMPLES)
    p->at[p->n++] = i;
}

/* The picked sessions (session_json). */
static json_t *picked_sessions(const struct ev_input *in, const struct picks *p)
{
  json_t *a = json_array();
  for (uint32_t k = 0; k < p->n; k++)
    json_array_append_new(a, session_json(in, p->at[k]));
  return a;
}

/* Counts by a short name (providers, countries), at most MAX_TALLY names. */
struct tally {
  struct {
    char key[64];
    uint32_t n;
  } v[MAX_TALLY];
  uint32_t n;
};

static void tally_add(struct tally *t, const char *key)
{
  for (uint32_t k = 0; k < t->n; k++)
    if (!strcmp(t->v[k].key, key)) {
      t->v[k].n++;
      return;
    }
  if (t->n < MAX_TALLY) {
    vet_cstr_copy(t->v[t->n].key, sizeof t->v[t->n].key, key);
    t->v[t->n++].n = 1;
  }
}

/* The most frequent name ("" when none). */
static const char *tally_top(const struct tally *t)
{
  uint32_t top = 0;
  for (uint32_t k = 1; k < t->n; k++)
    if (t->v[k].n > t->v[top].n)
      top = k;
  return t->n ? t->v[top].key : "";
}

static json_t *tally_json(const struct tally *t)
{
  json_t *o = json_object();
  for (uint32_t k = 0; k < t->n; k++)
    json_object_set_new(o, t->v[k].key, json_integer(t->v[k].n));
  return o;
}

/* ---- country centroids ------------------------------------------------------ */

static int centroid_cmp(const void *a, const void *b)
{
  return strcmp(((const struct ev_centroid *)a)->code, ((const struct ev_centroid *)b)->code);
}

vet_err ev_centroids_load(const char *path, struct ev_centroids *out, struct vet_error *e)
{
  memset(out, 0, sizeof *out);
  FILE *fp = fopen(path, "r");
  if (!fp)
    return vet_fail(e, VET_EIO, "cannot open '%s': %s", path, strerror(errno));
  out->v = malloc(EV_MAX_CENTROIDS * sizeof *out->v);
  if (!out->v) {
    fclose(fp);
    return vet_fail(e, VET_ENOMEM, "out of memory");
  }
  char line[256];
  size_t lineno = 0;
  vet_err rc = VET_OK;
  while (!rc && fgets(line, sizeof line, fp)) {
    lineno++;
    vet_str l = vet_str_trim(vet_str_c(line));
    if (!l.len || l.ptr[0] == '#')
      continue;
    vet_str f[3];
    size_t nf = 0, start = 0;
    for (size_t i = 0; i <= l.len && nf < 3; i++)
      if (i == l.len || l.ptr[i] == '\t') {
        f[nf++] = vet_str_sub(l, start, i - start);
        start = i + 1;
      }
    double lat = 0, lon = 0;
    bool neg_lat = false, neg_lon = false;
    if (nf == 3 && f[1].len && f[1].ptr[0] == '-') {
      neg_lat = true;
      f[1] = vet_str_sub(f[1], 1, f[1].len);
    }
    if (nf == 3 && f[2].len && f[2].ptr[0] == '-') {
      neg_lon = true;
      f[2] = vet_str_sub(f[2], 1, f[2].len);
    }
    if (nf != 3 || f[0].len != 2 || vet_parse_double(f[1], &lat) || vet_parse_double(f[2], &lon) || lat > 90 ||
        lon > 180) {
      rc = vet_fail(e, VET_EPARSE, "'%s' line %zu: expected code, latitude and longitude", path, lineno);
      break;
    }
    if (out->n >= EV_MAX_CENTROIDS) {
      rc = vet_fail(e, VET_ELIMIT, "'%s': more than %d centroids", path, EV_MAX_CENTROIDS);
      break;
    }
    struct ev_centroid *c = &out->v[out->n++];
    c->code[0] = (char)(f[0].ptr[0] & ~0x20); /* upper case */
    c->code[1] = (char)(f[0].ptr[1] & ~0x20);
    c->code[2] = 0;
    c->lat = neg_lat ? -lat : lat;
    c->lon = neg_lon ? -lon : lon;
  }
  fclose(fp);
  if (rc) {
    ev_centroids_release(out);
    return rc;
  }
  qsort(out->v, out->n, sizeof *out->v, centroid_cmp);
  memset(out->at, 0, sizeof out->at);
  out->indexed = true;
  for (uint32_t i = 0; i < out->n && out->indexed; i++) {
    int slot = ev_code_slot(out->v[i].code);
    if (slot < 0)
      continue;
    if (out->at[slot])
      out->indexed = false; /* a repeated code: bsearch decides, as before */
    out->at[slot] = (uint16_t)(i + 1);
  }
  return VET_OK;
}

void ev_centroids_release(struct ev_centroids *c)
{
  free(c->v);
  c->v = NULL;
  c->n = 0;
}

const struct ev_centroid *ev_centroid_find(const struct ev_centroids *c, const char *code)
{
  if (!c || !c->n || !code || strlen(code) != 2)
    return NULL;
  int slot = c->indexed ? ev_code_slot(code) : -1;
  if (slot >= 0)
    return c->at[slot] ? &c->v[c->at[slot] - 1] : NULL;
  struct ev_centroid key;
  memcpy(key.code, code, 3);
  return bsearch(&key, c->v, c->n, sizeof *c->v, centroid_cmp);
}

double ev_distance_km(double lat1, double lon1, double lat2, double lon2)
{
  double r = PI / 180;
  double dlat = (lat2 - lat1) * r, dlon = (lon2 - lon1) * r;
  double a = sin(dlat / 2) * sin(dlat / 2) + cos(lat1 * r) * cos(lat2 * r) * sin(dlon / 2) * sin(dlon / 2);
  if (a > 1)
    a = 1;
  return 2 * EARTH_KM * asin(sqrt(a));
}

/* ---- IP shares ---------------------------------------------------------------- */

vet_err ev_anonymizer(const struct ev_input *in, struct vet_findings *f)
{
  if (!in->ip)
    return VET_OK;
  uint32_t located = 0, anon = 0, vpn = 0, hosting = 0, tor = 0;
  struct tally providers = {0};
  struct picks ex = {0};
  for (uint32_t i = 0; i < in->n; i++) {
    const struct vet_ip_info *ip = &in->ip[i];
    if (!is_located(ip))
      continue;
    located++;
    if (!is_anon(ip))
      continue;
    anon++;
    vpn += (ip->flags & VET_IP_VPN) != 0;
    hosting += (ip->flags & VET_IP_HOSTING) != 0;
    tor += (ip->flags & VET_IP_TOR) != 0;
    char name[64];
    if (ip->provider && ip->provider[0])
      vet_cstr_copy(name, sizeof name, ip->provider);
    else if (ip->flags & VET_IP_TOR)
      snprintf(name, sizeof name, "Tor");
    else
      snprintf(name, sizeof name, "AS%u %s", ip->asn, nz(ip->org));
    tally_add(&providers, name);
    pick(&ex, i);
  }
  double share = located ? (double)anon / located : 0;
  if (located < in->cc->ip_min_sessions || !anon || share < in->cc->anonymizer_share)
    return VET_OK;
  json_t *evd = json_pack("{s:i, s:i, s:f, s:i, s:i, s:i, s:o, s:o}", "sessions", (int)located, "anonymised",
                          (int)anon, "share", round3(share), "vpn", (int)vpn, "hosting",
                          (int)hosting, "tor", (int)tor, "providers", tally_json(&providers),
                          "examples", picked_sessions(in, &ex));
  return vet_findings_add(f, VET_RULE_LOCATION_ANONYMIZER, 1, VET_SEV_MEDIUM, evd,
                          "%u of %u located sessions (%.0f%%) came through VPNs, hosting networks or Tor (mostly %s)",
                          anon, located, share * 100, tally_top(&providers));
}

vet_err ev_dprk_network(const struct ev_input *in, struct vet_findings *f)
{
  if (!in->ip)
    return VET_OK;
  uint32_t located = 0, hits = 0;
  uint32_t first = 0;
  struct picks ex = {0};
  for (uint32_t i = 0; i < in->n; i++) {
    const struct vet_ip_info *ip = &in->ip[i];
    if (!ip->found)
      continue;
    located++;
    if (!(ip->flags & VET_IP_DPRK) && !ev_code_eq(ip->country, "KP"))
      continue;
    if (!hits++)
      first = i;
    pick(&ex, i);
  }
  if (!hits)
    return VET_OK;
  json_t *evd = json_pack("{s:i, s:i, s:o}", "sessions", (int)located, "from_dprk", (int)hits,
                          "examples", picked_sessions(in, &ex));
  return vet_findings_add(f, VET_RULE_LOCATION_DPRK_NETWORK, 1, VET_SEV_CRITICAL, evd,
                          "%u session%s came from North Korean address space (first %.*s)", hits, hits == 1 ? "" : "s",
                          VET_STR_FMT(vet_lstr_str(in->ev[first].ip)));
}

/* Sessions from countries other than the claimed one; elevated: only
 * countries of check.countries_elevated, anonymised sessions included;
 * otherwise any other country, anonymised sessions left out. */
static vet_err other_country(const struct ev_input *in, struct vet_findings *f, bool elevated)
{
  const struct vet_check_config *cc = in->cc;
  const char *claim = in->s->country.code;
  if (!in->ip || !claim[0] || (elevated && in_list(cc->countries_elevated, claim)))
    return VET_OK;
  uint32_t sessions = 0, other = 0;
  struct tally countries = {0};
  struct code_set listed;
  if (elevated)
    code_set_init(&listed, cc->countries_elevated);
  struct picks ex = {0};
  for (uint32_t i = 0; i < in->n; i++) {
    const struct vet_ip_info *ip = &in->ip[i];
    if (!is_located(ip) || !ip->country[0] || (!elevated && is_anon(ip)))
      continue;
    sessions++;
    bool hit = elevated ? code_set_has(&listed, ip->country) : !ev_code_eq(ip->country, claim);
    if (!hit)
      continue;
    other++;
    tally_add(&countries, ip->country);
    pick(&ex, i);
  }
  double share = sessions ? (double)other / sessions : 0;
  double need = elevated ? cc->high_risk_network_share : cc->ip_country_share;
  if (sessions < cc->ip_min_sessions || !other || share < need)
    return VET_OK;
  json_t *evd = json_pack("{s:s, s:i, s:i, s:f, s:o, s:o}", "claimed_country", claim, "sessions",
                          (int)sessions, elevated ? "from_elevated" : "from_elsewhere", (int)other,
                          "share", round3(share), "countries", tally_json(&countries), "examples",
                          picked_sessions(in, &ex));
  if (elevated)
    return vet_findings_add(f, VET_RULE_LOCATION_HIGH_RISK_NETWORK, 1, VET_SEV_HIGH, evd,
                            "%u of %u located sessions (%.0f%%) came from networks in %s while the profile claims %s",
                            other, sessions, share * 100, tally_top(&countries), claim);
  return vet_findings_add(f, VET_RULE_LOCATION_COUNTRY_MISMATCH, 1, VET_SEV_MEDIUM, evd,
                          "%u of %u located sessions (%.0f%%) came from outside the claimed %s (mostly %s)", other,
                          sessions, share * 100, claim, tally_top(&countries));
}

vet_err ev_high_risk_network(const struct ev_input *in, struct vet_findings *f) { return other_country(in, f, true); }

vet_err ev_country_mismatch(const struct ev_input *in, struct vet_findings *f) { return other_country(in, f, false); }

/* Coordinates of a located session: the mmdb's city, else its country's
 * centroid.  False when neither is known. */
static bool where(const struct ev_input *in, const struct vet_ip_info *ip, double *lat, double *lon)
{
  if (ip->has_coords) {
    *lat = ip->lat;
    *lon = ip->lon;
    return true;
  }
  const struct ev_centroid *c = ev_centroid_find(in->geo, ip->country);
  if (!c)
    return false;
  *lat = c->lat;
  *lon = c->lon;
  return true;
}

/* An impossible hop between sessions from and to. */
struct hop {
  uint32_t from, to;
  double km, kmh;
  int64_t dt;
};

vet_err ev_impossible_travel(const struct ev_input *in, struct vet_findings *f)
{
  const struct vet_check_config *cc = in->cc;
  if (!in->ip)
    return VET_OK;
  uint32_t hops = 0, compared = 0, compared_cities = 0;
  bool have_prev = false;
  uint32_t prev = 0;
  double plat = 0, plon = 0, fastest = 0;
  struct hop ex[MAX_EXAMPLES]; /* the first hops (as struct picks) */
  uint32_t n_ex = 0;
  for (uint32_t i = 0; i < in->n; i++) {
    const struct vet_ip_info *ip = &in->ip[i];
    double lat, lon;
    if (!is_located(ip) || is_anon(ip) || !ip->country[0] || !where(in, ip, &lat, &lon))
      continue;
    /* across countries always; within one country only between city
     * coordinates (an mmdb), less both radii of uncertainty: a country's
     * centroid says nothing of where in it a session was */
    const struct vet_ip_info *pip = &in->ip[prev];
    bool other_country = have_prev && !ev_code_eq(ip->country, pip->country);
    bool cities = have_prev && !other_country && ip->has_coords && pip->has_coords;
    if (other_country || cities) {
      compared += other_country;
      compared_cities += cities;
      double km = ev_distance_km(plat, plon, lat, lon);
      if (cities)
        km = VET_MAX(0.0, km - (double)ip->accuracy_km - (double)pip->accuracy_km);
      int64_t dt = in->ev[i].ts - in->ev[prev].ts;
      double hours = (double)(dt < MIN_TRAVEL_S ? MIN_TRAVEL_S : dt) / 3600;
      double kmh = km / hours;
      if (km >= cc->travel_min_km && kmh > cc->travel_max_kmh) {
        hops++;
        if (kmh > fastest)
          fastest = kmh;
        if (n_ex < MAX_EXAMPLES)
          ex[n_ex++] = (struct hop){prev, i, km, kmh, dt};
      }
    }
    have_prev = true;
    prev = i;
    plat = lat;
    plon = lon;
  }
  if (hops < cc->travel_min_hops)
    return VET_OK;
  json_t *examples = json_array();
  for (uint32_t k = 0; k < n_ex; k++)
    json_array_append_new(examples, json_pack("{s:o, s:o, s:f, s:f, s:f}", "from", session_json(in, ex[k].from), "to",
                                              session_json(in, ex[k].to), "km", round(ex[k].km), "hours",
                                              round3((double)ex[k].dt / 3600), "kmh", round(ex[k].kmh)));
  json_t *evd = json_pack("{s:i, s:i, s:i, s:f, s:f, s:o}", "country_changes", (int)compared, "city_changes",
                          (int)compared_cities, "impossible_hops", (int)hops, "max_kmh", cc->travel_max_kmh,
                          "fastest_kmh", round(fastest), "examples", examples);
  return vet_findings_add(f, VET_RULE_LOCATION_IMPOSSIBLE_TRAVEL, 1, VET_SEV_MEDIUM, evd,
                          "%u pairs of consecutive logins were too far apart for the time between them (up to %.0f km/h)",
                          hops, fastest);
}

/* ---- languages ------------------------------------------------------------------ */

enum lang { LANG_OTHER = 0, LANG_KO, LANG_ZH };

/* Where each is commonly spoken (claims there are not out of place). */
static const char *const ko_countries = "KR,KP";
static const char *const zh_countries = "CN,TW,HK,MO,SG,MY";

/* A BCP 47 tag ("ko", "ko-KR", "zh_Hans_CN") or an English or native
 * name of the language, as profiles give them. */
static enum lang lang_of(vet_str t)
{
  t = vet_str_trim(t);
  static const char *const ko_names[] = {"korean", "kor", "\xed\x95\x9c\xea\xb5\xad\xec\x96\xb4" /* 한국어 */};
  static const char *const zh_names[] = {"chinese", "zho", "chi", "mandarin", "cantonese",
                                         "\xe4\xb8\xad\xe6\x96\x87" /* 中文 */};
  for (size_t i = 0; i < VET_COUNTOF(ko_names); i++)
    if (vet_str_ieq_c(t, ko_names[i]))
      return LANG_KO;
  for (size_t i = 0; i < VET_COUNTOF(zh_names); i++)
    if (vet_str_ieq_c(t, zh_names[i]))
      return LANG_ZH;
  if (t.len < 2 || (t.len > 2 && t.ptr[2] != '-' && t.ptr[2] != '_'))
    return LANG_OTHER;
  if (vet_str_istarts_with(t, "ko"))
    return LANG_KO;
  if (vet_str_istarts_with(t, "zh"))
    return LANG_ZH;
  return LANG_OTHER;
}

static bool out_of_place(enum lang l, const char *claim)
{
  if (l == LANG_KO)
    return !in_list(ko_countries, claim);
  if (l == LANG_ZH)
    return !in_list(zh_countries, claim);
  return false;
}

vet_err ev_language_mismatch(const struct ev_input *in, struct vet_findings *f)
{
  const struct vet_subject *s = in->s;
  const char *claim = s->country.code;
  if (!claim[0])
    return VET_OK;
  uint32_t sessions = 0, odd = 0;
  struct tally langs = {0};
  struct picks ex = {0};
  vet_str last = VET_STR_NULL; /* the tag looked at last, and its answer: browsers keep theirs */
  bool last_odd = false;
  for (uint32_t i = 0; i < in->n; i++) {
    const struct vet_event *e = &in->ev[i];
    if (!e->x->languages.n)
      continue;
    sessions++;
    vet_str first = e->x->languages.v[0]; /* the browser's preferred language */
    if (!last.ptr || !vet_str_eq(first, last)) {
      last = first.ptr ? first : VET_LIT("");
      last_odd = out_of_place(lang_of(first), claim);
    }
    if (!last_odd)
      continue;
    odd++;
    char key[64];
    snprintf(key, sizeof key, "%.*s", (int)(first.len < 32 ? first.len : 32), first.ptr);
    tally_add(&langs, key);
    pick(&ex, i);
  }
  json_t *profile = json_array();
  for (uint32_t k = 0; k < s->languages.n; k++)
    if (out_of_place(lang_of(s->languages.v[k]), claim))
      json_array_append_new(profile, vet_json_str(s->languages.v[k]));
  double share = sessions ? (double)odd / sessions : 0;
  bool browsers = odd && share >= in->cc->language_share;
  if (!browsers && !json_array_size(profile)) {
    json_decref(profile);
    return VET_OK;
  }
  json_t *examples = json_array();
  for (uint32_t k = 0; k < ex.n; k++) {
    const struct vet_event *e = &in->ev[ex.at[k]];
    json_array_append_new(examples, json_pack("{s:o, s:o}", "ts", vet_json_time(e->ts), "language",
                                              vet_json_str(e->x->languages.v[0])));
  }
  json_t *evd = json_pack("{s:s, s:i, s:i, s:f, s:o, s:o, s:o}", "claimed_country", claim, "sessions",
                          (int)sessions, "out_of_place", (int)odd, "share", round3(share),
                          "browser_languages", tally_json(&langs), "profile_languages", profile, "examples", examples);
  if (browsers)
    return vet_findings_add(f, VET_RULE_BEHAVIOUR_LANGUAGE_MISMATCH, 1, VET_SEV_LOW, evd,
                            "%u of %u sessions (%.0f%%) had the browser set to %s while the profile claims %s", odd,
                            sessions, share * 100, tally_top(&langs), claim);
  return vet_findings_add(f, VET_RULE_BEHAVIOUR_LANGUAGE_MISMATCH, in->cc->language_profile_factor, VET_SEV_LOW, evd,
                          "the profile lists %s while claiming %s",
                          json_string_value(json_array_get(json_object_get(evd, "profile_languages"), 0)), claim);
}

/* ---- the activity rhythm ----------------------------------------------------------- */

/* Relative activity by local hour of a working day and a night: asleep
 * 1-6, ramping up 7-8, working 9-17 with a lunch dip, evenings tapering.
 * Deliberately broad (evening work is normal) so that night owls an hour
 * or two late still fit their own zone best. */
static const double day_template[24] = {
    0.30, 0.15, 0.08, 0.05, 0.05, 0.08, 0.20, 0.50, 1.00, 1.50, 1.70, 1.70,
    1.30, 1.60, 1.70, 1.70, 1.60, 1.30, 0.90, 0.70, 0.70, 0.70, 0.60, 0.45,
};

/* log of the template's probability per local half-hour bin, three
 * times over (template_lt[b + N_OFFSETS * k] for bin b), so that the fit
 * reads a bin shifted by -23 .. +24 half hours without wrapping around;
 * computed once (template_log). */
static double template_lt[3 * N_OFFSETS];
static pthread_once_t template_once = PTHREAD_ONCE_INIT;

static void template_init(void)
{
  double sum = 0;
  for (int h = 0; h < 24; h++)
    sum += day_template[h];
  for (int b = 0; b < 3 * N_OFFSETS; b++)
    template_lt[b] = log(day_template[b % N_OFFSETS / 2] / (2 * sum));
}

/* The log-template of bins -N_OFFSETS .. 2 N_OFFSETS - 1 (bin b at [b]). */
static const double *template_log(void)
{
  pthread_once(&template_once, template_init);
  return template_lt + N_OFFSETS;
}

static int bin_of(int64_t t)
{
  int64_t r = t % DAY_S;
  if (r < 0)
    r += DAY_S;
  return (int)(r / HALF_HOUR_S);
}

/* Circular distance of two half-hour offsets. */
static int half_hour_dist(int a, int b)
{
  int d = ((a - b) % N_OFFSETS + N_OFFSETS) % N_OFFSETS;
  return d < N_OFFSETS - d ? d : N_OFFSETS - d;
}

bool ev_rhythm_fit(const struct vet_event *ev, uint32_t n, struct ev_zone *claimed, struct ev_rhythm *out)
{
  memset(out, 0, sizeof *out);
  if (!n)
    return false;
  const double *lt = template_log();
  uint32_t hist[N_OFFSETS] = {0};
  double ll_claimed = 0;
  uint32_t night = 0;
  int64_t cached_day = INT64_MIN;
  int off = 0;
  bool claim_ok = claimed != NULL;
  for (uint32_t i = 0; i < n; i++) {
    int b = bin_of(ev[i].ts);
    hist[b]++;
    out->hist[b / 2]++;
    if (!claim_ok)
      continue;
    /* the claimed offset once per UTC day (it changes twice a year) */
    int64_t day = ev[i].ts >= 0 ? ev[i].ts / DAY_S : (ev[i].ts - DAY_S + 1) / DAY_S;
    if (day != cached_day) {
      if (!ev_zone_offset(claimed, ev[i].ts, &off)) {
        claim_ok = false;
        continue;
      }
      cached_day = day;
    }
    int lb = bin_of(ev[i].ts + (int64_t)off * 60);
    ll_claimed += lt[lb];
    night += lb >= NIGHT_FROM && lb < NIGHT_TO;
  }
  /* the bins with events, in order: an empty bin adds 0 * lt = -0.0,
   * which changes no sum, so the sums are the same without them */
  int used[N_OFFSETS], n_used = 0;
  for (int b = 0; b < N_OFFSETS; b++)
    if (hist[b])
      used[n_used++] = b;
  double ll[N_OFFSETS];
  int best = 0;
  for (int k = 0; k < N_OFFSETS; k++) {
    int o = k - 23; /* -23 .. +24 half hours */
    double s = 0;
    for (int u = 0; u < n_used; u++) {
      int b = used[u]; /* lt[b + o], b + o in -23 .. 71, is lt[(b + o) mod N_OFFSETS] */
      s += hist[b] * lt[b + o];
    }
    ll[k] = s;
    if (s > ll[best])
      best = k;
  }
  double alt = -INFINITY;
  for (int k = 0; k < N_OFFSETS; k++)
    if (half_hour_dist(k, best) >= MARGIN_HALF_HOURS && ll[k] > alt)
      alt = ll[k];
  out->events = n;
  out->best_half_hours = best - 23;
  out->margin = (ll[best] - alt) / n;
  if (claim_ok) {
    out->has_claimed = true;
    int last = 0;
    out->claimed_offset_min = ev_zone_offset(claimed, ev[n - 1].ts, &last) ? last : off;
    out->llr_claimed = (ll[best] - ll_claimed) / n;
    out->night_share = (double)night / n;
    if (out->llr_claimed < 0) /* the claimed zone's DST changes can fit better than any fixed offset */
      out->llr_claimed = 0;
  }
  return true;
}

vet_err ev_activity_rhythm(const struct ev_input *in, struct vet_findings *f)
{
  const struct vet_check_config *cc = in->cc;
  struct ev_rhythm r;
  if (!in->claimed_zone || in->n < cc->rhythm_min_events || !ev_rhythm_fit(in->ev, in->n, in->claimed_zone, &r) ||
      !r.has_claimed)
    return VET_OK;
  int claimed_hh = (int)lround(r.claimed_offset_min / 30.0);
  int shift = half_hour_dist(r.best_half_hours, claimed_hh);
  if (shift < (int)cc->rhythm_min_shift_h * 2 || r.llr_claimed < cc->rhythm_min_llr)
    return VET_OK;
  /* a day shifted a few hours late is a night owl's, unless the claimed
   * zone's night is worked too */
  if (shift < (int)cc->rhythm_sure_shift_h * 2 && r.night_share < cc->rhythm_night_share)
    return VET_OK;
  bool focus = r.best_half_hours >= FOCUS_LO && r.best_half_hours <= FOCUS_HI;
  char best[16], claim[16];
  ev_offset_text(r.best_half_hours * 30, best, sizeof best);
  ev_offset_text(r.claimed_offset_min, claim, sizeof claim);
  json_t *hist = json_array();
  for (int h = 0; h < 24; h++)
    json_array_append_new(hist, json_integer(r.hist[h]));
  json_t *evd = json_pack("{s:o, s:s, s:s, s:f, s:i, s:f, s:f, s:f, s:o, s:o, s:o}", "claimed_zone",
                          vet_json_str(in->s->timezone), "claimed_offset", claim, "inferred_offset", best,
                          "shift_hours", shift / 2.0, "events_used", (int)r.events, "confidence_llr_per_event",
                          round3(r.llr_claimed), "margin_llr_per_event", round3(r.margin),
                          "claimed_night_share", round3(r.night_share), "utc_hour_histogram", hist,
                          "first", vet_json_time(in->ev[0].ts), "last", vet_json_time(in->ev[in->n - 1].ts));
  return vet_findings_add(f, VET_RULE_BEHAVIOUR_ACTIVITY_RHYTHM, focus ? 1 : cc->rhythm_other_factor, VET_SEV_MEDIUM,
                          evd, "claims %.*s (%s), works like %s (%u events, %.2f nats per event)",
                          VET_STR_FMT(in->s->timezone), claim, best, r.events, r.llr_claimed);
}

/* ---- account takeover ------------------------------------------------------------- */

struct seen {
  vet_str key;
  int64_t first;
  uint32_t at; /* event index of the first sighting */
};

static void seen_add(struct seen *v, uint32_t *n, uint32_t cap, vet_str key, int64_t t, uint32_t at)
{
  for (uint32_t k = 0; k < *n; k++)
    if (vet_str_eq(v[k].key, key))
      return;
  if (*n < cap)
    v[(*n)++] = (struct seen){key, t, at};
}

/* A key first seen within [lo, hi] while another was seen before lo. */
static const struct seen *new_in(const struct seen *v, uint32_t n, int64_t lo, int64_t hi, uint32_t *before)
{
  const struct seen *hit = NULL;
  *before = 0;
  for (uint32_t k = 0; k < n; k++) {
    if (v[k].first < lo)
      (*before)++;
    else if (v[k].first <= hi && !hit)
      hit = &v[k];
  }
  return *before ? hit : NULL;
}

/* e is a payout change of an account created at `created` that was
 * takeover_min_age_days old when the window of win seconds before it
 * began. */
static bool takeover_candidate(const struct vet_check_config *cc, const struct vet_event *e, int64_t created,
                               int64_t win)
{
  return e->kind == VET_EV_PAYOUT_CHANGE && e->ts - win - created >= (int64_t)cc->takeover_min_age_days * DAY_S;
}

vet_err ev_account_takeover(const struct ev_input *in, struct vet_findings *f)
{
  const struct vet_check_config *cc = in->cc;
  if (!in->ip || !in->n)
    return VET_OK;
  int64_t created = in->s->created_at ? in->s->created_at : in->ev[0].ts;
  int64_t win = (int64_t)cc->takeover_window_days * DAY_S;
  /* only a payout change of an established account can be one: most
   * subjects have none, and their devices and countries are not tallied */
  uint32_t first = 0;
  while (first < in->n && !takeover_candidate(cc, &in->ev[first], created, win))
    first++;
  if (first == in->n)
    return VET_OK;
  /* the tables are large for a stack frame: the heap, once per call */
  struct seen *dev = malloc((MAX_DEVICES + MAX_COUNTRIES) * sizeof *dev);
  if (!dev)
    return VET_ENOMEM;
  struct seen *ctry = dev + MAX_DEVICES;
  uint32_t nd = 0, nc = 0;
  for (uint32_t i = 0; i < in->n; i++) {
    const struct vet_event *e = &in->ev[i];
    if (e->device_id.ptr)
      seen_add(dev, &nd, MAX_DEVICES, vet_lstr_str(e->device_id), e->ts, i);
    const struct vet_ip_info *ip = &in->ip[i];
    if (is_located(ip) && ip->country[0])
      seen_add(ctry, &nc, MAX_COUNTRIES, (vet_str){ip->country, strlen(ip->country)}, e->ts, i);
  }
  vet_err rc = VET_OK;
  for (uint32_t i = first; i < in->n; i++) {
    const struct vet_event *e = &in->ev[i];
    if (!takeover_candidate(cc, e, created, win))
      continue;
    uint32_t old_dev = 0, old_ctry = 0;
    const struct seen *d = new_in(dev, nd, e->ts - win, e->ts + win, &old_dev);
    const struct seen *c = new_in(ctry, nc, e->ts - win, e->ts + win, &old_ctry);
    if (!d || !c)
      continue;
    json_t *evd = json_pack(
        "{s:o, s:i, s:o, s:{s:o, s:o}, s:{s:s, s:o, s:o}, s:i, s:i, s:i}", "account_since", vet_json_time(created),
        "age_days", (int)((e->ts - created) / DAY_S), "payout_change", vet_json_time(e->ts), "new_device", "id",
        vet_json_str(d->key), "first_seen", vet_json_time(d->first), "new_country", "code", c->key.ptr,
        "first_seen", vet_json_time(c->first), "ip", vet_json_str(vet_lstr_str(in->ev[c->at].ip)), "earlier_devices",
        (int)old_dev, "earlier_countries", (int)old_ctry, "window_days",
        (int)cc->takeover_window_days);
    rc = vet_findings_add(f, VET_RULE_BEHAVIOUR_ACCOUNT_TAKEOVER, 1, VET_SEV_HIGH, evd,
                          "an account %lld days old changed device, IP country (%s) and payout within %u days",
                          (long long)((e->ts - created) / DAY_S), c->key.ptr, cc->takeover_window_days);
    break;
  }
  free(dev);
  return rc;
}

/* ---- browser time zone against the IP's country ------------------------------- */

/* The browser's offset m is within tol minutes of one in use in c. */
static bool offset_in_country(const struct ev_country_tz *c, int m, int tol)
{
  for (uint32_t k = 0; k < c->n; k++)
    if (abs(m - c->off[k]) <= tol)
      return true;
  return false;
}

vet_err ev_timezone_vs_ip(const struct ev_input *in, struct vet_findings *f)
{
  const struct vet_check_config *cc = in->cc;
  if (!in->ip || !in->tzc)
    return VET_OK;
  uint32_t sessions = 0, off = 0;
  struct tally countries = {0}, offsets = {0};
  struct picks ex = {0};
  for (uint32_t i = 0; i < in->n; i++) {
    const struct vet_ip_info *ip = &in->ip[i];
    const struct vet_event *ev = &in->ev[i];
    /* an anonymiser's country says nothing of where the machine is */
    if (!ev->x->has_tz_offset || !is_located(ip) || is_anon(ip) || !ip->country[0])
      continue;
    const struct ev_country_tz *c = ev_tz_country(in->tzc, ip->country);
    if (!c)
      continue;
    sessions++;
    if (offset_in_country(c, ev->x->tz_offset_min, (int)cc->tz_tolerance_min))
      continue;
    off++;
    char text[16];
    ev_offset_text(ev->x->tz_offset_min, text, sizeof text);
    tally_add(&countries, ip->country);
    tally_add(&offsets, text);
    pick(&ex, i);
  }
  double share = sessions ? (double)off / sessions : 0;
  if (sessions < cc->ip_min_sessions || !off || share < cc->tz_mismatch_share)
    return VET_OK;
  json_t *examples = json_array();
  for (uint32_t k = 0; k < ex.n; k++) {
    const struct vet_event *ev = &in->ev[ex.at[k]];
    char text[16];
    ev_offset_text(ev->x->tz_offset_min, text, sizeof text);
    json_array_append_new(examples, json_pack("{s:o, s:s, s:o}", "session", session_json(in, ex.at[k]),
                                              "browser_offset", text, "browser_zone", vet_json_str(ev->x->tz_name)));
  }
  json_t *evd = json_pack("{s:i, s:i, s:f, s:o, s:o, s:o}", "sessions", (int)sessions, "mismatched", (int)off, "share",
                          round3(share), "browser_offsets", tally_json(&offsets), "ip_countries",
                          tally_json(&countries), "examples", examples);
  return vet_findings_add(f, VET_RULE_LOCATION_TIMEZONE_VS_IP, 1, VET_SEV_MEDIUM, evd,
                          "%u of %u located sessions (%.0f%%) kept a browser clock (mostly %s) that is not in use in "
                          "the address's country (mostly %s)",
                          off, sessions, share * 100, tally_top(&offsets), tally_top(&countries));
}

vet_err ev_signals(const struct ev_input *in, struct vet_findings *f)
{
  vet_err (*const sig[])(const struct ev_input *, struct vet_findings *) = {
      ev_anonymizer,        ev_dprk_network,      ev_high_risk_network, ev_country_mismatch,
      ev_impossible_travel, ev_language_mismatch, ev_activity_rhythm,   ev_account_takeover,
      ev_timezone_vs_ip};
  vet_err rc = VET_OK;
  for (size_t k = 0; k < VET_COUNTOF(sig) && !rc; k++)
    rc = sig[k](in, f);
  return rc;
}
