/* test_str.c - core/str.c: the vet_str helpers, UTF-8 validation and
 * decoding (overlongs, surrogates, truncation, > U+10FFFF and the offset
 * reported), checked number parsing and the capped vet_buf. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "core/common.h"

/* vet_str over literals that may hold NULs. */
/* S() initializes table entries; SV() is the same as an expression. */
#define S(lit) {(lit), sizeof(lit) - 1}
#define SV(lit) ((vet_str)S(lit))

static void test_str_c_and_eq(void **state)
{
  (void)state;
  vet_str n = vet_str_c(NULL);
  assert_non_null(n.ptr);
  assert_int_equal(n.len, 0);
  assert_int_equal(vet_str_c("Kim").len, 3);

  /* an empty string equals another however its pointer is set */
  assert_true(vet_str_eq(VET_STR_NULL, VET_LIT("")));
  assert_true(vet_str_eq(VET_LIT(""), VET_STR_NULL));
  assert_true(vet_str_eq(SV("a\0b"), SV("a\0b")));
  assert_false(vet_str_eq(SV("a\0b"), SV("a\0c")));
  assert_false(vet_str_eq(VET_LIT("Kim"), VET_LIT("Kim ")));
  assert_true(vet_str_eq_c(VET_LIT("DPRK"), "DPRK"));
  assert_false(vet_str_eq_c(VET_LIT("DPRK"), "dprk"));
  assert_false(vet_str_eq_c(SV("ab\0"), "ab")); /* length counts */
  assert_true(vet_str_eq_c(VET_STR_NULL, ""));
}

static void test_str_is_ascii(void **state)
{
  (void)state;
  assert_true(vet_str_is_ascii(VET_STR_NULL));
  assert_true(vet_str_is_ascii(SV("Kim Jong-Un \x7f")));
  assert_false(vet_str_is_ascii(SV("Jos\xC3\xA9")));              /* é */
  assert_false(vet_str_is_ascii(SV("\xEA\xB9\x80 Kim")));          /* 김 first */
  assert_false(vet_str_is_ascii(SV("ab\0\x80")));                  /* past a NUL: the length counts */
}

static void test_str_ieq_and_prefix(void **state)
{
  (void)state;
  static const struct {
    const char *a, *b;
    bool ieq, starts, istarts;
  } cases[] = {
      {"KoReA", "korea", true, false, true},
      {"korea", "korea", true, true, true},
      {"Korea, North", "korea", false, false, true},
      {"Korea, North", "Korea", false, true, true},
      {"Kor", "korea", false, false, false}, /* prefix longer than s */
      {"", "", true, true, true},
      {"", "k", false, false, false},
      {"Xorea", "korea", false, false, false}, /* differs in the first letter only */
      {"kOREA", "Korea", true, false, true},
      {"abc", "", false, true, true},
      {"M\xC3\xBCller", "m\xC3\xBC", false, false, true}, /* bytes >= 0x80 compare exactly */
      {"M\xC3\x9CLLER", "m\xC3\xBC", false, false, false}, /* no Unicode case mapping */
  };
  for (size_t i = 0; i < VET_COUNTOF(cases); i++) {
    vet_str a = vet_str_c(cases[i].a);
    assert_int_equal(vet_str_ieq_c(a, cases[i].b), cases[i].ieq);
    assert_int_equal(vet_str_starts_with(a, cases[i].b), cases[i].starts);
    assert_int_equal(vet_str_istarts_with(a, cases[i].b), cases[i].istarts);
  }
}

static void test_str_trim(void **state)
{
  (void)state;
  static const struct {
    const char *in, *want;
  } cases[] = {
      {"  Kim Jong Un  ", "Kim Jong Un"},
      {"\t\r\n a b \r\n", "a b"},
      {"\v\fx\f\v", "x"},
      {"   ", ""},
      {"", ""},
      {"no-space", "no-space"},
      {"\xC2\xA0x\xC2\xA0", "\xC2\xA0x\xC2\xA0"}, /* only ASCII white space */
  };
  for (size_t i = 0; i < VET_COUNTOF(cases); i++) {
    vet_str t = vet_str_trim(vet_str_c(cases[i].in));
    assert_true(vet_str_eq_c(t, cases[i].want));
  }
  vet_str t = vet_str_trim(VET_STR_NULL);
  assert_int_equal(t.len, 0);
}

