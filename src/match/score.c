/* match/score.c - the name scorer: token similarities (exact, Korean
 * romanization key, consonant skeleton, initials, Jaro-Winkler), a greedy
 * best-first alignment that may merge two adjacent tokens ("Jong Un" ~
 * "Jongun"), and the weighted score with its explanation.
 *
 * score = sum over aligned groups of sim * (weights of their tokens)
 *       / (weights of aligned tokens + weights of unaligned tokens)
 * where an unaligned token counts omission_weight of its weight when the
 * other side has nothing left unaligned (a missing middle name), and its
 * full weight otherwise (a different name).  Then: numbers that differ,
 * an alignment of generic words only.  See docs/matching.md.
 * vet_score_traced records the alignment (match/score_int.h) so that the
 * screening loop builds a hit's explanation without scoring it again. */
#include <math.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "match/score_int.h"

#define MAXT VET_SCORE_MAXT
_Static_assert(MAXT <= 64, "the scorer keeps aligned tokens in 64-bit masks");

/* Equal strings, cheapest tests first (the scorer's inner loop). */
static inline bool str_eq(vet_str a, vet_str b)
{
  return a.len == b.len && (a.len == 0 || (a.ptr[0] == b.ptr[0] && memcmp(a.ptr, b.ptr, a.len) == 0));
}

/* Could a word of length l, or a Korean key of length kl, match two
 * words joined (lengths tl, kl2)?  The merged rules need lengths within a
 * quarter of each other, or equal Korean keys. */
static inline bool merge_fits(size_t tl, size_t kl2, bool korean, const struct vet_token *t)
{
  size_t dl = tl > t->text.len ? tl - t->text.len : t->text.len - tl;
  return dl * 4 <= VET_MAX(tl, t->text.len) || (korean && (t->flags & VET_TOK_KOREAN) && kl2 == t->kkey.len);
}
#define KOREAN_SYLLABLE_MAX 6 /* "myeong", "hyeong": the longest romanized syllables */

/* Index of the lowest set bit of x (not 0). */
static inline uint32_t lowest_bit(uint64_t x)
{
  return (uint32_t)__builtin_ctzll(x);
}

double vet_jaro_winkler(vet_str a, vet_str b)
{
  if (a.len == 0 && b.len == 0)
    return 1.0;
  if (a.len == 0 || b.len == 0)
    return 0.0;
  if (a.len > 64 || b.len > 64) { /* names' tokens are short; long ones compare by prefix */
    a.len = VET_MIN(a.len, 64);
    b.len = VET_MIN(b.len, 64);
  }
  size_t range = VET_MAX(a.len, b.len) / 2;
  range = range ? range - 1 : 0;
  bool am[64] = {0}, bm[64] = {0};
  size_t m = 0;
  for (size_t i = 0; i < a.len; i++) {
    size_t lo = i > range ? i - range : 0, hi = VET_MIN(i + range + 1, b.len);
    for (size_t j = lo; j < hi; j++) {
      if (!bm[j] && a.ptr[i] == b.ptr[j]) {
        am[i] = bm[j] = true;
        m++;
        break;
      }
    }
  }
  if (!m)
    return 0.0;
  size_t t = 0, k = 0;
  for (size_t i = 0; i < a.len; i++) {
    if (!am[i])
      continue;
    while (!bm[k])
      k++;
    if (a.ptr[i] != b.ptr[k])
      t++;
    k++;
  }
  double md = (double)m;
  double jaro = (md / (double)a.len + md / (double)b.len + (md - (double)t / 2.0) / md) / 3.0;
  size_t l = 0;
  while (l < 4 && l < a.len && l < b.len && a.ptr[l] == b.ptr[l])
    l++;
  return jaro + (double)l * 0.1 * (1.0 - jaro);
}

