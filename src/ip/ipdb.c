/* ip/ipdb.c - the run-time side of IP intelligence: strict address
 * parsing (inet_pton), and the compiled range table (ip/ipdb_format.h)
 * memory-mapped, checked once at open, then searched with no further
 * checks: a lookup is a 16-bit prefix index step and a short binary search.
 * With a MaxMind-format database (ip/mmdb.c), what it knows of the address
 * is overlaid on the table's answer.
 * Owns: a vet_ipdb owns its mapping, its prefix index, its mmdb handle and
 * the "<sources>,mmdb" strings made for it.
 * Thread-safety: a vet_ipdb is immutable once opened; share freely. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/common.h"
#include "ip/ipdb_format.h"
#include "ip/mmdb.h"
#include "vetter/ip.h"
#include "vetter/vetter.h"

/* Longest text an address can take: INET6_ADDRSTRLEN (46) counts the NUL,
 * "::ffff:255.255.255.255" is shorter; anything longer is not an address. */
#define IP_TEXT_MAX 45
/* IPv4 prefix index: one entry per /16 (the top 16 bits), plus one. */
#define V4_INDEX_BITS 16
#define V4_INDEX_SIZE ((1u << V4_INDEX_BITS) + 1)
/* Flags a record may carry (everything else marks a corrupt file). */
#define IP_FLAGS_ALL (VET_IP_VPN | VET_IP_HOSTING | VET_IP_TOR | VET_IP_DPRK | VET_IP_PROVIDER | VET_IP_PRIVATE)
/* The source name of the mmdb in vet_ip_info.sources. */
#define MMDB_SOURCE "mmdb"

struct vet_ipdb {
  const unsigned char *map; /* the whole file */
  size_t size;
  const struct ipdb_header *h;
  const uint32_t *v4_start, *v4_rec;
  const uint64_t *v6_start; /* (high, low) pairs */
  const uint32_t *v6_rec;
  const struct ipdb_record *rec;
  const char *pool;
  uint32_t *v4_index; /* V4_INDEX_SIZE entries: range holding prefix << 16 */
  struct ip_mmdb *mmdb;   /* NULL: no MaxMind-format database */
  /* With an mmdb: the distinct sources strings of the records (pool
   * offsets, sorted) and, for each, "<sources>,mmdb" in msrc_pool, so a
   * lookup names the mmdb without allocating. */
  uint32_t n_msrc;
  uint32_t *msrc_off;
  const char **msrc;
  char *msrc_pool;
};

static const unsigned char v4_mapped_prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

vet_err vet_ip_parse(vet_str text, struct vet_ip_addr *out)
{
  memset(out, 0, sizeof *out);
  vet_str t = vet_str_trim(text);
  if (!t.len || t.len > IP_TEXT_MAX || memchr(t.ptr, '\0', t.len))
    return VET_EPARSE;
  char buf[IP_TEXT_MAX + 1];
  memcpy(buf, t.ptr, t.len);
  buf[t.len] = '\0';
  if (memchr(buf, ':', t.len)) {
    if (inet_pton(AF_INET6, buf, out->b) != 1)
      return VET_EPARSE;
    out->v4 = !memcmp(out->b, v4_mapped_prefix, sizeof v4_mapped_prefix);
    return VET_OK;
  }
  if (inet_pton(AF_INET, buf, out->b + 12) != 1) { /* dotted quad only: no "1.2.3", no hex, no octal */
    memset(out, 0, sizeof *out);
    return VET_EPARSE;
  }
  memcpy(out->b, v4_mapped_prefix, sizeof v4_mapped_prefix);
  out->v4 = true;
  return VET_OK;
}

const char *vet_ip_format(const struct vet_ip_addr *ip, char *buf, size_t cap)
{
  if (!cap)
    return buf;
  buf[0] = '\0';
  bool v4 = !memcmp(ip->b, v4_mapped_prefix, sizeof v4_mapped_prefix);
  if (!inet_ntop(v4 ? AF_INET : AF_INET6, v4 ? ip->b + 12 : ip->b, buf, (socklen_t)(cap > 1024 ? 1024 : cap)))
    buf[0] = '\0';
  return buf;
}

static vet_err check_ranges_v4(const struct vet_ipdb *db, uint32_t n, uint32_t nrec, struct vet_error *e)
{
  if (!n || db->v4_start[0] != 0)
    return vet_fail(e, VET_EPARSE, "IPv4 ranges do not start at 0.0.0.0");
  for (uint32_t i = 0; i < n; i++) {
    if (i && db->v4_start[i] <= db->v4_start[i - 1])
      return vet_fail(e, VET_EPARSE, "IPv4 range %u is out of order", i);
    if (db->v4_rec[i] >= nrec)
      return vet_fail(e, VET_EPARSE, "IPv4 range %u names record %u of %u", i, db->v4_rec[i], nrec);
  }
  return VET_OK;
}

