/* match/snapshot.c - the compiled list snapshot: a frozen vet_listset and
 * its vet_index written to one file, and read back in a few hundredths of
 * a second instead of parsing the lists, normalizing every name (ICU
 * transliteration) and building the index again at every start (about
 * 1.6 s on one core for the bundled lists).
 *
 * The file: a header (struct snap_head), the recipe, then the sections of
 * enum snap_sec, each at a multiple of SNAP_ALIGN.  The recipe says what
 * the set and index were built from (vet_ctx_load_lists: the list files'
 * sizes and times, the match settings, the ICU version); the caller
 * passes the recipe it would build from, and a snapshot whose recipe is
 * not byte for byte the same is not used.  The structures are written as
 * they are in memory, their pointers as offsets: a string as 1 + its
 * offset in the string section (0: NULL), every string followed by a NUL;
 * an entity's names, dates, ... as the index of its first element in
 * their section; a key slot's or identifier slot's long key as a string.
 * So a snapshot is read only by the build that wrote it (vet_build_id,
 * cmake/BuildId.cmake: a hash of the sources and the compiler), on a
 * machine of the same byte order and pointer size.  The loader reads the
 * whole file into memory (on huge pages when it is that large: core/common.h),
 * checks its checksum, and turns the offsets back into pointers, checking
 * each against its section, and the indices the index holds against the
 * arrays they index.
 * Owns: a loaded snapshot's image belongs to the list set it becomes
 * (vet_listset_free frees it); the index borrows it.
 * Thread-safety: safe from any thread; concurrent writers of one path each
 * write a file of their own and rename it over the path. */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/strmap.h"
#include "io/file.h"
#include "match/index_int.h"

extern const char vet_build_id[]; /* cmake/BuildId.cmake */

#define SNAP_MAGIC "VETSNAP1"
#define SNAP_VERSION 1u
#define SNAP_ENDIAN 0x01020304u
#define SNAP_ALIGN 64u
/* The longest recipe accepted. */
#define SNAP_MAX_RECIPE ((size_t)1 << 24)

enum snap_sec {
  S_STRS,      /* every string, each followed by a NUL */
  S_LISTS,     /* struct vet_list */
  S_ENTITIES,  /* struct vet_entity */
  S_NAMES,     /* struct vet_name, every entity's in turn */
  S_DATES,     /* struct vet_date */
  S_COUNTRIES, /* struct vet_country */
  S_ADDRESSES, /* struct vet_address */
  S_IDENTS,    /* struct vet_ident */
  S_PROGRAMS,  /* vet_str */
  S_IX_NAMES,  /* struct ix_name */
  S_TOKENS,    /* struct vet_token */
  S_TOKKEYS,   /* struct ix_tokkey */
  S_KT_TAGS,   /* the key table's tags (cap + IX_KEYTAB_WINDOW) */
  S_KT_SLOTS,  /* its slots (cap) */
  S_POST,      /* postings */
  S_IDS_TAGS,  /* the identifier map's tags */
  S_IDS_SLOTS, /* its slots */
  S_ID_OFF,    /* n_id_keys + 1 */
  S_ID_ENTS,   /* n_ids */
  S_N
};

static const size_t sec_elem[S_N] = {
    [S_STRS] = 1,
    [S_LISTS] = sizeof(struct vet_list),
    [S_ENTITIES] = sizeof(struct vet_entity),
    [S_NAMES] = sizeof(struct vet_name),
    [S_DATES] = sizeof(struct vet_date),
    [S_COUNTRIES] = sizeof(struct vet_country),
    [S_ADDRESSES] = sizeof(struct vet_address),
    [S_IDENTS] = sizeof(struct vet_ident),
    [S_PROGRAMS] = sizeof(vet_str),
    [S_IX_NAMES] = sizeof(struct ix_name),
    [S_TOKENS] = sizeof(struct vet_token),
    [S_TOKKEYS] = sizeof(struct ix_tokkey),
    [S_KT_TAGS] = sizeof(uint16_t),
    [S_KT_SLOTS] = sizeof(struct ix_keyslot),
    [S_POST] = sizeof(uint32_t),
    [S_IDS_TAGS] = sizeof(uint32_t),
    [S_IDS_SLOTS] = sizeof(struct vet_strmap_slot),
    [S_ID_OFF] = sizeof(uint32_t),
    [S_ID_ENTS] = sizeof(uint32_t),
};

