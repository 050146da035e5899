/* match/screen.c - answering one screening query: exact identifier hits,
 * candidate names gathered from the index keys of the query's tokens
 * (weighted by rarity, long posting lists skipped, a second pass for
 * queries of common words only; long lists walked in name id order
 * rather than scattered), full scoring of the best candidates, qualifiers
 * (type, birth date, country), and one hit per entity, best first. */
#include <math.h>
#include <stdio.h>

#include "match/index_int.h"
#include "match/score_int.h"
#include "vetter/date.h"

/* Per name, side by side so that touching a name costs one cache miss. */
struct slot {
  uint32_t stamp; /* (query serial, token) that last touched it */
  float acc;      /* accumulated candidate weight */
};

struct vet_searcher {
  const struct vet_index *ix;
  struct vet_normalizer *nz;
  struct slot *slot; /* per name */
  uint32_t *touched; /* names touched by this query, each once */
  uint32_t n_touched;
  uint32_t *reached; /* touched names whose acc reached reach_bar, each once */
  uint32_t n_reached;
  float reach_bar;   /* min_acc; +inf (reached unused) unless monotone */
  bool monotone;     /* every weight and key factor is in [0, 1] (see monotone_config) */
  uint32_t serial;
  uint32_t *top;     /* this query's candidates, best first (cfg.max_candidates) */
  float *top_acc;    /* their accumulated weights */
  struct vet_buf kb;
  struct qkeys *qk;  /* per query word (QUERY_MAX_TOKENS) */
  struct vet_buf qb; /* their key strings */
  /* the words met so far (word_memo): memo key -> memo[k]; their typo
   * lists in typo_list; per query word, its entry (memo_of) */
  struct vet_strmap memo_map;
  struct vet_arena memo_words;
  struct word_memo *memo;
  uint32_t n_memo, cap_memo;
  struct typo_list *typo_list;
  uint32_t n_typo_list, cap_typo_list;
  uint32_t *memo_of; /* per query word (QUERY_MAX_TOKENS): its entry, NO_MEMO */
};

/* What a searcher remembers of a word: queries repeat their words (given
 * names, common surnames), and a word's own keys cost three probes of the
 * index's key table and its typo keys up to 2 * length + 1 more, nearly
 * all cache misses.  A word is known by its flags and text (which its
 * keys derive from); longer words than MEMO_WORD_LEN are looked up every
 * time.  At most MEMO_WORDS words a searcher, about 9 MB (a capacity, not
 * a setting: the lists are the same either way). */
#define MEMO_WORDS (1u << 16)
#define MEMO_WORD_LEN 64
#define NO_MEMO UINT32_MAX
#define TYPO_UNKNOWN UINT32_MAX
struct typo_list {
  const uint32_t *p;
  uint32_t n;
};

/* A query word's own keys, looked up once per query (lookup_keys) and
 * read by every step after it: its rarity weight, the order of the words,
 * the candidate lists and the walk's probes. */
enum { QK_TEXT, QK_KOREAN, QK_SKEL, QK_N };
struct qkeys {
  const uint32_t *p[QK_N]; /* posting lists; NULL when absent or not looked up */
  uint32_t n[QK_N];
  uint32_t id[QK_N];       /* the keys' ids (IX_NO_KEY when absent or not looked up), for vcheck */
};

struct word_memo {
  struct qkeys qk;             /* its own keys (lookup_keys) */
  uint32_t typo_first, n_typo; /* its typo lists (token_lists), n_typo TYPO_UNKNOWN until looked up */
};
#define QUERY_MAX_TOKENS 255     /* words a query's steps take (gather) */
#define QUERY_KEY_MAX (1u << 16) /* a longer key is taken as absent, as vet_ix_key's buffer does */

/* The candidate shortcuts (the reached list, the second pass over sorted
 * lists) rest on sums that only grow, by at most a word's weight per
 * word: weights and key factors in [0, 1], as the settings' ranges make
 * them.  A configuration built by hand outside those ranges takes the
 * plain way. */
static bool monotone_config(const struct vet_match_config *c)
{
  return c->generic_weight >= 0 && c->min_token_weight >= 0 && c->korean_sim >= 0 && c->korean_sim <= 1 &&
         c->phonetic_sim >= 0 && c->phonetic_sim <= 1 && c->min_token_sim >= 0 && c->min_token_sim <= 1;
}

struct vet_searcher *vet_searcher_new(const struct vet_index *ix, struct vet_error *e)
{
  struct vet_searcher *s = calloc(1, sizeof *s);
  if (!s)
    goto oom;
  s->ix = ix;
  s->monotone = monotone_config(&ix->cfg);
  s->nz = vet_normalizer_new(ix->cfg.max_name_bytes, e);
  size_t n = ix->n_names ? ix->n_names : 1;
  s->slot = calloc(n, sizeof *s->slot);
  s->touched = malloc(n * sizeof *s->touched);
  s->reached = malloc(n * sizeof *s->reached);
  size_t k = ix->cfg.max_candidates ? ix->cfg.max_candidates : 1;
  s->top = malloc(k * sizeof *s->top);
  s->top_acc = malloc(k * sizeof *s->top_acc);
  vet_buf_init(&s->kb, 1u << 16);
  s->qk = malloc(QUERY_MAX_TOKENS * sizeof *s->qk);
  vet_buf_init(&s->qb, (size_t)QUERY_MAX_TOKENS * QK_N * QUERY_KEY_MAX);
  vet_strmap_init(&s->memo_map);
  vet_arena_init(&s->memo_words, 64 * 1024);
  s->memo_of = malloc(QUERY_MAX_TOKENS * sizeof *s->memo_of);
  if (!s->nz || !s->slot || !s->touched || !s->reached || !s->top || !s->top_acc || !s->qk || !s->memo_of)
    goto oom;
  return s;
oom:
  vet_fail(e, VET_ENOMEM, "out of memory creating a searcher");
  vet_searcher_free(s);
  return NULL;
}

void vet_searcher_free(struct vet_searcher *s)
{
  if (!s)
    return;
  vet_normalizer_free(s->nz);
  free(s->slot);
  free(s->touched);
  free(s->reached);
  free(s->top);
  free(s->top_acc);
  vet_buf_release(&s->kb);
  free(s->qk);
  vet_buf_release(&s->qb);
  vet_strmap_release(&s->memo_map);
  vet_arena_release(&s->memo_words);
  free(s->memo);
  free(s->typo_list);
  free(s->memo_of);
  free(s);
}

/* ---- hits, one per entity ---- */

struct hitset {
  struct vet_hit *v;
  uint32_t n, cap;
  struct vet_arena *a;
};

static struct vet_hit *hit_for(struct hitset *h, const struct vet_entity *en, bool *fresh)
{
  for (uint32_t i = 0; i < h->n; i++)
    if (h->v[i].entity == en) {
      *fresh = false;
      return &h->v[i];
    }
  if (h->n == h->cap) {
    uint32_t nc = h->cap ? h->cap * 2 : 16;
    struct vet_hit *nv = vet_arena_alloc(h->a, nc * sizeof *nv);
    if (!nv)
      return NULL;
    if (h->n)
      memcpy(nv, h->v, h->n * sizeof *nv);
    h->v = nv;
    h->cap = nc;
  }
  *fresh = true;
  struct vet_hit *x = &h->v[h->n++];
  memset(x, 0, sizeof *x);
  x->entity = en;
  return x;
}

static int cmp_hit(const void *a, const void *b)
{
  const struct vet_hit *x = a, *y = b;
  if (x->score != y->score)
    return x->score > y->score ? -1 : 1;
  if (x->entity->list != y->entity->list)
    return x->entity->list < y->entity->list ? -1 : 1;
  size_t m = VET_MIN(x->entity->id.len, y->entity->id.len);
  int c = memcmp(x->entity->id.ptr, y->entity->id.ptr, m);
  if (c)
    return c;
  return x->entity->id.len < y->entity->id.len ? -1 : (x->entity->id.len > y->entity->id.len);
}

/* ---- identifiers ---- */

