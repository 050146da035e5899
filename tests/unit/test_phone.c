/* test_phone.c - contact/phone.cc: numbers of many countries in the forms
 * people write them (international, national with a default region, "00"
 * and "011" prefixes, RFC 3966, vanity letters, extensions), line types
 * including the VoIP and personal ranges a screener cares about, numbers
 * that parse but are not valid, text that is no number, the limits and
 * bad arguments, the type names, and parsing from several threads.
 *
 * Expected values are what libphonenumber 8.12 (Debian) answers.  The
 * VoIP, personal, pager, UAN and voicemail numbers are the example numbers
 * of its metadata (PhoneNumberUtil::GetExampleNumberForType per region),
 * found with a throwaway program; they lie in the ranges the regulators
 * assign to those services (GB 056 and KR 070 VoIP, GB 070 personal...). */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "core/common.h"
#include "vetter/phone.h"

#define FL VET_PHONE_FIXED_LINE
#define MO VET_PHONE_MOBILE
#define FM VET_PHONE_FIXED_OR_MOBILE
#define TF VET_PHONE_TOLL_FREE
#define VO VET_PHONE_VOIP
#define PN VET_PHONE_PERSONAL_NUMBER
#define UN VET_PHONE_UNKNOWN

struct phone_case {
  const char *text, *region; /* region NULL: no default region */
  const char *e164, *cc_region;
  int cc;
  bool possible, valid;
  enum vet_phone_type type;
};

static void check_case(const struct phone_case *c)
{
  struct vet_phone p;
  struct vet_error e = {0};
  memset(&p, 0x55, sizeof p);
  vet_err rc = vet_phone_parse(vet_str_c(c->text), c->region, &p, &e);
  if (rc != VET_OK)
    fail_msg("'%s' [%s]: rc %d (%s)", c->text, c->region ? c->region : "-", rc, e.msg);
  if (!p.parsed)
    fail_msg("'%s' [%s]: not parsed: %s", c->text, c->region ? c->region : "-", p.error);
  if (strcmp(p.e164, c->e164) != 0 || strcmp(p.region, c->cc_region) != 0 || p.country_code != c->cc ||
      p.possible != c->possible || p.valid != c->valid || p.type != c->type || p.error[0])
    fail_msg("'%s' [%s]: got %s %s +%d possible %d valid %d %s '%s'; want %s %s +%d possible %d valid %d %s",
             c->text, c->region ? c->region : "-", p.e164, p.region, p.country_code, p.possible, p.valid,
             vet_phone_type_name(p.type), p.error, c->e164, c->cc_region, c->cc, c->possible, c->valid,
             vet_phone_type_name(c->type));
  /* the canonical form alone: the same number, nothing matched */
  struct vet_phone q;
  memset(&q, 0x55, sizeof q);
  assert_int_equal(vet_phone_parse_e164(vet_str_c(c->text), c->region, &q, NULL), VET_OK);
  if (!q.parsed || strcmp(q.e164, p.e164) != 0 || q.country_code != p.country_code || q.possible != p.possible ||
      q.valid || q.type != VET_PHONE_UNKNOWN || q.region[0] || q.error[0])
    fail_msg("'%s' [%s]: e164 only: got %s +%d possible %d valid %d '%s' '%s'", c->text,
             c->region ? c->region : "-", q.e164, q.country_code, q.possible, q.valid, q.region, q.error);
}

