/* match/screen_walk.c - the candidates of a query gathered by walking the
 * sorted posting lists side by side (bounds, required lists, MaxScore)
 * instead of scattering every posting into the per-name accumulators:
 * the same candidates in the same order, with a few sequential passes
 * over the lists' beginnings instead of a cache miss per posting.
 * Thread-safety: a searcher is one thread's at a time. */
#include "match/screen_int.h"

/* ---- walking the sorted posting lists ----
 *
 * A query made only of common words ("gaiho dyachou", "gaiho beiha
 * trading") finds nothing in the first pass and takes every word's long
 * posting list in the second; a query with a word of middling frequency
 * ("gaiho rozam") takes tens of thousands of postings in the first.
 * Scattering them into the per-name accumulators costs a cache miss per
 * posting.  Posting lists are sorted by name id (index.c builds them so),
 * so gather() may walk them side by side instead:
 *
 * 1. The plan.  The scattering code takes the words rarest first and
 *    either gathers a word's lists or verifies it against the names found
 *    so far; the choice depends on how many names were found.  That count
 *    lies between the longest list gathered so far and their total
 *    length, which usually settles it; when it does not, gather()
 *    scatters the steps planned so far (replay) and goes on scattering:
 *    the results are the same either way.  A word's lists are those
 *    gather_token takes (token_lists), in its order: a name on several
 *    gets the first one's add, as the scattering code's stamps make it.
 * 2. Bounds.  A name's sum is at most, per gathered word, the largest add
 *    of that word's lists it is on, plus every verified word's weight
 *    (exact_bound).  Names are taken in increasing id order, every name
 *    below the walk's frontier settled, in one of two ways (choose):
 *    - a list is required when the names off it cannot reach the bar:
 *      then every candidate is on the shortest required list, which
 *      drives (merged with the next shortest), and the other lists are
 *      probed by galloping search;
 *    - otherwise MaxScore: lists ranked by add (longest first among equal
 *      adds), the longest prefix that cannot reach the bar on its own is
 *      only probed, for names found on the other lists, and only while
 *      the name's bound still reaches the bar.
 * 3. Exact sums.  A name that passes the bounds gets its sum computed
 *    exactly as the scattering code would: the same float additions in
 *    the same order (the plan's), verified words through the same check.
 * 4. The bar.  min_acc, and once max_candidates names are held, above the
 *    weakest of them: names come in increasing id order and at equal
 *    sums the lower id ranks first, so a later name must beat it
 *    strictly.  The bar only rises: lists turn required or probed-only
 *    as it does (the way is chosen again), and the walk ends when no
 *    name left can beat it.
 * So the candidates, their order and their count are exactly those of
 * the scattering code, with a few sequential passes over the lists'
 * beginnings instead of a cache miss per posting. */

#define MERGE_MAX_LISTS 32 /* more gathered lists than this: scatter (the membership mask is 32 bits) */
/* Relative slack on the bounds summed in double: a float sum of at most
 * 255 terms rounds away from the exact sum by far less than this.  Within
 * the slack the bound is summed again exactly as the name's own sum would
 * be (same float additions, same order): float addition is monotone, so
 * that sum over more terms is a true upper bound, and ties (every name
 * holding the same words has the same sum) are decided exactly. */
#define BOUND_SLACK 1e-4
/* Up to this many lists the exact bound of every membership mask is
 * tabled once per query (2^bits sums of a few terms). */
#define BOUND_TABLE_BITS 6
/* Names whose sums need their tokens checked (verified words) are taken
 * this many at a time, their records fetched ahead as in verify_token. */
#define WALK_BATCH 16
/* Verified words checked on their posting lists instead (at most this many
 * per query; the others through the names' tokens). */
#define WALK_MAX_PROBES 8
/* The first pass walks when scattering would cost at least this much:
 * its lists' postings, once more per verified word (each verifies every
 * name found).  Measured on the 1M-entity benchmark, scattering is faster
 * below (the walk merges every list of the words' keys), the walk from
 * here up (it stops early, and reads memory in order).  The second pass
 * always walks. */
#define WALK_MIN_WORK 16384

