/* fuzz/fuzz_un_xml.c - libFuzzer target for the un_xml list loader
 * (lists/un_xml.c over io/xml.c): the input is written to a temporary file
 * and loaded as a list; any result is fine, crashes and leaks are not. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "vetter/entity.h"
#include "vetter/lists.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  char path[] = "/tmp/vet_fuzz_un_xml_XXXXXX";
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
  struct vet_listset *ls = vet_listset_new(NULL); /* no country table: names stay unresolved */
  if (ls) {
    struct vet_list meta = {.name = VET_LIT("fuzz")};
    struct vet_error e = {0};
    if (vet_lists_load(ls, "un_xml", path, &meta, &e) == VET_OK)
      (void)vet_listset_freeze(ls, &e);
    vet_listset_free(ls);
  }
  unlink(path);
  return 0;
}
