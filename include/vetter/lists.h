/* vetter/lists.h - loading watchlists into a vet_listset: one loader per
 * format, a manifest (data/lists/lists.json) naming each bundled list with
 * its provenance, and the atomic update of list files from the publishers.
 * Owns: nothing beyond what it adds to the caller's vet_listset.
 * Thread-safety: one thread at a time per vet_listset. */
#ifndef VETTER_LISTS_H
#define VETTER_LISTS_H

#include <stdbool.h>
#include <stddef.h>

#include "vetter/entity.h"

/* Formats, by the names the manifest uses:
 *   ofac_csv   OFAC legacy CSV set in a directory: sdn.csv, add.csv, alt.csv,
 *              sdn_comments.csv; or the consolidated (non-SDN) set
 *              cons_prim.csv, cons_add.csv, cons_alt.csv, cons_comments.csv
 *   ofac_xml   OFAC ENHANCED XML (SDN_ENHANCED.XML / CONS_ENHANCED.XML)
 *   un_xml     UN Security Council consolidated list XML
 *   uk_csv     UK OFSI ConList CSV
 *   csl_csv    US Consolidated Screening List CSV (trade.gov)
 *   ftm_json   FollowTheMoney JSON lines (OpenSanctions entities.ftm.json) */
typedef vet_err (*vet_list_loader_fn)(struct vet_listset *ls, uint32_t list, const char *path,
                                      struct vet_error *e);
struct vet_list_format {
  const char *name;        /* "ofac_csv" */
  const char *description;
  vet_list_loader_fn load;
};
/* Loader for a format name; NULL when unknown.  Static storage. */
const struct vet_list_format *vet_list_format_find(const char *name);
/* All formats, NULL-terminated.  Static storage. */
const struct vet_list_format *const *vet_list_formats(void);

/* Load one list of the given format from path (file or directory) as a new
 * list described by meta (name required; the loader may set the date from
 * the file).  On failure the set may hold part of that list: callers that
 * need all-or-nothing load into a fresh set and drop it on failure, as
 * vet_ctx_load_lists and `vetter lists update` do. */
vet_err vet_lists_load(struct vet_listset *ls, const char *format, const char *path,
                       const struct vet_list *meta, struct vet_error *e);

/* Load the lists named in dir/lists.json.  only: NULL for all, else a
 * comma-separated list of list names.  Does not freeze the set. */
vet_err vet_lists_load_dir(struct vet_listset *ls, const char *dir, const char *only,
                           struct vet_error *e);
/* Append to out what loading dir's lists reads, as vet_path_stamp
 * lines: lists.json and the file or directory of every list it names
 * (whether enabled or not), so that a snapshot of the loaded set
 * (vet_snapshot_load) can tell that nothing changed.  An unreadable
 * manifest is stamped as it is (loading it reports the error).
 * VET_ENOMEM/VET_ELIMIT only. */
vet_err vet_lists_stamp(const char *dir, struct vet_buf *out);
/* The same on up to threads threads (0: one per core), one list per
 * thread at a time, each into a set of its own that is then absorbed
 * into ls in the manifest's order: the same set, and the same first
 * error (with ls holding the lists before it, and what was read of the
 * failing one), as vet_lists_load_dir, which is this with one thread. */
vet_err vet_lists_load_dir_threads(struct vet_listset *ls, const char *dir, const char *only, unsigned threads,
                                   struct vet_error *e);

/* Options for updating the bundled lists from their publishers. */
struct vet_lists_update_opts {
  const char *dir;           /* the lists directory (with lists.json) */
  const char *only;          /* NULL for all, else comma-separated names */
  double min_ratio;          /* a new list must keep at least this share of the old entity count */
  long timeout_s;            /* per download */
  bool dry_run;              /* download and validate, do not swap */
  void (*report)(void *ud, const char *list, const char *msg); /* progress lines; may be NULL */
  void *ud;
};
/* Download each list's files (URLs from the manifest, overridable there),
 * validate them by loading them with their loader, and swap them in with
 * rename(2).  A list whose download or validation fails keeps its old
 * files; the others are still updated.  Returns VET_OK when all updated,
 * else the last failure (with a message naming the list). */
vet_err vet_lists_update(const struct vet_lists_update_opts *o, const struct vet_countries *countries,
                         struct vet_error *e);

#endif
