/* link/phash.c - perceptual hashes of images (vetter/phash.h): PNG and
 * JPEG decoding under caps, streamed row by row into an exact 32x32 area
 * average (no full-size pixel buffer is ever held), then an integer 8x8
 * DCT and a median threshold.  libpng and libjpeg report errors by
 * longjmp into the decode function that set them up; everything those
 * functions allocate hangs off a job struct reached through a pointer,
 * so it is still known after the jump and freed there.
 * Owns: nothing past a call.
 * Thread-safety: safe from any thread. */
#include <inttypes.h>
#include <setjmp.h>
#include <stdio.h>

#include <jpeglib.h>
#include <jerror.h>
#include <png.h>

#include "core/common.h"
#include "io/file.h"
#include "vetter/phash.h"

#define GRID 32 /* the area average is GRID x GRID cells */
#define LOW 8   /* the hash keeps LOW x LOW DCT frequencies */

/* ---- 32x32 area average ---------------------------------------------- */

/* Source pixel x covers [GRID x, GRID x + GRID) in units where the image
 * is GRID * width wide, and cell j covers [j width, (j + 1) width), so
 * every overlap is a whole number of units and the average is exact. */
struct area {
  uint32_t w, h;
  uint8_t *xcell;             /* per source column: first cell it falls in */
  uint8_t *xw;                /* per source column: units in that cell (1..GRID) */
  uint64_t cell[GRID * GRID]; /* sum of pixel * horizontal units * vertical units */
};

/* Prepare a for a w x h image (both >= 1); false when out of memory. */
static bool area_init(struct area *a, uint32_t w, uint32_t h)
{
  memset(a->cell, 0, sizeof a->cell);
  a->w = w;
  a->h = h;
  a->xcell = malloc(w);
  a->xw = malloc(w);
  if (!a->xcell || !a->xw)
    return false;
  uint64_t end = w; /* end of the current cell, in units */
  uint32_t c = 0;
  for (uint32_t x = 0; x < w; x++) {
    uint64_t lo = (uint64_t)x * GRID;
    while (lo >= end) {
      c++;
      end += w;
    }
    a->xcell[x] = (uint8_t)c;
    a->xw[x] = (uint8_t)VET_MIN((uint64_t)GRID, end - lo);
  }
  return true;
}

static void area_release(struct area *a)
{
  free(a->xcell);
  free(a->xw);
  a->xcell = a->xw = NULL;
}

/* Spread `units` units of a value, starting in cell c, over cells of
 * `span` units each (used only when a pixel is wider than a cell). */
static void spread(uint64_t *acc, uint32_t c, uint32_t units, uint32_t span, uint64_t v)
{
  while (units && c < GRID) {
    uint32_t take = VET_MIN(units, span);
    acc[c++] += v * take;
    units -= take;
  }
}

/* Add n grey pixels of source row y, at columns x0, x0 + dx, ... */
static void area_row(struct area *a, uint32_t y, const uint8_t *px, uint32_t x0, uint32_t dx, uint32_t n)
{
  uint64_t row[GRID] = {0};
  uint32_t x = x0;
  if (a->w >= GRID) { /* a pixel touches one cell or two */
    for (uint32_t i = 0; i < n; i++, x += dx) {
      uint32_t c = a->xcell[x], w0 = a->xw[x], v = px[i];
      row[c] += (uint64_t)v * w0;
      if (w0 < GRID)
        row[c + 1] += (uint64_t)v * (GRID - w0);
    }
  } else {
    for (uint32_t i = 0; i < n; i++, x += dx) {
      uint32_t c = a->xcell[x], w0 = a->xw[x], v = px[i];
      row[c] += (uint64_t)v * w0;
      spread(row, c + 1, GRID - w0, a->w, v);
    }
  }
  /* the same split vertically */
  uint64_t lo = (uint64_t)y * GRID, hi = lo + GRID;
  uint32_t c = (uint32_t)(lo / a->h);
  while (lo < hi && c < GRID) {
    uint64_t end = (uint64_t)(c + 1) * a->h;
    uint64_t take = VET_MIN(hi, end) - lo;
    uint64_t *dst = a->cell + (size_t)c * GRID;
    for (int j = 0; j < GRID; j++)
      dst[j] += row[j] * take;
    lo += take;
    c++;
  }
}

