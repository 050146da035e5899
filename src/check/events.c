/* check/events.c - the location and behaviour signals of issue 4 in
 * `vetter check`: looks up the IP address of each of the subject's newest
 * check.max_events_per_subject events in the IP table (when one is open),
 * opens the claimed time zone (cached per worker), and runs the signals of
 * events/signals.c, which add the findings.
 * Owns: the worker's scratch (struct check_ev_scratch): the per-event IP
 * array, grown up to the setting's cap and reused, and the zone cache.
 * Thread-safety: the scratch is its worker's. */
#include <stdio.h>

#include "check/check_int.h"

/* Claimed time zones kept open per worker (most subjects share a few). */
#define ZONE_CACHE 8
#define ZONE_NAME_CAP 64

struct check_ev_scratch {
  struct vet_ip_info *ip; /* what the table says of ev[i]'s address */
  uint32_t cap;
  struct {
    char name[ZONE_NAME_CAP];
    struct ev_zone *z; /* NULL: ICU does not know the name */
  } zones[ZONE_CACHE];
  uint32_t n_zones, next;
};

void check_events_release(struct vet_check_worker *w)
{
  struct check_ev_scratch *x = w->evs;
  if (!x)
    return;
  for (uint32_t k = 0; k < x->n_zones; k++)
    ev_zone_close(x->zones[k].z);
  free(x->ip);
  free(x);
  w->evs = NULL;
}

/* The claimed zone, opened once per worker and name; NULL when absent
 * or unknown. */
static struct ev_zone *zone(struct check_ev_scratch *x, vet_str name)
{
  if (!name.len || name.len >= ZONE_NAME_CAP)
    return NULL;
  for (uint32_t k = 0; k < x->n_zones; k++)
    if (vet_str_eq_c(name, x->zones[k].name))
      return x->zones[k].z;
  uint32_t k = x->n_zones < ZONE_CACHE ? x->n_zones++ : x->next++ % ZONE_CACHE;
  if (k < x->n_zones && x->zones[k].name[0])
    ev_zone_close(x->zones[k].z);
  snprintf(x->zones[k].name, sizeof x->zones[k].name, "%.*s", VET_STR_FMT(name));
  x->zones[k].z = ev_zone_open(name);
  return x->zones[k].z;
}

vet_err check_events(struct vet_check_worker *w)
{
  const struct vet_subject *s = w->s;
  const struct vet_checker *ck = w->ck;
  const struct vet_check_config *cc = &ck->cfg->check;
  if (!s->n_events)
    return VET_OK;
  if (!w->evs && !(w->evs = calloc(1, sizeof *w->evs)))
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
    for (uint32_t i = 0; i < n; i++) {
      struct vet_ip_addr a;
      if (i && vet_str_eq(ev[i].ip, ev[i - 1].ip))
        ip[i] = ip[i - 1]; /* the address of the session before: most sessions repeat one */
      else if (ev[i].ip.len && vet_ip_parse(ev[i].ip, &a) == VET_OK)
        vet_ipdb_lookup(ck->ipdb, &a, &ip[i]);
      else {
        memset(&ip[i], 0, sizeof ip[i]); /* no address, or not one: unknown, never guessed */
        ip[i].org = ip[i].provider = ip[i].sources = "";
      }
    }
  }
  struct ev_input in = {.s = s,
                        .ev = ev,
                        .n = n,
                        .ip = ip,
                        .claimed_zone = zone(x, s->timezone),
                        .geo = ck->geo.n ? &ck->geo : NULL,
                        .tzc = ck->tzc.n ? &ck->tzc : NULL,
                        .cc = cc};
  return ev_signals(&in, &w->f);
}
