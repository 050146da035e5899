/* test_collusion.c - reviews that boost a ring (ring.review_collusion,
 * check/collusion.c) through `vetter check` on constructed populations:
 * one client rating four linked freelancers within ten days, the same
 * ratings spread over 200 days, three of four within the window, a busy
 * client rating twenty unlinked freelancers in a week, a family sharing
 * one account, a "client" that is itself a subject sharing a phone or a
 * payout account with the freelancer, a client over
 * check.collusion_max_reviews, the rule running with every other ring.*
 * rule off, a long non-ASCII client id, random review streams checked
 * against a brute-force count, and a client with thousands of reviews. */
#include <math.h>
#include <stdio.h>
#include <time.h>

#include "checkutil.h"

#define RULE "ring.review_collusion"
#define DAY_S 86400
/* Day 0 of the tests: 2026-01-05T00:00:00Z. */
#define T0 INT64_C(1767571200)

/* RFC 3339 (UTC) of day d, hour h after T0. */
static void stamp(int64_t d, int h, char out[32])
{
  time_t t = (time_t)(T0 + d * DAY_S + (int64_t)h * 3600);
  struct tm tm;
  assert_non_null(gmtime_r(&t, &tm));
  assert_true(strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm) > 0);
}

/* A freelancer with its own name and a bank account (shared when account
 * is another's); phone may be NULL. */
static void person(struct tu_lines *l, const char *id, const char *name, const char *account, const char *phone)
{
  char ph[64] = "";
  if (phone)
    snprintf(ph, sizeof ph, ",\"phones\":[\"%s\"]", phone);
  tu_addf(l, "{\"type\":\"subject\",\"id\":\"%s\",\"name\":\"%s\",\"country\":\"US\",\"payouts\":[{\"kind\":\"bank\","
          "\"holder\":\"%s\",\"country\":\"US\",\"account\":\"%s\"}]%s}", id, name, name, account, ph);
}

/* Client rates subject id on day d at hour h. */
static void review(struct tu_lines *l, const char *id, const char *client, int64_t d, int h)
{
  char ts[32];
  stamp(d, h, ts);
  tu_addf(l, "{\"type\":\"event\",\"subject\":\"%s\",\"ts\":\"%s\",\"kind\":\"review\",\"counterpart\":\"%s\"}", id, ts,
          client);
}

static const char *const names[] = {"Adam Reyes",   "Brian Cole",  "Carlos Diaz", "Derek Hall",
                                    "Ethan Brooks", "Frank Moore", "Gavin Price", "Henry Walsh"};

/* n linked freelancers "<prefix>1".. sharing one payout account. */
static void ring(struct tu_lines *l, const char *prefix, int n, const char *account)
{
  for (int i = 0; i < n; i++) {
    char id[16];
    snprintf(id, sizeof id, "%s%d", prefix, i + 1);
    person(l, id, names[i % VET_COUNTOF(names)], account, NULL);
  }
}

static json_t *group(const struct vet_report *rep) { return json_object_get(rep->json, "group"); }

static void none(struct tu_run *r)
{
  for (uint32_t i = 0; i < r->pop->n_subjects; i++)
    tu_must_not(&r->rep[i], RULE);
}

