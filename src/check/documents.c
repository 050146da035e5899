/* check/documents.c - identity documents: the MRZ validated (ICAO 9303),
 * the MRZ against the document's own fields, the document against the
 * profile (name through the name matcher, birth date), expiry, and the
 * same document number on another subject.  Fills w->docs for the
 * identity and sanctions checks. */
#include <math.h>
#include <stdio.h>

#include "check/check_int.h"

/* Subjects named in a document-reuse finding. */
#define MAX_REUSE_LISTED 20

static json_t *date_json(const struct vet_date *d)
{
  if (!d->year)
    return json_null();
  char b[16];
  vet_date_format(d, b, sizeof b);
  return json_string(b);
}

/* Two dates of one person's documents disagree on a part both give.
 * (vet_date_compare is tolerant on purpose, for list matching: a year
 * apart is "near" there; on a document it is another date.) */
static bool dates_differ(const struct vet_date *a, const struct vet_date *b)
{
  if (!a->year || !b->year)
    return false;
  if (a->year != b->year)
    return true;
  if (a->month && b->month && a->month != b->month)
    return true;
  return a->month && b->month && a->day && b->day && a->day != b->day;
}

static const char *check_state(enum vet_mrz_check c) { return vet_mrz_check_name(c); }

/* Fill the facts of document k from its fields and its MRZ. */
static void read_doc(struct vet_check_worker *w, const struct vet_document *d, struct doc_facts *f)
{
  const struct vet_checker *ck = w->ck;
  memset(f, 0, sizeof *f);
  f->name = d->name;
  f->birth = d->birth_date;
  f->expiry = d->expiry_date;
  vet_cstr_copy(f->issuer, sizeof f->issuer, d->issuing_country.code);
  vet_cstr_copy(f->nationality, sizeof f->nationality, d->nationality.code);
  if (d->number.len)
    f->number = vet_ident_normalize(&w->a, VET_ID_PASSPORT, d->number);
  if (!d->mrz.len)
    return;
  f->has_mrz = true;
  f->mrz_ok = vet_mrz_parse(d->mrz, &ck->today, &f->mrz, NULL) == VET_OK;
  if (!f->mrz_ok)
    return;
  const struct vet_mrz *m = &f->mrz;
  char nm[128];
  snprintf(nm, sizeof nm, "%s%s%s", m->given_names, m->given_names[0] ? " " : "", m->surname);
  f->mrz_name = vet_arena_strdup(&w->a, vet_str_c(nm));
  if (!f->name.len)
    f->name = f->mrz_name;
  if (!f->birth.year)
    f->birth = m->birth_date;
  if (!f->expiry.year)
    f->expiry = m->expiry_date;
  if (!f->number.len && m->document_number[0])
    f->number = vet_ident_normalize(&w->a, VET_ID_PASSPORT, vet_str_c(m->document_number));
  if (!f->issuer[0])
    check_mrz_country(ck, m->issuing_state, f->issuer);
  if (!f->nationality[0])
    check_mrz_country(ck, m->nationality, f->nationality);
}

static vet_err mrz_invalid(struct vet_check_worker *w, uint32_t k, const struct vet_document *d,
                           const struct doc_facts *f)
{
  const struct vet_mrz *m = &f->mrz;
  json_t *errors = json_array();
  for (uint32_t i = 0; i < m->n_issues; i++)
    json_array_append_new(errors, json_pack("{s:s, s:s}", "code", m->issues[i].code, "message", m->issues[i].msg));
  json_t *ev = json_pack("{s:i, s:s, s:o, s:s*, s:{s:s, s:s, s:s, s:s, s:s}, s:o}", "document", (int)k, "kind",
                         vet_doc_kind_name(d->kind), "mrz", check_jstr(d->mrz), "format",
                         vet_mrz_format_name(m->format), "checks", "document_number",
                         check_state(m->check_document_number), "birth_date", check_state(m->check_birth_date),
                         "expiry_date", check_state(m->check_expiry_date), "optional_data",
                         check_state(m->check_optional_data), "composite", check_state(m->check_composite),
                         "errors", errors);
  const char *what = m->n_issues ? m->issues[0].msg : "not a machine-readable zone";
  return vet_findings_add(&w->f, VET_RULE_DOCUMENT_MRZ_INVALID, 1, VET_SEV_HIGH, ev, "%s %u: the MRZ is invalid: %s",
                          vet_doc_kind_name(d->kind), k, what);
}

