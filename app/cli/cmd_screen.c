/* cli/cmd_screen.c - `vetter screen`: one name on the command line (table
 * or JSON), or a JSON-lines batch in input order on all cores. */
#include <unistd.h>

#include "cli.h"

static const char usage[] =
    "usage: vetter screen \"NAME\" [--type person|organization] [--birth-date D] [--country C]\n"
    "                     [--threshold T] [--limit K] [--lists NAMES] [--json]\n"
    "       vetter screen --batch FILE|- [--threads N] [--threshold T] [--limit K] [--lists NAMES]\n"
    "                     [--format jsonl|table]\n"
    "  batch lines: {\"id\",\"name\",\"type\",\"birth_date\",\"country\",\"email\",\"phone\",\"crypto\",\"domain\",\"document\"}\n";

struct screen_shared {
  struct vet_ctx *ctx;
  double threshold;
  uint32_t limit;
  uint64_t mask;
  const char *src;
  bool table; /* --format table: one readable line per query */
};

struct screen_state {
  struct vet_searcher *s;
  struct vet_arena a;
};

/* Fill q from text fields; returns NULL or an error message. */
static const char *fill_query(struct vet_ctx *ctx, struct vet_query *q, const char *type, const char *dob,
                              const char *country)
{
  if (type && *type) {
    q->schema = vet_schema_parse(vet_str_c(type));
    if (q->schema == VET_SCHEMA_UNKNOWN)
      return "field 'type': expected person, organization, vessel or aircraft";
  }
  if (dob && *dob && vet_date_parse(vet_str_c(dob), &q->birth_date))
    return "field 'birth_date': not a valid date";
  if (country && *country) {
    const char *cc = vet_country_resolve(vet_ctx_countries(ctx), vet_str_c(country));
    if (!cc)
      return "field 'country': unknown country";
    vet_cstr_copy(q->country, sizeof q->country, cc);
  }
  return NULL;
}

static json_t *result_json(json_t *id, json_t *query, const struct vet_hits *hits, const struct vet_listset *ls,
                           uint64_t mask)
{
  json_t *o = json_object();
  if (id)
    json_object_set(o, "id", id);
  json_object_set(o, "query", query);
  json_t *arr = json_array();
  for (uint32_t i = 0; i < hits->n; i++)
    json_array_append_new(arr, vet_hit_json(&hits->v[i]));
  json_object_set_new(o, "matches", arr);
  json_object_set_new(o, "candidates", json_integer(hits->candidates));
  json_object_set_new(o, "lists", vet_lists_versions_json(ls, mask));
  return o;
}

static void *screen_thread_init(void *shared)
{
  struct screen_shared *sh = shared;
  struct screen_state *st = calloc(1, sizeof *st);
  struct vet_error e = {0};
  if (!st)
    return NULL;
  st->s = vet_searcher_new(vet_ctx_index(sh->ctx), &e);
  if (!st->s) {
    cli_error(&e);
    free(st);
    return NULL;
  }
  vet_arena_init(&st->a, 64 * 1024);
  return st;
}

static void screen_thread_free(void *p)
{
  struct screen_state *st = p;
  if (!st)
    return;
  vet_searcher_free(st->s);
  vet_arena_release(&st->a);
  free(st);
}

/* "w-1002  Jong Un Kim  ->  1.000 ofac_sdn:20157 KIM, Jong Un [DPRK3] (+1 more)" */
static char *table_line(json_t *id, const struct vet_query *q, const struct vet_hits *hits)
{
  struct vet_buf b;
  vet_buf_init(&b, 4096);
  char idbuf[64];
  if (json_is_string(id))
    vet_cstr_copy(idbuf, sizeof idbuf, json_string_value(id));
  else if (json_is_integer(id))
    snprintf(idbuf, sizeof idbuf, "%lld", (long long)json_integer_value(id));
  else
    snprintf(idbuf, sizeof idbuf, "?");
  vet_str what = q->name.len ? q->name : q->email.len ? q->email : q->crypto.len ? q->crypto
                                       : q->domain.len ? q->domain : q->phone.len ? q->phone : q->document;
  vet_buf_appendf(&b, "%-8s %-44.*s ", idbuf, (int)VET_MIN(what.len, 44), what.ptr);
  if (!hits->n) {
    vet_buf_append_c(&b, "   -    no match");
  } else {
    const struct vet_hit *h = &hits->v[0];
    vet_buf_appendf(&b, "%.3f  %.*s:%.*s %.*s", h->score, VET_STR_FMT(h->list->name), VET_STR_FMT(h->entity->id),
                    (int)VET_MIN(h->entity->names[0].text.len, 48), h->entity->names[0].text.ptr);
    if (h->entity->n_programs)
      vet_buf_appendf(&b, " [%.*s]", VET_STR_FMT(h->entity->programs[0]));
    if (!h->name)
      vet_buf_appendf(&b, " (%s)", vet_id_kind_name(h->ex.id_kind));
    if (hits->n > 1)
      vet_buf_appendf(&b, " (+%u more)", hits->n - 1);
  }
  char *s = strdup(vet_buf_cstr(&b));
  vet_buf_release(&b);
  return s;
}

