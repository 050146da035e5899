/* docs/mrz.c - ICAO 9303 machine-readable zones: splitting the input into
 * lines, recognizing TD1/TD2/TD3/MRV-A/MRV-B by shape, reading each field
 * at its position (one layout table per format), and checking every check
 * digit, date, code and name.  Nothing is corrected: a character an OCR
 * engine confused shows up as the failure it causes.  The JSON form lives
 * in docs/mrz_json.c. */
#include <stdarg.h>
#include <stdio.h>

#include "core/common.h"
#include "vetter/date.h"
#include "vetter/mrz.h"

/* Lines counted (and their lengths named in messages) at most; no format
 * has more than 3. */
#define MRZ_MAX_LINES 8
/* Line lengths named in the shape error; beyond this only the count. */
#define MRZ_MAX_LENGTHS_SHOWN 4
/* The composite digit covers at most 62 characters (TD1: 25+7+7+11). */
#define MRZ_MAX_COMPOSITE 64

/* A field's place: line (0-based), first column (0-based), width; width 0
 * means the format has no such field. */
struct span {
  uint8_t line, at, len;
};

struct layout {
  enum vet_mrz_format format;
  uint8_t nlines, width;
  struct span name, docnum, docnum_cd, nationality, birth, birth_cd, sex, expiry, expiry_cd, opt, opt_cd, opt2,
      composite;
  struct span parts[4]; /* what the composite digit covers, in order */
  bool long_docnum;     /* a number over 9 characters may continue in opt */
};

/* Positions from 9303 parts 4-7 (1-based there, 0-based here).  The
 * document code (line 0, columns 0-1) and the issuing state (line 0,
 * columns 2-4) are at the same place in every format. */
static const struct layout layouts[] = {
    {.format = VET_MRZ_TD1, .nlines = 3, .width = 30,
     .name = {2, 0, 30}, .docnum = {0, 5, 9}, .docnum_cd = {0, 14, 1}, .nationality = {1, 15, 3},
     .birth = {1, 0, 6}, .birth_cd = {1, 6, 1}, .sex = {1, 7, 1}, .expiry = {1, 8, 6}, .expiry_cd = {1, 14, 1},
     .opt = {0, 15, 15}, .opt2 = {1, 18, 11}, .composite = {1, 29, 1},
     .parts = {{0, 5, 25}, {1, 0, 7}, {1, 8, 7}, {1, 18, 11}}, .long_docnum = true},
    {.format = VET_MRZ_TD2, .nlines = 2, .width = 36,
     .name = {0, 5, 31}, .docnum = {1, 0, 9}, .docnum_cd = {1, 9, 1}, .nationality = {1, 10, 3},
     .birth = {1, 13, 6}, .birth_cd = {1, 19, 1}, .sex = {1, 20, 1}, .expiry = {1, 21, 6}, .expiry_cd = {1, 27, 1},
     .opt = {1, 28, 7}, .composite = {1, 35, 1}, .parts = {{1, 0, 10}, {1, 13, 7}, {1, 21, 14}},
     .long_docnum = true},
    {.format = VET_MRZ_TD3, .nlines = 2, .width = 44,
     .name = {0, 5, 39}, .docnum = {1, 0, 9}, .docnum_cd = {1, 9, 1}, .nationality = {1, 10, 3},
     .birth = {1, 13, 6}, .birth_cd = {1, 19, 1}, .sex = {1, 20, 1}, .expiry = {1, 21, 6}, .expiry_cd = {1, 27, 1},
     .opt = {1, 28, 14}, .opt_cd = {1, 42, 1}, .composite = {1, 43, 1},
     .parts = {{1, 0, 10}, {1, 13, 7}, {1, 21, 22}}},
    {.format = VET_MRZ_MRVA, .nlines = 2, .width = 44,
     .name = {0, 5, 39}, .docnum = {1, 0, 9}, .docnum_cd = {1, 9, 1}, .nationality = {1, 10, 3},
     .birth = {1, 13, 6}, .birth_cd = {1, 19, 1}, .sex = {1, 20, 1}, .expiry = {1, 21, 6}, .expiry_cd = {1, 27, 1},
     .opt = {1, 28, 16}},
    {.format = VET_MRZ_MRVB, .nlines = 2, .width = 36,
     .name = {0, 5, 31}, .docnum = {1, 0, 9}, .docnum_cd = {1, 9, 1}, .nationality = {1, 10, 3},
     .birth = {1, 13, 6}, .birth_cd = {1, 19, 1}, .sex = {1, 20, 1}, .expiry = {1, 21, 6}, .expiry_cd = {1, 27, 1},
     .opt = {1, 28, 8}},
};

