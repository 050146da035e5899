/* check/rings.c - what the links say of one subject (vetter/link.h): the
 * ring.* findings for the identifiers it shares strongly enough to link
 * (payout accounts, photos, texts, contacts), and the report's "group"
 * object: the group's id, size, members and the identifiers joining it.
 * Shared devices and residential addresses are location.laptop_farm's
 * (check/farm.c) and document numbers document.number_reused's, so they
 * appear in the group but raise no ring.* finding here.
 * Owns: the checker's vet_links (check_links_collect, check_links_finish).
 * Thread-safety: the links are read-only once built. */
#include <math.h>
#include <stdio.h>

#include "check/check_int.h"

/* Findings per rule, other subjects named per finding, and what the group
 * object lists. */
#define MAX_PER_RULE 3
#define MAX_OTHERS 10
#define MAX_GROUP_MEMBERS 50
#define MAX_GROUP_SHARED 20

static bool any_ring_rule(const struct vet_config *cfg)
{
  return cfg->risk.enabled[VET_RULE_RING_SHARED_PAYOUT] || cfg->risk.enabled[VET_RULE_RING_REUSED_PHOTO] ||
         cfg->risk.enabled[VET_RULE_RING_DUPLICATE_TEXT] || cfg->risk.enabled[VET_RULE_RING_SHARED_CONTACT] ||
         cfg->risk.enabled[VET_RULE_RING_HIGH_RISK_MEMBER] || cfg->risk.enabled[VET_RULE_RING_REVIEW_COLLUSION];
}

vet_err check_links_collect(struct vet_checker *ck, struct vet_error *e)
{
  if (!any_ring_rule(ck->cfg) || ck->pop->n_subjects < 2)
    return VET_OK;
  ck->links = vet_links_new(ck->pop, &ck->cfg->link, e);
  if (ck->links)
    vet_links_set_threads(ck->links, check_threads(ck, VET_LINKS_MAX_THREADS));
  if (!ck->links || vet_links_collect(ck->links, ck->email, e))
    return e->code ? e->code : VET_ENOMEM;
  return VET_OK;
}

vet_err check_links_finish(struct vet_checker *ck, struct vet_error *e)
{
  if (!ck->links)
    return VET_OK;
  if (check_farm_links(ck, ck->links, e) || vet_links_finish(ck->links, e))
    return e->code ? e->code : VET_ENOMEM;
  return VET_OK;
}

void check_links_release(struct vet_checker *ck)
{
  vet_links_free(ck->links);
  ck->links = NULL;
}

/* The ring.* rule of a shared identifier; VET_RULE_COUNT for none. */
static enum vet_rule rule_of(enum vet_link_kind k)
{
  switch (k) {
  case VET_LINK_PAYOUT:
  case VET_LINK_CRYPTO:
  case VET_LINK_HOLDER:
    return VET_RULE_RING_SHARED_PAYOUT;
  case VET_LINK_PHOTO:
    return VET_RULE_RING_REUSED_PHOTO;
  case VET_LINK_TEXT:
    return VET_RULE_RING_DUPLICATE_TEXT;
  case VET_LINK_EMAIL:
  case VET_LINK_PHONE:
  case VET_LINK_PROFILE:
    return VET_RULE_RING_SHARED_CONTACT;
  default:
    return VET_RULE_COUNT;
  }
}

static const char *what(enum vet_link_kind k)
{
  switch (k) {
  case VET_LINK_PAYOUT: return "payout account";
  case VET_LINK_CRYPTO: return "crypto address";
  case VET_LINK_HOLDER: return "third-party payout holder";
  case VET_LINK_PHOTO: return "photo";
  case VET_LINK_TEXT: return "text";
  case VET_LINK_EMAIL: return "mailbox";
  case VET_LINK_PHONE: return "phone number";
  case VET_LINK_PROFILE: return "profile";
  default: return vet_link_kind_name(k);
  }
}

/* Subject ids of r other than self, at most cap. */
static json_t *others_json(const struct vet_population *p, const uint32_t *m, uint32_t n, uint32_t self, uint32_t cap)
{
  json_t *a = json_array();
  for (uint32_t k = 0; k < n && json_array_size(a) < cap; k++)
    if (m[k] != self)
      json_array_append_new(a, check_jstr(p->subjects[m[k]].id));
  return a;
}

