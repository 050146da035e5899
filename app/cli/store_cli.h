/* cli/store_cli.h - what the store commands share (cmd_store.c:
 * report, decide, audit and these helpers; cmd_ingest.c: ingest): the
 * --db option and the store's default path, opening the store, and
 * printing stored text safely.
 * Owns: nothing.
 * Thread-safety: main thread only. */
#ifndef VET_CLI_STORE_CLI_H
#define VET_CLI_STORE_CLI_H

#include "cli.h"
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

#endif
