/* genpop/ident.c - generated identities for vetter-genpop: people (names
 * from the pools of their nationality, birth dates, cities), and what a
 * profile says about them: e-mail addresses, phone numbers in the
 * national plan, postal addresses, bank and wallet payout accounts with
 * valid check digits (IBAN, ABA, CLABE, CBU, NUBAN, Luhn), handles and
 * profile texts.
 * Owns: the process-wide registry of the mailboxes and handles given so
 * far (they are unique, as a mail provider or GitHub makes them); the rest
 * is written into caller buffers.
 * Thread-safety: one thread at a time (the registry is shared). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/common.h"
#include "genpop.h"

/* ---- name pool entries ----------------------------------------------------- */

/* Copy part `idx` (0, 1) of s split at sep into out; the whole of s when
 * it has no sep. */
static void part(const char *s, size_t len, char sep, int idx, char *out, size_t cap)
{
  const char *cut = memchr(s, sep, len);
  const char *b = s;
  size_t n = len;
  if (cut) {
    if (idx == 0) {
      n = (size_t)(cut - s);
    } else {
      b = cut + 1;
      n = len - (size_t)(b - s);
    }
  }
  if (n >= cap)
    n = cap - 1;
  memcpy(out, b, n);
  out[n] = 0;
}

/* The Latin (native false) or native form of a pool entry, in its female
 * form when the entry is gendered and female is set.  "" when the entry
 * has no native form. */
static void entry_form(const char *entry, bool female, bool native, char *out, size_t cap)
{
  char side[128];
  const char *bar = strchr(entry, '|');
  if (native && !bar) {
    out[0] = 0;
    return;
  }
  part(entry, strlen(entry), '|', native ? 1 : 0, side, sizeof side);
  part(side, strlen(side), '/', female ? 1 : 0, out, cap);
}

void gp_person_rename(struct gp_person *p)
{
  if (p->family_first)
    snprintf(p->full, sizeof p->full, "%s %s", p->surname, p->given);
  else if (p->middle[0])
    snprintf(p->full, sizeof p->full, "%s %s %s", p->given, p->middle, p->surname);
  else
    snprintf(p->full, sizeof p->full, "%s %s", p->given, p->surname);
}

/* Share of East Asian profiles that write the family name first in Latin
 * script; Vietnamese names are always written that way. */
#define FAMILY_FIRST_SHARE 0.4
/* Share of Western profiles that show a middle name or initial. */
#define MIDDLE_NAME_SHARE 0.25

void gp_person_make(struct rng *r, struct gp_person *p, const struct gp_country *nat,
                    const struct gp_country *res, int sex, int min_age, int max_age)
{
  memset(p, 0, sizeof *p);
  const struct gp_names *n = nat->names;
  p->nat = nat;
  p->res = res;
  p->city = &res->cities[rng_below(r, (uint32_t)res->n_cities)];
  p->sex = sex == 'M' || sex == 'F' ? (char)sex : (rng_chance(r, 0.5) ? 'F' : 'M');
  bool f = p->sex == 'F';
  const char *g = f ? n->female[rng_below(r, (uint32_t)n->n_female)] : n->male[rng_below(r, (uint32_t)n->n_male)];
  const char *s = n->surnames[rng_below(r, (uint32_t)n->n_surnames)];
  entry_form(g, f, false, p->given, sizeof p->given);
  entry_form(g, f, true, p->given_nat, sizeof p->given_nat);
  entry_form(s, f, false, p->surname, sizeof p->surname);
  entry_form(s, f, true, p->surname_nat, sizeof p->surname_nat);
  if (n == &gp_names_vn)
    p->family_first = true;
  else if (n->flags & NAMES_FAMILY_FIRST)
    p->family_first = rng_chance(r, FAMILY_FIRST_SHARE);
  if ((n->flags & NAMES_MIDDLE) && rng_chance(r, MIDDLE_NAME_SHARE)) {
    const char *m = f ? n->female[rng_below(r, (uint32_t)n->n_female)] : n->male[rng_below(r, (uint32_t)n->n_male)];
    char mid[48];
    entry_form(m, f, false, mid, sizeof mid);
    if (strcmp(mid, p->given) != 0) {
      if (rng_chance(r, 0.5))
        snprintf(p->middle, sizeof p->middle, "%c.", mid[0]);
      else
        gp_copy(p->middle, sizeof p->middle, mid);
    }
  }
  int age = rng_range(r, min_age, max_age);
  p->by = GP_NOW_Y - age;
  p->bm = rng_range(r, 1, 12);
  p->bd = rng_range(r, 1, 28);
  gp_person_rename(p);
}

