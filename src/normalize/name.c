/* normalize/name.c - the name normalization pipeline: validate, romanize
 * Hangul by syllable, transliterate other scripts with ICU (word by word,
 * each distinct word once per normalizer), fold with utf8proc, tokenize,
 * and compute each token's keys. */
#include <unicode/ustring.h>
#include <utf8proc.h>
#include <unicode/utrans.h>

#include "core/common.h"
#include "core/strmap.h"
#include "normalize/fold.h"
#include "vetter/normalize.h"

#define MAX_TOKENS 48
#define HANGUL_MARK '\x01'

/* Cyrillic by the BGN/PCGN system (as lists spell Russian names), then
 * every other script to Latin, then Latin to ASCII. */
static const char TRANSLIT_ID[] = "Russian-Latin/BGN; Any-Latin; Latin-ASCII";

struct vet_normalizer {
  UTransliterator *tr; /* created on first non-Latin input */
  bool tr_failed;
  size_t max_bytes;
  struct vet_buf a, b;  /* scratch */
  UChar *u;
  size_t ucap;
  /* token text -> its keys and flags: names repeat their words (Kim, Ri,
   * Mohammed, Trading), so each distinct word is analysed once */
  struct vet_strmap cache;
  struct vet_arena cache_arena;
  struct cached *cached;
  uint32_t n_cached, cap_cached;
  /* a non-ASCII word -> its transliteration (words[k]): names repeat
   * their words (Nguyễn, Đặng, Łukasz), and ICU is slow */
  struct vet_strmap words_map;
  vet_str *words;
  uint32_t n_words, cap_words;
};

struct cached {
  vet_str kkey, skel;
  uint32_t flags;
  uint32_t letters;
};

uint32_t vet_letter_mask(vet_str t)
{
  uint32_t m = 0;
  for (size_t i = 0; i < t.len; i++) {
    int c = (unsigned char)t.ptr[i];
    if (c >= 'a' && c <= 'z')
      m |= 1u << (c - 'a');
    else if (vet_is_digit(c))
      m |= 1u << (26 + (c - '0') % 6);
  }
  return m;
}

#define CACHE_MAX (1u << 20)

struct vet_normalizer *vet_normalizer_new(size_t max_bytes, struct vet_error *e)
{
  struct vet_normalizer *nz = calloc(1, sizeof *nz);
  if (!nz) {
    vet_fail(e, VET_ENOMEM, "out of memory creating a normalizer");
    return NULL;
  }
  nz->max_bytes = max_bytes ? max_bytes : 4096;
  vet_strmap_init(&nz->cache);
  vet_strmap_init(&nz->words_map);
  vet_arena_init(&nz->cache_arena, 256 * 1024);
  vet_buf_init(&nz->a, 16 * nz->max_bytes + 1024);
  vet_buf_init(&nz->b, 16 * nz->max_bytes + 1024);
  return nz;
}

void vet_normalizer_free(struct vet_normalizer *nz)
{
  if (!nz)
    return;
  if (nz->tr)
    utrans_close(nz->tr);
  vet_buf_release(&nz->a);
  vet_buf_release(&nz->b);
  vet_strmap_release(&nz->cache);
  vet_strmap_release(&nz->words_map);
  free(nz->words);
  vet_arena_release(&nz->cache_arena);
  free(nz->cached);
  free(nz->u);
  free(nz);
}

static bool ensure_translit(struct vet_normalizer *nz)
{
  if (nz->tr || nz->tr_failed)
    return nz->tr != NULL;
  UChar id[64];
  u_uastrcpy(id, TRANSLIT_ID);
  UErrorCode st = U_ZERO_ERROR;
  UParseError pe;
  nz->tr = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, &pe, &st);
  if (U_FAILURE(st)) {
    nz->tr = NULL;
    nz->tr_failed = true;
  }
  return nz->tr != NULL;
}

/* Transliterate in (UTF-8) into out through ICU.  On ICU failure the text
 * passes through unchanged (its non-ASCII letters are then dropped by the
 * tokenizer), so a broken ICU install degrades instead of failing. */
