/* test_signals.c - the location and behaviour signals (events/signals.c,
 * events/tz.c): constructed event histories per signal, with what the IP
 * data says of each address given directly (no IP database), and the
 * honest histories that must not fire: a traveller on real flights, a
 * night owl in the claimed zone, daylight saving time, an office behind
 * one NAT, a heritage speaker's browser, a new laptop, a browser clock
 * across a border. */
#include <inttypes.h>
#include <math.h>
#include <unistd.h>

#include <unicode/ucal.h>
#include <unicode/uenum.h>
#include <unicode/uloc.h>
#include <unicode/ustring.h>

#include "testutil.h"
#include "events/signals.h"
#include "events/tz_region.h"
#include "vetter/risk.h"

#define CAP 4096
#define DAY 86400
#define HOUR 3600
/* 2026-01-01T00:00:00Z (a Thursday) and 2025-01-01T00:00:00Z. */
#define JAN26 1767225600
#define JAN25 1735689600

static struct {
  struct vet_event ev[CAP];
  struct vet_event_ext xt[CAP]; /* ev[i].x */
  struct vet_ip_info ip[CAP];
  uint32_t n;
} H;
static struct vet_subject S;
static struct vet_config C;
static struct vet_findings F;
static struct ev_centroids GEO;
static struct ev_tz_countries TZC;
static vet_str profile_langs[4];

/* A fresh subject claiming country (alpha-2) and IANA zone tz. */
static void subject(const char *country, const char *tz)
{
  memset(&H, 0, sizeof H);
  memset(&S, 0, sizeof S);
  snprintf(S.country.code, sizeof S.country.code, "%s", country);
  S.timezone = vet_str_c(tz);
  vet_config_defaults(&C);
  vet_findings_reset(&F);
}

/* s as an event keeps its address and device id (vet_lstr), in an arena
 * that lives as long as the test program. */
static vet_lstr lstr(const char *s)
{
  static struct vet_arena a;
  static bool ready;
  if (!ready) {
    vet_arena_init(&a, 4096);
    ready = true;
  }
  vet_str d = vet_arena_lstrdup(&a, vet_str_c(s));
  assert_non_null(d.ptr);
  return vet_lstr_of(d);
}

/* A login at t, from address text ip that the IP data places in country
 * with flags (provider named when not NULL). */
static struct vet_event *login(int64_t t, const char *ip, const char *country, uint32_t flags, const char *provider)
{
  assert_true(H.n < CAP);
  if (H.n)
    assert_true(t >= H.ev[H.n - 1].ts); /* histories are sorted by time */
  struct vet_event *e = &H.ev[H.n];
  H.xt[H.n] = vet_event_ext_none;
  e->x = &H.xt[H.n];
  struct vet_ip_info *x = &H.ip[H.n++];
  e->ts = t;
  e->kind = VET_EV_LOGIN; /* vm not reported: vet_event_ext_none's -1 */
  e->ip = lstr(ip);
  if (country) {
    x->found = true;
    snprintf(x->country, sizeof x->country, "%s", country);
    x->asn = 64500;
    x->org = "Example Net";
    x->flags = flags;
    x->provider = provider ? provider : "";
    x->sources = "test";
  }
  return e;
}

/* Run sig over the history (with the IP data when with_ip); the finding
 * of rule r, NULL when none. */
static const struct vet_finding *run(vet_err (*sig)(const struct ev_input *, struct vet_findings *), enum vet_rule r,
                                     bool with_ip)
{
  struct ev_zone *z = ev_zone_open(S.timezone);
  struct ev_input in = {&S, H.ev, H.n, with_ip ? H.ip : NULL, z, &GEO, &TZC, &C.check};
  vet_findings_reset(&F);
  tu_must(sig(&in, &F), "signal");
  ev_zone_close(z);
  const struct vet_finding *hit = NULL;
  for (uint32_t k = 0; k < F.n; k++) {
    assert_int_equal(F.v[k].rule, r); /* a signal adds only its own rule */
    assert_null(hit);                 /* and at most one finding */
    hit = &F.v[k];
  }
  return hit;
}

static json_t *evd(const struct vet_finding *x, const char *key)
{
  json_t *v = json_object_get(x->evidence, key);
  if (!v)
    fail_msg("evidence has no '%s'", key);
  return v;
}

static long long evi(const struct vet_finding *x, const char *key) { return json_integer_value(evd(x, key)); }
static const char *evs(const struct vet_finding *x, const char *key) { return json_string_value(evd(x, key)); }

/* ---- histories ------------------------------------------------------------ */

/* n logins a day apart from US addresses, of which the first k are
 * (country, flags, provider). */
static void mixed(uint32_t n, uint32_t k, const char *country, uint32_t flags, const char *provider)
{
  for (uint32_t i = 0; i < n; i++)
    if (i < k)
      login(JAN26 + i * DAY, "198.51.100.7", country, flags, provider);
    else
      login(JAN26 + i * DAY, "203.0.113.9", "US", 0, NULL);
}

static void h_astrill(void) { subject("US", "America/Chicago"), mixed(10, 6, "US", VET_IP_VPN | VET_IP_PROVIDER, "Astrill VPN"); }
static void h_vpn_sometimes(void) { subject("US", "America/Chicago"), mixed(10, 1, "NL", VET_IP_VPN, "NordVPN"); }
static void h_vpn_few(void) { subject("US", "America/Chicago"), mixed(2, 2, "US", VET_IP_VPN | VET_IP_PROVIDER, "Astrill VPN"); }
static void h_tor_hosting(void)
{
  subject("DE", "Europe/Berlin");
  for (uint32_t i = 0; i < 6; i++)
    login(JAN26 + i * DAY, "192.0.2.1", "DE", i % 2 ? VET_IP_TOR : VET_IP_HOSTING, NULL);
}
static void h_private(void)
{
  subject("US", "America/Chicago");
  for (uint32_t i = 0; i < 6; i++) {
    login(JAN26 + i * DAY, "10.0.0.5", "", VET_IP_PRIVATE | VET_IP_HOSTING, NULL);
  }
}
static void h_unknown_ips(void)
{
  subject("US", "America/Chicago");
  for (uint32_t i = 0; i < 6; i++)
    login(JAN26 + i * DAY, "not an address", NULL, 0, NULL);
}
static void h_dprk(void) { subject("US", "America/Chicago"), mixed(20, 1, "KP", VET_IP_DPRK, NULL); }
/* North Korea's ISP is a named provider, not an anonymiser. */
static void h_dprk_named_isp(void)
{
  subject("US", "America/Chicago");
  mixed(10, 8, "KP", VET_IP_DPRK | VET_IP_PROVIDER, "Star Joint Venture (Ryugyong-dong, Pyongyang)");
}
static void h_dprk_flag_only(void) { subject("CA", "America/Toronto"), mixed(5, 1, "CN", VET_IP_DPRK, NULL); }
static void h_cn_half(void) { subject("US", "America/Chicago"), mixed(10, 5, "CN", 0, NULL); }
static void h_ru_once(void) { subject("US", "America/Chicago"), mixed(10, 1, "RU", 0, NULL); }
static void h_cn_resident(void)
{
  subject("CN", "Asia/Shanghai");
  for (uint32_t i = 0; i < 10; i++)
    login(JAN26 + i * DAY, "203.0.113.1", "CN", 0, NULL);
}
static void h_ukraine(void) { subject("US", "America/Chicago"), mixed(10, 8, "UA", 0, NULL); }
static void h_holiday(void) { subject("US", "America/Chicago"), mixed(10, 2, "FR", 0, NULL); }
static void h_vpn_abroad(void) { subject("US", "America/Chicago"), mixed(10, 8, "NL", VET_IP_VPN, "NordVPN"); }
static void h_no_claim(void) { subject("", "America/Chicago"), mixed(10, 8, "UA", 0, NULL); }

