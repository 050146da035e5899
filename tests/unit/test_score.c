/* test_score.c - the name scorer (match/score.c) through vet_compare:
 * score bands and alignments for identical names, swapped order, merged
 * tokens, Hangul against Latin, romanization variants, typos, omissions
 * (Western middle name against Korean syllable), different surnames,
 * single-token aliases, numbers, generic words and legal forms; the
 * Jaro-Winkler reference values; and bounds under extreme settings. */
#include <math.h>

#include "testutil.h"
#include "match/score_int.h"
#include "vetter/match.h"

static double compare(struct tu_names *f, const struct vet_match_config *cfg, const char *a, const char *b,
                      struct vet_explain *ex)
{
  double s = -1;
  struct vet_error e;
  vet_error_clear(&e);
  vet_err rc = vet_compare(f->nz, cfg, vet_str_c(a), vet_str_c(b), VET_SCHEMA_UNKNOWN, &f->a, &s, ex, &e);
  if (rc != VET_OK)
    fail_msg("'%s' vs '%s': rc %s (%s)", a, b, vet_err_name(rc), e.msg);
  if (!(s >= 0.0 && s <= 1.0))
    fail_msg("'%s' vs '%s': score %g outside [0,1]", a, b, s);
  return s;
}

/* "q~c:how" for the alignment of ex that pairs q with c, or NULL. */
static const struct vet_align *find_align(const struct vet_explain *ex, const char *q, const char *c)
{
  for (uint32_t i = 0; i < ex->n_align; i++)
    if (vet_str_eq_c(ex->align[i].q, q) && vet_str_eq_c(ex->align[i].c, c))
      return &ex->align[i];
  return NULL;
}

static const struct vet_adjust *find_adj(const struct vet_explain *ex, const char *name)
{
  for (uint32_t i = 0; i < ex->n_adj; i++)
    if (!strcmp(ex->adj[i].name, name))
      return &ex->adj[i];
  return NULL;
}

static void print_explain(const char *a, const char *b, double s, const struct vet_explain *ex)
{
  print_message("  '%s' vs '%s' = %.4f:", a, b, s);
  for (uint32_t i = 0; i < ex->n_align; i++)
    print_message(" %.*s~%.*s:%s:%.3f", VET_STR_FMT(ex->align[i].q), VET_STR_FMT(ex->align[i].c), ex->align[i].how,
                  ex->align[i].sim);
  for (uint32_t i = 0; i < ex->n_adj; i++)
    print_message(" [%s %.3f->%.3f]", ex->adj[i].name, ex->adj[i].before, ex->adj[i].after);
  print_message("\n");
}

/* Alignment expectations "q~c:how", up to 4 per case; the adjustment
 * that must (or, with "!name", must not) appear. */
struct score_case {
  const char *what, *a, *b;
  double lo, hi; /* lo <= score < hi (hi 1.0 means <= 1) */
  const char *aligns[4];
  const char *adj;
};

static void check_case(struct tu_names *f, const struct score_case *c)
{
  struct vet_explain ex;
  double s = compare(f, &f->cfg.match, c->a, c->b, &ex);
  bool in = s >= c->lo - 1e-9 && (c->hi >= 1.0 ? s <= 1.0 : s < c->hi);
  if (!in) {
    print_explain(c->a, c->b, s, &ex);
    fail_msg("%s: '%s' vs '%s' scored %.4f, want [%.2f, %.2f%c", c->what, c->a, c->b, s, c->lo, c->hi,
             c->hi >= 1.0 ? ']' : ')');
  }
  assert_true(fabs(ex.name_score - s) < 1e-12);
  for (size_t k = 0; k < VET_COUNTOF(c->aligns) && c->aligns[k]; k++) {
    char q[64], cc[64], how[32];
    if (sscanf(c->aligns[k], "%63[^~]~%63[^:]:%31s", q, cc, how) != 3)
      fail_msg("bad expectation '%s'", c->aligns[k]);
    const struct vet_align *al = find_align(&ex, q, cc);
    if (!al || strcmp(al->how, how) != 0) {
      print_explain(c->a, c->b, s, &ex);
      fail_msg("%s: want alignment %s, got %s", c->what, c->aligns[k], al ? al->how : "none");
    }
    if (!(al->sim > 0 && al->sim <= 1.0 && al->weight > 0))
      fail_msg("%s: alignment %s has sim %g weight %g", c->what, c->aligns[k], al->sim, al->weight);
  }
  if (c->adj) {
    bool neg = c->adj[0] == '!';
    const struct vet_adjust *ad = find_adj(&ex, c->adj + neg);
    if (neg ? ad != NULL : ad == NULL) {
      print_explain(c->a, c->b, s, &ex);
      fail_msg("%s: adjustment '%s' %s", c->what, c->adj + neg, neg ? "present" : "missing");
    }
    if (ad && !(ad->after <= ad->before && ad->after >= 0))
      fail_msg("%s: adjustment %s raised the score %g -> %g", c->what, ad->name, ad->before, ad->after);
  }
}

