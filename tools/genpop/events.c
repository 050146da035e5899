/* genpop/events.c - account events of generated subjects: logins,
 * activity, messages, reviews, payout changes and laptop shipments over
 * the GP_EVENT_DAYS days before the generated world's "now".
 *
 * Honest workers log in from residential IPs of their country, on one to
 * three devices, in their own time zone during their working hours
 * (daylight saving applied), with their browser languages.  A deceptive
 * subject gets the event traits planted in it: VPN or hosting IPs, a
 * laptop farm's home IP shared by a ring, IPs in China or Russia, the
 * operators' real time zone and languages leaking from the browser,
 * remote-access tools and KVM-over-IP hardware reported by the endpoint
 * agent, virtual machines, activity at UTC+9 office hours or round the
 * clock, a payout change right after a new device appears, shipments of
 * the company laptop to a facilitator, reviews from the ring's own client
 * account (a made-up client or the facilitator's account).
 * Owns: nothing; events go to gp_emit_event.
 * Thread-safety: one thread at a time per gp_ctx. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/common.h"
#include "genpop.h"
#include "vetter/date.h"

/* ---- civil time ------------------------------------------------------------ */

/* Days since 1970-01-01 of a proleptic Gregorian date (the library's
 * vet_date_days). */
int64_t gp_days_from_civil(int y, int m, int d)
{
  struct vet_date dt = {.year = (int16_t)y, .month = (uint8_t)m, .day = (uint8_t)d};
  return vet_date_days(&dt);
}

void gp_civil_from_days(int64_t z, int *y, int *m, int *d)
{
  z += 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  *d = (int)(doy - (153 * mp + 2) / 5 + 1);
  *m = (int)(mp < 10 ? mp + 3 : mp - 9);
  *y = (int)(yoe + era * 400 + (*m <= 2));
}

static int weekday(int64_t days) { return (int)((days % 7 + 11) % 7); } /* 0 = Sunday */

/* Day number of the n-th (1-based; 5 = last) given weekday of a month. */
static int64_t nth_weekday(int y, int m, int wd, int n)
{
  if (n == 5) {
    int64_t last = gp_days_from_civil(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1) - 1;
    return last - (weekday(last) - wd + 7) % 7;
  }
  int64_t first = gp_days_from_civil(y, m, 1);
  return first + (wd - weekday(first) + 7) % 7 + 7 * (n - 1);
}

void gp_rfc3339(int64_t utc, int off_min, char *out, size_t cap)
{
  int64_t t = utc + (int64_t)off_min * 60;
  int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
  int64_t sec = t - days * 86400;
  int y, m, d;
  gp_civil_from_days(days, &y, &m, &d);
  int hh = (int)(sec / 3600), mm = (int)(sec / 60 % 60), ss = (int)(sec % 60);
  if (off_min == 0) {
    snprintf(out, cap, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d, hh, mm, ss);
  } else {
    int a = abs(off_min);
    snprintf(out, cap, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", y, m, d, hh, mm, ss, off_min < 0 ? '-' : '+',
             a / 60, a % 60);
  }
}

/* ---- zones ------------------------------------------------------------------ */
enum { DST_NONE, DST_US, DST_EU, DST_EG, DST_AU };

