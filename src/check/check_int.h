/* check/check_int.h - what the checks share: the checker and worker
 * structs, the per-subject facts computed once and read by several checks
 * (parsed MRZs, phone numbers), and the check entry points.
 * Owns: nothing beyond the structs.
 * Thread-safety: a worker is one thread's; the checker is read-only. */
#ifndef VET_CHECK_INT_H
#define VET_CHECK_INT_H

#include "core/common.h"
#include "core/strmap.h"
#include "events/signals.h"
#include "vetter/check.h"
#include "vetter/email.h"
#include "vetter/link.h"
#include "vetter/mrz.h"
#include "vetter/phone.h"
#include "vetter/vetter.h"

/* Documents and phones examined per subject; more are ignored (and said
 * so in the evidence). */
#define CHECK_MAX_DOCS 8
#define CHECK_MAX_PHONES 8
#define CHECK_MAX_PAYOUTS 16
/* Names normalized once per subject and reused by every comparison. */
#define CHECK_NAME_CACHE 48

struct vet_checker {
  uint32_t threads; /* for building it (check_threads) */
  const struct vet_ctx *ctx;
  const struct vet_config *cfg;
  const struct vet_countries *countries;
  const struct vet_index *ix;
  const struct vet_population *pop;
  struct vet_email_db *email;
  struct vet_date today;
  /* document number (normalized) -> group; group g's subjects are
   * doc_members[doc_start[g] .. doc_start[g+1]) */
  struct vet_strmap docnums;
  struct vet_arena arena;
  uint32_t *doc_start, *doc_members;
  uint32_t n_groups;
  json_t *versions;
  struct vet_ipdb *ipdb;           /* the IP table; NULL when it could not be opened (IP signals do not run) */
  struct vet_error ipdb_error;     /* why not, for the CLI's warning */
  struct ev_centroids geo;         /* country centroids (empty when data/country/centroids.tsv is missing) */
  struct ev_tz_countries tzc;      /* UTC offsets per country (empty when no event reports one) */
  /* addresses and devices shared by several subjects (check/farm.c) */
  struct farm_group *farm;         /* n_farm groups */
  uint32_t n_farm;
  uint32_t *farm_members;          /* group g's subjects: farm_members[farm[g].first ..+ farm[g].n) */
  uint32_t *farm_start, *farm_of;  /* subject i's groups: farm_of[farm_start[i] .. farm_start[i+1]) */
  struct vet_links *links;         /* subjects linked into groups (link/graph.c, link/groups.c); NULL when no rule needs them */
  struct check_own *own;           /* per subject: its own risk, rated for grouped subjects (check/groups.c); NULL when not rated */
  struct check_group_risk *grisk;  /* per group (vet_links_groups order): its risk, from own (check/groups.c) */
  struct check_collusion *collusion; /* reviews of grouped subjects by client (check/collusion.c); NULL when not built */
};

/* What one subject's documents say, MRZ and fields together. */
struct doc_facts {
  bool has_mrz, mrz_ok;  /* an MRZ was given; it was recognized */
  struct vet_mrz mrz;
  vet_str name;          /* the document's name, else the MRZ's "given surname" */
  vet_str mrz_name;      /* "given surname" from the MRZ, "" without one */
  vet_str number;        /* normalized (upper-case alphanumerics) */
  struct vet_date birth, expiry;
  char issuer[8], nationality[8]; /* alpha-2 or "" */
};

struct vet_check_worker {
  const struct vet_checker *ck;
  struct vet_searcher *searcher;
  struct vet_normalizer *nz;
  struct vet_arena a;          /* reset per subject */
  struct vet_findings f;
  json_t *sanctions;           /* array of hits of this subject */
  json_t *versions;            /* this thread's copy of the checker's (jansson
                                  reference counts are not shared across threads) */
  const struct vet_subject *s;
  uint32_t self;               /* s's index in the population */
  struct doc_facts docs[CHECK_MAX_DOCS];
  uint32_t n_docs;
  struct vet_phone phones[CHECK_MAX_PHONES];
  uint32_t n_phones;
  bool payout_self[CHECK_MAX_PAYOUTS]; /* the holder is the subject (check/payouts.c) */
  struct {
    vet_str text;
    struct vet_name_norm norm; /* uniform weights; allocated in a */
    bool ok;
  } names[CHECK_NAME_CACHE];
  uint32_t n_names;
  struct check_ev_scratch *evs; /* check/events.c, created on first use */
  json_t *group;               /* the subject's group (check/rings.c); NULL when in none */
  bool own_only;               /* rate the subject on its own evidence: no ring.* findings, no group (check/groups.c) */
  /* employers and payout holders this worker screened without a hit
   * (check/sanctions.c): the same text is not screened again */
  struct vet_strmap clean;
  struct vet_arena clean_arena;
  /* remote-tool and USB device names this worker matched against the
   * fragment lists (check/devices.c): the name (the population's) to the
   * fragment found + 1, or 0 */
  struct vet_strmap tool_memo, kvm_memo;
};

/* The checks, in the order they run.  Each adds findings to w->f; only
 * VET_ENOMEM fails. */
