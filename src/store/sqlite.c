/* store/sqlite.c - the SQLite backend of the store: opening (refusing a
 * file that is not a Vetter store or whose schema is newer than this
 * code), WAL mode and durability settings, the migrations of
 * store/sqlite_schema.c, the cache of prepared statements, transactions,
 * error mapping and batched ingest.  The other operations are in
 * store/sqlite_query.c.
 *
 * Durability: the store runs in WAL mode.  Each batch, report, decision
 * or group replacement is one transaction, so a crash or a kill -9 at any
 * point leaves every transaction whole or absent (SQLite's atomic commit;
 * tests/unit/test_store.c kills a writer mid-ingest to check it).  With
 * synchronous=NORMAL (the default) a commit is not fsynced: a power loss
 * or OS crash may lose the last transactions, never corrupt the file.
 * VET_STORE_SYNC_FULL syncs the WAL at every commit (slower ingest). */
#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

#include "store/sqlite_int.h"

/* Page cache of one connection, KiB (SQLite's default is 2 MiB): lookups
 * of ids in a store of a million subjects stay in memory. */
#define CACHE_KIB 65536

/* The SQL of every prepared statement. */
static const char *const sql_text[SQ_N] = {
    [SQ_BEGIN] = "BEGIN IMMEDIATE",
    [SQ_COMMIT] = "COMMIT",
    [SQ_ROLLBACK] = "ROLLBACK",
    [SQ_SAVEPOINT] = "SAVEPOINT vet_write",
    [SQ_RELEASE] = "RELEASE vet_write",
    [SQ_ROLLBACK_TO] = "ROLLBACK TO vet_write",
    [SQ_SUBJ_HASH] = "SELECT hash, json FROM subjects WHERE id = ?1",
    [SQ_SUBJ_INSERT] = "INSERT INTO subjects (id, hash, json, first_seen, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)",
    [SQ_SUBJ_UPDATE] = "UPDATE subjects SET hash = ?2, json = ?3, updated_at = ?4 WHERE id = ?1",
    [SQ_SUBJ_EXISTS] = "SELECT 1 FROM subjects WHERE id = ?1",
    [SQ_SUBJ_GET] = "SELECT id, json, hash, first_seen, updated_at,"
                    " (SELECT count(*) FROM events WHERE subject = ?1),"
                    " (SELECT coalesce(max(added_at), 0) FROM events WHERE subject = ?1)"
                    " FROM subjects WHERE id = ?1",
    [SQ_SUBJ_EACH] = "SELECT id, json, hash, first_seen, updated_at FROM subjects ORDER BY id",
    [SQ_EV_INSERT] = "INSERT INTO events (subject, ts, kind, hash, json, added_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
                     " ON CONFLICT (subject, hash) DO NOTHING",
    [SQ_EV_JSON] = "SELECT json FROM events WHERE subject = ?1 AND hash = ?2",
    [SQ_EV_NULL_EXISTS] = "SELECT 1 FROM events WHERE subject = ?1 AND hash IS NULL AND json = ?2",
    [SQ_EV_EACH] = "SELECT subject, ts, kind, json, added_at FROM events ORDER BY id", /* a table scan, no sort */
    [SQ_EV_EACH_OF] = "SELECT subject, ts, kind, json, added_at FROM events WHERE subject = ?1 ORDER BY ts, id",
    [SQ_ID_DELETE] = "DELETE FROM identifiers WHERE subject = ?1",
    [SQ_ID_INSERT] = "INSERT INTO identifiers (kind, value, subject) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
    [SQ_ID_FIND] = "SELECT kind, value, subject FROM identifiers WHERE kind = ?1 AND value = ?2 ORDER BY subject",
    [SQ_ID_EACH] = "SELECT kind, value, subject FROM identifiers ORDER BY kind, value, subject",
    [SQ_ID_EACH_SHARED] = "SELECT i.kind, i.value, i.subject FROM identifiers i"
                          " JOIN (SELECT kind, value FROM identifiers GROUP BY kind, value HAVING count(*) >= ?1) s"
                          " ON s.kind = i.kind AND s.value = i.value ORDER BY i.kind, i.value, i.subject",
    [SQ_REP_INSERT] = "INSERT INTO reports (subject, created_at, score, band, config_hash, fingerprint, json)"
                      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    [SQ_REP_GET] = "SELECT id, subject, created_at, score, band, config_hash, fingerprint, json"
                   " FROM reports WHERE id = ?1",
    [SQ_REP_LATEST] = "SELECT id, subject, created_at, score, band, config_hash, fingerprint, json"
                      " FROM reports WHERE subject = ?1 ORDER BY created_at DESC, id DESC LIMIT 1",
    [SQ_REP_EACH] = "SELECT id, subject, created_at, score, band, config_hash, fingerprint, json"
                    " FROM reports WHERE subject = ?1 ORDER BY created_at, id",
    [SQ_GRP_NEXT_GEN] = "SELECT coalesce(max(generation), 0) + 1 FROM groups",
    [SQ_GRP_UPSERT] = "INSERT INTO groups (id, created_at, generation, json) VALUES (?1, ?2, ?3, ?4)"
                      " ON CONFLICT (id) DO UPDATE SET json = excluded.json, generation = excluded.generation"
                      " WHERE generation <> excluded.generation",
    [SQ_GRP_MEMBERS_DELETE] = "DELETE FROM group_members WHERE group_id = ?1",
    [SQ_GRP_MEMBER_INSERT] = "INSERT INTO group_members (group_id, subject) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
    [SQ_GRP_DELETE_OLD_MEMBERS] = "DELETE FROM group_members"
                                  " WHERE group_id IN (SELECT id FROM groups WHERE generation <> ?1)",
    [SQ_GRP_DELETE_OLD] = "DELETE FROM groups WHERE generation <> ?1",
    [SQ_GRP_EACH] = "SELECT id, created_at, json FROM groups ORDER BY id",
    [SQ_GRP_EACH_OF] = "SELECT g.id, g.created_at, g.json FROM groups g JOIN group_members m ON m.group_id = g.id"
                       " WHERE m.subject = ?1 ORDER BY g.id",
    [SQ_GRP_MEMBERS] = "SELECT subject FROM group_members WHERE group_id = ?1 ORDER BY subject",
    [SQ_DEC_INSERT] = "INSERT INTO decisions (subject, status, note, decided_by, at, report_id, fingerprint)"
                      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    [SQ_DEC_GET] = "SELECT id, subject, status, note, decided_by, at, report_id, fingerprint"
                   " FROM decisions WHERE id = ?1",
    [SQ_DEC_LATEST] = "SELECT id, subject, status, note, decided_by, at, report_id, fingerprint"
                      " FROM decisions WHERE subject = ?1 ORDER BY id DESC LIMIT 1",
    [SQ_DEC_EACH] = "SELECT id, subject, status, note, decided_by, at, report_id, fingerprint"
                    " FROM decisions ORDER BY id",
    [SQ_DEC_EACH_OF] = "SELECT id, subject, status, note, decided_by, at, report_id, fingerprint"
                       " FROM decisions WHERE subject = ?1 ORDER BY id",
    [SQ_STATS] = "SELECT (SELECT count(*) FROM subjects), (SELECT count(*) FROM events),"
                 " (SELECT count(*) FROM identifiers), (SELECT count(*) FROM reports),"
                 " (SELECT count(*) FROM groups), (SELECT count(*) FROM group_members),"
                 " (SELECT count(*) FROM decisions)",
};

