/* lists/csl_csv.c - the loader of the US Consolidated Screening List CSV
 * (trade.gov): a header naming 29 columns, then one row per listing, its
 * multi-valued cells separated by ";".  The id is `_id` (else
 * `entity_number`); an entity listed by several sources (SDN and SSI, say)
 * has one row per source with the same `_id` and becomes one entity with
 * the programs of all of them.  The `ids` cell is a list of
 * "[CC, ][dates, ]value, type" items whose type (the last part) decides
 * what the item is: a document, an e-mail, a crypto address, the gender,
 * a flag, or sanctions boilerplate that is left out. */
#include <stdio.h>

#include "io/csv.h"
#include "lists/loaders.h"
#include "vetter/country.h"
#include "vetter/date.h"

enum col {
  C_ID, C_SOURCE, C_ENTITY_NUMBER, C_TYPE, C_PROGRAMS, C_NAME, C_TITLE, C_ADDRESSES, C_START_DATE,
  C_CALL_SIGN, C_VESSEL_FLAG, C_REMARKS, C_ALT_NAMES, C_CITIZENSHIPS, C_DATES_OF_BIRTH, C_NATIONALITIES,
  C_PLACES_OF_BIRTH, C_IDS,
  C_COUNT
};

static const char *const col_names[C_COUNT] = {
    "_id", "source", "entity_number", "type", "programs", "name", "title", "addresses", "start_date",
    "call_sign", "vessel_flag", "remarks", "alt_names", "citizenships", "dates_of_birth", "nationalities",
    "places_of_birth", "ids",
};

struct csl {
  struct vet_listset *ls;
  uint32_t list;
  const char *path;
  int col[C_COUNT]; /* field index of each column, -1 when absent */
  bool have_header;
  char newest[11];  /* newest start_date "YYYY-MM-DD", "" when none */
  struct {
    uint64_t hash;  /* of the ids item type; 0 = empty slot */
    int rule;       /* index into id_rules, -1 for none */
  } cache[256];     /* a few hundred distinct types repeat over 30,000 items */
  struct vet_buf buf;
  struct vet_buf sq;  /* squash() output */
  vet_str *f;
  size_t nf;
};

static vet_str field(const struct csl *c, enum col k)
{
  int i = c->col[k];
  if (i < 0 || (size_t)i >= c->nf)
    return VET_LIT("");
  return vet_str_trim(c->f[i]);
}

/* Next ";"-separated item of *s (trimmed); false when none is left. */
static bool next_item(vet_str *s, vet_str *item)
{
  while (s->len) {
    size_t i = 0;
    while (i < s->len && s->ptr[i] != ';')
      i++;
    *item = vet_str_trim(vet_str_sub(*s, 0, i));
    *s = vet_str_sub(*s, i < s->len ? i + 1 : i, s->len);
    if (item->len)
      return true;
  }
  return false;
}

/* s with each run of white space (a few names and addresses span lines)
 * made one space; borrowed until the next call. */
static vet_str squash(struct csl *c, vet_str s)
{
  bool clean = true;
  for (size_t i = 0; i < s.len && clean; i++)
    clean = !(s.ptr[i] == '\n' || s.ptr[i] == '\r' || s.ptr[i] == '\t' ||
              (s.ptr[i] == ' ' && i + 1 < s.len && s.ptr[i + 1] == ' '));
  if (clean)
    return s;
  vet_buf_reset(&c->sq);
  vet_err rc = vet_buf_append_c(&c->sq, "");
  for (size_t i = 0; i < s.len && !rc; i++) {
    bool ws = s.ptr[i] == ' ' || s.ptr[i] == '\n' || s.ptr[i] == '\r' || s.ptr[i] == '\t';
    if (!ws)
      rc = vet_buf_putc(&c->sq, s.ptr[i]);
    else if (c->sq.len && c->sq.ptr[c->sq.len - 1] != ' ')
      rc = vet_buf_putc(&c->sq, ' ');
  }
  return rc ? s : vet_str_trim(vet_buf_str(&c->sq));
}

static bool contains(vet_str hay, vet_str needle)
{
  if (!needle.len)
    return true;
  for (size_t i = 0; i + needle.len <= hay.len; i++)
    if (hay.ptr[i] == needle.ptr[0] && memcmp(hay.ptr + i, needle.ptr, needle.len) == 0)
      return true;
  return false;
}

