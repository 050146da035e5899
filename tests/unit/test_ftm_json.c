/* test_ftm_json.c - the FollowTheMoney JSON-lines loader: a fixture of real
 * lines (tests/data/ftm_json/entities.ftm.json: the seven EU FSF entities
 * of yente's test set and eight lines of the Saudi PEP export), side
 * entities folded into their things, malformed lines, and full files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "io/file.h"
#include "lists/loaders.h"
#include "vetter/country.h"
#include "vetter/date.h"
#include "vetter/lists.h"

#define FIXTURE VET_TEST_DATA "/ftm_json/entities.ftm.json"
#define BUNDLED VET_DATA_DIR "/lists/os_eu_fsf/entities.ftm.json"
/* shared/data sits next to the project (SOURCES.md); the test skips without it */
#define PEPS VET_DATA_DIR "/../../shared/data/opensanctions/wd_peps_sa_2024-03-10/entities.ftm.json"

static struct vet_countries *countries;

static int setup(void **state)
{
  (void)state;
  struct vet_error e = {0};
  countries = vet_countries_load(VET_DATA_DIR "/country", &e);
  return countries ? 0 : -1;
}

static int teardown(void **state)
{
  (void)state;
  vet_countries_free(countries);
  return 0;
}

static struct vet_listset *load(const char *path, vet_err want, struct vet_error *e)
{
  struct vet_listset *ls = vet_listset_new(countries);
  assert_non_null(ls);
  struct vet_list meta = {.name = VET_LIT("os"), .date = VET_LIT("1999-01-01")};
  vet_err rc = vet_lists_load(ls, "ftm_json", path, &meta, e);
  if (rc != want)
    fail_msg("load '%s': got %s (%s), want %s", path, vet_err_name(rc), e->msg, vet_err_name(want));
  if (rc == VET_OK)
    assert_int_equal(vet_listset_freeze(ls, e), VET_OK);
  return ls;
}

static const struct vet_entity *get(const struct vet_listset *ls, const char *id)
{
  const struct vet_entity *en = vet_listset_find(ls, VET_LIT("os"), vet_str_c(id));
  if (!en)
    fail_msg("entity '%s' not found", id);
  return en;
}

static const struct vet_name *find_name(const struct vet_entity *en, const char *text)
{
  for (uint32_t i = 0; i < en->n_names; i++)
    if (vet_str_eq_c(en->names[i].text, text))
      return &en->names[i];
  return NULL;
}

static bool has_country(const struct vet_entity *en, const char *code, enum vet_country_kind kind)
{
  for (uint32_t i = 0; i < en->n_countries; i++)
    if (!strcmp(en->countries[i].code, code) && en->countries[i].kind == kind)
      return true;
  return false;
}

static const struct vet_ident *find_ident(const struct vet_entity *en, enum vet_id_kind kind, const char *value)
{
  for (uint32_t i = 0; i < en->n_idents; i++)
    if (en->idents[i].kind == kind && vet_str_eq_c(en->idents[i].value, value))
      return &en->idents[i];
  return NULL;
}

static bool has_program(const struct vet_entity *en, const char *p)
{
  for (uint32_t i = 0; i < en->n_programs; i++)
    if (vet_str_eq_c(en->programs[i], p))
      return true;
  return false;
}

static bool has_date(const struct vet_entity *en, int y, int m, int d)
{
  for (uint32_t i = 0; i < en->n_dates; i++)
    if (en->dates[i].year == y && en->dates[i].month == m && en->dates[i].day == d)
      return true;
  return false;
}

