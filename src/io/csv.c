/* io/csv.c - libcsv adapter with line numbers and limits. */
#include <csv.h>

#include "io/csv.h"
#include "io/file.h"

struct state {
  const char *name;
  const struct vet_csv_opts *o;
  vet_csv_row_fn fn;
  void *ud;
  struct vet_error *e;
  vet_err rc;            /* first failure; stops the parse */
  char *store;           /* the row's field bytes, NUL-separated */
  size_t store_len, store_cap;
  size_t *offs, *lens;
  size_t nfields;
  size_t line;           /* line being fed */
  size_t row_line;       /* first line of the current row */
  bool row_open;
  vet_str *fields;
};

static void on_field(void *p, size_t len, void *data)
{
  struct state *s = data;
  if (s->rc)
    return;
  s->row_open = true;
  if (s->nfields >= s->o->max_fields) {
    s->rc = vet_fail(s->e, VET_ELIMIT, "%s:%zu: more than %zu fields in a row", s->name, s->row_line,
                     s->o->max_fields);
    return;
  }
  if (len > s->o->max_row_bytes - s->store_len) {
    s->rc = vet_fail(s->e, VET_ELIMIT, "%s:%zu: row longer than %zu bytes", s->name, s->row_line,
                     s->o->max_row_bytes);
    return;
  }
  if (s->store_len + len + 1 > s->store_cap) {
    size_t ncap = s->store_cap ? s->store_cap : 1024;
    while (ncap < s->store_len + len + 1)
      ncap *= 2;
    char *ns = realloc(s->store, ncap);
    if (!ns) {
      s->rc = vet_fail(s->e, VET_ENOMEM, "%s:%zu: out of memory", s->name, s->row_line);
      return;
    }
    s->store = ns;
    s->store_cap = ncap;
  }
  if (len)
    memcpy(s->store + s->store_len, p, len);
  s->offs[s->nfields] = s->store_len;
  s->lens[s->nfields] = len;
  s->store_len += len;
  s->store[s->store_len++] = 0;
  s->nfields++;
}

static void on_row(int term, void *data)
{
  struct state *s = data;
  (void)term;
  if (s->rc) {
    return;
  }
  for (size_t i = 0; i < s->nfields; i++) {
    s->fields[i] = (vet_str){s->store + s->offs[i], s->lens[i]};
    size_t bad;
    if (!vet_utf8_valid(s->fields[i], &bad)) {
      s->rc = vet_fail(s->e, VET_EPARSE, "%s:%zu: field %zu: invalid UTF-8 at byte %zu", s->name, s->row_line, i + 1,
                       bad);
      return;
    }
  }
  /* a lone Ctrl-Z (OFAC end-of-file marker) or an empty line is no row */
  bool empty = s->nfields == 0 || (s->nfields == 1 && (s->lens[0] == 0 ||
                                   (s->lens[0] == 1 && s->store[s->offs[0]] == 0x1A)));
  if (!empty) {
    vet_err rc = s->fn(s->ud, s->row_line, s->fields, s->nfields, s->e);
    if (rc)
      s->rc = rc;
  }
  s->nfields = 0;
  s->store_len = 0;
  s->row_open = false;
}

static int no_space(unsigned char c)
{
  (void)c;
  return 0;
}

vet_err vet_csv_parse(vet_str data, const char *name, const struct vet_csv_opts *opts, vet_csv_row_fn fn, void *ud,
                      struct vet_error *e)
{
  struct vet_csv_opts o = opts ? *opts : (struct vet_csv_opts){0};
  if (!o.delim)
    o.delim = ',';
  if (!o.max_row_bytes)
    o.max_row_bytes = 1u << 20;
  if (!o.max_fields)
    o.max_fields = 256;
  struct state s = {.name = name, .o = &o, .fn = fn, .ud = ud, .e = e, .line = 1, .row_line = 1};
  s.offs = calloc(o.max_fields, sizeof *s.offs);
  s.lens = calloc(o.max_fields, sizeof *s.lens);
  s.fields = calloc(o.max_fields, sizeof *s.fields);
  struct csv_parser p;
  if (!s.offs || !s.lens || !s.fields || csv_init(&p, CSV_APPEND_NULL) != 0) {
    free(s.offs);
    free(s.lens);
    free(s.fields);
    return vet_fail(e, VET_ENOMEM, "%s: out of memory", name);
  }
  csv_set_delim(&p, (unsigned char)o.delim);
  csv_set_space_func(&p, no_space); /* keep fields as written; loaders trim */
  if (data.len >= 3 && memcmp(data.ptr, "\xEF\xBB\xBF", 3) == 0)
    data = vet_str_sub(data, 3, data.len);
  /* Feed line by line so every row knows the line it started on. */
  size_t i = 0;
  while (i < data.len && !s.rc) {
    const char *nl = memchr(data.ptr + i, '\n', data.len - i);
    size_t end = nl ? (size_t)(nl - data.ptr) + 1 : data.len;
    if (!s.row_open && p.pstate == 0)
      s.row_line = s.line;
    size_t fed = csv_parse(&p, data.ptr + i, end - i, on_field, on_row, &s);
    if (fed != end - i && !s.rc)
      s.rc = vet_fail(e, VET_EPARSE, "%s:%zu: malformed CSV: %s", name, s.line, csv_strerror(csv_error(&p)));
    /* a row that is still open after its line: fields spanning lines */
    if (p.pstate != 0)
      s.row_open = true;
    s.line++;
    i = end;
  }
  if (!s.rc)
    csv_fini(&p, on_field, on_row, &s);
  csv_free(&p);
  free(s.store);
  free(s.offs);
  free(s.lens);
  free(s.fields);
  return s.rc;
}

vet_err vet_csv_read_file(const char *path, size_t max_file, const struct vet_csv_opts *o, vet_csv_row_fn fn,
                          void *ud, struct vet_error *e)
{
  char *buf;
  size_t len;
  vet_err rc = vet_file_read(path, max_file, &buf, &len, e);
  if (rc)
    return rc;
  rc = vet_csv_parse((vet_str){buf, len}, path, o, fn, ud, e);
  free(buf);
  return rc;
}
