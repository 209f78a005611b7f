// Matters of one-matter joint handling in the store. Every write is one BEGIN IMMEDIATE
// transaction holding the change, its events in the outbox (db/event_outbox.h) and its audit
// entry. Updates are optimistic: a matter is saved only if its version is still the one it was
// loaded with, so of two reviewers deciding at once exactly one wins. Decision reasons,
// information requests and the screening facts are sealed (db/matter_sealed.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "db/database.h"
#include "db/event_outbox.h"
#include "db/household_repository.h"
#include "db/sealer.h"
#include "domain/result.h"
#include "domain/workflow/matter.h"

namespace lianban::db {

class MatterRepository {
 public:
  // Both must outlive the repository.
  MatterRepository(Database& db, const Sealer& sealer) : db_(db), sealer_(sealer) {}

  // Stores a newly opened matter: assigns its id (decimal rowid), version 1, and writes `events`
  // with that id. Joins the caller's write transaction if there is one. Returns the stored matter. Errors: kInvalidArgument "invalid_household_id"
  // (household_id must be a positive integer); database errors.
  Result<domain::workflow::Matter> Create(domain::workflow::Matter matter,
                                          std::vector<domain::workflow::WorkflowEvent> events,
                                          const Actor& actor, std::int64_t now);

  // The matter with its tasks, decisions and missing materials. kNotFound "matter_not_found";
  // kInternal "seal_tampered" when a sealed part does not open.
  Result<domain::workflow::Matter> Get(std::string_view id);

  // Saves `matter`, changed from the version it was loaded with (matter.version), and appends
  // `events`; `action` names the change in the audit log (e.g. "matter.decide"). Returns the
  // stored matter (version + 1). kConflict "concurrent_update" when another write came first;
  // kNotFound "matter_not_found".
  Result<domain::workflow::Matter> Update(
      domain::workflow::Matter matter, const std::vector<domain::workflow::WorkflowEvent>& events,
      const Actor& actor, std::string_view action, std::int64_t now);

  // Every matter that is not decided, closed or withdrawn (for supervisors), by id.
  Result<std::vector<domain::workflow::Matter>> ListOpen();

  // Seals the reasons that rows written before migration 008, and the event details that rows
  // written before 011, hold in clear (run once at start; a no-op afterwards). Returns how many
  // were sealed.
  Result<std::int64_t> SealClearReasons();

  // The event feed (db::ReadEvents with this repository's sealer).
  Result<EventPage> ReadEvents(std::int64_t after, int limit,
                               const std::optional<std::string>& department);

  // Whether a household with this id is registered (no personal data is read).
  Result<bool> HouseholdExists(std::int64_t household_id);

  // Whether `department` has a task on any matter of the household (reviewers' household scope).
  Result<bool> DepartmentHasTaskOnHousehold(std::int64_t household_id, std::string_view department);

 private:
  Database& db_;
  const Sealer& sealer_;
};

}  // namespace lianban::db
