/* unit/testutil.c - the helpers of testutil.h, shared by every unit test:
 * the real country table, list fixtures loaded into frozen sets, entity
 * lookups, the name-test fixture, temporary files and directories, a
 * command's output, and a clock. */
#define _XOPEN_SOURCE 700 /* nftw */
#include <ftw.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "io/file.h"
#include "testutil.h"

/* ---- the country table ---- */

static struct vet_countries *countries;

static void free_countries(void)
{
  vet_countries_free(countries);
  countries = NULL;
}

/* Load the table once; NULL (and the reason in e) when it does not load. */
static const struct vet_countries *load_countries(struct vet_error *e)
{
  if (!countries) {
    countries = vet_countries_load(VET_DATA_DIR "/country", e);
    if (countries)
      atexit(free_countries);
  }
  return countries;
}

const struct vet_countries *tu_countries(void)
{
  struct vet_error e = {0};
  const struct vet_countries *c = load_countries(&e);
  if (!c)
    fail_msg("country table: %s", e.msg);
  return c;
}

int tu_countries_setup(void **state)
{
  (void)state;
  struct vet_error e = {0};
  if (load_countries(&e))
    return 0;
  print_error("country table: %s\n", e.msg);
  return -1;
}

/* ---- loading lists ---- */

vet_err tu_load(const char *format, const char *list, const char *path, struct vet_listset **out,
                struct vet_error *e)
{
  struct vet_listset *ls = vet_listset_new(tu_countries());
  assert_non_null(ls);
  struct vet_list meta = {.name = vet_str_c(list), .date = VET_LIT("1999-01-01")};
  vet_err rc = vet_lists_load(ls, format, path, &meta, e);
  if (rc == VET_OK)
    assert_int_equal(vet_listset_freeze(ls, e), VET_OK);
  *out = ls;
  return rc;
}

struct vet_listset *tu_load_want(const char *format, const char *list, const char *path, vet_err want,
                                 struct vet_error *e)
{
  struct vet_listset *ls;
  vet_err rc = tu_load(format, list, path, &ls, e);
  if (rc != want)
    fail_msg("load '%s': got %s (%s), want %s", path, vet_err_name(rc), e->msg, vet_err_name(want));
  return ls;
}

struct vet_listset *tu_load_ok(const char *format, const char *list, const char *path)
{
  struct vet_error e = {0};
  return tu_load_want(format, list, path, VET_OK, &e);
}

struct vet_listset *tu_load_bytes(const char *format, const char *list, const char *data, size_t len,
                                  vet_err want, const char *msg_part)
{
  char path[TU_PATH_MAX];
  tu_temp_file(path, sizeof path, data, len);
  struct vet_error e = {0};
  struct vet_listset *ls;
  vet_err rc = tu_load(format, list, path, &ls, &e);
  unlink(path);
  int shown = len < 40 ? (int)len : 40; /* the start of the input, to tell the cases apart */
  if (rc != want)
    fail_msg("'%.*s': got %s (%s), want %s", shown, data, vet_err_name(rc), e.msg, vet_err_name(want));
  if (want != VET_OK && msg_part && !strstr(e.msg, msg_part))
    fail_msg("'%.*s': message '%s' lacks '%s'", shown, data, e.msg, msg_part);
  if (want != VET_OK && !strstr(e.msg, path))
    fail_msg("'%.*s': message '%s' does not name the file %s", shown, data, e.msg, path);
  return ls;
}

struct vet_listset *tu_load_text(const char *format, const char *list, const char *text, vet_err want,
                                 const char *msg_part)
{
  return tu_load_bytes(format, list, text, strlen(text), want, msg_part);
}

struct vet_listset *tu_load_cases(const char *format, const char *list, const struct tu_load_case *cases, size_t n)
{
  struct vet_listset *loaded = NULL;
  for (size_t i = 0; i < n; i++) {
    struct vet_listset *ls = tu_load_text(format, list, cases[i].text, cases[i].want, cases[i].msg);
    if (cases[i].want == VET_OK) {
      vet_listset_free(loaded);
      loaded = ls;
    } else {
      vet_listset_free(ls);
    }
  }
  return loaded;
}

unsigned long tu_load_truncated(const char *format, const char *path, const char *marker, size_t extra, char *tmp,
                                size_t cap, struct vet_error *e)
{
  size_t len;
  char *data = tu_read_file(path, &len);
  const char *cut = strstr(data, marker);
  if (!cut || (size_t)(cut - data) + extra > len)
    fail_msg("%s: no '%s' with %zu bytes after it", path, marker, extra);
  size_t n = (size_t)(cut - data) + extra;
  unsigned long lines = 1;
  for (size_t i = 0; i < n; i++)
    lines += data[i] == '\n';
  tu_temp_file(tmp, cap, data, n);
  free(data);
  struct vet_listset *ls;
  vet_err rc = tu_load(format, "t", tmp, &ls, e);
  vet_listset_free(ls);
  unlink(tmp);
  if (rc != VET_EPARSE)
    fail_msg("%s cut after '%s': got %s (%s), want %s", path, marker, vet_err_name(rc), e->msg,
             vet_err_name(VET_EPARSE));
  return lines;
}

