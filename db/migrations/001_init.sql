-- Schema bookkeeping lives in PRAGMA user_version; this first migration creates the base tables.
CREATE TABLE IF NOT EXISTS meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;
