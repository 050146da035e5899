/* cli/cmd_check.c - `vetter check`: read subjects and events (JSON lines),
 * run every check on every subject on all cores, and write one report per
 * subject in input order (JSON lines, or readable text), with a summary
 * on stderr. */
#include <pthread.h>
#include <unistd.h>

#include "cli.h"
#include "io/lines.h"
#include "vetter/check.h"

static const char usage[] =
    "usage: vetter check FILE|- [--format jsonl|text] [--min-band low|medium|high|critical]\n"
    "                    [--threads N] [--quiet] [--config FILE] [--data DIR] [--lists NAMES]\n"
    "  input: JSON lines of subjects and events (docs/schema.md); output: one report per subject\n"
    "  --min-band B   write only the reports of subjects in band B or above (all are counted)\n";

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
}

/* One per thread, kept across blocks (a worker holds a searcher and a
 * normalizer with its ICU transliterator: costly to make). */
struct slot {
  struct run *r;
  struct vet_check_worker *w; /* made on first use */
};

static void *worker(void *arg)
{
  struct slot *sl = arg;
  struct run *r = sl->r;
  struct vet_error e = {0};
  if (!sl->w)
    sl->w = vet_check_worker_new(r->ck, &e);
  struct vet_check_worker *w = sl->w;
  struct vet_buf b;
  vet_buf_init(&b, 64u << 20);
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
    if (vet_check_subject(w, i, rep, &e)) {
      pthread_mutex_lock(&r->mu);
      if (!r->failed) {
        r->failed = true;
        r->err = e;
      }
      pthread_mutex_unlock(&r->mu);
      break;
    }
    char *s;
    if (r->text) {
      vet_buf_reset(&b);
      text_report(&b, &vet_checker_population(r->ck)->subjects[i], rep);
      s = strdup(vet_buf_cstr(&b));
    } else {
      s = json_dumps(rep->json, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
    }
    json_decref(rep->json);
    rep->json = NULL;
    r->out[i - r->base] = s;
  }
  vet_buf_release(&b);
  return NULL;
}

/* Lines parsed as JSON in parallel, then added to the population in
 * input order by the main thread (the population is one thread's). */
#define READ_BLOCK 8192

struct parse_job {
  char **lines;      /* this block's lines (copies) */
  size_t *len;
  json_t **objs;     /* NULL when a line is not JSON (re-read to report it) */
  size_t n;
  unsigned stride, first;
};

static void *parse_lines(void *arg)
{
  struct parse_job *j = arg;
  for (size_t i = j->first; i < j->n; i += j->stride)
    j->objs[i] = json_loadb(j->lines[i], j->len[i], JSON_REJECT_DUPLICATES, NULL);
  return NULL;
}

/* Parse the block's lines on nt threads (jobs[t] takes every nt-th line)
 * and add them to the population in order. */
static vet_err add_block(struct vet_population *pop, struct parse_job *jobs, unsigned nt, const size_t *linenos,
                         struct vet_error *e)
{
  pthread_t th[64];
  bool started[64] = {false};
  for (unsigned t = 1; t < nt && t < 64; t++)
    started[t] = pthread_create(&th[t], NULL, parse_lines, &jobs[t]) == 0;
  parse_lines(&jobs[0]);
  for (unsigned t = 1; t < nt && t < 64; t++) {
    if (started[t])
      pthread_join(th[t], NULL);
    else
      parse_lines(&jobs[t]); /* no thread: this one does its share */
  }
  const struct parse_job *j = &jobs[0];
  vet_err rc = VET_OK;
  for (size_t i = 0; i < j->n; i++) {
    if (!rc)
      rc = j->objs[i] ? vet_population_add_json(pop, linenos[i], j->objs[i], e)
                      : vet_population_add_line(pop, linenos[i], (vet_str){j->lines[i], j->len[i]}, e);
    json_decref(j->objs[i]);
    free(j->lines[i]);
  }
  return rc;
}

