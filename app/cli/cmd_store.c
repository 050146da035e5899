/* cli/cmd_store.c - the analyst's commands of the local store
 * (docs/store.md): `vetter report` (a subject's latest stored report, its
 * history and the analyst's decision), `vetter decide` (append a decision
 * to the audit log) and `vetter audit` (print the log), and the helpers
 * the store commands share (store_cli.h).  `vetter ingest` is in
 * cmd_ingest.c.  The store is --db PATH, else $VETTER_DB, else
 * ./vetter.db. */
#include "store_cli.h"

static const char report_usage[] =
    "usage: vetter report SUBJECT [--db PATH] [--json]\n"
    "  the subject's latest stored report, its history (score and band per date) and the decision\n";
static const char decide_usage[] =
    "usage: vetter decide SUBJECT --status cleared|watch|blocked --note TEXT --by NAME [--db PATH] [--json]\n"
    "  record an analyst's decision in the append-only audit log, with the fingerprint of the\n"
    "  subject's latest stored report; a cleared subject stays cleared until new evidence arrives\n";
static const char audit_usage[] =
    "usage: vetter audit [--db PATH] [--subject ID] [--json]\n"
    "  the audit log of decisions, oldest first\n";

/* ---- shared by the store commands (store_cli.h) ---- */

int store_parse_args(struct store_args *a, int argc, char **argv,
                     int (*extra)(void *ctx, int argc, char **argv, int *i), void *ctx)
{
  for (int i = 0; i < argc; i++) {
    int st;
    if (cli_common_opt(&a->o, argc, argv, &i, a->usage, &st)) {
      if (st >= 0)
        return st;
      continue;
    }
    if (!strcmp(argv[i], "--db")) {
      if (i + 1 >= argc)
        return cli_usage_error("%s: option '--db' needs a value\n%s", a->cmd, a->usage);
      a->db = argv[++i];
      continue;
    }
    int x = extra ? extra(ctx, argc, argv, &i) : 0;
    if (x < 0)
      return 2;
    if (x > 0)
      continue;
    if (argv[i][0] == '-' && argv[i][1])
      return cli_usage_error("%s: unknown option '%s'\n%s", a->cmd, argv[i], a->usage);
    if (a->pos)
      return cli_usage_error("%s: unexpected argument '%s'\n%s", a->cmd, argv[i], a->usage);
    a->pos = argv[i];
  }
  if (!a->db)
    a->db = getenv("VETTER_DB");
  if (!a->db || !*a->db)
    a->db = "vetter.db";
  return -1;
}

struct vet_store *store_open_cli(const char *db, unsigned flags)
{
  struct vet_error e = {0};
  struct vet_store_opts so = {.flags = flags};
  struct vet_store *st = vet_store_open(db, &so, &e);
  if (!st) {
    if (e.code == VET_ENOTFOUND)
      fprintf(stderr, "vetter: %s (create it with: vetter ingest FILE --db %s)\n", e.msg, db);
    else
      cli_error(&e);
  }
  return st;
}

void store_put_clean(FILE *f, vet_str s)
{
  for (size_t i = 0; i < s.len; i++) {
    unsigned char c = (unsigned char)s.ptr[i];
    fputc(c < 0x20 || c == 0x7f ? '?' : c, f);
  }
}

void store_put_time(FILE *f, int64_t t)
{
  char buf[32];
  vet_store_format_time(t, buf, sizeof buf);
  fputs(buf, f);
}

json_t *store_time_json(int64_t t)
{
  char buf[32];
  vet_store_format_time(t, buf, sizeof buf);
  return json_string(buf);
}

/* ---- vetter report ---- */

struct history {
  json_t *rows;      /* --json */
  bool text;
};

static int history_row(void *arg, const struct vet_stored_report *r)
{
  struct history *h = arg;
  if (h->text) {
    fputs("  ", stdout);
    store_put_time(stdout, r->created_at);
    printf("  score %5.1f  band %-8.*s  report %lld\n", r->score, VET_STR_FMT(r->band), (long long)r->id);
    return 0;
  }
  json_t *o = json_object();
  json_object_set_new(o, "id", json_integer(r->id));
  json_object_set_new(o, "at", store_time_json(r->created_at));
  json_object_set_new(o, "score", json_real(r->score));
  json_object_set_new(o, "band", json_stringn(r->band.ptr, r->band.len));
  json_object_set_new(o, "config", json_stringn(r->config_hash.ptr, r->config_hash.len));
  json_object_set_new(o, "fingerprint", json_stringn(r->fingerprint.ptr, r->fingerprint.len));
  json_array_append_new(h->rows, o);
  return 0;
}

