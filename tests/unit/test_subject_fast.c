/* test_subject_fast.c - the fast subject reader (subject/subject_fast.cc,
 * through record_fast_parse of subject/event_fast.cc) and the subject
 * rules it shares with the jansson path (subject/parse.c): which subject
 * lines the fast reader takes (every field valid, of a wrong type, null,
 * absent; numeric and missing ids; unknown values; escapes; blanks) and
 * which it leaves to jansson (duplicate keys at any depth, NUL escapes,
 * integers beyond int64, odd lists, too many items, not a subject,
 * malformed or over-long lines); that a population read through
 * vet_line_parser + vet_population_add_parsed equals one read through
 * vet_population_add_line, subject by subject, field by field and issue
 * by issue, for each line of the table, for all of them in one file (with
 * duplicate ids), for a generated population of random field variants in
 * random key order, and for examples/population.jsonl; that the subject's
 * strings outlive the line and the parser's later lines; adding after
 * finish. */
#include <stdio.h>

#include "../fuzz/popcmp.h"
#include "subject/subject_int.h"
#include "testutil.h"
#include "vetter/subject.h"

#define S(extra) "{\"type\":\"subject\",\"id\":\"s-1\"" extra "}"

/* What the fast reader makes of line (trimmed, read from a padded copy). */
static enum fast_record fast_kind(const char *line)
{
  size_t len = strlen(line);
  char *copy = calloc(1, len + VET_LINE_PADDING);
  assert_non_null(copy);
  memcpy(copy, line, len);
  struct event_fast *f = event_fast_new();
  assert_non_null(f);
  struct vet_arena a;
  vet_arena_init(&a, 4096);
  struct event_fields ev;
  struct subject_fields subj;
  vet_str t = vet_str_trim((vet_str){copy, len}); /* as vet_line_parser_parse hands it over */
  enum fast_record k = record_fast_parse(f, t, len + VET_LINE_PADDING - (size_t)(t.ptr - copy), &a, &ev, &subj);
  vet_arena_release(&a);
  event_fast_free(f);
  free(copy);
  return k;
}

/* Build both ways from text and fail the test at the first difference;
 * returns how many lines the fast readers took. */
static size_t expect_same(const char *text)
{
  struct popcmp_pair pp;
  vet_err rc = popcmp_build(text, strlen(text), tu_countries(), &pp);
  if (rc != VET_OK)
    fail_msg("building: %s", vet_err_name(rc));
  char msg[POPCMP_MSG];
  bool same = popcmp(pp.slow, pp.fast, msg, sizeof msg);
  size_t fast = 0;
  vet_line_parser_counts(pp.lp, &fast, NULL);
  popcmp_release(&pp);
  if (!same)
    fail_msg("%s\n  in: %.600s", msg, text);
  return fast;
}

#define FULL                                                                                                     \
  "{\"type\":\"subject\",\"id\":\"s-1\",\"kind\":\"person\",\"name\":\"Polina Smirnova\",\"display_name\":"      \
  "\"Polina S.\",\"aliases\":[\"\\u041f\\u043e\\u043b\\u0438\\u043d\\u0430\",\"P. Smirnova\"],\"birth_date\":"   \
  "\"1968-04-06\",\"nationality\":\"Russia\",\"country\":\"RU\",\"city\":\"Novosibirsk\",\"timezone\":"         \
  "\"Asia/Novosibirsk\",\"languages\":[\"ru-RU\",\"en-US\"],\"emails\":[\"polina_smirnova@bk.ru\"],\"phones\":" \
  "[\"8910 037 8707\"],\"addresses\":[{\"kind\":\"residence\",\"country\":\"RU\",\"text\":\"ul. Pushkina 36\"},"  \
  "{\"kind\":\"billing\",\"country\":\"Deutschland\",\"text\":\"Hauptstr. 1\"}],\"documents\":[{\"kind\":"       \
  "\"passport\",\"mrz\":\"P<RUSSMIRNOVA<<POLINA<<<<<<<<<<<<<<<<<<<<<<<|7521761649RUS6804060F3305119<<<<<<<<<<<<"  \
  "<<<0\",\"number\":\"752176164\",\"issuing_country\":\"RU\",\"name\":\"Polina Smirnova\",\"birth_date\":"       \
  "\"1968-04-06\",\"nationality\":\"RU\",\"sex\":\"F\",\"expiry_date\":\"2033-05-11\",\"image_phash\":"          \
  "\"3a7286703eaafd5a\"}],\"payouts\":[{\"kind\":\"paypal\",\"holder\":\"POLINA SMIRNOVA\",\"country\":\"RU\","   \
  "\"account\":\"polina19682@gmail.com\",\"currency\":\"RUB\"},{\"kind\":\"crypto\",\"address\":"                \
  "\"TXyz\",\"currency\":\"USDT\"}],\"employer\":\"Freelance\",\"photo_phash\":\"67fb9351d248d910\",\"photo\":"  \
  "\"https://x.test/p.jpg\",\"text\":{\"headline\":\"Software Engineer\",\"bio\":\"Five years.\",\"resume\":"     \
  "\"Spark, Unity.\"},\"links\":{\"github\":\"https://github.com/ps\",\"linkedin\":\"https://linkedin.com/in/ps\"," \
  "\"website\":\"https://ps.example\"},\"created_at\":\"2022-09-06T21:14:27Z\",\"_truth\":{\"label\":\"honest\","  \
  "\"traits\":[],\"benign\":[\"travel\"],\"n\":[1,2.5,-3,true,null]}}"

