/* test_store.c - the local store (store/store.c, store/sqlite.c,
 * store/sqlite_query.c): a fresh store and its settings (WAL, schema
 * version, application id), migration from an older schema version,
 * refusal of a newer schema, of a file that is not a store and of an
 * unknown backend; upsert and idempotency counts; event de-duplication
 * (including a 64-bit hash collision); a batch with bad JSON never half
 * stored; identifiers replaced per subject; report history in time order;
 * groups replaced atomically; decisions append-only (UPDATE and DELETE
 * refused by the schema); reading a population back; read-only stores.
 * The decision semantics are in test_store_decision.c, ingest from JSON
 * lines and the crash test in test_store_ingest.c. */
#include <sqlite3.h>

#include "testutil.h"
#include "vetter/store.h"

/* ---- helpers ---- */

static int64_t fake_now;
static int64_t fake_clock(void *arg)
{
  (void)arg;
  return fake_now;
}

struct fx {
  char dir[TU_PATH_MAX];
  char db[TU_PATH_MAX + 16];
  struct vet_store *st;
};

static struct vet_store *open_opts(const char *path, unsigned flags, int max_version, struct vet_error *e)
{
  struct vet_store_opts o = {.flags = flags, .clock = fake_clock, .max_schema_version = max_version};
  vet_error_clear(e);
  return vet_store_open(path, &o, e);
}

static struct vet_store *open_ok(const char *path)
{
  struct vet_error e;
  struct vet_store *st = open_opts(path, 0, 0, &e);
  if (!st)
    fail_msg("open '%s': %s", path, e.msg);
  return st;
}

static int setup(void **state)
{
  struct fx *f = calloc(1, sizeof *f);
  if (!f)
    return -1;
  tu_temp_dir(f->dir, sizeof f->dir);
  snprintf(f->db, sizeof f->db, "%s/v.db", f->dir);
  fake_now = 1000;
  f->st = open_ok(f->db);
  *state = f;
  return 0;
}

static int teardown(void **state)
{
  struct fx *f = *state;
  vet_store_close(f->st);
  tu_rm_rf(f->dir);
  free(f);
  return 0;
}

static struct vet_store_record subj(const char *id, const char *json)
{
  return (struct vet_store_record){VET_STORE_SUBJECT, vet_str_c(id), vet_str_c(json), 0, NULL, 0};
}

static struct vet_store_record event(const char *sid, int64_t ts, const char *json)
{
  return (struct vet_store_record){VET_STORE_EVENT, vet_str_c(sid), vet_str_c(json), ts, "login", 0};
}

static struct vet_store_counts ingest_ok(struct vet_store *st, struct vet_store_record *r, size_t n)
{
  struct vet_store_counts c = {0};
  struct vet_error e;
  vet_error_clear(&e);
  if (vet_store_ingest(st, r, n, &c, &e))
    fail_msg("ingest: %s", e.msg);
  return c;
}

static struct vet_store_stats stats(struct vet_store *st)
{
  struct vet_store_stats s;
  struct vet_error e;
  tu_must(vet_store_stats(st, &s, &e), "stats");
  return s;
}

/* One value of a one-row SQL query on the raw file (another connection). */
static long long raw_int(const char *db, const char *sql)
{
  sqlite3 *h;
  sqlite3_stmt *st;
  assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
  assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
  assert_int_equal(sqlite3_step(st), SQLITE_ROW);
  long long v = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  sqlite3_close(h);
  return v;
}

/* Run sql on the raw file; returns SQLite's code, its message in msg. */
static int raw_exec(const char *db, const char *sql, char *msg, size_t cap)
{
  sqlite3 *h;
  assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
  char *err = NULL;
  int rc = sqlite3_exec(h, sql, NULL, NULL, &err);
  snprintf(msg, cap, "%s", err ? err : "");
  sqlite3_free(err);
  sqlite3_close(h);
  return rc;
}

static const char *const SA = "{\"id\":\"a\",\"name\":\"Ann\",\"type\":\"subject\"}";
static const char *const SB = "{\"id\":\"b\",\"name\":\"Bo\",\"type\":\"subject\"}";
static const char *const SC = "{\"id\":\"c\",\"name\":\"Cy\",\"type\":\"subject\"}";

static void seed_abc(struct vet_store *st)
{
  struct vet_store_record r[] = {subj("a", SA), subj("b", SB), subj("c", SC)};
  ingest_ok(st, r, VET_COUNTOF(r));
}

/* ---- opening, migrations, refusals ---- */

static void test_fresh_store(void **state)
{
  struct fx *f = *state;
  assert_string_equal(vet_store_backend(f->st), "sqlite");
  assert_int_equal(vet_store_schema_version(f->st), VET_STORE_SCHEMA_VERSION);
  struct vet_store_stats s = stats(f->st);
  assert_int_equal(s.subjects + s.events + s.reports + s.decisions + s.groups + s.identifiers, 0);
  struct vet_error e;
  assert_int_equal(vet_store_check(f->st, &e), VET_OK);
  assert_int_equal(raw_int(f->db, "PRAGMA user_version"), VET_STORE_SCHEMA_VERSION);
  assert_int_equal(raw_int(f->db, "PRAGMA application_id"), 1447384146);
  assert_int_equal(raw_int(f->db, "SELECT count(*) FROM pragma_journal_mode WHERE journal_mode = 'wal'"), 1);
  /* the same through the "sqlite:" prefix */
  char uri[TU_PATH_MAX + 32];
  snprintf(uri, sizeof uri, "sqlite:%s", f->db);
  struct vet_store *again = open_ok(uri);
  assert_int_equal(vet_store_schema_version(again), VET_STORE_SCHEMA_VERSION);
  vet_store_close(again);
}

