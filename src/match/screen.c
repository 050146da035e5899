/* match/screen.c - answering one screening query: exact identifier hits,
 * candidate names gathered from the index keys of the query's tokens
 * (weighted by rarity, long posting lists skipped), full scoring of the
 * best candidates, qualifiers (type, birth date, country), and one hit per
 * entity, best first. */
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
  uint32_t *touched;
  uint32_t n_touched;
  uint32_t serial;
  struct vet_buf kb;
};

struct vet_searcher *vet_searcher_new(const struct vet_index *ix, struct vet_error *e)
{
  struct vet_searcher *s = calloc(1, sizeof *s);
  if (!s)
    goto oom;
  s->ix = ix;
  s->nz = vet_normalizer_new(ix->cfg.max_name_bytes, e);
  size_t n = ix->n_names ? ix->n_names : 1;
  s->slot = calloc(n, sizeof *s->slot);
  s->touched = malloc(n * sizeof *s->touched);
  vet_buf_init(&s->kb, 1u << 16);
  if (!s->nz || !s->slot || !s->touched)
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
  vet_buf_release(&s->kb);
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
      vet_buf_reset(&s->kb);
      if (vet_buf_appendf(&s->kb, "%d:", (int)kind) || vet_buf_append(&s->kb, norm))
        continue;
      uint32_t *kid = vet_strmap_get(&ix->ids, vet_buf_str(&s->kb));
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

static void touch(struct vet_searcher *s, const uint32_t *post, uint32_t n, uint32_t mark, float add,
                  uint64_t list_mask)
{
  const struct ix_name *names = s->ix->names;
  for (uint32_t k = 0; k < n; k++) {
    uint32_t id = post[k];
    struct slot *sl = &s->slot[id];
    if (sl->stamp == mark)
      continue; /* this query token already counted for this name */
    if (list_mask && !(list_mask & (1ull << names[id].list)))
      continue;
    if ((sl->stamp >> 8) != (mark >> 8)) { /* first touch in this query */
      sl->acc = 0;
      s->touched[s->n_touched++] = id;
    }
    sl->stamp = mark;
    sl->acc += add;
  }
}

/* Checking a found name for a word costs about this many posting entries. */
#define VERIFY_COST 8

/* Equal strings, with the cheap tests first. */
static inline bool eq(vet_str a, vet_str b)
{
  return a.len == b.len && (a.len == 0 || (a.ptr[0] == b.ptr[0] && memcmp(a.ptr, b.ptr, a.len) == 0));
}

struct keyq {
  char kind;
  vet_str text;
  float factor;
};

/* Postings of every key of one query token into the accumulators. */
static void gather_token(struct vet_searcher *s, const struct vet_token *tok, uint32_t t, uint64_t list_mask,
                         bool allow_long)
{
  const struct vet_index *ix = s->ix;
  uint32_t mark = (s->serial << 8) | (t + 1);
  struct keyq keys[3] = {
      {KEY_TEXT, tok->text, 1.0f},
      {KEY_KOREAN, tok->kkey, (float)ix->cfg.korean_sim},
      {KEY_SKEL, tok->skel, (float)ix->cfg.phonetic_sim},
  };
  int nkeys = (tok->flags & VET_TOK_NUMBER) ? 1 : 3;
  bool known = false; /* the word is on the lists as written (or as its Korean key) */
  for (int k = 0; k < nkeys; k++) {
    if (k == 0 && (tok->flags & VET_TOK_KOREAN))
      continue; /* the Korean key's postings hold the exact spelling's too */
    if (k == 1 && !(tok->flags & VET_TOK_KOREAN))
      continue;
    if (k == 2 && (allow_long || tok->skel.len < VET_SKEL_MIN || tok->text.len < ix->cfg.typo_min_len ||
                   vet_str_eq(tok->skel, tok->text)))
      continue; /* the second pass, for queries of common words only, takes exact spellings */
    uint32_t n;
    const uint32_t *p = vet_ix_postings(ix, vet_ix_key(&s->kb, keys[k].kind, keys[k].text), &n);
    if (k < 2 && n >= ix->cfg.typo_skip_df)
      known = true;
    if (n > (k == 0 ? ix->max_posting : ix->cfg.max_fuzzy_posting) && !allow_long)
      continue; /* a common spelling key finds only weak candidates */
    touch(s, p, n, mark, tok->weight * keys[k].factor, list_mask);
  }
  /* one typo: the query's deletions against list tokens, the query
   * against list deletions, and deletions against deletions.  A word the
   * lists hold often as written is not taken for a typo: its neighbours
   * one letter away are other names (the scorer still aligns them when
   * the other words bring them) */
  if (known || allow_long)
    return;
  float f = (float)ix->cfg.min_token_sim;
  if (tok->text.len + 1 >= ix->cfg.typo_min_len && tok->text.len <= 32 && !(tok->flags & VET_TOK_NUMBER)) {
    uint32_t n; /* "isim" finds "ilsim" */
    const uint32_t *p = vet_ix_postings(ix, vet_ix_key(&s->kb, KEY_DEL, tok->text), &n);
    if (n <= ix->cfg.max_fuzzy_posting || allow_long)
      touch(s, p, n, mark, tok->weight * f, list_mask);
  }
  if (tok->text.len >= ix->cfg.typo_min_len && tok->text.len <= 32 && !(tok->flags & VET_TOK_NUMBER)) {
    uint32_t n;
    const uint32_t *p;
    char tmp[32];
    for (size_t i = 0; i < tok->text.len; i++) {
      if (i > 0 && tok->text.ptr[i] == tok->text.ptr[i - 1])
        continue;
      memcpy(tmp, tok->text.ptr, i);
      memcpy(tmp + i, tok->text.ptr + i + 1, tok->text.len - i - 1);
      vet_str d = {tmp, tok->text.len - 1};
      p = vet_ix_postings(ix, vet_ix_key(&s->kb, KEY_TEXT, d), &n);
      if (n <= ix->cfg.max_fuzzy_posting || allow_long)
        touch(s, p, n, mark, tok->weight * f, list_mask);
      p = vet_ix_postings(ix, vet_ix_key(&s->kb, KEY_DEL, d), &n);
      if (n <= ix->cfg.max_fuzzy_posting || allow_long)
        touch(s, p, n, mark, tok->weight * f, list_mask);
    }
  }
}

/* A query token that can no longer make a new name a candidate only adds
 * to names already found: checked against their tokens, not through its
 * (long) posting lists. */
static void verify_token(struct vet_searcher *s, const struct vet_token *tok)
{
  const struct vet_index *ix = s->ix;
  /* hashes first: the strings (elsewhere in memory) only on a hash match */
  uint32_t th = vet_ix_hash(tok->text), kh = vet_ix_hash(tok->kkey), sh = vet_ix_hash(tok->skel);
  bool kor = (tok->flags & VET_TOK_KOREAN) != 0;
  bool skel_ok = tok->skel.len >= VET_SKEL_MIN && tok->text.len >= ix->cfg.typo_min_len;
  for (uint32_t i = 0; i < s->n_touched; i++) {
    uint32_t id = s->touched[i];
    const struct ix_name *xn = &ix->names[id];
    const struct ix_tokkey *tk = ix->tokkeys + xn->tok_off;
    const struct vet_token *ct = ix->tokens + xn->tok_off;
    double best = 0;
    for (uint32_t k = 0; k < xn->n_tok && best < 1.0; k++) {
      if (tk[k].text_h == th && eq(ct[k].text, tok->text))
        best = 1.0;
      else if (kor && (tk[k].flags & VET_TOK_KOREAN) && tk[k].kkey_h == kh && eq(ct[k].kkey, tok->kkey))
        best = VET_MAX(best, ix->cfg.korean_sim);
      else if (skel_ok && tk[k].len >= ix->cfg.typo_min_len && tk[k].skel_h == sh && eq(ct[k].skel, tok->skel))
        best = VET_MAX(best, ix->cfg.phonetic_sim);
    }
    s->slot[id].acc += (float)(tok->weight * best);
  }
}

/* Rarest tokens first (MaxScore): once the weight of the tokens still to
 * come cannot lift a name nobody has found to min_acc, the rest only
 * verify the names already found. */
static void gather(struct vet_searcher *s, const struct vet_name_norm *qn, uint64_t list_mask, bool allow_long,
                   float min_acc)
{
  const struct vet_index *ix = s->ix;
  uint32_t order[255], df[255];
  uint32_t n = VET_MIN(qn->n, 255u);
  float remaining = 0, reach = 0;
  for (uint32_t t = 0; t < n; t++) {
    const struct vet_token *tok = &qn->tok[t];
    bool kor = (tok->flags & VET_TOK_KOREAN) != 0;
    vet_ix_postings(ix, vet_ix_key(&s->kb, kor ? KEY_KOREAN : KEY_TEXT, kor ? tok->kkey : tok->text), &df[t]);
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
    return;
  for (uint32_t k = 0; k < n; k++) {
    uint32_t t = order[k];
    const struct vet_token *tok = &qn->tok[t];
    /* verifying costs the names found so far, gathering the word's
     * postings: take the cheaper */
    if (s->n_touched && remaining < min_acc * 0.999f && (size_t)s->n_touched * VERIFY_COST <= df[t])
      verify_token(s, tok);
    else
      gather_token(s, tok, t, list_mask, allow_long);
    remaining -= tok->weight;
  }
}

static int cmp_acc_desc(const void *a, const void *b, void *ud)
{
  const struct slot *sl = ud;
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  if (sl[x].acc != sl[y].acc)
    return sl[x].acc > sl[y].acc ? -1 : 1;
  return x < y ? -1 : (x > y);
}

/* qsort has no context argument in C11: a small insertion into a bounded
 * top-k array instead. */
static uint32_t select_top(struct vet_searcher *s, float min_acc, uint32_t k, uint32_t *out)
{
  uint32_t n = 0;
  for (uint32_t i = 0; i < s->n_touched; i++) {
    uint32_t id = s->touched[i];
    float v = s->slot[id].acc;
    if (v < min_acc)
      continue;
    if (n == k && (v < s->slot[out[n - 1]].acc || (v == s->slot[out[n - 1]].acc && id > out[n - 1])))
      continue;
    uint32_t pos = n < k ? n++ : k - 1;
    while (pos > 0 && cmp_acc_desc(&id, &out[pos - 1], s->slot) < 0) {
      out[pos] = out[pos - 1];
      pos--;
    }
    out[pos] = id;
  }
  return n;
}

/* ---- qualifiers ---- */

static void set_vals(struct vet_explain *ex, const char *qv, const char *lv)
{
  if (!ex->n_adj)
    return;
  struct vet_adjust *a = &ex->adj[ex->n_adj - 1];
  snprintf(a->query, sizeof a->query, "%s", qv);
  snprintf(a->list, sizeof a->list, "%s", lv);
}

static double apply(struct vet_explain *ex, const char *name, const char *result, double before, double after,
                    const char *qv, const char *lv)
{
  if (ex->n_adj < VET_COUNTOF(ex->adj)) {
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
    char qd[24], ld[24];
    vet_date_format(&q->birth_date, qd, sizeof qd);
    vet_date_format(bd, ld, sizeof ld);
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
      if (w + 4 < sizeof lv && !strstr(lv, en->countries[i].code))
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
    rc = vet_name_normalize(s->nz, a, q->name, &qn, e);
    if (rc)
      return rc;
    double wsum = 0;
    for (uint32_t i = 0; i < qn.n; i++) {
      qn.tok[i].weight = vet_ix_weight(ix, &qn.tok[i], &s->kb);
      wsum += qn.tok[i].weight;
    }
    if (++s->serial >= (1u << 24)) { /* stamps wrap: clear them */
      for (uint32_t i = 0; i < ix->n_names; i++)
        s->slot[i].stamp = 0;
      s->serial = 1;
    }
    s->n_touched = 0;
    float min_acc = (float)(cfg->candidate_min_share * wsum);
    gather(s, &qn, q->list_mask, false, min_acc);
    if (s->n_touched == 0 && qn.n) { /* only common words: allow long posting lists */
      s->serial++;
      gather(s, &qn, q->list_mask, true, min_acc);
    }
    uint32_t kmax = cfg->max_candidates;
    uint32_t *top = vet_arena_alloc(a, sizeof *top * (kmax ? kmax : 1));
    if (!top)
      return vet_fail(e, VET_ENOMEM, "out of memory");
    uint32_t nt = select_top(s, min_acc, kmax, top);
    out->candidates = nt;
    struct vet_score_trace tr;
    for (uint32_t i = 0; i < nt; i++) {
      const struct ix_name *xn = &ix->names[top[i]];
      struct vet_name_norm cn = {ix->tokens + xn->tok_off, xn->n_tok};
      double ns = vet_score_traced(cfg, &qn, &cn, &tr);
      if (ns <= 0)
        continue;
      const struct vet_entity *en = &ix->ls->entities[xn->entity];
      const struct vet_name *nm = &en->names[xn->name_i];
      /* qualifiers can raise a score: only drop candidates that cannot reach the threshold */
      struct vet_explain tmp; /* qualify() writes only adj[0 .. n_adj) */
      tmp.n_adj = 0;
      double fs = qualify(cfg, q, en, nm, ns, &tmp);
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
