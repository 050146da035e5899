/* ip/mmdb.h - MaxMind-format databases (.mmdb: GeoLite2, GeoIP2, DB-IP,
 * IPinfo, the npm @ip-location-db mmdb packages) through libmaxminddb: open
 * one or a few files, and read what they say of one address (country, city,
 * coordinates and their accuracy).  ip/ipdb.c overlays the answer on the
 * compiled range table.
 * Owns: an ip_mmdb owns its libmaxminddb handles (and their mappings).
 * Thread-safety: immutable once opened; share freely (lookups only read
 * the mapping and allocate nothing). */
#ifndef VET_IP_MMDB_H
#define VET_IP_MMDB_H

#include <stdbool.h>
#include <stdint.h>

#include "vetter/error.h"
#include "vetter/ip.h"

/* Several files may be given in one path, separated by this character (as
 * in $PATH), at most IP_MMDB_MAX_FILES: the npm @ip-location-db packages
 * ship IPv4 and IPv6 in separate files. */
#define IP_MMDB_PATH_SEP ':'
#define IP_MMDB_MAX_FILES 4

struct ip_mmdb;

/* What the databases say of one address; each field empty/false/0 when
 * they do not say. */
struct ip_mmdb_answer {
  char country[3];              /* ISO alpha-2, upper case */
  char city[VET_IP_CITY_MAX];   /* English name, valid UTF-8, cut at a character boundary */
  bool has_coords;              /* lat in [-90, 90], lon in [-180, 180] */
  double lat, lon;
  uint16_t accuracy_km;         /* radius around the coordinates */
};

/* Open the files of paths (IP_MMDB_PATH_SEP-separated; empty pieces are
 * skipped) with libmaxminddb, memory-mapped.  NULL on failure, with a
 * message naming the file: VET_EIO (cannot be read), VET_EPARSE (not a
 * valid MaxMind DB), VET_ENOMEM, VET_ELIMIT (too many files or a path over
 * PATH_MAX), VET_EINVAL (no file named at all). */
struct ip_mmdb *ip_mmdb_open(const char *paths, struct vet_error *e);
void ip_mmdb_close(struct ip_mmdb *m); /* NULL-safe */

/* Ask the files in order; the first that has something usable for ip
 * answers.  False (and an empty *out) when none does: an address outside
 * every network, an IPv6 address when the files are IPv4-only, a record
 * with none of the fields read, or a record libmaxminddb reports corrupt. */
bool ip_mmdb_lookup(const struct ip_mmdb *m, const struct vet_ip_addr *ip, struct ip_mmdb_answer *out);

#endif
