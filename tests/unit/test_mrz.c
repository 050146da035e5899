/* test_mrz.c - docs/mrz.c and docs/mrz_json.c: the ICAO 9303 specimens of
 * every format (their check digits re-computed here by an independent
 * implementation, not trusted from memory), each check digit broken in
 * turn, every malformed field, OCR confusions reported and not corrected,
 * shapes that are no MRZ, the two-digit-year rules against a fixed
 * "today", and the JSON form. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "core/common.h"
#include "vetter/date.h"
#include "vetter/mrz.h"

static const struct vet_date TODAY = {.year = 2024, .month = 6, .day = 1};

/* ---- specimens ---- */

/* ICAO 9303 part 4: the TD3 passport of Anna Maria Eriksson. */
#define TD3 "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<|L898902C36UTO7408122F1204159ZE184226B<<<<<10"
/* Part 5: the TD1 card. */
#define TD1 "I<UTOD231458907<<<<<<<<<<<<<<<|7408122F1204159UTO<<<<<<<<<<<6|ERIKSSON<<ANNA<MARIA<<<<<<<<<<"
/* Part 6: the TD2 card. */
#define TD2 "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<|D231458907UTO7408122F1204159<<<<<<<6"
/* Part 7: the MRV-A and MRV-B visas. */
#define MRVA "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<|L8988901C4XXX4009078F96121096ZE184226B<<<<<<"
#define MRVB "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<|L8988901C4XXX4009078F9612109<<<<<<<<"
/* Part 11 appendix D.2: a 12-character document number on a TD1 and a TD2. */
#define TD1_LONG "I<UTOD23145890<7349<<<<<<<<<<<|3407127M9507122UTO<<<<<<<<<<<2|STEVENSON<<PETER<JOHN<<<<<<<<<"
#define TD2_LONG "I<UTOSTEVENSON<<PETER<JOHN<<<<<<<<<<|D23145890<UTO3407127M95071227349<<<8"
/* The German passport specimen (Erika Mustermann): state and nationality "D<<". */
/* The Dutch passport specimen: a two-part surname and a personal number. */
#define NLD "P<NLDDE<BRUIJN<<WILLEKE<LISELOTTE<<<<<<<<<<<|SPECI20142NLD6503101F2403096999999990<<<<<84"
#define DEU "P<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<|C01X00T478D<<6408125F2702283<<<<<<<<<<<<<<<4"

/* Reference check digit, written independently of the library: the
 * character's value is its index in the alphabet below. */
static int ref_digit(const char *s, size_t n)
{
  static const char alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  static const int weight[] = {7, 3, 1};
  int sum = 0;
  for (size_t i = 0; i < n; i++) {
    int v = 0;
    if (s[i] != '<') {
      const char *p = strchr(alphabet, s[i]);
      if (!p || !s[i])
        return -1;
      v = (int)(p - alphabet);
    }
    sum += v * weight[i % 3];
  }
  return sum % 10;
}

/* Where each check digit sits, 1-based as 9303 writes it: the digit at
 * (line, at) covers up to four (line, from, to) ranges. */
struct range {
  int line, from, to;
};
struct digit_rule {
  const char *what;
  int line, at;
  struct range r[4];
};
struct format_rules {
  const char *fmt;
  int width;
  struct digit_rule d[5];
};

static const struct format_rules rules[] = {
    {"TD3", 44,
     {{"document_number", 2, 10, {{2, 1, 9}}},
      {"birth_date", 2, 20, {{2, 14, 19}}},
      {"expiry_date", 2, 28, {{2, 22, 27}}},
      {"optional_data", 2, 43, {{2, 29, 42}}},
      {"composite", 2, 44, {{2, 1, 10}, {2, 14, 20}, {2, 22, 43}}}}},
    {"TD1", 30,
     {{"document_number", 1, 15, {{1, 6, 14}}},
      {"birth_date", 2, 7, {{2, 1, 6}}},
      {"expiry_date", 2, 15, {{2, 9, 14}}},
      {"composite", 2, 30, {{1, 6, 30}, {2, 1, 7}, {2, 9, 15}, {2, 19, 29}}}}},
    {"TD2", 36,
     {{"document_number", 2, 10, {{2, 1, 9}}},
      {"birth_date", 2, 20, {{2, 14, 19}}},
      {"expiry_date", 2, 28, {{2, 22, 27}}},
      {"composite", 2, 36, {{2, 1, 10}, {2, 14, 20}, {2, 22, 35}}}}},
    {"MRV-A", 44,
     {{"document_number", 2, 10, {{2, 1, 9}}},
      {"birth_date", 2, 20, {{2, 14, 19}}},
      {"expiry_date", 2, 28, {{2, 22, 27}}}}},
    {"MRV-B", 36,
     {{"document_number", 2, 10, {{2, 1, 9}}},
      {"birth_date", 2, 20, {{2, 14, 19}}},
      {"expiry_date", 2, 28, {{2, 22, 27}}}}},
};

static const struct format_rules *rules_for(const char *fmt)
{
  for (size_t i = 0; i < VET_COUNTOF(rules); i++)
    if (!strcmp(rules[i].fmt, fmt))
      return &rules[i];
  fail_msg("no rules for '%s'", fmt);
  return NULL;
}

/* Offset of 1-based (line, col) in a '|'-joined MRZ of lines of width w. */
static size_t off(int w, int line, int col) { return (size_t)((line - 1) * (w + 1) + col - 1); }

/* The digit that rule d computes over text. */
static int rule_digit(const char *text, int w, const struct digit_rule *d)
{
  char buf[80];
  size_t n = 0;
  for (size_t k = 0; k < 4 && d->r[k].line; k++)
    for (int c = d->r[k].from; c <= d->r[k].to; c++)
      buf[n++] = text[off(w, d->r[k].line, c)];
  return ref_digit(buf, n);
}

