/* cli/cmd_rings.c - `vetter rings`: the groups of linked subjects the last
 * `vetter check --store` stored (docs/store.md), riskiest first: each
 * group's members, the identifiers that join them and its risk (its
 * members' own scores).  Text for a terminal, or one JSON object per
 * group with every member. */
#include "store_cli.h"

static const char rings_usage[] =
    "usage: vetter rings [--db PATH] [--min-size N] [--subject ID] [--json]\n"
    "  the groups of linked subjects (suspected rings) from the last `vetter check --store`,\n"
    "  riskiest first, with their members, the identifiers joining them and their risk\n"
    "  --min-size N   only groups of at least N members (default 2)\n"
    "  --subject ID   only the group of this subject\n";

/* Members and shared identifiers printed per group in text (JSON has all
 * members and what the group object holds). */
#define TEXT_MAX_MEMBERS 30
#define TEXT_MAX_SHARED 10
/* Largest --min-size. */
#define MAX_MIN_SIZE 1000000

struct rings_opts {
  uint64_t min_size;
  const char *subject;
};

static int rings_opt(void *ctx, int argc, char **argv, int *i)
{
  struct rings_opts *ro = ctx;
  if (!strcmp(argv[*i], "--subject")) {
    if (*i + 1 >= argc) {
      cli_usage_error("rings: option '--subject' needs a value");
      return -1;
    }
    ro->subject = argv[++*i];
    return 1;
  }
  if (strcmp(argv[*i], "--min-size"))
    return 0;
  if (*i + 1 >= argc || vet_parse_u64(vet_str_c(argv[*i + 1]), &ro->min_size) || ro->min_size < 2 ||
      ro->min_size > MAX_MIN_SIZE) {
    cli_usage_error("rings: option '--min-size' needs a number from 2 to %d", MAX_MIN_SIZE);
    return -1;
  }
  (*i)++;
  return 1;
}

struct ring {
  json_t *g;      /* the stored object, with "members" (all) and "first_seen" set */
  double score;   /* its highest own score (-1: not rated) */
};

struct collect {
  struct ring *v;
  size_t n, cap;
  uint64_t min_size;
  bool oom, bad;
  char bad_id[64];
};

static int collect_group(void *arg, const struct vet_store_group *sg)
{
  struct collect *c = arg;
  if (sg->n_members < c->min_size)
    return 0;
  json_t *g = json_loadb(sg->json.ptr, sg->json.len, 0, NULL);
  if (!json_is_object(g)) { /* the schema's CHECK makes this impossible short of editing the file */
    json_decref(g);
    c->bad = true;
    snprintf(c->bad_id, sizeof c->bad_id, "%.*s", (int)VET_MIN(sg->id.len, 60u), sg->id.ptr);
    return 1;
  }
  json_t *members = json_array();
  for (size_t k = 0; k < sg->n_members; k++)
    json_array_append_new(members, json_stringn(sg->members[k].ptr, sg->members[k].len));
  json_object_set_new(g, "members", members);
  json_object_set_new(g, "size", json_integer((json_int_t)sg->n_members));
  json_object_set_new(g, "first_seen", store_time_json(sg->created_at));
  if (c->n == c->cap) {
    size_t cap = c->cap ? 2 * c->cap : 64;
    struct ring *v = realloc(c->v, cap * sizeof *v);
    if (!v) {
      json_decref(g);
      c->oom = true;
      return 1;
    }
    c->v = v;
    c->cap = cap;
  }
  json_t *s = json_object_get(json_object_get(g, "risk"), "max_own_score");
  c->v[c->n++] = (struct ring){g, json_is_number(s) ? json_number_value(s) : -1};
  return 0;
}

/* Riskiest first, then largest, then by id. */
static int ring_cmp(const void *a, const void *b)
{
  const struct ring *x = a, *y = b;
  if (x->score != y->score)
    return x->score > y->score ? -1 : 1;
  json_int_t nx = json_integer_value(json_object_get(x->g, "size")), ny = json_integer_value(json_object_get(y->g, "size"));
  if (nx != ny)
    return nx > ny ? -1 : 1;
  return strcmp(json_string_value(json_object_get(x->g, "id")), json_string_value(json_object_get(y->g, "id")));
}

static void put_json_str(json_t *s)
{
  const char *v = json_string_value(s);
  store_put_clean(stdout, vet_str_c(v ? v : "?"));
}

/* The strings of arr, comma-separated, at most max of them. */
static void put_json_list(json_t *arr, size_t max)
{
  size_t k;
  json_t *v;
  json_array_foreach(arr, k, v)
  {
    if (k == max) {
      printf(" ... and %zu more", json_array_size(arr) - k);
      break;
    }
    fputs(k ? ", " : "", stdout);
    put_json_str(v);
  }
}

