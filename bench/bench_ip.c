/* bench_ip.c - IP table lookups per second on one core (issue 4: target
 * over 5 million per second): random IPv4 and IPv6 addresses (IPv6 drawn
 * inside 2000::/4, where the ranges are) against the compiled table.
 * Usage: bench_ip [TABLE] [--lookups N]   (TABLE: DATA/ip/vetter-ip.db) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/common.h"
#include "vetter/ip.h"
#include "vetter/vetter.h"

#define BENCH_DEFAULT_LOOKUPS 20000000u
#define BENCH_ADDRS 65536u /* distinct addresses, cycled (a power of two) */

static uint64_t xorshift(uint64_t *s)
{
  *s ^= *s << 13;
  *s ^= *s >> 7;
  *s ^= *s << 17;
  return *s;
}

static double run(const struct vet_ipdb *db, const struct vet_ip_addr *addrs, uint64_t n, uint64_t *found)
{
  struct vet_ip_info in;
  uint64_t hit = 0;
  double t0 = vet_now();
  for (uint64_t i = 0; i < n; i++) {
    vet_ipdb_lookup(db, &addrs[i & (BENCH_ADDRS - 1)], &in);
    hit += in.found;
  }
  double dt = vet_now() - t0;
  *found = hit;
  return dt;
}

int main(int argc, char **argv)
{
  const char *path = NULL;
  uint64_t n = BENCH_DEFAULT_LOOKUPS;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--lookups") && i + 1 < argc) {
      if (vet_parse_u64(vet_str_c(argv[++i]), &n) || !n) {
        fprintf(stderr, "bench_ip: bad --lookups '%s'\n", argv[i]);
        return 2;
      }
    } else {
      path = argv[i];
    }
  }
  struct vet_error e = {0};
  struct vet_ipdb *db = vet_ipdb_open(path, NULL, &e);
  if (!db) {
    fprintf(stderr, "bench_ip: %s\n", e.msg);
    return 1;
  }
  struct vet_ip_addr *v4 = calloc(BENCH_ADDRS, sizeof *v4), *v6 = calloc(BENCH_ADDRS, sizeof *v6);
  if (!v4 || !v6) {
    fprintf(stderr, "bench_ip: out of memory\n");
    return 1;
  }
  uint64_t seed = 20261126;
  for (uint32_t i = 0; i < BENCH_ADDRS; i++) {
    uint64_t r = xorshift(&seed);
    v4[i].b[10] = v4[i].b[11] = 0xff;
    memcpy(v4[i].b + 12, &r, 4);
    v4[i].v4 = true;
    uint64_t r2 = xorshift(&seed);
    memcpy(v6[i].b, &r, 8);
    memcpy(v6[i].b + 8, &r2, 8);
    v6[i].b[0] = (uint8_t)(0x20 | (v6[i].b[0] & 0x0f));
  }
  struct vet_ipdb_meta m;
  vet_ipdb_meta(db, &m);
  printf("table: %u IPv4 ranges, %u IPv6 ranges, %u records, ASN data %s\n", m.v4_ranges, m.v6_ranges, m.records,
         m.has_asn ? "yes" : "no");
  uint64_t found;
  double t = run(db, v4, n, &found);
  printf("IPv4: %llu lookups in %.3f s: %.1f million/s (%.0f ns each), %.0f%% found\n", (unsigned long long)n, t,
         n / t / 1e6, t / n * 1e9, 100.0 * found / n);
  t = run(db, v6, n, &found);
  printf("IPv6: %llu lookups in %.3f s: %.1f million/s (%.0f ns each), %.0f%% found\n", (unsigned long long)n, t,
         n / t / 1e6, t / n * 1e9, 100.0 * found / n);
  free(v4);
  free(v6);
  vet_ipdb_close(db);
  return 0;
}