/* ---- DCT and threshold ----------------------------------------------- */

/* round(16384 cos(k pi / 64)) for k = 0..32; the rest of the period
 * follows by symmetry.  Fixed integers, so no libm rounding can reach
 * the hash. */
static const int32_t cos_q14[33] = {
    16384, 16364, 16305, 16207, 16069, 15893, 15679, 15426, 15137, 14811, 14449,
    14053, 13623, 13160, 12665, 12140, 11585, 11003, 10394, 9760,  9102,  8423,
    7723,  7005,  6270,  5520,  4756,  3981,  3196,  2404,  1606,  804,   0,
};

/* 16384 cos(m pi / 64) for any m >= 0. */
static int32_t cosine(uint32_t m)
{
  m %= 128;
  if (m <= 32)
    return cos_q14[m];
  if (m <= 64)
    return -cos_q14[64 - m];
  if (m <= 96)
    return -cos_q14[m - 64];
  return cos_q14[128 - m];
}

static int cmp_i64(const void *pa, const void *pb)
{
  int64_t a = *(const int64_t *)pa, b = *(const int64_t *)pb;
  return (a > b) - (a < b);
}

/* The hash of a finished area average. */
static uint64_t area_hash(const struct area *a)
{
  /* cell means in 1/256 grey steps: at most 65280 */
  int64_t f[GRID][GRID];
  uint64_t total = (uint64_t)a->w * a->h; /* units per cell: every cell covers w*h */
  for (int i = 0; i < GRID; i++)
    for (int j = 0; j < GRID; j++)
      f[i][j] = (int64_t)((a->cell[i * GRID + j] * 256 + total / 2) / total);

  /* unnormalised DCT-II: F(u,v) = sum_y sum_x f(y,x) cos((2y+1)u pi/64)
   * cos((2x+1)v pi/64), scaled by 2^28.  |f C| < 2^30, a sum of 32 <
   * 2^35, times C and 32 again < 2^54: no overflow. */
  int32_t cs[LOW][GRID];
  for (uint32_t u = 0; u < LOW; u++)
    for (uint32_t n = 0; n < GRID; n++)
      cs[u][n] = cosine((2 * n + 1) * u);
  int64_t g[LOW][GRID];
  for (int u = 0; u < LOW; u++)
    for (int x = 0; x < GRID; x++) {
      int64_t s = 0;
      for (int y = 0; y < GRID; y++)
        s += f[y][x] * cs[u][y];
      g[u][x] = s;
    }
  int64_t coef[LOW * LOW];
  for (int u = 0; u < LOW; u++)
    for (int v = 0; v < LOW; v++) {
      int64_t s = 0;
      for (int x = 0; x < GRID; x++)
        s += g[u][x] * cs[v][x];
      coef[u * LOW + v] = s;
    }

  /* the median of the 63 AC terms: coef[0] (DC) is left out */
  int64_t ac[LOW * LOW - 1];
  memcpy(ac, coef + 1, sizeof ac);
  qsort(ac, VET_COUNTOF(ac), sizeof ac[0], cmp_i64);
  int64_t median = ac[VET_COUNTOF(ac) / 2];
  uint64_t hash = 0;
  for (int i = 0; i < LOW * LOW; i++)
    if (coef[i] > median)
      hash |= 1ull << (63 - i);
  return hash;
}

/* ---- shared decode state --------------------------------------------- */

/* Every message starts "photo 'name': " ("photo: " without a name). */
#define WHO_FMT "photo%s%s%s"
#define WHO(name) (name) ? " '" : "", (name) ? (name) : "", (name) ? "'" : ""

struct job {
  const char *name;    /* for messages; may be NULL */
  const uint8_t *data; /* the encoded image */
  size_t len, off;     /* its size; how far the PNG reader got */
  struct area area;
  uint8_t *row;       /* one decoded row, as the decoder writes it */
  uint8_t *gray;      /* the same row, grey */
  bool truncated;     /* the data ran out */
  vet_err code;       /* set before a longjmp, with msg */
  char msg[JMSG_LENGTH_MAX + 80];
};

