/* test_csl_csv.c - the US Consolidated Screening List loader: a fixture of
 * real rows (tests/data/csl_csv/consolidated_dprk.csv: DPRK listings, a
 * crypto mixer, one entity under three sources, a row spanning lines),
 * malformed files, and the full bundled list. */
#include "testutil.h"

#define FIXTURE VET_TEST_DATA "/csl_csv/consolidated_dprk.csv"
#define BUNDLED VET_DATA_DIR "/lists/us_csl/consolidated.csv"

static void test_fixture_entities(void **state)
{
  (void)state;
  struct vet_listset *ls = tu_load_ok("csl_csv", "us_csl", FIXTURE);
  /* 18 rows; BANCO VTB AFRICA is listed by CAP, SDN and SSI under one _id */
  assert_int_equal(ls->lists[0].n_entities, 16);
  assert_string_equal(ls->lists[0].date.ptr, "2021-01-13"); /* newest start_date of these rows */

  static const struct tu_entity_case ents[] = {
      {"24918", VET_SCHEMA_PERSON, "PARK, Jin Hyok", 'M'},
      {"20130", VET_SCHEMA_PERSON, "KANG, Song Nam", 0},
      {"17084", VET_SCHEMA_VESSEL, "AM NOK GANG", 0},
      {"20520", VET_SCHEMA_ORGANIZATION, "AIR KORYO", 0},
      {"20540", VET_SCHEMA_AIRCRAFT, "P-532", 0},
      {"37070", VET_SCHEMA_ORGANIZATION, "BLENDER.IO", 0},
      {"18725", VET_SCHEMA_ORGANIZATION, "BANCO VTB AFRICA SA", 0},
      /* State and Commerce lists have no type and a hash for _id */
      {"9da85e161ddea739b23cabd79dfa1e532bb842c9", VET_SCHEMA_UNKNOWN, "Government of North Korea", 0},
      {"b6c5cca9bccba21c5464df85aa3dbc10af12985a", VET_SCHEMA_UNKNOWN, "Korea Automation Industry (KAI)", 0},
      /* the name is on two lines in the file */
      {"026dba5afe5742c3d9b83179846272ca67cdb5c0", VET_SCHEMA_UNKNOWN, "Elink Electronic Technology Co. Ltd.", 0},
  };
  tu_check_entities(ls, "us_csl", ents, VET_COUNTOF(ents));

  static const struct {
    const char *id, *text;
  } aliases[] = {
      {"24918", "PAK, Jin Hyok"}, {"24918", "KIM, Hyon Woo"}, {"24918", "HENNY, Watson"},
      {"12211", "KIM, Young-Chul"}, {"17084", "AP ROK GANG"}, {"20520", "AIRKORYO"},
      {"37070", "@BLENDERIO_RUSSIAN"},
  };
  for (size_t i = 0; i < VET_COUNTOF(aliases); i++) {
    const struct vet_name *n = tu_find_name(tu_find(ls, "us_csl", aliases[i].id), aliases[i].text);
    if (!n)
      fail_msg("%s: no alias '%s'", aliases[i].id, aliases[i].text);
    assert_int_equal(n->kind, VET_NAME_ALIAS);
  }
  assert_int_equal(tu_find(ls, "us_csl", "24918")->n_names, 9);
  assert_int_equal(tu_find(ls, "us_csl", "18725")->n_names, 2); /* three rows, names once */

  static const struct {
    const char *id;
    struct vet_date d; /* year, month, day, approx, year_to */
  } dates[] = {
      {"24918", {1984, 10, 18, 0, 0}}, {"24918", {1984, 8, 15, 0, 0}},
      {"12211", {1947, 0, 0, 1, 0}},   {"12211", {1946, 0, 0, 1, 0}}, /* "circa 1947; circa 1946" */
      {"19810", {1958, 0, 0, 0, 1960}},                                /* "1958 to 1960" */
      {"37070", {2017, 0, 0, 0, 0}},                                   /* "2017, Organization Established Date" */
      {"20130", {1962, 7, 28, 0, 0}},
  };
  for (size_t i = 0; i < VET_COUNTOF(dates); i++)
    if (!tu_has_date_eq(tu_find(ls, "us_csl", dates[i].id), dates[i].d))
      fail_msg("%s: no date %d-%d-%d", dates[i].id, dates[i].d.year, dates[i].d.month, dates[i].d.day);
  assert_int_equal(tu_find(ls, "us_csl", "18725")->n_dates, 0); /* listing dates in ids are not birth dates */

  static const struct {
    const char *id, *code;
    enum vet_country_kind kind;
  } ctry[] = {
      {"20130", "KP", VET_COUNTRY_CITIZENSHIP},
      {"20130", "KP", VET_COUNTRY_BIRTH},       /* "North P'yo'ngan Province, North Korea" */
      {"20130", "KP", VET_COUNTRY_ADDRESS},     /* addresses "KP" */
      {"12211", "KP", VET_COUNTRY_BIRTH},
      {"19810", "DZ", VET_COUNTRY_BIRTH},
      {"29703", "RU", VET_COUNTRY_NATIONALITY},
      {"17084", "KP", VET_COUNTRY_JURISDICTION}, /* vessel_flag "Democratic People's Republic of Korea" */
      {"20520", "TH", VET_COUNTRY_ADDRESS},
      {"20520", "KW", VET_COUNTRY_ADDRESS},
      {"b6c5cca9bccba21c5464df85aa3dbc10af12985a", "KR", VET_COUNTRY_ADDRESS},
  };
  for (size_t i = 0; i < VET_COUNTOF(ctry); i++)
    if (!tu_has_country(tu_find(ls, "us_csl", ctry[i].id), ctry[i].code, ctry[i].kind))
      fail_msg("%s: no country %s (%s)", ctry[i].id, ctry[i].code, vet_country_kind_name(ctry[i].kind));

  static const struct {
    const char *id;
    enum vet_id_kind kind;
    const char *value, *country, *currency;
  } ids[] = {
      {"24918", VET_ID_PASSPORT, "290333974", "KP", ""},          /* "KP, 290333974, Passport" */
      {"20130", VET_ID_PASSPORT, "654410025", "KP", ""},          /* "KP, 2019-10-14, 654410025, Passport" */
      {"17084", VET_ID_REGISTRATION, "IMO 8132835", "", ""},
      {"18953", VET_ID_REGISTRATION, "IMO 5814866", "", ""},      /* "..., Identification Number" */
      {"18953", VET_ID_EMAIL, "haejinsm@silibank.net.kp", "", ""},
      {"37070", VET_ID_CRYPTO, "3MD3riFB6U8PykypF6qkvSj8R2SGdUDPn3", "", "XBT"},
      {"37070", VET_ID_WEBSITE, "https://blender.io", "", ""},
      {"37070", VET_ID_EMAIL, "adblenderio@tuta.io", "", ""},
      {"29703", VET_ID_CRYPTO, "0x8576acc5c05d6ce88f4e49bf65bdf0c62f91353c", "", "ETH"},
      {"29703", VET_ID_CRYPTO, "LWnbjLYUfqeokfbWM4FcU7uk2FP2DSxuWS", "", "LTC"},
      {"29703", VET_ID_PHONE, "79315403678", "", ""},
      {"29703", VET_ID_PASSPORT, "4005504207", "RU", ""},
      {"18725", VET_ID_REGISTRATION, "VTBLAOLU", "", ""},         /* SWIFT/BIC */
      {"18725", VET_ID_WEBSITE, "www.vtb.ao", "", ""},
      {"21071", VET_ID_REGISTRATION, "22839", "MX", ""},          /* "MX, 22839 (Jalisco), Folio Mercantil No." */
  };
  for (size_t i = 0; i < VET_COUNTOF(ids); i++) {
    const struct vet_ident *id = tu_find_ident(tu_find(ls, "us_csl", ids[i].id), ids[i].kind, ids[i].value);
    if (!id)
      fail_msg("%s: no %s '%s'", ids[i].id, vet_id_kind_name(ids[i].kind), ids[i].value);
    assert_string_equal(id->country, ids[i].country);
    assert_string_equal(id->currency.ptr, ids[i].currency);
  }
  assert_int_equal(tu_count_idents(tu_find(ls, "us_csl", "37070"), VET_ID_CRYPTO), 45); /* 46 items, one twice */
  /* sanctions boilerplate in ids ("..., Secondary sanctions risk:") is no identifier */
  assert_int_equal(tu_find(ls, "us_csl", "12211")->n_idents, 0);
  assert_int_equal(tu_find(ls, "us_csl", "24918")->n_idents, 1);

  /* programs: each source as "source:ABBR", each program as listed */
  const struct vet_entity *vtb = tu_find(ls, "us_csl", "18725");
  static const char *const vtb_progs[] = {"source:CAP", "source:SDN", "source:SSI", "UKRAINE-EO13662",
                                          "RUSSIA-EO14024"};
  assert_int_equal(vtb->n_programs, VET_COUNTOF(vtb_progs));
  for (size_t i = 0; i < VET_COUNTOF(vtb_progs); i++)
    assert_true(tu_has_program(vtb, vtb_progs[i]));
  assert_int_equal(vtb->n_addresses, 1); /* the same address in three rows */
  assert_true(tu_has_program(tu_find(ls, "us_csl", "24918"), "DPRK3"));
  assert_true(tu_has_program(tu_find(ls, "us_csl", "24918"), "source:SDN"));
  assert_true(tu_has_program(tu_find(ls, "us_csl", "9756c1c24b4214620b328f5db6862d35d272a202"), "source:ISN"));
  assert_true(tu_has_program(tu_find(ls, "us_csl", "026dba5afe5742c3d9b83179846272ca67cdb5c0"), "source:MEU"));

  /* addresses: the country is the last part */
  const struct vet_entity *ak = tu_find(ls, "us_csl", "20520");
  assert_int_equal(ak->n_addresses, 10);
  assert_string_equal(ak->addresses[0].text.ptr, "Sunan District, Pyongyang");
  assert_string_equal(ak->addresses[0].country, "KP");
  const struct vet_entity *el = tu_find(ls, "us_csl", "026dba5afe5742c3d9b83179846272ca67cdb5c0");
  assert_string_equal(el->addresses[0].text.ptr, "Room 717, Building 41, No.8633 Zhongchun Road, Minhang District, Shanghai");
  assert_string_equal(el->addresses[0].country, "CN");

  /* remarks: title, place of birth, remarks; aircraft facts from ids */
  const char *r = tu_find(ls, "us_csl", "20130")->remarks.ptr;
  assert_non_null(strstr(r, "Title: Bureau Director"));
  assert_non_null(strstr(r, "(Linked To: MINISTRY OF STATE SECURITY)"));
  assert_non_null(strstr(tu_find(ls, "us_csl", "20540")->remarks.ptr, "Aircraft Operator: Air Koryo"));
  r = vtb->remarks.ptr;
  assert_non_null(strstr(r, "(Linked To: VTB BANK"));
  assert_null(strstr(strstr(r, "(Linked To: VTB BANK") + 1, "(Linked To: VTB BANK")); /* once */
  vet_listset_free(ls);
}

