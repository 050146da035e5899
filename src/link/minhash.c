/* link/minhash.c - MinHash signatures of normalised text and the LSH
 * index that pairs near-duplicates (vetter/minhash.h): word tokenising
 * after vet_fold, shingle hashing, the permutations modulo 2^61 - 1 (on
 * AVX-512 where the CPU has it, link/minhash_wide.c; else four
 * per pass over the shingles, reduced lazily), the
 * choice of bucket keys (single bands, or pairs of bands when the
 * threshold guarantees that a reported pair agrees in enough bands),
 * bucketing by radix sort, and the comparison of a bucket's pairs (kept
 * minima side by side, eight compared at a time (four without SSE2), stopping as soon as a pair
 * cannot reach the threshold), key by key or on several threads.
 * Owns: a signer's scratch buffers; an index's compact signature copies;
 * the worker threads of one vet_minhash_index_pairs call, joined before it
 * returns.
 * Thread-safety: one thread at a time per object (see the header). */
#include <inttypes.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <utf8proc.h>

#include "core/common.h"
#include "link/link_int.h"
#include "normalize/fold.h"
#include "vetter/minhash.h"

#define P61 ((1ull << 61) - 1) /* the Mersenne prime of the permutations */
/* Folding may lengthen text (NFKC expands ligatures and the like): the
 * folded form may be this many times max_text_bytes. */
#define FOLD_GROWTH 4u

void vet_minhash_params_defaults(struct vet_minhash_params *p)
{
  *p = (struct vet_minhash_params){
      .shingle_words = 3,
      .num_hashes = 128,
      .bands = 32,
      .rows = 4,
      .threshold = 0.4,
      .max_bucket = 500,
      .max_items = 4000000,
      .max_text_bytes = 256 * 1024,
  };
}

vet_err vet_minhash_params_check(const struct vet_minhash_params *p, struct vet_error *e)
{
  if (!p)
    return vet_fail(e, VET_EINVAL, "minhash: no settings");
  if (p->shingle_words < 1 || p->shingle_words > VET_MINHASH_MAX_SHINGLE_WORDS)
    return vet_fail(e, VET_EINVAL, "minhash: shingle_words %" PRIu32 " not in 1..%u", p->shingle_words,
                    VET_MINHASH_MAX_SHINGLE_WORDS);
  if (p->num_hashes < 1 || p->num_hashes > VET_MINHASH_MAX_HASHES)
    return vet_fail(e, VET_EINVAL, "minhash: num_hashes %" PRIu32 " not in 1..%u", p->num_hashes,
                    VET_MINHASH_MAX_HASHES);
  if (p->bands < 1 || p->bands > VET_MINHASH_MAX_BANDS || p->rows < 1 ||
      (uint64_t)p->bands * p->rows != p->num_hashes)
    return vet_fail(e, VET_EINVAL,
                    "minhash: bands %" PRIu32 " x rows %" PRIu32 " must equal num_hashes %" PRIu32
                    " (bands at most %u)",
                    p->bands, p->rows, p->num_hashes, VET_MINHASH_MAX_BANDS);
  if (!(p->threshold >= 0.0 && p->threshold <= 1.0))
    return vet_fail(e, VET_EINVAL, "minhash: threshold %g not in 0..1", p->threshold);
  if (p->max_bucket < 2)
    return vet_fail(e, VET_EINVAL, "minhash: max_bucket %" PRIu32 " under 2", p->max_bucket);
  if (p->max_items < 1 || p->max_items == UINT32_MAX)
    return vet_fail(e, VET_EINVAL, "minhash: max_items %" PRIu32 " out of range", p->max_items);
  if (p->max_text_bytes < 1 || p->max_text_bytes > VET_MINHASH_MAX_TEXT_BYTES)
    return vet_fail(e, VET_EINVAL, "minhash: max_text_bytes %" PRIu32 " not in 1..%u", p->max_text_bytes,
                    VET_MINHASH_MAX_TEXT_BYTES);
  return VET_OK;
}

/* ---- hashing ------------------------------------------------------------ */

/* A 64-bit finaliser: two multiply-xorshift rounds (the splitmix64
 * constants); a bijection that spreads every input bit. */
