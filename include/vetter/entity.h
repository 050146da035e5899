/* vetter/entity.h - the one entity model every watchlist loads into, and
 * the list set that holds the loaded lists.
 * Owns: a vet_listset owns its lists, entities and every string in them.
 * Thread-safety: built by one thread; immutable once loading is done
 * (vet_listset_freeze), then share freely. */
#ifndef VETTER_ENTITY_H
#define VETTER_ENTITY_H

#include <stdbool.h>
#include <stdint.h>

#include "vetter/arena.h"
#include "vetter/error.h"
#include "vetter/str.h"

enum vet_schema {
  VET_SCHEMA_UNKNOWN = 0,
  VET_SCHEMA_PERSON,
  VET_SCHEMA_ORGANIZATION,
  VET_SCHEMA_VESSEL,
  VET_SCHEMA_AIRCRAFT,
};
const char *vet_schema_name(enum vet_schema s); /* "person", ... */
/* Parse "person"/"individual"/"organization"/"entity"/"company"/"vessel"/
 * "aircraft" (case-insensitive); VET_SCHEMA_UNKNOWN otherwise. */
enum vet_schema vet_schema_parse(vet_str s);

enum vet_name_kind {
  VET_NAME_PRIMARY = 0,
  VET_NAME_ALIAS,      /* a.k.a., strong alias */
  VET_NAME_WEAK_ALIAS, /* low-quality alias: nicknames, short forms */
  VET_NAME_FORMER,     /* f.k.a., former name */
};
const char *vet_name_kind_name(enum vet_name_kind k);

struct vet_name {
  vet_str text;            /* as listed */
  enum vet_name_kind kind;
  char script[5];          /* ISO 15924 of the first letters: "Latn", "Hang", "Cyrl", "Hani", "Arab", ... */
};

/* A full or partial date.  month/day 0 = unknown.  approx marks "circa". */
struct vet_date {
  int16_t year;    /* 0 = unknown (then the date is empty) */
  uint8_t month;   /* 1-12 or 0 */
  uint8_t day;     /* 1-31 or 0 */
  uint8_t approx;  /* 1 when the list says circa/about */
  int16_t year_to; /* end year of a range "1960 to 1962", else 0 */
};

enum vet_country_kind {
  VET_COUNTRY_NATIONALITY = 0,
  VET_COUNTRY_CITIZENSHIP,
  VET_COUNTRY_RESIDENCE,
  VET_COUNTRY_BIRTH,
  VET_COUNTRY_ADDRESS,
  VET_COUNTRY_JURISDICTION, /* registration of an organization, flag of a vessel */
  VET_COUNTRY_OTHER,
};
const char *vet_country_kind_name(enum vet_country_kind k);

struct vet_country {
  char code[8];                /* ISO 3166-1 alpha-2 ("KP"), or an extra code ("XK", "SUHH") */
  enum vet_country_kind kind;
};

struct vet_address {
  vet_str text;    /* street, city, region, postal code joined by ", " */
  char country[8]; /* alpha-2 or "" */
};

enum vet_id_kind {
  VET_ID_PASSPORT = 0,
  VET_ID_NATIONAL_ID,
  VET_ID_TAX_ID,
  VET_ID_REGISTRATION, /* company registration, LEI, IMO, ... */
  VET_ID_EMAIL,
  VET_ID_PHONE,
  VET_ID_WEBSITE,      /* value is the normalized domain */
  VET_ID_CRYPTO,       /* currency holds the ticker: "XBT", "ETH", "USDT" */
  VET_ID_OTHER,
};
const char *vet_id_kind_name(enum vet_id_kind k);

struct vet_ident {
  enum vet_id_kind kind;
  vet_str value;    /* as listed */
  vet_str norm;     /* the key exact matching uses (vet_ident_normalize) */
  vet_str currency; /* crypto only */
  char country[8];  /* issuing country, alpha-2 or "" */
};

struct vet_entity {
  vet_str id;              /* the list's own id ("OFAC-12211" style ids are built by loaders) */
  uint32_t list;           /* index into vet_listset.lists */
  enum vet_schema schema;
  struct vet_name *names;  uint32_t n_names, cap_names;   /* names[0] is the primary name */
  struct vet_date *dates;  uint32_t n_dates, cap_dates;   /* birth / incorporation dates */
  struct vet_country *countries; uint32_t n_countries, cap_countries;
  struct vet_address *addresses; uint32_t n_addresses, cap_addresses;
  struct vet_ident *idents; uint32_t n_idents, cap_idents;
  vet_str *programs;       uint32_t n_programs, cap_programs; /* "DPRK3", "CYBER2", "UK:DPRK", ... */
  vet_str remarks;
  char gender;             /* 'M', 'F' or 0 */
};