static void test_migrate_from_older(void **state)
{
  struct fx *f = *state;
  char db[TU_PATH_MAX + 16];
  snprintf(db, sizeof db, "%s/old.db", f->dir);
  struct vet_error e;
  for (int v = 1; v < VET_STORE_SCHEMA_VERSION; v++) {
    tu_rm_rf(db);
    struct vet_store *st = open_opts(db, 0, v, &e);
    assert_non_null(st);
    assert_int_equal(vet_store_schema_version(st), v);
    struct vet_store_record r[] = {subj("a", SA), event("a", 5, "{\"subject\":\"a\",\"ts\":\"x\"}")};
    struct vet_store_counts c = ingest_ok(st, r, 2);
    assert_int_equal(c.subjects_new, 1);
    vet_store_close(st);
    assert_int_equal(raw_int(db, "PRAGMA user_version"), v);
    assert_int_equal(raw_int(db, "SELECT count(*) FROM sqlite_master WHERE name = 'decisions'"), 0);
    /* a read-only open does not migrate: refused with a hint */
    assert_null(open_opts(db, VET_STORE_READONLY, 0, &e));
    assert_int_equal(e.code, VET_EPARSE);
    assert_non_null(strstr(e.msg, "older than this vetter"));
    /* opening it for writing migrates it, keeping the data */
    st = open_ok(db);
    assert_int_equal(vet_store_schema_version(st), VET_STORE_SCHEMA_VERSION);
    assert_int_equal(stats(st).subjects, 1);
    assert_int_equal(stats(st).events, 1);
    struct vet_decision d = {.subject = VET_LIT("a"), .status = VET_DECISION_WATCH, .by = VET_LIT("x")};
    assert_int_equal(vet_store_decide(st, &d, NULL, NULL, &e), VET_OK);
    assert_int_equal(vet_store_check(st, &e), VET_OK);
    vet_store_close(st);
  }
}

static void test_refusals(void **state)
{
  struct fx *f = *state;
  char path[TU_PATH_MAX + 32];
  struct vet_error e;
  /* a store of a newer schema */
  vet_store_close(f->st);
  char msg[256];
  assert_int_equal(raw_exec(f->db, "PRAGMA user_version = 99", msg, sizeof msg), SQLITE_OK);
  assert_null(open_opts(f->db, 0, 0, &e));
  assert_int_equal(e.code, VET_EPARSE);
  assert_non_null(strstr(e.msg, "schema version 99, newer than this vetter knows"));
  assert_int_equal(raw_int(f->db, "PRAGMA user_version"), 99); /* untouched */
  assert_int_equal(raw_exec(f->db, "PRAGMA user_version = 3", msg, sizeof msg), SQLITE_OK);
  f->st = open_ok(f->db);

  /* a text file, a database of another application, an empty file read-only */
  static const struct {
    const char *name, *sql, *text, *want;
  } cases[] = {
      {"notes.txt", NULL, "hello, this is not a database at all, just some text........\n", "not an SQLite database"},
      {"other.db", "CREATE TABLE t (x)", NULL, "another application"},
      {"foreign.db", "PRAGMA application_id = 7", NULL, "another application"},
  };
  for (size_t i = 0; i < VET_COUNTOF(cases); i++) {
    snprintf(path, sizeof path, "%s/%s", f->dir, cases[i].name);
    if (cases[i].text)
      tu_write_text(path, cases[i].text);
    else
      assert_int_equal(raw_exec(path, cases[i].sql, msg, sizeof msg), SQLITE_OK);
    size_t before_len;
    char *before = tu_read_file(path, &before_len);
    assert_null(open_opts(path, 0, 0, &e));
    assert_int_equal(e.code, VET_EPARSE);
    if (!strstr(e.msg, "is not a vetter store") || !strstr(e.msg, cases[i].want))
      fail_msg("%s: %s", cases[i].name, e.msg);
    size_t after_len;
    char *after = tu_read_file(path, &after_len);
    assert_true(before_len == after_len && !memcmp(before, after, before_len)); /* left untouched */
    free(before);
    free(after);
  }
  /* missing store, where creation is not wanted */
  snprintf(path, sizeof path, "%s/missing.db", f->dir);
  assert_null(open_opts(path, VET_STORE_NOCREATE, 0, &e));
  assert_int_equal(e.code, VET_ENOTFOUND);
  assert_null(open_opts(path, VET_STORE_READONLY, 0, &e));
  assert_int_equal(e.code, VET_ENOTFOUND);
  /* backends */
  assert_null(open_opts("postgresql://localhost/vetter", 0, 0, &e));
  assert_int_equal(e.code, VET_EINVAL);
  assert_non_null(strstr(e.msg, "postgresql backend"));
  assert_null(open_opts("sqlite:", 0, 0, &e));
  assert_int_equal(e.code, VET_EINVAL);
  snprintf(path, sizeof path, "%s/no/such/dir/x.db", f->dir);
  assert_null(open_opts(path, 0, 0, &e));
  assert_int_equal(e.code, VET_EIO);
}

