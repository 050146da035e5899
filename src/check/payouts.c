/* check/payouts.c - where the money goes: crypto payouts, accounts held by
 * someone other than the subject, and accounts in elevated-risk countries
 * while the subject claims to live elsewhere. */
#include <math.h>
#include <stdio.h>

#include "check/check_int.h"

/* Currency codes taken as crypto assets when the payout kind does not say. */
static const char crypto_currencies[] = "XBT,BTC,ETH,USDT,USDC,TRX,BNB,XMR,LTC,BCH,DOGE,SOL,DAI,TUSD,BUSD,XRP,TON";

static bool is_crypto(const struct vet_payout *p)
{
  if (p->kind == VET_PAYOUT_CRYPTO)
    return true;
  char c[8];
  if (!p->currency.len || p->currency.len >= sizeof c)
    return false;
  for (size_t i = 0; i < p->currency.len; i++)
    c[i] = (char)vet_upper(p->currency.ptr[i]);
  c[p->currency.len] = 0;
  return vet_names_has(crypto_currencies, vet_str_c(c));
}

static vet_err holder(struct vet_check_worker *w, uint32_t k, const struct vet_payout *p)
{
  const struct vet_subject *s = w->s;
  const struct vet_check_config *cc = &w->ck->cfg->check;
  vet_str best = {"", 0};
  double sc = check_best_self_score(w, p->holder, &best);
  /* the name on an identity document is the subject's too */
  for (uint32_t i = 0; i < w->n_docs; i++) {
    double d = check_compare(w, p->holder, w->docs[i].name, s->kind);
    if (d > sc) {
      sc = d;
      best = w->docs[i].name;
    }
  }
  if (sc >= cc->same_person_score && k < CHECK_MAX_PAYOUTS)
    w->payout_self[k] = true;
  if (sc < 0 || sc >= cc->same_person_score)
    return VET_OK;
  bool family = s->kind == VET_SCHEMA_PERSON && check_share_word(w, p->holder, best);
  double strength = family ? cc->family_holder_factor : 1;
  json_t *ev = json_pack("{s:i, s:s, s:o, s:o, s:f, s:b}", "payout", (int)k, "kind", vet_payout_kind_name(p->kind),
                         "holder", check_jstr(p->holder), "subject_name", check_jstr(best), "score",
                         round(sc * 10000) / 10000, "shares_a_name_word", family);
  return vet_findings_add(&w->f, VET_RULE_PAYOUT_THIRD_PARTY, strength, VET_SEV_MEDIUM, ev,
                          "payout %u (%s) is held by '%.*s', not '%.*s'%s", k, vet_payout_kind_name(p->kind),
                          VET_STR_FMT(p->holder), VET_STR_FMT(best),
                          family ? " (shares a name word: a relative?)" : "");
}

vet_err check_payouts(struct vet_check_worker *w)
{
  const struct vet_subject *s = w->s;
  const struct vet_check_config *cc = &w->ck->cfg->check;
  vet_err rc = VET_OK;
  for (uint32_t k = 0; k < s->n_payouts && !rc; k++) {
    const struct vet_payout *p = &s->payouts[k];
    if (is_crypto(p)) {
      json_t *ev = json_pack("{s:i, s:s, s:o, s:o}", "payout", (int)k, "kind", vet_payout_kind_name(p->kind),
                             "currency", check_jstr(p->currency), "address", check_jstr(p->address));
      rc = vet_findings_add(&w->f, VET_RULE_PAYOUT_CRYPTO, 1, VET_SEV_MEDIUM, ev, "payout %u is in crypto%s%.*s", k,
                            p->currency.len ? ": " : "", VET_STR_FMT(p->currency));
    }
    if (!rc && p->holder.len)
      rc = holder(w, k, p);
    const char *pc = p->country.code, *res = s->country.code;
    if (!rc && check_in_list(cc->countries_elevated, pc) && res[0] && !check_in_list(cc->countries_elevated, res)) {
      const char *name = vet_country_name(w->ck->countries, pc);
      bool home = !strcmp(pc, s->nationality.code); /* an expatriate's home bank: weaker */
      json_t *ev = json_pack("{s:i, s:s, s:s, s:s, s:b}", "payout", (int)k, "kind", vet_payout_kind_name(p->kind),
                             "payout_country", pc, "claimed_country", res, "nationality_country", home);
      rc = vet_findings_add(&w->f, VET_RULE_PAYOUT_HIGH_RISK_COUNTRY, home ? cc->home_country_factor : 1,
                            VET_SEV_HIGH, ev, "payout %u goes to an account in %s while the subject claims to live in %s%s",
                            k, name ? name : pc, res, home ? " (the subject's nationality)" : "");
    }
  }
  return rc;
}
