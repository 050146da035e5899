/* match/index_int.h - the index's layout, shared by its builder
 * (match/index.c) and its reader (match/screen.c, match/screen_walk.c).
 * Owns: nothing beyond the struct definitions.
 * Thread-safety: immutable once built. */
#ifndef VET_MATCH_INDEX_INT_H
#define VET_MATCH_INDEX_INT_H

#include "core/common.h"
#include "core/strmap.h"
#include "vetter/match.h"

/* Key kinds, the first byte of every index key. */
#define KEY_TEXT 't'  /* the token */
#define KEY_KOREAN 'k' /* its Korean romanization key */
#define KEY_SKEL 's'  /* its consonant skeleton */
#define KEY_DEL 'd'   /* the token with one letter deleted */
/* Deletion keys are made for words of at most this many bytes, on both
 * the list side and the query side. */
#define IX_TYPO_MAX_LEN 32

struct ix_name {
  uint32_t entity;  /* index into listset entities */
  uint32_t tok_off; /* first token in vet_index.tokens */
  uint64_t sig;     /* vet_ix_sig_* bits of its tokens' keys, OR-ed */
  uint16_t name_i;  /* index into the entity's names */
  uint8_t n_tok;
  uint8_t list;     /* list index (< 64) */
};

/* A key's id (vet_index.n_keys of them; index.c numbers them as it
 * meets them), or none. */
#define IX_NO_KEY UINT32_MAX

/* What verifying a found name needs of each of its tokens, packed (16
 * bytes, a name's tokens usually in one cache line): the ids of its
 * text's, Korean key's and skeleton's index keys, so that two words are
 * compared by the key they share rather than by their strings elsewhere
 * in memory.  kkey_id is IX_NO_KEY unless the token is Korean, skel_id
 * unless vet_ix_skel_compared; a skeleton key that no token posts is
 * still given an id. */
struct ix_tokkey {
  uint32_t text_id, kkey_id, skel_id;
  uint16_t flags; /* enum vet_token_flags */
  uint8_t len;    /* text length, capped at 255 */
  uint8_t pad;
};

/* Signature bits of a token's keys, for ruling a name out without
 * reading its tokens: a name whose tokens' bits miss every bit of a query
 * token's keys holds no token equal to it by text, Korean key or
 * skeleton.  Text in the low half, the other keys in the high half; the
 * bit is taken from the key id's multiplicative hash. */
static inline uint32_t vet_ix_sig_bit(uint32_t id, uint32_t mult) { return (id * mult) >> 27; }
static inline uint64_t vet_ix_sig_text(uint32_t id) { return 1ull << vet_ix_sig_bit(id, 2654435761u); }
static inline uint64_t vet_ix_sig_kkey(uint32_t id) { return 1ull << (32 + vet_ix_sig_bit(id, 2246822519u)); }
static inline uint64_t vet_ix_sig_skel(uint32_t id) { return 1ull << (32 + vet_ix_sig_bit(id, 3266489917u)); }

/* Whether a word's skeleton is one that checking a found name compares
 * (screen_int.h's struct vcheck), and so one whose key has an id in struct
 * ix_tokkey: the index side and the query side must agree. */
static inline bool vet_ix_skel_compared(const struct vet_token *t, const struct vet_match_config *cfg)
{
  return t->skel.len >= VET_SKEL_MIN && t->text.len >= cfg->typo_min_len;
}

/* The index keys once built, frozen for lookups: linear probing over a
 * dense array of 16-bit tags, compared eight at a time (a lookup that
 * misses, the common case for typo keys, costs about one cache line), and
 * per slot the key itself and where its posting list is, so that a lookup
 * that hits reads one slot instead of three places (the slot, the key
 * string, the list offsets), and a key posted to a single name holds that
 * name in the slot. */
#define IX_KEY_INLINE 16 /* keys up to this many bytes are held in the slot */
struct ix_keyslot {
  uint32_t off; /* the first posting in vet_index.post; the name id itself when n == 1 */
  uint32_t n;   /* postings (0 for a skeleton key given an id only, see struct ix_tokkey) */
  uint32_t id;  /* the key's id */
  uint32_t len; /* key length */
  char key[IX_KEY_INLINE]; /* the key when len <= IX_KEY_INLINE, else a pointer to it (memcpy'd in) */
};
_Static_assert(sizeof(struct ix_keyslot) == 32, "a key slot is half a cache line");

