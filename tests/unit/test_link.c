/* test_link.c - linking subjects into groups (link/graph.c, link/groups.c) through
 * `vetter check` (check/rings.c): a facilitator's payout account, one
 * mailbox written two ways, one phone number written two ways, the same
 * photo re-encoded, a copied resume; and the honest confounders that must
 * not form groups: a family sharing a payout account and a house,
 * free-mail users, VPN users on one exit, photos that merely look alike,
 * two different resumes with common phrases, an identifier shared by more
 * than link.max_subjects.  The phone numbers the links parsed are the
 * checks' when the default region is the same.  Among some fifteen hundred identifiers, almost all
 * of them one subject's own, the few shared are the ones found.  Photo files (link/photo_files.c): one picture
 * saved as PNG and re-encoded as JPEG links two subjects, URLs are never
 * read, a missing file and a file that is no image are counted and
 * described without stopping the linking, relative names are taken under
 * link.photo_dir (or the current directory), a file named twice is read
 * once, and several threads give the same result as one.  A resume that
 * cannot be signed (it grows past its cap when folded) does not stop the
 * linking. */
#include <math.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jpeglib.h>
#include <png.h>

#include "checkutil.h"
#include "vetter/link.h"
#include "vetter/phone.h"

static json_t *group(const struct vet_report *rep) { return json_object_get(rep->json, "group"); }

static void no_group(struct tu_run *r)
{
  for (uint32_t i = 0; i < r->pop->n_subjects; i++)
    if (group(&r->rep[i])) {
      tu_dump(&r->rep[i]);
      fail_msg("subject %u is in a group", i);
    }
}

/* A resume of about 90 words; who (once) and stack change. */
static void resume(char *out, size_t cap, const char *who, const char *stack)
{
  snprintf(out, cap,
           "%s is a senior software engineer with nine years of experience building payment systems and "
           "marketplaces. At Brightline Labs I led a team of five that rebuilt the checkout service in %s, cut "
           "latency by forty percent and moved the billing jobs to event driven pipelines. Before that I worked "
           "on mobile banking apps, wrote the offline sync engine and mentored junior developers across three "
           "time zones. I care about observability, careful code review and small releases, and I have run "
           "on-call rotations for services handling two million requests an hour without a missed deadline.",
           who, stack);
}

static void test_facilitator_payout(void **state)
{
  const struct vet_ctx *ctx = *state;
  struct tu_lines l = {0};
  const char *names[] = {"Adam Reyes", "Brian Cole", "Carlos Diaz"};
  for (int i = 0; i < 3; i++)
    tu_addf(&l, "{\"type\":\"subject\",\"id\":\"f%d\",\"name\":\"%s\",\"country\":\"US\",\"payouts\":[{\"kind\":\"bank\","
            "\"holder\":\"%s\",\"country\":\"US\",\"account\":\"%s\"}]}", i, names[i], names[i],
            i == 1 ? "0012 3456 7890" : "001234567890"); /* written with blanks once */
  tu_addf(&l, "{\"type\":\"subject\",\"id\":\"other\",\"name\":\"Dana White\",\"country\":\"US\",\"payouts\":[{\"kind\":"
          "\"bank\",\"holder\":\"Dana White\",\"account\":\"999888777\"}]}");
  struct tu_run r;
  tu_run_lines(&r, ctx, &l);
  json_t *g0 = group(tu_report(&r, "f0"));
  assert_non_null(g0);
  assert_int_equal(json_integer_value(json_object_get(g0, "size")), 3);
  assert_int_equal(json_array_size(json_object_get(g0, "members")), 3);
  json_t *sh = json_array_get(json_object_get(g0, "shared"), 0);
  assert_string_equal(json_string_value(json_object_get(sh, "kind")), "payout");
  assert_string_equal(json_string_value(json_object_get(sh, "value")), "bank:001234567890");
  /* one group, one id, for all three; the outsider in none */
  for (int i = 1; i < 3; i++) {
    char id[8];
    snprintf(id, sizeof id, "f%d", i);
    json_t *g = group(tu_report(&r, id));
    assert_non_null(g);
    assert_string_equal(json_string_value(json_object_get(g, "id")), json_string_value(json_object_get(g0, "id")));
    json_t *x = tu_must_find(tu_report(&r, id), "ring.shared_payout");
    assert_int_equal(json_array_size(tu_ev(x, "others")), 2);
    assert_true(fabs(tu_weight(x) - 0.55) < 1e-9);
  }
  assert_null(group(tu_report(&r, "other")));
  tu_must_not(tu_report(&r, "other"), "ring.shared_payout");
  tu_run_free(&r);
}

static void test_family(void **state)
{
  /* husband and wife: one joint account, one house; no ring */
  const struct vet_ctx *ctx = *state;
  struct tu_lines l = {0};
  const char *names[] = {"Tom Baker", "Sue Baker"};
  for (int i = 0; i < 2; i++)
    tu_addf(&l, "{\"type\":\"subject\",\"id\":\"fam%d\",\"name\":\"%s\",\"country\":\"US\",\"addresses\":[{\"kind\":"
            "\"residence\",\"country\":\"US\",\"text\":\"12 Elm Street, Denver, CO 80203\"}],\"payouts\":[{\"kind\":"
            "\"bank\",\"holder\":\"Tom Baker\",\"account\":\"555000111\"}]}", i, names[i]);
  struct tu_run r;
  tu_run_lines(&r, ctx, &l);
  no_group(&r);
  tu_must_not(tu_report(&r, "fam1"), "ring.shared_payout");
  tu_run_free(&r);
}

