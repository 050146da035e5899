/* fuzz/fuzzutil.h - what the fuzz targets share, header-only so that the
 * replay build and the libFuzzer build need no extra source: writing the
 * fuzz bytes to a temporary file or directory under /tmp, the real country
 * table loaded once per process, and loading a list from a path.  Any
 * load result is fine; crashes and leaks are not.
 * Owns: the country table (kept for the process: reachable, so no leak
 * report); the caller removes the temporary files it makes (unlink,
 * fuzz_remove_dir).
 * Thread-safety: one thread, as the fuzz drivers run. */
#ifndef VET_FUZZUTIL_H
#define VET_FUZZUTIL_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/common.h"
#include "vetter/country.h"
#include "vetter/entity.h"
#include "vetter/lists.h"

/* Write size bytes of data to path (created or truncated); 0 on success. */
static inline int fuzz_write_file(const char *path, const uint8_t *data, size_t size)
{
  FILE *f = fopen(path, "wb");
  if (!f)
    return -1;
  size_t n = size ? fwrite(data, 1, size, f) : 0;
  return fclose(f) == 0 && n == size ? 0 : -1;
}

/* A new file under /tmp holding data; its name in path (cap >= 32).  0 on
 * success; on failure nothing is left behind. */
static inline int fuzz_temp_file(char *path, size_t cap, const uint8_t *data, size_t size)
{
  snprintf(path, cap, "/tmp/vet_fuzz_XXXXXX");
  int fd = mkstemp(path);
  if (fd < 0)
    return -1;
  size_t off = 0;
  while (off < size) {
    ssize_t w = write(fd, data + off, size - off);
    if (w <= 0)
      break;
    off += (size_t)w;
  }
  close(fd);
  if (off == size)
    return 0;
  unlink(path);
  return -1;
}

/* A new empty directory under /tmp; its name in dir (cap >= 32).  0 on success. */
static inline int fuzz_temp_dir(char *dir, size_t cap)
{
  snprintf(dir, cap, "/tmp/vet_fuzz_XXXXXX");
  return mkdtemp(dir) ? 0 : -1;
}

/* Remove the files named in names[0..n) from dir (those that exist), then dir. */
static inline void fuzz_remove_dir(const char *dir, const char *const *names, size_t n)
{
  for (size_t i = 0; i < n; i++) {
    char p[512];
    snprintf(p, sizeof p, "%s/%s", dir, names[i]);
    unlink(p);
  }
  rmdir(dir);
}

/* The real country table (VET_DATA_DIR "/country"), loaded on the first
 * call and kept for the process; NULL when it does not load (countries
 * then stay unresolved). */
static inline const struct vet_countries *fuzz_countries(void)
{
  static struct vet_countries *countries;
  static int tried;
  if (!tried) {
    tried = 1;
    countries = vet_countries_load(VET_DATA_DIR "/country", NULL);
  }
  return countries;
}

/* Load path (a file or directory) in format as list "fuzz" into a fresh
 * set with countries (NULL allowed), freeze it when the load succeeds,
 * and free it. */
static inline void fuzz_load(const char *format, const char *path, const struct vet_countries *countries)
{
  struct vet_listset *ls = vet_listset_new(countries);
  if (!ls)
    return;
  struct vet_list meta = {.name = VET_LIT("fuzz")};
  struct vet_error e = {0};
  if (vet_lists_load(ls, format, path, &meta, &e) == VET_OK)
    (void)vet_listset_freeze(ls, &e);
  vet_listset_free(ls);
}

/* The fuzz bytes as one temporary file, loaded in format (fuzz_load) and removed. */
static inline void fuzz_load_bytes(const char *format, const uint8_t *data, size_t size,
                                   const struct vet_countries *countries)
{
  char path[64];
  if (fuzz_temp_file(path, sizeof path, data, size) != 0)
    return;
  fuzz_load(format, path, countries);
  unlink(path);
}

#endif
