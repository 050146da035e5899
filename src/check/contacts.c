/* check/contacts.c - phone numbers (libphonenumber: valid, country, line
 * type; VoIP and other virtual numbers) and email addresses (syntax,
 * disposable and free-mail domains, relation to the person's name).
 * Fills w->phones for the identity check. */
#include <math.h>
#include <stdio.h>

#include "check/check_int.h"

static vet_err phones(struct vet_check_worker *w)
{
  const struct vet_subject *s = w->s;
  /* a national number ("(202) 555 0142") is read in the claimed country */
  const char *region = strlen(s->country.code) == 2       ? s->country.code
                       : strlen(s->nationality.code) == 2 ? s->nationality.code
                                                          : NULL; /* not "XK"-like extra codes ("UA-CRI") */
  vet_err rc = VET_OK;
  uint32_t self = w->self;
  w->n_phones = VET_MIN(s->phones.n, CHECK_MAX_PHONES);
  for (uint32_t i = 0; i < w->n_phones && !rc; i++) {
    struct vet_phone *ph = &w->phones[i];
    vet_str text = s->phones.v[i];
    /* read once: the links parsed it already when they used this region */
    if (!vet_links_phone(w->ck->links, self, i, region, ph) && vet_phone_parse(text, region, ph, NULL) != VET_OK)
      memset(ph, 0, sizeof *ph); /* over-long: not a phone number */
    if (!ph->parsed || !ph->valid) {
      json_t *ev = json_pack("{s:o, s:s*, s:b, s:s}", "phone", check_jstr(text), "default_region", region, "possible",
                             ph->possible, "reason", ph->error[0] ? ph->error : "not in any allocated range");
      rc = vet_findings_add(&w->f, VET_RULE_PHONE_INVALID, 1, VET_SEV_LOW, ev, "phone '%.*s' is not a valid number",
                            VET_STR_FMT(text));
      continue;
    }
    if (vet_phone_type_is_virtual(ph->type)) {
      json_t *ev = json_pack("{s:o, s:s, s:s, s:s}", "phone", check_jstr(text), "e164", ph->e164, "region",
                             ph->region, "line_type", vet_phone_type_name(ph->type));
      rc = vet_findings_add(&w->f, VET_RULE_PHONE_VIRTUAL, 1, VET_SEV_MEDIUM, ev,
                            "phone %s is a %s number (%s): not tied to a line or a place", ph->e164,
                            vet_phone_type_name(ph->type), ph->region[0] ? ph->region : "non-geographic");
    }
  }
  return rc;
}

/* The folded words of the subject's name and display name. */
static size_t name_tokens(struct vet_check_worker *w, vet_str *out, size_t cap)
{
  const struct vet_subject *s = w->s;
  vet_str names[2] = {s->name, s->display_name};
  size_t n = 0;
  for (size_t k = 0; k < 2; k++) {
    const struct vet_name_norm *nn = names[k].len ? check_norm(w, names[k]) : NULL;
    for (uint32_t i = 0; nn && i < nn->n && n < cap; i++) {
      bool dup = false;
      for (size_t j = 0; j < n && !dup; j++)
        dup = vet_str_eq(out[j], nn->tok[i].text);
      if (!dup)
        out[n++] = nn->tok[i].text;
    }
  }
  return n;
}

static vet_err emails(struct vet_check_worker *w)
{
  const struct vet_subject *s = w->s;
  const struct vet_check_config *cc = &w->ck->cfg->check;
  vet_err rc = VET_OK;
  vet_str toks[VET_EMAIL_NAME_MAX_TOKENS];
  size_t nt = s->kind == VET_SCHEMA_PERSON ? name_tokens(w, toks, VET_COUNTOF(toks)) : 0;
  double best = -1;
  char best_why[96] = "";
  /* each valid address's score, in order (NAN: not scored); the evidence
   * is made only when the finding is */
  double *score = nt && s->emails.n ? vet_arena_alloc(&w->a, s->emails.n * sizeof *score) : NULL;
  if (nt && s->emails.n && !score)
    return VET_ENOMEM;
  for (uint32_t i = 0; i < s->emails.n && !rc; i++) {
    if (score)
      score[i] = NAN;
    vet_str text = s->emails.v[i];
    struct vet_email em;
    rc = vet_email_parse(w->ck->email, &w->a, text, &em, NULL);
    if (rc)
      break;
    if (!em.valid) {
      json_t *ev = json_pack("{s:o, s:s}", "email", check_jstr(text), "reason", em.error);
      rc = vet_findings_add(&w->f, VET_RULE_EMAIL_INVALID, 1, VET_SEV_LOW, ev, "email '%.*s' is malformed: %s",
                            VET_STR_FMT(text), em.error);
      continue;
    }
    if (em.disposable) {
      json_t *ev = json_pack("{s:o, s:o}", "email", check_jstr(text), "domain", check_jstr(em.domain));
      rc = vet_findings_add(&w->f, VET_RULE_EMAIL_DISPOSABLE, 1, VET_SEV_MEDIUM, ev,
                            "email %.*s is at the disposable-mail domain %.*s", VET_STR_FMT(text),
                            VET_STR_FMT(em.domain));
    } else if (em.free_provider) {
      json_t *ev = json_pack("{s:o, s:o, s:o}", "email", check_jstr(text), "domain", check_jstr(em.domain),
                             "canonical", check_jstr(em.canonical));
      rc = vet_findings_add(&w->f, VET_RULE_EMAIL_FREE_PROVIDER, 1, VET_SEV_INFO, ev,
                            "email %.*s is at the free-mail provider %.*s", VET_STR_FMT(text), VET_STR_FMT(em.domain));
    }
    if (nt) {
      char why[96] = "";
      double sc = vet_email_name_score(em.local, toks, nt, why, sizeof why);
      score[i] = sc;
      if (sc > best) {
        best = sc;
        vet_cstr_copy(best_why, sizeof best_why, why);
      }
    }
  }
  if (!rc && best >= 0 && best < cc->email_name_min) {
    json_t *scored = json_array();
    for (uint32_t i = 0; i < s->emails.n; i++)
      if (!isnan(score[i]))
        json_array_append_new(scored, json_pack("{s:o, s:f}", "email", check_jstr(s->emails.v[i]), "score",
                                                round(score[i] * 10000) / 10000));
    json_t *ev = json_pack("{s:o, s:O, s:f}", "name", check_jstr(s->name.len ? s->name : s->display_name), "emails",
                           scored, "threshold", cc->email_name_min);
    rc = vet_findings_add(&w->f, VET_RULE_EMAIL_NAME_UNRELATED, 1, VET_SEV_LOW, ev,
                          "no email address relates to the name '%.*s' (best score %.2f)",
                          VET_STR_FMT(s->name.len ? s->name : s->display_name), best);
    json_decref(scored);
  }
  return rc;
}

vet_err check_contacts(struct vet_check_worker *w)
{
  vet_err rc = phones(w);
  return rc ? rc : emails(w);
}
