/* subject/parse.c - reading subject and event records (JSON lines, see
 * docs/schema.md) into the population: types checked field by field,
 * dates and countries parsed, every problem named by line and field path.
 *
 * Policy: a line that is not JSON, a field of the wrong JSON type, an
 * impossible date or timestamp, or a duplicate subject id skips the whole
 * record (it is reported; the rest of the run goes on).  A value outside
 * an open-ended vocabulary (a payout kind "skrill", a country name that
 * does not resolve) only drops or generalizes that value with a warning:
 * skipping a worker over it would leave the worker unscreened.
 *
 * Records are read from jansson's objects here, or by the fast readers
 * (event_fast.cc, subject_fast.cc) on a worker thread; both fill a struct
 * event_fields or subject_fields and one set of rules (event_build,
 * add_subject) checks it, so messages do not depend on the reader.  An
 * event from the fast reader is checked on the worker: its issues are
 * kept and replayed in input order when it is added (event_prepare,
 * event_add_ready); a subject is checked when it is added, on the
 * population's thread (subject_add_fields), since its id must be checked
 * against the subjects before it. */
#include <stdarg.h>
#include <stdio.h>

#include "core/common.h"
#include "core/strmap.h"
#include "subject/subject_int.h"
#include "vetter/date.h"
#include "vetter/subject.h"

/* Reading one record.  On the main thread (p set) strings go to p's arena
 * and issues straight to p; on a worker (p NULL, an event read by the fast
 * reader) strings go to an arena p will own and issues are kept, in order,
 * for the thread that adds the event (event_add_ready). */
struct pc {
  struct vet_population *p;               /* NULL on a worker */
  struct vet_arena *arena;                /* the record's strings */
  const struct vet_countries *countries;  /* borrowed */
  struct vet_arena *scratch;              /* worker: the kept issues */
  vet_str kept_line;                      /* worker: the line, when it outlives the event's adding */
  struct event_issue **tail;              /* worker: where the next kept issue goes */
  struct event_intern *intern;            /* worker: copies already in arena, or NULL */
  size_t line;
  vet_str id;       /* subject id or event subject, for messages */
  const char *what; /* "subject" or "event of subject" */
  bool failed;      /* the record is to be skipped */
  vet_err oom;
  char msg[192];    /* first reason */
};

#if defined(__GNUC__)
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#else
#define PRINTF_LIKE(f, a)
#endif

static void fail_field(struct pc *c, const char *prefix, const char *key, const char *fmt, ...) PRINTF_LIKE(4, 5);
static void warn_field(struct pc *c, const char *prefix, const char *key, const char *fmt, ...) PRINTF_LIKE(4, 5);

/* The record is to be skipped; the first reason is kept. */
static void fail_field(struct pc *c, const char *prefix, const char *key, const char *fmt, ...)
{
  if (c->failed)
    return;
  c->failed = true;
  snprintf(c->msg, sizeof c->msg, "field '%s%s': ", prefix, key);
  size_t n = strlen(c->msg);
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(c->msg + n, sizeof c->msg - n, fmt, ap);
  va_end(ap);
}

/* Record an issue of the record (skipped: the whole record is dropped). */
static vet_err record_issue(struct pc *c, bool skipped, const char *fmt, ...) PRINTF_LIKE(3, 4);
static vet_err record_issue(struct pc *c, bool skipped, const char *fmt, ...)
{
  char m[sizeof ((struct vet_input_issue *)0)->msg];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(m, sizeof m, fmt, ap);
  va_end(ap);
  if (c->p)
    return population_issue(c->p, c->line, skipped, "%s", m);
  struct event_issue *is = vet_arena_alloc(c->scratch, sizeof *is);
  if (!is)
    return VET_ENOMEM;
  is->next = NULL;
  is->skipped = skipped;
  memcpy(is->msg, m, sizeof is->msg);
  *c->tail = is;
  c->tail = &is->next;
  return VET_OK;
}

/* Only the field's value is dropped. */
static void warn_field(struct pc *c, const char *prefix, const char *key, const char *fmt, ...)
{
  char m[192];
  snprintf(m, sizeof m, "field '%s%s': ", prefix, key);
  size_t n = strlen(m);
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(m + n, sizeof m - n, fmt, ap);
  va_end(ap);
  if (record_issue(c, false, "%s '%.*s': %s", c->what, VET_STR_FMT(c->id), m))
    c->oom = VET_ENOMEM;
}

/* ---- sharing the strings of events ----------------------------------------
 * The events of a subject repeat its subject id, devices, user agent, time
 * zone and languages: on a worker each string is looked up in a small
 * direct-mapped table of copies already in the worker's string arena, and
 * shared when found (the strings are never written to).  Without it they
 * took two thirds of a population's memory.  Slots, a power of two: a
 * table of 256 KiB stays in a core's cache.  Addresses and device ids
 * (millions of them, each event has them) have this table to themselves;
 * the other strings (user agents, zones, languages, tools: hundreds,
 * repeated by every login) one of INTERN_TEXT_SLOTS, where the addresses
 * do not push them out: a login's strings are then the very copies an
 * equal ext kept before holds, which keep_ext_at compares by pointer
 * instead of reading them. */
#define INTERN_SLOTS (1u << 14)
#define INTERN_TEXT_SLOTS (1u << 12)

/* Arrays (languages, remote tools) are shared the same way: an event's
 * two-item language list cost 32 bytes a time, 640 MB over twenty
 * million events. */
#define INTERN_ARRAY_SLOTS (1u << 12)

/* And an event's rare fields (struct vet_event_ext): a device's logins
 * repeat its browser, zone, languages and tools, a subject's messages
 * their counterparts, 112 bytes a time.  Unlike the strings, they are
 * kept by their content in a table that grows (no copy is ever dropped
 * from it): the logins of one device lie hundreds of thousands of events
 * apart in a time-ordered input, so a small table forgot them before they
 * came again (2.4 million copies of about 150,000 distinct exts, 270 MB,
 * over ten million events).  Slots at first, and at most: past that
 * (16 MiB of table a reading thread, half a million distinct exts) exts
 * are still kept, only no longer shared: an input whose exts never repeat
 * costs no more table than that. */
#define INTERN_EXT_MIN (1u << 12)
#define INTERN_EXT_MAX (1u << 20)

/* A shared string: its copy, and the high half of its hash (str_hash),
 * which tells most other strings' slots without reading the copy. */
struct intern_str {
  const char *ptr;
  uint32_t len, tag;
};

/* A kept ext: its hash (ext_hash), compared before the ext is read. */
struct ext_slot {
  uint64_t h;
  const struct vet_event_ext *p; /* NULL: the slot is free */
};

/* The lookup of a shared ext in the table takes two cache misses, its
 * slot and then the ext found there (hundreds of thousands of exts, far
 * apart).  On a worker it is done in steps over the events that follow
 * (EXT_WAIT of them with an ext): the event's slot is fetched when it is
 * read, probed when the next one is (the ext it holds fetched), and the
 * ext compared and kept when the one after is, so that the misses
 * overlap other work.  The event's x is set then (event_intern_flush sets
 * those still waiting). */