struct snap_head {
  char magic[8];        /* SNAP_MAGIC */
  uint32_t version;     /* SNAP_VERSION */
  uint32_t endian;      /* SNAP_ENDIAN as written */
  uint32_t ptr_bytes;   /* sizeof(void *) */
  uint32_t recipe_len;  /* bytes of the recipe after the header */
  uint64_t file_size;   /* the whole file */
  uint64_t checksum;    /* vet_checksum of the bytes from SNAP_SUMMED_FROM on */
  char build[72];       /* vet_build_id, NUL-padded */
  uint32_t n_keys;      /* vet_index.n_keys */
  uint32_t max_posting; /* vet_index.max_posting */
  uint64_t ids_count;   /* vet_index.ids.count */
  uint64_t off[S_N];    /* each section's offset in the file */
  uint64_t len[S_N];    /* and its length in bytes (the padding after it not counted) */
};
#define SNAP_SUMMED_FROM (offsetof(struct snap_head, checksum) + sizeof(uint64_t))
_Static_assert(sizeof(struct snap_head) % 8 == 0 && SNAP_SUMMED_FROM % 8 == 0,
               "the checksum runs over whole words from part to part");

static inline uint64_t align_up(uint64_t n) { return (n + SNAP_ALIGN - 1) & ~(uint64_t)(SNAP_ALIGN - 1); }

/* ---- writing ---- */

struct writer {
  struct vet_buf sec[S_N];
  struct vet_strmap strs; /* string -> 1 + its offset in S_STRS (keys borrowed from the set and index) */
  vet_err rc;
};

/* Append n bytes to section s; the offset they start at. */
static size_t put(struct writer *w, enum snap_sec s, const void *p, size_t n)
{
  size_t at = w->sec[s].len;
  if (!w->rc && n)
    w->rc = vet_buf_append(&w->sec[s], (vet_str){p, n});
  return at;
}

/* The element index the next element of section s takes. */
static uintptr_t next_index(const struct writer *w, enum snap_sec s) { return w->sec[s].len / sec_elem[s]; }

/* 1 + the offset of s's bytes in the string section (written once per
 * distinct string), 0 for NULL. */
static uintptr_t put_str(struct writer *w, vet_str s)
{
  if (!s.ptr || w->rc)
    return 0;
  uint64_t h = vet_strmap_hash(s);
  uint32_t *v = vet_strmap_get_hashed(&w->strs, s, h);
  if (v)
    return *v;
  size_t at = put(w, S_STRS, s.ptr, s.len);
  put(w, S_STRS, "", 1);
  if (at + 1 >= UINT32_MAX) {
    w->rc = VET_ELIMIT;
    return 0;
  }
  if (!w->rc && !vet_strmap_put(&w->strs, s, (uint32_t)at + 1, NULL))
    w->rc = VET_ENOMEM;
  return at + 1;
}

/* s with its pointer written as put_str's offset. */
static vet_str enc_str(struct writer *w, vet_str s) { return (vet_str){(const char *)put_str(w, s), s.len}; }

