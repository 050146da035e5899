/* unit/test_ofac_csv.c - the OFAC legacy CSV loader (lists/ofac_csv.c):
 * the SDN and consolidated fixtures cut from the real files
 * (tests/data/ofac_csv/), malformed directories, and the full bundled
 * lists (data/lists/ofac_sdn, data/lists/ofac_cons). */
#include "lists/loaders.h"
#include "testutil.h"

/* ---- the SDN fixture ---- */

static void test_sdn_fixture(void **state)
{
  (void)state;
  struct vet_listset *ls = tu_load_ok("ofac_csv", "ofac_sdn", VET_TEST_DATA "/ofac_csv/sdn");
  /* 18 primary rows, plus 17016 (Gazprombank), which has alias rows but no
   * primary row: kept from its aliases, with its addresses and a remark */
  assert_int_equal(ls->n_entities, 19);
  assert_int_equal(ls->lists[0].n_entities, 19);
  const struct vet_entity *orphan = vet_listset_find(ls, VET_LIT("ofac_sdn"), VET_LIT("17016"));
  assert_non_null(orphan);
  assert_int_equal(orphan->n_names, 3);
  assert_int_equal(tu_name(orphan, "BANK GPB JSC")->kind, VET_NAME_ALIAS);
  assert_int_equal(tu_name(orphan, "GAZPROMBANK OPEN JOINT STOCK COMPANY")->kind, VET_NAME_FORMER);
  assert_true(orphan->n_addresses >= 4);
  assert_int_equal(orphan->schema, VET_SCHEMA_UNKNOWN);
  assert_true(vet_str_find(orphan->remarks, "no primary record", false) != SIZE_MAX);
  char d[32];

  /* 12211 KIM, Yong Chol: DPRK official, aliases from alt.csv */
  const struct vet_entity *en = tu_find(ls, "ofac_sdn", "12211");
  assert_int_equal(en->schema, VET_SCHEMA_PERSON);
  assert_true(vet_str_eq_c(en->names[0].text, "KIM, Yong Chol"));
  assert_int_equal(en->names[0].kind, VET_NAME_PRIMARY);
  assert_int_equal(en->n_names, 5);
  assert_int_equal(tu_name(en, "KIM, Young-Chul")->kind, VET_NAME_ALIAS);
  assert_int_equal(en->n_programs, 1);
  assert_true(tu_has_program(en, "DPRK"));
  assert_int_equal(en->n_dates, 2);
  assert_string_equal(tu_date_str(en, 0, d, sizeof d), "~1947");
  assert_string_equal(tu_date_str(en, 1, d, sizeof d), "~1946");
  assert_true(tu_has_country(en, "KP", VET_COUNTRY_BIRTH));
  assert_int_equal(en->n_addresses, 0); /* its add.csv row is all "-0-" */
  assert_true(vet_str_starts_with(en->remarks, "DOB circa 1947; alt. DOB circa 1946; POB Pyongan-Pukto"));

  /* 25308 YAN, Xiaobing: crypto addresses, citizen's card, weak aliases */
  en = tu_find(ls, "ofac_sdn", "25308");
  assert_int_equal(en->gender, 'M');
  assert_string_equal(tu_date_str(en, 0, d, sizeof d), "1977-03-25");
  assert_true(tu_has_country(en, "CN", VET_COUNTRY_CITIZENSHIP));
  assert_true(tu_has_country(en, "CN", VET_COUNTRY_BIRTH));
  const struct vet_ident *id = tu_ident(en, "12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h");
  assert_int_equal(id->kind, VET_ID_CRYPTO);
  assert_true(vet_str_eq_c(id->currency, "XBT"));
  assert_int_equal(tu_ident(en, "1JREJdZupiFhE7ZzQPtASuMCvvpXC7wRsC")->kind, VET_ID_CRYPTO);
  id = tu_ident(en, "421002197703250019");
  assert_int_equal(id->kind, VET_ID_NATIONAL_ID);
  assert_string_equal(id->country, "CN");
  assert_int_equal(tu_name(en, "ZHOU, William")->kind, VET_NAME_WEAK_ALIAS);
  assert_int_equal(en->n_addresses, 1);
  assert_true(vet_str_eq_c(en->addresses[0].text, "Wuhan, Hubei"));
  assert_string_equal(en->addresses[0].country, "CN");

  /* 26137 KHORASHADIZADEH, Ali: emails, passport with country */
  en = tu_find(ls, "ofac_sdn", "26137");
  assert_true(tu_has_program(en, "CYBER2"));
  id = tu_ident(en, "iranvisacart@yahoo.com");
  assert_int_equal(id->kind, VET_ID_EMAIL);
  assert_int_equal(tu_ident(en, "iranian_boy5@yahoo.com")->kind, VET_ID_EMAIL);
  id = tu_ident(en, "T14553558");
  assert_int_equal(id->kind, VET_ID_PASSPORT);
  assert_string_equal(id->country, "IR");
  assert_true(tu_has_country(en, "IR", VET_COUNTRY_NATIONALITY));

  /* 17069 CHONG CHON GANG: DPRK vessel, flag and IMO number */
  en = tu_find(ls, "ofac_sdn", "17069");
  assert_int_equal(en->schema, VET_SCHEMA_VESSEL);
  assert_true(tu_has_country(en, "KP", VET_COUNTRY_JURISDICTION));
  id = tu_ident(en, "IMO 7937317");
  assert_int_equal(id->kind, VET_ID_REGISTRATION);
  assert_true(vet_str_eq_c(id->norm, "IMO7937317"));
  assert_true(vet_str_find(en->remarks, "Vessel type: General Cargo", false) != SIZE_MAX);

  /* 20540 P-532: DPRK aircraft */
  en = tu_find(ls, "ofac_sdn", "20540");
  assert_int_equal(en->schema, VET_SCHEMA_AIRCRAFT);
  assert_true(tu_has_program(en, "DPRK3"));

  /* 27307 LAZARUS GROUP: remarks cut at 1,000 characters mid-alias,
   * continued in sdn_comments.csv */
  en = tu_find(ls, "ofac_sdn", "27307");
  assert_int_equal(en->schema, VET_SCHEMA_ORGANIZATION);
  assert_int_equal(tu_name(en, "WHOIS HACKING TEAM")->kind, VET_NAME_WEAK_ALIAS);
  assert_int_equal(tu_name(en, "APPLEWORM")->kind, VET_NAME_WEAK_ALIAS);
  assert_true(vet_str_find(en->remarks, "a.k.a. 'WHOIS HACKING TEAM'", false) != SIZE_MAX);
  id = tu_ident(en, "0x098B716B8Aaf21512996dC57EB0615e2383E2f96");
  assert_true(vet_str_eq_c(id->currency, "ETH"));
  assert_true(vet_str_eq_c(id->norm, "0x098b716b8aaf21512996dc57eb0615e2383e2f96"));
  assert_int_equal(en->n_addresses, 1);
  assert_true(vet_str_eq_c(en->addresses[0].text, "Potonggang District, Pyongyang"));
  assert_string_equal(en->addresses[0].country, "KP");

  /* 28264 LI, Jiadong: the overflow starts mid-word ("P" + "hone Number") */
  en = tu_find(ls, "ofac_sdn", "28264");
  assert_true(tu_has_program(en, "DPRK3"));
  assert_true(tu_has_program(en, "CYBER2"));
  assert_int_equal(tu_ident(en, "8613314257947")->kind, VET_ID_PHONE);
  assert_int_equal(tu_ident(en, "210302198701102136")->kind, VET_ID_NATIONAL_ID);
  assert_int_equal(tu_name(en, "khaleesi")->kind, VET_NAME_WEAK_ALIAS);

  /* 22985 CHEIL CREDIT BANK: a complete 2024 remark plus a 2025 overflow */
  en = tu_find(ls, "ofac_sdn", "22985");
  assert_int_equal(tu_ident(en, "KYCBKPPY")->kind, VET_ID_REGISTRATION);
  id = tu_ident(en, "TE3mCcPULjPUE7ykX7RArDPAhyahoy3d2j");
  assert_true(vet_str_eq_c(id->currency, "USDT"));
  assert_int_equal(tu_name(en, "KYONGYONG CREDIT BANK")->kind, VET_NAME_FORMER);
  assert_int_equal(tu_name(en, "FIRST CREDIT BANK")->kind, VET_NAME_ALIAS);
  assert_int_equal(en->n_addresses, 4);
  assert_true(tu_has_country(en, "KP", VET_COUNTRY_ADDRESS));
  assert_true(tu_has_country(en, "CN", VET_COUNTRY_ADDRESS));

  /* 23510: f.k.a. from alt.csv */
  en = tu_find(ls, "ofac_sdn", "23510");
  assert_int_equal(tu_name(en, "GOORYONG SHIPPING BANGKOK")->kind, VET_NAME_FORMER);

  /* 20125 KIM, Kyong Ok: a DOB range; 21444 KIM, Yo Jong: female */
  en = tu_find(ls, "ofac_sdn", "20125");
  assert_string_equal(tu_date_str(en, 0, d, sizeof d), "1937/1938");
  en = tu_find(ls, "ofac_sdn", "21444");
  assert_int_equal(en->gender, 'F');

  /* 16865 ALMAZ-ANTEY: tax id, registration, established date, programs */
  en = tu_find(ls, "ofac_sdn", "16865");
  assert_true(tu_has_program(en, "UKRAINE-EO13661"));
  assert_true(tu_has_program(en, "RUSSIA-EO14024"));
  id = tu_ident(en, "7731084175");
  assert_int_equal(id->kind, VET_ID_TAX_ID);
  assert_string_equal(id->country, "RU");
  assert_int_equal(tu_ident(en, "1027739001993")->kind, VET_ID_REGISTRATION);
  assert_string_equal(tu_date_str(en, 0, d, sizeof d), "1991-11-19");

  /* 36 AEROCARIBBEAN AIRLINES: the first row, "-0-" everywhere */
  en = tu_find(ls, "ofac_sdn", "36");
  assert_int_equal(en->schema, VET_SCHEMA_ORGANIZATION);
  assert_int_equal(en->remarks.len, 0);
  assert_true(tu_has_program(en, "CUBA"));
  assert_int_equal(tu_name(en, "AERO-CARIBBEAN")->kind, VET_NAME_ALIAS);

  /* 39796 TORNADO CASH: website */
  en = tu_find(ls, "ofac_sdn", "39796");
  id = tu_ident(en, "tornado.cash");
  assert_int_equal(id->kind, VET_ID_WEBSITE);
  vet_listset_free(ls);
}

