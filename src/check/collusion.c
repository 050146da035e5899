/* check/collusion.c - reviews that boost a ring (ring.review_collusion):
 * the operators of a group of linked accounts (vetter/link.h) rate their
 * own freelancer accounts to build their reputation.  Two shapes:
 *
 * (a) one client reviews at least check.collusion_min_members distinct
 *     members of one group within check.collusion_window_days.  At checker
 *     build, every review (an event of kind review with a counterpart, the
 *     client's id, among the subject's newest check.max_events_per_subject
 *     events) of a grouped subject is sorted by client, group and time:
 *     O(n log n) in the reviews, however many one client wrote.  In each
 *     (client, group) run, two pointers give for every review j the
 *     longest window ending there and its distinct members; a review p is
 *     covered by the windows ending at j >= p that start at or before it,
 *     and a monotonic deque over those gives the one with the most
 *     members, so the whole run takes linear time.  A member is reported
 *     once per client, with its best window.  A client with more than
 *     check.collusion_max_reviews reviews in the input (a marketplace's or
 *     an agency's own account) is not judged this way.
 * (b) the client is itself a subject of the input in the subject's group:
 *     a "client" sharing identifiers with the freelancer it rates.  Read
 *     from the subject's own events when it is checked; no index needed.
 *
 * Only reviews within groups count: a busy client rating many freelancers
 * who share nothing is no finding, and a family's shared account does not
 * link by default (link.family_factor).  The rule needs the links: they
 * are built here when every other ring.* rule is off (check/rings.c
 * builds them only for those), and there are none for a single subject.
 * Owns: the checker's review index (check_collusion_release frees it).
 * Thread-safety: built once; read-only afterwards. */
#include <math.h>
#include <stdio.h>
#include <time.h>

#include "check/check_int.h"
#include "vetter/json.h"

/* Findings per subject (one per client), reviews listed per finding and
 * identifiers named for a client that is a subject. */
#define MAX_CLIENTS 3
#define MAX_LISTED 20
#define MAX_SHARED 5
/* Bytes of a client id written into a message (256 bytes); the evidence
 * has it whole. */
#define MAX_ID_IN_MESSAGE 64
#define DAY_S 86400
#define NONE UINT32_MAX

/* A review of a grouped subject by a judged client. */
struct review {
  int64_t ts;
  uint32_t client, group, subject;
};

/* Subject `subject` was reviewed by `client` among `members` distinct
 * members of its group within index->rv[lo .. hi]. */
struct hit {
  uint32_t subject, client, lo, hi, members;
};

struct check_collusion {
  struct vet_strmap clients;   /* client id (the population's string) -> client index */
  vet_str *client_id;          /* per client */
  uint32_t *client_reviews;    /* per client: its reviews in the input */
  uint32_t n_clients, cap_clients;
  struct review *rv;           /* reviews of grouped subjects, by client, group, time */
  uint32_t n_rv, cap_rv;
  struct hit *hits;            /* by subject: subject i's are hits[hit_start[i] .. hit_start[i+1]) */
  uint32_t n_hits, cap_hits;
  uint32_t *hit_start;
};

/* The subject's events the signals read: its newest max_events_per_subject. */
static void subject_events(const struct vet_checker *ck, const struct vet_subject *s, uint32_t *from, uint32_t *to)
{
  uint32_t cap = ck->cfg->check.max_events_per_subject;
  uint32_t n = s->n_events < cap ? s->n_events : cap;
  *from = s->first_event + (s->n_events - n);
  *to = s->first_event + s->n_events;
}

/* A review of another party: kind review, a counterpart that is not the
 * subject itself (an export mistake, not a signal). */
static bool is_review(const struct vet_population *p, const struct vet_event *ev)
{
  return ev->kind == VET_EV_REVIEW && ev->x->counterpart.len && !vet_str_eq(ev->x->counterpart, p->subjects[ev->subject].id);
}

static uint32_t group_index(const struct vet_links *l, uint32_t subject)
{
  uint32_t n;
  const struct vet_link_group *g = vet_links_group_of(l, subject);
  return g ? (uint32_t)(g - vet_links_groups(l, &n)) : NONE;
}

