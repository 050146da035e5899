/* io/json_out.c - JSON forms of hits, explanations and list versions,
 * and the batch query record read back from JSON. */
#include <math.h>
#include <time.h>

#include "core/common.h"
#include "vetter/date.h"
#include "vetter/json.h"

json_t *vet_json_time(int64_t t)
{
  time_t tt = (time_t)t;
  struct tm tm;
  char b[32];
  if (!gmtime_r(&tt, &tm) || !strftime(b, sizeof b, "%Y-%m-%dT%H:%M:%SZ", &tm))
    return json_null();
  return json_string(b);
}

json_t *vet_json_str(vet_str s)
{
  json_t *j = json_stringn(s.ptr ? s.ptr : "", s.len);
  return j ? j : json_null();
}

json_t *vet_json_score(double v) { return json_real(round(v * 10000.0) / 10000.0); }

json_t *vet_explain_json(const struct vet_explain *ex)
{
  json_t *o = json_object();
  json_object_set_new(o, "name_score", vet_json_score(ex->name_score));
  if (ex->id_value.len) {
    json_t *id = json_object();
    json_object_set_new(id, "kind", json_string(vet_id_kind_name(ex->id_kind)));
    json_object_set_new(id, "value", vet_json_str(ex->id_value));
    json_object_set_new(o, "identifier", id);
  }
  if (ex->n_align) {
    json_t *arr = json_array();
    for (uint32_t i = 0; i < ex->n_align; i++) {
      const struct vet_align *al = &ex->align[i];
      json_t *t = json_object();
      json_object_set_new(t, "query", vet_json_str(al->q));
      json_object_set_new(t, "list", vet_json_str(al->c));
      json_object_set_new(t, "sim", vet_json_score(al->sim));
      json_object_set_new(t, "weight", vet_json_score(al->weight));
      json_object_set_new(t, "how", json_string(al->how));
      json_array_append_new(arr, t);
    }
    json_object_set_new(o, "tokens", arr);
  }
  if (ex->n_q_unmatched || ex->n_align) {
    json_t *qu = json_array(), *cu = json_array();
    for (uint32_t i = 0; i < ex->n_q_unmatched; i++)
      json_array_append_new(qu, vet_json_str(ex->q_unmatched[i]));
    for (uint32_t i = 0; i < ex->n_c_unmatched; i++)
      json_array_append_new(cu, vet_json_str(ex->c_unmatched[i]));
    json_object_set_new(o, "unmatched_query", qu);
    json_object_set_new(o, "unmatched_list", cu);
  }
  if (ex->n_adj) {
    json_t *arr = json_array();
    for (uint32_t i = 0; i < ex->n_adj; i++) {
      const struct vet_adjust *a = &ex->adj[i];
      json_t *t = json_object();
      json_object_set_new(t, "rule", json_string(a->name));
      json_object_set_new(t, "result", json_string(a->result));
      if (a->query[0])
        json_object_set_new(t, "query", json_string(a->query));
      if (a->list[0])
        json_object_set_new(t, "list", json_string(a->list));
      json_object_set_new(t, "before", vet_json_score(a->before));
      json_object_set_new(t, "after", vet_json_score(a->after));
      json_array_append_new(arr, t);
    }
    json_object_set_new(o, "adjustments", arr);
  }
  return o;
}

