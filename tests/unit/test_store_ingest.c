/* test_store_ingest.c - ingest from JSON lines (store/ingest.c) and crash
 * safety.  Ingest: bad records reported exactly as the population parser
 * reports them to `vetter check` (same text, same line), a subject id
 * repeated in a later batch, an event before its subject in a later batch,
 * events of unknown subjects reported last, re-ingest changing nothing.
 * Crash safety: a child process ingests many batches and is killed with
 * SIGKILL at a seeded point (after a seeded number of commits plus a
 * seeded delay, in both durability modes; through the line reader, where
 * most of the time goes to parsing, and through vet_store_ingest with
 * large batches, where the kill lands inside the write transaction); the
 * store must then pass its integrity check, hold a whole number of
 * batches (never half of one), and a second ingest must complete it to
 * exactly the full set. */
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "testutil.h"
#include "vetter/store.h"

#define SOURCE "in.jsonl"

struct issues {
  char msg[16][224];
  size_t line[16];
  size_t n;
};

static void on_issue(void *arg, const struct vet_input_issue *is)
{
  struct issues *c = arg;
  if (c->n < VET_COUNTOF(c->msg)) {
    snprintf(c->msg[c->n], sizeof c->msg[0], "%s", is->msg);
    c->line[c->n++] = is->line;
  }
}

/* Ingest lines (line i numbered i + 1) into st in batches of batch. */
static struct vet_ingest_stats ingest_lines(struct vet_store *st, const char *const *lines, size_t n, size_t batch,
                                            struct issues *is)
{
  struct vet_error e;
  vet_error_clear(&e);
  struct vet_ingest_opts o = {.batch = batch, .on_issue = on_issue, .arg = is};
  struct vet_ingest *in = vet_ingest_new(st, tu_countries(), SOURCE, &o, &e);
  assert_non_null(in);
  for (size_t i = 0; i < n; i++)
    if (vet_ingest_line(in, i + 1, vet_str_c(lines[i]), &e))
      fail_msg("line %zu: %s", i + 1, e.msg);
  if (vet_ingest_finish(in, &e))
    fail_msg("finish: %s", e.msg);
  assert_int_equal(vet_ingest_finish(in, &e), VET_EINVAL);
  struct vet_ingest_stats s = *vet_ingest_stats(in);
  vet_ingest_free(in);
  return s;
}