#define EXT_WAIT 2

struct ext_wait {
  struct vet_event_ext x;          /* its fields (their strings already kept) */
  uint64_t h;                      /* ext_hash */
  uint32_t at, cap;                /* probed: the slot where the lookup goes on, the table's size then */
  bool probed;
  const struct vet_event_ext **dst; /* the event's x */
  struct vet_arena *arena;         /* where a copy goes */
};

struct event_intern {
  struct intern_str slot[INTERN_SLOTS];      /* addresses and device ids (vet_lstr copies) */
  struct intern_str text[INTERN_TEXT_SLOTS]; /* the other strings */
  struct vet_strs arr[INTERN_ARRAY_SLOTS];
  struct ext_slot *ext; /* open addressing, at most half full */
  uint32_t ext_cap, ext_n;
  struct ext_wait wait[EXT_WAIT]; /* oldest first */
  uint32_t n_wait;
};

struct event_intern *event_intern_new(void)
{
  struct event_intern *t = calloc(1, sizeof *t);
  if (t && !(t->ext = calloc(INTERN_EXT_MIN, sizeof *t->ext))) {
    free(t);
    return NULL;
  }
  if (t)
    t->ext_cap = INTERN_EXT_MIN;
  return t;
}

void event_intern_free(struct event_intern *t)
{
  if (t)
    free(t->ext);
  free(t);
}

/* Strings up to this long (most ids, addresses and device ids) are
 * hashed as two words, without a loop (and compared so by vet_str_eq). */
#define SHORT_STR 16

/* The bytes of s (1 to SHORT_STR long) as two words read within s: its
 * first and last eight (or four) bytes, overlapping when shorter; of one
 * to three bytes, the first, middle and last.  Two strings of one length
 * are equal exactly when their words are. */
static inline void short_words(vet_str s, uint64_t *a, uint64_t *b)
{
  if (s.len >= 8) {
    memcpy(a, s.ptr, 8);
    memcpy(b, s.ptr + s.len - 8, 8);
  } else if (s.len >= 4) {
    uint32_t x, y;
    memcpy(&x, s.ptr, 4);
    memcpy(&y, s.ptr + s.len - 4, 4);
    *a = x;
    *b = y;
  } else {
    *a = (uint64_t)(uint8_t)s.ptr[0] | (uint64_t)(uint8_t)s.ptr[s.len / 2] << 8 |
         (uint64_t)(uint8_t)s.ptr[s.len - 1] << 16;
    *b = 0;
  }
}

/* A hash of s: a short string's two words mixed, a longer one eight
 * bytes at a time. */
static uint64_t str_hash(vet_str s)
{
  uint64_t h = 0x9e3779b97f4a7c15ull ^ s.len, w;
  if (s.len && s.len <= SHORT_STR) {
    uint64_t a, b;
    short_words(s, &a, &b);
    h = (h ^ a) * 0xff51afd7ed558ccdull;
    h = (h ^ (h >> 32) ^ b) * 0xc4ceb9fe1a85ec53ull;
    return h ^ (h >> 29);
  }
  size_t i = 0;
  for (; i + 8 <= s.len; i += 8) {
    memcpy(&w, s.ptr + i, 8);
    h = (h ^ w) * 0xff51afd7ed558ccdull;
    h ^= h >> 32;
  }
  w = 0;
  memcpy(&w, s.ptr + i, s.len - i);
  h = (h ^ w) * 0xc4ceb9fe1a85ec53ull;
  return h ^ (h >> 29);
}

/* The intern slot of a string of hash h: in t's table of addresses and
 * device ids (lstr), or of the other strings. */
static struct intern_str *intern_slot(struct event_intern *t, bool lstr, uint64_t h)
{
  return lstr ? &t->slot[h & (INTERN_SLOTS - 1)] : &t->text[h & (INTERN_TEXT_SLOTS - 1)];
}

/* s copied into c's arena (trimmed by the caller), or an equal copy made
 * before; "" when empty.  h: str_hash(s) when c has an intern table.
 * lstr: a copy that can be kept as a vet_lstr (vet_arena_lstrdup: an
 * event's address and device id). */
static vet_str dup_hashed(struct pc *c, vet_str s, bool lstr, uint64_t h)
{
  if (s.len == 0)
    return (vet_str){"", 0};
  struct intern_str *slot = NULL;
  uint32_t tag = 0;
  if (c->intern && s.len <= UINT32_MAX) {
    tag = (uint32_t)(h >> 32);
    slot = intern_slot(c->intern, lstr, h);
    if (slot->ptr && slot->tag == tag && vet_str_eq((vet_str){slot->ptr, slot->len}, s))
      return (vet_str){slot->ptr, slot->len};
  }
  vet_str d = lstr ? vet_arena_lstrdup(c->arena, s) : vet_arena_strdup(c->arena, s);
  if (!d.ptr) {
    c->oom = VET_ENOMEM;
    return (vet_str){"", 0};
  }
  if (slot)
    *slot = (struct intern_str){d.ptr, (uint32_t)d.len, tag};
  return d;
}

/* dup_hashed with the hash computed here. */
static vet_str dup_as(struct pc *c, vet_str s, bool lstr)
{
  return dup_hashed(c, s, lstr, s.len && c->intern ? str_hash(s) : 0);
}

static vet_str dup(struct pc *c, vet_str s) { return dup_as(c, s, false); }

/* The hash of a string field's trimmed value (what val_view gives when
 * the field is valid), its intern slot (of an address or device id)
 * fetched into the cache ahead of dup_hashed; 0 for any other field. */
static uint64_t intern_ahead(const struct pc *c, const struct field_val *v)
{
  if (!c->intern || v->type != FIELD_STRING)
    return 0;
  vet_str s = vet_str_trim(v->s);
  if (!s.len)
    return 0;
  uint64_t h = str_hash(s);
  VET_PREFETCH(intern_slot(c->intern, true, h));
  return h;
}

/* A hash of s's content, 0 for an empty string (whose pointer may be
 * NULL). */
static uint64_t str_hash0(vet_str s) { return s.len ? str_hash(s) : 0; }

/* A hash of the strings v[0..n) (their contents). */
static uint64_t strs_hash(const vet_str *v, uint32_t n)
{
  uint64_t h = 0x51ed270b27b1f3a5ull ^ n;
  for (uint32_t i = 0; i < n; i++)
    h = (h ^ str_hash0(v[i])) * 0x9e3779b97f4a7c15ull;
  return h;
}

/* The array v[0..n) (strings already dup'd) in c's arena: an equal
 * array kept before when there is one, else a copy. */
