/* test_json.c - JSON forms (io/json_out.c): the shape of vet_hit_json and
 * vet_explain_json (keys present or absent, scores rounded to 4
 * decimals), vet_lists_versions_json with and without a list mask, and
 * the batch record reader vet_query_from_json (every field, wrong types
 * naming the field, bad dates, unknown countries, nothing to screen). */
#include <math.h>

#include "testutil.h"
#include "vetter/vetter.h"

struct fixture {
  const struct vet_countries *countries; /* tu_countries() */
  struct vet_listset *ls;
  struct vet_arena a;
};

static int setup(void **state)
{
  struct fixture *f = calloc(1, sizeof *f);
  if (!f)
    return -1;
  f->countries = tu_countries();
  f->ls = vet_listset_new(f->countries);
  struct vet_list la = {.name = VET_LIT("ofac_sdn"), .date = VET_LIT("2024-05-03")};
  struct vet_list lb = {.name = VET_LIT("un_sc"), .date = VET_LIT("2026-02-27")};
  struct vet_list lc = {.name = VET_LIT("no_date")};
  if (vet_listset_add_list(f->ls, &la) != 0 || vet_listset_add_list(f->ls, &lb) != 1 ||
      vet_listset_add_list(f->ls, &lc) != 2)
    return -1;
  struct vet_entity *en = vet_listset_entity(f->ls, 0, VET_LIT("20157"), true);
  en->schema = VET_SCHEMA_PERSON;
  tu_must(vet_entity_add_name(f->ls, en, VET_LIT("KIM, Jong Un"), VET_NAME_PRIMARY), "name");
  tu_must(vet_entity_add_name(f->ls, en, VET_LIT("김정은"), VET_NAME_ALIAS), "alias");
  tu_must(vet_entity_add_program(f->ls, en, VET_LIT("DPRK3")), "program");
  tu_must(vet_entity_add_program(f->ls, en, VET_LIT("DPRK-NKSPEA")), "program");
  tu_must(vet_entity_add_country(f->ls, en, VET_LIT("North Korea"), VET_COUNTRY_NATIONALITY), "country");
  tu_must(vet_entity_add_country(f->ls, en, VET_LIT("KP"), VET_COUNTRY_BIRTH), "country"); /* same code, other kind */
  struct vet_date d1 = {.year = 1984, .month = 1, .day = 8}, d2 = {.year = 1983, .approx = 1};
  tu_must(vet_entity_add_date(f->ls, en, &d1), "date");
  tu_must(vet_entity_add_date(f->ls, en, &d2), "date");
  tu_must(vet_entity_add_ident(f->ls, en, VET_ID_EMAIL, VET_LIT("Leader@Example.KP"), VET_STR_NULL, VET_STR_NULL),
          "id");
  struct vet_entity *org = vet_listset_entity(f->ls, 1, VET_LIT("KPe.001"), true);
  tu_must(vet_entity_add_name(f->ls, org, VET_LIT("KOREA MINING DEVELOPMENT TRADING CORPORATION"), VET_NAME_PRIMARY),
          "org");
  tu_must(vet_listset_freeze(f->ls, NULL), "freeze");
  vet_arena_init(&f->a, 16 * 1024);
  *state = f;
  return 0;
}

static int teardown(void **state)
{
  struct fixture *f = *state;
  vet_listset_free(f->ls);
  vet_arena_release(&f->a);
  free(f);
  return 0;
}

static const char *str_of(json_t *o, const char *key)
{
  json_t *v = json_object_get(o, key);
  if (!json_is_string(v))
    fail_msg("key '%s': not a string", key);
  return json_string_value(v);
}

static double real_of(json_t *o, const char *key)
{
  json_t *v = json_object_get(o, key);
  if (!json_is_number(v))
    fail_msg("key '%s': not a number", key);
  return json_number_value(v);
}

static void test_score_rounding(void **state)
{
  (void)state;
  static const struct {
    double in, want;
  } cases[] = {
      {0.123456, 0.1235}, {0.12344, 0.1234}, {1.0, 1.0}, {0.0, 0.0}, {0.99995, 1.0},
      {0.999949, 0.9999}, {0.5, 0.5},       {0.96499999, 0.965},
  };
  for (size_t i = 0; i < VET_COUNTOF(cases); i++) {
    json_t *j = vet_json_score(cases[i].in);
    assert_true(json_is_real(j));
    if (json_real_value(j) != cases[i].want)
      fail_msg("%.8f: %.17g, want %.4f", cases[i].in, json_real_value(j), cases[i].want);
    json_decref(j);
  }
  /* printed as the CLI prints it: at most 4 decimals */
  json_t *j = vet_json_score(0.9649999);
  char *s = json_dumps(j, JSON_ENCODE_ANY | JSON_REAL_PRECISION(6));
  assert_string_equal(s, "0.965");
  free(s);
  json_decref(j);
  /* strings */
  j = vet_json_str(VET_LIT("김정은"));
  assert_string_equal(json_string_value(j), "김정은");
  json_decref(j);
  j = vet_json_str(VET_STR_NULL);
  assert_string_equal(json_string_value(j), "");
  json_decref(j);
  j = vet_json_str(VET_LIT("bad \xFF"));
  assert_true(json_is_null(j));
  json_decref(j);
}