static int review_cmp(const void *a, const void *b)
{
  const struct review *x = a, *y = b;
  if (x->client != y->client)
    return x->client < y->client ? -1 : 1;
  if (x->group != y->group)
    return x->group < y->group ? -1 : 1;
  if (x->ts != y->ts)
    return x->ts < y->ts ? -1 : 1;
  return x->subject < y->subject ? -1 : x->subject > y->subject;
}

/* Scratch of the window search, sized once for the longest run. */
struct scratch {
  const uint32_t *pos;   /* per subject: its position in its group's member list */
  uint32_t *count;       /* per position: reviews in the current window */
  uint32_t *best;        /* per position: the best window's end (NONE: none yet) */
  uint32_t *start, *distinct, *deque; /* per review of the run */
};

/* The run rv[lo ..+ m) of one client and one group: every member covered
 * by a window of at least collusion_min_members members gets a hit. */
static vet_err judge_run(struct vet_checker *ck, struct check_collusion *x, struct scratch *s, uint32_t lo,
                         uint32_t m)
{
  const struct vet_check_config *cc = &ck->cfg->check;
  const struct review *h = x->rv + lo;
  int64_t w = (int64_t)cc->collusion_window_days * DAY_S;
  uint32_t n = 0; /* distinct members in the window */
  /* the longest window ending at each review, and its members */
  for (uint32_t i = 0, j = 0; j < m; j++) {
    if (s->count[s->pos[h[j].subject]]++ == 0)
      n++;
    while (h[j].ts - h[i].ts > w)
      if (--s->count[s->pos[h[i++].subject]] == 0)
        n--;
    s->start[j] = i;
    s->distinct[j] = n;
  }
  for (uint32_t j = 0; j < m; j++)
    s->count[s->pos[h[j].subject]] = 0;
  /* review p is covered by the windows ending at j in [p, J] (the last J
   * starting at or before p): both ends only move forward, so the largest
   * of them is the front of a deque of decreasing member counts */
  uint32_t qh = 0, qt = 0, next = 0;
  for (uint32_t p = 0; p < m; p++) {
    for (; next < m && s->start[next] <= p; next++) {
      while (qt > qh && s->distinct[s->deque[qt - 1]] <= s->distinct[next])
        qt--;
      s->deque[qt++] = next;
    }
    while (s->deque[qh] < p) /* never empties: the newest pushed window ends at or after p */
      qh++;
    uint32_t j = s->deque[qh];
    if (s->distinct[j] < cc->collusion_min_members)
      continue;
    uint32_t k = s->pos[h[p].subject];
    if (s->best[k] == NONE || s->distinct[j] > s->distinct[s->best[k]])
      s->best[k] = j;
  }
  /* one hit per member reviewed, with its best window */
  for (uint32_t p = 0; p < m; p++) {
    uint32_t k = s->pos[h[p].subject], j = s->best[k];
    if (j == NONE)
      continue;
    s->best[k] = NONE;
    struct hit *t = vet_vec_push(&x->hits, &x->n_hits, &x->cap_hits, sizeof *t);
    if (!t)
      return VET_ENOMEM;
    *t = (struct hit){h[p].subject, h[p].client, lo + s->start[j], lo + j, s->distinct[j]};
  }
  return VET_OK;
}

/* The clients and their review counts; the reviews of grouped subjects by
 * the clients that are judged, sorted. */
