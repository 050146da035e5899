/* genpop/plan.c - the shape of a generated population: which subjects are
 * honest and which deceptive (DPRK IT workers, their facilitators, their
 * front companies), how the workers group into rings that share payout
 * accounts, devices, photos, résumés, a passport and a laptop farm, and
 * which subjects carry the names and identifiers of real sanctioned
 * parties.
 *
 * Sanctioned parties (gp_ofac) are real entries of the bundled OFAC SDN
 * list, data/lists/ofac_sdn/ (sdn.csv of 2024-05-03, alt.csv of
 * 2025-12-24), quoted with their entity numbers; they are tied to the
 * DPRK IT worker schemes named in the FBI/State/Treasury advisory of
 * 16 May 2022 and OFAC's designations of Yanbian Silverstar (2018),
 * Chinyong (2023) and Korea Sobaeksu (2025), or are DPRK-program entries
 * whose remarks give e-mail addresses or digital currency addresses, so
 * exact identifier matching is exercised.
 * Owns: gp_ctx slots and rings (freed by genpop.c).
 * Thread-safety: one thread. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/common.h"
#include "genpop.h"

const struct gp_ofac gp_ofac[] = {
    /* SDN 43377 (DPRK4, 2023-05): Chinyong's head, with its wallets and passports */
    {"KIM, Sang Man", "Kim Sang-man", "1965-04-25", "KP", "109420132", NULL,
     "0xb6f5ec1a0a9cd1526536d3f0426c429529471f40", "USDT", false},
    /* SDN 24979 (DPRK4, 2018-09): tied to Yanbian Silverstar */
    {"JONG, Song Hwa", "Chong Song-hwa", "1970-02-05", "KP", "927220230", NULL, NULL, NULL, false},
    /* SDN 54763 (alt.csv, 2025-01): Korea Sobaeksu designation, Vietnam address */
    {"KIM, Se-u'n", "Kim Se Un", NULL, "KP", NULL, NULL, NULL, NULL, false},
    /* SDN 28263 (DPRK3, CYBER2, 2020-03): laundering for the DPRK; e-mail and XBT address listed */
    {"TIAN, Yinyin", "Tian Yin Yin", "1986-07-12", "CN", NULL, "417136259@qq.com",
     "134r8iHv69xdT6p5qVKTsHrcUEuBVZAYak", "XBT", false},
    /* SDN 28264 (DPRK3, CYBER2) */
    {"LI, Jiadong", "Li Jia Dong", "1987-01-10", "CN", NULL, NULL, "1EfMVkxQQuZfBdocpJu6RUsCJvenQWbQyE", "XBT",
     false},
    /* SDN 42496 (DPRK3, 2023-04) */
    {"WU, Huihui", "Wu Hui-hui", "1988-12-15", "CN", NULL, NULL, "1986rYHckYbJpGQJy6ornuMyD2N5MTqwDt", "XBT",
     false},
    /* SDN 45430 KIMSUKY (DPRK2): listed e-mail addresses */
    {"KIMSUKY", NULL, NULL, NULL, NULL, "pkurui9999@gmail.com", NULL, NULL, true},
    /* SDN 27307 LAZARUS GROUP (DPRK3): listed ETH address */
    {"LAZARUS GROUP", NULL, NULL, NULL, NULL, NULL, "0x098B716B8Aaf21512996dC57EB0615e2383E2f96", "ETH", true},
    /* SDN 24977 (DPRK3, DPRK4, 2018-09): IT worker front in Yanji, aka YANBIAN SILVER STAR */
    {"YANBIAN SILVERSTAR NETWORK TECHNOLOGY CO., LTD.", "Yanbian Silver Star Network Technology", NULL, "CN", NULL,
     NULL, NULL, NULL, true},
    /* SDN 24978 (DPRK3, DPRK4): its Russian-run arm */
    {"VOLASYS SILVER STAR", "Volasys Silverstar", NULL, "RU", NULL, NULL, NULL, NULL, true},
    /* SDN 43379 (DPRK2, 2023-05), aka JINYONG IT COOPERATION COMPANY */
    {"CHINYONG INFORMATION TECHNOLOGY COOPERATION COMPANY", "Jinyong IT Cooperation Company", NULL, "KP", NULL, NULL,
     NULL, NULL, true},
    /* SDN 54764 (alt.csv, 2025-01): Korea Sobaeksu, Dalian and Dandong addresses */
    {"KOREA SOBAEKSU UNITED CORPORATION", "Korea Sobaeksu Trading Company", NULL, "CN", NULL, NULL, NULL, NULL, true},
    /* SDN 48260 (DPRK2): Russian company linked to Chinyong, aka ALIS LLC */
    {"LIMITED LIABILITY COMPANY ALIS", "Alis LLC", NULL, "RU", NULL, NULL, NULL, NULL, true},
};
const size_t gp_n_ofac = VET_COUNTOF(gp_ofac);

