/* core/country.c - country names and codes to ISO 3166-1 alpha-2.  The
 * name variants come from opensanctions/countrynames (27,000 spellings in
 * many scripts), the alpha-3 codes and English names from the
 * datasets/country-codes table; both are copied into data/country/. */
#include <stdio.h>

#include "core/strmap.h"
#include "io/csv.h"
#include "io/file.h"
#include "normalize/fold.h"
#include "vetter/arena.h"
#include "vetter/country.h"

#define MAX_CODES 512
#define FAIL_CODE 0xFFFFu

struct vet_countries {
  struct vet_arena arena;
  struct vet_strmap keys;   /* folded name/code -> index into codes, or FAIL_CODE */
  char codes[MAX_CODES][8]; /* index -> code */
  const char *names[MAX_CODES];
  uint32_t n_codes;
  uint32_t last; /* index code_index found last */
};

static uint32_t code_index(struct vet_countries *c, vet_str code)
{
  /* the variants file is grouped by code: the last one found usually is it */
  if (c->n_codes && vet_str_eq_c(code, c->codes[c->last]))
    return c->last;
  for (uint32_t i = 0; i < c->n_codes; i++)
    if (vet_str_eq_c(code, c->codes[i]))
      return c->last = i;
  if (c->n_codes >= MAX_CODES || code.len == 0 || code.len >= 8)
    return FAIL_CODE;
  memcpy(c->codes[c->n_codes], code.ptr, code.len);
  c->codes[c->n_codes][code.len] = 0;
  return c->last = c->n_codes++;
}

static vet_err add_key(struct vet_countries *c, vet_str name, uint32_t idx)
{
  struct vet_buf b;
  vet_buf_init(&b, 4096);
  vet_err rc = vet_fold_key(name, &b);
  if (rc == VET_EPARSE || rc == VET_ELIMIT || b.len == 0) { /* skip odd variants */
    vet_buf_release(&b);
    return VET_OK;
  }
  if (rc) {
    vet_buf_release(&b);
    return rc;
  }
  vet_str k = vet_arena_strdup(&c->arena, vet_buf_str(&b));
  vet_buf_release(&b);
  if (!k.ptr)
    return VET_ENOMEM;
  bool ins;
  if (!vet_strmap_put(&c->keys, k, idx, &ins))
    return VET_ENOMEM;
  return VET_OK;
}

static vet_err on_variant(void *ud, size_t line, vet_str *f, size_t n, struct vet_error *e)
{
  struct vet_countries *c = ud;
  (void)e;
  if (line == 1 || n < 2)
    return VET_OK; /* header */
  vet_str code = vet_str_trim(f[0]);
  uint32_t idx = vet_str_eq_c(code, "FAIL") ? FAIL_CODE : code_index(c, code);
  if (idx != FAIL_CODE)
    (void)add_key(c, code, idx); /* the code itself resolves too */
  return add_key(c, f[1], idx);
}

/* CLDR display names this short are abbreviations ("US", "UK"). */
#define MAX_ABBREV_NAME 3

struct codes_ctx {
  struct vet_countries *c;
  int a2, a3, name, official; /* columns */
};

