/* fuzz_email.c - fuzz target for vet_email_parse and vet_email_name_score
 * (contact/email.c).  The first line of the input is an address, parsed
 * with the real domain lists; the rest is a name, split on blanks into
 * tokens, scored against the local part.  A valid address has a
 * lower-case ASCII domain form within the RFC limits, a canonical form
 * with one '@' that is stable when parsed again, and flags that agree
 * with the lists; the score lies in [0,1] and its explanation stays in
 * its buffer, NUL-terminated. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/common.h"
#include "vetter/email.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The real lists, loaded on the first call and kept for the process
 * (reachable: no leak report); NULL when they do not load. */
static const struct vet_email_db *lists(void)
{
  static struct vet_email_db *db;
  static int tried;
  if (!tried) {
    tried = 1;
    db = vet_email_db_load(VET_DATA_DIR "/email", NULL);
  }
  return db;
}

static void check_valid(const struct vet_email_db *db, const struct vet_email *m, struct vet_arena *a)
{
  vet_str d = m->domain_ascii;
  if (!m->local.len || !d.len || d.len > VET_EMAIL_MAX_DOMAIN || m->error[0])
    abort();
  for (size_t i = 0; i < d.len; i++) {
    char c = d.ptr[i];
    if (!((c >= 'a' && c <= 'z') || vet_is_digit(c) || c == '-' || c == '.'))
      abort();
  }
  const char *at = memchr(m->canonical.ptr, '@', m->canonical.len);
  if (!at || memchr(at + 1, '@', m->canonical.len - (size_t)(at + 1 - m->canonical.ptr)))
    abort();
  if (m->disposable != vet_email_db_is_disposable(db, d) || m->free_provider != vet_email_db_is_free(db, d))
    abort();
  /* the canonical form is its own canonical form (when it is an address:
   * "a.@outlook.com" keeps the dot that "a.+x" had before the tag) */
  struct vet_email again;
  if (vet_email_parse(db, a, m->canonical, &again, NULL) != VET_OK)
    abort();
  if (again.valid && !vet_str_eq(again.canonical, m->canonical))
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  const struct vet_email_db *db = lists();
  const char *text = (const char *)data;
  const char *nl = memchr(text, '\n', size);
  vet_str addr = {text, nl ? (size_t)(nl - text) : size};
  vet_str name = nl ? (vet_str){nl + 1, size - addr.len - 1} : VET_STR_NULL;

  struct vet_arena a;
  vet_arena_init(&a, 4096);
  struct vet_email m;
  vet_err rc = vet_email_parse(db, &a, addr, &m, NULL);
  if (rc == VET_ENOMEM) {
    vet_arena_release(&a);
    return 0;
  }
  if (rc != VET_OK || (!m.valid && !m.error[0]) || memchr(m.error, 0, sizeof m.error) == NULL)
    abort();
  if (m.valid)
    check_valid(db, &m, &a);

  vet_str toks[VET_EMAIL_NAME_MAX_TOKENS + 2];
  size_t n = 0;
  for (size_t i = 0; i < name.len && n < VET_COUNTOF(toks);) {
    while (i < name.len && name.ptr[i] == ' ')
      i++;
    size_t j = i;
    while (j < name.len && name.ptr[j] != ' ')
      j++;
    if (j > i)
      toks[n++] = (vet_str){name.ptr + i, j - i};
    i = j;
  }
  vet_str local = m.valid ? m.local : addr;
  char why[48];
  memset(why, 'X', sizeof why);
  double s = vet_email_name_score(local, toks, n, why, sizeof why);
  if (isnan(s) || s < 0 || s > 1 || memchr(why, 0, sizeof why) == NULL)
    abort();
  if ((s > 0) != (strcmp(why, "no part of the name") != 0 && why[0] != 0))
    abort();
  vet_arena_release(&a);
  return 0;
}