/* A name hit made by hand, with every part of the explanation. */
static void test_hit_json(void **state)
{
  struct fixture *f = *state;
  const struct vet_entity *en = vet_listset_find(f->ls, VET_LIT("ofac_sdn"), VET_LIT("20157"));
  assert_non_null(en);
  struct vet_align al[2] = {
      {.q = VET_LIT("gim"), .c = VET_LIT("kim"), .sim = 0.95, .weight = 1.234567, .how = "korean"},
      {.q = VET_LIT("jong un"), .c = VET_LIT("jongun"), .sim = 1.0, .weight = 2.0, .how = "merged"},
  };
  vet_str qu[1] = {VET_LIT("chol")};
  struct vet_hit h;
  memset(&h, 0, sizeof h);
  h.entity = en;
  h.list = &f->ls->lists[en->list];
  h.name = &en->names[1];
  h.score = 0.96543210;
  h.ex.align = al;
  h.ex.n_align = 2;
  h.ex.q_unmatched = qu;
  h.ex.n_q_unmatched = 1;
  h.ex.name_score = 0.9512345;
  h.ex.n_adj = 2;
  h.ex.adj[0] = (struct vet_adjust){.name = "birth_date", .result = "exact", .query = "1984-01-08",
                                    .list = "1984-01-08", .before = 0.9512345, .after = 0.96586415};
  h.ex.adj[1] = (struct vet_adjust){.name = "weak_alias", .result = "matched a weak alias", .before = 0.5,
                                    .after = 0.45};
  json_t *o = vet_hit_json(&h);
  assert_non_null(o);
  static const char *const keys[] = {"list",     "entity_id", "schema",    "name",        "matched_name",
                                     "name_kind", "score",     "programs", "countries", "birth_dates", "explain"};
  for (size_t i = 0; i < VET_COUNTOF(keys); i++)
    if (!json_object_get(o, keys[i]))
      fail_msg("hit: no key '%s'", keys[i]);
  assert_int_equal(json_object_size(o), VET_COUNTOF(keys));
  assert_string_equal(str_of(o, "list"), "ofac_sdn");
  assert_string_equal(str_of(o, "entity_id"), "20157");
  assert_string_equal(str_of(o, "schema"), "person");
  assert_string_equal(str_of(o, "name"), "KIM, Jong Un");
  assert_string_equal(str_of(o, "matched_name"), "김정은");
  assert_string_equal(str_of(o, "name_kind"), "alias");
  assert_true(real_of(o, "score") == 0.9654);
  json_t *pr = json_object_get(o, "programs");
  assert_int_equal(json_array_size(pr), 2);
  assert_string_equal(json_string_value(json_array_get(pr, 0)), "DPRK3");
  json_t *cs = json_object_get(o, "countries");
  assert_int_equal(json_array_size(cs), 1); /* KP twice (two kinds), listed once */
  assert_string_equal(json_string_value(json_array_get(cs, 0)), "KP");
  json_t *ds = json_object_get(o, "birth_dates");
  assert_int_equal(json_array_size(ds), 2);
  assert_string_equal(json_string_value(json_array_get(ds, 0)), "1984-01-08");
  assert_string_equal(json_string_value(json_array_get(ds, 1)), "~1983");

  json_t *ex = json_object_get(o, "explain");
  assert_true(json_is_object(ex));
  assert_true(real_of(ex, "name_score") == 0.9512);
  assert_null(json_object_get(ex, "identifier"));
  json_t *toks = json_object_get(ex, "tokens");
  assert_int_equal(json_array_size(toks), 2);
  json_t *t0 = json_array_get(toks, 0);
  assert_int_equal(json_object_size(t0), 5);
  assert_string_equal(str_of(t0, "query"), "gim");
  assert_string_equal(str_of(t0, "list"), "kim");
  assert_true(real_of(t0, "sim") == 0.95);
  assert_true(real_of(t0, "weight") == 1.2346);
  assert_string_equal(str_of(t0, "how"), "korean");
  assert_string_equal(str_of(json_array_get(toks, 1), "query"), "jong un");
  json_t *uq = json_object_get(ex, "unmatched_query"), *ul = json_object_get(ex, "unmatched_list");
  assert_int_equal(json_array_size(uq), 1);
  assert_string_equal(json_string_value(json_array_get(uq, 0)), "chol");
  assert_true(json_is_array(ul) && json_array_size(ul) == 0);
  json_t *adj = json_object_get(ex, "adjustments");
  assert_int_equal(json_array_size(adj), 2);
  json_t *a0 = json_array_get(adj, 0), *a1 = json_array_get(adj, 1);
  assert_string_equal(str_of(a0, "rule"), "birth_date");
  assert_string_equal(str_of(a0, "result"), "exact");
  assert_string_equal(str_of(a0, "query"), "1984-01-08");
  assert_string_equal(str_of(a0, "list"), "1984-01-08");
  assert_true(real_of(a0, "before") == 0.9512);
  assert_true(real_of(a0, "after") == 0.9659);
  assert_null(json_object_get(a1, "query")); /* empty values are left out */
  assert_null(json_object_get(a1, "list"));
  assert_true(real_of(a1, "after") == 0.45);
  /* it serializes */
  char *s = json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(6));
  assert_non_null(s);
  assert_non_null(strstr(s, "\"score\":0.9654"));
  free(s);
  json_decref(o);
}

