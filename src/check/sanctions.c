/* check/sanctions.c - the subject against the watchlists: every name
 * (profile, display, aliases, documents and their MRZs), payout holders and
 * the employer through the screening engine; emails, phones, website and
 * email domains, crypto addresses and document numbers as exact
 * identifiers.  Each hit becomes a finding and an entry of the report's
 * "sanctions" array with the full match explanation. */
#include <math.h>
#include <stdio.h>

#include "check/check_int.h"

/* Hits kept per screened value (best first). */
#define MAX_HITS_PER_QUERY 5
/* Values screened per subject (names and identifiers together). */
#define MAX_QUERIES 64

enum what { W_NAME, W_HOLDER, W_EMPLOYER, W_IDENT };

struct q {
  enum what what;
  char field[40];            /* "documents[0].mrz" */
  struct vet_query query;
  vet_str shown;             /* the value screened, for the report */
  const char *issuer;        /* document numbers: issuing country or "" */
};

struct qs {
  struct q v[MAX_QUERIES];
  uint32_t n;
};

/* The field is base[k]suffix, or base alone when k < 0. */
static struct q *push(struct qs *qs, enum what what, vet_str value, const char *base, int k, const char *suffix)
{
  if (!value.len || qs->n >= MAX_QUERIES)
    return NULL;
  for (uint32_t i = 0; i < qs->n; i++) /* the same text screened once */
    if (qs->v[i].what == what && vet_str_eq(qs->v[i].shown, value))
      return NULL;
  struct q *q = &qs->v[qs->n++];
  memset(q, 0, sizeof *q);
  q->what = what;
  q->shown = value;
  q->issuer = "";
  if (k < 0)
    snprintf(q->field, sizeof q->field, "%s", base);
  else
    snprintf(q->field, sizeof q->field, "%s[%d]%s", base, k, suffix);
  q->query.limit = MAX_HITS_PER_QUERY;
  return q;
}

static void person_name(const struct vet_subject *s, struct qs *qs, vet_str name, const char *base, int k,
                        const char *suffix, const struct vet_date *dob)
{
  struct q *q = push(qs, W_NAME, name, base, k, suffix);
  if (!q)
    return;
  q->query.name = name;
  q->query.schema = s->kind;
  if (dob && dob->year)
    q->query.birth_date = *dob;
  if (s->nationality.code[0])
    snprintf(q->query.country, sizeof q->query.country, "%s", s->nationality.code);
}

static void gather(struct vet_check_worker *w, struct qs *qs)
{
  const struct vet_subject *s = w->s;
  person_name(s, qs, s->name, "name", -1, "", &s->birth_date);
  person_name(s, qs, s->display_name, "display_name", -1, "", &s->birth_date);
  for (uint32_t i = 0; i < s->aliases.n; i++)
    person_name(s, qs, s->aliases.v[i], "aliases", (int)i, "", &s->birth_date);
  for (uint32_t i = 0; i < w->n_docs; i++) {
    const struct doc_facts *d = &w->docs[i];
    person_name(s, qs, s->documents[i].name, "documents", (int)i, ".name", d->birth.year ? &d->birth : &s->birth_date);
    person_name(s, qs, d->mrz_name, "documents", (int)i, ".mrz", d->birth.year ? &d->birth : &s->birth_date);
  }
  for (uint32_t i = 0; i < s->n_payouts; i++) {
    struct q *q = push(qs, W_HOLDER, s->payouts[i].holder, "payouts", (int)i, ".holder");
    if (q)
      q->query.name = s->payouts[i].holder; /* a person or a company: no type */
  }
  struct q *q = push(qs, W_EMPLOYER, s->employer, "employer", -1, "");
  if (q) {
    q->query.name = s->employer;
    q->query.schema = VET_SCHEMA_ORGANIZATION;
  }
  /* identifiers */
  for (uint32_t i = 0; i < s->emails.n; i++) {
    vet_str e = s->emails.v[i];
    if ((q = push(qs, W_IDENT, e, "emails", (int)i, "")))
      q->query.email = e;
    size_t at = vet_str_find(e, "@", false);
    vet_str dom = at == SIZE_MAX ? VET_STR_NULL : vet_str_sub(e, at + 1, e.len);
    /* mail at the domain of a listed company's website */
    if (dom.len && !vet_email_db_is_free(w->ck->email, dom) && (q = push(qs, W_IDENT, dom, "emails", (int)i, "")))
      q->query.domain = dom;
  }
  for (uint32_t i = 0; i < w->n_phones; i++) {
    vet_str p = w->phones[i].parsed ? vet_str_c(w->phones[i].e164) : s->phones.v[i];
    if ((q = push(qs, W_IDENT, p, "phones", (int)i, "")))
      q->query.phone = p;
  }
  if ((q = push(qs, W_IDENT, s->website, "links.website", -1, "")))
    q->query.domain = s->website;
  for (uint32_t i = 0; i < s->n_payouts; i++) {
    if ((q = push(qs, W_IDENT, s->payouts[i].address, "payouts", (int)i, ".address")))
      q->query.crypto = s->payouts[i].address;
    if (s->payouts[i].kind == VET_PAYOUT_CRYPTO && (q = push(qs, W_IDENT, s->payouts[i].account, "payouts", (int)i, ".account")))
      q->query.crypto = s->payouts[i].account;
  }
  for (uint32_t i = 0; i < w->n_docs; i++) {
    if ((q = push(qs, W_IDENT, w->docs[i].number, "documents", (int)i, ".number"))) {
      q->query.document = w->docs[i].number;
      q->issuer = w->docs[i].issuer;
    }
  }
}

