/* test_country.c - core/country.c with the real table in data/country/:
 * names, codes and spellings in several scripts resolve to alpha-2;
 * non-countries and junk do not; broken or missing data fails cleanly. */
#include "testutil.h"

static void test_resolve(void **state)
{
  (void)state;
  static const struct {
    const char *in, *want;
  } cases[] = {
      /* North Korea in every form the lists use */
      {"North Korea", "KP"},
      {"Korea, North", "KP"},
      {"DPRK", "KP"},
      {"PRK", "KP"},
      {"KP", "KP"},
      {"kp", "KP"},
      {"Democratic People's Republic of Korea", "KP"},
      {"Korea, Democratic People's Republic of", "KP"},
      {"\xD0\x9A\xD0\xBE\xD1\x80\xD0\xB5\xD0\xB9\xD1\x81\xD0\xBA\xD0\xB0\xD1\x8F \xD0\x9D\xD0\xB0\xD1\x80\xD0\xBE"
       "\xD0\xB4\xD0\xBD\xD0\xBE-\xD0\x94\xD0\xB5\xD0\xBC\xD0\xBE\xD0\xBA\xD1\x80\xD0\xB0\xD1\x82\xD0\xB8\xD1\x87"
       "\xD0\xB5\xD1\x81\xD0\xBA\xD0\xB0\xD1\x8F \xD0\xA0\xD0\xB5\xD1\x81\xD0\xBF\xD1\x83\xD0\xB1\xD0\xBB\xD0\xB8"
       "\xD0\xBA\xD0\xB0",
       "KP"}, /* Корейская Народно-Демократическая Республика */
      {"\xEC\xA1\xB0\xEC\x84\xA0\xEB\xAF\xBC\xEC\xA3\xBC\xEC\xA3\xBC\xEC\x9D\x98\xEC\x9D\xB8\xEB\xAF\xBC\xEA\xB3\xB5"
       "\xED\x99\x94\xEA\xB5\xAD",
       "KP"}, /* 조선민주주의인민공화국 */
      {"\xE6\x9C\x9D\xE9\xB2\x9C", "KP"}, /* 朝鲜 */
      {"Nordkorea", "KP"},
      {"Cor\xC3\xA9" "e du Nord", "KP"},
      {"  north   korea ", "KP"},
      {"NORTH KOREA", "KP"},
      /* and South Korea is not North Korea */
      {"South Korea", "KR"},
      {"Korea, South", "KR"},
      {"Republic of Korea", "KR"},
      {"KOR", "KR"},
      /* the other usual suspects */
      {"China", "CN"},
      {"CHN", "CN"},
      {"Russia", "RU"},
      {"Russian Federation", "RU"},
      {"RUS", "RU"},
      {"United States", "US"},
      {"United States of America", "US"},
      {"USA", "US"},
      {"Iran", "IR"},
      {"Iran (Islamic Republic of)", "IR"},
      {"T\xC3\xBCrkiye", "TR"},
      {"Turkey", "TR"},
      {"TUR", "TR"},
      {"Syria", "SY"},
      {"Ukraine", "UA"},
      {"\xD0\xA3\xD0\xBA\xD1\x80\xD0\xB0\xD1\x97\xD0\xBD\xD0\xB0", "UA"}, /* Україна */
      {"United Kingdom", "GB"},
      {"UK", "GB"},
      {"Kosovo", "XK"},
  };
  for (size_t i = 0; i < VET_COUNTOF(cases); i++) {
    const char *got = vet_country_resolve(tu_countries(), vet_str_c(cases[i].in));
    if (!got || strcmp(got, cases[i].want) != 0)
      fail_msg("'%s': got %s, want %s", cases[i].in, got ? got : "NULL", cases[i].want);
  }
}

static void test_resolve_rejects(void **state)
{
  (void)state;
  static const char *const cases[] = {
      "Unknown", "", "   ", "xyz", "None", "N/A", "stateless", "Korea North Korea South", ",,,", "K", "\xFF\xFE",
  };
  for (size_t i = 0; i < VET_COUNTOF(cases); i++) {
    const char *got = vet_country_resolve(tu_countries(), vet_str_c(cases[i]));
    if (got)
      fail_msg("'%s' resolved to %s, want NULL", cases[i], got);
  }
  assert_null(vet_country_resolve(tu_countries(), VET_STR_NULL));
  /* a very long string */
  char longs[5000];
  memset(longs, 'a', sizeof longs);
  assert_null(vet_country_resolve(tu_countries(), (vet_str){longs, sizeof longs}));
  /* no table: nothing resolves */
  assert_null(vet_country_resolve(NULL, VET_LIT("North Korea")));
}

