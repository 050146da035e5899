/* unit/test_json_region.c - jansson values made in a JSON region
 * (vetter/json.h): trees made, written and freed inside a window are
 * whole and equal to the same trees made with malloc; values made outside
 * windows (malloc) live on when a window's tree that referenced them is
 * freed; json_dumps' text made in a window is freed with vet_json_free; a
 * region too small for a tree continues with malloc; a thread without a
 * region is not affected by another thread's.  Run under
 * AddressSanitizer in CI: a region address reaching free(), or a malloc'd
 * value freed by the region, would be reported there. */
#include <pthread.h>

#include "testutil.h"
#include "vetter/json.h"

#define FLAGS (JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(VET_JSON_REAL_PRECISION))

static int setup(void **state)
{
  (void)state;
  vet_json_region_install();
  return 0;
}

/* A report-like tree with n findings; shared is referenced from it. */
static json_t *tree(int n, json_t *shared)
{
  json_t *findings = json_array();
  for (int i = 0; i < n; i++)
    json_array_append_new(findings, json_pack("{s:s, s:f, s:i, s:{s:s, s:[s, s]}}", "rule", "email.free_provider",
                                              "weight", 0.25 * i, "n", i, "evidence", "email", "kim@example.com",
                                              "others", "a", "b"));
  return json_pack("{s:s, s:o, s:O}", "subject", "w000001", "findings", findings, "versions", shared);
}

static char *text_of(json_t *j)
{
  char *d = json_dumps(j, FLAGS);
  char *s = d ? strdup(d) : NULL;
  vet_json_free(d);
  return s;
}

static void test_window_trees(void **state)
{
  (void)state;
  json_t *shared = json_pack("{s:s, s:{s:s}}", "vetter", "0.1.0", "lists", "ofac_sdn", "2024-05-03");
  json_t *ref = tree(40, shared); /* outside windows: malloc */
  char *want = text_of(ref);
  assert_non_null(want);
  struct vet_json_region *r = vet_json_region_new(1u << 20);
  assert_non_null(r);
  for (int round = 0; round < 200; round++) {
    vet_json_region_begin(r);
    json_t *t = tree(40, shared);
    char *got = text_of(t); /* json_dumps' text is in the region: copied, then freed */
    assert_non_null(got);
    assert_string_equal(got, want);
    free(got);
    json_decref(t);
    vet_json_region_end();
  }
  /* the shared value made outside survives every window's tree */
  assert_int_equal(shared->refcount, 2); /* ours and ref's */
  assert_string_equal(json_string_value(json_object_get(shared, "vetter")), "0.1.0");
  /* a region too small for the tree: the rest comes from malloc */
  struct vet_json_region *small = vet_json_region_new(256);
  assert_non_null(small);
  vet_json_region_begin(small);
  json_t *t = tree(40, shared);
  char *got = text_of(t);
  assert_string_equal(got, want);
  free(got);
  json_decref(t);
  vet_json_region_end();
  vet_json_region_free(small);
  /* a region of nothing: all malloc */
  struct vet_json_region *none = vet_json_region_new(0);
  assert_non_null(none);
  vet_json_region_begin(none);
  t = tree(3, shared);
  json_decref(t);
  vet_json_region_end();
  vet_json_region_free(none);
  vet_json_region_free(r);
  free(want);
  json_decref(ref);
  json_decref(shared);
}

struct job {
  struct vet_json_region *r;
  char *text;
};

static void *other_thread(void *arg)
{
  struct job *j = arg;
  if (j->r)
    vet_json_region_begin(j->r);
  json_t *t = json_pack("{s:[i, i, i], s:s}", "a", 1, 2, 3, "b", "other thread");
  j->text = text_of(t);
  json_decref(t);
  if (j->r)
    vet_json_region_end();
  return NULL;
}

static void test_threads(void **state)
{
  (void)state;
  /* this thread's window does not catch another thread's values, and two
   * threads each with a region do not mix */
  struct vet_json_region *mine = vet_json_region_new(1u << 16), *theirs = vet_json_region_new(1u << 16);
  assert_non_null(mine);
  assert_non_null(theirs);
  vet_json_region_begin(mine);
  json_t *kept = json_pack("{s:s}", "k", "v");
  struct job plain = {NULL, NULL}, windowed = {theirs, NULL};
  pthread_t a, b;
  assert_int_equal(pthread_create(&a, NULL, other_thread, &plain), 0);
  assert_int_equal(pthread_create(&b, NULL, other_thread, &windowed), 0);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  assert_string_equal(plain.text, "{\"a\":[1,2,3],\"b\":\"other thread\"}");
  assert_string_equal(windowed.text, plain.text);
  assert_string_equal(json_string_value(json_object_get(kept, "k")), "v");
  json_decref(kept);
  vet_json_region_end();
  free(plain.text);
  free(windowed.text);
  vet_json_region_free(mine);
  vet_json_region_free(theirs);
  vet_json_region_free(NULL);
  vet_json_region_end(); /* no window: nothing to end */
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_window_trees),
      cmocka_unit_test(test_threads),
  };
  return cmocka_run_group_tests(tests, setup, NULL);
}