static void test_str_sub(void **state)
{
  (void)state;
  static const struct {
    size_t off, len;
    const char *want;
  } cases[] = {
      {0, 5, "hello"}, {1, 3, "ell"}, {3, 100, "lo"}, {5, 1, ""},
      {10, 2, ""},     {0, 0, ""},    {2, SIZE_MAX, "llo"},
  };
  vet_str s = VET_LIT("hello");
  for (size_t i = 0; i < VET_COUNTOF(cases); i++) {
    vet_str r = vet_str_sub(s, cases[i].off, cases[i].len);
    assert_true(vet_str_eq_c(r, cases[i].want));
    /* the result always lies inside s */
    assert_true(r.ptr >= s.ptr && r.ptr + r.len <= s.ptr + s.len);
  }
}

static void test_str_find(void **state)
{
  (void)state;
  static const struct {
    const char *s, *needle;
    bool icase;
    size_t want;
  } cases[] = {
      {"Korea, North", "north", true, 7},
      {"Korea, North", "north", false, SIZE_MAX},
      {"Korea, North", "North", false, 7},
      {"Korea, North", "", false, 0},
      {"Korea", "Korea, North", true, SIZE_MAX},
      {"aaab", "aab", false, 1},
      {"abc", "c", false, 2},
      {"", "a", true, SIZE_MAX},
      {"x = y # c", "#", false, 6},
  };
  for (size_t i = 0; i < VET_COUNTOF(cases); i++)
    assert_int_equal(vet_str_find(vet_str_c(cases[i].s), cases[i].needle, cases[i].icase), cases[i].want);
}

