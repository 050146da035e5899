/* test_mmdb.c - MaxMind-format databases (ip/mmdb.c, through
 * vet_ipdb_open/vet_ipdb_lookup and `vetter ip --mmdb`).  Debian has no
 * mmdb writer, so the fixtures are written at test time by the test-only
 * writer of mmdb_writer.c; the first test checks that writer against
 * libmaxminddb and the mmdblookup command, so the fixtures are real
 * databases.  Then, over the range table compiled from tests/data/ip (as
 * test_ip.c builds it): the overlay of country (overriding the table's),
 * city and coordinates in MaxMind's schema (GeoLite2/DB-IP/IPinfo) and in
 * the flat one of the @ip-location-db packages; addresses the mmdb does not
 * know keep the table's answer; IPv4 in an IPv6 tree, IPv6 in an IPv4-only
 * file, two files in one path; city names cut at a character boundary and
 * odd values refused; missing, garbage, truncated and corrupted files give
 * a clean error naming the file (or, when libmaxminddb still opens them,
 * sane answers); lookups from several threads; and the CLI. */
#include <jansson.h>
#include <math.h>
#include <maxminddb.h>
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ip/mmdb.h"
#include "mmdb_writer.h"
#include "testutil.h"
#include "vetter/ip.h"

#define FX VET_TEST_DATA "/ip/"
/* Coordinates are compared to this (the flat schema stores float32). */
#define COORD_EPS 1e-4
#define N_THREADS 4
#define THREAD_ROUNDS 200

static const struct vet_ipdb_sources fixture_sources = {
    .geoip4 = FX "geoip",
    .geoip6 = FX "geoip6",
    .asn4 = FX "asn-ipv4.csv",
    .asn6 = FX "asn-ipv6.csv",
    .vpn4 = FX "x4bnet_vpn_ipv4.txt",
    .vpn6 = FX "x4bnet_vpn_ipv6.txt",
    .dc4 = FX "x4bnet_datacenter_ipv4.txt",
    .dc6 = FX "x4bnet_datacenter_ipv6.txt",
    .vpn_asn = FX "x4bnet_vpn_ASN.txt",
    .dc_asn = FX "x4bnet_datacenter_ASN.txt",
    .cloud_csv = FX "jhassine_datacenters.csv",
    .tor_exits = FX "tor_exit_nodes.txt",
    .providers = FX "providers.tsv",
};

/* The files every test uses, made once by the group setup. */
static struct {
  char dir[TU_PATH_MAX];
  char table[128];   /* the range table compiled from tests/data/ip */
  char maxmind[128]; /* MaxMind schema, IPv6 tree (IPv4 under ::/96), 28-bit records */
  char flat4[128];   /* @ip-location-db schema, IPv4-only, 24-bit records */
  char flat6[128];   /* @ip-location-db schema, IPv6-only (nothing under ::/96) */
  char mixed[128];   /* first record in neither schema, then one of each: read both ways */
  char both[300];    /* flat4:flat6 */
} F;

/* ---- writing the fixtures ---- */

/* One network of the MaxMind-schema fixture.  Key order and shapes follow
 * GeoLite2-City: maps of names, a continent to step over, the country map
 * shared through a pointer when a code repeats (as real files do). */
struct mm_rec {
  const char *cidr;
  const char *cc;     /* country.iso_code; NULL: no country map */
  const char *reg_cc; /* registered_country.iso_code; NULL: none */
  const char *city;   /* city.names.en; NULL: no city */
  bool loc;           /* a location map */
  double lat, lon;
  uint16_t acc;       /* location.accuracy_radius; 0: left out */
  const char *extra;  /* a record with only this key (an ASN-like record): nothing usable */
};

/* 62 ASCII bytes then "é" (2 bytes): 64 bytes, so the cut falls inside é. */
#define CITY_62A "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define CITY_CUT2 CITY_62A "\xc3\xa9"
/* 61 ASCII bytes then "€" (3 bytes): the cut falls after its second byte. */
#define CITY_61C "ccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc"
#define CITY_CUT3 CITY_61C "\xe2\x82\xac"
/* Exactly 63 bytes: fits. */
#define CITY_63 "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
_Static_assert(sizeof CITY_63 == VET_IP_CITY_MAX && sizeof CITY_CUT2 - 1 == VET_IP_CITY_MAX &&
                   sizeof CITY_CUT3 - 1 == VET_IP_CITY_MAX,
               "the city cases are sized to vet_ip_info.city");

static const struct mm_rec maxmind_recs[] = {
    {"192.0.2.0/24", NULL, NULL, NULL, false, 0, 0, 0, "note"}, /* a 3000-byte note: later offsets pass 2048 */
    {"8.8.8.0/24", "US", "US", "Mountain View", true, 37.386, -122.0838, 1000, NULL},
    {"1.1.1.0/24", "US", "AU", "Los Angeles", true, 34.0544, -118.244, 50, NULL},
    {"175.45.176.0/22", "KP", "KP", "Pyongyang", true, 39.0339, 125.7543, 50, NULL},
    {"175.45.179.0/24", "KP", NULL, NULL, false, 0, 0, 0, NULL}, /* inside the /22: country only */
    {"9.9.9.0/24", "CH", "CH", "Z\xc3\xbcrich", true, 47.3664, 8.5546, 100, NULL},
    {"102.130.113.0/24", NULL, "ZA", NULL, false, 0, 0, 0, NULL}, /* registered country only */
    {"5.253.204.0/24", NULL, NULL, NULL, false, 0, 0, 0, "autonomous_system_number"},
    {"198.51.100.0/26", "de", NULL, CITY_CUT2, true, 91.0, 10.0, 5, NULL}, /* lower-case code; latitude out of range */
    {"198.51.100.64/26", "DE", NULL, CITY_63, true, 0.0, 0.0, 0, NULL},
    {"198.51.100.128/26", "D1", "DE", "\xff\xfe", false, 0, 0, 0, NULL}, /* bad code: registered; bad UTF-8 */
    {"198.51.100.192/26", "FR", NULL, "Bad\nName", true, NAN, 2.35, 10, NULL},
    {"198.51.101.0/24", "FR", NULL, CITY_CUT3, true, -33.8688, 151.2093, 25, NULL},
    {"2001:4860::/32", "US", "US", "Mountain View", true, 37.386, -122.0838, 100, NULL},
    {"2a03:2880::/29", "IE", "US", "Dublin", true, 53.3382, -6.2591, 20, NULL},
};

