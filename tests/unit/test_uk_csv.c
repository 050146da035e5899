/* test_uk_csv.c - the UK OFSI ConList loader: a fixture of real rows
 * (tests/data/uk_csv/conlist_dprk.csv: DPRK targets and tricky groups from
 * the 2025-04-10 list), malformed files, and the full bundled list. */
#include "testutil.h"

#define FIXTURE VET_TEST_DATA "/uk_csv/conlist_dprk.csv"
#define BUNDLED VET_DATA_DIR "/lists/uk_ofsi/ConList.csv"

static void test_fixture_entities(void **state)
{
  (void)state;
  struct vet_listset *ls = tu_load_ok("uk_csv", "uk_ofsi", FIXTURE);
  assert_int_equal(ls->n_lists, 1);
  assert_int_equal(ls->lists[0].n_entities, 15); /* 61 rows */
  assert_string_equal(ls->lists[0].date.ptr, "2025-04-10"); /* from "Last Updated,10/04/2025" */

  static const struct tu_entity_case ents[] = {
      {"13590", VET_SCHEMA_PERSON, "Jong Hyuk AN", 'M'},
      {"13651", VET_SCHEMA_VESSEL, "SAM JONG 2", 0},
      {"13420", VET_SCHEMA_PERSON, "KIM CHOL SAM", 0},
      {"13626", VET_SCHEMA_ORGANIZATION, "CHANG AN SHIPPING & TECHNOLOGY", 0},
      {"13481", VET_SCHEMA_PERSON, "RI JAE IL", 0},
      {"13575", VET_SCHEMA_ORGANIZATION, "MINISTRY OF NATIONAL DEFENCE", 0},
      {"13559", VET_SCHEMA_PERSON, "CH'OE SO'K MIN", 'M'},
      {"11287", VET_SCHEMA_ORGANIZATION, "KOREA DAESONG GENERAL TRADING CORPORATION", 0},
      {"14131", VET_SCHEMA_PERSON, "Mikail Safarbekovich GUTSERIEV", 'M'},
      /* listed by "Primary name variation" rows only: the first one leads */
      {"16601", VET_SCHEMA_ORGANIZATION, "33RD SCIENTIFIC RESEARCH AND TESTING INSTITUTE", 0},
      /* the primary spelling also appears, earlier, as a variation */
      {"12922", VET_SCHEMA_PERSON, "Sergey Valeryevich AKSYONOV", 'M'},
  };
  tu_check_entities(ls, "uk_ofsi", ents, VET_COUNTOF(ents));

  static const struct {
    const char *id, *text;
    enum vet_name_kind kind;
    const char *script; /* NULL: not checked (the sink's guess is thrown by the ’) */
  } names[] = {
      {"13590", "Jong Hyok AN", VET_NAME_ALIAS, "Latn"},                   /* Primary name variation */
      {"13651", "BIMA", VET_NAME_ALIAS, "Latn"},                           /* a ship's AKA */
      {"13651", "YU_JONG_3", VET_NAME_ALIAS, "Latn"},
      {"13420", "Jin TIESAN", VET_NAME_ALIAS, "Latn"},
      {"13420", "\xe9\x87\x91\xe9\x93\x81\xe4\xb8\x89", VET_NAME_ALIAS, "Hani"}, /* 金铁三, non-Latin script */
      {"13626", "\xe9\x95\xb7\xe5\xae\x89\xe6\xb5\xb7\xe9\x80\xa3\xe6\x8a\x80\xe8\xa1\x93\xe6\x9c\x89\xe9\x99\x90"
                "\xe5\x85\xac\xe5\x8f\xb8", VET_NAME_ALIAS, "Hani"},      /* 長安海連技術有限公司 */
      {"13481", "RI CHAE-IL", VET_NAME_ALIAS, "Latn"},
      {"13575", "MINISTRY OF THE PEOPLE\xe2\x80\x99S ARMED FORCES (MPAF)", VET_NAME_FORMER, NULL}, /* FKA */
      {"13575", "MINISTRY OF DEFENSE", VET_NAME_ALIAS, "Latn"},
      {"13559", "Choe SOK MIN", VET_NAME_WEAK_ALIAS, "Latn"},                  /* AKA, Low quality */
      {"13561", "Kim CHO'NG-SIK", VET_NAME_ALIAS, "Latn"},                  /* AKA, Good quality */
      {"14131", "\xd0\x9c\xd0\xb8\xd1\x85\xd0\xb0\xd0\xb8\xd0\xbb \xd0\xa1\xd0\xb0\xd1\x84\xd0\xb0\xd1\x80\xd0\xb1"
                "\xd0\xb5\xd0\xba\xd0\xbe\xd0\xb2\xd0\xb8\xd1\x87 \xd0\x93\xd1\x83\xd1\x86\xd0\xb5\xd1\x80\xd0\xb8"
                "\xd0\xb5\xd0\xb2", VET_NAME_ALIAS, "Cyrl"},              /* Михаил Сафарбекович Гуцериев */
      {"12922", "Sergei Valerievich AKSENOV", VET_NAME_ALIAS, "Latn"},
  };
  for (size_t i = 0; i < VET_COUNTOF(names); i++) {
    const struct vet_name *n = tu_find_name(tu_find(ls, "uk_ofsi", names[i].id), names[i].text);
    if (!n)
      fail_msg("%s: no name '%s'", names[i].id, names[i].text);
    assert_int_equal(n->kind, names[i].kind);
    if (names[i].script)
      assert_string_equal(n->script, names[i].script);
  }
  /* the 9 rows of a ship give 9 names, the 9 rows of AKSYONOV 9 spellings + 2 scripts */
  assert_int_equal(tu_find(ls, "uk_ofsi", "13651")->n_names, 9);
  assert_int_equal(tu_find(ls, "uk_ofsi", "11287")->n_names, 5);

  static const struct {
    const char *id;
    int y, m, d;
  } dates[] = {
      {"13590", 1970, 3, 14}, {"13420", 1971, 3, 11}, {"13481", 1934, 0, 0}, /* 00/00/1934 */
      {"13561", 1967, 0, 0},  {"13561", 1968, 0, 0},  {"13561", 1969, 0, 0},  {"14131", 1958, 3, 9},
      {"6911", 1964, 0, 0},
  };
  for (size_t i = 0; i < VET_COUNTOF(dates); i++)
    if (!tu_has_ymd(tu_find(ls, "uk_ofsi", dates[i].id), dates[i].y, dates[i].m, dates[i].d))
      fail_msg("%s: no date %d-%d-%d", dates[i].id, dates[i].y, dates[i].m, dates[i].d);
  assert_int_equal(tu_find(ls, "uk_ofsi", "13561")->n_dates, 3); /* 6 rows, 3 dates */
  assert_int_equal(tu_find(ls, "uk_ofsi", "13651")->n_dates, 0);

  static const struct {
    const char *id, *code;
    enum vet_country_kind kind;
  } ctry[] = {
      {"13590", "KP", VET_COUNTRY_NATIONALITY},
      {"13590", "EG", VET_COUNTRY_ADDRESS},
      {"13651", "KP", VET_COUNTRY_JURISDICTION}, /* (Flag of ship):North Korea */
      {"13626", "CN", VET_COUNTRY_ADDRESS},
      {"11287", "KP", VET_COUNTRY_ADDRESS},
      {"14131", "CY", VET_COUNTRY_NATIONALITY},  /* "(1) Cyprus (2) Russia" */
      {"14131", "RU", VET_COUNTRY_NATIONALITY},
      {"14131", "KZ", VET_COUNTRY_BIRTH},
      {"12922", "MD", VET_COUNTRY_BIRTH},        /* "Moldovian SSR (now Republic of Moldovia)" */
      {"12922", "UA", VET_COUNTRY_NATIONALITY},
      {"6911", "AF", VET_COUNTRY_BIRTH},         /* "(1) Afghanistan (2) Afghanistan" */
  };
  for (size_t i = 0; i < VET_COUNTOF(ctry); i++)
    if (!tu_has_country(tu_find(ls, "uk_ofsi", ctry[i].id), ctry[i].code, ctry[i].kind))
      fail_msg("%s: no country %s (%s)", ctry[i].id, ctry[i].code, vet_country_kind_name(ctry[i].kind));

  static const struct {
    const char *id;
    enum vet_id_kind kind;
    const char *value, *country;
  } ids[] = {
      {"13590", VET_ID_PASSPORT, "563410155", ""},
      {"13420", VET_ID_PASSPORT, "645120378", ""},
      {"13651", VET_ID_REGISTRATION, "IMO 7408873", ""},       /* (IMO number):7408873 */
      {"14131", VET_ID_PASSPORT, "K00162033", "CY"},           /* "(1) Cypriot Passport, Expiry: .." */
      {"14131", VET_ID_PASSPORT, "55 0344417", "RU"},          /* "(2) Russian Passport, Expiry: .." */
      {"6911", VET_ID_PASSPORT, "D 000974", "AF"},
      {"11287", VET_ID_EMAIL, "daesong@star-co.net.kp", ""},
      {"11287", VET_ID_PHONE, "+850-2-18111-8208", ""},
      {"16601", VET_ID_EMAIL, "33cnii-zakupki@mil.ru", ""},
      {"16601", VET_ID_PHONE, "+7 343 2559988", ""},
      {"16636", VET_ID_WEBSITE, "https://armtek.kz/", ""},
      {"16636", VET_ID_REGISTRATION, "170440031562", ""},      /* "(1) Kazakhstan BIN - 170440031562" */
      {"16272", VET_ID_TAX_ID, "184101937739", ""},            /* "Taxpayer No. 184101937739" */
  };
  for (size_t i = 0; i < VET_COUNTOF(ids); i++) {
    const struct vet_ident *id = tu_find_ident(tu_find(ls, "uk_ofsi", ids[i].id), ids[i].kind, ids[i].value);
    if (!id)
      fail_msg("%s: no %s '%s'", ids[i].id, vet_id_kind_name(ids[i].kind), ids[i].value);
    assert_string_equal(id->country, ids[i].country);
  }
  const struct vet_ident *web = tu_find_ident(tu_find(ls, "uk_ofsi", "16636"), VET_ID_WEBSITE, "https://armtek.kz/");
  assert_string_equal(web->norm.ptr, "armtek.kz");

  /* programs: the regime, once however many rows */
  const struct vet_entity *an = tu_find(ls, "uk_ofsi", "13590");
  assert_int_equal(an->n_programs, 1);
  assert_true(tu_has_program(an, "Democratic People's Republic of Korea"));
  assert_true(tu_has_program(tu_find(ls, "uk_ofsi", "12922"), "Russia"));
  assert_true(tu_has_program(tu_find(ls, "uk_ofsi", "6911"), "Afghanistan"));

  /* addresses: Address 1..6 + post code joined, one per distinct address */
  const struct vet_entity *ca = tu_find(ls, "uk_ofsi", "13626");
  assert_int_equal(ca->n_addresses, 1);
  assert_string_equal(ca->addresses[0].text.ptr,
                      "Room 2105, DL1849, Trend Centre, 29-31 Cheung Lee Street, Chai Wan, Hong Kong");
  assert_string_equal(ca->addresses[0].country, "CN");
  const struct vet_entity *ds = tu_find(ls, "uk_ofsi", "11287");
  assert_int_equal(ds->n_addresses, 1); /* 5 rows, one address */
  assert_string_equal(ds->addresses[0].text.ptr, "Pulgan Gori Dong 1, Potonggang District, Pyongyang City");

  /* remarks: Other Information once, plus position and document details */
  assert_non_null(strstr(an->remarks.ptr, "(UK Sanctions List Ref):DPR0001"));
  assert_non_null(strstr(an->remarks.ptr, "Position: Diplomat DPRK Embassy Egypt"));
  const char *r = an->remarks.ptr;
  assert_null(strstr(strstr(r, "DPR0001") + 1, "DPR0001")); /* not repeated per row */
  assert_non_null(strstr(tu_find(ls, "uk_ofsi", "14131")->remarks.ptr, "Passport details: (1) Cypriot Passport"));
  assert_non_null(strstr(tu_find(ls, "uk_ofsi", "6911")->remarks.ptr, "Title: (1) General (2) Maulavi"));
  vet_listset_free(ls);
}