/* US and South Korea alternating an hour apart: two people, one account. */
static void h_ping_pong(void)
{
  subject("US", "America/Chicago");
  for (uint32_t i = 0; i < 6; i++)
    login(JAN26 + i * HOUR, "192.0.2.9", i % 2 ? "KR" : "US", 0, NULL);
}
/* A consultant flying Chicago - Frankfurt - Paris - New York over a week:
 * every hop plausible (the Paris leg by train, hours later). */
static void h_traveller(void)
{
  subject("US", "America/Chicago");
  login(JAN26, "203.0.113.9", "US", 0, NULL);
  login(JAN26 + 14 * HOUR, "192.0.2.10", "DE", 0, NULL);      /* 7,800 km in 14 h */
  login(JAN26 + 2 * DAY, "192.0.2.11", "FR", 0, NULL);        /* next door, days later */
  login(JAN26 + 4 * DAY, "192.0.2.12", "FR", 0, NULL);
  login(JAN26 + 4 * DAY + 10 * HOUR, "203.0.113.9", "US", 0, NULL); /* back */
  /* a VPN exit in Japan in between is no place of the traveller's */
  login(JAN26 + 4 * DAY + 11 * HOUR, "198.51.100.1", "JP", VET_IP_VPN, "NordVPN");
  login(JAN26 + 4 * DAY + 12 * HOUR, "203.0.113.9", "US", 0, NULL);
}
/* City coordinates from an mmdb: Berlin and New York 30 minutes apart,
 * twice. */
static void h_mmdb_cities(void)
{
  subject("DE", "Europe/Berlin");
  static const double ber[2] = {52.52, 13.40}, nyc[2] = {40.71, -74.01};
  for (uint32_t i = 0; i < 4; i++) {
    login(JAN26 + i * 1800, "192.0.2.20", i % 2 ? "US" : "DE", 0, NULL);
    H.ip[H.n - 1].has_coords = true;
    H.ip[H.n - 1].lat = i % 2 ? nyc[0] : ber[0];
    H.ip[H.n - 1].lon = i % 2 ? nyc[1] : ber[1];
  }
}
/* City coordinates within one country: Los Angeles and New York 30
 * minutes apart, twice (the centroids alone could not tell). */
static void city(const char *name, double lat, double lon, uint16_t acc)
{
  struct vet_ip_info *ip = &H.ip[H.n - 1];
  ip->has_coords = true;
  ip->lat = lat;
  ip->lon = lon;
  ip->accuracy_km = acc;
  snprintf(ip->city, sizeof ip->city, "%s", name);
}
static void h_mmdb_one_country(void)
{
  subject("US", "America/New_York");
  for (uint32_t i = 0; i < 4; i++) {
    login(JAN26 + i * 1800, i % 2 ? "192.0.2.21" : "192.0.2.22", "US", 0, NULL);
    if (i % 2)
      city("New York", 40.71, -74.01, 20);
    else
      city("Los Angeles", 34.05, -118.24, 20);
  }
}
/* New York and Newark (15 km apart) minutes apart, with 20 km of
 * uncertainty each: not a hop; and one country without coordinates. */
static void h_mmdb_nearby(void)
{
  subject("US", "America/New_York");
  for (uint32_t i = 0; i < 6; i++) {
    login(JAN26 + i * 600, i % 2 ? "192.0.2.23" : "192.0.2.24", "US", 0, NULL);
    if (i < 4) {
      if (i % 2)
        city("New York", 40.71, -74.01, 20);
      else
        city("Newark", 40.74, -74.17, 20);
    }
  }
}
/* An office behind one NAT: one address, several devices, for a month. */
static void h_office_nat(void)
{
  subject("US", "America/New_York");
  static const char *const devices[] = {"laptop-1", "laptop-2", "laptop-3", "laptop-4"};
  for (uint32_t d = 0; d < 30; d++)
    for (uint32_t h = 0; h < 4; h++)
      login(JAN26 + d * DAY + (14 + 2 * h) * HOUR, "203.0.113.50", "US", 0, NULL)->device_id = lstr(devices[h]);
}

/* n sessions whose browsers' first language is lang (else en-US), of m. */
static void browsers(const char *country, uint32_t m, uint32_t n, const char *lang)
{
  subject(country, "America/Chicago");
  static vet_str en[2], other[2];
  en[0] = VET_LIT("en-US");
  en[1] = VET_LIT("en");
  other[0] = vet_str_c(lang);
  other[1] = VET_LIT("en-US");
  for (uint32_t i = 0; i < m; i++) {
    struct vet_event *e = login(JAN26 + i * DAY, "203.0.113.9", "US", 0, NULL);
    H.xt[e - H.ev].languages.v = i < n ? other : en;
    H.xt[e - H.ev].languages.n = 2;
  }
}
static void h_ko_browser(void) { browsers("US", 10, 8, "ko-KR"); }
static void h_zh_browser(void) { browsers("GB", 10, 10, "zh_Hans_CN"); }
static void h_ko_in_korea(void) { browsers("KR", 10, 10, "ko-KR"); }
static void h_zh_in_taiwan(void) { browsers("TW", 10, 10, "zh-TW"); }
static void h_ko_second(void)
{
  /* Korean second: en-US first, as a heritage speaker's browser is set */
  browsers("US", 10, 0, "en-US");
  static vet_str v[2];
  v[0] = VET_LIT("en-US");
  v[1] = VET_LIT("ko");
  for (uint32_t i = 0; i < H.n; i++)
    H.xt[i].languages.v = v;
}
static void h_ko_profile(void)
{
  browsers("US", 10, 0, "en-US");
  profile_langs[0] = VET_LIT("English");
  profile_langs[1] = VET_LIT("Korean");
  S.languages.v = profile_langs;
  S.languages.n = 2;
}
static void h_kotlin(void) { browsers("US", 10, 10, "kok"); } /* Konkani, not Korean */