static void test_fixture_entities(void **state)
{
  (void)state;
  struct vet_error e = {0};
  struct vet_listset *ls = load(FIXTURE, VET_OK, &e);
  /* 15 lines: 6 EU FSF things + their Address, 6 Saudi PEPs + a Position, a Family, an Occupancy */
  assert_int_equal(ls->lists[0].n_entities, 11);
  assert_string_equal(ls->lists[0].date.ptr, "2024-03-28"); /* newest last_change */
  assert_null(vet_listset_find(ls, VET_LIT("os"), VET_LIT("NK-2MQE6AmhAk4tqhENJAMUG9"))); /* the Address */
  assert_null(vet_listset_find(ls, VET_LIT("os"), VET_LIT("Q100710516")));                 /* a Position */

  static const struct {
    const char *id;
    enum vet_schema schema;
    const char *primary;
    char gender;
  } ents[] = {
      {"NK-2GdmHtZTeNXjNVrBGEXZNj", VET_SCHEMA_ORGANIZATION, "RAB \xe2\x80\x9eInter Tobacco\xe2\x80\x9c", 0},
      {"NK-2PacmNpiLUmoz4XD2mSt7A", VET_SCHEMA_ORGANIZATION, "IRGC", 0},
      {"NK-2Ka3UvopqbpZmVDFjWd4LA", VET_SCHEMA_PERSON, "Vitaly Yurievich KUZMENKO", 'M'},
      {"NK-2KeUB68qUJtykm3BuAcazG", VET_SCHEMA_PERSON, "Tatiana Vladimirovna ZJURAVLEVA", 'F'},
      {"NK-2Myxbs6wX9xFKGoQn3sLaY", VET_SCHEMA_PERSON, "Viktor Vladimirovitj Sojko", 'M'},
      /* no "name" property: the caption leads, the aliases follow; values are bare strings */
      {"Q60195440", VET_SCHEMA_PERSON, "Abdullah bin Bandar bin Abdulaziz Al Saud", 'M'},
      {"Q5431095", VET_SCHEMA_PERSON, "Faisal bin Turki bin Nasser", 'M'},
      {"Q104476955", VET_SCHEMA_PERSON, "Ahmed W Ameen", 0},
  };
  for (size_t i = 0; i < VET_COUNTOF(ents); i++) {
    const struct vet_entity *en = get(ls, ents[i].id);
    assert_int_equal(en->schema, ents[i].schema);
    assert_int_equal(en->names[0].kind, VET_NAME_PRIMARY);
    assert_string_equal(en->names[0].text.ptr, ents[i].primary);
    assert_int_equal(en->gender, ents[i].gender);
    for (uint32_t k = 1; k < en->n_names; k++)
      assert_int_not_equal(en->names[k].kind, VET_NAME_PRIMARY);
  }

  static const struct {
    const char *id, *text;
    enum vet_name_kind kind;
    const char *script;
  } names[] = {
      {"NK-2PacmNpiLUmoz4XD2mSt7A", "Iranian Revolutionary Guard Corps", VET_NAME_ALIAS, "Latn"},
      {"NK-2Ka3UvopqbpZmVDFjWd4LA", "\xd0\x92\xd0\xb8\xd1\x82\xd0\xb0\xd0\xbb\xd0\xb8\xd0\xb9 \xd0\xae\xd1\x80\xd1\x8c"
                                    "\xd0\xb5\xd0\xb2\xd0\xb8\xd1\x87 \xd0\x9a\xd0\xa3\xd0\x97\xd0\xac\xd0\x9c\xd0\x95"
                                    "\xd0\x9d\xd0\x9a\xd0\x9e", VET_NAME_ALIAS, "Cyrl"}, /* Виталий Юрьевич КУЗЬМЕНКО */
      {"Q5431095", "Abu Turki", VET_NAME_WEAK_ALIAS, "Latn"},   /* weakAlias */
      {"Q5431095", "Kayhalan", VET_NAME_WEAK_ALIAS, "Latn"},
      {"Q5431095", "Faisal bin Turki Al Saud", VET_NAME_ALIAS, "Latn"},
      {"Q106476949", "Ma'ruf Rafiq Mahmoud", VET_NAME_FORMER, "Latn"}, /* previousName */
      {"Q106476949", "\xd9\x85\xd8\xb9\xd8\xb1\xd9\x88\xd9\x81 \xd8\xb1\xd9\x81\xd9\x8a\xd9\x82", VET_NAME_ALIAS,
       "Arab"}, /* معروف رفيق */
      {"Q12182638", "\xe4\xbc\x8a\xe4\xba\x9a\xe5\xbe\xb7\xc2\xb7\xe8\xbf\x88\xe8\xbe\xbe\xe5\xb0\xbc", VET_NAME_ALIAS,
       "Hani"}, /* 伊亚德·迈达尼 */
      {"Q60195440", "Abdullah bin Bandar Al Saud", VET_NAME_ALIAS, "Latn"},
  };
  for (size_t i = 0; i < VET_COUNTOF(names); i++) {
    const struct vet_name *n = find_name(get(ls, names[i].id), names[i].text);
    if (!n)
      fail_msg("%s: no name '%s'", names[i].id, names[i].text);
    assert_int_equal(n->kind, names[i].kind);
    assert_string_equal(n->script, names[i].script);
  }
  assert_int_equal(get(ls, "NK-2GdmHtZTeNXjNVrBGEXZNj")->n_names, 12);
  assert_int_equal(get(ls, "Q12182638")->n_names, 7); /* the empty weakAlias and previousName add nothing */

  static const struct {
    const char *id;
    int y, m, d;
  } dates[] = {
      {"NK-2Ka3UvopqbpZmVDFjWd4LA", 1971, 1, 22}, {"NK-2KeUB68qUJtykm3BuAcazG", 1967, 12, 19},
      {"Q60195440", 1986, 8, 7},                  {"Q106476949", 1935, 11, 20},
  };
  for (size_t i = 0; i < VET_COUNTOF(dates); i++)
    if (!has_date(get(ls, dates[i].id), dates[i].y, dates[i].m, dates[i].d))
      fail_msg("%s: no date %d-%d-%d", dates[i].id, dates[i].y, dates[i].m, dates[i].d);

  static const struct {
    const char *id, *code;
    enum vet_country_kind kind;
  } ctry[] = {
      {"NK-2Ka3UvopqbpZmVDFjWd4LA", "RU", VET_COUNTRY_NATIONALITY},
      {"NK-2GdmHtZTeNXjNVrBGEXZNj", "BY", VET_COUNTRY_OTHER},
      {"NK-2PacmNpiLUmoz4XD2mSt7A", "IR", VET_COUNTRY_OTHER},
      {"NK-2Myxbs6wX9xFKGoQn3sLaY", "BY", VET_COUNTRY_BIRTH}, /* birthPlace "BELARUS, Komsomolskaya" */
      {"Q60195440", "SA", VET_COUNTRY_BIRTH},                 /* birthCountry "sa", birthPlace "Riyadh, Saudi Arabia" */
      {"Q106476949", "QA", VET_COUNTRY_NATIONALITY},
      {"Q106476949", "PS", VET_COUNTRY_NATIONALITY},
  };
  for (size_t i = 0; i < VET_COUNTOF(ctry); i++)
    if (!has_country(get(ls, ctry[i].id), ctry[i].code, ctry[i].kind))
      fail_msg("%s: no country %s (%s)", ctry[i].id, ctry[i].code, vet_country_kind_name(ctry[i].kind));

  assert_non_null(find_ident(get(ls, "NK-2GdmHtZTeNXjNVrBGEXZNj"), VET_ID_REGISTRATION, "808000714"));
  assert_non_null(find_ident(get(ls, "NK-2Ka3UvopqbpZmVDFjWd4LA"), VET_ID_TAX_ID, "366510784303"));
  const struct vet_ident *web = get(ls, "Q104476955")->idents;
  assert_int_equal(web->kind, VET_ID_WEBSITE);
  assert_string_equal(web->norm.ptr, "pureprojects.ppad.man.ac.uk");

  const struct vet_entity *irgc = get(ls, "NK-2PacmNpiLUmoz4XD2mSt7A");
  assert_true(has_program(irgc, "dataset:eu_fsf"));
  assert_true(has_program(irgc, "topic:sanction"));
  assert_true(has_program(get(ls, "Q60195440"), "dataset:sa_wiki_peps_v2"));
  assert_non_null(strstr(get(ls, "NK-2Ka3UvopqbpZmVDFjWd4LA")->remarks.ptr,
                         "Position: General Director of JSC 163 Armor Repair Plant"));
  assert_non_null(strstr(get(ls, "NK-2Myxbs6wX9xFKGoQn3sLaY")->remarks.ptr, "Title: Colonel"));
  vet_listset_free(ls);
}

