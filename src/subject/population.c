/* subject/population.c - the population store: subjects and events in one
 * arena, the subject-id map, input issues, attaching events to their
 * subjects (vet_population_finish), the names of the model's enums and
 * RFC 3339 timestamps.  The JSON reading is in subject/parse.c. */
#include <stdarg.h>
#include <stdio.h>

#include "core/common.h"
#include "core/strmap.h"
#include "subject/subject_int.h"
#include "vetter/date.h"
#include "vetter/subject.h"

/* Most input issues kept; more are counted, not stored (a file of garbage
 * must not take unbounded memory). */
#define MAX_ISSUES 10000

const char *vet_address_kind_name(enum vet_address_kind k)
{
  static const char *const n[] = {"residence", "shipping", "billing", "other"};
  return (size_t)k < VET_COUNTOF(n) ? n[k] : "other";
}

const char *vet_doc_kind_name(enum vet_doc_kind k)
{
  static const char *const n[] = {"passport", "id_card", "residence_permit", "driver_license", "other"};
  return (size_t)k < VET_COUNTOF(n) ? n[k] : "other";
}

const char *vet_payout_kind_name(enum vet_payout_kind k)
{
  static const char *const n[] = {"bank", "paypal", "payoneer", "wise", "crypto", "other"};
  return (size_t)k < VET_COUNTOF(n) ? n[k] : "other";
}

/* Empty strings as the readers leave an absent field: "" and 0. */
const struct vet_event_ext vet_event_ext_none = {
    .user_agent = {"", 0},
    .tz_name = {"", 0},
    .counterpart = {"", 0},
    .vm = -1,
};

const char *vet_event_kind_name(enum vet_event_kind k)
{
  static const char *const n[] = {"login", "activity", "payout_change", "message", "review", "shipment", "other"};
  return (size_t)k < VET_COUNTOF(n) ? n[k] : "other";
}

struct vet_population *vet_population_new(const struct vet_countries *countries, const char *source)
{
  struct vet_population *p = calloc(1, sizeof *p);
  if (!p)
    return NULL;
  p->ids = calloc(1, sizeof *p->ids);
  if (!p->ids) {
    free(p);
    return NULL;
  }
  vet_strmap_init(p->ids);
  /* the subjects' strings, and below each reading thread's (the events'):
   * large, read for the whole run */
  vet_arena_init(&p->arena, VET_BIG_BLOCK);
  p->countries = countries;
  p->source = vet_arena_strdup(&p->arena, vet_str_c(source ? source : "-"));
  return p;
}

void vet_population_free(struct vet_population *p)
{
  if (!p)
    return;
  if (p->ids)
    vet_strmap_release(p->ids);
  free(p->ids);
  free(p->subjects);
  free(p->events);
  free(p->issues);
  free(p->pending);
  for (uint32_t i = 0; i < p->n_arenas; i++) {
    vet_arena_release(p->arenas[i]);
    free(p->arenas[i]);
  }
  free(p->arenas);
  vet_arena_release(&p->arena);
  free(p);
}

void vet_population_reserve(struct vet_population *p, uint32_t subjects, uint32_t events)
{
  /* on huge pages, when large enough, before any page is touched
   * (vet_malloc_huge) */
  if (!p->n_subjects && subjects > p->cap_subjects) {
    struct vet_subject *s = vet_malloc_huge((size_t)subjects * sizeof *s);
    if (s) {
      free(p->subjects);
      p->subjects = s;
      p->cap_subjects = subjects;
    }
  }
  if (p->n_events || events <= p->cap_events)
    return;
  struct vet_event *ev = vet_malloc_huge((size_t)events * sizeof *ev);
  if (!ev)
    return;
  free(p->events);
  p->events = ev;
  p->cap_events = events;
}

struct vet_arena *population_new_arena(struct vet_population *p)
{
  struct vet_arena *a = malloc(sizeof *a);
  if (!a)
    return NULL;
  struct vet_arena **slot = vet_vec_push(&p->arenas, &p->n_arenas, &p->cap_arenas, sizeof *slot);
  if (!slot) {
    free(a);
    return NULL;
  }
  vet_arena_init(a, VET_BIG_BLOCK);
  *slot = a;
  return a;
}

