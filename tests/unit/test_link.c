/* test_link.c - linking subjects into groups (link/graph.c) through
 * `vetter check` (check/rings.c): a facilitator's payout account, one
 * mailbox written two ways, one phone number written two ways, the same
 * photo re-encoded, a copied resume; and the honest confounders that must
 * not form groups: a family sharing a payout account and a house,
 * free-mail users, VPN users on one exit, photos that merely look alike,
 * two different resumes with common phrases, an identifier shared by more
 * than link.max_subjects. */
#include <math.h>
#include <stdio.h>

#include "checkutil.h"
#include "vetter/link.h"

static json_t *group(const struct vet_report *rep) { return json_object_get(rep->json, "group"); }

static void no_group(struct tu_run *r)
{
  for (uint32_t i = 0; i < r->pop->n_subjects; i++)
    if (group(&r->rep[i])) {
      tu_dump(&r->rep[i]);
      fail_msg("subject %u is in a group", i);
    }
}

/* A resume of about 90 words; who (once) and stack change. */
static void resume(char *out, size_t cap, const char *who, const char *stack)
{
  snprintf(out, cap,
           "%s is a senior software engineer with nine years of experience building payment systems and "
           "marketplaces. At Brightline Labs I led a team of five that rebuilt the checkout service in %s, cut "
           "latency by forty percent and moved the billing jobs to event driven pipelines. Before that I worked "
           "on mobile banking apps, wrote the offline sync engine and mentored junior developers across three "
           "time zones. I care about observability, careful code review and small releases, and I have run "
           "on-call rotations for services handling two million requests an hour without a missed deadline.",
           who, stack);
}

static void test_facilitator_payout(void **state)
{
  const struct vet_ctx *ctx = *state;
  struct tu_lines l = {0};
  const char *names[] = {"Adam Reyes", "Brian Cole", "Carlos Diaz"};
  for (int i = 0; i < 3; i++)
    tu_addf(&l, "{\"type\":\"subject\",\"id\":\"f%d\",\"name\":\"%s\",\"country\":\"US\",\"payouts\":[{\"kind\":\"bank\","
            "\"holder\":\"%s\",\"country\":\"US\",\"account\":\"%s\"}]}", i, names[i], names[i],
            i == 1 ? "0012 3456 7890" : "001234567890"); /* written with blanks once */
  tu_addf(&l, "{\"type\":\"subject\",\"id\":\"other\",\"name\":\"Dana White\",\"country\":\"US\",\"payouts\":[{\"kind\":"
          "\"bank\",\"holder\":\"Dana White\",\"account\":\"999888777\"}]}");
  struct tu_run r;
  tu_run_lines(&r, ctx, &l);
  json_t *g0 = group(tu_report(&r, "f0"));
  assert_non_null(g0);
  assert_int_equal(json_integer_value(json_object_get(g0, "size")), 3);
  assert_int_equal(json_array_size(json_object_get(g0, "members")), 3);
  json_t *sh = json_array_get(json_object_get(g0, "shared"), 0);
  assert_string_equal(json_string_value(json_object_get(sh, "kind")), "payout");
  assert_string_equal(json_string_value(json_object_get(sh, "value")), "bank:001234567890");
  /* one group, one id, for all three; the outsider in none */
  for (int i = 1; i < 3; i++) {
    char id[8];
    snprintf(id, sizeof id, "f%d", i);
    json_t *g = group(tu_report(&r, id));
    assert_non_null(g);
    assert_string_equal(json_string_value(json_object_get(g, "id")), json_string_value(json_object_get(g0, "id")));
    json_t *x = tu_must_find(tu_report(&r, id), "ring.shared_payout");
    assert_int_equal(json_array_size(tu_ev(x, "others")), 2);
    assert_true(fabs(tu_weight(x) - 0.55) < 1e-9);
  }
  assert_null(group(tu_report(&r, "other")));
  tu_must_not(tu_report(&r, "other"), "ring.shared_payout");
  tu_run_free(&r);
}

