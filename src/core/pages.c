/* core/pages.c - backing the largest arrays (VET_HUGE_PAGES_MIN bytes or
 * more, read at random: ten million events sorted by subject) with
 * transparent huge pages: one TLB entry then covers 2 MiB instead of 4 KiB,
 * and the page walks that random reads over hundreds of megabytes cost
 * (dearer still in a virtual machine) mostly go away.  Smaller arrays stay
 * on 4 KiB pages, which are cheaper to touch for the first time in the
 * virtual machines measured (core/common.h).  A hint that changes no
 * result: where the kernel has no huge pages, or refuses, nothing happens.
 * Owns: nothing.
 * Thread-safety: safe from any thread. */
#define _DEFAULT_SOURCE /* madvise and its MADV_HUGEPAGE */
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>

#include "core/common.h"

/* The size of a huge page on x86-64 and on arm64 with 4 KiB pages; a
 * range on another size is refused by the kernel, which is harmless. */
#define HUGE_PAGE ((uintptr_t)2 << 20)

/* Linux 6.1's value, for C libraries whose headers predate it. */
#if defined(__linux__) && !defined(MADV_COLLAPSE)
#define MADV_COLLAPSE 25
#endif

/* The advice for the whole huge pages inside [p, p + n); collapse too
 * when pages may be there already (fresh: nothing was touched yet, and
 * there is nothing to collapse). */
static void advise(uintptr_t p, size_t n, bool fresh)
{
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  uintptr_t lo = (p + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
  uintptr_t hi = (p + n) & ~(HUGE_PAGE - 1);
  if (!p || hi <= lo || n < VET_HUGE_PAGES_MIN)
    return; /* too small to repay its first touch, or no whole huge page inside */
  /* the advice covers later faults; the collapse the pages already there */
  (void)madvise((void *)lo, hi - lo, MADV_HUGEPAGE);
  if (!fresh)
    (void)madvise((void *)lo, hi - lo, MADV_COLLAPSE);
#else
  (void)p;
  (void)n;
  (void)fresh;
#endif
}

void vet_pages_huge(const void *p, size_t n) { advise((uintptr_t)p, n, false); }

void *vet_malloc_huge(size_t n)
{
  void *p = malloc(n);
  if (p)
    advise((uintptr_t)p, n, true);
  return p;
}

void *vet_realloc_huge(void *p, size_t used, size_t n)
{
  if (n < VET_HUGE_PAGES_MIN)
    return realloc(p, n);
  void *q = vet_malloc_huge(n);
  if (!q)
    return NULL;
  if (p && used)
    memcpy(q, p, used < n ? used : n);
  free(p);
  return q;
}
