/* test_arena.c - core/arena.c: alignment, allocations larger than a
 * block, strdup (packed), reset and reuse, and sizes that overflow; the
 * huge-page helpers of core/pages.c that arrays grow with. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/common.h"
#include "vetter/arena.h"

#define ALIGNMENT _Alignof(max_align_t)

static bool aligned(const void *p) { return ((uintptr_t)p % ALIGNMENT) == 0; }

static void test_alignment(void **state)
{
  (void)state;
  static const size_t sizes[] = {1, 3, 7, 8, 13, 16, 17, 31, 33, 1, 0, 2, 255, 1};
  struct vet_arena a;
  vet_arena_init(&a, 256);
  unsigned char *ptrs[VET_COUNTOF(sizes)];
  for (size_t i = 0; i < VET_COUNTOF(sizes); i++) {
    ptrs[i] = vet_arena_alloc(&a, sizes[i]);
    assert_non_null(ptrs[i]);
    if (!aligned(ptrs[i]))
      fail_msg("allocation %zu of %zu bytes at %p is not aligned to %zu", i, sizes[i], (void *)ptrs[i],
               (size_t)ALIGNMENT);
    memset(ptrs[i], (int)(i + 1), sizes[i]);
  }
  /* no allocation overwrote another */
  for (size_t i = 0; i < VET_COUNTOF(sizes); i++)
    for (size_t k = 0; k < sizes[i]; k++)
      assert_int_equal(ptrs[i][k], i + 1);
  /* typed use of the memory is fine (UBSan checks the alignment) */
  long double *ld = vet_arena_alloc(&a, sizeof *ld);
  assert_non_null(ld);
  *ld = 1.5L;
  assert_true(*ld == 1.5L);
  assert_true(a.used_total >= 1 + 3 + 7 + 8 + 13 + 16 + 17 + 31 + 33);
  vet_arena_release(&a);
  assert_null(a.head);
}

static void test_default_block_size(void **state)
{
  (void)state;
  struct vet_arena a;
  vet_arena_init(&a, 0); /* 0 picks a default */
  assert_true(a.block_size > 0);
  char *p = vet_arena_alloc(&a, 100);
  assert_non_null(p);
  memset(p, 'x', 100);
  vet_arena_release(&a);
}

static void test_large_allocations(void **state)
{
  (void)state;
  struct vet_arena a;
  vet_arena_init(&a, 256);
  char *small1 = vet_arena_alloc(&a, 10);
  assert_non_null(small1);
  memcpy(small1, "before big", 10);

  /* far larger than a block */
  static const size_t big_sizes[] = {255, 256, 257, 1000, 10000, 1u << 20};
  unsigned char *big[VET_COUNTOF(big_sizes)];
  for (size_t i = 0; i < VET_COUNTOF(big_sizes); i++) {
    big[i] = vet_arena_alloc(&a, big_sizes[i]);
    assert_non_null(big[i]);
    assert_true(aligned(big[i]));
    memset(big[i], (int)(0x40 + i), big_sizes[i]);
  }
  /* small allocations still work around the big ones */
  char *small2 = vet_arena_alloc(&a, 16);
  assert_non_null(small2);
  memcpy(small2, "after the big 1", 16);
  for (size_t i = 0; i < VET_COUNTOF(big_sizes); i++) {
    assert_int_equal(big[i][0], 0x40 + i);
    assert_int_equal(big[i][big_sizes[i] - 1], 0x40 + i);
  }
  assert_memory_equal(small1, "before big", 10);
  assert_memory_equal(small2, "after the big 1", 16);
  /* a big allocation as the very first one */
  struct vet_arena b;
  vet_arena_init(&b, 128);
  char *first = vet_arena_alloc(&b, 5000);
  assert_non_null(first);
  memset(first, 1, 5000);
  char *next = vet_arena_alloc(&b, 8);
  assert_non_null(next);
  memset(next, 2, 8);
  assert_int_equal(first[4999], 1);
  vet_arena_release(&b);
  vet_arena_release(&a);
}