json_t *vet_hit_json(const struct vet_hit *h)
{
  const struct vet_entity *en = h->entity;
  json_t *o = json_object();
  json_object_set_new(o, "list", vet_json_str(h->list->name));
  json_object_set_new(o, "entity_id", vet_json_str(en->id));
  json_object_set_new(o, "schema", json_string(vet_schema_name(en->schema)));
  json_object_set_new(o, "name", en->n_names ? vet_json_str(en->names[0].text) : json_null());
  json_object_set_new(o, "matched_name", h->name ? vet_json_str(h->name->text) : json_null());
  if (h->name)
    json_object_set_new(o, "name_kind", json_string(vet_name_kind_name(h->name->kind)));
  json_object_set_new(o, "score", vet_json_score(h->score));
  json_t *pr = json_array();
  for (uint32_t i = 0; i < en->n_programs; i++)
    json_array_append_new(pr, vet_json_str(en->programs[i]));
  json_object_set_new(o, "programs", pr);
  json_t *cs = json_array();
  for (uint32_t i = 0; i < en->n_countries; i++) {
    bool dup = false;
    for (uint32_t k = 0; k < i; k++)
      dup |= !strcmp(en->countries[k].code, en->countries[i].code);
    if (!dup)
      json_array_append_new(cs, json_string(en->countries[i].code));
  }
  json_object_set_new(o, "countries", cs);
  if (en->n_dates) {
    json_t *ds = json_array();
    for (uint32_t i = 0; i < en->n_dates; i++) {
      char b[24];
      vet_date_format(&en->dates[i], b, sizeof b);
      json_array_append_new(ds, json_string(b));
    }
    json_object_set_new(o, "birth_dates", ds);
  }
  json_object_set_new(o, "explain", vet_explain_json(&h->ex));
  return o;
}

json_t *vet_lists_versions_json(const struct vet_listset *ls, uint64_t mask)
{
  json_t *o = json_object();
  for (uint32_t i = 0; i < ls->n_lists; i++) {
    if (mask && i < 64 && !(mask & (1ull << i)))
      continue;
    char key[128];
    size_t n = VET_MIN(ls->lists[i].name.len, sizeof key - 1);
    memcpy(key, ls->lists[i].name.ptr, n);
    key[n] = 0;
    json_object_set_new(o, key, vet_json_str(ls->lists[i].date));
  }
  return o;
}

static vet_err get_str(json_t *o, const char *k, vet_str *out, struct vet_error *e)
{
  json_t *v = json_object_get(o, k);
  *out = VET_LIT("");
  if (!v || json_is_null(v))
    return VET_OK;
  if (!json_is_string(v))
    return vet_fail(e, VET_EPARSE, "field '%s': expected a string", k);
  *out = (vet_str){json_string_value(v), json_string_length(v)};
  return VET_OK;
}

vet_err vet_query_from_json(json_t *o, const struct vet_countries *countries, struct vet_query *q,
                            struct vet_error *e)
{
  if (!json_is_object(o))
    return vet_fail(e, VET_EPARSE, "expected a JSON object");
  vet_str type, dob, country;
  vet_err rc;
  q->schema = VET_SCHEMA_UNKNOWN; /* a reused query keeps nothing from the last record */
  memset(&q->birth_date, 0, sizeof q->birth_date);
  q->country[0] = 0;
  if ((rc = get_str(o, "name", &q->name, e)) || (rc = get_str(o, "email", &q->email, e)) ||
      (rc = get_str(o, "phone", &q->phone, e)) || (rc = get_str(o, "crypto", &q->crypto, e)) ||
      (rc = get_str(o, "domain", &q->domain, e)) || (rc = get_str(o, "document", &q->document, e)) ||
      (rc = get_str(o, "type", &type, e)) || (rc = get_str(o, "birth_date", &dob, e)) ||
      (rc = get_str(o, "country", &country, e)))
    return rc;
  if (type.len && (q->schema = vet_schema_parse(type)) == VET_SCHEMA_UNKNOWN)
    return vet_fail(e, VET_EPARSE, "field 'type': expected person, organization, vessel or aircraft");
  if (dob.len && vet_date_parse(dob, &q->birth_date))
    return vet_fail(e, VET_EPARSE, "field 'birth_date': '%.*s' is not a valid date", (int)VET_MIN(dob.len, 40),
                    dob.ptr);
  if (country.len) {
    const char *cc = vet_country_resolve(countries, country);
    if (!cc)
      return vet_fail(e, VET_EPARSE, "field 'country': unknown country '%.*s'", (int)VET_MIN(country.len, 40),
                      country.ptr);
    size_t n = strlen(cc);
    if (n >= sizeof q->country)
      n = sizeof q->country - 1;
    memcpy(q->country, cc, n);
    q->country[n] = 0;
  }
  if (!q->name.len && !q->email.len && !q->phone.len && !q->crypto.len && !q->domain.len && !q->document.len)
    return vet_fail(e, VET_EPARSE, "nothing to screen: give 'name' or an identifier");
  return VET_OK;
}