static void test_contacts(void **state)
{
  const struct vet_ctx *ctx = *state;
  struct tu_lines l = {0};
  /* one Gmail mailbox written two ways; one phone number written two ways */
  tu_addf(&l, "{\"type\":\"subject\",\"id\":\"m1\",\"name\":\"Ann Lee\",\"country\":\"US\",\"emails\":[\"J.Smith+jobs@gmail.com\"]}");
  tu_addf(&l, "{\"type\":\"subject\",\"id\":\"m2\",\"name\":\"Bo Chen\",\"country\":\"US\",\"emails\":[\"jsmith@googlemail.com\"]}");
  tu_addf(&l, "{\"type\":\"subject\",\"id\":\"p1\",\"name\":\"Cy Park\",\"country\":\"US\",\"phones\":[\"+1 202-555-0142\"]}");
  tu_addf(&l, "{\"type\":\"subject\",\"id\":\"p2\",\"name\":\"Di Wu\",\"country\":\"US\",\"phones\":[\"(202) 555 0142\"]}");
  /* free-mail users: one provider, different mailboxes */
  for (int i = 0; i < 4; i++)
    tu_addf(&l, "{\"type\":\"subject\",\"id\":\"g%d\",\"name\":\"Gus Number%d\",\"country\":\"US\",\"emails\":"
            "[\"gus%d@gmail.com\"]}", i, i, i);
  struct tu_run r;
  tu_run_lines(&r, ctx, &l);
  json_t *x = tu_must_find(tu_report(&r, "m2"), "ring.shared_contact");
  assert_string_equal(tu_ev_str(x, "value"), "jsmith@gmail.com");
  assert_string_equal(tu_ev_str(x, "kind"), "email");
  x = tu_must_find(tu_report(&r, "p1"), "ring.shared_contact");
  assert_string_equal(tu_ev_str(x, "value"), "+12025550142");
  for (int i = 0; i < 4; i++) {
    char id[8];
    snprintf(id, sizeof id, "g%d", i);
    assert_null(group(tu_report(&r, id)));
  }
  tu_run_free(&r);
}

static void test_vpn_users(void **state)
{
  /* four strangers on one VPN/hosting exit, remote tools and all: no group */
  const struct vet_ctx *ctx = *state;
  struct tu_lines l = {0};
  for (int i = 0; i < 4; i++) {
    tu_addf(&l, "{\"type\":\"subject\",\"id\":\"v%d\",\"name\":\"Val Person%d\",\"country\":\"US\",\"city\":\"City%d\"}", i,
            i, i);
    tu_addf(&l, "{\"type\":\"event\",\"subject\":\"v%d\",\"ts\":\"2026-03-0%dT10:00:00Z\",\"kind\":\"login\","
            "\"ip\":\"45.76.1.1\",\"device_id\":\"dev-v%d\",\"remote_tools\":[\"AnyDesk\"]}", i, i + 1, i);
  }
  struct tu_run r;
  tu_run_lines(&r, ctx, &l);
  no_group(&r);
  tu_run_free(&r);
}

static void test_photos_and_texts(void **state)
{
  const struct vet_ctx *ctx = *state;
  struct tu_lines l = {0};
  char a[1024], b[1024], c[1024];
  resume(a, sizeof a, "Maria", "Go");
  resume(b, sizeof b, "Elena", "Go"); /* the same resume, another name */
  snprintf(c, sizeof c,
           "Hands-on data engineer who builds streaming analytics for logistics companies. I designed warehouse "
           "models, tuned Spark jobs and wrote the alerting for a fleet of two thousand trucks. I am a senior "
           "software engineer with a passion for clean code, code review and teaching, and I enjoy working across "
           "time zones with product teams.");
  /* photos: 0f0f... and one re-encoded copy 3 bits away; a look-alike 24 bits away */
  tu_addf(&l, "{\"type\":\"subject\",\"id\":\"t1\",\"name\":\"Maria Gomez\",\"photo_phash\":\"0f0f0f0f12345678\","
          "\"text\":{\"resume\":\"%s\"}}", a);
  tu_addf(&l, "{\"type\":\"subject\",\"id\":\"t2\",\"name\":\"Elena Petrova\",\"photo_phash\":\"0f0f0f0f12345640\","
          "\"text\":{\"resume\":\"%s\"}}", b);
  tu_addf(&l, "{\"type\":\"subject\",\"id\":\"t3\",\"name\":\"Olga Ivanova\",\"photo_phash\":\"f0f0f00f12345678\","
          "\"text\":{\"resume\":\"%s\"}}", c);
  struct tu_run r;
  tu_run_lines(&r, ctx, &l);
  json_t *x = tu_must_find(tu_report(&r, "t1"), "ring.reused_photo");
  assert_non_null(strstr(tu_ev_str(x, "value"), "(3 bits)"));
  x = tu_must_find(tu_report(&r, "t2"), "ring.duplicate_text");
  assert_non_null(strstr(tu_ev_str(x, "value"), "resume~resume"));
  assert_null(group(tu_report(&r, "t3")));
  tu_must_not(tu_report(&r, "t3"), "ring.reused_photo");
  tu_must_not(tu_report(&r, "t3"), "ring.duplicate_text");
  assert_int_equal(json_integer_value(json_object_get(group(tu_report(&r, "t1")), "size")), 2);
  tu_run_free(&r);
}