static void test_utf8_valid(void **state)
{
  (void)state;
  static const struct {
    vet_str in;
    bool ok;
    size_t bad_at;
  } cases[] = {
      {S(""), true, 0},
      {S("Kim Jong Un"), true, 0},
      {S("a\0b"), true, 0},                           /* NUL is a valid code point */
      {S("M\xC3\xBCller"), true, 0},                  /* U+00FC */
      {S("\xEA\xB9\x80\xEC\xA0\x95\xEC\x9D\x80"), true, 0}, /* 김정은 */
      {S("\xF0\x9F\x98\x80"), true, 0},               /* U+1F600 */
      {S("\xED\x9F\xBF"), true, 0},                   /* U+D7FF, just below the surrogates */
      {S("\xEE\x80\x80"), true, 0},                   /* U+E000, just above */
      {S("\xF4\x8F\xBF\xBF"), true, 0},               /* U+10FFFF, the last code point */
      {S("\xC2\x80"), true, 0},                       /* U+0080, shortest 2-byte */
      {S("\xE0\xA0\x80"), true, 0},                   /* U+0800, shortest 3-byte */
      {S("\xF0\x90\x80\x80"), true, 0},               /* U+10000, shortest 4-byte */
      /* overlongs */
      {S("\xC0\x80"), false, 0},
      {S("ab\xC1\xBF"), false, 2},
      {S("x\xE0\x80\xAF"), false, 1},
      {S("xyz\xF0\x80\x80\xAF"), false, 3},
      {S("\xE0\x9F\xBF"), false, 0}, /* U+07FF in 3 bytes */
      /* surrogates */
      {S("ok\xED\xA0\x80"), false, 2},
      {S("\xED\xBF\xBF"), false, 0},
      {S("\xED\xB0\x80tail"), false, 0},
      /* beyond U+10FFFF */
      {S("\xF4\x90\x80\x80"), false, 0},
      {S("a\xF5\x80\x80\x80"), false, 1},
      {S("\xF7\xBF\xBF\xBF"), false, 0},
      {S("\xF8\x88\x80\x80\x80"), false, 0}, /* 5-byte form */
      {S("\xFC\x84\x80\x80\x80\x80"), false, 0},
      /* stray and invalid bytes */
      {S("\x80"), false, 0},
      {S("abc\xBF"), false, 3},
      {S("\xFE"), false, 0},
      {S("\xFF"), false, 0},
      {S("M\xFCller"), false, 1}, /* Latin-1 */
      /* truncated */
      {S("\xC3"), false, 0},
      {S("x\xE2\x82"), false, 1},
      {S("x\xE2\x82y"), false, 1},
      {S("ok\xF0\x9F\x98"), false, 2},
      {S("\xF0\x9F\x98\x80\xF0\x9F"), false, 4},
      {S("\xC3\xBC\xC3"), false, 2},
      {S("a\xC3 b"), false, 1},
      /* the first bad byte is reported, not a later one */
      {S("\xC3\xBC\xFF\xC0\x80"), false, 2},
  };
  for (size_t i = 0; i < VET_COUNTOF(cases); i++) {
    size_t bad = 12345;
    bool ok = vet_utf8_valid(cases[i].in, &bad);
    if (ok != cases[i].ok)
      fail_msg("case %zu: valid=%d, want %d", i, ok, cases[i].ok);
    if (!ok && bad != cases[i].bad_at)
      fail_msg("case %zu: bad at %zu, want %zu", i, bad, cases[i].bad_at);
    assert_int_equal(vet_utf8_valid(cases[i].in, NULL), cases[i].ok); /* NULL bad_at is fine */
  }
  assert_true(vet_utf8_valid(VET_STR_NULL, NULL));
  /* the 8-byte ASCII steps: a bad byte, a good 2-byte letter and a
   * truncated one after every length of ASCII prefix, with ASCII after */
  char buf[64];
  for (size_t pre = 0; pre < 24; pre++) {
    memset(buf, 'a', sizeof buf);
    buf[pre] = (char)0xFF;
    size_t bad = 0;
    assert_false(vet_utf8_valid((vet_str){buf, 40}, &bad));
    assert_int_equal(bad, pre);
    assert_false(vet_str_is_ascii((vet_str){buf, 40}));
    assert_true(vet_str_is_ascii((vet_str){buf, pre}));
    buf[pre] = (char)0xC3;
    buf[pre + 1] = (char)0xBC;
    assert_true(vet_utf8_valid((vet_str){buf, 40}, NULL));
    assert_false(vet_utf8_valid((vet_str){buf, pre + 1}, &bad));
    assert_int_equal(bad, pre);
  }
}

/* vet_cstr_copy writes what snprintf(dst, cap, "%s", src) writes (the
 * first cap - 1 bytes and a NUL), for every length against every
 * capacity. */
static void test_cstr_copy(void **state)
{
  (void)state;
  const char *src = "Kim Jong Un \xea\xb9\x80 - abcdefghijklmnopqrstuvwxyz";
  char want[80], got[80];
  for (size_t len = 0; len <= strlen(src); len++) {
    char in[80];
    memcpy(in, src, len);
    in[len] = 0;
    for (size_t cap = 1; cap < sizeof got; cap++) {
      size_t n = len < cap - 1 ? len : cap - 1; /* snprintf's cut */
      memcpy(want, in, n);
      want[n] = 0;
      memset(got, 'X', sizeof got);
      vet_cstr_copy(got, cap, in);
      assert_memory_equal(got, want, n + 1);
    }
  }
  memset(got, 'X', sizeof got);
  vet_cstr_copy(got, 0, "abc"); /* no room: nothing written */
  assert_int_equal(got[0], 'X');
  vet_cstr_copy(got, sizeof got, NULL);
  assert_string_equal(got, "");
}

/* vet_names_has (and vet_names_next under it) answers as the list's
 * definition does: every item of crafted lists (spaces, tabs, empty items, repeated commas, prefixes of
 * items) against every item, its neighbours and near misses. */
