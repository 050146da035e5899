/* test_update.c - vet_lists_update (lists/update.c) in a temporary lists
 * directory: a minimal lists.json naming three small UN XML lists whose
 * download URLs are file:// URLs of files the test writes.  Checks the
 * swap and the manifest rewrite on success, and that every kind of failure
 * (missing file, file that does not parse, list that shrank, no entities)
 * and a dry run leave the old files and manifest byte-identical with no
 * temporary directories behind; list selection, an unknown name, and the
 * progress callback. */
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "io/file.h"
#include "testutil.h"

/* One temporary tree per test: root/lists (the lists directory with
 * lists.json and un_a/, un_b/, un_c/) and root/src (the "publisher"). */
struct fx {
  char root[256];
  char lists[320];
  char src[320];
};

/* ---- files ---- */

/* A UN consolidated list of n DPRK individuals with ids "<prefix>.<i>";
 * date NULL leaves out dateGenerated. */
static void write_un(const char *path, const char *date, const char *prefix, int n)
{
  FILE *f = fopen(path, "wb");
  if (!f)
    fail_msg("cannot create %s", path);
  fputs("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<CONSOLIDATED_LIST", f);
  if (date)
    fprintf(f, " dateGenerated=\"%sT00:00:09.554Z\"", date);
  fputs(">\n  <INDIVIDUALS>\n", f);
  static const char *const given[] = {"KYONG SU", "CHOL HO", "MYONG GIL", "SONG IL", "YONG NAM"};
  for (int i = 0; i < n; i++)
    fprintf(f,
            "    <INDIVIDUAL>\n      <DATAID>%d</DATAID>\n      <FIRST_NAME>RI</FIRST_NAME>\n"
            "      <SECOND_NAME>%s %d</SECOND_NAME>\n      <UN_LIST_TYPE>DPRK</UN_LIST_TYPE>\n"
            "      <REFERENCE_NUMBER>%s.%03d</REFERENCE_NUMBER>\n      <LISTED_ON>2016-03-02</LISTED_ON>\n"
            "      <NATIONALITY><VALUE>Democratic People's Republic of Korea</VALUE></NATIONALITY>\n"
            "    </INDIVIDUAL>\n",
            700000 + i, given[i % 5], i, prefix, i);
  fputs("  </INDIVIDUALS>\n  <ENTITIES/>\n</CONSOLIDATED_LIST>\n", f);
  assert_int_equal(fclose(f), 0);
}

static bool same_file(const char *a, const char *b)
{
  size_t la, lb;
  char *x = tu_read_file(a, &la), *y = tu_read_file(b, &lb);
  bool same = la == lb && memcmp(x, y, la) == 0;
  free(x);
  free(y);
  return same;
}

/* The bytes of a file, kept to check later that they did not change. */
struct kept {
  char path[512];
  char *data;
  size_t len;
};

static struct kept keep(const char *path)
{
  struct kept k;
  snprintf(k.path, sizeof k.path, "%s", path);
  k.data = tu_read_file(path, &k.len);
  return k;
}

/* Fails unless the file still holds the kept bytes; frees them. */
static void assert_unchanged(struct kept *k)
{
  size_t len;
  char *now = tu_read_file(k->path, &len);
  assert_int_equal(k->len, len);
  assert_memory_equal(k->data, now, len);
  free(now);
  free(k->data);
}

/* path of a file under the lists directory / the source directory */
static const char *lpath(const struct fx *x, const char *rel)
{
  static char p[2][512];
  static int k;
  k ^= 1;
  snprintf(p[k], sizeof p[k], "%s/%s", x->lists, rel);
  return p[k];
}

static const char *spath(const struct fx *x, const char *rel)
{
  static char p[2][512];
  static int k;
  k ^= 1;
  snprintf(p[k], sizeof p[k], "%s/%s", x->src, rel);
  return p[k];
}