static vet_err translit(struct vet_normalizer *nz, vet_str in, struct vet_buf *out)
{
  if (!ensure_translit(nz))
    return vet_buf_append(out, in);
  size_t need = in.len * 4 + 64;
  if (need > nz->ucap) {
    UChar *nu = realloc(nz->u, need * sizeof *nu);
    if (!nu)
      return VET_ENOMEM;
    nz->u = nu;
    nz->ucap = need;
  }
  UErrorCode st = U_ZERO_ERROR;
  int32_t ulen = 0;
  u_strFromUTF8(nz->u, (int32_t)nz->ucap, &ulen, in.ptr, (int32_t)in.len, &st);
  if (U_FAILURE(st))
    return VET_EPARSE;
  int32_t limit = ulen;
  utrans_transUChars(nz->tr, nz->u, &ulen, (int32_t)nz->ucap, 0, &limit, &st);
  if (U_FAILURE(st)) /* buffer too small for an unusual expansion: keep the input */
    return vet_buf_append(out, in);
  int32_t blen = 0;
  st = U_ZERO_ERROR;
  u_strToUTF8(NULL, 0, &blen, nz->u, ulen, &st);
  st = U_ZERO_ERROR;
  size_t at = out->len;
  vet_err rc = vet_buf_append(out, (vet_str){NULL, 0});
  if (rc)
    return rc;
  for (int32_t k = 0; k < blen; k++) /* reserve */
    if ((rc = vet_buf_putc(out, 0)))
      return rc;
  u_strToUTF8(out->ptr + at, blen + 1, &blen, nz->u, ulen, &st);
  if (U_FAILURE(st))
    return VET_EPARSE;
  out->len = at + (size_t)blen;
  out->ptr[out->len] = 0;
  return VET_OK;
}

/* One word (no space) through translit, remembered (up to CACHE_MAX
 * words a normalizer). */
static vet_err translit_word(struct vet_normalizer *nz, vet_str w, struct vet_buf *out)
{
  uint32_t *hit = vet_strmap_get(&nz->words_map, w);
  if (hit)
    return vet_buf_append(out, nz->words[*hit]);
  size_t at = out->len;
  vet_err rc = translit(nz, w, out);
  if (rc || nz->n_words >= CACHE_MAX)
    return rc;
  vet_str key = vet_arena_strdup(&nz->cache_arena, w);
  vet_str val = vet_arena_strdup(&nz->cache_arena, (vet_str){out->ptr + at, out->len - at});
  vet_str *slot = key.ptr && val.ptr ? vet_vec_push(&nz->words, &nz->n_words, &nz->cap_words, sizeof *slot) : NULL;
  if (slot) { /* out of memory here only forgoes the memo */
    *slot = val;
    if (!vet_strmap_put(&nz->words_map, key, nz->n_words - 1, NULL))
      nz->n_words--;
  }
  return VET_OK;
}

/* in through translit word by word, the words being what lies between
 * spaces; ASCII words pass as they are.  Scripts do not run across a
 * space, so this is what translit gives the whole text, but for a lone
 * punctuation mark of another script ("،" between spaces), which ICU then
 * leaves as it is: the tokenizer separates words at it all the same. */
static vet_err translit_words(struct vet_normalizer *nz, vet_str in, struct vet_buf *out)
{
  vet_err rc = VET_OK;
  for (size_t i = 0; i < in.len && !rc; i++) {
    size_t j = i;
    bool ascii = true;
    for (; j < in.len && in.ptr[j] != ' '; j++)
      ascii &= (unsigned char)in.ptr[j] < 0x80;
    vet_str w = {in.ptr + i, j - i};
    rc = ascii ? vet_buf_append(out, w) : translit_word(nz, w, out);
    if (!rc && j < in.len)
      rc = vet_buf_putc(out, ' ');
    i = j;
  }
  return rc;
}

void vet_translit_warm(void)
{
  /* a letter or two of each script (Hangul is romanized without ICU) */
  static const char sample[] = "\xd0\x98\xd0\xb2 \xe9\x87\x91 \xd9\x85\xd8\xad \xce\x91\xce\xbb "
                               "\xe1\x83\xa5\xe1\x83\x90 \xe0\xb8\x9b\xe0\xb8\xa3 \xe1\x88\x80 "
                               "\xd7\xa2\xd7\x91 \xe1\x80\x99 \xe3\x82\xab \xe3\x81\xb2";
  struct vet_normalizer *nz = vet_normalizer_new(0, NULL);
  if (!nz)
    return;
  struct vet_buf out;
  vet_buf_init(&out, 256);
  (void)translit(nz, (vet_str){sample, sizeof sample - 1}, &out);
  vet_buf_release(&out);
  vet_normalizer_free(nz);
}