/* Work sessions: on days weekdays from start, every 20 minutes from
 * local hour `from` to `to` (to may pass midnight) in a zone offset_min
 * east of UTC. */
static void workdays(int64_t start, uint32_t days, int from, int to, int offset_min)
{
  for (uint32_t d = 0; d < days; d++) {
    int64_t day = start + (int64_t)d * DAY;
    if (((day / DAY) + 4) % 7 >= 5) /* 1970-01-01 was a Thursday: skip Saturdays and Sundays */
      continue;
    int len = (to > from ? to - from : to + 24 - from) * 3;
    for (int k = 0; k < len; k++)
      login(day + from * HOUR + k * 1200 - (int64_t)offset_min * 60, "203.0.113.9", "US", 0, NULL);
  }
}
static void h_pyongyang_hours(void) { subject("US", "America/Chicago"), workdays(JAN26, 28, 9, 18, 540); }
static void h_shanghai_hours_berlin(void) { subject("DE", "Europe/Berlin"), workdays(JAN26, 28, 9, 18, 480); }
static void h_ukraine_hours_chicago(void) { subject("US", "America/Chicago"), workdays(JAN26, 28, 9, 18, 120); }
static void h_chicago_hours(void) { subject("US", "America/Chicago"), workdays(JAN26, 28, 9, 17, -360); }
static void h_night_owl(void) { subject("US", "America/Chicago"), workdays(JAN26, 28, 11, 1, -360); }
/* New York office hours across the March switch to daylight saving time
 * (EST -300 until 8 March 2026, EDT -240 after). */
static void h_new_york_dst(void)
{
  subject("US", "America/New_York");
  workdays(JAN26 + 50 * DAY, 16, 9, 17, -300);
  workdays(JAN26 + 67 * DAY, 16, 9, 17, -240);
}
static void h_few_events(void) { subject("US", "America/Chicago"), workdays(JAN26, 1, 9, 18, 540); }
static void h_no_zone(void) { subject("US", ""), workdays(JAN26, 28, 9, 18, 540); }

/* An account since January 2025, one laptop in the US, then in August a
 * new device from Nigeria and a new payout within three days. */
static void established(int64_t created, bool new_device, const char *new_country, bool payout)
{
  subject("US", "America/Chicago");
  S.created_at = created;
  for (uint32_t i = 0; i < 200; i++)
    login(JAN25 + i * DAY, "203.0.113.9", "US", 0, NULL)->device_id = lstr("mbp-2019");
  int64_t t = JAN25 + 210 * DAY;
  login(t, "192.0.2.77", new_country, 0, NULL)->device_id = lstr(new_device ? "win-new" : "mbp-2019");
  if (payout) {
    struct vet_event *e = login(t + 2 * DAY, "192.0.2.77", new_country, 0, NULL);
    e->kind = VET_EV_PAYOUT_CHANGE;
    e->device_id = lstr(new_device ? "win-new" : "mbp-2019");
  }
}
static void h_takeover(void) { established(JAN25, true, "NG", true); }
static void h_new_laptop(void) { established(JAN25, true, "US", true); }
static void h_no_payout(void) { established(JAN25, true, "NG", false); }
static void h_young(void) { established(JAN25 + 200 * DAY, true, "NG", true); }
static void h_moved_same_device(void) { established(JAN25, false, "CA", true); }

/* ---- the table ------------------------------------------------------------- */

struct sig_case {
  const char *name;
  void (*history)(void);
  vet_err (*sig)(const struct ev_input *, struct vet_findings *);
  enum vet_rule rule;
  bool with_ip;
  bool fires;
  void (*check)(const struct vet_finding *x); /* more assertions on the finding; may be NULL */
};

