/* io/file.c - reading whole files with a cap, writing them atomically;
 * path helpers. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

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

/* Names vet_file_write_atomic tries for its new file when one is taken
 * (left by an earlier process of the same id). */
#define WRITE_TMP_TRIES 16

vet_err vet_file_write_atomic(const char *path, const vet_str *parts, size_t n_parts, struct vet_error *e)
{
  /* a name no other writer uses: this process's id and its own count
   * (threads and earlier calls), created only if absent */
  static atomic_uint seq;
  char tmp[4200];
  int fd = -1;
  for (int tries = 0; fd < 0 && tries < WRITE_TMP_TRIES; tries++) {
    if (vet_path_fmt(tmp, sizeof tmp, "%s.tmp.%ld.%u", path, (long)getpid(), atomic_fetch_add(&seq, 1)))
      return vet_fail(e, VET_ELIMIT, "'%s': path too long", path);
    fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0 && errno != EEXIST)
      break;
  }
  if (fd < 0)
    return vet_fail(e, VET_EIO, "cannot create '%s': %s", tmp, strerror(errno));
  vet_err rc = VET_OK;
  for (size_t i = 0; i < n_parts; i++)
    for (size_t done = 0; rc == VET_OK && done < parts[i].len;) {
      ssize_t w = write(fd, parts[i].ptr + done, parts[i].len - done);
      if (w < 0 && errno == EINTR)
        continue;
      if (w <= 0)
        rc = vet_fail(e, VET_EIO, "cannot write '%s': %s", tmp, w < 0 ? strerror(errno) : "no space");
      else
        done += (size_t)w;
    }
  if (close(fd) && rc == VET_OK)
    rc = vet_fail(e, VET_EIO, "cannot write '%s': %s", tmp, strerror(errno));
  if (rc == VET_OK && rename(tmp, path))
    rc = vet_fail(e, VET_EIO, "cannot rename '%s' to '%s': %s", tmp, path, strerror(errno));
  if (rc != VET_OK)
    unlink(tmp);
  return rc;
}

/* Directory levels vet_path_stamp descends. */
#define STAMP_MAX_DEPTH 8

static vet_err stamp(struct vet_buf *out, const char *path, int depth)
{
  struct stat st;
  if (stat(path, &st))
    return vet_buf_appendf(out, "%s missing\n", path);
  if (!S_ISDIR(st.st_mode))
    return vet_buf_appendf(out, "%s %lld %lld.%09ld\n", path, (long long)st.st_size, (long long)st.st_mtim.tv_sec,
                           (long)st.st_mtim.tv_nsec);
  if (depth >= STAMP_MAX_DEPTH)
    return vet_buf_appendf(out, "%s deep\n", path);
  struct dirent **ents;
  int n = scandir(path, &ents, NULL, alphasort);
  if (n < 0)
    return vet_buf_appendf(out, "%s unreadable\n", path);
  vet_err rc = VET_OK;
  for (int i = 0; i < n; i++) {
    const char *nm = ents[i]->d_name;
    char sub[4200];
    if (!rc && strcmp(nm, ".") && strcmp(nm, ".."))
      rc = vet_path_join(sub, sizeof sub, path, nm) ? VET_ELIMIT : stamp(out, sub, depth + 1);
    free(ents[i]);
  }
  free(ents);
  return rc;
}

vet_err vet_path_stamp(struct vet_buf *out, const char *path) { return stamp(out, path, 0); }
