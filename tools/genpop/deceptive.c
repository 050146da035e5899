/* genpop/deceptive.c - the deceptive subjects of a generated population.
 *
 * A DPRK IT worker draws traits by tier (subtle: 1-2, medium: 3-5,
 * blatant: 6-10) from the menu below, in varying combinations, and the
 * record is built to carry exactly them: a stolen or borrowed identity
 * claiming US, Canadian, British, German... residence; documents with a
 * broken check digit, an MRZ disagreeing with the printed fields, or the
 * name and birth date of someone else; a passport number shared by the
 * ring; KP or CN nationality; payouts to third parties, to China, Russia
 * or Hong Kong, or in crypto; the ring's shared payout account, photo,
 * résumé, shipping address, phone and creation dates; VoIP numbers;
 * disposable or unrelated mailboxes; front companies as employers; and the
 * event traits events.c plants.  Traits a choice implies (a ring payout
 * held by someone else is also a third-party payout) are recorded too, so
 * "_truth.traits" lists what is really in the record.
 *
 * A facilitator is a real-looking US resident whose home hosts the
 * ring's laptops, whose address receives them and whose bank account
 * may receive the ring's pay.  A front company is an organization the
 * ring claims to work for or is paid through.
 * Owns: nothing.
 * Thread-safety: one thread at a time per gp_ctx. */
#include <stdio.h>
#include <string.h>

#include "core/common.h"
#include "genpop.h"
#include "record.h"

enum { NEED_RING = 1, NEED_EVENTS = 2 };

/* Relative weights of the traits a DPRK worker can draw. */
static const struct {
  enum gp_trait t;
  unsigned w;
  unsigned need;
} menu[] = {
    {T_MRZ_FORGED, 10, 0},           {T_MRZ_FIELDS_MISMATCH, 6, 0},
    {T_DOC_NAME_MISMATCH, 8, 0},     {T_DOC_BIRTH_MISMATCH, 6, 0},
    {T_DOC_NUMBER_SHARED, 8, NEED_RING}, {T_NATIONALITY_KP, 3, 0},
    {T_NATIONALITY_CN, 6, 0},        {T_PAYOUT_THIRD_PARTY, 12, 0},
    {T_PAYOUT_HIGH_RISK, 10, 0},     {T_PAYOUT_CRYPTO, 10, 0},
    {T_RING_PAYOUT, 14, NEED_RING},  {T_RING_PHOTO, 10, NEED_RING},
    {T_RING_RESUME, 10, NEED_RING},  {T_RING_ADDRESS, 6, NEED_RING},
    {T_RING_PHONE, 4, NEED_RING},    {T_RING_CREATED, 8, NEED_RING},
    {T_PHONE_VOIP, 10, 0},           {T_EMAIL_DISPOSABLE, 6, 0},
    {T_EMAIL_UNRELATED, 10, 0},      {T_FRONT_EMPLOYER, 6, 0},
    {T_VPN_IP, 16, NEED_EVENTS},     {T_IP_HIGH_RISK, 8, NEED_EVENTS},
    {T_LAPTOP_FARM, 12, NEED_EVENTS | NEED_RING}, {T_TZ_MISMATCH, 12, NEED_EVENTS},
    {T_LANGUAGE_MISMATCH, 10, NEED_EVENTS}, {T_REMOTE_TOOLS, 10, NEED_EVENTS},
    {T_KVM_DEVICE, 6, NEED_EVENTS},  {T_VM, 6, NEED_EVENTS},
    {T_OFF_HOURS, 12, NEED_EVENTS},  {T_ROUND_THE_CLOCK, 6, NEED_EVENTS},
    {T_ACCOUNT_TAKEOVER, 5, NEED_EVENTS}, {T_RING_DEVICE, 10, NEED_EVENTS | NEED_RING},
    {T_SHIPMENT_FORWARDING, 6, NEED_EVENTS | NEED_RING},
};

/* Traits drawn per tier: [min, max]. */
static const int tier_traits[3][2] = {{1, 2}, {3, 5}, {6, 10}};

/* Share of DPRK workers (without KP/CN nationality) who show a real
 * person's identity with genuine-looking documents. */
#define STOLEN_SHARE 0.75
/* Share of ring members claiming the ring's country (the US). */
#define RING_CLAIM_US_SHARE 0.8

