/* test_lines.c - io/lines.c: line endings, a last line without newline,
 * over-long lines (reported, skipped, the next one still read with the
 * right number), empty files and missing files. */
#include <unistd.h>

#include "io/lines.h"
#include "testutil.h"

/* Expected results of successive vet_lines_next calls. */
struct step {
  vet_err rc;
  size_t lineno;    /* r.lineno after the call (for VET_OK and VET_ELIMIT) */
  const char *text; /* for VET_OK */
  size_t len;       /* length of text (it may hold NULs) */
};

#define OK(n, s) {VET_OK, (n), (s), sizeof(s) - 1}
#define LIMIT(n) {VET_ELIMIT, (n), NULL, 0}
#define END {VET_ENOTFOUND, 0, NULL, 0}

static void run_case(const char *name, const char *data, size_t len, size_t max, const struct step *steps,
                     size_t n)
{
  char path[TU_PATH_MAX];
  tu_temp_file(path, sizeof path, data, len);
  struct vet_lines r;
  struct vet_error e;
  vet_error_clear(&e);
  assert_int_equal(vet_lines_open(&r, path, max, &e), VET_OK);
  char bad[512] = ""; /* the first mismatch; reported after cleaning up */
  for (size_t i = 0; i < n && !bad[0]; i++) {
    vet_str line = {NULL, 0};
    vet_error_clear(&e);
    vet_err rc = vet_lines_next(&r, &line, &e);
    char want[TU_PATH_MAX + 24];
    snprintf(want, sizeof want, "%s:%zu", path, steps[i].lineno);
    if (rc != steps[i].rc)
      snprintf(bad, sizeof bad, "%s, call %zu: rc %d (%s), want %d", name, i + 1, rc, e.msg, steps[i].rc);
    else if (rc == VET_OK &&
             (line.len != steps[i].len || (line.len && memcmp(line.ptr, steps[i].text, line.len) != 0)))
      snprintf(bad, sizeof bad, "%s, call %zu: got '%.*s' (%zu bytes), want '%s'", name, i + 1, VET_STR_FMT(line),
               line.len, steps[i].text);
    else if ((rc == VET_OK || rc == VET_ELIMIT) && r.lineno != steps[i].lineno)
      snprintf(bad, sizeof bad, "%s, call %zu: line %zu, want %zu", name, i + 1, r.lineno, steps[i].lineno);
    else if (rc == VET_ELIMIT && !strstr(e.msg, want))
      snprintf(bad, sizeof bad, "%s, call %zu: message '%s' does not name '%s'", name, i + 1, e.msg, want);
  }
  vet_lines_close(&r);
  unlink(path);
  if (bad[0])
    fail_msg("%s", bad);
}

#define RUN(name, lit, max, ...)                                                                             \
  do {                                                                                                       \
    static const struct step steps_[] = {__VA_ARGS__};                                                       \
    run_case(name, lit, sizeof(lit) - 1, max, steps_, VET_COUNTOF(steps_));                                  \
  } while (0)

static void test_line_endings(void **state)
{
  (void)state;
  RUN("LF", "a\nb\n", 0, OK(1, "a"), OK(2, "b"), END, END);
  RUN("CRLF stripped", "a\r\nbb\r\n", 0, OK(1, "a"), OK(2, "bb"), END);
  RUN("mixed", "a\r\nb\nc\r\n", 0, OK(1, "a"), OK(2, "b"), OK(3, "c"), END);
  RUN("last line without newline", "a\nlast", 0, OK(1, "a"), OK(2, "last"), END, END);
  RUN("last line CR without newline", "a\nlast\r", 0, OK(1, "a"), OK(2, "last"), END);
  RUN("only CR inside kept", "a\rb\n", 0, OK(1, "a\rb"), END);
  RUN("one CR stripped", "a\r\r\n", 0, OK(1, "a\r"), END);
  RUN("blank lines", "\n\r\n\nx\n", 0, OK(1, ""), OK(2, ""), OK(3, ""), OK(4, "x"), END);
  RUN("embedded NUL", "a\0b\n{\"k\":1}\n", 0, OK(1, "a\0b"), OK(2, "{\"k\":1}"), END);
  RUN("UTF-8 passed through", "\xEA\xB9\x80\xEC\xA0\x95\xEC\x9D\x80\n", 0,
      OK(1, "\xEA\xB9\x80\xEC\xA0\x95\xEC\x9D\x80"), END);
}

