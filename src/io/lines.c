/* io/lines.c - capped line reader with line numbers. */
#include <errno.h>

#include "io/lines.h"

vet_err vet_lines_open(struct vet_lines *r, const char *path, size_t max_line, struct vet_error *e)
{
  memset(r, 0, sizeof *r);
  r->name = path;
  r->max = max_line ? max_line : (1u << 20);
  if (strcmp(path, "-") == 0) {
    r->f = stdin;
    r->name = "<stdin>";
  } else {
    r->f = fopen(path, "rb");
    r->own = true;
    if (!r->f)
      return vet_fail(e, VET_EIO, "cannot open '%s': %s", path, strerror(errno));
  }
  return VET_OK;
}

vet_err vet_lines_next(struct vet_lines *r, vet_str *line, struct vet_error *e)
{
  size_t n = 0;
  bool over = false;
  int c;
  errno = 0;
  for (;;) {
    c = getc_unlocked(r->f);
    if (c == EOF || c == '\n')
      break;
    if (n > r->max) { /* one byte of slack: a CRLF's \r is not content */
      over = true;
      continue;
    }
    if (n + 1 >= r->cap) {
      size_t nc = r->cap ? r->cap * 2 : 4096;
      char *nb = realloc(r->buf, nc);
      if (!nb)
        return vet_fail(e, VET_ENOMEM, "out of memory reading '%s'", r->name);
      r->buf = nb;
      r->cap = nc;
    }
    r->buf[n++] = (char)c;
  }
  if (c == EOF && ferror(r->f))
    return vet_fail(e, VET_EIO, "cannot read '%s': %s", r->name, errno ? strerror(errno) : "read error");
  if (c == EOF && n == 0 && !over)
    return VET_ENOTFOUND;
  r->lineno++;
  if (n && r->buf[n - 1] == '\r')
    n--;
  if (over || n > r->max)
    return vet_fail(e, VET_ELIMIT, "%s:%zu: line longer than %zu bytes", r->name, r->lineno, r->max);
  if (r->buf)
    r->buf[n] = 0;
  *line = (vet_str){r->buf ? r->buf : "", n};
  return VET_OK;
}

void vet_lines_close(struct vet_lines *r)
{
  if (r->own && r->f)
    fclose(r->f);
  free(r->buf);
  memset(r, 0, sizeof *r);
}
