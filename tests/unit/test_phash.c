/* test_phash.c - link/phash.c: perceptual hashes of synthetic "photos"
 * drawn by the test (a face, a second face, a landscape, a text page, an
 * ID card, a checkerboard) and encoded here with libpng and libjpeg;
 * copies of each (rescaled, JPEG quality 40, brighter, more contrast,
 * grayscale, 2 % border crop, PNG against JPEG) must stay within
 * VET_PHASH_NEAR, different pictures VET_PHASH_FAR apart or more.  Every
 * PNG form of the same pixels (interlaced, palette, 16-bit, alpha) must
 * give the same hash; broken, truncated, empty and oversized images must
 * fail cleanly; hex parsing and formatting.  Images are drawn with
 * integer arithmetic only, so the exact hashes asserted for PNGs hold on
 * every machine. */
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#include <jpeglib.h>
#include <png.h>

#include "testutil.h"
#include "vetter/phash.h"

/* ---- images ------------------------------------------------------------ */

/* An 8-bit image: c = 1 (grey), 3 (RGB) or 4 (CMYK, JPEG only) samples per pixel. */
struct img {
  uint32_t w, h, c;
  uint8_t *px;
};

static struct img img_new(uint32_t w, uint32_t h, uint32_t c)
{
  struct img m = {w, h, c, calloc((size_t)w * h * c, 1)};
  assert_non_null(m.px);
  return m;
}

static uint8_t *at(const struct img *m, uint32_t x, uint32_t y) { return m->px + ((size_t)y * m->w + x) * m->c; }

static void put(struct img *m, uint32_t x, uint32_t y, uint32_t rgb)
{
  uint8_t *p = at(m, x, y);
  p[0] = (uint8_t)(rgb >> 16), p[1] = (uint8_t)(rgb >> 8), p[2] = (uint8_t)rgb;
}

/* Fill the ellipse centred on (cx, cy) with radii rx, ry. */
static void ellipse(struct img *m, int cx, int cy, int rx, int ry, uint32_t rgb)
{
  for (int y = cy - ry; y <= cy + ry; y++)
    for (int x = cx - rx; x <= cx + rx; x++) {
      int64_t dx = x - cx, dy = y - cy;
      if (x >= 0 && y >= 0 && x < (int)m->w && y < (int)m->h &&
          dx * dx * ry * ry + dy * dy * rx * rx <= (int64_t)rx * rx * ry * ry)
        put(m, (uint32_t)x, (uint32_t)y, rgb);
    }
}

static void rect(struct img *m, int x0, int y0, int x1, int y1, uint32_t rgb)
{
  for (int y = VET_MAX(y0, 0); y < VET_MIN(y1, (int)m->h); y++)
    for (int x = VET_MAX(x0, 0); x < VET_MIN(x1, (int)m->w); x++)
      put(m, (uint32_t)x, (uint32_t)y, rgb);
}

/* Vertical gradient from colour a (top) to b (bottom). */
static void vgrad(struct img *m, uint32_t a, uint32_t b)
{
  for (uint32_t y = 0; y < m->h; y++) {
    uint32_t rgb = 0;
    for (int s = 16; s >= 0; s -= 8) {
      uint32_t ca = (a >> s) & 255, cb = (b >> s) & 255;
      rgb |= ((ca * (m->h - 1 - y) + cb * y) / (m->h - 1)) << s;
    }
    for (uint32_t x = 0; x < m->w; x++)
      put(m, x, y, rgb);
  }
}

static uint32_t lcg(uint32_t *s) { return (*s = *s * 1103515245u + 12345u) >> 16; }

enum scene { FACE, FACE2, LANDSCAPE, TEXT, IDCARD, CHECKER, NSCENES };
static const char *const scene_name[NSCENES] = {"face", "face2", "landscape", "text", "idcard", "checker"};