static void run_cases(void **state, const struct score_case *cases, size_t n)
{
  struct tu_names *f = *state;
  for (size_t i = 0; i < n; i++)
    check_case(f, &cases[i]);
  vet_arena_reset(&f->a);
}

#define RUN(cases) run_cases(state, cases, VET_COUNTOF(cases))

static void test_same_name(void **state)
{
  static const struct score_case cases[] = {
      {"identical", "Kim Jong Un", "Kim Jong Un", 1.0, 1.0, {"kim~kim:exact", "jong~jong:exact", "un~un:exact"}, NULL},
      {"case and punctuation", "KIM, Jong-Un", "Kim Jong Un", 1.0, 1.0, {"un~un:exact"}, NULL},
      {"order swapped", "Kim Jong Un", "Jong Un Kim", 1.0, 1.0, {"kim~kim:exact"}, NULL},
      {"surname last, Western", "Smith John", "John Smith", 1.0, 1.0, {"john~john:exact"}, NULL},
      {"merged given name", "Kim Jong-Un", "Kim Jongun", 0.95, 1.0, {"jong un~jongun:merged", "kim~kim:exact"}, NULL},
      {"merged, other side", "Kim Jongun", "Kim Jong Un", 0.95, 1.0, {"jongun~jong un:merged"}, NULL},
      {"merged Korean variant", "Ri Pyongchol", "Ri Pyong Chol", 0.9, 1.0, {"pyongchol~pyong chol:merged"}, NULL},
      {"diacritics", "José María Pérez", "Jose Maria Perez", 1.0, 1.0, {"jose~jose:exact"}, NULL},
  };
  RUN(cases);
}

static void test_korean_variants(void **state)
{
  static const struct score_case cases[] = {
      {"Hangul vs Latin", "Kim Jong Un", "김정은", 0.9, 1.0, {"kim~gim:korean", "jong~jeong:korean", "un~eun:korean"}, NULL},
      {"Hangul vs MR", "Ri Pyong Chol", "리병철", 0.9, 1.0, {"ri~ri:exact", "pyong~byeong:korean", "chol~cheol:korean"}, NULL},
      {"Hangul both", "김정은", "김정은", 1.0, 1.0, {"gim~gim:exact"}, NULL},
      {"RR vs MR", "Ri Pyong Chol", "Rhee Pyeong Cheol", 0.9, 0.99, {"ri~rhee:korean", "pyong~pyeong:korean", "chol~cheol:korean"}, NULL},
      {"Pak/Park", "Pak Chol", "Park Cheol", 0.9, 0.99, {"pak~park:korean", "chol~cheol:korean"}, NULL},
      {"Choe/Choi", "Choe Ryong Hae", "Choi Ryong Hae", 0.95, 1.0, {"choe~choi:korean", "ryong~ryong:exact"}, NULL},
      {"Hyon/Hyun, Yong/Young", "Hyon Yong Chol", "Hyun Young Chul", 0.9, 0.99, {"hyon~hyun:korean", "yong~young:korean", "chol~chul:korean"}, NULL},
      {"Kwang/Gwang, Song/Seong", "Kwang Song", "Gwang Seong", 0.9, 0.99, {"kwang~gwang:korean", "song~seong:korean"}, NULL},
      {"Ri/Lee, Myong/Myung, Hui/Hee", "Ri Myong Hui", "Lee Myung Hee", 0.9, 0.99, {"ri~lee:korean", "myong~myung:korean", "hui~hee:korean"}, NULL},
      {"Hyok/Hyeok", "Ri Hyok", "Lee Hyeok", 0.9, 0.99, {"hyok~hyeok:korean"}, NULL},
      {"Jong/Chung", "Jong Song Il", "Chung Sung Il", 0.9, 0.99, {"jong~chung:korean", "song~sung:korean"}, NULL},
  };
  RUN(cases);
}

