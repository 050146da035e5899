/* lists/update.c - `vetter lists update`: download each list's files from
 * the URLs in lists.json into a fresh directory beside the current one,
 * validate them by loading them with the list's own loader, and swap the
 * directories with one atomic rename.  A failed download, a file that
 * does not parse, or a list that lost too many entities leaves the old
 * files in place. */
#define _GNU_SOURCE /* renameat2 */
#include <curl/curl.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/common.h"
#include "io/file.h"
#include "vetter/date.h"
#include "lists/loaders.h"
#include "vetter/lists.h"

static void rm_tree(const char *dir)
{
  DIR *d = opendir(dir);
  if (!d)
    return;
  struct dirent *de;
  while ((de = readdir(d))) {
    if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
      continue;
    char p[4600];
    if (vet_path_fmt(p, sizeof p, "%s/%s", dir, de->d_name))
      continue;
    if (vet_path_is_dir(p))
      rm_tree(p);
    else
      unlink(p);
  }
  closedir(d);
  rmdir(dir);
}

static vet_err download(const char *url, const char *dest, long timeout_s, struct vet_error *e)
{
  FILE *f = fopen(dest, "wb");
  if (!f)
    return vet_fail(e, VET_EIO, "cannot create '%s': %s", dest, strerror(errno));
  CURL *c = curl_easy_init();
  if (!c) {
    fclose(f);
    return vet_fail(e, VET_ENOMEM, "cannot start a download");
  }
  char errbuf[CURL_ERROR_SIZE] = "";
  curl_easy_setopt(c, CURLOPT_URL, url);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, f);
  curl_easy_setopt(c, CURLOPT_FAILONERROR, 1L);
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, timeout_s);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 30L);
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https,file");
  curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_USERAGENT, "vetter-lists-update/0.1");
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
  CURLcode rc = curl_easy_perform(c);
  curl_easy_cleanup(c);
  bool werr = fflush(f) != 0 || fsync(fileno(f)) != 0;
  werr |= fclose(f) != 0;
  if (rc != CURLE_OK)
    return vet_fail(e, VET_EIO, "download of '%s' failed: %s", url, errbuf[0] ? errbuf : curl_easy_strerror(rc));
  if (werr)
    return vet_fail(e, VET_EIO, "cannot write '%s'", dest);
  return VET_OK;
}


/* Load one list from path into a fresh set; entity count in *n, date in date[]. */
static vet_err validate(const char *format, const char *path, const char *name,
                        const struct vet_countries *countries, uint32_t *n, char *date, size_t cap,
                        struct vet_error *e)
{
  struct vet_listset *ls = vet_listset_new(countries);
  if (!ls)
    return vet_fail(e, VET_ENOMEM, "out of memory");
  const struct vet_list_format *f = vet_list_format_find(format);
  struct vet_list meta = {.name = vet_str_c(name), .format = vet_str_c(format), .path = vet_str_c(path)};
  int idx = f ? vet_listset_add_list(ls, &meta) : -1;
  vet_err rc = !f ? vet_fail(e, VET_EINVAL, "unknown list format '%s'", format)
               : idx < 0 ? vet_fail(e, VET_ENOMEM, "out of memory")
                         : f->load(ls, (uint32_t)idx, path, e);
  if (!rc)
    rc = vet_listset_freeze(ls, e);
  if (!rc) {
    *n = ls->lists[0].n_entities;
    snprintf(date, cap, "%.*s", VET_STR_FMT(ls->lists[0].date));
  }
  vet_listset_free(ls);
  return rc;
}

