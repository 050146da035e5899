/* test_date.c - core/date.c: the date forms lists write (full, partial,
 * circa, ranges, day-first, compact), impossible dates, comparison into
 * every vet_date_match value, formatting and day counts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include <cmocka.h>

#include "core/common.h"
#include "vetter/date.h"

/* year, month, day, approx, year_to */
#define D(y, m, d, a, t) {.year = (y), .month = (m), .day = (d), .approx = (a), .year_to = (t)}
#define DV(y, m, d, a, t) ((struct vet_date)D(y, m, d, a, t))

static void expect_date(const char *in, struct vet_date got, struct vet_date want)
{
  if (got.year != want.year || got.month != want.month || got.day != want.day || got.approx != want.approx ||
      got.year_to != want.year_to)
    fail_msg("'%s': got %d-%d-%d approx %d to %d, want %d-%d-%d approx %d to %d", in, got.year, got.month,
             got.day, got.approx, got.year_to, want.year, want.month, want.day, want.approx, want.year_to);
}

static void test_parse_ok(void **state)
{
  (void)state;
  static const struct {
    const char *in;
    struct vet_date want;
  } cases[] = {
      {"1977-03-25", D(1977, 3, 25, 0, 0)},
      {"1977-03", D(1977, 3, 0, 0, 0)},
      {"1977", D(1977, 0, 0, 0, 0)},
      {"25 Mar 1977", D(1977, 3, 25, 0, 0)},
      {"25 MAR 1977", D(1977, 3, 25, 0, 0)},
      {"25 March 1977", D(1977, 3, 25, 0, 0)},
      {"01 Dec 1950", D(1950, 12, 1, 0, 0)},
      {"Mar 1977", D(1977, 3, 0, 0, 0)},
      {"September 1964", D(1964, 9, 0, 0, 0)},
      {"circa 1947", D(1947, 0, 0, 1, 0)},
      {"Circa 1947", D(1947, 0, 0, 1, 0)},
      {"1960 to 1962", D(1960, 0, 0, 0, 1962)},
      {"00/00/1965", D(1965, 0, 0, 0, 0)},
      {"25/03/1977", D(1977, 3, 25, 0, 0)},
      {"03/04/1977", D(1977, 4, 3, 0, 0)}, /* day first */
      {"19770325", D(1977, 3, 25, 0, 0)},
      {"  1977-03-25 \r\n", D(1977, 3, 25, 0, 0)},
      {"29 Feb 2000", D(2000, 2, 29, 0, 0)}, /* leap: divisible by 400 */
      {"2024-02-29", D(2024, 2, 29, 0, 0)},
      {"29/02/2004", D(2004, 2, 29, 0, 0)},
      {"1977-12-31", D(1977, 12, 31, 0, 0)},
      {"1000", D(1000, 0, 0, 0, 0)},
      {"2999-01-01", D(2999, 1, 1, 0, 0)},
  };
  for (size_t i = 0; i < VET_COUNTOF(cases); i++) {
    struct vet_date d;
    memset(&d, 0x55, sizeof d);
    vet_err rc = vet_date_parse(vet_str_c(cases[i].in), &d);
    if (rc != VET_OK)
      fail_msg("'%s': rc %d, want ok", cases[i].in, rc);
    expect_date(cases[i].in, d, cases[i].want);
  }
}

