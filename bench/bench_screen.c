/* bench/bench_screen.c - the screening benchmark.  Not a test: it prints
 * figures for docs/benchmarks.md.
 *   bench_screen lists [--queries N] [--seed S]   bundled lists: load and
 *       index time, single-thread queries per second with p50/p99, the
 *       share of names scored per query, recall and false positives on
 *       generated variants, and a brute-force Jaro-Winkler scan compared
 *       on the same queries
 *   bench_screen synth N [--queries N]             a synthetic list of N
 *       entities: index time, resident memory, queries per second
 *   --throughput-only: load the lists once and skip the quality runs (for
 *       callgrind); --slow N: print the N slowest queries */
#include <stdio.h>
#include <math.h>
#include <sys/resource.h>
#include <time.h>

#include "bench_variants.h"
#include "core/common.h"
#include "vetter/vetter.h"

static long rss_mb(void)
{
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss / 1024;
}

static bool all_ascii(vet_str s)
{
  for (size_t i = 0; i < s.len; i++)
    if ((unsigned char)s.ptr[i] >= 0x80)
      return false;
  return s.len > 0;
}

/* Queries per second and latency over a set of names. */
struct lat {
  double t;        /* seconds */
  uint32_t q;      /* query index */
  uint32_t cand;   /* names fully scored */
};

static int cmp_lat(const void *a, const void *b)
{
  const struct lat *x = a, *y = b;
  return x->t < y->t ? -1 : x->t > y->t;
}

static size_t g_show_slow;

static double cpu_now(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
} /* --slow N: print the N slowest queries */

static void throughput(const struct vet_index *ix, vet_str *qs, size_t nq, size_t total_names)
{
  struct vet_error e = {0};
  struct vet_searcher *s = vet_searcher_new(ix, &e);
  struct vet_arena a;
  vet_arena_init(&a, 64 * 1024);
  struct lat *lat = malloc(nq * sizeof *lat);
  size_t cand = 0, hits = 0;
  /* warm-up: first queries create ICU state */
  for (size_t i = 0; i < nq && i < 200; i++) {
    struct vet_query q = {.name = qs[i], .threshold = -1};
    struct vet_hits h;
    vet_arena_reset(&a);
    vet_screen(s, &q, &a, &h, &e);
  }
  double t0 = vet_now(), c0 = cpu_now();
  for (size_t i = 0; i < nq; i++) {
    struct vet_query q = {.name = qs[i], .threshold = -1};
    struct vet_hits h;
    vet_arena_reset(&a);
    double t = vet_now();
    uint32_t c = 0;
    if (vet_screen(s, &q, &a, &h, &e) == VET_OK) {
      cand += h.candidates;
      hits += h.n;
      c = h.candidates;
    }
    lat[i] = (struct lat){vet_now() - t, (uint32_t)i, c};
  }
  double el = vet_now() - t0, cpu = cpu_now() - c0;
  qsort(lat, nq, sizeof *lat, cmp_lat);
  printf("queries: %zu in %.3f s single-threaded = %.0f queries/s; latency p50 %.1f us, p90 %.1f us, p99 %.1f us, "
         "max %.1f us\n",
         nq, el, (double)nq / el, lat[nq / 2].t * 1e6, lat[(size_t)((double)nq * 0.9)].t * 1e6,
         lat[(size_t)((double)nq * 0.99)].t * 1e6, lat[nq - 1].t * 1e6);
  /* on a shared machine the thread's CPU time varies less than the wall clock */
  printf("thread CPU time %.3f s = %.0f queries per CPU second\n", cpu, cpu > 0 ? (double)nq / cpu : 0.0);
  printf("candidates scored per query: %.1f of %zu names = %.3f%%; hits per query %.2f\n", (double)cand / (double)nq,
         total_names, 100.0 * (double)cand / (double)nq / (double)total_names, (double)hits / (double)nq);
  /* time spent in the slowest 1% of the queries */
  double slow = 0;
  for (size_t i = nq - nq / 100; i < nq; i++)
    slow += lat[i].t;
  printf("the slowest 1%% of the queries take %.1f%% of the time\n", el > 0 ? 100.0 * slow / el : 0.0);
  for (size_t k = 0; k < g_show_slow && k < nq; k++) {
    const struct lat *l = &lat[nq - 1 - k];
    printf("  slow: %.1f us, %u candidates: \"%.*s\"\n", l->t * 1e6, l->cand, VET_STR_FMT(qs[l->q]));
  }
  free(lat);
  vet_arena_release(&a);
  vet_searcher_free(s);
}