/* ---- shared helpers ---- */

vet_err sq_fail(struct sq_store *s, int rc, struct vet_error *e, const char *what, ...)
{
  vet_err code = VET_EDB;
  switch (rc & 0xff) {
  case SQLITE_NOMEM:
    code = VET_ENOMEM;
    break;
  case SQLITE_NOTADB:
    code = VET_EPARSE;
    break;
  case SQLITE_CONSTRAINT:
    code = rc == SQLITE_CONSTRAINT_CHECK ? VET_EPARSE : rc == SQLITE_CONSTRAINT_FOREIGNKEY ? VET_ENOTFOUND : VET_EDB;
    break;
  default:
    break;
  }
  if (!e)
    return code;
  char w[160];
  va_list ap;
  va_start(ap, what);
  vsnprintf(w, sizeof w, what, ap);
  va_end(ap);
  const char *msg = s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc);
  return vet_fail(e, code, "store '%s': %s: %s", s->base.where, w, msg);
}

sqlite3_stmt *sq_stmt(struct sq_store *s, enum sq_stmt which, struct vet_error *e)
{
  sqlite3_stmt *st = s->stmt[which];
  if (st) {
    sqlite3_reset(st);
    return st;
  }
  int rc = sqlite3_prepare_v3(s->db, sql_text[which], -1, SQLITE_PREPARE_PERSISTENT, &s->stmt[which], NULL);
  if (rc != SQLITE_OK) {
    sq_fail(s, rc, e, "preparing statement %d", (int)which);
    sqlite3_finalize(s->stmt[which]);
    s->stmt[which] = NULL;
    return NULL;
  }
  return s->stmt[which];
}

