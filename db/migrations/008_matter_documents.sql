-- Joint handling, continued (docs/workflow.md): the screening facts a matter rests on, sealed
-- reasons, and documents submitted once and shared with the departments on the matter.

-- The applied policies' screening results (status, amount, beneficiaries), one sealed value per
-- matter with AD ("matters", "screened", id); NULL when the matter rests on no screening.
ALTER TABLE matters ADD COLUMN screened BLOB;

-- Reasons are personal data. Each decision reason ('decision', policy id) and outstanding
-- information request ('info_request', task id) is sealed with AD ("matter_reasons", "reason",
-- id); the plaintext starts with "<kind>:<ref>\n" so a sealed value cannot be moved to another
-- policy of the same matter either. matter_decisions.reason and matter_tasks.info_request stay ''
-- for rows written from this version on (older rows keep their clear text; MatterRepository
-- seals them when it opens).
CREATE TABLE matter_reasons (
  id         INTEGER PRIMARY KEY,
  matter_id  INTEGER NOT NULL REFERENCES matters (id) ON DELETE CASCADE,
  kind       TEXT NOT NULL CHECK (kind IN ('decision', 'info_request')),
  ref        TEXT NOT NULL,
  reason     BLOB NOT NULL,
  UNIQUE (matter_id, kind, ref)
) STRICT;

-- Documents (materials) of a matter. Metadata is clear; `content` is sealed with AD
-- ("matter_documents", "content", id). sha256 is of the plaintext, in lower-case hex.
CREATE TABLE matter_documents (
  id            INTEGER PRIMARY KEY,
  matter_id     INTEGER NOT NULL REFERENCES matters (id) ON DELETE CASCADE,
  name          TEXT NOT NULL,
  content_type  TEXT NOT NULL CHECK (content_type IN ('application/pdf', 'image/jpeg',
                                                      'image/png')),
  size_bytes    INTEGER NOT NULL CHECK (size_bytes BETWEEN 1 AND 10485760),
  sha256        TEXT NOT NULL CHECK (length(sha256) = 64),
  uploaded_at   INTEGER NOT NULL,
  uploaded_by   TEXT NOT NULL,
  content       BLOB NOT NULL
) STRICT;
CREATE INDEX matter_documents_matter ON matter_documents (matter_id, id);
