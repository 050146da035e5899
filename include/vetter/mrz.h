/* vetter/mrz.h - ICAO 9303 machine-readable zones (MRZ): recognize the
 * format (TD1 identity cards, TD2 cards, TD3 passports, MRV-A and MRV-B
 * visas), split it into fields, verify every check digit and report every
 * malformed field with a stable code, without correcting anything: an
 * OCR confusion ('O' for '0') is reported as the failure it causes, never
 * guessed away.
 * Owns: nothing; a vet_mrz is caller storage with fixed-size fields and
 * no pointers into the input.
 * Thread-safety: safe from any thread. */
#ifndef VETTER_MRZ_H
#define VETTER_MRZ_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "vetter/entity.h"
#include "vetter/error.h"
#include "vetter/str.h"

/* Longest input vet_mrz_parse reads (bytes, before trimming): a TD1 is 90
 * characters plus separators; anything near this cap is not an MRZ. */
#define VET_MRZ_MAX_INPUT 256
/* Issues kept per MRZ; further ones are dropped (the first are the ones
 * that explain the rest). */
#define VET_MRZ_MAX_ISSUES 16

enum vet_mrz_format {
  VET_MRZ_NONE = 0, /* shape not recognized */
  VET_MRZ_TD1,      /* 3 lines of 30: identity cards (9303 part 5) */
  VET_MRZ_TD2,      /* 2 lines of 36: official travel documents (part 6) */
  VET_MRZ_TD3,      /* 2 lines of 44: passports (part 4) */
  VET_MRZ_MRVA,     /* 2 lines of 44 starting with 'V': full-page visa (part 7) */
  VET_MRZ_MRVB,     /* 2 lines of 36 starting with 'V': smaller visa (part 7) */
};

/* "TD1", "TD2", "TD3", "MRV-A", "MRV-B"; NULL for VET_MRZ_NONE or an
 * unknown value. */
const char *vet_mrz_format_name(enum vet_mrz_format f);

enum vet_mrz_check {
  VET_MRZ_CHECK_NA = 0, /* the format has no such digit, or the field is
                           empty and the digit is '<' where ICAO allows it */
  VET_MRZ_CHECK_OK,
  VET_MRZ_CHECK_FAIL, /* wrong digit, a non-digit, or not computable */
};
/* "ok", "fail", "n/a". */
const char *vet_mrz_check_name(enum vet_mrz_check c);

/* One problem found.  Codes are stable identifiers for programs:
 *   "empty", "too_long"           no input / input over VET_MRZ_MAX_INPUT
 *   "line_count", "line_length"   the shape of no known format
 *   "lowercase"                   lower-case letters (upper-cased, then parsed)
 *   "bad_character"               a character outside [0-9A-Z<] (first one named)
 *   "bad_document_code"           wrong document code for the format
 *   "bad_country"                 issuing state or nationality not a code
 *                                 (3 letters, or "D<<" for Germany)
 *   "empty_name", "bad_name"      no primary identifier; a digit in the name
 *   "bad_document_number"         empty number, or a long number whose
 *                                 continuation is missing
 *   "check_document_number", "check_birth_date", "check_expiry_date",
 *   "check_optional_data", "check_composite"   a check digit failed
 *   "bad_birth_date", "bad_expiry_date"        not a (possible) date
 *   "bad_sex"                     not M, F, X or '<'
 * msg is lower case ASCII with the values in quotes. */
struct vet_mrz_issue {
  const char *code; /* static string */
  char msg[96];
};

