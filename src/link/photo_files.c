/* link/photo_files.c - profile photos given as image files
 * (link/link_int.h): which "photo" values are local files (a URL is never
 * fetched), where they are (relative names under link.photo_dir), and
 * their perceptual hashes (vet_phash_file), each distinct file read once,
 * on several threads when asked.  A file that cannot be hashed is counted
 * and described, never fatal.
 * Owns: the results it returns (link_photo_files_release).
 * Thread-safety: one call at a time per result; its workers read the
 * population and write only their own file's slot. */
#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>

#include "core/common.h"
#include "link/link_int.h"
#include "vetter/phash.h"

/* Longest path of a photo file, link.photo_dir included (PATH_MAX on
 * Linux); a longer one is refused without being opened. */
#define PHOTO_PATH_MAX 4096
/* Characters of a refused value quoted in its message. */
#define QUOTE_MAX 80

/* A subject's photo file: its resolved path (in the call's arena). */
struct entry {
  const char *path;
  uint32_t subject;
};

/* One distinct file: the first (lowest) subject naming it, and what
 * hashing it gave. */
struct file {
  const char *path;
  uint32_t first;
  vet_err rc;
  uint64_t hash;
  char *msg; /* malloc'd when rc != VET_OK (NULL when even that failed) */
};

/* A message about a subject's photo, before the first few are kept. */
struct problem {
  uint32_t subject;
  char *msg; /* malloc'd */
};

/* A scheme and "://" ("https://", "s3://", "file://"), or "data:": never
 * read, whatever it names. */
static bool is_url(vet_str v)
{
  if (v.len >= 5 && vet_str_ieq_c(vet_str_sub(v, 0, 5), "data:"))
    return true;
  if (!v.len || !vet_is_ascii_alpha((unsigned char)v.ptr[0]))
    return false;
  size_t i = 1;
  while (i < v.len && (vet_is_alnum((unsigned char)v.ptr[i]) || v.ptr[i] == '+' || v.ptr[i] == '.' || v.ptr[i] == '-'))
    i++;
  return v.len - i >= 3 && !memcmp(v.ptr + i, "://", 3);
}

/* The path of photo value v (trimmed, not a URL) into buf: absolute as
 * it is, relative under dir when dir is set.  "-" alone becomes "./-"
 * (vet_file_read would take "-" for the standard input).  NULL with a
 * reason in why when v cannot name a file. */
static const char *resolve(vet_str v, const char *dir, char *buf, size_t cap, char *why, size_t wcap)
{
  int q = (int)VET_MIN(v.len, (size_t)QUOTE_MAX);
  if (memchr(v.ptr, 0, v.len)) {
    snprintf(why, wcap, "photo '%.*s': the file name holds a NUL byte", q, v.ptr);
    return NULL;
  }
  bool rel = v.ptr[0] != '/';
  size_t dl = rel ? strlen(dir) : 0;
  const char *sep = dl && dir[dl - 1] != '/' ? "/" : "";
  const char *pre = rel && !dl && v.len == 1 && v.ptr[0] == '-' ? "./" : "";
  int n = snprintf(buf, cap, "%s%s%s%.*s", rel ? dir : "", sep, pre, (int)VET_MIN(v.len, cap), v.ptr);
  if (n < 0 || (size_t)n >= cap || v.len >= cap) {
    snprintf(why, wcap, "photo '%.*s%s': path longer than %d bytes", q, v.ptr, v.len > (size_t)q ? "..." : "",
             PHOTO_PATH_MAX - 1);
    return NULL;
  }
  return buf;
}

/* A malloc'd copy of a message; NULL when out of memory. */
static char *copy_msg(const char *m)
{
  size_t n = strlen(m) + 1;
  char *c = malloc(n);
  if (c)
    memcpy(c, m, n);
  return c;
}

/* Why stat failed, in words (strerror is not thread-safe everywhere). */
static const char *stat_reason(int err)
{
  switch (err) {
  case ENOENT: return "no such file";
  case EACCES: return "permission denied";
  case ENOTDIR: return "a part of the path is not a directory";
  case ENAMETOOLONG: return "name too long";
  case ELOOP: return "too many symbolic links";
  default: return "cannot read its details";
  }
}

/* Hash file k (a vet_parallel_for body): only regular files are opened,
 * so a FIFO or a device named as a photo cannot block or stream. */
static void hash_one(void *ctx, uint32_t worker, size_t k)
{
  (void)worker;
  struct file *f = (struct file *)ctx + k;
  struct vet_error e = {0};
  struct stat st;
  if (stat(f->path, &st) != 0) {
    f->rc = vet_fail(&e, VET_EIO, "photo '%s': cannot open (%s)", f->path, stat_reason(errno));
  } else if (!S_ISREG(st.st_mode)) {
    f->rc = vet_fail(&e, VET_EIO, "photo '%s': not a regular file", f->path);
  } else if ((uint64_t)st.st_size > VET_PHASH_MAX_FILE_BYTES) {
    f->rc = vet_fail(&e, VET_ELIMIT, "photo '%s': larger than the limit of %u bytes", f->path,
                     VET_PHASH_MAX_FILE_BYTES);
  } else {
    f->rc = vet_phash_file(f->path, &f->hash, &e);
  }
  if (f->rc)
    f->msg = copy_msg(e.msg);
}

static int entry_cmp(const void *a, const void *b)
{
  const struct entry *x = a, *y = b;
  int c = strcmp(x->path, y->path);
  return c ? c : (x->subject > y->subject) - (x->subject < y->subject);
}

static int problem_cmp(const void *a, const void *b)
{
  const struct problem *x = a, *y = b;
  return (x->subject > y->subject) - (x->subject < y->subject);
}