static inline uint64_t mix64(uint64_t x)
{
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ull;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

/* The next value of a splitmix64 stream. */
static uint64_t splitmix(uint64_t *state)
{
  *state += 0x9e3779b97f4a7c15ull;
  return mix64(*state);
}

/* The strong hash of one word: length first, then 8-byte little-endian
 * blocks (the byte order is fixed, not the machine's). */
static uint64_t hash_word(const uint8_t *p, size_t n)
{
  uint64_t h = mix64(0x243f6a8885a308d3ull ^ n);
  for (; n >= 8; p += 8, n -= 8) {
    uint64_t v = (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 | (uint64_t)p[3] << 24 |
                 (uint64_t)p[4] << 32 | (uint64_t)p[5] << 40 | (uint64_t)p[6] << 48 | (uint64_t)p[7] << 56;
    h = mix64(h ^ v);
  }
  if (n) {
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++)
      v |= (uint64_t)p[i] << (8 * i);
    h = mix64(h ^ v);
  }
  return h;
}

static inline uint64_t mod61(uint64_t x)
{
  x = (x & P61) + (x >> 61);
  return x >= P61 ? x - P61 : x;
}

/* (a x + b) mod p for a, x, b < p. */
static inline uint64_t permute(uint64_t a, uint64_t x, uint64_t b)
{
#if defined(__SIZEOF_INT128__) && !defined(VET_MINHASH_NO_INT128)
  __extension__ typedef unsigned __int128 u128;
  u128 m = (u128)a * x; /* < 2^122 */
  uint64_t r = ((uint64_t)m & P61) + (uint64_t)(m >> 61);
#else
  /* the same product from 32-bit halves, using 2^61 = 1 (mod p) */
  uint64_t ah = a >> 32, al = a & 0xffffffffu, xh = x >> 32, xl = x & 0xffffffffu;
  uint64_t mid = ah * xl + al * xh; /* < 2^62 */
  uint64_t lo = al * xl;
  uint64_t r = ((ah * xh) << 3)                               /* 2^64 = 8 */
               + (mid >> 29) + ((mid & ((1ull << 29) - 1)) << 32) /* mid 2^32 */
               + (lo & P61) + (lo >> 61);
#endif
  r = mod61(r) + b;
  return r >= P61 ? r - P61 : r;
}

/* ---- the signer ------------------------------------------------------ */

struct vet_minhash {
  struct vet_minhash_params p;
  uint64_t *a, *b;     /* num_hashes permutation coefficients each */
  struct vet_buf fold; /* the folded text */
  uint32_t *wstart;    /* word i: fold bytes [wstart[i], wend[i]) */
  uint32_t *wend;
  uint64_t *whash; /* hash of word i */
  uint32_t nwords, capwords;
  uint64_t *shingles; /* the shingle hashes of the last text */
  size_t capshingles;
  enum link_minmod_kernel kernel; /* the signing loop's (link_minmod) */
};

struct vet_minhash *vet_minhash_new(const struct vet_minhash_params *p, struct vet_error *e)
{
  if (vet_minhash_params_check(p, e) != VET_OK)
    return NULL;
  struct vet_minhash *mh = calloc(1, sizeof *mh);
  if (!mh || !(mh->a = malloc(p->num_hashes * sizeof *mh->a)) || !(mh->b = malloc(p->num_hashes * sizeof *mh->b))) {
    vet_minhash_free(mh);
    vet_fail(e, VET_ENOMEM, "minhash: out of memory");
    return NULL;
  }
  mh->p = *p;
  uint64_t state = VET_MINHASH_SEED;
  for (uint32_t i = 0; i < p->num_hashes; i++) {
    do
      mh->a[i] = mod61(splitmix(&state));
    while (mh->a[i] == 0);
    mh->b[i] = mod61(splitmix(&state));
  }
  vet_buf_init(&mh->fold, (size_t)p->max_text_bytes * FOLD_GROWTH);
  mh->kernel = link_minmod_best();
  return mh;
}

bool link_minhash_use_kernel(struct vet_minhash *mh, enum link_minmod_kernel k)
{
  if (!link_minmod_available(k))
    return false;
  mh->kernel = k;
  return true;
}

void vet_minhash_free(struct vet_minhash *mh)
{
  if (!mh)
    return;
  free(mh->a);
  free(mh->b);
  vet_buf_release(&mh->fold);
  free(mh->wstart);
  free(mh->wend);
  free(mh->whash);
  free(mh->shingles);
  free(mh);
}

static bool is_word_cp(int32_t cp)
{
  switch (utf8proc_category(cp)) {
  case UTF8PROC_CATEGORY_LU:
  case UTF8PROC_CATEGORY_LL:
  case UTF8PROC_CATEGORY_LT:
  case UTF8PROC_CATEGORY_LM:
  case UTF8PROC_CATEGORY_LO:
  case UTF8PROC_CATEGORY_MN:
  case UTF8PROC_CATEGORY_MC:
  case UTF8PROC_CATEGORY_ME:
  case UTF8PROC_CATEGORY_ND:
  case UTF8PROC_CATEGORY_NL:
  case UTF8PROC_CATEGORY_NO:
    return true;
  default:
    return false;
  }
}

static vet_err push_word(struct vet_minhash *mh, uint32_t start, uint32_t end)
{
  if (mh->nwords == mh->capwords) {
    uint32_t cap = mh->capwords ? mh->capwords * 2 : 256;
    uint32_t *ns = realloc(mh->wstart, cap * sizeof *ns);
    if (ns)
      mh->wstart = ns;
    uint32_t *ne = realloc(mh->wend, cap * sizeof *ne);
    if (ne)
      mh->wend = ne;
    uint64_t *nh = realloc(mh->whash, cap * sizeof *nh);
    if (nh)
      mh->whash = nh;
    if (!ns || !ne || !nh)
      return VET_ENOMEM;
    mh->capwords = cap;
  }
  mh->wstart[mh->nwords] = start;
  mh->wend[mh->nwords] = end;
  mh->whash[mh->nwords] = hash_word((const uint8_t *)mh->fold.ptr + start, end - start);
  mh->nwords++;
  return VET_OK;
}

/* Fold text and split it into words (steps 1 and the word hashes of 3). */
static vet_err tokenize(struct vet_minhash *mh, vet_str text, struct vet_error *e)
{
  mh->nwords = 0;
  vet_buf_reset(&mh->fold);
  if (text.len > mh->p.max_text_bytes) {
    size_t cut = mh->p.max_text_bytes; /* back to the start of a character */
    while (cut > 0 && ((unsigned char)text.ptr[cut] & 0xc0) == 0x80)
      cut--;
    text.len = cut;
  }
  if (text.len == 0)
    return VET_OK;
  vet_err rc = vet_fold(text, &mh->fold);
  if (rc == VET_EPARSE)
    return vet_fail(e, rc, "text is not valid UTF-8");
  if (rc == VET_ELIMIT)
    return vet_fail(e, rc, "text grows past %zu bytes when folded", mh->fold.max);
  if (rc)
    return vet_fail(e, rc, "minhash: out of memory");
  vet_str f = vet_buf_str(&mh->fold);
  size_t i = 0, start = 0;
  bool in_word = false;
  while (i < f.len) {
    size_t at = i;
    unsigned char c = (unsigned char)f.ptr[i];
    bool word;
    if (c < 0x80) {
      word = vet_is_alnum(c);
      i++;
    } else {
      word = is_word_cp(vet_utf8_next(f, &i));
    }
    if (word && !in_word)
      start = at;
    else if (!word && in_word && push_word(mh, (uint32_t)start, (uint32_t)at) != VET_OK)
      return vet_fail(e, VET_ENOMEM, "minhash: out of memory");
    in_word = word;
  }
  if (in_word && push_word(mh, (uint32_t)start, (uint32_t)f.len) != VET_OK)
    return vet_fail(e, VET_ENOMEM, "minhash: out of memory");
  return VET_OK;
}

/* The number of shingles of the words found (step 2). */
static size_t shingle_count(const struct vet_minhash *mh)
{
  if (mh->nwords == 0)
    return 0;
  return mh->nwords < mh->p.shingle_words ? 1 : mh->nwords - mh->p.shingle_words + 1;
}

/* Shingle i (words i .. i + k - 1, or all words), reduced mod p. */
static uint64_t shingle_hash(const struct vet_minhash *mh, size_t i)
{
  uint32_t k = VET_MIN(mh->p.shingle_words, mh->nwords);
  uint64_t h = mix64(0x13198a2e03707344ull ^ k);
  for (uint32_t j = 0; j < k; j++)
    h = mix64(h ^ mh->whash[i + j]);
  return mod61(h);
}

/* The ns shingle hashes into mh->shingles (grown as needed). */
static vet_err shingle_hashes(struct vet_minhash *mh, size_t ns, struct vet_error *e)
{
  if (ns > mh->capshingles) {
    size_t cap = VET_MAX(ns, 2 * mh->capshingles);
    uint64_t *nb = realloc(mh->shingles, cap * sizeof *nb);
    if (!nb)
      return vet_fail(e, VET_ENOMEM, "minhash: out of memory");
    mh->shingles = nb;
    mh->capshingles = cap;
  }
  for (size_t s = 0; s < ns; s++)
    mh->shingles[s] = shingle_hash(mh, s);
  return VET_OK;
}

/* Permutations signed together in one pass over the shingles: their
 * multiplies are independent, so they overlap, and each shingle is
 * loaded once for all of them. */
#define PERM_WAY 4

/* (a x + b) mod p for a, x, b < p, plus one: congruent to it plus one,
 * but not fully reduced, in [1, p + 3]: values above p (that is, bit 61
 * set in the result) stand for (a x + b) mod p in 0..2; permute_min sees
 * them and computes their permutation again fully reduced. */
static inline uint64_t permute_lazy1(uint64_t a, uint64_t x, uint64_t b)
{
#if defined(__SIZEOF_INT128__) && !defined(VET_MINHASH_NO_INT128)
  __extension__ typedef unsigned __int128 u128;
  u128 m = (u128)a * x;                                       /* < 2^122 */
  uint64_t r = ((uint64_t)m & P61) + (uint64_t)(m >> 61) + b; /* < 3 * 2^61 */
  return (r & P61) + (r >> 61) + 1;                           /* <= p + 3 */
#else
  return permute(a, x, b) + 1;
#endif
}

/* The minimum over the ns shingle hashes of mh->shingles of permutation
 * i, computed one value at a time, fully reduced (the reference). */
static uint64_t permute_min_one(const struct vet_minhash *mh, size_t ns, uint32_t i)
{
  uint64_t a = mh->a[i], b = mh->b[i], m = VET_MINHASH_EMPTY;
  for (size_t s = 0; s < ns; s++) {
    uint64_t v = permute(a, mh->shingles[s], b);
    m = v < m ? v : m;
  }
  return m;
}

/* The signature of the ns shingle hashes of mh->shingles into sig (step
 * 4): PERM_WAY permutations per pass, each kept as its smallest value
 * plus one, not fully reduced (permute_lazy1: the order of those in
 * [1, p] is the order of the reduced values, so their minimum less one
 * is the reduced minimum), with the OR of all of them: bit 61 set there
 * means some value stood for 0..2, and that permutation is done again
 * fully reduced.  The same minima, bit for bit, as permute_min_one.
 * With AVX-512 the vector kernel (link/minhash_wide.c) takes the whole
 * vectors' worth of permutations first, as exactly. */
static void permute_min(const struct vet_minhash *mh, size_t ns, uint64_t *sig)
{
  const uint64_t *x = mh->shingles;
  uint32_t nh = mh->p.num_hashes, i = 0;
  if (ns == 0) {
    for (; i < nh; i++)
      sig[i] = VET_MINHASH_EMPTY;
    return;
  }
  /* the vector kernel's share first, exact (link/minhash_wide.c) */
  i = link_minmod(mh->kernel, mh->a, mh->b, nh, x, ns, sig);
  for (; i + PERM_WAY <= nh; i += PERM_WAY) {
    uint64_t a0 = mh->a[i], a1 = mh->a[i + 1], a2 = mh->a[i + 2], a3 = mh->a[i + 3];
    uint64_t b0 = mh->b[i], b1 = mh->b[i + 1], b2 = mh->b[i + 2], b3 = mh->b[i + 3];
    uint64_t m0 = UINT64_MAX, m1 = UINT64_MAX, m2 = UINT64_MAX, m3 = UINT64_MAX, any = 0;
    for (size_t s = 0; s < ns; s++) {
      uint64_t v = x[s];
      uint64_t v0 = permute_lazy1(a0, v, b0), v1 = permute_lazy1(a1, v, b1);
      uint64_t v2 = permute_lazy1(a2, v, b2), v3 = permute_lazy1(a3, v, b3);
      any |= (v0 | v1) | (v2 | v3);
      m0 = v0 < m0 ? v0 : m0;
      m1 = v1 < m1 ? v1 : m1;
      m2 = v2 < m2 ? v2 : m2;
      m3 = v3 < m3 ? v3 : m3;
    }
    sig[i] = m0 - 1;
    sig[i + 1] = m1 - 1;
    sig[i + 2] = m2 - 1;
    sig[i + 3] = m3 - 1;
    if (any >> 61) /* some value in p + 1 .. p + 3: reduce those four fully */
      for (uint32_t q = i; q < i + PERM_WAY; q++)
        sig[q] = permute_min_one(mh, ns, q);
  }
  for (; i < nh; i++)
    sig[i] = permute_min_one(mh, ns, i);
}

vet_err vet_minhash_sign(struct vet_minhash *mh, vet_str text, uint64_t *sig, size_t *nshingles,
                         struct vet_error *e)
{
  vet_err rc = tokenize(mh, text, e);
  if (rc)
    return rc;
  size_t ns = shingle_count(mh);
  if ((rc = shingle_hashes(mh, ns, e)) != VET_OK)
    return rc;
  permute_min(mh, ns, sig);
  if (nshingles)
    *nshingles = ns;
  return VET_OK;
}

static int cmp_u64(const void *pa, const void *pb)
{
  uint64_t a = *(const uint64_t *)pa, b = *(const uint64_t *)pb;
  return (a > b) - (a < b);
}

vet_err vet_minhash_shingles(struct vet_minhash *mh, vet_str text, const uint64_t **hashes, size_t *n,
                             struct vet_error *e)
{
  vet_err rc = tokenize(mh, text, e);
  if (rc)
    return rc;
  size_t ns = shingle_count(mh);
  if ((rc = shingle_hashes(mh, ns, e)) != VET_OK)
    return rc;
  if (ns)
    qsort(mh->shingles, ns, sizeof *mh->shingles, cmp_u64);
  size_t out = 0;
  for (size_t s = 0; s < ns; s++)
    if (out == 0 || mh->shingles[s] != mh->shingles[out - 1])
      mh->shingles[out++] = mh->shingles[s];
  *hashes = mh->shingles;
  *n = out;
  return VET_OK;
}

vet_err vet_minhash_normalize(struct vet_minhash *mh, vet_str text, struct vet_buf *out, struct vet_error *e)
{
  vet_err rc = tokenize(mh, text, e);
  for (uint32_t i = 0; i < mh->nwords && !rc; i++) {
    if (i)
      rc = vet_buf_putc(out, ' ');
    if (!rc)
      rc = vet_buf_append(out, (vet_str){mh->fold.ptr + mh->wstart[i], mh->wend[i] - mh->wstart[i]});
    if (rc)
      return vet_fail(e, rc, "normalised text over %zu bytes", out->max);
  }
  return rc;
}

double vet_minhash_estimate(const uint64_t *a, const uint64_t *b, uint32_t n)
{
  if (n == 0 || vet_minhash_is_empty(a) || vet_minhash_is_empty(b))
    return 0.0;
  uint32_t same = 0;
  for (uint32_t i = 0; i < n; i++)
    same += a[i] == b[i];
  return (double)same / n;
}

double vet_minhash_jaccard(const uint64_t *a, size_t na, const uint64_t *b, size_t nb)
{
  if (na == 0 || nb == 0)
    return 0.0;
  size_t i = 0, j = 0, both = 0;
  while (i < na && j < nb) {
    if (a[i] == b[j])
      both++, i++, j++;
    else if (a[i] < b[j])
      i++;
    else
      j++;
  }
  return (double)both / (double)(na + nb - both);
}

/* ---- the index --------------------------------------------------------- */

/* Minima same_minima compares (four at a time) between its checks of
 * whether the pair can still reach the threshold: few enough that a
 * dissimilar pair stops after a fraction of its minima.  A multiple of 4. */
#define SAME_CHUNK LINK_SAME_CHUNK
/* Buckets of up to this many items have their signatures copied side by
 * side before their pairs are compared (a scratch of GATHER_MAX * 2 *
 * num_hashes bytes at most: 1 MiB with the defaults); larger ones, when
 * max_bucket allows them, are compared in place. */
#define GATHER_MAX 4096
/* Bucket keys at most: one bit each in an item's mask of skipped buckets
 * (a uint64_t).  Composite keys are used only when they fit. */
#define MAX_KEYS 64u
/* Bands per composite key: two bands of one group (see plan_keys). */
#define KEY_BANDS 2u
/* Composite keys only when every reported pair has at least this many
 * equal bands (m in plan_keys): below it the groups would be one or none
 * (low thresholds, such as the default 0.4, give no guarantee at all),
 * and the single bands serve. */
#define MIN_EQUAL_BANDS 3u

/* Signatures are kept item by item, each item's minima in one run of
 * 2 * num_hashes bytes: pairing compares whole signatures of two items far
 * more often than it reads one band of every item, and a pair then costs
 * a few cache lines instead of one or two per band. */
struct vet_minhash_index {
  struct vet_minhash_params p;
  uint64_t *ids; /* per item: the caller's id */
  uint16_t *sig; /* item i: the low 16 bits of its minima at sig[i * num_hashes ..] */
  uint32_t n, cap;
  uint64_t empty;   /* empty signatures dropped */
  uint32_t threads; /* vet_minhash_index_set_threads; 0 is 1 */
  bool wide;        /* pairs compared by link_*_wide (AVX-512) */
};

struct vet_minhash_index *vet_minhash_index_new(const struct vet_minhash_params *p, struct vet_error *e)
{
  if (vet_minhash_params_check(p, e) != VET_OK)
    return NULL;
  struct vet_minhash_index *ix = calloc(1, sizeof *ix);
  if (!ix) {
    vet_fail(e, VET_ENOMEM, "minhash index: out of memory");
    return NULL;
  }
  ix->p = *p;
  ix->wide = link_minmod_best() == LINK_MINMOD_AVX512;
  return ix;
}

bool link_minhash_index_use_kernel(struct vet_minhash_index *ix, enum link_minmod_kernel k)
{
  if (!link_minmod_available(k))
    return false;
  ix->wide = k == LINK_MINMOD_AVX512;
  return true;
}

void vet_minhash_index_free(struct vet_minhash_index *ix)
{
  if (!ix)
    return;
  free(ix->ids);
  free(ix->sig);
  free(ix);
}

size_t vet_minhash_index_count(const struct vet_minhash_index *ix) { return ix ? ix->n : 0; }

bool vet_minhash_index_reserve(struct vet_minhash_index *ix, size_t n)
{
  if (n > ix->p.max_items)
    n = ix->p.max_items;
  if (n <= ix->cap)
    return true;
  size_t nh = ix->p.num_hashes;
  uint64_t *ni = realloc(ix->ids, n * sizeof *ni);
  if (!ni)
    return false;
  ix->ids = ni;
  uint16_t *ns = vet_realloc_huge(ix->sig, (size_t)ix->n * nh * sizeof *ns, n * nh * sizeof *ns);
  if (!ns)
    return false;
  ix->sig = ns;
  ix->cap = (uint32_t)n;
  return true;
}

vet_err vet_minhash_index_add(struct vet_minhash_index *ix, uint64_t id, const uint64_t *sig, struct vet_error *e)
{
  if (vet_minhash_is_empty(sig)) {
    ix->empty++;
    return VET_OK;
  }
  if (ix->n >= ix->p.max_items)
    return vet_fail(e, VET_ELIMIT, "minhash index: more than %" PRIu32 " texts (max_items)", ix->p.max_items);
  uint32_t nh = ix->p.num_hashes;
  if (ix->n == ix->cap) {
    uint32_t cap = (uint32_t)VET_MIN(ix->cap ? (uint64_t)ix->cap * 2 : 1024, ix->p.max_items);
    uint64_t *ni = realloc(ix->ids, (size_t)cap * sizeof *ni);
    if (!ni)
      return vet_fail(e, VET_ENOMEM, "minhash index: out of memory at %" PRIu32 " texts", ix->n);
    ix->ids = ni;
    uint16_t *ns = vet_realloc_huge(ix->sig, (size_t)ix->n * nh * sizeof *ns, (size_t)cap * nh * sizeof *ns);
    if (!ns) /* ids keep their larger room: no harm */
      return vet_fail(e, VET_ENOMEM, "minhash index: out of memory at %" PRIu32 " texts", ix->n);
    ix->sig = ns;
    ix->cap = cap;
  }
  uint16_t *dst = ix->sig + (size_t)ix->n * nh;
  for (uint32_t j = 0; j < nh; j++)
    dst[j] = (uint16_t)sig[j];
  ix->ids[ix->n++] = id;
  return VET_OK;
}

/* The bucket key of a band of r kept minima v: the minima themselves when
 * they fit in 64 bits (so equal keys are equal bands), else their hash. */
static inline uint64_t row_key(const uint16_t *v, uint32_t r)
{
  if (r == 4) /* the default, spelled out: one 64-bit load */
    return (uint64_t)v[0] | (uint64_t)v[1] << 16 | (uint64_t)v[2] << 32 | (uint64_t)v[3] << 48;
  uint64_t k = 0;
  if (r <= 4) {
    for (uint32_t j = 0; j < r; j++)
      k |= (uint64_t)v[j] << (16 * j);
    return k;
  }
  for (uint32_t j = 0; j < r; j++)
    k = mix64(k ^ v[j]);
  return k;
}

/* The number of 16-bit lanes in which x and y agree (0..4). */
static inline uint32_t equal_lanes(uint64_t x, uint64_t y)
{
  uint64_t d = x ^ y; /* zero lanes: equal minima */
  /* bit 15 of each lane: set when the lane is not zero (the low 15 bits
   * plus 0x7fff carry into it, or it was set) */
  uint64_t nz = (((d & 0x7fff7fff7fff7fffull) + 0x7fff7fff7fff7fffull) | d) & 0x8000800080008000ull;
  return 4 - (uint32_t)(((nz >> 15) * 0x0001000100010001ull) >> 48);
}

static inline uint64_t load64(const uint16_t *p)
{
  uint64_t v;
  memcpy(&v, p, sizeof v);
  return v;
}

/* The number of equal minima of two signatures a and b of nh minima;
 * once more than max_miss differ the pair cannot reach the threshold, and
 * the count so far (then under nh - max_miss) is returned.  On x86-64
 * (SSE2, part of the architecture) eight minima are compared per
 * instruction and counted in eight lanes, summed once per chunk; elsewhere
 * four at a time in a 64-bit word.  Both give the same counts. */
#if defined(__SSE2__)
_Static_assert(SAME_CHUNK % 8 == 0, "a chunk is whole vectors of eight minima");
static uint32_t same_minima(const uint16_t *a, const uint16_t *b, uint32_t nh, uint32_t max_miss)
{
  uint32_t same = 0, at = 0;
  for (; at + SAME_CHUNK <= nh; at += SAME_CHUNK) {
    __m128i acc = _mm_setzero_si128(); /* per lane: equal minima in this chunk (at most SAME_CHUNK / 8) */
    for (uint32_t k = 0; k < SAME_CHUNK; k += 8) {
      __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(a + at + k));
      __m128i y = _mm_loadu_si128((const __m128i *)(const void *)(b + at + k));
      acc = _mm_sub_epi16(acc, _mm_cmpeq_epi16(x, y)); /* equal lanes are -1 */
    }
    __m128i s4 = _mm_madd_epi16(acc, _mm_set1_epi16(1)); /* four sums of two lanes */
    s4 = _mm_add_epi32(s4, _mm_shuffle_epi32(s4, _MM_SHUFFLE(1, 0, 3, 2)));
    s4 = _mm_add_epi32(s4, _mm_shuffle_epi32(s4, _MM_SHUFFLE(2, 3, 0, 1)));
    same += (uint32_t)_mm_cvtsi128_si32(s4);
    if (at + SAME_CHUNK - same > max_miss)
      return same;
  }
  for (; at < nh; at++)
    same += a[at] == b[at];
  return same;
}
#else
static uint32_t same_minima(const uint16_t *a, const uint16_t *b, uint32_t nh, uint32_t max_miss)
{
  uint32_t same = 0, at = 0;
  for (; at + SAME_CHUNK <= nh; at += SAME_CHUNK) {
    for (uint32_t k = 0; k < SAME_CHUNK; k += 4)
      same += equal_lanes(load64(a + at + k), load64(b + at + k));
    if (at + SAME_CHUNK - same > max_miss)
      return same;
  }
  for (; at < nh; at++)
    same += a[at] == b[at];
  return same;
}
#endif

