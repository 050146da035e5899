/* test_csv.c - io/csv.c, the libcsv adapter: quoting, embedded newlines
 * and the line numbers after them, BOM, CRLF, the OFAC Ctrl-Z, tab
 * delimiters, UTF-8 checks, row limits and callback errors. */
#include <unistd.h>

#include "io/csv.h"
#include "testutil.h"

/* S() initializes table entries; SV() is the same as an expression. */
#define S(lit) {(lit), sizeof(lit) - 1}
#define SV(lit) ((vet_str)S(lit))

/* Every row seen, flattened as "line|f1|f2|...\n" so a whole parse is one
 * string compare; fields are also checked for being NUL-terminated
 * nowhere in particular (they are borrowed slices). */
struct rec {
  char out[4096];
  size_t len;
  size_t rows;
  size_t stop_at;  /* fail on this row (1-based); 0: never */
  size_t max_n;    /* widest row seen */
};

static void rec_put(struct rec *r, const char *p, size_t n)
{
  for (size_t i = 0; i < n && r->len + 1 < sizeof r->out; i++) {
    char c = p[i];
    /* make control characters visible in failure messages */
    if (c == '\n')
      c = '~';
    else if (c == '\r')
      c = '^';
    else if (c == 0)
      c = '@';
    r->out[r->len++] = c;
  }
  r->out[r->len] = 0;
}

static vet_err on_row(void *ud, size_t line, vet_str *f, size_t n, struct vet_error *e)
{
  struct rec *r = ud;
  r->rows++;
  if (n > r->max_n)
    r->max_n = n;
  char num[32];
  int k = snprintf(num, sizeof num, "%zu", line);
  rec_put(r, num, (size_t)k);
  for (size_t i = 0; i < n; i++) {
    rec_put(r, "|", 1);
    rec_put(r, f[i].ptr, f[i].len);
  }
  rec_put(r, "\n", 1);
  r->out[r->len - 1] = '\n';
  if (r->stop_at && r->rows == r->stop_at)
    return vet_fail(e, VET_EPARSE, "row %zu: refused by the callback", r->rows);
  return VET_OK;
}

/* Empty r for a new parse that fails on row stop_at (0: never). */
static void rec_reset(struct rec *r, size_t stop_at)
{
  memset(r->out, 0, sizeof r->out);
  r->len = r->rows = r->max_n = 0;
  r->stop_at = stop_at;
}

static vet_err parse(vet_str data, const struct vet_csv_opts *o, struct rec *r, struct vet_error *e)
{
  rec_reset(r, 0);
  vet_error_clear(e);
  return vet_csv_parse(data, "t.csv", o, on_row, r, e);
}