static void write_listset(struct writer *w, const struct vet_listset *ls)
{
  for (uint32_t l = 0; l < ls->n_lists; l++) {
    struct vet_list c = ls->lists[l];
    vet_str *f[] = {&c.name, &c.title, &c.format, &c.path, &c.date, &c.publisher, &c.licence, &c.url};
    for (size_t k = 0; k < VET_COUNTOF(f); k++)
      *f[k] = enc_str(w, *f[k]);
    put(w, S_LISTS, &c, sizeof c);
  }
  for (uint32_t i = 0; i < ls->n_entities && !w->rc; i++) {
    const struct vet_entity *en = &ls->entities[i];
    struct vet_entity c = *en;
    c.id = enc_str(w, en->id);
    c.remarks = enc_str(w, en->remarks);
    c.names = (struct vet_name *)next_index(w, S_NAMES);
    for (uint32_t k = 0; k < en->n_names; k++) {
      struct vet_name n = en->names[k];
      n.text = enc_str(w, n.text);
      put(w, S_NAMES, &n, sizeof n);
    }
    c.dates = (struct vet_date *)next_index(w, S_DATES);
    put(w, S_DATES, en->dates, en->n_dates * sizeof *en->dates);
    c.countries = (struct vet_country *)next_index(w, S_COUNTRIES);
    put(w, S_COUNTRIES, en->countries, en->n_countries * sizeof *en->countries);
    c.addresses = (struct vet_address *)next_index(w, S_ADDRESSES);
    for (uint32_t k = 0; k < en->n_addresses; k++) {
      struct vet_address a = en->addresses[k];
      a.text = enc_str(w, a.text);
      put(w, S_ADDRESSES, &a, sizeof a);
    }
    c.idents = (struct vet_ident *)next_index(w, S_IDENTS);
    for (uint32_t k = 0; k < en->n_idents; k++) {
      struct vet_ident d = en->idents[k];
      d.value = enc_str(w, d.value);
      d.norm = enc_str(w, d.norm);
      d.currency = enc_str(w, d.currency);
      put(w, S_IDENTS, &d, sizeof d);
    }
    c.programs = (vet_str *)next_index(w, S_PROGRAMS);
    for (uint32_t k = 0; k < en->n_programs; k++) {
      vet_str p = enc_str(w, en->programs[k]);
      put(w, S_PROGRAMS, &p, sizeof p);
    }
    c.cap_names = c.n_names;
    c.cap_dates = c.n_dates;
    c.cap_countries = c.n_countries;
    c.cap_addresses = c.n_addresses;
    c.cap_idents = c.n_idents;
    c.cap_programs = c.n_programs;
    put(w, S_ENTITIES, &c, sizeof c);
  }
}

static void write_index(struct writer *w, const struct vet_index *ix)
{
  put(w, S_IX_NAMES, ix->names, ix->n_names * sizeof *ix->names);
  for (size_t i = 0; i < ix->n_tokens && !w->rc; i++) {
    struct vet_token t = ix->tokens[i];
    t.text = enc_str(w, t.text);
    t.kkey = enc_str(w, t.kkey);
    t.skel = enc_str(w, t.skel);
    put(w, S_TOKENS, &t, sizeof t);
  }
  put(w, S_TOKKEYS, ix->tokkeys, ix->n_tokens * sizeof *ix->tokkeys);
  const struct ix_keytab *kt = &ix->keytab;
  if (kt->cap)
    put(w, S_KT_TAGS, kt->tags, (kt->cap + IX_KEYTAB_WINDOW) * sizeof *kt->tags);
  for (size_t i = 0; i < kt->cap && !w->rc; i++) {
    struct ix_keyslot sl = kt->slots[i];
    if (kt->tags[i] && sl.len > IX_KEY_INLINE) {
      const char *k;
      memcpy(&k, sl.key, sizeof k);
      uintptr_t o = put_str(w, (vet_str){k, sl.len});
      memcpy(sl.key, &o, sizeof o);
    }
    put(w, S_KT_SLOTS, &sl, sizeof sl);
  }
  put(w, S_POST, ix->post, ix->n_post * sizeof *ix->post);
  const struct vet_strmap *m = &ix->ids;
  put(w, S_IDS_TAGS, m->tags, m->cap * sizeof *m->tags);
  for (size_t i = 0; i < m->cap && !w->rc; i++) {
    struct vet_strmap_slot sl = m->slots[i];
    sl.key = m->tags[i] ? (const char *)put_str(w, (vet_str){sl.key, sl.len}) : NULL;
    put(w, S_IDS_SLOTS, &sl, sizeof sl);
  }
  if (ix->id_off)
    put(w, S_ID_OFF, ix->id_off, ((size_t)ix->n_id_keys + 1) * sizeof *ix->id_off);
  put(w, S_ID_ENTS, ix->id_ents, ix->n_ids * sizeof *ix->id_ents);
}

