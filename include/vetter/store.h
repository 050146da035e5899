/* vetter/store.h - Vetter's local store: the subjects and events read so
 * far, their identifiers, the report history, the groups of linked
 * subjects and the analysts' append-only decision log (docs/store.md).
 *
 * The API is backend-neutral: vet_store_open() picks a backend from the
 * URI (SQLite today: a file path or "sqlite:PATH"; "postgresql://..." is
 * reserved for a PostgreSQL backend) and every call goes through that
 * backend's table of operations.  Every write is one transaction: a
 * batch, a report, a set of identifiers, the groups or a decision lands
 * whole or not at all, even when the process is killed half way.
 *
 * The decision helpers at the end (findings fingerprint, whether a
 * decision still stands) are pure functions over report JSON; they need
 * no store.
 *
 * Owns: a vet_store owns its connection and prepared statements.  Strings
 * handed to a callback are borrowed for the duration of the call; strings
 * of a result filled by a _get function are allocated in the caller's
 * arena.
 * Thread-safety: one thread at a time per vet_store (open one per thread
 * or process: SQLite's WAL lets one writer and many readers share the
 * file).  The decision helpers are safe from any thread. */
#ifndef VETTER_STORE_H
#define VETTER_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "vetter/arena.h"
#include "vetter/error.h"
#include "vetter/str.h"
#include "vetter/subject.h"

struct vet_store;

/* Schema version this code writes (SQLite: PRAGMA user_version).  A store
 * with an older version is migrated on open; a newer one is refused. */
#define VET_STORE_SCHEMA_VERSION 3

/* Longest subject id, group id, identifier kind or value the store takes
 * (bytes); longer ones are refused with VET_ELIMIT. */
#define VET_STORE_MAX_ID 1024
/* Longest analyst name and decision note (bytes). */
#define VET_STORE_MAX_BY 128
#define VET_STORE_MAX_NOTE 4096
/* Default records per ingest batch (one transaction each). */
#define VET_STORE_DEFAULT_BATCH 5000
/* Default time a writer waits for another one to finish (milliseconds). */
#define VET_STORE_DEFAULT_BUSY_MS 5000

/* ---- opening ---------------------------------------------------------- */

enum vet_store_flags {
  VET_STORE_READONLY = 1u << 0, /* no writes, no migration (an older schema is refused) */
  VET_STORE_NOCREATE = 1u << 1, /* a missing store is VET_ENOTFOUND instead of a new empty one */
  VET_STORE_SYNC_FULL = 1u << 2 /* fsync at every commit (see docs/store.md, durability) */
};

struct vet_store_opts {
  unsigned flags;                 /* enum vet_store_flags */
  unsigned busy_timeout_ms;       /* 0: VET_STORE_DEFAULT_BUSY_MS */
  int64_t (*clock)(void *arg);    /* Unix seconds for first_seen, created_at...; NULL: time() */
  void *clock_arg;
  int max_schema_version;         /* tests only: migrate no further than this (0: all) */
};

/* Open (creating when missing, unless VET_STORE_NOCREATE) the store at
 * uri_or_path: "sqlite:PATH", or a plain file path for SQLite.  A new
 * store is initialized; an older one migrated, each migration step in
 * its own transaction.  opts may be NULL for the defaults.
 * Errors: VET_ENOTFOUND (missing, with NOCREATE), VET_EPARSE (the file is
 * not a Vetter store, or its schema is newer than this code knows),
 * VET_EINVAL (an unknown or unbuilt backend), VET_EDB, VET_ENOMEM.
 * Returns NULL on failure (e says why); free with vet_store_close. */
struct vet_store *vet_store_open(const char *uri_or_path, const struct vet_store_opts *opts, struct vet_error *e);
void vet_store_close(struct vet_store *st); /* NULL-safe; rolls back an open transaction */

/* Name of the backend ("sqlite"); schema version of the open store. */
const char *vet_store_backend(const struct vet_store *st);
int vet_store_schema_version(const struct vet_store *st);

/* Run the backend's consistency check (SQLite: PRAGMA integrity_check and
 * foreign_key_check).  VET_OK when it is sound, else VET_EDB with the
 * first problem in e. */
vet_err vet_store_check(struct vet_store *st, struct vet_error *e);

/* Group several writes into one transaction: every write between begin
 * and commit lands together or not at all.  Writes outside begin/commit
 * are each their own transaction.  Nesting is not allowed (VET_EINVAL).
 * rollback is a no-op without an open transaction. */