#ifndef CHECK
#define CHECK 48
#endif
static struct img draw(enum scene s)
{
  struct img m;
  uint32_t seed = 7;
  switch (s) {
  case FACE: /* portrait: shoulders, face, hair, eyes, mouth */
    m = img_new(240, 300, 3);
    vgrad(&m, 0x8ca0b4, 0x4a5a6a);
    ellipse(&m, 120, 300, 110, 70, 0x283040);
    ellipse(&m, 120, 140, 62, 82, 0xe0b090);
    ellipse(&m, 120, 78, 70, 36, 0x3a2618);
    ellipse(&m, 96, 130, 12, 7, 0xffffff), ellipse(&m, 144, 130, 12, 7, 0xffffff);
    ellipse(&m, 96, 130, 5, 5, 0x302010), ellipse(&m, 144, 130, 5, 5, 0x302010);
    ellipse(&m, 120, 192, 22, 8, 0xb04040);
    break;
  case FACE2: /* another person: off centre, long hair, glasses, warm background */
    m = img_new(240, 300, 3);
    vgrad(&m, 0xd8c8a0, 0xa08860);
    ellipse(&m, 140, 170, 80, 140, 0x1a1008);
    ellipse(&m, 140, 300, 120, 60, 0x802020);
    ellipse(&m, 140, 150, 54, 72, 0xc89070);
    rect(&m, 100, 130, 132, 146, 0x101010), rect(&m, 148, 130, 180, 146, 0x101010);
    ellipse(&m, 140, 200, 16, 6, 0x903030);
    break;
  case LANDSCAPE: /* sky, sun, mountain, hills, lake */
    m = img_new(320, 200, 3);
    vgrad(&m, 0x3060c0, 0xc0e0ff);
    ellipse(&m, 250, 45, 22, 22, 0xfff0a0);
    for (int y = 40; y < 200; y++) /* a mountain: a triangle */
      rect(&m, 110 - (y - 40), y, 110 + (y - 40), y + 1, 0x706058);
    for (int x = 0; x < 320; x++) { /* hills: a parabola per hill */
      int d = (x % 160) - 80, top = 120 + d * d / 160;
      rect(&m, x, top, x + 1, 200, 0x307030);
    }
    ellipse(&m, 200, 185, 70, 14, 0x4070b0);
    break;
  case TEXT: /* a page of lines of words */
    m = img_new(300, 220, 3);
    rect(&m, 0, 0, 300, 220, 0xf8f8f0);
    rect(&m, 20, 14, 200, 30, 0x202020); /* a title */
    for (int y = 44; y < 210; y += 14)
      for (int x = 20; x < 270;) {
        int len = 10 + (int)(lcg(&seed) % 40);
        rect(&m, x, y, VET_MIN(x + len, 280), y + 7, 0x303030);
        x += len + 6;
      }
    break;
  case IDCARD: /* a card: header band, photo box, text lines, a barcode */
    m = img_new(320, 200, 3);
    rect(&m, 0, 0, 320, 200, 0xe8eef4);
    rect(&m, 0, 0, 320, 34, 0x1040a0);
    rect(&m, 16, 48, 106, 168, 0xb0a090);
    ellipse(&m, 61, 100, 28, 36, 0xd0a080);
    for (int y = 52; y < 150; y += 18)
      rect(&m, 124, y, 124 + 60 + (int)(lcg(&seed) % 120), y + 8, 0x404040);
    for (int x = 124; x < 304; x += 3 + (int)(lcg(&seed) % 3))
      rect(&m, x, 170, x + 1 + (int)(lcg(&seed) % 2), 192, 0x000000);
    break;
  default: /* checkerboard, red and cream, CHECK pixels a square */
    m = img_new(256, 256, 3);
    for (uint32_t y = 0; y < 256; y++)
      for (uint32_t x = 0; x < 256; x++)
        put(&m, x, y, ((x / CHECK) + (y / CHECK)) % 2 ? 0xc03020 : 0xf0e8d0);
    break;
  }
  return m;
}

/* Bilinear resize (16.16 fixed point, pixel centres aligned); to exactly
 * half the size it is a 2x2 box average. */
static struct img resize(const struct img *s, uint32_t w, uint32_t h)
{
  struct img d = img_new(w, h, s->c);
  for (uint32_t y = 0; y < h; y++) {
    int64_t fy = (((int64_t)y * 2 + 1) * s->h * 65536) / (2 * h) - 32768;
    fy = VET_MAX(fy, 0);
    uint32_t y0 = (uint32_t)(fy >> 16), y1 = VET_MIN(y0 + 1, s->h - 1), wy = (uint32_t)(fy & 65535);
    for (uint32_t x = 0; x < w; x++) {
      int64_t fx = (((int64_t)x * 2 + 1) * s->w * 65536) / (2 * w) - 32768;
      fx = VET_MAX(fx, 0);
      uint32_t x0 = (uint32_t)(fx >> 16), x1 = VET_MIN(x0 + 1, s->w - 1), wx = (uint32_t)(fx & 65535);
      for (uint32_t c = 0; c < s->c; c++) {
        uint64_t top = (uint64_t)at(s, x0, y0)[c] * (65536 - wx) + (uint64_t)at(s, x1, y0)[c] * wx;
        uint64_t bot = (uint64_t)at(s, x0, y1)[c] * (65536 - wx) + (uint64_t)at(s, x1, y1)[c] * wx;
        at(&d, x, y)[c] = (uint8_t)((top * (65536 - wy) + bot * wy + (1ull << 31)) >> 32);
      }
    }
  }
  return d;
}

