/* genpop/genpop.h - shared types of vetter-genpop, the generator of
 * synthetic worker populations (examples/README.md): a deterministic PRNG,
 * the country tables, generated people, fraud rings and the run context.
 * Owns: nothing; the tables are static const data in countries.c and
 * names.c, a gp_ctx owns its output buffers.
 * Thread-safety: one thread; every table is immutable. */
#ifndef GENPOP_H
#define GENPOP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "vetter/str.h"

/* ---- PRNG: xoshiro256** seeded through splitmix64 ---------------------
 * Every subject, ring and event stream gets its own generator derived
 * from (seed, stream, index), so a subject does not change when another
 * one is added or when events are switched off. */
struct rng {
  uint64_t s[4];
};

/* ST_RING_REVIEWS (per ring) and ST_REVIEWS (per subject) came last: the
 * ring_reviews trait draws from them, so adding it changed no other draw. */
enum gp_stream { ST_PLAN = 1, ST_SUBJECT, ST_RING, ST_EVENTS, ST_RING_REVIEWS, ST_REVIEWS };

void rng_seed(struct rng *r, uint64_t seed, uint64_t stream, uint64_t index);
uint64_t rng_next(struct rng *r);
uint32_t rng_below(struct rng *r, uint32_t n); /* [0, n); 0 when n is 0 */
int rng_range(struct rng *r, int lo, int hi);  /* [lo, hi] */
double rng_unit(struct rng *r);                /* [0, 1) */
bool rng_chance(struct rng *r, double p);
/* Index drawn by relative weights (weights[i] >= 0, sum > 0). */
size_t rng_weighted(struct rng *r, const unsigned *weights, size_t n);

#define PICK(r, arr) ((arr)[rng_below((r), (uint32_t)VET_COUNTOF(arr))])

/* ---- country tables (countries.c, names.c) ---------------------------- */

/* Name pools.  An entry is "Latin" or "Latin|native script"; a surname
 * with gendered forms is "Kowalski/Kowalska" (native likewise:
 * "Ivanov/Ivanova|Иванов/Иванова"). */
enum gp_names_flags {
  NAMES_FAMILY_FIRST = 1u << 0, /* family name first in native use (CN, KR, JP, VN, HU) */
  NAMES_MIDDLE = 1u << 1,       /* Western middle names or initials are common (US, GB) */
};
struct gp_names {
  const char *const *male;
  size_t n_male;
  const char *const *female;
  size_t n_female;
  const char *const *surnames;
  size_t n_surnames;
  unsigned flags;
};

struct gp_city {
  const char *name;
  const char *region; /* state or province code in addresses, or NULL */
  const char *postal; /* postal code pattern: '#' digit, '@' letter, other characters literal */
  const char *tz;     /* IANA zone (in the zone table of events.c) */
  const char *area;   /* NANP area codes of the city ("512 737"), NULL elsewhere */
};

enum gp_addr_style {
  ADDR_NUM_STREET,  /* "1247 Maple Ave, Austin, TX 78704" (US, CA, AU) */
  ADDR_GB,          /* "14 Station Road, Leeds LS6 2AB" */
  ADDR_STREET_NUM,  /* "Bahnhofstraße 12, 10115 Berlin" (continental Europe, Latin America) */
  ADDR_ASIA,        /* "No. 18, Jalan ..., City 12345" style: number, street, city, postal */
};

enum gp_bank_style {
  BANK_IBAN,    /* country IBAN with its BBAN pattern and check digits */
  BANK_US_ABA,  /* ABA routing number (check digit) and account */
  BANK_CA,      /* transit-institution and account */
  BANK_IN_IFSC, /* IFSC code and account */
  BANK_MX_CLABE,
  BANK_AR_CBU,
  BANK_NG_NUBAN,
  BANK_CN_CARD, /* UnionPay debit card (Luhn) */
  BANK_DIGITS,  /* account digits of the country's usual length */
};