/* Optimal-string-alignment distance (edits and adjacent transpositions)
 * of the first 63 bytes of a and b when it is at most k, else k + 1.
 * Bit-parallel (Hyyro 2003, the Myers vertical-delta scheme with a
 * transposition term): one bit per byte of a in a 64-bit word, each byte
 * of b a dozen word operations, where the dynamic program took a cell per
 * pair within k of the diagonal. */
size_t vet_osa_distance(vet_str a, vet_str b, size_t k)
{
  size_t n = VET_MIN(a.len, 63), m = VET_MIN(b.len, 63);
  size_t far = k + 1;
  if ((n > m ? n - m : m - n) > k)
    return far;
  if (!n)
    return VET_MIN(m, far);
  /* eq[c]: the positions of byte c in a; only the entries of bytes that
   * occur in a or b are ever read, and those are cleared first */
  uint64_t eq[256];
  for (size_t j = 0; j < m; j++)
    eq[(unsigned char)b.ptr[j]] = 0;
  for (size_t i = 0; i < n; i++)
    eq[(unsigned char)a.ptr[i]] = 0;
  for (size_t i = 0; i < n; i++)
    eq[(unsigned char)a.ptr[i]] |= 1ull << i;
  /* column j of the distance matrix as vertical deltas: vp (+1) and vn
   * (-1) bits; d the last row's value */
  uint64_t vp = ~0ull, vn = 0, d0 = 0, prev = 0, last = 1ull << (n - 1);
  size_t d = n;
  for (size_t j = 0; j < m; j++) {
    uint64_t pm = eq[(unsigned char)b.ptr[j]];
    uint64_t tr = ((~d0 & pm) << 1) & prev; /* a[i-1..i] = b[j..j-1] swapped */
    d0 = (((pm & vp) + vp) ^ vp) | pm | vn | tr;
    uint64_t hp = vn | ~(d0 | vp), hn = d0 & vp;
    d += (hp & last) != 0;
    d -= (hn & last) != 0;
    hp = (hp << 1) | 1;
    hn <<= 1;
    vp = hn | ~(d0 | hp);
    vn = hp & d0;
    prev = pm;
  }
  return VET_MIN(d, far);
}

size_t vet_edits_upto_one(vet_str a, vet_str b)
{
  if (a.len < b.len) {
    vet_str t = a;
    a = b;
    b = t;
  }
  if (a.len - b.len > 1)
    return 2;
  size_t i = 0;
  while (i < b.len && a.ptr[i] == b.ptr[i])
    i++;
  if (i == b.len) /* equal, or a is b with one more letter at the end */
    return a.len - b.len;
  if (a.len > b.len) /* one letter of a deleted at i */
    return memcmp(a.ptr + i + 1, b.ptr + i, b.len - i) == 0 ? 1 : 2;
  if (memcmp(a.ptr + i + 1, b.ptr + i + 1, a.len - i - 1) == 0) /* one substituted at i */
    return 1;
  /* two adjacent letters swapped at i */
  return i + 1 < a.len && a.ptr[i] == b.ptr[i + 1] && a.ptr[i + 1] == b.ptr[i] &&
                 memcmp(a.ptr + i + 2, b.ptr + i + 2, a.len - i - 2) == 0
             ? 1
             : 2;
}

/* Set bits of a letter mask (the build targets no particular CPU, so
 * __builtin_popcount would be a library call). */
static inline unsigned popcount32(uint32_t x)
{
  x = x - ((x >> 1) & 0x55555555u);
  x = (x & 0x33333333u) + ((x >> 2) & 0x33333333u);
  x = (x + (x >> 4)) & 0x0F0F0F0Fu;
  return (x * 0x01010101u) >> 24;
}

/* Half the letter-count difference of a and b (each word at most 63
 * bytes) bounds their edit distance from below: every edit changes the
 * counts by at most two.  The counts are kept per byte modulo 64, which
 * folds a few letters and digits together; the sum of differences over
 * folded buckets is never more than over unfolded ones, so it is still a
 * lower bound. */