static void job_release(struct job *j)
{
  area_release(&j->area);
  free(j->row);
  free(j->gray);
  j->row = j->gray = NULL;
}

/* VET_OK, or the reason width x height cannot be hashed. */
static vet_err check_size(const struct job *j, uint32_t w, uint32_t h, struct vet_error *e)
{
  if (w > VET_PHASH_MAX_SIDE || h > VET_PHASH_MAX_SIDE || (uint64_t)w * h > VET_PHASH_MAX_PIXELS)
    return vet_fail(e, VET_ELIMIT, WHO_FMT ": too large (%" PRIu32 "x%" PRIu32 ")", WHO(j->name), w, h);
  if (w < VET_PHASH_MIN_SIDE || h < VET_PHASH_MIN_SIDE)
    return vet_fail(e, VET_EPARSE, WHO_FMT ": too small (%" PRIu32 "x%" PRIu32 ")", WHO(j->name), w, h);
  return VET_OK;
}

/* Buffers for rows of `width` pixels of `bytes_per_row` decoded bytes. */
static vet_err job_alloc(struct job *j, uint32_t w, uint32_t h, size_t bytes_per_row, struct vet_error *e)
{
  j->row = malloc(bytes_per_row);
  j->gray = malloc(w);
  if (!j->row || !j->gray || !area_init(&j->area, w, h))
    return vet_fail(e, VET_ENOMEM, WHO_FMT ": out of memory", WHO(j->name));
  return VET_OK;
}

/* A decoder's message with its first letter lowered, the house style. */
static void lower_first(char *msg)
{
  msg[0] = (char)vet_lower((unsigned char)msg[0]);
}

/* Alpha a over white: exact rounding of (v a + 255 (255 - a)) / 255. */
static inline uint8_t over_white(uint32_t v, uint32_t a)
{
  return (uint8_t)((v * a + 255 * (255 - a) + 127) / 255);
}

static inline uint32_t luma(uint32_t r, uint32_t g, uint32_t b)
{
  return (19595 * r + 38470 * g + 7471 * b + 32768) >> 16;
}

/* ---- PNG --------------------------------------------------------------- */

static void png_on_error(png_structp png, png_const_charp msg)
{
  struct job *j = png_get_error_ptr(png);
  j->code = VET_EPARSE;
  vet_cstr_copy(j->msg, sizeof j->msg, msg ? msg : "error");
  png_longjmp(png, 1);
}

static void png_on_warning(png_structp png, png_const_charp msg)
{
  (void)png;
  (void)msg; /* never printed: the library has no stderr */
}

static void png_on_read(png_structp png, png_bytep out, size_t n)
{
  struct job *j = png_get_io_ptr(png);
  if (n > j->len - j->off) {
    j->truncated = true;
    png_error(png, "truncated");
  }
  memcpy(out, j->data + j->off, n);
  j->off += n;
}

/* Known chunks the hash has no use for: never decoded, never kept. */
static const png_byte png_ignored[] = "tEXt\0zTXt\0iTXt\0iCCP\0sPLT\0eXIf\0tIME\0pCAL\0sCAL\0hIST\0sBIT\0";

/* The grey row of n decoded pixels of `channels` 8-bit samples. */
static void png_to_gray(const uint8_t *in, int channels, uint32_t n, uint8_t *out)
{
  switch (channels) {
  case 1:
    memcpy(out, in, n);
    break;
  case 2:
    for (uint32_t i = 0; i < n; i++, in += 2)
      out[i] = over_white(in[0], in[1]);
    break;
  case 3:
    for (uint32_t i = 0; i < n; i++, in += 3)
      out[i] = (uint8_t)luma(in[0], in[1], in[2]);
    break;
  default:
    for (uint32_t i = 0; i < n; i++, in += 4)
      out[i] = over_white(luma(in[0], in[1], in[2]), in[3]);
    break;
  }
}