struct vet_listset *tu_load_timed(const char *format, const char *list, const char *path, const char *label)
{
  double t0 = tu_now_ms();
  struct vet_listset *ls = tu_load_ok(format, list, path);
  print_message("%s: %u entities, %zu names, loaded in %.1f ms\n", label, ls->n_entities,
                vet_listset_name_count(ls), tu_now_ms() - t0);
  return ls;
}

size_t tu_count_schema(const struct vet_listset *ls, enum vet_schema schema)
{
  size_t n = 0;
  for (uint32_t i = 0; i < ls->n_entities; i++)
    n += ls->entities[i].schema == schema;
  return n;
}

void tu_check_entities(const struct vet_listset *ls, const char *list, const struct tu_entity_case *cases, size_t n)
{
  for (size_t i = 0; i < n; i++) {
    const struct vet_entity *en = tu_find(ls, list, cases[i].id);
    assert_int_equal(en->schema, cases[i].schema);
    assert_true(en->n_names > 0);
    assert_int_equal(en->names[0].kind, VET_NAME_PRIMARY);
    assert_string_equal(en->names[0].text.ptr, cases[i].primary);
    assert_int_equal(en->gender, cases[i].gender);
    for (uint32_t k = 1; k < en->n_names; k++)
      assert_int_not_equal(en->names[k].kind, VET_NAME_PRIMARY); /* one primary per entity */
  }
}

/* ---- what an entity carries ---- */

const struct vet_entity *tu_find(const struct vet_listset *ls, const char *list, const char *id)
{
  const struct vet_entity *en = vet_listset_find(ls, vet_str_c(list), vet_str_c(id));
  if (!en)
    fail_msg("entity %s/%s not loaded", list, id);
  return en;
}

const struct vet_name *tu_find_name(const struct vet_entity *en, const char *text)
{
  for (uint32_t i = 0; i < en->n_names; i++)
    if (vet_str_eq_c(en->names[i].text, text))
      return &en->names[i];
  return NULL;
}

const struct vet_name *tu_name(const struct vet_entity *en, const char *text)
{
  const struct vet_name *n = tu_find_name(en, text);
  if (!n)
    fail_msg("entity %.*s has no name '%s'", VET_STR_FMT(en->id), text);
  return n;
}

bool tu_has_name(const struct vet_entity *en, const char *text, enum vet_name_kind kind)
{
  for (uint32_t i = 0; i < en->n_names; i++)
    if (vet_str_eq_c(en->names[i].text, text) && en->names[i].kind == kind)
      return true;
  return false;
}

bool tu_has_country(const struct vet_entity *en, const char *code, enum vet_country_kind kind)
{
  for (uint32_t i = 0; i < en->n_countries; i++)
    if (!strcmp(en->countries[i].code, code) && en->countries[i].kind == kind)
      return true;
  return false;
}

bool tu_has_program(const struct vet_entity *en, const char *program)
{
  for (uint32_t i = 0; i < en->n_programs; i++)
    if (vet_str_eq_c(en->programs[i], program))
      return true;
  return false;
}

bool tu_has_address(const struct vet_entity *en, const char *text, const char *country)
{
  for (uint32_t i = 0; i < en->n_addresses; i++)
    if (vet_str_eq_c(en->addresses[i].text, text) && !strcmp(en->addresses[i].country, country))
      return true;
  return false;
}

const struct vet_ident *tu_find_ident(const struct vet_entity *en, enum vet_id_kind kind, const char *value)
{
  for (uint32_t i = 0; i < en->n_idents; i++)
    if (en->idents[i].kind == kind && vet_str_eq_c(en->idents[i].value, value))
      return &en->idents[i];
  return NULL;
}

const struct vet_ident *tu_ident(const struct vet_entity *en, const char *value)
{
  for (uint32_t i = 0; i < en->n_idents; i++)
    if (vet_str_eq_c(en->idents[i].value, value))
      return &en->idents[i];
  fail_msg("entity %.*s has no identifier '%s'", VET_STR_FMT(en->id), value);
  return NULL;
}

bool tu_has_ident(const struct vet_entity *en, enum vet_id_kind kind, const char *value, const char *country)
{
  for (uint32_t i = 0; i < en->n_idents; i++) {
    const struct vet_ident *id = &en->idents[i];
    if (id->kind == kind && vet_str_eq_c(id->value, value) && !strcmp(id->country, country))
      return true;
  }
  return false;
}

bool tu_has_ident_norm(const struct vet_entity *en, enum vet_id_kind kind, const char *norm, const char *country,
                       const char *currency)
{
  for (uint32_t i = 0; i < en->n_idents; i++) {
    const struct vet_ident *id = &en->idents[i];
    if (id->kind == kind && vet_str_eq_c(id->norm, norm) && !strcmp(id->country, country) &&
        vet_str_eq_c(id->currency, currency))
      return true;
  }
  return false;
}

