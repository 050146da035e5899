/* store/sqlite_query.c - the SQLite backend's operations besides opening
 * and ingest: reading subjects and events back, identifiers, reports,
 * groups, decisions, statistics and the consistency check.  Every
 * statement comes from the cache of store/sqlite.c. */
#include <stdio.h>

#include "store/sqlite_int.h"

#define SUBJ(s) VET_STR_FMT(vet_str_sub((s), 0, 64)) /* an id in a message, cut */

static vet_err stmt_or_fail(sqlite3_stmt *st, struct vet_error *e)
{
  return st ? VET_OK : (e && e->code ? e->code : VET_EDB);
}

/* ---- check and statistics ---- */

vet_err sq_check(struct vet_store *vs, struct vet_error *e)
{
  struct sq_store *s = (struct sq_store *)vs;
  sqlite3_stmt *st;
  int rc = sqlite3_prepare_v2(s->db, "PRAGMA integrity_check", -1, &st, NULL);
  if (rc != SQLITE_OK)
    return sq_fail(s, rc, e, "integrity check");
  rc = sqlite3_step(st);
  vet_err out = VET_OK;
  if (rc != SQLITE_ROW)
    out = sq_fail(s, rc, e, "integrity check");
  else if (strcmp((const char *)sqlite3_column_text(st, 0), "ok") != 0)
    out = vet_fail(e, VET_EDB, "store '%s' is damaged: %s", vs->where, (const char *)sqlite3_column_text(st, 0));
  sqlite3_finalize(st);
  if (out)
    return out;
  if ((rc = sqlite3_prepare_v2(s->db, "PRAGMA foreign_key_check", -1, &st, NULL)) != SQLITE_OK)
    return sq_fail(s, rc, e, "foreign key check");
  rc = sqlite3_step(st);
  if (rc == SQLITE_ROW)
    out = vet_fail(e, VET_EDB, "store '%s' is damaged: a row of '%s' (rowid %lld) refers to a missing '%s'", vs->where,
                   (const char *)sqlite3_column_text(st, 0), (long long)sqlite3_column_int64(st, 1),
                   (const char *)sqlite3_column_text(st, 2));
  else if (rc != SQLITE_DONE)
    out = sq_fail(s, rc, e, "foreign key check");
  sqlite3_finalize(st);
  return out;
}

vet_err sq_stats(struct vet_store *vs, struct vet_store_stats *out, struct vet_error *e)
{
  struct sq_store *s = (struct sq_store *)vs;
  sqlite3_stmt *st = sq_stmt(s, SQ_STATS, e);
  if (!st)
    return stmt_or_fail(st, e);
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    uint64_t *f[] = {&out->subjects, &out->events,        &out->identifiers, &out->reports,
                     &out->groups,   &out->group_members, &out->decisions};
    for (int i = 0; i < (int)VET_COUNTOF(f); i++)
      *f[i] = (uint64_t)sqlite3_column_int64(st, i);
  }
  sqlite3_reset(st);
  return rc == SQLITE_ROW ? VET_OK : sq_fail(s, rc, e, "counting rows");
}

/* ---- subjects and events ---- */

static void read_subject(sqlite3_stmt *st, struct vet_stored_subject *o)
{
  o->id = sq_col_str(st, 0);
  o->json = sq_col_str(st, 1);
  o->hash = (uint64_t)sqlite3_column_int64(st, 2);
  o->first_seen = sqlite3_column_int64(st, 3);
  o->updated_at = sqlite3_column_int64(st, 4);
}

vet_err sq_subject_get(struct vet_store *vs, vet_str id, struct vet_arena *a, struct vet_stored_subject *out,
                       struct vet_error *e)
{
  struct sq_store *s = (struct sq_store *)vs;
  sqlite3_stmt *st = sq_stmt(s, SQ_SUBJ_GET, e);
  if (!st)
    return stmt_or_fail(st, e);
  sq_bind_str(st, 1, id);
  int rc = sqlite3_step(st);
  vet_err r = VET_OK;
  if (rc == SQLITE_ROW) {
    read_subject(st, out);
    out->n_events = (uint64_t)sqlite3_column_int64(st, 5);
    out->last_event_at = sqlite3_column_int64(st, 6);
    if (!store_dup(a, out->id, &out->id) || !store_dup(a, out->json, &out->json))
      r = vet_fail(e, VET_ENOMEM, "out of memory");
  } else if (rc == SQLITE_DONE) {
    r = vet_fail(e, VET_ENOTFOUND, "subject '%.*s' is not in the store '%s'", SUBJ(id), vs->where);
  } else {
    r = sq_fail(s, rc, e, "reading subject '%.*s'", SUBJ(id));
  }
  sqlite3_reset(st);
  return r;
}

