/* lists/entity.c - the list set: the shared record sink every loader
 * feeds, identifier normalization, and freezing into an immutable set. */
#include <stdio.h>

#include "core/strmap.h"
#include "vetter/country.h"
#include "vetter/entity.h"

struct vet_idmap {
  struct vet_strmap map; /* "listindex\x1fid" -> entity index */
  struct vet_buf key;
};

const char *vet_schema_name(enum vet_schema s)
{
  static const char *const n[] = {"unknown", "person", "organization", "vessel", "aircraft"};
  return (size_t)s < VET_COUNTOF(n) ? n[s] : "unknown";
}

enum vet_schema vet_schema_parse(vet_str s)
{
  s = vet_str_trim(s);
  static const struct {
    const char *name;
    enum vet_schema schema;
  } t[] = {
      {"person", VET_SCHEMA_PERSON},        {"individual", VET_SCHEMA_PERSON},
      {"organization", VET_SCHEMA_ORGANIZATION}, {"organisation", VET_SCHEMA_ORGANIZATION},
      {"entity", VET_SCHEMA_ORGANIZATION},  {"company", VET_SCHEMA_ORGANIZATION},
      {"legalentity", VET_SCHEMA_ORGANIZATION}, {"org", VET_SCHEMA_ORGANIZATION},
      {"vessel", VET_SCHEMA_VESSEL},        {"ship", VET_SCHEMA_VESSEL},
      {"aircraft", VET_SCHEMA_AIRCRAFT},    {"airplane", VET_SCHEMA_AIRCRAFT},
  };
  for (size_t i = 0; i < VET_COUNTOF(t); i++)
    if (vet_str_ieq_c(s, t[i].name))
      return t[i].schema;
  return VET_SCHEMA_UNKNOWN;
}

const char *vet_name_kind_name(enum vet_name_kind k)
{
  static const char *const n[] = {"primary", "alias", "weak_alias", "former"};
  return (size_t)k < VET_COUNTOF(n) ? n[k] : "alias";
}

const char *vet_country_kind_name(enum vet_country_kind k)
{
  static const char *const n[] = {"nationality", "citizenship", "residence", "birth", "address", "jurisdiction", "other"};
  return (size_t)k < VET_COUNTOF(n) ? n[k] : "other";
}

const char *vet_id_kind_name(enum vet_id_kind k)
{
  static const char *const n[] = {"passport", "national_id", "tax_id", "registration", "email",
                                  "phone", "website", "crypto", "other"};
  return (size_t)k < VET_COUNTOF(n) ? n[k] : "other";
}

struct vet_listset *vet_listset_new(const struct vet_countries *countries)
{
  struct vet_listset *ls = calloc(1, sizeof *ls);
  if (!ls)
    return NULL;
  ls->ids = calloc(1, sizeof *ls->ids);
  if (!ls->ids) {
    free(ls);
    return NULL;
  }
  vet_strmap_init(&ls->ids->map);
  vet_buf_init(&ls->ids->key, 4096);
  vet_arena_init(&ls->arena, 1u << 20);
  ls->countries = countries;
  return ls;
}

static void free_entity(struct vet_entity *en)
{
  free(en->names);
  free(en->dates);
  free(en->countries);
  free(en->addresses);
  free(en->idents);
  free(en->programs);
}

static void free_idmap(struct vet_listset *ls)
{
  if (!ls->ids)
    return;
  vet_strmap_release(&ls->ids->map);
  vet_buf_release(&ls->ids->key);
  free(ls->ids);
  ls->ids = NULL;
}

void vet_listset_free(struct vet_listset *ls)
{
  if (!ls)
    return;
  if (ls->image) {
    free(ls->image); /* match/snapshot.c's: everything */
    free(ls);
    return;
  }
  for (uint32_t i = 0; i < ls->n_entities; i++)
    free_entity(&ls->entities[i]);
  free(ls->entities);
  free(ls->lists);
  free_idmap(ls);
  vet_arena_release(&ls->arena);
  free(ls);
}

size_t vet_listset_name_count(const struct vet_listset *ls)
{
  size_t n = 0;
  for (uint32_t i = 0; i < ls->n_entities; i++)
    n += ls->entities[i].n_names;
  return n;
}

const struct vet_entity *vet_listset_find(const struct vet_listset *ls, vet_str list, vet_str id)
{
  for (uint32_t l = 0; l < ls->n_lists; l++) {
    if (!vet_str_eq(ls->lists[l].name, list))
      continue;
    for (uint32_t i = 0; i < ls->n_entities; i++)
      if (ls->entities[i].list == l && vet_str_eq(ls->entities[i].id, id))
        return &ls->entities[i];
  }
  return NULL;
}

static vet_str dup(struct vet_listset *ls, vet_str s) { return vet_arena_strdup(&ls->arena, s); }

