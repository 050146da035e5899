/* genpop/subjects.c - one generated subject record: an honest worker with
 * consistent data and the benign oddities real people have, a DPRK IT
 * worker with the deceptive traits of its tier (and ring), a facilitator
 * hosting a laptop farm, or a front company.  Every record carries
 * "_truth": the label, the deceptive traits actually planted in it, the
 * benign oddities, and its ring.
 * Owns: nothing; the record is a new jansson object for the caller.
 * Thread-safety: one thread at a time per gp_ctx. */
#include <stdio.h>
#include <string.h>

#include "core/common.h"
#include "genpop.h"
#include "record.h"

const char *const gp_label_names[] = {"honest", "dprk_it_worker", "facilitator", "front_company"};

const char *const gp_trait_names[T_COUNT] = {
    "stolen_identity", "mrz_forged", "mrz_fields_mismatch", "document_name_mismatch",
    "document_birth_date_mismatch", "document_number_shared", "nationality_kp", "nationality_cn",
    "payout_third_party", "payout_high_risk_country", "payout_crypto", "ring_shared_payout",
    "ring_shared_device", "ring_shared_photo", "ring_shared_resume", "ring_shared_address", "ring_shared_phone",
    "ring_created_together", "phone_voip", "email_disposable", "email_unrelated", "sanctioned_name",
    "sanctioned_employer", "sanctioned_payout_holder", "sanctioned_identifier", "front_company_employer",
    "shell_company", "vpn_ip", "ip_high_risk_country", "laptop_farm", "tz_mismatch", "language_mismatch",
    "remote_access_tools", "kvm_device", "virtual_machine", "off_hours_activity", "round_the_clock",
    "account_takeover", "shipment_forwarding", "ring_reviews"};

const char *const gp_benign_names[B_COUNT] = {
    "expat", "married_name", "plus_address", "expired_passport", "spouse_payout", "travel", "nickname_email",
    "heritage_language", "crypto_payout", "payout_abroad", "vpn_user", "vm_user", "remote_tools_user",
    "night_owl"};

static void set_str(json_t *o, const char *k, const char *v)
{
  if (v && v[0]) {
    json_t *s = json_string(v);
    if (s)
      json_object_set_new(o, k, s);
  }
}

static json_t *rec_json(const struct rec *c, const char *id, enum gp_label label, int32_t ring)
{
  json_t *o = json_object();
  char buf[40];
  json_object_set_new(o, "type", json_string("subject"));
  json_object_set_new(o, "id", json_string(id));
  json_object_set_new(o, "kind", json_string(c->kind));
  set_str(o, "name", c->name);
  set_str(o, "display_name", c->display);
  if (c->n_aliases) {
    json_t *a = json_array();
    for (int i = 0; i < c->n_aliases; i++)
      json_array_append_new(a, json_string(c->aliases[i]));
    json_object_set_new(o, "aliases", a);
  }
  set_str(o, "birth_date", c->birth);
  set_str(o, "nationality", c->nationality);
  set_str(o, "country", c->country);
  set_str(o, "city", c->city);
  set_str(o, "timezone", c->tz);
  if (c->langs[0]) {
    json_t *a = json_array();
    for (int i = 0; i < 3 && c->langs[i]; i++)
      json_array_append_new(a, json_string(c->langs[i]));
    json_object_set_new(o, "languages", a);
  }
  if (c->n_emails) {
    json_t *a = json_array();
    for (int i = 0; i < c->n_emails; i++)
      json_array_append_new(a, json_string(c->emails[i]));
    json_object_set_new(o, "emails", a);
  }
  if (c->n_phones) {
    json_t *a = json_array();
    for (int i = 0; i < c->n_phones; i++)
      json_array_append_new(a, json_string(c->phones[i]));
    json_object_set_new(o, "phones", a);
  }
  if (c->n_addr) {
    json_t *a = json_array();
    for (int i = 0; i < c->n_addr; i++) {
      json_t *x = json_object();
      json_object_set_new(x, "kind", json_string(c->addr[i].kind));
      json_object_set_new(x, "country", json_string(c->addr[i].country));
      json_object_set_new(x, "text", json_string(c->addr[i].text));
      json_array_append_new(a, x);
    }
    json_object_set_new(o, "addresses", a);
  }
  if (c->docs)
    json_object_set(o, "documents", c->docs);
  if (c->n_pay) {
    json_t *a = json_array();
    for (int i = 0; i < c->n_pay; i++)
      json_array_append_new(a, gp_payout_json(&c->pay[i]));
    json_object_set_new(o, "payouts", a);
  }
  set_str(o, "employer", c->employer);
  set_str(o, "photo_phash", c->photo);
  if (c->headline[0] || c->bio[0] || c->resume[0]) {
    json_t *t = json_object();
    set_str(t, "headline", c->headline);
    set_str(t, "bio", c->bio);
    set_str(t, "resume", c->resume);
    json_object_set_new(o, "text", t);
  }
  if (c->github[0] || c->linkedin[0] || c->website[0]) {
    json_t *l = json_object();
    set_str(l, "github", c->github);
    set_str(l, "linkedin", c->linkedin);
    set_str(l, "website", c->website);
    json_object_set_new(o, "links", l);
  }
  if (c->created) {
    gp_rfc3339(c->created, 0, buf, sizeof buf);
    json_object_set_new(o, "created_at", json_string(buf));
  }
  json_t *t = json_object(), *tr = json_array();
  json_object_set_new(t, "label", json_string(gp_label_names[label]));
  for (int i = 0; i < T_COUNT; i++)
    if (c->traits & TRAIT(i))
      json_array_append_new(tr, json_string(gp_trait_names[i]));
  json_object_set_new(t, "traits", tr);
  if (c->benign) {
    json_t *b = json_array();
    for (int i = 0; i < B_COUNT; i++)
      if (c->benign & (UINT64_C(1) << i))
        json_array_append_new(b, json_string(gp_benign_names[i]));
    json_object_set_new(t, "benign", b);
  }
  if (ring >= 0) {
    snprintf(buf, sizeof buf, "r%04d", (int)ring);
    json_object_set_new(t, "ring", json_string(buf));
  }
  json_object_set_new(o, "_truth", t);
  return o;
}

