/* test_ftm_json.c - the FollowTheMoney JSON-lines loader: a fixture of real
 * lines (tests/data/ftm_json/entities.ftm.json: the seven EU FSF entities
 * of yente's test set and eight lines of the Saudi PEP export), side
 * entities folded into their things, malformed lines, and full files. */
#include "io/file.h"
#include "testutil.h"

#define FIXTURE VET_TEST_DATA "/ftm_json/entities.ftm.json"
#define BUNDLED VET_DATA_DIR "/lists/os_eu_fsf/entities.ftm.json"
/* shared/data sits next to the project (SOURCES.md); the test skips without it */
#define PEPS VET_DATA_DIR "/../../shared/data/opensanctions/wd_peps_sa_2024-03-10/entities.ftm.json"

static void test_fixture_entities(void **state)
{
  (void)state;
  struct vet_listset *ls = tu_load_ok("ftm_json", "os", FIXTURE);
  /* 15 lines: 6 EU FSF things + their Address, 6 Saudi PEPs + a Position, a Family, an Occupancy */
  assert_int_equal(ls->lists[0].n_entities, 11);
  assert_string_equal(ls->lists[0].date.ptr, "2024-03-28"); /* newest last_change */
  assert_null(vet_listset_find(ls, VET_LIT("os"), VET_LIT("NK-2MQE6AmhAk4tqhENJAMUG9"))); /* the Address */
  assert_null(vet_listset_find(ls, VET_LIT("os"), VET_LIT("Q100710516")));                 /* a Position */

  static const struct tu_entity_case ents[] = {
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
  tu_check_entities(ls, "os", ents, VET_COUNTOF(ents));

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
    const struct vet_name *n = tu_find_name(tu_find(ls, "os", names[i].id), names[i].text);
    if (!n)
      fail_msg("%s: no name '%s'", names[i].id, names[i].text);
    assert_int_equal(n->kind, names[i].kind);
    assert_string_equal(n->script, names[i].script);
  }
  assert_int_equal(tu_find(ls, "os", "NK-2GdmHtZTeNXjNVrBGEXZNj")->n_names, 12);
  assert_int_equal(tu_find(ls, "os", "Q12182638")->n_names, 7); /* the empty weakAlias and previousName add nothing */

  static const struct {
    const char *id;
    int y, m, d;
  } dates[] = {
      {"NK-2Ka3UvopqbpZmVDFjWd4LA", 1971, 1, 22}, {"NK-2KeUB68qUJtykm3BuAcazG", 1967, 12, 19},
      {"Q60195440", 1986, 8, 7},                  {"Q106476949", 1935, 11, 20},
  };
  for (size_t i = 0; i < VET_COUNTOF(dates); i++)
    if (!tu_has_ymd(tu_find(ls, "os", dates[i].id), dates[i].y, dates[i].m, dates[i].d))
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
    if (!tu_has_country(tu_find(ls, "os", ctry[i].id), ctry[i].code, ctry[i].kind))
      fail_msg("%s: no country %s (%s)", ctry[i].id, ctry[i].code, vet_country_kind_name(ctry[i].kind));

  assert_non_null(tu_find_ident(tu_find(ls, "os", "NK-2GdmHtZTeNXjNVrBGEXZNj"), VET_ID_REGISTRATION, "808000714"));
  assert_non_null(tu_find_ident(tu_find(ls, "os", "NK-2Ka3UvopqbpZmVDFjWd4LA"), VET_ID_TAX_ID, "366510784303"));
  const struct vet_ident *web = tu_find(ls, "os", "Q104476955")->idents;
  assert_int_equal(web->kind, VET_ID_WEBSITE);
  assert_string_equal(web->norm.ptr, "pureprojects.ppad.man.ac.uk");

  const struct vet_entity *irgc = tu_find(ls, "os", "NK-2PacmNpiLUmoz4XD2mSt7A");
  assert_true(tu_has_program(irgc, "dataset:eu_fsf"));
  assert_true(tu_has_program(irgc, "topic:sanction"));
  assert_true(tu_has_program(tu_find(ls, "os", "Q60195440"), "dataset:sa_wiki_peps_v2"));
  assert_non_null(strstr(tu_find(ls, "os", "NK-2Ka3UvopqbpZmVDFjWd4LA")->remarks.ptr,
                         "Position: General Director of JSC 163 Armor Repair Plant"));
  assert_non_null(strstr(tu_find(ls, "os", "NK-2Myxbs6wX9xFKGoQn3sLaY")->remarks.ptr, "Title: Colonel"));
  vet_listset_free(ls);
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
  struct vet_listset *ls = tu_load_text("ftm_json", "os", text, VET_OK, NULL);
  assert_int_equal(ls->lists[0].n_entities, 2);
  assert_string_equal(ls->lists[0].date.ptr, "2023-01-02");
  const struct vet_entity *p = tu_find(ls, "os", "p1");
  assert_string_equal(p->names[0].text.ptr, "PAK Jin Hyok");
  assert_non_null(tu_find_name(p, "Pak Jin Hyok"));
  assert_true(tu_has_program(p, "DPRK3"));            /* the Sanction names it by a referent */
  assert_false(tu_has_program(p, "North Korea"));     /* the id, not the text, when there is one */
  assert_true(tu_has_program(p, "topic:sanction"));
  assert_true(tu_has_program(p, "dataset:us_ofac_sdn"));
  assert_true(tu_has_ymd(p, 1984, 10, 18));
  const struct vet_ident *pp = tu_find_ident(p, VET_ID_PASSPORT, "745310010");
  assert_non_null(pp);
  assert_string_equal(pp->country, "KP");
  assert_non_null(tu_find_ident(p, VET_ID_TAX_ID, "1234-5678"));
  assert_non_null(tu_find_ident(p, VET_ID_TAX_ID, "7701234567"));
  const struct vet_ident *w = tu_find_ident(p, VET_ID_CRYPTO, "0xABCdef0123");
  assert_non_null(w);
  assert_string_equal(w->currency.ptr, "ETH");
  assert_string_equal(w->norm.ptr, "0xabcdef0123");
  assert_string_equal(tu_find_ident(p, VET_ID_EMAIL, "Pak@Example.com")->norm.ptr, "pak@example.com");
  assert_non_null(tu_find_ident(p, VET_ID_PHONE, "+850 2 381 4432"));
  assert_int_equal(p->n_addresses, 1); /* addressEntity names the Address by a referent */
  assert_string_equal(p->addresses[0].text.ptr, "Sunan, Pyongyang");
  assert_string_equal(p->addresses[0].country, "KP");
  assert_true(tu_has_country(p, "KP", VET_COUNTRY_ADDRESS));
  const struct vet_entity *v = tu_find(ls, "os", "v1");
  assert_int_equal(v->schema, VET_SCHEMA_VESSEL);
  assert_non_null(tu_find_ident(v, VET_ID_REGISTRATION, "IMO8660313"));
  assert_true(tu_has_country(v, "KP", VET_COUNTRY_JURISDICTION));
  vet_listset_free(ls);
}