static void test_readonly(void **state)
{
  struct fx *f = *state;
  seed_abc(f->st);
  struct vet_error e;
  struct vet_store *ro = open_opts(f->db, VET_STORE_READONLY, 0, &e);
  assert_non_null(ro);
  assert_int_equal(stats(ro).subjects, 3);
  struct vet_store_record r[] = {subj("d", "{\"id\":\"d\"}")};
  assert_int_equal(vet_store_ingest(ro, r, 1, NULL, &e), VET_EINVAL);
  assert_non_null(strstr(e.msg, "read-only"));
  struct vet_decision d = {.subject = VET_LIT("a"), .status = VET_DECISION_WATCH, .by = VET_LIT("x")};
  assert_int_equal(vet_store_decide(ro, &d, NULL, NULL, &e), VET_EINVAL);
  vet_store_close(ro);
  /* a reader opens and reads while a writer holds an open transaction,
   * seeing only what was committed; a second writer times out cleanly */
  tu_must(vet_store_begin(f->st, &e), "begin");
  ingest_ok(f->st, r, 1);
  struct vet_store_opts o = {.flags = VET_STORE_NOCREATE, .busy_timeout_ms = 50};
  struct vet_store *other = vet_store_open(f->db, &o, &e);
  if (!other)
    fail_msg("open during a write: %s", e.msg);
  assert_int_equal(stats(other).subjects, 3);
  assert_int_equal(vet_store_ingest(other, r, 1, NULL, &e), VET_EDB);
  assert_non_null(strstr(e.msg, "another writer"));
  tu_must(vet_store_commit(f->st, &e), "commit");
  assert_int_equal(stats(other).subjects, 4);
  vet_store_close(other);
}

/* ---- ingest ---- */

static void test_upsert_counts(void **state)
{
  struct fx *f = *state;
  static const char *const B2 = "{\"id\":\"b\",\"name\":\"Bo Li\",\"type\":\"subject\"}";
  static const struct {
    const char *ids[3], *jsons[3];
    int64_t now;
    uint64_t n_new, n_updated, n_unchanged;
  } steps[] = {
      {{"a", "b"}, {"{\"id\":\"a\",\"name\":\"Ann\",\"type\":\"subject\"}", "{\"id\":\"b\",\"name\":\"Bo\",\"type\":\"subject\"}"}, 1000, 2, 0, 0},
      {{"a", "b"}, {"{\"id\":\"a\",\"name\":\"Ann\",\"type\":\"subject\"}", "{\"id\":\"b\",\"name\":\"Bo\",\"type\":\"subject\"}"}, 2000, 0, 0, 2},
      {{"a", "b", "c"}, {"{\"id\":\"a\",\"name\":\"Ann\",\"type\":\"subject\"}", "{\"id\":\"b\",\"name\":\"Bo Li\",\"type\":\"subject\"}", "{\"id\":\"c\"}"}, 3000, 1, 1, 1},
      {{"b"}, {"{\"id\":\"b\",\"name\":\"Bo Li\",\"type\":\"subject\"}"}, 4000, 0, 0, 1},
  };
  for (size_t i = 0; i < VET_COUNTOF(steps); i++) {
    struct vet_store_record r[3];
    size_t n = 0;
    while (n < 3 && steps[i].ids[n]) {
      r[n] = subj(steps[i].ids[n], steps[i].jsons[n]);
      n++;
    }
    fake_now = steps[i].now;
    struct vet_store_counts c = ingest_ok(f->st, r, n);
    if (c.subjects_new != steps[i].n_new || c.subjects_updated != steps[i].n_updated ||
        c.subjects_unchanged != steps[i].n_unchanged)
      fail_msg("step %zu: %llu new %llu updated %llu unchanged", i, (unsigned long long)c.subjects_new,
               (unsigned long long)c.subjects_updated, (unsigned long long)c.subjects_unchanged);
  }
  struct vet_arena a;
  vet_arena_init(&a, 4096);
  struct vet_stored_subject s;
  struct vet_error e;
  tu_must(vet_store_subject_get(f->st, VET_LIT("b"), &a, &s, &e), "get b");
  assert_true(vet_str_eq_c(s.json, B2));
  assert_int_equal(s.first_seen, 1000);
  assert_int_equal(s.updated_at, 3000); /* the unchanged re-ingest at 4000 did not touch it */
  assert_true(s.hash == vet_store_hash64(vet_str_c(B2)));
  tu_must(vet_store_subject_get(f->st, VET_LIT("a"), &a, &s, &e), "get a");
  assert_int_equal(s.updated_at, 1000);
  assert_int_equal(vet_store_subject_get(f->st, VET_LIT("zz"), &a, &s, &e), VET_ENOTFOUND);
  vet_arena_release(&a);
  /* the stored hash is FNV-1a 64 (part of the format): known vectors */
  assert_true(vet_store_hash64(VET_LIT("")) == 14695981039346656037ull);
  assert_true(vet_store_hash64(VET_LIT("a")) == 0xaf63dc4c8601ec8cull);
}

