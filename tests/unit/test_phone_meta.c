/* test_phone_meta.c - contact/phone_meta.cc, the RE2 classifier of line
 * type and region, against libphonenumber's own GetNumberType and
 * GetRegionCodeForNumber (phone_parse_with(NULL, ...)): every example
 * number of every region and type in libphonenumber's metadata, 200,000
 * pseudo-random numbers over every calling code and the lengths 4 to 17,
 * national forms under a default region, one-digit mutations of every
 * example, and tables in which one plan's patterns fail to compile (that
 * plan then takes libphonenumber's path).  Every field of struct vet_phone
 * must be identical, also to libphonenumber alone (phone_parse_lib: its
 * parser too).  And the parse shortcuts ("+" and digits, national forms
 * read by phone_meta_parse_national): for every region, every example in
 * national form and its other forms (trunk prefix removed or doubled,
 * calling code, IDD in front), one-digit mutations, random digits of
 * every length from 2 to 18 and first digit, and hand-picked cases: the
 * shortcut's PhoneNumber is Parse's field for field (phone_parse_probe)
 * and every field of struct vet_phone is libphonenumber's; the share the
 * shortcut reads itself is printed and bounded below.  No timing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
  size_t shortcut; /* read by a shortcut of phone.cc, not by Parse */
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
  int probe = 0;
  if (m == phone_meta_default()) {
    struct vet_phone pub, lib;
    assert_int_equal(vet_phone_parse(in, region, &pub, NULL), rf);
    if (!same_phone(&pub, &fast))
      fail_msg("'%s': vet_phone_parse differs from phone_parse_with", text);
    /* and libphonenumber alone, parser included */
    assert_int_equal(phone_parse_lib(in, region, &lib, NULL), rf);
    if (!same_phone(&lib, &fast))
      fail_msg("'%s' [%s]: shortcuts give %s '%s', libphonenumber alone %s '%s'", text, region ? region : "-",
               fast.e164, fast.error, lib.e164, lib.error);
    probe = phone_parse_probe(m, text, region);
    if (probe < 0)
      fail_msg("'%s' [%s]: a shortcut's PhoneNumber is not Parse's", text, region ? region : "-");
  }
  if (t) {
    t->numbers++;
    t->shortcut += probe == 1;
    t->parsed += fast.parsed;
    t->valid += fast.valid;
    t->with_region += fast.region[0] != 0;
    if ((unsigned)fast.type < VET_COUNTOF(t->types))
      t->types[fast.type]++;
  }
}

