/* store/sqlite_schema.c - the schema of the SQLite store as an ordered
 * list of migrations.  Step i takes a store from schema version i to
 * i + 1 (PRAGMA user_version); store/sqlite.c applies each step in one
 * transaction together with the new user_version, so a store is always
 * at a whole version.  Released steps are never edited: a change of the
 * schema is a new step at the end (and VET_STORE_SCHEMA_VERSION + 1).
 *
 * Every JSON column carries a CHECK that it holds a JSON object, so no
 * writer can leave a record that does not parse.  Times are Unix seconds
 * (UTC).  Hashes are vet_store_hash64 as a signed 64-bit integer. */
#include "store/store_int.h"

/* A JSON column that must hold an object.  CASE, not AND: json_type()
 * raises an error on malformed text, json_valid() does not. */
#define JSON_OBJECT(col) "CHECK (CASE WHEN json_valid(" col ") THEN json_type(" col ") = 'object' ELSE 0 END)"

const char *const store_sqlite_migrations[] = {
    /* 1: subjects and their events */
    "PRAGMA application_id = 1447384146;\n" /* STORE_SQLITE_APP_ID, 'VETR' */
    "CREATE TABLE meta (\n"
    "  key   TEXT PRIMARY KEY NOT NULL,\n"
    "  value TEXT NOT NULL\n"
    ") WITHOUT ROWID;\n"
    "INSERT INTO meta (key, value) VALUES ('application', 'vetter');\n"
    "CREATE TABLE subjects (\n"
    "  id         TEXT PRIMARY KEY NOT NULL,      -- the subject's id, as a string\n"
    "  hash       INTEGER NOT NULL,               -- vet_store_hash64(json)\n"
    "  json       TEXT NOT NULL " JSON_OBJECT("json") ", -- canonical: sorted keys, compact\n"
    "  first_seen INTEGER NOT NULL,\n"
    "  updated_at INTEGER NOT NULL                -- json last changed\n"
    ");\n"
    "CREATE TABLE events (\n"
    "  id       INTEGER PRIMARY KEY,\n"
    "  subject  TEXT NOT NULL REFERENCES subjects (id),\n"
    "  ts       INTEGER NOT NULL,\n"
    "  kind     TEXT NOT NULL,\n"
    "  hash     INTEGER,                          -- NULL only after a hash collision\n"
    "  json     TEXT NOT NULL " JSON_OBJECT("json") ",\n"
    "  added_at INTEGER NOT NULL,\n"
    "  UNIQUE (subject, hash)                     -- re-ingesting an event is a no-op\n"
    ");\n",

    /* 2: what the analysis derives: identifiers, reports, groups */
    "CREATE TABLE identifiers (\n"
    "  kind    TEXT NOT NULL,\n"
    "  value   TEXT NOT NULL,\n"
    "  subject TEXT NOT NULL REFERENCES subjects (id),\n"
    "  PRIMARY KEY (kind, value, subject)\n"
    ") WITHOUT ROWID;\n"
    "CREATE INDEX identifiers_by_subject ON identifiers (subject);\n"
    "CREATE TABLE reports (\n"
    "  id          INTEGER PRIMARY KEY AUTOINCREMENT,\n"
    "  subject     TEXT NOT NULL REFERENCES subjects (id),\n"
    "  created_at  INTEGER NOT NULL,\n"
    "  score       REAL NOT NULL,\n"
    "  band        TEXT NOT NULL,\n"
    "  config_hash TEXT NOT NULL,\n"
    "  fingerprint TEXT NOT NULL,                 -- vet_findings_fingerprint\n"
    "  json        TEXT NOT NULL " JSON_OBJECT("json") "\n"
    ");\n"
    "CREATE INDEX reports_by_subject ON reports (subject, created_at, id);\n"
    "CREATE TABLE groups (\n"
    "  id         TEXT PRIMARY KEY NOT NULL,\n"
    "  created_at INTEGER NOT NULL,               -- when this group id first appeared\n"
    "  generation INTEGER NOT NULL,               -- the replace that last wrote it\n"
    "  json       TEXT NOT NULL " JSON_OBJECT("json") "\n"
    ");\n"
    "CREATE TABLE group_members (\n"
    "  group_id TEXT NOT NULL REFERENCES groups (id) ON DELETE CASCADE,\n"
    "  subject  TEXT NOT NULL REFERENCES subjects (id),\n"
    "  PRIMARY KEY (group_id, subject)\n"
    ") WITHOUT ROWID;\n"
    "CREATE INDEX group_members_by_subject ON group_members (subject);\n",

    /* 3: the analysts' append-only decision log */
    "CREATE TABLE decisions (\n"
    "  id          INTEGER PRIMARY KEY AUTOINCREMENT,\n"
    "  subject     TEXT NOT NULL REFERENCES subjects (id),\n"
    "  status      TEXT NOT NULL CHECK (status IN ('cleared', 'watch', 'blocked')),\n"
    "  note        TEXT NOT NULL,\n"
    "  decided_by  TEXT NOT NULL CHECK (length(decided_by) > 0),\n"
    "  at          INTEGER NOT NULL,\n"
    "  report_id   INTEGER REFERENCES reports (id), -- the report the analyst saw\n"
    "  fingerprint TEXT NOT NULL                  -- its findings fingerprint, '' when none\n"
    ");\n"
    "CREATE INDEX decisions_by_subject ON decisions (subject, id);\n"
    "CREATE TRIGGER decisions_no_update BEFORE UPDATE ON decisions\n"
    "BEGIN SELECT RAISE(ABORT, 'decisions are append-only: no update'); END;\n"
    "CREATE TRIGGER decisions_no_delete BEFORE DELETE ON decisions\n"
    "BEGIN SELECT RAISE(ABORT, 'decisions are append-only: no delete'); END;\n"
    /* reports are history; the one an analyst decided on is evidence too */
    "CREATE TRIGGER reports_no_update BEFORE UPDATE ON reports\n"
    "BEGIN SELECT RAISE(ABORT, 'reports are history: no update'); END;\n"
    "CREATE TRIGGER reports_no_delete BEFORE DELETE ON reports\n"
    "  WHEN EXISTS (SELECT 1 FROM decisions WHERE report_id = OLD.id)\n"
    "BEGIN SELECT RAISE(ABORT, 'a report an analyst decided on cannot be deleted'); END;\n",
};

const size_t store_sqlite_n_migrations = VET_COUNTOF(store_sqlite_migrations);

_Static_assert(VET_COUNTOF(store_sqlite_migrations) == VET_STORE_SCHEMA_VERSION,
               "one migration step per schema version");
