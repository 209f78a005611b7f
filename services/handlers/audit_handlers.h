// The auditors' endpoints (auditor role only):
//   GET /v1/audit/verify      -> {"intact","entries","covered","checkpoints_checked"} or, when
//                                broken, also {"first_bad_entry","reason","detail"}
//   GET /v1/audit/checkpoint  -> the latest signed checkpoint (made now if the log grew)
//   GET /v1/audit/entries?object=&actor=&action=&from=&to=&cursor=&limit= -> {"entries","next"}
//   GET /v1/audit/anomalies?from=&to=&max_households=&window_minutes= -> {"rule","anomalies",...}
#pragma once

#include <memory>

#include "domain/result.h"
#include "services/app.h"
#include "services/audit_service.h"
#include "services/router.h"

namespace lianban::services {

Handler MakeAuditVerifyHandler(std::shared_ptr<AuditService> service);
Handler MakeAuditCheckpointHandler(std::shared_ptr<AuditService> service);
Handler MakeAuditEntriesHandler(std::shared_ptr<AuditService> service, const Clock& clock);
Handler MakeAuditAnomaliesHandler(std::shared_ptr<AuditService> service, const Clock& clock);

// Adds the four routes, sharing `service`.
void RegisterAuditRoutes(Router& router, std::shared_ptr<AuditService> service, const Clock& clock);
// Builds the service from the context's store and clock, then registers. Should the signing key
// not be derivable, the routes answer that error instead.
void RegisterAuditRoutes(Router& router, AppContext& context);

}  // namespace lianban::services