/* same_minima, by the AVX-512 kernel where the index has it. */
static inline uint32_t count_same(const struct vet_minhash_index *ix, const uint16_t *a, const uint16_t *b,
                                  uint32_t max_miss)
{
  uint32_t nh = ix->p.num_hashes;
  return ix->wide ? link_same_minima_wide(a, b, nh, max_miss) : same_minima(a, b, nh, max_miss);
}

struct slot {
  uint64_t key;
  uint32_t item;
};

/* Group n slots by key, items in add order within a group.  The groups
 * come in the order of the keys' low 32 bits, then their high 32 bits
 * (the order of pairs reported depends on it and has been so since
 * signatures were first stored): an LSD radix sort (stable) over the two
 * 16-bit digits of the low half, a pass whose digit is the same for every
 * key skipped, then the rare runs of equal low halves whose high halves
 * differ sorted by those (insertion, stable).  s holds the result. */
static void group_slots(struct slot *s, struct slot *tmp, uint32_t n, uint32_t *count)
{
  struct slot *orig = s;
  for (int shift = 0; shift < 32; shift += 16) {
    memset(count, 0, 65536 * sizeof *count);
    for (uint32_t i = 0; i < n; i++)
      count[(s[i].key >> shift) & 0xffff]++;
    if (count[(s[0].key >> shift) & 0xffff] == n)
      continue;
    uint32_t sum = 0;
    for (uint32_t d = 0; d < 65536; d++) {
      uint32_t c = count[d];
      count[d] = sum;
      sum += c;
    }
    for (uint32_t i = 0; i < n; i++)
      tmp[count[(s[i].key >> shift) & 0xffff]++] = s[i];
    struct slot *t = s;
    s = tmp;
    tmp = t;
  }
  if (s != orig)
    memcpy(orig, s, (size_t)n * sizeof *s);
  s = orig;
  for (uint32_t lo = 0, hi; lo < n; lo = hi) {
    bool mixed = false; /* the run holds keys of different high halves */
    for (hi = lo + 1; hi < n && (uint32_t)s[hi].key == (uint32_t)s[lo].key; hi++)
      mixed |= s[hi].key != s[lo].key;
    for (uint32_t i = lo + 1; mixed && i < hi; i++) {
      struct slot x = s[i];
      uint32_t j = i;
      for (; j > lo && s[j - 1].key > x.key; j--)
        s[j] = s[j - 1];
      s[j] = x;
    }
  }
}