/* Move c to its first entry >= x: galloping, then binary search. */
static void seek_far(struct cursor *c, uint32_t x)
{
  size_t lo = c->pos, hi, step = 1;
  hi = lo + 1; /* invariant: p[lo] < x */
  while (hi < c->n && c->p[hi] < x) {
    lo = hi;
    step *= 2;
    hi = lo + step;
  }
  if (hi > c->n)
    hi = c->n; /* now p[lo] < x <= p[hi] (or hi == n) */
  while (lo + 1 < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (c->p[mid] < x)
      lo = mid;
    else
      hi = mid;
  }
  c->pos = (uint32_t)hi;
}

static inline void seek(struct cursor *c, uint32_t x)
{
  if (c->pos < c->n && c->p[c->pos] < x)
    seek_far(c, x);
}

/* Lists of lengths within this ratio are intersected by a merge (no
 * branch to mispredict), longer ones against shorter by galloping. */
#define MERGE_RATIO 16

/* The first id >= from on both a and b (both cursors left on it), or
 * UINT32_MAX when one runs out. */
static uint32_t next_common(struct cursor *a, struct cursor *b, uint32_t from)
{
  seek(a, from);
  seek(b, from);
  if ((uint64_t)(b->n - b->pos) > (uint64_t)MERGE_RATIO * (a->n - a->pos)) {
    while (a->pos < a->n) { /* a much shorter: probe b for each of a's */
      uint32_t x = a->p[a->pos];
      seek(b, x);
      if (b->pos >= b->n)
        return UINT32_MAX;
      if (b->p[b->pos] == x)
        return x;
      seek(a, b->p[b->pos]);
    }
    return UINT32_MAX;
  }
  if ((uint64_t)(a->n - a->pos) > (uint64_t)MERGE_RATIO * (b->n - b->pos))
    return next_common(b, a, from);
  const uint32_t *pa = a->p, *pb = b->p;
  uint32_t i = a->pos, j = b->pos, na = a->n, nb = b->n;
  uint32_t x = UINT32_MAX;
  while (i < na && j < nb) {
    uint32_t u = pa[i], v = pb[j];
    if (u == v) {
      x = u;
      break;
    }
    i += u < v;
    j += v < u;
  }
  a->pos = i;
  b->pos = j;
  return x;
}

struct plan_step {
  bool verify;
  uint8_t c0, c1; /* gathered: its lists are cursors c0 .. c1-1, in the order taken */
  uint8_t probe;  /* verified through walk.probe[probe - 1]; 0: through vcheck_name */
  uint32_t tok;   /* query token */
};

struct walk {
  struct cursor cur[MERGE_MAX_LISTS];
  uint32_t m;                      /* cursors */
  uint32_t rank[MERGE_MAX_LISTS];  /* cursors by add ascending, longest first among equals */
  double prefix[MERGE_MAX_LISTS + 1]; /* prefix[j]: adds of rank[0 .. j) */
  uint32_t pmask[MERGE_MAX_LISTS + 1]; /* pmask[j]: bits of rank[0 .. j) */
  double vsum;                     /* weights of the verified words */
  uint32_t ne;                     /* rank[0 .. ne) are non-essential */
  const struct plan_step *plan;
  uint32_t n;                      /* plan steps */
  const struct vet_name_norm *qn;
  const struct vcheck *vc;         /* per plan step, for verified words */
  float min_acc, bar;              /* the bar: >= min_acc, and > bar once full */
  bool full;
  bool table;                      /* bound[] holds exact_bound of every mask */
  float bound[1u << BOUND_TABLE_BITS];
  uint32_t nt;                     /* candidates held in s->top */
  /* the way chosen for the bar below (choose) */
  float chosen_bar;
  bool chosen_full;
  int driver;                      /* the shortest required list, or -1: MaxScore */
  uint32_t req[MERGE_MAX_LISTS], n_req; /* required lists, shortest first */
  uint32_t opt[MERGE_MAX_LISTS], n_opt; /* the others, largest add first */
  uint32_t opt_mask[MERGE_MAX_LISTS + 1]; /* opt_mask[j]: bits of opt[j ..] */
  double opt_ub[MERGE_MAX_LISTS + 1];     /* opt_ub[j]: their adds */
  /* verified words checked on their own lists: [0] its text's, [1] its
   * Korean key's (Korean words; else empty) */
  struct cursor probe[WALK_MAX_PROBES][2];
  uint32_t n_probe;
  bool batch;                      /* some verified word needs vcheck_name */
};

