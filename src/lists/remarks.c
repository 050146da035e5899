/* lists/remarks.c - the OFAC remarks parser: splits the Remarks text into
 * clauses, finds each clause's label in one table, and feeds the facts to
 * the entity sink.  Every clause is scanned a constant number of times, so
 * the whole parse is linear in the text. */
#include "lists/remarks.h"
#include "vetter/country.h"
#include "vetter/date.h"

enum action {
  A_DOB,         /* date of birth */
  A_FOUNDED,     /* organization established date */
  A_POB,         /* place of birth */
  A_NATIONALITY,
  A_CITIZEN,
  A_REGISTERED,  /* "Nationality of Registration": jurisdiction */
  A_GENDER,
  A_AKA,
  A_FKA,
  A_NKA,
  A_IDENT,       /* document or registration number, kind from the table */
  A_EMAIL,
  A_WEBSITE,
  A_CRYPTO,
};

enum label_flags {
  F_ANY = 1u << 0,       /* the value need not contain a digit (SWIFT/BIC) */
  F_ORG_REG = 1u << 1,   /* a registration when the entity is not a person (set en->schema first) */
  F_KEEP_LABEL = 1u << 2 /* the label is part of the value ("IMO 1234567") */
};

struct label {
  const char *text; /* matched case-insensitively at the start of a clause */
  uint8_t len;
  uint8_t action;
  uint8_t kind;     /* enum vet_id_kind for A_IDENT */
  uint8_t flags;
};

#define L(t, a, k, f) {t, (uint8_t)(sizeof(t) - 1), a, k, f}
#define ID(t, k) L(t, A_IDENT, k, 0)

/* Labels seen in the SDN and consolidated lists (2021-2025).  The longest
 * matching label wins, so "Passport" and "Passport Booklet" can coexist. */