#define HDR "Name 6,Name 1,DOB,Group Type,Alias Type,Regime,Group ID\r\n"

static void test_malformed(void **state)
{
  (void)state;
  static const struct tu_load_case cases[] = {
      {"", VET_EPARSE, "no header line"},
      {"Last Updated,10/04/2025\r\n", VET_EPARSE, "no header line"},
      {"Last Updated,31/02/2025\r\n" HDR, VET_EPARSE, ":1: field 'Last Updated'"},
      {"Last Updated,10/04/2025\r\nName 6,Name 1,Group Type\r\nKIM,Jong,Individual\r\n", VET_EPARSE,
       ":2: header has no 'Group ID' column"},
      {"Last Updated,10/04/2025\r\n" HDR "KIM,Jong,,Individual,Primary name,DPRK,\r\n", VET_EPARSE,
       ":3: field 'Group ID': empty"},
      {"Last Updated,10/04/2025\r\n" HDR "KIM,\"Jong,,Individual\r\n", VET_EPARSE, ":3:"},
      {"Last Updated,10/04/2025\r\n" HDR "KIM,J\xff,,Individual,Primary name,DPRK,1\r\n", VET_EPARSE,
       "invalid UTF-8"},
      /* no "Last Updated" line is fine: the manifest date stays */
      {HDR "KIM,Jong,00/00/1960,Individual,Primary name,DPRK,1\r\n", VET_OK, ""},
      /* a bad date is skipped, a row without a Group ID is not */
      {"Last Updated,10/04/2025\r\n" HDR "KIM,Jong,99/99/1960,Individual,Primary name,DPRK,1\r\nLEE,,\r\n", VET_EPARSE,
       ":4: field 'Group ID': empty"},
  };
  /* a failure's message has the expected part and names the file */
  struct vet_listset *ls = tu_load_cases("uk_csv", "uk_ofsi", cases, VET_COUNTOF(cases));
  /* the case that loads */
  assert_non_null(ls);
  assert_string_equal(ls->lists[0].date.ptr, "1999-01-01");
  const struct vet_entity *en = tu_find(ls, "uk_ofsi", "1");
  assert_string_equal(en->names[0].text.ptr, "Jong KIM");
  assert_int_equal(en->dates[0].year, 1960);
  vet_listset_free(ls);
  struct vet_error e = {0};
  vet_listset_free(tu_load_want("uk_csv", "uk_ofsi", "/nonexistent/ConList.csv", VET_EIO, &e));
}

