/* cli/cmd_check.c - `vetter check`: read subjects and events (JSON lines),
 * run every check on every subject on all cores, and write one report per
 * subject in input order (JSON lines, or readable text), with a summary
 * on stderr. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/lines.h"
#include "store_cli.h"

static const char usage[] =
    "usage: vetter check FILE|- [--format jsonl|text] [--min-band low|medium|high|critical]\n"
    "                    [--threads N] [--quiet] [--config FILE] [--data DIR] [--lists NAMES]\n"
    "                    [--store [--db PATH]] [--photo-dir DIR]\n"
    "  input: JSON lines of subjects and events (docs/schema.md); output: one report per subject\n"
    "  --min-band B   write only the reports of subjects in band B or above (all are counted)\n"
    "  --store        ingest the input into the store, check it against the whole stored population\n"
    "                 (linking), report the input's subjects with their analyst decisions, and store\n"
    "                 the reports, groups and shared identifiers (docs/store.md)\n"
    "  --db PATH      the store (default: $VETTER_DB, else ./vetter.db; created when missing)\n"
    "  --photo-dir D  relative \"photo\" image files are under D (setting link.photo_dir; default: the\n"
    "                 current directory)\n";

/* Longest input line (a subject with a long resume). */
#define MAX_LINE (4u << 20)
/* Subjects checked between two writes (output stays in input order). */
#define BLOCK 4096
/* Input problems printed on stderr; the rest are counted. */
#define MAX_PRINTED_ISSUES 20

struct run {
  const struct vet_checker *ck;
  uint32_t n;          /* subjects */
  uint32_t base, end;  /* current block */
  char **out;          /* per subject of the block: the output text */
  struct vet_report *rep; /* per subject of the block: score, band, rules */
  bool text;
  const struct check_store *store; /* --store: only its input's subjects, formatted by the main thread */
  pthread_mutex_t mu;
  uint32_t next;       /* next subject of the block to take */
  bool failed;
  struct vet_error err;
};

static void text_report(struct vet_buf *b, const struct vet_subject *s, const struct vet_report *r)
{
  json_t *j = r->json;
  vet_buf_appendf(b, "subject %.*s  score %.1f  band %s", VET_STR_FMT(s->id), r->risk.score,
                  vet_band_name(r->risk.band));
  if (s->name.len)
    vet_buf_appendf(b, "  (%.*s)", VET_STR_FMT(s->name));
  vet_buf_putc(b, '\n');
  json_t *fs = json_object_get(j, "findings");
  size_t i;
  json_t *f;
  json_array_foreach(fs, i, f)
  {
    vet_buf_appendf(b, "  %-8s %-28s %.2f  %s\n", json_string_value(json_object_get(f, "severity")),
                    json_string_value(json_object_get(f, "rule")), json_real_value(json_object_get(f, "score_weight")),
                    json_string_value(json_object_get(f, "message")));
  }
  if (!json_array_size(fs))
    vet_buf_append_c(b, "  no findings\n");
  json_t *d = json_object_get(j, "decision");
  if (d)
    vet_buf_appendf(b, "  decision: %s\n", json_string_value(json_object_get(d, "text")));
}

/* A worker's report "versions" record, written once: the same value in
 * every report it makes (the worker's own copy, outside the JSON region). */
struct versions_memo {
  struct vet_json_memo m;
  struct vet_buf text;
};

/* The output text of a report (malloc'd; NULL when out of memory); memo:
 * NULL, or the calling worker's. */
static char *format_report(const struct run *r, const struct vet_subject *s, const struct vet_report *rep,
                           struct vet_buf *b, struct versions_memo *memo)
{
  vet_buf_reset(b);
  if (!r->text) { /* jansson's own dump for what the fast writer declines */
    const json_t *v = memo ? json_object_get(rep->json, "versions") : NULL;
    if (v && v != memo->m.node) {
      vet_buf_reset(&memo->text);
      bool ok = json_is_object(v) && vet_json_write_compact(v, &memo->text) == VET_OK;
      memo->m = (struct vet_json_memo){ok ? v : NULL, vet_buf_cstr(&memo->text), memo->text.len};
    }
    /* its text may live in the worker's JSON region: copied */
    if (vet_json_write_compact_memo(rep->json, memo ? &memo->m : NULL, b)) {
      char *d = json_dumps(rep->json, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(VET_JSON_REAL_PRECISION));
      char *s2 = d ? strdup(d) : NULL;
      vet_json_free(d);
      return s2;
    }
    return strdup(vet_buf_cstr(b));
  }
  text_report(b, s, rep);
  return strdup(vet_buf_cstr(b));
}

