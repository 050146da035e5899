/* fuzz_date.c - fuzz target for vet_date_parse (core/date.c).  A parsed
 * date must be a possible date; a plain full or partial date formats and
 * parses back to itself and compares with itself without conflict. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/common.h"
#include "vetter/date.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  struct vet_date d;
  memset(&d, 0, sizeof d);
  if (vet_date_parse((vet_str){(const char *)data, size}, &d) != VET_OK)
    return 0;
  if (d.year < 1000 || d.year > 2999 || d.month > 12 || (d.day && !d.month) ||
      d.day > vet_days_in_month(d.year, d.month ? d.month : 1) || (d.year_to && d.year_to < d.year))
    abort();
  enum vet_date_match m = vet_date_compare(&d, &d);
  if (m == VET_DATE_CONFLICT || m == VET_DATE_UNKNOWN)
    abort();
  char buf[32];
  vet_date_format(&d, buf, sizeof buf);
  if (!d.approx && !d.year_to) {
    struct vet_date back;
    if (vet_date_parse(vet_str_c(buf), &back) != VET_OK || back.year != d.year || back.month != d.month ||
        back.day != d.day)
      abort();
  }
  (void)vet_date_days(&d);
  return 0;
}