/* The manifest: three un_xml lists, un_c off by default.  Each url_* is a
 * file name under src/ (its file:// URL goes in the manifest). */
static void write_manifest(const struct fx *x, const char *url_a, const char *url_b, const char *url_c)
{
  const char *names[3] = {"un_a", "un_b", "un_c"}, *urls[3] = {url_a, url_b, url_c};
  FILE *f = fopen(lpath(x, "lists.json"), "wb");
  assert_non_null(f);
  fputs("{\n  \"about\": \"test manifest\",\n  \"lists\": [\n", f);
  for (int i = 0; i < 3; i++)
    fprintf(f,
            "    {\"name\": \"%s\", \"title\": \"Test list %s\", \"format\": \"un_xml\",\n"
            "     \"path\": \"%s/consolidated.xml\", \"date\": \"2000-01-01\", \"enabled\": %s,\n"
            "     \"files\": [{\"file\": \"consolidated.xml\", \"url\": \"file://%s/%s\"}]}%s\n",
            names[i], names[i], names[i], i == 2 ? "false" : "true", x->src, urls[i], i < 2 ? "," : "");
  fputs("  ]\n}\n", f);
  assert_int_equal(fclose(f), 0);
}

/* The "date" of a list in lists.json, "" when absent; static storage. */
static const char *manifest_field(const struct fx *x, const char *list, const char *field)
{
  static char out[128];
  json_error_t je;
  json_t *root = json_load_file(lpath(x, "lists.json"), 0, &je);
  if (!root)
    fail_msg("lists.json does not parse: %s (line %d)", je.text, je.line);
  out[0] = 0;
  size_t i;
  json_t *it;
  json_array_foreach(json_object_get(root, "lists"), i, it)
  {
    if (strcmp(json_string_value(json_object_get(it, "name")), list) != 0)
      continue;
    json_t *v = json_object_get(it, field);
    if (json_is_string(v))
      snprintf(out, sizeof out, "%s", json_string_value(v));
    else if (json_is_boolean(v))
      snprintf(out, sizeof out, "%s", json_is_true(v) ? "true" : "false");
  }
  json_decref(root);
  return out;
}

/* Entries of the lists directory starting with '.' (the update's
 * .<list>.new.<pid> and .<list>.old.<pid>) or ending in .tmp.<pid>. */
static int leftovers(const struct fx *x)
{
  DIR *d = opendir(x->lists);
  assert_non_null(d);
  int n = 0;
  struct dirent *de;
  while ((de = readdir(d)))
    if ((de->d_name[0] == '.' && strcmp(de->d_name, ".") && strcmp(de->d_name, "..") &&
         strcmp(de->d_name, ".update.lock")) || /* the lock file stays, empty, by design */
        strstr(de->d_name, ".tmp."))
      n++;
  closedir(d);
  return n;
}

/* ---- report callback ---- */

struct report {
  int calls;
  char log[8192];
  size_t len;
};

static void on_report(void *ud, const char *list, const char *msg)
{
  struct report *r = ud;
  r->calls++;
  int w = snprintf(r->log + r->len, sizeof r->log - r->len, "%s: %s\n", list, msg);
  if (w > 0 && (size_t)w < sizeof r->log - r->len)
    r->len += (size_t)w;
}

static vet_err update(const struct fx *x, const char *only, double min_ratio, bool dry, struct report *r,
                      struct vet_error *e)
{
  struct vet_lists_update_opts o = {
      .dir = x->lists,
      .only = only,
      .min_ratio = min_ratio,
      .timeout_s = 10,
      .dry_run = dry,
      .report = r ? on_report : NULL,
      .ud = r,
  };
  return vet_lists_update(&o, tu_countries(), e);
}

/* ---- fixture ---- */

