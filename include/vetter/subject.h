/* vetter/subject.h - the subject model: the workers (and organizations)
 * being screened, and the events of their accounts (logins, activity,
 * payout changes), read from JSON lines (docs/schema.md).
 * Owns: a vet_population owns its subjects, events and every string in
 * them (its arena, and one more per vet_line_parser made for it).
 * Thread-safety: built by one thread (vet_population_add_line, then
 * vet_population_finish); immutable afterwards, share freely.  A
 * vet_line_parser is one thread's at a time; what it parsed may be added
 * to the population by another thread once the caller has ordered the
 * two (e.g. joined the parsing thread). */
#ifndef VETTER_SUBJECT_H
#define VETTER_SUBJECT_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "vetter/arena.h"
#include "vetter/country.h"
#include "vetter/entity.h"
#include "vetter/error.h"
#include "vetter/str.h"

/* A list of strings (aliases, emails, phones, languages, ...). */
struct vet_strs {
  vet_str *v;
  uint32_t n;
};

/* A country as given and as resolved.  code is "" when the input had none
 * or it did not resolve (the parser then warns). */
struct vet_place {
  vet_str raw;
  char code[8];
};

enum vet_address_kind { VET_ADDR_RESIDENCE = 0, VET_ADDR_SHIPPING, VET_ADDR_BILLING, VET_ADDR_OTHER };
const char *vet_address_kind_name(enum vet_address_kind k);

struct vet_saddress {
  enum vet_address_kind kind;
  struct vet_place country;
  vet_str text;
};

enum vet_doc_kind { VET_DOC_PASSPORT = 0, VET_DOC_ID_CARD, VET_DOC_RESIDENCE_PERMIT, VET_DOC_DRIVER_LICENSE, VET_DOC_OTHER };
const char *vet_doc_kind_name(enum vet_doc_kind k);

struct vet_document {
  enum vet_doc_kind kind;
  vet_str mrz;                  /* lines joined by '|' (or newlines) */
  vet_str number;
  struct vet_place issuing_country;
  vet_str name;
  struct vet_date birth_date;   /* year 0: not given */
  struct vet_place nationality;
  char sex;                     /* 'M', 'F', 'X' or 0 */
  struct vet_date expiry_date;
  vet_str image_phash;
};

enum vet_payout_kind { VET_PAYOUT_BANK = 0, VET_PAYOUT_PAYPAL, VET_PAYOUT_PAYONEER, VET_PAYOUT_WISE, VET_PAYOUT_CRYPTO,
                       VET_PAYOUT_OTHER };
const char *vet_payout_kind_name(enum vet_payout_kind k);

struct vet_payout {
  enum vet_payout_kind kind;
  vet_str holder;
  struct vet_place country;
  vet_str account;   /* IBAN, account number, PayPal email, ... */
  vet_str currency;  /* "USD", "USDT", ... */
  vet_str address;   /* crypto wallet address */
};

struct vet_subject {
  vet_str id;
  size_t line;                  /* input line it came from */
  enum vet_schema kind;         /* PERSON (default) or ORGANIZATION */
  vet_str name, display_name;
  struct vet_strs aliases;
  struct vet_date birth_date;
  struct vet_place nationality;
  struct vet_place country;     /* claimed residence */
  vet_str city;
  vet_str timezone;             /* IANA name, as claimed */
  struct vet_strs languages, emails, phones;
  struct vet_saddress *addresses; uint32_t n_addresses;
  struct vet_document *documents; uint32_t n_documents;
  struct vet_payout *payouts; uint32_t n_payouts;
  vet_str employer;
  vet_str photo_phash, photo;
  vet_str headline, bio, resume;
  vet_str github, linkedin, website;
  int64_t created_at;           /* Unix seconds; 0 when not given */
  uint32_t first_event, n_events; /* this subject's events in vet_population.events, by time */
};

enum vet_event_kind { VET_EV_LOGIN = 0, VET_EV_ACTIVITY, VET_EV_PAYOUT_CHANGE, VET_EV_MESSAGE, VET_EV_REVIEW,
                      VET_EV_SHIPMENT, VET_EV_OTHER };
const char *vet_event_kind_name(enum vet_event_kind k);

/* The fields most events lack or share with the subject's other
 * sessions: a login's browser and machine, a payment's counterpart, a
 * payout change's method, a shipment's address.  Behind one pointer, so
 * that the array of events stays small (populations hold millions of
 * them); the readers share one ext among the events with the same
 * fields. */