static void c_astrill(const struct vet_finding *x)
{
  assert_int_equal(evi(x, "sessions"), 10);
  assert_int_equal(evi(x, "anonymised"), 6);
  assert_int_equal(json_integer_value(json_object_get(evd(x, "providers"), "Astrill VPN")), 6);
  assert_true(fabs(json_real_value(evd(x, "share")) - 0.6) < 1e-9);
  assert_int_equal(json_array_size(evd(x, "examples")), 3);
  assert_non_null(strstr(x->message, "Astrill VPN"));
}
static void c_tor_hosting(const struct vet_finding *x)
{
  assert_int_equal(evi(x, "tor"), 3);
  assert_int_equal(evi(x, "hosting"), 3);
  assert_int_equal(json_integer_value(json_object_get(evd(x, "providers"), "Tor")), 3);
  assert_int_equal(json_integer_value(json_object_get(evd(x, "providers"), "AS64500 Example Net")), 3);
}
static void c_dprk(const struct vet_finding *x)
{
  assert_int_equal(x->severity, VET_SEV_CRITICAL);
  assert_int_equal(evi(x, "from_dprk"), 1);
  json_t *ex = json_array_get(evd(x, "examples"), 0);
  assert_string_equal(json_string_value(json_object_get(ex, "ip")), "198.51.100.7");
  assert_string_equal(json_string_value(json_object_get(ex, "ts")), "2026-01-01T00:00:00Z");
}
static void c_cn_half(const struct vet_finding *x)
{
  assert_int_equal(evi(x, "from_elevated"), 5);
  assert_int_equal(json_integer_value(json_object_get(evd(x, "countries"), "CN")), 5);
  assert_string_equal(evs(x, "claimed_country"), "US");
}
static void c_ukraine(const struct vet_finding *x)
{
  assert_int_equal(evi(x, "sessions"), 10);
  assert_int_equal(evi(x, "from_elsewhere"), 8);
  assert_int_equal(json_integer_value(json_object_get(evd(x, "countries"), "UA")), 8);
}
static void c_ping_pong(const struct vet_finding *x)
{
  assert_int_equal(evi(x, "impossible_hops"), 5);
  assert_int_equal(evi(x, "country_changes"), 5);
  json_t *ex = json_array_get(evd(x, "examples"), 0);
  double km = json_real_value(json_object_get(ex, "km"));
  assert_true(km > 9000 && km < 12000); /* US and KR centroids */
  assert_true(json_real_value(json_object_get(ex, "kmh")) > 9000);
}
static void c_mmdb(const struct vet_finding *x)
{
  json_t *ex = json_array_get(evd(x, "examples"), 0);
  double km = json_real_value(json_object_get(ex, "km"));
  assert_true(km > 6300 && km < 6500); /* Berlin - New York, not the centroids' 7,700 km */
}
static void c_one_country(const struct vet_finding *x)
{
  assert_int_equal(evi(x, "country_changes"), 0);
  assert_int_equal(evi(x, "city_changes"), 3);
  assert_int_equal(evi(x, "impossible_hops"), 3);
  json_t *ex = json_array_get(evd(x, "examples"), 0);
  double km = json_real_value(json_object_get(ex, "km"));
  assert_true(km > 3850 && km < 3950); /* 3,940 km less 2 x 20 km of uncertainty */
  assert_string_equal(json_string_value(json_object_get(json_object_get(ex, "from"), "city")), "Los Angeles");
}
static void c_ko(const struct vet_finding *x)
{
  assert_int_equal(evi(x, "out_of_place"), 8);
  assert_int_equal(json_integer_value(json_object_get(evd(x, "browser_languages"), "ko-KR")), 8);
  assert_true(fabs(x->weight - C.risk.weight[VET_RULE_BEHAVIOUR_LANGUAGE_MISMATCH]) < 1e-9);
}
static void c_ko_profile(const struct vet_finding *x)
{
  assert_int_equal(evi(x, "out_of_place"), 0);
  assert_string_equal(json_string_value(json_array_get(evd(x, "profile_languages"), 0)), "Korean");
  assert_true(fabs(x->weight - C.risk.weight[VET_RULE_BEHAVIOUR_LANGUAGE_MISMATCH] * C.check.language_profile_factor) <
              1e-9);
}
static void c_pyongyang(const struct vet_finding *x)
{
  assert_string_equal(evs(x, "claimed_offset"), "UTC-06:00");
  assert_string_equal(evs(x, "inferred_offset"), "UTC+09:00");
  assert_int_equal(evi(x, "events_used"), 20 * 27);
  assert_true(json_real_value(evd(x, "confidence_llr_per_event")) >= C.check.rhythm_min_llr);
  assert_true(json_real_value(evd(x, "margin_llr_per_event")) > 0);
  assert_non_null(strstr(x->message, "claims America/Chicago (UTC-06:00), works like UTC+09:00"));
  assert_true(fabs(x->weight - C.risk.weight[VET_RULE_BEHAVIOUR_ACTIVITY_RHYTHM]) < 1e-9); /* full strength */
}
static void c_shanghai(const struct vet_finding *x)
{
  assert_string_equal(evs(x, "inferred_offset"), "UTC+08:00");
  assert_string_equal(evs(x, "claimed_offset"), "UTC+01:00");
}
static void c_ukraine_hours(const struct vet_finding *x)
{
  assert_string_equal(evs(x, "inferred_offset"), "UTC+02:00");
  /* not UTC+8/+9: weaker */
  assert_true(fabs(x->weight - C.risk.weight[VET_RULE_BEHAVIOUR_ACTIVITY_RHYTHM] * C.check.rhythm_other_factor) < 1e-9);
}
static void c_takeover(const struct vet_finding *x)
{
  assert_int_equal(x->severity, VET_SEV_HIGH);
  assert_string_equal(json_string_value(json_object_get(evd(x, "new_country"), "code")), "NG");
  assert_string_equal(json_string_value(json_object_get(evd(x, "new_country"), "ip")), "192.0.2.77");
  assert_string_equal(json_string_value(json_object_get(evd(x, "new_device"), "id")), "win-new");
  assert_int_equal(evi(x, "earlier_devices"), 1);
  assert_int_equal(evi(x, "age_days"), 212);
}

/* ---- the browser clock against the IP's country ---- */

/* n logins a day apart from an address in country (flags), the browser
 * reporting offset minutes. */
static void clocked(uint32_t n, const char *country, uint32_t flags, int offset)
{
  for (uint32_t i = 0; i < n; i++) {
    struct vet_event *e = login(JAN26 + i * DAY + 15 * HOUR, "203.0.113.50", country, flags, NULL);
    struct vet_event_ext *x = &H.xt[e - H.ev];
    x->has_tz_offset = true;
    x->tz_offset_min = (int16_t)offset;
  }
}
static void h_proxy(void) { subject("US", "America/Chicago"), clocked(6, "US", 0, 480); }
static void h_clock_home(void) { subject("US", "America/Chicago"), clocked(6, "US", 0, -360); }
static void h_clock_hawaii(void) { subject("US", "Pacific/Honolulu"), clocked(6, "US", 0, -600); }
static void h_clock_vpn(void) { subject("US", "America/Chicago"), clocked(6, "US", VET_IP_VPN, 480); }
static void h_clock_border(void) { subject("CA", "America/Toronto"), clocked(6, "US", 0, -240); } /* Windsor on a Detroit ISP */
static void h_clock_india(void) { subject("IN", "Asia/Kolkata"), clocked(6, "IN", 0, 330); }
static void h_clock_few(void) { subject("US", "America/Chicago"), clocked(2, "US", 0, 480); }
static void c_proxy(const struct vet_finding *x)
{
  assert_int_equal(evi(x, "sessions"), 6);
  assert_int_equal(evi(x, "mismatched"), 6);
  assert_int_equal(json_integer_value(json_object_get(evd(x, "browser_offsets"), "UTC+08:00")), 6);
  assert_int_equal(json_integer_value(json_object_get(evd(x, "ip_countries"), "US")), 6);
  assert_non_null(strstr(x->message, "mostly UTC+08:00"));
}