static void test_events_dedup(void **state)
{
  struct fx *f = *state;
  static const char *const E1 = "{\"kind\":\"login\",\"subject\":\"a\",\"ts\":\"2026-01-01T00:00:00Z\"}";
  static const char *const E2 = "{\"kind\":\"login\",\"subject\":\"a\",\"ts\":\"2026-01-02T00:00:00Z\"}";
  static const char *const E3 = "{\"kind\":\"login\",\"subject\":\"a\",\"ts\":\"2026-01-03T00:00:00Z\"}";
  static const char *const EN = "{\"kind\":\"login\",\"subject\":\"n\",\"ts\":\"2026-01-03T00:00:00Z\"}";
  struct vet_store_record r1[] = {subj("a", SA), event("a", 1, E1), event("a", 2, E2), event("a", 2, E2)};
  struct vet_store_counts c = ingest_ok(f->st, r1, VET_COUNTOF(r1));
  assert_int_equal(c.events_new, 2);
  assert_int_equal(c.events_duplicate, 1); /* twice in one batch */
  assert_int_equal(r1[3].outcome, VET_STORE_DUPLICATE);
  /* an event before its subject in the batch; one of an unknown subject */
  struct vet_store_record r2[] = {event("b", 5, E1), event("a", 1, E1), event("a", 3, E3), event("n", 3, EN),
                                  subj("b", SB)};
  c = ingest_ok(f->st, r2, VET_COUNTOF(r2));
  assert_int_equal(c.events_new, 2);
  assert_int_equal(c.events_duplicate, 1);
  assert_int_equal(c.events_no_subject, 1);
  assert_int_equal(r2[0].outcome, VET_STORE_NEW); /* same JSON, another subject: another event */
  assert_int_equal(r2[1].outcome, VET_STORE_DUPLICATE);
  assert_int_equal(r2[3].outcome, VET_STORE_NO_SUBJECT);
  assert_int_equal(stats(f->st).events, 4);

  /* a 64-bit collision: another event already holds E4's (subject, hash) */
  static const char *const E4 = "{\"kind\":\"login\",\"subject\":\"a\",\"ts\":\"2026-01-04T00:00:00Z\"}";
  char sql[256], msg[128];
  snprintf(sql, sizeof sql,
           "INSERT INTO events (subject, ts, kind, hash, json, added_at) VALUES ('a', 9, 'other', %lld, "
           "'{\"planted\":true}', 0)",
           (long long)vet_store_hash64(vet_str_c(E4)));
  assert_int_equal(raw_exec(f->db, sql, msg, sizeof msg), SQLITE_OK);
  for (int round = 0; round < 2; round++) {
    struct vet_store_record r3[] = {event("a", 4, E4)};
    c = ingest_ok(f->st, r3, 1);
    assert_int_equal(r3[0].outcome, round == 0 ? VET_STORE_NEW : VET_STORE_DUPLICATE);
  }
  assert_int_equal(raw_int(f->db, "SELECT count(*) FROM events WHERE hash IS NULL"), 1);
  assert_int_equal(stats(f->st).events, 6);
  struct vet_error e;
  assert_int_equal(vet_store_check(f->st, &e), VET_OK);
}

static void test_bad_json_never_half_stored(void **state)
{
  struct fx *f = *state;
  seed_abc(f->st);
  static const char *const bad[] = {"not json", "[1,2]", "{\"id\":\"d\"", "\"text\""};
  struct vet_error e;
  for (size_t i = 0; i < VET_COUNTOF(bad); i++) {
    struct vet_store_record r[] = {subj("d", "{\"id\":\"d\"}"), event("a", 1, "{\"subject\":\"a\",\"n\":1}"),
                                   subj("b", "{\"id\":\"b\",\"changed\":true}"), event("a", 2, bad[i])};
    vet_err rc = vet_store_ingest(f->st, r, VET_COUNTOF(r), NULL, &e);
    if (rc != VET_EPARSE)
      fail_msg("'%s': %s (%s)", bad[i], vet_err_name(rc), e.msg);
    struct vet_store_stats s = stats(f->st);
    assert_int_equal(s.subjects, 3);
    assert_int_equal(s.events, 0);
  }
  /* b keeps its old JSON */
  struct vet_arena a;
  vet_arena_init(&a, 1024);
  struct vet_stored_subject s;
  tu_must(vet_store_subject_get(f->st, VET_LIT("b"), &a, &s, &e), "get b");
  assert_true(vet_str_eq_c(s.json, SB));
  vet_arena_release(&a);
  /* inside an explicit transaction a failed batch rolls back alone */
  tu_must(vet_store_begin(f->st, &e), "begin");
  assert_int_equal(vet_store_begin(f->st, &e), VET_EINVAL);
  struct vet_store_record good[] = {subj("d", "{\"id\":\"d\"}")};
  struct vet_store_record badb[] = {subj("e", "{\"id\":\"e\"}"), subj("f", "{oops")};
  ingest_ok(f->st, good, 1);
  assert_int_equal(vet_store_ingest(f->st, badb, 2, NULL, &e), VET_EPARSE);
  tu_must(vet_store_commit(f->st, &e), "commit");
  assert_int_equal(stats(f->st).subjects, 4);
  /* a rolled back transaction leaves nothing */
  tu_must(vet_store_begin(f->st, &e), "begin");
  struct vet_store_record g2[] = {subj("g", "{\"id\":\"g\"}")};
  ingest_ok(f->st, g2, 1);
  vet_store_rollback(f->st);
  assert_int_equal(stats(f->st).subjects, 4);
  /* caps */
  char longid[VET_STORE_MAX_ID + 2];
  memset(longid, 'x', sizeof longid - 1);
  longid[sizeof longid - 1] = 0;
  struct vet_store_record lr[] = {subj(longid, "{\"id\":1}")};
  assert_int_equal(vet_store_ingest(f->st, lr, 1, NULL, &e), VET_ELIMIT);
  struct vet_store_record nr[] = {subj("h", "")};
  assert_int_equal(vet_store_ingest(f->st, nr, 1, NULL, &e), VET_EPARSE);
}

