/* core/strmap.c - open-addressing (linear probing) string -> uint32 map.
 * The probe sequence scans a dense array of 32-bit hash tags first (16 to
 * a cache line), so a lookup that misses, the common case for typo keys,
 * costs about one cache line instead of one per probed slot. */
#include "core/strmap.h"

void vet_strmap_init(struct vet_strmap *m)
{
  m->slots = NULL;
  m->tags = NULL;
  m->cap = m->count = 0;
}

void vet_strmap_release(struct vet_strmap *m)
{
  free(m->slots);
  free(m->tags);
  vet_strmap_init(m);
}

/* tag 0 marks an empty slot */
static inline uint32_t tag_of(uint64_t h)
{
  uint32_t t = (uint32_t)(h >> 32);
  return t ? t : 1;
}

static inline bool same(const struct vet_strmap_slot *s, vet_str key)
{
  return s->len == key.len && (key.len == 0 || memcmp(s->key, key.ptr, key.len) == 0);
}

uint32_t *vet_strmap_get(const struct vet_strmap *m, vet_str key)
{
  return m->cap ? vet_strmap_get_hashed(m, key, vet_strmap_hash(key)) : NULL;
}

uint32_t *vet_strmap_get_hashed(const struct vet_strmap *m, vet_str key, uint64_t h)
{
  if (!m->cap)
    return NULL;
  uint32_t t = tag_of(h);
  size_t mask = m->cap - 1;
  for (size_t i = h & mask;; i = (i + 1) & mask) {
    uint32_t ti = m->tags[i];
    if (!ti)
      return NULL;
    if (ti == t && same(&m->slots[i], key))
      return &m->slots[i].value;
  }
}

static bool grow(struct vet_strmap *m)
{
  size_t ncap = m->cap ? m->cap * 2 : 64;
  struct vet_strmap_slot *ns = malloc(ncap * sizeof *ns);
  uint32_t *nt = calloc(ncap, sizeof *nt);
  if (!ns || !nt) {
    free(ns);
    free(nt);
    return false;
  }
  for (size_t i = 0; i < m->cap; i++) {
    if (!m->tags[i])
      continue;
    struct vet_strmap_slot *s = &m->slots[i];
    uint64_t h = vet_strmap_hash((vet_str){s->key, s->len});
    size_t j = h & (ncap - 1);
    while (nt[j])
      j = (j + 1) & (ncap - 1);
    nt[j] = m->tags[i];
    ns[j] = *s;
  }
  free(m->slots);
  free(m->tags);
  m->slots = ns;
  m->tags = nt;
  m->cap = ncap;
  return true;
}

uint32_t *vet_strmap_put(struct vet_strmap *m, vet_str key, uint32_t value, bool *inserted)
{
  if ((m->count + 1) * 3 > m->cap * 2 && !grow(m)) /* load factor at most 2/3 */
    return NULL;
  uint64_t h = vet_strmap_hash(key);
  uint32_t t = tag_of(h);
  size_t mask = m->cap - 1;
  for (size_t i = h & mask;; i = (i + 1) & mask) {
    if (!m->tags[i]) {
      struct vet_strmap_slot *s = &m->slots[i];
      m->tags[i] = t;
      s->key = key.ptr ? key.ptr : "";
      s->len = (uint32_t)key.len;
      s->value = value;
      m->count++;
      if (inserted)
        *inserted = true;
      return &s->value;
    }
    if (m->tags[i] == t && same(&m->slots[i], key)) {
      if (inserted)
        *inserted = false;
      return &m->slots[i].value;
    }
  }
}
