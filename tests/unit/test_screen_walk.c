/* test_screen_walk.c - candidate generation for queries made only of
 * common words (match/screen.c and match/screen_walk.c): such a query finds nothing through the
 * short posting lists and takes the words' long lists in a second pass,
 * which walks the sorted lists side by side instead of scattering them
 * into per-name accumulators.  The walk must choose exactly the names the
 * scattering would.  The scattering code still answers every query with a
 * list restriction, so each query is screened twice, without a
 * restriction and restricted to all the lists, and everything must be
 * identical: hits, scores to the bit, explanations, candidate counts.
 * The list set is generated: a few words on thousands of names (more than
 * match.max_posting_share lets the first pass take), Korean words whose
 * key is common (beyond match.max_fuzzy_posting), generic words, and rare
 * words; settings vary the candidate cap (the walk stops early once the
 * cap is held and no later name can beat it), the candidate share and the
 * threshold. */
#include "match/index_int.h"
#include "testutil.h"
#include "vetter/vetter.h"

/* ---- the generated list set ---- */

#define N_ENT 4000 /* names: 2,000 hold "gaiho", so it passes the 1,000-name posting floor */
/* The first pass walks only when scattering would take 16,384 postings or
 * more (screen_walk.c's WALK_MIN_WORK): a larger set, where three common words
 * make that. */
#define N_ENT_LARGE 16000

struct gen {
  uint64_t s;
};

static uint32_t below(struct gen *g, uint32_t n)
{
  g->s = g->s * 6364136223846793005ull + 1442695040888963407ull;
  return (uint32_t)((g->s >> 33) % n);
}

/* A rare word: consonants none of the common words' skeletons use. */
static size_t rare_word(struct gen *g, char *out)
{
  static const char *const on[] = {"k", "m", "n", "p", "s", "t"};
  static const char *const nu[] = {"a", "e", "i", "o", "u"};
  size_t w = 0;
  for (int i = 0; i < 3; i++) {
    const char *o = on[below(g, VET_COUNTOF(on))], *v = nu[below(g, VET_COUNTOF(nu))];
    out[w++] = o[0];
    out[w++] = v[0];
  }
  out[w] = 0;
  return w;
}

/* Words and the share of names (per mille) that hold them. */
static const struct {
  const char *word;
  uint32_t permille;
} common[] = {
    {"gaiho", 500},   {"dyachou", 350}, {"beiha", 300}, {"trading", 300}, /* generic */
    {"jong", 40},     {"jeong", 100},   {"chol", 45},   /* Korean: one key each family */
    {"myong", 30},    {"hyok", 25},     {"song", 55},   {"kwang", 35},   /* weights apart by little */
    {"pak", 10}, /* over the Korean-key cap: a short first list, common words verified against it */
};

struct fixture {
  struct vet_listset *ls;
  struct vet_arena a, b;
  char rare0[16]; /* a rare word that is on the lists */
  uint32_t both;  /* names holding "gaiho" and "dyachou" */
};