static void test_strdup(void **state)
{
  (void)state;
  static const struct {
    const char *s;
    size_t len;
  } cases[] = {
      {"Kim Jong Un", 11},
      {"\xEA\xB9\x80\xEC\xA0\x95\xEC\x9D\x80", 9},
      {"a\0b", 3}, /* binary-safe */
      {"x", 1},
  };
  struct vet_arena a;
  vet_arena_init(&a, 64);
  for (size_t i = 0; i < VET_COUNTOF(cases); i++) {
    vet_str src = {cases[i].s, cases[i].len};
    vet_str d = vet_arena_strdup(&a, src);
    assert_non_null(d.ptr);
    assert_ptr_not_equal(d.ptr, src.ptr);
    assert_int_equal(d.len, src.len);
    assert_memory_equal(d.ptr, src.ptr, src.len);
    assert_int_equal(d.ptr[d.len], 0); /* NUL-terminated */
  }
  /* empty input: len 0 and ptr "" */
  vet_str e1 = vet_arena_strdup(&a, VET_LIT(""));
  assert_int_equal(e1.len, 0);
  assert_non_null(e1.ptr);
  assert_string_equal(e1.ptr, "");
  vet_str e2 = vet_arena_strdup(&a, VET_STR_NULL);
  assert_int_equal(e2.len, 0);
  assert_non_null(e2.ptr);
  assert_string_equal(e2.ptr, "");
  /* strings are packed (text needs no alignment), and what is allocated
   * after them is aligned again */
  vet_arena_reset(&a);
  vet_str p1 = vet_arena_strdup(&a, VET_LIT("abc"));
  vet_str p2 = vet_arena_strdup(&a, VET_LIT("de"));
  assert_ptr_equal(p2.ptr, p1.ptr + 4);
  assert_string_equal(p1.ptr, "abc");
  long double *after = vet_arena_alloc(&a, sizeof *after);
  assert_non_null(after);
  assert_true(aligned((const unsigned char *)after));
  *after = 2.5L;
  assert_string_equal(p2.ptr, "de");
  /* a string longer than the block */
  char longs[1000];
  memset(longs, 'q', sizeof longs);
  vet_str l = vet_arena_strdup(&a, (vet_str){longs, sizeof longs});
  assert_int_equal(l.len, sizeof longs);
  assert_memory_equal(l.ptr, longs, sizeof longs);
  assert_int_equal(l.ptr[l.len], 0);
  vet_arena_release(&a);
}

/* Blocks on a chain (a block's first member is its next pointer). */
static size_t count_blocks(const struct vet_arena_block *b)
{
  size_t n = 0;
  for (; b; b = *(const struct vet_arena_block *const *)b)
    n++;
  return n;
}

/* reset keeps ordinary blocks up to VET_ARENA_KEEP_BYTES and reuses them
 * before asking malloc for more */
static void test_reset_keep_cap(void **state)
{
  (void)state;
  struct vet_arena a;
  size_t bs = VET_ARENA_KEEP_BYTES / 4; /* five blocks: one more than kept */
  vet_arena_init(&a, bs);
  /* a quarter block is still an ordinary allocation: four fill a block,
   * the first of each four starts one */
  void *starts[5];
  for (int i = 0; i < 20; i++) {
    void *p = vet_arena_alloc(&a, bs / 4);
    assert_non_null(p);
    if (i % 4 == 0)
      starts[i / 4] = p;
  }
  assert_int_equal(count_blocks(a.head), 5);
  vet_arena_reset(&a);
  assert_null(a.head);
  assert_int_equal(count_blocks(a.spare), 4);
  /* the next four blocks are the spares */
  for (int i = 0; i < 16; i++) {
    void *p = vet_arena_alloc(&a, bs / 4);
    assert_non_null(p);
    bool reused = false;
    for (int k = 0; k < 5; k++)
      reused |= p == starts[k];
    if (i % 4 == 0)
      assert_true(reused);
  }
  assert_null(a.spare);
  vet_arena_release(&a);
  assert_null(a.head);
  assert_null(a.spare);
}