/* The MRZ against the document's own fields. */
static vet_err mrz_vs_fields(struct vet_check_worker *w, uint32_t k, const struct vet_document *d,
                             const struct doc_facts *f)
{
  const struct vet_mrz *m = &f->mrz;
  json_t *fields = json_array();
  char first[48] = "";
#define DIFF(field, a, b)                                                                                    \
  do {                                                                                                       \
    json_array_append_new(fields, json_pack("{s:s, s:o, s:o}", "field", field, "document", a, "mrz", b));     \
    if (!first[0])                                                                                           \
      vet_cstr_copy(first, sizeof first, field);                                                            \
  } while (0)
  if (d->number.len && m->document_number[0]) {
    vet_str a = vet_ident_normalize(&w->a, VET_ID_PASSPORT, d->number);
    if (!vet_str_eq_c(a, m->document_number))
      DIFF("number", check_jstr(d->number), json_string(m->document_number));
  }
  if (d->name.len && f->mrz_name.len) {
    double sc = check_compare(w, d->name, f->mrz_name, VET_SCHEMA_PERSON);
    if (sc < w->ck->cfg->check.same_person_score)
      DIFF("name", check_jstr(d->name), check_jstr(f->mrz_name));
  }
  if (dates_differ(&d->birth_date, &m->birth_date))
    DIFF("birth_date", date_json(&d->birth_date), date_json(&m->birth_date));
  if (dates_differ(&d->expiry_date, &m->expiry_date))
    DIFF("expiry_date", date_json(&d->expiry_date), date_json(&m->expiry_date));
  char mc[8];
  check_mrz_country(w->ck, m->nationality, mc);
  if (d->nationality.code[0] && mc[0] && strcmp(d->nationality.code, mc))
    DIFF("nationality", json_string(d->nationality.code), json_string(mc));
  check_mrz_country(w->ck, m->issuing_state, mc);
  if (d->issuing_country.code[0] && mc[0] && strcmp(d->issuing_country.code, mc))
    DIFF("issuing_country", json_string(d->issuing_country.code), json_string(mc));
  if (d->sex && m->sex && d->sex != m->sex && m->sex != 'X') {
    char a[2] = {d->sex, 0}, b[2] = {m->sex, 0};
    DIFF("sex", json_string(a), json_string(b));
  }
#undef DIFF
  if (!json_array_size(fields)) {
    json_decref(fields);
    return VET_OK;
  }
  size_t n = json_array_size(fields);
  json_t *ev = json_pack("{s:i, s:s, s:o}", "document", (int)k, "kind", vet_doc_kind_name(d->kind), "fields", fields);
  return vet_findings_add(&w->f, VET_RULE_DOCUMENT_MRZ_MISMATCH, 1, VET_SEV_HIGH, ev,
                          "%s %u: the MRZ disagrees with the document on %s%s", vet_doc_kind_name(d->kind), k, first,
                          n > 1 ? " and more" : "");
}

static vet_err expired(struct vet_check_worker *w, uint32_t k, const struct vet_document *d,
                       const struct doc_facts *f)
{
  if (!f->expiry.year || !f->expiry.day)
    return VET_OK;
  long days = vet_date_days(&w->ck->today) - vet_date_days(&f->expiry);
  if (days <= (long)w->ck->cfg->check.expiry_grace_days)
    return VET_OK;
  json_t *ev = json_pack("{s:i, s:s, s:o, s:i}", "document", (int)k, "kind", vet_doc_kind_name(d->kind), "expiry_date",
                         date_json(&f->expiry), "days_ago", (int)days);
  char b[16];
  vet_date_format(&f->expiry, b, sizeof b);
  return vet_findings_add(&w->f, VET_RULE_DOCUMENT_EXPIRED, 1, VET_SEV_LOW, ev, "%s %u expired on %s",
                          vet_doc_kind_name(d->kind), k, b);
}