/* v -> (v - 128) * mul / 10 + 128 + add, clamped. */
static struct img tone(const struct img *s, int mul, int add)
{
  struct img d = img_new(s->w, s->h, s->c);
  for (size_t i = 0; i < (size_t)s->w * s->h * s->c; i++) {
    int v = (s->px[i] - 128) * mul / 10 + 128 + add;
    d.px[i] = (uint8_t)VET_MAX(0, VET_MIN(255, v));
  }
  return d;
}

static struct img to_gray(const struct img *s)
{
  struct img d = img_new(s->w, s->h, 1);
  for (uint32_t y = 0; y < s->h; y++)
    for (uint32_t x = 0; x < s->w; x++) {
      const uint8_t *p = at(s, x, y);
      d.px[(size_t)y * s->w + x] = (uint8_t)((19595 * p[0] + 38470 * p[1] + 7471 * p[2] + 32768) >> 16);
    }
  return d;
}

/* Cut pct percent of the width and height off every side. */
static struct img crop(const struct img *s, uint32_t pct)
{
  uint32_t dx = s->w * pct / 100, dy = s->h * pct / 100;
  struct img d = img_new(s->w - 2 * dx, s->h - 2 * dy, s->c);
  for (uint32_t y = 0; y < d.h; y++)
    memcpy(at(&d, 0, y), at(s, dx, y + dy), (size_t)d.w * s->c);
  return d;
}

/* ---- encoders ------------------------------------------------------------ */

struct blob {
  uint8_t *p;
  size_t len;
};

static void png_put(png_structp png, png_bytep d, size_t n)
{
  struct blob *b = png_get_io_ptr(png);
  uint8_t *np = realloc(b->p, b->len + n);
  assert_non_null(np);
  memcpy(np + b->len, d, n);
  b->p = np;
  b->len += n;
}

static void png_flush(png_structp png) { (void)png; }

