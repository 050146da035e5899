/* genpop/genpop.c - vetter-genpop: writes a deterministic synthetic
 * population of freelance IT workers (JSON lines, the input of `vetter
 * check`, docs in examples/README.md): about 80% honest workers from many
 * countries and 20% deceptive subjects (DPRK IT workers, their
 * facilitators and front companies), each subject followed by its account
 * events, every subject labelled with the truth in "_truth".
 *
 * Subjects are written in id order; the events of each block of
 * BLOCK_SUBJECTS subjects follow that block, in time order, so subjects
 * and events are mixed as in an export of a live platform.
 * Owns: the run's gp_ctx.
 * Thread-safety: one thread. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/common.h"
#include "genpop.h"

#define DEFAULT_SUBJECTS 400
#define DEFAULT_SEED UINT64_C(20261126)
#define DEFAULT_EVENTS 30
#define MAX_SUBJECTS 10000000 /* ids are w000001..w9999999 */
#define MAX_EVENTS 1000       /* average events per subject */
#define BLOCK_SUBJECTS 16     /* subjects whose events are interleaved and sorted together */

static const char usage[] =
    "usage: vetter-genpop [--subjects N] [--seed S] [--events K] [--out FILE] [--verify] [--stats]\n"
    "  Write a synthetic population of freelance IT workers as JSON lines (subjects and\n"
    "  their account events), the input of `vetter check`.  The same options give the\n"
    "  same bytes on every machine.\n"
    "    --subjects N   subjects to generate (default 400, at most 10000000)\n"
    "    --seed S       seed of the generator (default 20261126)\n"
    "    --events K     average events per subject (default 30; 0 for none)\n"
    "    --out FILE     output file (default: standard output)\n"
    "    --verify       check every MRZ and phone number through the library; exit 1 on a mismatch\n"
    "    --stats        print label, trait and timing figures to standard error\n"
    "  Every subject carries \"_truth\": {\"label\", \"traits\", \"benign\", \"ring\"}; see\n"
    "  examples/README.md for the vocabulary.\n";

/* ---- event output ----------------------------------------------------------- */
struct gp_pending {
  int64_t ts;
  size_t seq;
  char *line;
};

static int cmp_pending(const void *a, const void *b)
{
  const struct gp_pending *x = a, *y = b;
  if (x->ts != y->ts)
    return (x->ts > y->ts) - (x->ts < y->ts);
  return (x->seq > y->seq) - (x->seq < y->seq);
}

void gp_emit_event(struct gp_ctx *g, json_t *ev, int64_t ts)
{
  char *line = ev ? json_dumps(ev, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
  json_decref(ev);
  if (!line) {
    g->oom = true;
    return;
  }
  if (g->n_pend == g->cap_pend) {
    size_t cap = g->cap_pend ? 2 * g->cap_pend : 256;
    struct gp_pending *p = realloc(g->pend, cap * sizeof *p);
    if (!p) {
      free(line);
      g->oom = true;
      return;
    }
    g->pend = p;
    g->cap_pend = cap;
  }
  g->pend[g->n_pend] = (struct gp_pending){ts, g->n_pend, line};
  g->n_pend++;
  g->n_events++;
}

/* Write the block's events in time order (out NULL: only drop them). */
static bool flush_events(struct gp_ctx *g, FILE *out)
{
  if (g->n_pend == 0)
    return out != NULL;
  qsort(g->pend, g->n_pend, sizeof *g->pend, cmp_pending);
  bool ok = out != NULL;
  for (size_t i = 0; i < g->n_pend; i++) {
    if (ok && (fputs(g->pend[i].line, out) == EOF || fputc('\n', out) == EOF))
      ok = false;
    free(g->pend[i].line);
  }
  g->n_pend = 0;
  return ok;
}

/* ---- options ------------------------------------------------------------------ */
static int number(const char *opt, const char *v, uint64_t max, uint64_t *out)
{
  if (!v || vet_parse_u64(vet_str_c(v), out) != VET_OK || *out > max) {
    fprintf(stderr, "vetter-genpop: option '%s' needs a number from 0 to %llu (see --help)\n", opt,
            (unsigned long long)max);
    return 2;
  }
  return 0;
}

static int parse_opts(int argc, char **argv, struct gp_opts *o)
{
  *o = (struct gp_opts){DEFAULT_SUBJECTS, DEFAULT_SEED, DEFAULT_EVENTS, NULL, false, false};
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
    uint64_t x;
    int rc;
    if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
      fputs(usage, stdout);
      return -1;
    } else if (strcmp(a, "--subjects") == 0) {
      if ((rc = number(a, v, MAX_SUBJECTS, &x)))
        return rc;
      o->subjects = (uint32_t)x, i++;
    } else if (strcmp(a, "--seed") == 0) {
      if ((rc = number(a, v, UINT64_MAX, &x)))
        return rc;
      o->seed = x, i++;
    } else if (strcmp(a, "--events") == 0) {
      if ((rc = number(a, v, MAX_EVENTS, &x)))
        return rc;
      o->events = (uint32_t)x, i++;
    } else if (strcmp(a, "--out") == 0) {
      if (!v) {
        fprintf(stderr, "vetter-genpop: option '--out' needs a file name (see --help)\n");
        return 2;
      }
      o->out = v, i++;
    } else if (strcmp(a, "--verify") == 0) {
      o->verify = true;
    } else if (strcmp(a, "--stats") == 0) {
      o->stats = true;
    } else {
      fprintf(stderr, "vetter-genpop: unknown option '%s' (see --help)\n", a);
      return 2;
    }
  }
  return 0;
}

