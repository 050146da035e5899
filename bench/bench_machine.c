/* bench_machine.c - how fast this machine runs right now, printed beside
 * the benchmarks so that figures taken at different times can be compared:
 * the virtual machines the figures in docs/benchmarks.md come from change
 * speed by a third or more from minute to minute, for every program alike.
 * Four probes of at most a second each, on one core:
 * - compute: a chain of dependent multiply-xorshift steps in registers
 *   (ns per step; the CPU's own speed);
 * - cache: a random cyclic walk over 4 MiB of indices, each load
 *   depending on the one before (ns per load: mostly the shared last-level
 *   cache, which other tenants of the host also fill);
 * - memory: the same walk over 256 MiB (ns per load: a cache and TLB miss);
 * - page faults: first writes to fresh 64 MiB of memory (ms per GiB: what
 *   filling new arrays costs, dearer in a virtual machine), on 4 KiB pages
 *   and on memory advised onto 2 MiB transparent huge pages (as `vetter
 *   check` has it).  The first round's figure is printed beside the best:
 *   a virtual machine that hands free memory back to its host (free page
 *   reporting) supplies memory no process used a moment before at a far
 *   higher cost, and every command starts on such memory.
 * Usage: bench_machine [--rounds N]   (the best of N rounds each; 3) */
#define _DEFAULT_SOURCE /* mmap's MAP_ANONYMOUS */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "core/common.h"
#include "vetter/vetter.h"

#define COMPUTE_STEPS 100000000u
#define CHASE_BYTES ((size_t)256 << 20)
#define CACHE_BYTES ((size_t)4 << 20)
#define CHASE_LOADS 2000000u
#define FAULT_BYTES ((size_t)64 << 20)
#define PAGE 4096u

static uint64_t xorshift(uint64_t *s)
{
  *s ^= *s << 13;
  *s ^= *s >> 7;
  *s ^= *s << 17;
  return *s;
}

/* ns per step of a dependent chain; *sink keeps the result alive. */
static double compute(uint64_t *sink)
{
  uint64_t x = 0x9E3779B97F4A7C15ull;
  double t0 = vet_now();
  for (uint32_t i = 0; i < COMPUTE_STEPS; i++) {
    x *= 0xD1342543DE82EF95ull;
    x ^= x >> 29;
  }
  double dt = vet_now() - t0;
  *sink ^= x;
  return dt * 1e9 / COMPUTE_STEPS;
}

/* ns per load of a walk through next[] (one cycle over every slot). */
static double chase(const uint32_t *next, uint64_t *sink)
{
  uint32_t at = 0;
  double t0 = vet_now();
  for (uint32_t i = 0; i < CHASE_LOADS; i++)
    at = next[at];
  double dt = vet_now() - t0;
  *sink ^= at;
  return dt * 1e9 / CHASE_LOADS;
}

/* The size of a transparent huge page on x86-64 (and arm64 with 4 KiB
 * pages); advice on another size is refused, which is harmless. */
#define HUGE_PAGE ((size_t)2 << 20)

/* ms per GiB of first writes to fresh anonymous memory, advised onto huge
 * pages when huge; < 0 when it cannot be had. */
static double faults(bool huge)
{
  double t0 = vet_now();
  size_t len = FAULT_BYTES + (huge ? HUGE_PAGE : 0); /* room to align */
  unsigned char *m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (m == MAP_FAILED)
    return -1;
  unsigned char *p = m;
  if (huge) {
    p = (unsigned char *)(((uintptr_t)m + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1));
#ifdef MADV_HUGEPAGE
    (void)madvise(p, FAULT_BYTES, MADV_HUGEPAGE);
#endif
  }
  for (size_t o = 0; o < FAULT_BYTES; o += PAGE)
    p[o] = 1;
  double dt = vet_now() - t0;
  munmap(m, len);
  return dt * 1e3 * (double)((size_t)1 << 30) / (double)FAULT_BYTES;
}

/* n slots holding one random cycle through all of them (Sattolo's
 * shuffle), so that a walk never settles into a part that fits a cache;
 * NULL when out of memory. */
static uint32_t *cycle(size_t n, uint64_t *seed)
{
  uint32_t *next = malloc(n * sizeof *next), *order = malloc(n * sizeof *order);
  if (!next || !order) {
    free(next);
    free(order);
    return NULL;
  }
  for (size_t i = 0; i < n; i++)
    order[i] = (uint32_t)i;
  for (size_t i = n - 1; i > 0; i--) {
    size_t j = xorshift(seed) % i;
    uint32_t t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  for (size_t i = 0; i < n; i++)
    next[order[i]] = order[(i + 1) % n];
  free(order);
  return next;
}

int main(int argc, char **argv)
{
  unsigned rounds = 3;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--rounds") && i + 1 < argc) {
      rounds = (unsigned)strtoul(argv[++i], NULL, 10);
    } else {
      fprintf(stderr, "usage: bench_machine [--rounds N]\n");
      return 2;
    }
  }
  if (!rounds)
    rounds = 1;
  uint64_t seed = 20261129;
  uint32_t *next = cycle(CHASE_BYTES / sizeof(uint32_t), &seed);
  uint32_t *small = cycle(CACHE_BYTES / sizeof(uint32_t), &seed);
  if (!next || !small) {
    free(next);
    free(small);
    fprintf(stderr, "bench_machine: out of memory\n");
    return 1;
  }
  uint64_t sink = 0;
  double best_c = 0, best_l = 0, best_m = 0, best_f = 0, best_h = 0, first_f = 0, first_h = 0;
  for (unsigned r = 0; r < rounds; r++) {
    /* the huge pages first: the first round's then come from memory this
     * process has not used yet */
    double h = faults(true), f = faults(false);
    double c = compute(&sink), l = chase(small, &sink), m = chase(next, &sink);
    best_c = r == 0 || c < best_c ? c : best_c;
    best_l = r == 0 || l < best_l ? l : best_l;
    best_m = r == 0 || m < best_m ? m : best_m;
    best_f = r == 0 || (f >= 0 && f < best_f) ? f : best_f;
    best_h = r == 0 || (h >= 0 && h < best_h) ? h : best_h;
    first_f = r == 0 ? f : first_f;
    first_h = r == 0 ? h : first_h;
  }
  free(next);
  free(small);
  printf("machine now (best of %u): compute %.3f ns a step, cache %.1f ns a load, memory %.0f ns a load, "
         "page faults %.0f ms a GiB (first round %.0f), on huge pages %.0f ms a GiB (first round %.0f) "
         "(checksum %llu)\n",
         rounds, best_c, best_l, best_m, best_f, first_f, best_h, first_h, (unsigned long long)(sink & 0xff));
  return 0;
}