static vet_err ident_hits(struct vet_searcher *s, const struct vet_query *q, struct hitset *hs)
{
  const struct vet_index *ix = s->ix;
  struct {
    vet_str v;
    enum vet_id_kind kinds[4];
    int nk;
  } qs[] = {
      {q->email, {VET_ID_EMAIL}, 1},
      {q->phone, {VET_ID_PHONE}, 1},
      {q->crypto, {VET_ID_CRYPTO}, 1},
      {q->domain, {VET_ID_WEBSITE, VET_ID_EMAIL}, 1},
      {q->document, {VET_ID_PASSPORT, VET_ID_NATIONAL_ID, VET_ID_TAX_ID, VET_ID_REGISTRATION}, 4},
  };
  for (size_t i = 0; i < VET_COUNTOF(qs); i++) {
    if (!qs[i].v.len)
      continue;
    for (int k = 0; k < qs[i].nk; k++) {
      enum vet_id_kind kind = qs[i].kinds[k];
      vet_str norm = vet_ident_normalize(hs->a, kind, qs[i].v);
      if (!norm.ptr)
        return VET_ENOMEM;
      if (!norm.len)
        continue;
      vet_str key = vet_ix_ident_key(&s->kb, kind, norm);
      if (!key.ptr)
        continue;
      uint32_t *kid = vet_strmap_get(&ix->ids, key);
      if (!kid)
        continue;
      for (uint32_t p = ix->id_off[*kid]; p < ix->id_off[*kid + 1]; p++) {
        const struct vet_entity *en = &ix->ls->entities[ix->id_ents[p]];
        if (q->list_mask && !(q->list_mask & (1ull << en->list)))
          continue;
        bool fresh;
        struct vet_hit *h = hit_for(hs, en, &fresh);
        if (!h)
          return VET_ENOMEM;
        if (!fresh && h->score >= 1.0 && h->ex.id_value.len)
          continue;
        h->score = 1.0;
        h->name = NULL;
        memset(&h->ex, 0, sizeof h->ex);
        h->ex.name_score = 1.0;
        h->ex.id_kind = kind;
        for (uint32_t d = 0; d < en->n_idents; d++)
          if (en->idents[d].kind == kind && vet_str_eq(en->idents[d].norm, norm))
            h->ex.id_value = en->idents[d].value;
      }
    }
  }
  return VET_OK;
}

/* ---- candidates ---- */

/* Prefetching (VET_PREFETCH): the posting lists, the touched list and the
 * candidates are read in order, and the per-name data they point at
 * (accumulators, names, tokens) is scattered over hundreds of megabytes on
 * a large index: asking for it this many entries ahead overlaps the cache
 * misses instead of waiting for each. */
#define PREFETCH_AHEAD 16 /* entries ahead: about a cache miss' latency of loop work */
#define SCORE_AHEAD 2           /* candidates ahead per hop while scoring (a candidate costs more) */
#define SCORE_PREFETCH_TOKENS 4 /* tokens of a candidate fetched ahead */
#define SCORE_PREFETCH_FIRST 16 /* candidates fetched before scoring starts */

/* The state touch() keeps in locals while it runs over one list (the
 * stores to touched[] and reached[] could otherwise alias the counters). */
struct touch_state {
  struct slot *slots;
  uint32_t *touched, *reached;
  uint32_t nt, nr;
  float bar;
  uint32_t mark, query;
};

/* Name id gets add for the token of t->mark, once per token. */
static inline void touch_one(struct touch_state *t, uint32_t id, float add)
{
  struct slot *sl = &t->slots[id];
  uint32_t stamp = sl->stamp;
  if (stamp == t->mark)
    return; /* this query token already counted for this name */
  float acc;
  bool was; /* had reached min_acc before */
  if ((stamp >> 8) != t->query) { /* first touch in this query */
    acc = 0;
    was = false;
    t->touched[t->nt++] = id;
  } else {
    acc = sl->acc;
    was = acc >= t->bar;
  }
  acc += add;
  sl->stamp = t->mark;
  sl->acc = acc;
  /* weights and key factors are >= 0 (monotone), so acc only grows:
   * a name crosses the bar once, and the candidates are read from this
   * list instead of from every touched name */
  if (!was && acc >= t->bar)
    t->reached[t->nr++] = id;
}

static void touch(struct vet_searcher *s, const uint32_t *post, uint32_t n, uint32_t mark, float add,
                  uint64_t list_mask)
{
  struct touch_state t = {s->slot, s->touched, s->reached, s->n_touched, s->n_reached, s->reach_bar, mark, mark >> 8};
  const struct ix_name *names = s->ix->names;
  uint32_t k = 0;
  if (list_mask) {
    for (; k < n; k++) {
      if (k + PREFETCH_AHEAD < n) {
        VET_PREFETCH_W(&t.slots[post[k + PREFETCH_AHEAD]]);
        VET_PREFETCH(&names[post[k + PREFETCH_AHEAD]]);
      }
      if (t.slots[post[k]].stamp != mark && (list_mask & (1ull << names[post[k]].list)))
        touch_one(&t, post[k], add);
    }
  } else {
    /* the entries PREFETCH_AHEAD from the end fetched ahead, then the rest */
    for (; k + PREFETCH_AHEAD < n; k++) {
      VET_PREFETCH_W(&t.slots[post[k + PREFETCH_AHEAD]]);
      touch_one(&t, post[k], add);
    }
    for (; k < n; k++)
      touch_one(&t, post[k], add);
  }
  s->n_touched = t.nt;
  s->n_reached = t.nr;
}

/* Checking a found name for a word costs about this many posting entries. */
#define VERIFY_COST 8

/* A posting list as the candidate code takes it. */
struct cursor {
  const uint32_t *p;
  uint32_t n, pos;
  float add;  /* what a name on it gets: the token's weight times the key's strength */
  double ub;  /* add, as a bound */
};

/* Typos are looked for in words of at most TYPO_MAX_LEN bytes: the text
 * as a deletion and two keys per deleted letter. */
#define TYPO_MAX_LEN IX_TYPO_MAX_LEN
#define TYPO_MAX_KEYS (1 + 2 * TYPO_MAX_LEN)
/* Text, Korean key, skeleton, and the typo keys. */
#define TOKEN_MAX_LISTS (3 + TYPO_MAX_KEYS)

/* The memo entry of a word (key: its memo key) with its own keys qk,
 * made when new; NO_MEMO when the memo is full or out of memory (which
 * only forgoes it).  A word met twice in one query has one entry. */
static uint32_t remember_word(struct vet_searcher *s, vet_str key, const struct qkeys *qk)
{
  uint32_t *had = vet_strmap_get(&s->memo_map, key);
  if (had)
    return *had;
  if (s->n_memo >= MEMO_WORDS)
    return NO_MEMO;
  vet_str copy = vet_arena_strdup(&s->memo_words, key);
  struct word_memo *w = copy.ptr ? vet_vec_push(&s->memo, &s->n_memo, &s->cap_memo, sizeof *w) : NULL;
  if (!w)
    return NO_MEMO;
  *w = (struct word_memo){*qk, 0, TYPO_UNKNOWN};
  if (!vet_strmap_put(&s->memo_map, copy, s->n_memo - 1, NULL)) {
    s->n_memo--;
    return NO_MEMO;
  }
  return s->n_memo - 1;
}

/* Every word's own keys into s->qk: from the searcher's memo, or built,
 * hashed and their first probes prefetched before any is looked up, so
 * that their cache misses overlap (then remembered).  The skeleton only
 * where token_lists may take it. */
