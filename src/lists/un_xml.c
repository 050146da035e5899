/* lists/un_xml.c - loader for the UN Security Council Consolidated List XML
 * (https://scsanctions.un.org/resources/xml/en/consolidated.xml).
 *
 * The file is streamed element by element (io/xml.h).  Layout:
 *   CONSOLIDATED_LIST[@dateGenerated]                  -> list date
 *   INDIVIDUALS/INDIVIDUAL, ENTITIES/ENTITY            -> one entity each
 *     REFERENCE_NUMBER (the id, e.g. "KPi.066"; DATAID when it is missing)
 *     FIRST_NAME .. FOURTH_NAME                        -> primary name, joined by spaces
 *     NAME_ORIGINAL_SCRIPT                             -> alias
 *     UN_LIST_TYPE                                     -> program ("DPRK")
 *     COMMENTS1                                        -> remarks; GENDER
 *     NATIONALITY/VALUE                                -> nationality
 *     INDIVIDUAL_ALIAS, ENTITY_ALIAS                   -> names by QUALITY
 *     INDIVIDUAL_ADDRESS, ENTITY_ADDRESS               -> addresses
 *     INDIVIDUAL_DATE_OF_BIRTH                         -> EXACT / APPROXIMATELY / BETWEEN dates
 *     INDIVIDUAL_PLACE_OF_BIRTH/COUNTRY                -> birth country
 *     INDIVIDUAL_DOCUMENT                              -> passports and national ids
 * The id comes after the names in each record, so a record's facts are kept
 * in a small operation log (strings in a scratch arena) and handed to the
 * sink when the record closes. */
#include "io/xml.h"
#include "lists/loaders.h"
#include "vetter/date.h"

/* Direct children of a record kept until it closes. */
enum rec_field { R_DATAID, R_REF, R_NAME1, R_NAME2, R_NAME3, R_NAME4, R_COMMENTS, R_GENDER, R_N };
static const char *const rec_names[R_N] = {
    "DATAID", "REFERENCE_NUMBER", "FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME", "COMMENTS1", "GENDER",
};

/* Children of the sub-records (aliases, addresses, dates, documents). */
enum sub_field {
  S_QUALITY, S_ALIAS_NAME, S_DATE_OF_BIRTH, S_COUNTRY_OF_BIRTH,
  S_STREET, S_CITY, S_STATE_PROVINCE, S_ZIP_CODE, S_COUNTRY,
  S_TYPE_OF_DATE, S_DATE, S_YEAR, S_FROM_YEAR, S_TO_YEAR,
  S_TYPE_OF_DOCUMENT, S_TYPE_OF_DOCUMENT2, S_NUMBER, S_ISSUING_COUNTRY, S_COUNTRY_OF_ISSUE,
  S_NOTE, S_N
};
static const char *const sub_names[S_N] = {
    "QUALITY", "ALIAS_NAME", "DATE_OF_BIRTH", "COUNTRY_OF_BIRTH",
    "STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY",
    "TYPE_OF_DATE", "DATE", "YEAR", "FROM_YEAR", "TO_YEAR",
    "TYPE_OF_DOCUMENT", "TYPE_OF_DOCUMENT2", "NUMBER", "ISSUING_COUNTRY", "COUNTRY_OF_ISSUE",
    "NOTE",
};

enum sub_kind { SUB_NONE, SUB_ALIAS, SUB_ADDRESS, SUB_DOB, SUB_POB, SUB_DOC, SUB_NATIONALITY };
static const struct {
  const char *name;
  enum sub_kind kind;
} sub_records[] = {
    {"INDIVIDUAL_ALIAS", SUB_ALIAS},         {"ENTITY_ALIAS", SUB_ALIAS},
    {"INDIVIDUAL_ADDRESS", SUB_ADDRESS},     {"ENTITY_ADDRESS", SUB_ADDRESS},
    {"INDIVIDUAL_DATE_OF_BIRTH", SUB_DOB},   {"INDIVIDUAL_PLACE_OF_BIRTH", SUB_POB},
    {"INDIVIDUAL_DOCUMENT", SUB_DOC},        {"NATIONALITY", SUB_NATIONALITY},
};

enum op_type { OP_NAME, OP_COUNTRY, OP_DATE, OP_ADDRESS, OP_IDENT, OP_PROGRAM };