static void test_rows(void **state)
{
  (void)state;
  static const struct {
    const char *name;
    vet_str in;
    char delim;
    const char *want; /* "line|field|field\n" per row; ~ is \n, ^ is \r, @ is NUL */
  } cases[] = {
      {"plain", S("a,b,c\n1,2,3\n"), 0, "1|a|b|c\n2|1|2|3\n"},
      {"no final newline", S("a,b\nc,d"), 0, "1|a|b\n2|c|d\n"},
      {"empty fields", S("a,,c\n,,\n"), 0, "1|a||c\n2|||\n"},
      {"embedded comma", S("1,\"Kim, Jong Un\",KP\n"), 0, "1|1|Kim, Jong Un|KP\n"},
      {"doubled quotes", S("2,\"He said \"\"hi\"\"\",x\n"), 0, "1|2|He said \"hi\"|x\n"},
      {"quoted empty", S("\"\",\"\"\"\"\n"), 0, "1||\"\n"},
      {"multi-line field", S("id,name\n3,\"line1\nline2\nline3\",x\n4,after\n"), 0,
       "1|id|name\n2|3|line1~line2~line3|x\n5|4|after\n"},
      {"two multi-line rows", S("\"a\nb\",1\n\"c\n\nd\",2\nlast,3\n"), 0, "1|a~b|1\n3|c~~d|2\n6|last|3\n"},
      {"BOM", S("\xEF\xBB\xBFname,code\nKorea,KP\n"), 0, "1|name|code\n2|Korea|KP\n"},
      {"BOM quoted", S("\xEF\xBB\xBF\"name\",code\n"), 0, "1|name|code\n"},
      {"CRLF", S("a,b\r\nc,d\r\n"), 0, "1|a|b\n2|c|d\n"},
      {"CRLF in quotes", S("\"x\r\ny\",z\r\nnext,1\r\n"), 0, "1|x^~y|z\n3|next|1\n"},
      {"blank lines skipped", S("a\n\n\nb\n\r\n"), 0, "1|a\n4|b\n"},
      {"OFAC Ctrl-Z", S("1,a\n2,b\n\x1A"), 0, "1|1|a\n2|2|b\n"},
      {"OFAC Ctrl-Z newline", S("1,a\r\n\x1A\r\n"), 0, "1|1|a\n"},
      {"tab", S("a\tb,c\td\n\"q\tr\"\ts\n"), '\t', "1|a|b,c|d\n2|q\tr|s\n"},
      {"semicolon", S("a;b\n"), ';', "1|a|b\n"},
      {"UTF-8", S("\xEA\xB9\x80\xEC\xA0\x95\xEC\x9D\x80,M\xC3\xBCller\n"), 0,
       "1|\xEA\xB9\x80\xEC\xA0\x95\xEC\x9D\x80|M\xC3\xBCller\n"},
      {"embedded NUL", S("a\0b,c\n"), 0, "1|a@b|c\n"},
      {"empty", S(""), 0, ""},
      {"only BOM", S("\xEF\xBB\xBF"), 0, ""},
      {"only newlines", S("\n\r\n\n"), 0, ""},
  };
  for (size_t i = 0; i < VET_COUNTOF(cases); i++) {
    struct rec r;
    struct vet_error e;
    struct vet_csv_opts o = {.delim = cases[i].delim};
    vet_err rc = parse(cases[i].in, &o, &r, &e);
    if (rc != VET_OK)
      fail_msg("%s: rc %d: %s", cases[i].name, rc, e.msg);
    if (strcmp(r.out, cases[i].want) != 0)
      fail_msg("%s: got\n%s\nwant\n%s", cases[i].name, r.out, cases[i].want);
  }
  /* NULL options are the defaults */
  struct rec r;
  struct vet_error e;
  assert_int_equal(parse(SV("x,y\n"), NULL, &r, &e), VET_OK);
  assert_string_equal(r.out, "1|x|y\n");
}

static void test_no_trim(void **state)
{
  (void)state;
  /* csv.h: "fields are trimmed of nothing (loaders trim)" */
  static const struct {
    const char *name;
    vet_str in;
    char delim;
    const char *want;
  } cases[] = {
      {"quoted spaces", S("\" a \",\"b \"\n"), 0, "1| a |b \n"},
      /* Regression test, bug fixed (io/csv.c): libcsv's default space function trims
       * spaces and tabs around unquoted fields, and the adapter does not
       * turn it off (csv_set_space_func), so " a , b " gives "a" and "b".
       * Expected: " a " and " b " as csv.h promises. */
      {"unquoted spaces", S(" a , b \n"), 0, "1| a | b \n"}, /* tabs likewise: "\tx\t;y" gives "x" */
  };
  for (size_t i = 0; i < VET_COUNTOF(cases); i++) {
    struct rec r;
    struct vet_error e;
    struct vet_csv_opts o = {.delim = cases[i].delim};
    assert_int_equal(parse(cases[i].in, &o, &r, &e), VET_OK);
    if (strcmp(r.out, cases[i].want) != 0)
      fail_msg("%s: got '%s', want '%s'", cases[i].name, r.out, cases[i].want);
  }
}

