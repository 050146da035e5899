/* link/groups.c - the groups of a vet_links (vet_links_finish): each
 * subject's shared records by strength; the subjects joined by union-find
 * over the records strong enough to link, a component larger than
 * link.max_group_size joined again at the next strength level; each
 * group's members and linking records; and the read-only accessors.
 * Owns: the groups' arrays, in the vet_links (freed by vet_links_free).
 * Thread-safety: one builder thread; read-only after vet_links_finish. */
#include <stdio.h>
#include <stdlib.h>

#include "core/common.h"
#include "link/link_int.h"
#include "vetter/link.h"

static uint32_t find(uint32_t *up, uint32_t x)
{
  while (up[x] != x) {
    up[x] = up[up[x]];
    x = up[x];
  }
  return x;
}

static int double_cmp(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* Union-find over the records that join (up: the forest, size: each
 * root's component size, both filled here).  A record reaching
 * link.min_strength joins its subjects; a component of more than
 * link.max_group_size subjects is then not one ring but a chain of
 * coincidences, so its subjects need the next strength level to join
 * (the distinct strengths of the records, in increasing order), and the
 * union runs again, until no component is too large or its records are
 * all at the top level.  A record joins when it reaches the level of
 * every subject it holds; its joins flag says so.  False when memory
 * runs out. */
static bool join_bounded(struct vet_links *l, uint32_t *up, uint32_t *size)
{
  uint32_t ns = l->pop->n_subjects;
  double *lv = malloc((l->n_sh ? l->n_sh : 1) * sizeof *lv);
  uint8_t *at = calloc(ns ? ns : 1, 1); /* each subject's level */
  if (!lv || !at) {
    free(lv);
    free(at);
    return false;
  }
  uint32_t nl = 0;
  for (uint32_t r = 0; r < l->n_sh; r++)
    if (l->sh[r].strength >= l->cfg.min_strength)
      lv[nl++] = l->sh[r].strength;
  qsort(lv, nl, sizeof *lv, double_cmp);
  uint32_t d = 0;
  for (uint32_t k = 0; k < nl; k++)
    if (!d || lv[k] > lv[d - 1])
      lv[d++] = lv[k];
  nl = VET_MIN(d, (uint32_t)UINT8_MAX);
  for (bool again = true; again;) {
    for (uint32_t i = 0; i < ns; i++)
      up[i] = i;
    l->st.linking = 0;
    for (uint32_t r = 0; r < l->n_sh; r++) {
      struct vet_link_shared *x = &l->sh[r];
      double need = l->cfg.min_strength;
      for (uint32_t k = 0; k < x->n && nl; k++)
        need = VET_MAX(need, lv[at[l->members[x->first + k]]]);
      x->joins = x->strength >= need;
      if (!x->joins)
        continue;
      l->st.linking++;
      uint32_t a = find(up, l->members[x->first]);
      for (uint32_t k = 1; k < x->n; k++) {
        uint32_t b = find(up, l->members[x->first + k]);
        if (a != b)
          up[b] = a;
      }
    }
    memset(size, 0, (ns ? ns : 1) * sizeof *size);
    for (uint32_t i = 0; i < ns; i++)
      size[find(up, i)]++;
    again = false;
    for (uint32_t i = 0; i < ns; i++)
      if (size[find(up, i)] > l->cfg.max_group_size && at[i] + 1u < nl) {
        at[i]++;
        again = true;
      }
  }
  l->st.split_subjects = 0;
  for (uint32_t i = 0; i < ns; i++)
    l->st.split_subjects += at[i] > 0;
  l->st.oversize_groups = 0;
  for (uint32_t i = 0; i < ns; i++)
    l->st.oversize_groups += find(up, i) == i && size[i] > l->cfg.max_group_size;
  free(lv);
  free(at);
  return true;
}

/* A shared record and its strength, to sort a subject's records. */
struct ranked {
  double strength;
  uint32_t r;
};

/* Strongest first, then by record index. */
static int by_strength(const void *a, const void *b)
{
  const struct ranked *x = a, *y = b;
  if (x->strength != y->strength)
    return x->strength > y->strength ? -1 : 1;
  return (x->r > y->r) - (x->r < y->r);
}

/* Each subject's records, strongest first (records as vet_links_of gives
 * them).  false when out of memory. */
static bool sort_subject_records(struct vet_links *l)
{
  uint32_t most = 0, ns = l->pop->n_subjects;
  for (uint32_t i = 0; i < ns; i++)
    most = VET_MAX(most, l->sub_start[i + 1] - l->sub_start[i]);
  struct ranked *t = malloc((most ? most : 1) * sizeof *t);
  if (!t)
    return false;
  for (uint32_t i = 0; i < ns; i++) {
    uint32_t *v = l->sub_sh + l->sub_start[i], n = l->sub_start[i + 1] - l->sub_start[i];
    for (uint32_t k = 0; k < n; k++)
      t[k] = (struct ranked){l->sh[v[k]].strength, v[k]};
    if (n > 1)
      qsort(t, n, sizeof *t, by_strength);
    for (uint32_t k = 0; k < n; k++)
      v[k] = t[k].r;
  }
  free(t);
  return true;
}

static int group_cmp(const void *a, const void *b)
{
  const struct vet_link_group *x = a, *y = b;
  if (x->n != y->n)
    return x->n > y->n ? -1 : 1;
  return strcmp(x->id, y->id);
}

vet_err vet_links_finish(struct vet_links *l, struct vet_error *e)
{
  uint32_t ns = l->pop->n_subjects;
  uint32_t *up = malloc((ns ? ns : 1) * sizeof *up);
  uint32_t *size = calloc(ns ? ns : 1, sizeof *size);
  l->group_of = malloc((ns ? ns : 1) * sizeof *l->group_of);
  l->sub_start = calloc((size_t)ns + 1, sizeof *l->sub_start);
  l->gshared = malloc((l->n_sh ? l->n_sh : 1) * sizeof *l->gshared);
  uint32_t total = 0;
  for (uint32_t r = 0; r < l->n_sh; r++)
    total += l->sh[r].n;
  l->sub_sh = malloc((total ? total : 1) * sizeof *l->sub_sh);
  if (!up || !size || !l->group_of || !l->sub_start || !l->gshared || !l->sub_sh) {
    free(up);
    free(size);
    return vet_fail(e, VET_ENOMEM, "linking: out of memory");
  }
  for (uint32_t i = 0; i < ns; i++) {
    up[i] = i;
    l->group_of[i] = UINT32_MAX;
  }
  /* per subject: its shared records */
  for (uint32_t r = 0; r < l->n_sh; r++)
    for (uint32_t k = 0; k < l->sh[r].n; k++)
      l->sub_start[l->members[l->sh[r].first + k] + 1]++;
  for (uint32_t i = 0; i < ns; i++)
    l->sub_start[i + 1] += l->sub_start[i];
  for (uint32_t r = 0; r < l->n_sh; r++)
    for (uint32_t k = 0; k < l->sh[r].n; k++) {
      uint32_t s = l->members[l->sh[r].first + k];
      l->sub_sh[l->sub_start[s] + size[s]++] = r;
    }
  if (!sort_subject_records(l)) {
    free(up);
    free(size);
    return vet_fail(e, VET_ENOMEM, "linking: out of memory");
  }
  /* union over the linking records, splitting the components that are
   * too large to be one ring */
  if (!join_bounded(l, up, size)) {
    free(up);
    free(size);
    return vet_fail(e, VET_ENOMEM, "linking: out of memory");
  }
  /* groups: roots of two or more; members appended after the records' */
  uint32_t ng = 0;
  for (uint32_t i = 0; i < ns; i++)
    ng += find(up, i) == i && size[i] >= 2;
  l->groups = calloc(ng ? ng : 1, sizeof *l->groups);
  uint32_t grouped = 0;
  for (uint32_t i = 0; i < ns; i++)
    grouped += size[find(up, i)] >= 2;
  while (l->n_members + grouped > l->cap_members) {
    uint32_t cap = l->cap_members ? l->cap_members * 2 : 4096;
    uint32_t *g = realloc(l->members, (size_t)cap * sizeof *g);
    if (!g) {
      free(up);
      free(size);
      return vet_fail(e, VET_ENOMEM, "linking: out of memory");
    }
    l->members = g;
    l->cap_members = cap;
  }
  if (!l->groups) {
    free(up);
    free(size);
    return vet_fail(e, VET_ENOMEM, "linking: out of memory");
  }
  /* root -> group index (through size[], reused) */
  uint32_t at = l->n_members;
  for (uint32_t i = 0; i < ns; i++)
    if (find(up, i) == i && size[i] >= 2) {
      struct vet_link_group *g = &l->groups[l->n_groups];
      g->first = at;
      g->n = 0;
      at += size[i];
      size[i] = l->n_groups++;
    } else if (find(up, i) == i) {
      size[i] = UINT32_MAX;
    }
  for (uint32_t i = 0; i < ns; i++) {
    uint32_t r = find(up, i);
    if (size[r] == UINT32_MAX)
      continue;
    struct vet_link_group *g = &l->groups[size[r]];
    l->members[g->first + g->n++] = i; /* ascending subject index */
    l->group_of[i] = size[r];
  }
  l->n_members = at;
  /* the linking records of each group, and the stable id */
  uint32_t *count = calloc(l->n_groups + 1, sizeof *count);
  if (!count) {
    free(up);
    free(size);
    return vet_fail(e, VET_ENOMEM, "linking: out of memory");
  }
  for (uint32_t r = 0; r < l->n_sh; r++)
    if (l->sh[r].joins)
      count[l->group_of[l->members[l->sh[r].first]] + 1]++;
  for (uint32_t g = 0; g < l->n_groups; g++)
    count[g + 1] += count[g];
  for (uint32_t g = 0; g < l->n_groups; g++) {
    l->groups[g].shared_first = count[g];
    l->groups[g].n_shared = 0;
  }
  for (uint32_t r = 0; r < l->n_sh; r++)
    if (l->sh[r].joins) {
      struct vet_link_group *g = &l->groups[l->group_of[l->members[l->sh[r].first]]];
      l->gshared[g->shared_first + g->n_shared++] = r;
    }
  free(count);
  for (uint32_t g = 0; g < l->n_groups; g++) {
    uint64_t h = 0;
    for (uint32_t k = 0; k < l->groups[g].n; k++) {
      vet_str id = l->pop->subjects[l->members[l->groups[g].first + k]].id;
      h = vet_hash(id.ptr, id.len, h);
      h = vet_hash("\n", 1, h);
    }
    snprintf(l->groups[g].id, sizeof l->groups[g].id, "g%012llx", (unsigned long long)(h & 0xffffffffffffull));
  }
  /* largest first; group_of follows */
  qsort(l->groups, l->n_groups, sizeof *l->groups, group_cmp);
  for (uint32_t g = 0; g < l->n_groups; g++)
    for (uint32_t k = 0; k < l->groups[g].n; k++)
      l->group_of[l->members[l->groups[g].first + k]] = g;
  l->st.groups = l->n_groups;
  l->st.grouped_subjects = grouped;
  free(up);
  free(size);
  return VET_OK;
}

const struct vet_link_group *vet_links_group_of(const struct vet_links *l, uint32_t i)
{
  if (!l->group_of || i >= l->pop->n_subjects || l->group_of[i] == UINT32_MAX)
    return NULL;
  return &l->groups[l->group_of[i]];
}

const struct vet_link_group *vet_links_groups(const struct vet_links *l, uint32_t *n)
{
  *n = l->n_groups;
  return l->groups;
}

const uint32_t *vet_links_of(const struct vet_links *l, uint32_t i, uint32_t *n)
{
  if (!l->sub_start || i >= l->pop->n_subjects) {
    *n = 0;
    return NULL;
  }
  *n = l->sub_start[i + 1] - l->sub_start[i];
  return l->sub_sh + l->sub_start[i];
}

const struct vet_link_shared *vet_links_shared(const struct vet_links *l, uint32_t *n)
{
  *n = l->n_sh;
  return l->sh;
}

const uint32_t *vet_links_group_shared(const struct vet_links *l) { return l->gshared; }

const uint32_t *vet_links_members(const struct vet_links *l) { return l->members; }

void vet_links_stats(const struct vet_links *l, struct vet_links_stats *out) { *out = l->st; }