static size_t count_distance(vet_str a, vet_str b)
{
  _Alignas(16) uint8_t ha[64] = {0};
  _Alignas(16) uint8_t hb[64] = {0};
  for (size_t i = 0; i < a.len; i++)
    ha[(unsigned char)a.ptr[i] & 63]++;
  for (size_t i = 0; i < b.len; i++)
    hb[(unsigned char)b.ptr[i] & 63]++;
#if defined(__SSE2__)
  __m128i acc = _mm_setzero_si128();
  for (int k = 0; k < 64; k += 16)
    acc = _mm_add_epi64(acc, _mm_sad_epu8(_mm_load_si128((const __m128i *)(ha + k)),
                                          _mm_load_si128((const __m128i *)(hb + k))));
  return (size_t)_mm_cvtsi128_si64(acc) + (size_t)_mm_cvtsi128_si64(_mm_unpackhi_epi64(acc, acc));
#else
  size_t l1 = 0;
  for (int k = 0; k < 64; k++)
    l1 += ha[k] > hb[k] ? (size_t)(ha[k] - hb[k]) : (size_t)(hb[k] - ha[k]);
  return l1;
#endif
}

/* The part of fuzzy() past its length and letter tests: allowed edits of
 * the longer word's mx letters. */
static VET_NOINLINE double fuzzy_letters(const struct vet_match_config *cfg, vet_str a, vet_str b, size_t mx,
                                         size_t allowed)
{
  /* tokens of five to nine letters, most of them, allow one edit: tested
   * directly; longer ones through the letter counts, then the edit
   * distance (bit-parallel, cheaper than Jaro-Winkler, which comes last) */
  size_t d = 0;
  if (allowed == 1) {
    if ((d = vet_edits_upto_one(a, b)) > 1)
      return 0;
  } else if ((count_distance(a, b) + 1) / 2 > allowed) {
    return 0;
  }
  if (allowed != 1 && (d = vet_osa_distance(a, b, allowed)) > allowed)
    return 0; /* 1 - d/mx is then below min_token_sim */
  double jw = vet_jaro_winkler(a, b);
  if (jw + 1e-9 < cfg->min_token_sim)
    return 0;
  double r = 1.0 - (double)d / (double)VET_MIN(mx, 63);
  double s = VET_MIN(jw, r);
  return s + 1e-9 >= cfg->min_token_sim ? s : 0; /* 1 - 1/5 is 0.8 in decimal, not quite in binary */
}

/* Typo similarity: only when the longer token has typo_min_len letters or
 * more (in short tokens one letter makes another name: Yong/Pyong,
 * Chol/Chon) and the shorter at most one less,
 * the lower of Jaro-Winkler and the edit-distance ratio, and nothing
 * below min_token_sim.  The length and letter tests, which turn most
 * pairs away, are inlined into the callers. */
static inline double fuzzy(const struct vet_match_config *cfg, vet_str a, uint32_t ma, vet_str b, uint32_t mb)
{
  if (VET_MAX(a.len, b.len) < cfg->typo_min_len || VET_MIN(a.len, b.len) + 1 < cfg->typo_min_len)
    return 0;
  if (a.len > 63 || b.len > 63)
    return 0; /* longer words than any name's must agree exactly */
  size_t mx = VET_MAX(a.len, b.len);
  if ((a.len > b.len ? a.len - b.len : b.len - a.len) * 4 > mx)
    return 0; /* lengths too far apart for a typo */
  size_t allowed = (size_t)((1.0 - cfg->min_token_sim) * (double)mx + 1e-9);
  /* a letter in one word and not the other costs an edit, and one edit
   * removes at most one letter and adds one */
  if (((size_t)popcount32(ma ^ mb) + 1) / 2 > allowed)
    return 0;
  return fuzzy_letters(cfg, a, b, mx, allowed);
}

