/* subject/parse.c - reading subject and event records (JSON lines, see
 * docs/schema.md) into the population: types checked field by field,
 * dates and countries parsed, every problem named by line and field path.
 *
 * Policy: a line that is not JSON, a field of the wrong JSON type, an
 * impossible date or timestamp, or a duplicate subject id skips the whole
 * record (it is reported; the rest of the run goes on).  A value outside
 * an open-ended vocabulary (a payout kind "skrill", a country name that
 * does not resolve) only drops or generalizes that value with a warning:
 * skipping a worker over it would leave the worker unscreened. */
#include <stdarg.h>
#include <stdio.h>

#include "core/common.h"
#include "core/strmap.h"
#include "subject/subject_int.h"
#include "vetter/date.h"
#include "vetter/subject.h"

/* Longest array accepted in one field (aliases, emails, documents, ...). */
#define MAX_ITEMS 256

struct pc {
  struct vet_population *p;
  size_t line;
  vet_str id;       /* subject id or event subject, for messages */
  const char *what; /* "subject" or "event of subject" */
  bool failed;      /* the record is to be skipped */
  vet_err oom;
  char msg[192];    /* first reason */
};

#if defined(__GNUC__)
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#else
#define PRINTF_LIKE(f, a)
#endif

static void fail_field(struct pc *c, const char *prefix, const char *key, const char *fmt, ...) PRINTF_LIKE(4, 5);
static void warn_field(struct pc *c, const char *prefix, const char *key, const char *fmt, ...) PRINTF_LIKE(4, 5);

/* The record is to be skipped; the first reason is kept. */
static void fail_field(struct pc *c, const char *prefix, const char *key, const char *fmt, ...)
{
  if (c->failed)
    return;
  c->failed = true;
  snprintf(c->msg, sizeof c->msg, "field '%s%s': ", prefix, key);
  size_t n = strlen(c->msg);
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(c->msg + n, sizeof c->msg - n, fmt, ap);
  va_end(ap);
}

/* Only the field's value is dropped. */
static void warn_field(struct pc *c, const char *prefix, const char *key, const char *fmt, ...)
{
  char m[192];
  snprintf(m, sizeof m, "field '%s%s': ", prefix, key);
  size_t n = strlen(m);
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(m + n, sizeof m - n, fmt, ap);
  va_end(ap);
  if (population_issue(c->p, c->line, false, "%s '%.*s': %s", c->what, VET_STR_FMT(c->id), m))
    c->oom = VET_ENOMEM;
}

static vet_str dup(struct pc *c, vet_str s)
{
  if (s.len == 0)
    return (vet_str){"", 0};
  vet_str d = vet_arena_strdup(&c->p->arena, s);
  if (!d.ptr) {
    c->oom = VET_ENOMEM;
    return (vet_str){"", 0};
  }
  return d;
}

static vet_str jstr(json_t *v) { return (vet_str){json_string_value(v), json_string_length(v)}; }

/* A string field: absent or null gives "". */
static vet_str get_str(struct pc *c, json_t *o, const char *prefix, const char *key)
{
  json_t *v = json_object_get(o, key);
  if (!v || json_is_null(v))
    return (vet_str){"", 0};
  if (!json_is_string(v)) {
    fail_field(c, prefix, key, "expected a string");
    return (vet_str){"", 0};
  }
  return dup(c, vet_str_trim(jstr(v)));
}

static struct vet_strs get_strs(struct pc *c, json_t *o, const char *prefix, const char *key)
{
  struct vet_strs r = {0};
  json_t *v = json_object_get(o, key);
  if (!v || json_is_null(v))
    return r;
  if (json_is_string(v)) { /* one value written without brackets */
    vet_str s = dup(c, vet_str_trim(jstr(v)));
    if (s.len) {
      r.v = vet_arena_alloc(&c->p->arena, sizeof *r.v);
      if (!r.v) {
        c->oom = VET_ENOMEM;
        return r;
      }
      r.v[0] = s;
      r.n = 1;
    }
    return r;
  }
  if (!json_is_array(v)) {
    fail_field(c, prefix, key, "expected an array of strings");
    return r;
  }
  size_t n = json_array_size(v);
  if (n > MAX_ITEMS) {
    fail_field(c, prefix, key, "more than %d items", MAX_ITEMS);
    return r;
  }
  if (!n)
    return r;
  r.v = vet_arena_calloc(&c->p->arena, n, sizeof *r.v);
  if (!r.v) {
    c->oom = VET_ENOMEM;
    return r;
  }
  for (size_t i = 0; i < n; i++) {
    json_t *x = json_array_get(v, i);
    if (json_is_null(x))
      continue;
    if (!json_is_string(x)) {
      fail_field(c, prefix, key, "expected an array of strings");
      return (struct vet_strs){0};
    }
    vet_str s = dup(c, vet_str_trim(jstr(x)));
    if (s.len)
      r.v[r.n++] = s;
  }
  return r;
}