/* ---- quality ---- */

struct labelled {
  vet_str q;
  const struct vet_entity *want; /* NULL for a negative */
  enum variant_kind kind;
};

static bool is_dprk(const struct vet_entity *en)
{
  for (uint32_t i = 0; i < en->n_programs; i++) {
    vet_str p = en->programs[i];
    if (vet_str_find(p, "DPRK", false) != SIZE_MAX || vet_str_find(p, "Korea", true) != SIZE_MAX)
      return true;
  }
  return false;
}

/* Best score given to the wanted entity (0 when absent) and best score overall. */
static void run_one(struct vet_searcher *s, struct vet_arena *a, const struct labelled *l, double *want_score,
                    double *best, bool *listed)
{
  struct vet_query q = {.name = l->q, .threshold = 0.5, .limit = 100};
  struct vet_hits h;
  struct vet_error e = {0};
  *want_score = 0;
  *best = 0;
  *listed = false;
  vet_arena_reset(a);
  if (vet_screen(s, &q, a, &h, &e))
    return;
  for (uint32_t i = 0; i < h.n; i++) {
    if (h.v[i].entity == l->want && h.v[i].score > *want_score)
      *want_score = h.v[i].score;
    if (h.v[i].score > *best)
      *best = h.v[i].score;
    /* a "common" name that is itself listed is no negative */
    if (h.v[i].ex.name_score >= 0.9999 && h.v[i].ex.n_c_unmatched == 0 && h.v[i].ex.n_q_unmatched == 0)
      *listed = true;
  }
}

/* Brute force: Jaro-Winkler of the folded full name against every folded
 * list name; best per query for the wanted entity and overall. */
struct brute {
  vet_str *names;
  const struct vet_entity **ents;
  size_t n;
};

static void brute_one(struct vet_normalizer *nz, const struct brute *b, struct vet_arena *a, const struct labelled *l,
                      double *want_score, double *best)
{
  vet_str f;
  struct vet_error e;
  *want_score = *best = 0;
  vet_arena_reset(a);
  if (vet_name_fold(nz, a, l->q, &f, &e))
    return;
  for (size_t i = 0; i < b->n; i++) {
    double s = vet_jaro_winkler(f, b->names[i]);
    if (s > *best)
      *best = s;
    if (b->ents[i] == l->want && s > *want_score)
      *want_score = s;
  }
}