vet_err sq_each_subject(struct vet_store *vs, vet_store_subject_fn fn, void *arg, struct vet_error *e)
{
  struct sq_store *s = (struct sq_store *)vs;
  sqlite3_stmt *st;
  vet_err r = sq_iter_begin(s, SQ_SUBJ_EACH, &st, e);
  if (r)
    return r;
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    struct vet_stored_subject sub = {0};
    read_subject(st, &sub);
    if (fn(arg, &sub))
      break;
  }
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    r = sq_fail(s, rc, e, "reading subjects");
  sq_iter_end(s, SQ_SUBJ_EACH);
  return r;
}

vet_err sq_each_event(struct vet_store *vs, vet_str subject, vet_store_event_fn fn, void *arg, struct vet_error *e)
{
  struct sq_store *s = (struct sq_store *)vs;
  enum sq_stmt which;
  sqlite3_stmt *st;
  vet_err r = sq_iter_subject(s, subject, SQ_EV_EACH_OF, SQ_EV_EACH, &which, &st, e);
  if (r)
    return r;
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    struct vet_stored_event ev = {.subject = sq_col_str(st, 0),
                                  .ts = sqlite3_column_int64(st, 1),
                                  .kind = sq_col_str(st, 2),
                                  .json = sq_col_str(st, 3),
                                  .added_at = sqlite3_column_int64(st, 4)};
    if (fn(arg, &ev))
      break;
  }
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    r = sq_fail(s, rc, e, "reading events");
  sq_iter_end(s, which);
  return r;
}

/* ---- identifiers ---- */

vet_err sq_set_identifiers(struct vet_store *vs, vet_str subject, const struct vet_store_ident *ids, size_t n,
                           struct vet_error *e)
{
  struct sq_store *s = (struct sq_store *)vs;
  vet_err r = sq_write_begin(s, e);
  if (r)
    return r;
  int ex = sq_subject_exists(s, subject, e);
  if (ex < 0)
    r = e ? e->code : VET_EDB;
  else if (!ex)
    r = vet_fail(e, VET_ENOTFOUND, "subject '%.*s' is not in the store '%s'", SUBJ(subject), vs->where);
  sqlite3_stmt *st = r ? NULL : sq_stmt(s, SQ_ID_DELETE, e);
  if (!r && !st)
    r = stmt_or_fail(st, e);
  int rc;
  if (!r) {
    sq_bind_str(st, 1, subject);
    if ((rc = sq_exec_stmt(st)) != SQLITE_OK)
      r = sq_fail(s, rc, e, "identifiers of '%.*s'", SUBJ(subject));
  }
  for (size_t i = 0; !r && i < n; i++) {
    if (!(st = sq_stmt(s, SQ_ID_INSERT, e))) {
      r = stmt_or_fail(st, e);
      break;
    }
    sq_bind_str(st, 1, ids[i].kind);
    sq_bind_str(st, 2, ids[i].value);
    sq_bind_str(st, 3, subject);
    if ((rc = sq_exec_stmt(st)) != SQLITE_OK)
      r = sq_fail(s, rc, e, "identifiers of '%.*s'", SUBJ(subject));
  }
  return sq_write_end(s, r, e);
}

static vet_err each_ident(struct sq_store *s, enum sq_stmt which, sqlite3_stmt *st, vet_store_ident_fn fn, void *arg,
                          struct vet_error *e)
{
  int rc;
  vet_err r = VET_OK;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW)
    if (fn(arg, sq_col_str(st, 0), sq_col_str(st, 1), sq_col_str(st, 2)))
      break;
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    r = sq_fail(s, rc, e, "reading identifiers");
  sq_iter_end(s, which);
  return r;
}