vet_err vet_snapshot_save(const char *path, vet_str recipe, const struct vet_listset *ls,
                          const struct vet_index *ix, struct vet_error *e)
{
  if (ix->ls != ls || !ls->frozen)
    return vet_fail(e, VET_EINVAL, "snapshot: the index is not over that frozen list set");
  if (recipe.len > SNAP_MAX_RECIPE)
    return vet_fail(e, VET_ELIMIT, "snapshot: recipe of %zu bytes", recipe.len);
  struct writer w = {.rc = VET_OK};
  for (int s = 0; s < S_N; s++)
    vet_buf_init(&w.sec[s], SIZE_MAX / 2);
  vet_strmap_init(&w.strs);
  write_listset(&w, ls);
  write_index(&w, ix);
  vet_strmap_release(&w.strs);

  static const char zero[SNAP_ALIGN];
  struct snap_head h;
  memset(&h, 0, sizeof h);
  memcpy(h.magic, SNAP_MAGIC, sizeof h.magic);
  h.version = SNAP_VERSION;
  h.endian = SNAP_ENDIAN;
  h.ptr_bytes = sizeof(void *);
  h.recipe_len = (uint32_t)recipe.len;
  vet_cstr_copy(h.build, sizeof h.build, vet_build_id);
  h.n_keys = ix->n_keys;
  h.max_posting = ix->max_posting;
  h.ids_count = ix->ids.count;
  /* the parts: the header, the recipe, the sections, each padded to
   * SNAP_ALIGN, so that the checksum streams over them (whole words) as
   * over the file */
  vet_str parts[S_N + 2];
  struct vet_buf rp;
  vet_buf_init(&rp, SNAP_MAX_RECIPE + SNAP_ALIGN);
  vet_err rc = w.rc ? w.rc : vet_buf_append(&rp, recipe);
  if (!rc)
    rc = vet_buf_append(&rp, (vet_str){zero, align_up(sizeof h + recipe.len) - sizeof h - recipe.len});
  uint64_t at = sizeof h + rp.len;
  parts[0] = (vet_str){(const char *)&h, sizeof h};
  parts[1] = vet_buf_str(&rp);
  for (int s = 0; s < S_N && !rc; s++) {
    h.off[s] = at;
    h.len[s] = w.sec[s].len;
    rc = vet_buf_append(&w.sec[s], (vet_str){zero, align_up(h.len[s]) - h.len[s]});
    parts[s + 2] = vet_buf_str(&w.sec[s]);
    at += parts[s + 2].len;
  }
  h.file_size = at;
  uint64_t sum = vet_checksum((const char *)&h + SNAP_SUMMED_FROM, sizeof h - SNAP_SUMMED_FROM, VET_CHECKSUM_SEED);
  for (size_t p = 1; p < VET_COUNTOF(parts) && !rc; p++)
    sum = vet_checksum(parts[p].ptr, parts[p].len, sum);
  h.checksum = sum;
  if (rc)
    rc = vet_fail(e, rc, "snapshot '%s': %s", path, rc == VET_ENOMEM ? "out of memory" : "too large");
  else
    rc = vet_file_write_atomic(path, parts, VET_COUNTOF(parts), e);
  vet_buf_release(&rp);
  for (int s = 0; s < S_N; s++)
    vet_buf_release(&w.sec[s]);
  return rc;
}

/* ---- reading ---- */

struct loader {
  char *base;
  const struct snap_head *h;
  uint64_t count[S_N]; /* elements per section */
  bool bad;            /* an offset or index out of its section */
};

static void *sec_at(const struct loader *L, enum snap_sec s) { return L->base + L->h->off[s]; }

/* A string's pointer back from its offset: within the string section and
 * followed by its NUL, or L->bad. */
static void fix_str(struct loader *L, vet_str *s)
{
  uintptr_t v = (uintptr_t)s->ptr;
  if (!v) {
    L->bad |= s->len != 0;
    return;
  }
  uint64_t o = v - 1, n = L->count[S_STRS];
  const char *strs = sec_at(L, S_STRS);
  if (o >= n || s->len >= n - o || strs[o + s->len]) {
    L->bad = true;
    s->ptr = NULL;
    s->len = 0;
    return;
  }
  s->ptr = strs + o;
}

/* An array's pointer back from its first element's index: n elements of
 * section sec, or L->bad; NULL when n is 0. */
static void *fix_arr(struct loader *L, enum snap_sec sec, const void *enc, uint32_t n)
{
  uintptr_t i = (uintptr_t)enc;
  if (i > L->count[sec] || n > L->count[sec] - i) {
    L->bad = true;
    return NULL;
  }
  return n ? (char *)sec_at(L, sec) + i * sec_elem[sec] : NULL;
}