/* Offsets of the country maps written so far, to point at instead of repeating. */
struct cc_seen {
  char cc[3];
  uint32_t off;
};

static void put_country(struct mmw *w, const char *cc, struct cc_seen *seen, size_t *n_seen)
{
  struct mmw_buf *d = mmw_data(w);
  for (size_t i = 0; i < *n_seen; i++)
    if (!strcmp(seen[i].cc, cc)) {
      mmw_ptr(d, seen[i].off);
      return;
    }
  if (*n_seen < 16) {
    snprintf(seen[*n_seen].cc, sizeof seen[*n_seen].cc, "%s", cc);
    seen[(*n_seen)++].off = mmw_here(w);
  }
  mmw_map(d, 3);
  mmw_str(d, "geoname_id");
  mmw_u32(d, 6252001);
  mmw_str(d, "iso_code");
  mmw_str(d, cc);
  mmw_str(d, "names");
  mmw_map(d, 2);
  mmw_str(d, "de");
  mmw_str(d, "Land");
  mmw_str(d, "en");
  mmw_str(d, "Country");
}

static void put_maxmind(struct mmw *w, const struct mm_rec *r, struct cc_seen *seen, size_t *n_seen)
{
  struct mmw_buf *d = mmw_data(w);
  uint32_t off = mmw_here(w);
  if (r->extra) {
    mmw_map(d, 1);
    mmw_str(d, r->extra);
    if (!strcmp(r->extra, "note")) {
      static char note[3001];
      memset(note, 'n', sizeof note - 1);
      mmw_str(d, note);
    } else {
      mmw_u32(d, 9009);
    }
    mmw_insert(w, r->cidr, off);
    return;
  }
  uint32_t keys = 1 + (r->city != NULL) + (r->cc != NULL) + r->loc + (r->reg_cc != NULL);
  mmw_map(d, keys);
  if (r->city) {
    mmw_str(d, "city");
    mmw_map(d, 2);
    mmw_str(d, "geoname_id");
    mmw_u32(d, 5375480);
    mmw_str(d, "names");
    mmw_map(d, 3);
    mmw_str(d, "de");
    mmw_str(d, "Stadt");
    mmw_str(d, "en");
    mmw_str(d, r->city);
    mmw_str(d, "ja");
    mmw_str(d, "\xe5\xb8\x82");
  }
  mmw_str(d, "continent");
  mmw_map(d, 2);
  mmw_str(d, "code");
  mmw_str(d, "XX");
  mmw_str(d, "names");
  mmw_map(d, 1);
  mmw_str(d, "en");
  mmw_str(d, "Somewhere");
  if (r->cc) {
    mmw_str(d, "country");
    put_country(w, r->cc, seen, n_seen);
  }
  if (r->loc) {
    mmw_str(d, "location");
    mmw_map(d, r->acc ? 4 : 3);
    if (r->acc) {
      mmw_str(d, "accuracy_radius");
      mmw_u16(d, r->acc);
    }
    mmw_str(d, "latitude");
    mmw_double(d, r->lat);
    mmw_str(d, "longitude");
    mmw_double(d, r->lon);
    mmw_str(d, "time_zone");
    mmw_str(d, "Etc/UTC");
  }
  if (r->reg_cc) {
    mmw_str(d, "registered_country");
    put_country(w, r->reg_cc, seen, n_seen);
  }
  mmw_insert(w, r->cidr, off);
}

/* One network of the flat fixtures, as sapics/ip-location-to-mmdb writes
 * the city files: strings for everything, float32 coordinates when known. */
struct flat_rec {
  const char *cidr, *cc, *city;
  bool loc;
  float lat, lon;
};

static const struct flat_rec flat4_recs[] = {
    {"8.8.8.0/24", "US", "Mountain View", true, 37.4056f, -122.0775f},
    {"175.45.176.0/22", "KP", "Pyongyang", true, 39.0339f, 125.7543f},
    {"1.1.1.0/24", "AU", "", false, 0, 0}, /* country only */
    {"9.9.9.0/24", "", "", false, 0, 0},   /* nothing usable */
};
static const struct flat_rec flat6_recs[] = {
    {"2001:4860::/32", "US", "Mountain View", true, 37.4056f, -122.0775f},
    {"2a03:2880::/29", "IE", "Dublin", true, 53.3382f, -6.2591f},
};

static void put_flat(struct mmw *w, const struct flat_rec *r)
{
  struct mmw_buf *d = mmw_data(w);
  uint32_t off = mmw_here(w);
  mmw_map(d, r->loc ? 8 : 6);
  mmw_str(d, "city");
  mmw_str(d, r->city);
  mmw_str(d, "country_code");
  mmw_str(d, r->cc);
  if (r->loc) {
    mmw_str(d, "latitude");
    mmw_float(d, r->lat);
    mmw_str(d, "longitude");
    mmw_float(d, r->lon);
  }
  mmw_str(d, "postcode");
  mmw_str(d, "");
  mmw_str(d, "state1");
  mmw_str(d, "State");
  mmw_str(d, "state2");
  mmw_str(d, "");
  mmw_str(d, "timezone");
  mmw_str(d, "Etc/UTC");
  mmw_insert(w, r->cidr, off);
}

