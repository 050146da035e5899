/* test_lists_threads.c - loading the lists and building their index on
 * several threads.  vet_index_build_threads gives the same index as
 * vet_index_build (names, tokens and their strings, keys, postings, the
 * identifiers), on 2, 3 and 8 threads.
 * Loading (vet_lists_load_dir_threads, lists/formats.c) gives the same set as
 * loading them one after the other: every list and entity, field by field,
 * in the same order, for the bundled lists on 2 and 8 threads; the same
 * first error when a list in the middle is malformed (with the lists
 * before it and what was read of it, as the serial load leaves them), and
 * a manifest error
 * after a bad list; and vet_listset_absorb keeps the set's loading map
 * (entities found by list and id) right.  Comparing the two loads found a
 * bug in the UK loader (see test_bundled). */
#include "testutil.h"

#include "match/index_int.h"
#include "vetter/lists.h"
#include "vetter/match.h"

static void same_str(vet_str a, vet_str b, const char *what, uint32_t i)
{
  if (!vet_str_eq(a, b))
    fail_msg("entity %u: %s '%.*s' != '%.*s'", i, what, VET_STR_FMT(a), VET_STR_FMT(b));
}

/* a and b hold the same lists and entities, in the same order. */
static void same_sets(const struct vet_listset *a, const struct vet_listset *b)
{
  assert_int_equal(a->n_lists, b->n_lists);
  for (uint32_t l = 0; l < a->n_lists; l++) {
    const struct vet_list *x = &a->lists[l], *y = &b->lists[l];
    same_str(x->name, y->name, "list name", l);
    same_str(x->title, y->title, "list title", l);
    same_str(x->format, y->format, "list format", l);
    same_str(x->path, y->path, "list path", l);
    same_str(x->date, y->date, "list date", l);
    same_str(x->publisher, y->publisher, "list publisher", l);
    same_str(x->licence, y->licence, "list licence", l);
    same_str(x->url, y->url, "list url", l);
    assert_int_equal(x->n_entities, y->n_entities);
    assert_int_equal(x->first_entity, y->first_entity);
  }
  assert_int_equal(a->n_entities, b->n_entities);
  for (uint32_t i = 0; i < a->n_entities; i++) {
    const struct vet_entity *x = &a->entities[i], *y = &b->entities[i];
    same_str(x->id, y->id, "id", i);
    same_str(x->remarks, y->remarks, "remarks", i);
    assert_int_equal(x->list, y->list);
    assert_int_equal(x->schema, y->schema);
    assert_int_equal(x->gender, y->gender);
    assert_int_equal(x->n_names, y->n_names);
    for (uint32_t k = 0; k < x->n_names; k++) {
      same_str(x->names[k].text, y->names[k].text, "name", i);
      assert_int_equal(x->names[k].kind, y->names[k].kind);
      assert_string_equal(x->names[k].script, y->names[k].script);
    }
    assert_int_equal(x->n_dates, y->n_dates);
    for (uint32_t k = 0; k < x->n_dates; k++) { /* field by field: the struct has padding */
      const struct vet_date *p = &x->dates[k], *q = &y->dates[k];
      assert_true(p->year == q->year && p->month == q->month && p->day == q->day && p->approx == q->approx &&
                  p->year_to == q->year_to);
    }
    assert_int_equal(x->n_countries, y->n_countries);
    for (uint32_t k = 0; k < x->n_countries; k++) { /* the bytes after a code's NUL are not set */
      assert_string_equal(x->countries[k].code, y->countries[k].code);
      assert_int_equal(x->countries[k].kind, y->countries[k].kind);
    }
    assert_int_equal(x->n_addresses, y->n_addresses);
    for (uint32_t k = 0; k < x->n_addresses; k++) {
      same_str(x->addresses[k].text, y->addresses[k].text, "address", i);
      assert_string_equal(x->addresses[k].country, y->addresses[k].country);
    }
    assert_int_equal(x->n_idents, y->n_idents);
    for (uint32_t k = 0; k < x->n_idents; k++) {
      assert_int_equal(x->idents[k].kind, y->idents[k].kind);
      same_str(x->idents[k].value, y->idents[k].value, "ident", i);
      same_str(x->idents[k].norm, y->idents[k].norm, "ident norm", i);
      same_str(x->idents[k].currency, y->idents[k].currency, "currency", i);
      assert_string_equal(x->idents[k].country, y->idents[k].country);
    }
    assert_int_equal(x->n_programs, y->n_programs);
    for (uint32_t k = 0; k < x->n_programs; k++)
      same_str(x->programs[k], y->programs[k], "program", i);
  }
}

