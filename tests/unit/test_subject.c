/* test_subject.c - the subject model (subject/parse.c, subject/population.c):
 * every field type of a subject and an event read from JSON lines, arrays
 * written as a single string, integer ids, a bare profile without "type";
 * the skip policy (not JSON, wrong type, impossible date, bad sex, a UTC
 * offset out of range, a duplicate id) with messages naming
 * "SOURCE:LINE:" and the field path; warnings that keep the record
 * (unknown country, unknown payout kind); events attached to their
 * subjects after finish (before their subject, unknown subjects, sorted by
 * time), the same on several threads as on one; the issue cap; and RFC 3339 timestamps. */
#include <stdio.h>

#include "testutil.h"
#include "vetter/subject.h"

#define SOURCE "workers.jsonl"

/* ---- helpers ---- */

/* A population (real country table) with lines[i] added as line i + 1;
 * finished when finish is true. */
static struct vet_population *load(const char *const *lines, size_t n, bool finish)
{
  struct vet_population *p = vet_population_new(tu_countries(), SOURCE);
  assert_non_null(p);
  for (size_t i = 0; i < n; i++) {
    struct vet_error e;
    vet_error_clear(&e);
    vet_err rc = vet_population_add_line(p, i + 1, vet_str_c(lines[i]), &e);
    if (rc != VET_OK)
      fail_msg("line %zu: %s (%s)", i + 1, vet_err_name(rc), e.msg);
  }
  if (finish) {
    struct vet_error e;
    vet_error_clear(&e);
    if (vet_population_finish(p, &e) != VET_OK)
      fail_msg("finish: %s", e.msg);
  }
  return p;
}

static struct vet_population *load1(const char *line)
{
  return load(&line, 1, true);
}

/* The issue of line (skipped or not) whose message contains part; NULL when none. */
static const struct vet_input_issue *find_issue(const struct vet_population *p, size_t line, const char *part)
{
  for (uint32_t i = 0; i < p->n_issues; i++)
    if (p->issues[i].line == line && (!part || strstr(p->issues[i].msg, part)))
      return &p->issues[i];
  return NULL;
}

/* Fails unless line has an issue that is skipped as said, that starts with
 * "SOURCE:LINE: " and that names field (in quotes: 'field'). */
static void expect_issue(const struct vet_population *p, size_t line, bool skipped, const char *field,
                         const char *what)
{
  char where[64], quoted[96];
  snprintf(where, sizeof where, SOURCE ":%zu: ", line);
  snprintf(quoted, sizeof quoted, "'%s'", field ? field : "");
  const struct vet_input_issue *is = find_issue(p, line, field ? quoted : NULL);
  if (!is) {
    for (uint32_t i = 0; i < p->n_issues; i++)
      print_error("  issue: %s\n", p->issues[i].msg);
    fail_msg("%s: no issue on line %zu naming %s", what, line, quoted);
  }
  if (strncmp(is->msg, where, strlen(where)) != 0)
    fail_msg("%s: message '%s' does not start with '%s'", what, is->msg, where);
  if (is->skipped != skipped)
    fail_msg("%s: message '%s' is %s, want %s", what, is->msg, is->skipped ? "skipped" : "a warning",
             skipped ? "skipped" : "a warning");
}

static void expect_str(vet_str got, const char *want, const char *what)
{
  if (!vet_str_eq_c(got, want))
    fail_msg("%s: got '%.*s', want '%s'", what, VET_STR_FMT(got), want);
}

static void expect_date(struct vet_date d, int y, int m, int day, const char *what)
{
  if (d.year != y || d.month != m || d.day != day)
    fail_msg("%s: got %d-%d-%d, want %d-%d-%d", what, d.year, d.month, d.day, y, m, day);
}

/* ---- fields ---- */

static const char full_subject[] =
    "{\"type\":\"subject\",\"id\":\"w-1\",\"kind\":\"person\",\"name\":\"  Anna Maria Eriksson \","
    "\"display_name\":\"Anna E.\",\"aliases\":[\"Anna Svensson\",\"A. Eriksson\"],\"birth_date\":\"1974-08-12\","
    "\"nationality\":\"Sweden\",\"country\":\"POL\",\"city\":\"Krakow\",\"timezone\":\"Europe/Warsaw\","
    "\"languages\":[\"sv\",\"en\"],\"emails\":[\"anna@example.se\",\"ae@example.com\"],"
    "\"phones\":[\"+46 8 123 456 78\"],"
    "\"addresses\":[{\"kind\":\"residence\",\"country\":\"Poland\",\"text\":\"ul. Dluga 1\"},"
    "{\"kind\":\"shipping\",\"country\":\"SE\",\"text\":\"Storgatan 2\"},{\"kind\":\"billing\"}],"
    "\"documents\":[{\"kind\":\"passport\",\"mrz\":\"P<UTOERIKSSON<<ANNA<MARIA|L898902C36UTO\",\"number\":\"L898902C3\","
    "\"issuing_country\":\"SWE\",\"name\":\"Anna Maria Eriksson\",\"birth_date\":\"1974-08-12\","
    "\"nationality\":\"Sweden\",\"sex\":\"female\",\"expiry_date\":\"2031-04-15\",\"image_phash\":\"ab12\"},"
    "{\"kind\":\"id_card\",\"sex\":\"M\"},{\"kind\":\"residence_permit\",\"sex\":\"<\"},"
    "{\"kind\":\"driver_license\",\"sex\":\"unspecified\"},{\"kind\":\"other\",\"sex\":null}],"
    "\"payouts\":[{\"kind\":\"bank\",\"holder\":\"Anna Eriksson\",\"country\":\"PL\",\"account\":\"PL61109010140000071219812874\","
    "\"currency\":\"PLN\"},{\"kind\":\"crypto\",\"currency\":\"USDT\",\"address\":\"TXYZ123\"},"
    "{\"kind\":\"PayPal\"},{\"kind\":\"payoneer\"},{\"kind\":\"wise\"},{\"kind\":\"other\"}],"
    "\"employer\":\"Acme AB\",\"photo_phash\":\"ff00\",\"photo\":\"https://example.com/a.jpg\","
    "\"text\":{\"headline\":\"Go developer\",\"bio\":\"Ten years of Go\",\"resume\":\"CV text\"},"
    "\"links\":{\"github\":\"https://github.com/anna\",\"linkedin\":\"https://linkedin.com/in/anna\","
    "\"website\":\"https://anna.example.se\"},\"created_at\":\"2025-06-01T10:00:00+02:00\"}";

