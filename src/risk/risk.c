/* risk/risk.c - findings and their combination into a score and a band
 * (the rule is stated in vetter/risk.h and docs/rules.md). */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>

#include "core/common.h"
#include "vetter/json.h"
#include "vetter/risk.h"

const char *vet_band_name(enum vet_band b)
{
  static const char *const n[] = {"low", "medium", "high", "critical"};
  return (size_t)b < VET_COUNTOF(n) ? n[b] : "low";
}

void vet_findings_init(struct vet_findings *f, const struct vet_risk_config *cfg)
{
  memset(f, 0, sizeof *f);
  f->cfg = cfg;
}

void vet_findings_reset(struct vet_findings *f)
{
  for (uint32_t i = 0; i < f->n; i++)
    json_decref(f->v[i].evidence);
  f->n = 0;
}

void vet_findings_release(struct vet_findings *f)
{
  vet_findings_reset(f);
  free(f->v);
  f->v = NULL;
  f->cap = 0;
}

bool vet_rule_enabled(const struct vet_findings *f, enum vet_rule r)
{
  return r < VET_RULE_COUNT && f->cfg->enabled[r];
}

vet_err vet_findings_add(struct vet_findings *f, enum vet_rule r, double strength, enum vet_severity sev,
                         json_t *evidence, const char *fmt, ...)
{
  if (!vet_rule_enabled(f, r)) {
    json_decref(evidence);
    return VET_OK;
  }
  if (!evidence)
    evidence = json_object();
  struct vet_finding *x = vet_vec_push(&f->v, &f->n, &f->cap, sizeof *x);
  if (!x || !evidence) {
    if (x)
      f->n--;
    json_decref(evidence);
    return VET_ENOMEM;
  }
  if (!(strength >= 0)) /* NaN too */
    strength = 0;
  x->rule = r;
  x->severity = sev;
  x->weight = f->cfg->weight[r] * VET_MIN(strength, 1.0);
  x->evidence = evidence;
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(x->message, sizeof x->message, fmt, ap);
  va_end(ap);
  if (n >= (int)sizeof x->message) /* cut inside a character: not valid UTF-8, and jansson would drop it */
    x->message[vet_utf8_whole(vet_str_c(x->message))] = 0;
  return VET_OK;
}

static int finding_cmp(const void *a, const void *b)
{
  const struct vet_finding *x = a, *y = b;
  if (x->severity != y->severity)
    return x->severity > y->severity ? -1 : 1;
  if (x->weight != y->weight)
    return x->weight > y->weight ? -1 : 1;
  return x->rule < y->rule ? -1 : x->rule > y->rule;
}

void vet_risk_score(struct vet_findings *f, struct vet_risk *out)
{
  const struct vet_risk_config *c = f->cfg;
  double strongest[VET_RULE_COUNT] = {0};
  enum vet_severity top = VET_SEV_INFO;
  for (uint32_t i = 0; i < f->n; i++) {
    const struct vet_finding *x = &f->v[i];
    if (x->weight > strongest[x->rule])
      strongest[x->rule] = x->weight;
    if (x->severity > top)
      top = x->severity;
  }
  double keep = 1;
  for (int r = 0; r < VET_RULE_COUNT; r++)
    keep *= 1 - strongest[r];
  double score = 100 * (1 - keep);
  if (top == VET_SEV_CRITICAL && score < c->critical_floor)
    score = c->critical_floor;
  score = round(score * 10) / 10;
  out->score = score;
  out->top = top;
  out->band = score >= c->band_critical ? VET_BAND_CRITICAL
              : score >= c->band_high   ? VET_BAND_HIGH
              : score >= c->band_medium ? VET_BAND_MEDIUM
                                        : VET_BAND_LOW;
  if (f->n > 1)
    qsort(f->v, f->n, sizeof *f->v, finding_cmp);
}

json_t *vet_finding_json(const struct vet_finding *x)
{
  /* built member by member: what json_pack("{s:s, s:s, s:o, s:s, s:O}")
   * gives, without parsing its format for every finding of every report
   * (NULL when a member cannot be made, as json_pack) */
  json_t *o = json_object();
  json_t *msg = json_string(x->message); /* checked: the text holds subject data */
  json_t *weight = vet_json_score(x->weight);
  if (!o || !msg || !weight || !x->evidence) {
    json_decref(o);
    json_decref(msg);
    json_decref(weight);
    return NULL;
  }
  /* every set_new takes its value, failed or not: no short cut */
  int bad = json_object_set_new_nocheck(o, "rule", json_string_nocheck(vet_rule_get(x->rule)->id)) |
            json_object_set_new_nocheck(o, "severity", json_string_nocheck(vet_severity_name(x->severity))) |
            json_object_set_new_nocheck(o, "score_weight", weight) | json_object_set_new_nocheck(o, "message", msg) |
            json_object_set_nocheck(o, "evidence", x->evidence);
  if (bad) {
    json_decref(o);
    return NULL;
  }
  return o;
}
