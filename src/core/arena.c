/* core/arena.c - region allocator: bump allocation in blocks, freed at once. */
#include "core/common.h"
#include "vetter/arena.h"

struct vet_arena_block {
  struct vet_arena_block *next;
  size_t size; /* usable bytes in data */
  size_t used;
  _Alignas(max_align_t) unsigned char data[];
};

#define ALIGN (sizeof(max_align_t))

void vet_arena_init(struct vet_arena *a, size_t block_size)
{
  a->head = NULL;
  a->spare = NULL;
  a->block_size = block_size ? block_size : 64 * 1024;
  a->used_total = 0;
}

/* size bytes at b->used rounded up to align (a power of two, at most
 * ALIGN: blocks' data are ALIGN-aligned), from the current block or a new
 * one. */
static void *take(struct vet_arena *a, size_t size, size_t align)
{
  if (size > SIZE_MAX / 2)
    return NULL; /* no block header + size would fit; also stops wrap-around */
  size_t need = size ? size : 1;
  struct vet_arena_block *b = a->head;
  size_t at = b ? (b->used + align - 1) & ~(align - 1) : 0;
  if (!b || at > b->size || b->size - at < need) {
    size_t bs = need > a->block_size / 4 ? need : a->block_size;
    struct vet_arena_block *nb;
    if (bs == a->block_size && a->spare) {
      nb = a->spare;
      a->spare = nb->next;
    } else if (!(nb = malloc(sizeof *nb + bs))) {
      return NULL;
    }
    nb->size = bs;
    nb->used = 0;
    if (bs == a->block_size || !b) {
      nb->next = b;
      a->head = nb;
    } else { /* a large one-off: keep the current block for small allocations */
      nb->next = b->next;
      b->next = nb;
    }
    b = nb;
    at = 0;
  }
  void *p = b->data + at;
  a->used_total += at + need - b->used;
  b->used = at + need;
  return p;
}

void *vet_arena_alloc(struct vet_arena *a, size_t size) { return take(a, size, ALIGN); }

void *vet_arena_calloc(struct vet_arena *a, size_t n, size_t size)
{
  if (size && n > SIZE_MAX / size)
    return NULL;
  void *p = vet_arena_alloc(a, n * size);
  if (p)
    memset(p, 0, n * size);
  return p;
}

vet_str vet_arena_strdup(struct vet_arena *a, vet_str s)
{
  /* packed: text needs no alignment (a population's event strings are
   * mostly 8 to 20 bytes, which rounding to 16 grew by a third) */
  char *p = s.len < SIZE_MAX ? take(a, s.len + 1, 1) : NULL;
  if (!p)
    return VET_STR_NULL;
  if (s.len)
    memcpy(p, s.ptr, s.len);
  p[s.len] = 0;
  return (vet_str){p, s.len};
}

vet_str vet_arena_lstrdup(struct vet_arena *a, vet_str s)
{
  char *p = s.len <= UINT32_MAX ? take(a, s.len + 5, 1) : NULL;
  if (!p)
    return VET_STR_NULL;
  uint32_t n = (uint32_t)s.len;
  memcpy(p, &n, 4);
  if (s.len)
    memcpy(p + 4, s.ptr, s.len);
  p[4 + s.len] = 0;
  return (vet_str){p + 4, s.len};
}

void vet_arena_reset(struct vet_arena *a)
{
  /* ordinary blocks go to the spares while they fit VET_ARENA_KEEP_BYTES
   * (counting the spares already kept); one-off large blocks are freed */
  size_t kept = 0;
  for (struct vet_arena_block *b = a->spare; b; b = b->next)
    kept += a->block_size;
  struct vet_arena_block *b = a->head;
  while (b) {
    struct vet_arena_block *n = b->next;
    if (b->size == a->block_size && kept + a->block_size <= VET_ARENA_KEEP_BYTES) {
      b->used = 0;
      b->next = a->spare;
      a->spare = b;
      kept += a->block_size;
    } else {
      free(b);
    }
    b = n;
  }
  a->head = NULL;
  a->used_total = 0;
}

static void free_chain(struct vet_arena_block *b)
{
  while (b) {
    struct vet_arena_block *n = b->next;
    free(b);
    b = n;
  }
}

void vet_arena_release(struct vet_arena *a)
{
  free_chain(a->head);
  free_chain(a->spare);
  a->head = NULL;
  a->spare = NULL;
  a->used_total = 0;
}

void vet_arena_adopt(struct vet_arena *a, struct vet_arena *from)
{
  struct vet_arena_block *first = from->head;
  if (first) {
    struct vet_arena_block *last = first;
    while (last->next)
      last = last->next;
    if (a->head) { /* behind a's current block, which goes on taking allocations */
      last->next = a->head->next;
      a->head->next = first;
    } else {
      a->head = first;
    }
  }
  a->used_total += from->used_total;
  free_chain(from->spare);
  from->head = from->spare = NULL;
  from->used_total = 0;
}