static void test_malformed(void **state)
{
  (void)state;
  static const struct tu_load_case cases[] = {
      {"", VET_EPARSE, "no header line"},
      {"_id,source,type\n1,SDN,Individual\n", VET_EPARSE, ":1: header has no 'name' column"},
      {"source,name,type\nSDN,KIM,Individual\n", VET_EPARSE, ":1: header has no '_id' or 'entity_number'"},
      {"_id,name,type\n1,KIM,Individual\n,LEE,Individual\n", VET_EPARSE, ":3: no '_id' or 'entity_number'"},
      {"_id,name,type\n1,\"KIM\xc3,Individual\n", VET_EPARSE, "invalid UTF-8"},
      /* entity_number stands in for _id; a short row and a bad date are tolerated */
      {"entity_number,name,dates_of_birth,type,ids\n7,\"KIM, Il\",1990-02-30;1980,Individual,"
       "\"KP, 123456789, Passport; Male, Gender; ,Oops; 12, \"\n8\n",
       VET_OK, ""},
  };
  /* a failure's message has the expected part and names the file */
  struct vet_listset *ls = tu_load_cases("csl_csv", "us_csl", cases, VET_COUNTOF(cases));
  /* the case that loads */
  assert_non_null(ls);
  const struct vet_entity *en = tu_find(ls, "us_csl", "7");
  assert_string_equal(en->names[0].text.ptr, "KIM, Il");
  assert_int_equal(en->n_dates, 1);
  assert_int_equal(en->dates[0].year, 1980);
  assert_int_equal(en->gender, 'M');
  assert_non_null(tu_find_ident(en, VET_ID_PASSPORT, "123456789"));
  assert_string_equal(ls->lists[0].date.ptr, "1999-01-01"); /* no start_date: the manifest's */
  assert_int_equal(ls->lists[0].n_entities, 1);            /* "8" has no name */
  vet_listset_free(ls);
}

