/* core/date.c - parsing and comparing the full and partial dates that
 * watchlists and profiles carry. */
#include <stdio.h>
#include <time.h>

#include "core/common.h"
#include "vetter/date.h"

int vet_days_in_month(int year, int month)
{
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12)
    return 0;
  if (month == 2 && ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0))
    return 29;
  return days[month - 1];
}

static int month_from_name(vet_str w)
{
  static const char *const names[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                      "jul", "aug", "sep", "oct", "nov", "dec"};
  if (w.len < 3)
    return 0;
  for (int i = 0; i < 12; i++)
    if (vet_str_istarts_with(w, names[i]))
      return i + 1;
  return 0;
}

/* Split s into words of letters or digits; other bytes separate. */
struct words {
  vet_str w[8];
  char sep[8]; /* the separator before word i ('-', '/', '.', ' ', or 0) */
  int n;
};

static void split_words(vet_str s, struct words *ws)
{
  ws->n = 0;
  size_t i = 0;
  char sep = 0;
  while (i < s.len && ws->n < 8) {
    int c = (unsigned char)s.ptr[i];
    if (!vet_is_alnum(c)) {
      if (c != ' ' || !sep)
        sep = (char)c;
      i++;
      continue;
    }
    size_t st = i;
    bool digit = vet_is_digit(c);
    while (i < s.len && vet_is_alnum((unsigned char)s.ptr[i]) && vet_is_digit((unsigned char)s.ptr[i]) == digit)
      i++;
    ws->sep[ws->n] = sep;
    ws->w[ws->n++] = (vet_str){s.ptr + st, i - st};
    sep = 0;
  }
}

static bool num(vet_str w, int *out)
{
  uint64_t v;
  if (w.len == 0 || w.len > 4 || vet_parse_u64(w, &v))
    return false;
  *out = (int)v;
  return true;
}

static vet_err check(struct vet_date *d)
{
  if (d->year < 1000 || d->year > 2999)
    return VET_EPARSE;
  if (d->month > 12)
    return VET_EPARSE;
  if (d->day && (!d->month || d->day > vet_days_in_month(d->year, d->month)))
    return VET_EPARSE;
  if (d->year_to && (d->year_to < d->year || d->year_to > 2999))
    return VET_EPARSE;
  return VET_OK;
}

vet_err vet_date_parse(vet_str s, struct vet_date *out)
{
  struct vet_date d = {0};
  s = vet_str_trim(s);
  if (s.len == 0 || s.len > 64)
    return VET_EPARSE;
  /* leading words: circa, about, approximately, "ca." */
  struct words ws;
  split_words(s, &ws);
  int k = 0;
  while (k < ws.n && (vet_str_ieq_c(ws.w[k], "circa") || vet_str_ieq_c(ws.w[k], "ca") ||
                      vet_str_ieq_c(ws.w[k], "about") || vet_str_ieq_c(ws.w[k], "approximately") ||
                      vet_str_ieq_c(ws.w[k], "approx"))) {
    d.approx = 1;
    k++;
  }
  int n = ws.n - k;
  vet_str *w = ws.w + k;
  int a, b, c;
  /* "1960 to 1962" / "between 1960 and 1962" */
  if (n == 3 && num(w[0], &a) && w[0].len == 4 && num(w[2], &b) && w[2].len == 4 &&
      (vet_str_ieq_c(w[1], "to") || vet_str_ieq_c(w[1], "and"))) {
    d.year = (int16_t)a;
    d.year_to = (int16_t)b;
  } else if (n == 1 && w[0].len == 8 && num((vet_str){w[0].ptr, 4}, &a) &&
             num((vet_str){w[0].ptr + 4, 2}, &b) && num((vet_str){w[0].ptr + 6, 2}, &c)) {
    d.year = (int16_t)a; /* 19770325 */
    d.month = (uint8_t)b;
    d.day = (uint8_t)c;
  } else if (n == 1 && w[0].len == 4 && num(w[0], &a)) {
    d.year = (int16_t)a;
  } else if (n >= 2 && n <= 3 && w[0].len == 4 && num(w[0], &a)) { /* ISO */
    d.year = (int16_t)a;
    if (!num(w[1], &b) || w[1].len > 2)
      return VET_EPARSE;
    d.month = (uint8_t)b;
    if (n == 3) {
      if (!num(w[2], &c) || w[2].len > 2)
        return VET_EPARSE;
      d.day = (uint8_t)c;
    }
  } else if (n == 3 && num(w[0], &a) && w[0].len <= 2 && num(w[2], &c) && w[2].len == 4) {
    int m = month_from_name(w[1]);
    if (!m && !num(w[1], &m))
      return VET_EPARSE;
    d.year = (int16_t)c; /* day first: 25/03/1977, 25 Mar 1977, 00/00/1965 */
    d.month = (uint8_t)m;
    d.day = (uint8_t)a;
  } else if (n == 3 && month_from_name(w[0]) && num(w[1], &a) && num(w[2], &c) && w[2].len == 4) {
    d.year = (int16_t)c; /* Mar 25 1977 */
    d.month = (uint8_t)month_from_name(w[0]);
    d.day = (uint8_t)a;
  } else if (n == 2 && num(w[1], &c) && w[1].len == 4) {
    int m = month_from_name(w[0]);
    if (!m && !(num(w[0], &m) && w[0].len <= 2))
      return VET_EPARSE;
    d.year = (int16_t)c; /* Mar 1977, 03/1977 */
    d.month = (uint8_t)m;
  } else {
    return VET_EPARSE;
  }
  if (d.month == 0)
    d.day = 0; /* "00/00/1965": day unknown too */
  if (check(&d))
    return VET_EPARSE;
  *out = d;
  return VET_OK;
}