/* Hangul syllables -> " <mark>gim <mark>jeong <mark>eun " (each syllable its own token). */
static vet_err romanize_hangul(vet_str in, struct vet_buf *out, bool *rest_ascii)
{
  size_t i = 0;
  vet_err rc = VET_OK;
  *rest_ascii = true;
  while (i < in.len && !rc) {
    size_t st = i;
    int32_t cp = vet_utf8_next(in, &i);
    char syl[16];
    size_t n = vet_hangul_romanize(cp, syl, sizeof syl);
    if (n) {
      rc = vet_buf_putc(out, ' ');
      if (!rc)
        rc = vet_buf_putc(out, HANGUL_MARK);
      if (!rc)
        rc = vet_buf_append(out, (vet_str){syl, n});
      if (!rc)
        rc = vet_buf_putc(out, ' ');
    } else {
      if (cp >= 0x80)
        *rest_ascii = false;
      rc = vet_buf_append(out, (vet_str){in.ptr + st, i - st});
    }
  }
  return rc;
}

static bool is_apostrophe(const char *p, size_t left, size_t *skip)
{
  unsigned char c = (unsigned char)p[0];
  if (c == '\'' || c == '`') {
    *skip = 1;
    return true;
  }
  /* U+2018, U+2019, U+02BB, U+02BC, U+02BF, U+02BE: left/right quote, okina, modifier apostrophe, ayn, hamza */
  if (left >= 3 && c == 0xE2 && (unsigned char)p[1] == 0x80 &&
      ((unsigned char)p[2] == 0x98 || (unsigned char)p[2] == 0x99)) {
    *skip = 3;
    return true;
  }
  if (left >= 2 && c == 0xCA && (unsigned char)p[1] >= 0xBB && (unsigned char)p[1] <= 0xBF) {
    *skip = 2;
    return true;
  }
  return false;
}

static void skeleton(vet_str t, char *out, size_t *n)
{
  /* The consonants that carry a name across spellings: the first letter
   * (any leading vowel as 'a'), then consonants only, a doubled letter
   * once; ph -> f, ck/kh/q -> k, x -> ks, z -> s, v -> f, c -> s before
   * e/i/y, c (not ch) -> k otherwise.  "Muhammad" and "Mohammed" -> "mmd", "Hussein" and
   * "Husayn" -> "hsn", "Alexander" and "Aleksandr" -> "alksndr". */
  size_t w = 0;
  for (size_t i = 0; i < t.len && w + 2 < 256; i++) {
    char c = t.ptr[i], nx = i + 1 < t.len ? t.ptr[i + 1] : 0;
    if (i > 0 && t.ptr[i - 1] == c)
      continue; /* a doubled letter counts once */
    const char *emit = NULL;
    char one[2] = {c, 0};
    if ((c == 'p' && nx == 'h') || (c == 'c' && nx == 'k') || (c == 'k' && nx == 'h')) {
      one[0] = c == 'p' ? 'f' : 'k';
      i++;
    } else if (c == 'x') {
      emit = "ks";
    } else if (c == 'q') {
      one[0] = 'k';
    } else if (c == 'z') {
      one[0] = 's';
    } else if (c == 'v') {
      one[0] = 'f';
    } else if (c == 'c' && nx != 'h') {
      one[0] = (nx == 'e' || nx == 'i' || nx == 'y') ? 's' : 'k';
    } else if (strchr("aeiouyhw", c)) {
      if (i > 0)
        continue;
      one[0] = 'a'; /* all leading vowels alike */
    }
    for (const char *p = emit ? emit : one; *p; p++)
      out[w++] = *p;
  }
  out[w] = 0;
  *n = w;
}

