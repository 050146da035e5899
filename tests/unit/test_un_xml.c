/* test_un_xml.c - the UN Security Council consolidated list loader
 * (lists/un_xml.c): records cut from the real list of 2026-02-27 (DPRK
 * individuals and entities, an Arabic original-script name, approximate
 * and ranged birth dates, documents), malformed input, and the full
 * bundled file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/common.h"
#include "vetter/country.h"
#include "vetter/date.h"
#include "vetter/entity.h"
#include "vetter/lists.h"

#define SAMPLE VET_TEST_DATA "/un_xml/consolidated_sample.xml"
#define FULL VET_DATA_DIR "/lists/un_sc/consolidated.xml"

static struct vet_countries *countries;

static int group_setup(void **state)
{
  (void)state;
  struct vet_error e = {0};
  countries = vet_countries_load(VET_DATA_DIR "/country", &e);
  if (!countries)
    fprintf(stderr, "country table: %s\n", e.msg);
  return countries ? 0 : -1;
}

static int group_teardown(void **state)
{
  (void)state;
  vet_countries_free(countries);
  return 0;
}

static vet_err load(const char *path, struct vet_listset **out, struct vet_error *e)
{
  struct vet_listset *ls = vet_listset_new(countries);
  assert_non_null(ls);
  struct vet_list meta = {.name = VET_LIT("t"), .date = VET_LIT("1999-01-01")};
  vet_err rc = vet_lists_load(ls, "un_xml", path, &meta, e);
  if (rc == VET_OK)
    assert_int_equal(vet_listset_freeze(ls, e), VET_OK);
  *out = ls;
  return rc;
}

static struct vet_listset *load_ok(const char *path)
{
  struct vet_listset *ls;
  struct vet_error e = {0};
  vet_err rc = load(path, &ls, &e);
  if (rc)
    fail_msg("loading %s: %s", path, e.msg);
  return ls;
}

static const struct vet_entity *find(const struct vet_listset *ls, const char *id)
{
  const struct vet_entity *en = vet_listset_find(ls, VET_LIT("t"), vet_str_c(id));
  if (!en)
    fail_msg("entity %s not loaded", id);
  return en;
}

static bool has_name(const struct vet_entity *en, const char *text, enum vet_name_kind kind)
{
  for (uint32_t i = 0; i < en->n_names; i++)
    if (vet_str_eq_c(en->names[i].text, text) && en->names[i].kind == kind)
      return true;
  return false;
}

static const char *script_of(const struct vet_entity *en, const char *text)
{
  for (uint32_t i = 0; i < en->n_names; i++)
    if (vet_str_eq_c(en->names[i].text, text))
      return en->names[i].script;
  return "";
}

static bool has_country(const struct vet_entity *en, const char *code, enum vet_country_kind kind)
{
  for (uint32_t i = 0; i < en->n_countries; i++)
    if (!strcmp(en->countries[i].code, code) && en->countries[i].kind == kind)
      return true;
  return false;
}

static bool has_ident(const struct vet_entity *en, enum vet_id_kind kind, const char *value, const char *country)
{
  for (uint32_t i = 0; i < en->n_idents; i++) {
    const struct vet_ident *id = &en->idents[i];
    if (id->kind == kind && vet_str_eq_c(id->value, value) && !strcmp(id->country, country))
      return true;
  }
  return false;
}

static bool has_date(const struct vet_entity *en, const char *want)
{
  for (uint32_t i = 0; i < en->n_dates; i++) {
    char buf[32];
    vet_date_format(&en->dates[i], buf, sizeof buf);
    if (!strcmp(buf, want))
      return true;
  }
  return false;
}

static bool has_address(const struct vet_entity *en, const char *text, const char *country)
{
  for (uint32_t i = 0; i < en->n_addresses; i++)
    if (vet_str_eq_c(en->addresses[i].text, text) && !strcmp(en->addresses[i].country, country))
      return true;
  return false;
}

/* ---- the sample cut from the real file ---- */