struct vet_event_ext {
  vet_str user_agent, tz_name;
  struct vet_strs languages, remote_tools, usb_devices;
  vet_str counterpart;
  struct vet_payout *payout;    /* NULL when absent */
  struct vet_saddress *address; /* NULL when absent */
  int16_t ts_offset_min;        /* the offset the event's timestamp was written with */
  int16_t tz_offset_min;        /* browser's UTC offset, minutes east, when has_tz_offset */
  bool has_tz_offset;
  int8_t vm;                    /* 1 yes, 0 no, -1 not reported */
};
/* The ext of an event that has none of those fields (all empty, vm -1,
 * the timestamp in UTC). */
extern const struct vet_event_ext vet_event_ext_none;

/* Input lines past this one are recorded as this one in their events. */
#define VET_EVENT_LINE_MAX ((1u << 29) - 1)

/* 40 bytes on a 64-bit machine (there are tens of millions): the address
 * and the device id are vet_lstr, one pointer each (vet_lstr_str gives
 * them as vet_str); the kind shares a word with the line. */
struct vet_event {
  uint32_t subject;             /* index into vet_population.subjects */
  uint32_t line : 29;           /* input line it came from (VET_EVENT_LINE_MAX past that) */
  uint32_t kind : 3;            /* enum vet_event_kind */
  int64_t ts;                   /* Unix seconds (UTC) */
  vet_lstr ip, device_id;       /* NULL: absent */
  const struct vet_event_ext *x; /* never NULL: &vet_event_ext_none when it has none */
};

/* A problem with one input record or field; the record was skipped
 * (skipped true) or only the field was ignored. */
struct vet_input_issue {
  size_t line;
  bool skipped;
  char msg[224];                /* "line 12: field 'birth_date': ..." */
};

/* The subject of an event read before its subject record: its
 * subject field is VET_SUBJECT_PENDING until vet_population_finish
 * resolves it (an event whose subject was read already has it at once). */
#define VET_SUBJECT_PENDING UINT32_MAX
struct vet_event_pending {
  uint32_t event;               /* index into vet_population.events */
  uint32_t line;                /* its input line, for the message when no subject has the id (UINT32_MAX past that) */
  vet_str sid;                  /* the subject id it names, in the population's arena */
};

struct vet_population {
  struct vet_arena arena;
  const struct vet_countries *countries; /* borrowed */
  vet_str source;                         /* file name for messages */
  struct vet_subject *subjects; uint32_t n_subjects, cap_subjects;
  struct vet_event *events; uint32_t n_events, cap_events;
  struct vet_input_issue *issues; uint32_t n_issues, cap_issues;
  size_t lines, skipped;        /* records read and records skipped */
  size_t n_issues_total;        /* issues including those past the stored cap */
  struct vet_strmap *ids;       /* subject id -> index */
  struct vet_event_pending *pending; uint32_t n_pending, cap_pending; /* events read before their subject */
  struct vet_arena **arenas; uint32_t n_arenas, cap_arenas; /* strings of events read by vet_line_parsers */
  bool finished;
};

/* source names the input in messages ("workers.jsonl", "-" for stdin).
 * countries (borrowed, must outlive the population) resolves country
 * fields.  NULL on out of memory. */
struct vet_population *vet_population_new(const struct vet_countries *countries, const char *source);
void vet_population_free(struct vet_population *p); /* NULL-safe */
/* Room for this many subjects and events before the first of each is
 * added (on transparent huge pages when an array is hundreds of
 * megabytes: core/common.h): a reader that knows its input's size asks
 * for it up front, so that the arrays never move (copied to fresh pages)
 * as they grow.
 * Only address space is taken until records fill it; a hint: past it, or
 * when it cannot be had, an array grows as usual.  Nothing happens to an
 * array once records were added to it. */
void vet_population_reserve(struct vet_population *p, uint32_t subjects, uint32_t events);

/* Add one JSON line (lineno for messages).  A malformed line, a wrong
 * type, an impossible date or a duplicate subject id is recorded as an
 * issue and the record skipped; VET_OK is still returned.  Only VET_ENOMEM
 * and VET_EINVAL (after finish) fail. */
vet_err vet_population_add_line(struct vet_population *p, size_t lineno, vet_str line, struct vet_error *e);
/* Same for an already parsed JSON object. */
vet_err vet_population_add_json(struct vet_population *p, size_t lineno, json_t *o, struct vet_error *e);

/* ---- reading on several threads -------------------------------------------
 * Parsing the JSON is most of the cost of reading a population, and the
 * population is one thread's: worker threads pre-parse lines, each with
 * its own vet_line_parser, and one thread adds the results in input order
 * with vet_population_add_parsed, which does exactly what
 * vet_population_add_line would have done with the same line (the same
 * records, issues and messages).  Event and subject lines are read by a
 * fast reader (simdjson); any other line, and any line it is not sure
 * about, by jansson. */