/* Flags and keys of one token, from the cache or computed (and cached). */
static vet_err analyse(struct vet_normalizer *nz, vet_str text, struct cached *out)
{
  uint32_t *hit = vet_strmap_get(&nz->cache, text);
  if (hit) {
    *out = nz->cached[*hit];
    return VET_OK;
  }
  size_t n = text.len;
  const char *p = text.ptr;
  bool digit = false;
  for (size_t i = 0; i < n; i++)
    digit |= vet_is_digit((unsigned char)p[i]);
  struct vet_arena *ca = &nz->cache_arena;
  struct cached c = {0};
  c.letters = vet_letter_mask(text);
  if (digit)
    c.flags |= VET_TOK_NUMBER;
  if (n == 1 && !digit)
    c.flags |= VET_TOK_INITIAL;
  if (vet_is_generic_word(text))
    c.flags |= VET_TOK_GENERIC;
  vet_str tcopy = vet_arena_strdup(ca, text);
  if (!tcopy.ptr)
    return VET_ENOMEM;
  char kbuf[2 * 64 + 2];
  size_t klen;
  if (!digit && n <= 64 && vet_korean_key(text, kbuf, sizeof kbuf, &klen)) {
    c.flags |= VET_TOK_KOREAN;
    c.kkey = vet_str_eq(text, (vet_str){kbuf, klen}) ? tcopy : vet_arena_strdup(ca, (vet_str){kbuf, klen});
  } else {
    c.kkey = tcopy;
  }
  if (digit) {
    c.skel = tcopy;
  } else {
    char sbuf[256];
    size_t slen;
    skeleton((vet_str){p, VET_MIN(n, sizeof sbuf - 1)}, sbuf, &slen);
    c.skel = vet_arena_strdup(ca, (vet_str){sbuf, slen});
  }
  if (!c.kkey.ptr || !c.skel.ptr)
    return VET_ENOMEM;
  if (nz->n_cached < CACHE_MAX) {
    struct cached *slot = vet_vec_push(&nz->cached, &nz->n_cached, &nz->cap_cached, sizeof *slot);
    if (slot) {
      *slot = c;
      if (!vet_strmap_put(&nz->cache, tcopy, nz->n_cached - 1, NULL))
        nz->n_cached--;
    }
  }
  *out = c;
  return VET_OK;
}

static vet_err add_token(struct vet_normalizer *nz, struct vet_arena *a, struct vet_name_norm *out, const char *p,
                         size_t n, uint32_t flags)
{
  if (n == 0 || out->n >= MAX_TOKENS)
    return VET_OK;
  struct cached c;
  vet_err rc = analyse(nz, (vet_str){p, n}, &c);
  if (rc)
    return rc;
  struct vet_token *t = &out->tok[out->n];
  vet_str canon = (c.flags & VET_TOK_GENERIC) ? vet_generic_canonical((vet_str){p, n}) : (vet_str){p, n};
  t->text = vet_arena_strdup(a, canon);
  if (c.flags & VET_TOK_GENERIC) {
    t->kkey = t->skel = t->text; /* generic words compare by their canonical form */
  } else {
    t->kkey = vet_str_eq(c.kkey, t->text) ? t->text : vet_arena_strdup(a, c.kkey);
    t->skel = vet_str_eq(c.skel, t->text) ? t->text : vet_arena_strdup(a, c.skel);
  }
  if (!t->text.ptr || !t->kkey.ptr || !t->skel.ptr)
    return VET_ENOMEM;
  t->flags = flags | c.flags;
  if (t->flags & VET_TOK_GENERIC)
    t->flags &= ~(uint32_t)VET_TOK_KOREAN; /* "limited" spells Korean syllables, "ltd" does not */
  t->weight = 1.0f;
  t->letters = (c.flags & VET_TOK_GENERIC) ? vet_letter_mask(t->text) : c.letters;
  out->n++;
  return VET_OK;
}

static vet_err tokenize(struct vet_normalizer *nz, struct vet_arena *a, vet_str s, struct vet_name_norm *out)
{
  char tok[256];
  size_t n = 0;
  uint32_t flags = 0;
  vet_err rc = VET_OK;
  for (size_t i = 0; i < s.len && !rc;) {
    unsigned char c = (unsigned char)s.ptr[i];
    size_t skip;
    if (c == (unsigned char)HANGUL_MARK) {
      flags |= VET_TOK_HANGUL;
      i++;
    } else if (vet_is_alnum(c)) {
      if (n < sizeof tok)
        tok[n++] = (char)vet_lower(c);
      i++;
    } else if (is_apostrophe(s.ptr + i, s.len - i, &skip)) {
      i += skip; /* O'Neil -> oneil, Ma'ruf -> maruf */
    } else if (c >= 0x80) {
      /* what ICU left: punctuation and spaces (the middle dots of "Kim·Jong"
       * and "キム・ジョンウン") separate words; letters and marks are dropped */
      size_t at = i;
      int32_t cp = vet_utf8_next(s, &i);
      utf8proc_category_t cat = cp >= 0 ? utf8proc_category(cp) : UTF8PROC_CATEGORY_CN;
      bool sep = (cat >= UTF8PROC_CATEGORY_ZS && cat <= UTF8PROC_CATEGORY_ZP) ||
                 (cat >= UTF8PROC_CATEGORY_PC && cat <= UTF8PROC_CATEGORY_PO);
      if (i == at)
        i++;
      if (sep) {
        rc = add_token(nz, a, out, tok, n, flags);
        n = 0;
        flags = 0;
      }
    } else {
      rc = add_token(nz, a, out, tok, n, flags);
      n = 0;
      flags = 0;
      i++;
    }
  }
  if (!rc)
    rc = add_token(nz, a, out, tok, n, flags);
  return rc;
}