static const struct gp_zone zones[] = {
    {"America/New_York", -300, DST_US},     {"America/Chicago", -360, DST_US},
    {"America/Denver", -420, DST_US},       {"America/Phoenix", -420, DST_NONE},
    {"America/Los_Angeles", -480, DST_US},  {"America/Toronto", -300, DST_US},
    {"America/Vancouver", -480, DST_US},    {"America/Edmonton", -420, DST_US},
    {"America/Halifax", -240, DST_US},      {"America/Sao_Paulo", -180, DST_NONE},
    {"America/Recife", -180, DST_NONE},     {"America/Argentina/Buenos_Aires", -180, DST_NONE},
    {"America/Argentina/Cordoba", -180, DST_NONE}, {"America/Argentina/Mendoza", -180, DST_NONE},
    {"America/Mexico_City", -360, DST_NONE}, {"America/Monterrey", -360, DST_NONE},
    {"America/Merida", -360, DST_NONE},     {"Europe/London", 0, DST_EU},
    {"Europe/Berlin", 60, DST_EU},          {"Europe/Warsaw", 60, DST_EU},
    {"Europe/Paris", 60, DST_EU},           {"Europe/Madrid", 60, DST_EU},
    {"Europe/Amsterdam", 60, DST_EU},       {"Europe/Kyiv", 120, DST_EU},
    {"Europe/Bucharest", 120, DST_EU},      {"Europe/Istanbul", 180, DST_NONE},
    {"Europe/Moscow", 180, DST_NONE},       {"Africa/Lagos", 60, DST_NONE},
    {"Africa/Cairo", 120, DST_EG},          {"Africa/Nairobi", 180, DST_NONE},
    {"Asia/Karachi", 300, DST_NONE},        {"Asia/Yekaterinburg", 300, DST_NONE},
    {"Asia/Kolkata", 330, DST_NONE},        {"Asia/Dhaka", 360, DST_NONE},
    {"Asia/Novosibirsk", 420, DST_NONE},    {"Asia/Ho_Chi_Minh", 420, DST_NONE},
    {"Asia/Jakarta", 420, DST_NONE},        {"Asia/Makassar", 480, DST_NONE},
    {"Asia/Manila", 480, DST_NONE},         {"Asia/Shanghai", 480, DST_NONE},
    {"Asia/Hong_Kong", 480, DST_NONE},      {"Asia/Seoul", 540, DST_NONE},
    {"Asia/Tokyo", 540, DST_NONE},          {"Asia/Pyongyang", 540, DST_NONE},
    {"Asia/Vladivostok", 600, DST_NONE},    {"Australia/Sydney", 600, DST_AU},
    {"Australia/Melbourne", 600, DST_AU},   {"Australia/Brisbane", 600, DST_NONE},
    {"Australia/Perth", 480, DST_NONE},
};

const struct gp_zone *gp_zone(const char *name)
{
  for (size_t i = 0; i < VET_COUNTOF(zones); i++)
    if (strcmp(zones[i].name, name) == 0)
      return &zones[i];
  return NULL;
}

int gp_zone_offset(const struct gp_zone *z, int64_t utc)
{
  if (!z)
    return 0;
  int y, m, d;
  gp_civil_from_days(utc / 86400, &y, &m, &d);
  int64_t on = 0, off = 0; /* UTC seconds of the switches this year */
  int s = z->std_min * 60;
  switch (z->rule) {
  case DST_US: /* second Sunday of March 02:00 to first Sunday of November 02:00, local */
    on = nth_weekday(y, 3, 0, 2) * 86400 + 7200 - s;
    off = nth_weekday(y, 11, 0, 1) * 86400 + 7200 - (s + 3600);
    return utc >= on && utc < off ? z->std_min + 60 : z->std_min;
  case DST_EU: /* last Sunday of March to last Sunday of October, 01:00 UTC */
    on = nth_weekday(y, 3, 0, 5) * 86400 + 3600;
    off = nth_weekday(y, 10, 0, 5) * 86400 + 3600;
    return utc >= on && utc < off ? z->std_min + 60 : z->std_min;
  case DST_EG: /* last Friday of April 00:00 to the end of the last Thursday of October, local */
    on = nth_weekday(y, 4, 5, 5) * 86400 - s;
    off = (nth_weekday(y, 10, 4, 5) + 1) * 86400 - (s + 3600);
    return utc >= on && utc < off ? z->std_min + 60 : z->std_min;
  case DST_AU: /* southern summer: first Sunday of October 02:00 to first Sunday of April 03:00, local */
    on = nth_weekday(y, 10, 0, 1) * 86400 + 7200 - s;
    off = nth_weekday(y, 4, 0, 1) * 86400 + 10800 - (s + 3600);
    return utc >= on || utc < off ? z->std_min + 60 : z->std_min;
  default:
    return z->std_min;
  }
}

/* ---- IPs -------------------------------------------------------------------- */

