/* test_risk.c - the risk engine (risk/risk.c) and the rule catalogue
 * (risk/rules.c): one rule's findings count once at their strongest,
 * different rules combine as 1 - prod(1 - w), the critical floor, the
 * bands at their thresholds, disabled rules, weights and strengths,
 * sorting and the JSON of a finding; every rule of the X-macro list has a
 * complete definition with a unique id that vet_rule_find returns; and
 * the settings of the checks: rule.<id>.weight / rule.<id>.enabled and
 * check.countries_* (parsing, errors, round trip through vet_config_item
 * and vetter.conf). */
#include <math.h>
#include <unistd.h>

#include "testutil.h"
#include "vetter/config.h"
#include "vetter/risk.h"
#include "vetter/rules.h"

/* A configuration where every rule has weight w and is enabled. */
static struct vet_config flat_config(double w)
{
  struct vet_config c;
  vet_config_defaults(&c);
  for (int r = 0; r < VET_RULE_COUNT; r++)
    c.risk.weight[r] = w;
  return c;
}

static void add(struct vet_findings *f, enum vet_rule r, double strength, enum vet_severity sev)
{
  tu_must(vet_findings_add(f, r, strength, sev, NULL, "rule %d at %.2f", (int)r, strength), "add");
}

/* Score of findings (rule, strength, severity) under cfg. */
struct fspec {
  enum vet_rule rule;
  double strength;
  enum vet_severity sev;
};

static struct vet_risk score_of(const struct vet_config *cfg, const struct fspec *fs, size_t n)
{
  struct vet_findings f;
  vet_findings_init(&f, &cfg->risk);
  for (size_t i = 0; i < n; i++)
    add(&f, fs[i].rule, fs[i].strength, fs[i].sev);
  struct vet_risk out;
  vet_risk_score(&f, &out);
  vet_findings_release(&f);
  return out;
}

static void expect_score(struct vet_risk got, double want, const char *what)
{
  if (fabs(got.score - want) > 1e-9)
    fail_msg("%s: score %.4f, want %.4f", what, got.score, want);
}

/* ---- combination ---- */

static void test_combination(void **state)
{
  (void)state;
  struct vet_config c;
  vet_config_defaults(&c);
  c.risk.weight[VET_RULE_PAYOUT_CRYPTO] = 0.5;
  c.risk.weight[VET_RULE_PHONE_VIRTUAL] = 0.4;
  c.risk.weight[VET_RULE_EMAIL_DISPOSABLE] = 0.2;
  const enum vet_severity M = VET_SEV_MEDIUM;
  /* nothing */
  struct vet_risk r = score_of(&c, NULL, 0);
  expect_score(r, 0, "no findings");
  assert_int_equal(r.band, VET_BAND_LOW);
  assert_int_equal(r.top, VET_SEV_INFO);
  /* one finding: its weight */
  struct fspec one[] = {{VET_RULE_PAYOUT_CRYPTO, 1, M}};
  expect_score(score_of(&c, one, 1), 50, "one finding");
  /* strength scales the weight */
  struct fspec half[] = {{VET_RULE_PAYOUT_CRYPTO, 0.5, M}};
  expect_score(score_of(&c, half, 1), 25, "strength 0.5");
  /* one rule's findings count once, at the strongest */
  struct fspec same[] = {{VET_RULE_PAYOUT_CRYPTO, 0.2, M}, {VET_RULE_PAYOUT_CRYPTO, 1, M},
                         {VET_RULE_PAYOUT_CRYPTO, 0.6, M}, {VET_RULE_PAYOUT_CRYPTO, 1, M}};
  expect_score(score_of(&c, same, VET_COUNTOF(same)), 50, "one rule four times");
  /* independent rules: 1 - (1 - 0.5)(1 - 0.4) = 0.7 */
  struct fspec two[] = {{VET_RULE_PAYOUT_CRYPTO, 1, M}, {VET_RULE_PHONE_VIRTUAL, 1, M}};
  expect_score(score_of(&c, two, 2), 70, "two rules");
  /* order does not matter */
  struct fspec two_rev[] = {{VET_RULE_PHONE_VIRTUAL, 1, M}, {VET_RULE_PAYOUT_CRYPTO, 1, M}};
  expect_score(score_of(&c, two_rev, 2), 70, "two rules reversed");
  /* three: 1 - 0.5 * 0.6 * 0.8 = 0.76; repeats of a rule change nothing */
  struct fspec three[] = {{VET_RULE_PAYOUT_CRYPTO, 1, M},  {VET_RULE_PHONE_VIRTUAL, 1, M},
                          {VET_RULE_EMAIL_DISPOSABLE, 1, M}, {VET_RULE_EMAIL_DISPOSABLE, 0.5, M},
                          {VET_RULE_PHONE_VIRTUAL, 0.1, M}};
  expect_score(score_of(&c, three, VET_COUNTOF(three)), 76, "three rules");
  /* many weak signals never pass 100 */
  struct vet_config flat = flat_config(0.9);
  struct fspec all[VET_RULE_COUNT];
  for (int i = 0; i < VET_RULE_COUNT; i++)
    all[i] = (struct fspec){(enum vet_rule)i, 1, VET_SEV_LOW};
  r = score_of(&flat, all, VET_RULE_COUNT);
  assert_true(r.score <= 100 && r.score >= 99.9);
  assert_int_equal(r.band, VET_BAND_CRITICAL);
  /* one decimal */
  c.risk.weight[VET_RULE_PAYOUT_CRYPTO] = 0.1234;
  expect_score(score_of(&c, one, 1), 12.3, "rounded to one decimal");
  c.risk.weight[VET_RULE_PAYOUT_CRYPTO] = 0.1236;
  expect_score(score_of(&c, one, 1), 12.4, "rounded up");
}

