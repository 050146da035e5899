/* io/json_write.c - the compact text of a jansson value, byte for byte
 * what json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER |
 * JSON_REAL_PRECISION(VET_JSON_REAL_PRECISION)) gives, written straight
 * into a vet_buf (a key that is not UTF-8, which jansson's dump writes
 * as it is, is declined instead: the caller then uses json_dumps).
 *
 * Why: jansson's dump sends every token through a callback into a growing
 * buffer and checks strings code point by code point; on `vetter check`
 * that was about 15 us of a one-kilobyte report, a sixth of a subject's
 * time.  Here the tree is walked with jansson's own accessors (jansson
 * still owns the values: nothing is parsed or built here), strings are
 * copied in runs between the bytes JSON must escape (plain ASCII strings,
 * most of them, in one copy after an eight-bytes-at-a-time check),
 * integers and short decimals (the four-place values reports hold) are
 * written without printf.
 *
 * The rules followed are jansson 2.14's (dump.c, strconv.c): keys in the
 * object's order; strings checked as UTF-8 (jansson's dump fails on
 * invalid text, and so does this); '"' and '\\' escaped with a backslash,
 * \b \f \n \r \t by their short forms, other bytes below 0x20 as \u00XX
 * with upper-case hex, '/' and everything else as is; integers in
 * decimal; reals as "%.*g", ".0" added when neither '.' nor 'e' appears,
 * and the exponent without '+' or leading zeros (1e+06 -> 1e6); only an
 * object or an array at the top (no JSON_ENCODE_ANY).  The
 * process's locale is "C" (nothing here calls setlocale), so the decimal
 * point is '.'.  tests/unit/test_json_write.c compares the two on every
 * report of the demo population and on constructed values.
 * Owns: nothing.
 * Thread-safety: safe from any thread (reads j; jansson values may be
 * read from several threads when none changes them). */
#include <math.h>
#include <stdio.h>

#include "core/common.h"
#include "vetter/json.h"

/* Nesting beyond this is refused (VET_ELIMIT): reports are a few levels
 * deep, and a caller falls back to json_dumps. */
#define MAX_DEPTH 256

/* Appending: in place while the buffer has room (the common case: the
 * caller's buffer is reused and already large), else through vet_buf,
 * which grows it or refuses past its max. */
static inline bool room(const struct vet_buf *b, size_t n)
{
  return b->ptr && n < b->cap - b->len && n <= b->max - b->len;
}

static vet_err put(struct vet_buf *b, const char *p, size_t n)
{
  if (!room(b, n))
    return vet_buf_append(b, (vet_str){p, n});
  memcpy(b->ptr + b->len, p, n);
  b->len += n;
  b->ptr[b->len] = 0;
  return VET_OK;
}

static inline vet_err putc_(struct vet_buf *b, char c)
{
  if (!room(b, 1))
    return vet_buf_putc(b, c);
  b->ptr[b->len++] = c;
  b->ptr[b->len] = 0;
  return VET_OK;
}

/* Bytes looked at together by plain(). */
#define WORD_BYTES 8

/* No byte of s[0..n) is below 0x20, 0x80 or above, '"' or '\\': the string
 * is then valid UTF-8 and written as it is.  Eight bytes at a time, with
 * the classic tests for a zero byte (a byte below k: (w - k*ones) & ~w &
 * highs) on the word and on the word xor each character. */
static bool plain(const char *s, size_t n)
{
  const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
  size_t i = 0;
  for (; i + WORD_BYTES <= n; i += WORD_BYTES) {
    uint64_t w;
    memcpy(&w, s + i, sizeof w);
    uint64_t q = w ^ (ones * '"'), bs = w ^ (ones * '\\');
    uint64_t bad = (w | ((w - ones * 0x20) & ~w) | ((q - ones) & ~q) | ((bs - ones) & ~bs)) & highs;
    if (bad)
      return false;
  }
  for (; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\')
      return false;
  }
  return true;
}

/* A JSON string: s is checked as UTF-8 first, as jansson's dump does. */
static vet_err put_string(struct vet_buf *b, const char *s, size_t n)
{
  if (plain(s, n) && room(b, n + 2)) {
    char *d = b->ptr + b->len;
    d[0] = '"';
    memcpy(d + 1, s, n);
    d[n + 1] = '"';
    d[n + 2] = 0;
    b->len += n + 2;
    return VET_OK;
  }
  if (!vet_utf8_valid((vet_str){s, n}, NULL))
    return VET_EINVAL;
  vet_err rc = putc_(b, '"');
  size_t run = 0; /* start of the bytes not yet written */
  for (size_t i = 0; i < n && !rc; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 0x20 && c != '"' && c != '\\')
      continue;
    rc = put(b, s + run, i - run);
    run = i + 1;
    char esc[8];
    size_t el = 2;
    esc[0] = '\\';
    switch (c) {
    case '"': esc[1] = '"'; break;
    case '\\': esc[1] = '\\'; break;
    case '\b': esc[1] = 'b'; break;
    case '\f': esc[1] = 'f'; break;
    case '\n': esc[1] = 'n'; break;
    case '\r': esc[1] = 'r'; break;
    case '\t': esc[1] = 't'; break;
    default:
      el = (size_t)snprintf(esc, sizeof esc, "\\u%04X", (unsigned)c);
      break;
    }
    if (!rc)
      rc = put(b, esc, el);
  }
  if (!rc)
    rc = put(b, s + run, n - run);
  return rc ? rc : putc_(b, '"');
}

static vet_err put_integer(struct vet_buf *b, json_int_t v)
{
  char d[24];
  size_t k = v < 0;
  d[0] = '-';
  k += vet_dec_u64(d + k, v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v);
  return put(b, d, k);
}