static uint64_t pick_traits(const struct gp_ctx *g, struct rng *r, int tier, bool ring)
{
  unsigned w[VET_COUNTOF(menu)];
  for (size_t i = 0; i < VET_COUNTOF(menu); i++) {
    bool ok = (!(menu[i].need & NEED_RING) || ring) && (!(menu[i].need & NEED_EVENTS) || g->o.events);
    w[i] = ok ? menu[i].w : 0;
  }
  int want = rng_range(r, tier_traits[tier][0], tier_traits[tier][1]);
  uint64_t m = 0;
  for (int k = 0; k < want; k++) {
    unsigned total = 0;
    for (size_t i = 0; i < VET_COUNTOF(menu); i++)
      total += w[i];
    if (!total)
      break;
    size_t i = rng_weighted(r, w, VET_COUNTOF(menu));
    m |= TRAIT(menu[i].t);
    w[i] = 0;
    for (size_t j = 0; j < VET_COUNTOF(menu); j++) { /* exclusive pairs */
      enum gp_trait t = menu[i].t, u = menu[j].t;
      if ((t == T_NATIONALITY_KP && u == T_NATIONALITY_CN) || (t == T_NATIONALITY_CN && u == T_NATIONALITY_KP) ||
          (t == T_OFF_HOURS && u == T_ROUND_THE_CLOCK) || (t == T_ROUND_THE_CLOCK && u == T_OFF_HOURS))
        w[j] = 0;
    }
  }
  return m;
}

static const struct gp_country *claimed_country(struct rng *r)
{
  static const char *const cc[] = {"US", "CA", "GB", "DE", "JP", "KR", "PL", "UA", "VN"};
  static const unsigned w[] = {55, 10, 8, 5, 5, 4, 4, 4, 5};
  return gp_country(cc[rng_weighted(r, w, VET_COUNTOF(w))]);
}

/* Throw-away mail services (all in data/email/disposable.txt). */
static const char *const disposable[] = {"guerrillamail.com", "sharklasers.com", "mailinator.com",
                                         "yopmail.com", "10minutemail.com", "temp-mail.org", "maildrop.cc",
                                         "getnada.com", "dispostable.com", "emailondeck.com", "trashmail.com",
                                         "tempmail.plus"};
static const char *const western_nicks[] = {"Kevin", "Alex", "Daniel", "Eric", "Jason", "Tony", "Ryan", "Leo",
                                            "Sam", "Peter", "Andy", "Max"};

/* "KIM, Sang Man" -> surname "Kim", given "Sang Man". */
static void split_listed(const char *listed, struct gp_person *p)
{
  const char *comma = strchr(listed, ',');
  size_t n = comma ? (size_t)(comma - listed) : strlen(listed);
  if (n >= sizeof p->surname)
    n = sizeof p->surname - 1;
  for (size_t i = 0; i < n; i++)
    p->surname[i] = (char)(i == 0 ? listed[i] : vet_lower((unsigned char)listed[i]));
  p->surname[n] = 0;
  gp_copy(p->given, sizeof p->given, comma ? comma + 2 : "");
  p->middle[0] = p->given_nat[0] = p->surname_nat[0] = 0;
}

static void parse_date(const char *iso, int *y, int *m, int *d)
{
  if (iso && sscanf(iso, "%d-%d-%d", y, m, d) == 3)
    return;
}

/* A payout to someone other than the subject. */
static void third_party_payout(struct rng *r, const struct gp_country *where, struct gp_payout *y)
{
  struct gp_person t;
  gp_person_make(r, &t, where, where, -1, 22, 60);
  memset(y, 0, sizeof *y);
  y->kind = rng_chance(r, 0.6) ? "bank" : rng_chance(r, 0.5) ? "payoneer" : "wise";
  gp_copy(y->holder, sizeof y->holder, t.full);
  y->country = where->a2;
  y->currency = "USD";
  gp_bank_account(r, where, y->account, sizeof y->account);
}

/* Whether two names are the same letters, ignoring case, accents,
 * spaces and punctuation ("SE-U'N KIM" and "Se-u'n Kim"). */