/* n_ent generated entities, one name each, alternately on two lists. */
static void generate(struct fixture *f, uint32_t n_ent)
{
  f->ls = vet_listset_new(NULL);
  assert_non_null(f->ls);
  struct vet_list la = {.name = VET_LIT("walk_a"), .date = VET_LIT("2026-01-01")};
  struct vet_list lb = {.name = VET_LIT("walk_b"), .date = VET_LIT("2026-01-01")};
  assert_int_equal(vet_listset_add_list(f->ls, &la), 0);
  assert_int_equal(vet_listset_add_list(f->ls, &lb), 1);
  struct gen g = {20261127};
  for (uint32_t i = 0; i < n_ent; i++) {
    char name[256], rw[16], id[16];
    size_t w = 0;
    bool has_g = false, has_d = false;
    for (size_t k = 0; k < VET_COUNTOF(common); k++)
      if (below(&g, 1000) < common[k].permille) {
        size_t l = strlen(common[k].word);
        memcpy(name + w, common[k].word, l);
        w += l;
        name[w++] = ' ';
        has_g |= k == 0;
        has_d |= k == 1;
      }
    if (w == 0 || below(&g, 3) == 0) { /* every name has a word; a third a rare one */
      size_t l = rare_word(&g, rw);
      memcpy(name + w, rw, l);
      w += l;
      name[w++] = ' ';
      if (!f->rare0[0])
        memcpy(f->rare0, rw, l + 1);
    }
    f->both += has_g && has_d;
    int m = snprintf(id, sizeof id, "W%05u", (unsigned)i);
    struct vet_entity *en = vet_listset_entity(f->ls, i % 2, (vet_str){id, (size_t)m}, true);
    assert_non_null(en);
    en->schema = (i % 3) ? VET_SCHEMA_PERSON : VET_SCHEMA_ORGANIZATION;
    tu_must(vet_entity_add_name(f->ls, en, (vet_str){name, w - 1}, VET_NAME_PRIMARY), id);
  }
  struct vet_error e;
  vet_error_clear(&e);
  tu_must(vet_listset_freeze(f->ls, &e), e.msg);
}

static int setup(void **state)
{
  struct fixture *f = calloc(1, sizeof *f);
  assert_non_null(f);
  generate(f, N_ENT);
  vet_arena_init(&f->a, 64 * 1024);
  vet_arena_init(&f->b, 64 * 1024);
  *state = f;
  return 0;
}

static int teardown(void **state)
{
  struct fixture *f = *state;
  vet_arena_release(&f->a);
  vet_arena_release(&f->b);
  vet_listset_free(f->ls);
  free(f);
  return 0;
}

/* The default match settings, Korean keys common beyond 20 names. */
static struct vet_match_config settings(void)
{
  struct vet_config c;
  vet_config_defaults(&c);
  c.match.max_fuzzy_posting = 20;
  return c.match;
}

/* ---- comparing the two ways ---- */

static void same_hits(const char *what, const struct vet_hits *x, const struct vet_hits *y)
{
  if (x->n != y->n || x->candidates != y->candidates)
    fail_msg("%s: %u hits of %u candidates, scattered %u of %u", what, x->n, x->candidates, y->n, y->candidates);
  for (uint32_t i = 0; i < x->n; i++) {
    const struct vet_hit *a = &x->v[i], *b = &y->v[i];
    if (a->entity != b->entity || a->name != b->name)
      fail_msg("%s: hit %u is '%.*s', scattered '%.*s'", what, i, VET_STR_FMT(a->entity->id),
               VET_STR_FMT(b->entity->id));
    if (memcmp(&a->score, &b->score, sizeof a->score) || memcmp(&a->ex.name_score, &b->ex.name_score, sizeof(double)))
      fail_msg("%s: hit %u scores %.17g, scattered %.17g", what, i, a->score, b->score);
    if (a->ex.n_align != b->ex.n_align || a->ex.n_adj != b->ex.n_adj || a->ex.n_q_unmatched != b->ex.n_q_unmatched ||
        a->ex.n_c_unmatched != b->ex.n_c_unmatched)
      fail_msg("%s: hit %u explained differently", what, i);
  }
}

/* Screen name without a list restriction and restricted to both lists
 * (which takes the scattering code); fail unless they agree.  Returns the
 * unrestricted answer (in f->a). */
static struct vet_hits both_ways(struct fixture *f, struct vet_searcher *s, const char *name, double threshold)
{
  struct vet_query q = {.name = vet_str_c(name), .threshold = threshold, .limit = 1000};
  struct vet_hits walked, scattered;
  vet_arena_reset(&f->a);
  vet_arena_reset(&f->b);
  assert_int_equal(vet_screen(s, &q, &f->a, &walked, NULL), VET_OK);
  q.list_mask = 3;
  assert_int_equal(vet_screen(s, &q, &f->b, &scattered, NULL), VET_OK);
  same_hits(name, &walked, &scattered);
  return walked;
}

