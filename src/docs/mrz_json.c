/* docs/mrz_json.c - the JSON form of a parsed MRZ (vet_mrz_json), the one
 * shape the CLI and embedding programs print. */
#include "core/common.h"
#include "vetter/date.h"
#include "vetter/mrz.h"

/* A field of a recognized MRZ as a string (possibly ""), else null. */
static json_t *field(const struct vet_mrz *m, const char *s) { return m->format ? json_string(s) : json_null(); }

static json_t *date(const struct vet_mrz *m, const struct vet_date *d)
{
  if (!m->format || !d->year)
    return json_null();
  char buf[16];
  vet_date_format(d, buf, sizeof buf);
  return json_string(buf);
}

json_t *vet_mrz_json(const struct vet_mrz *m)
{
  json_t *o = json_object();
  if (!o)
    return NULL;
  const char *fmt = vet_mrz_format_name(m->format);
  char sex[2] = {m->sex, 0};
  json_object_set_new(o, "valid", json_boolean(m->valid && m->format));
  json_object_set_new(o, "format", fmt ? json_string(fmt) : json_null());
  json_object_set_new(o, "document_code", field(m, m->document_code));
  json_object_set_new(o, "issuing_state", field(m, m->issuing_state));
  json_object_set_new(o, "surname", field(m, m->surname));
  json_object_set_new(o, "given_names", field(m, m->given_names));
  json_object_set_new(o, "document_number", field(m, m->document_number));
  json_object_set_new(o, "nationality", field(m, m->nationality));
  json_object_set_new(o, "birth_date", date(m, &m->birth_date));
  json_object_set_new(o, "sex", m->format && m->sex ? json_string(sex) : json_null());
  json_object_set_new(o, "expiry_date", date(m, &m->expiry_date));
  json_object_set_new(o, "optional_data", field(m, m->optional_data));
  json_object_set_new(o, "optional_data2",
                      m->format == VET_MRZ_TD1 ? json_string(m->optional_data2) : json_null());
  json_t *checks = json_object();
  static const char *const names[] = {"document_number", "birth_date", "expiry_date", "optional_data", "composite"};
  const enum vet_mrz_check vals[] = {m->check_document_number, m->check_birth_date, m->check_expiry_date,
                                     m->check_optional_data, m->check_composite};
  for (size_t i = 0; i < VET_COUNTOF(names); i++)
    json_object_set_new(checks, names[i], json_string(vet_mrz_check_name(vals[i])));
  json_object_set_new(o, "checks", checks);
  json_t *errs = json_array();
  for (uint32_t i = 0; i < m->n_issues && i < VET_MRZ_MAX_ISSUES; i++) {
    json_t *x = json_object();
    json_object_set_new(x, "code", json_string(m->issues[i].code));
    json_object_set_new(x, "message", json_string(m->issues[i].msg));
    json_array_append_new(errs, x);
  }
  json_object_set_new(o, "errors", errs);
  return o;
}