uint32_t gp_ip_from(struct rng *r, const char *cidr)
{
  unsigned a = 0, b = 0, c = 0, d = 0, bits = 32;
  if (sscanf(cidr, "%u.%u.%u.%u/%u", &a, &b, &c, &d, &bits) != 5 || bits > 32)
    return 0;
  uint32_t base = a << 24 | b << 16 | c << 8 | d;
  uint64_t size = UINT64_C(1) << (32 - bits);
  for (;;) { /* a host address: last octet not 0 or 255 */
    uint32_t ip = base + (uint32_t)(rng_next(r) % size);
    if ((ip & 255) != 0 && (ip & 255) != 255)
      return ip;
  }
}

void gp_ip_str(uint32_t ip, char *out, size_t cap)
{
  snprintf(out, cap, "%u.%u.%u.%u", ip >> 24, ip >> 16 & 255, ip >> 8 & 255, ip & 255);
}

uint32_t gp_ip_country(struct rng *r, const struct gp_country *c)
{
  return gp_ip_from(r, c->ips[rng_below(r, (uint32_t)c->n_ips)]);
}

/* ---- event vocabulary --------------------------------------------------------- */
static const char *const agents_desktop[] = {
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 "
    "Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/26.0 "
    "Safari/605.1.15",
    "Mozilla/5.0 (X11; Linux x86_64; rv:143.0) Gecko/20100101 Firefox/143.0",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:143.0) Gecko/20100101 Firefox/143.0",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 "
    "Safari/537.36 Edg/141.0.0.0",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36",
};
static const char *const agents_mobile[] = {
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/18.6 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Mobile "
    "Safari/537.36",
};
static const char *const usb_benign[] = {"Logitech USB Receiver", "Apple Magic Keyboard", "YubiKey 5 NFC",
                                         "Dell USB Keyboard", "Jabra Evolve2 65", "Elgato Stream Deck",
                                         "Razer DeathAdder", "Anker USB-C Hub"};
/* KVM-over-IP devices: a farm host plugs one into each laptop so that it
 * is driven from abroad. */
static const char *const usb_kvm[] = {"PiKVM", "TinyPilot", "JetKVM", "GL.iNet Comet"};
static const char *const remote_tools_names[] = {"anydesk", "teamviewer", "chrome_remote_desktop", "rustdesk"};

/* Share of logins that carry the endpoint agent's report (remote tools,
 * USB devices, VM flag): not every client installs the agent. */
#define AGENT_SHARE 0.6
/* A shared laptop-farm IP carries this share of a farm account's events. */
#define FARM_SHARE 0.7
/* Share of events over a VPN for a subject with the vpn_ip trait. */
#define VPN_SHARE_MIN 0.4
/* Events of one working day's session: [min, max]. */
#define SESSION_MIN 2
#define SESSION_MAX 6
/* Days between changes of an honest worker's home IP (dynamic DSL/cable). */
#define HOME_IP_DAYS 21

struct dev {
  char id[24];
  const char *ua;
};

struct evctx {
  struct gp_ctx *g;
  const struct gp_subject *s;
  struct rng r;
  struct dev devs[6];
  int n_devs;
  const struct gp_zone *claimed, *real;
  const char *langs[3];
  uint32_t home_ip;
  int64_t t0, t1; /* window */
};

static void set_str(json_t *o, const char *k, const char *v)
{
  if (v && v[0])
    json_object_set_new(o, k, json_string(v));
}

static json_t *strs(const char *const *v, size_t n)
{
  json_t *a = json_array();
  for (size_t i = 0; i < n; i++)
    if (v[i])
      json_array_append_new(a, json_string(v[i]));
  return a;
}

static json_t *new_event(struct evctx *e, int64_t ts, const char *kind, bool local_ts)
{
  json_t *o = json_object();
  char buf[40];
  json_object_set_new(o, "type", json_string("event"));
  json_object_set_new(o, "subject", json_string(e->s->id));
  gp_rfc3339(ts, local_ts ? gp_zone_offset(e->claimed, ts) : 0, buf, sizeof buf);
  json_object_set_new(o, "ts", json_string(buf));
  json_object_set_new(o, "kind", json_string(kind));
  return o;
}

