/* test_ip.c - ip/ipdb.c and ip/ipdb_build.c: strict address parsing and
 * formatting; a table compiled from small fixtures cut from the real
 * sources (tests/data/ip/) and looked up at known addresses (a Tor exit,
 * the M247/NordVPN range, an AWS range, the DPRK /22, Google, private and
 * IPv6 addresses); overlap resolution; truncated and corrupt tables;
 * and the full table the build compiles (data/ip/vetter-ip.db). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/common.h"
#include "testutil.h"
#include "vetter/ip.h"

#define FX VET_TEST_DATA "/ip/"

static void test_parse(void **state)
{
  (void)state;
  static const struct {
    const char *in;
    bool ok, v4;
    const char *fmt; /* vet_ip_format of the result */
  } cases[] = {
      {"203.0.113.7", true, true, "203.0.113.7"},
      {"  8.8.8.8\r\n", true, true, "8.8.8.8"},
      {"0.0.0.0", true, true, "0.0.0.0"},
      {"255.255.255.255", true, true, "255.255.255.255"},
      {"2001:db8::1", true, false, "2001:db8::1"},
      {"::ffff:203.0.113.7", true, true, "203.0.113.7"},
      {"::", true, false, "::"},
      {"2001:DB8:0:0:0:0:0:1", true, false, "2001:db8::1"},
      {"", false, false, ""},
      {"   ", false, false, ""},
      {"1.2.3", false, false, ""},
      {"1.2.3.4.5", false, false, ""},
      {"256.1.1.1", false, false, ""},
      {"01.2.3.4", false, false, ""}, /* no octal */
      {"0x7f.0.0.1", false, false, ""},
      {"1.2.3.4:80", false, false, ""},
      {"[2001:db8::1]", false, false, ""},
      {"fe80::1%eth0", false, false, ""},
      {"2001:db8::1/64", false, false, ""},
      {"1.2.3.4 x", false, false, ""},
      {"2001:db8:::1", false, false, ""},
      {"example.com", false, false, ""},
      {"1111:2222:3333:4444:5555:6666:7777:8888:9999", false, false, ""},
  };
  for (size_t i = 0; i < VET_COUNTOF(cases); i++) {
    struct vet_ip_addr a;
    vet_err rc = vet_ip_parse(vet_str_c(cases[i].in), &a);
    if ((rc == VET_OK) != cases[i].ok)
      fail_msg("'%s': got %s, want %s", cases[i].in, vet_err_name(rc), cases[i].ok ? "ok" : "parse");
    if (!cases[i].ok)
      continue;
    assert_int_equal(a.v4, cases[i].v4);
    char buf[64];
    assert_string_equal(vet_ip_format(&a, buf, sizeof buf), cases[i].fmt);
  }
  /* a NUL inside is not an address, whatever follows it */
  struct vet_ip_addr a;
  assert_int_equal(vet_ip_parse((vet_str){"1.2.3.4\0x", 9}, &a), VET_EPARSE);
  assert_int_equal(vet_ip_parse((vet_str){"1.2.3.4\0", 8}, &a), VET_EPARSE);
}

struct warns {
  int n;
  char first[512];
};
static void on_warn(void *ud, const char *msg)
{
  struct warns *w = ud;
  if (!w->n++)
    snprintf(w->first, sizeof w->first, "%s", msg);
}

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

static struct vet_ipdb *build_fixture(const struct vet_ipdb_sources *src, char *path, size_t cap,
                                      struct vet_ipdb_build_stats *st, struct warns *w)
{
  char dir[64];
  tu_temp_dir(dir, sizeof dir);
  snprintf(path, cap, "%s/t.db", dir);
  struct vet_error e = {0};
  if (vet_ipdb_build(src, path, on_warn, w, st, &e) != VET_OK)
    fail_msg("build: %s", e.msg);
  struct vet_ipdb *db = vet_ipdb_open(path, NULL, &e);
  if (!db)
    fail_msg("open: %s", e.msg);
  return db;
}

static void remove_fixture(const char *path)
{
  unlink(path);
  char dir[256];
  snprintf(dir, sizeof dir, "%s", path);
  char *slash = strrchr(dir, '/');
  if (slash)
    *slash = '\0';
  rmdir(dir);
}

struct want {
  const char *ip;
  bool found;
  const char *cc;
  uint32_t asn;
  const char *org;
  uint32_t flags;
  const char *provider;
  const char *sources;
};

