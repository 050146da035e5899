/* match/screen_int.h - a searcher's state and the pieces of the candidate
 * code shared by the scattering side (match/screen.c) and the walk over
 * the sorted posting lists (match/screen_walk.c).
 * Owns: nothing beyond the definitions.
 * Thread-safety: a searcher is one thread's at a time. */
#ifndef VET_MATCH_SCREEN_INT_H
#define VET_MATCH_SCREEN_INT_H

#include "match/index_int.h"
#include "match/score_int.h"

/* Per name, side by side so that touching a name costs one cache miss. */
struct slot {
  uint32_t stamp; /* (query serial, token) that last touched it */
  float acc;      /* accumulated candidate weight */
};

struct vet_searcher {
  const struct vet_index *ix;
  struct vet_normalizer *nz;
  struct slot *slot; /* per name */
  uint32_t *touched; /* names touched by this query, each once */
  uint32_t n_touched;
  uint32_t *reached; /* touched names whose acc reached reach_bar, each once */
  uint32_t n_reached;
  float reach_bar;   /* min_acc; +inf (reached unused) unless monotone */
  bool monotone;     /* every weight and key factor is in [0, 1] (see monotone_config) */
  uint32_t serial;
  uint32_t *top;     /* this query's candidates, best first (cfg.max_candidates) */
  float *top_acc;    /* their accumulated weights */
  struct vet_buf kb;
  struct qkeys *qk;  /* per query word (QUERY_MAX_TOKENS) */
  struct vet_buf qb; /* their key strings */
  /* the words met so far (word_memo): memo key -> memo[k]; their typo
   * lists in typo_list; per query word, its entry (memo_of) */
  struct vet_strmap memo_map;
  struct vet_arena memo_words;
  struct word_memo *memo;
  uint32_t n_memo, cap_memo;
  struct typo_list *typo_list;
  uint32_t n_typo_list, cap_typo_list;
  uint32_t *memo_of; /* per query word (QUERY_MAX_TOKENS): its entry, NO_MEMO */
};

/* What a searcher remembers of a word: queries repeat their words (given
 * names, common surnames), and a word's own keys cost three probes of the
 * index's key table and its typo keys up to 2 * length + 1 more, nearly
 * all cache misses.  A word is known by its flags and text (which its
 * keys derive from); longer words than MEMO_WORD_LEN are looked up every
 * time.  At most MEMO_WORDS words a searcher, about 9 MB (a capacity, not
 * a setting: the lists are the same either way). */
#define MEMO_WORDS (1u << 16)
#define MEMO_WORD_LEN 64
#define NO_MEMO UINT32_MAX
#define TYPO_UNKNOWN UINT32_MAX
struct typo_list {
  const uint32_t *p;
  uint32_t n;
};

/* A query word's own keys, looked up once per query (lookup_keys) and
 * read by every step after it: its rarity weight, the order of the words,
 * the candidate lists and the walk's probes. */
enum { QK_TEXT, QK_KOREAN, QK_SKEL, QK_N };
struct qkeys {
  const uint32_t *p[QK_N]; /* posting lists; NULL when absent or not looked up */
  uint32_t n[QK_N];
  uint32_t id[QK_N];       /* the keys' ids (IX_NO_KEY when absent or not looked up), for vcheck */
};

struct word_memo {
  struct qkeys qk;             /* its own keys (lookup_keys) */
  uint32_t typo_first, n_typo; /* its typo lists (token_lists), n_typo TYPO_UNKNOWN until looked up */
};
#define QUERY_MAX_TOKENS 255     /* words a query's steps take (gather) */
#define QUERY_KEY_MAX (1u << 16) /* a longer key is taken as absent, as vet_ix_key's buffer does */
/* Checking a found name for a word costs about this many posting entries. */
#define VERIFY_COST 8

/* A posting list as the candidate code takes it. */
struct cursor {
  const uint32_t *p;
  uint32_t n, pos;
  float add;  /* what a name on it gets: the token's weight times the key's strength */
  double ub;  /* add, as a bound */
};