/* Re-compute every check digit of a (mutated) MRZ in place, composite
 * last, so a test can break one field and nothing else. */
static void resign(char *text, const char *fmt)
{
  const struct format_rules *fr = rules_for(fmt);
  for (size_t i = 0; i < VET_COUNTOF(fr->d) && fr->d[i].what; i++) {
    const struct digit_rule *d = &fr->d[i];
    int v = rule_digit(text, fr->width, d);
    char *at = &text[off(fr->width, d->line, d->at)];
    if (!strcmp(d->what, "optional_data") && *at == '<' && v == 0)
      continue; /* an empty personal number keeps its '<' */
    assert_true(v >= 0);
    *at = (char)('0' + v);
  }
}

/* Re-compute the composite digit only (when the format has one). */
static void fix_composite(char *text, const char *fmt)
{
  const struct format_rules *fr = rules_for(fmt);
  for (size_t i = 0; i < VET_COUNTOF(fr->d) && fr->d[i].what; i++)
    if (!strcmp(fr->d[i].what, "composite"))
      text[off(fr->width, fr->d[i].line, fr->d[i].at)] = (char)('0' + rule_digit(text, fr->width, &fr->d[i]));
}

static void test_specimen_digits(void **state)
{
  (void)state;
  static const struct {
    const char *text, *fmt;
  } cases[] = {{TD3, "TD3"}, {TD1, "TD1"}, {TD2, "TD2"}, {MRVA, "MRV-A"}, {MRVB, "MRV-B"}, {DEU, "TD3"}, {NLD, "TD3"}};
  for (size_t i = 0; i < VET_COUNTOF(cases); i++) {
    const struct format_rules *fr = rules_for(cases[i].fmt);
    for (size_t k = 0; k < VET_COUNTOF(fr->d) && fr->d[k].what; k++) {
      const struct digit_rule *d = &fr->d[k];
      char printed = cases[i].text[off(fr->width, d->line, d->at)];
      int want = rule_digit(cases[i].text, fr->width, d);
      if (printed == '<' && !strcmp(d->what, "optional_data"))
        printed = '0'; /* '<' stands for the digit of an empty field */
      if (printed != '0' + want)
        fail_msg("%s %s: printed '%c', computed %d", cases[i].fmt, d->what, printed, want);
    }
  }
  /* the long numbers: the digit after the continuation covers the whole number */
  assert_int_equal(ref_digit("D23145890734", 12), 9);
  assert_int_equal(TD1_LONG[18], '9');
  assert_int_equal(TD2_LONG[37 + 31], '9');
}

static void test_check_digit(void **state)
{
  (void)state;
  static const char *const fields[] = {
      "L898902C3", "740812", "120415", "ZE184226B<<<<<", "D23145890", "D23145890734", "C01X00T47", "<<<<<<",
      "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", "L898902C<",
  };
  for (size_t i = 0; i < VET_COUNTOF(fields); i++) {
    int want = ref_digit(fields[i], strlen(fields[i]));
    assert_int_equal(vet_mrz_check_digit(vet_str_c(fields[i])), want);
  }
  assert_int_equal(vet_mrz_check_digit(VET_LIT("L898902C3")), 6);
  assert_int_equal(vet_mrz_check_digit(VET_LIT("")), 0);
  assert_int_equal(vet_mrz_check_digit(VET_LIT("l898902c3")), -1); /* lower case */
  assert_int_equal(vet_mrz_check_digit(VET_LIT("AB CD")), -1);
  assert_int_equal(vet_mrz_check_digit(VET_LIT("AB?")), -1);
  assert_int_equal(vet_mrz_check_digit((vet_str){"A\0B", 3}), -1);
}

/* ---- parsing ---- */

static bool has_issue(const struct vet_mrz *m, const char *code)
{
  for (uint32_t i = 0; i < m->n_issues; i++)
    if (!strcmp(m->issues[i].code, code))
      return true;
  return false;
}

static const char *issue_msg(const struct vet_mrz *m, const char *code)
{
  for (uint32_t i = 0; i < m->n_issues; i++)
    if (!strcmp(m->issues[i].code, code))
      return m->issues[i].msg;
  return "";
}

static void parse_ok(const char *text, struct vet_mrz *m)
{
  struct vet_error e = {0};
  vet_err rc = vet_mrz_parse(vet_str_c(text), &TODAY, m, &e);
  if (rc != VET_OK)
    fail_msg("'%s': rc %d (%s)", text, rc, e.msg);
}

static void expect_date(const char *what, struct vet_date d, int y, int mo, int da)
{
  if (d.year != y || d.month != mo || d.day != da)
    fail_msg("%s: got %d-%d-%d, want %d-%d-%d", what, d.year, d.month, d.day, y, mo, da);
}