static struct vet_strs dup_strs(struct pc *c, const vet_str *v, uint32_t n)
{
  struct vet_strs *slot = NULL;
  if (c->intern) {
    uint64_t h = strs_hash(v, n);
    slot = &c->intern->arr[(h ^ (h >> 31)) & (INTERN_ARRAY_SLOTS - 1)];
    bool same = slot->v && slot->n == n;
    for (uint32_t i = 0; same && i < n; i++)
      same = vet_str_eq(slot->v[i], v[i]);
    if (same)
      return *slot;
  }
  struct vet_strs r = {vet_arena_alloc(c->arena, n * sizeof *r.v), n};
  if (!r.v) {
    c->oom = VET_ENOMEM;
    return (struct vet_strs){0};
  }
  memcpy(r.v, v, n * sizeof *v);
  if (slot)
    *slot = r;
  return r;
}

/* A hash of the contents of an ext without a payout or an address. */
static uint64_t ext_hash(const struct vet_event_ext *x)
{
  const vet_str s[3] = {x->user_agent, x->tz_name, x->counterpart};
  const struct vet_strs a[3] = {x->languages, x->remote_tools, x->usb_devices};
  uint64_t h = 0x2545f4914f6cdd1dull ^ ((uint64_t)(uint16_t)x->ts_offset_min << 32) ^
               ((uint64_t)(uint16_t)x->tz_offset_min << 16) ^ ((uint64_t)x->has_tz_offset << 8) ^ (uint8_t)x->vm;
  for (int i = 0; i < 3; i++)
    h = (h ^ str_hash0(s[i])) * 0x9e3779b97f4a7c15ull;
  for (int i = 0; i < 3; i++)
    h = (h ^ strs_hash(a[i].v, a[i].n)) * 0x9e3779b97f4a7c15ull;
  return h ^ (h >> 29);
}

static bool same_str(vet_str a, vet_str b) { return a.len == b.len && (a.ptr == b.ptr || vet_str_eq(a, b)); }

static bool same_strs(struct vet_strs a, struct vet_strs b)
{
  if (a.n != b.n)
    return false;
  for (uint32_t i = 0; a.v != b.v && i < a.n; i++)
    if (!same_str(a.v[i], b.v[i]))
      return false;
  return true;
}

/* x's fields hold the same text as y's (neither has a payout or an
 * address). */
static bool same_ext(const struct vet_event_ext *x, const struct vet_event_ext *y)
{
  return x->ts_offset_min == y->ts_offset_min && x->tz_offset_min == y->tz_offset_min &&
         x->has_tz_offset == y->has_tz_offset && x->vm == y->vm && same_str(x->user_agent, y->user_agent) &&
         same_str(x->tz_name, y->tz_name) &&
         same_str(x->counterpart, y->counterpart) && same_strs(x->languages, y->languages) &&
         same_strs(x->remote_tools, y->remote_tools) && same_strs(x->usb_devices, y->usb_devices) && !x->payout &&
         !y->payout && !x->address && !y->address;
}

/* t's ext table twice as large; false when it cannot grow (it is then
 * left as it was). */
static bool ext_grow(struct event_intern *t)
{
  if (t->ext_cap >= INTERN_EXT_MAX)
    return false;
  uint32_t cap = t->ext_cap * 2;
  struct ext_slot *v = calloc(cap, sizeof *v);
  if (!v)
    return false;
  for (uint32_t i = 0; i < t->ext_cap; i++)
    if (t->ext[i].p) {
      uint32_t at = (uint32_t)t->ext[i].h & (cap - 1);
      while (v[at].p)
        at = (at + 1) & (cap - 1);
      v[at] = t->ext[i];
    }
  free(t->ext);
  t->ext = v;
  t->ext_cap = cap;
  return true;
}

/* Whether x is kept in c's ext table (one without a payout or an
 * address, when c has the table). */
static bool ext_shared(const struct pc *c, const struct vet_event_ext *x)
{
  return c->intern && !x->payout && !x->address;
}

/* x's hash (ext_hash) when it is shared, its first slot fetched into the
 * cache ahead of keep_ext; else 0. */
static uint64_t ext_ahead(const struct pc *c, const struct vet_event_ext *x)
{
  if (!ext_shared(c, x))
    return 0;
  uint64_t h = ext_hash(x);
  VET_PREFETCH(&c->intern->ext[(uint32_t)h & (c->intern->ext_cap - 1)]);
  return h;
}

/* x kept in arena: an equal one kept before in t when there is one (the
 * ext is never written once the event is built), else a copy, added to t
 * when t is given and x is shared; h its ext_hash, at the slot where the
 * lookup starts (its home, or where a probe stopped).  NULL when out of
 * memory. */
static const struct vet_event_ext *keep_ext_at(struct event_intern *t, struct vet_arena *arena,
                                               const struct vet_event_ext *x, uint64_t h, uint32_t at)
{
  if (t) {
    /* another ext's slot is told by its hash, without reading the ext */
    for (; t->ext[at].p; at = (at + 1) & (t->ext_cap - 1))
      if (t->ext[at].h == h && same_ext(t->ext[at].p, x))
        return t->ext[at].p;
  }
  struct vet_event_ext *k = vet_arena_alloc(arena, sizeof *k);
  if (!k)
    return NULL;
  *k = *x;
  if (t && (2 * (t->ext_n + 1) <= t->ext_cap || ext_grow(t))) {
    at = (uint32_t)h & (t->ext_cap - 1); /* the first free slot (the table may have grown) */
    while (t->ext[at].p)
      at = (at + 1) & (t->ext_cap - 1);
    t->ext[at] = (struct ext_slot){h, k};
    t->ext_n++;
  }
  return k;
}

/* Probe w's slots as far as the first that holds an ext of its hash (that
 * ext fetched) or none. */
static void ext_probe(const struct event_intern *t, struct ext_wait *w)
{
  uint32_t at = (uint32_t)w->h & (t->ext_cap - 1);
  while (t->ext[at].p && t->ext[at].h != w->h)
    at = (at + 1) & (t->ext_cap - 1);
  if (t->ext[at].p) {
    const char *k = (const char *)t->ext[at].p;
    VET_PREFETCH(k);
    VET_PREFETCH(k + sizeof(struct vet_event_ext) - 1); /* an ext spans two cache lines */
  }
  w->at = at;
  w->cap = t->ext_cap;
  w->probed = true;
}

/* The oldest waiting ext kept and its event's x set (probed first when it
 * was not); false when out of memory. */
static bool ext_finish_oldest(struct event_intern *t)
{
  struct ext_wait *w = &t->wait[0];
  if (!w->probed)
    ext_probe(t, w);
  /* on from the probe's slot: only the oldest waiting ext is probed, so
   * nothing was added to the table since (from its home all the same if
   * the table's size changed) */
  uint32_t at = w->cap == t->ext_cap ? w->at : (uint32_t)w->h & (t->ext_cap - 1);
  const struct vet_event_ext *k = keep_ext_at(t, w->arena, &w->x, w->h, at);
  if (k)
    *w->dst = k;
  t->n_wait--;
  memmove(&t->wait[0], &t->wait[1], t->n_wait * sizeof *t->wait);
  return k != NULL;
}

