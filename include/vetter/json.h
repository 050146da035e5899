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

/* A vet_str as a JSON string (valid UTF-8 is assumed; invalid gives null). */
json_t *vet_json_str(vet_str s);
/* Unix seconds as "2026-03-01T09:15:00Z" (UTC); null when out of range. */
json_t *vet_json_time(int64_t t);
/* Round to 4 decimals, so outputs are stable and readable. */
json_t *vet_json_score(double v);

#endif
