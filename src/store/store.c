/* store/store.c - the backend-neutral front of the store: picks the
 * backend from the URI, checks every argument (caps, UTF-8, read-only),
 * stamps times from the store's clock, computes content hashes and
 * findings fingerprints, then calls the backend's operation.  Also loads
 * a stored population back through the ordinary parser. */
#include <stdio.h>
#include <time.h>

#include "store/store_int.h"

uint64_t vet_store_hash64(vet_str s)
{
  uint64_t h = 14695981039346656037ull;
  for (size_t i = 0; i < s.len; i++) {
    h ^= (unsigned char)s.ptr[i];
    h *= 1099511628211ull;
  }
  return h;
}

void vet_store_format_time(int64_t t, char *buf, size_t cap)
{
  time_t tt = (time_t)t;
  struct tm tm;
  if (!cap)
    return;
  if (!gmtime_r(&tt, &tm) || !strftime(buf, cap, "%Y-%m-%dT%H:%M:%SZ", &tm))
    snprintf(buf, cap, "@%lld", (long long)t);
}

bool store_dup(struct vet_arena *a, vet_str s, vet_str *out)
{
  if (!s.len) {
    *out = (vet_str){"", 0};
    return true;
  }
  *out = vet_arena_strdup(a, s);
  return out->ptr != NULL;
}

static int64_t system_clock(void *arg)
{
  (void)arg;
  return (int64_t)time(NULL);
}

static int64_t now(struct vet_store *st) { return st->clock(st->clock_arg); }

/* ---- opening ---- */

struct vet_store *vet_store_open(const char *uri, const struct vet_store_opts *opts, struct vet_error *e)
{
  static const struct vet_store_opts defaults = {0};
  const struct vet_store_opts *o = opts ? opts : &defaults;
  if (!uri || !*uri) {
    vet_fail(e, VET_EINVAL, "store: no path given");
    return NULL;
  }
  const char *path = uri;
  vet_str u = vet_str_c(uri);
  if (vet_str_starts_with(u, "postgres://") || vet_str_starts_with(u, "postgresql://")) {
    vet_fail(e, VET_EINVAL, "store '%s': the postgresql backend is not built into this vetter", uri);
    return NULL;
  }
  if (vet_str_starts_with(u, "sqlite:"))
    path = uri + strlen("sqlite:");
  if (!*path) {
    vet_fail(e, VET_EINVAL, "store '%s': no path given", uri);
    return NULL;
  }
  struct vet_store *st = store_sqlite_open(path, o, e);
  if (!st)
    return NULL;
  st->clock = o->clock ? o->clock : system_clock;
  st->clock_arg = o->clock ? o->clock_arg : NULL;
  return st;
}

void vet_store_close(struct vet_store *st)
{
  if (st)
    st->ops->close(st);
}

const char *vet_store_backend(const struct vet_store *st) { return st->ops->name; }
int vet_store_schema_version(const struct vet_store *st) { return st->schema_version; }

vet_err vet_store_check(struct vet_store *st, struct vet_error *e) { return st->ops->check(st, e); }

static vet_err writable(struct vet_store *st, struct vet_error *e)
{
  if (st->flags & VET_STORE_READONLY)
    return vet_fail(e, VET_EINVAL, "store '%s' is open read-only", st->where);
  return VET_OK;
}

vet_err vet_store_begin(struct vet_store *st, struct vet_error *e)
{
  vet_err rc = writable(st, e);
  return rc ? rc : st->ops->begin(st, e);
}

vet_err vet_store_commit(struct vet_store *st, struct vet_error *e) { return st->ops->commit(st, e); }
void vet_store_rollback(struct vet_store *st) { st->ops->rollback(st); }

vet_err vet_store_stats(struct vet_store *st, struct vet_store_stats *out, struct vet_error *e)
{
  memset(out, 0, sizeof *out);
  return st->ops->stats(st, out, e);
}

