/* ip/mmdb.c - MaxMind-format databases through libmaxminddb (ip/mmdb.h):
 * opening with clean, file-naming errors, and reading one address's
 * country, city, coordinates and accuracy from either schema in use:
 *   MaxMind's (GeoLite2/GeoIP2 City and Country, DB-IP lite, IPinfo's
 *     GeoLite2-compatible files): country.iso_code (else
 *     registered_country.iso_code), city.names.en, location.latitude,
 *     location.longitude, location.accuracy_radius;
 *   the flat one of the npm @ip-location-db mmdb packages (dbip-city-mmdb, ...): top-level
 *     country_code, city, latitude, longitude (float);
 *   and a top-level "country" holding the code itself (IPinfo's older
 *     country/ASN files).
 * No configuration tells them apart: at open, the first data record of each
 * file says which schema it uses (a top-level country_code: flat; country,
 * city or location maps: MaxMind's), so a lookup walks the record only for
 * that schema's keys (each walk of a record costs, a missing key most); a
 * file whose first record says neither is read both ways.  Lookups use MMDB_lookup_sockaddr
 * and MMDB_aget_value over a const MMDB_s: no allocation, no shared state
 * (MMDB_get_value/MMDB_vget_value are avoided: they allocate the path).
 * Owns: an ip_mmdb owns its MMDB_s handles.
 * Thread-safety: immutable once opened; share freely. */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <maxminddb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include "core/common.h"
#include "ip/mmdb.h"

enum schema { SCHEMA_ANY, SCHEMA_MAXMIND, SCHEMA_FLAT };

struct ip_mmdb {
  unsigned n;                         /* files opened */
  MMDB_s db[IP_MMDB_MAX_FILES];       /* in the order given */
  uint8_t schema[IP_MMDB_MAX_FILES];  /* enum schema of each */
};

/* Search-tree nodes read at most, looking for a first data record at open
 * (real trees reach one within a few hundred). */
#define SCHEMA_PROBE_NODES 4096
/* Deepest search tree (IPv6), plus the root. */
#define TREE_DEPTH_MAX 129

/* Coordinates outside these are not coordinates (a corrupt or odd record). */
#define LAT_LIMIT 90.0
#define LON_LIMIT 180.0

static const unsigned char v4_mapped_prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

/* Lookup paths, NULL-terminated as MMDB_aget_value wants them. */
static const char *const k_country[] = {"country", NULL};
static const char *const k_registered[] = {"registered_country", NULL};
static const char *const k_iso_code[] = {"iso_code", NULL};
static const char *const k_country_code[] = {"country_code", NULL};
static const char *const k_city[] = {"city", NULL};
static const char *const k_names_en[] = {"names", "en", NULL};
static const char *const k_location[] = {"location", NULL};
static const char *const k_latitude[] = {"latitude", NULL};
static const char *const k_longitude[] = {"longitude", NULL};
static const char *const k_accuracy[] = {"accuracy_radius", NULL};

/* libmaxminddb's message, with its first letter lowered when the second is
 * lower case too ("Error opening..." -> "error opening...", "IPv6" kept). */
static void mmdb_message(int status, char *buf, size_t cap)
{
  snprintf(buf, cap, "%s", MMDB_strerror(status));
  if (buf[0] >= 'A' && buf[0] <= 'Z' && buf[1] >= 'a' && buf[1] <= 'z')
    buf[0] = (char)vet_lower(buf[0]);
}

/* The value at path under start; false when absent or unreadable. */
static bool get(MMDB_entry_s *start, const char *const *path, MMDB_entry_data_s *d)
{
  return MMDB_aget_value(start, d, path) == MMDB_SUCCESS && d->has_data;
}

/* A first data record of the tree: depth-first from the root, reading at
 * most SCHEMA_PROBE_NODES nodes (a corrupt tree may loop). */