static char *screen_line(void *state, void *shared, size_t lineno, vet_str line, bool *is_error)
{
  struct screen_state *st = state;
  struct screen_shared *sh = shared;
  char err[320];
  json_t *o = cli_parse_line(line, lineno, sh->src, err, sizeof err);
  if (!o) {
    fprintf(stderr, "vetter: %s\n", err);
    *is_error = true;
    return cli_error_line(lineno, NULL, err);
  }
  json_t *id = json_object_get(o, "id");
  struct vet_query q = {.threshold = sh->threshold, .limit = sh->limit, .list_mask = sh->mask};
  const char *msg = NULL;
  char mbuf[300];
  struct vet_error qe = {0};
  if (!id) {
    snprintf(mbuf, sizeof mbuf, "%s:%zu: field 'id' is required", sh->src, lineno);
    msg = mbuf;
  } else if (vet_query_from_json(o, vet_ctx_countries(sh->ctx), &q, &qe)) {
    snprintf(mbuf, sizeof mbuf, "%s:%zu: %s", sh->src, lineno, qe.msg);
    msg = mbuf;
  }
  char *out = NULL;
  if (!msg) {
    struct vet_hits hits;
    struct vet_error e = {0};
    vet_arena_reset(&st->a);
    if (vet_screen(st->s, &q, &st->a, &hits, &e)) {
      snprintf(mbuf, sizeof mbuf, "%s:%zu: %s", sh->src, lineno, e.msg);
      msg = mbuf;
    } else {
      if (sh->table) {
        out = table_line(id, &q, &hits);
      } else {
        json_t *query = json_deep_copy(o);
        json_object_del(query, "id");
        json_t *r = result_json(id, query, &hits, vet_ctx_lists(sh->ctx), sh->mask);
        out = json_dumps(r, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
        json_decref(r);
        json_decref(query);
      }
    }
  }
  if (msg) {
    fprintf(stderr, "vetter: %s\n", msg);
    *is_error = true;
    out = cli_error_line(lineno, id, msg);
  }
  json_decref(o);
  return out;
}

static void print_table(const struct vet_hits *hits, const char *name)
{
  if (!hits->n) {
    printf("no match for \"%s\" at or above the threshold\n", name);
    return;
  }
  printf("%-6s  %-13s %-12s %-13s %-40s %s\n", "SCORE", "LIST", "ID", "TYPE", "MATCHED NAME", "PROGRAMS");
  for (uint32_t i = 0; i < hits->n; i++) {
    const struct vet_hit *h = &hits->v[i];
    const struct vet_entity *en = h->entity;
    char progs[128] = "";
    size_t w = 0;
    for (uint32_t p = 0; p < en->n_programs && w + 2 < sizeof progs; p++)
      w += (size_t)snprintf(progs + w, sizeof progs - w, "%s%.*s", p ? "," : "", VET_STR_FMT(en->programs[p]));
    vet_str mn = h->name ? h->name->text : h->ex.id_value;
    printf("%-6.3f  %-13.*s %-12.*s %-13s %-40.*s %s\n", h->score, VET_STR_FMT(h->list->name), VET_STR_FMT(en->id),
           vet_schema_name(en->schema), VET_STR_FMT(mn), progs);
    if (h->name && h->name != &en->names[0])
      printf("        primary name: %.*s\n", VET_STR_FMT(en->names[0].text));
    if (!h->name && h->ex.id_value.len)
      printf("        %s identifier on the list: %.*s\n", vet_id_kind_name(h->ex.id_kind),
             VET_STR_FMT(h->ex.id_value));
    for (uint32_t k = 0; k < h->ex.n_align; k++) {
      const struct vet_align *al = &h->ex.align[k];
      printf("        %-18.*s ~ %-18.*s %.3f %s\n", VET_STR_FMT(al->q), VET_STR_FMT(al->c), al->sim, al->how);
    }
    for (uint32_t k = 0; k < h->ex.n_q_unmatched; k++)
      printf("        %-18.*s   (not on the list name)\n", VET_STR_FMT(h->ex.q_unmatched[k]));
    for (uint32_t k = 0; k < h->ex.n_c_unmatched; k++)
      printf("        %-18s ~ %-18.*s (not in the query)\n", "", VET_STR_FMT(h->ex.c_unmatched[k]));
    for (uint32_t k = 0; k < h->ex.n_adj; k++) {
      const struct vet_adjust *a = &h->ex.adj[k];
      printf("        %s: %s%s%s%s%s%s, %.3f -> %.3f\n", a->name, a->result, a->query[0] ? " (" : "", a->query,
             a->query[0] ? " vs " : "", a->list[0] ? a->list : "", a->query[0] ? ")" : "", a->before, a->after);
    }
  }
}

int cmd_screen(int argc, char **argv)
{
  struct cli_opts o = {0};
  const char *name = NULL, *type = NULL, *dob = NULL, *country = NULL, *batch = NULL, *format = NULL;
  double threshold = -1;
  unsigned limit = 0;
  for (int i = 0; i < argc; i++) {
    int st;
    if (cli_common_opt(&o, argc, argv, &i, usage, &st)) {
      if (st >= 0)
        return st;
      continue;
    }
    const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
    const char **t = !strcmp(a, "--type")         ? &type
                     : !strcmp(a, "--birth-date") ? &dob
                     : !strcmp(a, "--country")    ? &country
                     : !strcmp(a, "--batch")      ? &batch
                     : !strcmp(a, "--format")     ? &format
                                                  : NULL;
    if (t) {
      if (!v)
        return cli_usage_error("option '%s' needs a value", a);
      *t = v;
      i++;
    } else if (!strcmp(a, "--threshold")) {
      if (!v || vet_parse_double(vet_str_c(v), &threshold) || threshold < 0 || threshold > 1)
        return cli_usage_error("option '--threshold' needs a number in [0, 1]");
      i++;
    } else if (!strcmp(a, "--limit")) {
      uint64_t l;
      if (!v || vet_parse_u64(vet_str_c(v), &l) || l == 0 || l > 10000)
        return cli_usage_error("option '--limit' needs a number from 1 to 10000");
      limit = (unsigned)l;
      i++;
    } else if (a[0] == '-' && a[1]) {
      return cli_usage_error("screen: unknown option '%s'\n%s", a, usage);
    } else if (!name) {
      name = a;
    } else {
      return cli_usage_error("screen: one name at a time (quote it): unexpected '%s'", a);
    }
  }
  if (format && strcmp(format, "jsonl") && strcmp(format, "table"))
    return cli_usage_error("screen: --format: expected jsonl or table");
  if (!!name == !!batch)
    return cli_usage_error("screen: give a NAME or --batch FILE\n%s", usage);
  if (name) {
    size_t bad;
    if (!vet_utf8_valid(vet_str_c(name), &bad))
      return cli_usage_error("screen: NAME: invalid UTF-8 at byte %zu", bad);
  }
  struct vet_ctx *ctx = cli_open(&o, true);
  if (!ctx)
    return 1;
  struct vet_error e = {0};
  uint64_t mask = 0;
  int status = 0;
  if (vet_index_list_mask(vet_ctx_index(ctx), o.lists, &mask, &e)) {
    status = cli_error(&e);
    goto out;
  }
  if (batch) {
    struct screen_shared sh = {ctx, threshold, limit, mask, strcmp(batch, "-") ? batch : "<stdin>",
                               format && !strcmp(format, "table")};
    struct cli_batch b = {.path = batch, .threads = o.threads, .shared = &sh, .thread_init = screen_thread_init,
                          .thread_free = screen_thread_free, .work = screen_line, .quiet = o.quiet,
                          .what = "queries"};
    size_t n = 0, errs = 0;
    double t0 = vet_now();
    status = cli_batch_run(&b, &n, &errs);
    if (!o.quiet && isatty(STDERR_FILENO))
      fprintf(stderr, "vetter: %zu lines screened in %.2f s, %zu with errors\n", n, vet_now() - t0, errs);
    if (!status && errs && errs == n)
      status = 1;
    goto out;
  }
  struct vet_query q = {.name = vet_str_c(name), .threshold = threshold, .limit = limit, .list_mask = mask};
  const char *fm = fill_query(ctx, &q, type, dob, country);
  if (fm) {
    status = cli_usage_error("screen: %s", fm);
    goto out;
  }
  struct vet_searcher *s = vet_searcher_new(vet_ctx_index(ctx), &e);
  if (!s) {
    status = cli_error(&e);
    goto out;
  }
  struct vet_arena a;
  vet_arena_init(&a, 64 * 1024);
  struct vet_hits hits;
  if (vet_screen(s, &q, &a, &hits, &e)) {
    status = cli_error(&e);
  } else if (o.json) {
    json_t *query = json_object();
    json_object_set_new(query, "name", json_string(name));
    if (type)
      json_object_set_new(query, "type", json_string(vet_schema_name(q.schema)));
    if (dob)
      json_object_set_new(query, "birth_date", json_string(dob));
    if (country)
      json_object_set_new(query, "country", json_string(q.country));
    json_t *r = result_json(NULL, query, &hits, vet_ctx_lists(ctx), mask);
    cli_print_json(stdout, r);
    json_decref(r);
    json_decref(query);
  } else {
    print_table(&hits, name);
  }
  vet_arena_release(&a);
  vet_searcher_free(s);
out:
  vet_ctx_free(ctx);
  return status;
}
