/* match/index.c - building the screening index: every name of every
 * entity normalized once into tokens, each token posted under several keys
 * (its text, its Korean romanization key, its consonant skeleton, and its
 * one-deletion variants for typos), the keys frozen into their lookup
 * table, token rarity weights, the ids of each token's keys for verifying
 * found names, and the exact identifier table. */
#include <math.h>

#include <pthread.h>
#include <stdatomic.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "match/index_int.h"
#include "vetter/vetter.h"

vet_str vet_ix_key(struct vet_buf *b, char kind, vet_str text)
{
  vet_buf_reset(b);
  if (vet_buf_putc(b, kind) || vet_buf_append(b, text))
    return VET_STR_NULL;
  return vet_buf_str(b);
}

vet_str vet_ix_ident_key(struct vet_buf *b, enum vet_id_kind kind, vet_str norm)
{
  char d[24];
  size_t k = vet_dec_u64(d, (unsigned)kind);
  d[k++] = ':';
  vet_buf_reset(b);
  if (vet_buf_append(b, (vet_str){d, k}) || vet_buf_append(b, norm))
    return VET_STR_NULL;
  return vet_buf_str(b);
}

const uint32_t *vet_ix_postings(const struct vet_index *ix, vet_str key, uint32_t *n)
{
  return vet_ix_postings_hashed(ix, key, key.ptr ? vet_strmap_hash(key) : 0, n);
}

static inline bool keyslot_is(const struct ix_keyslot *sl, vet_str key)
{
  if (sl->len != key.len)
    return false;
  if (key.len <= IX_KEY_INLINE)
    return memcmp(sl->key, key.ptr, key.len) == 0;
  const char *p;
  memcpy(&p, sl->key, sizeof p);
  return memcmp(p, key.ptr, key.len) == 0;
}

/* Over the IX_KEYTAB_WINDOW tags from tags[0]: bit j of *hit when
 * tags[j] == t, of *empty when tags[j] is 0. */
static inline void window(const uint16_t *tags, uint16_t t, unsigned *hit, unsigned *empty)
{
#if defined(__SSE2__)
  _Static_assert(IX_KEYTAB_WINDOW == 8, "one SSE2 register of tags");
  __m128i w = _mm_loadu_si128((const __m128i *)(const void *)tags), z = _mm_setzero_si128();
  /* 16-bit lanes of all ones or zeros, packed to bytes for the byte mask */
  *hit = (unsigned)_mm_movemask_epi8(_mm_packs_epi16(_mm_cmpeq_epi16(w, _mm_set1_epi16((short)t)), z));
  *empty = (unsigned)_mm_movemask_epi8(_mm_packs_epi16(_mm_cmpeq_epi16(w, z), z));
#else
  *hit = *empty = 0;
  for (unsigned j = 0; j < IX_KEYTAB_WINDOW; j++) {
    *hit |= (unsigned)(tags[j] == t) << j;
    *empty |= (unsigned)(tags[j] == 0) << j;
  }
#endif
}

const uint32_t *vet_ix_lookup_hashed(const struct vet_index *ix, vet_str key, uint64_t h, uint32_t *n, uint32_t *id)
{
  const struct ix_keytab *kt = &ix->keytab;
  *n = 0;
  *id = IX_NO_KEY;
  if (!key.ptr || !kt->cap)
    return NULL;
  uint16_t t = ix_keytab_tag(h);
  /* linear probing, a window of tags at a time: the slots whose tags
   * match, up to the first empty one, which ends the probes */
  for (size_t i = ix_keytab_home(kt, h);; i = (i + IX_KEYTAB_WINDOW) % kt->cap) {
    unsigned hit, empty;
    window(kt->tags + i, t, &hit, &empty);
    if (empty)
      hit &= (empty & (0u - empty)) - 1;
    for (; hit; hit &= hit - 1) {
      size_t at = i + (size_t)__builtin_ctz(hit);
      const struct ix_keyslot *sl = &kt->slots[at < kt->cap ? at : at - kt->cap];
      if (keyslot_is(sl, key)) {
        *n = sl->n;
        *id = sl->id;
        if (!sl->n)
          return NULL;
        return sl->n == 1 ? &sl->off : ix->post + sl->off;
      }
    }
    if (empty)
      return NULL;
  }
}

const uint32_t *vet_ix_postings_hashed(const struct vet_index *ix, vet_str key, uint64_t h, uint32_t *n)
{
  uint32_t id;
  return vet_ix_lookup_hashed(ix, key, h, n, &id);
}

float vet_ix_weight(const struct vet_index *ix, const struct vet_token *t, struct vet_buf *scratch)
{
  if (t->flags & VET_TOK_GENERIC)
    return (float)ix->cfg.generic_weight;
  uint32_t df;
  /* rarity of the word under all its spellings: Korean words by their key */
  if (t->flags & VET_TOK_KOREAN)
    vet_ix_postings(ix, vet_ix_key(scratch, KEY_KOREAN, t->kkey), &df);
  else
    vet_ix_postings(ix, vet_ix_key(scratch, KEY_TEXT, t->text), &df);
  return vet_ix_weight_df(ix, t->flags, df);
}