vet_err vet_store_begin(struct vet_store *st, struct vet_error *e);
vet_err vet_store_commit(struct vet_store *st, struct vet_error *e);
void vet_store_rollback(struct vet_store *st);

/* Rows per table, for summaries and tests. */
struct vet_store_stats {
  uint64_t subjects, events, identifiers, reports, groups, group_members, decisions;
};
vet_err vet_store_stats(struct vet_store *st, struct vet_store_stats *out, struct vet_error *e);

/* ---- ingest: subjects and events --------------------------------------- */

enum vet_store_record_kind { VET_STORE_SUBJECT = 0, VET_STORE_EVENT };

/* What happened to one record of a batch. */
enum vet_store_outcome {
  VET_STORE_NEW = 0,      /* stored */
  VET_STORE_UPDATED,      /* subject: its JSON changed and was replaced */
  VET_STORE_UNCHANGED,    /* subject: the same JSON was already stored */
  VET_STORE_DUPLICATE,    /* event: already stored */
  VET_STORE_NO_SUBJECT    /* event: its subject is neither stored nor in the batch; not stored */
};

struct vet_store_record {
  enum vet_store_record_kind kind;
  vet_str subject;   /* subject: its id; event: the id of its subject */
  vet_str json;      /* the record as canonical JSON (sorted keys, compact): a JSON object */
  int64_t ts;        /* event: Unix seconds */
  const char *event_kind; /* event: "login", ... (vet_event_kind_name) */
  enum vet_store_outcome outcome; /* set by vet_store_ingest */
};

struct vet_store_counts {
  uint64_t subjects_new, subjects_updated, subjects_unchanged;
  uint64_t events_new, events_duplicate, events_no_subject;
};

/* Store one batch in one transaction (a savepoint inside vet_store_begin):
 * the subjects first, then the events, so an event may come before its
 * subject in the batch.  A subject whose canonical JSON is unchanged is
 * not rewritten; a changed one replaces the stored JSON and bumps
 * updated_at.  An event already stored for its subject (same canonical
 * JSON) is ignored, so re-ingesting a file changes nothing.  Each record's
 * outcome is set and the counts are added to *counts (which may be NULL)
 * only when the batch commits.
 * Errors: VET_EPARSE (a record's JSON is not a JSON object: nothing of the
 * batch is stored), VET_ELIMIT (an id over VET_STORE_MAX_ID), VET_EDB. */
vet_err vet_store_ingest(struct vet_store *st, struct vet_store_record *recs, size_t n,
                         struct vet_store_counts *counts, struct vet_error *e);

/* The content hash stored with subjects and events: 64-bit FNV-1a over the
 * canonical JSON (offset basis 14695981039346656037, prime 1099511628211).
 * Part of the stored format: it changes only with a schema migration. */
uint64_t vet_store_hash64(vet_str s);

/* ---- ingest from JSON lines --------------------------------------------- */

/* A vet_ingest reads subject and event lines (docs/schema.md) through the
 * ordinary parser, so a bad record is reported with file, line and field
 * exactly as `vetter check` reports it, and skipped; the good ones are
 * stored in batches of `batch` records, one transaction each (a batch
 * also ends after `batch` input lines, so a run of bad lines cannot grow
 * one batch's parse without bound).  A subject
 * id seen twice in the input is skipped the second time, as in `vetter
 * check`.  An event whose subject is neither stored nor read yet waits
 * (up to VET_INGEST_MAX_PENDING bytes) for its subject to come later in
 * the input; at the end the ones still without a subject are reported as
 * "event for unknown subject" and skipped. */
struct vet_ingest;

/* Bytes of events kept waiting for their subject; past it such events are
 * skipped with a message. */
#define VET_INGEST_MAX_PENDING (256u << 20)

struct vet_ingest_stats {
  uint64_t lines;                 /* records read (non-blank lines) */
  uint64_t skipped;               /* records skipped (reported) */
  uint64_t warnings;              /* problems that kept their record */
  uint64_t batches;               /* transactions committed */
  struct vet_store_counts counts; /* of the committed batches */
};

/* Called with each input problem, in input order (events of unknown
 * subjects last); the issue is borrowed for the call. */
typedef void (*vet_ingest_issue_fn)(void *arg, const struct vet_input_issue *is);

/* Called with each record of a batch once the batch is stored (outcome
 * set; an event that found no subject is not passed), in input order
 * within the batch; the record is borrowed for the call. */
