/* cli/store_cli.h - what the store commands share (cmd_store.c:
 * report, decide, audit and these helpers; cmd_ingest.c: ingest): the
 * --db option and the store's default path, opening the store, and
 * printing stored text safely.
 * Owns: nothing.
 * Thread-safety: main thread only. */
#ifndef VET_CLI_STORE_CLI_H
#define VET_CLI_STORE_CLI_H

#include "cli.h"
#include "io/lines.h"
#include "vetter/check.h"
#include "vetter/store.h"

/* Options every store command takes. */
struct store_args {
  struct cli_opts o;
  const char *db;
  const char *pos;       /* the one positional argument */
  const char *cmd;
  const char *usage;
};

/* Parse --db, the global options and one positional argument; other
 * options go to extra(), which returns 1 when it took argv[*i], 0 when it
 * does not know it, -1 on a bad value (after printing).  Returns -1 to go
 * on, else the exit status.  a->db is --db, else $VETTER_DB, else
 * ./vetter.db. */
int store_parse_args(struct store_args *a, int argc, char **argv,
                     int (*extra)(void *ctx, int argc, char **argv, int *i), void *ctx);
/* Open the store (flags: enum vet_store_flags); NULL after printing why. */
struct vet_store *store_open_cli(const char *db, unsigned flags);
/* Text for a terminal: control characters of stored data become '?'. */
void store_put_clean(FILE *f, vet_str s);
/* "2026-11-02T09:15:00Z" */
void store_put_time(FILE *f, int64_t t);
json_t *store_time_json(int64_t t);

/* Ingest the open input into st as `vetter ingest` does (parsing on
 * o->threads, problems and a summary on stderr unless o->quiet), calling
 * on_record (may be NULL) with each stored record.  Returns the exit
 * status: 0, or 1 after printing the error (batches stored before it
 * stay stored).  Does not close in (cmd_ingest.c). */
int cli_ingest_run(struct vet_store *st, const struct vet_ctx *ctx, struct vet_lines *in, const char *db,
                   const struct cli_opts *o, unsigned long batch, vet_ingest_record_fn on_record, void *record_arg);

/* The subject's latest decision and its review against fresh (its newest
 * report, may be NULL): returns 1 on a store error (printed), else 0 with
 * *has telling whether there is a decision; strings in ar (cmd_store.c). */
int store_review_decision(struct vet_store *st, vet_str id, json_t *fresh, struct vet_arena *ar,
                          struct vet_decision *d, struct vet_decision_review *rv, bool *has);
/* A decision as JSON, with its review when rv is not NULL. */
json_t *store_decision_json(const struct vet_decision *d, const struct vet_decision_review *rv);

/* `vetter check --store` (check_store.c): ingest the input (in, left
 * open) into the store db, then read the whole stored population into pop
 * (finished).  NULL with *status the exit status after printing why. */
struct check_store;
struct check_store *check_store_open(const char *db, const struct vet_ctx *ctx, struct vet_lines *in,
                                     const struct cli_opts *o, struct vet_population *pop, int *status);
/* Subjects with a record in the input: the ones reported. */
size_t check_store_input_count(const struct check_store *cs);
bool check_store_wanted(const struct check_store *cs, const struct vet_subject *s);
/* Open the transaction of the reports, groups and identifiers. */
int check_store_begin(struct check_store *cs);
/* Append the report of s to its history, then add its "decision" (with
 * whether it still stands) to report.  Returns the exit status (0). */
int check_store_report(struct check_store *cs, const struct vet_subject *s, json_t *report);
/* Replace the groups and the shared identifiers, commit. */
int check_store_finish(struct check_store *cs, const struct vet_checker *ck, bool quiet);
void check_store_close(struct check_store *cs); /* NULL-safe; rolls back an open transaction */

#endif
