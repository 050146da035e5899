/* vetter/minhash.h - near-duplicate text (resumes, bios, headlines,
 * proposals) by MinHash signatures and locality-sensitive hashing, so
 * that accounts reusing one text with names, employers and a sentence or
 * two changed can be linked without comparing every pair.
 *
 * The scheme, in full (docs/linking.md has the reasoning):
 *  1. Normalise: vet_fold (normalize/fold.h: NFKC, Unicode case folding,
 *     accents removed), then every code point that is not a letter, digit
 *     or mark (utf8proc category L*, N*, M*) separates words: punctuation,
 *     symbols and white space of every script.
 *  2. Shingles: every run of k consecutive words (k = shingle_words); a
 *     text of fewer than k words is one shingle of all its words; a text
 *     without words has no shingles and an empty signature.
 *  3. One strong 64-bit hash per shingle: each word's bytes are hashed
 *     (8-byte little-endian blocks, each folded in with a 64-bit
 *     finaliser of two multiply-xorshift rounds, length mixed first), the
 *     k word hashes chained through the same finaliser, and the result
 *     reduced modulo the Mersenne prime p = 2^61 - 1.
 *  4. N cheap permutations h_i(x) = (a_i x + b_i) mod p, i < N, with a_i
 *     in [1, p) and b_i in [0, p) drawn from a splitmix64 stream seeded
 *     with VET_MINHASH_SEED: the signature is the N minima over the
 *     shingles.  Integer arithmetic only, byte order fixed: the same text
 *     gives the same signature on every machine, so signatures may be
 *     stored and compared later (changing the seed, k or the hash changes
 *     every signature).
 *  5. The share of equal minima estimates the Jaccard similarity of the
 *     two shingle sets (standard error sqrt(J (1 - J) / N): 0.044 at
 *     J = 0.5 with N = 128).
 *  6. LSH: the signature is cut into b bands of r rows (b r = N); two
 *     texts become candidates when all r minima of some band agree, which
 *     happens with probability 1 - (1 - s^r)^b for Jaccard s.  With the
 *     defaults b = 32, r = 4: s = 0.3: 0.23, 0.4: 0.56, 0.5: 0.87,
 *     0.6: 0.988, 0.7: 0.9996 (the knee (1/b)^(1/r) is at 0.42).
 *     Candidates are then kept only when their estimated Jaccard is at
 *     least `threshold` (0.4: a resume copied with the name, employers
 *     and a sentence or two changed and the skills reordered measured
 *     0.51-0.62 with k = 3; different resumes sharing boilerplate
 *     sentences and skills at most 0.12; so pairs are found reliably from
 *     about 0.5 up, and with falling odds between 0.4 and 0.5).  A bucket of more than max_bucket texts is
 *     boilerplate shared by a crowd ("I am a passionate full stack
 *     developer"): it is skipped and counted, not paired.
 *  7. Composite keys, when the threshold is high: a reported pair has at
 *     most max_miss = N - need unequal minima (need: the smallest count
 *     with need / N >= threshold), each breaking one band, so at least
 *     m = b - max_miss of its bands are equal.  When m >= 3, the bands
 *     are cut into g = m - 1 groups of consecutive bands (as even as
 *     possible, larger groups first), and the bucket keys are every two
 *     bands of a group (group by group, bands (u, v), u < v, by u then
 *     v), if there are at most 64 of them: by pigeonhole, two of the
 *     pair's equal bands lie in one group, so the pair shares that key,
 *     and every pair that step 6 reports (no bucket skipped) is still
 *     reported, with the same estimate, while unrelated texts share
 *     2r minima far more rarely than r.  The defaults at threshold 0.85
 *     (need 109, max_miss 19, m = 13): 12 groups (8 of 3 bands, 4 of
 *     2), 28 keys of 8 minima.  Otherwise (the default threshold 0.4
 *     among others) the keys are the bands, as in step 6.
 *
 * Owns: a vet_minhash owns its scratch buffers; a vet_minhash_index owns
 * copies of the signatures added to it.
 * Thread-safety: one thread at a time per vet_minhash and per
 * vet_minhash_index (vet_minhash_index_pairs only reads the index: any
 * number of threads may enumerate one index that no thread is adding
 * to; it may start worker threads of its own,
 * vet_minhash_index_set_threads).  Separate objects are independent. */
#ifndef VETTER_MINHASH_H
#define VETTER_MINHASH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vetter/error.h"
#include "vetter/str.h"