/* One per thread, kept across blocks (a worker holds a searcher and a
 * normalizer with its ICU transliterator: costly to make). */
struct slot {
  struct run *r;
  struct vet_check_worker *w; /* made on first use */
  struct vet_json_region *jr; /* a subject's jansson values (vetter/json.h); made on first use */
};

/* Bytes of a worker's JSON region: a report's tree takes tens of
 * kilobytes; a larger one continues with malloc. */
#define REPORT_REGION_BYTES (4u << 20)

/* The first failure of the run is the one reported. */
static void run_failed(struct run *r, const struct vet_error *e)
{
  pthread_mutex_lock(&r->mu);
  if (!r->failed) {
    r->failed = true;
    r->err = *e;
  }
  pthread_mutex_unlock(&r->mu);
}

static void *worker(void *arg)
{
  struct slot *sl = arg;
  struct run *r = sl->r;
  struct vet_error e = {0};
  if (!sl->w)
    sl->w = vet_check_worker_new(r->ck, &e);
  if (!sl->jr && !r->store) /* without it (no memory) jansson simply mallocs */
    sl->jr = vet_json_region_new(REPORT_REGION_BYTES);
  struct vet_check_worker *w = sl->w;
  struct vet_buf b;
  vet_buf_init(&b, 64u << 20);
  struct versions_memo memo = {.m = {0}};
  vet_buf_init(&memo.text, 1u << 20);
  for (;;) {
    pthread_mutex_lock(&r->mu);
    if (!w && !r->failed) {
      r->failed = true;
      r->err = e;
    }
    uint32_t i = r->failed ? r->end : r->next++;
    pthread_mutex_unlock(&r->mu);
    if (i >= r->end)
      break;
    struct vet_report *rep = &r->rep[i - r->base];
    const struct vet_subject *subj = &vet_checker_population(r->ck)->subjects[i];
    if (r->store && !check_store_wanted(r->store, subj)) {
      memset(rep, 0, sizeof *rep);
      r->out[i - r->base] = NULL;
      continue;
    }
    if (r->store) { /* the main thread adds the decision and formats: no region */
      if (vet_check_subject(w, i, rep, &e)) {
        run_failed(r, &e);
        break;
      }
      continue;
    }
    /* the report is made, written and freed in the region */
    vet_json_region_begin(sl->jr);
    bool ok = vet_check_subject(w, i, rep, &e) == VET_OK;
    if (ok)
      r->out[i - r->base] = format_report(r, subj, rep, &b, &memo);
    json_decref(rep->json);
    rep->json = NULL;
    vet_check_worker_clear(w);
    vet_json_region_end();
    if (!ok) {
      run_failed(r, &e);
      break;
    }
  }
  vet_buf_release(&b);
  vet_buf_release(&memo.text);
  return NULL;
}

/* Reading: the main thread reads blocks of lines and adds them to the
 * population in input order (the population is one thread's), while
 * worker threads pre-parse the next block (vet_line_parser: events and
 * subjects through the fast readers, the rest through jansson).  Two
 * blocks alternate: while the workers parse block k, the main thread adds
 * block k-1 and reads block k+1 into its buffer, and then parses block k
 * with them.  The
 * lines are handed out in chunks (PARSE_CHUNK), so a thread that shares
 * its core or meets slower lines takes fewer and none waits idle for
 * another.  Each thread frees the results of the block its parser held
 * before (jansson objects included) when it starts on the block. */

/* Lines per block. */
#define READ_BLOCK 8192
/* Bytes of text per block: a block ends at READ_BLOCK lines or once it
 * holds this much (a line may still take up to MAX_LINE on its own).
 * Threads start once a block, so several threads take large blocks; one
 * thread parses in turn with adding, and a small block keeps its results
 * (about three times its text for subjects, in the parsers' arenas) in the
 * cache and off fresh pages (100,000 subjects: 3,300 fewer page faults). */
#define READ_BLOCK_BYTES (8u << 20)
#define READ_BLOCK_BYTES_ONE (1u << 20)
/* The event arrays are reserved for a file's size over this many bytes a
 * line (vet_population_reserve): below the shortest plausible event (a
 * generated login event is about 200 bytes), so that a file of events
 * fits; a file of subjects only reserves address space it never touches. */