/* As snprintf with "%s%04d-%02d-%02d" and the shorter forms would write
 * (called for every birth date a screening compares: printf's format
 * parsing was most of it); years outside 0..9999 take snprintf itself. */
void vet_date_format(const struct vet_date *d, char *buf, size_t cap)
{
  if (!cap)
    return;
  if (d->year < 0 || d->year > 9999 || d->year_to < 0 || d->year_to > 9999 || d->month > 99 || d->day > 99) {
    const char *pre = d->approx ? "~" : "";
    if (!d->year)
      vet_cstr_copy(buf, cap, "");
    else if (d->year_to)
      snprintf(buf, cap, "%s%04d/%04d", pre, d->year, d->year_to);
    else if (!d->month)
      snprintf(buf, cap, "%s%04d", pre, d->year);
    else if (!d->day)
      snprintf(buf, cap, "%s%04d-%02d", pre, d->year, d->month);
    else
      snprintf(buf, cap, "%s%04d-%02d-%02d", pre, d->year, d->month, d->day);
    return;
  }
  char t[16], *p = t;
  if (d->year) {
    if (d->approx)
      *p++ = '~';
    p = vet_dec_fixed(p, (unsigned)d->year, 4);
    if (d->year_to) {
      *p++ = '/';
      p = vet_dec_fixed(p, (unsigned)d->year_to, 4);
    } else if (d->month) {
      *p++ = '-';
      p = vet_dec_fixed(p, d->month, 2);
      if (d->day) {
        *p++ = '-';
        p = vet_dec_fixed(p, d->day, 2);
      }
    }
  }
  size_t n = VET_MIN((size_t)(p - t), cap - 1);
  memcpy(buf, t, n);
  buf[n] = 0;
}

enum vet_date_match vet_date_compare(const struct vet_date *a, const struct vet_date *b)
{
  if (!a->year || !b->year)
    return VET_DATE_UNKNOWN;
  int alo = a->year, ahi = a->year_to ? a->year_to : a->year;
  int blo = b->year, bhi = b->year_to ? b->year_to : b->year;
  if (a->approx) { alo--; ahi++; }
  if (b->approx) { blo--; bhi++; }
  bool ranged = a->year_to || b->year_to || a->approx || b->approx;
  if (ranged)
    return (alo <= bhi && blo <= ahi) ? VET_DATE_NEAR : (alo - 1 <= bhi && blo - 1 <= ahi ? VET_DATE_NEAR : VET_DATE_CONFLICT);
  if (a->year != b->year) {
    int dy = a->year - b->year;
    if (dy == 1 || dy == -1)
      return VET_DATE_NEAR;
    return VET_DATE_CONFLICT;
  }
  if (!a->month || !b->month)
    return VET_DATE_COMPATIBLE;
  if (a->month != b->month) {
    /* a day/month swap (03/04 vs 04/03) is a common data-entry error */
    if (a->day && b->day && a->day == b->month && a->month == b->day)
      return VET_DATE_NEAR;
    return VET_DATE_CONFLICT;
  }
  if (!a->day || !b->day)
    return VET_DATE_COMPATIBLE;
  return a->day == b->day ? VET_DATE_EXACT : VET_DATE_CONFLICT;
}

long vet_date_days(const struct vet_date *d)
{
  /* days from civil, proleptic Gregorian */
  long y = d->year, m = d->month ? d->month : 1, dd = d->day ? d->day : 1;
  y -= m <= 2;
  long era = (y >= 0 ? y : y - 399) / 400;
  long yoe = y - era * 400;
  long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + dd - 1;
  long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void vet_date_today(struct vet_date *d)
{
  time_t t = time(NULL);
  struct tm tm;
  gmtime_r(&t, &tm);
  memset(d, 0, sizeof *d);
  d->year = (int16_t)(tm.tm_year + 1900);
  d->month = (uint8_t)(tm.tm_mon + 1);
  d->day = (uint8_t)tm.tm_mday;
}
