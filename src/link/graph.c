/* link/graph.c - the identifier graph of a population (vetter/link.h):
 * every subject's identifiers normalized and collected (photo files hashed
 * by link/photo_files.c), sorted so equal ones meet, the shared ones kept
 * with a strength, near-identical photos and near-duplicate texts found
 * pairwise (perceptual hashes, MinHash LSH); the subjects are then joined
 * by union-find over the shared identifiers strong enough to link
 * (link/groups.c).  The
 * independent work (collecting, signing texts, decoding photos, comparing
 * text pairs) may run on several threads: each fills its own arrays, and
 * what they give is sorted or put back in subject order, so the result
 * does not depend on the threads.
 * Owns: everything of a vet_links (arrays, arenas for the values, the
 * photo messages); the worker threads of vet_links_collect, joined before
 * it returns.
 * Thread-safety: one builder thread; read-only after vet_links_finish. */
#include <stdio.h>
#include <stdlib.h>

#include "core/common.h"
#include "core/strmap.h"
#include "link/link_int.h"
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
/* Subjects per task when identifiers are collected on several threads. */
#define COLLECT_BLOCK 256
/* Texts signed per round on several threads before they are added to the
 * index in order (the round's signatures: TEXT_BLOCK * 8 * num_hashes
 * bytes, 4 MiB with the defaults). */
#define TEXT_BLOCK 4096

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

/* The identifiers and photo hashes one thread collects; their values in
 * its own arena. */
struct collector {
  struct ident *id; size_t n_id, cap_id;
  struct photo *ph; size_t n_ph, cap_ph;
  struct vet_arena vals;    /* the identifiers' values: kept by the vet_links */
  struct vet_arena scratch; /* per subject (email parsing) */
  uint64_t identifiers;
  vet_err rc;               /* the first failure: the thread stops */
};

/* A phone number as collect_subject parsed it (vet_links_phone): the
 * fields of struct vet_phone but its error text. */
struct phone_kept {
  bool kept; /* parsed by libphonenumber: the rest is set */
  bool possible, valid;
  char region[4];
  int country_code;
  enum vet_phone_type type;
  char e164[24];
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
  l->cfg.photo_dir[sizeof l->cfg.photo_dir - 1] = 0;
  l->threads = 1;
  vet_arena_init(&l->a, 256 * 1024);
  return l;
}

void vet_links_set_threads(struct vet_links *l, uint32_t n)
{
  l->threads = n < 1 ? 1 : n > VET_LINKS_MAX_THREADS ? VET_LINKS_MAX_THREADS : n;
}

const char *vet_links_problem(const struct vet_links *l, uint32_t k)
{
  return k < l->n_problems ? l->problems[k] : NULL;
}

void vet_links_free(struct vet_links *l)
{
  if (!l)
    return;
  vet_arena_release(&l->a);
  free(l->id);
  free(l->phone_at);
  free(l->phones);
  free(l->ph);
  for (uint32_t k = 0; k < l->n_vals; k++)
    vet_arena_release(&l->vals[k]);
  free(l->vals);
  free(l->sh);
  free(l->members);
  free(l->groups);
  free(l->group_of);
  free(l->gshared);
  free(l->sub_start);
  free(l->sub_sh);
  for (uint32_t k = 0; k < l->n_problems; k++)
    free(l->problems[k]);
  free(l);
}

/* ---- normalization ------------------------------------------------------------ */

/* Append value (copied) as an identifier of subject i. */
static vet_err add_ident(struct collector *c, uint32_t i, enum vet_link_kind k, const char *v, size_t len)
{
  if (!len)
    return VET_OK;
  if (c->n_id == c->cap_id) {
    size_t cap = c->cap_id ? c->cap_id * 2 : 4096;
    struct ident *g = realloc(c->id, cap * sizeof *g);
    if (!g)
      return VET_ENOMEM;
    c->id = g;
    c->cap_id = cap;
  }
  vet_str s = vet_arena_strdup(&c->vals, (vet_str){v, len});
  if (!s.ptr)
    return VET_ENOMEM;
  uint32_t kk = k;
  c->id[c->n_id++] = (struct ident){vet_hash(s.ptr, s.len, vet_hash(&kk, sizeof kk, 0)), s, i, k};
  c->identifiers++;
  return VET_OK;
}

/* The default region subject s's national phone numbers are read in. */
static const char *phone_region(const struct vet_subject *s) { return s->country.code[0] ? s->country.code : NULL; }

