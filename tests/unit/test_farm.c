/* test_farm.c - many accounts in one place (location.laptop_farm,
 * check/farm.c) through `vetter check` on constructed populations: a farm
 * driven with remote tools, one betrayed only by its subjects' different
 * claimed cities, a shared device, and the honest cases that must not
 * fire: an office behind one NAT with distinct devices, a family laptop
 * at full strength, one address reused months apart, a VPN or hosting
 * exit, a network shared by more subjects than check.farm_max_subjects.
 * The addresses are real ones whose networks the bundled IP table knows
 * (Comcast residential ranges, a Vultr hosting range). */
#include <math.h>
#include <stdio.h>

#include "checkutil.h"

/* Comcast (AS7922) residential addresses; a Vultr (AS20473) hosting one. */
#define HOME_A "98.226.41.236"
#define HOME_B "73.162.10.20"
#define HOME_C "24.5.6.7"
#define HOME_D "98.226.41.10"
#define HOSTING "45.76.1.1"

static const char *const cities[] = {"Austin", "Denver", "Chicago", "Seattle", "Miami", "Boston"};

static void subject(struct tu_lines *l, const char *id, const char *city)
{
  tu_addf(l, "{\"type\":\"subject\",\"id\":\"%s\",\"name\":\"Person %s\",\"country\":\"US\",\"city\":\"%s\"}", id, id,
          city);
}

/* A login of subject id on day (March 2026) at hour, from ip with device;
 * tool is a remote-access tool or NULL. */
static void login(struct tu_lines *l, const char *id, int day, int hour, const char *ip, const char *device,
                  const char *tool)
{
  char tools[64] = "";
  if (tool)
    snprintf(tools, sizeof tools, ",\"remote_tools\":[\"%s\"]", tool);
  tu_addf(l, "{\"type\":\"event\",\"subject\":\"%s\",\"ts\":\"2026-03-%02dT%02d:00:00Z\",\"kind\":\"login\",\"ip\":\"%s\","
          "\"device_id\":\"%s\"%s}", id, day, hour, ip, device, tools);
}

/* n subjects "<prefix>1".. from ip, each with its own device, logging in
 * on days 2, 4, 6 (one day apart per subject); the first subject's second
 * login runs tool; same_city: all claim Chicago. */
static void group(struct tu_lines *l, const char *prefix, int n, const char *ip, const char *tool, bool same_city)
{
  for (int i = 0; i < n; i++) {
    char id[16], dev[24];
    snprintf(id, sizeof id, "%s%d", prefix, i + 1);
    snprintf(dev, sizeof dev, "dev-%s", id);
    subject(l, id, same_city ? "Chicago" : cities[i % VET_COUNTOF(cities)]);
    for (int k = 0; k < 3; k++)
      login(l, id, 2 + 2 * k + i, 14 + k, ip, dev, i == 0 && k == 1 ? tool : NULL);
  }
}

/* The laptop-farm finding of subject id: through address value, with
 * these subjects, sessions and remote sessions in its window. */
static json_t *must_farm(struct tu_run *r, const char *id, const char *value, int subjects, int sessions,
                         int remote)
{
  json_t *x = tu_must_find(tu_report(r, id), "location.laptop_farm");
  assert_string_equal(tu_ev_str(x, "via"), "ip");
  assert_string_equal(tu_ev_str(x, "value"), value);
  assert_int_equal(json_integer_value(tu_ev(x, "subjects")), subjects);
  assert_int_equal(json_integer_value(tu_ev(x, "sessions")), sessions);
  assert_int_equal(json_integer_value(tu_ev(x, "remote_sessions")), remote);
  return x;
}

static void test_farm_remote(void **state)
{
  const struct vet_ctx *ctx = *state;
  struct tu_lines l = {0};
  group(&l, "farm", 4, HOME_A, "AnyDesk", false);
  group(&l, "lone", 1, HOME_B, NULL, false); /* a neighbour alone on its address */
  struct tu_run r;
  tu_run_lines(&r, ctx, &l);
  for (int i = 1; i <= 4; i++) {
    char id[16];
    snprintf(id, sizeof id, "farm%d", i);
    json_t *x = must_farm(&r, id, HOME_A, 4, 12, 1);
    assert_int_equal(json_array_size(tu_ev(x, "others")), 3);
    assert_int_equal(json_array_size(tu_ev(x, "claimed_places")), 4);
    json_t *net = tu_ev(x, "network");
    assert_int_equal(json_integer_value(json_object_get(net, "asn")), 7922);
    assert_string_equal(json_string_value(json_object_get(net, "country")), "US");
    assert_true(fabs(tu_weight(x) - 0.5) < 1e-9); /* full strength: a remote tool was seen */
    /* the subject itself is not among the others */
    for (size_t k = 0; k < 3; k++)
      assert_string_not_equal(json_string_value(json_array_get(tu_ev(x, "others"), k)), id);
    const char *msg = json_string_value(json_object_get(x, "message"));
    assert_non_null(strstr(msg, "4 subjects logged in from one residential address " HOME_A));
  }
  tu_must_not(tu_report(&r, "lone1"), "location.laptop_farm");
  tu_run_free(&r);
}

