-- Data-encryption keys, each wrapped under a key derived from the master key; one is active.
CREATE TABLE data_keys (
  id         INTEGER PRIMARY KEY CHECK (id > 0 AND id <= 4294967295),
  wrapped    BLOB    NOT NULL,
  active     INTEGER NOT NULL DEFAULT 0 CHECK (active IN (0, 1)),
  created_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX data_keys_one_active ON data_keys (active) WHERE active = 1;

-- The append-only, hash-chained audit log (see db/audit_log.h). No personal data in here.
CREATE TABLE audit_log (
  seq       INTEGER PRIMARY KEY,
  at        INTEGER NOT NULL,
  actor     TEXT    NOT NULL,
  role      TEXT    NOT NULL,
  action    TEXT    NOT NULL,
  object    TEXT    NOT NULL,
  outcome   TEXT    NOT NULL,
  purpose   TEXT    NOT NULL,
  prev_hash BLOB    NOT NULL,
  hash      BLOB    NOT NULL
) STRICT;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