static void test_subject_fields(void **state)
{
  (void)state;
  struct vet_population *p = load1(full_subject);
  if (p->n_issues)
    fail_msg("unexpected issue: %s", p->issues[0].msg);
  assert_int_equal(p->n_subjects, 1);
  assert_int_equal(p->lines, 1);
  assert_int_equal(p->skipped, 0);
  const struct vet_subject *s = vet_population_find(p, VET_LIT("w-1"));
  assert_non_null(s);
  assert_ptr_equal(s, &p->subjects[0]);
  assert_int_equal(s->line, 1);
  assert_int_equal(s->kind, VET_SCHEMA_PERSON);
  expect_str(s->name, "Anna Maria Eriksson", "name (trimmed)");
  expect_str(s->display_name, "Anna E.", "display_name");
  assert_int_equal(s->aliases.n, 2);
  expect_str(s->aliases.v[0], "Anna Svensson", "aliases[0]");
  expect_str(s->aliases.v[1], "A. Eriksson", "aliases[1]");
  expect_date(s->birth_date, 1974, 8, 12, "birth_date");
  expect_str(s->nationality.raw, "Sweden", "nationality.raw");
  assert_string_equal(s->nationality.code, "SE");
  expect_str(s->country.raw, "POL", "country.raw");
  assert_string_equal(s->country.code, "PL");
  expect_str(s->city, "Krakow", "city");
  expect_str(s->timezone, "Europe/Warsaw", "timezone");
  assert_int_equal(s->languages.n, 2);
  expect_str(s->languages.v[1], "en", "languages[1]");
  assert_int_equal(s->emails.n, 2);
  expect_str(s->emails.v[0], "anna@example.se", "emails[0]");
  assert_int_equal(s->phones.n, 1);
  expect_str(s->phones.v[0], "+46 8 123 456 78", "phones[0]");
  /* addresses */
  assert_int_equal(s->n_addresses, 3);
  assert_int_equal(s->addresses[0].kind, VET_ADDR_RESIDENCE);
  assert_string_equal(s->addresses[0].country.code, "PL");
  expect_str(s->addresses[0].text, "ul. Dluga 1", "addresses[0].text");
  assert_int_equal(s->addresses[1].kind, VET_ADDR_SHIPPING);
  assert_string_equal(s->addresses[1].country.code, "SE");
  assert_int_equal(s->addresses[2].kind, VET_ADDR_BILLING);
  assert_string_equal(s->addresses[2].country.code, "");
  assert_int_equal(s->addresses[2].text.len, 0);
  /* documents */
  assert_int_equal(s->n_documents, 5);
  const struct vet_document *d = &s->documents[0];
  assert_int_equal(d->kind, VET_DOC_PASSPORT);
  expect_str(d->mrz, "P<UTOERIKSSON<<ANNA<MARIA|L898902C36UTO", "mrz");
  expect_str(d->number, "L898902C3", "number");
  assert_string_equal(d->issuing_country.code, "SE");
  expect_str(d->name, "Anna Maria Eriksson", "documents[0].name");
  expect_date(d->birth_date, 1974, 8, 12, "documents[0].birth_date");
  assert_string_equal(d->nationality.code, "SE");
  assert_int_equal(d->sex, 'F');
  expect_date(d->expiry_date, 2031, 4, 15, "documents[0].expiry_date");
  expect_str(d->image_phash, "ab12", "image_phash");
  assert_int_equal(s->documents[1].kind, VET_DOC_ID_CARD);
  assert_int_equal(s->documents[1].sex, 'M');
  assert_int_equal(s->documents[2].kind, VET_DOC_RESIDENCE_PERMIT);
  assert_int_equal(s->documents[2].sex, 'X');
  assert_int_equal(s->documents[3].kind, VET_DOC_DRIVER_LICENSE);
  assert_int_equal(s->documents[3].sex, 'X');
  assert_int_equal(s->documents[4].kind, VET_DOC_OTHER);
  assert_int_equal(s->documents[4].sex, 0);
  assert_int_equal(s->documents[4].birth_date.year, 0);
  /* payouts */
  assert_int_equal(s->n_payouts, 6);
  const struct vet_payout *y = &s->payouts[0];
  assert_int_equal(y->kind, VET_PAYOUT_BANK);
  expect_str(y->holder, "Anna Eriksson", "holder");
  assert_string_equal(y->country.code, "PL");
  expect_str(y->account, "PL61109010140000071219812874", "account");
  expect_str(y->currency, "PLN", "currency");
  assert_int_equal(s->payouts[1].kind, VET_PAYOUT_CRYPTO);
  expect_str(s->payouts[1].address, "TXYZ123", "address");
  assert_int_equal(s->payouts[2].kind, VET_PAYOUT_PAYPAL); /* case-insensitive */
  assert_int_equal(s->payouts[3].kind, VET_PAYOUT_PAYONEER);
  assert_int_equal(s->payouts[4].kind, VET_PAYOUT_WISE);
  assert_int_equal(s->payouts[5].kind, VET_PAYOUT_OTHER);
  /* the rest */
  expect_str(s->employer, "Acme AB", "employer");
  expect_str(s->photo_phash, "ff00", "photo_phash");
  expect_str(s->photo, "https://example.com/a.jpg", "photo");
  expect_str(s->headline, "Go developer", "text.headline");
  expect_str(s->bio, "Ten years of Go", "text.bio");
  expect_str(s->resume, "CV text", "text.resume");
  expect_str(s->github, "https://github.com/anna", "links.github");
  expect_str(s->linkedin, "https://linkedin.com/in/anna", "links.linkedin");
  expect_str(s->website, "https://anna.example.se", "links.website");
  assert_int_equal(s->created_at, 1748764800); /* 2025-06-01T08:00:00Z */
  assert_int_equal(s->n_events, 0);
  vet_population_free(p);
}

static void test_subject_minimal(void **state)
{
  (void)state;
  /* absent and null fields are empty; kind defaults to person; an
   * organization; created_at as a plain date */
  static const char *const lines[] = {
      "{\"type\":\"subject\",\"id\":\"bare\"}",
      ("{\"type\":\"subject\",\"id\":\"nulls\",\"name\":null,\"aliases\":null,\"documents\":null,"
       "\"text\":null,\"birth_date\":null,\"country\":null,\"created_at\":null}"),
      "{\"type\":\"subject\",\"id\":\"org\",\"kind\":\"Company\",\"name\":\"Acme Ltd\"}",
      "{\"type\":\"subject\",\"id\":\"day\",\"created_at\":\"2024-01-02\",\"birth_date\":\"1980-05\"}",
  };
  struct vet_population *p = load(lines, VET_COUNTOF(lines), true);
  if (p->n_issues)
    fail_msg("unexpected issue: %s", p->issues[0].msg);
  assert_int_equal(p->n_subjects, 4);
  for (uint32_t i = 0; i < 2; i++) {
    const struct vet_subject *s = &p->subjects[i];
    assert_int_equal(s->kind, VET_SCHEMA_PERSON);
    assert_int_equal(s->name.len, 0);
    assert_int_equal(s->aliases.n, 0);
    assert_int_equal(s->n_documents, 0);
    assert_null(s->documents);
    assert_int_equal(s->birth_date.year, 0);
    assert_string_equal(s->country.code, "");
    assert_int_equal(s->created_at, 0);
  }
  assert_int_equal(vet_population_find(p, VET_LIT("org"))->kind, VET_SCHEMA_ORGANIZATION);
  const struct vet_subject *s = vet_population_find(p, VET_LIT("day"));
  assert_int_equal(s->created_at, 1704153600); /* 2024-01-02T00:00:00Z */
  expect_date(s->birth_date, 1980, 5, 0, "partial birth_date");
  assert_null(vet_population_find(p, VET_LIT("nobody")));
  assert_null(vet_population_find(p, VET_LIT("")));
  vet_population_free(p);
}

static void test_single_strings(void **state)
{
  (void)state;
  /* arrays written as one string; nulls and blank items dropped */
  static const char *const lines[] = {
      "{\"type\":\"subject\",\"id\":\"s\",\"emails\":\"anna@example.com\",\"phones\":\" +48 12 345 67 89 \","
      "\"aliases\":\"Ann\",\"languages\":\"   \"}",
      "{\"type\":\"subject\",\"id\":\"a\",\"emails\":[\"x@example.com\",null,\"  \",\"y@example.com\"],\"aliases\":[]}",
      "{\"type\":\"event\",\"subject\":\"s\",\"ts\":\"2026-03-01T09:15:00Z\",\"languages\":\"ko-KR\","
      "\"remote_tools\":\"AnyDesk\",\"usb_devices\":[\"PiKVM\"]}",
  };
  struct vet_population *p = load(lines, VET_COUNTOF(lines), true);
  if (p->n_issues)
    fail_msg("unexpected issue: %s", p->issues[0].msg);
  const struct vet_subject *s = vet_population_find(p, VET_LIT("s"));
  assert_int_equal(s->emails.n, 1);
  expect_str(s->emails.v[0], "anna@example.com", "emails");
  assert_int_equal(s->phones.n, 1);
  expect_str(s->phones.v[0], "+48 12 345 67 89", "phones (trimmed)");
  assert_int_equal(s->aliases.n, 1);
  assert_int_equal(s->languages.n, 0); /* blank */
  const struct vet_subject *a = vet_population_find(p, VET_LIT("a"));
  assert_int_equal(a->emails.n, 2);
  expect_str(a->emails.v[0], "x@example.com", "emails[0]");
  expect_str(a->emails.v[1], "y@example.com", "emails[1]");
  assert_int_equal(a->aliases.n, 0);
  assert_int_equal(p->n_events, 1);
  const struct vet_event *ev = &p->events[0];
  assert_int_equal(ev->x->languages.n, 1);
  expect_str(ev->x->languages.v[0], "ko-KR", "event languages");
  assert_int_equal(ev->x->remote_tools.n, 1);
  assert_int_equal(ev->x->usb_devices.n, 1);
  expect_str(ev->x->usb_devices.v[0], "PiKVM", "usb_devices");
  vet_population_free(p);
}