static void lookup_keys(struct vet_searcher *s, const struct vet_name_norm *qn)
{
  const struct vet_index *ix = s->ix;
  uint32_t n = VET_MIN(qn->n, (uint32_t)QUERY_MAX_TOKENS);
  static const char kind[QK_N] = {KEY_TEXT, KEY_KOREAN, KEY_SKEL};
  struct {
    size_t off, len; /* in s->qb; len 0: not looked up */
    uint64_t h;
    bool id_only;    /* the skeleton's id for vcheck, not its list */
  } key[QUERY_MAX_TOKENS * QK_N];
  char mk[QUERY_MAX_TOKENS][sizeof(uint32_t) + MEMO_WORD_LEN]; /* the memo's key of each word */
  size_t mlen[QUERY_MAX_TOKENS];
  vet_buf_reset(&s->qb);
  for (uint32_t t = 0; t < n; t++) {
    const struct vet_token *tok = &qn->tok[t];
    mlen[t] = 0;
    s->memo_of[t] = NO_MEMO;
    if (tok->text.len <= MEMO_WORD_LEN) {
      uint32_t fl = tok->flags;
      memcpy(mk[t], &fl, sizeof fl);
      memcpy(mk[t] + sizeof fl, tok->text.ptr, tok->text.len);
      mlen[t] = sizeof fl + tok->text.len;
      uint32_t *hit = vet_strmap_get(&s->memo_map, (vet_str){mk[t], mlen[t]});
      if (hit) {
        s->memo_of[t] = *hit;
        s->qk[t] = s->memo[*hit].qk;
        for (int k = 0; k < QK_N; k++)
          key[t * QK_N + k].len = 0;
        mlen[t] = 0; /* nothing to remember */
        continue;
      }
    }
    bool kor = (tok->flags & VET_TOK_KOREAN) != 0;
    bool skel_ok = vet_ix_skel_compared(tok, &ix->cfg); /* vcheck compares it: its id is wanted */
    bool skel = skel_ok && !(tok->flags & VET_TOK_NUMBER) && !vet_str_eq(tok->skel, tok->text);
    const vet_str text[QK_N] = {tok->text, kor ? tok->kkey : VET_STR_NULL, skel_ok ? tok->skel : VET_STR_NULL};
    for (int k = 0; k < QK_N; k++) {
      s->qk[t].p[k] = NULL;
      s->qk[t].n[k] = 0;
      s->qk[t].id[k] = IX_NO_KEY;
      key[t * QK_N + k].len = 0;
      key[t * QK_N + k].id_only = k == QK_SKEL && !skel;
      if ((k && !text[k].ptr) || 1 + text[k].len > QUERY_KEY_MAX)
        continue;
      size_t at = s->qb.len;
      if (vet_buf_putc(&s->qb, kind[k]) || vet_buf_append(&s->qb, text[k])) {
        s->qb.len = at; /* out of memory: taken as absent, as a failed vet_ix_key is */
        continue;
      }
      key[t * QK_N + k].off = at;
      key[t * QK_N + k].len = 1 + text[k].len;
    }
  }
  /* the buffer no longer moves: hash and prefetch every key, then look them up */
  for (uint32_t i = 0; i < n * QK_N; i++)
    if (key[i].len) {
      key[i].h = vet_strmap_hash((vet_str){s->qb.ptr + key[i].off, key[i].len});
      vet_ix_prefetch(ix, key[i].h);
    }
  for (uint32_t i = 0; i < n * QK_N; i++)
    if (key[i].len) {
      struct qkeys *qk = &s->qk[i / QK_N];
      uint32_t k = i % QK_N, cnt;
      const uint32_t *p = vet_ix_lookup_hashed(ix, (vet_str){s->qb.ptr + key[i].off, key[i].len}, key[i].h, &cnt,
                                               &qk->id[k]);
      if (!key[i].id_only) { /* token_lists takes the skeleton's list only where the index posts it */
        qk->p[k] = p;
        qk->n[k] = cnt;
      }
    }
  for (uint32_t t = 0; t < n; t++)
    if (mlen[t])
      s->memo_of[t] = remember_word(s, (vet_str){mk[t], mlen[t]}, &s->qk[t]);
}

/* The length of word t's rarity key's posting list (vet_ix_weight_df). */
static inline uint32_t word_df(const struct vet_searcher *s, const struct vet_token *tok, uint32_t t)
{
  return s->qk[t].n[(tok->flags & VET_TOK_KOREAN) ? QK_KOREAN : QK_TEXT];
}

static void take(struct cursor *out, uint32_t *m, const uint32_t *p, uint32_t n, float add)
{
  if (n) /* an empty list touches nothing */
    out[(*m)++] = (struct cursor){p, n, 0, add, (double)add};
}

/* Remember the typo lists (n of them, from c) of memo entry w; out of
 * memory only forgoes it. */
static void remember_typos(struct vet_searcher *s, uint32_t w, const struct cursor *c, uint32_t n)
{
  uint32_t first = s->n_typo_list;
  for (uint32_t k = 0; k < n; k++) {
    struct typo_list *l = vet_vec_push(&s->typo_list, &s->n_typo_list, &s->cap_typo_list, sizeof *l);
    if (!l) {
      s->n_typo_list = first;
      return;
    }
    *l = (struct typo_list){c[k].p, c[k].n};
  }
  s->memo[w].typo_first = first;
  s->memo[w].n_typo = n;
}

/* The non-empty posting lists of every key of one query token that the
 * candidate code takes, in the order it takes them (a name on several
 * gets the first one's add), into out[TOKEN_MAX_LISTS]; returns how many. */
static uint32_t token_lists(struct vet_searcher *s, const struct vet_token *tok, uint32_t t, bool allow_long,
                            struct cursor *out)
{
  const struct vet_index *ix = s->ix;
  const struct qkeys *qk = &s->qk[t];
  uint32_t m = 0;
  const float factor[QK_N] = {1.0f, (float)ix->cfg.korean_sim, (float)ix->cfg.phonetic_sim};
  int nkeys = (tok->flags & VET_TOK_NUMBER) ? 1 : QK_N;
  bool known = false; /* the word is on the lists as written (or as its Korean key) */
  for (int k = 0; k < nkeys; k++) {
    if (k == QK_TEXT && (tok->flags & VET_TOK_KOREAN))
      continue; /* the Korean key's postings hold the exact spelling's too */
    if (k == QK_KOREAN && !(tok->flags & VET_TOK_KOREAN))
      continue;
    if (k == QK_SKEL && (allow_long || !qk->p[QK_SKEL]))
      continue; /* the second pass, for queries of common words only, takes exact spellings
                   (and lookup_keys took the skeleton only where it may be used) */
    uint32_t n = qk->n[k];
    const uint32_t *p = qk->p[k];
    if (k < QK_SKEL && n >= ix->cfg.typo_skip_df)
      known = true;
    if (n > (k == QK_TEXT ? ix->max_posting : ix->cfg.max_fuzzy_posting) && !allow_long)
      continue; /* a common spelling key finds only weak candidates */
    take(out, &m, p, n, tok->weight * factor[k]);
  }
  /* one typo: the query's deletions against list tokens, the query
   * against list deletions, and deletions against deletions.  A word the
   * lists hold often as written is not taken for a typo: its neighbours
   * one letter away are other names (the scorer still aligns them when
   * the other words bring them) */
  if (known || allow_long)
    return m;
  float f = (float)ix->cfg.min_token_sim;
  if (tok->text.len > TYPO_MAX_LEN || (tok->flags & VET_TOK_NUMBER))
    return m;
  uint32_t w = s->memo_of[t];
  if (w != NO_MEMO && s->memo[w].n_typo != TYPO_UNKNOWN) {
    for (uint32_t k = s->memo[w].typo_first, end = k + s->memo[w].n_typo; k < end; k++)
      take(out, &m, s->typo_list[k].p, s->typo_list[k].n, tok->weight * f); /* none: typo_list may be NULL */
    return m;
  }
  /* every typo key is built and its first probe prefetched before any is
   * looked up: most miss, and their cache misses overlap */
  char buf[TYPO_MAX_KEYS * (TYPO_MAX_LEN + 1)];
  vet_str tk[TYPO_MAX_KEYS];
  uint64_t hs[TYPO_MAX_KEYS];
  uint32_t nk = 0;
  size_t used = 0;
  if (tok->text.len + 1 >= ix->cfg.typo_min_len) { /* "isim" finds "ilsim" */
    buf[used] = KEY_DEL;
    memcpy(buf + used + 1, tok->text.ptr, tok->text.len);
    tk[nk++] = (vet_str){buf + used, tok->text.len + 1};
    used += tok->text.len + 1;
  }
  if (tok->text.len >= ix->cfg.typo_min_len) {
    size_t dl = tok->text.len - 1;
    for (size_t i = 0; i < tok->text.len; i++) {
      if (i > 0 && tok->text.ptr[i] == tok->text.ptr[i - 1])
        continue; /* deleting either of a doubled letter gives the same key */
      for (int kind = 0; kind < 2; kind++) { /* the deletion as a list word, then as a list deletion */
        char *k = buf + used;
        k[0] = kind ? KEY_DEL : KEY_TEXT;
        memcpy(k + 1, tok->text.ptr, i);
        memcpy(k + 1 + i, tok->text.ptr + i + 1, dl - i);
        tk[nk++] = (vet_str){k, dl + 1};
        used += dl + 1;
      }
    }
  }
  for (uint32_t k = 0; k < nk; k++) {
    hs[k] = vet_strmap_hash(tk[k]);
    vet_ix_prefetch(ix, hs[k]);
  }
  uint32_t m0 = m;
  for (uint32_t k = 0; k < nk; k++) {
    uint32_t n;
    const uint32_t *p = vet_ix_postings_hashed(ix, tk[k], hs[k], &n);
    if (n <= ix->cfg.max_fuzzy_posting)
      take(out, &m, p, n, tok->weight * f);
  }
  if (w != NO_MEMO)
    remember_typos(s, w, out + m0, m - m0);
  return m;
}

/* Postings of every key of one query token (query token t) into the
 * accumulators. */