float vet_ix_weight_df(const struct vet_index *ix, uint32_t flags, uint32_t df)
{
  const struct vet_match_config *cfg = &ix->cfg;
  if (flags & VET_TOK_GENERIC)
    return (float)cfg->generic_weight;
  double n = ix->n_names ? (double)ix->n_names : 1.0;
  /* idf scaled to (0,1]: a token on one name weighs 1 */
  double w = log1p(n / (double)(df ? df : 1)) / log1p(n);
  if (w < cfg->min_token_weight)
    w = cfg->min_token_weight;
  if (w > 1)
    w = 1;
  return (float)w;
}

struct pair {
  uint32_t key, name;
};

struct builder {
  struct vet_index *ix;
  struct pair *pairs;
  size_t n_pairs, cap_pairs;
  struct vet_buf kb;
  /* token text -> its word (words[]): a word's keys are looked up, and
   * its strings copied into the index, once however many names hold it */
  struct vet_strmap tokkeys;
  struct word *words;
  uint32_t n_words, cap_words;
  uint32_t *kids;          /* [count, id, id, ...] runs */
  uint32_t n_kids, cap_kids;
};

struct word {
  uint32_t run;            /* its key ids in kids (token_keys) */
  uint32_t tok;            /* its first token in ix->tokens, whose strings the others share */
};

static vet_err push_kid(struct builder *b, uint32_t v)
{
  uint32_t *slot = vet_vec_push(&b->kids, &b->n_kids, &b->cap_kids, sizeof *slot);
  if (!slot)
    return VET_ENOMEM;
  *slot = v;
  return VET_OK;
}

static vet_err intern_key(struct builder *b, char kind, vet_str text, uint32_t *out)
{
  vet_str k = vet_ix_key(&b->kb, kind, text);
  if (!k.ptr)
    return VET_ELIMIT;
  struct vet_index *ix = b->ix;
  uint32_t *id = vet_strmap_get(&ix->keys, k);
  if (id) {
    *out = *id;
    return VET_OK;
  }
  vet_str kc = vet_arena_strdup(&ix->arena, k);
  if (!kc.ptr || !vet_strmap_put(&ix->keys, kc, ix->n_keys, NULL))
    return VET_ENOMEM;
  *out = ix->n_keys++;
  return VET_OK;
}

/* Intern the key and post the token under it; its id into *id unless NULL. */
static vet_err add_key(struct builder *b, char kind, vet_str text, uint32_t *id)
{
  uint32_t kid;
  vet_err rc = intern_key(b, kind, text, &kid);
  if (rc)
    return rc;
  if (id)
    *id = kid;
  /* onto the run being built (build_postings drops a name posted twice under one key) */
  return push_kid(b, kid);
}

static vet_err add_pair(struct builder *b, uint32_t kid, uint32_t name)
{
  if (b->n_pairs == b->cap_pairs) {
    size_t nc = b->cap_pairs ? b->cap_pairs * 2 : 1u << 16;
    struct pair *np = realloc(b->pairs, nc * sizeof *np);
    if (!np)
      return VET_ENOMEM;
    b->pairs = np;
    b->cap_pairs = nc;
  }
  b->pairs[b->n_pairs++] = (struct pair){kid, name};
  return VET_OK;
}

/* The key ids of a word seen for the first time: its text, Korean key,
 * skeleton and one-deletion variants.  *run_at points at [count, text id,
 * Korean key id, skeleton id, ids posted...] (struct ix_tokkey's ids,
 * then count ids the token is posted under). */
#define RUN_HEAD 4
static vet_err token_keys(struct builder *b, const struct vet_token *t, uint32_t *run_at)
{
  const struct vet_match_config *cfg = &b->ix->cfg;
  uint32_t start = b->n_kids, tid = IX_NO_KEY, kid = IX_NO_KEY, sid = IX_NO_KEY;
  vet_err rc = VET_OK;
  for (int k = 0; k < RUN_HEAD && !rc; k++)
    rc = push_kid(b, 0);
  if (!rc)
    rc = add_key(b, KEY_TEXT, t->text, &tid);
  if (!rc && (t->flags & VET_TOK_KOREAN))
    rc = add_key(b, KEY_KOREAN, t->kkey, &kid); /* only Korean-looking words meet by this key */
  bool skel_id = vet_ix_skel_compared(t, cfg);
  if (!rc && skel_id && !(t->flags & VET_TOK_NUMBER) && !vet_str_eq(t->skel, t->text))
    rc = add_key(b, KEY_SKEL, t->skel, &sid); /* the scorer ignores shorter skeletons too */
  else if (!rc && skel_id)
    rc = intern_key(b, KEY_SKEL, t->skel, &sid); /* not posted, but compared by vcheck */
  if (!rc && t->text.len >= cfg->typo_min_len && t->text.len <= IX_TYPO_MAX_LEN && !(t->flags & VET_TOK_NUMBER)) {
    char tmp[IX_TYPO_MAX_LEN];
    for (size_t i = 0; i < t->text.len && !rc; i++) {
      if (i > 0 && t->text.ptr[i] == t->text.ptr[i - 1])
        continue; /* deleting either of a doubled letter gives the same key */
      memcpy(tmp, t->text.ptr, i);
      memcpy(tmp + i, t->text.ptr + i + 1, t->text.len - i - 1);
      rc = add_key(b, KEY_DEL, (vet_str){tmp, t->text.len - 1}, NULL);
    }
  }
  if (rc)
    return rc;
  b->kids[start] = b->n_kids - start - RUN_HEAD;
  b->kids[start + 1] = tid;
  b->kids[start + 2] = kid;
  b->kids[start + 3] = sid;
  *run_at = start;
  return VET_OK;
}