static void test_typos(void **state)
{
  static const struct score_case cases[] = {
      {"typo in a long word", "Alexander Mikhailovich", "Alexander Mikhaylovich", 0.9, 0.99, {"mikhailovich~mikhaylovich:typo"}, NULL},
      {"typo in a given name", "Alexandra Smith", "Alexandar Smith", 0.9, 0.99, {"alexandra~alexandar:typo"}, NULL},
      {"transposition", "Christopher Johnson", "Christopher Jonhson", 0.9, 0.99, {"christopher~christopher:exact"}, NULL},
      {"initial", "J. Smith", "John Smith", 0.7, 0.85, {"j~john:initial", "smith~smith:exact"}, NULL},
      {"wrong initial", "K. Smith", "John Smith", 0.0, 0.7, {"smith~smith:exact"}, NULL},
  };
  RUN(cases);
}

/* In a Korean name one letter makes another syllable, and another name:
 * Yong/Pyong, Kwang/Hwang, Jong/Jang.  Such pairs must not align, neither
 * as a typo nor by consonant skeleton. */
static void test_korean_syllables_distinct(void **state)
{
  struct tu_names *f = *state;
  /* these hold today */
  static const struct score_case ok[] = {
      {"Chol/Chon", "Kim Chol", "Kim Chon", 0.0, 0.7, {"kim~kim:exact"}, NULL},
      {"Song/Sok", "Kim Song", "Kim Sok", 0.0, 0.7, {NULL}, NULL},
      {"Kim/Kam", "Kim Jong Un", "Kam Jong Un", 0.0, 0.7, {NULL}, NULL},
      {"Un/Il", "Kim Jong Un", "Kim Jong Il", 0.0, 0.7, {NULL}, NULL},
      {"Jong/Jang (skeletons under VET_SKEL_MIN)", "Kim Jong Un", "Kim Jang Un", 0.0, 0.7, {NULL}, NULL},
  };
  for (size_t i = 0; i < VET_COUNTOF(ok); i++)
    check_case(f, &ok[i]);
  /* Known issue (match/score.c fuzzy): these align as "typo" 0.8 and
   * score 0.933, above the 0.85 default threshold.  A five-letter
   * syllable, and a four-letter one against it, passes the typo_min_len
   * gate, and one letter in five is exactly min_token_sim (0.8), although
   * the comment above fuzzy() names Yong/Pyong as the case the gate
   * excludes; the rule applies even when both tokens are Korean-looking
   * and their Korean keys differ. */
  static const struct {
    const char *a, *b, *qa, *ca;
  } bad[] = {
      {"Kim Yong Chol", "Kim Pyong Chol", "yong", "pyong"},
      {"Kim Ryong Chol", "Kim Pyong Chol", "ryong", "pyong"},
      {"Kim Kwang Chol", "Kim Hwang Chol", "kwang", "hwang"},
      {"Pak Myong Su", "Pak Hyong Su", "myong", "hyong"},
      {"Ri Chong Ho", "Ri Chang Ho", "chong", "chang"},
      {"Choe Ryong Hae", "Choe Ryang Hae", "ryong", "ryang"},
  };
  for (size_t i = 0; i < VET_COUNTOF(bad); i++) {
    struct vet_explain ex;
    double s = compare(f, &f->cfg.match, bad[i].a, bad[i].b, &ex);
    const struct vet_align *al = find_align(&ex, bad[i].qa, bad[i].ca);
#ifdef VET_TEST_KNOWN_ISSUES
    if (al || s >= f->cfg.match.threshold)
      fail_msg("'%s' vs '%s': %s~%s aligned as %s, score %.4f", bad[i].a, bad[i].b, bad[i].qa, bad[i].ca,
               al ? al->how : "-", s);
#else
    if (!al && s < f->cfg.match.threshold)
      print_message("  note: '%s' vs '%s' no longer aligns %s~%s (%.4f): enable VET_TEST_KNOWN_ISSUES\n", bad[i].a,
                    bad[i].b, bad[i].qa, bad[i].ca, s);
#endif
  }
  vet_arena_reset(&f->a);
}

