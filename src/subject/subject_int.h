/* subject/subject_int.h - what the population store, the JSON reader
 * (parse.c), the line pre-parser (preparse.c) and the fast readers
 * (event_fast.cc, subject_fast.cc) share inside the subject module: the
 * values of a record's fields as the validator sees them, whichever JSON
 * reader produced them.
 * Owns: nothing.
 * Thread-safety: one thread at a time per population (building); the
 * fast reader, one thread at a time per reader object. */
#ifndef VET_SUBJECT_INT_H
#define VET_SUBJECT_INT_H

#include <stdint.h>

#include "vetter/subject.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Longest array accepted in one field (aliases, emails, documents, ...). */
#define SUBJECT_MAX_ITEMS 256

/* Record an input issue "SOURCE:LINE: message" (skipped: the whole record
 * was dropped).  VET_ENOMEM is the only failure. */
vet_err population_issue(struct vet_population *p, size_t line, bool skipped, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* ---- field values -------------------------------------------------------
 * The validator (parse.c) reads every field of an event and of a subject
 * through these: the type the JSON value had and its scalar.  jansson's
 * reader fills them from a json_t, the fast readers (event_fast.cc,
 * subject_fast.cc) from simdjson's document, so that the rules and
 * messages exist once. */

enum field_type {
  FIELD_ABSENT = 0, /* the key is not there */
  FIELD_NULL,
  FIELD_FALSE,
  FIELD_TRUE,
  FIELD_INTEGER,    /* a JSON number without fraction or exponent, in int64 range */
  FIELD_REAL,
  FIELD_STRING,
  FIELD_ARRAY,
  FIELD_OBJECT
};

struct field_val {
  uint8_t type;          /* enum field_type */
  uint32_t n;            /* FIELD_ARRAY: number of items */
  vet_str s;             /* FIELD_STRING: the (unescaped) text, not trimmed */
  int64_t i;             /* FIELD_INTEGER */
  const json_t *json;    /* from jansson: the value itself (array items are read from it) */
  const vet_str *items;  /* FIELD_ARRAY from the fast reader (json NULL): n strings, ptr NULL for a null */
};

struct payout_fields {
  struct field_val kind, holder, country, account, currency, address;
};

struct address_fields {
  struct field_val kind, country, text;
};

struct document_fields {
  struct field_val kind, mrz, number, issuing_country, name, birth_date, nationality, sex, expiry_date, image_phash;
};

/* An array of objects (a subject's addresses, documents, payouts): the
 * field's value, and whether every item of an array is an object.  The
 * items' fields: from the fast reader in items (v.n of them, a struct
 * address_fields, document_fields or payout_fields each) when
 * all_objects; from jansson, read from v.json (items NULL). */
struct objs_field {
  struct field_val v;
  bool all_objects;  /* FIELD_ARRAY: no item is anything but an object */
  const void *items;
};

/* A subject record.  The fields of text and links are filled when text
 * and links are FIELD_OBJECT (absent otherwise). */
struct subject_fields {
  struct field_val id, kind, name, display_name, aliases, birth_date, nationality, country, city, timezone,
      languages, emails, phones, employer, photo_phash, photo, created_at;
  struct field_val text, headline, bio, resume;
  struct field_val links, github, linkedin, website;
  struct objs_field addresses, documents, payouts;
};

/* An event record; pay and addr are filled when payout and address are
 * FIELD_OBJECT. */
struct event_fields {
  struct field_val subject, ts, kind, ip, user_agent, device_id, tz_offset_min, tz_name, languages, remote_tools,
      usb_devices, vm, payout, counterpart, address;
  struct payout_fields pay;
  struct address_fields addr;
};

/* ---- the fast readers (event_fast.cc, subject_fast.cc) ------------------ */

/* One simdjson parser, for events and subjects. */
struct event_fast;

/* NULL when out of memory. */
struct event_fast *event_fast_new(void);
void event_fast_free(struct event_fast *f); /* NULL-safe */

/* Read line (JSON text, cap >= line.len bytes readable at line.ptr) as an
 * event record into *out: its strings point into f's document (valid
 * until the next event_fast_parse on f), the arrays of its lists are
 * allocated in a.  Returns
 * true when it did; false ("use jansson") for anything else or anything
 * it is not sure jansson would read the same way: not an object, no
 * "type":"event", a duplicate key, a NUL in a string, an integer beyond
 * int64, a string array holding other values or more than
 * SUBJECT_MAX_ITEMS items, malformed JSON, a line over its size limit, or
 * out of memory.  Then *out is unspecified. */
bool event_fast_parse(struct event_fast *f, vet_str line, size_t cap, struct vet_arena *a, struct event_fields *out);

/* The plain-line reader alone (simdjson On-Demand, event_fast.cc): true
 * when line is a plain event line, *out filled as event_fast_parse would
 * fill it; false for every other line (record_fast_parse then reads it
 * with the DOM).  For the tests, which hold the two to the same results. */
bool event_plain_parse(struct event_fast *f, vet_str line, size_t cap, struct vet_arena *a, struct event_fields *out);

/* The plain event lines among lines[0..n), read with one simdjson pass
 * over all of them instead of one a line.  The lines must follow one
 * another in memory with exactly one '\n' between two (otherwise none is
 * read), cap bytes readable from lines[0].ptr.  For each line the plain
 * reader takes, as event_plain_parse would take it alone, taken[i] is set
 * and fn(ctx, i, fields) is called (the fields' strings live during the
 * call only; fn returns false when out of memory, which ends the run).
 * The pass stops at the first line whose document does not start and end
 * where the line does; every line not taken is for the caller to read one
 * by one.  Returns how many were taken. */
typedef bool (*plain_line_fn)(void *ctx, size_t i, const struct event_fields *fields);
size_t event_plain_run(struct event_fast *f, const vet_str *lines, size_t n, size_t cap, struct vet_arena *a,
                       plain_line_fn fn, void *ctx, bool *taken);

enum fast_record {
  FAST_DECLINED = 0, /* use jansson */
  FAST_EVENT,        /* *ev filled, as event_fast_parse does */
  FAST_SUBJECT       /* *subj filled */
};

/* Read line (as event_fast_parse) as an event or a subject record, told
 * apart as vet_population_add_json does ("type" "subject" or "event";
 * none, or null, with an "id": a subject).  An event's strings point
 * into f's document (valid until the next parse on f); a subject's
 * strings, and the arrays of both, are copied into a (they must outlive
 * the line: the subject is checked when it is added).  FAST_DECLINED in
 * every case event_fast_parse declines a line, and for a subject: a
 * string list holding anything but strings and nulls, or an array of
 * more than SUBJECT_MAX_ITEMS items; then *ev and *subj are unspecified.
 * Field-level type problems are not declined: the rules report them. */
enum fast_record record_fast_parse(struct event_fast *f, vet_str line, size_t cap, struct vet_arena *a,
                                   struct event_fields *ev, struct subject_fields *subj);

/* ---- events validated on a worker thread ---------------------------------- */

/* An issue of a record, kept until the record is added. */
struct event_issue {
  struct event_issue *next;
  bool skipped;
  char msg[sizeof ((struct vet_input_issue *)0)->msg]; /* without "SOURCE:LINE: " */
};

/* An event validated off the population's thread. */
struct event_ready {
  struct vet_event ev;          /* when keep; line set when added */
  vet_str sid;                  /* its subject's id (in the scratch arena, or in the kept line) */
  uint64_t sid_hash;            /* vet_strmap_hash(sid), when keep */
  bool keep;                    /* false: skipped (an issue says why) */
  struct event_issue *issues;   /* in the order they arose */
};

/* Copies of strings already made in one arena, to share (parse.c). */
struct event_intern;
struct event_intern *event_intern_new(void); /* NULL when out of memory */
void event_intern_free(struct event_intern *t);
/* Set the x of every event prepared with t whose ext still waits for its
 * lookup (parse.c, EXT_WAIT): before any of them is read.  False when out
 * of memory (an event's x is then left without its ext). */
bool event_intern_flush(struct event_intern *t);

/* The event rules of parse.c over fields, on any thread: strings into
 * strings (an arena the population owns: population_new_arena), shared
 * through intern (NULL, or a table used with this arena only), issues
 * and the subject id into scratch (which must live until the event is
 * added), country fields resolved in countries.  line: VET_STR_NULL, or
 * the event's line when it stays as it is until the event is added: a
 * subject id read in place from it (event_fast.cc) is then not copied.
 * With intern, out->ev.x may be set later, by the next event_prepare or
 * event_intern_flush: out must stay where it is until then.
 * VET_ENOMEM is the only failure. */
vet_err event_prepare(struct vet_arena *strings, struct event_intern *intern, struct vet_arena *scratch,
                      const struct vet_countries *countries, vet_str line, const struct event_fields *f,
                      struct event_ready *out);
/* Add an event_prepare'd event (its issues, then the event) to p, on p's
 * thread: what vet_population_add_json does with the same event. */
vet_err event_add_ready(struct vet_population *p, size_t lineno, const struct event_ready *r, struct vet_error *e);

/* ---- subjects read by the fast reader ------------------------------------- */

/* Add a subject record read into f (by record_fast_parse) to p, on p's
 * thread: what vet_population_add_json does with the same record (the
 * same checks, issues and messages; the strings copied into p).  Only
 * VET_ENOMEM and VET_EINVAL (after finish) fail. */
vet_err subject_add_fields(struct vet_population *p, size_t lineno, const struct subject_fields *f,
                           struct vet_error *e);

/* A new arena for strings that p owns (freed with p); NULL when out of
 * memory.  p's thread only. */
struct vet_arena *population_new_arena(struct vet_population *p);

#ifdef __cplusplus
}
#endif

#endif
