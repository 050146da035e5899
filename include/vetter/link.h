/* vetter/link.h - linking the subjects of a population into groups
 * through the identifiers they share (docs/linking.md): canonical emails,
 * E.164 phones, device ids, payout accounts, crypto addresses, third-party
 * payout holders, document numbers, postal addresses, GitHub/LinkedIn
 * profiles, websites, near-identical photos (perceptual hashes),
 * near-duplicate resumes and bios (MinHash), and residential IP addresses
 * supplied by the caller.  Photos given as image files (a subject's
 * "photo" without a "photo_phash": a PNG or JPEG file, relative names under
 * link.photo_dir) are hashed with vet_phash_file; URLs are never fetched.
 * Each shared identifier has a strength (the
 * kind's link.weight, weakened for a family); those reaching
 * link.min_strength join their subjects, and the connected components of
 * two or more subjects are the groups.
 * Owns: a vet_links owns its identifiers, shared records and groups; it
 * borrows the population, which must outlive it.
 * Thread-safety: built by one thread (vet_links_collect may start worker
 * threads of its own, vet_links_set_threads); read-only (share freely)
 * once vet_links_finish returns. */
#ifndef VETTER_LINK_H
#define VETTER_LINK_H

#include <stdbool.h>
#include <stdint.h>

#include "vetter/config.h"
#include "vetter/email.h"
#include "vetter/error.h"
#include "vetter/subject.h"

struct vet_phone;

/* One identifier shared by several subjects. */
struct vet_link_shared {
  enum vet_link_kind kind;
  vet_str value;          /* normalized ("jsmith@gmail.com", "+12025550142", "photo 8f3a...~8f3b...") */
  double strength;        /* weight of the kind, times the family factor */
  bool family;            /* the subjects share one surname (family factor applied) */
  bool joins;             /* it joins its subjects into their group (strong enough, see vet_links_finish) */
  uint32_t first, n;      /* subjects: vet_links_members(l)[first ..+ n) */
};

/* A connected group of subjects. */
struct vet_link_group {
  char id[16];            /* "g" + 12 hex digits of a hash of the sorted member ids: stable across runs */
  uint32_t first, n;      /* members: vet_links_members(l)[first ..+ n), by subject index */
  uint32_t shared_first, n_shared; /* its linking identifiers: vet_links_group_shared(l)[...] */
};

struct vet_links;

/* Messages kept about photo files that could not be hashed (the rest are
 * counted only), and the most threads vet_links_set_threads takes. */
#define VET_LINKS_MAX_PROBLEMS 20
#define VET_LINKS_MAX_THREADS 256

/* An empty builder over pop (finished) with cfg's link settings. */
struct vet_links *vet_links_new(const struct vet_population *pop, const struct vet_link_config *cfg,
                                struct vet_error *e);
void vet_links_free(struct vet_links *l); /* NULL-safe */

/* Threads vet_links_collect may use for its slow independent work
 * (decoding photo files, parsing phone numbers, signing texts), the
 * calling thread included: 0 or 1 for none besides it (the default), at
 * most VET_LINKS_MAX_THREADS (more are capped).  The results do not depend
 * on it.  Before vet_links_collect. */
void vet_links_set_threads(struct vet_links *l, uint32_t n);

/* Collect every subject's identifiers and find the shared ones: exact
 * identifiers, photos within link.photo_max_distance, texts of at least
 * link.text_min_words words with estimated Jaccard at least
 * link.text_min_jaccard.  email (may be NULL) gives canonical mailboxes.
 * Bad values (an unparsable phone, an invalid photo hash) are skipped.
 * A subject's "photo" is hashed when it has no "photo_phash" and names a
 * local file: a value starting with a URL scheme ("https://", "s3://",
 * "data:") is skipped and counted, never fetched; a relative path is
 * taken under link.photo_dir ("": the current directory), an absolute
 * one as it is.  A file named by several subjects is decoded once.  A
 * file that cannot be read or decoded is counted and described
 * (vet_links_problem), and the linking goes on without it.  Once per
 * vet_links (VET_EINVAL after).  VET_ENOMEM. */
vet_err vet_links_collect(struct vet_links *l, const struct vet_email_db *email, struct vet_error *e);

/* Subject i's phone number k as vet_links_collect parsed it
 * (vet_phone_parse with the claimed country as the default region, NULL
 * when the subject claims none), into *out: true when it was parsed with
 * default_region (compared by value) and libphonenumber read a number
 * (its error text is then empty); false otherwise, *out untouched: the
 * caller parses it.  Lets the checks read each number once.  After
 * vet_links_collect. */
bool vet_links_phone(const struct vet_links *l, uint32_t i, uint32_t k, const char *default_region,
                     struct vet_phone *out);

/* Add an identifier found shared elsewhere (residential IP addresses from
 * check/farm.c): subjects (indices, at least two, distinct) share value of
 * kind with this strength factor (times the kind's weight).  Before
 * vet_links_finish. */
vet_err vet_links_add(struct vet_links *l, enum vet_link_kind kind, vet_str value, const uint32_t *subjects,
                      uint32_t n, double factor, struct vet_error *e);

/* Join the subjects over the shared identifiers that reach
 * link.min_strength and make the groups.  VET_ENOMEM. */
vet_err vet_links_finish(struct vet_links *l, struct vet_error *e);

/* The group of subject i, NULL when it is in none. */
const struct vet_link_group *vet_links_group_of(const struct vet_links *l, uint32_t i);
/* All groups, largest first. */
const struct vet_link_group *vet_links_groups(const struct vet_links *l, uint32_t *n);
/* The shared identifiers of subject i (linking or not, strongest first):
 * indices into vet_links_shared. */
const uint32_t *vet_links_of(const struct vet_links *l, uint32_t i, uint32_t *n);
const struct vet_link_shared *vet_links_shared(const struct vet_links *l, uint32_t *n);
/* Indices of the shared records that join a group (see vet_link_group). */
const uint32_t *vet_links_group_shared(const struct vet_links *l);
const uint32_t *vet_links_members(const struct vet_links *l);

/* What was found: identifiers collected, shared ones, those over
 * link.max_subjects (common, not links), groups; and what became of the
 * photo files. */
struct vet_links_stats {
  uint64_t identifiers, shared, common, linking, groups, grouped_subjects;
  uint64_t photo_pairs, text_pairs;
  uint64_t photos_hashed;      /* subjects whose photo file was hashed */
  uint64_t photos_failed;      /* subjects whose photo file could not be read or decoded */
  uint64_t photos_skipped_url; /* subjects whose photo is a URL (not fetched) */
  uint64_t photo_files;        /* distinct files read (a file is decoded once) */
  uint64_t photo_files_failed; /* distinct files that failed: one message each (vet_links_problem) */
  uint64_t split_subjects;     /* subjects of components over link.max_group_size that were split */
  uint64_t oversize_groups;    /* groups still over link.max_group_size (joined by their strongest links) */
};
void vet_links_stats(const struct vet_links *l, struct vet_links_stats *out);

/* Message k (from 0) about a photo file that could not be hashed, in the
 * order of the first subject naming each file, at most
 * VET_LINKS_MAX_PROBLEMS of them; NULL past the last.  For example
 * "subject 'w17': photo 'img/w17.png': not a PNG or JPEG image".
 * Borrowed, valid until vet_links_free. */
const char *vet_links_problem(const struct vet_links *l, uint32_t k);

#endif