static bool has(const struct evctx *e, enum gp_trait t) { return (e->s->traits & TRAIT(t)) != 0; }

/* The IP of one event of this subject. */
static uint32_t pick_ip(struct evctx *e, int64_t ts, bool *farm)
{
  struct rng *r = &e->r;
  const struct gp_subject *s = e->s;
  *farm = false;
  if (s->ring && (has(e, T_LAPTOP_FARM) || s->label == LBL_FACILITATOR) && rng_chance(r, FARM_SHARE)) {
    *farm = true;
    return s->ring->farm_ip;
  }
  if (has(e, T_IP_HIGH_RISK) && rng_chance(r, 0.15)) {
    const struct gp_country *c = gp_country(rng_chance(r, 0.7) ? "CN" : "RU");
    return gp_ip_country(r, c);
  }
  if (has(e, T_VPN_IP) && rng_chance(r, VPN_SHARE_MIN + 0.5 * rng_unit(r))) {
    if (rng_chance(r, 0.7)) {
      /* an exit in the claimed country when the provider has one */
      size_t k = rng_below(r, (uint32_t)gp_n_vpn_nets);
      for (size_t i = 0; i < gp_n_vpn_nets; i++)
        if (strcmp(gp_vpn_nets[i].country, s->res->a2) == 0 && rng_chance(r, 0.6)) {
          k = i;
          break;
        }
      return gp_ip_from(r, gp_vpn_nets[k].cidr);
    }
    return gp_ip_from(r, gp_hosting_nets[rng_below(r, (uint32_t)gp_n_hosting_nets)].cidr);
  }
  if ((s->benign & (UINT64_C(1) << B_VPN_USER)) && rng_chance(r, 0.3))
    return gp_ip_from(r, gp_vpn_nets[rng_below(r, (uint32_t)gp_n_vpn_nets)].cidr);
  if (s->travel && ts >= e->t0 + (e->t1 - e->t0) / 2 && ts < e->t0 + (e->t1 - e->t0) / 2 + 8 * 86400)
    return gp_ip_country(r, s->travel);
  if (rng_chance(r, 0.15)) /* on the phone's mobile network */
    return gp_ip_country(r, s->res);
  int64_t epoch = (ts - e->t0) / (HOME_IP_DAYS * 86400);
  struct rng home;
  rng_seed(&home, e->home_ip, ST_EVENTS, (uint64_t)epoch);
  return gp_ip_country(&home, s->res);
}

static bool travelling(const struct evctx *e, int64_t ts)
{
  return e->s->travel && ts >= e->t0 + (e->t1 - e->t0) / 2 && ts < e->t0 + (e->t1 - e->t0) / 2 + 8 * 86400;
}

/* Add the browser's and the endpoint agent's view to a login. */
static void login_fields(struct evctx *e, json_t *o, int64_t ts, const struct dev *dv)
{
  struct rng *r = &e->r;
  const struct gp_zone *z = e->claimed;
  if (travelling(e, ts)) {
    const struct gp_city *c = &e->s->travel->cities[0];
    z = gp_zone(c->tz);
  }
  if (has(e, T_TZ_MISMATCH) && rng_chance(r, 0.6))
    z = e->real;
  set_str(o, "user_agent", dv->ua);
  json_object_set_new(o, "tz_offset_min", json_integer(gp_zone_offset(z, ts)));
  if (rng_chance(r, 0.8))
    set_str(o, "tz_name", z->name);
  json_object_set_new(o, "languages", strs(e->langs, 3));
  if (!rng_chance(r, AGENT_SHARE))
    return;
  const char *tools[2] = {NULL, NULL};
  bool remote = has(e, T_REMOTE_TOOLS) ||
                ((e->s->benign & (UINT64_C(1) << B_REMOTE_TOOLS_USER)) && rng_chance(r, 0.3));
  if (remote) {
    tools[0] = PICK(r, remote_tools_names);
    if (rng_chance(r, 0.4))
      tools[1] = PICK(r, remote_tools_names);
    if (tools[1] && strcmp(tools[0], tools[1]) == 0)
      tools[1] = NULL;
  }
  json_object_set_new(o, "remote_tools", strs(tools, 2));
  const char *usb[2] = {NULL, NULL};
  if (rng_chance(r, 0.6))
    usb[0] = PICK(r, usb_benign);
  if (has(e, T_KVM_DEVICE) && rng_chance(r, 0.8))
    usb[1] = PICK(r, usb_kvm);
  json_object_set_new(o, "usb_devices", strs(usb, 2));
  bool vm = has(e, T_VM) ? rng_chance(r, 0.8)
                         : ((e->s->benign & (UINT64_C(1) << B_VM_USER)) && rng_chance(r, 0.4));
  json_object_set_new(o, "vm", json_boolean(vm));
}

