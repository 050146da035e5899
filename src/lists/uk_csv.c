/* lists/uk_csv.c - the loader of the UK OFSI Consolidated List CSV
 * ("ConList"): a "Last Updated,dd/mm/yyyy" line, a header, then one row
 * per name of a target, the rows of one target sharing its "Group ID"
 * (not contiguous) and repeating its other data on every row.
 *
 * Columns are found by header name.  Each row gives one name (Name 1..5
 * then Name 6, the surname) and a non-Latin spelling; everything else is
 * entity data, fed to the sink only the first time an entity shows a given
 * value (a hash set of (entity, column, value)), so the 400-row groups cost
 * one pass, not a quadratic one.  Multi-valued cells use "(1) .. (2) .."
 * numbering, which split_numbered() takes apart.  "Other Information"
 * carries labelled facts ("(Gender):Male", "(Email address):..",
 * "(IMO number):..") that become the entity's gender, identifiers and flag. */
#include <stdio.h>

#include "io/csv.h"
#include "lists/loaders.h"
#include "vetter/country.h"
#include "vetter/date.h"

enum col {
  C_NAME1, C_NAME2, C_NAME3, C_NAME4, C_NAME5, C_NAME6,
  C_TITLE, C_NONLATIN, C_DOB, C_TOWN_BIRTH, C_COUNTRY_BIRTH, C_NATIONALITY,
  C_PASSPORT, C_PASSPORT_DETAILS, C_NATID, C_NATID_DETAILS, C_POSITION,
  C_ADDR1, C_ADDR2, C_ADDR3, C_ADDR4, C_ADDR5, C_ADDR6, C_POSTCODE, C_COUNTRY,
  C_OTHER, C_GROUP_TYPE, C_ALIAS_TYPE, C_ALIAS_QUALITY, C_REGIME, C_GROUP_ID,
  C_COUNT
};

static const char *const col_names[C_COUNT] = {
    "Name 1", "Name 2", "Name 3", "Name 4", "Name 5", "Name 6",
    "Title", "Name Non-Latin Script", "DOB", "Town of Birth", "Country of Birth", "Nationality",
    "Passport Number", "Passport Details", "National Identification Number",
    "National Identification Details", "Position",
    "Address 1", "Address 2", "Address 3", "Address 4", "Address 5", "Address 6", "Post/Zip Code", "Country",
    "Other Information", "Group Type", "Alias Type", "Alias Quality", "Regime", "Group ID",
};

/* Pseudo-columns for seen-set keys of derived values. */
enum { K_ADDRESS = C_COUNT };

/* ---- a set of 64-bit keys: "entity e already had this value" ---- */

struct seen {
  uint64_t *slots; /* 0 = empty */
  size_t cap;      /* power of two */
  size_t count;
};

/* Word-at-a-time hash: the long "Other Information" cells repeat on every
 * row of a group, so this runs over most of the file's bytes. */
static uint64_t hash_bytes(vet_str s, uint64_t seed)
{
  const char *p = s.ptr;
  size_t n = s.len;
  uint64_t h = seed ^ ((uint64_t)n * 0x9E3779B97F4A7C15ull);
  while (n >= 8) {
    uint64_t w;
    memcpy(&w, p, 8);
    h = (h ^ w) * 0xff51afd7ed558ccdull;
    h ^= h >> 32;
    p += 8;
    n -= 8;
  }
  uint64_t w = 0;
  if (n)
    memcpy(&w, p, n);
  h = (h ^ w) * 0xc4ceb9fe1a85ec53ull;
  h ^= h >> 29;
  return h;
}

/* true when (entity, col, value) is new; it is then remembered.  -1 on
 * out of memory. */
