-- The audit spool (db/audit_spool.h): the entries of reads are written to a file in the data
-- directory first and moved into audit_log in batches. last_moved is the spool id of the newest
-- entry already in audit_log, updated in the transaction that moves it, so a spool file found
-- after a crash is moved exactly once.
CREATE TABLE audit_spool_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  last_moved INTEGER NOT NULL CHECK (last_moved >= 0)
);
INSERT INTO audit_spool_state (id, last_moved) VALUES (1, 0);