static void temp_file(char *buf, size_t cap, const char *text, size_t len)
{
  snprintf(buf, cap, "/tmp/vet_test_ftm_XXXXXX");
  int fd = mkstemp(buf);
  assert_true(fd >= 0);
  assert_int_equal(write(fd, text, len), (ssize_t)len);
  close(fd);
}

/* Side entities may come before or after their thing and may name it by a
 * referent; they attach addresses, programs, documents and wallets. */
static void test_side_entities(void **state)
{
  (void)state;
  static const char text[] =
      "{\"id\":\"san-1\",\"schema\":\"Sanction\",\"properties\":{\"entity\":[\"ofac-1\"],\"programId\":[\"DPRK3\"],"
      "\"program\":[\"North Korea\"]}}\n"
      "{\"id\":\"pp-1\",\"schema\":\"Passport\",\"properties\":{\"holder\":[\"p1\"],\"number\":[\"745310010\"],"
      "\"country\":[\"kp\"]}}\n"
      "{\"id\":\"id-1\",\"schema\":\"Identification\",\"properties\":{\"holder\":[\"p1\"],\"number\":[\"1234-5678\"],"
      "\"type\":[\"Tax ID\"]}}\n"
      "\r\n"
      "{\"id\":\"w-1\",\"schema\":\"CryptoWallet\",\"properties\":{\"holder\":[\"p1\"],\"publicKey\":[\"0xABCdef0123\"],"
      "\"currency\":[\"ETH\"]}}\n"
      "{\"id\":\"p1\",\"caption\":\"PAK Jin Hyok\",\"schema\":\"Person\",\"referents\":[\"ofac-1\"],"
      "\"properties\":{\"name\":[\"Pak Jin Hyok\"],\"addressEntity\":[\"addr-old\"],\"email\":[\"Pak@Example.com\"],"
      "\"phone\":[\"+850 2 381 4432\"],\"innCode\":[\"7701234567\"],\"birthDate\":[\"1984-10-18T00:00:00\"],"
      "\"topics\":[\"sanction\"]},\"datasets\":[\"us_ofac_sdn\"],\"last_change\":\"2023-01-02T03:04:05\"}\n"
      "{\"id\":\"a1\",\"schema\":\"Address\",\"referents\":[\"addr-old\"],\"properties\":{\"full\":[\"Sunan, Pyongyang\"],"
      "\"country\":[\"kp\"]}}\n"
      "{\"id\":\"san-2\",\"schema\":\"Sanction\",\"properties\":{\"entity\":[\"nobody\"],\"programId\":[\"X\"]}}\n"
      "{\"id\":\"v1\",\"schema\":\"Vessel\",\"properties\":{\"name\":[\"CHON MA SAN\"],\"imoNumber\":[\"IMO8660313\"],"
      "\"flag\":[\"kp\"]}}\n";
  char path[64];
  temp_file(path, sizeof path, text, sizeof text - 1);
  struct vet_error e = {0};
  struct vet_listset *ls = load(path, VET_OK, &e);
  assert_int_equal(ls->lists[0].n_entities, 2);
  assert_string_equal(ls->lists[0].date.ptr, "2023-01-02");
  const struct vet_entity *p = get(ls, "p1");
  assert_string_equal(p->names[0].text.ptr, "PAK Jin Hyok");
  assert_non_null(find_name(p, "Pak Jin Hyok"));
  assert_true(has_program(p, "DPRK3"));            /* the Sanction names it by a referent */
  assert_false(has_program(p, "North Korea"));     /* the id, not the text, when there is one */
  assert_true(has_program(p, "topic:sanction"));
  assert_true(has_program(p, "dataset:us_ofac_sdn"));
  assert_true(has_date(p, 1984, 10, 18));
  const struct vet_ident *pp = find_ident(p, VET_ID_PASSPORT, "745310010");
  assert_non_null(pp);
  assert_string_equal(pp->country, "KP");
  assert_non_null(find_ident(p, VET_ID_TAX_ID, "1234-5678"));
  assert_non_null(find_ident(p, VET_ID_TAX_ID, "7701234567"));
  const struct vet_ident *w = find_ident(p, VET_ID_CRYPTO, "0xABCdef0123");
  assert_non_null(w);
  assert_string_equal(w->currency.ptr, "ETH");
  assert_string_equal(w->norm.ptr, "0xabcdef0123");
  assert_string_equal(find_ident(p, VET_ID_EMAIL, "Pak@Example.com")->norm.ptr, "pak@example.com");
  assert_non_null(find_ident(p, VET_ID_PHONE, "+850 2 381 4432"));
  assert_int_equal(p->n_addresses, 1); /* addressEntity names the Address by a referent */
  assert_string_equal(p->addresses[0].text.ptr, "Sunan, Pyongyang");
  assert_string_equal(p->addresses[0].country, "KP");
  assert_true(has_country(p, "KP", VET_COUNTRY_ADDRESS));
  const struct vet_entity *v = get(ls, "v1");
  assert_int_equal(v->schema, VET_SCHEMA_VESSEL);
  assert_non_null(find_ident(v, VET_ID_REGISTRATION, "IMO8660313"));
  assert_true(has_country(v, "KP", VET_COUNTRY_JURISDICTION));
  vet_listset_free(ls);
  unlink(path);
}