static void quality(struct vet_ctx *ctx, struct rng *r, size_t n_neg, size_t brute_n)
{
  const struct vet_listset *ls = vet_ctx_lists(ctx);
  const struct vet_index *ix = vet_ctx_index(ctx);
  double threshold = vet_ctx_config(ctx)->match.threshold;
  struct vet_arena qa;
  vet_arena_init(&qa, 1 << 20);
  size_t cap = 64, n = 0;
  struct labelled *ls_ = malloc(cap * sizeof *ls_);
  for (uint32_t ei = 0; ei < ls->n_entities; ei++) {
    const struct vet_entity *en = &ls->entities[ei];
    if (!is_dprk(en) || !en->n_names || !all_ascii(en->names[0].text))
      continue;
    if (en->schema != VET_SCHEMA_PERSON && en->schema != VET_SCHEMA_ORGANIZATION)
      continue;
    for (int k = 0; k < V_EXACT; k++) {
      vet_str v = make_variant(&qa, r, en->names[0].text, en->schema, (enum variant_kind)k);
      if (!v.len)
        continue;
      if (n == cap) {
        cap *= 2;
        ls_ = realloc(ls_, cap * sizeof *ls_);
      }
      ls_[n++] = (struct labelled){v, en, (enum variant_kind)k};
    }
  }
  size_t n_pos = n;
  for (size_t i = 0; i < n_neg; i++) {
    if (n == cap) {
      cap *= 2;
      ls_ = realloc(ls_, cap * sizeof *ls_);
    }
    ls_[n++] = (struct labelled){make_common_name(&qa, r), NULL, V_EXACT};
  }
  struct vet_error e = {0};
  struct vet_searcher *s = vet_searcher_new(ix, &e);
  struct vet_arena a;
  vet_arena_init(&a, 64 * 1024);
  double *ws = calloc(n, sizeof *ws), *bs = calloc(n, sizeof *bs);
  bool *listed = calloc(n, sizeof *listed);
  double t0 = vet_now();
  for (size_t i = 0; i < n; i++)
    run_one(s, &a, &ls_[i], &ws[i], &bs[i], &listed[i]);
  double el = vet_now() - t0;
  size_t negs = 0;
  for (size_t i = n_pos; i < n; i++)
    negs += !listed[i];
  printf("\nquality: %zu positive variants of %s names, %zu common unlisted names (%zu more were listed names and "
         "are left out); %.0f queries/s\n",
         n_pos, "DPRK-program", negs, n - n_pos - negs, (double)n / el);
  printf("| threshold | recall | false positives |");
  for (int k = 0; k < V_EXACT; k++)
    printf(" %s |", variant_kind_name((enum variant_kind)k));
  printf("\n|---|---|---|");
  for (int k = 0; k < V_EXACT; k++)
    printf("---|");
  printf("\n");
  static const double ths[] = {0.70, 0.75, 0.80, 0.85, 0.90, 0.95};
  for (size_t t = 0; t < VET_COUNTOF(ths); t++) {
    double th = ths[t];
    size_t tp = 0, fp = 0, per[V_COUNT] = {0}, tot[V_COUNT] = {0};
    for (size_t i = 0; i < n_pos; i++) {
      tot[ls_[i].kind]++;
      if (ws[i] >= th - 1e-9) {
        tp++;
        per[ls_[i].kind]++;
      }
    }
    for (size_t i = n_pos; i < n; i++)
      fp += !listed[i] && bs[i] >= th - 1e-9;
    printf("| %.2f%s | %.4f | %.4f |", th, fabs(th - threshold) < 1e-9 ? " (default)" : "",
           (double)tp / (double)n_pos, negs ? (double)fp / (double)negs : 0.0);
    for (int k = 0; k < V_EXACT; k++)
      printf(" %.3f (%zu) |", tot[k] ? (double)per[k] / (double)tot[k] : 0.0, tot[k]);
    printf("\n");
  }
  /* misses at the default threshold, for the record */
  int shown = 0;
  for (size_t i = 0; i < n_pos && shown < 12; i++)
    if (ws[i] < threshold) {
      printf("  miss (%s): \"%.*s\" for \"%.*s\" (%.3f)\n", variant_kind_name(ls_[i].kind), VET_STR_FMT(ls_[i].q),
             VET_STR_FMT(ls_[i].want->names[0].text), ws[i]);
      shown++;
    }
  shown = 0;
  for (size_t i = n_pos; i < n && shown < 8; i++)
    if (!listed[i] && bs[i] >= threshold) {
      printf("  false positive: \"%.*s\" (%.3f)\n", VET_STR_FMT(ls_[i].q), bs[i]);
      shown++;
    }

  /* brute-force Jaro-Winkler on an evenly spread subset */
  struct brute b = {0};
  size_t total = vet_listset_name_count(ls);
  b.names = malloc(total * sizeof *b.names);
  b.ents = malloc(total * sizeof *b.ents);
  struct vet_normalizer *nz = vet_normalizer_new(0, &e);
  struct vet_arena ba;
  vet_arena_init(&ba, 1 << 20);
  for (uint32_t ei = 0; ei < ls->n_entities; ei++)
    for (uint32_t k = 0; k < ls->entities[ei].n_names; k++) {
      vet_str f;
      if (vet_name_fold(nz, &ba, ls->entities[ei].names[k].text, &f, &e) == VET_OK && f.len) {
        b.names[b.n] = f;
        b.ents[b.n++] = &ls->entities[ei];
      }
    }
  size_t step = n / (brute_n ? brute_n : 1);
  if (step == 0)
    step = 1;
  size_t bn = 0, bpos = 0, bneg = 0;
  double *bw = calloc(n, sizeof *bw), *bb = calloc(n, sizeof *bb);
  t0 = vet_now();
  for (size_t i = 0; i < n; i += step) {
    brute_one(nz, &b, &a, &ls_[i], &bw[i], &bb[i]);
    bn++;
  }
  el = vet_now() - t0;
  printf("\nbrute-force Jaro-Winkler scan over %zu folded names: %.1f queries/s (%zu queries)\n", b.n,
         (double)bn / el, bn);
  printf("| method | threshold | recall | false positives |\n|---|---|---|---|\n");
  static const double jths[] = {0.85, 0.90, 0.95};
  for (size_t t = 0; t < VET_COUNTOF(jths); t++) {
    size_t tp = 0, fp = 0;
    bpos = bneg = 0;
    for (size_t i = 0; i < n; i += step) {
      if (i < n_pos) {
        bpos++;
        tp += bw[i] >= jths[t];
      } else if (!listed[i]) {
        bneg++;
        fp += bb[i] >= jths[t];
      }
    }
    printf("| brute-force JW | %.2f | %.4f | %.4f |\n", jths[t], bpos ? (double)tp / (double)bpos : 0,
           bneg ? (double)fp / (double)bneg : 0);
  }
  size_t tp = 0, fp = 0;
  for (size_t i = 0; i < n; i += step) {
    if (i < n_pos)
      tp += ws[i] >= threshold;
    else if (!listed[i])
      fp += bs[i] >= threshold;
  }
  printf("| vetter (same queries) | %.2f | %.4f | %.4f |\n", threshold, bpos ? (double)tp / (double)bpos : 0,
         bneg ? (double)fp / (double)bneg : 0);
  free(bw);
  free(bb);
  free(b.names);
  free(b.ents);
  vet_arena_release(&ba);
  vet_normalizer_free(nz);
  free(ws);
  free(bs);
  free(listed);
  free(ls_);
  vet_arena_release(&a);
  vet_arena_release(&qa);
  vet_searcher_free(s);
}

