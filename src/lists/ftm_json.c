/* lists/ftm_json.c - the loader of FollowTheMoney JSON lines (OpenSanctions
 * entities.ftm.json): one entity object per line, {id, caption, schema,
 * properties{name: [..], ..}, referents, datasets, last_change}.
 *
 * "Thing" schemas (Person, Organization, Company, LegalEntity, PublicBody,
 * Vessel, Airplane) become entities.  Some other schemas describe a thing
 * from the side and are folded into it once the whole file is read, since
 * they may come before or after it: Address (through the thing's
 * addressEntity), Sanction (its programs), Identification and Passport
 * (documents of their holder) and CryptoWallet (its public key).  They
 * point at a thing by its id or by one of its referents (ids it was merged
 * from), so both are indexed.  Everything else (Family, Occupancy,
 * Position, ...) is skipped.  The list date is the newest last_change. */
#include <jansson.h>
#include <stdio.h>

#include "core/strmap.h"
#include "io/file.h"
#include "lists/loaders.h"
#include "vetter/country.h"
#include "vetter/date.h"

/* A fact about a thing, from another entity, applied at the end. */
enum link_kind { L_ADDRESS, L_PROGRAM, L_IDENT, L_CRYPTO };

struct link {
  enum link_kind kind;
  uint32_t entity;     /* L_ADDRESS: the thing's index; else UINT32_MAX */
  vet_str target;      /* L_ADDRESS: the Address id; else the holder id */
  vet_str value;       /* program, document number or public key */
  vet_str country;     /* document country */
  vet_str currency;    /* crypto */
  enum vet_id_kind id_kind;
};

struct addr {
  vet_str text;
  vet_str country;
};

struct ftm {
  struct vet_listset *ls;
  uint32_t list;
  const char *path;
  size_t line;
  struct vet_arena tmp;     /* strings of links, addresses and index keys */
  struct vet_strmap things; /* id or referent -> entity index */
  struct vet_strmap addrs;  /* Address id or referent -> index into addr */
  struct addr *addr;
  uint32_t n_addr, cap_addr;
  struct link *links;
  uint32_t n_links, cap_links;
  struct vet_buf buf;
  char newest[11];          /* newest last_change date, "" when none */
};

/* ---- properties: arrays of strings, though some exports write a bare string ---- */

static size_t prop_count(json_t *props, const char *key, json_t **v)
{
  *v = json_object_get(props, key);
  if (json_is_array(*v))
    return json_array_size(*v);
  return json_is_string(*v) ? 1 : 0;
}

static vet_str prop_at(json_t *v, size_t i)
{
  json_t *s = json_is_array(v) ? json_array_get(v, i) : v;
  if (!json_is_string(s))
    return VET_LIT("");
  return vet_str_trim((vet_str){json_string_value(s), json_string_length(s)});
}

static vet_str prop_first(json_t *props, const char *key)
{
  json_t *v;
  return prop_count(props, key, &v) ? prop_at(v, 0) : VET_LIT("");
}

/* The non-empty values of a property, one at a time:
 *   struct prop_iter it = prop_iter(props, "name");
 *   while (prop_next(&it)) use(it.v); */
struct prop_iter {
  json_t *arr;
  size_t i, n;
  vet_str v;
};

static struct prop_iter prop_iter(json_t *props, const char *key)
{
  struct prop_iter it = {0};
  it.n = prop_count(props, key, &it.arr);
  return it;
}

/* Advance to the next non-empty value; false at the end. */
static bool prop_next(struct prop_iter *it)
{
  while (it->i < it->n) {
    it->v = prop_at(it->arr, it->i++);
    if (it->v.len)
      return true;
  }
  return false;
}

static vet_str tmp_dup(struct ftm *f, vet_str s)
{
  return vet_arena_strdup(&f->tmp, s);
}

static const char *resolve(const struct ftm *f, vet_str raw)
{
  return f->ls->countries ? vet_country_resolve(f->ls->countries, raw) : NULL;
}

