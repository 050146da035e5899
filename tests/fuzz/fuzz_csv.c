/* fuzz_csv.c - fuzz target for the CSV adapter (io/csv.c): any bytes, with
 * the default options and with a tab delimiter and tight limits.  The
 * callback reads every byte of every field and checks the adapter's
 * promises: at least one field, no more than max_fields, valid UTF-8,
 * line numbers that never go backwards. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "io/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct seen {
  size_t max_fields;
  size_t last_line;
  size_t rows;
  unsigned sum; /* keeps the reads from being optimized away */
};

static vet_err on_row(void *ud, size_t line, vet_str *f, size_t n, struct vet_error *e)
{
  struct seen *s = ud;
  (void)e;
  if (n == 0 || n > s->max_fields || line < s->last_line || line == 0)
    abort();
  s->last_line = line;
  for (size_t i = 0; i < n; i++) {
    if (!vet_utf8_valid(f[i], NULL))
      abort();
    for (size_t k = 0; k < f[i].len; k++)
      s->sum += (unsigned char)f[i].ptr[k];
  }
  s->rows++;
  return VET_OK;
}

static volatile unsigned sink;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  vet_str in = {(const char *)data, size};
  struct vet_error e;

  struct seen s = {.max_fields = 256};
  vet_error_clear(&e);
  vet_err rc = vet_csv_parse(in, "fuzz.csv", NULL, on_row, &s, &e);
  if (rc != VET_OK && (e.code != rc || e.msg[0] == 0))
    abort(); /* a failure always comes with its message */

  struct vet_csv_opts o = {.delim = '\t', .max_fields = 8, .max_row_bytes = 64};
  struct seen t = {.max_fields = 8};
  vet_error_clear(&e);
  rc = vet_csv_parse(in, "fuzz.tsv", &o, on_row, &t, &e);
  if (rc != VET_OK && (e.code != rc || e.msg[0] == 0))
    abort();
  sink = s.sum + t.sum;
  return 0;
}