static void write_flat(const char *path, int ipv, const struct flat_rec *recs, size_t n)
{
  struct mmw *w = mmw_new(ipv, 24, ipv == 4 ? "city ipv4" : "city ipv6");
  for (size_t i = 0; i < n; i++)
    put_flat(w, &recs[i]);
  mmw_write(w, path);
  mmw_free(w);
}

static int group_setup(void **state)
{
  (void)state;
  tu_temp_dir(F.dir, sizeof F.dir);
  snprintf(F.table, sizeof F.table, "%s/vetter-ip.db", F.dir);
  snprintf(F.maxmind, sizeof F.maxmind, "%s/GeoLite2-City-test.mmdb", F.dir);
  snprintf(F.flat4, sizeof F.flat4, "%s/dbip-city-ipv4.mmdb", F.dir);
  snprintf(F.flat6, sizeof F.flat6, "%s/dbip-city-ipv6.mmdb", F.dir);
  snprintf(F.both, sizeof F.both, "%s:%s", F.flat4, F.flat6);
  snprintf(F.mixed, sizeof F.mixed, "%s/mixed.mmdb", F.dir);
  struct vet_error e = {0};
  if (vet_ipdb_build(&fixture_sources, F.table, NULL, NULL, NULL, &e) != VET_OK) {
    fprintf(stderr, "test_mmdb: cannot build the fixture table: %s\n", e.msg);
    return -1;
  }
  struct mmw *w = mmw_new(6, 28, "GeoLite2-City");
  struct cc_seen seen[16];
  size_t n_seen = 0;
  for (size_t i = 0; i < VET_COUNTOF(maxmind_recs); i++)
    put_maxmind(w, &maxmind_recs[i], seen, &n_seen);
  mmw_write(w, F.maxmind);
  mmw_free(w);
  write_flat(F.flat4, 4, flat4_recs, VET_COUNTOF(flat4_recs));
  write_flat(F.flat6, 6, flat6_recs, VET_COUNTOF(flat6_recs));
  /* the schema is told from the first record at open: here it says neither */
  w = mmw_new(4, 32, "mixed");
  n_seen = 0;
  static const struct mm_rec asn_first = {"1.0.0.0/24", NULL, NULL, NULL, false, 0, 0, 0, "autonomous_system_number"};
  put_maxmind(w, &asn_first, seen, &n_seen);
  put_flat(w, &flat4_recs[0]);        /* 8.8.8.0/24 */
  put_maxmind(w, &maxmind_recs[5], seen, &n_seen); /* 9.9.9.0/24 */
  mmw_write(w, F.mixed);
  mmw_free(w);
  return 0;
}

static int group_teardown(void **state)
{
  (void)state;
  tu_rm_rf(F.dir);
  return 0;
}

/* ---- the writer, checked against libmaxminddb and mmdblookup ---- */

static void must_get(MMDB_entry_s *en, MMDB_entry_data_s *d, const char *const *path, uint32_t type)
{
  int st = MMDB_aget_value(en, d, path);
  if (st != MMDB_SUCCESS || !d->has_data || d->type != type)
    fail_msg("'%s': status %d (%s), has_data %d, type %u, want type %u", path[0], st, MMDB_strerror(st), d->has_data,
             d->type, type);
}