/* Queries: every sequence of one to three words out of these, repeats
 * included ("gaiho gaiho"), and a word no list holds. */
static void all_queries(struct fixture *f, const struct vet_match_config *cfg, double threshold)
{
  struct vet_error e;
  vet_error_clear(&e);
  struct vet_index *ix = vet_index_build(f->ls, cfg, &e);
  if (!ix)
    fail_msg("index: %s", e.msg);
  struct vet_searcher *s = vet_searcher_new(ix, &e);
  assert_non_null(s);
  const char *words[] = {"gaiho", "dyachou", "beiha", "trading", "jong",   "chung",  "chol",
                         "myong", "hyok",  "song",    "kwang", "zzyzxq", f->rare0, "pak"};
  size_t nw = VET_COUNTOF(words);
  char q[128];
  for (size_t a = 0; a < nw; a++)
    for (size_t b = 0; b <= nw; b++)
      for (size_t c = 0; c <= nw; c++) {
        if (b == nw && c != nw)
          continue; /* one word: once */
        int n = snprintf(q, sizeof q, "%s%s%s%s%s", words[a], b < nw ? " " : "", b < nw ? words[b] : "",
                         c < nw ? " " : "", c < nw ? words[c] : "");
        assert_true(n > 0 && (size_t)n < sizeof q);
        both_ways(f, s, q, threshold);
      }
  vet_searcher_free(s);
  vet_index_free(ix);
}

/* ---- the tests ---- */

/* The default settings, at the default threshold and a low one (more
 * hits to compare). */
static void test_walk_defaults(void **state)
{
  struct fixture *f = *state;
  struct vet_match_config cfg = settings();
  all_queries(f, &cfg, -1);
  all_queries(f, &cfg, 0.3);
}

/* A cap of 5 candidates: names holding the same words tie, the lowest
 * name ids win, and the walk stops once no later name can beat the
 * fifth. */
static void test_walk_small_cap(void **state)
{
  struct fixture *f = *state;
  struct vet_match_config cfg = settings();
  cfg.max_candidates = 5;
  all_queries(f, &cfg, 0.3);
  cfg.max_candidates = 1;
  all_queries(f, &cfg, 0.3);
}

/* A cap larger than any answer: the walk takes every name that reaches
 * the bar.  "gaiho dyachou": each word weighs the floor, one of them is
 * not the candidate share of both, so the candidates are exactly the
 * names holding both words. */
static void test_walk_every_name(void **state)
{
  struct fixture *f = *state;
  struct vet_match_config cfg = settings();
  cfg.max_candidates = 100000;
  all_queries(f, &cfg, 0.3);
  struct vet_error e;
  vet_error_clear(&e);
  struct vet_index *ix = vet_index_build(f->ls, &cfg, &e);
  assert_non_null(ix);
  struct vet_searcher *s = vet_searcher_new(ix, &e);
  assert_non_null(s);
  assert_true(f->both > 100);
  struct vet_hits h = both_ways(f, s, "gaiho dyachou", 0.3);
  assert_int_equal(h.candidates, f->both);
  assert_true(h.n > 0);
  vet_searcher_free(s);
  vet_index_free(ix);
}

/* The candidate share at its ends: 0 (every name holding any word is a
 * candidate) and 1 (only names holding every word). */
static void test_walk_share(void **state)
{
  struct fixture *f = *state;
  struct vet_match_config cfg = settings();
  cfg.candidate_min_share = 0;
  all_queries(f, &cfg, 0.3);
  cfg.candidate_min_share = 1;
  all_queries(f, &cfg, 0.3);
}

/* Long queries of common words: past the tabled bounds (more than six
 * lists: bounds summed in double, re-summed exactly near the bar), and
 * past the 32 lists the walk takes (the scattering code answers). */