static void test_ring_in_ten_days(void **state)
{
  const struct vet_ctx *ctx = *state;
  struct tu_lines l = {0};
  ring(&l, "r", 4, "001234567890");
  person(&l, "lone", "Ivan Novak", "555444333", NULL); /* reviewed by the same client, linked to no one */
  for (int i = 0; i < 4; i++) {
    char id[16];
    snprintf(id, sizeof id, "r%d", i + 1);
    review(&l, id, "client-77", 3 * i + 1, 10); /* days 1, 4, 7, 10 */
  }
  review(&l, "lone", "client-77", 5, 12);
  struct tu_run r;
  tu_run_lines(&r, ctx, &l);
  const char *gid = json_string_value(json_object_get(group(tu_report(&r, "r1")), "id"));
  assert_non_null(gid);
  for (int i = 0; i < 4; i++) {
    char id[16];
    snprintf(id, sizeof id, "r%d", i + 1);
    json_t *x = tu_must_find(tu_report(&r, id), RULE);
    assert_string_equal(tu_ev_str(x, "client"), "client-77");
    assert_string_equal(tu_ev_str(x, "group"), gid);
    assert_false(json_boolean_value(tu_ev(x, "client_is_subject")));
    assert_int_equal(json_integer_value(tu_ev(x, "group_size")), 4);
    assert_int_equal(json_integer_value(tu_ev(x, "client_reviews")), 5);
    json_t *win = tu_ev(x, "window");
    assert_int_equal(json_integer_value(json_object_get(win, "members")), 4);
    assert_int_equal(json_integer_value(json_object_get(win, "reviews_in_window")), 4);
    assert_int_equal(json_integer_value(json_object_get(win, "window_days")), 30);
    assert_string_equal(json_string_value(json_object_get(win, "from")), "2026-01-06T10:00:00Z");
    assert_string_equal(json_string_value(json_object_get(win, "to")), "2026-01-15T10:00:00Z");
    json_t *rv = json_object_get(win, "reviews");
    assert_int_equal(json_array_size(rv), 4);
    assert_string_equal(json_string_value(json_object_get(json_array_get(rv, 0), "subject")), "r1");
    assert_string_equal(json_string_value(json_object_get(json_array_get(rv, 3), "subject")), "r4");
    assert_string_equal(json_string_value(json_object_get(json_array_get(rv, 1), "ts")), "2026-01-09T10:00:00Z");
    assert_null(tu_ev(x, "shared")); /* the client is not a subject */
    assert_string_equal(json_string_value(json_object_get(x, "severity")), "high");
    assert_true(fabs(tu_weight(x) - 0.5) < 1e-9);
    char want[128];
    snprintf(want, sizeof want, "client 'client-77' reviewed 4 members of group %s (of 4), this subject included, "
             "within 10 days", gid);
    assert_string_equal(json_string_value(json_object_get(x, "message")), want);
  }
  tu_must_not(tu_report(&r, "lone"), RULE);
  tu_run_free(&r);
}

static void test_spread_over_200_days(void **state)
{
  const struct vet_ctx *ctx = *state;
  struct tu_lines l = {0};
  ring(&l, "r", 4, "001234567890");
  for (int i = 0; i < 4; i++) {
    char id[16];
    snprintf(id, sizeof id, "r%d", i + 1);
    review(&l, id, "client-77", 200 * i / 3, 10); /* days 0, 66, 133, 200 */
  }
  struct tu_run r;
  tu_run_lines(&r, ctx, &l);
  assert_non_null(group(tu_report(&r, "r1"))); /* linked, but rated months apart */
  none(&r);
  tu_run_free(&r);
}

static void test_three_of_four(void **state)
{
  /* three members within the window, the fourth 100 days later: the
   * three are reported, the fourth (its window holds only itself) not */
  const struct vet_ctx *ctx = *state;
  struct tu_lines l = {0};
  ring(&l, "r", 4, "001234567890");
  review(&l, "r1", "client-9", 0, 9);
  review(&l, "r2", "client-9", 15, 9);
  review(&l, "r3", "client-9", 30, 9); /* exactly window_days after the first: still together */
  review(&l, "r4", "client-9", 130, 9);
  struct tu_run r;
  tu_run_lines(&r, ctx, &l);
  for (int i = 1; i <= 3; i++) {
    char id[16];
    snprintf(id, sizeof id, "r%d", i);
    json_t *x = tu_must_find(tu_report(&r, id), RULE);
    assert_int_equal(json_integer_value(json_object_get(tu_ev(x, "window"), "members")), 3);
    assert_non_null(strstr(json_string_value(json_object_get(x, "message")), "within 31 days"));
  }
  tu_must_not(tu_report(&r, "r4"), RULE);
  tu_run_free(&r);
}

static void test_busy_client(void **state)
{
  /* a real client hiring twenty freelancers who share nothing, in a week */
  const struct vet_ctx *ctx = *state;
  struct tu_lines l = {0};
  for (int i = 0; i < 20; i++) {
    char id[16], name[32], acct[16];
    snprintf(id, sizeof id, "f%d", i);
    snprintf(name, sizeof name, "Worker Number%c", 'A' + i);
    snprintf(acct, sizeof acct, "7700%05d", i);
    person(&l, id, name, acct, NULL);
    review(&l, id, "client-busy", i / 3, 8 + i % 3);
  }
  struct tu_run r;
  tu_run_lines(&r, ctx, &l);
  for (uint32_t i = 0; i < r.pop->n_subjects; i++)
    assert_null(group(&r.rep[i]));
  none(&r);
  tu_run_free(&r);
}