static void test_specimens(void **state)
{
  (void)state;
  typedef enum vet_mrz_check C;
#define NA VET_MRZ_CHECK_NA
#define OK VET_MRZ_CHECK_OK
  static const struct {
    const char *text;
    enum vet_mrz_format fmt;
    const char *code, *state, *surname, *given, *number, *nat, *opt, *opt2;
    int by, bm, bd, ey, em, ed;
    char sex;
    C c_opt, c_comp;
  } cases[] = {
      {TD3, VET_MRZ_TD3, "P", "UTO", "ERIKSSON", "ANNA MARIA", "L898902C3", "UTO", "ZE184226B", "", 1974, 8, 12,
       2012, 4, 15, 'F', OK, OK},
      {TD1, VET_MRZ_TD1, "I", "UTO", "ERIKSSON", "ANNA MARIA", "D23145890", "UTO", "", "", 1974, 8, 12, 2012, 4,
       15, 'F', NA, OK},
      {TD2, VET_MRZ_TD2, "I", "UTO", "ERIKSSON", "ANNA MARIA", "D23145890", "UTO", "", "", 1974, 8, 12, 2012, 4,
       15, 'F', NA, OK},
      {MRVA, VET_MRZ_MRVA, "V", "UTO", "ERIKSSON", "ANNA MARIA", "L8988901C", "XXX", "6ZE184226B", "", 1940, 9, 7,
       2096, 12, 10, 'F', NA, NA},
      {MRVB, VET_MRZ_MRVB, "V", "UTO", "ERIKSSON", "ANNA MARIA", "L8988901C", "XXX", "", "", 1940, 9, 7, 2096, 12,
       10, 'F', NA, NA},
      {TD1_LONG, VET_MRZ_TD1, "I", "UTO", "STEVENSON", "PETER JOHN", "D23145890734", "UTO", "", "", 1934, 7, 12,
       2095, 7, 12, 'M', NA, OK},
      {TD2_LONG, VET_MRZ_TD2, "I", "UTO", "STEVENSON", "PETER JOHN", "D23145890734", "UTO", "", "", 1934, 7, 12,
       2095, 7, 12, 'M', NA, OK},
      {NLD, VET_MRZ_TD3, "P", "NLD", "DE BRUIJN", "WILLEKE LISELOTTE", "SPECI2014", "NLD", "999999990", "", 1965,
       3, 10, 2024, 3, 9, 'F', OK, OK},
      {DEU, VET_MRZ_TD3, "P", "D", "MUSTERMANN", "ERIKA", "C01X00T47", "D", "", "", 1964, 8, 12, 2027, 2, 28, 'F',
       NA, OK},
  };
  for (size_t i = 0; i < VET_COUNTOF(cases); i++) {
    struct vet_mrz m;
    parse_ok(cases[i].text, &m);
    if (!m.valid || m.n_issues)
      fail_msg("case %zu: not valid: %s: %s", i, m.n_issues ? m.issues[0].code : "-",
               m.n_issues ? m.issues[0].msg : "-");
    assert_int_equal(m.format, cases[i].fmt);
    assert_string_equal(m.document_code, cases[i].code);
    assert_string_equal(m.issuing_state, cases[i].state);
    assert_string_equal(m.surname, cases[i].surname);
    assert_string_equal(m.given_names, cases[i].given);
    assert_string_equal(m.document_number, cases[i].number);
    assert_string_equal(m.nationality, cases[i].nat);
    assert_string_equal(m.optional_data, cases[i].opt);
    assert_string_equal(m.optional_data2, cases[i].opt2);
    expect_date("birth", m.birth_date, cases[i].by, cases[i].bm, cases[i].bd);
    expect_date("expiry", m.expiry_date, cases[i].ey, cases[i].em, cases[i].ed);
    assert_int_equal(m.sex, cases[i].sex);
    assert_int_equal(m.check_document_number, VET_MRZ_CHECK_OK);
    assert_int_equal(m.check_birth_date, VET_MRZ_CHECK_OK);
    assert_int_equal(m.check_expiry_date, VET_MRZ_CHECK_OK);
    assert_int_equal(m.check_optional_data, cases[i].c_opt);
    assert_int_equal(m.check_composite, cases[i].c_comp);
  }
#undef NA
#undef OK
}

/* Each check digit of each specimen, bumped by one: exactly that check
 * fails, with its own code, and nothing else is reported. */
static void test_each_digit_broken(void **state)
{
  (void)state;
  static const struct {
    const char *text, *fmt;
  } cases[] = {{TD3, "TD3"}, {TD1, "TD1"}, {TD2, "TD2"}, {MRVA, "MRV-A"}, {MRVB, "MRV-B"}, {DEU, "TD3"}, {NLD, "TD3"}};
  for (size_t i = 0; i < VET_COUNTOF(cases); i++) {
    const struct format_rules *fr = rules_for(cases[i].fmt);
    for (size_t k = 0; k < VET_COUNTOF(fr->d) && fr->d[k].what; k++) {
      const struct digit_rule *d = &fr->d[k];
      char buf[128];
      snprintf(buf, sizeof buf, "%s", cases[i].text);
      char *p = &buf[off(fr->width, d->line, d->at)];
      *p = *p == '<' ? '1' : (char)('0' + (*p - '0' + 1) % 10);
      if (strcmp(d->what, "composite")) /* keep the composite right: only one failure */
        fix_composite(buf, cases[i].fmt);
      struct vet_mrz m;
      parse_ok(buf, &m);
      char code[32];
      snprintf(code, sizeof code, "check_%s", d->what);
      if (m.valid || m.n_issues != 1 || strcmp(m.issues[0].code, code))
        fail_msg("%s, %s broken: valid %d, %u issues, first '%s'", cases[i].fmt, d->what, m.valid, m.n_issues,
                 m.n_issues ? m.issues[0].code : "-");
      enum vet_mrz_check got = !strcmp(d->what, "document_number") ? m.check_document_number
                               : !strcmp(d->what, "birth_date")    ? m.check_birth_date
                               : !strcmp(d->what, "expiry_date")   ? m.check_expiry_date
                               : !strcmp(d->what, "optional_data") ? m.check_optional_data
                                                                   : m.check_composite;
      assert_int_equal(got, VET_MRZ_CHECK_FAIL);
      assert_non_null(strstr(m.issues[0].msg, "computed"));
    }
  }
}

/* A change to a field, its digits re-computed, and the one issue expected. */
struct mutation {
  const char *base, *fmt;
  int line, col; /* 1-based; the replacement starts here */
  const char *with;
  const char *code; /* the only issue expected; NULL: still valid */
};

static void apply(char *buf, size_t cap, const struct mutation *mu)
{
  snprintf(buf, cap, "%s", mu->base);
  const struct format_rules *fr = rules_for(mu->fmt);
  memcpy(buf + off(fr->width, mu->line, mu->col), mu->with, strlen(mu->with));
  resign(buf, mu->fmt);
}