vet_err sq_iter_begin(struct sq_store *s, enum sq_stmt which, sqlite3_stmt **out, struct vet_error *e)
{
  if (s->busy[which])
    return vet_fail(e, VET_EINVAL, "store '%s': an iteration's callback started the same iteration", s->base.where);
  if (!(*out = sq_stmt(s, which, e)))
    return e ? e->code : VET_EDB;
  s->busy[which] = true;
  return VET_OK;
}

vet_err sq_iter_subject(struct sq_store *s, vet_str subject, enum sq_stmt of, enum sq_stmt all, enum sq_stmt *which,
                        sqlite3_stmt **out, struct vet_error *e)
{
  *which = subject.len ? of : all;
  vet_err r = sq_iter_begin(s, *which, out, e);
  if (!r && subject.len)
    sq_bind_str(*out, 1, subject);
  return r;
}

void sq_iter_end(struct sq_store *s, enum sq_stmt which)
{
  sqlite3_reset(s->stmt[which]);
  s->busy[which] = false;
}

int sq_bind_str(sqlite3_stmt *st, int i, vet_str v)
{
  if (v.len > (size_t)INT32_MAX)
    return SQLITE_TOOBIG;
  return sqlite3_bind_text(st, i, v.len ? v.ptr : "", (int)v.len, SQLITE_STATIC);
}

vet_str sq_col_str(sqlite3_stmt *st, int i)
{
  const char *p = (const char *)sqlite3_column_text(st, i);
  int n = sqlite3_column_bytes(st, i);
  return p ? (vet_str){p, (size_t)n} : (vet_str){"", 0};
}

int sq_exec_stmt(sqlite3_stmt *st)
{
  int rc = sqlite3_step(st);
  sqlite3_reset(st);
  return rc == SQLITE_DONE || rc == SQLITE_ROW ? SQLITE_OK : rc;
}

static int run(struct sq_store *s, enum sq_stmt which, struct vet_error *e)
{
  sqlite3_stmt *st = sq_stmt(s, which, e);
  return st ? sq_exec_stmt(st) : SQLITE_ERROR;
}

vet_err sq_write_begin(struct sq_store *s, struct vet_error *e)
{
  int rc = run(s, s->in_txn ? SQ_SAVEPOINT : SQ_BEGIN, e);
  if (rc != SQLITE_OK)
    return sq_fail(s, rc, e, "cannot start a write (another writer holds the store?)");
  return VET_OK;
}

vet_err sq_write_end(struct sq_store *s, vet_err rc, struct vet_error *e)
{
  if (rc == VET_OK) {
    int r = run(s, s->in_txn ? SQ_RELEASE : SQ_COMMIT, e);
    if (r == SQLITE_OK)
      return VET_OK;
    rc = sq_fail(s, r, e, "commit failed");
  }
  if (s->in_txn) {
    run(s, SQ_ROLLBACK_TO, NULL);
    run(s, SQ_RELEASE, NULL);
  } else if (!sqlite3_get_autocommit(s->db)) {
    run(s, SQ_ROLLBACK, NULL);
  }
  return rc;
}