static void test_family(void **state)
{
  /* three of one family on one joint account, rated by the client they
   * all work for: a family does not link by default */
  const struct vet_ctx *ctx = *state;
  struct tu_lines l = {0};
  const char *fam[] = {"Tom Baker", "Sue Baker", "Amy Baker"};
  for (int i = 0; i < 3; i++) {
    char id[16];
    snprintf(id, sizeof id, "fam%d", i);
    person(&l, id, fam[i], "555000111", NULL);
    review(&l, id, "client-shop", i, 10);
  }
  struct tu_run r;
  tu_run_lines(&r, ctx, &l);
  none(&r);
  tu_run_free(&r);
}

static void test_client_is_subject(void **state)
{
  /* "client" accounts run by the operators: one shares f1's phone, one
   * f2's payout account; a third subject rates f3 but shares nothing */
  const struct vet_ctx *ctx = *state;
  struct tu_lines l = {0};
  person(&l, "f1", "Adam Reyes", "111222333", "+1 202-555-0142");
  person(&l, "boss1", "Kevin Lang", "999888777", "(202) 555 0142");
  person(&l, "f2", "Brian Cole", "444555666", NULL);
  person(&l, "boss2", "Leo Grant", "4445 5566 6", NULL);
  person(&l, "f3", "Carlos Diaz", "123123123", NULL);
  person(&l, "buyer", "Mary Jones", "321321321", NULL);
  review(&l, "f1", "boss1", 2, 10);
  review(&l, "f1", "boss1", 40, 10);
  review(&l, "f2", "boss2", 3, 10);
  review(&l, "f3", "buyer", 4, 10);
  struct tu_run r;
  tu_run_lines(&r, ctx, &l);
  json_t *x = tu_must_find(tu_report(&r, "f1"), RULE);
  assert_string_equal(tu_ev_str(x, "client"), "boss1");
  assert_true(json_boolean_value(tu_ev(x, "client_is_subject")));
  assert_null(tu_ev(x, "window")); /* one member rated: only (b) */
  json_t *sh = json_array_get(tu_ev(x, "shared"), 0);
  assert_string_equal(json_string_value(json_object_get(sh, "kind")), "phone");
  assert_string_equal(json_string_value(json_object_get(sh, "value")), "+12025550142");
  json_t *sr = tu_ev(x, "subject_reviews");
  assert_int_equal(json_integer_value(json_object_get(sr, "n")), 2);
  assert_string_equal(json_string_value(json_object_get(sr, "first")), "2026-01-07T10:00:00Z");
  assert_string_equal(json_string_value(json_object_get(sr, "last")), "2026-02-14T10:00:00Z");
  assert_true(fabs(tu_weight(x) - 0.5) < 1e-9);
  const char *gid = json_string_value(json_object_get(group(tu_report(&r, "f1")), "id"));
  char want[128];
  snprintf(want, sizeof want, "reviewed by 'boss1', a subject of its own group %s (they share identifiers)", gid);
  assert_string_equal(json_string_value(json_object_get(x, "message")), want);
  x = tu_must_find(tu_report(&r, "f2"), RULE);
  assert_string_equal(tu_ev_str(x, "client"), "boss2");
  sh = json_array_get(tu_ev(x, "shared"), 0);
  assert_string_equal(json_string_value(json_object_get(sh, "kind")), "payout");
  assert_string_equal(json_string_value(json_object_get(sh, "value")), "bank:444555666");
  /* the client accounts were rated by no one; the honest buyer shares nothing */
  tu_must_not(tu_report(&r, "boss1"), RULE);
  tu_must_not(tu_report(&r, "boss2"), RULE);
  tu_must_not(tu_report(&r, "f3"), RULE);
  tu_run_free(&r);
}

/* The ring of test_ring_in_ten_days rated by a client that also rates
 * ten outsiders: eleven-plus reviews in all. */
static void agency(struct tu_lines *l)
{
  ring(l, "r", 3, "001234567890");
  for (int i = 0; i < 3; i++) {
    char id[16];
    snprintf(id, sizeof id, "r%d", i + 1);
    review(l, id, "agency", i, 10);
  }
  for (int i = 0; i < 10; i++) {
    char id[16], name[32], acct[16];
    snprintf(id, sizeof id, "o%d", i);
    snprintf(name, sizeof name, "Other Person%c", 'A' + i);
    snprintf(acct, sizeof acct, "8800%05d", i);
    person(l, id, name, acct, NULL);
    review(l, id, "agency", i, 11);
  }
}