static void test_countries(void **state)
{
  (void)state;
  static const struct phone_case cases[] = {
      /* US: 555-0100..0199 is reserved for fiction, but libphonenumber
       * knows nothing of that: they are valid fixed-or-mobile numbers */
      {"+1 202-555-0142", NULL, "+12025550142", "US", 1, true, true, FM},
      {"(202) 555 0142", "US", "+12025550142", "US", 1, true, true, FM},
      {"(202) 555 0142", "us", "+12025550142", "US", 1, true, true, FM},
      {"+1 202 555 0100", NULL, "+12025550100", "US", 1, true, true, FM},
      {"+1 202 555 0199", NULL, "+12025550199", "US", 1, true, true, FM},
      {"+12025550142", "", "+12025550142", "US", 1, true, true, FM},
      {"00 1 202 555 0142", NULL, "+12025550142", "US", 1, true, true, FM}, /* "00" without a region */
      {"tel:+1-202-555-0142", NULL, "+12025550142", "US", 1, true, true, FM},
      {"+1-202-555-0142 x123", NULL, "+12025550142", "US", 1, true, true, FM}, /* extension dropped */
      {"011 44 20 7946 0958", "US", "+442079460958", "GB", 44, true, true, FL}, /* US exit code */
      {"+1 800 555 0199", NULL, "+18005550199", "US", 1, true, true, TF},
      {"+1 (800) FLOWERS", NULL, "+18003569377", "US", 1, true, true, TF},      /* vanity letters */
      /* GB: 020 7946 0xxx is Ofcom's drama range for London, still valid */
      {"00 44 20 7946 0958", NULL, "+442079460958", "GB", 44, true, true, FL}, /* "00" without a region */
      {"00 44 20 7946 0958", "DE", "+442079460958", "GB", 44, true, true, FL},
      {"020 7946 0958", "GB", "+442079460958", "GB", 44, true, true, FL},
      {"+44 20 7946 0958 ext 12", NULL, "+442079460958", "GB", 44, true, true, FL},
      {"+44 7400 123456", NULL, "+447400123456", "GB", 44, true, true, MO},
      {"0800 123 4567", "GB", "+448001234567", "GB", 44, true, true, TF},
      /* DE */
      {"0049 30 901820", NULL, "+4930901820", "DE", 49, true, true, FL},
      {"030 901820", "DE", "+4930901820", "DE", 49, true, true, FL},
      {"+49 1512 3456789", NULL, "+4915123456789", "DE", 49, true, true, MO},
      /* CN */
      {"+86 10 1234 5678", NULL, "+861012345678", "CN", 86, true, true, FL},
      {"+86 138 0013 8000", NULL, "+8613800138000", "CN", 86, true, true, MO},
      /* KR */
      {"+82 2-212-3456", NULL, "+8222123456", "KR", 82, true, true, FL},
      {"010-2345-6789", "KR", "+821023456789", "KR", 82, true, true, MO},
      /* RU: national form with the trunk prefix 8 */
      {"+7 495 123-45-67", NULL, "+74951234567", "RU", 7, true, true, FL},
      {"8 (912) 345-67-89", "RU", "+79123456789", "RU", 7, true, true, MO},
      /* IN */
      {"+91 11 2345 6789", NULL, "+911123456789", "IN", 91, true, true, FL},
      {"+91 98765 43210", NULL, "+919876543210", "IN", 91, true, true, MO},
      /* UA */
      {"+380 44 123 4567", NULL, "+380441234567", "UA", 380, true, true, FL},
      {"+380 50 123 4567", NULL, "+380501234567", "UA", 380, true, true, MO},
      /* NG */
      {"+234 1 804 0123", NULL, "+23418040123", "NG", 234, true, true, FL},
      {"+234 803 123 4567", NULL, "+2348031234567", "NG", 234, true, true, MO},
      /* PH */
      {"+63 2 3234 5678", NULL, "+63232345678", "PH", 63, true, true, FL},
      {"+63 917 123 4567", NULL, "+639171234567", "PH", 63, true, true, MO},
      /* KP: libphonenumber has a plan for North Korea (+850) */
      {"+850 2 381 2345", NULL, "+85023812345", "KP", 850, true, true, FL},
      {"+850 192 123 4567", NULL, "+8501921234567", "KP", 850, true, true, MO},
      /* non-geographic: the international freephone code has no region */
      {"+800 1234 5678", NULL, "+80012345678", "", 800, true, true, TF},
  };
  for (size_t i = 0; i < VET_COUNTOF(cases); i++)
    check_case(&cases[i]);
}

