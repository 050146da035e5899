/* vetter/config.h - every threshold and weight of Vetter as a named
 * setting with a documented default, and the vetter.conf reader.
 * Owns: nothing; vet_config is a plain value.
 * Thread-safety: safe from any thread; a vet_config is read-only once
 * loaded. */
#ifndef VETTER_CONFIG_H
#define VETTER_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vetter/error.h"
#include "vetter/rules.h"
#include "vetter/str.h"

/* Name matching and screening.  docs/matching.md explains each. */
struct vet_match_config {
  double threshold;              /* hits scoring below are not reported */
  uint32_t limit;                /* most hits per query */
  double korean_sim;             /* token similarity when the Korean romanization keys agree */
  double phonetic_sim;           /* token similarity when consonant skeletons agree */
  double initial_sim;            /* an initial against a word with that first letter */
  double min_token_sim;          /* typo similarity below this does not align two tokens */
  double omission_weight;        /* weight share of a token missing on one side when the rest aligns */
  double generic_weight;         /* weight of a generic word or legal form ("trading", "ltd") */
  double min_token_weight;       /* floor of a token's rarity weight */
  double number_mismatch_factor; /* multiplier when numbers in the two names differ */
  double generic_only_factor;    /* multiplier when only generic words align */
  double weak_alias_factor;      /* multiplier for a match on a weak (low-quality) alias */
  double schema_mismatch_factor; /* person vs organization etc. when the query names its type */
  double dob_exact_boost;        /* share of the remaining gap to 1 closed by an exact birth date */
  double dob_compatible_boost;   /* ... by a birth date that agrees as far as both are known */
  double dob_conflict_factor;    /* multiplier when birth dates disagree */
  double country_match_boost;    /* share of the gap closed when the query country is the entity's */
  double country_mismatch_factor;/* multiplier when the entity has countries and none is the query's */
  uint32_t max_candidates;       /* candidate names fully scored per query */
  double candidate_min_share;    /* a candidate must share this share of the query's weight */
  double max_posting_share;      /* keys on more than this share of names are skipped for candidates */
  uint32_t max_fuzzy_posting;    /* Korean, skeleton and typo keys on more names are skipped for candidates */
  uint32_t typo_min_len;         /* tokens this long or longer get one-edit typo keys */
  uint32_t typo_skip_df;         /* a query word on this many list names is not also looked up as a typo */
  uint32_t max_name_bytes;       /* longest name accepted */
};

/* Applicant checks (`vetter check`).  docs/rules.md explains each. */
struct vet_check_config {
  double sanctions_critical_score; /* a name hit this strong with an exact birth date is critical */
  double name_only_factor;         /* weight multiplier of a name hit no birth date or country confirms */
  double country_only_factor;      /* ... of a name hit only the country confirms */
  double home_country_factor;      /* payout abroad in the country of the subject's own nationality */
  double same_person_score;        /* two names scoring below this (vet_compare) are different people */
  double email_name_min;           /* an email whose local part relates less than this to the name is unrelated */
  uint32_t expiry_grace_days;      /* a document expired fewer days ago is not reported */
  char countries_sanctioned[64];   /* comma-separated alpha-2: comprehensive sanctions ("KP") */
  char countries_elevated[96];     /* where DPRK IT workers are reported to work from ("CN,RU,...") */
  /* How telling a disagreement between two countries of one subject is: */
  double pair_residence_payout;    /* claimed residence vs a bank payout account's country */
  double pair_residence_payout_service; /* ... vs a PayPal, Payoneer or Wise account's country */
  double pair_residence_phone;     /* claimed residence vs a phone number's country */
  double pair_residence_address;   /* claimed residence vs a residence address's country */
  double pair_residence_other_address; /* ... vs a billing or shipping address's country */
  double pair_nationality_document;/* nationality vs a document's nationality */
  double pair_nationality_issuer;  /* nationality vs a passport's issuing country */
  double pair_residence_issuer;    /* claimed residence vs a document's issuing country (expatriates) */
  double elevated_pair_boost;      /* share of the gap to 1 closed when the other country is elevated */
  double family_holder_factor;     /* payout holder sharing the subject's surname: weight multiplier */
  double remote_share;             /* share of sessions with a remote-access tool that is reported */
  double vm_share;                 /* share of sessions in a virtual machine that is reported */
  uint32_t round_the_clock_hours;  /* a day whose activity spans this many hours is worked round the clock */
  uint32_t round_the_clock_days;   /* ... reported when more days than this are */
  double tz_mismatch_share;        /* share of sessions whose browser offset is not the claimed zone's */
  uint32_t tz_tolerance_min;       /* offsets this close to the claimed zone's count as the same */
  /* Location and behaviour signals over IP data and timing (events/signals.c): */
  uint32_t max_events_per_subject; /* only the newest this many events of a subject are analysed */
  uint32_t ip_min_sessions;        /* fewer located sessions: no share-based location signal */
  double anonymizer_share;         /* share of located sessions via VPN, hosting or Tor that is reported */
  double high_risk_network_share;  /* ... from networks in countries_elevated */
  double ip_country_share;         /* ... from a country other than the claimed residence */
  double travel_max_kmh;           /* consecutive logins needing a faster journey are impossible travel */
  double travel_min_km;            /* shorter hops are never impossible travel (borders, coarse centroids) */
  uint32_t travel_min_hops;        /* impossible travel is reported from this many hops */
  double language_share;           /* share of sessions whose browser language is out of place */
  double language_profile_factor;  /* strength when only the profile's languages are out of place */
  uint32_t rhythm_min_events;      /* fewer events: no activity rhythm is inferred */
  uint32_t rhythm_min_shift_h;     /* inferred offset this many hours from the claimed one is reported */
  double rhythm_min_llr;           /* mean log-likelihood ratio per event, inferred vs claimed offset */
  double rhythm_other_factor;      /* strength when the inferred offset is not UTC+8/+9 */
  double rhythm_night_share;       /* share of events in the claimed zone's night 01:00-06:00 ... */
  uint32_t rhythm_sure_shift_h;    /* ... needed unless the shift is this many hours or more */
  uint32_t takeover_min_age_days;  /* an account this old is established */
  uint32_t takeover_window_days;   /* new device, new IP country and payout change within this many days */
  /* Many accounts in one place (check/farm.c): */
  uint32_t farm_window_days;       /* sessions of different subjects this close in time are together */
  uint32_t farm_min_subjects;      /* distinct subjects on one residential IP within the window */
  uint32_t farm_max_subjects;      /* more is a shared network (carrier NAT, campus), not a farm */
  uint32_t farm_device_min_subjects; /* distinct subjects on one device id */
  double farm_claims_factor;       /* strength when only the subjects' claimed places (not remote tools) betray the farm */
  /* One client boosting a group of linked accounts (check/collusion.c): */
  uint32_t collusion_window_days;  /* reviews of a group's members by one client this many days apart or less are together */
  uint32_t collusion_min_members;  /* distinct members of one group reviewed by one client within the window */
  uint32_t collusion_max_reviews;  /* a client with more reviews is a marketplace's or agency's account, not judged by them */
};

