/* fuzz_batch.c - fuzz target for one batch screening record: the bytes
 * are parsed with jansson, read into a query by vet_query_from_json
 * (io/json_out.c) and screened (match/screen.c) against a tiny index
 * built once from a handful of entities.  The answer must keep the
 * vet_screen contract (scores in [0,1] and at or above the threshold,
 * best first, one hit per entity, at most limit hits, list filtering)
 * and every hit must turn into JSON. */
#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/common.h"
#include "fuzzutil.h"
#include "vetter/vetter.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Built on the first call and kept for the run (the target is
 * single-threaded); everything stays reachable, so leak checkers are quiet. */
static struct {
  const struct vet_countries *countries;
  struct vet_listset *ls;
  struct vet_index *ix;
  struct vet_searcher *s;
} fx;

static void add(uint32_t list, const char *id, enum vet_schema schema, const char *name, const char *alias,
                const char *dob, const char *country)
{
  struct vet_entity *en = vet_listset_entity(fx.ls, list, vet_str_c(id), true);
  if (!en)
    abort();
  en->schema = schema;
  vet_entity_add_name(fx.ls, en, vet_str_c(name), VET_NAME_PRIMARY);
  if (alias)
    vet_entity_add_name(fx.ls, en, vet_str_c(alias), list ? VET_NAME_ALIAS : VET_NAME_WEAK_ALIAS);
  if (dob) {
    struct vet_date d;
    if (vet_date_parse(vet_str_c(dob), &d) == VET_OK)
      vet_entity_add_date(fx.ls, en, &d);
  }
  if (country)
    vet_entity_add_country(fx.ls, en, vet_str_c(country), VET_COUNTRY_NATIONALITY);
}

static void build(void)
{
  fx.countries = fuzz_countries(); /* NULL is allowed: countries then fail to resolve */
  fx.ls = vet_listset_new(fx.countries);
  if (!fx.ls)
    abort();
  struct vet_list la = {.name = VET_LIT("list_a"), .date = VET_LIT("2024-05-03")};
  struct vet_list lb = {.name = VET_LIT("list_b"), .date = VET_LIT("2025-01-10")};
  if (vet_listset_add_list(fx.ls, &la) != 0 || vet_listset_add_list(fx.ls, &lb) != 1)
    abort();
  add(0, "A1", VET_SCHEMA_PERSON, "KIM, Jong Un", NULL, "1984-01-08", "North Korea");
  add(0, "A2", VET_SCHEMA_PERSON, "RI, Pyong Chol", "Ri Pyo’ng-ch’o’l", "1948", "KP");
  add(0, "A3", VET_SCHEMA_ORGANIZATION, "KANGBONG TRADING CORPORATION", "Kangbong", NULL, "DPRK");
  add(0, "A4", VET_SCHEMA_VESSEL, "OCEAN STAR 1", NULL, NULL, "Panama");
  add(1, "B1", VET_SCHEMA_PERSON, "KIM, Jong Un", "김정은", "1984-01-08", "KP");
  add(1, "B2", VET_SCHEMA_PERSON, "KHORASHADIZADEH, Ali", "Ali Khorashadi", "1979-09-21", "Iran");
  add(1, "B3", VET_SCHEMA_ORGANIZATION, "KOREA SOBAEKSU UNITED CORP.", NULL, NULL, "North Korea");
  add(1, "B4", VET_SCHEMA_PERSON, "ПЕТРОВ Иван Сергеевич", "Petrov Ivan", "circa 1970", "Russia");
  struct vet_entity *b2 = vet_listset_entity(fx.ls, 1, VET_LIT("B2"), false);
  vet_entity_add_ident(fx.ls, b2, VET_ID_EMAIL, VET_LIT("IranVisaCart@Yahoo.com"), VET_STR_NULL, VET_STR_NULL);
  vet_entity_add_ident(fx.ls, b2, VET_ID_PHONE, VET_LIT("+98 21 2290 4567"), VET_STR_NULL, VET_STR_NULL);
  vet_entity_add_ident(fx.ls, b2, VET_ID_CRYPTO, VET_LIT("1B2sYqDbMo3nBGsqjUgcgJd8KqtyAKEbsB"), VET_STR_NULL,
                       VET_LIT("XBT"));
  vet_entity_add_ident(fx.ls, b2, VET_ID_WEBSITE, VET_LIT("https://www.example-visa.ir/"), VET_STR_NULL,
                       VET_STR_NULL);
  vet_entity_add_ident(fx.ls, b2, VET_ID_PASSPORT, VET_LIT("X 1234 567"), VET_STR_NULL, VET_STR_NULL);
  struct vet_config c;
  vet_config_defaults(&c);
  if (vet_listset_freeze(fx.ls, NULL) || !(fx.ix = vet_index_build(fx.ls, &c.match, NULL)) ||
      !(fx.s = vet_searcher_new(fx.ix, NULL)))
    abort();
}