static bool same_name(const char *a, const char *b)
{
  char x[256], y[256];
  gp_ascii(a, false, x, sizeof x);
  gp_ascii(b, false, y, sizeof y);
  const char *p = x, *q = y;
  for (;;) {
    while (*p && !vet_is_alnum((unsigned char)*p))
      p++;
    while (*q && !vet_is_alnum((unsigned char)*q))
      q++;
    if (!*p || !*q)
      return !*p && !*q;
    if (vet_lower((unsigned char)*p) != vet_lower((unsigned char)*q))
      return false;
    p++, q++;
  }
}

static const struct gp_country *high_risk_country(struct rng *r)
{
  double u = rng_unit(r);
  return gp_country(u < 0.6 ? "CN" : u < 0.8 ? "HK" : "RU");
}

void rec_dprk(struct gp_ctx *g, struct rng *r, struct rec *c, struct gp_person *p, struct gp_subject *s,
              struct gp_payout *payout)
{
  const struct gp_ring *rg = s->ring;
  const struct gp_slot *slot = s->slot;
  uint64_t m = pick_traits(g, r, slot->tier, rg != NULL);
  const struct gp_country *us = gp_country("US");
  const struct gp_country *claim = rg && rng_chance(r, RING_CLAIM_US_SHARE) ? us : claimed_country(r);
  /* claimed East Asian residence keeps UTC+7..+9 office hours: no anomaly */
  if (strstr("JP KR VN", claim->a2))
    m &= ~TRAIT(T_OFF_HOURS);
  const struct gp_country *nat = claim;
  if (m & TRAIT(T_NATIONALITY_KP))
    nat = gp_country("KP");
  else if (m & TRAIT(T_NATIONALITY_CN))
    nat = gp_country("CN");
  gp_person_make(r, p, nat, claim, -1, 23, 45);
  bool stolen = nat == claim && rng_chance(r, STOLEN_SHARE);
  /* a sanctioned party planted here */
  const struct gp_ofac *of = slot->ofac >= 0 ? &gp_ofac[slot->ofac] : NULL;
  bool of_name = false, of_holder = false, of_employer = false;
  if (of && !of->company) {
    if (rng_chance(r, 0.6)) {
      of_name = true;
      split_listed(of->name, p);
      p->family_first = rng_chance(r, 0.5);
      gp_person_rename(p);
      if (of->dob && rng_chance(r, 0.6))
        parse_date(of->dob, &p->by, &p->bm, &p->bd);
      if (of->nationality && rng_chance(r, 0.5))
        p->nat = nat = gp_country(of->nationality);
      stolen = false;
      m |= TRAIT(T_SANCTIONED_NAME);
    } else {
      of_holder = true;
    }
  } else if (of && of->company && of->variant) {
    if (rng_chance(r, 0.6))
      of_employer = true;
    else
      of_holder = true;
  }
  if (nat == gp_country("KP"))
    m |= TRAIT(T_NATIONALITY_KP);
  else if (nat == gp_country("CN") && claim != nat)
    m |= TRAIT(T_NATIONALITY_CN);
  /* a ring member may take the ring's stolen identity whole */
  bool ring_doc = rg && (m & TRAIT(T_DOC_NUMBER_SHARED));
  if (ring_doc && nat == claim && !of_name && rng_chance(r, 0.5)) {
    const struct gp_city *city = p->city;
    *p = rg->stolen;
    p->res = claim;
    p->city = city;
    stolen = true;
  }
  if (stolen)
    m |= TRAIT(T_STOLEN_IDENTITY);
  c->kind = "person";
  gp_copy(c->name, sizeof c->name, p->full);
  if (nat != claim && rng_chance(r, 0.5))
    snprintf(c->display, sizeof c->display, "%s %s", PICK(r, western_nicks), p->surname);
  else
    rec_display_name(r, p, c->display, sizeof c->display);
  if (of_name && of->variant && rng_chance(r, 0.6))
    rec_add_alias(c, rng_chance(r, 0.5) ? of->variant : of->name);
  if (rng_chance(r, 0.25)) { /* another persona the same operator uses */
    struct gp_person other;
    gp_person_make(r, &other, claim, claim, p->sex, 23, 45);
    rec_add_alias(c, other.full);
  }
  c->nationality = rng_chance(r, nat != claim ? 0.9 : 0.5) ? gp_country_form(r, nat) : NULL;
  c->country = gp_country_form(r, claim);
  if (rng_chance(r, 0.9))
    c->city = p->city->name;
  if (rng_chance(r, 0.85))
    c->tz = p->city->tz;
  c->langs[0] = claim->langs[0];
  /* e-mail */
  char em[128];
  if (m & TRAIT(T_EMAIL_DISPOSABLE)) {
    gp_email(r, p, 0, em, sizeof em);
    char *at = strchr(em, '@');
    if (at)
      gp_copy(at + 1, sizeof em - (size_t)(at + 1 - em), PICK(r, disposable));
  } else {
    gp_email(r, p, (m & TRAIT(T_EMAIL_UNRELATED)) ? 1 : 0, em, sizeof em);
    char *at = strchr(em, '@');
    if (at && rng_chance(r, 0.7)) /* IT worker teams favour the big free providers */
      gp_copy(at + 1, sizeof em - (size_t)(at + 1 - em), rng_chance(r, 0.75) ? "gmail.com" : "outlook.com");
  }
  rec_add_email(c, em);
  if (of && of->email) {
    rec_add_email(c, of->email);
    m |= TRAIT(T_SANCTIONED_IDENTIFIER);
  }
  /* phone */
  if ((m & TRAIT(T_RING_PHONE)) && c->n_phones < MAX_PHONES) {
    gp_copy(c->phones[c->n_phones++], sizeof c->phones[0], rg->phone);
    if (g->verify)
      gp_verify_phone(g->verify, rg->phone, "US", true);
    m |= TRAIT(T_PHONE_VOIP); /* the ring's number is a virtual one */
  } else if (m & TRAIT(T_PHONE_VOIP)) {
    rec_add_phone(g, r, c, claim, p->city, true);
  } else if (rng_chance(r, 0.85)) {
    rec_add_phone(g, r, c, claim, p->city, false);
  }
  /* addresses */
  char addr[192];
  if (rng_chance(r, 0.6)) {
    gp_address(r, claim, p->city, addr, sizeof addr);
    rec_add_addr(c, "residence", claim, addr);
  }
  if (m & TRAIT(T_RING_ADDRESS))
    rec_add_addr(c, "shipping", rg->fac.res, rg->fac_address);
  /* documents */
  bool doc_traits = m & (TRAIT(T_MRZ_FORGED) | TRAIT(T_MRZ_FIELDS_MISMATCH) | TRAIT(T_DOC_NAME_MISMATCH) |
                         TRAIT(T_DOC_BIRTH_MISMATCH) | TRAIT(T_DOC_NUMBER_SHARED));
  bool listed_passport = of_name && of->passport && rng_chance(r, 0.5);
  if (stolen || doc_traits || nat != claim || listed_passport) {
    struct gp_doc d;
    if (listed_passport) { /* the listed person's own passport */
      gp_doc_init(r, &d, "passport", p, gp_country("KP"), GP_NOW_Y - rng_range(r, 1, 8));
      d.nationality = d.issuer;
      gp_copy(d.number, sizeof d.number, of->passport);
      gp_copy(d.mrz_number, sizeof d.mrz_number, of->passport);
      m = (m & ~(TRAIT(T_DOC_NAME_MISMATCH) | TRAIT(T_DOC_NUMBER_SHARED))) | TRAIT(T_SANCTIONED_IDENTIFIER) |
          TRAIT(T_NATIONALITY_KP);
    } else if (ring_doc) {
      gp_doc_init(r, &d, "passport", &rg->stolen, us, GP_NOW_Y - rng_range(r, 1, 6));
      gp_copy(d.number, sizeof d.number, rg->doc_number);
      gp_copy(d.mrz_number, sizeof d.mrz_number, rg->doc_number);
      if (strcmp(rg->stolen.full, p->full) != 0)
        m |= TRAIT(T_DOC_NAME_MISMATCH) | TRAIT(T_DOC_BIRTH_MISMATCH);
    } else if (m & TRAIT(T_DOC_NAME_MISMATCH)) {
      struct gp_person other;
      gp_person_make(r, &other, claim, claim, p->sex, 23, 45);
      gp_doc_init(r, &d, "passport", &other, claim, GP_NOW_Y - rng_range(r, 1, 8));
      m |= TRAIT(T_DOC_BIRTH_MISMATCH);
    } else {
      const struct gp_country *iss = p->nat;
      bool card = iss->id_card && rng_chance(r, 0.3);
      gp_doc_init(r, &d, card ? "id_card" : "passport", p, iss, GP_NOW_Y - rng_range(r, 1, 8));
    }
    if (m & TRAIT(T_MRZ_FORGED))
      d.bad_check = rng_range(r, 1, 4);
    if (m & TRAIT(T_MRZ_FIELDS_MISMATCH)) {
      if (rng_chance(r, 0.5)) { /* the MRZ names the real holder */
        struct gp_person o;
        const struct gp_country *oc = gp_country(rng_chance(r, 0.5) ? "CN" : "KP");
        gp_person_make(r, &o, oc, oc, p->sex, 23, 45);
        gp_copy(d.mrz_surname, sizeof d.mrz_surname, o.surname);
        gp_copy(d.mrz_given, sizeof d.mrz_given, o.given);
      } else { /* the printed birth date was altered */
        d.mrz_by = d.by - rng_range(r, 1, 6);
      }
    }
    rec_add_doc(g, c, &d);
    if ((m & TRAIT(T_DOC_BIRTH_MISMATCH)) && d.by == p->by && d.bm == p->bm && d.bd == p->bd)
      p->by += rng_chance(r, 0.5) ? rng_range(r, 1, 6) : -rng_range(r, 1, 6);
  } else {
    m &= ~TRAIT(T_DOC_BIRTH_MISMATCH); /* no document to disagree with */
  }
  if ((m & TRAIT(T_DOC_BIRTH_MISMATCH)) || rng_chance(r, 0.9))
    rec_date(p->by, p->bm, p->bd, c->birth, sizeof c->birth);
  /* payouts: built from the drawn traits; the payout traits are then
     read off the account as it is */
  struct gp_payout *y = &c->pay[c->n_pay++];
  bool holder_listed = false;
  if (m & TRAIT(T_RING_PAYOUT)) {
    *y = rg->payout;
    holder_listed = rg->payout_src == 1 && rg->front_ofac >= 0;
  } else if (of_holder) { /* the pay goes to a listed person or company */
    const struct gp_country *hr = high_risk_country(r);
    memset(y, 0, sizeof *y);
    y->kind = "bank";
    gp_copy(y->holder, sizeof y->holder, of->variant && rng_chance(r, 0.5) ? of->variant : of->name);
    y->country = hr->a2;
    y->currency = "USD";
    gp_bank_account(r, hr, y->account, sizeof y->account);
    holder_listed = true;
  } else if (of && of->wallet) {
    memset(y, 0, sizeof *y);
    y->kind = "crypto";
    gp_copy(y->holder, sizeof y->holder, p->full);
    y->currency = of->wallet_cur;
    gp_copy(y->address, sizeof y->address, of->wallet);
    gp_copy(y->account, sizeof y->account, of->wallet);
    m |= TRAIT(T_SANCTIONED_IDENTIFIER);
  } else if (m & TRAIT(T_PAYOUT_CRYPTO)) {
    memset(y, 0, sizeof *y);
    y->kind = "crypto";
    y->currency = "USDT";
    gp_wallet(r, rng_chance(r, 0.8) ? "TRC20" : "ERC20", y->address, sizeof y->address);
    gp_copy(y->account, sizeof y->account, y->address);
  } else if (m & TRAIT(T_PAYOUT_THIRD_PARTY)) {
    third_party_payout(r, (m & TRAIT(T_PAYOUT_HIGH_RISK)) ? high_risk_country(r) : claim, y);
  } else if (m & TRAIT(T_PAYOUT_HIGH_RISK)) {
    const struct gp_country *hr = high_risk_country(r);
    gp_payout_own(r, p, hr, y);
    y->kind = "bank";
    gp_bank_account(r, hr, y->account, sizeof y->account);
  } else {
    gp_payout_own(r, p, claim, y);
  }
  m &= ~(TRAIT(T_PAYOUT_THIRD_PARTY) | TRAIT(T_PAYOUT_HIGH_RISK) | TRAIT(T_PAYOUT_CRYPTO) |
         TRAIT(T_SANCTIONED_HOLDER));
  if (y->holder[0] && !same_name(y->holder, p->full))
    m |= TRAIT(T_PAYOUT_THIRD_PARTY);
  if (y->country && strstr("CN HK RU", y->country) && claim != gp_country(y->country))
    m |= TRAIT(T_PAYOUT_HIGH_RISK);
  if (strcmp(y->kind, "crypto") == 0)
    m |= TRAIT(T_PAYOUT_CRYPTO);
  if (holder_listed)
    m |= TRAIT(T_SANCTIONED_HOLDER);
  *payout = *y;
  /* employer */
  if (of_employer) {
    gp_copy(c->employer, sizeof c->employer, rng_chance(r, 0.5) ? of->variant : of->name);
    m |= TRAIT(T_SANCTIONED_EMPLOYER);
  } else if (m & TRAIT(T_FRONT_EMPLOYER)) {
    int listed = -1;
    const char *name = rg && rg->front >= 0 ? rg->front_name : gp_front_pick(r, &listed);
    if (rg && rg->front >= 0)
      listed = rg->front_ofac;
    gp_copy(c->employer, sizeof c->employer, name);
    if (listed >= 0)
      m = (m & ~TRAIT(T_FRONT_EMPLOYER)) | TRAIT(T_SANCTIONED_EMPLOYER);
  } else if (rng_chance(r, 0.3)) {
    gp_copy(c->employer, sizeof c->employer, rec_employers[rng_below(r, 3)]);
  }
  /* photo, texts, links, creation */
  if (m & TRAIT(T_RING_PHOTO)) {
    gp_copy(c->photo, sizeof c->photo, rg->photo);
    if (rng_chance(r, 0.4)) { /* the same photo re-encoded: a near-duplicate hash */
      static const char hex[] = "0123456789abcdef";
      int flips = rng_range(r, 1, 3);
      for (int i = 0; i < flips; i++) {
        int at = rng_range(r, 0, 15);
        const char *v = strchr(hex, c->photo[at]);
        c->photo[at] = hex[(v ? v - hex : 0) ^ (1 << rng_range(r, 0, 3))];
      }
    }
  } else if (rng_chance(r, 0.85)) {
    gp_hex(r, c->photo, 16);
  }
  if (m & TRAIT(T_RING_RESUME)) {
    gp_copy(c->headline, sizeof c->headline, rg->headline);
    gp_copy(c->resume, sizeof c->resume, rg->resume);
  } else {
    gp_texts(r, p, true, c->headline, sizeof c->headline, c->bio, sizeof c->bio, c->resume, sizeof c->resume);
  }
  rec_links(r, p, c, 0.6, 0.5, 0.1);
  if (m & TRAIT(T_RING_CREATED))
    c->created = rg->created + (int64_t)rng_range(r, -3 * 86400, 3 * 86400);
  else
    c->created = rec_random_time(r, 2024, 30);
  c->traits = m;
  s->p = p;
  s->res = claim;
  s->tz = p->city->tz;
}

