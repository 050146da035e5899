/* unit/mmdb_writer.c - the test-only MaxMind DB writer of mmdb_writer.h:
 * typed values in the data-section encoding, a binary trie of networks
 * written as the search tree, and the metadata map.  Written from the
 * published format description (MaxMind DB File Format Specification 2.0);
 * test_mmdb.c checks its output against libmaxminddb before relying on it. */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "mmdb_writer.h"

/* Data-section type numbers (the specification's table). */
enum {
  T_POINTER = 1,
  T_UTF8 = 2,
  T_DOUBLE = 3,
  T_UINT16 = 5,
  T_UINT32 = 6,
  T_MAP = 7,
  T_UINT64 = 9,
  T_ARRAY = 11,
  T_BOOLEAN = 14,
  T_FLOAT = 15,
};
/* The size field: values below 29 fit the control byte; 29, 30 and 31 say
 * that 1, 2 or 3 more bytes follow, counting from these bases. */
#define SIZE_INLINE_MAX 28
#define SIZE_BASE_1 29u
#define SIZE_BASE_2 285u
#define SIZE_BASE_3 65821u
#define SIZE_MAX_3 (SIZE_BASE_3 + 0xffffffu)
/* Pointer sizes: 11, 19 and 27 bits with these biases, then a raw 32-bit value. */
#define PTR_BASE_1 2048u
#define PTR_BASE_2 526336u
#define PTR_BASE_3 134744064u
/* The 16 zero bytes between the search tree and the data section. */
#define DATA_SEPARATOR 16u
static const char metadata_marker[] = "\xAB\xCD\xEFMaxMind.com";

static void put(struct mmw_buf *b, const void *p, size_t n)
{
  if (b->len + n > b->cap) {
    size_t cap = b->cap ? b->cap * 2 : 256;
    while (cap < b->len + n)
      cap *= 2;
    uint8_t *g = realloc(b->p, cap);
    if (!g)
      fail_msg("mmdb writer: out of memory");
    b->p = g;
    b->cap = cap;
  }
  if (n)
    memcpy(b->p + b->len, p, n);
  b->len += n;
}

static void put_byte(struct mmw_buf *b, unsigned v)
{
  uint8_t c = (uint8_t)v;
  put(b, &c, 1);
}

/* Big-endian, the n low bytes of v. */
static void put_be(struct mmw_buf *b, uint64_t v, int n)
{
  for (int i = n - 1; i >= 0; i--)
    put_byte(b, (unsigned)(v >> (8 * i)) & 0xff);
}

/* Control byte (type in the top 3 bits, or 0 and an extended-type byte of
 * type - 7), then the size, then any size bytes. */
static void put_ctrl(struct mmw_buf *b, int type, size_t size)
{
  if (size > SIZE_MAX_3)
    fail_msg("mmdb writer: value of %zu bytes is too large", size);
  unsigned first = (unsigned)(type > 7 ? 0 : type) << 5;
  int extra = 0;
  size_t rest = 0;
  if (size <= SIZE_INLINE_MAX) {
    first |= (unsigned)size;
  } else if (size < SIZE_BASE_2) {
    first |= 29;
    extra = 1;
    rest = size - SIZE_BASE_1;
  } else if (size < SIZE_BASE_3) {
    first |= 30;
    extra = 2;
    rest = size - SIZE_BASE_2;
  } else {
    first |= 31;
    extra = 3;
    rest = size - SIZE_BASE_3;
  }
  put_byte(b, first);
  if (type > 7)
    put_byte(b, (unsigned)(type - 7));
  put_be(b, rest, extra);
}

/* Unsigned integers take as few bytes as their value needs (0 for zero). */
static void put_uint(struct mmw_buf *b, int type, uint64_t v)
{
  int n = 0;
  for (uint64_t x = v; x; x >>= 8)
    n++;
  put_ctrl(b, type, (size_t)n);
  put_be(b, v, n);
}

void mmw_map(struct mmw_buf *b, uint32_t pairs) { put_ctrl(b, T_MAP, pairs); }
void mmw_array(struct mmw_buf *b, uint32_t n) { put_ctrl(b, T_ARRAY, n); }
void mmw_strn(struct mmw_buf *b, const char *s, size_t n)
{
  put_ctrl(b, T_UTF8, n);
  put(b, s, n);
}
void mmw_str(struct mmw_buf *b, const char *s) { mmw_strn(b, s, strlen(s)); }
void mmw_u16(struct mmw_buf *b, uint16_t v) { put_uint(b, T_UINT16, v); }
void mmw_u32(struct mmw_buf *b, uint32_t v) { put_uint(b, T_UINT32, v); }
void mmw_u64(struct mmw_buf *b, uint64_t v) { put_uint(b, T_UINT64, v); }
void mmw_bool(struct mmw_buf *b, int v) { put_ctrl(b, T_BOOLEAN, v ? 1 : 0); }