static void test_strength_and_weight(void **state)
{
  (void)state;
  struct vet_config c = flat_config(0.5);
  struct vet_findings f;
  vet_findings_init(&f, &c.risk);
  const double strengths[] = {1, 0.5, 0, 2, -1, NAN, INFINITY, -INFINITY};
  const double want[] = {0.5, 0.25, 0, 0.5, 0, 0, 0.5, 0};
  for (size_t i = 0; i < VET_COUNTOF(strengths); i++) {
    vet_findings_reset(&f);
    add(&f, VET_RULE_PAYOUT_CRYPTO, strengths[i], VET_SEV_MEDIUM);
    assert_int_equal(f.n, 1);
    if (!(f.v[0].weight == want[i]))
      fail_msg("strength %g: weight %g, want %g", strengths[i], f.v[0].weight, want[i]);
    assert_true(f.v[0].weight >= 0 && f.v[0].weight <= 1);
  }
  /* the message, severity and evidence of a finding */
  vet_findings_reset(&f);
  assert_int_equal(f.n, 0);
  json_t *ev = json_pack("{s:s}", "email", "a@mailinator.com");
  tu_must(vet_findings_add(&f, VET_RULE_EMAIL_DISPOSABLE, 1, VET_SEV_HIGH, ev, "email %s is at %s", "a@mailinator.com",
                           "mailinator.com"),
          "add");
  assert_int_equal(f.v[0].rule, VET_RULE_EMAIL_DISPOSABLE);
  assert_int_equal(f.v[0].severity, VET_SEV_HIGH); /* as given, not the default */
  assert_string_equal(f.v[0].message, "email a@mailinator.com is at mailinator.com");
  assert_ptr_equal(f.v[0].evidence, ev); /* stolen */
  /* NULL evidence is an empty object */
  add(&f, VET_RULE_PHONE_INVALID, 1, VET_SEV_LOW);
  assert_true(json_is_object(f.v[1].evidence));
  assert_int_equal(json_object_size(f.v[1].evidence), 0);
  /* a long message is truncated, NUL-terminated */
  char longtext[600];
  memset(longtext, 'x', sizeof longtext - 1);
  longtext[sizeof longtext - 1] = 0;
  tu_must(vet_findings_add(&f, VET_RULE_PHONE_INVALID, 1, VET_SEV_LOW, NULL, "%s", longtext), "long");
  assert_int_equal(strlen(f.v[2].message), sizeof f.v[2].message - 1);
  vet_findings_release(&f);
  assert_null(f.v);
  assert_int_equal(f.n, 0);
  vet_findings_release(&f); /* twice is harmless */
}

static void test_disabled_rules(void **state)
{
  (void)state;
  struct vet_config c = flat_config(0.5);
  c.risk.enabled[VET_RULE_PAYOUT_CRYPTO] = 0;
  struct vet_findings f;
  vet_findings_init(&f, &c.risk);
  assert_false(vet_rule_enabled(&f, VET_RULE_PAYOUT_CRYPTO));
  assert_true(vet_rule_enabled(&f, VET_RULE_PHONE_VIRTUAL));
  assert_false(vet_rule_enabled(&f, VET_RULE_COUNT));
  /* the evidence of a disabled rule is freed (the leak checker of the
   * sanitizer build would see it otherwise) */
  json_t *ev = json_pack("{s:s}", "big", "evidence");
  tu_must(vet_findings_add(&f, VET_RULE_PAYOUT_CRYPTO, 1, VET_SEV_CRITICAL, ev, "disabled"), "add");
  assert_int_equal(f.n, 0);
  add(&f, VET_RULE_PHONE_VIRTUAL, 1, VET_SEV_MEDIUM);
  struct vet_risk r;
  vet_risk_score(&f, &r);
  expect_score(r, 50, "disabled rule adds nothing");
  assert_int_equal(r.top, VET_SEV_MEDIUM); /* the disabled critical finding does not lift the floor */
  vet_findings_release(&f);
  /* a weight of 0 through the configuration: the finding is kept (the
   * analyst sees it) but adds nothing */
  struct vet_config z = flat_config(0.5);
  tu_must(vet_config_set(&z, "rule.email.free_provider.weight", VET_LIT("0"), NULL), "set");
  struct fspec fs[] = {{VET_RULE_EMAIL_FREE_PROVIDER, 1, VET_SEV_INFO}};
  expect_score(score_of(&z, fs, 1), 0, "weight 0");
}

static void test_critical_floor(void **state)
{
  (void)state;
  struct vet_config c = flat_config(0.1);
  /* a weak critical finding is lifted to the floor */
  struct fspec crit[] = {{VET_RULE_SANCTIONS_IDENTIFIER, 1, VET_SEV_CRITICAL}};
  struct vet_risk r = score_of(&c, crit, 1);
  expect_score(r, 90, "floor");
  assert_int_equal(r.band, VET_BAND_CRITICAL);
  assert_int_equal(r.top, VET_SEV_CRITICAL);
  /* even at strength 0 */
  struct fspec zero[] = {{VET_RULE_SANCTIONS_NAME, 0, VET_SEV_CRITICAL}};
  expect_score(score_of(&c, zero, 1), 90, "floor at strength 0");
  /* a score above the floor stays */
  struct vet_config hi = flat_config(0.95);
  r = score_of(&hi, crit, 1);
  expect_score(r, 95, "above the floor");
  /* high is not critical: no floor */
  struct fspec high[] = {{VET_RULE_SANCTIONS_NAME, 1, VET_SEV_HIGH}};
  r = score_of(&c, high, 1);
  expect_score(r, 10, "high: no floor");
  assert_int_equal(r.top, VET_SEV_HIGH);
  /* the floor is a setting */
  tu_must(vet_config_set(&c, "risk.critical_floor", VET_LIT("60"), NULL), "set");
  expect_score(score_of(&c, crit, 1), 60, "floor 60");
  assert_int_equal(score_of(&c, crit, 1).band, VET_BAND_HIGH);
  tu_must(vet_config_set(&c, "risk.critical_floor", VET_LIT("0"), NULL), "set");
  expect_score(score_of(&c, crit, 1), 10, "floor 0");
}

