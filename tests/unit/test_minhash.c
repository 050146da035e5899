/* test_minhash.c - link/minhash.c: normalisation, shingles, signatures
 * and the LSH index on developer resumes written for the test: five
 * different people whose texts share boilerplate sentences and skills
 * lists, and two near-duplicates of one of them (names, employers and a
 * sentence or two changed, skills reordered).  Near-duplicates must pair
 * with an estimate close to the exact shingle Jaccard (computed here by a
 * separate, plain implementation), different resumes must not pair,
 * headlines behave, empty text never pairs, crowds of one boilerplate
 * text are skipped and counted; the index agrees with brute force on a
 * generated population. */
#include <inttypes.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "link/link_int.h"
#include "testutil.h"
#include "vetter/minhash.h"

/* ---- the resumes ----------------------------------------------------- */

static const char harper[] =
    "Daniel Harper - Senior Full Stack Developer. I am a passionate full stack developer with over 8 years of "
    "experience building scalable web applications for startups and enterprise clients. At Brightline Analytics "
    "in Austin I led a team of five engineers that rebuilt the customer reporting portal in React and "
    "TypeScript, cutting page load times by sixty percent and moving the backend from a monolith to Node.js "
    "services on AWS Lambda. Before that I spent three years at Corvid Health writing HIPAA compliant APIs in "
    "Python and Django, designing PostgreSQL schemas for patient scheduling, and setting up continuous "
    "integration with GitHub Actions and Docker. I enjoy mentoring junior developers, running code reviews and "
    "writing clear technical documentation. In my current role I also own the observability stack: structured "
    "logs, Prometheus metrics and Grafana dashboards that the whole engineering team relies on during "
    "incidents. I have experience working with product managers and designers in agile teams, estimating "
    "work, and breaking large features into small releases that can be shipped every week. My recent side project is an open source library for rendering "
    "large data tables with virtual scrolling, used by about two thousand developers every week. I hold a "
    "bachelor's degree in computer science from the University of Texas at Dallas. Strong communication skills "
    "and ability to work independently in remote teams across time zones. I am available for long term "
    "contracts and can start immediately. Skills: JavaScript, TypeScript, React, Redux, Node.js, Express, "
    "Python, Django, PostgreSQL, Redis, AWS, Docker, Kubernetes, Terraform, Git, Jest, Cypress.";

/* harper with another name, other employers, a sentence changed and the
 * skills reordered: the copy a ring would post under a second account */
static const char mitchell[] =
    "Ryan Mitchell - Senior Full Stack Engineer. I am a passionate full stack developer with over 8 years of "
    "experience building scalable web applications for startups and enterprise clients. At Northwind Data "
    "in Denver I led a team of five engineers that rebuilt the customer reporting portal in React and "
    "TypeScript, cutting page load times by sixty percent and moving the backend from a monolith to Node.js "
    "services on AWS Lambda. Before that I spent three years at Bluepeak Medical writing HIPAA compliant APIs in "
    "Python and Django, designing PostgreSQL schemas for patient scheduling, and setting up continuous "
    "integration with GitHub Actions and Docker. I enjoy mentoring junior developers, running code reviews and "
    "writing clear technical documentation. In my current role I also own the observability stack: structured "
    "logs, Prometheus metrics and Grafana dashboards that the whole engineering team relies on during "
    "incidents. I have experience working with product managers and designers in agile teams, estimating "
    "work, and breaking large features into small releases that can be shipped every week. In my free time I contribute to open source projects and write "
    "about frontend performance on my blog. I hold a bachelor's degree in computer science from the University "
    "of Colorado. Strong communication skills and ability to work independently in remote teams across time "
    "zones. I am available for long term contracts and can start immediately. Skills: React, TypeScript, "
    "JavaScript, Node.js, Express, Redux, Django, Python, PostgreSQL, Redis, Docker, AWS, Kubernetes, "
    "Terraform, Jest, Git, Cypress.";

/* harper again, lightly reworded and cut short: a third account */
static const char lee[] =
    "Kevin Lee, full stack developer. I am a passionate full stack developer with over 8 years of experience "
    "building scalable web applications for startups and enterprise clients. At Summit Labs I led a team of "
    "five engineers that rebuilt the customer reporting portal in React and TypeScript, cutting page load "
    "times by sixty percent and moving the backend from a monolith to Node.js services on AWS Lambda. Before "
    "that I spent three years at Corvid Health writing HIPAA compliant APIs in Python and Django, designing "
    "PostgreSQL schemas for patient scheduling, and setting up continuous integration with GitHub Actions and "
    "Docker. I enjoy mentoring junior developers, running code reviews and writing clear technical "
    "documentation. In my current role I also own the observability stack: structured logs, Prometheus "
    "metrics and Grafana dashboards that the whole engineering team relies on during incidents. Strong "
    "communication skills and ability to work independently in remote teams across time zones. Skills: "
    "JavaScript, TypeScript, React, Node.js, Python, Django, PostgreSQL, AWS, Docker.";

/* different people who share the boilerplate opening, closing and skills */
static const char martinez[] =
    "Sofia Martinez - Full Stack Developer. I am a passionate full stack developer with over 6 years of "
    "experience building scalable web applications. I started my career in Barcelona as a frontend developer "
    "for an online travel agency, where I built the booking flow in Angular and later migrated it to React "
    "with server side rendering. For the last four years I have worked remotely for a logistics company, "
    "owning the shipment tracking service written in Node.js and TypeScript, the event pipeline on Kafka and "
    "the dashboards used by three hundred dispatchers. I care about accessibility, automated testing and "
    "small, well reviewed pull requests. I have experience working with product managers and designers in "
    "agile teams, and I am comfortable leading planning sessions when the team lead is away. I have given talks at two local JavaScript meetups about testing "
    "React components and about migrating legacy jQuery code. I speak Spanish, Catalan and English. Strong "
    "communication skills and ability to work independently in remote teams across time zones. Skills: "
    "JavaScript, TypeScript, React, Angular, Node.js, Kafka, PostgreSQL, MongoDB, AWS, Docker, Git, Jest.";

static const char chen[] =
    "Wei Chen, backend engineer. Over ten years of experience designing distributed systems and data "
    "platforms. At a payments processor in Singapore I designed the ledger service in Go that settles two "
    "million transactions a day, with exactly once delivery on top of Kafka and a PostgreSQL cluster managed "
    "with Patroni. I introduced structured logging and tracing with OpenTelemetry, which cut the time to find "
    "production incidents in half. Earlier I worked on search infrastructure in Java, tuning Elasticsearch "
    "clusters and writing the indexing pipeline in Apache Flink. I like clear interfaces, boring technology "
    "and runbooks that on call engineers can follow at three in the morning. During my last year there I "
    "also owned the capacity planning for the holiday season, load testing every service with k6 and "
    "writing the scaling playbook that the team still uses. I am looking for a remote role "
    "where reliability matters. Strong communication skills and ability to work independently in remote "
    "teams across time zones. Skills: Go, Java, Python, Kafka, PostgreSQL, Elasticsearch, Kubernetes, "
    "Terraform, AWS, GCP, Docker, Git.";

static const char kovalenko[] =
    "Olena Kovalenko - Mobile Developer. I am a passionate mobile developer with over 7 years of experience "
    "building native and cross platform apps. I have shipped twelve apps to the App Store and Google Play, "
    "including a banking app with two hundred thousand monthly users written in Kotlin and Swift, and a "
    "fitness tracker in Flutter that syncs with wearables over Bluetooth Low Energy. I work closely with "
    "designers to turn Figma prototypes into smooth animations and I measure everything: crash rates, cold "
    "start times and battery use. I set up the release pipeline with Fastlane and Bitrise so that every merge "
    "produces a signed test build. Most of my clients found me through referrals, and several of them have "
    "hired me again for the next version of their product. I enjoy mentoring junior developers and writing clear technical "
    "documentation. I am available for long term contracts and can start immediately. Skills: Kotlin, Swift, "
    "Flutter, Dart, Firebase, REST, GraphQL, Git, Fastlane.";

