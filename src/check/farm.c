/* check/farm.c - many accounts in one place (location.laptop_farm), the
 * first signal across subjects: residential IP addresses and device ids
 * that several subjects of the input use within check.farm_window_days.
 *
 * At checker build, two passes over every subject's newest
 * check.max_events_per_subject events: the first counts, per address and
 * per device id, the distinct subjects (events come subject by subject,
 * so that is one comparison per event); the second collects the sessions
 * of the keys shared widely enough, and a sliding window over each key's
 * sessions sorted by time finds the window with the most subjects.  The
 * first pass notes each event's address key (4 bytes an event, during the
 * build) so that the second parses and looks up no address; device ids it
 * looks up again (a subject's sessions mostly repeat one device: one
 * comparison).  Otherwise only the shared keys cost memory beyond the two
 * hash maps.
 *
 * An address counts when the IP table says it is residential (located,
 * not VPN, hosting, Tor or private); without the table no address is
 * judged.  Strength: full when remote-access tools, KVM hardware or a
 * virtual machine were seen in the window's sessions (or, for a device,
 * when the subjects claim different places); check.farm_claims_factor
 * when only their different claimed places betray a shared address; an
 * address whose subjects all claim one place and show no remote tools is
 * an office or a family and is not reported.
 *
 * The groups (two subjects or more) also feed the links (check_farm_links);
 * the finding needs check.farm_min_subjects (check.farm_device_min_subjects).
 * Owns: the checker's farm arrays (check_farm_release frees them).
 * Thread-safety: built once; read-only afterwards. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "check/check_int.h"

/* Other subjects, claimed places and groups named per finding. */
#define MAX_OTHERS 10
#define MAX_PLACES 8
#define MAX_GROUPS_PER_SUBJECT 4
#define DAY_S 86400

enum farm_via { VIA_IP, VIA_DEVICE };

struct farm_group {
  enum farm_via via;
  vet_str key;             /* the address as first written, or the device id; the population's */
  struct vet_ip_info ip;   /* VIA_IP: what the table says of the address */
  uint32_t first, n;       /* members: ck->farm_members[first ..+ n) */
  int64_t from, to;        /* the window with the most subjects */
  uint32_t sessions;       /* sessions in that window */
  uint32_t remote;         /* ... with a remote-access tool, KVM device or VM */
  uint32_t places;         /* distinct claimed places of the members (at most MAX_PLACES counted) */
  double strength;
};

/* A key (address or device) during the build: 24 bytes, there are
 * millions (an address of a time-ordered input is mostly new). */
struct key {
  uint32_t ev;             /* the event it was first seen in: its text (key_text), its address (key_addr) */
  uint32_t last_subject, n_subjects, n_hits;
  uint32_t q;              /* index among the shared keys, UINT32_MAX when not shared */
  uint8_t via;
};

/* The key's text as first written: the address or the device id. */
static vet_str key_text(const struct vet_population *p, const struct key *y)
{
  const struct vet_event *ev = &p->events[y->ev];
  return vet_lstr_str(y->via == VIA_IP ? ev->ip : ev->device_id);
}

/* A VIA_IP key's address, parsed again from its text (it parsed when the
 * key was made). */
static struct vet_ip_addr key_addr(const struct vet_population *p, const struct key *y)
{
  struct vet_ip_addr a = {0};
  if (vet_ip_parse(vet_lstr_str(p->events[y->ev].ip), &a) != VET_OK)
    memset(&a, 0, sizeof a);
  return a;
}

/* One session of a shared key. */
struct hit {
  int64_t ts;
  uint32_t subject, local, ev;
};

/* The key of the device id device_key was last given: a subject's
 * sessions mostly repeat one device, and the same text always has the
 * same key (addresses: struct ahead). */
struct last_key {
  vet_lstr text;
  uint32_t k;
  bool set;
};

/* The addresses seen: open addressing with linear probing and the
 * address inline, so that a lookup reads one slot (there are millions of
 * addresses, and a map of borrowed strings read a tag, a slot and the
 * string, three cache misses, for each of them).  IPv4 addresses, most
 * of them, in a table of their own with 8-byte slots (ten million events
 * have about 1.9 million addresses: 84 MB of table in 20-byte slots), the
 * others by their 16 bytes. */