static struct vet_date get_date(struct pc *c, json_t *o, const char *prefix, const char *key)
{
  struct vet_date d = {0};
  vet_str s = get_str(c, o, prefix, key);
  if (s.len && vet_date_parse(s, &d) != VET_OK)
    fail_field(c, prefix, key, "'%s' is not a possible date (YYYY-MM-DD, YYYY-MM or YYYY)", s.ptr);
  return d;
}

static struct vet_place get_place(struct pc *c, json_t *o, const char *prefix, const char *key)
{
  struct vet_place pl = {.raw = get_str(c, o, prefix, key)};
  if (!pl.raw.len)
    return pl;
  const char *code = c->p->countries ? vet_country_resolve(c->p->countries, pl.raw) : NULL;
  if (code)
    snprintf(pl.code, sizeof pl.code, "%s", code);
  else
    warn_field(c, prefix, key, "'%s' is not a known country (ignored)", pl.raw.ptr);
  return pl;
}

/* An enumerated value: index into names[], or other_index (with a warning)
 * for a value outside the vocabulary; def when absent. */
static int get_enum(struct pc *c, json_t *o, const char *prefix, const char *key, const char *const *names,
                    size_t n, int def, int other_index)
{
  vet_str s = get_str(c, o, prefix, key);
  if (!s.len)
    return def;
  for (size_t i = 0; i < n; i++)
    if (names[i] && vet_str_ieq_c(s, names[i]))
      return (int)i;
  if (other_index < 0) {
    fail_field(c, prefix, key, "unknown value '%s'", s.ptr);
    return def;
  }
  warn_field(c, prefix, key, "unknown value '%s', taken as 'other'", s.ptr);
  return other_index;
}

static char get_sex(struct pc *c, json_t *o, const char *prefix, const char *key)
{
  vet_str s = get_str(c, o, prefix, key);
  if (!s.len)
    return 0;
  static const struct {
    const char *in;
    char sex;
  } t[] = {{"m", 'M'}, {"male", 'M'}, {"f", 'F'}, {"female", 'F'}, {"x", 'X'}, {"<", 'X'}, {"unspecified", 'X'}};
  for (size_t i = 0; i < VET_COUNTOF(t); i++)
    if (vet_str_ieq_c(s, t[i].in))
      return t[i].sex;
  fail_field(c, prefix, key, "'%s' is not M, F or X", s.ptr);
  return 0;
}

/* An array of objects: calls each(c, item, prefix "key[i].") for each. */
static json_t *get_objs(struct pc *c, json_t *o, const char *prefix, const char *key, size_t *n)
{
  json_t *v = json_object_get(o, key);
  *n = 0;
  if (!v || json_is_null(v))
    return NULL;
  if (!json_is_array(v)) {
    fail_field(c, prefix, key, "expected an array of objects");
    return NULL;
  }
  if (json_array_size(v) > MAX_ITEMS) {
    fail_field(c, prefix, key, "more than %d items", MAX_ITEMS);
    return NULL;
  }
  for (size_t i = 0; i < json_array_size(v); i++)
    if (!json_is_object(json_array_get(v, i))) {
      fail_field(c, prefix, key, "expected an array of objects");
      return NULL;
    }
  *n = json_array_size(v);
  return v;
}

static const char *const address_kinds[] = {"residence", "shipping", "billing", "other"};
static const char *const doc_kinds[] = {"passport", "id_card", "residence_permit", "driver_license", "other"};
static const char *const payout_kinds[] = {"bank", "paypal", "payoneer", "wise", "crypto", "other"};
static const char *const event_kinds[] = {"login", "activity", "payout_change", "message", "review", "shipment",
                                          "other"};

static void read_address(struct pc *c, json_t *o, const char *prefix, struct vet_saddress *a)
{
  a->kind = (enum vet_address_kind)get_enum(c, o, prefix, "kind", address_kinds, VET_COUNTOF(address_kinds),
                                            VET_ADDR_RESIDENCE, VET_ADDR_OTHER);
  a->country = get_place(c, o, prefix, "country");
  a->text = get_str(c, o, prefix, "text");
}

