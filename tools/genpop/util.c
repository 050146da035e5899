/* genpop/util.c - the generator's own PRNG (xoshiro256** seeded through
 * splitmix64: the same output on every platform and C library, unlike
 * rand()) and a string set for phone numbers already handed out.
 * Owns: a phone_set owns its table and keys.
 * Thread-safety: one thread at a time per rng and per set. */
#include <stdlib.h>
#include <string.h>

#include "core/common.h"
#include "genpop.h"

static uint64_t splitmix64(uint64_t *x)
{
  uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

void rng_seed(struct rng *r, uint64_t seed, uint64_t stream, uint64_t index)
{
  uint64_t x = seed ^ (stream * 0xD1B54A32D192ED03ull) ^ (index * 0x8CB92BA72F3D8DD7ull);
  for (int i = 0; i < 4; i++)
    r->s[i] = splitmix64(&x);
}

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

uint64_t rng_next(struct rng *r)
{
  uint64_t *s = r->s;
  uint64_t result = rotl(s[1] * 5, 7) * 9;
  uint64_t t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 45);
  return result;
}

uint32_t rng_below(struct rng *r, uint32_t n)
{
  if (n == 0)
    return 0;
  /* Lemire's multiply-shift; the bias at n << 2^32 is negligible here */
  return (uint32_t)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

int rng_range(struct rng *r, int lo, int hi)
{
  if (hi <= lo)
    return lo;
  return lo + (int)rng_below(r, (uint32_t)(hi - lo + 1));
}

double rng_unit(struct rng *r) { return (double)(rng_next(r) >> 11) * (1.0 / 9007199254740992.0); }

bool rng_chance(struct rng *r, double p) { return rng_unit(r) < p; }

size_t rng_weighted(struct rng *r, const unsigned *weights, size_t n)
{
  uint64_t total = 0;
  for (size_t i = 0; i < n; i++)
    total += weights[i];
  if (total == 0)
    return 0;
  uint64_t x = rng_next(r) % total;
  for (size_t i = 0; i < n; i++) {
    if (x < weights[i])
      return i;
    x -= weights[i];
  }
  return n - 1;
}

void gp_copy(char *dst, size_t cap, const char *src)
{
  size_t n = strlen(src);
  if (n >= cap)
    n = cap - 1;
  memmove(dst, src, n);
  dst[n] = 0;
}

/* ---- phone_set: open addressing over 64-bit hashes of the keys ---------- */
struct phone_set {
  uint64_t *slots; /* 0: empty */
  size_t cap, n;
};

struct phone_set *phone_set_new(void)
{
  struct phone_set *s = calloc(1, sizeof *s);
  if (!s)
    return NULL;
  s->cap = 1024;
  s->slots = calloc(s->cap, sizeof *s->slots);
  if (!s->slots) {
    free(s);
    return NULL;
  }
  return s;
}

void phone_set_free(struct phone_set *s)
{
  if (!s)
    return;
  free(s->slots);
  free(s);
}

static bool insert(uint64_t *slots, size_t cap, uint64_t h)
{
  for (size_t i = h & (cap - 1);; i = (i + 1) & (cap - 1)) {
    if (slots[i] == h)
      return false;
    if (slots[i] == 0) {
      slots[i] = h;
      return true;
    }
  }
}

/* Keys are compared by a 64-bit hash: two numbers colliding is far less
 * likely than two people sharing a number, and costs only a redraw. */
bool phone_set_add(struct phone_set *s, const char *key)
{
  if (!s)
    return true;
  uint64_t h = vet_hash(key, strlen(key), 0x5eed) | 1;
  if (2 * (s->n + 1) > s->cap) {
    size_t cap = s->cap * 2;
    uint64_t *slots = calloc(cap, sizeof *slots);
    if (!slots) /* no growth: go on without the uniqueness guarantee */
      return s->n + 1 < s->cap ? insert(s->slots, s->cap, h) && ++s->n : true;
    for (size_t i = 0; i < s->cap; i++)
      if (s->slots[i])
        insert(slots, cap, s->slots[i]);
    free(s->slots);
    s->slots = slots;
    s->cap = cap;
  }
  if (!insert(s->slots, s->cap, h))
    return false;
  s->n++;
  return true;
}
