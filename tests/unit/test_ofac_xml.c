/* test_ofac_xml.c - the OFAC ENHANCED XML loader (lists/ofac_xml.c):
 * entities cut from the real CONS_ENHANCED.XML of 2025-01-10, a
 * hand-written SDN-style file for vessels and digital currency addresses,
 * malformed input, and the full bundled file. */
#include <unistd.h>

#include "testutil.h"

#define SAMPLE VET_TEST_DATA "/ofac_xml/CONS_ENHANCED_sample.XML"
#define SYNTH VET_TEST_DATA "/ofac_xml/synthetic_sdn_style.xml"
#define FULL VET_DATA_DIR "/lists/ofac_cons_xml/CONS_ENHANCED.XML"

/* ---- the sample cut from the real file ---- */

static void test_sample_overview(void **state)
{
  (void)state;
  struct vet_listset *ls = tu_load_ok("ofac_xml", "t", SAMPLE);
  assert_int_equal(ls->n_entities, 7);
  assert_int_equal(ls->lists[0].n_entities, 7);
  assert_true(vet_str_eq_c(ls->lists[0].date, "2025-01-10")); /* from <dataAsOf>, not the manifest */
  static const struct {
    const char *id, *primary;
    enum vet_schema schema;
    uint32_t n_names;
    const char *program;
    char gender;
  } cases[] = {
      {"9639", "HANIYA, Ismail Abdul Salah", VET_SCHEMA_PERSON, 3, "NS-PLC", 0},
      {"9647", "ZAHHAR, Mahmoud Khaled", VET_SCHEMA_PERSON, 4, "SDGT", 'M'},
      {"17015", "STATE CORPORATION BANK FOR DEVELOPMENT AND FOREIGN ECONOMIC AFFAIRS VNESHECONOMBANK",
       VET_SCHEMA_ORGANIZATION, 13, "RUSSIA-EO14024", 0},
      {"19653", "GAZPROM VNIIGAZ, OOO", VET_SCHEMA_ORGANIZATION, 9, "UKRAINE-EO13662", 0},
      {"26182", "KAYAKIRAN, Evren", VET_SCHEMA_PERSON, 1, "FSE-IR", 'M'},
      {"33091", "MEGVII TECHNOLOGY LIMITED", VET_SCHEMA_ORGANIZATION, 2, "CMIC-EO13959", 0},
      {"50476", "MARTELLY, Michel Joseph", VET_SCHEMA_PERSON, 3, "ILLICIT-DRUGS-EO14059", 'M'},
  };
  for (size_t i = 0; i < VET_COUNTOF(cases); i++) {
    const struct vet_entity *en = tu_find(ls, "t", cases[i].id);
    assert_int_equal(en->schema, cases[i].schema);
    assert_true(en->n_names > 0);
    assert_int_equal(en->names[0].kind, VET_NAME_PRIMARY);
    assert_string_equal(en->names[0].text.ptr, cases[i].primary);
    assert_int_equal(en->n_names, cases[i].n_names);
    assert_true(tu_has_program(en, cases[i].program));
    assert_int_equal(en->gender, cases[i].gender);
  }
  vet_listset_free(ls);
}

