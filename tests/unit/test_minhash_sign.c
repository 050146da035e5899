/* test_minhash_sign.c - link/minhash.c's signing loop (several
 * permutations per pass over the shingles, values kept not fully reduced)
 * against the plain definition of step 4 of vetter/minhash.h, computed
 * here on its own: the coefficients drawn again from the splitmix64
 * stream, each permutation (a x + b) mod (2^61 - 1) by 128-bit remainder,
 * over the distinct shingle hashes of vet_minhash_shingles (the minimum
 * over a multiset is the minimum over its set).  Texts of every length
 * from one word up (every remainder of the shingles per pass), texts
 * that repeat a few shingles hundreds of times, and generated texts;
 * signature lengths that are and are not a multiple of the permutations
 * per pass; shingles of 1 to 5 words.  Each text is signed by every
 * kernel the CPU runs (scalar, AVX-512: link/minhash_wide.c). */
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "link/link_int.h"
#include "testutil.h"
#include "vetter/minhash.h"

#define REF_P ((1ull << 61) - 1)
/* Bit k: kernel k was compared (the scalar one must be, and the widest
 * this CPU has). */
static unsigned kernels_run;

/* The longest text the test builds. */
#define TEXT_CAP 65536

__extension__ typedef unsigned __int128 ref_u128;