static struct vet_config g_cfg;
static unsigned g_load_threads; /* --load-threads: for loading the lists (0: one per core) */

static int bench_lists(size_t nq, uint64_t seed, bool quality_too)
{
  struct vet_config cfg = g_cfg;
  struct vet_error e = {0};
  struct vet_ctx *ctx = vet_ctx_new(&cfg, NULL, &e);
  if (!ctx) {
    fprintf(stderr, "bench: %s\n", e.msg);
    return 1;
  }
  vet_ctx_set_threads(ctx, g_load_threads);
  double best_l = 1e9, best_i = 1e9;
  /* three loads for the best-of-3 timing; one is enough when only the
   * queries are measured (callgrind runs) */
  for (int rep = 0; rep < (quality_too ? 3 : 1); rep++) {
    double l, ix;
    if (vet_ctx_load_lists(ctx, NULL, NULL, &l, &ix, &e)) {
      fprintf(stderr, "bench: %s\n", e.msg);
      return 1;
    }
    printf("load %.3f s + index %.3f s = %.3f s\n", l, ix, l + ix);
    if (l + ix < best_l + best_i) {
      best_l = l;
      best_i = ix;
    }
  }
  struct vet_index_stats st;
  vet_index_stats(vet_ctx_index(ctx), &st);
  printf("bundled lists: %zu entities, %zu names, %zu tokens, %zu keys, %zu postings, %zu identifiers, index %.1f MB; "
         "best of %d: load %.3f s + index %.3f s = %.3f s (lists loaded on %u threads); peak RSS %ld MB\n",
         st.entities, st.names, st.tokens, st.keys, st.postings, st.identifiers, (double)st.bytes / 1e6,
         quality_too ? 3 : 1, best_l, best_i, best_l + best_i, vet_threads(g_load_threads), rss_mb());
  /* throughput queries: Latin names of the lists, half of them varied */
  const struct vet_listset *ls = vet_ctx_lists(ctx);
  struct rng r = {seed};
  struct vet_arena qa;
  vet_arena_init(&qa, 1 << 20);
  vet_str *qs = malloc(nq * sizeof *qs);
  size_t n = 0;
  while (n < nq) {
    const struct vet_entity *en = &ls->entities[rng_below(&r, ls->n_entities)];
    const struct vet_name *nm = &en->names[rng_below(&r, en->n_names)];
    if (!all_ascii(nm->text))
      continue;
    vet_str v = rng_below(&r, 2) ? make_variant(&qa, &r, nm->text, en->schema, (enum variant_kind)rng_below(&r, V_COUNT))
                                 : nm->text;
    if (!v.len)
      v = nm->text;
    if (n % 4 == 3)
      v = make_common_name(&qa, &r); /* a quarter are names that are not listed */
    qs[n++] = v;
  }
  throughput(vet_ctx_index(ctx), qs, n, st.names);
  if (quality_too)
    quality(ctx, &r, 2000, 1000);
  free(qs);
  vet_arena_release(&qa);
  vet_ctx_free(ctx);
  return 0;
}