/* ---- identifiers ---- */

struct collected {
  char text[512];
  size_t n;
};

static int collect_ident(void *arg, vet_str kind, vet_str value, vet_str subject)
{
  struct collected *c = arg;
  size_t len = strlen(c->text);
  snprintf(c->text + len, sizeof c->text - len, "%s%.*s:%.*s:%.*s", c->n++ ? " " : "", VET_STR_FMT(kind),
           VET_STR_FMT(value), VET_STR_FMT(subject));
  return 0;
}

static const char *find_ident(struct vet_store *st, const char *kind, const char *value, struct collected *c)
{
  memset(c, 0, sizeof *c);
  struct vet_error e;
  tu_must(vet_store_find_identifier(st, vet_str_c(kind), vet_str_c(value), collect_ident, c, &e), "find");
  return c->text;
}

/* The linking code's pattern: for each subject, write its identifiers
 * from inside the iteration. */
static int ident_from_iteration(void *arg, const struct vet_stored_subject *s)
{
  struct vet_store_ident id = {VET_LIT("name"), s->id};
  struct vet_error e;
  return vet_store_set_identifiers(arg, s->id, &id, 1, &e) != VET_OK;
}

static void test_identifiers_replace(void **state)
{
  struct fx *f = *state;
  seed_abc(f->st);
  struct vet_error e;
  struct vet_store_ident ia[] = {{VET_LIT("email"), VET_LIT("x@y.z")},
                                 {VET_LIT("phone"), VET_LIT("+15550001")},
                                 {VET_LIT("email"), VET_LIT("x@y.z")}}; /* given twice: stored once */
  struct vet_store_ident ib[] = {{VET_LIT("email"), VET_LIT("x@y.z")}, {VET_LIT("iban"), VET_LIT("DE89")}};
  tu_must(vet_store_set_identifiers(f->st, VET_LIT("a"), ia, VET_COUNTOF(ia), &e), "set a");
  tu_must(vet_store_set_identifiers(f->st, VET_LIT("b"), ib, VET_COUNTOF(ib), &e), "set b");
  struct collected c;
  assert_string_equal(find_ident(f->st, "email", "x@y.z", &c), "email:x@y.z:a email:x@y.z:b");
  assert_string_equal(find_ident(f->st, "phone", "+15550001", &c), "phone:+15550001:a");
  assert_int_equal(stats(f->st).identifiers, 4);
  memset(&c, 0, sizeof c);
  tu_must(vet_store_each_identifier(f->st, 2, collect_ident, &c, &e), "shared");
  assert_string_equal(c.text, "email:x@y.z:a email:x@y.z:b");
  memset(&c, 0, sizeof c);
  tu_must(vet_store_each_identifier(f->st, 0, collect_ident, &c, &e), "all");
  assert_string_equal(c.text, "email:x@y.z:a email:x@y.z:b iban:DE89:b phone:+15550001:a");
  /* replacing a's set drops what it no longer has */
  struct vet_store_ident ia2[] = {{VET_LIT("iban"), VET_LIT("DE89")}};
  tu_must(vet_store_set_identifiers(f->st, VET_LIT("a"), ia2, 1, &e), "replace a");
  assert_string_equal(find_ident(f->st, "email", "x@y.z", &c), "email:x@y.z:b");
  assert_string_equal(find_ident(f->st, "phone", "+15550001", &c), "");
  assert_string_equal(find_ident(f->st, "iban", "DE89", &c), "iban:DE89:a iban:DE89:b");
  tu_must(vet_store_set_identifiers(f->st, VET_LIT("b"), NULL, 0, &e), "clear b");
  assert_int_equal(stats(f->st).identifiers, 1);
  /* refusals leave everything as it was */
  assert_int_equal(vet_store_set_identifiers(f->st, VET_LIT("zz"), ia, 1, &e), VET_ENOTFOUND);
  struct vet_store_ident empty[] = {{VET_LIT("email"), VET_LIT("")}};
  assert_int_equal(vet_store_set_identifiers(f->st, VET_LIT("a"), empty, 1, &e), VET_EINVAL);
  assert_int_equal(stats(f->st).identifiers, 1);
  tu_must(vet_store_each_subject(f->st, ident_from_iteration, f->st, &e), "write while iterating");
  assert_int_equal(stats(f->st).identifiers, 3);
  assert_string_equal(find_ident(f->st, "name", "c", &c), "name:c:c");
}

/* ---- reports ---- */

static json_t *make_report(const char *subject, double score, const char *band, const char *rule)
{
  json_t *r = json_pack("{s:s, s:f, s:s, s:[], s:{s:{s:s}}}", "subject", subject, "score", score, "band", band,
                        "findings", "versions", "config", "hash", "00ff00ff00ff00ff");
  if (rule)
    json_array_append_new(json_object_get(r, "findings"),
                          json_pack("{s:s, s:s, s:f, s:s, s:{s:s}}", "rule", rule, "severity", "high", "score_weight",
                                    0.5, "message", "m", "evidence", "holder", "X"));
  return r;
}

struct hist {
  char text[256];
};