static void test_ingest_lines(void **state)
{
  (void)state;
  static const char *const lines[] = {
      "{\"type\":\"subject\",\"id\":\"w-1\",\"name\":\"Ann Lee\",\"country\":\"PL\"}",
      "{\"type\":\"event\",\"subject\":\"w-3\",\"ts\":\"2026-01-01T00:00:00Z\"}", /* its subject comes later */
      "{\"type\":\"subject\",\"id\":\"w-2\",\"name\":\"B\"",
      "{\"type\":\"subject\",\"id\":\"w-2\",\"birth_date\":\"1988-02-30\"}",
      "{\"type\":\"event\",\"subject\":\"w-1\",\"ts\":\"2026-01-01T00:00:00Z\",\"kind\":\"login\"}",
      "   ",
      "{\"type\":\"subject\",\"id\":\"w-1\",\"name\":\"again\"}", /* in a later batch than line 1 */
      "{\"type\":\"subject\",\"id\":\"w-3\",\"country\":\"Atlantis\"}",
      "{\"type\":\"event\",\"subject\":\"w-9\",\"ts\":\"2026-01-01T00:00:00Z\"}",
      "{\"type\":\"event\",\"subject\":\"w-1\",\"ts\":\"2026-01-01T00:00:00Z\",\"kind\":\"login\"}",
      "{\"type\":\"event\",\"subject\":20417,\"ts\":\"2026-01-01 00:00\"}",
  };
  /* what `vetter check` says of the same input: the population parser */
  struct vet_population *p = vet_population_new(tu_countries(), SOURCE);
  struct vet_error e;
  for (size_t i = 0; i < VET_COUNTOF(lines); i++)
    tu_must(vet_population_add_line(p, i + 1, vet_str_c(lines[i]), &e), "add");
  tu_must(vet_population_finish(p, &e), "finish");

  char dir[TU_PATH_MAX], db[TU_PATH_MAX + 16];
  tu_temp_dir(dir, sizeof dir);
  snprintf(db, sizeof db, "%s/v.db", dir);
  struct vet_store *st = vet_store_open(db, NULL, &e);
  assert_non_null(st);
  struct issues is = {0};
  struct vet_ingest_stats s = ingest_lines(st, lines, VET_COUNTOF(lines), 3, &is);
  /* the same messages, in input order, the unknown subject last */
  static const size_t want_lines[] = {3, 4, 7, 8, 11, 9};
  assert_int_equal(is.n, VET_COUNTOF(want_lines));
  assert_int_equal(p->n_issues, VET_COUNTOF(want_lines));
  for (size_t i = 0; i < is.n; i++) {
    assert_int_equal(is.line[i], want_lines[i]);
    const struct vet_input_issue *ref = NULL;
    for (uint32_t k = 0; k < p->n_issues; k++)
      if (p->issues[k].line == want_lines[i])
        ref = &p->issues[k];
    assert_non_null(ref);
    assert_string_equal(is.msg[i], ref->msg);
  }
  assert_non_null(strstr(is.msg[2], "in.jsonl:7: subject 'w-1' skipped: field 'id': duplicate subject id (first on "
                                    "line 1)"));
  assert_non_null(strstr(is.msg[5], "in.jsonl:9: event for unknown subject 'w-9'"));
  vet_population_free(p);

  /* pre-parsed lines (as `vetter ingest` hands them from its parsing
   * threads) give the same records and messages */
  char db2[TU_PATH_MAX + 16];
  snprintf(db2, sizeof db2, "%s/v2.db", dir);
  struct vet_store *st2 = vet_store_open(db2, NULL, &e);
  assert_non_null(st2);
  struct issues is2 = {0};
  struct vet_ingest_opts o2 = {.batch = 3, .on_issue = on_issue, .arg = &is2};
  struct vet_ingest *in2 = vet_ingest_new(st2, tu_countries(), SOURCE, &o2, &e);
  for (size_t i = 0; i < VET_COUNTOF(lines); i++) {
    json_t *o = json_loads(lines[i], JSON_REJECT_DUPLICATES, NULL);
    char *canon = o ? json_dumps(o, JSON_SORT_KEYS | JSON_COMPACT) : NULL;
    tu_must(vet_ingest_json(in2, i + 1, vet_str_c(lines[i]), o, canon, &e), "ingest json");
    free(canon);
    json_decref(o);
  }
  tu_must(vet_ingest_finish(in2, &e), "finish");
  const struct vet_ingest_stats *s2 = vet_ingest_stats(in2);
  assert_int_equal(s2->lines, 10);
  assert_int_equal(s2->skipped, 5);
  assert_int_equal(s2->counts.subjects_new, 2);
  assert_int_equal(s2->counts.events_new, 2);
  assert_int_equal(is2.n, VET_COUNTOF(want_lines));
  for (size_t i = 0; i < is2.n; i++)
    assert_string_equal(is2.msg[i], is.msg[i]);
  vet_ingest_free(in2);
  vet_store_close(st2);

  assert_int_equal(s.lines, 10);
  assert_int_equal(s.skipped, 5);
  assert_int_equal(s.warnings, 1);
  assert_int_equal(s.counts.subjects_new, 2);
  assert_int_equal(s.counts.events_new, 2);
  assert_int_equal(s.counts.events_duplicate, 1);
  assert_int_equal(s.counts.events_no_subject, 1);
  struct vet_store_stats ss;
  tu_must(vet_store_stats(st, &ss, &e), "stats");
  assert_int_equal(ss.subjects, 2);
  assert_int_equal(ss.events, 2);
  /* again: nothing changes */
  memset(&is, 0, sizeof is);
  s = ingest_lines(st, lines, VET_COUNTOF(lines), 4, &is);
  assert_int_equal(s.counts.subjects_new + s.counts.subjects_updated, 0);
  assert_int_equal(s.counts.subjects_unchanged, 2);
  assert_int_equal(s.counts.events_new, 0);
  assert_int_equal(s.counts.events_duplicate, 3);
  tu_must(vet_store_stats(st, &ss, &e), "stats");
  assert_int_equal(ss.events, 2);
  /* over-long lines the reader could not take */
  struct vet_ingest_opts io = {.on_issue = on_issue, .arg = &is};
  struct vet_ingest *in = vet_ingest_new(st, tu_countries(), SOURCE, &io, &e);
  memset(&is, 0, sizeof is);
  tu_must(vet_ingest_skip(in, 12, "record skipped: line longer than 4194304 bytes", &e), "skip");
  tu_must(vet_ingest_finish(in, &e), "finish");
  assert_int_equal(vet_ingest_stats(in)->skipped, 1);
  assert_string_equal(is.msg[0], "in.jsonl:12: record skipped: line longer than 4194304 bytes");
  vet_ingest_free(in);
  vet_store_close(st);
  tu_rm_rf(dir);
}