/* The bucket keys of one vet_minhash_index_pairs call.  Single-band
 * keys: key t is band t (the LSH of the header).  Composite keys, when
 * the threshold allows: a pair reported has at most max_miss unequal
 * minima, and an unequal minimum breaks one band, so it has at least
 * m = bands - max_miss fully equal bands.  The bands are cut into
 * g = m - 1 groups of consecutive bands, as even as possible (the larger
 * groups first): by pigeonhole some group holds two of those equal bands,
 * and the pair shares the key made of those two.  The keys are every two
 * bands of a group, group by group, (a, b) with a < b in the order of a,
 * then b.  Unrelated texts agree in two bands far more rarely than in
 * one (s^(2r) against s^r), so far fewer pairs are compared. */
struct plan {
  uint32_t nkeys, per; /* keys; bands per key (1: single bands, the rest unused) */
  /* composite keys: */
  uint64_t mask[MAX_KEYS];                                      /* the bands of key k */
  uint8_t band[MAX_KEYS][KEY_BANDS];                            /* the same, in increasing order */
  uint32_t lim[MAX_KEYS];                                       /* bands 0..lim-1 hold those of keys 0..k */
  uint8_t key_of[VET_MINHASH_MAX_BANDS][VET_MINHASH_MAX_BANDS]; /* the key of bands a < b of a group */
  uint64_t apart[VET_MINHASH_MAX_BANDS];                        /* apart[d]: bands a with a + d in a's group */
  uint32_t max_apart;                                           /* the largest such d */
};