static vet_err collect(struct vet_checker *ck, struct check_collusion *x)
{
  const struct vet_population *p = ck->pop;
  for (uint32_t i = 0; i < p->n_subjects; i++) {
    uint32_t from, to;
    subject_events(ck, &p->subjects[i], &from, &to);
    for (uint32_t e = from; e < to; e++) {
      const struct vet_event *ev = &p->events[e];
      if (!is_review(p, ev))
        continue;
      bool ins;
      uint32_t *v = vet_strmap_put(&x->clients, ev->x->counterpart, x->n_clients, &ins);
      if (!v)
        return VET_ENOMEM;
      if (ins && x->n_clients == x->cap_clients) {
        uint32_t cap = x->cap_clients ? x->cap_clients * 2 : 256;
        vet_str *id = realloc(x->client_id, (size_t)cap * sizeof *id);
        if (id)
          x->client_id = id;
        uint32_t *c = id ? realloc(x->client_reviews, (size_t)cap * sizeof *c) : NULL;
        if (!c)
          return VET_ENOMEM;
        x->client_reviews = c;
        x->cap_clients = cap;
      }
      if (ins) {
        x->client_id[x->n_clients] = ev->x->counterpart;
        x->client_reviews[x->n_clients++] = 0;
      }
      x->client_reviews[*v]++;
    }
  }
  const struct vet_links *l = ck->links;
  for (uint32_t i = 0; i < p->n_subjects; i++) {
    uint32_t g = group_index(l, i), from, to;
    if (g == NONE)
      continue;
    subject_events(ck, &p->subjects[i], &from, &to);
    for (uint32_t e = from; e < to; e++) {
      const struct vet_event *ev = &p->events[e];
      if (!is_review(p, ev))
        continue;
      uint32_t c = *vet_strmap_get(&x->clients, ev->x->counterpart);
      if (x->client_reviews[c] > ck->cfg->check.collusion_max_reviews)
        continue;
      struct review *r = vet_vec_push(&x->rv, &x->n_rv, &x->cap_rv, sizeof *r);
      if (!r)
        return VET_ENOMEM;
      *r = (struct review){ev->ts, c, g, i};
    }
  }
  if (x->n_rv)
    qsort(x->rv, x->n_rv, sizeof *x->rv, review_cmp);
  return VET_OK;
}

/* Every (client, group) run judged; the hits indexed by subject. */
static vet_err judge_all(struct vet_checker *ck, struct check_collusion *x)
{
  const struct vet_links *l = ck->links;
  uint32_t ns = ck->pop->n_subjects, n_groups, max_group = 1;
  const struct vet_link_group *groups = vet_links_groups(l, &n_groups);
  const uint32_t *members = vet_links_members(l);
  uint32_t *pos = calloc(ns, sizeof *pos);
  struct scratch s = {.pos = pos};
  vet_err rc = pos ? VET_OK : VET_ENOMEM;
  for (uint32_t g = 0; g < n_groups && !rc; g++) {
    for (uint32_t k = 0; k < groups[g].n; k++)
      pos[members[groups[g].first + k]] = k;
    max_group = VET_MAX(max_group, groups[g].n);
  }
  uint32_t max_run = 1;
  for (uint32_t i = 0, j; i < x->n_rv; i = j) {
    for (j = i + 1; j < x->n_rv && x->rv[j].client == x->rv[i].client && x->rv[j].group == x->rv[i].group; j++)
      ;
    max_run = VET_MAX(max_run, j - i);
  }
  if (!rc) {
    s.count = calloc(max_group, sizeof *s.count);
    s.best = malloc((size_t)max_group * sizeof *s.best);
    s.start = malloc((size_t)max_run * sizeof *s.start);
    s.distinct = malloc((size_t)max_run * sizeof *s.distinct);
    s.deque = malloc((size_t)max_run * sizeof *s.deque);
    if (!s.count || !s.best || !s.start || !s.distinct || !s.deque)
      rc = VET_ENOMEM;
    else
      memset(s.best, 0xff, (size_t)max_group * sizeof *s.best); /* NONE */
  }
  for (uint32_t i = 0, j; i < x->n_rv && !rc; i = j) {
    for (j = i + 1; j < x->n_rv && x->rv[j].client == x->rv[i].client && x->rv[j].group == x->rv[i].group; j++)
      ;
    if (j - i >= ck->cfg->check.collusion_min_members)
      rc = judge_run(ck, x, &s, i, j - i);
  }
  free(pos);
  free(s.count);
  free(s.best);
  free(s.start);
  free(s.distinct);
  free(s.deque);
  if (rc)
    return rc;
  /* hits by subject (counting sort) */
  x->hit_start = calloc((size_t)ns + 1, sizeof *x->hit_start);
  struct hit *sorted = malloc((size_t)(x->n_hits ? x->n_hits : 1) * sizeof *sorted);
  if (!x->hit_start || !sorted) {
    free(sorted);
    return VET_ENOMEM;
  }
  for (uint32_t k = 0; k < x->n_hits; k++)
    x->hit_start[x->hits[k].subject + 1]++;
  for (uint32_t i = 0; i < ns; i++)
    x->hit_start[i + 1] += x->hit_start[i];
  for (uint32_t k = 0; k < x->n_hits; k++) /* hit_start[i] ends subject i-1's hits afterwards ... */
    sorted[x->hit_start[x->hits[k].subject]++] = x->hits[k];
  for (uint32_t i = ns; i > 0; i--) /* ... so shift it back */
    x->hit_start[i] = x->hit_start[i - 1];
  x->hit_start[0] = 0;
  free(x->hits);
  x->hits = sorted;
  x->cap_hits = x->n_hits;
  return VET_OK;
}

