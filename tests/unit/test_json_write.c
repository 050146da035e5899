/* unit/test_json_write.c - vet_json_write_compact gives exactly what
 * json_dumps(JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6))
 * gives: on constructed values (every escape, control bytes, UTF-8,
 * integers at their limits, reals of every magnitude and both exponent
 * signs, empty and nested containers), on every record of the demo
 * population, and on every report `vetter check` writes for it (which it
 * writes through this function); it fails, leaving the buffer as it was,
 * where json_dumps fails.  With a memo, a value written before is copied
 * wherever that same value comes again (test_memo). */
#include <float.h>
#include <math.h>
#include <stdint.h>

#include "testutil.h"
#include "vetter/json.h"

#define FLAGS (JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(VET_JSON_REAL_PRECISION))

/* Both writers on j; fails the test when they differ.  Takes j. */
static void same1(json_t *j, const char *what)
{
  assert_non_null(j);
  char *want = json_dumps(j, FLAGS);
  struct vet_buf b;
  vet_buf_init(&b, 1u << 26);
  vet_buf_append_c(&b, "prefix:"); /* appends after what is there */
  vet_err rc = vet_json_write_compact(j, &b);
  if (!want) {
    if (rc == VET_OK)
      fail_msg("%s: json_dumps fails, vet_json_write_compact gave '%s'", what, vet_buf_cstr(&b));
    assert_string_equal(vet_buf_cstr(&b), "prefix:");
  } else {
    if (rc != VET_OK)
      fail_msg("%s: vet_json_write_compact failed (%d), json_dumps gave '%s'", what, (int)rc, want);
    const char *got = vet_buf_cstr(&b) + 7;
    if (strcmp(got, want) != 0)
      fail_msg("%s:\n json_dumps: %s\n ours:       %s", what, want, got);
  }
  free(want);
  vet_buf_release(&b);
  json_decref(j);
}

/* same1 on j, and on j inside an array (json_dumps takes a scalar only
 * inside a container: both refuse it bare).  Takes j. */
static void same(json_t *j, const char *what)
{
  assert_non_null(j);
  same1(json_pack("[O]", j), what);
  same1(j, what);
}

static void test_scalars(void **state)
{
  (void)state;
  same(json_null(), "null");
  same(json_true(), "true");
  same(json_false(), "false");
  const json_int_t ints[] = {0, 1, -1, 9, 10, -10, 123456789, INT64_MAX, INT64_MIN, INT64_MIN + 1, -9223372036854775807LL};
  for (size_t i = 0; i < VET_COUNTOF(ints); i++)
    same(json_integer(ints[i]), "integer");
  const double reals[] = {0.0,     -0.0,    1.0,      -1.0,   0.5,     0.1,     1.0 / 3,  2.0 / 3,  10.0,
                          100000,  1e6,     1234567,  1e15,   1e16,    1e21,    1e100,    1e300,    DBL_MAX,
                          1e-4,    1e-5,    1.5e-7,   1e-10,  1e-300,  DBL_MIN, 5e-324,   -2.5e-8,  -3e20,
                          0.85,    0.9922,  0.0060,   86.5,   0.45,    12.0,    99.99995, 999999.5, 9999995,
                          123.456, 0.00123, 65536.25, -0.001, 3.14159, 2.71828, 1e-6,     1e-7,     -1e+10};
  for (size_t i = 0; i < VET_COUNTOF(reals); i++)
    same(json_real(reals[i]), "real");
  /* short decimals (written without printf) near every limit: k / 10^d
   * for small and six- and seven-digit k, and the neighbours of each */
  static const double p10[] = {1, 10, 100, 1000, 10000, 100000, 1000000};
  uint64_t seed = 20261127;
  for (int d = 0; d < (int)VET_COUNTOF(p10); d++) {
    for (long k = -1200; k <= 1200; k++)
      same1(json_pack("[f]", (double)k / p10[d]), "k / 10^d");
    for (long k = 999980; k <= 1000020; k++) {
      same1(json_pack("[f]", (double)k / p10[d]), "large k / 10^d");
      same1(json_pack("[f]", nextafter((double)k / p10[d], 0)), "below k / 10^d");
      same1(json_pack("[f]", nextafter((double)k / p10[d], 2e7)), "above k / 10^d");
    }
    for (int i = 0; i < 20000; i++) {
      seed = seed * 6364136223846793005ull + 1442695040888963407ull;
      long k = (long)(seed >> 40) % 2000000 - 1000000;
      same1(json_pack("[f]", (double)k / p10[d]), "random k / 10^d");
    }
  }
  /* and any double: random bit patterns (finite ones) */
  for (int i = 0; i < 50000; i++) {
    seed = seed * 6364136223846793005ull + 1442695040888963407ull;
    double v;
    memcpy(&v, &seed, sizeof v);
    if (isfinite(v))
      same1(json_pack("[f]", v), "random double");
  }
  /* rounded scores, as the reports hold them */
  for (int i = 0; i <= 20000; i += 7)
    same(json_real(round(i / 2.0) / 10000.0 * 3.3), "score");
}