/* Token ix->tokens[ti] (of name) as the normalizer gave it: its strings
 * into the index arena (or shared with the word's first token), posted
 * under its keys, its key ids into *tk. */
static vet_err post_token(struct builder *b, uint32_t ti, uint32_t name, struct ix_tokkey *tk)
{
  struct vet_index *ix = b->ix;
  struct vet_token *t = &ix->tokens[ti];
  uint32_t *hit = vet_strmap_get(&b->tokkeys, t->text);
  uint32_t at;
  vet_err rc = VET_OK;
  if (hit) {
    const struct word *w = &b->words[*hit];
    const struct vet_token *first = &ix->tokens[w->tok];
    /* the keys of a text are the normalizer's function of it, so these
     * are equal; compared all the same, as they cost little */
    t->kkey = vet_str_eq(t->kkey, first->kkey) ? first->kkey : vet_arena_strdup(&ix->arena, t->kkey);
    t->skel = vet_str_eq(t->skel, first->skel) ? first->skel : vet_arena_strdup(&ix->arena, t->skel);
    t->text = first->text;
    at = w->run;
  } else {
    vet_str text = vet_arena_strdup(&ix->arena, t->text);
    t->kkey = vet_str_eq(t->kkey, t->text) ? text : vet_arena_strdup(&ix->arena, t->kkey);
    t->skel = vet_arena_strdup(&ix->arena, t->skel);
    t->text = text;
    if (!t->text.ptr || !t->kkey.ptr || !t->skel.ptr)
      return VET_ENOMEM;
    struct word *w = vet_vec_push(&b->words, &b->n_words, &b->cap_words, sizeof *w);
    if (!w)
      return VET_ENOMEM;
    *w = (struct word){0, ti};
    if ((rc = token_keys(b, t, &w->run)))
      return rc;
    /* the text lives in the index arena for the index's lifetime */
    if (!vet_strmap_put(&b->tokkeys, t->text, b->n_words - 1, NULL))
      return VET_ENOMEM;
    at = w->run;
  }
  if (!t->kkey.ptr || !t->skel.ptr)
    return VET_ENOMEM;
  const uint32_t *run = b->kids + at;
  *tk = (struct ix_tokkey){run[1], run[2], run[3], (uint16_t)t->flags, (uint8_t)VET_MIN(t->text.len, 255u), 0};
  for (uint32_t k = 0; k < run[0] && !rc; k++)
    rc = add_pair(b, run[RUN_HEAD + k], name);
  return rc;
}

/* Counting sort by key (names arrive in ascending order, so each posting
 * list ends up sorted), dropping duplicate (key, name) pairs; *off gets
 * the n_keys + 1 offsets of the lists in ix->post. */
static vet_err build_postings(struct builder *b, uint32_t **off)
{
  struct vet_index *ix = b->ix;
  uint32_t *post_off = calloc((size_t)ix->n_keys + 1, sizeof *post_off);
  uint32_t *fill = calloc((size_t)ix->n_keys + 1, sizeof *fill);
  ix->post = malloc((b->n_pairs ? b->n_pairs : 1) * sizeof *ix->post);
  vet_pages_huge(ix->post, b->n_pairs * sizeof *ix->post); /* before the pages are touched (see the end of the build) */
  if (!post_off || !fill || !ix->post) {
    free(post_off);
    free(fill);
    return VET_ENOMEM;
  }
  for (size_t i = 0; i < b->n_pairs; i++)
    post_off[b->pairs[i].key + 1]++;
  for (uint32_t k = 0; k < ix->n_keys; k++)
    post_off[k + 1] += post_off[k];
  for (size_t i = 0; i < b->n_pairs; i++) {
    const struct pair *p = &b->pairs[i];
    uint32_t at = post_off[p->key] + fill[p->key];
    if (fill[p->key] && ix->post[at - 1] == p->name)
      continue; /* same name twice under one key */
    ix->post[at] = p->name;
    fill[p->key]++;
  }
  /* compact away the dropped duplicates */
  size_t w = 0;
  for (uint32_t k = 0; k < ix->n_keys; k++) {
    uint32_t start = post_off[k];
    post_off[k] = (uint32_t)w;
    memmove(ix->post + w, ix->post + start, fill[k] * sizeof *ix->post);
    w += fill[k];
  }
  post_off[ix->n_keys] = (uint32_t)w;
  ix->n_post = w;
  free(fill);
  *off = post_off;
  return VET_OK;
}

/* Freeze the key map into ix->keytab (index_int.h), filled to at most
 * KEYTAB_MAX_LOAD (the map's own slots stay at most 2/3 full and double
 * when they grow): per slot the key and its posting list (post_off:
 * build_postings' offsets).  The map is released. */
