/* ip/ipdb_build.c - `vetter ipdb build`: compile the IP sources (IPFire
 * country ranges from tor-geoipdb, @ip-location-db/asn ASN ranges, X4BNet
 * VPN and datacenter lists, jhassine cloud ranges, a Tor exit list, the
 * provider file and the IANA special-purpose ranges) into the one range
 * table of ip/ipdb_format.h.
 *
 * Overlaps are resolved here, once: every source range becomes a start and
 * an end event, a sweep over the sorted events cuts the address space into
 * pieces where the set of covering ranges is constant, and each piece gets
 * the union of their flags and sources, the country of the innermost
 * country range, the ASN of the innermost ASN range and the provider of
 * the innermost named range.  Flags given by ASN (X4BNet ASN lists,
 * provider file "AS" lines) are then added to every piece of that ASN.
 * Adjacent pieces with the same record are merged.
 * Owns: everything it allocates, freed before it returns.
 * Thread-safety: safe from any thread (no shared state). */
#include <errno.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "core/common.h"
#include "core/strmap.h"
#include "io/csv.h"
#include "io/lines.h"
#include "io/file.h"
#include "ip/ipdb_format.h"
#include "vetter/arena.h"
#include "vetter/ip.h"

__extension__ typedef unsigned __int128 u128;

/* Longest source line (CIDR lists, geoip, provider file). */
#define BUILD_MAX_LINE 4096
/* Largest CSV source read whole (asn-ipv4.csv is 24 MB). */
#define BUILD_MAX_CSV_BYTES (512u * 1024 * 1024)
/* Malformed lines described through warn per source file; the rest are
 * only counted. */
#define BUILD_MAX_WARN_PER_FILE 5
/* Longest organisation / provider / comment kept. */
#define BUILD_MAX_NAME 200
/* Ranges per family: the reader indexes with uint32_t. */
#define BUILD_MAX_RANGES 0x7fffffffu

/* Source names, as vet_ip_info.sources lists them (bit i = src_names[i]). */
enum src_id {
  SRC_IPFIRE,
  SRC_ASN,
  SRC_VPN,
  SRC_DC,
  SRC_VPN_ASN,
  SRC_DC_ASN,
  SRC_CLOUD,
  SRC_TOR,
  SRC_PROVIDERS,
  SRC_SPECIAL,
  SRC_COUNT
};
static const char *const src_names[SRC_COUNT] = {
    "ipfire",         "ip-location-db", "x4bnet-vpn",     "x4bnet-datacenter", "x4bnet-vpn-asn",
    "x4bnet-dc-asn",  "jhassine-cloud", "tor-exits",      "providers",         "iana-special",
};

enum item_kind { K_COUNTRY, K_ASN, K_FLAG };

struct item {
  u128 start, end; /* inclusive; IPv4 items use the low 32 bits */
  uint32_t value;  /* K_COUNTRY: cc0 << 8 | cc1; K_ASN: AS number */
  uint32_t str;    /* K_ASN: organisation; K_FLAG: provider (pool offsets, 0 none) */
  uint16_t flags;  /* K_FLAG */
  uint8_t src;     /* enum src_id */
  uint8_t kind;    /* enum item_kind */
};

struct items {
  struct item *v;
  uint32_t n, cap;
};

/* Flags given to every address of an AS. */
struct asn_flag {
  uint32_t asn;
  uint16_t flags;
  uint32_t srcs;     /* source bits */
  uint32_t provider; /* pool offset, 0 none */
  uint32_t order;    /* input order, so the first provider named wins */
};

struct builder {
  struct items v4, v6;
  struct asn_flag *af;
  uint32_t naf, caf;
  struct vet_buf pool;    /* NUL-separated strings; offset 0 is "" */
  struct vet_strmap strs; /* string -> pool offset (keys in a) */
  struct vet_strmap recs; /* record bytes -> index (keys in a) */
  struct vet_arena a;
  struct ipdb_record *rec;
  uint32_t nrec, caprec;
  uint32_t src_str[1u << SRC_COUNT]; /* sources mask -> pool offset, 0 not yet */
  vet_ipdb_warn_fn warn;
  void *warn_ud;
  size_t inputs, skipped, file_warned;
  bool has_asn;
  uint8_t cur_src;    /* source of the list being read (CIDR and ASN lists) */
  uint16_t cur_flags; /* flags it gives */
};

/* ---- strings and records ---- */