static vet_err read_image(const char *path, char **image, size_t *len, struct vet_error *e)
{
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return errno == ENOENT ? vet_fail(e, VET_ENOTFOUND, "snapshot '%s': none", path)
                           : vet_fail(e, VET_EIO, "snapshot '%s': %s", path, strerror(errno));
  struct stat st;
  if (fstat(fd, &st) || st.st_size < (off_t)sizeof(struct snap_head)) {
    close(fd);
    return vet_fail(e, VET_EPARSE, "snapshot '%s': truncated", path);
  }
  size_t n = (size_t)st.st_size;
  /* what queries read at random: on huge pages when large enough, as
   * vet_index_build puts it */
  char *p = vet_malloc_huge(n);
  if (!p) {
    close(fd);
    return vet_fail(e, VET_ENOMEM, "snapshot '%s': out of memory", path);
  }
  size_t done = 0;
  while (done < n) {
    ssize_t r = read(fd, p + done, n - done);
    if (r < 0 && errno == EINTR)
      continue;
    if (r <= 0)
      break;
    done += (size_t)r;
  }
  close(fd);
  if (done < n) {
    free(p);
    return vet_fail(e, VET_EIO, "snapshot '%s': short read", path);
  }
  *image = p;
  *len = n;
  return VET_OK;
}

/* The header, the recipe, the checksum and the sections' bounds. */
static vet_err check_head(struct loader *L, size_t size, vet_str recipe, const char *path, struct vet_error *e)
{
  const struct snap_head *h = L->h;
  if (memcmp(h->magic, SNAP_MAGIC, sizeof h->magic))
    return vet_fail(e, VET_EPARSE, "snapshot '%s': not a list snapshot", path);
  if (h->version != SNAP_VERSION || h->endian != SNAP_ENDIAN || h->ptr_bytes != sizeof(void *) ||
      strncmp(h->build, vet_build_id, sizeof h->build))
    return vet_fail(e, VET_ENOTFOUND, "snapshot '%s': written by another build of vetter", path);
  if (h->recipe_len != recipe.len || sizeof *h + recipe.len > size ||
      memcmp(L->base + sizeof *h, recipe.ptr, recipe.len))
    return vet_fail(e, VET_ENOTFOUND, "snapshot '%s': built from other lists or settings", path);
  if (h->file_size != size)
    return vet_fail(e, VET_EPARSE, "snapshot '%s': %zu bytes, its header says %llu", path, size,
                    (unsigned long long)h->file_size);
  if (vet_checksum(L->base + SNAP_SUMMED_FROM, size - SNAP_SUMMED_FROM, VET_CHECKSUM_SEED) != h->checksum)
    return vet_fail(e, VET_EPARSE, "snapshot '%s': checksum mismatch", path);
  for (int s = 0; s < S_N; s++) {
    if (h->off[s] % SNAP_ALIGN || h->off[s] > size || h->len[s] > size - h->off[s] || h->len[s] % sec_elem[s])
      return vet_fail(e, VET_EPARSE, "snapshot '%s': section %d out of bounds", path, s);
    L->count[s] = h->len[s] / sec_elem[s];
  }
  return VET_OK;
}

