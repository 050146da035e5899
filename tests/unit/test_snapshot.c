/* test_snapshot.c - the compiled list snapshot (match/snapshot.c) and its
 * use by vet_ctx_load_lists: the bundled lists and their index written
 * and read back hold the same entities, field by field, and screen every
 * query to the same hits with the same scores and explanations; a
 * snapshot of another recipe, a missing, truncated, damaged or foreign
 * file is refused with its reason; the context writes a snapshot, reads
 * it the next time, and builds again when a list file or a match setting
 * changes, or when snapshots are off. */
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"
#include "vetter/vetter.h"

struct both {
  struct vet_listset *ls;  /* loaded from the lists */
  struct vet_index *ix;
  struct vet_listset *sls; /* read from the snapshot */
  struct vet_index *six;
  char dir[TU_PATH_MAX];
  char path[TU_PATH_MAX + 16];
};

static int both_setup(void **state)
{
  struct both *b = calloc(1, sizeof *b);
  struct vet_error e = {0};
  struct vet_config cfg;
  vet_config_defaults(&cfg);
  b->ls = vet_listset_new(tu_countries());
  if (!b->ls || vet_lists_load_dir_threads(b->ls, VET_DATA_DIR "/lists", NULL, 2, &e) ||
      vet_listset_freeze(b->ls, &e) || !(b->ix = vet_index_build_threads(b->ls, &cfg.match, 2, &e))) {
    print_error("loading the bundled lists: %s\n", e.msg);
    return -1;
  }
  tu_temp_dir(b->dir, sizeof b->dir);
  snprintf(b->path, sizeof b->path, "%s/lists.snap", b->dir);
  if (vet_snapshot_save(b->path, VET_LIT("recipe one"), b->ls, b->ix, &e) ||
      vet_snapshot_load(b->path, VET_LIT("recipe one"), tu_countries(), &cfg.match, &b->sls, &b->six, &e)) {
    print_error("the snapshot: %s\n", e.msg);
    return -1;
  }
  *state = b;
  return 0;
}

static int both_teardown(void **state)
{
  struct both *b = *state;
  vet_index_free(b->six);
  vet_listset_free(b->sls);
  vet_index_free(b->ix);
  vet_listset_free(b->ls);
  tu_rm_rf(b->dir);
  free(b);
  return 0;
}

static void str_equal(vet_str a, vet_str b)
{
  assert_int_equal(a.len, b.len);
  assert_true(!a.ptr == !b.ptr);
  if (a.len)
    assert_memory_equal(a.ptr, b.ptr, a.len);
  if (b.ptr)
    assert_int_equal(b.ptr[b.len], '\0');
}

static void test_same_entities(void **state)
{
  struct both *b = *state;
  const struct vet_listset *x = b->ls, *y = b->sls;
  assert_true(y->frozen);
  assert_ptr_equal(y->countries, x->countries);
  assert_int_equal(y->n_lists, x->n_lists);
  assert_int_equal(y->n_entities, x->n_entities);
  assert_true(x->n_entities > 30000); /* the bundled lists, not an empty set */
  for (uint32_t l = 0; l < x->n_lists; l++) {
    const struct vet_list *a = &x->lists[l], *c = &y->lists[l];
    str_equal(a->name, c->name);
    str_equal(a->title, c->title);
    str_equal(a->format, c->format);
    str_equal(a->path, c->path);
    str_equal(a->date, c->date);
    str_equal(a->publisher, c->publisher);
    str_equal(a->licence, c->licence);
    str_equal(a->url, c->url);
    assert_int_equal(a->n_entities, c->n_entities);
    assert_int_equal(a->first_entity, c->first_entity);
  }
  for (uint32_t i = 0; i < x->n_entities; i++) {
    const struct vet_entity *a = &x->entities[i], *c = &y->entities[i];
    str_equal(a->id, c->id);
    str_equal(a->remarks, c->remarks);
    assert_int_equal(a->list, c->list);
    assert_int_equal(a->schema, c->schema);
    assert_int_equal(a->gender, c->gender);
    assert_int_equal(a->n_names, c->n_names);
    for (uint32_t k = 0; k < a->n_names; k++) {
      str_equal(a->names[k].text, c->names[k].text);
      assert_int_equal(a->names[k].kind, c->names[k].kind);
      assert_string_equal(a->names[k].script, c->names[k].script);
    }
    assert_int_equal(a->n_dates, c->n_dates);
    if (a->n_dates)
      assert_memory_equal(a->dates, c->dates, a->n_dates * sizeof *a->dates);
    assert_int_equal(a->n_countries, c->n_countries);
    if (a->n_countries)
      assert_memory_equal(a->countries, c->countries, a->n_countries * sizeof *a->countries);
    assert_int_equal(a->n_addresses, c->n_addresses);
    for (uint32_t k = 0; k < a->n_addresses; k++) {
      str_equal(a->addresses[k].text, c->addresses[k].text);
      assert_string_equal(a->addresses[k].country, c->addresses[k].country);
    }
    assert_int_equal(a->n_idents, c->n_idents);
    for (uint32_t k = 0; k < a->n_idents; k++) {
      assert_int_equal(a->idents[k].kind, c->idents[k].kind);
      str_equal(a->idents[k].value, c->idents[k].value);
      str_equal(a->idents[k].norm, c->idents[k].norm);
      str_equal(a->idents[k].currency, c->idents[k].currency);
      assert_string_equal(a->idents[k].country, c->idents[k].country);
    }
    assert_int_equal(a->n_programs, c->n_programs);
    for (uint32_t k = 0; k < a->n_programs; k++)
      str_equal(a->programs[k], c->programs[k]);
  }
  struct vet_index_stats sa, sc;
  vet_index_stats(b->ix, &sa);
  vet_index_stats(b->six, &sc);
  assert_int_equal(sa.names, sc.names);
  assert_int_equal(sa.tokens, sc.tokens);
  assert_int_equal(sa.keys, sc.keys);
  assert_int_equal(sa.postings, sc.postings);
  assert_int_equal(sa.identifiers, sc.identifiers);
}

