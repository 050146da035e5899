/* test_event_fast.c - the fast event reader (subject/event_fast.cc) and the
 * multi-threaded reading path (subject/preparse.c): which lines the fast
 * reader takes and which it leaves to jansson (duplicate keys at any
 * depth, NUL escapes, integers beyond int64, odd lists, not an event,
 * malformed or over-long lines); that a population read through
 * vet_line_parser + vet_population_add_parsed equals one read through
 * vet_population_add_line, record by record and issue by issue (valid
 * events, every field error and warning, escapes, unknown subjects);
 * unpadded lines; clearing and reuse of a parser across more distinct
 * strings than its sharing table holds; exts shared by content, read
 * line by line and in runs (where their lookups wait for the events after
 * them); parsers on two threads; adding
 * after finish; and the order of events after finish. */
#include <pthread.h>
#include <stdio.h>

#include "../fuzz/fieldcmp.h"
#include "../fuzz/popcmp.h"
#include "subject/subject_int.h"
#include "testutil.h"
#include "vetter/subject.h"

#define EV(extra) "{\"type\":\"event\",\"subject\":\"w-1\",\"ts\":\"2026-03-01T09:15:00Z\"" extra "}"
#define SUBJECT "{\"type\":\"subject\",\"id\":\"w-1\",\"name\":\"Anna Kowalska\",\"country\":\"PL\"}"

/* line in a copy with VET_LINE_PADDING zero bytes after it (freed by the
 * caller); *len its length. */
static char *padded_copy(const char *line, size_t *len)
{
  *len = strlen(line);
  char *copy = calloc(1, *len + VET_LINE_PADDING);
  assert_non_null(copy);
  memcpy(copy, line, *len);
  return copy;
}

/* Whether the fast reader takes line (trimmed, read from a padded copy). */
static bool fast_takes(const char *line)
{
  size_t len;
  char *copy = padded_copy(line, &len);
  struct event_fast *f = event_fast_new();
  assert_non_null(f);
  struct vet_arena a;
  vet_arena_init(&a, 4096);
  struct event_fields out;
  vet_str t = vet_str_trim((vet_str){copy, len}); /* as vet_line_parser_parse hands it over */
  bool ok = event_fast_parse(f, t, len + VET_LINE_PADDING - (size_t)(t.ptr - copy), &a, &out);
  vet_arena_release(&a);
  event_fast_free(f);
  free(copy);
  return ok;
}

/* Build both ways (and a third, in runs of lines) from text and fail the
 * test at the first difference; returns how many lines the fast reader
 * took. */
static size_t expect_same(const char *text)
{
  struct popcmp_pair pp;
  vet_err rc = popcmp_build(text, strlen(text), tu_countries(), &pp);
  if (rc != VET_OK)
    fail_msg("building: %s", vet_err_name(rc));
  char msg[POPCMP_MSG];
  struct vet_population *run = NULL;
  if ((rc = popcmp_build_run(text, strlen(text), tu_countries(), &run)) != VET_OK)
    fail_msg("building in runs: %s", vet_err_name(rc));
  if (!popcmp(pp.slow, run, msg, sizeof msg))
    fail_msg("in runs: %s\n  in: %s", msg, text);
  vet_population_free(run);
  bool same = popcmp(pp.slow, pp.fast, msg, sizeof msg);
  size_t fast = 0;
  vet_line_parser_counts(pp.lp, &fast, NULL);
  popcmp_release(&pp);
  if (!same)
    fail_msg("%s\n  in: %s", msg, text);
  return fast;
}

static const char *const valid_events[] = {
    EV(""),
    EV(",\"kind\":\"login\",\"ip\":\"106.143.233.169\",\"device_id\":\"dev-be052b1ca1c9\","
       "\"user_agent\":\"Mozilla/5.0 (Windows NT 10.0; Win64; x64)\",\"tz_offset_min\":540,"
       "\"tz_name\":\"Asia/Tokyo\",\"languages\":[\"ja-JP\",\"en-US\"]"),
    EV(",\"remote_tools\":[],\"usb_devices\":[\"Anker USB-C Hub\"],\"vm\":false"),
    EV(",\"kind\":\"payout_change\",\"payout\":{\"kind\":\"paypal\",\"holder\":\"MUSA UZOR\",\"country\":\"NG\","
       "\"account\":\"m.uzor@gmail.com\",\"currency\":\"USD\"}"),
    EV(",\"kind\":\"shipment\",\"address\":{\"kind\":\"shipping\",\"country\":\"NG\",\"text\":\"17 Ahmadu Bello Way\"},"
       "\"counterpart\":\"client-1973\""),
    "{\"subject\":20417,\"type\":\"event\",\"ts\":\"2026-08-03T11:43:55+08:00\"}",
    "{\"type\":\"event\",\"subject\":-0,\"ts\":\"2026-03-01T09:15:00Z\"}",
    EV(",\"user_agent\":\"Mozilla \\\"quoted\\\" \\u00e9\\u4e2d\\ud83d\\ude00 \\/ \\\\\""),
    EV(",\"e\\u0078tra0\":\"ignored: an unknown key\",\"extra\":{\"a\":[1,2.5,null,true,{\"b\":\"c\"}],\"d\":-9223372036854775808}"),
    EV(",\"languages\":[\"en\",null,\"  \"],\"tz_offset_min\":null,\"vm\":null,\"payout\":null,\"address\":null"),
    "  " EV("") "\t ",
    /* field problems are typed, not declined: parse.c reports them */
    EV(",\"kind\":\"logout\""),
    EV(",\"ip\":5,\"vm\":\"yes\""),
    EV(",\"tz_offset_min\":60.0"),
    EV(",\"tz_offset_min\":9999"),
    EV(",\"payout\":\"paypal\""),
    EV(",\"payout\":{\"kind\":\"skrill\",\"country\":\"Narnia\"}"),
    EV(",\"address\":[1,2]"),
    EV(",\"languages\":\"en-US\""),
    EV(",\"languages\":5"),
    "{\"type\":\"event\",\"subject\":\"w-1\",\"ts\":\"2026-11-04 01:14\"}",
    "{\"type\":\"event\",\"subject\":\"\",\"ts\":\"2026-03-01T09:15:00Z\"}",
    "{\"type\":\"event\",\"subject\":[\"w-1\"]}",
    "{\"type\":\"event\"}",
};