/* Linking subjects through shared identifiers into groups (link/graph.c and link/groups.c,
 * docs/linking.md).  Strengths are in [0,1]; an identifier shared by two
 * or more subjects links them when its strength reaches min_strength. */
enum vet_link_kind {
  VET_LINK_EMAIL = 0,  /* canonical mailbox */
  VET_LINK_PHONE,      /* E.164 */
  VET_LINK_DEVICE,     /* events[].device_id */
  VET_LINK_PAYOUT,     /* payout account (kind + normalized account) */
  VET_LINK_CRYPTO,     /* crypto address */
  VET_LINK_HOLDER,     /* payout holder who is not the subject */
  VET_LINK_DOCUMENT,   /* issuer + document number */
  VET_LINK_ADDRESS,    /* normalized address text + country */
  VET_LINK_PROFILE,    /* GitHub or LinkedIn profile */
  VET_LINK_WEBSITE,    /* website host */
  VET_LINK_PHOTO,      /* profile or document image, perceptual hash within photo_max_distance */
  VET_LINK_TEXT,       /* resume or bio, MinHash Jaccard at least text_min_jaccard */
  VET_LINK_IP,         /* residential address within check.farm_window_days (check/farm.c) */
  VET_LINK_KINDS
};
struct vet_link_config {
  double weight[VET_LINK_KINDS];  /* link.weight.<kind> */
  double min_strength;            /* weaker shared identifiers do not link */
  uint32_t max_subjects;          /* an identifier shared by more subjects is common, not a link */
  double family_factor;           /* strength multiplier of a payout or address shared by one family */
  uint32_t photo_max_distance;    /* Hamming distance of near-identical images */
  double text_min_jaccard;        /* estimated Jaccard of near-duplicate texts */
  uint32_t text_min_words;        /* shorter texts are not compared */
  double raise_min_score;         /* a member this high-risk on its own raises its group (ring.high_risk_member) */
  uint32_t max_group_size;        /* larger components are split by their stronger links (vet_links_finish) */
  char photo_dir[1024];            /* relative "photo" file names are under this directory; "" for the current one */
};
/* "email", "phone", ... of a link kind. */
const char *vet_link_kind_name(enum vet_link_kind k);

/* How findings combine into a score (docs/rules.md). */
struct vet_risk_config {
  double weight[VET_RULE_COUNT];   /* rule.<id>.weight */
  uint32_t enabled[VET_RULE_COUNT];/* rule.<id>.enabled: 0 or 1 */
  double band_medium, band_high, band_critical; /* score thresholds of the bands */
  double critical_floor;           /* a critical finding lifts the score to at least this */
};

struct vet_config {
  struct vet_match_config match;
  struct vet_check_config check;
  struct vet_risk_config risk;
  struct vet_link_config link;
  uint32_t lists_max_age_days;   /* `vetter lists` warns about older lists */
  double lists_update_min_ratio; /* an update must keep this share of the old entity count */
  uint32_t lists_update_timeout_s;
  char ip_mmdb[1024];            /* MaxMind-format database for city coordinates; "" for none */
};

/* The built-in defaults. */
void vet_config_defaults(struct vet_config *c);

/* Read "key = value" lines ('#' comments) from path into c (which should
 * hold defaults first).  Unknown keys and bad values fail with the file,
 * line and key named; c is left unchanged then. */
vet_err vet_config_load(struct vet_config *c, const char *path, struct vet_error *e);
/* Set one setting by name from text ("match.threshold", "0.85"). */
vet_err vet_config_set(struct vet_config *c, const char *key, vet_str value, struct vet_error *e);

/* Iterate the settings: name, value as text (in buf), and documentation.
 * Returns false past the end. */
bool vet_config_item(const struct vet_config *c, size_t i, const char **name, char *buf, size_t cap,
                     const char **doc);

#endif