static void test_strings(void **state)
{
  (void)state;
  /* every byte below 0x80 alone and inside text */
  for (int c = 1; c < 0x80; c++) {
    char s[8] = {'a', (char)c, 'b', 0};
    same(json_string(s), "ascii");
    char t[2] = {(char)c, 0};
    same(json_string(t), "ascii alone");
  }
  same(json_stringn("a\0b", 3), "NUL inside");
  same(json_string(""), "empty");
  same(json_string("\"\\/\b\f\n\r\t\x01\x1f\x7f"), "escapes");
  same(json_string("Kim Jong Un 김정은 Ким Чен Ын Κιμ 金正恩 كيم"), "scripts");
  same(json_string("\xF0\x9F\x98\x80 emoji and \xEF\xBF\xBF"), "4-byte and U+FFFF");
  same(json_string("</script>"), "slash");
  /* invalid UTF-8 (made without jansson's check): both fail */
  same(json_stringn_nocheck("\xC3\x28", 2), "bad UTF-8");
  same(json_stringn_nocheck("ok \xED\xA0\x80", 6), "surrogate");
  /* a key that is not UTF-8 (jansson checks keys when they are set, not
   * when dumped): the writer declines, and the caller's json_dumps writes */
  json_t *o = json_object();
  json_object_set_new_nocheck(o, "\xFF key", json_integer(1));
  struct vet_buf b;
  vet_buf_init(&b, 1u << 20);
  vet_buf_append_c(&b, "x");
  assert_int_equal(vet_json_write_compact(o, &b), VET_EINVAL);
  assert_string_equal(vet_buf_cstr(&b), "x");
  vet_buf_release(&b);
  json_decref(o);
}

/* Strings are scanned eight bytes at a time: every byte value at every
 * position of short and longer strings (the word loop and its tail), and
 * a two-byte character at every position. */
static void test_strings_every_position(void **state)
{
  (void)state;
  char s[32];
  for (size_t len = 1; len <= 24; len++)
    for (size_t pos = 0; pos < len; pos++) {
      for (int c = 1; c < 0x100; c++) {
        memset(s, 'a', len);
        s[pos] = (char)c;
        same(json_stringn_nocheck(s, len), "byte at a position");
      }
      if (pos + 1 < len) {
        memset(s, 'b', len);
        s[pos] = (char)0xC3;
        s[pos + 1] = (char)0xA9; /* U+00E9 */
        same(json_stringn(s, len), "two-byte character at a position");
      }
    }
}

static void test_containers(void **state)
{
  (void)state;
  same(json_object(), "empty object");
  same(json_array(), "empty array");
  same(json_pack("{s:[], s:{}, s:[[], [{}], {s:[]}], s:n}", "a", "b", "c", "d", "e"), "nested empties");
  json_t *o = json_object();
  for (int i = 0; i < 50; i++) { /* insertion order, not sorted: z first */
    char k[16];
    snprintf(k, sizeof k, "%c%d", 'z' - i % 26, i);
    json_object_set_new(o, k, json_pack("{s:i, s:f, s:s, s:b}", "i", i, "f", i / 7.0, "s", k, "b", i % 2));
  }
  same(o, "ordered object");
  json_t *deep = json_array();
  json_t *cur = deep;
  for (int i = 0; i < 200; i++) {
    json_t *n = json_array();
    json_array_append_new(cur, n);
    cur = n;
  }
  same(deep, "200 levels");
  /* deeper than the writer's limit: it declines, out unchanged */
  deep = json_array();
  cur = deep;
  for (int i = 0; i < 300; i++) {
    json_t *n = json_array();
    json_array_append_new(cur, n);
    cur = n;
  }
  struct vet_buf b;
  vet_buf_init(&b, 1u << 20);
  vet_buf_append_c(&b, "x");
  assert_int_equal(vet_json_write_compact(deep, &b), VET_ELIMIT);
  assert_string_equal(vet_buf_cstr(&b), "x");
  /* a full buffer: declined, unchanged */
  struct vet_buf small;
  vet_buf_init(&small, 8);
  json_t *big = json_pack("{s:s}", "key", "a value longer than eight bytes");
  assert_int_not_equal(vet_json_write_compact(big, &small), VET_OK);
  assert_int_equal(small.len, 0);
  json_decref(big);
  vet_buf_release(&small);
  vet_buf_release(&b);
  json_decref(deep);
}

