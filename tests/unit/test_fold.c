/* test_fold.c - normalize/fold.c: NFKC + case fold + mark stripping
 * (vet_fold) and the punctuation-collapsing lookup key (vet_fold_key),
 * with invalid UTF-8 and the buffer cap. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "normalize/fold.h"

/* S() initializes table entries; SV() is the same as an expression. */
#define S(lit) {(lit), sizeof(lit) - 1}
#define SV(lit) ((vet_str)S(lit))

struct fcase {
  const char *name;
  vet_str in;
  const char *want;
};

static void test_fold(void **state)
{
  (void)state;
  static const struct {
    const char *name;
    vet_str in, want;
  } cases[] = {
      {"precomposed", S("M\xC3\xBCller"), S("muller")},
      {"upper case", S("M\xC3\x9CLLER"), S("muller")},
      {"decomposed u+U+0308", S("Mu\xCC\x88ller"), S("muller")},
      {"titlecase digraph U+01C5", S("\xC7\x85"), S("dz")},
      {"fullwidth", S("\xEF\xBC\xA1\xEF\xBC\xA2\xEF\xBC\xA3"), S("abc")},
      {"sharp s", S("\xC3\x9F"), S("ss")},
      {"capital sharp s U+1E9E", S("\xE1\xBA\x9E"), S("ss")},
      {"ligature fi", S("\xEF\xAC\x81"), S("fi")},
      {"accents", S("Jos\xC3\xA9 MAR\xC3\x8D" "A"), S("jose maria")},
      {"dotted capital I", S("\xC4\xB0stanbul"), S("istanbul")},
      {"Turkiye", S("T\xC3\xBCrkiye"), S("turkiye")},
      {"Cyrillic", S("\xD0\x9A\xD0\xBE\xD1\x80\xD0\xB5\xD1\x8F"), S("\xD0\xBA\xD0\xBE\xD1\x80\xD0\xB5\xD1\x8F")},
      {"Greek final sigma folds to sigma", S("\xCE\xA3\xCE\x8A\xCE\xA3\xCE\xA5\xCE\xA6\xCE\x9F\xCE\xA3"),
       S("\xCF\x83\xCE\xB9\xCF\x83\xCF\x85\xCF\x86\xCE\xBF\xCF\x83")},
      {"Hangul unchanged", S("\xEA\xB9\x80\xEC\xA0\x95\xEC\x9D\x80"), S("\xEA\xB9\x80\xEC\xA0\x95\xEC\x9D\x80")},
      {"zero-width space dropped", S("a\xE2\x80\x8B" "b"), S("ab")},
      {"ASCII keeps punctuation", S("O'Neil, Kim-Jong"), S("o'neil, kim-jong")},
      {"ASCII digits", S("UNIT 180"), S("unit 180")},
      {"empty", S(""), S("")},
      {"ASCII NUL kept", S("A\0B"), S("a\0b")},
  };
  for (size_t i = 0; i < VET_COUNTOF(cases); i++) {
    struct vet_buf b;
    vet_buf_init(&b, 1024);
    vet_err rc = vet_fold(cases[i].in, &b);
    if (rc != VET_OK)
      fail_msg("%s: rc %d", cases[i].name, rc);
    if (!vet_str_eq(vet_buf_str(&b), cases[i].want))
      fail_msg("%s: got '%s', want '%.*s'", cases[i].name, vet_buf_cstr(&b), VET_STR_FMT(cases[i].want));
    vet_buf_release(&b);
  }
}

static void test_fold_appends(void **state)
{
  (void)state;
  struct vet_buf b;
  vet_buf_init(&b, 64);
  assert_int_equal(vet_buf_append_c(&b, "name:"), VET_OK);
  assert_int_equal(vet_fold(SV("M\xC3\x9CLLER"), &b), VET_OK);
  assert_int_equal(vet_buf_putc(&b, '|'), VET_OK);
  assert_int_equal(vet_fold(SV("KIM"), &b), VET_OK);
  assert_string_equal(vet_buf_cstr(&b), "name:muller|kim");
  vet_buf_release(&b);
}

