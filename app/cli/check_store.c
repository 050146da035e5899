/* cli/check_store.c - `vetter check --store`: the input is ingested into
 * the store first (new subjects added, changed ones replaced, events
 * appended once), then the whole stored population is read back and
 * checked, so the input's subjects are linked against everyone seen
 * before.  Only the input's subjects (those with a subject or event record
 * in it) are reported; each report carries the analyst's decision and
 * whether it still stands, and is appended to the subject's history.  The
 * groups and the identifiers each subject shares are replaced by what
 * this run found.  Reports, groups and identifiers land in one
 * transaction (docs/store.md).
 * Owns: a check_store owns its store, the set of the input's subjects and
 * the scratch of a report's decision.
 * Thread-safety: main thread only. */
#include <time.h>

#include "core/strmap.h"
#include "store_cli.h"

/* Identifiers of one subject written to the store (the strongest first;
 * a subject sharing more is rare and the rest are in its group). */
#define MAX_SUBJECT_IDENTS 64
/* Printed input problems of the stored population (as `vetter check`). */
#define MAX_PRINTED_ISSUES 20

struct check_store {
  struct vet_store *st;
  const char *db;
  struct vet_strmap input;    /* subject ids of the input's records */
  struct vet_arena ids;       /* their keys */
  bool oom;
  bool in_tx;
  uint64_t reports;
  struct vet_arena scratch;   /* a decision's strings, reset per report */
};

static void on_record(void *arg, const struct vet_store_record *r)
{
  struct check_store *cs = arg;
  if (vet_strmap_get(&cs->input, r->subject))
    return;
  char *k = vet_arena_alloc(&cs->ids, r->subject.len + 1);
  bool ins;
  if (k) {
    memcpy(k, r->subject.ptr, r->subject.len);
    k[r->subject.len] = 0;
  }
  if (!k || !vet_strmap_put(&cs->input, (vet_str){k, r->subject.len}, 0, &ins))
    cs->oom = true;
}

struct check_store *check_store_open(const char *db, const struct vet_ctx *ctx, struct vet_lines *in,
                                     const struct cli_opts *o, struct vet_population *pop, int *status)
{
  struct check_store *cs = calloc(1, sizeof *cs);
  if (!cs) {
    *status = cli_error(&(struct vet_error){VET_ENOMEM, "out of memory"});
    return NULL;
  }
  cs->db = db;
  vet_strmap_init(&cs->input);
  vet_arena_init(&cs->ids, 64 * 1024);
  vet_arena_init(&cs->scratch, 16 * 1024);
  *status = 0;
  if (!(cs->st = store_open_cli(db, 0)))
    *status = 1;
  if (!*status)
    *status = cli_ingest_run(cs->st, ctx, in, db, o, VET_STORE_DEFAULT_BATCH, on_record, cs);
  if (!*status && cs->oom)
    *status = cli_error(&(struct vet_error){VET_ENOMEM, "out of memory"});
  struct vet_error e = {0};
  double t0 = vet_now();
  if (!*status && (vet_store_load_population(cs->st, pop, &e) || vet_population_finish(pop, &e)))
    *status = cli_error(&e);
  if (*status) {
    check_store_close(cs);
    return NULL;
  }
  /* records the current parser rejects (stored by an older vetter) */
  for (uint32_t i = 0; i < pop->n_issues && i < MAX_PRINTED_ISSUES; i++)
    fprintf(stderr, "vetter: store: %s\n", pop->issues[i].msg);
  if (pop->n_issues_total > MAX_PRINTED_ISSUES)
    fprintf(stderr, "vetter: store: ... and %zu more problems\n", pop->n_issues_total - MAX_PRINTED_ISSUES);
  if (!o->quiet)
    fprintf(stderr, "vetter: read %u subjects and %u events from '%s' in %.2f s; checking the %u of the input\n",
            pop->n_subjects, pop->n_events, db, vet_now() - t0, (unsigned)check_store_input_count(cs));
  return cs;
}

size_t check_store_input_count(const struct check_store *cs) { return cs->input.count; }

bool check_store_wanted(const struct check_store *cs, const struct vet_subject *s)
{
  return vet_strmap_get(&cs->input, s->id) != NULL;
}

int check_store_begin(struct check_store *cs)
{
  struct vet_error e = {0};
  if (vet_store_begin(cs->st, &e))
    return cli_error(&e);
  cs->in_tx = true;
  return 0;
}

int check_store_report(struct check_store *cs, const struct vet_subject *s, json_t *report)
{
  vet_arena_reset(&cs->scratch);
  struct vet_decision d;
  struct vet_decision_review rv;
  bool has = false;
  if (store_review_decision(cs->st, s->id, report, &cs->scratch, &d, &rv, &has))
    return 1;
  struct vet_error e = {0};
  /* stored without the decision: the history is of findings */
  if (vet_store_add_report(cs->st, report, NULL, &e))
    return cli_error(&e);
  cs->reports++;
  json_t *dj = has ? store_decision_json(&d, &rv) : NULL;
  if (dj)
    json_object_set_new(report, "decision", dj);
  return 0;
}

/* Subjects that had identifiers stored: their sets are replaced (by an
 * empty one when they share nothing now).  Ids copied into keys. */