int vet_listset_add_list(struct vet_listset *ls, const struct vet_list *meta)
{
  struct vet_list *l = vet_vec_push(&ls->lists, &ls->n_lists, &ls->cap_lists, sizeof *l);
  if (!l)
    return -1;
  l->name = dup(ls, meta->name);
  l->title = dup(ls, meta->title);
  l->format = dup(ls, meta->format);
  l->path = dup(ls, meta->path);
  l->date = dup(ls, meta->date);
  l->publisher = dup(ls, meta->publisher);
  l->licence = dup(ls, meta->licence);
  l->url = dup(ls, meta->url);
  if (!l->name.ptr || !l->title.ptr || !l->format.ptr || !l->path.ptr || !l->date.ptr || !l->publisher.ptr ||
      !l->licence.ptr || !l->url.ptr)
    return -1;
  return (int)(ls->n_lists - 1);
}

/* The loading map's key of (list, id) in k. */
static vet_err id_key(struct vet_buf *k, uint32_t list, vet_str id)
{
  vet_buf_reset(k);
  if (vet_buf_appendf(k, "%u\x1f", list) || vet_buf_append(k, id))
    return VET_ENOMEM;
  return VET_OK;
}

struct vet_entity *vet_listset_entity(struct vet_listset *ls, uint32_t list, vet_str id, bool create)
{
  if (ls->frozen || !ls->ids)
    return NULL;
  struct vet_buf *k = &ls->ids->key;
  if (id_key(k, list, id))
    return NULL;
  uint32_t *v = vet_strmap_get(&ls->ids->map, vet_buf_str(k));
  if (v)
    return &ls->entities[*v];
  if (!create)
    return NULL;
  vet_str key = dup(ls, vet_buf_str(k));
  if (!key.ptr)
    return NULL;
  struct vet_entity *en = vet_vec_push(&ls->entities, &ls->n_entities, &ls->cap_entities, sizeof *en);
  if (!en)
    return NULL;
  en->list = list;
  en->id = (vet_str){key.ptr + (key.len - id.len), id.len};
  if (!vet_strmap_put(&ls->ids->map, key, ls->n_entities - 1, NULL)) {
    ls->n_entities--;
    return NULL;
  }
  return en;
}

vet_err vet_listset_absorb(struct vet_listset *ls, struct vet_listset *from)
{
  if (ls->frozen || from->frozen || !ls->ids)
    return VET_EINVAL;
  uint32_t base = ls->n_lists, first = ls->n_entities;
  if (from->n_lists > UINT32_MAX - base || from->n_entities > UINT32_MAX - first)
    return VET_ENOMEM;
  /* room first, so that nothing fails halfway */
  uint32_t nl = base + from->n_lists, ne = first + from->n_entities;
  if (!vet_vec_reserve(&ls->lists, &ls->cap_lists, nl, sizeof *ls->lists) ||
      !vet_vec_reserve(&ls->entities, &ls->cap_entities, ne, sizeof *ls->entities))
    return VET_ENOMEM;
  /* the loading map's keys name the list by its index: the absorbed
   * entities are keyed again under their new one, in a new map that
   * replaces the old one only when complete */
  struct vet_strmap map;
  vet_strmap_init(&map);
  struct vet_arena keys;
  vet_arena_init(&keys, 64 * 1024);
  const struct vet_strmap *old = &ls->ids->map;
  vet_err rc = VET_OK;
  for (size_t i = 0; i < old->cap && !rc; i++) {
    const struct vet_strmap_slot *x = &old->slots[i];
    if (old->tags[i] && !vet_strmap_put(&map, (vet_str){x->key, x->len}, x->value, NULL))
      rc = VET_ENOMEM;
  }
  for (uint32_t k = 0; k < from->n_entities && !rc; k++) {
    const struct vet_entity *en = &from->entities[k];
    vet_str key = VET_STR_NULL;
    if (id_key(&ls->ids->key, base + en->list, en->id) ||
        !(key = vet_arena_strdup(&keys, vet_buf_str(&ls->ids->key))).ptr ||
        !vet_strmap_put(&map, key, first + k, NULL))
      rc = VET_ENOMEM;
  }
  if (rc) {
    vet_strmap_release(&map);
    vet_arena_release(&keys);
    return rc;
  }
  vet_strmap_release(&ls->ids->map);
  ls->ids->map = map;
  memcpy(ls->lists + base, from->lists, (size_t)from->n_lists * sizeof *ls->lists);
  for (uint32_t i = 0; i < from->n_entities; i++) {
    ls->entities[first + i] = from->entities[i];
    ls->entities[first + i].list += base;
  }
  ls->n_lists = nl;
  ls->n_entities = ne;
  from->n_lists = from->n_entities = 0;
  vet_arena_adopt(&ls->arena, &keys);
  vet_arena_adopt(&ls->arena, &from->arena);
  return VET_OK;
}

