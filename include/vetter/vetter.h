/* vetter/vetter.h - the whole public API, and vet_ctx: one loaded engine
 * (configuration, country table, lists, index) for programs that embed
 * Vetter.
 * Owns: a vet_ctx owns everything it loads.
 * Thread-safety: building a vet_ctx is one thread's job; once built it is
 * immutable and shared freely; each thread screens through its own
 * vet_searcher (vet_searcher_new(vet_ctx_index(ctx), &e)). */
#ifndef VETTER_VETTER_H
#define VETTER_VETTER_H

#include "vetter/arena.h"
#include "vetter/config.h"
#include "vetter/country.h"
#include "vetter/date.h"
#include "vetter/entity.h"
#include "vetter/error.h"
#include "vetter/json.h"
#include "vetter/lists.h"
#include "vetter/match.h"
#include "vetter/normalize.h"
#include "vetter/risk.h"
#include "vetter/rules.h"
#include "vetter/str.h"
#include "vetter/subject.h"

#define VET_VERSION "0.1.0"

struct vet_ctx;

/* Data directory: explicit dir, else $VETTER_DATA, else the build's data/. */
const char *vet_data_dir(const char *explicit_dir);

/* The user's cache directory for vetter, into buf: $XDG_CACHE_HOME/vetter,
 * else $HOME/.cache/vetter; false when neither is set (or it does not fit). */
bool vet_cache_dir(char *buf, size_t cap);

/* Load the country table from data_dir/country.  cfg is copied. */
struct vet_ctx *vet_ctx_new(const struct vet_config *cfg, const char *data_dir, struct vet_error *e);
void vet_ctx_free(struct vet_ctx *ctx); /* NULL-safe */

/* Threads vet_ctx_load_lists may use: 1 (the default) loads on the
 * calling thread only; 0 uses one per core (vet_threads). */
void vet_ctx_set_threads(struct vet_ctx *ctx, unsigned threads);

/* Load the lists of lists_dir/lists.json (NULL: data_dir/lists; only: NULL
 * for the enabled lists, else comma-separated names), freeze them and
 * build the index.  Timing in *load_s and *index_s when not NULL.
 * The loaded set and its index are kept as a compiled snapshot
 * (vet_snapshot_save) in $VETTER_CACHE_DIR, else vet_cache_dir (none when
 * VETTER_CACHE_DIR is "off"), one file per lists directory and selection;
 * the next load reads it instead (*index_s 0) while the list files,
 * the country table, the match.* settings and the build are the same.
 * A snapshot that cannot be written or read changes nothing but the time
 * taken. */
vet_err vet_ctx_load_lists(struct vet_ctx *ctx, const char *lists_dir, const char *only, double *load_s,
                           double *index_s, struct vet_error *e);

const struct vet_config *vet_ctx_config(const struct vet_ctx *ctx);
const struct vet_countries *vet_ctx_countries(const struct vet_ctx *ctx);
const struct vet_listset *vet_ctx_lists(const struct vet_ctx *ctx);   /* NULL before loading */
const struct vet_index *vet_ctx_index(const struct vet_ctx *ctx);     /* NULL before loading */
/* Whether the lists were read from a compiled snapshot. */
bool vet_ctx_lists_from_snapshot(const struct vet_ctx *ctx);
const char *vet_ctx_data_dir(const struct vet_ctx *ctx);

/* Seconds from a monotonic clock, for timings. */
double vet_now(void);
/* Threads to use when asked for requested: requested itself, or one per
 * online core when requested is 0 (at least 1). */
unsigned vet_threads(unsigned requested);

#endif
