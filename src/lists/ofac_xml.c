/* lists/ofac_xml.c - loader for OFAC "ENHANCED XML" (SDN_ENHANCED.XML,
 * CONS_ENHANCED.XML; namespace .../PublicationPreview/exports/ENHANCED_XML).
 *
 * The file is streamed element by element (io/xml.h).  Layout:
 *   sanctionsData/publicationInfo/dataAsOf          -> list date
 *   sanctionsData/referenceValues/referenceValue    -> COUNTRY refId -> isoCode
 *   sanctionsData/entities/entity[@id]              -> one entity, id = @id
 *     generalInfo/entityType, generalInfo/remarks
 *     sanctionsPrograms/sanctionsProgram
 *     names/name (isPrimary, aliasType, isLowQuality)/translations/translation
 *       (isPrimary, formattedFullName, nameParts/namePart/value)
 *     addresses/address (country)/translations/translation/addressParts/addressPart
 *     features/feature (type, value, valueRefId, valueDate/...)
 *     identityDocuments/identityDocument (type, documentNumber, issuingCountry)
 * Countries with a refId are passed to the sink as the file's own ISO code,
 * so "Burma" or "Palestinian" need no name lookup. */
#include "core/strmap.h"
#include "io/xml.h"
#include "lists/loaders.h"
#include "vetter/date.h"

/* Address part slots, in the order they are joined. */
enum { ADDR_SLOTS = 8, ADDR_OTHER = ADDR_SLOTS - 1 };
static const char *const addr_part_types[ADDR_SLOTS - 1] = {
    "ADDRESS1", "ADDRESS2", "ADDRESS3", "CITY", "STATE/PROVINCE", "REGION", "POSTAL CODE",
};

struct ofac {
  struct vet_listset *ls;
  uint32_t list;
  struct vet_xml *x;
  struct vet_error *e;
  struct vet_entity *en;    /* entity being read, NULL outside <entity> */
  bool saw_root;

  /* referenceValues: country refId -> ISO code packed in a uint32 */
  struct vet_strmap iso;
  struct vet_arena keys;    /* refId strings of iso */
  struct vet_buf rv_id, rv_iso;
  bool rv_country;

  /* names/name and its translation */
  bool n_primary, n_low;
  enum vet_name_kind n_kind;
  bool t_primary;
  struct vet_buf t_full, t_parts;

  /* addresses/address and its translation */
  struct vet_buf a_country, a_ref;
  bool a_added;
  struct vet_buf a_part[ADDR_SLOTS];
  struct vet_buf p_type, p_value;

  /* features/feature */
  struct vet_buf f_type, f_value, f_ref;
  char f_from[16], f_to[16];  /* valueDate fromDateBegin, toDateEnd ("YYYY-MM-DD") */
  bool f_approx;

  /* identityDocuments/identityDocument */
  struct vet_buf d_type, d_number, d_country, d_ref;

  struct vet_buf tmp;       /* joined address text */
};

/* Every vet_buf of the state, for init and release. */
static void each_buf(struct ofac *s, void (*fn)(struct vet_buf *))
{
  struct vet_buf *b[] = {&s->rv_id,    &s->rv_iso,  &s->t_full,  &s->t_parts, &s->a_country, &s->a_ref,
                         &s->p_type,   &s->p_value, &s->f_type,  &s->f_value, &s->f_ref,     &s->d_type,
                         &s->d_number, &s->d_country, &s->d_ref, &s->tmp};
  for (size_t i = 0; i < VET_COUNTOF(b); i++)
    fn(b[i]);
  for (size_t i = 0; i < ADDR_SLOTS; i++)
    fn(&s->a_part[i]);
}

static void buf_init(struct vet_buf *b) { vet_buf_init(b, VET_XML_MAX_TEXT); }

static vet_err oom(struct ofac *s) { return vet_xml_fail(s->x, s->e, VET_ENOMEM, "out of memory"); }

/* Read the current element's text into *out (borrowed until the next read). */
static vet_err text(struct ofac *s, vet_str *out) { return vet_xml_text(s->x, out, s->e); }