#define KEYTAB_MAX_LOAD 0.75
static vet_err freeze_keys(struct vet_index *ix, const uint32_t *post_off)
{
  struct vet_strmap *m = &ix->keys;
  struct ix_keytab *kt = &ix->keytab;
  kt->cap = (size_t)((double)ix->n_keys / KEYTAB_MAX_LOAD) + 1;
  if (kt->cap > UINT32_MAX)
    return VET_ENOMEM; /* ix_keytab_home scales 32 bits (and the keys alone would take over 100 GB) */
  kt->tags = calloc(kt->cap + IX_KEYTAB_WINDOW, sizeof *kt->tags);
  kt->slots = calloc(kt->cap, sizeof *kt->slots);
  if (!kt->tags || !kt->slots)
    return VET_ENOMEM;
  vet_pages_huge(kt->tags, kt->cap * sizeof *kt->tags);
  vet_pages_huge(kt->slots, kt->cap * sizeof *kt->slots);
  for (size_t i = 0; i < m->cap; i++) {
    if (!m->tags[i])
      continue;
    const struct vet_strmap_slot *ms = &m->slots[i];
    uint64_t h = vet_strmap_hash((vet_str){ms->key, ms->len});
    size_t at = ix_keytab_home(kt, h);
    while (kt->tags[at])
      at = at + 1 < kt->cap ? at + 1 : 0;
    kt->tags[at] = ix_keytab_tag(h);
    struct ix_keyslot *sl = &kt->slots[at];
    uint32_t id = ms->value;
    sl->n = post_off[id + 1] - post_off[id];
    sl->off = sl->n == 1 ? ix->post[post_off[id]] : post_off[id]; /* n == 0: a skeleton given an id only */
    sl->id = id;
    sl->len = ms->len;
    if (ms->len <= IX_KEY_INLINE)
      memcpy(sl->key, ms->key, ms->len);
    else
      memcpy(sl->key, &ms->key, sizeof ms->key); /* the key stays in ix->arena */
  }
  /* the first tags again past the end, so that a window read at any slot
   * sees the next IX_KEYTAB_WINDOW slots as the probes wrap around */
  for (size_t i = 0; i < IX_KEYTAB_WINDOW; i++)
    kt->tags[kt->cap + i] = kt->tags[i % kt->cap];
  vet_strmap_release(m);
  return VET_OK;
}

static vet_err build_ids(struct vet_index *ix)
{
  const struct vet_listset *ls = ix->ls;
  struct vet_buf kb;
  vet_buf_init(&kb, 8192);
  vet_strmap_init(&ix->ids);
  /* two passes: count, then fill */
  uint32_t *cnt = NULL;
  size_t cap = 0;
  vet_err rc = VET_OK;
  for (int pass = 0; pass < 2 && !rc; pass++) {
    if (pass == 1) {
      ix->id_off = calloc((size_t)ix->n_id_keys + 1, sizeof *ix->id_off);
      ix->id_ents = malloc((ix->n_ids ? ix->n_ids : 1) * sizeof *ix->id_ents);
      if (!ix->id_off || !ix->id_ents) {
        rc = VET_ENOMEM;
        break;
      }
      for (uint32_t k = 0; k < ix->n_id_keys; k++)
        ix->id_off[k + 1] = ix->id_off[k] + cnt[k];
      if (cnt)
        memset(cnt, 0, cap * sizeof *cnt);
    }
    for (uint32_t ei = 0; ei < ls->n_entities && !rc; ei++) {
      const struct vet_entity *en = &ls->entities[ei];
      for (uint32_t i = 0; i < en->n_idents && !rc; i++) {
        const struct vet_ident *id = &en->idents[i];
        vet_str key = vet_ix_ident_key(&kb, id->kind, id->norm);
        if (!key.ptr)
          continue;
        uint32_t *v = vet_strmap_get(&ix->ids, key);
        uint32_t kid;
        if (pass == 0) {
          if (!v) {
            vet_str k = vet_arena_strdup(&ix->arena, key);
            if (!k.ptr || !vet_strmap_put(&ix->ids, k, ix->n_id_keys, NULL)) {
              rc = VET_ENOMEM;
              break;
            }
            kid = ix->n_id_keys++;
            if (kid >= cap) {
              size_t nc = cap ? cap * 2 : 1024;
              uint32_t *nn = realloc(cnt, nc * sizeof *nn);
              if (!nn) {
                rc = VET_ENOMEM;
                break;
              }
              memset(nn + cap, 0, (nc - cap) * sizeof *nn);
              cnt = nn;
              cap = nc;
            }
          } else {
            kid = *v;
          }
          cnt[kid]++;
          ix->n_ids++;
        } else {
          kid = *v;
          ix->id_ents[ix->id_off[kid] + cnt[kid]++] = ei;
        }
      }
    }
  }
  free(cnt);
  vet_buf_release(&kb);
  return rc;
}