static void check_wants(const struct vet_ipdb *db, const struct want *w, size_t n, bool with_asn)
{
  for (size_t i = 0; i < n; i++) {
    struct vet_ip_addr a;
    if (vet_ip_parse(vet_str_c(w[i].ip), &a))
      fail_msg("'%s' does not parse", w[i].ip);
    struct vet_ip_info in;
    vet_ipdb_lookup(db, &a, &in);
    uint32_t want_flags = w[i].flags;
    if (!with_asn)
      continue;
    if (in.found != w[i].found || strcmp(in.country, w[i].cc) || in.asn != w[i].asn ||
        (w[i].org && strcmp(in.org, w[i].org)) || in.flags != want_flags ||
        (w[i].provider && strcmp(in.provider, w[i].provider)) || (w[i].sources && strcmp(in.sources, w[i].sources)))
      fail_msg("%s: got found=%d cc='%s' AS%u org='%s' flags=0x%x provider='%s' sources='%s'; "
               "want found=%d cc='%s' AS%u org='%s' flags=0x%x provider='%s' sources='%s'",
               w[i].ip, in.found, in.country, in.asn, in.org, in.flags, in.provider, in.sources, w[i].found, w[i].cc,
               w[i].asn, w[i].org ? w[i].org : "*", want_flags, w[i].provider ? w[i].provider : "*",
               w[i].sources ? w[i].sources : "*");
  }
}

static void test_fixture_table(void **state)
{
  (void)state;
  char path[256];
  struct vet_ipdb_build_stats st;
  struct warns w = {0};
  struct vet_ipdb *db = build_fixture(&fixture_sources, path, sizeof path, &st, &w);
  /* the two malformed lines of x4bnet_vpn_ipv4.txt: skipped, reported with file and line */
  assert_int_equal(st.skipped, 2);
  assert_int_equal(w.n, 2);
  assert_non_null(strstr(w.first, "x4bnet_vpn_ipv4.txt:3:"));
  assert_true(st.has_asn);
  static const struct want wants[] = {
      /* Tor exit from the list, inside Host Africa's AS */
      {"102.130.113.9", true, "ZA", 328364, "Host Africa (Pty) Ltd", VET_IP_TOR, "", "ipfire,ip-location-db,tor-exits"},
      /* its neighbour is not an exit */
      {"102.130.113.10", true, "ZA", 328364, "Host Africa (Pty) Ltd", 0, "", "ipfire,ip-location-db"},
      /* M247 (NordVPN): VPN and datacenter ranges, AS9009 in both X4BNet ASN lists and the provider file */
      {"5.253.204.77", true, "LU", 9009, "M247 Europe SRL", VET_IP_VPN | VET_IP_HOSTING | VET_IP_PROVIDER,
       "M247 (hosting used by NordVPN and other VPNs)",
       "ipfire,ip-location-db,x4bnet-vpn,x4bnet-datacenter,x4bnet-vpn-asn,x4bnet-dc-asn,providers"},
      /* AWS: jhassine range (vendor as provider), AS16509 in the datacenter ASN list */
      {"52.95.0.1", true, "US", 16509, "Amazon.com, Inc.", VET_IP_HOSTING, "AWS",
       "ipfire,ip-location-db,x4bnet-dc-asn,jhassine-cloud"},
      /* AWS address outside the jhassine /20 but in AS16509: hosting by ASN, no vendor */
      {"52.95.16.1", true, "US", 16509, "Amazon.com, Inc.", VET_IP_HOSTING, "", "ipfire,ip-location-db,x4bnet-dc-asn"},
      /* DPRK */
      {"175.45.176.1", true, "KP", 131279, "Star Joint Venture Co. Ltd.", VET_IP_DPRK | VET_IP_PROVIDER,
       "Star Joint Venture (Ryugyong-dong, Pyongyang)", "ipfire,ip-location-db,providers"},
      {"175.45.179.255", true, "KP", 131279, NULL, VET_IP_DPRK | VET_IP_PROVIDER, NULL, NULL},
      /* 210.52.109.0/24: providers file only (no country or AS in the fixture) */
      {"210.52.109.9", true, "", 0, "", VET_IP_DPRK | VET_IP_PROVIDER, "DPRK (China Unicom block used by North Korea)",
       "providers"},
      /* Google */
      {"8.8.8.8", true, "US", 15169, "Google LLC", VET_IP_HOSTING, "",
       "ipfire,ip-location-db,x4bnet-datacenter,x4bnet-dc-asn"},
      {"1.1.1.1", true, "AU", 13335, "Cloudflare, Inc.", 0, "", "ipfire,ip-location-db"},
      /* private and special */
      {"10.0.0.1", true, "", 0, "", VET_IP_PRIVATE, "", "iana-special"},
      {"192.168.1.1", true, "", 0, "", VET_IP_PRIVATE, "", "iana-special"},
      {"127.0.0.1", true, "", 0, "", VET_IP_PRIVATE, "", "iana-special"},
      {"::1", true, "", 0, "", VET_IP_PRIVATE, "", "iana-special"},
      {"fe80::1", true, "", 0, "", VET_IP_PRIVATE, "", "iana-special"},
      {"fd12:3456::1", true, "", 0, "", VET_IP_PRIVATE, "", "iana-special"},
      /* IPv6 */
      /* outside X4BNet's 2001:4860::/36, hosting by AS15169 */
      {"2001:4860:4860::8888", true, "US", 15169, "Google LLC", VET_IP_HOSTING, "", "ipfire,ip-location-db,x4bnet-dc-asn"},
      {"2001:4860:1::1", true, "US", 0, "", VET_IP_HOSTING, "", "ipfire,x4bnet-datacenter"}, /* in the /36; no AS in the cut */
      {"2a03:2880:f12f:83:face:b00c:0:25de", true, "IE", 32934, "Facebook, Inc.", 0, "", "ipfire,ip-location-db"},
      {"2001:ac8:1::1", true, "", 0, "", VET_IP_VPN, "", "x4bnet-vpn"},
      /* in no range of the fixtures: unknown, never guessed */
      {"9.9.9.9", false, "", 0, "", 0, "", ""},
      {"0.0.0.0", true, "", 0, "", VET_IP_PRIVATE, "", "iana-special"},
      {"255.255.255.255", true, "", 0, "", VET_IP_PRIVATE, "", "iana-special"},
      {"ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", true, "", 0, "", VET_IP_PRIVATE, "", "iana-special"},
      {"2c0f::1", false, "", 0, "", 0, "", ""},
  };
  check_wants(db, wants, VET_COUNTOF(wants), true);
  struct vet_ipdb_meta m;
  vet_ipdb_meta(db, &m);
  assert_int_equal(m.version, 1);
  assert_true(m.has_asn);
  assert_int_equal(m.v4_ranges, st.v4_ranges);
  vet_ipdb_close(db);
  remove_fixture(path);
}