/* Encode rows of `type` samples (8-bit, or expanded to 16) as a PNG. */
static struct blob png_encode(const uint8_t *px, uint32_t w, uint32_t h, int type, int depth, bool interlace,
                              const png_color *pal, int npal, const png_byte *trns, int ntrns)
{
  struct blob b = {0};
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
  png_infop info = png_create_info_struct(png);
  assert_non_null(info);
  if (setjmp(png_jmpbuf(png)))
    fail_msg("png_encode failed");
  png_set_write_fn(png, &b, png_put, png_flush);
  png_set_IHDR(png, info, w, h, depth, type, interlace ? PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE,
               PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  if (pal)
    png_set_PLTE(png, info, pal, npal);
  if (trns)
    png_set_tRNS(png, info, trns, ntrns, NULL);
  png_write_info(png, info);
  uint32_t spp = type == PNG_COLOR_TYPE_RGB ? 3 : type == PNG_COLOR_TYPE_RGBA ? 4 : type == PNG_COLOR_TYPE_GA ? 2 : 1;
  size_t rb = (size_t)w * spp;
  png_bytep *rows = calloc(h, sizeof *rows);
  uint8_t *wide = depth == 16 ? malloc(rb * 2 * h) : NULL;
  for (uint32_t y = 0; y < h; y++) {
    rows[y] = (png_bytep)px + rb * y;
    if (wide) { /* v -> v * 257: stripping back to 8 bits gives v */
      for (size_t i = 0; i < rb; i++)
        wide[rb * 2 * y + 2 * i] = wide[rb * 2 * y + 2 * i + 1] = px[rb * y + i];
      rows[y] = wide + rb * 2 * y;
    }
  }
  png_write_image(png, rows);
  png_write_end(png, NULL);
  png_destroy_write_struct(&png, &info);
  free(rows);
  free(wide);
  return b;
}

static struct blob png_of(const struct img *m)
{
  return png_encode(m->px, m->w, m->h, m->c == 3 ? PNG_COLOR_TYPE_RGB : PNG_COLOR_TYPE_GRAY, 8, false, NULL, 0,
                    NULL, 0);
}

static struct blob jpeg_of(const struct img *m, int quality, bool progressive)
{
  struct jpeg_compress_struct c;
  struct jpeg_error_mgr err;
  unsigned char *out = NULL;
  unsigned long len = 0;
  c.err = jpeg_std_error(&err);
  jpeg_create_compress(&c);
  jpeg_mem_dest(&c, &out, &len);
  c.image_width = m->w;
  c.image_height = m->h;
  c.input_components = (int)m->c;
  c.in_color_space = m->c == 4 ? JCS_CMYK : m->c == 3 ? JCS_RGB : JCS_GRAYSCALE;
  jpeg_set_defaults(&c);
  jpeg_set_quality(&c, quality, TRUE);
  if (progressive)
    jpeg_simple_progression(&c);
  jpeg_start_compress(&c, TRUE);
  while (c.next_scanline < c.image_height) {
    JSAMPROW r = at(m, 0, c.next_scanline);
    jpeg_write_scanlines(&c, &r, 1);
  }
  jpeg_finish_compress(&c);
  jpeg_destroy_compress(&c);
  return (struct blob){out, len};
}

/* ---- hashing helpers -------------------------------------------------------- */

static uint64_t hash_blob(struct blob b, const char *what)
{
  uint64_t h = 0;
  struct vet_error e = {0};
  vet_err rc = vet_phash_mem(b.p, b.len, what, &h, &e);
  if (rc != VET_OK)
    fail_msg("%s: %s", what, e.msg);
  free(b.p);
  return h;
}

/* Hash the PNG of m and free m. */
static uint64_t hash_png(struct img m, const char *what)
{
  uint64_t h = hash_blob(png_of(&m), what);
  free(m.px);
  return h;
}

static uint64_t hash_jpeg(struct img m, int quality, bool progressive, const char *what)
{
  uint64_t h = hash_blob(jpeg_of(&m, quality, progressive), what);
  free(m.px);
  return h;
}

/* ---- tests ------------------------------------------------------------------ */

static void test_hex(void **state)
{
  (void)state;
  static const struct {
    const char *in;
    uint64_t want;
  } good[] = {
      {"0000000000000000", 0},
      {"ffffffffffffffff", UINT64_MAX},
      {"0123456789abcdef", 0x0123456789abcdefull},
      {"0x0123456789ABCDEF", 0x0123456789abcdefull},
      {"0XfEdCbA9876543210", 0xfedcba9876543210ull},
      {"8000000000000001", 0x8000000000000001ull},
  };
  uint64_t h = 1;
  struct vet_error e = {0};
  for (size_t i = 0; i < VET_COUNTOF(good); i++)
    if (vet_phash_parse(vet_str_c(good[i].in), &h, &e) != VET_OK || h != good[i].want)
      fail_msg("'%s': got %016" PRIx64 " (%s)", good[i].in, h, e.msg);
  static const char *const bad[] = {
      "", "0x", "0123456789abcde", "0123456789abcdef0", " 0123456789abcdef", "0123456789abcdef ",
      "0123456789abcdeg", "+123456789abcdef", "-123456789abcdef", "0x0x23456789abcdef", "x0123456789abcdef",
      "0123456789abcd\xc3\xa9", "0123 56789abcdef", "00x123456789abcd", "0b0123456789abcdef",
  };
  for (size_t i = 0; i < VET_COUNTOF(bad); i++) {
    h = 42;
    if (vet_phash_parse(vet_str_c(bad[i]), &h, &e) != VET_EPARSE || h != 42 || !strstr(e.msg, "perceptual hash '"))
      fail_msg("'%s' was accepted (%s)", bad[i], e.msg);
  }
  /* an embedded NUL is not a digit */
  assert_int_equal(vet_phash_parse((vet_str){"0123456\0" "89abcdef", 16}, &h, NULL), VET_EPARSE);
  /* format, and back */
  uint32_t s = 99;
  char buf[VET_PHASH_HEX_LEN + 1];
  for (int i = 0; i < 200; i++) {
    uint64_t v = (uint64_t)lcg(&s) << 48 ^ (uint64_t)lcg(&s) << 32 ^ (uint64_t)lcg(&s) << 16 ^ lcg(&s);
    vet_phash_format(v, buf, sizeof buf);
    assert_int_equal(strlen(buf), VET_PHASH_HEX_LEN);
    assert_int_equal(vet_phash_parse(vet_str_c(buf), &h, NULL), VET_OK);
    assert_true(h == v);
  }
  assert_string_equal(vet_phash_format(0xa5ull, buf, sizeof buf), "00000000000000a5");
  assert_string_equal(vet_phash_format(1, buf, 16), ""); /* no room */
  /* distances */
  assert_int_equal(vet_phash_distance(0, 0), 0);
  assert_int_equal(vet_phash_distance(0, UINT64_MAX), 64);
  assert_int_equal(vet_phash_distance(0xf0f0, 0x0ff0), 8);
}

/* The same pixels in every PNG form give the same hash, and the hashes of
 * the PNG scenes are fixed: integer drawing, lossless pixels, integer
 * hashing. */
static void test_exact(void **state)
{
  (void)state;
  /* flat grey: no AC energy, only the DC bit */
  struct img flat = img_new(64, 48, 1);
  memset(flat.px, 128, 64 * 48);
  uint64_t h = 0;
  assert_int_equal(vet_phash_gray(flat.px, 64, 48, 64, &h, NULL), VET_OK);
  assert_true(h == 0x8000000000000000ull);
  assert_true(hash_png(flat, "flat") == 0x8000000000000000ull);

  /* fixed for good: a change here changes every stored hash (the
   * pipeline was checked against an independent floating-point reference,
   * exact rational area average and libm cosines, when it was written) */
  static const uint64_t want[NSCENES] = {
      0xfee1699e96851868ull, 0xfaa5a7949c989a98ull, 0xbcb4446bdb486a95ull,
      0xbfb5b434941fc04aull, 0xaf195016692d36faull, 0xbc0cbcacfcfc0302ull,
  };
  for (int s = 0; s < NSCENES; s++) {
    struct img m = draw((enum scene)s);
    uint64_t base = hash_blob(png_of(&m), scene_name[s]);
    if (base != want[s])
      fail_msg("%s: hash %016" PRIx64 ", want %016" PRIx64, scene_name[s], base, want[s]);
    /* interlaced, 16-bit, both; opaque RGBA, plain and interlaced */
    uint8_t *rgba = malloc((size_t)m.w * m.h * 4);
    for (size_t i = 0; i < (size_t)m.w * m.h; i++)
      memcpy(rgba + 4 * i, m.px + 3 * i, 3), rgba[4 * i + 3] = 255;
    for (int form = 1; form < 6; form++)
      if (hash_blob(png_encode(form < 4 ? m.px : rgba, m.w, m.h, form < 4 ? PNG_COLOR_TYPE_RGB : PNG_COLOR_TYPE_RGBA,
                               form == 2 || form == 3 ? 16 : 8, form & 1, NULL, 0, NULL, 0),
                    "form") != base)
        fail_msg("%s: PNG form %d hashes differently", scene_name[s], form);
    free(rgba);
    /* the grey image: PNG gray, and vet_phash_gray on the same pixels */
    struct img g = to_gray(&m);
    assert_int_equal(vet_phash_gray(g.px, g.w, g.h, g.w, &h, NULL), VET_OK);
    assert_true(hash_png(g, "gray") == h);
    free(m.px);
  }

  /* palette with a transparent entry against the same picture composited by hand */
  png_color pal[4] = {{0, 0, 0}, {250, 40, 40}, {40, 40, 250}, {0, 0, 0}};
  png_byte trns[4] = {255, 255, 255, 0}; /* entry 3: fully transparent -> white */
  struct img idx = img_new(100, 80, 1), rgb = img_new(100, 80, 3);
  for (uint32_t y = 0; y < 80; y++)
    for (uint32_t x = 0; x < 100; x++) {
      uint8_t k = (uint8_t)(x < 30 ? 0 : y < 40 ? 1 : x < 70 ? 2 : 3);
      idx.px[y * 100 + x] = k;
      put(&rgb, x, y, k == 3 ? 0xffffff : (uint32_t)pal[k].red << 16 | (uint32_t)pal[k].green << 8 | pal[k].blue);
    }
  uint64_t hp = hash_blob(png_encode(idx.px, 100, 80, PNG_COLOR_TYPE_PALETTE, 8, false, pal, 4, trns, 4), "pal");
  assert_true(hp == hash_png(rgb, "pal rgb"));
  free(idx.px);

  /* grey + alpha over white, composited by the documented formula */
  struct img ga = img_new(96, 64, 2), over = img_new(96, 64, 1);
  for (uint32_t y = 0; y < 64; y++)
    for (uint32_t x = 0; x < 96; x++) {
      uint32_t v = (x * 255) / 95, a = (y * 255) / 63;
      ga.px[2 * (y * 96 + x)] = (uint8_t)v;
      ga.px[2 * (y * 96 + x) + 1] = (uint8_t)a;
      over.px[y * 96 + x] = (uint8_t)((v * a + 255 * (255 - a) + 127) / 255);
    }
  uint64_t hga = hash_blob(png_encode(ga.px, 96, 64, PNG_COLOR_TYPE_GA, 8, true, NULL, 0, NULL, 0), "ga");
  assert_true(hga == hash_png(over, "ga composited"));
  free(ga.px);
}

/* Copies of one picture, each against the PNG of the original. */
enum copy { HALF, DOUBLE, SHRINK70, BIG4, JPEG40, JPEG90, JPEG_PROG, CMYK, BRIGHT, CONTRAST, GRAY, CROP2, NCOPIES };
static const char *const copy_name[NCOPIES] = {"half",        "double", "70%",      "4x jpeg",  "jpeg q40",  "jpeg q90",
                                               "progressive", "cmyk",   "brighter", "contrast", "grayscale", "crop 2%"};

static uint64_t copy_hash(const struct img *m, enum copy c)
{
  switch (c) {
  case HALF:
    return hash_png(resize(m, m->w / 2, m->h / 2), "half");
  case DOUBLE:
    return hash_png(resize(m, m->w * 2, m->h * 2), "double");
  case SHRINK70:
    return hash_png(resize(m, m->w * 7 / 10, m->h * 7 / 10), "70%");
  case BIG4: /* decoded at 1/4 or 1/8 scale */
    return hash_jpeg(resize(m, m->w * 4, m->h * 4), 80, false, "4x jpeg");
  case JPEG40:
  case JPEG90:
  case JPEG_PROG: {
    struct img cp = img_new(m->w, m->h, m->c);
    memcpy(cp.px, m->px, (size_t)m->w * m->h * m->c);
    return hash_jpeg(cp, c == JPEG40 ? 40 : 90, c == JPEG_PROG, copy_name[c]);
  }
  case CMYK: { /* Adobe CMYK, stored inverted as Photoshop does: no black, C = R ... */
    struct img k = img_new(m->w, m->h, 4);
    for (size_t i = 0; i < (size_t)m->w * m->h; i++)
      memcpy(k.px + 4 * i, m->px + 3 * i, 3), k.px[4 * i + 3] = 255;
    return hash_jpeg(k, 90, false, "cmyk");
  }
  case BRIGHT:
    return hash_png(tone(m, 10, 40), "brighter");
  case CONTRAST:
    return hash_png(tone(m, 13, 0), "contrast");
  case GRAY:
    return hash_png(to_gray(m), "grayscale");
  default:
    return hash_png(crop(m, 2), "crop");
  }
}

static void test_near_and_far(void **state)
{
  (void)state;
  uint64_t base[NSCENES];
  int worst_near = 0, worst_far = 64;
  for (int s = 0; s < NSCENES; s++) {
    struct img m = draw((enum scene)s);
    base[s] = hash_blob(png_of(&m), scene_name[s]);
    char line[256];
    int n = snprintf(line, sizeof line, "%-10s", scene_name[s]);
    for (int c = 0; c < NCOPIES; c++) {
      int d = vet_phash_distance(base[s], copy_hash(&m, (enum copy)c));
      n += snprintf(line + n, sizeof line - (size_t)n, " %2d", d);
      worst_near = VET_MAX(worst_near, d);
      if (d > VET_PHASH_NEAR)
        fail_msg("%s, %s: distance %d > %d", scene_name[s], copy_name[c], d, VET_PHASH_NEAR);
    }
    print_message("%s\n", line);
    free(m.px);
  }
  for (int a = 0; a < NSCENES; a++)
    for (int b = a + 1; b < NSCENES; b++) {
      int d = vet_phash_distance(base[a], base[b]);
      worst_far = VET_MIN(worst_far, d);
      if (d < VET_PHASH_FAR)
        fail_msg("%s and %s: distance %d < %d", scene_name[a], scene_name[b], d, VET_PHASH_FAR);
    }
  print_message("copies: at most %d bits apart; different pictures: at least %d\n", worst_near, worst_far);
}

/* Mirrored left to right, or turned a quarter clockwise. */
static struct img flip(const struct img *s, bool turn)
{
  struct img d = img_new(turn ? s->h : s->w, turn ? s->w : s->h, s->c);
  for (uint32_t y = 0; y < s->h; y++)
    for (uint32_t x = 0; x < s->w; x++)
      memcpy(turn ? at(&d, s->h - 1 - y, x) : at(&d, s->w - 1 - x, y), at(s, x, y), s->c);
  return d;
}

/* What the hash does not survive, as docs/linking.md says: a mirrored or
 * rotated copy is as far as a different picture. */
static void test_not_caught(void **state)
{
  (void)state;
  for (int s = 0; s < NSCENES; s++) {
    struct img m = draw((enum scene)s);
    uint64_t b = hash_blob(png_of(&m), scene_name[s]);
    int dm = vet_phash_distance(b, hash_png(flip(&m, false), "mirror"));
    int dr = vet_phash_distance(b, hash_png(flip(&m, true), "rot90"));
    if (dm < VET_PHASH_FAR || dr < VET_PHASH_FAR)
      fail_msg("%s: mirrored %d, rotated %d bits away", scene_name[s], dm, dr);
    free(m.px);
  }
}

/* Build a PNG by hand: signature, IHDR with the given fields, IEND. */
static uint32_t crc32_of(const uint8_t *p, size_t n)
{
  uint32_t c = 0xffffffffu;
  for (size_t i = 0; i < n; i++) {
    c ^= p[i];
    for (int k = 0; k < 8; k++)
      c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1)));
  }
  return ~c;
}

