/* check/check.c - the checker (built once per population: email lists,
 * the document-number map, the versions record), the per-thread worker,
 * the order the checks run in, and the report of one subject. */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

#include "check/check_int.h"

/* Document numbers shorter than this are not compared across subjects
 * (too many honest collisions: "12345"). */
#define MIN_REUSE_NUMBER_LEN 6

json_t *check_jstr(vet_str s) { return vet_json_str(s); }

bool check_in_list(const char *list, const char *code)
{
  return code && code[0] && vet_names_has(list, vet_str_c(code));
}

void check_mrz_country(const struct vet_checker *ck, const char *mrz_code, char out[8])
{
  out[0] = 0;
  if (!mrz_code || !mrz_code[0])
    return;
  /* Germany writes "D" in MRZs (ICAO 9303 part 3) */
  const char *code = !strcmp(mrz_code, "D") ? "DE" : vet_country_resolve(ck->countries, vet_str_c(mrz_code));
  if (code)
    vet_cstr_copy(out, 8, code);
}

/* Every word of a aligned with a word of b (a is a part of b). */
static bool all_aligned(const struct vet_explain *ex) { return ex->n_align > 0 && ex->n_q_unmatched == 0; }

const struct vet_name_norm *check_norm(struct vet_check_worker *w, vet_str s)
{
  for (uint32_t i = 0; i < w->n_names; i++)
    if (vet_str_eq(w->names[i].text, s))
      return w->names[i].ok ? &w->names[i].norm : NULL;
  struct vet_name_norm n;
  bool ok = vet_name_normalize(w->nz, &w->a, s, &n, NULL) == VET_OK;
  if (ok)
    vet_name_uniform_weights(&w->ck->cfg->match, &n);
  if (w->n_names >= CHECK_NAME_CACHE) /* a subject with very many names: no caching past the cap */
    return NULL;
  uint32_t i = w->n_names++;
  w->names[i].text = s;
  w->names[i].norm = n;
  w->names[i].ok = ok;
  return ok ? &w->names[i].norm : NULL;
}

/* vet_compare over the cache; false when a name does not normalize. */
static bool compare(struct vet_check_worker *w, vet_str a, vet_str b, double *score, struct vet_explain *ex)
{
  const struct vet_name_norm *x = check_norm(w, a), *y = check_norm(w, b);
  if (!x || !y)
    return false;
  *score = vet_score_names(&w->ck->cfg->match, x, y, &w->a, ex);
  return true;
}

double check_compare(struct vet_check_worker *w, vet_str a, vet_str b, enum vet_schema schema)
{
  double score = 0;
  struct vet_explain ex;
  (void)schema; /* vet_compare does not use the type either */
  if (!a.len || !b.len || !compare(w, a, b, &score, &ex))
    return 0;
  /* "Julie" and "Julie Côté", "Faisal Javed" and "Muhammad Faisal Javed":
   * one name is a part of the other, which is how the same person writes
   * a short and a full name; the pair score alone would call them two */
  if (score < w->ck->cfg->check.same_person_score && (all_aligned(&ex) || ex.n_c_unmatched == 0) && ex.n_align)
    score = w->ck->cfg->check.same_person_score;
  return score;
}

bool check_is_part_of(struct vet_check_worker *w, vet_str a, vet_str b)
{
  double score = 0;
  struct vet_explain ex;
  if (!a.len || !b.len || !compare(w, a, b, &score, &ex))
    return false;
  return all_aligned(&ex);
}

double check_best_self_score(struct vet_check_worker *w, vet_str a, vet_str *best)
{
  const struct vet_subject *s = w->s;
  double top = -1;
  vet_str names[2 + 16];
  size_t n = 0;
  if (s->name.len)
    names[n++] = s->name;
  if (s->display_name.len)
    names[n++] = s->display_name;
  for (uint32_t i = 0; i < s->aliases.n && n < VET_COUNTOF(names); i++)
    names[n++] = s->aliases.v[i];
  /* scores are at most 1: a perfect one ends the search (the first name
   * with the top score is kept either way) */
  for (size_t i = 0; i < n && top < 1.0; i++) {
    double sc = check_compare(w, a, names[i], s->kind);
    if (sc > top) {
      top = sc;
      if (best)
        *best = names[i];
    }
  }
  return top;
}