static void test_parse_rejects(void **state)
{
  (void)state;
  static const char *const cases[] = {
      "31 Feb 1977", "30 Feb 2000", "29 Feb 1900", /* 1900 is no leap year */
      "29 Feb 1977", "1977-02-29",  "1977-13-01",  "1977-04-31", "31/04/1977", "32/01/1977",
      "25/13/1977",  "hello",       "",            "   ",        "1977-03-25x", "12345",
      "25 Foo 1977", "Foo 1977",    "abcd",        "1962 to 1960", /* range backwards */
      "0999",        "3000",        "0000-01-01", "circa",       "1977-03-25-01",
      "19771325",    "19770230",    "25 Mar",
  };
  for (size_t i = 0; i < VET_COUNTOF(cases); i++) {
    struct vet_date d = D(1111, 11, 11, 1, 1112);
    vet_err rc = vet_date_parse(vet_str_c(cases[i]), &d);
    if (rc != VET_EPARSE)
      fail_msg("'%s': rc %d (%d-%d-%d), want parse error", cases[i], rc, d.year, d.month, d.day);
    expect_date(cases[i], d, DV(1111, 11, 11, 1, 1112)); /* out untouched */
  }
  struct vet_date d;
  assert_int_equal(vet_date_parse(VET_STR_NULL, &d), VET_EPARSE);
  /* NUL bytes and non-ASCII letters are not a month */
  assert_int_equal(vet_date_parse((vet_str){"25 M\0r 1977", 11}, &d), VET_EPARSE);
  assert_int_equal(vet_date_parse(vet_str_c("25 M\xC3\xA4rz 1977"), &d), VET_EPARSE);
  /* over-long input */
  char longs[200];
  memset(longs, '1', sizeof longs);
  assert_int_equal(vet_date_parse((vet_str){longs, sizeof longs}, &d), VET_EPARSE);
}

static void test_days_in_month(void **state)
{
  (void)state;
  static const struct {
    int y, m, want;
  } cases[] = {
      {2000, 2, 29}, {1900, 2, 28}, {2024, 2, 29}, {2023, 2, 28}, {1977, 1, 31}, {1977, 4, 30},
      {1977, 12, 31}, {1977, 13, 0}, {1977, 0, 0},  {1977, -1, 0},
  };
  for (size_t i = 0; i < VET_COUNTOF(cases); i++)
    assert_int_equal(vet_days_in_month(cases[i].y, cases[i].m), cases[i].want);
}

static const char *match_name(enum vet_date_match m)
{
  static const char *const names[] = {"unknown", "exact", "compatible", "near", "conflict"};
  return (unsigned)m < VET_COUNTOF(names) ? names[m] : "?";
}

static void test_compare(void **state)
{
  (void)state;
  static const struct {
    const char *a, *b; /* NULL: the empty date */
    enum vet_date_match want;
  } cases[] = {
      {NULL, "1977-03-25", VET_DATE_UNKNOWN},
      {"1977", NULL, VET_DATE_UNKNOWN},
      {NULL, NULL, VET_DATE_UNKNOWN},
      {"1977-03-25", "1977-03-25", VET_DATE_EXACT},
      {"1977-03-25", "25 Mar 1977", VET_DATE_EXACT},
      {"19770325", "25/03/1977", VET_DATE_EXACT},
      {"1977", "1977-03-25", VET_DATE_COMPATIBLE},
      {"1977-03", "1977-03-25", VET_DATE_COMPATIBLE},
      {"Mar 1977", "1977-03-25", VET_DATE_COMPATIBLE},
      {"1977", "1977", VET_DATE_COMPATIBLE},
      {"00/00/1965", "1965-07-01", VET_DATE_COMPATIBLE},
      {"1977", "1978", VET_DATE_NEAR},
      {"1977-03-25", "1976-03-25", VET_DATE_NEAR},
      {"circa 1947", "1947-05-01", VET_DATE_NEAR},
      {"circa 1947", "1948", VET_DATE_NEAR},
      {"circa 1947", "1946-12-31", VET_DATE_NEAR},
      {"1960 to 1962", "1961-05-01", VET_DATE_NEAR},
      {"1960 to 1962", "1960", VET_DATE_NEAR},
      {"1960 to 1962", "1963", VET_DATE_NEAR},
      {"1960 to 1962", "1959", VET_DATE_NEAR},
      {"1960 to 1962", "circa 1964", VET_DATE_NEAR},
      {"1977-03-25", "1977-03-26", VET_DATE_CONFLICT},
      {"1977-03", "1977-04", VET_DATE_CONFLICT},
      {"1977-03-25", "1977-04-25", VET_DATE_CONFLICT},
      {"1977", "1980", VET_DATE_CONFLICT},
      {"1977-03-25", "1979-03-25", VET_DATE_CONFLICT},
      {"1960 to 1962", "1966", VET_DATE_CONFLICT},
      {"circa 1947", "1955", VET_DATE_CONFLICT},
      {"circa 1947", "circa 1960", VET_DATE_CONFLICT},
  };
  for (size_t i = 0; i < VET_COUNTOF(cases); i++) {
    struct vet_date a = {0}, b = {0};
    if (cases[i].a)
      assert_int_equal(vet_date_parse(vet_str_c(cases[i].a), &a), VET_OK);
    if (cases[i].b)
      assert_int_equal(vet_date_parse(vet_str_c(cases[i].b), &b), VET_OK);
    enum vet_date_match ab = vet_date_compare(&a, &b), ba = vet_date_compare(&b, &a);
    if (ab != cases[i].want)
      fail_msg("'%s' vs '%s': %s, want %s", cases[i].a ? cases[i].a : "(empty)", cases[i].b ? cases[i].b : "(empty)",
               match_name(ab), match_name(cases[i].want));
    if (ba != ab) /* symmetric */
      fail_msg("'%s' vs '%s': %s one way, %s the other", cases[i].a ? cases[i].a : "(empty)",
               cases[i].b ? cases[i].b : "(empty)", match_name(ab), match_name(ba));
  }
}