/* Read the open input lr (closed here) into pop. */
static int read_population(struct vet_lines *in, struct vet_population *pop, bool quiet, unsigned nt)
{
  struct vet_lines lr = *in;
  const char *path = lr.name;
  struct vet_error e = {0};
  if (nt > 64)
    nt = 64;
  struct cli_progress pg;
  cli_progress_init(&pg, quiet);
  char **lines = calloc(READ_BLOCK, sizeof *lines);
  size_t *len = calloc(READ_BLOCK, sizeof *len), *linenos = calloc(READ_BLOCK, sizeof *linenos);
  json_t **objs = calloc(READ_BLOCK, sizeof *objs);
  struct parse_job *jobs = calloc(nt, sizeof *jobs);
  vet_err rc = lines && len && linenos && objs && jobs ? VET_OK : vet_fail(&e, VET_ENOMEM, "out of memory");
  size_t n = 0;
  bool eof = false;
  while (!rc && !eof) {
    vet_str line;
    vet_err r = vet_lines_next(&lr, &line, &e);
    if (r == VET_ELIMIT) {
      pop->lines++;
      pop->skipped++;
      fprintf(stderr, "vetter: %s:%zu: record skipped: line longer than %u bytes\n", path, lr.lineno, MAX_LINE);
      continue;
    }
    if (r == VET_ENOTFOUND) {
      eof = true;
    } else if (r) {
      rc = r;
      break;
    } else if (vet_str_trim(line).len) {
      if (!(lines[n] = malloc(line.len + 1))) {
        rc = vet_fail(&e, VET_ENOMEM, "out of memory");
        break;
      }
      memcpy(lines[n], line.ptr, line.len);
      lines[n][line.len] = 0;
      len[n] = line.len;
      linenos[n++] = lr.lineno;
    }
    if (n == READ_BLOCK || (eof && n)) {
      for (unsigned t = 0; t < nt; t++)
        jobs[t] = (struct parse_job){lines, len, objs, n, nt, t};
      rc = add_block(pop, jobs, nt, linenos, &e);
      n = 0;
      cli_progress_tick(&pg, lr.lineno, "lines read");
    }
  }
  for (size_t i = 0; i < n; i++) /* left by an error */
    free(lines[i]);
  free(lines);
  free(len);
  free(linenos);
  free(objs);
  free(jobs);
  vet_lines_close(&lr);
  cli_progress_end(&pg);
  if (rc || vet_population_finish(pop, &e))
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

static void summary(const struct vet_population *pop, const size_t bands[4], const size_t rules[VET_RULE_COUNT],
                    double read_secs, double secs)
{
  fprintf(stderr,
          "vetter: %u subjects checked (%u events; %zu of %zu records skipped) in %.2f s, %.0f subjects/s "
          "(input read in %.2f s)\n",
          pop->n_subjects, pop->n_events, pop->skipped, pop->lines, secs, secs > 0 ? pop->n_subjects / secs : 0.0,
          read_secs);
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

int cmd_check(int argc, char **argv)
{
  struct cli_opts o = {0};
  const char *path = NULL, *format = "jsonl", *min_band = "low";
  for (int i = 0; i < argc; i++) {
    int st;
    if (cli_common_opt(&o, argc, argv, &i, usage, &st)) {
      if (st >= 0)
        return st;
      continue;
    }
    if (!strcmp(argv[i], "--format") || !strcmp(argv[i], "--min-band")) {
      if (i + 1 >= argc)
        return cli_usage_error("check: option '%s' needs a value\n%s", argv[i], usage);
      *(!strcmp(argv[i], "--format") ? &format : &min_band) = argv[i + 1];
      i++;
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
  struct vet_ctx *ctx = cli_open(&o, true);
  if (!ctx) {
    vet_lines_close(&in);
    return 1;
  }
  unsigned nt = o.threads;
  if (!nt) {
    long nc = sysconf(_SC_NPROCESSORS_ONLN);
    nt = nc > 0 ? (unsigned)nc : 1;
  }
  double t0 = vet_now();
  struct vet_population *pop = vet_population_new(vet_ctx_countries(ctx), in.name);
  struct vet_error e = {0};
  int status = 0;
  if (pop) {
    status = read_population(&in, pop, o.quiet, nt);
  } else {
    vet_lines_close(&in);
    status = cli_error(&(struct vet_error){VET_ENOMEM, "out of memory"});
  }
  struct vet_checker *ck = NULL;
  if (!status && !(ck = vet_checker_new(ctx, pop, &e)))
    status = cli_error(&e);
  const char *warning = ck ? vet_checker_warning(ck) : NULL;
  if (warning)
    fprintf(stderr,
            "vetter: check: warning: %s; the IP-based signals do not run\n",
            warning);
  if (status) {
    vet_population_free(pop);
    vet_ctx_free(ctx);
    return status;
  }
  double t1 = vet_now();

  struct run r = {.ck = ck, .n = pop->n_subjects, .text = !strcmp(format, "text")};
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
  for (unsigned t = 0; slots && t < nt; t++)
    vet_check_worker_free(slots[t].w);
  free(slots);
  free(th);
  free(r.out);
  free(r.rep);
  pthread_mutex_destroy(&r.mu);
  if (fflush(stdout) != 0 || ferror(stdout)) {
    r.failed = true;
    r.err = (struct vet_error){VET_EIO, "cannot write the output"};
  }
  if (r.failed)
    status = cli_error(&r.err);
  else if (!o.quiet)
    summary(pop, bands, rules, t1 - t0, vet_now() - t1);
  vet_checker_free(ck);
  vet_population_free(pop);
  vet_ctx_free(ctx);
  return status;
}