vet_err sq_find_identifier(struct vet_store *vs, vet_str kind, vet_str value, vet_store_ident_fn fn, void *arg,
                           struct vet_error *e)
{
  struct sq_store *s = (struct sq_store *)vs;
  sqlite3_stmt *st;
  vet_err r = sq_iter_begin(s, SQ_ID_FIND, &st, e);
  if (r)
    return r;
  sq_bind_str(st, 1, kind);
  sq_bind_str(st, 2, value);
  return each_ident(s, SQ_ID_FIND, st, fn, arg, e);
}

vet_err sq_each_identifier(struct vet_store *vs, unsigned min_subjects, vet_store_ident_fn fn, void *arg,
                           struct vet_error *e)
{
  struct sq_store *s = (struct sq_store *)vs;
  enum sq_stmt which = min_subjects > 1 ? SQ_ID_EACH_SHARED : SQ_ID_EACH;
  sqlite3_stmt *st;
  vet_err r = sq_iter_begin(s, which, &st, e);
  if (r)
    return r;
  if (min_subjects > 1)
    sqlite3_bind_int64(st, 1, min_subjects);
  return each_ident(s, which, st, fn, arg, e);
}

/* ---- reports ---- */

vet_err sq_add_report(struct vet_store *vs, const struct vet_stored_report *r, int64_t *id_out, struct vet_error *e)
{
  struct sq_store *s = (struct sq_store *)vs;
  vet_err rv = sq_write_begin(s, e);
  if (rv)
    return rv;
  int ex = sq_subject_exists(s, r->subject, e);
  if (ex < 0)
    rv = e ? e->code : VET_EDB;
  else if (!ex)
    rv = vet_fail(e, VET_ENOTFOUND, "report of subject '%.*s': the subject is not in the store '%s'",
                  SUBJ(r->subject), vs->where);
  sqlite3_stmt *st = rv ? NULL : sq_stmt(s, SQ_REP_INSERT, e);
  if (!rv && !st)
    rv = stmt_or_fail(st, e);
  if (!rv) {
    sq_bind_str(st, 1, r->subject);
    sqlite3_bind_int64(st, 2, r->created_at);
    sqlite3_bind_double(st, 3, r->score);
    sq_bind_str(st, 4, r->band);
    sq_bind_str(st, 5, r->config_hash);
    sq_bind_str(st, 6, r->fingerprint);
    sq_bind_str(st, 7, r->json);
    int rc = sq_exec_stmt(st);
    if (rc != SQLITE_OK)
      rv = sq_fail(s, rc, e, "report of subject '%.*s'", SUBJ(r->subject));
    else if (id_out)
      *id_out = sqlite3_last_insert_rowid(s->db);
  }
  return sq_write_end(s, rv, e);
}

static void read_report(sqlite3_stmt *st, struct vet_stored_report *o)
{
  o->id = sqlite3_column_int64(st, 0);
  o->subject = sq_col_str(st, 1);
  o->created_at = sqlite3_column_int64(st, 2);
  o->score = sqlite3_column_double(st, 3);
  o->band = sq_col_str(st, 4);
  o->config_hash = sq_col_str(st, 5);
  o->fingerprint = sq_col_str(st, 6);
  o->json = sq_col_str(st, 7);
}

vet_err sq_report_get(struct vet_store *vs, int64_t id, vet_str subject, struct vet_arena *a,
                      struct vet_stored_report *out, struct vet_error *e)
{
  struct sq_store *s = (struct sq_store *)vs;
  sqlite3_stmt *st = sq_stmt(s, id > 0 ? SQ_REP_GET : SQ_REP_LATEST, e);
  if (!st)
    return stmt_or_fail(st, e);
  if (id > 0)
    sqlite3_bind_int64(st, 1, id);
  else
    sq_bind_str(st, 1, subject);
  int rc = sqlite3_step(st);
  vet_err r = VET_OK;
  if (rc == SQLITE_ROW) {
    read_report(st, out);
    if (!store_dup(a, out->subject, &out->subject) || !store_dup(a, out->band, &out->band) ||
        !store_dup(a, out->config_hash, &out->config_hash) || !store_dup(a, out->fingerprint, &out->fingerprint) ||
        !store_dup(a, out->json, &out->json))
      r = vet_fail(e, VET_ENOMEM, "out of memory");
  } else if (rc == SQLITE_DONE) {
    if (id > 0)
      r = vet_fail(e, VET_ENOTFOUND, "no report %lld in the store '%s'", (long long)id, vs->where);
    else
      r = vet_fail(e, VET_ENOTFOUND, "no report of subject '%.*s' in the store '%s'", SUBJ(subject), vs->where);
  } else {
    r = sq_fail(s, rc, e, "reading a report");
  }
  sqlite3_reset(st);
  return r;
}