/* ---- patterns, hex, countries -------------------------------------------- */

void gp_fill(struct rng *r, char *out, size_t cap, const char *pattern)
{
  /* pick one of the '|'-separated alternatives */
  size_t n_alt = 1;
  for (const char *q = pattern; *q; q++)
    n_alt += *q == '|';
  uint32_t k = rng_below(r, (uint32_t)n_alt);
  const char *b = pattern;
  while (k-- > 0)
    b = strchr(b, '|') + 1;
  size_t o = 0;
  for (const char *q = b; *q && *q != '|' && o + 1 < cap; q++) {
    static const char alnum[] = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789";
    char c = *q;
    if (c == '#')
      c = (char)('0' + rng_below(r, 10));
    else if (c == '%')
      c = (char)('2' + rng_below(r, 8));
    else if (c == '@')
      c = (char)('A' + rng_below(r, 26));
    else if (c == '*')
      c = alnum[rng_below(r, sizeof alnum - 1)];
    out[o++] = c;
  }
  out[o] = 0;
}

void gp_hex(struct rng *r, char *out, int digits)
{
  static const char hex[] = "0123456789abcdef";
  uint64_t v = rng_next(r);
  for (int i = 0; i < digits; i++) {
    if (i == 16)
      v = rng_next(r);
    out[i] = hex[v & 15];
    v >>= 4;
  }
  out[digits] = 0;
}

/* How profiles write a country: mostly the alpha-2 code, sometimes the
 * name, the alpha-3 code or a local spelling, as real inputs vary. */
const char *gp_country_form(struct rng *r, const struct gp_country *c)
{
  double u = rng_unit(r);
  if (u < 0.55)
    return c->a2;
  if (u < 0.80)
    return c->name;
  if (u < 0.92 || !c->alt)
    return c->a3;
  return c->alt;
}

/* ---- ASCII folding --------------------------------------------------------- */

/* Latin-1 letters U+00C0-U+00FF and Latin Extended-A U+0100-U+017F to one
 * ASCII letter; '?' marks the ones that take two (handled below). */
static const char latin1[] = "AAAAAA?CEEEEIIIIDNOOOOO?OUUUUY??aaaaaa?ceeeeiiiidnooooo?ouuuuy?y";
static const char ext_a1[] = "AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIi";  /* U+0100-U+0131 */
static const char ext_a2[] = "JjKkkLlLlLlLlLlNnNnNnnNnOoOoOo";                      /* U+0134-U+0151 */
static const char ext_a3[] = "RrRrRrSsSsSsSsTtTtTtUuUuUuUuUuUuWwYyYZzZzZzs";        /* U+0154-U+017F */

/* Fold one code point to ASCII; icao spells Ä Ö Ü as AE OE UE and Å as
 * AA (ICAO 9303 part 3 transliteration), else they lose the diacritic.
 * Returns "" for characters without a Latin reading. */
static const char *fold_cp(int32_t c, bool icao, char buf[3])
{
  buf[1] = buf[2] = 0;
  if (c < 0x80) {
    buf[0] = (char)c;
    return buf;
  }
  switch (c) {
  case 0xC4: return icao ? "AE" : "A";
  case 0xD6: return icao ? "OE" : "O";
  case 0xDC: return icao ? "UE" : "U";
  case 0xE4: return icao ? "ae" : "a";
  case 0xF6: return icao ? "oe" : "o";
  case 0xFC: return icao ? "ue" : "u";
  case 0xC5: return icao ? "AA" : "A";
  case 0xE5: return icao ? "aa" : "a";
  case 0xC6: return "AE";
  case 0xE6: return "ae";
  case 0xDE: return "TH";
  case 0xFE: return "th";
  case 0xDF: return "ss";
  case 0x132: return "IJ";
  case 0x133: return "ij";
  case 0x152: return "OE";
  case 0x153: return "oe";
  case 0x1A0: return "O";
  case 0x1A1: return "o";
  case 0x1AF: return "U";
  case 0x1B0: return "u";
  case 0x218: return "S";
  case 0x219: return "s";
  case 0x21A: return "T";
  case 0x21B: return "t";
  default: break;
  }
  buf[0] = '?'; /* stays when no table below has the letter */
  if (c >= 0xC0 && c <= 0xFF)
    buf[0] = latin1[c - 0xC0];
  else if (c >= 0x100 && c <= 0x131)
    buf[0] = ext_a1[c - 0x100];
  else if (c >= 0x134 && c <= 0x151)
    buf[0] = ext_a2[c - 0x134];
  else if (c >= 0x154 && c <= 0x17F)
    buf[0] = ext_a3[c - 0x154];
  else if (c >= 0x1EA0 && c <= 0x1EF9) { /* Vietnamese letters with two marks */
    static const struct { int32_t hi; char upper; } viet[] = {
        {0x1EB7, 'A'}, {0x1EC7, 'E'}, {0x1ECB, 'I'}, {0x1EE3, 'O'}, {0x1EF1, 'U'}, {0x1EF9, 'Y'}};
    for (size_t i = 0; i < VET_COUNTOF(viet); i++)
      if (c <= viet[i].hi) {
        buf[0] = (c & 1) ? (char)vet_lower(viet[i].upper) : viet[i].upper;
        break;
      }
  } else
    return "";
  if (buf[0] == '?')
    return "";
  return buf;
}

