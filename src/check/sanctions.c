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
/* Employers and holders a worker remembers as screened without a hit
 * (one key of at most CLEAN_KEY_MAX bytes each): populations repeat their
 * employers ("Freelance", a staffing agency) and often their holders. */
#define CLEAN_MAX 65536
#define CLEAN_KEY_MAX 256

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
  check_field(q->field, sizeof q->field, base, k, suffix);
  q->query.limit = MAX_HITS_PER_QUERY;
  return q;
}

/* The same words in any order ("Anna Maria Eriksson", "ERIKSSON ANNA
 * MARIA"). */
static bool same_words(const struct vet_name_norm *a, const struct vet_name_norm *b)
{
  if (!a || !b || a->n != b->n)
    return false;
  for (uint32_t i = 0; i < a->n; i++) {
    bool found = false;
    for (uint32_t j = 0; j < b->n && !found; j++)
      found = vet_str_eq(a->tok[i].text, b->tok[j].text);
    if (!found)
      return false;
  }
  return true;
}

static bool same_date(const struct vet_date *a, const struct vet_date *b)
{
  return a->year == b->year && a->month == b->month && a->day == b->day;
}

/* One of the subject's own names, with the profile's (or the document's)
 * birth date and the nationality.  A name already screened with the same
 * words and birth date (the MRZ copy of the document name, the profile
 * name in capitals) is not screened again. */
static void person_name(struct vet_check_worker *w, struct qs *qs, vet_str name, const char *base, int k,
                        const char *suffix, const struct vet_date *dob)
{
  const struct vet_subject *s = w->s;
  struct vet_date none = {0};
  if (!dob)
    dob = &none;
  const struct vet_name_norm *nn = name.len ? check_norm(w, name) : NULL;
  for (uint32_t i = 0; nn && i < qs->n; i++)
    if (qs->v[i].what == W_NAME && same_date(&qs->v[i].query.birth_date, dob) &&
        same_words(check_norm(w, qs->v[i].shown), nn))
      return;
  struct q *q = push(qs, W_NAME, name, base, k, suffix);
  if (!q)
    return;
  q->query.name = name;
  q->query.name_norm = nn; /* normalized once for the checks and the screen */
  q->query.schema = s->kind;
  q->query.birth_date = *dob;
  if (s->nationality.code[0])
    vet_cstr_copy(q->query.country, sizeof q->query.country, s->nationality.code);
}