/* Lines the fast reader takes as subjects: valid ones, and every kind of
 * field problem (reported by the shared rules). */
static const char *const taken[] = {
    FULL,
    S(""),
    "{\"id\":42}",
    "{\"id\":\"bare\",\"name\":\"No Type\"}",
    "{\"type\":null,\"id\":\"s-1\"}",
    "{\"type\":\"subject\",\"id\":-0}",
    "{\"type\":\"subject\",\"id\":-9223372036854775808}",
    "{\"type\":\"subject\",\"id\":9223372036854775807}",
    "{\"type\":\"subject\",\"id\":\"  s-1\\t \"}",
    "{\"type\":\"subject\"}",
    "{\"type\":\"subject\",\"id\":null}",
    "{\"type\":\"subject\",\"id\":\"\"}",
    "{\"type\":\"subject\",\"id\":\"   \"}",
    "{\"type\":\"subject\",\"id\":1.5}",
    "{\"type\":\"subject\",\"id\":1e3}",
    "{\"type\":\"subject\",\"id\":true}",
    "{\"type\":\"subject\",\"id\":[\"a\"]}",
    "{\"type\":\"subject\",\"id\":{}}",
    "{\"id\":\"s-1\",\"type\":\"subject\",\"name\":\"Key order\"}",
    "  " S(",\"name\":\"blanks around\"") " \t",
    "{ \"type\" : \"subject\" , \"id\" : \"s-1\" , \"aliases\" : [ \"a\" , null ] }",
    /* kind */
    S(",\"kind\":\"organization\",\"name\":\"Acme\""),
    S(",\"kind\":\"Organisation\""),
    S(",\"kind\":\"company\""),
    S(",\"kind\":\"vessel\""),
    S(",\"kind\":5"),
    S(",\"kind\":\"\""),
    /* names, escapes */
    S(",\"name\":\"Mozilla \\\"quoted\\\" \\u00e9\\u4e2d\\ud83d\\ude00 \\/ \\\\\""),
    S(",\"name\":\"\\tAnna\\n\""),
    S(",\"name\":\"\\ud83d\\ude00\\uD83D\\uDE00 \x7f\""),
    S(",\"_x\":1e-400,\"_y\":-1.5E+3,\"_z\":0.0000001"),
    S(",\"name\":\"\xc5\x81\xc3\xb3\x64\xc5\xba\""),
    S(",\"name\":5"),
    S(",\"name\":[]"),
    S(",\"name\":{}"),
    S(",\"name\":false"),
    S(",\"display_name\":true"),
    S(",\"display_name\":null,\"name\":null"),
    /* lists of strings */
    S(",\"aliases\":[\" a \",null,\"\",\"b\"]"),
    S(",\"aliases\":\"one alias\""),
    S(",\"aliases\":\"  \""),
    S(",\"aliases\":[]"),
    S(",\"aliases\":5"),
    S(",\"aliases\":{}"),
    S(",\"languages\":\"en\",\"emails\":[\"a@b.test\",\"  c@d.test  \"],\"phones\":[null]"),
    S(",\"emails\":3"),
    S(",\"phones\":{\"a\":1}"),
    S(",\"languages\":true"),
    /* dates */
    S(",\"birth_date\":\"1990-02\""),
    S(",\"birth_date\":\"1990\""),
    S(",\"birth_date\":\"1990-13-01\""),
    S(",\"birth_date\":\"1990-02-30\""),
    S(",\"birth_date\":1990"),
    S(",\"birth_date\":\"yesterday\""),
    /* countries */
    S(",\"nationality\":\"Narnia\",\"country\":\"Atlantis\""),
    S(",\"nationality\":\"POL\",\"country\":\"Deutschland\""),
    S(",\"nationality\":5"),
    S(",\"country\":[]"),
    S(",\"city\":1,\"timezone\":false"),
    /* addresses */
    S(",\"addresses\":\"x\""),
    S(",\"addresses\":{}"),
    S(",\"addresses\":5"),
    S(",\"addresses\":[]"),
    S(",\"addresses\":null"),
    S(",\"addresses\":[1]"),
    S(",\"addresses\":[null]"),
    S(",\"addresses\":[[]]"),
    S(",\"addresses\":[{},\"x\"]"),
    S(",\"addresses\":[\"x\",{\"a\":[1,{\"b\":null}]}]"),
    S(",\"addresses\":[{\"kind\":\"office\",\"country\":\"Narnia\",\"text\":\"  t  \"}]"),
    S(",\"addresses\":[{\"kind\":\"SHIPPING\",\"country\":\"pl\"},{\"kind\":5}]"),
    S(",\"addresses\":[{\"text\":[]}]"),
    S(",\"addresses\":[{\"country\":\"Oz\"},{\"country\":\"Mordor\",\"kind\":1},{\"country\":\"Gondor\"}]"),
    /* documents */
    S(",\"documents\":[{\"sex\":\"Q\"}]"),
    S(",\"documents\":[{\"sex\":\"male\",\"birth_date\":\"1990-02-28\"},{\"sex\":\"<\"},{\"sex\":\"Unspecified\"}]"),
    S(",\"documents\":[{\"sex\":5}]"),
    S(",\"documents\":[{\"birth_date\":\"1990-02-30\"}]"),
    S(",\"documents\":[{\"expiry_date\":\"x\"}]"),
    S(",\"documents\":[{\"kind\":\"visa\",\"issuing_country\":\"Narnia\",\"nationality\":5}]"),
    S(",\"documents\":[{\"kind\":\"ID_CARD\",\"number\":12}]"),
    S(",\"documents\":[{\"mrz\":[\"a\"]}]"),
    S(",\"documents\":[{\"image_phash\":{},\"extra\":{\"x\":[]}}]"),
    S(",\"documents\":[{}]"),
    S(",\"documents\":{\"kind\":\"passport\"}"),
    /* payouts */
    S(",\"payouts\":[{\"kind\":\"skrill\",\"country\":\"Narnia\"}]"),
    S(",\"payouts\":[{\"kind\":\"Wise\",\"holder\":\" H \",\"account\":\"PL61\",\"currency\":\"PLN\",\"address\":\"\"}]"),
    S(",\"payouts\":[{\"holder\":5}]"),
    S(",\"payouts\":[{\"kind\":null},true]"),
    S(",\"payouts\":7"),
    /* other strings */
    S(",\"employer\":1"),
    S(",\"photo_phash\":[]"),
    S(",\"photo\":{}"),
    /* text and links */
    S(",\"text\":\"x\""),
    S(",\"text\":[]"),
    S(",\"text\":null"),
    S(",\"text\":{}"),
    S(",\"text\":{\"headline\":5}"),
    S(",\"text\":{\"bio\":null,\"resume\":\"  r  \",\"extra\":[1]}"),
    S(",\"links\":5"),
    S(",\"links\":{\"website\":1}"),
    S(",\"links\":{\"github\":\"  g \",\"x\":{\"y\":null}}"),
    /* created_at */
    S(",\"created_at\":5"),
    S(",\"created_at\":\"2024-01-01\""),
    S(",\"created_at\":\"2024-02-11T08:30:00+01:00\""),
    S(",\"created_at\":\"yesterday\""),
    S(",\"created_at\":\"2024-01\""),
    /* warnings before and after the failure: all reported, in order */
    S(",\"nationality\":\"Narnia\",\"birth_date\":\"bad\",\"country\":\"Atlantis\",\"addresses\":[{\"country\":"
      "\"Oz\"}],\"payouts\":[{\"kind\":\"skrill\"}]"),
    S(",\"addresses\":[{\"kind\":\"x\"},{\"kind\":5},{\"kind\":\"y\"}],\"documents\":[{\"kind\":\"z\"}]"),
    /* everything null */
    S(",\"kind\":null,\"name\":null,\"display_name\":null,\"aliases\":null,\"birth_date\":null,\"nationality\":null,"
      "\"country\":null,\"city\":null,\"timezone\":null,\"languages\":null,\"emails\":null,\"phones\":null,"
      "\"addresses\":null,\"documents\":null,\"payouts\":null,\"employer\":null,\"photo_phash\":null,\"photo\":null,"
      "\"text\":null,\"links\":null,\"created_at\":null"),
    /* keys of events or unknown: ignored */
    S(",\"subject\":\"x\",\"ts\":5,\"ip\":[],\"e\\u0078tra\":{\"a\":[1,2.5,null,true,{\"b\":\"c\"}],\"d\":-1}"),
};

