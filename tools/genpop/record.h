/* genpop/record.h - the subject record under construction, shared by
 * the honest (subjects.c) and deceptive (deceptive.c) builders: fields
 * are collected here and written in one fixed key order.
 * Owns: a rec owns its documents array (json_decref by the caller).
 * Thread-safety: one thread at a time per rec. */
#ifndef GENPOP_RECORD_H
#define GENPOP_RECORD_H

#include "genpop.h"

/* ---- the record, written in one fixed key order ------------------------------ */
#define MAX_ALIASES 4
#define MAX_EMAILS 3
#define MAX_PHONES 2
#define MAX_ADDRS 3
#define MAX_PAYOUTS 2

struct rec {
  const char *kind;
  char name[192], display[192];
  char aliases[MAX_ALIASES][192];
  int n_aliases;
  char birth[16];
  const char *nationality, *country, *city, *tz;
  const char *langs[3];
  char emails[MAX_EMAILS][128];
  int n_emails;
  char phones[MAX_PHONES][40];
  int n_phones;
  struct {
    const char *kind, *country;
    char text[192];
  } addr[MAX_ADDRS];
  int n_addr;
  json_t *docs;
  struct gp_payout pay[MAX_PAYOUTS];
  int n_pay;
  char employer[160];
  char photo[17];
  char headline[160], bio[400], resume[1024];
  char github[160], linkedin[192], website[160];
  int64_t created;
  uint64_t traits, benign;
};

/* Helpers: each adds one value when there is room (the caps above). */
void rec_add_email(struct rec *c, const char *e);
void rec_add_alias(struct rec *c, const char *a);
void rec_add_phone(struct gp_ctx *g, struct rng *r, struct rec *c, const struct gp_country *cc,
                   const struct gp_city *city, bool voip);
void rec_add_addr(struct rec *c, const char *kind, const struct gp_country *cc, const char *text);
void rec_add_doc(struct gp_ctx *g, struct rec *c, const struct gp_doc *d);
void rec_date(int y, int m, int d, char *out, size_t cap);
/* A random instant from 1 January of y0 to days_before_now before "now". */
int64_t rec_random_time(struct rng *r, int y0, int64_t days_before_now);
const struct gp_country *rec_weighted_country(struct rng *r); /* by honest share */
void rec_native_name(const struct gp_person *p, char *out, size_t cap);
void rec_display_name(struct rng *r, const struct gp_person *p, char *out, size_t cap);
void rec_links(struct rng *r, const struct gp_person *p, struct rec *c, double gh, double li, double web);
extern const char *const rec_employers[];
extern const size_t rec_n_employers;

/* The builders of the four labels; each fills c, and s->p, s->res, s->tz
 * for the events (p and payout are caller storage). */
void rec_honest(struct gp_ctx *g, struct rng *r, struct rec *c, struct gp_person *p, struct gp_subject *s,
                struct gp_payout *payout);
void rec_dprk(struct gp_ctx *g, struct rng *r, struct rec *c, struct gp_person *p, struct gp_subject *s,
              struct gp_payout *payout);
void rec_facilitator(struct gp_ctx *g, struct rng *r, struct rec *c, struct gp_person *p, struct gp_subject *s,
                     struct gp_payout *payout);
void rec_front(struct gp_ctx *g, struct rng *r, struct rec *c, struct gp_subject *s, struct gp_payout *payout);

#endif
