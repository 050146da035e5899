/* unit/test_ident.c - vet_ident_normalize, the keys exact identifier
 * matching uses on both sides (lists and queries): each kind's rule on
 * real-looking values, the too-short cut-offs, empty results, and values
 * longer than the key limit. */
#include "testutil.h"
#include "vetter/entity.h"

static void expect(struct vet_arena *a, enum vet_id_kind kind, const char *in, const char *want)
{
  vet_str got = vet_ident_normalize(a, kind, vet_str_c(in));
  assert_non_null(got.ptr);
  if (strlen(want) != got.len || memcmp(got.ptr, want, got.len) != 0)
    fail_msg("kind %d '%s': want '%s', got '%.*s'", (int)kind, in, want, (int)got.len, got.ptr);
  assert_int_equal(got.ptr[got.len], 0);
}

static void test_kinds(void **state)
{
  (void)state;
  struct vet_arena a;
  vet_arena_init(&a, 4096);
  expect(&a, VET_ID_EMAIL, "  Kim.Chol @Example.COM ", "kim.chol@example.com");
  expect(&a, VET_ID_EMAIL, "", "");
  expect(&a, VET_ID_PHONE, "+850 (2) 381-8111", "85023818111");
  expect(&a, VET_ID_PHONE, "12-345", ""); /* five digits: too short */
  expect(&a, VET_ID_PHONE, "123456", "123456");
  expect(&a, VET_ID_PHONE, "no digits", "");
  expect(&a, VET_ID_WEBSITE, "https://www.Silverstar-Yanbian.com/about?x=1", "silverstar-yanbian.com");
  expect(&a, VET_ID_WEBSITE, "user@Mail.Example.org:8080/", "mail.example.org");
  expect(&a, VET_ID_WEBSITE, "WWW.example.com.", "example.com");
  expect(&a, VET_ID_CRYPTO, "0xA1B2 C3d4", "0xa1b2c3d4");
  expect(&a, VET_ID_CRYPTO, " 1BoatSLRHtKNngkdXEeobR76b53LETtpyT ", "1BoatSLRHtKNngkdXEeobR76b53LETtpyT");
  expect(&a, VET_ID_CRYPTO, "0X", "0X");
  expect(&a, VET_ID_PASSPORT, " pa-123 456 ", "PA123456");
  expect(&a, VET_ID_NATIONAL_ID, "ab1", "");
  expect(&a, VET_ID_NATIONAL_ID, "ab-12", "AB12");
  expect(&a, VET_ID_TAX_ID, "é12345", "12345");
  /* longer than the 4096-byte key limit: cut there */
  char big[6001];
  memset(big, '7', sizeof big - 1);
  big[sizeof big - 1] = 0;
  vet_str got = vet_ident_normalize(&a, VET_ID_PHONE, vet_str_c(big));
  assert_int_equal(got.len, 4096);
  got = vet_ident_normalize(&a, VET_ID_PASSPORT, vet_str_c(big));
  assert_int_equal(got.len, 4096);
  got = vet_ident_normalize(&a, VET_ID_EMAIL, vet_str_c(big));
  assert_int_equal(got.len, 4096);
  vet_arena_release(&a);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_kinds),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