static void test_common_identifier(void **state)
{
  (void)state;
  /* a payment processor's account on four profiles, with link.max_subjects 3: common, not a link */
  struct vet_ctx *ctx = tu_check_ctx_with("link.max_subjects", "3");
  assert_non_null(ctx);
  struct tu_lines l = {0};
  const char *names[] = {"Ada One", "Bea Two", "Cid Three", "Dee Four"};
  for (int i = 0; i < 4; i++)
    tu_addf(&l, "{\"type\":\"subject\",\"id\":\"c%d\",\"name\":\"%s\",\"payouts\":[{\"kind\":\"payoneer\",\"holder\":\"%s\","
            "\"account\":\"escrow@processor.example\"}]}", i, names[i], names[i]);
  struct tu_run r;
  tu_run_lines(&r, ctx, &l);
  no_group(&r);
  tu_run_free(&r);
  vet_ctx_free(ctx);
}

/* ---- photo files -------------------------------------------------------------- */

/* An RGB picture drawn here (test_phash.c has the full set). */
struct pic {
  uint32_t w, h;
  uint8_t *px;
};

static void disc(struct pic *m, int cx, int cy, int rx, int ry, uint32_t rgb)
{
  for (int y = cy - ry; y <= cy + ry; y++)
    for (int x = cx - rx; x <= cx + rx; x++) {
      int64_t dx = x - cx, dy = y - cy;
      if (x < 0 || y < 0 || x >= (int)m->w || y >= (int)m->h ||
          dx * dx * ry * ry + dy * dy * rx * rx > (int64_t)rx * rx * ry * ry)
        continue;
      uint8_t *p = m->px + ((size_t)y * m->w + (size_t)x) * 3;
      p[0] = (uint8_t)(rgb >> 16), p[1] = (uint8_t)(rgb >> 8), p[2] = (uint8_t)rgb;
    }
}

/* A portrait (shoulders, face, hair, eyes on a grey-blue gradient) or a
 * landscape (sky, sun, two hills). */
static struct pic draw_pic(bool portrait)
{
  struct pic m = {240, 300, calloc(240 * 300, 3)};
  assert_non_null(m.px);
  for (uint32_t y = 0; y < m.h; y++)
    for (uint32_t x = 0; x < m.w; x++) {
      uint8_t *p = m.px + ((size_t)y * m.w + x) * 3;
      uint32_t v = portrait ? 180 - y * 100 / m.h : y < m.h / 2 ? 120 + y * 200 / m.h : 60;
      p[0] = (uint8_t)(portrait ? v - 40 : v / 2), p[1] = (uint8_t)(portrait ? v - 20 : v), p[2] = (uint8_t)v;
    }
  if (portrait) {
    disc(&m, 120, 300, 110, 70, 0x283040);
    disc(&m, 120, 140, 62, 82, 0xe0b090);
    disc(&m, 120, 78, 70, 36, 0x3a2618);
    disc(&m, 96, 130, 12, 7, 0xffffff), disc(&m, 144, 130, 12, 7, 0xffffff);
    disc(&m, 120, 192, 22, 8, 0xb04040);
  } else {
    disc(&m, 180, 60, 28, 28, 0xffe070);
    disc(&m, 40, 300, 160, 110, 0x2f6a2a);
    disc(&m, 220, 320, 140, 90, 0x3d7d33);
  }
  return m;
}

static void write_png(const char *path, const struct pic *m)
{
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
  png_infop info = png_create_info_struct(png);
  assert_non_null(info);
  if (setjmp(png_jmpbuf(png)))
    fail_msg("writing '%s' failed", path);
  png_init_io(png, f);
  png_set_IHDR(png, info, m->w, m->h, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
               PNG_FILTER_TYPE_DEFAULT);
  png_write_info(png, info);
  for (uint32_t y = 0; y < m->h; y++)
    png_write_row(png, m->px + (size_t)y * m->w * 3);
  png_write_end(png, NULL);
  png_destroy_write_struct(&png, &info);
  fclose(f);
}

/* m at half size (2x2 box average) as a JPEG of this quality: re-encoded
 * and rescaled, as a copied profile picture is. */