static void test_fast_takes_events(void **state)
{
  (void)state;
  for (size_t i = 0; i < VET_COUNTOF(valid_events); i++)
    if (!fast_takes(valid_events[i]))
      fail_msg("declined: %s", valid_events[i]);
}

static void test_fast_declines(void **state)
{
  (void)state;
  char over[70 * 1024]; /* a line over the fast reader's size limit */
  int n = snprintf(over, sizeof over, "{\"type\":\"event\",\"subject\":\"w-1\",\"ts\":\"2026-03-01T09:15:00Z\",\"x\":\"");
  memset(over + n, 'a', sizeof over - (size_t)n - 3);
  memcpy(over + sizeof over - 3, "\"}", 3);
  char deep[200]; /* nesting deeper than the reader checks */
  n = snprintf(deep, sizeof deep, "{\"type\":\"event\",\"x\":");
  for (int i = 0; i < 40; i++)
    deep[n++] = '[';
  for (int i = 0; i < 40; i++)
    deep[n++] = ']';
  memcpy(deep + n, "}", 2);
  char many[4096]; /* a list over SUBJECT_MAX_ITEMS */
  n = snprintf(many, sizeof many, "{\"type\":\"event\",\"languages\":[");
  for (int i = 0; i <= SUBJECT_MAX_ITEMS; i++)
    n += snprintf(many + n, sizeof many - (size_t)n, "%s\"x\"", i ? "," : "");
  snprintf(many + n, sizeof many - (size_t)n, "]}");
  const char *const lines[] = {
      SUBJECT,
      "{\"id\":\"w-1\"}",
      "{\"type\":\"Event\",\"subject\":\"w-1\",\"ts\":\"2026-03-01T09:15:00Z\"}",
      "{\"type\":5}",
      "{\"subject\":\"w-1\",\"ts\":\"2026-03-01T09:15:00Z\"}",
      "[" EV("") "]",
      "\xef\xbb\xbf" EV(""),
      EV(",\"ip\":\"1\",\"ip\":\"2\""),
      "{\"type\":\"event\",\"type\":\"event\"}",
      EV(",\"payout\":{\"kind\":\"bank\",\"kind\":\"wise\"}"),
      EV(",\"address\":{\"x\":1,\"x\":2}"),
      EV(",\"extra\":[{\"a\":1,\"a\":1}]"),
      EV(",\"x\":1,\"x\":2"),
      EV(",\"ex\\u0074ra\":1,\"extra\":2"),
      EV(",\"t\\u0073\":\"2026-03-01T09:15:00Z\""),
      EV(",\"device_id\":\"a\\u0000b\""),
      EV(",\"extra\":\"\\u0000\""),
      EV(",\"\\u0000\":1"),
      EV(",\"extra\":9223372036854775808"),
      EV(",\"tz_offset_min\":18446744073709551615"),
      EV(",\"extra\":1e400"),
      EV(",\"languages\":[\"en\",1]"),
      EV(",\"usb_devices\":[[\"x\"]]"),
      EV(",\"x\":\"\\ud800\""),
      EV(",\"x\":tru"),
      EV(",\"x\":01"),
      EV("") "x",
      EV(",\"x\":\"\x01\""),
      EV(",\"x\":\"\xff\""),
      "{",
      "",
      over,
      deep,
      many,
  };
  for (size_t i = 0; i < VET_COUNTOF(lines); i++)
    if (fast_takes(lines[i]))
      fail_msg("taken: %.200s", lines[i]);
}

static void test_same_as_jansson(void **state)
{
  (void)state;
  /* every valid and every declined line, after a subject, compared with
   * the jansson path; then all of them in one file */
  struct vet_buf all;
  vet_buf_init(&all, 1u << 20);
  vet_buf_append_c(&all, SUBJECT "\n{\"type\":\"subject\",\"id\":20417}\n");
  size_t fast_total = 0;
  for (size_t i = 0; i < VET_COUNTOF(valid_events); i++) {
    char text[2048];
    snprintf(text, sizeof text, SUBJECT "\n%s\n", valid_events[i]);
    fast_total += expect_same(text);
    vet_buf_appendf(&all, "%s\n", valid_events[i]);
  }
  static const char *const more[] = {
      EV(",\"ip\":\"1\",\"ip\":\"2\""),
      EV(",\"payout\":{\"kind\":\"bank\",\"kind\":\"wise\"}"),
      EV(",\"device_id\":\"a\\u0000b\""),
      EV(",\"extra\":9223372036854775808"),
      EV(",\"languages\":[\"en\",1]"),
      EV(",\"x\":\"\\ud800\""),
      "{\"type\":\"event\",\"subject\":\"ghost\",\"ts\":\"2026-03-01T09:15:00Z\"}",
      "{\"type\":\"event\",\"subject\":\"w-1\",\"ts\":\"2026-03-01T09:15:00Z\",\"kind\":\"Shipment\","
      "\"address\":{\"country\":\"Deutschland\",\"text\":\"  Hauptstr. 1  \"}}",
      "not json",
      "\f" EV(",\"ip\":\"trimmed as add_line trims\"") "\v",
      "\xef\xbb\xbf" EV(""),
      "[1]",
      "   ",
      "{\"type\":\"bogus\"}",
  };
  for (size_t i = 0; i < VET_COUNTOF(more); i++)
    vet_buf_appendf(&all, "%s\n", more[i]);
  assert_true(fast_total >= VET_COUNTOF(valid_events));
  assert_true(expect_same(vet_buf_cstr(&all)) >= VET_COUNTOF(valid_events));
  vet_buf_release(&all);
}