/* The part after the last ", " and the text before it. */
static vet_str last_part(vet_str s, vet_str *before)
{
  for (size_t i = s.len; i >= 2; i--)
    if (s.ptr[i - 2] == ',' && s.ptr[i - 1] == ' ') {
      *before = vet_str_trim(vet_str_sub(s, 0, i - 2));
      return vet_str_trim(vet_str_sub(s, i, s.len));
    }
  *before = VET_LIT("");
  return s;
}

static const char *resolve(const struct csl *c, vet_str raw)
{
  return c->ls->countries ? vet_country_resolve(c->ls->countries, raw) : NULL;
}

/* "Specially Designated Nationals (SDN) - Treasury Department" -> "SDN";
 * "Non-SDN Menu-Based Sanctions List (NS-MBS List) - ..." -> "NS-MBS". */
static vet_str source_abbrev(vet_str src)
{
  size_t open = vet_str_find(src, "(", false);
  if (open == SIZE_MAX)
    return src;
  vet_str in = vet_str_sub(src, open + 1, src.len);
  size_t close = vet_str_find(in, ")", false);
  if (close == SIZE_MAX || close == 0)
    return src;
  in.len = close;
  if (in.len > 5 && vet_str_eq_c(vet_str_sub(in, in.len - 5, 5), " List"))
    in.len -= 5;
  return vet_str_trim(in);
}

/* Appends "label: text" to the remarks, once. */
static vet_err add_remark(struct csl *c, struct vet_entity *en, const char *label, vet_str text)
{
  text = vet_str_trim(text);
  if (!text.len)
    return VET_OK;
  vet_str r = text;
  if (label) {
    vet_buf_reset(&c->buf);
    vet_err rc = vet_buf_append_c(&c->buf, label);
    if (!rc)
      rc = vet_buf_append_c(&c->buf, ": ");
    if (!rc)
      rc = vet_buf_append(&c->buf, text);
    if (rc)
      return rc == VET_ELIMIT ? VET_OK : rc;
    r = vet_buf_str(&c->buf);
  }
  if (contains(en->remarks, r)) /* the same listing under a second source */
    return VET_OK;
  return vet_entity_add_remarks(c->ls, en, r);
}

static vet_err add_address(struct csl *c, struct vet_entity *en, vet_str a)
{
  a = squash(c, a);
  vet_str before, last = last_part(a, &before);
  const char *code = resolve(c, last);
  vet_str text = code ? before : a;
  for (uint32_t i = 0; i < en->n_addresses; i++)
    if (vet_str_eq(en->addresses[i].text, text) && (!code || !strcmp(en->addresses[i].country, code)))
      return VET_OK;
  return vet_entity_add_address(c->ls, en, text, code ? vet_str_c(code) : VET_LIT(""));
}

/* ---- the ids cell ---- */

enum id_class {
  IC_IDENT, IC_GENDER, IC_COUNTRY, IC_DATE, IC_REMARK, IC_SKIP,
};

struct id_rule {
  const char *pat;
  bool icase;
  enum id_class cls;
  int kind; /* vet_id_kind for IC_IDENT, vet_country_kind for IC_COUNTRY */
};