static int seen_add(struct seen *s, uint32_t entity, int col, vet_str value)
{
  if (s->count * 2 >= s->cap) {
    size_t ncap = s->cap ? s->cap * 2 : 1024;
    uint64_t *ns = calloc(ncap, sizeof *ns);
    if (!ns)
      return -1;
    for (size_t i = 0; i < s->cap; i++) {
      if (!s->slots[i])
        continue;
      size_t j = (size_t)(s->slots[i] ^ (s->slots[i] >> 31)) & (ncap - 1);
      while (ns[j])
        j = (j + 1) & (ncap - 1);
      ns[j] = s->slots[i];
    }
    free(s->slots);
    s->slots = ns;
    s->cap = ncap;
  }
  /* the entity and column are mixed before the value is: xored in
   * plainly, an entity index differing in one byte met a value differing
   * in that byte ("Mr" of one entity was taken for another's) */
  uint64_t seed = ((uint64_t)entity << 8) | (uint64_t)col;
  seed = (seed ^ (seed >> 30)) * 0xbf58476d1ce4e5b9ull;
  seed = (seed ^ (seed >> 27)) * 0x94d049bb133111ebull;
  uint64_t k = hash_bytes(value, seed ^ (seed >> 31));
  if (!k)
    k = 1;
  size_t j = (size_t)(k ^ (k >> 31)) & (s->cap - 1);
  while (s->slots[j]) {
    if (s->slots[j] == k)
      return 0;
    j = (j + 1) & (s->cap - 1);
  }
  s->slots[j] = k;
  s->count++;
  return 1;
}

/* ---- small text helpers ---- */

static bool is_trim_char(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '.' || c == ',' || c == ';'; }

/* Trim white space and list punctuation (". , ;") at both ends. */
static vet_str trim_punct(vet_str s)
{
  while (s.len && is_trim_char(s.ptr[0])) {
    s.ptr++;
    s.len--;
  }
  while (s.len && is_trim_char(s.ptr[s.len - 1]))
    s.len--;
  return s;
}

/* Length of a numbering marker "(1)", "(12)", "(1-3)" at s[i], else 0;
 * *num gets its first number. */
static size_t marker_at(vet_str s, size_t i, unsigned *num)
{
  if (s.ptr[i] != '(')
    return 0;
  size_t j = i + 1;
  unsigned v = 0;
  size_t digits = 0;
  while (j < s.len && vet_is_digit((unsigned char)s.ptr[j]) && digits < 3) {
    v = v * 10 + (unsigned)(s.ptr[j] - '0');
    j++;
    digits++;
  }
  if (!digits)
    return 0;
  if (j < s.len && s.ptr[j] == '-') {
    j++;
    size_t d2 = 0;
    while (j < s.len && vet_is_digit((unsigned char)s.ptr[j]) && d2 < 3) {
      j++;
      d2++;
    }
    if (!d2)
      return 0;
  }
  if (j >= s.len || s.ptr[j] != ')')
    return 0;
  *num = v;
  return j + 1 - i;
}

#define MAX_PARTS 32

struct parts {
  vet_str s[MAX_PARTS];
  unsigned num[MAX_PARTS]; /* the marker's number, 0 when unnumbered */
  int n;
};

/* Split "(1) a (2) b" into its items; text without markers is one item.
 * "(1) to (6) Algeria" gives one item "Algeria" numbered 6. */
static void split_numbered(vet_str s, struct parts *p)
{
  p->n = 0;
  size_t start = 0;
  unsigned cur = 0;
  for (size_t i = 0; i <= s.len; i++) {
    unsigned num = 0;
    size_t m = i < s.len ? marker_at(s, i, &num) : 0;
    if (i < s.len && !m)
      continue;
    vet_str item = trim_punct(vet_str_sub(s, start, i - start));
    if (vet_str_ieq_c(item, "to") || vet_str_eq_c(item, "-"))
      item.len = 0;
    if (item.len && p->n < MAX_PARTS) {
      p->s[p->n] = item;
      p->num[p->n++] = cur;
    }
    if (i == s.len)
      break;
    cur = num;
    start = i + m;
    i += m - 1;
  }
}

/* The item of details numbered num, or the lone unnumbered one. */
static vet_str detail_for(const struct parts *d, unsigned num)
{
  if (d->n == 1 && d->num[0] == 0)
    return d->s[0];
  for (int i = 0; i < d->n; i++)
    if (d->num[i] == num)
      return d->s[i];
  return VET_LIT("");
}