struct ip4_slot {
  uint32_t a;   /* the address's four bytes (as they lie in vet_ip_addr.b) */
  uint32_t key; /* index into build.keys; IP_EMPTY when the slot is free */
};
struct ip6_slot {
  uint8_t b[16];
  uint32_t key;
};
#define IP_EMPTY UINT32_MAX
#define IP_MAP_MIN_CAP 1024

struct ip_map {
  struct ip4_slot *v4;
  struct ip6_slot *v6;
  size_t cap4, n4, cap6, n6; /* caps powers of two, each table at most 2/3 full */
};

struct build {
  struct vet_checker *ck;
  struct ip_map ips;
  struct vet_strmap devmap;
  struct last_key last_device;
  struct key *keys;
  uint32_t n_keys, cap_keys;
};

/* murmur3's finaliser */
static uint64_t mix64(uint64_t h)
{
  h = (h ^ (h >> 33)) * 0xff51afd7ed558ccdull;
  h = (h ^ (h >> 33)) * 0xc4ceb9fe1a85ec53ull;
  return h ^ (h >> 33);
}

static uint64_t ip4_hash(uint32_t w) { return mix64(w * 0x9e3779b97f4a7c15ull); }

static uint64_t ip6_hash(const uint8_t *b)
{
  uint64_t lo, hi;
  memcpy(&lo, b, 8);
  memcpy(&hi, b + 8, 8);
  return mix64((lo * 0x9e3779b97f4a7c15ull) ^ hi);
}

/* The four bytes of an IPv4 address (a->v4), as one word. */
static uint32_t ip4_word(const struct vet_ip_addr *a)
{
  uint32_t w;
  memcpy(&w, a->b + 12, 4);
  return w;
}

static uint64_t ip_hash(const struct vet_ip_addr *a) { return a->v4 ? ip4_hash(ip4_word(a)) : ip6_hash(a->b); }

/* The slot holding the address (hash h), or the free slot where it goes. */
static struct ip4_slot *ip4_find(const struct ip_map *m, uint32_t w, uint64_t h)
{
  size_t mask = m->cap4 - 1;
  for (size_t i = h & mask;; i = (i + 1) & mask) {
    struct ip4_slot *x = &m->v4[i];
    if (x->key == IP_EMPTY || x->a == w)
      return x;
  }
}

static struct ip6_slot *ip6_find(const struct ip_map *m, const uint8_t *b, uint64_t h)
{
  size_t mask = m->cap6 - 1;
  for (size_t i = h & mask;; i = (i + 1) & mask) {
    struct ip6_slot *x = &m->v6[i];
    if (x->key == IP_EMPTY || memcmp(x->b, b, sizeof x->b) == 0)
      return x;
  }
}

/* A table of cap free slots of size bytes each (vet_malloc_huge: on huge
 * pages when large enough): every byte 0xff, so every key IP_EMPTY. */
static void *slots_new(size_t cap, size_t size)
{
  _Static_assert(IP_EMPTY == UINT32_MAX, "a slot of 0xff bytes is free");
  void *v = vet_malloc_huge(cap * size);
  if (v)
    memset(v, 0xff, cap * size);
  return v;
}

/* Room for one more address like a in its table (the slots move: find
 * again after). */
static bool ip_map_reserve(struct ip_map *m, const struct vet_ip_addr *a)
{
  size_t cap = a->v4 ? m->cap4 : m->cap6, n = a->v4 ? m->n4 : m->n6;
  if (cap && (n + 1) * 3 <= cap * 2)
    return true;
  size_t ncap = cap ? cap * 2 : IP_MAP_MIN_CAP;
  struct ip_map g = *m;
  if (a->v4) {
    if (!(g.v4 = slots_new(ncap, sizeof *g.v4)))
      return false;
    g.cap4 = ncap;
    for (size_t i = 0; i < cap; i++)
      if (m->v4[i].key != IP_EMPTY)
        *ip4_find(&g, m->v4[i].a, ip4_hash(m->v4[i].a)) = m->v4[i];
    free(m->v4);
  } else {
    if (!(g.v6 = slots_new(ncap, sizeof *g.v6)))
      return false;
    g.cap6 = ncap;
    for (size_t i = 0; i < cap; i++)
      if (m->v6[i].key != IP_EMPTY)
        *ip6_find(&g, m->v6[i].b, ip6_hash(m->v6[i].b)) = m->v6[i];
    free(m->v6);
  }
  *m = g;
  return true;
}

