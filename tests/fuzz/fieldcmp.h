/* fuzz/fieldcmp.h - whether two readings of an event line into struct
 * event_fields are the same, value by value: the plain-line reader
 * (simdjson On-Demand, event_plain_parse) against the DOM reader
 * (event_fast_parse) of subject/event_fast.cc.  Shared by
 * tests/unit/test_event_fast.c and tests/fuzz/fuzz_event_fast.c;
 * header-only, as popcmp.h.
 * Owns: nothing.
 * Thread-safety: any thread. */
#ifndef VET_FIELDCMP_H
#define VET_FIELDCMP_H

#include <string.h>

#include "subject/subject_int.h"

static inline bool fieldcmp_str(vet_str a, vet_str b)
{
  if (!a.ptr || !b.ptr) /* a null list item */
    return !a.ptr && !b.ptr;
  return a.len == b.len && (a.len == 0 || memcmp(a.ptr, b.ptr, a.len) == 0);
}

static inline bool fieldcmp_val(const struct field_val *a, const struct field_val *b)
{
  if (a->type != b->type || a->json || b->json)
    return false;
  switch (a->type) {
  case FIELD_STRING:
    return fieldcmp_str(a->s, b->s);
  case FIELD_INTEGER:
    return a->i == b->i;
  case FIELD_ARRAY:
    if (a->n != b->n)
      return false;
    for (uint32_t k = 0; k < a->n; k++)
      if (!fieldcmp_str(a->items[k], b->items[k]))
        return false;
    return true;
  default:
    return true;
  }
}

/* The name of the first field that differs, or NULL when they agree (the
 * plain reader never reads payout or address objects). */
static inline const char *fieldcmp_event(const struct event_fields *a, const struct event_fields *b)
{
#define FIELDCMP(f)                                                                                                    \
  if (!fieldcmp_val(&a->f, &b->f))                                                                                     \
    return #f;
  FIELDCMP(subject)
  FIELDCMP(ts)
  FIELDCMP(kind)
  FIELDCMP(ip)
  FIELDCMP(user_agent)
  FIELDCMP(device_id)
  FIELDCMP(tz_offset_min)
  FIELDCMP(tz_name)
  FIELDCMP(languages)
  FIELDCMP(remote_tools)
  FIELDCMP(usb_devices)
  FIELDCMP(vm)
  FIELDCMP(payout)
  FIELDCMP(counterpart)
  FIELDCMP(address)
#undef FIELDCMP
  return NULL;
}

#endif