/* Similarity of two single tokens; *how names the rule that gave it. */
static double token_sim(const struct vet_match_config *cfg, const struct vet_token *q, const struct vet_token *c,
                        const char **how)
{
  /* Most pairs: words (not numbers nor initials), not both Korean, that
   * begin with different letters.  Of the rules below only the typo can
   * hold for them (equal words, initials and the phonetic rule need the
   * same first letter, the Korean key two Korean words): tested first,
   * the rest skipped.  (Tokens are never empty: vet_token.) */
  if (!((q->flags | c->flags) & (VET_TOK_NUMBER | VET_TOK_INITIAL)) &&
      q->text.ptr[0] != c->text.ptr[0] && !(q->flags & c->flags & VET_TOK_KOREAN)) {
    double fz = fuzzy(cfg, q->text, q->letters, c->text, c->letters);
    if (fz > 0)
      *how = "typo";
    return fz;
  }
  bool qn = q->flags & VET_TOK_NUMBER, cn = c->flags & VET_TOK_NUMBER;
  if (qn || cn) {
    *how = "number";
    return (qn && cn && str_eq(q->text, c->text)) ? 1.0 : 0.0;
  }
  if (str_eq(q->text, c->text)) {
    *how = "exact";
    return 1.0;
  }
  double best = 0;
  if ((q->flags & VET_TOK_INITIAL) || (c->flags & VET_TOK_INITIAL)) {
    *how = "initial";
    return (q->text.ptr[0] == c->text.ptr[0]) ? cfg->initial_sim : 0.0;
  }
  if ((q->flags & VET_TOK_KOREAN) && (c->flags & VET_TOK_KOREAN) && str_eq(q->kkey, c->kkey)) {
    *how = "korean";
    best = cfg->korean_sim;
  }
  /* two Korean syllables that differ in their first sounds are two names
   * (Yong/Pyong, Kwang/Hwang, Myong/Hyong): no typo between single
   * syllables unless they start alike */
  bool syllables = (q->flags & c->flags & VET_TOK_KOREAN) && q->text.len <= KOREAN_SYLLABLE_MAX &&
                   c->text.len <= KOREAN_SYLLABLE_MAX &&
                   (q->text.len < 2 || c->text.len < 2 || memcmp(q->text.ptr, c->text.ptr, 2) != 0);
  double fz = syllables ? 0 : fuzzy(cfg, q->text, q->letters, c->text, c->letters);
  if (fz > best) {
    *how = "typo";
    best = fz;
  }
  if (best < cfg->phonetic_sim && q->skel.len >= VET_SKEL_MIN && q->text.len >= cfg->typo_min_len &&
      c->text.len >= cfg->typo_min_len && str_eq(q->skel, c->skel) &&
      q->text.ptr[0] == c->text.ptr[0]) {
    *how = "phonetic";
    best = cfg->phonetic_sim;
  }
  return best;
}

/* Two adjacent tokens read as one: text and Korean key concatenated. */
struct merged {
  char text[128], kkey[256];
  size_t tlen, klen;
  uint32_t letters;
  bool korean;
};

static bool merge(const struct vet_token *x, const struct vet_token *y, struct merged *m)
{
  if ((x->flags | y->flags) & (VET_TOK_NUMBER | VET_TOK_INITIAL))
    return false;
  if (x->text.len + y->text.len >= sizeof m->text || x->kkey.len + y->kkey.len >= sizeof m->kkey)
    return false;
  memcpy(m->text, x->text.ptr, x->text.len);
  memcpy(m->text + x->text.len, y->text.ptr, y->text.len);
  m->tlen = x->text.len + y->text.len;
  m->korean = (x->flags & VET_TOK_KOREAN) && (y->flags & VET_TOK_KOREAN);
  m->klen = x->kkey.len + y->kkey.len;
  if (m->korean) { /* the Korean key is read only then */
    memcpy(m->kkey, x->kkey.ptr, x->kkey.len);
    memcpy(m->kkey + x->kkey.len, y->kkey.ptr, y->kkey.len);
  }
  m->letters = x->letters | y->letters;
  return true;
}