static void test_reset_keeps_working(void **state)
{
  (void)state;
  struct vet_arena a;
  vet_arena_init(&a, 512);
  vet_arena_reset(&a); /* on a fresh arena */
  assert_null(a.head);
  size_t spares = 0;
  for (int round = 0; round < 5; round++) {
    /* fill several blocks plus a large one-off, then reset */
    char *ptrs[200];
    for (int i = 0; i < 200; i++) {
      ptrs[i] = vet_arena_alloc(&a, 24);
      assert_non_null(ptrs[i]);
      snprintf(ptrs[i], 24, "r%d-%d", round, i);
    }
    char *big = vet_arena_alloc(&a, 4096);
    assert_non_null(big);
    memset(big, 'B', 4096);
    for (int i = 0; i < 200; i++) {
      char want[24];
      snprintf(want, sizeof want, "r%d-%d", round, i);
      assert_string_equal(ptrs[i], want);
    }
    assert_true(a.used_total >= 200 * 24 + 4096);
    vet_arena_reset(&a);
    assert_int_equal(a.used_total, 0);
    /* nothing in use; the ordinary blocks are kept as spares, as many
     * after every round (each round reuses them) */
    assert_null(a.head);
    size_t n = count_blocks(a.spare);
    assert_true(n > 1);
    if (round)
      assert_int_equal(n, spares);
    spares = n;
  }
  /* reset memory is reused and calloc really zeroes it */
  unsigned char *d = vet_arena_alloc(&a, 256);
  assert_non_null(d);
  memset(d, 0xAA, 256);
  vet_arena_reset(&a);
  unsigned char *z = vet_arena_calloc(&a, 32, 8);
  assert_non_null(z);
  for (size_t i = 0; i < 256; i++)
    assert_int_equal(z[i], 0);
  /* reset after only a large allocation */
  vet_arena_release(&a);
  vet_arena_init(&a, 64);
  assert_non_null(vet_arena_alloc(&a, 10000));
  vet_arena_reset(&a);
  char *after = vet_arena_alloc(&a, 8);
  assert_non_null(after);
  memcpy(after, "1234567", 8);
  assert_string_equal(after, "1234567");
  vet_arena_release(&a);
  vet_arena_release(&a); /* twice is harmless */
}

static void test_calloc_overflow(void **state)
{
  (void)state;
  static const struct {
    size_t n, size;
  } cases[] = {
      {SIZE_MAX, 2},
      {2, SIZE_MAX},
      {SIZE_MAX / 2 + 1, 2},
      {SIZE_MAX, SIZE_MAX},
      {(SIZE_MAX >> 32) + 2, (size_t)1 << 32},
  };
  struct vet_arena a;
  vet_arena_init(&a, 1024);
  for (size_t i = 0; i < VET_COUNTOF(cases); i++)
    if (vet_arena_calloc(&a, cases[i].n, cases[i].size) != NULL)
      fail_msg("calloc(%zu, %zu) should overflow to NULL", cases[i].n, cases[i].size);
  /* a plain size that cannot be rounded up to the alignment */
  assert_null(vet_arena_alloc(&a, SIZE_MAX));
  assert_null(vet_arena_alloc(&a, SIZE_MAX - 1));
  /* the arena is still fine */
  int *v = vet_arena_calloc(&a, 10, sizeof *v);
  assert_non_null(v);
  for (int i = 0; i < 10; i++)
    assert_int_equal(v[i], 0);
  vet_arena_release(&a);
}

/* Run one allocation in a child process, since a failure here is a heap
 * overflow that would take the whole test binary down.  The child exits 0
 * when the allocation returned NULL. */
