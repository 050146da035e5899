/* contact/email.c - email addresses: the domain lists of data/email/
 * (disposable and free-mail providers, one hash set), the syntax check
 * and canonical forms of vet_email_parse, and vet_email_name_score, which
 * finds the person's name in the mailbox name.  Unicode case folding is
 * utf8proc's, IDNA (UTS #46) is ICU's. */
#include <stdio.h>
#include <unicode/uidna.h>
#include <utf8proc.h>

#include "core/strmap.h"
#include "io/file.h"
#include "vetter/email.h"

/* Largest list file read: the lists are a few hundred kilobytes. */
#define LIST_MAX_BYTES (16u << 20)

enum domain_flags { DOM_DISPOSABLE = 1u << 0, DOM_FREE = 1u << 1 };

static const struct {
  const char *name;
  uint32_t flag;
} list_files[] = {
    {"disposable.txt", DOM_DISPOSABLE},
    {"free.txt", DOM_FREE},
    {"free_extra.txt", DOM_FREE},
};

struct vet_email_db {
  struct vet_strmap domains;              /* domain -> enum domain_flags; keys in texts */
  char *texts[VET_COUNTOF(list_files)];   /* the files, kept for the keys */
  size_t n_disposable, n_free;
};

/* ---- the domain lists ---- */

/* A lower-case ASCII domain of two or more LDH labels. */
static bool is_list_domain(vet_str d)
{
  if (d.len == 0 || d.len > VET_EMAIL_MAX_DOMAIN)
    return false;
  size_t label = 0, labels = 1;
  for (size_t i = 0; i < d.len; i++) {
    char c = d.ptr[i];
    if (c == '.') {
      if (label == 0 || d.ptr[i - 1] == '-')
        return false;
      labels++;
      label = 0;
      continue;
    }
    if (!((c >= 'a' && c <= 'z') || vet_is_digit(c) || c == '-'))
      return false;
    if (c == '-' && label == 0)
      return false;
    if (++label > VET_EMAIL_MAX_LABEL)
      return false;
  }
  return label > 0 && d.ptr[d.len - 1] != '-' && labels >= 2;
}

static vet_err load_list(struct vet_email_db *db, size_t idx, const char *dir, struct vet_error *e)
{
  char path[4096];
  if (vet_path_join(path, sizeof path, dir, list_files[idx].name))
    return vet_fail(e, VET_ELIMIT, "email data path '%s' is too long", dir);
  size_t len;
  vet_err rc = vet_file_read(path, LIST_MAX_BYTES, &db->texts[idx], &len, e);
  if (rc)
    return rc;
  const char *p = db->texts[idx], *end = p + len;
  size_t lineno = 0;
  while (p < end) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *eol = nl ? nl : end;
    lineno++;
    vet_str line = vet_str_trim((vet_str){p, (size_t)(eol - p)});
    p = nl ? nl + 1 : end;
    if (line.len == 0 || line.ptr[0] == '#')
      continue;
    if (!is_list_domain(line))
      return vet_fail(e, VET_EPARSE, "%s:%zu: bad domain '%.*s'", path, lineno, (int)VET_MIN(line.len, 80),
                      line.ptr);
    bool inserted;
    uint32_t *v = vet_strmap_put(&db->domains, line, list_files[idx].flag, &inserted);
    if (!v)
      return vet_fail(e, VET_ENOMEM, "out of memory loading '%s'", path);
    if (!inserted)
      *v |= list_files[idx].flag;
  }
  return VET_OK;
}

struct vet_email_db *vet_email_db_load(const char *dir, struct vet_error *e)
{
  if (!dir) {
    vet_fail(e, VET_EINVAL, "email data: no directory");
    return NULL;
  }
  struct vet_email_db *db = calloc(1, sizeof *db);
  if (!db) {
    vet_fail(e, VET_ENOMEM, "out of memory loading email data");
    return NULL;
  }
  vet_strmap_init(&db->domains);
  for (size_t i = 0; i < VET_COUNTOF(list_files); i++)
    if (load_list(db, i, dir, e) != VET_OK) {
      vet_email_db_free(db);
      return NULL;
    }
  for (size_t i = 0; i < db->domains.cap; i++)
    if (db->domains.tags[i]) {
      uint32_t f = db->domains.slots[i].value;
      db->n_disposable += (f & DOM_DISPOSABLE) != 0;
      db->n_free += (f & DOM_FREE) != 0;
    }
  return db;
}