static void test_names_has(void **state)
{
  (void)state;
  static const char *const lists[] = {"CN,RU,KP", " CN , RU ,KP ", "CN,,RU,", ",", "", "  ", "KP",
                                      "C,CN,CNN", "\tIR\t,SY", "cn,CN", "a b,c", "KP ,\n,  RU"};
  static const char *const names[] = {"CN", "RU", "KP", "C", "CNN", "IR", "SY", "cn", "a b", "a", "b", "c",
                                      "", " CN", "CN ", "R", "U", "\n", ","};
  size_t checked = 0;
  for (size_t i = 0; i < VET_COUNTOF(lists); i++)
    for (size_t j = 0; j < VET_COUNTOF(names); j++) {
      /* by the definition: the items between commas, blanks trimmed */
      bool want = false;
      const char *p = lists[i];
      for (;;) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        size_t lo = 0, hi = len;
        while (lo < hi && strchr(" \t\r\n\f\v", p[lo]))
          lo++;
        while (hi > lo && strchr(" \t\r\n\f\v", p[hi - 1]))
          hi--;
        want |= hi > lo && hi - lo == strlen(names[j]) && memcmp(p + lo, names[j], hi - lo) == 0;
        if (!end)
          break;
        p = end + 1;
      }
      if (vet_names_has(lists[i], vet_str_c(names[j])) != want)
        fail_msg("list '%s' name '%s': want %d", lists[i], names[j], want);
      checked += want;
    }
  assert_true(checked >= 10);
  assert_false(vet_names_has(NULL, vet_str_c("CN")));
}

/* vet_dec_u64 and vet_dec_fixed write what "%llu" and "%0*llu" write,
 * at the limits, at every power of ten and its neighbours, and at
 * random values. */
static void test_decimal(void **state)
{
  (void)state;
  uint64_t vals[200];
  size_t nv = 0;
  vals[nv++] = 0;
  vals[nv++] = UINT64_MAX;
  for (uint64_t p = 1; nv + 3 < VET_COUNTOF(vals) - 64; p *= 10) {
    vals[nv++] = p - 1;
    vals[nv++] = p;
    vals[nv++] = p + 1;
    if (p > UINT64_MAX / 10)
      break;
  }
  uint64_t seed = 20261127;
  while (nv < VET_COUNTOF(vals)) {
    seed = seed * 6364136223846793005ull + 1442695040888963407ull;
    vals[nv++] = seed >> (seed % 64);
  }
  for (size_t i = 0; i < nv; i++) {
    char want[32], got[32];
    snprintf(want, sizeof want, "%llu", (unsigned long long)vals[i]);
    size_t n = vet_dec_u64(got, vals[i]);
    got[n] = 0;
    assert_string_equal(got, want);
    for (int w = (int)n; w <= (int)n + 3; w++) {
      snprintf(want, sizeof want, "%0*llu", w, (unsigned long long)vals[i]);
      char *end = vet_dec_fixed(got, vals[i], w);
      assert_ptr_equal(end, got + w);
      *end = 0;
      assert_string_equal(got, want);
    }
  }
}