static double now_s(void)
{
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void print_stats(const struct gp_ctx *g, double secs, FILE *f)
{
  uint32_t n = g->o.subjects, dec = n - g->n_labels[LBL_HONEST];
  fprintf(f, "subjects %u, events %llu, rings %u, %.2f s\n", n, (unsigned long long)g->n_events, g->n_rings, secs);
  for (int i = 0; i < 4; i++)
    fprintf(f, "  label %-16s %7u  %5.1f%%\n", gp_label_names[i], g->n_labels[i], n ? 100.0 * g->n_labels[i] / n : 0);
  fprintf(f, "traits (share of the %u deceptive subjects):\n", dec);
  for (int i = 0; i < T_COUNT; i++)
    fprintf(f, "  %-30s %7llu  %5.1f%%\n", gp_trait_names[i], (unsigned long long)g->trait_count[i],
            dec ? 100.0 * (double)g->trait_count[i] / dec : 0);
  fprintf(f, "benign oddities (share of the %u honest subjects):\n", g->n_labels[LBL_HONEST]);
  for (int i = 0; i < B_COUNT; i++)
    fprintf(f, "  %-30s %7llu  %5.1f%%\n", gp_benign_names[i], (unsigned long long)g->benign_count[i],
            g->n_labels[LBL_HONEST] ? 100.0 * (double)g->benign_count[i] / g->n_labels[LBL_HONEST] : 0);
}

int main(int argc, char **argv)
{
  struct gp_ctx g;
  memset(&g, 0, sizeof g);
  int rc = parse_opts(argc, argv, &g.o);
  if (rc)
    return rc < 0 ? 0 : rc;
  double t0 = now_s();
  FILE *out = stdout;
  if (g.o.out && !(out = fopen(g.o.out, "w"))) {
    fprintf(stderr, "vetter-genpop: cannot write '%s': %s\n", g.o.out, strerror(errno));
    return 1;
  }
  g.phones = phone_set_new();
  g.verify = g.o.verify ? gp_verify_new() : NULL;
  gp_plan(&g);
  if (!g.slots || !g.rings || !g.phones || (g.o.verify && !g.verify)) {
    fprintf(stderr, "vetter-genpop: out of memory\n");
    rc = 1;
    goto done;
  }
  bool ok = true;
  for (uint32_t i = 0; i < g.o.subjects && ok && !g.oom; i++) {
    struct gp_subject s;
    struct gp_person p;
    struct gp_payout payout;
    json_t *o = gp_subject_json(&g, i, &s, &p, &payout);
    char *line = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    json_decref(o);
    if (!line) {
      g.oom = true;
      break;
    }
    ok = fputs(line, out) != EOF && fputc('\n', out) != EOF;
    free(line);
    uint32_t k = g.o.events;
    if (s.label == LBL_FRONT)
      k /= 3; /* company accounts are quieter */
    gp_events(&g, &s, k);
    if ((i + 1) % BLOCK_SUBJECTS == 0 || i + 1 == g.o.subjects)
      ok = ok && flush_events(&g, out);
  }
  if (g.oom) {
    fprintf(stderr, "vetter-genpop: out of memory\n");
    rc = 1;
  } else if (!ok || fflush(out) == EOF) {
    fprintf(stderr, "vetter-genpop: cannot write '%s': %s\n", g.o.out ? g.o.out : "-", strerror(errno));
    rc = 1;
  }
  if (g.o.stats)
    print_stats(&g, now_s() - t0, stderr);
  if (g.verify && gp_verify_report(g.verify, stderr) != 0)
    rc = 1;
  if (g.verify && rc == 0 && g.o.out) {
    if (fflush(out) == EOF || gp_verify_population(g.o.out, stderr) != 0)
      rc = 1;
  }
done:
  flush_events(&g, NULL); /* frees what is left after an error */
  if (out != stdout && fclose(out) != 0 && rc == 0) {
    fprintf(stderr, "vetter-genpop: cannot write '%s': %s\n", g.o.out, strerror(errno));
    rc = 1;
  }
  free(g.pend);
  free(g.slots);
  free(g.rings);
  phone_set_free(g.phones);
  gp_verify_free(g.verify);
  return rc;
}