static void test_virtual_ranges(void **state)
{
  (void)state;
  static const struct phone_case cases[] = {
      {"+44 56 1234 5678", NULL, "+445612345678", "GB", 44, true, true, VO}, /* GB 056: VoIP */
      {"05612345678", "GB", "+445612345678", "GB", 44, true, true, VO},
      {"+82 70-1234-5678", NULL, "+827012345678", "KR", 82, true, true, VO}, /* KR 070: internet phone */
      {"+81 50-1234-5678", NULL, "+815012345678", "JP", 81, true, true, VO}, /* JP 050: IP phone */
      {"+33 9 12 34 56 78", NULL, "+33912345678", "FR", 33, true, true, VO}, /* FR 09: box lines */
      {"+31 85 123 4567", NULL, "+31851234567", "NL", 31, true, true, VO},   /* NL 085 */
      {"+380 89 123 4567", NULL, "+380891234567", "UA", 380, true, true, VO},
      {"+1 600 201 2345", NULL, "+16002012345", "CA", 1, true, true, VO},  /* CA 600 */
      {"+44 70 1234 5678", NULL, "+447012345678", "GB", 44, true, true, PN}, /* GB 070: personal */
      {"+1 500 234 5678", NULL, "+15002345678", "US", 1, true, true, PN},    /* NANP 500 */
      {"+44 76 4012 3456", NULL, "+447640123456", "GB", 44, true, true, VET_PHONE_PAGER},
      {"+44 55 1234 5678", NULL, "+445512345678", "GB", 44, true, true, VET_PHONE_UAN},
      {"+49 177 99 1234567", NULL, "+49177991234567", "DE", 49, true, true, VET_PHONE_VOICEMAIL},
  };
  for (size_t i = 0; i < VET_COUNTOF(cases); i++) {
    check_case(&cases[i]);
    assert_true(vet_phone_type_is_virtual(cases[i].type));
  }
}

static void test_parsed_not_valid(void **state)
{
  (void)state;
  static const struct phone_case cases[] = {
      /* Ofcom's drama range for mobiles (07700 900xxx) is not allocated:
       * the right length, not a valid number, no region */
      {"+44 7700 900123", NULL, "+447700900123", "", 44, true, false, UN},
      {"+1 555 555 5555", NULL, "+15555555555", "", 1, true, false, UN}, /* no area code 555 */
      {"+1 202 555 01422", NULL, "+120255501422", "", 1, false, false, UN},
      {"+1 202 555 014", NULL, "+1202555014", "", 1, false, false, UN},
      {"+7 999 111", NULL, "+7999111", "RU", 7, false, false, UN},
  };
  for (size_t i = 0; i < VET_COUNTOF(cases); i++)
    check_case(&cases[i]);
}

static void test_not_a_number(void **state)
{
  (void)state;
  static const struct {
    const char *text, *region, *error;
    size_t len; /* 0: strlen */
  } cases[] = {
      {"hello", NULL, "not a number", 0},
      {"", NULL, "not a number", 0},
      {"+", NULL, "not a number", 0},
      {"+1 2", NULL, "not a number", 0},
      {"202 555 0142", NULL, "invalid country code", 0}, /* national form, no region */
      {"+999 123 456", NULL, "invalid country code", 0},
      {"00", NULL, "invalid country code", 0},
      {"0044", NULL, "invalid country code", 0},
      {"+44 1", NULL, "too short", 0},
      {"+44 123456789012345678", NULL, "too long", 0},
      {"202 555 0142", "XX", "invalid country code", 0}, /* a region libphonenumber lacks */
      {"+1 202\xff 555 0142", NULL, "not valid UTF-8", 0},
      {"+1 202\n555 0142", NULL, "contains a control character", 0},
      {"+1 202\0 555 0142", NULL, "contains a control character", 16},
  };
  for (size_t i = 0; i < VET_COUNTOF(cases); i++) {
    struct vet_phone p;
    memset(&p, 0x55, sizeof p);
    vet_str in = {cases[i].text, cases[i].len ? cases[i].len : strlen(cases[i].text)};
    assert_int_equal(vet_phone_parse(in, cases[i].region, &p, NULL), VET_OK);
    if (p.parsed || strcmp(p.error, cases[i].error) != 0)
      fail_msg("'%s': parsed %d error '%s', want '%s'", cases[i].text, p.parsed, p.error, cases[i].error);
    assert_false(p.possible);
    assert_false(p.valid);
    assert_int_equal(p.country_code, 0);
    assert_int_equal(p.type, VET_PHONE_UNKNOWN);
    assert_string_equal(p.e164, "");
    assert_string_equal(p.region, "");
    struct vet_phone q;
    memset(&q, 0x55, sizeof q);
    assert_int_equal(vet_phone_parse_e164(in, cases[i].region, &q, NULL), VET_OK);
    assert_false(q.parsed);
    assert_string_equal(q.error, cases[i].error);
    assert_string_equal(q.e164, "");
  }
  /* VET_STR_NULL is the empty text */
  struct vet_phone p;
  assert_int_equal(vet_phone_parse(VET_STR_NULL, "US", &p, NULL), VET_OK);
  assert_false(p.parsed);
}