static double merged_sim(const struct vet_match_config *cfg, const struct merged *m, const struct vet_token *t)
{
  if (t->flags & (VET_TOK_NUMBER | VET_TOK_INITIAL))
    return 0;
  vet_str mt = {m->text, m->tlen};
  size_t dl = m->tlen > t->text.len ? m->tlen - t->text.len : t->text.len - m->tlen;
  if (dl * 4 > VET_MAX(m->tlen, t->text.len) && !(m->korean && m->klen == t->kkey.len))
    return 0; /* lengths too far apart for any rule below */
  if (str_eq(mt, t->text))
    return 1.0;
  double best = 0;
  if (m->korean && (t->flags & VET_TOK_KOREAN) && str_eq((vet_str){m->kkey, m->klen}, t->kkey))
    best = cfg->korean_sim;
  double fz = fuzzy(cfg, mt, m->letters, t->text, t->letters);
  if (fz > best)
    best = fz;
  return best;
}

/* A Korean-structured name: two to four words, every non-generic one a
 * romanized Korean syllable sequence (Kim Jong Un, Ri Pyong Chol). */
static bool korean_name(const struct vet_name_norm *n)
{
  uint32_t k = 0;
  for (uint32_t i = 0; i < n->n; i++) {
    uint32_t f = n->tok[i].flags;
    if (f & VET_TOK_GENERIC)
      continue;
    if (!(f & (VET_TOK_KOREAN | VET_TOK_HANGUL)))
      return false;
    k++;
  }
  return k >= 2 && k <= 4;
}

#define cand vet_score_group

static int cmp_cand(const void *a, const void *b)
{
  const struct cand *x = a, *y = b;
  if (x->sim != y->sim)
    return x->sim > y->sim ? -1 : 1;
  if (x->qn + x->cn != y->qn + y->cn) /* at equal similarity a word-for-word alignment first */
    return x->qn + x->cn < y->qn + y->cn ? -1 : 1;
  if (x->w != y->w)
    return x->w > y->w ? -1 : 1;
  if (x->qi != y->qi)
    return x->qi < y->qi ? -1 : 1;
  return x->ci < y->ci ? -1 : (x->ci > y->ci);
}

static vet_str join2(struct vet_arena *a, vet_str x, vet_str y)
{
  char *p = a ? vet_arena_alloc(a, x.len + y.len + 2) : NULL;
  if (!p)
    return x;
  memcpy(p, x.ptr, x.len);
  p[x.len] = ' ';
  memcpy(p + x.len + 1, y.ptr, y.len);
  p[x.len + 1 + y.len] = 0;
  return (vet_str){p, x.len + 1 + y.len};
}

static void adjust(struct vet_score_trace *tr, const char *name, const char *result, double before, double after)
{
  if (!tr || tr->n_adj >= VET_COUNTOF(tr->adj))
    return;
  tr->adj[tr->n_adj].name = name;
  tr->adj[tr->n_adj].result = result;
  tr->adj[tr->n_adj].before = before;
  tr->adj[tr->n_adj].after = after;
  tr->n_adj++;
}

