/* subject/preparse.c - pre-parsing input lines on worker threads
 * (vet_line_parser) and adding the results to a population in input order
 * (vet_population_add_parsed).  The fast readers (event_fast.cc,
 * subject_fast.cc) try every line first.  An event line they take is also
 * validated on the worker (event_prepare: the rules of parse.c, its issues
 * kept until the line is added); a subject line they take is kept as its
 * fields (strings copied into the results) and validated when added, on
 * the population's thread (subject_add_fields: its id is checked against
 * the subjects added before it).  Any other line is read by jansson
 * exactly as vet_population_add_line reads it (the same trimming and
 * flags, the same message for a line that is not JSON) and validated when
 * added.
 * Owns: a vet_line_parser owns its results (one arena: the fields of the
 * subjects read, and their strings) and the jansson objects in them,
 * until vet_line_parser_clear; the strings of the events it validated
 * belong to the population.
 * Thread-safety: one thread at a time per vet_line_parser. */
#include <stddef.h>

#include "core/common.h"
#include "core/strmap.h"
#include "subject/subject_int.h"
#include "vetter/subject.h"

/* Block size of a parser's result arena: an event's fields take about a
 * kilobyte, so a block of lines' results fits in a few blocks. */
#define RESULT_BLOCK (1u << 20)

enum parsed_kind {
  PARSED_BLANK = 0, /* nothing but blanks: not a record */
  PARSED_EVENT,     /* read by the fast reader into ev */
  PARSED_SUBJECT,   /* read by the fast reader into subj */
  PARSED_JSON,      /* read by jansson into json */
  PARSED_BAD_JSON   /* jansson's error in error, column */
};

struct vet_parsed_line {
  enum parsed_kind kind;
  const struct vet_population *owner; /* PARSED_EVENT: whose arena holds its strings */
  json_t *json;            /* PARSED_JSON; owned by the parser (objs) */
  int column;              /* PARSED_BAD_JSON */
  const char *error;       /* PARSED_BAD_JSON: jansson's message, in the arena */
  struct event_ready ev;   /* PARSED_EVENT */
  const struct subject_fields *subj; /* PARSED_SUBJECT: in the parser's arena */
};

struct vet_line_parser {
  struct event_fast *fast;
  struct vet_population *p;
  struct vet_arena *strings; /* p's: the strings of the events read */
  struct event_intern *intern; /* copies in strings, to share */
  bool owns_intern;            /* false: another parser's (vet_line_parser_new_sharing) */
  bool keep_lines;             /* vet_line_parser_keep_lines */
  struct vet_arena arena;  /* results since the last clear */
  json_t **objs;           /* jansson objects of those results */
  uint32_t n_objs, cap_objs;
  size_t n_fast, n_slow;
  struct subject_fields subj; /* the fast reader's subject, before it is kept */
};

static const struct vet_parsed_line blank_line = {.kind = PARSED_BLANK};

struct vet_line_parser *vet_line_parser_new(struct vet_population *p)
{
  struct vet_line_parser *lp = calloc(1, sizeof *lp);
  if (!lp)
    return NULL;
  lp->p = p;
  lp->fast = event_fast_new();
  lp->intern = event_intern_new();
  lp->owns_intern = true;
  lp->strings = lp->fast && lp->intern ? population_new_arena(p) : NULL;
  if (!lp->strings) {
    event_fast_free(lp->fast);
    event_intern_free(lp->intern);
    free(lp);
    return NULL;
  }
  vet_arena_init(&lp->arena, RESULT_BLOCK);
  return lp;
}

struct vet_line_parser *vet_line_parser_new_sharing(struct vet_population *p, struct vet_line_parser *with)
{
  if (!with || with->p != p)
    return NULL;
  struct vet_line_parser *lp = calloc(1, sizeof *lp);
  if (!lp)
    return NULL;
  lp->p = p;
  lp->fast = event_fast_new();
  if (!lp->fast) {
    free(lp);
    return NULL;
  }
  lp->intern = with->intern;
  lp->strings = with->strings;
  vet_arena_init(&lp->arena, RESULT_BLOCK);
  return lp;
}

void vet_line_parser_keep_lines(struct vet_line_parser *lp)
{
  if (lp)
    lp->keep_lines = true;
}

void vet_line_parser_clear(struct vet_line_parser *lp)
{
  if (!lp)
    return;
  for (uint32_t i = 0; i < lp->n_objs; i++)
    json_decref(lp->objs[i]);
  lp->n_objs = 0;
  vet_arena_reset(&lp->arena);
}

void vet_line_parser_free(struct vet_line_parser *lp)
{
  if (!lp)
    return;
  vet_line_parser_clear(lp);
  free(lp->objs);
  vet_arena_release(&lp->arena);
  event_fast_free(lp->fast);
  if (lp->owns_intern)
    event_intern_free(lp->intern);
  free(lp);
}

void vet_line_parser_counts(const struct vet_line_parser *lp, size_t *fast, size_t *slow)
{
  if (fast)
    *fast = lp ? lp->n_fast : 0;
  if (slow)
    *slow = lp ? lp->n_slow : 0;
}