/* An id-like string: non-empty, at most VET_STORE_MAX_ID bytes, UTF-8. */
static vet_err check_id(struct vet_store *st, const char *what, vet_str s, struct vet_error *e)
{
  if (!s.len)
    return vet_fail(e, VET_EINVAL, "store '%s': empty %s", st->where, what);
  if (s.len > VET_STORE_MAX_ID)
    return vet_fail(e, VET_ELIMIT, "store '%s': %s '%.40s...' is longer than %d bytes", st->where, what, s.ptr,
                    VET_STORE_MAX_ID);
  if (!vet_utf8_valid(s, NULL))
    return vet_fail(e, VET_EINVAL, "store '%s': %s is not valid UTF-8", st->where, what);
  return VET_OK;
}

/* ---- ingest ---- */

vet_err vet_store_ingest(struct vet_store *st, struct vet_store_record *recs, size_t n,
                         struct vet_store_counts *counts, struct vet_error *e)
{
  vet_err rc = writable(st, e);
  if (rc)
    return rc;
  for (size_t i = 0; i < n; i++) {
    struct vet_store_record *r = &recs[i];
    if ((rc = check_id(st, "subject id", r->subject, e)))
      return rc;
    if (!r->json.len)
      return vet_fail(e, VET_EPARSE, "store '%s': record %zu of the batch has no JSON", st->where, i + 1);
    if (r->kind == VET_STORE_EVENT && (!r->event_kind || !*r->event_kind))
      return vet_fail(e, VET_EINVAL, "store '%s': event %zu of the batch has no kind", st->where, i + 1);
    if (r->kind != VET_STORE_SUBJECT && r->kind != VET_STORE_EVENT)
      return vet_fail(e, VET_EINVAL, "store '%s': record %zu of the batch has no valid kind", st->where, i + 1);
  }
  struct vet_store_counts c = {0};
  rc = st->ops->ingest(st, recs, n, now(st), &c, e);
  if (!rc && counts) {
    counts->subjects_new += c.subjects_new;
    counts->subjects_updated += c.subjects_updated;
    counts->subjects_unchanged += c.subjects_unchanged;
    counts->events_new += c.events_new;
    counts->events_duplicate += c.events_duplicate;
    counts->events_no_subject += c.events_no_subject;
  }
  return rc;
}

/* ---- reading subjects and events ---- */

vet_err vet_store_subject_get(struct vet_store *st, vet_str id, struct vet_arena *a, struct vet_stored_subject *out,
                              struct vet_error *e)
{
  memset(out, 0, sizeof *out);
  vet_err rc = check_id(st, "subject id", id, e);
  return rc ? rc : st->ops->subject_get(st, id, a, out, e);
}

vet_err vet_store_each_subject(struct vet_store *st, vet_store_subject_fn fn, void *arg, struct vet_error *e)
{
  return st->ops->each_subject(st, fn, arg, e);
}

vet_err vet_store_each_event(struct vet_store *st, vet_str subject, vet_store_event_fn fn, void *arg,
                             struct vet_error *e)
{
  return st->ops->each_event(st, subject, fn, arg, e);
}

/* Records read back between two clears of the line parser's results. */
#define LOAD_CLEAR_EVERY 4096

struct load {
  struct vet_population *pop;
  size_t n;
  vet_err rc;
  struct vet_error *e;
  struct vet_line_parser *lp; /* the fast readers, as `vetter check` reads its input */
  char *buf;                  /* a record's JSON and VET_LINE_PADDING bytes */
  size_t cap;
  uint32_t since_clear;
};

/* One stored record's JSON into the population, through the line parser
 * (subjects and events take the fast readers, anything else jansson). */
static int load_json(struct load *l, vet_str json)
{
  size_t need = json.len + VET_LINE_PADDING;
  if (need > l->cap) {
    char *b = realloc(l->buf, need);
    if (!b) {
      l->rc = vet_fail(l->e, VET_ENOMEM, "out of memory");
      return 1;
    }
    l->buf = b;
    l->cap = need;
  }
  if (json.len)
    memcpy(l->buf, json.ptr, json.len);
  memset(l->buf + json.len, 0, VET_LINE_PADDING);
  const struct vet_parsed_line *r = vet_line_parser_parse(l->lp, (vet_str){l->buf, json.len}, need, l->e);
  l->rc = r ? vet_population_add_parsed(l->pop, ++l->n, r, l->e) : (l->e->code ? l->e->code : VET_ENOMEM);
  if (++l->since_clear == LOAD_CLEAR_EVERY) {
    vet_line_parser_clear(l->lp);
    l->since_clear = 0;
  }
  return l->rc != VET_OK;
}