static void test_max_reviews(void **state)
{
  struct tu_lines l = {0};
  struct tu_run r;
  agency(&l);
  tu_run_lines(&r, *state, &l);
  json_t *x = tu_must_find(tu_report(&r, "r2"), RULE);
  assert_int_equal(json_integer_value(tu_ev(x, "client_reviews")), 13);
  tu_run_free(&r);
  /* over check.collusion_max_reviews: a marketplace's account, not judged */
  struct vet_ctx *ctx = tu_check_ctx_with("check.collusion_max_reviews", "12");
  assert_non_null(ctx);
  agency(&l);
  tu_run_lines(&r, ctx, &l);
  none(&r);
  tu_run_free(&r);
  vet_ctx_free(ctx);
}

static void test_min_members_and_window(void **state)
{
  (void)state;
  /* four within 10 days: not with check.collusion_min_members = 5, nor
   * with a window of 5 days (at most two of them) */
  static const struct {
    const char *key, *value;
    bool found;
  } cases[] = {
      {"check.collusion_min_members", "4", true},
      {"check.collusion_min_members", "5", false},
      {"check.collusion_window_days", "9", true},
      {"check.collusion_window_days", "5", false},
      {"rule.ring.review_collusion.enabled", "false", false},
  };
  for (size_t k = 0; k < VET_COUNTOF(cases); k++) {
    struct vet_ctx *ctx = tu_check_ctx_with(cases[k].key, cases[k].value);
    assert_non_null(ctx);
    struct tu_lines l = {0};
    ring(&l, "r", 4, "001234567890");
    for (int i = 0; i < 4; i++) {
      char id[16];
      snprintf(id, sizeof id, "r%d", i + 1);
      review(&l, id, "client-77", 3 * i + 1, 10);
    }
    struct tu_run r;
    tu_run_lines(&r, ctx, &l);
    print_message("%s = %s\n", cases[k].key, cases[k].value);
    if (cases[k].found)
      tu_must_find(tu_report(&r, "r3"), RULE);
    else
      none(&r);
    tu_run_free(&r);
    vet_ctx_free(ctx);
  }
}

static void test_other_ring_rules_off(void **state)
{
  (void)state;
  /* the links are built for this rule alone */
  struct vet_config c;
  vet_config_defaults(&c);
  static const char *const off[] = {"ring.shared_payout", "ring.reused_photo", "ring.duplicate_text",
                                    "ring.shared_contact", "ring.high_risk_member"};
  for (size_t i = 0; i < VET_COUNTOF(off); i++) {
    enum vet_rule rule = vet_rule_find(off[i], strlen(off[i]));
    assert_true(rule < VET_RULE_COUNT);
    c.risk.enabled[rule] = 0;
  }
  struct vet_ctx *ctx = tu_check_ctx(&c, "os_eu_fsf");
  assert_non_null(ctx);
  struct tu_lines l = {0};
  ring(&l, "r", 3, "001234567890");
  for (int i = 0; i < 3; i++) {
    char id[16];
    snprintf(id, sizeof id, "r%d", i + 1);
    review(&l, id, "client-5", i, 10);
  }
  struct tu_run r;
  tu_run_lines(&r, ctx, &l);
  tu_must_find(tu_report(&r, "r1"), RULE);
  tu_must_not(tu_report(&r, "r1"), "ring.shared_payout");
  tu_run_free(&r);
  vet_ctx_free(ctx);
}

static void test_long_client_id(void **state)
{
  /* a 450-byte Korean client id: whole in the evidence, cut on a
   * character boundary in the message (256 bytes) */
  const struct vet_ctx *ctx = *state;
  static const char word[] = "\xed\x81\xb4\xeb\x9d\xbc\xec\x9d\xb4\xec\x96\xb8\xed\x8a\xb8"; /* 클라이언트 */
  char client[512];
  for (int i = 0; i < 30; i++)
    memcpy(client + i * (sizeof word - 1), word, sizeof word - 1);
  client[30 * (sizeof word - 1)] = 0;
  assert_int_equal(strlen(client), 450);
  struct tu_lines l = {0};
  ring(&l, "r", 3, "001234567890");
  for (int i = 0; i < 3; i++) {
    char id[16];
    snprintf(id, sizeof id, "r%d", i + 1);
    review(&l, id, client, i, 10);
  }
  struct tu_run r;
  tu_run_lines(&r, ctx, &l);
  json_t *x = tu_must_find(tu_report(&r, "r2"), RULE);
  assert_string_equal(tu_ev_str(x, "client"), client);
  const char *msg = json_string_value(json_object_get(x, "message"));
  assert_non_null(msg);
  assert_true(strlen(msg) < 256);
  assert_int_equal(strncmp(msg, "client '", 8), 0);
  assert_int_equal(strncmp(msg + 8, client, 63), 0); /* 21 whole characters of 3 bytes: 63 of 64 */
  assert_int_equal(strncmp(msg + 71, "' reviewed 3 members", 20), 0);
  tu_run_free(&r);
}