static void test_malformed(void **state)
{
  (void)state;
  static const struct tu_load_case cases[] = {
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
  /* a failure's message has the expected part and names the file */
  struct vet_listset *ls = tu_load_cases("ftm_json", "os", cases, VET_COUNTOF(cases));
  /* the case that loads */
  assert_non_null(ls);
  const struct vet_entity *en = tu_find(ls, "os", "a");
  assert_string_equal(en->names[0].text.ptr, "KIM");
  assert_non_null(tu_find_name(en, "KIM Il"));
  assert_int_equal(en->n_dates, 0);
  assert_int_equal(en->n_countries, 0);
  assert_string_equal(ls->lists[0].date.ptr, "1999-01-01");
  assert_int_equal(ls->lists[0].n_entities, 1); /* "b" has no name */
  vet_listset_free(ls);
  struct vet_error e = {0};
  vet_listset_free(tu_load_want("ftm_json", "os", "/nonexistent/entities.ftm.json", VET_EIO, &e));
}

static void test_bundled(void **state)
{
  (void)state;
  struct vet_listset *ls = tu_load_timed("ftm_json", "os", BUNDLED, "os_eu_fsf");
  assert_int_equal(ls->lists[0].n_entities, 6); /* the Address is no entity */
  assert_int_equal(tu_count_schema(ls, VET_SCHEMA_PERSON), 4);
  assert_int_equal(tu_count_schema(ls, VET_SCHEMA_ORGANIZATION), 2);
  const struct vet_entity *irgc = tu_find(ls, "os", "NK-2PacmNpiLUmoz4XD2mSt7A");
  assert_string_equal(irgc->names[0].text.ptr, "IRGC");
  assert_true(tu_has_program(irgc, "dataset:eu_fsf"));
  assert_non_null(tu_find_name(irgc, "Iranian Revolutionary Guard Corps"));
  vet_listset_free(ls);
}

static void test_peps(void **state)
{
  (void)state;
  if (!vet_path_is_file(PEPS))
    skip();
  struct vet_listset *ls = tu_load_timed("ftm_json", "os", PEPS, "wd_peps_sa");
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
  return cmocka_run_group_tests(tests, tu_countries_setup, NULL);
}