VET_PREFETCH_INLINE void ip_map_prefetch(const struct ip_map *m, const struct vet_ip_addr *a, uint64_t h)
{
  if (a->v4 && m->cap4)
    VET_PREFETCH(&m->v4[h & (m->cap4 - 1)]);
  else if (!a->v4 && m->cap6)
    VET_PREFETCH(&m->v6[h & (m->cap6 - 1)]);
}

/* The subject's events the signals read: its newest max_events_per_subject. */
static void subject_events(const struct vet_checker *ck, const struct vet_subject *s, uint32_t *from, uint32_t *to)
{
  uint32_t cap = ck->cfg->check.max_events_per_subject;
  uint32_t n = s->n_events < cap ? s->n_events : cap;
  *from = s->first_event + (s->n_events - n);
  *to = s->first_event + s->n_events;
}

/* A new key for ev's text on via; its index into *out. */
static vet_err key_new(struct build *b, const struct vet_event *ev, enum farm_via via, uint32_t *out)
{
  if (b->n_keys == b->cap_keys) {
    uint32_t cap = b->cap_keys ? b->cap_keys * 2 : 1024;
    /* a large array moves to fresh memory on huge pages (vet_realloc_huge) */
    struct key *g = vet_realloc_huge(b->keys, (size_t)b->n_keys * sizeof *g, (size_t)cap * sizeof *g);
    if (!g)
      return VET_ENOMEM;
    b->keys = g;
    b->cap_keys = cap;
  }
  struct key *y = &b->keys[b->n_keys];
  memset(y, 0, sizeof *y);
  y->ev = (uint32_t)(ev - b->ck->pop->events);
  y->last_subject = UINT32_MAX;
  y->q = UINT32_MAX;
  y->via = (uint8_t)via;
  *out = b->n_keys++;
  return VET_OK;
}

/* The key of address addr (hash h), added when new. */
static vet_err ip_key(struct build *b, const struct vet_event *ev, const struct vet_ip_addr *addr, uint64_t h,
                      uint32_t *out)
{
  if (!ip_map_reserve(&b->ips, addr))
    return VET_ENOMEM;
  struct ip4_slot *x4 = NULL;
  struct ip6_slot *x6 = NULL;
  if (addr->v4)
    x4 = ip4_find(&b->ips, ip4_word(addr), h);
  else
    x6 = ip6_find(&b->ips, addr->b, h);
  uint32_t found = x4 ? x4->key : x6->key;
  if (found != IP_EMPTY) {
    *out = found;
    return VET_OK;
  }
  vet_err rc = key_new(b, ev, VIA_IP, out);
  if (rc)
    return rc;
  if (x4) {
    *x4 = (struct ip4_slot){ip4_word(addr), *out};
    b->ips.n4++;
  } else {
    memcpy(x6->b, addr->b, sizeof x6->b);
    x6->key = *out;
    b->ips.n6++;
  }
  return VET_OK;
}

/* The key of ev's device id (UINT32_MAX when it has none), added when
 * new; the same text as the event before takes its key again. */
static vet_err device_key(struct build *b, const struct vet_event *ev, uint32_t *out)
{
  *out = UINT32_MAX;
  struct last_key *last = &b->last_device;
  if (last->set && vet_lstr_eq(ev->device_id, last->text)) {
    *out = last->k;
    return VET_OK;
  }
  vet_err rc = VET_OK;
  if (ev->device_id.ptr) {
    vet_str text = vet_lstr_str(ev->device_id);
    uint32_t *v = vet_strmap_get(&b->devmap, text);
    if (v)
      *out = *v;
    else if (!(rc = key_new(b, ev, VIA_DEVICE, out)) && !vet_strmap_put(&b->devmap, text, *out, NULL))
      rc = VET_ENOMEM; /* the device id lives in the population for the map's lifetime */
  }
  if (!rc)
    *last = (struct last_key){ev->device_id, *out, true};
  return rc;
}

static int hit_cmp(const void *a, const void *b)
{
  const struct hit *x = a, *y = b;
  if (x->ts != y->ts)
    return x->ts < y->ts ? -1 : 1;
  return x->subject < y->subject ? -1 : x->subject > y->subject;
}

/* Same claimed place: the same country and (when both give one) city. */
static bool same_place(const struct vet_subject *a, const struct vet_subject *b)
{
  if (strcmp(a->country.code, b->country.code) != 0)
    return false;
  if (!a->city.len || !b->city.len || a->city.len != b->city.len)
    return !a->city.len || !b->city.len;
  for (size_t i = 0; i < a->city.len; i++)
    if (vet_lower((unsigned char)a->city.ptr[i]) != vet_lower((unsigned char)b->city.ptr[i]))
      return false;
  return true;
}