/* Spelling variants of one name that should meet but score low today. */
static void test_known_poor_results(void **state)
{
  struct tu_names *f = *state;
  /* Known issues, each scoring below the 0.85 default threshold:
   * - Mohammed/Muhammad: two edits in eight letters (0.75 < min_token_sim)
   *   and the skeletons collapse to "md" (normalize/name.c skeleton()
   *   merges consonants across dropped vowels), shorter than the
   *   VET_SKEL_MIN letters the phonetic rule needs; normalize.h documents
   *   "mhmd".  Hussein/Husayn ("hsn") is short for it too.
   * - Alexander/Aleksandr: x/ks is not a rewrite anywhere.
   * - Korean names in Russian transcription ("Ким Чен Ын" gives
   *   "kim chen yn" by BGN/PCGN; "Ри Пён Чхоль" gives "ri pen chkhol"). */
  static const struct {
    const char *a, *b;
    double now; /* score today, for the record */
  } cases[] = {
      {"Mohammed Ali", "Muhammad Ali", 0.5},
      {"Hussein Mohammed", "Husayn Muhammad", 0.0},
      {"Alexander Ivanov", "Aleksandr Ivanov", 0.5},
      {"Kim Jong Un", "Ким Чен Ын", 0.33},
      {"Ri Pyong Chol", "Ри Пён Чхоль", 0.33},
  };
#ifdef VET_TEST_KNOWN_ISSUES
  /* Known issue (score.c fuzzy, osa_distance, vet_jaro_winkler): tokens
   * compare by their first 63/64 letters, so two long tokens that differ
   * after that are a perfect "typo" (sim 1), and the merged pair
   * "aaa...b smith" ~ "aaa...c" then wins over it: 0.75 instead of a
   * score that reflects the different letters. */
  char la[80], lb[80];
  memset(la, 'a', 70);
  memcpy(la + 70, "b Smith", 8);
  memset(lb, 'a', 70);
  memcpy(lb + 70, "c Smith", 8);
  struct vet_explain lex;
  compare(f, &f->cfg.match, la, lb, &lex);
  for (uint32_t i = 0; i < lex.n_align; i++)
    if (lex.align[i].sim >= 1.0 && strcmp(lex.align[i].how, "exact") != 0)
      fail_msg("long tokens: %.*s ~ %.*s sim 1 as %s", VET_STR_FMT(lex.align[i].q), VET_STR_FMT(lex.align[i].c),
               lex.align[i].how);
#endif
  for (size_t i = 0; i < VET_COUNTOF(cases); i++) {
    double s = compare(f, &f->cfg.match, cases[i].a, cases[i].b, NULL);
#ifdef VET_TEST_KNOWN_ISSUES
    if (s < f->cfg.match.threshold)
      fail_msg("'%s' vs '%s': %.4f, want at least %.2f", cases[i].a, cases[i].b, s, f->cfg.match.threshold);
#else
    if (s >= f->cfg.match.threshold)
      print_message("  note: '%s' vs '%s' now scores %.4f (was %.2f): enable VET_TEST_KNOWN_ISSUES\n", cases[i].a,
                    cases[i].b, s, cases[i].now);
#endif
  }
  vet_arena_reset(&f->a);
}

static void test_omissions(void **state)
{
  struct tu_names *f = *state;
  static const struct score_case cases[] = {
      {"missing middle name", "John Michael Smith", "John Smith", 0.85, 0.95, {"john~john:exact", "smith~smith:exact"}, NULL},
      {"missing middle name, other side", "John Smith", "John Michael Smith", 0.85, 0.95, {NULL}, NULL},
      {"extra suffix", "Kim Jong Un", "Kim Jong Un Jr", 0.85, 0.95, {NULL}, NULL},
      {"missing legal form", "Kangbong Trading", "Kangbong Trading Corp", 0.9, 1.0, {"kangbong~kangbong:exact"}, NULL},
      {"missing Korean syllable", "Kim Jong", "Kim Jong Un", 0.0, 0.85, {NULL}, NULL},
      {"missing Korean surname", "Jong Un", "Kim Jong Un", 0.0, 0.85, {NULL}, NULL},
      {"different surname", "Kim Jong Un", "Pak Jong Un", 0.0, 0.7, {"jong~jong:exact"}, NULL},
      {"different given syllable", "Kim Jong Un", "Kim Jong Il", 0.0, 0.7, {NULL}, NULL},
      {"single-token alias vs two tokens", "Kim", "Kim Jong", 0.0, 0.7, {"kim~kim:exact"}, NULL},
      {"single-token alias, Western", "Lucas Johnson", "Lucas", 0.0, 0.7, {NULL}, NULL},
      {"nothing in common", "Smith", "Jones", 0.0, 0.01, {NULL}, NULL},
  };
  RUN(cases);
  /* Korean syllables are not optional the way a Western middle name is */
  double west = compare(f, &f->cfg.match, "John Michael Smith", "John Smith", NULL);
  double kor = compare(f, &f->cfg.match, "Kim Jong", "Kim Jong Un", NULL);
  assert_true(kor < west);
  assert_true(west >= f->cfg.match.threshold);
  assert_true(kor < f->cfg.match.threshold);
  vet_arena_reset(&f->a);
}