static void test_bundled(void **state)
{
  (void)state;
  struct vet_listset *ls = tu_load_timed("csl_csv", "us_csl", BUNDLED, "us_csl");
  /* 14,160 rows; 71 _ids are listed by two or three sources (SDN with SSI, CAP, NS-MBS, FSE, PLC) */
  assert_int_equal(ls->lists[0].n_entities, 14048);
  assert_string_equal(ls->lists[0].date.ptr, "2022-04-21"); /* the newest start_date */
  size_t dprk = 0, vessels = 0, aircraft = 0, el = 0, crypto = 0;
  for (uint32_t i = 0; i < ls->n_entities; i++) {
    const struct vet_entity *en = &ls->entities[i];
    bool d = false;
    for (uint32_t k = 0; k < en->n_programs; k++)
      d |= vet_str_starts_with(en->programs[k], "DPRK");
    dprk += d;
    vessels += en->schema == VET_SCHEMA_VESSEL;
    aircraft += en->schema == VET_SCHEMA_AIRCRAFT;
    el += tu_has_program(en, "source:EL");
    crypto += tu_count_idents(en, VET_ID_CRYPTO) > 0;
    assert_int_equal(en->names[0].kind, VET_NAME_PRIMARY);
  }
  assert_int_equal(dprk, 428);
  assert_int_equal(vessels, 433);
  assert_int_equal(aircraft, 283);
  assert_int_equal(el, 2001);
  assert_int_equal(crypto, 24);
  const struct vet_entity *park = tu_find(ls, "us_csl", "24918");
  assert_string_equal(park->names[0].text.ptr, "PARK, Jin Hyok");
  assert_true(tu_has_program(park, "DPRK3"));
  assert_non_null(tu_find_name(park, "PAK, Jin Hek"));
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