#define IP true
#define NO_IP false
static const struct sig_case cases[] = {
    {"astrill", h_astrill, ev_anonymizer, VET_RULE_LOCATION_ANONYMIZER, IP, true, c_astrill},
    {"vpn now and then", h_vpn_sometimes, ev_anonymizer, VET_RULE_LOCATION_ANONYMIZER, IP, false, NULL},
    {"two vpn logins only", h_vpn_few, ev_anonymizer, VET_RULE_LOCATION_ANONYMIZER, IP, false, NULL},
    {"tor and hosting", h_tor_hosting, ev_anonymizer, VET_RULE_LOCATION_ANONYMIZER, IP, true, c_tor_hosting},
    {"private addresses", h_private, ev_anonymizer, VET_RULE_LOCATION_ANONYMIZER, IP, false, NULL},
    {"unknown addresses", h_unknown_ips, ev_anonymizer, VET_RULE_LOCATION_ANONYMIZER, IP, false, NULL},
    {"named isp is no anonymiser", h_dprk_named_isp, ev_anonymizer, VET_RULE_LOCATION_ANONYMIZER, IP, false, NULL},
    {"named isp abroad", h_dprk_named_isp, ev_country_mismatch, VET_RULE_LOCATION_COUNTRY_MISMATCH, IP, true, NULL},
    {"astrill without ip data", h_astrill, ev_anonymizer, VET_RULE_LOCATION_ANONYMIZER, NO_IP, false, NULL},
    {"dprk login", h_dprk, ev_dprk_network, VET_RULE_LOCATION_DPRK_NETWORK, IP, true, c_dprk},
    {"dprk range flag", h_dprk_flag_only, ev_dprk_network, VET_RULE_LOCATION_DPRK_NETWORK, IP, true, NULL},
    {"no dprk", h_cn_half, ev_dprk_network, VET_RULE_LOCATION_DPRK_NETWORK, IP, false, NULL},
    {"cn half the time", h_cn_half, ev_high_risk_network, VET_RULE_LOCATION_HIGH_RISK_NETWORK, IP, true, c_cn_half},
    {"ru once", h_ru_once, ev_high_risk_network, VET_RULE_LOCATION_HIGH_RISK_NETWORK, IP, false, NULL},
    {"cn resident", h_cn_resident, ev_high_risk_network, VET_RULE_LOCATION_HIGH_RISK_NETWORK, IP, false, NULL},
    {"ukraine not us", h_ukraine, ev_country_mismatch, VET_RULE_LOCATION_COUNTRY_MISMATCH, IP, true, c_ukraine},
    {"holiday in france", h_holiday, ev_country_mismatch, VET_RULE_LOCATION_COUNTRY_MISMATCH, IP, false, NULL},
    {"vpn exits abroad", h_vpn_abroad, ev_country_mismatch, VET_RULE_LOCATION_COUNTRY_MISMATCH, IP, false, NULL},
    {"no claimed country", h_no_claim, ev_country_mismatch, VET_RULE_LOCATION_COUNTRY_MISMATCH, IP, false, NULL},
    {"us-kr ping pong", h_ping_pong, ev_impossible_travel, VET_RULE_LOCATION_IMPOSSIBLE_TRAVEL, IP, true, c_ping_pong},
    {"real traveller", h_traveller, ev_impossible_travel, VET_RULE_LOCATION_IMPOSSIBLE_TRAVEL, IP, false, NULL},
    {"mmdb cities", h_mmdb_cities, ev_impossible_travel, VET_RULE_LOCATION_IMPOSSIBLE_TRAVEL, IP, true, c_mmdb},
    {"office nat travel", h_office_nat, ev_impossible_travel, VET_RULE_LOCATION_IMPOSSIBLE_TRAVEL, IP, false, NULL},
    {"mmdb cities, one country", h_mmdb_one_country, ev_impossible_travel, VET_RULE_LOCATION_IMPOSSIBLE_TRAVEL, IP,
     true, c_one_country},
    {"mmdb nearby cities", h_mmdb_nearby, ev_impossible_travel, VET_RULE_LOCATION_IMPOSSIBLE_TRAVEL, IP, false, NULL},
    {"korean browsers", h_ko_browser, ev_language_mismatch, VET_RULE_BEHAVIOUR_LANGUAGE_MISMATCH, NO_IP, true, c_ko},
    {"chinese browsers", h_zh_browser, ev_language_mismatch, VET_RULE_BEHAVIOUR_LANGUAGE_MISMATCH, NO_IP, true, NULL},
    {"korean in korea", h_ko_in_korea, ev_language_mismatch, VET_RULE_BEHAVIOUR_LANGUAGE_MISMATCH, NO_IP, false, NULL},
    {"chinese in taiwan", h_zh_in_taiwan, ev_language_mismatch, VET_RULE_BEHAVIOUR_LANGUAGE_MISMATCH, NO_IP, false,
     NULL},
    {"korean second", h_ko_second, ev_language_mismatch, VET_RULE_BEHAVIOUR_LANGUAGE_MISMATCH, NO_IP, false, NULL},
    {"korean profile", h_ko_profile, ev_language_mismatch, VET_RULE_BEHAVIOUR_LANGUAGE_MISMATCH, NO_IP, true,
     c_ko_profile},
    {"konkani", h_kotlin, ev_language_mismatch, VET_RULE_BEHAVIOUR_LANGUAGE_MISMATCH, NO_IP, false, NULL},
    {"pyongyang hours", h_pyongyang_hours, ev_activity_rhythm, VET_RULE_BEHAVIOUR_ACTIVITY_RHYTHM, NO_IP, true,
     c_pyongyang},
    {"shanghai hours in berlin", h_shanghai_hours_berlin, ev_activity_rhythm, VET_RULE_BEHAVIOUR_ACTIVITY_RHYTHM, NO_IP,
     true, c_shanghai},
    {"kyiv hours in chicago", h_ukraine_hours_chicago, ev_activity_rhythm, VET_RULE_BEHAVIOUR_ACTIVITY_RHYTHM, NO_IP,
     true, c_ukraine_hours},
    {"chicago hours", h_chicago_hours, ev_activity_rhythm, VET_RULE_BEHAVIOUR_ACTIVITY_RHYTHM, NO_IP, false, NULL},
    {"night owl", h_night_owl, ev_activity_rhythm, VET_RULE_BEHAVIOUR_ACTIVITY_RHYTHM, NO_IP, false, NULL},
    {"new york dst", h_new_york_dst, ev_activity_rhythm, VET_RULE_BEHAVIOUR_ACTIVITY_RHYTHM, NO_IP, false, NULL},
    {"few events", h_few_events, ev_activity_rhythm, VET_RULE_BEHAVIOUR_ACTIVITY_RHYTHM, NO_IP, false, NULL},
    {"no zone claimed", h_no_zone, ev_activity_rhythm, VET_RULE_BEHAVIOUR_ACTIVITY_RHYTHM, NO_IP, false, NULL},
    {"takeover", h_takeover, ev_account_takeover, VET_RULE_BEHAVIOUR_ACCOUNT_TAKEOVER, IP, true, c_takeover},
    {"new laptop, same country", h_new_laptop, ev_account_takeover, VET_RULE_BEHAVIOUR_ACCOUNT_TAKEOVER, IP, false,
     NULL},
    {"no payout change", h_no_payout, ev_account_takeover, VET_RULE_BEHAVIOUR_ACCOUNT_TAKEOVER, IP, false, NULL},
    {"young account", h_young, ev_account_takeover, VET_RULE_BEHAVIOUR_ACCOUNT_TAKEOVER, IP, false, NULL},
    {"moved, same device", h_moved_same_device, ev_account_takeover, VET_RULE_BEHAVIOUR_ACCOUNT_TAKEOVER, IP, false,
     NULL},
    {"browser on utc+8 behind a us home", h_proxy, ev_timezone_vs_ip, VET_RULE_LOCATION_TIMEZONE_VS_IP, IP, true,
     c_proxy},
    {"browser clock at home", h_clock_home, ev_timezone_vs_ip, VET_RULE_LOCATION_TIMEZONE_VS_IP, IP, false, NULL},
    {"hawaii is american", h_clock_hawaii, ev_timezone_vs_ip, VET_RULE_LOCATION_TIMEZONE_VS_IP, IP, false, NULL},
    {"utc+8 through a vpn", h_clock_vpn, ev_timezone_vs_ip, VET_RULE_LOCATION_TIMEZONE_VS_IP, IP, false, NULL},
    {"across the border", h_clock_border, ev_timezone_vs_ip, VET_RULE_LOCATION_TIMEZONE_VS_IP, IP, false, NULL},
    {"half-hour india", h_clock_india, ev_timezone_vs_ip, VET_RULE_LOCATION_TIMEZONE_VS_IP, IP, false, NULL},
    {"two sessions only", h_clock_few, ev_timezone_vs_ip, VET_RULE_LOCATION_TIMEZONE_VS_IP, IP, false, NULL},
    {"proxy without ip data", h_proxy, ev_timezone_vs_ip, VET_RULE_LOCATION_TIMEZONE_VS_IP, NO_IP, false, NULL},
    {"takeover without ip data", h_takeover, ev_account_takeover, VET_RULE_BEHAVIOUR_ACCOUNT_TAKEOVER, NO_IP, false,
     NULL},
};

