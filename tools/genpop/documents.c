/* genpop/documents.c - identity documents of generated subjects: the
 * fields a KYC provider extracts and the machine-readable zone printed on
 * the document, correct by construction (ICAO 9303 TD3 passports, TD1
 * identity cards; check digits from vet_mrz_check_digit), or forged in one
 * planted way: one wrong check digit, or an MRZ that names another person
 * or birth date than the printed fields.
 * Owns: nothing.
 * Thread-safety: one thread at a time per gp_ctx. */
#include <stdio.h>
#include <string.h>

#include "core/common.h"
#include "genpop.h"
#include "vetter/mrz.h"

/* Validity of a passport and of an identity card, in years. */
#define PASSPORT_YEARS 10
#define ID_CARD_YEARS 10

void gp_doc_init(struct rng *r, struct gp_doc *d, const char *kind, const struct gp_person *p,
                 const struct gp_country *issuer, int issue_year)
{
  memset(d, 0, sizeof *d);
  d->kind = kind;
  d->issuer = issuer;
  d->nationality = p->nat;
  bool card = strcmp(kind, "id_card") == 0 || strcmp(kind, "residence_permit") == 0;
  const char *pat = card && issuer->id_card ? issuer->id_card : issuer->passport;
  if (strcmp(kind, "driver_license") == 0)
    pat = "@#######";
  gp_fill(r, d->number, sizeof d->number, pat);
  gp_copy(d->surname, sizeof d->surname, p->surname);
  if (p->middle[0] && p->middle[1] != '.')
    snprintf(d->given, sizeof d->given, "%s %s", p->given, p->middle);
  else
    gp_copy(d->given, sizeof d->given, p->given);
  d->by = p->by, d->bm = p->bm, d->bd = p->bd;
  d->sex = p->sex;
  d->ey = issue_year + (card ? ID_CARD_YEARS : PASSPORT_YEARS);
  d->em = rng_range(r, 1, 12);
  d->ed = rng_range(r, 1, 28);
  gp_copy(d->mrz_surname, sizeof d->mrz_surname, d->surname);
  gp_copy(d->mrz_given, sizeof d->mrz_given, d->given);
  d->mrz_by = d->by, d->mrz_bm = d->bm, d->mrz_bd = d->bd;
  gp_copy(d->mrz_number, sizeof d->mrz_number, d->number);
  gp_hex(r, d->phash, 16);
}

/* The MRZ code of a country: alpha-3, except Germany's "D". */
static const char *mrz_code(const struct gp_country *c)
{
  return strcmp(c->a2, "DE") == 0 ? "D" : c->a3;
}

/* Append s to line (at *n), then fillers up to width. */
static void put(char *line, size_t *n, const char *s, size_t width)
{
  size_t k = 0;
  for (; s[k] && k < width; k++)
    line[(*n)++] = s[k];
  for (; k < width; k++)
    line[(*n)++] = '<';
}

/* Name field: SURNAME<<GIVEN<NAMES, ICAO-transliterated, truncated to width. */
static void mrz_name(const char *surname, const char *given, size_t width, char *out)
{
  char a[128], b[128], tmp[300];
  gp_ascii(surname, true, a, sizeof a);
  gp_ascii(given, true, b, sizeof b);
  snprintf(tmp, sizeof tmp, "%s<<%s", a, b);
  size_t o = 0;
  for (const char *q = tmp; *q && o < width; q++) {
    unsigned char c = (unsigned char)*q;
    if (vet_is_ascii_alpha(c))
      out[o++] = (char)vet_upper(c);
    else if (c == ' ' || c == '-' || c == '<')
      out[o++] = '<';
    /* apostrophes, dots: dropped */
  }
  while (o < width)
    out[o++] = '<';
  out[width] = 0;
}

static int cd(const char *s, size_t n)
{
  return vet_mrz_check_digit((vet_str){s, n});
}

/* A wrong digit in place of the right one. */
static char wrong(int right, uint64_t salt) { return (char)('0' + (right + 1 + (int)(salt % 9)) % 10); }