static void test_farm_claims_only(void **state)
{
  /* no remote tool, but three people claiming three cities on one home
   * address: reported at check.farm_claims_factor */
  const struct vet_ctx *ctx = *state;
  struct tu_lines l = {0};
  group(&l, "c", 3, HOME_C, NULL, false);
  struct tu_run r;
  tu_run_lines(&r, ctx, &l);
  json_t *x = tu_must_find(tu_report(&r, "c2"), "location.laptop_farm");
  assert_true(fabs(tu_weight(x) - 0.5 * 0.6) < 1e-9);
  assert_int_equal(json_integer_value(tu_ev(x, "remote_sessions")), 0);
  assert_non_null(strstr(json_string_value(json_object_get(x, "message")), "they claim 3 different places"));
  tu_run_free(&r);
}

static void test_office_nat(void **state)
{
  /* five colleagues in one Chicago office: one address, five devices,
   * no remote tools, one claimed place */
  const struct vet_ctx *ctx = *state;
  struct tu_lines l = {0};
  group(&l, "office", 5, HOME_B, NULL, true);
  struct tu_run r;
  tu_run_lines(&r, ctx, &l);
  for (uint32_t i = 0; i < r.pop->n_subjects; i++)
    tu_must_not(&r.rep[i], "location.laptop_farm");
  tu_run_free(&r);
}

static void test_window(void **state)
{
  /* a dynamic address handed to three households months apart */
  const struct vet_ctx *ctx = *state;
  struct tu_lines l = {0};
  for (int i = 0; i < 3; i++) {
    char id[8], dev[16];
    snprintf(id, sizeof id, "w%d", i);
    snprintf(dev, sizeof dev, "dev-w%d", i);
    subject(&l, id, cities[i]);
    tu_addf(&l, "{\"type\":\"event\",\"subject\":\"%s\",\"ts\":\"2026-0%d-10T12:00:00Z\",\"kind\":\"login\",\"ip\":\"%s\","
            "\"device_id\":\"%s\",\"remote_tools\":[\"TeamViewer\"]}", id, 2 + 3 * i, HOME_D, dev);
  }
  struct tu_run r;
  tu_run_lines(&r, ctx, &l);
  for (uint32_t i = 0; i < r.pop->n_subjects; i++)
    tu_must_not(&r.rep[i], "location.laptop_farm");
  tu_run_free(&r);
}

static void test_anonymizer_exit(void **state)
{
  /* four strangers on one hosting exit with remote tools: a VPN server,
   * not a place (location.anonymizer's business) */
  const struct vet_ctx *ctx = *state;
  struct tu_lines l = {0};
  group(&l, "v", 4, HOSTING, "AnyDesk", false);
  struct tu_run r;
  tu_run_lines(&r, ctx, &l);
  for (uint32_t i = 0; i < r.pop->n_subjects; i++)
    tu_must_not(&r.rep[i], "location.laptop_farm");
  tu_run_free(&r);
}

static void test_device(void **state)
{
  const struct vet_ctx *ctx = *state;
  struct tu_lines l = {0};
  /* one laptop, two identities claiming two countries, two addresses */
  tu_addf(&l, "{\"type\":\"subject\",\"id\":\"d1\",\"name\":\"Ana Lopez\",\"country\":\"US\",\"city\":\"Austin\"}");
  tu_addf(&l, "{\"type\":\"subject\",\"id\":\"d2\",\"name\":\"Jan Novak\",\"country\":\"CA\",\"city\":\"Toronto\"}");
  login(&l, "d1", 3, 15, HOME_A, "laptop-77", NULL);
  login(&l, "d2", 5, 3, HOME_B, "laptop-77", NULL);
  /* a family laptop: husband and wife in one house */
  tu_addf(&l, "{\"type\":\"subject\",\"id\":\"h\",\"name\":\"Tom Baker\",\"country\":\"US\",\"city\":\"Denver\"}");
  tu_addf(&l, "{\"type\":\"subject\",\"id\":\"wf\",\"name\":\"Sue Baker\",\"country\":\"US\",\"city\":\"denver\"}");
  login(&l, "h", 3, 15, HOME_C, "family-pc", NULL);
  login(&l, "wf", 3, 20, HOME_C, "family-pc", NULL);
  struct tu_run r;
  tu_run_lines(&r, ctx, &l);
  json_t *x = tu_must_find(tu_report(&r, "d2"), "location.laptop_farm");
  assert_string_equal(tu_ev_str(x, "via"), "device");
  assert_string_equal(tu_ev_str(x, "value"), "laptop-77");
  assert_string_equal(json_string_value(json_array_get(tu_ev(x, "others"), 0)), "d1");
  assert_null(tu_ev(x, "network"));
  assert_true(fabs(tu_weight(x) - 0.5) < 1e-9);
  /* the family: reported (a device is strong), but weakly, as one place */
  x = tu_must_find(tu_report(&r, "wf"), "location.laptop_farm");
  assert_true(fabs(tu_weight(x) - 0.5 * 0.6) < 1e-9);
  assert_int_equal(json_array_size(tu_ev(x, "claimed_places")), 1); /* "Denver" and "denver" are one */
  tu_run_free(&r);
}

