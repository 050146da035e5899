/* store/sqlite_int.h - what the two halves of the SQLite backend share:
 * the connection, the cache of prepared statements (each SQL text is
 * prepared once, on first use, and reused), error mapping and the write
 * transaction helpers.  store/sqlite.c opens, migrates and ingests;
 * store/sqlite_query.c holds the other operations.
 * Owns: nothing beyond struct sq_store.
 * Thread-safety: one thread at a time per store. */
#ifndef VET_STORE_SQLITE_INT_H
#define VET_STORE_SQLITE_INT_H

#include <sqlite3.h>

#include "store/store_int.h"

enum sq_stmt {
  SQ_BEGIN, SQ_COMMIT, SQ_ROLLBACK, SQ_SAVEPOINT, SQ_RELEASE, SQ_ROLLBACK_TO,
  SQ_SUBJ_HASH, SQ_SUBJ_INSERT, SQ_SUBJ_UPDATE, SQ_SUBJ_EXISTS, SQ_SUBJ_GET, SQ_SUBJ_EACH,
  SQ_EV_INSERT, SQ_EV_JSON, SQ_EV_NULL_EXISTS, SQ_EV_EACH, SQ_EV_EACH_OF,
  SQ_ID_DELETE, SQ_ID_INSERT, SQ_ID_FIND, SQ_ID_EACH, SQ_ID_EACH_SHARED,
  SQ_REP_INSERT, SQ_REP_GET, SQ_REP_LATEST, SQ_REP_EACH,
  SQ_GRP_NEXT_GEN, SQ_GRP_UPSERT, SQ_GRP_MEMBERS_DELETE, SQ_GRP_MEMBER_INSERT, SQ_GRP_DELETE_OLD_MEMBERS,
  SQ_GRP_DELETE_OLD, SQ_GRP_EACH, SQ_GRP_EACH_OF, SQ_GRP_MEMBERS,
  SQ_DEC_INSERT, SQ_DEC_GET, SQ_DEC_LATEST, SQ_DEC_EACH, SQ_DEC_EACH_OF,
  SQ_STATS,
  SQ_N
};

struct sq_store {
  struct vet_store base;      /* first: the front's part */
  sqlite3 *db;
  sqlite3_stmt *stmt[SQ_N];   /* prepared on first use */
  bool busy[SQ_N];            /* an iteration is stepping it */
  bool in_txn;                /* inside vet_store_begin */
};

/* The statement, prepared on first use and reset; NULL on failure (e
 * says why).  Callers sqlite3_reset it when done. */
sqlite3_stmt *sq_stmt(struct sq_store *s, enum sq_stmt which, struct vet_error *e);
/* Mark an iteration over a statement (a callback re-entering the same
 * iteration is refused: VET_EINVAL). */
vet_err sq_iter_begin(struct sq_store *s, enum sq_stmt which, sqlite3_stmt **out, struct vet_error *e);
/* sq_iter_begin of the statement over one subject (of, with subject bound
 * as parameter 1) when subject.len > 0, else over all; *which says which
 * one to pass to sq_iter_end. */
vet_err sq_iter_subject(struct sq_store *s, vet_str subject, enum sq_stmt of, enum sq_stmt all, enum sq_stmt *which,
                        sqlite3_stmt **out, struct vet_error *e);
void sq_iter_end(struct sq_store *s, enum sq_stmt which);

/* Map an SQLite result code to a vet_err and a message "store 'PATH':
 * WHAT: sqlite's message". */
vet_err sq_fail(struct sq_store *s, int rc, struct vet_error *e, const char *what, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* A write: BEGIN IMMEDIATE (a savepoint inside vet_store_begin) ... then
 * sq_write_end commits when rc is VET_OK and rolls back otherwise; it
 * returns the final code. */
vet_err sq_write_begin(struct sq_store *s, struct vet_error *e);
vet_err sq_write_end(struct sq_store *s, vet_err rc, struct vet_error *e);

/* Bind a vet_str as text (an empty string binds '', never NULL). */
int sq_bind_str(sqlite3_stmt *st, int i, vet_str v);
/* Column i as a vet_str (borrowed until the next step or reset). */
vet_str sq_col_str(sqlite3_stmt *st, int i);
/* Step a statement expected to finish without rows; reset it. */
int sq_exec_stmt(sqlite3_stmt *st);

/* sqlite_query.c */
vet_err sq_check(struct vet_store *st, struct vet_error *e);
vet_err sq_stats(struct vet_store *st, struct vet_store_stats *out, struct vet_error *e);
vet_err sq_subject_get(struct vet_store *st, vet_str id, struct vet_arena *a, struct vet_stored_subject *out,
                       struct vet_error *e);
vet_err sq_each_subject(struct vet_store *st, vet_store_subject_fn fn, void *arg, struct vet_error *e);
vet_err sq_each_event(struct vet_store *st, vet_str subject, vet_store_event_fn fn, void *arg, struct vet_error *e);
vet_err sq_set_identifiers(struct vet_store *st, vet_str subject, const struct vet_store_ident *ids, size_t n,
                           struct vet_error *e);
vet_err sq_find_identifier(struct vet_store *st, vet_str kind, vet_str value, vet_store_ident_fn fn, void *arg,
                           struct vet_error *e);
vet_err sq_each_identifier(struct vet_store *st, unsigned min_subjects, vet_store_ident_fn fn, void *arg,
                           struct vet_error *e);
vet_err sq_add_report(struct vet_store *st, const struct vet_stored_report *r, int64_t *id_out, struct vet_error *e);
vet_err sq_report_get(struct vet_store *st, int64_t id, vet_str subject, struct vet_arena *a,
                      struct vet_stored_report *out, struct vet_error *e);
vet_err sq_each_report(struct vet_store *st, vet_str subject, vet_store_report_fn fn, void *arg,
                       struct vet_error *e);
vet_err sq_replace_groups(struct vet_store *st, const struct vet_store_group *groups, size_t n, int64_t now,
                          struct vet_error *e);
vet_err sq_each_group(struct vet_store *st, vet_str subject, vet_store_group_fn fn, void *arg, struct vet_error *e);
vet_err sq_decide(struct vet_store *st, const struct vet_decision *d, struct vet_arena *a, struct vet_decision *out,
                  struct vet_error *e);
vet_err sq_latest_decision(struct vet_store *st, vet_str subject, struct vet_arena *a, struct vet_decision *out,
                           struct vet_error *e);
vet_err sq_each_decision(struct vet_store *st, vet_str subject, vet_store_decision_fn fn, void *arg,
                         struct vet_error *e);
/* Whether the subject is stored: 1 yes, 0 no, -1 error (in e). */
int sq_subject_exists(struct sq_store *s, vet_str id, struct vet_error *e);

#endif