/* Read line with the plain reader and with the DOM reader (each from a
 * padded copy): when the plain reader takes it, the DOM reader must take
 * it with the same values.  Returns whether the plain reader took it. */
static bool plain_agrees(const char *line)
{
  size_t len;
  char *copy = padded_copy(line, &len);
  struct event_fast *f = event_fast_new();
  assert_non_null(f);
  struct vet_arena a;
  vet_arena_init(&a, 4096);
  struct event_fields plain, dom;
  vet_str t = {copy, len};
  bool took = event_plain_parse(f, t, len + VET_LINE_PADDING, &a, &plain);
  if (took) {
    if (!event_fast_parse(f, t, len + VET_LINE_PADDING, &a, &dom))
      fail_msg("taken by the plain reader only: %s", line);
    const char *diff = fieldcmp_event(&plain, &dom);
    if (diff)
      fail_msg("field '%s' read differently: %s", diff, line);
  }
  vet_arena_release(&a);
  event_fast_free(f);
  free(copy);
  return took;
}

static void test_plain_same_as_dom(void **state)
{
  (void)state;
  /* lines the plain reader must take, with the DOM's values */
  static const char *const plain[] = {
      EV(""),
      EV(",\"kind\":\"login\",\"ip\":\"106.143.233.169\",\"device_id\":\"dev-be052b1ca1c9\","
         "\"user_agent\":\"Mozilla/5.0 (Windows NT 10.0; Win64; x64)\",\"tz_offset_min\":540,"
         "\"tz_name\":\"Asia/Tokyo\",\"languages\":[\"ja-JP\",\"en-US\"]"),
      EV(",\"remote_tools\":[],\"usb_devices\":[\"Anker USB-C Hub\"],\"vm\":false"),
      "{\"subject\":20417,\"type\":\"event\",\"ts\":\"2026-08-03T11:43:55+08:00\"}",
      EV(",\"user_agent\":\"Mozilla \\\"quoted\\\" \\u00e9\\u4e2d\\ud83d\\ude00 \\/ \\\\\""),
      EV(",\"languages\":[\"en\",null,\"  \"],\"tz_offset_min\":null,\"vm\":null"),
      EV(",\"kind\":\"logout\""),
      EV(",\"ip\":5,\"vm\":\"yes\",\"languages\":\"en\",\"remote_tools\":7,\"usb_devices\":null"),
      EV(",\"tz_offset_min\":-300,\"counterpart\":\"client-1973\",\"vm\":true"),
      EV(",\"tz_offset_min\":9223372036854775807"),
      EV(",\"tz_offset_min\":-9223372036854775808"),
      "{ \"type\" : \"event\" ,\n \"subject\" : \"w-1\" , \"ts\" : \"2026-03-01T09:15:00Z\" }",
      "{\"type\":\"event\"}",
      "{\"t\\u0079pe\":\"event\",\"subject\":\"w-1\"}",
  };
  for (size_t i = 0; i < VET_COUNTOF(plain); i++)
    if (!plain_agrees(plain[i]))
      fail_msg("declined by the plain reader: %s", plain[i]);
  /* lines it must leave to the DOM path (which may take them or not) */
  static const char *const other[] = {
      EV(",\"tz_offset_min\":-0"),      /* the DOM types -0 as a double */
      EV(",\"tz_offset_min\":-0.0"),
      EV(",\"tz_offset_min\":60.0"),
      EV(",\"tz_offset_min\":1e2"),
      EV(",\"tz_offset_min\":9223372036854775808"),
      EV(",\"extra\":1"),               /* unknown keys: On-Demand would skip them unvalidated */
      EV(",\"extra\":[1,}"),
      EV(",\"payout\":{\"kind\":\"paypal\"}"),
      EV(",\"address\":{\"country\":\"NG\"}"),
      EV(",\"ip\":[\"1.2.3.4\"]"),
      EV(",\"ip\":{}"),
      EV(",\"languages\":[\"en\",1]"),
      EV(",\"languages\":[[\"en\"]]"),
      EV(",\"languages\":[\"en\",]"),
      EV(",\"languages\":[\"en\" \"de\"]"),
      EV(",\"device_id\":\"a\\u0000b\""),
      EV(",\"ip\":\"1\",\"ip\":\"2\""),
      EV(",\"vm\":tru"),
      EV(",\"vm\":truex"),
      EV(",\"vm\":nul"),
      EV(",\"vm\":nullx"),
      EV(",\"ip\":\"\\ud800\""),
      EV(",\"ip\":\"\x01\""),
      EV(",\"ip\":\"\xff\""),
      EV("") "x",
      EV("") "}",
      EV("") "{}",
      EV("") " 1",
      "{\"type\":\"event\",}",
      "{\"type\":\"event\" \"subject\":\"w-1\"}",
      "{\"type\":\"event\",\"subject\":\"w-1\":1}",
      "{\"type\":\"event\",\"subject\":\"w-1\"",
      "{\"type\":\"event\",\"subject\":}",
      "{\"type\":\"event\",\"subject\"}",
      "{\"type\":\"Event\"}",
      "{\"type\":\"subject\",\"id\":\"w-1\"}",
      "{\"type\":null,\"id\":\"w-1\"}",
      "{\"subject\":\"w-1\"}",
      "[" EV("") "]",
      "\xef\xbb\xbf" EV(""),
      " " EV(""),
      "{}",
      "{",
      "",
  };
  for (size_t i = 0; i < VET_COUNTOF(other); i++)
    if (plain_agrees(other[i]))
      fail_msg("taken by the plain reader: %s", other[i]);
  /* and every line of the other tests: taken or not, never different */
  for (size_t i = 0; i < VET_COUNTOF(valid_events); i++)
    (void)plain_agrees(valid_events[i]);
}

/* Lines read in runs (vet_line_parser_parse_run) where a malformed line
 * can throw one pass over many lines out of step: an unclosed string or
 * object, two records on a line, a stray brace, blanks and carriage
 * returns.  expect_same compares the runs with jansson line by line. */