/* Decimals looked for by short_real: reports round their reals to four
 * places (scores, weights, shares). */
#define SHORT_REAL_DECIMALS 4
/* %.*g writes fixed notation, not exponents, below this magnitude. */
#define SHORT_REAL_MAX 1e6

/* v written as "%.*g" (VET_JSON_REAL_PRECISION digits) writes it, when v
 * is the double nearest to k / 10^d for integers d <= SHORT_REAL_DECIMALS
 * and |k| < SHORT_REAL_MAX: the value then has at most six significant
 * digits, so rounding it to six gives k / 10^d itself, in fixed
 * notation (1e-4 <= |v| < 1e6), trailing zeros dropped; the smallest
 * such d has no trailing zero.  Into out (at least 24 bytes); its length,
 * or 0 when v is not of that kind (printf then writes it). */
static size_t short_real(double v, char *out)
{
  static const double p10[SHORT_REAL_DECIMALS + 1] = {1, 10, 100, 1000, 10000};
  _Static_assert(VET_JSON_REAL_PRECISION == 6, "short_real gives six significant digits");
  if (!(v > -SHORT_REAL_MAX && v < SHORT_REAL_MAX) || v == 0)
    return 0;
  for (int d = 0; d <= SHORT_REAL_DECIMALS; d++) {
    double k = nearbyint(v * p10[d]);
    if (!(k > -SHORT_REAL_MAX && k < SHORT_REAL_MAX) || k / p10[d] != v)
      continue;
    unsigned long long u = (unsigned long long)(k < 0 ? -k : k), scale = (unsigned long long)p10[d];
    size_t n = k < 0;
    out[0] = '-';
    n += vet_dec_u64(out + n, u / scale);
    if (d) {
      out[n++] = '.';
      n = (size_t)(vet_dec_fixed(out + n, u % scale, d) - out);
    }
    return n;
  }
  return 0;
}

static vet_err put_real(struct vet_buf *b, double v)
{
  char d[64];
  size_t sl = short_real(v, d);
  if (sl) {
    if (!memchr(d, '.', sl)) {
      d[sl++] = '.';
      d[sl++] = '0';
    }
    return put(b, d, sl);
  }
  int r = snprintf(d, sizeof d - 3, "%.*g", VET_JSON_REAL_PRECISION, v);
  if (r < 0 || (size_t)r >= sizeof d - 3)
    return VET_EINVAL;
  size_t len = (size_t)r;
  if (!memchr(d, '.', len) && !memchr(d, 'e', len)) {
    d[len++] = '.';
    d[len++] = '0';
  }
  char *e = memchr(d, 'e', len);
  if (e) { /* drop the exponent's '+' and its leading zeros */
    char *start = e + 1, *end = start + 1;
    if (*start == '-')
      start++;
    while (end < d + len && *end == '0')
      end++;
    if (end != start) {
      memmove(start, end, (size_t)(d + len - end));
      len -= (size_t)(end - start);
    }
  }
  return put(b, d, len);
}

static vet_err put_value(struct vet_buf *b, const json_t *j, int depth, const struct vet_json_memo *memo)
{
  if (depth > MAX_DEPTH)
    return VET_ELIMIT;
  if (memo && j == memo->node)
    return put(b, memo->text, memo->len);
  switch (json_typeof(j)) {
  case JSON_OBJECT: {
    vet_err rc = putc_(b, '{');
    bool first = true;
    for (void *it = json_object_iter((json_t *)j); it && !rc; it = json_object_iter_next((json_t *)j, it)) {
      if (!first)
        rc = putc_(b, ',');
      first = false;
      if (!rc)
        rc = put_string(b, json_object_iter_key(it), json_object_iter_key_len(it));
      if (!rc)
        rc = putc_(b, ':');
      if (!rc)
        rc = put_value(b, json_object_iter_value(it), depth + 1, memo);
    }
    return rc ? rc : putc_(b, '}');
  }
  case JSON_ARRAY: {
    vet_err rc = putc_(b, '[');
    for (size_t i = 0; i < json_array_size(j) && !rc; i++) {
      if (i)
        rc = putc_(b, ',');
      if (!rc)
        rc = put_value(b, json_array_get(j, i), depth + 1, memo);
    }
    return rc ? rc : putc_(b, ']');
  }
  case JSON_STRING:
    return put_string(b, json_string_value(j), json_string_length(j));
  case JSON_INTEGER:
    return put_integer(b, json_integer_value(j));
  case JSON_REAL:
    return put_real(b, json_real_value(j));
  case JSON_TRUE:
    return put(b, "true", 4);
  case JSON_FALSE:
    return put(b, "false", 5);
  case JSON_NULL:
    return put(b, "null", 4);
  }
  return VET_EINVAL;
}

vet_err vet_json_write_compact(const json_t *j, struct vet_buf *out)
{
  return vet_json_write_compact_memo(j, NULL, out);
}

vet_err vet_json_write_compact_memo(const json_t *j, const struct vet_json_memo *memo, struct vet_buf *out)
{
  if (!j || (!json_is_object(j) && !json_is_array(j)))
    return VET_EINVAL; /* as json_dumps without JSON_ENCODE_ANY */
  if (memo && (!memo->node || memo->node == j))
    memo = NULL; /* nothing to reuse, or the whole value: written afresh */
  size_t was = out->len;
  vet_err rc = put_value(out, j, 0, memo);
  if (rc) { /* nothing half-written is left */
    out->len = was;
    if (out->ptr)
      out->ptr[was] = 0;
  }
  return rc;
}
