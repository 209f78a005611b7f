// The event outbox read by agency systems: workflow events appended in the same write transaction
// as the change they describe, read in cursor order. Cursors are AUTOINCREMENT ids assigned under
// BEGIN IMMEDIATE, so cursor order is commit order and pages have no gaps or duplicates, across
// restarts too. A non-empty detail (which may be a caseworker's free text) is sealed at rest in
// detail_sealed under SealContext{event_outbox, detail_sealed, cursor} (migration 011).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/database.h"
#include "db/sealer.h"
#include "domain/result.h"
#include "domain/workflow/matter.h"

namespace lianban::db {

struct OutboxEvent {
  std::int64_t cursor = 0;
  domain::workflow::WorkflowEvent event;
};

struct EventPage {
  std::vector<OutboxEvent> events;
  std::int64_t next = 0;  // the cursor to pass as `after` next time (unchanged when empty)
};

// Appends `events` in order. Call it inside the caller's WithWriteTransaction; each event's
// matter_id must be the decimal id of a matter. Errors: database errors; kInternal
// "invalid_matter_id" for a non-numeric matter id.
Status AppendEvents(Database& db, const Sealer& sealer,
                    const std::vector<domain::workflow::WorkflowEvent>& events);

// Events with cursor > after, ascending, at most `limit` (1..1000). With a department, only the
// events of that department's tasks and the matter-wide events of matters on which it has a
// task; without one, every event (admin). kInvalidArgument "invalid_limit" / "invalid_cursor";
// "seal_tampered" (and the Sealer's other errors) for a sealed detail that does not open.
Result<EventPage> ReadEvents(Database& db, const Sealer& sealer, std::int64_t after, int limit,
                             const std::optional<std::string>& department);

// Seals the details that rows written before migration 011 hold in clear, and empties them, in
// one write transaction. Returns how many. Idempotent; run at start-up.
Result<std::int64_t> SealClearEventDetails(Database& db, const Sealer& sealer);

}  // namespace lianban::db