struct gp_country {
  const char *a2, *a3, *name; /* "US", "USA", "United States" */
  const char *alt;            /* another resolvable spelling ("Deutschland"), or NULL */
  unsigned weight;            /* relative share among honest workers (0: not a residence) */
  const struct gp_names *names;
  const char *langs[3];       /* browser languages, primary first; NULL-padded */
  const struct gp_city *cities;
  size_t n_cities;
  const char *const *streets;
  size_t n_streets;
  enum gp_addr_style addr;
  const char *cc;    /* calling code "49" */
  const char *trunk; /* national trunk prefix ("0", "8", "" for none) */
  const char *const *mobile; /* mobile national significant numbers: '#' a digit, '%' a digit 2-9 */
  size_t n_mobile;
  const char *const *voip;   /* virtual numbers (VoIP, personal), may be empty */
  size_t n_voip;
  const char *const *ips;    /* residential ISP CIDRs of the country */
  size_t n_ips;
  const char *currency;
  const char *passport; /* passport number pattern: '#' digit, '@' letter, '*' either */
  const char *id_card;  /* identity card number pattern when the card has a TD1 MRZ, or NULL */
  const char *const *mail; /* local free-mail domains */
  size_t n_mail;
  enum gp_bank_style bank;
  const char *bban;     /* IBAN BBAN pattern (with '$' for a bank code below) */
  const char *const *bank_codes;
  size_t n_bank_codes;
};

extern const struct gp_country gp_countries[];
extern const size_t gp_n_countries;
const struct gp_country *gp_country(const char *a2); /* NULL when not in the table */

/* Name pools by nationality (names.c); KP and HK have pools but are no
 * honest residence. */
extern const struct gp_names gp_names_us, gp_names_ca, gp_names_gb, gp_names_de, gp_names_pl, gp_names_ua,
    gp_names_in, gp_names_pk, gp_names_ph, gp_names_ng, gp_names_br, gp_names_ar, gp_names_mx, gp_names_vn,
    gp_names_id, gp_names_kr, gp_names_jp, gp_names_cn, gp_names_ru, gp_names_eg, gp_names_fr, gp_names_es,
    gp_names_ro, gp_names_ke, gp_names_tr, gp_names_nl, gp_names_bd, gp_names_hk, gp_names_kp;

/* VPN and hosting networks (countries.c). */
struct gp_net {
  const char *cidr;
  const char *country; /* where the range geolocates */
};
extern const struct gp_net gp_vpn_nets[], gp_hosting_nets[];
extern const size_t gp_n_vpn_nets, gp_n_hosting_nets;

/* ---- time zones (events.c) --------------------------------------------- */
struct gp_zone {
  const char *name;
  int std_min;  /* standard offset, minutes east of UTC */
  int rule;     /* daylight-saving rule (events.c) */
};
const struct gp_zone *gp_zone(const char *name); /* NULL when unknown */
int gp_zone_offset(const struct gp_zone *z, int64_t utc); /* minutes east at that instant */

/* ---- a set of strings (util.c), for phone numbers handed out ---------- */
struct phone_set;
struct phone_set *phone_set_new(void); /* NULL on out of memory */
void phone_set_free(struct phone_set *s);
bool phone_set_add(struct phone_set *s, const char *key); /* false when already there */

/* ---- people -------------------------------------------------------------- */
struct gp_person {
  const struct gp_country *nat; /* nationality */
  const struct gp_country *res; /* residence */
  const struct gp_city *city;
  char sex;                     /* 'M' or 'F' */
  char given[64], middle[48], surname[64]; /* Latin script, as written by the person */
  char given_nat[64], surname_nat[64];     /* native script, "" when none */
  bool family_first;            /* writes the family name first */
  int by, bm, bd;               /* birth date */
  char full[192];               /* name as on the profile */
};

/* ---- truth: labels, deceptive traits, benign oddities ---------------- */
enum gp_label { LBL_HONEST = 0, LBL_DPRK, LBL_FACILITATOR, LBL_FRONT };
extern const char *const gp_label_names[];