static void test_fast_takes_subjects(void **state)
{
  (void)state;
  for (size_t i = 0; i < VET_COUNTOF(taken); i++)
    if (fast_kind(taken[i]) != FAST_SUBJECT)
      fail_msg("not taken as a subject: %s", taken[i]);
  /* events are still events */
  assert_int_equal(fast_kind("{\"type\":\"event\",\"subject\":\"s-1\",\"ts\":\"2026-03-01T09:15:00Z\"}"), FAST_EVENT);
  assert_int_equal(fast_kind("{\"id\":\"s-1\",\"type\":\"event\"}"), FAST_EVENT);
}

/* A line of n items in field key, each item (a JSON text). */
static char *many_items(const char *key, const char *item, int n)
{
  struct vet_buf b;
  vet_buf_init(&b, 1u << 20);
  vet_buf_appendf(&b, "{\"type\":\"subject\",\"id\":\"s-1\",\"%s\":[", key);
  for (int i = 0; i < n; i++)
    vet_buf_appendf(&b, "%s%s", i ? "," : "", item);
  vet_buf_append_c(&b, "]}");
  char *s = strdup(vet_buf_cstr(&b));
  vet_buf_release(&b);
  assert_non_null(s);
  return s;
}

static void test_limits(void **state)
{
  (void)state;
  /* SUBJECT_MAX_ITEMS items are taken, one more is left to jansson */
  static const struct {
    const char *key, *item;
  } lists[] = {
      {"aliases", "\"x\""}, {"addresses", "{\"kind\":\"other\"}"}, {"documents", "{}"}, {"payouts", "5"},
  };
  for (size_t i = 0; i < VET_COUNTOF(lists); i++) {
    char *ok = many_items(lists[i].key, lists[i].item, SUBJECT_MAX_ITEMS);
    char *over = many_items(lists[i].key, lists[i].item, SUBJECT_MAX_ITEMS + 1);
    if (fast_kind(ok) != FAST_SUBJECT)
      fail_msg("%s: %d items declined", lists[i].key, SUBJECT_MAX_ITEMS);
    if (fast_kind(over) != FAST_DECLINED)
      fail_msg("%s: %d items taken", lists[i].key, SUBJECT_MAX_ITEMS + 1);
    struct vet_buf all;
    vet_buf_init(&all, 1u << 22);
    vet_buf_appendf(&all, "%s\n%s\n", ok, over);
    expect_same(vet_buf_cstr(&all));
    vet_buf_release(&all);
    free(ok);
    free(over);
  }
}