static void test_cases(void **state)
{
  (void)state;
  for (size_t i = 0; i < VET_COUNTOF(cases); i++) {
    const struct sig_case *c = &cases[i];
    c->history();
    const struct vet_finding *x = run(c->sig, c->rule, c->with_ip);
    if (c->fires && !x)
      fail_msg("%s: %s did not fire", c->name, vet_rule_get(c->rule)->id);
    if (!c->fires && x)
      fail_msg("%s: %s fired: %s", c->name, vet_rule_get(c->rule)->id, x->message);
    if (x && c->check)
      c->check(x);
  }
}

/* The honest histories raise nothing at all, over every signal. */
static void test_honest_all_quiet(void **state)
{
  (void)state;
  void (*const honest[])(void) = {h_office_nat, h_chicago_hours, h_night_owl, h_new_york_dst, h_new_laptop,
                                  h_holiday, h_ko_second};
  for (size_t i = 0; i < VET_COUNTOF(honest); i++) {
    honest[i]();
    struct ev_zone *z = ev_zone_open(S.timezone);
    struct ev_input in = {&S, H.ev, H.n, H.ip, z, &GEO, &TZC, &C.check};
    vet_findings_reset(&F);
    tu_must(ev_signals(&in, &F), "signals");
    ev_zone_close(z);
    if (F.n)
      fail_msg("honest history %zu: %s: %s", i, vet_rule_get(F.v[0].rule)->id, F.v[0].message);
  }
}

/* A setting moves the threshold: the holiday fires with a lower share, a
 * disabled rule adds nothing. */
static void test_settings(void **state)
{
  (void)state;
  h_holiday();
  C.check.ip_country_share = 0.2;
  struct ev_input in = {&S, H.ev, H.n, H.ip, NULL, &GEO, &TZC, &C.check};
  vet_findings_reset(&F);
  tu_must(ev_country_mismatch(&in, &F), "signal");
  assert_int_equal(F.n, 1);
  h_astrill();
  C.risk.enabled[VET_RULE_LOCATION_ANONYMIZER] = 0;
  struct vet_findings g;
  vet_findings_init(&g, &C.risk);
  struct ev_input in2 = {&S, H.ev, H.n, H.ip, NULL, &GEO, &TZC, &C.check};
  tu_must(ev_anonymizer(&in2, &g), "signal");
  assert_int_equal(g.n, 0);
  vet_findings_release(&g);
  h_ping_pong();
  C.check.travel_min_hops = 6; /* five hops: below */
  struct ev_input in3 = {&S, H.ev, H.n, H.ip, NULL, &GEO, &TZC, &C.check};
  vet_findings_reset(&F);
  tu_must(ev_impossible_travel(&in3, &F), "signal");
  assert_int_equal(F.n, 0);
}

/* The rhythm fit itself: the inferred offset of regular office hours in
 * several zones, to the half hour (India). */
static void test_rhythm_fit(void **state)
{
  (void)state;
  static const struct {
    int offset_min;
    int from, to;
  } t[] = {{-360, 9, 17}, {0, 9, 18}, {330, 9, 18}, {480, 9, 18}, {540, 9, 18}, {-480, 8, 17}, {600, 9, 17}};
  for (size_t i = 0; i < VET_COUNTOF(t); i++) {
    subject("US", "");
    workdays(JAN26, 28, t[i].from, t[i].to, t[i].offset_min);
    struct ev_rhythm r;
    assert_true(ev_rhythm_fit(H.ev, H.n, NULL, &r));
    assert_false(r.has_claimed);
    assert_int_equal(r.events, H.n);
    if (abs(r.best_half_hours * 30 - t[i].offset_min) > 60) /* to the hour: a template is no person */
      fail_msg("office hours at %d min: inferred %d min", t[i].offset_min, r.best_half_hours * 30);
    assert_true(r.margin > 0);
  }
  struct ev_rhythm r;
  assert_false(ev_rhythm_fit(H.ev, 0, NULL, &r));
}