static vet_err reused(struct vet_check_worker *w, uint32_t k, const struct vet_document *d,
                      const struct doc_facts *f)
{
  if (!f->number.len)
    return VET_OK;
  const struct vet_checker *ck = w->ck;
  uint32_t self = w->self;
  uint32_t others[MAX_REUSE_LISTED];
  uint32_t n = check_doc_holders(ck, f->number, self, others, MAX_REUSE_LISTED);
  /* the MRZ may carry another number than the printed one */
  if (f->mrz_ok && f->mrz.document_number[0]) {
    vet_str mk = vet_ident_normalize(&w->a, VET_ID_PASSPORT, vet_str_c(f->mrz.document_number));
    if (!vet_str_eq(mk, f->number)) {
      uint32_t more[MAX_REUSE_LISTED];
      uint32_t m = check_doc_holders(ck, mk, self, more, MAX_REUSE_LISTED);
      for (uint32_t i = 0; i < m && n < MAX_REUSE_LISTED; i++) {
        bool seen = false;
        for (uint32_t j = 0; j < n && !seen; j++)
          seen = others[j] == more[i];
        if (!seen)
          others[n++] = more[i];
      }
    }
  }
  json_t *ids = json_array();
  uint32_t kept = 0;
  for (uint32_t i = 0; i < n; i++) {
    const struct vet_subject *o = &ck->pop->subjects[others[i]];
    /* the same number from two different issuers is two documents */
    bool other_issuer = false;
    for (uint32_t j = 0; j < o->n_documents && f->issuer[0]; j++) {
      const struct vet_document *od = &o->documents[j];
      vet_str on = od->number.len ? vet_ident_normalize(&w->a, VET_ID_PASSPORT, od->number) : VET_STR_NULL;
      if (vet_str_eq(on, f->number) && od->issuing_country.code[0] && strcmp(od->issuing_country.code, f->issuer))
        other_issuer = true;
    }
    if (other_issuer)
      continue;
    json_array_append_new(ids, check_jstr(o->id));
    kept++;
  }
  if (!kept) {
    json_decref(ids);
    return VET_OK;
  }
  json_t *ev = json_pack("{s:i, s:s, s:o, s:o}", "document", (int)k, "kind", vet_doc_kind_name(d->kind), "number",
                         check_jstr(f->number), "other_subjects", ids);
  return vet_findings_add(&w->f, VET_RULE_DOCUMENT_NUMBER_REUSED, 1, VET_SEV_HIGH, ev,
                          "%s number %.*s is also used by %u other subject%s", vet_doc_kind_name(d->kind),
                          VET_STR_FMT(f->number), kept, kept == 1 ? "" : "s");
}

/* The document's person against the profile: name and birth date. */
static vet_err vs_profile(struct vet_check_worker *w, uint32_t k, const struct vet_document *d,
                          const struct doc_facts *f)
{
  const struct vet_subject *s = w->s;
  const struct vet_check_config *cc = &w->ck->cfg->check;
  vet_err rc = VET_OK;
  if (s->kind == VET_SCHEMA_PERSON && f->name.len && (s->name.len || s->display_name.len || s->aliases.n)) {
    vet_str best = {"", 0}, best2 = {"", 0};
    double sc = check_best_self_score(w, f->name, &best);
    /* the MRZ name may be truncated or transliterated differently: the
     * better of the printed name and the MRZ name counts */
    if (f->mrz_name.len && !vet_str_eq(f->mrz_name, f->name)) {
      double sc2 = check_best_self_score(w, f->mrz_name, &best2);
      if (sc2 > sc) {
        sc = sc2;
        best = best2;
      }
    }
    if (sc >= 0 && sc < cc->same_person_score) {
      json_t *ev = json_pack("{s:i, s:s, s:o, s:o, s:o, s:f}", "document", (int)k, "kind", vet_doc_kind_name(d->kind),
                             "document_name", check_jstr(f->name), "mrz_name", check_jstr(f->mrz_name),
                             "profile_name", check_jstr(best), "score", round(sc * 10000) / 10000);
      rc = vet_findings_add(&w->f, VET_RULE_IDENTITY_NAME_MISMATCH, 1, VET_SEV_HIGH, ev,
                            "%s %u names '%.*s', not the profile's '%.*s' (name score %.2f)",
                            vet_doc_kind_name(d->kind), k, VET_STR_FMT(f->name), VET_STR_FMT(best), sc);
    }
  }
  if (!rc && dates_differ(&s->birth_date, &f->birth)) {
    char a[16], b[16];
    vet_date_format(&s->birth_date, a, sizeof a);
    vet_date_format(&f->birth, b, sizeof b);
    json_t *ev = json_pack("{s:i, s:s, s:s, s:s}", "document", (int)k, "kind", vet_doc_kind_name(d->kind),
                           "profile", a, "document_birth_date", b);
    rc = vet_findings_add(&w->f, VET_RULE_IDENTITY_BIRTH_DATE_MISMATCH, 1, VET_SEV_MEDIUM, ev,
                          "%s %u gives birth date %s, the profile %s", vet_doc_kind_name(d->kind), k, b, a);
  }
  return rc;
}

vet_err check_documents(struct vet_check_worker *w)
{
  const struct vet_subject *s = w->s;
  vet_err rc = VET_OK;
  w->n_docs = VET_MIN(s->n_documents, CHECK_MAX_DOCS);
  for (uint32_t k = 0; k < w->n_docs && !rc; k++) {
    const struct vet_document *d = &s->documents[k];
    struct doc_facts *f = &w->docs[k];
    read_doc(w, d, f);
    if (f->has_mrz && (!f->mrz_ok || !f->mrz.valid))
      rc = mrz_invalid(w, k, d, f);
    if (!rc && f->mrz_ok)
      rc = mrz_vs_fields(w, k, d, f);
    if (!rc)
      rc = expired(w, k, d, f);
    if (!rc)
      rc = reused(w, k, d, f);
    if (!rc)
      rc = vs_profile(w, k, d, f);
  }
  return rc;
}