static void read_payout(struct pc *c, json_t *o, const char *prefix, struct vet_payout *y)
{
  y->kind = (enum vet_payout_kind)get_enum(c, o, prefix, "kind", payout_kinds, VET_COUNTOF(payout_kinds),
                                           VET_PAYOUT_OTHER, VET_PAYOUT_OTHER);
  y->holder = get_str(c, o, prefix, "holder");
  y->country = get_place(c, o, prefix, "country");
  y->account = get_str(c, o, prefix, "account");
  y->currency = get_str(c, o, prefix, "currency");
  y->address = get_str(c, o, prefix, "address");
}

static void read_document(struct pc *c, json_t *o, const char *prefix, struct vet_document *d)
{
  d->kind = (enum vet_doc_kind)get_enum(c, o, prefix, "kind", doc_kinds, VET_COUNTOF(doc_kinds), VET_DOC_OTHER,
                                        VET_DOC_OTHER);
  d->mrz = get_str(c, o, prefix, "mrz");
  d->number = get_str(c, o, prefix, "number");
  d->issuing_country = get_place(c, o, prefix, "issuing_country");
  d->name = get_str(c, o, prefix, "name");
  d->birth_date = get_date(c, o, prefix, "birth_date");
  d->nationality = get_place(c, o, prefix, "nationality");
  d->sex = get_sex(c, o, prefix, "sex");
  d->expiry_date = get_date(c, o, prefix, "expiry_date");
  d->image_phash = get_str(c, o, prefix, "image_phash");
}

/* items of an array field, each read by fn into an arena array of elem. */
static void *read_array(struct pc *c, json_t *o, const char *key, size_t elem, uint32_t *count,
                        void (*fn)(struct pc *, json_t *, const char *, void *))
{
  size_t n;
  json_t *arr = get_objs(c, o, "", key, &n);
  *count = 0;
  if (!arr || !n)
    return NULL;
  char *items = vet_arena_calloc(&c->p->arena, n, elem);
  if (!items) {
    c->oom = VET_ENOMEM;
    return NULL;
  }
  for (size_t i = 0; i < n && !c->failed; i++) {
    char prefix[48];
    snprintf(prefix, sizeof prefix, "%s[%zu].", key, i);
    fn(c, json_array_get(arr, i), prefix, items + i * elem);
  }
  *count = (uint32_t)n;
  return items;
}

static void rd_addr(struct pc *c, json_t *o, const char *pre, void *out) { read_address(c, o, pre, out); }
static void rd_doc(struct pc *c, json_t *o, const char *pre, void *out) { read_document(c, o, pre, out); }
static void rd_pay(struct pc *c, json_t *o, const char *pre, void *out) { read_payout(c, o, pre, out); }

/* An object field ("text", "links"); NULL when absent; fails on a non-object. */
static json_t *get_obj(struct pc *c, json_t *o, const char *key)
{
  json_t *v = json_object_get(o, key);
  if (!v || json_is_null(v))
    return NULL;
  if (!json_is_object(v)) {
    fail_field(c, "", key, "expected an object");
    return NULL;
  }
  return v;
}

static int64_t get_time(struct pc *c, json_t *o, const char *key, bool required, int *offset)
{
  vet_str s = get_str(c, o, "", key);
  int64_t t = 0;
  if (!s.len) {
    if (required)
      fail_field(c, "", key, "a timestamp is required");
    return 0;
  }
  if (vet_timestamp_parse(s, &t, offset) == VET_OK)
    return t;
  struct vet_date d; /* a plain date is accepted where a time is not required */
  if (!required && vet_date_parse(s, &d) == VET_OK && d.day) {
    if (offset)
      *offset = 0;
    return (int64_t)vet_date_days(&d) * 86400;
  }
  fail_field(c, "", key, "'%s' is not an RFC 3339 timestamp (2026-03-01T09:15:00Z)", s.ptr);
  return 0;
}

static vet_err finish_record(struct pc *c, const char *what)
{
  if (c->oom)
    return VET_ENOMEM;
  if (c->failed)
    return population_issue(c->p, c->line, true, "%s '%.*s' skipped: %s", what, VET_STR_FMT(c->id), c->msg);
  return VET_OK;
}