/* How well name x holds a verified word without a skeleton test
 * (vcheck.skel_ok false): 1 when on its text's list (a word with that
 * text), else korean_sim when on its Korean key's list (a Korean word with
 * that key), else 0, as vcheck_name answers.  Names come in increasing id
 * order, so the lists are read forward. */
static double probe_best(const struct vet_index *ix, struct cursor *pc, uint32_t x)
{
  seek(&pc[0], x);
  if (pc[0].pos < pc[0].n && pc[0].p[pc[0].pos] == x)
    return 1.0;
  seek(&pc[1], x);
  if (pc[1].pos < pc[1].n && pc[1].p[pc[1].pos] == x)
    return ix->cfg.korean_sim;
  return 0;
}

/* The float sum a name on the lists of mask would at most get: per
 * gathered word the largest add of its lists in the mask, every verified
 * word's weight, in plan order. */
static float exact_bound(const struct walk *w, uint32_t lists)
{
  float acc = 0;
  for (uint32_t k = 0; k < w->n; k++) {
    const struct plan_step *st = &w->plan[k];
    if (st->verify) {
      acc += w->qn->tok[st->tok].weight; /* (float)(weight * 1.0): the most a check adds */
      continue;
    }
    bool any = false;
    float best = 0;
    for (uint32_t c = st->c0; c < st->c1; c++)
      if (lists >> c & 1) {
        best = any ? VET_MAX(best, w->cur[c].add) : w->cur[c].add;
        any = true;
      }
    if (any)
      acc += best;
  }
  return acc;
}

/* Can a name on the lists of mask, whose sum is at most ub (in double),
 * still become a candidate? */
static bool can_pass(const struct walk *w, uint32_t lists, double ub)
{
  if (w->table) {
    float f = w->bound[lists];
    return f >= w->min_acc && (!w->full || f > w->bar);
  }
  double hi = ub * (1 + BOUND_SLACK), lo = ub * (1 - BOUND_SLACK);
  if (hi < (double)w->min_acc || (w->full && hi <= (double)w->bar))
    return false;
  if (lo >= (double)w->min_acc && (!w->full || lo > (double)w->bar))
    return true;
  float f = exact_bound(w, lists);
  return f >= w->min_acc && (!w->full || f > w->bar);
}

/* Name x, held by the lists of mem: its exact sum, in the plan's order,
 * and into the candidates if it beats the bar. */
static void offer(struct vet_searcher *s, struct walk *w, uint32_t x, uint32_t mem)
{
  float acc = 0;
  bool found = false;
  for (uint32_t k = 0; k < w->n; k++) {
    const struct plan_step *st = &w->plan[k];
    if (!st->verify) {
      for (uint32_t c = st->c0; c < st->c1; c++)
        if (mem >> c & 1) { /* the first of the word's lists that holds x */
          acc += w->cur[c].add;
          found = true;
          break;
        }
    } else if (found) { /* a check adds only to names found before it */
      double best = st->probe ? probe_best(s->ix, w->probe[st->probe - 1], x) : screen_vcheck_name(s->ix, &w->vc[k], x);
      acc += (float)(w->qn->tok[st->tok].weight * best);
    }
  }
  if (acc < w->min_acc || (w->full && !(acc > w->bar)))
    return;
  /* after every held name with a sum >= acc: they have lower ids */
  uint32_t kmax = s->ix->cfg.max_candidates;
  uint32_t pos = w->nt < kmax ? w->nt++ : kmax - 1;
  while (pos > 0 && s->top_acc[pos - 1] < acc) {
    s->top[pos] = s->top[pos - 1];
    s->top_acc[pos] = s->top_acc[pos - 1];
    pos--;
  }
  s->top[pos] = x;
  s->top_acc[pos] = acc;
  if (w->nt == kmax) {
    w->full = true;
    w->bar = s->top_acc[kmax - 1];
  }
}