size_t tu_count_idents(const struct vet_entity *en, enum vet_id_kind kind)
{
  size_t n = 0;
  for (uint32_t i = 0; i < en->n_idents; i++)
    n += en->idents[i].kind == kind;
  return n;
}

const char *tu_date_str(const struct vet_entity *en, uint32_t i, char *buf, size_t cap)
{
  if (i >= en->n_dates)
    fail_msg("entity %.*s has %u dates, no date %u", VET_STR_FMT(en->id), en->n_dates, i);
  vet_date_format(&en->dates[i], buf, cap);
  return buf;
}

bool tu_has_date(const struct vet_entity *en, const char *text)
{
  for (uint32_t i = 0; i < en->n_dates; i++) {
    char buf[32];
    vet_date_format(&en->dates[i], buf, sizeof buf);
    if (!strcmp(buf, text))
      return true;
  }
  return false;
}

bool tu_has_ymd(const struct vet_entity *en, int year, int month, int day)
{
  for (uint32_t i = 0; i < en->n_dates; i++)
    if (en->dates[i].year == year && en->dates[i].month == month && en->dates[i].day == day)
      return true;
  return false;
}

bool tu_has_date_eq(const struct vet_entity *en, struct vet_date want)
{
  for (uint32_t i = 0; i < en->n_dates; i++) {
    const struct vet_date *d = &en->dates[i];
    if (d->year == want.year && d->month == want.month && d->day == want.day && d->approx == want.approx &&
        d->year_to == want.year_to)
      return true;
  }
  return false;
}

/* ---- files ---- */

void tu_temp_dir(char *dir, size_t cap)
{
  snprintf(dir, cap, "/tmp/vet_test_XXXXXX");
  if (!mkdtemp(dir))
    fail_msg("cannot make a temporary directory");
}

void tu_temp_file(char *path, size_t cap, const void *data, size_t len)
{
  snprintf(path, cap, "/tmp/vet_test_XXXXXX");
  int fd = mkstemp(path);
  if (fd < 0)
    fail_msg("cannot make a temporary file");
  size_t off = 0;
  while (off < len) {
    ssize_t w = write(fd, (const char *)data + off, len - off);
    if (w <= 0)
      break;
    off += (size_t)w;
  }
  close(fd);
  if (off != len)
    fail_msg("cannot write %s", path);
}

void tu_temp_text(char *path, size_t cap, const char *text)
{
  tu_temp_file(path, cap, text, strlen(text));
}

void tu_write_file(const char *path, const void *data, size_t len)
{
  FILE *f = fopen(path, "wb");
  if (!f)
    fail_msg("cannot create %s", path);
  size_t n = len ? fwrite(data, 1, len, f) : 0;
  if (fclose(f) != 0 || n != len)
    fail_msg("cannot write %s", path);
}

void tu_write_text(const char *path, const char *text)
{
  tu_write_file(path, text, strlen(text));
}

char *tu_join(char *buf, size_t cap, const char *dir, const char *name)
{
  if (vet_path_join(buf, cap, dir, name) != VET_OK)
    fail_msg("path %s/%s is too long", dir, name);
  return buf;
}

char *tu_read_file(const char *path, size_t *len)
{
  char *buf = NULL;
  struct vet_error e = {0};
  if (vet_file_read(path, (size_t)1 << 30, &buf, len, &e) != VET_OK)
    fail_msg("%s", e.msg);
  return buf;
}

char *tu_run(const char *cmd, int *status)
{
  FILE *p = popen(cmd, "r");
  if (!p)
    fail_msg("cannot run '%s'", cmd);
  size_t cap = 4096, len = 0;
  char *out = malloc(cap);
  assert_non_null(out);
  size_t got;
  while ((got = fread(out + len, 1, cap - len - 1, p)) > 0) {
    len += got;
    if (cap - len < 2) {
      cap *= 2;
      out = realloc(out, cap);
      assert_non_null(out);
    }
  }
  out[len] = '\0';
  int st = pclose(p);
  *status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return out;
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
  (void)st;
  (void)flag;
  (void)ftw;
  remove(path);
  return 0; /* go on past what cannot be removed */
}

void tu_rm_rf(const char *path)
{
  nftw(path, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* ---- names ---- */

int tu_names_setup(void **state)
{
  struct tu_names *f = calloc(1, sizeof *f);
  if (!f)
    return -1;
  struct vet_error e = {0};
  f->nz = vet_normalizer_new(0, &e);
  if (!f->nz) {
    print_error("normalizer: %s\n", e.msg);
    free(f);
    return -1;
  }
  vet_config_defaults(&f->cfg);
  vet_arena_init(&f->a, 64 * 1024);
  *state = f;
  return 0;
}

int tu_names_teardown(void **state)
{
  struct tu_names *f = *state;
  vet_normalizer_free(f->nz);
  vet_arena_release(&f->a);
  free(f);
  return 0;
}

/* ---- other ---- */

void tu_must(vet_err rc, const char *what)
{
  if (rc != VET_OK)
    fail_msg("%s: rc %s", what, vet_err_name(rc));
}

double tu_now_ms(void)
{
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}