/* Read the current element's text into b (kept until b is reset). */
static vet_err text_to(struct ofac *s, struct vet_buf *b)
{
  vet_str v;
  vet_err rc = text(s, &v);
  if (rc)
    return rc;
  vet_buf_reset(b);
  return vet_buf_append(b, v) ? oom(s) : VET_OK;
}

static vet_err set_buf(struct ofac *s, struct vet_buf *b, vet_str v)
{
  vet_buf_reset(b);
  return vet_buf_append(b, v) ? oom(s) : VET_OK;
}

static bool is_true(vet_str v) { return vet_str_ieq_c(vet_str_trim(v), "true"); }

static vet_err text_bool(struct ofac *s, bool *out)
{
  vet_str v;
  vet_err rc = text(s, &v);
  if (!rc)
    *out = is_true(v);
  return rc;
}

/* ---- countries ---- */

static uint32_t pack_code(vet_str c)
{
  uint32_t v = 0;
  for (size_t i = 0; i < c.len; i++)
    v |= (uint32_t)(unsigned char)c.ptr[i] << (8 * i);
  return v;
}

/* The raw country to hand to the sink: the ISO code behind refId when the
 * file defined one, else the text.  buf holds the unpacked code. */
static vet_str country_raw(const struct ofac *s, vet_str ref, vet_str txt, char buf[4])
{
  ref = vet_str_trim(ref);
  if (ref.len) {
    const uint32_t *v = vet_strmap_get(&s->iso, ref);
    if (v) {
      size_t n = 0;
      for (; n < 3 && ((*v >> (8 * n)) & 0xff); n++)
        buf[n] = (char)((*v >> (8 * n)) & 0xff);
      buf[n] = 0;
      return (vet_str){buf, n};
    }
  }
  return txt;
}

static vet_err end_reference_value(struct ofac *s)
{
  vet_str code = vet_str_trim(vet_buf_str(&s->rv_iso));
  vet_str id = vet_str_trim(vet_buf_str(&s->rv_id));
  if (!s->rv_country || id.len == 0 || code.len < 2 || code.len > 3)
    return VET_OK;
  for (size_t i = 0; i < code.len; i++)
    if (!vet_is_ascii_alpha((unsigned char)code.ptr[i]))
      return VET_OK;
  vet_str key = vet_arena_strdup(&s->keys, id);
  if (!key.ptr || !vet_strmap_put(&s->iso, key, pack_code(code), NULL))
    return oom(s);
  return VET_OK;
}

/* ---- dates ---- */

/* "YYYY-MM-DD" (anything after is ignored: "2025-01-10T00:00:00"). */
static bool iso_date(const char *p, int *y, int *m, int *d)
{
  for (int i = 0; i < 10; i++) {
    if (i == 4 || i == 7) {
      if (p[i] != '-')
        return false;
    } else if (!vet_is_digit((unsigned char)p[i])) {
      return false;
    }
  }
  *y = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
  *m = (p[5] - '0') * 10 + (p[6] - '0');
  *d = (p[8] - '0') * 10 + (p[9] - '0');
  return *y >= 1000 && *y <= 2999 && *m >= 1 && *m <= 12 && *d >= 1 && *d <= vet_days_in_month(*y, *m);
}

/* The date of a feature: its text ("1962", "17 Oct 1990", "circa 1960")
 * when vet_date_parse reads it, else the valueDate bounds. */
static bool feature_date(const struct ofac *s, struct vet_date *out)
{
  struct vet_date d = {0};
  if (vet_date_parse(vet_buf_str(&s->f_value), &d) == VET_OK) {
    if (s->f_approx)
      d.approx = 1;
    *out = d;
    return true;
  }
  int y1, m1, d1, y2, m2, d2;
  if (!iso_date(s->f_from, &y1, &m1, &d1))
    return false;
  if (!iso_date(s->f_to, &y2, &m2, &d2) || y2 < y1) {
    y2 = y1;
    m2 = m1;
    d2 = d1;
  }
  d.year = (int16_t)y1;
  if (y2 != y1) {
    d.year_to = (int16_t)y2; /* a range of years */
  } else if (m1 == m2 && d1 == d2) {
    d.month = (uint8_t)m1; /* one day */
    d.day = (uint8_t)d1;
  } else if (m1 == m2 && d1 == 1 && d2 == vet_days_in_month(y1, m1)) {
    d.month = (uint8_t)m1; /* one month */
  } /* else the year, or part of it: year only */
  d.approx = s->f_approx ? 1 : 0;
  *out = d;
  return true;
}

