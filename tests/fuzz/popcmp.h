/* fuzz/popcmp.h - reading the same lines into two populations, one through
 * vet_population_add_line (jansson) and one through vet_line_parser and
 * vet_population_add_parsed (the fast event and subject readers where they
 * take the line), and comparing the two field by field: subjects, events
 * and every issue.  Shared by tests/unit/test_event_fast.c,
 * tests/unit/test_subject_fast.c and tests/fuzz/fuzz_event_fast.c;
 * header-only, as fuzzutil.h.
 * Owns: nothing; the caller frees the populations it gets.
 * Thread-safety: one thread. */
#ifndef VET_POPCMP_H
#define VET_POPCMP_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/common.h"
#include "vetter/subject.h"

/* Room for a description of the first difference. */
#define POPCMP_MSG 512

static inline bool popcmp_str(vet_str a, vet_str b)
{
  return a.len == b.len && (a.len == 0 || memcmp(a.ptr, b.ptr, a.len) == 0);
}

static inline bool popcmp_strs(const struct vet_strs *a, const struct vet_strs *b)
{
  if (a->n != b->n)
    return false;
  for (uint32_t i = 0; i < a->n; i++)
    if (!popcmp_str(a->v[i], b->v[i]))
      return false;
  return true;
}

static inline bool popcmp_place(const struct vet_place *a, const struct vet_place *b)
{
  return popcmp_str(a->raw, b->raw) && strcmp(a->code, b->code) == 0;
}

static inline bool popcmp_payout(const struct vet_payout *a, const struct vet_payout *b)
{
  if (!a || !b)
    return a == b;
  return a->kind == b->kind && popcmp_str(a->holder, b->holder) && popcmp_place(&a->country, &b->country) &&
         popcmp_str(a->account, b->account) && popcmp_str(a->currency, b->currency) &&
         popcmp_str(a->address, b->address);
}

static inline bool popcmp_address(const struct vet_saddress *a, const struct vet_saddress *b)
{
  if (!a || !b)
    return a == b;
  return a->kind == b->kind && popcmp_place(&a->country, &b->country) && popcmp_str(a->text, b->text);
}

static inline bool popcmp_date(const struct vet_date *a, const struct vet_date *b)
{
  return a->year == b->year && a->month == b->month && a->day == b->day && a->approx == b->approx &&
         a->year_to == b->year_to;
}

static inline bool popcmp_document(const struct vet_document *a, const struct vet_document *b)
{
  return a->kind == b->kind && popcmp_str(a->mrz, b->mrz) && popcmp_str(a->number, b->number) &&
         popcmp_place(&a->issuing_country, &b->issuing_country) && popcmp_str(a->name, b->name) &&
         popcmp_date(&a->birth_date, &b->birth_date) && popcmp_place(&a->nationality, &b->nationality) &&
         a->sex == b->sex && popcmp_date(&a->expiry_date, &b->expiry_date) &&
         popcmp_str(a->image_phash, b->image_phash);
}

/* The name of the first field in which two subjects differ; NULL when
 * none. */
static inline const char *popcmp_subject(const struct vet_subject *a, const struct vet_subject *b)
{
  if (!popcmp_str(a->id, b->id))
    return "id";
  if (a->line != b->line)
    return "line";
  if (a->kind != b->kind)
    return "kind";
  if (!popcmp_str(a->name, b->name))
    return "name";
  if (!popcmp_str(a->display_name, b->display_name))
    return "display_name";
  if (!popcmp_strs(&a->aliases, &b->aliases))
    return "aliases";
  if (!popcmp_date(&a->birth_date, &b->birth_date))
    return "birth_date";
  if (!popcmp_place(&a->nationality, &b->nationality))
    return "nationality";
  if (!popcmp_place(&a->country, &b->country))
    return "country";
  if (!popcmp_str(a->city, b->city))
    return "city";
  if (!popcmp_str(a->timezone, b->timezone))
    return "timezone";
  if (!popcmp_strs(&a->languages, &b->languages))
    return "languages";
  if (!popcmp_strs(&a->emails, &b->emails))
    return "emails";
  if (!popcmp_strs(&a->phones, &b->phones))
    return "phones";
  if (a->n_addresses != b->n_addresses)
    return "addresses";
  for (uint32_t i = 0; i < a->n_addresses; i++)
    if (!popcmp_address(&a->addresses[i], &b->addresses[i]))
      return "addresses";
  if (a->n_documents != b->n_documents)
    return "documents";
  for (uint32_t i = 0; i < a->n_documents; i++)
    if (!popcmp_document(&a->documents[i], &b->documents[i]))
      return "documents";
  if (a->n_payouts != b->n_payouts)
    return "payouts";
  for (uint32_t i = 0; i < a->n_payouts; i++)
    if (!popcmp_payout(&a->payouts[i], &b->payouts[i]))
      return "payouts";
  if (!popcmp_str(a->employer, b->employer))
    return "employer";
  if (!popcmp_str(a->photo_phash, b->photo_phash))
    return "photo_phash";
  if (!popcmp_str(a->photo, b->photo))
    return "photo";
  if (!popcmp_str(a->headline, b->headline) || !popcmp_str(a->bio, b->bio) || !popcmp_str(a->resume, b->resume))
    return "text";
  if (!popcmp_str(a->github, b->github) || !popcmp_str(a->linkedin, b->linkedin) ||
      !popcmp_str(a->website, b->website))
    return "links";
  if (a->created_at != b->created_at)
    return "created_at";
  if (a->first_event != b->first_event || a->n_events != b->n_events)
    return "events";
  return NULL;
}

