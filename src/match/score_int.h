/* match/score_int.h - the scorer's trace, shared by the scorer
 * (match/score.c) and the screening loop (match/screen.c): a candidate is
 * scored once with a trace on the stack, and only a hit turns its trace
 * into an explanation, without scoring the pair again.
 * Owns: nothing beyond the struct definitions.
 * Thread-safety: pure functions over caller memory. */
#ifndef VET_MATCH_SCORE_INT_H
#define VET_MATCH_SCORE_INT_H

#include "core/common.h"
#include "vetter/match.h"

#define VET_SCORE_MAXT 48 /* tokens per side the scorer looks at */

/* One aligned group: a token or two adjacent tokens on each side. */
struct vet_score_group {
  double sim;
  double w;       /* total weight of its tokens */
  uint8_t qi, qn; /* query tokens qi .. qi+qn-1 */
  uint8_t ci, cn; /* list-name tokens ci .. ci+cn-1 */
  const char *how;
};

/* What an explanation needs, recorded while scoring. */
struct vet_score_trace {
  struct vet_score_group al[VET_SCORE_MAXT]; /* aligned groups, in the order taken */
  uint32_t n_al;
  uint64_t qused, cused; /* bit i: token i aligned */
  struct {
    const char *name, *result;
    double before, after;
  } adj[2]; /* number mismatch, generic only */
  uint32_t n_adj;
  double score;
};

/* vet_score_names without an explanation, recording what one needs in
 * *tr (which may be NULL). */
double vet_score_traced(const struct vet_match_config *cfg, const struct vet_name_norm *q,
                        const struct vet_name_norm *c, struct vet_score_trace *tr);

/* The explanation vet_score_names would give for the pair tr was
 * recorded from (same q and c); strings allocated in a (may be NULL: no
 * alignment or unmatched lists then). */
void vet_score_explain(const struct vet_score_trace *tr, const struct vet_name_norm *q,
                       const struct vet_name_norm *c, struct vet_arena *a, struct vet_explain *ex);

/* The optimal-string-alignment distance of a and b when it is 0 or 1
 * (one letter substituted, inserted, deleted, or two adjacent letters
 * swapped), else 2: the typo test of tokens whose threshold allows one
 * edit, in one pass instead of the dynamic program. */
size_t vet_edits_upto_one(vet_str a, vet_str b);

/* The optimal-string-alignment distance of the first 63 bytes of a and b
 * when it is at most k, else k + 1: the typo test of longer tokens. */
size_t vet_osa_distance(vet_str a, vet_str b, size_t k);

#endif