#define IX_KEYTAB_WINDOW 8 /* tags compared at once (the first ones repeated past the end) */
struct ix_keytab {
  uint16_t *tags;            /* ix_keytab_tag of the key's hash, 0 when empty; cap + IX_KEYTAB_WINDOW */
  struct ix_keyslot *slots;  /* valid where tags[i] != 0 */
  size_t cap;                /* slots, at least one empty (index.c's KEYTAB_MAX_LOAD) */
};

/* The 16-bit tag of a key of hash h (vet_strmap_hash) in the dense tag
 * array, never 0: the high bits.  Half the bytes of a 32-bit tag keep
 * more of the array in the cache; a tag that matches another key only
 * costs reading its slot, once in 65,535 probes. */
static inline uint16_t ix_keytab_tag(uint64_t h)
{
  uint16_t t = (uint16_t)(h >> 48);
  return t ? t : 1;
}

/* The slot where a key of hash h (vet_strmap_hash) is first looked for:
 * the low 32 bits scaled to the table (the tag takes the high ones). */
static inline size_t ix_keytab_home(const struct ix_keytab *kt, uint64_t h)
{
  return (size_t)(((h & 0xffffffffu) * (uint64_t)kt->cap) >> 32);
}

struct vet_index {
  const struct vet_listset *ls;
  struct vet_match_config cfg;
  struct vet_arena arena;        /* token strings and keys */
  struct ix_name *names;
  uint32_t n_names;
  struct vet_token *tokens;      /* weights set */
  struct ix_tokkey *tokkeys;     /* parallel to tokens */
  size_t n_tokens;
  struct vet_strmap keys;        /* key -> key id, while building (then frozen into keytab) */
  struct ix_keytab keytab;       /* key -> its posting list, once built */
  uint32_t n_keys;
  uint32_t *post;                /* name ids, ascending per key */
  size_t n_post;
  uint32_t max_posting;          /* posting lists longer than this are skipped for candidates */
  struct vet_strmap ids;         /* "kind:norm" -> id key */
  uint32_t *id_off;              /* CSR: entity ids per identifier key */
  uint32_t *id_ents;
  uint32_t n_id_keys;
  size_t n_ids;
  bool in_image; /* the arrays above are in the list set's snapshot image (match/snapshot.c): not freed */
};

/* Rarity weight of a token from the number of names holding it (Korean words: their key). */
float vet_ix_weight(const struct vet_index *ix, const struct vet_token *t, struct vet_buf *scratch);
/* The same from the token's flags and the length of its rarity key's
 * posting list (the Korean key's for Korean words, else the text's). */
float vet_ix_weight_df(const struct vet_index *ix, uint32_t flags, uint32_t df);
/* Prefetch the first probe of a key of hash h (vet_strmap_hash), for
 * vet_ix_postings_hashed. */
VET_PREFETCH_INLINE void vet_ix_prefetch(const struct vet_index *ix, uint64_t h)
{
  if (ix->keytab.cap) {
    size_t at = ix_keytab_home(&ix->keytab, h);
    VET_PREFETCH(&ix->keytab.tags[at]);
    VET_PREFETCH(&ix->keytab.slots[at]);
  }
}
/* Posting list of key; *n = 0 when absent. */
const uint32_t *vet_ix_postings(const struct vet_index *ix, vet_str key, uint32_t *n);
/* vet_ix_postings with the key's vet_strmap_hash already known. */
const uint32_t *vet_ix_postings_hashed(const struct vet_index *ix, vet_str key, uint64_t h, uint32_t *n);
/* The same, and the key's id into *id (IX_NO_KEY when absent). */
const uint32_t *vet_ix_lookup_hashed(const struct vet_index *ix, vet_str key, uint64_t h, uint32_t *n, uint32_t *id);
/* Build a key "<kind><text>" into b. */
vet_str vet_ix_key(struct vet_buf *b, char kind, vet_str text);
/* Build an identifier's key "<kind as a decimal>:<norm>" (the ids map's
 * keys) into b; VET_STR_NULL when b refuses it. */
vet_str vet_ix_ident_key(struct vet_buf *b, enum vet_id_kind kind, vet_str norm);

#endif