static int group_id(void *arg, const struct vet_store_group *g)
{
  json_array_append_new(arg, json_stringn(g->id.ptr, g->id.len));
  return 0;
}

static const char *or_q(const char *s) { return s ? s : "?"; }

static void text_findings(json_t *rep)
{
  size_t i;
  json_t *f;
  json_t *fs = json_object_get(rep, "findings");
  json_array_foreach(fs, i, f)
  {
    printf("  %-8s %-30s %.2f  ", or_q(json_string_value(json_object_get(f, "severity"))),
           or_q(json_string_value(json_object_get(f, "rule"))), json_number_value(json_object_get(f, "score_weight")));
    store_put_clean(stdout, vet_str_c(json_string_value(json_object_get(f, "message"))));
    fputc('\n', stdout);
  }
  if (!json_array_size(fs))
    puts("  no findings");
}

json_t *store_decision_json(const struct vet_decision *d, const struct vet_decision_review *rv)
{
  json_t *o = json_object();
  json_object_set_new(o, "id", json_integer(d->id));
  json_object_set_new(o, "subject", json_stringn(d->subject.ptr, d->subject.len));
  json_object_set_new(o, "status", json_string(vet_decision_status_name(d->status)));
  json_object_set_new(o, "by", json_stringn(d->by.ptr, d->by.len));
  json_object_set_new(o, "at", store_time_json(d->at));
  json_object_set_new(o, "note", json_stringn(d->note.ptr, d->note.len));
  json_object_set_new(o, "report_id", d->report_id ? json_integer(d->report_id) : json_null());
  json_object_set_new(o, "fingerprint", json_stringn(d->fingerprint.ptr, d->fingerprint.len));
  if (rv) {
    json_object_set_new(o, "stands", json_boolean(rv->stands));
    json_t *nr = json_array();
    for (uint32_t i = 0; i < rv->n_new_rules; i++)
      json_array_append_new(nr, json_string(rv->new_rules[i]));
    json_object_set_new(o, "new_evidence", nr);
    json_object_set_new(o, "text", json_string(rv->text));
  }
  return o;
}

/* The decision and its review against the latest report (fresh, may be
 * NULL); returns 1 on a store error (printed), 0 otherwise (*has tells
 * whether there is a decision). */
int store_review_decision(struct vet_store *st, vet_str id, json_t *fresh, struct vet_arena *ar,
                          struct vet_decision *d, struct vet_decision_review *rv, bool *has)
{
  struct vet_error e = {0};
  *has = false;
  vet_err rc = vet_store_latest_decision(st, id, ar, d, &e);
  if (rc == VET_ENOTFOUND)
    return 0;
  if (rc)
    return cli_error(&e);
  json_t *seen = NULL;
  if (d->report_id) {
    struct vet_stored_report sr;
    if ((rc = vet_store_report_get(st, d->report_id, ar, &sr, &e)))
      return cli_error(&e);
    seen = json_loadb(sr.json.ptr, sr.json.len, 0, NULL);
  }
  rc = vet_decision_review(d, seen, fresh, rv, &e);
  json_decref(seen);
  if (rc)
    return cli_error(&e);
  *has = true;
  return 0;
}

