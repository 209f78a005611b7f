// One-matter joint handling for the HTTP layer: checks who may act (domain/authz.h), runs the pure
// workflow rules (domain/workflow/matter_workflow.h) on the stored matter, and saves the result
// with its events and audit entry in one transaction (db/matter_repository.h). Also the agencies'
// event feed and API keys, and the stack wiring them with the documents service.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "db/api_key_repository.h"
#include "db/event_outbox.h"
#include "db/matter_repository.h"
#include "db/store.h"
#include "services/actor.h"
#include "domain/authz.h"
#include "domain/catalog.h"
#include "domain/clock.h"
#include "domain/result.h"
#include "domain/workflow/matter_workflow.h"
#include "domain/workflow/supervision.h"
#include "services/household_screening_service.h"
#include "services/household_service.h"
#include "services/matter_document_service.h"
#include "services/matter_screening.h"

namespace lianban::services {

// Whether a household is registered: OK, kNotFound "household_not_found", or another error.
using HouseholdCheck = std::function<Status(std::int64_t household_id)>;

struct OpenMatterInput {
  std::string household_id;
  std::vector<std::string> policy_ids;
  std::optional<std::int64_t> screening_id;  // nullopt: screen the household on opening
  std::vector<domain::workflow::MissingMaterialRequest> missing_materials;
};

class MatterService {
 public:
  // Everything passed must outlive the service; rules.calendar must be set.
  MatterService(db::Database& db, db::MatterRepository& matters, db::ApiKeyRepository& keys,
                const Clock& clock, domain::workflow::WorkflowRules rules,
                HouseholdCheck household_exists, ScreeningSource screenings,
                std::vector<std::string> departments);

  // Caseworker opens a matter resting on a screening of the household: the stored one named by
  // in.screening_id, or a new one as of the opening day (CST), stored in the same transaction as
  // the matter. 404 "household_not_found"; 422 "unknown_screening", "policy_not_screened" and the
  // workflow's 422s. Policies the screening did not find eligible are allowed and recorded.
  Result<domain::workflow::Matter> Open(const domain::Principal& who, const OpenMatterInput& in);
  // The matter, for roles that read matters; a reviewer only when its department has a task on
  // it (otherwise 404 "matter_not_found", as existence itself is sensitive).
  Result<domain::workflow::Matter> Get(const domain::Principal& who, std::string_view id);
  // A reviewer's decision on a task. 403 "forbidden_department"; 409 "illegal_transition" or
  // "concurrent_update" when another reviewer saved first.
  Result<domain::workflow::Matter> Decide(const domain::Principal& who, std::string_view id,
                                          std::string_view task_id,
                                          const domain::workflow::TaskDecision& decision);
  // Caseworker supplies requested information / a material accepted as missing / withdraws.
  Result<domain::workflow::Matter> SupplyInfo(const domain::Principal& who, std::string_view id,
                                              std::string_view note);
  Result<domain::workflow::Matter> SupplyMaterial(const domain::Principal& who, std::string_view id,
                                                  std::string_view name);
  Result<domain::workflow::Matter> Withdraw(const domain::Principal& who, std::string_view id,
                                            std::string_view reason);

  // Supervisors: undecided tasks overdue or due within `soon_working_days`, and 容缺 materials
  // past their supply-by date, at the clock's now. 403 "forbidden" for other roles.
  struct Alerts {
    std::vector<domain::workflow::TaskAlert> tasks;
    std::vector<domain::workflow::MaterialAlert> materials;
    std::int64_t now = 0;
  };
  Result<Alerts> ListAlerts(const domain::Principal& who, int soon_working_days);

  // The event feed: agencies see their department's events, admins all.
  Result<db::EventPage> Events(const domain::Principal& who, std::int64_t after, int limit);

  // Admin only; kInvalidArgument "unknown_department" for a code not in the catalog.
  Result<db::CreatedApiKey> CreateApiKey(const domain::Principal& who, std::string_view name,
                                         std::string_view department);
  Status RevokeApiKey(const domain::Principal& who, std::int64_t id);
  // For the Bearer authenticator: nullopt when the token is not an API key.
  std::optional<Result<domain::Principal>> LookupApiKey(std::string_view token);

 private:
  using Change = std::function<Result<std::vector<domain::workflow::WorkflowEvent>>(
      domain::workflow::Matter&, std::int64_t now)>;
  Result<domain::workflow::Matter> Apply(const domain::Principal& who, std::string_view id,
                                         std::string_view action, const Change& change);

  db::Database& db_;
  db::MatterRepository& matters_;
  db::ApiKeyRepository& keys_;
  const Clock& clock_;
  domain::workflow::WorkflowRules rules_;
  HouseholdCheck household_exists_;
  ScreeningSource screenings_;
  std::vector<std::string> departments_;  // the catalog's department codes
};

// Everything the joint-handling routes need, built over an open store: the working calendar and
// time limits read from `seeds_dir` (holidays.json, catalog/time_limits.json), the repositories
// and the service. Errors: the seed loaders' (kNotFound "seed_not_found", kInvalidArgument).
// The screening link uses its own household and screening repositories over the same store.
// Reasons left in clear by rows written before migration 008 are sealed on opening.
struct MatterStack {
  domain::workflow::WorkingCalendar calendar;
  std::unique_ptr<db::MatterRepository> matters;
  std::unique_ptr<db::MatterDocumentRepository> documents;
  std::unique_ptr<db::ApiKeyRepository> api_keys;
  std::unique_ptr<db::HouseholdRepository> households;
  std::unique_ptr<HouseholdService> household_service;
  std::unique_ptr<db::ScreeningRepository> screenings;
  std::unique_ptr<HouseholdScreeningService> screening_service;
  std::unique_ptr<MatterService> service;
  std::unique_ptr<MatterDocumentService> document_service;
};
Result<std::unique_ptr<MatterStack>> OpenMatterStack(
    db::Store& store, const Clock& clock, std::shared_ptr<const domain::CompiledCatalog> catalog,
    const std::filesystem::path& seeds_dir);

}  // namespace lianban::services