/* ---- features ---- */

enum feature_action { F_DATE, F_COUNTRY, F_BIRTHPLACE, F_GENDER, F_IDENT, F_CRYPTO };

static const struct {
  const char *type;  /* feature type as OFAC writes it (case-insensitive) */
  bool prefix;       /* match the start only */
  enum feature_action action;
  int kind;          /* vet_country_kind or vet_id_kind */
} feature_map[] = {
    {"Birthdate", false, F_DATE, 0},
    {"Organization Established Date", false, F_DATE, 0},
    {"Nationality Country", false, F_COUNTRY, VET_COUNTRY_NATIONALITY},
    {"Citizenship Country", false, F_COUNTRY, VET_COUNTRY_CITIZENSHIP},
    {"Nationality of Registration", false, F_COUNTRY, VET_COUNTRY_JURISDICTION},
    {"Vessel Flag", false, F_COUNTRY, VET_COUNTRY_JURISDICTION},
    {"Other Vessel Flag", false, F_COUNTRY, VET_COUNTRY_OTHER},
    {"Former Vessel Flag", false, F_COUNTRY, VET_COUNTRY_OTHER},
    {"Place of Birth", false, F_BIRTHPLACE, VET_COUNTRY_BIRTH},
    {"Gender", false, F_GENDER, 0},
    {"Email Address", false, F_IDENT, VET_ID_EMAIL},
    {"Phone Number", false, F_IDENT, VET_ID_PHONE},
    {"Website", false, F_IDENT, VET_ID_WEBSITE},
    {"Digital Currency Address", true, F_CRYPTO, VET_ID_CRYPTO},
    {"Vessel Registration Identification", false, F_IDENT, VET_ID_REGISTRATION},
    {"MMSI", false, F_IDENT, VET_ID_REGISTRATION},
    {"Aircraft Tail Number", false, F_IDENT, VET_ID_REGISTRATION},
    {"Aircraft Manufacturer's Serial Number (MSN)", false, F_IDENT, VET_ID_REGISTRATION},
    {"SWIFT/BIC", false, F_IDENT, VET_ID_REGISTRATION},
    {"BIK (RU)", false, F_IDENT, VET_ID_REGISTRATION},
    {"ISIN", false, F_IDENT, VET_ID_OTHER},
};

/* "Haifa, Israel" -> "Israel"; "Shati" -> "Shati" (and it will not resolve). */
static vet_str last_part(vet_str v)
{
  size_t i = v.len;
  while (i > 0 && v.ptr[i - 1] != ',')
    i--;
  return vet_str_trim(vet_str_sub(v, i, v.len - i));
}

/* "Digital Currency Address - XBT" -> "XBT" */
static vet_str ticker(vet_str type)
{
  size_t i = type.len;
  while (i > 0 && type.ptr[i - 1] != '-')
    i--;
  return i ? vet_str_trim(vet_str_sub(type, i, type.len - i)) : VET_LIT("");
}