static void test_integer_ids_and_bare_profiles(void **state)
{
  (void)state;
  static const char *const lines[] = {
      "{\"type\":\"subject\",\"id\":42,\"name\":\"Forty Two\"}",
      "{\"type\":\"event\",\"subject\":42,\"ts\":\"2026-03-01T09:15:00Z\"}",
      "{\"type\":\"event\",\"subject\":\"42\",\"ts\":\"2026-03-01T09:16:00Z\"}",
      "{\"id\":\"p-7\",\"name\":\"No Type\"}",           /* a bare profile */
      "{\"type\":\"subject\",\"id\":-5}",                /* negative integers are ids too */
      "{\"type\":\"subject\",\"id\":\" padded \"}",      /* trimmed */
      "{\"name\":\"neither type nor id\"}",              /* skipped */
  };
  struct vet_population *p = load(lines, VET_COUNTOF(lines), true);
  const struct vet_subject *s = vet_population_find(p, VET_LIT("42"));
  assert_non_null(s);
  expect_str(s->name, "Forty Two", "name");
  assert_int_equal(s->n_events, 2); /* integer and string subject ids meet */
  s = vet_population_find(p, VET_LIT("p-7"));
  assert_non_null(s);
  expect_str(s->name, "No Type", "bare profile");
  assert_non_null(vet_population_find(p, VET_LIT("-5")));
  assert_non_null(vet_population_find(p, VET_LIT("padded")));
  assert_int_equal(p->n_subjects, 4);
  expect_issue(p, 7, true, "type", "no type, no id");
  assert_int_equal(p->skipped, 1);
  assert_int_equal(p->lines, 7);
  vet_population_free(p);
}

/* ---- the skip policy ---- */

static void test_skipped_records(void **state)
{
  (void)state;
  /* each line is skipped whole, with its line and the field path named */
  static const struct {
    const char *line;
    const char *field; /* named in quotes in the message; NULL: none */
    const char *part;  /* also in the message */
  } cases[] = {
      {"{\"type\":\"subject\",\"id\":\"y\"", NULL, "not valid JSON"},
      {"not json at all", NULL, "not valid JSON"},
      {"{\"type\":\"subject\",\"id\":\"y\",\"id\":\"y\"}", NULL, "not valid JSON"}, /* duplicate key */
      {"[{\"type\":\"subject\",\"id\":\"y\"}]", NULL, "expected a JSON object"},
      {"{\"type\":\"profile\",\"id\":\"x\"}", "type", "expected"},
      {"{\"type\":5,\"id\":\"x\"}", "type", "expected"},
      {"{\"type\":\"subject\"}", "id", "required"},
      {"{\"type\":\"subject\",\"id\":\"\"}", "id", "non-empty"},
      {"{\"type\":\"subject\",\"id\":\"  \"}", "id", "non-empty"},
      {"{\"type\":\"subject\",\"id\":1.5}", "id", "non-empty"},
      {"{\"type\":\"subject\",\"id\":[\"x\"]}", "id", "non-empty"},
      {"{\"type\":\"subject\",\"id\":\"y\",\"name\":5}", "name", "expected a string"},
      {"{\"type\":\"subject\",\"id\":\"y\",\"name\":{\"first\":\"A\"}}", "name", "expected a string"},
      {"{\"type\":\"subject\",\"id\":\"y\",\"kind\":\"vessel\"}", "kind", "vessel"},
      {"{\"type\":\"subject\",\"id\":\"y\",\"aliases\":5}", "aliases", "array of strings"},
      {"{\"type\":\"subject\",\"id\":\"y\",\"emails\":[\"a@b.c\",7]}", "emails", "array of strings"},
      {"{\"type\":\"subject\",\"id\":\"y\",\"birth_date\":\"1990-02-30\"}", "birth_date", "1990-02-30"},
      {"{\"type\":\"subject\",\"id\":\"y\",\"birth_date\":\"1990-13-01\"}", "birth_date", "not a possible date"},
      {"{\"type\":\"subject\",\"id\":\"y\",\"birth_date\":\"yesterday\"}", "birth_date", "not a possible date"},
      {"{\"type\":\"subject\",\"id\":\"y\",\"birth_date\":19900101}", "birth_date", "expected a string"},
      {"{\"type\":\"subject\",\"id\":\"y\",\"country\":826}", "country", "expected a string"},
      {"{\"type\":\"subject\",\"id\":\"y\",\"documents\":{}}", "documents", "array of objects"},
      {"{\"type\":\"subject\",\"id\":\"y\",\"documents\":[\"P<UTO\"]}", "documents", "array of objects"},
      {"{\"type\":\"subject\",\"id\":\"y\",\"documents\":[{\"birth_date\":\"1990-02-30\"}]}", "documents[0].birth_date",
       "not a possible date"},
      {"{\"type\":\"subject\",\"id\":\"y\",\"documents\":[{},{\"sex\":\"Q\"}]}", "documents[1].sex", "not M, F or X"},
      {"{\"type\":\"subject\",\"id\":\"y\",\"documents\":[{\"expiry_date\":\"2030-02-29\"}]}",
       "documents[0].expiry_date", "2030-02-29"},
      {"{\"type\":\"subject\",\"id\":\"y\",\"documents\":[{\"number\":123456}]}", "documents[0].number",
       "expected a string"},
      {"{\"type\":\"subject\",\"id\":\"y\",\"payouts\":[{\"holder\":[\"A\"]}]}", "payouts[0].holder",
       "expected a string"},
      {"{\"type\":\"subject\",\"id\":\"y\",\"addresses\":[{\"text\":1}]}", "addresses[0].text", "expected a string"},
      {"{\"type\":\"subject\",\"id\":\"y\",\"text\":\"bio\"}", "text", "expected an object"},
      {"{\"type\":\"subject\",\"id\":\"y\",\"text\":{\"bio\":5}}", "text.bio", "expected a string"},
      {"{\"type\":\"subject\",\"id\":\"y\",\"links\":{\"github\":[]}}", "links.github", "expected a string"},
      {"{\"type\":\"subject\",\"id\":\"y\",\"created_at\":\"last week\"}", "created_at", "RFC 3339"},
      {"{\"type\":\"subject\",\"id\":\"y\",\"created_at\":\"2024\"}", "created_at", "RFC 3339"},
      /* events */
      {"{\"type\":\"event\",\"ts\":\"2026-03-01T09:15:00Z\"}", "subject", "required"},
      {"{\"type\":\"event\",\"subject\":\"\",\"ts\":\"2026-03-01T09:15:00Z\"}", "subject", "non-empty"},
      {"{\"type\":\"event\",\"subject\":true,\"ts\":\"2026-03-01T09:15:00Z\"}", "subject", "non-empty"},
      {"{\"type\":\"event\",\"subject\":\"x\"}", "ts", "required"},
      {"{\"type\":\"event\",\"subject\":\"x\",\"ts\":\"2026-02-30T09:15:00Z\"}", "ts", "RFC 3339"},
      {"{\"type\":\"event\",\"subject\":\"x\",\"ts\":\"2026-03-01\"}", "ts", "RFC 3339"}, /* a time is required */
      {"{\"type\":\"event\",\"subject\":\"x\",\"ts\":1772356500}", "ts", "expected a string"},
      {"{\"type\":\"event\",\"subject\":\"x\",\"ts\":\"2026-03-01T09:15:00Z\",\"tz_offset_min\":900}", "tz_offset_min",
       "-720"},
      {"{\"type\":\"event\",\"subject\":\"x\",\"ts\":\"2026-03-01T09:15:00Z\",\"tz_offset_min\":-721}",
       "tz_offset_min", "840"},
      {"{\"type\":\"event\",\"subject\":\"x\",\"ts\":\"2026-03-01T09:15:00Z\",\"tz_offset_min\":30.5}",
       "tz_offset_min", "whole minutes"},
      {"{\"type\":\"event\",\"subject\":\"x\",\"ts\":\"2026-03-01T09:15:00Z\",\"tz_offset_min\":\"60\"}",
       "tz_offset_min", "whole minutes"},
      {"{\"type\":\"event\",\"subject\":\"x\",\"ts\":\"2026-03-01T09:15:00Z\",\"vm\":\"yes\"}", "vm", "true or false"},
      {"{\"type\":\"event\",\"subject\":\"x\",\"ts\":\"2026-03-01T09:15:00Z\",\"payout\":[]}", "payout",
       "expected an object"},
      {"{\"type\":\"event\",\"subject\":\"x\",\"ts\":\"2026-03-01T09:15:00Z\",\"payout\":{\"holder\":5}}",
       "payout.holder", "expected a string"},
      {"{\"type\":\"event\",\"subject\":\"x\",\"ts\":\"2026-03-01T09:15:00Z\",\"address\":{\"country\":false}}",
       "address.country", "expected a string"},
      {"{\"type\":\"event\",\"subject\":\"x\",\"ts\":\"2026-03-01T09:15:00Z\",\"usb_devices\":{}}", "usb_devices",
       "array of strings"},
  };
  for (size_t i = 0; i < VET_COUNTOF(cases); i++) {
    /* line 1 is a good subject "x", the case is line 2 */
    const char *lines[] = {"{\"type\":\"subject\",\"id\":\"x\",\"name\":\"Good\"}", cases[i].line};
    struct vet_population *p = load(lines, 2, true);
    char what[160];
    snprintf(what, sizeof what, "case %zu (%.100s)", i, cases[i].line);
    expect_issue(p, 2, true, cases[i].field, what);
    const struct vet_input_issue *is = find_issue(p, 2, NULL);
    if (cases[i].part && !strstr(is->msg, cases[i].part))
      fail_msg("%s: message '%s' lacks '%s'", what, is->msg, cases[i].part);
    if (p->n_subjects != 1 || p->n_events != 0)
      fail_msg("%s: kept (%u subjects, %u events)", what, p->n_subjects, p->n_events);
    expect_str(p->subjects[0].name, "Good", what); /* the first record is untouched */
    assert_int_equal(p->skipped, 1);
    assert_int_equal(p->lines, 2);
    assert_int_equal(p->n_issues, 1);
    vet_population_free(p);
  }
}