/* An hour of the day (UTC seconds into the day are added by the caller)
 * for one event: the working pattern of the subject. */
static int64_t event_time(struct evctx *e, int64_t day)
{
  struct rng *r = &e->r;
  int64_t noon = day * 86400 + 12 * 3600;
  if (has(e, T_ROUND_THE_CLOCK))
    return day * 86400 + rng_below(r, 86400);
  const struct gp_zone *z = e->claimed;
  int start = 8 * 60 + rng_range(r, 0, 150), span = rng_range(r, 6 * 60, 10 * 60);
  if (has(e, T_OFF_HOURS)) {
    z = e->real; /* office hours where the team sits */
    start = 9 * 60 + rng_range(r, -30, 30);
    span = 9 * 60;
  } else if (e->s->benign & (UINT64_C(1) << B_NIGHT_OWL)) {
    start = 19 * 60;
    span = 7 * 60;
  }
  if (travelling(e, noon))
    z = gp_zone(e->s->travel->cities[0].tz);
  int off = gp_zone_offset(z, noon);
  int64_t local_min = start + (int64_t)rng_below(r, (uint32_t)span);
  return day * 86400 + (local_min - off) * 60 + rng_below(r, 60);
}

static int cmp_i64(const void *a, const void *b)
{
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return (x > y) - (x < y);
}

static void add_device(struct evctx *e, const char *id, bool mobile)
{
  if (e->n_devs >= (int)VET_COUNTOF(e->devs))
    return;
  struct dev *d = &e->devs[e->n_devs++];
  if (id)
    gp_copy(d->id, sizeof d->id, id);
  else {
    char h[13];
    gp_hex(&e->r, h, 12);
    snprintf(d->id, sizeof d->id, "dev-%s", h);
  }
  d->ua = mobile ? PICK(&e->r, agents_mobile) : PICK(&e->r, agents_desktop);
}

/* Longest event list of one subject, whatever --events asks. */
#define MAX_EVENTS_PER_SUBJECT 4000