/* ---- helpers -------------------------------------------------------------------- */

void rec_add_email(struct rec *c, const char *e)
{
  if (c->n_emails < MAX_EMAILS)
    gp_copy(c->emails[c->n_emails++], sizeof c->emails[0], e);
}

void rec_add_alias(struct rec *c, const char *a)
{
  if (c->n_aliases < MAX_ALIASES && a[0] && strcmp(a, c->name) != 0)
    gp_copy(c->aliases[c->n_aliases++], sizeof c->aliases[0], a);
}

void rec_add_phone(struct gp_ctx *g, struct rng *r, struct rec *c, const struct gp_country *cc,
                      const struct gp_city *city, bool voip)
{
  if (c->n_phones >= MAX_PHONES)
    return;
  char *out = c->phones[c->n_phones];
  const struct gp_country *used = cc;
  bool intl = c->country == NULL;
  if (!gp_phone(r, g, cc, city, voip, intl, out, sizeof c->phones[0])) {
    used = gp_country("US"); /* no virtual ranges at home: a US personal number */
    gp_phone(r, g, used, NULL, true, true, out, sizeof c->phones[0]);
  }
  c->n_phones++;
  if (g->verify)
    gp_verify_phone(g->verify, out, strcmp(used->cc, cc->cc) == 0 ? cc->a2 : used->a2, voip);
}

void rec_add_addr(struct rec *c, const char *kind, const struct gp_country *cc, const char *text)
{
  if (c->n_addr >= MAX_ADDRS)
    return;
  c->addr[c->n_addr].kind = kind;
  c->addr[c->n_addr].country = cc->a2;
  gp_copy(c->addr[c->n_addr].text, sizeof c->addr[0].text, text);
  c->n_addr++;
}

void rec_add_doc(struct gp_ctx *g, struct rec *c, const struct gp_doc *d)
{
  if (!c->docs)
    c->docs = json_array();
  json_array_append_new(c->docs, gp_doc_json(g, d));
}

void rec_date(int y, int m, int d, char *out, size_t cap) { snprintf(out, cap, "%04d-%02d-%02d", y, m, d); }

int64_t rec_random_time(struct rng *r, int y0, int64_t days_before_now)
{
  int64_t d0 = gp_days_from_civil(y0, 1, 1);
  int64_t d1 = gp_days_from_civil(GP_NOW_Y, GP_NOW_M, GP_NOW_D) - days_before_now;
  if (d1 <= d0)
    d1 = d0 + 1;
  return (d0 + rng_below(r, (uint32_t)(d1 - d0))) * 86400 + rng_below(r, 86400);
}

const struct gp_country *rec_weighted_country(struct rng *r)
{
  unsigned w[64];
  size_t n = gp_n_countries < VET_COUNTOF(w) ? gp_n_countries : VET_COUNTOF(w);
  for (size_t i = 0; i < n; i++)
    w[i] = gp_countries[i].weight;
  return &gp_countries[rng_weighted(r, w, n)];
}