vet_err check_collusion_build(struct vet_checker *ck, struct vet_error *e)
{
  if (!ck->cfg->risk.enabled[VET_RULE_RING_REVIEW_COLLUSION] || ck->pop->n_subjects < 2 || !ck->pop->n_events)
    return VET_OK;
  if (!ck->links) /* built whenever a ring.* rule is on (check/rings.c), this one included */
    return VET_OK;
  struct check_collusion *x = calloc(1, sizeof *x);
  if (!x)
    return vet_fail(e, VET_ENOMEM, "review index: out of memory");
  ck->collusion = x;
  vet_strmap_init(&x->clients);
  vet_err rc = collect(ck, x);
  if (!rc)
    rc = judge_all(ck, x);
  if (rc)
    return vet_fail(e, rc, "review index: out of memory");
  return VET_OK;
}

void check_collusion_release(struct vet_checker *ck)
{
  struct check_collusion *x = ck->collusion;
  if (!x)
    return;
  vet_strmap_release(&x->clients);
  free(x->client_id);
  free(x->client_reviews);
  free(x->rv);
  free(x->hits);
  free(x->hit_start);
  free(x);
  ck->collusion = NULL;
}

/* ---- the finding ------------------------------------------------------------ */


/* One client's part in a subject's finding. */
struct client_case {
  uint32_t client;         /* index in the review index */
  const struct hit *hit;   /* (a): the window; NULL without */
  uint32_t as_subject;     /* (b): the client's subject index; NONE when not one of the group */
  uint32_t n_reviews;      /* (b): its reviews of this subject */
  int64_t first, last;
};

/* (a): the reviews in the window, the subject's and the other members'. */
static json_t *window_json(const struct vet_checker *ck, const struct hit *t)
{
  const struct check_collusion *x = ck->collusion;
  json_t *reviews = json_array();
  for (uint32_t k = t->lo; k <= t->hi && json_array_size(reviews) < MAX_LISTED; k++)
    json_array_append_new(reviews, json_pack("{s:o, s:o}", "subject", check_jstr(ck->pop->subjects[x->rv[k].subject].id),
                                             "ts", vet_json_time(x->rv[k].ts)));
  return json_pack("{s:i, s:i, s:o, s:o, s:i, s:o}", "members", (int)t->members, "reviews_in_window",
                   (int)(t->hi - t->lo + 1), "from", vet_json_time(x->rv[t->lo].ts), "to", vet_json_time(x->rv[t->hi].ts),
                   "window_days", (int)ck->cfg->check.collusion_window_days, "reviews", reviews);
}

/* (b): the identifiers that join the client's account and the subject's
 * directly (none when they are linked only through other members). */
static json_t *joining_json(const struct vet_checker *ck, uint32_t self, uint32_t other)
{
  const struct vet_links *l = ck->links;
  uint32_t n, nsh;
  const uint32_t *mine = vet_links_of(l, self, &n);
  const struct vet_link_shared *sh = vet_links_shared(l, &nsh);
  const uint32_t *m = vet_links_members(l);
  json_t *a = json_array();
  for (uint32_t k = 0; k < n && json_array_size(a) < MAX_SHARED; k++) {
    const struct vet_link_shared *r = &sh[mine[k]];
    if (!r->joins)
      continue;
    bool has = false;
    for (uint32_t j = 0; j < r->n && !has; j++)
      has = m[r->first + j] == other;
    if (has)
      json_array_append_new(a, json_pack("{s:s, s:o, s:f}", "kind", vet_link_kind_name(r->kind), "value",
                                         check_jstr(r->value), "strength", round(r->strength * 1000) / 1000));
  }
  return a;
}

