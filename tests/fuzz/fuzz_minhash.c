/* fuzz_minhash.c - fuzz target for the text side of link/minhash.c:
 * arbitrary bytes normalised, shingled and signed (small caps, so cuts
 * inside characters are exercised).  Invalid UTF-8 must fail cleanly; a
 * signature must be the same twice, every minimum below 2^61 - 1 or all
 * VET_MINHASH_EMPTY, estimate 1 against itself unless empty; the
 * normalised text is valid UTF-8, words joined by single spaces. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/common.h"
#include "vetter/minhash.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  struct vet_minhash_params p;
  vet_minhash_params_defaults(&p);
  p.num_hashes = 16, p.bands = 4, p.rows = 4;
  p.shingle_words = size ? 1 + data[0] % 4 : 3;
  p.max_text_bytes = 512;
  struct vet_minhash *mh = vet_minhash_new(&p, NULL);
  if (!mh)
    abort();
  vet_str text = {(const char *)data, size};
  uint64_t a[16], b[16];
  size_t ns = 0;
  struct vet_error e = {0};
  vet_err rc = vet_minhash_sign(mh, text, a, &ns, &e);
  if (rc != VET_OK) {
    if (rc != VET_EPARSE && rc != VET_ELIMIT)
      abort();
    vet_minhash_free(mh);
    return 0;
  }
  if (vet_minhash_sign(mh, text, b, NULL, NULL) != VET_OK || memcmp(a, b, sizeof a) != 0)
    abort();
  for (int i = 0; i < 16; i++)
    if (ns ? a[i] >= (1ull << 61) - 1 : a[i] != VET_MINHASH_EMPTY)
      abort();
  if (vet_minhash_estimate(a, a, 16) != (ns ? 1.0 : 0.0))
    abort();
  struct vet_buf norm;
  vet_buf_init(&norm, 1 << 16);
  if (vet_minhash_normalize(mh, text, &norm, NULL) != VET_OK)
    abort();
  vet_str ns_text = vet_buf_str(&norm);
  if (!vet_utf8_valid(ns_text, NULL) || (ns_text.len && (ns_text.ptr[0] == ' ' || ns_text.ptr[ns_text.len - 1] == ' ')) ||
      vet_str_find(ns_text, "  ", false) != SIZE_MAX || (ns == 0) != (ns_text.len == 0))
    abort();
  vet_buf_release(&norm);
  const uint64_t *h;
  size_t n;
  if (vet_minhash_shingles(mh, text, &h, &n, NULL) != VET_OK || n > ns || (ns && !n))
    abort();
  vet_minhash_free(mh);
  return 0;
}