/* First match wins, so specific patterns come before general ones. */
static const struct id_rule id_rules[] = {
    {"Gender", true, IC_GENDER, 0},
    {"Digital Currency Address", true, IC_IDENT, VET_ID_CRYPTO},
    {"Email", true, IC_IDENT, VET_ID_EMAIL},
    {"Website", true, IC_IDENT, VET_ID_WEBSITE},
    {"Phone", true, IC_IDENT, VET_ID_PHONE},
    {"Fax", true, IC_IDENT, VET_ID_PHONE},
    {"Nationality of Registration", true, IC_COUNTRY, VET_COUNTRY_JURISDICTION},
    {"Registration Country", true, IC_COUNTRY, VET_COUNTRY_JURISDICTION},
    {"Vessel Flag", true, IC_COUNTRY, VET_COUNTRY_OTHER},
    {"Passport", true, IC_IDENT, VET_ID_PASSPORT},
    {"Travel Document", true, IC_IDENT, VET_ID_PASSPORT},
    {"Driver", true, IC_IDENT, VET_ID_NATIONAL_ID},
    {"Electoral", true, IC_IDENT, VET_ID_NATIONAL_ID},
    {"Credencial", true, IC_IDENT, VET_ID_NATIONAL_ID},
    {"Cedula", true, IC_IDENT, VET_ID_NATIONAL_ID},
    {"C.U.R.P", false, IC_IDENT, VET_ID_NATIONAL_ID},
    {"D.N.I", false, IC_IDENT, VET_ID_NATIONAL_ID},
    {"SSN", false, IC_IDENT, VET_ID_NATIONAL_ID},
    {"CNP", false, IC_IDENT, VET_ID_NATIONAL_ID},
    {"N.I.E", false, IC_IDENT, VET_ID_NATIONAL_ID},
    {"I.F.E", false, IC_IDENT, VET_ID_NATIONAL_ID},
    {"C.U.I.P", false, IC_IDENT, VET_ID_NATIONAL_ID},
    {"Birth Certificate", true, IC_IDENT, VET_ID_NATIONAL_ID},
    {"Immigration", true, IC_IDENT, VET_ID_NATIONAL_ID},
    {"Visa", true, IC_IDENT, VET_ID_NATIONAL_ID},
    {"Cartilla", true, IC_IDENT, VET_ID_NATIONAL_ID},
    {"Refugee", true, IC_IDENT, VET_ID_NATIONAL_ID},
    {"Residen", true, IC_IDENT, VET_ID_NATIONAL_ID},
    {"Citizen", true, IC_IDENT, VET_ID_NATIONAL_ID},
    {"Identidad", true, IC_IDENT, VET_ID_NATIONAL_ID},
    {"Tazkira", true, IC_IDENT, VET_ID_NATIONAL_ID},
    {"Seafarer", true, IC_IDENT, VET_ID_NATIONAL_ID},
    {"Tax", true, IC_IDENT, VET_ID_TAX_ID},
    {"Fiscal", true, IC_IDENT, VET_ID_TAX_ID},
    {"R.F.C", false, IC_IDENT, VET_ID_TAX_ID},
    {"RFC", false, IC_IDENT, VET_ID_TAX_ID},
    {"NIT", false, IC_IDENT, VET_ID_TAX_ID},
    {"RUC", false, IC_IDENT, VET_ID_TAX_ID},
    {"V.A.T", false, IC_IDENT, VET_ID_TAX_ID},
    {"C.U.I.T", false, IC_IDENT, VET_ID_TAX_ID},
    {"RIF", false, IC_IDENT, VET_ID_TAX_ID},
    {"FEIN", false, IC_IDENT, VET_ID_TAX_ID},
    {"C.I.F", false, IC_IDENT, VET_ID_TAX_ID},
    {"NUIT", false, IC_IDENT, VET_ID_TAX_ID},
    {"RSIN", false, IC_IDENT, VET_ID_TAX_ID},
    {"INN", false, IC_IDENT, VET_ID_TAX_ID},
    {"TIN", false, IC_IDENT, VET_ID_TAX_ID},
    {"RTN", false, IC_IDENT, VET_ID_TAX_ID},
    {"C.U.I.", false, IC_IDENT, VET_ID_NATIONAL_ID},
    {"Registration", true, IC_IDENT, VET_ID_REGISTRATION},
    {"Registry", true, IC_IDENT, VET_ID_REGISTRATION},
    {"Company Number", true, IC_IDENT, VET_ID_REGISTRATION},
    {"Business Number", true, IC_IDENT, VET_ID_REGISTRATION},
    {"Enterprise Number", true, IC_IDENT, VET_ID_REGISTRATION},
    {"Branch Unit Number", true, IC_IDENT, VET_ID_REGISTRATION},
    {"Legal Entity", true, IC_IDENT, VET_ID_REGISTRATION},
    {"LE Number", false, IC_IDENT, VET_ID_REGISTRATION},
    {"Gazette", true, IC_IDENT, VET_ID_REGISTRATION},
    {"Mercantil", true, IC_IDENT, VET_ID_REGISTRATION},
    {"Social Credit Code", true, IC_IDENT, VET_ID_REGISTRATION},
    {"License", true, IC_IDENT, VET_ID_REGISTRATION},
    {"C.R.", false, IC_IDENT, VET_ID_REGISTRATION},
    {"D-U-N-S", false, IC_IDENT, VET_ID_REGISTRATION},
    {"Chamber of Comm", true, IC_IDENT, VET_ID_REGISTRATION},
    {"Incorporation", true, IC_IDENT, VET_ID_REGISTRATION},
    {"Charity", true, IC_IDENT, VET_ID_REGISTRATION},
    {"File Number", true, IC_IDENT, VET_ID_REGISTRATION},
    {"SWIFT", false, IC_IDENT, VET_ID_REGISTRATION},
    {"ISIN", false, IC_IDENT, VET_ID_REGISTRATION},
    {"BIK", false, IC_IDENT, VET_ID_REGISTRATION},
    {"MMSI", false, IC_IDENT, VET_ID_REGISTRATION},
    {"Vessel Registration", true, IC_IDENT, VET_ID_REGISTRATION},
    {"Tail Number", true, IC_IDENT, VET_ID_REGISTRATION},
    {"Aircraft Manufacturer", true, IC_IDENT, VET_ID_REGISTRATION},
    {"Aircraft Construction", true, IC_IDENT, VET_ID_REGISTRATION},
    {"Aircraft Serial", true, IC_IDENT, VET_ID_REGISTRATION},
    {"Mode S", true, IC_IDENT, VET_ID_REGISTRATION},
    {"Serial No", true, IC_IDENT, VET_ID_REGISTRATION},
    {"MICEX", false, IC_IDENT, VET_ID_REGISTRATION},
    {"Ticker", true, IC_IDENT, VET_ID_REGISTRATION},
    {"Call Sign", true, IC_IDENT, VET_ID_OTHER},
    {"ID", false, IC_IDENT, VET_ID_NATIONAL_ID},
    {"Identification", true, IC_IDENT, VET_ID_NATIONAL_ID},
    {"Personal", true, IC_IDENT, VET_ID_NATIONAL_ID},
    {"Established Date", true, IC_DATE, 0}, /* "2017, Organization Established Date" */
    {"Date", true, IC_SKIP, 0},              /* listing and effective dates of a designation */
};

