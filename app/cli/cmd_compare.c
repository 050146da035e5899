/* cli/cmd_compare.c - `vetter compare`: the pairwise name score, for a
 * profile name against a document or payout holder name, and for
 * measuring the matcher on labelled pairs (--batch). */
#include "cli.h"

static const char usage[] =
    "usage: vetter compare \"NAME A\" \"NAME B\" [--type T] [--json]\n"
    "       vetter compare --batch FILE|- [--threads N]   lines: {\"id\",\"a\",\"b\",\"type\"}\n";

struct cmp_shared {
  const struct vet_config *cfg;
  const char *src;
};

struct cmp_state {
  struct vet_normalizer *nz;
  struct vet_arena a;
};

static void *cmp_thread_init(void *shared)
{
  struct cmp_shared *sh = shared;
  struct cmp_state *st = calloc(1, sizeof *st);
  struct vet_error e = {0};
  if (!st)
    return NULL;
  st->nz = vet_normalizer_new(sh->cfg->match.max_name_bytes, &e);
  if (!st->nz) {
    free(st);
    return NULL;
  }
  vet_arena_init(&st->a, 16 * 1024);
  return st;
}

static void cmp_thread_free(void *p)
{
  struct cmp_state *st = p;
  if (!st)
    return;
  vet_normalizer_free(st->nz);
  vet_arena_release(&st->a);
  free(st);
}

