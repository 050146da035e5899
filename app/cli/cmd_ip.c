/* cli/cmd_ip.c - `vetter ip ADDRESS...`: what the compiled IP table says of
 * each address (country, AS, organisation, flags, provider, sources), with
 * the city, coordinates and accuracy of a MaxMind-format database when one
 * is given (--mmdb, or ip.mmdb of the config), as a table or JSON lines;
 * and `vetter ipdb build|info`: compile the table from the source files
 * (docs/ip.md), or show what a table holds. */
#include <time.h>

#include "cli.h"
#include "vetter/ip.h"

/* Where scripts/install-deps unpacks @ip-location-db/asn (pinned version),
 * under $XDG_CACHE_HOME or ~/.cache; $VETTER_ASN_DIR overrides it. */
#define IP_ASN_CACHE_SUBDIR "vetter/ip-location-db-asn-2.3.2026061719"
/* tor-geoipdb (Debian) installs the IPFire country ranges here. */
#define IP_GEOIP_DIR "/usr/share/tor"
#define IP_PATH_MAX 4096

static const char usage_ip[] =
    "usage: vetter ip ADDRESS... [--db FILE] [--mmdb FILE] [--json] [--data DIR] [--config FILE]\n"
    "  For each IPv4 or IPv6 address: country, AS number and organisation, flags\n"
    "  (vpn, hosting, tor, dprk, provider, private), named provider and the sources\n"
    "  that said so, from the compiled table (default DATA/ip/vetter-ip.db; see\n"
    "  docs/ip.md).  --mmdb FILE (default: ip.mmdb of the config) adds a\n"
    "  MaxMind-format database (GeoLite2-City, DB-IP, IPinfo, @ip-location-db):\n"
    "  its country replaces the table's, and it gives the city, coordinates and\n"
    "  accuracy; FILE may be several files separated by ':'; --mmdb '' uses none.\n"
    "  --json prints one JSON object per address.  Exit status 0, 1 when an\n"
    "  address does not parse or a database cannot be opened, 2 on usage.\n";

static const char usage_ipdb[] =
    "usage: vetter ipdb build [--out FILE] [--from DIR] [--geoip DIR] [--asn DIR] [--quiet]\n"
    "       vetter ipdb info [--db FILE]\n"
    "  build compiles the IP sources into one range table (default DATA/ip/vetter-ip.db).\n"
    "  --from DIR  the list files (default DATA/ip): x4bnet_*.txt, jhassine_datacenters.csv,\n"
    "              tor_exit_nodes.txt, providers.tsv; also geoip, geoip6, asn-ipv4.csv and\n"
    "              asn-ipv6.csv when present there\n"
    "  --geoip DIR tor-geoipdb's geoip and geoip6 (default " IP_GEOIP_DIR ")\n"
    "  --asn DIR   @ip-location-db/asn's asn-ipv4.csv and asn-ipv6.csv (default $VETTER_ASN_DIR,\n"
    "              else ~/.cache/" IP_ASN_CACHE_SUBDIR ", as scripts/install-deps leaves them)\n"
    "  A missing source is skipped with a warning (no ASN data: no AS numbers, no\n"
    "  organisations, no flags by AS).  info prints what a table holds.\n";

static const char *const flag_names[] = {"vpn", "hosting", "tor", "dprk", "provider", "private"};

static void flags_text(uint32_t flags, char *buf, size_t cap)
{
  size_t len = 0;
  buf[0] = '\0';
  for (size_t i = 0; i < VET_COUNTOF(flag_names); i++)
    if (flags & (1u << i)) {
      int n = snprintf(buf + len, cap - len, "%s%s", len ? "," : "", flag_names[i]);
      if (n > 0 && (size_t)n < cap - len)
        len += (size_t)n;
    }
  if (!len)
    snprintf(buf, cap, "-");
}