static const struct id_rule *classify(struct csl *c, vet_str type)
{
  uint64_t h = vet_hash(type.ptr, type.len, 0x5eed) | 1;
  size_t slot = (size_t)(h & (VET_COUNTOF(c->cache) - 1));
  if (c->cache[slot].hash == h)
    return c->cache[slot].rule < 0 ? NULL : &id_rules[c->cache[slot].rule];
  int rule = -1;
  for (size_t i = 0; i < VET_COUNTOF(id_rules) && rule < 0; i++)
    if (vet_str_find(type, id_rules[i].pat, id_rules[i].icase) != SIZE_MAX)
      rule = (int)i;
  c->cache[slot].hash = h;
  c->cache[slot].rule = rule;
  return rule < 0 ? NULL : &id_rules[rule];
}

static bool is_iso_date(vet_str s)
{
  if (s.len != 10 || s.ptr[4] != '-' || s.ptr[7] != '-')
    return false;
  for (size_t i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !vet_is_digit((unsigned char)s.ptr[i]))
      return false;
  return true;
}

/* "IMO 1234567" */
static bool is_imo(vet_str v)
{
  if (v.len != 11 || memcmp(v.ptr, "IMO ", 4) != 0)
    return false;
  for (size_t i = 4; i < v.len; i++)
    if (!vet_is_digit((unsigned char)v.ptr[i]))
      return false;
  return true;
}

/* One item: "KP, 736410010, Passport", "PK, 2013-09-09, 2008-09-09,
 * 4117921, Passport", "1Fz29..., Digital Currency Address - XBT",
 * "Male, Gender", "North Korea Sanctions Regulations ..., Secondary
 * sanctions risk:". */