/* ---- random review streams against a brute-force count ------------------- */

#define RND_MEMBERS 6
#define RND_CLIENTS 3
#define RND_REVIEWS 24
#define RND_DAYS 120
#define RND_WINDOW 30
#define RND_MIN 3

struct rnd_review {
  int member, client;
  int64_t t; /* seconds after T0 */
};

static uint64_t lcg(uint64_t *s)
{
  *s = *s * 6364136223846793005u + 1442695040888963407u;
  return *s >> 33;
}

/* The most distinct members client c rated within one window that holds
 * a rating of member m by c (0 when c never rated m). */
static int brute(const struct rnd_review *v, int n, int m, int c)
{
  int best = 0;
  for (int a = 0; a < n; a++) {
    if (v[a].member != m || v[a].client != c)
      continue;
    for (int b = 0; b < n; b++) { /* windows starting at each rating of c */
      if (v[b].client != c || v[b].t > v[a].t || v[a].t - v[b].t > RND_WINDOW * DAY_S)
        continue;
      bool seen[RND_MEMBERS] = {false};
      int k = 0;
      for (int x = 0; x < n; x++)
        if (v[x].client == c && v[x].t >= v[b].t && v[x].t - v[b].t <= RND_WINDOW * DAY_S && !seen[v[x].member]) {
          seen[v[x].member] = true;
          k++;
        }
      best = k > best ? k : best;
    }
  }
  return best;
}

static void test_random_against_brute_force(void **state)
{
  const struct vet_ctx *ctx = *state;
  uint64_t seed = 20261127;
  for (int trial = 0; trial < 40; trial++) {
    struct rnd_review v[RND_REVIEWS];
    struct tu_lines l = {0};
    ring(&l, "m", RND_MEMBERS, "001234567890");
    for (int i = 0; i < RND_REVIEWS; i++) {
      v[i].member = (int)(lcg(&seed) % RND_MEMBERS);
      v[i].client = (int)(lcg(&seed) % RND_CLIENTS);
      /* whole days and a few hours: ties and windows ending exactly on the limit happen */
      v[i].t = (int64_t)(lcg(&seed) % RND_DAYS) * DAY_S + (int64_t)(lcg(&seed) % 3) * 3600;
      char id[16], client[16];
      snprintf(id, sizeof id, "m%d", v[i].member + 1);
      snprintf(client, sizeof client, "c%d", v[i].client);
      review(&l, id, client, v[i].t / DAY_S, (int)(v[i].t % DAY_S / 3600));
    }
    struct tu_run r;
    tu_run_lines(&r, ctx, &l);
    for (int m = 0; m < RND_MEMBERS; m++) {
      char id[16];
      snprintf(id, sizeof id, "m%d", m + 1);
      const struct vet_report *rep = tu_report(&r, id);
      for (int c = 0; c < RND_CLIENTS; c++) {
        char client[16];
        snprintf(client, sizeof client, "c%d", c);
        int want = brute(v, RND_REVIEWS, m, c);
        json_t *got = NULL;
        for (size_t k = 0; (got = tu_finding(rep, RULE, k)) != NULL; k++)
          if (!strcmp(tu_ev_str(got, "client"), client))
            break;
        if ((want >= RND_MIN) != (got != NULL)) {
          tu_dump(rep);
          fail_msg("trial %d: member %s, client %s: brute force %d members, finding %s", trial, id, client, want,
                   got ? "made" : "not made");
        }
        if (got)
          assert_int_equal(json_integer_value(json_object_get(tu_ev(got, "window"), "members")), want);
      }
    }
    tu_run_free(&r);
  }
}

/* ---- many reviews -------------------------------------------------------- */