void rec_facilitator(struct gp_ctx *g, struct rng *r, struct rec *c, struct gp_person *p, struct gp_subject *s,
                     struct gp_payout *payout)
{
  const struct gp_ring *rg = s->ring;
  *p = rg->fac;
  const struct gp_country *us = p->res;
  uint64_t m = TRAIT(T_RING_ADDRESS);
  c->kind = "person";
  gp_copy(c->name, sizeof c->name, p->full);
  rec_display_name(r, p, c->display, sizeof c->display);
  if (rng_chance(r, 0.9))
    rec_date(p->by, p->bm, p->bd, c->birth, sizeof c->birth);
  if (rng_chance(r, 0.5))
    c->nationality = gp_country_form(r, us);
  c->country = gp_country_form(r, us);
  c->city = p->city->name;
  if (rng_chance(r, 0.8))
    c->tz = p->city->tz;
  c->langs[0] = us->langs[0];
  char em[128];
  gp_email(r, p, 0, em, sizeof em);
  rec_add_email(c, em);
  rec_add_phone(g, r, c, us, p->city, false);
  rec_add_addr(c, "residence", us, rg->fac_address);
  struct gp_doc d;
  gp_doc_init(r, &d, rng_chance(r, 0.6) ? "passport" : "driver_license", p, us, GP_NOW_Y - rng_range(r, 1, 8));
  rec_add_doc(g, c, &d);
  struct gp_payout *y = &c->pay[c->n_pay++];
  if (rg->payout_src == 0) {
    *y = rg->payout;
    m |= TRAIT(T_RING_PAYOUT);
  } else {
    gp_payout_own(r, p, us, y);
  }
  *payout = *y;
  if (rng_chance(r, 0.4))
    gp_copy(c->employer, sizeof c->employer, rec_employers[rng_below(r, 3)]);
  if (rng_chance(r, 0.7))
    gp_hex(r, c->photo, 16);
  gp_texts(r, p, false, c->headline, sizeof c->headline, c->bio, sizeof c->bio, c->resume, sizeof c->resume);
  rec_links(r, p, c, 0.2, 0.5, 0.05);
  c->created = rec_random_time(r, 2019, 200);
  if (g->o.events)
    m |= TRAIT(T_LAPTOP_FARM);
  c->traits = m;
  s->p = p;
  s->res = us;
  s->tz = p->city->tz;
}