static int load_subject(void *arg, const struct vet_stored_subject *s) { return load_json(arg, s->json); }

static int load_event(void *arg, const struct vet_stored_event *ev) { return load_json(arg, ev->json); }

vet_err vet_store_load_population(struct vet_store *st, struct vet_population *pop, struct vet_error *e)
{
  struct load l = {.pop = pop, .e = e};
  vet_err rc = (l.lp = vet_line_parser_new(pop)) ? VET_OK : vet_fail(e, VET_ENOMEM, "out of memory");
  if (!rc)
    rc = st->ops->each_subject(st, load_subject, &l, e);
  if (!rc && !l.rc)
    rc = st->ops->each_event(st, VET_STR_NULL, load_event, &l, e);
  vet_line_parser_free(l.lp);
  free(l.buf);
  return rc ? rc : l.rc;
}

/* ---- identifiers ---- */

vet_err vet_store_set_identifiers(struct vet_store *st, vet_str subject, const struct vet_store_ident *ids, size_t n,
                                  struct vet_error *e)
{
  vet_err rc = writable(st, e);
  if (!rc)
    rc = check_id(st, "subject id", subject, e);
  for (size_t i = 0; !rc && i < n; i++) {
    rc = check_id(st, "identifier kind", ids[i].kind, e);
    if (!rc)
      rc = check_id(st, "identifier value", ids[i].value, e);
  }
  return rc ? rc : st->ops->set_identifiers(st, subject, ids, n, e);
}

vet_err vet_store_find_identifier(struct vet_store *st, vet_str kind, vet_str value, vet_store_ident_fn fn, void *arg,
                                  struct vet_error *e)
{
  return st->ops->find_identifier(st, kind, value, fn, arg, e);
}

vet_err vet_store_each_identifier(struct vet_store *st, unsigned min_subjects, vet_store_ident_fn fn, void *arg,
                                  struct vet_error *e)
{
  return st->ops->each_identifier(st, min_subjects, fn, arg, e);
}

/* ---- reports ---- */

static vet_str jstr(const json_t *v) { return (vet_str){json_string_value(v), json_string_length(v)}; }