/* Fold UTF-8 s to ASCII into out (letters, digits, space, '-', '\'' kept). */
void gp_ascii(const char *s, bool icao, char *out, size_t cap)
{
  vet_str in = vet_str_c(s);
  size_t i = 0, o = 0;
  while (i < in.len && o + 3 < cap) {
    int32_t c = vet_utf8_next(in, &i);
    if (c < 0)
      continue;
    char buf[3];
    const char *f = fold_cp(c, icao, buf);
    for (; *f && o + 1 < cap; f++)
      out[o++] = *f;
  }
  out[o] = 0;
}

/* Lower-case letters and digits only ("O'Brien" -> "obrien"). */
static void mailpart(const char *s, char *out, size_t cap)
{
  char a[128];
  gp_ascii(s, false, a, sizeof a);
  size_t o = 0;
  for (const char *q = a; *q && o + 1 < cap; q++)
    if (vet_is_alnum((unsigned char)*q))
      out[o++] = (char)vet_lower((unsigned char)*q);
  out[o] = 0;
}

/* ---- uniqueness ----------------------------------------------------------------
 * Two people never get one mailbox or one handle: a provider refuses a
 * taken name, so people add digits.  Without this, a million generated
 * workers drawn from finite name pools share thousands of mailboxes
 * ("j.li@outlook.com"), which the linking rightly reads as one person
 * behind several accounts.  A taken name gets the smallest number from 2
 * that makes it free (no random draw, so the other fields stay as they
 * were).  The registry holds 64-bit hashes of the canonical forms (Gmail:
 * dots and a +tag do not count); a hash collision only adds a number. */
struct used {
  uint64_t *slot; /* 0: empty */
  size_t cap, n;
};
static struct used used_names;

static uint64_t name_hash(const char *s)
{
  uint64_t h = 14695981039346656037ull;
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 1099511628211ull;
  return h ? h : 1;
}

/* Mark h used; false when it already was (or memory ran out: then names
 * may repeat, as before). */
static bool use_name(uint64_t h)
{
  struct used *u = &used_names;
  if (2 * (u->n + 1) > u->cap) {
    size_t cap = u->cap ? 2 * u->cap : 1u << 16;
    uint64_t *slot = calloc(cap, sizeof *slot);
    if (!slot)
      return true;
    for (size_t i = 0; i < u->cap; i++)
      if (u->slot[i])
        for (size_t j = u->slot[i] & (cap - 1);; j = (j + 1) & (cap - 1))
          if (!slot[j]) {
            slot[j] = u->slot[i];
            break;
          }
    free(u->slot);
    u->slot = slot;
    u->cap = cap;
  }
  for (size_t j = h & (u->cap - 1);; j = (j + 1) & (u->cap - 1)) {
    if (u->slot[j] == h)
      return false;
    if (!u->slot[j]) {
      u->slot[j] = h;
      u->n++;
      return true;
    }
  }
}

/* The canonical form of a mailbox local part at dom, lower case: Gmail
 * ignores dots. */
static void mail_key(const char *local, const char *dom, char *out, size_t cap)
{
  bool gmail = strcmp(dom, "gmail.com") == 0 || strcmp(dom, "googlemail.com") == 0;
  size_t n = 0;
  for (const char *c = local; *c && n + 1 < cap; c++)
    if (!(gmail && *c == '.'))
      out[n++] = (char)((*c >= 'A' && *c <= 'Z') ? *c + 32 : *c);
  snprintf(out + n, cap - n, "@%s", gmail ? "gmail.com" : dom);
}