void vet_email_db_free(struct vet_email_db *db)
{
  if (!db)
    return;
  vet_strmap_release(&db->domains);
  for (size_t i = 0; i < VET_COUNTOF(db->texts); i++)
    free(db->texts[i]);
  free(db);
}

void vet_email_db_counts(const struct vet_email_db *db, size_t *disposable, size_t *free_provider)
{
  if (disposable)
    *disposable = db ? db->n_disposable : 0;
  if (free_provider)
    *free_provider = db ? db->n_free : 0;
}

static uint32_t domain_flags(const struct vet_email_db *db, vet_str d)
{
  const uint32_t *v = db ? vet_strmap_get(&db->domains, d) : NULL;
  return v ? *v : 0;
}

bool vet_email_db_is_disposable(const struct vet_email_db *db, vet_str domain)
{
  /* the domain itself, then each parent that still has a dot: a list
   * entry never is a bare top-level label */
  vet_str d = domain;
  while (d.len) {
    if (domain_flags(db, d) & DOM_DISPOSABLE)
      return true;
    const char *dot = memchr(d.ptr, '.', d.len);
    if (!dot)
      break;
    d = (vet_str){dot + 1, d.len - (size_t)(dot + 1 - d.ptr)};
    if (!memchr(d.ptr, '.', d.len))
      break;
  }
  return false;
}

bool vet_email_db_is_free(const struct vet_email_db *db, vet_str domain)
{
  return (domain_flags(db, domain) & DOM_FREE) != 0;
}

/* ---- syntax ---- */

static bool is_atext(unsigned char c)
{
  if (c >= 0x80) /* UTF-8 (RFC 6531), validated as a whole beforehand */
    return true;
  return vet_is_alnum(c) || (c && strchr("!#$%&'*+-/=?^_`{|}~", c) != NULL);
}

/* Why local is not a dot-atom of at most VET_EMAIL_MAX_LOCAL bytes; NULL when it is. */
static const char *check_local(vet_str local)
{
  if (local.len == 0)
    return "empty local part";
  if (local.len > VET_EMAIL_MAX_LOCAL)
    return "local part over 64 bytes";
  if (local.ptr[0] == '.' || local.ptr[local.len - 1] == '.')
    return "local part starts or ends with a dot";
  for (size_t i = 0; i < local.len; i++) {
    unsigned char c = (unsigned char)local.ptr[i];
    if (c == '.') {
      if (local.ptr[i + 1] == '.')
        return "two dots in a row in the local part";
    } else if (c == '"') {
      return "quoted local part";
    } else if (!is_atext(c)) {
      return "bad character in the local part";
    }
  }
  return NULL;
}

/* Why d (ASCII, lower case) is not a domain of LDH labels; NULL when it is. */
static const char *check_domain_ascii(vet_str d)
{
  if (d.len == 0)
    return "empty domain";
  if (d.len > VET_EMAIL_MAX_DOMAIN)
    return "domain over 253 bytes";
  size_t label = 0, labels = 1, start = 0;
  for (size_t i = 0; i <= d.len; i++) {
    char c = i < d.len ? d.ptr[i] : '.';
    if (c == '.') {
      if (label == 0)
        return "empty label in the domain";
      if (d.ptr[start] == '-' || d.ptr[i - 1] == '-')
        return "domain label starts or ends with '-'";
      if (i == d.len)
        break; /* start is the last label's */
      labels++;
      label = 0;
      start = i + 1;
      continue;
    }
    if (!((c >= 'a' && c <= 'z') || vet_is_digit(c) || c == '-'))
      return "bad character in the domain";
    if (++label > VET_EMAIL_MAX_LABEL)
      return "domain label over 63 bytes";
  }
  if (labels < 2)
    return "domain has a single label";
  bool numeric = true;
  for (size_t i = start; i < d.len && numeric; i++)
    numeric = vet_is_digit(d.ptr[i]);
  if (numeric)
    return "numeric top-level domain";
  return NULL;
}

/* Case-fold s into the arena: ASCII by table, the rest through utf8proc
 * (NFC + case fold).  VET_EPARSE when utf8proc rejects it. */
