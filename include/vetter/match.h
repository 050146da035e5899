/* vetter/match.h - the screening engine: an index over every name and
 * identifier of a frozen vet_listset, per-thread searchers that find and
 * score candidates, pairwise name comparison, and the explanation every
 * hit carries.
 * Owns: a vet_index owns its name tokens, keys and postings (it borrows
 * the listset, which must outlive it); a vet_searcher owns its scratch.
 * Thread-safety: a vet_index is immutable once built; share freely across
 * threads.  One thread at a time per vet_searcher: make one per thread. */
#ifndef VETTER_MATCH_H
#define VETTER_MATCH_H

#include <stdbool.h>
#include <stdint.h>

#include "vetter/config.h"
#include "vetter/entity.h"
#include "vetter/normalize.h"

struct vet_index;
struct vet_searcher;

/* Build the index over ls (frozen).  cfg is copied.  NULL on failure. */
struct vet_index *vet_index_build(const struct vet_listset *ls, const struct vet_match_config *cfg,
                                  struct vet_error *e);
/* The same, normalizing the names on up to threads threads (0: one per
 * core) before the rest of the build: the same index. */
struct vet_index *vet_index_build_threads(const struct vet_listset *ls, const struct vet_match_config *cfg,
                                          unsigned threads, struct vet_error *e);
void vet_index_free(struct vet_index *ix); /* NULL-safe */

/* ---- the compiled snapshot of a list set and its index (match/snapshot.c) ----
 * recipe: what the set and index were built from (vet_ctx_load_lists
 * writes the list files' sizes and times, the match settings and the
 * library versions); a snapshot is used only under the same recipe, by
 * the build of vetter that wrote it. */

/* Write ls (frozen) and ix (built over it) to path, replacing it whole
 * (atomically).  VET_EIO names the file. */
vet_err vet_snapshot_save(const char *path, vet_str recipe, const struct vet_listset *ls,
                          const struct vet_index *ix, struct vet_error *e);
/* Read them back: *ls (whose countries are the given table; the caller
 * frees it with vet_listset_free, after) and *ix (over *ls, with cfg;
 * vet_index_free) as vet_index_build made them.  VET_ENOTFOUND when there
 * is no snapshot at path, or it was built from another recipe or by
 * another build; VET_EPARSE when it is damaged; VET_EIO, VET_ENOMEM.
 * Nothing is returned but on success. */
vet_err vet_snapshot_load(const char *path, vet_str recipe, const struct vet_countries *countries,
                          const struct vet_match_config *cfg, struct vet_listset **ls,
                          struct vet_index **ix, struct vet_error *e);

struct vet_index_stats {
  size_t entities, names, tokens, keys, postings, identifiers;
  size_t bytes; /* memory held by the index (approximate) */
};
void vet_index_stats(const struct vet_index *ix, struct vet_index_stats *st);
const struct vet_listset *vet_index_listset(const struct vet_index *ix);
const struct vet_match_config *vet_index_config(const struct vet_index *ix);
/* Bit mask of the lists named in a comma-separated string (NULL or "": all
 * lists).  VET_ENOTFOUND names the first unknown list. */
vet_err vet_index_list_mask(const struct vet_index *ix, const char *names, uint64_t *mask, struct vet_error *e);

/* One query.  Only the fields that are set take part. */
struct vet_query {
  vet_str name;
  /* name as vet_name_normalize gave it (under the index's settings), or
   * NULL: the screen normalizes name itself.  Its tokens are copied (the
   * screen sets their weights); their strings must outlive the hits. */
  const struct vet_name_norm *name_norm;
  enum vet_schema schema;      /* VET_SCHEMA_UNKNOWN: any */
  struct vet_date birth_date;  /* year 0: none */
  char country[8];             /* alpha-2, "" for none */
  vet_str email, phone, crypto, domain, document; /* exact identifiers */
  double threshold;            /* <= 0: the config's (a zeroed query uses the defaults) */
  uint32_t limit;              /* 0: the config's */
  uint64_t list_mask;          /* 0: all lists */
};

/* How one query token (or merged pair) met one list token. */
struct vet_align {
  vet_str q, c;     /* tokens; "jong un" when two were merged */
  double sim;       /* [0,1] */
  double weight;    /* weight of the tokens involved, both sides */
  const char *how;  /* "exact", "korean", "phonetic", "typo", "initial", "merged", "number" */
};

/* A qualifier or rule that changed the score. */
struct vet_adjust {
  const char *name;   /* "birth_date", "country", "schema", "number_mismatch", "generic_only", "weak_alias" */
  const char *result; /* "exact", "compatible", "near", "conflict", "match", "mismatch", ... */
  char query[32], list[32]; /* values compared, "" when not applicable */
  double before, after;
};

struct vet_explain {
  struct vet_align *align; uint32_t n_align;   /* allocated in the query arena */
  vet_str *q_unmatched;    uint32_t n_q_unmatched;
  vet_str *c_unmatched;    uint32_t n_c_unmatched;
  struct vet_adjust adj[8]; uint32_t n_adj;
  double name_score;       /* before qualifiers */
  enum vet_id_kind id_kind; /* for identifier hits */
  vet_str id_value;         /* the list's identifier that matched; empty for name hits */
};

struct vet_hit {
  const struct vet_entity *entity;   /* borrowed from the listset */
  const struct vet_list *list;
  const struct vet_name *name;       /* the list name that matched; NULL for identifier hits */
  double score;                      /* [0,1] after qualifiers */
  struct vet_explain ex;
};

struct vet_hits {
  struct vet_hit *v; /* allocated in the query arena, best first */
  uint32_t n;
  uint32_t candidates; /* names fully scored for this query */
};

struct vet_searcher *vet_searcher_new(const struct vet_index *ix, struct vet_error *e);
void vet_searcher_free(struct vet_searcher *s); /* NULL-safe */

/* Screen one query.  Hits (and their explanations) are allocated in a.
 * Errors: VET_EPARSE (bad UTF-8 in the name), VET_ELIMIT (name too long),
 * VET_EINVAL (nothing to screen), VET_ENOMEM. */
vet_err vet_screen(struct vet_searcher *s, const struct vet_query *q, struct vet_arena *a, struct vet_hits *out,
                   struct vet_error *e);

/* Pairwise name score of a against b, with uniform token weights (generic
 * words get cfg->generic_weight) since no list gives rarities.  ex is
 * allocated in a; may be NULL. */
vet_err vet_compare(struct vet_normalizer *nz, const struct vet_match_config *cfg, vet_str a, vet_str b,
                    enum vet_schema schema, struct vet_arena *ar, double *score, struct vet_explain *ex,
                    struct vet_error *e);

/* The weights vet_compare gives when no list supplies rarities: 1 per
 * token, cfg->generic_weight for generic words and legal forms. */
void vet_name_uniform_weights(const struct vet_match_config *cfg, struct vet_name_norm *n);

/* Score two normalized names (weights already set).  ex may be NULL. */
double vet_score_names(const struct vet_match_config *cfg, const struct vet_name_norm *q,
                       const struct vet_name_norm *c, struct vet_arena *a, struct vet_explain *ex);

/* Jaro-Winkler similarity of two byte strings, in [0,1]. */
double vet_jaro_winkler(vet_str a, vet_str b);

#endif