static void test_runs_with_bad_lines(void **state)
{
  (void)state;
  static const char *const bad[] = {
      "{\"type\":\"event\",\"subject\":\"w-1\",\"ts\":\"2026-03-01T09:15:00Z\",\"ip\":\"1.2.3.4}",
      "{\"type\":\"event\",\"subject\":\"w-1\",\"ts\":\"2026-03-01T09:15:00Z\"",
      EV("") EV(""),
      EV("") "}",
      EV("") " {}",
      "}" EV(""),
      "  " EV(",\"ip\":\"9.9.9.9\"") "  ",
      "",
      EV(",\"kind\":\"login\"") "\r",
      "\"a string\"",
      "{\"type\":\"event\",\"subject\":\"w-1\",\"ts\":\"2026-03-01T09:15:00Z\",\"ip\":\"a\\\"}",
      EV(",\"x\":\"\\\\\""),
      SUBJECT,
  };
  char text[8192];
  for (size_t k = 0; k < VET_COUNTOF(bad); k++) {
    /* the bad line at every place of a run, good lines around it */
    for (size_t at = 0; at < 9; at++) {
      size_t n = (size_t)snprintf(text, sizeof text, SUBJECT "\n");
      for (size_t i = 0; i < 10; i++)
        n += (size_t)snprintf(text + n, sizeof text - n, "%s\n",
                              i == at ? bad[k] : EV(",\"kind\":\"activity\",\"ip\":\"203.0.113.5\""));
      expect_same(text);
    }
  }
}

static void test_unpadded_line(void **state)
{
  (void)state;
  struct vet_population *p = vet_population_new(tu_countries(), "in");
  assert_non_null(p);
  struct vet_line_parser *lp = vet_line_parser_new(p);
  assert_non_null(lp);
  const char *line = EV(",\"ip\":\"203.0.113.5\"");
  size_t len = strlen(line);
  char *exact = malloc(len); /* nothing readable after the line: the parser copies it */
  assert_non_null(exact);
  memcpy(exact, line, len);
  struct vet_error e = {0};
  const struct vet_parsed_line *pl = vet_line_parser_parse(lp, (vet_str){exact, len}, len, &e);
  assert_non_null(pl);
  free(exact);
  assert_int_equal(vet_population_add_parsed(p, 1, pl, &e), VET_OK);
  assert_int_equal(vet_population_add_line(p, 2, vet_str_c(SUBJECT), &e), VET_OK);
  assert_int_equal(vet_population_finish(p, &e), VET_OK);
  size_t fast, slow;
  vet_line_parser_counts(lp, &fast, &slow);
  assert_int_equal(fast, 1);
  assert_int_equal(slow, 0);
  assert_int_equal(p->n_events, 1);
  assert_true(vet_str_eq_c(vet_lstr_str(p->events[0].ip), "203.0.113.5"));
  assert_int_equal(p->events[0].line, 1);
  vet_line_parser_free(lp);
  vet_population_free(p);
}

/* Two parsers sharing their strings (vet_line_parser_new_sharing), used
 * in turn as the CLI's two blocks are: an address and a device id read by
 * both are one copy; every event is read right; the sharer is freed
 * first; a parser of another population is refused. */
static void test_sharing_parsers(void **state)
{
  (void)state;
  struct vet_population *p = vet_population_new(tu_countries(), "in");
  struct vet_population *other = vet_population_new(tu_countries(), "other");
  assert_non_null(p);
  assert_non_null(other);
  struct vet_line_parser *a = vet_line_parser_new(p);
  assert_non_null(a);
  struct vet_line_parser *b = vet_line_parser_new_sharing(p, a);
  assert_non_null(b);
  assert_null(vet_line_parser_new_sharing(other, a));
  assert_null(vet_line_parser_new_sharing(p, NULL));
  struct vet_error e = {0};
  assert_int_equal(vet_population_add_line(p, 1, vet_str_c(SUBJECT), &e), VET_OK);
  const char *lines[] = {EV(",\"ip\":\"203.0.113.5\",\"device_id\":\"dev-1\""),
                         EV(",\"ip\":\"203.0.113.5\",\"device_id\":\"dev-1\""),
                         EV(",\"ip\":\"198.51.100.7\",\"device_id\":\"dev-2\"")};
  for (size_t i = 0; i < VET_COUNTOF(lines); i++) {
    struct vet_line_parser *lp = i % 2 ? b : a;
    vet_line_parser_clear(lp);
    size_t len = strlen(lines[i]);
    const struct vet_parsed_line *pl = vet_line_parser_parse(lp, (vet_str){lines[i], len}, len, &e);
    assert_non_null(pl);
    assert_int_equal(vet_population_add_parsed(p, i + 2, pl, &e), VET_OK);
  }
  vet_line_parser_free(b);
  vet_line_parser_free(a);
  assert_int_equal(vet_population_finish(p, &e), VET_OK);
  assert_int_equal(p->n_events, 3);
  const struct vet_event *x = NULL, *y = NULL, *z = NULL;
  for (uint32_t i = 0; i < p->n_events; i++) {
    const struct vet_event *ev = &p->events[i];
    if (ev->line == 2)
      x = ev;
    else if (ev->line == 3)
      y = ev;
    else if (ev->line == 4)
      z = ev;
  }
  assert_non_null(x);
  assert_non_null(y);
  assert_non_null(z);
  assert_true(vet_str_eq_c(vet_lstr_str(x->ip), "203.0.113.5") && vet_str_eq_c(vet_lstr_str(y->ip), "203.0.113.5"));
  assert_ptr_equal(x->ip.ptr, y->ip.ptr); /* read by a, then by b: one copy */
  assert_ptr_equal(x->device_id.ptr, y->device_id.ptr);
  assert_true(vet_str_eq_c(vet_lstr_str(z->ip), "198.51.100.7") && vet_str_eq_c(vet_lstr_str(z->device_id), "dev-2"));
  vet_population_free(other);
  vet_population_free(p);
}