static vet_err fold_into(struct vet_arena *a, vet_str s, bool compat, vet_str *out)
{
  if (vet_str_is_ascii(s)) {
    char *p = vet_arena_alloc(a, s.len + 1);
    if (!p)
      return VET_ENOMEM;
    for (size_t i = 0; i < s.len; i++)
      p[i] = (char)vet_lower((unsigned char)s.ptr[i]);
    p[s.len] = 0;
    *out = (vet_str){p, s.len};
    return VET_OK;
  }
  utf8proc_uint8_t *res = NULL;
  utf8proc_option_t opts = UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD;
  if (compat)
    opts |= UTF8PROC_COMPAT;
  utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s.ptr, (utf8proc_ssize_t)s.len, &res, opts);
  if (n < 0) {
    free(res);
    return n == UTF8PROC_ERROR_NOMEM ? VET_ENOMEM : VET_EPARSE;
  }
  *out = vet_arena_strdup(a, (vet_str){(const char *)res, (size_t)n});
  free(res);
  return out->ptr ? VET_OK : VET_ENOMEM;
}

/* The ASCII (punycode) form of a folded UTF-8 domain through ICU's UTS #46
 * processing.  VET_EPARSE when ICU finds it invalid. */
static vet_err idna_ascii(struct vet_arena *a, vet_str domain, vet_str *out)
{
  UErrorCode st = U_ZERO_ERROR;
  UIDNA *idna = uidna_openUTS46(UIDNA_USE_STD3_RULES | UIDNA_CHECK_BIDI | UIDNA_CHECK_CONTEXTJ |
                                    UIDNA_NONTRANSITIONAL_TO_ASCII,
                                &st);
  if (U_FAILURE(st))
    return st == U_MEMORY_ALLOCATION_ERROR ? VET_ENOMEM : VET_EPARSE;
  char buf[VET_EMAIL_MAX_DOMAIN + 8];
  UIDNAInfo info = UIDNA_INFO_INITIALIZER;
  int32_t n = uidna_nameToASCII_UTF8(idna, domain.ptr, (int32_t)domain.len, buf, (int32_t)sizeof buf, &info, &st);
  uidna_close(idna);
  if (st == U_MEMORY_ALLOCATION_ERROR)
    return VET_ENOMEM;
  if (U_FAILURE(st) || info.errors || n <= 0 || (size_t)n >= sizeof buf)
    return VET_EPARSE;
  *out = vet_arena_strdup(a, (vet_str){buf, (size_t)n});
  return out->ptr ? VET_OK : VET_ENOMEM;
}

/* ---- canonical forms ---- */

enum canon_flags {
  CANON_DROP_DOTS = 1u << 0,   /* '.' is not significant */
  CANON_DROP_PUNCT = 1u << 1,  /* '.', '_' and '-' are not significant */
  CANON_DOT_HYPHEN = 1u << 2,  /* '.' and '-' are the same character (written '-') */
  CANON_SUBDOMAIN = 1u << 3,   /* "x@user.domain" is "user@domain" */
};

struct canon_rule {
  const char *domain; /* as written in addresses */
  const char *canon;  /* the domain of the canonical form */
  char sep;           /* sub-address separator, 0 for none */
  unsigned flags;
};

/* Which providers fold which addresses into one mailbox; see vet_email_parse
 * in vetter/email.h for the table in words. */