static bool empty_value(vet_str s)
{
  s = vet_str_trim(s);
  return s.len == 0 || vet_str_eq_c(s, "-0-");
}

/* A rough ISO 15924 guess from the first letter outside ASCII. */
static void guess_script(vet_str s, char out[5])
{
  size_t i = 0;
  const char *sc = "Latn";
  while (i < s.len) {
    int32_t cp = vet_utf8_next(s, &i);
    if (cp < 0x80 || (cp >= 0x2000 && cp <= 0x206F) || (cp >= 0x02B0 && cp <= 0x02FF))
      continue; /* punctuation (’ “ „) and modifier letters (ʻ) belong to no script */
    if (cp >= 0x0400 && cp <= 0x052F) sc = "Cyrl";
    else if (cp >= 0x0370 && cp <= 0x03FF) sc = "Grek";
    else if (cp >= 0x0590 && cp <= 0x05FF) sc = "Hebr";
    else if ((cp >= 0x0600 && cp <= 0x06FF) || (cp >= 0x0750 && cp <= 0x077F) || (cp >= 0xFB50 && cp <= 0xFEFF)) sc = "Arab";
    else if ((cp >= 0xAC00 && cp <= 0xD7AF) || (cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0x3130 && cp <= 0x318F)) sc = "Hang";
    else if ((cp >= 0x3040 && cp <= 0x30FF)) sc = "Kana";
    else if ((cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF)) sc = "Hani";
    else if (cp >= 0x0E00 && cp <= 0x0E7F) sc = "Thai";
    else if (cp >= 0x0900 && cp <= 0x097F) sc = "Deva";
    else if (cp >= 0x10A0 && cp <= 0x10FF) sc = "Geor";
    else if (cp >= 0x0530 && cp <= 0x058F) sc = "Armn";
    else if (cp <= 0x024F || (cp >= 0x1E00 && cp <= 0x1EFF)) continue; /* Latin with diacritics */
    else sc = "Zyyy";
    break;
  }
  memcpy(out, sc, 5);
}

vet_err vet_entity_add_name(struct vet_listset *ls, struct vet_entity *en, vet_str text, enum vet_name_kind kind)
{
  text = vet_str_trim(text);
  if (empty_value(text))
    return VET_OK;
  for (uint32_t i = 0; i < en->n_names; i++)
    if (vet_str_eq(en->names[i].text, text))
      return VET_OK; /* the same spelling twice adds nothing */
  struct vet_name *n = vet_vec_push(&en->names, &en->n_names, &en->cap_names, sizeof *n);
  if (!n)
    return VET_ENOMEM;
  n->text = dup(ls, text);
  if (!n->text.ptr)
    return VET_ENOMEM;
  n->kind = kind;
  guess_script(text, n->script);
  /* keep the primary name first */
  if (kind == VET_NAME_PRIMARY && en->n_names > 1 && en->names[0].kind != VET_NAME_PRIMARY) {
    struct vet_name t = en->names[0];
    en->names[0] = *n;
    *n = t;
  }
  return VET_OK;
}

vet_err vet_entity_add_date(struct vet_listset *ls, struct vet_entity *en, const struct vet_date *d)
{
  (void)ls;
  if (!d->year)
    return VET_OK;
  for (uint32_t i = 0; i < en->n_dates; i++)
    if (!memcmp(&en->dates[i], d, sizeof *d))
      return VET_OK;
  struct vet_date *p = vet_vec_push(&en->dates, &en->n_dates, &en->cap_dates, sizeof *p);
  if (!p)
    return VET_ENOMEM;
  *p = *d;
  return VET_OK;
}

static void resolve_country(const struct vet_listset *ls, vet_str raw, char out[8])
{
  out[0] = 0;
  if (empty_value(raw))
    return;
  const char *c = vet_country_resolve(ls->countries, raw);
  if (c) {
    size_t n = strlen(c);
    if (n < 8)
      memcpy(out, c, n + 1);
  }
}

vet_err vet_entity_add_country(struct vet_listset *ls, struct vet_entity *en, vet_str raw, enum vet_country_kind kind)
{
  char code[8];
  resolve_country(ls, raw, code);
  if (!code[0])
    return VET_OK;
  for (uint32_t i = 0; i < en->n_countries; i++)
    if (en->countries[i].kind == kind && !strcmp(en->countries[i].code, code))
      return VET_OK;
  struct vet_country *c = vet_vec_push(&en->countries, &en->n_countries, &en->cap_countries, sizeof *c);
  if (!c)
    return VET_ENOMEM;
  memcpy(c->code, code, sizeof code);
  c->kind = kind;
  return VET_OK;
}

