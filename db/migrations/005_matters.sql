-- One-matter joint handling (docs/workflow.md): matters, their tasks (one per department), the
-- policies applied for, per-policy decisions, materials accepted as missing (容缺), the event
-- outbox read by agencies, and the agencies' API keys. `version` is the optimistic-concurrency
-- counter: every change is UPDATE ... WHERE version = ?, so of two racing writers one wins.
CREATE TABLE matters (
  id            INTEGER PRIMARY KEY,
  household_id  INTEGER NOT NULL,
  screening_id  TEXT NOT NULL DEFAULT '',
  version       INTEGER NOT NULL CHECK (version >= 1),
  state         TEXT NOT NULL CHECK (state IN ('submitted', 'in_review', 'awaiting_info',
                                               'decided', 'closed', 'withdrawn')),
  submitted_at  INTEGER NOT NULL,
  due_at        INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL
) STRICT;
CREATE INDEX matters_household ON matters (household_id);
CREATE INDEX matters_state ON matters (state, id);

CREATE TABLE matter_policies (
  matter_id  INTEGER NOT NULL REFERENCES matters (id) ON DELETE CASCADE,
  position   INTEGER NOT NULL,
  policy_id  TEXT NOT NULL,
  PRIMARY KEY (matter_id, position),
  UNIQUE (matter_id, policy_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE matter_tasks (
  matter_id        INTEGER NOT NULL REFERENCES matters (id) ON DELETE CASCADE,
  task_id          TEXT NOT NULL,
  department       TEXT NOT NULL,
  position         INTEGER NOT NULL,
  policy_ids       TEXT NOT NULL,  -- comma-separated, in the order applied for
  state            TEXT NOT NULL CHECK (state IN ('pending', 'in_review', 'info_requested',
                                                  'decided')),
  time_limit_days  INTEGER NOT NULL CHECK (time_limit_days >= 1),
  due_at           INTEGER NOT NULL,
  info_request     TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (matter_id, task_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX matter_tasks_department ON matter_tasks (department, matter_id);

CREATE TABLE matter_decisions (
  matter_id   INTEGER NOT NULL REFERENCES matters (id) ON DELETE CASCADE,
  task_id     TEXT NOT NULL,
  policy_id   TEXT NOT NULL,
  verdict     TEXT NOT NULL CHECK (verdict IN ('approved', 'rejected')),
  reason      TEXT NOT NULL,
  decided_at  INTEGER NOT NULL,
  PRIMARY KEY (matter_id, policy_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE matter_missing_materials (
  matter_id    INTEGER NOT NULL REFERENCES matters (id) ON DELETE CASCADE,
  position     INTEGER NOT NULL,
  name         TEXT NOT NULL,
  supply_by    TEXT NOT NULL,  -- YYYY-MM-DD, China Standard Time
  supplied_at  INTEGER,
  PRIMARY KEY (matter_id, position)
) STRICT, WITHOUT ROWID;

-- The outbox: one row per workflow event, written in the transaction of the change. AUTOINCREMENT
-- never reuses a cursor, and writers hold BEGIN IMMEDIATE, so cursor order is commit order.
-- department = '' marks a matter-wide event, seen by every department with a task on the matter.
CREATE TABLE event_outbox (
  cursor      INTEGER PRIMARY KEY AUTOINCREMENT,
  type        TEXT NOT NULL,
  matter_id   INTEGER NOT NULL,
  task_id     TEXT NOT NULL,
  department  TEXT NOT NULL,
  from_state  TEXT NOT NULL,
  to_state    TEXT NOT NULL,
  detail      TEXT NOT NULL,
  at          INTEGER NOT NULL
) STRICT;
CREATE INDEX event_outbox_department ON event_outbox (department, cursor);
CREATE TRIGGER event_outbox_no_update BEFORE UPDATE ON event_outbox
BEGIN SELECT RAISE(ABORT, 'event_outbox is append-only'); END;
CREATE TRIGGER event_outbox_no_delete BEFORE DELETE ON event_outbox
BEGIN SELECT RAISE(ABORT, 'event_outbox is append-only'); END;

-- Agency API keys: only the BLAKE2b-256 hash of the key is kept.
CREATE TABLE api_keys (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL,
  department  TEXT NOT NULL,
  key_hash    BLOB NOT NULL UNIQUE,
  created_at  INTEGER NOT NULL,
  revoked_at  INTEGER
) STRICT;