/* Offer a batch of names in id order, their records fetched first. */
static void offer_batch(struct vet_searcher *s, struct walk *w, const uint32_t *xs, const uint32_t *mems, uint32_t nb)
{
  const struct vet_index *ix = s->ix;
  for (uint32_t i = 0; i < nb; i++)
    VET_PREFETCH(&ix->names[xs[i]]);
  for (uint32_t i = 0; i < nb; i++) {
    const struct ix_name *xn = &ix->names[xs[i]];
    VET_PREFETCH(ix->tokkeys + xn->tok_off);
    VET_PREFETCH(ix->tokens + xn->tok_off);
  }
  for (uint32_t i = 0; i < nb; i++)
    offer(s, w, xs[i], mems[i]);
}

/* Choose how to walk for the current bar.  A list is required when the
 * names off it cannot pass: then every candidate is on the shortest
 * required list, which drives, and the others are probed (the required
 * ones first, shortest first: most names fail there).  Otherwise
 * MaxScore: the lists ranked by add, the longest prefix that cannot pass
 * alone is probed, the rest drive together.  Returns false when no name
 * can pass any more. */
static bool choose(struct walk *w)
{
  uint32_t all = w->m >= 32 ? UINT32_MAX : (1u << w->m) - 1;
  double total = w->vsum;
  for (uint32_t i = 0; i < w->m; i++)
    total += w->cur[i].ub;
  w->chosen_bar = w->bar;
  w->chosen_full = w->full;
  if (!can_pass(w, all, total))
    return false;
  w->driver = -1;
  w->n_req = 0;
  for (uint32_t i = 0; i < w->m; i++)
    if (!can_pass(w, all & ~(1u << i), total - w->cur[i].ub))
      w->req[w->n_req++] = i;
  if (w->n_req) {
    /* required lists by length; the shortest drives */
    for (uint32_t a = 1; a < w->n_req; a++)
      for (uint32_t b = a; b > 0 && w->cur[w->req[b - 1]].n > w->cur[w->req[b]].n; b--) {
        uint32_t t = w->req[b];
        w->req[b] = w->req[b - 1];
        w->req[b - 1] = t;
      }
    w->driver = (int)w->req[0];
    uint32_t reqmask = 0;
    for (uint32_t a = 0; a < w->n_req; a++)
      reqmask |= 1u << w->req[a];
    /* the optional lists, largest add first, with what is left after each */
    w->n_opt = 0;
    for (uint32_t j = w->m; j-- > 0;)
      if (!(reqmask >> w->rank[j] & 1))
        w->opt[w->n_opt++] = w->rank[j];
    w->opt_mask[w->n_opt] = 0;
    w->opt_ub[w->n_opt] = 0;
    for (uint32_t j = w->n_opt; j-- > 0;) {
      w->opt_mask[j] = w->opt_mask[j + 1] | 1u << w->opt[j];
      w->opt_ub[j] = w->opt_ub[j + 1] + w->cur[w->opt[j]].ub;
    }
    return true;
  }
  w->ne = 0;
  while (w->ne < w->m && !can_pass(w, w->pmask[w->ne + 1], w->prefix[w->ne + 1] + w->vsum))
    w->ne++;
  return w->ne < w->m;
}

/* Walk the lists in name id order: every name that can pass, offered
 * once, in increasing id order. */