static void test_bands(void **state)
{
  (void)state;
  static const struct {
    double weight;
    enum vet_band band;
  } cases[] = {
      {0, VET_BAND_LOW},       {0.1, VET_BAND_LOW},         {0.249, VET_BAND_LOW},
      {0.2499, VET_BAND_MEDIUM}, /* 24.99 rounds to 25.0 */
      {0.25, VET_BAND_MEDIUM}, {0.499, VET_BAND_MEDIUM},    {0.5, VET_BAND_HIGH},
      {0.749, VET_BAND_HIGH},  {0.75, VET_BAND_CRITICAL},   {1, VET_BAND_CRITICAL},
  };
  for (size_t i = 0; i < VET_COUNTOF(cases); i++) {
    struct vet_config c = flat_config(cases[i].weight);
    struct fspec fs[] = {{VET_RULE_PAYOUT_THIRD_PARTY, 1, VET_SEV_MEDIUM}};
    struct vet_risk r = score_of(&c, fs, 1);
    if (r.band != cases[i].band)
      fail_msg("weight %g: score %.1f band %s, want %s", cases[i].weight, r.score, vet_band_name(r.band),
               vet_band_name(cases[i].band));
  }
  /* the thresholds are settings */
  struct vet_config c = flat_config(0.3);
  tu_must(vet_config_set(&c, "risk.band_medium", VET_LIT("10"), NULL), "set");
  tu_must(vet_config_set(&c, "risk.band_high", VET_LIT("30"), NULL), "set");
  tu_must(vet_config_set(&c, "risk.band_critical", VET_LIT("31"), NULL), "set");
  struct fspec fs[] = {{VET_RULE_PAYOUT_THIRD_PARTY, 1, VET_SEV_MEDIUM}};
  assert_int_equal(score_of(&c, fs, 1).band, VET_BAND_HIGH);
  assert_string_equal(vet_band_name(VET_BAND_LOW), "low");
  assert_string_equal(vet_band_name(VET_BAND_MEDIUM), "medium");
  assert_string_equal(vet_band_name(VET_BAND_HIGH), "high");
  assert_string_equal(vet_band_name(VET_BAND_CRITICAL), "critical");
  assert_string_equal(vet_band_name((enum vet_band)9), "low");
}

static void test_sorting_and_json(void **state)
{
  (void)state;
  struct vet_config c;
  vet_config_defaults(&c);
  c.risk.weight[VET_RULE_PAYOUT_CRYPTO] = 0.25;
  c.risk.weight[VET_RULE_PHONE_VIRTUAL] = 0.25;
  c.risk.weight[VET_RULE_EMAIL_DISPOSABLE] = 0.3;
  c.risk.weight[VET_RULE_DOCUMENT_EXPIRED] = 0.1;
  c.risk.weight[VET_RULE_SANCTIONS_NAME] = 0.7;
  struct vet_findings f;
  vet_findings_init(&f, &c.risk);
  add(&f, VET_RULE_DOCUMENT_EXPIRED, 1, VET_SEV_LOW);
  add(&f, VET_RULE_PHONE_VIRTUAL, 1, VET_SEV_MEDIUM);
  add(&f, VET_RULE_PAYOUT_CRYPTO, 1, VET_SEV_MEDIUM);
  add(&f, VET_RULE_EMAIL_DISPOSABLE, 1, VET_SEV_MEDIUM);
  add(&f, VET_RULE_SANCTIONS_NAME, 0.5, VET_SEV_HIGH);
  add(&f, VET_RULE_EMAIL_DISPOSABLE, 0.5, VET_SEV_MEDIUM);
  struct vet_risk r;
  vet_risk_score(&f, &r);
  assert_int_equal(r.top, VET_SEV_HIGH);
  /* severity first, then weight, then rule order */
  static const struct {
    enum vet_rule rule;
    double weight;
  } want[] = {
      {VET_RULE_SANCTIONS_NAME, 0.35},  {VET_RULE_EMAIL_DISPOSABLE, 0.3}, {VET_RULE_PHONE_VIRTUAL, 0.25},
      {VET_RULE_PAYOUT_CRYPTO, 0.25},   {VET_RULE_EMAIL_DISPOSABLE, 0.15}, {VET_RULE_DOCUMENT_EXPIRED, 0.1},
  };
  assert_int_equal(f.n, VET_COUNTOF(want));
  for (uint32_t i = 0; i < f.n; i++)
    if (f.v[i].rule != want[i].rule || fabs(f.v[i].weight - want[i].weight) > 1e-12)
      fail_msg("position %u: %s %g, want %s %g", i, vet_rule_get(f.v[i].rule)->id, f.v[i].weight,
               vet_rule_get(want[i].rule)->id, want[i].weight);
  /* the score: 1 - 0.65 * 0.7 * 0.75 * 0.75 * 0.9 */
  expect_score(r, round(1000 * (1 - 0.65 * 0.7 * 0.75 * 0.75 * 0.9)) / 10, "mixed");
  /* the JSON of a finding */
  json_t *j = vet_finding_json(&f.v[0]);
  assert_non_null(j);
  assert_int_equal(json_object_size(j), 5);
  assert_string_equal(json_string_value(json_object_get(j, "rule")), "sanctions.name");
  assert_string_equal(json_string_value(json_object_get(j, "severity")), "high");
  assert_true(json_is_real(json_object_get(j, "score_weight")));
  assert_true(fabs(json_real_value(json_object_get(j, "score_weight")) - 0.35) < 1e-9);
  assert_string_equal(json_string_value(json_object_get(j, "message")), f.v[0].message);
  assert_ptr_equal(json_object_get(j, "evidence"), f.v[0].evidence); /* shared, not stolen */
  json_decref(j);
  assert_true(json_is_object(f.v[0].evidence)); /* still ours */
  /* the weight is rounded to 4 decimals in JSON */
  c.risk.weight[VET_RULE_PHONE_INVALID] = 0.123456;
  add(&f, VET_RULE_PHONE_INVALID, 1, VET_SEV_LOW);
  j = vet_finding_json(&f.v[f.n - 1]);
  assert_true(fabs(json_real_value(json_object_get(j, "score_weight")) - 0.1235) < 1e-12);
  json_decref(j);
  vet_findings_release(&f);
  assert_string_equal(vet_severity_name(VET_SEV_INFO), "info");
  assert_string_equal(vet_severity_name(VET_SEV_LOW), "low");
  assert_string_equal(vet_severity_name(VET_SEV_MEDIUM), "medium");
  assert_string_equal(vet_severity_name(VET_SEV_HIGH), "high");
  assert_string_equal(vet_severity_name(VET_SEV_CRITICAL), "critical");
  assert_string_equal(vet_severity_name((enum vet_severity)7), "info");
}

