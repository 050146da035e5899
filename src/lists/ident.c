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

vet_str vet_ident_normalize(struct vet_arena *a, enum vet_id_kind kind, vet_str value)
{
  struct vet_buf b;
  vet_buf_init(&b, 4096);
  vet_buf_append_c(&b, ""); /* so an empty result is "" rather than NULL */
  value = vet_str_trim(value);
  switch (kind) {
  case VET_ID_EMAIL:
    for (size_t i = 0; i < value.len; i++)
      if (value.ptr[i] != ' ')
        vet_buf_putc(&b, (char)vet_lower((unsigned char)value.ptr[i]));
    break;
  case VET_ID_PHONE:
    for (size_t i = 0; i < value.len; i++)
      if (vet_is_digit((unsigned char)value.ptr[i]))
        vet_buf_putc(&b, value.ptr[i]);
    if (b.len < 6) /* too short to be decisive */
      vet_buf_reset(&b);
    break;
  case VET_ID_WEBSITE:
    domain_of(value, &b);
    break;
  case VET_ID_CRYPTO: {
    bool hex = value.len > 2 && value.ptr[0] == '0' && (value.ptr[1] == 'x' || value.ptr[1] == 'X');
    for (size_t i = 0; i < value.len; i++) {
      int c = (unsigned char)value.ptr[i];
      if (c == ' ')
        continue;
      vet_buf_putc(&b, (char)(hex ? vet_lower(c) : c));
    }
    break;
  }
  default: /* document numbers: upper-case alphanumerics */
    for (size_t i = 0; i < value.len; i++) {
      int c = (unsigned char)value.ptr[i];
      if (vet_is_alnum(c))
        vet_buf_putc(&b, (char)vet_upper(c));
    }
    if (b.len < 4)
      vet_buf_reset(&b);
    break;
  }
  return out_dup(a, &b);
}