static void test_writer(void **state)
{
  (void)state;
  static const struct {
    int ipv, rs;
  } shapes[] = {{4, 24}, {4, 28}, {4, 32}, {6, 24}, {6, 28}, {6, 32}};
  static char big[600001]; /* pushes a value past 526,336 bytes: the 3-byte pointer form */
  memset(big, 'z', sizeof big - 1);
  for (size_t s = 0; s < VET_COUNTOF(shapes); s++) {
    struct mmw *w = mmw_new(shapes[s].ipv, shapes[s].rs, "Writer-Test");
    struct mmw_buf *d = mmw_data(w);
    uint32_t outer = mmw_here(w);
    mmw_map(d, 1);
    mmw_str(d, "v");
    mmw_str(d, "outer");
    mmw_str(d, big + sizeof big - 1 - 3000); /* 3000 bytes: size form 30 */
    uint32_t mid = mmw_here(w);               /* > 2048: 2-byte pointer form */
    mmw_str(d, "mid");
    mmw_str(d, big); /* 600,000 bytes: size form 31 */
    uint32_t far = mmw_here(w);
    mmw_str(d, "far");
    uint32_t inner = mmw_here(w);
    mmw_map(d, 12);
    mmw_str(d, "v");
    mmw_str(d, "inner");
    mmw_str(d, "u16");
    mmw_u16(d, 443);
    mmw_str(d, "u32");
    mmw_u32(d, 4000000000u);
    mmw_str(d, "u64");
    mmw_u64(d, 1ull << 40);
    mmw_str(d, "zero");
    mmw_u32(d, 0);
    mmw_str(d, "d");
    mmw_double(d, -122.0838);
    mmw_str(d, "f");
    mmw_float(d, 52.52f);
    mmw_str(d, "b");
    mmw_bool(d, 1);
    mmw_str(d, "arr");
    mmw_array(d, 2);
    mmw_u16(d, 7);
    mmw_str(d, "x");
    mmw_str(d, "near");
    mmw_ptr(d, outer);
    mmw_str(d, "mid");
    mmw_ptr(d, mid);
    mmw_str(d, "far");
    mmw_ptr(d, far);
    mmw_insert(w, "10.0.0.0/8", outer);
    mmw_insert(w, "10.1.0.0/16", inner); /* splits the /8 */
    if (shapes[s].ipv == 6)
      mmw_insert(w, "2001:db8::/32", inner);
    char path[TU_PATH_MAX];
    tu_temp_file(path, sizeof path, "", 0);
    mmw_write(w, path);
    mmw_free(w);

    MMDB_s db;
    int st = MMDB_open(path, MMDB_MODE_MMAP, &db);
    if (st != MMDB_SUCCESS)
      fail_msg("ipv%d/%d bits: MMDB_open: %s", shapes[s].ipv, shapes[s].rs, MMDB_strerror(st));
    assert_int_equal(db.metadata.ip_version, shapes[s].ipv);
    assert_int_equal(db.metadata.record_size, shapes[s].rs);
    assert_int_equal(db.metadata.binary_format_major_version, 2);
    assert_string_equal(db.metadata.database_type, "Writer-Test");
    assert_int_equal(db.metadata.languages.count, 1);
    assert_string_equal(db.metadata.languages.names[0], "en");
    assert_int_equal(db.metadata.description.count, 1);
    static const struct {
      const char *ip;
      bool found;
      const char *v;     /* the "v" string */
      uint16_t netmask;  /* as libmaxminddb reports it (IPv4 in an IPv6 tree: +96) */
    } looks[] = {
        {"10.1.2.3", true, "inner", 16}, {"10.1.255.255", true, "inner", 16}, {"10.0.0.1", true, "outer", 16},
        {"10.200.0.1", true, "outer", 9}, {"11.0.0.1", false, NULL, 0},     {"9.255.255.255", false, NULL, 0},
    };
    for (size_t i = 0; i < VET_COUNTOF(looks); i++) {
      int gai, mst;
      MMDB_lookup_result_s r = MMDB_lookup_string(&db, looks[i].ip, &gai, &mst);
      assert_int_equal(gai, 0);
      assert_int_equal(mst, MMDB_SUCCESS);
      if (r.found_entry != looks[i].found)
        fail_msg("ipv%d/%d: %s: found %d", shapes[s].ipv, shapes[s].rs, looks[i].ip, r.found_entry);
      if (!looks[i].found)
        continue;
      assert_int_equal(r.netmask, looks[i].netmask + (shapes[s].ipv == 6 ? 96 : 0));
      MMDB_entry_data_s v;
      must_get(&r.entry, &v, (const char *const[]){"v", NULL}, MMDB_DATA_TYPE_UTF8_STRING);
      assert_int_equal(v.data_size, strlen(looks[i].v));
      assert_memory_equal(v.utf8_string, looks[i].v, v.data_size);
    }
    int gai, mst;
    MMDB_lookup_result_s r = MMDB_lookup_string(&db, "10.1.0.1", &gai, &mst);
    assert_true(r.found_entry);
    MMDB_entry_data_s v;
    must_get(&r.entry, &v, (const char *const[]){"u16", NULL}, MMDB_DATA_TYPE_UINT16);
    assert_int_equal(v.uint16, 443);
    must_get(&r.entry, &v, (const char *const[]){"u32", NULL}, MMDB_DATA_TYPE_UINT32);
    assert_int_equal(v.uint32, 4000000000u);
    must_get(&r.entry, &v, (const char *const[]){"u64", NULL}, MMDB_DATA_TYPE_UINT64);
    assert_int_equal(v.uint64, 1ull << 40);
    must_get(&r.entry, &v, (const char *const[]){"zero", NULL}, MMDB_DATA_TYPE_UINT32);
    assert_int_equal(v.uint32, 0);
    must_get(&r.entry, &v, (const char *const[]){"d", NULL}, MMDB_DATA_TYPE_DOUBLE);
    assert_true(v.double_value == -122.0838);
    must_get(&r.entry, &v, (const char *const[]){"f", NULL}, MMDB_DATA_TYPE_FLOAT);
    assert_true(v.float_value == 52.52f);
    must_get(&r.entry, &v, (const char *const[]){"b", NULL}, MMDB_DATA_TYPE_BOOLEAN);
    assert_true(v.boolean);
    must_get(&r.entry, &v, (const char *const[]){"arr", "1", NULL}, MMDB_DATA_TYPE_UTF8_STRING);
    assert_memory_equal(v.utf8_string, "x", 1);
    must_get(&r.entry, &v, (const char *const[]){"near", "v", NULL}, MMDB_DATA_TYPE_UTF8_STRING);
    assert_memory_equal(v.utf8_string, "outer", 5);
    must_get(&r.entry, &v, (const char *const[]){"mid", NULL}, MMDB_DATA_TYPE_UTF8_STRING);
    assert_true(mid > 2048);
    assert_memory_equal(v.utf8_string, "mid", 3);
    must_get(&r.entry, &v, (const char *const[]){"far", NULL}, MMDB_DATA_TYPE_UTF8_STRING);
    assert_true(far > 526336);
    assert_memory_equal(v.utf8_string, "far", 3);
    r = MMDB_lookup_string(&db, "2001:db8::1", &gai, &mst);
    if (shapes[s].ipv == 6) {
      assert_int_equal(mst, MMDB_SUCCESS);
      assert_true(r.found_entry);
      assert_int_equal(r.netmask, 32);
    } else {
      assert_int_equal(mst, MMDB_IPV6_LOOKUP_IN_IPV4_DATABASE_ERROR);
    }
    MMDB_close(&db);

    /* the mmdblookup command (Debian mmdb-bin) reads it the same way */
    if (access("/usr/bin/mmdblookup", X_OK) == 0) {
      char cmd[256];
      int status;
      snprintf(cmd, sizeof cmd, "mmdblookup --verbose --file %s --ip 10.1.2.3 near v 2>&1", path);
      char *out = tu_run(cmd, &status);
      if (status || !strstr(out, "\"outer\" <utf8_string>") || !strstr(out, "Binary format: 2.0"))
        fail_msg("mmdblookup (status %d):\n%s", status, out);
      free(out);
      snprintf(cmd, sizeof cmd, "mmdblookup --file %s --ip 10.1.2.3 u32 2>&1", path);
      out = tu_run(cmd, &status);
      if (status || !strstr(out, "4000000000 <uint32>"))
        fail_msg("mmdblookup (status %d):\n%s", status, out);
      free(out);
    } else if (s == 0) {
      fprintf(stderr, "test_mmdb: mmdblookup (Debian mmdb-bin) not installed: only libmaxminddb checks the writer\n");
    }
    unlink(path);
  }
}