/* "Street 1, Minsk, Belarus": the country is the last part when it resolves. */
static const char *address_country(const struct ftm *f, vet_str text)
{
  for (size_t i = text.len; i > 0; i--)
    if (text.ptr[i - 1] == ',')
      return resolve(f, vet_str_trim(vet_str_sub(text, i, text.len)));
  return NULL;
}

/* "Riyadh, Saudi Arabia", "BELARUS, Komsomolskaya", "Saudi Arabia" */
static const char *place_country(const struct ftm *f, vet_str text)
{
  const char *c = resolve(f, text);
  if (!c)
    c = address_country(f, text);
  for (size_t i = 0; !c && i < text.len; i++)
    if (text.ptr[i] == ',')
      c = resolve(f, vet_str_trim(vet_str_sub(text, 0, i)));
  return c;
}

static enum vet_schema thing_schema(vet_str schema)
{
  if (vet_str_eq_c(schema, "PublicBody"))
    return VET_SCHEMA_ORGANIZATION;
  if (vet_str_eq_c(schema, "Person") || vet_str_eq_c(schema, "Organization") || vet_str_eq_c(schema, "Company") ||
      vet_str_eq_c(schema, "LegalEntity") || vet_str_eq_c(schema, "Vessel") || vet_str_eq_c(schema, "Airplane"))
    return vet_schema_parse(schema);
  return VET_SCHEMA_UNKNOWN;
}

static vet_err fail_oom(struct ftm *f, struct vet_error *e)
{
  return vet_fail(e, VET_ENOMEM, "%s:%zu: out of memory", f->path, f->line);
}

/* Index key (id or referent) -> value; the first one wins. */
static vet_err index_key(struct ftm *f, struct vet_strmap *m, vet_str key, uint32_t value)
{
  if (!key.len || vet_strmap_get(m, key))
    return VET_OK;
  vet_str k = tmp_dup(f, key);
  if (!k.ptr || !vet_strmap_put(m, k, value, NULL))
    return VET_ENOMEM;
  return VET_OK;
}

static vet_err index_referents(struct ftm *f, struct vet_strmap *m, json_t *obj, vet_str id, uint32_t value)
{
  vet_err rc = index_key(f, m, id, value);
  json_t *refs = json_object_get(obj, "referents");
  size_t i;
  json_t *r;
  json_array_foreach(refs, i, r)
  {
    if (rc)
      break;
    if (json_is_string(r))
      rc = index_key(f, m, (vet_str){json_string_value(r), json_string_length(r)}, value);
  }
  return rc;
}

static struct link *new_link(struct ftm *f, enum link_kind kind, vet_str target)
{
  struct link *l = vet_vec_push(&f->links, &f->n_links, &f->cap_links, sizeof *l);
  if (!l)
    return NULL;
  l->kind = kind;
  l->entity = UINT32_MAX;
  l->target = tmp_dup(f, target);
  return l->target.ptr ? l : NULL;
}

/* ---- the side entities ---- */

static vet_err on_address(struct ftm *f, json_t *obj, vet_str id, json_t *props)
{
  vet_str full = prop_first(props, "full");
  vet_buf_reset(&f->buf);
  vet_err rc = vet_buf_append_c(&f->buf, "");
  if (full.len) {
    rc = vet_buf_append(&f->buf, full);
  } else {
    static const char *const parts[] = {"remarks", "street", "street2", "postalCode", "city", "region", "state"};
    for (size_t i = 0; i < VET_COUNTOF(parts) && !rc; i++) {
      vet_str p = prop_first(props, parts[i]);
      if (!p.len)
        continue;
      if (f->buf.len)
        rc = vet_buf_append_c(&f->buf, ", ");
      if (!rc)
        rc = vet_buf_append(&f->buf, p);
    }
  }
  if (rc)
    return rc == VET_ELIMIT ? VET_OK : rc;
  struct addr *a = vet_vec_push(&f->addr, &f->n_addr, &f->cap_addr, sizeof *a);
  if (!a)
    return VET_ENOMEM;
  a->text = tmp_dup(f, vet_buf_str(&f->buf));
  a->country = tmp_dup(f, prop_first(props, "country"));
  if (!a->text.ptr || !a->country.ptr)
    return VET_ENOMEM;
  return index_referents(f, &f->addrs, obj, id, f->n_addr - 1);
}

