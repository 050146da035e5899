/* fuzz/fuzz_un_xml.c - libFuzzer target for the un_xml list loader
 * (lists/un_xml.c over io/xml.c): the input is written to a temporary file
 * and loaded as a list; any result is fine, crashes and leaks are not. */
#include "fuzzutil.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  fuzz_load_bytes("un_xml", data, size, NULL); /* no country table: names stay unresolved */
  return 0;
}
