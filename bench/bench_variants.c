/* bench/bench_variants.c - query generators for the screening benchmark:
 * labelled variants of listed names, common unlisted names, synthetic
 * list entries.  Deterministic for a given seed. */
#include <math.h>
#include <stdio.h>

#include "bench_variants.h"
#include "core/common.h"

uint64_t rng_next(struct rng *r)
{
  /* splitmix64 */
  uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

uint32_t rng_below(struct rng *r, uint32_t n) { return n ? (uint32_t)(rng_next(r) % n) : 0; }

const char *variant_kind_name(enum variant_kind k)
{
  static const char *const n[] = {"romanization", "order", "typo", "missing_middle", "legal_form", "exact"};
  return (size_t)k < VET_COUNTOF(n) ? n[k] : "?";
}

/* Spellings of the same Korean syllable across Revised Romanization,
 * McCune-Reischauer and customary forms; each row is one syllable. */
static const char *const korean_rows[][5] = {
    {"kim", "gim", NULL},           {"ri", "lee", "rhee", "yi", NULL}, {"pak", "park", "bak", NULL},
    {"choe", "choi", NULL},         {"jong", "jeong", "chong", "chung", NULL},
    {"un", "eun", NULL},            {"chol", "cheol", "chul", NULL},   {"kwang", "gwang", NULL},
    {"hyok", "hyeok", NULL},        {"song", "seong", "sung", NULL},   {"myong", "myeong", "myung", NULL},
    {"yong", "young", "yeong", NULL}, {"kang", "gang", NULL},          {"il", "il", NULL},
    {"chang", "jang", NULL},        {"kyong", "gyeong", "kyung", NULL}, {"hyon", "hyeon", "hyun", NULL},
    {"jin", "chin", NULL},          {"nam", "nam", NULL},              {"ho", "ho", NULL},
    {"su", "soo", NULL},            {"dok", "deok", "tok", NULL},      {"pyong", "byeong", "byung", NULL},
    {"gyu", "kyu", NULL},           {"jun", "joon", NULL},             {"sok", "seok", NULL},
    {"yun", "yoon", NULL},          {"hui", "hee", NULL},              {"ryong", "ryeong", "yong", NULL},
    {"cheon", "chon", "chun", NULL},
};

/* split into words (letters, digits, apostrophes); lower-case copy */
struct words {
  char w[16][64];
  int n;
  char seps[16]; /* original separator after word i */
};

static void split(vet_str s, struct words *ws)
{
  ws->n = 0;
  size_t i = 0;
  while (i < s.len && ws->n < 16) {
    while (i < s.len && !vet_is_alnum((unsigned char)s.ptr[i]) && (unsigned char)s.ptr[i] < 0x80)
      i++;
    size_t st = i, k = 0;
    while (i < s.len && (vet_is_alnum((unsigned char)s.ptr[i]) || (unsigned char)s.ptr[i] >= 0x80 ||
                         s.ptr[i] == '\'')) {
      if (k < 63 && s.ptr[i] != '\'') /* P'il -> pil, as lists and people write it both ways */
        ws->w[ws->n][k++] = (char)vet_lower((unsigned char)s.ptr[i]);
      i++;
    }
    if (i > st) {
      ws->w[ws->n][k] = 0;
      ws->seps[ws->n] = i < s.len ? s.ptr[i] : ' ';
      ws->n++;
    }
  }
}

static vet_str join(struct vet_arena *a, const struct words *ws, const int *order, int n)
{
  char buf[1200];
  size_t w = 0;
  for (int i = 0; i < n; i++) {
    const char *x = ws->w[order ? order[i] : i];
    int m = snprintf(buf + w, sizeof buf - w, "%s%s", i ? " " : "", x);
    if (m < 0 || (size_t)m >= sizeof buf - w)
      break;
    w += (size_t)m;
  }
  return vet_arena_strdup(a, (vet_str){buf, w});
}

static bool respell(char *w, struct rng *r)
{
  for (size_t i = 0; i < VET_COUNTOF(korean_rows); i++)
    for (int j = 0; korean_rows[i][j]; j++)
      if (!strcmp(w, korean_rows[i][j])) {
        int n = 0;
        while (korean_rows[i][n])
          n++;
        if (n < 2)
          return false;
        int k = (int)rng_below(r, (uint32_t)n - 1);
        if (k >= j)
          k++;
        if (!strcmp(korean_rows[i][k], w))
          return false;
        snprintf(w, 64, "%s", korean_rows[i][k]);
        return true;
      }
  return false;
}

static const char *const legal_forms[] = {"co", "ltd", "co ltd", "company", "corporation", "corp", "limited",
                                          "llc", "inc", "trading company", "group"};

vet_str make_variant(struct vet_arena *a, struct rng *r, vet_str name, enum vet_schema schema, enum variant_kind kind)
{
  struct words ws;
  split(name, &ws);
  if (ws.n == 0)
    return VET_STR_NULL;
  for (int i = 0; i < ws.n; i++)
    for (const char *p = ws.w[i]; *p; p++)
      if ((unsigned char)*p >= 0x80)
        return VET_STR_NULL; /* variants are generated for Latin names */
  int order[16];
  for (int i = 0; i < ws.n; i++)
    order[i] = i;
  switch (kind) {
  case V_EXACT:
    return join(a, &ws, NULL, ws.n);
  case V_ROMANIZATION: {
    bool any = false;
    for (int i = 0; i < ws.n; i++)
      if (rng_below(r, 3) != 0 || !any)
        any |= respell(ws.w[i], r);
    return any ? join(a, &ws, NULL, ws.n) : VET_STR_NULL;
  }
  case V_ORDER: {
    if (ws.n < 2 || schema != VET_SCHEMA_PERSON)
      return VET_STR_NULL;
    for (int i = 0; i < ws.n; i++) /* surname last */
      order[i] = (i + 1) % ws.n;
    return join(a, &ws, order, ws.n);
  }
  case V_TYPO: {
    int best = -1;
    size_t bl = 0;
    for (int i = 0; i < ws.n; i++)
      if (strlen(ws.w[i]) > bl && !vet_is_generic_word(vet_str_c(ws.w[i]))) {
        bl = strlen(ws.w[i]);
        best = i;
      }
    if (best < 0 || bl < 5)
      return VET_STR_NULL; /* typos are modelled on words of five letters or more */
    char *w = ws.w[best];
    size_t pos = 1 + rng_below(r, (uint32_t)bl - 2);
    switch (rng_below(r, 3)) {
    case 0: /* substitution */
      w[pos] = (char)('a' + (w[pos] - 'a' + 1 + (int)rng_below(r, 24)) % 26);
      break;
    case 1: { /* transposition */
      char t = w[pos];
      w[pos] = w[pos + 1 < bl ? pos + 1 : pos - 1];
      w[pos + 1 < bl ? pos + 1 : pos - 1] = t;
      break;
    }
    default: /* deletion */
      memmove(w + pos, w + pos + 1, bl - pos);
      break;
    }
    return join(a, &ws, NULL, ws.n);
  }
  case V_MIDDLE: {
    if (ws.n < 3 || schema != VET_SCHEMA_PERSON)
      return VET_STR_NULL;
    /* Korean names have no middle name: a missing syllable is another name */
    bool korean = true;
    for (int i = 0; i < ws.n; i++) {
      char key[160];
      size_t kl;
      korean &= vet_korean_key(vet_str_c(ws.w[i]), key, sizeof key, &kl);
    }
    if (korean)
      return VET_STR_NULL;
    int drop = 1 + (int)rng_below(r, (uint32_t)ws.n - 2);
    int n = 0;
    for (int i = 0; i < ws.n; i++)
      if (i != drop)
        order[n++] = i;
    return join(a, &ws, order, n);
  }
  case V_LEGAL: {
    if (schema != VET_SCHEMA_ORGANIZATION)
      return VET_STR_NULL;
    /* drop trailing legal forms, then maybe add another */
    int n = ws.n;
    while (n > 1 && vet_is_generic_word(vet_str_c(ws.w[n - 1])))
      n--;
    if (n == 0)
      return VET_STR_NULL;
    vet_str base = join(a, &ws, NULL, n);
    const char *lf = legal_forms[rng_below(r, VET_COUNTOF(legal_forms))];
    char buf[1300];
    int m = snprintf(buf, sizeof buf, "%.*s %s", VET_STR_FMT(base), lf);
    if (n == ws.n && m > 0 && (size_t)m < sizeof buf)
      return vet_arena_strdup(a, (vet_str){buf, (size_t)m});
    return rng_below(r, 2) || m <= 0 || (size_t)m >= sizeof buf ? base
                                                                  : vet_arena_strdup(a, (vet_str){buf, (size_t)m});
  }
  default:
    return VET_STR_NULL;
  }
}

/* Common names of several languages.  Korean given names here are
 * South Korean popular ones, not those of the lists. */
static const char *const given[] = {
    "james", "mary", "john", "patricia", "robert", "jennifer", "michael", "linda", "david", "elizabeth", "william",
    "barbara", "richard", "susan", "joseph", "jessica", "thomas", "sarah", "daniel", "karen", "matthew", "emily",
    "jose", "maria", "juan", "carmen", "luis", "ana", "carlos", "lucia", "miguel", "sofia", "wei", "fang", "jing",
    "lei", "yan", "jun", "hao", "xiu", "min-jun", "seo-yeon", "ji-hoon", "ha-eun", "do-yun", "su-bin", "ye-jin",
    "hyun-woo", "ji-woo", "seo-jun", "dmitry", "olga", "sergey", "elena", "ivan", "natalia", "arjun", "priya",
    "rahul", "ananya", "vikram", "neha", "oliver", "amelia", "lucas", "chloe", "mateo", "valentina", "hiroshi",
    "yuki", "kenji", "aiko", "lars", "ingrid", "pierre", "camille", "giulia", "marco", "anders", "freya",
};
static const char *const surnames[] = {
    "smith", "johnson", "williams", "brown", "jones", "garcia", "miller", "davis", "rodriguez", "martinez",
    "hernandez", "lopez", "gonzalez", "wilson", "anderson", "taylor", "moore", "jackson", "martin", "thompson",
    "white", "harris", "clark", "lewis", "robinson", "walker", "young", "allen", "wang", "li", "zhang", "liu",
    "chen", "yang", "huang", "zhao", "wu", "zhou", "kim", "lee", "park", "choi", "jung", "kang", "cho", "yoon",
    "jang", "lim", "han", "oh", "seo", "ivanov", "petrova", "smirnov", "kuznetsova", "popov", "sharma", "patel",
    "singh", "gupta", "kumar", "nguyen", "tran", "pham", "sato", "suzuki", "takahashi", "tanaka", "muller",
    "schmidt", "schneider", "fischer", "rossi", "russo", "ferrari", "dubois", "bernard", "hansen", "larsen",
    "silva", "santos", "oliveira", "souza",
};

vet_str make_common_name(struct vet_arena *a, struct rng *r)
{
  char buf[128];
  int n = snprintf(buf, sizeof buf, "%s %s", given[rng_below(r, VET_COUNTOF(given))],
                   surnames[rng_below(r, VET_COUNTOF(surnames))]);
  return vet_arena_strdup(a, (vet_str){buf, n > 0 ? (size_t)n : 0});
}

/* Synthetic names.  Real name words follow a long-tailed distribution:
 * a few hundred surnames and given names are everywhere, most words are
 * rare.  Common words come from a pool of 2,000 drawn with a Zipf-like
 * skew; the others are made of two or three random syllables out of 180
 * (about six million possible words), so they are mostly unique. */
static const char *const onsets[] = {"b", "ch", "d", "f", "g", "h", "j", "k", "kh", "l", "m", "n", "p", "r",
                                     "s", "sh", "t", "v", "y", "z"};
static const char *const nuclei[] = {"a", "e", "i", "o", "u", "ai", "ei", "ou", "ya"};
static const char *const orgw[] = {"trading", "company", "limited", "group", "industrial", "technology",
                                   "international", "shipping", "bank", "holding", "network", "services"};

static size_t syllables(char *out, struct rng *r, int n)
{
  size_t w = 0;
  for (int i = 0; i < n; i++) {
    const char *o = onsets[rng_below(r, VET_COUNTOF(onsets))], *v = nuclei[rng_below(r, VET_COUNTOF(nuclei))];
    size_t lo = strlen(o), lv = strlen(v);
    memcpy(out + w, o, lo);
    memcpy(out + w + lo, v, lv);
    w += lo + lv;
  }
  if (rng_below(r, 3) == 0)
    out[w++] = "nmrlk"[rng_below(r, 5)];
  out[w] = 0;
  return w;
}

static size_t word(char *out, struct rng *r)
{
  if (rng_below(r, 10) < 4) { /* a common word, its rank drawn with Zipf's law (P(rank) ~ 1/rank) */
    double u = (double)rng_below(r, 1000000) / 1e6;
    uint32_t rank = (uint32_t)exp(u * log(2000.0));
    struct rng pr = {0xC0FFEEull + rank};
    return syllables(out, &pr, 2);
  }
  return syllables(out, r, 2 + (int)rng_below(r, 2));
}

vet_str make_synthetic_name(struct vet_arena *a, struct rng *r, bool org)
{
  char buf[256], w1[64], w2[64], w3[64];
  word(w1, r);
  word(w2, r);
  word(w3, r);
  int n;
  if (org)
    n = snprintf(buf, sizeof buf, "%s %s %s", w1, w3, orgw[rng_below(r, VET_COUNTOF(orgw))]);
  else if (rng_below(r, 3) == 0)
    n = snprintf(buf, sizeof buf, "%s %s %s", w1, w2, w3);
  else
    n = snprintf(buf, sizeof buf, "%s %s", w1, w3);
  return vet_arena_strdup(a, (vet_str){buf, n > 0 ? (size_t)n : 0});
}