/* Build the MRZ of d into out ("line1|line2[|line3]"). */
static void build_mrz(const struct gp_doc *d, char *out, size_t cap)
{
  char dob[8], exp[8], num[10];
  snprintf(dob, sizeof dob, "%02d%02d%02d", d->mrz_by % 100, d->mrz_bm, d->mrz_bd);
  snprintf(exp, sizeof exp, "%02d%02d%02d", d->ey % 100, d->em, d->ed);
  snprintf(num, sizeof num, "%.9s", d->mrz_number);
  const char *iss = mrz_code(d->issuer), *nat = mrz_code(d->nationality);
  char sex = d->sex ? d->sex : '<';
  uint64_t salt = (uint64_t)(unsigned char)num[0] * 31u + (unsigned)d->ed;
  bool card = strcmp(d->kind, "passport") != 0;
  if (!card) { /* TD3: 2 x 44 */
    char l1[45], l2[45], name[40];
    size_t n = 0;
    put(l1, &n, "P<", 2);
    put(l1, &n, iss, 3);
    mrz_name(d->mrz_surname, d->mrz_given, 39, name);
    put(l1, &n, name, 39);
    l1[44] = 0;
    n = 0;
    put(l2, &n, num, 9);
    l2[n] = (char)('0' + cd(l2, 9)), n++;
    put(l2, &n, nat, 3);
    put(l2, &n, dob, 6);
    l2[n] = (char)('0' + cd(l2 + 13, 6)), n++;
    l2[n++] = sex;
    put(l2, &n, exp, 6);
    l2[n] = (char)('0' + cd(l2 + 21, 6)), n++;
    put(l2, &n, "", 14);
    l2[n++] = '<'; /* empty personal number: filler check digit */
    /* a wrong field check digit; the composite is computed over the line
       as printed, so exactly the planted check fails */
    if (d->bad_check >= 1 && d->bad_check <= 3) {
      static const size_t at[] = {9, 19, 27};
      size_t i = at[d->bad_check - 1];
      l2[i] = wrong(l2[i] - '0', salt);
    }
    char comp[64];
    size_t k = 0;
    memcpy(comp + k, l2, 10), k += 10;
    memcpy(comp + k, l2 + 13, 7), k += 7;
    memcpy(comp + k, l2 + 21, 22), k += 22;
    l2[n] = (char)('0' + cd(comp, k)), n++;
    l2[44] = 0;
    if (d->bad_check == 4)
      l2[43] = wrong(l2[43] - '0', salt);
    snprintf(out, cap, "%s|%s", l1, l2);
    return;
  }
  /* TD1: 3 x 30 */
  char l1[31], l2[31], l3[31];
  size_t n = 0;
  put(l1, &n, strcmp(d->issuer->a2, "DE") == 0 || strcmp(d->issuer->a2, "FR") == 0 ? "ID" : "I<", 2);
  put(l1, &n, iss, 3);
  put(l1, &n, num, 9);
  l1[n] = (char)('0' + cd(l1 + 5, 9)), n++;
  put(l1, &n, "", 15);
  l1[30] = 0;
  n = 0;
  put(l2, &n, dob, 6);
  l2[n] = (char)('0' + cd(l2, 6)), n++;
  l2[n++] = sex;
  put(l2, &n, exp, 6);
  l2[n] = (char)('0' + cd(l2 + 8, 6)), n++;
  put(l2, &n, nat, 3);
  put(l2, &n, "", 11);
  if (d->bad_check == 1)
    l1[14] = wrong(l1[14] - '0', salt);
  else if (d->bad_check == 2)
    l2[6] = wrong(l2[6] - '0', salt);
  else if (d->bad_check == 3)
    l2[14] = wrong(l2[14] - '0', salt);
  char comp[64];
  size_t k = 0;
  memcpy(comp + k, l1 + 5, 25), k += 25;
  memcpy(comp + k, l2, 7), k += 7;
  memcpy(comp + k, l2 + 8, 7), k += 7;
  memcpy(comp + k, l2 + 18, 11), k += 11;
  l2[n] = (char)('0' + cd(comp, k)), n++;
  l2[30] = 0;
  mrz_name(d->mrz_surname, d->mrz_given, 30, l3);
  if (d->bad_check == 4)
    l2[29] = wrong(l2[29] - '0', salt);
  snprintf(out, cap, "%s|%s|%s", l1, l2, l3);
}

json_t *gp_doc_json(struct gp_ctx *g, const struct gp_doc *d)
{
  json_t *o = json_object();
  char buf[200];
  json_object_set_new(o, "kind", json_string(d->kind));
  bool has_mrz = !d->no_mrz && strcmp(d->kind, "driver_license") != 0 &&
                 (strcmp(d->kind, "passport") == 0 || d->issuer->id_card);
  if (has_mrz) {
    build_mrz(d, buf, sizeof buf);
    json_object_set_new(o, "mrz", json_string(buf));
    if (g->verify)
      gp_verify_mrz(g->verify, buf, d->bad_check);
  }
  json_object_set_new(o, "number", json_string(d->number));
  json_object_set_new(o, "issuing_country", json_string(d->issuer->a2));
  snprintf(buf, sizeof buf, "%s %s", d->given, d->surname);
  json_t *name = json_string(buf);
  json_object_set_new(o, "name", name ? name : json_string("?"));
  snprintf(buf, sizeof buf, "%04d-%02d-%02d", d->by, d->bm, d->bd);
  json_object_set_new(o, "birth_date", json_string(buf));
  json_object_set_new(o, "nationality", json_string(d->nationality->a2));
  if (d->sex)
    json_object_set_new(o, "sex", json_string(d->sex == 'F' ? "F" : "M"));
  snprintf(buf, sizeof buf, "%04d-%02d-%02d", d->ey, d->em, d->ed);
  json_object_set_new(o, "expiry_date", json_string(buf));
  json_object_set_new(o, "image_phash", json_string(d->phash));
  return o;
}
