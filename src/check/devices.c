/* check/devices.c - what the subject's own sessions say about the machine
 * the account is worked from: remote-access tools, KVM-over-IP hardware,
 * virtual machines, activity spread round the clock, and a browser time
 * zone other than the claimed one.  These read only the events' own fields
 * (no IP data); the location signals of issue 4 come separately. */
#include <math.h>
#include <stdio.h>
#include <time.h>

#include "check/check_int.h"
#include "vetter/json.h"
#include "events/signals.h" /* time zones through ICU: ev_zone_* */

/* A name fragment (lower case) and its length. */
struct fragment {
  const char *s;
  size_t n;
};
#define FRAG(lit) {lit, sizeof(lit) - 1}

/* Remote-access tools by a name fragment as sessions report them
 * (lower case, '_' and '-' read as ' '). */
static const struct fragment remote_tools[] = {
    FRAG("anydesk"),     FRAG("teamviewer"), FRAG("rdp"),      FRAG("remote desktop"), FRAG("mstsc"),
    FRAG("rustdesk"),    FRAG("vnc"),        FRAG("splashtop"), FRAG("parsec"),        FRAG("logmein"),
    FRAG("screenconnect"), FRAG("connectwise"), FRAG("ammyy"),  FRAG("supremo"),       FRAG("zoho assist"),
    FRAG("dwservice"),   FRAG("remotepc"),   FRAG("getscreen"),
};

/* KVM-over-IP hardware by a name fragment of its USB device.  PiKVM and
 * TinyPilot present themselves as a Linux USB gadget named after the
 * product; JetKVM, BliKVM and GL.iNet's Comet (GL-RM1) likewise. */
/* Long days a round-the-clock finding shows. */
#define ROUND_EXAMPLES 5

static const struct fragment kvm_devices[] = {
    FRAG("pikvm"),        FRAG("tinypilot"),        FRAG("jetkvm"),      FRAG("blikvm"), FRAG("gl.inet comet"),
    FRAG("gl-rm1"),       FRAG("lantronix spider"), FRAG("kvm over ip"), FRAG("ip-kvm"),
};

/* Seconds in a day. */
#define DAY_S 86400

/* The fragment f in s, reading s lower-cased with '_' and '-' as ' '. */
static bool has_fragment(vet_str s, const struct fragment *f)
{
  const char *frag = f->s;
  size_t n = f->n;
  for (size_t i = 0; i + n <= s.len; i++) {
    size_t k = 0;
    for (; k < n; k++) {
      char c = (char)vet_lower((unsigned char)s.ptr[i + k]);
      if (c == '_' || (c == '-' && frag[k] == ' '))
        c = ' ';
      if (c != frag[k])
        break;
    }
    if (k == n)
      return true;
  }
  return false;
}

static const char *match_list(vet_str s, const struct fragment *list, size_t n)
{
  for (size_t i = 0; i < n; i++)
    if (has_fragment(s, &list[i]))
      return list[i].s;
  return NULL;
}

/* Names a worker remembers matching (a population repeats a few dozen
 * devices and tools); past this many the rest are matched each time. */
#define MATCH_MEMO_MAX 4096

/* match_list(s, list, n), remembered in memo (values: the fragment's
 * index + 1, 0 for none).  s is the population's: it outlives the memo's
 * use by the worker. */
static const char *match_memo(struct vet_strmap *memo, vet_str s, const struct fragment *list, size_t n)
{
  const uint32_t *v = vet_strmap_get(memo, s);
  if (v)
    return *v ? list[*v - 1].s : NULL;
  const char *hit = match_list(s, list, n);
  if (memo->count < MATCH_MEMO_MAX) {
    size_t k = 0;
    while (hit && list[k].s != hit)
      k++;
    (void)vet_strmap_put(memo, s, hit ? (uint32_t)k + 1 : 0, NULL); /* out of memory: not remembered */
  }
  return hit;
}

bool check_session_remote(const struct vet_event *e)
{
  for (uint32_t k = 0; k < e->x->remote_tools.n; k++)
    if (match_list(e->x->remote_tools.v[k], remote_tools, VET_COUNTOF(remote_tools)))
      return true;
  for (uint32_t k = 0; k < e->x->usb_devices.n; k++)
    if (match_list(e->x->usb_devices.v[k], kvm_devices, VET_COUNTOF(kvm_devices)))
      return true;
  return e->x->vm == 1;
}