static void gather_token(struct vet_searcher *s, const struct vet_token *tok, uint32_t t, uint64_t list_mask,
                         bool allow_long)
{
  struct cursor lists[TOKEN_MAX_LISTS];
  uint32_t m = token_lists(s, tok, t, allow_long, lists);
  uint32_t mark = (s->serial << 8) | (t + 1);
  for (uint32_t i = 0; i < m; i++)
    touch(s, lists[i].p, lists[i].n, mark, lists[i].add, list_mask);
}

/* A query token prepared for checking names against it. */
struct vcheck {
  uint32_t tid, kid, sid; /* its keys' ids (lookup_keys), IX_NO_KEY where no test applies */
  bool kor, skel_ok;
  uint64_t sig;           /* bits a name must share to hold it (index_int.h) */
};

/* Query word t (tok) prepared: a test whose key the index lacks holds for
 * no name and is left out. */
static void vcheck_init(const struct vet_searcher *s, const struct vet_token *tok, uint32_t t, struct vcheck *v)
{
  const struct qkeys *qk = &s->qk[t];
  v->kor = (tok->flags & VET_TOK_KOREAN) != 0;
  v->skel_ok = vet_ix_skel_compared(tok, &s->ix->cfg);
  v->tid = qk->id[QK_TEXT];
  v->kid = v->kor ? qk->id[QK_KOREAN] : IX_NO_KEY;
  v->sid = v->skel_ok ? qk->id[QK_SKEL] : IX_NO_KEY;
  /* each test below needs its key's bit in the name's signature */
  v->sig = (v->tid != IX_NO_KEY ? vet_ix_sig_text(v->tid) : 0) | (v->kid != IX_NO_KEY ? vet_ix_sig_kkey(v->kid) : 0) |
           (v->sid != IX_NO_KEY ? vet_ix_sig_skel(v->sid) : 0);
}

/* How well name id holds the token: 1 as written, korean_sim by its
 * Korean key, phonetic_sim by its skeleton, else 0.  Words are compared
 * by their keys' ids (struct ix_tokkey), exact and without reading the
 * strings elsewhere in memory.  A name token's ids are never IX_NO_KEY
 * for its text, nor for its Korean key when it is Korean; its skeleton's
 * id is IX_NO_KEY unless it is long enough, so v->sid is tested too. */
static double vcheck_name(const struct vet_index *ix, const struct vcheck *v, uint32_t id)
{
  const struct ix_name *xn = &ix->names[id];
  if (!(xn->sig & v->sig))
    return 0; /* no token of the name can pass any test below */
  const struct ix_tokkey *tk = ix->tokkeys + xn->tok_off;
  double best = 0;
  for (uint32_t k = 0; k < xn->n_tok && best < 1.0; k++) {
    if (tk[k].text_id == v->tid)
      best = 1.0;
    else if (v->kor && (tk[k].flags & VET_TOK_KOREAN) && tk[k].kkey_id == v->kid)
      best = VET_MAX(best, ix->cfg.korean_sim);
    else if (v->sid != IX_NO_KEY && tk[k].skel_id == v->sid)
      best = VET_MAX(best, ix->cfg.phonetic_sim);
  }
  return best;
}

/* A query token that can no longer make a new name a candidate only adds
 * to names already found: checked against their tokens, not through its
 * (long) posting lists. */
static void verify_token(struct vet_searcher *s, const struct vet_token *tok, uint32_t t)
{
  const struct vet_index *ix = s->ix;
  struct vcheck v;
  vcheck_init(s, tok, t, &v);
  for (uint32_t i = 0; i < s->n_touched; i++) {
    uint32_t id = s->touched[i];
    /* two hops ahead: the name record, then (once it has arrived) its tokens */
    if (i + 2 * PREFETCH_AHEAD < s->n_touched)
      VET_PREFETCH(&ix->names[s->touched[i + 2 * PREFETCH_AHEAD]]);
    if (i + PREFETCH_AHEAD < s->n_touched) {
      uint32_t ahead = s->touched[i + PREFETCH_AHEAD];
      const struct ix_name *an = &ix->names[ahead];
      if (an->sig & v.sig) /* only names that may hold the token are read further */
        VET_PREFETCH(ix->tokkeys + an->tok_off);
      VET_PREFETCH_W(&s->slot[ahead]);
    }
    double best = vcheck_name(ix, &v, id);
    struct slot *sl = &s->slot[id];
    bool was = sl->acc >= s->reach_bar;
    sl->acc += (float)(tok->weight * best);
    if (!was && sl->acc >= s->reach_bar)
      s->reached[s->n_reached++] = id;
  }
}

/* ---- walking the sorted posting lists ----
 *
 * A query made only of common words ("gaiho dyachou", "gaiho beiha
 * trading") finds nothing in the first pass and takes every word's long
 * posting list in the second; a query with a word of middling frequency
 * ("gaiho rozam") takes tens of thousands of postings in the first.
 * Scattering them into the per-name accumulators costs a cache miss per
 * posting.  Posting lists are sorted by name id (index.c builds them so),
 * so gather() may walk them side by side instead:
 *
 * 1. The plan.  The scattering code takes the words rarest first and
 *    either gathers a word's lists or verifies it against the names found
 *    so far; the choice depends on how many names were found.  That count
 *    lies between the longest list gathered so far and their total
 *    length, which usually settles it; when it does not, gather()
 *    scatters the steps planned so far (replay) and goes on scattering:
 *    the results are the same either way.  A word's lists are those
 *    gather_token takes (token_lists), in its order: a name on several
 *    gets the first one's add, as the scattering code's stamps make it.
 * 2. Bounds.  A name's sum is at most, per gathered word, the largest add
 *    of that word's lists it is on, plus every verified word's weight
 *    (exact_bound).  Names are taken in increasing id order, every name
 *    below the walk's frontier settled, in one of two ways (choose):
 *    - a list is required when the names off it cannot reach the bar:
 *      then every candidate is on the shortest required list, which
 *      drives (merged with the next shortest), and the other lists are
 *      probed by galloping search;
 *    - otherwise MaxScore: lists ranked by add (longest first among equal
 *      adds), the longest prefix that cannot reach the bar on its own is
 *      only probed, for names found on the other lists, and only while
 *      the name's bound still reaches the bar.
 * 3. Exact sums.  A name that passes the bounds gets its sum computed
 *    exactly as the scattering code would: the same float additions in
 *    the same order (the plan's), verified words through the same check.
 * 4. The bar.  min_acc, and once max_candidates names are held, above the
 *    weakest of them: names come in increasing id order and at equal
 *    sums the lower id ranks first, so a later name must beat it
 *    strictly.  The bar only rises: lists turn required or probed-only
 *    as it does (the way is chosen again), and the walk ends when no
 *    name left can beat it.
 * So the candidates, their order and their count are exactly those of
 * the scattering code, with a few sequential passes over the lists'
 * beginnings instead of a cache miss per posting. */

#define MERGE_MAX_LISTS 32 /* more gathered lists than this: scatter (the membership mask is 32 bits) */
/* Relative slack on the bounds summed in double: a float sum of at most
 * 255 terms rounds away from the exact sum by far less than this.  Within
 * the slack the bound is summed again exactly as the name's own sum would
 * be (same float additions, same order): float addition is monotone, so
 * that sum over more terms is a true upper bound, and ties (every name
 * holding the same words has the same sum) are decided exactly. */
#define BOUND_SLACK 1e-4
/* Up to this many lists the exact bound of every membership mask is
 * tabled once per query (2^bits sums of a few terms). */
#define BOUND_TABLE_BITS 6
/* Names whose sums need their tokens checked (verified words) are taken
 * this many at a time, their records fetched ahead as in verify_token. */
#define WALK_BATCH 16
/* Verified words checked on their posting lists instead (at most this many
 * per query; the others through the names' tokens). */
#define WALK_MAX_PROBES 8
/* The first pass walks when scattering would cost at least this much:
 * its lists' postings, once more per verified word (each verifies every
 * name found).  Measured on the 1M-entity benchmark, scattering is faster
 * below (the walk merges every list of the words' keys), the walk from
 * here up (it stops early, and reads memory in order).  The second pass
 * always walks. */
#define WALK_MIN_WORK 16384

/* Move c to its first entry >= x: galloping, then binary search. */
static void seek_far(struct cursor *c, uint32_t x)
{
  size_t lo = c->pos, hi, step = 1;
  hi = lo + 1; /* invariant: p[lo] < x */
  while (hi < c->n && c->p[hi] < x) {
    lo = hi;
    step *= 2;
    hi = lo + step;
  }
  if (hi > c->n)
    hi = c->n; /* now p[lo] < x <= p[hi] (or hi == n) */
  while (lo + 1 < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (c->p[mid] < x)
      lo = mid;
    else
      hi = mid;
  }
  c->pos = (uint32_t)hi;
}