typedef void (*vet_ingest_record_fn)(void *arg, const struct vet_store_record *r);

struct vet_ingest_opts {
  size_t batch;                   /* records (at most lines) per transaction; 0: VET_STORE_DEFAULT_BATCH */
  vet_ingest_issue_fn on_issue;   /* may be NULL */
  void *arg;                      /* for on_issue */
  vet_ingest_record_fn on_record; /* may be NULL */
  void *record_arg;               /* for on_record */
};

/* source names the input in messages ("workers.jsonl", "-").  countries
 * (borrowed) resolves country fields.  o may be NULL for the defaults.
 * NULL on failure. */
struct vet_ingest *vet_ingest_new(struct vet_store *st, const struct vet_countries *countries, const char *source,
                                  const struct vet_ingest_opts *o, struct vet_error *e);
/* Read one line (lineno for messages; blank lines are ignored).  A full
 * batch is stored before returning.  Errors are the store's (the batch
 * then is not stored; batches before it are) and VET_ENOMEM; bad input is
 * never an error. */
vet_err vet_ingest_line(struct vet_ingest *in, size_t lineno, vet_str line, struct vet_error *e);
/* The same for a line the caller already parsed (several threads can
 * parse while one ingests, as `vetter ingest` does): o is the line as
 * json_loadb(..., JSON_REJECT_DUPLICATES) read it, or NULL when it is not
 * JSON (line is then read again to report why); canon, when not NULL, is
 * json_dumps(o, JSON_SORT_KEYS | JSON_COMPACT), copied.  o stays the
 * caller's. */
vet_err vet_ingest_json(struct vet_ingest *in, size_t lineno, vet_str line, json_t *o, const char *canon,
                        struct vet_error *e);
/* Count a record the caller could not even read (a line over its cap) as
 * skipped, reporting "SOURCE:LINE: reason". */
vet_err vet_ingest_skip(struct vet_ingest *in, size_t lineno, const char *reason, struct vet_error *e);
/* Store the last batch and the events that waited for their subject;
 * report the rest.  Call once, after the last line. */
vet_err vet_ingest_finish(struct vet_ingest *in, struct vet_error *e);
/* Figures so far.  Borrowed, valid until vet_ingest_free. */
const struct vet_ingest_stats *vet_ingest_stats(const struct vet_ingest *in);
void vet_ingest_free(struct vet_ingest *in); /* NULL-safe; drops an unstored batch */

/* ---- reading subjects and events -------------------------------------- */

struct vet_stored_subject {
  vet_str id;
  vet_str json;          /* canonical JSON as ingested */
  uint64_t hash;         /* vet_store_hash64(json) */
  int64_t first_seen;    /* first ingested, Unix seconds */
  int64_t updated_at;    /* JSON last changed (first_seen when never) */
  int64_t last_event_at; /* when its newest event was stored (0: none) */
  uint64_t n_events;
};

/* The subject with this id; strings allocated in a.  VET_ENOTFOUND when it
 * is not stored. */
vet_err vet_store_subject_get(struct vet_store *st, vet_str id, struct vet_arena *a, struct vet_stored_subject *out,
                              struct vet_error *e);

/* Callbacks return 0 to go on, non-zero to stop early (the iteration then
 * returns VET_OK).  Their arguments are borrowed for the call only.  A
 * callback may call the store, writes included, except to start the same
 * iteration again (VET_EINVAL). */
typedef int (*vet_store_subject_fn)(void *arg, const struct vet_stored_subject *s);
/* Every subject, by id (n_events and last_event_at are 0 here). */
vet_err vet_store_each_subject(struct vet_store *st, vet_store_subject_fn fn, void *arg, struct vet_error *e);

struct vet_stored_event {
  vet_str subject;
  int64_t ts;
  vet_str kind;
  vet_str json;
  int64_t added_at;      /* when it was stored */
};
typedef int (*vet_store_event_fn)(void *arg, const struct vet_stored_event *ev);
/* Events of one subject (subject.len > 0), by time; or of all, in the
 * order they were stored (a plain scan: vet_population_finish sorts). */
vet_err vet_store_each_event(struct vet_store *st, vet_str subject, vet_store_event_fn fn, void *arg,
                             struct vet_error *e);

/* Feed every stored subject, then every event, to the population through
 * the ordinary parser (vet_population_add_line; the "line" of a message
 * is the record's position in that order).  Records the current parser
 * rejects become issues of pop, as in `vetter check`.  Does not finish
 * pop: the caller may add more, then calls vet_population_finish. */