/* Make local@dom (local: room for cap) a mailbox nobody has yet. */
static void unique_local(char *local, size_t cap, const char *dom)
{
  size_t len = strlen(local);
  char key[256];
  mail_key(local, dom, key, sizeof key);
  for (unsigned k = 2; !use_name(name_hash(key)) && k < 100000; k++) {
    snprintf(local + len, cap - len, "%u", k);
    mail_key(local, dom, key, sizeof key);
  }
}

/* An address nobody has yet: two households at one address are rare,
 * while finite pools of streets and numbers repeat thousands of times over
 * a million people.  A taken one gets a unit number (people sharing a
 * house on purpose, a family or a ring, copy one address instead). */
static void unique_address(char *a, size_t cap)
{
  size_t len = strlen(a);
  char key[256];
  for (unsigned k = 2;; k++) {
    snprintf(key, sizeof key, "@addr:%s", a);
    for (char *c = key; *c; c++)
      *c = (char)((*c >= 'A' && *c <= 'Z') ? *c + 32 : *c);
    if (use_name(name_hash(key)) || k >= 100000)
      break;
    snprintf(a + len, cap - len, ", Unit %u", k);
  }
}

/* The same for a handle (GitHub, LinkedIn, websites), case-folded. */
static void unique_handle(char *h, size_t cap)
{
  size_t len = strlen(h);
  char key[160];
  for (unsigned k = 2;; k++) {
    snprintf(key, sizeof key, "@handle:%s", h);
    for (char *c = key; *c; c++)
      *c = (char)((*c >= 'A' && *c <= 'Z') ? *c + 32 : *c);
    if (use_name(name_hash(key)) || k >= 100000)
      break;
    snprintf(h + len, cap - len, "%u", k);
  }
}

/* ---- addresses --------------------------------------------------------------- */

void gp_address(struct rng *r, const struct gp_country *c, const struct gp_city *city, char *out, size_t cap)
{
  char postal[24] = "";
  if (city->postal && city->postal[0])
    gp_fill(r, postal, sizeof postal, city->postal);
  const char *street = c->streets[rng_below(r, (uint32_t)c->n_streets)];
  int num = rng_range(r, 1, 40) * (rng_chance(r, 0.5) ? 1 : rng_range(r, 1, 60));
  switch (c->addr) {
  case ADDR_NUM_STREET:
    if (rng_chance(r, 0.3))
      snprintf(out, cap, "%d %s, Apt %d, %s, %s %s", num, street, rng_range(r, 1, 40) * 10 + rng_range(r, 1, 9),
               city->name, city->region ? city->region : "", postal);
    else
      snprintf(out, cap, "%d %s, %s, %s %s", num, street, city->name, city->region ? city->region : "", postal);
    break;
  case ADDR_GB:
    snprintf(out, cap, "%d %s, %s %s", rng_range(r, 1, 180), street, city->name, postal);
    break;
  case ADDR_STREET_NUM:
    if (city->region)
      snprintf(out, cap, "%s %d, %s - %s, %s", street, num, city->name, city->region, postal);
    else
      snprintf(out, cap, "%s %d, %s %s", street, num, postal, city->name);
    break;
  case ADDR_ASIA:
    if (postal[0])
      snprintf(out, cap, "%d %s, %s %s", num, street, city->name, postal);
    else
      snprintf(out, cap, "%d %s, %s", num, street, city->name);
    break;
  }
  unique_address(out, cap);
}

/* ---- phones ------------------------------------------------------------------ */

/* Group national digits the way they are usually written. */
static void group(const char *d, char *out, size_t cap)
{
  size_t n = strlen(d), o = 0;
  static const int g8[] = {4, 4}, g9[] = {3, 3, 3}, g10[] = {3, 3, 4}, g11[] = {3, 4, 4};
  const int *g = n <= 8 ? g8 : n == 9 ? g9 : n == 10 ? g10 : g11;
  size_t ng = n <= 8 ? 2 : 3, k = 0, i = 0;
  while (i < n && o + 2 < cap) {
    int take = k + 1 < ng ? g[k] : (int)(n - i);
    for (int j = 0; j < take && i < n && o + 2 < cap; j++)
      out[o++] = d[i++];
    if (i < n)
      out[o++] = ' ';
    k++;
  }
  out[o] = 0;
}

/* A NANP number from the city's area codes: NXX exchange, not 555 and not
 * an N11 service code. */