vet_err sq_each_report(struct vet_store *vs, vet_str subject, vet_store_report_fn fn, void *arg,
                       struct vet_error *e)
{
  struct sq_store *s = (struct sq_store *)vs;
  sqlite3_stmt *st;
  vet_err r = sq_iter_begin(s, SQ_REP_EACH, &st, e);
  if (r)
    return r;
  sq_bind_str(st, 1, subject);
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    struct vet_stored_report rep;
    read_report(st, &rep);
    if (fn(arg, &rep))
      break;
  }
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    r = sq_fail(s, rc, e, "reading reports");
  sq_iter_end(s, SQ_REP_EACH);
  return r;
}

/* ---- groups ---- */

/* Write one group of a replacement of generation gen. */
static vet_err put_group(struct sq_store *s, const struct vet_store_group *g, int64_t gen, int64_t now,
                         struct vet_error *e)
{
  sqlite3_stmt *st = sq_stmt(s, SQ_GRP_UPSERT, e);
  if (!st)
    return stmt_or_fail(st, e);
  sq_bind_str(st, 1, g->id);
  sqlite3_bind_int64(st, 2, now);
  sqlite3_bind_int64(st, 3, gen);
  sq_bind_str(st, 4, g->json);
  int rc = sq_exec_stmt(st);
  if (rc != SQLITE_OK)
    return sq_fail(s, rc, e, "group '%.*s'", SUBJ(g->id));
  if (sqlite3_changes(s->db) == 0) /* already written by this replacement */
    return vet_fail(e, VET_EINVAL, "group '%.*s' is given twice", SUBJ(g->id));
  if (!(st = sq_stmt(s, SQ_GRP_MEMBERS_DELETE, e)))
    return stmt_or_fail(st, e);
  sq_bind_str(st, 1, g->id);
  if ((rc = sq_exec_stmt(st)) != SQLITE_OK)
    return sq_fail(s, rc, e, "group '%.*s'", SUBJ(g->id));
  for (size_t k = 0; k < g->n_members; k++) {
    int ex = sq_subject_exists(s, g->members[k], e);
    if (ex < 0)
      return e ? e->code : VET_EDB;
    if (!ex)
      return vet_fail(e, VET_ENOTFOUND, "group '%.*s': member '%.*s' is not in the store '%s'", SUBJ(g->id),
                      SUBJ(g->members[k]), s->base.where);
    if (!(st = sq_stmt(s, SQ_GRP_MEMBER_INSERT, e)))
      return stmt_or_fail(st, e);
    sq_bind_str(st, 1, g->id);
    sq_bind_str(st, 2, g->members[k]);
    if ((rc = sq_exec_stmt(st)) != SQLITE_OK)
      return sq_fail(s, rc, e, "group '%.*s'", SUBJ(g->id));
  }
  return VET_OK;
}

/* Every group of the new set is written with a new generation number
 * (keeping created_at when its id is already stored); then the groups of
 * older generations, absent from the set, are removed. */
vet_err sq_replace_groups(struct vet_store *vs, const struct vet_store_group *groups, size_t n, int64_t now,
                          struct vet_error *e)
{
  struct sq_store *s = (struct sq_store *)vs;
  vet_err r = sq_write_begin(s, e);
  if (r)
    return r;
  int64_t gen = 0;
  sqlite3_stmt *st = sq_stmt(s, SQ_GRP_NEXT_GEN, e);
  int rc = st ? sqlite3_step(st) : SQLITE_ERROR;
  if (rc == SQLITE_ROW)
    gen = sqlite3_column_int64(st, 0);
  else
    r = st ? sq_fail(s, rc, e, "groups") : stmt_or_fail(st, e);
  if (st)
    sqlite3_reset(st);
  for (size_t i = 0; !r && i < n; i++)
    r = put_group(s, &groups[i], gen, now, e);
  enum sq_stmt del[] = {SQ_GRP_DELETE_OLD_MEMBERS, SQ_GRP_DELETE_OLD};
  for (size_t k = 0; !r && k < VET_COUNTOF(del); k++) {
    if (!(st = sq_stmt(s, del[k], e))) {
      r = stmt_or_fail(st, e);
      break;
    }
    sqlite3_bind_int64(st, 1, gen);
    if ((rc = sq_exec_stmt(st)) != SQLITE_OK)
      r = sq_fail(s, rc, e, "removing old groups");
  }
  return sq_write_end(s, r, e);
}