static inline void seek(struct cursor *c, uint32_t x)
{
  if (c->pos < c->n && c->p[c->pos] < x)
    seek_far(c, x);
}

/* Lists of lengths within this ratio are intersected by a merge (no
 * branch to mispredict), longer ones against shorter by galloping. */
#define MERGE_RATIO 16

/* The first id >= from on both a and b (both cursors left on it), or
 * UINT32_MAX when one runs out. */
static uint32_t next_common(struct cursor *a, struct cursor *b, uint32_t from)
{
  seek(a, from);
  seek(b, from);
  if ((uint64_t)(b->n - b->pos) > (uint64_t)MERGE_RATIO * (a->n - a->pos)) {
    while (a->pos < a->n) { /* a much shorter: probe b for each of a's */
      uint32_t x = a->p[a->pos];
      seek(b, x);
      if (b->pos >= b->n)
        return UINT32_MAX;
      if (b->p[b->pos] == x)
        return x;
      seek(a, b->p[b->pos]);
    }
    return UINT32_MAX;
  }
  if ((uint64_t)(a->n - a->pos) > (uint64_t)MERGE_RATIO * (b->n - b->pos))
    return next_common(b, a, from);
  const uint32_t *pa = a->p, *pb = b->p;
  uint32_t i = a->pos, j = b->pos, na = a->n, nb = b->n;
  uint32_t x = UINT32_MAX;
  while (i < na && j < nb) {
    uint32_t u = pa[i], v = pb[j];
    if (u == v) {
      x = u;
      break;
    }
    i += u < v;
    j += v < u;
  }
  a->pos = i;
  b->pos = j;
  return x;
}

struct plan_step {
  bool verify;
  uint8_t c0, c1; /* gathered: its lists are cursors c0 .. c1-1, in the order taken */
  uint8_t probe;  /* verified through walk.probe[probe - 1]; 0: through vcheck_name */
  uint32_t tok;   /* query token */
};

struct walk {
  struct cursor cur[MERGE_MAX_LISTS];
  uint32_t m;                      /* cursors */
  uint32_t rank[MERGE_MAX_LISTS];  /* cursors by add ascending, longest first among equals */
  double prefix[MERGE_MAX_LISTS + 1]; /* prefix[j]: adds of rank[0 .. j) */
  uint32_t pmask[MERGE_MAX_LISTS + 1]; /* pmask[j]: bits of rank[0 .. j) */
  double vsum;                     /* weights of the verified words */
  uint32_t ne;                     /* rank[0 .. ne) are non-essential */
  const struct plan_step *plan;
  uint32_t n;                      /* plan steps */
  const struct vet_name_norm *qn;
  const struct vcheck *vc;         /* per plan step, for verified words */
  float min_acc, bar;              /* the bar: >= min_acc, and > bar once full */
  bool full;
  bool table;                      /* bound[] holds exact_bound of every mask */
  float bound[1u << BOUND_TABLE_BITS];
  uint32_t nt;                     /* candidates held in s->top */
  /* the way chosen for the bar below (choose) */
  float chosen_bar;
  bool chosen_full;
  int driver;                      /* the shortest required list, or -1: MaxScore */
  uint32_t req[MERGE_MAX_LISTS], n_req; /* required lists, shortest first */
  uint32_t opt[MERGE_MAX_LISTS], n_opt; /* the others, largest add first */
  uint32_t opt_mask[MERGE_MAX_LISTS + 1]; /* opt_mask[j]: bits of opt[j ..] */
  double opt_ub[MERGE_MAX_LISTS + 1];     /* opt_ub[j]: their adds */
  /* verified words checked on their own lists: [0] its text's, [1] its
   * Korean key's (Korean words; else empty) */
  struct cursor probe[WALK_MAX_PROBES][2];
  uint32_t n_probe;
  bool batch;                      /* some verified word needs vcheck_name */
};

/* How well name x holds a verified word without a skeleton test
 * (vcheck.skel_ok false): 1 when on its text's list (a word with that
 * text), else korean_sim when on its Korean key's list (a Korean word with
 * that key), else 0, as vcheck_name answers.  Names come in increasing id
 * order, so the lists are read forward. */
static double probe_best(const struct vet_index *ix, struct cursor *pc, uint32_t x)
{
  seek(&pc[0], x);
  if (pc[0].pos < pc[0].n && pc[0].p[pc[0].pos] == x)
    return 1.0;
  seek(&pc[1], x);
  if (pc[1].pos < pc[1].n && pc[1].p[pc[1].pos] == x)
    return ix->cfg.korean_sim;
  return 0;
}

/* The float sum a name on the lists of mask would at most get: per
 * gathered word the largest add of its lists in the mask, every verified
 * word's weight, in plan order. */
static float exact_bound(const struct walk *w, uint32_t lists)
{
  float acc = 0;
  for (uint32_t k = 0; k < w->n; k++) {
    const struct plan_step *st = &w->plan[k];
    if (st->verify) {
      acc += w->qn->tok[st->tok].weight; /* (float)(weight * 1.0): the most a check adds */
      continue;
    }
    bool any = false;
    float best = 0;
    for (uint32_t c = st->c0; c < st->c1; c++)
      if (lists >> c & 1) {
        best = any ? VET_MAX(best, w->cur[c].add) : w->cur[c].add;
        any = true;
      }
    if (any)
      acc += best;
  }
  return acc;
}

/* Can a name on the lists of mask, whose sum is at most ub (in double),
 * still become a candidate? */
static bool can_pass(const struct walk *w, uint32_t lists, double ub)
{
  if (w->table) {
    float f = w->bound[lists];
    return f >= w->min_acc && (!w->full || f > w->bar);
  }
  double hi = ub * (1 + BOUND_SLACK), lo = ub * (1 - BOUND_SLACK);
  if (hi < (double)w->min_acc || (w->full && hi <= (double)w->bar))
    return false;
  if (lo >= (double)w->min_acc && (!w->full || lo > (double)w->bar))
    return true;
  float f = exact_bound(w, lists);
  return f >= w->min_acc && (!w->full || f > w->bar);
}

/* Name x, held by the lists of mem: its exact sum, in the plan's order,
 * and into the candidates if it beats the bar. */
static void offer(struct vet_searcher *s, struct walk *w, uint32_t x, uint32_t mem)
{
  float acc = 0;
  bool found = false;
  for (uint32_t k = 0; k < w->n; k++) {
    const struct plan_step *st = &w->plan[k];
    if (!st->verify) {
      for (uint32_t c = st->c0; c < st->c1; c++)
        if (mem >> c & 1) { /* the first of the word's lists that holds x */
          acc += w->cur[c].add;
          found = true;
          break;
        }
    } else if (found) { /* a check adds only to names found before it */
      double best = st->probe ? probe_best(s->ix, w->probe[st->probe - 1], x) : vcheck_name(s->ix, &w->vc[k], x);
      acc += (float)(w->qn->tok[st->tok].weight * best);
    }
  }
  if (acc < w->min_acc || (w->full && !(acc > w->bar)))
    return;
  /* after every held name with a sum >= acc: they have lower ids */
  uint32_t kmax = s->ix->cfg.max_candidates;
  uint32_t pos = w->nt < kmax ? w->nt++ : kmax - 1;
  while (pos > 0 && s->top_acc[pos - 1] < acc) {
    s->top[pos] = s->top[pos - 1];
    s->top_acc[pos] = s->top_acc[pos - 1];
    pos--;
  }
  s->top[pos] = x;
  s->top_acc[pos] = acc;
  if (w->nt == kmax) {
    w->full = true;
    w->bar = s->top_acc[kmax - 1];
  }
}

/* Offer a batch of names in id order, their records fetched first. */
static void offer_batch(struct vet_searcher *s, struct walk *w, const uint32_t *xs, const uint32_t *mems, uint32_t nb)
{
  const struct vet_index *ix = s->ix;
  for (uint32_t i = 0; i < nb; i++)
    VET_PREFETCH(&ix->names[xs[i]]);
  for (uint32_t i = 0; i < nb; i++) {
    const struct ix_name *xn = &ix->names[xs[i]];
    VET_PREFETCH(ix->tokkeys + xn->tok_off);
    VET_PREFETCH(ix->tokens + xn->tok_off);
  }
  for (uint32_t i = 0; i < nb; i++)
    offer(s, w, xs[i], mems[i]);
}

/* Choose how to walk for the current bar.  A list is required when the
 * names off it cannot pass: then every candidate is on the shortest
 * required list, which drives, and the others are probed (the required
 * ones first, shortest first: most names fail there).  Otherwise
 * MaxScore: the lists ranked by add, the longest prefix that cannot pass
 * alone is probed, the rest drive together.  Returns false when no name
 * can pass any more. */