static int collect_report(void *arg, const struct vet_stored_report *r)
{
  struct hist *h = arg;
  size_t len = strlen(h->text);
  snprintf(h->text + len, sizeof h->text - len, "%s%lld:%.0f:%.*s", len ? " " : "", (long long)r->created_at,
           r->score, VET_STR_FMT(r->band));
  return 0;
}

static void test_report_history(void **state)
{
  struct fx *f = *state;
  seed_abc(f->st);
  static const struct {
    int64_t at;
    double score;
    const char *band;
  } adds[] = {{100, 10, "low"}, {300, 80, "critical"}, {200, 30, "medium"}, {300, 60, "high"}};
  struct vet_error e;
  int64_t ids[VET_COUNTOF(adds)];
  for (size_t i = 0; i < VET_COUNTOF(adds); i++) {
    fake_now = adds[i].at;
    json_t *r = make_report("a", adds[i].score, adds[i].band, i ? "payout.third_party" : NULL);
    tu_must(vet_store_add_report(f->st, r, &ids[i], &e), "add report");
    json_decref(r);
    assert_true(i == 0 || ids[i] > ids[i - 1]);
  }
  struct hist h = {{0}};
  tu_must(vet_store_each_report(f->st, VET_LIT("a"), collect_report, &h, &e), "history");
  assert_string_equal(h.text, "100:10:low 200:30:medium 300:80:critical 300:60:high");
  struct vet_arena a;
  vet_arena_init(&a, 4096);
  struct vet_stored_report latest;
  tu_must(vet_store_latest_report(f->st, VET_LIT("a"), &a, &latest, &e), "latest");
  assert_int_equal(latest.id, ids[3]); /* same time: the later id */
  assert_true(vet_str_eq_c(latest.band, "high"));
  assert_true(vet_str_eq_c(latest.config_hash, "00ff00ff00ff00ff"));
  json_t *back = json_loadb(latest.json.ptr, latest.json.len, 0, NULL);
  assert_non_null(back);
  char fp[VET_FINGERPRINT_HEX + 1];
  tu_must(vet_findings_fingerprint(back, fp, &e), "fingerprint");
  assert_true(vet_str_eq_c(latest.fingerprint, fp));
  assert_string_equal(json_string_value(json_object_get(back, "band")), "high");
  json_decref(back);
  struct vet_stored_report first;
  tu_must(vet_store_report_get(f->st, ids[0], &a, &first, &e), "get");
  assert_true(first.score == 10.0);
  assert_int_equal(vet_store_latest_report(f->st, VET_LIT("b"), &a, &latest, &e), VET_ENOTFOUND);
  assert_int_equal(vet_store_report_get(f->st, 9999, &a, &latest, &e), VET_ENOTFOUND);
  vet_arena_release(&a);
  /* refusals */
  json_t *r = make_report("zz", 1, "low", NULL);
  assert_int_equal(vet_store_add_report(f->st, r, NULL, &e), VET_ENOTFOUND);
  json_decref(r);
  r = json_pack("{s:s, s:f, s:s}", "subject", "a", "score", 1.0, "band", "low"); /* no findings */
  assert_int_equal(vet_store_add_report(f->st, r, NULL, &e), VET_EPARSE);
  json_decref(r);
  assert_int_equal(stats(f->st).reports, 4);
  /* reports are history: the schema refuses to rewrite them */
  char msg[128];
  assert_int_not_equal(raw_exec(f->db, "UPDATE reports SET score = 0", msg, sizeof msg), SQLITE_OK);
  assert_non_null(strstr(msg, "no update"));
}

/* ---- groups ---- */

static int collect_group(void *arg, const struct vet_store_group *g)
{
  struct hist *h = arg;
  size_t len = strlen(h->text);
  len += (size_t)snprintf(h->text + len, sizeof h->text - len, "%s%.*s@%lld[", len ? " " : "", VET_STR_FMT(g->id),
                          (long long)g->created_at);
  for (size_t i = 0; i < g->n_members && len < sizeof h->text; i++)
    len += (size_t)snprintf(h->text + len, sizeof h->text - len, "%s%.*s", i ? "," : "", VET_STR_FMT(g->members[i]));
  if (len < sizeof h->text)
    snprintf(h->text + len, sizeof h->text - len, "]");
  return 0;
}

static const char *groups_text(struct vet_store *st, const char *subject, struct hist *h)
{
  memset(h, 0, sizeof *h);
  struct vet_error e;
  tu_must(vet_store_each_group(st, vet_str_c(subject), collect_group, h, &e), "groups");
  return h->text;
}