/* "52.5200,13.4050 (20 km)" (latitude,longitude and the accuracy radius) or "-". */
static void location_text(const struct vet_ip_info *in, char *buf, size_t cap)
{
  if (!in->has_coords)
    snprintf(buf, cap, "-");
  else if (in->accuracy_km)
    snprintf(buf, cap, "%.4f,%.4f (%u km)", in->lat, in->lon, (unsigned)in->accuracy_km);
  else
    snprintf(buf, cap, "%.4f,%.4f", in->lat, in->lon);
}

/* What the mmdb adds, with every key present (null when unknown). */
static void mmdb_json(json_t *j, const struct vet_ip_info *in)
{
  json_object_set_new(j, "country_source",
                      !in->country[0] ? json_null() : json_string(in->country_mmdb ? "mmdb" : "table"));
  json_object_set_new(j, "city", in->city[0] ? json_string(in->city) : json_null());
  json_object_set_new(j, "lat", in->has_coords ? json_real(in->lat) : json_null());
  json_object_set_new(j, "lon", in->has_coords ? json_real(in->lon) : json_null());
  json_object_set_new(j, "accuracy_km", in->accuracy_km ? json_integer(in->accuracy_km) : json_null());
}

static json_t *info_json(const char *addr, const struct vet_ip_info *in, const char *cname, bool with_mmdb)
{
  json_t *j = json_object();
  json_object_set_new(j, "address", json_string(addr));
  json_object_set_new(j, "found", json_boolean(in->found));
  json_object_set_new(j, "country", in->country[0] ? json_string(in->country) : json_null());
  json_object_set_new(j, "country_name", cname ? json_string(cname) : json_null());
  json_object_set_new(j, "asn", in->asn ? json_integer(in->asn) : json_null());
  json_object_set_new(j, "org", in->org[0] ? json_string(in->org) : json_null());
  json_t *fl = json_array();
  for (size_t i = 0; i < VET_COUNTOF(flag_names); i++)
    if (in->flags & (1u << i))
      json_array_append_new(fl, json_string(flag_names[i]));
  json_object_set_new(j, "flags", fl);
  json_object_set_new(j, "provider", in->provider[0] ? json_string(in->provider) : json_null());
  json_t *src = json_array();
  size_t pos = 0;
  vet_str name;
  while (vet_names_next(in->sources, &pos, &name))
    json_array_append_new(src, json_stringn(name.ptr, name.len));
  json_object_set_new(j, "sources", src);
  if (with_mmdb) {
    mmdb_json(j, in);
  } else if (in->has_coords) {
    json_object_set_new(j, "lat", json_real(in->lat));
    json_object_set_new(j, "lon", json_real(in->lon));
  }
  return j;
}

static const char *db_path(const struct cli_opts *o, const char *explicit_path, char *buf, size_t cap)
{
  if (explicit_path)
    return explicit_path;
  int n = snprintf(buf, cap, "%s/ip/vetter-ip.db", vet_data_dir(o->data_dir));
  return n > 0 && (size_t)n < cap ? buf : NULL;
}