static void test_utf8_next(void **state)
{
  (void)state;
  /* a, é (2 bytes), € (3), 😀 (4), then an invalid byte and z */
  vet_str s = S("a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\xFFz");
  static const struct {
    int32_t cp;
    size_t next;
  } want[] = {
      {0x61, 1}, {0xE9, 3}, {0x20AC, 6}, {0x1F600, 10}, {-1, 11}, {0x7A, 12},
  };
  size_t i = 0;
  for (size_t k = 0; k < VET_COUNTOF(want); k++) {
    int32_t cp = vet_utf8_next(s, &i);
    assert_int_equal(cp, want[k].cp);
    assert_int_equal(i, want[k].next);
  }
  assert_int_equal(i, s.len);

  /* every bad form returns -1 and advances exactly one byte */
  static const vet_str bad[] = {
      S("\xC0\x80"), S("\xED\xA0\x80"), S("\xF4\x90\x80\x80"), S("\xE2\x82"),
      S("\x80"),     S("\xFF"),         S("\xC3("),            S("\xF8\x88\x80\x80\x80"),
  };
  for (size_t k = 0; k < VET_COUNTOF(bad); k++) {
    size_t j = 0;
    assert_int_equal(vet_utf8_next(bad[k], &j), -1);
    assert_int_equal(j, 1);
  }

  /* the boundaries decode to themselves */
  static const struct {
    vet_str s;
    int32_t cp;
  } edge[] = {
      {S("\x7F"), 0x7F},           {S("\xC2\x80"), 0x80},         {S("\xDF\xBF"), 0x7FF},
      {S("\xE0\xA0\x80"), 0x800},  {S("\xEF\xBF\xBF"), 0xFFFF},   {S("\xF0\x90\x80\x80"), 0x10000},
      {S("\xF4\x8F\xBF\xBF"), 0x10FFFF}, {S("\0"), 0},
  };
  for (size_t k = 0; k < VET_COUNTOF(edge); k++) {
    size_t j = 0;
    assert_int_equal(vet_utf8_next(edge[k].s, &j), edge[k].cp);
    assert_int_equal(j, edge[k].s.len);
  }
}

static void test_parse_u64(void **state)
{
  (void)state;
  static const struct {
    vet_str in;
    vet_err rc;
    uint64_t want;
  } cases[] = {
      {S("0"), VET_OK, 0},
      {S("7"), VET_OK, 7},
      {S("36"), VET_OK, 36},
      {S("007"), VET_OK, 7},
      {S("4294967296"), VET_OK, 4294967296ull},
      {S("18446744073709551615"), VET_OK, UINT64_MAX},
      {S("00000000000000000042"), VET_OK, 42},
      {S("18446744073709551616"), VET_EPARSE, 0}, /* UINT64_MAX + 1 */
      {S("18446744073709551620"), VET_EPARSE, 0},
      {S("99999999999999999999"), VET_EPARSE, 0},
      {S("184467440737095516150"), VET_EPARSE, 0},
      {S(""), VET_EPARSE, 0},
      {S("12a"), VET_EPARSE, 0},
      {S("12 "), VET_EPARSE, 0},
      {S(" 12"), VET_EPARSE, 0},
      {S("+1"), VET_EPARSE, 0},
      {S("-1"), VET_EPARSE, 0},
      {S("1.0"), VET_EPARSE, 0},
      {S("0x10"), VET_EPARSE, 0},
      {S("1\0002"), VET_EPARSE, 0},
      {S("1\xC2\xB2"), VET_EPARSE, 0}, /* superscript two */
      {S("\xD9\xA1"), VET_EPARSE, 0},  /* Arabic-Indic one */
  };
  for (size_t i = 0; i < VET_COUNTOF(cases); i++) {
    uint64_t v = 0xDEADBEEF;
    vet_err rc = vet_parse_u64(cases[i].in, &v);
    if (rc != cases[i].rc)
      fail_msg("case %zu '%.*s': rc %d, want %d", i, VET_STR_FMT(cases[i].in), rc, cases[i].rc);
    if (rc == VET_OK)
      assert_true(v == cases[i].want);
    else
      assert_true(v == 0xDEADBEEF); /* out untouched on failure */
  }
  uint64_t v = 1;
  assert_int_equal(vet_parse_u64(VET_STR_NULL, &v), VET_EPARSE);
}

