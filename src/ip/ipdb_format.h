/* ip/ipdb_format.h - the on-disk layout of the compiled IP range table
 * (vetter-ip.db), shared by the reader (ip/ipdb.c) and the builder
 * (ip/ipdb_build.c).
 *
 * The file is written in the machine's byte order (it is compiled on the
 * machine that uses it); the endian field tells a foreign file apart.
 *
 *   header    struct ipdb_header (64 bytes)
 *   v4_start  uint32_t[n4]   first address of each IPv4 range, strictly
 *                            increasing, v4_start[0] == 0: the ranges tile
 *                            the whole space (gaps are ranges of record 0)
 *   v4_rec    uint32_t[n4]   record index of each IPv4 range
 *   v6_start  uint64_t[2*n6] first address of each IPv6 range as (high,
 *                            low) halves, strictly increasing, first == ::
 *   v6_rec    uint32_t[n6]   record index of each IPv6 range (padded to 8)
 *   records   struct ipdb_record[nrec]; record 0 is "nothing known"
 *   pool      char[pool_len] NUL-terminated strings; offset 0 is ""
 *
 * Every section starts on an 8-byte boundary.  The checksum covers every
 * byte after its own field (IPDB_SUMMED_FROM): the rest of the header too.  The reader also checks every invariant above
 * before use, so a file that passes the checksum by accident still cannot
 * make a lookup read out of bounds.
 * Owns: nothing.  Thread-safety: safe from any thread. */
#ifndef VET_IP_IPDB_FORMAT_H
#define VET_IP_IPDB_FORMAT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/common.h"

#define IPDB_MAGIC "VETIPDB1"
#define IPDB_VERSION 1u
#define IPDB_ENDIAN 0x01020304u
#define IPDB_ALIGN 8u

struct ipdb_header {
  char magic[8];      /* IPDB_MAGIC, not NUL-terminated */
  uint32_t version;   /* IPDB_VERSION */
  uint32_t endian;    /* IPDB_ENDIAN as written by the builder */
  uint64_t file_size; /* whole file, header included */
  uint64_t checksum;  /* ipdb_checksum of the bytes from IPDB_SUMMED_FROM on */
  uint64_t built;     /* seconds since the epoch */
  uint32_t n4;        /* IPv4 ranges */
  uint32_t n6;        /* IPv6 ranges */
  uint32_t nrec;      /* records */
  uint32_t pool_len;  /* bytes of the string pool */
  uint32_t flags;     /* IPDB_HAS_ASN */
  uint32_t reserved;  /* 0 */
};

#define IPDB_HAS_ASN 1u
/* The checksum covers the file from here (the field after it) to the end. */
#define IPDB_SUMMED_FROM (offsetof(struct ipdb_header, checksum) + sizeof(uint64_t))

struct ipdb_record {
  char cc[2];        /* ISO alpha-2, or two NULs */
  uint16_t flags;    /* enum vet_ip_flags */
  uint32_t asn;      /* 0: unknown */
  uint32_t org;      /* pool offset */
  uint32_t provider; /* pool offset */
  uint32_t sources;  /* pool offset of the comma-separated source names */
};

static inline uint64_t ipdb_align(uint64_t n) { return (n + IPDB_ALIGN - 1) & ~(uint64_t)(IPDB_ALIGN - 1); }

/* Section offsets from the counts (the layout above). */
struct ipdb_layout {
  uint64_t v4_start, v4_rec, v6_start, v6_rec, records, pool, end;
};
static inline struct ipdb_layout ipdb_layout_of(uint64_t n4, uint64_t n6, uint64_t nrec, uint64_t pool_len)
{
  struct ipdb_layout l;
  l.v4_start = ipdb_align(sizeof(struct ipdb_header));
  l.v4_rec = ipdb_align(l.v4_start + 4 * n4);
  l.v6_start = ipdb_align(l.v4_rec + 4 * n4);
  l.v6_rec = ipdb_align(l.v6_start + 16 * n6);
  l.records = ipdb_align(l.v6_rec + 4 * n6);
  l.pool = ipdb_align(l.records + sizeof(struct ipdb_record) * nrec);
  l.end = l.pool + pool_len;
  return l;
}

/* The file's checksum (vet_checksum): fast enough to check a 10 MB table
 * at every open, and catches truncation and bit rot. */
static inline uint64_t ipdb_checksum(const unsigned char *p, uint64_t n) { return vet_checksum(p, n, VET_CHECKSUM_SEED); }

#endif