/* A native-script form of the person's name, "" when none. */
void rec_native_name(const struct gp_person *p, char *out, size_t cap)
{
  out[0] = 0;
  if (!p->surname_nat[0] || !p->given_nat[0])
    return;
  const char *a2 = p->nat->a2;
  if (!strcmp(a2, "KR") || !strcmp(a2, "KP") || !strcmp(a2, "CN") || !strcmp(a2, "HK"))
    snprintf(out, cap, "%s%s", p->surname_nat, p->given_nat);
  else if (!strcmp(a2, "JP"))
    snprintf(out, cap, "%s %s", p->surname_nat, p->given_nat);
  else
    snprintf(out, cap, "%s %s", p->given_nat, p->surname_nat);
}

void rec_display_name(struct rng *r, const struct gp_person *p, char *out, size_t cap)
{
  char nat[128];
  rec_native_name(p, nat, sizeof nat);
  double u = rng_unit(r);
  if (nat[0] && u < 0.2)
    gp_copy(out, cap, nat);
  else if (u < 0.5)
    snprintf(out, cap, "%s %.1s.", p->family_first ? p->surname : p->given,
             p->family_first ? p->given : p->surname);
  else if (u < 0.6)
    gp_copy(out, cap, p->given);
  else
    out[0] = 0;
}

void rec_links(struct rng *r, const struct gp_person *p, struct rec *c, double gh, double li, double web)
{
  char h[96];
  gp_handle(r, p, h, sizeof h);
  if (rng_chance(r, gh))
    snprintf(c->github, sizeof c->github, "https://github.com/%s", h);
  if (rng_chance(r, li))
    snprintf(c->linkedin, sizeof c->linkedin, "https://www.linkedin.com/in/%s-%04x", h, rng_below(r, 65536));
  if (rng_chance(r, web))
    snprintf(c->website, sizeof c->website, "https://%s.dev", h);
}

const char *const rec_employers[] = {"Self-employed", "Freelance", "Freelancer", "Northwind Labs",
                                        "Brightpath Studio", "Cobalt Works", "Meridian Apps", "Quarry Digital",
                                        "Fjord Analytics", "Lattice & Co", "Open Orchard", "Helix Systems"};
const size_t rec_n_employers = VET_COUNTOF(rec_employers);

/* ---- honest workers ---------------------------------------------------------------- */

/* Shares of benign oddities among honest workers. */
#define EXPAT_SHARE 0.06
#define IMMIGRANT_SHARE 0.25     /* residents of immigrant countries with a name from elsewhere */
#define MARRIED_NAME_SHARE 0.06  /* of women over 25 */
#define EXPIRED_PASSPORT_SHARE 0.04
#define SPOUSE_PAYOUT_SHARE 0.03
#define CRYPTO_PAYOUT_SHARE 0.03
#define PAYOUT_ABROAD_SHARE 0.04
#define TRAVEL_SHARE 0.06
#define VPN_USER_SHARE 0.05
#define VM_USER_SHARE 0.02
#define REMOTE_TOOLS_USER_SHARE 0.03
#define NIGHT_OWL_SHARE 0.05

static const char *const immigrant_origins[] = {"IN", "CN", "KR", "VN", "PH", "MX", "NG", "PK", "PL", "UA",
                                                "EG", "TR", "BR", "KR", "CN"};

