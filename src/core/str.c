/* core/str.c - vet_str helpers, the capped vet_buf, UTF-8 validation and
 * checked number parsing. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>

#include "core/common.h"

vet_str vet_str_c(const char *s)
{
  return s ? (vet_str){s, strlen(s)} : (vet_str){"", 0};
}

bool vet_str_eq_c(vet_str a, const char *b) { return vet_str_eq(a, vet_str_c(b)); }

bool vet_str_ieq_c(vet_str a, const char *b)
{
  if (!a.len)
    return !b[0];
  if (vet_lower((unsigned char)a.ptr[0]) != vet_lower((unsigned char)b[0]))
    return false; /* most words compared differ at once: no strlen for them */
  size_t n = strlen(b);
  if (n != a.len)
    return false;
  for (size_t i = 0; i < n; i++)
    if (vet_lower((unsigned char)a.ptr[i]) != vet_lower((unsigned char)b[i]))
      return false;
  return true;
}

bool vet_str_starts_with(vet_str s, const char *prefix)
{
  size_t n = strlen(prefix);
  return s.len >= n && memcmp(s.ptr, prefix, n) == 0;
}

bool vet_str_istarts_with(vet_str s, const char *prefix)
{
  size_t n = strlen(prefix);
  return s.len >= n && vet_str_ieq_c((vet_str){s.ptr, n}, prefix);
}

static bool is_space(int c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }

vet_str vet_str_trim_ends(vet_str s)
{
  while (s.len && is_space((unsigned char)s.ptr[0])) {
    s.ptr++;
    s.len--;
  }
  while (s.len && is_space((unsigned char)s.ptr[s.len - 1]))
    s.len--;
  return s;
}

/* Whether the 8 bytes at p are all ASCII (read unaligned). */
static inline bool ascii8(const char *p)
{
  uint64_t w;
  memcpy(&w, p, sizeof w);
  return !(w & UINT64_C(0x8080808080808080));
}

bool vet_str_is_ascii(vet_str s)
{
  size_t i = 0;
  for (; i + 8 <= s.len; i += 8)
    if (!ascii8(s.ptr + i))
      return false;
  for (; i < s.len; i++)
    if ((unsigned char)s.ptr[i] >= 0x80)
      return false;
  return true;
}

vet_str vet_str_sub(vet_str s, size_t off, size_t len)
{
  if (!s.ptr)
    return (vet_str){"", 0};
  if (off > s.len)
    off = s.len;
  if (len > s.len - off)
    len = s.len - off;
  return (vet_str){s.ptr + off, len};
}

size_t vet_str_find(vet_str s, const char *needle, bool icase)
{
  size_t n = strlen(needle);
  if (n == 0)
    return 0;
  for (size_t i = 0; i + n <= s.len; i++) {
    size_t j = 0;
    for (; j < n; j++) {
      int a = (unsigned char)s.ptr[i + j], b = (unsigned char)needle[j];
      if (icase ? vet_lower(a) != vet_lower(b) : a != b)
        break;
    }
    if (j == n)
      return i;
  }
  return SIZE_MAX;
}