static void test_malformed(void **state)
{
  (void)state;
  static const struct {
    const char *text;
    vet_err want;
    const char *msg;
  } cases[] = {
      {"{\"id\":\"a\",\"schema\":\"Person\",\"properties\":{\"name\":[\"A\"]}}\n{\"id\":\"b\",", VET_EPARSE, ":2: "},
      {"\n\n[1,2]\n", VET_EPARSE, ":3: expected an entity object"},
      {"{\"schema\":\"Person\"}\n", VET_EPARSE, ":1: field 'id': expected a string"},
      {"{\"id\":\"\",\"schema\":\"Person\"}\n", VET_EPARSE, ":1: field 'id': expected a string"},
      {"{\"id\":\"a\",\"schema\":7}\n", VET_EPARSE, ":1: field 'schema': expected a string"},
      {"{\"id\":\"a\",\"schema\":\"Person\"} {\"id\":\"b\"}\n", VET_EPARSE, ":1: end of file expected"},
      {"{\"id\":\"a\",\"schema\":\"Person\",\"properties\":{\"name\":[\"\xff\"]}}\n", VET_EPARSE, ":1: "},
      /* odd property shapes are skipped, not fatal */
      {"{\"id\":\"a\",\"caption\":5,\"schema\":\"Person\",\"properties\":{\"name\":[1,null,\"KIM\"],"
       "\"birthDate\":{\"x\":1},\"alias\":\"KIM Il\",\"nationality\":[[\"kp\"]]},\"datasets\":\"x\","
       "\"last_change\":\"garbage-here\"}\n{\"id\":\"b\",\"schema\":\"Person\",\"properties\":[]}\n",
       VET_OK, ""},
  };
  for (size_t i = 0; i < VET_COUNTOF(cases); i++) {
    char path[64];
    temp_file(path, sizeof path, cases[i].text, strlen(cases[i].text));
    struct vet_error e = {0};
    struct vet_listset *ls = load(path, cases[i].want, &e);
    if (cases[i].want != VET_OK) {
      if (!strstr(e.msg, cases[i].msg))
        fail_msg("case %zu: message '%s' lacks '%s'", i, e.msg, cases[i].msg);
      assert_non_null(strstr(e.msg, path));
    } else {
      const struct vet_entity *en = get(ls, "a");
      assert_string_equal(en->names[0].text.ptr, "KIM");
      assert_non_null(find_name(en, "KIM Il"));
      assert_int_equal(en->n_dates, 0);
      assert_int_equal(en->n_countries, 0);
      assert_string_equal(ls->lists[0].date.ptr, "1999-01-01");
      assert_int_equal(ls->lists[0].n_entities, 1); /* "b" has no name */
    }
    vet_listset_free(ls);
    unlink(path);
  }
  struct vet_error e = {0};
  vet_listset_free(load("/nonexistent/entities.ftm.json", VET_EIO, &e));
}