static void test_limits_and_arguments(void **state)
{
  (void)state;
  struct vet_phone p;
  struct vet_error e = {0};
  char text[VET_PHONE_MAX_TEXT + 2];
  /* exactly the limit: parsed as usual (blanks around a number) */
  memset(text, ' ', sizeof text);
  memcpy(text + 20, "+44 20 7946 0958", 16);
  assert_int_equal(vet_phone_parse((vet_str){text, VET_PHONE_MAX_TEXT}, NULL, &p, &e), VET_OK);
  assert_true(p.valid);
  assert_string_equal(p.e164, "+442079460958");
  /* one byte more */
  memset(&p, 0x55, sizeof p);
  assert_int_equal(vet_phone_parse((vet_str){text, VET_PHONE_MAX_TEXT + 1}, NULL, &p, &e), VET_ELIMIT);
  assert_non_null(strstr(e.msg, "65 bytes"));
  assert_false(p.parsed);
  assert_string_equal(p.e164, "");
  /* bad arguments */
  static const char *const bad_regions[] = {"USA", "U", "1A", "U1", ("\xc3\x9c" "S")};
  for (size_t i = 0; i < VET_COUNTOF(bad_regions); i++) {
    vet_error_clear(&e);
    assert_int_equal(vet_phone_parse(VET_LIT("+1 202 555 0142"), bad_regions[i], &p, &e), VET_EINVAL);
    assert_non_null(strstr(e.msg, "default region"));
  }
  assert_int_equal(vet_phone_parse(VET_LIT("+1 202 555 0142"), NULL, NULL, &e), VET_EINVAL);
  assert_int_equal(vet_phone_parse(VET_LIT("+1 202 555 0142"), NULL, NULL, NULL), VET_EINVAL);
  assert_int_equal(vet_phone_parse((vet_str){NULL, 5}, NULL, &p, NULL), VET_EINVAL);
}

/* "+" and digits are read without libphonenumber's parser (phone.cc,
 * parse_e164); the same number as an RFC 3966 URI takes the parser: both
 * must agree.  Numbers are libphonenumber's own examples of several
 * regions and types, plus shared calling codes (+1, +7, +44) and a
 * non-geographic one (+800). */
static void test_fast_path_agrees(void **state)
{
  (void)state;
  static const char *const numbers[] = {
      "+38782123456",  "+590690001234", "+37858001110",  "+25779561234",  "+8801812345678",
      "+35570021234",  "+50222456789",  "+85328212345",  "+852800123456", "+59821231234",
      "+22620491234",  "+12015550123",  "+16135550123",  "+74951234567",  "+77112345678",
      "+447400123456", "+441481256789", "+80012345678",  "+390212345678", "+5491123456789",
      "+525512345678", "+8613800138000", "+821012345678", "+48601234567",  "+4930123456",
      "+999123456789", "+1234",
  };
  for (size_t i = 0; i < VET_COUNTOF(numbers); i++) {
    char uri[48];
    snprintf(uri, sizeof uri, "tel:%s", numbers[i]);
    struct vet_phone a, b;
    assert_int_equal(vet_phone_parse(vet_str_c(numbers[i]), NULL, &a, NULL), VET_OK);
    assert_int_equal(vet_phone_parse(vet_str_c(uri), NULL, &b, NULL), VET_OK);
    if (a.parsed != b.parsed || a.valid != b.valid || a.type != b.type || strcmp(a.e164, b.e164) ||
        strcmp(a.region, b.region) || a.country_code != b.country_code)
      fail_msg("'%s': fast path %d/%d/%s/%s/%s, parser %d/%d/%s/%s/%s", numbers[i], a.parsed, a.valid,
               vet_phone_type_name(a.type), a.e164, a.region, b.parsed, b.valid, vet_phone_type_name(b.type), b.e164,
               b.region);
  }
}