static void test_bundled(void **state)
{
  (void)state;
  struct vet_listset *ls = tu_load_timed("uk_csv", "uk_ofsi", BUNDLED, "uk_ofsi");
  assert_int_equal(ls->lists[0].n_entities, 4686); /* 18,796 rows */
  assert_int_equal(vet_listset_name_count(ls), 15964);
  assert_string_equal(ls->lists[0].date.ptr, "2025-04-10");
  size_t dprk = 0, persons = 0, vessels = 0;
  for (uint32_t i = 0; i < ls->n_entities; i++) {
    const struct vet_entity *en = &ls->entities[i];
    dprk += tu_has_program(en, "Democratic People's Republic of Korea");
    persons += en->schema == VET_SCHEMA_PERSON;
    vessels += en->schema == VET_SCHEMA_VESSEL;
    assert_int_equal(en->names[0].kind, VET_NAME_PRIMARY);
  }
  assert_int_equal(dprk, 239);
  assert_int_equal(vessels, 15);
  assert_true(persons > 3000);
  /* the IRGC Qods Force: two regimes, a Persian name */
  const struct vet_entity *qf = tu_find(ls, "uk_ofsi", "11241");
  assert_string_equal(qf->names[0].text.ptr, "ISLAMIC REVOLUTIONARY GUARD CORPS (IRGC) QODS FORCE");
  assert_true(tu_has_program(qf, "Iran (Nuclear)"));
  assert_true(tu_has_program(qf, "Syria"));
  assert_non_null(tu_find_name(qf, "IRGC-QF"));
  /* a DPRK tanker */
  const struct vet_entity *ship = tu_find(ls, "uk_ofsi", "13648");
  assert_int_equal(ship->schema, VET_SCHEMA_VESSEL);
  assert_non_null(tu_find_ident(ship, VET_ID_REGISTRATION, "IMO 7303803"));
  assert_true(tu_has_program(ship, "Democratic People's Republic of Korea"));
  vet_listset_free(ls);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_fixture_entities),
      cmocka_unit_test(test_malformed),
      cmocka_unit_test(test_bundled),
  };
  return cmocka_run_group_tests(tests, tu_countries_setup, NULL);
}