double vet_score_traced(const struct vet_match_config *cfg, const struct vet_name_norm *q,
                        const struct vet_name_norm *c, struct vet_score_trace *tr)
{
  uint32_t nq = VET_MIN(q->n, MAXT), nc = VET_MIN(c->n, MAXT);
  if (tr) {
    tr->n_al = tr->n_adj = 0;
    tr->qused = tr->cused = 0;
    tr->score = 0;
  }
  if (!nq || !nc)
    return 0.0;
  /* candidates: every token pair, and adjacent pairs merged on either side */
  size_t maxc = (size_t)nq * nc * 3 + 8;
  struct cand stack[256];
  struct cand *cs = maxc <= VET_COUNTOF(stack) ? stack : malloc(maxc * sizeof *cs);
  if (!cs)
    return 0.0;
  size_t n = 0;
  for (uint32_t i = 0; i < nq; i++)
    for (uint32_t j = 0; j < nc; j++) {
      const char *how = "";
      double s = token_sim(cfg, &q->tok[i], &c->tok[j], &how);
      if (s > 0)
        cs[n++] = (struct cand){s, q->tok[i].weight + c->tok[j].weight, (uint8_t)i, 1, (uint8_t)j, 1, how};
    }
  /* merged pairs: only where some word on the other side has a fitting
   * length, so most pairs cost a few comparisons and no copy */
  struct merged m;
  for (uint32_t i = 0; i + 1 < nq; i++) {
    const struct vet_token *x = &q->tok[i], *y = &q->tok[i + 1];
    size_t tl = x->text.len + y->text.len, kl = x->kkey.len + y->kkey.len;
    bool kor = (x->flags & y->flags & VET_TOK_KOREAN) != 0;
    uint64_t fit = 0; /* the words on the other side it may match */
    for (uint32_t j = 0; j < nc; j++)
      fit |= (uint64_t)merge_fits(tl, kl, kor, &c->tok[j]) << j;
    if (fit && merge(x, y, &m))
      for (; fit; fit &= fit - 1) {
        uint32_t j = lowest_bit(fit);
        double s = merged_sim(cfg, &m, &c->tok[j]);
        if (s > 0)
          cs[n++] = (struct cand){s, x->weight + y->weight + c->tok[j].weight, (uint8_t)i, 2, (uint8_t)j, 1, "merged"};
      }
  }
  for (uint32_t j = 0; j + 1 < nc; j++) {
    const struct vet_token *x = &c->tok[j], *y = &c->tok[j + 1];
    size_t tl = x->text.len + y->text.len, kl = x->kkey.len + y->kkey.len;
    bool kor = (x->flags & y->flags & VET_TOK_KOREAN) != 0;
    uint64_t fit = 0;
    for (uint32_t i = 0; i < nq; i++)
      fit |= (uint64_t)merge_fits(tl, kl, kor, &q->tok[i]) << i;
    if (fit && merge(x, y, &m))
      for (; fit; fit &= fit - 1) {
        uint32_t i = lowest_bit(fit);
        double s = merged_sim(cfg, &m, &q->tok[i]);
        if (s > 0)
          cs[n++] = (struct cand){s, q->tok[i].weight + x->weight + y->weight, (uint8_t)i, 1, (uint8_t)j, 2, "merged"};
      }
  }
  /* usually a handful of candidates: insertion sort beats qsort's calls */
  if (n > 32)
    qsort(cs, n, sizeof *cs, cmp_cand);
  for (size_t k = 1; k < n && n <= 32; k++) {
    struct cand v = cs[k];
    size_t p = k;
    while (p > 0 && cmp_cand(&v, &cs[p - 1]) < 0) {
      cs[p] = cs[p - 1];
      p--;
    }
    cs[p] = v;
  }
  uint64_t qused = 0, cused = 0; /* bit i: token i aligned (MAXT <= 64) */
  uint64_t qall = nq == 64 ? ~0ull : (1ull << nq) - 1, call = nc == 64 ? ~0ull : (1ull << nc) - 1;
  double num = 0, wal = 0;
  bool nongeneric = false;
  uint32_t ngroups = 0; /* aligned groups with a non-generic word on both sides */
  for (size_t k = 0; k < n && qused != qall && cused != call; k++) { /* one side all aligned: nothing more fits */
    struct cand *x = &cs[k];
    bool free_ = true;
    for (uint32_t i = x->qi; i < (uint32_t)x->qi + x->qn; i++)
      free_ &= !(qused >> i & 1);
    for (uint32_t j = x->ci; j < (uint32_t)x->ci + x->cn; j++)
      free_ &= !(cused >> j & 1);
    if (!free_)
      continue;
    uint32_t gen = VET_TOK_GENERIC;
    bool qg = true, cg = true;
    for (uint32_t i = x->qi; i < (uint32_t)x->qi + x->qn; i++) {
      qused |= 1ull << i;
      qg &= (q->tok[i].flags & gen) != 0;
    }
    for (uint32_t j = x->ci; j < (uint32_t)x->ci + x->cn; j++) {
      cused |= 1ull << j;
      cg &= (c->tok[j].flags & gen) != 0;
    }
    if (!qg && !cg) {
      nongeneric = true;
      ngroups++;
    }
    num += x->sim * x->w;
    wal += x->w;
    if (tr && tr->n_al < VET_COUNTOF(tr->al))
      tr->al[tr->n_al++] = *x;
  }
  if (cs != stack)
    free(cs);
  double wq_un = 0, wc_un = 0;
  uint32_t nq_un = 0, nc_un = 0, nq_sig = 0, nc_sig = 0; /* unaligned, and of those not generic */
  bool qnum = false, cnum = false, num_bad = false;
  for (uint32_t i = 0; i < nq; i++) {
    qnum |= (q->tok[i].flags & VET_TOK_NUMBER) != 0;
    if (!(qused >> i & 1)) {
      wq_un += q->tok[i].weight;
      nq_un++;
      nq_sig += !(q->tok[i].flags & VET_TOK_GENERIC);
      if (q->tok[i].flags & VET_TOK_NUMBER)
        num_bad = true;
    }
  }
  for (uint32_t j = 0; j < nc; j++) {
    cnum |= (c->tok[j].flags & VET_TOK_NUMBER) != 0;
    if (!(cused >> j & 1)) {
      wc_un += c->tok[j].weight;
      nc_un++;
      nc_sig += !(c->tok[j].flags & VET_TOK_GENERIC);
      if (c->tok[j].flags & VET_TOK_NUMBER)
        num_bad = true;
    }
  }
  /* Words left over on one side only, when at least two groups aligned,
   * are an omission (a missing middle name, a dropped legal form) and
   * count omission_weight of their weight.  Words left over on both sides
   * are a different name, a lone aligned word is a different person
   * ("Lucas Johnson" against the alias "Lucas"), and a syllable missing
   * from a Korean name makes another name (Kim Jong / Kim Jong Un): those
   * count in full. */
  double om = 1.0;
  if ((nq_sig == 0 || nc_sig == 0) && ngroups >= 2) {
    bool korean_left = (nq_sig && korean_name(q)) || (nc_sig && korean_name(c));
    if (!korean_left)
      om = cfg->omission_weight;
  }
  if (nq_sig == 0 && nc_sig == 0)
    om = cfg->omission_weight; /* only generic words left over */
  double den = wal + om * (wq_un + wc_un);
  double score = den > 0 ? num / den : 0.0;
  if (tr) {
    tr->qused = qused;
    tr->cused = cused;
  }
  if (qnum && cnum && num_bad) {
    double s2 = score * cfg->number_mismatch_factor;
    adjust(tr, "number_mismatch", "mismatch", score, s2);
    score = s2;
  }
  if (!nongeneric && score > 0) {
    bool any_q = false, any_c = false;
    for (uint32_t i = 0; i < nq; i++)
      any_q |= !(q->tok[i].flags & VET_TOK_GENERIC);
    for (uint32_t j = 0; j < nc; j++)
      any_c |= !(c->tok[j].flags & VET_TOK_GENERIC);
    if (any_q || any_c) {
      double s2 = score * cfg->generic_only_factor;
      adjust(tr, "generic_only", "only generic words align", score, s2);
      score = s2;
    }
  }
  if (tr)
    tr->score = score;
  return score;
}