#define RESERVE_LINE_BYTES 128
/* At most this many events reserved (64 bytes an event: 4 GiB of address space). */
#define RESERVE_MAX (64u << 20)
/* The same for the subjects: a subject line with a name, contacts and a
 * document or a payout takes this much or more (a generated one about
 * 1,300 bytes); a file of shorter subjects grows the array past the
 * reservation as usual, and a file of events reserves address space it
 * never touches (kept small: a system that commits memory strictly
 * counts it). */
#define RESERVE_SUBJECT_BYTES 512
/* At most this many subjects reserved (424 bytes a subject: 0.8 GiB of address space). */
#define RESERVE_SUBJECTS_MAX (2u << 20)
/* Lines a thread takes at a time from the block being parsed. */
#define PARSE_CHUNK 128
/* Lines ahead of the one being added whose subject is fetched into the
 * cache (a cache miss takes about as long as adding a few lines). */
#define ADD_AHEAD 8

struct rblock {
  char *text;          /* the block's lines, one after the other */
  size_t used, cap;    /* cap >= used + VET_LINE_PADDING once a line is in */
  size_t max_bytes;    /* READ_BLOCK_BYTES or READ_BLOCK_BYTES_ONE */
  size_t *off, *len, *lineno;
  const struct vet_parsed_line **res; /* per line, set by the workers */
  size_t n;
  atomic_size_t next;                 /* the first line not yet handed out */
  struct vet_line_parser **lp;        /* one per thread: its results live until it parses this block again */
};

struct parse_job {
  struct rblock *b;
  unsigned slot; /* the thread's parser: b->lp[slot] */
  vet_err rc;
  struct vet_error err;
};

static void *parse_lines(void *arg)
{
  struct parse_job *j = arg;
  struct rblock *b = j->b;
  struct vet_line_parser *lp = b->lp[j->slot];
  vet_line_parser_clear(lp); /* the results of this buffer's previous block */
  j->rc = VET_OK;
  for (;;) {
    size_t first = atomic_fetch_add(&b->next, PARSE_CHUNK);
    if (first >= b->n || j->rc)
      break;
    size_t end = VET_MIN(first + PARSE_CHUNK, b->n);
    vet_str lines[PARSE_CHUNK];
    for (size_t i = first; i < end; i++)
      lines[i - first] = (vet_str){b->text + b->off[i], b->len[i]};
    /* the chunk's lines lie one after another, a '\n' between two
     * (rblock_push): its event lines are read in one pass */
    vet_err rc = vet_line_parser_parse_run(lp, lines, end - first, b->cap - b->off[first], b->res + first, &j->err);
    if (rc)
      j->rc = rc;
  }
  return NULL;
}

/* share: NULL, or the other block, whose parser t is thread t's too:
 * the two share their event strings (vet_line_parser_new_sharing). */
static bool rblock_init(struct rblock *b, unsigned nt, struct vet_population *pop, const struct rblock *share)
{
  memset(b, 0, sizeof *b);
  atomic_init(&b->next, 0);
  b->max_bytes = nt > 1 ? READ_BLOCK_BYTES : READ_BLOCK_BYTES_ONE;
  b->off = calloc(READ_BLOCK, sizeof *b->off);
  b->len = calloc(READ_BLOCK, sizeof *b->len);
  b->lineno = calloc(READ_BLOCK, sizeof *b->lineno);
  b->res = calloc(READ_BLOCK, sizeof *b->res);
  b->lp = calloc(nt + 1, sizeof *b->lp);
  if (!b->off || !b->len || !b->lineno || !b->res || !b->lp)
    return false;
  for (unsigned t = 0; t <= nt; t++)
    if (!(b->lp[t] = share ? vet_line_parser_new_sharing(pop, share->lp[t]) : vet_line_parser_new(pop)))
      return false;
    else /* a block's text stays until the block is added (read_population) */
      vet_line_parser_keep_lines(b->lp[t]);
  return true;
}

static void rblock_release(struct rblock *b, unsigned nt)
{
  for (unsigned t = 0; b->lp && t <= nt; t++)
    vet_line_parser_free(b->lp[t]);
  free(b->lp);
  free(b->text);
  free(b->off);
  free(b->len);
  free(b->lineno);
  free(b->res);
}

/* Append one line to b and a '\n' after it (room for VET_LINE_PADDING
 * bytes after that). */