static void test_walk_long_queries(void **state)
{
  struct fixture *f = *state;
  static const char *const words[] = {"gaiho", "dyachou", "beiha", "trading", "jong",
                                      "chol",  "myong",   "hyok",  "song",    "kwang"};
  static const size_t lens[] = {7, 8, 9, 12, 31, 32, 33, 40};
  static const uint32_t caps[] = {1, 5, 200, 100000};
  for (size_t c = 0; c < VET_COUNTOF(caps); c++) {
    struct vet_match_config cfg = settings();
    cfg.max_candidates = caps[c];
    struct vet_error e;
    vet_error_clear(&e);
    struct vet_index *ix = vet_index_build(f->ls, &cfg, &e);
    assert_non_null(ix);
    struct vet_searcher *s = vet_searcher_new(ix, &e);
    assert_non_null(s);
    for (size_t l = 0; l < VET_COUNTOF(lens); l++)
      for (size_t start = 0; start < VET_COUNTOF(words); start++) {
        char q[512];
        size_t w = 0;
        for (size_t k = 0; k < lens[l]; k++) {
          const char *word = words[(start + k * (l + 1)) % VET_COUNTOF(words)];
          size_t n = strlen(word);
          assert_true(w + n + 2 < sizeof q);
          memcpy(q + w, word, n);
          w += n;
          q[w++] = ' ';
        }
        q[w - 1] = 0;
        both_ways(f, s, q, 0.3);
        both_ways(f, s, q, -1);
      }
    vet_searcher_free(s);
    vet_index_free(ix);
  }
}

/* The first pass walks too when the words' lists are long enough: with
 * every list allowed in the first pass (max_posting_share 1, and no cap on
 * Korean-key and skeleton lists, so that a word brings two lists and a
 * name on both gets the first one's add), queries of common words on the
 * larger set, against the scattering. */
static void test_walk_first_pass(void **state)
{
  (void)state;
  struct fixture f = {0};
  generate(&f, N_ENT_LARGE);
  vet_arena_init(&f.a, 64 * 1024);
  vet_arena_init(&f.b, 64 * 1024);
  static const char *const queries[] = {
      "gaiho dyachou beiha", "gaiho gaiho gaiho",   "dyachou beiha trading", "gaiho dyachou beiha trading",
      "gaiho beiha chol",    "trading gaiho jong",  "gaiho dyachou zzyzxq",  "beiha beiha dyachou song",
      "gaiho dyachou",       "gaiho trading kwang", "dyachou dyachou dyachou dyachou",
      "myong kwang gaiho",   "song myong kwang beiha", "gaiho beiha trading",  "kwang gaiho dyachou myong",
      "dyachou trading beiha", "gaiho myong dyachou",  "myong myong gaiho beiha",
      "gaiho dyachou beiha myong", "kwang gaiho dyachou beiha", "gaiho dyachou trading myong kwang",
  };
  static const uint32_t caps[] = {1, 5, 200, 100000};
  for (size_t c = 0; c < 2 * VET_COUNTOF(caps); c++) {
    struct vet_match_config cfg = settings();
    cfg.max_posting_share = 1;
    cfg.max_fuzzy_posting = N_ENT_LARGE;
    cfg.max_candidates = caps[c % VET_COUNTOF(caps)];
    if (c >= VET_COUNTOF(caps)) {
      /* skeletons stronger than Korean keys: the first list a name is on
       * counts, not the best */
      cfg.korean_sim = 0.5;
      cfg.phonetic_sim = 1;
    }
    struct vet_error e;
    vet_error_clear(&e);
    struct vet_index *ix = vet_index_build(f.ls, &cfg, &e);
    assert_non_null(ix);
    struct vet_searcher *s = vet_searcher_new(ix, &e);
    assert_non_null(s);
    for (size_t i = 0; i < VET_COUNTOF(queries); i++) {
      both_ways(&f, s, queries[i], 0.3);
      both_ways(&f, s, queries[i], -1);
    }
    vet_searcher_free(s);
    vet_index_free(ix);
  }
  vet_arena_release(&f.a);
  vet_arena_release(&f.b);
  vet_listset_free(f.ls);
}