static bool choose(struct walk *w)
{
  uint32_t all = w->m >= 32 ? UINT32_MAX : (1u << w->m) - 1;
  double total = w->vsum;
  for (uint32_t i = 0; i < w->m; i++)
    total += w->cur[i].ub;
  w->chosen_bar = w->bar;
  w->chosen_full = w->full;
  if (!can_pass(w, all, total))
    return false;
  w->driver = -1;
  w->n_req = 0;
  for (uint32_t i = 0; i < w->m; i++)
    if (!can_pass(w, all & ~(1u << i), total - w->cur[i].ub))
      w->req[w->n_req++] = i;
  if (w->n_req) {
    /* required lists by length; the shortest drives */
    for (uint32_t a = 1; a < w->n_req; a++)
      for (uint32_t b = a; b > 0 && w->cur[w->req[b - 1]].n > w->cur[w->req[b]].n; b--) {
        uint32_t t = w->req[b];
        w->req[b] = w->req[b - 1];
        w->req[b - 1] = t;
      }
    w->driver = (int)w->req[0];
    uint32_t reqmask = 0;
    for (uint32_t a = 0; a < w->n_req; a++)
      reqmask |= 1u << w->req[a];
    /* the optional lists, largest add first, with what is left after each */
    w->n_opt = 0;
    for (uint32_t j = w->m; j-- > 0;)
      if (!(reqmask >> w->rank[j] & 1))
        w->opt[w->n_opt++] = w->rank[j];
    w->opt_mask[w->n_opt] = 0;
    w->opt_ub[w->n_opt] = 0;
    for (uint32_t j = w->n_opt; j-- > 0;) {
      w->opt_mask[j] = w->opt_mask[j + 1] | 1u << w->opt[j];
      w->opt_ub[j] = w->opt_ub[j + 1] + w->cur[w->opt[j]].ub;
    }
    return true;
  }
  w->ne = 0;
  while (w->ne < w->m && !can_pass(w, w->pmask[w->ne + 1], w->prefix[w->ne + 1] + w->vsum))
    w->ne++;
  return w->ne < w->m;
}

/* Walk the lists in name id order: every name that can pass, offered
 * once, in increasing id order. */
static void walk(struct vet_searcher *s, struct walk *w)
{
  /* rank the lists: smallest add first, longest first among equal adds */
  for (uint32_t i = 0; i < w->m; i++) {
    uint32_t j = i;
    for (; j > 0; j--) {
      const struct cursor *a = &w->cur[w->rank[j - 1]], *b = &w->cur[i];
      if (a->ub < b->ub || (a->ub == b->ub && a->n >= b->n))
        break;
      w->rank[j] = w->rank[j - 1];
    }
    w->rank[j] = i;
  }
  w->prefix[0] = 0;
  w->pmask[0] = 0;
  for (uint32_t j = 0; j < w->m; j++) {
    w->prefix[j + 1] = w->prefix[j] + w->cur[w->rank[j]].ub;
    w->pmask[j + 1] = w->pmask[j] | 1u << w->rank[j];
  }
  w->full = false;
  w->bar = 0;
  w->nt = 0;
  w->table = w->m <= BOUND_TABLE_BITS;
  for (uint32_t mask = 0; w->table && mask < (1u << w->m); mask++)
    w->bound[mask] = exact_bound(w, mask);
  bool batch = w->batch; /* sums need the names' tokens */
  uint32_t pend[WALK_BATCH], pend_mem[WALK_BATCH], np = 0;
  uint32_t next = 0; /* every name below it is done */
  bool live = choose(w);
  while (live) {
    uint32_t x, mem;
    double ub;
    bool pass = true;
    if (w->driver >= 0) {
      struct cursor *d = &w->cur[w->driver];
      uint32_t a = 1;
      if (w->n_req >= 2) { /* the two shortest required lists together */
        struct cursor *d2 = &w->cur[w->req[1]];
        x = next_common(d, d2, next);
        if (x == UINT32_MAX)
          break;
        mem = 1u << w->driver | 1u << w->req[1];
        ub = w->vsum + d->ub + d2->ub;
        a = 2;
      } else {
        seek(d, next);
        if (d->pos >= d->n)
          break;
        x = d->p[d->pos];
        mem = 1u << w->driver;
        ub = w->vsum + d->ub;
      }
      bool over = false; /* a required list ran out */
      for (; a < w->n_req && pass; a++) {
        struct cursor *c = &w->cur[w->req[a]];
        seek(c, x);
        if (c->pos >= c->n) {
          over = true;
          pass = false;
        } else if (c->p[c->pos] != x) {
          pass = false;
          next = c->p[c->pos]; /* no name below it holds this list */
        } else {
          mem |= 1u << w->req[a];
          ub += c->ub;
        }
      }
      if (over)
        break;
      if (!pass)
        continue;
      for (uint32_t j = 0; j < w->n_opt; j++) {
        if (!can_pass(w, mem | w->opt_mask[j], ub + w->opt_ub[j])) {
          pass = false;
          break;
        }
        struct cursor *c = &w->cur[w->opt[j]];
        seek(c, x);
        if (c->pos < c->n && c->p[c->pos] == x) {
          mem |= 1u << w->opt[j];
          ub += c->ub;
        }
      }
    } else {
      /* the next name: the smallest id at the head of a driving list */
      x = UINT32_MAX;
      for (uint32_t j = w->ne; j < w->m; j++) {
        struct cursor *c = &w->cur[w->rank[j]];
        seek(c, next);
        if (c->pos < c->n && c->p[c->pos] < x)
          x = c->p[c->pos];
      }
      if (x == UINT32_MAX)
        break;
      mem = 0;
      ub = w->vsum;
      for (uint32_t j = w->ne; j < w->m; j++) {
        const struct cursor *c = &w->cur[w->rank[j]];
        if (c->pos < c->n && c->p[c->pos] == x) {
          mem |= 1u << w->rank[j];
          ub += c->ub;
        }
      }
      /* the probed lists, largest add first, while the bound holds */
      for (uint32_t j = w->ne; j-- > 0;) {
        if (!can_pass(w, mem | w->pmask[j + 1], ub + w->prefix[j + 1])) {
          pass = false;
          break;
        }
        struct cursor *c = &w->cur[w->rank[j]];
        seek(c, x);
        if (c->pos < c->n && c->p[c->pos] == x) {
          mem |= 1u << w->rank[j];
          ub += c->ub;
        }
      }
    }
    next = x + 1;
    if (!pass || !can_pass(w, mem, ub))
      continue;
    if (!batch) {
      offer(s, w, x, mem);
    } else {
      /* the bar may rise within a batch: offer() checks against the latest */
      pend[np] = x;
      pend_mem[np++] = mem;
      if (np == WALK_BATCH) {
        offer_batch(s, w, pend, pend_mem, np);
        np = 0;
      }
    }
    if (w->full != w->chosen_full || w->bar != w->chosen_bar)
      live = choose(w);
  }
  offer_batch(s, w, pend, pend_mem, np);
}

/* Plan gather()'s steps for its walk: per step, gather a word's lists or
 * verify the word, decided as gather()'s loop decides, from the bounds on
 * the count of names found.  Returns the number of steps planned: n, or
 * fewer when the next choice needs the exact count or the lists would
 * outnumber MERGE_MAX_LISTS (gather() scatters from there).  *remaining
 * drops by each planned word's weight, as in gather()'s loop; *work: what
 * scattering the plan would cost (WALK_MIN_WORK). */