bool check_share_word(struct vet_check_worker *w, vet_str a, vet_str b)
{
  const struct vet_name_norm *x = check_norm(w, a), *y = check_norm(w, b);
  if (!x || !y)
    return false;
  for (uint32_t i = 0; i < x->n; i++)
    for (uint32_t j = 0; j < y->n; j++)
      if (x->tok[i].text.len >= 2 && vet_str_eq(x->tok[i].text, y->tok[j].text))
        return true;
  return false;
}

/* ---- the checker --------------------------------------------------------- */

struct docref {
  vet_str key;
  uint32_t subject;
};

static vet_err build_docnums(struct vet_checker *ck, struct vet_error *e)
{
  const struct vet_population *p = ck->pop;
  struct docref *refs = NULL;
  uint32_t n = 0, cap = 0;
  for (uint32_t i = 0; i < p->n_subjects; i++) {
    const struct vet_subject *s = &p->subjects[i];
    for (uint32_t d = 0; d < s->n_documents; d++) {
      const struct vet_document *doc = &s->documents[d];
      vet_str nums[2] = {doc->number, {"", 0}};
      struct vet_mrz m;
      if (doc->mrz.len && vet_mrz_parse(doc->mrz, &ck->today, &m, NULL) == VET_OK)
        nums[1] = vet_str_c(m.document_number);
      vet_str field_key = VET_STR_NULL; /* the printed number's key: its MRZ copy is the same document */
      for (int k = 0; k < 2; k++) {
        if (!nums[k].len)
          continue;
        vet_str key = vet_ident_normalize(&ck->arena, VET_ID_PASSPORT, nums[k]);
        if (k == 0)
          field_key = key;
        if (key.len < MIN_REUSE_NUMBER_LEN || (k == 1 && vet_str_eq(key, field_key)))
          continue;
        struct docref *r = vet_vec_push(&refs, &n, &cap, sizeof *r);
        if (!r) {
          free(refs);
          return vet_fail(e, VET_ENOMEM, "out of memory");
        }
        r->key = key;
        r->subject = i;
      }
    }
  }
  /* group ids in first-seen order, then members grouped (counting sort) */
  uint32_t *gid = malloc((n ? n : 1) * sizeof *gid);
  uint32_t *count = NULL;
  vet_err rc = gid ? VET_OK : VET_ENOMEM;
  for (uint32_t i = 0; i < n && !rc; i++) {
    bool ins;
    uint32_t *v = vet_strmap_put(&ck->docnums, refs[i].key, ck->n_groups, &ins);
    if (!v)
      rc = VET_ENOMEM;
    else {
      if (ins)
        ck->n_groups++;
      gid[i] = *v;
    }
  }
  if (!rc) {
    count = calloc(ck->n_groups + 1, sizeof *count);
    ck->doc_start = calloc(ck->n_groups + 1, sizeof *ck->doc_start);
    ck->doc_members = malloc((n ? n : 1) * sizeof *ck->doc_members);
    if (!count || !ck->doc_start || !ck->doc_members)
      rc = VET_ENOMEM;
  }
  if (!rc) {
    for (uint32_t i = 0; i < n; i++)
      ck->doc_start[gid[i] + 1]++;
    for (uint32_t g = 0; g < ck->n_groups; g++)
      ck->doc_start[g + 1] += ck->doc_start[g];
    for (uint32_t i = 0; i < n; i++)
      ck->doc_members[ck->doc_start[gid[i]] + count[gid[i]]++] = refs[i].subject;
  }
  free(count);
  free(gid);
  free(refs);
  return rc ? vet_fail(e, rc, "out of memory") : VET_OK;
}