static void test_groups_replace(void **state)
{
  struct fx *f = *state;
  seed_abc(f->st);
  struct vet_error e;
  vet_str ab[] = {VET_LIT("a"), VET_LIT("b")}, bc[] = {VET_LIT("b"), VET_LIT("c")}, c_[] = {VET_LIT("c")},
          a_[] = {VET_LIT("a")}, bad[] = {VET_LIT("a"), VET_LIT("zz")};
  struct vet_store_group g1[] = {{VET_LIT("g1"), VET_LIT("{\"why\":\"shared iban\"}"), ab, 2, 0},
                                 {VET_LIT("g2"), VET_LIT("{}"), bc, 2, 0}};
  fake_now = 100;
  tu_must(vet_store_replace_groups(f->st, g1, 2, &e), "replace 1");
  struct hist h;
  assert_string_equal(groups_text(f->st, "", &h), "g1@100[a,b] g2@100[b,c]");
  assert_string_equal(groups_text(f->st, "a", &h), "g1@100[a,b]");
  fake_now = 200;
  struct vet_store_group g2[] = {{VET_LIT("g3"), VET_LIT("{}"), a_, 1, 0}, {VET_LIT("g2"), VET_LIT("{}"), c_, 1, 0}};
  tu_must(vet_store_replace_groups(f->st, g2, 2, &e), "replace 2");
  assert_string_equal(groups_text(f->st, "", &h), "g2@100[c] g3@200[a]"); /* g2 keeps its created_at */
  assert_int_equal(stats(f->st).group_members, 2);
  /* a bad set changes nothing: unknown member, duplicate id, bad JSON */
  struct vet_store_group b1[] = {{VET_LIT("g4"), VET_LIT("{}"), a_, 1, 0}, {VET_LIT("g5"), VET_LIT("{}"), bad, 2, 0}};
  assert_int_equal(vet_store_replace_groups(f->st, b1, 2, &e), VET_ENOTFOUND);
  assert_non_null(strstr(e.msg, "'zz'"));
  struct vet_store_group b2[] = {{VET_LIT("g4"), VET_LIT("{}"), a_, 1, 0}, {VET_LIT("g4"), VET_LIT("{}"), c_, 1, 0}};
  assert_int_equal(vet_store_replace_groups(f->st, b2, 2, &e), VET_EINVAL);
  struct vet_store_group b3[] = {{VET_LIT("g4"), VET_LIT("[]"), a_, 1, 0}};
  assert_int_equal(vet_store_replace_groups(f->st, b3, 1, &e), VET_EPARSE);
  assert_string_equal(groups_text(f->st, "", &h), "g2@100[c] g3@200[a]");
  /* the empty set clears them */
  tu_must(vet_store_replace_groups(f->st, NULL, 0, &e), "clear");
  assert_string_equal(groups_text(f->st, "", &h), "");
  assert_int_equal(stats(f->st).group_members, 0);
}

/* ---- decisions ---- */

static int count_decision(void *arg, const struct vet_decision *d)
{
  struct hist *h = arg;
  size_t len = strlen(h->text);
  snprintf(h->text + len, sizeof h->text - len, "%s%lld:%.*s:%s:%.*s", len ? " " : "", (long long)d->id,
           VET_STR_FMT(d->subject), vet_decision_status_name(d->status), VET_STR_FMT(d->by));
  return 0;
}

static void test_decisions_append_only(void **state)
{
  struct fx *f = *state;
  seed_abc(f->st);
  struct vet_error e;
  struct vet_arena a;
  vet_arena_init(&a, 4096);
  struct vet_decision out;
  fake_now = 86400 * 3;
  struct vet_decision d = {.subject = VET_LIT("a"), .status = VET_DECISION_WATCH, .note = VET_LIT("odd hours"),
                           .by = VET_LIT("alice")};
  tu_must(vet_store_decide(f->st, &d, &a, &out, &e), "decide 1");
  assert_int_equal(out.id, 1);
  assert_int_equal(out.report_id, 0);
  assert_int_equal(out.fingerprint.len, 0);
  assert_int_equal(out.at, 86400 * 3);
  json_t *r = make_report("a", 40, "medium", "payout.third_party");
  int64_t rid;
  tu_must(vet_store_add_report(f->st, r, &rid, &e), "report");
  char fp[VET_FINGERPRINT_HEX + 1];
  tu_must(vet_findings_fingerprint(r, fp, &e), "fp");
  json_decref(r);
  d.status = VET_DECISION_CLEARED;
  d.by = VET_LIT("bob");
  tu_must(vet_store_decide(f->st, &d, &a, &out, &e), "decide 2");
  assert_int_equal(out.report_id, rid);
  assert_true(vet_str_eq_c(out.fingerprint, fp));
  d.subject = VET_LIT("b");
  tu_must(vet_store_decide(f->st, &d, NULL, NULL, &e), "decide 3");
  struct vet_decision latest;
  tu_must(vet_store_latest_decision(f->st, VET_LIT("a"), &a, &latest, &e), "latest");
  assert_int_equal(latest.id, 2);
  assert_int_equal(latest.status, VET_DECISION_CLEARED);
  assert_true(vet_str_eq_c(latest.note, "odd hours"));
  assert_int_equal(vet_store_latest_decision(f->st, VET_LIT("c"), &a, &latest, &e), VET_ENOTFOUND);
  struct hist h = {{0}};
  tu_must(vet_store_each_decision(f->st, VET_STR_NULL, count_decision, &h, &e), "log");
  assert_string_equal(h.text, "1:a:watch:alice 2:a:cleared:bob 3:b:cleared:bob");
  memset(&h, 0, sizeof h);
  tu_must(vet_store_each_decision(f->st, VET_LIT("a"), count_decision, &h, &e), "log of a");
  assert_string_equal(h.text, "1:a:watch:alice 2:a:cleared:bob");
  /* refusals */
  static const struct {
    const char *subject, *by;
    size_t note_len;
    vet_err want;
  } bad[] = {{"zz", "bob", 1, VET_ENOTFOUND},
             {"a", "", 1, VET_EINVAL},
             {"a", "  ", 1, VET_EINVAL},
             {"a", "bo\nb", 1, VET_EINVAL},
             {"a", "bob", VET_STORE_MAX_NOTE + 1, VET_ELIMIT}};
  char *note = malloc(VET_STORE_MAX_NOTE + 2);
  memset(note, 'n', VET_STORE_MAX_NOTE + 1);
  for (size_t i = 0; i < VET_COUNTOF(bad); i++) {
    struct vet_decision x = {.subject = vet_str_c(bad[i].subject), .status = VET_DECISION_BLOCKED,
                             .note = {note, bad[i].note_len}, .by = vet_str_c(bad[i].by)};
    vet_err rc = vet_store_decide(f->st, &x, NULL, NULL, &e);
    if (rc != bad[i].want)
      fail_msg("case %zu: %s (%s)", i, vet_err_name(rc), e.msg);
  }
  free(note);
  assert_int_equal(stats(f->st).decisions, 3);
  /* the schema itself refuses to rewrite or remove the log */
  static const char *const tamper[] = {"UPDATE decisions SET note = 'x' WHERE id = 1",
                                       "UPDATE decisions SET status = 'blocked'", "DELETE FROM decisions WHERE id = 2",
                                       "DELETE FROM decisions", "DELETE FROM reports"};
  char msg[128];
  for (size_t i = 0; i < VET_COUNTOF(tamper); i++) {
    int rc = raw_exec(f->db, tamper[i], msg, sizeof msg);
    if (rc == SQLITE_OK || (!strstr(msg, "append-only") && !strstr(msg, "cannot be deleted")))
      fail_msg("'%s' was not refused: %d %s", tamper[i], rc, msg);
  }
  assert_int_equal(raw_int(f->db, "SELECT count(*) FROM decisions WHERE note = 'odd hours'"), 3);
  vet_arena_release(&a);
  /* status names */
  enum vet_decision_status s;
  assert_int_equal(vet_decision_status_parse(VET_LIT("blocked"), &s), VET_OK);
  assert_int_equal(s, VET_DECISION_BLOCKED);
  assert_int_equal(vet_decision_status_parse(VET_LIT("Cleared"), &s), VET_EPARSE);
  assert_string_equal(vet_decision_status_name(VET_DECISION_WATCH), "watch");
}