static const struct canon_rule canon_rules[] = {
    {"gmail.com", "gmail.com", '+', CANON_DROP_DOTS},
    {"googlemail.com", "gmail.com", '+', CANON_DROP_DOTS},
    {"proton.me", "proton.me", '+', CANON_DROP_PUNCT},
    {"protonmail.com", "proton.me", '+', CANON_DROP_PUNCT},
    {"protonmail.ch", "proton.me", '+', CANON_DROP_PUNCT},
    {"pm.me", "proton.me", '+', CANON_DROP_PUNCT},
    {"outlook.com", "outlook.com", '+', 0},
    {"hotmail.com", "hotmail.com", '+', 0},
    {"live.com", "live.com", '+', 0},
    {"msn.com", "msn.com", '+', 0},
    {"hotmail.co.uk", "hotmail.co.uk", '+', 0},
    {"hotmail.fr", "hotmail.fr", '+', 0},
    {"hotmail.de", "hotmail.de", '+', 0},
    {"hotmail.it", "hotmail.it", '+', 0},
    {"hotmail.es", "hotmail.es", '+', 0},
    {"live.co.uk", "live.co.uk", '+', 0},
    {"live.fr", "live.fr", '+', 0},
    {"outlook.fr", "outlook.fr", '+', 0},
    {"outlook.de", "outlook.de", '+', 0},
    {"outlook.kr", "outlook.kr", '+', 0},
    {"icloud.com", "icloud.com", '+', 0},
    {"me.com", "me.com", '+', 0},
    {"mac.com", "mac.com", '+', 0},
    {"fastmail.com", "fastmail.com", '+', CANON_SUBDOMAIN},
    {"fastmail.fm", "fastmail.fm", '+', CANON_SUBDOMAIN},
    {"yahoo.com", "yahoo.com", '-', 0},
    {"ymail.com", "ymail.com", '-', 0},
    {"yandex.ru", "yandex.ru", '+', CANON_DOT_HYPHEN},
    {"yandex.com", "yandex.ru", '+', CANON_DOT_HYPHEN},
    {"yandex.by", "yandex.ru", '+', CANON_DOT_HYPHEN},
    {"yandex.kz", "yandex.ru", '+', CANON_DOT_HYPHEN},
    {"yandex.ua", "yandex.ru", '+', CANON_DOT_HYPHEN},
    {"ya.ru", "yandex.ru", '+', CANON_DOT_HYPHEN},
    {"narod.ru", "yandex.ru", '+', CANON_DOT_HYPHEN},
    {"zoho.com", "zoho.com", '+', 0},
    {"zohomail.com", "zohomail.com", '+', 0},
};

static const struct canon_rule *find_rule(vet_str domain)
{
  for (size_t i = 0; i < VET_COUNTOF(canon_rules); i++)
    if (vet_str_eq_c(domain, canon_rules[i].domain))
      return &canon_rules[i];
  return NULL;
}

/* "user.fastmail.com" -> rule for "fastmail.com" and label "user". */
static const struct canon_rule *find_subdomain_rule(vet_str domain, vet_str *label)
{
  const char *dot = memchr(domain.ptr, '.', domain.len);
  if (!dot || dot == domain.ptr)
    return NULL;
  vet_str parent = {dot + 1, domain.len - (size_t)(dot + 1 - domain.ptr)};
  const struct canon_rule *r = find_rule(parent);
  if (!r || !(r->flags & CANON_SUBDOMAIN))
    return NULL;
  *label = (vet_str){domain.ptr, (size_t)(dot - domain.ptr)};
  return r;
}

static vet_err canonicalize(struct vet_arena *a, struct vet_email *out)
{
  vet_str local = out->local, domain = out->domain_ascii, label;
  const char *canon_domain = NULL;
  const struct canon_rule *r = find_rule(domain);
  out->tag = (vet_str){"", 0};
  if (!r && (r = find_subdomain_rule(domain, &label)) != NULL) {
    out->tag = local; /* the whole alias is the tag */
    local = label;
  }
  vet_str base = local;
  if (r) {
    canon_domain = r->canon;
    const char *sep = r->sep ? memchr(local.ptr, r->sep, local.len) : NULL;
    if (sep && sep > local.ptr) { /* a separator first is the name itself */
      base = (vet_str){local.ptr, (size_t)(sep - local.ptr)};
      if (out->tag.len == 0)
        out->tag = (vet_str){sep + 1, local.len - base.len - 1};
    }
  }
  size_t dlen = canon_domain ? strlen(canon_domain) : domain.len;
  char *p = vet_arena_alloc(a, base.len + 1 + dlen + 1);
  if (!p)
    return VET_ENOMEM;
  size_t n = 0;
  unsigned flags = r ? r->flags : 0;
  for (size_t i = 0; i < base.len; i++) {
    char c = base.ptr[i];
    if ((flags & CANON_DROP_DOTS) && c == '.')
      continue;
    if ((flags & CANON_DROP_PUNCT) && (c == '.' || c == '_' || c == '-'))
      continue;
    if ((flags & CANON_DOT_HYPHEN) && c == '.')
      c = '-';
    p[n++] = c;
  }
  if (n == 0) { /* nothing but dots: keep the name as written */
    memcpy(p, base.ptr, base.len);
    n = base.len;
  }
  p[n++] = '@';
  memcpy(p + n, canon_domain ? canon_domain : domain.ptr, dlen);
  n += dlen;
  p[n] = 0;
  out->canonical = (vet_str){p, n};
  return VET_OK;
}

/* out is not valid, for the reason why: every other field is cleared. */
static vet_err invalid(struct vet_email *out, const char *why)
{
  memset(out, 0, sizeof *out);
  vet_cstr_copy(out->error, sizeof out->error, why);
  return VET_OK;
}