static void test_fold_invalid(void **state)
{
  (void)state;
  static const struct {
    const char *name;
    vet_str in;
  } cases[] = {
      {"Latin-1", S("M\xFCller")},
      {"overlong NUL", S("\xC0\x80")},
      {"overlong slash", S("a\xC0\xAF")},
      {"surrogate", S("\xED\xA0\x80")},
      {"beyond U+10FFFF", S("\xF4\x90\x80\x80")},
      {"truncated", S("Kim \xEA\xB9")},
      {"stray continuation", S("\x80" "abc")},
      {"0xFF", S("\xC3\xA9\xFF")},
  };
  for (size_t i = 0; i < VET_COUNTOF(cases); i++) {
    struct vet_buf b;
    vet_buf_init(&b, 1024);
    vet_err rc = vet_fold(cases[i].in, &b);
    if (rc != VET_EPARSE)
      fail_msg("fold %s: rc %d, want parse error", cases[i].name, rc);
    vet_buf_reset(&b);
    rc = vet_fold_key(cases[i].in, &b);
    if (rc != VET_EPARSE)
      fail_msg("fold_key %s: rc %d, want parse error", cases[i].name, rc);
    vet_buf_release(&b);
  }
}

static void test_fold_limit(void **state)
{
  (void)state;
  static const struct {
    vet_str in;
    size_t max;
    vet_err rc;
  } cases[] = {
      {S("abc"), 3, VET_OK},
      {S("abcd"), 3, VET_ELIMIT},
      {S("M\xC3\xBCller"), 6, VET_OK},
      {S("M\xC3\xBCller"), 5, VET_ELIMIT},
      {S("\xC3\x9F"), 1, VET_ELIMIT}, /* "ss" is longer than the input's letters */
      {S("\xEF\xAC\x81"), 2, VET_OK},
  };
  for (size_t i = 0; i < VET_COUNTOF(cases); i++) {
    struct vet_buf b;
    vet_buf_init(&b, cases[i].max);
    vet_err rc = vet_fold(cases[i].in, &b);
    if (rc != cases[i].rc)
      fail_msg("case %zu: rc %d, want %d", i, rc, cases[i].rc);
    assert_true(b.len <= cases[i].max);
    vet_buf_reset(&b);
    rc = vet_fold_key(cases[i].in, &b);
    if (rc != cases[i].rc)
      fail_msg("key case %zu: rc %d, want %d", i, rc, cases[i].rc);
    assert_true(b.len <= cases[i].max);
    vet_buf_release(&b);
  }
}

static void test_fold_key(void **state)
{
  (void)state;
  static const struct fcase cases[] = {
      {"comma", S("Korea, North"), "korea north"},
      {"apostrophe", S("Democratic People's Republic of Korea"), "democratic people s republic of korea"},
      {"runs and ends", S("  --Kim  Jong-Un!! "), "kim jong un"},
      {"code", S("DPRK"), "dprk"},
      {"parentheses", S("Korea (the Democratic People\xE2\x80\x99s Republic of)"),
       "korea the democratic people\xE2\x80\x99s republic of"}, /* only ASCII punctuation collapses */
      {"fullwidth comma", S("Korea\xEF\xBC\x8CNorth"), "korea north"},
      {"no-break spaces", S("\xC2\xA0North\xC2\xA0Korea\xC2\xA0"), "north korea"},
      {"tabs and newlines", S("north\t\r\nkorea"), "north korea"},
      {"umlaut", S("T\xC3\xBCrkiye"), "turkiye"},
      {"digits kept", S("Unit 180, Bureau 121"), "unit 180 bureau 121"},
      {"Cyrillic words",
       S("\xD0\x9A\xD0\x9D\xD0\x94\xD0\xA0-\xD0\x9A\xD0\xBE\xD1\x80\xD0\xB5\xD1\x8F"),
       "\xD0\xBA\xD0\xBD\xD0\xB4\xD1\x80 \xD0\xBA\xD0\xBE\xD1\x80\xD0\xB5\xD1\x8F"},
      {"only punctuation", S(" .,;:-!? "), ""},
      {"empty", S(""), ""},
  };
  for (size_t i = 0; i < VET_COUNTOF(cases); i++) {
    struct vet_buf b;
    vet_buf_init(&b, 1024);
    vet_err rc = vet_fold_key(cases[i].in, &b);
    if (rc != VET_OK)
      fail_msg("%s: rc %d", cases[i].name, rc);
    if (!vet_str_eq_c(vet_buf_str(&b), cases[i].want))
      fail_msg("%s: got '%s', want '%s'", cases[i].name, vet_buf_cstr(&b), cases[i].want);
    vet_buf_release(&b);
  }
}