static void test_zones(void **state)
{
  (void)state;
  static const struct {
    const char *zone;
    int64_t t;
    int want; /* minutes east; INT32_MIN: unknown zone */
  } t[] = {
      {"America/Chicago", JAN26, -360},
      {"America/Chicago", JAN26 + 180 * DAY, -300},
      {"Asia/Pyongyang", JAN26, 540},
      {"Asia/Kolkata", JAN26, 330},
      {"Europe/Berlin", JAN26 + 180 * DAY, 120},
      {"US/Central", JAN26, -360},
      {"Mars/Olympus", JAN26, INT32_MIN},
      {"", JAN26, INT32_MIN},
      {"America/Argentina/ComodRivadavia/and/a/name/far/too/long/for/any/zone", JAN26, INT32_MIN},
  };
  for (size_t i = 0; i < VET_COUNTOF(t); i++) {
    struct ev_zone *z = ev_zone_open(vet_str_c(t[i].zone));
    if (t[i].want == INT32_MIN) {
      assert_null(z);
      continue;
    }
    assert_non_null(z);
    int off = 0;
    assert_true(ev_zone_offset(z, t[i].t, &off));
    if (off != t[i].want)
      fail_msg("%s: %d, want %d", t[i].zone, off, t[i].want);
    ev_zone_close(z);
  }
  /* one zone asked again and again (it keeps the span of its last
   * answer) agrees with a zone opened for each question: at the
   * transitions, either side of them, and back and forth across them */
  static const struct {
    const char *zone;
    int64_t t;
    int want;
  } edge[] = {
      {"Europe/Berlin", 1774746000 - 1, 60},    /* 2026-03-29 01:00 UTC: summer time */
      {"Europe/Berlin", 1774746000, 120},
      {"Europe/Berlin", 1792890000 - 1, 120},   /* 2026-10-25 01:00 UTC: back */
      {"Europe/Berlin", 1792890000, 60},
      {"Europe/Berlin", 1774746000 - 1, 60},    /* and back again before both */
      {"Asia/Pyongyang", 1525446000 - 1, 510},  /* 2018-05-05: UTC+08:30 to UTC+09:00 */
      {"Asia/Pyongyang", 1525446000, 540},
      {"Asia/Pyongyang", JAN26, 540},
      {"Asia/Pyongyang", 1525446000 - 1, 510},
  };
  struct ev_zone *kept = NULL;
  for (size_t i = 0; i < VET_COUNTOF(edge); i++) {
    if (!i || strcmp(edge[i].zone, edge[i - 1].zone) != 0) {
      ev_zone_close(kept);
      kept = ev_zone_open(vet_str_c(edge[i].zone));
      assert_non_null(kept);
    }
    int off = 0;
    assert_true(ev_zone_offset(kept, edge[i].t, &off));
    if (off != edge[i].want)
      fail_msg("%s at %" PRId64 ": %d, want %d", edge[i].zone, edge[i].t, off, edge[i].want);
  }
  ev_zone_close(kept);
  static const char *const sweep[] = {"America/Chicago", "Australia/Lord_Howe", "Europe/London", "Asia/Kolkata"};
  for (size_t k = 0; k < VET_COUNTOF(sweep); k++) {
    kept = ev_zone_open(vet_str_c(sweep[k]));
    assert_non_null(kept);
    for (int64_t at = JAN26; at < JAN26 + 366 * DAY; at += 7 * 3600 + 1800) { /* 7.5 h steps hit every half hour */
      struct ev_zone *fresh = ev_zone_open(vet_str_c(sweep[k]));
      int a = 0, b = 0;
      assert_true(ev_zone_offset(kept, at, &a));
      assert_true(ev_zone_offset(fresh, at, &b));
      ev_zone_close(fresh);
      if (a != b)
        fail_msg("%s at %" PRId64 ": kept %d, fresh %d", sweep[k], at, a, b);
    }
    ev_zone_close(kept);
  }
  char b[16];
  ev_offset_text(-330, b, sizeof b);
  assert_string_equal(b, "UTC-05:30");
  ev_offset_text(540, b, sizeof b);
  assert_string_equal(b, "UTC+09:00");
}

static void test_centroids(void **state)
{
  (void)state;
  assert_true(GEO.n >= 240);
  const struct ev_centroid *kp = ev_centroid_find(&GEO, "KP"), *us = ev_centroid_find(&GEO, "US");
  assert_non_null(kp);
  assert_non_null(us);
  assert_true(kp->lat > 37 && kp->lat < 43 && kp->lon > 124 && kp->lon < 131);
  assert_true(us->lon < -60);
  assert_null(ev_centroid_find(&GEO, "XX"));
  assert_null(ev_centroid_find(&GEO, ""));
  assert_null(ev_centroid_find(NULL, "US"));
  /* Berlin - New York is about 6,385 km; a point to itself 0 */
  double km = ev_distance_km(52.52, 13.40, 40.71, -74.01);
  assert_true(km > 6300 && km < 6450);
  assert_true(ev_distance_km(10, 20, 10, 20) < 1e-9);
  /* antipodes: half the circumference */
  assert_true(fabs(ev_distance_km(0, 0, 0, 180) - 3.14159265358979 * 6371.0) < 1);
  /* bad files */
  static const struct {
    const char *text;
    vet_err want;
  } bad[] = {
      {"# ok\nUS\t38\t-97\n", VET_OK},
      {"US\t38\n", VET_EPARSE},
      {"USA\t38\t-97\n", VET_EPARSE},
      {"US\t98\t-97\n", VET_EPARSE},
      {"US\tx\t-97\n", VET_EPARSE},
      {"US\t38\t-197\n", VET_EPARSE},
  };
  for (size_t i = 0; i < VET_COUNTOF(bad); i++) {
    char path[256];
    snprintf(path, sizeof path, "/tmp/vet_centroids_%d_%zu.tsv", (int)getpid(), i);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(bad[i].text, fp);
    fclose(fp);
    struct ev_centroids c;
    struct vet_error e = {0};
    vet_err rc = ev_centroids_load(path, &c, &e);
    remove(path);
    if (rc != bad[i].want)
      fail_msg("centroids case %zu: %s (%s)", i, vet_err_name(rc), e.msg);
    if (!rc) {
      assert_int_equal(c.n, 1);
      assert_true(ev_centroid_find(&c, "US")->lon == -97);
    }
    ev_centroids_release(&c);
  }
  struct ev_centroids c;
  assert_int_equal(ev_centroids_load("/nonexistent/centroids.tsv", &c, NULL), VET_EIO);
  /* the direct index answers as the sorted array's search: every code of
   * two capitals, lower case and odd codes, on the loaded table (indexed)
   * and on a copy with the index off; a repeated code turns it off */
  assert_true(GEO.indexed);
  struct ev_centroids plain = GEO;
  plain.indexed = false;
  size_t found = 0;
  for (int a = 0; a < 128; a++)
    for (int b = 0; b < 128; b++) {
      char code[3] = {(char)(a ? a : 'A'), (char)(b ? b : 'Z'), 0};
      const struct ev_centroid *x = ev_centroid_find(&GEO, code), *y = ev_centroid_find(&plain, code);
      if (x != y)
        fail_msg("code '%s': index and search differ", code);
      found += x != NULL;
    }
  assert_true(found >= 200);
  char path[256];
  snprintf(path, sizeof path, "/tmp/vet_centroids_%d_dup.tsv", (int)getpid());
  FILE *fp = fopen(path, "w");
  assert_non_null(fp);
  fputs("US\t38\t-97\nCN\t35\t105\nus\t40\t-100\n", fp);
  fclose(fp);
  assert_int_equal(ev_centroids_load(path, &c, NULL), VET_OK);
  remove(path);
  assert_false(c.indexed);
  assert_non_null(ev_centroid_find(&c, "US"));
  assert_true(ev_centroid_find(&c, "CN")->lon == 105);
  ev_centroids_release(&c);
}