static void test_identifier_hit_json(void **state)
{
  struct fixture *f = *state;
  const struct vet_entity *en = vet_listset_find(f->ls, VET_LIT("ofac_sdn"), VET_LIT("20157"));
  struct vet_hit h;
  memset(&h, 0, sizeof h);
  h.entity = en;
  h.list = &f->ls->lists[en->list];
  h.score = 1.0;
  h.ex.name_score = 1.0;
  h.ex.id_kind = VET_ID_EMAIL;
  h.ex.id_value = en->idents[0].value;
  json_t *o = vet_hit_json(&h);
  assert_true(json_is_null(json_object_get(o, "matched_name")));
  assert_null(json_object_get(o, "name_kind"));
  assert_true(real_of(o, "score") == 1.0);
  json_t *ex = json_object_get(o, "explain");
  json_t *id = json_object_get(ex, "identifier");
  assert_true(json_is_object(id));
  assert_string_equal(str_of(id, "kind"), "email");
  assert_string_equal(str_of(id, "value"), "Leader@Example.KP");
  assert_null(json_object_get(ex, "tokens"));
  assert_null(json_object_get(ex, "unmatched_query"));
  assert_null(json_object_get(ex, "adjustments"));
  json_decref(o);

  /* an entity without dates has no birth_dates key; schema unknown */
  const struct vet_entity *org = vet_listset_find(f->ls, VET_LIT("un_sc"), VET_LIT("KPe.001"));
  memset(&h, 0, sizeof h);
  h.entity = org;
  h.list = &f->ls->lists[org->list];
  h.name = &org->names[0];
  h.score = 0.5;
  o = vet_hit_json(&h);
  assert_null(json_object_get(o, "birth_dates"));
  assert_string_equal(str_of(o, "schema"), "unknown");
  assert_string_equal(str_of(o, "name_kind"), "primary");
  assert_int_equal(json_array_size(json_object_get(o, "programs")), 0);
  assert_int_equal(json_array_size(json_object_get(o, "countries")), 0);
  /* an empty explanation: only the name score */
  ex = json_object_get(o, "explain");
  assert_int_equal(json_object_size(ex), 1);
  assert_true(real_of(ex, "name_score") == 0.0);
  json_decref(o);
}