/* Without ASN data: countries and ranges still work, flags by AS do not. */
static void test_without_asn(void **state)
{
  (void)state;
  struct vet_ipdb_sources s = fixture_sources;
  s.asn4 = s.asn6 = NULL;
  char path[256];
  struct vet_ipdb_build_stats st;
  struct warns w = {0};
  struct vet_ipdb *db = build_fixture(&s, path, sizeof path, &st, &w);
  assert_false(st.has_asn);
  static const struct want wants[] = {
      {"8.8.8.8", true, "US", 0, "", VET_IP_HOSTING, "", "ipfire,x4bnet-datacenter"},
      {"175.45.176.1", true, "KP", 0, "", VET_IP_DPRK | VET_IP_PROVIDER, NULL, "ipfire,providers"},
      {"52.95.16.1", true, "US", 0, "", 0, "", "ipfire"}, /* hosting only by AS: lost */
      {"102.130.113.9", true, "ZA", 0, "", VET_IP_TOR, "", "ipfire,tor-exits"},
  };
  check_wants(db, wants, VET_COUNTOF(wants), true);
  struct vet_ipdb_meta m;
  vet_ipdb_meta(db, &m);
  assert_false(m.has_asn);
  vet_ipdb_close(db);
  remove_fixture(path);
}

/* Overlaps: nested ranges split; innermost named provider wins; the
 * neighbours keep the outer range's record. */