/* ---- the catalogue ---- */

#define RULE_ROW_(name, id) {VET_RULE_##name, #name, id},
static const struct {
  enum vet_rule rule;
  const char *enum_name;
  const char *id;
} xrules[] = {VET_RULES(RULE_ROW_)};
#undef RULE_ROW_

static bool id_chars_ok(const char *id)
{
  /* "group.name": lower-case letters and '_' on both sides of one dot */
  const char *dot = strchr(id, '.');
  if (!dot || dot == id || !dot[1] || strchr(dot + 1, '.'))
    return false;
  for (const char *p = id; *p; p++)
    if (!(*p >= 'a' && *p <= 'z') && *p != '_' && *p != '.')
      return false;
  return true;
}

/* A message longer than a finding holds is cut on a character boundary:
 * cut inside a Korean syllable it would not be UTF-8, and the finding's
 * JSON would lose its message. */
static void test_long_message_utf8(void **state)
{
  (void)state;
  struct vet_config c;
  vet_config_defaults(&c);
  struct vet_findings f;
  vet_findings_init(&f, &c.risk);
  char name[400];
  size_t n = 0;
  for (; n + 3 < sizeof name - 1; n += 3)
    memcpy(name + n, "\xea\xb9\x80", 3); /* 김 */
  name[n] = 0;
  for (int shift = 0; shift < 3; shift++) { /* the cut falls on each byte of a syllable */
    vet_findings_reset(&f);
    assert_int_equal(vet_findings_add(&f, VET_RULE_PAYOUT_CRYPTO, 1, VET_SEV_MEDIUM, NULL, "%.*sholder %s",
                                      shift, "xx", name),
                     VET_OK);
    const char *m = f.v[0].message;
    assert_true(strlen(m) < sizeof f.v[0].message);
    assert_true(strlen(m) + 3 > sizeof f.v[0].message - 1); /* at most a partial syllable dropped */
    assert_true(vet_utf8_valid(vet_str_c(m), NULL));
    json_t *j = vet_finding_json(&f.v[0]);
    assert_non_null(j);
    assert_string_equal(json_string_value(json_object_get(j, "message")), m);
    json_decref(j);
  }
  vet_findings_release(&f);
  /* the clip itself */
  vet_str k = vet_str_c("a\xea\xb9\x80" "b");
  assert_int_equal(vet_utf8_clip(k, 3).len, 1);
  assert_int_equal(vet_utf8_clip(k, 4).len, 4);
  assert_int_equal(vet_utf8_clip(k, 10).len, 5);
  assert_int_equal(vet_utf8_clip(vet_str_c("\xff\xfe"), 1).len, 1);
  assert_int_equal(vet_utf8_whole(vet_str_c("ab\xea\xb9")), 2);
  assert_int_equal(vet_utf8_whole(vet_str_c("ab\xea")), 2);
  assert_int_equal(vet_utf8_whole(k), 5);
  assert_int_equal(vet_utf8_whole(vet_str_c("ab\xea\xb9\x80")), 5);
}