static const struct label labels[] = {
    L("DOB", A_DOB, 0, 0),
    L("Date of Birth", A_DOB, 0, 0),
    L("Organization Established Date", A_FOUNDED, 0, 0),
    L("POB", A_POB, 0, 0),
    L("Place of Birth", A_POB, 0, 0),
    L("nationality", A_NATIONALITY, 0, 0),
    L("citizen", A_CITIZEN, 0, 0),
    L("citizenship", A_CITIZEN, 0, 0),
    L("Nationality of Registration", A_REGISTERED, 0, 0),
    L("Gender", A_GENDER, 0, 0),
    L("a.k.a.", A_AKA, 0, 0),
    L("f.k.a.", A_FKA, 0, 0),
    L("n.k.a.", A_NKA, 0, 0),
    L("Email Address", A_EMAIL, 0, 0),
    L("Email", A_EMAIL, 0, 0),
    L("E-mail Address", A_EMAIL, 0, 0),
    L("Website", A_WEBSITE, 0, 0),
    L("Digital Currency Address", A_CRYPTO, 0, 0),

    ID("Passport", VET_ID_PASSPORT),
    ID("Passport No.", VET_ID_PASSPORT),
    ID("Passport Number", VET_ID_PASSPORT),
    ID("Passport Booklet", VET_ID_PASSPORT),
    ID("Diplomatic Passport", VET_ID_PASSPORT),
    ID("Travel Document Number", VET_ID_PASSPORT),
    ID("Stateless Person Passport", VET_ID_PASSPORT),
    ID("U.S.A. Passport", VET_ID_PASSPORT),

    ID("National ID No.", VET_ID_NATIONAL_ID),
    ID("National ID Number", VET_ID_NATIONAL_ID),
    ID("National Identification Number", VET_ID_NATIONAL_ID),
    ID("National Foreign ID Number", VET_ID_NATIONAL_ID),
    ID("Cedula No.", VET_ID_NATIONAL_ID),
    ID("Citizen's Card Number", VET_ID_NATIONAL_ID),
    L("Identification Number", A_IDENT, VET_ID_NATIONAL_ID, F_ORG_REG),
    ID("Personal ID Card", VET_ID_NATIONAL_ID),
    ID("C.U.R.P.", VET_ID_NATIONAL_ID),
    ID("CURP", VET_ID_NATIONAL_ID),
    ID("D.N.I.", VET_ID_NATIONAL_ID),
    ID("DNI", VET_ID_NATIONAL_ID),
    ID("C.U.I.", VET_ID_NATIONAL_ID),
    ID("C.U.I.P.", VET_ID_NATIONAL_ID),
    ID("Credencial electoral", VET_ID_NATIONAL_ID),
    ID("Electoral Registry No.", VET_ID_NATIONAL_ID),
    ID("I.F.E.", VET_ID_NATIONAL_ID),
    ID("Turkish Identification Number", VET_ID_NATIONAL_ID),
    ID("Numero de Identidad", VET_ID_NATIONAL_ID),
    ID("Kenyan ID No.", VET_ID_NATIONAL_ID),
    ID("Tazkira National ID Card", VET_ID_NATIONAL_ID),
    ID("SSN", VET_ID_NATIONAL_ID),
    ID("Refugee ID Card", VET_ID_NATIONAL_ID),
    ID("UAE Identification", VET_ID_NATIONAL_ID),
    ID("Birth Certificate Number", VET_ID_NATIONAL_ID),
    ID("Residency Number", VET_ID_NATIONAL_ID),
    ID("Stateless Person ID Card", VET_ID_NATIONAL_ID),
    ID("Moroccan Personal ID No.", VET_ID_NATIONAL_ID),
    ID("N.I.E.", VET_ID_NATIONAL_ID),

    ID("Tax ID No.", VET_ID_TAX_ID),
    ID("Tax ID", VET_ID_TAX_ID),
    ID("R.F.C.", VET_ID_TAX_ID),
    ID("RFC", VET_ID_TAX_ID),
    ID("NIT", VET_ID_TAX_ID),
    ID("RUC", VET_ID_TAX_ID),
    ID("RIF", VET_ID_TAX_ID),
    ID("V.A.T. Number", VET_ID_TAX_ID),
    ID("VAT Number", VET_ID_TAX_ID),
    ID("C.U.I.T.", VET_ID_TAX_ID),
    ID("CUIT", VET_ID_TAX_ID),
    ID("Italian Fiscal Code", VET_ID_TAX_ID),
    ID("US FEIN", VET_ID_TAX_ID),
    ID("RTN", VET_ID_TAX_ID),
    ID("C.I.F.", VET_ID_TAX_ID),
    ID("Numero Unico de Identificacao Tributaria (NUIT)", VET_ID_TAX_ID),
    ID("Paraguayan tax identification number", VET_ID_TAX_ID),
    ID("Fiscal Code", VET_ID_TAX_ID),
    ID("Romanian Tax Registration", VET_ID_TAX_ID),
    ID("N.I.F.", VET_ID_TAX_ID),

    ID("Registration Number", VET_ID_REGISTRATION),
    ID("Registration No.", VET_ID_REGISTRATION),
    ID("Registration ID", VET_ID_REGISTRATION),
    ID("Company Number", VET_ID_REGISTRATION),
    ID("UK Company Number", VET_ID_REGISTRATION),
    ID("Business Registration Number", VET_ID_REGISTRATION),
    ID("Business Registration Document", VET_ID_REGISTRATION),
    ID("Business Number", VET_ID_REGISTRATION),
    ID("Legal Entity Number", VET_ID_REGISTRATION),
    ID("LE Number", VET_ID_REGISTRATION),
    ID("Unified Social Credit Code (USCC)", VET_ID_REGISTRATION),
    ID("United Social Credit Code Certificate (USCCC)", VET_ID_REGISTRATION),
    ID("Vessel Registration Identification", VET_ID_REGISTRATION),
    L("IMO", A_IDENT, VET_ID_REGISTRATION, F_KEEP_LABEL),
    ID("MMSI", VET_ID_REGISTRATION),
    ID("Commercial Registry Number", VET_ID_REGISTRATION),
    ID("C.R. No.", VET_ID_REGISTRATION),
    ID("Romanian C.R.", VET_ID_REGISTRATION),
    ID("Chamber of Commerce Number", VET_ID_REGISTRATION),
    ID("Istanbul Chamber of Comm. No.", VET_ID_REGISTRATION),
    ID("Dubai Chamber of Commerce Membership No.", VET_ID_REGISTRATION),
    ID("Government Gazette Number", VET_ID_REGISTRATION),
    ID("Folio Mercantil No.", VET_ID_REGISTRATION),
    ID("Matricula Mercantil No", VET_ID_REGISTRATION),
    ID("Trade License No.", VET_ID_REGISTRATION),
    ID("Central Registration System Number", VET_ID_REGISTRATION),
    ID("Enterprise Number", VET_ID_REGISTRATION),
    ID("Branch Unit Number", VET_ID_REGISTRATION),
    ID("Certificate of Incorporation Number", VET_ID_REGISTRATION),
    ID("Organization Code", VET_ID_REGISTRATION),
    ID("Public Registration Number", VET_ID_REGISTRATION),
    ID("Registered Charity No.", VET_ID_REGISTRATION),
    ID("D-U-N-S Number", VET_ID_REGISTRATION),
    ID("Economic Register Number (CBLS)", VET_ID_REGISTRATION),
    ID("Afghan Money Service Provider License Number", VET_ID_REGISTRATION),
    ID("MSB Registration Number", VET_ID_REGISTRATION),
    ID("Registration Certificate Number", VET_ID_REGISTRATION),
    ID("Russian State Individual Business Registration Number", VET_ID_REGISTRATION),
    ID("Company ID", VET_ID_REGISTRATION),
    L("SWIFT/BIC", A_IDENT, VET_ID_REGISTRATION, F_ANY),
    ID("BIK (RU)", VET_ID_REGISTRATION),
    ID("Aircraft Manufacturer's Serial Number (MSN)", VET_ID_REGISTRATION),
    ID("Aircraft Serial Identification", VET_ID_REGISTRATION),
    ID("Aircraft Construction Number (also called L/N or S/N or F/N)", VET_ID_REGISTRATION),
    L("Aircraft Tail Number", A_IDENT, VET_ID_REGISTRATION, F_ANY),
    L("Previous Aircraft Tail Number", A_IDENT, VET_ID_REGISTRATION, F_ANY),
    ID("Serial No.", VET_ID_REGISTRATION),
    ID("Aircraft Mode S Transponder Code", VET_ID_REGISTRATION),

    ID("Phone Number", VET_ID_PHONE),
    ID("Phone", VET_ID_PHONE),
    ID("Telephone", VET_ID_PHONE),
    ID("Telephone No.", VET_ID_PHONE),
    ID("Telephone Number", VET_ID_PHONE),
    ID("Fax", VET_ID_PHONE),
    ID("Fax No.", VET_ID_PHONE),
    ID("Fax Number", VET_ID_PHONE),

    ID("Driver's License No.", VET_ID_OTHER),
    ID("Cartilla de Servicio Militar Nacional", VET_ID_OTHER),
    ID("Military Registration Number", VET_ID_OTHER),
    ID("VisaNumberID", VET_ID_OTHER),
    ID("Immigration No.", VET_ID_OTHER),
    ID("Pilot License Number", VET_ID_OTHER),
    ID("Permit Number", VET_ID_OTHER),
    ID("SRE Permit No.", VET_ID_OTHER),
    ID("ISIN", VET_ID_OTHER),
    ID("Other Vessel Call Sign", VET_ID_OTHER),
    ID("Seafarer's Identification Document", VET_ID_OTHER),
    ID("Public Security and Immigration No.", VET_ID_OTHER),
    ID("File Number", VET_ID_OTHER),
    L("License", A_IDENT, VET_ID_OTHER, F_ORG_REG),
    L("Tourism License No.", A_IDENT, VET_ID_OTHER, F_ORG_REG),
};