static bool has_offset(const char *code, int m)
{
  const struct ev_country_tz *c = ev_tz_country(&TZC, code);
  if (!c)
    fail_msg("no zones for %s", code);
  for (uint32_t k = 0; k < c->n; k++)
    if (c->off[k] == m)
      return true;
  return false;
}

static void test_country_offsets(void **state)
{
  (void)state;
  assert_true(TZC.n >= 200);
  assert_true(has_offset("US", -300) && has_offset("US", -480) && has_offset("US", -600)); /* Chicago DST, LA, Hawaii */
  assert_true(has_offset("CN", 480) && !has_offset("CN", -300));
  assert_true(has_offset("KP", 540));
  assert_true(has_offset("IN", 330));
  assert_true(has_offset("RU", 180) && has_offset("RU", 720)); /* Moscow, Kamchatka */
  assert_null(ev_tz_country(&TZC, "XX"));
  assert_null(ev_tz_country(&TZC, ""));
}

/* The one-pass table against ICU's own list of each country's zones:
 * the same countries, and each zone's current standard offset there. */
static void test_country_offsets_per_country(void **state)
{
  (void)state;
  const char *const *codes = uloc_getISOCountries();
  UDate now = ucal_getNow();
  uint32_t with_zones = 0;
  for (uint32_t i = 0; codes[i]; i++) {
    if (strlen(codes[i]) != 2)
      continue;
    UErrorCode st = U_ZERO_ERROR;
    UEnumeration *en = ucal_openTimeZoneIDEnumeration(UCAL_ZONE_TYPE_CANONICAL_LOCATION, codes[i], NULL, &st);
    assert_true(U_SUCCESS(st));
    const struct ev_country_tz *c = ev_tz_country(&TZC, codes[i]);
    const UChar *id;
    int32_t len, zones = 0;
    while ((id = uenum_unext(en, &len, &st)) != NULL && U_SUCCESS(st)) {
      char region[8];
      assert_true(ev_zone_region(id, len, region, sizeof region));
      assert_string_equal(region, codes[i]);
      UCalendar *cal = ucal_open(id, len, "", UCAL_GREGORIAN, &st);
      ucal_setMillis(cal, now, &st);
      int32_t raw = ucal_get(cal, UCAL_ZONE_OFFSET, &st);
      ucal_close(cal);
      assert_true(U_SUCCESS(st));
      if (!c)
        fail_msg("%s has zones but no entry", codes[i]);
      bool found = false;
      for (uint32_t k = 0; k < c->n; k++)
        found |= c->off[k] == raw / 60000;
      if (!found && c->n < EV_TZ_MAX_OFFSETS)
        fail_msg("%s: offset %d missing", codes[i], raw / 60000);
      zones++;
    }
    uenum_close(en);
    if (!zones)
      assert_null(c);
    with_zones += zones > 0;
  }
  assert_int_equal(with_zones, TZC.n);
}

static void test_zone_region(void **state)
{
  (void)state;
  UChar id[32];
  char out[8];
  u_uastrcpy(id, "America/Chicago");
  assert_true(ev_zone_region(id, u_strlen(id), out, sizeof out));
  assert_string_equal(out, "US");
  u_uastrcpy(id, "Asia/Pyongyang");
  assert_true(ev_zone_region(id, u_strlen(id), out, sizeof out));
  assert_string_equal(out, "KP");
  assert_false(ev_zone_region(id, u_strlen(id), out, 2)); /* "KP" and its NUL need 3 */
  u_uastrcpy(id, "Mars/Olympus_Mons");
  assert_false(ev_zone_region(id, u_strlen(id), out, sizeof out));
}

static int setup(void **state)
{
  (void)state;
  vet_config_defaults(&C);
  vet_findings_init(&F, &C.risk);
  struct vet_error e = {0};
  if (ev_centroids_load(VET_DATA_DIR "/country/centroids.tsv", &GEO, &e)) {
    fprintf(stderr, "centroids: %s\n", e.msg);
    return -1;
  }
  if (ev_tz_countries_build(&TZC))
    return -1;
  return 0;
}

static int teardown(void **state)
{
  (void)state;
  vet_findings_release(&F);
  ev_centroids_release(&GEO);
  ev_tz_countries_release(&TZC);
  return 0;
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_cases),    cmocka_unit_test(test_honest_all_quiet), cmocka_unit_test(test_settings),
      cmocka_unit_test(test_rhythm_fit), cmocka_unit_test(test_zones),          cmocka_unit_test(test_centroids),
      cmocka_unit_test(test_country_offsets),
      cmocka_unit_test(test_country_offsets_per_country),
      cmocka_unit_test(test_zone_region),
  };
  return cmocka_run_group_tests_name("event signals", tests, setup, teardown);
}