/* Decode j->data as PNG into j->area.  Interlaced images are read pass by
 * pass without libpng's interlace handling: each pass's pixels go
 * straight to their place in the average, so no full image is held. */
static vet_err decode_png(struct job *j, struct vet_error *e)
{
  png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, j, png_on_error, png_on_warning);
  png_infop info = png ? png_create_info_struct(png) : NULL;
  if (!info) {
    png_destroy_read_struct(&png, NULL, NULL);
    return vet_fail(e, VET_ENOMEM, WHO_FMT ": out of memory", WHO(j->name));
  }
  /* the size first, from IHDR (always the first chunk), so that a huge
   * or empty image gets our message whatever follows it */
  vet_err rc = VET_OK;
  if (j->len >= 24 && memcmp(j->data + 12, "IHDR", 4) == 0) {
    const uint8_t *p = j->data + 16;
    uint32_t w = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
    uint32_t h = (uint32_t)p[4] << 24 | (uint32_t)p[5] << 16 | (uint32_t)p[6] << 8 | p[7];
    if ((rc = check_size(j, w, h, e)) != VET_OK) {
      png_destroy_read_struct(&png, &info, NULL);
      return rc;
    }
  }
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_read_struct(&png, &info, NULL);
    if (j->truncated)
      return vet_fail(e, VET_EPARSE, WHO_FMT ": truncated", WHO(j->name));
    lower_first(j->msg);
    return vet_fail(e, j->code, WHO_FMT ": bad PNG data (%s)", WHO(j->name), j->msg);
  }
  png_set_read_fn(png, j, png_on_read);
  /* our own caps apply after the header, with our message */
  png_set_user_limits(png, 0x7fffffff, 0x7fffffff);
  png_set_keep_unknown_chunks(png, PNG_HANDLE_CHUNK_NEVER, NULL, 0);
  png_set_keep_unknown_chunks(png, PNG_HANDLE_CHUNK_NEVER, png_ignored, (int)(sizeof png_ignored / 5));
  png_read_info(png, info);

  png_uint_32 w = png_get_image_width(png, info), h = png_get_image_height(png, info);
  int depth = png_get_bit_depth(png, info), type = png_get_color_type(png, info);
  bool interlaced = png_get_interlace_type(png, info) != PNG_INTERLACE_NONE;
  if ((rc = check_size(j, w, h, e)) != VET_OK)
    goto done;
  if (type == PNG_COLOR_TYPE_PALETTE)
    png_set_palette_to_rgb(png);
  if (type == PNG_COLOR_TYPE_GRAY && depth < 8)
    png_set_expand_gray_1_2_4_to_8(png);
  if (png_get_valid(png, info, PNG_INFO_tRNS))
    png_set_tRNS_to_alpha(png);
  if (depth == 16)
    png_set_strip_16(png);
  png_read_update_info(png, info);
  int channels = png_get_channels(png, info);
  if (channels < 1 || channels > 4 || png_get_bit_depth(png, info) != 8) {
    rc = vet_fail(e, VET_EPARSE, WHO_FMT ": unsupported PNG pixel format", WHO(j->name));
    goto done;
  }
  if ((rc = job_alloc(j, w, h, png_get_rowbytes(png, info), e)) != VET_OK)
    goto done;
  if (!interlaced) {
    for (png_uint_32 y = 0; y < h; y++) {
      png_read_row(png, j->row, NULL);
      png_to_gray(j->row, channels, w, j->gray);
      area_row(&j->area, y, j->gray, 0, 1, w);
    }
  } else {
    for (int pass = 0; pass < PNG_INTERLACE_ADAM7_PASSES; pass++) {
      png_uint_32 pw = PNG_PASS_COLS(w, pass), ph = PNG_PASS_ROWS(h, pass);
      if (pw == 0 || ph == 0)
        continue; /* libpng skips empty passes too */
      for (png_uint_32 r = 0; r < ph; r++) {
        png_read_row(png, j->row, NULL);
        png_to_gray(j->row, channels, pw, j->gray);
        area_row(&j->area, PNG_ROW_FROM_PASS_ROW(r, pass), j->gray, PNG_COL_FROM_PASS_COL(0, pass),
                 1u << PNG_PASS_COL_SHIFT(pass), pw);
      }
    }
  }
  /* what follows the pixels (IEND, trailing text) is not read: a file
   * cut after its image data still hashes */