int32_t vet_utf8_next(vet_str s, size_t *i)
{
  const unsigned char *p = (const unsigned char *)s.ptr;
  size_t k = *i;
  if (k >= s.len)
    return -1;
  unsigned c = p[k];
  int need;
  uint32_t cp, min;
  if (c < 0x80) {
    *i = k + 1;
    return (int32_t)c;
  } else if ((c & 0xE0) == 0xC0) {
    need = 1; cp = c & 0x1F; min = 0x80;
  } else if ((c & 0xF0) == 0xE0) {
    need = 2; cp = c & 0x0F; min = 0x800;
  } else if ((c & 0xF8) == 0xF0) {
    need = 3; cp = c & 0x07; min = 0x10000;
  } else {
    *i = k + 1;
    return -1;
  }
  if (k + (size_t)need >= s.len) {
    *i = k + 1;
    return -1;
  }
  for (int j = 1; j <= need; j++) {
    unsigned cc = p[k + (size_t)j];
    if ((cc & 0xC0) != 0x80) {
      *i = k + 1;
      return -1;
    }
    cp = (cp << 6) | (cc & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    *i = k + 1;
    return -1;
  }
  *i = k + 1 + (size_t)need;
  return (int32_t)cp;
}

size_t vet_utf8_whole(vet_str s)
{
  size_t k = s.len, cont = 0;
  while (k > 0 && cont < 3 && ((unsigned char)s.ptr[k - 1] & 0xC0) == 0x80) {
    k--;
    cont++;
  }
  if (k == 0)
    return s.len;
  unsigned char lead = (unsigned char)s.ptr[k - 1];
  size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
  return cont + 1 < need ? k - 1 : s.len;
}

vet_str vet_utf8_clip(vet_str s, size_t cap)
{
  if (s.len <= cap)
    return s;
  size_t i = 0, end = 0;
  while (i < s.len) {
    vet_utf8_next(s, &i);
    if (i > cap)
      break;
    end = i;
  }
  return (vet_str){s.ptr, end};
}

void vet_cstr_copy(char *dst, size_t cap, const char *src)
{
  if (!cap)
    return;
  size_t n = src ? strnlen(src, cap - 1) : 0;
  if (n)
    memcpy(dst, src, n);
  dst[n] = 0;
}

size_t vet_dec_u64(char *out, uint64_t v)
{
  char rev[20];
  size_t n = 0;
  do {
    rev[n++] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  for (size_t i = 0; i < n; i++)
    out[i] = rev[n - 1 - i];
  return n;
}

char *vet_dec_fixed(char *out, uint64_t v, int width)
{
  for (int i = width - 1; i >= 0; i--, v /= 10)
    out[i] = (char)('0' + v % 10);
  return out + width;
}

bool vet_utf8_valid(vet_str s, size_t *bad_at)
{
  size_t i = 0;
  while (i < s.len) {
    if (i + 8 <= s.len && ascii8(s.ptr + i)) { /* fast paths: 8 ASCII bytes, one */
      i += 8;
      continue;
    }
    unsigned char c = (unsigned char)s.ptr[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    size_t at = i;
    if (vet_utf8_next(s, &i) < 0) {
      if (bad_at)
        *bad_at = at;
      return false;
    }
  }
  return true;
}

vet_err vet_parse_u64(vet_str s, uint64_t *out)
{
  if (s.len == 0 || s.len > 20)
    return VET_EPARSE;
  uint64_t v = 0;
  for (size_t i = 0; i < s.len; i++) {
    int c = (unsigned char)s.ptr[i];
    if (!vet_is_digit(c))
      return VET_EPARSE;
    uint64_t d = (uint64_t)(c - '0');
    if (v > (UINT64_MAX - d) / 10)
      return VET_EPARSE;
    v = v * 10 + d;
  }
  *out = v;
  return VET_OK;
}

vet_err vet_parse_double(vet_str s, double *out)
{
  char tmp[64];
  if (s.len == 0 || s.len >= sizeof tmp)
    return VET_EPARSE;
  for (size_t i = 0; i < s.len; i++) {
    int c = (unsigned char)s.ptr[i];
    if (!vet_is_digit(c) && c != '.' && c != 'e' && c != 'E' && c != '-' && c != '+')
      return VET_EPARSE; /* strtod would also take "inf", "nan" and hex */
  }
  memcpy(tmp, s.ptr, s.len);
  tmp[s.len] = 0;
  char *end = NULL;
  errno = 0;
  double v = strtod(tmp, &end);
  if (errno || end != tmp + s.len || !isfinite(v))
    return VET_EPARSE;
  *out = v;
  return VET_OK;
}

void vet_buf_init(struct vet_buf *b, size_t max)
{
  b->ptr = NULL;
  b->len = b->cap = 0;
  b->max = max ? max : SIZE_MAX / 2;
}

void vet_buf_reset(struct vet_buf *b)
{
  b->len = 0;
  if (b->ptr)
    b->ptr[0] = 0;
}

void vet_buf_release(struct vet_buf *b)
{
  free(b->ptr);
  b->ptr = NULL;
  b->len = b->cap = 0;
}

static vet_err buf_reserve(struct vet_buf *b, size_t extra)
{
  if (extra > b->max - b->len)
    return VET_ELIMIT;
  size_t need = b->len + extra + 1;
  if (need <= b->cap)
    return VET_OK;
  size_t ncap = b->cap ? b->cap : 64;
  while (ncap < need)
    ncap *= 2;
  char *p = realloc(b->ptr, ncap);
  if (!p)
    return VET_ENOMEM;
  b->ptr = p;
  b->cap = ncap;
  return VET_OK;
}

vet_err vet_buf_append(struct vet_buf *b, vet_str s)
{
  vet_err rc = buf_reserve(b, s.len);
  if (rc)
    return rc;
  if (s.len)
    memcpy(b->ptr + b->len, s.ptr, s.len);
  b->len += s.len;
  b->ptr[b->len] = 0;
  return VET_OK;
}

vet_err vet_buf_append_c(struct vet_buf *b, const char *s) { return vet_buf_append(b, vet_str_c(s)); }

vet_err vet_buf_putc(struct vet_buf *b, char c) { return vet_buf_append(b, (vet_str){&c, 1}); }

vet_err vet_buf_appendf(struct vet_buf *b, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  char small[256];
  int n = vsnprintf(small, sizeof small, fmt, ap);
  va_end(ap);
  if (n < 0)
    return VET_EINVAL;
  if ((size_t)n < sizeof small)
    return vet_buf_append(b, (vet_str){small, (size_t)n});
  vet_err rc = buf_reserve(b, (size_t)n);
  if (rc)
    return rc;
  va_start(ap, fmt);
  vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->len += (size_t)n;
  return VET_OK;
}

const char *vet_buf_cstr(const struct vet_buf *b) { return b->ptr ? b->ptr : ""; }

bool vet_names_next(const char *list, size_t *pos, vet_str *name)
{
  if (!list)
    return false;
  /* to the next ',' or the end: no strlen per item (the location signals
   * ask lists per subject) */
  while (list[*pos]) {
    const char *p = list + *pos;
    size_t len = 0;
    while (p[len] && p[len] != ',')
      len++;
    *pos += len + (p[len] == ',');
    vet_str item = vet_str_trim((vet_str){p, len});
    if (item.len) {
      *name = item;
      return true;
    }
  }
  return false;
}

bool vet_names_has(const char *list, vet_str name)
{
  size_t pos = 0;
  vet_str it;
  while (vet_names_next(list, &pos, &it))
    if (vet_str_eq(it, name))
      return true;
  return false;
}