static int bench_synth(size_t n_ent, size_t nq, uint64_t seed)
{
  struct vet_config cfg = g_cfg;
  struct vet_error e = {0};
  struct vet_listset *ls = vet_listset_new(NULL);
  struct vet_list meta = {.name = VET_LIT("synthetic"), .date = VET_LIT("2026-01-01")};
  int li = vet_listset_add_list(ls, &meta);
  struct rng r = {seed};
  struct vet_arena tmp;
  vet_arena_init(&tmp, 1 << 16);
  double t0 = vet_now();
  char id[32];
  for (size_t i = 0; i < n_ent; i++) {
    int m = snprintf(id, sizeof id, "S%zu", i);
    struct vet_entity *en = vet_listset_entity(ls, (uint32_t)li, (vet_str){id, (size_t)m}, true);
    bool org = rng_below(&r, 10) < 3;
    en->schema = org ? VET_SCHEMA_ORGANIZATION : VET_SCHEMA_PERSON;
    int names = 1 + (int)rng_below(&r, 3);
    for (int k = 0; k < names; k++) {
      vet_arena_reset(&tmp);
      vet_entity_add_name(ls, en, make_synthetic_name(&tmp, &r, org), k ? VET_NAME_ALIAS : VET_NAME_PRIMARY);
    }
  }
  if (vet_listset_freeze(ls, &e)) {
    fprintf(stderr, "bench: %s\n", e.msg);
    return 1;
  }
  double t1 = vet_now();
  struct vet_index *ix = vet_index_build(ls, &cfg.match, &e);
  double t2 = vet_now();
  if (!ix) {
    fprintf(stderr, "bench: %s\n", e.msg);
    return 1;
  }
  struct vet_index_stats st;
  vet_index_stats(ix, &st);
  printf("synthetic list: %zu entities, %zu names generated in %.1f s; index built in %.1f s (%zu keys, %zu "
         "postings, %.0f MB); peak RSS %ld MB\n",
         st.entities, st.names, t1 - t0, t2 - t1, st.keys, st.postings, (double)st.bytes / 1e6, rss_mb());
  vet_str *qs = malloc(nq * sizeof *qs);
  struct vet_arena qa;
  vet_arena_init(&qa, 1 << 20);
  for (size_t i = 0; i < nq; i++) {
    const struct vet_entity *en = &ls->entities[rng_below(&r, ls->n_entities)];
    vet_str nm = en->names[rng_below(&r, en->n_names)].text;
    vet_str v = rng_below(&r, 2) ? make_variant(&qa, &r, nm, en->schema, V_TYPO) : VET_STR_NULL;
    qs[i] = v.len ? v : vet_arena_strdup(&qa, nm);
  }
  throughput(ix, qs, nq, st.names);
  free(qs);
  vet_arena_release(&qa);
  vet_arena_release(&tmp);
  vet_index_free(ix);
  vet_listset_free(ls);
  return 0;
}

