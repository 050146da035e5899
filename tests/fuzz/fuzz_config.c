/* fuzz_config.c - fuzz target for the vetter.conf reader (core/config.c):
 * the bytes go to a temp file that vet_config_load reads.  A failed load
 * must leave the config exactly as it was; a successful one must leave
 * every setting printable (and non-empty, but for the optional ip.mmdb). */
#include "fuzzutil.h"
#include "vetter/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  char path[64];
  if (fuzz_temp_file(path, sizeof path, data, size) != 0)
    return 0;

  struct vet_config c, before;
  vet_config_defaults(&c);
  memcpy(&before, &c, sizeof c);
  struct vet_error e;
  vet_error_clear(&e);
  vet_err rc = vet_config_load(&c, path, &e);
  unlink(path);
  if (rc != VET_OK) {
    if (memcmp(&c, &before, sizeof c) != 0 || e.code != rc || e.msg[0] == 0)
      abort();
    return 0;
  }
  const char *name, *doc;
  char buf[1100];
  for (size_t i = 0; vet_config_item(&c, i, &name, buf, sizeof buf, &doc); i++)
    if (!name || !doc || (!buf[0] && strcmp(name, "ip.mmdb") != 0 && strcmp(name, "link.photo_dir") != 0)) /* paths may be empty */
      abort();
  return 0;
}