static void test_sample_person(void **state)
{
  (void)state;
  struct vet_listset *ls = tu_load_ok("ofac_xml", "t", SAMPLE);
  const struct vet_entity *en = tu_find(ls, "t", "9647");
  /* isLowQuality=true aliases are weak; A.K.A. is a strong alias */
  assert_true(tu_has_name(en, "AL ZAHAR, Mahmoud Khaled", VET_NAME_ALIAS));
  assert_true(tu_has_name(en, "ZAHAR, Mahmoud", VET_NAME_WEAK_ALIAS));
  assert_true(tu_has_name(en, "AL-ZAHAR, Mahmoud", VET_NAME_WEAK_ALIAS));
  assert_int_equal(en->n_dates, 1);
  assert_true(tu_has_date(en, "1945"));
  /* "Palestinian" resolves through the file's own COUNTRY isoCode */
  assert_true(tu_has_country(en, "PS", VET_COUNTRY_NATIONALITY));
  assert_true(tu_has_country(en, "PS", VET_COUNTRY_BIRTH));
  assert_true(tu_has_address(en, "Gaza", ""));
  assert_int_equal(en->n_programs, 2);
  assert_true(tu_has_program(en, "NS-PLC"));

  en = tu_find(ls, "t", "26182");
  assert_true(tu_has_date(en, "1980-02-08"));
  assert_true(tu_has_country(en, "TR", VET_COUNTRY_CITIZENSHIP));
  assert_true(tu_has_ident_norm(en, VET_ID_PASSPORT, "U00242309", "TR", ""));

  en = tu_find(ls, "t", "50476");
  assert_true(tu_has_name(en, "Sweet Micky", VET_NAME_WEAK_ALIAS));
  assert_true(tu_has_date(en, "1961-02-12"));
  assert_true(tu_has_country(en, "HT", VET_COUNTRY_NATIONALITY));
  assert_true(tu_has_country(en, "HT", VET_COUNTRY_BIRTH)); /* "Port-au-Prince, Haiti" */
  assert_true(tu_has_ident_norm(en, VET_ID_NATIONAL_ID, "0032768386", "HT", ""));
  assert_true(tu_has_ident_norm(en, VET_ID_OTHER, "M634550610520", "US", "")); /* Driver's License No. */
  assert_true(tu_has_address(en, "Miami, FL", "US"));
  vet_listset_free(ls);
}

static void test_sample_organization(void **state)
{
  (void)state;
  struct vet_listset *ls = tu_load_ok("ofac_xml", "t", SAMPLE);
  const struct vet_entity *en = tu_find(ls, "t", "17015");
  assert_true(tu_has_name(en, "VEB", VET_NAME_WEAK_ALIAS));
  assert_true(tu_has_name(en, "VEB.RF", VET_NAME_ALIAS));
  assert_true(tu_has_name(en, "ВЭБ.РФ", VET_NAME_ALIAS));
  assert_true(tu_has_name(en, "VNESHECONOMBANK", VET_NAME_FORMER));
  assert_true(tu_has_name(en, "BANK FOR FOREIGN TRADE OF THE U.S.S.R.", VET_NAME_FORMER));
  for (uint32_t i = 0; i < en->n_names; i++)
    if (vet_str_eq_c(en->names[i].text, "ВЭБ.РФ"))
      assert_string_equal(en->names[i].script, "Cyrl");
  assert_true(tu_has_date(en, "1922-08-18")); /* Organization Established Date */
  /* one address per translation, both scripts */
  assert_true(tu_has_address(en, "Pr-kt, Akademika Sakharova, D. 9, Moscow, 107078", "RU"));
  assert_true(tu_has_address(en, "Пр-Кт Академика Сахарова, Д. 9, Город Москва, 107078", "RU"));
  assert_true(tu_has_address(en, "20A, CITIC Building, 19, Joanguomenwai Dajie, Beijing, 100004", "CN"));
  assert_true(tu_has_country(en, "IN", VET_COUNTRY_ADDRESS));
  assert_true(tu_has_ident_norm(en, VET_ID_REGISTRATION, "BFEARUMM", "", "")); /* SWIFT/BIC */
  assert_true(tu_has_ident_norm(en, VET_ID_WEBSITE, "veb.ru", "", ""));
  assert_true(tu_has_ident_norm(en, VET_ID_TAX_ID, "7750004150", "RU", ""));
  assert_true(tu_has_ident_norm(en, VET_ID_REGISTRATION, "1077711000102", "RU", ""));
  assert_true(vet_str_starts_with(en->remarks, "For more information on directives"));

  en = tu_find(ls, "t", "19653");
  assert_true(tu_has_name(en, "ООО ГАЗПРОМ ВНИИГАЗ", VET_NAME_ALIAS));
  assert_true(tu_has_ident_norm(en, VET_ID_EMAIL, "adm@vniigaz.gazprom.ru", "", ""));
  assert_true(tu_has_ident_norm(en, VET_ID_WEBSITE, "vniigaz.ru", "", ""));
  assert_true(tu_has_date(en, "1999-06-30"));

  en = tu_find(ls, "t", "33091");
  assert_true(tu_has_name(en, "旷视科技有限公司", VET_NAME_ALIAS));
  assert_string_equal(en->names[1].script, "Hani");
  assert_true(tu_has_address(en, "PO Box 309, Ugland House, Grand Cayman, KY1-1104", "KY"));
  vet_listset_free(ls);
}

