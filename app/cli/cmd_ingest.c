/* cli/cmd_ingest.c - `vetter ingest`: subjects and events (JSON lines)
 * into the local store through the library's ingest (store/ingest.c),
 * the JSON parsed on other cores while one thread writes; or, with
 * --reports, the reports `vetter check` wrote appended to their subjects'
 * histories. */
#include <pthread.h>
#include <stdatomic.h>
#include <unistd.h>

#include "io/lines.h"
#include "store_cli.h"

static const char ingest_usage[] =
    "usage: vetter ingest FILE|- [--db PATH] [--batch N] [--reports] [--threads N] [--quiet] [--data DIR]\n"
    "  store subjects and events (JSON lines, docs/schema.md): new subjects are added, changed ones\n"
    "  replaced, events appended once; re-ingesting the same file changes nothing\n"
    "  --db PATH    the store (default: $VETTER_DB, else ./vetter.db; created when missing)\n"
    "  --batch N    records per transaction (default 5000)\n"
    "  --threads N  threads in all: one writes to the store, the others parse JSON (default: every core)\n"
    "  --reports    the input is reports as `vetter check` writes them: each is appended to its\n"
    "               subject's history (vetter check FILE | vetter ingest --reports -)\n";

/* Longest input line (as `vetter check`). */
#define MAX_LINE (4u << 20)
/* Input problems printed on stderr; the rest are counted (as `vetter check`). */
#define MAX_PRINTED_ISSUES 20
/* Largest --batch accepted. */
#define MAX_BATCH 1000000

struct ingest_opts {
  unsigned long batch;
  bool reports;
};

static int ingest_opt(void *ctx, int argc, char **argv, int *i)
{
  struct ingest_opts *io = ctx;
  if (!strcmp(argv[*i], "--reports")) {
    io->reports = true;
    return 1;
  }
  if (strcmp(argv[*i], "--batch"))
    return 0;
  uint64_t v;
  if (*i + 1 >= argc || vet_parse_u64(vet_str_c(argv[*i + 1]), &v) || v < 1 || v > MAX_BATCH) {
    cli_usage_error("ingest: option '--batch' needs a number from 1 to %d", MAX_BATCH);
    return -1;
  }
  io->batch = (unsigned long)v;
  (*i)++;
  return 1;
}

struct printer {
  size_t printed, total;
};

static void print_issue(void *arg, const struct vet_input_issue *is)
{
  struct printer *p = arg;
  if (p->total++ < MAX_PRINTED_ISSUES) {
    fputs("vetter: ", stderr);
    store_put_clean(stderr, vet_str_c(is->msg));
    fputc('\n', stderr);
    p->printed++;
  }
}

static void print_more(const struct printer *p)
{
  if (p->total > p->printed)
    fprintf(stderr, "vetter: ... and %zu more input problems\n", p->total - p->printed);
}

/* `vetter ingest --reports`: each line a report; batches of reports are
 * one transaction; a report of an unknown subject is reported and skipped. */