static void test_sample_overview(void **state)
{
  (void)state;
  struct vet_listset *ls = load_ok(SAMPLE);
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
    const struct vet_entity *en = find(ls, cases[i].id);
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
  struct vet_listset *ls = load_ok(SAMPLE);
  const struct vet_entity *en = find(ls, "KPi.066");
  assert_true(has_name(en, "Kim Cho’ng-sik", VET_NAME_ALIAS));
  assert_int_equal(en->n_dates, 1);
  assert_true(has_date(en, "1967/1969")); /* BETWEEN 1967 and 1969 */
  assert_true(has_country(en, "KP", VET_COUNTRY_NATIONALITY));
  assert_true(has_country(en, "KP", VET_COUNTRY_ADDRESS));
  assert_true(vet_str_starts_with(en->remarks, "Gender: male"));

  en = find(ls, "KPi.008");
  assert_true(has_name(en, "Chang Myong-Ho", VET_NAME_ALIAS));
  assert_true(has_date(en, "1954-06-04"));
  /* "Numéro de passeport" and "Número de pasaporte": one passport */
  assert_int_equal(en->n_idents, 1);
  assert_true(has_ident(en, VET_ID_PASSPORT, "645120196", "KP"));
  /* the hard-wrapped COMMENTS1 comes out on one line */
  assert_null(memchr(en->remarks.ptr, '\n', en->remarks.len));
  assert_true(vet_str_starts_with(en->remarks, "Ra Ky'ong-Su is a Tanchon Commercial Bank (TCB) official. In this capacity"));

  en = find(ls, "KPi.017");
  assert_true(has_ident(en, VET_ID_PASSPORT, "563110024", "KP")); /* ISSUING_COUNTRY */

  en = find(ls, "KPi.064");
  assert_true(has_name(en, "Choe Sok Min", VET_NAME_WEAK_ALIAS)); /* QUALITY Low */
  assert_true(has_date(en, "1978-07-25"));

  en = find(ls, "KPe.001");
  assert_true(has_name(en, "\"KOMID\"", VET_NAME_ALIAS));
  assert_true(has_name(en, "CHANGGWANG SINYONG CORPORATION", VET_NAME_ALIAS));
  assert_true(has_address(en, "Central District, Pyongyang", "KP"));
  assert_int_equal(en->n_dates, 0);

  en = find(ls, "KPe.002");
  assert_true(has_name(en, "LYONGAKSAN GENERAL TRADING CORPORATION", VET_NAME_FORMER)); /* f.k.a. */

  en = find(ls, "KPe.060");
  assert_true(has_address(en, "Trust Company Complex, Ajeltake Road, Ajeltake Island, Majuro MH, 96960", "MH"));
  vet_listset_free(ls);
}

static void test_sample_other_programs(void **state)
{
  (void)state;
  struct vet_listset *ls = load_ok(SAMPLE);
  const struct vet_entity *en = find(ls, "IQi.001");
  assert_true(has_name(en, "صدام حسين التكريتي", VET_NAME_ALIAS)); /* NAME_ORIGINAL_SCRIPT */
  assert_string_equal(script_of(en, "صدام حسين التكريتي"), "Arab");
  assert_true(has_name(en, "Abu Ali", VET_NAME_WEAK_ALIAS));
  assert_true(has_date(en, "1937-04-28"));
  assert_true(has_country(en, "IQ", VET_COUNTRY_NATIONALITY));
  assert_true(has_country(en, "IQ", VET_COUNTRY_BIRTH));

  en = find(ls, "QDi.080");
  assert_true(has_name(en, "سعيد باهاجى", VET_NAME_ALIAS));
  assert_true(has_country(en, "DE", VET_COUNTRY_NATIONALITY));
  assert_true(has_country(en, "MA", VET_COUNTRY_NATIONALITY));
  assert_true(has_country(en, "DE", VET_COUNTRY_BIRTH));
  assert_true(has_address(en, "Bunatwiete 23, Hamburg, 21073", "DE"));
  assert_true(has_date(en, "1975-07-15"));
  assert_true(has_ident(en, VET_ID_PASSPORT, "28642163", "DE")); /* "Provisional passport No.: 28642163" */
  assert_true(has_ident(en, VET_ID_PASSPORT, "954242", "MA"));
  assert_true(has_ident(en, VET_ID_NATIONAL_ID, "1336597587", "DE"));

  en = find(ls, "CDi.014");
  assert_true(has_date(en, "~1966")); /* APPROXIMATELY 1966 */
  assert_true(has_date(en, "1962-03-17"));
  assert_true(has_country(en, "RW", VET_COUNTRY_BIRTH));
  assert_true(has_address(en, "Kinshasa", "CD"));

  en = find(ls, "QDi.356");
  assert_true(has_ident(en, VET_ID_PASSPORT, "720134834", "GB"));
  assert_true(has_country(en, "SY", VET_COUNTRY_ADDRESS));
  vet_listset_free(ls);
}