static vet_err end_feature(struct ofac *s)
{
  vet_str type = vet_str_trim(vet_buf_str(&s->f_type));
  vet_str value = vet_str_trim(vet_buf_str(&s->f_value));
  for (size_t i = 0; i < VET_COUNTOF(feature_map); i++) {
    bool hit = feature_map[i].prefix ? vet_str_istarts_with(type, feature_map[i].type)
                                     : vet_str_ieq_c(type, feature_map[i].type);
    if (!hit)
      continue;
    vet_err rc = VET_OK;
    char code[4];
    switch (feature_map[i].action) {
    case F_DATE: {
      struct vet_date d;
      if (feature_date(s, &d)) /* an unreadable date drops the date, not the entity */
        rc = vet_entity_add_date(s->ls, s->en, &d);
      break;
    }
    case F_COUNTRY:
      rc = vet_entity_add_country(s->ls, s->en, country_raw(s, vet_buf_str(&s->f_ref), value, code),
                                  (enum vet_country_kind)feature_map[i].kind);
      break;
    case F_BIRTHPLACE:
      rc = vet_entity_add_country(s->ls, s->en, last_part(value), VET_COUNTRY_BIRTH);
      break;
    case F_GENDER:
      if (vet_str_ieq_c(value, "male"))
        s->en->gender = 'M';
      else if (vet_str_ieq_c(value, "female"))
        s->en->gender = 'F';
      break;
    case F_IDENT:
      rc = vet_entity_add_ident(s->ls, s->en, (enum vet_id_kind)feature_map[i].kind, value, VET_LIT(""),
                                VET_LIT(""));
      break;
    case F_CRYPTO:
      rc = vet_entity_add_ident(s->ls, s->en, VET_ID_CRYPTO, value, VET_LIT(""), ticker(type));
      break;
    }
    return rc ? oom(s) : VET_OK;
  }
  return VET_OK; /* directives, tickers, secondary-sanctions notes: not screening data */
}

/* ---- identity documents ---- */

static bool has_word(vet_str s, const char *w) { return vet_str_find(s, w, true) != SIZE_MAX; }

/* OFAC's "ID DOCUMENT TYPE" reference values mapped to our kinds. */
static enum vet_id_kind doc_kind(vet_str t)
{
  if (has_word(t, "passport"))
    return VET_ID_PASSPORT;
  if (has_word(t, "driver") || has_word(t, "birth certificate"))
    return VET_ID_OTHER;
  if (has_word(t, "digital currency"))
    return VET_ID_CRYPTO;
  static const char *const national[] = {"national id", "cedula", "ssn", "identification number", "id card",
                                         "identity card", "personal id", "d.n.i", "c.u.r.p", "national foreign id",
                                         "residency", "citizen"};
  for (size_t i = 0; i < VET_COUNTOF(national); i++)
    if (has_word(t, national[i]))
      return VET_ID_NATIONAL_ID;
  static const char *const tax[] = {"tax", "v.a.t", "vat ", "r.f.c", "nit #", "ruc #", "c.u.i.t", "c.u.i.p"};
  for (size_t i = 0; i < VET_COUNTOF(tax); i++)
    if (has_word(t, tax[i]))
      return VET_ID_TAX_ID;
  static const char *const reg[] = {"registration", "register", "company number", "legal entity", "c.r. no",
                                    "commercial", "business", "gazette", "credit code", "license", "licence",
                                    "imo", "mmsi", "serial number", "chamber of commerce", "trade"};
  for (size_t i = 0; i < VET_COUNTOF(reg); i++)
    if (has_word(t, reg[i]))
      return VET_ID_REGISTRATION;
  return VET_ID_OTHER;
}

static vet_err end_document(struct ofac *s)
{
  vet_str type = vet_str_trim(vet_buf_str(&s->d_type));
  char code[4];
  vet_str country = country_raw(s, vet_buf_str(&s->d_ref), vet_buf_str(&s->d_country), code);
  enum vet_id_kind k = doc_kind(type);
  vet_str currency = k == VET_ID_CRYPTO ? ticker(type) : VET_LIT("");
  if (vet_entity_add_ident(s->ls, s->en, k, vet_buf_str(&s->d_number), country, currency))
    return oom(s);
  return VET_OK;
}

/* ---- names and addresses ---- */