vet_err vet_store_add_report(struct vet_store *st, const json_t *report, int64_t *id_out, struct vet_error *e)
{
  vet_err rc = writable(st, e);
  if (rc)
    return rc;
  json_t *subj = json_object_get(report, "subject"), *score = json_object_get(report, "score"),
         *band = json_object_get(report, "band");
  if (!json_is_string(subj) || !json_is_number(score) || !json_is_string(band) ||
      !json_is_array(json_object_get(report, "findings")))
    return vet_fail(e, VET_EPARSE, "store '%s': a report needs a string 'subject' and 'band', a number 'score' and "
                                   "a 'findings' array", st->where);
  struct vet_stored_report r = {.subject = jstr(subj), .score = json_number_value(score), .band = jstr(band)};
  if ((rc = check_id(st, "subject id", r.subject, e)))
    return rc;
  json_t *hash = json_object_get(json_object_get(json_object_get(report, "versions"), "config"), "hash");
  r.config_hash = json_is_string(hash) ? jstr(hash) : (vet_str){"", 0};
  char fp[VET_FINGERPRINT_HEX + 1];
  if ((rc = vet_findings_fingerprint(report, fp, e)))
    return rc;
  r.fingerprint = vet_str_c(fp);
  char *text = json_dumps(report, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
  if (!text)
    return vet_fail(e, VET_ENOMEM, "out of memory");
  r.json = vet_str_c(text);
  r.created_at = now(st);
  rc = st->ops->add_report(st, &r, id_out, e);
  free(text);
  return rc;
}

vet_err vet_store_latest_report(struct vet_store *st, vet_str subject, struct vet_arena *a,
                                struct vet_stored_report *out, struct vet_error *e)
{
  memset(out, 0, sizeof *out);
  vet_err rc = check_id(st, "subject id", subject, e);
  return rc ? rc : st->ops->report_get(st, 0, subject, a, out, e);
}

vet_err vet_store_report_get(struct vet_store *st, int64_t id, struct vet_arena *a, struct vet_stored_report *out,
                             struct vet_error *e)
{
  memset(out, 0, sizeof *out);
  if (id <= 0)
    return vet_fail(e, VET_ENOTFOUND, "store '%s': no report %lld", st->where, (long long)id);
  return st->ops->report_get(st, id, VET_STR_NULL, a, out, e);
}

vet_err vet_store_each_report(struct vet_store *st, vet_str subject, vet_store_report_fn fn, void *arg,
                              struct vet_error *e)
{
  vet_err rc = check_id(st, "subject id", subject, e);
  return rc ? rc : st->ops->each_report(st, subject, fn, arg, e);
}

/* ---- groups ---- */

vet_err vet_store_replace_groups(struct vet_store *st, const struct vet_store_group *groups, size_t n,
                                 struct vet_error *e)
{
  vet_err rc = writable(st, e);
  for (size_t i = 0; !rc && i < n; i++) {
    const struct vet_store_group *g = &groups[i];
    rc = check_id(st, "group id", g->id, e);
    if (!rc && !g->json.len)
      rc = vet_fail(e, VET_EPARSE, "store '%s': group '%.*s' has no JSON", st->where, VET_STR_FMT(g->id));
    for (size_t k = 0; !rc && k < g->n_members; k++)
      rc = check_id(st, "group member", g->members[k], e);
  }
  return rc ? rc : st->ops->replace_groups(st, groups, n, now(st), e);
}

vet_err vet_store_each_group(struct vet_store *st, vet_str subject, vet_store_group_fn fn, void *arg,
                             struct vet_error *e)
{
  return st->ops->each_group(st, subject, fn, arg, e);
}

/* ---- decisions ---- */

vet_err vet_store_decide(struct vet_store *st, const struct vet_decision *d, struct vet_arena *a,
                         struct vet_decision *out, struct vet_error *e)
{
  vet_err rc = writable(st, e);
  if (!rc)
    rc = check_id(st, "subject id", d->subject, e);
  if (rc)
    return rc;
  if ((unsigned)d->status > VET_DECISION_BLOCKED)
    return vet_fail(e, VET_EINVAL, "decision on '%.*s': bad status", VET_STR_FMT(d->subject));
  if (!vet_str_trim(d->by).len)
    return vet_fail(e, VET_EINVAL, "decision on '%.*s': no analyst named", VET_STR_FMT(d->subject));
  if (d->by.len > VET_STORE_MAX_BY || d->note.len > VET_STORE_MAX_NOTE)
    return vet_fail(e, VET_ELIMIT, "decision on '%.*s': analyst name over %d bytes or note over %d bytes",
                    VET_STR_FMT(d->subject), VET_STORE_MAX_BY, VET_STORE_MAX_NOTE);
  if (!vet_utf8_valid(d->by, NULL) || !vet_utf8_valid(d->note, NULL))
    return vet_fail(e, VET_EINVAL, "decision on '%.*s': the analyst name or note is not valid UTF-8",
                    VET_STR_FMT(d->subject));
  for (size_t i = 0; i < d->by.len; i++)
    if ((unsigned char)d->by.ptr[i] < 0x20 || d->by.ptr[i] == 0x7f)
      return vet_fail(e, VET_EINVAL, "decision on '%.*s': the analyst name has a control character",
                      VET_STR_FMT(d->subject));
  struct vet_decision in = *d;
  in.at = now(st);
  in.report_id = 0;
  in.fingerprint = (vet_str){"", 0};
  if (out)
    memset(out, 0, sizeof *out);
  return st->ops->decide(st, &in, a, out, e);
}

vet_err vet_store_latest_decision(struct vet_store *st, vet_str subject, struct vet_arena *a,
                                  struct vet_decision *out, struct vet_error *e)
{
  memset(out, 0, sizeof *out);
  vet_err rc = check_id(st, "subject id", subject, e);
  return rc ? rc : st->ops->latest_decision(st, subject, a, out, e);
}

vet_err vet_store_each_decision(struct vet_store *st, vet_str subject, vet_store_decision_fn fn, void *arg,
                                struct vet_error *e)
{
  return st->ops->each_decision(st, subject, fn, arg, e);
}
