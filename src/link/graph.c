/* link/graph.c - the identifier graph of a population (vetter/link.h):
 * every subject's identifiers normalized and collected, sorted so equal
 * ones meet, the shared ones kept with a strength, near-identical photos
 * and near-duplicate texts found pairwise (perceptual hashes, MinHash
 * LSH), and the subjects joined by union-find over the shared identifiers
 * strong enough to link.
 * Owns: everything of a vet_links (arrays and an arena for the values).
 * Thread-safety: one builder thread; read-only after vet_links_finish. */
#include <stdio.h>
#include <stdlib.h>

#include "core/common.h"
#include "vetter/link.h"
#include "vetter/minhash.h"
#include "vetter/phash.h"
#include "vetter/phone.h"

/* Distinct device ids remembered per subject. */
#define MAX_DEVICES 64
/* Photos compared all against all up to this many distinct hashes; above
 * it, only pairs agreeing on one of PHOTO_BLOCKS blocks of bits. */
#define PHOTO_EXHAUSTIVE 20000
#define PHOTO_BLOCKS 5
/* Shortest normalized address that links (a bare city is no address). */
#define MIN_ADDRESS 10

static const char *const kind_names[VET_LINK_KINDS] = {
    "email", "phone", "device", "payout", "crypto", "holder", "document",
    "address", "profile", "website", "photo", "text", "ip",
};

const char *vet_link_kind_name(enum vet_link_kind k)
{
  return (unsigned)k < VET_LINK_KINDS ? kind_names[k] : "unknown";
}

struct ident {
  uint64_t h;        /* hash of kind and value */
  vet_str value;
  uint32_t subject;
  uint32_t kind;
};

struct photo {
  uint64_t h;
  uint32_t subject;
};

struct vet_links {
  const struct vet_population *pop;
  struct vet_link_config cfg;
  struct vet_arena a;
  struct ident *id; size_t n_id, cap_id;
  struct photo *ph; size_t n_ph, cap_ph;
  struct vet_link_shared *sh; uint32_t n_sh, cap_sh;
  uint32_t *members; uint32_t n_members, cap_members;
  struct vet_link_group *groups; uint32_t n_groups;
  uint32_t *group_of;                 /* per subject, UINT32_MAX when none */
  uint32_t *gshared;                  /* the groups' linking records */
  uint32_t *sub_start, *sub_sh;       /* per subject: its shared records */
  struct vet_links_stats st;
};

struct vet_links *vet_links_new(const struct vet_population *pop, const struct vet_link_config *cfg,
                                struct vet_error *e)
{
  struct vet_links *l = calloc(1, sizeof *l);
  if (!l) {
    vet_fail(e, VET_ENOMEM, "out of memory");
    return NULL;
  }
  l->pop = pop;
  l->cfg = *cfg;
  vet_arena_init(&l->a, 256 * 1024);
  return l;
}

void vet_links_free(struct vet_links *l)
{
  if (!l)
    return;
  vet_arena_release(&l->a);
  free(l->id);
  free(l->ph);
  free(l->sh);
  free(l->members);
  free(l->groups);
  free(l->group_of);
  free(l->gshared);
  free(l->sub_start);
  free(l->sub_sh);
  free(l);
}

/* ---- normalization ------------------------------------------------------------ */

/* Append value (copied) as an identifier of subject i. */
static vet_err add_ident(struct vet_links *l, uint32_t i, enum vet_link_kind k, const char *v, size_t len)
{
  if (!len)
    return VET_OK;
  if (l->n_id == l->cap_id) {
    size_t cap = l->cap_id ? l->cap_id * 2 : 4096;
    struct ident *g = realloc(l->id, cap * sizeof *g);
    if (!g)
      return VET_ENOMEM;
    l->id = g;
    l->cap_id = cap;
  }
  vet_str s = vet_arena_strdup(&l->a, (vet_str){v, len});
  if (!s.ptr)
    return VET_ENOMEM;
  uint32_t kk = k;
  l->id[l->n_id++] = (struct ident){vet_hash(s.ptr, s.len, vet_hash(&kk, sizeof kk, 0)), s, i, k};
  l->st.identifiers++;
  return VET_OK;
}

/* Lower-case ASCII letters and digits of s, other runs as one space
 * (trimmed), into buf; its length. */