/* One loaded list: its provenance travels with every hit. */
struct vet_list {
  vet_str name;      /* short stable name: "ofac_sdn", "un_sc", "uk_ofsi", ... */
  vet_str title;     /* human title */
  vet_str format;    /* loader format name: "ofac_csv", "un_xml", ... */
  vet_str path;      /* file or directory it was loaded from */
  vet_str date;      /* publication date "YYYY-MM-DD" (from the file when it says, else the manifest) */
  vet_str publisher;
  vet_str licence;
  vet_str url;       /* where `vetter lists update` fetches it */
  uint32_t n_entities;
  uint32_t first_entity; /* entities of a list are contiguous after freeze */
};

struct vet_countries; /* country name resolver, core/country.h */

struct vet_listset {
  struct vet_arena arena;           /* every string */
  struct vet_list *lists;   uint32_t n_lists, cap_lists;
  struct vet_entity *entities; uint32_t n_entities, cap_entities;
  struct vet_idmap *ids;            /* (list, id) -> entity index while loading */
  const struct vet_countries *countries; /* borrowed; may be NULL */
  bool frozen;
  /* Set when the set was loaded from a compiled snapshot
   * (vet_snapshot_load): the image holds the arrays and strings above,
   * and freeing the set frees it instead of them one by one. */
  void *image;
};

/* countries is borrowed and must outlive the set; may be NULL (country
 * names then stay unresolved and are dropped). NULL on out of memory. */
struct vet_listset *vet_listset_new(const struct vet_countries *countries);
void vet_listset_free(struct vet_listset *ls); /* NULL-safe */

/* Total names over all entities. */
size_t vet_listset_name_count(const struct vet_listset *ls);
/* Entity by list name and id; NULL when absent. Borrowed. */
const struct vet_entity *vet_listset_find(const struct vet_listset *ls, vet_str list, vet_str id);

/* ---- building (used by the loaders; see src/lists/sink.h) ---- */

/* Start a new list; returns its index or -1 (out of memory). Strings are copied. */
int vet_listset_add_list(struct vet_listset *ls, const struct vet_list *meta);

/* Find the entity (list, id), creating it when create is true.  NULL when
 * absent (create false) or out of memory.  The pointer is valid until the
 * next call that creates an entity. */
struct vet_entity *vet_listset_entity(struct vet_listset *ls, uint32_t list, vet_str id, bool create);

/* Adders copy their strings into the set's arena.  Empty or "-0-" values
 * are ignored and return VET_OK.  VET_ENOMEM is the only failure. */
vet_err vet_entity_add_name(struct vet_listset *ls, struct vet_entity *en, vet_str text, enum vet_name_kind kind);
vet_err vet_entity_add_date(struct vet_listset *ls, struct vet_entity *en, const struct vet_date *d);
/* raw may be an alpha-2, alpha-3 or a country name in any language; it is
 * resolved through the country table and dropped when it does not resolve. */
vet_err vet_entity_add_country(struct vet_listset *ls, struct vet_entity *en, vet_str raw, enum vet_country_kind kind);
vet_err vet_entity_add_address(struct vet_listset *ls, struct vet_entity *en, vet_str text, vet_str country_raw);
vet_err vet_entity_add_ident(struct vet_listset *ls, struct vet_entity *en, enum vet_id_kind kind,
                             vet_str value, vet_str country_raw, vet_str currency);
vet_err vet_entity_add_program(struct vet_listset *ls, struct vet_entity *en, vet_str program);
/* Appends to the remarks with "; " between parts. */
vet_err vet_entity_add_remarks(struct vet_listset *ls, struct vet_entity *en, vet_str text);

/* Move every list and entity of from (neither frozen) behind ls's own, with
 * the strings they point to: the same set as if from's lists had been
 * loaded into ls after its own.  from is left empty (free it).  VET_EINVAL
 * (a frozen set) or VET_ENOMEM; on failure ls is as it was. */
vet_err vet_listset_absorb(struct vet_listset *ls, struct vet_listset *from);

/* Finish loading: drop entities without any name, make each list's
 * entities contiguous, fill n_entities, free the loading maps.  After this
 * the set is immutable. */
vet_err vet_listset_freeze(struct vet_listset *ls, struct vet_error *e);

/* Normalized key for exact identifier matching: emails lower-cased;
 * phones digits only (with a leading '+' kept as nothing); websites reduced
 * to the host without "www."; crypto addresses as listed, except 0x-hex
 * (lower-cased); document numbers upper-cased alphanumerics only.
 * The result is allocated in a. */
vet_str vet_ident_normalize(struct vet_arena *a, enum vet_id_kind kind, vet_str value);

#endif
