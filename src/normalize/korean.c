/* normalize/korean.c - Korean names: Revised Romanization of Hangul
 * syllables, and the romanization key that makes the spellings used on
 * lists and passports meet (Revised Romanization, McCune-Reischauer and
 * the customary forms: Kim/Gim, Ri/Rhee/Lee/Yi, Pak/Park/Bak, Choe/Choi,
 * Jong/Jeong/Chong/Chung, Un/Eun, Chol/Cheol/Chul, Kwang/Gwang,
 * Hyok/Hyeok, Song/Seong/Sung, Myong/Myeong/Myung).
 *
 * The key is built in three steps: whole-word forms that no rule covers
 * (Park, Choi, Lee); the initial-sound rule (North Korean Ri, Ryu, Rim,
 * Ro are South Korean I, Yu, Im, No); then letter rewrites that erase the
 * distinctions the romanization systems draw differently (voicing g/k,
 * b/p, d/t, j/ch; l/r; eo/o, eu/u, ui/i; u/o before n, ng and l). */
#include "core/common.h"
#include "vetter/normalize.h"

/* Hangul jamo in Revised Romanization, indexed as Unicode composes them. */
static const char *const rr_initial[19] = {"g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s",
                                           "ss", "", "j", "jj", "ch", "k", "t", "p", "h"};
static const char *const rr_vowel[21] = {"a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae",
                                         "oe", "yo", "u", "wo", "we", "wi", "yu", "eu", "ui", "i"};
static const char *const rr_final[28] = {"", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l",
                                         "p", "l", "m", "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t"};

size_t vet_hangul_romanize(int32_t cp, char *out, size_t cap)
{
  if (cp < 0xAC00 || cp > 0xD7A3 || cap < 8)
    return 0;
  int s = cp - 0xAC00;
  int l = s / (21 * 28), v = (s / 28) % 21, t = s % 28;
  size_t n = 0;
  const char *parts[3] = {rr_initial[l], rr_vowel[v], rr_final[t]};
  for (int i = 0; i < 3; i++)
    for (const char *p = parts[i]; *p && n + 1 < cap; p++)
      out[n++] = *p;
  out[n] = 0;
  return n;
}

/* ---- is the token a sequence of romanized Korean syllables? ----
 * A syllable is an initial (or none), a vowel and a final (or none).
 * The spellings are listed by their first letter, so that a position
 * tries only those that can start there (the lists hold every spelling
 * once; the order does not matter, only which lengths can follow). */

/* The spellings of one table that begin with a given letter, NULL-ended. */
typedef const char *const seg_list[];

static seg_list ini_b = {"b", NULL}, ini_c = {"ch", NULL}, ini_d = {"d", NULL}, ini_g = {"g", NULL},
                ini_h = {"h", NULL}, ini_j = {"jj", "j", NULL}, ini_k = {"kk", "k", NULL}, ini_l = {"l", NULL},
                ini_m = {"m", NULL}, ini_n = {"n", NULL}, ini_p = {"pp", "p", NULL}, ini_r = {"rh", "r", NULL},
                ini_s = {"ss", "sh", "s", NULL}, ini_t = {"tch", "tt", "t", NULL};
static seg_list vow_a = {"ae", "a", NULL}, vow_e = {"eo", "eu", "ee", "e", NULL}, vow_i = {"i", NULL},
                vow_o = {"oe", "oi", "oo", "ou", "o", NULL}, vow_u = {"ui", "u", NULL},
                vow_w = {"wae", "wa", "wo", "we", "wi", NULL}, vow_y = {"yeo", "yae", "ya", "ye", "yo", "yu", NULL};
static seg_list fin_b = {"b", NULL}, fin_d = {"d", NULL}, fin_g = {"g", NULL}, fin_h = {"h", NULL},
                fin_k = {"k", NULL}, fin_l = {"l", NULL}, fin_m = {"m", NULL}, fin_n = {"ng", "n", NULL},
                fin_p = {"p", NULL}, fin_r = {"r", NULL}, fin_t = {"t", NULL};

/* Initials (besides none) that may begin with c. */
static const char *const *initials_at(char c)
{
  switch (c) {
  case 'b': return ini_b;
  case 'c': return ini_c;
  case 'd': return ini_d;
  case 'g': return ini_g;
  case 'h': return ini_h;
  case 'j': return ini_j;
  case 'k': return ini_k;
  case 'l': return ini_l;
  case 'm': return ini_m;
  case 'n': return ini_n;
  case 'p': return ini_p;
  case 'r': return ini_r;
  case 's': return ini_s;
  case 't': return ini_t;
  default: return NULL;
  }
}