vet_err vet_store_load_population(struct vet_store *st, struct vet_population *pop, struct vet_error *e);

/* ---- identifiers -------------------------------------------------------- */

/* One identifier of a subject: kind ("email", "phone", "iban", "device",
 * ... as the linking code names them) and normalized value. */
struct vet_store_ident {
  vet_str kind, value;
};

/* Replace every identifier of the subject by these n (n may be 0) in one
 * transaction; duplicates in the list are stored once.  VET_ENOTFOUND
 * when the subject is not stored; VET_ELIMIT for a kind or value over
 * VET_STORE_MAX_ID; VET_EINVAL for an empty one. */
vet_err vet_store_set_identifiers(struct vet_store *st, vet_str subject, const struct vet_store_ident *ids, size_t n,
                                  struct vet_error *e);

typedef int (*vet_store_ident_fn)(void *arg, vet_str kind, vet_str value, vet_str subject);
/* The subjects holding (kind, value), by subject id. */
vet_err vet_store_find_identifier(struct vet_store *st, vet_str kind, vet_str value, vet_store_ident_fn fn, void *arg,
                                  struct vet_error *e);
/* Every (kind, value, subject), ordered by kind, value, subject; only the
 * (kind, value) pairs held by at least min_subjects subjects (0 or 1:
 * all; 2: the shared ones, which link subjects). */
vet_err vet_store_each_identifier(struct vet_store *st, unsigned min_subjects, vet_store_ident_fn fn, void *arg,
                                  struct vet_error *e);

/* ---- reports ----------------------------------------------------------- */

struct vet_stored_report {
  int64_t id;            /* increasing with every report stored */
  vet_str subject;
  int64_t created_at;
  double score;
  vet_str band;
  vet_str config_hash;   /* versions.config.hash of the report; "" when absent */
  vet_str fingerprint;   /* vet_findings_fingerprint of the report */
  vet_str json;          /* the report as given (compact, key order kept) */
};

/* Append a report ({"subject","score","band","findings",...,"versions"}, as
 * `vetter check` writes it) to its subject's history.  *id_out (may be
 * NULL) is its id.  VET_EPARSE when the report lacks a string "subject" or
 * "band", a number "score" or an array "findings"; VET_ENOTFOUND when the
 * subject is not stored. */
vet_err vet_store_add_report(struct vet_store *st, const json_t *report, int64_t *id_out, struct vet_error *e);

/* The newest report of a subject / the report with this id; strings in a.
 * VET_ENOTFOUND when there is none. */
vet_err vet_store_latest_report(struct vet_store *st, vet_str subject, struct vet_arena *a,
                                struct vet_stored_report *out, struct vet_error *e);
vet_err vet_store_report_get(struct vet_store *st, int64_t id, struct vet_arena *a, struct vet_stored_report *out,
                             struct vet_error *e);

typedef int (*vet_store_report_fn)(void *arg, const struct vet_stored_report *r);
/* A subject's report history, oldest first (by created_at, then id). */
vet_err vet_store_each_report(struct vet_store *st, vet_str subject, vet_store_report_fn fn, void *arg,
                              struct vet_error *e);

/* ---- groups ------------------------------------------------------------ */

/* A group of linked subjects (a suspected ring): its id, what the linking
 * code says of it (a JSON object) and its members. */
struct vet_store_group {
  vet_str id;
  vet_str json;
  const vet_str *members;
  size_t n_members;
  int64_t created_at;    /* reading: when a group of this id first appeared */
};

/* Replace the whole current set of groups by these n in one transaction:
 * groups absent from the new set are removed, a group whose id was
 * already stored keeps its created_at.  VET_ENOTFOUND when a member is not
 * a stored subject, VET_EINVAL for a duplicate group id, VET_EPARSE when a
 * group's JSON is not an object: then nothing changes. */
vet_err vet_store_replace_groups(struct vet_store *st, const struct vet_store_group *groups, size_t n,
                                 struct vet_error *e);

typedef int (*vet_store_group_fn)(void *arg, const struct vet_store_group *g);
/* The current groups by id; only those with this member when subject.len
 * > 0. */
vet_err vet_store_each_group(struct vet_store *st, vet_str subject, vet_store_group_fn fn, void *arg,
                             struct vet_error *e);

/* ---- decisions: the append-only audit log ------------------------------- */