static void test_fields(void **state)
{
  (void)state;
  static const struct mutation cases[] = {
      {TD3, "TD3", 2, 14, "740231", "bad_birth_date"},   /* 31 Feb */
      {TD3, "TD3", 2, 14, "741301", "bad_birth_date"},   /* month 13 */
      {TD3, "TD3", 2, 14, "740800", "bad_birth_date"},   /* day 0 */
      {TD3, "TD3", 2, 14, "74<812", "bad_birth_date"},   /* filler in the middle */
      {TD3, "TD3", 2, 14, "<<0812", "bad_birth_date"},   /* year unknown, month known */
      {TD3, "TD3", 2, 14, "7408<<", NULL},               /* day unknown */
      {TD3, "TD3", 2, 14, "74<<<<", NULL},               /* month and day unknown */
      {TD3, "TD3", 2, 14, "<<<<<<", NULL},               /* wholly unknown */
      {TD3, "TD3", 2, 22, "120431", "bad_expiry_date"},  /* 31 Apr */
      {TD3, "TD3", 2, 22, "<<<<<<", "bad_expiry_date"},  /* an expiry must be known */
      {TD3, "TD3", 2, 22, "1204<<", "bad_expiry_date"},
      {TD3, "TD3", 2, 21, "Q", "bad_sex"},
      {TD3, "TD3", 2, 21, "<", NULL},                    /* unspecified: X */
      {TD3, "TD3", 2, 21, "M", NULL},
      {TD3, "TD3", 1, 3, "U1O", "bad_country"},
      {TD3, "TD3", 1, 3, "UT<", "bad_country"},
      {TD3, "TD3", 1, 3, "<<<", "bad_country"},
      {TD3, "TD3", 1, 3, "X<<", "bad_country"},          /* only Germany has a one-letter code */
      {TD3, "TD3", 1, 3, "D<<", NULL},
      {TD3, "TD3", 2, 11, "U<O", "bad_country"},         /* nationality */
      {TD3, "TD3", 2, 11, "D<<", NULL},
      {TD3, "TD3", 1, 1, "I<", "bad_document_code"},
      {TD3, "TD3", 1, 1, "PO", NULL},                    /* second letter free */
      {TD3, "TD3", 1, 1, "P1", "bad_document_code"},
      {TD1, "TD1", 1, 1, "IV", "bad_document_code"},     /* V is not allowed second */
      {TD1, "TD1", 1, 1, "P<", "bad_document_code"},
      {TD1, "TD1", 1, 1, "AC", NULL},                    /* crew member certificate */
      {TD1, "TD1", 1, 1, "ID", NULL},
      {TD2, "TD2", 1, 1, "C<", NULL},
      {TD3, "TD3", 1, 6, "<<<<<<<<<<", "empty_name"},
      {TD3, "TD3", 1, 6, "ERIKSS0N", "bad_name"},        /* OCR: zero for O, not corrected */
      {TD3, "TD3", 2, 1, "<<<<<<<<<", "bad_document_number"},
      {TD3, "TD3", 2, 29, "<<<<<<<<<<<<<<<", NULL},      /* empty personal number, '<' digit */
  };
  for (size_t i = 0; i < VET_COUNTOF(cases); i++) {
    char buf[128];
    apply(buf, sizeof buf, &cases[i]);
    struct vet_mrz m;
    parse_ok(buf, &m);
    if (!cases[i].code) {
      if (!m.valid)
        fail_msg("case %zu '%s': want valid, got %s: %s", i, buf, m.issues[0].code, m.issues[0].msg);
      continue;
    }
    if (m.valid || m.n_issues != 1 || strcmp(m.issues[0].code, cases[i].code))
      fail_msg("case %zu '%s': want only %s, got %u issues, first %s: %s", i, buf, cases[i].code, m.n_issues,
               m.n_issues ? m.issues[0].code : "-", m.n_issues ? m.issues[0].msg : "-");
  }
}

static void test_field_values(void **state)
{
  (void)state;
  char buf[128];
  struct vet_mrz m;
  /* partial birth dates keep what is known */
  apply(buf, sizeof buf, &(struct mutation){TD3, "TD3", 2, 14, "7408<<", NULL});
  parse_ok(buf, &m);
  expect_date("day unknown", m.birth_date, 1974, 8, 0);
  apply(buf, sizeof buf, &(struct mutation){TD3, "TD3", 2, 14, "<<<<<<", NULL});
  parse_ok(buf, &m);
  expect_date("unknown", m.birth_date, 0, 0, 0);
  apply(buf, sizeof buf, &(struct mutation){TD3, "TD3", 2, 14, "740231", NULL});
  parse_ok(buf, &m);
  expect_date("31 Feb", m.birth_date, 0, 0, 0);
  assert_string_equal(issue_msg(&m, "bad_birth_date"), "birth date '740231' is not a date");
  /* sex */
  apply(buf, sizeof buf, &(struct mutation){TD3, "TD3", 2, 21, "<", NULL});
  parse_ok(buf, &m);
  assert_int_equal(m.sex, 'X');
  apply(buf, sizeof buf, &(struct mutation){TD3, "TD3", 2, 21, "Q", NULL});
  parse_ok(buf, &m);
  assert_int_equal(m.sex, 0);
  assert_string_equal(issue_msg(&m, "bad_sex"), "sex 'Q' is not M, F or <");
  /* names: one component, several given names, no given names */
  apply(buf, sizeof buf, &(struct mutation){TD3, "TD3", 1, 6, "ERIKSSON<<<<<<<<<<<<", NULL});
  parse_ok(buf, &m);
  assert_string_equal(m.surname, "ERIKSSON");
  assert_string_equal(m.given_names, "");
  assert_true(m.valid);
  apply(buf, sizeof buf, &(struct mutation){TD3, "TD3", 1, 6, "VAN<DER<BERG<<JAN<PIET<KLAAS", NULL});
  parse_ok(buf, &m);
  assert_string_equal(m.surname, "VAN DER BERG");
  assert_string_equal(m.given_names, "JAN PIET KLAAS");
  apply(buf, sizeof buf, &(struct mutation){TD3, "TD3", 1, 6, "ERIKSS0N", NULL});
  parse_ok(buf, &m);
  assert_string_equal(m.surname, "ERIKSS0N"); /* reported, not corrected */
  assert_string_equal(issue_msg(&m, "bad_name"), "name: digit '0' at line 1, position 12");
  /* a personal number with a '<' digit fails; an empty one with '0' is fine */
  snprintf(buf, sizeof buf, "%s", TD3);
  buf[45 + 42] = '<';
  fix_composite(buf, "TD3");
  parse_ok(buf, &m);
  assert_int_equal(m.check_optional_data, VET_MRZ_CHECK_FAIL);
  apply(buf, sizeof buf, &(struct mutation){TD3, "TD3", 2, 29, "<<<<<<<<<<<<<<0", NULL});
  parse_ok(buf, &m);
  assert_int_equal(m.check_optional_data, VET_MRZ_CHECK_OK);
  apply(buf, sizeof buf, &(struct mutation){TD3, "TD3", 2, 29, "<<<<<<<<<<<<<<<", NULL});
  parse_ok(buf, &m);
  assert_int_equal(m.check_optional_data, VET_MRZ_CHECK_NA);
  assert_true(m.valid);
  /* TD1 optional data on both lines */
  apply(buf, sizeof buf, &(struct mutation){TD1, "TD1", 1, 16, "AB12<CD", NULL});
  memcpy(buf + off(30, 2, 19), "XYZ99", 5);
  resign(buf, "TD1");
  parse_ok(buf, &m);
  assert_true(m.valid);
  assert_string_equal(m.optional_data, "AB12<CD");
  assert_string_equal(m.optional_data2, "XYZ99");
}