/* Each list holds 10 entities dated 2020-01-01; the publisher offers
 * new.xml (10 entities, 2021-05-06), new_b.xml (12, 2021-06-07),
 * nodate.xml (10, no date), one.xml (1), empty.xml (0), bad.xml
 * (truncated), junk.xml (not XML); missing.xml does not exist. */
static int setup(void **state)
{
  struct fx *x = calloc(1, sizeof *x);
  assert_non_null(x);
  tu_temp_dir(x->root, sizeof x->root);
  snprintf(x->lists, sizeof x->lists, "%s/lists", x->root);
  snprintf(x->src, sizeof x->src, "%s/src", x->root);
  assert_int_equal(mkdir(x->lists, 0755), 0);
  assert_int_equal(mkdir(x->src, 0755), 0);
  static const char *const lists[] = {"un_a", "un_b", "un_c"};
  for (int i = 0; i < 3; i++) {
    assert_int_equal(mkdir(lpath(x, lists[i]), 0755), 0);
    char rel[64];
    snprintf(rel, sizeof rel, "%s/consolidated.xml", lists[i]);
    write_un(lpath(x, rel), "2020-01-01", "KPi", 10);
  }
  write_un(spath(x, "new.xml"), "2021-05-06", "KPn", 10);
  write_un(spath(x, "new_b.xml"), "2021-06-07", "KPb", 12);
  write_un(spath(x, "nodate.xml"), NULL, "KPd", 10);
  write_un(spath(x, "one.xml"), "2021-05-06", "KPo", 1);
  write_un(spath(x, "empty.xml"), "2021-05-06", "KPe", 0);
  write_un(spath(x, "bad.xml"), "2021-05-06", "KPx", 10);
  assert_int_equal(truncate(spath(x, "bad.xml"), 700), 0);
  tu_write_text(spath(x, "junk.xml"), "this is not XML at all\n");
  write_manifest(x, "new.xml", "new_b.xml", "new.xml");
  *state = x;
  return 0;
}

static int teardown(void **state)
{
  struct fx *x = *state;
  tu_rm_rf(x->root);
  free(x);
  return 0;
}

/* ---- tests ---- */

static void test_fixture_loads(void **state)
{
  /* the generated files are what the other tests assume */
  struct fx *x = *state;
  struct vet_listset *ls = vet_listset_new(tu_countries());
  struct vet_error e = {0};
  assert_int_equal(vet_lists_load_dir(ls, x->lists, NULL, &e), VET_OK);
  assert_int_equal(vet_listset_freeze(ls, &e), VET_OK);
  assert_int_equal(ls->n_lists, 2); /* un_c is off by default */
  assert_int_equal(ls->lists[0].n_entities, 10);
  assert_true(vet_str_eq_c(ls->lists[0].date, "2020-01-01"));
  const struct vet_entity *en = vet_listset_find(ls, VET_LIT("un_a"), VET_LIT("KPi.003"));
  assert_non_null(en);
  assert_true(vet_str_eq_c(en->names[0].text, "RI SONG IL 3"));
  vet_listset_free(ls);
}

static void test_success_swaps_and_rewrites_manifest(void **state)
{
  struct fx *x = *state;
  struct report r = {0};
  struct vet_error e = {0};
  assert_int_equal(update(x, "un_a", 0.5, false, &r, &e), VET_OK);
  assert_true(same_file(lpath(x, "un_a/consolidated.xml"), spath(x, "new.xml")));
  assert_string_equal(manifest_field(x, "un_a", "date"), "2021-05-06");
  /* the rest of the manifest is kept */
  assert_string_equal(manifest_field(x, "un_a", "title"), "Test list un_a");
  assert_string_equal(manifest_field(x, "un_c", "enabled"), "false");
  assert_string_equal(manifest_field(x, "un_b", "date"), "2000-01-01");
  assert_false(same_file(lpath(x, "un_b/consolidated.xml"), spath(x, "new_b.xml")));
  assert_int_equal(leftovers(x), 0);
  /* the installed list loads with its new records */
  struct vet_listset *ls = vet_listset_new(tu_countries());
  assert_int_equal(vet_lists_load_dir(ls, x->lists, "un_a", &e), VET_OK);
  assert_int_equal(vet_listset_freeze(ls, &e), VET_OK);
  assert_non_null(vet_listset_find(ls, VET_LIT("un_a"), VET_LIT("KPn.009")));
  assert_null(vet_listset_find(ls, VET_LIT("un_a"), VET_LIT("KPi.009")));
  assert_true(vet_str_eq_c(ls->lists[0].date, "2021-05-06"));
  vet_listset_free(ls);
}