static bool has_place(const struct vet_subject *s) { return s->country.code[0] || s->city.len; }

/* Distinct claimed places among the members (counting at most MAX_PLACES). */
static uint32_t count_places(const struct vet_population *p, const uint32_t *m, uint32_t n)
{
  const struct vet_subject *seen[MAX_PLACES];
  uint32_t k = 0;
  for (uint32_t i = 0; i < n && k < MAX_PLACES; i++) {
    const struct vet_subject *s = &p->subjects[m[i]];
    if (!has_place(s))
      continue;
    bool dup = false;
    for (uint32_t j = 0; j < k && !dup; j++)
      dup = same_place(seen[j], s);
    if (!dup)
      seen[k++] = s;
  }
  return k;
}

/* The residential addresses: located by the table, not anonymised or private. */
static bool residential(const struct vet_ip_info *ip)
{
  return ip->found && ip->country[0] && !(ip->flags & (VET_IP_VPN | VET_IP_HOSTING | VET_IP_TOR | VET_IP_PRIVATE));
}

static vet_err add_group(struct vet_checker *ck, const struct farm_group *g, const uint32_t *members,
                         uint32_t *cap_groups, uint32_t *n_members, uint32_t *cap_members)
{
  if (ck->n_farm == *cap_groups) {
    uint32_t cap = *cap_groups ? *cap_groups * 2 : 64;
    struct farm_group *v = realloc(ck->farm, (size_t)cap * sizeof *v);
    if (!v)
      return VET_ENOMEM;
    ck->farm = v;
    *cap_groups = cap;
  }
  while (*n_members + g->n > *cap_members) {
    uint32_t cap = *cap_members ? *cap_members * 2 : 256;
    uint32_t *v = realloc(ck->farm_members, (size_t)cap * sizeof *v);
    if (!v)
      return VET_ENOMEM;
    ck->farm_members = v;
    *cap_members = cap;
  }
  ck->farm[ck->n_farm] = *g;
  ck->farm[ck->n_farm].first = *n_members;
  memcpy(ck->farm_members + *n_members, members, (size_t)g->n * sizeof *members);
  *n_members += g->n;
  ck->n_farm++;
  return VET_OK;
}

/* The window of hits h[0..n) (sorted by time) with the most distinct
 * subjects, and of those the one with the most sessions; its span and
 * sessions into g, its subjects into members. */
static void best_window(const struct vet_checker *ck, const struct hit *h, uint32_t n, uint32_t n_local,
                        uint32_t *count, uint32_t *members, struct farm_group *g)
{
  int64_t w = (int64_t)ck->cfg->check.farm_window_days * DAY_S;
  memset(count, 0, (size_t)n_local * sizeof *count);
  uint32_t distinct = 0, best = 0, bi = 0, bj = 0;
  for (uint32_t i = 0, j = 0; j < n; j++) {
    if (count[h[j].local]++ == 0)
      distinct++;
    while (h[j].ts - h[i].ts > w)
      if (--count[h[i++].local] == 0)
        distinct--;
    if (distinct > best || (distinct == best && j - i > bj - bi)) { /* then the one with most sessions */
      best = distinct;
      bi = i;
      bj = j;
    }
  }
  memset(count, 0, (size_t)n_local * sizeof *count);
  g->n = 0;
  g->sessions = bj - bi + 1;
  g->remote = 0;
  g->from = h[bi].ts;
  g->to = h[bj].ts;
  for (uint32_t k = bi; k <= bj; k++) {
    if (count[h[k].local]++ == 0)
      members[g->n++] = h[k].subject;
    g->remote += check_session_remote(&ck->pop->events[h[k].ev]);
  }
}