static void plan_keys(struct plan *pl, uint32_t bands, uint32_t max_miss)
{
  memset(pl, 0, sizeof *pl);
  uint32_t m = max_miss < bands ? bands - max_miss : 0; /* equal bands guaranteed */
  uint32_t g = m > 0 ? m - 1 : 0, q = g ? bands / g : 0, rem = g ? bands % g : 0;
  uint64_t keys = g ? (uint64_t)rem * (q + 1) * q / 2 + (uint64_t)(g - rem) * q * (q - 1) / 2 : 0;
  if (m < MIN_EQUAL_BANDS || keys < 1 || keys > MAX_KEYS) { /* the bands themselves */
    pl->nkeys = bands;
    pl->per = 1;
    return;
  }
  pl->per = KEY_BANDS;
  uint32_t lim = 0;
  for (uint32_t grp = 0, start = 0; grp < g; grp++) {
    uint32_t size = q + (grp < rem);
    for (uint32_t a = start; a < start + size; a++)
      for (uint32_t b = a + 1; b < start + size; b++) {
        uint32_t k = pl->nkeys++;
        pl->apart[b - a] |= 1ull << a;
        pl->max_apart = VET_MAX(pl->max_apart, b - a);
        pl->key_of[a][b] = (uint8_t)k;
        pl->mask[k] = 1ull << a | 1ull << b;
        pl->band[k][0] = (uint8_t)a;
        pl->band[k][1] = (uint8_t)b;
        lim = VET_MAX(lim, b + 1);
        pl->lim[k] = lim;
      }
    start += size;
  }
}

