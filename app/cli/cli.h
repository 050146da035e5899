/* cli/cli.h - what the command-line subcommands share: global options,
 * loading the engine, reporting errors, the progress bar and the batch
 * runner that keeps output in input order across threads.
 * Owns: nothing global; each command owns what it loads.
 * Thread-safety: the batch runner calls the worker from several threads;
 * everything else runs on the main thread. */
#ifndef VET_CLI_H
#define VET_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "core/common.h"
#include "vetter/vetter.h"

struct cli_opts {
  const char *data_dir;   /* --data */
  const char *config;     /* --config, else $VETTER_CONF, else ./vetter.conf when present */
  const char *lists;      /* --lists NAMES */
  bool json;              /* --json */
  unsigned threads;       /* --threads (0: all cores) */
  bool quiet;             /* --quiet: no progress or summary on stderr */
  const char *photo_dir;  /* vetter check --photo-dir: link.photo_dir over the config's */
};

/* Print "vetter: <msg>" on stderr; returns exit status 1 (2 for usage). */
int cli_error(const struct vet_error *e);
/* Start `check` and `ingest` again with glibc's malloc on transparent
 * huge pages when VETTER_HUGE_PAGES=1 (cli/tune.c); returns when it does
 * not. */
void cli_tune_malloc(int argc, char **argv);
/* GLIBC_TUNABLES old (NULL: unset) with glibc.malloc.hugetlb=1 added, into
 * out[cap]; false when old sets that tunable already or out is too small. */
bool cli_tunables_with_huge_pages(const char *old, char *out, size_t cap);

int cli_usage_error(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* Parse one global option at argv[*i] (advancing *i past its value).
 * Returns 1 when consumed, 0 when not a global option, -1 on a bad value. */
int cli_global_opt(struct cli_opts *o, int argc, char **argv, int *i);

/* A global option or -h/--help at argv[*i].  Returns true when it was one:
 * then *exit_status is -1 to go on with the next argument, or the status
 * the command should exit with (0 after printing usage for --help, 2 for
 * a bad option value). */
bool cli_common_opt(struct cli_opts *o, int argc, char **argv, int *i, const char *usage, int *exit_status);

/* Config from defaults, then the config file. */
int cli_load_config(const struct cli_opts *o, struct vet_config *cfg);

/* Build the engine with lists and index; prints timings unless quiet. */
struct vet_ctx *cli_open(const struct cli_opts *o, bool with_lists);
/* Load and index the lists o names into ctx (what cli_open does with
 * with_lists); 0, or 1 after printing the error.  Touches only ctx's
 * lists and index, so another thread may meanwhile read the countries and
 * the configuration (cmd_check reads its input while the lists load). */
int cli_load_lists(const struct cli_opts *o, struct vet_ctx *ctx);

/* Write a JSON value as one line to f (compact, keys in insertion order). */
void cli_print_json(FILE *f, json_t *j);

/* Progress on stderr when it is a terminal. */
struct cli_progress {
  bool on;
  double last;
  double start;
  size_t done;
};
void cli_progress_init(struct cli_progress *p, bool quiet);
void cli_progress_tick(struct cli_progress *p, size_t done, const char *what);
void cli_progress_end(struct cli_progress *p);

/* Batch runner: reads JSON-lines input, hands each line to work() on a
 * pool of threads, writes each line's output in input order.  work()
 * returns a malloc'd output line (without "\n") or NULL for no output,
 * and sets *is_error when the line could not be processed. */
typedef char *(*cli_work_fn)(void *thread_state, void *shared, size_t lineno, vet_str line, bool *is_error);
struct cli_batch {
  const char *path;
  unsigned threads;
  void *shared;
  void *(*thread_init)(void *shared);   /* per-thread state (e.g. a searcher) */
  void (*thread_free)(void *state);
  cli_work_fn work;
  bool quiet;
  const char *what;                     /* "queries", for the progress bar */
};
/* Returns 0, or 1 when the input could not be read at all. */
int cli_batch_run(const struct cli_batch *b, size_t *lines_out, size_t *errors_out);

/* Read a JSON-lines batch record: parse line into *obj or fill err. */
json_t *cli_parse_line(vet_str line, size_t lineno, const char *src, char *err, size_t cap);
/* A JSON error output line {"line":N,"id":...,"error":"..."}; malloc'd. */
char *cli_error_line(size_t lineno, json_t *id, const char *msg);

int cmd_screen(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_mrz(int argc, char **argv);
int cmd_rules(int argc, char **argv);
int cmd_lists(int argc, char **argv);
int cmd_config(int argc, char **argv);
int cmd_ip(int argc, char **argv);
int cmd_ipdb(int argc, char **argv);
int cmd_ingest(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_decide(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_rings(int argc, char **argv);

#endif
