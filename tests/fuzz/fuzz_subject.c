/* fuzz_subject.c - fuzz target for the subject reader (subject/parse.c,
 * subject/population.c): the bytes are a JSON-lines text, fed line by
 * line to vet_population_add_line, then vet_population_finish, with the
 * process-wide country table of fuzzutil.h.  Whatever the input, the
 * population must hold together: every subject found by its id, every
 * event attached to a real subject and sorted by time within it, values
 * in their ranges, every issue message naming the source and its line;
 * nothing more is added after finish.  Each line is also read as an RFC
 * 3339 timestamp (vet_timestamp_parse). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/common.h"
#include "fuzzutil.h"
#include "vetter/subject.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_place(const struct vet_place *pl)
{
  if (memchr(pl->code, 0, sizeof pl->code) == NULL)
    abort();
  if (pl->code[0] && !pl->raw.len)
    abort();
}

static void check_strs(const struct vet_strs *s)
{
  if (s->n > 256 || (s->n && !s->v))
    abort();
  for (uint32_t i = 0; i < s->n; i++)
    if (!s->v[i].ptr || !s->v[i].len)
      abort(); /* blank items are dropped */
}

static void check_payout(const struct vet_payout *y)
{
  if ((unsigned)y->kind > VET_PAYOUT_OTHER)
    abort();
  check_place(&y->country);
}

static void check_population(const struct vet_population *p)
{
  if (p->n_issues > p->n_issues_total || p->skipped > p->n_issues_total || p->skipped > p->lines)
    abort();
  for (uint32_t i = 0; i < p->n_issues; i++) {
    const struct vet_input_issue *is = &p->issues[i];
    if (!memchr(is->msg, 0, sizeof is->msg) || strncmp(is->msg, "fuzz:", 5) != 0)
      abort();
  }
  uint32_t events_seen = 0;
  for (uint32_t i = 0; i < p->n_subjects; i++) {
    const struct vet_subject *s = &p->subjects[i];
    if (!s->id.len || vet_population_find(p, s->id) != s)
      abort();
    if (s->kind != VET_SCHEMA_PERSON && s->kind != VET_SCHEMA_ORGANIZATION)
      abort();
    check_place(&s->nationality);
    check_place(&s->country);
    check_strs(&s->aliases);
    check_strs(&s->emails);
    check_strs(&s->phones);
    check_strs(&s->languages);
    for (uint32_t k = 0; k < s->n_documents; k++) {
      const struct vet_document *d = &s->documents[k];
      if ((unsigned)d->kind > VET_DOC_OTHER || (d->sex && d->sex != 'M' && d->sex != 'F' && d->sex != 'X'))
        abort();
      if (d->birth_date.month > 12 || d->expiry_date.month > 12)
        abort();
      check_place(&d->issuing_country);
      check_place(&d->nationality);
    }
    for (uint32_t k = 0; k < s->n_payouts; k++)
      check_payout(&s->payouts[k]);
    for (uint32_t k = 0; k < s->n_addresses; k++)
      if ((unsigned)s->addresses[k].kind > VET_ADDR_OTHER)
        abort();
    if (s->n_events) {
      if (s->first_event + s->n_events > p->n_events || s->first_event < events_seen)
        abort();
      events_seen = s->first_event + s->n_events;
    }
  }
  uint32_t attached = 0;
  for (uint32_t i = 0; i < p->n_subjects; i++)
    attached += p->subjects[i].n_events;
  if (attached != p->n_events)
    abort();
  for (uint32_t i = 0; i < p->n_events; i++) {
    const struct vet_event *ev = &p->events[i];
    if (ev->subject >= p->n_subjects)
      abort();
    const struct vet_subject *s = &p->subjects[ev->subject];
    if (i < s->first_event || i >= s->first_event + s->n_events)
      abort();
    if (i > s->first_event && ev->ts < p->events[i - 1].ts)
      abort(); /* sorted by time within a subject */
    if ((unsigned)ev->kind > VET_EV_OTHER || ev->x->vm < -1 || ev->x->vm > 1)
      abort();
    if (ev->x->has_tz_offset && (ev->x->tz_offset_min < -720 || ev->x->tz_offset_min > 840))
      abort();
    if (ev->x->ts_offset_min < -(23 * 60 + 59) || ev->x->ts_offset_min > 23 * 60 + 59)
      abort();
    check_strs(&ev->x->languages);
    check_strs(&ev->x->remote_tools);
    check_strs(&ev->x->usb_devices);
    if (ev->x->payout)
      check_payout(ev->x->payout);
    if (ev->x->address)
      check_place(&ev->x->address->country);
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  struct vet_population *p = vet_population_new(fuzz_countries(), "fuzz");
  if (!p)
    return 0;
  const char *text = (const char *)data;
  size_t lineno = 0, start = 0;
  while (start < size) {
    const char *nl = memchr(text + start, '\n', size - start);
    size_t end = nl ? (size_t)(nl - text) : size;
    vet_str line = {text + start, end - start};
    lineno++;
    struct vet_error e = {0};
    vet_err rc = vet_population_add_line(p, lineno, line, &e);
    if (rc != VET_OK && rc != VET_ENOMEM)
      abort(); /* bad data is an issue, never an error */
    int64_t t;
    int off = 0;
    if (vet_timestamp_parse(line, &t, &off) == VET_OK && (off < -(23 * 60 + 59) || off > 23 * 60 + 59))
      abort();
    start = end + 1;
  }
  struct vet_error e = {0};
  if (vet_population_finish(p, &e) == VET_OK) {
    check_population(p);
    size_t issues = p->n_issues_total, lines = p->lines;
    uint32_t subjects = p->n_subjects;
    if (vet_population_add_line(p, lineno + 1, VET_LIT("{\"type\":\"subject\",\"id\":\"late\"}"), &e) != VET_EINVAL ||
        p->n_issues_total != issues || p->lines != lines || p->n_subjects != subjects)
      abort();
  }
  vet_population_free(p);
  return 0;
}