/* The bucket key k of an item whose kept minima are v: the band's own
 * key for single bands; else the band keys chained through mix64 from 0
 * (a hash: items whose two bands are equal share it, a few others may). */
static inline uint64_t item_key(const struct plan *pl, const uint16_t *v, uint32_t r, uint32_t k)
{
  if (pl->per == 1)
    return row_key(v + (size_t)k * r, r);
  uint64_t h = 0;
  for (uint32_t q = 0; q < pl->per; q++)
    h = mix64(h ^ row_key(v + (size_t)pl->band[k][q] * r, r));
  return h;
}

/* Whether two items, a and b their kept minima and skipped_a the bands in
 * which a's bucket was skipped, already met in a band before t whose
 * bucket was not skipped: that band examined them. */
static bool met_before(const struct vet_minhash_index *ix, const uint16_t *a, const uint16_t *b, uint64_t skipped_a,
                       uint32_t t)
{
  uint32_t r = ix->p.rows;
  for (uint32_t u = 0; u < t; u++)
    if (!(skipped_a >> u & 1) && row_key(a + u * r, r) == row_key(b + u * r, r))
      return true;
  return false;
}

/* The pair a, b found in a band-t bucket (as met_before): false when it
 * already met earlier; else true, with *same the number of equal minima
 * (under nh - max_miss when it cannot reach the threshold: then counting
 * may stop early).  Four rows a band, the default, in one pass: the
 * bands before t are read for both questions at once. */
static bool compare_pair(const struct vet_minhash_index *ix, const uint16_t *a, const uint16_t *b,
                         uint64_t skipped_a, uint32_t t, uint32_t max_miss, uint32_t *same)
{
  if (ix->p.rows != 4) {
    if (met_before(ix, a, b, skipped_a, t))
      return false;
    *same = count_same(ix, a, b, max_miss);
    return true;
  }
  uint32_t n = 0, u = 0, bands = ix->p.bands;
  for (; u < t; u++) { /* equal keys are equal minima: compare bands whole */
    uint64_t x = load64(a + 4 * u), y = load64(b + 4 * u);
    if (x == y) {
      if (!(skipped_a >> u & 1))
        return false;
      n += 4;
    } else {
      n += equal_lanes(x, y);
      if (4 * (u + 1) - n > max_miss)
        goto lost;
    }
  }
  for (; u < bands; u++) {
    n += equal_lanes(load64(a + 4 * u), load64(b + 4 * u));
    if (4 * (u + 1) - n > max_miss) /* cannot get there any more */
      break;
  }
  *same = n;
  return true;
lost: /* below the threshold already: only whether they met before is left */
  for (u++; u < t; u++)
    if (load64(a + 4 * u) == load64(b + 4 * u) && !(skipped_a >> u & 1))
      return false;
  *same = n;
  return true;
}

/* The pair a, b found in a bucket of composite key k: false when they do
 * not meet there (a hash collision: the key's bands differ) or met at an
 * earlier key, that is when both bands of a key k' < k are equal and the
 * bucket of k' was not skipped (bit k' of skipped_a); else true, with
 * *same as compare_pair.  The bands that keys up to k are made of are
 * compared for equality only, the earlier keys found from the equal
 * bands; then the minima are counted, stopping as soon as the pair cannot
 * reach the threshold.  With the AVX-512 kernel and four rows, every band
 * and minimum is compared in one pass instead. */
