/* test_store_decision.c - the decision semantics of store/decision.c,
 * with no store: the findings fingerprint (stable under reordering,
 * rescoring, new counts and info findings; changed by a new rule, a new
 * holder, a new country or a new subject sharing a document) and the
 * review of a decision against a fresh report (stands; new evidence with
 * the rules named; without the seen report, by fingerprint; a decision
 * taken before any report). */
#include "testutil.h"
#include "vetter/store.h"

/* A report whose findings are written compactly: "rule|severity|evidence
 * JSON", separated by ";". */
static json_t *report(const char *findings)
{
  json_t *r = json_pack("{s:s, s:f, s:s, s:[]}", "subject", "w-1", "score", 50.0, "band", "medium", "findings");
  json_t *fs = json_object_get(r, "findings");
  char buf[1024];
  snprintf(buf, sizeof buf, "%s", findings);
  for (char *item = buf; item && *item;) {
    char *next = strchr(item, ';');
    if (next)
      *next++ = 0;
    char *sev = strchr(item, '|');
    assert_non_null(sev);
    *sev++ = 0;
    char *ev = strchr(sev, '|');
    assert_non_null(ev);
    *ev++ = 0;
    json_error_t je;
    json_t *evidence = json_loads(ev, 0, &je);
    if (!evidence)
      fail_msg("bad evidence '%s': %s", ev, je.text);
    json_array_append_new(fs, json_pack("{s:s, s:s, s:f, s:s, s:o}", "rule", item, "severity", sev, "score_weight",
                                        0.3, "message", "m", "evidence", evidence));
    item = next;
  }
  return r;
}

static void fingerprint(const char *findings, char out[VET_FINGERPRINT_HEX + 1])
{
  json_t *r = report(findings);
  struct vet_error e;
  vet_error_clear(&e);
  if (vet_findings_fingerprint(r, out, &e))
    fail_msg("fingerprint: %s", e.msg);
  json_decref(r);
  assert_int_equal(strlen(out), VET_FINGERPRINT_HEX);
}

#define BASE                                                                                                          \
  "payout.third_party|medium|{\"payout\":0,\"holder\":\"Kim Sang-man\",\"score\":0.1,\"shares_a_name_word\":false};" \
  "location.country_mismatch|high|{\"sessions\":5,\"share\":0.6,\"countries\":{\"CN\":3},\"claimed_country\":\"US\"};" \
  "email.free_provider|info|{\"email\":\"a@gmail.com\"}"

static void test_fingerprint(void **state)
{
  (void)state;
  static const struct {
    const char *why, *findings;
    bool same; /* as BASE */
  } cases[] = {
      {"identical", BASE, true},
      {"findings reordered, weights and scores changed",
       "location.country_mismatch|high|{\"claimed_country\":\"US\",\"countries\":{\"CN\":9},\"sessions\":12,\"share\":0.75};"
       "payout.third_party|medium|{\"score\":0.2,\"holder\":\"Kim Sang-man\",\"payout\":0,\"shares_a_name_word\":false}",
       true},
      {"an info finding added",
       BASE ";email.free_provider|info|{\"email\":\"b@yahoo.com\"}", true},
      {"the same finding twice", BASE ";payout.third_party|medium|{\"payout\":0,\"holder\":\"Kim Sang-man\",\"score\":0.1,\"shares_a_name_word\":false}", true},
      {"another holder",
       "payout.third_party|medium|{\"payout\":0,\"holder\":\"Sun Haoran\",\"score\":0.1,\"shares_a_name_word\":false};"
       "location.country_mismatch|high|{\"sessions\":5,\"share\":0.6,\"countries\":{\"CN\":3},\"claimed_country\":\"US\"}",
       false},
      {"a new country among the sessions",
       "payout.third_party|medium|{\"payout\":0,\"holder\":\"Kim Sang-man\",\"score\":0.1,\"shares_a_name_word\":false};"
       "location.country_mismatch|high|{\"sessions\":6,\"share\":0.6,\"countries\":{\"CN\":3,\"KP\":1},\"claimed_country\":\"US\"}",
       false},
      {"a new rule", BASE ";payout.crypto|low|{\"payout\":1,\"currency\":\"USDT\"}", false},
      {"a finding gone", "payout.third_party|medium|{\"payout\":0,\"holder\":\"Kim Sang-man\",\"score\":0.1,\"shares_a_name_word\":false}", false},
      {"a boolean flipped",
       "payout.third_party|medium|{\"payout\":0,\"holder\":\"Kim Sang-man\",\"score\":0.1,\"shares_a_name_word\":true};"
       "location.country_mismatch|high|{\"sessions\":5,\"share\":0.6,\"countries\":{\"CN\":3},\"claimed_country\":\"US\"}",
       false},
  };
  char base[VET_FINGERPRINT_HEX + 1], fp[VET_FINGERPRINT_HEX + 1];
  fingerprint(BASE, base);
  for (size_t i = 0; i < VET_COUNTOF(cases); i++) {
    fingerprint(cases[i].findings, fp);
    if ((strcmp(fp, base) == 0) != cases[i].same)
      fail_msg("%s: fingerprint %s, base %s, expected %s", cases[i].why, fp, base, cases[i].same ? "same" : "different");
  }
  /* arrays of strings count element by element; other subjects sharing a document */
  char one[VET_FINGERPRINT_HEX + 1], two[VET_FINGERPRINT_HEX + 1], two_b[VET_FINGERPRINT_HEX + 1];
  fingerprint("document.number_reused|high|{\"number\":\"X1\",\"other_subjects\":[\"w-2\"]}", one);
  fingerprint("document.number_reused|high|{\"number\":\"X1\",\"other_subjects\":[\"w-2\",\"w-9\"]}", two);
  fingerprint("document.number_reused|high|{\"number\":\"X1\",\"other_subjects\":[\"w-9\",\"w-2\"]}", two_b);
  assert_string_not_equal(one, two);
  assert_string_equal(two, two_b);
  /* no evidence items at all: a fixed value (FNV-1a offset basis) */
  fingerprint("email.free_provider|info|{\"email\":\"a@gmail.com\"}", fp);
  assert_string_equal(fp, "cbf29ce484222325");
  /* a report without findings */
  json_t *bad = json_pack("{s:s}", "subject", "w-1");
  struct vet_error e;
  assert_int_equal(vet_findings_fingerprint(bad, fp, &e), VET_EPARSE);
  json_decref(bad);
}