static size_t fold_words(vet_str s, char *buf, size_t cap)
{
  size_t n = 0;
  bool space = false;
  for (size_t i = 0; i < s.len && n + 2 < cap; i++) {
    unsigned char c = (unsigned char)s.ptr[i];
    if (vet_is_ascii_alpha(c) || (c >= '0' && c <= '9') || c >= 0x80) {
      if (space && n)
        buf[n++] = ' ';
      space = false;
      buf[n++] = (char)vet_lower(c);
    } else {
      space = true;
    }
  }
  buf[n] = 0;
  return n;
}

/* Upper-case letters and digits only (account and document numbers). */
static size_t alnum_upper(vet_str s, char *buf, size_t cap)
{
  size_t n = 0;
  for (size_t i = 0; i < s.len && n + 1 < cap; i++) {
    unsigned char c = (unsigned char)s.ptr[i];
    if (vet_is_ascii_alpha(c) || (c >= '0' && c <= '9'))
      buf[n++] = (char)vet_upper(c);
  }
  buf[n] = 0;
  return n;
}

/* "https://www.GitHub.com/Someone/?tab=x" -> "github.com/someone"; a bare
 * handle gets site ("github.com") in front. */
static size_t url_key(vet_str s, const char *site, char *buf, size_t cap)
{
  s = vet_str_trim(s);
  size_t p = vet_str_find(s, "://", false);
  if (p != SIZE_MAX)
    s = vet_str_sub(s, p + 3, s.len);
  if (s.len >= 4 && vet_str_ieq_c(vet_str_sub(s, 0, 4), "www."))
    s = vet_str_sub(s, 4, s.len);
  size_t q = 0;
  while (q < s.len && s.ptr[q] != '?' && s.ptr[q] != '#')
    q++;
  s = vet_str_sub(s, 0, q);
  while (s.len && s.ptr[s.len - 1] == '/')
    s.len--;
  size_t n = 0;
  bool has_site = site == NULL || vet_str_find(s, ".", false) != SIZE_MAX;
  if (!has_site && s.len)
    n = (size_t)snprintf(buf, cap, "%s/", site);
  for (size_t i = 0; i < s.len && n + 1 < cap; i++)
    buf[n++] = (char)vet_lower((unsigned char)s.ptr[i]);
  buf[n < cap ? n : cap - 1] = 0;
  if (site == NULL) { /* a website: its host only */
    char *slash = memchr(buf, '/', n);
    if (slash)
      n = (size_t)(slash - buf);
    buf[n] = 0;
  }
  return n;
}

/* The last word of the folded name: the surname for the family test. */
static vet_str surname(vet_str name, char *buf, size_t cap)
{
  size_t n = fold_words(name, buf, cap);
  size_t k = n;
  while (k && buf[k - 1] != ' ')
    k--;
  return (vet_str){buf + k, n - k};
}

static bool same_folded(vet_str a, vet_str b)
{
  char x[256], y[256];
  size_t nx = fold_words(a, x, sizeof x), ny = fold_words(b, y, sizeof y);
  return nx && nx == ny && !memcmp(x, y, nx);
}

/* The payout holder is the subject (one of its names, folded). */
static bool holder_is_self(const struct vet_subject *s, vet_str holder)
{
  if (same_folded(holder, s->name) || same_folded(holder, s->display_name))
    return true;
  for (uint32_t k = 0; k < s->aliases.n; k++)
    if (same_folded(holder, s->aliases.v[k]))
      return true;
  return false;
}

static vet_err add_photo(struct vet_links *l, uint32_t i, vet_str hex)
{
  uint64_t h;
  if (!hex.len || vet_phash_parse(hex, &h, NULL) != VET_OK)
    return VET_OK;
  if (l->n_ph == l->cap_ph) {
    size_t cap = l->cap_ph ? l->cap_ph * 2 : 1024;
    struct photo *g = realloc(l->ph, cap * sizeof *g);
    if (!g)
      return VET_ENOMEM;
    l->ph = g;
    l->cap_ph = cap;
  }
  l->ph[l->n_ph++] = (struct photo){h, i};
  char buf[VET_PHASH_HEX_LEN + 1];
  vet_phash_format(h, buf, sizeof buf);
  return add_ident(l, i, VET_LINK_PHOTO, buf, VET_PHASH_HEX_LEN); /* equal hashes meet as identifiers */
}

