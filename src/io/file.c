/* io/file.c - reading whole files with a cap; path helpers. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/stat.h>

#include "io/file.h"

vet_err vet_file_read(const char *path, size_t max, char **out, size_t *len, struct vet_error *e)
{
  bool is_stdin = strcmp(path, "-") == 0;
  FILE *f = is_stdin ? stdin : fopen(path, "rb");
  if (!f)
    return vet_fail(e, VET_EIO, "cannot open '%s': %s", path, strerror(errno));
  size_t cap = 1 << 16, n = 0;
  char *buf = malloc(cap);
  if (!buf) {
    if (!is_stdin)
      fclose(f);
    return vet_fail(e, VET_ENOMEM, "out of memory reading '%s'", path);
  }
  for (;;) {
    if (cap - n < 2) {
      if (cap > max + 2) {
        free(buf);
        if (!is_stdin)
          fclose(f);
        return vet_fail(e, VET_ELIMIT, "'%s' is larger than the limit of %zu bytes", path, max);
      }
      char *nb = realloc(buf, cap * 2);
      if (!nb) {
        free(buf);
        if (!is_stdin)
          fclose(f);
        return vet_fail(e, VET_ENOMEM, "out of memory reading '%s'", path);
      }
      buf = nb;
      cap *= 2;
    }
    size_t got = fread(buf + n, 1, cap - n - 1, f);
    n += got;
    if (got == 0)
      break;
  }
  bool err = ferror(f);
  if (!is_stdin)
    fclose(f);
  if (err) {
    free(buf);
    return vet_fail(e, VET_EIO, "cannot read '%s'", path);
  }
  if (n > max) {
    free(buf);
    return vet_fail(e, VET_ELIMIT, "'%s' is larger than the limit of %zu bytes", path, max);
  }
  buf[n] = 0;
  *out = buf;
  *len = n;
  return VET_OK;
}

bool vet_path_is_dir(const char *path)
{
  struct stat st;
  return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

bool vet_path_is_file(const char *path)
{
  struct stat st;
  return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

vet_err vet_path_join(char *buf, size_t cap, const char *dir, const char *name)
{
  int n = snprintf(buf, cap, "%s/%s", dir, name);
  if (n < 0 || (size_t)n >= cap)
    return VET_ELIMIT;
  return VET_OK;
}

vet_err vet_path_fmt(char *buf, size_t cap, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf, cap, fmt, ap);
  va_end(ap);
  if (n < 0 || (size_t)n >= cap)
    return VET_ELIMIT;
  return VET_OK;
}