static vet_err check_ranges_v6(const struct vet_ipdb *db, uint32_t n, uint32_t nrec, struct vet_error *e)
{
  if (!n || db->v6_start[0] || db->v6_start[1])
    return vet_fail(e, VET_EPARSE, "IPv6 ranges do not start at ::");
  for (uint32_t i = 0; i < n; i++) {
    if (i) {
      uint64_t ph = db->v6_start[2 * i - 2], pl = db->v6_start[2 * i - 1];
      uint64_t ch = db->v6_start[2 * i], cl = db->v6_start[2 * i + 1];
      if (ch < ph || (ch == ph && cl <= pl))
        return vet_fail(e, VET_EPARSE, "IPv6 range %u is out of order", i);
    }
    if (db->v6_rec[i] >= nrec)
      return vet_fail(e, VET_EPARSE, "IPv6 range %u names record %u of %u", i, db->v6_rec[i], nrec);
  }
  return VET_OK;
}

static vet_err check_records(const struct vet_ipdb *db, uint32_t nrec, uint32_t pool_len, struct vet_error *e)
{
  if (!pool_len || db->pool[0] || db->pool[pool_len - 1])
    return vet_fail(e, VET_EPARSE, "string pool is not NUL-terminated");
  for (uint32_t i = 0; i < nrec; i++) {
    const struct ipdb_record *r = &db->rec[i];
    bool cc_none = !r->cc[0] && !r->cc[1];
    bool cc_ok = r->cc[0] >= 'A' && r->cc[0] <= 'Z' && r->cc[1] >= 'A' && r->cc[1] <= 'Z';
    if (!cc_none && !cc_ok)
      return vet_fail(e, VET_EPARSE, "record %u has a bad country code", i);
    if (r->flags & ~IP_FLAGS_ALL)
      return vet_fail(e, VET_EPARSE, "record %u has unknown flags 0x%x", i, (unsigned)r->flags);
    if (r->org >= pool_len || r->provider >= pool_len || r->sources >= pool_len)
      return vet_fail(e, VET_EPARSE, "record %u points outside the string pool", i);
  }
  return VET_OK;
}

/* The header and every invariant of ipdb_format.h, before any lookup. */
static vet_err validate(struct vet_ipdb *db, struct vet_error *e)
{
  if (db->size < sizeof(struct ipdb_header))
    return vet_fail(e, VET_EPARSE, "truncated: %zu bytes is shorter than the header", db->size);
  const struct ipdb_header *h = (const struct ipdb_header *)db->map;
  if (memcmp(h->magic, IPDB_MAGIC, sizeof h->magic))
    return vet_fail(e, VET_EPARSE, "not a vetter IP table (bad magic)");
  if (h->endian != IPDB_ENDIAN)
    return vet_fail(e, VET_EPARSE, "written on a machine of the other byte order; rebuild it with 'vetter ipdb build'");
  if (h->version != IPDB_VERSION)
    return vet_fail(e, VET_EPARSE, "format version %u, this vetter reads %u; rebuild it with 'vetter ipdb build'",
                    h->version, IPDB_VERSION);
  if (h->file_size != db->size)
    return vet_fail(e, VET_EPARSE, "truncated or padded: header says %llu bytes, file has %zu",
                    (unsigned long long)h->file_size, db->size);
  struct ipdb_layout l = ipdb_layout_of(h->n4, h->n6, h->nrec, h->pool_len);
  if (l.end != db->size)
    return vet_fail(e, VET_EPARSE, "section sizes do not add up to the file size");
  if (ipdb_checksum(db->map + IPDB_SUMMED_FROM, db->size - IPDB_SUMMED_FROM) != h->checksum)
    return vet_fail(e, VET_EPARSE, "checksum mismatch (corrupt file)");
  if (!h->nrec)
    return vet_fail(e, VET_EPARSE, "no records");
  db->h = h;
  db->v4_start = (const uint32_t *)(db->map + l.v4_start);
  db->v4_rec = (const uint32_t *)(db->map + l.v4_rec);
  db->v6_start = (const uint64_t *)(db->map + l.v6_start);
  db->v6_rec = (const uint32_t *)(db->map + l.v6_rec);
  db->rec = (const struct ipdb_record *)(db->map + l.records);
  db->pool = (const char *)(db->map + l.pool);
  vet_err rc = check_ranges_v4(db, h->n4, h->nrec, e);
  if (rc == VET_OK)
    rc = check_ranges_v6(db, h->n6, h->nrec, e);
  if (rc == VET_OK)
    rc = check_records(db, h->nrec, h->pool_len, e);
  return rc;
}