/* ---- the consolidated (non-SDN) fixture ---- */

static void test_cons_fixture(void **state)
{
  (void)state;
  struct vet_listset *ls = tu_load_ok("ofac_csv", "ofac_cons", VET_TEST_DATA "/ofac_csv/cons");
  assert_int_equal(ls->n_entities, 8); /* 7 primary rows + 17016, known from cons_alt.csv only */

  const struct vet_entity *en = tu_find(ls, "ofac_cons", "9639");
  assert_true(vet_str_eq_c(en->names[0].text, "HANIYA, Ismail Abdul Salah"));
  assert_int_equal(tu_name(en, "HANIYYA, Ismaeel")->kind, VET_NAME_ALIAS);
  assert_true(tu_has_program(en, "NS-PLC"));

  en = tu_find(ls, "ofac_cons", "9647");
  assert_true(tu_has_program(en, "SDGT"));
  assert_true(tu_has_program(en, "NS-PLC"));
  assert_true(tu_has_country(en, "PS", VET_COUNTRY_NATIONALITY));
  assert_int_equal(en->gender, 'M');

  /* 17014: "Registration Numbe" + "r 1027700342890 (Russia)" across files */
  en = tu_find(ls, "ofac_cons", "17014");
  const struct vet_ident *id = tu_ident(en, "1027700342890");
  assert_int_equal(id->kind, VET_ID_REGISTRATION);
  assert_string_equal(id->country, "RU");
  assert_int_equal(tu_ident(en, "RUAGRUMM")->kind, VET_ID_REGISTRATION);
  assert_int_equal(tu_ident(en, "http://www.rshb.ru")->kind, VET_ID_WEBSITE);
  assert_int_equal(tu_name(en, "RUSAG")->kind, VET_NAME_WEAK_ALIAS);

  /* 30902: a USCC code */
  en = tu_find(ls, "ofac_cons", "30902");
  assert_true(tu_has_program(en, "CMIC-EO13959"));
  assert_true(en->n_idents >= 1);
  assert_int_equal(en->idents[0].kind, VET_ID_REGISTRATION);
  assert_string_equal(en->idents[0].country, "CN");
  vet_listset_free(ls);
}