bool event_intern_flush(struct event_intern *t)
{
  bool ok = true;
  while (t && t->n_wait)
    ok = ext_finish_oldest(t) && ok;
  return ok;
}

/* x kept for ev (ev->x set now, or once the lookup's steps are done: see
 * EXT_WAIT); h its ext_ahead.  False when out of memory. */
static bool keep_ext(struct pc *c, const struct vet_event_ext *x, uint64_t h, const struct vet_event_ext **dst)
{
  struct event_intern *t = c->intern;
  if (!ext_shared(c, x)) {
    *dst = keep_ext_at(NULL, c->arena, x, 0, 0);
    return *dst != NULL;
  }
  bool ok = true;
  if (t->n_wait == EXT_WAIT)
    ok = ext_finish_oldest(t);
  if (t->n_wait && !t->wait[t->n_wait - 1].probed)
    ext_probe(t, &t->wait[t->n_wait - 1]);
  t->wait[t->n_wait++] = (struct ext_wait){.x = *x, .h = h, .dst = dst, .arena = c->arena};
  return ok;
}

static vet_str jstr(const json_t *v) { return (vet_str){json_string_value(v), json_string_length(v)}; }

/* ---- field values ---------------------------------------------------------
 * Every rule on a field is written once, over a struct field_val; the
 * jansson reader fills one from a json_t (fv_json), the fast readers
 * from simdjson (event_fast.cc, subject_fast.cc). */

static struct field_val fv_json(const json_t *v)
{
  struct field_val f = {.type = FIELD_ABSENT, .json = v};
  if (!v)
    return f;
  switch (json_typeof(v)) {
  case JSON_NULL:
    f.type = FIELD_NULL;
    break;
  case JSON_TRUE:
    f.type = FIELD_TRUE;
    break;
  case JSON_FALSE:
    f.type = FIELD_FALSE;
    break;
  case JSON_INTEGER:
    f.type = FIELD_INTEGER;
    f.i = (int64_t)json_integer_value(v);
    break;
  case JSON_REAL:
    f.type = FIELD_REAL;
    break;
  case JSON_STRING:
    f.type = FIELD_STRING;
    f.s = jstr(v);
    break;
  case JSON_ARRAY:
    f.type = FIELD_ARRAY;
    f.n = json_array_size(v) > UINT32_MAX ? UINT32_MAX : (uint32_t)json_array_size(v);
    break;
  case JSON_OBJECT:
    f.type = FIELD_OBJECT;
    break;
  }
  return f;
}

static struct field_val fv_get(const json_t *o, const char *key) { return fv_json(json_object_get(o, key)); }

/* Item i (< a->n) of an array value. */
static struct field_val fv_item(const struct field_val *a, size_t i)
{
  if (a->json)
    return fv_json(json_array_get(a->json, i));
  if (!a->items[i].ptr)
    return (struct field_val){.type = FIELD_NULL};
  return (struct field_val){.type = FIELD_STRING, .s = a->items[i]};
}

static bool fv_missing(const struct field_val *v) { return v->type == FIELD_ABSENT || v->type == FIELD_NULL; }

/* A string field, trimmed, not copied (for a value only looked at): absent
 * or null gives "". */
static vet_str val_view(struct pc *c, const struct field_val *v, const char *prefix, const char *key)
{
  if (fv_missing(v))
    return (vet_str){"", 0};
  if (v->type != FIELD_STRING) {
    fail_field(c, prefix, key, "expected a string");
    return (vet_str){"", 0};
  }
  return vet_str_trim(v->s);
}

/* A string field, copied into the record's arena (NUL-terminated). */
static vet_str val_str(struct pc *c, const struct field_val *v, const char *prefix, const char *key)
{
  return dup(c, val_view(c, v, prefix, key));
}

static struct vet_strs val_strs(struct pc *c, const struct field_val *v, const char *prefix, const char *key)
{
  struct vet_strs r = {0};
  if (fv_missing(v))
    return r;
  if (v->type == FIELD_STRING) { /* one value written without brackets */
    vet_str s = dup(c, vet_str_trim(v->s));
    return s.len ? dup_strs(c, &s, 1) : r;
  }
  if (v->type != FIELD_ARRAY) {
    fail_field(c, prefix, key, "expected an array of strings");
    return r;
  }
  size_t n = v->n;
  if (n > SUBJECT_MAX_ITEMS) {
    fail_field(c, prefix, key, "more than %d items", SUBJECT_MAX_ITEMS);
    return r;
  }
  if (!n)
    return r;
  vet_str items[SUBJECT_MAX_ITEMS];
  uint32_t k = 0;
  for (size_t i = 0; i < n; i++) {
    struct field_val x = fv_item(v, i);
    if (x.type == FIELD_NULL)
      continue;
    if (x.type != FIELD_STRING) {
      fail_field(c, prefix, key, "expected an array of strings");
      return (struct vet_strs){0};
    }
    vet_str s = dup(c, vet_str_trim(x.s));
    if (s.len)
      items[k++] = s;
  }
  return k ? dup_strs(c, items, k) : r;
}

static struct vet_place val_place(struct pc *c, const struct field_val *v, const char *prefix, const char *key)
{
  struct vet_place pl = {.raw = val_str(c, v, prefix, key)};
  if (!pl.raw.len)
    return pl;
  const char *code = c->countries ? vet_country_resolve(c->countries, pl.raw) : NULL;
  if (code)
    vet_cstr_copy(pl.code, sizeof pl.code, code);
  else
    warn_field(c, prefix, key, "'%s' is not a known country (ignored)", pl.raw.ptr);
  return pl;
}

/* An enumerated value: index into names[], or other_index (with a warning)
 * for a value outside the vocabulary; def when absent. */
static int val_enum(struct pc *c, const struct field_val *v, const char *prefix, const char *key,
                    const char *const *names, size_t n, int def, int other_index)
{
  vet_str s = val_view(c, v, prefix, key);
  if (!s.len)
    return def;
  for (size_t i = 0; i < n; i++) { /* most values are written as the names are */
    size_t k = 0;
    while (names[i] && k < s.len && names[i][k] && names[i][k] == s.ptr[k])
      k++;
    if (names[i] && k == s.len && !names[i][k])
      return (int)i;
  }
  for (size_t i = 0; i < n; i++)
    if (names[i] && vet_str_ieq_c(s, names[i]))
      return (int)i;
  if (other_index < 0) {
    fail_field(c, prefix, key, "unknown value '%.*s'", VET_STR_FMT(s));
    return def;
  }
  warn_field(c, prefix, key, "unknown value '%.*s', taken as 'other'", VET_STR_FMT(s));
  return other_index;
}