static void test_settings(void **state)
{
  (void)state;
  /* more subjects than check.farm_max_subjects: a shared network */
  struct vet_ctx *ctx = tu_check_ctx_with("check.farm_max_subjects", "3");
  assert_non_null(ctx);
  struct tu_lines l = {0};
  group(&l, "n", 4, HOME_A, "AnyDesk", false);
  struct tu_run r;
  tu_run_lines(&r, ctx, &l);
  for (uint32_t i = 0; i < r.pop->n_subjects; i++)
    tu_must_not(&r.rep[i], "location.laptop_farm");
  tu_run_free(&r);
  vet_ctx_free(ctx);
  /* the rule switched off */
  ctx = tu_check_ctx_with("rule.location.laptop_farm.enabled", "false");
  assert_non_null(ctx);
  group(&l, "n", 4, HOME_A, "AnyDesk", false);
  tu_run_lines(&r, ctx, &l);
  for (uint32_t i = 0; i < r.pop->n_subjects; i++)
    tu_must_not(&r.rep[i], "location.laptop_farm");
  tu_run_free(&r);
  vet_ctx_free(ctx);
  /* a wider min: four subjects are not enough for five */
  ctx = tu_check_ctx_with("check.farm_min_subjects", "5");
  assert_non_null(ctx);
  group(&l, "n", 4, HOME_A, "AnyDesk", false);
  tu_run_lines(&r, ctx, &l);
  tu_must_not(tu_report(&r, "n1"), "location.laptop_farm");
  tu_run_free(&r);
  vet_ctx_free(ctx);
}

static void test_walk_edges(void **state)
{
  (void)state;
  /* pass 1 reads each subject's newest check.max_events_per_subject
   * events, several events ahead of its lookups: the address is shared
   * by e1..e4, written two ways (IPv4 and IPv4-mapped IPv6: one address),
   * between events without an address or with a bad one, subjects
   * without events among them; e5 used it only in an event older than
   * its window, and e6 only through a bad spelling */
  struct vet_ctx *ctx = tu_check_ctx_with("check.max_events_per_subject", "3");
  assert_non_null(ctx);
  struct tu_lines l = {0};
  for (int i = 1; i <= 6; i++) {
    char id[8], dev[16];
    snprintf(id, sizeof id, "e%d", i);
    snprintf(dev, sizeof dev, "dev-e%d", i);
    subject(&l, id, cities[i % VET_COUNTOF(cities)]);
    tu_addf(&l, "{\"type\":\"subject\",\"id\":\"quiet%d\",\"name\":\"Quiet %d\",\"country\":\"US\"}", i, i);
    if (i <= 4) {
      login(&l, id, 2 + i, 9, i % 2 ? HOME_A : "::ffff:" HOME_A, dev, i == 1 ? "AnyDesk" : NULL);
      login(&l, id, 3 + i, 9, "not-an-address", dev, NULL);
      login(&l, id, 4 + i, 9, "", dev, NULL);
    } else if (i == 5) {
      login(&l, id, 1, 9, HOME_A, dev, NULL); /* the oldest of four: outside the window */
      for (int k = 0; k < 3; k++)
        login(&l, id, 5 + k, 9, HOME_B, dev, NULL);
    } else {
      login(&l, id, 5, 9, HOME_A "0", dev, NULL); /* 98.226.41.2360: not an address */
    }
  }
  struct tu_run r;
  tu_run_lines(&r, ctx, &l);
  for (int i = 1; i <= 4; i++) {
    char id[8];
    snprintf(id, sizeof id, "e%d", i);
    must_farm(&r, id, HOME_A, 4, 4, 1); /* the address as first written */
  }
  tu_must_not(tu_report(&r, "e5"), "location.laptop_farm");
  tu_must_not(tu_report(&r, "e6"), "location.laptop_farm");
  tu_run_free(&r);
  vet_ctx_free(ctx);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_farm_remote), cmocka_unit_test(test_farm_claims_only),
      cmocka_unit_test(test_office_nat),  cmocka_unit_test(test_window),
      cmocka_unit_test(test_anonymizer_exit), cmocka_unit_test(test_device),
      cmocka_unit_test(test_settings),    cmocka_unit_test(test_walk_edges),
  };
  return cmocka_run_group_tests_name("laptop farms", tests, tu_check_setup, tu_check_teardown);
}