/* Deceptive traits (exact strings in gp_trait_names, the "_truth.traits"
 * vocabulary). */
enum gp_trait {
  T_STOLEN_IDENTITY,
  T_MRZ_FORGED,
  T_MRZ_FIELDS_MISMATCH,
  T_DOC_NAME_MISMATCH,
  T_DOC_BIRTH_MISMATCH,
  T_DOC_NUMBER_SHARED,
  T_NATIONALITY_KP,
  T_NATIONALITY_CN,
  T_PAYOUT_THIRD_PARTY,
  T_PAYOUT_HIGH_RISK,
  T_PAYOUT_CRYPTO,
  T_RING_PAYOUT,
  T_RING_DEVICE,
  T_RING_PHOTO,
  T_RING_RESUME,
  T_RING_ADDRESS,
  T_RING_PHONE,
  T_RING_CREATED,
  T_PHONE_VOIP,
  T_EMAIL_DISPOSABLE,
  T_EMAIL_UNRELATED,
  T_SANCTIONED_NAME,
  T_SANCTIONED_EMPLOYER,
  T_SANCTIONED_HOLDER,
  T_SANCTIONED_IDENTIFIER,
  T_FRONT_EMPLOYER,
  T_SHELL_COMPANY,
  /* event traits: planted only when events are generated */
  T_VPN_IP,
  T_IP_HIGH_RISK,
  T_LAPTOP_FARM,
  T_TZ_MISMATCH,
  T_LANGUAGE_MISMATCH,
  T_REMOTE_TOOLS,
  T_KVM_DEVICE,
  T_VM,
  T_OFF_HOURS,
  T_ROUND_THE_CLOCK,
  T_ACCOUNT_TAKEOVER,
  T_SHIPMENT_FORWARDING,
  T_RING_REVIEWS, /* the ring's own client account rates its workers (not in the menu: every member of a boosting ring) */
  T_COUNT
};
extern const char *const gp_trait_names[T_COUNT];

enum gp_benign {
  B_EXPAT,
  B_MARRIED_NAME,
  B_PLUS_ADDRESS,
  B_EXPIRED_PASSPORT,
  B_SPOUSE_PAYOUT,
  B_TRAVEL,
  B_NICKNAME_EMAIL,
  B_HERITAGE,
  B_CRYPTO_PAYOUT,
  B_PAYOUT_ABROAD,
  B_VPN_USER,
  B_VM_USER,
  B_REMOTE_TOOLS_USER,
  B_NIGHT_OWL,
  B_COUNT
};
extern const char *const gp_benign_names[B_COUNT];

/* ---- sanctioned parties used for exact matching (plan.c) ---------------- */
struct gp_ofac {
  const char *name;          /* as listed */
  const char *variant;       /* another romanization / spelling */
  const char *dob;           /* "YYYY-MM-DD" or NULL */
  const char *nationality;   /* alpha-2 or NULL */
  const char *passport;      /* listed passport number or NULL */
  const char *email;         /* listed e-mail address or NULL */
  const char *wallet;        /* listed digital currency address or NULL */
  const char *wallet_cur;    /* its currency ("USDT", "XBT", "ETH") */
  bool company;
};
extern const struct gp_ofac gp_ofac[];
extern const size_t gp_n_ofac;

/* ---- rings ---------------------------------------------------------------- */
struct gp_payout {
  const char *kind; /* "bank", "paypal", "payoneer", "wise", "crypto" */
  char holder[160];
  const char *country; /* alpha-2, or NULL */
  char account[80];
  const char *currency;
  char address[80];    /* crypto wallet */
};