vet_err vet_email_parse(const struct vet_email_db *db, struct vet_arena *a, vet_str text, struct vet_email *out,
                        struct vet_error *e)
{
  if (!out || !a)
    return vet_fail(e, VET_EINVAL, "email: no arena or result struct");
  memset(out, 0, sizeof *out);
  if (text.len && !text.ptr)
    return vet_fail(e, VET_EINVAL, "email: text has a length but no bytes");
  vet_str s = vet_str_trim(text);
  if (s.len == 0)
    return invalid(out, "empty address");
  if (s.len > VET_EMAIL_MAX_LEN)
    return invalid(out, "address over 254 bytes");
  if (!vet_utf8_valid(s, NULL))
    return invalid(out, "not valid UTF-8");
  const char *at = memchr(s.ptr, '@', s.len);
  if (!at)
    return invalid(out, "no '@'");
  vet_str local_raw = {s.ptr, (size_t)(at - s.ptr)};
  vet_str domain_raw = {at + 1, s.len - local_raw.len - 1};
  if (memchr(domain_raw.ptr, '@', domain_raw.len))
    return invalid(out, "more than one '@'");
  const char *why = check_local(local_raw);
  if (why)
    return invalid(out, why);
  if (domain_raw.len && domain_raw.ptr[0] == '[')
    return invalid(out, "address literal instead of a domain");
  if (domain_raw.len > VET_EMAIL_MAX_DOMAIN)
    return invalid(out, "domain over 253 bytes");

  vet_err rc = fold_into(a, local_raw, false, &out->local);
  if (rc == VET_OK)
    rc = fold_into(a, domain_raw, true, &out->domain);
  if (rc == VET_EPARSE)
    return invalid(out, "cannot case-fold the address");
  if (rc)
    return vet_fail(e, rc, "email: out of memory");
  if (vet_str_is_ascii(out->domain)) {
    out->domain_ascii = out->domain;
  } else {
    rc = idna_ascii(a, out->domain, &out->domain_ascii);
    if (rc == VET_EPARSE)
      return invalid(out, "bad international domain");
    if (rc)
      return vet_fail(e, rc, "email: out of memory");
  }
  why = check_domain_ascii(out->domain_ascii);
  if (why)
    return invalid(out, why);
  rc = canonicalize(a, out);
  if (rc)
    return vet_fail(e, rc, "email: out of memory");
  out->disposable = vet_email_db_is_disposable(db, out->domain_ascii);
  out->free_provider = vet_email_db_is_free(db, out->domain_ascii);
  out->valid = true;
  return VET_OK;
}

/* ---- the name in the mailbox name ---- */

/* Weights of the segmentation: per letter of a whole word, per letter of
 * a word's start, per initial.  Whole words beat starts beat initials. */
enum { W_WORD = 10, W_PREFIX = 8, W_INITIAL = 5 };
/* Letters of the mailbox name read (the local part's RFC limit). */
#define NAME_MAX_LETTERS VET_EMAIL_MAX_LOCAL
/* Year digits explained as such: a run of four within these years. */
#define NAME_YEAR_MIN 1940
#define NAME_YEAR_MAX 2029

enum piece_kind { P_NONE = 0, P_WORD, P_PREFIX, P_INITIAL };

struct piece {
  uint8_t kind, tok, len; /* what covers the letters from here */
};

struct name_match {
  char let[NAME_MAX_LETTERS];   /* letters, lower case; 0 for a non-ASCII letter */
  uint8_t seg[NAME_MAX_LETTERS]; /* run of each letter */
  size_t n;                     /* letters */
  vet_str tok[VET_EMAIL_NAME_MAX_TOKENS];
  size_t n_tok;
  uint8_t lcp[NAME_MAX_LETTERS][VET_EMAIL_NAME_MAX_TOKENS]; /* letters token t matches from i */
  /* The search's tables, (n + 1) rows of masks = 1 << n_tok entries once
   * solve has dropped the tokens that match nowhere: BEST(m, i, mask) is
   * the best weight of letters i.. with the tokens of mask used, HOW(m, i,
   * mask) the piece that starts there.  Sized to the address and name
   * at hand (a few hundred bytes usually, ~83 KB at most). */
  size_t masks;
  uint16_t *best;
  struct piece *how;
};