static void test_parse_double(void **state)
{
  (void)state;
  static const struct {
    vet_str in;
    vet_err rc;
    double want;
  } cases[] = {
      {S("0.85"), VET_OK, 0.85},
      {S("12"), VET_OK, 12.0},
      {S("0"), VET_OK, 0.0},
      {S("1.0"), VET_OK, 1.0},
      {S("0.0001"), VET_OK, 0.0001},
      {S("123456.5"), VET_OK, 123456.5},
      {S(""), VET_EPARSE, 0},
      {S("abc"), VET_EPARSE, 0},
      {S("0.85 "), VET_EPARSE, 0},
      {S(" 0.85"), VET_EPARSE, 0},
      {S("0,85"), VET_EPARSE, 0},
      {S("1.2.3"), VET_EPARSE, 0},
      {S("0x1p3"), VET_EPARSE, 0},
      {S("nan"), VET_EPARSE, 0},
      {S("inf"), VET_EPARSE, 0},
      {S("."), VET_EPARSE, 0},
      {S("1e5"), VET_OK, 100000}, /* exponents: vet_config_item prints small values as 1e-05 */
      {S("0.5\0"), VET_EPARSE, 0},
      {S("0000000000000000000000000000000000000000000000000000000000000000000000.5"), VET_EPARSE, 0},
  };
  for (size_t i = 0; i < VET_COUNTOF(cases); i++) {
    double v = -42.0;
    vet_err rc = vet_parse_double(cases[i].in, &v);
    if (rc != cases[i].rc)
      fail_msg("case %zu '%.*s': rc %d, want %d", i, VET_STR_FMT(cases[i].in), rc, cases[i].rc);
    if (rc == VET_OK)
      assert_true(v == cases[i].want);
    else
      assert_true(v == -42.0);
  }
}

static void test_buf_basics(void **state)
{
  (void)state;
  struct vet_buf b;
  vet_buf_init(&b, 100);
  assert_null(b.ptr);
  assert_string_equal(vet_buf_cstr(&b), ""); /* before any append */
  assert_int_equal(vet_buf_append(&b, VET_LIT("Kim")), VET_OK);
  assert_int_equal(vet_buf_putc(&b, ' '), VET_OK);
  assert_int_equal(vet_buf_append_c(&b, "Jong"), VET_OK);
  assert_int_equal(vet_buf_append_c(&b, NULL), VET_OK);
  assert_int_equal(vet_buf_append(&b, VET_STR_NULL), VET_OK);
  assert_int_equal(vet_buf_appendf(&b, " %s #%d", "Un", 1), VET_OK);
  assert_string_equal(vet_buf_cstr(&b), "Kim Jong Un #1");
  assert_int_equal(b.len, 14);
  assert_true(vet_str_eq_c(vet_buf_str(&b), "Kim Jong Un #1"));
  assert_int_equal(b.ptr[b.len], 0);

  /* binary-safe */
  vet_buf_reset(&b);
  assert_int_equal(vet_buf_append(&b, SV("a\0b")), VET_OK);
  assert_int_equal(b.len, 3);
  assert_memory_equal(b.ptr, "a\0b", 4);

  /* reset keeps the storage */
  char *p = b.ptr;
  size_t cap = b.cap;
  vet_buf_reset(&b);
  assert_int_equal(b.len, 0);
  assert_ptr_equal(b.ptr, p);
  assert_int_equal(b.cap, cap);
  assert_string_equal(vet_buf_cstr(&b), "");

  vet_buf_release(&b);
  assert_null(b.ptr);
  assert_int_equal(b.len, 0);
  /* usable again after release */
  assert_int_equal(vet_buf_append_c(&b, "again"), VET_OK);
  assert_string_equal(vet_buf_cstr(&b), "again");
  vet_buf_release(&b);
  vet_buf_release(&b); /* twice is harmless */
}