struct vet_mrz {
  enum vet_mrz_format format;
  bool valid; /* a format was recognized and there is no issue at all
                 (every check digit OK, every field well formed) */
  char document_code[3];   /* "P", "ID", "I", "AC", "V" ...: fillers removed */
  char issuing_state[4];   /* as in the MRZ, fillers removed: "UTO", "D" (Germany) */
  char nationality[4];     /* likewise */
  char surname[48];        /* primary identifier: '<' -> ' ', trimmed */
  char given_names[48];    /* secondary identifier (after "<<"); may be empty */
  char document_number[32]; /* trailing fillers removed; a TD1/TD2 long number
                               (over 9 characters, continued in the optional
                               data, 9303 part 5 4.2.4 / part 6) joined whole */
  char optional_data[40];  /* TD3 personal number, TD1 optional data 1 (minus the
                              number's continuation), TD2/MRV optional data;
                              padding fillers removed, inner ones kept */
  char optional_data2[16]; /* TD1 line 2 optional data; empty for other formats */
  struct vet_date birth_date;  /* year 0 when unknown ("<<<<<<") or unreadable;
                                  month/day 0 when the MRZ has "<<" there */
  struct vet_date expiry_date; /* year 0 when unreadable */
  char sex;                    /* 'M', 'F', 'X' ('<' or 'X' in the MRZ), or 0 when invalid */
  enum vet_mrz_check check_document_number, check_birth_date, check_expiry_date, check_optional_data,
      check_composite;
  struct vet_mrz_issue issues[VET_MRZ_MAX_ISSUES];
  uint32_t n_issues;
};

/* The ICAO 9303 check digit of a field: weights 7, 3, 1 repeating over the
 * character values '0'-'9' = 0-9, 'A'-'Z' = 10-35, '<' = 0, sum modulo 10.
 * Returns 0-9, or -1 when a character is not in [0-9A-Z<] (lower case
 * included).  The empty field gives 0. */
int vet_mrz_check_digit(vet_str field);

/* Parse and validate one MRZ.  text holds its lines joined by '|' or by
 * newlines (CR LF tolerated); white space around the text and around each
 * line is trimmed and blank lines are skipped; a single line of exactly
 * 90, 88 or 72 characters (the lines run together) is split into 3x30,
 * 2x44 or 2x36.  Lower case is upper-cased and reported ("lowercase").
 *
 * Shapes: 3x30 is TD1; 2x44 is MRV-A when it starts with 'V', else TD3;
 * 2x36 is MRV-B when it starts with 'V', else TD2.
 *
 * Two-digit years: a birth year is 20YY unless that date would be after
 * today, then 19YY; an expiry year is always 20YY.  today NULL (or with
 * year 0) means the current UTC date.  A birth date may leave the day, or
 * the month and day, or all of it as fillers ("7408<<", "74<<<<",
 * "<<<<<<"); an expiry date must be complete.
 *
 * Always fills *out (zeroed first; format VET_MRZ_NONE when the shape is
 * not recognized, with the reason as its one issue).  Returns VET_OK when
 * a format was recognized (out->valid may still be false: read
 * out->issues); VET_EPARSE when not, with a message naming the problem
 * ("mrz: expected 2 lines of 44 or 36 or 3 lines of 30 characters, got 2
 * lines of 43 and 44"; "mrz: empty input"); VET_ELIMIT when text is over
 * VET_MRZ_MAX_INPUT bytes; VET_EINVAL when out is NULL. */
vet_err vet_mrz_parse(vet_str text, const struct vet_date *today, struct vet_mrz *out, struct vet_error *e);

/* The JSON form of a parsed MRZ, a new reference the caller json_decref()s:
 * {"valid","format","document_code","issuing_state","surname",
 *  "given_names","document_number","nationality","birth_date","sex",
 *  "expiry_date","optional_data","optional_data2",
 *  "checks":{"document_number","birth_date","expiry_date","optional_data",
 *            "composite"},
 *  "errors":[{"code","message"}]}
 * format is the vet_mrz_format_name or null; dates are "YYYY-MM-DD",
 * "YYYY-MM" or "YYYY" (partly unknown birth date) or null; sex is "M", "F",
 * "X" or null; each check is "ok", "fail" or "n/a".  When no format was
 * recognized every field is null.  optional_data2 is null except for TD1.
 * NULL only when out of memory. */
json_t *vet_mrz_json(const struct vet_mrz *m);

#endif
