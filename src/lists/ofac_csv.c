/* lists/ofac_csv.c - the OFAC legacy CSV loader: a directory holding the
 * SDN set (sdn.csv, add.csv, alt.csv, sdn_comments.csv) or the
 * consolidated non-SDN set (cons_prim.csv, cons_add.csv, cons_alt.csv,
 * cons_comments.csv).  The files have no header, quote text with '"',
 * write "-0- " for empty and end with a Ctrl-Z (the CSV adapter skips it).
 *
 * Order of work: the comments file first (it holds the overflow of
 * Remarks longer than 1,000 characters, keyed by ent_num), then the
 * primary file (one entity per row; the remarks, overflow included, go
 * through lists/remarks.c), then aliases and addresses.
 *
 * Orphans: the bundled SDN set joins a primary file of one date with
 * alias and address files of a later one, so alt.csv names entities the
 * primary file does not have yet (designated in between, like Korea
 * Sobaeksu United Corp. in 2025).  Dropping them would hide exactly the
 * newest designations, so an alias row without a primary row creates the
 * entity from its names, with a remark saying so; its addresses join it.
 * Address and comment rows alone create nothing. */
#include "io/csv.h"
#include "io/file.h"
#include "lists/loaders.h"
#include "lists/remarks.h"
#include "core/strmap.h"

/* OFAC truncates Remarks at this many characters and continues them in
 * the comments file. */
#define OFAC_REMARKS_CUT 1000

struct fileset {
  const char *prim, *add, *alt, *comments;
};

static const struct fileset sdn_files = {"sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv"};
static const struct fileset cons_files = {"cons_prim.csv", "cons_add.csv", "cons_alt.csv", "cons_comments.csv"};

struct loader {
  struct vet_listset *ls;
  uint32_t list;
  const char *file;          /* the file being read, for messages */
  struct vet_strmap overflow; /* ent_num -> index into texts */
  struct vet_arena keys;      /* the map's keys */
  struct vet_buf *texts;      /* remarks overflow per ent_num */
  uint32_t n_texts, cap_texts;
  struct vet_buf buf;         /* scratch: joined remarks, addresses */
};

static bool is_empty(vet_str s)
{
  s = vet_str_trim(s);
  return s.len == 0 || vet_str_eq_c(s, "-0-");
}

static vet_err check_fields(const struct loader *ld, size_t line, size_t n, size_t want, struct vet_error *e)
{
  if (n == want)
    return VET_OK;
  return vet_fail(e, VET_EPARSE, "%s:%zu: expected %zu fields, got %zu", ld->file, line, want, n);
}

/* ent_num: a decimal number, kept as text for the entity id. */
static vet_err ent_num(const struct loader *ld, size_t line, vet_str f, vet_str *id, struct vet_error *e)
{
  uint64_t v;
  *id = vet_str_trim(f);
  if (vet_parse_u64(*id, &v) == VET_OK)
    return VET_OK;
  return vet_fail(e, VET_EPARSE, "%s:%zu: field 1 (ent_num): '%.*s' is not a number", ld->file, line,
                  (int)VET_MIN(id->len, 40), id->ptr);
}

static vet_err oom(const struct loader *ld, size_t line, struct vet_error *e)
{
  return vet_fail(e, VET_ENOMEM, "%s:%zu: out of memory", ld->file, line);
}

/* ---- comments: ent_num, remarks overflow ---- */

static vet_err on_comment(void *ud, size_t line, vet_str *f, size_t n, struct vet_error *e)
{
  struct loader *ld = ud;
  vet_str id;
  vet_err rc = check_fields(ld, line, n, 2, e);
  if (!rc)
    rc = ent_num(ld, line, f[0], &id, e);
  if (rc)
    return rc;
  if (is_empty(f[1]))
    return VET_OK;
  uint32_t *slot = vet_strmap_get(&ld->overflow, id);
  struct vet_buf *b;
  if (slot) {
    b = &ld->texts[*slot];
  } else {
    vet_str key = vet_arena_strdup(&ld->keys, id);
    b = vet_vec_push(&ld->texts, &ld->n_texts, &ld->cap_texts, sizeof *b);
    if (!key.ptr || !b)
      return oom(ld, line, e);
    vet_buf_init(b, VET_LIST_MAX_FILE);
    if (!vet_strmap_put(&ld->overflow, key, ld->n_texts - 1, NULL))
      return oom(ld, line, e);
  }
  /* a second overflow row of the same entry continues the first */
  if (vet_buf_append(b, f[1]))
    return oom(ld, line, e);
  return VET_OK;
}

/* ---- primary: ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign,
 *      Vess_type, Tonnage, GRT, Vess_flag, Vess_owner, Remarks ---- */

enum { P_ID, P_NAME, P_TYPE, P_PROGRAM, P_TITLE, P_CALLSIGN, P_VTYPE, P_TONNAGE, P_GRT, P_FLAG, P_OWNER,
       P_REMARKS, P_FIELDS };