void mmw_double(struct mmw_buf *b, double v)
{
  uint64_t u;
  memcpy(&u, &v, sizeof u);
  put_ctrl(b, T_DOUBLE, 8);
  put_be(b, u, 8);
}

void mmw_float(struct mmw_buf *b, float v)
{
  uint32_t u;
  memcpy(&u, &v, sizeof u);
  put_ctrl(b, T_FLOAT, 4);
  put_be(b, u, 4);
}

/* Control byte 001SSVVV: SS picks the size, VVV are the top bits of the
 * value for the three short forms. */
void mmw_ptr(struct mmw_buf *b, uint32_t off)
{
  if (off < PTR_BASE_1) {
    put_byte(b, (T_POINTER << 5) | (0u << 3) | (off >> 8));
    put_be(b, off, 1);
  } else if (off < PTR_BASE_2) {
    uint32_t v = off - PTR_BASE_1;
    put_byte(b, (T_POINTER << 5) | (1u << 3) | (v >> 16));
    put_be(b, v, 2);
  } else if (off < PTR_BASE_3) {
    uint32_t v = off - PTR_BASE_2;
    put_byte(b, (T_POINTER << 5) | (2u << 3) | (v >> 24));
    put_be(b, v, 3);
  } else {
    put_byte(b, (T_POINTER << 5) | (3u << 3));
    put_be(b, off, 4);
  }
}

/* ---- the tree ---- */

enum rec_kind { R_EMPTY, R_NODE, R_DATA };

struct node {
  uint32_t rec[2];     /* node number or data offset, by kind */
  uint8_t kind[2];     /* enum rec_kind */
};

struct mmw {
  int ip_version, record_size;
  char type[64];       /* database_type */
  struct node *nodes;  /* node 0 is the root */
  uint32_t n, cap;
  struct mmw_buf data;
};

static uint32_t new_node(struct mmw *w)
{
  if (w->n == w->cap) {
    uint32_t cap = w->cap ? w->cap * 2 : 64;
    struct node *g = realloc(w->nodes, cap * sizeof *g);
    if (!g)
      fail_msg("mmdb writer: out of memory");
    w->nodes = g;
    w->cap = cap;
  }
  memset(&w->nodes[w->n], 0, sizeof w->nodes[w->n]);
  return w->n++;
}

struct mmw *mmw_new(int ip_version, int record_size, const char *database_type)
{
  if ((ip_version != 4 && ip_version != 6) || (record_size != 24 && record_size != 28 && record_size != 32))
    fail_msg("mmdb writer: ip_version %d, record_size %d", ip_version, record_size);
  struct mmw *w = calloc(1, sizeof *w);
  if (!w)
    fail_msg("mmdb writer: out of memory");
  w->ip_version = ip_version;
  w->record_size = record_size;
  snprintf(w->type, sizeof w->type, "%s", database_type);
  new_node(w);
  return w;
}

void mmw_free(struct mmw *w)
{
  if (!w)
    return;
  free(w->nodes);
  free(w->data.p);
  free(w);
}

struct mmw_buf *mmw_data(struct mmw *w) { return &w->data; }
uint32_t mmw_here(const struct mmw *w) { return (uint32_t)w->data.len; }