/* Index of the last range whose start is <= key, in [lo, hi]; the caller
 * guarantees v4_start[lo] <= key. */
static inline uint32_t v4_find(const uint32_t *start, uint32_t lo, uint32_t hi, uint32_t key)
{
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo + 1) / 2;
    if (start[mid] <= key)
      lo = mid;
    else
      hi = mid - 1;
  }
  return lo;
}

static void build_v4_index(struct vet_ipdb *db)
{
  uint32_t n = db->h->n4;
  for (uint32_t p = 0; p < V4_INDEX_SIZE - 1; p++)
    db->v4_index[p] = v4_find(db->v4_start, 0, n - 1, p << (32 - V4_INDEX_BITS));
  db->v4_index[V4_INDEX_SIZE - 1] = n - 1;
}

static int cmp_u32(const void *a, const void *b)
{
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return x < y ? -1 : x > y;
}

/* The "<sources>,mmdb" string of each distinct sources string of the
 * records ("mmdb" alone for record 0's ""): the table interns its strings,
 * so there are few. */
static vet_err build_mmdb_sources(struct vet_ipdb *db, struct vet_error *e)
{
  uint32_t nrec = db->h->nrec;
  uint32_t *off = malloc((size_t)nrec * sizeof *off);
  if (!off)
    return vet_fail(e, VET_ENOMEM, "out of memory");
  for (uint32_t i = 0; i < nrec; i++)
    off[i] = db->rec[i].sources;
  qsort(off, nrec, sizeof *off, cmp_u32);
  uint32_t n = 0;
  size_t bytes = 0;
  for (uint32_t i = 0; i < nrec; i++)
    if (!n || off[i] != off[n - 1]) {
      off[n++] = off[i];
      bytes += strlen(db->pool + off[i]) + sizeof("," MMDB_SOURCE);
    }
  db->msrc_off = off;
  db->n_msrc = n;
  db->msrc = malloc((size_t)n * sizeof *db->msrc);
  db->msrc_pool = malloc(bytes);
  if (!db->msrc || !db->msrc_pool)
    return vet_fail(e, VET_ENOMEM, "out of memory");
  char *p = db->msrc_pool;
  for (uint32_t i = 0; i < n; i++) {
    const char *s = db->pool + off[i];
    size_t len = strlen(s);
    db->msrc[i] = p;
    if (len) {
      memcpy(p, s, len);
      p[len++] = ',';
    }
    memcpy(p + len, MMDB_SOURCE, sizeof MMDB_SOURCE);
    p += len + sizeof MMDB_SOURCE;
  }
  return VET_OK;
}

/* sources of the record at pool offset off, with the mmdb named. */
static const char *sources_with_mmdb(const struct vet_ipdb *db, uint32_t off)
{
  uint32_t lo = 0, hi = db->n_msrc;
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (db->msrc_off[mid] < off)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < db->n_msrc && db->msrc_off[lo] == off ? db->msrc[lo] : MMDB_SOURCE;
}

/* What the mmdb knows, over the table's answer in out (record r). */
static void overlay_mmdb(const struct vet_ipdb *db, const struct vet_ip_addr *ip, uint32_t r, struct vet_ip_info *out)
{
  struct ip_mmdb_answer m;
  if (!ip_mmdb_lookup(db->mmdb, ip, &m))
    return;
  out->found = true;
  if (m.country[0]) {
    memcpy(out->country, m.country, sizeof out->country);
    out->country_mmdb = true;
  }
  memcpy(out->city, m.city, sizeof out->city);
  out->has_coords = m.has_coords;
  out->lat = m.lat;
  out->lon = m.lon;
  out->accuracy_km = m.accuracy_km;
  out->sources = sources_with_mmdb(db, db->rec[r].sources);
}