static vet_err rblock_push(struct rblock *b, vet_str line, size_t lineno, struct vet_error *e)
{
  size_t need = b->used + line.len + 1 + VET_LINE_PADDING;
  if (need > b->cap) {
    size_t nc = b->cap ? b->cap : b->max_bytes + VET_LINE_PADDING;
    while (nc < need)
      nc *= 2;
    char *nb = realloc(b->text, nc);
    if (!nb)
      return vet_fail(e, VET_ENOMEM, "out of memory");
    b->text = nb;
    b->cap = nc;
  }
  memcpy(b->text + b->used, line.ptr, line.len);
  b->text[b->used + line.len] = '\n';
  b->off[b->n] = b->used;
  b->len[b->n] = line.len;
  b->lineno[b->n++] = lineno;
  b->used += line.len + 1;
  return VET_OK;
}

/* The input's lines, read in large chunks and split with memchr: the
 * same lines, line numbers and length limit as vet_lines_next
 * (io/lines.c), which reads a byte at a time and took more of the main
 * thread than adding the events did.  The file is opened and closed by
 * vet_lines_open/_close. */
#define READ_CHUNK (1u << 20)
/* How far ahead of the reading the kernel is asked to fetch the file
 * (posix_fadvise WILLNEED), in steps of half of it: a large input that has
 * partly left the page cache (this project's benchmark machine drops page
 * cache unread for a minute; docs/benchmarks.md) then comes from the disk
 * while the lines before it are parsed, not when they are done.  A hint:
 * on a pipe, or where the kernel ignores it, nothing changes.  64 MiB: a
 * check of ten million events dropped from the page cache took 7.1-8.2 s,
 * against 7.6-10.0 s with 32 MiB, 7.6-8.6 s with 128 MiB and 9.2-9.3 s
 * with 256 MiB; cached, the same as with 32 MiB. */
#define READ_AHEAD_BYTES ((off_t)64 << 20)

struct chunks {
  FILE *f;
  char *buf;
  size_t start, end, cap; /* unread bytes: buf[start..end) */
  size_t lineno;          /* of the line last returned */
  off_t read, advised;    /* bytes read so far; the file is advised up to there */
  bool eof;
};

static bool chunks_init(struct chunks *c, FILE *f)
{
  memset(c, 0, sizeof *c);
  c->f = f;
  c->cap = READ_CHUNK + MAX_LINE + 2; /* a whole line (and its "\r\n") always fits */
  c->buf = malloc(c->cap);
  return c->buf != NULL;
}

/* More bytes after the unread ones (moved to the front); false at the end
 * of the input or on a read error (then ferror). */
static bool chunks_more(struct chunks *c)
{
  if (c->eof)
    return false;
  if (c->start) {
    memmove(c->buf, c->buf + c->start, c->end - c->start);
    c->end -= c->start;
    c->start = 0;
  }
  if (c->read + READ_AHEAD_BYTES / 2 >= c->advised) {
    (void)posix_fadvise(fileno(c->f), c->advised, c->read + READ_AHEAD_BYTES - c->advised, POSIX_FADV_WILLNEED);
    c->advised = c->read + READ_AHEAD_BYTES;
  }
  errno = 0;
  size_t n = fread(c->buf + c->end, 1, c->cap - c->end, c->f);
  c->end += n;
  c->read += (off_t)n;
  if (!n)
    c->eof = true;
  return n > 0;
}

/* Next line without its "\n" / "\r\n": VET_OK, VET_ENOTFOUND at the end,
 * VET_ELIMIT for a line over MAX_LINE bytes (skipped whole), VET_EIO. */
static vet_err chunks_next(struct chunks *c, vet_str *line, struct vet_error *e, const char *name)
{
  bool over = false;
  for (;;) {
    char *p = c->buf + c->start;
    size_t avail = c->end - c->start;
    char *nl = memchr(p, '\n', avail);
    if (nl || (c->eof && avail) || (c->eof && over)) {
      size_t len = nl ? (size_t)(nl - p) : avail;
      c->start += nl ? len + 1 : len;
      c->lineno++;
      if (!over && len && p[len - 1] == '\r')
        len--;
      if (over || len > MAX_LINE)
        return vet_fail(e, VET_ELIMIT, "%s:%zu: line longer than %u bytes", name, c->lineno, MAX_LINE);
      *line = (vet_str){p, len};
      return VET_OK;
    }
    if (c->eof)
      return VET_ENOTFOUND;
    if (avail > MAX_LINE + 1) { /* too long whatever follows: drop what is read, go on to its end */
      over = true;
      c->start = c->end;
    }
    if (!chunks_more(c) && ferror(c->f))
      return vet_fail(e, VET_EIO, "cannot read '%s': %s", name, errno ? strerror(errno) : "read error");
  }
}