/* Bytes after a line's end that the fast reader may read (never write):
 * give vet_line_parser_parse a cap of line.len + VET_LINE_PADDING or more
 * and the line is not copied first. */
#define VET_LINE_PADDING 64

struct vet_line_parser;
struct vet_parsed_line;

/* A parser for lines of p: the strings of the events it reads go to an
 * arena of p's (so p must outlive the parser's results, not the parser),
 * country fields are resolved with p's table.  Call on p's thread.  NULL
 * when out of memory. */
struct vet_line_parser *vet_line_parser_new(struct vet_population *p);
/* A parser for lines of p that copies the strings of events where with
 * does, sharing with's copies (each string kept once between them, and
 * the table that finds them warm in the cache): for a thread that
 * alternates between two parsers.  The two must never parse at the same
 * time, and with must outlive it.  NULL when out of memory, or when with
 * is not a parser of p. */
struct vet_line_parser *vet_line_parser_new_sharing(struct vet_population *p, struct vet_line_parser *with);
/* The caller keeps every line it gives lp, unchanged, until the result
 * parsed from it is added (vet_population_add_parsed): results may then
 * point into their lines (an event's subject id, read as it is written,
 * is not copied).  Without it a line may be reused as soon as it is
 * parsed. */
void vet_line_parser_keep_lines(struct vet_line_parser *lp);
/* Frees the parser and every result it made (not p's strings). NULL-safe. */
void vet_line_parser_free(struct vet_line_parser *lp);
/* Frees every result made since the last clear (their jansson objects
 * too); keeps the parser's buffers for the next lines. */
void vet_line_parser_clear(struct vet_line_parser *lp);

/* Pre-parse one line.  cap bytes are readable at line.ptr (cap >=
 * line.len).  The result is the parser's: valid until
 * vet_line_parser_clear or _free; it does not point into line, which may
 * be reused at once (unless vet_line_parser_keep_lines).  NULL only when
 * out of memory (e says so). */
const struct vet_parsed_line *vet_line_parser_parse(struct vet_line_parser *lp, vet_str line, size_t cap,
                                                    struct vet_error *e);
/* Pre-parse n lines at once: out[i] is what vet_line_parser_parse would
 * give for lines[i] (the same result).  When the lines follow one another
 * in memory with one '\n' between two (as in a buffer of JSON lines), the
 * plain event lines among them are read in one pass, which is faster;
 * the others one by one.  cap bytes are readable at lines[0].ptr.  VET_OK,
 * or VET_ENOMEM (e says so; out[] then partly filled). */
vet_err vet_line_parser_parse_run(struct vet_line_parser *lp, const vet_str *lines, size_t n, size_t cap,
                                  const struct vet_parsed_line **out, struct vet_error *e);
/* How many lines lp read with the fast reader and with jansson (blank
 * lines in neither) since it was made; for statistics and tests. */
void vet_line_parser_counts(const struct vet_line_parser *lp, size_t *fast, size_t *slow);

/* Add a line pre-parsed by a parser of p: the same as
 * vet_population_add_line with the line it came from (lineno for
 * messages).  Only VET_ENOMEM and VET_EINVAL (after finish, or an event
 * parsed by a parser of another population) fail. */
vet_err vet_population_add_parsed(struct vet_population *p, size_t lineno, const struct vet_parsed_line *pl,
                                  struct vet_error *e);
/* Fetch into the cache what adding pl to p will read first (an event's
 * slot in the map of subject ids): for a caller that adds many results,
 * a few lines before it adds this one.  Changes nothing. */
void vet_population_prefetch_parsed(const struct vet_population *p, const struct vet_parsed_line *pl);

/* Attach events to their subjects (sorted by time); events of unknown
 * subjects are reported as issues and dropped. */
vet_err vet_population_finish(struct vet_population *p, struct vet_error *e);
/* The same, finding the events' subjects on up to `threads` threads (the
 * calling one and threads - 1 started for the call); the same result. */
vet_err vet_population_finish_threads(struct vet_population *p, uint32_t threads, struct vet_error *e);

/* The subject id event i names, before or after finish. Borrowed. */
vet_str vet_population_event_sid(const struct vet_population *p, uint32_t i);

/* Subject by id; NULL when absent. Borrowed. */
const struct vet_subject *vet_population_find(const struct vet_population *p, vet_str id);

/* Parse an RFC 3339 timestamp ("2026-03-01T09:15:00Z",
 * "2026-03-01T18:15:00+09:00", fractional seconds allowed) into Unix
 * seconds and the offset it was written with.  VET_EPARSE otherwise. */
vet_err vet_timestamp_parse(vet_str s, int64_t *unix_s, int *offset_min);

#endif
