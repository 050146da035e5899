/* fuzz/fuzz_csl_csv.c - libFuzzer target for the US CSL loader (lists/csl_csv.c): the input is written to a temporary
 * consolidated.csv and loaded as a list, with the real country table so that
 * the country-splitting paths run too; any result is fine, crashes and
 * leaks are not. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "lists/loaders.h"
#include "vetter/country.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  /* loaded once per process and kept: reachable, so no leak report */
  static struct vet_countries *countries;
  static int tried;
  if (!tried) {
    tried = 1;
    countries = vet_countries_load(VET_DATA_DIR "/country", NULL);
  }
  char path[] = "/tmp/vet_fuzz_csl_csv_XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0)
    return 0;
  FILE *f = fdopen(fd, "wb");
  if (!f) {
    close(fd);
    unlink(path);
    return 0;
  }
  size_t n = size ? fwrite(data, 1, size, f) : 0;
  fclose(f);
  if (n == size) {
    struct vet_listset *ls = vet_listset_new(countries);
    if (ls) {
      struct vet_list meta = {.name = VET_LIT("fuzz")};
      int idx = vet_listset_add_list(ls, &meta);
      struct vet_error e = {0};
      if (idx >= 0 && vet_load_csl_csv(ls, (uint32_t)idx, path, &e) == VET_OK)
        (void)vet_listset_freeze(ls, &e);
      vet_listset_free(ls);
    }
  }
  unlink(path);
  return 0;
}