int cmd_report(int argc, char **argv)
{
  struct store_args a = {.cmd = "report", .usage = report_usage};
  int code = store_parse_args(&a, argc, argv, NULL, NULL);
  if (code >= 0)
    return code;
  if (!a.pos)
    return cli_usage_error("report: no subject given\n%s", report_usage);
  struct vet_store *st = store_open_cli(a.db, VET_STORE_NOCREATE);
  if (!st)
    return 1;
  struct vet_arena ar;
  vet_arena_init(&ar, 64 * 1024);
  struct vet_error e = {0};
  vet_str id = vet_str_c(a.pos);
  struct vet_stored_subject sub;
  struct vet_stored_report rep = {0};
  json_t *fresh = NULL, *hist = json_array(), *groups = json_array();
  int status = 0;
  vet_err rc = vet_store_subject_get(st, id, &ar, &sub, &e);
  bool has_report = false, has_decision = false;
  if (!rc) {
    rc = vet_store_latest_report(st, id, &ar, &rep, &e);
    has_report = rc == VET_OK;
    if (rc == VET_ENOTFOUND)
      rc = VET_OK;
  }
  if (has_report && !(fresh = json_loadb(rep.json.ptr, rep.json.len, 0, NULL)))
    rc = vet_fail(&e, VET_EDB, "report %lld of '%s' does not parse", (long long)rep.id, a.pos);
  if (!rc)
    rc = vet_store_each_group(st, id, group_id, groups, &e);
  if (rc)
    status = cli_error(&e);
  struct vet_decision d;
  struct vet_decision_review rv;
  if (!status)
    status = store_review_decision(st, id, fresh, &ar, &d, &rv, &has_decision);
  bool stale = has_report && rep.created_at < VET_MAX(sub.updated_at, sub.last_event_at);
  struct history h = {.rows = hist, .text = !a.o.json};
  if (!status && a.o.json) {
    json_t *o = json_object();
    json_object_set_new(o, "subject", json_stringn(sub.id.ptr, sub.id.len));
    json_object_set_new(o, "first_seen", store_time_json(sub.first_seen));
    json_object_set_new(o, "updated_at", store_time_json(sub.updated_at));
    json_object_set_new(o, "events", json_integer((json_int_t)sub.n_events));
    json_object_set_new(o, "report", has_report ? json_incref(fresh) : json_null());
    json_object_set_new(o, "report_id", has_report ? json_integer(rep.id) : json_null());
    json_object_set_new(o, "report_at", has_report ? store_time_json(rep.created_at) : json_null());
    json_object_set_new(o, "report_stale", json_boolean(stale));
    if ((rc = vet_store_each_report(st, id, history_row, &h, &e)))
      status = cli_error(&e);
    json_object_set(o, "history", hist);
    json_object_set_new(o, "decision", has_decision ? store_decision_json(&d, &rv) : json_null());
    json_object_set(o, "groups", groups);
    if (!status)
      cli_print_json(stdout, o);
    json_decref(o);
  } else if (!status) {
    json_t *subj = json_loadb(sub.json.ptr, sub.json.len, 0, NULL);
    printf("subject %.*s", VET_STR_FMT(sub.id));
    const char *name = json_string_value(json_object_get(subj, "name"));
    if (name) {
      fputs("  (", stdout);
      store_put_clean(stdout, vet_str_c(name));
      fputc(')', stdout);
    }
    json_decref(subj);
    fputs("\n  stored since ", stdout);
    store_put_time(stdout, sub.first_seen);
    fputs(", record updated ", stdout);
    store_put_time(stdout, sub.updated_at);
    printf(", %llu events\n", (unsigned long long)sub.n_events);
    if (has_report) {
      printf("latest report %lld  ", (long long)rep.id);
      store_put_time(stdout, rep.created_at);
      printf("  score %.1f  band %.*s\n", rep.score, VET_STR_FMT(rep.band));
      text_findings(fresh);
      if (stale)
        puts("  (the subject's data changed after this report: run the checks again)");
      puts("history (oldest first)");
      if ((rc = vet_store_each_report(st, id, history_row, &h, &e)))
        status = cli_error(&e);
    } else {
      puts("no report stored yet (vetter check FILE | vetter ingest --reports -)");
    }
    if (has_decision) {
      fputs("decision: ", stdout);
      store_put_clean(stdout, vet_str_c(rv.text));
      fputs("\n  note: ", stdout);
      store_put_clean(stdout, d.note);
      fputc('\n', stdout);
    } else {
      puts("decision: none");
    }
    for (size_t i = 0; i < json_array_size(groups); i++)
      printf("%s%s", i ? ", " : "groups: ", json_string_value(json_array_get(groups, i)));
    if (json_array_size(groups))
      fputc('\n', stdout);
  }
  json_decref(fresh);
  json_decref(hist);
  json_decref(groups);
  vet_arena_release(&ar);
  vet_store_close(st);
  return status;
}

/* ---- vetter decide ---- */

struct decide_opts {
  const char *status, *note, *by;
};

static int decide_opt(void *ctx, int argc, char **argv, int *i)
{
  struct decide_opts *d = ctx;
  const char **target = !strcmp(argv[*i], "--status") ? &d->status
                        : !strcmp(argv[*i], "--note") ? &d->note
                        : !strcmp(argv[*i], "--by")   ? &d->by
                                                      : NULL;
  if (!target)
    return 0;
  if (*i + 1 >= argc) {
    cli_usage_error("decide: option '%s' needs a value", argv[*i]);
    return -1;
  }
  *target = argv[++*i];
  return 1;
}