/* One fact of the open record, replayed into the sink at its end. */
struct op {
  enum op_type type;
  int kind;          /* vet_name_kind, vet_country_kind or vet_id_kind */
  vet_str a, b;      /* name / country / address text + country / ident value + country / program */
  struct vet_date d;
};

struct un {
  struct vet_listset *ls;
  uint32_t list;
  struct vet_xml *x;
  struct vet_error *e;
  bool saw_root;

  bool in_record;
  int rec_depth;                /* depth of <INDIVIDUAL> / <ENTITY> */
  enum vet_schema schema;
  vet_str rec[R_N];             /* in scratch */
  enum sub_kind sub;            /* open sub-record, SUB_NONE outside */
  vet_str subf[S_N];            /* its fields, in scratch */
  struct op *ops;
  uint32_t n_ops, cap_ops;
  struct vet_arena scratch;     /* strings of the open record; reset per record */
  struct vet_buf tmp;
};

static vet_err oom(struct un *s) { return vet_xml_fail(s->x, s->e, VET_ENOMEM, "out of memory"); }

/* The current element's text, copied into the scratch arena. */
static vet_err keep_text(struct un *s, vet_str *out)
{
  vet_str v;
  vet_err rc = vet_xml_text(s->x, &v, s->e);
  if (rc)
    return rc;
  *out = vet_arena_strdup(&s->scratch, v);
  return out->ptr ? VET_OK : oom(s);
}

static vet_err add_op(struct un *s, enum op_type type, int kind, vet_str a, vet_str b, const struct vet_date *d)
{
  if (!a.len && type != OP_ADDRESS && type != OP_DATE)
    return VET_OK;
  struct op *o = vet_vec_push(&s->ops, &s->n_ops, &s->cap_ops, sizeof *o);
  if (!o)
    return oom(s);
  o->type = type;
  o->kind = kind;
  o->a = a;
  o->b = b;
  if (d)
    o->d = *d;
  return VET_OK;
}

/* ---- sub-records ---- */

static enum vet_name_kind alias_kind(vet_str q)
{
  q = vet_str_trim(q);
  if (vet_str_ieq_c(q, "Low"))
    return VET_NAME_WEAK_ALIAS;
  if (vet_str_ieq_c(q, "f.k.a."))
    return VET_NAME_FORMER;
  return VET_NAME_ALIAS; /* Good, a.k.a. */
}

static bool has(vet_str s, const char *w) { return vet_str_find(s, w, true) != SIZE_MAX; }

static enum vet_id_kind doc_kind1(vet_str t)
{
  static const char *const other[] = {"birth", "driver", "ration", "student", "voter", "military", "serviceman",
                                      "fardc"};
  if (has(t, "pass") || has(t, "pasaporte")) /* Passport, Numéro de passeport, Número de pasaporte */
    return VET_ID_PASSPORT;
  for (size_t i = 0; i < VET_COUNTOF(other); i++)
    if (has(t, other[i]))
      return VET_ID_OTHER;
  if (has(t, "fiscal") || has(t, "tax"))
    return VET_ID_TAX_ID;
  static const char *const national[] = {"identi", "national", "social security", "civil", "personal", "tazkira",
                                         "residen"};
  for (size_t i = 0; i < VET_COUNTOF(national); i++)
    if (has(t, national[i]))
      return VET_ID_NATIONAL_ID;
  return VET_ID_OTHER;
}

static enum vet_id_kind doc_kind(vet_str type1, vet_str type2)
{
  enum vet_id_kind k = doc_kind1(type1);
  return k == VET_ID_OTHER ? doc_kind1(type2) : k;
}

/* NUMBER is free text: "381110042 (Expired 25 Jan. 2016)", "CAR diplomatic
 * passport no. D00000898", "Diplomatic Passport: Z30321794".  Keep the
 * number itself, so exact identifier matching sees "D00000898"; values
 * that do not follow these shapes stay as listed. */