static vet_err pool_str(struct builder *b, vet_str s, uint32_t *off, struct vet_error *e)
{
  s = vet_str_trim(s);
  if (s.len > BUILD_MAX_NAME)
    s.len = BUILD_MAX_NAME;
  while (s.len && ((unsigned char)s.ptr[s.len - 1] & 0xc0) == 0x80) /* do not cut a UTF-8 sequence */
    s.len--;
  if (s.len && ((unsigned char)s.ptr[s.len - 1] & 0xc0) == 0xc0)
    s.len--;
  if (!s.len || memchr(s.ptr, '\0', s.len)) {
    *off = 0;
    return VET_OK;
  }
  uint32_t *v = vet_strmap_get(&b->strs, s);
  if (v) {
    *off = *v;
    return VET_OK;
  }
  if (b->pool.len + s.len + 1 > UINT32_MAX)
    return vet_fail(e, VET_ELIMIT, "string pool over 4 GiB");
  uint32_t o = (uint32_t)b->pool.len;
  vet_str key = vet_arena_strdup(&b->a, s);
  bool ins;
  if (!key.ptr || vet_buf_append(&b->pool, s) || vet_buf_putc(&b->pool, '\0') ||
      !vet_strmap_put(&b->strs, key, o, &ins))
    return vet_fail(e, VET_ENOMEM, "out of memory");
  *off = o;
  return VET_OK;
}

static vet_err sources_str(struct builder *b, uint32_t mask, uint32_t *off, struct vet_error *e)
{
  if (!mask) {
    *off = 0;
    return VET_OK;
  }
  if (b->src_str[mask]) {
    *off = b->src_str[mask];
    return VET_OK;
  }
  char buf[256];
  size_t len = 0;
  for (int i = 0; i < SRC_COUNT; i++)
    if (mask & (1u << i)) {
      int n = snprintf(buf + len, sizeof buf - len, "%s%s", len ? "," : "", src_names[i]);
      if (n > 0 && (size_t)n < sizeof buf - len)
        len += (size_t)n;
    }
  vet_err rc = pool_str(b, (vet_str){buf, len}, off, e);
  b->src_str[mask] = *off;
  return rc;
}

static vet_err record_index(struct builder *b, const struct ipdb_record *r, uint32_t *idx, struct vet_error *e)
{
  vet_str k = {(const char *)r, sizeof *r};
  uint32_t *v = vet_strmap_get(&b->recs, k);
  if (v) {
    *idx = *v;
    return VET_OK;
  }
  struct ipdb_record *slot = vet_vec_push(&b->rec, &b->nrec, &b->caprec, sizeof *r);
  vet_str key = vet_arena_strdup(&b->a, k);
  bool ins;
  if (!slot || !key.ptr || !vet_strmap_put(&b->recs, key, b->nrec - 1, &ins))
    return vet_fail(e, VET_ENOMEM, "out of memory");
  *slot = *r;
  *idx = b->nrec - 1;
  return VET_OK;
}

/* ---- input helpers ---- */

static void bad_line(struct builder *b, const char *path, size_t line, const char *what)
{
  b->skipped++;
  if (b->warn && b->file_warned++ < BUILD_MAX_WARN_PER_FILE) {
    char msg[512];
    snprintf(msg, sizeof msg, "%s:%zu: %s; line skipped", path, line, what);
    b->warn(b->warn_ud, msg);
  }
}

static u128 addr_key(const struct vet_ip_addr *ip, bool v4)
{
  u128 k = 0;
  for (int i = v4 ? 12 : 0; i < 16; i++)
    k = (k << 8) | ip->b[i];
  return k;
}

/* "a.b.c.d/n", "x::/n", a single address, or "first-last".  *v4 tells the
 * family; start and end are inclusive keys of that family. */
static bool parse_range(vet_str s, u128 *start, u128 *end, bool *v4)
{
  s = vet_str_trim(s);
  size_t slash = vet_str_find(s, "/", false), dash = vet_str_find(s, "-", false);
  struct vet_ip_addr a, z;
  if (dash != SIZE_MAX) {
    if (vet_ip_parse(vet_str_sub(s, 0, dash), &a) || vet_ip_parse(vet_str_sub(s, dash + 1, s.len), &z) ||
        a.v4 != z.v4)
      return false;
    *v4 = a.v4;
    *start = addr_key(&a, a.v4);
    *end = addr_key(&z, z.v4);
    return *start <= *end;
  }
  vet_str addr = slash == SIZE_MAX ? s : vet_str_sub(s, 0, slash);
  if (vet_ip_parse(addr, &a))
    return false;
  *v4 = a.v4;
  unsigned bits = a.v4 ? 32 : 128;
  uint64_t plen = bits;
  if (slash != SIZE_MAX && (vet_parse_u64(vet_str_sub(s, slash + 1, s.len), &plen) || plen > bits))
    return false;
  u128 k = addr_key(&a, a.v4);
  u128 host = plen >= bits ? 0 : (((u128)1 << (bits - plen)) - 1);
  *start = k & ~host;
  *end = *start | host;
  return true;
}

