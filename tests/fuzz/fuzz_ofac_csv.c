/* fuzz/fuzz_ofac_csv.c - the OFAC legacy CSV loader on arbitrary bytes.
 * The input becomes sdn.csv in a fresh temporary directory; the bits of
 * its first byte choose whether the same bytes also become add.csv (1),
 * alt.csv (2) and sdn_comments.csv (4), so the secondary-file paths and
 * the remarks overflow join are fuzzed too. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lists/loaders.h"

static int write_file(const char *dir, const char *name, const uint8_t *data, size_t size, char *path, size_t cap)
{
  snprintf(path, cap, "%s/%s", dir, name);
  FILE *f = fopen(path, "wb");
  if (!f)
    return -1;
  size_t n = size ? fwrite(data, 1, size, f) : 0;
  fclose(f);
  return n == size ? 0 : -1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static const char *const names[] = {"sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv"};
  char dir[] = "/tmp/vet_fuzz_ofac_XXXXXX";
  if (!mkdtemp(dir))
    return 0;
  char paths[4][64];
  int written[4] = {0};
  unsigned sel = size ? data[0] : 0;
  for (int i = 0; i < 4; i++) {
    if (i > 0 && !(sel & (1u << (i - 1))))
      continue;
    written[i] = write_file(dir, names[i], data, size, paths[i], sizeof paths[i]) == 0;
  }
  struct vet_listset *ls = vet_listset_new(NULL);
  if (ls) {
    struct vet_list meta = {.name = VET_LIT("fuzz")};
    int idx = vet_listset_add_list(ls, &meta);
    struct vet_error e = {0};
    if (idx >= 0 && vet_load_ofac_csv(ls, (uint32_t)idx, dir, &e) == VET_OK)
      (void)vet_listset_freeze(ls, &e);
    vet_listset_free(ls);
  }
  for (int i = 0; i < 4; i++)
    if (written[i])
      unlink(paths[i]);
  rmdir(dir);
  return 0;
}
