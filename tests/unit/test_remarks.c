/* unit/test_remarks.c - the OFAC remarks parser (lists/remarks.c): remarks
 * text in, dates, countries, identifiers, names and gender out.  The cases
 * are real OFAC remarks (sdn.csv 2024-05-03, cons_prim.csv 2025-12-19) plus
 * malformed text. */
#include "lists/remarks.h"
#include "testutil.h"

/* ---- compact renderings of what landed on the entity ---- */

static const char kind_letter[] = {'P', 'A', 'W', 'F'};

static void put(char *out, size_t cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void put(char *out, size_t cap, const char *fmt, ...)
{
  size_t n = strlen(out);
  if (n >= cap)
    return;
  if (n)
    snprintf(out + n, cap - n, "|");
  n = strlen(out);
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(out + n, cap - n, fmt, ap);
  va_end(ap);
}

static void render_names(const struct vet_entity *en, char *out, size_t cap)
{
  out[0] = 0;
  for (uint32_t i = 0; i < en->n_names; i++)
    put(out, cap, "%c:%.*s", kind_letter[en->names[i].kind], VET_STR_FMT(en->names[i].text));
}

static void render_dates(const struct vet_entity *en, char *out, size_t cap)
{
  out[0] = 0;
  for (uint32_t i = 0; i < en->n_dates; i++) {
    char d[32];
    vet_date_format(&en->dates[i], d, sizeof d);
    put(out, cap, "%s", d);
  }
}

static void render_countries(const struct vet_entity *en, char *out, size_t cap)
{
  out[0] = 0;
  for (uint32_t i = 0; i < en->n_countries; i++)
    put(out, cap, "%s:%s", vet_country_kind_name(en->countries[i].kind), en->countries[i].code);
}

static void render_idents(const struct vet_entity *en, char *out, size_t cap)
{
  out[0] = 0;
  for (uint32_t i = 0; i < en->n_idents; i++) {
    const struct vet_ident *id = &en->idents[i];
    if (id->kind == VET_ID_CRYPTO)
      put(out, cap, "crypto:%.*s:%.*s", VET_STR_FMT(id->currency), VET_STR_FMT(id->value));
    else
      put(out, cap, "%s:%.*s:%s", vet_id_kind_name(id->kind), VET_STR_FMT(id->value), id->country);
  }
}

/* ---- the table ---- */

struct rcase {
  enum vet_schema schema;
  const char *remarks;
  const char *names, *dates, *countries, *idents;
  char gender;
};

static const struct rcase cases[] = {
    /* 25308 YAN, Xiaobing */
    {VET_SCHEMA_PERSON,
     "DOB 25 Mar 1977; POB Wuhan City, Hubei, China; citizen China; Gender Male; Digital Currency Address - XBT "
     "12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h; alt. Digital Currency Address - XBT 1Kuf2Rd8mDyAViwBozGTNYnvWL8uYFrkVo; "
     "Chinese Commercial Code 7346 2556 0365; Citizen's Card Number 421002197703250019 (China); a.k.a. 'ZHOU, "
     "William'; a.k.a. 'YAN, Steven'.",
     "W:ZHOU, William|W:YAN, Steven", "1977-03-25", "birth:CN|citizenship:CN",
     "crypto:XBT:12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h|crypto:XBT:1Kuf2Rd8mDyAViwBozGTNYnvWL8uYFrkVo|"
     "national_id:421002197703250019:CN",
     'M'},
    /* 26137 KHORASHADIZADEH, Ali */
    {VET_SCHEMA_PERSON,
     "DOB 21 Sep 1979; POB Tehran, Iran; nationality Iran; Email Address iranvisacart@yahoo.com; alt. Email "
     "Address mastercartaria@yahoo.com; Additional Sanctions Information - Subject to Secondary Sanctions; Gender "
     "Male; Digital Currency Address - XBT 149w62rY42aZBox8fGcmqNsXUzSStKeq8C; Passport T14553558 (Iran) issued 28 "
     "Oct 2008 expires 29 Oct 2013; a.k.a. 'Mastercartaria'; a.k.a. 'Iranvisacart'.",
     "W:Mastercartaria|W:Iranvisacart", "1979-09-21", "birth:IR|nationality:IR",
     "email:iranvisacart@yahoo.com:|email:mastercartaria@yahoo.com:|crypto:XBT:149w62rY42aZBox8fGcmqNsXUzSStKeq8C|"
     "passport:T14553558:IR",
     'M'},
    /* 12211 KIM, Yong Chol */
    {VET_SCHEMA_PERSON,
     "DOB circa 1947; alt. DOB circa 1946; POB Pyongan-Pukto, North Korea; Secondary sanctions risk: North Korea "
     "Sanctions Regulations, sections 510.201 and 510.210; Transactions Prohibited For Persons Owned or Controlled "
     "By U.S. Financial Institutions: North Korea Sanctions Regulations section 510.214.",
     "", "~1947|~1946", "birth:KP", "", 0},
    /* date shapes */
    {VET_SCHEMA_PERSON, "DOB 01 Jan 1937 to 31 Dec 1938; Gender Female", "", "1937/1938", "", "", 'F'},
    {VET_SCHEMA_PERSON, "DOB 01 Jan 1953 to 31 Dec 1953", "", "1953", "", "", 0},
    {VET_SCHEMA_PERSON, "DOB 1960 to 1962; alt. DOB Mar 1977; alt. DOB 1964", "", "1960/1962|1977-03|1964", "", "", 0},
    {VET_SCHEMA_PERSON, "DOB circa 1979-1982; DOB Mar 1945 to Apr 1945", "", "~1979/1982|1945", "", "", 0},
    {VET_SCHEMA_PERSON, "alt. DOB: 10 October 1969", "", "1969-10-10", "", "", 0},
    {VET_SCHEMA_ORGANIZATION, "Organization Established Date 19 Nov 1991; Target Type State-Owned Enterprise", "",
     "1991-11-19", "", "", 0},
    /* countries */
    {VET_SCHEMA_PERSON, "DOB 1964; alt. DOB 28 Aug 1962; nationality Korea, North; Passport 290320764", "",
     "1964|1962-08-28", "nationality:KP", "passport:290320764:", 0},
    {VET_SCHEMA_PERSON, "POB Kinshasa, Congo, Democratic Republic of the; citizen Russia; alt. citizen Mexico.", "",
     "", "birth:CD|citizenship:RU|citizenship:MX", "", 0},
    {VET_SCHEMA_PERSON, "POB Tunisi (Tunisia); nationality possibly Palestinian;arrested 23 Apr 2002", "", "",
     "birth:TN|nationality:PS", "", 0},
    {VET_SCHEMA_PERSON, "POB Umm Tuba; POB Gaza (Palestinian Authority)", "", "", "", "", 0},
    {VET_SCHEMA_VESSEL, "Nationality of Registration Korea, North; Vessel Registration Identification IMO 7937317.",
     "", "", "jurisdiction:KP", "registration:IMO 7937317:", 0},
    /* identifiers: values, issuing countries, kinds */
    {VET_SCHEMA_ORGANIZATION,
     "Registration Number HRA 738077 (Stuttgart) (Germany); Tax ID No. 7731084175 (Russia); NIT # 800018928-0 "
     "(Colombia); R.F.C. DIB-771110-HQ1 (Mexico); Unified Social Credit Code (USCC) 9113100033607322XK (China)",
     "", "", "",
     "registration:HRA 738077:DE|tax_id:7731084175:RU|tax_id:800018928-0:CO|tax_id:DIB-771110-HQ1:MX|"
     "registration:9113100033607322XK:CN",
     0},
    {VET_SCHEMA_PERSON,
     "National ID No. D489833(9) (Hong Kong); Cedula No. 6068015 (Colombia); Identification Number 2.194.575 "
     "(Paraguay); Personal ID Card 7020783883; Passport C 1415363 - 16/2/1421H issued 21 May 2000",
     "", "", "",
     "national_id:D489833(9):HK|national_id:6068015:CO|national_id:2.194.575:PY|national_id:7020783883:|"
     "passport:C 1415363 - 16/2/1421H:",
     0},
    {VET_SCHEMA_ORGANIZATION,
     "Identification Number 2.194.575 (Paraguay); Public Registration Number 467323, Doc. 694710 (Panama); "
     "Company Number IMO 5055293; SWIFT/BIC KYCBKPPY; Legal Entity Number 253400V1H6ART1UQ0N98 (Russia)",
     "", "", "",
     "registration:2.194.575:PY|registration:467323:PA|registration:IMO 5055293:|registration:KYCBKPPY:|"
     "registration:253400V1H6ART1UQ0N98:RU",
     0},
    {VET_SCHEMA_VESSEL, "IMO 9171462; MMSI 572469210; Former Vessel Flag Tanzania", "", "", "",
     "registration:IMO 9171462:|registration:572469210:", 0},
    {VET_SCHEMA_AIRCRAFT,
     "Aircraft Manufacture Date 1992; Aircraft Model IL76-TD; Aircraft Manufacturer's Serial Number (MSN) "
     "1023409321; Aircraft Tail Number EP-MMH",
     "", "", "", "registration:1023409321:|registration:EP-MMH:", 0},
    /* contact identifiers */
    {VET_SCHEMA_ORGANIZATION,
     "Email Address info@arrai.tv.; Website http://www.khargpetrochemical.com; alt. Website sb24.ir; Phone Number "
     "982188526300; Telephone (98)(21)(66153220); alt. Fax: 9221227700019",
     "", "", "",
     "email:info@arrai.tv:|website:http://www.khargpetrochemical.com:|website:sb24.ir:|phone:982188526300:|"
     "phone:(98)(21)(66153220):|phone:9221227700019:",
     0},
    /* crypto currencies */
    {VET_SCHEMA_ORGANIZATION,
     "Digital Currency Address - ETH 0x098B716B8Aaf21512996dC57EB0615e2383E2f96; alt. Digital Currency Address - "
     "USDT TE3mCcPULjPUE7ykX7RArDPAhyahoy3d2j; Digital Currency Address - XMR "
     "5be5543ff73456ab9f2d207887e2af87322c651ea1a873c5b25b7ffae456c320; Digital Currency Address - BCH "
     "qpf2cphc5dkuclkqur7lhj2yuqq9pk3hmukle77vhq",
     "", "", "",
     "crypto:ETH:0x098B716B8Aaf21512996dC57EB0615e2383E2f96|crypto:USDT:TE3mCcPULjPUE7ykX7RArDPAhyahoy3d2j|"
     "crypto:XMR:5be5543ff73456ab9f2d207887e2af87322c651ea1a873c5b25b7ffae456c320|"
     "crypto:BCH:qpf2cphc5dkuclkqur7lhj2yuqq9pk3hmukle77vhq",
     0},
    /* names in remarks: weak a.k.a., former f.k.a., apostrophes inside */
    {VET_SCHEMA_PERSON, "a.k.a. 'ABU 'ABD AL-'AZIZ'; a.k.a. ''ABD AL-RAHMAN'.; f.k.a. 'KYONGYONG CREDIT BANK'.",
     "W:ABU 'ABD AL-'AZIZ|W:'ABD AL-RAHMAN|F:KYONGYONG CREDIT BANK", "", "", "", 0},
    {VET_SCHEMA_ORGANIZATION, "Linked To: LAZARUS GROUP.; a.k.a. 'CO., LTD.'.; a.k.a. 'unclosed", "W:CO., LTD.|W:unclosed", "", "", "", 0},
    /* text that must yield nothing */
    {VET_SCHEMA_PERSON, "", "", "", "", "", 0},
    {VET_SCHEMA_PERSON, ";;; ; alt. ; DOB; DOB 31 Feb 1977; POB; Passport; a.k.a. ''; Gender; Email Address nope", "",
     "", "", "", 0},
    {VET_SCHEMA_PERSON,
     "Passport and National ID were issued in Ulm, Germany.  Currently incarcerated at JVA Bruchsal prison; "
     "Passport issued in Sarajevo, Bosnia-Herzegovina; Passports 123456; citizenship unknown",
     "", "", "", "", 0},
    {VET_SCHEMA_PERSON, "Digital Currency Address - ; Digital Currency Address - XBT; Website ; Email Address @", "",
     "", "", "", 0},
};

static void test_table(void **state)
{
  (void)state;
  char got[4096];
  for (size_t i = 0; i < VET_COUNTOF(cases); i++) {
    const struct rcase *c = &cases[i];
    struct vet_listset *ls = vet_listset_new(tu_countries());
    assert_non_null(ls);
    struct vet_entity *en = vet_listset_entity(ls, 0, VET_LIT("1"), true);
    assert_non_null(en);
    en->schema = c->schema;
    assert_int_equal(vet_remarks_apply(ls, en, vet_str_c(c->remarks)), VET_OK);
    print_message("case %zu: %.60s\n", i, c->remarks);
    render_names(en, got, sizeof got);
    assert_string_equal(got, c->names);
    render_dates(en, got, sizeof got);
    assert_string_equal(got, c->dates);
    render_countries(en, got, sizeof got);
    assert_string_equal(got, c->countries);
    render_idents(en, got, sizeof got);
    assert_string_equal(got, c->idents);
    assert_int_equal(en->gender, c->gender);
    vet_listset_free(ls);
  }
}

/* Without a country table nothing resolves, and nothing breaks. */
static void test_no_countries(void **state)
{
  (void)state;
  struct vet_listset *ls = vet_listset_new(NULL);
  struct vet_entity *en = vet_listset_entity(ls, 0, VET_LIT("1"), true);
  assert_int_equal(vet_remarks_apply(ls, en, VET_LIT("POB Tehran, Iran; nationality Iran; Passport T14553558 (Iran)")),
                   VET_OK);
  assert_int_equal(en->n_countries, 0);
  assert_int_equal(en->n_idents, 1);
  assert_string_equal(en->idents[0].country, "");
  vet_listset_free(ls);
}

/* Hostile input: many clauses stop at the item cap, long text stays linear. */
static void test_limits(void **state)
{
  (void)state;
  struct vet_buf b;
  vet_buf_init(&b, 8u << 20);
  for (int i = 0; i < 2000; i++)
    assert_int_equal(vet_buf_appendf(&b, "a.k.a. 'NAME %d'; Passport X%07d; ", i, i), VET_OK);
  struct vet_listset *ls = vet_listset_new(tu_countries());
  struct vet_entity *en = vet_listset_entity(ls, 0, VET_LIT("1"), true);
  assert_int_equal(vet_remarks_apply(ls, en, vet_buf_str(&b)), VET_OK);
  assert_int_equal(en->n_names + en->n_idents, VET_REMARKS_MAX_ITEMS);

  /* 4 MiB of one clause with no separators, and of separators only */
  vet_buf_reset(&b);
  for (int i = 0; i < (1 << 20); i++)
    assert_int_equal(vet_buf_append_c(&b, "DOB "), VET_OK);
  assert_int_equal(vet_remarks_apply(ls, en, vet_buf_str(&b)), VET_OK);
  vet_buf_reset(&b);
  for (int i = 0; i < (1 << 20); i++)
    assert_int_equal(vet_buf_append_c(&b, "; ()"), VET_OK);
  assert_int_equal(vet_remarks_apply(ls, en, vet_buf_str(&b)), VET_OK);
  vet_buf_reset(&b);
  for (int i = 0; i < (1 << 19); i++)
    assert_int_equal(vet_buf_append_c(&b, "Passport (x) "), VET_OK);
  assert_int_equal(vet_remarks_apply(ls, en, vet_buf_str(&b)), VET_OK);
  vet_buf_release(&b);
  vet_listset_free(ls);
}

static void test_alias_kind(void **state)
{
  (void)state;
  static const struct {
    const char *type, *remarks;
    enum vet_name_kind want;
  } t[] = {
      {"aka", "-0- ", VET_NAME_ALIAS},
      {"fka", "-0- ", VET_NAME_FORMER},
      {"nka", "-0- ", VET_NAME_ALIAS}, /* now known as: the current name */
      {"weak aka", "-0- ", VET_NAME_WEAK_ALIAS},
      {"aka", "weak", VET_NAME_WEAK_ALIAS},
      {"", "", VET_NAME_ALIAS},
  };
  for (size_t i = 0; i < VET_COUNTOF(t); i++)
    assert_int_equal(vet_remarks_alias_kind(vet_str_c(t[i].type), vet_str_c(t[i].remarks)), t[i].want);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_table),
      cmocka_unit_test(test_no_countries),
      cmocka_unit_test(test_limits),
      cmocka_unit_test(test_alias_kind),
  };
  return cmocka_run_group_tests(tests, tu_countries_setup, NULL);
}