static vet_err add_item(struct builder *b, bool v4, const struct item *it, struct vet_error *e)
{
  struct items *l = v4 ? &b->v4 : &b->v6;
  if (l->n >= BUILD_MAX_RANGES)
    return vet_fail(e, VET_ELIMIT, "more than %u source ranges", BUILD_MAX_RANGES);
  struct item *slot = vet_vec_push(&l->v, &l->n, &l->cap, sizeof *it);
  if (!slot)
    return vet_fail(e, VET_ENOMEM, "out of memory");
  *slot = *it;
  b->inputs++;
  return VET_OK;
}

static vet_err add_flag_range(struct builder *b, vet_str cidr, uint16_t flags, uint8_t src, uint32_t provider,
                              bool *ok, struct vet_error *e)
{
  struct item it = {.kind = K_FLAG, .flags = flags, .src = src, .str = provider};
  bool v4;
  *ok = parse_range(cidr, &it.start, &it.end, &v4);
  return *ok ? add_item(b, v4, &it, e) : VET_OK;
}

static vet_err add_asn_flag(struct builder *b, uint32_t asn, uint16_t flags, uint8_t src, uint32_t provider,
                            struct vet_error *e)
{
  struct asn_flag *f = vet_vec_push(&b->af, &b->naf, &b->caf, sizeof *f);
  if (!f)
    return vet_fail(e, VET_ENOMEM, "out of memory");
  *f = (struct asn_flag){.asn = asn, .flags = flags, .srcs = 1u << src, .provider = provider, .order = b->naf};
  b->inputs++;
  return VET_OK;
}

/* "AS123", "as123" or "123". */
static bool parse_asn(vet_str s, uint32_t *asn)
{
  s = vet_str_trim(s);
  if (vet_str_istarts_with(s, "AS"))
    s = vet_str_sub(s, 2, s.len);
  uint64_t v;
  if (vet_parse_u64(s, &v) || !v || v > UINT32_MAX)
    return false;
  *asn = (uint32_t)v;
  return true;
}

/* Iterate the lines of a text source; fn gets each non-blank line that is
 * not a '#' comment. */
typedef vet_err (*line_fn)(struct builder *b, const char *path, size_t lineno, vet_str line, struct vet_error *e);

static vet_err read_lines(struct builder *b, const char *path, line_fn fn, struct vet_error *e)
{
  if (!path)
    return VET_OK;
  struct vet_lines r;
  vet_err rc = vet_lines_open(&r, path, BUILD_MAX_LINE, e);
  if (rc)
    return rc;
  b->file_warned = 0;
  vet_str line;
  while ((rc = vet_lines_next(&r, &line, e)) != VET_ENOTFOUND) {
    if (rc == VET_ELIMIT) {
      bad_line(b, path, r.lineno, "line too long");
      continue;
    }
    if (rc)
      break;
    vet_str t = vet_str_trim(line);
    if (!t.len || t.ptr[0] == '#')
      continue;
    if ((rc = fn(b, path, r.lineno, t, e)))
      break;
  }
  vet_lines_close(&r);
  return rc == VET_ENOTFOUND ? VET_OK : rc;
}

/* Split at the first sep: head trimmed, *rest after it (empty if none). */
static vet_str split(vet_str s, char sep, vet_str *rest)
{
  const char *p = s.len ? memchr(s.ptr, sep, s.len) : NULL;
  if (!p) {
    *rest = VET_STR_NULL;
    return vet_str_trim(s);
  }
  size_t at = (size_t)(p - s.ptr);
  *rest = vet_str_sub(s, at + 1, s.len);
  return vet_str_trim(vet_str_sub(s, 0, at));
}

/* ---- the sources ---- */