static int child_alloc_is_null(size_t n, size_t size, bool use_calloc)
{
  fflush(NULL);
  pid_t pid = fork();
  if (pid < 0)
    return -1;
  if (pid == 0) {
    struct vet_arena a;
    vet_arena_init(&a, 1024);
    void *p = use_calloc ? vet_arena_calloc(&a, n, size) : vet_arena_alloc(&a, size);
    _exit(p == NULL ? 0 : 3);
  }
  int st;
  if (waitpid(pid, &st, 0) != pid)
    return -1;
  return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static void test_adopt(void **state)
{
  (void)state;
  struct vet_arena a, from;
  vet_arena_init(&a, 256);
  vet_arena_init(&from, 128);
  char *mine = vet_arena_alloc(&a, 16);
  assert_non_null(mine);
  memcpy(mine, "mine", 5);
  /* several blocks in from, one of them a large one-off, and spares */
  char *theirs[40];
  for (int i = 0; i < 40; i++) {
    theirs[i] = vet_arena_alloc(&from, i == 7 ? 4096 : 24);
    assert_non_null(theirs[i]);
    snprintf(theirs[i], 24, "s%d", i);
  }
  size_t used = a.used_total + from.used_total;
  vet_arena_adopt(&a, &from);
  assert_null(from.head);
  assert_null(from.spare);
  assert_int_equal(from.used_total, 0);
  assert_int_equal(a.used_total, used);
  for (int i = 0; i < 40; i++) { /* still there, now a's */
    char want[24];
    snprintf(want, sizeof want, "s%d", i);
    assert_string_equal(theirs[i], want);
  }
  /* a's current block goes on taking small allocations: right after mine
   * (16 bytes rounded up to the alignment) */
  char *next = vet_arena_alloc(&a, 16);
  size_t step = (16 + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
  assert_ptr_equal(next, mine + step);
  assert_string_equal(mine, "mine");
  /* adopting into an empty arena, and an empty arena: nothing lost */
  struct vet_arena empty, none;
  vet_arena_init(&empty, 0);
  vet_arena_init(&none, 0);
  vet_arena_adopt(&empty, &a);
  vet_arena_adopt(&empty, &none);
  assert_string_equal(theirs[39], "s39");
  assert_string_equal(mine, "mine");
  vet_arena_release(&from); /* empty: a no-op */
  vet_arena_release(&a);
  vet_arena_release(&empty); /* frees every block once (ASan checks) */
}

/* Arrays grown past VET_HUGE_PAGES_MIN (vet_realloc_huge, and
 * vet_vec_push through it) keep what they held. */
static void test_realloc_huge(void **state)
{
  (void)state;
  unsigned char *p = vet_realloc_huge(NULL, 0, 1000);
  assert_non_null(p);
  for (int i = 0; i < 1000; i++)
    p[i] = (unsigned char)(i * 7);
  p = vet_realloc_huge(p, 1000, VET_BIG_BLOCK + 4096); /* still realloc */
  assert_non_null(p);
  for (int i = 0; i < 1000; i++)
    assert_int_equal(p[i], (unsigned char)(i * 7));
  p = vet_realloc_huge(p, 1000, VET_HUGE_PAGES_MIN + 4096); /* onto a fresh huge block */
  assert_non_null(p);
  for (int i = 0; i < 1000; i++)
    assert_int_equal(p[i], (unsigned char)(i * 7));
  p[VET_HUGE_PAGES_MIN + 4095] = 1;
  p = vet_realloc_huge(p, 600, 600); /* back under: realloc keeps the first bytes */
  assert_non_null(p);
  for (int i = 0; i < 600; i++)
    assert_int_equal(p[i], (unsigned char)(i * 7));
  free(p);
  uint64_t *v = NULL;
  uint32_t n = 0, cap = 0;
  const uint32_t want = (uint32_t)(VET_HUGE_PAGES_MIN / sizeof *v + 1024); /* just past the threshold */
  for (uint32_t i = 0; i < want; i++) {
    uint64_t *x = vet_vec_push(&v, &n, &cap, sizeof *v);
    assert_non_null(x);
    assert_int_equal(*x, 0); /* a new slot is zeroed */
    *x = (uint64_t)i * 2654435761u;
  }
  assert_int_equal(n, want);
  for (uint32_t i = 0; i < want; i++)
    if (v[i] != (uint64_t)i * 2654435761u)
      fail_msg("item %u lost its value", i);
  free(v);
}

/* An arena of big blocks (a population's): the same allocations, over
 * several blocks, kept intact; reset and reuse; adopted into an ordinary
 * arena. */
static void test_big_blocks(void **state)
{
  (void)state;
  struct vet_arena a;
  vet_arena_init(&a, VET_BIG_BLOCK);
  enum { N = 400000 };
  static char *kept[N];
  char buf[400];
  for (uint32_t i = 0; i < N; i++) { /* about 77 MB: three blocks */
    int n = snprintf(buf, sizeof buf, "%u:%0*u", i, (int)(i % 350), i);
    kept[i] = (char *)vet_arena_strdup(&a, (vet_str){buf, (size_t)n}).ptr;
    assert_non_null(kept[i]);
  }
  assert_true(a.used_total > 2 * VET_BIG_BLOCK);
  for (uint32_t i = 0; i < N; i += 997) {
    snprintf(buf, sizeof buf, "%u:%0*u", i, (int)(i % 350), i);
    assert_string_equal(kept[i], buf);
  }
  vet_arena_reset(&a); /* keeps up to VET_ARENA_KEEP_BYTES of them */
  char *p = vet_arena_alloc(&a, 1000);
  assert_non_null(p);
  memset(p, 7, 1000);
  struct vet_arena plain;
  vet_arena_init(&plain, 4096);
  vet_arena_adopt(&plain, &a);
  assert_int_equal(p[999], 7);
  vet_arena_release(&a);
  vet_arena_release(&plain);
}

static void test_near_max_sizes(void **state)
{
  (void)state;
  /* Sizes 32 to 63 bytes below SIZE_MAX survive the rounding to the
   * alignment but overflow when the block header is added; they must
   * give NULL ("NULL when out of memory"), not a block smaller than asked
   * for.  (Sizes that merely exceed memory are not tried: ASan aborts on
   * such a malloc instead of returning NULL.) */
  static const struct {
    size_t n, size;
    bool use_calloc;
  } cases[] = {
      {1, SIZE_MAX - 40, false},
      {1, SIZE_MAX - 60, false},
      {1, SIZE_MAX - 40, true},
      {SIZE_MAX - 60, 1, true},
  };
  int bad = 0;
  for (size_t i = 0; i < VET_COUNTOF(cases); i++) {
    int rc = child_alloc_is_null(cases[i].n, cases[i].size, cases[i].use_calloc);
    /* Regression test, bug fixed (core/arena.c, vet_arena_alloc): malloc(sizeof *nb + bs)
     * wraps around to malloc(0) when bs rounds up to SIZE_MAX - 31, so
     * the block header is written into a 0-byte allocation (heap
     * overflow: heap corruption or SIGABRT in the gcc build, an ASan
     * report in the clang one) and a non-NULL pointer is returned.
     * Expected: NULL. */
    if (rc != 0) {
      print_error("%s(%zu, %zu): child status %d, want a NULL result (status 0)\n",
                  cases[i].use_calloc ? "vet_arena_calloc" : "vet_arena_alloc", cases[i].n, cases[i].size, rc);
      bad++;
    }
  }
  if (bad)
    fail_msg("%d of %zu near-SIZE_MAX allocations did not return NULL", bad, VET_COUNTOF(cases));
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_alignment),        cmocka_unit_test(test_default_block_size),
      cmocka_unit_test(test_large_allocations), cmocka_unit_test(test_strdup),
      cmocka_unit_test(test_reset_keeps_working),
      cmocka_unit_test(test_reset_keep_cap), cmocka_unit_test(test_calloc_overflow),
      cmocka_unit_test(test_near_max_sizes),   cmocka_unit_test(test_adopt),
      cmocka_unit_test(test_big_blocks),      cmocka_unit_test(test_realloc_huge),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
