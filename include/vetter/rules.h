/* vetter/rules.h - the rule catalogue: every kind of finding Vetter can
 * report, with a stable id, default severity and weight, what it means,
 * what data it needs and where the signal comes from.  docs/rules.md is
 * generated from it (`vetter rules --markdown`).
 * Owns: nothing; the catalogue is a static table.
 * Thread-safety: safe from any thread. */
#ifndef VETTER_RULES_H
#define VETTER_RULES_H

#include <stddef.h>

enum vet_severity { VET_SEV_INFO = 0, VET_SEV_LOW, VET_SEV_MEDIUM, VET_SEV_HIGH, VET_SEV_CRITICAL };
const char *vet_severity_name(enum vet_severity s); /* "info" ... "critical" */

/* The rules as an X-macro list (enum name, stable id), so that the enum,
 * the catalogue and the rule.<id>.* settings stay in step.  Append new
 * rules at the end; ids never change once released. */
#define VET_RULES(X)                                              \
  X(SANCTIONS_IDENTIFIER, "sanctions.identifier")                 \
  X(SANCTIONS_NAME, "sanctions.name")                             \
  X(SANCTIONS_PAYOUT_HOLDER, "sanctions.payout_holder")           \
  X(SANCTIONS_EMPLOYER, "sanctions.employer")                     \
  X(DOCUMENT_MRZ_INVALID, "document.mrz_invalid")                 \
  X(DOCUMENT_MRZ_MISMATCH, "document.mrz_mismatch")               \
  X(DOCUMENT_EXPIRED, "document.expired")                         \
  X(DOCUMENT_NUMBER_REUSED, "document.number_reused")             \
  X(IDENTITY_NAME_MISMATCH, "identity.name_mismatch")             \
  X(IDENTITY_BIRTH_DATE_MISMATCH, "identity.birth_date_mismatch") \
  X(IDENTITY_COUNTRY_MISMATCH, "identity.country_mismatch")       \
  X(IDENTITY_SANCTIONED_COUNTRY, "identity.sanctioned_country")   \
  X(PHONE_INVALID, "phone.invalid")                               \
  X(PHONE_VIRTUAL, "phone.virtual")                               \
  X(EMAIL_INVALID, "email.invalid")                               \
  X(EMAIL_DISPOSABLE, "email.disposable")                         \
  X(EMAIL_FREE_PROVIDER, "email.free_provider")                   \
  X(EMAIL_NAME_UNRELATED, "email.name_unrelated")                 \
  X(PAYOUT_CRYPTO, "payout.crypto")                               \
  X(PAYOUT_THIRD_PARTY, "payout.third_party")                     \
  X(PAYOUT_HIGH_RISK_COUNTRY, "payout.high_risk_country")         \
  X(BEHAVIOUR_REMOTE_ACCESS, "behaviour.remote_access")           \
  X(BEHAVIOUR_KVM_DEVICE, "behaviour.kvm_device")                 \
  X(BEHAVIOUR_VIRTUAL_MACHINE, "behaviour.virtual_machine")       \
  X(BEHAVIOUR_ROUND_THE_CLOCK, "behaviour.round_the_clock")       \
  X(BEHAVIOUR_TIMEZONE_MISMATCH, "behaviour.timezone_mismatch")   \
  X(LOCATION_ANONYMIZER, "location.anonymizer")                 \
  X(LOCATION_DPRK_NETWORK, "location.dprk_network")             \
  X(LOCATION_HIGH_RISK_NETWORK, "location.high_risk_network")   \
  X(LOCATION_COUNTRY_MISMATCH, "location.country_mismatch")     \
  X(LOCATION_IMPOSSIBLE_TRAVEL, "location.impossible_travel")   \
  X(BEHAVIOUR_LANGUAGE_MISMATCH, "behaviour.language_mismatch") \
  X(BEHAVIOUR_ACTIVITY_RHYTHM, "behaviour.activity_rhythm")     \
  X(BEHAVIOUR_ACCOUNT_TAKEOVER, "behaviour.account_takeover") \
  X(LOCATION_LAPTOP_FARM, "location.laptop_farm")             \
  X(LOCATION_TIMEZONE_VS_IP, "location.timezone_vs_ip")       \
  X(RING_SHARED_PAYOUT, "ring.shared_payout")                   \
  X(RING_REUSED_PHOTO, "ring.reused_photo")                     \
  X(RING_DUPLICATE_TEXT, "ring.duplicate_text")                 \
  X(RING_SHARED_CONTACT, "ring.shared_contact")                 \
  X(RING_REVIEW_COLLUSION, "ring.review_collusion")             \
  X(RING_HIGH_RISK_MEMBER, "ring.high_risk_member")

#define VET_RULE_ENUM_(name, id) VET_RULE_##name,
enum vet_rule { VET_RULES(VET_RULE_ENUM_) VET_RULE_COUNT };
#undef VET_RULE_ENUM_

struct vet_rule_def {
  const char *id;             /* "sanctions.identifier" */
  enum vet_severity severity; /* default severity */
  double weight;              /* default weight in [0,1] (docs/rules.md: how findings combine) */
  const char *title;          /* one line */
  const char *meaning;        /* what it means and how strong it is */
  const char *needs;          /* input fields it reads */
  const char *source;         /* where the signal is documented */
};

/* The definition of rule r; NULL past the end. */
const struct vet_rule_def *vet_rule_get(enum vet_rule r);
/* Rule by id; VET_RULE_COUNT when unknown. */
enum vet_rule vet_rule_find(const char *id, size_t len);

#endif