static void be32(uint8_t *p, uint32_t v)
{
  for (int i = 0; i < 4; i++)
    p[i] = (uint8_t)(v >> (24 - 8 * i));
}

static size_t png_header_only(uint8_t *out, uint32_t w, uint32_t h)
{
  static const uint8_t sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  memcpy(out, sig, 8);
  be32(out + 8, 13);
  memcpy(out + 12, "IHDR", 4);
  be32(out + 16, w);
  be32(out + 20, h);
  out[24] = 8, out[25] = 2, out[26] = 0, out[27] = 0, out[28] = 0; /* 8-bit RGB */
  be32(out + 29, crc32_of(out + 12, 17));
  be32(out + 33, 0);
  memcpy(out + 37, "IEND", 4);
  be32(out + 41, crc32_of(out + 37, 4));
  return 45;
}

/* Overwrite the height and width in the SOF0 marker of a baseline JPEG. */
static void jpeg_set_size(struct blob b, uint16_t w, uint16_t h)
{
  for (size_t i = 2; i + 9 < b.len; i++)
    if (b.p[i] == 0xff && b.p[i + 1] == 0xc0) {
      b.p[i + 5] = (uint8_t)(h >> 8), b.p[i + 6] = (uint8_t)h;
      b.p[i + 7] = (uint8_t)(w >> 8), b.p[i + 8] = (uint8_t)w;
      return;
    }
  fail_msg("no SOF0 marker");
}