static void nanp(struct rng *r, const struct gp_city *city, char *nsn)
{
  char area[4] = "212";
  if (city && city->area) {
    size_t n_codes = (strlen(city->area) + 1) / 4;
    size_t k = rng_below(r, (uint32_t)n_codes);
    memcpy(area, city->area + 4 * k, 3);
  }
  int ex;
  do
    ex = rng_range(r, 201, 999);
  while (ex == 555 || ex % 100 == 11);
  snprintf(nsn, 16, "%s%03d%04u", area, ex, rng_below(r, 10000));
}

/* Times a number is redrawn when it collides with one handed out before. */
#define PHONE_RETRIES 8

bool gp_phone(struct rng *r, struct gp_ctx *g, const struct gp_country *c, const struct gp_city *city, bool voip,
              bool intl, char *out, size_t cap)
{
  if (voip && c->n_voip == 0)
    return false;
  bool is_nanp = !voip && strcmp(c->mobile[0], "NANP") == 0;
  char nsn[24];
  for (int tries = 0;; tries++) {
    if (is_nanp)
      nanp(r, city, nsn);
    else
      gp_fill(r, nsn, sizeof nsn, voip ? c->voip[rng_below(r, (uint32_t)c->n_voip)]
                                       : c->mobile[rng_below(r, (uint32_t)c->n_mobile)]);
    char e164[32];
    snprintf(e164, sizeof e164, "%s%s", c->cc, nsn);
    if (phone_set_add(g->phones, e164) || tries >= PHONE_RETRIES)
      break;
  }
  char grouped[40];
  group(nsn, grouped, sizeof grouped);
  bool national_ok = !intl && strcmp(c->a2, "AR") != 0; /* AR mobiles change shape in national form */
  uint32_t form = rng_below(r, national_ok ? 4 : 2);
  if (strcmp(c->cc, "1") == 0) {
    const char *d = nsn;
    switch (form) {
    case 0: snprintf(out, cap, "+1 %.3s-%.3s-%s", d, d + 3, d + 6); break;
    case 1: snprintf(out, cap, "+1%s", d); break;
    case 2: snprintf(out, cap, "(%.3s) %.3s-%s", d, d + 3, d + 6); break;
    default: snprintf(out, cap, "%.3s.%.3s.%s", d, d + 3, d + 6); break;
    }
    return true;
  }
  switch (form) {
  case 0: snprintf(out, cap, "+%s %s", c->cc, grouped); break;
  case 1: snprintf(out, cap, "+%s%s", c->cc, nsn); break;
  default:
    if ((strcmp(c->a2, "KR") == 0 || strcmp(c->a2, "JP") == 0) && strlen(nsn) == 10)
      snprintf(out, cap, "0%.2s-%.4s-%s", nsn, nsn + 2, nsn + 6);
    else if (strcmp(c->a2, "BR") == 0)
      snprintf(out, cap, "(%.2s) %.5s-%s", nsn, nsn + 2, nsn + 7);
    else
      snprintf(out, cap, "%s%s", c->trunk, grouped);
    break;
  }
  return true;
}

/* ---- e-mail, handles --------------------------------------------------------- */

static const char *const nick_words[] = {"pixel", "wolf", "byte", "nova", "echo", "river", "storm", "lucky",
                                         "neon", "coder", "ghost", "tiger", "maple", "delta", "orbit", "shadow",
                                         "sunny", "blue", "red", "quantum", "ninja", "cosmic", "dev", "hacker"};

void gp_email(struct rng *r, const struct gp_person *p, int style, char *out, size_t cap)
{
  char g[64], s[64], local[160];
  mailpart(p->given, g, sizeof g);
  mailpart(p->surname, s, sizeof s);
  const struct gp_country *mc = p->res;
  if (p->nat != p->res && rng_chance(r, 0.4))
    mc = p->nat;
  const char *dom = mc->mail[rng_below(r, (uint32_t)mc->n_mail)];
  if (style == 1) { /* a nickname unrelated to the name */
    snprintf(local, sizeof local, "%s%s%d", PICK(r, nick_words), PICK(r, nick_words), rng_range(r, 1, 999));
  } else if (strcmp(dom, "qq.com") == 0 && rng_chance(r, 0.7)) {
    snprintf(local, sizeof local, "%u%05u", (unsigned)rng_range(r, 1000, 99999), rng_below(r, 100000));
  } else {
    switch (rng_below(r, 7)) {
    case 0: snprintf(local, sizeof local, "%s.%s", g, s); break;
    case 1: snprintf(local, sizeof local, "%s%s", g, s); break;
    case 2: snprintf(local, sizeof local, "%c.%s", g[0], s); break;
    case 3: snprintf(local, sizeof local, "%s_%s", g, s); break;
    case 4: snprintf(local, sizeof local, "%s.%s%d", g, s, rng_range(r, 1, 99)); break;
    case 5: snprintf(local, sizeof local, "%s%d", g, p->by); break;
    default: snprintf(local, sizeof local, "%s.%s", s, g); break;
    }
  }
  unique_local(local, sizeof local, style == 2 ? "gmail.com" : dom);
  if (style == 2)
    snprintf(out, cap, "%s+%s@gmail.com", local, rng_chance(r, 0.5) ? "upwork" : "work");
  else
    snprintf(out, cap, "%s@%s", local, dom);
}