/* Typos are looked for in words of at most TYPO_MAX_LEN bytes: the text
 * as a deletion and two keys per deleted letter. */
#define TYPO_MAX_LEN IX_TYPO_MAX_LEN
#define TYPO_MAX_KEYS (1 + 2 * TYPO_MAX_LEN)
/* Text, Korean key, skeleton, and the typo keys. */
#define TOKEN_MAX_LISTS (3 + TYPO_MAX_KEYS)

/* A query token prepared for checking names against it. */
struct vcheck {
  uint32_t tid, kid, sid; /* its keys' ids (lookup_keys), IX_NO_KEY where no test applies */
  bool kor, skel_ok;
  uint64_t sig;           /* bits a name must share to hold it (index_int.h) */
};

/* Postings of one list into the accumulators for query token mark & 0xff
 * (mark: the query serial << 8 | token + 1), once per token and name;
 * list_mask, when not 0, keeps the names of those lists only. */
void screen_touch(struct vet_searcher *s, const uint32_t *post, uint32_t n, uint32_t mark, float add,
                  uint64_t list_mask);
/* The non-empty posting lists of every key of one query token that the
 * candidate code takes, in the order it takes them (a name on several
 * gets the first one's add), into out[TOKEN_MAX_LISTS]; returns how many. */
uint32_t screen_token_lists(struct vet_searcher *s, const struct vet_token *tok, uint32_t t, bool allow_long,
                            struct cursor *out);
/* Query word t (tok) prepared: a test whose key the index lacks holds for
 * no name and is left out. */
void screen_vcheck_init(const struct vet_searcher *s, const struct vet_token *tok, uint32_t t, struct vcheck *v);
/* A query token that can no longer make a new name a candidate only adds
 * to names already found: checked against their tokens, not through its
 * (long) posting lists. */
void screen_verify_token(struct vet_searcher *s, const struct vet_token *tok, uint32_t t);

/* How well name id holds the token: 1 as written, korean_sim by its
 * Korean key, phonetic_sim by its skeleton, else 0.  Words are compared
 * by their keys' ids (struct ix_tokkey), exact and without reading the
 * strings elsewhere in memory.  A name token's ids are never IX_NO_KEY
 * for its text, nor for its Korean key when it is Korean; its skeleton's
 * id is IX_NO_KEY unless it is long enough, so v->sid is tested too. */
static inline double screen_vcheck_name(const struct vet_index *ix, const struct vcheck *v, uint32_t id)
{
  const struct ix_name *xn = &ix->names[id];
  if (!(xn->sig & v->sig))
    return 0; /* no token of the name can pass any test below */
  const struct ix_tokkey *tk = ix->tokkeys + xn->tok_off;
  double best = 0;
  for (uint32_t k = 0; k < xn->n_tok && best < 1.0; k++) {
    if (tk[k].text_id == v->tid)
      best = 1.0;
    else if (v->kor && (tk[k].flags & VET_TOK_KOREAN) && tk[k].kkey_id == v->kid)
      best = VET_MAX(best, ix->cfg.korean_sim);
    else if (v->sid != IX_NO_KEY && tk[k].skel_id == v->sid)
      best = VET_MAX(best, ix->cfg.phonetic_sim);
  }
  return best;
}

/* The first steps of gather() (screen.c) by a walk over the sorted lists
 * (screen_walk.c): the query words order[0 .. n) rarest first, df[t] the
 * length of word t's rarity list, *remaining their weights, decreased as
 * gather()'s loop decreases it.  Plans the steps, and walks when the plan
 * settles and scattering it would cost enough (always in the second pass,
 * allow_long).  Returns true when the candidates are chosen (in s->top,
 * *n_top of them); else the first *k steps are scattered and gather()
 * goes on from step *k. */
bool screen_walk(struct vet_searcher *s, const struct vet_name_norm *qn, const uint32_t *order, const uint32_t *df,
                 uint32_t n, float *remaining, float min_acc, bool allow_long, uint32_t *k, uint32_t *n_top);

#endif
