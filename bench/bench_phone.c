/* bench_phone.c - phone numbers parsed and classified per second on one
 * core, through the RE2 classifier of contact/phone_meta.cc (what
 * vet_phone_parse uses) and through libphonenumber's own GetNumberType and
 * GetRegionCodeForNumber (the reference), on the same mix: every example
 * number of libphonenumber's metadata, and each with one digit changed,
 * one added and one removed (so about a third are valid numbers).  Both
 * paths include the parse; the difference is the classification.  Also
 * says whether the two paths gave the same answers.
 * Usage: bench_phone [--rounds N] [--only classifier|libphonenumber]
 * (N passes over the mix, default 20; --only times one path, for a
 * profiler) */
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

struct mix {
  char (*v)[BENCH_TEXT_CAP];
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

static void push(struct mix *m, const char *text)
{
  if (m->n == m->cap) {
    size_t cap = m->cap ? m->cap * 2 : 4096;
    void *v = realloc(m->v, cap * sizeof *m->v);
    if (!v) {
      m->oom = true;
      return;
    }
    m->v = v;
    m->cap = cap;
  }
  snprintf(m->v[m->n++], BENCH_TEXT_CAP, "%s", text);
}

/* the example, then one mutation of each kind at a random position of
 * its national part */
static void add_example(const char *e164, void *arg)
{
  struct mix *m = arg;
  size_t len = strlen(e164);
  if (len < 4 || len + 2 > BENCH_TEXT_CAP)
    return;
  push(m, e164);
  char buf[BENCH_TEXT_CAP];
  size_t pos = 3 + xorshift(&m->seed) % (len - 3);
  memcpy(buf, e164, len + 1);
  buf[pos] = (char)('0' + (buf[pos] - '0' + 1 + xorshift(&m->seed) % 9) % 10);
  push(m, buf);
  memcpy(buf, e164, pos);
  buf[pos] = (char)('0' + xorshift(&m->seed) % 10);
  memcpy(buf + pos + 1, e164 + pos, len - pos + 1);
  push(m, buf);
  memcpy(buf, e164, pos);
  memcpy(buf + pos, e164 + pos + 1, len - pos);
  push(m, buf);
}

/* seconds for rounds passes over the mix with m (NULL: libphonenumber);
 * *valid counts the valid answers of one pass */
static double run(const struct phone_meta *meta, const struct mix *m, uint64_t rounds, size_t *valid)
{
  size_t ok = 0;
  double t0 = vet_now();
  for (uint64_t r = 0; r < rounds; r++)
    for (size_t i = 0; i < m->n; i++) {
      struct vet_phone p;
      if (phone_parse_with(meta, vet_str_c(m->v[i]), NULL, &p, NULL) == VET_OK && r == 0)
        ok += p.valid;
    }
  *valid = ok;
  return vet_now() - t0;
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
  struct mix m = {.seed = BENCH_SEED};
  phone_examples(add_example, &m);
  if (m.oom || m.n == 0) {
    fprintf(stderr, "bench_phone: no numbers (out of memory?)\n");
    free(m.v);
    return 1;
  }
  size_t same = 0;
  for (size_t i = 0; i < m.n; i++) {
    struct vet_phone a, b;
    phone_parse_with(meta, vet_str_c(m.v[i]), NULL, &a, NULL);
    phone_parse_with(NULL, vet_str_c(m.v[i]), NULL, &b, NULL);
    same += a.parsed == b.parsed && a.possible == b.possible && a.valid == b.valid && a.type == b.type &&
            a.country_code == b.country_code && !strcmp(a.region, b.region) && !strcmp(a.e164, b.e164) &&
            !strcmp(a.error, b.error);
  }
  size_t valid_fast = 0, valid_ref = 0;
  double fast = time_fast ? run(meta, &m, rounds, &valid_fast) : 0;
  double ref = time_ref ? run(NULL, &m, rounds, &valid_ref) : 0;
  double total = (double)m.n * (double)rounds;
  printf("mix: %zu numbers (%zu valid), %zu of them answered alike by both paths\n", m.n,
         time_ref ? valid_ref : valid_fast, same);
  if (time_fast)
    printf("classifier (RE2):       %10.0f numbers/s  (%.2f us each)\n", total / fast, fast / total * 1e6);
  if (time_ref)
    printf("libphonenumber (ICU):   %10.0f numbers/s  (%.2f us each)\n", total / ref, ref / total * 1e6);
  if (time_fast && time_ref)
    printf("speed-up: %.1fx\n", ref / fast);
  free(m.v);
  return same == m.n && (!time_fast || !time_ref || valid_fast == valid_ref) ? 0 : 1;
}