/* The browser's offset against the claimed zone's, session by session. */
static vet_err timezone(struct vet_check_worker *w, const struct vet_event *ev, uint32_t n)
{
  const struct vet_subject *s = w->s;
  const struct vet_check_config *cc = &w->ck->cfg->check;
  struct ev_zone *claimed = check_zone(w, s->timezone);
  if (!claimed)
    return VET_OK; /* no claim, or not a zone ICU knows: nothing to compare */
  uint32_t known = 0, differ = 0;
  int seen_off[4] = {0};
  uint32_t seen_n[4] = {0}, n_seen = 0;
  const struct vet_event *example = NULL;
  int example_claimed = 0;
  struct ev_zone *bz = NULL; /* the zone named bz_name (NULL when ICU knows no such zone) */
  vet_str bz_name = VET_STR_NULL;
  for (uint32_t i = 0; i < n; i++) {
    const struct vet_event *e = &ev[i];
    bool ok = false;
    int browser = 0;
    if (e->x->has_tz_offset) {
      browser = e->x->tz_offset_min;
      ok = true;
    } else if (e->x->tz_name.len) {
      if (!vet_str_eq(e->x->tz_name, bz_name)) { /* a browser mostly keeps its zone */
        bz = check_zone(w, e->x->tz_name);
        bz_name = e->x->tz_name;
      }
      ok = bz && ev_zone_offset(bz, e->ts, &browser);
    }
    int want = 0;
    if (!ok || !ev_zone_offset(claimed, e->ts, &want))
      continue;
    known++;
    if (abs(browser - want) <= (int)cc->tz_tolerance_min)
      continue;
    differ++;
    if (!example) {
      example = e;
      example_claimed = want;
    }
    uint32_t k = 0;
    while (k < n_seen && seen_off[k] != browser)
      k++;
    if (k == n_seen && n_seen < VET_COUNTOF(seen_off))
      seen_off[n_seen++] = browser;
    if (k < n_seen)
      seen_n[k]++;
  }
  double share = known ? (double)differ / known : 0;
  if (!differ || share < cc->tz_mismatch_share)
    return VET_OK;
  uint32_t top = 0;
  for (uint32_t k = 1; k < n_seen; k++)
    if (seen_n[k] > seen_n[top])
      top = k;
  char bt[16], ct[16];
  ev_offset_text(seen_off[top], bt, sizeof bt);
  ev_offset_text(example_claimed, ct, sizeof ct);
  json_t *offs = json_object();
  for (uint32_t k = 0; k < n_seen; k++) {
    char t[16];
    ev_offset_text(seen_off[k], t, sizeof t);
    json_object_set_new(offs, t, json_integer(seen_n[k]));
  }
  json_t *evd = json_pack("{s:o, s:s, s:i, s:i, s:f, s:o, s:{s:o, s:i, s:o}}", "claimed_zone", check_jstr(s->timezone),
                          "claimed_offset", ct, "sessions", (int)known, "differing", (int)differ, "share",
                          round(share * 1000) / 1000, "browser_offsets", offs, "example", "ts", vet_json_time(example->ts),
                          "tz_offset_min", example->x->has_tz_offset ? example->x->tz_offset_min : 0, "tz_name",
                          check_jstr(example->x->tz_name));
  return vet_findings_add(&w->f, VET_RULE_BEHAVIOUR_TIMEZONE_MISMATCH, 1, VET_SEV_MEDIUM, evd,
                          "the browser says %s in %u of %u sessions while the profile claims %.*s (%s)", bt, differ,
                          known, VET_STR_FMT(s->timezone), ct);
}