/* tor-geoipdb: "start_int,end_int,CC" (IPv4) or "start6,end6,CC". */
static vet_err geoip_line(struct builder *b, const char *path, size_t lineno, vet_str line, struct vet_error *e)
{
  vet_str rest, f0 = split(line, ',', &rest), f1 = split(rest, ',', &rest), cc = vet_str_trim(rest);
  struct item it = {.kind = K_COUNTRY, .src = SRC_IPFIRE};
  bool v4 = !memchr(f0.ptr, ':', f0.len);
  if (v4) {
    uint64_t s, t;
    if (vet_parse_u64(f0, &s) || vet_parse_u64(f1, &t) || s > t || t > UINT32_MAX) {
      bad_line(b, path, lineno, "bad IPv4 range");
      return VET_OK;
    }
    it.start = s;
    it.end = t;
  } else {
    struct vet_ip_addr a, z;
    if (vet_ip_parse(f0, &a) || vet_ip_parse(f1, &z) || a.v4 || z.v4 ||
        (it.start = addr_key(&a, false)) > (it.end = addr_key(&z, false))) {
      bad_line(b, path, lineno, "bad IPv6 range");
      return VET_OK;
    }
  }
  if (cc.len != 2 || !vet_is_ascii_alpha(cc.ptr[0]) || !vet_is_ascii_alpha(cc.ptr[1])) {
    if (!vet_str_eq_c(cc, "??"))
      bad_line(b, path, lineno, "bad country code");
    return VET_OK; /* "??": IPFire does not know; say nothing */
  }
  it.value = (uint32_t)vet_upper(cc.ptr[0]) << 8 | (uint32_t)vet_upper(cc.ptr[1]);
  return add_item(b, v4, &it, e);
}

/* @ip-location-db/asn: first,last,as_number,as_organization (no header). */
struct csv_ctx {
  struct builder *b;
  const char *path;
};

static vet_err asn_row(void *ud, size_t line, vet_str *f, size_t n, struct vet_error *e)
{
  struct csv_ctx *c = ud;
  struct builder *b = c->b;
  struct item it = {.kind = K_ASN, .src = SRC_ASN};
  struct vet_ip_addr a, z;
  uint32_t asn;
  if (n < 3 || vet_ip_parse(f[0], &a) || vet_ip_parse(f[1], &z) || a.v4 != z.v4 || !parse_asn(f[2], &asn) ||
      (it.start = addr_key(&a, a.v4)) > (it.end = addr_key(&z, z.v4))) {
    bad_line(b, c->path, line, "bad ASN range");
    return VET_OK;
  }
  it.value = asn;
  vet_err rc = n > 3 ? pool_str(b, f[3], &it.str, e) : VET_OK;
  if (rc == VET_OK)
    rc = add_item(b, a.v4, &it, e);
  return rc;
}

/* jhassine datacenters.csv: "cidr","hostmin","hostmax","vendor" (header). */
static vet_err cloud_row(void *ud, size_t line, vet_str *f, size_t n, struct vet_error *e)
{
  struct csv_ctx *c = ud;
  if (line == 1 && n && vet_str_eq_c(vet_str_trim(f[0]), "cidr"))
    return VET_OK;
  uint32_t prov = 0;
  vet_err rc = n >= 4 ? pool_str(c->b, f[3], &prov, e) : VET_OK;
  bool ok = false;
  if (rc == VET_OK && n >= 1)
    rc = add_flag_range(c->b, f[0], VET_IP_HOSTING, SRC_CLOUD, prov, &ok, e);
  if (rc == VET_OK && !ok)
    bad_line(c->b, c->path, line, "bad CIDR");
  return rc;
}

static vet_err read_csv(struct builder *b, const char *path, vet_csv_row_fn fn, struct vet_error *e)
{
  if (!path)
    return VET_OK;
  struct csv_ctx c = {b, path};
  b->file_warned = 0;
  struct vet_csv_opts o = {0};
  return vet_csv_read_file(path, BUILD_MAX_CSV_BYTES, &o, fn, &c, e);
}

/* X4BNet CIDR lists, Tor exits: one CIDR or address a line. */
static vet_err cidr_line(struct builder *b, const char *path, size_t lineno, vet_str line, struct vet_error *e)
{
  vet_str rest, cidr = split(line, '#', &rest);
  bool ok;
  vet_err rc = add_flag_range(b, cidr, b->cur_flags, b->cur_src, 0, &ok, e);
  if (rc == VET_OK && !ok)
    bad_line(b, path, lineno, "bad CIDR or address");
  return rc;
}

/* X4BNet ASN lists: "AS9009 # M247, GB (NordVPN)".  The VPN list's
 * comments name the operator; the datacenter list's are free remarks
 * ("they dont really monitor their network"), so they are not kept. */