/* ---- vessels, crypto, approximate and ranged dates (hand-written) ---- */

static void test_synthetic_vessel_and_crypto(void **state)
{
  (void)state;
  struct vet_listset *ls = tu_load_ok("ofac_xml", "t", SYNTH);
  assert_int_equal(ls->n_entities, 2);
  assert_true(vet_str_eq_c(ls->lists[0].date, "2025-03-07"));

  const struct vet_entity *v = tu_find(ls, "t", "900001");
  assert_int_equal(v->schema, VET_SCHEMA_VESSEL);
  assert_true(tu_has_name(v, "EXAMPLE TANKER", VET_NAME_PRIMARY));
  assert_true(tu_has_name(v, "EXAMPLE STAR", VET_NAME_ALIAS)); /* N.K.A., joined from nameParts */
  assert_true(tu_has_country(v, "KP", VET_COUNTRY_JURISDICTION));
  assert_true(tu_has_country(v, "BO", VET_COUNTRY_OTHER));
  assert_true(tu_has_ident_norm(v, VET_ID_REGISTRATION, "IMO9999990", "", ""));
  assert_true(tu_has_ident_norm(v, VET_ID_REGISTRATION, "445999000", "", ""));
  assert_true(tu_has_program(v, "DPRK3"));
  assert_true(vet_str_eq_c(v->remarks, "Synthetic vessel for tests"));

  const struct vet_entity *p = tu_find(ls, "t", "900002");
  assert_int_equal(p->schema, VET_SCHEMA_PERSON);
  assert_int_equal(p->gender, 'F');
  assert_true(tu_has_name(p, "KIM, Example", VET_NAME_PRIMARY));
  assert_true(tu_has_name(p, "김예시", VET_NAME_ALIAS)); /* the primary name in Hangul */
  assert_true(tu_has_date(p, "~1975"));
  assert_true(tu_has_date(p, "1970/1972")); /* text unreadable: taken from valueDate */
  assert_true(tu_has_ident_norm(p, VET_ID_CRYPTO, "1VetterSyntheticXbtAddrMixedCase01", "", "XBT"));
  assert_true(tu_has_ident_norm(p, VET_ID_CRYPTO, "0xabcdef0123456789abcdef0123456789abcdef01", "", "ETH"));
  assert_true(tu_has_ident_norm(p, VET_ID_PHONE, "85021234567", "", ""));
  assert_true(tu_has_ident_norm(p, VET_ID_EMAIL, "example.kim@example.com", "", ""));
  assert_true(tu_has_country(p, "KP", VET_COUNTRY_NATIONALITY));
  assert_true(tu_has_program(p, "CYBER2"));
  vet_listset_free(ls);
}

/* ---- bad input ---- */

/* The line number after "PATH:" in msg, or 0. */
static unsigned long line_in(const char *msg, const char *path)
{
  const char *p = strstr(msg, path);
  if (!p || p[strlen(path)] != ':')
    return 0;
  return strtoul(p + strlen(path) + 1, NULL, 10);
}

static void test_truncated(void **state)
{
  (void)state;
  char path[TU_PATH_MAX];
  struct vet_error e = {0};
  /* cut in the middle of the third entity */
  unsigned long lines = tu_load_truncated("ofac_xml", SAMPLE, "<entity id=\"17015\">", 400, path, sizeof path, &e);
  unsigned long line = line_in(e.msg, path);
  if (line + 1 < lines || line > lines + 1)
    fail_msg("expected line %lu in '%s'", lines, e.msg);
  assert_non_null(strstr(e.msg, "truncated"));
}

