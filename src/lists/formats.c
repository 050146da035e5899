/* lists/formats.c - the table of list formats, loading one list, and the
 * manifest (lists.json) that names the bundled lists and their provenance. */
#include <jansson.h>
#include <stdio.h>

#include "io/file.h"
#include "lists/loaders.h"
#include "vetter/lists.h"

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

vet_err vet_lists_load_dir(struct vet_listset *ls, const char *dir, const char *only, struct vet_error *e)
{
  char path[4096];
  if (vet_path_join(path, sizeof path, dir, "lists.json"))
    return vet_fail(e, VET_ELIMIT, "lists directory path too long");
  json_error_t je;
  json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
  if (!root)
    return vet_fail(e, VET_EPARSE, "%s:%d: %s", path, je.line, je.text);
  json_t *arr = json_object_get(root, "lists");
  vet_err rc = VET_OK;
  if (!json_is_array(arr)) {
    rc = vet_fail(e, VET_EPARSE, "%s: field 'lists': expected an array", path);
    goto done;
  }
  if ((rc = vet_lists_check_names(root, only, path, e))) /* before loading anything */
    goto done;
  size_t i;
  json_t *it;
  json_array_foreach(arr, i, it)
  {
    vet_str name = jstr(it, "name"), format = jstr(it, "format"), rel = jstr(it, "path");
    if (!name.len || !format.len || !rel.len) {
      rc = vet_fail(e, VET_EPARSE, "%s: lists[%zu]: 'name', 'format' and 'path' are required", path, i);
      goto done;
    }
    if (only && *only && !vet_names_has(only, name))
      continue;
    if ((!only || !*only) && json_is_false(json_object_get(it, "enabled")))
      continue; /* off by default; loaded when named */
    char full[4096];
    if (vet_path_join(full, sizeof full, dir, rel.ptr)) {
      rc = vet_fail(e, VET_ELIMIT, "%s: lists[%zu]: path too long", path, i);
      goto done;
    }
    struct vet_list meta = {
        .name = name,
        .title = jstr(it, "title"),
        .date = jstr(it, "date"),
        .publisher = jstr(it, "publisher"),
        .licence = jstr(it, "licence"),
        .url = jstr(it, "homepage"),
    };
    rc = vet_lists_load(ls, format.ptr, full, &meta, e);
    if (rc)
      goto done;
  }
done:
  json_decref(root);
  return rc;
}