vet_err population_issue(struct vet_population *p, size_t line, bool skipped, const char *fmt, ...)
{
  if (skipped)
    p->skipped++;
  p->n_issues_total++;
  if (p->n_issues >= MAX_ISSUES)
    return VET_OK;
  struct vet_input_issue *is = vet_vec_push(&p->issues, &p->n_issues, &p->cap_issues, sizeof *is);
  if (!is)
    return VET_ENOMEM;
  is->line = line;
  is->skipped = skipped;
  int n = snprintf(is->msg, sizeof is->msg, "%.*s:%zu: ", VET_STR_FMT(p->source), line);
  va_list ap;
  va_start(ap, fmt);
  if (n > 0 && (size_t)n < sizeof is->msg)
    vsnprintf(is->msg + n, sizeof is->msg - (size_t)n, fmt, ap);
  va_end(ap);
  return VET_OK;
}

const struct vet_subject *vet_population_find(const struct vet_population *p, vet_str id)
{
  uint32_t *v = vet_strmap_get(p->ids, id);
  return v ? &p->subjects[*v] : NULL;
}

/* Events sort by subject, then time, then input line (then input order:
 * the sort is stable).  x sorts before y within one subject's run. */
static inline bool event_less(const struct vet_event *x, const struct vet_event *y)
{
  return x->ts != y->ts ? x->ts < y->ts : x->line < y->line; /* rare: the same second */
}

/* Runs this short are sorted by insertion. */
#define SORT_RUN 16

/* Sort ev[0..n) by time and line (tmp: room for n / 2 events), stable; a
 * merge sort, whose merge of two halves already in order is one
 * comparison (events often come by time). */
static void sort_run(struct vet_event *ev, struct vet_event *tmp, size_t n)
{
  if (n <= SORT_RUN) {
    for (size_t i = 1; i < n; i++) {
      if (!event_less(&ev[i], &ev[i - 1]))
        continue;
      struct vet_event x = ev[i];
      size_t j = i;
      for (; j > 0 && event_less(&x, &ev[j - 1]); j--)
        ev[j] = ev[j - 1];
      ev[j] = x;
    }
    return;
  }
  size_t h = n / 2;
  sort_run(ev, tmp, h);
  sort_run(ev + h, tmp, n - h);
  if (!event_less(&ev[h], &ev[h - 1]))
    return;
  memcpy(tmp, ev, h * sizeof *ev);
  size_t i = 0, j = h, o = 0;
  while (i < h && j < n)
    ev[o++] = event_less(&ev[j], &tmp[i]) ? ev[j++] : tmp[i++];
  while (i < h)
    ev[o++] = tmp[i++];
}

/* Move every event i to dest[i] (a permutation of 0..n-1), each once,
 * following the cycles; dest[] ends as the identity. */
static void permute(struct vet_event *events, uint32_t *dest, uint32_t n)
{
  for (uint32_t i = 0; i < n; i++) {
    if (dest[i] == i)
      continue; /* in place, or placed by an earlier cycle */
    struct vet_event carry = events[i];
    uint32_t to = dest[i];
    dest[i] = i;
    while (to != i) {
      struct vet_event next = events[to];
      uint32_t after = dest[to];
      events[to] = carry;
      dest[to] = to;
      carry = next;
      to = after;
    }
    events[i] = carry;
  }
}

/* Sort p's events (subj[i] the subject of event i, which the event holds
 * too; subj[] is used up) by subject, time and line: each event's place
 * in a stable counting sort by subject computed into subj[] (from the
 * counts per subject), the events moved there once, then each subject's
 * run sorted by time in place (mostly in order already), and each
 * subject's first_event and n_events set from the counts.  The counting
 * reads subj[], not the events.  Memory: 4 bytes per subject, and the
 * merge buffer of the subject with the most events; nothing is moved
 * when it cannot be had (VET_ENOMEM). */