static vet_err end_name_translation(struct ofac *s)
{
  vet_str name = vet_str_trim(vet_buf_str(&s->t_full));
  if (!name.len)
    name = vet_str_trim(vet_buf_str(&s->t_parts));
  enum vet_name_kind kind;
  if (s->n_primary)
    kind = s->t_primary ? VET_NAME_PRIMARY : VET_NAME_ALIAS; /* the primary name in another script */
  else if (s->n_low)
    kind = VET_NAME_WEAK_ALIAS;
  else
    kind = s->n_kind;
  return vet_entity_add_name(s->ls, s->en, name, kind) ? oom(s) : VET_OK;
}

static vet_err end_address_translation(struct ofac *s)
{
  vet_buf_reset(&s->tmp);
  for (size_t i = 0; i < ADDR_SLOTS; i++) {
    vet_str p = vet_str_trim(vet_buf_str(&s->a_part[i]));
    if (!p.len)
      continue;
    if ((s->tmp.len && vet_buf_append_c(&s->tmp, ", ")) || vet_buf_append(&s->tmp, p))
      return oom(s);
  }
  for (size_t i = 0; i < ADDR_SLOTS; i++)
    vet_buf_reset(&s->a_part[i]);
  if (!s->tmp.len)
    return VET_OK;
  char code[4];
  vet_str country = country_raw(s, vet_buf_str(&s->a_ref), vet_buf_str(&s->a_country), code);
  if (vet_entity_add_address(s->ls, s->en, vet_buf_str(&s->tmp), country))
    return oom(s);
  s->a_added = true;
  return VET_OK;
}

static vet_err end_address(struct ofac *s)
{
  if (s->a_added)
    return VET_OK;
  char code[4]; /* no street, city or postal code: the country alone */
  vet_str country = country_raw(s, vet_buf_str(&s->a_ref), vet_buf_str(&s->a_country), code);
  return vet_entity_add_address(s->ls, s->en, VET_LIT(""), country) ? oom(s) : VET_OK;
}

static vet_err end_address_part(struct ofac *s)
{
  vet_str type = vet_str_trim(vet_buf_str(&s->p_type));
  size_t slot = ADDR_OTHER;
  for (size_t i = 0; i < VET_COUNTOF(addr_part_types); i++)
    if (vet_str_ieq_c(type, addr_part_types[i]))
      slot = i;
  struct vet_buf *b = &s->a_part[slot];
  if (b->len && vet_buf_append_c(b, ", "))
    return oom(s);
  return vet_buf_append(b, vet_buf_str(&s->p_value)) ? oom(s) : VET_OK;
}

/* ---- the element walk ---- */

static bool is(const struct ofac *s, const char *name, const char *parent)
{
  return vet_xml_is(s->x, name, parent);
}

static const char *up(const struct ofac *s, int k) { return vet_xml_ancestor(s->x, k); }

static vet_err start_entity(struct ofac *s)
{
  vet_str id = vet_str_trim(vet_xml_attr(s->x, "id"));
  if (!id.len)
    return vet_xml_fail(s->x, s->e, VET_EPARSE, "<entity> without an id");
  s->en = vet_listset_entity(s->ls, s->list, id, true);
  return s->en ? VET_OK : oom(s);
}

static vet_err list_date(struct ofac *s)
{
  vet_str v;
  vet_err rc = text(s, &v);
  if (rc)
    return rc;
  int y, m, d;
  if (v.len < 10 || !iso_date(v.ptr, &y, &m, &d))
    return vet_xml_fail(s->x, s->e, VET_EPARSE, "<dataAsOf>: expected a YYYY-MM-DD date, got '%.*s'",
                        (int)VET_MIN(v.len, 40), v.ptr);
  return vet_listset_set_date(s->ls, s->list, vet_str_sub(v, 0, 10)) ? oom(s) : VET_OK;
}

