/* match/screen.c - answering one screening query: exact identifier hits,
 * candidate names gathered from the index keys of the query's tokens
 * (weighted by rarity, long posting lists skipped, a second pass for
 * queries of common words only; long lists walked in name id order
 * rather than scattered: screen_walk.c), full scoring of the best candidates, qualifiers
 * (type, birth date, country), and one hit per entity, best first. */
#include <math.h>
#include <stdio.h>

#include "match/screen_int.h"
#include "vetter/date.h"

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

/* The state screen_touch() keeps in locals while it runs over one list (the
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

void screen_touch(struct vet_searcher *s, const uint32_t *post, uint32_t n, uint32_t mark, float add,
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
uint32_t screen_token_lists(struct vet_searcher *s, const struct vet_token *tok, uint32_t t, bool allow_long,
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
  uint32_t m = screen_token_lists(s, tok, t, allow_long, lists);
  uint32_t mark = (s->serial << 8) | (t + 1);
  for (uint32_t i = 0; i < m; i++)
    screen_touch(s, lists[i].p, lists[i].n, mark, lists[i].add, list_mask);
}

/* Query word t (tok) prepared: a test whose key the index lacks holds for
 * no name and is left out. */
void screen_vcheck_init(const struct vet_searcher *s, const struct vet_token *tok, uint32_t t, struct vcheck *v)
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


/* A query token that can no longer make a new name a candidate only adds
 * to names already found: checked against their tokens, not through its
 * (long) posting lists. */
void screen_verify_token(struct vet_searcher *s, const struct vet_token *tok, uint32_t t)
{
  const struct vet_index *ix = s->ix;
  struct vcheck v;
  screen_vcheck_init(s, tok, t, &v);
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
    double best = screen_vcheck_name(ix, &v, id);
    struct slot *sl = &s->slot[id];
    bool was = sl->acc >= s->reach_bar;
    sl->acc += (float)(tok->weight * best);
    if (!was && sl->acc >= s->reach_bar)
      s->reached[s->n_reached++] = id;
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
  if (!list_mask && s->monotone && ix->cfg.max_candidates &&
      screen_walk(s, qn, order, df, n, &remaining, min_acc, allow_long, &k, n_top))
    return true;
  for (; k < n; k++) {
    uint32_t t = order[k];
    const struct vet_token *tok = &qn->tok[t];
    /* verifying costs the names found so far, gathering the word's
     * postings: take the cheaper */
    if (s->n_touched && remaining < min_acc * 0.999f && (size_t)s->n_touched * VERIFY_COST <= df[t])
      screen_verify_token(s, tok, t);
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
