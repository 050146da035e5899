/* normalize/fold.c - NFKC + case fold + mark stripping via utf8proc. */
#include <utf8proc.h>

#include "normalize/fold.h"

vet_err vet_fold(vet_str in, struct vet_buf *out)
{
  if (vet_str_is_ascii(in)) {
    size_t at = out->len;
    if (in.len && in.len <= out->max - at) { /* room for all of it: one copy, lowered in place */
      vet_err rc = vet_buf_append(out, in);
      if (rc)
        return rc;
      for (size_t i = at; i < out->len; i++)
        out->ptr[i] = (char)vet_lower((unsigned char)out->ptr[i]);
      return VET_OK;
    }
    for (size_t i = 0; i < in.len; i++) { /* as much as fits, as before */
      vet_err rc = vet_buf_putc(out, (char)vet_lower((unsigned char)in.ptr[i]));
      if (rc)
        return rc;
    }
    return VET_OK;
  }
  utf8proc_uint8_t *res = NULL;
  utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)in.ptr, (utf8proc_ssize_t)in.len, &res,
                                    UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD |
                                        UTF8PROC_STRIPMARK | UTF8PROC_IGNORE);
  if (n < 0) {
    free(res);
    return n == UTF8PROC_ERROR_NOMEM ? VET_ENOMEM : VET_EPARSE;
  }
  vet_err rc = vet_buf_append(out, (vet_str){(const char *)res, (size_t)n});
  free(res);
  return rc;
}

/* Folded text p[0..n) collapsed in place into a lookup key: every run of
 * ASCII punctuation or space as one space, none leading (a trailing one
 * is the caller's to drop); returns the key's length. */
static size_t key_pass(char *p, size_t n)
{
  bool space = true;
  size_t w = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)p[i];
    if (c < 0x80 && !vet_is_alnum(c)) {
      if (!space)
        p[w++] = ' ';
      space = true;
    } else {
      p[w++] = (char)c;
      space = false;
    }
  }
  return w;
}

size_t vet_fold_key_ascii(vet_str in, char *dst, size_t cap)
{
  if (in.len >= cap || !vet_str_is_ascii(in))
    return SIZE_MAX;
  for (size_t i = 0; i < in.len; i++) /* vet_fold of ASCII: lowered */
    dst[i] = (char)vet_lower((unsigned char)in.ptr[i]);
  size_t n = key_pass(dst, in.len);
  if (n && dst[n - 1] == ' ')
    n--;
  dst[n] = 0;
  return n;
}

vet_err vet_fold_key(vet_str in, struct vet_buf *out)
{
  vet_err rc;
  if (vet_str_is_ascii(in) && in.len <= out->max - out->len) {
    /* ASCII with room for it all (the key is never longer): folded
     * straight into out (one copy, lowered) and collapsed there */
    size_t at = out->len;
    if ((rc = vet_fold(in, out)))
      return rc;
    if (out->len > at) {
      out->len = at + key_pass(out->ptr + at, out->len - at);
      out->ptr[out->len] = 0;
    }
  } else {
    struct vet_buf tmp;
    vet_buf_init(&tmp, out->max);
    rc = vet_fold(in, &tmp);
    if (!rc && tmp.len)
      rc = vet_buf_append(out, (vet_str){tmp.ptr, key_pass(tmp.ptr, tmp.len)});
    vet_buf_release(&tmp);
    if (rc)
      return rc;
  }
  if (out->len && out->ptr[out->len - 1] == ' ')
    out->ptr[--out->len] = 0;
  return VET_OK;
}