bool vet_links_phone(const struct vet_links *l, uint32_t i, uint32_t k, const char *default_region,
                     struct vet_phone *out)
{
  if (!l || !l->phones || i >= l->pop->n_subjects || k >= l->pop->subjects[i].phones.n)
    return false;
  const char *mine = phone_region(&l->pop->subjects[i]);
  if (!mine != !default_region || (mine && strcmp(mine, default_region)))
    return false;
  const struct phone_kept *pk = &l->phones[l->phone_at[i] + k];
  if (!pk->kept)
    return false;
  *out = (struct vet_phone){.parsed = true,
                            .possible = pk->possible,
                            .valid = pk->valid,
                            .country_code = pk->country_code,
                            .type = pk->type};
  memcpy(out->region, pk->region, sizeof out->region);
  memcpy(out->e164, pk->e164, sizeof out->e164);
  return true;
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

/* Photo hash h of subject i: kept for the near-copy search, and as an
 * identifier so that equal hashes meet. */
static vet_err add_photo_hash(struct collector *c, uint32_t i, uint64_t h)
{
  if (c->n_ph == c->cap_ph) {
    size_t cap = c->cap_ph ? c->cap_ph * 2 : 1024;
    struct photo *g = realloc(c->ph, cap * sizeof *g);
    if (!g)
      return VET_ENOMEM;
    c->ph = g;
    c->cap_ph = cap;
  }
  c->ph[c->n_ph++] = (struct photo){h, i};
  char buf[VET_PHASH_HEX_LEN + 1];
  vet_phash_format(h, buf, sizeof buf);
  return add_ident(c, i, VET_LINK_PHOTO, buf, VET_PHASH_HEX_LEN);
}

/* A hash given as hex ("photo_phash", "image_phash"); an invalid one is skipped. */
static vet_err add_photo(struct collector *c, uint32_t i, vet_str hex)
{
  uint64_t h;
  if (!hex.len || vet_phash_parse(hex, &h, NULL) != VET_OK)
    return VET_OK;
  return add_photo_hash(c, i, h);
}

static int photo_file_cmp(const void *key, const void *elem)
{
  uint32_t i = *(const uint32_t *)key, s = ((const struct link_photo *)elem)->subject;
  return (i > s) - (i < s);
}

/* Every identifier of subject i; pf: the hashed photo files (by subject). */
static vet_err collect_subject(const struct vet_links *l, struct collector *c, uint32_t i,
                               const struct vet_email_db *email, const struct link_photo_files *pf)
{
  struct vet_arena *scratch = &c->scratch;
  const struct vet_subject *s = &l->pop->subjects[i];
  char buf[512];
  size_t n;
  vet_err rc = VET_OK;
  for (uint32_t k = 0; k < s->emails.n && !rc; k++) {
    struct vet_email em;
    if (vet_email_parse(email, scratch, s->emails.v[k], &em, NULL) == VET_OK && em.valid)
      rc = add_ident(c, i, VET_LINK_EMAIL, em.canonical.ptr, em.canonical.len);
  }
  for (uint32_t k = 0; k < s->phones.n && !rc; k++) {
    /* parsed whole (the E.164 form and possibility as vet_phone_parse_e164
     * gives them, and the line type) and kept for the checks */
    struct vet_phone ph;
    bool ok = vet_phone_parse(s->phones.v[k], phone_region(s), &ph, NULL) == VET_OK;
    struct phone_kept *pk = &l->phones[l->phone_at[i] + k];
    *pk = (struct phone_kept){.kept = ok && ph.parsed};
    if (pk->kept) {
      pk->possible = ph.possible;
      pk->valid = ph.valid;
      memcpy(pk->region, ph.region, sizeof pk->region);
      pk->country_code = ph.country_code;
      pk->type = ph.type;
      memcpy(pk->e164, ph.e164, sizeof pk->e164);
    }
    if (ok && ph.parsed && ph.possible)
      rc = add_ident(c, i, VET_LINK_PHONE, ph.e164, strlen(ph.e164));
  }
  vet_str devices[MAX_DEVICES];
  uint32_t nd = 0;
  for (uint32_t k = 0; k < s->n_events && !rc && nd < MAX_DEVICES; k++) {
    vet_str d = vet_lstr_str(l->pop->events[s->first_event + k].device_id);
    bool seen = !d.len;
    for (uint32_t j = 0; j < nd && !seen; j++)
      seen = vet_str_eq(devices[j], d);
    if (!seen) {
      devices[nd++] = d;
      rc = add_ident(c, i, VET_LINK_DEVICE, d.ptr, d.len);
    }
  }
  for (uint32_t k = 0; k < s->n_payouts && !rc; k++) {
    const struct vet_payout *p = &s->payouts[k];
    if (p->kind == VET_PAYOUT_CRYPTO && p->address.len) {
      vet_str a = vet_str_trim(p->address);
      bool fold = a.len > 2 && (vet_str_ieq_c(vet_str_sub(a, 0, 2), "0x") ||
                                (a.len > 3 && vet_str_ieq_c(vet_str_sub(a, 0, 3), "bc1")));
      n = a.len < sizeof buf ? a.len : sizeof buf - 1;
      for (size_t x = 0; x < n; x++)
        buf[x] = fold ? (char)vet_lower((unsigned char)a.ptr[x]) : a.ptr[x];
      rc = add_ident(c, i, VET_LINK_CRYPTO, buf, n);
    }
    if (!rc && p->account.len) {
      const char *kind = vet_payout_kind_name(p->kind);
      size_t pre = (size_t)snprintf(buf, sizeof buf, "%s:", kind);
      bool mail = vet_str_find(p->account, "@", false) != SIZE_MAX;
      n = mail ? fold_words(p->account, buf + pre, sizeof buf - pre) : alnum_upper(p->account, buf + pre, sizeof buf - pre);
      if (n)
        rc = add_ident(c, i, VET_LINK_PAYOUT, buf, pre + n);
    }
    if (!rc && p->holder.len && !holder_is_self(s, p->holder) && (n = fold_words(p->holder, buf, sizeof buf)))
      rc = add_ident(c, i, VET_LINK_HOLDER, buf, n);
  }
  for (uint32_t k = 0; k < s->n_documents && !rc; k++) {
    const struct vet_document *d = &s->documents[k];
    size_t pre = (size_t)snprintf(buf, sizeof buf, "%s:", d->issuing_country.code);
    if ((n = alnum_upper(d->number, buf + pre, sizeof buf - pre)) >= 5)
      rc = add_ident(c, i, VET_LINK_DOCUMENT, buf, pre + n);
    if (!rc)
      rc = add_photo(c, i, d->image_phash);
  }
  for (uint32_t k = 0; k < s->n_addresses && !rc; k++) {
    const struct vet_saddress *ad = &s->addresses[k];
    size_t pre = (size_t)snprintf(buf, sizeof buf, "%s|", ad->country.code);
    if ((n = fold_words(ad->text, buf + pre, sizeof buf - pre)) >= MIN_ADDRESS)
      rc = add_ident(c, i, VET_LINK_ADDRESS, buf, pre + n);
  }
  if (!rc && s->github.len && (n = url_key(s->github, "github.com", buf, sizeof buf)))
    rc = add_ident(c, i, VET_LINK_PROFILE, buf, n);
  if (!rc && s->linkedin.len && (n = url_key(s->linkedin, "linkedin.com/in", buf, sizeof buf)))
    rc = add_ident(c, i, VET_LINK_PROFILE, buf, n);
  if (!rc && s->website.len && (n = url_key(s->website, NULL, buf, sizeof buf)))
    rc = add_ident(c, i, VET_LINK_WEBSITE, buf, n);
  if (!rc)
    rc = add_photo(c, i, s->photo_phash);
  const struct link_photo *f = pf->n_ok ? bsearch(&i, pf->ok, pf->n_ok, sizeof *pf->ok, photo_file_cmp) : NULL;
  if (!rc && f)
    rc = add_photo_hash(c, i, f->hash);
  return rc;
}

/* What collect_block shares with its workers. */
struct collect_job {
  const struct vet_links *l;
  const struct vet_email_db *email;
  const struct link_photo_files *pf;
  struct collector *c; /* one per worker */
};

/* Subjects [k COLLECT_BLOCK, (k + 1) COLLECT_BLOCK) into the worker's
 * collector (a vet_parallel_for body). */
static void collect_block(void *ctx, uint32_t worker, size_t k)
{
  struct collect_job *job = ctx;
  struct collector *c = &job->c[worker];
  uint32_t end = (uint32_t)VET_MIN((k + 1) * COLLECT_BLOCK, (size_t)job->l->pop->n_subjects);
  for (uint32_t i = (uint32_t)(k * COLLECT_BLOCK); i < end && !c->rc; i++) {
    vet_arena_reset(&c->scratch);
    c->rc = collect_subject(job->l, c, i, job->email, job->pf);
  }
}

/* Every subject's identifiers and photo hashes (photo files from pf), on
 * l->threads threads, into l->id and l->ph.  The order within the arrays
 * depends on the threads; the sorts after it do not. */
static vet_err collect_all(struct vet_links *l, const struct vet_email_db *email, const struct link_photo_files *pf)
{
  uint32_t ns = l->pop->n_subjects;
  size_t total = 0;
  l->phone_at = malloc(((size_t)ns + 1) * sizeof *l->phone_at);
  for (uint32_t i = 0; l->phone_at && i < ns; i++) {
    l->phone_at[i] = (uint32_t)total;
    total += l->pop->subjects[i].phones.n;
  }
  if (!l->phone_at || total >= UINT32_MAX || !(l->phones = calloc(VET_MAX(total, (size_t)1), sizeof *l->phones)))
    return VET_ENOMEM;
  l->phone_at[ns] = (uint32_t)total;
  size_t blocks = ((size_t)l->pop->n_subjects + COLLECT_BLOCK - 1) / COLLECT_BLOCK;
  uint32_t nw = (uint32_t)VET_MIN((size_t)l->threads, VET_MAX(blocks, (size_t)1));
  struct collector *c = calloc(nw, sizeof *c);
  l->vals = calloc(nw, sizeof *l->vals);
  if (!c || !l->vals) {
    free(c);
    return VET_ENOMEM;
  }
  for (uint32_t w = 0; w < nw; w++) {
    vet_arena_init(&c[w].vals, 256 * 1024);
    vet_arena_init(&c[w].scratch, 16 * 1024);
  }
  struct collect_job job = {l, email, pf, c};
  vet_parallel_for(nw, blocks, collect_block, &job);
  vet_err rc = VET_OK;
  size_t nid = 0, nph = 0;
  for (uint32_t w = 0; w < nw; w++) {
    rc = rc ? rc : c[w].rc;
    nid += c[w].n_id;
    nph += c[w].n_ph;
    l->st.identifiers += c[w].identifiers;
    l->vals[l->n_vals++] = c[w].vals; /* the values stay where they are */
    vet_arena_release(&c[w].scratch);
  }
  if (nw == 1) { /* the one collector's arrays are the result */
    l->id = c[0].id, l->n_id = c[0].n_id;
    l->ph = c[0].ph, l->n_ph = c[0].n_ph;
  } else {
    l->id = rc ? NULL : malloc(VET_MAX(nid, (size_t)1) * sizeof *l->id);
    l->ph = rc ? NULL : malloc(VET_MAX(nph, (size_t)1) * sizeof *l->ph);
    if (!rc && (!l->id || !l->ph))
      rc = VET_ENOMEM;
    for (uint32_t w = 0; w < nw; w++) {
      if (!rc && c[w].n_id)
        memcpy(l->id + l->n_id, c[w].id, c[w].n_id * sizeof *l->id);
      if (!rc && c[w].n_ph)
        memcpy(l->ph + l->n_ph, c[w].ph, c[w].n_ph * sizeof *l->ph);
      if (!rc)
        l->n_id += c[w].n_id, l->n_ph += c[w].n_ph;
      free(c[w].id);
      free(c[w].ph);
    }
  }
  free(c);
  return rc;
}

/* The photo files' counts and first messages into l (which takes them). */
static void take_photo_files(struct vet_links *l, struct link_photo_files *pf)
{
  l->st.photos_hashed = pf->hashed;
  l->st.photos_failed = pf->failed;
  l->st.photos_skipped_url = pf->skipped_url;
  l->st.photo_files = pf->files;
  l->st.photo_files_failed = pf->files_failed;
  for (uint32_t k = 0; k < pf->n_problems; k++) {
    l->problems[l->n_problems++] = pf->problems[k];
    pf->problems[k] = NULL;
  }
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

/* Identifiers sorted by qsort below this many. */
#define IDENT_RADIX_MIN 1024
/* Bits of a digit of the radix sorts. */
#define RADIX_BITS 16

/* Sort v[0..n) (elements of elem bytes) by `passes` digits of
 * RADIX_BITS bits, digit(x, 0) the least significant: a stable LSD radix
 * sort (a pass whose digit is the same for all skipped).  Its buffer is
 * the size of the array, as glibc's qsort's own; false, v untouched, when
 * it cannot be had. */
static bool radix_sort(void *v, size_t n, size_t elem, unsigned passes, uint64_t (*digit)(const void *x, unsigned pass))
{
  const size_t digits = (size_t)1 << RADIX_BITS;
  unsigned char *tmp = n > 1 ? malloc(n * elem) : NULL;
  size_t *count = tmp ? malloc(digits * sizeof *count) : NULL;
  if (!count) {
    free(tmp);
    return n <= 1;
  }
  unsigned char *src = v, *dst = tmp;
  for (unsigned pass = 0; pass < passes; pass++) {
    memset(count, 0, digits * sizeof *count);
    for (size_t i = 0; i < n; i++)
      count[digit(src + i * elem, pass)]++;
    if (count[digit(src, pass)] == n)
      continue; /* one digit for all: the order stands */
    size_t sum = 0;
    for (size_t d = 0; d < digits; d++) {
      size_t c = count[d];
      count[d] = sum;
      sum += c;
    }
    for (size_t i = 0; i < n; i++)
      memcpy(dst + count[digit(src + i * elem, pass)]++ * elem, src + i * elem, elem);
    unsigned char *t = src;
    src = dst;
    dst = t;
  }
  if (src != (unsigned char *)v)
    memcpy(v, src, n * elem);
  free(tmp);
  free(count);
  return true;
}

static uint64_t ident_digit(const void *x, unsigned pass)
{
  return (((const struct ident *)x)->h >> (pass * RADIX_BITS)) & (((uint64_t)1 << RADIX_BITS) - 1);
}

/* The identifiers in ident_cmp's order: a radix sort on the hash, then
 * each run of one hash (an identifier's holders, or a collision) by
 * ident_cmp.  The same order as qsort with ident_cmp (elements it calls
 * equal are interchangeable); qsort itself for a few, or when the radix
 * sort's buffers cannot be had. */
static void sort_idents(struct ident *v, size_t n)
{
  if (n < IDENT_RADIX_MIN || !radix_sort(v, n, sizeof *v, 64 / RADIX_BITS, ident_digit)) {
    qsort(v, n, sizeof *v, ident_cmp);
    return;
  }
  for (size_t i = 0; i < n;) {
    size_t j = i + 1;
    while (j < n && v[j].h == v[i].h)
      j++;
    if (j - i > 1)
      qsort(v + i, j - i, sizeof *v, ident_cmp);
    i = j;
  }
}

/* Slots per identifier, at least, of keep_repeated's table. */
#define IDENT_SEEN_SLOTS 4

/* Keep, in order, the identifiers of v whose hash may be another's: each
 * hash counted (up to two) in a table slot chosen by its top bits, and
 * those alone in their slot dropped, since they cannot be shared.  Most
 * identifiers are one subject's own, and the sort is then of a fraction
 * of them (a slot shared by chance keeps a few unique ones, which find no
 * partner).  The order of what is kept is unchanged, so its sorted order
 * is that of the whole array less the dropped.  The new count; n, with
 * nothing dropped, under IDENT_RADIX_MIN or without memory for the
 * table. */
static size_t keep_repeated(struct ident *v, size_t n)
{
  if (n < IDENT_RADIX_MIN)
    return n;
  unsigned bits = 1;
  while (bits < 48 && ((size_t)1 << bits) < n * IDENT_SEEN_SLOTS)
    bits++;
  uint8_t *seen = calloc((size_t)1 << bits, 1);
  if (!seen)
    return n;
  for (size_t i = 0; i < n; i++) {
    uint8_t *c = &seen[v[i].h >> (64 - bits)];
    *c += *c < 2;
  }
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    if (seen[v[i].h >> (64 - bits)] > 1)
      v[k++] = v[i];
  free(seen);
  return k;
}

/* Runs of equal identifiers with two or more distinct subjects. */
static vet_err shared_exact(struct vet_links *l, uint32_t *scratch)
{
  l->n_id = keep_repeated(l->id, l->n_id);
  if (l->n_id)
    sort_idents(l->id, l->n_id);
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

/* A photo's digits, least significant first: the subject's two, then the
 * hash's four. */
static uint64_t photo_digit(const void *x, unsigned pass)
{
  const struct photo *p = x;
  const uint64_t mask = ((uint64_t)1 << RADIX_BITS) - 1;
  return pass < 32 / RADIX_BITS ? ((uint64_t)p->subject >> (pass * RADIX_BITS)) & mask
                                : (p->h >> ((pass - 32 / RADIX_BITS) * RADIX_BITS)) & mask;
}

/* The photos in photo_cmp's order (hash, then subject). */
static void sort_photos(struct photo *v, size_t n)
{
  if (!radix_sort(v, n, sizeof *v, (32 + 64) / RADIX_BITS, photo_digit))
    qsort(v, n, sizeof *v, photo_cmp);
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

/* k[0..nd): every distinct hash's index into d, ordered by the bits of
 * block b, then by index (a counting sort: a block is at most 13 bits);
 * count has room for 2^bits + 1 entries. */
static void block_order(const struct photo *d, size_t nd, int b, struct keyed *k, size_t *count)
{
  int lo = b * 64 / PHOTO_BLOCKS, hi = (b + 1) * 64 / PHOTO_BLOCKS;
  size_t digits = (size_t)1 << (hi - lo);
  uint64_t mask = block_mask(b);
  memset(count, 0, (digits + 1) * sizeof *count);
  for (size_t i = 0; i < nd; i++)
    count[((d[i].h & mask) >> lo) + 1]++;
  for (size_t x = 1; x <= digits; x++)
    count[x] += count[x - 1];
  for (size_t i = 0; i < nd; i++) {
    uint64_t key = d[i].h & mask;
    k[count[key >> lo]++] = (struct keyed){key, i};
  }
}

typedef size_t near_scan_fn(const uint64_t *h, size_t from, size_t n, uint64_t x, uint32_t maxd);

/* The first index j in [from, n) whose hash is within 1..maxd bits of x
 * (n when none): the inner loop of the all-against-all photo scan.  0 bits
 * (the same hash) wraps around to UINT32_MAX and is not near. */
static size_t near_scan(const uint64_t *h, size_t from, size_t n, uint64_t x, uint32_t maxd)
{
  for (size_t j = from; j < n; j++)
    if ((uint32_t)vet_phash_distance(x, h[j]) - 1u < maxd)
      return j;
  return n;
}

#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
/* The same loop for the popcnt instruction: a build for plain x86-64
 * turns __builtin_popcountll into a call into libgcc, several times
 * slower; near_scanner picks this copy when the processor has popcnt. */
#define HAVE_POPCNT_DISPATCH 1
__attribute__((target("popcnt"))) static size_t near_scan_popcnt(const uint64_t *h, size_t from, size_t n, uint64_t x,
                                                                  uint32_t maxd)
{
  for (size_t j = from; j < n; j++)
    if ((uint32_t)__builtin_popcountll(x ^ h[j]) - 1u < maxd)
      return j;
  return n;
}
#endif

/* The copy of the scan for this processor. */
static near_scan_fn *near_scanner(void)
{
#ifdef HAVE_POPCNT_DISPATCH
  if (__builtin_cpu_supports("popcnt"))
    return near_scan_popcnt;
#endif
  return near_scan;
}

/* Pairs of distinct hashes within link.photo_max_distance: all against
 * all for a few thousand, else those agreeing on one of PHOTO_BLOCKS
 * blocks of bits (every pair within PHOTO_BLOCKS-1 bits, most beyond). */
static vet_err shared_photos(struct vet_links *l)
{
  if (l->n_ph < 2 || !l->cfg.photo_max_distance)
    return VET_OK;
  sort_photos(l->ph, l->n_ph);
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
    uint64_t *h = malloc(nd * sizeof *h); /* the hashes alone: 8 bytes a step of the scan */
    if (!h)
      rc = VET_ENOMEM;
    for (size_t i = 0; i < nd && !rc; i++)
      h[i] = d[i].h;
    near_scan_fn *scan = near_scanner();
    uint32_t maxd = l->cfg.photo_max_distance;
    for (size_t i = 0; i < nd && !rc; i++)
      for (size_t j = scan(h, i + 1, nd, h[i], maxd); j < nd && !rc; j = scan(h, j + 1, nd, h[i], maxd))
        rc = photo_pair(l, &d[i], &d[j]);
    free(h);
  } else {
    /* per block: sort by the block's bits, compare within equal runs; a
     * pair equal on several blocks is reported at its first */
    struct keyed *k = malloc(nd * sizeof *k);
    size_t *count = malloc((((size_t)1 << (64 / PHOTO_BLOCKS + 1)) + 1) * sizeof *count); /* a block: at most 64 / PHOTO_BLOCKS + 1 bits */
    if (!k || !count)
      rc = VET_ENOMEM;
    for (int b = 0; b < PHOTO_BLOCKS && !rc; b++) {
      block_order(d, nd, b, k, count);
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
    free(count);
  }
  free(d);
  return rc;
}

/* ---- near-duplicate texts ----------------------------------------------------------- */

/* The values of text records made so far, by their kinds and estimate
 * (the key: a byte of kinds, then the estimate's bytes): an estimate is
 * a count of equal minima over num_hashes, so a run has few distinct
 * ones, and each value is formatted once. */
#define TEXT_KEY_LEN (1 + sizeof(double))
struct text_ctx {
  struct vet_links *l;
  vet_err rc;
  struct vet_strmap seen; /* key -> index in values */
  vet_str *values;
  uint32_t n_values, cap_values;
};

/* VET_STR_NULL when out of memory. */
static vet_str text_value(struct text_ctx *c, bool bio_a, bool bio_b, double jac)
{
  char key[TEXT_KEY_LEN];
  key[0] = (char)(bio_a | bio_b << 1);
  memcpy(key + 1, &jac, sizeof jac);
  const uint32_t *at = vet_strmap_get(&c->seen, (vet_str){key, sizeof key});
  if (at)
    return c->values[*at];
  char v[64];
  int n = snprintf(v, sizeof v, "%s~%s (Jaccard %.2f)", bio_a ? "bio" : "resume", bio_b ? "bio" : "resume", jac);
  vet_str s = vet_arena_strdup(&c->l->a, (vet_str){v, (size_t)n});
  char *kept = vet_arena_alloc(&c->l->a, sizeof key);
  vet_str *slot = s.ptr && kept ? vet_vec_push(&c->values, &c->n_values, &c->cap_values, sizeof *slot) : NULL;
  if (!slot)
    return VET_STR_NULL;
  *slot = s;
  memcpy(kept, key, sizeof key);
  bool ins;
  if (!vet_strmap_put(&c->seen, (vet_str){kept, sizeof key}, c->n_values - 1, &ins))
    return VET_STR_NULL;
  return s;
}

static bool on_text_pair(void *ud, uint64_t a, uint64_t b, double jac)
{
  struct text_ctx *c = ud;
  struct vet_links *l = c->l;
  uint32_t sa = (uint32_t)(a >> 1), sb = (uint32_t)(b >> 1);
  if (sa == sb || jac < l->cfg.text_min_jaccard)
    return true;
  vet_str s = text_value(c, a & 1, b & 1, jac);
  uint32_t m[2] = {sa < sb ? sa : sb, sa < sb ? sb : sa};
  l->st.text_pairs++;
  c->rc = s.ptr ? add_shared(l, VET_LINK_TEXT, s, m, 2, 1) : VET_ENOMEM;
  return c->rc == VET_OK;
}

/* The words of s, counted up to at_most (a resume need not be read to
 * its end to know it has enough). */
static size_t words(vet_str s, size_t at_most)
{
  size_t n = 0;
  bool in = false;
  const uint64_t spaces = 1ull << ' ' | 1ull << '\n' | 1ull << '\t' | 1ull << '\r';
  for (size_t i = 0; i < s.len && n < at_most; i++) {
    unsigned char c = (unsigned char)s.ptr[i];
    bool sp = c <= ' ' && (spaces >> c & 1); /* letters: one comparison */
    n += !sp && !in;
    in = !sp;
  }
  return n;
}

/* One text of a signing round, and what signing it gave. */
struct text_item {
  uint32_t subject;
  uint32_t which; /* 0: resume, 1: bio */
  vet_err rc;
  size_t nshingles;
};

/* What sign_one shares with its workers. */
struct sign_job {
  const struct vet_population *pop;
  struct vet_minhash **mh; /* one signer per worker */
  struct text_item *items;
  uint64_t *sigs;          /* item k's signature at sigs[k * nh ..] */
  uint32_t nh;
};

static vet_str text_of(const struct vet_subject *s, uint32_t which) { return which ? s->bio : s->resume; }

/* Sign item k (a vet_parallel_for body). */
static void sign_one(void *ctx, uint32_t worker, size_t k)
{
  struct sign_job *j = ctx;
  struct text_item *it = &j->items[k];
  it->rc = vet_minhash_sign(j->mh[worker], text_of(&j->pop->subjects[it->subject], it->which), j->sigs + k * j->nh,
                            &it->nshingles, NULL);
}

/* Resumes and bios of link.text_min_words words or more: signed (by
 * rounds of TEXT_BLOCK texts on l->threads threads), added to the index
 * in subject order, and the near-duplicate pairs made records.  A text
 * that cannot be signed (not UTF-8, folding past its cap) is not
 * compared; only VET_ENOMEM fails. */
static vet_err shared_texts(struct vet_links *l, struct vet_error *e)
{
  struct vet_minhash_params p;
  vet_minhash_params_defaults(&p);
  /* only pairs at link.text_min_jaccard make records: the index drops
   * the others (most candidates of templated resumes) itself, and stops
   * comparing a pair as soon as it cannot get there */
  p.threshold = l->cfg.text_min_jaccard;
  uint32_t nw = l->threads, ns = l->pop->n_subjects;
  size_t round = VET_MIN((size_t)TEXT_BLOCK, 2 * (size_t)ns + 1); /* texts per round */
  struct vet_minhash **mh = calloc(nw, sizeof *mh);
  struct text_item *items = malloc(round * sizeof *items);
  uint64_t *sigs = malloc(round * p.num_hashes * sizeof *sigs);
  struct vet_minhash_index *ix = vet_minhash_index_new(&p, e);
  vet_err rc = mh && items && sigs && ix ? VET_OK : VET_ENOMEM;
  if (ix) {
    vet_minhash_index_set_threads(ix, nw);
    (void)vet_minhash_index_reserve(ix, 2 * (size_t)ns); /* a resume and a bio a subject at most */
  }
  for (uint32_t w = 0; w < nw && !rc; w++)
    if (!(mh[w] = vet_minhash_new(&p, e)))
      rc = VET_ENOMEM;
  struct sign_job job = {l->pop, mh, items, sigs, p.num_hashes};
  for (size_t f = 0; f < 2 * (size_t)ns && !rc;) { /* text f: subject f / 2, resume or bio by f % 2 */
    size_t n = 0;
    for (; f < 2 * (size_t)ns && n < round; f++)
      if (words(text_of(&l->pop->subjects[f / 2], (uint32_t)(f & 1)), l->cfg.text_min_words) >= l->cfg.text_min_words)
        items[n++] = (struct text_item){(uint32_t)(f / 2), (uint32_t)(f & 1), VET_OK, 0};
    vet_parallel_for(nw, n, sign_one, &job);
    for (size_t k = 0; k < n && !rc; k++) {
      if (items[k].rc == VET_ENOMEM)
        rc = VET_ENOMEM;
      else if (!items[k].rc && items[k].nshingles) /* else not UTF-8, or too long folded: not compared */
        rc = vet_minhash_index_add(ix, (uint64_t)items[k].subject << 1 | items[k].which, sigs + k * p.num_hashes, e);
    }
  }
  struct text_ctx c = {.l = l, .rc = VET_OK};
  vet_strmap_init(&c.seen);
  if (!rc && vet_minhash_index_count(ix) > 1)
    rc = vet_minhash_index_pairs(ix, on_text_pair, &c, NULL, e);
  vet_strmap_release(&c.seen);
  free(c.values);
  if (!rc)
    rc = c.rc;
  vet_minhash_index_free(ix);
  for (uint32_t w = 0; mh && w < nw; w++)
    vet_minhash_free(mh[w]);
  free(mh);
  free(items);
  free(sigs);
  return rc;
}

vet_err vet_links_collect(struct vet_links *l, const struct vet_email_db *email, struct vet_error *e)
{
  if (l->vals) /* collected already */
    return vet_fail(e, VET_EINVAL, "linking: vet_links_collect called twice");
  struct link_photo_files pf;
  vet_err rc = link_photo_files(l->pop, l->cfg.photo_dir, l->threads, &pf);
  if (!rc)
    rc = collect_all(l, email, &pf);
  take_photo_files(l, &pf);
  link_photo_files_release(&pf);
  uint32_t *tmp = rc ? NULL : malloc((l->pop->n_subjects ? l->pop->n_subjects : 1) * sizeof *tmp);
  if (!rc && !tmp)
    rc = VET_ENOMEM;
  if (!rc)
    rc = shared_exact(l, tmp);
  free(tmp);
  if (!rc)
    rc = shared_photos(l);
  if (!rc)
    rc = shared_texts(l, e);
  if (rc == VET_ENOMEM)
    return vet_fail(e, rc, "linking: out of memory");
  return rc;
}