static struct vet_listset *load_dir(const char *dir, unsigned threads, vet_err want, struct vet_error *e)
{
  struct vet_listset *ls = vet_listset_new(tu_countries());
  assert_non_null(ls);
  vet_error_clear(e);
  vet_err rc = vet_lists_load_dir_threads(ls, dir, NULL, threads, e);
  if (rc != want)
    fail_msg("%u threads: rc %s (%s), want %s", threads, vet_err_name(rc), e->msg, vet_err_name(want));
  return ls;
}

static void test_bundled(void **state)
{
  (void)state;
  struct vet_error e;
  struct vet_listset *one = load_dir(VET_DATA_DIR "/lists", 1, VET_OK, &e);
  assert_int_equal(vet_listset_freeze(one, &e), VET_OK);
  assert_true(one->n_lists >= 5 && one->n_entities > 30000);
  /* the UK loader's "seen before" set once hashed the entity index and
   * the value together linearly: an entity whose index differed from
   * another's in one byte lost its title "Mr" (and which one depended on
   * the lists loaded before it) */
  const struct vet_entity *uk = tu_find(one, "uk_ofsi", "16254");
  assert_non_null(uk);
  assert_non_null(strstr(uk->remarks.ptr, "Title: Mr; Position: Member of the Board"));
  for (unsigned t = 2; t <= 8; t *= 4) {
    struct vet_listset *many = load_dir(VET_DATA_DIR "/lists", t, VET_OK, &e);
    /* before freezing, the loading map finds every entity under its list */
    for (uint32_t i = 0; i < many->n_entities; i += 97) {
      const struct vet_entity *en = &many->entities[i];
      assert_ptr_equal(vet_listset_entity(many, en->list, en->id, false), en);
    }
    assert_int_equal(vet_listset_freeze(many, &e), VET_OK);
    same_sets(one, many);
    vet_listset_free(many);
  }
  vet_listset_free(one);
}

/* A lists directory: a good UN list, a malformed one, another good one;
 * bad_entry adds a manifest entry without a path after them. */
static void write_dir(const char *dir, bool bad_entry)
{
  char path[TU_PATH_MAX + 32];
  static const char un[] = "<CONSOLIDATED_LIST dateGenerated=\"2024-05-01T00:00:00\"><INDIVIDUALS><INDIVIDUAL>"
                           "<DATAID>1</DATAID><FIRST_NAME>KIM</FIRST_NAME><SECOND_NAME>JONG UN</SECOND_NAME>"
                           "<REFERENCE_NUMBER>KPi.001</REFERENCE_NUMBER></INDIVIDUAL></INDIVIDUALS><ENTITIES/>"
                           "</CONSOLIDATED_LIST>";
  snprintf(path, sizeof path, "%s/a.xml", dir);
  tu_write_text(path, un);
  snprintf(path, sizeof path, "%s/c.xml", dir);
  tu_write_text(path, un);
  snprintf(path, sizeof path, "%s/b.xml", dir);
  tu_write_text(path, "<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL>"); /* cut short */
  snprintf(path, sizeof path, "%s/lists.json", dir);
  char manifest[1024];
  snprintf(manifest, sizeof manifest,
           "{\"lists\":[{\"name\":\"a\",\"format\":\"un_xml\",\"path\":\"a.xml\"},"
           "{\"name\":\"b\",\"format\":\"un_xml\",\"path\":\"b.xml\"},"
           "{\"name\":\"c\",\"format\":\"un_xml\",\"path\":\"c.xml\"}%s]}",
           bad_entry ? ",{\"name\":\"d\",\"format\":\"un_xml\"}" : "");
  tu_write_text(path, manifest);
}

/* dir fails to load alike on 1 and 4 threads: the same message (naming
 * part), the same n_lists lists and entities left in the set.  Returns the
 * 4-thread set (caller frees). */
static struct vet_listset *fail_alike(const char *dir, const char *part, uint32_t n_lists)
{
  struct vet_error e1, e4;
  struct vet_listset *one = load_dir(dir, 1, VET_EPARSE, &e1);
  struct vet_listset *four = load_dir(dir, 4, VET_EPARSE, &e4);
  assert_string_equal(e1.msg, e4.msg);
  assert_non_null(strstr(e4.msg, part));
  assert_int_equal(four->n_lists, n_lists);
  same_sets(one, four);
  vet_listset_free(one);
  return four;
}