/* OCR confusions stay what they are: each is a failure, none is guessed. */
static void test_ocr_confusions(void **state)
{
  (void)state;
  static const struct {
    const char *text;
    const char *codes[3];
  } cases[] = {
      /* composite '0' read as 'O' */
      {"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<|L898902C36UTO7408122F1204159ZE184226B<<<<<1O",
       {"check_composite"}},
      /* birth date 'O' for '0' in the date: not a date, and the digits disagree */
      {"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<|L898902C36UTO74O8122F1204159ZE184226B<<<<<10",
       {"bad_birth_date", "check_birth_date", "check_composite"}},
      /* passport number 'B' for '8' */
      {"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<|L89B902C36UTO7408122F1204159ZE184226B<<<<<10",
       {"check_document_number", "check_composite"}},
      /* 'S' for '5' in the expiry date */
      {"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<|L898902C36UTO7408122F12041S9ZE184226B<<<<<10",
       {"bad_expiry_date", "check_expiry_date", "check_composite"}},
      /* a TD1 birth date digit 'Z' for '2' */
      {"I<UTOD231458907<<<<<<<<<<<<<<<|740812ZF1204159UTO<<<<<<<<<<<6|ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
       {"check_birth_date", "check_composite"}},
  };
  for (size_t i = 0; i < VET_COUNTOF(cases); i++) {
    struct vet_mrz m;
    parse_ok(cases[i].text, &m);
    assert_false(m.valid);
    size_t want = 0;
    for (size_t k = 0; k < 3 && cases[i].codes[k]; k++, want++)
      if (!has_issue(&m, cases[i].codes[k]))
        fail_msg("case %zu: no %s (first: %s: %s)", i, cases[i].codes[k], m.n_issues ? m.issues[0].code : "-",
                 m.n_issues ? m.issues[0].msg : "-");
    assert_int_equal(m.n_issues, want);
  }
  struct vet_mrz m;
  parse_ok(cases[0].text, &m);
  assert_string_equal(m.issues[0].msg, "composite check digit 'O' is not a digit, computed '0'");
  assert_string_equal(m.document_number, "L898902C3");
}

static void test_long_document_numbers(void **state)
{
  (void)state;
  struct vet_mrz m;
  /* the continuation followed by more optional data */
  parse_ok("I<UTOD23145890<7349<AB<<<<<<<<|3407127M9507122UTO<<<<<<<<<<<5|STEVENSON<<PETER<JOHN<<<<<<<<<", &m);
  assert_string_equal(m.document_number, "D23145890734");
  assert_string_equal(m.optional_data, "AB");
  assert_int_equal(m.check_document_number, VET_MRZ_CHECK_OK);
  /* the digit after the continuation wrong */
  parse_ok("I<UTOD23145890<7341<<<<<<<<<<<|3407127M9507122UTO<<<<<<<<<<<8|STEVENSON<<PETER<JOHN<<<<<<<<<", &m);
  assert_int_equal(m.check_document_number, VET_MRZ_CHECK_FAIL);
  assert_string_equal(issue_msg(&m, "check_document_number"), "document number check digit is '1', computed '9'");
  /* '<' for the digit and no continuation */
  parse_ok("I<UTOD23145890<<<<<<<<<<<<<<<<|3407127M9507122UTO<<<<<<<<<<<3|STEVENSON<<PETER<JOHN<<<<<<<<<", &m);
  assert_true(has_issue(&m, "bad_document_number"));
  assert_int_equal(m.check_document_number, VET_MRZ_CHECK_FAIL);
  assert_false(m.valid);
  /* TD3 has no long numbers: '<' is just a wrong digit */
  parse_ok("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<|L898902C3<UTO7408122F1204159ZE184226B<<<<<18", &m);
  assert_int_equal(m.check_document_number, VET_MRZ_CHECK_FAIL);
  assert_string_equal(m.document_number, "L898902C3");
  /* a short number ends in fillers: its '<' digit is no continuation */
  parse_ok("I<UTOD2314589<<<<<<<<<<<<<<<<<|7408122F1204159UTO<<<<<<<<<<<7|ERIKSSON<<ANNA<MARIA<<<<<<<<<<", &m);
  assert_int_equal(m.check_document_number, VET_MRZ_CHECK_FAIL);
  assert_string_equal(m.document_number, "D2314589");
}