/* vet_line_parser_parse without the flush of the exts still waiting. */
static const struct vet_parsed_line *parse_one(struct vet_line_parser *lp, vet_str line, size_t cap,
                                               struct vet_error *e)
{
  vet_str t = vet_str_trim(line); /* as vet_population_add_line does */
  if (!t.len)
    return &blank_line;
  size_t skip = (size_t)(t.ptr - line.ptr);
  size_t tcap = cap > skip ? cap - skip : 0;
  struct vet_parsed_line *r = vet_arena_alloc(&lp->arena, sizeof *r);
  if (!r)
    goto oom;
  struct event_fields f;
  struct subject_fields *sf;
  switch (record_fast_parse(lp->fast, t, tcap, &lp->arena, &f, &lp->subj)) {
  case FAST_EVENT:
    *r = (struct vet_parsed_line){.kind = PARSED_EVENT, .owner = lp->p};
    lp->n_fast++;
    if (event_prepare(lp->strings, lp->intern, &lp->arena, lp->p->countries, lp->keep_lines ? t : VET_STR_NULL, &f,
                      &r->ev))
      goto oom;
    return r;
  case FAST_SUBJECT:
    if (!(sf = vet_arena_alloc(&lp->arena, sizeof *sf)))
      goto oom;
    *sf = lp->subj;
    *r = (struct vet_parsed_line){.kind = PARSED_SUBJECT, .subj = sf};
    lp->n_fast++;
    return r;
  case FAST_DECLINED:
    break;
  }
  lp->n_slow++;
  json_error_t je;
  json_t *o = json_loadb(t.ptr, t.len, JSON_REJECT_DUPLICATES, &je);
  if (o) {
    json_t **slot = vet_vec_push(&lp->objs, &lp->n_objs, &lp->cap_objs, sizeof *slot);
    if (!slot) {
      json_decref(o);
      goto oom;
    }
    *slot = o;
    *r = (struct vet_parsed_line){.kind = PARSED_JSON, .json = o};
    return r;
  }
  vet_str msg = vet_arena_strdup(&lp->arena, vet_str_c(je.text));
  if (!msg.ptr)
    goto oom;
  *r = (struct vet_parsed_line){.kind = PARSED_BAD_JSON, .column = je.column, .error = msg.ptr};
  return r;
oom:
  vet_fail(e, VET_ENOMEM, "out of memory parsing a line");
  return NULL;
}

const struct vet_parsed_line *vet_line_parser_parse(struct vet_line_parser *lp, vet_str line, size_t cap,
                                                    struct vet_error *e)
{
  const struct vet_parsed_line *r = parse_one(lp, line, cap, e);
  if (!event_intern_flush(lp->intern) && r) {
    vet_fail(e, VET_ENOMEM, "out of memory parsing a line");
    return NULL;
  }
  return r;
}

/* A run's plain event line i, read: validated as a fast event. */
struct run_ctx {
  struct vet_line_parser *lp;
  const vet_str *lines;
  const struct vet_parsed_line **out;
  bool oom;
};

static bool run_take(void *ctx, size_t i, const struct event_fields *f)
{
  struct run_ctx *c = ctx;
  struct vet_line_parser *lp = c->lp;
  struct vet_parsed_line *r = vet_arena_alloc(&lp->arena, sizeof *r);
  if (!r) {
    c->oom = true;
    return false;
  }
  *r = (struct vet_parsed_line){.kind = PARSED_EVENT, .owner = lp->p};
  lp->n_fast++;
  if (event_prepare(lp->strings, lp->intern, &lp->arena, lp->p->countries, lp->keep_lines ? c->lines[i] : VET_STR_NULL,
                    f, &r->ev)) {
    c->oom = true;
    return false;
  }
  c->out[i] = r;
  return true;
}

vet_err vet_line_parser_parse_run(struct vet_line_parser *lp, const vet_str *lines, size_t n, size_t cap,
                                  const struct vet_parsed_line **out, struct vet_error *e)
{
  if (!n)
    return VET_OK;
  bool *taken = vet_arena_alloc(&lp->arena, n * sizeof *taken);
  if (!taken)
    return vet_fail(e, VET_ENOMEM, "out of memory parsing a line");
  struct run_ctx c = {lp, lines, out, false};
  event_plain_run(lp->fast, lines, n, cap, &lp->arena, run_take, &c, taken);
  if (c.oom) {
    event_intern_flush(lp->intern);
    return vet_fail(e, VET_ENOMEM, "out of memory parsing a line");
  }
  for (size_t i = 0; i < n; i++) {
    if (taken[i])
      continue;
    size_t skip = (size_t)(lines[i].ptr - lines[0].ptr);
    if (!(out[i] = parse_one(lp, lines[i], cap > skip ? cap - skip : lines[i].len, e))) {
      event_intern_flush(lp->intern);
      return e->code ? e->code : VET_ENOMEM;
    }
  }
  if (!event_intern_flush(lp->intern))
    return vet_fail(e, VET_ENOMEM, "out of memory parsing a line");
  return VET_OK;
}

VET_PREFETCHER void vet_population_prefetch_parsed(const struct vet_population *p, const struct vet_parsed_line *pl)
{
  if (pl->kind == PARSED_EVENT && pl->ev.keep && pl->owner == p)
    vet_strmap_prefetch(p->ids, pl->ev.sid_hash);
}

vet_err vet_population_add_parsed(struct vet_population *p, size_t lineno, const struct vet_parsed_line *pl,
                                  struct vet_error *e)
{
  switch (pl->kind) {
  case PARSED_EVENT:
    if (pl->owner != p) /* its strings belong to another population */
      return vet_fail(e, VET_EINVAL, "line %zu was parsed for another population", lineno);
    return event_add_ready(p, lineno, &pl->ev, e);
  case PARSED_SUBJECT: /* its strings are the parser's: any population may take it */
    return subject_add_fields(p, lineno, pl->subj, e);
  case PARSED_JSON:
    return vet_population_add_json(p, lineno, pl->json, e);
  case PARSED_BAD_JSON: /* what vet_population_add_line reports */
    p->lines++;
    if (population_issue(p, lineno, true, "record skipped: not valid JSON: %s (column %d)", pl->error, pl->column))
      return vet_fail(e, VET_ENOMEM, "out of memory");
    return VET_OK;
  case PARSED_BLANK:
    break;
  }
  return VET_OK;
}
