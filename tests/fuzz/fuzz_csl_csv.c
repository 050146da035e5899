/* fuzz/fuzz_csl_csv.c - libFuzzer target for the US Consolidated Screening
 * List loader (lists/csl_csv.c): the input is written to a temporary file
 * and loaded as a list, with the real country table so that the
 * country-splitting paths run too; any result is fine, crashes and leaks
 * are not. */
#include "fuzzutil.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  fuzz_load_bytes("csl_csv", data, size, fuzz_countries());
  return 0;
}
