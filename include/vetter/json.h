/* vetter/json.h - JSON forms of Vetter's results and list metadata, built
 * with jansson, so the CLI, a server and embedding programs print the same
 * shapes.
 * Owns: each function returns a new reference the caller json_decref()s.
 * Thread-safety: safe from any thread. */
#ifndef VETTER_JSON_H
#define VETTER_JSON_H

#include <jansson.h>
#include <stdint.h>

#include "vetter/country.h"
#include "vetter/match.h"

/* {"list","entity_id","schema","name","matched_name","name_kind","score",
 *  "programs","countries","birth_dates","explain":{...}} */
json_t *vet_hit_json(const struct vet_hit *h);
/* {"name_score","tokens":[{"query","list","sim","weight","how"}],
 *  "unmatched_query","unmatched_list","adjustments":[...],"identifier"} */
json_t *vet_explain_json(const struct vet_explain *ex);
/* {"name": "date", ...} for every list of the set: the versions a result used. */
json_t *vet_lists_versions_json(const struct vet_listset *ls, uint64_t mask);
/* Fill q from one batch record {"id","name","type","birth_date","country",
 * "email","phone","crypto","domain","document"} (other fields ignored).
 * q's strings borrow from o.  countries resolves "country" (any
 * language, alpha-2 or alpha-3).  Errors (VET_EPARSE) name the field:
 * "field 'type': expected person, organization, vessel or aircraft". */
vet_err vet_query_from_json(json_t *o, const struct vet_countries *countries, struct vet_query *q,
                            struct vet_error *e);

/* Significant digits of reals in Vetter's JSON output (reports, batch
 * lines): JSON_REAL_PRECISION(VET_JSON_REAL_PRECISION) for jansson. */
#define VET_JSON_REAL_PRECISION 6

/* Append the compact text of j to out: byte for byte what
 * json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER |
 * JSON_REAL_PRECISION(VET_JSON_REAL_PRECISION)) gives, several times
 * faster.  Fails where json_dumps does (j not an object or an array, or a
 * string that is not valid UTF-8: VET_EINVAL), on a key that is not valid
 * UTF-8 (VET_EINVAL; jansson checks keys when set, not when dumped), on
 * nesting deeper than 256 (VET_ELIMIT) or when out
 * is full (VET_ELIMIT, VET_ENOMEM); out is then as it was. */
vet_err vet_json_write_compact(const json_t *j, struct vet_buf *out);

/* A subtree written before, whose text is reused wherever the same value
 * (the same pointer) comes again: a report's "versions" record, the same
 * in every report a worker writes.  text must be node's compact text (as
 * vet_json_write_compact wrote it) and node must not change while the
 * memo is used. */
struct vet_json_memo {
  const json_t *node;
  const char *text;
  size_t len;
};
/* vet_json_write_compact with memo (NULL, or its node NULL: none). */
vet_err vet_json_write_compact_memo(const json_t *j, const struct vet_json_memo *memo, struct vet_buf *out);

/* Regions: jansson values one thread makes in bulk and drops together (a
 * subject's report) allocated by bumping a pointer and freed for nothing.
 * vet_json_region_install sets jansson's allocation functions for the
 * whole process: call it once, before any other jansson call (a program
 * that embeds Vetter and never calls it keeps jansson's malloc).  Between
 * vet_json_region_begin(r) and vet_json_region_end() the values the
 * calling thread makes come from r (from malloc once r is full); every one
 * of them must be freed (its last reference dropped) by that thread before
 * the window ends, which empties r.  Outside windows jansson allocates
 * with malloc as usual.  A string json_dumps returns is freed with
 * vet_json_free (free() is right only outside windows). */
struct vet_json_region;
void vet_json_region_install(void);
/* A region of bytes (rounded down to 16); NULL when out of memory. */
struct vet_json_region *vet_json_region_new(size_t bytes);
void vet_json_region_free(struct vet_json_region *r);
void vet_json_region_begin(struct vet_json_region *r);
void vet_json_region_end(void);
/* Free what jansson allocated (json_dumps' result): nothing for memory of
 * the thread's current region, free() for any other. */
void vet_json_free(void *p);

/* A vet_str as a JSON string (valid UTF-8 is assumed; invalid gives null). */
json_t *vet_json_str(vet_str s);
/* Unix seconds as "2026-03-01T09:15:00Z" (UTC); null when out of range. */
json_t *vet_json_time(int64_t t);
/* Round to 4 decimals, so outputs are stable and readable. */
json_t *vet_json_score(double v);

#endif
