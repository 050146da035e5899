/* test_phone_meta.c - contact/phone_meta.cc, the RE2 classifier of line
 * type and region, against libphonenumber's own GetNumberType and
 * GetRegionCodeForNumber (phone_parse_with(NULL, ...)): every example
 * number of every region and type in libphonenumber's metadata, 200,000
 * pseudo-random numbers over every calling code and the lengths 4 to 17,
 * national forms under a default region, one-digit mutations of every
 * example, and tables in which one plan's patterns fail to compile (that
 * plan then takes libphonenumber's path).  Every field of struct vet_phone
 * must be identical.  No timing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#include "contact/phone_meta.h"
#include "core/common.h"
#include "vetter/phone.h"

/* Random numbers: per calling code and length, this many; with the 215
 * calling codes and 14 lengths of libphonenumber 8.12 that is 201,670. */
#define RANDOM_PER_LENGTH 67
#define RANDOM_MIN_LEN 4
#define RANDOM_MAX_LEN 17
#define RANDOM_SEED 0x5eed2026u
/* national forms: per default region, this many random numbers */
#define NATIONAL_PER_REGION 400
/* ten-digit North American numbers: per default region, this many */
#define NANP_PER_REGION 3000
#define MAX_CODES 400
#define E164_CAP 32

/* splitmix64: a fixed sequence on every platform */
static uint64_t next_rand(uint64_t *s)
{
  uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

static char rand_digit(uint64_t *s) { return (char)('0' + next_rand(s) % 10); }

static bool same_phone(const struct vet_phone *a, const struct vet_phone *b)
{
  return a->parsed == b->parsed && a->possible == b->possible && a->valid == b->valid &&
         strcmp(a->region, b->region) == 0 && a->country_code == b->country_code && a->type == b->type &&
         strcmp(a->e164, b->e164) == 0 && strcmp(a->error, b->error) == 0;
}

/* What the comparisons saw, so that a test cannot pass on numbers that
 * never reach the classifier. */
struct tally {
  size_t numbers, parsed, valid, with_region;
  size_t types[VET_PHONE_VOICEMAIL + 1];
};

/* text under region through m and through libphonenumber: the same
 * return code and every field the same; also vet_phone_parse when m is
 * the process's tables. */
static void compare_with(const struct phone_meta *m, const char *text, const char *region, struct tally *t)
{
  struct vet_phone fast, ref;
  memset(&fast, 0x55, sizeof fast);
  memset(&ref, 0x2a, sizeof ref);
  vet_str in = vet_str_c(text);
  vet_err rf = phone_parse_with(m, in, region, &fast, NULL);
  vet_err rr = phone_parse_with(NULL, in, region, &ref, NULL);
  if (rf != rr || !same_phone(&fast, &ref))
    fail_msg("'%s' [%s]: classifier rc %d parsed %d %s '%s' +%d possible %d valid %d %s '%s'; "
             "libphonenumber rc %d parsed %d %s '%s' +%d possible %d valid %d %s '%s'",
             text, region ? region : "-", rf, fast.parsed, fast.e164, fast.region, fast.country_code, fast.possible,
             fast.valid, vet_phone_type_name(fast.type), fast.error, rr, ref.parsed, ref.e164, ref.region,
             ref.country_code, ref.possible, ref.valid, vet_phone_type_name(ref.type), ref.error);
  if (m == phone_meta_default()) {
    struct vet_phone pub;
    assert_int_equal(vet_phone_parse(in, region, &pub, NULL), rf);
    if (!same_phone(&pub, &fast))
      fail_msg("'%s': vet_phone_parse differs from phone_parse_with", text);
  }
  if (t) {
    t->numbers++;
    t->parsed += fast.parsed;
    t->valid += fast.valid;
    t->with_region += fast.region[0] != 0;
    if ((unsigned)fast.type < VET_COUNTOF(t->types))
      t->types[fast.type]++;
  }
}

static void print_tally(const char *what, const struct tally *t)
{
  print_message("%s: %zu numbers, %zu parsed, %zu valid, %zu with a region\n", what, t->numbers, t->parsed, t->valid,
                t->with_region);
}

static void compare(const char *text, const char *region, struct tally *t)
{
  compare_with(phone_meta_default(), text, region, t);
}

/* ---- the example numbers, collected once ---- */

struct examples {
  char (*v)[E164_CAP];
  size_t n, cap;
};

static void collect(const char *e164, void *arg)
{
  struct examples *ex = arg;
  if (strlen(e164) >= E164_CAP)
    return;
  if (ex->n == ex->cap) {
    size_t cap = ex->cap ? ex->cap * 2 : 1024;
    void *v = realloc(ex->v, cap * sizeof *ex->v);
    if (!v)
      return;
    ex->v = v;
    ex->cap = cap;
  }
  snprintf(ex->v[ex->n++], E164_CAP, "%s", e164);
}

static int examples_setup(void **state)
{
  struct examples *ex = calloc(1, sizeof *ex);
  if (!ex)
    return -1;
  size_t calls = phone_examples(collect, ex);
  if (calls == 0 || calls != ex->n) {
    free(ex->v);
    free(ex);
    return -1;
  }
  *state = ex;
  return 0;
}

static int examples_teardown(void **state)
{
  struct examples *ex = *state;
  if (ex)
    free(ex->v);
  free(ex);
  return 0;
}

static void test_tables(void **state)
{
  (void)state;
#ifdef VET_HAVE_PHONE_METADATA
  const struct phone_meta *m = phone_meta_default();
  assert_non_null(m);
  assert_ptr_equal(phone_meta_default(), m); /* built once */
  /* 245 regions and 9 non-geographic entities in 8.12; a few more or less
   * in another release */
  assert_in_range(phone_meta_entities(m), 240, 300);
  /* every pattern of 8.12 compiles with RE2 */
  assert_int_equal(phone_meta_fallbacks(m), 0);
#else
  assert_null(phone_meta_default());
#endif
  assert_int_equal(phone_meta_entities(NULL), 0);
  assert_int_equal(phone_meta_fallbacks(NULL), 0);
  phone_meta_free(NULL);
  int codes[MAX_CODES];
  size_t n = phone_calling_codes(codes, VET_COUNTOF(codes));
  assert_in_range(n, 200, MAX_CODES);
  for (size_t i = 1; i < n; i++)
    assert_true(codes[i - 1] < codes[i]);
  assert_int_equal(codes[0], 1);
  assert_int_equal(phone_calling_codes(NULL, 0), n);
}

/* Every example, as E.164 (the fast reader) and as an RFC 3966 URI
 * (libphonenumber's parser): libphonenumber calls all of them valid. */
static void test_examples(void **state)
{
  const struct examples *ex = *state;
  struct tally t = {0};
  for (size_t i = 0; i < ex->n; i++) {
    char uri[E164_CAP + 8];
    snprintf(uri, sizeof uri, "tel:%s", ex->v[i]);
    compare(ex->v[i], NULL, &t);
    compare(uri, NULL, &t);
  }
  print_tally("examples", &t);
  assert_true(ex->n > 1000);
  assert_int_equal(t.numbers, 2 * ex->n);
  assert_int_equal(t.valid, t.numbers);
  /* every type occurs among the examples */
  for (size_t k = VET_PHONE_FIXED_LINE; k <= VET_PHONE_VOICEMAIL; k++)
    if (t.types[k] == 0)
      fail_msg("no example of type %s", vet_phone_type_name((enum vet_phone_type)k));
}

/* One digit changed, one added, one removed, and every digit from there
 * on replaced, at every position of every example's national part (after
 * the calling code's first digit, so some mutations also change the
 * calling code). */
static void test_mutations(void **state)
{
  const struct examples *ex = *state;
  uint64_t seed = RANDOM_SEED ^ 1;
  struct tally t = {0};
  for (size_t i = 0; i < ex->n; i++) {
    const char *s = ex->v[i];
    size_t len = strlen(s);
    char buf[E164_CAP + 2];
    for (size_t pos = 2; pos <= len; pos++) {
      if (pos < len) {
        memcpy(buf, s, len + 1);
        char d;
        do
          d = rand_digit(&seed);
        while (d == s[pos]);
        buf[pos] = d;
        compare(buf, NULL, &t);
        for (size_t k = pos + 1; k < len; k++) /* the rest replaced */
          buf[k] = rand_digit(&seed);
        compare(buf, NULL, &t);
        memcpy(buf, s, pos);
        memcpy(buf + pos, s + pos + 1, len - pos); /* removed, with the NUL */
        compare(buf, NULL, &t);
      }
      memcpy(buf, s, pos);
      buf[pos] = rand_digit(&seed);
      memcpy(buf + pos + 1, s + pos, len - pos + 1); /* added */
      compare(buf, NULL, &t);
    }
  }
  print_tally("mutations", &t);
  assert_true(t.numbers > 40000);
  /* mutations land in other valid ranges as well as outside them */
  assert_true(t.valid > t.numbers / 10);
  assert_true(t.valid < t.parsed);
}

/* "+", a calling code and random digits of every length from 4 to 17:
 * most are not valid, some are, leading zeros (Italian-style) included. */
static void test_random(void **state)
{
  (void)state;
  int codes[MAX_CODES];
  size_t ncodes = phone_calling_codes(codes, VET_COUNTOF(codes));
  assert_in_range(ncodes, 200, MAX_CODES);
  uint64_t seed = RANDOM_SEED;
  struct tally t = {0};
  size_t shared_region = 0;
  for (size_t c = 0; c < ncodes; c++)
    for (int len = RANDOM_MIN_LEN; len <= RANDOM_MAX_LEN; len++)
      for (int k = 0; k < RANDOM_PER_LENGTH; k++) {
        char buf[E164_CAP];
        int at = snprintf(buf, sizeof buf, "+%d", codes[c]);
        for (int i = 0; i < len; i++)
          buf[at + i] = rand_digit(&seed);
        buf[at + len] = 0;
        size_t before = t.with_region;
        compare(buf, NULL, &t);
        if (codes[c] == 1 || codes[c] == 7 || codes[c] == 44)
          shared_region += t.with_region - before;
      }
  print_tally("random", &t);
  print_message("random: %zu with a region under +1, +7 or +44\n", shared_region);
  assert_true(t.numbers >= 200000);
  assert_true(t.valid > 5000);
  assert_true(shared_region > 300); /* regions told apart within +1, +7, +44 */
  size_t kinds = 0;
  for (size_t k = VET_PHONE_FIXED_LINE; k <= VET_PHONE_VOICEMAIL; k++)
    kinds += t.types[k] != 0;
  assert_true(kinds >= 8);
}

/* National forms: random digits, some with the trunk prefix, read under
 * a default region (libphonenumber strips national prefixes and keeps
 * Italian leading zeros). */
static void test_national(void **state)
{
  (void)state;
  static const char *const regions[] = {"US", "CA", "GB", "JE", "IT", "SM", "VA", "RU", "KZ", "DE", "FR",
                                        "CI", "AR", "MX", "BR", "IN", "CN", "KP", "KR", "AU", "CX", "NO", "SJ"};
  uint64_t seed = RANDOM_SEED ^ 2;
  struct tally t = {0};
  for (size_t r = 0; r < VET_COUNTOF(regions); r++)
    for (int k = 0; k < NATIONAL_PER_REGION; k++) {
      char buf[E164_CAP];
      int len = RANDOM_MIN_LEN + (int)(next_rand(&seed) % (RANDOM_MAX_LEN - RANDOM_MIN_LEN + 1));
      int at = 0;
      if (k % 3 == 0)
        buf[at++] = '0';
      for (int i = 0; i < len; i++)
        buf[at + i] = rand_digit(&seed);
      buf[at + len] = 0;
      compare(buf, regions[r], &t);
    }
  print_tally("national", &t);
  assert_int_equal(t.numbers, VET_COUNTOF(regions) * NATIONAL_PER_REGION);
  assert_true(t.valid > 100);
}

/* The shortcut for ten-digit US and Canadian numbers in national form
 * against libphonenumber's parser (phone_parse_lib: no shortcut, its own
 * line types): every first digit, nine to eleven digits, the usual ways
 * of writing them, and other regions (where no shortcut applies). */
static void test_nanp_national(void **state)
{
  (void)state;
  static const char *const regions[] = {"US", "CA", "us", "PR", "JM", "GB", NULL};
  uint64_t seed = RANDOM_SEED ^ 3;
  size_t shortcut_form = 0, numbers = 0, valid = 0;
  for (size_t r = 0; r < VET_COUNTOF(regions); r++)
    for (int k = 0; k < NANP_PER_REGION; k++) {
      char d[16], text[40];
      int len = 9 + k % 3;
      for (int i = 0; i < len; i++)
        d[i] = rand_digit(&seed);
      d[len] = 0;
      switch (k % 4) {
      case 0:
        snprintf(text, sizeof text, "%s", d);
        break;
      case 1:
        snprintf(text, sizeof text, "(%.3s) %.3s-%s", d, d + 3, d + 6);
        break;
      case 2:
        snprintf(text, sizeof text, "%.3s.%.3s.%s", d, d + 3, d + 6);
        break;
      default:
        snprintf(text, sizeof text, " %.3s-%.3s-%s ", d, d + 3, d + 6);
        break;
      }
      struct vet_phone fast, ref;
      memset(&fast, 0x55, sizeof fast);
      memset(&ref, 0x2a, sizeof ref);
      vet_err rf = vet_phone_parse(vet_str_c(text), regions[r], &fast, NULL);
      vet_err rr = phone_parse_lib(vet_str_c(text), regions[r], &ref, NULL);
      if (rf != rr || !same_phone(&fast, &ref))
        fail_msg("'%s' [%s]: rc %d %s '%s' +%d valid %d %s '%s'; libphonenumber rc %d %s '%s' +%d valid %d %s '%s'",
                 text, regions[r] ? regions[r] : "-", rf, fast.e164, fast.region, fast.country_code, fast.valid,
                 vet_phone_type_name(fast.type), fast.error, rr, ref.e164, ref.region, ref.country_code, ref.valid,
                 vet_phone_type_name(ref.type), ref.error);
      numbers++;
      valid += fast.valid;
      shortcut_form += len == 10 && d[0] >= '2' && r < 3;
    }
  print_message("nanp national: %zu numbers, %zu in the shortcut's form, %zu valid\n", numbers, shortcut_form, valid);
  assert_true(shortcut_form > 1000);
  assert_true(valid > 500);
}

/* Tables in which one plan's patterns do not compile: the plan is counted
 * and its numbers, and those of the regions sharing its calling code, get
 * libphonenumber's answers all the same. */
static void test_broken_plan(void **state)
{
#ifdef VET_HAVE_PHONE_METADATA
  const struct examples *ex = *state;
  static const struct {
    const char *plan;
    size_t fallbacks;
    const char *prefix; /* numbers that reach the plan */
  } cases[] = {
      {"GB", 1, "+44"},  /* main region of a shared code */
      {"JE", 1, "+44"},  /* region with leading digits in a shared code */
      {"CA", 1, "+1"},   /* a region without leading digits after the main one */
      {"IT", 1, "+39"},  /* Italian leading zeros */
      {"DE", 1, "+49"},  /* a code of its own */
      {"001", 9, "+8"},  /* every non-geographic entity */
      {"XX", 0, "+1"},   /* no such plan: nothing breaks */
  };
  uint64_t seed = RANDOM_SEED ^ 3;
  for (size_t c = 0; c < VET_COUNTOF(cases); c++) {
    struct phone_meta *m = phone_meta_new_broken(cases[c].plan);
    assert_non_null(m);
    assert_int_equal(phone_meta_entities(m), phone_meta_entities(phone_meta_default()));
    assert_int_equal(phone_meta_fallbacks(m), cases[c].fallbacks);
    size_t plen = strlen(cases[c].prefix);
    struct tally t = {0};
    for (size_t i = 0; i < ex->n; i++) {
      if (strncmp(ex->v[i], cases[c].prefix, plen) != 0)
        continue;
      compare_with(m, ex->v[i], NULL, &t);
      char buf[E164_CAP];
      snprintf(buf, sizeof buf, "%s", ex->v[i]);
      buf[strlen(buf) - 1] = rand_digit(&seed);
      compare_with(m, buf, NULL, &t);
    }
    assert_true(t.numbers >= 10);
    assert_true(t.valid > 0);
    phone_meta_free(m);
  }
#else
  (void)state;
  assert_null(phone_meta_new_broken("GB"));
#endif
}

/* Inputs that never reach the classifier still agree. */
static void test_not_numbers(void **state)
{
  (void)state;
  static const char *const texts[] = {"", "hello", "+", "+999 123 456", "+44 1", "+44 123456789012345678",
                                      "+1 202\xff 555", "00", "tel:+1-202-555-0142;ext=12"};
  for (size_t i = 0; i < VET_COUNTOF(texts); i++) {
    compare(texts[i], NULL, NULL);
    compare(texts[i], "US", NULL);
  }
  struct vet_phone p;
  assert_int_equal(phone_parse_with(phone_meta_default(), VET_LIT("+1 202 555 0142"), "USA", &p, NULL), VET_EINVAL);
  assert_int_equal(phone_parse_with(NULL, VET_LIT("+1 202 555 0142"), NULL, NULL, NULL), VET_EINVAL);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_tables),
      cmocka_unit_test(test_not_numbers),
      cmocka_unit_test(test_examples),
      cmocka_unit_test(test_mutations),
      cmocka_unit_test(test_random),
      cmocka_unit_test(test_national),
      cmocka_unit_test(test_nanp_national),
      cmocka_unit_test(test_broken_plan),
  };
  return cmocka_run_group_tests(tests, examples_setup, examples_teardown);
}