static vet_err order_events(struct vet_population *p, uint32_t *subj)
{
  uint32_t n = p->n_events, ns = p->n_subjects;
  uint32_t *start = calloc((size_t)ns + 1, sizeof *start);
  if (!start)
    return VET_ENOMEM;
  uint32_t most = 0;
  for (uint32_t i = 0; i < n; i++)
    start[subj[i] + 1]++;
  for (uint32_t s = 0; s < ns; s++) {
    most = VET_MAX(most, start[s + 1]);
    start[s + 1] += start[s];
  }
  struct vet_event *tmp = malloc(((size_t)most / 2 + 1) * sizeof *tmp);
  if (!tmp) {
    free(start);
    return VET_ENOMEM;
  }
  for (uint32_t i = 0; i < n; i++) /* start[s] ends subject s's run */
    subj[i] = start[subj[i]]++;
  permute(p->events, subj, n);
  for (uint32_t s = 0, lo = 0; s < ns; lo = start[s++]) {
    if (start[s] - lo > 1)
      sort_run(p->events + lo, tmp, start[s] - lo);
    p->subjects[s].first_event = start[s] > lo ? lo : 0;
    p->subjects[s].n_events = start[s] - lo;
  }
  free(start);
  free(tmp);
  return VET_OK;
}

/* Pending events whose subject ids one task of resolve_part looks up. */
#define RESOLVE_PART (1u << 16)
/* Subject index of an event whose subject is unknown. */
#define NO_SUBJECT UINT32_MAX

struct resolve_job {
  const struct vet_population *p;
  uint32_t *idx; /* per pending event: its subject, NO_SUBJECT when unknown */
};

/* The subject indices of part k's pending events. */
static void resolve_part(void *ctx, uint32_t worker, size_t k)
{
  (void)worker;
  const struct resolve_job *j = ctx;
  const struct vet_population *p = j->p;
  uint32_t a = (uint32_t)(k * RESOLVE_PART), b = VET_MIN(p->n_pending, a + RESOLVE_PART);
  vet_str last_sid = VET_STR_NULL; /* a subject's events mostly come one after another */
  const uint32_t *last_idx = NULL;
  for (uint32_t i = a; i < b; i++) {
    vet_str sid = p->pending[i].sid;
    const uint32_t *idx = i > a && vet_str_eq(sid, last_sid) ? last_idx : vet_strmap_get(p->ids, sid);
    last_sid = sid;
    last_idx = idx;
    j->idx[i] = idx ? *idx : NO_SUBJECT;
  }
}

vet_err vet_population_finish(struct vet_population *p, struct vet_error *e)
{
  return vet_population_finish_threads(p, 1, e);
}

vet_err vet_population_finish_threads(struct vet_population *p, uint32_t threads, struct vet_error *e)
{
  if (p->finished)
    return VET_OK;
  /* Most events found their subject as they were added; the ids of those
   * read before their subject are looked up now, by parts on the
   * threads.  Then, in event order, the unknown ones are reported, the
   * events kept moved down, and each kept event's subject put in subj[]
   * for the sort (4 bytes an event: the sort reads them instead of whole
   * events). */
  uint32_t n = p->n_events, kept = 0;
  uint32_t *subj = vet_malloc_huge(((size_t)n + 1) * sizeof *subj);
  struct resolve_job j = {p, p->n_pending ? vet_malloc_huge((size_t)p->n_pending * sizeof *j.idx) : NULL};
  if (!subj || (p->n_pending && !j.idx)) {
    free(subj);
    free(j.idx);
    return vet_fail(e, VET_ENOMEM, "out of memory");
  }
  if (p->n_pending)
    vet_parallel_for(threads, ((size_t)p->n_pending + RESOLVE_PART - 1) / RESOLVE_PART, resolve_part, &j);
  vet_err rc = VET_OK;
  uint32_t k = 0; /* the next pending event: pending[] is in event order */
  for (uint32_t i = 0; i < n; i++) {
    uint32_t s = p->events[i].subject;
    if (s == VET_SUBJECT_PENDING) {
      vet_str sid = VET_STR_NULL;
      size_t line = p->events[i].line;
      s = NO_SUBJECT;
      if (k < p->n_pending && p->pending[k].event == i) {
        sid = p->pending[k].sid;
        line = p->pending[k].line;
        s = j.idx[k++];
      }
      if (s == NO_SUBJECT) {
        if (!rc && population_issue(p, line, true, "event for unknown subject '%.*s'", VET_STR_FMT(sid)))
          rc = VET_ENOMEM;
        continue;
      }
      p->events[i].subject = s; /* only these are written: the others are read */
    }
    if (kept != i)
      p->events[kept] = p->events[i];
    subj[kept++] = s;
  }
  free(j.idx);
  /* resolved: a finish tried again after running out of memory below
   * finds no event pending */
  p->n_events = kept;
  free(p->pending);
  p->pending = NULL;
  p->n_pending = p->cap_pending = 0;
  if (!rc && kept)
    rc = order_events(p, subj);
  free(subj);
  if (rc)
    return vet_fail(e, VET_ENOMEM, "out of memory");
  p->finished = true;
  return VET_OK;
}