static int64_t val_time(struct pc *c, const struct field_val *v, const char *key, bool required, int *offset)
{
  vet_str s = val_view(c, v, "", key);
  int64_t t = 0;
  if (!s.len) {
    if (required)
      fail_field(c, "", key, "a timestamp is required");
    return 0;
  }
  if (vet_timestamp_parse(s, &t, offset) == VET_OK)
    return t;
  struct vet_date d; /* a plain date is accepted where a time is not required */
  if (!required && vet_date_parse(s, &d) == VET_OK && d.day) {
    if (offset)
      *offset = 0;
    return (int64_t)vet_date_days(&d) * 86400;
  }
  fail_field(c, "", key, "'%.*s' is not an RFC 3339 timestamp (2026-03-01T09:15:00Z)", VET_STR_FMT(s));
  return 0;
}

/* An object field ("text", "links", "payout"): false when absent; fails on
 * a non-object. */
static bool val_obj(struct pc *c, const struct field_val *v, const char *key)
{
  if (fv_missing(v))
    return false;
  if (v->type != FIELD_OBJECT) {
    fail_field(c, "", key, "expected an object");
    return false;
  }
  return true;
}

static struct vet_date val_date(struct pc *c, const struct field_val *v, const char *prefix, const char *key)
{
  struct vet_date d = {0};
  vet_str s = val_str(c, v, prefix, key);
  if (s.len && vet_date_parse(s, &d) != VET_OK)
    fail_field(c, prefix, key, "'%s' is not a possible date (YYYY-MM-DD, YYYY-MM or YYYY)", s.ptr);
  return d;
}

static char val_sex(struct pc *c, const struct field_val *v, const char *prefix, const char *key)
{
  vet_str s = val_str(c, v, prefix, key);
  if (!s.len)
    return 0;
  static const struct {
    const char *in;
    char sex;
  } t[] = {{"m", 'M'}, {"male", 'M'}, {"f", 'F'}, {"female", 'F'}, {"x", 'X'}, {"<", 'X'}, {"unspecified", 'X'}};
  for (size_t i = 0; i < VET_COUNTOF(t); i++)
    if (vet_str_ieq_c(s, t[i].in))
      return t[i].sex;
  fail_field(c, prefix, key, "'%s' is not M, F or X", s.ptr);
  return 0;
}

/* An array of objects: its number of items (0 when absent); fails on
 * anything else. */
static uint32_t val_objs(struct pc *c, const struct objs_field *a, const char *key)
{
  const struct field_val *v = &a->v;
  if (fv_missing(v))
    return 0;
  if (v->type != FIELD_ARRAY) {
    fail_field(c, "", key, "expected an array of objects");
    return 0;
  }
  if (v->n > SUBJECT_MAX_ITEMS) {
    fail_field(c, "", key, "more than %d items", SUBJECT_MAX_ITEMS);
    return 0;
  }
  if (!a->all_objects) {
    fail_field(c, "", key, "expected an array of objects");
    return 0;
  }
  return v->n;
}

static const char *const address_kinds[] = {"residence", "shipping", "billing", "other"};
static const char *const doc_kinds[] = {"passport", "id_card", "residence_permit", "driver_license", "other"};
static const char *const payout_kinds[] = {"bank", "paypal", "payoneer", "wise", "crypto", "other"};
static const char *const event_kinds[] = {"login", "activity", "payout_change", "message", "review", "shipment",
                                          "other"};

static void read_address(struct pc *c, const struct address_fields *f, const char *prefix, struct vet_saddress *a)
{
  a->kind = (enum vet_address_kind)val_enum(c, &f->kind, prefix, "kind", address_kinds, VET_COUNTOF(address_kinds),
                                            VET_ADDR_RESIDENCE, VET_ADDR_OTHER);
  a->country = val_place(c, &f->country, prefix, "country");
  a->text = val_str(c, &f->text, prefix, "text");
}

static void read_payout(struct pc *c, const struct payout_fields *f, const char *prefix, struct vet_payout *y)
{
  y->kind = (enum vet_payout_kind)val_enum(c, &f->kind, prefix, "kind", payout_kinds, VET_COUNTOF(payout_kinds),
                                           VET_PAYOUT_OTHER, VET_PAYOUT_OTHER);
  y->holder = val_str(c, &f->holder, prefix, "holder");
  y->country = val_place(c, &f->country, prefix, "country");
  y->account = val_str(c, &f->account, prefix, "account");
  y->currency = val_str(c, &f->currency, prefix, "currency");
  y->address = val_str(c, &f->address, prefix, "address");
}

static void read_document(struct pc *c, const struct document_fields *f, const char *prefix, struct vet_document *d)
{
  d->kind = (enum vet_doc_kind)val_enum(c, &f->kind, prefix, "kind", doc_kinds, VET_COUNTOF(doc_kinds),
                                        VET_DOC_OTHER, VET_DOC_OTHER);
  d->mrz = val_str(c, &f->mrz, prefix, "mrz");
  d->number = val_str(c, &f->number, prefix, "number");
  d->issuing_country = val_place(c, &f->issuing_country, prefix, "issuing_country");
  d->name = val_str(c, &f->name, prefix, "name");
  d->birth_date = val_date(c, &f->birth_date, prefix, "birth_date");
  d->nationality = val_place(c, &f->nationality, prefix, "nationality");
  d->sex = val_sex(c, &f->sex, prefix, "sex");
  d->expiry_date = val_date(c, &f->expiry_date, prefix, "expiry_date");
  d->image_phash = val_str(c, &f->image_phash, prefix, "image_phash");
}

static void address_from_json(const json_t *o, struct address_fields *f)
{
  f->kind = fv_get(o, "kind");
  f->country = fv_get(o, "country");
  f->text = fv_get(o, "text");
}

static void payout_from_json(const json_t *o, struct payout_fields *f)
{
  f->kind = fv_get(o, "kind");
  f->holder = fv_get(o, "holder");
  f->country = fv_get(o, "country");
  f->account = fv_get(o, "account");
  f->currency = fv_get(o, "currency");
  f->address = fv_get(o, "address");
}

static void document_from_json(const json_t *o, struct document_fields *f)
{
  f->kind = fv_get(o, "kind");
  f->mrz = fv_get(o, "mrz");
  f->number = fv_get(o, "number");
  f->issuing_country = fv_get(o, "issuing_country");
  f->name = fv_get(o, "name");
  f->birth_date = fv_get(o, "birth_date");
  f->nationality = fv_get(o, "nationality");
  f->sex = fv_get(o, "sex");
  f->expiry_date = fv_get(o, "expiry_date");
  f->image_phash = fv_get(o, "image_phash");
}

/* Item i of an array of objects, read by one of these into an item of
 * the subject's array: from the fast reader's items, or from jansson's
 * array. */