static vet_err add_id_item(struct csl *c, struct vet_entity *en, vet_str item)
{
  vet_str rest, type = last_part(item, &rest);
  if (!rest.len)
    return VET_OK; /* no value */
  /* sanctions boilerplate: "..., Secondary sanctions risk:", "..., Additional Sanctions Information -" */
  if (!type.len || type.ptr[type.len - 1] == ':' || type.ptr[type.len - 1] == '-')
    return VET_OK;
  const struct id_rule *r = classify(c, type);
  enum id_class cls = r ? r->cls : IC_REMARK;
  vet_str country = VET_LIT("");
  /* leading issuing country and issue/expiry dates */
  if (rest.len > 4 && vet_upper((unsigned char)rest.ptr[0]) == rest.ptr[0] && vet_is_ascii_alpha((unsigned char)rest.ptr[0]) &&
      vet_is_ascii_alpha((unsigned char)rest.ptr[1]) && vet_upper((unsigned char)rest.ptr[1]) == rest.ptr[1] &&
      rest.ptr[2] == ',' && rest.ptr[3] == ' ') {
    country = vet_str_sub(rest, 0, 2);
    rest = vet_str_sub(rest, 4, rest.len);
  }
  while (rest.len > 12 && is_iso_date(vet_str_sub(rest, 0, 10)) && rest.ptr[10] == ',' && rest.ptr[11] == ' ')
    rest = vet_str_sub(rest, 12, rest.len);
  rest = vet_str_trim(rest);
  switch (cls) {
  case IC_GENDER:
    if (!en->gender)
      en->gender = vet_str_istarts_with(rest, "female") ? 'F' : vet_str_istarts_with(rest, "male") ? 'M' : 0;
    return VET_OK;
  case IC_COUNTRY:
    return vet_entity_add_country(c->ls, en, rest, (enum vet_country_kind)r->kind);
  case IC_SKIP:
    return VET_OK;
  case IC_DATE: {
    struct vet_date d;
    return vet_date_parse(rest, &d) == VET_OK ? vet_entity_add_date(c->ls, en, &d) : VET_OK;
  }
  case IC_REMARK: {
    vet_buf_reset(&c->buf);
    vet_err rc = vet_buf_append(&c->buf, type);
    if (!rc)
      rc = vet_buf_append_c(&c->buf, ": ");
    if (!rc)
      rc = vet_buf_append(&c->buf, rest);
    if (rc)
      return rc == VET_ELIMIT ? VET_OK : rc;
    vet_str txt = vet_buf_str(&c->buf);
    return contains(en->remarks, txt) ? VET_OK : vet_entity_add_remarks(c->ls, en, txt);
  }
  case IC_IDENT:
    break;
  }
  /* "22839 (Jalisco)", "7136946 (Delaware)": the place is not part of the number */
  if (rest.len > 2 && rest.ptr[rest.len - 1] == ')') {
    for (size_t i = rest.len - 1; i > 0; i--)
      if (rest.ptr[i] == '(') {
        if (i > 1 && rest.ptr[i - 1] == ' ')
          rest = vet_str_trim(vet_str_sub(rest, 0, i));
        break;
      }
  }
  enum vet_id_kind kind = (enum vet_id_kind)r->kind;
  if (is_imo(rest)) /* "IMO 5814866, Identification Number": a ship manager's IMO company number */
    kind = VET_ID_REGISTRATION;
  vet_str currency = VET_LIT("");
  if (kind == VET_ID_CRYPTO) {
    size_t dash = vet_str_find(type, " - ", false);
    if (dash != SIZE_MAX)
      currency = vet_str_trim(vet_str_sub(type, dash + 3, type.len));
  }
  return vet_entity_add_ident(c->ls, en, kind, rest, country, currency);
}

/* ---- rows ---- */

static vet_err on_header(struct csl *c, size_t line, vet_str *f, size_t n, struct vet_error *e)
{
  for (int k = 0; k < C_COUNT; k++)
    c->col[k] = -1;
  for (size_t i = 0; i < n; i++) {
    vet_str h = vet_str_trim(f[i]);
    for (int k = 0; k < C_COUNT; k++)
      if (c->col[k] < 0 && vet_str_ieq_c(h, col_names[k]))
        c->col[k] = (int)i;
  }
  if (c->col[C_NAME] < 0)
    return vet_fail(e, VET_EPARSE, "%s:%zu: header has no 'name' column", c->path, line);
  if (c->col[C_ID] < 0 && c->col[C_ENTITY_NUMBER] < 0)
    return vet_fail(e, VET_EPARSE, "%s:%zu: header has no '_id' or 'entity_number' column", c->path, line);
  c->have_header = true;
  return VET_OK;
}