void rec_honest(struct gp_ctx *g, struct rng *r, struct rec *c, struct gp_person *p, struct gp_subject *s,
                   struct gp_payout *payout)
{
  const struct gp_country *res = rec_weighted_country(r), *nat = res, *name_c = res;
  if (rng_chance(r, EXPAT_SHARE)) {
    do
      nat = rec_weighted_country(r);
    while (nat == res);
    name_c = nat;
    c->benign |= UINT64_C(1) << B_EXPAT;
  } else if (strstr("US CA GB AU DE FR NL", res->a2) && rng_chance(r, IMMIGRANT_SHARE)) {
    name_c = gp_country(PICK(r, immigrant_origins));
  }
  gp_person_make(r, p, name_c, res, -1, 20, 62);
  p->nat = nat;
  char birth_surname[64];
  gp_copy(birth_surname, sizeof birth_surname, p->surname);
  bool married = p->sex == 'F' && GP_NOW_Y - p->by >= 25 && rng_chance(r, MARRIED_NAME_SHARE);
  if (married) {
    struct gp_person sp;
    gp_person_make(r, &sp, res, res, 'F', 25, 60);
    if (strcmp(sp.surname, p->surname) != 0) {
      gp_copy(p->surname, sizeof p->surname, sp.surname);
      p->surname_nat[0] = 0;
      gp_person_rename(p);
      c->benign |= UINT64_C(1) << B_MARRIED_NAME;
    } else {
      married = false;
    }
  }
  c->kind = "person";
  gp_copy(c->name, sizeof c->name, p->full);
  rec_display_name(r, p, c->display, sizeof c->display);
  char nat_name[128];
  rec_native_name(p, nat_name, sizeof nat_name);
  if (nat_name[0] && rng_chance(r, 0.4))
    rec_add_alias(c, nat_name);
  if (married && rng_chance(r, 0.5)) {
    char maiden[192];
    snprintf(maiden, sizeof maiden, "%s %s", p->given, birth_surname);
    rec_add_alias(c, maiden);
  }
  if (rng_chance(r, 0.85))
    rec_date(p->by, p->bm, p->bd, c->birth, sizeof c->birth);
  if (rng_chance(r, nat != res ? 0.9 : 0.6))
    c->nationality = gp_country_form(r, nat);
  if (rng_chance(r, 0.95))
    c->country = gp_country_form(r, res);
  if (rng_chance(r, 0.8))
    c->city = p->city->name;
  if (rng_chance(r, 0.75))
    c->tz = p->city->tz;
  if (rng_chance(r, 0.7)) {
    c->langs[0] = res->langs[0];
    c->langs[1] = res->langs[1];
    if (name_c != res && rng_chance(r, 0.5)) {
      c->langs[1] = name_c->langs[0];
      if (nat == res)
        c->benign |= UINT64_C(1) << B_HERITAGE;
    }
  }
  /* e-mail */
  char em[128];
  double u = rng_unit(r);
  int style = u < 0.72 ? 0 : u < 0.9 ? 1 : 2;
  if (style == 1)
    c->benign |= UINT64_C(1) << B_NICKNAME_EMAIL;
  if (style == 2)
    c->benign |= UINT64_C(1) << B_PLUS_ADDRESS;
  gp_email(r, p, style, em, sizeof em);
  rec_add_email(c, em);
  if (rng_chance(r, 0.2)) {
    gp_email(r, p, 0, em, sizeof em);
    if (strcmp(em, c->emails[0]) != 0)
      rec_add_email(c, em);
  }
  if (rng_chance(r, 0.85))
    rec_add_phone(g, r, c, res, p->city, false);
  char addr[192];
  if (rng_chance(r, 0.65)) {
    gp_address(r, res, p->city, addr, sizeof addr);
    rec_add_addr(c, "residence", res, addr);
    if (rng_chance(r, 0.15))
      rec_add_addr(c, "billing", res, addr);
  }
  /* documents: the birth surname, as documents are not renamed at once */
  struct gp_person docp = *p;
  gp_copy(docp.surname, sizeof docp.surname, birth_surname);
  if (rng_chance(r, 0.8)) {
    struct gp_doc d;
    bool card_country = nat->id_card && nat == res;
    if (rng_chance(r, EXPIRED_PASSPORT_SHARE)) {
      gp_doc_init(r, &d, "passport", &docp, nat, GP_NOW_Y - rng_range(r, 11, 14));
      rec_add_doc(g, c, &d);
      gp_doc_init(r, &d, card_country ? "id_card" : "driver_license", &docp, res, GP_NOW_Y - rng_range(r, 0, 6));
      rec_add_doc(g, c, &d);
      c->benign |= UINT64_C(1) << B_EXPIRED_PASSPORT;
    } else {
      gp_doc_init(r, &d, card_country && rng_chance(r, 0.45) ? "id_card" : "passport", &docp, nat,
                  GP_NOW_Y - rng_range(r, 0, 9));
      rec_add_doc(g, c, &d);
      if (nat != res && res->id_card && rng_chance(r, 0.4)) {
        gp_doc_init(r, &d, "residence_permit", &docp, res, GP_NOW_Y - rng_range(r, 0, 4));
        rec_add_doc(g, c, &d);
      }
    }
  }
  /* payouts */
  if (rng_chance(r, 0.92)) {
    struct gp_payout *y = &c->pay[c->n_pay++];
    gp_payout_own(r, p, rng_chance(r, 0.3) ? nat : res, y);
    if (rng_chance(r, SPOUSE_PAYOUT_SHARE)) {
      struct gp_person sp;
      gp_person_make(r, &sp, name_c, res, p->sex == 'F' ? 'M' : 'F', 20, 62);
      snprintf(y->holder, sizeof y->holder, "%s %s", sp.given, p->surname);
      c->benign |= UINT64_C(1) << B_SPOUSE_PAYOUT;
    } else if (rng_chance(r, CRYPTO_PAYOUT_SHARE)) {
      y->kind = "crypto";
      y->currency = rng_chance(r, 0.5) ? "USDT" : "USDC";
      gp_wallet(r, rng_chance(r, 0.6) ? "TRC20" : "ERC20", y->address, sizeof y->address);
      gp_copy(y->account, sizeof y->account, y->address);
      c->benign |= UINT64_C(1) << B_CRYPTO_PAYOUT;
    } else if (rng_chance(r, PAYOUT_ABROAD_SHARE) && strcmp(res->a2, "US") != 0) {
      y->kind = rng_chance(r, 0.5) ? "wise" : "payoneer";
      y->country = "US";
      y->currency = "USD";
      gp_bank_account(r, gp_country("US"), y->account, sizeof y->account);
      c->benign |= UINT64_C(1) << B_PAYOUT_ABROAD;
    }
    *payout = *y;
  }
  if (rng_chance(r, 0.45))
    gp_copy(c->employer, sizeof c->employer, PICK(r, rec_employers));
  if (rng_chance(r, 0.8))
    gp_hex(r, c->photo, 16);
  if (rng_chance(r, 0.9))
    gp_texts(r, p, false, c->headline, sizeof c->headline, c->bio, sizeof c->bio, c->resume, sizeof c->resume);
  rec_links(r, p, c, 0.5, 0.6, 0.15);
  c->created = rec_random_time(r, 2016, 20);
  if (g->o.events) {
    if (rng_chance(r, TRAVEL_SHARE)) {
      const struct gp_country *t;
      do
        t = rec_weighted_country(r);
      while (t == res);
      s->travel = t;
      c->benign |= UINT64_C(1) << B_TRAVEL;
    }
    if (rng_chance(r, VPN_USER_SHARE))
      c->benign |= UINT64_C(1) << B_VPN_USER;
    if (rng_chance(r, VM_USER_SHARE))
      c->benign |= UINT64_C(1) << B_VM_USER;
    if (rng_chance(r, REMOTE_TOOLS_USER_SHARE))
      c->benign |= UINT64_C(1) << B_REMOTE_TOOLS_USER;
    if (rng_chance(r, NIGHT_OWL_SHARE))
      c->benign |= UINT64_C(1) << B_NIGHT_OWL;
  }
  s->p = p;
  s->res = res;
  s->tz = p->city->tz;
}