done:
  png_destroy_read_struct(&png, &info, NULL);
  return rc;
}

/* ---- JPEG ------------------------------------------------------------ */

/* Everything of one JPEG decode, outside the frame that calls setjmp (no
 * local of that frame changes after it). */
struct jpeg_job {
  struct jpeg_error_mgr pub; /* first: libjpeg passes &pub as cinfo->err */
  struct jpeg_progress_mgr progress;
  struct jpeg_decompress_struct cinfo;
  jmp_buf jump;
  struct job *job;
};

static void jpeg_on_error(j_common_ptr cinfo)
{
  struct jpeg_job *jj = (struct jpeg_job *)cinfo->err;
  struct job *j = jj->job;
  int code = cinfo->err->msg_code;
  if (code == JERR_NO_BACKING_STORE || code == JERR_OUT_OF_MEMORY) {
    j->code = VET_ELIMIT;
    snprintf(j->msg, sizeof j->msg, "needs more than %u MiB to decode", VET_PHASH_JPEG_MAX_MEMORY >> 20);
  } else {
    char buf[JMSG_LENGTH_MAX];
    cinfo->err->format_message(cinfo, buf);
    lower_first(buf);
    j->code = VET_EPARSE;
    snprintf(j->msg, sizeof j->msg, "bad JPEG data (%s)", buf);
  }
  longjmp(jj->jump, 1);
}

/* Warnings are not printed.  The end of the data is: libjpeg would
 * invent an EOI and fill the rest of the picture with grey. */
static void jpeg_on_message(j_common_ptr cinfo, int level)
{
  struct jpeg_job *jj = (struct jpeg_job *)cinfo->err;
  if (level < 0 && cinfo->err->msg_code == JWRN_JPEG_EOF) {
    jj->job->truncated = true;
    longjmp(jj->jump, 1);
  }
  if (level < 0)
    cinfo->err->num_warnings++;
}

static void jpeg_on_progress(j_common_ptr cinfo)
{
  j_decompress_ptr d = (j_decompress_ptr)cinfo;
  if (cinfo->is_decompressor && d->input_scan_number > VET_PHASH_JPEG_MAX_SCANS) {
    struct jpeg_job *jj = (struct jpeg_job *)cinfo->err;
    jj->job->code = VET_ELIMIT;
    snprintf(jj->job->msg, sizeof jj->job->msg, "more than %d progressive scans", VET_PHASH_JPEG_MAX_SCANS);
    longjmp(jj->jump, 1);
  }
}

/* The grey row of n decoded pixels. */
static void jpeg_to_gray(const uint8_t *in, bool cmyk, bool inverted, uint32_t n, uint8_t *out)
{
  if (!cmyk) {
    memcpy(out, in, n);
    return;
  }
  for (uint32_t i = 0; i < n; i++, in += 4) {
    /* Adobe writes CMYK inverted (255 = no ink); others do not */
    uint32_t c = inverted ? in[0] : 255u - in[0], m = inverted ? in[1] : 255u - in[1];
    uint32_t y = inverted ? in[2] : 255u - in[2], k = inverted ? in[3] : 255u - in[3];
    out[i] = (uint8_t)luma((c * k + 127) / 255, (m * k + 127) / 255, (y * k + 127) / 255);
  }
}

/* Decode jj->job->data as JPEG into its area, at the smallest DCT scale
 * that keeps both sides at VET_PHASH_DECODE_MIN_SIDE or more. */
