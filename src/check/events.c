/* check/events.c - the location and behaviour signals of issue 4 in
 * `vetter check`: looks up the IP address of each of the subject's newest
 * check.max_events_per_subject events in the IP table (when one is open),
 * opens the claimed time zone (check_zone: zones cached per worker), and runs the signals of
 * events/signals.c, which add the findings.
 * Owns: the worker's scratch (struct check_ev_scratch): the per-event IP
 * array, grown up to the setting's cap and reused, and the zone cache.
 * Thread-safety: the scratch is its worker's. */
#include <stdio.h>

#include "check/check_int.h"

/* Time zones kept open per worker: claimed and browser zones (a
 * population uses a few dozen; ICU's tz database has about 600).  An
 * open zone also keeps the span of its last answer (events/tz.c).  Past
 * this many, a zone the current subject has not used is closed for a new
 * one; the zones of the current subject stay open until it is done. */
#define ZONE_CACHE 64
#define ZONE_NAME_CAP 64

struct zone_entry {
  char name[ZONE_NAME_CAP];
  struct ev_zone *z;         /* NULL: ICU does not know the name */
  const struct vet_subject *user; /* the subject that last asked for it */
};

struct check_ev_scratch {
  struct vet_ip_info *ip; /* what the table says of ev[i]'s address */
  uint32_t cap;
  struct zone_entry *zones;
  uint32_t n_zones, cap_zones, next;
};

void check_events_release(struct vet_check_worker *w)
{
  struct check_ev_scratch *x = w->evs;
  if (!x)
    return;
  for (uint32_t k = 0; k < x->n_zones; k++)
    ev_zone_close(x->zones[k].z);
  free(x->zones);
  free(x->ip);
  free(x);
  w->evs = NULL;
}

static bool scratch(struct vet_check_worker *w)
{
  return w->evs || (w->evs = calloc(1, sizeof *w->evs));
}

/* A free entry for a new zone: a new one while under ZONE_CACHE (or when
 * every entry is the current subject's), else one the current subject
 * does not use, closed.  NULL when out of memory. */
static struct zone_entry *zone_slot(struct check_ev_scratch *x, const struct vet_subject *s)
{
  if (x->n_zones >= ZONE_CACHE)
    for (uint32_t t = 0; t < x->n_zones; t++) {
      struct zone_entry *z = &x->zones[x->next++ % x->n_zones];
      if (z->user != s) {
        ev_zone_close(z->z);
        return z;
      }
    }
  if (x->n_zones == x->cap_zones) {
    uint32_t cap = x->cap_zones ? 2 * x->cap_zones : 16;
    struct zone_entry *g = realloc(x->zones, (size_t)cap * sizeof *g);
    if (!g)
      return NULL;
    x->zones = g;
    x->cap_zones = cap;
  }
  return &x->zones[x->n_zones++];
}

struct ev_zone *check_zone(struct vet_check_worker *w, vet_str name)
{
  if (!name.len || name.len >= ZONE_NAME_CAP || !scratch(w))
    return NULL;
  struct check_ev_scratch *x = w->evs;
  for (uint32_t k = 0; k < x->n_zones; k++)
    if (vet_str_eq_c(name, x->zones[k].name)) {
      x->zones[k].user = w->s;
      return x->zones[k].z;
    }
  struct zone_entry *z = zone_slot(x, w->s);
  if (!z)
    return NULL;
  snprintf(z->name, sizeof z->name, "%.*s", VET_STR_FMT(name));
  z->z = ev_zone_open(name);
  z->user = w->s;
  return z->z;
}

/* Addresses of a subject remembered while its events are looked up: most
 * subjects come back to a few (home, office, a VPN's exits). */
#define IP_RECENT 8
/* Events ahead whose address text is fetched. */
#define IP_TEXT_AHEAD 8

vet_err check_events(struct vet_check_worker *w)
{
  const struct vet_subject *s = w->s;
  const struct vet_checker *ck = w->ck;
  const struct vet_check_config *cc = &ck->cfg->check;
  if (!s->n_events)
    return VET_OK;
  if (!scratch(w))
    return VET_ENOMEM;
  struct check_ev_scratch *x = w->evs;
  /* the newest events only: memory per subject stays bounded */
  uint32_t n = s->n_events < cc->max_events_per_subject ? s->n_events : cc->max_events_per_subject;
  const struct vet_event *ev = ck->pop->events + s->first_event + (s->n_events - n);
  struct vet_ip_info *ip = NULL;
  if (ck->ipdb) {
    if (x->cap < n) {
      struct vet_ip_info *g = realloc(x->ip, (size_t)n * sizeof *g);
      if (!g)
        return VET_ENOMEM;
      x->ip = g;
      x->cap = n;
    }
    ip = x->ip;
    uint32_t recent[IP_RECENT], n_recent = 0, next = 0; /* events whose address was looked up */
    /* the address texts lie in reading order, not the subject's: each is
     * fetched IP_TEXT_AHEAD events before it is compared */
    for (uint32_t i = 0; i < n && i < IP_TEXT_AHEAD; i++)
      VET_PREFETCH(ev[i].ip.ptr);
    for (uint32_t i = 0; i < n; i++) {
      if (i + IP_TEXT_AHEAD < n)
        VET_PREFETCH(ev[i + IP_TEXT_AHEAD].ip.ptr);
      if (i && vet_lstr_eq(ev[i].ip, ev[i - 1].ip)) {
        ip[i] = ip[i - 1]; /* the address of the session before: most sessions repeat one */
        continue;
      }
      uint32_t k = 0;
      while (k < n_recent && !vet_lstr_eq(ev[recent[k]].ip, ev[i].ip))
        k++;
      if (k < n_recent) {
        ip[i] = ip[recent[k]];
        continue;
      }
      struct vet_ip_addr a;
      vet_str text = vet_lstr_str(ev[i].ip);
      if (text.len && vet_ip_parse(text, &a) == VET_OK)
        vet_ipdb_lookup(ck->ipdb, &a, &ip[i]);
      else {
        memset(&ip[i], 0, sizeof ip[i]); /* no address, or not one: unknown, never guessed */
        ip[i].org = ip[i].provider = ip[i].sources = "";
      }
      recent[n_recent < IP_RECENT ? n_recent++ : next++ % IP_RECENT] = i;
    }
  }
  struct ev_input in = {.s = s,
                        .ev = ev,
                        .n = n,
                        .ip = ip,
                        .claimed_zone = check_zone(w, s->timezone),
                        .geo = ck->geo.n ? &ck->geo : NULL,
                        .tzc = ck->tzc.n ? &ck->tzc : NULL,
                        .cc = cc};
  return ev_signals(&in, &w->f);
}