/* The seed of the permutation coefficients (step 4). */
#define VET_MINHASH_SEED 0x5645545445524d48ull /* "VETTERMH" */
/* Every minimum of an empty signature (real minima are < 2^61 - 1). */
#define VET_MINHASH_EMPTY UINT64_MAX
/* Upper bounds on the parameters. */
#define VET_MINHASH_MAX_HASHES 1024u
#define VET_MINHASH_MAX_BANDS 64u
#define VET_MINHASH_MAX_SHINGLE_WORDS 16u
#define VET_MINHASH_MAX_TEXT_BYTES (64u * 1024 * 1024)

/* Every setting of signatures and the index, with its default
 * (vet_minhash_params_defaults); the config exposes each of them. */
struct vet_minhash_params {
  uint32_t shingle_words;  /* k, words per shingle: 3 (1..16) */
  uint32_t num_hashes;     /* N, minima per signature: 128 (1..1024) */
  uint32_t bands;          /* b, LSH bands: 32 (1..64); bands * rows == num_hashes */
  uint32_t rows;           /* r, minima per band: 4 */
  double threshold;        /* report pairs with estimated Jaccard >= this: 0.4 (0..1) */
  uint32_t max_bucket;     /* a band bucket with more items is boilerplate, skipped: 500 (>= 2) */
  uint32_t max_items;      /* signatures an index may hold: 4,000,000 */
  uint32_t max_text_bytes; /* text past this many bytes is ignored: 256 KiB */
};

void vet_minhash_params_defaults(struct vet_minhash_params *p);
/* VET_EINVAL, with the offending setting named, unless p is usable. */
vet_err vet_minhash_params_check(const struct vet_minhash_params *p, struct vet_error *e);

/* ---- signatures ---- */

struct vet_minhash;

/* A signer for params p (copied; checked: VET_EINVAL in e, NULL).  NULL
 * with VET_ENOMEM too.  Free with vet_minhash_free. */
struct vet_minhash *vet_minhash_new(const struct vet_minhash_params *p, struct vet_error *e);
void vet_minhash_free(struct vet_minhash *mh); /* NULL-safe */

/* The signature of text (UTF-8) into sig[0..num_hashes); *nshingles (if
 * not NULL) is the number of shingles, duplicates included, 0 for a text
 * without words, whose signature is all VET_MINHASH_EMPTY.  Text past
 * max_text_bytes is ignored (cut at a character boundary).  VET_EPARSE for
 * invalid UTF-8, VET_ELIMIT when folding grows the text past
 * 4 * max_text_bytes, VET_ENOMEM.  Reuses mh's buffers: no allocation per
 * call once they have grown. */
vet_err vet_minhash_sign(struct vet_minhash *mh, vet_str text, uint64_t *sig, size_t *nshingles,
                         struct vet_error *e);

/* The distinct shingle hashes of text, sorted: *hashes is borrowed from
 * mh, valid until its next call.  For exact Jaccard checks of candidate
 * pairs (vet_minhash_jaccard).  Errors as vet_minhash_sign. */
vet_err vet_minhash_shingles(struct vet_minhash *mh, vet_str text, const uint64_t **hashes, size_t *n,
                             struct vet_error *e);

/* The normalised text of step 1: its words joined by single spaces,
 * appended to out (VET_ELIMIT past its cap).  For logs and tests. */
vet_err vet_minhash_normalize(struct vet_minhash *mh, vet_str text, struct vet_buf *out, struct vet_error *e);

static inline bool vet_minhash_is_empty(const uint64_t *sig) { return sig[0] == VET_MINHASH_EMPTY; }

/* Estimated Jaccard similarity of two signatures of n minima: the share
 * of equal minima; 0 when either is empty. */
double vet_minhash_estimate(const uint64_t *a, const uint64_t *b, uint32_t n);

/* Exact Jaccard similarity of two sorted sets of distinct hashes (as
 * vet_minhash_shingles gives them); 0 when either is empty. */
double vet_minhash_jaccard(const uint64_t *a, size_t na, const uint64_t *b, size_t nb);

/* ---- the LSH index ---- */

struct vet_minhash_index;

/* What one vet_minhash_index_pairs call saw.  A "key" is what items are
 * bucketed by (step 6 or 7 above): one band, or two bands of a group,
 * and two items "share" a key's bucket when all its bands are equal (a
 * composite key is a hash of its bands: items that merely collide in
 * it share its bucket but are neither counted nor compared). */