static void test_review(void **state)
{
  (void)state;
  static const char *const SEEN = BASE;
  static const struct {
    const char *why;
    const char *seen;        /* NULL: not available */
    const char *fingerprint; /* of the decision: "seen" for SEEN's, "" for none */
    const char *fresh;       /* NULL: no report now */
    bool stands, exact;
    const char *rules;       /* new rules, comma-separated */
  } cases[] = {
      {"the same report", SEEN, "seen", BASE, true, true, ""},
      {"rescored and more sessions",
       SEEN, "seen",
       "location.country_mismatch|high|{\"claimed_country\":\"US\",\"countries\":{\"CN\":9},\"sessions\":12};"
       "payout.third_party|medium|{\"score\":0.2,\"holder\":\"Kim Sang-man\",\"payout\":0,\"shares_a_name_word\":false}",
       true, true, ""},
      {"evidence went away", SEEN, "seen",
       "payout.third_party|medium|{\"payout\":0,\"holder\":\"Kim Sang-man\",\"score\":0.1,\"shares_a_name_word\":false}",
       true, true, ""},
      {"a new rule", SEEN, "seen", BASE ";payout.crypto|low|{\"currency\":\"USDT\"};sanctions.name|high|{\"entity_id\":\"7\"}",
       false, true, "payout.crypto,sanctions.name"},
      {"new evidence for a rule that fired before", SEEN, "seen",
       BASE ";payout.third_party|medium|{\"payout\":1,\"holder\":\"Sun Haoran\"}", false, true, "payout.third_party"},
      {"only a new info finding", SEEN, "seen", BASE ";email.free_provider|info|{\"email\":\"z@qq.com\"}", true, true,
       ""},
      {"no report now", SEEN, "seen", NULL, true, true, ""},
      {"seen report unavailable, same fingerprint", NULL, "seen", BASE, true, true, ""},
      {"seen report unavailable, other fingerprint", NULL, "seen", BASE ";payout.crypto|low|{\"currency\":\"BTC\"}",
       false, false, "payout.crypto,payout.third_party,location.country_mismatch"},
      {"decided before any report, only info since", NULL, "", "email.free_provider|info|{\"email\":\"a@gmail.com\"}",
       true, true, ""},
      {"decided before any report, findings since", NULL, "", "phone.virtual|medium|{\"e164\":\"+4456\"}", false, true,
       "phone.virtual"},
  };
  char seen_fp[VET_FINGERPRINT_HEX + 1];
  fingerprint(SEEN, seen_fp);
  for (size_t i = 0; i < VET_COUNTOF(cases); i++) {
    json_t *seen = cases[i].seen ? report(cases[i].seen) : NULL;
    json_t *fresh = cases[i].fresh ? report(cases[i].fresh) : NULL;
    struct vet_decision d = {.id = 1, .subject = VET_LIT("w-1"), .status = VET_DECISION_CLEARED,
                             .by = VET_LIT("alice"), .at = 86400 * 20000 + 3600,
                             .fingerprint = vet_str_c(strcmp(cases[i].fingerprint, "seen") ? "" : seen_fp)};
    struct vet_decision_review rv;
    struct vet_error e;
    vet_error_clear(&e);
    if (vet_decision_review(&d, seen, fresh, &rv, &e))
      fail_msg("%s: %s", cases[i].why, e.msg);
    char rules[256] = "";
    for (uint32_t k = 0; k < rv.n_new_rules; k++) {
      size_t len = strlen(rules);
      snprintf(rules + len, sizeof rules - len, "%s%s", k ? "," : "", rv.new_rules[k]);
    }
    /* rules come in the order of the sorted items: compare as sets */
    bool same_rules = strlen(rules) == strlen(cases[i].rules);
    char want[256];
    snprintf(want, sizeof want, "%s", cases[i].rules);
    for (char *tok = want; same_rules && *tok;) {
      char *comma = strchr(tok, ',');
      if (comma)
        *comma = 0;
      same_rules = strstr(rules, tok) != NULL;
      tok = comma ? comma + 1 : tok + strlen(tok);
    }
    if (rv.stands != cases[i].stands || rv.exact != cases[i].exact || !same_rules)
      fail_msg("%s: stands %d exact %d rules '%s' (%s)", cases[i].why, rv.stands, rv.exact, rules, rv.text);
    if (rv.stands)
      assert_string_equal(rv.text, "cleared on 2024-10-04 by alice; no new evidence since");
    else if (!strstr(rv.text, "cleared on 2024-10-04 by alice, but new evidence since: "))
      fail_msg("%s: text '%s'", cases[i].why, rv.text);
    json_decref(seen);
    json_decref(fresh);
  }
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_fingerprint),
      cmocka_unit_test(test_review),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