/* Labels grouped by first letter, so a clause is compared only with the
 * labels that can match it.  Built per call: the table is small and there
 * is no shared state to initialize. */
_Static_assert(VET_COUNTOF(labels) < 256, "label indexes are bytes");

struct label_index {
  uint8_t start[28]; /* labels of bucket b: order[start[b]] .. order[start[b + 1] - 1] */
  uint8_t order[VET_COUNTOF(labels)];
};

struct run {
  struct vet_listset *ls;
  struct vet_entity *en;
  unsigned items; /* facts added so far, capped at VET_REMARKS_MAX_ITEMS */
  bool indexed;
  struct label_index ix;
};

/* 0-25 for letters, 26 for anything else */
static int bucket(int c)
{
  c = vet_lower(c);
  return c >= 'a' && c <= 'z' ? c - 'a' : 26;
}

static void index_labels(struct label_index *ix)
{
  uint8_t count[27] = {0};
  for (size_t i = 0; i < VET_COUNTOF(labels); i++)
    count[bucket((unsigned char)labels[i].text[0])]++;
  ix->start[0] = 0;
  for (int b = 0; b < 27; b++)
    ix->start[b + 1] = (uint8_t)(ix->start[b] + count[b]);
  uint8_t fill[27];
  memcpy(fill, ix->start, sizeof fill);
  for (size_t i = 0; i < VET_COUNTOF(labels); i++)
    ix->order[fill[bucket((unsigned char)labels[i].text[0])]++] = (uint8_t)i;
}