static void test_overlaps(void **state)
{
  (void)state;
  char prov[64];
  tu_temp_text(prov, sizeof prov,
               "# comment\n"
               "198.51.100.0/24\tvpn\tOuter VPN\tt\n" /* inside IANA documentation space */
               "198.51.100.64-198.51.100.127\thosting\tInner Host\tt\n"
               "198.51.100.200\ttor\t\tt\n"
               "bad\tvpn\tX\tt\n"
               "10.0.0.0/8\tbogus\tX\tt\n"
               "2001:db8:1::/48\tvpn\tSix\tt\n");
  struct vet_ipdb_sources s = {.providers = prov};
  char path[256];
  struct vet_ipdb_build_stats st;
  struct warns w = {0};
  struct vet_ipdb *db = build_fixture(&s, path, sizeof path, &st, &w);
  assert_int_equal(st.skipped, 2);
  const uint32_t P = VET_IP_PRIVATE, V = VET_IP_VPN, H = VET_IP_HOSTING, T = VET_IP_TOR, N = VET_IP_PROVIDER;
  const struct want wants[] = {
      {"198.51.99.255", false, "", 0, "", 0, "", ""}, /* between 198.18.0.0/15 and the documentation /24 */
      {"198.51.100.0", true, "", 0, "", P | V | N, "Outer VPN", "providers,iana-special"},
      {"198.51.100.63", true, "", 0, "", P | V | N, "Outer VPN", NULL},
      {"198.51.100.64", true, "", 0, "", P | V | H | N, "Inner Host", NULL},
      {"198.51.100.127", true, "", 0, "", P | V | H | N, "Inner Host", NULL},
      {"198.51.100.128", true, "", 0, "", P | V | N, "Outer VPN", NULL},
      {"198.51.100.200", true, "", 0, "", P | V | T | N, "Outer VPN", NULL},
      {"198.51.100.255", true, "", 0, "", P | V | N, "Outer VPN", NULL},
      {"198.51.101.0", false, "", 0, "", 0, "", ""},
      {"2001:db8:1:ffff::1", true, "", 0, "", P | V | N, "Six", NULL},
      {"2001:db8:2::1", true, "", 0, "", P, "", "iana-special"},
  };
  check_wants(db, wants, VET_COUNTOF(wants), true);
  vet_ipdb_close(db);
  remove_fixture(path);
}

static void test_bad_sources(void **state)
{
  (void)state;
  struct vet_error e = {0};
  struct vet_ipdb_sources s = {.vpn4 = FX "no-such-file.txt"};
  char dir[64], path[128];
  tu_temp_dir(dir, sizeof dir);
  snprintf(path, sizeof path, "%s/t.db", dir);
  assert_int_equal(vet_ipdb_build(&s, path, NULL, NULL, NULL, &e), VET_EIO);
  assert_int_equal(access(path, F_OK), -1); /* nothing half-written */
  struct vet_ipdb_sources ok = {0};
  assert_int_equal(vet_ipdb_build(&ok, "/nonexistent-dir/x.db", NULL, NULL, NULL, &e), VET_EIO);
  assert_int_equal(vet_ipdb_build(NULL, path, NULL, NULL, NULL, &e), VET_EINVAL);
  rmdir(dir);
}

/* Truncated, padded and corrupted tables: a clean error, never a crash. */
static void test_corrupt(void **state)
{
  (void)state;
  char path[256];
  struct vet_ipdb_build_stats st;
  struct warns w = {0};
  struct vet_ipdb *db = build_fixture(&fixture_sources, path, sizeof path, &st, &w);
  vet_ipdb_close(db);
  char *img = NULL;
  size_t len = 0;
  FILE *f = fopen(path, "rb");
  assert_non_null(f);
  fseek(f, 0, SEEK_END);
  len = (size_t)ftell(f);
  fseek(f, 0, SEEK_SET);
  img = malloc(len);
  assert_non_null(img);
  assert_int_equal(fread(img, 1, len, f), len);
  fclose(f);
  char bad[64];
  struct vet_error e;
  /* every truncation point of the header, then a spread over the body */
  for (size_t cut = 0; cut < len; cut += cut < 80 ? 1 : len / 37 + 1) {
    tu_temp_file(bad, sizeof bad, img, cut);
    memset(&e, 0, sizeof e);
    struct vet_ipdb *b = vet_ipdb_open(bad, NULL, &e);
    if (b)
      fail_msg("truncated at %zu of %zu: opened", cut, len);
    assert_int_equal(e.code, VET_EPARSE);
    assert_non_null(strstr(e.msg, "ip table"));
    unlink(bad);
  }
  /* one flipped byte anywhere: the checksum or a header check says so */
  for (size_t at = 0; at < len; at += at < 64 ? 1 : len / 53 + 1) {
    img[at] ^= 0x5a;
    tu_temp_file(bad, sizeof bad, img, len);
    memset(&e, 0, sizeof e);
    struct vet_ipdb *b = vet_ipdb_open(bad, NULL, &e);
    if (b)
      fail_msg("byte %zu flipped: opened", at);
    assert_int_equal(e.code, VET_EPARSE);
    unlink(bad);
    img[at] ^= 0x5a;
  }
  /* padded */
  char *pad = calloc(1, len + 8);
  assert_non_null(pad);
  memcpy(pad, img, len);
  tu_temp_file(bad, sizeof bad, pad, len + 8);
  assert_null(vet_ipdb_open(bad, NULL, &e));
  assert_non_null(strstr(e.msg, "truncated or padded"));
  unlink(bad);
  free(pad);
  /* not a table, missing, mmdb asked for */
  tu_temp_text(bad, sizeof bad, "hello\n");
  assert_null(vet_ipdb_open(bad, NULL, &e));
  unlink(bad);
  assert_null(vet_ipdb_open("/nonexistent/vetter-ip.db", NULL, &e));
  assert_int_equal(e.code, VET_EIO);
  assert_null(vet_ipdb_open(path, "/nonexistent/x.mmdb", &e)); /* a missing mmdb fails the open */
  assert_int_equal(e.code, VET_EIO);
  /* NULL-safe */
  vet_ipdb_close(NULL);
  struct vet_ip_info in;
  struct vet_ip_addr a;
  assert_int_equal(vet_ip_parse(VET_LIT("8.8.8.8"), &a), VET_OK);
  vet_ipdb_lookup(NULL, &a, &in);
  assert_false(in.found);
  assert_string_equal(in.org, "");
  free(img);
  remove_fixture(path);
}