/* ---- the loader ---- */

struct uk {
  struct vet_listset *ls;
  uint32_t list;
  const char *path;
  int col[C_COUNT];      /* field index of each column, -1 when absent */
  bool have_header;
  bool first_row_done;
  struct seen seen;
  struct vet_buf buf;    /* names and addresses being joined */
  struct vet_buf buf2;   /* remarks being prefixed */
  vet_str *f;            /* the current row */
  size_t nf;
};

static vet_str field(const struct uk *u, enum col c)
{
  int i = u->col[c];
  if (i < 0 || (size_t)i >= u->nf)
    return VET_LIT("");
  return vet_str_trim(u->f[i]);
}

static vet_err oom(struct uk *u, size_t line, struct vet_error *e)
{
  return vet_fail(e, VET_ENOMEM, "%s:%zu: out of memory", u->path, line);
}

/* Resolve one country as the list writes it: "Russia", "Iraq (previous
 * address)", "Ukrainian SSR (now Ukraine)", "Former USSR, now Azerbaijan".
 * NULL when it does not resolve. */
static const char *resolve_loose(const struct vet_countries *cs, vet_str raw)
{
  raw = trim_punct(raw);
  if (!raw.len || !cs)
    return NULL;
  const char *code = vet_country_resolve(cs, raw);
  if (code)
    return code;
  size_t at = vet_str_find(raw, "now ", true);
  size_t skip = 4;
  if (at == SIZE_MAX) {
    at = vet_str_find(raw, "currently ", true);
    skip = 10;
  }
  if (at != SIZE_MAX && (at == 0 || !vet_is_ascii_alpha((unsigned char)raw.ptr[at - 1]))) {
    vet_str rest = vet_str_sub(raw, at + skip, raw.len);
    size_t close = vet_str_find(rest, ")", false);
    if (close != SIZE_MAX)
      rest.len = close;
    if ((code = vet_country_resolve(cs, trim_punct(rest))))
      return code;
  }
  size_t open = vet_str_find(raw, "(", false);
  if (open != SIZE_MAX && open > 0)
    return vet_country_resolve(cs, trim_punct(vet_str_sub(raw, 0, open)));
  return NULL;
}

/* Add the countries of one item: one country, or several separated by
 * punctuation ("Estonia, Russia", "Germany. Russia"). */
static vet_err add_country_text(struct uk *u, struct vet_entity *en, vet_str raw, enum vet_country_kind kind)
{
  const struct vet_countries *cs = u->ls->countries;
  const char *code = resolve_loose(cs, raw);
  if (code)
    return vet_entity_add_country(u->ls, en, vet_str_c(code), kind);
  raw = trim_punct(raw);
  size_t st = 0;
  vet_err rc = VET_OK;
  for (size_t i = 0; i <= raw.len && !rc; i++) {
    if (i < raw.len && raw.ptr[i] != ',' && raw.ptr[i] != '.' && raw.ptr[i] != ';' && raw.ptr[i] != '/')
      continue;
    vet_str part = trim_punct(vet_str_sub(raw, st, i - st));
    st = i + 1;
    if (!part.len || part.len == raw.len)
      continue;
    const char *c = resolve_loose(cs, part);
    if (c)
      rc = vet_entity_add_country(u->ls, en, vet_str_c(c), kind);
  }
  return rc;
}

static vet_err add_countries(struct uk *u, struct vet_entity *en, vet_str raw, enum vet_country_kind kind)
{
  struct parts p;
  split_numbered(raw, &p);
  vet_err rc = VET_OK;
  for (int i = 0; i < p.n && !rc; i++)
    rc = add_country_text(u, en, p.s[i], kind);
  return rc;
}