static vet_err asnlist_line(struct builder *b, const char *path, size_t lineno, vet_str line, struct vet_error *e)
{
  vet_str comment, head = split(line, '#', &comment);
  uint32_t asn;
  if (!parse_asn(head, &asn)) {
    bad_line(b, path, lineno, "bad AS number");
    return VET_OK;
  }
  uint32_t prov = 0;
  vet_err rc = b->cur_src == SRC_VPN_ASN ? pool_str(b, comment, &prov, e) : VET_OK;
  return rc ? rc : add_asn_flag(b, asn, b->cur_flags, b->cur_src, prov, e);
}

static bool parse_flag_names(vet_str s, uint16_t *flags)
{
  static const struct {
    const char *name;
    uint16_t flag;
  } names[] = {{"vpn", VET_IP_VPN}, {"hosting", VET_IP_HOSTING}, {"tor", VET_IP_TOR}, {"dprk", VET_IP_DPRK},
               {"-", 0}};
  *flags = 0;
  vet_str rest = s;
  while (rest.len) {
    vet_str name = split(rest, ',', &rest);
    size_t i = 0;
    while (i < VET_COUNTOF(names) && !vet_str_ieq_c(name, names[i].name))
      i++;
    if (i == VET_COUNTOF(names))
      return false;
    *flags |= names[i].flag;
  }
  return true;
}

/* data/ip/providers.tsv: MATCH<TAB>FLAGS<TAB>PROVIDER<TAB>SOURCE, MATCH an
 * AS number ("AS131279"), a CIDR or "first-last" (docs/ip.md). */
static vet_err provider_line(struct builder *b, const char *path, size_t lineno, vet_str line, struct vet_error *e)
{
  vet_str rest, match = split(line, '\t', &rest), fl = split(rest, '\t', &rest), name = split(rest, '\t', &rest);
  uint16_t flags;
  if (!parse_flag_names(fl, &flags)) {
    bad_line(b, path, lineno, "bad FLAGS (vpn,hosting,tor,dprk or -)");
    return VET_OK;
  }
  uint32_t prov = 0;
  vet_err rc = pool_str(b, name, &prov, e);
  if (rc)
    return rc;
  if (prov)
    flags |= VET_IP_PROVIDER;
  uint32_t asn;
  if (vet_str_istarts_with(match, "AS") && parse_asn(match, &asn))
    return add_asn_flag(b, asn, flags, SRC_PROVIDERS, prov, e);
  bool ok;
  rc = add_flag_range(b, match, flags, SRC_PROVIDERS, prov, &ok, e);
  if (rc == VET_OK && !ok)
    bad_line(b, path, lineno, "bad MATCH (AS number, CIDR or first-last)");
  return rc;
}

/* IANA special-purpose ranges (RFC 6890 and successors): private, shared,
 * loopback, link-local, documentation, multicast, reserved.  They say
 * nothing of where a person is. */
static const char *const special_ranges[] = {
    "0.0.0.0/8",     "10.0.0.0/8",      "100.64.0.0/10",   "127.0.0.0/8",    "169.254.0.0/16", "172.16.0.0/12",
    "192.0.0.0/24",  "192.0.2.0/24",    "192.168.0.0/16",  "198.18.0.0/15",  "198.51.100.0/24", "203.0.113.0/24",
    "224.0.0.0/4",   "240.0.0.0/4",     "::/128",          "::1/128",        "64:ff9b:1::/48", "100::/64",
    "2001:db8::/32", "fc00::/7",        "fe80::/10",       "ff00::/8",
};

static vet_err add_special(struct builder *b, struct vet_error *e)
{
  for (size_t i = 0; i < VET_COUNTOF(special_ranges); i++) {
    bool ok;
    vet_err rc = add_flag_range(b, vet_str_c(special_ranges[i]), VET_IP_PRIVATE, SRC_SPECIAL, 0, &ok, e);
    if (rc)
      return rc;
  }
  return VET_OK;
}

/* ---- the sweep ---- */

struct event {
  u128 pos;      /* start, or end + 1 */
  u128 size;     /* end - start, to push wider ranges first */
  uint32_t item;
  uint32_t is_end;
};

static int cmp_event(const void *pa, const void *pb)
{
  const struct event *a = pa, *b = pb;
  if (a->pos != b->pos)
    return a->pos < b->pos ? -1 : 1;
  if (a->is_end != b->is_end)
    return a->is_end ? -1 : 1;
  if (a->size != b->size) /* wider first: the innermost ends up on top */
    return a->size > b->size ? -1 : 1;
  return a->item < b->item ? -1 : a->item > b->item;
}