struct vet_ipdb *vet_ipdb_open(const char *path, const char *mmdb_path, struct vet_error *e)
{
  char def[4096];
  if (!path) {
    int n = snprintf(def, sizeof def, "%s/ip/vetter-ip.db", vet_data_dir(NULL));
    if (n < 0 || (size_t)n >= sizeof def) {
      vet_fail(e, VET_ELIMIT, "data directory path is too long");
      return NULL;
    }
    path = def;
  }
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    vet_fail(e, VET_EIO, "ip table '%s': %s (build it with 'vetter ipdb build')", path, strerror(errno));
    return NULL;
  }
  struct stat st;
  if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
    vet_fail(e, VET_EIO, "ip table '%s': not a regular file", path);
    close(fd);
    return NULL;
  }
  struct vet_ipdb *db = calloc(1, sizeof *db);
  if (!db) {
    close(fd);
    vet_fail(e, VET_ENOMEM, "out of memory");
    return NULL;
  }
  db->size = (size_t)st.st_size;
  if (db->size >= sizeof(struct ipdb_header)) {
    void *m = mmap(NULL, db->size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (m == MAP_FAILED) {
      vet_fail(e, VET_EIO, "ip table '%s': mmap: %s", path, strerror(errno));
      close(fd);
      free(db);
      return NULL;
    }
    db->map = m;
  }
  close(fd);
  vet_err rc = validate(db, e);
  if (rc == VET_OK) {
    db->v4_index = malloc(V4_INDEX_SIZE * sizeof *db->v4_index);
    if (!db->v4_index)
      rc = vet_fail(e, VET_ENOMEM, "out of memory");
    else
      build_v4_index(db);
  }
  if (rc != VET_OK) {
    vet_error_prefix(e, "ip table '%s'", path);
    vet_ipdb_close(db);
    return NULL;
  }
  if (mmdb_path && mmdb_path[0]) { /* its messages name the mmdb file */
    db->mmdb = ip_mmdb_open(mmdb_path, e);
    if (!db->mmdb || build_mmdb_sources(db, e) != VET_OK) {
      vet_ipdb_close(db);
      return NULL;
    }
  }
  return db;
}

void vet_ipdb_close(struct vet_ipdb *db)
{
  if (!db)
    return;
  if (db->map)
    munmap((void *)db->map, db->size);
  free(db->v4_index);
  ip_mmdb_close(db->mmdb);
  free(db->msrc_off);
  free(db->msrc);
  free(db->msrc_pool);
  free(db);
}

void vet_ipdb_meta(const struct vet_ipdb *db, struct vet_ipdb_meta *out)
{
  memset(out, 0, sizeof *out);
  if (!db)
    return;
  out->version = db->h->version;
  out->built = db->h->built;
  out->v4_ranges = db->h->n4;
  out->v6_ranges = db->h->n6;
  out->records = db->h->nrec;
  out->has_asn = (db->h->flags & IPDB_HAS_ASN) != 0;
}

static uint64_t load_be64(const uint8_t *p)
{
  uint64_t v = 0;
  for (int i = 0; i < 8; i++)
    v = (v << 8) | p[i];
  return v;
}

void vet_ipdb_lookup(const struct vet_ipdb *db, const struct vet_ip_addr *ip, struct vet_ip_info *out)
{
  memset(out, 0, sizeof *out);
  out->org = out->provider = out->sources = "";
  if (!db)
    return;
  uint32_t r;
  if (!memcmp(ip->b, v4_mapped_prefix, sizeof v4_mapped_prefix)) {
    uint32_t key = (uint32_t)ip->b[12] << 24 | (uint32_t)ip->b[13] << 16 | (uint32_t)ip->b[14] << 8 | ip->b[15];
    uint32_t p = key >> (32 - V4_INDEX_BITS);
    r = db->v4_rec[v4_find(db->v4_start, db->v4_index[p], db->v4_index[p + 1], key)];
  } else {
    uint64_t kh = load_be64(ip->b), kl = load_be64(ip->b + 8);
    uint32_t lo = 0, hi = db->h->n6 - 1;
    const uint64_t *s = db->v6_start;
    while (lo < hi) {
      uint32_t mid = lo + (hi - lo + 1) / 2;
      if (s[2 * mid] < kh || (s[2 * mid] == kh && s[2 * mid + 1] <= kl))
        lo = mid;
      else
        hi = mid - 1;
    }
    r = db->v6_rec[lo];
  }
  if (r) {
    const struct ipdb_record *rec = &db->rec[r];
    out->found = true;
    if (rec->cc[0]) {
      out->country[0] = rec->cc[0];
      out->country[1] = rec->cc[1];
    }
    out->asn = rec->asn;
    out->flags = rec->flags;
    out->org = db->pool + rec->org;
    out->provider = db->pool + rec->provider;
    out->sources = db->pool + rec->sources;
  }
  if (db->mmdb)
    overlay_mmdb(db, ip, r, out);
}
