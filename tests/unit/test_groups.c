/* test_groups.c - a group's risk (check/groups.c): a member that is
 * high-risk on its own evidence (a login from North Korean address space)
 * raises the others of its group (ring.high_risk_member) with that
 * member named; members linked only to each other do not raise each
 * other through their ring.* findings; a subject outside the group is
 * not raised; the group object carries the group's risk; the setting
 * link.raise_min_score and the rule switch are honoured. */
#include <math.h>
#include <stdio.h>

#include "checkutil.h"

static json_t *group(const struct vet_report *rep) { return json_object_get(rep->json, "group"); }

enum own { OWN_NONE, OWN_DPRK_LOGIN, OWN_KP_NATIONAL };

/* Four subjects sharing one payout account (a facilitator's), and an
 * unlinked one.  OWN_DPRK_LOGIN: the first member and the unlinked one
 * log in from 175.45.176.0/22 (Star Joint Venture, Pyongyang): critical;
 * OWN_KP_NATIONAL: the first member is a North Korean national
 * (identity.sanctioned_country, own score 60). */
static void ring_lines(struct tu_lines *l, enum own own)
{
  const char *names[] = {"Ada Quill", "Bea Rowe", "Cid Stone", "Dee Tarn"};
  for (int i = 0; i < 4; i++)
    tu_addf(l,
            "{\"type\":\"subject\",\"id\":\"r%d\",\"name\":\"%s\",\"country\":\"US\",%s\"payouts\":[{"
            "\"kind\":\"bank\",\"holder\":\"%s\",\"account\":\"US12 3456 7890 1234\"}]}",
            i, names[i], i == 0 && own == OWN_KP_NATIONAL ? "\"nationality\":\"KP\"," : "", names[i]);
  tu_addf(l, "{\"type\":\"subject\",\"id\":\"lone\",\"name\":\"Eve Umber\",\"country\":\"US\"}");
  if (own == OWN_DPRK_LOGIN) {
    tu_addf(l, "{\"type\":\"event\",\"subject\":\"r0\",\"kind\":\"login\",\"ts\":\"2026-10-01T10:00:00Z\","
               "\"ip\":\"175.45.176.10\"}");
    tu_addf(l, "{\"type\":\"event\",\"subject\":\"lone\",\"kind\":\"login\",\"ts\":\"2026-10-01T10:00:00Z\","
               "\"ip\":\"175.45.176.11\"}");
  }
}

static void test_raise(void **state)
{
  struct tu_lines l = {0};
  ring_lines(&l, OWN_DPRK_LOGIN);
  struct tu_run r;
  tu_run_lines(&r, *state, &l);
  /* r0 is critical on its own; it raises r1..r3 */
  const struct vet_report *r0 = tu_report(&r, "r0");
  assert_int_equal(r0->risk.band, VET_BAND_CRITICAL);
  tu_must_not(r0, "ring.high_risk_member");
  for (int i = 1; i < 4; i++) {
    char id[8];
    snprintf(id, sizeof id, "r%d", i);
    const struct vet_report *rep = tu_report(&r, id);
    json_t *x = tu_must_find(rep, "ring.high_risk_member");
    json_t *m = json_array_get(tu_ev(x, "members"), 0);
    assert_string_equal(json_string_value(json_object_get(m, "subject")), "r0");
    assert_string_equal(json_string_value(json_object_get(m, "band")), "critical");
    assert_string_equal(json_string_value(json_array_get(json_object_get(m, "rules"), 0)), "location.dprk_network");
    assert_int_equal(json_integer_value(tu_ev(x, "high_risk_members")), 1);
    assert_string_equal(tu_ev_str(x, "group"), json_string_value(json_object_get(group(rep), "id")));
    /* strength = own score / 100, times the rule's weight 0.5 */
    double own = json_real_value(json_object_get(m, "score"));
    assert_true(own >= 90);
    assert_true(fabs(tu_weight(x) - 0.5 * own / 100) < 1e-3);
    const char *msg = json_string_value(json_object_get(x, "message"));
    assert_non_null(strstr(msg, "r0, critical on its own evidence"));
    /* the group's risk */
    json_t *risk = json_object_get(group(rep), "risk");
    assert_non_null(risk);
    assert_string_equal(json_string_value(json_object_get(risk, "max_own_band")), "critical");
    assert_int_equal(json_integer_value(json_object_get(risk, "high_risk_members")), 1);
    /* raised above the ring finding alone */
    assert_true(rep->risk.score > 55.5);
  }
  /* outside the group: critical itself, but raises nobody and is not raised */
  assert_null(group(tu_report(&r, "lone")));
  tu_must_not(tu_report(&r, "lone"), "ring.high_risk_member");
  tu_run_free(&r);
}

/* The ring alone: every member has ring.shared_payout (0.55, score 55 over
 * the default 50) but that is the group's evidence, not a member's own. */
static void test_no_circular_raise(void **state)
{
  struct tu_lines l = {0};
  ring_lines(&l, OWN_NONE);
  struct tu_run r;
  tu_run_lines(&r, *state, &l);
  for (int i = 0; i < 4; i++) {
    char id[8];
    snprintf(id, sizeof id, "r%d", i);
    const struct vet_report *rep = tu_report(&r, id);
    tu_must_find(rep, "ring.shared_payout");
    tu_must_not(rep, "ring.high_risk_member");
    json_t *risk = json_object_get(group(rep), "risk");
    assert_int_equal(json_integer_value(json_object_get(risk, "high_risk_members")), 0);
    assert_true(json_real_value(json_object_get(risk, "max_own_score")) < 50);
  }
  tu_run_free(&r);
}

static void test_settings(void **state)
{
  /* a national of a sanctioned country (own score 60) raises at the
   * default threshold (50), not over a threshold above 60 */
  struct tu_lines l = {0};
  ring_lines(&l, OWN_KP_NATIONAL);
  struct tu_run r;
  tu_run_lines(&r, *state, &l);
  json_t *x = tu_must_find(tu_report(&r, "r1"), "ring.high_risk_member");
  assert_true(fabs(tu_weight(x) - 0.5 * 0.6) < 1e-3);
  tu_run_free(&r);
  struct vet_ctx *ctx = tu_check_ctx_with("link.raise_min_score", "60.5");
  assert_non_null(ctx);
  l = (struct tu_lines){0};
  ring_lines(&l, OWN_KP_NATIONAL);
  tu_run_lines(&r, ctx, &l);
  tu_must_not(tu_report(&r, "r1"), "ring.high_risk_member");
  tu_run_free(&r);
  vet_ctx_free(ctx);
  /* the rule off: no raise and no group risk (the members are not rated) */
  ctx = tu_check_ctx_with("rule.ring.high_risk_member.enabled", "false");
  assert_non_null(ctx);
  l = (struct tu_lines){0};
  ring_lines(&l, OWN_DPRK_LOGIN);
  tu_run_lines(&r, ctx, &l);
  const struct vet_report *rep = tu_report(&r, "r1");
  tu_must_not(rep, "ring.high_risk_member");
  tu_must_find(rep, "ring.shared_payout");
  assert_null(json_object_get(group(rep), "risk"));
  tu_run_free(&r);
  vet_ctx_free(ctx);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_raise),
      cmocka_unit_test(test_no_circular_raise),
      cmocka_unit_test(test_settings),
  };
  return cmocka_run_group_tests_name("group risk", tests, tu_check_setup, tu_check_teardown);
}