static void test_name(void **state)
{
  (void)state;
  static const struct {
    const char *code, *want;
  } cases[] = {
      {"KP", "North Korea"}, {"KR", "South Korea"}, {"RU", "Russia"}, {"CN", "China"}, {"IR", "Iran"},
  };
  for (size_t i = 0; i < VET_COUNTOF(cases); i++) {
    const char *got = vet_country_name(tu_countries(), cases[i].code);
    if (!got || strcmp(got, cases[i].want) != 0)
      fail_msg("%s: got %s, want %s", cases[i].code, got ? got : "NULL", cases[i].want);
  }
  /* the name of every resolved code resolves back to the code */
  static const char *const codes[] = {"KP", "KR", "RU", "CN", "IR", "TR", "US", "GB", "UA", "SY", "DE"};
  for (size_t i = 0; i < VET_COUNTOF(codes); i++) {
    const char *nm = vet_country_name(tu_countries(), codes[i]);
    assert_non_null(nm);
    const char *back = vet_country_resolve(tu_countries(), vet_str_c(nm));
    if (!back || strcmp(back, codes[i]) != 0)
      fail_msg("name '%s' of %s resolves to %s", nm, codes[i], back ? back : "NULL");
  }
  assert_null(vet_country_name(tu_countries(), "XX"));
  assert_null(vet_country_name(tu_countries(), ""));
  assert_null(vet_country_name(tu_countries(), NULL));
  assert_null(vet_country_name(NULL, "KP"));
}

/* A temp directory holding the given files (NULL content: not created). */
static void make_dir(char *dir, size_t cap, const char *codes, const char *variants)
{
  char path[TU_PATH_MAX + 32];
  tu_temp_dir(dir, cap);
  if (codes)
    tu_write_text(tu_join(path, sizeof path, dir, "country-codes.csv"), codes);
  if (variants)
    tu_write_text(tu_join(path, sizeof path, dir, "countrynames_variants.tsv"), variants);
}

#define CODES_OK "ISO3166-1-Alpha-2,ISO3166-1-Alpha-3,CLDR display name\nKP,PRK,North Korea\n"

static void test_load_errors(void **state)
{
  (void)state;
  static const struct {
    const char *name, *codes, *variants;
    vet_err rc;     /* VET_OK: the load must succeed */
    const char *in; /* the file the message must name, when it fails */
  } cases[] = {
      {"both files missing", NULL, NULL, VET_EIO, "country-codes.csv"},
      {"variants missing", CODES_OK, NULL, VET_EIO, "countrynames_variants.tsv"},
      {"codes missing", NULL, "code\tname\nKP\tDPRK\n", VET_EIO, "country-codes.csv"},
      {"bad UTF-8 in codes", "ISO3166-1-Alpha-2,CLDR display name\nKP,Kor\xFF" "a\n", "code\tname\n", VET_EPARSE,
       "country-codes.csv:2"},
      {"bad UTF-8 in variants", CODES_OK, "code\tname\nKP\tDPRK\nKP\tKor\xE9" "e\n", VET_EPARSE,
       "countrynames_variants.tsv:3"},
      {"tiny but valid", CODES_OK, "code\tname\nKP\tDPRK\nFAIL\tUnknown\n", VET_OK, NULL},
  };
  for (size_t i = 0; i < VET_COUNTOF(cases); i++) {
    char dir[TU_PATH_MAX];
    make_dir(dir, sizeof dir, cases[i].codes, cases[i].variants);
    struct vet_error e;
    vet_error_clear(&e);
    struct vet_countries *c = vet_countries_load(dir, &e);
    if (cases[i].rc == VET_OK) {
      if (!c)
        fail_msg("%s: load failed: %s", cases[i].name, e.msg);
      assert_string_equal(vet_country_resolve(c, VET_LIT("dprk")), "KP");
      assert_string_equal(vet_country_resolve(c, VET_LIT("North Korea")), "KP");
      assert_string_equal(vet_country_resolve(c, VET_LIT("PRK")), "KP");
      assert_null(vet_country_resolve(c, VET_LIT("Unknown")));
      assert_null(vet_country_resolve(c, VET_LIT("China")));
      assert_string_equal(vet_country_name(c, "KP"), "North Korea");
    } else {
      if (c)
        fail_msg("%s: load succeeded, want error %d", cases[i].name, cases[i].rc);
      if (e.code != cases[i].rc)
        fail_msg("%s: error %d (%s), want %d", cases[i].name, e.code, e.msg, cases[i].rc);
      if (!strstr(e.msg, cases[i].in))
        fail_msg("%s: message '%s' does not name '%s'", cases[i].name, e.msg, cases[i].in);
    }
    vet_countries_free(c);
    tu_rm_rf(dir);
  }
  /* a directory that does not exist */
  struct vet_error e;
  vet_error_clear(&e);
  assert_null(vet_countries_load("/nonexistent/vetter/country", &e));
  assert_int_equal(e.code, VET_EIO);
  assert_non_null(strstr(e.msg, "/nonexistent/vetter/country"));
  /* and with no error struct */
  assert_null(vet_countries_load("/nonexistent/vetter/country", NULL));
  vet_countries_free(NULL);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_resolve),
      cmocka_unit_test(test_resolve_rejects),
      cmocka_unit_test(test_name),
      cmocka_unit_test(test_load_errors),
  };
  return cmocka_run_group_tests(tests, tu_countries_setup, NULL);
}