const char *vet_mrz_format_name(enum vet_mrz_format f)
{
  switch (f) {
  case VET_MRZ_TD1:
    return "TD1";
  case VET_MRZ_TD2:
    return "TD2";
  case VET_MRZ_TD3:
    return "TD3";
  case VET_MRZ_MRVA:
    return "MRV-A";
  case VET_MRZ_MRVB:
    return "MRV-B";
  case VET_MRZ_NONE:
    break;
  }
  return NULL;
}

const char *vet_mrz_check_name(enum vet_mrz_check c)
{
  return c == VET_MRZ_CHECK_OK ? "ok" : c == VET_MRZ_CHECK_FAIL ? "fail" : "n/a";
}

static bool is_mrz_char(int c) { return vet_is_digit(c) || (c >= 'A' && c <= 'Z') || c == '<'; }
static bool is_upper(int c) { return c >= 'A' && c <= 'Z'; }

/* The character as a message may show it: printable ASCII or '?'. */
static char shown(int c) { return c > 0x20 && c < 0x7f ? (char)c : '?'; }

int vet_mrz_check_digit(vet_str field)
{
  static const int weights[3] = {7, 3, 1};
  int sum = 0;
  for (size_t i = 0; i < field.len; i++) {
    int c = (unsigned char)field.ptr[i], v;
    if (vet_is_digit(c))
      v = c - '0';
    else if (is_upper(c))
      v = c - 'A' + 10;
    else if (c == '<')
      v = 0;
    else
      return -1;
    sum = (sum + v * weights[i % 3]) % 10;
  }
  return sum;
}

