-- Event details sealed at rest (docs/workflow.md, "Event feed"). A detail can be the caseworker's
-- free text (a supply note, a withdrawal reason), which may name people: it is now sealed in
-- detail_sealed (SealContext event_outbox.detail_sealed, row id = cursor) and `detail` left empty.
-- The facts of an event stay append-only; only the sealed detail may be re-sealed (key rotation),
-- and a clear detail of an older row may only be emptied once it is sealed.
ALTER TABLE event_outbox ADD COLUMN detail_sealed BLOB;
DROP TRIGGER event_outbox_no_update;
CREATE TRIGGER event_outbox_no_update
BEFORE UPDATE OF cursor, type, matter_id, task_id, department, from_state, to_state, at
ON event_outbox
BEGIN SELECT RAISE(ABORT, 'event_outbox is append-only'); END;
CREATE TRIGGER event_outbox_detail_emptied_only
BEFORE UPDATE OF detail ON event_outbox
WHEN NEW.detail <> '' OR NEW.detail_sealed IS NULL
BEGIN SELECT RAISE(ABORT, 'an event detail may only be emptied once sealed'); END;