/* ---- crash safety ---- */

#define CRASH_SUBJECTS 3000 /* subjects of the input */
#define CRASH_EVENTS 4      /* events per subject, right after it */
#define CRASH_BATCH 500     /* lines per batch: 100 whole subjects with their events */
#define RAW_BATCH 5000      /* lines per vet_store_ingest batch of the raw mode: 1000 subjects */

struct input {
  char **lines;
  char **canon;  /* the same as canonical JSON, as vet_store_ingest takes it */
  size_t n;
};

static struct input make_input(void)
{
  size_t n = CRASH_SUBJECTS * (1 + CRASH_EVENTS);
  struct input in = {calloc(n, sizeof(char *)), calloc(n, sizeof(char *)), 0};
  assert_true(in.lines && in.canon);
  for (unsigned i = 0; i < CRASH_SUBJECTS; i++) {
    char buf[256];
    snprintf(buf, sizeof buf,
             "{\"type\":\"subject\",\"id\":\"w%05u\",\"name\":\"Worker Number %u\",\"country\":\"PL\","
             "\"emails\":[\"w%u@example.com\"]}",
             i, i, i);
    in.lines[in.n++] = strdup(buf);
    for (unsigned k = 0; k < CRASH_EVENTS; k++) {
      snprintf(buf, sizeof buf,
               "{\"type\":\"event\",\"subject\":\"w%05u\",\"ts\":\"2026-01-%02uT%02u:00:00Z\",\"kind\":\"login\","
               "\"ip\":\"198.51.100.%u\"}",
               i, 1 + k, i % 24, (i + k) % 250);
      in.lines[in.n++] = strdup(buf);
    }
  }
  for (size_t i = 0; i < in.n; i++) {
    json_t *o = json_loads(in.lines[i], 0, NULL);
    assert_non_null(o);
    in.canon[i] = json_dumps(o, JSON_SORT_KEYS | JSON_COMPACT);
    json_decref(o);
  }
  return in;
}

static void free_input(struct input *in)
{
  for (size_t i = 0; i < in->n; i++) {
    free(in->lines[i]);
    free(in->canon[i]);
  }
  free(in->lines);
  free(in->canon);
}

/* The child: ingest everything through the line reader, writing one byte
 * to fd after each commit.  Never returns. */
