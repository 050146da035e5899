/* fuzz_image.c - fuzz target for vet_phash_mem (link/phash.c): arbitrary
 * bytes sniffed, decoded as PNG or JPEG under the caps and hashed.  Any
 * result is fine; a crash, a leak, a print or an empty message on failure
 * is not.  A hash that is made formats and parses back to itself. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/common.h"
#include "vetter/phash.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  uint64_t h = 0, back = 0;
  struct vet_error e = {0};
  vet_err rc = vet_phash_mem(data, size, "fuzz", &h, &e);
  if (rc != VET_OK) {
    if (!e.msg[0] || strncmp(e.msg, "photo 'fuzz': ", 14) != 0)
      abort();
    return 0;
  }
  char hex[VET_PHASH_HEX_LEN + 1];
  if (vet_phash_parse(vet_str_c(vet_phash_format(h, hex, sizeof hex)), &back, NULL) != VET_OK || back != h)
    abort();
  if (vet_phash_distance(h, back) != 0)
    abort();
  return 0;
}
