/* store/ingest.c - `vetter ingest` as a library: JSON lines read through
 * the ordinary subject parser (so problems are reported exactly as
 * `vetter check` reports them), good records stored in batches (one
 * transaction each, vet_store_ingest), subject ids seen twice skipped,
 * and events whose subject comes later in the input kept until the end.
 * Each batch is parsed into its own small population, freed once the
 * batch is stored: memory stays bounded by the batch size, the ids read
 * so far and the events waiting for their subject. */
#include <stdarg.h>
#include <stdio.h>

#include "core/common.h"
#include "core/strmap.h"
#include "vetter/store.h"

struct pending {
  char *json;        /* malloc'd, NUL-terminated; holds the subject id after the JSON */
  size_t json_len;
  vet_str subject;   /* points into json's block */
  int64_t ts;
  const char *kind;  /* static (vet_event_kind_name) */
  size_t line;
};

struct vet_ingest {
  struct vet_store *st;
  const struct vet_countries *countries;
  char *source;
  size_t batch;
  vet_ingest_issue_fn on_issue;
  void *arg;
  vet_ingest_record_fn on_record;
  void *record_arg;
  struct vet_population *pop;       /* this batch's records, parsed */
  struct vet_store_record *recs;    /* this batch; json malloc'd */
  size_t *lines;                    /* input line of each record */
  uint32_t n, cap;
  struct vet_strmap seen;           /* subject id -> first line, over the whole input */
  struct vet_arena ids;             /* keys of seen */
  struct pending *wait;             /* events waiting for their subject */
  uint32_t n_wait, cap_wait;
  size_t wait_bytes;
  struct vet_ingest_stats stats;
  bool finished;
};