static void test_fast_declines(void **state)
{
  (void)state;
  char over[70 * 1024]; /* a line over the fast reader's size limit */
  int n = snprintf(over, sizeof over, "{\"type\":\"subject\",\"id\":\"s-1\",\"text\":{\"resume\":\"");
  memset(over + n, 'a', sizeof over - (size_t)n - 4);
  memcpy(over + sizeof over - 4, "\"}}", 4);
  char deep[200]; /* nesting deeper than the reader checks */
  n = snprintf(deep, sizeof deep, "{\"type\":\"subject\",\"id\":\"s-1\",\"x\":");
  for (int i = 0; i < 40; i++)
    deep[n++] = '[';
  for (int i = 0; i < 40; i++)
    deep[n++] = ']';
  memcpy(deep + n, "}", 2);
  const char *const lines[] = {
      /* not a subject (jansson reports the type) */
      "{\"name\":\"x\"}",
      "{\"type\":null,\"name\":\"x\"}",
      "{\"type\":\"Subject\",\"id\":\"s-1\"}",
      "{\"type\":\"subject \",\"id\":\"s-1\"}",
      "{\"type\":5,\"id\":\"s-1\"}",
      "{\"type\":\"bogus\",\"id\":\"s-1\"}",
      "{\"type\":[\"subject\"],\"id\":\"s-1\"}",
      "[" S("") "]",
      "\xef\xbb\xbf" S(""),
      /* duplicate keys, at every depth */
      S(",\"id\":\"s-2\""),
      "{\"type\":\"subject\",\"type\":\"subject\",\"id\":\"s-1\"}",
      "{\"type\":null,\"type\":null,\"id\":\"s-1\"}",
      S(",\"name\":\"a\",\"name\":\"b\""),
      S(",\"n\\u0061me\":\"a\",\"name\":\"b\""),
      S(",\"x\":1,\"x\":2"),
      S(",\"text\":{\"bio\":\"a\",\"bio\":\"b\"}"),
      S(",\"text\":{\"x\":1,\"x\":2}"),
      S(",\"links\":{\"website\":\"a\",\"website\":null}"),
      S(",\"addresses\":[{\"kind\":\"residence\",\"kind\":\"billing\"}]"),
      S(",\"documents\":[{},{\"sex\":\"M\",\"sex\":\"F\"}]"),
      S(",\"payouts\":[{\"y\":1,\"y\":1}]"),
      S(",\"addresses\":[1,{\"a\":1,\"a\":1}]"),
      S(",\"addresses\":[\"x\",[{\"a\":1,\"a\":2}]]"),
      S(",\"addresses\":\"x\",\"addresses\":[]"),
      S(",\"_truth\":{\"a\":{\"b\":1,\"b\":2}}"),
      S(",\"text\":{\"headline\":{\"a\":1,\"a\":2}}"),
      /* NUL in strings and keys */
      S(",\"name\":\"a\\u0000b\""),
      "{\"type\":\"subject\",\"id\":\"\\u0000\"}",
      S(",\"\\u0000\":1"),
      S(",\"text\":{\"bio\":\"\\u0000\"}"),
      S(",\"text\":{\"\\u0000\":1}"),
      S(",\"aliases\":[\"\\u0000\"]"),
      S(",\"aliases\":\"\\u0000\""),
      S(",\"addresses\":[{\"text\":\"\\u0000\"}]"),
      S(",\"addresses\":[{\"te\\u0000xt\":\"x\"}]"),
      S(",\"_x\":\"\\u0000\""),
      /* integers beyond int64, numbers beyond double */
      "{\"type\":\"subject\",\"id\":9223372036854775808}",
      "{\"type\":\"subject\",\"id\":18446744073709551616}",
      S(",\"name\":18446744073709551615"),
      S(",\"_x\":[9223372036854775808]"),
      S(",\"documents\":[{\"number\":9223372036854775808}]"),
      S(",\"text\":{\"bio\":9223372036854775808}"),
      S(",\"_x\":1e400"),
      "{\"type\":\"subject\",\"id\":-9223372036854775809}",
      S(",\"_x\":123456789012345678901234567890"),
      S(",\"_x\":-123456789012345678901234567890"),
      /* lists of strings holding other values */
      S(",\"aliases\":[\"a\",1]"),
      S(",\"emails\":[[\"x\"]]"),
      S(",\"phones\":[{}]"),
      S(",\"languages\":[true]"),
      /* malformed */
      "{\"type\":\"subject\",\"id\":\"s-1\"",
      S("") " x",
      S(",\"name\":\"\xff\""),
      S(",\"name\":\"\\ud800\""),
      S(",\"name\":\"\\ude00\""),
      S(",\"name\":\"\\ud83d\\u0041\""),
      S(",\"name\":\"\\u12G4\""),
      S(",\"name\":\"\x01\""),
      S(",\"name\":tru"),
      S(",\"name\":01"),
      "{",
      "",
      over,
      deep,
  };
  for (size_t i = 0; i < VET_COUNTOF(lines); i++)
    if (fast_kind(lines[i]) != FAST_DECLINED)
      fail_msg("taken: %.200s", lines[i]);
  /* and each of them reads as jansson reads it */
  for (size_t i = 0; i < VET_COUNTOF(lines); i++) {
    struct vet_buf b;
    vet_buf_init(&b, 1u << 20);
    vet_buf_appendf(&b, "%s\n%s\n", S(""), lines[i]);
    expect_same(vet_buf_cstr(&b));
    vet_buf_release(&b);
  }
}