static bool compare_keyed(const struct vet_minhash_index *ix, const struct plan *pl, const uint16_t *a,
                          const uint16_t *b, uint64_t skipped_a, uint32_t k, uint32_t max_miss, uint32_t *same)
{
  uint32_t r = ix->p.rows, lim = pl->lim[k];
  uint64_t eq = 0; /* bit u: band u equal */
  uint32_t counted = 0;
  bool whole = r == 4 && ix->wide; /* every band and minimum compared at once */
  if (whole) {
    counted = link_compare_wide(a, b, ix->p.bands, &eq);
  } else if (r == 4) {
    for (uint32_t u = 0; u < lim; u++)
      eq |= (uint64_t)(load64(a + 4 * u) == load64(b + 4 * u)) << u;
  } else {
    for (uint32_t u = 0; u < lim; u++)
      eq |= (uint64_t)(memcmp(a + u * r, b + u * r, r * sizeof *a) == 0) << u;
  }
  if (pl->mask[k] & ~eq)
    return false;
  /* the keys (u, u + d) before k = (ka, kb), u < ka or u == ka and
   * u + d < kb, whose two bands are equal: met there unless skipped */
  uint32_t ka = pl->band[k][0], kb = pl->band[k][1];
  for (uint32_t d = 1; d <= pl->max_apart; d++) {
    uint64_t both = eq & eq >> d & pl->apart[d];
    both &= ((1ull << ka) - 1) | (uint64_t)(d < kb - ka) << ka;
    for (; both; both &= both - 1) {
      uint32_t u = (uint32_t)__builtin_ctzll(both);
      if (!(skipped_a >> pl->key_of[u][u + d] & 1))
        return false;
    }
  }
  *same = whole ? counted : count_same(ix, a, b, max_miss);
  return true;
}

/* One thread's scratch for pairing. */
struct pairer {
  struct slot *tmp; /* the radix sort's second buffer */
  uint32_t *count;  /* its 65536 counters */
  uint16_t *gather; /* one bucket's minima side by side */
};

static bool pairer_init(struct pairer *w, uint32_t n, uint32_t ngather, uint32_t nh)
{
  w->tmp = malloc((size_t)n * sizeof *w->tmp);
  w->count = malloc(65536 * sizeof *w->count);
  w->gather = malloc((size_t)VET_MAX(ngather, 1u) * nh * sizeof *w->gather);
  return w->tmp && w->count && w->gather;
}

static void pairer_release(struct pairer *w)
{
  free(w->tmp);
  free(w->count);
  free(w->gather);
}

/* A pair reported under a key: items i, j (in add order), their equal
 * minima, and the key's counts when it was found (so that stopping at
 * it gives the statistics a single pass would have). */
struct hit {
  uint32_t i, j, same;
  uint64_t candidates, skipped_buckets, skipped_items;
};

/* Where pair_key sends the pairs it reports: false to stop. */
typedef bool (*hit_fn)(void *sctx, const struct hit *h);

/* Key t of plan pl: every item's key in slots, grouped by key. */
static void group_key(const struct vet_minhash_index *ix, const struct plan *pl, uint32_t t, struct slot *slots,
                      struct pairer *w)
{
  uint32_t n = ix->n, nh = ix->p.num_hashes, r = ix->p.rows;
  for (uint32_t i = 0; i < n; i++)
    slots[i] = (struct slot){item_key(pl, ix->sig + (size_t)i * nh, r, t), i};
  group_slots(slots, w->tmp, n, w->count);
}

/* The end of the bucket that starts at slots[lo]. */
static inline uint32_t bucket_end(const struct slot *slots, uint32_t lo, uint32_t n)
{
  uint32_t hi = lo + 1;
  while (hi < n && slots[hi].key == slots[lo].key)
    hi++;
  return hi;
}

/* Bit t set in skipped for the items of key t's buckets (slots, as
 * group_key left them) over max_bucket. */
static void mark_key(const struct vet_minhash_index *ix, uint32_t t, const struct slot *slots, uint64_t *skipped)
{
  uint32_t n = ix->n;
  for (uint32_t lo = 0, hi; lo < n; lo = hi) {
    hi = bucket_end(slots, lo, n);
    for (uint32_t k = lo; k < hi && hi - lo > ix->p.max_bucket; k++)
      skipped[slots[k].item] |= 1ull << t;
  }
}

/* The buckets of key t (slots, as group_key left them): those over
 * max_bucket counted in *bs; the pairs of the others compared (against
 * the skipped bits of the keys before t), counted in *bs and the
 * reported ones sent to sink.  need: the equal minima a pair must have.
 * False when sink stopped. */
static bool pair_key(const struct vet_minhash_index *ix, const struct plan *pl, uint32_t t, const struct slot *slots,
                     struct pairer *w, const uint64_t *skipped, uint32_t need, struct vet_minhash_stats *bs,
                     hit_fn sink, void *sctx)
{
  uint32_t n = ix->n, nh = ix->p.num_hashes;
  uint32_t ngather = VET_MIN(VET_MIN(n, ix->p.max_bucket), GATHER_MAX);
  uint32_t max_miss = need > nh ? 0 : nh - need;
  for (uint32_t lo = 0, hi; lo < n; lo = hi) {
    hi = bucket_end(slots, lo, n);
    uint32_t size = hi - lo;
    if (size > ix->p.max_bucket) {
      bs->skipped_buckets++;
      bs->skipped_items += size;
      continue;
    }
    if (size < 2)
      continue;
    /* the bucket's signatures side by side: its pairs are compared from
     * a block that stays in cache */
    bool gathered = size <= ngather;
    if (gathered)
      for (uint32_t k = 0; k < size; k++)
        memcpy(w->gather + (size_t)k * nh, ix->sig + (size_t)slots[lo + k].item * nh, nh * sizeof *w->gather);
    for (uint32_t x = lo; x < hi; x++) {
      uint32_t i = slots[x].item;
      const uint16_t *a = gathered ? w->gather + (size_t)(x - lo) * nh : ix->sig + (size_t)i * nh;
      for (uint32_t y = x + 1; y < hi; y++) {
        uint32_t j = slots[y].item, same;
        const uint16_t *b = gathered ? w->gather + (size_t)(y - lo) * nh : ix->sig + (size_t)j * nh;
        if (pl->per == 1 ? !compare_pair(ix, a, b, skipped[i], t, max_miss, &same)
                         : !compare_keyed(ix, pl, a, b, skipped[i], t, max_miss, &same))
          continue;
        bs->candidates++;
        if (same >= need) {
          bs->pairs++;
          struct hit h = {i, j, same, bs->candidates, bs->skipped_buckets, bs->skipped_items};
          if (!sink(sctx, &h))
            return false;
        }
      }
    }
  }
  return true;
}

/* The caller's callback, straight from pair_key (one thread). */
struct direct {
  const struct vet_minhash_index *ix;
  vet_minhash_pair_fn fn;
  void *ctx;
};

