/* vetter/risk.h - the risk engine: findings (a rule, a severity, a weight,
 * a message and its evidence), and how one subject's findings combine
 * into a 0-100 score and a band.
 *
 * The rule (docs/rules.md): findings of one rule count once, at their
 * strongest; different rules are independent signals and combine as
 * 1 - prod(1 - w), so weak signals add up without ever passing 100; a
 * critical finding lifts the score to at least risk.critical_floor.
 * Owns: a vet_findings owns its array and the evidence (jansson
 * references) of its findings.
 * Thread-safety: one thread at a time per vet_findings. */
#ifndef VETTER_RISK_H
#define VETTER_RISK_H

#include <jansson.h>

#include "vetter/config.h"
#include "vetter/rules.h"

enum vet_band { VET_BAND_LOW = 0, VET_BAND_MEDIUM, VET_BAND_HIGH, VET_BAND_CRITICAL };
const char *vet_band_name(enum vet_band b); /* "low" ... "critical" */

struct vet_finding {
  enum vet_rule rule;
  enum vet_severity severity;
  double weight;      /* rule weight x strength, in [0,1] */
  char message[256];  /* one sentence for the analyst */
  json_t *evidence;   /* owned object */
};

struct vet_findings {
  struct vet_finding *v;
  uint32_t n, cap;
  const struct vet_risk_config *cfg; /* borrowed */
};

void vet_findings_init(struct vet_findings *f, const struct vet_risk_config *cfg);
/* Drop every finding, keep the storage. */
void vet_findings_reset(struct vet_findings *f);
void vet_findings_release(struct vet_findings *f);

/* Add a finding of rule r with strength in [0,1] (the weight is the rule's
 * configured weight times the strength) and severity sev (use
 * vet_rule_get(r)->severity for the default).  evidence is stolen (may be
 * NULL: an empty object).  A disabled rule adds nothing.  VET_ENOMEM. */
vet_err vet_findings_add(struct vet_findings *f, enum vet_rule r, double strength, enum vet_severity sev,
                         json_t *evidence, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;

/* True when rule r is enabled in the configuration. */
bool vet_rule_enabled(const struct vet_findings *f, enum vet_rule r);

struct vet_risk {
  double score;      /* 0-100, one decimal */
  enum vet_band band;
  enum vet_severity top; /* highest severity among the findings (INFO when none) */
};

/* Combine the findings (see the header comment) and sort them strongest
 * first (severity, then weight). */
void vet_risk_score(struct vet_findings *f, struct vet_risk *out);

/* {"rule","severity","score_weight","message","evidence"}; new reference. */
json_t *vet_finding_json(const struct vet_finding *x);

#endif