json_t *gp_subject_json(struct gp_ctx *g, uint32_t index, struct gp_subject *s, struct gp_person *p,
                        struct gp_payout *payout)
{
  struct rng r;
  rng_seed(&r, g->o.seed, ST_SUBJECT, index);
  const struct gp_slot *slot = &g->slots[index];
  struct rec c;
  memset(&c, 0, sizeof c);
  memset(s, 0, sizeof *s);
  memset(payout, 0, sizeof *payout);
  s->index = index;
  snprintf(s->id, sizeof s->id, "w%06u", index + 1);
  s->label = (enum gp_label)slot->label;
  s->slot = slot;
  s->ring = slot->ring >= 0 ? &g->rings[slot->ring] : NULL;
  switch (s->label) {
  case LBL_HONEST: rec_honest(g, &r, &c, p, s, payout); break;
  case LBL_DPRK: rec_dprk(g, &r, &c, p, s, payout); break;
  case LBL_FACILITATOR: rec_facilitator(g, &r, &c, p, s, payout); break;
  case LBL_FRONT: rec_front(g, &r, &c, s, payout); break;
  }
  if (s->label == LBL_DPRK && s->ring && s->ring->review_client[0] && g->o.events)
    c.traits |= TRAIT(T_RING_REVIEWS);
  s->traits = c.traits;
  s->benign = c.benign;
  s->created = c.created;
  s->payout = payout->kind ? payout : NULL;
  for (int i = 0; i < T_COUNT; i++)
    if (c.traits & TRAIT(i))
      g->trait_count[i]++;
  for (int i = 0; i < B_COUNT; i++)
    if (c.benign & (UINT64_C(1) << i))
      g->benign_count[i]++;
  json_t *o = rec_json(&c, s->id, s->label, slot->ring);
  json_decref(c.docs);
  return o;
}
