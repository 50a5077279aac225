/* migrations.c — the numbered schema migrations of the SQLite backend. Append only: a
 * migration that has shipped is never edited; the next change is a new entry. */
#include "migrations.h"

const char *const ks_sqlite_migrations[] = {
    /* 1: vendors, sessions, the sandbox clock */
    "CREATE TABLE vendors("
    "  id INTEGER PRIMARY KEY,"
    "  code TEXT NOT NULL UNIQUE,"
    "  secret TEXT NOT NULL,"
    "  model TEXT NOT NULL CHECK(model IN ('MOR','PSP')),"
    "  tz_offset INTEGER NOT NULL,"
    "  created INTEGER NOT NULL);"
    "CREATE TABLE sessions("
    "  id TEXT PRIMARY KEY,"
    "  vendor_id INTEGER NOT NULL REFERENCES vendors(id),"
    "  expires INTEGER NOT NULL);"
    "CREATE INDEX sessions_expires ON sessions(expires);"
    "CREATE TABLE clock(id INTEGER PRIMARY KEY CHECK(id = 1), offset_s INTEGER NOT NULL);"
    "INSERT INTO clock VALUES(1, 0);",

    /* 2: leads, their items (for the ProductCode filter) and follow-up schedule */
    "CREATE TABLE leads("
    "  id INTEGER PRIMARY KEY,"
    "  vendor_id INTEGER NOT NULL REFERENCES vendors(id),"
    "  code TEXT NOT NULL,"
    "  generated_from TEXT NOT NULL,"
    "  currency TEXT NOT NULL,"
    "  language TEXT,"
    "  country TEXT,"
    "  email TEXT COLLATE NOCASE,"
    "  first_name TEXT,"
    "  last_name TEXT,"
    "  local_time TEXT,"
    "  followed_up INTEGER NOT NULL DEFAULT 0,"
    "  used INTEGER NOT NULL DEFAULT 0,"
    "  used_success INTEGER NOT NULL DEFAULT 0,"
    "  stopped INTEGER NOT NULL DEFAULT 0,"
    "  created INTEGER NOT NULL,"
    "  updated INTEGER NOT NULL,"
    "  doc TEXT NOT NULL,"
    "  UNIQUE(vendor_id, code));"
    "CREATE INDEX leads_email ON leads(vendor_id, email);"
    "CREATE INDEX leads_country ON leads(vendor_id, country, language);"
    "CREATE INDEX leads_language ON leads(vendor_id, language);"
    "CREATE INDEX leads_created ON leads(vendor_id, created);"
    "CREATE TABLE lead_items("
    "  lead_id INTEGER NOT NULL REFERENCES leads(id) ON DELETE CASCADE,"
    "  seq INTEGER NOT NULL,"
    "  code TEXT,"
    "  PRIMARY KEY(lead_id, seq)) WITHOUT ROWID;"
    "CREATE INDEX lead_items_code ON lead_items(code, lead_id);"
    "CREATE TABLE lead_followups("
    "  lead_id INTEGER NOT NULL REFERENCES leads(id) ON DELETE CASCADE,"
    "  seq INTEGER NOT NULL,"
    "  due INTEGER NOT NULL,"
    "  state INTEGER NOT NULL,"
    "  PRIMARY KEY(lead_id, seq)) WITHOUT ROWID;"
    "CREATE INDEX lead_followups_due ON lead_followups(state, due);",
};

const int ks_sqlite_migration_count =
    (int)(sizeof ks_sqlite_migrations / sizeof ks_sqlite_migrations[0]);