/* Read the next block of lines into b (emptied first); *eof at the end. */
static vet_err fill_block(struct chunks *lr, const char *name, struct vet_population *pop, struct rblock *b,
                          bool *eof, struct vet_error *e)
{
  b->n = 0;
  b->used = 0;
  while (!*eof && b->n < READ_BLOCK && b->used < b->max_bytes) {
    vet_str line = VET_STR_NULL;
    vet_err r = chunks_next(lr, &line, e, name);
    if (r == VET_ELIMIT) {
      pop->lines++;
      pop->skipped++;
      fprintf(stderr, "vetter: %s:%zu: record skipped: line longer than %u bytes\n", name, lr->lineno, MAX_LINE);
      continue;
    }
    if (r == VET_ENOTFOUND) {
      *eof = true;
    } else if (r) {
      return r;
    } else if (vet_str_trim(line).len && (r = rblock_push(b, line, lr->lineno, e))) {
      return r;
    }
  }
  if (b->text) /* the padding after the last line: read by the parser, so defined */
    memset(b->text + b->used, 0, VET_LINE_PADDING);
  return VET_OK;
}

/* Parse b's lines on nt threads, started here (started[t] says which);
 * join_parse has the calling thread take its share (jobs[nt]) and does
 * the part of a thread that could not start. */
static void start_parse(struct rblock *b, struct parse_job *jobs, pthread_t *th, bool *started, unsigned nt)
{
  atomic_store(&b->next, 0);
  for (unsigned t = 0; t <= nt; t++) {
    jobs[t] = (struct parse_job){.b = b, .slot = t};
    started[t] = t < nt && nt > 1 && pthread_create(&th[t], NULL, parse_lines, &jobs[t]) == 0;
  }
}

static vet_err join_parse(struct parse_job *jobs, pthread_t *th, const bool *started, unsigned nt,
                          struct vet_error *e)
{
  vet_err rc = VET_OK;
  parse_lines(&jobs[nt]);
  for (unsigned t = 0; t <= nt; t++) {
    if (started[t])
      pthread_join(th[t], NULL);
    else if (t < nt)
      parse_lines(&jobs[t]);
    if (jobs[t].rc && !rc) {
      rc = jobs[t].rc;
      *e = jobs[t].err;
    }
  }
  return rc;
}

/* Add a parsed block to the population, in input order, the subject of
 * the line ADD_AHEAD further on looked up ahead in the cache. */
static vet_err add_block(struct vet_population *pop, const struct rblock *b, struct vet_error *e)
{
  for (size_t i = 0; i < b->n; i++) {
    if (i + ADD_AHEAD < b->n)
      vet_population_prefetch_parsed(pop, b->res[i + ADD_AHEAD]);
    vet_err rc = vet_population_add_parsed(pop, b->lineno[i], b->res[i], e);
    if (rc)
      return rc;
  }
  return VET_OK;
}