static void child_ingest(struct vet_store *st, const struct input *in, int fd)
{
  struct vet_error e = {0};
  struct vet_ingest_opts io = {.batch = CRASH_BATCH};
  struct vet_ingest *ing = vet_ingest_new(st, tu_countries(), "crash", &io, &e);
  if (!ing)
    _exit(3);
  uint64_t seen = 0;
  for (size_t i = 0; i < in->n; i++) {
    if (vet_ingest_line(ing, i + 1, vet_str_c(in->lines[i]), &e))
      _exit(4);
    if (vet_ingest_stats(ing)->batches != seen) {
      seen = vet_ingest_stats(ing)->batches;
      if (write(fd, "b", 1) != 1)
        _exit(5);
    }
  }
  if (vet_ingest_finish(ing, &e))
    _exit(6);
  vet_ingest_free(ing);
  vet_store_close(st);
  _exit(0);
}

/* The child, raw mode: batches of RAW_BATCH records straight to
 * vet_store_ingest, writing one byte to fd as each batch starts.  Never
 * returns. */
static void child_raw(struct vet_store *st, const struct input *in, int fd)
{
  struct vet_error e = {0};
  struct vet_store_record *recs = calloc(RAW_BATCH, sizeof *recs);
  char ids[RAW_BATCH / (1 + CRASH_EVENTS)][8];
  if (!recs)
    _exit(3);
  for (size_t first = 0; first < in->n; first += RAW_BATCH) {
    size_t n = VET_MIN((size_t)RAW_BATCH, in->n - first);
    for (size_t k = 0; k < n; k++) {
      size_t line = first + k, subject = line / (1 + CRASH_EVENTS);
      char *id = ids[(line - first) / (1 + CRASH_EVENTS)];
      snprintf(id, sizeof ids[0], "w%05u", (unsigned)subject);
      bool is_subject = line % (1 + CRASH_EVENTS) == 0;
      recs[k] = (struct vet_store_record){is_subject ? VET_STORE_SUBJECT : VET_STORE_EVENT, vet_str_c(id),
                                          vet_str_c(in->canon[line]), (int64_t)line, "login", VET_STORE_NEW};
    }
    if (write(fd, "s", 1) != 1)
      _exit(5);
    if (vet_store_ingest(st, recs, n, NULL, &e))
      _exit(4);
  }
  free(recs);
  vet_store_close(st);
  _exit(0);
}