static int ingest_reports(struct vet_lines *in, struct vet_store *st, const struct store_args *a,
                          unsigned long batch)
{
  struct vet_error e = {0};
  struct printer pr = {0};
  size_t lines = 0, stored = 0, in_batch = 0;
  double t0 = vet_now();
  int status = 0;
  vet_err rc = vet_store_begin(st, &e);
  while (!rc) {
    vet_str line;
    vet_err r = vet_lines_next(in, &line, &e);
    if (r == VET_ENOTFOUND)
      break;
    struct vet_input_issue is = {.line = in->lineno, .skipped = true};
    if (r == VET_ELIMIT) {
      lines++;
      snprintf(is.msg, sizeof is.msg, "%s:%zu: report skipped: line longer than %u bytes", in->name, in->lineno,
               MAX_LINE);
      print_issue(&pr, &is);
      continue;
    }
    if (r) {
      rc = r;
      break;
    }
    if (!vet_str_trim(line).len)
      continue;
    lines++;
    json_t *j = cli_parse_line(line, in->lineno, in->name, is.msg, sizeof is.msg);
    bool parsed = j != NULL;
    vet_err ar = parsed ? vet_store_add_report(st, j, NULL, &e) : VET_EPARSE;
    json_decref(j);
    if (ar == VET_OK) {
      stored++;
      in_batch++;
    } else if (ar == VET_EPARSE || ar == VET_ENOTFOUND || ar == VET_ELIMIT || ar == VET_EINVAL) {
      if (parsed) /* the store's reason; cli_parse_line wrote its own */
        snprintf(is.msg, sizeof is.msg, "%.60s:%zu: report skipped: %.140s", in->name, in->lineno, e.msg);
      print_issue(&pr, &is);
    } else {
      rc = ar;
      break;
    }
    if (in_batch >= batch) {
      if ((rc = vet_store_commit(st, &e)) == VET_OK)
        rc = vet_store_begin(st, &e);
      in_batch = 0;
    }
  }
  if (!rc)
    rc = vet_store_commit(st, &e);
  else
    vet_store_rollback(st);
  print_more(&pr);
  if (rc)
    status = cli_error(&e);
  else if (!a->o.quiet)
    fprintf(stderr, "vetter: %zu reports stored in '%s' (%zu of %zu lines skipped) in %.2f s\n", stored, a->db,
            pr.total, lines, vet_now() - t0);
  return status;
}

/* Lines are read in blocks.  The JSON of a block is parsed (and written
 * back in canonical form) by worker threads while this thread hands the
 * previous block, already parsed, to the ingest in input order: this
 * thread alone touches the population and the store. */
#define READ_BLOCK 1024
/* Most parsing threads. */
#define MAX_THREADS 64

/* The JSON a worker made is also freed by a worker (the next one to parse
 * the slot): with glibc, memory freed by another thread than the one that
 * allocated it goes back under its arena's lock, and the writing thread
 * would spend its time there. */
struct slot {
  char *text;        /* the line (a copy); NULL for a line over MAX_LINE */
  size_t len, lineno;
  json_t *obj;       /* NULL: not JSON */
  char *canon;       /* json_dumps(obj, JSON_SORT_KEYS | JSON_COMPACT) */
  json_t *old_obj;   /* the slot's previous line's, for the worker to free */
  char *old_canon;
};

struct block {
  struct slot *slots;
  size_t n;
  size_t n_old;                       /* slots holding old_obj / old_canon */
  atomic_size_t claim;                /* next slot to parse: workers and, once idle, this thread take them */
  unsigned nt;                        /* parsing threads */
  bool inline_parse;                  /* --threads 1: this thread parses alone */
  pthread_t th[MAX_THREADS];
  bool started[MAX_THREADS];
};

static void *parse_slots(void *arg)
{
  struct block *b = arg;
  size_t end = VET_MAX(b->n, b->n_old);
  for (size_t i; (i = atomic_fetch_add(&b->claim, 1)) < end;) {
    struct slot *s = &b->slots[i];
    json_decref(s->old_obj);
    free(s->old_canon);
    s->old_obj = NULL;
    s->old_canon = NULL;
    if (i >= b->n || !s->text)
      continue;
    s->obj = json_loadb(s->text, s->len, JSON_REJECT_DUPLICATES, NULL);
    s->canon = s->obj ? json_dumps(s->obj, JSON_SORT_KEYS | JSON_COMPACT) : NULL;
  }
  return NULL;
}

/* Start parsing b on b->nt threads (here, at once, with --threads 1). */
static void parse_start(struct block *b)
{
  atomic_store(&b->claim, 0);
  for (unsigned t = 0; t < b->nt && !b->inline_parse; t++)
    b->started[t] = pthread_create(&b->th[t], NULL, parse_slots, b) == 0;
  if (b->inline_parse)
    parse_slots(b);
}

