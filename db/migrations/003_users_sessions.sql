-- Staff accounts and their login sessions (see db/user_repository.h, db/session_repository.h).
CREATE TABLE users (
  id              INTEGER PRIMARY KEY,
  username        TEXT    NOT NULL UNIQUE COLLATE NOCASE,
  password_hash   TEXT    NOT NULL,
  role            TEXT    NOT NULL
                  CHECK (role IN ('admin', 'caseworker', 'reviewer', 'supervisor', 'auditor')),
  department      TEXT,
  failed_attempts INTEGER NOT NULL DEFAULT 0,
  locked_until    INTEGER,
  created_at      INTEGER NOT NULL,
  CHECK (role <> 'reviewer' OR department IS NOT NULL)
) STRICT;

-- Only the BLAKE2b-256 hash of a session token is kept. `id` is the session's stable handle (a
-- bare rowid could change on VACUUM), so token_hash is UNIQUE rather than the primary key.
CREATE TABLE sessions (
  id           INTEGER PRIMARY KEY,
  token_hash   BLOB    NOT NULL UNIQUE,
  user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at   INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  expires_at   INTEGER NOT NULL,
  revoked_at   INTEGER
) STRICT;
CREATE INDEX sessions_by_user ON sessions (user_id);