static vet_err report(struct vet_check_worker *w, const struct vet_link_group *g, const struct client_case *c)
{
  const struct vet_checker *ck = w->ck;
  const struct check_collusion *x = ck->collusion;
  uint32_t self = w->self;
  vet_str full = x->client_id[c->client], id = vet_utf8_clip(full, MAX_ID_IN_MESSAGE);
  json_t *ev = json_pack("{s:o, s:b, s:s, s:i, s:i}", "client", check_jstr(full), "client_is_subject",
                         c->as_subject != NONE, "group", g->id, "group_size", (int)g->n, "client_reviews",
                         (int)x->client_reviews[c->client]);
  if (!ev)
    return VET_ENOMEM;
  if (c->hit)
    json_object_set_new(ev, "window", window_json(ck, c->hit));
  if (c->as_subject == NONE) {
    int days = (int)((x->rv[c->hit->hi].ts - x->rv[c->hit->lo].ts) / DAY_S) + 1;
    return vet_findings_add(&w->f, VET_RULE_RING_REVIEW_COLLUSION, 1, VET_SEV_HIGH, ev,
                            "client '%.*s' reviewed %u members of group %s (of %u), this subject included, within "
                            "%d day%s",
                            VET_STR_FMT(id), c->hit->members, g->id, g->n, days, days == 1 ? "" : "s");
  }
  json_t *shared = joining_json(ck, self, c->as_subject);
  size_t n_shared = json_array_size(shared);
  json_object_set_new(ev, "shared", shared);
  json_object_set_new(ev, "subject_reviews", json_pack("{s:i, s:o, s:o}", "n", (int)c->n_reviews, "first",
                                                       vet_json_time(c->first), "last", vet_json_time(c->last)));
  char also[96] = "";
  if (c->hit)
    snprintf(also, sizeof also, "; it reviewed %u members of the group within the window", c->hit->members);
  return vet_findings_add(&w->f, VET_RULE_RING_REVIEW_COLLUSION, 1, VET_SEV_HIGH, ev,
                          "reviewed by '%.*s', a subject of its own group %s (%s)%s", VET_STR_FMT(id), g->id,
                          n_shared ? "they share identifiers" : "linked through other members", also);
}

vet_err check_collusion(struct vet_check_worker *w)
{
  const struct vet_checker *ck = w->ck;
  const struct check_collusion *x = ck->collusion;
  if (!x || w->own_only)
    return VET_OK;
  const struct vet_population *p = ck->pop;
  uint32_t self = w->self;
  const struct vet_link_group *g = vet_links_group_of(ck->links, self);
  if (!g)
    return VET_OK;
  struct client_case cases[MAX_CLIENTS];
  uint32_t n = 0;
  /* (b) first: the strongest case, one per client */
  uint32_t from, to;
  subject_events(ck, w->s, &from, &to);
  for (uint32_t e = from; e < to; e++) {
    const struct vet_event *ev = &p->events[e];
    if (!is_review(p, ev))
      continue;
    const struct vet_subject *cs = vet_population_find(p, ev->x->counterpart);
    if (!cs || vet_links_group_of(ck->links, (uint32_t)(cs - p->subjects)) != g)
      continue;
    uint32_t c = *vet_strmap_get(&x->clients, ev->x->counterpart), k = 0;
    while (k < n && cases[k].client != c)
      k++;
    if (k == n) {
      if (n == MAX_CLIENTS)
        continue;
      cases[n++] = (struct client_case){c, NULL, (uint32_t)(cs - p->subjects), 0, ev->ts, ev->ts};
    }
    cases[k].n_reviews++;
    cases[k].last = ev->ts; /* events are sorted by time */
  }
  /* (a): the windows, joined to the same client's (b) case */
  for (uint32_t k = x->hit_start[self]; k < x->hit_start[self + 1]; k++) {
    const struct hit *t = &x->hits[k];
    uint32_t j = 0;
    while (j < n && cases[j].client != t->client)
      j++;
    if (j < n)
      cases[j].hit = t;
    else if (n < MAX_CLIENTS)
      cases[n++] = (struct client_case){t->client, t, NONE, 0, 0, 0};
  }
  vet_err rc = VET_OK;
  for (uint32_t k = 0; k < n && !rc; k++)
    rc = report(w, g, &cases[k]);
  return rc;
}
