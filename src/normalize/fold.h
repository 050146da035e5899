/* normalize/fold.h - Unicode folding through utf8proc: NFKC, case folding
 * and removal of combining marks, so "Müller", "MÜLLER" and "Mu\u0308ller"
 * all become "muller".  Transliteration of other scripts is in
 * normalize/translit.h.
 * Owns: nothing; writes into caller buffers.
 * Thread-safety: safe from any thread. */
#ifndef VET_NORMALIZE_FOLD_H
#define VET_NORMALIZE_FOLD_H

#include "core/common.h"

/* Append the folded form of in (valid UTF-8) to out.  VET_EPARSE for
 * invalid UTF-8, VET_ELIMIT past out's cap. */
vet_err vet_fold(vet_str in, struct vet_buf *out);

/* A lookup key: vet_fold, then every ASCII character that is not a letter
 * or digit becomes a space, runs of spaces collapse, ends trimmed.
 * "Korea, North" -> "korea north". */
vet_err vet_fold_key(vet_str in, struct vet_buf *out);

/* vet_fold_key of ASCII text into dst[cap] (NUL-terminated), without a
 * buffer on the heap: the key's length, or SIZE_MAX when in is not ASCII
 * or not shorter than cap (then use vet_fold_key). */
size_t vet_fold_key_ascii(vet_str in, char *dst, size_t cap);

#endif