int sq_subject_exists(struct sq_store *s, vet_str id, struct vet_error *e)
{
  sqlite3_stmt *st = sq_stmt(s, SQ_SUBJ_EXISTS, e);
  if (!st)
    return -1;
  sq_bind_str(st, 1, id);
  int rc = sqlite3_step(st);
  sqlite3_reset(st);
  if (rc == SQLITE_ROW)
    return 1;
  if (rc == SQLITE_DONE)
    return 0;
  sq_fail(s, rc, e, "looking up subject '%.*s'", VET_STR_FMT(vet_str_sub(id, 0, 64)));
  return -1;
}

/* ---- transactions ---- */

static vet_err sq_begin(struct vet_store *st, struct vet_error *e)
{
  struct sq_store *s = (struct sq_store *)st;
  if (s->in_txn)
    return vet_fail(e, VET_EINVAL, "store '%s': a transaction is already open", st->where);
  vet_err rc = sq_write_begin(s, e);
  if (!rc)
    s->in_txn = true;
  return rc;
}

static vet_err sq_commit(struct vet_store *st, struct vet_error *e)
{
  struct sq_store *s = (struct sq_store *)st;
  if (!s->in_txn)
    return vet_fail(e, VET_EINVAL, "store '%s': no transaction to commit", st->where);
  s->in_txn = false;
  return sq_write_end(s, VET_OK, e);
}

static void sq_rollback(struct vet_store *st)
{
  struct sq_store *s = (struct sq_store *)st;
  if (!s->in_txn)
    return;
  s->in_txn = false;
  if (!sqlite3_get_autocommit(s->db))
    run(s, SQ_ROLLBACK, NULL);
}

/* ---- ingest ---- */

static vet_err put_subject(struct sq_store *s, struct vet_store_record *r, int64_t now, struct vet_store_counts *c,
                           struct vet_error *e)
{
  int64_t h = (int64_t)vet_store_hash64(r->json);
  sqlite3_stmt *st = sq_stmt(s, SQ_SUBJ_HASH, e);
  if (!st)
    return e ? e->code : VET_EDB;
  sq_bind_str(st, 1, r->subject);
  int rc = sqlite3_step(st);
  enum sq_stmt write = SQ_SUBJ_INSERT;
  if (rc == SQLITE_ROW) {
    bool same = sqlite3_column_int64(st, 0) == h && vet_str_eq(sq_col_str(st, 1), r->json);
    sqlite3_reset(st);
    if (same) {
      r->outcome = VET_STORE_UNCHANGED;
      c->subjects_unchanged++;
      return VET_OK;
    }
    write = SQ_SUBJ_UPDATE;
  } else {
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
      return sq_fail(s, rc, e, "reading subject '%.*s'", VET_STR_FMT(vet_str_sub(r->subject, 0, 64)));
  }
  if (!(st = sq_stmt(s, write, e)))
    return e ? e->code : VET_EDB;
  sq_bind_str(st, 1, r->subject);
  sqlite3_bind_int64(st, 2, h);
  sq_bind_str(st, 3, r->json);
  sqlite3_bind_int64(st, 4, now);
  if ((rc = sq_exec_stmt(st)) != SQLITE_OK)
    return sq_fail(s, rc, e, "subject '%.*s'", VET_STR_FMT(vet_str_sub(r->subject, 0, 64)));
  r->outcome = write == SQ_SUBJ_INSERT ? VET_STORE_NEW : VET_STORE_UPDATED;
  (*(write == SQ_SUBJ_INSERT ? &c->subjects_new : &c->subjects_updated))++;
  return VET_OK;
}

/* Insert the event with hash h (NULL when !with_hash); *added tells
 * whether a row was written (false: the (subject, hash) key was taken). */