static void test_first_error(void **state)
{
  (void)state;
  for (int bad_entry = 0; bad_entry < 2; bad_entry++) {
    char dir[TU_PATH_MAX];
    tu_temp_dir(dir, sizeof dir);
    write_dir(dir, bad_entry);
    /* the lists before the bad one and what was read of it, as the
     * serial load leaves them */
    struct vet_listset *four = fail_alike(dir, "list 'b'", 2);
    assert_true(four->n_entities >= 1);
    assert_ptr_equal(vet_listset_entity(four, 0, four->entities[0].id, false), &four->entities[0]);
    vet_listset_free(four);
  }
  /* only the manifest is wrong: its error, after the lists before it loaded */
  char dir[TU_PATH_MAX], path[TU_PATH_MAX + 32];
  tu_temp_dir(dir, sizeof dir);
  write_dir(dir, true);
  snprintf(path, sizeof path, "%s/b.xml", dir);
  char a[TU_PATH_MAX + 32];
  snprintf(a, sizeof a, "%s/a.xml", dir);
  size_t n;
  char *text = tu_read_file(a, &n);
  tu_write_file(path, text, n);
  free(text);
  vet_listset_free(fail_alike(dir, "lists[3]", 3));
}

/* A fresh, unfrozen set with one UN-format list named name holding text. */
static struct vet_listset *load_one(const char *name, const char *text)
{
  char path[TU_PATH_MAX];
  tu_temp_text(path, sizeof path, text);
  struct vet_listset *ls = vet_listset_new(tu_countries());
  assert_non_null(ls);
  struct vet_list meta = {.name = vet_str_c(name), .date = VET_LIT("2024-05-01")};
  struct vet_error e;
  vet_error_clear(&e);
  if (vet_lists_load(ls, "un_xml", path, &meta, &e))
    fail_msg("%s", e.msg);
  remove(path);
  return ls;
}

static void test_absorb(void **state)
{
  (void)state;
  struct vet_listset *ls = load_one("first", "<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><DATAID>7</DATAID>"
                                             "<FIRST_NAME>PAK</FIRST_NAME><SECOND_NAME>HWA SONG</SECOND_NAME>"
                                             "</INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>");
  struct vet_listset *from = load_one("second", "<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><DATAID>7</DATAID>"
                                                "<FIRST_NAME>RI</FIRST_NAME><SECOND_NAME>JONG HO</SECOND_NAME>"
                                                "</INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>");
  assert_int_equal(vet_listset_absorb(ls, from), VET_OK);
  assert_int_equal(from->n_entities, 0);
  assert_int_equal(from->n_lists, 0);
  vet_listset_free(from); /* the absorbed strings belong to ls now */
  assert_int_equal(ls->n_lists, 2);
  assert_true(vet_str_eq(ls->lists[1].name, VET_LIT("second")));
  /* one id in two lists: two entities, each found under its own list */
  struct vet_entity *a = vet_listset_entity(ls, 0, VET_LIT("7"), false);
  struct vet_entity *b = vet_listset_entity(ls, 1, VET_LIT("7"), false);
  assert_non_null(a);
  assert_non_null(b);
  assert_ptr_not_equal(a, b);
  assert_int_equal(b->list, 1);
  assert_true(vet_str_eq(b->id, VET_LIT("7")));
  assert_non_null(tu_find_name(a, "PAK HWA SONG"));
  assert_non_null(tu_find_name(b, "RI JONG HO"));
  assert_ptr_equal(vet_listset_entity(ls, 1, VET_LIT("7"), true), b); /* not created twice */
  struct vet_error e;
  vet_error_clear(&e);
  assert_int_equal(vet_listset_freeze(ls, &e), VET_OK);
  assert_non_null(tu_find(ls, "second", "7"));
  /* a frozen set absorbs nothing */
  struct vet_listset *more = vet_listset_new(tu_countries());
  assert_int_equal(vet_listset_absorb(ls, more), VET_EINVAL);
  vet_listset_free(more);
  vet_listset_free(ls);
}

