/* test_tune.c - cli/tune.c: the GLIBC_TUNABLES value that `check` and
 * `ingest` start themselves again with when VETTER_HUGE_PAGES=1 (the
 * user's own tunables kept, the user's own choice of the huge-page tunable
 * left alone), and the real command's output the same whether it starts
 * again or not. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cli.h"
#include "testutil.h"

static void test_value(void **state)
{
  (void)state;
  char out[128];
  assert_true(cli_tunables_with_huge_pages(NULL, out, sizeof out));
  assert_string_equal(out, "glibc.malloc.hugetlb=1");
  assert_true(cli_tunables_with_huge_pages("", out, sizeof out));
  assert_string_equal(out, "glibc.malloc.hugetlb=1");
  /* the user's other tunables stay, in their order */
  assert_true(cli_tunables_with_huge_pages("glibc.malloc.check=3:glibc.malloc.tcache_count=0", out, sizeof out));
  assert_string_equal(out, "glibc.malloc.check=3:glibc.malloc.tcache_count=0:glibc.malloc.hugetlb=1");
  /* the user chose: nothing to add, whatever the value */
  assert_false(cli_tunables_with_huge_pages("glibc.malloc.hugetlb=0", out, sizeof out));
  assert_false(cli_tunables_with_huge_pages("glibc.malloc.check=3:glibc.malloc.hugetlb=2", out, sizeof out));
  /* too small a buffer: refused, not cut */
  char small[sizeof "glibc.malloc.hugetlb=1" - 1];
  assert_false(cli_tunables_with_huge_pages(NULL, small, sizeof small));
  char exact[sizeof "glibc.malloc.hugetlb=1"];
  assert_true(cli_tunables_with_huge_pages(NULL, exact, sizeof exact));
  assert_string_equal(exact, "glibc.malloc.hugetlb=1");
}

static void test_same_reports(void **state)
{
  (void)state;
  const char *in = VET_TEST_DATA "/../../examples/population.jsonl";
  char cmd[4096];
  /* started again (where the machine allows), not started again (the
   * default), and with the user's own tunable: the same reports */
  snprintf(cmd, sizeof cmd, "env -u GLIBC_TUNABLES VETTER_HUGE_PAGES=1 '%s' check '%s' --quiet 2>/dev/null", VET_CLI,
           in);
  int st = -1;
  char *again = tu_run(cmd, &st);
  assert_int_equal(st, 0);
  snprintf(cmd, sizeof cmd, "env -u VETTER_HUGE_PAGES '%s' check '%s' --quiet 2>/dev/null", VET_CLI, in);
  char *plain = tu_run(cmd, &st);
  assert_int_equal(st, 0);
  snprintf(cmd, sizeof cmd, "VETTER_HUGE_PAGES=1 GLIBC_TUNABLES=glibc.malloc.hugetlb=0 '%s' check '%s' --quiet 2>/dev/null", VET_CLI, in);
  char *own = tu_run(cmd, &st);
  assert_int_equal(st, 0);
  assert_true(strlen(again) > 1000);
  assert_string_equal(again, plain);
  assert_string_equal(again, own);
  free(again);
  free(plain);
  free(own);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_value),
      cmocka_unit_test(test_same_reports),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