/* Settings that differ from the defaults, and a hash of all of them. */
static json_t *config_record(const struct vet_config *cfg)
{
  struct vet_config def;
  vet_config_defaults(&def);
  json_t *changed = json_object();
  uint64_t h = 0;
  const char *name, *doc, *dname, *ddoc;
  char v[160], dv[160];
  for (size_t i = 0; vet_config_item(cfg, i, &name, v, sizeof v, &doc); i++) {
    h = vet_hash(name, strlen(name), h);
    h = vet_hash(v, strlen(v), h);
    if (vet_config_item(&def, i, &dname, dv, sizeof dv, &ddoc) && strcmp(v, dv))
      json_object_set_new(changed, name, json_string(v));
  }
  char hex[24];
  snprintf(hex, sizeof hex, "%016llx", (unsigned long long)h);
  return json_pack("{s:s, s:o}", "hash", hex, "changed", changed);
}

void check_field(char *dst, size_t cap, const char *base, int k, const char *suffix)
{
  if (!cap)
    return;
  char num[20];
  size_t nl = k >= 0 ? vet_dec_u64(num, (unsigned)k) : 0;
  const struct {
    const char *p;
    size_t n;
  } parts[] = {{base, strlen(base)}, {"[", k >= 0}, {num, nl}, {"]", k >= 0}, {suffix, k >= 0 ? strlen(suffix) : 0}};
  size_t at = 0;
  for (size_t i = 0; i < VET_COUNTOF(parts); i++) {
    size_t n = VET_MIN(parts[i].n, cap - 1 - at);
    memcpy(dst + at, parts[i].p, n);
    at += n;
  }
  dst[at] = 0;
}

uint32_t check_threads(const struct vet_checker *ck, uint32_t max)
{
  return VET_MIN(vet_threads(ck->threads), max);
}

/* The farm index and the links' collection do not depend on each other:
 * with two threads allowed the farm's (serial) passes run on a thread of
 * their own meanwhile.  Then the links take the farm's groups. */
struct farm_job {
  struct vet_checker *ck;
  struct vet_error e;
  vet_err rc;
};

static void *farm_thread(void *arg)
{
  struct farm_job *j = arg;
  j->rc = check_farm_build(j->ck, &j->e);
  return NULL;
}

static vet_err build_farm_and_links(struct vet_checker *ck, struct vet_error *e)
{
  struct farm_job fj = {.ck = ck};
  pthread_t th;
  bool started = check_threads(ck, 2) >= 2 && pthread_create(&th, NULL, farm_thread, &fj) == 0;
  if (!started)
    farm_thread(&fj);
  vet_err rc = started || !fj.rc ? check_links_collect(ck, e) : VET_OK;
  if (started)
    pthread_join(th, NULL);
  if (fj.rc) { /* the farm's error first, as when it ran first */
    *e = fj.e;
    return fj.rc;
  }
  return rc ? rc : check_links_finish(ck, e);
}

struct vet_checker *vet_checker_new(const struct vet_ctx *ctx, const struct vet_population *pop,
                                    struct vet_error *e)
{
  return vet_checker_new_opts(ctx, pop, NULL, e);
}