static vet_err insert_event(struct sq_store *s, const struct vet_store_record *r, int64_t h, bool with_hash,
                            int64_t now, bool *added, struct vet_error *e)
{
  sqlite3_stmt *st = sq_stmt(s, SQ_EV_INSERT, e);
  if (!st)
    return e ? e->code : VET_EDB;
  sq_bind_str(st, 1, r->subject);
  sqlite3_bind_int64(st, 2, r->ts);
  sqlite3_bind_text(st, 3, r->event_kind, -1, SQLITE_STATIC);
  if (with_hash)
    sqlite3_bind_int64(st, 4, h);
  else
    sqlite3_bind_null(st, 4);
  sq_bind_str(st, 5, r->json);
  sqlite3_bind_int64(st, 6, now);
  int rc = sq_exec_stmt(st);
  if (rc != SQLITE_OK)
    return sq_fail(s, rc, e, "event of subject '%.*s'", VET_STR_FMT(vet_str_sub(r->subject, 0, 64)));
  *added = sqlite3_changes(s->db) > 0;
  return VET_OK;
}

/* The event is stored with its content hash; when the (subject, hash) key
 * is taken by a different event (a 64-bit collision), it is stored with a
 * NULL hash and found again by its full JSON. */
static vet_err put_event(struct sq_store *s, struct vet_store_record *r, int64_t now, struct vet_store_counts *c,
                         struct vet_error *e)
{
  int64_t h = (int64_t)vet_store_hash64(r->json);
  bool added;
  vet_err rc = insert_event(s, r, h, true, now, &added, e);
  if (rc || added)
    goto out;
  sqlite3_stmt *st = sq_stmt(s, SQ_EV_JSON, e);
  if (!st)
    return e ? e->code : VET_EDB;
  sq_bind_str(st, 1, r->subject);
  sqlite3_bind_int64(st, 2, h);
  int step = sqlite3_step(st);
  bool same = step == SQLITE_ROW && vet_str_eq(sq_col_str(st, 0), r->json);
  sqlite3_reset(st);
  if (step != SQLITE_ROW)
    return sq_fail(s, step, e, "reading an event of subject '%.*s'", VET_STR_FMT(vet_str_sub(r->subject, 0, 64)));
  if (!same) {
    if (!(st = sq_stmt(s, SQ_EV_NULL_EXISTS, e)))
      return e ? e->code : VET_EDB;
    sq_bind_str(st, 1, r->subject);
    sq_bind_str(st, 2, r->json);
    step = sqlite3_step(st);
    sqlite3_reset(st);
    if (step != SQLITE_ROW && step != SQLITE_DONE)
      return sq_fail(s, step, e, "reading an event of subject '%.*s'", VET_STR_FMT(vet_str_sub(r->subject, 0, 64)));
    same = step == SQLITE_ROW;
    if (!same && (rc = insert_event(s, r, 0, false, now, &added, e)))
      return rc;
  }
out:
  if (rc)
    return rc;
  r->outcome = added ? VET_STORE_NEW : VET_STORE_DUPLICATE;
  (*(added ? &c->events_new : &c->events_duplicate))++;
  return VET_OK;
}

static vet_err sq_ingest(struct vet_store *vs, struct vet_store_record *recs, size_t n, int64_t now,
                         struct vet_store_counts *c, struct vet_error *e)
{
  struct sq_store *s = (struct sq_store *)vs;
  vet_err rc = sq_write_begin(s, e);
  if (rc)
    return rc;
  for (size_t i = 0; !rc && i < n; i++)
    if (recs[i].kind == VET_STORE_SUBJECT)
      rc = put_subject(s, &recs[i], now, c, e);
  vet_str known = VET_STR_NULL; /* the subject of the previous event, known to be stored */
  for (size_t i = 0; !rc && i < n; i++) {
    struct vet_store_record *r = &recs[i];
    if (r->kind != VET_STORE_EVENT)
      continue;
    if (!known.ptr || !vet_str_eq(known, r->subject)) {
      int ex = sq_subject_exists(s, r->subject, e);
      if (ex < 0) {
        rc = e ? e->code : VET_EDB;
        break;
      }
      if (!ex) {
        r->outcome = VET_STORE_NO_SUBJECT;
        c->events_no_subject++;
        continue;
      }
      known = r->subject;
    }
    rc = put_event(s, r, now, c, e);
  }
  return sq_write_end(s, rc, e);
}

/* ---- opening and migrations ---- */