static void test_bad_documents(void **state)
{
  (void)state;
  static const struct tu_load_case cases[] = {
      {"", VET_EPARSE, "document is empty"},
      {"<sanctionsData><entities>", VET_EPARSE, ":1: document ends inside <entities>"},
      {"<sanctionsData/><sanctionsData/>", VET_EPARSE, "extra content"},
      {"<CONSOLIDATED_LIST/>", VET_EPARSE, "not an OFAC enhanced XML file"},
      {"<sanctionsData><entities><entity><names/></entity></entities></sanctionsData>", VET_EPARSE,
       "<entity> without an id"},
      {"<sanctionsData><publicationInfo><dataAsOf>yesterday</dataAsOf></publicationInfo></sanctionsData>",
       VET_EPARSE, "dataAsOf"},
      {"<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;\">]>\n"
       "<sanctionsData><entities><entity id=\"1\"><generalInfo><remarks>&lol2;</remarks></generalInfo>"
       "</entity></entities></sanctionsData>",
       VET_EPARSE, "document type"},
      {"<sanctionsData>\n<entities>\n<entity id=\"1\">\n</entitie>\n</sanctionsData>", VET_EPARSE, ":4:"},
      {"<sanctionsData><entities><entity id=\"1\"><generalInfo><remarks>\xff\xfe</remarks></generalInfo>"
       "</entity></entities></sanctionsData>",
       VET_EPARSE, ""},
  };
  /* each message names the file, as well as what is wrong; none loads */
  assert_null(tu_load_cases("ofac_xml", "t", cases, VET_COUNTOF(cases)));
}

static void test_missing_file(void **state)
{
  (void)state;
  struct vet_listset *ls;
  struct vet_error e = {0};
  assert_int_equal(tu_load("ofac_xml", "t", VET_TEST_DATA "/ofac_xml/no-such-file.xml", &ls, &e), VET_EIO);
  assert_non_null(strstr(e.msg, "no-such-file.xml"));
  vet_listset_free(ls);
}

/* ---- the bundled file ---- */

static void test_full_file(void **state)
{
  (void)state;
  struct vet_listset *ls = tu_load_timed("ofac_xml", "t", FULL, "ofac_cons_xml");
  assert_int_equal(ls->n_entities, 443);
  assert_true(vet_str_eq_c(ls->lists[0].date, "2025-01-10"));
  assert_int_equal(tu_count_schema(ls, VET_SCHEMA_PERSON), 80);
  assert_int_equal(tu_count_schema(ls, VET_SCHEMA_ORGANIZATION), 363);

  /* VTB Bank: Russian directives, a Cyrillic alias, former names, SWIFT */
  const struct vet_entity *en = tu_find(ls, "t", "17013");
  assert_string_equal(en->names[0].text.ptr, "VTB BANK PUBLIC JOINT STOCK COMPANY");
  assert_true(tu_has_name(en, "БАНК ВТБ ПАО", VET_NAME_ALIAS));
  assert_true(tu_has_name(en, "VNESHTORGBANK", VET_NAME_FORMER));
  assert_true(tu_has_program(en, "RUSSIA-EO14024"));
  assert_true(tu_has_program(en, "UKRAINE-EO13662"));
  assert_true(tu_has_ident_norm(en, VET_ID_REGISTRATION, "VTBRRUMM", "", ""));
  assert_true(tu_has_ident_norm(en, VET_ID_TAX_ID, "7702070139", "RU", ""));
  assert_true(tu_has_ident_norm(en, VET_ID_WEBSITE, "vtb.ru", "", ""));
  /* an entry from the sample, seen the same way in the full file */
  en = tu_find(ls, "t", "26182");
  assert_true(tu_has_ident_norm(en, VET_ID_PASSPORT, "U00242309", "TR", ""));
  vet_listset_free(ls);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_sample_overview),
      cmocka_unit_test(test_sample_person),
      cmocka_unit_test(test_sample_organization),
      cmocka_unit_test(test_synthetic_vessel_and_crypto),
      cmocka_unit_test(test_truncated),
      cmocka_unit_test(test_bad_documents),
      cmocka_unit_test(test_missing_file),
      cmocka_unit_test(test_full_file),
  };
  return cmocka_run_group_tests(tests, tu_countries_setup, NULL);
}
