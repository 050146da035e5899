/* cli/cmd_lists.c - `vetter lists`: the loaded lists with date, entity
 * count and age (warning past lists.max_age_days); `vetter lists update`:
 * download, validate and swap in newer files; `vetter config`. */
#include "cli.h"

static const char usage[] =
    "usage: vetter lists [--lists NAMES] [--all] [--json]\n"
    "       vetter lists update [--lists NAMES] [--dry-run]\n"
    "  --all   also load the lists that are off by default in lists.json\n";

static void update_report(void *ud, const char *list, const char *msg)
{
  (void)ud;
  fprintf(stderr, "vetter: %s: %s\n", list, msg);
}

static int lists_update(struct cli_opts *o, bool dry_run)
{
  struct vet_config cfg;
  if (cli_load_config(o, &cfg))
    return 1;
  struct vet_error e = {0};
  struct vet_ctx *ctx = vet_ctx_new(&cfg, o->data_dir, &e);
  if (!ctx)
    return cli_error(&e);
  char dir[4200];
  snprintf(dir, sizeof dir, "%s/lists", vet_ctx_data_dir(ctx));
  struct vet_lists_update_opts uo = {
      .dir = dir,
      .only = o->lists,
      .min_ratio = cfg.lists_update_min_ratio,
      .timeout_s = (long)cfg.lists_update_timeout_s,
      .dry_run = dry_run,
      .report = update_report,
  };
  int status = 0;
  vet_err rc = vet_lists_update(&uo, vet_ctx_countries(ctx), &e);
  if (rc == VET_ENOTFOUND || (rc && !strstr(e.msg, "list '")))
    status = cli_error(&e); /* not yet reported through the callback */
  else if (rc)
    status = 1;
  vet_ctx_free(ctx);
  return status;
}

int cmd_lists(int argc, char **argv)
{
  struct cli_opts o = {0};
  bool update = false, dry = false, all = false;
  for (int i = 0; i < argc; i++) {
    int st;
    if (cli_common_opt(&o, argc, argv, &i, usage, &st)) {
      if (st >= 0)
        return st;
      continue;
    }
    
    if (!strcmp(argv[i], "update") && i == 0)
      update = true;
    else if (!strcmp(argv[i], "--dry-run"))
      dry = true;
    else if (!strcmp(argv[i], "--all"))
      all = true;
    else
      return cli_usage_error("lists: unexpected '%s'\n%s", argv[i], usage);
  }
  if (update)
    return lists_update(&o, dry);
  char allnames[4096] = "";
  if (all && !o.lists) {
    /* every list of the manifest, enabled or not */
    char path[4200];
    struct vet_config cfg;
    if (cli_load_config(&o, &cfg))
      return 1;
    snprintf(path, sizeof path, "%s/lists/lists.json", vet_data_dir(o.data_dir));
    json_error_t je;
    json_t *m = json_load_file(path, 0, &je);
    size_t i, w = 0;
    json_t *it;
    json_array_foreach(json_object_get(m, "lists"), i, it)
    {
      const char *n = json_string_value(json_object_get(it, "name"));
      if (n && w + strlen(n) + 2 < sizeof allnames)
        w += (size_t)snprintf(allnames + w, sizeof allnames - w, "%s%s", w ? "," : "", n);
    }
    json_decref(m);
    o.lists = allnames;
  }
  o.quiet = true;
  struct vet_ctx *ctx = cli_open(&o, true);
  if (!ctx)
    return 1;
  const struct vet_listset *ls = vet_ctx_lists(ctx);
  struct vet_date today;
  vet_date_today(&today);
  long now = vet_date_days(&today);
  uint32_t max_age = vet_ctx_config(ctx)->lists_max_age_days;
  json_t *arr = o.json ? json_array() : NULL;
  if (!o.json)
    printf("%-14s %-11s %9s %7s  %s\n", "LIST", "DATE", "ENTITIES", "AGE", "TITLE");
  int stale = 0;
  for (uint32_t i = 0; i < ls->n_lists; i++) {
    const struct vet_list *l = &ls->lists[i];
    struct vet_date d;
    long age = -1;
    if (vet_date_parse(l->date, &d) == VET_OK)
      age = now - vet_date_days(&d);
    bool old = age < 0 || (max_age && age > (long)max_age);
    stale += old;
    if (o.json) {
      json_t *j = json_object();
      json_object_set_new(j, "name", vet_json_str(l->name));
      json_object_set_new(j, "title", vet_json_str(l->title));
      json_object_set_new(j, "format", vet_json_str(l->format));
      json_object_set_new(j, "date", vet_json_str(l->date));
      json_object_set_new(j, "entities", json_integer(l->n_entities));
      json_object_set_new(j, "age_days", age >= 0 ? json_integer(age) : json_null());
      json_object_set_new(j, "stale", json_boolean(old));
      json_object_set_new(j, "publisher", vet_json_str(l->publisher));
      json_object_set_new(j, "licence", vet_json_str(l->licence));
      json_object_set_new(j, "path", vet_json_str(l->path));
      json_array_append_new(arr, j);
    } else {
      char ages[16];
      snprintf(ages, sizeof ages, age >= 0 ? "%ldd" : "?", age);
      printf("%-14.*s %-11.*s %9u %7s  %.*s\n", VET_STR_FMT(l->name), VET_STR_FMT(l->date), l->n_entities, ages,
             VET_STR_FMT(l->title));
    }
  }
  if (o.json) {
    cli_print_json(stdout, arr);
    json_decref(arr);
  }
  if (stale)
    fprintf(stderr,
            "vetter: warning: %d list(s) older than %u days (lists.max_age_days); run 'vetter lists update'\n",
            stale, max_age);
  vet_ctx_free(ctx);
  return 0;
}

int cmd_config(int argc, char **argv)
{
  struct cli_opts o = {0};
  for (int i = 0; i < argc; i++) {
    int g = cli_global_opt(&o, argc, argv, &i);
    if (g < 0)
      return 2;
    if (!g)
      return cli_usage_error("config: unexpected '%s'", argv[i]);
  }
  struct vet_config cfg;
  if (cli_load_config(&o, &cfg))
    return 1;
  const char *name, *doc;
  char val[64];
  for (size_t i = 0; vet_config_item(&cfg, i, &name, val, sizeof val, &doc); i++)
    printf("%s = %s\t# %s\n", name, val, doc);
  return 0;
}