/* Judge one shared key's window; add the group when it is a farm. */
static vet_err judge(struct vet_checker *ck, const struct key *y, struct hit *h, uint32_t n, uint32_t n_local,
                     uint32_t *count, uint32_t *members, uint32_t *cap_groups, uint32_t *n_members,
                     uint32_t *cap_members)
{
  const struct vet_check_config *cc = &ck->cfg->check;
  qsort(h, n, sizeof *h, hit_cmp);
  struct farm_group g = {.via = (enum farm_via)y->via, .key = key_text(ck->pop, y)};
  best_window(ck, h, n, n_local, count, members, &g);
  /* groups of two are kept for the links (link.weight.ip); the finding
   * needs check.farm_min_subjects */
  if (g.n < 2 || g.n > cc->farm_max_subjects)
    return VET_OK;
  g.places = count_places(ck->pop, members, g.n);
  if (y->via == VIA_IP) {
    struct vet_ip_addr a = key_addr(ck->pop, y);
    vet_ipdb_lookup(ck->ipdb, &a, &g.ip);
    g.strength = g.remote ? 1 : g.places > 1 ? cc->farm_claims_factor : 0;
  } else {
    g.strength = g.remote || g.places > 1 ? 1 : cc->farm_claims_factor;
  }
  if (g.strength <= 0)
    return VET_OK;
  return add_group(ck, &g, members, cap_groups, n_members, cap_members);
}

/* The per-subject index of the groups. */
static vet_err index_subjects(struct vet_checker *ck)
{
  uint32_t ns = ck->pop->n_subjects;
  ck->farm_start = calloc((size_t)ns + 1, sizeof *ck->farm_start);
  uint32_t total = 0;
  for (uint32_t g = 0; g < ck->n_farm; g++)
    total += ck->farm[g].n;
  ck->farm_of = malloc((size_t)(total ? total : 1) * sizeof *ck->farm_of);
  if (!ck->farm_start || !ck->farm_of)
    return VET_ENOMEM;
  for (uint32_t g = 0; g < ck->n_farm; g++)
    for (uint32_t k = 0; k < ck->farm[g].n; k++)
      ck->farm_start[ck->farm_members[ck->farm[g].first + k] + 1]++;
  for (uint32_t i = 0; i < ns; i++)
    ck->farm_start[i + 1] += ck->farm_start[i];
  uint32_t *fill = calloc((size_t)ns + 1, sizeof *fill);
  if (!fill)
    return VET_ENOMEM;
  for (uint32_t g = 0; g < ck->n_farm; g++)
    for (uint32_t k = 0; k < ck->farm[g].n; k++) {
      uint32_t s = ck->farm_members[ck->farm[g].first + k];
      ck->farm_of[ck->farm_start[s] + fill[s]++] = g;
    }
  free(fill);
  return VET_OK;
}

/* Keys reserved at most before pass 1 (beyond, the array grows). */
#define KEYS_RESERVE_MAX ((size_t)1 << 26)

/* Events looked up this many ahead of their turn in pass 1, and their
 * texts fetched this many before that. */
#define FARM_AHEAD 8
#define FARM_TEXT_AHEAD 8

/* Pass 1 walks the events the signals read, subject by subject. */
struct cursor {
  uint32_t i, e, to; /* subject, event, end of its events; i == n_subjects at the end */
};

static void cursor_settle(const struct vet_checker *ck, struct cursor *c)
{
  const struct vet_population *p = ck->pop;
  while (c->e >= c->to && ++c->i < p->n_subjects) {
    uint32_t from;
    subject_events(ck, &p->subjects[c->i], &from, &c->to);
    c->e = from;
  }
}

static void cursor_start(const struct vet_checker *ck, struct cursor *c)
{
  *c = (struct cursor){0, 0, 0};
  if (ck->pop->n_subjects)
    subject_events(ck, &ck->pop->subjects[0], &c->e, &c->to);
  cursor_settle(ck, c);
}

static void cursor_next(const struct vet_checker *ck, struct cursor *c)
{
  c->e++;
  cursor_settle(ck, c);
}

/* An event's address, prepared ahead of its lookup. */
enum ahead_what {
  AHEAD_SAME, /* the same text as the event before: its key again */
  AHEAD_NONE, /* no address, or not one */
  AHEAD_ADDR  /* addr and its hash h, its slot fetched */
};

struct ahead {
  enum ahead_what what;
  struct vet_ip_addr addr;
  uint64_t h;
};

/* Address texts prepared lately, with what they gave: a subject comes
 * back to a few addresses, parsed once each while they stay here. */
#define AHEAD_RECENT 8

/* The address text of the event prepared last, and those of the latest
 * distinct ones. */
struct ahead_text {
  vet_lstr text;
  bool set;
  struct {
    vet_lstr text;
    struct ahead a; /* AHEAD_NONE or AHEAD_ADDR */
  } recent[AHEAD_RECENT];
  uint32_t n_recent, next;
};

