/* fuzz/fuzz_ftm_json.c - libFuzzer target for the FollowTheMoney JSON-lines
 * loader (lists/ftm_json.c): the input is written to a temporary file and
 * loaded as a list, with the real country table so that the
 * country-splitting paths run too; any result is fine, crashes and leaks
 * are not. */
#include "fuzzutil.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  fuzz_load_bytes("ftm_json", data, size, fuzz_countries());
  return 0;
}