static void expect_fail(const void *data, size_t len, vet_err want, const char *part, const char *what)
{
  uint64_t h = 7;
  struct vet_error e = {0};
  vet_err rc = vet_phash_mem(data, len, "x.img", &h, &e);
  if (rc != want || !strstr(e.msg, part) || !strstr(e.msg, "photo 'x.img': ") || h != 7)
    fail_msg("%s: got %s '%s', want %s with '%s'", what, vet_err_name(rc), e.msg, vet_err_name(want), part);
}

static void test_errors(void **state)
{
  (void)state;
  struct img m = draw(FACE);
  struct blob png = png_of(&m), jpg = jpeg_of(&m, 75, false), prog = jpeg_of(&m, 75, true);
  uint8_t garbage[600];
  uint32_t s = 3;
  for (size_t i = 0; i < sizeof garbage; i++)
    garbage[i] = (uint8_t)lcg(&s);
  expect_fail(garbage, sizeof garbage, VET_EPARSE, "not a PNG or JPEG image", "garbage");
  expect_fail("GIF89a..........", 16, VET_EPARSE, "not a PNG or JPEG image", "gif");
  expect_fail("", 0, VET_EPARSE, "empty", "empty");
  expect_fail(png.p, 5, VET_EPARSE, "truncated", "png signature cut");
  expect_fail(jpg.p, 2, VET_EPARSE, "truncated", "jpeg SOI only");
  size_t cuts[] = {8, 20, 33, 60, png.len / 2, png.len - 20};
  for (size_t i = 0; i < VET_COUNTOF(cuts); i++)
    expect_fail(png.p, cuts[i], VET_EPARSE, "truncated", "png cut");
  size_t jcuts[] = {3, 20, 200, jpg.len / 2, jpg.len - 2};
  for (size_t i = 0; i < VET_COUNTOF(jcuts); i++)
    expect_fail(jpg.p, jcuts[i], VET_EPARSE, "truncated", "jpeg cut");
  expect_fail(prog.p, prog.len / 2, VET_EPARSE, "truncated", "progressive jpeg cut");

  /* a CRC error in IHDR */
  uint8_t *bad = malloc(png.len);
  memcpy(bad, png.p, png.len);
  bad[30] ^= 0x40; /* the CRC of IHDR */
  expect_fail(bad, png.len, VET_EPARSE, "bad PNG data (", "png crc");
  free(bad);

  static const struct {
    uint32_t w, h;
    vet_err want;
    const char *msg;
  } headers[] = {
      {0, 0, VET_EPARSE, "too small (0x0)"},
      {300, 0, VET_EPARSE, "too small (300x0)"},
      {20000, 20000, VET_ELIMIT, "too large (20000x20000)"},
      {16000, 16000, VET_ELIMIT, "too large (16000x16000)"}, /* over the pixel cap */
      {0x7fffffffu, 1, VET_ELIMIT, "too large (2147483647x1)"},
      {400, 300, VET_EPARSE, "bad PNG data ("}, /* no IDAT */
  };
  uint8_t hdr[64];
  for (size_t i = 0; i < VET_COUNTOF(headers); i++)
    expect_fail(hdr, png_header_only(hdr, headers[i].w, headers[i].h), headers[i].want, headers[i].msg, "IHDR");
  struct img tiny = img_new(4, 4, 3);
  struct blob tp = png_of(&tiny);
  expect_fail(tp.p, tp.len, VET_EPARSE, "too small (4x4)", "png 4x4");
  free(tp.p);
  free(tiny.px);

  jpeg_set_size(jpg, 60000, 60000);
  expect_fail(jpg.p, jpg.len, VET_ELIMIT, "too large (60000x60000)", "jpeg huge");
  jpeg_set_size(jpg, 240, 0);
  expect_fail(jpg.p, jpg.len, VET_EPARSE, "bad JPEG data (", "jpeg zero height");
  expect_fail("\xff\xd8\xff\xe0\x00\x02\xff\xd9", 8, VET_EPARSE, "bad JPEG data (", "jpeg without frame");

  /* the caller's NULL */
  uint64_t h;
  assert_int_equal(vet_phash_mem(NULL, 4, "x", &h, NULL), VET_EINVAL);
  assert_int_equal(vet_phash_gray(m.px, 4, 4, 4, &h, NULL), VET_EINVAL);
  assert_int_equal(vet_phash_gray(m.px, 40, 40, 39, &h, NULL), VET_EINVAL);
  free(png.p);
  free(jpg.p);
  free(prog.p);
  free(m.px);
}

