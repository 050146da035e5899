/* test_un_xml.c - the UN Security Council consolidated list loader
 * (lists/un_xml.c): records cut from the real list of 2026-02-27 (DPRK
 * individuals and entities, an Arabic original-script name, approximate
 * and ranged birth dates, documents), malformed input, and the full
 * bundled file. */
#include <unistd.h>

#include "testutil.h"

#define SAMPLE VET_TEST_DATA "/un_xml/consolidated_sample.xml"
#define FULL VET_DATA_DIR "/lists/un_sc/consolidated.xml"

/* ---- the sample cut from the real file ---- */

static void test_sample_overview(void **state)
{
  (void)state;
  struct vet_listset *ls = tu_load_ok("un_xml", "t", SAMPLE);
  assert_int_equal(ls->n_entities, 12);
  assert_true(vet_str_eq_c(ls->lists[0].date, "2026-02-27")); /* dateGenerated, not the manifest */
  static const struct {
    const char *id, *primary;
    enum vet_schema schema;
    uint32_t n_names;
    const char *program;
    char gender;
  } cases[] = {
      {"KPi.008", "RA KY'ONG-SU", VET_SCHEMA_PERSON, 6, "DPRK", 0},
      {"KPi.017", "JANG YONG SON", VET_SCHEMA_PERSON, 1, "DPRK", 0},
      {"KPi.064", "CH'OE SO’K MIN", VET_SCHEMA_PERSON, 2, "DPRK", 'M'}, /* gender from COMMENTS1 */
      {"KPi.066", "KIM JONG SIK", VET_SCHEMA_PERSON, 2, "DPRK", 'M'},
      {"IQi.001", "SADDAM HUSSEIN AL-TIKRITI", VET_SCHEMA_PERSON, 3, "Iraq", 0},
      {"QDi.080", "SAID BAHAJI", VET_SCHEMA_PERSON, 5, "Al-Qaida", 0},
      {"CDi.014", "LEOPOLD MUJYAMBERE", VET_SCHEMA_PERSON, 4, "DRC", 'M'},
      {"QDi.356", "AQSA MAHMOOD", VET_SCHEMA_PERSON, 2, "Al-Qaida", 'F'},
      {"KPe.001", "KOREA MINING DEVELOPMENT TRADING CORPORATION", VET_SCHEMA_ORGANIZATION, 5, "DPRK", 0},
      {"KPe.002", "KOREA RYONBONG GENERAL CORPORATION", VET_SCHEMA_ORGANIZATION, 3, "DPRK", 0},
      {"KPe.023", "DAEDONG CREDIT BANK (DCB)", VET_SCHEMA_ORGANIZATION, 4, "DPRK", 0}, /* id "KPe.023 " trimmed */
      {"KPe.060", "KINGLY WON INTERNATIONAL CO., LTD", VET_SCHEMA_ORGANIZATION, 1, "DPRK", 0},
  };
  for (size_t i = 0; i < VET_COUNTOF(cases); i++) {
    const struct vet_entity *en = tu_find(ls, "t", cases[i].id);
    assert_int_equal(en->schema, cases[i].schema);
    assert_int_equal(en->names[0].kind, VET_NAME_PRIMARY);
    assert_string_equal(en->names[0].text.ptr, cases[i].primary);
    if (en->n_names != cases[i].n_names)
      fail_msg("%s: %u names, want %u", cases[i].id, en->n_names, cases[i].n_names);
    assert_int_equal(en->n_programs, 1);
    assert_true(vet_str_eq_c(en->programs[0], cases[i].program));
    assert_int_equal(en->gender, cases[i].gender);
  }
  vet_listset_free(ls);
}