/* An event index against a pending event (pending[] is in event order). */
static int pending_cmp(const void *key, const void *elem)
{
  uint32_t i = *(const uint32_t *)key, e = ((const struct vet_event_pending *)elem)->event;
  return (i > e) - (i < e);
}

vet_str vet_population_event_sid(const struct vet_population *p, uint32_t i)
{
  if (i >= p->n_events)
    return VET_STR_NULL;
  uint32_t s = p->events[i].subject;
  if (s != VET_SUBJECT_PENDING && s < p->n_subjects)
    return p->subjects[s].id;
  const struct vet_event_pending *pe = p->n_pending ? bsearch(&i, p->pending, p->n_pending, sizeof *p->pending, pending_cmp) : NULL;
  return pe ? pe->sid : VET_STR_NULL;
}

/* ---- RFC 3339 ------------------------------------------------------------ */

static bool digits(vet_str s, size_t off, size_t n, int *out)
{
  if (off + n > s.len)
    return false;
  int v = 0;
  for (size_t i = 0; i < n; i++) {
    char c = s.ptr[off + i];
    if (!vet_is_digit(c))
      return false;
    v = v * 10 + (c - '0');
  }
  *out = v;
  return true;
}

vet_err vet_timestamp_parse(vet_str s, int64_t *unix_s, int *offset_min)
{
  s = vet_str_trim(s);
  int y, mo, d, h, mi, sec;
  /* YYYY-MM-DD[Tt ]HH:MM:SS */
  if (s.len < 20 || !digits(s, 0, 4, &y) || s.ptr[4] != '-' || !digits(s, 5, 2, &mo) || s.ptr[7] != '-' ||
      !digits(s, 8, 2, &d) || (s.ptr[10] != 'T' && s.ptr[10] != 't' && s.ptr[10] != ' ') || !digits(s, 11, 2, &h) ||
      s.ptr[13] != ':' || !digits(s, 14, 2, &mi) || s.ptr[16] != ':' || !digits(s, 17, 2, &sec))
    return VET_EPARSE;
  if (mo < 1 || mo > 12 || d < 1 || d > vet_days_in_month(y, mo) || h > 23 || mi > 59 || sec > 60 || y < 1900 ||
      y > 9999)
    return VET_EPARSE;
  size_t i = 19;
  if (i < s.len && s.ptr[i] == '.') {
    size_t j = ++i;
    while (i < s.len && vet_is_digit(s.ptr[i]))
      i++;
    if (i == j || i - j > 9)
      return VET_EPARSE;
  }
  int off = 0;
  if (i < s.len && (s.ptr[i] == 'Z' || s.ptr[i] == 'z')) {
    i++;
  } else if (i < s.len && (s.ptr[i] == '+' || s.ptr[i] == '-')) {
    int oh, om;
    if (!digits(s, i + 1, 2, &oh) || i + 3 >= s.len || s.ptr[i + 3] != ':' || !digits(s, i + 4, 2, &om) ||
        oh > 23 || om > 59)
      return VET_EPARSE;
    off = (oh * 60 + om) * (s.ptr[i] == '-' ? -1 : 1);
    i += 6;
  } else {
    return VET_EPARSE;
  }
  if (i != s.len)
    return VET_EPARSE;
  if (sec == 60 && ((h * 60 + mi - off) % 1440 + 1440) % 1440 != 1439) /* leap seconds end a UTC day */
    return VET_EPARSE;
  struct vet_date dd = {.year = (int16_t)y, .month = (uint8_t)mo, .day = (uint8_t)d};
  int64_t t = (int64_t)vet_date_days(&dd) * 86400 + h * 3600 + mi * 60 + (sec > 59 ? 59 : sec);
  *unix_s = t - (int64_t)off * 60;
  if (offset_min)
    *offset_min = off;
  return VET_OK;
}