static bool direct_hit(void *sctx, const struct hit *h)
{
  const struct direct *d = sctx;
  return !d->fn || d->fn(d->ctx, d->ix->ids[h->i], d->ix->ids[h->j], (double)h->same / d->ix->p.num_hashes);
}

/* One key of a wave on a worker thread: its items grouped, and what it
 * found until it is reported. */
struct key_out {
  struct slot *slots; /* group_key's result */
  struct hit *v;
  size_t n, cap;
  struct vet_minhash_stats st; /* the key's counts */
  bool nomem;
};

static bool buffer_hit(void *sctx, const struct hit *h)
{
  struct key_out *o = sctx;
  if (o->n == o->cap) {
    size_t cap = o->cap ? o->cap * 2 : 1024;
    struct hit *g = realloc(o->v, cap * sizeof *g);
    if (!g) {
      o->nomem = true;
      return false;
    }
    o->v = g;
    o->cap = cap;
  }
  o->v[o->n++] = *h;
  return true;
}

/* One wave of keys, a key per task. */
struct wave {
  const struct vet_minhash_index *ix;
  const struct plan *pl;
  struct pairer *w; /* per worker */
  const uint64_t *skipped;
  uint32_t need, t0;
  struct key_out *out; /* per key of the wave */
};

static void group_task(void *ctx, uint32_t worker, size_t k)
{
  struct wave *wv = ctx;
  group_key(wv->ix, wv->pl, wv->t0 + (uint32_t)k, wv->out[k].slots, &wv->w[worker]);
}

static void pair_task(void *ctx, uint32_t worker, size_t k)
{
  struct wave *wv = ctx;
  struct key_out *o = &wv->out[k];
  o->n = 0;
  o->nomem = false;
  memset(&o->st, 0, sizeof o->st);
  pair_key(wv->ix, wv->pl, wv->t0 + (uint32_t)k, o->slots, &wv->w[worker], wv->skipped, wv->need, &o->st, buffer_hit,
           o);
}

void vet_minhash_index_set_threads(struct vet_minhash_index *ix, uint32_t n)
{
  ix->threads = n < 1 ? 1 : n;
}

vet_err vet_minhash_index_pairs(const struct vet_minhash_index *ix, vet_minhash_pair_fn fn, void *ctx,
                                struct vet_minhash_stats *st, struct vet_error *e)
{
  uint32_t n = ix->n, nh = ix->p.num_hashes;
  /* a pair is reported when same / nh >= threshold, that is when at
   * least `need` minima agree (the same division decides, so these are
   * the pairs every full estimate would give): comparing a pair stops
   * once more than nh - need minima differ */
  uint32_t need = 0;
  while (need <= nh && (double)need / nh < ix->p.threshold)
    need++;
  struct plan pl;
  plan_keys(&pl, ix->p.bands, need > nh ? 0 : nh - need);
  uint32_t keys = pl.nkeys;
  struct vet_minhash_stats s = {.items = ix->n, .empty = ix->empty, .keys = keys, .key_bands = pl.per};
  uint32_t nw = VET_MIN(ix->threads ? ix->threads : 1, keys);
  uint32_t ngather = VET_MIN(VET_MIN(n, ix->p.max_bucket), GATHER_MAX);
  struct pairer *w = NULL;
  struct key_out *out = NULL;
  uint64_t *skipped = NULL; /* per item: bit t set when its key-t bucket was skipped */
  vet_err rc = VET_OK;
  if (n < 2)
    goto done;
  w = calloc(nw, sizeof *w);
  out = calloc(nw, sizeof *out);
  skipped = calloc(n, sizeof *skipped);
  bool ok = w && out && skipped;
  for (uint32_t k = 0; k < nw && ok; k++)
    ok = pairer_init(&w[k], n, ngather, nh) && (out[k].slots = malloc((size_t)n * sizeof *out[k].slots));
  if (!ok) {
    rc = vet_fail(e, VET_ENOMEM, "minhash index: out of memory pairing %" PRIu32 " texts", n);
    goto done;
  }
  if (nw == 1) { /* key after key, each pair to fn as it is found */
    struct direct d = {ix, fn, ctx};
    for (uint32_t t = 0; t < keys; t++) {
      group_key(ix, &pl, t, out[0].slots, &w[0]);
      mark_key(ix, t, out[0].slots, skipped);
      if (!pair_key(ix, &pl, t, out[0].slots, &w[0], skipped, need, &s, direct_hit, &d))
        break;
    }
    goto done;
  }
  /* several threads: the keys in waves of nw, each key on a thread of
   * its own: all grouped, then the skipped buckets of all marked (a key's
   * pairs depend on those of the keys before it), then their pairs
   * compared and kept, and given to fn in key order, as one thread would
   * give them */
  bool stop = false;
  for (uint32_t t0 = 0; t0 < keys && !stop && !rc; t0 += nw) {
    uint32_t nb = VET_MIN(nw, keys - t0);
    struct wave wv = {ix, &pl, w, skipped, need, t0, out};
    vet_parallel_for(nw, nb, group_task, &wv);
    for (uint32_t k = 0; k < nb; k++)
      mark_key(ix, t0 + k, out[k].slots, skipped);
    vet_parallel_for(nw, nb, pair_task, &wv);
    for (uint32_t k = 0; k < nb && !stop && !rc; k++) {
      const struct key_out *o = &out[k];
      if (o->nomem) {
        rc = vet_fail(e, VET_ENOMEM, "minhash index: out of memory pairing %" PRIu32 " texts", n);
        break;
      }
      for (size_t q = 0; q < o->n && !stop; q++) {
        const struct hit *h = &o->v[q];
        stop = fn && !fn(ctx, ix->ids[h->i], ix->ids[h->j], (double)h->same / nh);
        if (stop) { /* the counts of a single pass stopped here */
          s.candidates += h->candidates;
          s.pairs += q + 1;
          s.skipped_buckets += h->skipped_buckets;
          s.skipped_items += h->skipped_items;
        }
      }
      if (!stop) {
        s.candidates += o->st.candidates;
        s.pairs += o->st.pairs;
        s.skipped_buckets += o->st.skipped_buckets;
        s.skipped_items += o->st.skipped_items;
      }
    }
  }
done:
  for (uint32_t k = 0; w && k < nw; k++)
    pairer_release(&w[k]);
  for (uint32_t k = 0; out && k < nw; k++) {
    free(out[k].slots);
    free(out[k].v);
  }
  free(w);
  free(out);
  free(skipped);
  if (st)
    *st = s;
  return rc;
}