void gp_handle(struct rng *r, const struct gp_person *p, char *out, size_t cap)
{
  char g[64], s[64];
  mailpart(p->given, g, sizeof g);
  mailpart(p->surname, s, sizeof s);
  switch (rng_below(r, 4)) {
  case 0: snprintf(out, cap, "%c%s", g[0], s); break;
  case 1: snprintf(out, cap, "%s-%s", g, s); break;
  case 2: snprintf(out, cap, "%s%s%d", g, s, rng_range(r, 1, 99)); break;
  default: snprintf(out, cap, "%s%s", PICK(r, nick_words), s); break;
  }
  unique_handle(out, cap);
}

/* ---- bank accounts ----------------------------------------------------------- */

/* IBAN check digits: the BBAN, then the country letters and "00", as a
 * number (A = 10 ... Z = 35), modulo 97 (ISO 13616). */
static int iban_check(const char *cc, const char *bban)
{
  char buf[64];
  snprintf(buf, sizeof buf, "%s%s00", bban, cc);
  int rem = 0;
  for (const char *q = buf; *q; q++) {
    int v = vet_is_digit(*q) ? *q - '0' : *q - 'A' + 10;
    rem = v >= 10 ? (rem * 100 + v) % 97 : (rem * 10 + v) % 97;
  }
  return 98 - rem;
}

static int luhn_digit(const char *d)
{
  int sum = 0, n = (int)strlen(d);
  for (int i = n - 1, k = 0; i >= 0; i--, k++) {
    int v = d[i] - '0';
    if (k % 2 == 0) {
      v *= 2;
      if (v > 9)
        v -= 9;
    }
    sum += v;
  }
  return (10 - sum % 10) % 10;
}

/* Check digit by weights repeating over d: (10 - sum mod 10) mod 10. */
static int weighted_digit(const char *d, const int *w, size_t nw, bool mod_each)
{
  int sum = 0;
  for (size_t i = 0; d[i]; i++) {
    int v = (d[i] - '0') * w[i % nw];
    sum += mod_each ? v % 10 : v;
  }
  return (10 - sum % 10) % 10;
}