static int cmp_asn_flag(const void *pa, const void *pb)
{
  const struct asn_flag *a = pa, *b = pb;
  if (a->asn != b->asn)
    return a->asn < b->asn ? -1 : 1;
  return a->order < b->order ? -1 : a->order > b->order;
}

/* Active ranges of one kind, innermost last. */
struct stack {
  uint32_t *v;
  uint32_t n, cap;
};

static bool stack_push(struct stack *s, uint32_t item)
{
  uint32_t *slot = vet_vec_push(&s->v, &s->n, &s->cap, sizeof *slot);
  if (!slot)
    return false;
  *slot = item;
  return true;
}

static void stack_remove(struct stack *s, uint32_t item)
{
  for (uint32_t i = s->n; i-- > 0;)
    if (s->v[i] == item) {
      memmove(s->v + i, s->v + i + 1, (s->n - i - 1) * sizeof *s->v);
      s->n--;
      return;
    }
}

/* The ranges a family ends up with. */
struct out_ranges {
  u128 *start;
  uint32_t *rec;
  uint32_t n, cap;
};

static vet_err emit(struct out_ranges *o, u128 start, uint32_t rec, struct vet_error *e)
{
  if (o->n && o->rec[o->n - 1] == rec)
    return VET_OK; /* same record: the previous range goes on */
  if (o->n == o->cap) {
    uint32_t ncap = o->cap ? o->cap * 2 : 1024;
    if (ncap > BUILD_MAX_RANGES)
      return vet_fail(e, VET_ELIMIT, "more than %u ranges", BUILD_MAX_RANGES);
    u128 *s = realloc(o->start, (size_t)ncap * sizeof *s);
    if (s)
      o->start = s;
    uint32_t *r = s ? realloc(o->rec, (size_t)ncap * sizeof *r) : NULL;
    if (!r)
      return vet_fail(e, VET_ENOMEM, "out of memory");
    o->rec = r;
    o->cap = ncap;
  }
  o->start[o->n] = start;
  o->rec[o->n] = rec;
  o->n++;
  return VET_OK;
}

static const struct asn_flag *find_asn_flag(const struct builder *b, uint32_t asn)
{
  size_t lo = 0, hi = b->naf;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (b->af[mid].asn < asn)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < b->naf && b->af[lo].asn == asn ? &b->af[lo] : NULL;
}

/* The record of the piece covered by the active ranges. */
static vet_err piece_record(struct builder *b, const struct items *l, struct stack *st, const uint32_t *flag_count,
                            const uint32_t *src_count, uint32_t *idx, struct vet_error *e)
{
  struct ipdb_record r;
  memset(&r, 0, sizeof r);
  uint32_t srcs = 0;
  for (int i = 0; i < SRC_COUNT; i++)
    if (src_count[i])
      srcs |= 1u << i;
  for (int i = 0; i < 16; i++)
    if (flag_count[i])
      r.flags |= (uint16_t)(1u << i);
  if (st[K_COUNTRY].n) {
    const struct item *it = &l->v[st[K_COUNTRY].v[st[K_COUNTRY].n - 1]];
    r.cc[0] = (char)(it->value >> 8);
    r.cc[1] = (char)(it->value & 0xff);
  }
  if (st[K_ASN].n) {
    const struct item *it = &l->v[st[K_ASN].v[st[K_ASN].n - 1]];
    r.asn = it->value;
    r.org = it->str;
  }
  /* the provider of the innermost named range; the provider file first */
  for (uint32_t i = st[K_FLAG].n; i-- > 0 && !r.provider;) {
    const struct item *it = &l->v[st[K_FLAG].v[i]];
    if (it->str && it->src == SRC_PROVIDERS)
      r.provider = it->str;
  }
  for (uint32_t i = st[K_FLAG].n; i-- > 0 && !r.provider;)
    if (l->v[st[K_FLAG].v[i]].str)
      r.provider = l->v[st[K_FLAG].v[i]].str;
  if (r.asn) {
    const struct asn_flag *f = find_asn_flag(b, r.asn);
    for (; f && f < b->af + b->naf && f->asn == r.asn; f++) {
      r.flags |= f->flags;
      srcs |= f->srcs;
      if (!r.provider && f->provider)
        r.provider = f->provider;
    }
  }
  if (!r.flags && !r.cc[0] && !r.asn) {
    *idx = 0; /* nothing known */
    return VET_OK;
  }
  vet_err rc = sources_str(b, srcs, &r.sources, e);
  return rc ? rc : record_index(b, &r, idx, e);
}