static const char oconnor[] =
    "James O'Connor: data engineer and analytics developer. I build data pipelines that analysts trust. For a "
    "retail chain in Dublin I moved two hundred nightly reports from stored procedures to dbt models on "
    "Snowflake, with tests on every model and documentation generated for the business users. I orchestrate "
    "jobs with Airflow, write Python for the awkward sources such as supplier spreadsheets sent by email, and "
    "keep costs down by partitioning and clustering the largest tables. Before data engineering I was a "
    "business intelligence developer for five years, so I know what the people at the end of the pipeline "
    "need. Recently I introduced data contracts between the product teams and the warehouse, so that a "
    "renamed column breaks a build instead of a board report. I am a passionate full stack developer of data products rather than websites. Strong "
    "communication skills and ability to work independently in remote teams across time zones. Skills: "
    "Python, SQL, dbt, Snowflake, Airflow, AWS, Docker, Git, Tableau.";

enum { HARPER, MITCHELL, LEE, MARTINEZ, CHEN, KOVALENKO, OCONNOR, NRESUMES };
static const char *const resumes[NRESUMES] = {harper, mitchell, lee, martinez, chen, kovalenko, oconnor};
static const char *const who[NRESUMES] = {"harper", "mitchell", "lee", "martinez", "chen", "kovalenko", "oconnor"};

/* ---- an exact Jaccard by another route: strings, not hashes ---------- */

/* Lower-case ASCII words of text (the resumes are ASCII) in words[],
 * NUL-terminated in buf. */