static size_t utf8_chars(vet_str s)
{
  size_t n = 0;
  for (size_t i = 0; i < s.len; i++)
    n += ((unsigned char)s.ptr[i] & 0xC0) != 0x80;
  return n;
}

/* The full remarks: the primary field plus its overflow.  A field cut at
 * OFAC's limit continues mid-word in the overflow; a complete field (our
 * bundled set joins files of different dates) gets a clause separator. */
static vet_err join_remarks(struct loader *ld, vet_str id, vet_str rem, vet_str *out)
{
  uint32_t *slot = vet_strmap_get(&ld->overflow, id);
  if (is_empty(rem))
    rem = VET_STR_NULL;
  if (!slot) {
    *out = rem;
    return VET_OK;
  }
  vet_str more = vet_buf_str(&ld->texts[*slot]);
  vet_buf_reset(&ld->buf);
  vet_str t = vet_str_trim(rem);
  bool complete = t.len && t.ptr[t.len - 1] == '.' && utf8_chars(rem) < OFAC_REMARKS_CUT;
  if (vet_buf_append(&ld->buf, rem) || (complete && vet_buf_append_c(&ld->buf, "; ")) ||
      vet_buf_append(&ld->buf, more))
    return VET_ENOMEM;
  *out = vet_buf_str(&ld->buf);
  return VET_OK;
}

static enum vet_schema schema_of(vet_str type)
{
  if (is_empty(type))
    return VET_SCHEMA_ORGANIZATION; /* OFAC leaves the type empty for entities */
  enum vet_schema s = vet_schema_parse(type);
  return s == VET_SCHEMA_UNKNOWN ? VET_SCHEMA_ORGANIZATION : s;
}

/* "DPRK3] [CYBER2" (the outer brackets are already gone) */
static vet_err add_programs(struct vet_listset *ls, struct vet_entity *en, vet_str p)
{
  size_t i = 0;
  while (i < p.len) {
    size_t st = i;
    while (i < p.len && p.ptr[i] != '[' && p.ptr[i] != ']')
      i++;
    vet_err rc = vet_entity_add_program(ls, en, vet_str_sub(p, st, i - st));
    if (rc)
      return rc;
    i++;
  }
  return VET_OK;
}

/* Columns with no place in the entity model stay readable in the remarks. */
static vet_err add_labelled(struct loader *ld, struct vet_entity *en, const char *label, vet_str v)
{
  if (is_empty(v))
    return VET_OK;
  vet_buf_reset(&ld->buf);
  if (vet_buf_append_c(&ld->buf, label) || vet_buf_append(&ld->buf, vet_str_trim(v)))
    return VET_ENOMEM;
  return vet_entity_add_remarks(ld->ls, en, vet_buf_str(&ld->buf));
}

static vet_err on_primary(void *ud, size_t line, vet_str *f, size_t n, struct vet_error *e)
{
  struct loader *ld = ud;
  vet_str id;
  vet_err rc = check_fields(ld, line, n, P_FIELDS, e);
  if (!rc)
    rc = ent_num(ld, line, f[P_ID], &id, e);
  if (rc)
    return rc;
  struct vet_listset *ls = ld->ls;
  struct vet_entity *en = vet_listset_entity(ls, ld->list, id, true);
  if (!en)
    return oom(ld, line, e);
  en->schema = schema_of(f[P_TYPE]);
  vet_str remarks;
  rc = vet_entity_add_name(ls, en, f[P_NAME], VET_NAME_PRIMARY);
  if (!rc)
    rc = add_programs(ls, en, f[P_PROGRAM]);
  if (!rc)
    rc = vet_entity_add_country(ls, en, f[P_FLAG], VET_COUNTRY_JURISDICTION);
  if (!rc)
    rc = vet_entity_add_ident(ls, en, VET_ID_OTHER, f[P_CALLSIGN], f[P_FLAG], VET_STR_NULL);
  if (!rc)
    rc = join_remarks(ld, id, f[P_REMARKS], &remarks);
  if (!rc)
    rc = vet_remarks_apply(ls, en, remarks);
  if (!rc)
    rc = vet_entity_add_remarks(ls, en, remarks); /* remarks may live in ld->buf: use it before add_labelled */
  if (!rc)
    rc = add_labelled(ld, en, "Title: ", f[P_TITLE]);
  if (!rc)
    rc = add_labelled(ld, en, "Call sign: ", f[P_CALLSIGN]);
  if (!rc)
    rc = add_labelled(ld, en, "Vessel type: ", f[P_VTYPE]);
  if (!rc)
    rc = add_labelled(ld, en, "Tonnage: ", f[P_TONNAGE]);
  if (!rc)
    rc = add_labelled(ld, en, "GRT: ", f[P_GRT]);
  if (!rc)
    rc = add_labelled(ld, en, "Vessel flag: ", f[P_FLAG]);
  if (!rc)
    rc = add_labelled(ld, en, "Vessel owner: ", f[P_OWNER]);
  return rc ? oom(ld, line, e) : VET_OK;
}