struct vet_checker *vet_checker_new_opts(const struct vet_ctx *ctx, const struct vet_population *pop,
                                         const struct vet_checker_opts *opts, struct vet_error *e)
{
  if (!vet_ctx_index(ctx) || !pop->finished) {
    vet_fail(e, VET_EINVAL, "checker needs loaded lists and a finished population");
    return NULL;
  }
  struct vet_checker *ck = calloc(1, sizeof *ck);
  if (!ck) {
    vet_fail(e, VET_ENOMEM, "out of memory");
    return NULL;
  }
  ck->threads = opts ? opts->threads : 0;
  ck->ctx = ctx;
  ck->cfg = vet_ctx_config(ctx);
  ck->countries = vet_ctx_countries(ctx);
  ck->ix = vet_ctx_index(ctx);
  ck->pop = pop;
  vet_date_today(&ck->today);
  vet_strmap_init(&ck->docnums);
  vet_arena_init(&ck->arena, 64 * 1024);
  char dir[4096];
  snprintf(dir, sizeof dir, "%s/email", vet_ctx_data_dir(ctx));
  ck->email = vet_email_db_load(dir, e);
  if (!ck->email || build_docnums(ck, e)) {
    vet_checker_free(ck);
    return NULL;
  }
  /* IP data and centroids are optional: without them the IP-based signals
   * do not run (the others still do) */
  snprintf(dir, sizeof dir, "%s/ip/vetter-ip.db", vet_ctx_data_dir(ctx));
  ck->ipdb = vet_ipdb_open(dir, ck->cfg->ip_mmdb, &ck->ipdb_error);
  if (!ck->ipdb && ck->cfg->ip_mmdb[0]) {
    /* a database the user configured and that does not open is an error,
     * not a silent run without the IP signals */
    vet_fail(e, ck->ipdb_error.code, "%s", ck->ipdb_error.msg);
    vet_checker_free(ck);
    return NULL;
  }
  if (build_farm_and_links(ck, e) || check_collusion_build(ck, e)) {
    vet_checker_free(ck);
    return NULL;
  }
  snprintf(dir, sizeof dir, "%s/country/centroids.tsv", vet_ctx_data_dir(ctx));
  bool offsets = false;
  for (uint32_t i = 0; i < pop->n_events && !offsets; i++)
    offsets = pop->events[i].x->has_tz_offset;
  if (ev_centroids_load(dir, &ck->geo, NULL) == VET_ENOMEM || (offsets && ev_tz_countries_build(&ck->tzc))) {
    vet_fail(e, VET_ENOMEM, "out of memory");
    vet_checker_free(ck);
    return NULL;
  }
  ck->versions = json_pack("{s:s, s:o, s:o}", "vetter", VET_VERSION, "config", config_record(ck->cfg), "lists",
                           vet_lists_versions_json(vet_ctx_lists(ctx), 0));
  if (!ck->versions) {
    vet_fail(e, VET_ENOMEM, "out of memory");
    vet_checker_free(ck);
    return NULL;
  }
  /* last: rating runs every check on the grouped subjects */
  if (check_groups_rate(ck, e)) {
    vet_checker_free(ck);
    return NULL;
  }
  return ck;
}

void vet_checker_free(struct vet_checker *ck)
{
  if (!ck)
    return;
  vet_email_db_free(ck->email);
  check_groups_release(ck);
  check_collusion_release(ck);
  check_links_release(ck);
  check_farm_release(ck);
  vet_ipdb_close(ck->ipdb);
  ev_centroids_release(&ck->geo);
  ev_tz_countries_release(&ck->tzc);
  vet_strmap_release(&ck->docnums);
  vet_arena_release(&ck->arena);
  free(ck->doc_start);
  free(ck->doc_members);
  json_decref(ck->versions);
  free(ck);
}

json_t *vet_checker_versions(const struct vet_checker *ck) { return ck->versions; }

const struct vet_population *vet_checker_population(const struct vet_checker *ck) { return ck->pop; }

const char *vet_checker_warning(const struct vet_checker *ck)
{
  if (ck->ipdb || !ck->pop->n_events)
    return NULL;
  return ck->ipdb_error.msg[0] ? ck->ipdb_error.msg : "the IP table could not be opened";
}

/* Other subjects holding document number key (normalized); their indices
 * in out (at most cap), count returned. */
uint32_t check_doc_holders(const struct vet_checker *ck, vet_str key, uint32_t self, uint32_t *out, uint32_t cap)
{
  uint32_t *g = vet_strmap_get(&ck->docnums, key);
  uint32_t n = 0;
  if (!g)
    return 0;
  for (uint32_t i = ck->doc_start[*g]; i < ck->doc_start[*g + 1]; i++) {
    uint32_t s = ck->doc_members[i];
    bool seen = s == self;
    for (uint32_t j = 0; j < n && !seen; j++)
      seen = out[j] == s;
    if (!seen && n < cap)
      out[n++] = s;
  }
  return n;
}

/* ---- workers and reports ------------------------------------------------- */