/* ---- reading back ---- */

struct reenter {
  vet_err rc;
  struct vet_store *st;
};

static int stop_at_first(void *arg, const struct vet_stored_subject *s) { return 1; }

static int reenter(void *arg, const struct vet_stored_subject *s)
{
  struct reenter *r = arg;
  struct vet_error e;
  r->rc = vet_store_each_subject(r->st, stop_at_first, NULL, &e);
  return 1;
}

static void test_load_population(void **state)
{
  struct fx *f = *state;
  struct vet_store_record r[] = {
      subj("w-1", "{\"country\":\"PL\",\"id\":\"w-1\",\"name\":\"Michał Wiśniewski\",\"type\":\"subject\"}"),
      subj("20417", "{\"id\":20417,\"name\":\"Grace Park\"}"),
      event("w-1", 2, "{\"kind\":\"login\",\"subject\":\"w-1\",\"ts\":\"2026-03-01T09:15:00Z\",\"type\":\"event\"}"),
      event("w-1", 1, "{\"kind\":\"login\",\"subject\":\"w-1\",\"ts\":\"2026-03-01T08:15:00Z\",\"type\":\"event\"}"),
      event("20417", 1, "{\"subject\":20417,\"ts\":\"2026-03-01T08:15:00Z\",\"type\":\"event\"}"),
  };
  ingest_ok(f->st, r, VET_COUNTOF(r));
  struct vet_population *p = vet_population_new(tu_countries(), "v.db");
  struct vet_error e;
  tu_must(vet_store_load_population(f->st, p, &e), "load");
  tu_must(vet_population_finish(p, &e), "finish");
  assert_int_equal(p->n_subjects, 2);
  assert_int_equal(p->n_events, 3);
  assert_int_equal(p->skipped, 0);
  const struct vet_subject *s = vet_population_find(p, VET_LIT("w-1"));
  assert_non_null(s);
  assert_string_equal(s->country.code, "PL");
  assert_int_equal(s->n_events, 2);
  assert_true(p->events[s->first_event].ts < p->events[s->first_event + 1].ts);
  assert_non_null(vet_population_find(p, VET_LIT("20417")));
  vet_population_free(p);
  /* a callback that starts the same iteration again is refused */
  struct reenter re = {VET_OK, f->st};
  tu_must(vet_store_each_subject(f->st, reenter, &re, &e), "outer");
  assert_int_equal(re.rc, VET_EINVAL);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_fresh_store, setup, teardown),
      cmocka_unit_test_setup_teardown(test_migrate_from_older, setup, teardown),
      cmocka_unit_test_setup_teardown(test_refusals, setup, teardown),
      cmocka_unit_test_setup_teardown(test_readonly, setup, teardown),
      cmocka_unit_test_setup_teardown(test_upsert_counts, setup, teardown),
      cmocka_unit_test_setup_teardown(test_events_dedup, setup, teardown),
      cmocka_unit_test_setup_teardown(test_bad_json_never_half_stored, setup, teardown),
      cmocka_unit_test_setup_teardown(test_identifiers_replace, setup, teardown),
      cmocka_unit_test_setup_teardown(test_report_history, setup, teardown),
      cmocka_unit_test_setup_teardown(test_groups_replace, setup, teardown),
      cmocka_unit_test_setup_teardown(test_decisions_append_only, setup, teardown),
      cmocka_unit_test_setup_teardown(test_load_population, setup, teardown),
  };
  return cmocka_run_group_tests(tests, tu_countries_setup, NULL);
}
