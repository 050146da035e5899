/* lists/formats.c - the table of list formats, loading one list, and the
 * manifest (lists.json) that names the bundled lists and their provenance. */
#include <jansson.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

#include "io/file.h"
#include "io/xml.h"
#include "lists/loaders.h"
#include "vetter/lists.h"
#include "vetter/vetter.h"

/* Most threads vet_lists_load_dir_threads starts. */
#define LOAD_MAX_THREADS 16

static const struct vet_list_format formats[] = {
    {"ofac_csv", "OFAC legacy CSV set (sdn.csv, add.csv, alt.csv, sdn_comments.csv; or cons_*.csv)", vet_load_ofac_csv},
    {"ofac_xml", "OFAC ENHANCED XML (SDN_ENHANCED.XML, CONS_ENHANCED.XML)", vet_load_ofac_xml},
    {"un_xml", "UN Security Council consolidated list XML", vet_load_un_xml},
    {"uk_csv", "UK OFSI Consolidated List (ConList) CSV", vet_load_uk_csv},
    {"csl_csv", "US Consolidated Screening List CSV (trade.gov)", vet_load_csl_csv},
    {"ftm_json", "FollowTheMoney JSON lines (OpenSanctions entities.ftm.json)", vet_load_ftm_json},
};

const struct vet_list_format *vet_list_format_find(const char *name)
{
  for (size_t i = 0; i < VET_COUNTOF(formats); i++)
    if (strcmp(formats[i].name, name) == 0)
      return &formats[i];
  return NULL;
}

const struct vet_list_format *const *vet_list_formats(void)
{
  static const struct vet_list_format *all[VET_COUNTOF(formats) + 1];
  for (size_t i = 0; i < VET_COUNTOF(formats); i++)
    all[i] = &formats[i];
  return all;
}

vet_err vet_listset_set_date(struct vet_listset *ls, uint32_t list, vet_str date)
{
  if (list >= ls->n_lists)
    return VET_EINVAL;
  vet_str d = vet_arena_strdup(&ls->arena, vet_str_trim(date));
  if (!d.ptr)
    return VET_ENOMEM;
  ls->lists[list].date = d;
  return VET_OK;
}

vet_err vet_lists_load(struct vet_listset *ls, const char *format, const char *path, const struct vet_list *meta,
                       struct vet_error *e)
{
  const struct vet_list_format *f = vet_list_format_find(format);
  if (!f)
    return vet_fail(e, VET_EINVAL, "unknown list format '%s'", format);
  struct vet_list m = *meta;
  m.format = vet_str_c(format);
  m.path = vet_str_c(path);
  int idx = vet_listset_add_list(ls, &m);
  if (idx < 0)
    return vet_fail(e, VET_ENOMEM, "out of memory adding list '%.*s'", VET_STR_FMT(meta->name));
  vet_err rc = f->load(ls, (uint32_t)idx, path, e);
  if (rc)
    vet_error_prefix(e, "list '%.*s'", VET_STR_FMT(meta->name));
  return rc;
}


static vet_str jstr(json_t *o, const char *key)
{
  json_t *v = json_object_get(o, key);
  if (!json_is_string(v))
    return VET_LIT("");
  return (vet_str){json_string_value(v), json_string_length(v)};
}

vet_err vet_lists_check_names(json_t *manifest, const char *only, const char *path, struct vet_error *e)
{
  size_t pos = 0;
  vet_str want;
  while (vet_names_next(only, &pos, &want)) {
    bool found = false;
    size_t i;
    json_t *it;
    json_array_foreach(json_object_get(manifest, "lists"), i, it)
    {
      json_t *n = json_object_get(it, "name");
      found |= json_is_string(n) && vet_str_eq((vet_str){json_string_value(n), json_string_length(n)}, want);
    }
    if (!found)
      return vet_fail(e, VET_ENOTFOUND, "no list named '%.*s' in %s", VET_STR_FMT(want), path);
  }
  return VET_OK;
}

/* One list of the manifest to load. */
struct load_job {
  const char *format;
  char path[4096];
  struct vet_list meta;     /* strings borrowed from the manifest */
  struct vet_listset *set;  /* its own set (threads > 1), else NULL: straight into ls */
  vet_err rc;
  struct vet_error err;
};

struct load_pool {
  struct load_job *jobs;
  size_t n;
  atomic_size_t next;
};

static void *load_worker(void *arg)
{
  struct load_pool *p = arg;
  for (;;) {
    size_t k = atomic_fetch_add(&p->next, 1);
    if (k >= p->n)
      return NULL;
    struct load_job *j = &p->jobs[k];
    vet_error_clear(&j->err);
    j->rc = vet_lists_load(j->set, j->format, j->path, &j->meta, &j->err);
  }
}

/* Run the jobs on nt threads (the caller's among them), each list into
 * its own set; every job ends with its rc set. */
static void load_parallel(struct load_job *jobs, size_t n, unsigned nt)
{
  struct load_pool pool = {.jobs = jobs, .n = n};
  atomic_init(&pool.next, 0);
  vet_xml_init(); /* once, before readers open on several threads */
  pthread_t th[LOAD_MAX_THREADS];
  unsigned started = 0;
  for (unsigned t = 1; t < nt; t++)
    if (pthread_create(&th[started], NULL, load_worker, &pool) == 0)
      started++;
  load_worker(&pool);
  for (unsigned t = 0; t < started; t++)
    pthread_join(th[t], NULL);
}