void gp_bank_account(struct rng *r, const struct gp_country *c, char *out, size_t cap)
{
  char d[48];
  switch (c->bank) {
  case BANK_IBAN: {
    char bban[48], pat[48];
    gp_copy(pat, sizeof pat, c->bban);
    gp_fill(r, bban, sizeof bban, pat);
    char *dollar = strchr(bban, '$');
    if (dollar && c->n_bank_codes) { /* a bank code of letters */
      const char *code = c->bank_codes[rng_below(r, (uint32_t)c->n_bank_codes)];
      char rest[48];
      gp_copy(rest, sizeof rest, dollar + 1);
      snprintf(dollar, sizeof bban - (size_t)(dollar - bban), "%s%s", code, rest);
    }
    snprintf(out, cap, "%s%02d%s", c->a2, iban_check(c->a2, bban), bban);
    return;
  }
  case BANK_US_ABA: { /* Federal Reserve routing symbol 01-12 + weights 3 7 1 */
    static const int w[] = {3, 7, 1};
    snprintf(d, sizeof d, "%02d", rng_range(r, 1, 12));
    gp_fill(r, d + 2, sizeof d - 2, "######");
    int k = weighted_digit(d, w, 3, false);
    snprintf(out, cap, "%s%d-", d, k);
    size_t n = strlen(out);
    gp_fill(r, out + n, cap - n, rng_chance(r, 0.5) ? "##########" : "############");
    return;
  }
  case BANK_CA:
    gp_fill(r, out, cap, "00#-#####-#######");
    return;
  case BANK_IN_IFSC: {
    const char *code = c->bank_codes[rng_below(r, (uint32_t)c->n_bank_codes)];
    gp_copy(out, cap, code);
    size_t n = strlen(out);
    gp_fill(r, out + n, cap - n, "######:##############");
    return;
  }
  case BANK_MX_CLABE: { /* bank 3 + plaza 3 + account 11 + weights 3 7 1 per digit mod 10 */
    static const int w[] = {3, 7, 1};
    gp_copy(d, sizeof d, c->bank_codes[rng_below(r, (uint32_t)c->n_bank_codes)]);
    gp_fill(r, d + 3, sizeof d - 3, "##############");
    snprintf(out, cap, "%s%d", d, weighted_digit(d, w, 3, true));
    return;
  }
  case BANK_AR_CBU: { /* two blocks with their own check digits */
    static const int w1[] = {7, 1, 3, 9, 7, 1, 3}, w2[] = {3, 9, 7, 1, 3, 9, 7, 1, 3, 9, 7, 1, 3};
    char b1[16], b2[24];
    gp_copy(b1, sizeof b1, c->bank_codes[rng_below(r, (uint32_t)c->n_bank_codes)]);
    gp_fill(r, b1 + 3, sizeof b1 - 3, "####");
    gp_fill(r, b2, sizeof b2, "#############");
    snprintf(out, cap, "%s%d%s%d", b1, weighted_digit(b1, w1, 7, false), b2, weighted_digit(b2, w2, 13, false));
    return;
  }
  case BANK_NG_NUBAN: { /* CBN: bank code + 9 serial digits, weights 3 7 3 */
    static const int w[] = {3, 7, 3};
    const char *code = c->bank_codes[rng_below(r, 5)]; /* the 3-digit codes */
    char serial[16];
    gp_fill(r, serial, sizeof serial, "#########");
    snprintf(d, sizeof d, "%s%s", code, serial);
    snprintf(out, cap, "%s%d", serial, weighted_digit(d, w, 3, false));
    return;
  }
  case BANK_CN_CARD:
    gp_fill(r, d, sizeof d, "62#################"); /* 19 digits with the check */
    d[18] = 0;
    snprintf(out, cap, "%s%d", d, luhn_digit(d));
    return;
  case BANK_DIGITS:
    gp_fill(r, out, cap, c->bban);
    return;
  }
}

/* ---- wallets ------------------------------------------------------------------ */

void gp_wallet(struct rng *r, const char *chain, char *out, size_t cap)
{
  uint8_t key[20];
  for (int i = 0; i < 20; i++)
    key[i] = (uint8_t)rng_below(r, 256);
  if (strcmp(chain, "TRC20") == 0) {
    gp_tron_address(key, out, cap);
  } else if (strcmp(chain, "BTC") == 0) {
    gp_btc_bech32(key, out, cap);
  } else { /* ERC-20: 0x and 40 hex digits (lower case, no EIP-55 mixed case) */
    static const char hex[] = "0123456789abcdef";
    if (cap < 43)
      return;
    out[0] = '0';
    out[1] = 'x';
    for (int i = 0; i < 20; i++) {
      out[2 + 2 * i] = hex[key[i] >> 4];
      out[3 + 2 * i] = hex[key[i] & 15];
    }
    out[42] = 0;
  }
}

/* ---- payouts ----------------------------------------------------------------- */

/* Shares of payout methods among honest workers (they sum to 100). */
static const unsigned payout_weights[] = {45, 20, 17, 18}; /* bank, paypal, payoneer, wise */

void gp_payout_own(struct rng *r, const struct gp_person *p, const struct gp_country *c, struct gp_payout *y)
{
  memset(y, 0, sizeof *y);
  static const char *const kinds[] = {"bank", "paypal", "payoneer", "wise"};
  y->kind = kinds[rng_weighted(r, payout_weights, VET_COUNTOF(payout_weights))];
  char a[160];
  gp_ascii(p->full, false, a, sizeof a);
  if (rng_chance(r, 0.35)) { /* banks print holders in capitals */
    for (char *q = a; *q; q++)
      *q = (char)vet_upper((unsigned char)*q);
    gp_copy(y->holder, sizeof y->holder, a);
  } else {
    gp_copy(y->holder, sizeof y->holder, p->full);
  }
  y->country = c->a2;
  y->currency = rng_chance(r, 0.55) ? c->currency : "USD";
  if (strcmp(y->kind, "bank") == 0) {
    gp_bank_account(r, c, y->account, sizeof y->account);
  } else if (strcmp(y->kind, "wise") == 0 && c->bank == BANK_IBAN && rng_chance(r, 0.5)) {
    gp_bank_account(r, c, y->account, sizeof y->account);
  } else {
    gp_email(r, p, 0, y->account, sizeof y->account);
  }
}