static void test_format(void **state)
{
  (void)state;
  static const struct {
    struct vet_date d;
    const char *want;
  } cases[] = {
      {D(1977, 3, 25, 0, 0), "1977-03-25"}, {D(1977, 3, 0, 0, 0), "1977-03"},
      {D(1977, 0, 0, 0, 0), "1977"},        {D(1947, 0, 0, 1, 0), "~1947"},
      {D(1977, 1, 5, 1, 0), "~1977-01-05"}, {D(0, 0, 0, 0, 0), ""},
      {D(1005, 12, 1, 0, 0), "1005-12-01"},
  };
  for (size_t i = 0; i < VET_COUNTOF(cases); i++) {
    char buf[32];
    memset(buf, 'X', sizeof buf);
    vet_date_format(&cases[i].d, buf, sizeof buf);
    assert_string_equal(buf, cases[i].want);
  }
  /* a range keeps both years */
  char buf[32];
  struct vet_date r = D(1960, 0, 0, 0, 1962);
  vet_date_format(&r, buf, sizeof buf);
  assert_non_null(strstr(buf, "1960"));
  assert_non_null(strstr(buf, "1962"));
  /* a short buffer is truncated, still NUL-terminated */
  char small[5];
  struct vet_date full = D(1977, 3, 25, 0, 0);
  vet_date_format(&full, small, sizeof small);
  assert_string_equal(small, "1977");
  /* a formatted full or partial date parses back to itself */
  static const struct vet_date back[] = {D(1977, 3, 25, 0, 0), D(1977, 3, 0, 0, 0), D(2000, 0, 0, 0, 0)};
  for (size_t i = 0; i < VET_COUNTOF(back); i++) {
    struct vet_date p;
    vet_date_format(&back[i], buf, 16);
    assert_int_equal(vet_date_parse(vet_str_c(buf), &p), VET_OK);
    expect_date(buf, p, back[i]);
  }
}

/* vet_date_format writes what snprintf with the documented formats
 * writes, for every field at and beyond its limits and every buffer size. */