static void test_skipped_subject_names_id(void **state)
{
  (void)state;
  /* the message says which record was skipped and why, field path and value */
  const char *line = "{\"type\":\"subject\",\"id\":\"w-99\",\"documents\":[{\"kind\":\"passport\"},"
                     "{\"birth_date\":\"1990-02-30\"}]}";
  struct vet_population *p = load1(line);
  expect_issue(p, 1, true, "documents[1].birth_date", "impossible document date");
  const char *msg = p->issues[0].msg;
  assert_non_null(strstr(msg, "w-99"));
  assert_non_null(strstr(msg, "skipped"));
  assert_non_null(strstr(msg, "'1990-02-30'"));
  assert_null(vet_population_find(p, VET_LIT("w-99")));
  vet_population_free(p);
}

static void test_duplicate_id(void **state)
{
  (void)state;
  static const char *const lines[] = {
      "{\"type\":\"subject\",\"id\":\"dup\",\"name\":\"First\"}",
      "{\"type\":\"subject\",\"id\":\"other\",\"name\":\"Other\"}",
      "{\"type\":\"subject\",\"id\":\"dup\",\"name\":\"Second\"}",
      "{\"id\":\"dup\",\"name\":\"Third\"}",
      "{\"type\":\"subject\",\"id\":7}",
      "{\"type\":\"subject\",\"id\":\"7\"}", /* the integer id 7 is "7" */
  };
  struct vet_population *p = load(lines, VET_COUNTOF(lines), true);
  assert_int_equal(p->n_subjects, 3);
  expect_str(vet_population_find(p, VET_LIT("dup"))->name, "First", "first kept");
  expect_issue(p, 3, true, "id", "duplicate");
  expect_issue(p, 4, true, "id", "duplicate again");
  expect_issue(p, 6, true, "id", "duplicate integer id");
  assert_non_null(strstr(find_issue(p, 3, NULL)->msg, "duplicate"));
  assert_non_null(strstr(find_issue(p, 3, NULL)->msg, "line 1"));
  assert_non_null(strstr(find_issue(p, 4, NULL)->msg, "line 1"));
  assert_non_null(strstr(find_issue(p, 6, NULL)->msg, "line 5"));
  assert_int_equal(p->skipped, 3);
  vet_population_free(p);
}

/* ---- warnings that keep the record ---- */

static void test_warnings(void **state)
{
  (void)state;
  static const char *const lines[] = {
      "{\"type\":\"subject\",\"id\":\"c\",\"name\":\"Kept\",\"country\":\"Atlantis\",\"nationality\":\"Korea, North\","
      "\"documents\":[{\"kind\":\"visa\",\"issuing_country\":\"Utopia\",\"nationality\":\"KOR\"}],"
      "\"payouts\":[{\"kind\":\"skrill\",\"country\":\"Narnia\"}],\"addresses\":[{\"kind\":\"office\"}]}",
      "{\"type\":\"event\",\"subject\":\"c\",\"ts\":\"2026-03-01T09:15:00Z\",\"kind\":\"teleport\","
      "\"payout\":{\"kind\":\"cash\",\"country\":\"CN\"},\"address\":{\"country\":\"Oz\",\"kind\":\"billing\"}}",
  };
  struct vet_population *p = load(lines, VET_COUNTOF(lines), true);
  assert_int_equal(p->n_subjects, 1);
  assert_int_equal(p->n_events, 1);
  assert_int_equal(p->skipped, 0);
  const struct vet_subject *s = &p->subjects[0];
  expect_str(s->name, "Kept", "name");
  /* an unknown country: the code is dropped, the raw text kept */
  assert_string_equal(s->country.code, "");
  expect_str(s->country.raw, "Atlantis", "country.raw");
  assert_string_equal(s->nationality.code, "KP");
  expect_issue(p, 1, false, "country", "unknown country");
  assert_non_null(strstr(find_issue(p, 1, "'country'")->msg, "Atlantis"));
  assert_int_equal(s->documents[0].kind, VET_DOC_OTHER);
  expect_issue(p, 1, false, "documents[0].kind", "unknown document kind");
  assert_string_equal(s->documents[0].issuing_country.code, "");
  expect_issue(p, 1, false, "documents[0].issuing_country", "unknown issuing country");
  assert_string_equal(s->documents[0].nationality.code, "KR");
  /* an unknown payout kind is "other" */
  assert_int_equal(s->payouts[0].kind, VET_PAYOUT_OTHER);
  expect_issue(p, 1, false, "payouts[0].kind", "unknown payout kind");
  assert_non_null(strstr(find_issue(p, 1, "'payouts[0].kind'")->msg, "skrill"));
  assert_non_null(strstr(find_issue(p, 1, "'payouts[0].kind'")->msg, "other"));
  expect_issue(p, 1, false, "payouts[0].country", "unknown payout country");
  assert_int_equal(s->addresses[0].kind, VET_ADDR_OTHER);
  expect_issue(p, 1, false, "addresses[0].kind", "unknown address kind");
  /* the event's */
  const struct vet_event *ev = &p->events[0];
  assert_int_equal(ev->kind, VET_EV_OTHER);
  expect_issue(p, 2, false, "kind", "unknown event kind");
  assert_non_null(ev->x->payout);
  assert_int_equal(ev->x->payout->kind, VET_PAYOUT_OTHER);
  assert_string_equal(ev->x->payout->country.code, "CN");
  expect_issue(p, 2, false, "payout.kind", "unknown event payout kind");
  assert_non_null(ev->x->address);
  assert_int_equal(ev->x->address->kind, VET_ADDR_BILLING);
  expect_issue(p, 2, false, "address.country", "unknown event address country");
  assert_int_equal(p->n_issues, 9);
  for (uint32_t i = 0; i < p->n_issues; i++)
    assert_false(p->issues[i].skipped);
  vet_population_free(p);
}