vet_err sq_each_group(struct vet_store *vs, vet_str subject, vet_store_group_fn fn, void *arg, struct vet_error *e)
{
  struct sq_store *s = (struct sq_store *)vs;
  enum sq_stmt which;
  sqlite3_stmt *st, *mst;
  vet_err r = sq_iter_subject(s, subject, SQ_GRP_EACH_OF, SQ_GRP_EACH, &which, &st, e);
  if (r)
    return r;
  if ((r = sq_iter_begin(s, SQ_GRP_MEMBERS, &mst, e))) {
    sq_iter_end(s, which);
    return r;
  }
  struct vet_arena a;
  vet_arena_init(&a, 16 * 1024);
  vet_str *members = NULL;
  uint32_t nm = 0, cap = 0;
  int rc = SQLITE_DONE;
  while (!r && (rc = sqlite3_step(st)) == SQLITE_ROW) {
    struct vet_store_group g = {.id = sq_col_str(st, 0), .created_at = sqlite3_column_int64(st, 1),
                                .json = sq_col_str(st, 2)};
    nm = 0;
    vet_arena_reset(&a);
    sqlite3_reset(mst);
    sq_bind_str(mst, 1, g.id);
    int mrc = SQLITE_DONE;
    while ((mrc = sqlite3_step(mst)) == SQLITE_ROW) {
      vet_str *m = vet_vec_push(&members, &nm, &cap, sizeof *m);
      if (!m || !store_dup(&a, sq_col_str(mst, 0), m)) {
        r = vet_fail(e, VET_ENOMEM, "out of memory");
        break;
      }
    }
    if (!r && mrc != SQLITE_DONE)
      r = sq_fail(s, mrc, e, "reading group members");
    if (r)
      break;
    g.members = members;
    g.n_members = nm;
    if (fn(arg, &g))
      break;
  }
  if (!r && rc != SQLITE_ROW && rc != SQLITE_DONE)
    r = sq_fail(s, rc, e, "reading groups");
  free(members);
  vet_arena_release(&a);
  sq_iter_end(s, SQ_GRP_MEMBERS);
  sq_iter_end(s, which);
  return r;
}

/* ---- decisions ---- */

static bool read_decision(sqlite3_stmt *st, struct vet_decision *o)
{
  o->id = sqlite3_column_int64(st, 0);
  o->subject = sq_col_str(st, 1);
  vet_err bad = vet_decision_status_parse(sq_col_str(st, 2), &o->status);
  o->note = sq_col_str(st, 3);
  o->by = sq_col_str(st, 4);
  o->at = sqlite3_column_int64(st, 5);
  o->report_id = sqlite3_column_int64(st, 6); /* NULL reads as 0 */
  o->fingerprint = sq_col_str(st, 7);
  return bad == VET_OK;
}

static vet_err copy_decision(struct vet_arena *a, struct vet_decision *d, struct vet_error *e)
{
  if (!store_dup(a, d->subject, &d->subject) || !store_dup(a, d->note, &d->note) || !store_dup(a, d->by, &d->by) ||
      !store_dup(a, d->fingerprint, &d->fingerprint))
    return vet_fail(e, VET_ENOMEM, "out of memory");
  return VET_OK;
}

/* The decision read by st (id or subject bound), copied into a. */
static vet_err get_decision(struct sq_store *s, sqlite3_stmt *st, struct vet_arena *a, struct vet_decision *out,
                            vet_str subject, struct vet_error *e)
{
  int rc = sqlite3_step(st);
  vet_err r = VET_OK;
  if (rc == SQLITE_ROW)
    r = read_decision(st, out) ? copy_decision(a, out, e)
                               : vet_fail(e, VET_EDB, "store '%s': a decision has an unknown status", s->base.where);
  else if (rc == SQLITE_DONE)
    r = vet_fail(e, VET_ENOTFOUND, "no decision on subject '%.*s'", SUBJ(subject));
  else
    r = sq_fail(s, rc, e, "reading decisions");
  sqlite3_reset(st);
  return r;
}

