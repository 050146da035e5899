/* unit/testutil.h - helpers shared by the unit tests (tests/unit/testutil.c,
 * linked into every test_*.c): the real country table; loading list
 * fixtures, malformed inputs and cut files into fresh frozen sets; looking
 * up entities and what they carry; the normalizer fixture of the name
 * tests; temporary files and directories; a clock and a seeded random
 * stream.  Helpers that check
 * fail the running cmocka test (fail_msg) instead of returning an error.
 * Owns: the country table (loaded once, freed at exit); everything else
 * is the caller's (sets: vet_listset_free; read buffers: free).
 * Thread-safety: one test thread, as cmocka runs them. */
#ifndef VET_TESTUTIL_H
#define VET_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/common.h"
#include "vetter/country.h"
#include "vetter/date.h"
#include "vetter/entity.h"
#include "vetter/config.h"
#include "vetter/lists.h"
#include "vetter/normalize.h"

/* ---- the country table ---- */

/* The real table from VET_DATA_DIR "/country", loaded on the first call and
 * kept until exit; fails the test when it does not load. */
const struct vet_countries *tu_countries(void);
/* A cmocka group setup that loads the table up front: -1 (the group
 * fails once, with the reason on stderr) when it does not load. */
int tu_countries_setup(void **state);

/* ---- loading lists ---- */

/* Load path (a file or directory) in format as list `list` (manifest date
 * 1999-01-01) into a fresh set with the real country table, frozen when
 * the load succeeds.  Returns the load's code; *out is the set either way
 * (caller frees). */
vet_err tu_load(const char *format, const char *list, const char *path, struct vet_listset **out,
                struct vet_error *e);
/* The same, failing the test unless the load returns want. */
struct vet_listset *tu_load_want(const char *format, const char *list, const char *path, vet_err want,
                                 struct vet_error *e);
/* The same, failing the test unless the load succeeds. */
struct vet_listset *tu_load_ok(const char *format, const char *list, const char *path);
/* Write len bytes to a temporary file, load it (tu_load_want) and remove
 * the file.  When want is not VET_OK the message must also contain
 * msg_part and name the file.  Caller frees the set. */
struct vet_listset *tu_load_bytes(const char *format, const char *list, const char *data, size_t len,
                                  vet_err want, const char *msg_part);
/* tu_load_bytes of a NUL-terminated text. */
struct vet_listset *tu_load_text(const char *format, const char *list, const char *text, vet_err want,
                                 const char *msg_part);

/* One input for a loader, odd or malformed, and what loading it must give. */
struct tu_load_case {
  const char *text;
  vet_err want;
  const char *msg; /* expected in the message of a failure (which must also name the file) */
};
/* Load each case from a temporary file (tu_load_text).  Returns the set of
 * the last case that loads (VET_OK), or NULL when none does; caller frees. */
struct vet_listset *tu_load_cases(const char *format, const char *list, const struct tu_load_case *cases, size_t n);
/* Load the start of the file at path, up to `extra` bytes past the first
 * `marker` in it, from a temporary file (its path in tmp, cap bytes; the
 * file is removed); the load must fail with VET_EPARSE, its message in e.
 * Returns the number of the line the cut falls on. */
unsigned long tu_load_truncated(const char *format, const char *path, const char *marker, size_t extra, char *tmp,
                                size_t cap, struct vet_error *e);
/* tu_load_ok, printing how long the load took and what it holds under label. */
struct vet_listset *tu_load_timed(const char *format, const char *list, const char *path, const char *label);
/* The number of entities of ls with this schema. */
size_t tu_count_schema(const struct vet_listset *ls, enum vet_schema schema);

/* What an entity must be: its schema, primary name (the first name, the
 * only primary) and gender (0: none). */
struct tu_entity_case {
  const char *id;
  enum vet_schema schema;
  const char *primary;
  char gender;
};
/* Fails the test unless each entity of list in ls is as its case says. */
void tu_check_entities(const struct vet_listset *ls, const char *list, const struct tu_entity_case *cases, size_t n);

/* ---- what an entity carries ---- */