/* The same query through both indexes: the same hits, in the same order,
 * with the same scores and explanations. */
static void same_hits(struct vet_searcher *sa, struct vet_searcher *sc, const struct vet_listset *la,
                      const struct vet_listset *lc, const struct vet_query *q, struct vet_arena *a,
                      uint32_t *hits)
{
  struct vet_hits ha, hc;
  vet_err ra = vet_screen(sa, q, a, &ha, NULL), rc = vet_screen(sc, q, a, &hc, NULL);
  assert_int_equal(ra, rc);
  if (ra)
    return;
  assert_int_equal(ha.n, hc.n);
  assert_int_equal(ha.candidates, hc.candidates);
  for (uint32_t i = 0; i < ha.n; i++) {
    const struct vet_hit *x = &ha.v[i], *y = &hc.v[i];
    assert_int_equal(x->entity - la->entities, y->entity - lc->entities);
    assert_int_equal(x->list - la->lists, y->list - lc->lists);
    assert_true(!x->name == !y->name);
    if (x->name)
      assert_int_equal(x->name - x->entity->names, y->name - y->entity->names);
    assert_true(x->score == y->score);
    assert_true(x->ex.name_score == y->ex.name_score);
    assert_int_equal(x->ex.n_align, y->ex.n_align);
    for (uint32_t k = 0; k < x->ex.n_align; k++) {
      str_equal(x->ex.align[k].q, y->ex.align[k].q);
      str_equal(x->ex.align[k].c, y->ex.align[k].c);
      assert_true(x->ex.align[k].sim == y->ex.align[k].sim);
      assert_string_equal(x->ex.align[k].how, y->ex.align[k].how);
    }
    assert_int_equal(x->ex.n_adj, y->ex.n_adj);
    str_equal(x->ex.id_value, y->ex.id_value);
  }
  *hits += ha.n;
}

static void test_same_hits(void **state)
{
  struct both *b = *state;
  struct vet_searcher *sa = vet_searcher_new(b->ix, NULL), *sc = vet_searcher_new(b->six, NULL);
  assert_non_null(sa);
  assert_non_null(sc);
  struct vet_arena a;
  vet_arena_init(&a, 1 << 20);
  uint32_t hits = 0, queries = 0;
  char buf[512];
  for (uint32_t i = 0; i < b->ls->n_entities; i += 23) {
    const struct vet_entity *en = &b->ls->entities[i];
    vet_arena_reset(&a);
    vet_str nm = en->names[0].text;
    struct vet_query q = {.name = nm, .threshold = 0.7};
    same_hits(sa, sc, b->ls, b->sls, &q, &a, &hits);
    /* a typo: the name without its third letter, with a birth date and a country */
    if (nm.len > 4 && nm.len < sizeof buf) {
      memcpy(buf, nm.ptr, 2);
      memcpy(buf + 2, nm.ptr + 3, nm.len - 3);
      q.name = (vet_str){buf, nm.len - 1};
      q.birth_date = en->n_dates ? en->dates[0] : (struct vet_date){0};
      memcpy(q.country, en->n_countries ? en->countries[0].code : "US", 3);
      same_hits(sa, sc, b->ls, b->sls, &q, &a, &hits);
    }
    /* the exact identifiers */
    for (uint32_t k = 0; k < en->n_idents; k++) {
      struct vet_query iq = {0};
      const struct vet_ident *d = &en->idents[k];
      switch (d->kind) {
      case VET_ID_EMAIL: iq.email = d->value; break;
      case VET_ID_PHONE: iq.phone = d->value; break;
      case VET_ID_CRYPTO: iq.crypto = d->value; break;
      case VET_ID_WEBSITE: iq.domain = d->value; break;
      default: iq.document = d->value; break;
      }
      same_hits(sa, sc, b->ls, b->sls, &iq, &a, &hits);
      queries++;
    }
    queries += 2;
  }
  print_message("%u queries, %u hits, the same through both indexes\n", queries, hits);
  assert_true(hits > queries); /* the listed names are found */
  vet_arena_release(&a);
  vet_searcher_free(sa);
  vet_searcher_free(sc);
}

