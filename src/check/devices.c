/* check/devices.c - what the subject's own sessions say about the machine
 * the account is worked from: remote-access tools, KVM-over-IP hardware,
 * virtual machines, and activity spread round the clock.  These read only
 * the events' own fields (no IP data); the location signals of issue 4
 * come separately. */
#include <math.h>
#include <stdio.h>
#include <time.h>

#include "check/check_int.h"

/* Remote-access tools by a name fragment as sessions report them
 * (lower case, '_' and '-' read as ' '). */
static const char *const remote_tools[] = {
    "anydesk",     "teamviewer", "rdp",     "remote desktop", "mstsc",     "rustdesk",    "vnc",
    "splashtop",   "parsec",     "logmein", "screenconnect",  "connectwise", "ammyy",     "supremo",
    "zoho assist", "dwservice",  "remotepc", "getscreen",
};

/* KVM-over-IP hardware by a name fragment of its USB device.  PiKVM and
 * TinyPilot present themselves as a Linux USB gadget named after the
 * product; JetKVM, BliKVM and GL.iNet's Comet (GL-RM1) likewise. */
static const char *const kvm_devices[] = {
    "pikvm", "tinypilot", "jetkvm", "blikvm", "gl.inet comet", "gl-rm1", "lantronix spider", "kvm over ip", "ip-kvm",
};

/* Seconds in a day. */
#define DAY_S 86400

/* The fragment (lower case) in s, reading s lower-cased with '_' and '-'
 * as ' '. */
static bool has_fragment(vet_str s, const char *frag)
{
  size_t n = strlen(frag);
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

static const char *match_list(vet_str s, const char *const *list, size_t n)
{
  for (size_t i = 0; i < n; i++)
    if (has_fragment(s, list[i]))
      return list[i];
  return NULL;
}

/* "2026-03-01T09:15:00Z" of Unix seconds t. */
static json_t *ts_json(int64_t t)
{
  time_t tt = (time_t)t;
  struct tm tm;
  char b[32];
  if (!gmtime_r(&tt, &tm) || !strftime(b, sizeof b, "%Y-%m-%dT%H:%M:%SZ", &tm))
    return json_null();
  return json_string(b);
}

vet_err check_devices(struct vet_check_worker *w)
{
  const struct vet_subject *s = w->s;
  const struct vet_population *p = w->ck->pop;
  const struct vet_check_config *cc = &w->ck->cfg->check;
  const struct vet_event *ev = s->n_events ? p->events + s->first_event : NULL; /* no events: no array at all */
  uint32_t n = s->n_events;
  uint32_t tool_sessions = 0, remote = 0, vm_known = 0, vm = 0;
  json_t *tools = json_object(), *kvm = json_array();
  const struct vet_event *first_kvm = NULL;
  for (uint32_t i = 0; i < n; i++) {
    const struct vet_event *e = &ev[i];
    /* a session: a login or activity event, or any event naming its tools */
    if (e->remote_tools.n || e->kind == VET_EV_LOGIN || e->kind == VET_EV_ACTIVITY) {
      tool_sessions++;
      bool any = false;
      for (uint32_t k = 0; k < e->remote_tools.n; k++) {
        const char *t = match_list(e->remote_tools.v[k], remote_tools, VET_COUNTOF(remote_tools));
        if (t) {
          any = true;
          json_t *c = json_object_get(tools, t);
          json_object_set_new(tools, t, json_integer((c ? json_integer_value(c) : 0) + 1));
        }
      }
      remote += any;
    }
    for (uint32_t k = 0; k < e->usb_devices.n; k++)
      if (match_list(e->usb_devices.v[k], kvm_devices, VET_COUNTOF(kvm_devices))) {
        if (!first_kvm)
          first_kvm = e;
        if (json_array_size(kvm) < 8)
          json_array_append_new(kvm, check_jstr(e->usb_devices.v[k]));
      }
    if (e->vm >= 0) {
      vm_known++;
      vm += e->vm == 1;
    }
  }
  vet_err rc = VET_OK;
  double share = tool_sessions ? (double)remote / tool_sessions : 0;
  if (remote && share >= cc->remote_share) {
    json_t *evd = json_pack("{s:i, s:i, s:f, s:O}", "sessions", (int)tool_sessions, "with_remote_tool", (int)remote,
                            "share", round(share * 1000) / 1000, "tools", tools);
    rc = vet_findings_add(&w->f, VET_RULE_BEHAVIOUR_REMOTE_ACCESS, 1, VET_SEV_MEDIUM, evd,
                          "%u of %u sessions (%.0f%%) ran a remote-access tool", remote, tool_sessions, share * 100);
  }
  json_decref(tools);
  if (!rc && first_kvm) {
    json_t *evd = json_pack("{s:O, s:o, s:o}", "devices", kvm, "first_seen", ts_json(first_kvm->ts), "device_id",
                            check_jstr(first_kvm->device_id));
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
  json_t *examples = json_array();
  for (uint32_t i = 0; i < n && !rc;) {
    int64_t day = ev[i].ts >= 0 ? ev[i].ts / DAY_S : (ev[i].ts - DAY_S + 1) / DAY_S;
    uint32_t j = i;
    while (j < n && (ev[j].ts >= 0 ? ev[j].ts / DAY_S : (ev[j].ts - DAY_S + 1) / DAY_S) == day)
      j++;
    days++;
    if (ev[j - 1].ts - ev[i].ts >= (int64_t)cc->round_the_clock_hours * 3600) {
      long_days++;
      if (json_array_size(examples) < 5)
        json_array_append_new(examples, json_pack("{s:o, s:o, s:i}", "first", ts_json(ev[i].ts), "last",
                                                  ts_json(ev[j - 1].ts), "events", (int)(j - i)));
    }
    i = j;
  }
  if (!rc && long_days > cc->round_the_clock_days) {
    json_t *evd = json_pack("{s:i, s:i, s:i, s:O}", "days_active", (int)days, "days_round_the_clock", (int)long_days,
                            "hours", (int)cc->round_the_clock_hours, "examples", examples);
    rc = vet_findings_add(&w->f, VET_RULE_BEHAVIOUR_ROUND_THE_CLOCK, 1, VET_SEV_MEDIUM, evd,
                          "on %u of %u active days the account was worked over %u hours or more", long_days, days,
                          cc->round_the_clock_hours);
  }
  json_decref(examples);
  return rc;
}