/* Every identifier of subject i. */
static vet_err collect_subject(struct vet_links *l, uint32_t i, const struct vet_email_db *email,
                               struct vet_arena *scratch)
{
  const struct vet_subject *s = &l->pop->subjects[i];
  char buf[512];
  size_t n;
  vet_err rc = VET_OK;
  for (uint32_t k = 0; k < s->emails.n && !rc; k++) {
    struct vet_email em;
    if (vet_email_parse(email, scratch, s->emails.v[k], &em, NULL) == VET_OK && em.valid)
      rc = add_ident(l, i, VET_LINK_EMAIL, em.canonical.ptr, em.canonical.len);
  }
  for (uint32_t k = 0; k < s->phones.n && !rc; k++) {
    struct vet_phone ph;
    if (vet_phone_parse(s->phones.v[k], s->country.code[0] ? s->country.code : NULL, &ph, NULL) == VET_OK &&
        ph.parsed && ph.possible)
      rc = add_ident(l, i, VET_LINK_PHONE, ph.e164, strlen(ph.e164));
  }
  vet_str devices[MAX_DEVICES];
  uint32_t nd = 0;
  for (uint32_t k = 0; k < s->n_events && !rc && nd < MAX_DEVICES; k++) {
    vet_str d = l->pop->events[s->first_event + k].device_id;
    bool seen = !d.len;
    for (uint32_t j = 0; j < nd && !seen; j++)
      seen = vet_str_eq(devices[j], d);
    if (!seen) {
      devices[nd++] = d;
      rc = add_ident(l, i, VET_LINK_DEVICE, d.ptr, d.len);
    }
  }
  for (uint32_t k = 0; k < s->n_payouts && !rc; k++) {
    const struct vet_payout *p = &s->payouts[k];
    if (p->kind == VET_PAYOUT_CRYPTO && p->address.len) {
      vet_str a = vet_str_trim(p->address);
      bool fold = a.len > 2 && (vet_str_ieq_c(vet_str_sub(a, 0, 2), "0x") ||
                                (a.len > 3 && vet_str_ieq_c(vet_str_sub(a, 0, 3), "bc1")));
      n = a.len < sizeof buf ? a.len : sizeof buf - 1;
      for (size_t c = 0; c < n; c++)
        buf[c] = fold ? (char)vet_lower((unsigned char)a.ptr[c]) : a.ptr[c];
      rc = add_ident(l, i, VET_LINK_CRYPTO, buf, n);
    }
    if (!rc && p->account.len) {
      const char *kind = vet_payout_kind_name(p->kind);
      size_t pre = (size_t)snprintf(buf, sizeof buf, "%s:", kind);
      bool mail = vet_str_find(p->account, "@", false) != SIZE_MAX;
      n = mail ? fold_words(p->account, buf + pre, sizeof buf - pre) : alnum_upper(p->account, buf + pre, sizeof buf - pre);
      if (n)
        rc = add_ident(l, i, VET_LINK_PAYOUT, buf, pre + n);
    }
    if (!rc && p->holder.len && !holder_is_self(s, p->holder) && (n = fold_words(p->holder, buf, sizeof buf)))
      rc = add_ident(l, i, VET_LINK_HOLDER, buf, n);
  }
  for (uint32_t k = 0; k < s->n_documents && !rc; k++) {
    const struct vet_document *d = &s->documents[k];
    size_t pre = (size_t)snprintf(buf, sizeof buf, "%s:", d->issuing_country.code);
    if ((n = alnum_upper(d->number, buf + pre, sizeof buf - pre)) >= 5)
      rc = add_ident(l, i, VET_LINK_DOCUMENT, buf, pre + n);
    if (!rc)
      rc = add_photo(l, i, d->image_phash);
  }
  for (uint32_t k = 0; k < s->n_addresses && !rc; k++) {
    const struct vet_saddress *ad = &s->addresses[k];
    size_t pre = (size_t)snprintf(buf, sizeof buf, "%s|", ad->country.code);
    if ((n = fold_words(ad->text, buf + pre, sizeof buf - pre)) >= MIN_ADDRESS)
      rc = add_ident(l, i, VET_LINK_ADDRESS, buf, pre + n);
  }
  if (!rc && s->github.len && (n = url_key(s->github, "github.com", buf, sizeof buf)))
    rc = add_ident(l, i, VET_LINK_PROFILE, buf, n);
  if (!rc && s->linkedin.len && (n = url_key(s->linkedin, "linkedin.com/in", buf, sizeof buf)))
    rc = add_ident(l, i, VET_LINK_PROFILE, buf, n);
  if (!rc && s->website.len && (n = url_key(s->website, NULL, buf, sizeof buf)))
    rc = add_ident(l, i, VET_LINK_WEBSITE, buf, n);
  if (!rc)
    rc = add_photo(l, i, s->photo_phash);
  return rc;
}