static vet_err sweep(struct builder *b, const struct items *l, u128 max, struct out_ranges *o, struct vet_error *e)
{
  size_t nev = 0;
  struct event *ev = malloc(((size_t)l->n * 2 + 1) * sizeof *ev);
  struct stack st[3] = {{0}};
  uint32_t flag_count[16] = {0}, src_count[SRC_COUNT] = {0};
  vet_err rc = VET_OK;
  if (!ev)
    return vet_fail(e, VET_ENOMEM, "out of memory");
  for (uint32_t i = 0; i < l->n; i++) {
    const struct item *it = &l->v[i];
    ev[nev++] = (struct event){.pos = it->start, .size = it->end - it->start, .item = i, .is_end = 0};
    if (it->end < max)
      ev[nev++] = (struct event){.pos = it->end + 1, .size = it->end - it->start, .item = i, .is_end = 1};
  }
  qsort(ev, nev, sizeof *ev, cmp_event);
  if (!nev || ev[0].pos != 0)
    rc = emit(o, 0, 0, e);
  for (size_t i = 0; i < nev && rc == VET_OK;) {
    u128 pos = ev[i].pos;
    for (; i < nev && ev[i].pos == pos; i++) {
      const struct item *it = &l->v[ev[i].item];
      int sign = ev[i].is_end ? -1 : 1;
      if (it->kind == K_FLAG) {
        for (int f = 0; f < 16; f++)
          if (it->flags & (1u << f))
            flag_count[f] += (uint32_t)sign;
        src_count[it->src] += (uint32_t)sign;
      } else {
        src_count[it->src] += (uint32_t)sign;
      }
      if (ev[i].is_end)
        stack_remove(&st[it->kind], ev[i].item);
      else if (!stack_push(&st[it->kind], ev[i].item))
        rc = vet_fail(e, VET_ENOMEM, "out of memory");
    }
    uint32_t rec = 0;
    if (rc == VET_OK)
      rc = piece_record(b, l, st, flag_count, src_count, &rec, e);
    if (rc == VET_OK)
      rc = emit(o, pos, rec, e);
  }
  for (int k = 0; k < 3; k++)
    free(st[k].v);
  free(ev);
  return rc;
}

/* ---- writing ---- */

static vet_err write_table(struct builder *b, const struct out_ranges *o4, const struct out_ranges *o6,
                           const char *path, struct vet_error *e)
{
  struct ipdb_layout l = ipdb_layout_of(o4->n, o6->n, b->nrec, b->pool.len);
  unsigned char *img = calloc(1, l.end);
  if (!img)
    return vet_fail(e, VET_ENOMEM, "out of memory");
  uint32_t *v4s = (uint32_t *)(img + l.v4_start), *v4r = (uint32_t *)(img + l.v4_rec);
  uint64_t *v6s = (uint64_t *)(img + l.v6_start);
  uint32_t *v6r = (uint32_t *)(img + l.v6_rec);
  for (uint32_t i = 0; i < o4->n; i++) {
    v4s[i] = (uint32_t)o4->start[i];
    v4r[i] = o4->rec[i];
  }
  for (uint32_t i = 0; i < o6->n; i++) {
    v6s[2 * i] = (uint64_t)(o6->start[i] >> 64);
    v6s[2 * i + 1] = (uint64_t)o6->start[i];
    v6r[i] = o6->rec[i];
  }
  memcpy(img + l.records, b->rec, (size_t)b->nrec * sizeof *b->rec);
  memcpy(img + l.pool, b->pool.ptr, b->pool.len);
  struct ipdb_header h;
  memset(&h, 0, sizeof h);
  memcpy(h.magic, IPDB_MAGIC, sizeof h.magic);
  h.version = IPDB_VERSION;
  h.endian = IPDB_ENDIAN;
  h.file_size = l.end;
  h.built = (uint64_t)time(NULL);
  h.n4 = o4->n;
  h.n6 = o6->n;
  h.nrec = b->nrec;
  h.pool_len = (uint32_t)b->pool.len;
  h.flags = b->has_asn ? IPDB_HAS_ASN : 0;
  memcpy(img, &h, sizeof h);
  h.checksum = ipdb_checksum(img + IPDB_SUMMED_FROM, l.end - IPDB_SUMMED_FROM);
  memcpy(img, &h, sizeof h);

  vet_err rc = vet_file_write_atomic(path, &(vet_str){(const char *)img, l.end}, 1, e);
  if (rc)
    vet_error_prefix(e, "ip table");
  free(img);
  return rc;
}