static void test_catalogue(void **state)
{
  (void)state;
  assert_int_equal(VET_COUNTOF(xrules), VET_RULE_COUNT);
  for (size_t i = 0; i < VET_COUNTOF(xrules); i++) {
    enum vet_rule r = xrules[i].rule;
    assert_int_equal(r, (enum vet_rule)i); /* the enum follows the list */
    const struct vet_rule_def *d = vet_rule_get(r);
    if (!d || !d->id)
      fail_msg("rule %s has no definition", xrules[i].enum_name);
    if (strcmp(d->id, xrules[i].id) != 0)
      fail_msg("rule %s: catalogue id '%s', X-macro id '%s'", xrules[i].enum_name, d->id, xrules[i].id);
    if (!id_chars_ok(d->id))
      fail_msg("rule id '%s' is not group.name in lower case", d->id);
    if (!d->title || strlen(d->title) < 10 || !d->meaning || strlen(d->meaning) < 20 || !d->needs || !d->needs[0] ||
        !d->source || !d->source[0])
      fail_msg("rule '%s': title, meaning, needs or source missing", d->id);
    if (!(d->weight >= 0 && d->weight <= 1))
      fail_msg("rule '%s': weight %g outside [0, 1]", d->id, d->weight);
    assert_true(d->severity >= VET_SEV_INFO && d->severity <= VET_SEV_CRITICAL);
    if (d->severity > VET_SEV_INFO && d->weight <= 0)
      fail_msg("rule '%s': severity %s with weight 0", d->id, vet_severity_name(d->severity));
    for (size_t k = 0; k < i; k++)
      if (!strcmp(vet_rule_get(xrules[k].rule)->id, d->id))
        fail_msg("rule id '%s' twice", d->id);
    /* vet_rule_find round trip, on a string that is not NUL-terminated */
    char buf[64];
    size_t len = strlen(d->id);
    assert_true(len + 4 < sizeof buf);
    memcpy(buf, d->id, len);
    memcpy(buf + len, ".xyz", 4);
    assert_int_equal(vet_rule_find(buf, len), r);
    assert_int_equal(vet_rule_find(buf, len + 4), VET_RULE_COUNT);
    assert_int_equal(vet_rule_find(buf, len - 1), VET_RULE_COUNT);
  }
  assert_null(vet_rule_get(VET_RULE_COUNT));
  assert_null(vet_rule_get((enum vet_rule)(VET_RULE_COUNT + 5)));
  assert_int_equal(vet_rule_find("", 0), VET_RULE_COUNT);
  assert_int_equal(vet_rule_find("sanctions", 9), VET_RULE_COUNT);
  assert_int_equal(vet_rule_find("SANCTIONS.NAME", 14), VET_RULE_COUNT); /* ids are exact */
  /* the decisive rule is critical; the information-only one weighs nothing */
  assert_int_equal(vet_rule_get(VET_RULE_SANCTIONS_IDENTIFIER)->severity, VET_SEV_CRITICAL);
  assert_true(vet_rule_get(VET_RULE_SANCTIONS_IDENTIFIER)->weight == 1.0);
  assert_int_equal(vet_rule_get(VET_RULE_EMAIL_FREE_PROVIDER)->severity, VET_SEV_INFO);
  assert_true(vet_rule_get(VET_RULE_EMAIL_FREE_PROVIDER)->weight == 0);
}

/* ---- settings ---- */

/* Field by field (memcmp would also compare padding bytes). */
static bool same_risk(const struct vet_risk_config *a, const struct vet_risk_config *b)
{
  for (int r = 0; r < VET_RULE_COUNT; r++)
    if (a->weight[r] != b->weight[r] || a->enabled[r] != b->enabled[r])
      return false;
  return a->band_medium == b->band_medium && a->band_high == b->band_high && a->band_critical == b->band_critical &&
         a->critical_floor == b->critical_floor;
}

static bool same_check(const struct vet_check_config *a, const struct vet_check_config *b)
{
#define EQ(f) (a->f == b->f)
  return EQ(sanctions_critical_score) && EQ(name_only_factor) && EQ(same_person_score) && EQ(email_name_min) &&
         EQ(expiry_grace_days) && !strcmp(a->countries_sanctioned, b->countries_sanctioned) &&
         !strcmp(a->countries_elevated, b->countries_elevated) && EQ(pair_residence_payout) &&
         EQ(pair_residence_phone) && EQ(pair_residence_address) && EQ(pair_residence_other_address) &&
         EQ(pair_nationality_document) && EQ(pair_nationality_issuer) && EQ(pair_residence_issuer) &&
         EQ(elevated_pair_boost) && EQ(family_holder_factor);
#undef EQ
}

static void test_rule_settings_defaults(void **state)
{
  (void)state;
  struct vet_config c;
  vet_config_defaults(&c);
  for (int r = 0; r < VET_RULE_COUNT; r++) {
    assert_true(c.risk.weight[r] == vet_rule_get((enum vet_rule)r)->weight);
    assert_int_equal(c.risk.enabled[r], 1);
  }
  assert_true(c.risk.band_medium < c.risk.band_high && c.risk.band_high < c.risk.band_critical);
  assert_true(c.risk.critical_floor >= c.risk.band_critical && c.risk.critical_floor <= 100);
  assert_string_equal(c.check.countries_sanctioned, "KP");
  assert_string_equal(c.check.countries_elevated, "CN,HK,MO,RU,LA,KH");
  assert_true(c.check.same_person_score > 0 && c.check.same_person_score < 1);
  assert_true(c.check.family_holder_factor > 0 && c.check.family_holder_factor < 1);
  assert_true(c.check.name_only_factor > 0 && c.check.name_only_factor < 1);
  /* every rule has both settings, enumerated once, with a doc string, and
   * every shown value is accepted back unchanged */
  bool seen_w[VET_RULE_COUNT] = {0}, seen_e[VET_RULE_COUNT] = {0};
  const char *name, *doc;
  char buf[160];
  for (size_t i = 0; vet_config_item(&c, i, &name, buf, sizeof buf, &doc); i++) {
    assert_true(doc && strlen(doc) >= 10);
    struct vet_config d = c;
    struct vet_error e;
    vet_error_clear(&e);
    if (vet_config_set(&d, name, vet_str_c(buf), &e) != VET_OK)
      fail_msg("'%s' shown as '%s' is refused: %s", name, buf, e.msg);
    if (!same_risk(&d.risk, &c.risk) || !same_check(&d.check, &c.check))
      fail_msg("'%s' shown as '%s' does not set the same value", name, buf);
    if (strncmp(name, "rule.", 5))
      continue;
    bool found = false;
    for (int r = 0; r < VET_RULE_COUNT && !found; r++) {
      char w[96], en[96];
      snprintf(w, sizeof w, "rule.%s.weight", vet_rule_get((enum vet_rule)r)->id);
      snprintf(en, sizeof en, "rule.%s.enabled", vet_rule_get((enum vet_rule)r)->id);
      if (!strcmp(name, w)) {
        assert_false(seen_w[r]);
        seen_w[r] = found = true;
      } else if (!strcmp(name, en)) {
        assert_false(seen_e[r]);
        seen_e[r] = found = true;
        assert_string_equal(buf, "true");
      }
    }
    if (!found)
      fail_msg("setting '%s' names no rule", name);
  }
  for (int r = 0; r < VET_RULE_COUNT; r++)
    if (!seen_w[r] || !seen_e[r])
      fail_msg("rule '%s' lacks a setting", vet_rule_get((enum vet_rule)r)->id);
}