static void rd_addr(struct pc *c, const struct objs_field *a, uint32_t i, const char *pre, void *out)
{
  struct address_fields f;
  if (a->items)
    f = ((const struct address_fields *)a->items)[i];
  else
    address_from_json(json_array_get(a->v.json, i), &f);
  read_address(c, &f, pre, out);
}

static void rd_doc(struct pc *c, const struct objs_field *a, uint32_t i, const char *pre, void *out)
{
  struct document_fields f;
  if (a->items)
    f = ((const struct document_fields *)a->items)[i];
  else
    document_from_json(json_array_get(a->v.json, i), &f);
  read_document(c, &f, pre, out);
}

static void rd_pay(struct pc *c, const struct objs_field *a, uint32_t i, const char *pre, void *out)
{
  struct payout_fields f;
  if (a->items)
    f = ((const struct payout_fields *)a->items)[i];
  else
    payout_from_json(json_array_get(a->v.json, i), &f);
  read_payout(c, &f, pre, out);
}

/* The items of an array-of-objects field, each read by fn into an arena
 * array of elem. */
static void *read_array(struct pc *c, const struct objs_field *a, const char *key, size_t elem, uint32_t *count,
                        void (*fn)(struct pc *, const struct objs_field *, uint32_t, const char *, void *))
{
  uint32_t n = val_objs(c, a, key);
  *count = 0;
  if (!n)
    return NULL;
  char *items = vet_arena_calloc(c->arena, n, elem);
  if (!items) {
    c->oom = VET_ENOMEM;
    return NULL;
  }
  char prefix[48]; /* "key[i]." (the keys are a few letters) */
  size_t kl = strlen(key);
  if (kl > sizeof prefix - 24)
    kl = sizeof prefix - 24;
  memcpy(prefix, key, kl);
  prefix[kl] = '[';
  for (uint32_t i = 0; i < n && !c->failed; i++) {
    size_t w = kl + 1 + vet_dec_u64(prefix + kl + 1, i);
    memcpy(prefix + w, "].", 3);
    fn(c, a, i, prefix, items + i * elem);
  }
  *count = n;
  return items;
}

static vet_err finish_record(struct pc *c, const char *what)
{
  if (c->oom)
    return VET_ENOMEM;
  if (c->failed)
    return record_issue(c, true, "%s '%.*s' skipped: %s", what, VET_STR_FMT(c->id), c->msg);
  return VET_OK;
}

static void objs_from_json(const json_t *o, const char *key, struct objs_field *a)
{
  a->v = fv_get(o, key);
  a->items = NULL;
  a->all_objects = true;
  for (size_t i = 0; a->v.type == FIELD_ARRAY && a->all_objects && i < json_array_size(a->v.json); i++)
    a->all_objects = json_is_object(json_array_get(a->v.json, i));
}

/* The fields of a subject from jansson (o an object); the items of its
 * arrays of objects are read from o's arrays when the rules get to them. */
static void subject_from_json(const json_t *o, struct subject_fields *f)
{
  *f = (struct subject_fields){0};
  f->id = fv_get(o, "id");
  f->kind = fv_get(o, "kind");
  f->name = fv_get(o, "name");
  f->display_name = fv_get(o, "display_name");
  f->aliases = fv_get(o, "aliases");
  f->birth_date = fv_get(o, "birth_date");
  f->nationality = fv_get(o, "nationality");
  f->country = fv_get(o, "country");
  f->city = fv_get(o, "city");
  f->timezone = fv_get(o, "timezone");
  f->languages = fv_get(o, "languages");
  f->emails = fv_get(o, "emails");
  f->phones = fv_get(o, "phones");
  objs_from_json(o, "addresses", &f->addresses);
  objs_from_json(o, "documents", &f->documents);
  objs_from_json(o, "payouts", &f->payouts);
  f->employer = fv_get(o, "employer");
  f->photo_phash = fv_get(o, "photo_phash");
  f->photo = fv_get(o, "photo");
  f->text = fv_get(o, "text");
  if (f->text.type == FIELD_OBJECT) {
    f->headline = fv_get(f->text.json, "headline");
    f->bio = fv_get(f->text.json, "bio");
    f->resume = fv_get(f->text.json, "resume");
  }
  f->links = fv_get(o, "links");
  if (f->links.type == FIELD_OBJECT) {
    f->github = fv_get(f->links.json, "github");
    f->linkedin = fv_get(f->links.json, "linkedin");
    f->website = fv_get(f->links.json, "website");
  }
  f->created_at = fv_get(o, "created_at");
}

/* The subject rules, whichever reader filled f, on p's thread: the
 * subject is added to c->p unless it is to be skipped (an issue says
 * why).  Only VET_ENOMEM fails. */
static vet_err add_subject(struct pc *c, const struct subject_fields *f)
{
  c->what = "subject";
  struct vet_population *p = c->p;
  struct vet_subject s = {.line = c->line};
  char num[32];
  if (f->id.type == FIELD_INTEGER) { /* numeric ids are common in exports */
    snprintf(num, sizeof num, "%lld", (long long)f->id.i);
    s.id = dup(c, vet_str_c(num));
  } else if (f->id.type == FIELD_STRING && vet_str_trim(f->id.s).len) {
    s.id = dup(c, vet_str_trim(f->id.s));
  } else {
    c->id = VET_LIT("?");
    fail_field(c, "", "id", "%s", f->id.type != FIELD_ABSENT ? "expected a non-empty string or integer" : "required");
    return finish_record(c, "subject");
  }
  c->id = s.id;
  if (vet_strmap_get(p->ids, s.id)) {
    const struct vet_subject *first = vet_population_find(p, s.id);
    fail_field(c, "", "id", "duplicate subject id (first on line %zu)", first->line);
    return finish_record(c, "subject");
  }
  vet_str ks = val_str(c, &f->kind, "", "kind");
  s.kind = ks.len ? vet_schema_parse(ks) : VET_SCHEMA_PERSON;
  if (s.kind != VET_SCHEMA_PERSON && s.kind != VET_SCHEMA_ORGANIZATION)
    fail_field(c, "", "kind", "'%s' is not person or organization", ks.ptr);
  s.name = val_str(c, &f->name, "", "name");
  s.display_name = val_str(c, &f->display_name, "", "display_name");
  s.aliases = val_strs(c, &f->aliases, "", "aliases");
  s.birth_date = val_date(c, &f->birth_date, "", "birth_date");
  s.nationality = val_place(c, &f->nationality, "", "nationality");
  s.country = val_place(c, &f->country, "", "country");
  s.city = val_str(c, &f->city, "", "city");
  s.timezone = val_str(c, &f->timezone, "", "timezone");
  s.languages = val_strs(c, &f->languages, "", "languages");
  s.emails = val_strs(c, &f->emails, "", "emails");
  s.phones = val_strs(c, &f->phones, "", "phones");
  s.addresses = read_array(c, &f->addresses, "addresses", sizeof *s.addresses, &s.n_addresses, rd_addr);
  s.documents = read_array(c, &f->documents, "documents", sizeof *s.documents, &s.n_documents, rd_doc);
  s.payouts = read_array(c, &f->payouts, "payouts", sizeof *s.payouts, &s.n_payouts, rd_pay);
  s.employer = val_str(c, &f->employer, "", "employer");
  s.photo_phash = val_str(c, &f->photo_phash, "", "photo_phash");
  s.photo = val_str(c, &f->photo, "", "photo");
  if (val_obj(c, &f->text, "text")) {
    s.headline = val_str(c, &f->headline, "text.", "headline");
    s.bio = val_str(c, &f->bio, "text.", "bio");
    s.resume = val_str(c, &f->resume, "text.", "resume");
  }
  if (val_obj(c, &f->links, "links")) {
    s.github = val_str(c, &f->github, "links.", "github");
    s.linkedin = val_str(c, &f->linkedin, "links.", "linkedin");
    s.website = val_str(c, &f->website, "links.", "website");
  }
  s.created_at = val_time(c, &f->created_at, "created_at", false, NULL);
  if (c->failed || c->oom)
    return finish_record(c, "subject");
  struct vet_subject *slot = vet_vec_push(&p->subjects, &p->n_subjects, &p->cap_subjects, sizeof *slot);
  if (!slot)
    return VET_ENOMEM;
  *slot = s;
  bool ins;
  if (!vet_strmap_put(p->ids, slot->id, p->n_subjects - 1, &ins))
    return VET_ENOMEM;
  return VET_OK;
}