static void test_crash_during_ingest(void **state)
{
  (void)state;
  static const struct {
    unsigned seed;
    unsigned flags;
    bool raw;     /* vet_store_ingest with large batches */
  } rounds[] = {{11, 0, false}, {23, VET_STORE_SYNC_FULL, false}, {37, 0, false},
                {41, VET_STORE_SYNC_FULL, true}, {59, 0, true}, {71, 0, true},
                {83, VET_STORE_SYNC_FULL, true}, {0, 0, false}};
  struct input input = make_input();
  tu_countries(); /* loaded before fork, shared by the children */
  char dir[TU_PATH_MAX], db[TU_PATH_MAX + 16];
  tu_temp_dir(dir, sizeof dir);
  for (size_t r = 0; r < VET_COUNTOF(rounds); r++) {
    unsigned seed = rounds[r].seed;
    bool raw = rounds[r].raw;
    snprintf(db, sizeof db, "%s/crash%zu.db", dir, r);
    /* wait for this many commits (raw: batch starts), then this many
     * microseconds: mid-parse for the reader, mid-transaction for raw */
    unsigned commits = raw ? 1 + seed % 2 : seed % 7;
    long delay = (long)((seed * 7919u) % (raw ? 20000u : 3000u));
    size_t per_batch = (raw ? RAW_BATCH : CRASH_BATCH) / (1 + CRASH_EVENTS); /* subjects */
    struct vet_error e = {0};
    struct vet_store_opts o = {.flags = rounds[r].flags};
    struct vet_store *st = vet_store_open(db, &o, &e); /* created here: the child only writes */
    if (!st)
      fail_msg("round %zu: open: %s", r, e.msg);
    vet_store_close(st);
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
      close(fds[0]);
      if (!(st = vet_store_open(db, &o, &e)))
        _exit(3);
      if (raw)
        child_raw(st, &input, fds[1]);
      child_ingest(st, &input, fds[1]);
    }
    close(fds[1]);
    char b;
    unsigned got = 0;
    while (got < commits && read(fds[0], &b, 1) == 1)
      got++;
    if (seed) { /* seed 0: let it finish */
      nanosleep(&(struct timespec){0, delay * 1000}, NULL);
      kill(pid, SIGKILL);
    }
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    close(fds[0]);
    if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
      fail_msg("round %zu: the child failed with status %d", r, WEXITSTATUS(status));
    unsigned committed_at_least = raw ? got - 1 : got;

    /* reopen: sound, and a whole number of batches */
    if (!(st = vet_store_open(db, NULL, &e)))
      fail_msg("round %zu: reopen: %s", r, e.msg);
    if (vet_store_check(st, &e))
      fail_msg("round %zu: %s", r, e.msg);
    struct vet_store_stats s;
    tu_must(vet_store_stats(st, &s, &e), "stats");
    print_message("round %zu (seed %u, %s, %s): killed %s after %u %s + %ld us: %llu subjects, %llu events\n", r,
                  seed, raw ? "raw batches" : "line reader", rounds[r].flags ? "sync full" : "sync normal",
                  WIFSIGNALED(status) ? "mid-ingest" : "never", got, raw ? "batch starts" : "commits", delay,
                  (unsigned long long)s.subjects, (unsigned long long)s.events);
    if (s.subjects % per_batch || s.events != s.subjects * CRASH_EVENTS ||
        s.subjects < (uint64_t)committed_at_least * per_batch)
      fail_msg("round %zu: %llu subjects and %llu events is not a whole number of batches (%u commits seen)", r,
               (unsigned long long)s.subjects, (unsigned long long)s.events, got);
    /* the batches stored are the first ones, whole */
    struct vet_arena a;
    vet_arena_init(&a, 4096);
    struct vet_stored_subject sub;
    char id[16];
    if (s.subjects) {
      snprintf(id, sizeof id, "w%05u", (unsigned)(s.subjects - 1));
      tu_must(vet_store_subject_get(st, vet_str_c(id), &a, &sub, &e), "last stored subject");
      assert_int_equal(sub.n_events, CRASH_EVENTS);
    }
    /* ingest again: it completes, adding exactly what was missing */
    struct vet_ingest_opts io = {.batch = CRASH_BATCH};
    struct vet_ingest *ing = vet_ingest_new(st, tu_countries(), "again", &io, &e);
    assert_non_null(ing);
    for (size_t i = 0; i < input.n; i++)
      tu_must(vet_ingest_line(ing, i + 1, vet_str_c(input.lines[i]), &e), "ingest again");
    tu_must(vet_ingest_finish(ing, &e), "finish again");
    const struct vet_store_counts *c = &vet_ingest_stats(ing)->counts;
    assert_int_equal(c->subjects_new, CRASH_SUBJECTS - s.subjects);
    assert_int_equal(c->subjects_unchanged, s.subjects);
    assert_int_equal(c->events_new, CRASH_SUBJECTS * CRASH_EVENTS - s.events);
    assert_int_equal(c->events_duplicate, s.events);
    vet_ingest_free(ing);
    tu_must(vet_store_stats(st, &s, &e), "stats");
    assert_int_equal(s.subjects, CRASH_SUBJECTS);
    assert_int_equal(s.events, CRASH_SUBJECTS * CRASH_EVENTS);
    snprintf(id, sizeof id, "w%05u", CRASH_SUBJECTS - 1);
    tu_must(vet_store_subject_get(st, vet_str_c(id), &a, &sub, &e), "last subject");
    assert_int_equal(sub.n_events, CRASH_EVENTS);
    tu_must(vet_store_check(st, &e), "check");
    vet_arena_release(&a);
    vet_store_close(st);
  }
  tu_rm_rf(dir);
  free_input(&input);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_ingest_lines),
      cmocka_unit_test(test_crash_during_ingest),
  };
  return cmocka_run_group_tests(tests, tu_countries_setup, NULL);
}