static uint32_t plan_steps(struct vet_searcher *s, const struct vet_name_norm *qn, const uint32_t *order,
                           const uint32_t *df, uint32_t n, float *remaining, float min_acc, bool allow_long,
                           struct walk *w, struct plan_step *plan, struct vcheck *vc, uint64_t *work)
{
  w->m = 0;
  w->vsum = 0;
  w->n_probe = 0;
  w->batch = false;
  uint64_t lo = 0, hi = 0; /* the count of names found is within [lo, hi] */
  uint64_t verified = 0;
  for (uint32_t k = 0; k < n; k++) {
    uint32_t t = order[k];
    const struct vet_token *tok = &qn->tok[t];
    bool v;
    if (hi == 0 || !(*remaining < min_acc * 0.999f) || lo * VERIFY_COST > df[t])
      v = false;
    else if (hi * VERIFY_COST <= df[t])
      v = true;
    else
      return k; /* the count decides, and only scattering knows it */
    plan[k] = (struct plan_step){v, (uint8_t)w->m, (uint8_t)w->m, 0, t};
    if (v) {
      vcheck_init(s, tok, t, &vc[k]);
      w->vsum += tok->weight;
      verified++;
      if (!vc[k].skel_ok && w->n_probe < WALK_MAX_PROBES) {
        struct cursor *pc = w->probe[w->n_probe++];
        const struct qkeys *qk = &s->qk[t];
        pc[0] = (struct cursor){qk->p[QK_TEXT], qk->n[QK_TEXT], 0, 0, 0};
        pc[1] = vc[k].kor ? (struct cursor){qk->p[QK_KOREAN], qk->n[QK_KOREAN], 0, 0, 0}
                          : (struct cursor){NULL, 0, 0, 0, 0};
        plan[k].probe = (uint8_t)w->n_probe;
      } else {
        w->batch = true;
      }
    } else {
      struct cursor lists[TOKEN_MAX_LISTS];
      uint32_t m = token_lists(s, tok, t, allow_long, lists);
      if (w->m + m > MERGE_MAX_LISTS)
        return k;
      for (uint32_t i = 0; i < m; i++) {
        w->cur[w->m++] = lists[i];
        lo = VET_MAX(lo, (uint64_t)lists[i].n);
        hi += lists[i].n;
      }
      plan[k].c1 = (uint8_t)w->m;
    }
    *remaining -= tok->weight;
  }
  *work = hi * (1 + verified);
  return n;
}

/* Scatter planned steps 0 .. k-1 as gather()'s loop would have. */
static void replay(struct vet_searcher *s, const struct vet_name_norm *qn, const struct walk *w,
                   const struct plan_step *plan, uint32_t k)
{
  for (uint32_t i = 0; i < k; i++) {
    uint32_t t = plan[i].tok;
    if (plan[i].verify) {
      verify_token(s, &qn->tok[t], t);
      continue;
    }
    uint32_t mark = (s->serial << 8) | (t + 1);
    for (uint32_t c = plan[i].c0; c < plan[i].c1; c++)
      touch(s, w->cur[c].p, w->cur[c].n, mark, w->cur[c].add, 0);
  }
}

/* Rarest tokens first (MaxScore): once the weight of the tokens still to
 * come cannot lift a name nobody has found to min_acc, the rest only
 * verify the names already found.  Returns true when the candidates are
 * already chosen (in s->top, *n_top of them). */
static bool gather(struct vet_searcher *s, const struct vet_name_norm *qn, uint64_t list_mask, bool allow_long,
                   float min_acc, uint32_t *n_top)
{
  const struct vet_index *ix = s->ix;
  uint32_t order[255], df[255];
  uint32_t n = VET_MIN(qn->n, 255u);
  float remaining = 0, reach = 0;
  for (uint32_t t = 0; t < n; t++) {
    const struct vet_token *tok = &qn->tok[t];
    df[t] = word_df(s, tok, t);
    order[t] = t;
    remaining += tok->weight;
    if (df[t])
      reach += tok->weight;
    /* insertion sort by document frequency, ties in query order */
    for (uint32_t k = t; k > 0 && df[order[k - 1]] > df[order[k]]; k--) {
      uint32_t x = order[k];
      order[k] = order[k - 1];
      order[k - 1] = x;
    }
  }
  /* The second pass takes each word's spelling key only, and a word no
   * list name holds adds nothing: when the words that are held cannot
   * bring any name to min_acc, it would only touch names for nothing
   * ("beiah gaiho": a typo of a rare word beside a very common one). */
  if (allow_long && reach < min_acc * 0.999f)
    return false;
  /* Plan first, and walk the sorted lists when the plan settles and they
   * are long (always in the second pass); else scatter.  A list
   * restriction would need every name's list: scatter then. */
  uint32_t k = 0;
  if (!list_mask && s->monotone && ix->cfg.max_candidates) {
    struct walk w;
    struct plan_step plan[255];
    struct vcheck vc[255];
    uint64_t work = 0;
    k = plan_steps(s, qn, order, df, n, &remaining, min_acc, allow_long, &w, plan, vc, &work);
    if (k == n && (allow_long || work >= WALK_MIN_WORK)) {
      w.plan = plan;
      w.n = n;
      w.qn = qn;
      w.vc = vc;
      w.min_acc = min_acc;
      walk(s, &w);
      *n_top = w.nt;
      return true;
    }
    replay(s, qn, &w, plan, k);
  }
  for (; k < n; k++) {
    uint32_t t = order[k];
    const struct vet_token *tok = &qn->tok[t];
    /* verifying costs the names found so far, gathering the word's
     * postings: take the cheaper */
    if (s->n_touched && remaining < min_acc * 0.999f && (size_t)s->n_touched * VERIFY_COST <= df[t])
      verify_token(s, tok, t);
    else
      gather_token(s, tok, t, list_mask, allow_long);
    remaining -= tok->weight;
  }
  return false;
}

/* The k best of the names that reached min_acc into s->top: highest sum
 * first, lower name id first at equal sums. */
static uint32_t select_top(struct vet_searcher *s, float min_acc, uint32_t k)
{
  uint32_t *out = s->top;
  float *oa = s->top_acc;
  uint32_t n = 0;
  if (!k)
    return 0;
  const uint32_t *ids = s->monotone ? s->reached : s->touched;
  uint32_t n_ids = s->monotone ? s->n_reached : s->n_touched;
  for (uint32_t i = 0; i < n_ids; i++) {
    uint32_t id = ids[i];
    float v = s->slot[id].acc;
    if (v < min_acc)
      continue;
    if (n == k && (v < oa[n - 1] || (v == oa[n - 1] && id > out[n - 1])))
      continue;
    uint32_t pos = n < k ? n++ : k - 1;
    while (pos > 0 && (oa[pos - 1] < v || (oa[pos - 1] == v && out[pos - 1] > id))) {
      out[pos] = out[pos - 1];
      oa[pos] = oa[pos - 1];
      pos--;
    }
    out[pos] = id;
    oa[pos] = v;
  }
  return n;
}

/* ---- qualifiers ---- */

static void set_vals(struct vet_explain *ex, const char *qv, const char *lv)
{
  if (!ex->n_adj)
    return;
  struct vet_adjust *a = &ex->adj[ex->n_adj - 1];
  vet_cstr_copy(a->query, sizeof a->query, qv);
  vet_cstr_copy(a->list, sizeof a->list, lv);
}

/* The qualifier's step recorded in ex (NULL: only the score is wanted). */
static double apply(struct vet_explain *ex, const char *name, const char *result, double before, double after,
                    const char *qv, const char *lv)
{
  if (ex && ex->n_adj < VET_COUNTOF(ex->adj)) {
    struct vet_adjust *a = &ex->adj[ex->n_adj++];
    memset(a, 0, sizeof *a);
    a->name = name;
    a->result = result;
    a->before = before;
    a->after = after;
    set_vals(ex, qv, lv);
  }
  return after;
}

/* The name score s after the qualifiers, each step recorded in ex; ex
 * NULL: the score alone, the values shown not formatted. */
static double qualify(const struct vet_match_config *cfg, const struct vet_query *q, const struct vet_entity *en,
                      const struct vet_name *nm, double s, struct vet_explain *ex)
{
  if (nm && nm->kind == VET_NAME_WEAK_ALIAS)
    s = apply(ex, "weak_alias", "matched a weak alias", s, s * cfg->weak_alias_factor, "", "");
  if (q->schema != VET_SCHEMA_UNKNOWN && en->schema != VET_SCHEMA_UNKNOWN && q->schema != en->schema)
    s = apply(ex, "schema", "mismatch", s, s * cfg->schema_mismatch_factor, vet_schema_name(q->schema),
              vet_schema_name(en->schema));
  if (q->birth_date.year && en->n_dates) {
    enum vet_date_match best = VET_DATE_CONFLICT;
    const struct vet_date *bd = &en->dates[0];
    static const int rank[] = {[VET_DATE_UNKNOWN] = 0, [VET_DATE_CONFLICT] = 1, [VET_DATE_NEAR] = 2,
                               [VET_DATE_COMPATIBLE] = 3, [VET_DATE_EXACT] = 4};
    for (uint32_t i = 0; i < en->n_dates; i++) {
      enum vet_date_match m = vet_date_compare(&q->birth_date, &en->dates[i]);
      if (rank[m] > rank[best]) {
        best = m;
        bd = &en->dates[i];
      }
    }
    char qd[24] = "", ld[24] = "";
    if (ex) {
      vet_date_format(&q->birth_date, qd, sizeof qd);
      vet_date_format(bd, ld, sizeof ld);
    }
    if (best == VET_DATE_EXACT)
      s = apply(ex, "birth_date", "exact", s, s + (1 - s) * cfg->dob_exact_boost, qd, ld);
    else if (best == VET_DATE_COMPATIBLE)
      s = apply(ex, "birth_date", "compatible", s, s + (1 - s) * cfg->dob_compatible_boost, qd, ld);
    else if (best == VET_DATE_NEAR)
      s = apply(ex, "birth_date", "near", s, s, qd, ld);
    else
      s = apply(ex, "birth_date", "conflict", s, s * cfg->dob_conflict_factor, qd, ld);
  }
  if (q->country[0] && en->n_countries) {
    bool hit = false;
    char lv[32] = "";
    size_t w = 0;
    for (uint32_t i = 0; i < en->n_countries; i++) {
      if (!strcmp(en->countries[i].code, q->country))
        hit = true;
      if (ex && w + 4 < sizeof lv && !strstr(lv, en->countries[i].code))
        w += (size_t)snprintf(lv + w, sizeof lv - w, "%s%s", w ? "," : "", en->countries[i].code);
    }
    if (hit)
      s = apply(ex, "country", "match", s, s + (1 - s) * cfg->country_match_boost, q->country, q->country);
    else
      s = apply(ex, "country", "mismatch", s, s * cfg->country_mismatch_factor, q->country, lv);
  }
  return s;
}