/* ---- addresses: ent_num, Add_num, Address, City/State/Province/Postal
 *      Code, Country, Add_remarks ---- */

static vet_err on_address(void *ud, size_t line, vet_str *f, size_t n, struct vet_error *e)
{
  struct loader *ld = ud;
  vet_str id;
  vet_err rc = check_fields(ld, line, n, 6, e);
  if (!rc)
    rc = ent_num(ld, line, f[0], &id, e);
  if (rc)
    return rc;
  struct vet_entity *en = vet_listset_entity(ld->ls, ld->list, id, false);
  if (!en)
    return VET_OK; /* orphan: no primary row */
  vet_buf_reset(&ld->buf);
  vet_str street = vet_str_trim(f[2]), city = vet_str_trim(f[3]);
  if (!is_empty(street) && vet_buf_append(&ld->buf, street))
    return oom(ld, line, e);
  if (!is_empty(city) && ((ld->buf.len && vet_buf_append_c(&ld->buf, ", ")) || vet_buf_append(&ld->buf, city)))
    return oom(ld, line, e);
  if (vet_entity_add_address(ld->ls, en, vet_buf_str(&ld->buf), f[4]))
    return oom(ld, line, e);
  return VET_OK;
}

/* ---- aliases: ent_num, alt_num, alt_type, alt_name, alt_remarks ---- */

static vet_err on_alias(void *ud, size_t line, vet_str *f, size_t n, struct vet_error *e)
{
  struct loader *ld = ud;
  vet_str id;
  vet_err rc = check_fields(ld, line, n, 5, e);
  if (!rc)
    rc = ent_num(ld, line, f[0], &id, e);
  if (rc)
    return rc;
  struct vet_entity *en = vet_listset_entity(ld->ls, ld->list, id, true);
  if (!en)
    return oom(ld, line, e);
  if (en->n_names == 0 && en->remarks.len == 0 &&
      vet_entity_add_remarks(ld->ls, en,
                             VET_LIT("no primary record in this edition of the primary file; known from the "
                                     "alias file only (type, programs and identifiers unknown)")))
    return oom(ld, line, e);
  if (vet_entity_add_name(ld->ls, en, f[3], vet_remarks_alias_kind(f[2], f[4])))
    return oom(ld, line, e);
  return VET_OK;
}

/* Read dir/name with fn; a missing optional file is no error. */
static vet_err read_one(struct loader *ld, const char *dir, const char *name, bool required, vet_csv_row_fn fn,
                        struct vet_error *e)
{
  char path[4096];
  if (vet_path_join(path, sizeof path, dir, name))
    return vet_fail(e, VET_ELIMIT, "'%s': path too long", dir);
  if (!vet_path_is_file(path)) {
    if (required)
      return vet_fail(e, VET_EIO, "'%s': no such file", path);
    return VET_OK;
  }
  ld->file = path;
  vet_err rc = vet_csv_read_file(path, VET_LIST_MAX_FILE, NULL, fn, ld, e);
  ld->file = NULL;
  return rc;
}

static void loader_release(struct loader *ld)
{
  for (uint32_t i = 0; i < ld->n_texts; i++)
    vet_buf_release(&ld->texts[i]);
  free(ld->texts);
  vet_strmap_release(&ld->overflow);
  vet_arena_release(&ld->keys);
  vet_buf_release(&ld->buf);
}

vet_err vet_load_ofac_csv(struct vet_listset *ls, uint32_t list, const char *path, struct vet_error *e)
{
  if (!vet_path_is_dir(path))
    return vet_fail(e, VET_EIO, "'%s': not a directory (ofac_csv wants the folder of sdn.csv or cons_prim.csv)",
                    path);
  char probe[4096];
  const struct fileset *fs = NULL;
  if (vet_path_join(probe, sizeof probe, path, sdn_files.prim))
    return vet_fail(e, VET_ELIMIT, "'%s': path too long", path);
  if (vet_path_is_file(probe)) {
    fs = &sdn_files;
  } else {
    if (vet_path_join(probe, sizeof probe, path, cons_files.prim))
      return vet_fail(e, VET_ELIMIT, "'%s': path too long", path);
    if (vet_path_is_file(probe))
      fs = &cons_files;
  }
  if (!fs)
    return vet_fail(e, VET_EIO, "'%s': neither sdn.csv nor cons_prim.csv found", path);

  struct loader ld = {.ls = ls, .list = list};
  vet_strmap_init(&ld.overflow);
  vet_arena_init(&ld.keys, 4096);
  vet_buf_init(&ld.buf, VET_LIST_MAX_FILE);
  vet_err rc = read_one(&ld, path, fs->comments, false, on_comment, e);
  if (!rc)
    rc = read_one(&ld, path, fs->prim, true, on_primary, e);
  if (!rc)
    rc = read_one(&ld, path, fs->alt, false, on_alias, e);
  if (!rc)
    rc = read_one(&ld, path, fs->add, false, on_address, e);
  loader_release(&ld);
  return rc;
}