static void ahead_prepare(const struct build *b, const struct vet_event *ev, struct ahead_text *prev,
                          struct ahead *a)
{
  if (prev->set && vet_lstr_eq(ev->ip, prev->text)) {
    a->what = AHEAD_SAME;
    return;
  }
  prev->text = ev->ip;
  prev->set = true;
  for (uint32_t k = 0; k < prev->n_recent; k++)
    if (vet_lstr_eq(prev->recent[k].text, ev->ip)) {
      *a = prev->recent[k].a;
      if (a->what == AHEAD_ADDR)
        ip_map_prefetch(&b->ips, &a->addr, a->h);
      return;
    }
  if (!b->ck->ipdb || !ev->ip.ptr || vet_ip_parse(vet_lstr_str(ev->ip), &a->addr) != VET_OK) {
    a->what = AHEAD_NONE;
  } else {
    a->what = AHEAD_ADDR;
    a->h = ip_hash(&a->addr);
    ip_map_prefetch(&b->ips, &a->addr, a->h);
  }
  uint32_t k = prev->n_recent < AHEAD_RECENT ? prev->n_recent++ : prev->next++ % AHEAD_RECENT;
  prev->recent[k].text = ev->ip;
  prev->recent[k].a = *a;
}

static vet_err build(struct build *b)
{
  struct vet_checker *ck = b->ck;
  const struct vet_population *p = ck->pop;
  vet_err rc = VET_OK;
  /* each event's address key, found in pass 1 and read again in pass 2
   * (parsing the address and looking it up once) */
  uint32_t *ekeys = vet_malloc_huge((size_t)p->n_events * sizeof *ekeys);
  if (!ekeys)
    return VET_ENOMEM;
  /* room for as many keys as there can be (two an event),
   * reserved at once: only the part used is ever touched, and the array
   * is never copied as it would be growing (millions of addresses) */
  size_t most = VET_MIN((size_t)p->n_events * 2, KEYS_RESERVE_MAX);
  if (most > b->cap_keys && (b->keys = vet_malloc_huge(most * sizeof *b->keys)))
    b->cap_keys = (uint32_t)most;
  /* pass 1: distinct subjects and sessions per key.  Each address is
   * parsed and its slot fetched FARM_AHEAD events before it is looked up,
   * so that the cache misses of the large map overlap. */
  struct ahead ring[FARM_AHEAD];
  struct cursor look, cur;
  cursor_start(ck, &look);
  cursor_start(ck, &cur);
  struct ahead_text prev = {.set = false};
  for (uint32_t d = 0; d < FARM_AHEAD && look.i < p->n_subjects; d++, cursor_next(ck, &look))
    ahead_prepare(b, &p->events[look.e], &prev, &ring[d]);
  uint32_t last_ip = UINT32_MAX;
  for (uint32_t pos = 0; cur.i < p->n_subjects && !rc; pos++, cursor_next(ck, &cur)) {
    uint32_t i = cur.i, e = cur.e;
    struct ahead *a = &ring[pos % FARM_AHEAD];
    /* the texts of the events further on, which ahead_prepare reads: the
     * strings lie in reading order, not a subject's, each a cache miss
     * (an event not read by the signals is fetched for nothing) */
    if (look.i < p->n_subjects && (size_t)look.e + FARM_TEXT_AHEAD < p->n_events) {
      const struct vet_event *far = &p->events[look.e + FARM_TEXT_AHEAD];
      VET_PREFETCH(far->ip.ptr);
      VET_PREFETCH(far->device_id.ptr);
    }
    for (int via = VIA_IP; via <= VIA_DEVICE && !rc; via++) {
      uint32_t k = UINT32_MAX;
      if (via == VIA_IP) {
        /* without the table no address can be called residential */
        if (ck->ipdb) {
          if (a->what == AHEAD_SAME)
            k = last_ip;
          else if (a->what == AHEAD_ADDR)
            rc = ip_key(b, &p->events[e], &a->addr, a->h, &k);
          last_ip = k;
        }
      } else {
        rc = device_key(b, &p->events[e], &k);
      }
      if (via == VIA_IP)
        ekeys[e] = k;
      if (rc || k == UINT32_MAX)
        continue;
      struct key *y = &b->keys[k];
      y->n_hits++;
      if (y->last_subject != i) {
        y->last_subject = i;
        y->n_subjects++;
      }
    }
    if (look.i < p->n_subjects) {
      ahead_prepare(b, &p->events[look.e], &prev, a);
      cursor_next(ck, &look);
    }
  }
  if (rc) {
    free(ekeys);
    return rc;
  }
  /* the shared keys, and room for their sessions */
  uint32_t nq = 0, max_hits = 0;
  size_t total = 0;
  for (uint32_t k = 0; k < b->n_keys; k++) {
    struct key *y = &b->keys[k];
    if (y->n_subjects < 2)
      continue;
    if (y->via == VIA_IP) {
      struct vet_ip_info ip;
      struct vet_ip_addr a = key_addr(ck->pop, y);
      vet_ipdb_lookup(ck->ipdb, &a, &ip);
      if (!residential(&ip))
        continue;
    }
    y->q = nq++;
    total += y->n_hits;
    if (y->n_hits > max_hits)
      max_hits = y->n_hits;
  }
  if (!nq) {
    free(ekeys);
    return index_subjects(ck);
  }
  uint32_t *qkey = malloc((size_t)nq * sizeof *qkey);
  size_t *start = calloc((size_t)nq + 1, sizeof *start);
  struct hit *hits = vet_malloc_huge(total * sizeof *hits);
  uint32_t *count = malloc((size_t)max_hits * sizeof *count);
  uint32_t *members = malloc((size_t)max_hits * sizeof *members);
  uint32_t *nlocal = calloc(nq, sizeof *nlocal);
  if (!qkey || !start || !hits || !count || !members || !nlocal)
    rc = VET_ENOMEM;
  for (uint32_t k = 0; k < b->n_keys && !rc; k++)
    if (b->keys[k].q != UINT32_MAX) {
      qkey[b->keys[k].q] = k;
      start[b->keys[k].q + 1] = b->keys[k].n_hits;
      b->keys[k].last_subject = UINT32_MAX;
    }
  for (uint32_t q = 0; q < nq && !rc; q++)
    start[q + 1] += start[q];
  /* pass 2: the shared keys' sessions, subjects numbered per key */
  for (uint32_t i = 0; i < p->n_subjects && !rc; i++) {
    uint32_t from, to;
    subject_events(ck, &p->subjects[i], &from, &to);
    for (uint32_t e = from; e < to && !rc; e++)
      for (int via = VIA_IP; via <= VIA_DEVICE && !rc; via++) {
        uint32_t k = ekeys[e];
        if (via == VIA_DEVICE)
          rc = device_key(b, &p->events[e], &k); /* found in pass 1: no key is added */
        if (rc || k == UINT32_MAX || b->keys[k].q == UINT32_MAX)
          continue;
        struct key *y = &b->keys[k];
        if (y->last_subject != i) {
          y->last_subject = i;
          nlocal[y->q]++;
        }
        hits[start[y->q]++] = (struct hit){p->events[e].ts, i, nlocal[y->q] - 1, e};
      }
  }
  /* start[q] now ends key q's sessions: key q is [start[q-1], start[q]) */
  uint32_t cap_groups = 0, n_members = 0, cap_members = 0;
  for (uint32_t q = 0; q < nq && !rc; q++) {
    size_t lo = q ? start[q - 1] : 0;
    rc = judge(ck, &b->keys[qkey[q]], hits + lo, (uint32_t)(start[q] - lo), nlocal[q], count, members, &cap_groups,
               &n_members, &cap_members);
  }
  free(ekeys);
  free(qkey);
  free(start);
  free(hits);
  free(count);
  free(members);
  free(nlocal);
  return rc ? rc : index_subjects(ck);
}

