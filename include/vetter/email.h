/* vetter/email.h - email addresses of the people being screened: syntax
 * check, lower-cased and canonical forms (sub-addresses and Gmail dots
 * removed, so "J.Smith+upwork@googlemail.com" and "jsmith@gmail.com" are
 * seen as one mailbox), disposable and free-mail domains from the lists
 * in data/email/, and how well the mailbox name relates to the person's
 * name.
 * Owns: a vet_email_db owns its domain sets; parsed addresses live in the
 * caller's arena.
 * Thread-safety: a vet_email_db is immutable once loaded; share freely.
 * The functions are safe from any thread (one thread at a time per
 * arena). */
#ifndef VETTER_EMAIL_H
#define VETTER_EMAIL_H

#include <stdbool.h>
#include <stddef.h>

#include "vetter/arena.h"
#include "vetter/error.h"
#include "vetter/str.h"

/* RFC 5321 limits: a path of 256 octets holds an address of at most 254;
 * a local part of at most 64; a domain of at most 253 (in its ASCII
 * form); a domain label of at most 63. */
#define VET_EMAIL_MAX_LEN 254
#define VET_EMAIL_MAX_LOCAL 64
#define VET_EMAIL_MAX_DOMAIN 253
#define VET_EMAIL_MAX_LABEL 63

/* Domain sets loaded from data/email/. */
struct vet_email_db;

/* Load the domain lists of dir (the "email" folder of the data
 * directory): disposable.txt (throwaway-mail services), free.txt and
 * free_extra.txt (free mail providers); one domain per line, '#' starts a
 * comment line.  NULL on failure, with e set: VET_EIO when a file cannot
 * be read, VET_EPARSE ("free.txt:12: bad domain 'x'") for a line that is
 * not a lower-case ASCII domain, VET_ENOMEM.  Caller frees with
 * vet_email_db_free. */
struct vet_email_db *vet_email_db_load(const char *dir, struct vet_error *e);
void vet_email_db_free(struct vet_email_db *db); /* NULL-safe */
/* Number of distinct domains in the sets (disposable, free). */
void vet_email_db_counts(const struct vet_email_db *db, size_t *disposable, size_t *free_provider);
/* Whether a lower-case ASCII domain ("mail.mailinator.com") is a
 * disposable-mail domain: listed, or below a listed domain. */
bool vet_email_db_is_disposable(const struct vet_email_db *db, vet_str domain);
/* Whether a lower-case ASCII domain is itself a listed free-mail provider
 * (a subdomain is not: "mail.yahoo.com" is not a mailbox domain). */
bool vet_email_db_is_free(const struct vet_email_db *db, vet_str domain);

struct vet_email {
  bool valid;          /* the syntax checks passed; the rest is set only then */
  vet_str local;       /* local part, case-folded ("j.smith+upwork") */
  vet_str domain;      /* domain, case-folded UTF-8 ("gmail.com", "bücher.de") */
  vet_str domain_ascii; /* domain in ASCII (IDNA/punycode) form ("xn--bcher-kva.de") */
  vet_str canonical;   /* "local@domain" of the mailbox itself, by the table
                          below, with the ASCII domain ("jsmith@gmail.com") */
  vet_str tag;         /* the sub-address removed ("upwork"), "" when none */
  bool disposable;     /* domain_ascii is (below) a disposable-mail domain */
  bool free_provider;  /* domain_ascii is a free-mail provider */
  char error[64];      /* why it is not valid ("no '@'"), else "" */
};