/* A hit as vet_screen makes it, turned to JSON. */
static void test_screen_hit_json(void **state)
{
  struct fixture *f = *state;
  struct vet_config c;
  vet_config_defaults(&c);
  struct vet_index *ix = vet_index_build(f->ls, &c.match, NULL);
  assert_non_null(ix);
  struct vet_searcher *s = vet_searcher_new(ix, NULL);
  assert_non_null(s);
  struct vet_query q;
  memset(&q, 0, sizeof q);
  q.name = VET_LIT("Gim Jeong Eun Chol");
  q.threshold = 1e-9; /* everything: 0 would mean the default */
  tu_must(vet_date_parse(VET_LIT("1984-01-08"), &q.birth_date), "dob");
  memcpy(q.country, "CN", 3);
  struct vet_hits h;
  tu_must(vet_screen(s, &q, &f->a, &h, NULL), "screen");
  assert_true(h.n >= 1);
  json_t *o = vet_hit_json(&h.v[0]);
  assert_string_equal(str_of(o, "entity_id"), "20157");
  double sc = real_of(o, "score");
  assert_true(fabs(sc - round(h.v[0].score * 10000) / 10000) < 1e-12);
  json_t *ex = json_object_get(o, "explain");
  assert_true(json_array_size(json_object_get(ex, "tokens")) >= 3);
  assert_int_equal(json_array_size(json_object_get(ex, "unmatched_query")), 1);
  json_t *adj = json_object_get(ex, "adjustments");
  assert_int_equal(json_array_size(adj), 2);
  assert_string_equal(str_of(json_array_get(adj, 0), "rule"), "birth_date");
  assert_string_equal(str_of(json_array_get(adj, 1), "rule"), "country");
  assert_string_equal(str_of(json_array_get(adj, 1), "list"), "KP");
  json_decref(o);
  /* every score in the JSON has at most 4 decimals */
  o = vet_explain_json(&h.v[0].ex);
  json_t *toks = json_object_get(o, "tokens");
  for (size_t i = 0; i < json_array_size(toks); i++) {
    double w = real_of(json_array_get(toks, i), "weight");
    assert_true(fabs(w * 10000 - round(w * 10000)) < 1e-6);
  }
  json_decref(o);
  vet_searcher_free(s);
  vet_index_free(ix);
  vet_arena_reset(&f->a);
}

static void test_versions_json(void **state)
{
  struct fixture *f = *state;
  json_t *v = vet_lists_versions_json(f->ls, 0);
  assert_int_equal(json_object_size(v), 3);
  assert_string_equal(str_of(v, "ofac_sdn"), "2024-05-03");
  assert_string_equal(str_of(v, "un_sc"), "2026-02-27");
  assert_string_equal(str_of(v, "no_date"), "");
  json_decref(v);
  v = vet_lists_versions_json(f->ls, 2);
  assert_int_equal(json_object_size(v), 1);
  assert_string_equal(str_of(v, "un_sc"), "2026-02-27");
  json_decref(v);
  v = vet_lists_versions_json(f->ls, 1ull << 40); /* no such list: nothing */
  assert_int_equal(json_object_size(v), 0);
  json_decref(v);
}

static json_t *parse(const char *text)
{
  json_error_t je;
  json_t *o = json_loads(text, JSON_DECODE_ANY, &je);
  if (!o)
    fail_msg("bad test JSON '%s': %s", text, je.text);
  return o;
}

static void test_query_all_fields(void **state)
{
  struct fixture *f = *state;
  json_t *o = parse("{\"id\":\"w-17\",\"name\":\"Kim Jong Un\",\"type\":\"Individual\",\"birth_date\":\"8 Jan 1984\","
                    "\"country\":\"North Korea\",\"email\":\"a@b.kp\",\"phone\":\"+850 2 123 4567\","
                    "\"crypto\":\"0xABC\",\"domain\":\"b.kp\",\"document\":\"PD 123456\",\"extra\":[1,2],"
                    "\"threshold\":0.5}");
  struct vet_query q;
  memset(&q, 0, sizeof q);
  q.threshold = -1;
  struct vet_error e;
  vet_error_clear(&e);
  assert_int_equal(vet_query_from_json(o, f->countries, &q, &e), VET_OK);
  assert_true(vet_str_eq_c(q.name, "Kim Jong Un"));
  assert_int_equal(q.schema, VET_SCHEMA_PERSON);
  assert_int_equal(q.birth_date.year, 1984);
  assert_int_equal(q.birth_date.month, 1);
  assert_int_equal(q.birth_date.day, 8);
  assert_string_equal(q.country, "KP");
  assert_true(vet_str_eq_c(q.email, "a@b.kp"));
  assert_true(vet_str_eq_c(q.phone, "+850 2 123 4567"));
  assert_true(vet_str_eq_c(q.crypto, "0xABC"));
  assert_true(vet_str_eq_c(q.domain, "b.kp"));
  assert_true(vet_str_eq_c(q.document, "PD 123456"));
  assert_true(q.threshold < 0); /* the record does not set screening options */
  assert_int_equal(q.limit, 0);
  json_decref(o);

  /* other spellings of the type and the country */
  static const struct {
    const char *json;
    enum vet_schema schema;
    const char *country;
  } more[] = {
      {"{\"name\":\"x\",\"type\":\"organization\",\"country\":\"PRK\"}", VET_SCHEMA_ORGANIZATION, "KP"},
      {"{\"name\":\"x\",\"type\":\"entity\",\"country\":\"kp\"}", VET_SCHEMA_ORGANIZATION, "KP"},
      {"{\"name\":\"x\",\"type\":\"Vessel\",\"country\":\"Korea, North\"}", VET_SCHEMA_VESSEL, "KP"},
      {"{\"name\":\"x\",\"type\":\"aircraft\",\"country\":\"Iran\"}", VET_SCHEMA_AIRCRAFT, "IR"},
      {"{\"name\":\"x\",\"type\":null,\"country\":null,\"birth_date\":null}", VET_SCHEMA_UNKNOWN, ""},
      {"{\"email\":\"only@identifier.com\"}", VET_SCHEMA_UNKNOWN, ""},
  };
  for (size_t i = 0; i < VET_COUNTOF(more); i++) {
    o = parse(more[i].json);
    memset(&q, 0, sizeof q);
    if (vet_query_from_json(o, f->countries, &q, &e) != VET_OK)
      fail_msg("%s: %s", more[i].json, e.msg);
    assert_int_equal(q.schema, more[i].schema);
    assert_string_equal(q.country, more[i].country);
    json_decref(o);
  }
}