/* A listed document number issued by another country than the subject's
 * document is another document. */
static bool other_issuer(const struct vet_hit *h, const char *issuer)
{
  if (!issuer[0] || !h->ex.id_value.len)
    return false;
  for (uint32_t i = 0; i < h->entity->n_idents; i++) {
    const struct vet_ident *id = &h->entity->idents[i];
    if (vet_str_eq(id->value, h->ex.id_value) && id->country[0] && strcmp(id->country, issuer))
      return true;
  }
  return false;
}

static bool dob_exact(const struct vet_hit *h)
{
  for (uint32_t i = 0; i < h->ex.n_adj; i++)
    if (!strcmp(h->ex.adj[i].name, "birth_date") && !strcmp(h->ex.adj[i].result, "exact"))
      return true;
  return false;
}

static vet_err report_hit(struct vet_check_worker *w, const struct q *q, const struct vet_hit *h)
{
  const struct vet_check_config *cc = &w->ck->cfg->check;
  json_t *hj = vet_hit_json(h);
  if (!hj)
    return VET_ENOMEM;
  json_object_set_new(hj, "field", json_string(q->field));
  json_object_set_new(hj, "query", check_jstr(q->shown));
  json_array_append(w->sanctions, hj);
  const struct vet_entity *en = h->entity;
  vet_str listed = en->names && en->n_names ? en->names[0].text : en->id;
  json_t *ev = json_pack("{s:s, s:o, s:o, s:o, s:o, s:f}", "field", q->field, "value", check_jstr(q->shown), "list",
                         check_jstr(h->list->name), "entity_id", check_jstr(en->id), "listed_name", check_jstr(listed),
                         "score", round(h->score * 10000) / 10000);
  json_decref(hj);
  if (q->what == W_IDENT) {
    json_object_set_new(ev, "identifier_kind", json_string(vet_id_kind_name(h->ex.id_kind)));
    json_object_set_new(ev, "listed_identifier", check_jstr(h->ex.id_value));
    return vet_findings_add(&w->f, VET_RULE_SANCTIONS_IDENTIFIER, 1, VET_SEV_CRITICAL, ev,
                            "%s '%.*s' is the %s of %.*s on %.*s (%.*s)", q->field, VET_STR_FMT(q->shown),
                            vet_id_kind_name(h->ex.id_kind), VET_STR_FMT(listed), VET_STR_FMT(h->list->name),
                            VET_STR_FMT(en->id));
  }
  json_object_set_new(ev, "matched_name", h->name ? check_jstr(h->name->text) : json_null());
  enum vet_rule r = q->what == W_HOLDER     ? VET_RULE_SANCTIONS_PAYOUT_HOLDER
                    : q->what == W_EMPLOYER ? VET_RULE_SANCTIONS_EMPLOYER
                                            : VET_RULE_SANCTIONS_NAME;
  bool critical = r == VET_RULE_SANCTIONS_NAME && h->score >= cc->sanctions_critical_score && dob_exact(h);
  return vet_findings_add(&w->f, r, h->score, critical ? VET_SEV_CRITICAL : VET_SEV_HIGH, ev,
                          "%s '%.*s' matches %.*s on %.*s (%.*s) with score %.2f%s", q->field, VET_STR_FMT(q->shown),
                          VET_STR_FMT(h->name ? h->name->text : listed), VET_STR_FMT(h->list->name),
                          VET_STR_FMT(en->id), h->score, critical ? " and the same birth date" : "");
}

vet_err check_sanctions(struct vet_check_worker *w)
{
  static const enum vet_rule rule_of[] = {VET_RULE_SANCTIONS_NAME, VET_RULE_SANCTIONS_PAYOUT_HOLDER,
                                          VET_RULE_SANCTIONS_EMPLOYER, VET_RULE_SANCTIONS_IDENTIFIER};
  struct qs qs;
  qs.n = 0;
  gather(w, &qs);
  for (uint32_t i = 0; i < qs.n; i++) {
    const struct q *q = &qs.v[i];
    if (!vet_rule_enabled(&w->f, rule_of[q->what]))
      continue;
    struct vet_hits hits;
    vet_err rc = vet_screen(w->searcher, &q->query, &w->a, &hits, NULL);
    if (rc == VET_ENOMEM)
      return rc;
    if (rc) /* a name too long or not screenable: nothing to report */
      continue;
    for (uint32_t k = 0; k < hits.n; k++) {
      if (q->query.document.len && other_issuer(&hits.v[k], q->issuer))
        continue;
      if ((rc = report_hit(w, q, &hits.v[k])))
        return rc;
    }
  }
  return VET_OK;
}