static void walk(struct vet_searcher *s, struct walk *w)
{
  /* rank the lists: smallest add first, longest first among equal adds */
  for (uint32_t i = 0; i < w->m; i++) {
    uint32_t j = i;
    for (; j > 0; j--) {
      const struct cursor *a = &w->cur[w->rank[j - 1]], *b = &w->cur[i];
      if (a->ub < b->ub || (a->ub == b->ub && a->n >= b->n))
        break;
      w->rank[j] = w->rank[j - 1];
    }
    w->rank[j] = i;
  }
  w->prefix[0] = 0;
  w->pmask[0] = 0;
  for (uint32_t j = 0; j < w->m; j++) {
    w->prefix[j + 1] = w->prefix[j] + w->cur[w->rank[j]].ub;
    w->pmask[j + 1] = w->pmask[j] | 1u << w->rank[j];
  }
  w->full = false;
  w->bar = 0;
  w->nt = 0;
  w->table = w->m <= BOUND_TABLE_BITS;
  for (uint32_t mask = 0; w->table && mask < (1u << w->m); mask++)
    w->bound[mask] = exact_bound(w, mask);
  bool batch = w->batch; /* sums need the names' tokens */
  uint32_t pend[WALK_BATCH], pend_mem[WALK_BATCH], np = 0;
  uint32_t next = 0; /* every name below it is done */
  bool live = choose(w);
  while (live) {
    uint32_t x, mem;
    double ub;
    bool pass = true;
    if (w->driver >= 0) {
      struct cursor *d = &w->cur[w->driver];
      uint32_t a = 1;
      if (w->n_req >= 2) { /* the two shortest required lists together */
        struct cursor *d2 = &w->cur[w->req[1]];
        x = next_common(d, d2, next);
        if (x == UINT32_MAX)
          break;
        mem = 1u << w->driver | 1u << w->req[1];
        ub = w->vsum + d->ub + d2->ub;
        a = 2;
      } else {
        seek(d, next);
        if (d->pos >= d->n)
          break;
        x = d->p[d->pos];
        mem = 1u << w->driver;
        ub = w->vsum + d->ub;
      }
      bool over = false; /* a required list ran out */
      for (; a < w->n_req && pass; a++) {
        struct cursor *c = &w->cur[w->req[a]];
        seek(c, x);
        if (c->pos >= c->n) {
          over = true;
          pass = false;
        } else if (c->p[c->pos] != x) {
          pass = false;
          next = c->p[c->pos]; /* no name below it holds this list */
        } else {
          mem |= 1u << w->req[a];
          ub += c->ub;
        }
      }
      if (over)
        break;
      if (!pass)
        continue;
      for (uint32_t j = 0; j < w->n_opt; j++) {
        if (!can_pass(w, mem | w->opt_mask[j], ub + w->opt_ub[j])) {
          pass = false;
          break;
        }
        struct cursor *c = &w->cur[w->opt[j]];
        seek(c, x);
        if (c->pos < c->n && c->p[c->pos] == x) {
          mem |= 1u << w->opt[j];
          ub += c->ub;
        }
      }
    } else {
      /* the next name: the smallest id at the head of a driving list */
      x = UINT32_MAX;
      for (uint32_t j = w->ne; j < w->m; j++) {
        struct cursor *c = &w->cur[w->rank[j]];
        seek(c, next);
        if (c->pos < c->n && c->p[c->pos] < x)
          x = c->p[c->pos];
      }
      if (x == UINT32_MAX)
        break;
      mem = 0;
      ub = w->vsum;
      for (uint32_t j = w->ne; j < w->m; j++) {
        const struct cursor *c = &w->cur[w->rank[j]];
        if (c->pos < c->n && c->p[c->pos] == x) {
          mem |= 1u << w->rank[j];
          ub += c->ub;
        }
      }
      /* the probed lists, largest add first, while the bound holds */
      for (uint32_t j = w->ne; j-- > 0;) {
        if (!can_pass(w, mem | w->pmask[j + 1], ub + w->prefix[j + 1])) {
          pass = false;
          break;
        }
        struct cursor *c = &w->cur[w->rank[j]];
        seek(c, x);
        if (c->pos < c->n && c->p[c->pos] == x) {
          mem |= 1u << w->rank[j];
          ub += c->ub;
        }
      }
    }
    next = x + 1;
    if (!pass || !can_pass(w, mem, ub))
      continue;
    if (!batch) {
      offer(s, w, x, mem);
    } else {
      /* the bar may rise within a batch: offer() checks against the latest */
      pend[np] = x;
      pend_mem[np++] = mem;
      if (np == WALK_BATCH) {
        offer_batch(s, w, pend, pend_mem, np);
        np = 0;
      }
    }
    if (w->full != w->chosen_full || w->bar != w->chosen_bar)
      live = choose(w);
  }
  offer_batch(s, w, pend, pend_mem, np);
}

/* Plan gather()'s steps for its walk: per step, gather a word's lists or
 * verify the word, decided as gather()'s loop decides, from the bounds on
 * the count of names found.  Returns the number of steps planned: n, or
 * fewer when the next choice needs the exact count or the lists would
 * outnumber MERGE_MAX_LISTS (gather() scatters from there).  *remaining
 * drops by each planned word's weight, as in gather()'s loop; *work: what
 * scattering the plan would cost (WALK_MIN_WORK). */