static void test_all_enabled_lists(void **state)
{
  struct fx *x = *state;
  struct vet_error e = {0};
  assert_int_equal(update(x, NULL, 0.5, false, NULL, &e), VET_OK);
  assert_true(same_file(lpath(x, "un_a/consolidated.xml"), spath(x, "new.xml")));
  assert_true(same_file(lpath(x, "un_b/consolidated.xml"), spath(x, "new_b.xml")));
  assert_string_equal(manifest_field(x, "un_b", "date"), "2021-06-07");
  /* un_c is off by default: not updated unless named */
  assert_false(same_file(lpath(x, "un_c/consolidated.xml"), spath(x, "new.xml")));
  assert_string_equal(manifest_field(x, "un_c", "date"), "2000-01-01");
  assert_int_equal(update(x, "un_c", 0.5, false, NULL, &e), VET_OK);
  assert_true(same_file(lpath(x, "un_c/consolidated.xml"), spath(x, "new.xml")));
  assert_int_equal(leftovers(x), 0);
}

static void test_only_selects(void **state)
{
  struct fx *x = *state;
  struct vet_error e = {0};
  struct kept a = keep(lpath(x, "un_a/consolidated.xml"));
  assert_int_equal(update(x, "un_b", 0.5, false, NULL, &e), VET_OK);
  assert_true(same_file(lpath(x, "un_b/consolidated.xml"), spath(x, "new_b.xml")));
  assert_unchanged(&a);
  assert_string_equal(manifest_field(x, "un_a", "date"), "2000-01-01");
  assert_string_equal(manifest_field(x, "un_b", "date"), "2021-06-07");
}

static void test_unknown_only(void **state)
{
  struct fx *x = *state;
  struct vet_error e = {0};
  struct kept m = keep(lpath(x, "lists.json"));
  assert_int_equal(update(x, "nosuch", 0.5, false, NULL, &e), VET_ENOTFOUND);
  assert_non_null(strstr(e.msg, "'nosuch'"));
  assert_unchanged(&m);
}

/* Every failure keeps the old files and manifest exactly. */
static const struct {
  const char *url;     /* file under src/ */
  double min_ratio;
  vet_err want;
  const char *msg;     /* in the error message */
} failures[] = {
    {"missing.xml", 0.5, VET_EIO, "missing.xml"},
    {"bad.xml", 0.5, VET_EPARSE, "list 'un_a': the download does not load"},
    {"junk.xml", 0.5, VET_EPARSE, "list 'un_a'"},
    {"empty.xml", 0.5, VET_EPARSE, "list 'un_a': the download holds no entities"},
    {"one.xml", 0.5, VET_EPARSE, "list 'un_a': the download has 1 entities, under 50% of the current 10"},
    {"one.xml", 0.2, VET_EPARSE, "under 20% of the current 10"},
};