void mmw_insert(struct mmw *w, const char *cidr, uint32_t off)
{
  char text[64];
  snprintf(text, sizeof text, "%s", cidr);
  char *slash = strchr(text, '/');
  if (slash)
    *slash = '\0';
  uint8_t key[16] = {0};
  int plen, depth = w->ip_version == 4 ? 32 : 128;
  if (strchr(text, ':')) {
    if (w->ip_version == 4 || inet_pton(AF_INET6, text, key) != 1)
      fail_msg("mmdb writer: bad network '%s'", cidr);
    plen = slash ? (int)strtol(slash + 1, NULL, 10) : 128;
  } else {
    uint8_t *at = w->ip_version == 4 ? key : key + 12;
    if (inet_pton(AF_INET, text, at) != 1)
      fail_msg("mmdb writer: bad network '%s'", cidr);
    plen = slash ? (int)strtol(slash + 1, NULL, 10) : 32;
    if (plen > 32)
      fail_msg("mmdb writer: bad prefix in '%s'", cidr);
    if (w->ip_version == 6)
      plen += 96;
  }
  if (plen < 1 || plen > depth)
    fail_msg("mmdb writer: bad prefix in '%s'", cidr);
  uint32_t n = 0;
  for (int i = 0; i < plen; i++) {
    int bit = (key[i / 8] >> (7 - i % 8)) & 1;
    if (i == plen - 1) {
      if (w->nodes[n].kind[bit] == R_NODE)
        fail_msg("mmdb writer: '%s' covers networks inserted before it; insert it first", cidr);
      w->nodes[n].kind[bit] = R_DATA;
      w->nodes[n].rec[bit] = off;
      break;
    }
    if (w->nodes[n].kind[bit] == R_NODE) {
      n = w->nodes[n].rec[bit];
      continue;
    }
    uint32_t m = new_node(w); /* may move the array: index, never a pointer */
    if (w->nodes[n].kind[bit] == R_DATA) { /* split: both halves keep the outer data */
      w->nodes[m].kind[0] = w->nodes[m].kind[1] = R_DATA;
      w->nodes[m].rec[0] = w->nodes[m].rec[1] = w->nodes[n].rec[bit];
    }
    w->nodes[n].kind[bit] = R_NODE;
    w->nodes[n].rec[bit] = m;
    n = m;
  }
}

static uint64_t record_value(const struct mmw *w, const struct node *nd, int side)
{
  switch (nd->kind[side]) {
  case R_NODE:
    return nd->rec[side];
  case R_DATA:
    return (uint64_t)w->n + DATA_SEPARATOR + nd->rec[side];
  default:
    return w->n;
  }
}

static void put_node(const struct mmw *w, struct mmw_buf *b, const struct node *nd)
{
  uint64_t l = record_value(w, nd, 0), r = record_value(w, nd, 1);
  if (l >> w->record_size || r >> w->record_size)
    fail_msg("mmdb writer: a record does not fit %d bits", w->record_size);
  switch (w->record_size) {
  case 24:
    put_be(b, l, 3);
    put_be(b, r, 3);
    break;
  case 28: /* the middle byte holds the top nibbles: left's high, right's low */
    put_be(b, l & 0xffffff, 3);
    put_byte(b, (unsigned)(((l >> 24) & 0xf) << 4 | ((r >> 24) & 0xf)));
    put_be(b, r & 0xffffff, 3);
    break;
  default:
    put_be(b, l, 4);
    put_be(b, r, 4);
  }
}

static void put_meta(const struct mmw *w, struct mmw_buf *m)
{
  mmw_map(m, 9);
  mmw_str(m, "binary_format_major_version");
  mmw_u16(m, 2);
  mmw_str(m, "binary_format_minor_version");
  mmw_u16(m, 0);
  mmw_str(m, "build_epoch");
  mmw_u64(m, (uint64_t)time(NULL));
  mmw_str(m, "database_type");
  mmw_str(m, w->type);
  mmw_str(m, "description");
  mmw_map(m, 1);
  mmw_str(m, "en");
  mmw_str(m, "Vetter test fixture (tests/unit/mmdb_writer.c)");
  mmw_str(m, "ip_version");
  mmw_u16(m, (uint16_t)w->ip_version);
  mmw_str(m, "languages");
  mmw_array(m, 1);
  mmw_str(m, "en");
  mmw_str(m, "node_count");
  mmw_u32(m, w->n);
  mmw_str(m, "record_size");
  mmw_u16(m, (uint16_t)w->record_size);
}

uint8_t *mmw_image(const struct mmw *w, size_t *len)
{
  struct mmw_buf b = {0};
  for (uint32_t i = 0; i < w->n; i++)
    put_node(w, &b, &w->nodes[i]);
  static const uint8_t zeros[DATA_SEPARATOR];
  put(&b, zeros, sizeof zeros);
  put(&b, w->data.p, w->data.len);
  put(&b, metadata_marker, sizeof metadata_marker - 1);
  put_meta(w, &b);
  *len = b.len;
  return b.p;
}

void mmw_write(const struct mmw *w, const char *path)
{
  size_t len;
  uint8_t *img = mmw_image(w, &len);
  FILE *f = fopen(path, "wb");
  if (!f || fwrite(img, 1, len, f) != len)
    fail_msg("mmdb writer: cannot write '%s'", path);
  fclose(f);
  free(img);
}