#define BEST(m, i, mask) ((m)->best[(size_t)(i) * (m)->masks + (mask)])
#define HOW(m, i, mask) ((m)->how[(size_t)(i) * (m)->masks + (mask)])
/* Table entries kept on the stack; larger searches allocate. */
#define NAME_STATES_ON_STACK 2048

/* How many letters from i.. token t matches, inside one run. */
static uint8_t common_prefix(const struct name_match *m, size_t i, size_t t)
{
  size_t k = 0;
  while (k < m->tok[t].len && i + k < m->n && m->seg[i + k] == m->seg[i] &&
         m->let[i + k] == vet_lower((unsigned char)m->tok[t].ptr[k]))
    k++;
  return (uint8_t)k;
}

/* The search over m; its tables in the caller's stack arrays (cap
 * entries each) when they fit, else allocated (*heap set, the caller
 * frees).  false when out of memory. */
static bool solve(struct name_match *m, uint16_t *best_buf, struct piece *how_buf, size_t cap, void **heap)
{
  /* tokens that match nowhere, not even by their initial, only multiply
   * the states: drop them first */
  size_t kept = 0;
  for (size_t t = 0; t < m->n_tok; t++) {
    bool somewhere = false;
    for (size_t i = 0; i < m->n && !somewhere; i++)
      somewhere = m->let[i] == vet_lower((unsigned char)m->tok[t].ptr[0]);
    if (somewhere)
      m->tok[kept++] = m->tok[t];
  }
  m->n_tok = kept;
  for (size_t i = 0; i < m->n; i++)
    for (size_t t = 0; t < m->n_tok; t++)
      m->lcp[i][t] = common_prefix(m, i, t);
  size_t masks = (size_t)1 << m->n_tok, states = (m->n + 1) * masks;
  m->masks = masks;
  *heap = NULL;
  if (states <= cap) {
    m->best = best_buf;
    m->how = how_buf;
  } else {
    char *h = malloc(states * (sizeof *m->best + sizeof *m->how) + 1); /* +1: best starts even */
    if (!h)
      return false;
    *heap = h;
    m->how = (struct piece *)h; /* struct piece is bytes: any alignment */
    m->best = (uint16_t *)(void *)(h + states * sizeof *m->how + (states * sizeof *m->how) % 2);
  }
  for (size_t mask = 0; mask < masks; mask++)
    BEST(m, m->n, mask) = 0;
  for (size_t i = m->n; i-- > 0;)
    for (size_t mask = 0; mask < masks; mask++) {
      uint16_t best = BEST(m, i + 1, mask);
      struct piece how = {P_NONE, 0, 1};
      for (size_t t = 0; t < m->n_tok; t++) {
        size_t bit = (size_t)1 << t, len = m->tok[t].len, lcp = m->lcp[i][t];
        if ((mask & bit) || lcp == 0)
          continue;
        size_t nm = mask | bit;
        if (len >= 2 && lcp == len && (uint16_t)(W_WORD * len + BEST(m, i + len, nm)) > best) {
          best = (uint16_t)(W_WORD * len + BEST(m, i + len, nm));
          how = (struct piece){P_WORD, (uint8_t)t, (uint8_t)len};
        }
        for (size_t p = VET_EMAIL_NAME_MIN_PREFIX; p < len && p <= lcp; p++)
          if ((uint16_t)(W_PREFIX * p + BEST(m, i + p, nm)) > best) {
            best = (uint16_t)(W_PREFIX * p + BEST(m, i + p, nm));
            how = (struct piece){P_PREFIX, (uint8_t)t, (uint8_t)p};
          }
        if ((uint16_t)(W_INITIAL + BEST(m, i + 1, nm)) > best) {
          best = (uint16_t)(W_INITIAL + BEST(m, i + 1, nm));
          how = (struct piece){P_INITIAL, (uint8_t)t, 1};
        }
      }
      BEST(m, i, mask) = best;
      HOW(m, i, mask) = how;
    }
  return true;
}

struct found {
  size_t pos;
  struct piece p;
  bool keep;
};

/* Initials count only beside a word in their run (directly or through
 * other initials), or in a run of initials only: alone when a word is
 * elsewhere ("j.smith"), two or more when not ("js.dev"). */