/* A parser whose caller keeps its lines (vet_line_parser_keep_lines): the
 * subject ids are read in place, and what is added stays right once the
 * lines are overwritten, for an event after its subject and for one
 * before it (which waits, its id copied when it is added); an id written
 * with escapes is read as well. */
static void test_keep_lines(void **state)
{
  (void)state;
  struct vet_population *p = vet_population_new(tu_countries(), "in");
  assert_non_null(p);
  struct vet_line_parser *lp = vet_line_parser_new(p);
  assert_non_null(lp);
  vet_line_parser_keep_lines(lp);
  vet_line_parser_keep_lines(NULL);
  struct vet_error e = {0};
  assert_int_equal(vet_population_add_line(p, 1, vet_str_c(SUBJECT), &e), VET_OK);
  static const char text[] =
      "{\"type\":\"event\",\"subject\":\"w-1\",\"ts\":\"2026-03-01T09:15:00Z\",\"ip\":\"203.0.113.5\"}\n"
      "{\"type\":\"event\",\"subject\":\"w-2\",\"ts\":\"2026-03-01T09:16:00Z\",\"ip\":\"203.0.113.6\"}\n"
      "{\"type\":\"event\",\"subject\":\"w\\u002d3\",\"ts\":\"2026-03-01T09:17:00Z\",\"ip\":\"203.0.113.7\"}";
  size_t len = sizeof text - 1;
  char *buf = calloc(1, len + VET_LINE_PADDING);
  assert_non_null(buf);
  memcpy(buf, text, len);
  vet_str lines[3];
  for (size_t i = 0, at = 0; i < 3; i++) {
    const char *nl = memchr(buf + at, '\n', len - at);
    size_t end = nl ? (size_t)(nl - buf) : len;
    lines[i] = (vet_str){buf + at, end - at};
    at = end + 1;
  }
  const struct vet_parsed_line *out[3];
  assert_int_equal(vet_line_parser_parse_run(lp, lines, 3, len + VET_LINE_PADDING, out, &e), VET_OK);
  for (size_t i = 0; i < 3; i++)
    assert_int_equal(vet_population_add_parsed(p, i + 2, out[i], &e), VET_OK);
  memset(buf, 'x', len); /* the lines are gone once added */
  static const char *const later[] = {"{\"type\":\"subject\",\"id\":\"w-2\",\"name\":\"Jan Nowak\"}",
                                      "{\"type\":\"subject\",\"id\":\"w-3\",\"name\":\"Ewa Nowak\"}"};
  for (size_t i = 0; i < 2; i++)
    assert_int_equal(vet_population_add_line(p, i + 5, vet_str_c(later[i]), &e), VET_OK);
  assert_int_equal(vet_population_finish(p, &e), VET_OK);
  assert_int_equal(p->n_events, 3);
  static const char *const owner[] = {"w-1", "w-2", "w-3"}, *const ip[] = {"203.0.113.5", "203.0.113.6", "203.0.113.7"};
  for (size_t i = 0; i < 3; i++) {
    const struct vet_subject *s = vet_population_find(p, vet_str_c(owner[i]));
    assert_non_null(s);
    assert_int_equal(s->n_events, 1);
    assert_true(vet_str_eq_c(vet_lstr_str(p->events[s->first_event].ip), ip[i]));
  }
  vet_line_parser_free(lp);
  free(buf);
  vet_population_free(p);
}

/* Event i of a generated run written into buf (cap bytes); its length. */
typedef int (*gen_line_fn)(int i, char *buf, size_t cap);

/* Lines read through one parser in blocks, cleared every block as the CLI
 * clears them. */
#define GEN_BLOCK 1000

/* Longest generated line. */
#define GEN_LINE 320

/* A population of SUBJECT and the n events gen writes, read through a new
 * parser (*lp, the caller's to free) and finished: line by line
 * (vet_line_parser_parse), or with runs each block in one
 * vet_line_parser_parse_run, as the CLI reads them (where the lookups of
 * the events' exts are spread over the events after them: parse.c,
 * EXT_WAIT). */
static struct vet_population *read_generated_as(int n, gen_line_fn gen, bool runs, struct vet_line_parser **lp)
{
  struct vet_population *p = vet_population_new(tu_countries(), "in");
  assert_non_null(p);
  *lp = vet_line_parser_new(p);
  assert_non_null(*lp);
  struct vet_error e = {0};
  assert_int_equal(vet_population_add_line(p, 1, vet_str_c(SUBJECT), &e), VET_OK);
  const struct vet_parsed_line *pending[GEN_BLOCK];
  static char text[GEN_BLOCK * (GEN_LINE + 1) + VET_LINE_PADDING];
  static vet_str lines[GEN_BLOCK];
  for (int i = 0; i < n; i += GEN_BLOCK) {
    vet_line_parser_clear(*lp);
    int m = n - i < GEN_BLOCK ? n - i : GEN_BLOCK;
    size_t used = 0;
    for (int k = 0; k < m; k++) {
      char line[GEN_LINE];
      int len = gen(i + k, line, sizeof line);
      assert_true(len > 0 && len < GEN_LINE);
      if (!runs) {
        pending[k] = vet_line_parser_parse(*lp, (vet_str){line, (size_t)len}, sizeof line, &e);
        assert_non_null(pending[k]);
        continue;
      }
      memcpy(text + used, line, (size_t)len);
      lines[k] = (vet_str){text + used, (size_t)len};
      used += (size_t)len;
      text[used++] = '\n';
    }
    if (runs) {
      memset(text + used, 0, VET_LINE_PADDING);
      assert_int_equal(vet_line_parser_parse_run(*lp, lines, (size_t)m, used + VET_LINE_PADDING, pending, &e),
                       VET_OK);
    }
    for (int k = 0; k < m; k++)
      assert_int_equal(vet_population_add_parsed(p, (size_t)(i + k + 2), pending[k], &e), VET_OK);
  }
  assert_int_equal(vet_population_finish(p, &e), VET_OK);
  assert_int_equal(p->n_events, n);
  assert_int_equal(p->n_issues_total, 0);
  return p;
}

