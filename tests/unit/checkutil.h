/* unit/checkutil.h - the harness of the tests that run `vetter check`
 * through the library (test_check.c, test_farm.c): a vet_ctx with the
 * bundled lists, a population from JSON lines built with printf formats,
 * a checker and a worker, every subject's report; then finding lookups
 * that fail the running cmocka test with the report dumped.
 * Owns: a tu_lines owns its lines until tu_run_lines consumes them; a
 * tu_run owns its population, checker, worker and reports (tu_run_free).
 * Thread-safety: one test thread. */
#ifndef VET_CHECKUTIL_H
#define VET_CHECKUTIL_H

#include "testutil.h"
#include "vetter/check.h"
#include "vetter/vetter.h"

/* A vet_ctx over the bundled data with cfg, its lists loaded (only: a
 * comma-separated list subset, NULL for all); NULL (and a message) when
 * they do not load. */
struct vet_ctx *tu_check_ctx(const struct vet_config *cfg, const char *only);

/* tu_check_ctx with default settings but one (key = value, NULL for
 * none) and one small list (os_eu_fsf): for the tests of checks that do
 * not screen names.  NULL (and a message) on failure. */
struct vet_ctx *tu_check_ctx_with(const char *key, const char *value);
/* cmocka group setup/teardown: *state is a tu_check_ctx_with(NULL, NULL). */
int tu_check_setup(void **state);
int tu_check_teardown(void **state);

/* JSON lines built with printf formats. */
#define TU_MAX_LINES 512
struct tu_lines {
  char *v[TU_MAX_LINES];
  size_t n;
};
void tu_addf(struct tu_lines *l, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void tu_lines_free(struct tu_lines *l);

/* One checked population: every subject's report. */
struct tu_run {
  struct vet_population *pop;
  struct vet_checker *ck;
  struct vet_check_worker *w;
  struct vet_report rep[TU_MAX_LINES];
};
/* Read the lines (consumed) into a population, check every subject. */
void tu_run_lines(struct tu_run *r, const struct vet_ctx *ctx, struct tu_lines *l);
void tu_run_free(struct tu_run *r);
/* The report of subject id; fails the test when there is none. */
const struct vet_report *tu_report(struct tu_run *r, const char *id);
void tu_dump(const struct vet_report *rep);

json_t *tu_findings(const struct vet_report *rep);
/* The nth finding of rule (JSON object); NULL when there are fewer. */
json_t *tu_finding(const struct vet_report *rep, const char *rule, size_t nth);
/* The first finding of rule; fails the test (report dumped) without one. */
json_t *tu_must_find(const struct vet_report *rep, const char *rule);
/* Fails the test (report dumped) when rule has a finding. */
void tu_must_not(const struct vet_report *rep, const char *rule);
/* A finding's evidence member key; as a string (fails when not one). */
json_t *tu_ev(json_t *finding_obj, const char *key);
const char *tu_ev_str(json_t *finding_obj, const char *key);
double tu_weight(json_t *finding_obj);
/* Fails when any finding is high or critical. */
void tu_no_high(const struct vet_report *rep);

#endif