static uint32_t plan_steps(struct vet_searcher *s, const struct vet_name_norm *qn, const uint32_t *order,
                           const uint32_t *df, uint32_t n, float *remaining, float min_acc, bool allow_long,
                           struct walk *w, struct plan_step *plan, struct vcheck *vc, uint64_t *work)
{
  w->m = 0;
  w->vsum = 0;
  w->n_probe = 0;
  w->batch = false;
  uint64_t lo = 0, hi = 0; /* the count of names found is within [lo, hi] */
  uint64_t verified = 0;
  for (uint32_t k = 0; k < n; k++) {
    uint32_t t = order[k];
    const struct vet_token *tok = &qn->tok[t];
    bool v;
    if (hi == 0 || !(*remaining < min_acc * 0.999f) || lo * VERIFY_COST > df[t])
      v = false;
    else if (hi * VERIFY_COST <= df[t])
      v = true;
    else
      return k; /* the count decides, and only scattering knows it */
    plan[k] = (struct plan_step){v, (uint8_t)w->m, (uint8_t)w->m, 0, t};
    if (v) {
      screen_vcheck_init(s, tok, t, &vc[k]);
      w->vsum += tok->weight;
      verified++;
      if (!vc[k].skel_ok && w->n_probe < WALK_MAX_PROBES) {
        struct cursor *pc = w->probe[w->n_probe++];
        const struct qkeys *qk = &s->qk[t];
        pc[0] = (struct cursor){qk->p[QK_TEXT], qk->n[QK_TEXT], 0, 0, 0};
        pc[1] = vc[k].kor ? (struct cursor){qk->p[QK_KOREAN], qk->n[QK_KOREAN], 0, 0, 0}
                          : (struct cursor){NULL, 0, 0, 0, 0};
        plan[k].probe = (uint8_t)w->n_probe;
      } else {
        w->batch = true;
      }
    } else {
      struct cursor lists[TOKEN_MAX_LISTS];
      uint32_t m = screen_token_lists(s, tok, t, allow_long, lists);
      if (w->m + m > MERGE_MAX_LISTS)
        return k;
      for (uint32_t i = 0; i < m; i++) {
        w->cur[w->m++] = lists[i];
        lo = VET_MAX(lo, (uint64_t)lists[i].n);
        hi += lists[i].n;
      }
      plan[k].c1 = (uint8_t)w->m;
    }
    *remaining -= tok->weight;
  }
  *work = hi * (1 + verified);
  return n;
}

/* Scatter planned steps 0 .. k-1 as gather()'s loop would have. */
static void replay(struct vet_searcher *s, const struct vet_name_norm *qn, const struct walk *w,
                   const struct plan_step *plan, uint32_t k)
{
  for (uint32_t i = 0; i < k; i++) {
    uint32_t t = plan[i].tok;
    if (plan[i].verify) {
      screen_verify_token(s, &qn->tok[t], t);
      continue;
    }
    uint32_t mark = (s->serial << 8) | (t + 1);
    for (uint32_t c = plan[i].c0; c < plan[i].c1; c++)
      screen_touch(s, w->cur[c].p, w->cur[c].n, mark, w->cur[c].add, 0);
  }
}
bool screen_walk(struct vet_searcher *s, const struct vet_name_norm *qn, const uint32_t *order, const uint32_t *df,
                 uint32_t n, float *remaining, float min_acc, bool allow_long, uint32_t *k, uint32_t *n_top)
{
  struct walk w;
  struct plan_step plan[QUERY_MAX_TOKENS];
  struct vcheck vc[QUERY_MAX_TOKENS];
  uint64_t work = 0;
  *k = plan_steps(s, qn, order, df, n, remaining, min_acc, allow_long, &w, plan, vc, &work);
  if (*k == n && (allow_long || work >= WALK_MIN_WORK)) {
    w.plan = plan;
    w.n = n;
    w.qn = qn;
    w.vc = vc;
    w.min_acc = min_acc;
    walk(s, &w);
    *n_top = w.nt;
    return true;
  }
  replay(s, qn, &w, plan, *k);
  return false;
}