/* ---- shared records ------------------------------------------------------------- */

static vet_err add_shared(struct vet_links *l, enum vet_link_kind k, vet_str value, const uint32_t *subjects,
                          uint32_t n, double factor)
{
  if (n > l->cfg.max_subjects) {
    l->st.common++;
    return VET_OK;
  }
  if (l->n_sh == l->cap_sh) {
    uint32_t cap = l->cap_sh ? l->cap_sh * 2 : 1024;
    struct vet_link_shared *g = realloc(l->sh, (size_t)cap * sizeof *g);
    if (!g)
      return VET_ENOMEM;
    l->sh = g;
    l->cap_sh = cap;
  }
  while (l->n_members + n > l->cap_members) {
    uint32_t cap = l->cap_members ? l->cap_members * 2 : 4096;
    uint32_t *g = realloc(l->members, (size_t)cap * sizeof *g);
    if (!g)
      return VET_ENOMEM;
    l->members = g;
    l->cap_members = cap;
  }
  /* one surname for all: a family (payouts, holders, addresses only) */
  bool family = false;
  if (k == VET_LINK_PAYOUT || k == VET_LINK_HOLDER || k == VET_LINK_ADDRESS) {
    char first[128], other[128];
    vet_str s0 = surname(l->pop->subjects[subjects[0]].name, first, sizeof first);
    family = s0.len > 1;
    for (uint32_t j = 1; j < n && family; j++)
      family = vet_str_eq(s0, surname(l->pop->subjects[subjects[j]].name, other, sizeof other));
  }
  struct vet_link_shared *r = &l->sh[l->n_sh++];
  r->kind = k;
  r->value = value;
  r->strength = l->cfg.weight[k] * factor * (family ? l->cfg.family_factor : 1);
  r->family = family;
  r->first = l->n_members;
  r->n = n;
  memcpy(l->members + l->n_members, subjects, (size_t)n * sizeof *subjects);
  l->n_members += n;
  l->st.shared++;
  return VET_OK;
}

vet_err vet_links_add(struct vet_links *l, enum vet_link_kind kind, vet_str value, const uint32_t *subjects,
                      uint32_t n, double factor, struct vet_error *e)
{
  if ((unsigned)kind >= VET_LINK_KINDS || n < 2)
    return vet_fail(e, VET_EINVAL, "link: bad shared identifier");
  vet_str v = vet_arena_strdup(&l->a, value);
  if (!v.ptr || add_shared(l, kind, v, subjects, n, factor))
    return vet_fail(e, VET_ENOMEM, "out of memory");
  return VET_OK;
}

static int ident_cmp(const void *a, const void *b)
{
  const struct ident *x = a, *y = b;
  if (x->h != y->h)
    return x->h < y->h ? -1 : 1;
  if (x->kind != y->kind)
    return x->kind < y->kind ? -1 : 1;
  int c = memcmp(x->value.ptr, y->value.ptr, x->value.len < y->value.len ? x->value.len : y->value.len);
  if (c || x->value.len != y->value.len)
    return c ? c : (x->value.len < y->value.len ? -1 : 1);
  return x->subject < y->subject ? -1 : x->subject > y->subject;
}

/* Runs of equal identifiers with two or more distinct subjects. */
static vet_err shared_exact(struct vet_links *l, uint32_t *scratch)
{
  if (l->n_id)
    qsort(l->id, l->n_id, sizeof *l->id, ident_cmp);
  for (size_t i = 0; i < l->n_id;) {
    size_t j = i;
    uint32_t n = 0;
    while (j < l->n_id && l->id[j].h == l->id[i].h && l->id[j].kind == l->id[i].kind &&
           vet_str_eq(l->id[j].value, l->id[i].value)) {
      if (!n || scratch[n - 1] != l->id[j].subject) /* sorted by subject: duplicates are adjacent */
        scratch[n++] = l->id[j].subject;
      j++;
    }
    if (n >= 2) {
      vet_err rc = add_shared(l, (enum vet_link_kind)l->id[i].kind, l->id[i].value, scratch, n, 1);
      if (rc)
        return rc;
    }
    i = j;
  }
  return VET_OK;
}