/* Appends "label: text" to the remarks. */
static vet_err add_remark(struct uk *u, struct vet_entity *en, const char *label, vet_str text)
{
  text = vet_str_trim(text);
  if (!text.len)
    return VET_OK;
  if (!label)
    return vet_entity_add_remarks(u->ls, en, text);
  vet_buf_reset(&u->buf2);
  vet_err rc = vet_buf_append_c(&u->buf2, label);
  if (!rc)
    rc = vet_buf_append_c(&u->buf2, ": ");
  if (!rc)
    rc = vet_buf_append(&u->buf2, text);
  if (rc == VET_ELIMIT)
    return vet_entity_add_remarks(u->ls, en, text);
  return rc ? rc : vet_entity_add_remarks(u->ls, en, vet_buf_str(&u->buf2));
}

/* Add a name; a "Primary name" becomes the primary unless the entity has
 * one (a group may list several), and promotes an equal spelling that an
 * earlier row brought in as a variation. */
static vet_err add_name(struct uk *u, struct vet_entity *en, vet_str text, enum vet_name_kind kind)
{
  text = vet_str_trim(text);
  if (!text.len)
    return VET_OK;
  bool has_primary = en->n_names && en->names[0].kind == VET_NAME_PRIMARY;
  if (kind == VET_NAME_PRIMARY && has_primary)
    kind = VET_NAME_ALIAS;
  if (kind == VET_NAME_PRIMARY) {
    for (uint32_t i = 0; i < en->n_names; i++)
      if (vet_str_eq(en->names[i].text, text)) {
        struct vet_name t = en->names[i];
        t.kind = VET_NAME_PRIMARY;
        en->names[i] = en->names[0];
        en->names[0] = t;
        return VET_OK;
      }
  }
  return vet_entity_add_name(u->ls, en, text, kind);
}

static enum vet_name_kind name_kind(vet_str type, vet_str quality)
{
  bool low = vet_str_istarts_with(quality, "low");
  if (vet_str_ieq_c(type, "Primary name"))
    return VET_NAME_PRIMARY;
  if (vet_str_ieq_c(type, "FKA"))
    return VET_NAME_FORMER;
  return low ? VET_NAME_WEAK_ALIAS : VET_NAME_ALIAS;
}

/* The kind of a numbered identifier, from its label and details. */
static enum vet_id_kind id_kind(enum vet_id_kind dflt, vet_str number, vet_str details)
{
  static const char *const tax[] = {"tax", "TIN", "INN", "fiscal", "NIF", "VAT"};
  for (size_t i = 0; i < VET_COUNTOF(tax); i++) {
    bool icase = tax[i][0] >= 'a';
    size_t a = vet_str_find(number, tax[i], icase), b = vet_str_find(details, tax[i], icase);
    if (a != SIZE_MAX || b != SIZE_MAX)
      return VET_ID_TAX_ID;
  }
  return dflt;
}

/* The country a document's details name first: "Qatar. Expiring ..",
 * "(Afghan). Issued ..", "Russian Passport, Expiry ..". */
static vet_str detail_country(const struct uk *u, vet_str details)
{
  if (!u->ls->countries || !details.len)
    return VET_LIT("");
  vet_str d = details;
  while (d.len && (d.ptr[0] == '(' || d.ptr[0] == ' ')) {
    d.ptr++;
    d.len--;
  }
  size_t end = 0;
  while (end < d.len && d.ptr[end] != '.' && d.ptr[end] != ',' && d.ptr[end] != ')' && d.ptr[end] != ';')
    end++;
  vet_str first = vet_str_trim(vet_str_sub(d, 0, end));
  const char *c = vet_country_resolve(u->ls->countries, first);
  if (!c) { /* first word: "Russian Passport" */
    size_t sp = vet_str_find(first, " ", false);
    if (sp != SIZE_MAX)
      c = vet_country_resolve(u->ls->countries, vet_str_sub(first, 0, sp));
  }
  return c ? vet_str_c(c) : VET_LIT("");
}

/* "Taxpayer No. 184101937739" -> "184101937739" */
static vet_str strip_number_label(vet_str v)
{
  size_t at = vet_str_find(v, "No.", true);
  if (at != SIZE_MAX)
    v = vet_str_trim(vet_str_sub(v, at + 3, v.len));
  return v;
}