/* text with its first "id":"s-1" made "id":"s-<k>" (a copy). */
static char *with_id(const char *text, size_t k)
{
  const char *at = strstr(text, "\"id\":\"s-1\"");
  struct vet_buf b;
  vet_buf_init(&b, 1u << 20);
  if (at) {
    vet_buf_append(&b, (vet_str){text, (size_t)(at - text)});
    vet_buf_appendf(&b, "\"id\":\"s-%zu\"%s", k, at + strlen("\"id\":\"s-1\""));
  } else {
    vet_buf_append_c(&b, text);
  }
  char *s = strdup(vet_buf_cstr(&b));
  vet_buf_release(&b);
  assert_non_null(s);
  return s;
}

static void test_same_as_jansson(void **state)
{
  (void)state;
  /* each line alone (after a subject taking its id first, then alone) */
  for (size_t i = 0; i < VET_COUNTOF(taken); i++) {
    char text[8192];
    snprintf(text, sizeof text, "%s\n", taken[i]);
    assert_int_equal(expect_same(text), 1);
    snprintf(text, sizeof text, "%s\n%s\n", S(",\"name\":\"first\""), taken[i]);
    assert_int_equal(expect_same(text), 2);
  }
  /* all in one file, each with its own id, with events and duplicates */
  struct vet_buf all;
  vet_buf_init(&all, 1u << 22);
  for (size_t i = 0; i < VET_COUNTOF(taken); i++) {
    char *line = with_id(taken[i], i + 2);
    vet_buf_appendf(&all, "%s\n", line);
    free(line);
  }
  static const char *const more[] = {
      FULL,
      "{\"type\":\"subject\",\"id\":\"s-1\",\"name\":\"duplicate\"}",
      "{\"type\":\"subject\",\"id\":\" s-1 \",\"country\":\"Narnia\"}",
      "{\"id\":42}",
      "{\"type\":\"subject\",\"id\":\"42\"}",
      "{\"type\":\"event\",\"subject\":42,\"ts\":\"2026-03-01T09:15:00Z\",\"kind\":\"login\",\"ip\":\"1.1.1.1\"}",
      "{\"type\":\"event\",\"subject\":\"s-1\",\"ts\":\"2026-03-01T09:15:00Z\",\"languages\":[\"ru\"]}",
      "{\"type\":\"event\",\"subject\":\"s-3\",\"ts\":\"2026-03-01T10:15:00Z\"}",
      "{\"type\":\"event\",\"subject\":\"ghost\",\"ts\":\"2026-03-01T09:15:00Z\"}",
      S(",\"name\":\"a\",\"name\":\"b\""),
      "not json",
      "{\"type\":\"bogus\"}",
      "   ",
      "[1]",
  };
  for (size_t i = 0; i < VET_COUNTOF(more); i++)
    vet_buf_appendf(&all, "%s\n", more[i]);
  size_t fast = expect_same(vet_buf_cstr(&all));
  assert_true(fast >= VET_COUNTOF(taken) + 9);
  vet_buf_release(&all);
}