/* Sanction (entity -> programs), Identification/Passport (holder ->
 * number), CryptoWallet (holder -> publicKey). */
static vet_err on_side(struct ftm *f, vet_str schema, json_t *props)
{
  bool sanction = vet_str_eq_c(schema, "Sanction");
  bool wallet = vet_str_eq_c(schema, "CryptoWallet");
  bool passport = vet_str_eq_c(schema, "Passport");
  if (!sanction && !wallet && !passport && !vet_str_eq_c(schema, "Identification"))
    return VET_OK;
  vet_str country = prop_first(props, "country"), type = prop_first(props, "type");
  vet_str currency = prop_first(props, "currency");
  enum vet_id_kind kind = VET_ID_NATIONAL_ID;
  if (passport || vet_str_find(type, "passport", true) != SIZE_MAX)
    kind = VET_ID_PASSPORT;
  else if (vet_str_find(type, "tax", true) != SIZE_MAX)
    kind = VET_ID_TAX_ID;
  /* a Sanction names its programs by id when it can, else by text */
  const char *values = sanction ? "programId" : wallet ? "publicKey" : "number";
  if (sanction && !prop_first(props, values).len)
    values = "program";
  struct prop_iter t = prop_iter(props, sanction ? "entity" : "holder");
  while (prop_next(&t)) {
    struct prop_iter v = prop_iter(props, values);
    while (prop_next(&v)) {
      struct link *l = new_link(f, sanction ? L_PROGRAM : wallet ? L_CRYPTO : L_IDENT, t.v);
      if (!l || !(l->value = tmp_dup(f, v.v)).ptr || !(l->country = tmp_dup(f, country)).ptr ||
          !(l->currency = tmp_dup(f, currency)).ptr)
        return VET_ENOMEM;
      l->id_kind = kind;
    }
  }
  return VET_OK;
}

/* ---- things ---- */

struct prop_map {
  const char *key;
  int what;  /* see below */
  int kind;  /* name, country or id kind */
};

enum { P_NAME, P_DATE, P_COUNTRY, P_IDENT, P_ADDRESS, P_REMARK };

static const struct prop_map thing_props[] = {
    {"name", P_NAME, VET_NAME_ALIAS},
    {"alias", P_NAME, VET_NAME_ALIAS},
    {"weakAlias", P_NAME, VET_NAME_WEAK_ALIAS},
    {"previousName", P_NAME, VET_NAME_FORMER},
    {"birthDate", P_DATE, 0},
    {"incorporationDate", P_DATE, 0},
    {"buildDate", P_DATE, 0},
    {"nationality", P_COUNTRY, VET_COUNTRY_NATIONALITY},
    {"citizenship", P_COUNTRY, VET_COUNTRY_CITIZENSHIP},
    {"birthCountry", P_COUNTRY, VET_COUNTRY_BIRTH},
    {"country", P_COUNTRY, VET_COUNTRY_OTHER},
    {"mainCountry", P_COUNTRY, VET_COUNTRY_OTHER},
    {"jurisdiction", P_COUNTRY, VET_COUNTRY_JURISDICTION},
    {"flag", P_COUNTRY, VET_COUNTRY_JURISDICTION},
    {"passportNumber", P_IDENT, VET_ID_PASSPORT},
    {"idNumber", P_IDENT, VET_ID_NATIONAL_ID},
    {"taxNumber", P_IDENT, VET_ID_TAX_ID},
    {"innCode", P_IDENT, VET_ID_TAX_ID},
    {"vatCode", P_IDENT, VET_ID_TAX_ID},
    {"registrationNumber", P_IDENT, VET_ID_REGISTRATION},
    {"ogrnCode", P_IDENT, VET_ID_REGISTRATION},
    {"leiCode", P_IDENT, VET_ID_REGISTRATION},
    {"okpoCode", P_IDENT, VET_ID_REGISTRATION},
    {"swiftBic", P_IDENT, VET_ID_REGISTRATION},
    {"dunsCode", P_IDENT, VET_ID_REGISTRATION},
    {"imoNumber", P_IDENT, VET_ID_REGISTRATION},
    {"mmsi", P_IDENT, VET_ID_REGISTRATION},
    {"icaoCode", P_IDENT, VET_ID_REGISTRATION},
    {"email", P_IDENT, VET_ID_EMAIL},
    {"phone", P_IDENT, VET_ID_PHONE},
    {"website", P_IDENT, VET_ID_WEBSITE},
    {"address", P_ADDRESS, 0},
    {"position", P_REMARK, 0},
    {"title", P_REMARK, 0},
    {"notes", P_REMARK, 0},
};