static struct vet_listset *load_listset(struct loader *L, const struct vet_countries *countries)
{
  struct vet_listset *ls = calloc(1, sizeof *ls);
  if (!ls)
    return NULL;
  if (L->count[S_LISTS] > 64 || L->count[S_ENTITIES] > UINT32_MAX) {
    L->bad = true;
    return ls;
  }
  ls->countries = countries;
  ls->frozen = true;
  ls->n_lists = ls->cap_lists = (uint32_t)L->count[S_LISTS];
  ls->lists = ls->n_lists ? sec_at(L, S_LISTS) : NULL;
  ls->n_entities = ls->cap_entities = (uint32_t)L->count[S_ENTITIES];
  ls->entities = ls->n_entities ? sec_at(L, S_ENTITIES) : NULL;
  for (uint32_t l = 0; l < ls->n_lists; l++) {
    struct vet_list *li = &ls->lists[l];
    vet_str *f[] = {&li->name, &li->title, &li->format, &li->path, &li->date, &li->publisher, &li->licence, &li->url};
    for (size_t k = 0; k < VET_COUNTOF(f); k++)
      fix_str(L, f[k]);
    L->bad |= li->first_entity > ls->n_entities || li->n_entities > ls->n_entities - li->first_entity;
  }
  struct vet_name *names = sec_at(L, S_NAMES);
  for (uint64_t i = 0; i < L->count[S_NAMES]; i++)
    fix_str(L, &names[i].text);
  struct vet_address *addrs = sec_at(L, S_ADDRESSES);
  for (uint64_t i = 0; i < L->count[S_ADDRESSES]; i++)
    fix_str(L, &addrs[i].text);
  struct vet_ident *ids = sec_at(L, S_IDENTS);
  for (uint64_t i = 0; i < L->count[S_IDENTS]; i++) {
    fix_str(L, &ids[i].value);
    fix_str(L, &ids[i].norm);
    fix_str(L, &ids[i].currency);
  }
  vet_str *progs = sec_at(L, S_PROGRAMS);
  for (uint64_t i = 0; i < L->count[S_PROGRAMS]; i++)
    fix_str(L, &progs[i]);
  for (uint32_t i = 0; i < ls->n_entities; i++) {
    struct vet_entity *en = &ls->entities[i];
    fix_str(L, &en->id);
    fix_str(L, &en->remarks);
    en->names = fix_arr(L, S_NAMES, en->names, en->n_names);
    en->dates = fix_arr(L, S_DATES, en->dates, en->n_dates);
    en->countries = fix_arr(L, S_COUNTRIES, en->countries, en->n_countries);
    en->addresses = fix_arr(L, S_ADDRESSES, en->addresses, en->n_addresses);
    en->idents = fix_arr(L, S_IDENTS, en->idents, en->n_idents);
    en->programs = fix_arr(L, S_PROGRAMS, en->programs, en->n_programs);
    L->bad |= en->list >= ls->n_lists || !en->n_names;
  }
  return ls;
}

/* The index's own indices against the arrays they index: a damaged
 * snapshot is refused rather than read out of bounds. */
static void check_index(struct loader *L, const struct vet_index *ix)
{
  uint32_t n_ent = ix->ls->n_entities, n_lists = ix->ls->n_lists;
  for (uint32_t i = 0; i < ix->n_names; i++) {
    const struct ix_name *xn = &ix->names[i];
    L->bad |= xn->entity >= n_ent || xn->list >= n_lists || xn->tok_off > ix->n_tokens ||
              xn->n_tok > ix->n_tokens - xn->tok_off || xn->name_i >= ix->ls->entities[xn->entity].n_names;
  }
  for (size_t i = 0; i < ix->n_tokens; i++) {
    const struct ix_tokkey *tk = &ix->tokkeys[i];
    L->bad |= tk->text_id >= ix->n_keys || (tk->kkey_id != IX_NO_KEY && tk->kkey_id >= ix->n_keys) ||
              (tk->skel_id != IX_NO_KEY && tk->skel_id >= ix->n_keys);
  }
  for (size_t i = 0; i < ix->n_post; i++)
    L->bad |= ix->post[i] >= ix->n_names;
  for (size_t i = 0; i < ix->keytab.cap; i++) {
    const struct ix_keyslot *sl = &ix->keytab.slots[i];
    if (!ix->keytab.tags[i])
      continue;
    L->bad |= sl->n == 1 ? sl->off >= ix->n_names : (sl->off > ix->n_post || sl->n > ix->n_post - sl->off);
    L->bad |= sl->id >= ix->n_keys;
  }
  for (size_t i = 0; i < ix->ids.cap; i++)
    L->bad |= ix->ids.tags[i] && ix->ids.slots[i].value >= ix->n_id_keys;
  for (uint32_t k = 0; ix->id_off && k < ix->n_id_keys; k++)
    L->bad |= ix->id_off[k] > ix->id_off[k + 1];
  L->bad |= ix->id_off ? ix->id_off[ix->n_id_keys] != ix->n_ids : ix->n_ids != 0;
  for (size_t i = 0; i < ix->n_ids; i++)
    L->bad |= ix->id_ents[i] >= n_ent;
}