/* An event's line as it keeps it: past VET_EVENT_LINE_MAX, that. */
static uint32_t line32(size_t line) { return line > VET_EVENT_LINE_MAX ? VET_EVENT_LINE_MAX : (uint32_t)line; }

_Static_assert(sizeof(void *) != 8 || sizeof(struct vet_event) == 40, "an event is 40 bytes (64-bit)");
_Static_assert(VET_EV_OTHER < 8, "an event's kind fits its 3 bits");

/* The event rules, whichever reader filled f: *ev and *sid (the
 * subject's id) when the event is to be kept (c->failed false); the
 * issues go where c says.  Only VET_ENOMEM fails. */
static vet_err event_build(struct pc *c, const struct event_fields *f, struct vet_event *ev, vet_str *sid)
{
  c->what = "event of subject";
  *ev = (struct vet_event){.line = line32(c->line), .x = &vet_event_ext_none};
  struct vet_event_ext x = {.vm = -1};
  char num[32];
  *sid = (vet_str){"", 0};
  if (f->subject.type == FIELD_INTEGER) {
    snprintf(num, sizeof num, "%lld", (long long)f->subject.i);
    *sid = vet_str_c(num);
  } else if (f->subject.type == FIELD_STRING) {
    *sid = vet_str_trim(f->subject.s);
  }
  /* The id is only looked up when the event is added (push_event), and
   * copied into the population only if its subject has not been read
   * yet: here it goes to the scratch arena, which lives until then, or,
   * read in place from a line kept until then or from jansson and added
   * at once, stays where it is (a number's text excepted). */
  uintptr_t at = (uintptr_t)sid->ptr, lo = (uintptr_t)c->kept_line.ptr;
  bool in_line = lo && at >= lo && at + sid->len <= lo + c->kept_line.len;
  if (sid->len && !in_line && (c->scratch || sid->ptr == num)) {
    *sid = vet_arena_strdup(c->scratch ? c->scratch : c->arena, *sid);
    if (!sid->ptr) {
      c->oom = VET_ENOMEM;
      *sid = (vet_str){"", 0};
      return VET_ENOMEM;
    }
  }
  c->id = sid->len ? *sid : VET_LIT("?");
  if (!sid->len) {
    fail_field(c, "", "subject", "%s",
               f->subject.type != FIELD_ABSENT ? "expected a non-empty string or integer" : "required");
    return finish_record(c, "event of subject");
  }
  /* the intern slots of the address and device id fetched now, read
   * once the other fields are done */
  uint64_t ip_h = intern_ahead(c, &f->ip), device_h = intern_ahead(c, &f->device_id);
  int off = 0;
  ev->ts = val_time(c, &f->ts, "ts", true, &off);
  x.ts_offset_min = (int16_t)off;
  ev->kind = (enum vet_event_kind)val_enum(c, &f->kind, "", "kind", event_kinds, VET_COUNTOF(event_kinds),
                                           VET_EV_OTHER, VET_EV_OTHER);
  vet_str ip = val_view(c, &f->ip, "", "ip");
  x.user_agent = val_str(c, &f->user_agent, "", "user_agent");
  vet_str device_id = val_view(c, &f->device_id, "", "device_id");
  if (!fv_missing(&f->tz_offset_min)) {
    /* UTC offsets run from -12:00 to +14:00 */
    int64_t tz = f->tz_offset_min.i;
    if (f->tz_offset_min.type != FIELD_INTEGER || tz < -12 * 60 || tz > 14 * 60) {
      fail_field(c, "", "tz_offset_min", "expected whole minutes between -720 and 840");
    } else {
      x.has_tz_offset = true;
      x.tz_offset_min = (int16_t)tz;
    }
  }
  x.tz_name = val_str(c, &f->tz_name, "", "tz_name");
  x.languages = val_strs(c, &f->languages, "", "languages");
  x.remote_tools = val_strs(c, &f->remote_tools, "", "remote_tools");
  x.usb_devices = val_strs(c, &f->usb_devices, "", "usb_devices");
  if (!fv_missing(&f->vm)) {
    if (f->vm.type != FIELD_TRUE && f->vm.type != FIELD_FALSE)
      fail_field(c, "", "vm", "expected true or false");
    else
      x.vm = f->vm.type == FIELD_TRUE ? 1 : 0;
  }
  if (val_obj(c, &f->payout, "payout")) {
    x.payout = vet_arena_calloc(c->arena, 1, sizeof *x.payout);
    if (!x.payout)
      return VET_ENOMEM;
    read_payout(c, &f->pay, "payout.", x.payout);
  }
  x.counterpart = val_str(c, &f->counterpart, "", "counterpart");
  if (val_obj(c, &f->address, "address")) {
    x.address = vet_arena_calloc(c->arena, 1, sizeof *x.address);
    if (!x.address)
      return VET_ENOMEM;
    read_address(c, &f->addr, "address.", x.address);
  }
  if (c->failed || c->oom)
    return finish_record(c, "event of subject");
  bool has_ext = x.user_agent.len || x.tz_name.len || x.languages.n || x.remote_tools.n || x.usb_devices.n ||
                 x.counterpart.len || x.payout || x.address || x.ts_offset_min || x.has_tz_offset || x.vm != -1;
  uint64_t ext_h = has_ext ? ext_ahead(c, &x) : 0;
  ev->ip = vet_lstr_of(dup_hashed(c, ip, true, ip_h));
  ev->device_id = vet_lstr_of(dup_hashed(c, device_id, true, device_h));
  if (c->oom)
    return VET_ENOMEM;
  if (has_ext && !keep_ext(c, &x, ext_h, &ev->x))
    return VET_ENOMEM;
  return VET_OK;
}