/* Flipped bytes anywhere: any result but a crash, a leak or a print. */
static void test_mutations(void **state)
{
  (void)state;
  struct img m = draw(IDCARD);
  struct img small = resize(&m, m.w / 2, m.h / 2);
  struct blob forms[3] = {png_of(&small), jpeg_of(&small, 60, false), jpeg_of(&small, 60, true)};
  uint32_t s = 11;
  int ok = 0, failed = 0;
  for (int f = 0; f < 3; f++) {
    uint8_t *buf = malloc(forms[f].len);
    for (int round = 0; round < 300; round++) {
      memcpy(buf, forms[f].p, forms[f].len);
      int flips = 1 + (int)(lcg(&s) % 4);
      for (int k = 0; k < flips; k++)
        buf[lcg(&s) % forms[f].len] ^= (uint8_t)(1u << (lcg(&s) % 8));
      uint64_t h;
      struct vet_error e = {0};
      if (vet_phash_mem(buf, forms[f].len, "m", &h, &e) == VET_OK)
        ok++;
      else
        failed++, assert_true(e.msg[0] != 0);
    }
    free(buf);
    free(forms[f].p);
  }
  print_message("mutated images: %d hashed, %d refused\n", ok, failed);
  assert_true(ok + failed == 900);
  free(m.px);
  free(small.px);
}