/* Shares of the population (named so they can be read off the output). */
#define DECEPTIVE_SHARE 0.20   /* of all subjects */
#define RING_SHARE 0.72        /* of deceptive subjects, in rings (members, facilitators, fronts) */
#define RING_MIN 3             /* accounts a ring runs */
#define RING_MAX 8
#define FACILITATOR_SHARE 0.6  /* rings with a facilitator in the population */
#define FRONT_SHARE 0.3        /* rings with a front company in the population */
#define OFAC_SHARE 0.06        /* deceptive subjects carrying a sanctioned party */
#define OFAC_MIN 8             /* ... at least, when there are enough deceptive subjects */

/* Front companies a ring's accounts name as employer or are paid through.
 * The first five are listed (gp_ofac index); Shenyang Geumpungri was
 * designated by OFAC in 2023 but is not in the bundled lists, so it tests
 * the list's gap; the rest are invented names. */
struct front {
  const char *name;
  const char *country, *city;
  int ofac;
};
static const struct front fronts[] = {
    {"Yanbian Silverstar Network Technology Co., Ltd.", "CN", "Yanji", 8},
    {"Volasys Silver Star", "RU", "Vladivostok", 9},
    {"Jinyong IT Cooperation Company", "RU", "Vladivostok", 10},
    {"Korea Sobaeksu United Corp.", "CN", "Dandong", 11},
    {"Alis LLC", "RU", "Vladivostok", 12},
    {"Shenyang Geumpungri Network Technology Co., Ltd.", "CN", "Shenyang", -1},
    {"Kestrel Loop Software Ltd.", "HK", "Hong Kong", -1},
    {"Lumen Harbor Software Ltd.", "HK", "Kowloon", -1},
    {"Northgate Apps Co., Ltd.", "CN", "Dandong", -1},
    {"Taiga Byte Systems LLC", "RU", "Vladivostok", -1},
    {"Arbor Nine Digital LLC", "US", "Austin", -1},
};
/* Share of fronts (without a planted sanctioned party) that are listed. */
#define FRONT_LISTED_SHARE 0.4

const struct gp_city *gp_city_named(const struct gp_country *c, const char *name)
{
  for (size_t i = 0; i < c->n_cities; i++)
    if (strcmp(c->cities[i].name, name) == 0)
      return &c->cities[i];
  return &c->cities[0];
}

const char *gp_front_pick(struct rng *r, int *ofac)
{
  const struct front *f = &fronts[rng_below(r, (uint32_t)VET_COUNTOF(fronts))];
  *ofac = f->ofac;
  return f->name;
}

static void front_init(struct gp_ctx *g, struct rng *r, struct gp_ring *rg)
{
  rg->front_ofac = -1;
  if (rg->front < 0)
    return;
  int ofac = g->slots[rg->front].ofac;
  size_t k = 0;
  if (ofac >= 0) {
    for (k = 0; k < VET_COUNTOF(fronts) && fronts[k].ofac != ofac; k++)
      ;
    if (k == VET_COUNTOF(fronts))
      k = 0;
  } else if (rng_chance(r, FRONT_LISTED_SHARE)) {
    k = rng_below(r, 5);
  } else {
    k = 5 + rng_below(r, (uint32_t)(VET_COUNTOF(fronts) - 5));
  }
  const struct front *f = &fronts[k];
  rg->front_ofac = f->ofac;
  rg->front_country = gp_country(f->country);
  rg->front_city = f->city;
  /* listed names as the list spells them, or as the company writes itself */
  if (f->ofac >= 0 && rng_chance(r, 0.35))
    gp_copy(rg->front_name, sizeof rg->front_name, gp_ofac[f->ofac].name);
  else
    gp_copy(rg->front_name, sizeof rg->front_name, f->name);
}

/* Where IT worker teams really sit (their browsers' zones). */
static const char *const ctrl_zones[] = {"Asia/Shanghai", "Asia/Shanghai", "Asia/Shanghai", "Asia/Pyongyang",
                                         "Asia/Pyongyang", "Asia/Vladivostok", "Europe/Moscow"};

