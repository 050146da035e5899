/* core/strmap.h - open-addressing hash map from byte strings to uint32
 * values.  Keys are borrowed: the caller keeps them alive (usually in an
 * arena) for the map's lifetime.
 * Owns: its slot array.
 * Thread-safety: one writer; concurrent readers once no one writes. */
#ifndef VET_CORE_STRMAP_H
#define VET_CORE_STRMAP_H

#include "core/common.h"

struct vet_strmap_slot {
  const char *key;
  uint32_t len;
  uint32_t value;
};

struct vet_strmap {
  uint32_t *tags;                /* per slot: high hash bits, 0 when empty */
  struct vet_strmap_slot *slots; /* valid where tags[i] != 0 */
  size_t cap;                    /* power of two */
  size_t count;
};

void vet_strmap_init(struct vet_strmap *m);
void vet_strmap_release(struct vet_strmap *m);
/* Pointer to the value for key, or NULL when absent. */
uint32_t *vet_strmap_get(const struct vet_strmap *m, vet_str key);
/* Many lookups at once: hash every key (vet_strmap_hash), prefetch each
 * one's first probe (vet_strmap_prefetch), then look them up with their
 * hashes (vet_strmap_get_hashed, the same answer as vet_strmap_get), so
 * that the cache misses of a large map overlap instead of queueing. */
static inline uint64_t vet_strmap_hash(vet_str key) { return vet_hash(key.ptr, key.len, 0); }
VET_PREFETCH_INLINE void vet_strmap_prefetch(const struct vet_strmap *m, uint64_t h)
{
  if (m->cap) {
    VET_PREFETCH(&m->tags[h & (m->cap - 1)]);
    VET_PREFETCH(&m->slots[h & (m->cap - 1)]);
  }
}
uint32_t *vet_strmap_get_hashed(const struct vet_strmap *m, vet_str key, uint64_t h);
/* Insert key with value when absent.  *inserted tells which happened;
 * returns the value slot, or NULL when out of memory. */
uint32_t *vet_strmap_put(struct vet_strmap *m, vet_str key, uint32_t value, bool *inserted);

#endif