/* ---- the overlay ---- */

struct want {
  const char *ip;
  bool known;       /* the mmdb says something of it */
  const char *cc;   /* country after the overlay */
  bool cc_mmdb;     /* ... and it is the mmdb's */
  const char *city;
  bool coords;
  double lat, lon;
  uint16_t acc;
};

/* Looks up each address with and without the mmdb: the table's own fields
 * must come through untouched, sources must gain ",mmdb" exactly when the
 * mmdb knows the address, and the mmdb fields must be as wanted. */
static void check_overlay(const char *mmdb_path, const struct want *w, size_t n)
{
  struct vet_error e = {0};
  struct vet_ipdb *plain = vet_ipdb_open(F.table, NULL, &e);
  if (!plain)
    fail_msg("open: %s", e.msg);
  struct vet_ipdb *db = vet_ipdb_open(F.table, mmdb_path, &e);
  if (!db)
    fail_msg("open with '%s': %s", mmdb_path, e.msg);
  for (size_t i = 0; i < n; i++) {
    struct vet_ip_addr a;
    if (vet_ip_parse(vet_str_c(w[i].ip), &a))
      fail_msg("'%s' does not parse", w[i].ip);
    struct vet_ip_info t, in;
    vet_ipdb_lookup(plain, &a, &t);
    vet_ipdb_lookup(db, &a, &in);
    assert_false(t.has_coords);
    assert_string_equal(t.city, "");
    /* the table's fields, untouched */
    if (in.asn != t.asn || strcmp(in.org, t.org) || in.flags != t.flags || strcmp(in.provider, t.provider))
      fail_msg("%s: the table's fields changed (AS%u '%s' 0x%x)", w[i].ip, in.asn, in.org, in.flags);
    char want_src[512];
    if (!w[i].known)
      snprintf(want_src, sizeof want_src, "%s", t.sources);
    else
      snprintf(want_src, sizeof want_src, "%s%smmdb", t.sources, t.sources[0] ? "," : "");
    bool ok = in.found == (t.found || w[i].known) && !strcmp(in.sources, want_src) && !strcmp(in.country, w[i].cc) &&
              in.country_mmdb == w[i].cc_mmdb && !strcmp(in.city, w[i].city) && in.has_coords == w[i].coords &&
              in.accuracy_km == w[i].acc;
    if (ok && w[i].coords)
      ok = fabs(in.lat - w[i].lat) < COORD_EPS && fabs(in.lon - w[i].lon) < COORD_EPS;
    if (!ok)
      fail_msg("%s: got found=%d cc='%s'%s city='%s' coords=%d (%g, %g) acc=%u sources='%s'; "
               "want found=%d cc='%s'%s city='%s' coords=%d (%g, %g) acc=%u sources='%s'",
               w[i].ip, in.found, in.country, in.country_mmdb ? " (mmdb)" : "", in.city, in.has_coords, in.lat, in.lon,
               in.accuracy_km, in.sources, t.found || w[i].known, w[i].cc, w[i].cc_mmdb ? " (mmdb)" : "", w[i].city,
               w[i].coords, w[i].lat, w[i].lon, w[i].acc, want_src);
  }
  vet_ipdb_close(db);
  vet_ipdb_close(plain);
}

static void test_maxmind_schema(void **state)
{
  (void)state;
  static const struct want w[] = {
      {"8.8.8.8", true, "US", true, "Mountain View", true, 37.386, -122.0838, 1000},
      /* the table says AU: the configured mmdb overrides it */
      {"1.1.1.1", true, "US", true, "Los Angeles", true, 34.0544, -118.244, 50},
      {"175.45.176.1", true, "KP", true, "Pyongyang", true, 39.0339, 125.7543, 50},
      /* the nested /24: its country through a pointer, nothing else */
      {"175.45.179.255", true, "KP", true, "", false, 0, 0, 0},
      /* unknown to the table, known to the mmdb; a UTF-8 name */
      {"9.9.9.9", true, "CH", true, "Z\xc3\xbcrich", true, 47.3664, 8.5546, 100},
      /* registered_country when there is no country */
      {"102.130.113.9", true, "ZA", true, "", false, 0, 0, 0},
      /* records with nothing usable: the table's answer as is */
      {"5.253.204.77", false, "LU", false, "", false, 0, 0, 0},
      {"192.0.2.1", false, "", false, "", false, 0, 0, 0},
      /* outside every network of the mmdb */
      {"8.8.4.4", false, "US", false, "", false, 0, 0, 0},
      {"52.95.0.1", false, "US", false, "", false, 0, 0, 0},
      {"10.0.0.1", false, "", false, "", false, 0, 0, 0},
      /* lower-case code upper-cased; the name cut before the 2-byte é; latitude 91 refused (and its accuracy) */
      {"198.51.100.1", true, "DE", true, CITY_62A, false, 0, 0, 0},
      /* 63 bytes fit; (0, 0) is a place; no accuracy given */
      {"198.51.100.64", true, "DE", true, CITY_63, true, 0, 0, 0},
      /* "D1" is no code: the registered country; bad UTF-8: no name */
      {"198.51.100.130", true, "DE", true, "", false, 0, 0, 0},
      /* a control character: no name; NaN latitude: no coordinates */
      {"198.51.100.200", true, "FR", true, "", false, 0, 0, 0},
      /* the name cut before the 3-byte €; southern and eastern coordinates */
      {"198.51.101.7", true, "FR", true, CITY_61C, true, -33.8688, 151.2093, 25},
      /* IPv6 */
      {"2001:4860:4860::8888", true, "US", true, "Mountain View", true, 37.386, -122.0838, 100},
      {"2a03:2880:f12f:83:face:b00c:0:25de", true, "IE", true, "Dublin", true, 53.3382, -6.2591, 20},
      {"2001:ac8:1::1", false, "", false, "", false, 0, 0, 0},
      {"::1", false, "", false, "", false, 0, 0, 0},
      /* ::ffff:a.b.c.d is the IPv4 address */
      {"::ffff:9.9.9.9", true, "CH", true, "Z\xc3\xbcrich", true, 47.3664, 8.5546, 100},
  };
  check_overlay(F.maxmind, w, VET_COUNTOF(w));
}