void rec_front(struct gp_ctx *g, struct rng *r, struct rec *c, struct gp_subject *s, struct gp_payout *payout)
{
  const struct gp_ring *rg = s->ring;
  const struct gp_country *cc = rg->front_country;
  const struct gp_city *city = gp_city_named(cc, rg->front_city);
  uint64_t m = rg->front_ofac >= 0 ? TRAIT(T_SANCTIONED_NAME) : TRAIT(T_SHELL_COMPANY);
  c->kind = "organization";
  gp_copy(c->name, sizeof c->name, rg->front_name);
  if (rg->front_ofac >= 0 && rng_chance(r, 0.5)) {
    const struct gp_ofac *of = &gp_ofac[rg->front_ofac];
    rec_add_alias(c, strcmp(c->name, of->name) == 0 && of->variant ? of->variant : of->name);
  }
  c->country = gp_country_form(r, cc);
  c->city = city->name;
  if (rng_chance(r, 0.7))
    c->tz = city->tz;
  c->langs[0] = cc->langs[0];
  c->langs[1] = "en-US";
  /* a domain from the first two words of the name */
  char slug[64] = "";
  size_t o = 0;
  int words = 0;
  for (const char *q = rg->front_name; *q && words < 2 && o + 1 < sizeof slug; q++) {
    if (vet_is_alnum((unsigned char)*q))
      slug[o++] = (char)vet_lower((unsigned char)*q);
    else if (*q == ' ')
      words++;
  }
  slug[o] = 0;
  char em[128];
  snprintf(em, sizeof em, "hr@%s.com", slug);
  rec_add_email(c, em);
  if (rng_chance(r, 0.5)) {
    snprintf(em, sizeof em, "%s%u@%s", rng_chance(r, 0.5) ? "info" : "admin", rng_below(r, 100),
             cc->mail[rng_below(r, (uint32_t)cc->n_mail)]);
    rec_add_email(c, em);
  }
  snprintf(c->website, sizeof c->website, "https://www.%s.com", slug);
  rec_add_phone(g, r, c, cc, city, false);
  char addr[192];
  gp_address(r, cc, city, addr, sizeof addr);
  rec_add_addr(c, "billing", cc, addr);
  struct gp_payout *y = &c->pay[c->n_pay++];
  if (rg->payout_src == 1) {
    *y = rg->payout;
    m |= TRAIT(T_RING_PAYOUT);
  } else {
    memset(y, 0, sizeof *y);
    y->kind = "bank";
    gp_copy(y->holder, sizeof y->holder, rg->front_name);
    y->country = cc->a2;
    y->currency = "USD";
    gp_bank_account(r, cc, y->account, sizeof y->account);
  }
  *payout = *y;
  snprintf(c->headline, sizeof c->headline, "IT outsourcing | web, mobile and blockchain development");
  snprintf(c->bio, sizeof c->bio, "Software development company with a team of 30+ engineers. We staff remote "
                                  "developers for clients in North America and Europe.");
  c->created = rec_random_time(r, 2019, 120);
  c->traits = m;
  s->p = NULL;
  s->res = cc;
  s->tz = city->tz;
}