static void test_sample_dprk(void **state)
{
  (void)state;
  struct vet_listset *ls = tu_load_ok("un_xml", "t", SAMPLE);
  const struct vet_entity *en = tu_find(ls, "t", "KPi.066");
  assert_true(tu_has_name(en, "Kim Cho’ng-sik", VET_NAME_ALIAS));
  assert_int_equal(en->n_dates, 1);
  assert_true(tu_has_date(en, "1967/1969")); /* BETWEEN 1967 and 1969 */
  assert_true(tu_has_country(en, "KP", VET_COUNTRY_NATIONALITY));
  assert_true(tu_has_country(en, "KP", VET_COUNTRY_ADDRESS));
  assert_true(vet_str_starts_with(en->remarks, "Gender: male"));

  en = tu_find(ls, "t", "KPi.008");
  assert_true(tu_has_name(en, "Chang Myong-Ho", VET_NAME_ALIAS));
  assert_true(tu_has_date(en, "1954-06-04"));
  /* "Numéro de passeport" and "Número de pasaporte": one passport */
  assert_int_equal(en->n_idents, 1);
  assert_true(tu_has_ident(en, VET_ID_PASSPORT, "645120196", "KP"));
  /* the hard-wrapped COMMENTS1 comes out on one line */
  assert_null(memchr(en->remarks.ptr, '\n', en->remarks.len));
  assert_true(vet_str_starts_with(en->remarks, "Ra Ky'ong-Su is a Tanchon Commercial Bank (TCB) official. In this capacity"));

  en = tu_find(ls, "t", "KPi.017");
  assert_true(tu_has_ident(en, VET_ID_PASSPORT, "563110024", "KP")); /* ISSUING_COUNTRY */

  en = tu_find(ls, "t", "KPi.064");
  assert_true(tu_has_name(en, "Choe Sok Min", VET_NAME_WEAK_ALIAS)); /* QUALITY Low */
  assert_true(tu_has_date(en, "1978-07-25"));

  en = tu_find(ls, "t", "KPe.001");
  assert_true(tu_has_name(en, "\"KOMID\"", VET_NAME_ALIAS));
  assert_true(tu_has_name(en, "CHANGGWANG SINYONG CORPORATION", VET_NAME_ALIAS));
  assert_true(tu_has_address(en, "Central District, Pyongyang", "KP"));
  assert_int_equal(en->n_dates, 0);

  en = tu_find(ls, "t", "KPe.002");
  assert_true(tu_has_name(en, "LYONGAKSAN GENERAL TRADING CORPORATION", VET_NAME_FORMER)); /* f.k.a. */

  en = tu_find(ls, "t", "KPe.060");
  assert_true(tu_has_address(en, "Trust Company Complex, Ajeltake Road, Ajeltake Island, Majuro MH, 96960", "MH"));
  vet_listset_free(ls);
}

static void test_sample_other_programs(void **state)
{
  (void)state;
  struct vet_listset *ls = tu_load_ok("un_xml", "t", SAMPLE);
  const struct vet_entity *en = tu_find(ls, "t", "IQi.001");
  assert_true(tu_has_name(en, "صدام حسين التكريتي", VET_NAME_ALIAS)); /* NAME_ORIGINAL_SCRIPT */
  assert_string_equal(tu_name(en, "صدام حسين التكريتي")->script, "Arab");
  assert_true(tu_has_name(en, "Abu Ali", VET_NAME_WEAK_ALIAS));
  assert_true(tu_has_date(en, "1937-04-28"));
  assert_true(tu_has_country(en, "IQ", VET_COUNTRY_NATIONALITY));
  assert_true(tu_has_country(en, "IQ", VET_COUNTRY_BIRTH));

  en = tu_find(ls, "t", "QDi.080");
  assert_true(tu_has_name(en, "سعيد باهاجى", VET_NAME_ALIAS));
  assert_true(tu_has_country(en, "DE", VET_COUNTRY_NATIONALITY));
  assert_true(tu_has_country(en, "MA", VET_COUNTRY_NATIONALITY));
  assert_true(tu_has_country(en, "DE", VET_COUNTRY_BIRTH));
  assert_true(tu_has_address(en, "Bunatwiete 23, Hamburg, 21073", "DE"));
  assert_true(tu_has_date(en, "1975-07-15"));
  assert_true(tu_has_ident(en, VET_ID_PASSPORT, "28642163", "DE")); /* "Provisional passport No.: 28642163" */
  assert_true(tu_has_ident(en, VET_ID_PASSPORT, "954242", "MA"));
  assert_true(tu_has_ident(en, VET_ID_NATIONAL_ID, "1336597587", "DE"));

  en = tu_find(ls, "t", "CDi.014");
  assert_true(tu_has_date(en, "~1966")); /* APPROXIMATELY 1966 */
  assert_true(tu_has_date(en, "1962-03-17"));
  assert_true(tu_has_country(en, "RW", VET_COUNTRY_BIRTH));
  assert_true(tu_has_address(en, "Kinshasa", "CD"));

  en = tu_find(ls, "t", "QDi.356");
  assert_true(tu_has_ident(en, VET_ID_PASSPORT, "720134834", "GB"));
  assert_true(tu_has_country(en, "SY", VET_COUNTRY_ADDRESS));
  vet_listset_free(ls);
}