static void write_half_jpeg(const char *path, const struct pic *m, int quality)
{
  uint32_t w = m->w / 2, h = m->h / 2;
  uint8_t *half = malloc((size_t)w * h * 3);
  assert_non_null(half);
  for (uint32_t y = 0; y < h; y++)
    for (uint32_t x = 0; x < w; x++)
      for (int c = 0; c < 3; c++) {
        const uint8_t *p = m->px + ((size_t)(2 * y) * m->w + 2 * x) * 3 + c;
        size_t row = (size_t)m->w * 3;
        half[((size_t)y * w + x) * 3 + c] = (uint8_t)((p[0] + p[3] + p[row] + p[row + 3] + 2) / 4);
      }
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  struct jpeg_compress_struct cinfo;
  struct jpeg_error_mgr err;
  cinfo.err = jpeg_std_error(&err);
  jpeg_create_compress(&cinfo);
  jpeg_stdio_dest(&cinfo, f);
  cinfo.image_width = w;
  cinfo.image_height = h;
  cinfo.input_components = 3;
  cinfo.in_color_space = JCS_RGB;
  jpeg_set_defaults(&cinfo);
  jpeg_set_quality(&cinfo, quality, TRUE);
  jpeg_start_compress(&cinfo, TRUE);
  while (cinfo.next_scanline < cinfo.image_height) {
    JSAMPROW r = half + (size_t)cinfo.next_scanline * w * 3;
    jpeg_write_scanlines(&cinfo, &r, 1);
  }
  jpeg_finish_compress(&cinfo);
  jpeg_destroy_compress(&cinfo);
  fclose(f);
  free(half);
}

/* The pictures of the photo tests, in a new directory. */
struct photo_dir {
  char dir[TU_PATH_MAX];
  char jpg[TU_PATH_MAX + 16]; /* face.jpg by its absolute path */
};

static void make_photo_dir(struct photo_dir *d)
{
  char path[TU_PATH_MAX + 16];
  tu_temp_dir(d->dir, sizeof d->dir);
  struct pic face = draw_pic(true), land = draw_pic(false);
  write_png(tu_join(path, sizeof path, d->dir, "face.png"), &face);
  write_half_jpeg(tu_join(d->jpg, sizeof d->jpg, d->dir, "face.jpg"), &face, 70);
  write_png(tu_join(path, sizeof path, d->dir, "land.png"), &land);
  tu_write_text(tu_join(path, sizeof path, d->dir, "notes.png"), "these are not pixels\n");
  assert_int_equal(mkdir(tu_join(path, sizeof path, d->dir, "folder.png"), 0700), 0);
  free(face.px);
  free(land.px);
}

static struct vet_population *population_of(struct tu_lines *l)
{
  struct vet_population *p = vet_population_new(tu_countries(), "photos.jsonl");
  assert_non_null(p);
  for (size_t k = 0; k < l->n; k++)
    tu_must(vet_population_add_line(p, k + 1, vet_str_c(l->v[k]), NULL), l->v[k]);
  tu_must(vet_population_finish(p, NULL), "finish");
  assert_int_equal(p->n_subjects, l->n);
  assert_int_equal(p->n_issues, 0);
  tu_lines_free(l);
  return p;
}

static struct vet_links *links_of(const struct vet_population *p, const char *photo_dir, uint32_t threads)
{
  struct vet_config c;
  vet_config_defaults(&c);
  tu_must(vet_config_set(&c, "link.photo_dir", vet_str_c(photo_dir), NULL), "link.photo_dir");
  struct vet_error e = {0};
  struct vet_links *l = vet_links_new(p, &c.link, &e);
  assert_non_null(l);
  vet_links_set_threads(l, threads);
  tu_must(vet_links_collect(l, NULL, &e), "collect");
  tu_must(vet_links_finish(l, &e), "finish");
  return l;
}

static uint32_t subject_index(const struct vet_population *p, const char *id)
{
  const struct vet_subject *s = vet_population_find(p, vet_str_c(id));
  if (!s)
    fail_msg("no subject '%s'", id);
  return (uint32_t)(s - p->subjects);
}

/* The group id of subject id, "" when it is in none. */
static const char *group_id(const struct vet_links *l, const struct vet_population *p, const char *id)
{
  const struct vet_link_group *g = vet_links_group_of(l, subject_index(p, id));
  return g ? g->id : "";
}

