/* unit/mmdb_writer.h - a small, test-only writer of MaxMind DB files
 * (.mmdb, format 2.0 as published by MaxMind at
 * https://maxmind.github.io/MaxMind-DB/), so that the tests of ip/mmdb.c
 * can make real databases at test time: Debian packages no writer.
 *
 * A file is three sections:
 *   search tree  node_count nodes of two records each (24, 28 or 32 bits):
 *                a record < node_count is a node, == node_count is "no
 *                data", > node_count points into the data section at
 *                (record - node_count - 16)
 *   16 zero bytes, then the data section (typed values: maps, strings,
 *                numbers, pointers to other values)
 *   metadata     "\xAB\xCD\xEFMaxMind.com" then one map (node_count,
 *                record_size, ip_version, database_type, languages,
 *                binary_format_major/minor_version, build_epoch, description)
 *
 * Use: mmw_new, append values to mmw_data() (mmw_map, mmw_str, ...),
 * taking the offset (mmw_here) before each record; mmw_insert a network
 * with that offset; mmw_write.  IPv4 networks in an IPv6 tree go under
 * ::/96 (where libmaxminddb looks IPv4 addresses up).  A network inserted
 * inside one that already has data splits it (the rest keeps the outer
 * data), as real writers do.
 *
 * Not a general tool: no IPv4-mapped aliasing, no data deduplication, and
 * it fails the running test (cmocka) on misuse instead of returning errors.
 * Owns: a struct mmw owns its tree and buffers (mmw_free).
 * Thread-safety: one thread at a time per struct mmw. */
#ifndef VET_TEST_MMDB_WRITER_H
#define VET_TEST_MMDB_WRITER_H

#include <stddef.h>
#include <stdint.h>

/* Encoded values, appended in order; a growable byte buffer. */
struct mmw_buf {
  uint8_t *p;
  size_t len, cap;
};

void mmw_map(struct mmw_buf *b, uint32_t pairs);  /* then `pairs` key (mmw_str) / value pairs */
void mmw_array(struct mmw_buf *b, uint32_t n);    /* then n values */
void mmw_str(struct mmw_buf *b, const char *s);   /* utf8_string (bytes as given: may be invalid) */
void mmw_strn(struct mmw_buf *b, const char *s, size_t n);
void mmw_double(struct mmw_buf *b, double v);
void mmw_float(struct mmw_buf *b, float v);
void mmw_u16(struct mmw_buf *b, uint16_t v);
void mmw_u32(struct mmw_buf *b, uint32_t v);
void mmw_u64(struct mmw_buf *b, uint64_t v);
void mmw_bool(struct mmw_buf *b, int v);
void mmw_ptr(struct mmw_buf *b, uint32_t data_offset); /* a pointer to a value written earlier */

struct mmw;

/* A database of ip_version 4 or 6 with records of record_size 24, 28 or 32 bits. */
struct mmw *mmw_new(int ip_version, int record_size, const char *database_type);
void mmw_free(struct mmw *w);

/* The data section, and the offset the next value will have in it. */
struct mmw_buf *mmw_data(struct mmw *w);
uint32_t mmw_here(const struct mmw *w);

/* Point the network cidr ("198.51.100.0/24", "2001:db8::/32"; a bare
 * address is a /32 or /128) at the value at data_offset. */
void mmw_insert(struct mmw *w, const char *cidr, uint32_t data_offset);

/* The whole file image (caller frees); *len its size. */
uint8_t *mmw_image(const struct mmw *w, size_t *len);
/* Write the image to path. */
void mmw_write(const struct mmw *w, const char *path);

#endif