/* Reviews that boost a ring's workers (ring_reviews): share of the rings
 * that do it, of those with a facilitator not paid through it that rate
 * from the facilitator's own account (a ring paid through its
 * facilitator always does: one account pays and rates), and when (the reviews of one ring fall
 * within GP_REVIEW_SPAN_DAYS, between REVIEW_LATEST and REVIEW_LATEST +
 * REVIEW_RANGE days before "now": after every ring's accounts exist). */
#define RING_REVIEW_SHARE 0.6
#define REVIEW_BY_FACILITATOR 0.5
#define REVIEW_LATEST 15
#define REVIEW_RANGE 40

/* From a stream of its own, so that every other draw stays as it was. */
static void ring_reviews(const struct gp_ctx *g, uint32_t id, struct gp_ring *rg)
{
  struct rng r;
  rng_seed(&r, g->o.seed, ST_RING_REVIEWS, id);
  rg->review_client[0] = 0;
  if (!rng_chance(&r, RING_REVIEW_SHARE))
    return;
  if (rg->facilitator >= 0 && (rg->payout_src == 0 || rng_chance(&r, REVIEW_BY_FACILITATOR))) /* ids: "w" + index + 1 */
    snprintf(rg->review_client, sizeof rg->review_client, "w%06u", (unsigned)rg->facilitator + 1);
  else /* honest workers' clients are client-0000 to client-4999 */
    snprintf(rg->review_client, sizeof rg->review_client, "client-%04u", 5000 + rng_below(&r, 5000));
  rg->review_day = gp_days_from_civil(GP_NOW_Y, GP_NOW_M, GP_NOW_D) - REVIEW_LATEST - rng_below(&r, REVIEW_RANGE);
}

static void ring_init(struct gp_ctx *g, uint32_t id, struct gp_ring *rg)
{
  struct rng r;
  rng_seed(&r, g->o.seed, ST_RING, id);
  const struct gp_country *us = gp_country("US");
  rg->ctrl_tz = PICK(&r, ctrl_zones);
  gp_person_make(&r, &rg->fac, us, us, -1, 28, 62);
  gp_address(&r, us, rg->fac.city, rg->fac_address, sizeof rg->fac_address);
  rg->farm_ip = gp_ip_country(&r, us);
  for (int i = 0; i < 3; i++) {
    char h[13];
    gp_hex(&r, h, 12);
    snprintf(rg->devices[i], sizeof rg->devices[i], "dev-%s", h);
  }
  gp_hex(&r, rg->photo, 16);
  char bio[400];
  gp_texts(&r, &rg->fac, true, rg->headline, sizeof rg->headline, bio, sizeof bio, rg->resume, sizeof rg->resume);
  gp_person_make(&r, &rg->stolen, us, us, -1, 24, 45);
  gp_fill(&r, rg->doc_number, sizeof rg->doc_number, us->passport);
  /* a virtual number the ring's accounts give */
  if (!gp_phone(&r, g, us, rg->fac.city, true, true, rg->phone, sizeof rg->phone))
    snprintf(rg->phone, sizeof rg->phone, "+15002%06u", rng_below(&r, 1000000));
  int64_t d0 = gp_days_from_civil(2025, 1, 1), d1 = gp_days_from_civil(GP_NOW_Y, GP_NOW_M, GP_NOW_D) - 60;
  rg->created = (d0 + rng_below(&r, (uint32_t)(d1 - d0))) * 86400;
  front_init(g, &r, rg);
  /* the account the ring is paid into */
  struct gp_payout *y = &rg->payout;
  memset(y, 0, sizeof *y);
  double u = rng_unit(&r);
  if (rg->facilitator >= 0 && u < 0.5) {
    rg->payout_src = 0;
    y->kind = "bank";
    gp_copy(y->holder, sizeof y->holder, rg->fac.full);
    y->country = "US";
    gp_bank_account(&r, us, y->account, sizeof y->account);
    y->currency = "USD";
  } else if (rg->front >= 0 && u < 0.8) {
    rg->payout_src = 1;
    y->kind = "bank";
    gp_copy(y->holder, sizeof y->holder, rg->front_name);
    y->country = rg->front_country->a2;
    gp_bank_account(&r, rg->front_country, y->account, sizeof y->account);
    y->currency = "USD";
  } else if (u < 0.9) {
    rg->payout_src = 2;
    struct gp_person third;
    const struct gp_country *cn = gp_country(rng_chance(&r, 0.7) ? "CN" : "HK");
    gp_person_make(&r, &third, cn, cn, -1, 25, 55);
    y->kind = rng_chance(&r, 0.5) ? "bank" : "payoneer";
    gp_copy(y->holder, sizeof y->holder, third.full);
    y->country = cn->a2;
    gp_bank_account(&r, cn, y->account, sizeof y->account);
    y->currency = "USD";
  } else {
    rg->payout_src = 3;
    y->kind = "crypto";
    y->currency = "USDT";
    gp_wallet(&r, "TRC20", y->address, sizeof y->address);
    gp_copy(y->account, sizeof y->account, y->address);
  }
  ring_reviews(g, id, rg);
}