static bool first_record(const MMDB_s *db, MMDB_entry_s *out)
{
  uint32_t stack[2 * TREE_DEPTH_MAX];
  size_t top = 0;
  stack[top++] = 0;
  for (int budget = SCHEMA_PROBE_NODES; top && budget; budget--) {
    MMDB_search_node_s sn;
    if (MMDB_read_node(db, stack[--top], &sn) != MMDB_SUCCESS)
      continue;
    if (sn.left_record_type == MMDB_RECORD_TYPE_DATA) {
      *out = sn.left_record_entry;
      return true;
    }
    if (sn.right_record_type == MMDB_RECORD_TYPE_DATA) {
      *out = sn.right_record_entry;
      return true;
    }
    if (sn.right_record_type == MMDB_RECORD_TYPE_SEARCH_NODE && top < VET_COUNTOF(stack))
      stack[top++] = (uint32_t)sn.right_record;
    if (sn.left_record_type == MMDB_RECORD_TYPE_SEARCH_NODE && top < VET_COUNTOF(stack))
      stack[top++] = (uint32_t)sn.left_record;
  }
  return false;
}

static enum schema detect_schema(const MMDB_s *db)
{
  MMDB_entry_s rec;
  MMDB_entry_data_s d;
  if (!first_record(db, &rec))
    return SCHEMA_ANY;
  if (get(&rec, k_country_code, &d))
    return SCHEMA_FLAT;
  if (get(&rec, k_country, &d) || get(&rec, k_registered, &d) || get(&rec, k_city, &d) || get(&rec, k_location, &d))
    return SCHEMA_MAXMIND;
  return SCHEMA_ANY;
}

static vet_err open_one(struct ip_mmdb *m, const char *path, struct vet_error *e)
{
  if (m->n == IP_MMDB_MAX_FILES)
    return vet_fail(e, VET_ELIMIT, "mmdb '%s': more than %d files given", path, IP_MMDB_MAX_FILES);
  /* a directory, FIFO or device is refused before open() can block on it */
  struct stat sb;
  if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode))
    return vet_fail(e, VET_EIO, "mmdb '%s': not a regular file", path);
  errno = 0;
  int st = MMDB_open(path, MMDB_MODE_MMAP, &m->db[m->n]);
  int err = errno;
  if (st == MMDB_SUCCESS) {
    m->schema[m->n] = (uint8_t)detect_schema(&m->db[m->n]);
    m->n++;
    return VET_OK;
  }
  char msg[160];
  mmdb_message(st, msg, sizeof msg);
  switch (st) {
  case MMDB_FILE_OPEN_ERROR:
  case MMDB_IO_ERROR:
    if (err)
      return vet_fail(e, VET_EIO, "mmdb '%s': %s (%s)", path, msg, strerror(err));
    return vet_fail(e, VET_EIO, "mmdb '%s': %s", path, msg);
  case MMDB_OUT_OF_MEMORY_ERROR:
    return vet_fail(e, VET_ENOMEM, "mmdb '%s': %s", path, msg);
  default: /* corrupt tree, bad metadata, unknown format, bad data */
    return vet_fail(e, VET_EPARSE, "mmdb '%s': not a valid MaxMind DB: %s", path, msg);
  }
}

struct ip_mmdb *ip_mmdb_open(const char *paths, struct vet_error *e)
{
  struct ip_mmdb *m = calloc(1, sizeof *m);
  if (!m) {
    vet_fail(e, VET_ENOMEM, "out of memory");
    return NULL;
  }
  vet_err rc = VET_OK;
  const char *p = paths ? paths : "";
  while (rc == VET_OK && *p) {
    const char *end = strchr(p, IP_MMDB_PATH_SEP);
    size_t len = end ? (size_t)(end - p) : strlen(p);
    char one[PATH_MAX];
    if (len >= sizeof one)
      rc = vet_fail(e, VET_ELIMIT, "mmdb path '%.40s...' is longer than %d bytes", p, PATH_MAX - 1);
    else if (len) {
      memcpy(one, p, len);
      one[len] = '\0';
      rc = open_one(m, one, e);
    }
    p += len + (end ? 1 : 0);
  }
  if (rc == VET_OK && !m->n)
    rc = vet_fail(e, VET_EINVAL, "mmdb: no file named in '%s'", paths ? paths : "");
  if (rc != VET_OK) {
    ip_mmdb_close(m);
    return NULL;
  }
  return m;
}