/* Parse what the workers have not taken yet, then wait for them. */
static void parse_wait(struct block *b)
{
  parse_slots(b);
  for (unsigned t = 0; t < b->nt; t++)
    if (b->started[t])
      pthread_join(b->th[t], NULL);
  memset(b->started, 0, sizeof b->started);
}

/* Hand the parsed block to the ingest in input order; empty it (its JSON
 * is left for the next worker of the block to free). */
static vet_err ingest_block(struct vet_ingest *ing, struct block *b, vet_err rc, struct vet_error *e)
{
  for (size_t i = 0; i < b->n; i++) {
    struct slot *s = &b->slots[i];
    if (!rc && !s->text) {
      char why[96];
      snprintf(why, sizeof why, "record skipped: line longer than %u bytes", MAX_LINE);
      rc = vet_ingest_skip(ing, s->lineno, why, e);
    } else if (!rc) {
      if (s->obj && !s->canon)
        rc = vet_fail(e, VET_ENOMEM, "out of memory");
      else
        rc = vet_ingest_json(ing, s->lineno, (vet_str){s->text, s->len}, s->obj, s->canon, e);
    }
    free(s->text);
    s->text = NULL;
    s->old_obj = s->obj;
    s->old_canon = s->canon;
    s->obj = NULL;
    s->canon = NULL;
  }
  b->n_old = b->n;
  b->n = 0;
  return rc;
}

/* Free everything a block holds (at the end, or after an error). */
static void block_release(struct block *b)
{
  for (size_t i = 0; i < VET_MAX(b->n, b->n_old); i++) {
    struct slot *s = &b->slots[i];
    if (i < b->n) {
      json_decref(s->obj);
      free(s->canon);
      free(s->text);
    }
    json_decref(s->old_obj);
    free(s->old_canon);
  }
  b->n = b->n_old = 0;
}

/* Read the next block of lines into b (b->n == 0 at the end of input). */
static vet_err read_block(struct vet_lines *in, struct block *b, struct vet_error *e)
{
  while (b->n < READ_BLOCK) {
    vet_str line;
    vet_err r = vet_lines_next(in, &line, e);
    if (r == VET_ENOTFOUND)
      break;
    if (r == VET_ELIMIT) {
      struct slot *s = &b->slots[b->n++];
      s->text = NULL;
      s->len = 0;
      s->lineno = in->lineno;
      continue;
    }
    if (r)
      return r;
    if (!vet_str_trim(line).len)
      continue;
    struct slot *s = &b->slots[b->n];
    if (!(s->text = malloc(line.len + 1)))
      return vet_fail(e, VET_ENOMEM, "out of memory");
    memcpy(s->text, line.ptr, line.len);
    s->text[line.len] = 0;
    s->len = line.len;
    s->lineno = in->lineno;
    b->n++;
  }
  return VET_OK;
}

static vet_err read_lines(struct vet_lines *in, struct vet_ingest *ing, const struct cli_opts *o, struct vet_error *e)
{
  unsigned nt = vet_threads(o->threads);
  /* this thread ingests, the others parse */
  bool inline_parse = nt == 1;
  nt = VET_MIN(VET_MAX(nt, 2u) - 1, MAX_THREADS);
  struct block *blk = calloc(2, sizeof *blk);
  struct slot *slots = calloc(2 * READ_BLOCK, sizeof *slots);
  if (!blk || !slots) {
    free(blk);
    free(slots);
    return vet_fail(e, VET_ENOMEM, "out of memory");
  }
  struct cli_progress pg;
  cli_progress_init(&pg, o->quiet);
  struct block *cur = &blk[0], *next = &blk[1];
  cur->slots = slots;
  next->slots = slots + READ_BLOCK;
  cur->nt = next->nt = nt;
  cur->inline_parse = next->inline_parse = inline_parse;
  vet_err rc = read_block(in, cur, e);
  if (!rc) {
    parse_start(cur);
    parse_wait(cur);
  }
  while (!rc && cur->n) {
    rc = read_block(in, next, e);
    if (!rc)
      parse_start(next); /* parsed while cur is ingested */
    rc = ingest_block(ing, cur, rc, e);
    parse_wait(next);
    cli_progress_tick(&pg, in->lineno, "lines ingested");
    struct block *t = cur;
    cur = next;
    next = t;
  }
  block_release(cur);
  block_release(next);
  free(slots);
  free(blk);
  cli_progress_end(&pg);
  return rc;
}