static const struct want flat4_wants[] = {
    {"8.8.8.8", true, "US", true, "Mountain View", true, 37.4056, -122.0775, 0},
    {"175.45.177.9", true, "KP", true, "Pyongyang", true, 39.0339, 125.7543, 0},
    {"1.1.1.1", true, "AU", true, "", false, 0, 0, 0}, /* country only (the same as the table's) */
    {"9.9.9.9", false, "", false, "", false, 0, 0, 0},  /* empty country and city: nothing usable */
    {"102.130.113.9", false, "ZA", false, "", false, 0, 0, 0},
};
static const struct want flat6_wants[] = {
    {"2001:4860:4860::8888", true, "US", true, "Mountain View", true, 37.4056, -122.0775, 0},
    {"2a03:2880:f12f:83:face:b00c:0:25de", true, "IE", true, "Dublin", true, 53.3382, -6.2591, 0},
    {"2001:ac8:1::1", false, "", false, "", false, 0, 0, 0},
};

static void test_flat_schema(void **state)
{
  (void)state;
  check_overlay(F.flat4, flat4_wants, VET_COUNTOF(flat4_wants));
  /* an IPv6 address in an IPv4-only file: simply unknown */
  static const struct want v6_in_v4[] = {
      {"2001:4860:4860::8888", false, "US", false, "", false, 0, 0, 0},
      {"::1", false, "", false, "", false, 0, 0, 0},
  };
  check_overlay(F.flat4, v6_in_v4, VET_COUNTOF(v6_in_v4));
  check_overlay(F.flat6, flat6_wants, VET_COUNTOF(flat6_wants));
  /* an IPv6-only file without IPv4 under ::/96: IPv4 addresses are unknown */
  static const struct want v4_in_v6[] = {
      {"8.8.8.8", false, "US", false, "", false, 0, 0, 0},
  };
  check_overlay(F.flat6, v4_in_v6, VET_COUNTOF(v4_in_v6));
  /* both files in one path, as the npm packages ship them */
  check_overlay(F.both, flat4_wants, VET_COUNTOF(flat4_wants));
  check_overlay(F.both, flat6_wants, VET_COUNTOF(flat6_wants));
  /* the MaxMind file first, then the flat one: the first that knows answers */
  char two[300];
  snprintf(two, sizeof two, "%s:%s", F.maxmind, F.flat4);
  static const struct want first[] = {
      {"8.8.8.8", true, "US", true, "Mountain View", true, 37.386, -122.0838, 1000},
      {"5.253.204.77", false, "LU", false, "", false, 0, 0, 0}, /* nothing usable in either */
  };
  check_overlay(two, first, VET_COUNTOF(first));
  /* a file whose first record is in neither schema: each record read both ways */
  static const struct want mixed[] = {
      {"1.0.0.1", false, "", false, "", false, 0, 0, 0},
      {"8.8.8.8", true, "US", true, "Mountain View", true, 37.4056, -122.0775, 0},
      {"9.9.9.9", true, "CH", true, "Z\xc3\xbcrich", true, 47.3664, 8.5546, 100},
  };
  check_overlay(F.mixed, mixed, VET_COUNTOF(mixed));
  /* "" is no mmdb at all */
  struct vet_error e = {0};
  struct vet_ipdb *db = vet_ipdb_open(F.table, "", &e);
  assert_non_null(db);
  struct vet_ip_addr a;
  struct vet_ip_info in;
  assert_int_equal(vet_ip_parse(VET_LIT("9.9.9.9"), &a), VET_OK);
  vet_ipdb_lookup(db, &a, &in);
  assert_false(in.found);
  vet_ipdb_close(db);
}

/* ---- bad files ---- */

static void expect_open_error(const char *mmdb_path, vet_err want1, vet_err want2, const char *must_name)
{
  struct vet_error e = {0};
  struct vet_ipdb *db = vet_ipdb_open(F.table, mmdb_path, &e);
  if (db)
    fail_msg("'%s': opened", mmdb_path);
  if (e.code != want1 && e.code != want2)
    fail_msg("'%s': got %s (%s), want %s", mmdb_path, vet_err_name(e.code), e.msg, vet_err_name(want1));
  if (must_name && !strstr(e.msg, must_name))
    fail_msg("'%s': message '%s' does not name the file", mmdb_path, e.msg);
}

/* Whatever a damaged file gives must still be sane. */
static void check_sane(const struct vet_ip_info *in)
{
  bool cc_ok = !in->country[0] || (in->country[0] >= 'A' && in->country[0] <= 'Z' && in->country[1] >= 'A' &&
                                   in->country[1] <= 'Z' && !in->country[2]);
  size_t len = strnlen(in->city, sizeof in->city);
  assert_true(cc_ok);
  assert_true(len < sizeof in->city);
  assert_true(vet_utf8_valid((vet_str){in->city, len}, NULL));
  if (in->has_coords)
    assert_true(fabs(in->lat) <= 90 && fabs(in->lon) <= 180);
  else
    assert_int_equal(in->accuracy_km, 0);
  assert_non_null(in->sources);
}

static const char *const probe_ips[] = {"8.8.8.8",     "1.1.1.1",        "9.9.9.9", "175.45.177.1", "198.51.100.1",
                                        "198.51.101.1", "2001:4860::1", "2a03:2880::1", "::", "255.255.255.255"};