static void test_numbers_and_generic(void **state)
{
  static const struct score_case cases[] = {
      {"same number", "Ocean Star 1", "Ocean Star 1", 1.0, 1.0, {"1~1:number"}, "!number_mismatch"},
      {"different numbers", "Ocean Star 1", "Ocean Star 2", 0.0, 0.5, {"ocean~ocean:exact"}, "number_mismatch"},
      {"number prefix", "Ocean Star 1", "Ocean Star 12", 0.0, 0.5, {NULL}, "number_mismatch"},
      {"number on one side only", "Ocean Star", "Ocean Star 1", 0.8, 0.95, {NULL}, "!number_mismatch"},
      {"different names, same generic words", "Alpha Trading Company", "Beta Trading Company", 0.0, 0.3,
       {"trading~trading:exact", "co~co:exact"}, "generic_only"},
      {"generic words only, one side longer", "Trading Company", "Trading Company Ltd", 0.0, 1.0, {"co~co:exact"}, NULL},
      {"legal form spelled out", "Kangbong Trading Corporation", "Kangbong Trading Corp", 0.95, 1.0,
       {"kangbong~kangbong:exact", "corp~corp:exact"}, "!generic_only"},
      {"legal form variants", "Korea Sobaeksu United Corp", "Korea Sobaeksu United Corporation", 0.95, 1.0, {"corp~corp:exact"}, NULL},
      {"limited/ltd", "Acme Limited", "ACME LTD.", 0.95, 1.0, {"ltd~ltd:exact"}, NULL},
      {"company/co", "Daedong Credit Bank Company", "Daedong Credit Bank Co", 0.95, 1.0, {"co~co:exact"}, NULL},
  };
  RUN(cases);
  /* "Trading Company" against a longer all-generic name: whatever the
   * score, two different companies sharing only generic words stay low */
  struct tu_names *f = *state;
  struct vet_explain ex;
  double s = compare(f, &f->cfg.match, "Trading Company", "Trading Company Ltd", &ex);
  double real = compare(f, &f->cfg.match, "Alpha Trading Company", "Beta Trading Company", NULL);
  assert_true(real < f->cfg.match.threshold);
  (void)s;
  vet_arena_reset(&f->a);
}

static void test_edge_inputs(void **state)
{
  struct tu_names *f = *state;
  struct vet_explain ex;
  /* empty on either side: 0, no alignment */
  assert_true(compare(f, &f->cfg.match, "", "Kim Jong Un", &ex) == 0.0);
  assert_int_equal(ex.n_align, 0);
  assert_true(compare(f, &f->cfg.match, "Kim", "", &ex) == 0.0);
  assert_true(compare(f, &f->cfg.match, "!!!", "???", NULL) == 0.0);
  /* invalid UTF-8 on either side: VET_EPARSE */
  double s = 0.5;
  struct vet_error e;
  assert_int_equal(vet_compare(f->nz, &f->cfg.match, vet_str_c("Kim \xFF"), vet_str_c("Kim"), VET_SCHEMA_UNKNOWN,
                               &f->a, &s, NULL, &e),
                   VET_EPARSE);
  assert_int_equal(vet_compare(f->nz, &f->cfg.match, vet_str_c("Kim"), vet_str_c("\xC3"), VET_SCHEMA_PERSON, &f->a,
                               &s, NULL, &e),
                   VET_EPARSE);
  /* more tokens than the scorer aligns: still a score in [0,1] */
  char many[1024];
  size_t w = 0;
  for (int i = 0; i < 80 && w + 12 < sizeof many; i++)
    w += (size_t)snprintf(many + w, sizeof many - w, "w%c%c ", 'a' + i % 26, 'a' + (i / 26) % 26);
  s = compare(f, &f->cfg.match, many, many, &ex);
  assert_true(s > 0.99);
  s = compare(f, &f->cfg.match, many, "Kim Jong Un", &ex);
  /* unmatched lists are filled */
  s = compare(f, &f->cfg.match, "Kim Jong Un", "Kim Chol", &ex);
  assert_int_equal(ex.n_q_unmatched, 2);
  assert_int_equal(ex.n_c_unmatched, 1);
  assert_true(vet_str_eq_c(ex.c_unmatched[0], "chol"));
  /* ex may be NULL */
  s = compare(f, &f->cfg.match, "Kim Jong Un", "Kim Jong Un", NULL);
  assert_true(s == 1.0);
  vet_arena_reset(&f->a);
}