vet_err vet_name_normalize(struct vet_normalizer *nz, struct vet_arena *a, vet_str raw, struct vet_name_norm *out,
                           struct vet_error *e)
{
  out->n = 0;
  out->tok = NULL;
  if (raw.len > nz->max_bytes)
    return vet_fail(e, VET_ELIMIT, "name is %zu bytes, longer than the limit of %zu", raw.len, nz->max_bytes);
  size_t bad;
  if (!vet_utf8_valid(raw, &bad))
    return vet_fail(e, VET_EPARSE, "name: invalid UTF-8 at byte %zu", bad);
  out->tok = vet_arena_alloc(a, sizeof *out->tok * MAX_TOKENS);
  if (!out->tok)
    return vet_fail(e, VET_ENOMEM, "out of memory normalizing a name");
  vet_err rc = VET_OK;
  vet_str text = raw;
  for (size_t i = 0; i < raw.len; i++)
    if ((unsigned char)raw.ptr[i] < 0x20) { /* control bytes separate words (and cannot fake our marker) */
      vet_buf_reset(&nz->b);
      for (size_t k = 0; k < raw.len && !rc; k++)
        rc = vet_buf_putc(&nz->b, (unsigned char)raw.ptr[k] < 0x20 ? ' ' : raw.ptr[k]);
      if (rc)
        return vet_fail(e, rc, "name: too long");
      /* raw now lives in nz->b; the non-ASCII path reuses a and b, so copy */
      char *copy = vet_arena_alloc(a, nz->b.len + 1);
      if (!copy)
        return vet_fail(e, VET_ENOMEM, "out of memory normalizing a name");
      memcpy(copy, nz->b.ptr, nz->b.len + 1);
      raw = text = (vet_str){copy, nz->b.len};
      break;
    }
  if (!vet_str_is_ascii(raw)) {
    vet_buf_reset(&nz->a);
    vet_buf_reset(&nz->b);
    bool rest_ascii;
    rc = romanize_hangul(raw, &nz->a, &rest_ascii);
    if (!rc && !rest_ascii) {
      rc = vet_fold(vet_buf_str(&nz->a), &nz->b); /* NFKC first: ICU then sees composed letters */
      if (!rc && !vet_str_is_ascii(vet_buf_str(&nz->b))) { /* "José" is done here; "Ким", "Łukasz" need ICU */
        vet_buf_reset(&nz->a);
        rc = translit_words(nz, vet_buf_str(&nz->b), &nz->a);
        if (!rc) {
          vet_buf_reset(&nz->b);
          rc = vet_fold(vet_buf_str(&nz->a), &nz->b); /* fold what ICU left (marks, case) */
        }
      }
      text = vet_buf_str(&nz->b);
    } else {
      text = vet_buf_str(&nz->a);
    }
    if (rc)
      return vet_fail(e, rc, "name: cannot normalize (%s)", vet_err_name(rc));
  }
  rc = tokenize(nz, a, text, out);
  if (rc)
    return vet_fail(e, rc, "out of memory normalizing a name");
  return VET_OK;
}

vet_err vet_name_fold(struct vet_normalizer *nz, struct vet_arena *a, vet_str raw, vet_str *out, struct vet_error *e)
{
  struct vet_name_norm nn;
  vet_err rc = vet_name_normalize(nz, a, raw, &nn, e);
  if (rc)
    return rc;
  size_t len = 0;
  for (uint32_t i = 0; i < nn.n; i++)
    len += nn.tok[i].text.len + 1;
  char *p = vet_arena_alloc(a, len + 1);
  if (!p)
    return vet_fail(e, VET_ENOMEM, "out of memory");
  size_t w = 0;
  for (uint32_t i = 0; i < nn.n; i++) {
    if (i)
      p[w++] = ' ';
    memcpy(p + w, nn.tok[i].text.ptr, nn.tok[i].text.len);
    w += nn.tok[i].text.len;
  }
  p[w] = 0;
  *out = (vet_str){p, w};
  return VET_OK;
}