static void probe(const struct ip_mmdb *m)
{
  for (size_t i = 0; i < VET_COUNTOF(probe_ips); i++) {
    struct vet_ip_addr a;
    assert_int_equal(vet_ip_parse(vet_str_c(probe_ips[i]), &a), VET_OK);
    struct ip_mmdb_answer ans;
    bool known = ip_mmdb_lookup(m, &a, &ans);
    struct vet_ip_info in = {.sources = ""};
    memcpy(in.country, ans.country, sizeof in.country);
    memcpy(in.city, ans.city, sizeof in.city);
    in.has_coords = ans.has_coords;
    in.lat = ans.lat;
    in.lon = ans.lon;
    in.accuracy_km = ans.accuracy_km;
    check_sane(&in);
    if (!known)
      assert_true(!in.country[0] && !in.city[0] && !in.has_coords);
  }
}

static void test_bad_files(void **state)
{
  (void)state;
  /* missing, a directory, empty, not an mmdb */
  expect_open_error("/nonexistent/GeoLite2-City.mmdb", VET_EIO, VET_EIO, "'/nonexistent/GeoLite2-City.mmdb'");
  expect_open_error(F.dir, VET_EIO, VET_EIO, F.dir);
  char fifo[TU_PATH_MAX + 8];
  snprintf(fifo, sizeof fifo, "%s/fifo", F.dir);
  assert_int_equal(mkfifo(fifo, 0600), 0);
  expect_open_error(fifo, VET_EIO, VET_EIO, fifo); /* refused, not waited on */
  unlink(fifo);
  char bad[TU_PATH_MAX];
  tu_temp_file(bad, sizeof bad, "", 0);
  expect_open_error(bad, VET_EIO, VET_EPARSE, bad);
  unlink(bad);
  tu_temp_text(bad, sizeof bad, "hello, this is not a MaxMind database\n");
  expect_open_error(bad, VET_EPARSE, VET_EPARSE, bad);
  struct vet_error e = {0};
  struct vet_ipdb *db = vet_ipdb_open(F.table, bad, &e);
  assert_null(db);
  assert_non_null(strstr(e.msg, "not a valid MaxMind DB"));
  /* a bad file second in a list is named, not the good first one */
  char list[300];
  snprintf(list, sizeof list, "%s:%s", F.flat4, bad);
  expect_open_error(list, VET_EPARSE, VET_EPARSE, bad);
  unlink(bad);
  /* lists: only separators; more than IP_MMDB_MAX_FILES files; a piece over PATH_MAX */
  expect_open_error("::", VET_EINVAL, VET_EINVAL, NULL);
  char many[800];
  snprintf(many, sizeof many, "%s:%s:%s:%s:%s", F.flat4, F.flat4, F.flat4, F.flat4, F.flat4);
  expect_open_error(many, VET_ELIMIT, VET_ELIMIT, NULL);
  char *longp = malloc(5000);
  assert_non_null(longp);
  memset(longp, 'x', 4999);
  longp[4999] = '\0';
  expect_open_error(longp, VET_ELIMIT, VET_ELIMIT, NULL);
  free(longp);
  /* the table is still checked first: a bad table names the table */
  db = vet_ipdb_open("/nonexistent/vetter-ip.db", F.flat4, &e);
  assert_null(db);
  assert_non_null(strstr(e.msg, "ip table"));

  /* truncated at every byte: a clean error naming the file, never a crash */
  const char *images[] = {F.flat4, F.maxmind};
  for (size_t f = 0; f < VET_COUNTOF(images); f++) {
    size_t len;
    char *img = tu_read_file(images[f], &len);
    size_t step = f == 0 ? 1 : 7; /* every byte of the small file; a spread over the larger */
    for (size_t cut = 0; cut < len; cut += step) {
      tu_temp_file(bad, sizeof bad, img, cut);
      expect_open_error(bad, VET_EPARSE, VET_EIO, bad);
      unlink(bad);
    }
    /* one flipped byte anywhere: either refused cleanly, or answers stay sane */
    size_t opened = 0;
    for (size_t at = 0; at < len; at += step) {
      img[at] ^= 0x5a;
      tu_temp_file(bad, sizeof bad, img, len);
      memset(&e, 0, sizeof e);
      struct ip_mmdb *m = ip_mmdb_open(bad, &e);
      if (m) {
        opened++;
        probe(m);
        ip_mmdb_close(m);
      } else if ((e.code != VET_EPARSE && e.code != VET_EIO) || !strstr(e.msg, bad)) {
        fail_msg("byte %zu flipped: %s (%s)", at, vet_err_name(e.code), e.msg);
      }
      unlink(bad);
      img[at] ^= 0x5a;
    }
    assert_true(opened > 0); /* most flips land in the tree or data, which open does not read */
    free(img);
  }
}

/* ---- threads ---- */

struct thread_arg {
  const struct vet_ipdb *db;
  const struct vet_ip_info *want; /* one per probe_ips */
  int mismatches;
};

static void *thread_main(void *p)
{
  struct thread_arg *t = p;
  for (int round = 0; round < THREAD_ROUNDS; round++)
    for (size_t i = 0; i < VET_COUNTOF(probe_ips); i++) {
      struct vet_ip_addr a;
      struct vet_ip_info in;
      if (vet_ip_parse(vet_str_c(probe_ips[i]), &a) != VET_OK) {
        t->mismatches++;
        continue;
      }
      vet_ipdb_lookup(t->db, &a, &in);
      if (memcmp(&in, &t->want[i], sizeof in))
        t->mismatches++;
    }
  return NULL;
}

