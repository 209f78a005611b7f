-- Signed checkpoints of the audit log (db/audit_checkpoint.h, docs/audit.md). Append-only, like the
-- log itself: an auditor's copy of a checkpoint must keep matching what the server stored.
CREATE TABLE audit_checkpoints (
  id          INTEGER PRIMARY KEY,
  size        INTEGER NOT NULL CHECK (size >= 0),
  head_hash   BLOB    NOT NULL CHECK (length(head_hash) = 32),
  root_hash   BLOB    NOT NULL CHECK (length(root_hash) = 32),
  created_at  INTEGER NOT NULL,
  key_id      TEXT    NOT NULL,
  signature   BLOB    NOT NULL CHECK (length(signature) = 64)
) STRICT;

CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE ON audit_checkpoints
BEGIN
  SELECT RAISE(ABORT, 'audit checkpoints are append-only');
END;

CREATE TRIGGER audit_checkpoints_no_delete BEFORE DELETE ON audit_checkpoints
BEGIN
  SELECT RAISE(ABORT, 'audit checkpoints are append-only');
END;

-- Auditors' queries (db/audit_query.h): by object, by actor, by time.
CREATE INDEX audit_log_object ON audit_log (object, seq);
CREATE INDEX audit_log_actor ON audit_log (actor, seq);
CREATE INDEX audit_log_at ON audit_log (at);