static bool ieq_prefix(vet_str s, const char *p, size_t n)
{
  if (s.len < n)
    return false;
  for (size_t i = 0; i < n; i++)
    if (vet_lower((unsigned char)s.ptr[i]) != vet_lower((unsigned char)p[i]))
      return false;
  return true;
}

/* The longest label that starts s and ends on a word boundary. */
static const struct label *find_label(struct run *r, vet_str s)
{
  if (s.len == 0)
    return NULL;
  if (!r->indexed) {
    index_labels(&r->ix);
    r->indexed = true;
  }
  const struct label *best = NULL;
  int b = bucket((unsigned char)s.ptr[0]);
  for (size_t k = r->ix.start[b]; k < r->ix.start[b + 1]; k++) {
    const struct label *l = &labels[r->ix.order[k]];
    if ((best && l->len <= best->len) || !ieq_prefix(s, l->text, l->len))
      continue;
    if (vet_is_alnum((unsigned char)l->text[l->len - 1]) && s.len > l->len &&
        (vet_is_alnum((unsigned char)s.ptr[l->len]) || s.ptr[l->len] == '\''))
      continue; /* "Passports", "citizen's" */
    best = l;
  }
  return best;
}

static vet_str skip_chars(vet_str s, const char *set)
{
  size_t i = 0;
  while (i < s.len && s.ptr[i] && strchr(set, s.ptr[i]))
    i++;
  return vet_str_sub(s, i, s.len);
}

static bool has_digit(vet_str s)
{
  for (size_t i = 0; i < s.len; i++)
    if (vet_is_digit((unsigned char)s.ptr[i]))
      return true;
  return false;
}

/* Offset of the first of the needles in s (case-insensitive), or s.len. */
static size_t find_any(vet_str s, const char *const *needles, size_t n)
{
  size_t best = s.len;
  for (size_t i = 0; i < n; i++) {
    size_t p = vet_str_find(s, needles[i], true);
    if (p < best)
      best = p;
  }
  return best;
}

static bool take(struct run *r)
{
  if (r->items >= VET_REMARKS_MAX_ITEMS)
    return false;
  r->items++;
  return true;
}

/* ---- dates ---- */

/* "25 Mar 1977", "circa 1947", "1960 to 1962", "01 Jan 1960 to 31 Dec
 * 1962", "circa 1979-1982": a range keeps what both ends agree on. */