static void judge_initials(const struct name_match *m, struct found *f, size_t nf, bool any_word)
{
  for (size_t i = 0; i < nf; i++)
    f[i].keep = f[i].p.kind != P_INITIAL;
  for (bool changed = true; changed;) {
    changed = false;
    for (size_t i = 0; i < nf; i++) {
      if (f[i].keep)
        continue;
      bool left = i > 0 && f[i - 1].keep && f[i - 1].pos + f[i - 1].p.len == f[i].pos &&
                  m->seg[f[i - 1].pos] == m->seg[f[i].pos];
      bool right = i + 1 < nf && f[i + 1].keep && f[i].pos + 1 == f[i + 1].pos &&
                   m->seg[f[i + 1].pos] == m->seg[f[i].pos];
      if (left || right)
        f[i].keep = changed = true;
    }
  }
  for (size_t i = 0; i < nf; i++) {
    if (f[i].keep)
      continue;
    uint8_t seg = m->seg[f[i].pos];
    size_t run_letters = 0, run_initials = 0;
    for (size_t k = 0; k < m->n; k++)
      run_letters += m->seg[k] == seg;
    for (size_t k = 0; k < nf; k++)
      run_initials += f[k].p.kind == P_INITIAL && m->seg[f[k].pos] == seg;
    if (run_initials == run_letters && (any_word || run_initials >= 2))
      f[i].keep = true;
  }
}

/* Append len bytes of s to why (in single quotes when quoted), truncating;
 * *used tracks the length written. */
static void why_add(char *why, size_t cap, size_t *used, const char *s, size_t len, bool quoted)
{
  if (*used + 1 >= cap)
    return;
  const char *nul = len ? memchr(s, 0, len) : NULL; /* as "%.*s" stops there */
  const char *parts[3] = {"'", s, "'"};
  size_t lens[3] = {1, nul ? (size_t)(nul - s) : len, 1};
  for (int i = quoted ? 0 : 1; i < (quoted ? 3 : 2); i++) {
    size_t n = VET_MIN(lens[i], cap - 1 - *used);
    if (n)
      memcpy(why + *used, parts[i], n);
    *used += n;
  }
  why[*used] = 0;
}
static void why_text(char *why, size_t cap, size_t *used, const char *s)
{
  why_add(why, cap, used, s, strlen(s), false);
}

/* The first digit run that reads as a year, or a two-digit run; its text. */
static vet_str find_digits(vet_str local, bool *is_year)
{
  vet_str two = {NULL, 0};
  for (size_t i = 0; i < local.len;) {
    if (!vet_is_digit(local.ptr[i])) {
      i++;
      continue;
    }
    size_t j = i;
    while (j < local.len && vet_is_digit(local.ptr[j]))
      j++;
    vet_str run = {local.ptr + i, j - i};
    uint64_t y;
    if (run.len == 4 && vet_parse_u64(run, &y) == VET_OK && y >= NAME_YEAR_MIN && y <= NAME_YEAR_MAX) {
      *is_year = true;
      return run;
    }
    if (run.len == 2 && !two.ptr)
      two = run;
    i = j;
  }
  *is_year = false;
  return two;
}

static void write_why(const struct name_match *m, const struct found *f, size_t nf, size_t covered,
                      vet_str local, double score, char *why, size_t cap)
{
  if (!why || cap == 0)
    return;
  why[0] = 0;
  size_t used = 0;
  if (score <= 0) {
    why_text(why, cap, &used, "no part of the name");
    return;
  }
  static const char *const lead[] = {"", "contains ", "start ", "initial "};
  size_t n_kind[P_INITIAL + 1] = {0};
  for (size_t i = 0; i < nf; i++)
    n_kind[f[i].p.kind] += f[i].keep;
  bool first = true, words = false;
  for (int kind = P_WORD; kind <= P_INITIAL; kind++) {
    bool first_of_kind = true;
    for (size_t i = 0; i < nf; i++) {
      if (!f[i].keep || f[i].p.kind != kind)
        continue;
      vet_str tok = m->tok[f[i].p.tok];
      if (first_of_kind) {
        why_text(why, cap, &used, first ? "" : " and ");
        why_text(why, cap, &used, kind == P_INITIAL && n_kind[kind] > 1 ? "initials " : lead[kind]);
      } else {
        why_text(why, cap, &used, ", ");
      }
      why_add(why, cap, &used, tok.ptr, f[i].p.len, true);
      if (kind == P_PREFIX) {
        why_text(why, cap, &used, " of ");
        why_add(why, cap, &used, tok.ptr, tok.len, true);
      }
      words |= kind != P_INITIAL;
      first = first_of_kind = false;
    }
  }
  if (!words)
    why_text(why, cap, &used, " only");
  bool is_year;
  vet_str digits = find_digits(local, &is_year);
  if (digits.len && words) {
    why_text(why, cap, &used, is_year ? " and year " : " and digits ");
    why_add(why, cap, &used, digits.ptr, digits.len, true);
  }
  if (covered < m->n) {
    char tail[64];
    snprintf(tail, sizeof tail, " (%zu of %zu letters)", covered, m->n);
    why_text(why, cap, &used, tail);
  }
}