int cmd_ip(int argc, char **argv)
{
  struct cli_opts o = {0};
  const char *db_file = NULL, *mmdb_file = NULL;
  char **addrs = calloc((size_t)argc + 1, sizeof *addrs);
  size_t naddr = 0;
  if (!addrs)
    return cli_usage_error("ip: out of memory");
  for (int i = 0; i < argc; i++) {
    int st;
    if (cli_common_opt(&o, argc, argv, &i, usage_ip, &st)) {
      if (st >= 0) {
        free(addrs);
        return st;
      }
      continue;
    }
    if (!strcmp(argv[i], "--db") && i + 1 < argc) {
      db_file = argv[++i];
      continue;
    }
    if (!strcmp(argv[i], "--mmdb")) {
      if (i + 1 >= argc) {
        free(addrs);
        return cli_usage_error("ip: --mmdb needs a value\n%s", usage_ip);
      }
      mmdb_file = argv[++i];
      continue;
    }
    if (argv[i][0] == '-' && argv[i][1] && !strchr(argv[i], ':')) {
      free(addrs);
      return cli_usage_error("ip: unknown option '%s'\n%s", argv[i], usage_ip);
    }
    addrs[naddr++] = argv[i];
  }
  if (!naddr) {
    free(addrs);
    return cli_usage_error("ip: give one or more addresses\n%s", usage_ip);
  }
  char pbuf[IP_PATH_MAX], cdir[IP_PATH_MAX];
  struct vet_error e = {0};
  struct vet_config cfg;
  if (!mmdb_file) { /* ip.mmdb of the config file, when there is one */
    if (cli_load_config(&o, &cfg)) {
      free(addrs);
      return 1;
    }
    mmdb_file = cfg.ip_mmdb;
  }
  bool with_mmdb = mmdb_file[0] != '\0';
  const char *path = db_path(&o, db_file, pbuf, sizeof pbuf);
  struct vet_ipdb *db = path ? vet_ipdb_open(path, mmdb_file, &e) : NULL;
  if (!db) {
    free(addrs);
    if (!path)
      vet_fail(&e, VET_ELIMIT, "data directory path is too long");
    return cli_error(&e);
  }
  snprintf(cdir, sizeof cdir, "%s/country", vet_data_dir(o.data_dir));
  struct vet_countries *countries = vet_countries_load(cdir, NULL); /* names only: optional */
  int status = 0;
  if (!o.json && with_mmdb)
    printf("%-39s  %-24s  %-24s  %-28s  %-8s  %-32s  %-16s  %-20s  %s\n", "ADDRESS", "COUNTRY", "CITY", "LOCATION",
           "ASN", "ORGANISATION", "FLAGS", "PROVIDER", "SOURCES");
  else if (!o.json)
    printf("%-39s  %-24s  %-8s  %-32s  %-16s  %-20s  %s\n", "ADDRESS", "COUNTRY", "ASN", "ORGANISATION", "FLAGS",
           "PROVIDER", "SOURCES");
  for (size_t i = 0; i < naddr; i++) {
    struct vet_ip_addr ip;
    if (vet_ip_parse(vet_str_c(addrs[i]), &ip) != VET_OK) {
      status = 1;
      if (o.json) {
        json_t *j = json_object();
        json_object_set_new(j, "address", json_string(vet_utf8_valid(vet_str_c(addrs[i]), NULL) ? addrs[i] : "?"));
        json_object_set_new(j, "error", json_string("not an IPv4 or IPv6 address"));
        cli_print_json(stdout, j);
        json_decref(j);
      } else {
        fprintf(stderr, "vetter: ip: '%s' is not an IPv4 or IPv6 address\n", addrs[i]);
      }
      continue;
    }
    struct vet_ip_info in;
    vet_ipdb_lookup(db, &ip, &in);
    char text[64];
    vet_ip_format(&ip, text, sizeof text);
    const char *cname = in.country[0] && countries ? vet_country_name(countries, in.country) : NULL;
    if (o.json) {
      json_t *j = info_json(text, &in, cname, with_mmdb);
      cli_print_json(stdout, j);
      json_decref(j);
      continue;
    }
    char country[96], asn[16], flags[96];
    if (in.country[0])
      snprintf(country, sizeof country, "%s %s", in.country, cname ? cname : "");
    else
      snprintf(country, sizeof country, "-");
    if (in.asn)
      snprintf(asn, sizeof asn, "AS%u", (unsigned)in.asn);
    else
      snprintf(asn, sizeof asn, "-");
    flags_text(in.flags, flags, sizeof flags);
    if (with_mmdb) {
      char loc[64];
      location_text(&in, loc, sizeof loc);
      printf("%-39s  %-24s  %-24s  %-28s  %-8s  %-32s  %-16s  %-20s  %s\n", text, country, in.city[0] ? in.city : "-",
             loc, asn, in.org[0] ? in.org : "-", flags, in.provider[0] ? in.provider : "-",
             in.found ? in.sources : "(not in the table or the mmdb)");
      continue;
    }
    printf("%-39s  %-24s  %-8s  %-32s  %-16s  %-20s  %s\n", text, country, asn, in.org[0] ? in.org : "-", flags,
           in.provider[0] ? in.provider : "-", in.found ? in.sources : "(not in the table)");
  }
  vet_countries_free(countries);
  vet_ipdb_close(db);
  free(addrs);
  return status;
}