vet_err check_farm_links(const struct vet_checker *ck, struct vet_links *l, struct vet_error *e)
{
  for (uint32_t g = 0; g < ck->n_farm; g++) {
    const struct farm_group *x = &ck->farm[g];
    if (x->via != VIA_IP)
      continue; /* devices are linked from every event by link/graph.c */
    vet_err rc = vet_links_add(l, VET_LINK_IP, x->key, ck->farm_members + x->first, x->n, x->strength, e);
    if (rc)
      return rc;
  }
  return VET_OK;
}

vet_err check_farm_build(struct vet_checker *ck, struct vet_error *e)
{
  if (!ck->cfg->risk.enabled[VET_RULE_LOCATION_LAPTOP_FARM] || !ck->pop->n_events)
    return VET_OK;
  struct build b = {.ck = ck};
  vet_strmap_init(&b.devmap);
  vet_err rc = build(&b);
  free(b.ips.v4);
  free(b.ips.v6);
  vet_strmap_release(&b.devmap);
  free(b.keys);
  if (rc)
    return vet_fail(e, rc, "laptop-farm index: out of memory");
  return VET_OK;
}

void check_farm_release(struct vet_checker *ck)
{
  free(ck->farm);
  free(ck->farm_members);
  free(ck->farm_start);
  free(ck->farm_of);
  ck->farm = NULL;
  ck->farm_members = ck->farm_start = ck->farm_of = NULL;
  ck->n_farm = 0;
}

