/* link/link_int.h - what the files of link/ share and the API does not
 * show: the state of a vet_links (built by link/graph.c, grouped by
 * link/groups.c), the hashing of the photo files a population names
 * (link/photo_files.c) and the vector kernels of MinHash signing (link/minhash_wide.c).
 * Owns: nothing.
 * Thread-safety: as each function says. */
#ifndef VET_LINK_INT_H
#define VET_LINK_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vetter/arena.h"
#include "vetter/link.h"

struct ident;      /* graph.c's: one identifier of one subject */
struct photo;      /* graph.c's: one photo hash of one subject */
struct phone_kept; /* graph.c's: one phone number, parsed */

struct vet_links {
  const struct vet_population *pop;
  struct vet_link_config cfg;
  struct vet_arena a;
  struct ident *id; size_t n_id;     /* every subject's identifiers (shared_exact keeps those that may be shared) */
  struct photo *ph; size_t n_ph;      /* every photo hash */
  uint32_t *phone_at;                 /* per subject + 1: its first number in phones */
  struct phone_kept *phones;          /* every subject's phone numbers, parsed (zeroed: none kept until then) */
  struct vet_arena *vals; uint32_t n_vals; /* the collectors' arenas: the identifiers' values */
  struct vet_link_shared *sh; uint32_t n_sh, cap_sh;
  uint32_t *members; uint32_t n_members, cap_members;
  struct vet_link_group *groups; uint32_t n_groups;
  uint32_t *group_of;                 /* per subject, UINT32_MAX when none */
  uint32_t *gshared;                  /* the groups' linking records */
  uint32_t *sub_start, *sub_sh;       /* per subject: its shared records */
  uint32_t threads;                   /* vet_links_set_threads */
  char *problems[VET_LINKS_MAX_PROBLEMS]; /* photo files that could not be hashed (malloc'd) */
  uint32_t n_problems;
  struct vet_links_stats st;
};

/* One subject's photo file, hashed. */
struct link_photo {
  uint32_t subject;
  uint64_t hash;
};

/* What link_photo_files found (counts as in struct vet_links_stats). */
struct link_photo_files {
  struct link_photo *ok;                        /* by subject; malloc'd */
  size_t n_ok;
  char *problems[VET_LINKS_MAX_PROBLEMS];       /* malloc'd messages */
  uint32_t n_problems;
  uint64_t hashed, failed, skipped_url, files, files_failed;
};

/* Hash the photo files of pop's subjects: every "photo" of a subject
 * without "photo_phash" that is not a URL, relative paths under dir
 * (link.photo_dir), each distinct path read once, on up to `threads`
 * threads.  Files that cannot be hashed are counted, and the first
 * VET_LINKS_MAX_PROBLEMS of them (by first subject) described.  Only
 * VET_ENOMEM fails; out is released then.  Release with
 * link_photo_files_release (also after a failure). */
vet_err link_photo_files(const struct vet_population *pop, const char *dir, uint32_t threads,
                         struct link_photo_files *out);
void link_photo_files_release(struct link_photo_files *pf);

/* The kernels of the MinHash signing and pairing loops. */
enum link_minmod_kernel { LINK_MINMOD_SCALAR, LINK_MINMOD_AVX512 };
/* The widest kernel this CPU runs (a signer's default). */
enum link_minmod_kernel link_minmod_best(void);
bool link_minmod_available(enum link_minmod_kernel k);
/* sig[i] = min over s < ns of (a[i] x[s] + b[i]) mod (2^61 - 1), every
 * value below 2^61 - 1, for i from 0 up to the count returned: as many as
 * kernel k takes in whole vectors (none for the scalar kernel, or when ns
 * is 0); the caller computes the rest. */
uint32_t link_minmod(enum link_minmod_kernel k, const uint64_t *a, const uint64_t *b, uint32_t nh, const uint64_t *x,
                     size_t ns, uint64_t *sig);

/* With LINK_MINMOD_AVX512 only (AVX-512 F and BW), the same answers as
 * minhash.c's own loops (16-bit minima, bands of four).
 * link_same_minima_wide: the equal minima of a and b counted by chunks of
 * LINK_SAME_CHUNK, stopping after the chunk where more than max_miss
 * differ.  link_compare_wide: over the whole of two signatures of `bands`
 * (at most 64) bands, from one read of each, *eq with bit u set when
 * bands u are equal, and the number of equal minima returned, counted to
 * the end (a pair costs less read whole than stopped early and read
 * again). */
#define LINK_SAME_CHUNK 32
uint32_t link_same_minima_wide(const uint16_t *a, const uint16_t *b, uint32_t nh, uint32_t max_miss);
uint32_t link_compare_wide(const uint16_t *a, const uint16_t *b, uint32_t bands, uint64_t *eq);

struct vet_minhash;
struct vet_minhash_index;
/* Sign, or compare pairs, with kernel k from now on (tests compare every
 * kernel with the definition); false, and nothing changed, when this CPU
 * lacks it. */
bool link_minhash_use_kernel(struct vet_minhash *mh, enum link_minmod_kernel k);
bool link_minhash_index_use_kernel(struct vet_minhash_index *ix, enum link_minmod_kernel k);

#endif