void vet_score_explain(const struct vet_score_trace *tr, const struct vet_name_norm *q,
                       const struct vet_name_norm *c, struct vet_arena *a, struct vet_explain *ex)
{
  uint32_t nq = VET_MIN(q->n, MAXT), nc = VET_MIN(c->n, MAXT);
  memset(ex, 0, sizeof *ex);
  if (!nq || !nc)
    return;
  ex->align = a ? vet_arena_alloc(a, sizeof *ex->align * (nq + nc)) : NULL;
  for (uint32_t k = 0; k < tr->n_al && ex->align; k++) {
    const struct cand *x = &tr->al[k];
    struct vet_align *al = &ex->align[ex->n_align++];
    al->q = x->qn == 2 ? join2(a, q->tok[x->qi].text, q->tok[x->qi + 1].text) : q->tok[x->qi].text;
    al->c = x->cn == 2 ? join2(a, c->tok[x->ci].text, c->tok[x->ci + 1].text) : c->tok[x->ci].text;
    al->sim = x->sim;
    al->weight = x->w;
    al->how = x->how;
  }
  uint32_t nq_un = 0, nc_un = 0;
  for (uint32_t i = 0; i < nq; i++)
    nq_un += !(tr->qused >> i & 1);
  for (uint32_t j = 0; j < nc; j++)
    nc_un += !(tr->cused >> j & 1);
  ex->q_unmatched = a ? vet_arena_alloc(a, sizeof(vet_str) * (nq_un + 1)) : NULL;
  ex->c_unmatched = a ? vet_arena_alloc(a, sizeof(vet_str) * (nc_un + 1)) : NULL;
  for (uint32_t i = 0; i < nq && ex->q_unmatched; i++)
    if (!(tr->qused >> i & 1))
      ex->q_unmatched[ex->n_q_unmatched++] = q->tok[i].text;
  for (uint32_t j = 0; j < nc && ex->c_unmatched; j++)
    if (!(tr->cused >> j & 1))
      ex->c_unmatched[ex->n_c_unmatched++] = c->tok[j].text;
  for (uint32_t k = 0; k < tr->n_adj && ex->n_adj < VET_COUNTOF(ex->adj); k++) {
    struct vet_adjust *ad = &ex->adj[ex->n_adj++];
    memset(ad, 0, sizeof *ad);
    ad->name = tr->adj[k].name;
    ad->result = tr->adj[k].result;
    ad->before = tr->adj[k].before;
    ad->after = tr->adj[k].after;
  }
  ex->name_score = tr->score;
}