static void test_invalid_utf8(void **state)
{
  (void)state;
  static const struct {
    const char *name;
    vet_str in;
    size_t rows_before;
    const char *where; /* must appear in the message */
  } cases[] = {
      {"second field", S("ok,ok\nx,\"y\xC3\x28\"\n"), 1, "t.csv:2: field 2"},
      {"first field", S("\xFF,b\n"), 0, "t.csv:1: field 1"},
      {"latin-1", S("id,name\n1,M\xFCller\n2,ok\n"), 1, "t.csv:2: field 2"},
      {"surrogate", S("a\n\xED\xA0\x80\n"), 1, "t.csv:2: field 1"},
      {"overlong", S("a,b,c,\xC0\xAF\n"), 0, "t.csv:1: field 4"},
      {"after multi-line field", S("h\n\"a\nb\nc\",1\n2,\xE2\x82\n"), 2, "t.csv:5: field 2"},
      {"inside multi-line field", S("h\n\"a\nb\xFF\",1\n"), 1, "t.csv:2: field 1"},
      {"truncated at end", S("a,b\nc,\xF0\x9F\x98"), 1, "t.csv:2: field 2"},
  };
  for (size_t i = 0; i < VET_COUNTOF(cases); i++) {
    struct rec r;
    struct vet_error e;
    vet_err rc = parse(cases[i].in, NULL, &r, &e);
    if (rc != VET_EPARSE)
      fail_msg("%s: rc %d, want parse error", cases[i].name, rc);
    assert_int_equal(e.code, VET_EPARSE);
    if (!strstr(e.msg, cases[i].where) || !strstr(e.msg, "UTF-8"))
      fail_msg("%s: message '%s' does not say '%s' and UTF-8", cases[i].name, e.msg, cases[i].where);
    if (r.rows != cases[i].rows_before)
      fail_msg("%s: %zu rows delivered before the error, want %zu", cases[i].name, r.rows, cases[i].rows_before);
  }
}

static void test_limits(void **state)
{
  (void)state;
  static const struct {
    const char *name;
    vet_str in;
    size_t max_fields, max_row_bytes;
    vet_err rc;
    size_t rows; /* delivered */
    const char *where;
  } cases[] = {
      {"fields at the limit", S("a,b,c\n"), 3, 0, VET_OK, 1, NULL},
      {"one field too many", S("a,b,c\n1,2,3,4\nx,y\n"), 3, 0, VET_ELIMIT, 1, "t.csv:2"},
      {"empty fields count", S(",,,\n"), 3, 0, VET_ELIMIT, 0, "t.csv:1"},
      {"single field at the limit", S("0123456789\n"), 0, 10, VET_OK, 1, NULL},
      {"single field over", S("ok\n0123456789A\nnext\n"), 0, 10, VET_ELIMIT, 1, "t.csv:2"},
      {"row at the limit", S("12345,6789\n"), 0, 10, VET_OK, 1, NULL},
      {"row over", S("12345,67890\n"), 0, 10, VET_ELIMIT, 0, "t.csv:1"},
      {"row over after multi-line", S("\"a\nb\"\n\"c\n\",\"0123456789\"\n"), 0, 10, VET_ELIMIT, 1, "t.csv:3"},
  };
  for (size_t i = 0; i < VET_COUNTOF(cases); i++) {
    struct rec r;
    struct vet_error e;
    struct vet_csv_opts o = {.max_fields = cases[i].max_fields, .max_row_bytes = cases[i].max_row_bytes};
    vet_err rc = parse(cases[i].in, &o, &r, &e);
    if (rc != cases[i].rc)
      fail_msg("%s: rc %d (%s), want %d", cases[i].name, rc, e.msg, cases[i].rc);
    if (r.rows != cases[i].rows)
      fail_msg("%s: %zu rows delivered, want %zu", cases[i].name, r.rows, cases[i].rows);
    if (cases[i].where && !strstr(e.msg, cases[i].where))
      fail_msg("%s: message '%s' does not name '%s'", cases[i].name, e.msg, cases[i].where);
  }
  /* the default field limit is 256 */
  char wide[2 * 300 + 1];
  for (size_t i = 0; i < 300; i++) {
    wide[2 * i] = 'x';
    wide[2 * i + 1] = ',';
  }
  wide[2 * 256 - 1] = '\n';
  struct rec r;
  struct vet_error e;
  assert_int_equal(parse((vet_str){wide, 2 * 256}, NULL, &r, &e), VET_OK);
  assert_int_equal(r.max_n, 256);
  wide[2 * 256 - 1] = ',';
  wide[2 * 257 - 1] = '\n';
  assert_int_equal(parse((vet_str){wide, 2 * 257}, NULL, &r, &e), VET_ELIMIT);
  assert_int_equal(r.rows, 0);
}