static vet_err add_labelled(struct ftm *f, struct vet_entity *en, const char *label, vet_str text)
{
  vet_buf_reset(&f->buf);
  vet_err rc = vet_buf_append_c(&f->buf, label);
  if (!rc)
    rc = vet_buf_append_c(&f->buf, ": ");
  if (!rc)
    rc = vet_buf_append(&f->buf, text);
  if (rc)
    return rc == VET_ELIMIT ? VET_OK : rc;
  return vet_entity_add_remarks(f->ls, en, vet_buf_str(&f->buf));
}

static vet_err add_prefixed_program(struct ftm *f, struct vet_entity *en, const char *prefix, vet_str v)
{
  vet_buf_reset(&f->buf);
  vet_err rc = vet_buf_append_c(&f->buf, prefix);
  if (!rc)
    rc = vet_buf_append(&f->buf, v);
  if (rc)
    return rc == VET_ELIMIT ? VET_OK : rc;
  return vet_entity_add_program(f->ls, en, vet_buf_str(&f->buf));
}

static vet_err on_thing(struct ftm *f, json_t *obj, vet_str id, enum vet_schema schema, json_t *props)
{
  struct vet_listset *ls = f->ls;
  struct vet_entity *en = vet_listset_entity(ls, f->list, id, true);
  if (!en)
    return VET_ENOMEM;
  uint32_t idx = (uint32_t)(en - ls->entities);
  if (en->schema == VET_SCHEMA_UNKNOWN)
    en->schema = schema;
  vet_err rc = index_referents(f, &f->things, obj, id, idx);
  /* the caption is the name FtM displays: it leads */
  json_t *cap = json_object_get(obj, "caption");
  if (!rc && json_is_string(cap))
    rc = vet_entity_add_name(ls, en, (vet_str){json_string_value(cap), json_string_length(cap)},
                             VET_NAME_PRIMARY);
  for (size_t i = 0; i < VET_COUNTOF(thing_props) && !rc; i++) {
    const struct prop_map *pm = &thing_props[i];
    struct prop_iter it = prop_iter(props, pm->key);
    while (!rc && prop_next(&it)) {
      vet_str v = it.v;
      switch (pm->what) {
      case P_NAME: {
        enum vet_name_kind k = (enum vet_name_kind)pm->kind;
        if (en->n_names == 0 && k == VET_NAME_ALIAS)
          k = VET_NAME_PRIMARY; /* no caption: the first name leads */
        rc = vet_entity_add_name(ls, en, v, k);
        break;
      }
      case P_DATE: {
        struct vet_date d;
        if (v.len > 10 && v.ptr[10] == 'T') /* "2001-05-03T00:00:00" */
          v.len = 10;
        if (vet_date_parse(v, &d) == VET_OK)
          rc = vet_entity_add_date(ls, en, &d);
        break;
      }
      case P_COUNTRY:
        rc = vet_entity_add_country(ls, en, v, (enum vet_country_kind)pm->kind);
        break;
      case P_IDENT:
        rc = vet_entity_add_ident(ls, en, (enum vet_id_kind)pm->kind, v, VET_LIT(""), VET_LIT(""));
        break;
      case P_ADDRESS: {
        const char *c = address_country(f, v);
        rc = vet_entity_add_address(ls, en, v, c ? vet_str_c(c) : VET_LIT(""));
        break;
      }
      case P_REMARK:
        if (!strcmp(pm->key, "notes"))
          rc = vet_entity_add_remarks(ls, en, v);
        else
          rc = add_labelled(f, en, !strcmp(pm->key, "position") ? "Position" : "Title", v);
        break;
      }
    }
  }
  /* "Riyadh, Saudi Arabia": a country when the place is or ends with one */
  struct prop_iter it = prop_iter(props, "birthPlace");
  while (!rc && prop_next(&it)) {
    const char *c = place_country(f, it.v);
    if (c)
      rc = vet_entity_add_country(ls, en, vet_str_c(c), VET_COUNTRY_BIRTH);
    if (!rc)
      rc = add_labelled(f, en, "Place of birth", it.v);
  }
  it = prop_iter(props, "gender");
  while (!en->gender && prop_next(&it))
    en->gender = vet_str_ieq_c(it.v, "male") ? 'M' : vet_str_ieq_c(it.v, "female") ? 'F' : 0;
  static const struct {
    const char *key, *prefix;
  } progs[] = {{"program", ""}, {"programId", ""}, {"topics", "topic:"}};
  for (size_t i = 0; i < VET_COUNTOF(progs) && !rc; i++) {
    it = prop_iter(props, progs[i].key);
    while (!rc && prop_next(&it))
      rc = add_prefixed_program(f, en, progs[i].prefix, it.v);
  }
  json_t *ds = json_object_get(obj, "datasets");
  size_t i;
  json_t *d;
  json_array_foreach(ds, i, d)
  {
    if (!rc && json_is_string(d))
      rc = add_prefixed_program(f, en, "dataset:", (vet_str){json_string_value(d), json_string_length(d)});
  }
  it = prop_iter(props, "addressEntity");
  while (!rc && prop_next(&it)) {
    struct link *l = new_link(f, L_ADDRESS, it.v);
    if (!l)
      return VET_ENOMEM;
    l->entity = idx;
  }
  return rc;
}

