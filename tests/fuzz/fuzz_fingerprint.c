/* fuzz_fingerprint.c - fuzz target for the decision semantics of
 * store/decision.c: the findings fingerprint and the review of a decision,
 * over any JSON a stored report could hold.  The fingerprint must be 16
 * hex digits and the same for the same report; a report reviewed against
 * itself must leave the decision standing. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/common.h"
#include "vetter/store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  json_t *r = json_loadb((const char *)data, size, 0, NULL);
  if (!r)
    return 0;
  char a[VET_FINGERPRINT_HEX + 1], b[VET_FINGERPRINT_HEX + 1];
  if (vet_findings_fingerprint(r, a, NULL) == VET_OK) {
    if (strlen(a) != VET_FINGERPRINT_HEX || strspn(a, "0123456789abcdef") != VET_FINGERPRINT_HEX)
      abort();
    if (vet_findings_fingerprint(r, b, NULL) != VET_OK || strcmp(a, b))
      abort();
    struct vet_decision d = {.subject = VET_LIT("s"), .status = VET_DECISION_CLEARED, .by = VET_LIT("fuzz"),
                             .at = 0, .fingerprint = vet_str_c(a)};
    struct vet_decision_review rv;
    if (vet_decision_review(&d, r, r, &rv, NULL) != VET_OK || !rv.stands)
      abort();
    if (vet_decision_review(&d, NULL, r, &rv, NULL) != VET_OK || !rv.stands) /* by fingerprint */
      abort();
    d.fingerprint = VET_LIT("");
    if (vet_decision_review(&d, NULL, r, &rv, NULL) != VET_OK || rv.n_new_rules > VET_REVIEW_MAX_RULES)
      abort();
  }
  json_decref(r);
  return 0;
}