/* ---- bad input ---- */

static void test_truncated(void **state)
{
  (void)state;
  char path[TU_PATH_MAX];
  struct vet_error e = {0};
  /* cut inside an element name */
  unsigned long lines = tu_load_truncated("un_xml", SAMPLE, "<REFERENCE_NUMBER>KPi.066", 10, path, sizeof path, &e);
  char want[TU_PATH_MAX + 32];
  snprintf(want, sizeof want, "%s:%lu: ", path, lines);
  if (!strstr(e.msg, want))
    fail_msg("expected '%s' in '%s'", want, e.msg);
}

static void test_bad_documents(void **state)
{
  (void)state;
  static const struct tu_load_case cases[] = {
      {"", VET_EPARSE, "document is empty"},
      {"<sanctionsData/>", VET_EPARSE, "not a UN consolidated list"},
      {"<CONSOLIDATED_LIST dateGenerated=\"soon\"/>", VET_EPARSE, "dateGenerated"},
      {"<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><FIRST_NAME>X</FIRST_NAME></INDIVIDUAL></INDIVIDUALS>"
       "</CONSOLIDATED_LIST>",
       VET_EPARSE, "without REFERENCE_NUMBER"},
      {"<CONSOLIDATED_LIST>\n<INDIVIDUALS>\n<INDIVIDUAL>\n<FIRST_NAME>X</SECOND_NAME>", VET_EPARSE, ":4:"},
      {"<!DOCTYPE x SYSTEM \"http://example.invalid/x.dtd\"><CONSOLIDATED_LIST/>", VET_EPARSE, "document type"},
      {"<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><FIRST_NAME>A&amp;B &#x41;</FIRST_NAME>"
       "<REFERENCE_NUMBER>XXi.1</REFERENCE_NUMBER></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>",
       VET_OK, ""},
  };
  /* each failure's message names the file, as well as what is wrong */
  struct vet_listset *ls = tu_load_cases("un_xml", "t", cases, VET_COUNTOF(cases));
  /* the last case loads: predefined entities and character references are plain text */
  assert_non_null(ls);
  assert_int_equal(ls->n_entities, 1);
  assert_string_equal(ls->entities[0].names[0].text.ptr, "A&B A");
  vet_listset_free(ls);
}

/* ---- the bundled file ---- */

static void test_full_file(void **state)
{
  (void)state;
  struct vet_listset *ls = tu_load_timed("un_xml", "t", FULL, "un_sc");
  assert_int_equal(ls->n_entities, 1003);
  assert_true(vet_str_eq_c(ls->lists[0].date, "2026-02-27"));
  assert_int_equal(tu_count_schema(ls, VET_SCHEMA_PERSON), 730);
  assert_int_equal(tu_count_schema(ls, VET_SCHEMA_ORGANIZATION), 273);
  uint32_t dprk = 0;
  for (uint32_t i = 0; i < ls->n_entities; i++)
    dprk += ls->entities[i].n_programs == 1 && vet_str_eq_c(ls->entities[i].programs[0], "DPRK");
  assert_int_equal(dprk, 155);

  /* KOMID, the DPRK arms exporter */
  const struct vet_entity *en = tu_find(ls, "t", "KPe.001");
  assert_string_equal(en->names[0].text.ptr, "KOREA MINING DEVELOPMENT TRADING CORPORATION");
  assert_true(tu_has_name(en, "\"KOMID\"", VET_NAME_ALIAS));
  assert_true(tu_has_name(en, "EXTERNAL TECHNOLOGY GENERAL CORPORATION", VET_NAME_ALIAS));
  assert_true(vet_str_eq_c(en->programs[0], "DPRK"));
  assert_true(tu_has_country(en, "KP", VET_COUNTRY_ADDRESS));
  en = tu_find(ls, "t", "KPi.066");
  assert_true(tu_has_date(en, "1967/1969"));
  vet_listset_free(ls);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_sample_overview),
      cmocka_unit_test(test_sample_dprk),
      cmocka_unit_test(test_sample_other_programs),
      cmocka_unit_test(test_truncated),
      cmocka_unit_test(test_bad_documents),
      cmocka_unit_test(test_full_file),
  };
  return cmocka_run_group_tests(tests, tu_countries_setup, NULL);
}