/* a and b are the same index, array by array. */
static void same_index(const struct vet_index *a, const struct vet_index *b)
{
  assert_int_equal(a->n_names, b->n_names);
  for (uint32_t i = 0; i < a->n_names; i++) {
    const struct ix_name *x = &a->names[i], *y = &b->names[i];
    assert_true(x->entity == y->entity && x->tok_off == y->tok_off && x->sig == y->sig && x->name_i == y->name_i &&
                x->n_tok == y->n_tok && x->list == y->list);
  }
  assert_int_equal(a->n_tokens, b->n_tokens);
  for (size_t i = 0; i < a->n_tokens; i++) {
    const struct vet_token *x = &a->tokens[i], *y = &b->tokens[i];
    same_str(x->text, y->text, "token", (uint32_t)i);
    same_str(x->kkey, y->kkey, "token kkey", (uint32_t)i);
    same_str(x->skel, y->skel, "token skel", (uint32_t)i);
    assert_true(x->flags == y->flags && x->weight == y->weight && x->letters == y->letters);
    assert_memory_equal(&a->tokkeys[i], &b->tokkeys[i], sizeof a->tokkeys[i]);
  }
  assert_int_equal(a->n_keys, b->n_keys);
  assert_int_equal(a->n_post, b->n_post);
  assert_memory_equal(a->post, b->post, a->n_post * sizeof *a->post);
  /* the same frozen key table: the same keys in the same slots, with the
   * same posting lists (a single posting held in the slot) */
  assert_int_equal(a->keytab.cap, b->keytab.cap);
  assert_memory_equal(a->keytab.tags, b->keytab.tags, a->keytab.cap * sizeof *a->keytab.tags);
  size_t keys = 0;
  for (size_t i = 0; i < a->keytab.cap; i++)
    if (a->keytab.tags[i]) {
      const struct ix_keyslot *x = &a->keytab.slots[i], *y = &b->keytab.slots[i];
      assert_true(x->n == y->n && x->off == y->off && x->id == y->id && x->len == y->len);
      const char *kx = x->key, *ky = y->key;
      if (x->len > IX_KEY_INLINE) {
        memcpy(&kx, x->key, sizeof kx);
        memcpy(&ky, y->key, sizeof ky);
      }
      assert_memory_equal(kx, ky, x->len);
      /* and the lookup finds it (a key without postings: a skeleton given an id only) */
      vet_str k = {kx, x->len};
      uint32_t n, id;
      const uint32_t *p = vet_ix_lookup_hashed(b, k, vet_strmap_hash(k), &n, &id);
      assert_int_equal(n, x->n);
      assert_int_equal(id, x->id);
      if (n)
        assert_int_equal(p[0], x->n == 1 ? x->off : b->post[x->off]);
      else
        assert_true(p == NULL && kx[0] == KEY_SKEL);
      keys++;
    }
  assert_int_equal(keys, a->n_keys);
  assert_int_equal(a->n_id_keys, b->n_id_keys);
  assert_int_equal(a->n_ids, b->n_ids);
  assert_memory_equal(a->id_off, b->id_off, ((size_t)a->n_id_keys + 1) * sizeof *a->id_off);
  assert_memory_equal(a->id_ents, b->id_ents, a->n_ids * sizeof *a->id_ents);
  assert_int_equal(a->max_posting, b->max_posting);
}

static void test_index(void **state)
{
  (void)state;
  struct vet_error e;
  struct vet_listset *ls = load_dir(VET_DATA_DIR "/lists", 2, VET_OK, &e);
  assert_int_equal(vet_listset_freeze(ls, &e), VET_OK);
  struct vet_config cfg;
  vet_config_defaults(&cfg);
  struct vet_index *one = vet_index_build(ls, &cfg.match, &e);
  assert_non_null(one);
  assert_true(one->n_names > 90000);
  static const unsigned threads[] = {2, 3, 8};
  for (size_t k = 0; k < VET_COUNTOF(threads); k++) {
    struct vet_index *many = vet_index_build_threads(ls, &cfg.match, threads[k], &e);
    assert_non_null(many);
    same_index(one, many);
    vet_index_free(many);
  }
  vet_index_free(one);
  vet_listset_free(ls);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_bundled),
      cmocka_unit_test(test_first_error),
      cmocka_unit_test(test_absorb),
      cmocka_unit_test(test_index),
  };
  return cmocka_run_group_tests_name("lists on threads", tests, tu_countries_setup, NULL);
}