/* The name of the first field in which two events differ; NULL when none. */
static inline const char *popcmp_event(const struct vet_event *a, const struct vet_event *b)
{
  if (a->subject != b->subject)
    return "subject";
  if (a->line != b->line)
    return "line";
  if (a->ts != b->ts || a->x->ts_offset_min != b->x->ts_offset_min)
    return "ts";
  if (a->kind != b->kind)
    return "kind";
  if (!popcmp_str(vet_lstr_str(a->ip), vet_lstr_str(b->ip)))
    return "ip";
  if (!popcmp_str(a->x->user_agent, b->x->user_agent))
    return "user_agent";
  if (!popcmp_str(vet_lstr_str(a->device_id), vet_lstr_str(b->device_id)))
    return "device_id";
  if (a->x->has_tz_offset != b->x->has_tz_offset || a->x->tz_offset_min != b->x->tz_offset_min)
    return "tz_offset_min";
  if (!popcmp_str(a->x->tz_name, b->x->tz_name))
    return "tz_name";
  if (!popcmp_strs(&a->x->languages, &b->x->languages))
    return "languages";
  if (!popcmp_strs(&a->x->remote_tools, &b->x->remote_tools))
    return "remote_tools";
  if (!popcmp_strs(&a->x->usb_devices, &b->x->usb_devices))
    return "usb_devices";
  if (a->x->vm != b->x->vm)
    return "vm";
  if (!popcmp_payout(a->x->payout, b->x->payout))
    return "payout";
  if (!popcmp_str(a->x->counterpart, b->x->counterpart))
    return "counterpart";
  if (!popcmp_address(a->x->address, b->x->address))
    return "address";
  return NULL;
}

/* Compare two finished populations; false with msg filled at the first
 * difference. */
static inline bool popcmp(const struct vet_population *a, const struct vet_population *b, char *msg, size_t cap)
{
  if (a->lines != b->lines || a->skipped != b->skipped || a->n_issues_total != b->n_issues_total) {
    snprintf(msg, cap, "counts: lines %zu/%zu skipped %zu/%zu issues %zu/%zu", a->lines, b->lines, a->skipped,
             b->skipped, a->n_issues_total, b->n_issues_total);
    return false;
  }
  if (a->n_issues != b->n_issues) {
    snprintf(msg, cap, "stored issues %u/%u", a->n_issues, b->n_issues);
    return false;
  }
  for (uint32_t i = 0; i < a->n_issues; i++)
    if (a->issues[i].line != b->issues[i].line || a->issues[i].skipped != b->issues[i].skipped ||
        strcmp(a->issues[i].msg, b->issues[i].msg) != 0) {
      snprintf(msg, cap, "issue %u: '%s' / '%s'", i, a->issues[i].msg, b->issues[i].msg);
      return false;
    }
  if (a->n_subjects != b->n_subjects) {
    snprintf(msg, cap, "subjects %u/%u", a->n_subjects, b->n_subjects);
    return false;
  }
  for (uint32_t i = 0; i < a->n_subjects; i++) {
    const char *f = popcmp_subject(&a->subjects[i], &b->subjects[i]);
    if (f) {
      snprintf(msg, cap, "subject %u ('%.*s', line %zu): field %s", i, VET_STR_FMT(a->subjects[i].id),
               a->subjects[i].line, f);
      return false;
    }
  }
  if (a->n_events != b->n_events) {
    snprintf(msg, cap, "events %u/%u", a->n_events, b->n_events);
    return false;
  }
  for (uint32_t i = 0; i < a->n_events; i++) {
    const char *f = popcmp_event(&a->events[i], &b->events[i]);
    if (f) {
      snprintf(msg, cap, "event %u (line %u): field %s", i, a->events[i].line, f);
      return false;
    }
  }
  return true;
}