double vet_score_names(const struct vet_match_config *cfg, const struct vet_name_norm *q,
                       const struct vet_name_norm *c, struct vet_arena *a, struct vet_explain *ex)
{
  if (!ex)
    return vet_score_traced(cfg, q, c, NULL);
  struct vet_score_trace tr;
  double score = vet_score_traced(cfg, q, c, &tr);
  vet_score_explain(&tr, q, c, a, ex);
  return score;
}

/* Uniform weights for pairwise comparison: 1, generic words less. */
void vet_name_uniform_weights(const struct vet_match_config *cfg, struct vet_name_norm *n)
{
  for (uint32_t i = 0; i < n->n; i++)
    n->tok[i].weight = (n->tok[i].flags & VET_TOK_GENERIC) ? (float)cfg->generic_weight : 1.0f;
}

vet_err vet_compare(struct vet_normalizer *nz, const struct vet_match_config *cfg, vet_str a, vet_str b,
                    enum vet_schema schema, struct vet_arena *ar, double *score, struct vet_explain *ex,
                    struct vet_error *e)
{
  (void)schema;
  struct vet_name_norm na, nb;
  vet_err rc = vet_name_normalize(nz, ar, a, &na, e);
  if (rc)
    return rc;
  rc = vet_name_normalize(nz, ar, b, &nb, e);
  if (rc)
    return rc;
  vet_name_uniform_weights(cfg, &na);
  vet_name_uniform_weights(cfg, &nb);
  *score = vet_score_names(cfg, &na, &nb, ar, ex);
  return VET_OK;
}