static void test_buf_cap(void **state)
{
  (void)state;
  struct vet_buf b;
  vet_buf_init(&b, 8);
  assert_int_equal(vet_buf_append_c(&b, "abcd"), VET_OK);
  assert_int_equal(vet_buf_append_c(&b, "efgh"), VET_OK); /* exactly at the cap */
  assert_int_equal(b.len, 8);
  assert_int_equal(vet_buf_putc(&b, 'x'), VET_ELIMIT);
  assert_int_equal(vet_buf_append_c(&b, "x"), VET_ELIMIT);
  assert_int_equal(vet_buf_appendf(&b, "%d", 1), VET_ELIMIT);
  assert_int_equal(vet_buf_append_c(&b, ""), VET_OK); /* nothing is still fine */
  /* a refused append leaves the contents alone */
  assert_int_equal(b.len, 8);
  assert_string_equal(vet_buf_cstr(&b), "abcdefgh");

  /* one append that would cross the cap is refused whole */
  vet_buf_reset(&b);
  assert_int_equal(vet_buf_append_c(&b, "abcdef"), VET_OK);
  assert_int_equal(vet_buf_append_c(&b, "ghi"), VET_ELIMIT);
  assert_string_equal(vet_buf_cstr(&b), "abcdef");
  assert_int_equal(vet_buf_append_c(&b, "gh"), VET_OK);
  assert_string_equal(vet_buf_cstr(&b), "abcdefgh");
  vet_buf_release(&b);

  /* a formatted append past the cap, on the long (> 256 bytes) path */
  vet_buf_init(&b, 300);
  char big[400];
  memset(big, 'z', sizeof big - 1);
  big[sizeof big - 1] = 0;
  assert_int_equal(vet_buf_appendf(&b, "%s", big), VET_ELIMIT);
  assert_int_equal(b.len, 0);
  assert_string_equal(vet_buf_cstr(&b), "");
  assert_int_equal(vet_buf_appendf(&b, "%.300s", big), VET_OK);
  assert_int_equal(b.len, 300);
  vet_buf_release(&b);
}

static void test_buf_appendf_growth(void **state)
{
  (void)state;
  struct vet_buf b;
  vet_buf_init(&b, 1u << 20);
  char word[1001];
  for (size_t i = 0; i < 1000; i++)
    word[i] = (char)('a' + i % 26);
  word[1000] = 0;

  /* the formatted text is longer than appendf's 256-byte stack buffer */
  for (size_t n = 250; n <= 1000; n += 125) {
    vet_buf_reset(&b);
    assert_int_equal(vet_buf_appendf(&b, "[%.*s]%zu", (int)n, word, n), VET_OK);
    char want[1100];
    int wn = snprintf(want, sizeof want, "[%.*s]%zu", (int)n, word, n);
    assert_int_equal(b.len, (size_t)wn);
    assert_string_equal(vet_buf_cstr(&b), want);
  }
  /* exactly 255, 256 and 257 bytes: either side of the stack buffer */
  for (int n = 255; n <= 257; n++) {
    vet_buf_reset(&b);
    assert_int_equal(vet_buf_append_c(&b, "pre:"), VET_OK);
    assert_int_equal(vet_buf_appendf(&b, "%.*s", n, word), VET_OK);
    assert_int_equal(b.len, 4 + (size_t)n);
    assert_memory_equal(b.ptr, "pre:", 4);
    assert_memory_equal(b.ptr + 4, word, (size_t)n);
    assert_int_equal(b.ptr[b.len], 0);
  }
  /* many small appends after a long one */
  vet_buf_reset(&b);
  assert_int_equal(vet_buf_appendf(&b, "%.600s|", word), VET_OK);
  for (int i = 0; i < 1000; i++)
    assert_int_equal(vet_buf_appendf(&b, "%05d,", i), VET_OK);
  assert_int_equal(b.len, 601 + 6000);
  assert_memory_equal(b.ptr + 601, "00000,00001,", 12);
  assert_memory_equal(b.ptr + b.len - 6, "00999,", 6);
  assert_int_equal(strlen(b.ptr), b.len);
  vet_buf_release(&b);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_str_c_and_eq),     cmocka_unit_test(test_str_ieq_and_prefix), cmocka_unit_test(test_str_is_ascii),
      cmocka_unit_test(test_str_trim),         cmocka_unit_test(test_str_sub),
      cmocka_unit_test(test_str_find),         cmocka_unit_test(test_utf8_valid),
      cmocka_unit_test(test_utf8_next), cmocka_unit_test(test_cstr_copy), cmocka_unit_test(test_names_has), cmocka_unit_test(test_decimal),        cmocka_unit_test(test_parse_u64),
      cmocka_unit_test(test_parse_double),     cmocka_unit_test(test_buf_basics),
      cmocka_unit_test(test_buf_cap),          cmocka_unit_test(test_buf_appendf_growth),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