static struct vet_index *load_index(struct loader *L, const struct vet_listset *ls,
                                    const struct vet_match_config *cfg)
{
  struct vet_index *ix = calloc(1, sizeof *ix);
  if (!ix)
    return NULL;
  const struct snap_head *h = L->h;
  ix->in_image = true;
  ix->ls = ls;
  ix->cfg = *cfg;
  ix->n_keys = h->n_keys;
  ix->max_posting = h->max_posting;
  L->bad |= L->count[S_IX_NAMES] > UINT32_MAX || L->count[S_TOKKEYS] != L->count[S_TOKENS] ||
            L->count[S_ID_OFF] > (uint64_t)UINT32_MAX + 1;
  ix->n_names = (uint32_t)L->count[S_IX_NAMES];
  ix->names = sec_at(L, S_IX_NAMES);
  ix->n_tokens = L->count[S_TOKENS];
  ix->tokens = sec_at(L, S_TOKENS);
  ix->tokkeys = sec_at(L, S_TOKKEYS);
  for (size_t i = 0; i < ix->n_tokens; i++) {
    fix_str(L, &ix->tokens[i].text);
    fix_str(L, &ix->tokens[i].kkey);
    fix_str(L, &ix->tokens[i].skel);
  }
  ix->keytab.cap = L->count[S_KT_SLOTS];
  ix->keytab.slots = sec_at(L, S_KT_SLOTS);
  ix->keytab.tags = sec_at(L, S_KT_TAGS);
  L->bad |= ix->keytab.cap ? L->count[S_KT_TAGS] != ix->keytab.cap + IX_KEYTAB_WINDOW || ix->keytab.cap > UINT32_MAX
                           : L->count[S_KT_TAGS] != 0;
  for (size_t i = 0; i < ix->keytab.cap && !L->bad; i++) {
    struct ix_keyslot *sl = &ix->keytab.slots[i];
    if (!ix->keytab.tags[i] || sl->len <= IX_KEY_INLINE)
      continue;
    vet_str k;
    memcpy(&k.ptr, sl->key, sizeof k.ptr);
    k.len = sl->len;
    fix_str(L, &k);
    memcpy(sl->key, &k.ptr, sizeof k.ptr);
  }
  ix->post = sec_at(L, S_POST);
  ix->n_post = L->count[S_POST];
  ix->ids.cap = L->count[S_IDS_SLOTS];
  ix->ids.count = h->ids_count;
  ix->ids.tags = ix->ids.cap ? sec_at(L, S_IDS_TAGS) : NULL;
  ix->ids.slots = ix->ids.cap ? sec_at(L, S_IDS_SLOTS) : NULL;
  L->bad |= L->count[S_IDS_TAGS] != ix->ids.cap || (ix->ids.cap & (ix->ids.cap - 1)) || ix->ids.count >= ix->ids.cap + !ix->ids.cap;
  for (size_t i = 0; i < ix->ids.cap && !L->bad; i++) {
    struct vet_strmap_slot *sl = &ix->ids.slots[i];
    if (!ix->ids.tags[i])
      continue;
    vet_str k = {sl->key, sl->len};
    fix_str(L, &k);
    sl->key = k.ptr;
  }
  ix->n_id_keys = L->count[S_ID_OFF] ? (uint32_t)(L->count[S_ID_OFF] - 1) : 0;
  ix->id_off = L->count[S_ID_OFF] ? sec_at(L, S_ID_OFF) : NULL;
  ix->n_ids = L->count[S_ID_ENTS];
  ix->id_ents = sec_at(L, S_ID_ENTS);
  if (!L->bad)
    check_index(L, ix);
  return ix;
}

vet_err vet_snapshot_load(const char *path, vet_str recipe, const struct vet_countries *countries,
                          const struct vet_match_config *cfg, struct vet_listset **ls_out,
                          struct vet_index **ix_out, struct vet_error *e)
{
  char *image = NULL;
  size_t size = 0;
  vet_err rc = read_image(path, &image, &size, e);
  if (rc)
    return rc;
  struct loader L = {.base = image, .h = (const struct snap_head *)image};
  rc = check_head(&L, size, recipe, path, e);
  if (rc) {
    free(image);
    return rc;
  }
  struct vet_listset *ls = load_listset(&L, countries);
  struct vet_index *ix = ls && !L.bad ? load_index(&L, ls, cfg) : NULL;
  if (!ix || L.bad) {
    rc = L.bad ? vet_fail(e, VET_EPARSE, "snapshot '%s': an offset out of bounds", path)
               : vet_fail(e, VET_ENOMEM, "snapshot '%s': out of memory", path);
    free(ix);
    free(ls);
    free(image);
    return rc;
  }
  ls->image = image;
  *ls_out = ls;
  *ix_out = ix;
  return VET_OK;
}