int cmd_decide(int argc, char **argv)
{
  struct store_args a = {.cmd = "decide", .usage = decide_usage};
  struct decide_opts dop = {0};
  int code = store_parse_args(&a, argc, argv, decide_opt, &dop);
  if (code >= 0)
    return code;
  if (!a.pos)
    return cli_usage_error("decide: no subject given\n%s", decide_usage);
  enum vet_decision_status status;
  if (!dop.status || vet_decision_status_parse(vet_str_c(dop.status), &status))
    return cli_usage_error("decide: --status must be cleared, watch or blocked%s%s%s", dop.status ? ", not '" : "",
                           dop.status ? dop.status : "", dop.status ? "'" : "");
  if (!dop.by || !vet_str_trim(vet_str_c(dop.by)).len)
    return cli_usage_error("decide: --by NAME is required: the audit log names who decided");
  if (!dop.note)
    return cli_usage_error("decide: --note TEXT is required: the audit log says why");
  struct vet_store *st = store_open_cli(a.db, VET_STORE_NOCREATE);
  if (!st)
    return 1;
  struct vet_arena ar;
  vet_arena_init(&ar, 4096);
  struct vet_error e = {0};
  struct vet_decision in = {.subject = vet_str_c(a.pos), .status = status, .note = vet_str_c(dop.note),
                            .by = vet_str_trim(vet_str_c(dop.by))},
                      out;
  int rc = 0;
  if (vet_store_decide(st, &in, &ar, &out, &e)) {
    rc = cli_error(&e);
  } else if (a.o.json) {
    json_t *o = store_decision_json(&out, NULL);
    cli_print_json(stdout, o);
    json_decref(o);
  } else {
    printf("decision %lld: %.*s %s by ", (long long)out.id, VET_STR_FMT(out.subject),
           vet_decision_status_name(out.status));
    store_put_clean(stdout, out.by);
    if (out.report_id)
      printf(" (report %lld, fingerprint %.*s)\n", (long long)out.report_id, VET_STR_FMT(out.fingerprint));
    else
      puts(" (no report stored yet)");
  }
  vet_arena_release(&ar);
  vet_store_close(st);
  return rc;
}

/* ---- vetter audit ---- */

static int audit_opt(void *ctx, int argc, char **argv, int *i)
{
  if (strcmp(argv[*i], "--subject"))
    return 0;
  if (*i + 1 >= argc) {
    cli_usage_error("audit: option '--subject' needs a value");
    return -1;
  }
  *(const char **)ctx = argv[++*i];
  return 1;
}

struct audit {
  bool json;
  size_t n;
};

static int audit_row(void *arg, const struct vet_decision *d)
{
  struct audit *au = arg;
  au->n++;
  if (au->json) {
    json_t *o = store_decision_json(d, NULL);
    cli_print_json(stdout, o);
    json_decref(o);
    return 0;
  }
  printf("%-5lld ", (long long)d->id);
  store_put_time(stdout, d->at);
  fputs("  ", stdout);
  store_put_clean(stdout, d->subject);
  printf("  %-7s  by ", vet_decision_status_name(d->status));
  store_put_clean(stdout, d->by);
  if (d->report_id)
    printf("  report %lld (%.*s)", (long long)d->report_id, VET_STR_FMT(d->fingerprint));
  else
    fputs("  no report", stdout);
  fputs("  ", stdout);
  store_put_clean(stdout, d->note);
  fputc('\n', stdout);
  return 0;
}

int cmd_audit(int argc, char **argv)
{
  struct store_args a = {.cmd = "audit", .usage = audit_usage};
  const char *subject = NULL;
  int code = store_parse_args(&a, argc, argv, audit_opt, &subject);
  if (code >= 0)
    return code;
  if (a.pos)
    return cli_usage_error("audit: unexpected argument '%s' (use --subject ID)\n%s", a.pos, audit_usage);
  struct vet_store *st = store_open_cli(a.db, VET_STORE_NOCREATE);
  if (!st)
    return 1;
  struct vet_error e = {0};
  struct audit au = {.json = a.o.json};
  int rc = 0;
  if (vet_store_each_decision(st, vet_str_c(subject), audit_row, &au, &e))
    rc = cli_error(&e);
  else if (!au.n && !a.o.quiet)
    fprintf(stderr, "vetter: no decisions recorded%s%s%s\n", subject ? " on '" : "", subject ? subject : "",
            subject ? "'" : "");
  if (fflush(stdout) != 0)
    rc = 1;
  vet_store_close(st);
  return rc;
}
