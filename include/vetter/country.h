/* vetter/country.h - resolve country names and codes in any language to
 * ISO 3166-1 alpha-2, from data/country/ (opensanctions/countrynames
 * variants and the ISO code table).
 * Owns: a vet_countries owns its table.
 * Thread-safety: immutable once loaded; share freely. */
#ifndef VETTER_COUNTRY_H
#define VETTER_COUNTRY_H

#include "vetter/error.h"
#include "vetter/str.h"

struct vet_countries;

/* Load the table from dir (the "country" folder of the data directory:
 * countrynames_variants.tsv and country-codes.csv).  NULL on failure. */
struct vet_countries *vet_countries_load(const char *dir, struct vet_error *e);
void vet_countries_free(struct vet_countries *c); /* NULL-safe */

/* Resolve an alpha-2, alpha-3 or name ("North Korea", "DPRK", "Корея",
 * "Korea, North") to a code: ISO 3166-1 alpha-2 ("KP"), or one of the
 * extra codes of opensanctions/countrynames for places and former states
 * without one ("XK", "SUHH", "YUCS", "UA-CRI", "EU").  Borrowed, valid until
 * vet_countries_free.  NULL when it does not resolve or is a known
 * non-country ("Unknown"). */
const char *vet_country_resolve(const struct vet_countries *c, vet_str raw);

/* English short name of an alpha-2 code; NULL when unknown.  Borrowed. */
const char *vet_country_name(const struct vet_countries *c, const char *alpha2);

#endif
