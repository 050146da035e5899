/* lists/loaders.h - the loader of each list format.  Each one parses its
 * files and feeds the shared record sink (vetter/entity.h adders); none
 * builds entities any other way.  Each sets the list's date from the file
 * when the file carries one (vet_listset_set_date).
 * Owns: nothing.
 * Thread-safety: one thread at a time per vet_listset. */
#ifndef VET_LISTS_LOADERS_H
#define VET_LISTS_LOADERS_H

#include <jansson.h>

#include "core/common.h"
#include "vetter/entity.h"

vet_err vet_load_ofac_csv(struct vet_listset *ls, uint32_t list, const char *path, struct vet_error *e);
vet_err vet_load_ofac_xml(struct vet_listset *ls, uint32_t list, const char *path, struct vet_error *e);
vet_err vet_load_un_xml(struct vet_listset *ls, uint32_t list, const char *path, struct vet_error *e);
vet_err vet_load_uk_csv(struct vet_listset *ls, uint32_t list, const char *path, struct vet_error *e);
vet_err vet_load_csl_csv(struct vet_listset *ls, uint32_t list, const char *path, struct vet_error *e);
vet_err vet_load_ftm_json(struct vet_listset *ls, uint32_t list, const char *path, struct vet_error *e);

/* Set list's publication date ("YYYY-MM-DD"; copied).  VET_ENOMEM only. */
vet_err vet_listset_set_date(struct vet_listset *ls, uint32_t list, vet_str date);

/* Every name of the comma-separated only must name a list of the manifest
 * (lists.json, parsed; path for messages).  VET_ENOTFOUND names the first
 * that does not. */
vet_err vet_lists_check_names(json_t *manifest, const char *only, const char *path, struct vet_error *e);

/* Largest list file a loader reads (bytes). */
#define VET_LIST_MAX_FILE ((size_t)512 << 20)

#endif