static char *cmp_line(void *state, void *shared, size_t lineno, vet_str line, bool *is_error)
{
  struct cmp_state *st = state;
  struct cmp_shared *sh = shared;
  char err[320];
  json_t *o = cli_parse_line(line, lineno, sh->src, err, sizeof err);
  if (!o) {
    fprintf(stderr, "vetter: %s\n", err);
    *is_error = true;
    return cli_error_line(lineno, NULL, err);
  }
  json_t *id = json_object_get(o, "id"), *ja = json_object_get(o, "a"), *jb = json_object_get(o, "b");
  json_t *jt = json_object_get(o, "type");
  char *out = NULL;
  const char *field = !json_is_string(ja) ? "a" : !json_is_string(jb) ? "b" : NULL;
  enum vet_schema schema = VET_SCHEMA_UNKNOWN;
  if (!field && jt && !json_is_null(jt)) {
    schema = json_is_string(jt) ? vet_schema_parse(vet_str_c(json_string_value(jt))) : VET_SCHEMA_UNKNOWN;
    if (schema == VET_SCHEMA_UNKNOWN)
      field = "type";
  }
  if (field) {
    snprintf(err, sizeof err, "%s:%zu: field '%s': %s", sh->src, lineno, field,
             strcmp(field, "type") ? "a string is required" : "expected person, organization, vessel or aircraft");
  } else {
    double score;
    struct vet_explain ex;
    struct vet_error e = {0};
    vet_arena_reset(&st->a);
    if (vet_compare(st->nz, &sh->cfg->match, (vet_str){json_string_value(ja), json_string_length(ja)},
                    (vet_str){json_string_value(jb), json_string_length(jb)}, schema, &st->a, &score, &ex, &e)) {
      snprintf(err, sizeof err, "%s:%zu: %s", sh->src, lineno, e.msg);
      field = "";
    } else {
      json_t *r = json_deep_copy(o);
      json_object_set_new(r, "score", vet_json_score(score));
      json_object_set_new(r, "explain", vet_explain_json(&ex));
      out = json_dumps(r, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
      json_decref(r);
    }
  }
  if (field) {
    fprintf(stderr, "vetter: %s\n", err);
    *is_error = true;
    out = cli_error_line(lineno, id, err);
  }
  json_decref(o);
  return out;
}

int cmd_compare(int argc, char **argv)
{
  struct cli_opts o = {0};
  const char *names[2] = {NULL, NULL}, *type = NULL, *batch = NULL;
  int nn = 0;
  for (int i = 0; i < argc; i++) {
    int st;
    if (cli_common_opt(&o, argc, argv, &i, usage, &st)) {
      if (st >= 0)
        return st;
      continue;
    }
    const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (!strcmp(a, "--type") || !strcmp(a, "--batch")) {
      if (!v)
        return cli_usage_error("option '%s' needs a value", a);
      *(!strcmp(a, "--type") ? &type : &batch) = v;
      i++;
    } else if (a[0] == '-' && a[1]) {
      return cli_usage_error("compare: unknown option '%s'\n%s", a, usage);
    } else if (nn < 2) {
      names[nn++] = a;
    } else {
      return cli_usage_error("compare: two names, quoted\n%s", usage);
    }
  }
  if (batch ? nn != 0 : nn != 2)
    return cli_usage_error("compare: give two names or --batch FILE\n%s", usage);
  struct vet_config cfg;
  if (cli_load_config(&o, &cfg))
    return 1;
  if (batch) {
    struct cmp_shared sh = {&cfg, strcmp(batch, "-") ? batch : "<stdin>"};
    struct cli_batch b = {.path = batch, .threads = o.threads, .shared = &sh, .thread_init = cmp_thread_init,
                          .thread_free = cmp_thread_free, .work = cmp_line, .quiet = o.quiet, .what = "pairs"};
    size_t n = 0, errs = 0;
    int st = cli_batch_run(&b, &n, &errs);
    return st ? st : (errs && errs == n ? 1 : 0);
  }
  for (int k = 0; k < 2; k++) {
    size_t bad;
    if (!vet_utf8_valid(vet_str_c(names[k]), &bad))
      return cli_usage_error("compare: NAME %c: invalid UTF-8 at byte %zu", 'A' + k, bad);
  }
  enum vet_schema schema = VET_SCHEMA_UNKNOWN;
  if (type && (schema = vet_schema_parse(vet_str_c(type))) == VET_SCHEMA_UNKNOWN)
    return cli_usage_error("compare: --type: expected person, organization, vessel or aircraft");
  struct vet_error e = {0};
  struct vet_normalizer *nz = vet_normalizer_new(cfg.match.max_name_bytes, &e);
  if (!nz)
    return cli_error(&e);
  struct vet_arena a;
  vet_arena_init(&a, 16 * 1024);
  double score;
  struct vet_explain ex;
  int status = 0;
  if (vet_compare(nz, &cfg.match, vet_str_c(names[0]), vet_str_c(names[1]), schema, &a, &score, &ex, &e)) {
    status = cli_error(&e);
  } else if (o.json) {
    json_t *r = json_object();
    json_object_set_new(r, "a", json_string(names[0]));
    json_object_set_new(r, "b", json_string(names[1]));
    json_object_set_new(r, "score", vet_json_score(score));
    json_object_set_new(r, "explain", vet_explain_json(&ex));
    cli_print_json(stdout, r);
    json_decref(r);
  } else {
    printf("%.3f  %s ~ %s\n", score, names[0], names[1]);
    for (uint32_t k = 0; k < ex.n_align; k++)
      printf("       %-18.*s ~ %-18.*s %.3f %s\n", VET_STR_FMT(ex.align[k].q), VET_STR_FMT(ex.align[k].c),
             ex.align[k].sim, ex.align[k].how);
    for (uint32_t k = 0; k < ex.n_q_unmatched; k++)
      printf("       %-18.*s   (only in A)\n", VET_STR_FMT(ex.q_unmatched[k]));
    for (uint32_t k = 0; k < ex.n_c_unmatched; k++)
      printf("       %-18s ~ %-18.*s (only in B)\n", "", VET_STR_FMT(ex.c_unmatched[k]));
    for (uint32_t k = 0; k < ex.n_adj; k++)
      printf("       %s: %s, %.3f -> %.3f\n", ex.adj[k].name, ex.adj[k].result, ex.adj[k].before, ex.adj[k].after);
  }
  vet_arena_release(&a);
  vet_normalizer_free(nz);
  return status;
}