/* Score a against b equals b against a for these (no ties broken by side). */
static void test_symmetry(void **state)
{
  struct tu_names *f = *state;
  static const char *const pairs[][2] = {
      {"Kim Jong Un", "김정은"},           {"Kim Jong-Un", "Kim Jongun"},
      {"John Michael Smith", "John Smith"}, {"Ocean Star 1", "Ocean Star 2"},
      {"Alpha Trading Company", "Beta Trading Company"}, {"Ri Pyong Chol", "Rhee Pyeong Cheol"},
      {"Alexander Mikhailovich", "Alexander Mikhaylovich"}, {"Kim Jong", "Kim Jong Un"},
  };
  for (size_t i = 0; i < VET_COUNTOF(pairs); i++) {
    double ab = compare(f, &f->cfg.match, pairs[i][0], pairs[i][1], NULL);
    double ba = compare(f, &f->cfg.match, pairs[i][1], pairs[i][0], NULL);
    if (fabs(ab - ba) > 1e-9)
      fail_msg("'%s' vs '%s': %.6f one way, %.6f the other", pairs[i][0], pairs[i][1], ab, ba);
  }
  vet_arena_reset(&f->a);
}

/* Whatever the settings (each at its documented bounds), scores stay in
 * [0,1], and a multiplier that lowers a score never raises it. */
static void test_bounds_under_settings(void **state)
{
  struct tu_names *f = *state;
  static const char *const pairs[][2] = {
      {"Kim Jong Un", "김정은"},          {"Ocean Star 1", "Ocean Star 2"},
      {"Alpha Trading Company", "Beta Trading Company"}, {"John Michael Smith", "John Smith"},
      {"J. Smith", "John Smith"},          {"Trading Company", "Trading Company Ltd"},
      {"Kim Jong-Un", "Kim Jongun"},       {"Christopher Johnson", "Christopher Jonhson"},
  };
  static const char *const keys[] = {"match.korean_sim",        "match.phonetic_sim",     "match.initial_sim",
                                     "match.min_token_sim",     "match.omission_weight",  "match.generic_weight",
                                     "match.number_mismatch_factor", "match.generic_only_factor"};
  static const char *const vals[] = {"0", "1", "0.5"};
  for (size_t k = 0; k < VET_COUNTOF(keys); k++)
    for (size_t v = 0; v < VET_COUNTOF(vals); v++) {
      struct vet_config c;
      vet_config_defaults(&c);
      assert_int_equal(vet_config_set(&c, keys[k], vet_str_c(vals[v]), NULL), VET_OK);
      for (size_t i = 0; i < VET_COUNTOF(pairs); i++) {
        struct vet_explain ex;
        double s = compare(f, &c.match, pairs[i][0], pairs[i][1], &ex); /* checks [0,1] */
        for (uint32_t j = 0; j < ex.n_align; j++)
          if (!(ex.align[j].sim >= 0 && ex.align[j].sim <= 1))
            fail_msg("%s=%s: '%s' vs '%s' alignment sim %g", keys[k], vals[v], pairs[i][0], pairs[i][1],
                     ex.align[j].sim);
        for (uint32_t j = 0; j < ex.n_adj; j++)
          if (ex.adj[j].after > ex.adj[j].before + 1e-12 || ex.adj[j].after < 0)
            fail_msg("%s=%s: %s raised %g to %g", keys[k], vals[v], ex.adj[j].name, ex.adj[j].before,
                     ex.adj[j].after);
        (void)s;
      }
      vet_arena_reset(&f->a);
    }
  /* all token weights zero (vet_score_names with caller weights): 0, not NaN */
  struct vet_name_norm q, c;
  assert_int_equal(vet_name_normalize(f->nz, &f->a, vet_str_c("Kim Jong Un"), &q, NULL), VET_OK);
  assert_int_equal(vet_name_normalize(f->nz, &f->a, vet_str_c("Kim Jong Un"), &c, NULL), VET_OK);
  for (uint32_t i = 0; i < q.n; i++)
    q.tok[i].weight = c.tok[i].weight = 0;
  double s = vet_score_names(&f->cfg.match, &q, &c, &f->a, NULL);
  assert_true(s >= 0.0 && s <= 1.0);
  /* one side weighted much more: still in [0,1] */
  for (uint32_t i = 0; i < q.n; i++)
    q.tok[i].weight = 100.0f;
  s = vet_score_names(&f->cfg.match, &q, &c, &f->a, NULL);
  assert_true(s >= 0.0 && s <= 1.0);
  vet_arena_reset(&f->a);
}