static void issue(struct vet_ingest *in, size_t line, bool skipped, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* Report one problem "SOURCE:LINE: ..." of our own (not the parser's). */
static void issue(struct vet_ingest *in, size_t line, bool skipped, const char *fmt, ...)
{
  struct vet_input_issue is = {.line = line, .skipped = skipped};
  int n = snprintf(is.msg, sizeof is.msg, "%s:%zu: ", in->source, line);
  va_list ap;
  va_start(ap, fmt);
  if (n > 0 && (size_t)n < sizeof is.msg)
    vsnprintf(is.msg + n, sizeof is.msg - (size_t)n, fmt, ap);
  va_end(ap);
  if (skipped)
    in->stats.skipped++;
  else
    in->stats.warnings++;
  if (in->on_issue)
    in->on_issue(in->arg, &is);
}

struct vet_ingest *vet_ingest_new(struct vet_store *st, const struct vet_countries *countries, const char *source,
                                  const struct vet_ingest_opts *o, struct vet_error *e)
{
  static const struct vet_ingest_opts defaults = {0};
  if (!o)
    o = &defaults;
  struct vet_ingest *in = calloc(1, sizeof *in);
  if (!in || !(in->source = strdup(source ? source : "-"))) {
    free(in);
    vet_fail(e, VET_ENOMEM, "out of memory");
    return NULL;
  }
  in->st = st;
  in->countries = countries;
  in->batch = o->batch ? o->batch : VET_STORE_DEFAULT_BATCH;
  in->on_issue = o->on_issue;
  in->arg = o->arg;
  in->on_record = o->on_record;
  in->record_arg = o->record_arg;
  vet_strmap_init(&in->seen);
  vet_arena_init(&in->ids, 64 * 1024);
  return in;
}

static void drop_batch(struct vet_ingest *in)
{
  for (uint32_t i = 0; i < in->n; i++)
    free((char *)in->recs[i].json.ptr);
  in->n = 0;
  vet_population_free(in->pop);
  in->pop = NULL;
}

void vet_ingest_free(struct vet_ingest *in)
{
  if (!in)
    return;
  drop_batch(in);
  free(in->recs);
  free(in->lines);
  for (uint32_t i = 0; i < in->n_wait; i++)
    free(in->wait[i].json);
  free(in->wait);
  vet_strmap_release(&in->seen);
  vet_arena_release(&in->ids);
  free(in->source);
  free(in);
}

const struct vet_ingest_stats *vet_ingest_stats(const struct vet_ingest *in) { return &in->stats; }

/* Keep an event whose subject is not stored yet, to try again at the end. */
static vet_err wait_for_subject(struct vet_ingest *in, const struct vet_store_record *r, size_t line)
{
  size_t need = r->json.len + r->subject.len + 2;
  if (in->wait_bytes + need > VET_INGEST_MAX_PENDING) {
    issue(in, line, true, "event of subject '%.*s' skipped: its subject is not stored and more than %u MiB of "
                          "events already wait for theirs", VET_STR_FMT(vet_str_sub(r->subject, 0, 64)),
          VET_INGEST_MAX_PENDING >> 20);
    return VET_OK;
  }
  char *p = malloc(need);
  struct pending *w = p ? vet_vec_push(&in->wait, &in->n_wait, &in->cap_wait, sizeof *w) : NULL;
  if (!w) {
    free(p);
    return VET_ENOMEM;
  }
  memcpy(p, r->json.ptr, r->json.len);
  p[r->json.len] = 0;
  memcpy(p + r->json.len + 1, r->subject.ptr, r->subject.len);
  p[need - 1] = 0;
  *w = (struct pending){p, r->json.len, {p + r->json.len + 1, r->subject.len}, r->ts, r->event_kind, line};
  in->wait_bytes += need;
  return VET_OK;
}

static void add_counts(struct vet_store_counts *to, const struct vet_store_counts *c)
{
  to->subjects_new += c->subjects_new;
  to->subjects_updated += c->subjects_updated;
  to->subjects_unchanged += c->subjects_unchanged;
  to->events_new += c->events_new;
  to->events_duplicate += c->events_duplicate;
}

/* Store the batch (one transaction) and start a new one. */
static vet_err flush(struct vet_ingest *in, struct vet_error *e)
{
  if (!in->n) {
    drop_batch(in);
    return VET_OK;
  }
  struct vet_store_counts c = {0};
  vet_err rc = vet_store_ingest(in->st, in->recs, in->n, &c, e);
  if (!rc) {
    add_counts(&in->stats.counts, &c);
    in->stats.batches++;
    for (uint32_t i = 0; !rc && i < in->n; i++)
      if (in->recs[i].outcome == VET_STORE_NO_SUBJECT && wait_for_subject(in, &in->recs[i], in->lines[i]))
        rc = vet_fail(e, VET_ENOMEM, "out of memory");
    for (uint32_t i = 0; !rc && in->on_record && i < in->n; i++)
      if (in->recs[i].outcome != VET_STORE_NO_SUBJECT)
        in->on_record(in->record_arg, &in->recs[i]);
  }
  drop_batch(in);
  return rc;
}

static vet_err push(struct vet_ingest *in, enum vet_store_record_kind kind, vet_str subject, json_t *o,
                    const char *canon, int64_t ts, const char *ev_kind, size_t line, struct vet_error *e)
{
  if (in->n == in->cap) {
    uint32_t cap = in->cap ? in->cap * 2 : 256;
    struct vet_store_record *r = realloc(in->recs, cap * sizeof *r);
    if (r)
      in->recs = r;
    size_t *l = r ? realloc(in->lines, cap * sizeof *l) : NULL;
    if (!l)
      return vet_fail(e, VET_ENOMEM, "out of memory");
    in->lines = l;
    in->cap = cap;
  }
  char *text = canon ? strdup(canon) : json_dumps(o, JSON_SORT_KEYS | JSON_COMPACT);
  if (!text)
    return vet_fail(e, VET_ENOMEM, "out of memory");
  in->recs[in->n] = (struct vet_store_record){kind, subject, vet_str_c(text), ts, ev_kind, VET_STORE_NEW};
  in->lines[in->n++] = line;
  return VET_OK;
}

/* The parser's issues since index from, handed on; counts what they were. */
static void pass_issues(struct vet_ingest *in, uint32_t from, size_t skipped_before, size_t total_before)
{
  const struct vet_population *p = in->pop;
  for (uint32_t i = from; i < p->n_issues && in->on_issue; i++)
    in->on_issue(in->arg, &p->issues[i]);
  size_t sk = p->skipped - skipped_before, all = p->n_issues_total - total_before;
  in->stats.skipped += sk;
  in->stats.warnings += all > sk ? all - sk : 0;
}

vet_err vet_ingest_line(struct vet_ingest *in, size_t lineno, vet_str line, struct vet_error *e)
{
  vet_str t = vet_str_trim(line);
  if (!t.len && !in->finished)
    return VET_OK;
  json_t *o = json_loadb(t.ptr, t.len, JSON_REJECT_DUPLICATES, NULL);
  vet_err rc = vet_ingest_json(in, lineno, t, o, NULL, e);
  json_decref(o);
  return rc;
}

vet_err vet_ingest_json(struct vet_ingest *in, size_t lineno, vet_str line, json_t *o, const char *canon,
                        struct vet_error *e)
{
  if (in->finished)
    return vet_fail(e, VET_EINVAL, "ingest already finished");
  vet_str t = vet_str_trim(line);
  if (!o && !t.len)
    return VET_OK;
  in->stats.lines++;
  if (!in->pop && !(in->pop = vet_population_new(in->countries, in->source)))
    return vet_fail(e, VET_ENOMEM, "out of memory");
  struct vet_population *p = in->pop;
  uint32_t subjects = p->n_subjects, events = p->n_events, issues = p->n_issues;
  size_t skipped = p->skipped, total = p->n_issues_total;
  vet_err rc = o ? vet_population_add_json(p, lineno, o, e) : vet_population_add_line(p, lineno, t, e);
  if (!rc)
    pass_issues(in, issues, skipped, total);
  if (!rc && p->n_subjects > subjects) {
    vet_str id = p->subjects[p->n_subjects - 1].id;
    uint32_t *first = vet_strmap_get(&in->seen, id);
    if (first) {
      issue(in, lineno, true, "subject '%.*s' skipped: field 'id': duplicate subject id (first on line %u)",
            VET_STR_FMT(id), *first);
    } else if (id.len > VET_STORE_MAX_ID) {
      issue(in, lineno, true, "subject '%.64s...' skipped: field 'id': longer than %d bytes", id.ptr,
            VET_STORE_MAX_ID);
    } else {
      vet_str key = vet_arena_strdup(&in->ids, id);
      bool ins;
      if (!key.ptr || !vet_strmap_put(&in->seen, key, (uint32_t)VET_MIN(lineno, (size_t)UINT32_MAX), &ins))
        rc = vet_fail(e, VET_ENOMEM, "out of memory");
      else
        rc = push(in, VET_STORE_SUBJECT, id, o, canon, 0, NULL, lineno, e);
    }
  } else if (!rc && p->n_events > events) {
    const struct vet_event *ev = &p->events[p->n_events - 1];
    vet_str sid = vet_population_event_sid(p, p->n_events - 1);
    if (sid.len > VET_STORE_MAX_ID)
      issue(in, lineno, true, "event of subject '%.64s...' skipped: field 'subject': longer than %d bytes", sid.ptr,
            VET_STORE_MAX_ID);
    else
      rc = push(in, VET_STORE_EVENT, sid, o, canon, ev->ts, vet_event_kind_name(ev->kind), lineno, e);
  }
  /* a batch ends after `batch` records, or after as many lines, so a run
   * of bad lines cannot grow one population (and its issues) unbounded */
  if (!rc && (in->n >= in->batch || p->lines >= in->batch))
    rc = flush(in, e);
  return rc;
}

vet_err vet_ingest_skip(struct vet_ingest *in, size_t lineno, const char *reason, struct vet_error *e)
{
  if (in->finished)
    return vet_fail(e, VET_EINVAL, "ingest already finished");
  in->stats.lines++;
  issue(in, lineno, true, "%s", reason);
  return VET_OK;
}

/* The events that waited: stored now if their subject came, else
 * reported as `vetter check` reports them. */
static vet_err flush_waiting(struct vet_ingest *in, struct vet_error *e)
{
  struct vet_store_record *recs = in->n_wait ? calloc(VET_MIN(in->batch, (size_t)in->n_wait), sizeof *recs) : NULL;
  if (in->n_wait && !recs)
    return vet_fail(e, VET_ENOMEM, "out of memory");
  vet_err rc = VET_OK;
  for (uint32_t i = 0; !rc && i < in->n_wait;) {
    uint32_t n = (uint32_t)VET_MIN(in->batch, (size_t)(in->n_wait - i));
    for (uint32_t k = 0; k < n; k++) {
      const struct pending *w = &in->wait[i + k];
      recs[k] = (struct vet_store_record){VET_STORE_EVENT, w->subject, {w->json, w->json_len}, w->ts, w->kind,
                                          VET_STORE_NEW};
    }
    struct vet_store_counts c = {0};
    if ((rc = vet_store_ingest(in->st, recs, n, &c, e)))
      break;
    add_counts(&in->stats.counts, &c);
    in->stats.batches++;
    for (uint32_t k = 0; k < n; k++)
      if (recs[k].outcome == VET_STORE_NO_SUBJECT) {
        in->stats.counts.events_no_subject++;
        issue(in, in->wait[i + k].line, true, "event for unknown subject '%.*s'", VET_STR_FMT(recs[k].subject));
      } else if (in->on_record) {
        in->on_record(in->record_arg, &recs[k]);
      }
    i += n;
  }
  free(recs);
  return rc;
}

vet_err vet_ingest_finish(struct vet_ingest *in, struct vet_error *e)
{
  if (in->finished)
    return vet_fail(e, VET_EINVAL, "ingest already finished");
  in->finished = true;
  vet_err rc = flush(in, e);
  return rc ? rc : flush_waiting(in, e);
}