static vet_err on_line(struct ftm *f, const char *p, size_t len, struct vet_error *e)
{
  json_error_t je;
  json_t *obj = json_loadb(p, len, 0, &je);
  if (!obj)
    return vet_fail(e, VET_EPARSE, "%s:%zu: %s", f->path, f->line, je.text);
  vet_err rc = VET_OK;
  json_t *jid = json_object_get(obj, "id"), *jschema = json_object_get(obj, "schema");
  if (!json_is_object(obj)) {
    rc = vet_fail(e, VET_EPARSE, "%s:%zu: expected an entity object", f->path, f->line);
    goto done;
  }
  if (!json_is_string(jid) || !json_string_length(jid)) {
    rc = vet_fail(e, VET_EPARSE, "%s:%zu: field 'id': expected a string", f->path, f->line);
    goto done;
  }
  if (!json_is_string(jschema)) {
    rc = vet_fail(e, VET_EPARSE, "%s:%zu: field 'schema': expected a string", f->path, f->line);
    goto done;
  }
  vet_str id = vet_str_trim((vet_str){json_string_value(jid), json_string_length(jid)});
  vet_str schema = {json_string_value(jschema), json_string_length(jschema)};
  json_t *props = json_object_get(obj, "properties");
  if (!json_is_object(props))
    props = NULL; /* json_object_get(NULL, ..) is NULL: no properties */
  json_t *lc = json_object_get(obj, "last_change");
  if (json_is_string(lc) && json_string_length(lc) >= 10) {
    const char *s = json_string_value(lc);
    struct vet_date d;
    if (vet_date_parse((vet_str){s, 10}, &d) == VET_OK && d.day && memcmp(s, f->newest, 10) > 0) {
      memcpy(f->newest, s, 10);
      f->newest[10] = 0;
    }
  }
  enum vet_schema ts = thing_schema(schema);
  if (ts != VET_SCHEMA_UNKNOWN)
    rc = on_thing(f, obj, id, ts, props);
  else if (vet_str_eq_c(schema, "Address"))
    rc = on_address(f, obj, id, props);
  else
    rc = on_side(f, schema, props);
  if (rc)
    rc = fail_oom(f, e);
done:
  json_decref(obj);
  return rc;
}