/* Elements inside <entity>. */
static vet_err start_in_entity(struct ofac *s)
{
  vet_str v;
  vet_err rc;
  const char *parent = up(s, 1);
  const char *name = vet_xml_name(s->x);

  if (!strcmp(parent, "generalInfo")) {
    if (!strcmp(name, "entityType")) {
      if ((rc = text(s, &v)))
        return rc;
      s->en->schema = vet_schema_parse(v);
    } else if (!strcmp(name, "remarks")) {
      if ((rc = text(s, &v)))
        return rc;
      return vet_entity_add_remarks(s->ls, s->en, v) ? oom(s) : VET_OK;
    }
    return VET_OK;
  }
  if (is(s, "sanctionsProgram", "sanctionsPrograms")) {
    if ((rc = text(s, &v)))
      return rc;
    return vet_entity_add_program(s->ls, s->en, v) ? oom(s) : VET_OK;
  }

  /* names */
  if (is(s, "name", "names")) {
    s->n_primary = s->n_low = false;
    s->n_kind = VET_NAME_ALIAS;
    return VET_OK;
  }
  if (!strcmp(parent, "name") && !strcmp(up(s, 2), "names")) {
    if (!strcmp(name, "isPrimary"))
      return text_bool(s, &s->n_primary);
    if (!strcmp(name, "isLowQuality"))
      return text_bool(s, &s->n_low);
    if (!strcmp(name, "aliasType")) {
      if ((rc = text(s, &v)))
        return rc;
      s->n_kind = vet_str_ieq_c(v, "F.K.A.") ? VET_NAME_FORMER : VET_NAME_ALIAS; /* A.K.A., N.K.A. */
    }
    return VET_OK;
  }
  if (is(s, "translation", "translations") && !strcmp(up(s, 2), "name")) {
    s->t_primary = false;
    vet_buf_reset(&s->t_full);
    vet_buf_reset(&s->t_parts);
    return VET_OK;
  }
  if (!strcmp(parent, "translation") && !strcmp(up(s, 3), "name")) {
    if (!strcmp(name, "isPrimary"))
      return text_bool(s, &s->t_primary);
    if (!strcmp(name, "formattedFullName"))
      return text_to(s, &s->t_full);
    return VET_OK;
  }
  if (is(s, "value", "namePart")) {
    if ((rc = text(s, &v)))
      return rc;
    if ((s->t_parts.len && vet_buf_putc(&s->t_parts, ' ')) || vet_buf_append(&s->t_parts, v))
      return oom(s);
    return VET_OK;
  }

  /* addresses */
  if (is(s, "address", "addresses")) {
    s->a_added = false;
    vet_buf_reset(&s->a_country);
    vet_buf_reset(&s->a_ref);
    for (size_t i = 0; i < ADDR_SLOTS; i++)
      vet_buf_reset(&s->a_part[i]);
    return VET_OK;
  }
  if (is(s, "country", "address")) {
    if ((rc = set_buf(s, &s->a_ref, vet_xml_attr(s->x, "refId"))))
      return rc;
    return text_to(s, &s->a_country);
  }
  if (is(s, "addressPart", "addressParts")) {
    vet_buf_reset(&s->p_type);
    vet_buf_reset(&s->p_value);
    return VET_OK;
  }
  if (is(s, "type", "addressPart"))
    return text_to(s, &s->p_type);
  if (is(s, "value", "addressPart"))
    return text_to(s, &s->p_value);

  /* features */
  if (is(s, "feature", "features")) {
    vet_buf_reset(&s->f_type);
    vet_buf_reset(&s->f_value);
    vet_buf_reset(&s->f_ref);
    s->f_from[0] = s->f_to[0] = 0;
    s->f_approx = false;
    return VET_OK;
  }
  if (!strcmp(parent, "feature")) {
    if (!strcmp(name, "type"))
      return text_to(s, &s->f_type);
    if (!strcmp(name, "value"))
      return text_to(s, &s->f_value);
    if (!strcmp(name, "valueRefId"))
      return text_to(s, &s->f_ref);
    return VET_OK;
  }
  if (!strcmp(parent, "valueDate") && !strcmp(up(s, 2), "feature")) {
    char *dst = NULL;
    if (!strcmp(name, "fromDateBegin"))
      dst = s->f_from;
    else if (!strcmp(name, "toDateEnd"))
      dst = s->f_to;
    else if (!strcmp(name, "isApproximate"))
      return text_bool(s, &s->f_approx);
    if (!dst)
      return VET_OK;
    if ((rc = text(s, &v)))
      return rc;
    size_t n = VET_MIN(v.len, (size_t)15);
    if (n)
      memcpy(dst, v.ptr, n);
    dst[n] = 0;
    return VET_OK;
  }

  /* identity documents */
  if (is(s, "identityDocument", "identityDocuments")) {
    vet_buf_reset(&s->d_type);
    vet_buf_reset(&s->d_number);
    vet_buf_reset(&s->d_country);
    vet_buf_reset(&s->d_ref);
    return VET_OK;
  }
  if (!strcmp(parent, "identityDocument")) {
    if (!strcmp(name, "type"))
      return text_to(s, &s->d_type);
    if (!strcmp(name, "documentNumber"))
      return text_to(s, &s->d_number);
    if (!strcmp(name, "issuingCountry")) {
      if ((rc = set_buf(s, &s->d_ref, vet_xml_attr(s->x, "refId"))))
        return rc;
      return text_to(s, &s->d_country);
    }
  }
  return VET_OK;
}