static void test_format_as_printf(void **state)
{
  (void)state;
  static const int years[] = {0, 1, 9, 99, 999, 1000, 1977, 9999, 10000, 32767, -1, -32768};
  static const int tos[] = {0, 1, 1962, 9999, 10000, -3};
  static const int months[] = {0, 1, 9, 10, 12, 13, 99, 100, 255};
  static const int days[] = {0, 1, 9, 10, 31, 32, 99, 100, 255};
  size_t n = 0;
  for (size_t y = 0; y < VET_COUNTOF(years); y++)
    for (size_t t = 0; t < VET_COUNTOF(tos); t++)
      for (size_t m = 0; m < VET_COUNTOF(months); m++)
        for (size_t d = 0; d < VET_COUNTOF(days); d++)
          for (int ap = 0; ap < 2; ap++) {
            struct vet_date x = {.year = (int16_t)years[y], .month = (uint8_t)months[m], .day = (uint8_t)days[d],
                                 .approx = (uint8_t)ap, .year_to = (int16_t)tos[t]};
            char want[40], got[40];
            const char *pre = ap ? "~" : "";
            if (!x.year)
              snprintf(want, sizeof want, "%s", "");
            else if (x.year_to)
              snprintf(want, sizeof want, "%s%04d/%04d", pre, x.year, x.year_to);
            else if (!x.month)
              snprintf(want, sizeof want, "%s%04d", pre, x.year);
            else if (!x.day)
              snprintf(want, sizeof want, "%s%04d-%02d", pre, x.year, x.month);
            else
              snprintf(want, sizeof want, "%s%04d-%02d-%02d", pre, x.year, x.month, x.day);
            for (size_t cap = 1; cap <= 24; cap++) {
              char cut[40]; /* want cut as snprintf cuts it */
              size_t wl = VET_MIN(strlen(want), cap - 1);
              memcpy(cut, want, wl);
              cut[wl] = 0;
              memset(got, 'X', sizeof got);
              vet_date_format(&x, got, cap);
              if (strcmp(got, cut) != 0)
                fail_msg("date %d-%d-%d~%d/%d cap %zu: want '%s', got '%s'", x.year, x.month, x.day, x.approx,
                         x.year_to, cap, cut, got);
              n++;
            }
          }
  assert_true(n > 100000);
}

static void test_days(void **state)
{
  (void)state;
  static const struct {
    struct vet_date d;
    long want;
  } cases[] = {
      {D(1970, 1, 1, 0, 0), 0},          {D(2000, 3, 1, 0, 0), 11017},     {D(2000, 2, 29, 0, 0), 11016},
      {D(1969, 12, 31, 0, 0), -1},       {D(1900, 1, 1, 0, 0), -25567},    {D(2024, 2, 29, 0, 0), 19782},
      {D(1977, 3, 25, 0, 0), 2640},      {D(1600, 3, 1, 0, 0), -135080},   {D(2999, 12, 31, 0, 0), 376199},
      {D(1000, 1, 1, 0, 0), -354285},
      /* missing month or day count as 1 */
      {D(1977, 0, 0, 0, 0), 2557},       {D(1977, 3, 0, 0, 0), 2616},
  };
  for (size_t i = 0; i < VET_COUNTOF(cases); i++) {
    long got = vet_date_days(&cases[i].d);
    if (got != cases[i].want)
      fail_msg("%d-%d-%d: %ld days, want %ld", cases[i].d.year, cases[i].d.month, cases[i].d.day, got,
               cases[i].want);
  }
  /* consecutive days across a year of month ends */
  struct vet_date d = D(2023, 12, 31, 0, 0);
  long prev = vet_date_days(&d);
  for (int m = 1; m <= 12; m++)
    for (int day = 1; day <= vet_days_in_month(2024, m); day++) {
      struct vet_date x = D(2024, (uint8_t)m, (uint8_t)day, 0, 0);
      long cur = vet_date_days(&x);
      assert_int_equal(cur, prev + 1);
      prev = cur;
    }
}

static void test_today(void **state)
{
  (void)state;
  struct vet_date t;
  vet_date_today(&t);
  assert_true(t.year >= 2024 && t.year <= 2999);
  assert_true(t.month >= 1 && t.month <= 12);
  assert_true(t.day >= 1 && t.day <= vet_days_in_month(t.year, t.month));
  assert_int_equal(t.approx, 0);
  assert_int_equal(t.year_to, 0);
  long now = (long)(time(NULL) / 86400);
  long got = vet_date_days(&t);
  assert_true(got == now || got == now - 1); /* a midnight between the two calls */
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_parse_ok), cmocka_unit_test(test_parse_rejects), cmocka_unit_test(test_days_in_month),
      cmocka_unit_test(test_compare),  cmocka_unit_test(test_format), cmocka_unit_test(test_format_as_printf),        cmocka_unit_test(test_days),
      cmocka_unit_test(test_today),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