static void sq_close(struct vet_store *st)
{
  struct sq_store *s = (struct sq_store *)st;
  sq_rollback(st);
  for (int i = 0; i < SQ_N; i++)
    sqlite3_finalize(s->stmt[i]);
  sqlite3_close_v2(s->db);
  free(s);
}

static const struct store_ops sqlite_ops = {
    .name = "sqlite",
    .close = sq_close,
    .check = sq_check,
    .begin = sq_begin,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .stats = sq_stats,
    .ingest = sq_ingest,
    .subject_get = sq_subject_get,
    .each_subject = sq_each_subject,
    .each_event = sq_each_event,
    .set_identifiers = sq_set_identifiers,
    .find_identifier = sq_find_identifier,
    .each_identifier = sq_each_identifier,
    .add_report = sq_add_report,
    .report_get = sq_report_get,
    .each_report = sq_each_report,
    .replace_groups = sq_replace_groups,
    .each_group = sq_each_group,
    .decide = sq_decide,
    .latest_decision = sq_latest_decision,
    .each_decision = sq_each_decision,
};

/* One integer from a one-row query (a PRAGMA). */
static int query_int(struct sq_store *s, const char *sql, int64_t *out)
{
  sqlite3_stmt *st;
  int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
  if (rc == SQLITE_OK) {
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
      *out = sqlite3_column_int64(st, 0);
      rc = SQLITE_OK;
    } else if (rc == SQLITE_DONE) {
      rc = SQLITE_ERROR;
    }
  }
  sqlite3_finalize(st);
  return rc;
}

/* Apply migration steps from the store's version up to target, each in
 * one transaction with its user_version; the version is read again inside
 * the transaction, so two processes opening a new store at once migrate
 * it once. */
static vet_err migrate(struct sq_store *s, int target, struct vet_error *e)
{
  if (s->base.schema_version >= target) /* up to date: no write lock, so readers never wait on a writer */
    return VET_OK;
  for (;;) {
    int rc = sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    if (rc != SQLITE_OK)
      return sq_fail(s, rc, e, "cannot lock the store to migrate it");
    int64_t v = 0;
    if ((rc = query_int(s, "PRAGMA user_version", &v)) != SQLITE_OK || v >= target) {
      sqlite3_exec(s->db, rc == SQLITE_OK ? "COMMIT" : "ROLLBACK", NULL, NULL, NULL);
      s->base.schema_version = (int)v;
      return rc == SQLITE_OK ? VET_OK : sq_fail(s, rc, e, "reading the schema version");
    }
    char setv[48];
    snprintf(setv, sizeof setv, "PRAGMA user_version = %d", (int)v + 1);
    rc = sqlite3_exec(s->db, store_sqlite_migrations[v], NULL, NULL, NULL);
    if (rc == SQLITE_OK)
      rc = sqlite3_exec(s->db, setv, NULL, NULL, NULL);
    if (rc == SQLITE_OK)
      rc = sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
      vet_err r = sq_fail(s, rc, e, "migration to schema version %d failed", (int)v + 1);
      sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
      return r;
    }
  }
}

/* Is this a Vetter store we can use (or an empty file to make one)?
 * Only reads: a file of another application is left untouched. */