/* The id of key "<kind><text>" in ix, IX_NO_KEY when absent. */
static uint32_t key_id(const struct vet_index *ix, char kind, vet_str text)
{
  struct vet_buf b;
  vet_buf_init(&b, 1u << 16);
  vet_str k = vet_ix_key(&b, kind, text);
  uint32_t n, id;
  vet_ix_lookup_hashed(ix, k, vet_strmap_hash(k), &n, &id);
  vet_buf_release(&b);
  return id;
}

/* Every word's key ids are those of its keys (text; Korean key of Korean
 * words; skeleton of words long enough for a phonetic match, and none
 * otherwise), two words with the same key share its id, and every name's
 * signature holds the bits of each of its words' ids: a name the
 * signature rules out holds no such word. */
static void test_name_signatures(void **state)
{
  struct fixture *f = *state;
  struct vet_match_config cfg = settings();
  struct vet_error e;
  vet_error_clear(&e);
  struct vet_index *ix = vet_index_build(f->ls, &cfg, &e);
  assert_non_null(ix);
  assert_int_equal(ix->n_names, N_ENT);
  uint32_t korean = 0, phonetic = 0, generic = 0;
  struct vet_buf kb;
  vet_buf_init(&kb, 256);
  for (uint32_t n = 0; n < ix->n_names; n++) {
    const struct ix_name *xn = &ix->names[n];
    for (uint32_t k = 0; k < xn->n_tok; k++) {
      const struct vet_token *t = &ix->tokens[xn->tok_off + k];
      const struct ix_tokkey *tk = &ix->tokkeys[xn->tok_off + k];
      assert_int_equal(tk->text_id, key_id(ix, KEY_TEXT, t->text));
      assert_int_not_equal(tk->text_id, IX_NO_KEY);
      uint64_t want = vet_ix_sig_text(tk->text_id);
      if (t->flags & VET_TOK_KOREAN) {
        assert_int_equal(tk->kkey_id, key_id(ix, KEY_KOREAN, t->kkey));
        assert_int_not_equal(tk->kkey_id, IX_NO_KEY);
        want |= vet_ix_sig_kkey(tk->kkey_id);
        korean++;
      } else {
        assert_int_equal(tk->kkey_id, IX_NO_KEY);
      }
      if (t->text.len >= cfg.typo_min_len && t->skel.len >= VET_SKEL_MIN) {
        assert_int_equal(tk->skel_id, key_id(ix, KEY_SKEL, t->skel));
        assert_int_not_equal(tk->skel_id, IX_NO_KEY);
        want |= vet_ix_sig_skel(tk->skel_id);
        phonetic++;
      } else {
        assert_int_equal(tk->skel_id, IX_NO_KEY);
      }
      if ((xn->sig & want) != want)
        fail_msg("name %u word '%.*s': signature %#llx lacks %#llx", n, VET_STR_FMT(t->text),
                 (unsigned long long)xn->sig, (unsigned long long)want);
      /* the build's weight (from the key ids) is the one a look-up gives */
      assert_true(t->weight == vet_ix_weight(ix, t, &kb));
      generic += (t->flags & VET_TOK_GENERIC) != 0;
    }
  }
  vet_buf_release(&kb);
  assert_true(korean > 0 && phonetic > 0 && generic > 0);
  vet_index_free(ix);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_walk_defaults),
      cmocka_unit_test(test_walk_small_cap),
      cmocka_unit_test(test_walk_every_name),
      cmocka_unit_test(test_walk_share),
      cmocka_unit_test(test_walk_long_queries),
      cmocka_unit_test(test_walk_first_pass),
      cmocka_unit_test(test_name_signatures),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