/* Append a kept event with its subject, found by sid (h its
 * vet_strmap_hash) among the subjects read so far; else the id is copied
 * and the event waits for finish (VET_SUBJECT_PENDING) with its input line. */
static vet_err push_event(struct vet_population *p, const struct vet_event *ev, vet_str sid, uint64_t h, size_t line)
{
  const uint32_t *idx = vet_strmap_get_hashed(p->ids, sid, h);
  struct vet_event *slot = vet_vec_push(&p->events, &p->n_events, &p->cap_events, sizeof *slot);
  if (!slot)
    return VET_ENOMEM;
  *slot = *ev;
  slot->subject = idx ? *idx : VET_SUBJECT_PENDING;
  if (idx)
    return VET_OK;
  struct vet_event_pending *pe = vet_vec_push(&p->pending, &p->n_pending, &p->cap_pending, sizeof *pe);
  vet_str copy = pe ? vet_arena_strdup(&p->arena, sid) : VET_STR_NULL;
  if (!copy.ptr) {
    p->n_pending -= pe != NULL;
    p->n_events--;
    return VET_ENOMEM;
  }
  *pe = (struct vet_event_pending){p->n_events - 1, line > UINT32_MAX ? UINT32_MAX : (uint32_t)line, copy};
  return VET_OK;
}

static vet_err add_event_fields(struct pc *c, const struct event_fields *f)
{
  struct vet_event ev;
  vet_str sid;
  vet_err rc = event_build(c, f, &ev, &sid);
  if (rc || c->failed)
    return rc;
  return push_event(c->p, &ev, sid, vet_strmap_hash(sid), c->line);
}

/* An event from jansson: its fields, then the rules. */
static vet_err add_event(struct pc *c, json_t *o)
{
  struct event_fields f;
  f.subject = fv_get(o, "subject");
  f.ts = fv_get(o, "ts");
  f.kind = fv_get(o, "kind");
  f.ip = fv_get(o, "ip");
  f.user_agent = fv_get(o, "user_agent");
  f.device_id = fv_get(o, "device_id");
  f.tz_offset_min = fv_get(o, "tz_offset_min");
  f.tz_name = fv_get(o, "tz_name");
  f.languages = fv_get(o, "languages");
  f.remote_tools = fv_get(o, "remote_tools");
  f.usb_devices = fv_get(o, "usb_devices");
  f.vm = fv_get(o, "vm");
  f.payout = fv_get(o, "payout");
  f.counterpart = fv_get(o, "counterpart");
  f.address = fv_get(o, "address");
  if (f.payout.type == FIELD_OBJECT)
    payout_from_json(f.payout.json, &f.pay);
  if (f.address.type == FIELD_OBJECT)
    address_from_json(f.address.json, &f.addr);
  return add_event_fields(c, &f);
}

vet_err event_prepare(struct vet_arena *strings, struct event_intern *intern, struct vet_arena *scratch,
                      const struct vet_countries *countries, vet_str line, const struct event_fields *f,
                      struct event_ready *out)
{
  struct pc c = {.arena = strings, .intern = intern, .countries = countries, .scratch = scratch,
                 .kept_line = line, .id = VET_LIT("?"), .what = "record"};
  out->issues = NULL;
  c.tail = &out->issues;
  vet_err rc = event_build(&c, f, &out->ev, &out->sid);
  out->keep = !rc && !c.failed;
  out->sid_hash = out->keep ? vet_strmap_hash(out->sid) : 0; /* here, off the adding thread */
  return rc;
}

vet_err event_add_ready(struct vet_population *p, size_t lineno, const struct event_ready *r, struct vet_error *e)
{
  if (p->finished)
    return vet_fail(e, VET_EINVAL, "population already finished");
  p->lines++;
  vet_err rc = VET_OK;
  for (const struct event_issue *is = r->issues; is && !rc; is = is->next)
    rc = population_issue(p, lineno, is->skipped, "%s", is->msg);
  if (!rc && r->keep && !(rc = push_event(p, &r->ev, r->sid, r->sid_hash, lineno)))
    p->events[p->n_events - 1].line = line32(lineno);
  if (rc)
    return vet_fail(e, rc, "out of memory reading line %zu", lineno);
  return VET_OK;
}

vet_err vet_population_add_json(struct vet_population *p, size_t lineno, json_t *o, struct vet_error *e)
{
  if (p->finished)
    return vet_fail(e, VET_EINVAL, "population already finished");
  p->lines++;
  struct pc c = {.p = p, .arena = &p->arena, .countries = p->countries, .line = lineno, .id = VET_LIT("?"),
                 .what = "record"};
  vet_err rc;
  if (!json_is_object(o)) {
    rc = population_issue(p, lineno, true, "record skipped: expected a JSON object");
  } else {
    json_t *t = json_object_get(o, "type");
    const char *type = json_string_value(t);
    if ((!t || json_is_null(t)) && json_object_get(o, "id"))
      type = "subject"; /* a bare profile without "type" */
    if (type && !strcmp(type, "subject")) {
      struct subject_fields f;
      subject_from_json(o, &f);
      rc = add_subject(&c, &f);
    } else if (type && !strcmp(type, "event"))
      rc = add_event(&c, o);
    else
      rc = population_issue(p, lineno, true, "record skipped: field 'type': expected \"subject\" or \"event\"");
  }
  if (rc)
    return vet_fail(e, rc, "out of memory reading line %zu", lineno);
  return VET_OK;
}

vet_err subject_add_fields(struct vet_population *p, size_t lineno, const struct subject_fields *f,
                           struct vet_error *e)
{
  if (p->finished)
    return vet_fail(e, VET_EINVAL, "population already finished");
  p->lines++;
  struct pc c = {.p = p, .arena = &p->arena, .countries = p->countries, .line = lineno, .id = VET_LIT("?"),
                 .what = "record"};
  vet_err rc = add_subject(&c, f);
  if (rc)
    return vet_fail(e, rc, "out of memory reading line %zu", lineno);
  return VET_OK;
}

vet_err vet_population_add_line(struct vet_population *p, size_t lineno, vet_str line, struct vet_error *e)
{
  vet_str t = vet_str_trim(line);
  if (!t.len)
    return VET_OK;
  json_error_t je;
  json_t *o = json_loadb(t.ptr, t.len, JSON_REJECT_DUPLICATES, &je);
  if (!o) {
    p->lines++;
    if (population_issue(p, lineno, true, "record skipped: not valid JSON: %s (column %d)", je.text, je.column))
      return vet_fail(e, VET_ENOMEM, "out of memory");
    return VET_OK;
  }
  vet_err rc = vet_population_add_json(p, lineno, o, e);
  json_decref(o);
  return rc;
}