static void test_jaro_winkler(void **state)
{
  (void)state;
  static const struct {
    const char *a, *b;
    double want;
  } cases[] = {
      {"MARTHA", "MARHTA", 0.961}, {"DWAYNE", "DUANE", 0.840},  {"DIXON", "DICKSONX", 0.813},
      {"abc", "abc", 1.0},         {"", "", 1.0},               {"abc", "", 0.0},
      {"abc", "xyz", 0.0},         {"JELLYFISH", "SMELLYFISH", 0.896},
  };
  for (size_t i = 0; i < VET_COUNTOF(cases); i++) {
    double ab = vet_jaro_winkler(vet_str_c(cases[i].a), vet_str_c(cases[i].b));
    double ba = vet_jaro_winkler(vet_str_c(cases[i].b), vet_str_c(cases[i].a));
    if (fabs(ab - cases[i].want) > 0.001)
      fail_msg("'%s' '%s': %.4f, want %.3f", cases[i].a, cases[i].b, ab, cases[i].want);
    if (fabs(ab - ba) > 1e-12)
      fail_msg("'%s' '%s': %.6f but %.6f reversed", cases[i].a, cases[i].b, ab, ba);
  }
  /* long strings compare by their first 64 bytes, within bounds */
  char a[200], b[200];
  memset(a, 'a', sizeof a);
  memset(b, 'a', sizeof b);
  b[150] = 'b';
  double s = vet_jaro_winkler((vet_str){a, sizeof a}, (vet_str){b, sizeof b});
  assert_true(s >= 0.0 && s <= 1.0);
}

/* The optimal-string-alignment distance by its definition (substitution,
 * insertion, deletion, adjacent transposition; full table). */
static size_t osa_reference(const char *a, size_t n, const char *b, size_t m)
{
  static size_t d[64][64];
  for (size_t i = 0; i <= n; i++)
    d[i][0] = i;
  for (size_t j = 0; j <= m; j++)
    d[0][j] = j;
  for (size_t i = 1; i <= n; i++)
    for (size_t j = 1; j <= m; j++) {
      size_t v = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
      v = VET_MIN(v, d[i - 1][j] + 1);
      v = VET_MIN(v, d[i][j - 1] + 1);
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        v = VET_MIN(v, d[i - 2][j - 2] + 1);
      d[i][j] = v;
    }
  return d[n][m];
}

/* Every string of up to SHORT_MAXLEN letters over a three-letter alphabet
 * (and the empty string), shortest first: SHORT_WORDS of them. */
#define SHORT_MAXLEN 6
#define SHORT_WORDS 1093
static void short_words(char words[SHORT_WORDS][SHORT_MAXLEN + 1], size_t lens[SHORT_WORDS])
{
  enum { ALPHA = 3 };
  size_t nw = 0;
  for (size_t len = 0; len <= SHORT_MAXLEN; len++) {
    size_t count = 1;
    for (size_t k = 0; k < len; k++)
      count *= ALPHA;
    for (size_t v = 0; v < count; v++, nw++) {
      size_t x = v;
      for (size_t k = 0; k < len; k++, x /= ALPHA)
        words[nw][k] = (char)('a' + x % ALPHA);
      lens[nw] = len;
    }
  }
  assert_int_equal(nw, SHORT_WORDS);
}

/* vet_edits_upto_one, the one-edit typo test, against the definition on
 * every pair of strings of up to six letters over a three-letter
 * alphabet (and the empty string): 0 and 1 exact, 2 for anything more. */