/* ---- normalizing the names on several threads ----
 * Most of building the index is normalizing the names (ICU
 * transliteration of the non-Latin ones above all).  With threads > 1 the
 * names are normalized on threads of their own (see norm_thread for who
 * takes which), each name's tokens copied out of its normalizer's scratch
 * into its thread's arena, while the build reads them in order, chunk by
 * chunk as the threads finish them (prenorm_wait), as it would have
 * normalized them itself. */

/* Entities a thread takes at a time. */
#define NORM_CHUNK 256
/* Most threads normalizing. */
#define NORM_MAX_THREADS 16

struct norm_out {
  struct vet_token *tok; /* in its thread's arena; NULL: the name normalizes to nothing or fails */
  uint32_t n;
};

struct norm_thread;

struct norm_pool {
  const struct vet_listset *ls;
  const struct vet_match_config *cfg;
  const size_t *first;   /* per entity: its first name's index into out */
  struct norm_out *out;
  atomic_uint next;      /* next chunk of entities (ASCII names) */
  atomic_uint next_na;   /* next chunk of entities (the other names) */
  struct norm_thread *threads;
  /* per chunk, its kinds of names done (2: all); a thread that finishes
   * one, or fails, signals cv under mu */
  atomic_uchar *done;
  bool failed;
  pthread_mutex_t mu;
  pthread_cond_t cv;
};

struct norm_thread {
  struct norm_pool *pool;
  struct vet_arena keep; /* the tokens and their strings */
  vet_err rc;
  struct vet_error err;
};

/* The names the index takes of an entity. */
static uint32_t names_taken(const struct vet_entity *en) { return VET_MIN(en->n_names, (uint32_t)UINT16_MAX); }

static vet_err norm_keep(struct vet_arena *keep, const struct vet_name_norm *nn, struct norm_out *o)
{
  o->tok = vet_arena_alloc(keep, nn->n * sizeof *o->tok);
  if (!o->tok)
    return VET_ENOMEM;
  for (uint32_t t = 0; t < nn->n; t++) {
    o->tok[t] = nn->tok[t];
    o->tok[t].text = vet_arena_strdup(keep, nn->tok[t].text);
    o->tok[t].kkey = vet_arena_strdup(keep, nn->tok[t].kkey);
    o->tok[t].skel = vet_arena_strdup(keep, nn->tok[t].skel);
    if (!o->tok[t].text.ptr || !o->tok[t].kkey.ptr || !o->tok[t].skel.ptr)
      return VET_ENOMEM;
  }
  o->n = nn->n;
  return VET_OK;
}

/* Normalize the names of entities [from, to) that are written in ASCII
 * alone (non_ascii false) or those that are not (true). */
static void norm_range(struct norm_thread *t, struct vet_normalizer *nz, struct vet_arena *tmp, uint32_t from,
                       uint32_t to, bool non_ascii)
{
  struct norm_pool *p = t->pool;
  for (uint32_t ei = from; ei < to && !t->rc; ei++) {
    const struct vet_entity *en = &p->ls->entities[ei];
    for (uint32_t ni = 0; ni < names_taken(en) && !t->rc; ni++) {
      if (vet_str_is_ascii(en->names[ni].text) == non_ascii)
        continue;
      struct norm_out *o = &p->out[p->first[ei] + ni];
      struct vet_name_norm nn;
      struct vet_error ne;
      vet_arena_reset(tmp);
      if (vet_name_normalize(nz, tmp, en->names[ni].text, &nn, &ne) || nn.n == 0)
        continue; /* as the build would: a name that normalizes to nothing is not indexed */
      t->rc = norm_keep(&t->keep, &nn, o);
    }
  }
}

/* Take chunks of entities from *next and normalize their ASCII names
 * (non_ascii false) or the others (true), until none is left. */
static void norm_chunks(struct norm_thread *t, struct vet_normalizer *nz, struct vet_arena *tmp, atomic_uint *next,
                        bool non_ascii)
{
  uint32_t n = t->pool->ls->n_entities;
  for (;;) {
    uint32_t from = atomic_fetch_add(next, NORM_CHUNK);
    if (from >= n || t->rc)
      break;
    norm_range(t, nz, tmp, from, VET_MIN(from + NORM_CHUNK, n), non_ascii);
    if (t->rc)
      break;
    struct norm_pool *p = t->pool;
    atomic_fetch_add_explicit(&p->done[from / NORM_CHUNK], 1, memory_order_release);
    pthread_mutex_lock(&p->mu);
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
  }
}

/* Thread 0 first takes chunks of the names that are not plain ASCII
 * (those go through ICU, several times slower a name), the others chunks
 * of the ASCII names; then each helps with the other kind.  ICU's rules
 * are compiled once for the process (vet_translit_warm), so a second
 * thread's transliterator costs little. */
static void *norm_thread(void *arg)
{
  struct norm_thread *t = arg;
  struct norm_pool *p = t->pool;
  struct vet_normalizer *nz = vet_normalizer_new(p->cfg->max_name_bytes, &t->err);
  if (nz) {
    struct vet_arena tmp;
    vet_arena_init(&tmp, 64 * 1024);
    bool first_na = t == &p->threads[0];
    norm_chunks(t, nz, &tmp, first_na ? &p->next_na : &p->next, first_na);
    norm_chunks(t, nz, &tmp, first_na ? &p->next : &p->next_na, !first_na);
    vet_arena_release(&tmp);
    vet_normalizer_free(nz);
  } else {
    t->rc = t->err.code ? t->err.code : VET_ENOMEM;
  }
  if (t->rc) { /* the build must not wait for this thread's chunks */
    pthread_mutex_lock(&p->mu);
    p->failed = true;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
  }
  return NULL;
}