static void test_threads(void **state)
{
  (void)state;
  struct vet_error e = {0};
  struct vet_ipdb *db = vet_ipdb_open(F.table, F.maxmind, &e);
  if (!db)
    fail_msg("open: %s", e.msg);
  struct vet_ip_info want[VET_COUNTOF(probe_ips)];
  for (size_t i = 0; i < VET_COUNTOF(probe_ips); i++) {
    struct vet_ip_addr a;
    assert_int_equal(vet_ip_parse(vet_str_c(probe_ips[i]), &a), VET_OK);
    vet_ipdb_lookup(db, &a, &want[i]);
  }
  pthread_t th[N_THREADS];
  struct thread_arg args[N_THREADS];
  for (int i = 0; i < N_THREADS; i++) {
    args[i] = (struct thread_arg){db, want, 0};
    assert_int_equal(pthread_create(&th[i], NULL, thread_main, &args[i]), 0);
  }
  for (int i = 0; i < N_THREADS; i++) {
    pthread_join(th[i], NULL);
    assert_int_equal(args[i].mismatches, 0);
  }
  vet_ipdb_close(db);
}

/* ---- the CLI ---- */

/* The JSON line of address addr in out; fails when absent.  Caller decrefs. */
static json_t *json_line(const char *out, const char *addr)
{
  const char *p = out;
  while (*p) {
    const char *nl = strchr(p, '\n');
    size_t len = nl ? (size_t)(nl - p) : strlen(p);
    json_t *j = json_loadb(p, len, 0, NULL);
    if (j && !strcmp(json_string_value(json_object_get(j, "address")) ? json_string_value(json_object_get(j, "address"))
                                                                       : "",
                     addr))
      return j;
    json_decref(j);
    p += len + (nl ? 1 : 0);
  }
  fail_msg("no JSON line for %s in:\n%s", addr, out);
  return NULL;
}

static void test_cli(void **state)
{
  (void)state;
  char cmd[1024];
  int status;
  snprintf(cmd, sizeof cmd, "%s ip --db %s --mmdb %s --json 9.9.9.9 1.1.1.1 10.0.0.1", VET_CLI, F.table, F.maxmind);
  char *out = tu_run(cmd, &status);
  assert_int_equal(status, 0);
  json_t *j = json_line(out, "9.9.9.9");
  assert_true(json_is_true(json_object_get(j, "found")));
  assert_string_equal(json_string_value(json_object_get(j, "country")), "CH");
  assert_string_equal(json_string_value(json_object_get(j, "country_source")), "mmdb");
  assert_string_equal(json_string_value(json_object_get(j, "city")), "Z\xc3\xbcrich");
  assert_true(fabs(json_real_value(json_object_get(j, "lat")) - 47.3664) < COORD_EPS);
  assert_true(fabs(json_real_value(json_object_get(j, "lon")) - 8.5546) < COORD_EPS);
  assert_int_equal(json_integer_value(json_object_get(j, "accuracy_km")), 100);
  assert_string_equal(json_string_value(json_array_get(json_object_get(j, "sources"), 0)), "mmdb");
  json_decref(j);
  j = json_line(out, "1.1.1.1");
  assert_string_equal(json_string_value(json_object_get(j, "country")), "US");
  assert_int_equal(json_integer_value(json_object_get(j, "asn")), 13335); /* the table's AS stays */
  json_decref(j);
  j = json_line(out, "10.0.0.1"); /* unknown to the mmdb: every key present, null */
  assert_true(json_is_null(json_object_get(j, "city")));
  assert_true(json_is_null(json_object_get(j, "lat")));
  assert_true(json_is_null(json_object_get(j, "accuracy_km")));
  assert_true(json_is_null(json_object_get(j, "country_source")));
  json_decref(j);
  free(out);

  /* the table output has the city, coordinates and accuracy */
  snprintf(cmd, sizeof cmd, "%s ip --db %s --mmdb %s 9.9.9.9 8.8.8.8", VET_CLI, F.table, F.maxmind);
  out = tu_run(cmd, &status);
  assert_int_equal(status, 0);
  if (!strstr(out, "CITY") || !strstr(out, "Z\xc3\xbcrich") || !strstr(out, "47.3664,8.5546 (100 km)") ||
      !strstr(out, "Mountain View"))
    fail_msg("table output:\n%s", out);
  free(out);

  /* ip.mmdb of a config file; --mmdb '' overrides it with none */
  char conf[TU_PATH_MAX], text[400];
  snprintf(text, sizeof text, "# test\nip.mmdb = %s\n", F.both);
  tu_temp_text(conf, sizeof conf, text);
  snprintf(cmd, sizeof cmd, "%s ip --config %s --db %s --json 8.8.8.8 2001:4860::1", VET_CLI, conf, F.table);
  out = tu_run(cmd, &status);
  assert_int_equal(status, 0);
  j = json_line(out, "2001:4860::1");
  assert_string_equal(json_string_value(json_object_get(j, "city")), "Mountain View");
  json_decref(j);
  free(out);
  snprintf(cmd, sizeof cmd, "%s ip --config %s --mmdb '' --db %s --json 8.8.8.8", VET_CLI, conf, F.table);
  out = tu_run(cmd, &status);
  assert_int_equal(status, 0);
  j = json_line(out, "8.8.8.8");
  assert_null(json_object_get(j, "city")); /* no mmdb: the keys of before */
  assert_null(json_object_get(j, "lat"));
  json_decref(j);
  free(out);
  unlink(conf);

  /* a missing mmdb: status 1, the file named */
  snprintf(cmd, sizeof cmd, "%s ip --db %s --mmdb /nonexistent/x.mmdb 8.8.8.8 2>&1", VET_CLI, F.table);
  out = tu_run(cmd, &status);
  assert_int_equal(status, 1);
  if (!strstr(out, "mmdb '/nonexistent/x.mmdb'"))
    fail_msg("message:\n%s", out);
  free(out);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_writer),    cmocka_unit_test(test_maxmind_schema), cmocka_unit_test(test_flat_schema),
      cmocka_unit_test(test_bad_files), cmocka_unit_test(test_threads),        cmocka_unit_test(test_cli),
  };
  return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