struct vet_minhash_stats {
  uint64_t items;           /* signatures in the index (empty ones excluded) */
  uint64_t empty;           /* empty signatures added: never paired */
  uint64_t candidates;      /* distinct pairs sharing a key's bucket that was not skipped */
  uint64_t pairs;           /* candidates reported: estimate >= threshold */
  uint64_t skipped_buckets; /* key buckets over max_bucket: boilerplate */
  uint64_t skipped_items;   /* items in them, summed over buckets and keys */
  uint64_t keys;            /* the keys: bands, or composite keys (7) */
  uint64_t key_bands;       /* bands per key: 1 (step 6) or 2 (composite keys) */
};

/* An empty index for signatures made with params p (copied, checked).
 * Memory: 2 * num_hashes + 8 bytes per signature (each minimum is kept
 * as its low 16 bits, which biases estimates up by under 2^-16), plus
 * 40 bytes per signature during vet_minhash_index_pairs (a 64-bit mask
 * of the keys whose bucket was skipped, and 32 bytes to sort the items by
 * a key: composite keys are computed key by key, never stored) and a
 * scratch for one bucket's signatures (1 MiB at most with the defaults).
 * NULL with e set on failure. */
struct vet_minhash_index *vet_minhash_index_new(const struct vet_minhash_params *p, struct vet_error *e);
void vet_minhash_index_free(struct vet_minhash_index *ix); /* NULL-safe */

/* Add the signature sig (num_hashes minima) under the caller's id (any
 * value; ids need not be distinct, each add is one item).  An empty
 * signature is counted and dropped: it matches nothing.  VET_ELIMIT past
 * max_items, VET_ENOMEM. */
vet_err vet_minhash_index_add(struct vet_minhash_index *ix, uint64_t id, const uint64_t *sig, struct vet_error *e);

/* Number of (non-empty) signatures added. */
size_t vet_minhash_index_count(const struct vet_minhash_index *ix);
/* Room for n texts in all (capped at max_items), made at once before
 * they are added: the signatures are then never copied as the index
 * grows, and only the room used is touched.  A hint: false when the room
 * could not be made (adding still works). */
bool vet_minhash_index_reserve(struct vet_minhash_index *ix, size_t n);

/* Threads vet_minhash_index_pairs may use, the calling one included
 * (default 1; 0 is 1; at most one per key is used).  With more than one,
 * the keys are sorted and compared on worker threads, one key a thread,
 * and their pairs kept until they are given to fn, on the calling thread,
 * in the same order and with the same statistics as with one; memory
 * grows by 32 bytes per signature and the bucket scratch per thread, plus
 * 40 bytes per pair reported in the keys under way. */
void vet_minhash_index_set_threads(struct vet_minhash_index *ix, uint32_t n);

/* Called once per reported pair: ids in the order they were added
 * (a before b) and the estimated Jaccard.  Return false to stop. */
typedef bool (*vet_minhash_pair_fn)(void *ctx, uint64_t id_a, uint64_t id_b, double jaccard);

/* Enumerate every pair of items that share a key's bucket of at most
 * max_bucket items (the keys: the bands, or the composite keys of step 7
 * when the threshold allows them) and whose estimated Jaccard is
 * >= threshold, each pair once (fn may be NULL to count them only).  With
 * composite keys every pair that single bands would report is reported
 * (unless a bucket is skipped in either scheme), with the same estimate.
 * The order is fixed, whatever the threads: key by key (band 0, 1, ...;
 * or the composite keys in the order of step 7); within a key, bucket by
 * bucket in the order of the bucket keys' low 32 bits, then high 32 bits
 * (a band's bucket key: its kept minima packed 16 bits each, first
 * lowest, when rows <= 4, else their hash chained through the splitmix64
 * finaliser; a composite key's: its two bands' bucket keys chained through
 * the finaliser from 0, h = f(f(key_u) ^ key_v)); within a bucket, in add
 * order; each pair at the first key whose (not skipped) bucket it shares,
 * all the key's bands equal.  A candidate's comparison stops as soon as
 * too many minima differ for the threshold: the estimates reported are
 * exact.  *st (if not NULL) is filled in.  VET_ENOMEM;
 * VET_OK also when fn stopped early. */
vet_err vet_minhash_index_pairs(const struct vet_minhash_index *ix, vet_minhash_pair_fn fn, void *ctx,
                                struct vet_minhash_stats *st, struct vet_error *e);

#endif
