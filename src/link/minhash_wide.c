/* link/minhash_wide.c - the MinHash signing loop (link/minhash.c, step 4
 * of vetter/minhash.h) on AVX-512, 8 permutations per instruction, and the
 * comparisons of a bucket's pairs (equal bands and equal minima from one
 * read, or equal minima alone), 8 bands or 32 minima per instruction;
 * used when the CPU has AVX-512 F and BW, asked at run time (the build
 * stays plain x86-64; other machines use minhash.c's own loops).  An AVX2
 * signing kernel was measured at only 15% faster than the scalar loop and
 * left out.  The pairing kernels count with the popcnt instruction, which
 * every AVX-512 CPU has (in a plain x86-64 build __builtin_popcount is a
 * call into libgcc).
 *
 * AVX-512 multiplies 32 bits by 32 (vpmuludq), so with a = ah 2^32 + al and
 * x = xh 2^32 + xl (ah, xh < 2^29, as a, x < p = 2^61 - 1):
 *   a x = ah xh 2^64 + (ah xl + al xh) 2^32 + al xl
 * and, since 2^61 = 1 and 2^64 = 8 modulo p, each part is brought under
 * 2^61 without changing its value modulo p:
 *   t3 = ah xh (< 2^58):              t3 2^64 = 8 t3
 *   t2 = ah xl + al xh (< 2^62):      t2 2^32 = (t2 >> 29) + (t2 mod 2^29) 2^32
 *   t1 = al xl (< 2^64):              t1 = (t1 >> 61) + (t1 & p)
 * These five terms and b (< p) sum to less than 2^63 + 2^34; one fold
 * ((s & p) + (s >> 61), at most p + 4) and one conditional subtraction of
 * p give (a x + b) mod p exactly.  So the minima are those of the scalar
 * loop bit for bit (test_minhash_sign checks every kernel against the
 * definition).
 * Owns: nothing.
 * Thread-safety: safe from any thread. */
#include "core/common.h"
#include "link/link_int.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define WIDE_X86 1
#include <immintrin.h>
#endif

#define WIDE_P ((1ull << 61) - 1)
#define WIDE_M29 ((1ull << 29) - 1)

#ifdef WIDE_X86

/* Permutations [i, i + 8 * G) over the ns (>= 1) shingles x, 8 per
 * vector, G vectors per pass over the shingles (their multiplies are
 * independent and overlap). */
#define AVX512_BODY(G)                                                                                        \
  do {                                                                                                        \
    __m512i al[G], ah[G], bb[G], mn[G];                                                                       \
    for (int k = 0; k < (G); k++) {                                                                           \
      al[k] = _mm512_loadu_si512((const void *)(a + i + 8 * k));                                              \
      ah[k] = _mm512_srli_epi64(al[k], 32);                                                                   \
      bb[k] = _mm512_loadu_si512((const void *)(b + i + 8 * k));                                              \
      mn[k] = _mm512_set1_epi64(-1);                                                                          \
    }                                                                                                         \
    for (size_t s = 0; s < ns; s++) {                                                                         \
      __m512i xl = _mm512_set1_epi64((long long)x[s]), xh = _mm512_srli_epi64(xl, 32);                        \
      for (int k = 0; k < (G); k++) {                                                                         \
        __m512i t1 = _mm512_mul_epu32(al[k], xl);                                                             \
        __m512i t2 = _mm512_add_epi64(_mm512_mul_epu32(ah[k], xl), _mm512_mul_epu32(al[k], xh));              \
        __m512i t3 = _mm512_mul_epu32(ah[k], xh);                                                             \
        __m512i s1 = _mm512_add_epi64(_mm512_add_epi64(_mm512_slli_epi64(t3, 3), _mm512_srli_epi64(t2, 29)),  \
                                      _mm512_slli_epi64(_mm512_and_si512(t2, m29), 32));                      \
        __m512i s2 = _mm512_add_epi64(_mm512_add_epi64(_mm512_srli_epi64(t1, 61), _mm512_and_si512(t1, p)),   \
                                      bb[k]);                                                                 \
        __m512i sm = _mm512_add_epi64(s1, s2);                                                                \
        __m512i r = _mm512_add_epi64(_mm512_and_si512(sm, p), _mm512_srli_epi64(sm, 61));                     \
        r = _mm512_min_epu64(r, _mm512_sub_epi64(r, p)); /* r - p wraps round when r < p */                   \
        mn[k] = _mm512_min_epu64(mn[k], r);                                                                   \
      }                                                                                                       \
    }                                                                                                         \
    for (int k = 0; k < (G); k++)                                                                             \
      _mm512_storeu_si512((void *)(sig + i + 8 * k), mn[k]);                                                  \
    i += 8 * (G);                                                                                             \
  } while (0)