/* The ASCII path of vet_fold_key against its definition: vet_fold, then
 * every run of ASCII punctuation or space as one space, none at the ends;
 * on random ASCII strings, appended after earlier content. */
static void test_fold_key_ascii(void **state)
{
  (void)state;
  static const char alphabet[] = "aZ09 ,.-'(\t)Qx";
  uint64_t r = 20261127;
  for (int n = 0; n < 20000; n++) {
    char in[24];
    r = r * 6364136223846793005u + 1442695040888963407u;
    size_t len = (size_t)(r >> 59) % sizeof in;
    for (size_t i = 0; i < len; i++) {
      r = r * 6364136223846793005u + 1442695040888963407u;
      in[i] = alphabet[(r >> 33) % (sizeof alphabet - 1)];
    }
    struct vet_buf folded, want, got;
    vet_buf_init(&folded, 1024);
    vet_buf_init(&want, 1024);
    vet_buf_init(&got, 1024);
    const char *prefix = n % 3 == 0 ? "" : n % 3 == 1 ? "x " : "y";
    assert_int_equal(vet_buf_append(&want, vet_str_c(prefix)), VET_OK);
    assert_int_equal(vet_buf_append(&got, vet_str_c(prefix)), VET_OK);
    assert_int_equal(vet_fold((vet_str){in, len}, &folded), VET_OK);
    bool space = true;
    for (size_t i = 0; i < folded.len; i++) {
      unsigned char c = (unsigned char)folded.ptr[i];
      if (!vet_is_alnum(c)) {
        if (!space)
          assert_int_equal(vet_buf_putc(&want, ' '), VET_OK);
        space = true;
      } else {
        assert_int_equal(vet_buf_putc(&want, (char)c), VET_OK);
        space = false;
      }
    }
    if (want.len && want.ptr[want.len - 1] == ' ')
      want.ptr[--want.len] = 0;
    assert_int_equal(vet_fold_key((vet_str){in, len}, &got), VET_OK);
    if (!vet_str_eq(vet_buf_str(&got), vet_buf_str(&want)))
      fail_msg("'%.*s': got '%s', want '%s'", (int)len, in, vet_buf_cstr(&got), vet_buf_cstr(&want));
    if (!prefix[0]) { /* the same key on the stack */
      char key[sizeof in + 1];
      size_t kn = vet_fold_key_ascii((vet_str){in, len}, key, sizeof key);
      if (kn != want.len || memcmp(key, want.ptr, kn) || key[kn])
        fail_msg("'%.*s': vet_fold_key_ascii gave '%s', want '%s'", (int)len, in, key, vet_buf_cstr(&want));
    }
    vet_buf_release(&folded);
    vet_buf_release(&want);
    vet_buf_release(&got);
  }
  char small[4];
  assert_true(vet_fold_key_ascii(vet_str_c("abcd"), small, sizeof small) == SIZE_MAX); /* no room */
  assert_true(vet_fold_key_ascii(vet_str_c("M\xc3\xbcller"), small, sizeof small) == SIZE_MAX); /* not ASCII */
  char five[5];
  assert_true(vet_fold_key_ascii(vet_str_c("A, b"), five, sizeof five) == 3 && !strcmp(five, "a b"));
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_fold),       cmocka_unit_test(test_fold_appends), cmocka_unit_test(test_fold_invalid),
      cmocka_unit_test(test_fold_limit), cmocka_unit_test(test_fold_key),
      cmocka_unit_test(test_fold_key_ascii),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
