/* core/strmap.c - open-addressing (linear probing) string -> uint32 map. */
#include "core/strmap.h"

void vet_strmap_init(struct vet_strmap *m)
{
  m->slots = NULL;
  m->cap = m->count = 0;
}

void vet_strmap_release(struct vet_strmap *m)
{
  free(m->slots);
  vet_strmap_init(m);
}

uint32_t *vet_strmap_get(const struct vet_strmap *m, vet_str key)
{
  if (!m->cap)
    return NULL;
  uint64_t h = vet_hash(key.ptr, key.len, 0);
  size_t mask = m->cap - 1;
  for (size_t i = h & mask;; i = (i + 1) & mask) {
    struct vet_strmap_slot *s = &m->slots[i];
    if (!s->key)
      return NULL;
    if (s->hash == h && s->len == key.len && (key.len == 0 || memcmp(s->key, key.ptr, key.len) == 0))
      return &s->value;
  }
}

static bool grow(struct vet_strmap *m)
{
  size_t ncap = m->cap ? m->cap * 2 : 64;
  struct vet_strmap_slot *ns = calloc(ncap, sizeof *ns);
  if (!ns)
    return false;
  for (size_t i = 0; i < m->cap; i++) {
    struct vet_strmap_slot *s = &m->slots[i];
    if (!s->key)
      continue;
    size_t j = s->hash & (ncap - 1);
    while (ns[j].key)
      j = (j + 1) & (ncap - 1);
    ns[j] = *s;
  }
  free(m->slots);
  m->slots = ns;
  m->cap = ncap;
  return true;
}

uint32_t *vet_strmap_put(struct vet_strmap *m, vet_str key, uint32_t value, bool *inserted)
{
  if ((m->count + 1) * 4 > m->cap * 3 && !grow(m))
    return NULL;
  uint64_t h = vet_hash(key.ptr, key.len, 0);
  size_t mask = m->cap - 1;
  for (size_t i = h & mask;; i = (i + 1) & mask) {
    struct vet_strmap_slot *s = &m->slots[i];
    if (!s->key) {
      s->key = key.ptr ? key.ptr : "";
      s->len = (uint32_t)key.len;
      s->hash = h;
      s->value = value;
      m->count++;
      if (inserted)
        *inserted = true;
      return &s->value;
    }
    if (s->hash == h && s->len == key.len && (key.len == 0 || memcmp(s->key, key.ptr, key.len) == 0)) {
      if (inserted)
        *inserted = false;
      return &s->value;
    }
  }
}