static vet_err add_documents(struct uk *u, struct vet_entity *en, vet_str numbers, vet_str details,
                             enum vet_id_kind dflt, const char *label)
{
  struct parts pn, pd;
  split_numbered(numbers, &pn);
  split_numbered(details, &pd);
  vet_err rc = VET_OK;
  for (int i = 0; i < pn.n && !rc; i++) {
    vet_str det = detail_for(&pd, pn.num[i]);
    enum vet_id_kind kind = id_kind(dflt, pn.s[i], det);
    rc = vet_entity_add_ident(u->ls, en, kind, strip_number_label(pn.s[i]), detail_country(u, det), VET_LIT(""));
  }
  if (!rc && details.len)
    rc = add_remark(u, en, label, details);
  return rc;
}

/* Split a cell of e-mails, websites or phones into its values. */
static vet_err add_contacts(struct uk *u, struct vet_entity *en, vet_str v, enum vet_id_kind kind)
{
  struct parts p;
  split_numbered(v, &p);
  vet_err rc = VET_OK;
  for (int i = 0; i < p.n && !rc; i++) {
    vet_str s = p.s[i];
    size_t st = 0;
    for (size_t j = 0; j <= s.len && !rc; j++) {
      bool sep;
      if (j == s.len)
        sep = true;
      else if (kind == VET_ID_PHONE) /* "+7 929 5818485" keeps its spaces; ". " separates */
        sep = s.ptr[j] == ',' || s.ptr[j] == ';' || (s.ptr[j] == '.' && (j + 1 == s.len || s.ptr[j + 1] == ' '));
      else
        sep = s.ptr[j] == ' ' || s.ptr[j] == ',' || s.ptr[j] == ';';
      if (!sep)
        continue;
      vet_str tok = trim_punct(vet_str_sub(s, st, j - st));
      st = j + 1;
      if (!tok.len)
        continue;
      if (kind == VET_ID_EMAIL && vet_str_find(tok, "@", false) == SIZE_MAX)
        continue;
      if (kind == VET_ID_WEBSITE && vet_str_find(tok, ".", false) == SIZE_MAX)
        continue;
      rc = vet_entity_add_ident(u->ls, en, kind, tok, VET_LIT(""), VET_LIT(""));
    }
  }
  return rc;
}

/* "(1) BR: 69987857 (2) CR: 2756979", "Russian TIN: 7718763393", "TIN - 77031" */
static vet_err add_business_regs(struct uk *u, struct vet_entity *en, vet_str v)
{
  struct parts p;
  split_numbered(v, &p);
  vet_err rc = VET_OK;
  for (int i = 0; i < p.n && !rc; i++) {
    vet_str s = p.s[i], label = VET_LIT("");
    for (size_t j = s.len; j > 0; j--)
      if (s.ptr[j - 1] == ':' || (s.ptr[j - 1] == '-' && j >= 2 && s.ptr[j - 2] == ' ')) {
        label = vet_str_sub(s, 0, j - 1);
        s = vet_str_trim(vet_str_sub(s, j, s.len));
        break;
      }
    rc = vet_entity_add_ident(u->ls, en, id_kind(VET_ID_REGISTRATION, label, VET_LIT("")), s, VET_LIT(""),
                              VET_LIT(""));
  }
  return rc;
}

/* "(UK Sanctions List Ref):DPR0100. text (IMO number):7408873 (Flag of
 * ship):North Korea (Gender):Male": walk the "(Label):" markers. */