vet_err check_documents(struct vet_check_worker *w); /* fills w->docs first: others read them */
vet_err check_contacts(struct vet_check_worker *w);  /* fills w->phones */
vet_err check_identity(struct vet_check_worker *w);
vet_err check_payouts(struct vet_check_worker *w);
vet_err check_sanctions(struct vet_check_worker *w);
vet_err check_devices(struct vet_check_worker *w);   /* the events' own fields: tools, devices, hours */
vet_err check_events(struct vet_check_worker *w);    /* IP data, languages, rhythm, takeover (events/signals.c) */
vet_err check_farm(struct vet_check_worker *w);      /* many subjects on one address or device (check/farm.c) */
vet_err check_rings(struct vet_check_worker *w);     /* shared identifiers and the group (check/rings.c) */
vet_err check_collusion(struct vet_check_worker *w); /* one client reviewing a group (check/collusion.c) */
/* The time zone called name, opened once per worker (check/events.c) and
 * kept until check_events_release; NULL when name is empty, unknown to
 * ICU, or out of memory.  The worker's own: never closed by the caller. */
struct ev_zone *check_zone(struct vet_check_worker *w, vet_str name);
/* Threads for building the checker: its options', else one per core,
 * at most max. */
uint32_t check_threads(const struct vet_checker *ck, uint32_t max);
/* Free the worker's scratch of check_events (NULL-safe). */
void check_events_release(struct vet_check_worker *w);

/* The session ran a recognised remote-access tool, a KVM-over-IP device
 * or a virtual machine (check/devices.c). */
bool check_session_remote(const struct vet_event *e);

/* Laptop farms (check/farm.c): find the addresses and devices shared by
 * several subjects over the whole population, at checker build; free. */
vet_err check_farm_build(struct vet_checker *ck, struct vet_error *e);
/* The links over the population (check/rings.c), in two steps: collect
 * (independent of the farm index, so it may run while check_farm_build
 * does on another thread), then finish (adds the farm's links, joins the
 * groups); free. */
vet_err check_links_collect(struct vet_checker *ck, struct vet_error *e);
vet_err check_links_finish(struct vet_checker *ck, struct vet_error *e);
void check_links_release(struct vet_checker *ck);
/* The shared residential addresses as links (VET_LINK_IP). */
vet_err check_farm_links(const struct vet_checker *ck, struct vet_links *l, struct vet_error *e);
void check_farm_release(struct vet_checker *ck);
/* The review index of ring.review_collusion, after the links; free. */
vet_err check_collusion_build(struct vet_checker *ck, struct vet_error *e);
void check_collusion_release(struct vet_checker *ck);

/* A subject's risk on its own evidence (without the ring.* findings),
 * rated before the checks so that a high-risk member can raise its
 * group (check/groups.c). */
#define CHECK_OWN_RULES 3
struct check_own {
  bool rated;
  float score;
  enum vet_band band;
  uint8_t n_rules;
  uint16_t rules[CHECK_OWN_RULES]; /* its strongest rules (enum vet_rule) */
};
/* Rate every grouped subject on its own evidence, on several threads;
 * free.  Nothing to do without groups or with ring.high_risk_member off. */
vet_err check_groups_rate(struct vet_checker *ck, struct vet_error *e);
void check_groups_release(struct vet_checker *ck);
/* The group's risk: its highest own score and band, and its members at
 * or above link.raise_min_score (new reference; NULL when the members
 * were not rated). */
json_t *check_group_risk(const struct vet_checker *ck, const struct vet_link_group *g);
/* ring.high_risk_member for subject self of group g. */
vet_err check_group_raise(struct vet_check_worker *w, const struct vet_link_group *g, uint32_t self);

/* Shared helpers (check/check.c). */
/* Alpha-2 of an MRZ state code ("UTO" -> "", "D" -> "DE", "GBR" -> "GB"). */
void check_mrz_country(const struct vet_checker *ck, const char *mrz_code, char out[8]);
/* Best vet_compare score of a against each of the subject's own names
 * (name, display name, aliases); -1 when the subject has no name.  The
 * best-matching name in *best when not NULL. */
double check_best_self_score(struct vet_check_worker *w, vet_str a, vet_str *best);
/* The normalized form of a name (uniform weights), computed once per
 * subject.  NULL when it does not normalize (too long, bad UTF-8). */
const struct vet_name_norm *check_norm(struct vet_check_worker *w, vet_str s);
/* Every word of a aligns with a word of b ("Miguel Ángel" of "Miguel
 * Ángel Pérez Soto", "Agus S." of "Agus Setiawan"). */
bool check_is_part_of(struct vet_check_worker *w, vet_str a, vet_str b);
/* vet_compare of two names (0 on error); at least check.same_person_score
 * when one name is a part of the other. */
double check_compare(struct vet_check_worker *w, vet_str a, vet_str b, enum vet_schema schema);
/* True when the two names share a whole word (folded), e.g. a surname. */
bool check_share_word(struct vet_check_worker *w, vet_str a, vet_str b);
/* A field path into dst (cap bytes, cut as snprintf cuts): base alone
 * when k < 0, else base[k]suffix ("payouts[0].country").  Written without
 * printf: reports name a dozen fields per subject. */
void check_field(char *dst, size_t cap, const char *base, int k, const char *suffix);

/* Country code list membership (comma-separated alpha-2 settings). */
bool check_in_list(const char *list, const char *code);
json_t *check_jstr(vet_str s);
/* Other subjects with document number key (normalized), at most cap of
 * them in out; returns how many. */
uint32_t check_doc_holders(const struct vet_checker *ck, vet_str key, uint32_t self, uint32_t *out, uint32_t cap);

#endif