/* The text vet_config_item shows for key in c; fails when absent. */
static void item_text(const struct vet_config *c, const char *key, char *buf, size_t cap)
{
  const char *name, *doc;
  for (size_t i = 0; vet_config_item(c, i, &name, buf, cap, &doc); i++)
    if (!strcmp(name, key))
      return;
  fail_msg("setting '%s' not enumerated", key);
}

static void test_rule_settings(void **state)
{
  (void)state;
  static const struct {
    const char *key, *value;
    bool ok;
    enum vet_rule rule;
    double weight;  /* want, for .weight */
    int enabled;    /* want, for .enabled */
    const char *shown;
  } cases[] = {
      {"rule.payout.crypto.weight", "0.5", true, VET_RULE_PAYOUT_CRYPTO, 0.5, 1, "0.5"},
      {"rule.payout.crypto.weight", " 0.05 ", true, VET_RULE_PAYOUT_CRYPTO, 0.05, 1, "0.05"},
      {"rule.payout.crypto.weight", "0", true, VET_RULE_PAYOUT_CRYPTO, 0, 1, "0"},
      {"rule.payout.crypto.weight", "1", true, VET_RULE_PAYOUT_CRYPTO, 1, 1, "1"},
      {"rule.sanctions.identifier.weight", "0.00001", true, VET_RULE_SANCTIONS_IDENTIFIER, 0.00001, 1, NULL},
      {"rule.payout.high_risk_country.weight", "0.9", true, VET_RULE_PAYOUT_HIGH_RISK_COUNTRY, 0.9, 1, "0.9"},
      {"rule.email.free_provider.enabled", "false", true, VET_RULE_EMAIL_FREE_PROVIDER, 0, 0, "false"},
      {"rule.email.free_provider.enabled", "0", true, VET_RULE_EMAIL_FREE_PROVIDER, 0, 0, "false"},
      {"rule.email.free_provider.enabled", "No", true, VET_RULE_EMAIL_FREE_PROVIDER, 0, 0, "false"},
      {"rule.phone.virtual.enabled", "TRUE", true, VET_RULE_PHONE_VIRTUAL, 0.25, 1, "true"},
      {"rule.phone.virtual.enabled", "yes", true, VET_RULE_PHONE_VIRTUAL, 0.25, 1, "true"},
      {"rule.phone.virtual.enabled", "1", true, VET_RULE_PHONE_VIRTUAL, 0.25, 1, "true"},
      /* refused */
      {"rule.payout.crypto.weight", "1.5", false, VET_RULE_PAYOUT_CRYPTO, 0, 0, NULL},
      {"rule.payout.crypto.weight", "-0.1", false, VET_RULE_PAYOUT_CRYPTO, 0, 0, NULL},
      {"rule.payout.crypto.weight", "abc", false, VET_RULE_PAYOUT_CRYPTO, 0, 0, NULL},
      {"rule.payout.crypto.weight", "", false, VET_RULE_PAYOUT_CRYPTO, 0, 0, NULL},
      {"rule.payout.crypto.weight", "nan", false, VET_RULE_PAYOUT_CRYPTO, 0, 0, NULL},
      {"rule.payout.crypto.weight", "true", false, VET_RULE_PAYOUT_CRYPTO, 0, 0, NULL},
      {"rule.payout.crypto.enabled", "maybe", false, VET_RULE_PAYOUT_CRYPTO, 0, 0, NULL},
      {"rule.payout.crypto.enabled", "", false, VET_RULE_PAYOUT_CRYPTO, 0, 0, NULL},
      {"rule.payout.crypto.enabled", "2", false, VET_RULE_PAYOUT_CRYPTO, 0, 0, NULL},
      {"rule.payout.crypto.enabled", "0.5", false, VET_RULE_PAYOUT_CRYPTO, 0, 0, NULL},
      {"rule.payout.crypto", "0.5", false, VET_RULE_PAYOUT_CRYPTO, 0, 0, NULL},
      {"rule.payout.crypto.weigh", "0.5", false, VET_RULE_PAYOUT_CRYPTO, 0, 0, NULL},
      {"rule.payout.bitcoin.weight", "0.5", false, VET_RULE_PAYOUT_CRYPTO, 0, 0, NULL},
      {"rule.PAYOUT.CRYPTO.weight", "0.5", false, VET_RULE_PAYOUT_CRYPTO, 0, 0, NULL},
      {"rule..weight", "0.5", false, VET_RULE_PAYOUT_CRYPTO, 0, 0, NULL},
      {"rule.", "0.5", false, VET_RULE_PAYOUT_CRYPTO, 0, 0, NULL},
      {"rules.payout.crypto.weight", "0.5", false, VET_RULE_PAYOUT_CRYPTO, 0, 0, NULL},
  };
  for (size_t i = 0; i < VET_COUNTOF(cases); i++) {
    struct vet_config c, before;
    vet_config_defaults(&c);
    before = c;
    struct vet_error e;
    vet_error_clear(&e);
    vet_err rc = vet_config_set(&c, cases[i].key, vet_str_c(cases[i].value), &e);
    if (!cases[i].ok) {
      if (rc == VET_OK)
        fail_msg("'%s' = '%s' accepted", cases[i].key, cases[i].value);
      assert_int_equal(rc, VET_EPARSE);
      if (!strstr(e.msg, cases[i].key))
        fail_msg("'%s' = '%s': message '%s' does not name the key", cases[i].key, cases[i].value, e.msg);
      if (!same_risk(&c.risk, &before.risk))
        fail_msg("'%s' = '%s': refused but changed the settings", cases[i].key, cases[i].value);
      continue;
    }
    if (rc != VET_OK)
      fail_msg("'%s' = '%s': %s", cases[i].key, cases[i].value, e.msg);
    enum vet_rule r = cases[i].rule;
    if (!(c.risk.weight[r] == cases[i].weight) || (int)c.risk.enabled[r] != cases[i].enabled)
      fail_msg("'%s' = '%s': weight %g enabled %u", cases[i].key, cases[i].value, c.risk.weight[r],
               c.risk.enabled[r]);
    /* nothing else moved */
    for (int k = 0; k < VET_RULE_COUNT; k++)
      if (k != (int)r && (c.risk.weight[k] != before.risk.weight[k] || c.risk.enabled[k] != before.risk.enabled[k]))
        fail_msg("'%s' = '%s' changed rule '%s' too", cases[i].key, cases[i].value, vet_rule_get((enum vet_rule)k)->id);
    /* shown back, and the shown text sets the same value */
    char buf[64];
    item_text(&c, cases[i].key, buf, sizeof buf);
    if (cases[i].shown && strcmp(buf, cases[i].shown))
      fail_msg("'%s' = '%s' is shown as '%s', want '%s'", cases[i].key, cases[i].value, buf, cases[i].shown);
    struct vet_config d = before;
    if (vet_config_set(&d, cases[i].key, vet_str_c(buf), &e) != VET_OK)
      fail_msg("'%s' shown as '%s' is refused: %s", cases[i].key, buf, e.msg);
    assert_true(d.risk.weight[r] == c.risk.weight[r] && d.risk.enabled[r] == c.risk.enabled[r]);
  }
  /* a weight set through the configuration is the weight of a finding */
  struct vet_config c;
  vet_config_defaults(&c);
  tu_must(vet_config_set(&c, "rule.payout.crypto.weight", VET_LIT("0.6"), NULL), "set");
  struct fspec fs[] = {{VET_RULE_PAYOUT_CRYPTO, 0.5, VET_SEV_MEDIUM}};
  expect_score(score_of(&c, fs, 1), 30, "configured weight");
  /* and a rule disabled through the configuration adds no finding */
  tu_must(vet_config_set(&c, "rule.payout.crypto.enabled", VET_LIT("false"), NULL), "set");
  expect_score(score_of(&c, fs, 1), 0, "configured off");
}