static void test_photo_files(void **state)
{
  (void)state;
  struct photo_dir d;
  make_photo_dir(&d);
  static const struct {
    const char *id, *photo, *phash; /* phash NULL: none */
  } subjects[] = {
      {"a", "face.png", NULL},                            /* relative: under link.photo_dir */
      {"b", NULL, NULL},                                  /* face.jpg by its absolute path (below) */
      {"c", "land.png", NULL},                            /* another picture */
      {"d", "https://cdn.example.com/face.png", NULL},    /* URLs: never read */
      {"e", "data:image/png;base64,iVBORw0KGgo=", NULL},
      {"f", "S3://bucket/face.png", NULL},
      {"g", "missing.jpg", NULL},                         /* counted, described */
      {"h", "notes.png", NULL},
      {"i", "face.png", "0123456789abcdef"},              /* a given hash wins: the file is not read */
      {"j", "  face.png ", NULL},                         /* face.png again: read once */
      {"k", "folder.png", NULL},                          /* a directory */
      {"l", "-", NULL},                                   /* a file named "-", never the standard input */
  };
  struct tu_lines lines = {0};
  for (size_t k = 0; k < VET_COUNTOF(subjects); k++) {
    char extra[128] = "";
    if (subjects[k].phash)
      snprintf(extra, sizeof extra, ",\"photo_phash\":\"%s\"", subjects[k].phash);
    tu_addf(&lines, "{\"type\":\"subject\",\"id\":\"%s\",\"name\":\"Person %s\",\"photo\":\"%s\"%s}", subjects[k].id,
            subjects[k].id, subjects[k].photo ? subjects[k].photo : d.jpg, extra);
  }
  struct vet_population *p = population_of(&lines);
  struct vet_links *one = NULL;
  for (uint32_t threads = 1; threads <= 4; threads += 3) {
    struct vet_links *l = links_of(p, d.dir, threads);
    /* the PNG and the half-size JPEG of one picture link a, b (and j) */
    const char *ga = group_id(l, p, "a");
    assert_true(ga[0]);
    assert_string_equal(group_id(l, p, "b"), ga);
    assert_string_equal(group_id(l, p, "j"), ga);
    for (size_t k = 2; k < VET_COUNTOF(subjects); k++)
      if (subjects[k].id[0] != 'j')
        assert_string_equal(group_id(l, p, subjects[k].id), "");
    struct vet_links_stats st;
    vet_links_stats(l, &st);
    assert_int_equal(st.photos_hashed, 4);      /* a, b, c, j */
    assert_int_equal(st.photos_failed, 4);      /* g, h, k, l */
    assert_int_equal(st.photos_skipped_url, 3); /* d, e, f */
    assert_int_equal(st.photo_files, 7);        /* face.png once for a and j */
    assert_int_equal(st.photo_files_failed, 4);
    /* one message per failed file, by subject */
    char want[4][256];
    snprintf(want[0], sizeof want[0], "subject 'g': photo '%s/missing.jpg': cannot open (no such file)", d.dir);
    snprintf(want[1], sizeof want[1], "subject 'h': photo '%s/notes.png': not a PNG or JPEG image", d.dir);
    snprintf(want[2], sizeof want[2], "subject 'k': photo '%s/folder.png': not a regular file", d.dir);
    snprintf(want[3], sizeof want[3], "subject 'l': photo '%s/-': cannot open (no such file)", d.dir);
    for (uint32_t k = 0; k < 4; k++) {
      assert_non_null(vet_links_problem(l, k));
      assert_string_equal(vet_links_problem(l, k), want[k]);
    }
    assert_null(vet_links_problem(l, 4));
    /* the same records with one thread or four */
    if (!one) {
      one = l;
      continue;
    }
    uint32_t n1, n2;
    const struct vet_link_shared *s1 = vet_links_shared(one, &n1), *s2 = vet_links_shared(l, &n2);
    assert_int_equal(n1, n2);
    for (uint32_t r = 0; r < n1; r++) {
      assert_int_equal(s1[r].kind, s2[r].kind);
      assert_true(vet_str_eq(s1[r].value, s2[r].value));
    }
    vet_links_free(l);
  }
  /* the photo record itself: a photo hash shared exactly, or near */
  uint32_t n;
  const struct vet_link_shared *sh = vet_links_shared(one, &n);
  bool found = false;
  for (uint32_t r = 0; r < n; r++)
    found |= sh[r].kind == VET_LINK_PHOTO && sh[r].strength >= 0.9 - 1e-9;
  assert_true(found);
  vet_links_free(one);

  /* without link.photo_dir, relative names are under the current directory */
  char cwd[4096];
  assert_non_null(getcwd(cwd, sizeof cwd));
  assert_int_equal(chdir(d.dir), 0);
  struct tu_lines rel = {0};
  tu_addf(&rel, "{\"type\":\"subject\",\"id\":\"x\",\"name\":\"Xavier Cole\",\"photo\":\"face.png\"}");
  tu_addf(&rel, "{\"type\":\"subject\",\"id\":\"y\",\"name\":\"Yann Diaz\",\"photo\":\"./face.jpg\"}");
  tu_addf(&rel, "{\"type\":\"subject\",\"id\":\"z\",\"name\":\"Zoe Ford\",\"photo\":\"nothing/here.png\"}");
  struct vet_population *q = population_of(&rel);
  struct vet_links *l = links_of(q, "", 2);
  assert_int_equal(chdir(cwd), 0);
  assert_true(group_id(l, q, "x")[0]);
  assert_string_equal(group_id(l, q, "y"), group_id(l, q, "x"));
  assert_string_equal(vet_links_problem(l, 0), "subject 'z': photo 'nothing/here.png': cannot open (no such file)");
  vet_links_free(l);
  vet_population_free(q);
  vet_population_free(p);
  tu_rm_rf(d.dir);
}