__attribute__((target("avx512f"))) static uint32_t minmod_avx512(const uint64_t *a, const uint64_t *b, uint32_t nh,
                                                                  const uint64_t *x, size_t ns, uint64_t *sig)
{
  const __m512i p = _mm512_set1_epi64((long long)WIDE_P), m29 = _mm512_set1_epi64((long long)WIDE_M29);
  uint32_t i = 0;
  while (i + 32 <= nh)
    AVX512_BODY(4);
  while (i + 8 <= nh)
    AVX512_BODY(1);
  return i;
}

/* ---- pairing ---- */

__attribute__((target("avx512f,avx512bw,popcnt"))) static uint32_t same_minima_avx512(const uint16_t *a,
                                                                                const uint16_t *b, uint32_t nh,
                                                                                uint32_t max_miss)
{
  uint32_t same = 0, at = 0;
  for (; at + LINK_SAME_CHUNK <= nh; at += LINK_SAME_CHUNK) {
    same += (uint32_t)__builtin_popcount(_mm512_cmpeq_epi16_mask(_mm512_loadu_si512((const void *)(a + at)),
                                                                 _mm512_loadu_si512((const void *)(b + at))));
    if (at + LINK_SAME_CHUNK - same > max_miss)
      return same;
  }
  for (; at < nh; at++)
    same += a[at] == b[at];
  return same;
}

__attribute__((target("avx512f,avx512bw,popcnt"))) static uint32_t compare_avx512(const uint16_t *a, const uint16_t *b,
                                                                            uint32_t bands, uint64_t *eqp)
{
  uint64_t eq = 0;
  uint32_t same = 0, u = 0;
  for (; u + 8 <= bands; u += 8) { /* eight bands: 32 minima, one vector */
    __m512i x = _mm512_loadu_si512((const void *)(a + 4 * u)), y = _mm512_loadu_si512((const void *)(b + 4 * u));
    eq |= (uint64_t)_mm512_cmpeq_epi64_mask(x, y) << u;
    same += (uint32_t)__builtin_popcount(_mm512_cmpeq_epi16_mask(x, y));
  }
  if (u < bands) { /* the last bands, the lanes past them neither read nor counted */
    __mmask8 m = (__mmask8)((1u << (bands - u)) - 1);
    __m512i x = _mm512_maskz_loadu_epi64(m, a + 4 * u), y = _mm512_maskz_loadu_epi64(m, b + 4 * u);
    eq |= (uint64_t)_mm512_mask_cmpeq_epi64_mask(m, x, y) << u;
    same += (uint32_t)__builtin_popcount(
        _mm512_mask_cmpeq_epi16_mask((__mmask32)((1ull << (4 * (bands - u))) - 1), x, y));
  }
  *eqp = eq;
  return same;
}

#endif /* WIDE_X86 */

uint32_t link_compare_wide(const uint16_t *a, const uint16_t *b, uint32_t bands, uint64_t *eq)
{
#ifdef WIDE_X86
  return compare_avx512(a, b, bands, eq);
#else
  (void)a, (void)b, (void)bands;
  *eq = 0;
  return 0;
#endif
}

uint32_t link_same_minima_wide(const uint16_t *a, const uint16_t *b, uint32_t nh, uint32_t max_miss)
{
#ifdef WIDE_X86
  return same_minima_avx512(a, b, nh, max_miss);
#else
  (void)a, (void)b, (void)nh, (void)max_miss;
  return 0;
#endif
}

enum link_minmod_kernel link_minmod_best(void)
{
#ifdef WIDE_X86
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw"))
    return LINK_MINMOD_AVX512;
#endif
  return LINK_MINMOD_SCALAR;
}

bool link_minmod_available(enum link_minmod_kernel k)
{
  switch (k) {
  case LINK_MINMOD_SCALAR:
    return true;
  case LINK_MINMOD_AVX512:
    return link_minmod_best() >= LINK_MINMOD_AVX512;
  }
  return false;
}

uint32_t link_minmod(enum link_minmod_kernel k, const uint64_t *a, const uint64_t *b, uint32_t nh, const uint64_t *x,
                     size_t ns, uint64_t *sig)
{
  if (ns == 0)
    return 0;
#ifdef WIDE_X86
  if (k == LINK_MINMOD_AVX512)
    return minmod_avx512(a, b, nh, x, ns, sig);
#else
  (void)a, (void)b, (void)nh, (void)x, (void)sig;
#endif
  (void)k;
  return 0;
}