static void test_country_settings(void **state)
{
  (void)state;
  /* 21 codes fit check.countries_sanctioned (64 bytes), 22 do not */
  char fit[128] = "", over[192];
  static const char *const codes[] = {"AA", "BB", "CC", "DD", "EE", "FF", "GG", "HH", "II", "JJ", "KK",
                                      "LL", "MM", "NN", "OO", "PP", "QQ", "RR", "SS", "TT", "UU", "VV"};
  for (size_t i = 0; i < 21; i++)
    snprintf(fit + strlen(fit), sizeof fit - strlen(fit), "%s%s", i ? "," : "", codes[i]);
  snprintf(over, sizeof over, "%s,%s", fit, codes[21]);
  char huge[400];
  memset(huge, 'A', sizeof huge - 1);
  huge[sizeof huge - 1] = 0;
  static const struct {
    const char *key;
    const char *value;
    const char *want; /* stored; NULL: refused */
  } fixed[] = {
      {"check.countries_sanctioned", "KP", "KP"},
      {"check.countries_sanctioned", "kp, ir ,SY,cu", "KP,IR,SY,CU"},
      {"check.countries_sanctioned", "", ""}, /* none */
      {"check.countries_sanctioned", " , KP,, ", "KP"},
      {"check.countries_elevated", "CN,HK,MO,RU,LA,KH,AE,NG", "CN,HK,MO,RU,LA,KH,AE,NG"},
      {"check.countries_elevated", "cn", "CN"},
      {"check.countries_sanctioned", "PRK", NULL},
      {"check.countries_sanctioned", "North Korea", NULL},
      {"check.countries_sanctioned", "K", NULL},
      {"check.countries_sanctioned", "K1", NULL},
      {"check.countries_sanctioned", "KP;IR", NULL},
      {"check.countries_sanctioned", "KP IR", NULL},
      {"check.countries_sanctioned", "KP,Ü", NULL},
      {"check.countries_elevated", "CN,RU,CHN", NULL},
  };
  struct {
    const char *key;
    const char *value;
    const char *want;
  } cases[VET_COUNTOF(fixed) + 3];
  size_t n = 0;
  for (size_t i = 0; i < VET_COUNTOF(fixed); i++, n++) {
    cases[n].key = fixed[i].key;
    cases[n].value = fixed[i].value;
    cases[n].want = fixed[i].want;
  }
  cases[n].key = "check.countries_sanctioned", cases[n].value = fit, cases[n++].want = fit;
  cases[n].key = "check.countries_sanctioned", cases[n].value = over, cases[n++].want = NULL;
  cases[n].key = "check.countries_elevated", cases[n].value = huge, cases[n++].want = NULL;
  for (size_t i = 0; i < n; i++) {
    struct vet_config c, before;
    vet_config_defaults(&c);
    before = c;
    struct vet_error e;
    vet_error_clear(&e);
    vet_err rc = vet_config_set(&c, cases[i].key, vet_str_c(cases[i].value), &e);
    const char *stored = !strcmp(cases[i].key, "check.countries_sanctioned") ? c.check.countries_sanctioned
                                                                               : c.check.countries_elevated;
    if (!cases[i].want) {
      if (rc == VET_OK)
        fail_msg("'%s' = '%.60s' accepted as '%s'", cases[i].key, cases[i].value, stored);
      assert_int_equal(rc, VET_EPARSE);
      if (!strstr(e.msg, cases[i].key))
        fail_msg("'%s' = '%.60s': message '%s' does not name the key", cases[i].key, cases[i].value, e.msg);
      assert_string_equal(c.check.countries_sanctioned, before.check.countries_sanctioned);
      assert_string_equal(c.check.countries_elevated, before.check.countries_elevated);
      continue;
    }
    if (rc != VET_OK)
      fail_msg("'%s' = '%s': %s", cases[i].key, cases[i].value, e.msg);
    if (strcmp(stored, cases[i].want))
      fail_msg("'%s' = '%s': stored '%s', want '%s'", cases[i].key, cases[i].value, stored, cases[i].want);
    char buf[160];
    item_text(&c, cases[i].key, buf, sizeof buf);
    assert_string_equal(buf, cases[i].want);
  }
  /* the bad code is named */
  struct vet_config c;
  vet_config_defaults(&c);
  struct vet_error e;
  vet_error_clear(&e);
  assert_int_equal(vet_config_set(&c, "check.countries_elevated", VET_LIT("CN,CHN"), &e), VET_EPARSE);
  assert_non_null(strstr(e.msg, "'CHN'"));
  /* other check.* settings are range-checked like the rest */
  assert_int_equal(vet_config_set(&c, "check.same_person_score", VET_LIT("1.5"), NULL), VET_EPARSE);
  assert_int_equal(vet_config_set(&c, "check.expiry_grace_days", VET_LIT("-1"), NULL), VET_EPARSE);
  tu_must(vet_config_set(&c, "check.expiry_grace_days", VET_LIT("30"), NULL), "grace");
  assert_int_equal(c.check.expiry_grace_days, 30);
  tu_must(vet_config_set(&c, "check.family_holder_factor", VET_LIT("0.25"), NULL), "family");
  assert_true(c.check.family_holder_factor == 0.25);
}