static json_t *group_json(const struct vet_checker *ck, const struct vet_link_group *g)
{
  const struct vet_links *l = ck->links;
  const uint32_t *m = vet_links_members(l);
  uint32_t nsh;
  const struct vet_link_shared *sh = vet_links_shared(l, &nsh);
  json_t *members = others_json(ck->pop, m + g->first, g->n, UINT32_MAX, MAX_GROUP_MEMBERS);
  json_t *shared = json_array();
  const uint32_t *gs = vet_links_group_shared(l);
  for (uint32_t k = 0; k < g->n_shared && k < MAX_GROUP_SHARED; k++) {
    const struct vet_link_shared *r = &sh[gs[g->shared_first + k]];
    json_array_append_new(shared, json_pack("{s:s, s:o, s:o, s:f, s:b}", "kind", vet_link_kind_name(r->kind),
                                            "value", check_jstr(r->value), "subjects",
                                            others_json(ck->pop, m + r->first, r->n, UINT32_MAX, MAX_OTHERS),
                                            "strength", round(r->strength * 1000) / 1000, "family", r->family));
  }
  json_t *j = json_pack("{s:s, s:i, s:o, s:o, s:i}", "id", g->id, "size", (int)g->n, "members", members, "shared",
                        shared, "links", (int)g->n_shared);
  json_t *risk = check_group_risk(ck, g);
  if (j && risk)
    json_object_set_new(j, "risk", risk);
  else
    json_decref(risk);
  return j;
}

const char *vet_checker_problem(const struct vet_checker *ck, uint32_t k, uint64_t *total)
{
  struct vet_links_stats st = {0};
  if (ck->links)
    vet_links_stats(ck->links, &st);
  if (total)
    *total = st.photo_files_failed;
  return ck->links ? vet_links_problem(ck->links, k) : NULL;
}

uint32_t vet_checker_group_count(const struct vet_checker *ck)
{
  uint32_t n = 0;
  if (ck->links)
    vet_links_groups(ck->links, &n);
  return n;
}

json_t *vet_checker_group(const struct vet_checker *ck, uint32_t k, const uint32_t **members, uint32_t *n)
{
  uint32_t ng = 0;
  const struct vet_link_group *g = ck->links ? vet_links_groups(ck->links, &ng) : NULL;
  if (k >= ng)
    return NULL;
  *members = vet_links_members(ck->links) + g[k].first;
  *n = g[k].n;
  return group_json(ck, &g[k]);
}

uint32_t vet_checker_shared_of(const struct vet_checker *ck, uint32_t i, const char **kinds, vet_str *values,
                               uint32_t cap)
{
  if (!ck->links || i >= ck->pop->n_subjects)
    return 0;
  uint32_t n, nsh;
  const uint32_t *mine = vet_links_of(ck->links, i, &n);
  const struct vet_link_shared *sh = vet_links_shared(ck->links, &nsh);
  for (uint32_t k = 0; k < n && k < cap; k++) {
    kinds[k] = vet_link_kind_name(sh[mine[k]].kind);
    values[k] = sh[mine[k]].value;
  }
  return n;
}

vet_err check_rings(struct vet_check_worker *w)
{
  const struct vet_checker *ck = w->ck;
  const struct vet_links *l = ck->links;
  if (!l || w->own_only)
    return VET_OK;
  uint32_t self = w->self;
  const struct vet_link_group *g = vet_links_group_of(l, self);
  if (!g)
    return VET_OK;
  w->group = group_json(ck, g);
  if (!w->group)
    return VET_ENOMEM;
  uint32_t n, nsh, per_rule[VET_RULE_COUNT] = {0};
  const uint32_t *mine = vet_links_of(l, self, &n);
  const struct vet_link_shared *sh = vet_links_shared(l, &nsh);
  const uint32_t *m = vet_links_members(l);
  vet_err rc = VET_OK;
  for (uint32_t k = 0; k < n && !rc; k++) {
    const struct vet_link_shared *r = &sh[mine[k]];
    enum vet_rule rule = rule_of(r->kind);
    if (rule == VET_RULE_COUNT || !r->joins || per_rule[rule] >= MAX_PER_RULE)
      continue;
    per_rule[rule]++;
    json_t *ev = json_pack("{s:s, s:o, s:o, s:f, s:s}", "kind", vet_link_kind_name(r->kind), "value",
                           check_jstr(r->value), "others", others_json(ck->pop, m + r->first, r->n, self, MAX_OTHERS),
                           "strength", round(r->strength * 1000) / 1000, "group", g->id);
    if (!ev)
      return VET_ENOMEM;
    rc = vet_findings_add(&w->f, rule, r->strength, vet_rule_get(rule)->severity, ev,
                          "%s %.*s is shared with %u other subject%s (group %s of %u)", what(r->kind),
                          VET_STR_FMT(r->value), r->n - 1, r->n == 2 ? "" : "s", g->id, g->n);
  }
  return rc ? rc : check_group_raise(w, g, self);
}