static vet_err identify(struct sq_store *s, bool *fresh, struct vet_error *e)
{
  int64_t app = 0, ver = 0, objects = 0;
  int rc = query_int(s, "PRAGMA application_id", &app);
  if (rc == SQLITE_OK)
    rc = query_int(s, "PRAGMA user_version", &ver);
  if (rc == SQLITE_OK)
    rc = query_int(s, "SELECT count(*) FROM sqlite_master", &objects);
  if ((rc & 0xff) == SQLITE_NOTADB)
    return vet_fail(e, VET_EPARSE, "'%s' is not a vetter store (not an SQLite database)", s->base.where);
  if (rc != SQLITE_OK)
    return sq_fail(s, rc, e, "cannot read the store");
  *fresh = app == 0 && ver == 0 && objects == 0;
  if (*fresh) {
    if (s->base.flags & VET_STORE_READONLY)
      return vet_fail(e, VET_EPARSE, "'%s' is not a vetter store (an empty file)", s->base.where);
    return VET_OK;
  }
  if (app != STORE_SQLITE_APP_ID)
    return vet_fail(e, VET_EPARSE, "'%s' is not a vetter store (an SQLite database of another application)",
                    s->base.where);
  if (ver > VET_STORE_SCHEMA_VERSION)
    return vet_fail(e, VET_EPARSE,
                    "store '%s' has schema version %lld, newer than this vetter knows (%d): upgrade vetter",
                    s->base.where, (long long)ver, VET_STORE_SCHEMA_VERSION);
  if (ver < VET_STORE_SCHEMA_VERSION && (s->base.flags & VET_STORE_READONLY))
    return vet_fail(e, VET_EPARSE,
                    "store '%s' has schema version %lld, older than this vetter's (%d): open it for writing once "
                    "to migrate it",
                    s->base.where, (long long)ver, VET_STORE_SCHEMA_VERSION);
  s->base.schema_version = (int)ver;
  return VET_OK;
}

static vet_err configure(struct sq_store *s, unsigned flags, struct vet_error *e)
{
  if (flags & VET_STORE_READONLY)
    return VET_OK;
  char sql[160];
  snprintf(sql, sizeof sql, "PRAGMA synchronous = %s; PRAGMA foreign_keys = ON; PRAGMA cache_size = -%d",
           flags & VET_STORE_SYNC_FULL ? "FULL" : "NORMAL", CACHE_KIB);
  sqlite3_stmt *st;
  int rc = sqlite3_prepare_v2(s->db, "PRAGMA journal_mode = WAL", -1, &st, NULL);
  if (rc == SQLITE_OK) {
    rc = sqlite3_step(st);
    rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
  }
  sqlite3_finalize(st);
  if (rc == SQLITE_OK)
    rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);
  return rc == SQLITE_OK ? VET_OK : sq_fail(s, rc, e, "cannot configure the store");
}

struct vet_store *store_sqlite_open(const char *path, const struct vet_store_opts *o, struct vet_error *e)
{
  struct sq_store *s = calloc(1, sizeof *s);
  if (!s) {
    vet_fail(e, VET_ENOMEM, "out of memory");
    return NULL;
  }
  s->base.ops = &sqlite_ops;
  s->base.flags = o->flags;
  vet_cstr_copy(s->base.where, sizeof s->base.where, path);
  bool memory = !strcmp(path, ":memory:");
  if (!memory && (o->flags & (VET_STORE_READONLY | VET_STORE_NOCREATE)) && access(path, F_OK) != 0) {
    vet_fail(e, VET_ENOTFOUND, "no store at '%s'", path);
    free(s);
    return NULL;
  }
  int flags = SQLITE_OPEN_NOMUTEX | ((o->flags & VET_STORE_READONLY) ? SQLITE_OPEN_READONLY
                                     : (o->flags & VET_STORE_NOCREATE) ? SQLITE_OPEN_READWRITE
                                                                       : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  int rc = sqlite3_open_v2(path, &s->db, flags, NULL);
  if (rc != SQLITE_OK) {
    vet_fail(e, rc == SQLITE_NOMEM ? VET_ENOMEM : VET_EIO, "cannot open store '%s': %s", path,
             s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
    sqlite3_close_v2(s->db);
    free(s);
    return NULL;
  }
  sqlite3_extended_result_codes(s->db, 1);
  sqlite3_busy_timeout(s->db, o->busy_timeout_ms ? (int)o->busy_timeout_ms : VET_STORE_DEFAULT_BUSY_MS);
  bool fresh = false;
  int target = VET_STORE_SCHEMA_VERSION;
  if (o->max_schema_version > 0 && o->max_schema_version < target)
    target = o->max_schema_version;
  vet_err r = identify(s, &fresh, e);
  if (!r)
    r = configure(s, o->flags, e);
  if (!r && !(o->flags & VET_STORE_READONLY))
    r = migrate(s, target, e);
  if (r) {
    sq_close(&s->base);
    return NULL;
  }
  return &s->base;
}