static void test_conf_file(void **state)
{
  (void)state;
  char path[TU_PATH_MAX];
  tu_temp_text(path, sizeof path,
               "# checks\n"
               "rule.payout.crypto.weight = 0.4\n"
               "rule.email.free_provider.enabled = false   # noisy\n"
               "check.countries_elevated = cn, ru\n"
               "risk.critical_floor = 95\n");
  struct vet_config c;
  vet_config_defaults(&c);
  struct vet_error e;
  vet_error_clear(&e);
  if (vet_config_load(&c, path, &e) != VET_OK)
    fail_msg("load: %s", e.msg);
  unlink(path);
  assert_true(c.risk.weight[VET_RULE_PAYOUT_CRYPTO] == 0.4);
  assert_int_equal(c.risk.enabled[VET_RULE_EMAIL_FREE_PROVIDER], 0);
  assert_string_equal(c.check.countries_elevated, "CN,RU");
  assert_true(c.risk.critical_floor == 95);
  /* a bad rule line names file:line and the key, and changes nothing */
  tu_temp_text(path, sizeof path, "rule.payout.crypto.weight = 0.4\nrule.payout.cryptoo.weight = 0.1\n");
  struct vet_config d;
  vet_config_defaults(&d);
  vet_error_clear(&e);
  assert_int_equal(vet_config_load(&d, path, &e), VET_EPARSE);
  char where[TU_PATH_MAX + 8];
  snprintf(where, sizeof where, "%s:2", path);
  if (!strstr(e.msg, where) || !strstr(e.msg, "rule.payout.cryptoo.weight"))
    fail_msg("message '%s' does not name '%s' and the key", e.msg, where);
  assert_true(d.risk.weight[VET_RULE_PAYOUT_CRYPTO] == vet_rule_get(VET_RULE_PAYOUT_CRYPTO)->weight);
  unlink(path);
  tu_temp_text(path, sizeof path, "check.countries_sanctioned = KP, XYZ\n");
  vet_config_defaults(&d);
  vet_error_clear(&e);
  assert_int_equal(vet_config_load(&d, path, &e), VET_EPARSE);
  snprintf(where, sizeof where, "%s:1", path);
  assert_non_null(strstr(e.msg, where));
  assert_string_equal(d.check.countries_sanctioned, "KP");
  unlink(path);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_combination),
      cmocka_unit_test(test_strength_and_weight),
      cmocka_unit_test(test_disabled_rules),
      cmocka_unit_test(test_critical_floor),
      cmocka_unit_test(test_bands),
      cmocka_unit_test(test_sorting_and_json),
      cmocka_unit_test(test_long_message_utf8),
      cmocka_unit_test(test_catalogue),
      cmocka_unit_test(test_rule_settings_defaults),
      cmocka_unit_test(test_rule_settings),
      cmocka_unit_test(test_country_settings),
      cmocka_unit_test(test_conf_file),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