int main(int argc, char **argv)
{
  size_t nq = 20000;
  uint64_t seed = 20261126;
  if (argc < 2) {
    fprintf(stderr, "usage: bench_screen lists|synth N [--queries N] [--seed S] [--set KEY=VALUE] [--throughput-only] "
                    "[--slow N] [--load-threads N]\n");
    return 2;
  }
  size_t n_ent = 0;
  bool q_too = true;
  vet_config_defaults(&g_cfg);
  for (int i = 2; i < argc; i++) {
    uint64_t v;
    if (!strcmp(argv[i], "--queries") && i + 1 < argc && !vet_parse_u64(vet_str_c(argv[i + 1]), &v))
      nq = (size_t)v, i++;
    else if (!strcmp(argv[i], "--seed") && i + 1 < argc && !vet_parse_u64(vet_str_c(argv[i + 1]), &v))
      seed = v, i++;
    else if (!strcmp(argv[i], "--set") && i + 1 < argc) { /* --set match.threshold=0.85 */
      char key[128];
      const char *eq = strchr(argv[i + 1], '=');
      struct vet_error e = {0};
      if (!eq || (size_t)(eq - argv[i + 1]) >= sizeof key) {
        fprintf(stderr, "bench: --set KEY=VALUE\n");
        return 2;
      }
      memcpy(key, argv[i + 1], (size_t)(eq - argv[i + 1]));
      key[eq - argv[i + 1]] = 0;
      if (vet_config_set(&g_cfg, key, vet_str_c(eq + 1), &e)) {
        fprintf(stderr, "bench: %s\n", e.msg);
        return 2;
      }
      i++;
    } else if (!strcmp(argv[i], "--slow") && i + 1 < argc && !vet_parse_u64(vet_str_c(argv[i + 1]), &v)) {
      g_show_slow = (size_t)v; /* print the slowest queries */
      i++;
    } else if (!strcmp(argv[i], "--load-threads") && i + 1 < argc && !vet_parse_u64(vet_str_c(argv[i + 1]), &v)) {
      g_load_threads = (unsigned)VET_MIN(v, 4096u);
      i++;
    } else if (!strcmp(argv[i], "--throughput-only"))
      q_too = false;
    else if (!vet_parse_u64(vet_str_c(argv[i]), &v))
      n_ent = (size_t)v;
  }
  if (!strcmp(argv[1], "lists"))
    return bench_lists(nq, seed, q_too);
  if (!strcmp(argv[1], "synth"))
    return bench_synth(n_ent ? n_ent : 1000000, nq, seed);
  fprintf(stderr, "bench_screen: unknown mode '%s'\n", argv[1]);
  return 2;
}