/* ---- malformed directories ---- */

#define GOOD_ROW "12211,\"KIM, Yong Chol\",\"individual\",\"DPRK\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"DOB circa 1947\"\r\n"

static void test_errors(void **state)
{
  (void)state;
  static const struct {
    const char *file, *data;  /* a second file next to a good sdn.csv, or sdn.csv itself */
    vet_err want;
    const char *msg;          /* expected in the message */
  } t[] = {
      {"sdn.csv", GOOD_ROW "36,\"AEROCARIBBEAN AIRLINES\",-0- \r\n\x1a", VET_EPARSE, "sdn.csv:2: expected 12 fields, got 3"},
      {"sdn.csv", "x12,\"A\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n", VET_EPARSE, "sdn.csv:1: field 1 (ent_num): 'x12'"},
      {"sdn.csv", GOOD_ROW "13,\"unterminated\r\n", VET_EPARSE, "sdn.csv"},
      {"sdn.csv", "1,\"\xff\xfe\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n", VET_EPARSE, "invalid UTF-8"},
      {"add.csv", "12211,1,\"street\"\r\n", VET_EPARSE, "add.csv:1: expected 6 fields, got 3"},
      {"alt.csv", "12211,1,\"aka\",\"X\",-0- ,extra\r\n", VET_EPARSE, "alt.csv:1: expected 5 fields, got 6"},
      {"sdn_comments.csv", "abc,\"text\"\r\n", VET_EPARSE, "sdn_comments.csv:1: field 1 (ent_num)"},
      /* fine: orphans, empty files, a lone Ctrl-Z */
      {"add.csv", "99999,1,-0- ,-0- ,\"Iran\",-0- \r\n\x1a", VET_OK, ""},
      {"alt.csv", "\x1a", VET_OK, ""},
      {"sdn_comments.csv", "", VET_OK, ""},
  };
  for (size_t i = 0; i < VET_COUNTOF(t); i++) {
    char dir[TU_PATH_MAX], path[TU_PATH_MAX + 32];
    tu_temp_dir(dir, sizeof dir);
    if (strcmp(t[i].file, "sdn.csv") != 0)
      tu_write_file(tu_join(path, sizeof path, dir, "sdn.csv"), GOOD_ROW "\x1a", sizeof(GOOD_ROW));
    tu_write_file(tu_join(path, sizeof path, dir, t[i].file), t[i].data, strlen(t[i].data));
    struct vet_listset *ls = vet_listset_new(tu_countries());
    struct vet_error e = {0};
    vet_err rc = vet_load_ofac_csv(ls, 0, dir, &e);
    print_message("case %zu: %s\n", i, e.msg);
    assert_int_equal(rc, t[i].want);
    assert_non_null(strstr(e.msg, t[i].msg));
    vet_listset_free(ls);
    tu_rm_rf(dir);
  }

  /* not a directory, and a directory with neither primary file */
  struct vet_listset *ls = vet_listset_new(tu_countries());
  struct vet_error e = {0};
  assert_int_equal(vet_load_ofac_csv(ls, 0, VET_TEST_DATA "/ofac_csv/sdn/sdn.csv", &e), VET_EIO);
  assert_non_null(strstr(e.msg, "not a directory"));
  assert_int_equal(vet_load_ofac_csv(ls, 0, VET_TEST_DATA "/ofac_csv/no-such-dir", &e), VET_EIO);
  char dir[TU_PATH_MAX], path[TU_PATH_MAX + 32];
  tu_temp_dir(dir, sizeof dir);
  tu_write_file(tu_join(path, sizeof path, dir, "add.csv"), "1,1,-0- ,-0- ,-0- ,-0- \r\n", 24);
  assert_int_equal(vet_load_ofac_csv(ls, 0, dir, &e), VET_EIO);
  assert_non_null(strstr(e.msg, "neither sdn.csv nor cons_prim.csv"));
  tu_rm_rf(dir);
  vet_listset_free(ls);
}

