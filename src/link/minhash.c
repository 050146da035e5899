/* link/minhash.c - MinHash signatures of normalised text and the LSH
 * index that pairs near-duplicates (vetter/minhash.h): word tokenising
 * after vet_fold, shingle hashing, the permutations modulo 2^61 - 1, and
 * band bucketing by radix sort.
 * Owns: a signer's scratch buffers; an index's compact signature copies.
 * Thread-safety: one thread at a time per object (see the header). */
#include <inttypes.h>

#include <utf8proc.h>

#include "core/common.h"
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
  return mh;
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

vet_err vet_minhash_sign(struct vet_minhash *mh, vet_str text, uint64_t *sig, size_t *nshingles,
                         struct vet_error *e)
{
  vet_err rc = tokenize(mh, text, e);
  if (rc)
    return rc;
  size_t ns = shingle_count(mh);
  if ((rc = shingle_hashes(mh, ns, e)) != VET_OK)
    return rc;
  /* permutation by permutation: the minimum stays in a register */
  const uint64_t *x = mh->shingles;
  for (uint32_t i = 0; i < mh->p.num_hashes; i++) {
    uint64_t a = mh->a[i], b = mh->b[i], m = VET_MINHASH_EMPTY;
    for (size_t s = 0; s < ns; s++) {
      uint64_t v = permute(a, x[s], b);
      m = v < m ? v : m;
    }
    sig[i] = m;
  }
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

/* Signatures are kept band by band: the keys of one band are read from
 * one contiguous array, the whole pass stays in sequential memory. */
struct vet_minhash_index {
  struct vet_minhash_params p;
  uint64_t *ids;                          /* per item: the caller's id */
  uint16_t *band[VET_MINHASH_MAX_BANDS]; /* band t: per item, rows low 16 bits of its minima */
  uint32_t n, cap;
  uint64_t empty; /* empty signatures dropped */
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
  return ix;
}

void vet_minhash_index_free(struct vet_minhash_index *ix)
{
  if (!ix)
    return;
  free(ix->ids);
  for (uint32_t t = 0; t < ix->p.bands; t++)
    free(ix->band[t]);
  free(ix);
}

size_t vet_minhash_index_count(const struct vet_minhash_index *ix) { return ix ? ix->n : 0; }

vet_err vet_minhash_index_add(struct vet_minhash_index *ix, uint64_t id, const uint64_t *sig, struct vet_error *e)
{
  if (vet_minhash_is_empty(sig)) {
    ix->empty++;
    return VET_OK;
  }
  if (ix->n >= ix->p.max_items)
    return vet_fail(e, VET_ELIMIT, "minhash index: more than %" PRIu32 " texts (max_items)", ix->p.max_items);
  if (ix->n == ix->cap) {
    uint32_t cap = (uint32_t)VET_MIN(ix->cap ? (uint64_t)ix->cap * 2 : 1024, ix->p.max_items);
    uint64_t *ni = realloc(ix->ids, (size_t)cap * sizeof *ni);
    if (!ni)
      return vet_fail(e, VET_ENOMEM, "minhash index: out of memory at %" PRIu32 " texts", ix->n);
    ix->ids = ni;
    for (uint32_t t = 0; t < ix->p.bands; t++) {
      uint16_t *nb = realloc(ix->band[t], (size_t)cap * ix->p.rows * sizeof *nb);
      if (!nb) /* the bands grown so far keep their room: no harm */
        return vet_fail(e, VET_ENOMEM, "minhash index: out of memory at %" PRIu32 " texts", ix->n);
      ix->band[t] = nb;
    }
    ix->cap = cap;
  }
  uint32_t r = ix->p.rows;
  for (uint32_t t = 0; t < ix->p.bands; t++) {
    uint16_t *dst = ix->band[t] + (size_t)ix->n * r;
    for (uint32_t j = 0; j < r; j++)
      dst[j] = (uint16_t)sig[t * r + j];
  }
  ix->ids[ix->n++] = id;
  return VET_OK;
}

/* The bucket key of item i in band t: the r kept minima themselves when
 * they fit in 64 bits, else their hash. */
static uint64_t band_key(const struct vet_minhash_index *ix, uint32_t i, uint32_t t)
{
  const uint16_t *v = ix->band[t] + (size_t)i * ix->p.rows;
  uint64_t k = 0;
  if (ix->p.rows <= 4) {
    for (uint32_t j = 0; j < ix->p.rows; j++)
      k |= (uint64_t)v[j] << (16 * j);
    return k;
  }
  for (uint32_t j = 0; j < ix->p.rows; j++)
    k = mix64(k ^ v[j]);
  return k;
}

static double estimate16(const struct vet_minhash_index *ix, uint32_t i, uint32_t j)
{
  uint32_t same = 0, r = ix->p.rows;
  for (uint32_t t = 0; t < ix->p.bands; t++) {
    const uint16_t *a = ix->band[t] + (size_t)i * r, *b = ix->band[t] + (size_t)j * r;
    for (uint32_t k = 0; k < r; k++)
      same += a[k] == b[k];
  }
  return (double)same / ix->p.num_hashes;
}

struct slot {
  uint64_t key;
  uint32_t item;
};

static int cmp_slot(const void *pa, const void *pb)
{
  const struct slot *a = pa, *b = pb;
  if (a->key != b->key)
    return a->key < b->key ? -1 : 1;
  return (a->item > b->item) - (a->item < b->item);
}

/* Group n slots by key, items in add order within a group: an LSD radix
 * sort (stable) on the low 32 bits of the keys, two 16-bit digits, then
 * the rare runs whose low halves agree but whose keys differ sorted by
 * (key, item).  Keys are uniform (minima or their hash), so two passes
 * do nearly all the work of four. */
static void group_slots(struct slot *s, struct slot *tmp, uint32_t n, uint32_t *count)
{
  struct slot *orig = s;
  for (int shift = 0; shift < 32; shift += 16) {
    memset(count, 0, 65536 * sizeof *count);
    for (uint32_t i = 0; i < n; i++)
      count[(s[i].key >> shift) & 0xffff]++;
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
  /* an even number of passes: the sorted slots are back in orig == s */
  for (uint32_t lo = 0, hi; lo < n; lo = hi) {
    bool mixed = false;
    for (hi = lo + 1; hi < n && (uint32_t)orig[hi].key == (uint32_t)orig[lo].key; hi++)
      mixed |= orig[hi].key != orig[lo].key;
    if (mixed)
      qsort(orig + lo, hi - lo, sizeof *orig, cmp_slot);
  }
}

/* Whether items i and j already met in a band before t whose bucket was
 * not skipped: that band examined them. */
static bool met_before(const struct vet_minhash_index *ix, const uint64_t *skipped, uint32_t i, uint32_t j,
                       uint32_t t)
{
  for (uint32_t u = 0; u < t; u++)
    if (!(skipped[i] >> u & 1) && band_key(ix, i, u) == band_key(ix, j, u))
      return true;
  return false;
}

vet_err vet_minhash_index_pairs(const struct vet_minhash_index *ix, vet_minhash_pair_fn fn, void *ctx,
                                struct vet_minhash_stats *st, struct vet_error *e)
{
  struct vet_minhash_stats s = {.items = ix->n, .empty = ix->empty};
  uint32_t n = ix->n;
  struct slot *slots = NULL, *tmp = NULL;
  uint64_t *skipped = NULL; /* per item: bit t set when its band-t bucket was skipped */
  uint32_t *count = NULL;
  vet_err rc = VET_OK;
  if (n < 2)
    goto done;
  slots = malloc((size_t)n * sizeof *slots);
  tmp = malloc((size_t)n * sizeof *tmp);
  skipped = calloc(n, sizeof *skipped);
  count = malloc(65536 * sizeof *count);
  if (!slots || !tmp || !skipped || !count) {
    rc = vet_fail(e, VET_ENOMEM, "minhash index: out of memory pairing %" PRIu32 " texts", n);
    goto done;
  }
  bool stop = false;
  for (uint32_t t = 0; t < ix->p.bands && !stop; t++) {
    for (uint32_t i = 0; i < n; i++)
      slots[i] = (struct slot){band_key(ix, i, t), i};
    group_slots(slots, tmp, n, count);
    for (uint32_t lo = 0, hi; lo < n && !stop; lo = hi) {
      for (hi = lo + 1; hi < n && slots[hi].key == slots[lo].key; hi++)
        ;
      uint32_t size = hi - lo;
      if (size > ix->p.max_bucket) {
        s.skipped_buckets++;
        s.skipped_items += size;
        for (uint32_t k = lo; k < hi; k++)
          skipped[slots[k].item] |= 1ull << t;
        continue;
      }
      for (uint32_t x = lo; x < hi && !stop; x++)
        for (uint32_t y = x + 1; y < hi && !stop; y++) {
          uint32_t i = slots[x].item, j = slots[y].item;
          if (met_before(ix, skipped, i, j, t))
            continue;
          s.candidates++;
          double est = estimate16(ix, i, j);
          if (est >= ix->p.threshold) {
            s.pairs++;
            stop = fn && !fn(ctx, ix->ids[i], ix->ids[j], est);
          }
        }
    }
  }
done:
  free(slots);
  free(tmp);
  free(skipped);
  free(count);
  if (st)
    *st = s;
  return rc;
}