/* ---- vetter ipdb ---- */

static void warn_stderr(void *ud, const char *msg)
{
  (void)ud;
  fprintf(stderr, "vetter: ipdb: warning: %s\n", msg);
}

/* dir/name into buf when that file exists; NULL otherwise. */
static const char *source_file(const char *dir, const char *name, char *buf, size_t cap)
{
  if (!dir)
    return NULL;
  int n = snprintf(buf, cap, "%s/%s", dir, name);
  if (n < 0 || (size_t)n >= cap)
    return NULL;
  FILE *f = fopen(buf, "r");
  if (!f)
    return NULL;
  fclose(f);
  return buf;
}

static int ipdb_build(const struct cli_opts *o, const char *out, const char *from, const char *geoip,
                      const char *asn)
{
  char fromb[IP_PATH_MAX], outb[IP_PATH_MAX], asnb[IP_PATH_MAX];
  if (!from) {
    snprintf(fromb, sizeof fromb, "%s/ip", vet_data_dir(o->data_dir));
    from = fromb;
  }
  if (!out)
    out = db_path(o, NULL, outb, sizeof outb);
  if (!asn)
    asn = getenv("VETTER_ASN_DIR");
  if (!asn) {
    const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
    if (xdg && xdg[0])
      snprintf(asnb, sizeof asnb, "%s/%s", xdg, IP_ASN_CACHE_SUBDIR);
    else if (home && home[0])
      snprintf(asnb, sizeof asnb, "%s/.cache/%s", home, IP_ASN_CACHE_SUBDIR);
    else
      asnb[0] = '\0';
    asn = asnb[0] ? asnb : NULL;
  }
  if (!geoip)
    geoip = IP_GEOIP_DIR;
  /* one buffer per source: the paths must live until the build is done */
  static const char *const names[] = {"geoip",
                                      "geoip6",
                                      "asn-ipv4.csv",
                                      "asn-ipv6.csv",
                                      "x4bnet_vpn_ipv4.txt",
                                      "x4bnet_vpn_ipv6.txt",
                                      "x4bnet_datacenter_ipv4.txt",
                                      "x4bnet_datacenter_ipv6.txt",
                                      "x4bnet_vpn_ASN.txt",
                                      "x4bnet_datacenter_ASN.txt",
                                      "jhassine_datacenters.csv",
                                      "tor_exit_nodes.txt",
                                      "providers.tsv"};
  enum { N_SRC = VET_COUNTOF(names) };
  char bufs[N_SRC][IP_PATH_MAX];
  const char *p[N_SRC];
  for (size_t i = 0; i < N_SRC; i++) {
    p[i] = source_file(from, names[i], bufs[i], sizeof bufs[i]);
    if (!p[i] && i < 2)
      p[i] = source_file(geoip, names[i], bufs[i], sizeof bufs[i]);
    if (!p[i] && i >= 2 && i < 4)
      p[i] = source_file(asn, names[i], bufs[i], sizeof bufs[i]);
    if (!p[i] && !o->quiet && (i < 2 || i >= 4))
      fprintf(stderr, "vetter: ipdb: warning: no %s (looked in %s%s%s); built without it\n", names[i], from,
              i < 2 ? " and " : "", i < 2 ? geoip : "");
  }
  if (!p[2] && !p[3])
    fprintf(stderr,
            "vetter: ipdb: warning: no ASN data (asn-ipv4.csv, asn-ipv6.csv of @ip-location-db/asn in %s); "
            "the table has no AS numbers, organisations or flags by AS; run scripts/install-deps to fetch it\n",
            asn ? asn : "(no cache directory)");
  struct vet_ipdb_sources s = {.geoip4 = p[0], .geoip6 = p[1], .asn4 = p[2], .asn6 = p[3], .vpn4 = p[4],
                               .vpn6 = p[5], .dc4 = p[6], .dc6 = p[7], .vpn_asn = p[8], .dc_asn = p[9],
                               .cloud_csv = p[10], .tor_exits = p[11], .providers = p[12]};
  struct vet_ipdb_build_stats st;
  struct vet_error e = {0};
  double t0 = vet_now();
  if (!out)
    return cli_usage_error("ipdb: output path too long");
  if (vet_ipdb_build(&s, out, o->quiet ? NULL : warn_stderr, NULL, &st, &e) != VET_OK)
    return cli_error(&e);
  if (!o->quiet)
    fprintf(stderr,
            "vetter: ipdb: wrote %s: %u IPv4 and %u IPv6 ranges, %u records from %zu source entries "
            "(%zu lines skipped)%s, %.1f s\n",
            out, st.v4_ranges, st.v6_ranges, st.records, st.inputs, st.skipped, st.has_asn ? "" : ", no ASN data",
            vet_now() - t0);
  return 0;
}