/* ---- near-identical photos ------------------------------------------------------- */

static int photo_cmp(const void *a, const void *b)
{
  const struct photo *x = a, *y = b;
  if (x->h != y->h)
    return x->h < y->h ? -1 : 1;
  return x->subject < y->subject ? -1 : x->subject > y->subject;
}

/* One near (not equal) pair of distinct hashes: every subject of one with
 * every subject of the other, as one record per subject pair. */
static vet_err photo_pair(struct vet_links *l, const struct photo *a, const struct photo *b)
{
  if (a->subject == b->subject)
    return VET_OK;
  char hex[2 * VET_PHASH_HEX_LEN + 16];
  char x[VET_PHASH_HEX_LEN + 1], y[VET_PHASH_HEX_LEN + 1];
  int d = vet_phash_distance(a->h, b->h);
  int n = snprintf(hex, sizeof hex, "%s~%s (%d bit%s)", vet_phash_format(a->h, x, sizeof x),
                   vet_phash_format(b->h, y, sizeof y), d, d == 1 ? "" : "s");
  vet_str v = vet_arena_strdup(&l->a, (vet_str){hex, (size_t)n});
  uint32_t s[2] = {a->subject < b->subject ? a->subject : b->subject, a->subject < b->subject ? b->subject : a->subject};
  l->st.photo_pairs++;
  return v.ptr ? add_shared(l, VET_LINK_PHOTO, v, s, 2, 1) : VET_ENOMEM;
}

static bool photo_near(const struct vet_links *l, uint64_t a, uint64_t b)
{
  int d = vet_phash_distance(a, b);
  return d > 0 && d <= (int)l->cfg.photo_max_distance;
}

/* Bits of block b of PHOTO_BLOCKS (12 or 13 bits each). */
static uint64_t block_mask(int b)
{
  int lo = b * 64 / PHOTO_BLOCKS, hi = (b + 1) * 64 / PHOTO_BLOCKS;
  return ((1ull << (hi - lo)) - 1) << lo;
}

struct keyed {
  uint64_t key;
  size_t idx;
};