static vet_err add_other_info(struct uk *u, struct vet_entity *en, vet_str s)
{
  vet_err rc = vet_entity_add_remarks(u->ls, en, s);
  vet_str label = VET_LIT("");
  size_t val_start = 0;
  for (size_t i = 0; i <= s.len && !rc; i++) {
    bool end = i == s.len;
    size_t open = SIZE_MAX;
    if (!end) {
      if (s.ptr[i] != ')' || i + 1 >= s.len || s.ptr[i + 1] != ':')
        continue;
      for (size_t j = i; j > 0; j--) {
        if (s.ptr[j - 1] == ')')
          break;
        if (s.ptr[j - 1] == '(') {
          open = j - 1;
          break;
        }
      }
      if (open == SIZE_MAX || open + 1 == i || !vet_is_ascii_alpha((unsigned char)s.ptr[open + 1]))
        continue;
    }
    if (label.len) {
      vet_str v = trim_punct(vet_str_sub(s, val_start, (end ? s.len : open) - val_start));
      if (vet_str_ieq_c(label, "Gender")) {
        if (!en->gender && vet_str_istarts_with(v, "female"))
          en->gender = 'F';
        else if (!en->gender && vet_str_istarts_with(v, "male"))
          en->gender = 'M';
      } else if (vet_str_ieq_c(label, "Email address")) {
        rc = add_contacts(u, en, v, VET_ID_EMAIL);
      } else if (vet_str_ieq_c(label, "Website")) {
        rc = add_contacts(u, en, v, VET_ID_WEBSITE);
      } else if (vet_str_ieq_c(label, "Phone number") || vet_str_ieq_c(label, "Tel")) {
        rc = add_contacts(u, en, v, VET_ID_PHONE);
      } else if (vet_str_ieq_c(label, "Business Reg No")) {
        rc = add_business_regs(u, en, v);
      } else if (vet_str_ieq_c(label, "IMO number") && v.len) {
        vet_buf_reset(&u->buf2);
        rc = vet_buf_append_c(&u->buf2, "IMO ");
        if (!rc)
          rc = vet_buf_append(&u->buf2, v);
        if (!rc)
          rc = vet_entity_add_ident(u->ls, en, VET_ID_REGISTRATION, vet_buf_str(&u->buf2), VET_LIT(""),
                                    VET_LIT(""));
        if (rc == VET_ELIMIT)
          rc = VET_OK;
      } else if (vet_str_ieq_c(label, "Flag of ship")) {
        rc = add_country_text(u, en, v, VET_COUNTRY_JURISDICTION);
      }
    }
    if (end)
      break;
    label = vet_str_sub(s, open + 1, i - open - 1);
    val_start = i + 2;
  }
  return rc;
}

/* Address 1..6 and the post code joined by ", ", with the Country cell. */
static vet_err add_address(struct uk *u, struct vet_entity *en, uint32_t idx)
{
  vet_buf_reset(&u->buf);
  vet_err rc = vet_buf_append_c(&u->buf, "");
  for (int c = C_ADDR1; c <= C_POSTCODE && !rc; c++) {
    vet_str v = trim_punct(field(u, (enum col)c));
    if (!v.len)
      continue;
    if (u->buf.len)
      rc = vet_buf_append_c(&u->buf, ", ");
    if (!rc)
      rc = vet_buf_append(&u->buf, v);
  }
  if (rc)
    return rc;
  vet_str country = field(u, C_COUNTRY);
  if (!u->buf.len && !country.len)
    return VET_OK;
  /* the key covers the text and the country: the same street may be listed under two countries */
  vet_err rc2 = vet_buf_append_c(&u->buf, "\x1f");
  if (!rc2)
    rc2 = vet_buf_append(&u->buf, country);
  if (rc2)
    return rc2;
  int isnew = seen_add(&u->seen, idx, K_ADDRESS, vet_buf_str(&u->buf));
  if (isnew <= 0)
    return isnew < 0 ? VET_ENOMEM : VET_OK;
  vet_str text = vet_str_sub(vet_buf_str(&u->buf), 0, u->buf.len - country.len - 1);
  /* resolve "Iraq (previous address)" and the like; the sink adds the country */
  struct parts p;
  split_numbered(country, &p);
  const char *code = NULL;
  for (int i = 0; i < p.n && !code; i++)
    code = resolve_loose(u->ls->countries, p.s[i]);
  if (!code && country.len) { /* unresolved ("Moscow"): keep the text so that nothing is lost */
    vet_buf_reset(&u->buf2);
    rc = vet_buf_append_c(&u->buf2, "");
    if (!rc && text.len) {
      rc = vet_buf_append(&u->buf2, text);
      if (!rc)
        rc = vet_buf_append_c(&u->buf2, ", ");
    }
    if (!rc)
      rc = vet_buf_append(&u->buf2, country);
    return rc ? rc : vet_entity_add_address(u->ls, en, vet_buf_str(&u->buf2), VET_LIT(""));
  }
  return vet_entity_add_address(u->ls, en, text, code ? vet_str_c(code) : VET_LIT(""));
}