static void test_edits_upto_one(void **state)
{
  (void)state;
  static char words[SHORT_WORDS][SHORT_MAXLEN + 1];
  size_t lens[SHORT_WORDS], nw = SHORT_WORDS;
  short_words(words, lens);
  size_t ones = 0;
  for (size_t i = 0; i < nw; i++)
    for (size_t j = 0; j < nw; j++) {
      size_t want = osa_reference(words[i], lens[i], words[j], lens[j]);
      size_t got = vet_edits_upto_one((vet_str){words[i], lens[i]}, (vet_str){words[j], lens[j]});
      if (got != VET_MIN(want, (size_t)2))
        fail_msg("'%.*s' '%.*s': distance %zu, got %zu", (int)lens[i], words[i], (int)lens[j], words[j], want, got);
      ones += want == 1;
    }
  assert_true(ones > 10000);
}

/* vet_osa_distance, the bit-parallel distance of longer tokens, against
 * the dynamic program: every pair of the short words above at bounds 0 to
 * 3 and unbounded, and random words of up to 63 letters with a few edits
 * (substitutions, insertions, deletions, swaps) at random bounds. */
static void test_osa_distance(void **state)
{
  (void)state;
  static char words[SHORT_WORDS][SHORT_MAXLEN + 1];
  size_t lens[SHORT_WORDS], nw = SHORT_WORDS;
  short_words(words, lens);
  static const size_t bounds[] = {0, 1, 2, 3, 64};
  for (size_t i = 0; i < nw; i++)
    for (size_t j = 0; j < nw; j++) {
      size_t want = osa_reference(words[i], lens[i], words[j], lens[j]);
      for (size_t b = 0; b < VET_COUNTOF(bounds); b++) {
        size_t k = bounds[b];
        size_t got = vet_osa_distance((vet_str){words[i], lens[i]}, (vet_str){words[j], lens[j]}, k);
        if (got != VET_MIN(want, k + 1))
          fail_msg("'%.*s' '%.*s' within %zu: distance %zu, got %zu", (int)lens[i], words[i], (int)lens[j],
                   words[j], k, want, got);
      }
    }
  uint64_t rnd = 20261127;
#define NEXT() (rnd = rnd * 6364136223846793005ull + 1442695040888963407ull, (size_t)(rnd >> 33))
  size_t far = 0;
  for (int t = 0; t < 20000; t++) {
    char a[64], b[80];
    size_t n = NEXT() % 64, m = n;
    for (size_t i = 0; i < n; i++)
      a[i] = (char)('a' + NEXT() % 4);
    memcpy(b, a, n);
    for (size_t e = NEXT() % 6; e > 0; e--) {
      size_t op = NEXT() % 4, at = m ? NEXT() % m : 0;
      if (op == 0 && m) /* substitute */
        b[at] = (char)('a' + NEXT() % 4);
      else if (op == 1 && m < 63) { /* insert */
        memmove(b + at + 1, b + at, m - at);
        b[at] = (char)('a' + NEXT() % 4);
        m++;
      } else if (op == 2 && m) { /* delete */
        memmove(b + at, b + at + 1, m - at - 1);
        m--;
      } else if (at + 1 < m) { /* swap neighbours */
        char x = b[at];
        b[at] = b[at + 1];
        b[at + 1] = x;
      }
    }
    size_t want = osa_reference(a, n, b, m), k = NEXT() % 8;
    size_t got = vet_osa_distance((vet_str){a, n}, (vet_str){b, m}, k);
    if (got != VET_MIN(want, k + 1))
      fail_msg("'%.*s' '%.*s' within %zu: distance %zu, got %zu", (int)n, a, (int)m, b, k, want, got);
    far += want > k;
  }
#undef NEXT
  assert_true(far > 1000 && far < 19000); /* both outcomes well represented */
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_same_name),
      cmocka_unit_test(test_korean_variants),
      cmocka_unit_test(test_typos),
      cmocka_unit_test(test_korean_syllables_distinct),
      cmocka_unit_test(test_known_poor_results),
      cmocka_unit_test(test_omissions),
      cmocka_unit_test(test_numbers_and_generic),
      cmocka_unit_test(test_edge_inputs),
      cmocka_unit_test(test_symmetry),
      cmocka_unit_test(test_bounds_under_settings),
      cmocka_unit_test(test_jaro_winkler),
      cmocka_unit_test(test_edits_upto_one),
      cmocka_unit_test(test_osa_distance),
  };
  return cmocka_run_group_tests(tests, tu_names_setup, tu_names_teardown);
}
