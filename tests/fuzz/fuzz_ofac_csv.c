/* fuzz/fuzz_ofac_csv.c - the OFAC legacy CSV loader on arbitrary bytes.
 * The input becomes sdn.csv in a fresh temporary directory; the bits of
 * its first byte choose whether the same bytes also become add.csv (1),
 * alt.csv (2) and sdn_comments.csv (4), so the secondary-file paths and
 * the remarks overflow join are fuzzed too. */
#include "fuzzutil.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static const char *const names[] = {"sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv"};
  char dir[64];
  if (fuzz_temp_dir(dir, sizeof dir) != 0)
    return 0;
  unsigned sel = size ? data[0] : 0;
  for (int i = 0; i < 4; i++) {
    if (i > 0 && !(sel & (1u << (i - 1))))
      continue;
    char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, names[i]);
    (void)fuzz_write_file(path, data, size);
  }
  fuzz_load("ofac_csv", dir, NULL);
  fuzz_remove_dir(dir, names, 4);
  return 0;
}