void gp_events(struct gp_ctx *g, const struct gp_subject *s, uint32_t n_events)
{
  if (n_events == 0)
    return;
  if (n_events > MAX_EVENTS_PER_SUBJECT)
    n_events = MAX_EVENTS_PER_SUBJECT;
  struct evctx e = {.g = g, .s = s};
  rng_seed(&e.r, g->o.seed, ST_EVENTS, s->index);
  struct rng *r = &e.r;
  int64_t now = gp_days_from_civil(GP_NOW_Y, GP_NOW_M, GP_NOW_D) * 86400;
  e.t1 = now;
  e.t0 = now - (int64_t)GP_EVENT_DAYS * 86400;
  if (s->created > e.t0)
    e.t0 = s->created;
  if (e.t1 - e.t0 < 86400)
    return;
  e.claimed = gp_zone(s->tz);
  if (!e.claimed)
    e.claimed = gp_zone("America/New_York");
  e.real = gp_zone(s->ring && s->ring->ctrl_tz ? s->ring->ctrl_tz : "Asia/Shanghai");
  e.home_ip = (uint32_t)rng_next(r);
  /* languages */
  const struct gp_country *lc = s->p ? s->p->nat : s->res;
  e.langs[0] = s->res->langs[0];
  e.langs[1] = s->res->langs[1];
  if (s->label == LBL_HONEST && s->p && s->p->nat != s->res && lc->langs[0]) /* an expat's mother tongue */
    e.langs[1] = lc->langs[0];
  if (has(&e, T_LANGUAGE_MISMATCH)) {
    bool chinese = strcmp(s->res->a2, "KR") == 0 || (strcmp(e.real->name, "Asia/Shanghai") == 0 && rng_chance(r, 0.6));
    e.langs[0] = chinese ? "zh-CN" : "ko-KR";
    e.langs[1] = "en-US";
  }
  /* devices */
  if (s->ring && has(&e, T_RING_DEVICE))
    add_device(&e, s->ring->devices[rng_below(r, 3)], false);
  else
    add_device(&e, NULL, false);
  if (s->label == LBL_FACILITATOR && s->ring) /* a laptop per ring account at the farm */
    for (int i = 0; i < 3; i++)
      add_device(&e, s->ring->devices[i], false);
  if (rng_chance(r, 0.5))
    add_device(&e, NULL, true);
  /* timestamps */
  uint32_t n = (uint32_t)rng_range(r, (int)(n_events / 2), (int)(n_events * 3 / 2));
  if (n < 2)
    n = 2;
  int64_t *ts = malloc(n * sizeof *ts);
  if (!ts)
    return;
  /* working days: a session of a few events on each */
  int64_t d0 = e.t0 / 86400 + 1, d1 = e.t1 / 86400;
  if (d1 <= d0) {
    free(ts);
    return;
  }
  uint32_t n_days = n / (uint32_t)rng_range(r, SESSION_MIN, SESSION_MAX) + 1;
  if (n_days > (uint32_t)(d1 - d0))
    n_days = (uint32_t)(d1 - d0);
  int64_t days[GP_EVENT_DAYS + 1];
  for (uint32_t k = 0; k < n_days; k++) {
    int64_t day;
    do /* weekends are quieter, except for shift work */
      day = d0 + rng_below(r, (uint32_t)(d1 - d0));
    while (!has(&e, T_ROUND_THE_CLOCK) && (weekday(day) == 0 || weekday(day) == 6) && rng_chance(r, 0.7));
    days[k] = day;
  }
  for (uint32_t i = 0; i < n; i++) {
    int64_t day = days[rng_below(r, n_days)];
    ts[i] = event_time(&e, day);
    if (ts[i] >= e.t1)
      ts[i] = e.t1 - 1 - rng_below(r, 3600);
  }
  qsort(ts, n, sizeof *ts, cmp_i64);
  /* account takeover: a new device and IP, then the payout changes */
  uint32_t ato_at = has(&e, T_ACCOUNT_TAKEOVER) ? n / 2 + rng_below(r, n / 2) : UINT32_MAX;
  bool local_ts = rng_chance(r, 0.2);
  int64_t last_day = -1;
  const struct dev *dv = &e.devs[0];
  for (uint32_t i = 0; i < n; i++) {
    int64_t day = ts[i] / 86400;
    bool first = day != last_day;
    last_day = day;
    if (first) /* a session: which device today */
      dv = &e.devs[e.n_devs > 1 && rng_chance(r, 0.3) ? rng_below(r, (uint32_t)e.n_devs) : 0];
    bool farm;
    char ip[20];
    uint32_t ipv = pick_ip(&e, ts[i], &farm);
    gp_ip_str(ipv, ip, sizeof ip);
    if (i == ato_at) {
      struct dev nd;
      char h[13];
      gp_hex(r, h, 12);
      snprintf(nd.id, sizeof nd.id, "dev-%s", h);
      nd.ua = PICK(r, agents_desktop);
      gp_ip_str(gp_ip_from(r, gp_hosting_nets[rng_below(r, (uint32_t)gp_n_hosting_nets)].cidr), ip, sizeof ip);
      json_t *o = new_event(&e, ts[i], "login", local_ts);
      set_str(o, "ip", ip);
      set_str(o, "device_id", nd.id);
      login_fields(&e, o, ts[i], &nd);
      gp_emit_event(g, o, ts[i]);
      int64_t t2 = ts[i] + 3600 + rng_below(r, 47 * 3600);
      if (t2 >= e.t1)
        t2 = ts[i] + 600;
      struct gp_payout y = {.kind = "crypto", .currency = "USDT"};
      gp_wallet(r, "TRC20", y.address, sizeof y.address);
      gp_copy(y.account, sizeof y.account, y.address);
      json_t *p = new_event(&e, t2, "payout_change", local_ts);
      set_str(p, "ip", ip);
      set_str(p, "device_id", nd.id);
      json_object_set_new(p, "payout", gp_payout_json(&y));
      gp_emit_event(g, p, t2);
      continue;
    }
    const char *kind = "activity";
    if (first)
      kind = "login";
    else if (rng_chance(r, 0.15))
      kind = "message";
    else if (rng_chance(r, 0.03))
      kind = "review";
    json_t *o = new_event(&e, ts[i], kind, local_ts);
    set_str(o, "ip", ip);
    set_str(o, "device_id", dv->id);
    if (first)
      login_fields(&e, o, ts[i], dv);
    if (strcmp(kind, "message") == 0 || strcmp(kind, "review") == 0) {
      char cp[24];
      snprintf(cp, sizeof cp, "client-%04u", rng_below(r, 5000));
      set_str(o, "counterpart", cp);
    }
    gp_emit_event(g, o, ts[i]);
  }
  /* an honest payout change: a new method, from the usual device */
  if (s->label == LBL_HONEST && s->p && rng_chance(r, 0.1)) {
    int64_t t = ts[rng_below(r, n)] + 600;
    struct gp_payout y;
    gp_payout_own(r, s->p, s->p->res, &y);
    json_t *o = new_event(&e, t, "payout_change", local_ts);
    char ip[20];
    gp_ip_str(gp_ip_country(r, s->res), ip, sizeof ip);
    set_str(o, "ip", ip);
    set_str(o, "device_id", e.devs[0].id);
    json_object_set_new(o, "payout", gp_payout_json(&y));
    gp_emit_event(g, o, t);
  }
  /* the company laptop ships: to the worker, or to the farm */
  bool forward = has(&e, T_SHIPMENT_FORWARDING) && s->ring;
  if (forward || (s->label == LBL_HONEST && s->p && rng_chance(r, 0.05))) {
    int64_t t = e.t0 + rng_below(r, (uint32_t)((e.t1 - e.t0) / 3));
    json_t *o = new_event(&e, t, "shipment", false);
    json_t *a = json_object();
    json_object_set_new(a, "kind", json_string("shipping"));
    char text[192];
    if (forward) {
      json_object_set_new(a, "country", json_string(s->ring->fac.res->a2));
      json_object_set_new(a, "text", json_string(s->ring->fac_address));
    } else {
      gp_address(r, s->res, s->p->city, text, sizeof text);
      json_object_set_new(a, "country", json_string(s->res->a2));
      json_object_set_new(a, "text", json_string(text));
    }
    json_object_set_new(o, "address", a);
    char cp[24];
    snprintf(cp, sizeof cp, "client-%04u", rng_below(r, 5000));
    set_str(o, "counterpart", cp);
    gp_emit_event(g, o, t);
  }
  /* the ring's own client rates the account once or twice within
   * GP_REVIEW_SPAN_DAYS (of its creation, when that came later), from a
   * stream of its own */
  if (has(&e, T_RING_REVIEWS) && s->ring->review_client[0]) {
    struct rng rv;
    rng_seed(&rv, g->o.seed, ST_REVIEWS, s->index);
    int n_reviews = rng_range(&rv, 1, 2);
    int64_t from = s->ring->review_day * 86400;
    if (from < e.t0)
      from = e.t0;
    for (int k = 0; k < n_reviews; k++) {
      int64_t t = from + rng_below(&rv, GP_REVIEW_SPAN_DAYS * 86400);
      if (t >= e.t1)
        continue;
      json_t *o = new_event(&e, t, "review", local_ts);
      set_str(o, "counterpart", s->ring->review_client);
      gp_emit_event(g, o, t);
    }
  }
  free(ts);
}
