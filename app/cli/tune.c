/* cli/tune.c - the one process setting that must be made before the
 * process starts: glibc's malloc puts the memory it takes from the kernel
 * on transparent huge pages only when the tunable glibc.malloc.hugetlb=1
 * is set, and glibc reads its tunables (GLIBC_TUNABLES) at start-up only.
 * On request (VETTER_HUGE_PAGES=1), the commands that read a whole
 * population (`check`, `ingest`) start themselves again once, the tunable
 * added to the user's own tunables.  Not by default: in the virtual
 * machines measured, fresh huge pages are dearer to touch for the first
 * time than 4 KiB ones, and a run that follows another by more than a few
 * seconds was 0.3-0.5 s slower with them (core/common.h,
 * docs/benchmarks.md); on a machine where fresh memory is cheap, they
 * save TLB misses and page faults.  Nothing changes in what they compute.
 * Not done either when the user set the tunable (either way), when the
 * kernel has huge pages off ("never"), with a C library other than glibc
 * 2.35 or later, or when starting again fails (the command then simply
 * goes on).
 * Owns: nothing.
 * Thread-safety: main's first step, before any thread. */
#include "cli.h"

#define TUNABLE "glibc.malloc.hugetlb"

#if defined(__linux__) && defined(__GLIBC__)
#include <gnu/libc-version.h>
#include <unistd.h>

#define ENV_TUNABLES "GLIBC_TUNABLES"
/* Set in the command started again, so that it does not start again. */
#define ENV_STARTED "VETTER_HUGE_PAGES_SET"
/* "1": start again with the tunable; anything else (or unset): leave
 * glibc's malloc as the user has it. */
#define ENV_ON "VETTER_HUGE_PAGES"
/* The first glibc with the tunable. */
#define GLIBC_MAJOR 2
#define GLIBC_MINOR 35
#define THP_ENABLED "/sys/kernel/mm/transparent_hugepage/enabled"

static bool glibc_has_tunable(void)
{
  unsigned major = 0, minor = 0;
  if (sscanf(gnu_get_libc_version(), "%u.%u", &major, &minor) != 2)
    return false;
  return major > GLIBC_MAJOR || (major == GLIBC_MAJOR && minor >= GLIBC_MINOR);
}

/* False when the kernel has transparent huge pages off (or none). */
static bool kernel_has_thp(void)
{
  FILE *f = fopen(THP_ENABLED, "r");
  if (!f)
    return false;
  char line[128] = "";
  bool on = fgets(line, sizeof line, f) && !strstr(line, "[never]");
  fclose(f);
  return on;
}
#endif

bool cli_tunables_with_huge_pages(const char *old, char *out, size_t cap)
{
  if (old && strstr(old, TUNABLE))
    return false; /* the user's own choice stands */
  int n = snprintf(out, cap, "%s%s" TUNABLE "=1", old ? old : "", old && *old ? ":" : "");
  return n > 0 && (size_t)n < cap;
}

void cli_tune_malloc(int argc, char **argv)
{
#if defined(__linux__) && defined(__GLIBC__)
  if (argc < 2 || (strcmp(argv[1], "check") && strcmp(argv[1], "ingest")))
    return;
  if (getenv(ENV_STARTED)) { /* this is the command started again */
    unsetenv(ENV_STARTED);
    return;
  }
  const char *on = getenv(ENV_ON);
  if (!on || strcmp(on, "1") || !glibc_has_tunable() || !kernel_has_thp())
    return;
  const char *env = getenv(ENV_TUNABLES);
  char *old = env ? strdup(env) : NULL;
  size_t cap = (old ? strlen(old) : 0) + sizeof ":" TUNABLE "=1";
  char *val = malloc(cap);
  if ((env && !old) || !val || !cli_tunables_with_huge_pages(old, val, cap)) {
    free(old);
    free(val);
    return;
  }
  if (!setenv(ENV_TUNABLES, val, 1) && !setenv(ENV_STARTED, "1", 1))
    execv("/proc/self/exe", argv);
  /* not started again: go on as the user started it */
  if (old)
    setenv(ENV_TUNABLES, old, 1);
  else
    unsetenv(ENV_TUNABLES);
  unsetenv(ENV_STARTED);
  free(old);
  free(val);
#else
  (void)argc;
  (void)argv;
#endif
}
