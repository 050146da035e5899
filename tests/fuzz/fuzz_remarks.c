/* fuzz/fuzz_remarks.c - the OFAC remarks parser on arbitrary bytes, with
 * the real country table so the place and country paths run too.  The
 * first byte picks the entity's schema (person, organization, vessel,
 * aircraft), which changes how generic identifier labels are filed. */
#include "fuzzutil.h"
#include "lists/remarks.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  struct vet_listset *ls = vet_listset_new(fuzz_countries());
  if (!ls)
    return 0;
  struct vet_entity *en = vet_listset_entity(ls, 0, VET_LIT("1"), true);
  if (en) {
    en->schema = (enum vet_schema)(size ? 1 + data[0] % 4 : 1);
    vet_str text = {(const char *)data, size};
    (void)vet_remarks_apply(ls, en, text);
    (void)vet_remarks_alias_kind(text, text);
  }
  vet_listset_free(ls);
  return 0;
}