static vet_err end_in_entity(struct ofac *s)
{
  if (is(s, "entity", "entities")) {
    s->en = NULL;
    return VET_OK;
  }
  if (is(s, "translation", "translations")) {
    if (!strcmp(up(s, 2), "name"))
      return end_name_translation(s);
    if (!strcmp(up(s, 2), "address"))
      return end_address_translation(s);
    return VET_OK;
  }
  if (is(s, "addressPart", "addressParts"))
    return end_address_part(s);
  if (is(s, "address", "addresses"))
    return end_address(s);
  if (is(s, "feature", "features"))
    return end_feature(s);
  if (is(s, "identityDocument", "identityDocuments"))
    return end_document(s);
  return VET_OK;
}

static vet_err on_start(void *ud)
{
  struct ofac *s = ud;
  if (!s->saw_root) {
    s->saw_root = true;
    if (!is(s, "sanctionsData", NULL))
      return vet_xml_fail(s->x, s->e, VET_EPARSE, "not an OFAC enhanced XML file: root element <%s>",
                          vet_xml_name(s->x));
    return VET_OK;
  }
  if (s->en)
    return start_in_entity(s);
  if (is(s, "entity", "entities"))
    return start_entity(s);
  if (is(s, "dataAsOf", "publicationInfo"))
    return list_date(s);
  if (is(s, "referenceValue", "referenceValues")) {
    s->rv_country = false;
    vet_buf_reset(&s->rv_iso);
    return set_buf(s, &s->rv_id, vet_xml_attr(s->x, "refId"));
  }
  if (!strcmp(up(s, 1), "referenceValue")) {
    vet_str v;
    vet_err rc;
    if (is(s, "type", NULL)) {
      if ((rc = text(s, &v)))
        return rc;
      s->rv_country = vet_str_ieq_c(v, "COUNTRY");
    } else if (is(s, "isoCode", NULL)) {
      return text_to(s, &s->rv_iso);
    }
  }
  return VET_OK;
}

static vet_err on_end(void *ud)
{
  struct ofac *s = ud;
  if (s->en)
    return end_in_entity(s);
  if (is(s, "referenceValue", "referenceValues"))
    return end_reference_value(s);
  return VET_OK;
}

vet_err vet_load_ofac_xml(struct vet_listset *ls, uint32_t list, const char *path, struct vet_error *e)
{
  struct ofac s = {.ls = ls, .list = list, .e = e};
  vet_strmap_init(&s.iso);
  vet_arena_init(&s.keys, 8192);
  each_buf(&s, buf_init);
  vet_err rc = vet_xml_open_file(path, VET_LIST_MAX_FILE, &s.x, e);
  if (!rc)
    rc = vet_xml_walk(s.x, on_start, on_end, &s, e);
  vet_xml_free(s.x);
  each_buf(&s, vet_buf_release);
  vet_arena_release(&s.keys);
  vet_strmap_release(&s.iso);
  return rc;
}
