/* store/decision.c - what an analyst's decision means against later
 * reports: the findings fingerprint of a report (its evidence items,
 * hashed) and the review of a decision against a fresh report (does it
 * still stand, which rules bring new evidence).  Pure functions over
 * report JSON; no store needed (docs/store.md, "Decisions").
 *
 * An evidence item is one finding whose severity is not "info" (info
 * findings are context, they carry no weight), written as
 *   rule \x1f token \x1f token ...
 * with its tokens sorted, where the tokens are the finding's key
 * evidence, from the top level of its "evidence" object:
 *   a string        key=value          (an email, a holder, an entity id)
 *   true / false    key=true|false
 *   an array        key[]=s  for each string element (other subjects, devices)
 *   an object       key{}=k  for each member key (countries seen, tools used)
 * Numbers and nulls are left out: counts, shares, scores and ages move
 * with every new session, list update or day, without being new facts. */
#include <stdio.h>

#include "core/common.h"
#include "vetter/store.h"

/* Caps that keep a hostile report from taking unbounded memory or time;
 * past them the rest is ignored (deterministically, so the fingerprint
 * stays stable). */
#define MAX_ITEMS 4096         /* findings read */
#define MAX_TOKENS 256         /* tokens per finding */
#define MAX_TOKEN_BYTES 1024   /* bytes of one token (longer values are cut) */

struct item {
  vet_str key;       /* rule \x1f tokens */
  const char *rule;  /* borrowed from the report */
};

struct items {
  struct item *v;
  uint32_t n, cap;
  struct vet_arena a;
};

static const char *const status_names[] = {"cleared", "watch", "blocked"};

const char *vet_decision_status_name(enum vet_decision_status s)
{
  return (size_t)s < VET_COUNTOF(status_names) ? status_names[s] : "?";
}

vet_err vet_decision_status_parse(vet_str s, enum vet_decision_status *out)
{
  for (size_t i = 0; i < VET_COUNTOF(status_names); i++)
    if (vet_str_eq_c(s, status_names[i])) {
      *out = (enum vet_decision_status)i;
      return VET_OK;
    }
  return VET_EPARSE;
}

static int str_cmp(const void *x, const void *y)
{
  const vet_str *a = x, *b = y;
  int c = memcmp(a->ptr, b->ptr, VET_MIN(a->len, b->len));
  return c ? c : (a->len > b->len) - (a->len < b->len);
}

static int item_cmp(const void *x, const void *y)
{
  return str_cmp(&((const struct item *)x)->key, &((const struct item *)y)->key);
}

/* Append "key<sep>value" (value cut at MAX_TOKEN_BYTES) to toks. */
static bool add_token(struct vet_arena *a, vet_str *toks, uint32_t *n, const char *key, const char *sep,
                      vet_str value)
{
  if (*n >= MAX_TOKENS)
    return true;
  size_t kl = strlen(key), sl = strlen(sep), vl = VET_MIN(value.len, (size_t)MAX_TOKEN_BYTES);
  char *p = vet_arena_alloc(a, kl + sl + vl + 1);
  if (!p)
    return false;
  memcpy(p, key, kl);
  memcpy(p + kl, sep, sl);
  if (vl)
    memcpy(p + kl + sl, value.ptr, vl);
  p[kl + sl + vl] = 0;
  toks[(*n)++] = (vet_str){p, kl + sl + vl};
  return true;
}

static vet_str jstr(const json_t *v) { return (vet_str){json_string_value(v), json_string_length(v)}; }

/* The key evidence tokens of one finding's evidence, sorted. */
static bool evidence_tokens(struct vet_arena *a, const json_t *ev, vet_str *toks, uint32_t *n)
{
  const char *key;
  json_t *v;
  *n = 0;
  json_object_foreach((json_t *)ev, key, v)
  {
    bool ok = true;
    if (json_is_string(v)) {
      ok = add_token(a, toks, n, key, "=", jstr(v));
    } else if (json_is_boolean(v)) {
      ok = add_token(a, toks, n, key, "=", json_is_true(v) ? VET_LIT("true") : VET_LIT("false"));
    } else if (json_is_array(v)) {
      size_t i;
      json_t *x;
      json_array_foreach(v, i, x) if (json_is_string(x) && ok) ok = add_token(a, toks, n, key, "[]=", jstr(x));
    } else if (json_is_object(v)) {
      const char *k2;
      json_t *x;
      json_object_foreach(v, k2, x) if (ok) ok = add_token(a, toks, n, key, "{}=", vet_str_c(k2));
    }
    if (!ok)
      return false;
  }
  if (*n > 1)
    qsort(toks, *n, sizeof *toks, str_cmp);
  return true;
}