static void test_family(void **state)
{
  /* husband and wife: one joint account, one house; no ring */
  const struct vet_ctx *ctx = *state;
  struct tu_lines l = {0};
  const char *names[] = {"Tom Baker", "Sue Baker"};
  for (int i = 0; i < 2; i++)
    tu_addf(&l, "{\"type\":\"subject\",\"id\":\"fam%d\",\"name\":\"%s\",\"country\":\"US\",\"addresses\":[{\"kind\":"
            "\"residence\",\"country\":\"US\",\"text\":\"12 Elm Street, Denver, CO 80203\"}],\"payouts\":[{\"kind\":"
            "\"bank\",\"holder\":\"Tom Baker\",\"account\":\"555000111\"}]}", i, names[i]);
  struct tu_run r;
  tu_run_lines(&r, ctx, &l);
  no_group(&r);
  tu_must_not(tu_report(&r, "fam1"), "ring.shared_payout");
  tu_run_free(&r);
}

static void test_contacts(void **state)
{
  const struct vet_ctx *ctx = *state;
  struct tu_lines l = {0};
  /* one Gmail mailbox written two ways; one phone number written two ways */
  tu_addf(&l, "{\"type\":\"subject\",\"id\":\"m1\",\"name\":\"Ann Lee\",\"country\":\"US\",\"emails\":[\"J.Smith+jobs@gmail.com\"]}");
  tu_addf(&l, "{\"type\":\"subject\",\"id\":\"m2\",\"name\":\"Bo Chen\",\"country\":\"US\",\"emails\":[\"jsmith@googlemail.com\"]}");
  tu_addf(&l, "{\"type\":\"subject\",\"id\":\"p1\",\"name\":\"Cy Park\",\"country\":\"US\",\"phones\":[\"+1 202-555-0142\"]}");
  tu_addf(&l, "{\"type\":\"subject\",\"id\":\"p2\",\"name\":\"Di Wu\",\"country\":\"US\",\"phones\":[\"(202) 555 0142\"]}");
  /* free-mail users: one provider, different mailboxes */
  for (int i = 0; i < 4; i++)
    tu_addf(&l, "{\"type\":\"subject\",\"id\":\"g%d\",\"name\":\"Gus Number%d\",\"country\":\"US\",\"emails\":"
            "[\"gus%d@gmail.com\"]}", i, i, i);
  struct tu_run r;
  tu_run_lines(&r, ctx, &l);
  json_t *x = tu_must_find(tu_report(&r, "m2"), "ring.shared_contact");
  assert_string_equal(tu_ev_str(x, "value"), "jsmith@gmail.com");
  assert_string_equal(tu_ev_str(x, "kind"), "email");
  x = tu_must_find(tu_report(&r, "p1"), "ring.shared_contact");
  assert_string_equal(tu_ev_str(x, "value"), "+12025550142");
  for (int i = 0; i < 4; i++) {
    char id[8];
    snprintf(id, sizeof id, "g%d", i);
    assert_null(group(tu_report(&r, id)));
  }
  tu_run_free(&r);
}

static void test_vpn_users(void **state)
{
  /* four strangers on one VPN/hosting exit, remote tools and all: no group */
  const struct vet_ctx *ctx = *state;
  struct tu_lines l = {0};
  for (int i = 0; i < 4; i++) {
    tu_addf(&l, "{\"type\":\"subject\",\"id\":\"v%d\",\"name\":\"Val Person%d\",\"country\":\"US\",\"city\":\"City%d\"}", i,
            i, i);
    tu_addf(&l, "{\"type\":\"event\",\"subject\":\"v%d\",\"ts\":\"2026-03-0%dT10:00:00Z\",\"kind\":\"login\","
            "\"ip\":\"45.76.1.1\",\"device_id\":\"dev-v%d\",\"remote_tools\":[\"AnyDesk\"]}", i, i + 1, i);
  }
  struct tu_run r;
  tu_run_lines(&r, ctx, &l);
  no_group(&r);
  tu_run_free(&r);
}