static size_t plain_words(const char *text, char *buf, size_t cap, const char **words, size_t maxw)
{
  size_t n = 0, o = 0;
  bool in = false;
  for (const char *p = text; *p && o + 2 < cap; p++) {
    int c = (unsigned char)*p;
    if (vet_is_alnum(c)) {
      if (!in && n < maxw)
        words[n++] = buf + o;
      buf[o++] = (char)vet_lower(c);
      in = true;
    } else if (in) {
      buf[o++] = 0;
      in = false;
    }
  }
  buf[o] = 0;
  return n;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* The sorted distinct k-word shingles of text, each "w1 w2 w3" malloc'd. */
static size_t plain_shingles(const char *text, uint32_t k, char **out, size_t maxs)
{
  static char buf[8192];
  const char *w[1024];
  size_t nw = plain_words(text, buf, sizeof buf, w, VET_COUNTOF(w)), ns = 0;
  size_t count = nw == 0 ? 0 : nw < k ? 1 : nw - k + 1;
  for (size_t i = 0; i < count && ns < maxs; i++) {
    char s[512] = "";
    size_t len = 0;
    for (size_t j = i; j < i + k && j < nw; j++)
      len += (size_t)snprintf(s + len, sizeof s - len, "%s%s", j > i ? " " : "", w[j]);
    out[ns] = malloc(len + 1);
    memcpy(out[ns++], s, len + 1);
  }
  qsort(out, ns, sizeof *out, cmp_str);
  size_t u = 0;
  for (size_t i = 0; i < ns; i++)
    if (u && strcmp(out[u - 1], out[i]) == 0)
      free(out[i]);
    else
      out[u++] = out[i];
  return u;
}

static double plain_jaccard(const char *a, const char *b, uint32_t k)
{
  static char *sa[1024], *sb[1024];
  size_t na = plain_shingles(a, k, sa, 1024), nb = plain_shingles(b, k, sb, 1024), i = 0, j = 0, both = 0;
  while (i < na && j < nb) {
    int c = strcmp(sa[i], sb[j]);
    both += c == 0;
    i += c <= 0;
    j += c >= 0;
  }
  for (size_t x = 0; x < na; x++)
    free(sa[x]);
  for (size_t x = 0; x < nb; x++)
    free(sb[x]);
  return na + nb ? (double)both / (double)(na + nb - both) : 0.0;
}

/* ---- fixtures --------------------------------------------------------- */

struct fx {
  struct vet_minhash_params p;
  struct vet_minhash *mh;
  uint64_t sig[NRESUMES][VET_MINHASH_MAX_HASHES];
};

static int setup(void **state)
{
  struct fx *f = calloc(1, sizeof *f);
  vet_minhash_params_defaults(&f->p);
  f->mh = vet_minhash_new(&f->p, NULL);
  if (!f->mh)
    return -1;
  for (int i = 0; i < NRESUMES; i++)
    if (vet_minhash_sign(f->mh, vet_str_c(resumes[i]), f->sig[i], NULL, NULL) != VET_OK)
      return -1;
  *state = f;
  return 0;
}

static int teardown(void **state)
{
  struct fx *f = *state;
  vet_minhash_free(f->mh);
  free(f);
  return 0;
}

/* Pairs reported by an index. */
struct found {
  uint64_t a[4096], b[4096];
  size_t n;
  size_t stop_after; /* 0: never stop */
  char text[1024];   /* "a-b a-b ", sorted (found_text) */
};

static bool collect(void *ctx, uint64_t a, uint64_t b, double j)
{
  struct found *f = ctx;
  if (f->n == VET_COUNTOF(f->a))
    fail_msg("too many pairs for the test buffer");
  assert_true(j >= 0.0 && j <= 1.0);
  f->a[f->n] = a;
  f->b[f->n++] = b;
  return !(f->stop_after && f->n >= f->stop_after);
}

static int cmp_pair(const void *x, const void *y)
{
  const uint64_t *p = x, *q = y;
  return p[0] != q[0] ? (p[0] > q[0]) - (p[0] < q[0]) : (p[1] > q[1]) - (p[1] < q[1]);
}

/* The pairs, sorted, as "a-b a-b " (the order of reporting is fixed but
 * follows the buckets, not the ids). */
static const char *found_text(struct found *f)
{
  uint64_t (*pairs)[2] = calloc(f->n + 1, sizeof *pairs);
  for (size_t i = 0; i < f->n; i++)
    pairs[i][0] = f->a[i], pairs[i][1] = f->b[i];
  qsort(pairs, f->n, sizeof *pairs, cmp_pair);
  size_t len = 0;
  f->text[0] = 0;
  for (size_t i = 0; i < f->n && len < sizeof f->text; i++)
    len += (size_t)snprintf(f->text + len, sizeof f->text - len, "%" PRIu64 "-%" PRIu64 " ", pairs[i][0],
                            pairs[i][1]);
  free(pairs);
  return f->text;
}

/* ---- tests -------------------------------------------------------------------- */

static void test_params(void **state)
{
  (void)state;
  struct vet_minhash_params d, p;
  vet_minhash_params_defaults(&d);
  assert_int_equal(vet_minhash_params_check(&d, NULL), VET_OK);
  assert_int_equal(d.bands * d.rows, d.num_hashes);
  static const struct {
    int field;
    double value;
    const char *msg;
  } bad[] = {
      {0, 0, "shingle_words 0"}, {0, 17, "shingle_words 17"}, {1, 0, "num_hashes 0"},
      {1, 2048, "num_hashes 2048"}, {2, 31, "bands 31 x rows 4"}, {2, 128, "bands 128"},
      {3, 0, "rows 0"}, {4, -0.1, "threshold"}, {4, 1.5, "threshold"}, {4, NAN, "threshold"},
      {5, 1, "max_bucket 1"}, {6, 0, "max_items 0"}, {7, 0, "max_text_bytes 0"},
  };
  for (size_t i = 0; i < VET_COUNTOF(bad); i++) {
    p = d;
    switch (bad[i].field) {
    case 0: p.shingle_words = (uint32_t)bad[i].value; break;
    case 1: p.num_hashes = (uint32_t)bad[i].value; break;
    case 2: p.bands = (uint32_t)bad[i].value; break;
    case 3: p.rows = (uint32_t)bad[i].value; break;
    case 4: p.threshold = bad[i].value; break;
    case 5: p.max_bucket = (uint32_t)bad[i].value; break;
    case 6: p.max_items = (uint32_t)bad[i].value; break;
    default: p.max_text_bytes = (uint32_t)bad[i].value; break;
    }
    struct vet_error e = {0};
    assert_int_equal(vet_minhash_params_check(&p, &e), VET_EINVAL);
    if (!strstr(e.msg, bad[i].msg))
      fail_msg("case %zu: '%s' lacks '%s'", i, e.msg, bad[i].msg);
    assert_null(vet_minhash_new(&p, NULL));
    assert_null(vet_minhash_index_new(&p, NULL));
  }
}

static void test_normalize(void **state)
{
  struct fx *f = *state;
  static const struct {
    const char *in, *want;
  } cases[] = {
      {"  Senior   Full-Stack DEVELOPER!!  ", "senior full stack developer"},
      {"R\xc3\xa9sum\xc3\xa9 \xe2\x80\x94 D\xc3\x89VELOPPEUR \xc3\xa0 Z\xc3\xbcrich", "resume developpeur a zurich"},
      {"I\xe2\x80\x99m a \xe2\x80\x9cgreat\xe2\x80\x9d dev\xe2\x80\xa6", "i m a great dev"},
      {"I'm a \"great\" dev...", "i m a great dev"},
      {"\xef\xbc\xa1\xef\xbc\xa2\xef\xbc\xa3 \xef\xbc\x91\xef\xbc\x92", "abc 12"}, /* full width */
      {"\xd0\xa0\xd0\xb0\xd0\xb7\xd1\x80\xd0\xb0\xd0\xb1\xd0\xbe\xd1\x82\xd1\x87\xd0\xb8\xd0\xba React",
       "\xd1\x80\xd0\xb0\xd0\xb7\xd1\x80\xd0\xb0\xd0\xb1\xd0\xbe\xd1\x82\xd1\x87\xd0\xb8\xd0\xba react"},
      {"C++ / C# / .NET \xe2\x80\xa2 Node.js", "c c net node js"},
      {"STRASSE Stra\xc3\x9f" "e", "strasse strasse"}, /* case folding, not lower-casing */
      {"\xef\xac\x81le \xe2\x84\xa2", "file tm"},              /* NFKC ligature and symbol */
      {"", ""},
      {"  !!! --- ... ", ""},
  };
  for (size_t i = 0; i < VET_COUNTOF(cases); i++) {
    struct vet_buf b;
    vet_buf_init(&b, 1024);
    tu_must(vet_minhash_normalize(f->mh, vet_str_c(cases[i].in), &b, NULL), cases[i].in);
    if (strcmp(vet_buf_cstr(&b), cases[i].want) != 0)
      fail_msg("'%s': got '%s', want '%s'", cases[i].in, vet_buf_cstr(&b), cases[i].want);
    vet_buf_release(&b);
  }
  uint64_t sig[VET_MINHASH_MAX_HASHES];
  struct vet_error e = {0};
  assert_int_equal(vet_minhash_sign(f->mh, (vet_str){"ab\xff" "cd", 5}, sig, NULL, &e), VET_EPARSE);
  assert_string_equal(e.msg, "text is not valid UTF-8");
  /* the same words however written: one signature */
  uint64_t s2[VET_MINHASH_MAX_HASHES];
  tu_must(vet_minhash_sign(f->mh, vet_str_c(cases[2].in), sig, NULL, NULL), "curly");
  tu_must(vet_minhash_sign(f->mh, vet_str_c(cases[3].in), s2, NULL, NULL), "straight");
  assert_memory_equal(sig, s2, f->p.num_hashes * sizeof *sig);
}

/* Fixed signature values: the scheme is integer-only and byte-order
 * free, so these hold on every machine; a change here invalidates every
 * stored signature. */
static void test_golden(void **state)
{
  struct fx *f = *state;
  uint64_t sig[VET_MINHASH_MAX_HASHES];
  size_t ns = 0;
  tu_must(vet_minhash_sign(f->mh, VET_LIT("The quick brown fox jumps over the lazy dog"), sig, &ns, NULL), "fox");
  assert_int_equal(ns, 7);
  static const uint64_t want[4] = {0x017bb07820c2f700ull, 0x020fefd3f094adbdull, 0x004ae710f409d4d1ull,
                                   0x050c582f2c546f69ull};
  for (int i = 0; i < 4; i++) {
    if (sig[i] != want[i])
      fail_msg("sig[%d] = %016" PRIx64 ", want %016" PRIx64, i, sig[i], want[i]);
  }
  for (uint32_t i = 0; i < f->p.num_hashes; i++)
    assert_true(sig[i] < (1ull << 61) - 1);
}

/* Estimates against the exact Jaccard of the shingle sets. */
static void test_estimates(void **state)
{
  struct fx *f = *state;
  /* standard error at most sqrt(0.25 / 128) = 0.044: allow about 3.4 of it */
  const double tolerance = 0.15;
  for (int a = 0; a < NRESUMES; a++)
    for (int b = a; b < NRESUMES; b++) {
      double exact = plain_jaccard(resumes[a], resumes[b], f->p.shingle_words);
      double est = vet_minhash_estimate(f->sig[a], f->sig[b], f->p.num_hashes);
      /* the library's own shingle sets agree with the plain ones */
      const uint64_t *h;
      size_t n;
      tu_must(vet_minhash_shingles(f->mh, vet_str_c(resumes[a]), &h, &n, NULL), who[a]);
      uint64_t *ha = malloc(n * sizeof *ha);
      memcpy(ha, h, n * sizeof *ha);
      size_t na = n;
      tu_must(vet_minhash_shingles(f->mh, vet_str_c(resumes[b]), &h, &n, NULL), who[b]);
      double lib = vet_minhash_jaccard(ha, na, h, n);
      free(ha);
      if (fabs(lib - exact) > 1e-12)
        fail_msg("%s/%s: library shingles give %.4f, plain %.4f", who[a], who[b], lib, exact);
      if (a != b)
        print_message("%-9s %-9s exact %.3f estimate %.3f\n", who[a], who[b], exact, est);
      if (fabs(est - exact) > tolerance)
        fail_msg("%s/%s: estimate %.3f, exact %.3f", who[a], who[b], est, exact);
      if (a == b)
        assert_true(est == 1.0 && exact == 1.0);
    }
  /* the planted copies are near, the others far */
  for (int a = 0; a < NRESUMES; a++)
    for (int b = a + 1; b < NRESUMES; b++) {
      double exact = plain_jaccard(resumes[a], resumes[b], 3);
      if (b <= LEE ? exact < 0.5 : exact > 0.15)
        fail_msg("%s/%s: exact %.3f: the texts no longer make the case", who[a], who[b], exact);
    }
}

/* The index over the resumes: the ring pairs, the rest does not. */
static void test_index_resumes(void **state)
{
  struct fx *f = *state;
  struct vet_minhash_index *ix = vet_minhash_index_new(&f->p, NULL);
  assert_non_null(ix);
  for (int i = 0; i < NRESUMES; i++)
    tu_must(vet_minhash_index_add(ix, (uint64_t)i, f->sig[i], NULL), who[i]);
  /* empty texts, twice: counted, never paired */
  uint64_t empty[VET_MINHASH_MAX_HASHES];
  size_t ns = 9;
  tu_must(vet_minhash_sign(f->mh, VET_LIT(" -- "), empty, &ns, NULL), "empty");
  assert_int_equal(ns, 0);
  assert_true(vet_minhash_is_empty(empty));
  assert_true(vet_minhash_estimate(empty, empty, f->p.num_hashes) == 0.0);
  tu_must(vet_minhash_index_add(ix, 100, empty, NULL), "empty");
  tu_must(vet_minhash_index_add(ix, 101, empty, NULL), "empty");
  assert_int_equal(vet_minhash_index_count(ix), NRESUMES);

  static struct found got;
  memset(&got, 0, sizeof got);
  struct vet_minhash_stats st;
  tu_must(vet_minhash_index_pairs(ix, collect, &got, &st, NULL), "pairs");
  assert_string_equal(found_text(&got), "0-1 0-2 1-2 ");
  assert_int_equal(st.pairs, 3);
  assert_int_equal(st.items, NRESUMES);
  assert_int_equal(st.empty, 2);
  assert_int_equal(st.skipped_buckets, 0);

  /* stopping early */
  memset(&got, 0, sizeof got);
  got.stop_after = 1;
  tu_must(vet_minhash_index_pairs(ix, collect, &got, NULL, NULL), "pairs");
  assert_int_equal(got.n, 1);
  vet_minhash_index_free(ix);
}

/* Headlines: identical ones pair at 1, one word added still pairs, short
 * ones of other words do not; a crowd sharing one boilerplate headline
 * fills a bucket past max_bucket and is skipped, counted, not paired. */
static void test_headlines(void **state)
{
  struct fx *f = *state;
  struct vet_minhash_params p = f->p;
  p.max_bucket = 5;
  struct vet_minhash_index *ix = vet_minhash_index_new(&p, NULL);
  static const char *const lines[] = {
      /* 0-1: identical but for case and punctuation */
      "Senior Full Stack Developer | React | Node.js", "senior full-stack developer - react, node.js",
      /* 2: the same plus one word: 5 of 6 shingles shared */
      "Senior Full Stack Developer | React | Node.js | AWS",
      /* 3-4: shorter than k words, one shingle each, different */
      "React Developer", "Developer React",
      /* 5: shares two words with 3, no shingle */
      "Senior React Developer",
  };
  uint64_t sig[VET_MINHASH_MAX_HASHES], first[VET_MINHASH_MAX_HASHES];
  for (size_t i = 0; i < VET_COUNTOF(lines); i++) {
    tu_must(vet_minhash_sign(f->mh, vet_str_c(lines[i]), sig, NULL, NULL), lines[i]);
    if (i == 0)
      memcpy(first, sig, sizeof first);
    tu_must(vet_minhash_index_add(ix, i, sig, NULL), lines[i]);
  }
  tu_must(vet_minhash_sign(f->mh, vet_str_c(lines[1]), sig, NULL, NULL), "again");
  assert_true(vet_minhash_estimate(first, sig, p.num_hashes) == 1.0);
  /* the crowd: more than max_bucket accounts with one boilerplate line */
  for (uint64_t i = 0; i < 8; i++) {
    tu_must(vet_minhash_sign(f->mh, VET_LIT("I am a passionate full stack developer"), sig, NULL, NULL), "crowd");
    tu_must(vet_minhash_index_add(ix, 1000 + i, sig, NULL), "crowd");
  }
  static struct found got;
  memset(&got, 0, sizeof got);
  struct vet_minhash_stats st;
  tu_must(vet_minhash_index_pairs(ix, collect, &got, &st, NULL), "pairs");
  assert_string_equal(found_text(&got), "0-1 0-2 1-2 ");
  assert_int_equal(st.skipped_buckets, p.bands); /* the crowd, in every band */
  assert_int_equal(st.skipped_items, 8 * p.bands);
  vet_minhash_index_free(ix);

  /* with room in the bucket, the crowd pairs: 28 pairs of 8 */
  p.max_bucket = 8;
  ix = vet_minhash_index_new(&p, NULL);
  for (uint64_t i = 0; i < 8; i++)
    tu_must(vet_minhash_index_add(ix, i, sig, NULL), "crowd");
  memset(&got, 0, sizeof got);
  tu_must(vet_minhash_index_pairs(ix, collect, &got, &st, NULL), "pairs");
  assert_int_equal(st.pairs, 28);
  assert_int_equal(st.candidates, 28); /* each pair once, not once per band */
  vet_minhash_index_free(ix);
}

static void test_limits(void **state)
{
  struct fx *f = *state;
  struct vet_minhash_params p = f->p;
  p.max_items = 3;
  p.max_text_bytes = 40; /* cuts the 14th "é" (2 bytes) in the middle */
  struct vet_minhash *mh = vet_minhash_new(&p, NULL);
  struct vet_minhash_index *ix = vet_minhash_index_new(&p, NULL);
  uint64_t a[VET_MINHASH_MAX_HASHES], b[VET_MINHASH_MAX_HASHES];
  size_t ns;
  char text[200] = "";
  for (int i = 0; i < 20; i++)
    strncat(text, "\xc3\xa9 ", sizeof text - strlen(text) - 1); /* "é é é ..." */
  tu_must(vet_minhash_sign(mh, vet_str_c(text), a, &ns, NULL), "cut");
  assert_int_equal(ns, 13 - 3 + 1); /* back to 39 bytes: 13 words */
  tu_must(vet_minhash_sign(mh, vet_str_sub(vet_str_c(text), 0, 39), b, NULL, NULL), "whole");
  assert_memory_equal(a, b, p.num_hashes * sizeof *a);
  for (uint64_t i = 0; i < 3; i++)
    tu_must(vet_minhash_index_add(ix, i, a, NULL), "add");
  struct vet_error e = {0};
  assert_int_equal(vet_minhash_index_add(ix, 3, a, &e), VET_ELIMIT);
  assert_non_null(strstr(e.msg, "max_items"));
  tu_must(vet_minhash_index_add(ix, 4, (uint64_t[VET_MINHASH_MAX_HASHES]){VET_MINHASH_EMPTY}, NULL), "empty");
  vet_minhash_index_free(ix);
  vet_minhash_free(mh);
}

/* A generated population: sentences assembled from parts, so texts
 * share words and phrases but rarely whole passages, with planted copies
 * (every hundredth text repeats the one before with a sentence changed);
 * the index must agree with brute force over the full signatures. */
static void test_population(void **state)
{
  struct fx *f = *state;
  static const char *const verb[] = {"I built", "I maintained", "I redesigned", "I tested", "I migrated",
                                     "I led the work on", "I documented", "I optimised"};
  static const char *const object[] = {"the payment service", "a React dashboard", "the search index",
                                       "an Android app", "the billing pipeline", "a Django admin",
                                       "the GraphQL gateway", "our Kubernetes cluster", "a Kafka consumer",
                                       "the onboarding flow"};
  static const char *const context[] = {"for a fintech startup", "at a logistics company", "for a hospital group",
                                        "in a team of six", "under a tight deadline", "with two other contractors",
                                        "for an online school", "during a rewrite"};
  enum { N = 600, PER = 8 };
  static uint64_t sigs[N][128];
  struct vet_minhash_index *ix = vet_minhash_index_new(&f->p, NULL);
  char text[2048];
  for (uint32_t i = 0; i < N; i++) {
    size_t len = 0;
    uint32_t base = i % 100 == 1 ? i - 1 : i;
    uint32_t s = base * 2654435761u + 1;
    for (int k = 0; k < PER; k++) {
      s = s * 1103515245u + 12345u;
      uint32_t r = s >> 8;
      if (base != i && k == 3)
        len += (size_t)snprintf(text + len, sizeof text - len, "This sentence is new in the copy. ");
      else
        len += (size_t)snprintf(text + len, sizeof text - len, "%s %s %s. ", verb[r % 8], object[(r / 8) % 10],
                                context[(r / 80) % 8]);
    }
    tu_must(vet_minhash_sign(f->mh, vet_str_c(text), sigs[i], NULL, NULL), "population");
    tu_must(vet_minhash_index_add(ix, i, sigs[i], NULL), "population");
  }
  static bool reported[N][N];
  memset(reported, 0, sizeof reported);
  static struct found got;
  memset(&got, 0, sizeof got);
  struct vet_minhash_stats st;
  tu_must(vet_minhash_index_pairs(ix, collect, &got, &st, NULL), "pairs");
  for (size_t i = 0; i < got.n; i++) {
    uint64_t a = got.a[i], b = got.b[i];
    assert_true(a < b && b < N);
    if (reported[a][b])
      fail_msg("pair %" PRIu64 "-%" PRIu64 " reported twice", a, b);
    reported[a][b] = true;
    /* the index compares 16 bits of each minimum: at most a hair above */
    double est = vet_minhash_estimate(sigs[a], sigs[b], 128);
    if (est < f->p.threshold - 0.02)
      fail_msg("pair %" PRIu64 "-%" PRIu64 " reported at %.3f", a, b, est);
  }
  /* brute force over the full signatures, by estimate */
  size_t want[3] = {0}, found[3] = {0}; /* >= threshold, >= 0.55, >= 0.7 */
  for (uint32_t a = 0; a < N; a++)
    for (uint32_t b = a + 1; b < N; b++) {
      double est = vet_minhash_estimate(sigs[a], sigs[b], 128);
      for (int k = 0; k < 3; k++)
        if (est >= (k == 0 ? f->p.threshold : k == 1 ? 0.55 : 0.7))
          want[k]++, found[k] += reported[a][b];
    }
  print_message("population of %d: brute force / reported: >= %.2f: %zu / %zu, >= 0.55: %zu / %zu, "
                ">= 0.7: %zu / %zu; %" PRIu64 " candidates of %d pairs\n",
                N, f->p.threshold, want[0], found[0], want[1], found[1], want[2], found[2], st.candidates,
                N * (N - 1) / 2);
  assert_int_equal(found[0], st.pairs);
  assert_true(want[2] >= 5);                  /* the planted copies at least */
  assert_int_equal(found[2], want[2]);        /* each found with odds 0.9996 */
  assert_true(found[1] * 10 >= want[1] * 9); /* odds 0.95 or better each */
  vet_minhash_index_free(ix);
}

/* ---- the index against a plain reference ------------------------------ */

/* The splitmix64 finaliser, as the index chains it over the minima of a
 * band of more than four rows. */
static uint64_t ref_mix(uint64_t x)
{
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ull;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

/* The bucket key of a band (docs/linking.md): up to four 16-bit minima
 * packed, the first lowest; more chained through ref_mix. */
static uint64_t ref_key(const uint16_t *v, uint32_t r)
{
  uint64_t k = 0;
  for (uint32_t j = 0; j < r; j++)
    k = r <= 4 ? k | (uint64_t)v[j] << (16 * j) : ref_mix(k ^ v[j]);
  return k;
}

/* The keys of the index (vetter/minhash.h, steps 6 and 7), spelled out:
 * the bands one by one; or, when a reported pair has m >= 3 equal bands
 * for sure, every two bands of each of m - 1 groups of consecutive bands
 * (as even as possible, larger first), if that makes at most 64 keys. */
struct ref_plan {
  uint32_t need, nkeys, per;
  uint32_t band[64][2]; /* key k: bands band[k][0 .. per) */
};

static void ref_plan(const struct vet_minhash_params *p, struct ref_plan *pl)
{
  uint32_t nh = p->num_hashes, need = 0;
  while ((double)need / nh < p->threshold)
    need++;
  int m = (int)p->bands - (int)(nh - need);
  memset(pl, 0, sizeof *pl);
  pl->need = need;
  if (m >= 3) {
    uint32_t g = (uint32_t)m - 1, start = 0, keys = 0;
    for (uint32_t grp = 0; grp < g; grp++) {
      uint32_t size = p->bands / g + (grp < p->bands % g);
      keys += size * (size - 1) / 2;
    }
    if (keys <= 64) {
      pl->per = 2;
      for (uint32_t grp = 0; grp < g; grp++) {
        uint32_t size = p->bands / g + (grp < p->bands % g);
        for (uint32_t u = start; u < start + size; u++)
          for (uint32_t v = u + 1; v < start + size; v++) {
            pl->band[pl->nkeys][0] = u;
            pl->band[pl->nkeys++][1] = v;
          }
        start += size;
      }
      return;
    }
  }
  pl->per = 1;
  pl->nkeys = p->bands;
  for (uint32_t t = 0; t < p->bands; t++)
    pl->band[t][0] = t;
}

/* Key k of the kept minima v: a band's key, or the keys of its bands
 * chained through ref_mix from 0. */
static uint64_t ref_item_key(const struct ref_plan *pl, const uint16_t *v, uint32_t r, uint32_t k)
{
  if (pl->per == 1)
    return ref_key(v + pl->band[k][0] * r, r);
  uint64_t h = 0;
  for (uint32_t q = 0; q < pl->per; q++)
    h = ref_mix(h ^ ref_key(v + pl->band[k][q] * r, r));
  return h;
}

/* Whether every band of key k is equal in a and b: the pair shares the
 * key's bucket.  Single bands compare their keys (equal keys are equal
 * bands up to four rows; a hash collision of more rows counts as equal,
 * as it did before composite keys). */
static bool ref_shares(const struct ref_plan *pl, const uint16_t *a, const uint16_t *b, uint32_t r, uint32_t k)
{
  if (pl->per == 1)
    return ref_key(a + pl->band[k][0] * r, r) == ref_key(b + pl->band[k][0] * r, r);
  for (uint32_t q = 0; q < pl->per; q++)
    if (memcmp(a + pl->band[k][q] * r, b + pl->band[k][q] * r, r * sizeof *a) != 0)
      return false;
  return true;
}

struct ref_slot {
  uint64_t key;
  uint32_t item;
};

/* Buckets come in the order of the keys' low 32 bits, then their high 32
 * bits; items in add order within a bucket. */
static int ref_slot_cmp(const void *x, const void *y)
{
  const struct ref_slot *a = x, *b = y;
  uint32_t al = (uint32_t)a->key, bl = (uint32_t)b->key, ah = (uint32_t)(a->key >> 32), bh = (uint32_t)(b->key >> 32);
  if (al != bl)
    return al < bl ? -1 : 1;
  if (ah != bh)
    return ah < bh ? -1 : 1;
  return (a->item > b->item) - (a->item < b->item);
}

struct ref_pair {
  uint64_t a, b;
  double est;
};

/* Everything the index reports for these kept minima (sig: n items of
 * num_hashes 16-bit values), in its order: key by key, bucket by bucket,
 * pairs of a bucket in add order, each pair at the first key whose bucket
 * (not skipped) it shares; and its statistics. */
static size_t ref_pairs(const uint16_t *sig, const uint64_t *ids, uint32_t n, const struct vet_minhash_params *p,
                        struct ref_pair *out, size_t cap, struct vet_minhash_stats *st)
{
  uint32_t nh = p->num_hashes, r = p->rows;
  struct ref_plan pl;
  ref_plan(p, &pl);
  struct ref_slot *sl = calloc(n, sizeof *sl);
  uint64_t *skipped = calloc(n, sizeof *skipped);
  assert_true(sl && skipped);
  size_t k = 0;
  memset(st, 0, sizeof *st);
  st->items = n;
  st->keys = pl.nkeys;
  st->key_bands = pl.per;
  for (uint32_t t = 0; t < pl.nkeys; t++) {
    for (uint32_t i = 0; i < n; i++)
      sl[i] = (struct ref_slot){ref_item_key(&pl, sig + (size_t)i * nh, r, t), i};
    qsort(sl, n, sizeof *sl, ref_slot_cmp);
    for (uint32_t lo = 0, hi; lo < n; lo = hi) {
      for (hi = lo + 1; hi < n && sl[hi].key == sl[lo].key; hi++)
        ;
      if (hi - lo > p->max_bucket) {
        st->skipped_buckets++;
        st->skipped_items += hi - lo;
        for (uint32_t x = lo; x < hi; x++)
          skipped[sl[x].item] |= 1ull << t;
        continue;
      }
      for (uint32_t x = lo; x < hi; x++)
        for (uint32_t y = x + 1; y < hi; y++) {
          uint32_t i = sl[x].item, j = sl[y].item;
          const uint16_t *a = sig + (size_t)i * nh, *b = sig + (size_t)j * nh;
          if (!ref_shares(&pl, a, b, r, t))
            continue; /* a collision of composite keys: not a meeting */
          bool met = false;
          for (uint32_t u = 0; u < t && !met; u++)
            met = !(skipped[i] >> u & 1) && ref_shares(&pl, a, b, r, u);
          if (met)
            continue;
          st->candidates++;
          uint32_t same = 0;
          for (uint32_t h = 0; h < nh; h++)
            same += a[h] == b[h];
          double est = (double)same / nh;
          if (est >= p->threshold) {
            st->pairs++;
            assert_true(k < cap);
            out[k++] = (struct ref_pair){ids[i], ids[j], est};
          }
        }
    }
  }
  free(sl);
  free(skipped);
  return k;
}

/* Pairs in the order reported, with their estimates. */
struct ordered {
  struct ref_pair p[8192];
  size_t n, stop_after;
};

static bool collect_ordered(void *ctx, uint64_t a, uint64_t b, double j)
{
  struct ordered *o = ctx;
  if (o->n == VET_COUNTOF(o->p))
    fail_msg("too many pairs for the test buffer");
  o->p[o->n++] = (struct ref_pair){a, b, j};
  return !(o->stop_after && o->n >= o->stop_after);
}

static uint64_t next_rand(uint64_t *s)
{
  *s += 0x9e3779b97f4a7c15ull;
  return ref_mix(*s);
}

/* Signatures made to stress the index's shortcuts (early exit from a
 * comparison, whole-band comparison, composite keys and the earlier keys
 * found from the equal bands, radix grouping, skipped crowds, keys on
 * several threads), checked pair by pair and in order against the plain
 * reference above over several shapes of bands and thresholds, with 1 to
 * 7 threads, to the end and stopped half way: near copies of a few
 * originals at every distance, minima from a four-letter alphabet (many
 * buckets, keys that agree in their low half only), a crowd of identical
 * signatures larger than max_bucket, a family sharing a third of their
 * minima (skipped buckets under some keys, small ones under others), and
 * random ones.  Since composite
 * keys, candidates, skipped_buckets and skipped_items count per key, not
 * per band: where the shape's threshold allows composite keys they are
 * the pairs sharing two bands of a group, and the buckets of those keys,
 * so the reference applies the same keys. */
static void test_index_reference(void **state)
{
  (void)state;
  static const struct {
    uint32_t bands, rows, max_bucket;
    double threshold;
  } shapes[] = {
      /* composite keys: 28 of 8 minima (the default shape at 0.85), 11 of
       * one minimum each, 28 of 4, 1 of 8 (every minimum equal), 14 of 8,
       * 60 of 8 (4 groups of 6 bands) */
      {32, 4, 12, 0.85}, {16, 1, 10, 0.5}, {32, 2, 9, 0.7}, {8, 4, 30, 1.0}, {33, 4, 20, 0.9}, {24, 4, 14, 0.8},
      /* single bands: the threshold guarantees fewer than 3 equal bands */
      {32, 4, 40, 0.4}, {32, 4, 6, 0.0}, {21, 3, 15, 0.6}, {20, 5, 12, 0.75}, {16, 8, 8, 0.3},
  };
  static const uint32_t want_keys[] = {28, 11, 28, 1, 14, 60, 32, 32, 21, 20, 16};
  _Static_assert(VET_COUNTOF(want_keys) == VET_COUNTOF(shapes), "a key count per shape");
  /* a crowd of identical signatures, and a family sharing its first third
   * (a crowd in the bands and keys there: skipped buckets), in twos of
   * near copies that meet again, in buckets of two, under later keys */
  enum { N = 260, CROWD = 16, FAMILY = 32, FAMILY0 = N - CROWD - FAMILY };
  for (size_t sh = 0; sh < VET_COUNTOF(shapes); sh++) {
    struct vet_minhash_params p;
    vet_minhash_params_defaults(&p);
    p.bands = shapes[sh].bands;
    p.rows = shapes[sh].rows;
    p.num_hashes = p.bands * p.rows;
    p.max_bucket = shapes[sh].max_bucket;
    p.threshold = shapes[sh].threshold;
    uint32_t nh = p.num_hashes;
    uint64_t *full = calloc((size_t)N * nh, sizeof *full);
    uint16_t *kept = calloc((size_t)N * nh, sizeof *kept);
    uint64_t ids[N], seed = 42 + sh;
    assert_true(full && kept);
    for (uint32_t i = 0; i < N; i++) {
      uint64_t *v = full + (size_t)i * nh;
      uint32_t kind = i % 5;
      for (uint32_t h = 0; h < nh; h++) {
        uint64_t x = next_rand(&seed);
        if (kind <= 1 && i >= 10) { /* a copy of original i % 10, every minimum changed with odds up to 1/2 */
          uint64_t keep = full[(size_t)(i % 10) * nh + h];
          v[h] = (x >> 32) % 100 < (i * 7) % 50 ? x & ~0xffffull : keep;
        } else if (kind == 2) { /* a four-letter alphabet: buckets galore */
          v[h] = (x & 3) | (x & 0x7fffffff00000000ull);
        } else {
          v[h] = x & 0x1fffffffffffffffull;
        }
      }
      if (i >= N - CROWD) /* the crowd: one signature, past max_bucket in every band */
        memcpy(v, full + (size_t)(N - CROWD) * nh, nh * sizeof *v);
      if (i >= FAMILY0 && i < N - CROWD) { /* the family: one first third, the rest copied in twos */
        const uint64_t *first = full + (size_t)FAMILY0 * nh, *prev = v - nh;
        for (uint32_t h = 0; h < nh; h++)
          if (h < nh / 3)
            v[h] = first[h];
          else if ((i - FAMILY0) % 2 == 1 && next_rand(&seed) % 16 != 0)
            v[h] = prev[h];
      }
      for (uint32_t h = 0; h < nh; h++) {
        if (v[h] == VET_MINHASH_EMPTY)
          v[h] = 1;
        kept[(size_t)i * nh + h] = (uint16_t)v[h];
      }
      ids[i] = 1000 + i;
    }
    struct vet_minhash_index *ix = vet_minhash_index_new(&p, NULL);
    assert_non_null(ix);
    for (uint32_t i = 0; i < N; i++)
      tu_must(vet_minhash_index_add(ix, ids[i], full + (size_t)i * nh, NULL), "add");
    static struct ref_pair want[N * (N - 1) / 2];
    struct vet_minhash_stats wst, gst, stop1 = {0};
    size_t nw = ref_pairs(kept, ids, N, &p, want, VET_COUNTOF(want), &wst);
    assert_true(nw >= 10); /* each shape reports something to compare */
    /* every pairing kernel this CPU runs (link/minhash_wide.c), the
     * plain loops first, each with 1 to 7 threads */
    static const uint32_t threads[] = {1, 2, 3, 7, 1, 2, 3, 7};
    for (size_t th = 0; th < VET_COUNTOF(threads); th++) {
      if (th == 0)
        assert_true(link_minhash_index_use_kernel(ix, LINK_MINMOD_SCALAR));
      if (th == 4 && !link_minhash_index_use_kernel(ix, LINK_MINMOD_AVX512))
        break;
      vet_minhash_index_set_threads(ix, threads[th]);
      static struct ordered got;
      memset(&got, 0, sizeof got);
      tu_must(vet_minhash_index_pairs(ix, collect_ordered, &got, &gst, NULL), "pairs");
      if (got.n != nw)
        fail_msg("shape %zu (%u x %u, bucket %u, threshold %.2f), %u threads: %zu pairs, the reference %zu", sh,
                 p.bands, p.rows, p.max_bucket, p.threshold, threads[th], got.n, nw);
      for (size_t k = 0; k < nw; k++)
        if (got.p[k].a != want[k].a || got.p[k].b != want[k].b || got.p[k].est != want[k].est)
          fail_msg("shape %zu, %u threads, pair %zu: %" PRIu64 "-%" PRIu64 " at %.4f, the reference %" PRIu64
                   "-%" PRIu64 " at %.4f",
                   sh, threads[th], k, got.p[k].a, got.p[k].b, got.p[k].est, want[k].a, want[k].b, want[k].est);
      assert_int_equal(gst.candidates, wst.candidates);
      assert_int_equal(gst.pairs, wst.pairs);
      assert_int_equal(gst.skipped_buckets, wst.skipped_buckets);
      assert_int_equal(gst.skipped_items, wst.skipped_items);
      assert_int_equal(gst.items, N);
      assert_int_equal(gst.keys, want_keys[sh]);
      assert_int_equal(gst.keys, wst.keys);
      assert_int_equal(gst.key_bands, wst.key_bands);
      if (p.max_bucket < CROWD)
        assert_true(gst.skipped_buckets >= gst.keys); /* the crowd, under every key */
      /* stopping early gives the first pairs, in the same order, and the
       * statistics of the work up to there, whatever the threads */
      size_t at = nw / 2;
      memset(&got, 0, sizeof got);
      got.stop_after = at;
      tu_must(vet_minhash_index_pairs(ix, collect_ordered, &got, &gst, NULL), "pairs");
      assert_int_equal(got.n, at);
      for (size_t k = 0; k < at; k++)
        assert_true(got.p[k].a == want[k].a && got.p[k].b == want[k].b);
      assert_int_equal(gst.pairs, at);
      if (th == 0)
        stop1 = gst;
      assert_int_equal(gst.candidates, stop1.candidates);
      assert_int_equal(gst.skipped_buckets, stop1.skipped_buckets);
      assert_int_equal(gst.skipped_items, stop1.skipped_items);
      assert_true(gst.candidates < wst.candidates);
    }
    vet_minhash_index_free(ix);
    free(full);
    free(kept);
  }
}

/* The AVX-512 pairing kernels against their definitions: signatures of
 * up to 256 minima (64 bands) that agree in a random share of their
 * minima (from none to all), every band count and threshold of misses. */
static void test_pair_kernels(void **state)
{
  (void)state;
  if (!link_minmod_available(LINK_MINMOD_AVX512)) {
    print_message("no AVX-512 here: its pairing kernels not tested\n");
    return;
  }
  enum { NH = 256 };
  uint16_t a[NH], b[NH];
  uint64_t seed = 7;
  for (int round = 0; round < 2000; round++) {
    uint32_t share = (uint32_t)(next_rand(&seed) % 101);
    for (int h = 0; h < NH; h++) {
      a[h] = (uint16_t)next_rand(&seed);
      b[h] = next_rand(&seed) % 100 < share ? a[h] : (uint16_t)(a[h] ^ (1u << (next_rand(&seed) % 16)));
    }
    for (uint32_t lim = 0; lim <= NH / 4; lim++) {
      uint64_t want = 0, got;
      uint32_t same = 0;
      for (uint32_t u = 0; u < lim; u++)
        want |= (uint64_t)(memcmp(a + 4 * u, b + 4 * u, 8) == 0) << u;
      for (uint32_t h = 0; h < 4 * lim; h++)
        same += a[h] == b[h];
      assert_int_equal(link_compare_wide(a, b, lim, &got), same);
      if (got != want)
        fail_msg("round %d, %u bands: %016" PRIx64 ", want %016" PRIx64, round, lim, got, want);
    }
    uint32_t nh = 1 + (uint32_t)(next_rand(&seed) % NH), max_miss = (uint32_t)(next_rand(&seed) % (nh + 1));
    uint32_t want = 0, at = 0;
    for (; at + LINK_SAME_CHUNK <= nh; at += LINK_SAME_CHUNK) {
      for (uint32_t h = at; h < at + LINK_SAME_CHUNK; h++)
        want += a[h] == b[h];
      if (at + LINK_SAME_CHUNK - want > max_miss)
        break;
    }
    if (at + LINK_SAME_CHUNK > nh)
      for (; at < nh; at++)
        want += a[at] == b[at];
    assert_int_equal(link_same_minima_wide(a, b, nh, max_miss), want);
  }
}

/* Near copies at threshold 0.85 with the default 32 bands of 4 rows:
 * need = 109 equal minima of 128, so at most 19 unequal, each breaking
 * one band: at least 13 equal bands, and the 28 composite keys (two
 * bands of one of 12 groups: bands 0-2, 3-5, ..., 21-23, then 24-25, ...,
 * 30-31) must find every such pair.  Each copy below has exactly 110, 109
 * or 108 equal minima (or 128, 127), every unequal minimum in a band of
 * its own (as many bands broken as the count allows), the equal bands
 * placed one per group and the rest in one group (the pigeonhole's
 * tightest case: with 108, one per group, the copy shares no key at all),
 * first, last, spread evenly, or at random.  Every pair at >= 109 is
 * reported at its exact estimate, none below. */
static void test_index_pigeonhole(void **state)
{
  (void)state;
  enum { NH = 128, BANDS = 32, ROWS = 4, GROUPS = 12, MAXCASE = 256 };
  static const uint32_t group_start[GROUPS + 1] = {0, 3, 6, 9, 12, 15, 18, 21, 24, 26, 28, 30, 32};
  static const uint32_t equal_minima[] = {110, 109, 108, 128, 127};
  struct vet_minhash_params p;
  vet_minhash_params_defaults(&p);
  p.threshold = 0.85;
  struct vet_minhash_index *ix = vet_minhash_index_new(&p, NULL);
  assert_non_null(ix);
  static uint64_t base[MAXCASE][NH], copy[MAXCASE][NH];
  uint32_t want_same[MAXCASE];
  uint64_t seed = 7;
  size_t ncase = 0;
  for (size_t x = 0; x < VET_COUNTOF(equal_minima); x++) {
    uint32_t same = equal_minima[x], broken = NH - same > BANDS ? BANDS : NH - same, nequal = BANDS - broken;
    for (uint32_t place = 0; place < GROUPS + 12; place++) {
      bool equal[BANDS] = {false};
      uint32_t e = 0;
      if (place < GROUPS && nequal >= GROUPS) { /* one band per group, then from group `place` on filled up */
        for (uint32_t g = 0; g < GROUPS; g++, e++)
          equal[group_start[g] + (uint32_t)(next_rand(&seed) % (group_start[g + 1] - group_start[g]))] = true;
        for (uint32_t g = place; e < nequal; g = (g + 1) % GROUPS)
          for (uint32_t u = group_start[g]; u < group_start[g + 1] && e < nequal; u++)
            if (!equal[u])
              equal[u] = true, e++;
      } else if (place == GROUPS) { /* the first bands */
        for (; e < nequal; e++)
          equal[e] = true;
      } else if (place == GROUPS + 1) { /* the last bands */
        for (; e < nequal; e++)
          equal[BANDS - 1 - e] = true;
      } else if (place == GROUPS + 2) { /* spread evenly */
        for (; e < nequal; e++)
          equal[e * BANDS / nequal] = true;
      } else { /* at random */
        while (e < nequal) {
          uint32_t u = (uint32_t)(next_rand(&seed) % BANDS);
          if (!equal[u])
            equal[u] = true, e++;
        }
      }
      if (e != nequal)
        fail_msg("placement %u: %u of %u equal bands", place, e, nequal);
      assert_true(ncase < MAXCASE);
      uint64_t *b = base[ncase], *c = copy[ncase];
      for (uint32_t h = 0; h < NH; h++)
        b[h] = c[h] = next_rand(&seed) & 0x1fffffffffffffffull;
      /* one minimum of each broken band differs (in its kept low 16
       * bits), more of them once every band is broken (127: one) */
      uint32_t unequal = 0;
      for (uint32_t u = 0; u < BANDS; u++)
        if (!equal[u]) {
          uint32_t row = (uint32_t)(next_rand(&seed) % ROWS);
          c[u * ROWS + row] ^= 1 + next_rand(&seed) % 0xffff;
          unequal++;
        }
      for (uint32_t h = 0; unequal < NH - same; h++)
        if (c[h] == b[h] && !equal[h / ROWS])
          c[h] ^= 0x5a5a, unequal++;
      want_same[ncase] = same;
      uint32_t check = 0;
      for (uint32_t h = 0; h < NH; h++)
        check += (uint16_t)b[h] == (uint16_t)c[h];
      assert_int_equal(check, same);
      tu_must(vet_minhash_index_add(ix, 2 * ncase, b, NULL), "base");
      tu_must(vet_minhash_index_add(ix, 2 * ncase + 1, c, NULL), "copy");
      ncase++;
    }
  }
  static struct ordered got;
  memset(&got, 0, sizeof got);
  struct vet_minhash_stats st;
  tu_must(vet_minhash_index_pairs(ix, collect_ordered, &got, &st, NULL), "pairs");
  static bool seen[MAXCASE];
  memset(seen, 0, sizeof seen);
  size_t want = 0;
  for (size_t c = 0; c < ncase; c++)
    want += want_same[c] >= 109;
  for (size_t k = 0; k < got.n; k++) {
    uint64_t c = got.p[k].a / 2;
    if (got.p[k].b != got.p[k].a + 1 || got.p[k].a % 2 != 0 || c >= ncase)
      fail_msg("pair %" PRIu64 "-%" PRIu64 ": not a base and its copy", got.p[k].a, got.p[k].b);
    if (seen[c])
      fail_msg("case %" PRIu64 " reported twice", c);
    seen[c] = true;
    if (want_same[c] < 109 || got.p[k].est != (double)want_same[c] / NH)
      fail_msg("case %" PRIu64 " (%u equal minima) reported at %.4f", c, want_same[c], got.p[k].est);
  }
  for (size_t c = 0; c < ncase; c++)
    if (want_same[c] >= 109 && !seen[c])
      fail_msg("case %zu (%u equal minima) missed", c, want_same[c]);
  assert_int_equal(got.n, want);
  assert_int_equal(st.pairs, want);
  assert_true(want >= 90);
  assert_int_equal(st.keys, 28);
  assert_int_equal(st.key_bands, 2);
  assert_int_equal(st.skipped_buckets, 0);
  vet_minhash_index_free(ix);
}

/* One thread or several: the same pairs in the same order, with the same
 * estimates and statistics, under composite keys (0.85: 28 keys; 0.95: 7)
 * and single bands (0.4), with a crowd over max_bucket in every key and
 * families of near copies at every distance. */
static void test_index_threads(void **state)
{
  (void)state;
  enum { NH = 128, N = 600, CROWD = 30, FAMILY = 6 };
  static const struct {
    double threshold;
    uint32_t keys;
  } cases[] = {{0.85, 28}, {0.95, 7}, {0.4, 32}};
  static uint64_t sig[N][NH];
  uint64_t seed = 99;
  for (uint32_t i = 0; i < N; i++) {
    uint32_t head = i - i % FAMILY, change = (i % FAMILY) * 4; /* odds in 100 of each minimum changing */
    for (uint32_t h = 0; h < NH; h++) {
      uint64_t x = next_rand(&seed) & 0x1fffffffffffffffull;
      sig[i][h] = i >= N - CROWD ? sig[N - CROWD][h] : i == head || x % 100 < change ? x : sig[head][h];
    }
  }
  for (size_t c = 0; c < VET_COUNTOF(cases); c++) {
    struct vet_minhash_params p;
    vet_minhash_params_defaults(&p);
    p.threshold = cases[c].threshold;
    p.max_bucket = 20;
    struct vet_minhash_index *ix = vet_minhash_index_new(&p, NULL);
    assert_non_null(ix);
    for (uint32_t i = 0; i < N; i++)
      tu_must(vet_minhash_index_add(ix, 500 + i, sig[i], NULL), "add");
    static struct ordered one, two;
    struct vet_minhash_stats s1, s2;
    memset(&one, 0, sizeof one);
    tu_must(vet_minhash_index_pairs(ix, collect_ordered, &one, &s1, NULL), "one thread");
    for (uint32_t threads = 2; threads <= 3; threads++) {
      vet_minhash_index_set_threads(ix, threads);
      memset(&two, 0, sizeof two);
      tu_must(vet_minhash_index_pairs(ix, collect_ordered, &two, &s2, NULL), "threads");
      assert_int_equal(two.n, one.n);
      for (size_t k = 0; k < one.n; k++)
        if (one.p[k].a != two.p[k].a || one.p[k].b != two.p[k].b || one.p[k].est != two.p[k].est)
          fail_msg("threshold %.2f, %u threads, pair %zu: %" PRIu64 "-%" PRIu64 ", one thread %" PRIu64 "-%" PRIu64,
                   p.threshold, threads, k, two.p[k].a, two.p[k].b, one.p[k].a, one.p[k].b);
      assert_memory_equal(&s1, &s2, sizeof s1);
    }
    assert_int_equal(s1.keys, cases[c].keys);
    assert_true(s1.skipped_buckets >= s1.keys); /* the crowd, under every key */
    print_message("threshold %.2f: %zu pairs, %" PRIu64 " candidates\n", p.threshold, one.n, s1.candidates);
    assert_true(one.n >= N / FAMILY / 2); /* about every family has a pair */
    vet_minhash_index_free(ix);
  }
}

/* Room reserved before the texts (vet_minhash_index_reserve), or once
 * some are in, or less than there are: the same pairs as an index that
 * grew; the room stops at max_items. */
static void test_index_reserve(void **state)
{
  (void)state;
  enum { NH = 128, N = 300, FAMILY = 5 };
  static uint64_t sig[N][NH];
  uint64_t seed = 7;
  for (uint32_t i = 0; i < N; i++) {
    uint32_t head = i - i % FAMILY;
    for (uint32_t h = 0; h < NH; h++) {
      uint64_t x = next_rand(&seed) & 0x1fffffffffffffffull;
      sig[i][h] = i == head || x % 100 < 3 ? x : sig[head][h];
    }
  }
  struct vet_minhash_params p;
  vet_minhash_params_defaults(&p);
  p.threshold = 0.85;
  static struct ordered ref, got;
  for (int way = 0; way < 4; way++) {
    struct vet_minhash_index *ix = vet_minhash_index_new(&p, NULL);
    assert_non_null(ix);
    if (way == 1)
      assert_true(vet_minhash_index_reserve(ix, N));
    for (uint32_t i = 0; i < N; i++) {
      if (way == 2 && i == N / 2)
        assert_true(vet_minhash_index_reserve(ix, N)); /* the signatures so far move */
      if (way == 3 && i == N / 2)
        assert_true(vet_minhash_index_reserve(ix, 10)); /* less than there are: nothing to do */
      tu_must(vet_minhash_index_add(ix, i, sig[i], NULL), "add");
    }
    struct ordered *o = way ? &got : &ref;
    memset(o, 0, sizeof *o);
    tu_must(vet_minhash_index_pairs(ix, collect_ordered, o, NULL, NULL), "pairs");
    if (way) {
      assert_int_equal(got.n, ref.n);
      for (size_t k = 0; k < ref.n; k++)
        assert_true(got.p[k].a == ref.p[k].a && got.p[k].b == ref.p[k].b && got.p[k].est == ref.p[k].est);
    }
    vet_minhash_index_free(ix);
  }
  assert_true(ref.n >= N / FAMILY / 2);
  p.max_items = 3;
  struct vet_minhash_index *ix = vet_minhash_index_new(&p, NULL);
  assert_true(vet_minhash_index_reserve(ix, 100)); /* capped at 3 */
  for (uint32_t i = 0; i < 3; i++)
    tu_must(vet_minhash_index_add(ix, i, sig[i], NULL), "add");
  assert_int_equal(vet_minhash_index_add(ix, 3, sig[3], NULL), VET_ELIMIT);
  vet_minhash_index_free(ix);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_params),
      cmocka_unit_test_setup_teardown(test_normalize, setup, teardown),
      cmocka_unit_test_setup_teardown(test_golden, setup, teardown),
      cmocka_unit_test_setup_teardown(test_estimates, setup, teardown),
      cmocka_unit_test_setup_teardown(test_index_resumes, setup, teardown),
      cmocka_unit_test_setup_teardown(test_headlines, setup, teardown),
      cmocka_unit_test_setup_teardown(test_limits, setup, teardown),
      cmocka_unit_test_setup_teardown(test_population, setup, teardown),
      cmocka_unit_test(test_pair_kernels),
      cmocka_unit_test(test_index_reference),
      cmocka_unit_test(test_index_pigeonhole),
      cmocka_unit_test(test_index_threads),
      cmocka_unit_test(test_index_reserve),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