/* Replace lists.json atomically (write a temporary file, fsync, rename). */
static vet_err write_manifest(const char *path, json_t *root, struct vet_error *e)
{
  char tmp[4400];
  if (vet_path_fmt(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid()))
    return vet_fail(e, VET_ELIMIT, "path too long");
  if (json_dump_file(root, tmp, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0)
    return vet_fail(e, VET_EIO, "cannot write '%s'", tmp);
  int fd = open(tmp, O_RDONLY);
  if (fd >= 0) {
    fsync(fd);
    close(fd);
  }
  if (rename(tmp, path) != 0) {
    unlink(tmp);
    return vet_fail(e, VET_EIO, "cannot replace '%s': %s", path, strerror(errno));
  }
  return VET_OK;
}

/* Remove what an interrupted update of this list left behind. */
static void clean_leftovers(const char *dir, const char *top)
{
  DIR *d = opendir(dir);
  if (!d)
    return;
  char pre_new[300], pre_old[300];
  if (vet_path_fmt(pre_new, sizeof pre_new, ".%s.new.", top) || vet_path_fmt(pre_old, sizeof pre_old, ".%s.old.", top)) {
    closedir(d);
    return;
  }
  struct dirent *de;
  while ((de = readdir(d))) {
    if (strncmp(de->d_name, pre_new, strlen(pre_new)) && strncmp(de->d_name, pre_old, strlen(pre_old)))
      continue;
    char p[4600];
    if (!vet_path_fmt(p, sizeof p, "%s/%s", dir, de->d_name))
      rm_tree(p);
  }
  closedir(d);
}

static vet_err update_one(const struct vet_lists_update_opts *o, const struct vet_countries *countries, json_t *it,
                          bool *changed, struct vet_error *e)
{
  const char *name = json_string_value(json_object_get(it, "name"));
  const char *format = json_string_value(json_object_get(it, "format"));
  const char *rel = json_string_value(json_object_get(it, "path"));
  json_t *files = json_object_get(it, "files");
  if (!name || !format || !rel || !json_is_array(files) || !json_array_size(files))
    return vet_fail(e, VET_EPARSE, "list '%s': no 'files' with download URLs in lists.json", name ? name : "?");
  /* the list's directory is the first component of its path */
  char top[256];
  const char *slash = strchr(rel, '/');
  size_t tl = slash ? (size_t)(slash - rel) : strlen(rel);
  if (tl == 0 || tl >= sizeof top || strstr(rel, ".."))
    return vet_fail(e, VET_EPARSE, "list '%s': bad path '%s'", name, rel);
  memcpy(top, rel, tl);
  top[tl] = 0;
  char cur[4400], fresh[4500], old[4500], vpath[4700];
  if (vet_path_fmt(cur, sizeof cur, "%s/%s", o->dir, top) ||
      vet_path_fmt(fresh, sizeof fresh, "%s/.%s.new.%ld", o->dir, top, (long)getpid()) ||
      vet_path_fmt(old, sizeof old, "%s/.%s.old.%ld", o->dir, top, (long)getpid()))
    return vet_fail(e, VET_ELIMIT, "list '%s': path too long", name);
  clean_leftovers(o->dir, top);
  if (mkdir(fresh, 0755) != 0)
    return vet_fail(e, VET_EIO, "cannot create '%s': %s", fresh, strerror(errno));
  size_t i;
  json_t *f;
  vet_err rc = VET_OK;
  json_array_foreach(files, i, f)
  {
    const char *fname = json_string_value(json_object_get(f, "file"));
    const char *url = json_string_value(json_object_get(f, "url"));
    if (!fname || !url || strchr(fname, '/')) {
      rc = vet_fail(e, VET_EPARSE, "list '%s': files[%zu] needs 'file' (a plain name) and 'url'", name, i);
      break;
    }
    char dest[4800];
    if (vet_path_fmt(dest, sizeof dest, "%s/%s", fresh, fname)) {
      rc = vet_fail(e, VET_ELIMIT, "list '%s': path too long", name);
      break;
    }
    if (o->report)
      o->report(o->ud, name, url);
    if ((rc = download(url, dest, o->timeout_s > 0 ? o->timeout_s : 300, e))) {
      vet_error_prefix(e, "list '%s'", name);
      break;
    }
  }
  uint32_t n_new = 0, n_old = 0;
  char date[32] = "", olddate[32];
  if (!rc) {
    rc = vet_path_fmt(vpath, sizeof vpath, "%s%s", fresh, slash ? slash : "");
    if (!rc)
      rc = validate(format, vpath, name, countries, &n_new, date, sizeof date, e);
    if (rc)
      vet_error_prefix(e, "list '%s': the download does not load", name);
  }
  if (!rc && n_new == 0)
    rc = vet_fail(e, VET_EPARSE, "list '%s': the download holds no entities", name);
  if (!rc) {
    char opath[4700];
    struct vet_error oe;
    if (!vet_path_fmt(opath, sizeof opath, "%s/%s", o->dir, rel) &&
        validate(format, opath, name, countries, &n_old, olddate, sizeof olddate, &oe) == VET_OK &&
        (double)n_new < o->min_ratio * (double)n_old)
      rc = vet_fail(e, VET_EPARSE, "list '%s': the download has %u entities, under %.0f%% of the current %u", name,
                    n_new, o->min_ratio * 100, n_old);
  }
  if (rc || o->dry_run) {
    rm_tree(fresh);
    if (!rc && o->report) {
      char msg[128];
      snprintf(msg, sizeof msg, "valid (%u entities); dry run, not installed", n_new);
      o->report(o->ud, name, msg);
    }
    return rc;
  }
  /* swap: one atomic exchange where the kernel has it, else two renames */
  if (renameat2(AT_FDCWD, fresh, AT_FDCWD, cur, RENAME_EXCHANGE) == 0) {
    rm_tree(fresh); /* now holds the old files */
  } else if (rename(cur, old) == 0 || errno == ENOENT) {
    if (rename(fresh, cur) != 0) {
      int err = errno;
      rename(old, cur);
      rm_tree(fresh);
      return vet_fail(e, VET_EIO, "list '%s': cannot install: %s", name, strerror(err));
    }
    rm_tree(old);
  } else {
    rm_tree(fresh);
    return vet_fail(e, VET_EIO, "list '%s': cannot install: %s", name, strerror(errno));
  }
  if (!date[0]) {
    /* the files carry no date of their own: the download day stands in */
    struct vet_date t;
    vet_date_today(&t);
    vet_date_format(&t, date, sizeof date);
  }
  json_object_set_new(it, "date", json_string(date));
  *changed = true;
  if (o->report) {
    char msg[128];
    snprintf(msg, sizeof msg, "updated: %u entities (was %u), dated %s", n_new, n_old, date);
    o->report(o->ud, name, msg);
  }
  return VET_OK;
}

vet_err vet_lists_update(const struct vet_lists_update_opts *o, const struct vet_countries *countries,
                         struct vet_error *e)
{
  char mpath[4300];
  if (vet_path_fmt(mpath, sizeof mpath, "%s/lists.json", o->dir))
    return vet_fail(e, VET_ELIMIT, "lists directory path too long");
  json_error_t je;
  json_t *root = json_load_file(mpath, JSON_REJECT_DUPLICATES, &je);
  if (!root)
    return vet_fail(e, VET_EPARSE, "%s:%d: %s", mpath, je.line, je.text);
  vet_err nrc = vet_lists_check_names(root, o->only, mpath, e);
  if (nrc) {
    json_decref(root);
    return nrc;
  }
  /* one update at a time per lists directory: then what an interrupted
   * one left behind can be removed safely */
  char lpath[4300];
  int lock = -1;
  if (!vet_path_fmt(lpath, sizeof lpath, "%s/.update.lock", o->dir))
    lock = open(lpath, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (lock < 0 || flock(lock, LOCK_EX | LOCK_NB) != 0) {
    if (lock >= 0)
      close(lock);
    json_decref(root);
    return vet_fail(e, VET_EIO, "'%s': another update is running, or the lock cannot be taken", o->dir);
  }
  curl_global_init(CURL_GLOBAL_DEFAULT);
  vet_err last = VET_OK;
  bool changed = false;
  int matched = 0;
  size_t i;
  json_t *it;
  json_array_foreach(json_object_get(root, "lists"), i, it)
  {
    const char *name = json_string_value(json_object_get(it, "name"));
    if (!name || (o->only && *o->only && !vet_names_has(o->only, vet_str_c(name))))
      continue;
    if ((!o->only || !*o->only) && json_is_false(json_object_get(it, "enabled")))
      continue;
    matched++;
    struct vet_error le = {0};
    vet_err rc = update_one(o, countries, it, &changed, &le);
    if (rc) {
      last = rc;
      if (e)
        *e = le;
      if (o->report)
        o->report(o->ud, name, le.msg);
    }
  }
  if (changed) {
    vet_err rc = write_manifest(mpath, root, e);
    if (rc)
      last = rc;
  }
  if (!matched && o->only && *o->only)
    last = vet_fail(e, VET_ENOTFOUND, "no list named '%s' in %s", o->only, mpath);
  curl_global_cleanup();
  json_decref(root);
  close(lock); /* releases the flock */
  return last;
}