/* ---- a generated population ------------------------------------------------
 * Every line a subject (now and then an event) whose fields take one of
 * their variants below, mostly a valid one (the first n_ok), in a random
 * key order; ids unique, numeric, repeated or missing now and then. */

struct variant_set {
  const char *key;
  const char *const *v; /* NULL: the key left out */
  size_t n, n_ok;
};

static const char *const v_kind[] = {NULL, "\"person\"", "\"organization\"", "\"Individual\"", "null", "\"vessel\"", "3"};
static const char *const v_name[] = {NULL, "\"Anna Kowalska\"", "\" Jiwoo Park \"", "\"\\u6734\\u5fd7\\u79b9\"",
                                     "\"\"", "null", "5", "[\"x\"]", "{}"};
static const char *const v_list[] = {NULL, "[\"a@b.test\"]", "[\" x \",null,\"\",\"y\"]", "\"single\"", "[]",
                                     "null", "5", "{}", "true"};
static const char *const v_date[] = {NULL, "\"1990-04-17\"", "\"1994-03\"", "\"1980\"", "null", "\"1990-02-30\"",
                                     "\"17/04/1990\"", "1990"};
static const char *const v_country[] = {NULL, "\"PL\"", "\"Deutschland\"", "\"USA\"", "\"Narnia\"", "null", "\"\"",
                                        "4", "[]"};
static const char *const v_addresses[] = {
    NULL, "[{\"kind\":\"residence\",\"country\":\"PL\",\"text\":\"ul. D\\u0142uga 12\"}]",
    "[{\"kind\":\"shipping\",\"country\":\"Atlantis\"},{\"kind\":\"garage\",\"text\":\" t \"}]", "[]", "null",
    "{}", "[1]", "[{\"kind\":5}]", "\"x\""};
static const char *const v_documents[] = {
    NULL,
    "[{\"kind\":\"passport\",\"number\":\"EK4718263\",\"issuing_country\":\"Polska\",\"name\":\"Anna Kowalska\","
    "\"birth_date\":\"1991-04-17\",\"nationality\":\"POL\",\"sex\":\"F\",\"expiry_date\":\"2033-09-11\"}]",
    "[{\"kind\":\"id card\",\"sex\":\"male\",\"nationality\":\"Oz\"},{}]", "[]", "null",
    "[{\"sex\":\"Q\"}]", "[{\"expiry_date\":\"soon\"}]", "[{\"mrz\":7}]", "[null]", "5"};
static const char *const v_payouts[] = {
    NULL, "[{\"kind\":\"bank\",\"holder\":\"Anna Kowalska\",\"country\":\"PL\",\"account\":\"PL61 1090\"}]",
    "[{\"kind\":\"skrill\",\"country\":\"Mordor\",\"currency\":\"USDT\"}]", "[]", "null",
    "[{\"holder\":[]}]", "[\"bank\"]", "{\"kind\":\"bank\"}"};
static const char *const v_text[] = {NULL, "{\"headline\":\"Backend developer\",\"bio\":\" b \",\"resume\":\"r\"}",
                                     "{}", "null", "{\"bio\":5}", "\"x\"", "[]"};
static const char *const v_links[] = {NULL, "{\"github\":\"https://github.com/x\",\"website\":\"https://x.test\"}",
                                      "{\"linkedin\":null}", "null", "{\"website\":[]}", "7"};
static const char *const v_time[] = {NULL, "\"2024-02-11T08:30:00+01:00\"", "\"2024-02-11\"", "null",
                                     "\"2024-02-11 08:30\"", "0"};
static const char *const v_extra[] = {NULL, "{\"label\":\"honest\",\"traits\":[],\"n\":[1,-2.5e3,true,null]}", "\"x\""};