/* Fold the side entities into their things. */
static vet_err apply_links(struct ftm *f)
{
  vet_err rc = VET_OK;
  for (uint32_t i = 0; i < f->n_links && !rc; i++) {
    struct link *l = &f->links[i];
    if (l->kind == L_ADDRESS) {
      uint32_t *a = vet_strmap_get(&f->addrs, l->target);
      if (!a)
        continue;
      struct vet_entity *en = &f->ls->entities[l->entity];
      struct addr *ad = &f->addr[*a];
      const char *c = resolve(f, ad->country);
      if (!c)
        c = address_country(f, ad->text);
      bool dup = false;
      for (uint32_t k = 0; k < en->n_addresses && !dup; k++)
        dup = vet_str_eq(en->addresses[k].text, ad->text);
      if (!dup)
        rc = vet_entity_add_address(f->ls, en, ad->text, c ? vet_str_c(c) : VET_LIT(""));
      continue;
    }
    uint32_t *t = vet_strmap_get(&f->things, l->target);
    if (!t)
      continue; /* a holder outside this file, or not a thing */
    struct vet_entity *en = &f->ls->entities[*t];
    if (l->kind == L_PROGRAM)
      rc = vet_entity_add_program(f->ls, en, l->value);
    else if (l->kind == L_CRYPTO)
      rc = vet_entity_add_ident(f->ls, en, VET_ID_CRYPTO, l->value, VET_LIT(""), l->currency);
    else
      rc = vet_entity_add_ident(f->ls, en, l->id_kind, l->value, l->country, VET_LIT(""));
  }
  return rc;
}

vet_err vet_load_ftm_json(struct vet_listset *ls, uint32_t list, const char *path, struct vet_error *e)
{
  char *data;
  size_t len;
  vet_err rc = vet_file_read(path, VET_LIST_MAX_FILE, &data, &len, e);
  if (rc)
    return rc;
  struct ftm f = {.ls = ls, .list = list, .path = path};
  vet_arena_init(&f.tmp, 64 * 1024);
  vet_strmap_init(&f.things);
  vet_strmap_init(&f.addrs);
  vet_buf_init(&f.buf, 256u << 10);
  size_t i = 0;
  if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
    i = 3;
  while (i < len && !rc) {
    const char *nl = memchr(data + i, '\n', len - i);
    size_t end = nl ? (size_t)(nl - data) : len;
    f.line++;
    vet_str ln = vet_str_trim((vet_str){data + i, end - i});
    if (ln.len)
      rc = on_line(&f, ln.ptr, ln.len, e);
    i = end + 1;
  }
  if (!rc && apply_links(&f))
    rc = vet_fail(e, VET_ENOMEM, "%s: out of memory", path);
  if (!rc && f.newest[0] && vet_listset_set_date(ls, list, vet_str_c(f.newest)))
    rc = vet_fail(e, VET_ENOMEM, "%s: out of memory", path);
  vet_strmap_release(&f.things);
  vet_strmap_release(&f.addrs);
  vet_arena_release(&f.tmp);
  free(f.addr);
  free(f.links);
  vet_buf_release(&f.buf);
  free(data);
  return rc;
}