void gp_plan(struct gp_ctx *g)
{
  uint32_t n = g->o.subjects;
  struct rng r;
  rng_seed(&r, g->o.seed, ST_PLAN, 0);
  g->slots = calloc(n ? n : 1, sizeof *g->slots);
  g->rings = calloc(n / RING_MIN + 1, sizeof *g->rings);
  if (!g->slots || !g->rings)
    return;
  uint32_t dec = (uint32_t)(n * DECEPTIVE_SHARE + 0.5), used = 0, k = 0;
  /* rings first, packed at the front, shuffled below */
  for (;;) {
    uint32_t size = (uint32_t)rng_range(&r, RING_MIN, RING_MAX);
    bool fac = rng_chance(&r, FACILITATOR_SHARE), front = rng_chance(&r, FRONT_SHARE);
    uint32_t need = size + fac + front;
    if (used + need > (uint32_t)(dec * RING_SHARE))
      break;
    uint32_t id = g->n_rings++;
    g->rings[id].n_members = size;
    g->rings[id].facilitator = fac ? 0 : -1; /* slot numbers set after the shuffle */
    g->rings[id].front = front ? 0 : -1;
    for (uint32_t i = 0; i < size; i++)
      g->slots[k++] = (struct gp_slot){LBL_DPRK, 0, (int32_t)id, -1};
    if (fac)
      g->slots[k++] = (struct gp_slot){LBL_FACILITATOR, 0, (int32_t)id, -1};
    if (front)
      g->slots[k++] = (struct gp_slot){LBL_FRONT, 0, (int32_t)id, -1};
    used += need;
  }
  while (used < dec) { /* workers on their own */
    g->slots[k++] = (struct gp_slot){LBL_DPRK, 0, -1, -1};
    used++;
  }
  for (; k < n; k++)
    g->slots[k] = (struct gp_slot){LBL_HONEST, 0, -1, -1};
  for (uint32_t i = n; i > 1; i--) { /* Fisher-Yates */
    uint32_t j = rng_below(&r, i);
    struct gp_slot t = g->slots[i - 1];
    g->slots[i - 1] = g->slots[j];
    g->slots[j] = t;
  }
  /* tiers, sanctioned parties, ring roles */
  static const unsigned tier_w[] = {30, 45, 25}; /* subtle, medium, blatant */
  uint32_t n_ofac = (uint32_t)(dec * OFAC_SHARE + 0.5), planted = 0;
  if (n_ofac < OFAC_MIN && dec >= 2 * OFAC_MIN)
    n_ofac = OFAC_MIN;
  for (uint32_t i = 0; i < n; i++) {
    struct gp_slot *s = &g->slots[i];
    g->n_labels[s->label]++;
    if (s->label == LBL_DPRK)
      s->tier = (uint8_t)rng_weighted(&r, tier_w, VET_COUNTOF(tier_w));
    if (s->ring >= 0 && s->label == LBL_FACILITATOR)
      g->rings[s->ring].facilitator = (int32_t)i;
    if (s->ring >= 0 && s->label == LBL_FRONT)
      g->rings[s->ring].front = (int32_t)i;
    /* the first deceptive people in id order carry the sanctioned parties,
       cycling through the table, so even a small population has them */
    if (planted < n_ofac && (s->label == LBL_DPRK || s->label == LBL_FRONT)) {
      size_t first_company = 8; /* gp_ofac: persons and identifiers, then companies */
      if (s->label == LBL_FRONT)
        s->ofac = (int16_t)(first_company + planted % (gp_n_ofac - first_company));
      else
        s->ofac = (int16_t)(planted % gp_n_ofac);
      planted++;
    }
  }
  for (uint32_t i = 0; i < g->n_rings; i++)
    ring_init(g, i, &g->rings[i]);
}