#define VS(key, arr, ok) {key, arr, VET_COUNTOF(arr), ok}
static const struct variant_set fields[] = {
    VS("kind", v_kind, 5), VS("name", v_name, 6), VS("display_name", v_name, 6), VS("aliases", v_list, 6),
    VS("birth_date", v_date, 5), VS("nationality", v_country, 7), VS("country", v_country, 7),
    VS("city", v_name, 6), VS("timezone", v_name, 6), VS("languages", v_list, 6), VS("emails", v_list, 6),
    VS("phones", v_list, 6), VS("addresses", v_addresses, 6), VS("documents", v_documents, 5),
    VS("payouts", v_payouts, 5), VS("employer", v_name, 6), VS("photo_phash", v_name, 6),
    VS("photo", v_name, 6), VS("text", v_text, 4), VS("links", v_links, 4), VS("created_at", v_time, 4),
    VS("_truth", v_extra, 3),
};

static uint64_t rng_next(uint64_t *s)
{
  *s ^= *s << 13;
  *s ^= *s >> 7;
  *s ^= *s << 17;
  return *s;
}

static void gen_subject(struct vet_buf *b, uint64_t *rng, size_t k)
{
  size_t order[VET_COUNTOF(fields) + 2];
  size_t n = VET_COUNTOF(fields) + 2; /* + "type" and "id" */
  for (size_t i = 0; i < n; i++)
    order[i] = i;
  for (size_t i = n - 1; i > 0; i--) {
    size_t j = rng_next(rng) % (i + 1), t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  vet_buf_append_c(b, "{");
  bool first = true;
  for (size_t i = 0; i < n; i++) {
    size_t f = order[i];
    char val[64];
    const char *key, *v;
    if (f == VET_COUNTOF(fields)) {
      key = "type";
      unsigned r = rng_next(rng) % 20;
      v = r == 0 ? NULL : r == 1 ? "null" : "\"subject\"";
    } else if (f == VET_COUNTOF(fields) + 1) {
      key = "id";
      unsigned r = rng_next(rng) % 40;
      if (r == 0)
        v = NULL;
      else if (r == 1)
        v = "\"\"";
      else if (r == 2)
        v = "\"g-1\""; /* a repeat */
      else if (r < 6)
        snprintf(val, sizeof val, "%zu", k), v = val;
      else
        snprintf(val, sizeof val, "\" g-%zu \"", k), v = val;
    } else {
      const struct variant_set *vs = &fields[f];
      size_t r = rng_next(rng) % 100;
      key = vs->key;
      v = vs->v[r < 97 ? rng_next(rng) % vs->n_ok : rng_next(rng) % vs->n];
    }
    if (!v)
      continue;
    vet_buf_appendf(b, "%s\"%s\":%s", first ? "" : ",", key, v);
    first = false;
  }
  vet_buf_append_c(b, "}\n");
}

static void test_generated(void **state)
{
  (void)state;
  enum { N = 3000 };
  uint64_t rng = 0x9e3779b97f4a7c15ull;
  struct vet_buf text;
  vet_buf_init(&text, 16u << 20);
  size_t subjects = 0;
  for (size_t k = 1; k <= N; k++) {
    if (rng_next(&rng) % 4 == 0) {
      vet_buf_appendf(&text,
                      "{\"type\":\"event\",\"subject\":\"g-%zu\",\"ts\":\"2026-03-01T09:15:00Z\",\"kind\":\"login\","
                      "\"languages\":[\"en\"]}\n",
                      k > 1 ? k - 1 : 1);
      continue;
    }
    gen_subject(&text, &rng, k);
    subjects++;
  }
  struct popcmp_pair pp;
  assert_int_equal(popcmp_build(vet_buf_cstr(&text), text.len, tu_countries(), &pp), VET_OK);
  char msg[POPCMP_MSG];
  if (!popcmp(pp.slow, pp.fast, msg, sizeof msg))
    fail_msg("%s", msg);
  size_t fast, slow;
  vet_line_parser_counts(pp.lp, &fast, &slow);
  assert_int_equal(fast + slow, N);
  /* every line is one the fast readers take (type "subject", null or
   * absent with an id; events), but for lines without type or id */
  assert_true(fast >= N - N / 10);
  /* a meaningful mix: kept subjects, skipped ones and warnings */
  assert_true(pp.slow->n_subjects > subjects / 4);
  assert_true(pp.slow->skipped > 50);
  assert_true(pp.slow->n_issues_total > pp.slow->skipped);
  popcmp_release(&pp);
  vet_buf_release(&text);
}

static void test_example_population(void **state)
{
  (void)state;
  size_t len;
  char *text = tu_read_file(VET_TEST_DATA "/../../examples/population.jsonl", &len);
  struct popcmp_pair pp;
  assert_int_equal(popcmp_build(text, len, tu_countries(), &pp), VET_OK);
  char msg[POPCMP_MSG];
  if (!popcmp(pp.slow, pp.fast, msg, sizeof msg))
    fail_msg("%s", msg);
  size_t fast, slow;
  vet_line_parser_counts(pp.lp, &fast, &slow);
  assert_int_equal(slow, 0); /* every line taken by a fast reader */
  assert_int_equal(pp.fast->n_subjects, 400);
  assert_true(pp.fast->n_events > 4000);
  popcmp_release(&pp);
  free(text);
}

/* The lines of a block parsed first, by one parser, then added (as the
 * CLI does): the subjects' strings must outlive their lines and the
 * parser's later lines. */
static void test_parse_block_then_add(void **state)
{
  (void)state;
  enum { N = VET_COUNTOF(taken) };
  struct vet_population *p = vet_population_new(tu_countries(), "in"), *q = vet_population_new(tu_countries(), "in");
  assert_non_null(p);
  assert_non_null(q);
  struct vet_line_parser *lp = vet_line_parser_new(p);
  assert_non_null(lp);
  const struct vet_parsed_line *res[N];
  struct vet_error e = {0};
  for (int round = 0; round < 2; round++) {
    vet_line_parser_clear(lp);
    for (size_t i = 0; i < N; i++) {
      char *line = with_id(taken[i], i + 1 + round * N);
      size_t len = strlen(line);
      char *copy = malloc(len + VET_LINE_PADDING);
      assert_non_null(copy);
      memcpy(copy, line, len);
      memset(copy + len, 0, VET_LINE_PADDING);
      res[i] = vet_line_parser_parse(lp, (vet_str){copy, len}, len + VET_LINE_PADDING, &e);
      assert_non_null(res[i]);
      memset(copy, '#', len);
      free(copy);
      assert_int_equal(vet_population_add_line(q, i + 1 + round * N, vet_str_c(line), &e), VET_OK);
      free(line);
    }
    for (size_t i = 0; i < N; i++)
      assert_int_equal(vet_population_add_parsed(p, i + 1 + round * N, res[i], &e), VET_OK);
  }
  size_t fast, slow;
  vet_line_parser_counts(lp, &fast, &slow);
  assert_int_equal(fast, 2 * N);
  assert_int_equal(slow, 0);
  assert_int_equal(vet_population_finish(p, &e), VET_OK);
  assert_int_equal(vet_population_finish(q, &e), VET_OK);
  char msg[POPCMP_MSG];
  if (!popcmp(q, p, msg, sizeof msg))
    fail_msg("%s", msg);
  /* the full subject, field by field */
  const struct vet_subject *s = vet_population_find(p, VET_LIT("s-1"));
  assert_non_null(s);
  assert_true(vet_str_eq_c(s->name, "Polina Smirnova"));
  assert_int_equal(s->aliases.n, 2);
  assert_true(vet_str_eq_c(s->aliases.v[0], "\xd0\x9f\xd0\xbe\xd0\xbb\xd0\xb8\xd0\xbd\xd0\xb0"));
  assert_string_equal(s->nationality.code, "RU");
  assert_int_equal(s->n_addresses, 2);
  assert_string_equal(s->addresses[1].country.code, "DE");
  assert_int_equal(s->addresses[1].kind, VET_ADDR_BILLING);
  assert_int_equal(s->n_documents, 1);
  assert_int_equal(s->documents[0].sex, 'F');
  assert_int_equal(s->documents[0].expiry_date.year, 2033);
  assert_int_equal(s->n_payouts, 2);
  assert_int_equal(s->payouts[1].kind, VET_PAYOUT_CRYPTO);
  assert_true(vet_str_eq_c(s->website, "https://ps.example"));
  assert_true(vet_str_eq_c(s->resume, "Spark, Unity."));
  assert_int_equal(s->created_at, 1662498867);
  assert_int_equal(s->name.ptr[s->name.len], 0); /* NUL-terminated as parse.c's copies are */
  const struct vet_subject *n42 = vet_population_find(p, VET_LIT("42"));
  assert_non_null(n42);
  /* after finish: refused, nothing counted */
  size_t lines = p->lines;
  const struct vet_parsed_line *late = vet_line_parser_parse(lp, vet_str_c(S("")), strlen(S("")), &e);
  assert_non_null(late);
  assert_int_equal(vet_population_add_parsed(p, 999, late, &e), VET_EINVAL);
  assert_int_equal(p->lines, lines);
  /* a subject's strings are the parser's, so another population may
   * take it (unlike an event's) */
  struct vet_population *other = vet_population_new(tu_countries(), "other");
  assert_non_null(other);
  assert_int_equal(vet_population_add_parsed(other, 1, late, &e), VET_OK);
  assert_int_equal(other->n_subjects, 1);
  vet_population_free(other);
  vet_line_parser_free(lp);
  vet_population_free(p);
  vet_population_free(q);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_fast_takes_subjects), cmocka_unit_test(test_limits),
      cmocka_unit_test(test_fast_declines),       cmocka_unit_test(test_same_as_jansson),
      cmocka_unit_test(test_generated),           cmocka_unit_test(test_example_population),
      cmocka_unit_test(test_parse_block_then_add),
  };
  return cmocka_run_group_tests(tests, tu_countries_setup, NULL);
}