vet_err vet_entity_add_address(struct vet_listset *ls, struct vet_entity *en, vet_str text, vet_str country_raw)
{
  text = vet_str_trim(text);
  char code[8];
  resolve_country(ls, country_raw, code);
  if (empty_value(text) && !code[0])
    return VET_OK;
  struct vet_address *a = vet_vec_push(&en->addresses, &en->n_addresses, &en->cap_addresses, sizeof *a);
  if (!a)
    return VET_ENOMEM;
  a->text = dup(ls, empty_value(text) ? VET_LIT("") : text);
  if (!a->text.ptr)
    return VET_ENOMEM;
  memcpy(a->country, code, sizeof code);
  if (code[0])
    return vet_entity_add_country(ls, en, country_raw, VET_COUNTRY_ADDRESS);
  return VET_OK;
}

vet_err vet_entity_add_ident(struct vet_listset *ls, struct vet_entity *en, enum vet_id_kind kind, vet_str value,
                             vet_str country_raw, vet_str currency)
{
  value = vet_str_trim(value);
  if (empty_value(value))
    return VET_OK;
  vet_str norm = vet_ident_normalize(&ls->arena, kind, value);
  if (!norm.ptr)
    return VET_ENOMEM;
  if (norm.len == 0)
    return VET_OK;
  for (uint32_t i = 0; i < en->n_idents; i++)
    if (en->idents[i].kind == kind && vet_str_eq(en->idents[i].norm, norm))
      return VET_OK;
  struct vet_ident *id = vet_vec_push(&en->idents, &en->n_idents, &en->cap_idents, sizeof *id);
  if (!id)
    return VET_ENOMEM;
  id->kind = kind;
  id->value = dup(ls, value);
  id->norm = norm;
  id->currency = dup(ls, vet_str_trim(currency));
  if (!id->value.ptr || !id->currency.ptr)
    return VET_ENOMEM;
  resolve_country(ls, country_raw, id->country);
  return VET_OK;
}

vet_err vet_entity_add_program(struct vet_listset *ls, struct vet_entity *en, vet_str program)
{
  program = vet_str_trim(program);
  if (empty_value(program))
    return VET_OK;
  for (uint32_t i = 0; i < en->n_programs; i++)
    if (vet_str_eq(en->programs[i], program))
      return VET_OK;
  vet_str *p = vet_vec_push(&en->programs, &en->n_programs, &en->cap_programs, sizeof *p);
  if (!p)
    return VET_ENOMEM;
  *p = dup(ls, program);
  return p->ptr ? VET_OK : VET_ENOMEM;
}

vet_err vet_entity_add_remarks(struct vet_listset *ls, struct vet_entity *en, vet_str text)
{
  text = vet_str_trim(text);
  if (empty_value(text))
    return VET_OK;
  if (en->remarks.len == 0) {
    en->remarks = dup(ls, text);
    return en->remarks.ptr ? VET_OK : VET_ENOMEM;
  }
  char *p = vet_arena_alloc(&ls->arena, en->remarks.len + 2 + text.len + 1);
  if (!p)
    return VET_ENOMEM;
  memcpy(p, en->remarks.ptr, en->remarks.len);
  memcpy(p + en->remarks.len, "; ", 2);
  memcpy(p + en->remarks.len + 2, text.ptr, text.len);
  p[en->remarks.len + 2 + text.len] = 0;
  en->remarks = (vet_str){p, en->remarks.len + 2 + text.len};
  return VET_OK;
}

vet_err vet_listset_freeze(struct vet_listset *ls, struct vet_error *e)
{
  if (ls->frozen)
    return VET_OK;
  uint32_t w = 0;
  for (uint32_t i = 0; i < ls->n_entities; i++) {
    struct vet_entity *en = &ls->entities[i];
    if (en->n_names == 0) { /* orphan rows (an add.csv line with no sdn.csv entry) */
      free_entity(en);
      continue;
    }
    ls->entities[w++] = *en;
  }
  ls->n_entities = w;
  /* group by list, keeping load order inside each list */
  struct vet_entity *sorted = malloc(sizeof *sorted * (w ? w : 1));
  if (!sorted)
    return vet_fail(e, VET_ENOMEM, "out of memory freezing lists");
  uint32_t pos = 0;
  for (uint32_t l = 0; l < ls->n_lists; l++) {
    ls->lists[l].first_entity = pos;
    uint32_t c = 0;
    for (uint32_t i = 0; i < w; i++)
      if (ls->entities[i].list == l) {
        sorted[pos++] = ls->entities[i];
        c++;
      }
    ls->lists[l].n_entities = c;
  }
  free(ls->entities);
  ls->entities = sorted;
  ls->cap_entities = w;
  free_idmap(ls);
  ls->frozen = true;
  return VET_OK;
}
