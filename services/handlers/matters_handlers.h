// The one-matter joint handling routes (docs/workflow.md), one handler per file, and the calls that
// register them: matters (open, read, decide, caseworker actions), the agencies' event feed and
// API keys. Each parses, calls one MatterService function and renders the result.
#pragma once

#include <nlohmann/json.hpp>

#include "domain/workflow/matter.h"
#include "services/matter_service.h"
#include "services/router.h"

namespace lianban::services {

Handler MakeMattersPostHandler(MatterService& service);  // POST /v1/matters
Handler MakeMattersGetHandler(MatterService& service);   // GET /v1/matters/{id}
Handler MakeMattersDecisionPostHandler(
    MatterService& service);  // POST .../tasks/{task_id}/decision
Handler MakeMattersSupplyInfoPostHandler(MatterService& service);  // POST .../{id}/supply-info
Handler MakeMattersMaterialSuppliedPostHandler(MatterService& service);  // POST .../{id}/materials
Handler MakeMattersWithdrawPostHandler(MatterService& service);          // POST .../{id}/withdraw
Handler MakeMattersAlertsGetHandler(MatterService& service);             // GET /v1/matters/alerts
Handler MakeEventsGetHandler(MatterService& service);                    // GET /v1/events
Handler MakeApiKeysPostHandler(MatterService& service);                  // POST /v1/api-keys
Handler MakeApiKeysDeleteHandler(MatterService& service);                // DELETE /v1/api-keys/{id}

// Adds every route above to `router`.
void RegisterMatterRoutes(Router& router, MatterService& service);

// The matter as the API returns it: id, household_id, state, version, submitted_at, due_at,
// policy_ids, tasks [{id, department, policy_ids, state, due_at, time_limit_working_days,
// info_request, decisions}], missing_materials, screening {id, policies [{policy_id, status}]}
// (null when none), and `outcome` once decided. Times are RFC 3339 in China Standard Time.
nlohmann::json RenderMatter(const domain::workflow::Matter& matter);
// 200/201 with the matter and its ETag ("version").
Response MatterResponse(int status, const domain::workflow::Matter& matter);

}  // namespace lianban::services