static vet_err fill(struct csl *c, struct vet_entity *en)
{
  struct vet_listset *ls = c->ls;
  vet_str it, s;
  vet_err rc = VET_OK;
  bool has_primary = en->n_names && en->names[0].kind == VET_NAME_PRIMARY;
  rc = vet_entity_add_name(ls, en, squash(c, field(c, C_NAME)), has_primary ? VET_NAME_ALIAS : VET_NAME_PRIMARY);
  for (s = field(c, C_ALT_NAMES); !rc && next_item(&s, &it);)
    rc = vet_entity_add_name(ls, en, squash(c, it), VET_NAME_ALIAS);
  vet_str src = field(c, C_SOURCE);
  if (!rc && src.len) {
    vet_buf_reset(&c->buf);
    rc = vet_buf_append_c(&c->buf, "source:");
    if (!rc)
      rc = vet_buf_append(&c->buf, source_abbrev(src));
    if (!rc)
      rc = vet_entity_add_program(ls, en, vet_buf_str(&c->buf));
  }
  for (s = field(c, C_PROGRAMS); !rc && next_item(&s, &it);)
    rc = vet_entity_add_program(ls, en, it);
  for (s = field(c, C_ADDRESSES); !rc && next_item(&s, &it);)
    rc = add_address(c, en, it);
  for (s = field(c, C_NATIONALITIES); !rc && next_item(&s, &it);)
    rc = vet_entity_add_country(ls, en, it, VET_COUNTRY_NATIONALITY);
  for (s = field(c, C_CITIZENSHIPS); !rc && next_item(&s, &it);)
    rc = vet_entity_add_country(ls, en, it, VET_COUNTRY_CITIZENSHIP);
  for (s = field(c, C_DATES_OF_BIRTH); !rc && next_item(&s, &it);) {
    struct vet_date d;
    if (vet_date_parse(it, &d) == VET_OK)
      rc = vet_entity_add_date(ls, en, &d);
  }
  for (s = field(c, C_PLACES_OF_BIRTH); !rc && next_item(&s, &it);) {
    vet_str before, last = last_part(it, &before);
    const char *code = resolve(c, last);
    if (code)
      rc = vet_entity_add_country(ls, en, vet_str_c(code), VET_COUNTRY_BIRTH);
  }
  if (!rc)
    rc = add_remark(c, en, "Place of birth", field(c, C_PLACES_OF_BIRTH));
  if (!rc)
    rc = vet_entity_add_country(ls, en, field(c, C_VESSEL_FLAG), VET_COUNTRY_JURISDICTION);
  if (!rc)
    rc = vet_entity_add_ident(ls, en, VET_ID_OTHER, field(c, C_CALL_SIGN), VET_LIT(""), VET_LIT(""));
  for (s = field(c, C_IDS); !rc && next_item(&s, &it);)
    rc = add_id_item(c, en, it);
  if (!rc)
    rc = add_remark(c, en, "Title", field(c, C_TITLE));
  if (!rc)
    rc = add_remark(c, en, NULL, field(c, C_REMARKS));
  return rc;
}

static vet_err on_row(void *ud, size_t line, vet_str *f, size_t n, struct vet_error *e)
{
  struct csl *c = ud;
  c->f = f;
  c->nf = n;
  if (!c->have_header)
    return on_header(c, line, f, n, e);
  vet_str id = field(c, C_ID);
  if (!id.len)
    id = field(c, C_ENTITY_NUMBER);
  if (!id.len)
    return vet_fail(e, VET_EPARSE, "%s:%zu: no '_id' or 'entity_number'", c->path, line);
  struct vet_entity *en = vet_listset_entity(c->ls, c->list, id, true);
  if (!en)
    return vet_fail(e, VET_ENOMEM, "%s:%zu: out of memory", c->path, line);
  if (en->schema == VET_SCHEMA_UNKNOWN)
    en->schema = vet_schema_parse(field(c, C_TYPE));
  vet_str sd = field(c, C_START_DATE);
  if (is_iso_date(sd) && memcmp(sd.ptr, c->newest, 10) > 0) {
    memcpy(c->newest, sd.ptr, 10);
    c->newest[10] = 0;
  }
  vet_err rc = fill(c, en);
  if (rc == VET_ELIMIT)
    return vet_fail(e, VET_ELIMIT, "%s:%zu: field too long", c->path, line);
  if (rc)
    return vet_fail(e, VET_ENOMEM, "%s:%zu: out of memory", c->path, line);
  return VET_OK;
}

vet_err vet_load_csl_csv(struct vet_listset *ls, uint32_t list, const char *path, struct vet_error *e)
{
  struct csl c = {.ls = ls, .list = list, .path = path};
  vet_buf_init(&c.buf, 256u << 10);
  vet_buf_init(&c.sq, 256u << 10);
  vet_err rc = vet_csv_read_file(path, VET_LIST_MAX_FILE, NULL, on_row, &c, e);
  if (!rc && !c.have_header)
    rc = vet_fail(e, VET_EPARSE, "%s: no header line", path);
  if (!rc && c.newest[0] && vet_listset_set_date(ls, list, vet_str_c(c.newest)))
    rc = vet_fail(e, VET_ENOMEM, "%s: out of memory", path);
  vet_buf_release(&c.buf);
  vet_buf_release(&c.sq);
  return rc;
}
