/* io/json_region.c - jansson values made in bulk by one thread and dropped
 * together (a subject's report), allocated from a region by bumping a
 * pointer, and freed for nothing (vetter/json.h).
 *
 * Why: a report is a tree of a few hundred jansson values, each a malloc
 * and a free; on `vetter check` those were about a tenth of a subject's
 * time (the frees of a whole tree at once overflow glibc's per-thread
 * cache, so most of them take the slow path).
 *
 * How: vet_json_region_install gives jansson two functions (for the whole
 * process, once).  The allocation function takes from the calling
 * thread's current region when it has one and room, else calls malloc;
 * the free function does nothing for an address inside the thread's
 * current region and calls free for any other.  A region is one block;
 * vet_json_region_end empties it, so whatever the window made must be
 * dead by then (the caller's contract, which AddressSanitizer checks in
 * the tests: a region address reaching free() is an invalid free).
 * Owns: each region's block.
 * Thread-safety: a region is used by one thread at a time; the current
 * region is per thread. */
#include <stdint.h>
#include <stdlib.h>

#include "core/common.h"
#include "vetter/json.h"

/* Allocations are rounded up to this (jansson's structs hold pointers and
 * doubles; malloc's own alignment). */
#define REGION_ALIGN 16u

struct vet_json_region {
  char *base;
  size_t cap, used;
};

static _Thread_local struct vet_json_region *current;

static void *region_malloc(size_t n)
{
  struct vet_json_region *r = current;
  size_t need = (n + REGION_ALIGN - 1) & ~(size_t)(REGION_ALIGN - 1);
  if (r && need >= n && need <= r->cap - r->used) {
    void *p = r->base + r->used;
    r->used += need;
    return p;
  }
  return malloc(n);
}

void vet_json_free(void *p)
{
  struct vet_json_region *r = current;
  if (r && (uintptr_t)p - (uintptr_t)r->base < r->cap)
    return; /* the region's: emptied as a whole */
  free(p);
}

void vet_json_region_install(void) { json_set_alloc_funcs(region_malloc, vet_json_free); }

struct vet_json_region *vet_json_region_new(size_t bytes)
{
  struct vet_json_region *r = calloc(1, sizeof *r);
  if (!r)
    return NULL;
  r->cap = bytes & ~(size_t)(REGION_ALIGN - 1);
  r->base = r->cap ? malloc(r->cap) : NULL;
  if (!r->base)
    r->cap = 0; /* an empty region: every allocation goes to malloc */
  return r;
}

void vet_json_region_free(struct vet_json_region *r)
{
  if (!r)
    return;
  if (current == r)
    current = NULL;
  free(r->base);
  free(r);
}

void vet_json_region_begin(struct vet_json_region *r)
{
  if (r)
    r->used = 0;
  current = r;
}

void vet_json_region_end(void)
{
  if (current)
    current->used = 0;
  current = NULL;
}
