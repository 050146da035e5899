/* vetter/normalize.h - name normalization: Unicode folding, transliteration
 * of non-Latin scripts to ASCII (Hangul by Revised Romanization, syllable
 * by syllable; other scripts through ICU), tokenization, generic words,
 * and the keys the index and scorer compare (Korean romanization key,
 * consonant skeleton).
 * Owns: a vet_normalizer owns its ICU transliterator.
 * Thread-safety: one thread at a time per vet_normalizer (ICU
 * transliterators are not thread-safe); make one per thread. */
#ifndef VETTER_NORMALIZE_H
#define VETTER_NORMALIZE_H

#include <stdbool.h>
#include <stdint.h>

#include "vetter/arena.h"
#include "vetter/error.h"
#include "vetter/str.h"

enum vet_token_flags {
  VET_TOK_GENERIC = 1u << 0, /* generic word or legal form ("trading", "ltd") */
  VET_TOK_NUMBER = 1u << 1,  /* contains a digit */
  VET_TOK_INITIAL = 1u << 2, /* a single letter */
  VET_TOK_HANGUL = 1u << 3,  /* romanized from a Hangul syllable */
  VET_TOK_KOREAN = 1u << 4,  /* spells a sequence of romanized Korean syllables */
};

#define VET_SKEL_MIN 3

struct vet_token {
  vet_str text;     /* lower-case ASCII letters and digits; never empty */
  vet_str kkey;     /* Korean romanization key (see normalize/korean.c); == text when not Korean-looking */
  vet_str skel;     /* consonant skeleton ("muhammad" -> "mmd"); compared only when
                     * VET_SKEL_MIN letters or longer and both words have
                     * match.typo_min_len letters (shorter ones say little:
                     * "sng" is Singh and Song) */
  uint32_t flags;   /* enum vet_token_flags */
  float weight;     /* set by the matcher (idf and generic weight); 1 after normalization */
  uint32_t letters; /* bit i set when letter 'a'+i occurs (bits 26-31: digits), for quick rejection */
};

struct vet_name_norm {
  struct vet_token *tok; /* allocated in the arena given to vet_name_normalize */
  uint32_t n;
};

struct vet_normalizer;

/* max_bytes: longest accepted input (VET_ELIMIT beyond); 0 for 4096. */
struct vet_normalizer *vet_normalizer_new(size_t max_bytes, struct vet_error *e);
void vet_normalizer_free(struct vet_normalizer *nz); /* NULL-safe */

/* Have ICU compile the transliteration rules of the scripts sanctions
 * lists are written in (Han, Cyrillic, Arabic, Greek, Hebrew, Georgian,
 * Thai, Ethiopic, Myanmar, Kana).  ICU keeps compiled rules for the whole
 * process, so normalizers made afterwards transliterate at once; without
 * it the first name in Han script costs one thread about 0.2 s.  Optional
 * (the result of every normalization is the same); run it on a spare
 * thread while other work goes on.  Thread-safe. */
void vet_translit_warm(void);

/* Normalize raw (UTF-8) into tokens allocated in a.  "KIM, Jong-Un" ->
 * kim jong un; "김정은" -> gim jeong eun (flag HANGUL); "Müller" -> muller.
 * Errors: VET_EPARSE (invalid UTF-8, with the byte offset), VET_ELIMIT
 * (too long), VET_ENOMEM. */
vet_err vet_name_normalize(struct vet_normalizer *nz, struct vet_arena *a, vet_str raw, struct vet_name_norm *out,
                           struct vet_error *e);

/* The folded ASCII form of raw (tokens joined by one space), in a. */
vet_err vet_name_fold(struct vet_normalizer *nz, struct vet_arena *a, vet_str raw, vet_str *out, struct vet_error *e);

/* true when the lower-case ASCII word is a generic word or legal form. */
bool vet_is_generic_word(vet_str word);
/* The canonical spelling of a generic word ("corporation" -> "corp",
 * "limited" -> "ltd", "company" -> "co"); the word itself when it has no
 * other spelling.  Static storage or word's own bytes. */
vet_str vet_generic_canonical(vet_str word);

/* The letters bit set of a lower-case ASCII token (vet_token.letters). */
uint32_t vet_letter_mask(vet_str token);

/* Korean romanization key of a lower-case ASCII token, written to out
 * (cap >= token length + 1).  Returns true when the token segments into
 * romanized Korean syllables (then out is its key), false otherwise (out
 * is a copy of the token). */
bool vet_korean_key(vet_str token, char *out, size_t cap, size_t *out_len);

/* Revised Romanization of one Hangul syllable (U+AC00..U+D7A3) into out
 * (cap >= 8); returns the length, 0 when cp is not a syllable. */
size_t vet_hangul_romanize(int32_t cp, char *out, size_t cap);

#endif
