/* cli/cli.c - shared command-line plumbing: options, engine loading,
 * errors, progress, and the ordered multi-threaded batch runner. */
#include <pthread.h>
#include <stdarg.h>
#include <unistd.h>

#include "cli.h"
#include "io/file.h"
#include "io/lines.h"

int cli_error(const struct vet_error *e)
{
  fprintf(stderr, "vetter: %s\n", e && e->msg[0] ? e->msg : "unknown error");
  return 1;
}

int cli_usage_error(const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  fputs("vetter: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputs("\n", stderr);
  va_end(ap);
  return 2;
}

static bool parse_uint(const char *s, unsigned *out)
{
  uint64_t v;
  if (vet_parse_u64(vet_str_c(s), &v) || v > 4096)
    return false;
  *out = (unsigned)v;
  return true;
}

int cli_global_opt(struct cli_opts *o, int argc, char **argv, int *i)
{
  const char *a = argv[*i];
  const char *val = *i + 1 < argc ? argv[*i + 1] : NULL;
  if (!strcmp(a, "--json")) {
    o->json = true;
    return 1;
  }
  if (!strcmp(a, "--quiet") || !strcmp(a, "-q")) {
    o->quiet = true;
    return 1;
  }
  const char **target = NULL;
  if (!strcmp(a, "--data"))
    target = &o->data_dir;
  else if (!strcmp(a, "--config"))
    target = &o->config;
  else if (!strcmp(a, "--lists"))
    target = &o->lists;
  if (target) {
    if (!val) {
      cli_usage_error("option '%s' needs a value", a);
      return -1;
    }
    *target = val;
    (*i)++;
    return 1;
  }
  if (!strcmp(a, "--threads")) {
    if (!val || !parse_uint(val, &o->threads)) {
      cli_usage_error("option '--threads' needs a number from 0 to 4096");
      return -1;
    }
    (*i)++;
    return 1;
  }
  return 0;
}

bool cli_common_opt(struct cli_opts *o, int argc, char **argv, int *i, const char *usage, int *exit_status)
{
  *exit_status = -1;
  int g = cli_global_opt(o, argc, argv, i);
  if (g < 0)
    *exit_status = 2;
  else if (!g && (!strcmp(argv[*i], "-h") || !strcmp(argv[*i], "--help"))) {
    fputs(usage, stdout);
    *exit_status = 0;
  } else if (!g) {
    return false;
  }
  return true;
}

int cli_load_config(const struct cli_opts *o, struct vet_config *cfg)
{
  vet_config_defaults(cfg);
  const char *path = o->config;
  if (!path)
    path = getenv("VETTER_CONF");
  if (!path && vet_path_is_file("vetter.conf"))
    path = "vetter.conf";
  struct vet_error e = {0};
  if (path && vet_config_load(cfg, path, &e))
    return cli_error(&e);
  if (o->photo_dir && vet_config_set(cfg, "link.photo_dir", vet_str_c(o->photo_dir), &e))
    return cli_error(&e);
  return 0;
}

struct vet_ctx *cli_open(const struct cli_opts *o, bool with_lists)
{
  struct vet_config cfg;
  if (cli_load_config(o, &cfg))
    return NULL;
  struct vet_error e = {0};
  struct vet_ctx *ctx = vet_ctx_new(&cfg, o->data_dir, &e);
  if (!ctx) {
    cli_error(&e);
    return NULL;
  }
  vet_ctx_set_threads(ctx, o->threads); /* `vetter check` loads its lists itself, beside its reading */
  if (with_lists && cli_load_lists(o, ctx)) {
    vet_ctx_free(ctx);
    return NULL;
  }
  return ctx;
}

int cli_load_lists(const struct cli_opts *o, struct vet_ctx *ctx)
{
  double ls, is;
  struct vet_error e = {0};
  if (vet_ctx_load_lists(ctx, NULL, o->lists, &ls, &is, &e))
    return cli_error(&e);
  if (!o->quiet && isatty(STDERR_FILENO)) {
    struct vet_index_stats st;
    vet_index_stats(vet_ctx_index(ctx), &st);
    if (vet_ctx_lists_from_snapshot(ctx))
      fprintf(stderr, "vetter: %zu entities, %zu names from %u lists read from their compiled snapshot in %.2f s\n",
              st.entities, st.names, vet_ctx_lists(ctx)->n_lists, ls);
    else
      fprintf(stderr, "vetter: %zu entities, %zu names from %u lists loaded in %.2f s, indexed in %.2f s\n",
              st.entities, st.names, vet_ctx_lists(ctx)->n_lists, ls, is);
  }
  return 0;
}

void cli_print_json(FILE *f, json_t *j)
{
  char *s = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
  if (s) {
    fputs(s, f);
    fputc('\n', f);
    free(s);
  }
}

void cli_progress_init(struct cli_progress *p, bool quiet)
{
  p->on = !quiet && isatty(STDERR_FILENO);
  p->start = p->last = vet_now();
  p->done = 0;
}

void cli_progress_tick(struct cli_progress *p, size_t done, const char *what)
{
  p->done = done;
  if (!p->on)
    return;
  double now = vet_now();
  if (now - p->last < 0.2)
    return;
  p->last = now;
  double rate = done / (now - p->start > 0 ? now - p->start : 1e-9);
  fprintf(stderr, "\r%zu %s, %.0f/s   ", done, what, rate);
  fflush(stderr);
}

void cli_progress_end(struct cli_progress *p)
{
  if (p->on)
    fprintf(stderr, "\r\033[K");
}

json_t *cli_parse_line(vet_str line, size_t lineno, const char *src, char *err, size_t cap)
{
  json_error_t je;
  json_t *j = json_loadb(line.ptr, line.len, JSON_REJECT_DUPLICATES, &je);
  if (!j) {
    snprintf(err, cap, "%s:%zu: invalid JSON: %s (column %d)", src, lineno, je.text, je.column);
    return NULL;
  }
  if (!json_is_object(j)) {
    snprintf(err, cap, "%s:%zu: expected a JSON object", src, lineno);
    json_decref(j);
    return NULL;
  }
  return j;
}

char *cli_error_line(size_t lineno, json_t *id, const char *msg)
{
  json_t *o = json_object();
  json_object_set_new(o, "line", json_integer((json_int_t)lineno));
  if (id)
    json_object_set(o, "id", id);
  json_object_set_new(o, "error", json_string(msg));
  char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
  json_decref(o);
  return s;
}

/* ---- the batch runner ---- */

#define CHUNK 16384

struct chunk {
  char **in;       /* line copies; NULL for a line already answered */
  size_t *lineno;
  char **out;
  bool *err;       /* the line's output is an error report */
  size_t n;
};

struct worker {
  const struct cli_batch *b;
  struct chunk *c;
  unsigned idx, nthreads;
  void *state;
  pthread_t th;
};

static void *work_chunk(void *p)
{
  struct worker *w = p;
  for (size_t i = w->idx; i < w->c->n; i += w->nthreads)
    if (w->c->in[i])
      w->c->out[i] = w->b->work(w->state, w->b->shared, w->c->lineno[i], vet_str_c(w->c->in[i]), &w->c->err[i]);
  return NULL;
}

int cli_batch_run(const struct cli_batch *b, size_t *lines_out, size_t *errors_out)
{
  struct vet_lines r;
  struct vet_error e = {0};
  if (vet_lines_open(&r, b->path, 1u << 20, &e))
    return cli_error(&e);
  unsigned nt = vet_threads(b->threads);
  if (nt > 256)
    nt = 256;
  struct worker *ws = calloc(nt, sizeof *ws);
  struct chunk c = {calloc(CHUNK, sizeof(char *)), calloc(CHUNK, sizeof(size_t)), calloc(CHUNK, sizeof(char *)),
                    calloc(CHUNK, sizeof(bool)), 0};
  if (!ws || !c.in || !c.lineno || !c.out || !c.err) {
    free(c.err);
    free(ws);
    free(c.in);
    free(c.lineno);
    free(c.out);
    vet_lines_close(&r);
    fprintf(stderr, "vetter: out of memory\n");
    return 1;
  }
  int status = 0;
  for (unsigned t = 0; t < nt; t++) {
    ws[t] = (struct worker){.b = b, .c = &c, .idx = t, .nthreads = nt};
    ws[t].state = b->thread_init ? b->thread_init(b->shared) : NULL;
    if (b->thread_init && !ws[t].state) {
      status = 1;
      nt = t;
      goto done;
    }
  }
  struct cli_progress pg;
  cli_progress_init(&pg, b->quiet);
  size_t total = 0, errors = 0;
  bool eof = false;
  while (!eof) {
    c.n = 0;
    while (c.n < CHUNK) {
      vet_str line;
      vet_err rc = vet_lines_next(&r, &line, &e);
      if (rc == VET_ENOTFOUND) {
        eof = true;
        break;
      }
      if (rc == VET_ELIMIT) { /* report, keep the slot so output order holds */
        fprintf(stderr, "vetter: %s\n", e.msg);
        c.in[c.n] = NULL;
        c.lineno[c.n] = r.lineno;
        c.out[c.n] = cli_error_line(r.lineno, NULL, e.msg);
        c.err[c.n] = true;
        c.n++;
        continue;
      }
      if (rc) {
        cli_error(&e);
        status = 1;
        eof = true;
        break;
      }
      if (vet_str_trim(line).len == 0)
        continue; /* blank lines are not records */
      c.in[c.n] = malloc(line.len + 1);
      if (!c.in[c.n]) {
        status = 1;
        eof = true;
        break;
      }
      memcpy(c.in[c.n], line.ptr, line.len);
      c.in[c.n][line.len] = 0;
      c.lineno[c.n] = r.lineno;
      c.out[c.n] = NULL;
      c.err[c.n] = false;
      c.n++;
    }
    /* lines over the cap already have their output; workers skip them */
    if (nt == 1) {
      work_chunk(&ws[0]);
    } else {
      for (unsigned t = 0; t < nt; t++)
        pthread_create(&ws[t].th, NULL, work_chunk, &ws[t]);
      for (unsigned t = 0; t < nt; t++)
        pthread_join(ws[t].th, NULL);
    }
    for (size_t i = 0; i < c.n; i++) {
      errors += c.err[i];
      if (c.out[i]) {
        fputs(c.out[i], stdout);
        fputc('\n', stdout);
        free(c.out[i]);
      }
      free(c.in[i]);
      c.in[i] = NULL;
      c.out[i] = NULL;
    }
    total += c.n;
    cli_progress_tick(&pg, total, b->what);
  }
  cli_progress_end(&pg);
  fflush(stdout);
  if (lines_out)
    *lines_out = total;
  if (errors_out)
    *errors_out = errors;
done:
  for (unsigned t = 0; t < nt; t++)
    if (b->thread_free)
      b->thread_free(ws[t].state);
  free(ws);
  free(c.in);
  free(c.lineno);
  free(c.out);
  free(c.err);
  vet_lines_close(&r);
  return status;
}