enum vet_decision_status { VET_DECISION_CLEARED = 0, VET_DECISION_WATCH, VET_DECISION_BLOCKED };

/* "cleared", "watch", "blocked". */
const char *vet_decision_status_name(enum vet_decision_status s);
/* The reverse, exact lower case; VET_EPARSE for anything else. */
vet_err vet_decision_status_parse(vet_str s, enum vet_decision_status *out);

struct vet_decision {
  int64_t id;                     /* position in the audit log, from 1 */
  vet_str subject;
  enum vet_decision_status status;
  vet_str note;
  vet_str by;                     /* the analyst */
  int64_t at;                     /* Unix seconds */
  int64_t report_id;              /* the latest stored report when deciding; 0: none */
  vet_str fingerprint;            /* that report's findings fingerprint; "" when none */
};

/* Append a decision on a stored subject.  d->subject, status, note and by
 * are read; the time, the latest stored report and its fingerprint are
 * recorded by the store in the same transaction.  *out (may be NULL)
 * receives the stored decision, strings in a.  VET_ENOTFOUND when the
 * subject is not stored; VET_EINVAL for an empty by or invalid UTF-8;
 * VET_ELIMIT over VET_STORE_MAX_BY / VET_STORE_MAX_NOTE.  Decisions are
 * never updated or deleted (the schema refuses it). */
vet_err vet_store_decide(struct vet_store *st, const struct vet_decision *d, struct vet_arena *a,
                         struct vet_decision *out, struct vet_error *e);

/* The newest decision on a subject; strings in a.  VET_ENOTFOUND when none. */
vet_err vet_store_latest_decision(struct vet_store *st, vet_str subject, struct vet_arena *a,
                                  struct vet_decision *out, struct vet_error *e);

typedef int (*vet_store_decision_fn)(void *arg, const struct vet_decision *d);
/* The audit log in order (by id): of one subject when subject.len > 0. */
vet_err vet_store_each_decision(struct vet_store *st, vet_str subject, vet_store_decision_fn fn, void *arg,
                                struct vet_error *e);

/* ---- decision semantics (no store needed) ------------------------------ */

/* Hex digits of a findings fingerprint. */
#define VET_FINGERPRINT_HEX 16

/* The findings fingerprint of a report: 64-bit FNV-1a, as 16 lower-case
 * hex digits, over the sorted, de-duplicated set of its evidence items,
 * one per finding whose severity is not "info".  An item is the rule id
 * followed by the finding's key evidence: the members of its "evidence"
 * object that name what was found (strings and booleans, the strings of
 * an array, the keys of an object), sorted; numbers (counts, scores,
 * ages) are left out, so a new session of the same pattern or a rescore
 * does not change it, while a new rule, payout, document, country or
 * listed entity does.  See docs/store.md.  VET_EPARSE when report has no
 * "findings" array. */
vet_err vet_findings_fingerprint(const json_t *report, char out[VET_FINGERPRINT_HEX + 1], struct vet_error *e);

/* Most rules listed as new in a review. */
#define VET_REVIEW_MAX_RULES 32

/* Whether a decision still stands against a fresh report. */
struct vet_decision_review {
  bool stands;              /* no new evidence since the decision */
  bool exact;               /* new_rules compares item by item (false: the seen report was unavailable) */
  const char *new_rules[VET_REVIEW_MAX_RULES]; /* rules with new evidence, borrowed from fresh */
  uint32_t n_new_rules;     /* listed (distinct rules) */
  uint32_t n_new_items;     /* new evidence items in all */
  char text[512];           /* "cleared on 2026-11-02 by alice; no new evidence since" */
};

/* Review decision d against fresh (the subject's newest report; NULL when
 * there is none: the decision stands).  seen is the report the analyst saw
 * (the stored report d->report_id), or NULL when the decision was taken
 * without a report or that report is unavailable.  The decision stands
 * when every evidence item of fresh was in seen (findings that went away
 * do not reopen it); otherwise new_rules names the rules whose evidence
 * is new.  Without seen, a decision with a fingerprint stands when fresh
 * has the same fingerprint, and one without stands only when fresh has
 * no evidence items.  VET_EPARSE when a report has no findings array. */
vet_err vet_decision_review(const struct vet_decision *d, const json_t *seen, const json_t *fresh,
                            struct vet_decision_review *out, struct vet_error *e);

/* "2026-11-02T09:15:00Z" for Unix seconds t; buf >= 24 bytes. */
void vet_store_format_time(int64_t t, char *buf, size_t cap);

#endif