/* Parse one address ("J.Smith+upwork@GoogleMail.com"): surrounding blanks
 * are trimmed; exactly one '@'; a dot-atom local part of RFC 5322 atext
 * (UTF-8 allowed, RFC 6531) of at most 64 bytes, no leading, trailing or
 * double dot; a domain of at least two labels of letters, digits and
 * inner hyphens, not an all-numeric top-level label.  Quoted local parts
 * and address literals ("[192.0.2.1]") are not accepted: no real mailbox
 * of a worker uses them.  UTF-8 domains are case-folded (utf8proc) and
 * converted to their ASCII form with ICU's UTS #46 IDNA for the list
 * lookups.  db may be NULL (no list flags).
 *
 * Canonical forms (local part, after case folding):
 *   gmail.com, googlemail.com -> gmail.com   drop "+tag", drop dots
 *   proton.me, protonmail.com, protonmail.ch, pm.me -> proton.me
 *                                            drop "+tag", drop '.', '_', '-'
 *                                            (one user-name space; Proton's
 *                                            own client compares this way)
 *   outlook.com, hotmail.com, live.com, msn.com and the country forms
 *   hotmail.co.uk/.fr/.de/.it/.es, live.co.uk/.fr, outlook.fr/.de/.kr
 *                                            drop "+tag"
 *   icloud.com, me.com, mac.com              drop "+tag"
 *   fastmail.com, fastmail.fm                drop "+tag"; "x@user.fastmail.com"
 *                                            -> "user@fastmail.com"
 *   yahoo.com, ymail.com                     drop "-keyword" (Yahoo's
 *                                            disposable addresses)
 *   yandex.ru, ya.ru, yandex.com/.by/.kz/.ua, narod.ru -> yandex.ru
 *                                            drop "+tag", '.' -> '-' (one
 *                                            login on all the domains, and
 *                                            a dot in a login reads as a
 *                                            hyphen)
 *   zoho.com, zohomail.com                   drop "+tag"
 *   any other domain                         unchanged: a '+' may be part
 *                                            of a real mailbox name
 * A separator that would leave the mailbox name empty is kept.
 *
 * Returns VET_OK with out filled in (out->valid false and out->error set
 * for a malformed address); VET_EINVAL when out or a is NULL; VET_ENOMEM.
 * The strings are allocated in a. */
vet_err vet_email_parse(const struct vet_email_db *db, struct vet_arena *a, vet_str text, struct vet_email *out,
                        struct vet_error *e);

/* Scores of vet_email_name_score by the strongest evidence found; the
 * score is this times the share of the mailbox name's letters that the
 * name explains. */
#define VET_EMAIL_NAME_TWO_WORDS 1.0   /* two or more name words ("kimjongun") */
#define VET_EMAIL_NAME_WORD_INITIAL 0.9 /* one word and an initial ("jsmith") */
#define VET_EMAIL_NAME_WORD 0.75       /* one word of 3+ letters ("smith1987") */
#define VET_EMAIL_NAME_SHORT_WORD 0.4  /* one word of 1-2 letters ("su") */
#define VET_EMAIL_NAME_PREFIXES 0.6    /* word starts only ("alex" of "alexander") */
#define VET_EMAIL_NAME_INITIALS 0.3    /* a run of 2+ initials only ("js.dev") */
/* Shortest start of a name word that counts as that word ("alex"). */
#define VET_EMAIL_NAME_MIN_PREFIX 4
/* Name words considered; more are ignored. */
#define VET_EMAIL_NAME_MAX_TOKENS 8

/* How well the local part of an address relates to a person's name.
 * name_tokens are the name's words already folded to lower-case ASCII
 * ("kim", "jong", "un"), in any order.  The part of local after a '+' is
 * ignored; letters are read in runs split by digits and punctuation, and
 * a name word never spans two runs.  Detects whole words in any order
 * ("kimcholsu1987", "smith.john"), initial and surname ("jsmith",
 * "j.smith", "smithj"), starts of long words ("alex.petrov"), a run of
 * initials ("js.dev.work", weak) and year digits ("1987", "87").  An
 * initial counts only next to a word of the name in the same run, or in a
 * run made of initials only.  Returns a score in [0,1]: 0 when nothing
 * relates ("xk82hd").  When why is not NULL it gets a short explanation
 * ("contains 'smith' and initial 'j'"), truncated to why_cap bytes. */
double vet_email_name_score(vet_str local, const vet_str *name_tokens, size_t n_tokens, char *why, size_t why_cap);

#endif