static struct vet_population *read_generated(int n, gen_line_fn gen, struct vet_line_parser **lp)
{
  return read_generated_as(n, gen, false, lp);
}

static int gen_reuse(int i, char *buf, size_t cap)
{
  return snprintf(buf, cap,
                  "{\"type\":\"event\",\"subject\":\"w-1\",\"ts\":\"2026-03-01T09:%02d:%02dZ\",\"device_id\":"
                  "\"dev-%d\",\"ip\":\"10.0.%d.%d\",\"user_agent\":\"UA %d\"}",
                  i / 60 % 60, i % 60, i, i % 7, i % 11, i % 3);
}

/* More distinct strings than the sharing table holds, cleared every 1000
 * lines as the CLI clears per block: every string must stay right. */
static void test_clear_and_reuse(void **state)
{
  (void)state;
  enum { N = 40000 };
  struct vet_line_parser *lp;
  struct vet_population *p = read_generated(N, gen_reuse, &lp);
  /* three user agents: three exts in all, shared by content across the
   * blocks (parse.c's keep_ext), each still its own user agent (below) */
  static const struct vet_event_ext *seen[3];
  uint32_t n_seen = 0;
  for (uint32_t j = 0; j < p->n_events; j++) {
    bool known = false;
    for (uint32_t k = 0; k < n_seen && !known; k++)
      known = seen[k] == p->events[j].x;
    if (!known) {
      assert_true(n_seen < VET_COUNTOF(seen));
      seen[n_seen++] = p->events[j].x;
    }
  }
  assert_int_equal(n_seen, 3);
  for (uint32_t j = 0; j < p->n_events; j++) {
    const struct vet_event *ev = &p->events[j];
    int i = (int)ev->line - 2;
    char want[64];
    snprintf(want, sizeof want, "dev-%d", i);
    if (!vet_str_eq_c(vet_lstr_str(ev->device_id), want))
      fail_msg("line %u: device '%.*s', want '%s'", ev->line, VET_STR_FMT(vet_lstr_str(ev->device_id)), want);
    snprintf(want, sizeof want, "10.0.%d.%d", i % 7, i % 11);
    assert_true(vet_str_eq_c(vet_lstr_str(ev->ip), want));
    snprintf(want, sizeof want, "UA %d", i % 3);
    assert_true(vet_str_eq_c(ev->x->user_agent, want));
    assert_int_equal(ev->ip.ptr[vet_lstr_str(ev->ip).len], 0); /* NUL-terminated as parse.c's copies are */
  }
  size_t fast;
  vet_line_parser_counts(lp, &fast, NULL);
  assert_int_equal(fast, N);
  vet_line_parser_free(lp);
  vet_population_free(p);
}

static int cmp_ptr(const void *a, const void *b)
{
  uintptr_t x = (uintptr_t) * (const void *const *)a, y = (uintptr_t) * (const void *const *)b;
  return x < y ? -1 : x > y;
}

/* How many distinct pointers xs[0..n) holds (sorted here). */
static size_t distinct_ptrs(const void **xs, size_t n)
{
  qsort(xs, n, sizeof *xs, cmp_ptr);
  size_t d = 0;
  for (size_t j = 0; j < n; j++)
    d += !j || xs[j] != xs[j - 1];
  return d;
}

/* Distinct ext contents in test_ext_shared_by_content. */
#define EXT_CONTENTS 10000

/* Events whose browser, zone and counterpart repeat far apart, as a
 * time-ordered input has them (each of E contents every E events, more
 * contents than the string table holds slots and than the ext table
 * starts with): one ext kept per content, whatever the addresses of its
 * strings, and every event still reads its own. */
static int gen_ext(int i, char *buf, size_t cap)
{
  int c = i % EXT_CONTENTS;
  return snprintf(buf, cap,
                  "{\"type\":\"event\",\"subject\":\"w-1\",\"ts\":\"2026-03-01T09:%02d:%02dZ\",\"kind\":"
                  "\"message\",\"ip\":\"10.1.%d.%d\",\"user_agent\":\"Agent/%d\",\"tz_name\":\"Asia/Seoul\","
                  "\"languages\":[\"ko-KR\",\"l%d\"],\"counterpart\":\"client-%d\"}",
                  i / 60 % 60, i % 60, i % 251, i % 241, c, c % 5, c);
}

static void ext_shared_by_content(bool runs)
{
  enum { E = EXT_CONTENTS, R = 3, N = E * R };
  struct vet_line_parser *lp;
  struct vet_population *p = read_generated_as(N, gen_ext, runs, &lp);
  vet_line_parser_free(lp);
  const void **xs = calloc(N, sizeof *xs);
  assert_non_null(xs);
  for (uint32_t j = 0; j < p->n_events; j++) {
    const struct vet_event *ev = &p->events[j];
    int c = ((int)ev->line - 2) % E;
    char want[64];
    snprintf(want, sizeof want, "Agent/%d", c);
    assert_true(vet_str_eq_c(ev->x->user_agent, want));
    snprintf(want, sizeof want, "client-%d", c);
    assert_true(vet_str_eq_c(ev->x->counterpart, want));
    snprintf(want, sizeof want, "l%d", c % 5);
    assert_int_equal(ev->x->languages.n, 2);
    assert_true(vet_str_eq_c(ev->x->languages.v[1], want));
    assert_true(vet_str_eq_c(ev->x->tz_name, "Asia/Seoul"));
    xs[j] = ev->x;
  }
  assert_int_equal(distinct_ptrs(xs, N), E);
  free(xs);
  vet_population_free(p);
}

static void test_ext_shared_by_content(void **state)
{
  (void)state;
  ext_shared_by_content(false);
  ext_shared_by_content(true);
}

/* Events alike in their strings whose browser offset (4 values), vm
 * (absent, true, false) and timestamp offset (Z, +09:00) differ: the
 * fields an event keeps in its shared ext besides the strings. */