static void print_text(json_t *g)
{
  fputs("group ", stdout);
  put_json_str(json_object_get(g, "id"));
  json_t *members = json_object_get(g, "members");
  printf("  %zu members", json_array_size(members));
  json_t *risk = json_object_get(g, "risk");
  if (risk)
    printf("  risk %s (highest own score %.1f, %lld high-risk)", json_string_value(json_object_get(risk, "max_own_band")),
           json_number_value(json_object_get(risk, "max_own_score")),
           (long long)json_integer_value(json_object_get(risk, "high_risk_members")));
  fputs("  first seen ", stdout);
  put_json_str(json_object_get(g, "first_seen"));
  fputs("\n  members: ", stdout);
  put_json_list(members, TEXT_MAX_MEMBERS);
  fputc('\n', stdout);
  size_t k;
  json_t *v;
  json_array_foreach(json_object_get(risk, "members_high_risk"), k, v)
  {
    fputs("  high-risk on its own: ", stdout);
    put_json_str(json_object_get(v, "subject"));
    printf(" %s %.1f (", json_string_value(json_object_get(v, "band")), json_number_value(json_object_get(v, "score")));
    put_json_list(json_object_get(v, "rules"), SIZE_MAX);
    fputs(")\n", stdout);
  }
  json_t *shared = json_object_get(g, "shared");
  json_array_foreach(shared, k, v)
  {
    if (k == TEXT_MAX_SHARED) {
      printf("  ... and %zu more shared identifiers\n", json_array_size(shared) - k);
      break;
    }
    fputs("  shared ", stdout);
    put_json_str(json_object_get(v, "kind"));
    fputs(" '", stdout);
    put_json_str(json_object_get(v, "value"));
    printf("' strength %.2f%s by ", json_number_value(json_object_get(v, "strength")),
           json_is_true(json_object_get(v, "family")) ? " (family)" : "");
    put_json_list(json_object_get(v, "subjects"), SIZE_MAX);
    fputc('\n', stdout);
  }
}

int cmd_rings(int argc, char **argv)
{
  struct store_args a = {.cmd = "rings", .usage = rings_usage};
  struct rings_opts ro = {.min_size = 2};
  int code = store_parse_args(&a, argc, argv, rings_opt, &ro);
  if (code >= 0)
    return code;
  if (a.pos)
    return cli_usage_error("rings: unexpected argument '%s'\n%s", a.pos, rings_usage);
  struct vet_store *st = store_open_cli(a.db, VET_STORE_READONLY | VET_STORE_NOCREATE);
  if (!st)
    return 1;
  struct collect c = {.min_size = ro.min_size};
  struct vet_error e = {0};
  vet_str who = ro.subject ? vet_str_c(ro.subject) : (vet_str){0};
  vet_err rc = vet_store_each_group(st, who, collect_group, &c, &e);
  struct vet_store_stats stats = {0};
  if (!rc)
    rc = vet_store_stats(st, &stats, &e);
  int status = 0;
  if (rc)
    status = cli_error(&e);
  else if (c.oom)
    status = cli_error(&(struct vet_error){VET_ENOMEM, "out of memory"});
  if (!status && c.bad) {
    fprintf(stderr, "vetter: group '%s' in '%s' does not hold a JSON object\n", c.bad_id, a.db);
    status = 1;
  }
  if (!status) {
    if (c.n)
      qsort(c.v, c.n, sizeof *c.v, ring_cmp);
    size_t members = 0;
    for (size_t k = 0; k < c.n; k++) {
      members += json_array_size(json_object_get(c.v[k].g, "members"));
      if (a.o.json)
        cli_print_json(stdout, c.v[k].g);
      else
        print_text(c.v[k].g);
    }
    if (!a.o.quiet) {
      fprintf(stderr, "vetter: %zu groups of %llu or more (%zu subjects) in '%s'", c.n,
              (unsigned long long)ro.min_size, members, a.db);
      if (c.n) {
        fputs(", as the last `vetter check --store` found them at ", stderr);
        const char *at = json_string_value(json_object_get(c.v[0].g, "computed_at"));
        store_put_clean(stderr, vet_str_c(at ? at : "?"));
      }
      fputc('\n', stderr);
      if (!stats.groups && stats.subjects && !ro.subject)
        fprintf(stderr, "vetter: no groups are stored yet: `vetter check FILE --store --db %s` links the stored "
                        "subjects\n", a.db);
    }
    if (ro.subject && !c.n && !a.o.quiet)
      fprintf(stderr, "vetter: subject '%s' is in no group\n", ro.subject);
  }
  for (size_t k = 0; k < c.n; k++)
    json_decref(c.v[k].g);
  free(c.v);
  vet_store_close(st);
  return status;
}