static void check(const struct vet_query *q, const struct vet_hits *h)
{
  const struct vet_match_config *cfg = vet_index_config(fx.ix);
  double thr = q->threshold >= 0 ? q->threshold : cfg->threshold;
  uint32_t limit = q->limit ? q->limit : cfg->limit;
  if (h->n > limit || h->candidates > cfg->max_candidates)
    abort();
  for (uint32_t i = 0; i < h->n; i++) {
    const struct vet_hit *x = &h->v[i];
    if (isnan(x->score) || x->score < thr || x->score > 1.0 || (i && x->score > h->v[i - 1].score))
      abort();
    if (x->entity < fx.ls->entities || x->entity >= fx.ls->entities + fx.ls->n_entities ||
        x->list != &fx.ls->lists[x->entity->list])
      abort();
    if (q->list_mask && !(q->list_mask & (1ull << x->entity->list)))
      abort();
    for (uint32_t k = 0; k < i; k++)
      if (h->v[k].entity == x->entity)
        abort();
    if (x->name ? (x->name < x->entity->names || x->name >= x->entity->names + x->entity->n_names)
                : x->ex.id_value.len == 0)
      abort();
    for (uint32_t k = 0; k < x->ex.n_align; k++)
      if (!(x->ex.align[k].sim > 0 && x->ex.align[k].sim <= 1))
        abort();
    for (uint32_t k = 0; k < x->ex.n_adj; k++)
      if (!(x->ex.adj[k].after >= 0 && x->ex.adj[k].after <= 1))
        abort();
    json_t *j = vet_hit_json(x);
    char *s = j ? json_dumps(j, JSON_COMPACT) : NULL;
    if (!s)
      abort();
    free(s);
    json_decref(j);
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  if (!fx.s)
    build();
  json_error_t je;
  json_t *o = json_loadb((const char *)data, size, JSON_DECODE_ANY | JSON_ALLOW_NUL, &je);
  if (!o)
    return 0;
  struct vet_query q;
  memset(&q, 0, sizeof q);
  q.threshold = -1;
  struct vet_error e;
  vet_error_clear(&e);
  vet_err rc = vet_query_from_json(o, fx.countries, &q, &e);
  if (rc != VET_OK) {
    if (rc != VET_EPARSE || e.code != rc || !e.msg[0])
      abort();
    json_decref(o);
    return 0;
  }
  /* screening options the record does not carry, taken from its size:
   * the default, everything down to 0 with a small limit, one list */
  struct vet_arena a;
  vet_arena_init(&a, 16 * 1024);
  for (int pass = 0; pass < 3; pass++) {
    q.threshold = pass == 1 ? 0.0 : -1;
    q.limit = pass == 1 ? 3 : 0;
    q.list_mask = pass == 2 ? 1ull << (size % 2) : 0;
    struct vet_hits h;
    rc = vet_screen(fx.s, &q, &a, &h, &e);
    if (rc == VET_OK)
      check(&q, &h);
    else if (rc != VET_EPARSE && rc != VET_ELIMIT && rc != VET_EINVAL)
      abort();
    vet_arena_reset(&a);
  }
  json_t *v = vet_lists_versions_json(fx.ls, q.list_mask);
  json_decref(v);
  vet_arena_release(&a);
  json_decref(o);
  return 0;
}