/* Split text into lines (on '\n') and hand each to fn(arg, lineno, line). */
static inline void popcmp_lines(const char *text, size_t size, void (*fn)(void *, size_t, vet_str), void *arg)
{
  size_t lineno = 0, start = 0;
  while (start < size) {
    const char *nl = memchr(text + start, '\n', size - start);
    size_t end = nl ? (size_t)(nl - text) : size;
    fn(arg, ++lineno, (vet_str){text + start, end - start});
    start = end + 1;
  }
}

/* The two populations being built. */
struct popcmp_pair {
  struct vet_population *slow, *fast;
  struct vet_line_parser *lp;
  vet_err rc;      /* the first failure of either */
};

static inline void popcmp_add(void *arg, size_t lineno, vet_str line)
{
  struct popcmp_pair *pp = arg;
  struct vet_error e = {0};
  vet_err r1 = vet_population_add_line(pp->slow, lineno, line, &e);
  /* the parser reads a padded copy, as the CLI gives it */
  char *copy = malloc(line.len + VET_LINE_PADDING);
  vet_err r2 = VET_ENOMEM;
  if (copy) {
    if (line.len)
      memcpy(copy, line.ptr, line.len);
    memset(copy + line.len, 0, VET_LINE_PADDING);
    const struct vet_parsed_line *pl =
        vet_line_parser_parse(pp->lp, (vet_str){copy, line.len}, line.len + VET_LINE_PADDING, &e);
    memset(copy, 'x', line.len); /* results must not point into the line */
    r2 = pl ? vet_population_add_parsed(pp->fast, lineno, pl, &e) : VET_ENOMEM;
    free(copy);
  }
  if (!pp->rc)
    pp->rc = r1 ? r1 : r2;
}

/* Read text both ways and finish both (countries may be NULL); VET_OK and
 * the two populations, which the caller frees. */
static inline vet_err popcmp_build(const char *text, size_t size, const struct vet_countries *countries,
                                   struct popcmp_pair *pp)
{
  memset(pp, 0, sizeof *pp);
  pp->slow = vet_population_new(countries, "in");
  pp->fast = vet_population_new(countries, "in");
  pp->lp = pp->fast ? vet_line_parser_new(pp->fast) : NULL;
  if (!pp->slow || !pp->lp)
    return VET_ENOMEM;
  popcmp_lines(text, size, popcmp_add, pp);
  struct vet_error e = {0};
  if (!pp->rc)
    pp->rc = vet_population_finish(pp->slow, &e);
  if (!pp->rc)
    pp->rc = vet_population_finish(pp->fast, &e);
  return pp->rc;
}

/* Lines a run holds in popcmp_build_run: small and odd, so that runs
 * start and end at many places of a text. */
#define POPCMP_RUN 7

/* Read text a third way, in runs of POPCMP_RUN lines through
 * vet_line_parser_parse_run (the lines of a padded copy of text, one
 * '\n' between two, as the CLI's blocks hold them), and finish it: VET_OK
 * and *out, which the caller frees. */
static inline vet_err popcmp_build_run(const char *text, size_t size, const struct vet_countries *countries,
                                       struct vet_population **out)
{
  *out = vet_population_new(countries, "in");
  struct vet_line_parser *lp = *out ? vet_line_parser_new(*out) : NULL;
  char *copy = malloc(size + VET_LINE_PADDING);
  vet_err rc = lp && copy ? VET_OK : VET_ENOMEM;
  if (copy) {
    if (size)
      memcpy(copy, text, size);
    memset(copy + size, 0, VET_LINE_PADDING);
  }
  vet_str lines[POPCMP_RUN];
  const struct vet_parsed_line *res[POPCMP_RUN];
  size_t lineno = 0, start = 0, n = 0;
  struct vet_error e = {0};
  while (!rc && (start < size || n)) {
    if (start < size) {
      const char *nl = memchr(copy + start, '\n', size - start);
      size_t end = nl ? (size_t)(nl - copy) : size;
      lines[n++] = (vet_str){copy + start, end - start};
      start = end + 1;
    }
    if (n == POPCMP_RUN || (start >= size && n)) {
      size_t first = (size_t)(lines[0].ptr - copy);
      rc = vet_line_parser_parse_run(lp, lines, n, size + VET_LINE_PADDING - first, res, &e);
      for (size_t i = 0; i < n && !rc; i++)
        rc = vet_population_add_parsed(*out, ++lineno, res[i], &e);
      n = 0;
    }
  }
  if (!rc)
    rc = vet_population_finish(*out, &e);
  vet_line_parser_free(lp);
  free(copy);
  return rc;
}

static inline void popcmp_release(struct popcmp_pair *pp)
{
  vet_line_parser_free(pp->lp);
  vet_population_free(pp->slow);
  vet_population_free(pp->fast);
}

#endif