static void test_input_forms(void **state)
{
  (void)state;
  static const char *const cases[] = {
      TD3,
      "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10",
      "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\r\nL898902C36UTO7408122F1204159ZE184226B<<<<<10\r\n",
      "  P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<< | L898902C36UTO7408122F1204159ZE184226B<<<<<10  ",
      "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<L898902C36UTO7408122F1204159ZE184226B<<<<<10", /* run together */
      "\nP<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n\nL898902C36UTO7408122F1204159ZE184226B<<<<<10\n\n",
  };
  for (size_t i = 0; i < VET_COUNTOF(cases); i++) {
    struct vet_mrz m;
    parse_ok(cases[i], &m);
    if (!m.valid)
      fail_msg("case %zu: %s: %s", i, m.n_issues ? m.issues[0].code : "-", m.n_issues ? m.issues[0].msg : "-");
    assert_string_equal(m.document_number, "L898902C3");
  }
  /* TD1 and TD2 run together */
  struct vet_mrz m;
  parse_ok("I<UTOD231458907<<<<<<<<<<<<<<<7408122F1204159UTO<<<<<<<<<<<6ERIKSSON<<ANNA<MARIA<<<<<<<<<<", &m);
  assert_true(m.valid);
  assert_int_equal(m.format, VET_MRZ_TD1);
  parse_ok("I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<D231458907UTO7408122F1204159<<<<<<<6", &m);
  assert_true(m.valid);
  assert_int_equal(m.format, VET_MRZ_TD2);
  /* lower case: read, upper-cased, reported */
  parse_ok("p<utoeriksson<<anna<maria<<<<<<<<<<<<<<<<<<<|l898902c36uto7408122f1204159ze184226b<<<<<10", &m);
  assert_false(m.valid);
  assert_int_equal(m.n_issues, 1);
  assert_string_equal(m.issues[0].code, "lowercase");
  assert_string_equal(m.surname, "ERIKSSON");
  assert_int_equal(m.check_composite, VET_MRZ_CHECK_OK);
  /* a character outside the MRZ alphabet */
  parse_ok("P<UTOERIKSSON<<ANNA#MARIA<<<<<<<<<<<<<<<<<<<|L898902C36UTO7408122F1204159ZE184226B<<<<<10", &m);
  assert_false(m.valid);
  assert_string_equal(m.issues[0].code, "bad_character");
  assert_string_equal(m.issues[0].msg, "line 1, position 20: character '#' is not allowed (1 in all)");
  assert_string_equal(m.given_names, "ANNA?MARIA");
  /* a non-ASCII byte in a digit */
  parse_ok("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<|L898902C3\xffUTO7408122F1204159ZE184226B<<<<<10", &m);
  assert_string_equal(m.issues[0].msg, "line 2, position 10: byte 0xff is not allowed (1 in all)");
  assert_int_equal(m.check_document_number, VET_MRZ_CHECK_FAIL);
}

static void test_not_an_mrz(void **state)
{
  (void)state;
  static const struct {
    const char *text;
    vet_err rc;
    const char *code, *msg;
  } cases[] = {
      {"", VET_EPARSE, "empty", "mrz: empty input"},
      {"  \r\n |  ", VET_EPARSE, "line_count", "mrz: expected 2 lines of 44 or 36 or 3 lines of 30 characters, got 0 lines"},
      {"hello world", VET_EPARSE, "line_count",
       "mrz: expected 2 lines of 44 or 36 or 3 lines of 30 characters, got 1 line of 11"},
      {"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<|L898902C36UTO7408122F1204159ZE184226B<<<<<10", VET_EPARSE,
       "line_length", "mrz: expected 2 lines of 44 or 36 or 3 lines of 30 characters, got 2 lines of 43 and 44"},
      {"I<UTOD231458907<<<<<<<<<<<<<<<|7408122F1204159UTO<<<<<<<<<<<6|ERIKSSON<<ANNA<MARIA<<<<<<<<<", VET_EPARSE,
       "line_length", "mrz: expected 2 lines of 44 or 36 or 3 lines of 30 characters, got 3 lines of 30, 30 and 29"},
      {"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", VET_EPARSE, "line_count",
       "mrz: expected 2 lines of 44 or 36 or 3 lines of 30 characters, got 1 line of 44"},
      {"I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<|L898902C36UTO7408122F1204159ZE184226B<<<<<10", VET_EPARSE,
       "line_length", "mrz: expected 2 lines of 44 or 36 or 3 lines of 30 characters, got 2 lines of 36 and 44"},
      {"a|b|c|d|e|f|g|h|i|j", VET_EPARSE, "line_count",
       "mrz: expected 2 lines of 44 or 36 or 3 lines of 30 characters, got 10 lines"},
  };
  for (size_t i = 0; i < VET_COUNTOF(cases); i++) {
    struct vet_mrz m;
    struct vet_error e = {0};
    vet_err rc = vet_mrz_parse(vet_str_c(cases[i].text), &TODAY, &m, &e);
    assert_int_equal(rc, cases[i].rc);
    assert_string_equal(e.msg, cases[i].msg);
    assert_int_equal(m.format, VET_MRZ_NONE);
    assert_false(m.valid);
    assert_int_equal(m.n_issues, 1);
    assert_string_equal(m.issues[0].code, cases[i].code);
  }
  /* 1000 fillers: over the cap */
  char big[1001];
  memset(big, '<', 1000);
  big[1000] = 0;
  struct vet_mrz m;
  struct vet_error e = {0};
  assert_int_equal(vet_mrz_parse(vet_str_c(big), &TODAY, &m, &e), VET_ELIMIT);
  assert_string_equal(e.msg, "mrz: input of 1000 bytes is over the 256-byte limit");
  assert_string_equal(m.issues[0].code, "too_long");
  assert_false(m.valid);
  /* exactly at the cap is read (and is no MRZ) */
  big[VET_MRZ_MAX_INPUT] = 0;
  assert_int_equal(vet_mrz_parse(vet_str_c(big), &TODAY, &m, NULL), VET_EPARSE);
  /* NULL output is a caller bug; a NULL error is fine */
  assert_int_equal(vet_mrz_parse(VET_LIT(TD3), &TODAY, NULL, &e), VET_EINVAL);
  assert_int_equal(vet_mrz_parse(VET_STR_NULL, NULL, &m, NULL), VET_EPARSE);
}