/* The entity (list, id) of ls; fails the test when absent. */
const struct vet_entity *tu_find(const struct vet_listset *ls, const char *list, const char *id);
/* The name of en with this text; NULL when absent. */
const struct vet_name *tu_find_name(const struct vet_entity *en, const char *text);
/* The same, failing the test when absent. */
const struct vet_name *tu_name(const struct vet_entity *en, const char *text);
bool tu_has_name(const struct vet_entity *en, const char *text, enum vet_name_kind kind);
bool tu_has_country(const struct vet_entity *en, const char *code, enum vet_country_kind kind);
bool tu_has_program(const struct vet_entity *en, const char *program);
bool tu_has_address(const struct vet_entity *en, const char *text, const char *country);
/* The identifier of en with this kind and value (as listed); NULL when absent. */
const struct vet_ident *tu_find_ident(const struct vet_entity *en, enum vet_id_kind kind, const char *value);
/* The identifier of en with this value, of any kind; fails the test when absent. */
const struct vet_ident *tu_ident(const struct vet_entity *en, const char *value);
/* An identifier of kind with this value (as listed) and issuing country ("": none). */
bool tu_has_ident(const struct vet_entity *en, enum vet_id_kind kind, const char *value, const char *country);
/* The same on the normalized value, with the currency ("": none). */
bool tu_has_ident_norm(const struct vet_entity *en, enum vet_id_kind kind, const char *norm, const char *country,
                       const char *currency);
size_t tu_count_idents(const struct vet_entity *en, enum vet_id_kind kind);
/* Date i of en as vet_date_format writes it, in buf (returned); fails the
 * test when en has no date i. */
const char *tu_date_str(const struct vet_entity *en, uint32_t i, char *buf, size_t cap);
/* A date of en that vet_date_format writes as text ("1945", "~1975", "1970/1972"). */
bool tu_has_date(const struct vet_entity *en, const char *text);
/* A date of en with this year, month and day (0: unknown), approximate or not. */
bool tu_has_ymd(const struct vet_entity *en, int year, int month, int day);
/* A date of en equal to want in every field (approx and year_to too). */
bool tu_has_date_eq(const struct vet_entity *en, struct vet_date want);

/* ---- files ---- */

/* Room for the paths the helpers below make. */
#define TU_PATH_MAX 64

/* A new empty directory under /tmp; its path in dir (cap >= 32). */
void tu_temp_dir(char *dir, size_t cap);
/* A new file under /tmp holding len bytes of data; its path in path (cap >= 32). */
void tu_temp_file(char *path, size_t cap, const void *data, size_t len);
void tu_temp_text(char *path, size_t cap, const char *text);
/* Create or truncate path and write len bytes of data to it. */
void tu_write_file(const char *path, const void *data, size_t len);
void tu_write_text(const char *path, const char *text);
/* dir + "/" + name in buf (returned); fails the test when it does not fit. */
char *tu_join(char *buf, size_t cap, const char *dir, const char *name);
/* All of path, NUL-terminated; caller frees.  Fails the test when unreadable. */
char *tu_read_file(const char *path, size_t *len);
/* Remove path: a file, or a directory and everything below it. */
void tu_rm_rf(const char *path);
/* The standard output of the shell command cmd, NUL-terminated (caller
 * frees); *status its exit status (-1 when it did not exit). */
char *tu_run(const char *cmd, int *status);

/* ---- names ---- */

/* What the name tests work with: a normalizer, the default settings and an arena. */
struct tu_names {
  struct vet_normalizer *nz;
  struct vet_config cfg; /* vet_config_defaults */
  struct vet_arena a;
};
/* A cmocka group setup making a struct tu_names in *state (-1 when the
 * normalizer cannot be made), and the teardown that frees it. */
int tu_names_setup(void **state);
int tu_names_teardown(void **state);

/* ---- other ---- */

/* Fails the test unless rc is VET_OK; what names the step. */
void tu_must(vet_err rc, const char *what);
/* A monotonic clock in milliseconds, for the load times the tests print. */
double tu_now_ms(void);

/* The next number of a splitmix64 stream (state: any seed), for generated
 * test inputs that must be the same on every run. */
static inline uint64_t tu_rand(uint64_t *state)
{
  uint64_t z = (*state += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

#endif
