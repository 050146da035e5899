/* vetter/error.h - the one error enum and message struct of the library.
 * Owns: nothing; a vet_error is caller storage.
 * Thread-safety: safe from any thread. */
#ifndef VETTER_ERROR_H
#define VETTER_ERROR_H

typedef enum vet_err {
  VET_OK = 0,
  VET_ENOMEM,   /* allocation failed */
  VET_EINVAL,   /* caller bug: bad argument */
  VET_EPARSE,   /* bad data */
  VET_ELIMIT,   /* over a configured limit */
  VET_EIO,      /* file or network I/O failed */
  VET_EDB,      /* store failure */
  VET_ENOTFOUND /* no such thing */
} vet_err;

struct vet_error {
  vet_err code;  /* VET_OK when nothing failed */
  char msg[256]; /* lower case, subject first, no final full stop */
};

/* Stable name of a code ("ok", "parse", ...), for logs and JSON. */
const char *vet_err_name(vet_err c);

/* Record a failure in e (which may be NULL) and return code, so that
 * callers write: return vet_fail(e, VET_EPARSE, "line %zu: ...", n); */
vet_err vet_fail(struct vet_error *e, vet_err code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Put "prefix: " in front of the message already in e (e.g. a file name). */
void vet_error_prefix(struct vet_error *e, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Reset e to VET_OK with an empty message; NULL-safe. */
void vet_error_clear(struct vet_error *e);

#endif