static void test_empty(void **state)
{
  (void)state;
  RUN("empty file", "", 0, END, END, END);
  RUN("one newline", "\n", 0, OK(1, ""), END);
  RUN("one CRLF", "\r\n", 0, OK(1, ""), END);
}

static void test_over_long(void **state)
{
  (void)state;
  RUN("over-long middle", "short\n0123456789abc\nnext\n", 8, OK(1, "short"), LIMIT(2), OK(3, "next"), END);
  RUN("over-long first", "0123456789abc\nnext", 8, LIMIT(1), OK(2, "next"), END);
  RUN("over-long last, no newline", "ok\n0123456789abc", 8, OK(1, "ok"), LIMIT(2), END, END);
  RUN("two over-long in a row", "0123456789\n0123456789\r\nx\n", 8, LIMIT(1), LIMIT(2), OK(3, "x"), END);
  RUN("exactly the limit", "01234567\n012345678\n", 8, OK(1, "01234567"), LIMIT(2), END);
  /* Regression test, bug fixed (io/lines.c, vet_lines_next): the limit is applied before
   * the "\r" of a CRLF ending is stripped, so a line of exactly max bytes
   * is refused when it ends in CRLF and accepted when it ends in LF.
   * Input "01234567\r\n" with max 8: expected VET_OK with "01234567",
   * got VET_ELIMIT. */
  RUN("exactly the limit, CRLF", "01234567\r\nx\r\n", 8, OK(1, "01234567"), OK(2, "x"), END);
}

static void test_long_line(void **state)
{
  (void)state;
  /* a line much longer than the reader's first buffer */
  size_t n = 200000;
  char *data = malloc(n + 3);
  assert_non_null(data);
  for (size_t i = 0; i < n; i++)
    data[i] = (char)('a' + i % 26);
  memcpy(data + n, "\nz", 2);
  char path[TU_PATH_MAX];
  tu_temp_file(path, sizeof path, data, n + 2);
  struct vet_lines r;
  struct vet_error e;
  assert_int_equal(vet_lines_open(&r, path, 0, &e), VET_OK); /* 0: the default limit */
  vet_str line;
  assert_int_equal(vet_lines_next(&r, &line, &e), VET_OK);
  assert_int_equal(line.len, n);
  assert_memory_equal(line.ptr, data, n);
  assert_int_equal(vet_lines_next(&r, &line, &e), VET_OK);
  assert_true(vet_str_eq_c(line, "z"));
  assert_int_equal(r.lineno, 2);
  assert_int_equal(vet_lines_next(&r, &line, &e), VET_ENOTFOUND);
  vet_lines_close(&r);
  unlink(path);
  free(data);
}

static void test_missing_file(void **state)
{
  (void)state;
  struct vet_lines r;
  struct vet_error e;
  vet_error_clear(&e);
  assert_int_equal(vet_lines_open(&r, "/nonexistent/vetter/in.jsonl", 0, &e), VET_EIO);
  assert_int_equal(e.code, VET_EIO);
  assert_non_null(strstr(e.msg, "/nonexistent/vetter/in.jsonl"));
  vet_lines_close(&r); /* safe after a failed open */
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_line_endings), cmocka_unit_test(test_empty),        cmocka_unit_test(test_over_long),
      cmocka_unit_test(test_long_line),    cmocka_unit_test(test_missing_file),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