/* The names of ls normalized on threads of their own (out NULL: one
 * thread, the build normalizes as it goes). */
struct prenorm {
  unsigned nt;
  size_t *first;        /* per entity: its first name's index into out */
  struct norm_out *out;
  struct norm_pool pool;
  struct norm_thread th[NORM_MAX_THREADS];
  pthread_t tid[NORM_MAX_THREADS];
  bool started[NORM_MAX_THREADS];
  bool sync;            /* pool.mu and pool.cv initialized */
};

/* Wait for the threads and release everything; the first thread's error
 * (if any) into e and returned. */
static vet_err prenorm_finish(struct prenorm *pn, struct vet_error *e)
{
  vet_err rc = VET_OK;
  for (unsigned k = 0; k < pn->nt; k++) {
    if (pn->started[k])
      pthread_join(pn->tid[k], NULL);
    pn->started[k] = false;
  }
  for (unsigned k = 0; k < pn->nt; k++) {
    if (pn->th[k].rc && !rc) {
      rc = pn->th[k].rc;
      if (rc == VET_ENOMEM)
        vet_fail(e, VET_ENOMEM, "index: out of memory");
      else if (e)
        *e = pn->th[k].err;
    }
    vet_arena_release(&pn->th[k].keep);
  }
  if (pn->sync) {
    pthread_mutex_destroy(&pn->pool.mu);
    pthread_cond_destroy(&pn->pool.cv);
    pn->sync = false;
  }
  free(pn->pool.done);
  free(pn->first);
  free(pn->out);
  pn->pool.done = NULL;
  pn->nt = 0;
  pn->first = NULL;
  pn->out = NULL;
  return rc;
}

/* Start normalizing every name of ls on up to threads threads into pn,
 * when more than one is worth it (pn->out stays NULL otherwise).  On
 * failure e says why; call prenorm_finish in any case. */
static vet_err prenorm_start(const struct vet_listset *ls, const struct vet_match_config *cfg, unsigned threads,
                             struct prenorm *pn, struct vet_error *e)
{
  unsigned nt = VET_MIN(vet_threads(threads), (unsigned)NORM_MAX_THREADS);
  if (nt < 2 || ls->n_entities < 2 * NORM_CHUNK)
    return VET_OK;
  size_t chunks = ls->n_entities / NORM_CHUNK + 1;
  pn->first = malloc(((size_t)ls->n_entities + 1) * sizeof *pn->first);
  pn->pool.done = calloc(chunks, sizeof *pn->pool.done);
  if (!pn->first || !pn->pool.done)
    return vet_fail(e, VET_ENOMEM, "index: out of memory");
  size_t g = 0;
  for (uint32_t ei = 0; ei < ls->n_entities; ei++) {
    pn->first[ei] = g;
    g += names_taken(&ls->entities[ei]);
  }
  pn->out = calloc(g ? g : 1, sizeof *pn->out);
  if (!pn->out)
    return vet_fail(e, VET_ENOMEM, "index: out of memory");
  struct norm_pool *pool = &pn->pool;
  pool->ls = ls;
  pool->cfg = cfg;
  pool->first = pn->first;
  pool->out = pn->out;
  pool->threads = pn->th;
  atomic_init(&pool->next, 0);
  atomic_init(&pool->next_na, 0);
  if (pthread_mutex_init(&pool->mu, NULL))
    return vet_fail(e, VET_ENOMEM, "index: cannot create a mutex");
  if (pthread_cond_init(&pool->cv, NULL)) {
    pthread_mutex_destroy(&pool->mu);
    return vet_fail(e, VET_ENOMEM, "index: cannot create a condition variable");
  }
  pn->sync = true;
  pn->nt = nt;
  for (unsigned k = 0; k < nt; k++) {
    pn->th[k] = (struct norm_thread){.pool = pool};
    vet_arena_init(&pn->th[k].keep, 1u << 20);
  }
  for (unsigned k = 0; k < nt; k++)
    pn->started[k] = pthread_create(&pn->tid[k], NULL, norm_thread, &pn->th[k]) == 0;
  for (unsigned k = 0; k < nt; k++)
    if (!pn->started[k])
      norm_thread(&pn->th[k]); /* a thread that could not start: its share here, before the build waits */
  return VET_OK;
}

/* Wait until every name of chunk c is normalized; false when a thread
 * failed (prenorm_finish says why). */
static bool prenorm_wait(struct prenorm *pn, size_t c)
{
  struct norm_pool *p = &pn->pool;
  if (atomic_load_explicit(&p->done[c], memory_order_acquire) == 2)
    return true;
  pthread_mutex_lock(&p->mu);
  while (atomic_load_explicit(&p->done[c], memory_order_acquire) < 2 && !p->failed)
    pthread_cond_wait(&p->cv, &p->mu);
  bool ok = !p->failed;
  pthread_mutex_unlock(&p->mu);
  return ok;
}