/* ---- events ---- */

static void test_event_fields(void **state)
{
  (void)state;
  static const char *const lines[] = {
      "{\"type\":\"subject\",\"id\":\"e\"}",
      "{\"type\":\"event\",\"subject\":\"e\",\"ts\":\"2026-03-01T18:15:00+09:00\",\"kind\":\"login\","
      "\"ip\":\"203.0.113.5\",\"user_agent\":\"Mozilla/5.0\",\"device_id\":\"dev-1\",\"tz_offset_min\":540,"
      "\"tz_name\":\"Asia/Pyongyang\",\"languages\":[\"ko\"],\"remote_tools\":[\"AnyDesk\",\"TeamViewer\"],"
      "\"usb_devices\":[\"TinyPilot\"],\"vm\":true,\"counterpart\":\"client-9\","
      "\"payout\":{\"kind\":\"wise\",\"holder\":\"Li Wei\",\"country\":\"China\",\"account\":\"X1\",\"currency\":\"CNY\"},"
      "\"address\":{\"kind\":\"shipping\",\"country\":\"US\",\"text\":\"1 Main St\"}}",
      "{\"type\":\"event\",\"subject\":\"e\",\"ts\":\"2026-03-02T00:00:00Z\",\"kind\":\"ACTIVITY\",\"vm\":false,"
      "\"tz_offset_min\":-720}",
      "{\"type\":\"event\",\"subject\":\"e\",\"ts\":\"2026-03-03T00:00:00Z\",\"kind\":\"payout_change\","
      "\"tz_offset_min\":840,\"vm\":null,\"tz_offset_min_x\":1}",
      "{\"type\":\"event\",\"subject\":\"e\",\"ts\":\"2026-03-04T00:00:00Z\",\"kind\":\"message\"}",
      "{\"type\":\"event\",\"subject\":\"e\",\"ts\":\"2026-03-05T00:00:00Z\",\"kind\":\"review\"}",
      "{\"type\":\"event\",\"subject\":\"e\",\"ts\":\"2026-03-06T00:00:00Z\",\"kind\":\"shipment\"}",
      "{\"type\":\"event\",\"subject\":\"e\",\"ts\":\"2026-03-07T00:00:00Z\"}",
  };
  struct vet_population *p = load(lines, VET_COUNTOF(lines), true);
  if (p->n_issues)
    fail_msg("unexpected issue: %s", p->issues[0].msg);
  assert_int_equal(p->n_events, 7);
  const struct vet_event *ev = &p->events[0];
  assert_int_equal(ev->subject, 0);
  assert_int_equal(ev->line, 2);
  assert_int_equal(ev->ts, 1772356500); /* 2026-03-01T09:15:00Z */
  assert_int_equal(ev->x->ts_offset_min, 540);
  assert_int_equal(ev->kind, VET_EV_LOGIN);
  expect_str(vet_lstr_str(ev->ip), "203.0.113.5", "ip");
  expect_str(ev->x->user_agent, "Mozilla/5.0", "user_agent");
  expect_str(vet_lstr_str(ev->device_id), "dev-1", "device_id");
  assert_true(ev->x->has_tz_offset);
  assert_int_equal(ev->x->tz_offset_min, 540);
  expect_str(ev->x->tz_name, "Asia/Pyongyang", "tz_name");
  assert_int_equal(ev->x->languages.n, 1);
  assert_int_equal(ev->x->remote_tools.n, 2);
  expect_str(ev->x->remote_tools.v[1], "TeamViewer", "remote_tools[1]");
  assert_int_equal(ev->x->usb_devices.n, 1);
  assert_int_equal(ev->x->vm, 1);
  expect_str(ev->x->counterpart, "client-9", "counterpart");
  assert_non_null(ev->x->payout);
  assert_int_equal(ev->x->payout->kind, VET_PAYOUT_WISE);
  expect_str(ev->x->payout->holder, "Li Wei", "payout.holder");
  assert_string_equal(ev->x->payout->country.code, "CN");
  expect_str(ev->x->payout->currency, "CNY", "payout.currency");
  assert_non_null(ev->x->address);
  assert_int_equal(ev->x->address->kind, VET_ADDR_SHIPPING);
  assert_string_equal(ev->x->address->country.code, "US");
  expect_str(ev->x->address->text, "1 Main St", "address.text");
  ev = &p->events[1];
  assert_int_equal(ev->kind, VET_EV_ACTIVITY);
  assert_int_equal(ev->x->vm, 0);
  assert_int_equal(ev->x->tz_offset_min, -720);
  assert_null(ev->x->payout);
  assert_null(ev->x->address);
  ev = &p->events[2];
  assert_int_equal(ev->kind, VET_EV_PAYOUT_CHANGE);
  assert_int_equal(ev->x->vm, -1); /* null: not reported */
  assert_int_equal(ev->x->tz_offset_min, 840);
  assert_int_equal(p->events[3].kind, VET_EV_MESSAGE);
  assert_int_equal(p->events[4].kind, VET_EV_REVIEW);
  assert_int_equal(p->events[5].kind, VET_EV_SHIPMENT);
  ev = &p->events[6];
  assert_int_equal(ev->kind, VET_EV_OTHER); /* absent */
  assert_false(ev->x->has_tz_offset);
  assert_int_equal(ev->x->vm, -1);
  assert_int_equal(ev->x->ts_offset_min, 0);
  vet_population_free(p);
}

