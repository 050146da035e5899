/* lists/ident.c - normalized keys for exact identifier matching, shared by
 * list loading and by queries so both sides meet. */
#include "core/common.h"
#include "vetter/entity.h"

static vet_str out_dup(struct vet_arena *a, struct vet_buf *b)
{
  vet_str r = vet_arena_strdup(a, vet_buf_str(b));
  vet_buf_release(b);
  return r;
}

/* "https://www.Example.com/path" -> "example.com" */
static void domain_of(vet_str v, struct vet_buf *b)
{
  size_t p = vet_str_find(v, "://", false);
  if (p != SIZE_MAX)
    v = vet_str_sub(v, p + 3, v.len);
  size_t at = SIZE_MAX;
  for (size_t i = 0; i < v.len; i++)
    if (v.ptr[i] == '/' || v.ptr[i] == '?' || v.ptr[i] == '#') {
      v.len = i;
      break;
    } else if (v.ptr[i] == '@') {
      at = i;
    }
  if (at != SIZE_MAX)
    v = vet_str_sub(v, at + 1, v.len);
  for (size_t i = 0; i < v.len; i++)
    if (v.ptr[i] == ':') {
      v.len = i;
      break;
    }
  while (v.len && v.ptr[v.len - 1] == '.')
    v.len--;
  if (vet_str_istarts_with(v, "www."))
    v = vet_str_sub(v, 4, v.len);
  for (size_t i = 0; i < v.len; i++)
    vet_buf_putc(b, (char)vet_lower((unsigned char)v.ptr[i]));
}

/* Keys are cut to this many bytes (nothing on a list comes near it). */
#define IDENT_MAX_BYTES 4096
/* Shorter phone numbers and document numbers are not decisive: no key. */
#define IDENT_MIN_PHONE_DIGITS 6
#define IDENT_MIN_DOCUMENT_CHARS 4

vet_str vet_ident_normalize(struct vet_arena *a, enum vet_id_kind kind, vet_str value)
{
  value = vet_str_trim(value);
  if (kind == VET_ID_WEBSITE) {
    struct vet_buf b;
    vet_buf_init(&b, IDENT_MAX_BYTES);
    vet_buf_append_c(&b, ""); /* so an empty result is "" rather than NULL */
    domain_of(value, &b);
    return out_dup(a, &b);
  }
  /* every other key keeps or maps characters one for one: written in
   * place, at most the value's length */
  size_t cap = VET_MIN(value.len, (size_t)IDENT_MAX_BYTES), n = 0;
  char *o = vet_arena_alloc(a, cap + 1);
  if (!o)
    return VET_STR_NULL;
  bool hex = value.len > 2 && value.ptr[0] == '0' && (value.ptr[1] == 'x' || value.ptr[1] == 'X');
  for (size_t i = 0; i < value.len && n < cap; i++) {
    int c = (unsigned char)value.ptr[i];
    switch (kind) {
    case VET_ID_EMAIL:
      if (c != ' ')
        o[n++] = (char)vet_lower(c);
      break;
    case VET_ID_PHONE:
      if (vet_is_digit(c))
        o[n++] = (char)c;
      break;
    case VET_ID_CRYPTO:
      if (c != ' ')
        o[n++] = (char)(hex ? vet_lower(c) : c);
      break;
    default: /* document numbers: upper-case alphanumerics */
      if (vet_is_alnum(c))
        o[n++] = (char)vet_upper(c);
      break;
    }
  }
  if ((kind == VET_ID_PHONE && n < IDENT_MIN_PHONE_DIGITS) ||
      (kind != VET_ID_EMAIL && kind != VET_ID_PHONE && kind != VET_ID_CRYPTO && n < IDENT_MIN_DOCUMENT_CHARS))
    n = 0;
  o[n] = 0;
  return (vet_str){o, n};
}