static vet_err on_code(void *ud, size_t line, vet_str *f, size_t n, struct vet_error *e)
{
  struct codes_ctx *cc = ud;
  (void)e;
  if (line == 1) {
    for (size_t i = 0; i < n; i++) {
      if (vet_str_eq_c(f[i], "ISO3166-1-Alpha-2"))
        cc->a2 = (int)i;
      else if (vet_str_eq_c(f[i], "ISO3166-1-Alpha-3"))
        cc->a3 = (int)i;
      else if (vet_str_eq_c(f[i], "CLDR display name"))
        cc->name = (int)i;
      else if (vet_str_eq_c(f[i], "official_name_en"))
        cc->official = (int)i;
    }
    return VET_OK;
  }
  if (cc->a2 < 0 || (size_t)cc->a2 >= n || f[cc->a2].len != 2)
    return VET_OK;
  uint32_t idx = code_index(cc->c, f[cc->a2]);
  if (idx == FAIL_CODE)
    return VET_OK;
  vet_err rc = add_key(cc->c, f[cc->a2], idx);
  if (!rc && cc->a3 >= 0 && (size_t)cc->a3 < n && f[cc->a3].len == 3)
    rc = add_key(cc->c, f[cc->a3], idx);
  if (!rc && cc->official >= 0 && (size_t)cc->official < n && f[cc->official].len)
    rc = add_key(cc->c, f[cc->official], idx);
  if (!rc && cc->name >= 0 && (size_t)cc->name < n && f[cc->name].len) {
    /* the display name is CLDR's, but for its abbreviations ("US", "UK"),
     * where the official English name reads better */
    vet_str shown = f[cc->name];
    if (shown.len <= MAX_ABBREV_NAME && cc->official >= 0 && (size_t)cc->official < n && f[cc->official].len)
      shown = f[cc->official];
    vet_str nm = vet_arena_strdup(&cc->c->arena, shown);
    if (!nm.ptr)
      return VET_ENOMEM;
    cc->c->names[idx] = nm.ptr;
    rc = add_key(cc->c, f[cc->name], idx);
  }
  return rc;
}

struct vet_countries *vet_countries_load(const char *dir, struct vet_error *e)
{
  struct vet_countries *c = calloc(1, sizeof *c);
  if (!c) {
    vet_fail(e, VET_ENOMEM, "out of memory loading countries");
    return NULL;
  }
  vet_arena_init(&c->arena, 256 * 1024);
  vet_strmap_init(&c->keys);
  char path[4096];
  struct codes_ctx cc = {c, -1, -1, -1, -1};
  if (vet_path_join(path, sizeof path, dir, "country-codes.csv") ||
      vet_csv_read_file(path, 16u << 20, NULL, on_code, &cc, e))
    goto fail;
  struct vet_csv_opts tsv = {.delim = '\t'};
  if (vet_path_join(path, sizeof path, dir, "countrynames_variants.tsv") ||
      vet_csv_read_file(path, 16u << 20, &tsv, on_variant, c, e))
    goto fail;
  return c;
fail:
  if (e && e->code == VET_OK)
    vet_fail(e, VET_ELIMIT, "country data path too long");
  vet_countries_free(c);
  return NULL;
}

void vet_countries_free(struct vet_countries *c)
{
  if (!c)
    return;
  vet_strmap_release(&c->keys);
  vet_arena_release(&c->arena);
  free(c);
}

const char *vet_country_resolve(const struct vet_countries *c, vet_str raw)
{
  if (!c)
    return NULL;
  raw = vet_str_trim(raw);
  if (raw.len == 0 || raw.len > 200)
    return NULL;
  char key[256]; /* ASCII (most values): the key on the stack */
  size_t n = vet_fold_key_ascii(raw, key, sizeof key);
  if (n != SIZE_MAX) {
    const uint32_t *v = n ? vet_strmap_get(&c->keys, (vet_str){key, n}) : NULL;
    return v && *v != FAIL_CODE ? c->codes[*v] : NULL;
  }
  struct vet_buf b;
  vet_buf_init(&b, 1024);
  const char *res = NULL;
  if (vet_fold_key(raw, &b) == VET_OK && b.len) {
    uint32_t *v = vet_strmap_get(&c->keys, vet_buf_str(&b));
    if (v && *v != FAIL_CODE)
      res = c->codes[*v];
  }
  vet_buf_release(&b);
  return res;
}

const char *vet_country_name(const struct vet_countries *c, const char *alpha2)
{
  if (!c || !alpha2)
    return NULL;
  for (uint32_t i = 0; i < c->n_codes; i++)
    if (strcmp(c->codes[i], alpha2) == 0)
      return c->names[i];
  return NULL;
}