static void test_events_attach(void **state)
{
  (void)state;
  static const char *const lines[] = {
      /* events before their subject, out of order, for two subjects */
      "{\"type\":\"event\",\"subject\":\"b\",\"ts\":\"2026-03-03T00:00:00Z\",\"device_id\":\"b3\"}",
      "{\"type\":\"event\",\"subject\":\"a\",\"ts\":\"2026-03-02T00:00:00Z\",\"device_id\":\"a2\"}",
      "{\"type\":\"event\",\"subject\":\"ghost\",\"ts\":\"2026-03-01T00:00:00Z\"}",
      "{\"type\":\"subject\",\"id\":\"a\"}",
      "{\"type\":\"event\",\"subject\":\"a\",\"ts\":\"2026-03-01T12:00:00+09:00\",\"device_id\":\"a1\"}",
      "{\"type\":\"subject\",\"id\":\"b\"}",
      "{\"type\":\"event\",\"subject\":\"b\",\"ts\":\"2026-03-01T00:00:00Z\",\"device_id\":\"b1\"}",
      "{\"type\":\"event\",\"subject\":\"a\",\"ts\":\"2026-03-02T00:00:00Z\",\"device_id\":\"a2bis\"}", /* same time */
      "{\"type\":\"subject\",\"id\":\"c\"}",
      "{\"type\":\"event\",\"subject\":\"nobody\",\"ts\":\"2026-03-01T00:00:00Z\"}",
      "{\"type\":\"event\",\"subject\":\"b\",\"ts\":\"2026-03-02T00:00:00Z\",\"device_id\":\"b2\"}",
  };
  struct vet_population *p = load(lines, VET_COUNTOF(lines), false);
  assert_int_equal(p->n_events, 8); /* before finish every event is held */
  assert_int_equal(p->n_issues, 0);
  /* an event whose subject was read already has it at once; the four
   * read before theirs (or for no one) wait, their ids copied */
  static const char *const sid[] = {"b", "a", "ghost", "a", "b", "a", "nobody", "b"};
  static const bool waits[] = {true, true, true, false, false, false, true, false};
  assert_int_equal(p->n_pending, 4);
  for (uint32_t i = 0; i < 8; i++) {
    expect_str(vet_population_event_sid(p, i), sid[i], "event's subject id before finish");
    assert_int_equal(p->events[i].subject == VET_SUBJECT_PENDING, waits[i]);
    if (!waits[i])
      expect_str(p->subjects[p->events[i].subject].id, sid[i], "subject found as the event was added");
  }
  assert_int_equal(vet_population_event_sid(p, 8).len, 0); /* past the events */
  struct vet_error e;
  assert_int_equal(vet_population_finish(p, &e), VET_OK);
  assert_int_equal(p->n_pending, 0);
  assert_int_equal(vet_population_finish(p, &e), VET_OK); /* twice is harmless */
  assert_int_equal(p->n_events, 6);
  /* the events of unknown subjects are dropped, each with a skipped issue */
  expect_issue(p, 3, true, NULL, "ghost");
  assert_non_null(strstr(find_issue(p, 3, NULL)->msg, "ghost"));
  expect_issue(p, 10, true, NULL, "nobody");
  assert_non_null(strstr(find_issue(p, 10, NULL)->msg, "nobody"));
  assert_int_equal(p->skipped, 2);
  static const struct {
    const char *id;
    const char *devices[4];
  } want[] = {
      {"a", {"a1", "a2", "a2bis"}},
      {"b", {"b1", "b2", "b3"}},
      {"c", {NULL}},
  };
  for (size_t i = 0; i < VET_COUNTOF(want); i++) {
    const struct vet_subject *s = vet_population_find(p, vet_str_c(want[i].id));
    assert_non_null(s);
    uint32_t n = 0;
    while (n < 4 && want[i].devices[n])
      n++;
    if (s->n_events != n)
      fail_msg("subject %s: %u events, want %u", want[i].id, s->n_events, n);
    for (uint32_t k = 0; k < n; k++) {
      const struct vet_event *ev = &p->events[s->first_event + k];
      assert_ptr_equal(&p->subjects[ev->subject], s);
      expect_str(vet_population_event_sid(p, s->first_event + k), want[i].id, "event's subject id after finish");
      char what[64];
      snprintf(what, sizeof what, "subject %s event %u", want[i].id, k);
      expect_str(vet_lstr_str(ev->device_id), want[i].devices[k], what);
      if (k)
        assert_true(ev->ts >= p->events[s->first_event + k - 1].ts);
    }
  }
  /* after finish nothing more is added */
  vet_error_clear(&e);
  assert_int_equal(vet_population_add_line(p, 12, VET_LIT("{\"type\":\"subject\",\"id\":\"late\"}"), &e), VET_EINVAL);
  assert_int_equal(e.code, VET_EINVAL);
  assert_null(vet_population_find(p, VET_LIT("late")));
  vet_population_free(p);
}

/* A population of 150,000 events (several of finish's parts) for 22
 * subjects, some events before their subject, a third for ids no subject
 * has, and some for "ghost" ids at the parts' edges; room reserved for
 * this many subjects and events first when not 0. */
static struct vet_population *many_events_reserved(uint32_t subjects, uint32_t events)
{
  struct vet_population *p = vet_population_new(tu_countries(), SOURCE);
  assert_non_null(p);
  if (subjects || events)
    vet_population_reserve(p, subjects, events);
  char line[256];
  size_t lineno = 0;
  for (uint32_t i = 0; i < 150000; i++) {
    if (i % 7000 == 3) { /* a subject, after some of its events */
      snprintf(line, sizeof line, "{\"type\":\"subject\",\"id\":\"s%u\"}", i / 7000 * 2);
      assert_int_equal(vet_population_add_line(p, ++lineno, vet_str_c(line), NULL), VET_OK);
    }
    bool ghost = i % 65536 == 0 || i % 65536 == 65535 || i % 9973 == 5;
    uint32_t who = ghost ? i : (i * 2654435761u >> 7) % 21 * 2 + (i % 3 == 0);
    snprintf(line, sizeof line,
             "{\"type\":\"event\",\"subject\":\"%s%u\",\"ts\":\"2026-06-%02uT%02u:%02u:00Z\",\"device_id\":\"d%u\"}",
             ghost ? "ghost" : "s", who, 1 + i % 28, i % 24, i / 24 % 60, i);
    assert_int_equal(vet_population_add_line(p, ++lineno, vet_str_c(line), NULL), VET_OK);
  }
  return p;
}

static struct vet_population *many_events(void) { return many_events_reserved(0, 0); }

/* Fails the test unless three holds what one holds: the same events in
 * the same order, subjects, issues and counts. */
static void same_population(const struct vet_population *one, const struct vet_population *three)
{
  assert_int_equal(three->n_events, one->n_events);
  assert_int_equal(three->skipped, one->skipped);
  assert_int_equal(three->n_issues_total, one->n_issues_total);
  assert_int_equal(three->n_issues, one->n_issues);
  for (uint32_t i = 0; i < one->n_issues; i++) {
    assert_int_equal(three->issues[i].line, one->issues[i].line);
    assert_string_equal(three->issues[i].msg, one->issues[i].msg);
  }
  assert_non_null(strstr(one->issues[0].msg, "unknown subject 'ghost"));
  assert_int_equal(three->n_subjects, one->n_subjects);
  for (uint32_t i = 0; i < one->n_subjects; i++) {
    assert_true(vet_str_eq(three->subjects[i].id, one->subjects[i].id));
    assert_int_equal(three->subjects[i].first_event, one->subjects[i].first_event);
    assert_int_equal(three->subjects[i].n_events, one->subjects[i].n_events);
  }
  for (uint32_t i = 0; i < one->n_events; i++) {
    const struct vet_event *a = &one->events[i], *b = &three->events[i];
    assert_int_equal(a->subject, b->subject);
    assert_int_equal(a->line, b->line);
    assert_int_equal(a->ts, b->ts);
    assert_true(vet_lstr_eq(a->device_id, b->device_id));
  }
}

static void test_finish_threads(void **state)
{
  (void)state;
  struct vet_population *one = many_events(), *three = many_events();
  struct vet_error e;
  assert_int_equal(vet_population_finish(one, &e), VET_OK);
  assert_int_equal(vet_population_finish_threads(three, 3, &e), VET_OK);
  assert_true(one->n_events > 90000);
  assert_true(one->skipped > 40);
  same_population(one, three);
  vet_population_free(one);
  vet_population_free(three);
}

/* The events of many_events, finished: each subject's run holds exactly
 * the events that name it (event i has device "d<i>": each once, with the
 * subject many_events gave it), in time then line order. */