/* Through `vetter check` with link.photo_dir set: ring.reused_photo. */
static void test_photo_files_check(void **state)
{
  (void)state;
  struct photo_dir d;
  make_photo_dir(&d);
  struct vet_ctx *ctx = tu_check_ctx_with("link.photo_dir", d.dir);
  assert_non_null(ctx);
  struct tu_lines l = {0};
  tu_addf(&l, "{\"type\":\"subject\",\"id\":\"p1\",\"name\":\"Anna Berg\",\"photo\":\"face.png\"}");
  tu_addf(&l, "{\"type\":\"subject\",\"id\":\"p2\",\"name\":\"Carl Dunn\",\"photo\":\"face.jpg\"}");
  tu_addf(&l, "{\"type\":\"subject\",\"id\":\"p3\",\"name\":\"Eva Frost\",\"photo\":\"land.png\"}");
  tu_addf(&l, "{\"type\":\"subject\",\"id\":\"p4\",\"name\":\"Gil Hart\",\"photo\":\"http://example.com/face.png\"}");
  struct tu_run r;
  tu_run_lines(&r, ctx, &l);
  tu_must_find(tu_report(&r, "p1"), "ring.reused_photo");
  tu_must_find(tu_report(&r, "p2"), "ring.reused_photo");
  tu_must_not(tu_report(&r, "p3"), "ring.reused_photo");
  tu_must_not(tu_report(&r, "p4"), "ring.reused_photo");
  tu_run_free(&r);
  vet_ctx_free(ctx);
  tu_rm_rf(d.dir);
}

/* A resume that grows past its cap when folded (U+FDFA is one character
 * of 3 bytes and 18 after NFKC) is left out of the text comparison; the
 * linking goes on, and copied resumes still pair. */
static void test_unsignable_text(void **state)
{
  (void)state;
  enum { REPEAT = 90000 }; /* 360 KB of text, folding to about 3 MB */
  size_t cap = REPEAT * 4 + 256, n = 0;
  char *line = malloc(cap);
  assert_non_null(line);
  n += (size_t)snprintf(line, cap, "{\"type\":\"subject\",\"id\":\"big\",\"name\":\"Bo Big\",\"text\":{\"resume\":\"");
  for (int k = 0; k < REPEAT; k++)
    n += (size_t)snprintf(line + n, cap - n, "\xef\xb7\xba ");
  snprintf(line + n, cap - n, "\"}}");
  struct tu_lines l = {0};
  l.v[l.n++] = line;
  char a[1024], b[1024];
  resume(a, sizeof a, "Maria", "Go");
  resume(b, sizeof b, "Elena", "Go");
  tu_addf(&l, "{\"type\":\"subject\",\"id\":\"m\",\"name\":\"Maria Gomez\",\"text\":{\"resume\":\"%s\"}}", a);
  tu_addf(&l, "{\"type\":\"subject\",\"id\":\"e\",\"name\":\"Elena Petrova\",\"text\":{\"resume\":\"%s\"}}", b);
  struct vet_population *p = population_of(&l);
  struct vet_links *lk = links_of(p, "", 1);
  assert_true(group_id(lk, p, "m")[0]);
  assert_string_equal(group_id(lk, p, "e"), group_id(lk, p, "m"));
  assert_string_equal(group_id(lk, p, "big"), "");
  struct vet_links_stats st;
  vet_links_stats(lk, &st);
  assert_int_equal(st.text_pairs, 1);
  vet_links_free(lk);
  vet_population_free(p);
}

/* A chain: c0-c1 share a payout account (1.0), c1-c2 an address (0.5),
 * c2-c3 another payout account.  One group of four by default; with
 * link.max_group_size 3 the component is too large, so the weaker
 * address no longer joins and two groups of two remain. */
static void chain_lines(struct tu_lines *l)
{
  const char *names[] = {"Ann Abel", "Bo Brant", "Cy Croft", "Di Dorn"};
  const char *acct[] = {"111222333", "111222333", "444555666", "444555666"};
  for (int i = 0; i < 4; i++)
    tu_addf(l, "{\"type\":\"subject\",\"id\":\"c%d\",\"name\":\"%s\",\"country\":\"US\",%s\"payouts\":[{"
               "\"kind\":\"bank\",\"holder\":\"%s\",\"account\":\"%s\"}]}",
            i, names[i],
            i == 1 || i == 2 ? "\"addresses\":[{\"kind\":\"residence\",\"country\":\"US\",\"text\":\"12 Elm Street, "
                               "Denver, CO 80203\"}],"
                             : "",
            names[i], acct[i]);
}

static void test_max_group_size(void **state)
{
  struct tu_lines l = {0};
  chain_lines(&l);
  struct tu_run r;
  tu_run_lines(&r, *state, &l);
  for (int i = 0; i < 4; i++) {
    char id[8];
    snprintf(id, sizeof id, "c%d", i);
    assert_int_equal(json_integer_value(json_object_get(group(tu_report(&r, id)), "size")), 4);
  }
  tu_run_free(&r);

  struct vet_ctx *ctx = tu_check_ctx_with("link.max_group_size", "3");
  assert_non_null(ctx);
  l = (struct tu_lines){0};
  chain_lines(&l);
  tu_run_lines(&r, ctx, &l);
  json_t *g0 = group(tu_report(&r, "c0")), *g2 = group(tu_report(&r, "c2"));
  assert_int_equal(json_integer_value(json_object_get(g0, "size")), 2);
  assert_int_equal(json_integer_value(json_object_get(g2, "size")), 2);
  assert_true(json_equal(json_object_get(g0, "id"), json_object_get(group(tu_report(&r, "c1")), "id")));
  assert_false(json_equal(json_object_get(g0, "id"), json_object_get(g2, "id")));
  /* the payout accounts still raise their findings; the address joins nobody */
  tu_must_find(tu_report(&r, "c1"), "ring.shared_payout");
  json_t *shared = json_object_get(g0, "shared");
  assert_int_equal(json_array_size(shared), 1);
  assert_string_equal(json_string_value(json_object_get(json_array_get(shared, 0), "kind")), "payout");
  tu_run_free(&r);
  vet_ctx_free(ctx);
}

