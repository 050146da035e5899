/* fuzz_ip.c - fuzz target for vet_ip_parse and vet_ipdb_open (ip/ipdb.c).
 * First byte even: the rest is an address; a parsed address formats and
 * parses back to the same bytes.  Odd: the rest is a table file; opening
 * it may fail (cleanly), and a table that opens answers lookups at the
 * edges of both families without reading out of bounds. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/common.h"
#include "fuzzutil.h"
#include "vetter/ip.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_addr(const uint8_t *data, size_t size)
{
  struct vet_ip_addr a, back;
  if (vet_ip_parse((vet_str){(const char *)data, size}, &a) != VET_OK)
    return;
  char buf[64];
  vet_ip_format(&a, buf, sizeof buf);
  if (vet_ip_parse(vet_str_c(buf), &back) != VET_OK || memcmp(a.b, back.b, sizeof a.b) || a.v4 != back.v4)
    abort();
}

static void fuzz_table(const uint8_t *data, size_t size)
{
  char path[] = "/tmp/vetter-fuzz-ip-XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0)
    return;
  close(fd);
  if (fuzz_write_file(path, data, size)) {
    unlink(path);
    return;
  }
  struct vet_error e;
  struct vet_ipdb *db = vet_ipdb_open(path, NULL, &e);
  unlink(path);
  if (!db)
    return;
  static const char *const probes[] = {"0.0.0.0", "255.255.255.255", "8.8.8.8", "::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
                                       "2001:db8::1", "::ffff:0.0.0.1"};
  for (size_t i = 0; i < VET_COUNTOF(probes); i++) {
    struct vet_ip_addr a;
    struct vet_ip_info in;
    if (vet_ip_parse(vet_str_c(probes[i]), &a) != VET_OK)
      abort();
    vet_ipdb_lookup(db, &a, &in);
    if (strlen(in.org) + strlen(in.provider) + strlen(in.sources) > size)
      abort(); /* strings come from the file */
  }
  vet_ipdb_close(db);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  if (!size)
    return 0;
  if (data[0] & 1)
    fuzz_table(data + 1, size - 1);
  else
    fuzz_addr(data + 1, size - 1);
  return 0;
}