void ip_mmdb_close(struct ip_mmdb *m)
{
  if (!m)
    return;
  for (unsigned i = 0; i < m->n; i++)
    MMDB_close(&m->db[i]);
  free(m);
}

/* A map value as the start of further lookups inside it (one walk of the
 * record per top-level key, not per leaf). */
static MMDB_entry_s sub_entry(const MMDB_entry_s *parent, const MMDB_entry_data_s *d)
{
  MMDB_entry_s s = {parent->mmdb, d->offset};
  return s;
}

static bool number(const MMDB_entry_data_s *d, double *out)
{
  switch (d->type) {
  case MMDB_DATA_TYPE_DOUBLE:
    *out = d->double_value;
    break;
  case MMDB_DATA_TYPE_FLOAT:
    *out = d->float_value;
    break;
  case MMDB_DATA_TYPE_UINT16:
    *out = d->uint16;
    break;
  case MMDB_DATA_TYPE_UINT32:
    *out = d->uint32;
    break;
  case MMDB_DATA_TYPE_INT32:
    *out = d->int32;
    break;
  default:
    return false;
  }
  return isfinite(*out);
}

/* A two-letter code, upper-cased into cc; false for anything else. */
static bool country_code(const MMDB_entry_data_s *d, char cc[3])
{
  if (d->type != MMDB_DATA_TYPE_UTF8_STRING || d->data_size != 2)
    return false;
  const char *s = d->utf8_string;
  if (!vet_is_ascii_alpha(s[0]) || !vet_is_ascii_alpha(s[1]))
    return false;
  cc[0] = (char)vet_upper(s[0]);
  cc[1] = (char)vet_upper(s[1]);
  cc[2] = '\0';
  return true;
}

/* The country of a MaxMind-schema map value ({"iso_code": "DE", ...}). */
static bool country_in_map(MMDB_entry_s *rec, const MMDB_entry_data_s *map, char cc[3])
{
  if (map->type != MMDB_DATA_TYPE_MAP)
    return false;
  MMDB_entry_s s = sub_entry(rec, map);
  MMDB_entry_data_s d;
  return get(&s, k_iso_code, &d) && country_code(&d, cc);
}

/* A city name: valid UTF-8 without control characters (it reaches
 * terminals and reports), cut at a character boundary to fit cap. */
static void copy_city(const MMDB_entry_data_s *d, char *out, size_t cap)
{
  out[0] = '\0';
  if (d->type != MMDB_DATA_TYPE_UTF8_STRING || !d->data_size)
    return;
  vet_str s = {d->utf8_string, d->data_size};
  if (!vet_utf8_valid(s, NULL))
    return;
  for (size_t i = 0; i < s.len; i++)
    if ((unsigned char)s.ptr[i] < 0x20 || s.ptr[i] == 0x7f)
      return;
  size_t n = s.len;
  if (n > cap - 1) {
    n = cap - 1;
    while (n && ((unsigned char)s.ptr[n] & 0xc0) == 0x80) /* s.ptr[n] continues a character: cut before it */
      n--;
  }
  memcpy(out, s.ptr, n);
  out[n] = '\0';
}

static void set_coords(double lat, double lon, struct ip_mmdb_answer *out)
{
  if (lat < -LAT_LIMIT || lat > LAT_LIMIT || lon < -LON_LIMIT || lon > LON_LIMIT)
    return;
  out->has_coords = true;
  out->lat = lat;
  out->lon = lon;
}

/* The flat schema: top-level country_code, city, latitude, longitude.
 * Nothing when the record has no country_code key. */
