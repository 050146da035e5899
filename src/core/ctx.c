/* core/ctx.c - vet_ctx: the loaded engine (config, countries, lists,
 * index) behind the public API. */
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "core/common.h"
#include "io/file.h"
#include "vetter/vetter.h"

struct vet_ctx {
  struct vet_config cfg;
  char data_dir[4096];
  struct vet_countries *countries;
  struct vet_listset *ls;
  struct vet_index *ix;
  unsigned threads; /* for loading lists (vet_ctx_set_threads) */
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

vet_err vet_ctx_load_lists(struct vet_ctx *ctx, const char *lists_dir, const char *only, double *load_s,
                           double *index_s, struct vet_error *e)
{
  char dir[4200];
  if (lists_dir)
    vet_cstr_copy(dir, sizeof dir, lists_dir);
  else
    snprintf(dir, sizeof dir, "%s/lists", ctx->data_dir);
  double t0 = vet_now();
  struct vet_listset *ls = vet_listset_new(ctx->countries);
  if (!ls)
    return vet_fail(e, VET_ENOMEM, "out of memory");
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
    vet_listset_free(ls);
    return rc;
  }
  double t1 = vet_now();
  struct vet_index *ix = vet_index_build_threads(ls, &ctx->cfg.match, ctx->threads, e);
  if (!ix) {
    vet_listset_free(ls);
    return e ? e->code : VET_ENOMEM;
  }
  double t2 = vet_now();
  vet_index_free(ctx->ix);
  vet_listset_free(ctx->ls);
  ctx->ls = ls;
  ctx->ix = ix;
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
const char *vet_ctx_data_dir(const struct vet_ctx *ctx) { return ctx->data_dir; }