struct gp_ring {
  uint32_t n_members;
  int32_t facilitator; /* slot of the facilitator, or -1 */
  int32_t front;       /* slot of the front company, or -1 */
  char front_name[160];          /* the front company, when the ring has one */
  const struct gp_country *front_country;
  const char *front_city;
  int front_ofac;                /* its gp_ofac entry when listed, else -1 */
  struct gp_person fac;          /* facilitator (or the third-party holder) */
  char fac_address[192];
  uint32_t farm_ip;              /* facilitator's home IP: the laptop farm */
  struct gp_payout payout;       /* the account the ring is paid into */
  int payout_src;                /* 0 facilitator, 1 front, 2 third person, 3 crypto */
  char devices[3][24];
  char photo[17];
  char resume[1024];
  char headline[160];
  char doc_number[16];           /* a passport number the ring shares */
  struct gp_person stolen;       /* whose passport it is */
  char phone[32];
  int64_t created;               /* accounts created within days of this */
  const char *ctrl_tz;           /* where the team really works */
  char review_client[24];        /* the client account that rates the ring's workers; "" when it does not */
  int64_t review_day;            /* its reviews fall in the days after this one (days since 1970) */
};

/* ---- run context ------------------------------------------------------------ */
struct gp_slot {
  uint8_t label;
  uint8_t tier;   /* DPRK: 0 subtle, 1 medium, 2 blatant */
  int32_t ring;   /* -1: none */
  int16_t ofac;   /* sanctioned party planted in this subject, or -1 */
};

struct gp_opts {
  uint32_t subjects;
  uint64_t seed;
  uint32_t events;  /* average events per subject */
  const char *out;
  bool verify;      /* check every MRZ and phone through the library */
  bool stats;       /* print label and trait shares to stderr */
};

struct gp_verify; /* verify.c */

struct gp_ctx {
  struct gp_opts o;
  struct gp_slot *slots;
  struct gp_ring *rings;
  uint32_t n_rings;
  uint32_t n_labels[4];
  uint64_t trait_count[T_COUNT];
  uint64_t benign_count[B_COUNT];
  uint64_t n_events;
  struct gp_verify *verify;      /* NULL unless --verify */
  struct phone_set *phones;      /* numbers handed out, to keep honest ones unique */
  struct gp_pending *pend;       /* event lines of the current block (genpop.c) */
  size_t n_pend, cap_pend;
  bool oom;                      /* an allocation failed: stop */
};

/* What a generated subject passes to the event generator. */
struct gp_subject {
  uint32_t index;
  char id[16];
  enum gp_label label;
  const struct gp_slot *slot;
  const struct gp_ring *ring;
  const struct gp_person *p;  /* NULL for a company */
  const struct gp_country *res;
  const char *tz;             /* claimed zone */
  uint64_t traits;            /* bits of enum gp_trait planted so far */
  uint64_t benign;
  const struct gp_payout *payout; /* current payout (for payout_change events) */
  int64_t created;
  const struct gp_country *travel; /* for B_TRAVEL */
};

#define TRAIT(t) (UINT64_C(1) << (t))

/* ---- functions -------------------------------------------------------------- */
/* ident.c */
void gp_person_make(struct rng *r, struct gp_person *p, const struct gp_country *nat,
                    const struct gp_country *res, int sex, int min_age, int max_age);
void gp_person_rename(struct gp_person *p); /* recompute full from the parts */
void gp_copy(char *dst, size_t cap, const char *src); /* truncating copy, cap > 0 */
void gp_ascii(const char *s, bool icao, char *out, size_t cap); /* fold UTF-8 Latin to ASCII */
void gp_fill(struct rng *r, char *out, size_t cap, const char *pattern);
void gp_hex(struct rng *r, char *out, int digits);
const char *gp_country_form(struct rng *r, const struct gp_country *c);
void gp_address(struct rng *r, const struct gp_country *c, const struct gp_city *city, char *out, size_t cap);
/* A mobile (or, voip set, a virtual) number of country c, unique among
 * those handed out; written in an international form when intl is set
 * (the profile names no country to read a national form against), else
 * in any form.  false when c has no virtual ranges. */
bool gp_phone(struct rng *r, struct gp_ctx *g, const struct gp_country *c, const struct gp_city *city, bool voip,
              bool intl, char *out, size_t cap);
