/* genpop/verify.c - `vetter-genpop --verify`: every MRZ and phone number
 * the generator writes is checked through the library as it is written:
 * a genuine MRZ must be valid, a forged one must fail exactly the check
 * digit that was planted; a phone number must be valid in its plan, a
 * VoIP one of a virtual line type and any other one not.  At the end the
 * whole output is read back through the engine's population reader,
 * which must report no issue at all (every record parses, every country
 * resolves, every event finds its subject).
 * Owns: a gp_verify owns its counters.
 * Thread-safety: one thread at a time per gp_verify. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "genpop.h"
#include "vetter/country.h"
#include "vetter/mrz.h"
#include "vetter/phone.h"
#include "vetter/subject.h"
#include "vetter/vetter.h"

/* Failures printed in full; the rest are only counted. */
#define SHOW_FAILURES 20

struct gp_verify {
  uint64_t mrz, mrz_bad, phone, phone_bad;
  unsigned shown;
  struct vet_date today;
};

struct gp_verify *gp_verify_new(void)
{
  struct gp_verify *v = calloc(1, sizeof *v);
  if (v) { /* the generated world's today, so two-digit years read alike */
    v->today.year = GP_NOW_Y;
    v->today.month = GP_NOW_M;
    v->today.day = GP_NOW_D;
  }
  return v;
}

void gp_verify_free(struct gp_verify *v) { free(v); }

static void fail(struct gp_verify *v, const char *what, const char *value, const char *why)
{
  if (v->shown++ < SHOW_FAILURES)
    fprintf(stderr, "verify: %s '%s': %s\n", what, value, why);
}

void gp_verify_mrz(struct gp_verify *v, const char *mrz, int bad_check)
{
  v->mrz++;
  struct vet_mrz m;
  (void)vet_mrz_parse(vet_str_c(mrz), &v->today, &m, NULL);
  if (m.format == VET_MRZ_NONE) {
    v->mrz_bad++;
    fail(v, "mrz", mrz, "shape not recognized");
    return;
  }
  enum vet_mrz_check checks[4] = {m.check_document_number, m.check_birth_date, m.check_expiry_date,
                                  m.check_composite};
  if (bad_check == 0) {
    if (!m.valid) {
      v->mrz_bad++;
      fail(v, "mrz", mrz, m.n_issues ? m.issues[0].msg : "not valid");
    }
    return;
  }
  for (int i = 0; i < 4; i++) {
    bool want_fail = i + 1 == bad_check;
    bool failed = checks[i] == VET_MRZ_CHECK_FAIL;
    if (want_fail != failed) {
      v->mrz_bad++;
      fail(v, "mrz", mrz, want_fail ? "planted check digit not reported" : "another check digit fails");
      return;
    }
  }
  if (m.n_issues != 1) {
    v->mrz_bad++;
    fail(v, "mrz", mrz, "forged MRZ has other issues than the planted one");
  }
}

void gp_verify_phone(struct gp_verify *v, const char *phone, const char *region, bool voip)
{
  v->phone++;
  struct vet_phone ph;
  if (vet_phone_parse(vet_str_c(phone), region, &ph, NULL) != VET_OK || !ph.valid) {
    v->phone_bad++;
    char why[96];
    snprintf(why, sizeof why, "not a valid number (region %s)", region);
    fail(v, "phone", phone, why);
    return;
  }
  if (vet_phone_type_is_virtual(ph.type) != voip) {
    v->phone_bad++;
    char why[96];
    snprintf(why, sizeof why, "line type %s, expected %s", vet_phone_type_name(ph.type),
             voip ? "a virtual one" : "not virtual");
    fail(v, "phone", phone, why);
  }
}

int gp_verify_report(const struct gp_verify *v, FILE *f)
{
  fprintf(f, "verify: %llu MRZs, %llu wrong; %llu phone numbers, %llu wrong\n", (unsigned long long)v->mrz,
          (unsigned long long)v->mrz_bad, (unsigned long long)v->phone, (unsigned long long)v->phone_bad);
  return v->mrz_bad || v->phone_bad ? 1 : 0;
}

/* Longest line read back (a subject record is a few kilobytes). */
#define MAX_LINE (1u << 20)

int gp_verify_population(const char *path, FILE *f)
{
  char dir[4096];
  snprintf(dir, sizeof dir, "%s/country", vet_data_dir(NULL));
  struct vet_error e = {0};
  struct vet_countries *countries = vet_countries_load(dir, &e);
  if (!countries) {
    fprintf(f, "verify: cannot load the country table: %s\n", e.msg);
    return 1;
  }
  FILE *in = fopen(path, "r");
  struct vet_population *pop = in ? vet_population_new(countries, path) : NULL;
  int rc = 1;
  if (!in || !pop) {
    fprintf(f, "verify: cannot read '%s' back\n", path);
    goto out;
  }
  char *line = NULL;
  size_t cap = 0, lineno = 0;
  ssize_t n;
  while ((n = getline(&line, &cap, in)) > 0 && (size_t)n < MAX_LINE) {
    lineno++;
    if (vet_population_add_line(pop, lineno, (vet_str){line, (size_t)n}, &e) != VET_OK)
      break;
  }
  free(line);
  if (vet_population_finish(pop, &e) != VET_OK) {
    fprintf(f, "verify: reading back failed: %s\n", e.msg);
    goto out;
  }
  fprintf(f, "verify: read back %zu records: %u subjects, %u events, %zu issues\n", pop->lines, pop->n_subjects,
          pop->n_events, pop->n_issues_total);
  for (uint32_t i = 0; i < pop->n_issues && i < SHOW_FAILURES; i++)
    fprintf(f, "verify: %s\n", pop->issues[i].msg);
  rc = pop->n_issues_total == 0 && lineno > 0 ? 0 : 1;
out:
  if (in)
    fclose(in);
  vet_population_free(pop);
  vet_countries_free(countries);
  return rc;
}