struct had {
  struct vet_strmap ids;
  struct vet_arena keys;
  bool oom;
};

static int had_ident(void *arg, vet_str kind, vet_str value, vet_str subject)
{
  struct had *h = arg;
  if (vet_strmap_get(&h->ids, subject))
    return 0;
  char *c = vet_arena_alloc(&h->keys, subject.len + 1);
  bool ins;
  if (!c || (memcpy(c, subject.ptr, subject.len), !vet_strmap_put(&h->ids, (vet_str){c, subject.len}, 0, &ins)))
    h->oom = true;
  return h->oom;
}

static int store_identifiers(struct check_store *cs, const struct vet_checker *ck)
{
  const struct vet_population *pop = vet_checker_population(ck);
  struct vet_error e = {0};
  struct had h = {0};
  vet_strmap_init(&h.ids);
  vet_arena_init(&h.keys, 64 * 1024);
  vet_err rc = vet_store_each_identifier(cs->st, 0, had_ident, &h, &e);
  const char *kinds[MAX_SUBJECT_IDENTS];
  vet_str values[MAX_SUBJECT_IDENTS];
  struct vet_store_ident ids[MAX_SUBJECT_IDENTS];
  for (uint32_t i = 0; i < pop->n_subjects && !rc && !h.oom; i++) {
    uint32_t n = vet_checker_shared_of(ck, i, kinds, values, MAX_SUBJECT_IDENTS);
    n = VET_MIN(n, (uint32_t)MAX_SUBJECT_IDENTS);
    if (!n && !vet_strmap_get(&h.ids, pop->subjects[i].id))
      continue;
    for (uint32_t k = 0; k < n; k++)
      ids[k] = (struct vet_store_ident){vet_str_c(kinds[k]), values[k]};
    rc = vet_store_set_identifiers(cs->st, pop->subjects[i].id, ids, n, &e);
  }
  vet_strmap_release(&h.ids);
  vet_arena_release(&h.keys);
  if (h.oom)
    return cli_error(&(struct vet_error){VET_ENOMEM, "out of memory"});
  return rc ? cli_error(&e) : 0;
}

static int store_groups(struct check_store *cs, const struct vet_checker *ck)
{
  const struct vet_population *pop = vet_checker_population(ck);
  uint32_t ng = vet_checker_group_count(ck);
  struct vet_store_group *gs = calloc(ng ? ng : 1, sizeof *gs);
  json_t **js = calloc(ng ? ng : 1, sizeof *js);
  char **texts = calloc(ng ? ng : 1, sizeof *texts);
  vet_str **members = calloc(ng ? ng : 1, sizeof *members);
  int status = gs && js && texts && members ? 0 : cli_error(&(struct vet_error){VET_ENOMEM, "out of memory"});
  char now[32];
  vet_store_format_time((int64_t)time(NULL), now, sizeof now);
  for (uint32_t k = 0; k < ng && !status; k++) {
    const uint32_t *m;
    uint32_t n;
    js[k] = vet_checker_group(ck, k, &m, &n);
    members[k] = malloc(n * sizeof **members);
    if (js[k])
      json_object_set_new(js[k], "computed_at", json_string(now));
    texts[k] = js[k] ? json_dumps(js[k], JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6)) : NULL;
    if (!js[k] || !members[k] || !texts[k]) {
      status = cli_error(&(struct vet_error){VET_ENOMEM, "out of memory"});
      break;
    }
    for (uint32_t q = 0; q < n; q++)
      members[k][q] = pop->subjects[m[q]].id;
    gs[k] = (struct vet_store_group){.id = vet_str_c(json_string_value(json_object_get(js[k], "id"))),
                                     .json = vet_str_c(texts[k]),
                                     .members = members[k],
                                     .n_members = n};
  }
  struct vet_error e = {0};
  if (!status && vet_store_replace_groups(cs->st, gs, ng, &e))
    status = cli_error(&e);
  for (uint32_t k = 0; k < ng && gs; k++) {
    json_decref(js ? js[k] : NULL);
    free(texts ? texts[k] : NULL);
    free(members ? members[k] : NULL);
  }
  free(gs);
  free(js);
  free(texts);
  free(members);
  return status;
}

int check_store_finish(struct check_store *cs, const struct vet_checker *ck, bool quiet)
{
  int status = store_groups(cs, ck);
  if (!status)
    status = store_identifiers(cs, ck);
  struct vet_error e = {0};
  if (!status && vet_store_commit(cs->st, &e))
    status = cli_error(&e);
  if (status)
    vet_store_rollback(cs->st);
  cs->in_tx = false;
  if (!status && !quiet)
    fprintf(stderr, "vetter: stored %llu reports and %u groups in '%s'\n", (unsigned long long)cs->reports,
            vet_checker_group_count(ck), cs->db);
  return status;
}

void check_store_close(struct check_store *cs)
{
  if (!cs)
    return;
  if (cs->in_tx)
    vet_store_rollback(cs->st);
  vet_store_close(cs->st);
  vet_strmap_release(&cs->input);
  vet_arena_release(&cs->ids);
  vet_arena_release(&cs->scratch);
  free(cs);
}