struct vet_index *vet_index_build(const struct vet_listset *ls, const struct vet_match_config *cfg, struct vet_error *e)
{
  return vet_index_build_threads(ls, cfg, 1, e);
}

struct vet_index *vet_index_build_threads(const struct vet_listset *ls, const struct vet_match_config *cfg,
                                          unsigned threads, struct vet_error *e)
{
  if (!ls->frozen) {
    vet_fail(e, VET_EINVAL, "index: the list set must be frozen first");
    return NULL;
  }
  if (ls->n_lists > 64) {
    vet_fail(e, VET_ELIMIT, "index: at most 64 lists, got %u", ls->n_lists);
    return NULL;
  }
  struct vet_index *ix = calloc(1, sizeof *ix);
  struct vet_normalizer *nz = vet_normalizer_new(cfg->max_name_bytes, e);
  struct builder b = {.ix = ix};
  struct prenorm pn = {0};
  vet_buf_init(&b.kb, 1u << 16);
  vet_strmap_init(&b.tokkeys);
  if (!ix || !nz)
    goto oom;
  ix->ls = ls;
  ix->cfg = *cfg;
  vet_arena_init(&ix->arena, 4u << 20);
  vet_strmap_init(&ix->keys);
  size_t total = vet_listset_name_count(ls);
  ix->names = malloc((total ? total : 1) * sizeof *ix->names);
  size_t tok_cap = total * 3 + 16;
  ix->tokens = malloc(tok_cap * sizeof *ix->tokens);
  ix->tokkeys = malloc(tok_cap * sizeof *ix->tokkeys);
  if (!ix->names || !ix->tokens || !ix->tokkeys)
    goto oom;
  /* what queries read at random goes on huge pages when large enough
   * (VET_HUGE_PAGES_MIN; see the end of the build), advised before its
   * pages are touched, so that they are faulted in whole rather than
   * collapsed afterwards */
  vet_pages_huge(ix->names, total * sizeof *ix->names);
  vet_pages_huge(ix->tokens, tok_cap * sizeof *ix->tokens);
  vet_pages_huge(ix->tokkeys, tok_cap * sizeof *ix->tokkeys);
  if (prenorm_start(ls, cfg, threads, &pn, e))
    goto fail;
  struct vet_arena tmp;
  vet_arena_init(&tmp, 64 * 1024);
  for (uint32_t ei = 0; ei < ls->n_entities; ei++) {
    const struct vet_entity *en = &ls->entities[ei];
    if (pn.out && ei % NORM_CHUNK == 0 && !prenorm_wait(&pn, ei / NORM_CHUNK)) {
      vet_arena_release(&tmp);
      prenorm_finish(&pn, e); /* a thread failed: its error */
      goto fail;
    }
    for (uint32_t ni = 0; ni < names_taken(en); ni++) {
      struct vet_name_norm nn;
      struct vet_error ne;
      if (pn.out) {
        const struct norm_out *o = &pn.out[pn.first[ei] + ni];
        if (!o->tok)
          continue;
        nn = (struct vet_name_norm){.tok = o->tok, .n = o->n};
      } else {
        vet_arena_reset(&tmp);
        if (vet_name_normalize(nz, &tmp, en->names[ni].text, &nn, &ne) || nn.n == 0)
          continue; /* a name that normalizes to nothing ("-", "???") cannot be matched */
      }
      uint32_t id = ix->n_names;
      struct ix_name *xn = &ix->names[ix->n_names++];
      xn->entity = ei;
      xn->name_i = (uint16_t)ni;
      xn->n_tok = (uint8_t)VET_MIN(nn.n, 255u);
      xn->list = (uint8_t)en->list;
      if (ix->n_tokens + xn->n_tok > tok_cap) {
        size_t nc = tok_cap * 2 + xn->n_tok;
        struct vet_token *nt = realloc(ix->tokens, nc * sizeof *nt);
        if (nt)
          ix->tokens = nt;
        struct ix_tokkey *nk = nt ? realloc(ix->tokkeys, nc * sizeof *nk) : NULL;
        if (!nk)
          goto oom_tmp;
        ix->tokkeys = nk;
        tok_cap = nc;
      }
      xn->tok_off = (uint32_t)ix->n_tokens;
      for (uint32_t t = 0; t < xn->n_tok; t++) {
        uint32_t ti = (uint32_t)ix->n_tokens++;
        ix->tokens[ti] = nn.tok[t];
        if (post_token(&b, ti, id, &ix->tokkeys[ti]))
          goto oom_tmp;
      }
    }
  }
  vet_arena_release(&tmp);
  if (prenorm_finish(&pn, e))
    goto fail;
  uint32_t *post_off = NULL;
  if (build_postings(&b, &post_off))
    goto oom;
  free(b.pairs);
  b.pairs = NULL;
  vet_strmap_release(&b.tokkeys);
  free(b.kids);
  b.kids = NULL;
  free(b.words);
  b.words = NULL;
  /* each token's weight from the length of its rarity key's list (as
   * vet_ix_weight would look it up: the Korean key of Korean words, the
   * text of the others) */
  for (size_t i = 0; i < ix->n_tokens; i++) {
    struct vet_token *t = &ix->tokens[i];
    uint32_t kid = t->flags & VET_TOK_KOREAN ? ix->tokkeys[i].kkey_id : ix->tokkeys[i].text_id;
    t->weight = vet_ix_weight_df(ix, t->flags, post_off[kid + 1] - post_off[kid]);
  }
  vet_err frc = freeze_keys(ix, post_off);
  free(post_off);
  if (frc)
    goto oom;
  /* the bits of the keys that verifying a name compares (screen_int.h's
   * screen_vcheck_name): text always, the Korean key of Korean tokens, the
   * skeleton of tokens long enough for a phonetic match */
  for (uint32_t n = 0; n < ix->n_names; n++) {
    struct ix_name *xn = &ix->names[n];
    uint64_t sig = 0;
    for (uint32_t k = 0; k < xn->n_tok; k++) {
      const struct ix_tokkey *tk = &ix->tokkeys[xn->tok_off + k];
      sig |= vet_ix_sig_text(tk->text_id);
      if (tk->kkey_id != IX_NO_KEY)
        sig |= vet_ix_sig_kkey(tk->kkey_id);
      if (tk->skel_id != IX_NO_KEY)
        sig |= vet_ix_sig_skel(tk->skel_id);
    }
    xn->sig = sig;
  }
  double mp = cfg->max_posting_share * (double)ix->n_names;
  ix->max_posting = mp < 1000 ? 1000 : (uint32_t)mp;
  if (build_ids(ix))
    goto oom;
  /* what a query reads at random: on huge pages when large enough
   * (VET_HUGE_PAGES_MIN), so that its reads miss the cache but not the TLB
   * as well */
  vet_pages_huge(ix->names, ix->n_names * sizeof *ix->names);
  vet_pages_huge(ix->tokens, ix->n_tokens * sizeof *ix->tokens);
  vet_pages_huge(ix->tokkeys, ix->n_tokens * sizeof *ix->tokkeys);
  vet_pages_huge(ix->post, ix->n_post * sizeof *ix->post);
  vet_pages_huge(ix->keytab.tags, ix->keytab.cap * sizeof *ix->keytab.tags);
  vet_pages_huge(ix->keytab.slots, ix->keytab.cap * sizeof *ix->keytab.slots);
  vet_buf_release(&b.kb);
  vet_normalizer_free(nz);
  return ix;
oom_tmp:
  vet_arena_release(&tmp);
oom:
  vet_fail(e, VET_ENOMEM, "index: out of memory");
fail:
  prenorm_finish(&pn, NULL); /* e already says what failed */
  free(b.pairs);
  vet_strmap_release(&b.tokkeys);
  free(b.kids);
  free(b.words);
  vet_buf_release(&b.kb);
  vet_normalizer_free(nz);
  vet_index_free(ix);
  return NULL;
}