static int ipdb_info(const struct cli_opts *o, const char *db_file)
{
  char pbuf[IP_PATH_MAX];
  struct vet_error e = {0};
  const char *path = db_path(o, db_file, pbuf, sizeof pbuf);
  struct vet_ipdb *db = path ? vet_ipdb_open(path, NULL, &e) : NULL;
  if (!db)
    return cli_error(&e);
  struct vet_ipdb_meta m;
  vet_ipdb_meta(db, &m);
  char when[32] = "?";
  time_t t = (time_t)m.built;
  struct tm tm;
  if (gmtime_r(&t, &tm))
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
  printf("table     %s\nversion   %u\nbuilt     %s\nipv4      %u ranges\nipv6      %u ranges\n"
         "records   %u\nasn data  %s\n",
         path, m.version, when, m.v4_ranges, m.v6_ranges, m.records, m.has_asn ? "yes" : "no");
  vet_ipdb_close(db);
  return 0;
}

int cmd_ipdb(int argc, char **argv)
{
  struct cli_opts o = {0};
  const char *sub = NULL, *out = NULL, *from = NULL, *geoip = NULL, *asn = NULL, *db = NULL;
  for (int i = 0; i < argc; i++) {
    int st;
    if (cli_common_opt(&o, argc, argv, &i, usage_ipdb, &st)) {
      if (st >= 0)
        return st;
      continue;
    }
    const char *a = argv[i];
    const char **slot = !strcmp(a, "--out")     ? &out
                        : !strcmp(a, "--from")  ? &from
                        : !strcmp(a, "--geoip") ? &geoip
                        : !strcmp(a, "--asn")   ? &asn
                        : !strcmp(a, "--db")    ? &db
                                                : NULL;
    if (slot) {
      if (i + 1 >= argc)
        return cli_usage_error("ipdb: %s needs a value\n%s", a, usage_ipdb);
      *slot = argv[++i];
      continue;
    }
    if (a[0] == '-' && a[1])
      return cli_usage_error("ipdb: unknown option '%s'\n%s", a, usage_ipdb);
    if (sub)
      return cli_usage_error("ipdb: unexpected '%s'\n%s", a, usage_ipdb);
    sub = a;
  }
  if (sub && !strcmp(sub, "build"))
    return ipdb_build(&o, out, from, geoip, asn);
  if (sub && !strcmp(sub, "info"))
    return ipdb_info(&o, db);
  return cli_usage_error("ipdb: give 'build' or 'info'\n%s", usage_ipdb);
}