int cli_ingest_run(struct vet_store *st, const struct vet_ctx *ctx, struct vet_lines *in, const char *db,
                   const struct cli_opts *o, unsigned long batch, vet_ingest_record_fn on_record, void *record_arg)
{
  struct vet_error e = {0};
  struct printer pr = {0};
  double t0 = vet_now();
  struct vet_ingest_opts iop = {
      .batch = batch, .on_issue = print_issue, .arg = &pr, .on_record = on_record, .record_arg = record_arg};
  struct vet_ingest *ing = vet_ingest_new(st, vet_ctx_countries(ctx), in->name, &iop, &e);
  vet_err rc = ing ? VET_OK : e.code;
  if (!rc)
    rc = read_lines(in, ing, o, &e);
  if (!rc)
    rc = vet_ingest_finish(ing, &e);
  if (ing) /* every problem, also those the parser counted without keeping */
    pr.total = VET_MAX(pr.total, (size_t)(vet_ingest_stats(ing)->skipped + vet_ingest_stats(ing)->warnings));
  print_more(&pr);
  int status = 0;
  if (rc) {
    status = cli_error(&e);
    if (ing)
      fprintf(stderr, "vetter: %llu batches were stored before the failure; the failed one was not\n",
              (unsigned long long)vet_ingest_stats(ing)->batches);
  } else if (!o->quiet) {
    const struct vet_ingest_stats *s = vet_ingest_stats(ing);
    const struct vet_store_counts *c = &s->counts;
    fprintf(stderr,
            "vetter: ingested '%s' into '%s' in %.2f s: subjects %llu new, %llu updated, %llu unchanged; "
            "events %llu new, %llu duplicate; %llu of %llu records skipped\n",
            in->name, db, vet_now() - t0, (unsigned long long)c->subjects_new,
            (unsigned long long)c->subjects_updated, (unsigned long long)c->subjects_unchanged,
            (unsigned long long)c->events_new, (unsigned long long)c->events_duplicate,
            (unsigned long long)s->skipped, (unsigned long long)s->lines);
  }
  vet_ingest_free(ing);
  return status;
}

int cmd_ingest(int argc, char **argv)
{
  struct store_args a = {.cmd = "ingest", .usage = ingest_usage};
  struct ingest_opts io = {.batch = VET_STORE_DEFAULT_BATCH};
  int st_code = store_parse_args(&a, argc, argv, ingest_opt, &io);
  if (st_code >= 0)
    return st_code;
  if (!a.pos)
    return cli_usage_error("ingest: no input file\n%s", ingest_usage);
  struct vet_lines in;
  struct vet_error e = {0};
  if (vet_lines_open(&in, a.pos, MAX_LINE, &e))
    return cli_error(&e);
  struct vet_ctx *ctx = io.reports ? NULL : cli_open(&a.o, false);
  struct vet_store *st = (io.reports || ctx) ? store_open_cli(a.db, 0) : NULL;
  if (!st) {
    vet_ctx_free(ctx);
    vet_lines_close(&in);
    return 1;
  }
  if (io.reports) {
    int s = ingest_reports(&in, st, &a, io.batch);
    vet_store_close(st);
    vet_lines_close(&in);
    return s;
  }
  int status = cli_ingest_run(st, ctx, &in, a.db, &a.o, io.batch, NULL, NULL);
  vet_store_close(st);
  vet_ctx_free(ctx);
  vet_lines_close(&in);
  return status;
}