/* Birth years: 20YY unless that is after today; expiry years: 20YY. */
static void test_two_digit_years(void **state)
{
  (void)state;
  static const struct {
    struct vet_date today;
    const char *birth, *expiry;
    int by, bm, bd, ey; /* by 0: bad_birth_date */
  } cases[] = {
      {{.year = 2024, .month = 6, .day = 1}, "240531", "300101", 2024, 5, 31, 2030},
      {{.year = 2024, .month = 6, .day = 1}, "240601", "300101", 2024, 6, 1, 2030}, /* today itself */
      {{.year = 2024, .month = 6, .day = 1}, "240602", "300101", 1924, 6, 2, 2030}, /* tomorrow: a century ago */
      {{.year = 2024, .month = 6, .day = 1}, "250101", "991231", 1925, 1, 1, 2099},
      {{.year = 2024, .month = 6, .day = 1}, "991231", "000101", 1999, 12, 31, 2000},
      {{.year = 2024, .month = 6, .day = 1}, "000229", "120415", 2000, 2, 29, 2012}, /* 2000 is a leap year */
      {{.year = 1999, .month = 12, .day = 31}, "000229", "120415", 0, 0, 0, 2012},   /* 1900 is not */
      {{.year = 1999, .month = 12, .day = 31}, "991231", "120415", 1999, 12, 31, 2012},
      {{.year = 2024, .month = 6, .day = 1}, "2406<<", "300101", 2024, 6, 0, 2030},
      {{.year = 2024, .month = 6, .day = 1}, "2407<<", "300101", 1924, 7, 0, 2030},
      {{.year = 2024, .month = 6, .day = 1}, "24<<<<", "300101", 2024, 0, 0, 2030},
      {{.year = 2024, .month = 6, .day = 1}, "25<<<<", "300101", 1925, 0, 0, 2030},
      {{.year = 2050, .month = 1, .day = 1}, "450101", "450101", 2045, 1, 1, 2045},
  };
  for (size_t i = 0; i < VET_COUNTOF(cases); i++) {
    char buf[128];
    snprintf(buf, sizeof buf, "%s", TD3);
    memcpy(buf + off(44, 2, 14), cases[i].birth, 6);
    memcpy(buf + off(44, 2, 22), cases[i].expiry, 6);
    resign(buf, "TD3");
    struct vet_mrz m;
    assert_int_equal(vet_mrz_parse(vet_str_c(buf), &cases[i].today, &m, NULL), VET_OK);
    expect_date(cases[i].birth, m.birth_date, cases[i].by, cases[i].bm, cases[i].bd);
    assert_int_equal(m.expiry_date.year, cases[i].ey);
    assert_int_equal(m.valid, cases[i].by != 0);
    assert_int_equal(has_issue(&m, "bad_birth_date"), cases[i].by == 0);
  }
  /* no today: the current date; 1974 is in the past either way */
  struct vet_mrz m;
  assert_int_equal(vet_mrz_parse(VET_LIT(TD3), NULL, &m, NULL), VET_OK);
  assert_int_equal(m.birth_date.year, 1974);
  struct vet_date zero = {0};
  assert_int_equal(vet_mrz_parse(VET_LIT(TD3), &zero, &m, NULL), VET_OK);
  assert_int_equal(m.birth_date.year, 1974);
}

static void test_issue_cap(void **state)
{
  (void)state;
  /* everything wrong at once: each problem reported once, in MRZ order */
  static const char *const want[] = {
      "lowercase",         "bad_character",     "bad_document_code", "bad_country",      "empty_name",
      "bad_name",          "bad_document_number", "check_document_number", "bad_country", "bad_birth_date",
      "check_birth_date",  "bad_sex",           "bad_expiry_date",   "check_expiry_date", "check_optional_data",
      "check_composite",
  };
  struct vet_mrz m;
  parse_ok("x1U1O<<00000000#<<<<<<<<<<<<<<<<<<<<<<<<<<<<|<<<<<<<<<X123131313X9999999X99999999999999XX", &m);
  assert_false(m.valid);
  assert_int_equal(VET_COUNTOF(want), VET_MRZ_MAX_ISSUES);
  assert_int_equal(m.n_issues, VET_COUNTOF(want));
  for (uint32_t i = 0; i < m.n_issues; i++) {
    assert_string_equal(m.issues[i].code, want[i]);
    assert_true(strlen(m.issues[i].msg) > 0 && strlen(m.issues[i].msg) < sizeof m.issues[i].msg);
  }
  assert_string_equal(m.issues[3].msg, "issuing state 'U1O' is not a country code");
  assert_string_equal(m.issues[8].msg, "nationality '123' is not a country code");
  assert_string_equal(m.issues[7].msg, "document number check digit 'X' is not a digit, computed '0'");
}