json_t *gp_payout_json(const struct gp_payout *y)
{
  json_t *o = json_object();
  json_object_set_new(o, "kind", json_string(y->kind));
  if (y->holder[0])
    json_object_set_new(o, "holder", json_string(y->holder));
  if (y->country)
    json_object_set_new(o, "country", json_string(y->country));
  if (y->account[0])
    json_object_set_new(o, "account", json_string(y->account));
  if (y->currency)
    json_object_set_new(o, "currency", json_string(y->currency));
  if (y->address[0])
    json_object_set_new(o, "address", json_string(y->address));
  return o;
}

/* ---- profile texts ------------------------------------------------------------ */

static const char *const roles[] = {"Full-Stack Developer", "Backend Engineer", "Frontend Developer",
                                    "Mobile Developer", "DevOps Engineer", "Data Engineer", "QA Automation Engineer",
                                    "Software Engineer", "WordPress Developer", "Machine Learning Engineer",
                                    "UI/UX Designer", "Game Developer"};
static const char *const skills[] = {"React", "Node.js", "TypeScript", "Python", "Django", "Go", "Rust", "Java",
                                     "Spring Boot", "Kotlin", "Swift", "Flutter", "React Native", "AWS", "Azure",
                                     "GCP", "Kubernetes", "Docker", "Terraform", "PostgreSQL", "MongoDB", "GraphQL",
                                     "Vue.js", "Angular", "Laravel", "PHP", "C#", ".NET", "Figma", "Unity",
                                     "PyTorch", "Airflow", "Spark", "Selenium", "Cypress", "Next.js"};
static const char *const domains[] = {"e-commerce platforms", "fintech dashboards", "SaaS products",
                                      "healthcare portals", "logistics systems", "mobile apps for startups",
                                      "internal tools", "data pipelines", "marketing sites", "edtech platforms"};
static const char *const past[] = {"a regional bank", "a logistics startup", "a digital agency",
                                   "an online retailer", "a telecom operator", "a university spin-off",
                                   "a travel booking company", "a gaming studio", "a consulting firm"};
/* The pitch of the profiles IT worker teams run: blockchain and mobile
 * work, "US hours", long hours available, grand experience. */
static const char *const dprk_focus[] = {"DeFi protocols and smart contracts", "NFT marketplaces",
                                         "crypto trading bots", "cross-platform mobile apps",
                                         "high-load web platforms", "Web3 dApps"};

void gp_texts(struct rng *r, const struct gp_person *p, bool dprk, char *headline, size_t hcap, char *bio,
              size_t bcap, char *resume, size_t rcap)
{
  const char *role = dprk ? (rng_chance(r, 0.5) ? "Senior Blockchain Developer" : "Senior Full-Stack Engineer")
                          : PICK(r, roles);
  const char *s1 = PICK(r, skills), *s2 = PICK(r, skills), *s3 = PICK(r, skills);
  int years = dprk ? rng_range(r, 8, 12) : rng_range(r, 2, 15);
  snprintf(headline, hcap, "%s | %s, %s, %s", role, s1, s2, s3);
  const char *city = p ? p->city->name : "";
  if (dprk) {
    snprintf(bio, bcap,
             "%d+ years of experience in %s. Available 40+ hours a week in US time zones. Based in %s, "
             "ready to start today.",
             years, PICK(r, dprk_focus), city);
    snprintf(resume, rcap,
             "Senior engineer with %d+ years building %s and %s. Led teams of 5-10 developers; "
             "delivered 50+ projects for clients in the US and Europe. Expert in %s, %s, %s, Solidity and "
             "Web3.js. Previously lead developer at a fintech company and a blockchain startup. "
             "Strong communication skills, fast delivery, long-term collaboration.",
             years, PICK(r, dprk_focus), PICK(r, dprk_focus), s1, s2, s3);
  } else {
    snprintf(bio, bcap, "%s with %d years of experience building %s. Based in %s.", role, years, PICK(r, domains),
             city);
    snprintf(resume, rcap,
             "%s, %d years. Worked for %s and %s on %s. Main stack: %s, %s and %s. "
             "Comfortable with code review, testing and remote collaboration across time zones.",
             role, years, PICK(r, past), PICK(r, past), PICK(r, domains), s1, s2, s3);
  }
}