vet_err sq_decide(struct vet_store *vs, const struct vet_decision *d, struct vet_arena *a, struct vet_decision *out,
                  struct vet_error *e)
{
  struct sq_store *s = (struct sq_store *)vs;
  vet_err r = sq_write_begin(s, e);
  if (r)
    return r;
  int ex = sq_subject_exists(s, d->subject, e);
  if (ex < 0)
    r = e ? e->code : VET_EDB;
  else if (!ex)
    r = vet_fail(e, VET_ENOTFOUND, "subject '%.*s' is not in the store '%s'", SUBJ(d->subject), vs->where);
  /* the report the analyst saw: the newest one, read in this transaction */
  int64_t report_id = 0;
  char fp[VET_FINGERPRINT_HEX + 1] = "";
  sqlite3_stmt *st = r ? NULL : sq_stmt(s, SQ_REP_LATEST, e);
  if (!r && !st)
    r = stmt_or_fail(st, e);
  if (!r) {
    sq_bind_str(st, 1, d->subject);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
      report_id = sqlite3_column_int64(st, 0);
      vet_str f = sq_col_str(st, 6);
      snprintf(fp, sizeof fp, "%.*s", VET_STR_FMT(f));
    } else if (rc != SQLITE_DONE) {
      r = sq_fail(s, rc, e, "reading the latest report of '%.*s'", SUBJ(d->subject));
    }
    sqlite3_reset(st);
  }
  if (!r && !(st = sq_stmt(s, SQ_DEC_INSERT, e)))
    r = stmt_or_fail(st, e);
  int64_t id = 0;
  if (!r) {
    sq_bind_str(st, 1, d->subject);
    sqlite3_bind_text(st, 2, vet_decision_status_name(d->status), -1, SQLITE_STATIC);
    sq_bind_str(st, 3, d->note);
    sq_bind_str(st, 4, d->by);
    sqlite3_bind_int64(st, 5, d->at);
    if (report_id)
      sqlite3_bind_int64(st, 6, report_id);
    else
      sqlite3_bind_null(st, 6);
    sqlite3_bind_text(st, 7, fp, -1, SQLITE_STATIC);
    int rc = sq_exec_stmt(st);
    if (rc != SQLITE_OK)
      r = sq_fail(s, rc, e, "decision on '%.*s'", SUBJ(d->subject));
    id = sqlite3_last_insert_rowid(s->db);
  }
  r = sq_write_end(s, r, e);
  if (r || !out)
    return r;
  if (!(st = sq_stmt(s, SQ_DEC_GET, e)))
    return stmt_or_fail(st, e);
  sqlite3_bind_int64(st, 1, id);
  return get_decision(s, st, a, out, d->subject, e);
}

vet_err sq_latest_decision(struct vet_store *vs, vet_str subject, struct vet_arena *a, struct vet_decision *out,
                           struct vet_error *e)
{
  struct sq_store *s = (struct sq_store *)vs;
  sqlite3_stmt *st = sq_stmt(s, SQ_DEC_LATEST, e);
  if (!st)
    return stmt_or_fail(st, e);
  sq_bind_str(st, 1, subject);
  return get_decision(s, st, a, out, subject, e);
}

vet_err sq_each_decision(struct vet_store *vs, vet_str subject, vet_store_decision_fn fn, void *arg,
                         struct vet_error *e)
{
  struct sq_store *s = (struct sq_store *)vs;
  enum sq_stmt which;
  sqlite3_stmt *st;
  vet_err r = sq_iter_subject(s, subject, SQ_DEC_EACH_OF, SQ_DEC_EACH, &which, &st, e);
  if (r)
    return r;
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    struct vet_decision d;
    if (!read_decision(st, &d)) {
      r = vet_fail(e, VET_EDB, "store '%s': decision %lld has an unknown status", vs->where, (long long)d.id);
      break;
    }
    if (fn(arg, &d))
      break;
  }
  if (!r && rc != SQLITE_ROW && rc != SQLITE_DONE)
    r = sq_fail(s, rc, e, "reading decisions");
  sq_iter_end(s, which);
  return r;
}
