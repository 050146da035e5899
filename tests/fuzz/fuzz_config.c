/* fuzz_config.c - fuzz target for the vetter.conf reader (core/config.c):
 * the bytes go to a temp file that vet_config_load reads.  A failed load
 * must leave the config exactly as it was; a successful one must leave
 * every setting printable. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/common.h"
#include "vetter/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  char path[] = "/tmp/vet_fuzz_conf_XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0)
    return 0;
  size_t off = 0;
  while (off < size) {
    ssize_t w = write(fd, data + off, size - off);
    if (w <= 0)
      break;
    off += (size_t)w;
  }
  close(fd);

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
  char buf[64];
  for (size_t i = 0; vet_config_item(&c, i, &name, buf, sizeof buf, &doc); i++)
    if (!name || !doc || !buf[0])
      abort();
  return 0;
}
