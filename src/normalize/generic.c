/* normalize/generic.c - generic words and legal forms.  They count for
 * little in a name (normalize.h VET_TOK_GENERIC; match.h generic_weight)
 * but are never deleted, so a name cannot shrink to nothing. */
#include "core/common.h"
#include "vetter/normalize.h"

/* Sorted for bsearch. Lower-case ASCII, as tokens are after folding. */
static const char *const generic_words[] = {
    "ab", "ag", "and", "as", "association", "bhd", "bv", "cia", "co", "commercial", "compania", "company",
    "corp", "corporation", "cv", "de", "del", "der", "des", "di", "ehf", "eirl", "empresa",
    "enterprise", "enterprises", "est", "establishment", "et", "firm", "firma", "fzc", "fzco", "fze", "fzllc",
    "gesellschaft", "gmbh", "gongsi", "group", "groupe", "grupo", "gruppa", "hoesa", "holding", "holdings",
    "inc", "incorporated", "industrial", "industries", "industry", "international", "intl", "jsc", "jv",
    "kabushiki", "kaisha", "kft", "kg", "kk", "la", "le", "limitada", "limited", "llc", "llp", "lp", "ltd",
    "ltda", "mbh", "network", "networks", "nv", "oao", "obshchestvo", "of", "ojsc", "ooo", "oy", "oyj", "pao",
    "pjsc", "plc", "pt", "pte", "pty", "pvt", "sa", "sae", "sal", "sarl", "sas", "sdn", "services", "sl",
    "sociedad", "societe", "sp", "spa", "srl", "sro", "tech", "technologies", "technology", "the", "trade",
    "trading", "ug", "und", "youxian", "zao",
};

static int cmp(const void *k, const void *e)
{
  const vet_str *key = k;
  const char *w = *(const char *const *)e;
  size_t n = strlen(w);
  size_t m = VET_MIN(key->len, n);
  int c = memcmp(key->ptr, w, m);
  if (c)
    return c;
  return key->len < n ? -1 : key->len > n;
}

bool vet_is_generic_word(vet_str word)
{
  if (word.len == 0 || word.len > 16)
    return false;
  return bsearch(&word, generic_words, VET_COUNTOF(generic_words), sizeof generic_words[0], cmp) != NULL;
}

/* Spellings of one legal form or generic word, canonical first. */
static const struct {
  const char *word, *canon;
} canon[] = {
    {"company", "co"},        {"compania", "co"},        {"cia", "co"},
    {"corporation", "corp"},  {"incorporated", "inc"},   {"limited", "ltd"},
    {"limitada", "ltda"},     {"international", "intl"}, {"technologies", "tech"},
    {"technology", "tech"},   {"industries", "industry"}, {"industrial", "industry"},
    {"enterprises", "enterprise"}, {"holdings", "holding"}, {"networks", "network"},
    {"groupe", "group"},      {"grupo", "group"},        {"gruppa", "group"},
    {"establishment", "est"}, {"trade", "trading"},
};

vet_str vet_generic_canonical(vet_str word)
{
  for (size_t i = 0; i < VET_COUNTOF(canon); i++)
    if (vet_str_eq_c(word, canon[i].word))
      return vet_str_c(canon[i].canon);
  return word;
}
