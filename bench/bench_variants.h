/* bench/bench_variants.h - the labelled query sets the screening benchmark
 * generates itself: spelling variants of listed DPRK names (romanization,
 * order, typo, missing middle name, legal form) and common unlisted names.
 * Owns: strings it returns are allocated in the caller's arena.
 * Thread-safety: one thread (a seeded generator state is passed in). */
#ifndef VET_BENCH_VARIANTS_H
#define VET_BENCH_VARIANTS_H

#include <stdint.h>

#include "vetter/vetter.h"

enum variant_kind { V_ROMANIZATION, V_ORDER, V_TYPO, V_MIDDLE, V_LEGAL, V_EXACT, V_COUNT };
const char *variant_kind_name(enum variant_kind k);

struct rng {
  uint64_t s;
};
uint64_t rng_next(struct rng *r);
uint32_t rng_below(struct rng *r, uint32_t n);

/* A variant of name of the given kind, or VET_STR_NULL when the kind does
 * not apply (no Korean syllable to respell, a single token, ...). */
vet_str make_variant(struct vet_arena *a, struct rng *r, vet_str name, enum vet_schema schema,
                     enum variant_kind kind);

/* A common person name that is not on the lists, from pools of common
 * given names and surnames of several languages (Korean among them). */
vet_str make_common_name(struct vet_arena *a, struct rng *r);

/* A synthetic entity name for the 1M-entity index benchmark. */
vet_str make_synthetic_name(struct vet_arena *a, struct rng *r, bool org);

#endif
