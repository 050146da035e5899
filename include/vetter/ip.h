/* vetter/ip.h - IP intelligence: what Vetter knows about an address
 * (country, autonomous system and its organisation, anonymiser flags,
 * named providers), from one compact range table compiled at setup and
 * memory-mapped at run time, and optionally a MaxMind-format database
 * (GeoLite2, DB-IP, IPinfo .mmdb) for city coordinates.
 * Owns: a vet_ipdb owns its mapping (and its mmdb handle).
 * Thread-safety: a vet_ipdb is immutable once opened; share freely. */
#ifndef VETTER_IP_H
#define VETTER_IP_H

#include <stdbool.h>
#include <stdint.h>

#include "vetter/error.h"
#include "vetter/str.h"

/* Flags of an address (bits of vet_ip_info.flags). */
enum vet_ip_flags {
  VET_IP_VPN = 1u << 0,      /* a commercial VPN network (range or ASN) */
  VET_IP_HOSTING = 1u << 1,  /* a datacenter / hosting / cloud network */
  VET_IP_TOR = 1u << 2,      /* a Tor exit node */
  VET_IP_DPRK = 1u << 3,     /* North Korean address space (AS131279, 175.45.176.0/22, ...) */
  VET_IP_PROVIDER = 1u << 4, /* a named provider of the provider file (provider set) */
  VET_IP_PRIVATE = 1u << 5,  /* private, loopback, link-local, reserved: says nothing of a place */
};

/* Room for a city name in vet_ip_info (bytes, with the NUL): longer names
 * are cut at a UTF-8 character boundary. */
#define VET_IP_CITY_MAX 64

struct vet_ip_info {
  bool found;             /* the table or the mmdb knows the address at all */
  char country[3];        /* ISO alpha-2, "" when unknown */
  uint32_t asn;           /* 0 when unknown */
  const char *org;        /* AS organisation; borrowed from the db, "" when unknown */
  uint32_t flags;         /* enum vet_ip_flags */
  const char *provider;   /* named VPN/anonymiser operator ("Astrill VPN"), "" when none */
  bool has_coords;        /* city coordinates (only with an mmdb) */
  double lat, lon;
  const char *sources;    /* comma-separated names of the sources that said so ("ipfire,x4bnet-vpn"); borrowed
                             from the db; ends in "mmdb" when the mmdb said anything */
  /* ---- additions (issue 4): what a MaxMind-format database adds ---- */
  char city[VET_IP_CITY_MAX]; /* English city name, UTF-8, "" when unknown (only with an mmdb) */
  uint16_t accuracy_km;   /* radius of uncertainty around lat/lon in km; 0 when unknown */
  bool country_mmdb;      /* country is the mmdb's (it overrides the table's: the user configured it) */
};

/* A parsed address: IPv4 as ::ffff:a.b.c.d mapped IPv6, in network order. */
struct vet_ip_addr {
  uint8_t b[16];
  bool v4;
};

/* Parse "203.0.113.7", "2001:db8::1", "::ffff:203.0.113.7" (surrounding
 * blanks trimmed; a zone "%eth0" or a port are not accepted).  VET_EPARSE
 * otherwise. */
vet_err vet_ip_parse(vet_str text, struct vet_ip_addr *out);

struct vet_ipdb;

/* Open the compiled table at path (NULL: data_dir/ip/vetter-ip.db) and,
 * when mmdb_path is neither NULL nor "", a MaxMind-format database
 * (GeoLite2/GeoIP2 City or Country, DB-IP, IPinfo, @ip-location-db *-mmdb;
 * memory-mapped through libmaxminddb).  mmdb_path may name up to 4 files
 * separated by ':' (an IPv4 and an IPv6 file), asked in that order.
 * NULL on failure, with a message naming the file: VET_EIO (missing or
 * unreadable), VET_EPARSE (corrupt table, or not a valid MaxMind DB),
 * VET_ENOMEM, VET_ELIMIT (path too long, more than 4 mmdb files). */
struct vet_ipdb *vet_ipdb_open(const char *path, const char *mmdb_path, struct vet_error *e);
void vet_ipdb_close(struct vet_ipdb *db); /* NULL-safe */

/* What the table says of one address, with what the mmdb (when opened
 * with one) knows overlaid: its country replaces the table's (country_mmdb),
 * and it gives the city, coordinates and accuracy; "mmdb" is then added to
 * sources.  An address the mmdb does not know keeps the table's answer.
 * Never fails and allocates nothing: an address known to neither gives
 * found=false and an empty info. */
void vet_ipdb_lookup(const struct vet_ipdb *db, const struct vet_ip_addr *ip, struct vet_ip_info *out);

/* ---- additions (helper, issue 4): formatting, table metadata, builder ---- */

/* ip as text ("203.0.113.7", "2001:db8::1") into buf (NUL-terminated;
 * 46 bytes always suffice).  Returns buf. */
const char *vet_ip_format(const struct vet_ip_addr *ip, char *buf, size_t cap);

/* What a table holds (from its header). */
struct vet_ipdb_meta {
  uint32_t version;    /* format version */
  uint64_t built;      /* build time, seconds since the epoch (UTC) */
  uint32_t v4_ranges;  /* entries of the IPv4 array, gaps included */
  uint32_t v6_ranges;
  uint32_t records;    /* distinct attribute records */
  bool has_asn;        /* ASN/organisation data was compiled in */
};
void vet_ipdb_meta(const struct vet_ipdb *db, struct vet_ipdb_meta *out);

/* The source files of a build.  Each path may be NULL (source skipped);
 * a path that is given but cannot be read fails the build. */
struct vet_ipdb_sources {
  const char *geoip4, *geoip6;       /* tor-geoipdb: /usr/share/tor/geoip, geoip6 */
  const char *asn4, *asn6;           /* @ip-location-db/asn: asn-ipv4.csv, asn-ipv6.csv */
  const char *vpn4, *vpn6;           /* X4BNet CIDR lists (VPN) */
  const char *dc4, *dc6;             /* X4BNet CIDR lists (datacenter) */
  const char *vpn_asn, *dc_asn;      /* X4BNet "AS<n> # comment" lists */
  const char *cloud_csv;             /* jhassine datacenters.csv ("cidr",...,"vendor") */
  const char *tor_exits;             /* one IPv4/IPv6 address a line */
  const char *providers;             /* data/ip/providers.tsv (docs/ip.md) */
};

struct vet_ipdb_build_stats {
  size_t inputs;       /* ranges and ASNs read from all sources */
  size_t skipped;      /* malformed lines skipped (each one is reported in warn) */
  uint32_t v4_ranges, v6_ranges, records;
  bool has_asn;
};

/* Compile the sources into one table at out_path (written to a temporary
 * file, then renamed into place, so readers never see half a table).
 * Malformed lines are skipped and counted; the first few are described
 * through warn (may be NULL) with the file name and line.  Errors: VET_EIO
 * (a given source cannot be read, out_path cannot be written), VET_ENOMEM,
 * VET_ELIMIT (over 2^31 ranges or a 4 GiB string pool). */
typedef void (*vet_ipdb_warn_fn)(void *ud, const char *msg);
vet_err vet_ipdb_build(const struct vet_ipdb_sources *src, const char *out_path, vet_ipdb_warn_fn warn,
                       void *warn_ud, struct vet_ipdb_build_stats *stats, struct vet_error *e);

#endif