/* true the first time this entity shows v in column key; *rc gets
 * VET_ENOMEM when the set cannot grow. */
static bool once(struct uk *u, uint32_t idx, int key, vet_str v, vet_err *rc)
{
  if (*rc || !v.len)
    return false;
  int r = seen_add(&u->seen, idx, key, v);
  if (r < 0)
    *rc = VET_ENOMEM;
  return r > 0;
}

static vet_err set_list_date(struct uk *u, vet_str raw, size_t line, struct vet_error *e)
{
  struct vet_date d;
  if (vet_date_parse(raw, &d) || !d.day)
    return vet_fail(e, VET_EPARSE, "%s:%zu: field 'Last Updated': bad date '%.*s'", u->path, line,
                    VET_STR_FMT(vet_str_sub(raw, 0, 40)));
  char buf[32];
  vet_date_format(&d, buf, sizeof buf);
  if (vet_listset_set_date(u->ls, u->list, vet_str_c(buf)))
    return oom(u, line, e);
  return VET_OK;
}

static vet_err on_header(struct uk *u, size_t line, vet_str *f, size_t n, struct vet_error *e)
{
  for (int c = 0; c < C_COUNT; c++)
    u->col[c] = -1;
  for (size_t i = 0; i < n; i++) {
    vet_str h = vet_str_trim(f[i]);
    for (int c = 0; c < C_COUNT; c++)
      if (u->col[c] < 0 && vet_str_ieq_c(h, col_names[c]))
        u->col[c] = (int)i;
  }
  static const enum col required[] = {C_NAME6, C_GROUP_ID, C_GROUP_TYPE};
  for (size_t i = 0; i < VET_COUNTOF(required); i++)
    if (u->col[required[i]] < 0)
      return vet_fail(e, VET_EPARSE, "%s:%zu: header has no '%s' column", u->path, line, col_names[required[i]]);
  u->have_header = true;
  return VET_OK;
}

