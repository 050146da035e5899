/* vetter/arena.h - region allocator for data that share one lifetime (a
 * list load, a query, a batch line): allocate freely, free all at once.
 * Owns: its blocks.
 * Thread-safety: one thread at a time per arena. */
#ifndef VETTER_ARENA_H
#define VETTER_ARENA_H

#include <stdbool.h>
#include <stddef.h>

#include "vetter/str.h"

struct vet_arena_block;

struct vet_arena {
  struct vet_arena_block *head;  /* newest block first */
  struct vet_arena_block *spare; /* ordinary blocks kept by vet_arena_reset for reuse */
  size_t block_size;             /* size of ordinary blocks */
  size_t used_total;             /* bytes handed out, for statistics */
};

/* vet_arena_reset keeps ordinary blocks up to this many bytes for the
 * arena's next use: an arena reset again and again (a reader's per-block
 * results) then stops returning and asking for the same memory, whose
 * large frees also make malloc sweep its small free chunks. */
#define VET_ARENA_KEEP_BYTES ((size_t)64 << 20)

void vet_arena_init(struct vet_arena *a, size_t block_size); /* cannot fail */
/* Aligned to max_align_t; NULL when out of memory. */
void *vet_arena_alloc(struct vet_arena *a, size_t size);
void *vet_arena_calloc(struct vet_arena *a, size_t n, size_t size);
/* Copy s into the arena, NUL-terminated; VET_STR_NULL when out of memory
 * (or when s is empty: the result then has len 0 and ptr "" ). */
vet_str vet_arena_strdup(struct vet_arena *a, vet_str s);
/* The same with its length in the 4 bytes before it, so that the copy
 * can also be kept as a vet_lstr (vet_lstr_of); VET_STR_NULL when out of
 * memory or s is longer than UINT32_MAX bytes. */
vet_str vet_arena_lstrdup(struct vet_arena *a, vet_str s);
/* d, a copy made by vet_arena_lstrdup (or empty), as a vet_lstr. */
static inline vet_lstr vet_lstr_of(vet_str d)
{
  vet_lstr l = {d.len ? d.ptr : NULL};
  return l;
}
/* Forget everything allocated; keeps the arena usable, and its ordinary
 * blocks (up to VET_ARENA_KEEP_BYTES) for reuse, freeing the rest. */
void vet_arena_reset(struct vet_arena *a);
void vet_arena_release(struct vet_arena *a); /* free everything */
/* Take over every block of from (its allocations stay valid, now owned by
 * a, and new ones still go to a's current block); from is left empty. */
void vet_arena_adopt(struct vet_arena *a, struct vet_arena *from);

#endif