static int gen_ext_small(int i, char *buf, size_t cap)
{
  static const char *const vm[] = {"", ",\"vm\":true", ",\"vm\":false"};
  static const int tz[] = {-300, 0, 480, 540};
  return snprintf(buf, cap,
                  "{\"type\":\"event\",\"subject\":\"w-1\",\"ts\":\"2026-03-01T09:%02d:%02d%s\",\"kind\":"
                  "\"login\",\"user_agent\":\"Agent/1\",\"tz_offset_min\":%d%s}",
                  i / 60 % 60, i % 60, i % 2 ? "+09:00" : "Z", tz[i / 2 % 4], vm[i / 8 % 3]);
}

/* One ext per combination of those fields, and every event reads its own. */
static void ext_small_fields(bool runs)
{
  enum { N = 2400, KINDS = 24 };
  static const int tz[] = {-300, 0, 480, 540};
  struct vet_line_parser *lp;
  struct vet_population *p = read_generated_as(N, gen_ext_small, runs, &lp);
  vet_line_parser_free(lp);
  assert_int_equal(p->n_events, N);
  const void **xs = calloc(N, sizeof *xs);
  assert_non_null(xs);
  for (uint32_t j = 0; j < p->n_events; j++) {
    const struct vet_event *ev = &p->events[j];
    int i = (int)ev->line - 2;
    assert_true(vet_str_eq_c(ev->x->user_agent, "Agent/1"));
    assert_int_equal(ev->x->ts_offset_min, i % 2 ? 540 : 0);
    assert_true(ev->x->has_tz_offset);
    assert_int_equal(ev->x->tz_offset_min, tz[i / 2 % 4]);
    assert_int_equal(ev->x->vm, i / 8 % 3 == 0 ? -1 : i / 8 % 3 == 1 ? 1 : 0);
    assert_int_equal(ev->kind, VET_EV_LOGIN);
    xs[j] = ev->x;
  }
  assert_int_equal(distinct_ptrs(xs, N), KINDS);
  free(xs);
  vet_population_free(p);
}

static void test_ext_small_fields(void **state)
{
  (void)state;
  ext_small_fields(false);
  ext_small_fields(true);
}

/* Exts that repeat on neighbouring events (three in a row of each of five
 * contents), and every seventh event a payout change (an ext of its own,
 * never shared): the lookups spread over the events after them find the
 * ext kept for the event just before. */
static int gen_ext_near(int i, char *buf, size_t cap)
{
  if (i % 7 == 6)
    return snprintf(buf, cap,
                    "{\"type\":\"event\",\"subject\":\"w-1\",\"ts\":\"2026-03-01T09:%02d:%02dZ\",\"kind\":"
                    "\"payout_change\",\"user_agent\":\"Agent/%d\",\"payout\":{\"kind\":\"bank\",\"account\":"
                    "\"AC%d\"}}",
                    i / 60 % 60, i % 60, i / 3 % 5, i);
  return snprintf(buf, cap,
                  "{\"type\":\"event\",\"subject\":\"w-1\",\"ts\":\"2026-03-01T09:%02d:%02dZ\",\"kind\":"
                  "\"login\",\"user_agent\":\"Agent/%d\",\"tz_name\":\"Asia/Seoul\"}",
                  i / 60 % 60, i % 60, i / 3 % 5);
}

static void ext_near(bool runs)
{
  enum { N = 2100, CONTENTS = 5, PAYOUTS = N / 7 };
  struct vet_line_parser *lp;
  struct vet_population *p = read_generated_as(N, gen_ext_near, runs, &lp);
  vet_line_parser_free(lp);
  const void **shared = calloc(N, sizeof *shared), **own = calloc(N, sizeof *own);
  assert_non_null(shared);
  assert_non_null(own);
  size_t n_shared = 0, n_own = 0;
  for (uint32_t j = 0; j < p->n_events; j++) {
    const struct vet_event *ev = &p->events[j];
    int i = (int)ev->line - 2;
    char want[64];
    snprintf(want, sizeof want, "Agent/%d", i / 3 % 5);
    assert_true(vet_str_eq_c(ev->x->user_agent, want));
    if (i % 7 == 6) {
      assert_non_null(ev->x->payout);
      snprintf(want, sizeof want, "AC%d", i);
      assert_true(vet_str_eq_c(ev->x->payout->account, want));
      own[n_own++] = ev->x;
    } else {
      assert_null(ev->x->payout);
      assert_true(vet_str_eq_c(ev->x->tz_name, "Asia/Seoul"));
      shared[n_shared++] = ev->x;
    }
  }
  assert_int_equal(n_own, PAYOUTS);
  assert_int_equal(distinct_ptrs(own, n_own), PAYOUTS);
  assert_int_equal(distinct_ptrs(shared, n_shared), CONTENTS);
  free(shared);
  free(own);
  vet_population_free(p);
}

static void test_ext_near(void **state)
{
  (void)state;
  ext_near(false);
  ext_near(true);
}

/* Two parsers on two threads, each taking every other line; the results
 * added in order on this thread. */
struct half {
  struct vet_line_parser *lp;
  const char *const *lines;
  size_t n, first;
  const struct vet_parsed_line **out;
};

static void *parse_half(void *arg)
{
  struct half *h = arg;
  for (size_t i = h->first; i < h->n; i += 2) {
    struct vet_error e = {0};
    h->out[i] = vet_line_parser_parse(h->lp, vet_str_c(h->lines[i]), strlen(h->lines[i]), &e);
  }
  return NULL;
}