static void add(struct vet_population *p, size_t *line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
static void add(struct vet_population *p, size_t *line, const char *fmt, ...)
{
  char b[512];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(b, sizeof b, fmt, ap);
  va_end(ap);
  assert_true(n > 0 && (size_t)n < sizeof b);
  tu_must(vet_population_add_line(p, ++*line, vet_str_c(b), NULL), "add line");
}

static void test_many_reviews(void **state)
{
  /* a ring of 20 rated 250 times each (5,000 reviews) by one client over a
   * year; an agency with 12,000 reviews of 200 outsiders that also rated
   * three ring members in a week is over check.collusion_max_reviews */
  const struct vet_ctx *ctx = *state;
  struct vet_population *p = vet_population_new(vet_ctx_countries(ctx), "many.jsonl");
  assert_non_null(p);
  size_t line = 0;
  char ts[32];
  for (int i = 0; i < 20; i++) {
    add(p, &line, "{\"type\":\"subject\",\"id\":\"r%d\",\"name\":\"Ring Member%c\",\"payouts\":[{\"kind\":\"bank\","
        "\"account\":\"001234567890\"}]}", i, 'A' + i);
    for (int k = 0; k < 250; k++) {
      stamp((k * 20 + i) * 365 / 5000, k % 24, ts);
      add(p, &line, "{\"type\":\"event\",\"subject\":\"r%d\",\"ts\":\"%s\",\"kind\":\"review\",\"counterpart\":"
          "\"fake\"}", i, ts);
    }
  }
  for (int i = 0; i < 200; i++) {
    add(p, &line, "{\"type\":\"subject\",\"id\":\"o%d\",\"name\":\"Outsider Number%d\"}", i, i);
    for (int k = 0; k < 60; k++) {
      stamp(k, i % 24, ts);
      add(p, &line, "{\"type\":\"event\",\"subject\":\"o%d\",\"ts\":\"%s\",\"kind\":\"review\",\"counterpart\":"
          "\"agency\"}", i, ts);
    }
  }
  for (int i = 0; i < 3; i++) {
    stamp(i, 12, ts);
    add(p, &line, "{\"type\":\"event\",\"subject\":\"r%d\",\"ts\":\"%s\",\"kind\":\"review\",\"counterpart\":"
        "\"agency\"}", i, ts);
  }
  tu_must(vet_population_finish(p, NULL), "finish");
  assert_int_equal(p->skipped, 0);
  assert_int_equal(p->n_events, 5000 + 12000 + 3);
  struct vet_error e;
  vet_error_clear(&e);
  struct vet_checker *ck = vet_checker_new(ctx, p, &e);
  if (!ck)
    fail_msg("checker: %s", e.msg);
  struct vet_check_worker *w = vet_check_worker_new(ck, &e);
  assert_non_null(w);
  for (uint32_t i = 0; i < 20; i++) {
    struct vet_report rep;
    tu_must(vet_check_subject(w, i, &rep, &e), "check");
    json_t *x = tu_must_find(&rep, RULE);
    assert_string_equal(tu_ev_str(x, "client"), "fake");
    assert_int_equal(json_integer_value(tu_ev(x, "client_reviews")), 5000);
    json_t *win = tu_ev(x, "window");
    assert_int_equal(json_integer_value(json_object_get(win, "members")), 20);
    assert_int_equal(json_array_size(json_object_get(win, "reviews")), 20); /* listed up to 20 */
    assert_true(json_integer_value(json_object_get(win, "reviews_in_window")) > 20);
    assert_null(tu_finding(&rep, RULE, 1)); /* the agency is not judged */
    json_decref(rep.json);
  }
  struct vet_report rep;
  tu_must(vet_check_subject(w, 20, &rep, &e), "check"); /* o0 */
  tu_must_not(&rep, RULE);
  json_decref(rep.json);
  vet_check_worker_free(w);
  vet_checker_free(ck);
  vet_population_free(p);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_ring_in_ten_days),     cmocka_unit_test(test_spread_over_200_days),
      cmocka_unit_test(test_three_of_four),        cmocka_unit_test(test_busy_client),
      cmocka_unit_test(test_family),               cmocka_unit_test(test_client_is_subject),
      cmocka_unit_test(test_max_reviews),          cmocka_unit_test(test_min_members_and_window),
      cmocka_unit_test(test_other_ring_rules_off), cmocka_unit_test(test_random_against_brute_force),
      cmocka_unit_test(test_long_client_id),       cmocka_unit_test(test_many_reviews),
  };
  return cmocka_run_group_tests_name("review collusion", tests, tu_check_setup, tu_check_teardown);
}