static uint64_t ref_splitmix(uint64_t *state)
{
  uint64_t x = (*state += 0x9e3779b97f4a7c15ull);
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ull;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

/* The signature of text by the definition: sig[0..nh). */
static void ref_sign(struct vet_minhash *mh, uint32_t nh, const char *text, uint64_t *sig)
{
  const uint64_t *h = NULL;
  size_t n = 0;
  tu_must(vet_minhash_shingles(mh, vet_str_c(text), &h, &n, NULL), "shingles");
  uint64_t state = VET_MINHASH_SEED;
  for (uint32_t i = 0; i < nh; i++) {
    uint64_t a, b;
    do
      a = ref_splitmix(&state) % REF_P;
    while (a == 0);
    b = ref_splitmix(&state) % REF_P;
    uint64_t m = VET_MINHASH_EMPTY;
    for (size_t s = 0; s < n; s++) {
      uint64_t v = (uint64_t)(((ref_u128)a * h[s] + b) % REF_P);
      m = v < m ? v : m;
    }
    sig[i] = m;
  }
}

/* vet_minhash_sign of text against ref_sign under params p. */
static void check_text(const struct vet_minhash_params *p, const char *text, const char *what)
{
  struct vet_minhash *mh = vet_minhash_new(p, NULL);
  assert_non_null(mh);
  uint64_t got[VET_MINHASH_MAX_HASHES], want[VET_MINHASH_MAX_HASHES];
  ref_sign(mh, p->num_hashes, text, want);
  /* every kernel this CPU runs, the scalar one always */
  for (int k = LINK_MINMOD_SCALAR; k <= LINK_MINMOD_AVX512; k++) {
    if (!link_minhash_use_kernel(mh, (enum link_minmod_kernel)k))
      continue;
    kernels_run |= 1u << k;
    size_t ns = 0;
    tu_must(vet_minhash_sign(mh, vet_str_c(text), got, &ns, NULL), what);
    for (uint32_t i = 0; i < p->num_hashes; i++)
      if (got[i] != want[i])
        fail_msg("%s (kernel %d, k %" PRIu32 ", %" PRIu32 " minima, %zu shingles): sig[%" PRIu32 "] = %016" PRIx64
                 ", want %016" PRIx64,
                 what, k, p->shingle_words, p->num_hashes, ns, i, got[i], want[i]);
  }
  vet_minhash_free(mh);
}

static const char *const vocab[] = {"react", "node", "python", "senior", "developer", "remote", "aws", "docker",
                                    "lead", "team", "years", "of", "experience", "building", "apps", "café",
                                    "日本語", "über", "go", "rust"};

static uint64_t next_rand(uint64_t *s) { return ref_splitmix(s); }

/* Appends words (from vocab, chosen by rnd) to buf until n words. */
static void words_into(char *buf, size_t cap, size_t n, uint64_t *rnd, uint32_t distinct)
{
  size_t len = 0;
  buf[0] = 0;
  for (size_t i = 0; i < n && len < cap; i++)
    len += (size_t)snprintf(buf + len, cap - len, "%s%s", i ? " " : "",
                            vocab[next_rand(rnd) % VET_MIN(distinct, (uint32_t)VET_COUNTOF(vocab))]);
  assert_true(len < cap);
}

/* Parameter shapes: the default, signatures of a length that is not a
 * multiple of four (the last permutations one at a time), and shingles
 * of other lengths. */
static void shapes(struct vet_minhash_params *out, size_t *n)
{
  static const struct {
    uint32_t k, bands, rows;
  } s[] = {{3, 32, 4}, {3, 13, 10}, {1, 7, 1}, {2, 3, 3}, {5, 64, 16}, {3, 1, 1}};
  for (size_t i = 0; i < VET_COUNTOF(s); i++) {
    vet_minhash_params_defaults(&out[i]);
    out[i].shingle_words = s[i].k;
    out[i].bands = s[i].bands;
    out[i].rows = s[i].rows;
    out[i].num_hashes = s[i].bands * s[i].rows;
  }
  *n = VET_COUNTOF(s);
}

/* Every length from no word to 40 words: the shingles per pass end at
 * every remainder. */
static void test_lengths(void **state)
{
  (void)state;
  struct vet_minhash_params ps[8];
  size_t np = 0;
  shapes(ps, &np);
  char *buf = malloc(TEXT_CAP);
  assert_non_null(buf);
  for (size_t q = 0; q < np; q++) {
    uint64_t rnd = 42 + q;
    for (size_t n = 0; n <= 40; n++) {
      words_into(buf, TEXT_CAP, n, &rnd, (uint32_t)VET_COUNTOF(vocab));
      check_text(&ps[q], buf, "lengths");
    }
  }
  /* no words at all: every minimum empty */
  struct vet_minhash *mh = vet_minhash_new(&ps[0], NULL);
  uint64_t sig[VET_MINHASH_MAX_HASHES];
  size_t ns = 1;
  tu_must(vet_minhash_sign(mh, VET_LIT(" -- ... !!"), sig, &ns, NULL), "empty");
  assert_int_equal(ns, 0);
  for (uint32_t i = 0; i < ps[0].num_hashes; i++)
    assert_true(sig[i] == VET_MINHASH_EMPTY);
  vet_minhash_free(mh);
  free(buf);
}

/* Texts repeating a few shingles hundreds of times: a boilerplate line
 * pasted over and over, a word alone, two words alternating, and a small
 * vocabulary at random (most shingles repeated). */
static void test_repeats(void **state)
{
  (void)state;
  struct vet_minhash_params ps[8];
  size_t np = 0;
  shapes(ps, &np);
  char *buf = malloc(TEXT_CAP);
  assert_non_null(buf);
  for (size_t q = 0; q < np; q++) {
    size_t len = 0;
    for (int i = 0; i < 300; i++)
      len += (size_t)snprintf(buf + len, TEXT_CAP - len, "I am a passionate full stack developer. ");
    check_text(&ps[q], buf, "pasted line");
    len = 0;
    for (int i = 0; i < 2000; i++)
      len += (size_t)snprintf(buf + len, TEXT_CAP - len, "%s", i % 2 ? "react " : "node ");
    check_text(&ps[q], buf, "two words");
    len = 0;
    for (int i = 0; i < 1500; i++)
      len += (size_t)snprintf(buf + len, TEXT_CAP - len, "synergy ");
    check_text(&ps[q], buf, "one word");
    uint64_t rnd = 7 + q;
    for (uint32_t distinct = 2; distinct <= 5; distinct++) {
      words_into(buf, TEXT_CAP, 1200, &rnd, distinct);
      check_text(&ps[q], buf, "small vocabulary");
    }
  }
  free(buf);
}

/* Generated texts of random lengths and vocabularies, and one signer
 * reused across them (its buffers grown and shrunk). */
static void test_generated(void **state)
{
  (void)state;
  struct vet_minhash_params p;
  vet_minhash_params_defaults(&p);
  struct vet_minhash *mh = vet_minhash_new(&p, NULL);
  struct vet_minhash *ref = vet_minhash_new(&p, NULL);
  assert_non_null(mh);
  assert_non_null(ref);
  char *buf = malloc(TEXT_CAP);
  assert_non_null(buf);
  uint64_t rnd = 20261127;
  for (int t = 0; t < 300; t++) {
    size_t n = (size_t)(next_rand(&rnd) % 400);
    words_into(buf, TEXT_CAP, n, &rnd, 2 + (uint32_t)(next_rand(&rnd) % VET_COUNTOF(vocab)));
    uint64_t got[VET_MINHASH_MAX_HASHES], want[VET_MINHASH_MAX_HASHES];
    tu_must(vet_minhash_sign(mh, vet_str_c(buf), got, NULL, NULL), "generated");
    ref_sign(ref, p.num_hashes, buf, want);
    assert_memory_equal(got, want, p.num_hashes * sizeof *got);
  }
  free(buf);
  vet_minhash_free(mh);
  vet_minhash_free(ref);
}

/* The kernels' modular arithmetic at its edges: coefficients and
 * shingles at 0, 1, 2^29 and 2^32 boundaries, p - 1 and p - 2, and
 * random ones, every permutation's minimum against 128-bit remainders. */
static void test_kernel_edges(void **state)
{
  (void)state;
  static const uint64_t edge[] = {0,           1,           2,           (1ull << 29) - 1, 1ull << 29,
                                  (1ull << 32) - 1, 1ull << 32, (1ull << 32) + 1, (1ull << 60), REF_P - 2,
                                  REF_P - 1,   0x1234567890abcdefull % REF_P};
  enum { NH = 64, NX = 40 };
  uint64_t a[NH], b[NH], x[NX], got[NH], want[NH];
  uint64_t rnd = 42;
  for (int round = 0; round < 400; round++) {
    for (int i = 0; i < NH; i++) {
      a[i] = round < 200 ? edge[(size_t)(next_rand(&rnd) % VET_COUNTOF(edge))] : next_rand(&rnd) % REF_P;
      b[i] = round % 2 ? edge[(size_t)(next_rand(&rnd) % VET_COUNTOF(edge))] : next_rand(&rnd) % REF_P;
    }
    size_t nx = 1 + (size_t)(next_rand(&rnd) % NX);
    for (size_t s = 0; s < nx; s++)
      x[s] = round % 3 ? edge[(size_t)(next_rand(&rnd) % VET_COUNTOF(edge))] : next_rand(&rnd) % REF_P;
    for (int i = 0; i < NH; i++) {
      want[i] = UINT64_MAX;
      for (size_t s = 0; s < nx; s++) {
        uint64_t v = (uint64_t)(((ref_u128)a[i] * x[s] + b[i]) % REF_P);
        want[i] = v < want[i] ? v : want[i];
      }
    }
    if (!link_minmod_available(LINK_MINMOD_AVX512))
      continue;
    uint32_t done = link_minmod(LINK_MINMOD_AVX512, a, b, NH, x, nx, got);
    assert_int_equal(done, NH); /* a multiple of the vector width */
    for (int i = 0; i < NH; i++)
      if (got[i] != want[i])
        fail_msg("round %d: minimum %d = %016" PRIx64 ", want %016" PRIx64, round, i, got[i], want[i]);
  }
}

/* The texts above went through the scalar kernel and the widest one. */
static void test_kernels_compared(void **state)
{
  (void)state;
  assert_true(kernels_run & (1u << LINK_MINMOD_SCALAR));
  assert_true(kernels_run & (1u << link_minmod_best()));
  print_message("kernels compared: scalar%s\n", kernels_run & (1u << LINK_MINMOD_AVX512) ? ", AVX-512" : "");
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_lengths),
      cmocka_unit_test(test_repeats),
      cmocka_unit_test(test_generated),
      cmocka_unit_test(test_kernel_edges),
      cmocka_unit_test(test_kernels_compared),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