static bool parse_date_range(vet_str s, struct vet_date *out)
{
  s = vet_str_trim(s);
  if (vet_date_parse(s, out) == VET_OK)
    return true;
  if (s.len > 64)
    return false;
  vet_str a, b;
  size_t p = vet_str_find(s, " to ", true);
  if (p != SIZE_MAX) {
    a = vet_str_sub(s, 0, p);
    b = vet_str_sub(s, p + 4, s.len);
  } else {
    size_t d = s.len;
    while (d > 0 && s.ptr[d - 1] != '-')
      d--;
    if (d == 0)
      return false;
    a = vet_str_sub(s, 0, d - 1);
    b = vet_str_sub(s, d, s.len);
  }
  struct vet_date da, db;
  if (vet_date_parse(a, &da) || vet_date_parse(b, &db))
    return false;
  int end = db.year_to ? db.year_to : db.year;
  if (end < da.year || da.year_to)
    return false;
  *out = da;
  out->approx = (uint8_t)(da.approx | db.approx);
  if (end != da.year) {
    out->year_to = (int16_t)end;
    out->month = 0;
    out->day = 0;
  } else if (db.month != da.month) {
    out->month = 0;
    out->day = 0;
  } else if (db.day != da.day) {
    out->day = 0;
  }
  return true;
}

static vet_err add_date(struct run *r, vet_str v)
{
  struct vet_date d;
  if (!parse_date_range(v, &d) || !take(r))
    return VET_OK;
  return vet_entity_add_date(r->ls, r->en, &d);
}

/* ---- countries ---- */

static bool resolves(const struct run *r, vet_str s)
{
  return vet_country_resolve(r->ls->countries, s) != NULL;
}

/* A country from a place: the whole text ("Korea, North"), else its last
 * two comma parts ("Kinshasa, Congo, Democratic Republic of the"), else its
 * last part ("Wuhan City, Hubei, China"). */
static vet_err add_place(struct run *r, vet_str place, enum vet_country_kind kind)
{
  place = vet_str_trim(place);
  if (vet_str_istarts_with(place, "possibly "))
    place = vet_str_trim(vet_str_sub(place, 9, place.len));
  if (place.len == 0 || !r->ls->countries)
    return VET_OK;
  vet_str pick = VET_STR_NULL;
  const char *open = place.ptr[place.len - 1] == ')' ? memchr(place.ptr, '(', place.len) : NULL;
  if (resolves(r, place)) {
    pick = place;
  } else if (open) { /* "Tunisi (Tunisia)", "Gaza (Palestinian Authority)" */
    size_t a = (size_t)(open - place.ptr) + 1;
    vet_str inside = vet_str_trim(vet_str_sub(place, a, place.len - 1 - a));
    if (resolves(r, inside))
      pick = inside;
  } else {
    size_t last = SIZE_MAX, prev = SIZE_MAX;
    for (size_t i = 0; i < place.len; i++)
      if (place.ptr[i] == ',') {
        prev = last;
        last = i;
      }
    if (prev != SIZE_MAX && resolves(r, vet_str_sub(place, prev + 1, place.len)))
      pick = vet_str_sub(place, prev + 1, place.len);
    else if (last != SIZE_MAX && resolves(r, vet_str_sub(place, last + 1, place.len)))
      pick = vet_str_sub(place, last + 1, place.len);
  }
  if (!pick.len || !take(r))
    return VET_OK;
  return vet_entity_add_country(r->ls, r->en, pick, kind);
}

/* ---- names ---- */

/* The text between the first and the last quote: names keep their inner
 * apostrophes ("'ABD AL-'AZIZ'"). */
static vet_err add_quoted_name(struct run *r, vet_str v, enum vet_name_kind kind)
{
  v = vet_str_trim(v);
  const char *q1 = memchr(v.ptr ? v.ptr : "", '\'', v.len);
  if (q1) {
    size_t a = (size_t)(q1 - v.ptr) + 1, b = v.len;
    while (b > a && v.ptr[b - 1] != '\'')
      b--;
    v = b > a ? vet_str_sub(v, a, b - 1 - a) : vet_str_sub(v, a, v.len); /* one quote: the rest */
  }
  v = vet_str_trim(v);
  if (!v.len || !take(r))
    return VET_OK;
  return vet_entity_add_name(r->ls, r->en, v, kind);
}

/* ---- identifiers ---- */

/* "T14553558 (Iran) issued 28 Oct 2008 expires 29 Oct 2013" -> value
 * "T14553558", country "Iran".  Trailing parenthesized groups without
 * digits are places; the last one is the issuing country.  Groups with
 * digits belong to the number ("D489833(9)", phone area codes). */