/* The table the build compiled from the full sources (data/ip/vetter-ip.db;
 * cmake/IpDb.cmake), at addresses taken from the real files. */
static void test_real_table(void **state)
{
  (void)state;
  struct vet_error e = {0};
  struct vet_ipdb *db = vet_ipdb_open(VET_DATA_DIR "/ip/vetter-ip.db", NULL, &e);
  if (!db)
    fail_msg("the build should have compiled the table: %s", e.msg);
  struct vet_ipdb_meta m;
  vet_ipdb_meta(db, &m);
  assert_true(m.v4_ranges > 100000); /* IPFire alone has 385,000 IPv4 ranges */
  assert_true(m.v6_ranges > 100000);
  const uint32_t H = VET_IP_HOSTING;
  static const struct {
    const char *ip, *cc;
    uint32_t must, asn; /* flags that must be set; asn (when not 0) checked with ASN data */
  } cases[] = {
      {"102.130.113.9", "ZA", VET_IP_TOR, 328364},                       /* first line of tor_exit_nodes.txt */
      {"2.26.157.1", NULL, VET_IP_VPN, 0},                               /* first line of x4bnet_vpn_ipv4.txt */
      {"5.253.204.1", NULL, VET_IP_VPN, 9009},                           /* M247 (NordVPN) */
      {"52.95.0.1", "US", VET_IP_HOSTING, 16509},                        /* AWS, jhassine */
      {"175.45.176.1", "KP", VET_IP_DPRK | VET_IP_PROVIDER, 131279},     /* Star JV */
      {"8.8.8.8", "US", H, 15169},                                       /* Google */
      {"10.0.0.1", "", VET_IP_PRIVATE, 0},
      {"2001:4860:4860::8888", "US", H, 15169},
      {"2001:ac8::1", NULL, VET_IP_VPN, 0},                              /* first line of x4bnet_vpn_ipv6.txt */
      {"::1", "", VET_IP_PRIVATE, 0},
  };
  for (size_t i = 0; i < VET_COUNTOF(cases); i++) {
    struct vet_ip_addr a;
    struct vet_ip_info in;
    assert_int_equal(vet_ip_parse(vet_str_c(cases[i].ip), &a), VET_OK);
    vet_ipdb_lookup(db, &a, &in);
    if (!in.found || (in.flags & cases[i].must) != cases[i].must || (cases[i].cc && strcmp(in.country, cases[i].cc)) ||
        (m.has_asn && cases[i].asn && in.asn != cases[i].asn))
      fail_msg("%s: got cc='%s' AS%u flags=0x%x sources='%s'; want cc='%s' AS%u flags with 0x%x", cases[i].ip,
               in.country, in.asn, in.flags, in.sources, cases[i].cc ? cases[i].cc : "*", cases[i].asn,
               cases[i].must);
  }
  if (m.has_asn) {
    struct vet_ip_addr a;
    struct vet_ip_info in;
    assert_int_equal(vet_ip_parse(VET_LIT("8.8.8.8"), &a), VET_OK);
    vet_ipdb_lookup(db, &a, &in);
    assert_string_equal(in.org, "Google LLC");
  }
  vet_ipdb_close(db);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_parse),       cmocka_unit_test(test_fixture_table), cmocka_unit_test(test_without_asn),
      cmocka_unit_test(test_overlaps),    cmocka_unit_test(test_bad_sources),   cmocka_unit_test(test_corrupt),
      cmocka_unit_test(test_real_table),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
