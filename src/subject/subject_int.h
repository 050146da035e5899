/* subject/subject_int.h - what the population store and the JSON reader
 * share inside the subject module.
 * Owns: nothing.
 * Thread-safety: one thread at a time per population (building). */
#ifndef VET_SUBJECT_INT_H
#define VET_SUBJECT_INT_H

#include "vetter/subject.h"

/* Record an input issue "SOURCE:LINE: message" (skipped: the whole record
 * was dropped).  VET_ENOMEM is the only failure. */
vet_err population_issue(struct vet_population *p, size_t line, bool skipped, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

#endif
