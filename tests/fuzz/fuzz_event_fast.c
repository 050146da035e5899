/* fuzz_event_fast.c - fuzz target for the fast readers of event and
 * subject lines (subject/event_fast.cc, subject/subject_fast.cc) and the
 * pre-parsed reading path (subject/preparse.c): the bytes are a JSON-lines
 * text, read once through vet_population_add_line (jansson) and once
 * through vet_line_parser and vet_population_add_parsed, both finished
 * with the process-wide country table of fuzzutil.h.  The fast readers may
 * take a line or leave it to jansson, but the two populations must be the
 * same: every subject field, event field and issue message
 * (tests/fuzz/popcmp.h); and a third time in runs of lines
 * (vet_line_parser_parse_run), the same again.  Each line is also given to the fast readers
 * alone (record_fast_parse), unpadded and at every cut of its end, which
 * must never read past what they were given; and, padded, to the plain
 * reader and the DOM reader, which must agree on every line the plain
 * reader takes (tests/fuzz/fieldcmp.h). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/common.h"
#include "fieldcmp.h"
#include "fuzzutil.h"
#include "popcmp.h"
#include "subject/subject_int.h"
#include "vetter/subject.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Longest line whose every prefix is also tried (a quadratic pass). */
#define MAX_CUT_LINE 512

/* The plain reader's values of line, when it takes it, are the DOM's. */
static void plain_line(struct event_fast *f, vet_str line)
{
  char *copy = malloc(line.len + VET_LINE_PADDING);
  if (!copy)
    return;
  if (line.len)
    memcpy(copy, line.ptr, line.len);
  memset(copy + line.len, 0, VET_LINE_PADDING);
  struct vet_arena a;
  vet_arena_init(&a, 4096);
  struct event_fields plain, dom;
  vet_str t = {copy, line.len};
  if (event_plain_parse(f, t, line.len + VET_LINE_PADDING, &a, &plain)) {
    const char *diff = event_fast_parse(f, t, line.len + VET_LINE_PADDING, &a, &dom)
                           ? fieldcmp_event(&plain, &dom)
                           : "(the DOM reader declined the line)";
    if (diff) {
      fprintf(stderr, "fuzz_event_fast: the plain and DOM readers differ: %s\n", diff);
      abort();
    }
  }
  vet_arena_release(&a);
  free(copy);
}

static void cut_line(void *arg, size_t lineno, vet_str line)
{
  (void)lineno;
  struct event_fast *f = arg;
  plain_line(f, line);
  size_t n = line.len < MAX_CUT_LINE ? line.len : MAX_CUT_LINE;
  for (size_t k = 0; k <= n; k++) {
    char *copy = malloc(k ? k : 1); /* exactly k bytes: ASan catches any read past them */
    if (!copy)
      return;
    if (k)
      memcpy(copy, line.ptr, k);
    struct vet_arena a;
    vet_arena_init(&a, 4096);
    struct event_fields out;
    struct subject_fields subj;
    (void)record_fast_parse(f, (vet_str){copy, k}, k, &a, &out, &subj);
    if (k == n)
      (void)event_fast_parse(f, (vet_str){copy, k}, k, &a, &out);
    vet_arena_release(&a);
    free(copy);
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  struct popcmp_pair pp;
  vet_err rc = popcmp_build((const char *)data, size, fuzz_countries(), &pp);
  if (rc == VET_OK) {
    char msg[POPCMP_MSG];
    if (!popcmp(pp.slow, pp.fast, msg, sizeof msg)) {
      fprintf(stderr, "fuzz_event_fast: the two readers differ: %s\n", msg);
      abort();
    }
    struct vet_population *run = NULL;
    vet_err rr = popcmp_build_run((const char *)data, size, fuzz_countries(), &run);
    if (rr == VET_OK && !popcmp(pp.slow, run, msg, sizeof msg)) {
      fprintf(stderr, "fuzz_event_fast: reading in runs differs: %s\n", msg);
      abort();
    }
    if (rr != VET_OK && rr != VET_ENOMEM)
      abort();
    vet_population_free(run);
  } else if (rc != VET_ENOMEM) {
    abort(); /* bad data is an issue, never an error */
  }
  popcmp_release(&pp);
  struct event_fast *f = event_fast_new();
  if (f) {
    popcmp_lines((const char *)data, size, cut_line, f);
    event_fast_free(f);
  }
  return 0;
}
