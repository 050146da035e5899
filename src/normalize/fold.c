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

vet_err vet_fold_key(vet_str in, struct vet_buf *out)
{
  if (vet_str_is_ascii(in) && in.len <= out->max - out->len) {
    /* ASCII with room for it all (the key is never longer): copied, then
     * lowered and collapsed in place, the same bytes as the passes below */
    if (in.len) {
      size_t at = out->len;
      vet_err rc = vet_buf_append(out, in);
      if (rc)
        return rc;
      bool space = true;
      size_t w = at;
      for (size_t i = at; i < out->len; i++) {
        unsigned char c = (unsigned char)vet_lower((unsigned char)out->ptr[i]);
        if (!vet_is_alnum(c)) {
          if (!space)
            out->ptr[w++] = ' ';
          space = true;
        } else {
          out->ptr[w++] = (char)c;
          space = false;
        }
      }
      out->len = w;
      out->ptr[w] = 0;
    }
    if (out->len && out->ptr[out->len - 1] == ' ')
      out->ptr[--out->len] = 0;
    return VET_OK;
  }
  struct vet_buf tmp;
  vet_buf_init(&tmp, out->max);
  vet_err rc = vet_fold(in, &tmp);
  if (rc) {
    vet_buf_release(&tmp);
    return rc;
  }
  bool space = true; /* suppress leading spaces */
  for (size_t i = 0; i < tmp.len && !rc; i++) {
    unsigned char c = (unsigned char)tmp.ptr[i];
    if (c < 0x80 && !vet_is_alnum(c)) {
      if (!space)
        rc = vet_buf_putc(out, ' ');
      space = true;
    } else {
      rc = vet_buf_putc(out, (char)c);
      space = false;
    }
  }
  if (!rc && out->len && out->ptr[out->len - 1] == ' ')
    out->ptr[--out->len] = 0;
  vet_buf_release(&tmp);
  return rc;
}
