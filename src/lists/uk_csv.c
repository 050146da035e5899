/* lists/uk_csv.c - TEMPORARY placeholder, being replaced by the real loader. */
#include "lists/loaders.h"

vet_err vet_load_uk_csv(struct vet_listset *ls, uint32_t list, const char *path, struct vet_error *e)
{
  (void)ls;
  (void)list;
  return vet_fail(e, VET_EINVAL, "'%s': format uk_csv not implemented yet", path);
}