static int keyed_cmp(const void *a, const void *b)
{
  const struct keyed *x = a, *y = b;
  if (x->key != y->key)
    return x->key < y->key ? -1 : 1;
  return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* Pairs of distinct hashes within link.photo_max_distance: all against
 * all for a few thousand, else those agreeing on one of PHOTO_BLOCKS
 * blocks of bits (every pair within PHOTO_BLOCKS-1 bits, most beyond). */
static vet_err shared_photos(struct vet_links *l)
{
  if (l->n_ph < 2 || !l->cfg.photo_max_distance)
    return VET_OK;
  qsort(l->ph, l->n_ph, sizeof *l->ph, photo_cmp);
  /* distinct hashes (first photo of each) */
  size_t nd = 0;
  struct photo *d = malloc(l->n_ph * sizeof *d);
  if (!d)
    return VET_ENOMEM;
  for (size_t i = 0; i < l->n_ph; i++)
    if (!nd || d[nd - 1].h != l->ph[i].h)
      d[nd++] = l->ph[i];
  vet_err rc = VET_OK;
  if (nd <= PHOTO_EXHAUSTIVE) {
    for (size_t i = 0; i < nd && !rc; i++)
      for (size_t j = i + 1; j < nd && !rc; j++)
        if (photo_near(l, d[i].h, d[j].h))
          rc = photo_pair(l, &d[i], &d[j]);
  } else {
    /* per block: sort by the block's bits, compare within equal runs; a
     * pair equal on several blocks is reported at its first */
    struct keyed *k = malloc(nd * sizeof *k);
    if (!k)
      rc = VET_ENOMEM;
    for (int b = 0; b < PHOTO_BLOCKS && !rc; b++) {
      uint64_t mask = block_mask(b);
      for (size_t i = 0; i < nd; i++)
        k[i] = (struct keyed){d[i].h & mask, i};
      qsort(k, nd, sizeof *k, keyed_cmp);
      for (size_t i = 0; i < nd && !rc;) {
        size_t j = i;
        while (j < nd && k[j].key == k[i].key)
          j++;
        for (size_t x = i; x < j && !rc; x++)
          for (size_t y = x + 1; y < j && !rc; y++) {
            uint64_t ha = d[k[x].idx].h, hb = d[k[y].idx].h;
            bool earlier = false;
            for (int c = 0; c < b && !earlier; c++)
              earlier = (ha & block_mask(c)) == (hb & block_mask(c));
            if (!earlier && photo_near(l, ha, hb))
              rc = photo_pair(l, &d[k[x].idx], &d[k[y].idx]);
          }
        i = j;
      }
    }
    free(k);
  }
  free(d);
  return rc;
}

/* ---- near-duplicate texts ----------------------------------------------------------- */

struct text_ctx {
  struct vet_links *l;
  vet_err rc;
};

static bool on_text_pair(void *ud, uint64_t a, uint64_t b, double jac)
{
  struct text_ctx *c = ud;
  struct vet_links *l = c->l;
  uint32_t sa = (uint32_t)(a >> 1), sb = (uint32_t)(b >> 1);
  if (sa == sb || jac < l->cfg.text_min_jaccard)
    return true;
  char v[64];
  int n = snprintf(v, sizeof v, "%s~%s (Jaccard %.2f)", a & 1 ? "bio" : "resume", b & 1 ? "bio" : "resume", jac);
  vet_str s = vet_arena_strdup(&l->a, (vet_str){v, (size_t)n});
  uint32_t m[2] = {sa < sb ? sa : sb, sa < sb ? sb : sa};
  l->st.text_pairs++;
  c->rc = s.ptr ? add_shared(l, VET_LINK_TEXT, s, m, 2, 1) : VET_ENOMEM;
  return c->rc == VET_OK;
}

static size_t words(vet_str s)
{
  size_t n = 0;
  bool in = false;
  for (size_t i = 0; i < s.len; i++) {
    bool sp = s.ptr[i] == ' ' || s.ptr[i] == '\n' || s.ptr[i] == '\t' || s.ptr[i] == '\r';
    n += !sp && !in;
    in = !sp;
  }
  return n;
}

static vet_err shared_texts(struct vet_links *l, struct vet_error *e)
{
  struct vet_minhash_params p;
  vet_minhash_params_defaults(&p);
  if (p.threshold > l->cfg.text_min_jaccard)
    p.threshold = l->cfg.text_min_jaccard;
  struct vet_minhash *mh = vet_minhash_new(&p, e);
  struct vet_minhash_index *ix = mh ? vet_minhash_index_new(&p, e) : NULL;
  uint64_t *sig = malloc(p.num_hashes * sizeof *sig);
  vet_err rc = mh && ix && sig ? VET_OK : VET_ENOMEM;
  for (uint32_t i = 0; i < l->pop->n_subjects && !rc; i++) {
    const struct vet_subject *s = &l->pop->subjects[i];
    vet_str texts[2] = {s->resume, s->bio};
    for (int t = 0; t < 2 && !rc; t++) {
      size_t nsh;
      if (words(texts[t]) < l->cfg.text_min_words)
        continue;
      rc = vet_minhash_sign(mh, texts[t], sig, &nsh, e);
      if (rc == VET_EPARSE) { /* not valid UTF-8: this text is not compared */
        rc = VET_OK;
        continue;
      }
      if (!rc && nsh)
        rc = vet_minhash_index_add(ix, (uint64_t)i << 1 | (uint64_t)t, sig, e);
    }
  }
  struct text_ctx c = {l, VET_OK};
  if (!rc && ix && vet_minhash_index_count(ix) > 1)
    rc = vet_minhash_index_pairs(ix, on_text_pair, &c, NULL, e);
  if (!rc)
    rc = c.rc;
  vet_minhash_index_free(ix);
  vet_minhash_free(mh);
  free(sig);
  return rc;
}

vet_err vet_links_collect(struct vet_links *l, const struct vet_email_db *email, struct vet_error *e)
{
  struct vet_arena scratch;
  vet_arena_init(&scratch, 16 * 1024);
  vet_err rc = VET_OK;
  for (uint32_t i = 0; i < l->pop->n_subjects && !rc; i++) {
    vet_arena_reset(&scratch);
    rc = collect_subject(l, i, email, &scratch);
  }
  vet_arena_release(&scratch);
  uint32_t *tmp = rc ? NULL : malloc((l->pop->n_subjects ? l->pop->n_subjects : 1) * sizeof *tmp);
  if (!rc && !tmp)
    rc = VET_ENOMEM;
  if (!rc)
    rc = shared_exact(l, tmp);
  free(tmp);
  if (!rc)
    rc = shared_photos(l);
  if (rc)
    return vet_fail(e, rc, "linking: out of memory");
  if (shared_texts(l, e))
    return e->code;
  return VET_OK;
}

/* ---- groups ------------------------------------------------------------------------ */

static uint32_t find(uint32_t *up, uint32_t x)
{
  while (up[x] != x) {
    up[x] = up[up[x]];
    x = up[x];
  }
  return x;
}

static const struct vet_links *sort_links; /* for qsort: vet_links_finish is one thread's */

static int by_strength(const void *a, const void *b)
{
  double x = sort_links->sh[*(const uint32_t *)a].strength, y = sort_links->sh[*(const uint32_t *)b].strength;
  return x > y ? -1 : x < y ? 1 : (*(const uint32_t *)a > *(const uint32_t *)b) - (*(const uint32_t *)a < *(const uint32_t *)b);
}

static int group_cmp(const void *a, const void *b)
{
  const struct vet_link_group *x = a, *y = b;
  if (x->n != y->n)
    return x->n > y->n ? -1 : 1;
  return strcmp(x->id, y->id);
}

vet_err vet_links_finish(struct vet_links *l, struct vet_error *e)
{
  uint32_t ns = l->pop->n_subjects;
  uint32_t *up = malloc((ns ? ns : 1) * sizeof *up);
  uint32_t *size = calloc(ns ? ns : 1, sizeof *size);
  l->group_of = malloc((ns ? ns : 1) * sizeof *l->group_of);
  l->sub_start = calloc((size_t)ns + 1, sizeof *l->sub_start);
  l->gshared = malloc((l->n_sh ? l->n_sh : 1) * sizeof *l->gshared);
  uint32_t total = 0;
  for (uint32_t r = 0; r < l->n_sh; r++)
    total += l->sh[r].n;
  l->sub_sh = malloc((total ? total : 1) * sizeof *l->sub_sh);
  if (!up || !size || !l->group_of || !l->sub_start || !l->gshared || !l->sub_sh) {
    free(up);
    free(size);
    return vet_fail(e, VET_ENOMEM, "linking: out of memory");
  }
  for (uint32_t i = 0; i < ns; i++) {
    up[i] = i;
    l->group_of[i] = UINT32_MAX;
  }
  /* per subject: its shared records */
  for (uint32_t r = 0; r < l->n_sh; r++)
    for (uint32_t k = 0; k < l->sh[r].n; k++)
      l->sub_start[l->members[l->sh[r].first + k] + 1]++;
  for (uint32_t i = 0; i < ns; i++)
    l->sub_start[i + 1] += l->sub_start[i];
  for (uint32_t r = 0; r < l->n_sh; r++)
    for (uint32_t k = 0; k < l->sh[r].n; k++) {
      uint32_t s = l->members[l->sh[r].first + k];
      l->sub_sh[l->sub_start[s] + size[s]++] = r;
    }
  sort_links = l;
  for (uint32_t i = 0; i < ns; i++)
    qsort(l->sub_sh + l->sub_start[i], l->sub_start[i + 1] - l->sub_start[i], sizeof *l->sub_sh, by_strength);
  /* union over the linking records */
  for (uint32_t r = 0; r < l->n_sh; r++) {
    const struct vet_link_shared *x = &l->sh[r];
    if (x->strength < l->cfg.min_strength)
      continue;
    l->st.linking++;
    uint32_t a = find(up, l->members[x->first]);
    for (uint32_t k = 1; k < x->n; k++) {
      uint32_t b = find(up, l->members[x->first + k]);
      if (a != b)
        up[b] = a;
    }
  }
  memset(size, 0, (ns ? ns : 1) * sizeof *size);
  for (uint32_t i = 0; i < ns; i++)
    size[find(up, i)]++;
  /* groups: roots of two or more; members appended after the records' */
  uint32_t ng = 0;
  for (uint32_t i = 0; i < ns; i++)
    ng += find(up, i) == i && size[i] >= 2;
  l->groups = calloc(ng ? ng : 1, sizeof *l->groups);
  uint32_t grouped = 0;
  for (uint32_t i = 0; i < ns; i++)
    grouped += size[find(up, i)] >= 2;
  while (l->n_members + grouped > l->cap_members) {
    uint32_t cap = l->cap_members ? l->cap_members * 2 : 4096;
    uint32_t *g = realloc(l->members, (size_t)cap * sizeof *g);
    if (!g) {
      free(up);
      free(size);
      return vet_fail(e, VET_ENOMEM, "linking: out of memory");
    }
    l->members = g;
    l->cap_members = cap;
  }
  if (!l->groups) {
    free(up);
    free(size);
    return vet_fail(e, VET_ENOMEM, "linking: out of memory");
  }
  /* root -> group index (through size[], reused) */
  uint32_t at = l->n_members;
  for (uint32_t i = 0; i < ns; i++)
    if (find(up, i) == i && size[i] >= 2) {
      struct vet_link_group *g = &l->groups[l->n_groups];
      g->first = at;
      g->n = 0;
      at += size[i];
      size[i] = l->n_groups++;
    } else if (find(up, i) == i) {
      size[i] = UINT32_MAX;
    }
  for (uint32_t i = 0; i < ns; i++) {
    uint32_t r = find(up, i);
    if (size[r] == UINT32_MAX)
      continue;
    struct vet_link_group *g = &l->groups[size[r]];
    l->members[g->first + g->n++] = i; /* ascending subject index */
    l->group_of[i] = size[r];
  }
  l->n_members = at;
  /* the linking records of each group, and the stable id */
  uint32_t *count = calloc(l->n_groups + 1, sizeof *count);
  if (!count) {
    free(up);
    free(size);
    return vet_fail(e, VET_ENOMEM, "linking: out of memory");
  }
  for (uint32_t r = 0; r < l->n_sh; r++)
    if (l->sh[r].strength >= l->cfg.min_strength)
      count[l->group_of[l->members[l->sh[r].first]] + 1]++;
  for (uint32_t g = 0; g < l->n_groups; g++)
    count[g + 1] += count[g];
  for (uint32_t g = 0; g < l->n_groups; g++) {
    l->groups[g].shared_first = count[g];
    l->groups[g].n_shared = 0;
  }
  for (uint32_t r = 0; r < l->n_sh; r++)
    if (l->sh[r].strength >= l->cfg.min_strength) {
      struct vet_link_group *g = &l->groups[l->group_of[l->members[l->sh[r].first]]];
      l->gshared[g->shared_first + g->n_shared++] = r;
    }
  free(count);
  for (uint32_t g = 0; g < l->n_groups; g++) {
    uint64_t h = 0;
    for (uint32_t k = 0; k < l->groups[g].n; k++) {
      vet_str id = l->pop->subjects[l->members[l->groups[g].first + k]].id;
      h = vet_hash(id.ptr, id.len, h);
      h = vet_hash("\n", 1, h);
    }
    snprintf(l->groups[g].id, sizeof l->groups[g].id, "g%012llx", (unsigned long long)(h & 0xffffffffffffull));
  }
  /* largest first; group_of follows */
  qsort(l->groups, l->n_groups, sizeof *l->groups, group_cmp);
  for (uint32_t g = 0; g < l->n_groups; g++)
    for (uint32_t k = 0; k < l->groups[g].n; k++)
      l->group_of[l->members[l->groups[g].first + k]] = g;
  l->st.groups = l->n_groups;
  l->st.grouped_subjects = grouped;
  free(up);
  free(size);
  return VET_OK;
}

const struct vet_link_group *vet_links_group_of(const struct vet_links *l, uint32_t i)
{
  if (!l->group_of || i >= l->pop->n_subjects || l->group_of[i] == UINT32_MAX)
    return NULL;
  return &l->groups[l->group_of[i]];
}

const struct vet_link_group *vet_links_groups(const struct vet_links *l, uint32_t *n)
{
  *n = l->n_groups;
  return l->groups;
}

const uint32_t *vet_links_of(const struct vet_links *l, uint32_t i, uint32_t *n)
{
  if (!l->sub_start || i >= l->pop->n_subjects) {
    *n = 0;
    return NULL;
  }
  *n = l->sub_start[i + 1] - l->sub_start[i];
  return l->sub_sh + l->sub_start[i];
}

const struct vet_link_shared *vet_links_shared(const struct vet_links *l, uint32_t *n)
{
  *n = l->n_sh;
  return l->sh;
}

const uint32_t *vet_links_group_shared(const struct vet_links *l) { return l->gshared; }

const uint32_t *vet_links_members(const struct vet_links *l) { return l->members; }

void vet_links_stats(const struct vet_links *l, struct vet_links_stats *out) { *out = l->st; }
