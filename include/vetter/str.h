/* vetter/str.h - length-carrying strings, capped growable buffers, UTF-8
 * validation and checked number parsing.
 * Owns: a vet_buf owns its heap storage; a vet_str owns nothing.
 * Thread-safety: safe from any thread (one thread at a time per vet_buf). */
#ifndef VETTER_STR_H
#define VETTER_STR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "vetter/error.h"

/* Not NUL-terminated; ptr may be NULL when len is 0. */
typedef struct vet_str {
  const char *ptr;
  size_t len;
} vet_str;

#define VET_LIT(s) ((vet_str){(s), sizeof(s) - 1})
#define VET_STR_NULL ((vet_str){NULL, 0})
#define VET_COUNTOF(a) (sizeof(a) / sizeof((a)[0]))
/* printf("%.*s", VET_STR_FMT(s)) */
#define VET_STR_FMT(s) (int)(s).len, (s).ptr

vet_str vet_str_c(const char *s);              /* NULL gives the empty string */
/* Equal bytes.  Inline, and without a library call for 4 to 16 bytes
 * (ids, addresses, device ids: two overlapping loads a side), as it is on
 * every hot path of reading and checking. */
static inline bool vet_str_eq(vet_str a, vet_str b)
{
  if (a.len != b.len)
    return false;
  if (a.ptr == b.ptr) /* one copy (shared strings): equal without reading it */
    return true;
  if (a.len >= 8 && a.len <= 16) {
    uint64_t x0, x1, y0, y1;
    memcpy(&x0, a.ptr, 8);
    memcpy(&x1, a.ptr + a.len - 8, 8);
    memcpy(&y0, b.ptr, 8);
    memcpy(&y1, b.ptr + a.len - 8, 8);
    return x0 == y0 && x1 == y1;
  }
  if (a.len >= 4 && a.len < 8) {
    uint32_t x0, x1, y0, y1;
    memcpy(&x0, a.ptr, 4);
    memcpy(&x1, a.ptr + a.len - 4, 4);
    memcpy(&y0, b.ptr, 4);
    memcpy(&y1, b.ptr + a.len - 4, 4);
    return x0 == y0 && x1 == y1;
  }
  return a.len == 0 || memcmp(a.ptr, b.ptr, a.len) == 0;
}
bool vet_str_eq_c(vet_str a, const char *b);

/* A string in one pointer, for arrays of millions (struct vet_event): its
 * length lies in the 4 bytes before its first (native byte order), as
 * vet_arena_lstrdup writes it, and a NUL after its last; NULL is the
 * empty string (so a zeroed vet_lstr is one).  Borrowed, like a vet_str. */
typedef struct vet_lstr {
  const char *ptr;
} vet_lstr;
static inline vet_str vet_lstr_str(vet_lstr s)
{
  vet_str r = {"", 0}; /* no compound literal: the header is C++-clean */
  if (s.ptr) {
    uint32_t n;
    memcpy(&n, s.ptr - 4, 4);
    r.ptr = s.ptr;
    r.len = n;
  }
  return r;
}
static inline bool vet_lstr_eq(vet_lstr a, vet_lstr b)
{
  return a.ptr == b.ptr || vet_str_eq(vet_lstr_str(a), vet_lstr_str(b));
}
bool vet_str_ieq_c(vet_str a, const char *b);  /* ASCII case-insensitive */
bool vet_str_starts_with(vet_str s, const char *prefix);
bool vet_str_istarts_with(vet_str s, const char *prefix);
/* s without ASCII white space at either end.  Inline for the common
 * case, a string with none (every field of every record is trimmed);
 * vet_str_trim_ends does the trimming. */
vet_str vet_str_trim_ends(vet_str s);
static inline vet_str vet_str_trim(vet_str s)
{
  if (s.len && (unsigned char)s.ptr[0] > ' ' && (unsigned char)s.ptr[s.len - 1] > ' ')
    return s;
  return vet_str_trim_ends(s);
}
/* True when every byte of s is below 0x80 (plain ASCII). */
bool vet_str_is_ascii(vet_str s);
vet_str vet_str_sub(vet_str s, size_t off, size_t len); /* clamped */
/* Offset of needle in s (ASCII case-insensitive when icase), or SIZE_MAX. */
size_t vet_str_find(vet_str s, const char *needle, bool icase);

/* Names in a comma-separated list ("ofac_sdn,un_sc"), as --lists takes
 * them: vet_names_next gives the next one, spaces trimmed (start with
 * *pos = 0; false at the end); vet_names_has tells whether name is one of
 * them.  An empty or NULL list has no names. */
bool vet_names_next(const char *list, size_t *pos, vet_str *name);
bool vet_names_has(const char *list, vet_str name);

/* true when s is valid UTF-8 (no overlongs, surrogates or > U+10FFFF);
 * otherwise *bad_at (if not NULL) is the offset of the first bad byte. */
bool vet_utf8_valid(vet_str s, size_t *bad_at);
/* Copy the C string src into dst[cap], cut to cap - 1 bytes and
 * NUL-terminated: what snprintf(dst, cap, "%s", src) writes, without
 * printf's format parsing; NULL copies as "".  Nothing when cap is 0. */
void vet_cstr_copy(char *dst, size_t cap, const char *src);
/* The decimal digits of v at out (at most 20 bytes, no NUL); how many.
 * What printf's "%llu" writes, without its format parsing. */
size_t vet_dec_u64(char *out, uint64_t v);
/* v, below 10^width, in exactly width decimal digits with leading zeros
 * at out (no NUL); returns out + width.  As "%0*llu" for such v. */
char *vet_dec_fixed(char *out, uint64_t v, int width);
/* Decode the code point at s->ptr[*i], advance *i; returns -1 on bad input
 * (and advances by one byte). */
int32_t vet_utf8_next(vet_str s, size_t *i);
/* s cut to at most cap bytes on a code point boundary (bytes that do
 * not decode count one by one). */
vet_str vet_utf8_clip(vet_str s, size_t cap);
/* The length of s without an incomplete character at its end (s was cut
 * by a byte count, as snprintf cuts). */
size_t vet_utf8_whole(vet_str s);

/* Parse an unsigned decimal number: digits only, no sign, no trailing
 * bytes, no overflow.  VET_EPARSE otherwise. */
vet_err vet_parse_u64(vet_str s, uint64_t *out);
/* Parse a decimal number with an optional fraction ("0.85", "12"). */
vet_err vet_parse_double(vet_str s, double *out);

/* A growable buffer with a hard cap; always NUL-terminated when ptr. */
struct vet_buf {
  char *ptr;  /* heap, NULL until the first append */
  size_t len; /* bytes in use, not counting the NUL */
  size_t cap; /* bytes allocated */
  size_t max; /* hard cap on len; appends past it give VET_ELIMIT */
};

void vet_buf_init(struct vet_buf *b, size_t max); /* cannot fail */
void vet_buf_reset(struct vet_buf *b);            /* empty, keep storage */
void vet_buf_release(struct vet_buf *b);          /* free storage */
vet_err vet_buf_append(struct vet_buf *b, vet_str s);
vet_err vet_buf_append_c(struct vet_buf *b, const char *s);
vet_err vet_buf_putc(struct vet_buf *b, char c);
vet_err vet_buf_appendf(struct vet_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
static inline vet_str vet_buf_str(const struct vet_buf *b)
{
  vet_str s = {b->ptr, b->len}; /* no compound literal: the header is C++-clean */
  return s;
}
/* NUL-terminated contents; "" when empty.  Borrowed until the next append. */
const char *vet_buf_cstr(const struct vet_buf *b);

#endif