/* Over a thousand identifiers (the sort's large path, after the ones
 * that cannot be shared are set aside): 500 subjects with two mailboxes
 * and a phone number each, all their own but for one number two share and
 * one mailbox three share (written differently). */
static void test_many_identifiers(void **state)
{
  struct tu_lines l = {0};
  for (int i = 0; i < 500; i++) {
    char phone[32], mail[64];
    snprintf(phone, sizeof phone, "+1 202 555 %04d", i == 11 ? 10 : i);
    snprintf(mail, sizeof mail, i >= 300 && i <= 302 ? "Shared.Box@example.org" : "worker%d@example.org", i);
    if (i == 301)
      snprintf(mail, sizeof mail, "shared.box@EXAMPLE.org");
    tu_addf(&l, "{\"type\":\"subject\",\"id\":\"s%d\",\"name\":\"Worker Number%d\",\"country\":\"US\","
            "\"emails\":[\"%s\",\"second%d@example.net\"],\"phones\":[\"%s\"]}", i, i, mail, i, phone);
  }
  struct tu_run r;
  tu_run_lines(&r, *state, &l);
  for (uint32_t i = 0; i < r.pop->n_subjects; i++) {
    char id[16];
    snprintf(id, sizeof id, "s%u", i);
    json_t *g = group(tu_report(&r, id));
    bool in = i == 10 || i == 11 || (i >= 300 && i <= 302);
    if (!in) {
      if (g)
        tu_dump(tu_report(&r, id));
      assert_null(g);
      continue;
    }
    assert_non_null(g);
    assert_int_equal(json_integer_value(json_object_get(g, "size")), i <= 11 ? 2 : 3);
    json_t *x = tu_must_find(tu_report(&r, id), "ring.shared_contact");
    assert_string_equal(tu_ev_str(x, "value"), i <= 11 ? "+12025550010" : "shared.box@example.org");
  }
  tu_run_free(&r);
}

