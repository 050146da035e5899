/* check/groups.c - a group's risk: every subject that belongs to a group
 * of linked subjects (check/rings.c) is first rated on its own evidence,
 * every check but the ring.* ones, so that a member that is high-risk by
 * itself (a sanctions hit, a forged document, a laptop farm) can raise
 * the others (ring.high_risk_member) without members raising each other
 * in a circle.  This pass runs at checker build, on several threads, and
 * costs one extra check of each grouped subject.
 * Owns: the checker's per-subject own ratings (ck->own).
 * Thread-safety: the rating threads each own a worker and write disjoint
 * entries of ck->own; read-only once the checker is built. */
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>

#include "check/check_int.h"

/* Most threads the rating pass starts, and fewest grouped subjects per
 * thread worth a thread. */
#define RATE_MAX_THREADS 16
#define RATE_MIN_PER_THREAD 64
/* Members listed in a group's risk object. */
#define RISK_MAX_MEMBERS 10

/* A group's risk, computed once from its members' own ratings: its
 * highest own score and band, and its members at or above
 * link.raise_min_score (the RISK_MAX_MEMBERS + 1 highest, so that the
 * top RISK_MAX_MEMBERS other than any one member are known). */
struct check_group_risk {
  float top;
  enum vet_band band;
  uint32_t n_high;
  uint32_t n_best;
  uint32_t best[RISK_MAX_MEMBERS + 1]; /* subject indices, highest own score first */
};

static void group_risk_build(const struct vet_checker *ck, const struct vet_link_group *g, struct check_group_risk *r)
{
  const uint32_t *m = vet_links_members(ck->links) + g->first;
  const uint32_t cap = RISK_MAX_MEMBERS + 1;
  for (uint32_t k = 0; k < g->n; k++) {
    const struct check_own *o = &ck->own[m[k]];
    if (!o->rated)
      continue;
    if (o->score > r->top)
      r->top = o->score;
    if (o->band > r->band)
      r->band = o->band;
    if (o->score < ck->cfg->link.raise_min_score)
      continue;
    r->n_high++;
    /* insertion into the top cap, by score (ties: member order) */
    uint32_t pos = r->n_best < cap ? r->n_best++ : cap;
    while (pos > 0 && ck->own[r->best[pos - 1]].score < o->score) {
      if (pos < cap)
        r->best[pos] = r->best[pos - 1];
      pos--;
    }
    if (pos < cap)
      r->best[pos] = m[k];
  }
}

struct rate_job {
  struct vet_checker *ck;
  const uint32_t *queue; /* subject indices */
  uint32_t n;
  atomic_uint *next;
  vet_err rc;
  struct vet_error err;
};

static void *rate_thread(void *arg)
{
  struct rate_job *j = arg;
  struct vet_check_worker *w = vet_check_worker_new(j->ck, &j->err);
  if (!w) {
    j->rc = j->err.code ? j->err.code : VET_ENOMEM;
    return NULL;
  }
  w->own_only = true;
  for (;;) {
    uint32_t k = atomic_fetch_add(j->next, 1);
    if (k >= j->n)
      break;
    uint32_t i = j->queue[k];
    struct vet_report r;
    if ((j->rc = vet_check_subject(w, i, &r, &j->err)))
      break;
    struct check_own *o = &j->ck->own[i];
    o->rated = true;
    o->score = (float)r.risk.score;
    o->band = r.risk.band;
    /* the worker's findings, sorted strongest first by the scoring */
    for (uint32_t f = 0; f < w->f.n && o->n_rules < CHECK_OWN_RULES; f++) {
      enum vet_rule rule = w->f.v[f].rule;
      bool dup = false;
      for (uint8_t q = 0; q < o->n_rules; q++)
        dup |= o->rules[q] == rule;
      if (!dup)
        o->rules[o->n_rules++] = (uint16_t)rule;
    }
    json_decref(r.json);
  }
  vet_check_worker_free(w);
  return NULL;
}

vet_err check_groups_rate(struct vet_checker *ck, struct vet_error *e)
{
  uint32_t ng;
  if (!ck->links || !ck->cfg->risk.enabled[VET_RULE_RING_HIGH_RISK_MEMBER])
    return VET_OK;
  const struct vet_link_group *g = vet_links_groups(ck->links, &ng);
  if (!ng)
    return VET_OK;
  uint32_t n = 0;
  for (uint32_t k = 0; k < ng; k++)
    n += g[k].n;
  ck->own = calloc(ck->pop->n_subjects, sizeof *ck->own);
  uint32_t *queue = malloc(n * sizeof *queue);
  if (!ck->own || !queue) {
    free(queue);
    return vet_fail(e, VET_ENOMEM, "out of memory");
  }
  const uint32_t *m = vet_links_members(ck->links);
  n = 0;
  for (uint32_t k = 0; k < ng; k++)
    for (uint32_t q = 0; q < g[k].n; q++)
      queue[n++] = m[g[k].first + q];
  unsigned nt = check_threads(ck, RATE_MAX_THREADS);
  nt = VET_MAX(1u, VET_MIN(nt, n / RATE_MIN_PER_THREAD));
  atomic_uint next = 0;
  struct rate_job jobs[RATE_MAX_THREADS];
  pthread_t th[RATE_MAX_THREADS];
  bool started[RATE_MAX_THREADS] = {0};
  for (unsigned t = 0; t < nt; t++) {
    jobs[t] = (struct rate_job){.ck = ck, .queue = queue, .n = n, .next = &next};
    started[t] = t > 0 && pthread_create(&th[t], NULL, rate_thread, &jobs[t]) == 0;
  }
  rate_thread(&jobs[0]);
  vet_err rc = VET_OK;
  for (unsigned t = 0; t < nt; t++) {
    if (t > 0 && started[t])
      pthread_join(th[t], NULL);
    else if (t > 0)
      rate_thread(&jobs[t]); /* a thread that could not start: do its share here */
    if (jobs[t].rc && !rc) {
      rc = jobs[t].rc;
      *e = jobs[t].err;
    }
  }
  free(queue);
  if (rc)
    return rc;
  ck->grisk = calloc(ng, sizeof *ck->grisk);
  if (!ck->grisk)
    return vet_fail(e, VET_ENOMEM, "out of memory");
  for (uint32_t k = 0; k < ng; k++)
    group_risk_build(ck, &g[k], &ck->grisk[k]);
  return VET_OK;
}