static vet_err add_subject(struct pc *c, json_t *o)
{
  c->what = "subject";
  struct vet_population *p = c->p;
  struct vet_subject s = {.line = c->line};
  json_t *jid = json_object_get(o, "id");
  char num[32];
  if (json_is_integer(jid)) { /* numeric ids are common in exports */
    snprintf(num, sizeof num, "%lld", (long long)json_integer_value(jid));
    s.id = dup(c, vet_str_c(num));
  } else if (json_is_string(jid) && vet_str_trim(jstr(jid)).len) {
    s.id = dup(c, vet_str_trim(jstr(jid)));
  } else {
    c->id = VET_LIT("?");
    fail_field(c, "", "id", "%s", jid ? "expected a non-empty string or integer" : "required");
    return finish_record(c, "subject");
  }
  c->id = s.id;
  if (vet_strmap_get(p->ids, s.id)) {
    const struct vet_subject *first = vet_population_find(p, s.id);
    fail_field(c, "", "id", "duplicate subject id (first on line %zu)", first->line);
    return finish_record(c, "subject");
  }
  vet_str ks = get_str(c, o, "", "kind");
  s.kind = ks.len ? vet_schema_parse(ks) : VET_SCHEMA_PERSON;
  if (s.kind != VET_SCHEMA_PERSON && s.kind != VET_SCHEMA_ORGANIZATION)
    fail_field(c, "", "kind", "'%s' is not person or organization", ks.ptr);
  s.name = get_str(c, o, "", "name");
  s.display_name = get_str(c, o, "", "display_name");
  s.aliases = get_strs(c, o, "", "aliases");
  s.birth_date = get_date(c, o, "", "birth_date");
  s.nationality = get_place(c, o, "", "nationality");
  s.country = get_place(c, o, "", "country");
  s.city = get_str(c, o, "", "city");
  s.timezone = get_str(c, o, "", "timezone");
  s.languages = get_strs(c, o, "", "languages");
  s.emails = get_strs(c, o, "", "emails");
  s.phones = get_strs(c, o, "", "phones");
  s.addresses = read_array(c, o, "addresses", sizeof *s.addresses, &s.n_addresses, rd_addr);
  s.documents = read_array(c, o, "documents", sizeof *s.documents, &s.n_documents, rd_doc);
  s.payouts = read_array(c, o, "payouts", sizeof *s.payouts, &s.n_payouts, rd_pay);
  s.employer = get_str(c, o, "", "employer");
  s.photo_phash = get_str(c, o, "", "photo_phash");
  s.photo = get_str(c, o, "", "photo");
  json_t *text = get_obj(c, o, "text");
  if (text) {
    s.headline = get_str(c, text, "text.", "headline");
    s.bio = get_str(c, text, "text.", "bio");
    s.resume = get_str(c, text, "text.", "resume");
  }
  json_t *links = get_obj(c, o, "links");
  if (links) {
    s.github = get_str(c, links, "links.", "github");
    s.linkedin = get_str(c, links, "links.", "linkedin");
    s.website = get_str(c, links, "links.", "website");
  }
  s.created_at = get_time(c, o, "created_at", false, NULL);
  if (c->failed || c->oom)
    return finish_record(c, "subject");
  struct vet_subject *slot = vet_vec_push(&p->subjects, &p->n_subjects, &p->cap_subjects, sizeof *slot);
  if (!slot)
    return VET_ENOMEM;
  *slot = s;
  bool ins;
  if (!vet_strmap_put(p->ids, slot->id, p->n_subjects - 1, &ins))
    return VET_ENOMEM;
  return VET_OK;
}