static void gather(struct vet_check_worker *w, struct qs *qs)
{
  const struct vet_subject *s = w->s;
  person_name(w, qs, s->name, "name", -1, "", &s->birth_date);
  /* a display name or alias made of the name's own words ("Miguel Ángel"
   * of "Miguel Ángel Pérez Soto") says nothing the name does not, and as
   * a fragment it matches listed people who share a first name */
  if (!s->name.len || !check_is_part_of(w, s->display_name, s->name))
    person_name(w, qs, s->display_name, "display_name", -1, "", &s->birth_date);
  for (uint32_t i = 0; i < s->aliases.n; i++)
    if (!s->name.len || !check_is_part_of(w, s->aliases.v[i], s->name))
      person_name(w, qs, s->aliases.v[i], "aliases", (int)i, "", &s->birth_date);
  for (uint32_t i = 0; i < w->n_docs; i++) {
    const struct doc_facts *d = &w->docs[i];
    person_name(w, qs, s->documents[i].name, "documents", (int)i, ".name", d->birth.year ? &d->birth : &s->birth_date);
    person_name(w, qs, d->mrz_name, "documents", (int)i, ".mrz", d->birth.year ? &d->birth : &s->birth_date);
  }
  for (uint32_t i = 0; i < s->n_payouts; i++) {
    /* a holder who is the subject is screened as one of the subject's
     * names (with the profile's birth date and country) */
    if (i < CHECK_MAX_PAYOUTS && w->payout_self[i]) {
      person_name(w, qs, s->payouts[i].holder, "payouts", (int)i, ".holder", &s->birth_date);
      continue;
    }
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

/* How far the qualifiers confirm a name hit: 1 for a birth date that is
 * the same or agrees as far as both are known, check.country_only_factor
 * when only the country agrees (many people share one), otherwise
 * check.name_only_factor. */
static double corroboration(const struct vet_check_config *cc, const struct vet_hit *h, bool *dob_is_exact)
{
  bool dob = false, country = false;
  *dob_is_exact = false;
  for (uint32_t i = 0; i < h->ex.n_adj; i++) {
    const struct vet_adjust *a = &h->ex.adj[i];
    if (!strcmp(a->name, "birth_date") && !strcmp(a->result, "exact"))
      *dob_is_exact = dob = true;
    else if (!strcmp(a->name, "birth_date") && !strcmp(a->result, "compatible"))
      dob = true;
    else if (!strcmp(a->name, "country") && !strcmp(a->result, "match"))
      country = true;
  }
  return dob ? 1.0 : country ? cc->country_only_factor : cc->name_only_factor;
}

/* All hits on one listed party (the same entity id and primary name, so an
 * SDN entry and its copy on the Consolidated Screening List are one party)
 * become one finding: one fact seen through several fields is one signal. */
struct group {
  const struct vet_hit *best; /* copied hit; explanation lives in w->a */
  struct vet_hit hit;
  const struct q *best_q;
  double strength;
  enum vet_severity sev;
  enum vet_rule rule;
  json_t *fields;             /* [{field, value, list, score}] */
};

/* Rules in order of precedence when one party is hit through several fields. */
static int rule_rank(enum vet_rule r)
{
  return r == VET_RULE_SANCTIONS_IDENTIFIER ? 3 : r == VET_RULE_SANCTIONS_NAME ? 2 : r == VET_RULE_SANCTIONS_EMPLOYER ? 1 : 0;
}

static bool same_party(const struct vet_hit *a, const struct vet_hit *b)
{
  if (a->entity == b->entity)
    return true;
  if (!vet_str_eq(a->entity->id, b->entity->id) || !a->entity->n_names || !b->entity->n_names)
    return false;
  vet_str x = a->entity->names[0].text, y = b->entity->names[0].text;
  if (x.len != y.len)
    return false;
  for (size_t i = 0; i < x.len; i++)
    if (vet_lower(x.ptr[i]) != vet_lower(y.ptr[i]))
      return false;
  return true;
}

static vet_err add_hit(struct vet_check_worker *w, struct group *g, uint32_t *ng, uint32_t cap, const struct q *q,
                       const struct vet_hit *h)
{
  static const enum vet_rule rule_of[] = {VET_RULE_SANCTIONS_NAME, VET_RULE_SANCTIONS_PAYOUT_HOLDER,
                                          VET_RULE_SANCTIONS_EMPLOYER, VET_RULE_SANCTIONS_IDENTIFIER};
  const struct vet_check_config *cc = &w->ck->cfg->check;
  enum vet_rule rule = rule_of[q->what];
  bool dob = false;
  double strength = h->score;
  enum vet_severity sev = vet_rule_get(rule)->severity;
  if (q->what != W_IDENT) {
    strength *= corroboration(cc, h, &dob);
    if (rule == VET_RULE_SANCTIONS_NAME && dob && h->score >= cc->sanctions_critical_score)
      sev = VET_SEV_CRITICAL;
  }
  struct group *x = NULL;
  for (uint32_t i = 0; i < *ng && !x; i++)
    if (same_party(g[i].best, h))
      x = &g[i];
  if (!x) {
    if (*ng >= cap)
      return VET_OK;
    x = &g[(*ng)++];
    memset(x, 0, sizeof *x);
    x->fields = json_array();
    if (!x->fields)
      return VET_ENOMEM;
  }
  json_t *f = json_pack("{s:s, s:o, s:o, s:f}", "field", q->field, "value", check_jstr(q->shown), "list",
                        check_jstr(h->list->name), "score", round(h->score * 10000) / 10000);
  if (!f || json_array_append_new(x->fields, f))
    return VET_ENOMEM;
  bool better = !x->best || sev > x->sev || (sev == x->sev && rule_rank(rule) > rule_rank(x->rule)) ||
                (sev == x->sev && rule == x->rule && strength > x->strength);
  if (better) {
    x->hit = *h;
    x->best = &x->hit;
    x->best_q = q;
    x->strength = strength;
    x->sev = sev;
    x->rule = rule;
  }
  return VET_OK;
}

static vet_err report_group(struct vet_check_worker *w, struct group *g)
{
  const struct vet_hit *h = g->best;
  const struct q *q = g->best_q;
  json_t *hj = vet_hit_json(h);
  if (!hj)
    return VET_ENOMEM;
  json_object_set(hj, "fields", g->fields);
  if (json_array_append_new(w->sanctions, hj))
    return VET_ENOMEM;
  const struct vet_entity *en = h->entity;
  vet_str listed = en->n_names ? en->names[0].text : en->id;
  size_t nf = json_array_size(g->fields);
  json_t *ev = json_pack("{s:s, s:o, s:o, s:o, s:o, s:f, s:O}", "field", q->field, "value", check_jstr(q->shown),
                         "list", check_jstr(h->list->name), "entity_id", check_jstr(en->id), "listed_name",
                         check_jstr(listed), "score", round(h->score * 10000) / 10000, "fields", g->fields);
  /* distinct input fields (one field may hit a party on several lists) */
  size_t nfield = 0;
  for (size_t i = 0; i < nf; i++) {
    const char *fi = json_string_value(json_object_get(json_array_get(g->fields, i), "field"));
    bool seen = false;
    for (size_t j = 0; j < i && !seen; j++)
      seen = !strcmp(fi, json_string_value(json_object_get(json_array_get(g->fields, j), "field")));
    nfield += !seen;
  }
  char more[64] = "";
  if (nfield > 1)
    snprintf(more, sizeof more, " (%zu fields hit this party)", nfield);
  else if (nf > 1)
    snprintf(more, sizeof more, " (on %zu lists)", nf);
  if (q->what == W_IDENT) {
    json_object_set_new(ev, "identifier_kind", json_string(vet_id_kind_name(h->ex.id_kind)));
    json_object_set_new(ev, "listed_identifier", check_jstr(h->ex.id_value));
    return vet_findings_add(&w->f, g->rule, g->strength, g->sev, ev, "%s '%.*s' is the %s of %.*s on %.*s (%.*s)%s",
                            q->field, VET_STR_FMT(q->shown), vet_id_kind_name(h->ex.id_kind), VET_STR_FMT(listed),
                            VET_STR_FMT(h->list->name), VET_STR_FMT(en->id), more);
  }
  json_object_set_new(ev, "matched_name", h->name ? check_jstr(h->name->text) : json_null());
  json_object_set_new(ev, "corroboration", json_real(round(g->strength / (h->score > 0 ? h->score : 1) * 1000) / 1000));
  return vet_findings_add(&w->f, g->rule, g->strength, g->sev, ev, "%s '%.*s' matches %.*s on %.*s (%.*s) with score %.2f%s%s",
                          q->field, VET_STR_FMT(q->shown), VET_STR_FMT(h->name ? h->name->text : listed),
                          VET_STR_FMT(h->list->name), VET_STR_FMT(en->id), h->score,
                          g->sev == VET_SEV_CRITICAL                               ? " and the same birth date"
                          : g->strength <= h->score * w->ck->cfg->check.name_only_factor ? " (name only: nothing else confirms it)"
                          : g->strength < h->score                                  ? " (only the country confirms it)"
                                                                                    : "",
                          more);
}

/* Listed parties reported per subject. */
#define MAX_PARTIES 32

vet_err check_sanctions(struct vet_check_worker *w)
{
  static const enum vet_rule rule_of[] = {VET_RULE_SANCTIONS_NAME, VET_RULE_SANCTIONS_PAYOUT_HOLDER,
                                          VET_RULE_SANCTIONS_EMPLOYER, VET_RULE_SANCTIONS_IDENTIFIER};
  struct qs qs;
  struct group groups[MAX_PARTIES];
  uint32_t ng = 0;
  vet_err rc = VET_OK;
  qs.n = 0;
  gather(w, &qs);
  for (uint32_t i = 0; i < qs.n && !rc; i++) {
    const struct q *q = &qs.v[i];
    if (!vet_rule_enabled(&w->f, rule_of[q->what]))
      continue;
    /* an employer or holder query is its text alone (no birth date, no
     * country), so its hits are those of the last time: none when it is
     * in w->clean */
    char key[CLEAN_KEY_MAX];
    vet_str clean_key = VET_STR_NULL;
    if ((q->what == W_EMPLOYER || q->what == W_HOLDER) && q->shown.len < sizeof key) {
      key[0] = q->what == W_EMPLOYER ? 'E' : 'H';
      memcpy(key + 1, q->shown.ptr, q->shown.len);
      clean_key = (vet_str){key, q->shown.len + 1};
      if (vet_strmap_get(&w->clean, clean_key))
        continue;
    }
    struct vet_hits hits;
    vet_err sr = vet_screen(w->searcher, &q->query, &w->a, &hits, NULL);
    if (sr == VET_ENOMEM)
      rc = sr;
    if (sr) /* a name too long or not screenable: nothing to report */
      continue;
    if (!hits.n && clean_key.len && w->clean.count < CLEAN_MAX) {
      vet_str kc = vet_arena_strdup(&w->clean_arena, clean_key);
      if (!kc.ptr || !vet_strmap_put(&w->clean, kc, 0, NULL))
        rc = VET_ENOMEM;
    }
    for (uint32_t k = 0; k < hits.n && !rc; k++)
      if (!(q->query.document.len && other_issuer(&hits.v[k], q->issuer)))
        rc = add_hit(w, groups, &ng, MAX_PARTIES, q, &hits.v[k]);
  }
  for (uint32_t i = 0; i < ng; i++) {
    if (!rc)
      rc = report_group(w, &groups[i]);
    json_decref(groups[i].fields);
  }
  return rc;
}