static void test_query_errors(void **state)
{
  struct fixture *f = *state;
  static const struct {
    const char *json, *msg;
  } cases[] = {
      {"{\"name\":5}", "field 'name'"},
      {"{\"name\":\"x\",\"email\":true}", "field 'email'"},
      {"{\"name\":\"x\",\"phone\":8502123}", "field 'phone'"},
      {"{\"name\":\"x\",\"crypto\":[\"0x1\"]}", "field 'crypto'"},
      {"{\"name\":\"x\",\"domain\":{}}", "field 'domain'"},
      {"{\"name\":\"x\",\"document\":1.5}", "field 'document'"},
      {"{\"name\":\"x\",\"type\":1}", "field 'type'"},
      {"{\"name\":\"x\",\"type\":\"robot\"}", "field 'type'"},
      {"{\"name\":\"x\",\"birth_date\":19840108}", "field 'birth_date'"},
      {"{\"name\":\"x\",\"birth_date\":\"1984-13-01\"}", "field 'birth_date'"},
      {"{\"name\":\"x\",\"birth_date\":\"31 Feb 1984\"}", "'31 Feb 1984'"},
      {"{\"name\":\"x\",\"birth_date\":\"yesterday\"}", "not a valid date"},
      {"{\"name\":\"x\",\"country\":\"Atlantis\"}", "field 'country'"},
      {"{\"name\":\"x\",\"country\":\"Atlantis\"}", "'Atlantis'"},
      {"{\"name\":\"x\",\"country\":7}", "field 'country'"},
      {"{\"id\":\"1\"}", "nothing to screen"},
      {"{\"name\":\"\",\"email\":\"\"}", "nothing to screen"},
      {"{\"name\":null}", "nothing to screen"},
      {"{\"type\":\"person\",\"birth_date\":\"1984\",\"country\":\"KP\"}", "nothing to screen"},
      {"[\"Kim Jong Un\"]", "object"},
      {"\"Kim Jong Un\"", "object"},
      {"null", "object"},
  };
  for (size_t i = 0; i < VET_COUNTOF(cases); i++) {
    json_t *o = parse(cases[i].json);
    struct vet_query q;
    memset(&q, 0, sizeof q);
    struct vet_error e;
    vet_error_clear(&e);
    vet_err rc = vet_query_from_json(o, f->countries, &q, &e);
    if (rc != VET_EPARSE)
      fail_msg("%s: rc %s, want parse", cases[i].json, vet_err_name(rc));
    if (!strstr(e.msg, cases[i].msg))
      fail_msg("%s: message '%s' does not say %s", cases[i].json, e.msg, cases[i].msg);
    json_decref(o);
  }
  /* a long bad value is cut in the message, which stays within its buffer */
  char big[600];
  int n = snprintf(big, sizeof big, "{\"name\":\"x\",\"country\":\"");
  memset(big + n, 'z', 500);
  memcpy(big + n + 500, "\"}", 3);
  json_t *o = parse(big);
  struct vet_query q;
  memset(&q, 0, sizeof q);
  struct vet_error e;
  assert_int_equal(vet_query_from_json(o, f->countries, &q, &e), VET_EPARSE);
  assert_true(strlen(e.msg) < 120);
  json_decref(o);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_score_rounding),     cmocka_unit_test(test_hit_json),
      cmocka_unit_test(test_identifier_hit_json), cmocka_unit_test(test_screen_hit_json),
      cmocka_unit_test(test_versions_json),      cmocka_unit_test(test_query_all_fields),
      cmocka_unit_test(test_query_errors),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