static void split_ident(vet_str rest, vet_str *value, vet_str *country)
{
  static const char *const stops[] = {" issue", " expir"};
  rest = vet_str_trim(vet_str_sub(rest, 0, find_any(rest, stops, VET_COUNTOF(stops))));
  *country = VET_STR_NULL;
  while (rest.len && rest.ptr[rest.len - 1] == ')') {
    size_t k = rest.len - 1;
    while (k > 0 && rest.ptr[k - 1] != '(' && rest.ptr[k - 1] != ')')
      k--;
    if (k == 0 || rest.ptr[k - 1] != '(')
      break;
    size_t open = k - 1;
    vet_str inside = vet_str_sub(rest, k, rest.len - 1 - k);
    if (has_digit(inside) || (open > 0 && rest.ptr[open - 1] != ' '))
      break;
    if (!country->len)
      *country = vet_str_trim(inside);
    rest = vet_str_trim(vet_str_sub(rest, 0, open));
  }
  size_t comma = vet_str_find(rest, ", ", false);
  if (comma != SIZE_MAX)
    rest = vet_str_sub(rest, 0, comma);
  *value = vet_str_trim(rest);
}

static vet_err add_ident(struct run *r, const struct label *l, vet_str rest, vet_str label_text)
{
  vet_str value, country;
  split_ident(rest, &value, &country);
  enum vet_id_kind kind = (enum vet_id_kind)l->kind;
  if (l->flags & F_KEEP_LABEL) {
    /* value = "IMO 1234567": label and number are adjacent in the clause */
    if (!value.len)
      return VET_OK;
    value = (vet_str){label_text.ptr, (size_t)(value.ptr + value.len - label_text.ptr)};
  }
  if (!value.len || (!(l->flags & F_ANY) && !has_digit(value)))
    return VET_OK;
  if (vet_str_istarts_with(value, "IMO") && (value.len == 3 || !vet_is_ascii_alpha((unsigned char)value.ptr[3])))
    kind = VET_ID_REGISTRATION;
  else if ((l->flags & F_ORG_REG) && r->en->schema != VET_SCHEMA_PERSON && r->en->schema != VET_SCHEMA_UNKNOWN)
    kind = VET_ID_REGISTRATION;
  if (!take(r))
    return VET_OK;
  return vet_entity_add_ident(r->ls, r->en, kind, value, country, VET_STR_NULL);
}

/* Email addresses and websites: each space- or comma-separated token that
 * looks like one ("info@x.ru", "www.x.com", "http://x.ir/"). */
static vet_err add_tokens(struct run *r, vet_str rest, enum vet_id_kind kind)
{
  size_t i = 0;
  while (i < rest.len) {
    while (i < rest.len && (rest.ptr[i] == ' ' || rest.ptr[i] == ','))
      i++;
    size_t st = i;
    while (i < rest.len && rest.ptr[i] != ' ' && rest.ptr[i] != ',')
      i++;
    vet_str tok = vet_str_sub(rest, st, i - st);
    while (tok.len && (tok.ptr[tok.len - 1] == '.' || tok.ptr[tok.len - 1] == ')'))
      tok.len--;
    char need = kind == VET_ID_EMAIL ? '@' : '.';
    if (tok.len < 3 || !memchr(tok.ptr, need, tok.len) || !take(r))
      continue;
    vet_err rc = vet_entity_add_ident(r->ls, r->en, kind, tok, VET_STR_NULL, VET_STR_NULL);
    if (rc)
      return rc;
  }
  return VET_OK;
}