vet_err vet_lists_stamp(const char *dir, struct vet_buf *out)
{
  char path[4096];
  if (vet_path_join(path, sizeof path, dir, "lists.json"))
    return VET_ELIMIT;
  vet_err rc = vet_path_stamp(out, path);
  json_t *root = rc ? NULL : json_load_file(path, JSON_REJECT_DUPLICATES, NULL);
  size_t i;
  json_t *it;
  json_array_foreach(json_object_get(root, "lists"), i, it)
  {
    vet_str rel = jstr(it, "path");
    char sub[4096];
    if (rel.len && !rc)
      rc = vet_path_join(sub, sizeof sub, dir, rel.ptr) ? VET_ELIMIT : vet_path_stamp(out, sub);
  }
  json_decref(root);
  return rc;
}

vet_err vet_lists_load_dir(struct vet_listset *ls, const char *dir, const char *only, struct vet_error *e)
{
  return vet_lists_load_dir_threads(ls, dir, only, 1, e);
}

vet_err vet_lists_load_dir_threads(struct vet_listset *ls, const char *dir, const char *only, unsigned threads,
                                   struct vet_error *e)
{
  char path[4096];
  if (vet_path_join(path, sizeof path, dir, "lists.json"))
    return vet_fail(e, VET_ELIMIT, "lists directory path too long");
  json_error_t je;
  json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
  if (!root)
    return vet_fail(e, VET_EPARSE, "%s:%d: %s", path, je.line, je.text);
  json_t *arr = json_object_get(root, "lists");
  struct load_job *jobs = NULL;
  size_t n = 0;
  vet_err rc = VET_OK;
  /* a manifest error stops the lists after it, not those before: they
   * load first, and their own error comes first */
  vet_err manifest_rc = VET_OK;
  struct vet_error manifest_err;
  vet_error_clear(&manifest_err);
  if (!json_is_array(arr)) {
    rc = vet_fail(e, VET_EPARSE, "%s: field 'lists': expected an array", path);
    goto done;
  }
  if ((rc = vet_lists_check_names(root, only, path, e))) /* before loading anything */
    goto done;
  jobs = calloc(json_array_size(arr) + 1, sizeof *jobs);
  if (!jobs) {
    rc = vet_fail(e, VET_ENOMEM, "out of memory");
    goto done;
  }
  size_t i;
  json_t *it;
  json_array_foreach(arr, i, it)
  {
    vet_str name = jstr(it, "name"), format = jstr(it, "format"), rel = jstr(it, "path");
    if (!name.len || !format.len || !rel.len) {
      manifest_rc =
          vet_fail(&manifest_err, VET_EPARSE, "%s: lists[%zu]: 'name', 'format' and 'path' are required", path, i);
      break;
    }
    if (only && *only && !vet_names_has(only, name))
      continue;
    if ((!only || !*only) && json_is_false(json_object_get(it, "enabled")))
      continue; /* off by default; loaded when named */
    struct load_job *j = &jobs[n];
    if (vet_path_join(j->path, sizeof j->path, dir, rel.ptr)) {
      manifest_rc = vet_fail(&manifest_err, VET_ELIMIT, "%s: lists[%zu]: path too long", path, i);
      break;
    }
    j->format = format.ptr;
    j->meta = (struct vet_list){
        .name = name,
        .title = jstr(it, "title"),
        .date = jstr(it, "date"),
        .publisher = jstr(it, "publisher"),
        .licence = jstr(it, "licence"),
        .url = jstr(it, "homepage"),
    };
    n++;
  }
  unsigned nt = vet_threads(threads);
  nt = (unsigned)VET_MIN((size_t)VET_MIN(nt, LOAD_MAX_THREADS), n);
  if (nt <= 1) { /* one after the other, straight into ls */
    for (size_t k = 0; k < n && !rc; k++)
      rc = vet_lists_load(ls, jobs[k].format, jobs[k].path, &jobs[k].meta, e);
  } else {
    for (size_t k = 0; k < n; k++)
      if (!(jobs[k].set = vet_listset_new(ls->countries)))
        rc = vet_fail(e, VET_ENOMEM, "out of memory");
    if (!rc)
      load_parallel(jobs, n, nt);
    /* in the manifest's order, up to the first that failed (which the
     * serial load leaves in ls as far as it read) */
    for (size_t k = 0; k < n && !rc; k++) {
      vet_err ar = vet_listset_absorb(ls, jobs[k].set);
      if (jobs[k].rc) {
        if (e)
          *e = jobs[k].err;
        rc = jobs[k].rc;
      } else if ((rc = ar)) {
        vet_fail(e, rc, "out of memory adding list '%.*s'", VET_STR_FMT(jobs[k].meta.name));
      }
    }
    for (size_t k = 0; k < n; k++)
      vet_listset_free(jobs[k].set);
  }
  if (!rc && manifest_rc) {
    if (e)
      *e = manifest_err;
    rc = manifest_rc;
  }
done:
  free(jobs);
  json_decref(root);
  return rc;
}