/* ---- the finding ------------------------------------------------------------ */

static json_t *ts_json(int64_t t)
{
  time_t tt = (time_t)t;
  struct tm tm;
  char b[32];
  if (!gmtime_r(&tt, &tm) || !strftime(b, sizeof b, "%Y-%m-%d", &tm))
    return json_null();
  return json_string(b);
}

static json_t *group_evidence(const struct vet_checker *ck, const struct farm_group *g, uint32_t self)
{
  const struct vet_population *p = ck->pop;
  json_t *others = json_array(), *places = json_array();
  const uint32_t *m = ck->farm_members + g->first;
  const struct vet_subject *seen[MAX_PLACES];
  uint32_t n_seen = 0;
  for (uint32_t k = 0; k < g->n; k++) {
    const struct vet_subject *s = &p->subjects[m[k]];
    if (m[k] != self && json_array_size(others) < MAX_OTHERS)
      json_array_append_new(others, check_jstr(s->id));
    bool dup = !has_place(s);
    for (uint32_t j = 0; j < n_seen && !dup; j++)
      dup = same_place(seen[j], s);
    if (!dup && n_seen < MAX_PLACES) {
      seen[n_seen++] = s;
      json_array_append_new(places, json_pack("{s:s, s:o}", "country", s->country.code, "city", check_jstr(s->city)));
    }
  }
  json_t *ev = json_pack("{s:s, s:o, s:i, s:o, s:o, s:o, s:i, s:i, s:o}", "via", g->via == VIA_IP ? "ip" : "device",
                         "value", check_jstr(g->key), "subjects", (int)g->n, "others", others, "from", ts_json(g->from),
                         "to", ts_json(g->to), "sessions", (int)g->sessions, "remote_sessions", (int)g->remote,
                         "claimed_places", places);
  if (ev && g->via == VIA_IP)
    json_object_set_new(ev, "network", json_pack("{s:s, s:I, s:s}", "country", g->ip.country, "asn",
                                                 (json_int_t)g->ip.asn, "org", g->ip.org ? g->ip.org : ""));
  return ev;
}

vet_err check_farm(struct vet_check_worker *w)
{
  const struct vet_checker *ck = w->ck;
  if (!ck->farm_start)
    return VET_OK;
  uint32_t self = w->self;
  uint32_t lo = ck->farm_start[self], hi = ck->farm_start[self + 1];
  vet_err rc = VET_OK;
  for (uint32_t k = lo, made = 0; k < hi && !rc && made < MAX_GROUPS_PER_SUBJECT; k++) {
    const struct farm_group *g = &ck->farm[ck->farm_of[k]];
    if (g->n < (g->via == VIA_IP ? ck->cfg->check.farm_min_subjects : ck->cfg->check.farm_device_min_subjects))
      continue;
    json_t *ev = group_evidence(ck, g, self);
    if (!ev)
      return VET_ENOMEM;
    made++;
    char why[160];
    if (g->remote)
      snprintf(why, sizeof why, "remote-access tools, KVM devices or virtual machines in %u of %u sessions there",
               g->remote, g->sessions);
    else
      snprintf(why, sizeof why, "they claim %u different places", g->places);
    int days = (int)((g->to - g->from) / DAY_S) + 1;
    if (g->via == VIA_IP)
      rc = vet_findings_add(&w->f, VET_RULE_LOCATION_LAPTOP_FARM, g->strength, VET_SEV_HIGH, ev,
                            "%u subjects logged in from one residential address %.*s (%s, AS%u %s) within %d day%s; %s",
                            g->n, VET_STR_FMT(g->key), g->ip.country, g->ip.asn, g->ip.org ? g->ip.org : "", days,
                            days == 1 ? "" : "s", why);
    else
      rc = vet_findings_add(&w->f, VET_RULE_LOCATION_LAPTOP_FARM, g->strength, VET_SEV_HIGH, ev,
                            "%u subjects used one device %.*s within %d day%s; %s", g->n, VET_STR_FMT(g->key), days,
                            days == 1 ? "" : "s", g->remote || g->places > 1 ? why : "they claim one place");
  }
  return rc;
}