/* "- XBT 12QtD5BF..." -> currency XBT, address 12QtD5BF... */
static vet_err add_crypto(struct run *r, vet_str rest)
{
  rest = skip_chars(rest, " -:");
  size_t i = 0;
  while (i < rest.len && rest.ptr[i] != ' ')
    i++;
  vet_str first = vet_str_sub(rest, 0, i), second = vet_str_trim(vet_str_sub(rest, i, rest.len));
  size_t j = 0;
  while (j < second.len && second.ptr[j] != ' ')
    j++;
  second.len = j;
  bool ticker = first.len >= 2 && first.len <= 10 && second.len;
  for (size_t k = 0; ticker && k < first.len; k++)
    ticker = vet_is_alnum((unsigned char)first.ptr[k]) || first.ptr[k] == '-';
  vet_str cur = ticker ? first : VET_STR_NULL, addr = ticker ? second : first;
  if (addr.len < 8 || !take(r))
    return VET_OK;
  return vet_entity_add_ident(r->ls, r->en, VET_ID_CRYPTO, addr, VET_STR_NULL, cur);
}

/* ---- clauses ---- */

static vet_err apply_clause(struct run *r, vet_str c)
{
  c = vet_str_trim(c);
  if (c.len && c.ptr[c.len - 1] == '.')
    c = vet_str_trim(vet_str_sub(c, 0, c.len - 1));
  if (vet_str_istarts_with(c, "alt. "))
    c = vet_str_trim(vet_str_sub(c, 5, c.len));
  const struct label *l = find_label(r, c);
  if (!l)
    return VET_OK;
  vet_str label_text = c;
  vet_str rest = skip_chars(vet_str_sub(c, l->len, c.len), " :#");
  switch ((enum action)l->action) {
  case A_DOB:
  case A_FOUNDED:
    return add_date(r, rest);
  case A_POB:
    return add_place(r, rest, VET_COUNTRY_BIRTH);
  case A_NATIONALITY:
    return add_place(r, rest, VET_COUNTRY_NATIONALITY);
  case A_CITIZEN:
    return add_place(r, rest, VET_COUNTRY_CITIZENSHIP);
  case A_REGISTERED:
    return add_place(r, rest, VET_COUNTRY_JURISDICTION);
  case A_GENDER:
    if (vet_str_istarts_with(rest, "male"))
      r->en->gender = 'M';
    else if (vet_str_istarts_with(rest, "female"))
      r->en->gender = 'F';
    return VET_OK;
  case A_AKA:
    return add_quoted_name(r, rest, VET_NAME_WEAK_ALIAS);
  case A_FKA:
    return add_quoted_name(r, rest, VET_NAME_FORMER);
  case A_NKA: /* now known as: the current name */
    return add_quoted_name(r, rest, VET_NAME_ALIAS);
  case A_IDENT:
    return add_ident(r, l, rest, label_text);
  case A_EMAIL:
    return add_tokens(r, rest, VET_ID_EMAIL);
  case A_WEBSITE:
    return add_tokens(r, rest, VET_ID_WEBSITE);
  case A_CRYPTO:
    return add_crypto(r, rest);
  }
  return VET_OK;
}

vet_err vet_remarks_apply(struct vet_listset *ls, struct vet_entity *en, vet_str remarks)
{
  struct run r = {.ls = ls, .en = en};
  size_t i = 0;
  /* Split on every ';': OFAC writes "; " but also "Palestinian;arrested",
   * and a remarks overflow joined from the comments file may lose the
   * space. */
  while (i < remarks.len) {
    const char *semi = memchr(remarks.ptr + i, ';', remarks.len - i);
    size_t end = semi ? (size_t)(semi - remarks.ptr) : remarks.len;
    vet_err rc = apply_clause(&r, vet_str_sub(remarks, i, end - i));
    if (rc)
      return rc;
    i = end + 1;
  }
  return VET_OK;
}

enum vet_name_kind vet_remarks_alias_kind(vet_str alias_type, vet_str alias_remarks)
{
  alias_type = vet_str_trim(alias_type);
  if (vet_str_find(alias_type, "weak", true) != SIZE_MAX || vet_str_find(alias_remarks, "weak", true) != SIZE_MAX)
    return VET_NAME_WEAK_ALIAS;
  if (vet_str_istarts_with(alias_type, "fka") || vet_str_istarts_with(alias_type, "f.k.a"))
    return VET_NAME_FORMER;
  /* n.k.a. ("now known as") is the entity's current name: an alias */
  return VET_NAME_ALIAS;
}
