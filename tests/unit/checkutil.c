/* unit/checkutil.c - the harness of the tests that run `vetter check`
 * through the library (see checkutil.h). */
#include <stdio.h>

#include "checkutil.h"

struct vet_ctx *tu_check_ctx(const struct vet_config *cfg, const char *only)
{
  struct vet_error e;
  vet_error_clear(&e);
  struct vet_ctx *ctx = vet_ctx_new(cfg, VET_DATA_DIR, &e);
  double load_s = 0, index_s = 0;
  if (!ctx || vet_ctx_load_lists(ctx, NULL, only, &load_s, &index_s, &e)) {
    print_error("loading the bundled lists: %s\n", e.msg);
    vet_ctx_free(ctx);
    return NULL;
  }
  print_message("lists%s%s: loaded in %.3f s, indexed in %.3f s\n", only ? " " : "", only ? only : "", load_s,
                index_s);
  return ctx;
}

/* JSON lines built with printf formats (MRZs are computed). */

struct vet_ctx *tu_check_ctx_with(const char *key, const char *value)
{
  struct vet_config c;
  vet_config_defaults(&c);
  if (key)
    tu_must(vet_config_set(&c, key, vet_str_c(value), NULL), "set");
  return tu_check_ctx(&c, "os_eu_fsf");
}

int tu_check_setup(void **state)
{
  *state = tu_check_ctx_with(NULL, NULL);
  return *state ? 0 : -1;
}

int tu_check_teardown(void **state)
{
  vet_ctx_free(*state);
  return 0;
}

void tu_addf(struct tu_lines *l, const char *fmt, ...)
{
  assert_true(l->n < TU_MAX_LINES);
  char *s = malloc(4096);
  assert_non_null(s);
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(s, 4096, fmt, ap);
  va_end(ap);
  assert_true(n > 0 && n < 4096);
  l->v[l->n++] = s;
}

void tu_lines_free(struct tu_lines *l)
{
  for (size_t i = 0; i < l->n; i++)
    free(l->v[i]);
  l->n = 0;
}

/* One checked population: every subject's report. */

/* NOTE: build_docnums (check/check.c) crashes when the first document
 * number it meets comes from an MRZ alone (see test_reuse_mrz_only), so
 * every population here gives the first document a "number" field. */
void tu_run_lines(struct tu_run *r, const struct vet_ctx *ctx, struct tu_lines *l)
{
  memset(r, 0, sizeof *r);
  r->pop = vet_population_new(vet_ctx_countries(ctx), "test.jsonl");
  assert_non_null(r->pop);
  for (size_t i = 0; i < l->n; i++)
    tu_must(vet_population_add_line(r->pop, i + 1, vet_str_c(l->v[i]), NULL), "add line");
  tu_must(vet_population_finish(r->pop, NULL), "finish");
  for (uint32_t i = 0; i < r->pop->n_issues; i++)
    print_message("input issue: %s\n", r->pop->issues[i].msg);
  assert_int_equal(r->pop->skipped, 0);
  struct vet_error e;
  vet_error_clear(&e);
  r->ck = vet_checker_new(ctx, r->pop, &e);
  if (!r->ck)
    fail_msg("checker: %s", e.msg);
  r->w = vet_check_worker_new(r->ck, &e);
  if (!r->w)
    fail_msg("worker: %s", e.msg);
  for (uint32_t i = 0; i < r->pop->n_subjects; i++)
    if (vet_check_subject(r->w, i, &r->rep[i], &e) != VET_OK)
      fail_msg("check subject %u: %s", i, e.msg);
  tu_lines_free(l);
}

void tu_run_free(struct tu_run *r)
{
  for (uint32_t i = 0; r->pop && i < r->pop->n_subjects; i++)
    json_decref(r->rep[i].json);
  vet_check_worker_free(r->w);
  vet_checker_free(r->ck);
  vet_population_free(r->pop);
}

const struct vet_report *tu_report(struct tu_run *r, const char *id)
{
  const struct vet_subject *s = vet_population_find(r->pop, vet_str_c(id));
  if (!s)
    fail_msg("no subject '%s'", id);
  return &r->rep[s - r->pop->subjects];
}

void tu_dump(const struct vet_report *rep)
{
  char *s = json_dumps(rep->json, JSON_INDENT(1) | JSON_SORT_KEYS);
  print_error("%s\n", s ? s : "(null)");
  free(s);
}

json_t *tu_findings(const struct vet_report *rep) { return json_object_get(rep->json, "findings"); }

/* The nth finding of rule (JSON object); NULL when there are fewer. */
json_t *tu_finding(const struct vet_report *rep, const char *rule, size_t nth)
{
  json_t *arr = tu_findings(rep);
  for (size_t i = 0; i < json_array_size(arr); i++) {
    json_t *x = json_array_get(arr, i);
    if (!strcmp(json_string_value(json_object_get(x, "rule")), rule) && nth-- == 0)
      return x;
  }
  return NULL;
}

json_t *tu_must_find(const struct vet_report *rep, const char *rule)
{
  json_t *x = tu_finding(rep, rule, 0);
  if (!x) {
    tu_dump(rep);
    fail_msg("subject %s: no finding %s", json_string_value(json_object_get(rep->json, "subject")), rule);
  }
  return x;
}

void tu_must_not(const struct vet_report *rep, const char *rule)
{
  if (tu_finding(rep, rule, 0)) {
    tu_dump(rep);
    fail_msg("subject %s: unexpected finding %s", json_string_value(json_object_get(rep->json, "subject")), rule);
  }
}

json_t *tu_ev(json_t *finding_obj, const char *key)
{
  return json_object_get(json_object_get(finding_obj, "evidence"), key);
}

const char *tu_ev_str(json_t *finding_obj, const char *key)
{
  const char *s = json_string_value(tu_ev(finding_obj, key));
  if (!s)
    fail_msg("evidence '%s' is not a string", key);
  return s;
}

double tu_weight(json_t *finding_obj) { return json_number_value(json_object_get(finding_obj, "score_weight")); }

/* Fails when any finding is high or critical. */
void tu_no_high(const struct vet_report *rep)
{
  json_t *arr = tu_findings(rep);
  for (size_t i = 0; i < json_array_size(arr); i++) {
    const char *sev = json_string_value(json_object_get(json_array_get(arr, i), "severity"));
    if (!strcmp(sev, "high") || !strcmp(sev, "critical")) {
      tu_dump(rep);
      fail_msg("subject %s: a %s finding", json_string_value(json_object_get(rep->json, "subject")), sev);
    }
  }
}