vet_err check_devices(struct vet_check_worker *w)
{
  const struct vet_subject *s = w->s;
  const struct vet_population *p = w->ck->pop;
  const struct vet_check_config *cc = &w->ck->cfg->check;
  const struct vet_event *ev = s->n_events ? p->events + s->first_event : NULL; /* no events: no array at all */
  uint32_t n = s->n_events;
  uint32_t tool_sessions = 0, remote = 0, vm_known = 0, vm = 0;
  /* the tools met and their sessions, in the order met (made JSON only for
   * a finding) */
  const char *tool[VET_COUNTOF(remote_tools)];
  uint32_t tool_n[VET_COUNTOF(remote_tools)], n_tools = 0;
  json_t *kvm = json_array();
  const struct vet_event *first_kvm = NULL;
  for (uint32_t i = 0; i < n; i++) {
    const struct vet_event *e = &ev[i];
    /* a session: a login or activity event, or any event naming its tools */
    if (e->x->remote_tools.n || e->kind == VET_EV_LOGIN || e->kind == VET_EV_ACTIVITY) {
      tool_sessions++;
      bool any = false;
      for (uint32_t k = 0; k < e->x->remote_tools.n; k++) {
        const char *t = match_memo(&w->tool_memo, e->x->remote_tools.v[k], remote_tools, VET_COUNTOF(remote_tools));
        if (t) {
          any = true;
          uint32_t q = 0;
          while (q < n_tools && strcmp(tool[q], t))
            q++;
          if (q == n_tools) {
            tool[n_tools] = t;
            tool_n[n_tools++] = 0;
          }
          tool_n[q]++;
        }
      }
      remote += any;
    }
    for (uint32_t k = 0; k < e->x->usb_devices.n; k++)
      if (match_memo(&w->kvm_memo, e->x->usb_devices.v[k], kvm_devices, VET_COUNTOF(kvm_devices))) {
        if (!first_kvm)
          first_kvm = e;
        if (json_array_size(kvm) < 8)
          json_array_append_new(kvm, check_jstr(e->x->usb_devices.v[k]));
      }
    if (e->x->vm >= 0) {
      vm_known++;
      vm += e->x->vm == 1;
    }
  }
  vet_err rc = VET_OK;
  double share = tool_sessions ? (double)remote / tool_sessions : 0;
  if (remote && share >= cc->remote_share) {
    json_t *tools = json_object();
    for (uint32_t q = 0; q < n_tools; q++)
      json_object_set_new(tools, tool[q], json_integer(tool_n[q]));
    json_t *evd = json_pack("{s:i, s:i, s:f, s:o}", "sessions", (int)tool_sessions, "with_remote_tool", (int)remote,
                            "share", round(share * 1000) / 1000, "tools", tools);
    rc = vet_findings_add(&w->f, VET_RULE_BEHAVIOUR_REMOTE_ACCESS, 1, VET_SEV_MEDIUM, evd,
                          "%u of %u sessions (%.0f%%) ran a remote-access tool", remote, tool_sessions, share * 100);
  }
  if (!rc && first_kvm) {
    json_t *evd = json_pack("{s:O, s:o, s:o}", "devices", kvm, "first_seen", vet_json_time(first_kvm->ts), "device_id",
                            check_jstr(vet_lstr_str(first_kvm->device_id)));
    rc = vet_findings_add(&w->f, VET_RULE_BEHAVIOUR_KVM_DEVICE, 1, VET_SEV_HIGH, evd,
                          "a KVM-over-IP device (%s) was attached to a session",
                          json_string_value(json_array_get(kvm, 0)));
  }
  json_decref(kvm);
  double vshare = vm_known ? (double)vm / vm_known : 0;
  if (!rc && vm && vshare >= cc->vm_share) {
    json_t *evd = json_pack("{s:i, s:i, s:f}", "sessions", (int)vm_known, "in_vm", (int)vm, "share",
                            round(vshare * 1000) / 1000);
    rc = vet_findings_add(&w->f, VET_RULE_BEHAVIOUR_VIRTUAL_MACHINE, 1, VET_SEV_LOW, evd,
                          "%u of %u sessions (%.0f%%) ran in a virtual machine", vm, vm_known, vshare * 100);
  }
  /* round the clock: per UTC day, the span from the first to the last
   * activity (events are sorted by time) */
  uint32_t days = 0, long_days = 0;
  uint32_t ex_from[ROUND_EXAMPLES], ex_to[ROUND_EXAMPLES], n_ex = 0; /* made JSON only for a finding */
  for (uint32_t i = 0; i < n && !rc;) {
    int64_t day = ev[i].ts >= 0 ? ev[i].ts / DAY_S : (ev[i].ts - DAY_S + 1) / DAY_S;
    uint32_t j = i;
    while (j < n && (ev[j].ts >= 0 ? ev[j].ts / DAY_S : (ev[j].ts - DAY_S + 1) / DAY_S) == day)
      j++;
    days++;
    if (ev[j - 1].ts - ev[i].ts >= (int64_t)cc->round_the_clock_hours * 3600) {
      long_days++;
      if (n_ex < ROUND_EXAMPLES) {
        ex_from[n_ex] = i;
        ex_to[n_ex++] = j;
      }
    }
    i = j;
  }
  if (!rc && long_days > cc->round_the_clock_days) {
    json_t *examples = json_array();
    for (uint32_t k = 0; k < n_ex; k++)
      json_array_append_new(examples, json_pack("{s:o, s:o, s:i}", "first", vet_json_time(ev[ex_from[k]].ts), "last",
                                                vet_json_time(ev[ex_to[k] - 1].ts), "events",
                                                (int)(ex_to[k] - ex_from[k])));
    json_t *evd = json_pack("{s:i, s:i, s:i, s:o}", "days_active", (int)days, "days_round_the_clock", (int)long_days,
                            "hours", (int)cc->round_the_clock_hours, "examples", examples);
    rc = vet_findings_add(&w->f, VET_RULE_BEHAVIOUR_ROUND_THE_CLOCK, 1, VET_SEV_MEDIUM, evd,
                          "on %u of %u active days the account was worked over %u hours or more", long_days, days,
                          cc->round_the_clock_hours);
  }
  return rc ? rc : timezone(w, ev, n);
}
