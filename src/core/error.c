/* core/error.c - the error enum's names and the message helpers. */
#include <stdarg.h>
#include <stdio.h>

#include "core/common.h"

const char *vet_err_name(vet_err c)
{
  static const char *const names[] = {"ok", "nomem", "inval", "parse", "limit", "io", "db", "notfound"};
  if ((size_t)c < VET_COUNTOF(names))
    return names[c];
  return "unknown";
}

vet_err vet_fail(struct vet_error *e, vet_err code, const char *fmt, ...)
{
  if (e) {
    va_list ap;
    va_start(ap, fmt);
    e->code = code;
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
  }
  return code;
}

void vet_error_prefix(struct vet_error *e, const char *fmt, ...)
{
  if (!e)
    return;
  char old[sizeof e->msg];
  memcpy(old, e->msg, sizeof old);
  old[sizeof old - 1] = 0;
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(e->msg, sizeof e->msg, fmt, ap);
  va_end(ap);
  if (n < 0)
    n = 0;
  size_t used = VET_MIN((size_t)n, sizeof e->msg - 1);
  size_t room = sizeof e->msg - used;
  if (room > 2) {
    memcpy(e->msg + used, ": ", 2);
    size_t olen = strlen(old);
    size_t take = VET_MIN(olen, room - 3);
    memcpy(e->msg + used + 2, old, take);
    e->msg[used + 2 + take] = 0;
  }
}

void vet_error_clear(struct vet_error *e)
{
  if (e) {
    e->code = VET_OK;
    e->msg[0] = 0;
  }
}

void *vet_vec_push(void *items_ptr, uint32_t *n, uint32_t *cap, size_t elem)
{
  void **items = items_ptr;
  if (*n == *cap) {
    uint32_t ncap = *cap ? *cap * 2 : 4;
    if (ncap < *cap)
      return NULL;
    void *p = vet_realloc_huge(*items, (size_t)*n * elem, (size_t)ncap * elem);
    if (!p)
      return NULL;
    *items = p;
    *cap = ncap;
  }
  char *slot = (char *)*items + (size_t)*n * elem;
  memset(slot, 0, elem);
  (*n)++;
  return slot;
}

bool vet_vec_reserve(void *items_ptr, uint32_t *cap, uint32_t need, size_t elem)
{
  void **items = items_ptr;
  if (need <= *cap)
    return true;
  void *p = realloc(*items, (size_t)need * elem);
  if (!p)
    return false;
  *items = p;
  *cap = need;
  return true;
}
