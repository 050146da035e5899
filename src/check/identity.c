/* check/identity.c - do the subject's countries tell one story?  The
 * claimed residence and nationality against the countries of the phone
 * numbers, documents, payout accounts and addresses, each pair weighted by
 * how telling a disagreement is (check.pair_* settings), and any tie to a
 * comprehensively sanctioned country. */
#include <math.h>
#include <stdio.h>

#include "check/check_int.h"

/* Countries gathered per subject (each with where it came from). */
#define MAX_PLACES 48

struct place {
  char code[8];
  char field[40]; /* "payouts[1].country" */
};

struct places {
  struct place v[MAX_PLACES];
  uint32_t n;
};

/* field is base[k]suffix, or base alone when k < 0 */
static void add(struct places *p, const char *code, const char *base, int k, const char *suffix)
{
  if (!code || !code[0] || p->n >= MAX_PLACES)
    return;
  struct place *x = &p->v[p->n++];
  vet_cstr_copy(x->code, sizeof x->code, code);
  check_field(x->field, sizeof x->field, base, k, suffix);
}

/* One disagreeing pair. */
static void pair(struct vet_check_worker *w, json_t *pairs, double *keep, const char *a_field, const char *a,
                 const char *b_field, const char *b, double weight)
{
  if (!a[0] || !b[0] || !strcmp(a, b) || weight <= 0)
    return;
  const struct vet_check_config *cc = &w->ck->cfg->check;
  if (check_in_list(cc->countries_elevated, b) && !check_in_list(cc->countries_elevated, a))
    weight += (1 - weight) * cc->elevated_pair_boost;
  *keep *= 1 - weight;
  json_array_append_new(pairs, json_pack("{s:s, s:s, s:s, s:s, s:f}", "claimed", a_field, "claimed_country", a,
                                         "other", b_field, "other_country", b, "weight",
                                         round(weight * 1000) / 1000));
}

static vet_err countries(struct vet_check_worker *w)
{
  const struct vet_subject *s = w->s;
  const struct vet_check_config *cc = &w->ck->cfg->check;
  const char *res = s->country.code, *nat = s->nationality.code;
  json_t *pairs = json_array();
  double keep = 1;
  for (uint32_t i = 0; i < s->n_payouts; i++) {
    char f[40];
    check_field(f, sizeof f, "payouts", (int)i, ".country");
    /* PayPal, Payoneer and Wise give freelancers receiving accounts
     * abroad (a US or EU account for a worker in Brazil): weaker */
    enum vet_payout_kind k = s->payouts[i].kind;
    bool service = k == VET_PAYOUT_PAYPAL || k == VET_PAYOUT_PAYONEER || k == VET_PAYOUT_WISE;
    double pw = service ? cc->pair_residence_payout_service : cc->pair_residence_payout;
    if (nat[0] && !strcmp(nat, s->payouts[i].country.code)) /* an expatriate's home bank */
      pw *= cc->home_country_factor;
    pair(w, pairs, &keep, "country", res, f, s->payouts[i].country.code, pw);
  }
  for (uint32_t i = 0; i < w->n_phones; i++) {
    char f[40];
    check_field(f, sizeof f, "phones", (int)i, "");
    if (w->phones[i].valid)
      pair(w, pairs, &keep, "country", res, f, w->phones[i].region, cc->pair_residence_phone);
  }
  for (uint32_t i = 0; i < s->n_addresses; i++) {
    char f[40];
    check_field(f, sizeof f, "addresses", (int)i, ".country");
    pair(w, pairs, &keep, "country", res, f, s->addresses[i].country.code,
         s->addresses[i].kind == VET_ADDR_RESIDENCE ? cc->pair_residence_address : cc->pair_residence_other_address);
  }
  for (uint32_t i = 0; i < w->n_docs; i++) {
    const struct doc_facts *d = &w->docs[i];
    char f[40];
    check_field(f, sizeof f, "documents", (int)i, ".nationality");
    pair(w, pairs, &keep, "nationality", nat, f, d->nationality, cc->pair_nationality_document);
    check_field(f, sizeof f, "documents", (int)i, ".issuing_country");
    if (s->documents[i].kind == VET_DOC_PASSPORT)
      pair(w, pairs, &keep, "nationality", nat, f, d->issuer, cc->pair_nationality_issuer);
    pair(w, pairs, &keep, "country", res, f, d->issuer, cc->pair_residence_issuer);
  }
  size_t n = json_array_size(pairs);
  if (!n) {
    json_decref(pairs);
    return VET_OK;
  }
  double strength = 1 - keep;
  json_t *first = json_array_get(pairs, 0);
  char msg[160];
  snprintf(msg, sizeof msg, "%s %s but %s %s", json_string_value(json_object_get(first, "claimed")),
           json_string_value(json_object_get(first, "claimed_country")),
           json_string_value(json_object_get(first, "other")),
           json_string_value(json_object_get(first, "other_country")));
  json_t *ev = json_pack("{s:s*, s:s*, s:o, s:f}", "country", res[0] ? res : NULL, "nationality",
                         nat[0] ? nat : NULL, "pairs", pairs, "strength", round(strength * 1000) / 1000);
  return vet_findings_add(&w->f, VET_RULE_IDENTITY_COUNTRY_MISMATCH, strength, VET_SEV_MEDIUM, ev,
                          "the subject's countries disagree: %s%s", msg,
                          n > 1 ? " (and more, see evidence)" : "");
}

static vet_err sanctioned(struct vet_check_worker *w)
{
  const struct vet_subject *s = w->s;
  const char *list = w->ck->cfg->check.countries_sanctioned;
  struct places p = {0};
  add(&p, s->country.code, "country", -1, "");
  add(&p, s->nationality.code, "nationality", -1, "");
  for (uint32_t i = 0; i < w->n_phones; i++)
    if (w->phones[i].parsed)
      add(&p, w->phones[i].region, "phones", (int)i, "");
  for (uint32_t i = 0; i < w->n_docs; i++) {
    add(&p, w->docs[i].issuer, "documents", (int)i, ".issuing_country");
    add(&p, w->docs[i].nationality, "documents", (int)i, ".nationality");
  }
  for (uint32_t i = 0; i < s->n_payouts; i++)
    add(&p, s->payouts[i].country.code, "payouts", (int)i, ".country");
  for (uint32_t i = 0; i < s->n_addresses; i++)
    add(&p, s->addresses[i].country.code, "addresses", (int)i, ".country");
  json_t *ties = NULL;
  const struct place *first = NULL;
  for (uint32_t i = 0; i < p.n; i++) {
    if (!check_in_list(list, p.v[i].code))
      continue;
    if (!ties)
      ties = json_array();
    if (!first)
      first = &p.v[i];
    json_array_append_new(ties, json_pack("{s:s, s:s}", "field", p.v[i].field, "country", p.v[i].code));
  }
  if (!ties)
    return VET_OK;
  const char *name = vet_country_name(w->ck->countries, first->code);
  json_t *ev = json_pack("{s:o}", "ties", ties);
  return vet_findings_add(&w->f, VET_RULE_IDENTITY_SANCTIONED_COUNTRY, 1, VET_SEV_HIGH, ev,
                          "%s is %s (%s), a country under comprehensive sanctions", first->field, first->code,
                          name ? name : first->code);
}

vet_err check_identity(struct vet_check_worker *w)
{
  vet_err rc = countries(w);
  return rc ? rc : sanctioned(w);
}