/* Read the open input lr (closed here) into pop. */
static int read_population(struct vet_lines *in, struct vet_population *pop, bool quiet, unsigned nt)
{
  struct vet_lines lr = *in;
  struct vet_error e = {0};
  /* a file's size bounds its events: room for them up front */
  struct stat st;
  if (!fstat(fileno(lr.f), &st) && S_ISREG(st.st_mode))
    vet_population_reserve(pop,
                           (uint32_t)VET_MIN((uint64_t)st.st_size / RESERVE_SUBJECT_BYTES,
                                             (uint64_t)RESERVE_SUBJECTS_MAX),
                           (uint32_t)VET_MIN((uint64_t)st.st_size / RESERVE_LINE_BYTES, (uint64_t)RESERVE_MAX));
  if (nt > 64)
    nt = 64;
  if (!nt)
    nt = 1;
  struct cli_progress pg;
  cli_progress_init(&pg, quiet);
  struct rblock blk[2];
  struct parse_job jobs[65]; /* nt threads and the calling one */
  pthread_t th[64];
  bool started[65];
  struct chunks ch;
  memset(blk, 0, sizeof blk); /* blk[1] is released even when blk[0] failed first */
  bool ok0 = rblock_init(&blk[0], nt, pop, NULL), ok1 = ok0 && rblock_init(&blk[1], nt, pop, &blk[0]),
       ok2 = chunks_init(&ch, lr.f);
  vet_err rc = ok0 && ok1 && ok2 ? VET_OK : vet_fail(&e, VET_ENOMEM, "out of memory");
  bool eof = false, parsed_prev = false;
  if (!rc)
    rc = fill_block(&ch, lr.name, pop, &blk[0], &eof, &e);
  for (unsigned k = 0; !rc; k ^= 1) {
    struct rblock *b = &blk[k], *prev = &blk[k ^ 1];
    if (!b->n && !parsed_prev)
      break;
    if (b->n)
      start_parse(b, jobs, th, started, nt);
    if (parsed_prev) {
      rc = add_block(pop, prev, &e);
      cli_progress_tick(&pg, prev->lineno[prev->n - 1], "lines read");
    }
    prev->n = 0;
    vet_err frc = rc || eof ? VET_OK : fill_block(&ch, lr.name, pop, prev, &eof, &e);
    struct vet_error pe = {0};
    vet_err prc = b->n ? join_parse(jobs, th, started, nt, &pe) : VET_OK;
    if (!rc)
      rc = frc;
    if (!rc && prc) {
      rc = prc;
      e = pe;
    }
    parsed_prev = b->n > 0;
  }
  rblock_release(&blk[1], nt); /* its parsers share blk[0]'s */
  rblock_release(&blk[0], nt);
  free(ch.buf);
  vet_lines_close(&lr);
  cli_progress_end(&pg);
  if (rc || vet_population_finish_threads(pop, nt, &e))
    return cli_error(&e);
  for (uint32_t i = 0; i < pop->n_issues && i < MAX_PRINTED_ISSUES; i++)
    fprintf(stderr, "vetter: %s\n", pop->issues[i].msg);
  if (pop->n_issues_total > MAX_PRINTED_ISSUES)
    fprintf(stderr, "vetter: ... and %zu more input problems\n", pop->n_issues_total - MAX_PRINTED_ISSUES);
  return 0;
}

static enum vet_band parse_band(const char *s, bool *ok)
{
  for (int b = VET_BAND_LOW; b <= VET_BAND_CRITICAL; b++)
    if (!strcmp(s, vet_band_name((enum vet_band)b))) {
      *ok = true;
      return (enum vet_band)b;
    }
  *ok = false;
  return VET_BAND_LOW;
}

static void summary(const struct vet_population *pop, uint32_t checked, const size_t bands[4],
                    const size_t rules[VET_RULE_COUNT], double read_secs, double build_secs, double secs)
{
  fprintf(stderr,
          "vetter: %u subjects checked (%u events; %zu of %zu records skipped) in %.2f s, %.0f subjects/s "
          "(input read in %.2f s, links and indexes built in %.2f s)\n",
          checked, pop->n_events, pop->skipped, pop->lines, secs, secs > 0 ? checked / secs : 0.0, read_secs,
          build_secs);
  fprintf(stderr, "  band      subjects\n");
  for (int b = VET_BAND_CRITICAL; b >= VET_BAND_LOW; b--)
    fprintf(stderr, "  %-9s %8zu\n", vet_band_name((enum vet_band)b), bands[b]);
  /* top rules by subjects flagged */
  int order[VET_RULE_COUNT];
  int n = 0;
  for (int r = 0; r < VET_RULE_COUNT; r++)
    if (rules[r])
      order[n++] = r;
  for (int i = 1; i < n; i++)
    for (int j = i; j > 0 && rules[order[j]] > rules[order[j - 1]]; j--) {
      int t = order[j];
      order[j] = order[j - 1];
      order[j - 1] = t;
    }
  if (n)
    fprintf(stderr, "  top rules                      subjects\n");
  for (int i = 0; i < n && i < 10; i++)
    fprintf(stderr, "  %-30s %8zu\n", vet_rule_get((enum vet_rule)order[i])->id, rules[order[i]]);
}

struct lists_job {
  const struct cli_opts *o;
  struct vet_ctx *ctx;
  int status; /* cli_load_lists' */
};

static void *lists_thread(void *arg)
{
  struct lists_job *j = arg;
  j->status = cli_load_lists(j->o, j->ctx);
  return NULL;
}