static const char *const *vowels_at(char c)
{
  switch (c) {
  case 'a': return vow_a;
  case 'e': return vow_e;
  case 'i': return vow_i;
  case 'o': return vow_o;
  case 'u': return vow_u;
  case 'w': return vow_w;
  case 'y': return vow_y;
  default: return NULL;
  }
}

/* Finals (besides none) that may begin with c. */
static const char *const *finals_at(char c)
{
  switch (c) {
  case 'b': return fin_b;
  case 'd': return fin_d;
  case 'g': return fin_g;
  case 'h': return fin_h;
  case 'k': return fin_k;
  case 'l': return fin_l;
  case 'm': return fin_m;
  case 'n': return fin_n;
  case 'p': return fin_p;
  case 'r': return fin_r;
  case 't': return fin_t;
  default: return NULL;
  }
}

/* Length of p when s[i..] begins with it (p non-empty, s[i] == p[0]
 * known), else 0. */
static size_t match_at(vet_str s, size_t i, const char *p)
{
  size_t n = 1;
  while (p[n]) {
    if (i + n >= s.len || s.ptr[i + n] != p[n])
      return 0;
    n++;
  }
  return n;
}

#define MAX_SEG 24
/* Lengths a table's spellings can take at one position: none (0) and at
 * most three non-empty ones per letter. */
#define SEG_MAX_LENS 8

/* The lengths of the spellings of one table at s[i..] into len[]
 * (including 0 when the table has an empty spelling); returns how many. */
static size_t lengths_at(vet_str s, size_t i, const char *const *(*at)(char), bool empty, size_t *len)
{
  size_t n = 0;
  if (empty)
    len[n++] = 0;
  const char *const *list = i < s.len ? at(s.ptr[i]) : NULL;
  for (; list && *list; list++) {
    size_t k = match_at(s, i, *list);
    if (k)
      len[n++] = k;
  }
  return n;
}

static bool korean_looking(vet_str t)
{
  if (t.len == 0 || t.len > MAX_SEG)
    return false;
  /* letters no romanization of Korean uses end most checks at once */
  for (size_t i = 0; i < t.len; i++) {
    char c = t.ptr[i];
    if (c == 'f' || c == 'q' || c == 'v' || c == 'x' || c == 'z' || (c == 'c' && (i + 1 >= t.len || t.ptr[i + 1] != 'h')))
      return false;
  }
  /* reach[i]: fewest syllables that spell t[0..i) (255: unreachable) */
  uint8_t reach[MAX_SEG + 1];
  memset(reach, 255, sizeof reach);
  reach[0] = 0;
  for (size_t i = 0; i < t.len; i++) {
    if (reach[i] == 255)
      continue;
    size_t la[SEG_MAX_LENS], na = lengths_at(t, i, initials_at, true, la);
    for (size_t a = 0; a < na; a++) {
      size_t lb[SEG_MAX_LENS], nb = lengths_at(t, i + la[a], vowels_at, false, lb);
      for (size_t b = 0; b < nb; b++) {
        size_t lc[SEG_MAX_LENS], nc = lengths_at(t, i + la[a] + lb[b], finals_at, true, lc);
        for (size_t c = 0; c < nc; c++) {
          size_t j = i + la[a] + lb[b] + lc[c];
          if (reach[i] + 1 < reach[j])
            reach[j] = (uint8_t)(reach[i] + 1);
        }
      }
    }
  }
  return reach[t.len] >= 1 && reach[t.len] <= 4;
}

/* ---- the key ---- */

/* Longest word of the table below. */
#define IRREGULAR_MAX_LEN 4

static const struct {
  const char *word, *key;
} irregular[] = {
    {"park", "pak"},  {"bahk", "pak"},  {"bark", "pak"},  {"choi", "choe"}, {"chwe", "choe"}, {"choy", "choe"},
    {"lee", "i"},     {"rhee", "i"},    {"yi", "i"},      {"yee", "i"},     {"rhie", "i"},    {"ree", "i"},
    {"li", "i"},      {"ri", "i"},      {"i", "i"},       {"ryoo", "yu"},   {"yoo", "yu"},    {"you", "yu"},
    {"ryu", "yu"},    {"yu", "yu"},     {"lim", "im"},    {"rim", "im"},    {"noh", "ro"},    {"roh", "ro"},
    {"no", "ro"},     {"ro", "ro"},     {"shin", "sin"},  {"sin", "sin"},   {"hyuk", "hyok"}, {"kang", "kang"},
    {"gang", "kang"}, {"oh", "o"},      {"woo", "u"},     {"wu", "u"},
};

