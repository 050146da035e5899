/* vetter/check.h - the applicant checks (`vetter check`): every check run
 * on every subject of a population, the findings combined by the risk
 * engine, and one explained report per subject.
 * Owns: a vet_checker owns what it builds over the population (the
 * email-domain lists, the document-number map, the versions record); it
 * borrows the vet_ctx and the population, which must outlive it.  A
 * vet_check_worker owns its searcher, normalizer and scratch.
 * Thread-safety: a vet_checker is immutable once built; share freely.
 * One thread at a time per vet_check_worker: make one per thread. */
#ifndef VETTER_CHECK_H
#define VETTER_CHECK_H

#include <jansson.h>

#include "vetter/risk.h"
#include "vetter/subject.h"

struct vet_ctx;
struct vet_checker;
struct vet_check_worker;

/* Build the checker for a finished population.  ctx must have its lists
 * loaded.  Loads data_dir/email.  NULL on failure (e says why). */
struct vet_checker *vet_checker_new(const struct vet_ctx *ctx, const struct vet_population *pop,
                                    struct vet_error *e);

/* How a checker is built. */
struct vet_checker_opts {
  uint32_t threads; /* for the links, photo hashing and the group ratings; 0: one per core */
};

/* vet_checker_new with opts (NULL: the defaults). */
struct vet_checker *vet_checker_new_opts(const struct vet_ctx *ctx, const struct vet_population *pop,
                                         const struct vet_checker_opts *opts, struct vet_error *e);
void vet_checker_free(struct vet_checker *ck); /* NULL-safe */

/* {"vetter","config":{"hash","changed":{...}},"lists":{...}}: what a report
 * was made with, so a decision can be reproduced.  Borrowed, valid until
 * vet_checker_free. */
json_t *vet_checker_versions(const struct vet_checker *ck);

/* Why some checks cannot run (the IP table could not be opened: the
 * IP-based signals and laptop farms on addresses are skipped); NULL when
 * every check runs.  Borrowed. */
const char *vet_checker_warning(const struct vet_checker *ck);

/* Problems with the input the checks could work around: photo files that
 * could not be read or decoded (the subject is then linked without its
 * photo), one message each, k from 0; NULL past the last kept.  *total
 * (may be NULL) is how many there were in all.  Borrowed. */
const char *vet_checker_problem(const struct vet_checker *ck, uint32_t k, uint64_t *total);

/* The population checked.  Borrowed. */
const struct vet_population *vet_checker_population(const struct vet_checker *ck);

/* The groups of linked subjects over the population (docs/linking.md),
 * largest first; 0 when no ring.* rule is enabled. */
uint32_t vet_checker_group_count(const struct vet_checker *ck);
/* Group k as the reports show it ({"id","size","links","members" (the
 * first 50),"shared","risk"}; new reference) and all its members
 * (subject indices, borrowed, in *members and *n).  NULL when k is out of
 * range or memory runs out. */
json_t *vet_checker_group(const struct vet_checker *ck, uint32_t k, const uint32_t **members, uint32_t *n);
/* The identifiers subject i shares with other subjects (linking or not),
 * strongest first: kind ("payout", "email", ...) and normalized value of
 * each, borrowed, at most cap of them; returns how many there are. */
uint32_t vet_checker_shared_of(const struct vet_checker *ck, uint32_t i, const char **kinds, vet_str *values,
                               uint32_t cap);

struct vet_check_worker *vet_check_worker_new(const struct vet_checker *ck, struct vet_error *e);
void vet_check_worker_free(struct vet_check_worker *w); /* NULL-safe */

struct vet_report {
  json_t *json;          /* {"subject","score","band","findings","sanctions","versions"}; owned by the caller */
  struct vet_risk risk;
  uint32_t rule_counts[VET_RULE_COUNT]; /* findings per rule */
};

/* Run every enabled check on subject i of the population.  VET_ENOMEM and
 * VET_EINVAL (bad index) are the only failures: bad data becomes findings. */
vet_err vet_check_subject(struct vet_check_worker *w, uint32_t i, struct vet_report *out, struct vet_error *e);
/* Drop what the worker still holds of the last subject checked (its
 * findings, sanctions hits and group, which the report also references):
 * afterwards no jansson value made by that vet_check_subject is held by the
 * worker, so a caller that made them in a JSON region (vetter/json.h) may
 * end it once the report is freed too.  NULL-safe. */
void vet_check_worker_clear(struct vet_check_worker *w);

#endif