static vet_str doc_number(vet_str v)
{
  v = vet_str_trim(v);
  if (v.len && v.ptr[v.len - 1] == ')') {
    size_t open = v.len;
    while (open > 0 && v.ptr[open - 1] != '(')
      open--;
    if (open > 1)
      v = vet_str_trim(vet_str_sub(v, 0, open - 1));
  }
  static const char *const marks[] = {"no.", "number", ":"};
  size_t best = SIZE_MAX, best_len = 0;
  for (size_t i = 0; i < VET_COUNTOF(marks); i++) {
    size_t at = 0, off;
    while ((off = vet_str_find(vet_str_sub(v, at, v.len - at), marks[i], true)) != SIZE_MAX) {
      at += off + 1;
      if (best == SIZE_MAX || at - 1 > best) {
        best = at - 1;
        best_len = strlen(marks[i]);
      }
    }
  }
  if (best == SIZE_MAX)
    return v;
  vet_str rest = vet_str_trim(vet_str_sub(v, best + best_len, v.len - best - best_len));
  for (size_t i = 0; i < rest.len; i++)
    if (rest.ptr[i] == ' ')
      return v; /* more than one word follows: not a "label: number" shape */
  return rest.len ? rest : v;
}

static bool year_of(vet_str v, int *out)
{
  uint64_t y;
  if (vet_parse_u64(vet_str_trim(v), &y) || y < 1000 || y > 2999)
    return false;
  *out = (int)y;
  return true;
}

/* INDIVIDUAL_DATE_OF_BIRTH: EXACT / APPROXIMATELY with DATE or YEAR;
 * BETWEEN with FROM_YEAR and TO_YEAR.  A few records carry the date only
 * in NOTE ("August 1961"; not "24/06/1402 (Hijri Calendar)"), and NOTE
 * "Approximately" qualifies a range.  An unreadable date is dropped. */
static bool birth_date(const struct un *s, struct vet_date *out)
{
  struct vet_date d = {0};
  vet_str type = vet_str_trim(s->subf[S_TYPE_OF_DATE]);
  int from, to;
  if (vet_str_ieq_c(type, "BETWEEN") && year_of(s->subf[S_FROM_YEAR], &from)) {
    d.year = (int16_t)from;
    if (year_of(s->subf[S_TO_YEAR], &to) && to > from)
      d.year_to = (int16_t)to;
  } else if (vet_date_parse(s->subf[S_DATE], &d) && vet_date_parse(s->subf[S_YEAR], &d) &&
             (has(s->subf[S_NOTE], "hijri") || vet_date_parse(s->subf[S_NOTE], &d))) {
    return false;
  }
  if (vet_str_ieq_c(type, "APPROXIMATELY") || has(s->subf[S_NOTE], "approximately"))
    d.approx = 1;
  *out = d;
  return true;
}

static vet_err end_sub(struct un *s)
{
  vet_str *f = s->subf;
  vet_err rc = VET_OK;
  struct vet_date d;
  switch (s->sub) {
  case SUB_ALIAS:
    rc = add_op(s, OP_NAME, (int)alias_kind(f[S_QUALITY]), f[S_ALIAS_NAME], VET_LIT(""), NULL);
    if (!rc && vet_date_parse(f[S_DATE_OF_BIRTH], &d) == VET_OK)
      rc = add_op(s, OP_DATE, 0, VET_LIT(""), VET_LIT(""), &d);
    if (!rc)
      rc = add_op(s, OP_COUNTRY, VET_COUNTRY_BIRTH, f[S_COUNTRY_OF_BIRTH], VET_LIT(""), NULL);
    break;
  case SUB_ADDRESS: {
    static const enum sub_field parts[] = {S_STREET, S_CITY, S_STATE_PROVINCE, S_ZIP_CODE};
    vet_buf_reset(&s->tmp);
    for (size_t i = 0; i < VET_COUNTOF(parts); i++) {
      vet_str p = vet_str_trim(f[parts[i]]);
      if (!p.len)
        continue;
      if ((s->tmp.len && vet_buf_append_c(&s->tmp, ", ")) || vet_buf_append(&s->tmp, p))
        return oom(s);
    }
    vet_str text = vet_arena_strdup(&s->scratch, vet_buf_str(&s->tmp));
    if (!text.ptr)
      return oom(s);
    if (text.len || vet_str_trim(f[S_COUNTRY]).len)
      rc = add_op(s, OP_ADDRESS, 0, text, f[S_COUNTRY], NULL);
    break;
  }
  case SUB_DOB:
    if (birth_date(s, &d))
      rc = add_op(s, OP_DATE, 0, VET_LIT(""), VET_LIT(""), &d);
    break;
  case SUB_POB:
    rc = add_op(s, OP_COUNTRY, VET_COUNTRY_BIRTH, f[S_COUNTRY], VET_LIT(""), NULL);
    break;
  case SUB_DOC: {
    vet_str country = vet_str_trim(f[S_ISSUING_COUNTRY]).len ? f[S_ISSUING_COUNTRY] : f[S_COUNTRY_OF_ISSUE];
    rc = add_op(s, OP_IDENT, (int)doc_kind(f[S_TYPE_OF_DOCUMENT], f[S_TYPE_OF_DOCUMENT2]), doc_number(f[S_NUMBER]),
                country, NULL);
    break;
  }
  case SUB_NATIONALITY:
  case SUB_NONE:
    break;
  }
  s->sub = SUB_NONE;
  return rc;
}