double vet_email_name_score(vet_str local, const vet_str *name_tokens, size_t n_tokens, char *why, size_t why_cap)
{
  if (why && why_cap)
    why[0] = 0;
  /* the search writes every table entry it reads before reading it */
  struct name_match mm, *m = &mm;
  uint16_t best_buf[NAME_STATES_ON_STACK];
  struct piece how_buf[NAME_STATES_ON_STACK];
  void *heap = NULL;
  m->n = m->n_tok = 0;
  if (!local.ptr)
    local.len = 0;
  const char *plus = local.len ? memchr(local.ptr, '+', local.len) : NULL;
  if (plus)
    local.len = (size_t)(plus - local.ptr);
  uint8_t seg = 0;
  bool in_run = false;
  for (size_t i = 0; i < local.len && m->n < NAME_MAX_LETTERS; i++) {
    unsigned char c = (unsigned char)local.ptr[i];
    bool letter = vet_is_ascii_alpha(c) || c >= 0xC0; /* a UTF-8 lead byte is one letter */
    if (c >= 0x80 && c < 0xC0)
      continue; /* continuation byte */
    if (!letter) {
      if (in_run && seg < UINT8_MAX)
        seg++;
      in_run = false;
      continue;
    }
    m->let[m->n] = c < 0x80 ? (char)vet_lower(c) : 0;
    m->seg[m->n++] = seg;
    in_run = true;
  }
  for (size_t t = 0; t < n_tokens && m->n_tok < VET_EMAIL_NAME_MAX_TOKENS; t++)
    if (name_tokens && name_tokens[t].ptr && name_tokens[t].len && name_tokens[t].len <= NAME_MAX_LETTERS)
      m->tok[m->n_tok++] = name_tokens[t];
  double score = 0;
  struct found f[NAME_MAX_LETTERS];
  size_t nf = 0, covered = 0;
  if (m->n && m->n_tok) {
    if (!solve(m, best_buf, how_buf, NAME_STATES_ON_STACK, &heap))
      return 0; /* no memory: no evidence (why stays empty) */
    size_t mask = 0;
    for (size_t i = 0; i < m->n;) {
      struct piece p = HOW(m, i, mask);
      if (p.kind != P_NONE) {
        f[nf++] = (struct found){i, p, false};
        mask |= (size_t)1 << p.tok;
      }
      i += p.len ? p.len : 1;
    }
    bool any_word = false;
    for (size_t i = 0; i < nf; i++)
      any_word |= f[i].p.kind != P_INITIAL;
    judge_initials(m, f, nf, any_word);
    size_t words = 0, long_words = 0, prefixes = 0, initials = 0;
    for (size_t i = 0; i < nf; i++) {
      if (!f[i].keep)
        continue;
      covered += f[i].p.len;
      words += f[i].p.kind == P_WORD;
      long_words += f[i].p.kind == P_WORD && f[i].p.len >= 3;
      prefixes += f[i].p.kind == P_PREFIX;
      initials += f[i].p.kind == P_INITIAL;
    }
    double strength = 0;
    if (words >= 2)
      strength = VET_EMAIL_NAME_TWO_WORDS;
    else if (words == 1 && (initials || prefixes))
      strength = VET_EMAIL_NAME_WORD_INITIAL;
    else if (words == 1)
      strength = long_words ? VET_EMAIL_NAME_WORD : VET_EMAIL_NAME_SHORT_WORD;
    else if (prefixes)
      strength = VET_EMAIL_NAME_PREFIXES;
    else if (initials >= 2)
      strength = VET_EMAIL_NAME_INITIALS;
    score = strength * (double)covered / (double)m->n;
  }
  write_why(m, f, nf, covered, local, score, why, why_cap);
  free(heap);
  return score < 0 ? 0 : score > 1 ? 1 : score;
}