static void test_events_order(void **state)
{
  (void)state;
  struct vet_population *p = many_events();
  struct vet_error e;
  assert_int_equal(vet_population_finish_threads(p, 2, &e), VET_OK);
  static bool seen[150000];
  memset(seen, 0, sizeof seen);
  uint32_t total = 0;
  for (uint32_t s = 0; s < p->n_subjects; s++) {
    const struct vet_subject *sub = &p->subjects[s];
    total += sub->n_events;
    for (uint32_t k = 0; k < sub->n_events; k++) {
      const struct vet_event *ev = &p->events[sub->first_event + k];
      assert_int_equal(ev->subject, s);
      uint32_t i = (uint32_t)strtoul(ev->device_id.ptr + 1, NULL, 10);
      assert_true(i < 150000 && !seen[i]);
      seen[i] = true;
      char want[32];
      snprintf(want, sizeof want, "s%u", (i * 2654435761u >> 7) % 21 * 2 + (i % 3 == 0));
      expect_str(sub->id, want, "the subject an event names");
      if (k > 0) {
        const struct vet_event *prev = ev - 1;
        assert_true(prev->ts < ev->ts || (prev->ts == ev->ts && prev->line < ev->line));
      }
    }
  }
  assert_int_equal(total, p->n_events);
  vet_population_free(p);
}

/* Room reserved for the events up front, too little (the arrays grow past
 * it) or plenty: the same population as without. */
static void test_reserve(void **state)
{
  (void)state;
  /* 22 subjects: too few of them and of the events reserved, then plenty */
  struct vet_population *none = many_events(), *few = many_events_reserved(4, 1000),
                        *plenty = many_events_reserved(1u << 10, 1u << 20);
  assert_true(few->cap_events >= few->n_events);
  assert_true(few->cap_subjects >= few->n_subjects);
  assert_int_equal(plenty->cap_events, 1u << 20); /* never grown */
  assert_int_equal(plenty->cap_subjects, 1u << 10);
  uint32_t cap = few->cap_events, cap_s = few->cap_subjects;
  vet_population_reserve(few, 1u << 12, 1u << 22); /* too late: subjects and events are in */
  assert_int_equal(few->cap_events, cap);
  assert_int_equal(few->cap_subjects, cap_s);
  struct vet_error e;
  assert_int_equal(vet_population_finish(none, &e), VET_OK);
  assert_int_equal(vet_population_finish_threads(few, 2, &e), VET_OK);
  assert_int_equal(vet_population_finish(plenty, &e), VET_OK);
  assert_true(none->n_events > 90000);
  same_population(none, few);
  same_population(none, plenty);
  vet_population_free(none);
  vet_population_free(few);
  vet_population_free(plenty);
}

static void test_blank_lines_and_counts(void **state)
{
  (void)state;
  static const char *const lines[] = {
      "", "   \t", "{\"type\":\"subject\",\"id\":\"a\"}\r", "\n", "{\"type\":\"subject\",\"id\":\"b\"}", "{",
  };
  struct vet_population *p = load(lines, VET_COUNTOF(lines), true);
  assert_int_equal(p->n_subjects, 2);
  assert_int_equal(p->lines, 3); /* blank lines are not records */
  assert_int_equal(p->skipped, 1);
  assert_int_equal(p->n_issues, 1);
  expect_issue(p, 6, true, NULL, "truncated JSON");
  vet_population_free(p);
  /* the source name defaults to "-" */
  p = vet_population_new(tu_countries(), NULL);
  assert_non_null(p);
  assert_int_equal(vet_population_add_line(p, 9, VET_LIT("nope"), NULL), VET_OK);
  assert_int_equal(p->n_issues, 1);
  assert_int_equal(strncmp(p->issues[0].msg, "-:9: ", 5), 0);
  vet_population_free(p);
  vet_population_free(NULL);
  /* no country table: countries stay unresolved, with a warning */
  p = vet_population_new(NULL, "x.jsonl");
  assert_int_equal(vet_population_add_line(p, 1, VET_LIT("{\"id\":\"a\",\"country\":\"PL\"}"), NULL), VET_OK);
  assert_int_equal(vet_population_finish(p, NULL), VET_OK);
  assert_int_equal(p->n_subjects, 1);
  assert_string_equal(p->subjects[0].country.code, "");
  vet_population_free(p);
}

static void test_issue_cap(void **state)
{
  (void)state;
  /* a file of garbage: issues are counted past the stored cap */
  struct vet_population *p = vet_population_new(tu_countries(), SOURCE);
  const size_t n = 10050;
  for (size_t i = 1; i <= n; i++)
    assert_int_equal(vet_population_add_line(p, i, VET_LIT("garbage"), NULL), VET_OK);
  assert_int_equal(vet_population_finish(p, NULL), VET_OK);
  assert_int_equal(p->n_issues_total, n);
  assert_int_equal(p->skipped, n);
  assert_true(p->n_issues < n && p->n_issues >= 1000);
  assert_int_equal(p->issues[0].line, 1);
  vet_population_free(p);
}

static void test_add_json(void **state)
{
  (void)state;
  struct vet_population *p = vet_population_new(tu_countries(), SOURCE);
  json_t *o = json_pack("{s:s, s:s, s:s}", "type", "subject", "id", "j1", "name", "From JSON");
  assert_int_equal(vet_population_add_json(p, 5, o, NULL), VET_OK);
  json_decref(o);
  json_t *arr = json_array();
  assert_int_equal(vet_population_add_json(p, 6, arr, NULL), VET_OK);
  json_decref(arr);
  assert_int_equal(vet_population_finish(p, NULL), VET_OK);
  const struct vet_subject *s = vet_population_find(p, VET_LIT("j1"));
  assert_non_null(s);
  assert_int_equal(s->line, 5);
  expect_str(s->name, "From JSON", "name"); /* copied: the JSON is gone */
  expect_issue(p, 6, true, NULL, "array");
  vet_population_free(p);
}

/* An event keeps its line in 29 bits: lines past VET_EVENT_LINE_MAX are
 * recorded as that one, the kind beside it intact; an event for an
 * unknown subject on such a line is still reported with its true line. */
static void test_event_line_cap(void **state)
{
  (void)state;
  struct vet_population *p = vet_population_new(tu_countries(), SOURCE);
  struct vet_error e = {0};
  size_t far = (size_t)VET_EVENT_LINE_MAX + 1000;
  assert_int_equal(vet_population_add_line(p, 1, VET_LIT("{\"type\":\"subject\",\"id\":\"a\"}"), &e), VET_OK);
  assert_int_equal(vet_population_add_line(p, VET_EVENT_LINE_MAX,
                                            VET_LIT("{\"type\":\"event\",\"subject\":\"a\",\"ts\":"
                                                    "\"2026-03-01T09:00:00Z\",\"kind\":\"review\"}"),
                                            &e),
                   VET_OK);
  assert_int_equal(vet_population_add_line(p, far,
                                            VET_LIT("{\"type\":\"event\",\"subject\":\"a\",\"ts\":"
                                                    "\"2026-03-01T10:00:00Z\",\"kind\":\"shipment\"}"),
                                            &e),
                   VET_OK);
  assert_int_equal(vet_population_add_line(p, far + 1,
                                            VET_LIT("{\"type\":\"event\",\"subject\":\"zz\",\"ts\":"
                                                    "\"2026-03-01T11:00:00Z\"}"),
                                            &e),
                   VET_OK);
  assert_int_equal(vet_population_finish(p, &e), VET_OK);
  assert_int_equal(p->n_events, 2);
  assert_int_equal(p->events[0].line, VET_EVENT_LINE_MAX);
  assert_int_equal(p->events[0].kind, VET_EV_REVIEW);
  assert_int_equal(p->events[1].line, VET_EVENT_LINE_MAX);
  assert_int_equal(p->events[1].kind, VET_EV_SHIPMENT);
  expect_issue(p, far + 1, true, NULL, "unknown subject 'zz'");
  vet_population_free(p);
}

