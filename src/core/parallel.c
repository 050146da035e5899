/* core/parallel.c - vet_parallel_for (core/common.h): a loop over
 * indices shared by a few POSIX threads, each taking the next index from
 * one atomic counter.
 * Owns: the threads it starts, joined before it returns.
 * Thread-safety: safe from any thread; fn runs on several at once. */
#include <pthread.h>
#include <stdatomic.h>

#include "core/common.h"

struct pool {
  atomic_size_t next; /* the next index to hand out */
  size_t n;
  void (*fn)(void *ctx, uint32_t worker, size_t k);
  void *ctx;
};

struct worker {
  struct pool *pool;
  uint32_t id;
  pthread_t th;
};

static void run(struct pool *p, uint32_t id)
{
  for (;;) {
    size_t k = atomic_fetch_add(&p->next, 1);
    if (k >= p->n)
      return;
    p->fn(p->ctx, id, k);
  }
}

static void *thread_main(void *arg)
{
  struct worker *w = arg;
  run(w->pool, w->id);
  return NULL;
}

void vet_parallel_for(uint32_t threads, size_t n, void (*fn)(void *ctx, uint32_t worker, size_t k), void *ctx)
{
  struct pool p = {.n = n, .fn = fn, .ctx = ctx};
  atomic_init(&p.next, 0);
  if (threads > VET_PARALLEL_MAX_THREADS)
    threads = VET_PARALLEL_MAX_THREADS;
  if (threads > n)
    threads = (uint32_t)n;
  struct worker w[VET_PARALLEL_MAX_THREADS];
  uint32_t started = 0;
  for (uint32_t t = 1; t < threads; t++) {
    w[started] = (struct worker){.pool = &p, .id = t};
    if (pthread_create(&w[started].th, NULL, thread_main, &w[started]) != 0)
      break; /* the ones started and this thread do the rest */
    started++;
  }
  run(&p, 0);
  for (uint32_t t = 0; t < started; t++)
    pthread_join(w[t].th, NULL);
}