/* ---- records ---- */

static void begin_record(struct un *s, enum vet_schema schema)
{
  s->in_record = true;
  s->rec_depth = vet_xml_depth(s->x);
  s->schema = schema;
  s->sub = SUB_NONE;
  s->n_ops = 0;
  vet_arena_reset(&s->scratch);
  for (size_t i = 0; i < R_N; i++)
    s->rec[i] = VET_LIT("");
}

/* "Gender: male" in the comments of records without a GENDER element. */
static char gender_of(vet_str g, vet_str comments)
{
  g = vet_str_trim(g);
  if (vet_str_ieq_c(g, "male"))
    return 'M';
  if (vet_str_ieq_c(g, "female"))
    return 'F';
  if (has(comments, "gender: female"))
    return 'F';
  if (has(comments, "gender: male"))
    return 'M';
  return 0;
}

static vet_err end_record(struct un *s)
{
  s->in_record = false;
  vet_str id = vet_str_trim(s->rec[R_REF]);
  if (!id.len)
    id = vet_str_trim(s->rec[R_DATAID]);
  if (!id.len)
    return vet_xml_fail(s->x, s->e, VET_EPARSE, "record without REFERENCE_NUMBER or DATAID");
  struct vet_entity *en = vet_listset_entity(s->ls, s->list, id, true);
  if (!en)
    return oom(s);
  en->schema = s->schema;

  vet_buf_reset(&s->tmp);
  for (int i = R_NAME1; i <= R_NAME4; i++) {
    vet_str p = vet_str_trim(s->rec[i]);
    if (!p.len)
      continue;
    if ((s->tmp.len && vet_buf_putc(&s->tmp, ' ')) || vet_buf_append(&s->tmp, p))
      return oom(s);
  }
  if (vet_entity_add_name(s->ls, en, vet_buf_str(&s->tmp), VET_NAME_PRIMARY))
    return oom(s);

  for (uint32_t i = 0; i < s->n_ops; i++) {
    const struct op *o = &s->ops[i];
    vet_err rc = VET_OK;
    switch (o->type) {
    case OP_NAME:
      rc = vet_entity_add_name(s->ls, en, o->a, (enum vet_name_kind)o->kind);
      break;
    case OP_COUNTRY:
      rc = vet_entity_add_country(s->ls, en, o->a, (enum vet_country_kind)o->kind);
      break;
    case OP_DATE:
      rc = vet_entity_add_date(s->ls, en, &o->d);
      break;
    case OP_ADDRESS:
      rc = vet_entity_add_address(s->ls, en, o->a, o->b);
      break;
    case OP_IDENT:
      rc = vet_entity_add_ident(s->ls, en, (enum vet_id_kind)o->kind, o->a, o->b, VET_LIT(""));
      break;
    case OP_PROGRAM:
      rc = vet_entity_add_program(s->ls, en, o->a);
      break;
    }
    if (rc)
      return oom(s);
  }
  if (vet_entity_add_remarks(s->ls, en, s->rec[R_COMMENTS]))
    return oom(s);
  en->gender = gender_of(s->rec[R_GENDER], s->rec[R_COMMENTS]);
  return VET_OK;
}