static int photo_cmp(const void *a, const void *b)
{
  const struct link_photo *x = a, *y = b;
  return (x->subject > y->subject) - (x->subject < y->subject);
}

/* Grow *v (elements of size sz) to hold one more than *n; false when out
 * of memory. */
static bool grow(void **v, size_t *cap, size_t n, size_t sz)
{
  if (n < *cap)
    return true;
  size_t c = *cap ? *cap * 2 : 256;
  void *g = realloc(*v, c * sz);
  if (!g)
    return false;
  *v = g;
  *cap = c;
  return true;
}

/* "subject 'id': msg" into out, control characters shown as '?' (the
 * file name comes from the input and is printed on a terminal). */
static char *describe(const struct vet_population *pop, const struct problem *p)
{
  vet_str id = pop->subjects[p->subject].id;
  const char *m = p->msg ? p->msg : "photo: could not be hashed (out of memory)";
  size_t cap = id.len + strlen(m) + 16;
  char *out = malloc(cap);
  if (!out)
    return NULL;
  snprintf(out, cap, "subject '%.*s': %s", (int)id.len, id.ptr, m);
  for (char *c = out; *c; c++)
    if ((unsigned char)*c < 0x20 || *c == 0x7f)
      *c = '?';
  return out;
}

vet_err link_photo_files(const struct vet_population *pop, const char *dir, uint32_t threads,
                         struct link_photo_files *out)
{
  memset(out, 0, sizeof *out);
  struct vet_arena a;
  vet_arena_init(&a, 64 * 1024);
  struct entry *ent = NULL;
  struct file *files = NULL;
  struct problem *prob = NULL;
  size_t n_ent = 0, cap_ent = 0, n_files = 0, n_prob = 0, cap_prob = 0;
  vet_err rc = VET_OK;
  char buf[PHOTO_PATH_MAX], why[PHOTO_PATH_MAX + 64];
  /* which subjects name a file, and where it is */
  for (uint32_t i = 0; i < pop->n_subjects && !rc; i++) {
    const struct vet_subject *s = &pop->subjects[i];
    vet_str v = vet_str_trim(s->photo);
    if (s->photo_phash.len || !v.len)
      continue;
    if (is_url(v)) {
      out->skipped_url++;
      continue;
    }
    const char *path = resolve(v, dir, buf, sizeof buf, why, sizeof why);
    if (!path) { /* refused unread: a failed file of its own */
      out->failed++;
      out->files_failed++;
      if (!grow((void **)&prob, &cap_prob, n_prob, sizeof *prob) || !(prob[n_prob].msg = copy_msg(why)))
        rc = VET_ENOMEM;
      else
        prob[n_prob++].subject = i;
      continue;
    }
    vet_str p = vet_arena_strdup(&a, vet_str_c(path));
    if (!p.ptr || !grow((void **)&ent, &cap_ent, n_ent, sizeof *ent))
      rc = VET_ENOMEM;
    else
      ent[n_ent++] = (struct entry){p.ptr, i};
  }
  /* one file per distinct path, its first subject foremost */
  if (!rc && n_ent) {
    qsort(ent, n_ent, sizeof *ent, entry_cmp);
    files = calloc(n_ent, sizeof *files);
    if (!files)
      rc = VET_ENOMEM;
    for (size_t k = 0; k < n_ent && !rc; k++)
      if (!n_files || strcmp(files[n_files - 1].path, ent[k].path) != 0)
        files[n_files++] = (struct file){.path = ent[k].path, .first = ent[k].subject};
  }
  if (!rc && n_files) {
    vet_parallel_for(threads, n_files, hash_one, files);
    out->files = n_files;
    out->ok = malloc(n_ent * sizeof *out->ok);
    if (!out->ok)
      rc = VET_ENOMEM;
  }
  /* per subject: its file's hash, or one more failure */
  for (size_t k = 0, f = 0; k < n_ent && !rc; k++) {
    while (strcmp(files[f].path, ent[k].path) != 0)
      f++;
    if (files[f].rc == VET_OK) {
      out->ok[out->n_ok++] = (struct link_photo){ent[k].subject, files[f].hash};
      out->hashed++;
    } else {
      out->failed++;
    }
  }
  for (size_t f = 0; f < n_files && !rc; f++) {
    if (files[f].rc == VET_OK)
      continue;
    out->files_failed++;
    if (!grow((void **)&prob, &cap_prob, n_prob, sizeof *prob)) {
      rc = VET_ENOMEM;
    } else {
      prob[n_prob++] = (struct problem){files[f].first, files[f].msg};
      files[f].msg = NULL; /* prob owns it now */
    }
  }
  if (!rc && out->n_ok)
    qsort(out->ok, out->n_ok, sizeof *out->ok, photo_cmp);
  /* the first few messages, by subject */
  if (!rc && n_prob)
    qsort(prob, n_prob, sizeof *prob, problem_cmp);
  for (size_t k = 0; k < n_prob && !rc && out->n_problems < VET_LINKS_MAX_PROBLEMS; k++)
    if (!(out->problems[out->n_problems++] = describe(pop, &prob[k])))
      rc = VET_ENOMEM;
  for (size_t k = 0; k < n_prob; k++)
    free(prob[k].msg);
  for (size_t f = 0; f < n_files; f++)
    free(files[f].msg);
  free(prob);
  free(files);
  free(ent);
  vet_arena_release(&a);
  if (rc)
    link_photo_files_release(out);
  return rc;
}

void link_photo_files_release(struct link_photo_files *pf)
{
  free(pf->ok);
  for (uint32_t k = 0; k < pf->n_problems; k++)
    free(pf->problems[k]);
  memset(pf, 0, sizeof *pf);
}