static void print_tally(const char *what, const struct tally *t)
{
  print_message("%s: %zu numbers, %zu parsed, %zu valid, %zu with a region, %zu by a parse shortcut\n", what,
                t->numbers, t->parsed, t->valid, t->with_region, t->shortcut);
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

/* ---- the national reader (phone_meta_parse_national) ---- */

/* national forms: digits of one number and its region */
#define NAT_DIGITS_CAP 40
/* random national forms: lengths 2 to 18, every first digit */
#define NAT_RANDOM_MIN_LEN 2
#define NAT_RANDOM_MAX_LEN 18
#define NAT_PREFIX_CAP 16
/* Shares (in percent) of numbers the shortcut must read itself: nearly
 * every example in national form and one-digit mutation of one (with
 * libphonenumber 8.12 it reads every number that parses and leaves only
 * the errors to Parse; a little room for another release's metadata). */
#define NAT_MIN_EXAMPLE_SHARE 95
#define NAT_MIN_MUTATION_SHARE 95

struct nat_example {
  char region[4];
  char digits[NAT_DIGITS_CAP];
};

struct nat_examples {
  struct nat_example *v;
  size_t n, cap;
  bool oom;
};

static void collect_national(const char *region, const char *digits, void *arg)
{
  struct nat_examples *ex = arg;
  if (strlen(region) != 2 || strlen(digits) >= NAT_DIGITS_CAP)
    return;
  if (ex->n == ex->cap) {
    size_t cap = ex->cap ? ex->cap * 2 : 1024;
    void *v = realloc(ex->v, cap * sizeof *ex->v);
    if (!v) {
      ex->oom = true;
      return;
    }
    ex->v = v;
    ex->cap = cap;
  }
  snprintf(ex->v[ex->n].region, sizeof ex->v[ex->n].region, "%s", region);
  snprintf(ex->v[ex->n].digits, sizeof ex->v[ex->n].digits, "%s", digits);
  ex->n++;
}

/* What one group of comparisons saw. */
struct nat_tally {
  size_t numbers, shortcut, parsed, valid;
};

/* digits under region: phone_parse_probe (a shortcut's PhoneNumber,
 * when one answers, must be Parse's, field for field) and
 * vet_phone_parse against phone_parse_lib (libphonenumber alone): the
 * same return code and every field of struct vet_phone the same. */
static void compare_national(const char *digits, const char *region, struct nat_tally *t)
{
  int probe = phone_parse_probe(phone_meta_default(), digits, region);
  if (probe < 0)
    fail_msg("'%s' [%s]: the shortcut's PhoneNumber is not Parse's", digits, region);
  struct vet_phone fast, ref;
  memset(&fast, 0x55, sizeof fast);
  memset(&ref, 0x2a, sizeof ref);
  vet_str in = vet_str_c(digits);
  vet_err rf = vet_phone_parse(in, region, &fast, NULL);
  vet_err rr = phone_parse_lib(in, region, &ref, NULL);
  if (rf != rr || !same_phone(&fast, &ref))
    fail_msg("'%s' [%s]: shortcut %d: rc %d parsed %d %s '%s' +%d possible %d valid %d %s '%s'; "
             "libphonenumber rc %d parsed %d %s '%s' +%d possible %d valid %d %s '%s'",
             digits, region, probe, rf, fast.parsed, fast.e164, fast.region, fast.country_code, fast.possible,
             fast.valid, vet_phone_type_name(fast.type), fast.error, rr, ref.parsed, ref.e164, ref.region,
             ref.country_code, ref.possible, ref.valid, vet_phone_type_name(ref.type), ref.error);
  t->numbers++;
  t->shortcut += probe == 1;
  t->parsed += fast.parsed;
  t->valid += fast.valid;
}

static void print_nat(const char *what, const struct nat_tally *t)
{
  print_message("%-28s %7zu numbers, %7zu by the shortcut (%4.1f%%), %7zu parsed, %7zu valid\n", what, t->numbers,
                t->shortcut, t->numbers ? 100.0 * (double)t->shortcut / (double)t->numbers : 0.0, t->parsed,
                t->valid);
}

/* prefix then digits into out (cap NAT_DIGITS_CAP); false when too long */
static bool join(char *out, const char *prefix, const char *digits)
{
  int w = snprintf(out, NAT_DIGITS_CAP, "%s%s", prefix, digits);
  return w > 0 && w < NAT_DIGITS_CAP;
}

/* The prefixes a region's numbers are written with: calling code
 * ("44"), national prefix ("0", "" when none), international prefix
 * ("00"). */
struct region_prefixes {
  char cc[8], national[NAT_PREFIX_CAP], idd[NAT_PREFIX_CAP];
};

static void prefixes_of(const char *region, struct region_prefixes *rp)
{
  int cc = 0;
  assert_true(phone_region_prefixes(region, &cc, rp->national, sizeof rp->national, rp->idd, sizeof rp->idd));
  assert_true(cc > 0);
  snprintf(rp->cc, sizeof rp->cc, "%d", cc);
}

/* The other forms of a national example compare_forms writes. */
enum nat_form { FORM_NO_PREFIX, FORM_EXTRA_PREFIX, FORM_CODE, FORM_PLUS_CODE, FORM_IDD_CODE, FORM_KINDS };

static const char *const form_names[FORM_KINDS] = {
    "without the national prefix:", "with one more national prefix:", "after the calling code:",
    "after '+' and the code:", "after the IDD and the code:",
};

/* A number in every form it is written in under its region: as given,
 * without its national prefix, with one more, after the calling code
 * (with and without "+") and after the international prefix and code. */
static void compare_forms(const char *region, const char *digits, const struct region_prefixes *rp,
                          struct nat_tally *given, struct nat_tally forms[FORM_KINDS])
{
  char buf[NAT_DIGITS_CAP];
  compare_national(digits, region, given);
  size_t np = strlen(rp->national);
  bool has_np = np && strncmp(digits, rp->national, np) == 0;
  if (has_np && digits[np])
    compare_national(digits + np, region, &forms[FORM_NO_PREFIX]);
  if (np && join(buf, rp->national, digits))
    compare_national(buf, region, &forms[FORM_EXTRA_PREFIX]);
  const char *bare = has_np ? digits + np : digits;
  if (join(buf, rp->cc, bare))
    compare_national(buf, region, &forms[FORM_CODE]);
  char plus[NAT_PREFIX_CAP + 2];
  snprintf(plus, sizeof plus, "+%s", rp->cc);
  if (join(buf, plus, bare))
    compare_national(buf, region, &forms[FORM_PLUS_CODE]);
  char intl[2 * NAT_PREFIX_CAP];
  snprintf(intl, sizeof intl, "%s%s", rp->idd, rp->cc);
  if (join(buf, intl, bare))
    compare_national(buf, region, &forms[FORM_IDD_CODE]);
}

/* Numbers as people write them in national form, and the rules of Parse
 * the shortcut replays: the E.164 form libphonenumber gives, and whether
 * the shortcut reads the number itself (with tables). */
static void test_national_cases(void **state)
{
  (void)state;
  static const struct {
    const char *text, *region, *e164;
    bool shortcut;
  } cases[] = {
      {"0647 237 094", "FR", "+33647237094", true},
      {"0739 662 490", "UA", "+380739662490", true},
      {"8981 079 2940", "RU", "+79810792940", true},   /* trunk prefix 8 */
      {"7981 079 2940", "RU", "+79810792940", true},   /* calling code without '+' */
      {"+7 8981 079 2940", "RU", "+79810792940", true}, /* trunk prefix after the code */
      {"139 4684 5076", "CN", "+8613946845076", true},
      {"090-7143-2041", "JP", "+819071432041", true},
      {"010 1234 567", "JP", "+1234567", true},         /* 010: JP's international prefix */
      {"(11) 99545-1508", "BR", "+5511995451508", true},
      {"0 15 11 98765 4321", "BR", "+5511987654321", true}, /* carrier code 15 dropped */
      {"0637 255 5538", "IN", "+916372555538", true},
      {"91 98765 43210", "IN", "+919876543210", true}, /* 91 read as the calling code */
      {"9198765432", "IN", "+919198765432", true},     /* a mobile number starting 91 */
      {"0749 716 5789", "GB", "+447497165789", true},
      {"0044 749 716 5789", "GB", "+447497165789", true}, /* after the international prefix */
      {"00 0749 716 5789", "GB", "+44007497165789", true}, /* a 0 after it: no prefix */
      {"8 10 33 6 47 23 70 94", "RU", "+33647237094", true}, /* RU's international prefix 810 */
      {"0099 123", "GB", "", false},                       /* no calling code 99x: an error */
      {"600 611 383", "PL", "+48600611383", true},
      {"030 123456", "DE", "+4930123456", true},
      {"012345", "DE", "+4912345", true},
      {"0917 123 4567", "PH", "+639171234567", true},
      {"0300 1234567", "PK", "+923001234567", true},
      {"0803 123 4567", "NG", "+2348031234567", true},
      {"091 234 5678", "VN", "+84912345678", true},
      {"0812-3456-7890", "ID", "+6281234567890", true},
      {"55 1234 5678", "MX", "+525512345678", true},
      {"010 0123 4567", "EG", "+201001234567", true},
      {"010-1234-5678", "KR", "+821012345678", true},
      {"462 1234", "AG", "+12684621234", true},        /* transform rule: area code 268 */
      {"011 15-2345-6789", "AR", "+5491123456789", true}, /* transform rule: 9 and the area */
      {"712345", "GG", "+441481712345", true},
      {"221 2345", "MG", "+261202212345", true},
      {"812345", "SM", "+3780549812345", true},       /* transform into Italian zeros */
      {"12345", "NF", "+672312345", true},
      {"06 12 34 56", "GA", "+24106123456", true},
      {"1 416 555 0123", "CA", "+14165550123", true},  /* read with US's rules */
      {"02 1234 5678", "IT", "+390212345678", true},   /* Italian leading zero */
      {"0000", "IT", "+390000", true},                 /* 00 then 0: no prefix; 3 zeros */
      {"000 1234", "GY", "+5920001234", true},         /* three leading zeros */
      {"0000", "GY", "+5920000", true},                /* three counted: never the last digit */
      {"00", "GY", "+59200", true},
      {"0", "FR", "", false},                          /* too short: an error */
      {"123456789012345678", "DE", "", false},          /* too long: an error */
  };
  for (size_t i = 0; i < VET_COUNTOF(cases); i++) {
    struct nat_tally t = {0};
    compare_national(cases[i].text, cases[i].region, &t);
    struct vet_phone p;
    assert_int_equal(vet_phone_parse(vet_str_c(cases[i].text), cases[i].region, &p, NULL), VET_OK);
    if (strcmp(p.e164, cases[i].e164) != 0)
      fail_msg("'%s' [%s]: '%s', expected '%s'", cases[i].text, cases[i].region, p.e164, cases[i].e164);
    assert_int_equal(p.parsed, cases[i].e164[0] != 0);
#ifdef VET_HAVE_PHONE_METADATA
    if ((t.shortcut == 1) != cases[i].shortcut)
      fail_msg("'%s' [%s]: shortcut %s, expected %s", cases[i].text, cases[i].region, t.shortcut ? "yes" : "no",
               cases[i].shortcut ? "yes" : "no");
#else
    assert_int_equal(t.shortcut, 0);
#endif
  }
}

/* Every example of every region in national form (Format NATIONAL, as
 * digits) and its other forms, one-digit mutations of each (changed,
 * added, removed at every position), and random digits of every length
 * from 2 to 18 and every first digit, alone and after the region's
 * national prefix, calling code ("+" or not) or international prefix:
 * the shortcut and libphonenumber agree on every one, and the shortcut
 * reads most realistic ones itself. */
static void test_national_shortcut(void **state)
{
  (void)state;
  struct nat_examples ex = {0};
  size_t calls = phone_national_examples(collect_national, &ex);
  assert_false(ex.oom);
  assert_int_equal(calls, ex.n);
  assert_true(ex.n > 1000);
  uint64_t seed = RANDOM_SEED ^ 4;
  struct nat_tally examples = {0}, forms[FORM_KINDS] = {{0}}, mutations = {0}, random = {0};
  size_t regions = 0, weak = 0;
  for (size_t i = 0; i < ex.n;) {
    /* the examples of one region are consecutive */
    const char *region = ex.v[i].region;
    size_t end = i;
    while (end < ex.n && strcmp(ex.v[end].region, region) == 0)
      end++;
    regions++;
    struct region_prefixes rp;
    prefixes_of(region, &rp);
    size_t before = examples.shortcut;
    for (size_t k = i; k < end; k++) {
      const char *d = ex.v[k].digits;
      compare_forms(region, d, &rp, &examples, forms);
      size_t len = strlen(d);
      char buf[NAT_DIGITS_CAP];
      for (size_t pos = 0; pos <= len && len + 1 < NAT_DIGITS_CAP; pos++) {
        if (pos < len) {
          memcpy(buf, d, len + 1);
          char c;
          do
            c = rand_digit(&seed);
          while (c == d[pos]);
          buf[pos] = c;
          compare_national(buf, region, &mutations);
          memcpy(buf, d, pos);
          memcpy(buf + pos, d + pos + 1, len - pos); /* removed, with the NUL */
          compare_national(buf, region, &mutations);
        }
        memcpy(buf, d, pos);
        buf[pos] = rand_digit(&seed);
        memcpy(buf + pos + 1, d + pos, len - pos + 1); /* added */
        compare_national(buf, region, &mutations);
      }
    }
    if (2 * (examples.shortcut - before) < end - i) {
      weak++;
      print_message("national: %s: %zu of %zu examples by the shortcut\n", region, examples.shortcut - before,
                    end - i);
    }
    for (int len = NAT_RANDOM_MIN_LEN; len <= NAT_RANDOM_MAX_LEN; len++)
      for (int first = 0; first <= 9; first++) {
        char d[NAT_DIGITS_CAP], buf[NAT_DIGITS_CAP];
        d[0] = (char)('0' + first);
        for (int k = 1; k < len; k++)
          d[k] = rand_digit(&seed);
        d[len] = 0;
        compare_national(d, region, &random);
        char plus[NAT_PREFIX_CAP + 2], intl[2 * NAT_PREFIX_CAP];
        snprintf(plus, sizeof plus, "+%s", rp.cc);
        snprintf(intl, sizeof intl, "%s%s", rp.idd, rp.cc);
        const char *const prefixes[] = {rp.national, rp.cc, plus, intl, rp.idd};
        const char *prefix = prefixes[(size_t)(len + first) % VET_COUNTOF(prefixes)];
        if (join(buf, prefix, d))
          compare_national(buf, region, &random);
      }
    i = end;
  }
  print_message("national: %zu regions\n", regions);
  print_nat("national examples:", &examples);
  for (size_t k = 0; k < FORM_KINDS; k++)
    print_nat(form_names[k], &forms[k]);
  print_nat("one-digit mutations:", &mutations);
  print_nat("random digits:", &random);
  struct nat_tally all = examples;
  const struct nat_tally *parts[] = {&forms[FORM_NO_PREFIX], &forms[FORM_EXTRA_PREFIX], &forms[FORM_CODE],
                                     &forms[FORM_PLUS_CODE], &forms[FORM_IDD_CODE], &mutations, &random};
  _Static_assert(VET_COUNTOF(parts) == FORM_KINDS + 2, "every tally summed");
  for (size_t k = 0; k < VET_COUNTOF(parts); k++) {
    all.numbers += parts[k]->numbers;
    all.shortcut += parts[k]->shortcut;
    all.parsed += parts[k]->parsed;
    all.valid += parts[k]->valid;
  }
  print_nat("all:", &all);
  free(ex.v);
  assert_true(regions >= 240);
  assert_int_equal(examples.numbers, ex.n);
#ifdef VET_HAVE_PHONE_METADATA
  assert_true(100 * examples.shortcut >= NAT_MIN_EXAMPLE_SHARE * examples.numbers);
  assert_true(100 * mutations.shortcut >= NAT_MIN_MUTATION_SHARE * mutations.numbers);
  assert_true(weak < regions / 20);
#else
  assert_int_equal(all.shortcut, 0); /* no tables: libphonenumber reads all */
#endif
  /* libphonenumber calls nearly every example valid, and the mutations
   * land on both sides */
  assert_true(examples.valid > examples.numbers * 9 / 10);
  assert_true(mutations.valid > mutations.numbers / 10 && mutations.valid < mutations.parsed);
  assert_true(random.parsed > random.numbers / 2);
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
      cmocka_unit_test(test_national_cases),
      cmocka_unit_test(test_national_shortcut),
      cmocka_unit_test(test_broken_plan),
  };
  return cmocka_run_group_tests(tests, examples_setup, examples_teardown);
}