/* Load path with recipe; the code, the message in e. */
static vet_err try_load(const char *path, const char *recipe, struct vet_error *e)
{
  struct vet_config cfg;
  vet_config_defaults(&cfg);
  struct vet_listset *ls = NULL;
  struct vet_index *ix = NULL;
  vet_err rc = vet_snapshot_load(path, vet_str_c(recipe), tu_countries(), &cfg.match, &ls, &ix, e);
  if (!rc) {
    vet_index_free(ix);
    vet_listset_free(ls);
  } else {
    assert_null(ls);
    assert_null(ix);
    assert_non_null(strstr(e->msg, path));
  }
  return rc;
}

static void test_refused(void **state)
{
  struct both *b = *state;
  struct vet_error e;
  assert_int_equal(try_load(b->path, "recipe one", &e), VET_OK);
  assert_int_equal(try_load(b->path, "recipe two", &e), VET_ENOTFOUND);
  assert_non_null(strstr(e.msg, "other lists or settings"));
  char other[TU_PATH_MAX + 16];
  snprintf(other, sizeof other, "%s/none.snap", b->dir);
  assert_int_equal(try_load(other, "recipe one", &e), VET_ENOTFOUND);

  size_t len;
  char *img = tu_read_file(b->path, &len);
  assert_true(len > 1000000);
  /* a byte changed anywhere past the header: the checksum */
  for (size_t at = len / 3; at < len; at += len / 3 - 1) {
    img[at] ^= 0x10;
    tu_write_file(other, img, len);
    img[at] ^= 0x10;
    assert_int_equal(try_load(other, "recipe one", &e), VET_EPARSE);
    assert_non_null(strstr(e.msg, "checksum"));
  }
  /* cut short */
  tu_write_file(other, img, len / 2);
  assert_int_equal(try_load(other, "recipe one", &e), VET_EPARSE);
  tu_write_file(other, img, 10);
  assert_int_equal(try_load(other, "recipe one", &e), VET_EPARSE);
  /* not a snapshot, and another build's */
  char junk[2000];
  memset(junk, 'n', sizeof junk);
  tu_write_file(other, junk, sizeof junk);
  assert_int_equal(try_load(other, "recipe one", &e), VET_EPARSE);
  assert_non_null(strstr(e.msg, "not a list snapshot"));
  memset(img + 40, 'x', 8); /* the build identity (after magic, four words, size and checksum) */
  tu_write_file(other, img, len);
  assert_int_equal(try_load(other, "recipe one", &e), VET_ENOTFOUND);
  assert_non_null(strstr(e.msg, "another build"));
  free(img);
}

/* ---- through the context ---- */

/* A lists directory of one list, the OFAC SDN fixture. */
static void make_lists(const char *dir)
{
  char p[TU_PATH_MAX + 32], q[TU_PATH_MAX + 32];
  tu_write_text(tu_join(p, sizeof p, dir, "lists.json"),
                "{\"lists\": [{\"name\": \"ofac_sdn\", \"format\": \"ofac_csv\", \"path\": \"sdn\", "
                "\"date\": \"2024-05-03\"}]}");
  tu_join(p, sizeof p, dir, "sdn");
  assert_int_equal(mkdir(p, 0755), 0);
  static const char *const files[] = {"sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv"};
  for (size_t i = 0; i < VET_COUNTOF(files); i++) {
    char src[256];
    snprintf(src, sizeof src, "%s/ofac_csv/sdn/%s", VET_TEST_DATA, files[i]);
    size_t len;
    char *data = tu_read_file(src, &len);
    tu_join(q, sizeof q, p, files[i]);
    tu_write_file(q, data, len);
    free(data);
  }
}

/* Load dir's lists in a new context with cfg; whether they came from the
 * snapshot.  The number of hits of one query in *hits. */