static void test_enum_names(void **state)
{
  (void)state;
  assert_string_equal(vet_address_kind_name(VET_ADDR_SHIPPING), "shipping");
  assert_string_equal(vet_address_kind_name((enum vet_address_kind)99), "other");
  assert_string_equal(vet_doc_kind_name(VET_DOC_PASSPORT), "passport");
  assert_string_equal(vet_doc_kind_name(VET_DOC_DRIVER_LICENSE), "driver_license");
  assert_string_equal(vet_doc_kind_name((enum vet_doc_kind)-1), "other");
  assert_string_equal(vet_payout_kind_name(VET_PAYOUT_CRYPTO), "crypto");
  assert_string_equal(vet_payout_kind_name((enum vet_payout_kind)42), "other");
  assert_string_equal(vet_event_kind_name(VET_EV_PAYOUT_CHANGE), "payout_change");
  assert_string_equal(vet_event_kind_name((enum vet_event_kind)42), "other");
}

/* ---- RFC 3339 ---- */

static void test_timestamps(void **state)
{
  (void)state;
  static const struct {
    const char *in;
    bool ok;
    int64_t unix_s;
    int offset;
  } cases[] = {
      {"2026-03-01T09:15:00Z", true, 1772356500, 0},
      {"1970-01-01T00:00:00Z", true, 0, 0},
      {"2026-03-01t09:15:00z", true, 1772356500, 0}, /* lower case T and Z */
      {"2026-03-01 09:15:00Z", true, 1772356500, 0}, /* space separator (RFC 3339 5.6 note) */
      {"2026-03-01T18:15:00+09:00", true, 1772356500, 540},
      {"2026-03-01T04:15:00-05:00", true, 1772356500, -300},
      {"2026-03-01T14:45:00+05:30", true, 1772356500, 330},
      {"2026-03-01T09:15:00+00:00", true, 1772356500, 0},
      {"2026-03-01T09:15:00-00:00", true, 1772356500, 0},
      {"2026-03-01T00:00:00+14:00", true, 1772272800, 840},
      {"2026-03-01T09:15:00.5Z", true, 1772356500, 0}, /* fractions truncated */
      {"2026-03-01T09:15:00.123456789Z", true, 1772356500, 0},
      {"2026-03-01T18:15:00.999+09:00", true, 1772356500, 540},
      {"  2026-03-01T09:15:00Z  ", true, 1772356500, 0},
      {"2016-12-31T23:59:60Z", true, 1483228799, 0}, /* leap second: the second before */
      {"2024-02-29T12:00:00Z", true, 1709208000, 0},
      {"2000-02-29T00:00:00Z", true, 951782400, 0},
      {"1969-12-31T23:59:59Z", true, -1, 0},
      {"2026-01-01T00:30:00+01:00", true, 1767223800, 60}, /* the day before in UTC */
      /* bad forms */
      {"", false, 0, 0},
      {"2026-03-01", false, 0, 0},
      {"2026-03-01T09:15Z", false, 0, 0},        /* no seconds */
      {"2026-03-01T09:15:00", false, 0, 0},      /* no offset */
      {"2026-03-01T09:15:00+0900", false, 0, 0}, /* offset without a colon */
      {"2026-03-01T09:15:00+09", false, 0, 0},
      {"2026-03-01T09:15:00+09:0", false, 0, 0},
      {"2026-03-01T09:15:00+24:00", false, 0, 0},
      {"2026-03-01T09:15:00+09:60", false, 0, 0},
      {"2026-03-01T09:15:00ZZ", false, 0, 0},
      {"2026-03-01T09:15:00Z junk", false, 0, 0},
      {"2026-03-01T09:15:00.Z", false, 0, 0},          /* empty fraction */
      {"2026-03-01T09:15:00.1234567890Z", false, 0, 0}, /* over nanoseconds */
      {"2026-03-01T09:15:00,5Z", false, 0, 0},
      {"2026-02-29T09:15:00Z", false, 0, 0}, /* not a leap year */
      {"2026-13-01T09:15:00Z", false, 0, 0},
      {"2026-00-01T09:15:00Z", false, 0, 0},
      {"2026-03-00T09:15:00Z", false, 0, 0},
      {"2026-04-31T09:15:00Z", false, 0, 0},
      {"2026-03-01T24:00:00Z", false, 0, 0},
      {"2026-03-01T09:60:00Z", false, 0, 0},
      {"2026-03-01T09:15:61Z", false, 0, 0},
      {"2026-03-01X09:15:00Z", false, 0, 0},
      {"2026/03/01T09:15:00Z", false, 0, 0},
      {"26-03-01T09:15:00Z", false, 0, 0},
      {"+2026-03-01T09:15:00Z", false, 0, 0},
      {"2026-3-01T09:15:00Z", false, 0, 0},
      {"2026-03-01T9:15:00ZZ", false, 0, 0},
      {"1899-12-31T23:59:59Z", false, 0, 0},
      {"Sun, 01 Mar 2026 09:15:00 GMT", false, 0, 0},
      {"1772356500", false, 0, 0},
  };
  for (size_t i = 0; i < VET_COUNTOF(cases); i++) {
    int64_t t = 12345;
    int off = 777;
    vet_err rc = vet_timestamp_parse(vet_str_c(cases[i].in), &t, &off);
    if (!cases[i].ok) {
      if (rc != VET_EPARSE)
        fail_msg("'%s': accepted (%lld, %d)", cases[i].in, (long long)t, off);
      continue;
    }
    if (rc != VET_OK)
      fail_msg("'%s': refused", cases[i].in);
    if (t != cases[i].unix_s || off != cases[i].offset)
      fail_msg("'%s': got %lld %+d, want %lld %+d", cases[i].in, (long long)t, off, (long long)cases[i].unix_s,
               cases[i].offset);
  }
  /* the offset out-parameter is optional */
  int64_t t;
  assert_int_equal(vet_timestamp_parse(VET_LIT("2026-03-01T18:15:00+09:00"), &t, NULL), VET_OK);
  assert_int_equal(t, 1772356500);
  /* not NUL-terminated: only len bytes are read */
  vet_str cut = {"2026-03-01T09:15:00Z and more", 20};
  assert_int_equal(vet_timestamp_parse(cut, &t, NULL), VET_OK);
  assert_int_equal(t, 1772356500);
  vet_str shorter = {"2026-03-01T09:15:00Z", 19};
  assert_int_equal(vet_timestamp_parse(shorter, &t, NULL), VET_EPARSE);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_subject_fields),
      cmocka_unit_test(test_subject_minimal),
      cmocka_unit_test(test_single_strings),
      cmocka_unit_test(test_integer_ids_and_bare_profiles),
      cmocka_unit_test(test_skipped_records),
      cmocka_unit_test(test_skipped_subject_names_id),
      cmocka_unit_test(test_duplicate_id),
      cmocka_unit_test(test_warnings),
      cmocka_unit_test(test_event_fields),
      cmocka_unit_test(test_events_attach),
      cmocka_unit_test(test_finish_threads), cmocka_unit_test(test_events_order),
      cmocka_unit_test(test_reserve),
      cmocka_unit_test(test_blank_lines_and_counts),
      cmocka_unit_test(test_issue_cap),
      cmocka_unit_test(test_add_json),
      cmocka_unit_test(test_event_line_cap),
      cmocka_unit_test(test_enum_names),
      cmocka_unit_test(test_timestamps),
  };
  return cmocka_run_group_tests(tests, tu_countries_setup, NULL);
}
