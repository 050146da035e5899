/* core/ctx.c - vet_ctx: the loaded engine (config, countries, lists,
 * index) behind the public API. */
#define _DEFAULT_SOURCE /* realpath */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unicode/uversion.h>
#include <unistd.h>
#include <utf8proc.h>

#include "core/common.h"
#include "io/file.h"
#include "vetter/lists.h"
#include "vetter/vetter.h"

struct vet_ctx {
  struct vet_config cfg;
  char data_dir[4096];
  struct vet_countries *countries;
  struct vet_listset *ls;
  struct vet_index *ix;
  unsigned threads; /* for loading lists (vet_ctx_set_threads) */
  bool from_snapshot; /* the lists were read from their compiled snapshot */
};

double vet_now(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

unsigned vet_threads(unsigned requested)
{
  if (requested)
    return requested;
  long nc = sysconf(_SC_NPROCESSORS_ONLN);
  return nc > 0 ? (unsigned)VET_MIN(nc, (long)UINT_MAX) : 1;
}

const char *vet_data_dir(const char *explicit_dir)
{
  if (explicit_dir && *explicit_dir)
    return explicit_dir;
  const char *env = getenv("VETTER_DATA");
  if (env && *env)
    return env;
  return VET_DATA_DIR;
}

struct vet_ctx *vet_ctx_new(const struct vet_config *cfg, const char *data_dir, struct vet_error *e)
{
  struct vet_ctx *ctx = calloc(1, sizeof *ctx);
  if (!ctx) {
    vet_fail(e, VET_ENOMEM, "out of memory");
    return NULL;
  }
  ctx->cfg = *cfg;
  ctx->threads = 1;
  const char *dd = vet_data_dir(data_dir);
  if (strlen(dd) >= sizeof ctx->data_dir) {
    vet_fail(e, VET_ELIMIT, "data directory path too long");
    free(ctx);
    return NULL;
  }
  memcpy(ctx->data_dir, dd, strlen(dd) + 1);
  char path[4200];
  snprintf(path, sizeof path, "%s/country", ctx->data_dir);
  ctx->countries = vet_countries_load(path, e);
  if (!ctx->countries) {
    vet_error_prefix(e, "data directory '%s'", ctx->data_dir);
    free(ctx);
    return NULL;
  }
  return ctx;
}

void vet_ctx_free(struct vet_ctx *ctx)
{
  if (!ctx)
    return;
  vet_index_free(ctx->ix);
  vet_listset_free(ctx->ls);
  vet_countries_free(ctx->countries);
  free(ctx);
}

static void *warm_thread(void *arg)
{
  (void)arg;
  vet_translit_warm();
  return NULL;
}

bool vet_cache_dir(char *buf, size_t cap)
{
  const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
  if (xdg && *xdg)
    return !vet_path_fmt(buf, cap, "%s/vetter", xdg);
  return home && *home && !vet_path_fmt(buf, cap, "%s/.cache/vetter", home);
}

/* mkdir -p, quietly: the snapshot is written only if it can be. */
static bool make_dirs(char *path)
{
  for (char *p = path + 1;; p++) {
    if (*p != '/' && *p)
      continue;
    char c = *p;
    *p = '\0';
    bool ok = !mkdir(path, 0755) || errno == EEXIST;
    *p = c;
    if (!ok)
      return false;
    if (!c)
      return true;
  }
}

/* Where the snapshot of the lists of dir (its real path; selection only)
 * goes, into out; false when snapshots are off or there is no cache
 * directory. */
static bool snapshot_path(const char *dir, const char *only, char *out, size_t cap)
{
  char base[4096];
  const char *env = getenv("VETTER_CACHE_DIR");
  if (env && *env) {
    if (!strcmp(env, "off") || vet_path_fmt(base, sizeof base, "%s", env))
      return false;
  } else if (!vet_cache_dir(base, sizeof base)) {
    return false;
  }
  uint64_t h = vet_hash(dir, strlen(dir), 0);
  if (only)
    h = vet_hash(only, strlen(only) + 1, h);
  return make_dirs(base) && !vet_path_fmt(out, cap, "%s/lists-%016llx.snap", base, (unsigned long long)h);
}

/* What the lists of dir (its real path) are loaded and indexed from, as
 * a snapshot's recipe (match/snapshot.c): the files read, the country
 * table that resolves their countries, the settings the index is built
 * with, and the versions of the libraries that normalize names. */
static vet_err lists_recipe(const struct vet_ctx *ctx, const char *dir, const char *only, struct vet_buf *r)
{
  char icu[U_MAX_VERSION_STRING_LENGTH];
  UVersionInfo iv;
  u_getVersion(iv);
  u_versionToString(iv, icu);
  vet_err rc = vet_buf_appendf(r, "vetter %s list snapshot\nlists %s\nonly %s\nicu %s\nutf8proc %s\n",
                               VET_VERSION, dir, only ? only : "(enabled)", icu,
                               utf8proc_version());
  const char *name, *doc;
  char v[160];
  for (size_t i = 0; !rc && vet_config_item(&ctx->cfg, i, &name, v, sizeof v, &doc); i++)
    if (!strncmp(name, "match.", 6))
      rc = vet_buf_appendf(r, "%s = %s\n", name, v);
  char path[4200];
  if (!rc)
    rc = vet_lists_stamp(dir, r);
  if (!rc)
    rc = vet_path_join(path, sizeof path, ctx->data_dir, "country") ? VET_ELIMIT : vet_path_stamp(r, path);
  return rc;
}

/* ls and ix (over it) in place of the context's lists. */
static void install(struct vet_ctx *ctx, struct vet_listset *ls, struct vet_index *ix, bool from_snapshot)
{
  vet_index_free(ctx->ix);
  vet_listset_free(ctx->ls);
  ctx->ls = ls;
  ctx->ix = ix;
  ctx->from_snapshot = from_snapshot;
}

vet_err vet_ctx_load_lists(struct vet_ctx *ctx, const char *lists_dir, const char *only, double *load_s,
                           double *index_s, struct vet_error *e)
{
  char dir[4200];
  if (lists_dir)
    vet_cstr_copy(dir, sizeof dir, lists_dir);
  else
    snprintf(dir, sizeof dir, "%s/lists", ctx->data_dir);
  double t0 = vet_now();
  /* the snapshot when there is one of these lists as they are now; the
   * recipe is taken before loading, so that a list changed meanwhile is
   * loaded again next time */
  char snap[4200];
  struct vet_buf recipe;
  vet_buf_init(&recipe, (size_t)1 << 24);
  char real[PATH_MAX];
  const char *rdir = realpath(dir, real) ? real : dir;
  bool snapping = snapshot_path(rdir, only, snap, sizeof snap) && !lists_recipe(ctx, rdir, only, &recipe);
  struct vet_listset *sls;
  struct vet_index *six;
  if (snapping &&
      !vet_snapshot_load(snap, vet_buf_str(&recipe), ctx->countries, &ctx->cfg.match, &sls, &six, NULL)) {
    vet_buf_release(&recipe);
    install(ctx, sls, six, true);
    if (load_s)
      *load_s = vet_now() - t0;
    if (index_s)
      *index_s = 0;
    return VET_OK;
  }
  struct vet_listset *ls = vet_listset_new(ctx->countries);
  if (!ls) {
    vet_buf_release(&recipe);
    return vet_fail(e, VET_ENOMEM, "out of memory");
  }
  /* with cores to spare, ICU compiles its transliteration rules while the
   * lists load, instead of on the index build's critical path */
  pthread_t warm;
  bool warming = vet_threads(ctx->threads) > 1 && pthread_create(&warm, NULL, warm_thread, NULL) == 0;
  vet_err rc = vet_lists_load_dir_threads(ls, dir, only, ctx->threads, e);
  if (!rc)
    rc = vet_listset_freeze(ls, e);
  if (warming)
    pthread_join(warm, NULL);
  if (rc) {
    vet_buf_release(&recipe);
    vet_listset_free(ls);
    return rc;
  }
  double t1 = vet_now();
  struct vet_index *ix = vet_index_build_threads(ls, &ctx->cfg.match, ctx->threads, e);
  if (!ix) {
    vet_buf_release(&recipe);
    vet_listset_free(ls);
    return e ? e->code : VET_ENOMEM;
  }
  double t2 = vet_now();
  if (snapping)
    (void)vet_snapshot_save(snap, vet_buf_str(&recipe), ls, ix, NULL); /* next time, if it can be written */
  vet_buf_release(&recipe);
  install(ctx, ls, ix, false);
  if (load_s)
    *load_s = t1 - t0;
  if (index_s)
    *index_s = t2 - t1;
  return VET_OK;
}

void vet_ctx_set_threads(struct vet_ctx *ctx, unsigned threads) { ctx->threads = threads; }

const struct vet_config *vet_ctx_config(const struct vet_ctx *ctx) { return &ctx->cfg; }
const struct vet_countries *vet_ctx_countries(const struct vet_ctx *ctx) { return ctx->countries; }
const struct vet_listset *vet_ctx_lists(const struct vet_ctx *ctx) { return ctx->ls; }
const struct vet_index *vet_ctx_index(const struct vet_ctx *ctx) { return ctx->ix; }
bool vet_ctx_lists_from_snapshot(const struct vet_ctx *ctx) { return ctx->from_snapshot; }
const char *vet_ctx_data_dir(const struct vet_ctx *ctx) { return ctx->data_dir; }