vet_err vet_ipdb_build(const struct vet_ipdb_sources *src, const char *out_path, vet_ipdb_warn_fn warn,
                       void *warn_ud, struct vet_ipdb_build_stats *stats, struct vet_error *e)
{
  if (!src || !out_path)
    return vet_fail(e, VET_EINVAL, "ipdb build: no sources or no output path");
  struct builder *b = calloc(1, sizeof *b);
  if (!b)
    return vet_fail(e, VET_ENOMEM, "out of memory");
  b->warn = warn;
  b->warn_ud = warn_ud;
  vet_buf_init(&b->pool, UINT32_MAX);
  vet_strmap_init(&b->strs);
  vet_strmap_init(&b->recs);
  vet_arena_init(&b->a, 64 * 1024);
  struct out_ranges o4 = {0}, o6 = {0};
  vet_err rc = vet_buf_putc(&b->pool, '\0') ? vet_fail(e, VET_ENOMEM, "out of memory") : VET_OK;
  struct ipdb_record none;
  memset(&none, 0, sizeof none);
  uint32_t idx0;
  if (rc == VET_OK)
    rc = record_index(b, &none, &idx0, e); /* record 0: nothing known */
  static const struct {
    size_t off; /* of the path in struct vet_ipdb_sources */
    uint8_t src;
    uint16_t flags;
  } lists[] = {
      {offsetof(struct vet_ipdb_sources, vpn4), SRC_VPN, VET_IP_VPN},
      {offsetof(struct vet_ipdb_sources, vpn6), SRC_VPN, VET_IP_VPN},
      {offsetof(struct vet_ipdb_sources, dc4), SRC_DC, VET_IP_HOSTING},
      {offsetof(struct vet_ipdb_sources, dc6), SRC_DC, VET_IP_HOSTING},
      {offsetof(struct vet_ipdb_sources, tor_exits), SRC_TOR, VET_IP_TOR},
  };
  if (rc == VET_OK)
    rc = read_lines(b, src->geoip4, geoip_line, e);
  if (rc == VET_OK)
    rc = read_lines(b, src->geoip6, geoip_line, e);
  if (rc == VET_OK)
    rc = read_csv(b, src->asn4, asn_row, e);
  if (rc == VET_OK)
    rc = read_csv(b, src->asn6, asn_row, e);
  b->has_asn = src->asn4 || src->asn6;
  for (size_t i = 0; i < VET_COUNTOF(lists) && rc == VET_OK; i++) {
    b->cur_src = lists[i].src;
    b->cur_flags = lists[i].flags;
    rc = read_lines(b, *(const char *const *)((const char *)src + lists[i].off), cidr_line, e);
  }
  /* the provider file first, so its names win over the list comments */
  if (rc == VET_OK)
    rc = read_lines(b, src->providers, provider_line, e);
  b->cur_src = SRC_VPN_ASN;
  b->cur_flags = VET_IP_VPN;
  if (rc == VET_OK)
    rc = read_lines(b, src->vpn_asn, asnlist_line, e);
  b->cur_src = SRC_DC_ASN;
  b->cur_flags = VET_IP_HOSTING;
  if (rc == VET_OK)
    rc = read_lines(b, src->dc_asn, asnlist_line, e);
  if (rc == VET_OK)
    rc = read_csv(b, src->cloud_csv, cloud_row, e);
  if (rc == VET_OK)
    rc = add_special(b, e);
  if (rc == VET_OK) {
    if (b->naf)
      qsort(b->af, b->naf, sizeof *b->af, cmp_asn_flag);
    rc = sweep(b, &b->v4, (u128)UINT32_MAX, &o4, e);
  }
  if (rc == VET_OK)
    rc = sweep(b, &b->v6, ~(u128)0, &o6, e);
  if (rc == VET_OK)
    rc = write_table(b, &o4, &o6, out_path, e);
  if (stats) {
    memset(stats, 0, sizeof *stats);
    stats->inputs = b->inputs;
    stats->skipped = b->skipped;
    stats->v4_ranges = o4.n;
    stats->v6_ranges = o6.n;
    stats->records = b->nrec;
    stats->has_asn = b->has_asn;
  }
  free(o4.start);
  free(o4.rec);
  free(o6.start);
  free(o6.rec);
  free(b->v4.v);
  free(b->v6.v);
  free(b->af);
  free(b->rec);
  vet_buf_release(&b->pool);
  vet_strmap_release(&b->strs);
  vet_strmap_release(&b->recs);
  vet_arena_release(&b->a);
  free(b);
  return rc;
}