static void test_file(void **state)
{
  (void)state;
  struct img m = draw(LANDSCAPE);
  struct blob png = png_of(&m);
  char path[TU_PATH_MAX];
  tu_temp_file(path, sizeof path, png.p, png.len);
  uint64_t from_file = 0, from_mem = 1;
  struct vet_error e = {0};
  assert_int_equal(vet_phash_file(path, &from_file, &e), VET_OK);
  assert_int_equal(vet_phash_mem(png.p, png.len, NULL, &from_mem, &e), VET_OK);
  assert_true(from_file == from_mem);
  tu_write_file(path, png.p, png.len / 3);
  assert_int_equal(vet_phash_file(path, &from_file, &e), VET_EPARSE);
  char want[128];
  snprintf(want, sizeof want, "photo '%s': truncated", path);
  assert_string_equal(e.msg, want);
  unlink(path);
  assert_int_equal(vet_phash_file(path, &from_file, &e), VET_EIO);
  assert_non_null(strstr(e.msg, path));
  /* no name: "photo: ..." */
  assert_int_equal(vet_phash_mem("nope", 4, NULL, &from_mem, &e), VET_EPARSE);
  assert_string_equal(e.msg, "photo: not a PNG or JPEG image");
  free(png.p);
  free(m.px);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_hex),      cmocka_unit_test(test_exact),  cmocka_unit_test(test_near_and_far),
      cmocka_unit_test(test_not_caught), cmocka_unit_test(test_errors), cmocka_unit_test(test_mutations),
      cmocka_unit_test(test_file),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