/* ---- bad input ---- */

static char *write_temp(const char *data, size_t len)
{
  char *path = malloc(64);
  assert_non_null(path);
  snprintf(path, 64, "/tmp/vet_test_un_xml_XXXXXX");
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  assert_int_equal(write(fd, data, len), (ssize_t)len);
  close(fd);
  return path;
}

static void test_truncated(void **state)
{
  (void)state;
  FILE *f = fopen(SAMPLE, "rb");
  assert_non_null(f);
  static char data[1 << 16];
  size_t len = fread(data, 1, sizeof data - 1, f);
  fclose(f);
  data[len] = 0;
  const char *cut = strstr(data, "<REFERENCE_NUMBER>KPi.066");
  assert_non_null(cut);
  size_t n = (size_t)(cut - data) + 10; /* inside the element name */
  unsigned long lines = 1;
  for (size_t i = 0; i < n; i++)
    lines += data[i] == '\n';
  char *path = write_temp(data, n);
  struct vet_listset *ls;
  struct vet_error e = {0};
  assert_int_equal(load(path, &ls, &e), VET_EPARSE);
  char want[128];
  snprintf(want, sizeof want, "%s:%lu: ", path, lines);
  if (!strstr(e.msg, want))
    fail_msg("expected '%s' in '%s'", want, e.msg);
  vet_listset_free(ls);
  unlink(path);
  free(path);
}

static void test_bad_documents(void **state)
{
  (void)state;
  static const struct {
    const char *xml;
    vet_err want;
    const char *msg_part;
  } cases[] = {
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
  for (size_t i = 0; i < VET_COUNTOF(cases); i++) {
    char *path = write_temp(cases[i].xml, strlen(cases[i].xml));
    struct vet_listset *ls;
    struct vet_error e = {0};
    vet_err rc = load(path, &ls, &e);
    if (rc != cases[i].want || (rc && (!strstr(e.msg, cases[i].msg_part) || !strstr(e.msg, path))))
      fail_msg("case %zu: got %s '%s'", i, vet_err_name(rc), e.msg);
    if (rc == VET_OK) { /* predefined entities and character references are plain text */
      assert_int_equal(ls->n_entities, 1);
      assert_string_equal(ls->entities[0].names[0].text.ptr, "A&B A");
    }
    vet_listset_free(ls);
    unlink(path);
    free(path);
  }
}

/* ---- the bundled file ---- */

static void test_full_file(void **state)
{
  (void)state;
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  struct vet_listset *ls = load_ok(FULL);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  double ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
  printf("un_sc: %u entities, %zu names in %.1f ms\n", ls->n_entities, vet_listset_name_count(ls), ms);
  assert_int_equal(ls->n_entities, 1003);
  assert_true(vet_str_eq_c(ls->lists[0].date, "2026-02-27"));
  uint32_t persons = 0, orgs = 0, dprk = 0;
  for (uint32_t i = 0; i < ls->n_entities; i++) {
    const struct vet_entity *en = &ls->entities[i];
    persons += en->schema == VET_SCHEMA_PERSON;
    orgs += en->schema == VET_SCHEMA_ORGANIZATION;
    dprk += en->n_programs == 1 && vet_str_eq_c(en->programs[0], "DPRK");
  }
  assert_int_equal(persons, 730);
  assert_int_equal(orgs, 273);
  assert_int_equal(dprk, 155);

  /* KOMID, the DPRK arms exporter */
  const struct vet_entity *en = find(ls, "KPe.001");
  assert_string_equal(en->names[0].text.ptr, "KOREA MINING DEVELOPMENT TRADING CORPORATION");
  assert_true(has_name(en, "\"KOMID\"", VET_NAME_ALIAS));
  assert_true(has_name(en, "EXTERNAL TECHNOLOGY GENERAL CORPORATION", VET_NAME_ALIAS));
  assert_true(vet_str_eq_c(en->programs[0], "DPRK"));
  assert_true(has_country(en, "KP", VET_COUNTRY_ADDRESS));
  en = find(ls, "KPi.066");
  assert_true(has_date(en, "1967/1969"));
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
  return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