/* ---- the full bundled lists ---- */

static void test_full_bundled(void **state)
{
  (void)state;
  struct vet_listset *ls = vet_listset_new(tu_countries());
  struct vet_error e = {0};
  double t0 = tu_now_ms();
  vet_err rc = vet_lists_load_dir(ls, VET_DATA_DIR "/lists", "ofac_sdn,ofac_cons", &e);
  double t1 = tu_now_ms();
  if (rc)
    print_error("load: %s\n", e.msg);
  assert_int_equal(rc, VET_OK);
  assert_int_equal(vet_listset_freeze(ls, &e), VET_OK);
  print_message("ofac_sdn + ofac_cons loaded in %.1f ms: %u + %u entities, %zu names\n", t1 - t0,
                ls->lists[0].n_entities, ls->lists[1].n_entities, vet_listset_name_count(ls));
  assert_int_equal(ls->n_lists, 2);
  assert_true(vet_str_eq_c(ls->lists[0].name, "ofac_sdn"));
  /* every sdn.csv row, plus the 1,567 entities the 2025 alt.csv names
   * that the 2024 sdn.csv does not have yet */
  assert_int_equal(ls->lists[0].n_entities, 14965 + 1567);
  assert_int_equal(ls->lists[1].n_entities, 442);

  const struct vet_entity *en = tu_find(ls, "ofac_sdn", "12211");
  assert_true(vet_str_eq_c(en->names[0].text, "KIM, Yong Chol"));
  assert_true(tu_has_program(en, "DPRK"));
  assert_int_equal(tu_name(en, "KIM, Yong-Chol")->kind, VET_NAME_ALIAS);
  assert_true(tu_has_country(en, "KP", VET_COUNTRY_BIRTH));

  en = tu_find(ls, "ofac_sdn", "27307"); /* LAZARUS GROUP */
  assert_true(tu_has_program(en, "DPRK3"));
  assert_int_equal(tu_name(en, "HIDDEN COBRA")->kind, VET_NAME_WEAK_ALIAS);

  en = tu_find(ls, "ofac_sdn", "25308");
  assert_int_equal(tu_ident(en, "12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h")->kind, VET_ID_CRYPTO);

  /* counts over the whole SDN list */
  size_t dprk = 0, imo = 0, email = 0, crypto = 0;
  for (uint32_t i = ls->lists[0].first_entity; i < ls->lists[0].first_entity + ls->lists[0].n_entities; i++) {
    const struct vet_entity *x = &ls->entities[i];
    for (uint32_t k = 0; k < x->n_programs; k++)
      if (vet_str_starts_with(x->programs[k], "DPRK")) {
        dprk++;
        break;
      }
    for (uint32_t k = 0; k < x->n_idents; k++) {
      imo += x->idents[k].kind == VET_ID_REGISTRATION && vet_str_starts_with(x->idents[k].value, "IMO ");
      email += x->idents[k].kind == VET_ID_EMAIL;
      crypto += x->idents[k].kind == VET_ID_CRYPTO;
    }
  }
  print_message("SDN: %zu DPRK-program entities, %zu IMO numbers, %zu emails, %zu crypto addresses\n", dprk, imo,
                email, crypto);
  assert_true(dprk >= 400);  /* SOURCES.md: 484 rows carry a DPRK program (some as part of another tag) */
  assert_true(imo >= 900);   /* 850 "Vessel Registration Identification IMO" + company IMO numbers */
  assert_true(email >= 250); /* 173 entries with at least one email */
  assert_true(crypto >= 500);
  vet_listset_free(ls);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_sdn_fixture),
      cmocka_unit_test(test_cons_fixture),
      cmocka_unit_test(test_errors),
      cmocka_unit_test(test_full_bundled),
  };
  return cmocka_run_group_tests(tests, tu_countries_setup, NULL);
}