static size_t rewrite(const char *in, size_t n, char *out)
{
  size_t w = 0;
  for (size_t i = 0; i < n;) {
    const char *p = in + i;
    size_t left = n - i;
#define AT(s) (left >= sizeof(s) - 1 && memcmp(p, s, sizeof(s) - 1) == 0)
    char prev = w ? out[w - 1] : 0;
    if (AT("tch")) { out[w++] = 'c'; out[w++] = 'h'; i += 3; continue; }
    if (AT("rh")) { out[w++] = 'r'; i += 2; continue; }
    if (AT("sh")) { out[w++] = 's'; i += 2; continue; }
    if (AT("eo")) { out[w++] = 'o'; i += 2; continue; }
    if (AT("eu")) { out[w++] = 'u'; i += 2; continue; }
    if (AT("oo")) { out[w++] = 'u'; i += 2; continue; }
    if (AT("ou")) { out[w++] = 'o'; i += 2; continue; }
    if (AT("ee")) { out[w++] = 'i'; i += 2; continue; }
    if (AT("oi")) { out[w++] = 'o'; out[w++] = 'e'; i += 2; continue; }
    if (AT("ui")) { out[w++] = 'i'; i += 2; continue; } /* Hui/Hee/Hi */
    char c = *p;
    switch (c) {
    case 'j': out[w++] = 'c'; out[w++] = 'h'; i++; continue;
    case 'g': out[w++] = prev == 'n' ? 'g' : 'k'; i++; continue;
    case 'b': c = 'p'; break;
    case 'd': c = 't'; break;
    case 'l': c = 'r'; break;
    default: break;
    }
    /* collapse doubled consonants (kk, pp, tt, ss, rr, nn, mm) */
    if (w && out[w - 1] == c && !strchr("aeiouwy", c)) {
      i++;
      continue;
    }
    out[w++] = c;
    i++;
#undef AT
  }
  /* customary spellings write eo as u before n, ng, l (Chun, Hyun, Sung,
   * Chul): u and o meet there */
  for (size_t k = 0; k + 1 < w; k++)
    if (out[k] == 'u' && (out[k + 1] == 'n' || out[k + 1] == 'r'))
      out[k] = 'o';
  /* a final h after a vowel is silent in romanizations (Oh, Noh, Kah) */
  if (w > 1 && out[w - 1] == 'h' && strchr("aeiou", out[w - 2]))
    w--;
  return w;
}

bool vet_korean_key(vet_str token, char *out, size_t cap, size_t *out_len)
{
  size_t n = VET_MIN(token.len, cap ? cap - 1 : 0);
  if (n == 0) {
    if (cap)
      out[0] = 0;
    *out_len = 0;
    return false;
  }
  for (size_t i = 0; i < VET_COUNTOF(irregular) && cap > 8 && token.len <= IRREGULAR_MAX_LEN; i++)
    if (token.ptr[0] == irregular[i].word[0] && vet_str_eq_c(token, irregular[i].word)) {
      size_t k = strlen(irregular[i].key);
      memcpy(out, irregular[i].key, k + 1);
      *out_len = k;
      return true;
    }
  if (!korean_looking(token) || cap < 2 * token.len + 2) {
    memcpy(out, token.ptr, n);
    out[n] = 0;
    *out_len = n;
    return false;
  }
  char tmp[2 * MAX_SEG + 2];
  const char *src = token.ptr;
  size_t len = token.len;
  /* initial-sound rule: r/l/n before i or y is dropped (Ri -> I, Ryu -> Yu,
   * Lim -> Im, Nyeo -> Yeo); n before o/u is written r in the North */
  if (len > 1 && (src[0] == 'r' || src[0] == 'l' || src[0] == 'n') && (src[1] == 'i' || src[1] == 'y')) {
    src++;
    len--;
  }
  memcpy(tmp, src, len);
  if (len > 1 && tmp[0] == 'n' && (tmp[1] == 'o' || tmp[1] == 'u'))
    tmp[0] = 'r';
  size_t w = rewrite(tmp, len, out);
  out[w] = 0;
  *out_len = w;
  return true;
}