static bool ctx_load(const struct vet_config *cfg, const char *dir, uint32_t *hits)
{
  struct vet_error e = {0};
  struct vet_ctx *ctx = vet_ctx_new(cfg, VET_DATA_DIR, &e);
  assert_non_null(ctx);
  double ls, is;
  tu_must(vet_ctx_load_lists(ctx, dir, NULL, &ls, &is, &e), e.msg);
  bool snap = vet_ctx_lists_from_snapshot(ctx);
  assert_true(!snap || is == 0);
  struct vet_searcher *s = vet_searcher_new(vet_ctx_index(ctx), &e);
  struct vet_arena a;
  vet_arena_init(&a, 1 << 16);
  struct vet_hits h;
  tu_must(vet_screen(s, &(struct vet_query){.name = VET_LIT("Kim Yong Chol")}, &a, &h, &e), e.msg);
  *hits = h.n;
  vet_arena_release(&a);
  vet_searcher_free(s);
  vet_ctx_free(ctx);
  return snap;
}

static size_t count_files(const char *dir)
{
  char cmd[256];
  snprintf(cmd, sizeof cmd, "ls %s | wc -l", dir);
  FILE *p = popen(cmd, "r");
  assert_non_null(p);
  size_t n = 0;
  assert_int_equal(fscanf(p, "%zu", &n), 1);
  pclose(p);
  return n;
}

static void test_context(void **state)
{
  (void)state;
  char root[TU_PATH_MAX], lists[TU_PATH_MAX + 16], cache[TU_PATH_MAX + 16];
  tu_temp_dir(root, sizeof root);
  tu_join(lists, sizeof lists, root, "lists");
  tu_join(cache, sizeof cache, root, "cache/deeper");
  assert_int_equal(mkdir(lists, 0755), 0);
  make_lists(lists);
  const char *saved = getenv("VETTER_CACHE_DIR");
  char *keep = saved ? strdup(saved) : NULL;
  setenv("VETTER_CACHE_DIR", cache, 1);
  struct vet_config cfg;
  vet_config_defaults(&cfg);
  uint32_t built, read;
  assert_false(ctx_load(&cfg, lists, &built)); /* the first time: built, and written */
  assert_true(built > 0);
  assert_int_equal(count_files(cache), 1);
  assert_true(ctx_load(&cfg, lists, &read)); /* then read */
  assert_int_equal(read, built);

  /* a list file changed: built again, then read again */
  char p[TU_PATH_MAX + 64];
  snprintf(p, sizeof p, "%s/sdn/alt.csv", lists);
  struct timespec ts[2] = {{.tv_sec = 1000000000}, {.tv_sec = 1000000000}};
  assert_int_equal(utimensat(AT_FDCWD, p, ts, 0), 0);
  assert_false(ctx_load(&cfg, lists, &read));
  assert_int_equal(read, built);
  assert_true(ctx_load(&cfg, lists, &read));
  /* a match setting changed: built again (the same file: one per lists directory) */
  tu_must(vet_config_set(&cfg, "match.typo_min_len", VET_LIT("6"), NULL), "setting");
  assert_false(ctx_load(&cfg, lists, &read));
  assert_true(ctx_load(&cfg, lists, &read));
  assert_int_equal(count_files(cache), 1);
  /* a check setting is not the index's business */
  tu_must(vet_config_set(&cfg, "check.vm_share", VET_LIT("0.7"), NULL), "setting");
  assert_true(ctx_load(&cfg, lists, &read));
  /* a damaged snapshot: built again, and replaced */
  char snapf[TU_PATH_MAX + 64];
  snprintf(p, sizeof p, "ls %s", cache);
  FILE *pp = popen(p, "r");
  char name[128] = "";
  assert_non_null(fgets(name, sizeof name, pp));
  pclose(pp);
  name[strcspn(name, "\n")] = '\0';
  tu_join(snapf, sizeof snapf, cache, name);
  size_t len;
  char *img = tu_read_file(snapf, &len);
  img[len / 2] ^= 1;
  tu_write_file(snapf, img, len);
  free(img);
  assert_false(ctx_load(&cfg, lists, &read));
  assert_int_equal(read, built);
  assert_true(ctx_load(&cfg, lists, &read));
  /* off */
  setenv("VETTER_CACHE_DIR", "off", 1);
  assert_false(ctx_load(&cfg, lists, &read));
  assert_false(ctx_load(&cfg, lists, &read));

  if (keep)
    setenv("VETTER_CACHE_DIR", keep, 1);
  else
    unsetenv("VETTER_CACHE_DIR");
  free(keep);
  tu_rm_rf(root);
}

int main(void)
{
  const struct CMUnitTest bundled[] = {
      cmocka_unit_test(test_same_entities),
      cmocka_unit_test(test_same_hits),
      cmocka_unit_test(test_refused),
  };
  const struct CMUnitTest context[] = {
      cmocka_unit_test(test_context),
  };
  int failed = cmocka_run_group_tests_name("snapshot of the bundled lists", bundled, both_setup, both_teardown);
  failed += cmocka_run_group_tests_name("snapshots through the context", context, tu_countries_setup, NULL);
  return failed;
}
