-- Auditors' per-object queries, without a random write per entry (docs/PERFORMANCE.md, "The audit
-- index by object"). The index of 007 on (object, seq) took every new entry into the leaf of its
-- object: a read of a random household wrote a random page of an index that outgrows the page
-- cache. This one leads with the block of 2^14 sequence numbers an entry falls in, so new entries
-- go into the small subtree of the newest block, which stays cached; db/audit_query.cpp looks an
-- object up block by block. Within a block and object, entries are in seq (rowid) order.
DROP INDEX audit_log_object;
CREATE INDEX audit_log_object_block ON audit_log (seq >> 14, object);