static void issue(struct vet_mrz *m, const char *code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static void issue(struct vet_mrz *m, const char *code, const char *fmt, ...)
{
  if (m->n_issues >= VET_MRZ_MAX_ISSUES)
    return;
  struct vet_mrz_issue *is = &m->issues[m->n_issues++];
  is->code = code;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(is->msg, sizeof is->msg, fmt, ap);
  va_end(ap);
}

/* ---- fields ---- */

/* The MRZ once split: lines of the recognized width, upper-cased. */
struct lines {
  char text[VET_MRZ_MAX_INPUT];
  const char *line[MRZ_MAX_LINES];
  size_t len[MRZ_MAX_LINES];
  size_t n; /* lines seen (may exceed MRZ_MAX_LINES; only those are kept) */
};

static vet_str at(const struct lines *ls, struct span s)
{
  return (vet_str){ls->line[s.line] + s.at, s.len};
}

/* Copy f into dst (cap bytes) with the padding fillers at both ends
 * removed and inner fillers kept; characters outside [0-9A-Z<] become '?'
 * (they are reported once as bad_character). */
static void copy_unpadded(char *dst, size_t cap, vet_str f)
{
  size_t b = 0, e = f.len, w = 0;
  while (b < e && f.ptr[b] == '<')
    b++;
  while (e > b && f.ptr[e - 1] == '<')
    e--;
  for (size_t i = b; i < e && w + 1 < cap; i++)
    dst[w++] = is_mrz_char((unsigned char)f.ptr[i]) ? f.ptr[i] : '?';
  dst[w] = 0;
}

/* A name part: fillers become single spaces, trimmed. */
static void copy_name(char *dst, size_t cap, vet_str f)
{
  size_t w = 0;
  bool space = false;
  for (size_t i = 0; i < f.len; i++) {
    int c = (unsigned char)f.ptr[i];
    if (c == '<') {
      space = w > 0;
      continue;
    }
    if (space && w + 2 < cap) {
      dst[w++] = ' ';
      space = false;
    }
    if (w + 1 < cap)
      dst[w++] = is_mrz_char(c) ? (char)c : '?';
  }
  dst[w] = 0;
}

static void read_code(struct vet_mrz *m, const struct lines *ls, const struct layout *L)
{
  char c0 = ls->line[0][0], c1 = ls->line[0][1];
  copy_unpadded(m->document_code, sizeof m->document_code, (vet_str){ls->line[0], 2});
  bool ok;
  switch (L->format) {
  case VET_MRZ_TD3:
    ok = c0 == 'P';
    break;
  case VET_MRZ_MRVA:
  case VET_MRZ_MRVB:
    ok = c0 == 'V';
    break;
  default: /* TD1, TD2: I, A or C; 'V' is not allowed second (part 5 4.2.2) */
    ok = (c0 == 'I' || c0 == 'A' || c0 == 'C') && c1 != 'V';
    break;
  }
  if (!ok || !(is_upper(c1) || c1 == '<'))
    issue(m, "bad_document_code", "document code '%c%c' is not a %s code", shown(c0), shown(c1),
          vet_mrz_format_name(L->format));
}

/* A state or nationality: three letters, or "D<<" (Germany). */
static void read_country(struct vet_mrz *m, char *dst, size_t cap, vet_str f, const char *what)
{
  copy_unpadded(dst, cap, f);
  bool ok = (is_upper(f.ptr[0]) && is_upper(f.ptr[1]) && is_upper(f.ptr[2])) ||
            (f.ptr[0] == 'D' && f.ptr[1] == '<' && f.ptr[2] == '<');
  if (!ok)
    issue(m, "bad_country", "%s '%c%c%c' is not a country code", what, shown(f.ptr[0]), shown(f.ptr[1]),
          shown(f.ptr[2]));
}

/* Primary identifier up to the first "<<", secondary after it. */
static void read_name(struct vet_mrz *m, vet_str f, uint8_t line, uint8_t col)
{
  size_t sep = f.len;
  for (size_t i = 0; i + 1 < f.len; i++)
    if (f.ptr[i] == '<' && f.ptr[i + 1] == '<') {
      sep = i;
      break;
    }
  copy_name(m->surname, sizeof m->surname, vet_str_sub(f, 0, sep));
  copy_name(m->given_names, sizeof m->given_names, sep < f.len ? vet_str_sub(f, sep + 2, f.len) : VET_STR_NULL);
  if (!m->surname[0])
    issue(m, "empty_name", "name has no primary identifier (surname)");
  for (size_t i = 0; i < f.len; i++)
    if (vet_is_digit(f.ptr[i])) {
      issue(m, "bad_name", "name: digit '%c' at line %u, position %zu", f.ptr[i], line + 1u, col + i + 1);
      break;
    }
}

/* Compare a check digit with the one computed over field. */
static enum vet_mrz_check check(struct vet_mrz *m, vet_str field, char digit, const char *code, const char *what)
{
  int want = vet_mrz_check_digit(field);
  if (want < 0) {
    issue(m, code, "%s check digit cannot be computed: bad character in the field", what);
    return VET_MRZ_CHECK_FAIL;
  }
  if (!vet_is_digit(digit)) {
    issue(m, code, "%s check digit '%c' is not a digit, computed '%d'", what, shown(digit), want);
    return VET_MRZ_CHECK_FAIL;
  }
  if (digit - '0' != want) {
    issue(m, code, "%s check digit is '%c', computed '%d'", what, digit, want);
    return VET_MRZ_CHECK_FAIL;
  }
  return VET_MRZ_CHECK_OK;
}

/* The document number and its digit; a TD1/TD2 number over 9 characters
 * has '<' for a digit and continues at the start of the optional data,
 * followed by the digit over the whole number and a filler. */
static void read_docnum(struct vet_mrz *m, const struct lines *ls, const struct layout *L)
{
  vet_str num = at(ls, L->docnum), opt = at(ls, L->opt);
  char cd = at(ls, L->docnum_cd).ptr[0];
  if (cd == '<' && L->long_docnum && num.ptr[num.len - 1] != '<') {
    size_t k = 0; /* the continuation ends at the first filler */
    while (k < opt.len && opt.ptr[k] != '<')
      k++;
    if (k < 2) {
      copy_unpadded(m->document_number, sizeof m->document_number, num);
      copy_unpadded(m->optional_data, sizeof m->optional_data, opt);
      issue(m, "bad_document_number", "document number continues in the optional data, but nothing follows");
      m->check_document_number = VET_MRZ_CHECK_FAIL;
      return;
    }
    char full[32];
    memcpy(full, num.ptr, num.len);
    memcpy(full + num.len, opt.ptr, k - 1);
    vet_str whole = {full, num.len + k - 1};
    copy_unpadded(m->document_number, sizeof m->document_number, whole);
    copy_unpadded(m->optional_data, sizeof m->optional_data, vet_str_sub(opt, k, opt.len));
    m->check_document_number = check(m, whole, opt.ptr[k - 1], "check_document_number", "document number");
    return;
  }
  copy_unpadded(m->document_number, sizeof m->document_number, num);
  if (!m->document_number[0])
    issue(m, "bad_document_number", "document number is empty");
  m->check_document_number = check(m, num, cd, "check_document_number", "document number");
  if (L->opt.len)
    copy_unpadded(m->optional_data, sizeof m->optional_data, opt);
}

static bool two_digits(const char *p, int *v)
{
  if (!vet_is_digit(p[0]) || !vet_is_digit(p[1]))
    return false;
  *v = (p[0] - '0') * 10 + (p[1] - '0');
  return true;
}

static bool date_after(int y, int mo, int d, const struct vet_date *t)
{
  if (y != t->year)
    return y > t->year;
  if (mo != t->month)
    return mo > t->month;
  return d > t->day;
}

/* YYMMDD; a birth date may end in fillers ("7408<<", "74<<<<", "<<<<<<").
 * Returns false when it is not a possible date. */
static bool read_date(vet_str f, bool birth, const struct vet_date *today, struct vet_date *out)
{
  memset(out, 0, sizeof *out);
  const char *p = f.ptr;
  int yy, mm = 0, dd = 0;
  if (birth && !memcmp(p, "<<<<<<", 6))
    return true; /* unknown: allowed, nothing to read */
  if (!two_digits(p, &yy))
    return false;
  bool has_month = two_digits(p + 2, &mm), has_day = has_month && two_digits(p + 4, &dd);
  if (!has_day) {
    bool fill_md = !memcmp(p + 2, "<<<<", 4), fill_d = has_month && !memcmp(p + 4, "<<", 2);
    if (!birth || !(fill_md || fill_d))
      return false;
  }
  int year = 2000 + yy;
  if (birth && date_after(year, mm, dd, today))
    year -= 100;
  if (has_month && (mm < 1 || mm > 12))
    return false;
  if (has_day && (dd < 1 || dd > vet_days_in_month(year, mm)))
    return false;
  out->year = (int16_t)year;
  out->month = (uint8_t)mm;
  out->day = (uint8_t)dd;
  return true;
}

/* The six characters of a date field as a message may show them. */
static void shown6(char out[7], vet_str f)
{
  for (size_t i = 0; i < 6; i++)
    out[i] = shown((unsigned char)f.ptr[i]);
  out[6] = 0;
}

static void read_dates(struct vet_mrz *m, const struct lines *ls, const struct layout *L,
                       const struct vet_date *today)
{
  vet_str b = at(ls, L->birth), x = at(ls, L->expiry);
  char txt[7];
  if (!read_date(b, true, today, &m->birth_date)) {
    shown6(txt, b);
    issue(m, "bad_birth_date", "birth date '%s' is not a date", txt);
  }
  m->check_birth_date = check(m, b, at(ls, L->birth_cd).ptr[0], "check_birth_date", "birth date");
  char s = at(ls, L->sex).ptr[0];
  m->sex = s == 'M' || s == 'F' || s == 'X' ? s : s == '<' ? 'X' : 0;
  if (!m->sex)
    issue(m, "bad_sex", "sex '%c' is not M, F or <", shown(s));
  if (!read_date(x, false, today, &m->expiry_date)) {
    shown6(txt, x);
    issue(m, "bad_expiry_date", "expiry date '%s' is not a date", txt);
  }
  m->check_expiry_date = check(m, x, at(ls, L->expiry_cd).ptr[0], "check_expiry_date", "expiry date");
}

/* TD3 personal number digit ('<' allowed when the field is all fillers)
 * and the composite digit of TD1/TD2/TD3. */
static void read_trailer(struct vet_mrz *m, const struct lines *ls, const struct layout *L)
{
  if (L->opt_cd.len) {
    vet_str opt = at(ls, L->opt);
    char cd = at(ls, L->opt_cd).ptr[0];
    bool empty = true;
    for (size_t i = 0; i < opt.len; i++)
      empty = empty && opt.ptr[i] == '<';
    if (empty && cd == '<')
      m->check_optional_data = VET_MRZ_CHECK_NA;
    else
      m->check_optional_data = check(m, opt, cd, "check_optional_data", "optional data");
  }
  if (L->composite.len) {
    char buf[MRZ_MAX_COMPOSITE];
    size_t n = 0;
    for (size_t i = 0; i < VET_COUNTOF(L->parts) && L->parts[i].len; i++) {
      vet_str p = at(ls, L->parts[i]);
      memcpy(buf + n, p.ptr, p.len);
      n += p.len;
    }
    m->check_composite =
        check(m, (vet_str){buf, n}, at(ls, L->composite).ptr[0], "check_composite", "composite");
  }
}

/* ---- lines ---- */

/* Split text into ls (upper-cased copy); reports lower case and bad
 * characters.  text is at most VET_MRZ_MAX_INPUT bytes. */
static void split_lines(struct vet_mrz *m, vet_str text, struct lines *ls)
{
  memcpy(ls->text, text.ptr, text.len);
  size_t i = 0;
  ls->n = 0;
  while (i <= text.len) {
    size_t b = i;
    while (i < text.len && ls->text[i] != '|' && ls->text[i] != '\n')
      i++;
    vet_str l = vet_str_trim((vet_str){ls->text + b, i - b}); /* also drops the CR of CR LF */
    i++;
    if (!l.len)
      continue;
    if (ls->n < MRZ_MAX_LINES) {
      ls->line[ls->n] = l.ptr;
      ls->len[ls->n] = l.len;
    }
    ls->n++;
  }
  /* one line holding a whole MRZ run together */
  static const struct {
    size_t total, lines;
  } joined[] = {{90, 3}, {88, 2}, {72, 2}};
  for (size_t k = 0; ls->n == 1 && k < VET_COUNTOF(joined); k++)
    if (ls->len[0] == joined[k].total) {
      size_t w = joined[k].total / joined[k].lines;
      for (size_t j = 0; j < joined[k].lines; j++) {
        ls->line[j] = ls->line[0] + j * w;
        ls->len[j] = w;
      }
      ls->n = joined[k].lines;
    }
  size_t kept = VET_MIN(ls->n, (size_t)MRZ_MAX_LINES), lower = 0, bad = 0;
  size_t bad_line = 0, bad_col = 0;
  char bad_c = 0;
  for (size_t k = 0; k < kept; k++)
    for (size_t j = 0; j < ls->len[k]; j++) {
      char *c = ls->text + (ls->line[k] - ls->text) + j;
      if (*c >= 'a' && *c <= 'z') {
        *c = (char)vet_upper(*c);
        lower++;
      } else if (!is_mrz_char((unsigned char)*c)) {
        if (!bad++) {
          bad_line = k;
          bad_col = j;
          bad_c = *c;
        }
      }
    }
  if (lower)
    issue(m, "lowercase", "%zu lower-case letter%s read as upper case", lower, lower == 1 ? "" : "s");
  if (bad) {
    if (bad_c > 0x20 && bad_c < 0x7f)
      issue(m, "bad_character", "line %zu, position %zu: character '%c' is not allowed (%zu in all)", bad_line + 1,
            bad_col + 1, bad_c, bad);
    else
      issue(m, "bad_character", "line %zu, position %zu: byte 0x%02x is not allowed (%zu in all)", bad_line + 1,
            bad_col + 1, (unsigned char)bad_c, bad);
  }
}

static const struct layout *find_layout(const struct lines *ls)
{
  for (size_t i = 0; i < VET_COUNTOF(layouts); i++) {
    const struct layout *L = &layouts[i];
    if (ls->n != L->nlines)
      continue;
    bool fit = true;
    for (size_t k = 0; k < ls->n; k++)
      fit = fit && ls->len[k] == L->width;
    if (!fit)
      continue;
    bool visa = ls->line[0][0] == 'V';
    if (L->format == VET_MRZ_TD1 || visa == (L->format == VET_MRZ_MRVA || L->format == VET_MRZ_MRVB))
      return L;
  }
  return NULL;
}

/* "mrz: expected ..., got 2 lines of 43 and 44" into e, and the same as
 * the MRZ's one issue. */
static vet_err shape_error(struct vet_mrz *m, const struct lines *ls, struct vet_error *e)
{
  char got[64];
  size_t w = (size_t)snprintf(got, sizeof got, "%zu line%s", ls->n, ls->n == 1 ? "" : "s");
  if (ls->n <= MRZ_MAX_LENGTHS_SHOWN) {
    for (size_t k = 0; k < ls->n && w < sizeof got; k++)
      w += (size_t)snprintf(got + w, sizeof got - w, "%s%zu", k == 0 ? " of " : k + 1 == ls->n ? " and " : ", ",
                            ls->len[k]);
  }
  const char *code = ls->n == 2 || ls->n == 3 ? "line_length" : "line_count";
  m->n_issues = 0; /* the shape explains everything */
  issue(m, code, "expected 2 lines of 44 or 36 or 3 lines of 30 characters, got %s", got);
  return vet_fail(e, VET_EPARSE, "mrz: %s", m->issues[0].msg);
}

vet_err vet_mrz_parse(vet_str text, const struct vet_date *today, struct vet_mrz *out, struct vet_error *e)
{
  if (!out)
    return vet_fail(e, VET_EINVAL, "mrz: no output");
  memset(out, 0, sizeof *out);
  if (text.len > VET_MRZ_MAX_INPUT) {
    issue(out, "too_long", "input of %zu bytes is over the %d-byte limit", text.len, VET_MRZ_MAX_INPUT);
    return vet_fail(e, VET_ELIMIT, "mrz: %s", out->issues[0].msg);
  }
  if (vet_str_trim(text).len == 0) {
    issue(out, "empty", "empty input");
    return vet_fail(e, VET_EPARSE, "mrz: empty input");
  }
  struct vet_date now;
  if (!today || !today->year) {
    vet_date_today(&now);
    today = &now;
  }
  struct lines ls;
  split_lines(out, text, &ls);
  const struct layout *L = find_layout(&ls);
  if (!L)
    return shape_error(out, &ls, e);
  out->format = L->format;
  read_code(out, &ls, L);
  read_country(out, out->issuing_state, sizeof out->issuing_state, (vet_str){ls.line[0] + 2, 3}, "issuing state");
  read_name(out, at(&ls, L->name), L->name.line, L->name.at);
  read_docnum(out, &ls, L);
  read_country(out, out->nationality, sizeof out->nationality, at(&ls, L->nationality), "nationality");
  read_dates(out, &ls, L, today);
  if (L->opt2.len)
    copy_unpadded(out->optional_data2, sizeof out->optional_data2, at(&ls, L->opt2));
  read_trailer(out, &ls, L);
  out->valid = out->n_issues == 0;
  return VET_OK;
}