void gp_email(struct rng *r, const struct gp_person *p, int style, char *out, size_t cap);
void gp_bank_account(struct rng *r, const struct gp_country *c, char *out, size_t cap);
void gp_payout_own(struct rng *r, const struct gp_person *p, const struct gp_country *c, struct gp_payout *y);
json_t *gp_payout_json(const struct gp_payout *y);
void gp_wallet(struct rng *r, const char *chain, char *out, size_t cap);
void gp_texts(struct rng *r, const struct gp_person *p, bool dprk, char *headline, size_t hcap, char *bio,
              size_t bcap, char *resume, size_t rcap);
void gp_handle(struct rng *r, const struct gp_person *p, char *out, size_t cap);

/* documents.c */
struct gp_doc {
  const char *kind; /* "passport", "id_card", "residence_permit", "driver_license" */
  const struct gp_country *issuer, *nationality;
  char number[16];
  char surname[64], given[128]; /* Latin, as printed */
  int by, bm, bd;
  char sex;
  int ey, em, ed;
  /* the MRZ as printed; defaults to the fields above */
  bool no_mrz;
  char mrz_surname[64], mrz_given[128];
  int mrz_by, mrz_bm, mrz_bd;
  char mrz_number[16];
  int bad_check; /* 0 none; 1 document number, 2 birth date, 3 expiry, 4 composite */
  char phash[17];
};
void gp_doc_init(struct rng *r, struct gp_doc *d, const char *kind, const struct gp_person *p,
                 const struct gp_country *issuer, int issue_year);
json_t *gp_doc_json(struct gp_ctx *g, const struct gp_doc *d);

/* crypto.c: valid-checksum wallet addresses */
void gp_tron_address(const uint8_t payload[20], char *out, size_t cap);
void gp_btc_bech32(const uint8_t program[20], char *out, size_t cap);

/* plan.c */
void gp_plan(struct gp_ctx *g);
const struct gp_city *gp_city_named(const struct gp_country *c, const char *name); /* first city if absent */
/* A front company name (of the front table) and its gp_ofac index, -1 when unlisted. */
const char *gp_front_pick(struct rng *r, int *ofac);

/* subjects.c: the JSON line of subject `index`; fills *s (pointing into
 * *p and *payout, caller storage) for the event generator.  NULL on out
 * of memory. */
json_t *gp_subject_json(struct gp_ctx *g, uint32_t index, struct gp_subject *s, struct gp_person *p,
                        struct gp_payout *payout);

/* events.c */
void gp_events(struct gp_ctx *g, const struct gp_subject *s, uint32_t n_events);
uint32_t gp_ip_from(struct rng *r, const char *cidr);
void gp_ip_str(uint32_t ip, char *out, size_t cap);
uint32_t gp_ip_country(struct rng *r, const struct gp_country *c);

/* genpop.c: event output */
void gp_emit_event(struct gp_ctx *g, json_t *ev, int64_t ts);

/* verify.c */
struct gp_verify *gp_verify_new(void);
void gp_verify_free(struct gp_verify *v);
void gp_verify_mrz(struct gp_verify *v, const char *mrz, int bad_check);
void gp_verify_phone(struct gp_verify *v, const char *phone, const char *region, bool voip);
int gp_verify_report(const struct gp_verify *v, FILE *f); /* 0 when all checks passed */
/* Read the written file back through vet_population_add_line; 0 when it
 * reports no issue. */
int gp_verify_population(const char *path, FILE *f);

/* time helpers (events.c) */
int64_t gp_days_from_civil(int y, int m, int d);
void gp_civil_from_days(int64_t z, int *y, int *m, int *d);
void gp_rfc3339(int64_t utc, int off_min, char *out, size_t cap);

/* The fixed "now" of the generated world, so output does not depend on
 * the day it is generated: events fall in the EVENT_DAYS days before it. */
#define GP_NOW_Y 2026
#define GP_NOW_M 11
#define GP_NOW_D 1
#define GP_EVENT_DAYS 91
/* A boosting ring's reviews (ring_reviews) fall within this many days. */
#define GP_REVIEW_SPAN_DAYS 14

#endif
