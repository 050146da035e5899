/* bench_phone.c - phone numbers parsed and classified per second on one
 * core, through the RE2 classifier of contact/phone_meta.cc (what
 * vet_phone_parse uses) and through libphonenumber's own GetNumberType and
 * GetRegionCodeForNumber (the reference), on two mixes:
 *   international: every example number of libphonenumber's metadata in
 *     E.164 form, and each with one digit changed, one added and one
 *     removed (so about a third are valid numbers), no default region;
 *   national: every example of every region in national form as digits
 *     ("0647237094" under FR) and the same three mutations of each, under
 *     its region: the shortcut of phone_meta_parse_national reads most
 *     of them; "all libphonenumber" (phone_parse_lib) is its parser and
 *     classifier for every number, no shortcut.
 * Both paths include the parse.  Also says whether the paths gave the
 * same answers.
 * Usage: bench_phone [--rounds N] [--only classifier|libphonenumber]
 * (N passes over each mix, default 20; --only times the classifier's
 * path, or libphonenumber's two, for a profiler) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "contact/phone_meta.h"
#include "core/common.h"
#include "vetter/phone.h"
#include "vetter/vetter.h"

#define BENCH_DEFAULT_ROUNDS 20u
#define BENCH_TEXT_CAP 32
#define BENCH_SEED 20261126u
/* numbers the paths disagree on that are printed */
#define BENCH_SHOW_DIFFERENT 12u

/* a region code and its NUL */
#define BENCH_REGION_CAP 4

struct mix {
  char (*v)[BENCH_TEXT_CAP];
  char (*region)[BENCH_REGION_CAP]; /* "" for none */
  size_t n, cap;
  uint64_t seed;
  bool oom;
};

static uint64_t xorshift(uint64_t *s)
{
  *s ^= *s << 13;
  *s ^= *s >> 7;
  *s ^= *s << 17;
  return *s;
}

static void push(struct mix *m, const char *region, const char *text)
{
  if (m->n == m->cap) {
    size_t cap = m->cap ? m->cap * 2 : 4096;
    void *v = realloc(m->v, cap * sizeof *m->v);
    if (!v) {
      m->oom = true;
      return;
    }
    m->v = v;
    void *r = realloc(m->region, cap * sizeof *m->region);
    if (!r) {
      m->oom = true;
      return;
    }
    m->region = r;
    m->cap = cap;
  }
  snprintf(m->region[m->n], BENCH_REGION_CAP, "%s", region);
  snprintf(m->v[m->n++], BENCH_TEXT_CAP, "%s", text);
}

/* the number, then one mutation of each kind at a random position from
 * first on */
static void add_with_mutations(struct mix *m, const char *region, const char *text, size_t first)
{
  size_t len = strlen(text);
  if (len <= first || len + 2 > BENCH_TEXT_CAP)
    return;
  push(m, region, text);
  char buf[BENCH_TEXT_CAP];
  size_t pos = first + xorshift(&m->seed) % (len - first);
  memcpy(buf, text, len + 1);
  buf[pos] = (char)('0' + (buf[pos] - '0' + 1 + xorshift(&m->seed) % 9) % 10);
  push(m, region, buf);
  memcpy(buf, text, pos);
  buf[pos] = (char)('0' + xorshift(&m->seed) % 10);
  memcpy(buf + pos + 1, text + pos, len - pos + 1);
  push(m, region, buf);
  memcpy(buf, text, pos);
  memcpy(buf + pos, text + pos + 1, len - pos);
  push(m, region, buf);
}

/* an E.164 example: mutations of its national part */
static void add_example(const char *e164, void *arg)
{
  if (strlen(e164) >= 4)
    add_with_mutations(arg, "", e164, 3);
}

/* a national example: mutations anywhere after its first digit */
static void add_national(const char *region, const char *digits, void *arg)
{
  if (strlen(digits) >= 2)
    add_with_mutations(arg, region, digits, 1);
}

/* How a number is read: the classifier's path, libphonenumber's
 * classifier, or libphonenumber for everything. */
enum path { PATH_CLASSIFIER, PATH_LIBPHONENUMBER, PATH_ALL_LIB };

static vet_err parse_by(enum path path, const struct phone_meta *meta, const struct mix *m, size_t i,
                        struct vet_phone *p)
{
  vet_str text = vet_str_c(m->v[i]);
  const char *region = m->region[i][0] ? m->region[i] : NULL;
  switch (path) {
  case PATH_CLASSIFIER:
    return phone_parse_with(meta, text, region, p, NULL);
  case PATH_LIBPHONENUMBER:
    return phone_parse_with(NULL, text, region, p, NULL);
  default:
    return phone_parse_lib(text, region, p, NULL);
  }
}

/* seconds for rounds passes over the mix by path; *valid counts the
 * valid answers of one pass */