/* ---- the query ---- */

vet_err vet_screen(struct vet_searcher *s, const struct vet_query *q, struct vet_arena *a, struct vet_hits *out,
                   struct vet_error *e)
{
  const struct vet_index *ix = s->ix;
  const struct vet_match_config *cfg = &ix->cfg;
  double threshold = q->threshold > 0 ? q->threshold : cfg->threshold;
  uint32_t limit = q->limit ? q->limit : cfg->limit;
  memset(out, 0, sizeof *out);
  if (!q->name.len && !q->email.len && !q->phone.len && !q->crypto.len && !q->domain.len && !q->document.len)
    return vet_fail(e, VET_EINVAL, "nothing to screen: give a name or an identifier");
  struct hitset hs = {.a = a};
  vet_err rc = ident_hits(s, q, &hs);
  if (rc)
    return vet_fail(e, rc, "out of memory");
  if (q->name.len) {
    struct vet_name_norm qn;
    if (q->name_norm) { /* the caller's tokens, copied: their weights are set below */
      qn.n = q->name_norm->n;
      qn.tok = vet_arena_alloc(a, (qn.n ? qn.n : 1) * sizeof *qn.tok);
      if (!qn.tok)
        return vet_fail(e, VET_ENOMEM, "out of memory");
      if (qn.n)
        memcpy(qn.tok, q->name_norm->tok, qn.n * sizeof *qn.tok);
    } else if ((rc = vet_name_normalize(s->nz, a, q->name, &qn, e))) {
      return rc;
    }
    lookup_keys(s, &qn);
    double wsum = 0;
    for (uint32_t i = 0; i < qn.n; i++) {
      const struct vet_token *t = &qn.tok[i];
      qn.tok[i].weight =
          i < QUERY_MAX_TOKENS ? vet_ix_weight_df(ix, t->flags, word_df(s, t, i)) : vet_ix_weight(ix, t, &s->kb);
      wsum += qn.tok[i].weight;
    }
    /* stamps hold the serial in 24 bits, and a query may take two (the
     * second pass): clear them before the second could reach 2^24 */
    if (++s->serial >= (1u << 24) - 1) {
      for (uint32_t i = 0; i < ix->n_names; i++)
        s->slot[i].stamp = 0;
      s->serial = 1;
    }
    s->n_touched = 0;
    s->n_reached = 0;
    float min_acc = (float)(cfg->candidate_min_share * wsum);
    s->reach_bar = s->monotone ? min_acc : INFINITY;
    uint32_t nt = 0;
    bool chosen = gather(s, &qn, q->list_mask, false, min_acc, &nt);
    /* only common words (nothing found, nor walked: a walk has postings):
     * allow long posting lists */
    if (!chosen && s->n_touched == 0 && qn.n) {
      s->serial++;
      chosen = gather(s, &qn, q->list_mask, true, min_acc, &nt);
    }
    if (!chosen)
      nt = select_top(s, min_acc, cfg->max_candidates);
    const uint32_t *top = s->top;
    out->candidates = nt;
    struct vet_score_trace tr;
    /* Without a birth date or a country the qualifiers only multiply by
     * factors of at most 1 (the settings' range): a name score under the
     * threshold then cannot reach it, and its entity need not be read. */
    bool can_lift = q->birth_date.year || q->country[0] || cfg->weak_alias_factor > 1 ||
                    cfg->schema_mismatch_factor > 1;
    /* the candidates' records in three hops: the name, its tokens, their
     * strings.  The first SCORE_PREFETCH_FIRST are asked for hop by hop
     * for all of them before any is scored (most queries have fewer), the
     * later ones a few candidates ahead while one is scored */
    uint32_t pf = VET_MIN(nt, SCORE_PREFETCH_FIRST);
    for (uint32_t i = 0; i < pf; i++)
      VET_PREFETCH(&ix->names[top[i]]);
    for (uint32_t i = 0; i < pf; i++) {
      const struct ix_name *an = &ix->names[top[i]];
      for (uint32_t k = 0; k < an->n_tok && k < SCORE_PREFETCH_TOKENS; k++)
        VET_PREFETCH(ix->tokens + an->tok_off + k);
    }
    for (uint32_t i = 0; i < pf; i++) {
      const struct ix_name *an = &ix->names[top[i]];
      const struct vet_token *at = ix->tokens + an->tok_off;
      if (an->n_tok) { /* a name's strings were copied one after another */
        VET_PREFETCH(at[0].text.ptr);
        VET_PREFETCH(at[VET_MIN((uint32_t)an->n_tok, SCORE_PREFETCH_TOKENS) - 1].skel.ptr);
      }
    }
    for (uint32_t i = 0; i < nt; i++) {
      if (i + 3 * SCORE_AHEAD < nt && i + 3 * SCORE_AHEAD >= pf)
        VET_PREFETCH(&ix->names[top[i + 3 * SCORE_AHEAD]]);
      if (i + 2 * SCORE_AHEAD < nt && i + 2 * SCORE_AHEAD >= pf) {
        const struct ix_name *an = &ix->names[top[i + 2 * SCORE_AHEAD]];
        for (uint32_t k = 0; k < an->n_tok && k < SCORE_PREFETCH_TOKENS; k++)
          VET_PREFETCH(ix->tokens + an->tok_off + k);
      }
      if (i + SCORE_AHEAD < nt && i + SCORE_AHEAD >= pf) {
        const struct ix_name *an = &ix->names[top[i + SCORE_AHEAD]];
        const struct vet_token *at = ix->tokens + an->tok_off;
        if (an->n_tok) { /* a name's strings were copied one after another */
          VET_PREFETCH(at[0].text.ptr);
          VET_PREFETCH(at[VET_MIN((uint32_t)an->n_tok, SCORE_PREFETCH_TOKENS) - 1].skel.ptr);
        }
      }
      const struct ix_name *xn = &ix->names[top[i]];
      struct vet_name_norm cn = {ix->tokens + xn->tok_off, xn->n_tok};
      double ns = vet_score_traced(cfg, &qn, &cn, &tr);
      if (ns <= 0 || (ns < threshold && !can_lift))
        continue;
      const struct vet_entity *en = &ix->ls->entities[xn->entity];
      const struct vet_name *nm = &en->names[xn->name_i];
      /* qualifiers can raise a score: only drop candidates that cannot reach the threshold */
      double fs = qualify(cfg, q, en, nm, ns, NULL);
      if (fs < threshold)
        continue;
      bool fresh;
      struct vet_hit *h = hit_for(&hs, en, &fresh);
      if (!h)
        return vet_fail(e, VET_ENOMEM, "out of memory");
      if (!fresh && h->score >= fs)
        continue;
      h->score = fs;
      h->name = nm;
      vet_score_explain(&tr, &qn, &cn, a, &h->ex); /* from the trace: no second scoring */
      double fs2 = qualify(cfg, q, en, nm, h->ex.name_score, &h->ex);
      h->score = fs2;
    }
  }
  if (hs.n)
    qsort(hs.v, hs.n, sizeof *hs.v, cmp_hit);
  uint32_t n = 0;
  for (uint32_t i = 0; i < hs.n && n < limit; i++)
    if (hs.v[i].score >= threshold)
      hs.v[n++] = hs.v[i];
  for (uint32_t i = 0; i < n; i++)
    hs.v[i].list = &ix->ls->lists[hs.v[i].entity->list];
  out->v = hs.v;
  out->n = n;
  return VET_OK;
}