static bool read_flat(MMDB_entry_s *rec, struct ip_mmdb_answer *out)
{
  MMDB_entry_data_s d, la, lo;
  if (!get(rec, k_country_code, &d))
    return false;
  bool have_cc = country_code(&d, out->country);
  if (get(rec, k_city, &d))
    copy_city(&d, out->city, sizeof out->city);
  double lat, lon;
  if (get(rec, k_latitude, &la) && get(rec, k_longitude, &lo) && number(&la, &lat) && number(&lo, &lon))
    set_coords(lat, lon, out);
  return have_cc || out->city[0] || out->has_coords;
}

/* MaxMind's schema: country.iso_code (or a "country" holding the code
 * itself), else registered_country.iso_code; city.names.en; location.*. */
static bool read_maxmind(MMDB_entry_s *rec, struct ip_mmdb_answer *out)
{
  MMDB_entry_data_s d;
  bool have_cc = false;
  if (get(rec, k_country, &d))
    have_cc = d.type == MMDB_DATA_TYPE_MAP ? country_in_map(rec, &d, out->country) : country_code(&d, out->country);
  if (!have_cc && get(rec, k_registered, &d))
    have_cc = country_in_map(rec, &d, out->country);
  if (get(rec, k_city, &d) && d.type == MMDB_DATA_TYPE_MAP) {
    MMDB_entry_s s = sub_entry(rec, &d);
    MMDB_entry_data_s name;
    if (get(&s, k_names_en, &name))
      copy_city(&name, out->city, sizeof out->city);
  }
  if (get(rec, k_location, &d) && d.type == MMDB_DATA_TYPE_MAP) {
    MMDB_entry_s s = sub_entry(rec, &d);
    MMDB_entry_data_s la, lo, a;
    double lat, lon, acc;
    if (get(&s, k_latitude, &la) && get(&s, k_longitude, &lo) && number(&la, &lat) && number(&lo, &lon))
      set_coords(lat, lon, out);
    if (out->has_coords && get(&s, k_accuracy, &a) && number(&a, &acc) && acc > 0)
      out->accuracy_km = acc >= UINT16_MAX ? UINT16_MAX : (uint16_t)acc;
  }
  return have_cc || out->city[0] || out->has_coords;
}

/* Read one record into out; true when anything usable was there. */
static bool read_record(enum schema schema, MMDB_entry_s *rec, struct ip_mmdb_answer *out)
{
  switch (schema) {
  case SCHEMA_FLAT:
    return read_flat(rec, out);
  case SCHEMA_MAXMIND:
    return read_maxmind(rec, out);
  default:
    if (read_flat(rec, out))
      return true;
    memset(out, 0, sizeof *out);
    return read_maxmind(rec, out);
  }
}

bool ip_mmdb_lookup(const struct ip_mmdb *m, const struct vet_ip_addr *ip, struct ip_mmdb_answer *out)
{
  memset(out, 0, sizeof *out);
  if (!m)
    return false;
  bool v4 = !memcmp(ip->b, v4_mapped_prefix, sizeof v4_mapped_prefix);
  union {
    struct sockaddr sa;
    struct sockaddr_in in4;
    struct sockaddr_in6 in6;
  } sa;
  memset(&sa, 0, sizeof sa);
  if (v4) { /* libmaxminddb looks an AF_INET address up under ::/96 in an IPv6 tree */
    sa.in4.sin_family = AF_INET;
    memcpy(&sa.in4.sin_addr, ip->b + 12, 4);
  } else {
    sa.in6.sin6_family = AF_INET6;
    memcpy(&sa.in6.sin6_addr, ip->b, 16);
  }
  for (unsigned i = 0; i < m->n; i++) {
    if (!v4 && m->db[i].metadata.ip_version == 4) /* an IPv4-only file knows no IPv6 address */
      continue;
    int err = MMDB_SUCCESS;
    MMDB_lookup_result_s r = MMDB_lookup_sockaddr(&m->db[i], &sa.sa, &err);
    if (err != MMDB_SUCCESS || !r.found_entry)
      continue;
    if (read_record((enum schema)m->schema[i], &r.entry, out))
      return true;
    memset(out, 0, sizeof *out); /* a record with nothing usable (an ASN file): ask the next file */
  }
  return false;
}