static vet_err jpeg_run(struct jpeg_job *jj, struct vet_error *e)
{
  struct job *j = jj->job;
  j_decompress_ptr cinfo = &jj->cinfo;
  cinfo->err = jpeg_std_error(&jj->pub);
  jj->pub.error_exit = jpeg_on_error;
  jj->pub.emit_message = jpeg_on_message;
  jj->progress.progress_monitor = jpeg_on_progress;
  if (setjmp(jj->jump)) {
    jpeg_destroy_decompress(cinfo);
    if (j->truncated)
      return vet_fail(e, VET_EPARSE, WHO_FMT ": truncated", WHO(j->name));
    return vet_fail(e, j->code, WHO_FMT ": %s", WHO(j->name), j->msg);
  }
  jpeg_create_decompress(cinfo);
  cinfo->mem->max_memory_to_use = VET_PHASH_JPEG_MAX_MEMORY;
  cinfo->progress = &jj->progress;
  jpeg_mem_src(cinfo, j->data, (unsigned long)j->len);
  jpeg_read_header(cinfo, TRUE);
  vet_err rc = check_size(j, cinfo->image_width, cinfo->image_height, e);
  if (rc != VET_OK) {
    jpeg_destroy_decompress(cinfo);
    return rc;
  }
  bool cmyk = cinfo->jpeg_color_space == JCS_CMYK || cinfo->jpeg_color_space == JCS_YCCK;
  cinfo->out_color_space = cmyk ? JCS_CMYK : JCS_GRAYSCALE;
  unsigned denom = 1;
  while (denom < 8 && cinfo->image_width / (2 * denom) >= VET_PHASH_DECODE_MIN_SIDE &&
         cinfo->image_height / (2 * denom) >= VET_PHASH_DECODE_MIN_SIDE)
    denom *= 2;
  cinfo->scale_num = 1;
  cinfo->scale_denom = denom;
  cinfo->dct_method = JDCT_ISLOW; /* the exact one, the same on every machine */
  jpeg_start_decompress(cinfo);
  uint32_t ow = cinfo->output_width, oh = cinfo->output_height;
  rc = job_alloc(j, ow, oh, (size_t)ow * (size_t)cinfo->output_components, e);
  bool inverted = cmyk && cinfo->saw_Adobe_marker;
  while (rc == VET_OK && cinfo->output_scanline < oh) {
    JSAMPROW r = j->row;
    uint32_t y = cinfo->output_scanline;
    if (jpeg_read_scanlines(cinfo, &r, 1) != 1)
      break; /* cannot happen with a memory source: it never suspends */
    jpeg_to_gray(j->row, cmyk, inverted, ow, j->gray);
    area_row(&j->area, y, j->gray, 0, 1, ow);
  }
  /* not jpeg_finish_decompress: what follows the last scanline (EOI,
   * trailing garbage) does not matter to the hash */
  jpeg_destroy_decompress(cinfo);
  return rc;
}

static vet_err decode_jpeg(struct job *j, struct vet_error *e)
{
  struct jpeg_job *jj = calloc(1, sizeof *jj);
  if (!jj)
    return vet_fail(e, VET_ENOMEM, WHO_FMT ": out of memory", WHO(j->name));
  jj->job = j;
  vet_err rc = jpeg_run(jj, e);
  free(jj);
  return rc;
}

/* ---- public ---------------------------------------------------------- */