/* The sorted, de-duplicated evidence items of a report. */
static vet_err collect(const json_t *report, struct items *it, struct vet_error *e)
{
  const json_t *fs = json_object_get(report, "findings");
  if (!json_is_array(fs))
    return vet_fail(e, VET_EPARSE, "report has no 'findings' array");
  vet_str toks[MAX_TOKENS];
  size_t i;
  json_t *f;
  json_array_foreach((json_t *)fs, i, f)
  {
    if (i >= MAX_ITEMS)
      break;
    const char *rule = json_string_value(json_object_get(f, "rule"));
    const char *sev = json_string_value(json_object_get(f, "severity"));
    if (!rule || (sev && !strcmp(sev, "info")))
      continue;
    uint32_t nt = 0;
    json_t *ev = json_object_get(f, "evidence");
    if (json_is_object(ev) && !evidence_tokens(&it->a, ev, toks, &nt))
      return vet_fail(e, VET_ENOMEM, "out of memory");
    size_t len = strlen(rule);
    for (uint32_t k = 0; k < nt; k++)
      len += 1 + toks[k].len;
    char *p = vet_arena_alloc(&it->a, len + 1);
    struct item *slot = p ? vet_vec_push(&it->v, &it->n, &it->cap, sizeof *slot) : NULL;
    if (!slot)
      return vet_fail(e, VET_ENOMEM, "out of memory");
    size_t off = strlen(rule);
    memcpy(p, rule, off);
    for (uint32_t k = 0; k < nt; k++) {
      p[off++] = '\x1f';
      memcpy(p + off, toks[k].ptr, toks[k].len);
      off += toks[k].len;
    }
    p[off] = 0;
    *slot = (struct item){{p, off}, rule};
  }
  if (it->n > 1)
    qsort(it->v, it->n, sizeof *it->v, item_cmp);
  uint32_t w = 0;
  for (uint32_t k = 0; k < it->n; k++)
    if (!w || str_cmp(&it->v[w - 1].key, &it->v[k].key))
      it->v[w++] = it->v[k];
  it->n = w;
  return VET_OK;
}

static void items_init(struct items *it)
{
  memset(it, 0, sizeof *it);
  vet_arena_init(&it->a, 16 * 1024);
}

static void items_release(struct items *it)
{
  free(it->v);
  vet_arena_release(&it->a);
}

static void hex_fingerprint(const struct items *it, char out[VET_FINGERPRINT_HEX + 1])
{
  uint64_t h = 14695981039346656037ull; /* FNV-1a 64, as vet_store_hash64, over "item\n" ... */
  for (uint32_t k = 0; k < it->n; k++) {
    for (size_t i = 0; i < it->v[k].key.len; i++) {
      h ^= (unsigned char)it->v[k].key.ptr[i];
      h *= 1099511628211ull;
    }
    h ^= '\n';
    h *= 1099511628211ull;
  }
  snprintf(out, VET_FINGERPRINT_HEX + 1, "%016llx", (unsigned long long)h);
}

vet_err vet_findings_fingerprint(const json_t *report, char out[VET_FINGERPRINT_HEX + 1], struct vet_error *e)
{
  struct items it;
  items_init(&it);
  vet_err rc = collect(report, &it, e);
  if (!rc)
    hex_fingerprint(&it, out);
  else
    out[0] = 0;
  items_release(&it);
  return rc;
}

static bool has_item(const struct items *it, const struct item *x)
{
  return it->n && bsearch(x, it->v, it->n, sizeof *it->v, item_cmp) != NULL;
}

vet_err vet_decision_review(const struct vet_decision *d, const json_t *seen, const json_t *fresh,
                            struct vet_decision_review *out, struct vet_error *e)
{
  memset(out, 0, sizeof *out);
  out->stands = true;
  out->exact = true;
  struct items was, now;
  items_init(&was);
  items_init(&now);
  vet_err rc = VET_OK;
  if (fresh)
    rc = collect(fresh, &now, e);
  if (!rc && seen)
    rc = collect(seen, &was, e);
  if (!rc && fresh) {
    bool by_fingerprint = !seen && d->fingerprint.len;
    char fp[VET_FINGERPRINT_HEX + 1];
    hex_fingerprint(&now, fp);
    if (by_fingerprint && vet_str_eq_c(d->fingerprint, fp)) {
      /* the same evidence as the report the analyst saw */
    } else {
      out->exact = !by_fingerprint;
      for (uint32_t k = 0; k < now.n; k++) {
        if (has_item(&was, &now.v[k]))
          continue;
        out->stands = false;
        out->n_new_items++;
        bool listed = false;
        for (uint32_t r = 0; r < out->n_new_rules && !listed; r++)
          listed = !strcmp(out->new_rules[r], now.v[k].rule);
        if (!listed && out->n_new_rules < VET_REVIEW_MAX_RULES)
          out->new_rules[out->n_new_rules++] = now.v[k].rule;
      }
    }
  }
  items_release(&was);
  items_release(&now);
  if (rc)
    return rc;
  char day[24];
  vet_store_format_time(d->at, day, sizeof day);
  day[10] = 0; /* the date */
  int n = snprintf(out->text, sizeof out->text, "%s on %s by %.*s", vet_decision_status_name(d->status), day,
                   VET_STR_FMT(vet_str_sub(d->by, 0, VET_STORE_MAX_BY)));
  size_t off = n > 0 ? VET_MIN((size_t)n, sizeof out->text - 1) : 0;
  if (out->stands) {
    snprintf(out->text + off, sizeof out->text - off, "; no new evidence since");
    return VET_OK;
  }
  n = snprintf(out->text + off, sizeof out->text - off, ", but new evidence since: ");
  off = n > 0 ? VET_MIN(off + (size_t)n, sizeof out->text - 1) : off;
  for (uint32_t r = 0; r < out->n_new_rules; r++) {
    n = snprintf(out->text + off, sizeof out->text - off, "%s%s", r ? ", " : "", out->new_rules[r]);
    off = n > 0 ? VET_MIN(off + (size_t)n, sizeof out->text - 1) : off;
  }
  return VET_OK;
}
