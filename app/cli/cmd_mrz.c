/* cli/cmd_mrz.c - `vetter mrz FILE|-`: parse and validate ICAO 9303
 * machine-readable zones, one per input line (its lines joined by '|'),
 * one JSON result per line in input order, on all cores.  Needs no lists
 * and no country table. */
#include "cli.h"
#include "vetter/mrz.h"

static const char usage[] =
    "usage: vetter mrz FILE|- [--threads N] [--quiet]\n"
    "  Each input line is one MRZ with its lines joined by '|', e.g.\n"
    "    P<UTOERIKSSON<<ANNA<MARIA<<<...|L898902C36UTO7408122F1204159ZE184226B<<<<<10\n"
    "  Each output line is its JSON: {\"valid\",\"format\",\"document_code\",\"issuing_state\",\n"
    "  \"surname\",\"given_names\",\"document_number\",\"nationality\",\"birth_date\",\"sex\",\n"
    "  \"expiry_date\",\"optional_data\",\"optional_data2\",\"checks\":{...},\"errors\":[{\"code\",\"message\"}]}.\n"
    "  Blank lines are skipped.  Exit status 0 when every line was processed, valid or not;\n"
    "  1 when the input cannot be read; 2 on a usage error.\n";

/* Fixed once for the whole run, so every line reads two-digit birth
 * years against the same day. */
struct mrz_shared {
  struct vet_date today;
};

static char *mrz_line(void *state, void *shared, size_t lineno, vet_str line, bool *is_error)
{
  (void)state;
  (void)lineno;
  const struct mrz_shared *sh = shared;
  struct vet_mrz m;
  (void)vet_mrz_parse(line, &sh->today, &m, NULL); /* m always says what went wrong */
  json_t *j = vet_mrz_json(&m);
  char *out = j ? json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
  json_decref(j);
  *is_error = !m.valid; /* counted as invalid in the summary */
  return out;
}

int cmd_mrz(int argc, char **argv)
{
  struct cli_opts o = {0};
  const char *path = NULL;
  for (int i = 0; i < argc; i++) {
    int st;
    if (cli_common_opt(&o, argc, argv, &i, usage, &st)) {
      if (st >= 0)
        return st;
      continue;
    }
    const char *a = argv[i];
    if (a[0] == '-' && a[1])
      return cli_usage_error("mrz: unknown option '%s'\n%s", a, usage);
    if (path)
      return cli_usage_error("mrz: one FILE at a time: unexpected '%s'", a);
    path = a;
  }
  if (!path)
    return cli_usage_error("mrz: give a FILE, or - for standard input\n%s", usage);
  struct mrz_shared sh;
  vet_date_today(&sh.today);
  struct cli_batch b = {.path = path, .threads = o.threads, .shared = &sh, .work = mrz_line, .quiet = o.quiet,
                        .what = "MRZs"};
  size_t n = 0, invalid = 0;
  int status = cli_batch_run(&b, &n, &invalid);
  if (status)
    return status;
  if (!o.quiet)
    fprintf(stderr, "vetter: mrz: %zu line%s, %zu valid, %zu invalid\n", n, n == 1 ? "" : "s", n - invalid, invalid);
  return 0;
}