/* j written with memo into a fresh buffer, as a C string the caller frees. */
static char *with_memo(const json_t *j, const struct vet_json_memo *memo)
{
  struct vet_buf b;
  vet_buf_init(&b, 1u << 20);
  assert_int_equal(vet_json_write_compact_memo(j, memo, &b), VET_OK);
  char *s = strdup(vet_buf_cstr(&b));
  vet_buf_release(&b);
  return s;
}

static void test_memo(void **state)
{
  (void)state;
  /* a shared record in a report: the memo's text wherever that value is */
  json_t *versions = json_pack("{s:s, s:{s:s, s:[]}, s:[{s:s, s:s}]}", "vetter", "0.1.0", "config", "hash", "ab12",
                               "changed", "lists", "name", "un_sc", "date", "2024-05-01");
  json_t *other = json_deep_copy(versions); /* equal, but another value */
  json_t *report = json_pack("{s:s, s:O, s:[O, O], s:O}", "subject", "w1", "versions", versions, "more", versions,
                             other, "other", other);
  char *plain = json_dumps(report, FLAGS);
  struct vet_buf vt;
  vet_buf_init(&vt, 1u << 20);
  assert_int_equal(vet_json_write_compact(versions, &vt), VET_OK);
  struct vet_json_memo m = {versions, vet_buf_cstr(&vt), vt.len};
  char *got = with_memo(report, &m);
  assert_string_equal(got, plain);
  free(got);
  /* the memo's text is what is written for that value (three times), not
   * for an equal other one */
  struct vet_json_memo fake = {versions, "{\"memo\":1}", 10};
  got = with_memo(report, &fake);
  assert_string_equal(got, "{\"subject\":\"w1\",\"versions\":{\"memo\":1},\"more\":[{\"memo\":1},"
                           "{\"vetter\":\"0.1.0\",\"config\":{\"hash\":\"ab12\",\"changed\":[]},"
                           "\"lists\":[{\"name\":\"un_sc\",\"date\":\"2024-05-01\"}]}],\"other\":"
                           "{\"vetter\":\"0.1.0\",\"config\":{\"hash\":\"ab12\",\"changed\":[]},"
                           "\"lists\":[{\"name\":\"un_sc\",\"date\":\"2024-05-01\"}]}}");
  free(got);
  /* a memo of the whole value, or of no value: written afresh */
  struct vet_json_memo whole = {report, "x", 1}, none = {NULL, "x", 1};
  got = with_memo(report, &whole);
  assert_string_equal(got, plain);
  free(got);
  got = with_memo(report, &none);
  assert_string_equal(got, plain);
  free(got);
  free(plain);
  vet_buf_release(&vt);
  json_decref(report);
  json_decref(versions);
  json_decref(other);
}

/* Every record of the demo population, and every report `vetter check`
 * writes for it. */
static void test_population_and_reports(void **state)
{
  (void)state;
  size_t len;
  char *text = tu_read_file(VET_TEST_DATA "/../../examples/population.jsonl", &len);
  assert_non_null(text);
  size_t n = 0;
  for (char *line = text, *nl; line < text + len; line = nl + 1, n++) {
    nl = memchr(line, '\n', (size_t)(text + len - line));
    if (!nl)
      nl = text + len;
    *nl = 0;
    same(json_loads(line, 0, NULL), "population record");
  }
  free(text);
  assert_true(n > 4000);
  char cmd[1024];
  snprintf(cmd, sizeof cmd, "%s check %s/../../examples/population.jsonl --quiet 2>/dev/null", VET_CLI,
           VET_TEST_DATA);
  FILE *p = popen(cmd, "r");
  assert_non_null(p);
  static char buf[1 << 20];
  size_t reports = 0;
  while (fgets(buf, sizeof buf, p)) {
    size_t l = strlen(buf);
    if (l && buf[l - 1] == '\n')
      buf[--l] = 0;
    json_error_t je;
    json_t *j = json_loads(buf, 0, &je);
    if (!j)
      fail_msg("report %zu is not JSON: %s", reports, je.text);
    /* the line itself is jansson's text of what it holds */
    char *again = json_dumps(j, FLAGS);
    assert_non_null(again);
    if (strcmp(again, buf) != 0)
      fail_msg("report %zu differs from json_dumps of itself:\n %s\n %s", reports, buf, again);
    free(again);
    same(j, "report");
    reports++;
  }
  assert_int_equal(pclose(p), 0);
  assert_int_equal(reports, 400);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_scalars),
      cmocka_unit_test(test_strings),
      cmocka_unit_test(test_strings_every_position),
      cmocka_unit_test(test_containers),
      cmocka_unit_test(test_memo),
      cmocka_unit_test(test_population_and_reports),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