void vet_index_free(struct vet_index *ix)
{
  if (!ix)
    return;
  if (ix->in_image) {
    free(ix); /* the arrays go with the list set's image */
    return;
  }
  free(ix->names);
  free(ix->tokens);
  free(ix->tokkeys);
  free(ix->keytab.tags);
  free(ix->keytab.slots);
  free(ix->post);
  free(ix->id_off);
  free(ix->id_ents);
  vet_strmap_release(&ix->keys);
  vet_strmap_release(&ix->ids);
  vet_arena_release(&ix->arena);
  free(ix);
}

void vet_index_stats(const struct vet_index *ix, struct vet_index_stats *st)
{
  memset(st, 0, sizeof *st);
  st->entities = ix->ls->n_entities;
  st->names = ix->n_names;
  st->tokens = ix->n_tokens;
  st->keys = ix->n_keys;
  st->postings = ix->n_post;
  st->identifiers = ix->n_ids;
  st->bytes = ix->n_names * sizeof *ix->names + ix->n_tokens * (sizeof *ix->tokens + sizeof *ix->tokkeys) +
              ix->n_post * sizeof *ix->post + ix->arena.used_total +
              ix->keytab.cap * (sizeof *ix->keytab.slots + sizeof *ix->keytab.tags) +
              ix->ids.cap * (sizeof *ix->ids.slots + sizeof *ix->ids.tags);
}

const struct vet_listset *vet_index_listset(const struct vet_index *ix) { return ix->ls; }
const struct vet_match_config *vet_index_config(const struct vet_index *ix) { return &ix->cfg; }

vet_err vet_index_list_mask(const struct vet_index *ix, const char *names, uint64_t *mask, struct vet_error *e)
{
  *mask = 0;
  size_t pos = 0;
  vet_str nm;
  while (vet_names_next(names, &pos, &nm)) {
    bool found = false;
    for (uint32_t l = 0; l < ix->ls->n_lists; l++)
      if (vet_str_eq(ix->ls->lists[l].name, nm)) {
        *mask |= 1ull << l;
        found = true;
      }
    if (!found)
      return vet_fail(e, VET_ENOTFOUND, "no loaded list named '%.*s'", VET_STR_FMT(nm));
  }
  return VET_OK;
}