static void test_type_names(void **state)
{
  (void)state;
  static const struct {
    enum vet_phone_type t;
    const char *name;
    bool is_virtual;
  } cases[] = {
      {VET_PHONE_UNKNOWN, "unknown", false},
      {VET_PHONE_FIXED_LINE, "fixed_line", false},
      {VET_PHONE_MOBILE, "mobile", false},
      {VET_PHONE_FIXED_OR_MOBILE, "fixed_or_mobile", false},
      {VET_PHONE_TOLL_FREE, "toll_free", false},
      {VET_PHONE_PREMIUM_RATE, "premium_rate", false},
      {VET_PHONE_SHARED_COST, "shared_cost", false},
      {VET_PHONE_VOIP, "voip", true},
      {VET_PHONE_PERSONAL_NUMBER, "personal_number", true},
      {VET_PHONE_PAGER, "pager", true},
      {VET_PHONE_UAN, "uan", true},
      {VET_PHONE_VOICEMAIL, "voicemail", true},
      {(enum vet_phone_type)99, "unknown", false},
      {(enum vet_phone_type)-1, "unknown", false},
  };
  for (size_t i = 0; i < VET_COUNTOF(cases); i++) {
    assert_string_equal(vet_phone_type_name(cases[i].t), cases[i].name);
    assert_int_equal(vet_phone_type_is_virtual(cases[i].t), cases[i].is_virtual);
  }
}

/* Several threads parse the same numbers at once (the first call made
 * libphonenumber's singleton; it is also made here under contention when
 * this test runs alone) and must all agree with a single-thread parse. */
#define N_THREADS 4
#define ROUNDS 50

static const char *const thread_numbers[] = {"+44 56 1234 5678", "+850 192 123 4567", "(202) 555 0142",
                                             "+82 70-1234-5678", "hello", "+7 912 345-67-89"};

static bool same_phone(const struct vet_phone *a, const struct vet_phone *b)
{
  return a->parsed == b->parsed && a->possible == b->possible && a->valid == b->valid &&
         strcmp(a->region, b->region) == 0 && a->country_code == b->country_code && a->type == b->type &&
         strcmp(a->e164, b->e164) == 0 && strcmp(a->error, b->error) == 0;
}

static void *parse_many(void *arg)
{
  struct vet_phone *out = arg;
  for (int r = 0; r < ROUNDS; r++)
    for (size_t i = 0; i < VET_COUNTOF(thread_numbers); i++) {
      struct vet_phone p;
      if (vet_phone_parse(vet_str_c(thread_numbers[i]), "US", &p, NULL) != VET_OK)
        return NULL;
      if (r == 0)
        out[i] = p;
      else if (!same_phone(&out[i], &p))
        return NULL;
    }
  return arg;
}

static void test_threads(void **state)
{
  (void)state;
  static struct vet_phone results[N_THREADS][VET_COUNTOF(thread_numbers)];
  memset(results, 0, sizeof results);
  pthread_t th[N_THREADS];
  for (int t = 0; t < N_THREADS; t++)
    assert_int_equal(pthread_create(&th[t], NULL, parse_many, results[t]), 0);
  for (int t = 0; t < N_THREADS; t++) {
    void *ret = NULL;
    assert_int_equal(pthread_join(th[t], &ret), 0);
    assert_ptr_equal(ret, results[t]); /* every round agreed with the first */
  }
  for (size_t i = 0; i < VET_COUNTOF(thread_numbers); i++) {
    struct vet_phone want;
    assert_int_equal(vet_phone_parse(vet_str_c(thread_numbers[i]), "US", &want, NULL), VET_OK);
    for (int t = 0; t < N_THREADS; t++)
      assert_true(same_phone(&results[t][i], &want));
  }
  assert_int_equal(results[0][0].type, VET_PHONE_VOIP);
  assert_string_equal(results[1][1].region, "KP");
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_threads), /* first, so the singleton is made under contention */
      cmocka_unit_test(test_countries),
      cmocka_unit_test(test_virtual_ranges),
      cmocka_unit_test(test_parsed_not_valid),
      cmocka_unit_test(test_not_a_number),
      cmocka_unit_test(test_limits_and_arguments),
      cmocka_unit_test(test_type_names),
      cmocka_unit_test(test_fast_path_agrees),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