int cmd_check(int argc, char **argv)
{
  struct cli_opts o = {0};
  const char *path = NULL, *format = "jsonl", *min_band = "low", *db = NULL;
  bool use_store = false;
  for (int i = 0; i < argc; i++) {
    int st;
    if (cli_common_opt(&o, argc, argv, &i, usage, &st)) {
      if (st >= 0)
        return st;
      continue;
    }
    if (!strcmp(argv[i], "--format") || !strcmp(argv[i], "--min-band") || !strcmp(argv[i], "--db") ||
        !strcmp(argv[i], "--photo-dir")) {
      if (i + 1 >= argc)
        return cli_usage_error("check: option '%s' needs a value\n%s", argv[i], usage);
      const char **to = !strcmp(argv[i], "--format") ? &format
                        : !strcmp(argv[i], "--db")   ? &db
                        : !strcmp(argv[i], "--photo-dir") ? &o.photo_dir
                                                          : &min_band;
      *to = argv[i + 1];
      i++;
    } else if (!strcmp(argv[i], "--store")) {
      use_store = true;
    } else if (argv[i][0] == '-' && argv[i][1]) {
      return cli_usage_error("check: unknown option '%s'\n%s", argv[i], usage);
    } else if (path) {
      return cli_usage_error("check: one input file only\n%s", usage);
    } else {
      path = argv[i];
    }
  }
  if (!path)
    return cli_usage_error("check: no input file\n%s", usage);
  if (db && !use_store)
    return cli_usage_error("check: --db needs --store\n%s", usage);
  if (use_store && !db)
    db = getenv("VETTER_DB");
  if (use_store && (!db || !*db))
    db = "vetter.db";
  if (strcmp(format, "jsonl") && strcmp(format, "json") && strcmp(format, "text"))
    return cli_usage_error("check: --format must be jsonl or text, not '%s'", format);
  bool ok;
  enum vet_band floor = parse_band(min_band, &ok);
  if (!ok)
    return cli_usage_error("check: --min-band must be low, medium, high or critical, not '%s'", min_band);

  /* the input first: a missing file should not wait for the lists */
  struct vet_lines in;
  struct vet_error oe = {0};
  if (vet_lines_open(&in, path, MAX_LINE, &oe))
    return cli_error(&oe);
  struct vet_ctx *ctx = cli_open(&o, false);
  if (!ctx) {
    vet_lines_close(&in);
    return 1;
  }
  unsigned nt = vet_threads(o.threads);
  /* the lists load and index on a thread of their own while the input is
   * read (the reading leaves part of the cores idle); one thread, or the
   * store (whose opening may screen), loads them first.  Either way they
   * load on nt threads: beside a short reading the lists are what the
   * checker waits for, and beside a long one they finish early */
  struct lists_job lj = {.o = &o, .ctx = ctx};
  pthread_t lth;
  bool bg = nt > 1 && !use_store;
  vet_ctx_set_threads(ctx, nt);
  bool lists_bg = bg && pthread_create(&lth, NULL, lists_thread, &lj) == 0;
  if (!lists_bg && cli_load_lists(&o, ctx)) {
    vet_lines_close(&in);
    vet_ctx_free(ctx);
    return 1;
  }
  double t0 = vet_now();
  /* from the store, a record's "line" is its position in the store: name the store */
  struct vet_population *pop = vet_population_new(vet_ctx_countries(ctx), use_store ? db : in.name);
  struct vet_error e = {0};
  int status = 0;
  struct check_store *cs = NULL;
  if (pop && use_store) {
    cs = check_store_open(db, ctx, &in, &o, pop, &status);
    vet_lines_close(&in);
  } else if (pop) {
    status = read_population(&in, pop, o.quiet, nt);
  } else {
    vet_lines_close(&in);
    status = cli_error(&(struct vet_error){VET_ENOMEM, "out of memory"});
  }
  if (lists_bg) {
    pthread_join(lth, NULL);
    if (lj.status && !status)
      status = lj.status;
  }
  double t_read = vet_now();
  struct vet_checker *ck = NULL;
  if (!status && !(ck = vet_checker_new_opts(ctx, pop, &(struct vet_checker_opts){.threads = nt}, &e)))
    status = cli_error(&e);
  const char *warning = ck ? vet_checker_warning(ck) : NULL;
  if (warning)
    fprintf(stderr,
            "vetter: check: warning: %s; the IP-based signals do not run\n",
            warning);
  uint64_t problems = 0;
  uint32_t shown = 0;
  for (const char *pm; ck && (pm = vet_checker_problem(ck, shown, &problems)); shown++)
    fprintf(stderr, "vetter: check: warning: %s; linked without it\n", pm);
  if (problems > shown)
    fprintf(stderr, "vetter: check: warning: ... and %llu more photo files could not be read\n",
            (unsigned long long)(problems - shown));
  if (!status && cs)
    status = check_store_begin(cs);
  if (status) {
    check_store_close(cs);
    vet_checker_free(ck);
    vet_population_free(pop);
    vet_ctx_free(ctx);
    return status;
  }
  double t1 = vet_now();

  struct run r = {.ck = ck, .n = pop->n_subjects, .text = !strcmp(format, "text"), .store = cs};
  struct vet_buf fb;
  vet_buf_init(&fb, 64u << 20);
  pthread_mutex_init(&r.mu, NULL);
  r.out = calloc(BLOCK, sizeof *r.out);
  r.rep = calloc(BLOCK, sizeof *r.rep);
  pthread_t *th = calloc(nt, sizeof *th);
  struct slot *slots = calloc(nt, sizeof *slots);
  size_t bands[4] = {0}, rules[VET_RULE_COUNT] = {0};
  struct cli_progress pg;
  cli_progress_init(&pg, o.quiet);
  char what[64];
  snprintf(what, sizeof what, "of %u subjects checked", r.n);
  for (unsigned t = 0; slots && t < nt; t++)
    slots[t].r = &r;
  if (!r.out || !r.rep || !th || !slots) {
    r.failed = true;
    r.err = (struct vet_error){VET_ENOMEM, "out of memory"};
  }
  for (r.base = 0; r.base < r.n && !r.failed; r.base += BLOCK) {
    r.end = VET_MIN(r.base + BLOCK, r.n);
    r.next = r.base;
    unsigned started = 0;
    for (unsigned t = 0; t < nt; t++)
      if (pthread_create(&th[t], NULL, worker, &slots[t]) == 0)
        started++;
      else
        break;
    if (!started)
      worker(&slots[0]);
    for (unsigned t = 0; t < started; t++)
      pthread_join(th[t], NULL);
    for (uint32_t i = r.base; i < r.end; i++) {
      struct vet_report *rep = &r.rep[i - r.base];
      if (cs && rep->json && !r.failed) {
        /* the decision and the history, then the text */
        if (check_store_report(cs, &pop->subjects[i], rep->json)) {
          r.failed = true;
          r.err = (struct vet_error){VET_EDB, "the report could not be stored"};
        } else if (!(r.out[i - r.base] = format_report(&r, &pop->subjects[i], rep, &fb, NULL))) {
          r.failed = true;
          r.err = (struct vet_error){VET_ENOMEM, "out of memory"};
        }
      }
      char *s = r.out[i - r.base];
      r.out[i - r.base] = NULL;
      json_decref(rep->json); /* left only when a worker failed mid-subject */
      rep->json = NULL;
      if (!s || r.failed) {
        free(s);
        continue;
      }
      bands[rep->risk.band]++;
      for (int k = 0; k < VET_RULE_COUNT; k++)
        rules[k] += rep->rule_counts[k] > 0;
      if (rep->risk.band >= floor) {
        fputs(s, stdout);
        if (!r.text)
          fputc('\n', stdout);
      }
      free(s);
    }
    cli_progress_tick(&pg, r.end, what);
  }
  cli_progress_end(&pg);
  for (unsigned t = 0; slots && t < nt; t++) {
    vet_check_worker_free(slots[t].w);
    vet_json_region_free(slots[t].jr);
  }
  free(slots);
  free(th);
  free(r.out);
  free(r.rep);
  pthread_mutex_destroy(&r.mu);
  if (fflush(stdout) != 0 || ferror(stdout)) {
    r.failed = true;
    r.err = (struct vet_error){VET_EIO, "cannot write the output"};
  }
  if (!r.failed && cs)
    status = check_store_finish(cs, ck, o.quiet);
  if (r.failed)
    status = cli_error(&r.err);
  else if (!o.quiet && !status)
    summary(pop, cs ? (uint32_t)check_store_input_count(cs) : pop->n_subjects, bands, rules, t_read - t0,
            t1 - t_read, vet_now() - t1);
  check_store_close(cs);
  vet_buf_release(&fb);
  vet_checker_free(ck);
  vet_population_free(pop);
  vet_ctx_free(ctx);
  return status;
}