static vet_err add_event(struct pc *c, json_t *o)
{
  c->what = "event of subject";
  struct vet_population *p = c->p;
  struct vet_event ev = {.line = c->line, .vm = -1};
  json_t *js = json_object_get(o, "subject");
  char num[32];
  vet_str sid = {"", 0};
  if (json_is_integer(js)) {
    snprintf(num, sizeof num, "%lld", (long long)json_integer_value(js));
    sid = dup(c, vet_str_c(num));
  } else if (json_is_string(js) && vet_str_trim(jstr(js)).len) {
    sid = dup(c, vet_str_trim(jstr(js)));
  }
  c->id = sid.len ? sid : VET_LIT("?");
  if (!sid.len) {
    fail_field(c, "", "subject", "%s", js ? "expected a non-empty string or integer" : "required");
    return finish_record(c, "event of subject");
  }
  int off = 0;
  ev.ts = get_time(c, o, "ts", true, &off);
  ev.ts_offset_min = (int16_t)off;
  ev.kind = (enum vet_event_kind)get_enum(c, o, "", "kind", event_kinds, VET_COUNTOF(event_kinds), VET_EV_OTHER,
                                          VET_EV_OTHER);
  ev.ip = get_str(c, o, "", "ip");
  ev.user_agent = get_str(c, o, "", "user_agent");
  ev.device_id = get_str(c, o, "", "device_id");
  json_t *tz = json_object_get(o, "tz_offset_min");
  if (tz && !json_is_null(tz)) {
    /* UTC offsets run from -12:00 to +14:00 */
    if (!json_is_integer(tz) || json_integer_value(tz) < -12 * 60 || json_integer_value(tz) > 14 * 60) {
      fail_field(c, "", "tz_offset_min", "expected whole minutes between -720 and 840");
    } else {
      ev.has_tz_offset = true;
      ev.tz_offset_min = (int16_t)json_integer_value(tz);
    }
  }
  ev.tz_name = get_str(c, o, "", "tz_name");
  ev.languages = get_strs(c, o, "", "languages");
  ev.remote_tools = get_strs(c, o, "", "remote_tools");
  ev.usb_devices = get_strs(c, o, "", "usb_devices");
  json_t *vm = json_object_get(o, "vm");
  if (vm && !json_is_null(vm)) {
    if (!json_is_boolean(vm))
      fail_field(c, "", "vm", "expected true or false");
    else
      ev.vm = json_is_true(vm) ? 1 : 0;
  }
  json_t *pay = get_obj(c, o, "payout");
  if (pay) {
    ev.payout = vet_arena_calloc(&p->arena, 1, sizeof *ev.payout);
    if (!ev.payout)
      return VET_ENOMEM;
    read_payout(c, pay, "payout.", ev.payout);
  }
  ev.counterpart = get_str(c, o, "", "counterpart");
  json_t *addr = get_obj(c, o, "address");
  if (addr) {
    ev.address = vet_arena_calloc(&p->arena, 1, sizeof *ev.address);
    if (!ev.address)
      return VET_ENOMEM;
    read_address(c, addr, "address.", ev.address);
  }
  if (c->failed || c->oom)
    return finish_record(c, "event of subject");
  struct vet_event *slot = vet_vec_push(&p->events, &p->n_events, &p->cap_events, sizeof *slot);
  if (!slot)
    return VET_ENOMEM;
  *slot = ev;
  vet_str *ps = vet_vec_push(&p->pending, &p->n_pending, &p->cap_pending, sizeof *ps);
  if (!ps) {
    p->n_events--;
    return VET_ENOMEM;
  }
  *ps = sid;
  return VET_OK;
}

vet_err vet_population_add_json(struct vet_population *p, size_t lineno, json_t *o, struct vet_error *e)
{
  if (p->finished)
    return vet_fail(e, VET_EINVAL, "population already finished");
  p->lines++;
  struct pc c = {.p = p, .line = lineno, .id = VET_LIT("?"), .what = "record"};
  vet_err rc;
  if (!json_is_object(o)) {
    rc = population_issue(p, lineno, true, "record skipped: expected a JSON object");
  } else {
    json_t *t = json_object_get(o, "type");
    const char *type = json_string_value(t);
    if ((!t || json_is_null(t)) && json_object_get(o, "id"))
      type = "subject"; /* a bare profile without "type" */
    if (type && !strcmp(type, "subject"))
      rc = add_subject(&c, o);
    else if (type && !strcmp(type, "event"))
      rc = add_event(&c, o);
    else
      rc = population_issue(p, lineno, true, "record skipped: field 'type': expected \"subject\" or \"event\"");
  }
  if (rc)
    return vet_fail(e, rc, "out of memory reading line %zu", lineno);
  return VET_OK;
}

vet_err vet_population_add_line(struct vet_population *p, size_t lineno, vet_str line, struct vet_error *e)
{
  vet_str t = vet_str_trim(line);
  if (!t.len)
    return VET_OK;
  json_error_t je;
  json_t *o = json_loadb(t.ptr, t.len, JSON_REJECT_DUPLICATES, &je);
  if (!o) {
    p->lines++;
    if (population_issue(p, lineno, true, "record skipped: not valid JSON: %s (column %d)", je.text, je.column))
      return vet_fail(e, VET_ENOMEM, "out of memory");
    return VET_OK;
  }
  vet_err rc = vet_population_add_json(p, lineno, o, e);
  json_decref(o);
  return rc;
}