static double run(enum path path, const struct phone_meta *meta, const struct mix *m, uint64_t rounds, size_t *valid)
{
  size_t ok = 0;
  double t0 = vet_now();
  for (uint64_t r = 0; r < rounds; r++)
    for (size_t i = 0; i < m->n; i++) {
      struct vet_phone p;
      if (parse_by(path, meta, m, i, &p) == VET_OK && r == 0)
        ok += p.valid;
    }
  *valid = ok;
  return vet_now() - t0;
}

static bool same_phone(const struct vet_phone *a, const struct vet_phone *b)
{
  return a->parsed == b->parsed && a->possible == b->possible && a->valid == b->valid && a->type == b->type &&
         a->country_code == b->country_code && !strcmp(a->region, b->region) && !strcmp(a->e164, b->e164) &&
         !strcmp(a->error, b->error);
}

/* One mix timed by the paths asked for; true when every path gave the
 * classifier's answer for every number. */
static bool bench_mix(const char *name, const struct phone_meta *meta, const struct mix *m, uint64_t rounds,
                      bool time_fast, bool time_ref)
{
  static const char *const labels[] = {"classifier (RE2):", "libphonenumber (ICU):", "all libphonenumber:"};
  size_t same = 0;
  for (size_t i = 0; i < m->n; i++) {
    struct vet_phone a, b, c;
    parse_by(PATH_CLASSIFIER, meta, m, i, &a);
    parse_by(PATH_LIBPHONENUMBER, meta, m, i, &b);
    parse_by(PATH_ALL_LIB, meta, m, i, &c);
    if (same_phone(&a, &b) && same_phone(&a, &c))
      same++;
    else if (i - same < BENCH_SHOW_DIFFERENT) /* the first few, to look into */
      fprintf(stderr, "  differs: '%s' [%s]: %s '%s' / %s '%s' / %s '%s'\n", m->v[i], m->region[i], a.e164, a.error,
              b.e164, b.error, c.e164, c.error);
  }
  double secs[3] = {0};
  size_t valid[3] = {0};
  bool timed[3] = {time_fast, time_ref, time_ref};
  for (int k = 0; k < 3; k++)
    if (timed[k])
      secs[k] = run((enum path)k, meta, m, rounds, &valid[k]);
  double total = (double)m->n * (double)rounds;
  printf("%s mix: %zu numbers (%zu valid), %zu of them answered alike by every path\n", name, m->n,
         time_fast ? valid[0] : valid[1], same);
  for (int k = 0; k < 3; k++)
    if (timed[k])
      printf("  %-22s %10.0f numbers/s  (%.2f us each)\n", labels[k], total / secs[k], secs[k] / total * 1e6);
  if (time_fast && time_ref)
    printf("  speed-up: %.1fx over libphonenumber's classifier, %.1fx over all libphonenumber\n",
           secs[1] / secs[0], secs[2] / secs[0]);
  bool ok = same == m->n;
  for (int k = 1; k < 3; k++)
    ok = ok && (!timed[k] || !time_fast || valid[k] == valid[0]);
  return ok;
}

int main(int argc, char **argv)
{
  uint64_t rounds = BENCH_DEFAULT_ROUNDS;
  bool time_fast = true, time_ref = true;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--rounds") && i + 1 < argc) {
      if (vet_parse_u64(vet_str_c(argv[++i]), &rounds) || !rounds) {
        fprintf(stderr, "bench_phone: bad --rounds '%s'\n", argv[i]);
        return 2;
      }
    } else if (!strcmp(argv[i], "--only") && i + 1 < argc && !strcmp(argv[i + 1], "classifier")) {
      time_ref = false;
      i++;
    } else if (!strcmp(argv[i], "--only") && i + 1 < argc && !strcmp(argv[i + 1], "libphonenumber")) {
      time_fast = false;
      i++;
    } else {
      fprintf(stderr, "usage: bench_phone [--rounds N] [--only classifier|libphonenumber]\n");
      return 2;
    }
  }
  double t0 = vet_now();
  const struct phone_meta *meta = phone_meta_default();
  double build = vet_now() - t0;
  if (!meta)
    printf("classifier tables unavailable: both runs take libphonenumber's path\n");
  else
    printf("classifier tables: %zu plans, %zu on libphonenumber's path, built in %.1f ms\n",
           phone_meta_entities(meta), phone_meta_fallbacks(meta), build * 1e3);
  struct mix m = {.seed = BENCH_SEED}, nat = {.seed = BENCH_SEED + 1};
  phone_examples(add_example, &m);
  phone_national_examples(add_national, &nat);
  if (m.oom || m.n == 0 || nat.oom || nat.n == 0) {
    fprintf(stderr, "bench_phone: no numbers (out of memory?)\n");
    free(m.v);
    free(m.region);
    free(nat.v);
    free(nat.region);
    return 1;
  }
  bool ok = bench_mix("international", meta, &m, rounds, time_fast, time_ref);
  ok = bench_mix("national", meta, &nat, rounds, time_fast, time_ref) && ok;
  free(m.v);
  free(m.region);
  free(nat.v);
  free(nat.region);
  return ok ? 0 : 1;
}