static double now_ms(void)
{
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static void test_bundled(void **state)
{
  (void)state;
  struct vet_error e = {0};
  double t0 = now_ms();
  struct vet_listset *ls = load(BUNDLED, VET_OK, &e);
  double t1 = now_ms();
  printf("os_eu_fsf: %u entities loaded in %.2f ms\n", ls->lists[0].n_entities, t1 - t0);
  assert_int_equal(ls->lists[0].n_entities, 6); /* the Address is no entity */
  size_t persons = 0, orgs = 0;
  for (uint32_t i = 0; i < ls->n_entities; i++) {
    persons += ls->entities[i].schema == VET_SCHEMA_PERSON;
    orgs += ls->entities[i].schema == VET_SCHEMA_ORGANIZATION;
  }
  assert_int_equal(persons, 4);
  assert_int_equal(orgs, 2);
  const struct vet_entity *irgc = get(ls, "NK-2PacmNpiLUmoz4XD2mSt7A");
  assert_string_equal(irgc->names[0].text.ptr, "IRGC");
  assert_true(has_program(irgc, "dataset:eu_fsf"));
  assert_non_null(find_name(irgc, "Iranian Revolutionary Guard Corps"));
  vet_listset_free(ls);
}

static void test_peps(void **state)
{
  (void)state;
  if (!vet_path_is_file(PEPS))
    skip();
  struct vet_error e = {0};
  double t0 = now_ms();
  struct vet_listset *ls = load(PEPS, VET_OK, &e);
  double t1 = now_ms();
  printf("wd_peps_sa: %u entities loaded in %.1f ms\n", ls->lists[0].n_entities, t1 - t0);
  /* 1,565 lines: 607 Person, 756 Family, 102 Occupancy, 100 Position */
  assert_int_equal(ls->lists[0].n_entities, 607);
  assert_string_equal(ls->lists[0].date.ptr, "2024-03-14");
  for (uint32_t i = 0; i < ls->n_entities; i++)
    assert_int_equal(ls->entities[i].schema, VET_SCHEMA_PERSON);
  vet_listset_free(ls);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_fixture_entities), cmocka_unit_test(test_side_entities),
      cmocka_unit_test(test_malformed),        cmocka_unit_test(test_bundled),
      cmocka_unit_test(test_peps),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
