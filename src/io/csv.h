/* io/csv.h - the CSV adapter over libcsv: quoting and embedded newlines
 * are libcsv's job; this adds a UTF-8 BOM skip, the OFAC end-of-file
 * Ctrl-Z, a row-size limit, UTF-8 validation and line numbers.
 * Owns: nothing it hands out; fields are borrowed for one callback.
 * Thread-safety: safe from any thread (no shared state). */
#ifndef VET_IO_CSV_H
#define VET_IO_CSV_H

#include "core/common.h"

struct vet_csv_opts {
  char delim;           /* ',' when 0 */
  size_t max_row_bytes; /* 1 MiB when 0 */
  size_t max_fields;    /* 256 when 0 */
};

/* Called once per row.  line is the 1-based line the row starts on;
 * fields are trimmed of nothing (loaders trim).  Return VET_OK to go on;
 * any other code stops the read and is returned (with e filled in). */
typedef vet_err (*vet_csv_row_fn)(void *ud, size_t line, vet_str *fields, size_t n, struct vet_error *e);

/* Parse data (name is used in messages, usually the file path).
 * Errors: VET_EPARSE for malformed CSV or invalid UTF-8 ("NAME:LINE: field
 * N: invalid UTF-8"), VET_ELIMIT for an over-long row. */
vet_err vet_csv_parse(vet_str data, const char *name, const struct vet_csv_opts *o, vet_csv_row_fn fn, void *ud,
                      struct vet_error *e);
/* Read path (capped at max_file bytes) and parse it. */
vet_err vet_csv_read_file(const char *path, size_t max_file, const struct vet_csv_opts *o, vet_csv_row_fn fn,
                          void *ud, struct vet_error *e);

#endif