static void test_names(void **state)
{
  (void)state;
  assert_string_equal(vet_mrz_format_name(VET_MRZ_TD1), "TD1");
  assert_string_equal(vet_mrz_format_name(VET_MRZ_TD2), "TD2");
  assert_string_equal(vet_mrz_format_name(VET_MRZ_TD3), "TD3");
  assert_string_equal(vet_mrz_format_name(VET_MRZ_MRVA), "MRV-A");
  assert_string_equal(vet_mrz_format_name(VET_MRZ_MRVB), "MRV-B");
  assert_null(vet_mrz_format_name(VET_MRZ_NONE));
  assert_null(vet_mrz_format_name((enum vet_mrz_format)99));
  assert_string_equal(vet_mrz_check_name(VET_MRZ_CHECK_OK), "ok");
  assert_string_equal(vet_mrz_check_name(VET_MRZ_CHECK_FAIL), "fail");
  assert_string_equal(vet_mrz_check_name(VET_MRZ_CHECK_NA), "n/a");
}

/* ---- JSON ---- */

static void expect_json(const struct vet_mrz *m, const char *want)
{
  json_t *j = vet_mrz_json(m);
  assert_non_null(j);
  char *s = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
  assert_non_null(s);
  assert_string_equal(s, want);
  free(s);
  json_decref(j);
}

static void test_json(void **state)
{
  (void)state;
  struct vet_mrz m;
  parse_ok(TD3, &m);
  expect_json(&m, "{\"valid\":true,\"format\":\"TD3\",\"document_code\":\"P\",\"issuing_state\":\"UTO\","
                  "\"surname\":\"ERIKSSON\",\"given_names\":\"ANNA MARIA\",\"document_number\":\"L898902C3\","
                  "\"nationality\":\"UTO\",\"birth_date\":\"1974-08-12\",\"sex\":\"F\",\"expiry_date\":\"2012-04-15\","
                  "\"optional_data\":\"ZE184226B\",\"optional_data2\":null,"
                  "\"checks\":{\"document_number\":\"ok\",\"birth_date\":\"ok\",\"expiry_date\":\"ok\","
                  "\"optional_data\":\"ok\",\"composite\":\"ok\"},\"errors\":[]}");
  parse_ok(TD1, &m);
  expect_json(&m, "{\"valid\":true,\"format\":\"TD1\",\"document_code\":\"I\",\"issuing_state\":\"UTO\","
                  "\"surname\":\"ERIKSSON\",\"given_names\":\"ANNA MARIA\",\"document_number\":\"D23145890\","
                  "\"nationality\":\"UTO\",\"birth_date\":\"1974-08-12\",\"sex\":\"F\",\"expiry_date\":\"2012-04-15\","
                  "\"optional_data\":\"\",\"optional_data2\":\"\","
                  "\"checks\":{\"document_number\":\"ok\",\"birth_date\":\"ok\",\"expiry_date\":\"ok\","
                  "\"optional_data\":\"n/a\",\"composite\":\"ok\"},\"errors\":[]}");
  /* a broken one: partial birth date, bad sex, one failed digit */
  char buf[128];
  apply(buf, sizeof buf, &(struct mutation){MRVB, "MRV-B", 2, 14, "4009<<", NULL});
  buf[37 + 20] = 'Q';
  buf[37 + 9] = '5';
  parse_ok(buf, &m);
  expect_json(&m, "{\"valid\":false,\"format\":\"MRV-B\",\"document_code\":\"V\",\"issuing_state\":\"UTO\","
                  "\"surname\":\"ERIKSSON\",\"given_names\":\"ANNA MARIA\",\"document_number\":\"L8988901C\","
                  "\"nationality\":\"XXX\",\"birth_date\":\"1940-09\",\"sex\":null,\"expiry_date\":\"2096-12-10\","
                  "\"optional_data\":\"\",\"optional_data2\":null,"
                  "\"checks\":{\"document_number\":\"fail\",\"birth_date\":\"ok\",\"expiry_date\":\"ok\","
                  "\"optional_data\":\"n/a\",\"composite\":\"n/a\"},"
                  "\"errors\":[{\"code\":\"check_document_number\",\"message\":\"document number check digit is "
                  "'5', computed '4'\"},{\"code\":\"bad_sex\",\"message\":\"sex 'Q' is not M, F or <\"}]}");
  /* not an MRZ: every field null */
  (void)vet_mrz_parse(VET_LIT("hello"), &TODAY, &m, NULL);
  expect_json(&m, "{\"valid\":false,\"format\":null,\"document_code\":null,\"issuing_state\":null,"
                  "\"surname\":null,\"given_names\":null,\"document_number\":null,\"nationality\":null,"
                  "\"birth_date\":null,\"sex\":null,\"expiry_date\":null,\"optional_data\":null,"
                  "\"optional_data2\":null,\"checks\":{\"document_number\":\"n/a\",\"birth_date\":\"n/a\","
                  "\"expiry_date\":\"n/a\",\"optional_data\":\"n/a\",\"composite\":\"n/a\"},"
                  "\"errors\":[{\"code\":\"line_count\",\"message\":\"expected 2 lines of 44 or 36 or 3 lines of 30 "
                  "characters, got 1 line of 5\"}]}");
  /* bytes that are not UTF-8 never reach the JSON */
  parse_ok("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<\xc3|L898902C36UTO7408122F1204159ZE184226B<<<<<10", &m);
  json_t *j = vet_mrz_json(&m);
  assert_non_null(j);
  assert_int_equal(json_object_size(j), 15);
  json_decref(j);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_specimen_digits), cmocka_unit_test(test_check_digit),
      cmocka_unit_test(test_specimens),       cmocka_unit_test(test_each_digit_broken),
      cmocka_unit_test(test_fields),          cmocka_unit_test(test_field_values),
      cmocka_unit_test(test_ocr_confusions),  cmocka_unit_test(test_long_document_numbers),
      cmocka_unit_test(test_input_forms),     cmocka_unit_test(test_not_an_mrz),
      cmocka_unit_test(test_two_digit_years), cmocka_unit_test(test_issue_cap),
      cmocka_unit_test(test_names),           cmocka_unit_test(test_json),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