static vet_err on_entity_row(struct uk *u, size_t line, struct vet_error *e)
{
  vet_str gid = field(u, C_GROUP_ID);
  if (!gid.len)
    return vet_fail(e, VET_EPARSE, "%s:%zu: field 'Group ID': empty", u->path, line);
  struct vet_listset *ls = u->ls;
  struct vet_entity *en = vet_listset_entity(ls, u->list, gid, true);
  if (!en)
    return oom(u, line, e);
  uint32_t idx = (uint32_t)(en - ls->entities);
  if (en->schema == VET_SCHEMA_UNKNOWN)
    en->schema = vet_schema_parse(field(u, C_GROUP_TYPE));

  /* the row's name: given names then the surname */
  vet_buf_reset(&u->buf);
  vet_err rc = VET_OK;
  static const enum col order[] = {C_NAME1, C_NAME2, C_NAME3, C_NAME4, C_NAME5, C_NAME6};
  for (size_t i = 0; i < VET_COUNTOF(order) && !rc; i++) {
    vet_str p = field(u, order[i]);
    if (!p.len)
      continue;
    if (u->buf.len)
      rc = vet_buf_putc(&u->buf, ' ');
    if (!rc)
      rc = vet_buf_append(&u->buf, p);
  }
  if (rc == VET_ELIMIT)
    return vet_fail(e, VET_ELIMIT, "%s:%zu: name too long", u->path, line);
  enum vet_name_kind kind = name_kind(field(u, C_ALIAS_TYPE), field(u, C_ALIAS_QUALITY));
  if (!rc)
    rc = add_name(u, en, vet_buf_str(&u->buf), kind);
  if (!rc)
    rc = add_name(u, en, field(u, C_NONLATIN), kind == VET_NAME_PRIMARY ? VET_NAME_ALIAS : kind);

  /* entity data, once per distinct value */
#define ONCE(c) once(u, idx, (c), field(u, (c)), &rc)
  if (ONCE(C_REGIME))
    rc = vet_entity_add_program(ls, en, field(u, C_REGIME));
  if (ONCE(C_DOB)) {
    struct parts p;
    split_numbered(field(u, C_DOB), &p);
    for (int i = 0; i < p.n && !rc; i++) {
      struct vet_date d;
      if (vet_date_parse(p.s[i], &d) == VET_OK)
        rc = vet_entity_add_date(ls, en, &d);
    }
  }
  if (ONCE(C_NATIONALITY))
    rc = add_countries(u, en, field(u, C_NATIONALITY), VET_COUNTRY_NATIONALITY);
  if (ONCE(C_COUNTRY_BIRTH))
    rc = add_countries(u, en, field(u, C_COUNTRY_BIRTH), VET_COUNTRY_BIRTH);
  if (ONCE(C_TOWN_BIRTH))
    rc = add_remark(u, en, "Town of birth", field(u, C_TOWN_BIRTH));
  if (ONCE(C_TITLE))
    rc = add_remark(u, en, "Title", field(u, C_TITLE));
  if (ONCE(C_POSITION))
    rc = add_remark(u, en, "Position", field(u, C_POSITION));
  bool pass_new = ONCE(C_PASSPORT);
  if ((ONCE(C_PASSPORT_DETAILS) || pass_new) && !rc)
    rc = add_documents(u, en, field(u, C_PASSPORT), field(u, C_PASSPORT_DETAILS), VET_ID_PASSPORT,
                       "Passport details");
  bool id_new = ONCE(C_NATID);
  if ((ONCE(C_NATID_DETAILS) || id_new) && !rc)
    rc = add_documents(u, en, field(u, C_NATID), field(u, C_NATID_DETAILS), VET_ID_NATIONAL_ID,
                       "National identification details");
  if (ONCE(C_OTHER))
    rc = add_other_info(u, en, field(u, C_OTHER));
#undef ONCE
  if (!rc)
    rc = add_address(u, en, idx);
  if (rc == VET_ELIMIT)
    return vet_fail(e, VET_ELIMIT, "%s:%zu: field too long", u->path, line);
  if (rc)
    return oom(u, line, e);
  return VET_OK;
}

static vet_err on_row(void *ud, size_t line, vet_str *f, size_t n, struct vet_error *e)
{
  struct uk *u = ud;
  u->f = f;
  u->nf = n;
  if (!u->first_row_done) {
    u->first_row_done = true;
    if (n >= 2 && vet_str_ieq_c(vet_str_trim(f[0]), "Last Updated"))
      return set_list_date(u, f[1], line, e);
  }
  if (!u->have_header) {
    if (n < 2)
      return vet_fail(e, VET_EPARSE, "%s:%zu: expected the header line", u->path, line);
    return on_header(u, line, f, n, e);
  }
  return on_entity_row(u, line, e);
}

vet_err vet_load_uk_csv(struct vet_listset *ls, uint32_t list, const char *path, struct vet_error *e)
{
  struct uk u = {.ls = ls, .list = list, .path = path};
  vet_buf_init(&u.buf, 256u << 10);
  vet_buf_init(&u.buf2, 256u << 10);
  uint32_t first = ls->n_entities;
  struct vet_csv_opts o = {.max_fields = 64};
  vet_err rc = vet_csv_read_file(path, VET_LIST_MAX_FILE, &o, on_row, &u, e);
  if (!rc && !u.have_header)
    rc = vet_fail(e, VET_EPARSE, "%s: no header line", path);
  /* a group listed only by "Primary name variation" rows: its first name leads */
  for (uint32_t i = first; !rc && i < ls->n_entities; i++) {
    struct vet_entity *en = &ls->entities[i];
    if (en->list == list && en->n_names && en->names[0].kind != VET_NAME_PRIMARY)
      en->names[0].kind = VET_NAME_PRIMARY;
  }
  free(u.seen.slots);
  vet_buf_release(&u.buf);
  vet_buf_release(&u.buf2);
  return rc;
}
