/* store/store_int.h - the backend interface of the store: one table of
 * operations per backend (SQLite in store/sqlite.c; a PostgreSQL backend
 * adds another table and one line in store_open_backend).  The front
 * (store/store.c) checks arguments, caps and UTF-8, reads the clock and
 * computes hashes and fingerprints, so a backend only moves rows.
 * Owns: nothing.
 * Thread-safety: one thread at a time per vet_store. */
#ifndef VET_STORE_INT_H
#define VET_STORE_INT_H

#include "core/common.h"
#include "vetter/store.h"

struct store_ops {
  const char *name;
  void (*close)(struct vet_store *st);
  vet_err (*check)(struct vet_store *st, struct vet_error *e);
  vet_err (*begin)(struct vet_store *st, struct vet_error *e);
  vet_err (*commit)(struct vet_store *st, struct vet_error *e);
  void (*rollback)(struct vet_store *st);
  vet_err (*stats)(struct vet_store *st, struct vet_store_stats *out, struct vet_error *e);
  /* records checked by the front; now stamps first_seen/updated_at/added_at */
  vet_err (*ingest)(struct vet_store *st, struct vet_store_record *recs, size_t n, int64_t now,
                    struct vet_store_counts *c, struct vet_error *e);
  vet_err (*subject_get)(struct vet_store *st, vet_str id, struct vet_arena *a, struct vet_stored_subject *out,
                         struct vet_error *e);
  vet_err (*each_subject)(struct vet_store *st, vet_store_subject_fn fn, void *arg, struct vet_error *e);
  vet_err (*each_event)(struct vet_store *st, vet_str subject, vet_store_event_fn fn, void *arg,
                        struct vet_error *e);
  vet_err (*set_identifiers)(struct vet_store *st, vet_str subject, const struct vet_store_ident *ids, size_t n,
                             struct vet_error *e);
  vet_err (*find_identifier)(struct vet_store *st, vet_str kind, vet_str value, vet_store_ident_fn fn, void *arg,
                             struct vet_error *e);
  vet_err (*each_identifier)(struct vet_store *st, unsigned min_subjects, vet_store_ident_fn fn, void *arg,
                             struct vet_error *e);
  /* r is complete (created_at, fingerprint, json filled by the front) */
  vet_err (*add_report)(struct vet_store *st, const struct vet_stored_report *r, int64_t *id_out,
                        struct vet_error *e);
  /* id > 0: that report; id == 0: the newest of subject */
  vet_err (*report_get)(struct vet_store *st, int64_t id, vet_str subject, struct vet_arena *a,
                        struct vet_stored_report *out, struct vet_error *e);
  vet_err (*each_report)(struct vet_store *st, vet_str subject, vet_store_report_fn fn, void *arg,
                         struct vet_error *e);
  vet_err (*replace_groups)(struct vet_store *st, const struct vet_store_group *groups, size_t n, int64_t now,
                            struct vet_error *e);
  vet_err (*each_group)(struct vet_store *st, vet_str subject, vet_store_group_fn fn, void *arg,
                        struct vet_error *e);
  /* d checked by the front, d->at set; the backend adds report_id and
   * fingerprint from the newest report, in the same transaction */
  vet_err (*decide)(struct vet_store *st, const struct vet_decision *d, struct vet_arena *a, struct vet_decision *out,
                    struct vet_error *e);
  vet_err (*latest_decision)(struct vet_store *st, vet_str subject, struct vet_arena *a, struct vet_decision *out,
                             struct vet_error *e);
  vet_err (*each_decision)(struct vet_store *st, vet_str subject, vet_store_decision_fn fn, void *arg,
                           struct vet_error *e);
};

/* The front's part of every store; a backend embeds it first. */
struct vet_store {
  const struct store_ops *ops;
  int64_t (*clock)(void *arg);
  void *clock_arg;
  unsigned flags;        /* enum vet_store_flags */
  int schema_version;    /* after migration */
  char where[256];       /* the path, for messages */
};

/* The SQLite backend: open path (already stripped of "sqlite:"). */
struct vet_store *store_sqlite_open(const char *path, const struct vet_store_opts *o, struct vet_error *e);

/* Migrations of the SQLite schema: step i (0-based) brings a store from
 * version i to i + 1.  VET_STORE_SCHEMA_VERSION steps. */
extern const char *const store_sqlite_migrations[];
extern const size_t store_sqlite_n_migrations;
/* PRAGMA application_id of a Vetter store ('VETR'). */
#define STORE_SQLITE_APP_ID 1447384146

/* A copy of s in a as a vet_str (empty: ""); false when out of memory. */
bool store_dup(struct vet_arena *a, vet_str s, vet_str *out);

#endif