static void test_callback_error_stops(void **state)
{
  (void)state;
  vet_str in = S("1,a\n2,b\n3,c\n4,d\n");
  for (size_t stop = 1; stop <= 4; stop++) {
    struct rec r;
    struct vet_error e;
    rec_reset(&r, stop);
    vet_error_clear(&e);
    vet_err rc = vet_csv_parse(in, "t.csv", NULL, on_row, &r, &e);
    assert_int_equal(rc, VET_EPARSE);
    assert_int_equal(r.rows, stop); /* nothing after the refused row */
    char want[64];
    snprintf(want, sizeof want, "row %zu: refused by the callback", stop);
    assert_string_equal(e.msg, want); /* the callback's own message */
  }
}

static void test_read_file(void **state)
{
  (void)state;
  char path[TU_PATH_MAX];
  tu_temp_text(path, sizeof path, "\xEF\xBB\xBFid,name\r\n1,\"Kim,\r\nJong Un\"\r\n2,Pak\r\n\x1A");

  struct rec r;
  struct vet_error e;
  rec_reset(&r, 0);
  vet_error_clear(&e);
  assert_int_equal(vet_csv_read_file(path, 1024, NULL, on_row, &r, &e), VET_OK);
  assert_string_equal(r.out, "1|id|name\n2|1|Kim,^~Jong Un\n4|2|Pak\n");

  /* the file cap */
  vet_error_clear(&e);
  assert_int_equal(vet_csv_read_file(path, 10, NULL, on_row, &r, &e), VET_ELIMIT);
  /* invalid UTF-8 names the file path */
  tu_write_text(path, "a,b\nc,\xFF\n");
  vet_error_clear(&e);
  assert_int_equal(vet_csv_read_file(path, 1024, NULL, on_row, &r, &e), VET_EPARSE);
  char want[128];
  snprintf(want, sizeof want, "%s:2: field 2", path);
  if (!strstr(e.msg, want))
    fail_msg("message '%s' does not say '%s'", e.msg, want);
  unlink(path);
  /* a missing file */
  vet_error_clear(&e);
  assert_int_equal(vet_csv_read_file(path, 1024, NULL, on_row, &r, &e), VET_EIO);
  assert_non_null(strstr(e.msg, path));
}

static void test_unterminated_quote(void **state)
{
  (void)state;
  /* an unterminated quote swallows the rest; whatever the verdict, the
   * parse must end cleanly (no crash, no leak) */
  static const vet_str cases[] = {S("1,\"abc\n2,x\n"), S("\""), S("\"\"\"\n"), S("a,\"b\"c\n")};
  for (size_t i = 0; i < VET_COUNTOF(cases); i++) {
    struct rec r;
    struct vet_error e;
    vet_err rc = parse(cases[i], NULL, &r, &e);
    assert_true(rc == VET_OK || rc == VET_EPARSE);
  }
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_rows),      cmocka_unit_test(test_no_trim),
      cmocka_unit_test(test_invalid_utf8),
      cmocka_unit_test(test_limits),    cmocka_unit_test(test_callback_error_stops),
      cmocka_unit_test(test_read_file), cmocka_unit_test(test_unterminated_quote),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