static const uint8_t png_magic[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

vet_err vet_phash_mem(const void *data, size_t len, const char *name, uint64_t *out, struct vet_error *e)
{
  if (!data && len)
    return vet_fail(e, VET_EINVAL, "vet_phash_mem: NULL data");
  struct job j;
  memset(&j, 0, sizeof j);
  j.name = name;
  j.data = data;
  j.len = len;
  if (len > VET_PHASH_MAX_FILE_BYTES)
    return vet_fail(e, VET_ELIMIT, WHO_FMT ": larger than the limit of %u bytes", WHO(name),
                    VET_PHASH_MAX_FILE_BYTES);
  if (len == 0)
    return vet_fail(e, VET_EPARSE, WHO_FMT ": empty", WHO(name));
  vet_err rc;
  if (len >= sizeof png_magic && memcmp(data, png_magic, sizeof png_magic) == 0)
    rc = decode_png(&j, e);
  else if (len >= 3 && j.data[0] == 0xff && j.data[1] == 0xd8 && j.data[2] == 0xff)
    rc = decode_jpeg(&j, e);
  else if ((len < sizeof png_magic && memcmp(data, png_magic, len) == 0) ||
           (len < 3 && memcmp(data, "\xff\xd8", len) == 0))
    rc = vet_fail(e, VET_EPARSE, WHO_FMT ": truncated", WHO(name));
  else
    rc = vet_fail(e, VET_EPARSE, WHO_FMT ": not a PNG or JPEG image", WHO(name));
  if (rc == VET_OK)
    *out = area_hash(&j.area);
  job_release(&j);
  return rc;
}

vet_err vet_phash_file(const char *path, uint64_t *out, struct vet_error *e)
{
  if (!path)
    return vet_fail(e, VET_EINVAL, "vet_phash_file: NULL path");
  char *data = NULL;
  size_t len = 0;
  vet_err rc = vet_file_read(path, VET_PHASH_MAX_FILE_BYTES, &data, &len, e);
  if (rc != VET_OK) {
    if (rc == VET_ELIMIT)
      return vet_fail(e, VET_ELIMIT, "photo '%s': larger than the limit of %u bytes", path,
                      VET_PHASH_MAX_FILE_BYTES);
    return rc;
  }
  rc = vet_phash_mem(data, len, path, out, e);
  free(data);
  return rc;
}

vet_err vet_phash_gray(const uint8_t *pixels, uint32_t width, uint32_t height, size_t stride, uint64_t *out,
                       struct vet_error *e)
{
  if (!pixels || !out || stride < width)
    return vet_fail(e, VET_EINVAL, "vet_phash_gray: bad arguments");
  if (width < VET_PHASH_MIN_SIDE || height < VET_PHASH_MIN_SIDE || width > VET_PHASH_MAX_SIDE ||
      height > VET_PHASH_MAX_SIDE || (uint64_t)width * height > VET_PHASH_MAX_PIXELS)
    return vet_fail(e, VET_EINVAL, "vet_phash_gray: size %" PRIu32 "x%" PRIu32 " out of range", width, height);
  struct area a;
  if (!area_init(&a, width, height)) {
    area_release(&a);
    return vet_fail(e, VET_ENOMEM, "vet_phash_gray: out of memory");
  }
  for (uint32_t y = 0; y < height; y++)
    area_row(&a, y, pixels + (size_t)y * stride, 0, 1, width);
  *out = area_hash(&a);
  area_release(&a);
  return VET_OK;
}

static int hex_digit(char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

vet_err vet_phash_parse(vet_str s, uint64_t *out, struct vet_error *e)
{
  vet_str d = s;
  if (d.len >= 2 && d.ptr[0] == '0' && (d.ptr[1] == 'x' || d.ptr[1] == 'X'))
    d = vet_str_sub(d, 2, d.len - 2);
  if (d.len != VET_PHASH_HEX_LEN)
    return vet_fail(e, VET_EPARSE, "perceptual hash '%.*s': want %d hex digits", (int)VET_MIN(s.len, 40),
                    s.ptr ? s.ptr : "", VET_PHASH_HEX_LEN);
  uint64_t h = 0;
  for (size_t i = 0; i < d.len; i++) {
    int v = hex_digit(d.ptr[i]);
    if (v < 0)
      return vet_fail(e, VET_EPARSE, "perceptual hash '%.*s': not a hex digit at offset %zu",
                      (int)VET_MIN(s.len, 40), s.ptr, (size_t)(d.ptr - s.ptr) + i);
    h = h << 4 | (uint64_t)v;
  }
  *out = h;
  return VET_OK;
}

char *vet_phash_format(uint64_t h, char *buf, size_t cap)
{
  static const char digits[] = "0123456789abcdef";
  if (!buf || cap == 0)
    return buf;
  if (cap < VET_PHASH_HEX_LEN + 1) {
    buf[0] = 0;
    return buf;
  }
  for (int i = 0; i < VET_PHASH_HEX_LEN; i++)
    buf[i] = digits[(h >> (60 - 4 * i)) & 0xf];
  buf[VET_PHASH_HEX_LEN] = 0;
  return buf;
}
