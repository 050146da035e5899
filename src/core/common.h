/* core/common.h - what every library file includes: the public value
 * types, small growable-array helper and the banned-function list.
 * Owns: nothing.
 * Thread-safety: safe from any thread. */
#ifndef VET_CORE_COMMON_H
#define VET_CORE_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vetter/error.h"
#include "vetter/str.h"

/* Grow *items (element size elem) so that one more fits; returns the new
 * slot (zeroed) and increments *n, or NULL when out of memory. */
void *vet_vec_push(void *items_ptr, uint32_t *n, uint32_t *cap, size_t elem);
/* Grow *items (element size elem) to hold at least need elements (exactly
 * need when it grows); false when out of memory (*items then unchanged). */
bool vet_vec_reserve(void *items_ptr, uint32_t *cap, uint32_t need, size_t elem);

#define VET_MIN(a, b) ((a) < (b) ? (a) : (b))
#define VET_MAX(a, b) ((a) > (b) ? (a) : (b))

static inline bool vet_is_ascii_alpha(int c) { return (c | 32) >= 'a' && (c | 32) <= 'z'; }
static inline bool vet_is_digit(int c) { return c >= '0' && c <= '9'; }
static inline bool vet_is_alnum(int c) { return vet_is_ascii_alpha(c) || vet_is_digit(c); }
static inline int vet_lower(int c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }
static inline int vet_upper(int c) { return (c >= 'a' && c <= 'z') ? c - 32 : c; }

/* Software prefetch: a hint that changes no result, for loops that know
 * the scattered addresses they will read some steps ahead. */
#if defined(__GNUC__) || defined(__clang__)
#define VET_PREFETCH(p) __builtin_prefetch((p), 0, 3)
#define VET_PREFETCH_W(p) __builtin_prefetch((p), 1, 3)
#define VET_PREFETCH_INLINE static inline __attribute__((always_inline))
#else
#define VET_PREFETCH(p) ((void)(p))
#define VET_PREFETCH_W(p) ((void)(p))
#define VET_PREFETCH_INLINE static inline
#endif
/* A function that does nothing but prefetch.  GCC (12) does not count a
 * prefetch as an effect, so it finds such a function pure and drops every
 * call to it, prefetch and all: declare an inline one VET_PREFETCH_INLINE
 * (inlined before GCC looks) and give one of a library's entry points
 * VET_PREFETCHER (kept out of that analysis). */
#if defined(__GNUC__) && !defined(__clang__)
#define VET_PREFETCHER __attribute__((noipa))
#else
#define VET_PREFETCHER
#endif

/* Keep a function out of line: the rare, long part of a hot test whose
 * quick rejections are inlined into its callers. */
#if defined(__GNUC__) || defined(__clang__)
#define VET_NOINLINE __attribute__((noinline))
#else
#define VET_NOINLINE
#endif

/* Transparent huge pages, for arrays of VET_HUGE_PAGES_MIN bytes or more
 * only.  In a virtual machine whose guest reports free memory to the host
 * in 2 MiB blocks (free page reporting, as on this project's benchmark
 * machine), a huge page is always such a block, which the host must
 * supply again on first touch: measured 1.8-2.2 ms a MiB on fresh huge
 * pages against 0.4 ms a MiB for 4 KiB pages, which the kernel serves
 * first from partly used blocks that are never reported
 * (docs/benchmarks.md, "Reading the figures").  Fewer TLB misses repay
 * that only in arrays of hundreds of megabytes that are read at random
 * (ten million events, sorted by subject); a run over 100,000 subjects
 * without events touches about 360 MB and is 0.3-0.5 s faster without
 * any.  Below the threshold these functions are malloc, realloc and a
 * no-op. */
#define VET_HUGE_PAGES_MIN ((size_t)256 << 20)
/* Ask for transparent huge pages under the whole 2 MiB pages inside
 * [p, p + n), and collapse the pages already there, when n is
 * VET_HUGE_PAGES_MIN or more: for large arrays read at random for the
 * process's life.  A hint like the prefetches: it changes no result
 * (core/pages.c). */
void vet_pages_huge(const void *p, size_t n);
/* malloc for a large array about to be filled once (a few bytes for each
 * of millions of events): at VET_HUGE_PAGES_MIN bytes or more it is
 * advised onto huge pages before it is touched, so that it faults in 2 MiB
 * at a time.  free() it. */
void *vet_malloc_huge(size_t n);
/* The size of the blocks of the arenas that grow large (a population's
 * strings): where glibc maps fresh memory for each block rather than
 * recycling heap memory. */
#define VET_BIG_BLOCK ((size_t)32 << 20)
/* realloc for an array that grows (by doubling): from VET_HUGE_PAGES_MIN
 * bytes on, the new block is a vet_malloc_huge one and the old one's first
 * `used` bytes are copied into it (realloc would extend the old mapping,
 * whose new pages would then fault in 4 KiB at a time); below, plain
 * realloc.  NULL, p untouched, when out of memory. */
void *vet_realloc_huge(void *p, size_t used, size_t n);

/* Most threads vet_parallel_for runs on (more are capped). */
#define VET_PARALLEL_MAX_THREADS 256
/* Run fn(ctx, worker, k) for every k in [0, n), on up to `threads`
 * threads: the calling one (worker 0) and threads - 1 started for the call
 * (workers 1, 2, ...).  Indices are handed out in turn, so what fn does
 * must not depend on which worker runs which k: the worker number is for
 * per-worker scratch.  A thread that cannot be started leaves its share
 * to the others.  Returns when every k is done (core/parallel.c). */
void vet_parallel_for(uint32_t threads, size_t n, void (*fn)(void *ctx, uint32_t worker, size_t k), void *ctx);

/* FNV-1a over 64-bit words (the tail byte by byte): a checksum of a
 * compiled file (the IP table, the list snapshot) fast enough to verify at
 * every open (several GB/s), catching truncation and bit rot; not a
 * defence against a forger. */
#define VET_CHECKSUM_SEED 1469598103934665603ull
/* seed: VET_CHECKSUM_SEED, or the checksum of the bytes before p when
 * they are a whole number of words long (a file summed in parts). */
static inline uint64_t vet_checksum(const void *p, uint64_t n, uint64_t seed)
{
  const unsigned char *b = p;
  uint64_t h = seed;
  uint64_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    memcpy(&w, b + i, 8);
    h = (h ^ w) * 1099511628211ull;
  }
  for (; i < n; i++)
    h = (h ^ b[i]) * 1099511628211ull;
  return h;
}

/* FNV-1a over bytes, for hash tables. */
static inline uint64_t vet_hash(const void *p, size_t n, uint64_t seed)
{
  const unsigned char *s = p;
  uint64_t h = 1469598103934665603ull ^ seed;
  for (size_t i = 0; i < n; i++) {
    h ^= s[i];
    h *= 1099511628211ull;
  }
  return h ^ (h >> 29);
}

#include "core/banned.h"

#endif
