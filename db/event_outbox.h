// The event outbox read by agency systems: workflow events appended in the same write transaction
// as the change they describe, read in cursor order. Cursors are AUTOINCREMENT ids assigned under
// BEGIN IMMEDIATE, so cursor order is commit order and pages have no gaps or duplicates, across
// restarts too.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/database.h"
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
Status AppendEvents(Database& db, const std::vector<domain::workflow::WorkflowEvent>& events);

// Events with cursor > after, ascending, at most `limit` (1..1000). With a department, only the
// events of that department's tasks and the matter-wide events of matters on which it has a
// task; without one, every event (admin). kInvalidArgument "invalid_limit" / "invalid_cursor".
Result<EventPage> ReadEvents(Database& db, std::int64_t after, int limit,
                             const std::optional<std::string>& department);

}  // namespace lianban::db