void check_groups_release(struct vet_checker *ck)
{
  free(ck->own);
  free(ck->grisk);
  ck->own = NULL;
  ck->grisk = NULL;
}

static json_t *own_json(const struct vet_checker *ck, uint32_t i)
{
  const struct check_own *o = &ck->own[i];
  json_t *rules = json_array();
  for (uint8_t q = 0; q < o->n_rules; q++)
    json_array_append_new(rules, json_string(vet_rule_get((enum vet_rule)o->rules[q])->id));
  return json_pack("{s:o, s:f, s:s, s:o}", "subject", check_jstr(ck->pop->subjects[i].id), "score",
                   round(o->score * 10) / 10, "band", vet_band_name(o->band), "rules", rules);
}

static const struct check_group_risk *risk_of(const struct vet_checker *ck, const struct vet_link_group *g)
{
  uint32_t ng;
  const struct vet_link_group *all = vet_links_groups(ck->links, &ng);
  return ck->grisk ? &ck->grisk[g - all] : NULL;
}

/* The high-risk members of g other than self (UINT32_MAX: none), at most
 * RISK_MAX_MEMBERS in out; returns how many there are in all. */
static uint32_t raisers(const struct vet_checker *ck, const struct vet_link_group *g, uint32_t self, uint32_t *out)
{
  const struct check_group_risk *r = risk_of(ck, g);
  if (!r)
    return 0;
  uint32_t n = 0;
  bool self_high = false;
  for (uint32_t k = 0; k < r->n_best; k++) {
    if (r->best[k] == self)
      self_high = true;
    else if (n < RISK_MAX_MEMBERS)
      out[n++] = r->best[k];
  }
  if (!self_high && self != UINT32_MAX && self < ck->pop->n_subjects) {
    const struct check_own *o = &ck->own[self];
    self_high = o->rated && o->score >= ck->cfg->link.raise_min_score; /* high, but past the kept best */
  }
  return r->n_high - (self_high ? 1 : 0);
}

json_t *check_group_risk(const struct vet_checker *ck, const struct vet_link_group *g)
{
  const struct check_group_risk *r = ck->own ? risk_of(ck, g) : NULL;
  if (!r)
    return NULL;
  float top = r->top;
  enum vet_band band = r->band;
  uint32_t top_m[RISK_MAX_MEMBERS];
  uint32_t n = raisers(ck, g, UINT32_MAX, top_m);
  json_t *hi = json_array();
  for (uint32_t k = 0; k < n && k < RISK_MAX_MEMBERS; k++)
    json_array_append_new(hi, own_json(ck, top_m[k]));
  return json_pack("{s:f, s:s, s:i, s:o}", "max_own_score", round(top * 10) / 10, "max_own_band", vet_band_name(band),
                   "high_risk_members", (int)n, "members_high_risk", hi);
}

vet_err check_group_raise(struct vet_check_worker *w, const struct vet_link_group *g, uint32_t self)
{
  const struct vet_checker *ck = w->ck;
  if (!ck->own)
    return VET_OK;
  uint32_t top[RISK_MAX_MEMBERS];
  uint32_t n = raisers(ck, g, self, top);
  if (!n)
    return VET_OK;
  const struct check_own *best = &ck->own[top[0]];
  json_t *members = json_array();
  for (uint32_t k = 0; k < n && k < RISK_MAX_MEMBERS; k++)
    json_array_append_new(members, own_json(ck, top[k]));
  json_t *ev = json_pack("{s:s, s:i, s:o, s:i, s:f}", "group", g->id, "size", (int)g->n, "members", members,
                         "high_risk_members", (int)n, "raise_min_score", ck->cfg->link.raise_min_score);
  if (!ev)
    return VET_ENOMEM;
  const struct vet_subject *b = &ck->pop->subjects[top[0]];
  const char *rule = best->n_rules ? vet_rule_get((enum vet_rule)best->rules[0])->id : "its findings";
  return vet_findings_add(&w->f, VET_RULE_RING_HIGH_RISK_MEMBER, VET_MIN(1.0, best->score / 100.0),
                          vet_rule_get(VET_RULE_RING_HIGH_RISK_MEMBER)->severity, ev,
                          "group %s links this subject to %.*s, %s on its own evidence (score %.1f, %s)%s", g->id,
                          VET_STR_FMT(b->id), vet_band_name(best->band), best->score, rule,
                          n > 1 ? " and to other high-risk members" : "");
}