static void test_two_threads(void **state)
{
  (void)state;
  static const char *const lines[] = {
      EV(",\"kind\":\"login\",\"ip\":\"1.1.1.1\""), SUBJECT, EV(",\"kind\":\"logout\""), "not json",
      EV(",\"payout\":{\"country\":\"PL\"}"),    EV(",\"vm\":1"), "{\"type\":\"event\",\"subject\":\"ghost\",\"ts\":\"2026-03-01T09:15:00Z\"}",
      EV(",\"x\":1,\"x\":2"),
  };
  enum { N = VET_COUNTOF(lines) };
  struct vet_population *p = vet_population_new(tu_countries(), "in"), *q = vet_population_new(tu_countries(), "in");
  assert_non_null(p);
  assert_non_null(q);
  const struct vet_parsed_line *out[N];
  struct half h[2];
  pthread_t th[2];
  for (int t = 0; t < 2; t++) {
    h[t] = (struct half){vet_line_parser_new(p), lines, N, (size_t)t, out};
    assert_non_null(h[t].lp);
    assert_int_equal(pthread_create(&th[t], NULL, parse_half, &h[t]), 0);
  }
  for (int t = 0; t < 2; t++)
    pthread_join(th[t], NULL);
  struct vet_error e = {0};
  for (size_t i = 0; i < N; i++) {
    assert_non_null(out[i]);
    assert_int_equal(vet_population_add_parsed(p, i + 1, out[i], &e), VET_OK);
    assert_int_equal(vet_population_add_line(q, i + 1, vet_str_c(lines[i]), &e), VET_OK);
  }
  assert_int_equal(vet_population_finish(p, &e), VET_OK);
  assert_int_equal(vet_population_finish(q, &e), VET_OK);
  char msg[POPCMP_MSG];
  if (!popcmp(q, p, msg, sizeof msg))
    fail_msg("%s", msg);
  assert_int_equal(p->n_events, 3);
  /* after finish: refused, nothing counted */
  size_t lines_before = p->lines;
  struct vet_line_parser *lp = h[0].lp;
  const struct vet_parsed_line *late = vet_line_parser_parse(lp, vet_str_c(EV("")), strlen(EV("")), &e);
  assert_non_null(late);
  assert_int_equal(vet_population_add_parsed(p, 99, late, &e), VET_EINVAL);
  assert_int_equal(p->lines, lines_before);
  /* a parser's events belong to its population only */
  struct vet_population *other = vet_population_new(tu_countries(), "other");
  assert_non_null(other);
  assert_int_equal(vet_population_add_parsed(other, 1, late, &e), VET_EINVAL);
  assert_int_equal(other->lines, 0);
  vet_population_free(other);
  vet_line_parser_free(h[0].lp);
  vet_line_parser_free(h[1].lp);
  vet_population_free(p);
  vet_population_free(q);
}

/* Events sort by subject, time, then line, whatever order the lines came
 * in; the events of an unknown subject are reported in input order. */
static void test_finish_order(void **state)
{
  (void)state;
  static const struct {
    size_t line;
    const char *text;
  } in[] = {
      {50, "{\"type\":\"event\",\"subject\":\"b\",\"ts\":\"2026-03-01T10:00:00Z\",\"ip\":\"b1\"}"},
      {40, "{\"type\":\"event\",\"subject\":\"a\",\"ts\":\"2026-03-01T10:00:00Z\",\"ip\":\"a2\"}"},
      {30, "{\"type\":\"event\",\"subject\":\"a\",\"ts\":\"2026-03-01T10:00:00Z\",\"ip\":\"a1\"}"},
      {20, "{\"type\":\"event\",\"subject\":\"x\",\"ts\":\"2026-03-01T10:00:00Z\"}"},
      {10, "{\"type\":\"event\",\"subject\":\"a\",\"ts\":\"2026-03-01T09:00:00Z\",\"ip\":\"a0\"}"},
      {60, "{\"type\":\"subject\",\"id\":\"b\"}"},
      {70, "{\"type\":\"subject\",\"id\":\"a\"}"},
      {5, "{\"type\":\"event\",\"subject\":\"y\",\"ts\":\"2026-03-01T10:00:00Z\"}"},
  };
  struct vet_population *p = vet_population_new(tu_countries(), "in");
  assert_non_null(p);
  struct vet_error e = {0};
  for (size_t i = 0; i < VET_COUNTOF(in); i++)
    assert_int_equal(vet_population_add_line(p, in[i].line, vet_str_c(in[i].text), &e), VET_OK);
  assert_int_equal(vet_population_finish(p, &e), VET_OK);
  static const char *const want[] = {"b1", "a0", "a1", "a2"}; /* subject b was added first */
  assert_int_equal(p->n_events, VET_COUNTOF(want));
  for (uint32_t i = 0; i < p->n_events; i++)
    if (!vet_str_eq_c(vet_lstr_str(p->events[i].ip), want[i]))
      fail_msg("event %u: '%.*s', want '%s'", i, VET_STR_FMT(vet_lstr_str(p->events[i].ip)), want[i]);
  assert_int_equal(p->subjects[0].first_event, 0);
  assert_int_equal(p->subjects[0].n_events, 1);
  assert_int_equal(p->subjects[1].first_event, 1);
  assert_int_equal(p->subjects[1].n_events, 3);
  assert_int_equal(p->n_issues, 2);
  assert_string_equal(p->issues[0].msg, "in:20: event for unknown subject 'x'");
  assert_string_equal(p->issues[1].msg, "in:5: event for unknown subject 'y'");
  vet_population_free(p);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_fast_takes_events), cmocka_unit_test(test_fast_declines),
      cmocka_unit_test(test_same_as_jansson),   cmocka_unit_test(test_unpadded_line),
      cmocka_unit_test(test_clear_and_reuse),   cmocka_unit_test(test_two_threads),
      cmocka_unit_test(test_finish_order),      cmocka_unit_test(test_plain_same_as_dom),
      cmocka_unit_test(test_runs_with_bad_lines), cmocka_unit_test(test_sharing_parsers),
      cmocka_unit_test(test_keep_lines),        cmocka_unit_test(test_ext_shared_by_content), cmocka_unit_test(test_ext_near),
      cmocka_unit_test(test_ext_small_fields),
  };
  return cmocka_run_group_tests(tests, tu_countries_setup, NULL);
}