static uint64_t mix(uint64_t *x)
{
  uint64_t z = (*x += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

/* Agreeing on one of the five blocks of bits the search by blocks uses
 * (link/graph.c: block b is bits [64 b / 5, 64 (b + 1) / 5)). */
static bool same_block(uint64_t a, uint64_t b)
{
  for (int k = 0; k < 5; k++) {
    int lo = k * 64 / 5, hi = (k + 1) * 64 / 5;
    if ((((a ^ b) >> lo) & ((1ull << (hi - lo)) - 1)) == 0)
      return true;
  }
  return false;
}

/* More photo hashes than the all-against-all scan takes (the search by
 * blocks of bits, with its sorts): a pair of subjects whose hashes are 1
 * to link.photo_max_distance bits apart and agree on one of the five
 * blocks is a photo record, which every pair within 4 bits does
 * (docs/linking.md), and no other pair is (all pairs compared here, one
 * by one).  Copies are planted at 1 to 14 bits from another subject's
 * hash, bits spread over every block; the rest are random (two of those
 * may be near by chance: then they are expected too). */
static void test_many_photos(void **state)
{
  (void)state;
  enum { N = 21000, PLANTED = 600 };
  static uint64_t h[N];
  uint64_t seed = 20261128;
  struct vet_population *p = vet_population_new(tu_countries(), "photos.jsonl");
  assert_non_null(p);
  for (uint32_t i = 0; i < N; i++) {
    h[i] = mix(&seed);
    if (i >= N - PLANTED) {
      uint32_t from = (uint32_t)(mix(&seed) % (N - PLANTED)), flips = 1 + i % 14;
      h[i] = h[from];
      for (uint32_t k = 0; k < flips; k++)
        h[i] ^= 1ull << ((i * 7 + k * 29) % 64); /* 29 is prime to 64: distinct bits */
    }
    char line[96];
    snprintf(line, sizeof line, "{\"type\":\"subject\",\"id\":\"p%05u\",\"photo_phash\":\"%016llx\"}", i,
             (unsigned long long)h[i]);
    tu_must(vet_population_add_line(p, i + 1, vet_str_c(line), NULL), line);
  }
  tu_must(vet_population_finish(p, NULL), "finish");
  assert_int_equal(p->n_subjects, N);
  struct vet_links *l = links_of(p, "", 1);
  struct vet_config c;
  vet_config_defaults(&c);
  uint32_t maxd = c.link.photo_max_distance;
  /* the near pairs found, as a bit per (a, b) of the planted and by chance */
  size_t want = 0, got = 0, near4 = 0;
  for (uint32_t a = 0; a < N; a++)
    for (uint32_t b = a + 1; b < N; b++) {
      int d = __builtin_popcountll(h[a] ^ h[b]);
      want += d >= 1 && (uint32_t)d <= maxd && same_block(h[a], h[b]);
      near4 += d >= 1 && d <= 4;
    }
  uint32_t n;
  const struct vet_link_shared *sh = vet_links_shared(l, &n);
  const uint32_t *m = vet_links_members(l);
  for (uint32_t k = 0; k < n; k++) {
    if (sh[k].kind != VET_LINK_PHOTO || !memchr(sh[k].value.ptr, '~', sh[k].value.len))
      continue; /* an exact hash, or another kind */
    assert_int_equal(sh[k].n, 2);
    uint32_t a = m[sh[k].first], b = m[sh[k].first + 1];
    int d = __builtin_popcountll(h[a] ^ h[b]);
    if (d < 1 || (uint32_t)d > maxd || !same_block(h[a], h[b]))
      fail_msg("subjects %u and %u linked by photo at %d bits", a, b, d);
    got++;
  }
  if (got != want)
    fail_msg("%zu near photo pairs found, %zu expected", got, want);
  assert_true(near4 >= PLANTED * 4 / 14 - 2); /* the planted ones at 1 to 4 bits are among them */
  assert_true(want > near4);
  vet_links_free(l);
  vet_population_free(p);
}

/* The phone numbers the links parsed, as the checks take them
 * (vet_links_phone): the same as vet_phone_parse with the same default
 * region, field by field; nothing for another region, for a text that is
 * no number (its error text is not kept) or for a claimed country that is
 * no alpha-2 code. */
static void test_links_phone(void **state)
{
  (void)state;
  struct tu_lines lines = {0};
  tu_addf(&lines, "{\"type\":\"subject\",\"id\":\"us\",\"country\":\"US\",\"phones\":[\"(202) 555 0142\","
                  "\"+44 20 7946 0958\",\"call me\",\"+1 800 FLOWERS\",\"12\"]}");
  tu_addf(&lines, "{\"type\":\"subject\",\"id\":\"none\",\"nationality\":\"GB\",\"phones\":[\"+82 2 312 3456\","
                  "\"020 7946 0958\"]}");
  tu_addf(&lines, "{\"type\":\"subject\",\"id\":\"kp\",\"country\":\"KP\",\"phones\":[\"+850 2 381 2222\"]}");
  struct vet_population *p = population_of(&lines);
  struct vet_links *l = links_of(p, "", 1);
  static const struct {
    const char *id, *region;
    uint32_t k;
    bool kept;
  } cases[] = {
      {"us", "US", 0, true},   {"us", "US", 1, true},   {"us", "US", 2, false}, {"us", "US", 3, true},
      {"us", "US", 4, true},   {"us", "GB", 0, false},  {"us", NULL, 1, false}, {"none", NULL, 0, true},
      {"none", NULL, 1, false}, {"none", "GB", 1, false}, {"kp", "KP", 0, true}, {"kp", "KP", 1, false},
  };
  for (size_t c = 0; c < VET_COUNTOF(cases); c++) {
    uint32_t i = subject_index(p, cases[c].id);
    struct vet_phone got, want;
    memset(&got, 0x5a, sizeof got);
    bool kept = vet_links_phone(l, i, cases[c].k, cases[c].region, &got);
    if (kept != cases[c].kept)
      fail_msg("case %zu (%s, phone %u): kept %d", c, cases[c].id, cases[c].k, kept);
    if (!kept)
      continue;
    tu_must(vet_phone_parse(p->subjects[i].phones.v[cases[c].k], cases[c].region, &want, NULL), "parse");
    assert_true(want.parsed);
    assert_int_equal(got.parsed, want.parsed);
    assert_int_equal(got.possible, want.possible);
    assert_int_equal(got.valid, want.valid);
    assert_string_equal(got.region, want.region);
    assert_int_equal(got.country_code, want.country_code);
    assert_int_equal(got.type, want.type);
    assert_string_equal(got.e164, want.e164);
    assert_string_equal(got.error, want.error);
  }
  assert_false(vet_links_phone(l, p->n_subjects, 0, "US", &(struct vet_phone){0}));
  assert_false(vet_links_phone(NULL, 0, 0, "US", &(struct vet_phone){0}));
  vet_links_free(l);
  vet_population_free(p);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_facilitator_payout), cmocka_unit_test(test_family),
      cmocka_unit_test(test_contacts),           cmocka_unit_test(test_vpn_users),
      cmocka_unit_test(test_photos_and_texts),   cmocka_unit_test(test_common_identifier),
      cmocka_unit_test(test_photo_files),        cmocka_unit_test(test_photo_files_check),
      cmocka_unit_test(test_unsignable_text),    cmocka_unit_test(test_max_group_size),
      cmocka_unit_test(test_many_identifiers),   cmocka_unit_test(test_links_phone),
      cmocka_unit_test(test_many_photos),
  };
  return cmocka_run_group_tests_name("links and groups", tests, tu_check_setup, tu_check_teardown);
}
