/* fuzz_mrz.c - fuzz target for vet_mrz_parse and vet_mrz_json
 * (docs/mrz.c, docs/mrz_json.c).  Any input: the result agrees with the
 * return code, every field is a NUL-terminated printable ASCII string in
 * its array, a valid MRZ has no issue and no failed check, and the JSON
 * has all 15 keys.  A valid MRZ typed in lower case must read the same
 * with exactly one "lowercase" issue. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/common.h"
#include "vetter/mrz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A fixed day, so a run is reproducible whatever the date. */
static const struct vet_date today = {.year = 2024, .month = 6, .day = 1};

static void check_text(const char *s, size_t cap)
{
  size_t n = strnlen(s, cap);
  if (n == cap)
    abort();
  for (size_t i = 0; i < n; i++)
    if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] > 0x7e)
      abort();
}

static void check_result(vet_err rc, const struct vet_mrz *m)
{
  if (rc != VET_OK && rc != VET_EPARSE && rc != VET_ELIMIT)
    abort();
  if ((rc == VET_OK) != (m->format != VET_MRZ_NONE))
    abort();
  if (rc != VET_OK && (m->n_issues != 1 || m->valid))
    abort();
  if (m->n_issues > VET_MRZ_MAX_ISSUES || m->valid != (m->format && !m->n_issues))
    abort();
  for (uint32_t i = 0; i < m->n_issues; i++) {
    if (!m->issues[i].code || !m->issues[i].msg[0])
      abort();
    check_text(m->issues[i].msg, sizeof m->issues[i].msg);
  }
  check_text(m->document_code, sizeof m->document_code);
  check_text(m->issuing_state, sizeof m->issuing_state);
  check_text(m->nationality, sizeof m->nationality);
  check_text(m->surname, sizeof m->surname);
  check_text(m->given_names, sizeof m->given_names);
  check_text(m->document_number, sizeof m->document_number);
  check_text(m->optional_data, sizeof m->optional_data);
  check_text(m->optional_data2, sizeof m->optional_data2);
  if (m->valid) {
    const enum vet_mrz_check c[] = {m->check_document_number, m->check_birth_date, m->check_expiry_date,
                                    m->check_optional_data, m->check_composite};
    for (size_t i = 0; i < VET_COUNTOF(c); i++)
      if (c[i] == VET_MRZ_CHECK_FAIL)
        abort();
    if (!m->sex || !m->surname[0] || !m->document_number[0] || !m->expiry_date.year ||
        m->check_document_number != VET_MRZ_CHECK_OK)
      abort();
  }
  json_t *j = vet_mrz_json(m);
  if (!j || json_object_size(j) != 15)
    abort();
  char *s = json_dumps(j, JSON_COMPACT);
  if (!s)
    abort();
  free(s);
  json_decref(j);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  vet_str in = {(const char *)data, size};
  int cd = vet_mrz_check_digit(in);
  if (cd < -1 || cd > 9)
    abort();
  struct vet_mrz m;
  struct vet_error e = {0};
  vet_err rc = vet_mrz_parse(in, &today, &m, &e);
  check_result(rc, &m);
  if (rc != VET_OK && !e.msg[0])
    abort();
  if (m.valid) {
    char low[VET_MRZ_MAX_INPUT];
    for (size_t i = 0; i < size; i++)
      low[i] = (char)vet_lower(data[i]);
    struct vet_mrz l;
    if (vet_mrz_parse((vet_str){low, size}, &today, &l, NULL) != VET_OK || l.format != m.format ||
        l.n_issues != 1 || strcmp(l.issues[0].code, "lowercase") || strcmp(l.surname, m.surname) ||
        strcmp(l.document_number, m.document_number) || l.check_composite != m.check_composite)
      abort();
    check_result(VET_OK, &l);
  }
  return 0;
}