static void test_failures_keep_old_files(void **state)
{
  struct fx *x = *state;
  for (size_t i = 0; i < VET_COUNTOF(failures); i++) {
    write_manifest(x, failures[i].url, "new_b.xml", "new.xml");
    struct kept m = keep(lpath(x, "lists.json")), f = keep(lpath(x, "un_a/consolidated.xml"));
    struct report r = {0};
    struct vet_error e = {0};
    vet_err rc = update(x, "un_a", failures[i].min_ratio, false, &r, &e);
    if (rc != failures[i].want || !strstr(e.msg, failures[i].msg))
      fail_msg("%s: got %s '%s', want %s with '%s'", failures[i].url, vet_err_name(rc), e.msg,
               vet_err_name(failures[i].want), failures[i].msg);
    /* the failure is reported through the callback too, under the list's name */
    assert_non_null(strstr(r.log, "un_a: "));
    assert_non_null(strstr(r.log, e.msg));
    assert_unchanged(&m);
    assert_unchanged(&f);
    assert_int_equal(leftovers(x), 0);
  }
}

static void test_min_ratio_allows_small_shrink(void **state)
{
  struct fx *x = *state;
  struct vet_error e = {0};
  write_manifest(x, "one.xml", "new_b.xml", "new.xml");
  /* 1 of 10 is at least a 5% share: accepted */
  assert_int_equal(update(x, "un_a", 0.05, false, NULL, &e), VET_OK);
  assert_true(same_file(lpath(x, "un_a/consolidated.xml"), spath(x, "one.xml")));
  /* 12 replacing 10 passes any ratio up to 1 */
  assert_int_equal(update(x, "un_b", 1.0, false, NULL, &e), VET_OK);
  assert_true(same_file(lpath(x, "un_b/consolidated.xml"), spath(x, "new_b.xml")));
}

static void test_one_failure_others_updated(void **state)
{
  struct fx *x = *state;
  struct report r = {0};
  struct vet_error e = {0};
  write_manifest(x, "bad.xml", "new_b.xml", "new.xml");
  struct kept a = keep(lpath(x, "un_a/consolidated.xml"));
  assert_int_equal(update(x, NULL, 0.5, false, &r, &e), VET_EPARSE);
  assert_non_null(strstr(e.msg, "list 'un_a'"));
  assert_unchanged(&a);
  assert_true(same_file(lpath(x, "un_b/consolidated.xml"), spath(x, "new_b.xml")));
  assert_string_equal(manifest_field(x, "un_a", "date"), "2000-01-01");
  assert_string_equal(manifest_field(x, "un_b", "date"), "2021-06-07");
  assert_non_null(strstr(r.log, "un_b: updated: 12 entities (was 10), dated 2021-06-07\n"));
  assert_int_equal(leftovers(x), 0);
}

static void test_dry_run_keeps_everything(void **state)
{
  struct fx *x = *state;
  struct report r = {0};
  struct vet_error e = {0};
  struct kept m = keep(lpath(x, "lists.json")), f = keep(lpath(x, "un_a/consolidated.xml"));
  assert_int_equal(update(x, "un_a", 0.5, true, &r, &e), VET_OK);
  assert_non_null(strstr(r.log, "un_a: valid (10 entities); dry run, not installed\n"));
  assert_unchanged(&m);
  assert_unchanged(&f);
  assert_int_equal(leftovers(x), 0);
}

static void test_report_callback(void **state)
{
  struct fx *x = *state;
  struct report r = {0};
  struct vet_error e = {0};
  assert_int_equal(update(x, "un_a,un_b", 0.5, false, &r, &e), VET_OK);
  /* per list: the URL being fetched, then the outcome */
  assert_int_equal(r.calls, 4);
  char want[1024];
  snprintf(want, sizeof want,
           "un_a: file://%s/new.xml\nun_a: updated: 10 entities (was 10), dated 2021-05-06\n"
           "un_b: file://%s/new_b.xml\nun_b: updated: 12 entities (was 10), dated 2021-06-07\n",
           x->src, x->src);
  assert_string_equal(r.log, want);
  /* a NULL callback is allowed */
  assert_int_equal(update(x, "un_a", 0.5, false, NULL, &e), VET_OK);
}

