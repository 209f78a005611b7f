-- The registry: households, the person blind index and stored screenings (docs/registry.md).
-- Personal data (names, ID numbers, incomes, disability, health, assets, events) lives only in
-- `document`, one XChaCha20-Poly1305 sealed blob per household whose associated data binds it to
-- ("households", "document", id). The clear columns are what reports count and lists filter on.
CREATE TABLE households (
  id                INTEGER PRIMARY KEY,
  version           INTEGER NOT NULL CHECK (version >= 1),
  created_at        INTEGER NOT NULL,
  updated_at        INTEGER NOT NULL,
  hukou             TEXT NOT NULL CHECK (hukou IN ('urban', 'rural')),
  street            TEXT,
  member_count      INTEGER NOT NULL CHECK (member_count BETWEEN 1 AND 20),
  -- Age bands at the date of the last write (updated_at): under 18, 18..59, 60 and over.
  members_minor     INTEGER NOT NULL CHECK (members_minor >= 0),
  members_adult     INTEGER NOT NULL CHECK (members_adult >= 0),
  members_elderly   INTEGER NOT NULL CHECK (members_elderly >= 0),
  document          BLOB NOT NULL
) STRICT;

CREATE INDEX households_street ON households (street, id);

-- Recognitions the household holds (household.md "Status values"), one row each.
CREATE TABLE household_statuses (
  household_id  INTEGER NOT NULL REFERENCES households (id) ON DELETE CASCADE,
  status        TEXT NOT NULL,
  PRIMARY KEY (household_id, status)
) STRICT, WITHOUT ROWID;

CREATE INDEX household_statuses_status ON household_statuses (status, household_id);

-- One row per registered person: the blind index (keyed BLAKE2b) of the normalized ID number.
-- The primary key makes "one person, one household" a constraint, not a check that can race.
CREATE TABLE household_persons (
  id_index      BLOB PRIMARY KEY,
  household_id  INTEGER NOT NULL REFERENCES households (id) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;

CREATE INDEX household_persons_household ON household_persons (household_id);

-- Stored screening results; `result` is sealed with AD ("household_screenings", "result", id).
CREATE TABLE household_screenings (
  id                 INTEGER PRIMARY KEY,
  household_id       INTEGER NOT NULL REFERENCES households (id) ON DELETE CASCADE,
  household_version  INTEGER NOT NULL,
  as_of              TEXT NOT NULL,
  catalog_version    TEXT NOT NULL,
  created_at         INTEGER NOT NULL,
  result             BLOB NOT NULL
) STRICT;

CREATE INDEX household_screenings_household ON household_screenings (household_id, id);
