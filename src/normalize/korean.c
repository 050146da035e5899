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

/* ---- is the token a sequence of romanized Korean syllables? ---- */

static const char *const seg_initials[] = {"tch", "kk", "tt", "pp", "ss", "jj", "ch", "sh", "rh", "g", "k", "n",
                                           "d", "t", "r", "l", "m", "b", "p", "s", "j", "h", ""};
static const char *const seg_vowels[] = {"yeo", "yae", "wae", "ae", "ya", "eo", "ye", "wa", "oe", "oi", "yo", "wo",
                                         "we", "wi", "yu", "eu", "ui", "oo", "ee", "ou", "a", "e", "o", "u", "i"};
static const char *const seg_finals[] = {"ng", "k", "g", "n", "t", "d", "l", "r", "m", "p", "b", "h", ""};

static size_t match_at(vet_str s, size_t i, const char *p)
{
  if (!p[0])
    return 0;
  if (i >= s.len || s.ptr[i] != p[0])
    return SIZE_MAX; /* first letter decides most cases without a strlen */
  size_t n = 1;
  while (p[n]) {
    if (i + n >= s.len || s.ptr[i + n] != p[n])
      return SIZE_MAX;
    n++;
  }
  return n;
}

#define MAX_SEG 24

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
    for (size_t a = 0; a < VET_COUNTOF(seg_initials); a++) {
      size_t na = match_at(t, i, seg_initials[a]);
      if (na == SIZE_MAX)
        continue;
      for (size_t b = 0; b < VET_COUNTOF(seg_vowels); b++) {
        size_t nb = match_at(t, i + na, seg_vowels[b]);
        if (nb == SIZE_MAX)
          continue;
        for (size_t c = 0; c < VET_COUNTOF(seg_finals); c++) {
          size_t nc = match_at(t, i + na + nb, seg_finals[c]);
          if (nc == SIZE_MAX)
            continue;
          size_t j = i + na + nb + nc;
          if (reach[i] + 1 < reach[j])
            reach[j] = (uint8_t)(reach[i] + 1);
        }
      }
    }
  }
  return reach[t.len] >= 1 && reach[t.len] <= 4;
}

/* ---- the key ---- */

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
  for (size_t i = 0; i < VET_COUNTOF(irregular) && cap > 8; i++)
    if (vet_str_eq_c(token, irregular[i].word)) {
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