static void test_undated_file_takes_today(void **state)
{
  struct fx *x = *state;
  struct vet_error e = {0};
  write_manifest(x, "nodate.xml", "new_b.xml", "new.xml");
  struct vet_date t;
  char today[16], after[16];
  vet_date_today(&t);
  vet_date_format(&t, today, sizeof today);
  assert_int_equal(update(x, "un_a", 0.5, false, NULL, &e), VET_OK);
  vet_date_today(&t);
  vet_date_format(&t, after, sizeof after);
  const char *got = manifest_field(x, "un_a", "date");
  if (strcmp(got, today) && strcmp(got, after)) /* midnight may pass */
    fail_msg("date %s, want today (%s)", got, today);
  assert_true(same_file(lpath(x, "un_a/consolidated.xml"), spath(x, "nodate.xml")));
}

static void test_bad_manifest(void **state)
{
  struct fx *x = *state;
  struct vet_error e = {0};
  tu_write_text(lpath(x, "lists.json"), "{\"lists\": [\n  {\"name\": \"un_a\",\n");
  assert_int_equal(update(x, NULL, 0.5, false, NULL, &e), VET_EPARSE);
  assert_non_null(strstr(e.msg, "lists.json:"));
  /* an entry without files[] */
  tu_write_text(lpath(x, "lists.json"),
             "{\"lists\": [{\"name\": \"un_a\", \"format\": \"un_xml\", \"path\": \"un_a/consolidated.xml\"}]}\n");
  assert_int_equal(update(x, "un_a", 0.5, false, NULL, &e), VET_EPARSE);
  assert_non_null(strstr(e.msg, "list 'un_a': no 'files'"));
  /* a file name with a slash, a path escaping the directory */
  tu_write_text(lpath(x, "lists.json"),
             "{\"lists\": [{\"name\": \"un_a\", \"format\": \"un_xml\", \"path\": \"un_a/consolidated.xml\","
             " \"files\": [{\"file\": \"../x.xml\", \"url\": \"file:///dev/null\"}]},"
             " {\"name\": \"un_b\", \"format\": \"un_xml\", \"path\": \"../un_b/consolidated.xml\","
             " \"files\": [{\"file\": \"consolidated.xml\", \"url\": \"file:///dev/null\"}]}]}\n");
  assert_int_equal(update(x, "un_a", 0.5, false, NULL, &e), VET_EPARSE);
  assert_non_null(strstr(e.msg, "list 'un_a': files[0]"));
  assert_int_equal(update(x, "un_b", 0.5, false, NULL, &e), VET_EPARSE);
  assert_non_null(strstr(e.msg, "list 'un_b': bad path"));
  assert_true(vet_path_is_file(lpath(x, "un_a/consolidated.xml")));
  assert_int_equal(leftovers(x), 0);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_fixture_loads, setup, teardown),
      cmocka_unit_test_setup_teardown(test_success_swaps_and_rewrites_manifest, setup, teardown),
      cmocka_unit_test_setup_teardown(test_all_enabled_lists, setup, teardown),
      cmocka_unit_test_setup_teardown(test_only_selects, setup, teardown),
      cmocka_unit_test_setup_teardown(test_unknown_only, setup, teardown),
      cmocka_unit_test_setup_teardown(test_failures_keep_old_files, setup, teardown),
      cmocka_unit_test_setup_teardown(test_min_ratio_allows_small_shrink, setup, teardown),
      cmocka_unit_test_setup_teardown(test_one_failure_others_updated, setup, teardown),
      cmocka_unit_test_setup_teardown(test_dry_run_keeps_everything, setup, teardown),
      cmocka_unit_test_setup_teardown(test_report_callback, setup, teardown),
      cmocka_unit_test_setup_teardown(test_undated_file_takes_today, setup, teardown),
      cmocka_unit_test_setup_teardown(test_bad_manifest, setup, teardown),
  };
  return cmocka_run_group_tests(tests, tu_countries_setup, NULL);
}