struct vet_check_worker *vet_check_worker_new(const struct vet_checker *ck, struct vet_error *e)
{
  struct vet_check_worker *w = calloc(1, sizeof *w);
  if (!w) {
    vet_fail(e, VET_ENOMEM, "out of memory");
    return NULL;
  }
  w->ck = ck;
  vet_arena_init(&w->a, 64 * 1024);
  vet_strmap_init(&w->clean);
  vet_strmap_init(&w->tool_memo);
  vet_strmap_init(&w->kvm_memo);
  vet_arena_init(&w->clean_arena, 64 * 1024);
  vet_findings_init(&w->f, &ck->cfg->risk);
  w->searcher = vet_searcher_new(ck->ix, e);
  w->nz = vet_normalizer_new(ck->cfg->match.max_name_bytes, e);
  w->versions = json_deep_copy(ck->versions);
  if (!w->searcher || !w->nz || !w->versions) {
    vet_check_worker_free(w);
    return NULL;
  }
  return w;
}

void vet_check_worker_free(struct vet_check_worker *w)
{
  if (!w)
    return;
  vet_searcher_free(w->searcher);
  check_events_release(w);
  vet_normalizer_free(w->nz);
  vet_findings_release(&w->f);
  json_decref(w->sanctions);
  json_decref(w->group);
  json_decref(w->versions);
  vet_arena_release(&w->a);
  vet_strmap_release(&w->clean);
  vet_strmap_release(&w->tool_memo);
  vet_strmap_release(&w->kvm_memo);
  vet_arena_release(&w->clean_arena);
  free(w);
}

void vet_check_worker_clear(struct vet_check_worker *w)
{
  if (!w)
    return;
  vet_findings_reset(&w->f);
  json_decref(w->sanctions);
  w->sanctions = NULL;
  json_decref(w->group);
  w->group = NULL;
}

vet_err vet_check_subject(struct vet_check_worker *w, uint32_t i, struct vet_report *out, struct vet_error *e)
{
  const struct vet_population *p = w->ck->pop;
  memset(out, 0, sizeof *out);
  if (i >= p->n_subjects)
    return vet_fail(e, VET_EINVAL, "no subject %u", i);
  w->s = &p->subjects[i];
  w->self = i;
  vet_arena_reset(&w->a);
  vet_findings_reset(&w->f);
  json_decref(w->sanctions);
  w->sanctions = json_array();
  json_decref(w->group);
  w->group = NULL;
  w->n_docs = w->n_phones = w->n_names = 0;
  memset(w->payout_self, 0, sizeof w->payout_self);
  vet_err rc = w->sanctions ? VET_OK : VET_ENOMEM;
  /* documents and contacts first: identity and payouts read their facts */
  vet_err (*const checks[])(struct vet_check_worker *) = {check_documents, check_contacts, check_identity,
                                                          check_payouts, check_sanctions, check_devices,
                                                          check_events,    check_farm,     check_rings,
                                                          check_collusion};
  for (size_t k = 0; k < VET_COUNTOF(checks) && !rc; k++)
    rc = checks[k](w);
  if (rc)
    return vet_fail(e, rc, "subject '%.*s': out of memory", VET_STR_FMT(w->s->id));
  vet_risk_score(&w->f, &out->risk);
  if (w->own_only) { /* a group's rating reads the score, band and findings, not the report */
    for (uint32_t k = 0; k < w->f.n; k++)
      out->rule_counts[w->f.v[k].rule]++;
    return VET_OK;
  }
  json_t *findings = json_array();
  for (uint32_t k = 0; k < w->f.n; k++) {
    json_array_append_new(findings, vet_finding_json(&w->f.v[k]));
    out->rule_counts[w->f.v[k].rule]++;
  }
  out->json = json_pack("{s:o, s:f, s:s, s:o, s:O, s:O}", "subject", check_jstr(w->s->id), "score", out->risk.score,
                        "band", vet_band_name(out->risk.band), "findings", findings, "sanctions", w->sanctions,
                        "versions", w->versions);
  if (out->json && w->group)
    json_object_set(out->json, "group", w->group);
  if (!out->json)
    return vet_fail(e, VET_ENOMEM, "subject '%.*s': out of memory", VET_STR_FMT(w->s->id));
  return VET_OK;
}