static void test_photos_and_texts(void **state)
{
  const struct vet_ctx *ctx = *state;
  struct tu_lines l = {0};
  char a[1024], b[1024], c[1024];
  resume(a, sizeof a, "Maria", "Go");
  resume(b, sizeof b, "Elena", "Go"); /* the same resume, another name */
  snprintf(c, sizeof c,
           "Hands-on data engineer who builds streaming analytics for logistics companies. I designed warehouse "
           "models, tuned Spark jobs and wrote the alerting for a fleet of two thousand trucks. I am a senior "
           "software engineer with a passion for clean code, code review and teaching, and I enjoy working across "
           "time zones with product teams.");
  /* photos: 0f0f... and one re-encoded copy 3 bits away; a look-alike 24 bits away */
  tu_addf(&l, "{\"type\":\"subject\",\"id\":\"t1\",\"name\":\"Maria Gomez\",\"photo_phash\":\"0f0f0f0f12345678\","
          "\"text\":{\"resume\":\"%s\"}}", a);
  tu_addf(&l, "{\"type\":\"subject\",\"id\":\"t2\",\"name\":\"Elena Petrova\",\"photo_phash\":\"0f0f0f0f12345640\","
          "\"text\":{\"resume\":\"%s\"}}", b);
  tu_addf(&l, "{\"type\":\"subject\",\"id\":\"t3\",\"name\":\"Olga Ivanova\",\"photo_phash\":\"f0f0f00f12345678\","
          "\"text\":{\"resume\":\"%s\"}}", c);
  struct tu_run r;
  tu_run_lines(&r, ctx, &l);
  json_t *x = tu_must_find(tu_report(&r, "t1"), "ring.reused_photo");
  assert_non_null(strstr(tu_ev_str(x, "value"), "(3 bits)"));
  x = tu_must_find(tu_report(&r, "t2"), "ring.duplicate_text");
  assert_non_null(strstr(tu_ev_str(x, "value"), "resume~resume"));
  assert_null(group(tu_report(&r, "t3")));
  tu_must_not(tu_report(&r, "t3"), "ring.reused_photo");
  tu_must_not(tu_report(&r, "t3"), "ring.duplicate_text");
  assert_int_equal(json_integer_value(json_object_get(group(tu_report(&r, "t1")), "size")), 2);
  tu_run_free(&r);
}

static void test_common_identifier(void **state)
{
  (void)state;
  /* a payment processor's account on four profiles, with link.max_subjects 3: common, not a link */
  struct vet_ctx *ctx = tu_check_ctx_with("link.max_subjects", "3");
  assert_non_null(ctx);
  struct tu_lines l = {0};
  const char *names[] = {"Ada One", "Bea Two", "Cid Three", "Dee Four"};
  for (int i = 0; i < 4; i++)
    tu_addf(&l, "{\"type\":\"subject\",\"id\":\"c%d\",\"name\":\"%s\",\"payouts\":[{\"kind\":\"payoneer\",\"holder\":\"%s\","
            "\"account\":\"escrow@processor.example\"}]}", i, names[i], names[i]);
  struct tu_run r;
  tu_run_lines(&r, ctx, &l);
  no_group(&r);
  tu_run_free(&r);
  vet_ctx_free(ctx);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_facilitator_payout), cmocka_unit_test(test_family),
      cmocka_unit_test(test_contacts),           cmocka_unit_test(test_vpn_users),
      cmocka_unit_test(test_photos_and_texts),   cmocka_unit_test(test_common_identifier),
  };
  return cmocka_run_group_tests_name("links and groups", tests, tu_check_setup, tu_check_teardown);
}
