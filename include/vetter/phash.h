/* vetter/phash.h - perceptual hashes of profile photos and document
 * images: a 64-bit DCT hash (pHash) that stays close under rescaling,
 * recompression, brightness and contrast changes and small crops, so that
 * two accounts showing the same picture can be linked by the Hamming
 * distance of their hashes.  PNG (libpng) and JPEG (libjpeg-turbo) images
 * are decoded from a file or from memory under hard caps.
 *
 * The algorithm, in full (docs/linking.md has the reasoning):
 *  1. Luma.  Every pixel becomes one 8-bit grey value: JPEG is decoded by
 *     libjpeg straight to grayscale (its Y channel); PNG samples are
 *     expanded to 8 bits (palette to RGB, 1/2/4-bit grey to 8, 16-bit
 *     samples keep their high byte), colour becomes
 *     Y = (19595 R + 38470 G + 7471 B + 32768) >> 16 (the BT.601 weights
 *     libjpeg uses), and alpha is composited on white.  Gamma and colour
 *     profiles are ignored; EXIF orientation is ignored (the hash is of
 *     the stored pixels).  Large JPEGs are decoded at 1/2, 1/4 or 1/8
 *     scale by libjpeg's DCT scaling while both sides stay at least
 *     VET_PHASH_DECODE_MIN_SIDE.
 *  2. Resize to 32x32 by exact area averaging: each output cell is the
 *     mean of the source pixels it covers, weighted by covered area, in
 *     integer arithmetic (cell values in 1/256 grey steps, rounded).
 *  3. 2-D DCT-II of the 32x32 block, only the lowest 8x8 frequencies,
 *     in 64-bit integer arithmetic with a fixed cosine table: no libm, no
 *     floating point, so the same pixels give the same hash everywhere.
 *  4. Threshold: the median of the 63 AC coefficients (the 32nd smallest;
 *     the DC term, which only measures mean brightness, is left out so it
 *     cannot shift the threshold).  Bit 63 - (8u + v) is set when
 *     coefficient (u, v) (u vertical, v horizontal frequency) is strictly
 *     greater than that median; the DC bit is compared the same way, so
 *     it is set for every image that is not all black.
 * Decoded pixels are exact for PNG; JPEG pixels depend on the decoder's
 * IDCT, so another libjpeg build may move a JPEG's hash by a bit or two.
 *
 * Owns: nothing; pure functions over caller memory (decoders allocate
 * and free their own state within a call).
 * Thread-safety: safe from any thread. */
#ifndef VETTER_PHASH_H
#define VETTER_PHASH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vetter/error.h"
#include "vetter/str.h"

/* Decoding caps: an image over any of them is refused with VET_ELIMIT
 * before its pixels are decoded. */
#define VET_PHASH_MAX_FILE_BYTES (32u * 1024 * 1024) /* encoded bytes */
#define VET_PHASH_MAX_SIDE 16384u                    /* width or height, pixels */
#define VET_PHASH_MAX_PIXELS 50000000u               /* width * height (a 48 MP photo fits) */
/* Smaller images carry too little to hash: VET_EPARSE ("too small"). */
#define VET_PHASH_MIN_SIDE 8u
/* JPEG DCT scaling stops before either side falls under this many pixels
 * (four source pixels per 32x32 cell at least). */
#define VET_PHASH_DECODE_MIN_SIDE 128u
/* Memory libjpeg may use for one image; more gives VET_ELIMIT.  Only
 * progressive JPEGs come near it: they keep every coefficient, 2 bytes a
 * sample, so about 85 MP of 4:2:0 or 42 MP of 4:4:4 fit.  Baseline JPEGs
 * and PNGs are streamed: a few rows and the 32x32 sums. */
#define VET_PHASH_JPEG_MAX_MEMORY (256u * 1024 * 1024)
/* Progressive JPEGs with more scans than this are refused (a crafted file
 * can make each scan cost a full pass over the image). */
#define VET_PHASH_JPEG_MAX_SCANS 256

/* Distances (number of differing bits out of 64), measured on the test
 * images of tests/unit/test_phash.c: copies of one picture (rescaled,
 * JPEG quality 40, brighter, more contrast, grayscale, 2 % border crop,
 * PNG against JPEG) stayed within VET_PHASH_NEAR; different pictures were
 * at least VET_PHASH_FAR apart.  Between the two lies a grey zone. */
#define VET_PHASH_NEAR 10
#define VET_PHASH_FAR 20

/* Characters in a formatted hash, without the NUL. */
#define VET_PHASH_HEX_LEN 16

/* Hash the encoded PNG or JPEG image in data[0..len).  name is used in
 * messages only ("photo 'name': truncated"; NULL gives "image").  The
 * type is sniffed from the leading bytes, never from the name.
 * VET_EPARSE: not a PNG or JPEG, corrupt, truncated, zero or too small a
 * size, unsupported colour space; VET_ELIMIT: over a cap above;
 * VET_ENOMEM.  *out is written only on success. */
vet_err vet_phash_mem(const void *data, size_t len, const char *name, uint64_t *out, struct vet_error *e);

/* vet_phash_mem of the file at path (named in messages).  VET_EIO when it
 * cannot be read, VET_ELIMIT past VET_PHASH_MAX_FILE_BYTES. */
vet_err vet_phash_file(const char *path, uint64_t *out, struct vet_error *e);

/* Hash a grayscale image already in memory: width x height 8-bit pixels,
 * rows stride bytes apart.  Steps 2-4 above; VET_EINVAL for a NULL
 * pointer, a size under VET_PHASH_MIN_SIDE or over the caps, or a stride
 * under width. */
vet_err vet_phash_gray(const uint8_t *pixels, uint32_t width, uint32_t height, size_t stride, uint64_t *out,
                       struct vet_error *e);

/* Parse 16 hex digits, upper or lower case, optionally after "0x" or
 * "0X".  Anything else (other lengths, spaces, signs) is VET_EPARSE;
 * *out is written only on success. */
vet_err vet_phash_parse(vet_str s, uint64_t *out, struct vet_error *e);

/* Write h as 16 lower-case hex digits and a NUL into buf (cap >= 17);
 * returns buf ("" when cap is too small). */
char *vet_phash_format(uint64_t h, char *buf, size_t cap);

/* Number of differing bits, 0..64.  Counted in a few shifts and adds:
 * for a build for no particular CPU, __builtin_popcountll is a call into
 * libgcc, slower in the loops that compare many hashes. */
static inline int vet_phash_distance(uint64_t a, uint64_t b)
{
  uint64_t x = a ^ b;
  x = x - ((x >> 1) & 0x5555555555555555ull);
  x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
  x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0Full;
  return (int)((x * 0x0101010101010101ull) >> 56);
}

#endif
