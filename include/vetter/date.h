/* vetter/date.h - full and partial dates as lists write them.
 * Owns: nothing; pure functions over caller memory.
 * Thread-safety: safe from any thread. */
#ifndef VETTER_DATE_H
#define VETTER_DATE_H

#include <stdbool.h>

#include "vetter/entity.h"

/* Parse one date: "1977-03-25", "1977-03", "1977", "25 Mar 1977",
 * "Mar 1977", "25/03/1977" (day first), "00/00/1965", "circa 1947",
 * "1960 to 1962", "19770325".  VET_EPARSE when it is not a date or is
 * impossible (month 13, 31 Feb). */
vet_err vet_date_parse(vet_str s, struct vet_date *out);
/* "1977-03-25", "1977-03", "1977" (plus "~" prefix when approx); buf >= 16. */
void vet_date_format(const struct vet_date *d, char *buf, size_t cap);
/* Days in month (1-12) of year; 0 for a bad month. */
int vet_days_in_month(int year, int month);

/* Days since 1970-01-01 of a full date (missing month/day count as 1). */
long vet_date_days(const struct vet_date *d);
/* Today's date (UTC). */
void vet_date_today(struct vet_date *d);

/* How two dates agree: */
enum vet_date_match {
  VET_DATE_UNKNOWN = 0, /* one side empty */
  VET_DATE_EXACT,       /* same year, month and day */
  VET_DATE_COMPATIBLE,  /* agree as far as both are known (same year, one side lacks the day) */
  VET_DATE_NEAR,        /* within the approximate range or one year apart */
  VET_DATE_CONFLICT,    /* disagree */
};
enum vet_date_match vet_date_compare(const struct vet_date *a, const struct vet_date *b);

#endif