/* A start tag inside a record, rel levels below it. */
static vet_err start_in_record(struct un *s, int rel)
{
  const char *name = vet_xml_name(s->x);
  vet_str v;
  vet_err rc;
  if (rel == 1) {
    for (size_t i = 0; i < R_N; i++)
      if (!strcmp(name, rec_names[i]))
        return keep_text(s, &s->rec[i]);
    if (!strcmp(name, "UN_LIST_TYPE") || !strcmp(name, "NAME_ORIGINAL_SCRIPT")) {
      if ((rc = keep_text(s, &v)))
        return rc;
      return name[0] == 'U' ? add_op(s, OP_PROGRAM, 0, v, VET_LIT(""), NULL)
                            : add_op(s, OP_NAME, VET_NAME_ALIAS, v, VET_LIT(""), NULL);
    }
    for (size_t i = 0; i < VET_COUNTOF(sub_records); i++)
      if (!strcmp(name, sub_records[i].name)) {
        s->sub = sub_records[i].kind;
        for (size_t k = 0; k < S_N; k++)
          s->subf[k] = VET_LIT("");
        return VET_OK;
      }
    return VET_OK; /* VERSIONNUM, LISTED_ON, DESIGNATION, TITLE, LIST_TYPE, ... */
  }
  if (rel == 2 && s->sub != SUB_NONE) {
    if (s->sub == SUB_NATIONALITY) {
      if (strcmp(name, "VALUE") != 0)
        return VET_OK;
      if ((rc = keep_text(s, &v)))
        return rc;
      return add_op(s, OP_COUNTRY, VET_COUNTRY_NATIONALITY, v, VET_LIT(""), NULL);
    }
    for (size_t i = 0; i < S_N; i++)
      if (!strcmp(name, sub_names[i]))
        return keep_text(s, &s->subf[i]);
  }
  return VET_OK;
}

static vet_err list_date(struct un *s)
{
  vet_str v = vet_str_trim(vet_xml_attr(s->x, "dateGenerated"));
  if (!v.len)
    return VET_OK; /* the manifest's date stays */
  struct vet_date d;
  vet_str day = vet_str_sub(v, 0, 10);
  if (v.len < 10 || day.ptr[4] != '-' || day.ptr[7] != '-' || vet_date_parse(day, &d) || !d.day)
    return vet_xml_fail(s->x, s->e, VET_EPARSE, "dateGenerated: expected a YYYY-MM-DD date, got '%.*s'",
                        (int)VET_MIN(v.len, 40), v.ptr);
  return vet_listset_set_date(s->ls, s->list, day) ? oom(s) : VET_OK;
}

static vet_err on_start(void *ud)
{
  struct un *s = ud;
  if (!s->saw_root) {
    s->saw_root = true;
    if (!vet_xml_is(s->x, "CONSOLIDATED_LIST", NULL))
      return vet_xml_fail(s->x, s->e, VET_EPARSE, "not a UN consolidated list: root element <%s>",
                          vet_xml_name(s->x));
    return list_date(s);
  }
  if (s->in_record)
    return start_in_record(s, vet_xml_depth(s->x) - s->rec_depth);
  if (vet_xml_is(s->x, "INDIVIDUAL", "INDIVIDUALS"))
    begin_record(s, VET_SCHEMA_PERSON);
  else if (vet_xml_is(s->x, "ENTITY", "ENTITIES"))
    begin_record(s, VET_SCHEMA_ORGANIZATION);
  return VET_OK;
}

static vet_err on_end(void *ud)
{
  struct un *s = ud;
  if (!s->in_record)
    return VET_OK;
  int rel = vet_xml_depth(s->x) - s->rec_depth;
  if (rel == 0)
    return end_record(s);
  if (rel == 1 && s->sub != SUB_NONE)
    return end_sub(s);
  return VET_OK;
}

vet_err vet_load_un_xml(struct vet_listset *ls, uint32_t list, const char *path, struct vet_error *e)
{
  struct un s = {.ls = ls, .list = list, .e = e};
  vet_arena_init(&s.scratch, 16384);
  vet_buf_init(&s.tmp, VET_XML_MAX_TEXT);
  vet_err rc = vet_xml_open_file(path, VET_LIST_MAX_FILE, &s.x, e);
  if (!rc)
    rc = vet_xml_walk(s.x, on_start, on_end, &s, e);
  vet_xml_free(s.x);
  free(s.ops);
  vet_buf_release(&s.tmp);
  vet_arena_release(&s.scratch);
  return rc;
}
