// GET /v1/audit/verify: the whole chain and the stored checkpoints, checked now.
#include <nlohmann/json.hpp>

#include "services/handlers/audit_handlers.h"

namespace lianban::services {

Handler MakeAuditVerifyHandler(std::shared_ptr<AuditService> service) {
  return [service](const Request&, RequestContext& ctx) -> Response {
    auto who = ctx.RequireRole(domain::Action::kReadAudit);
    if (!who.ok()) return Response::Problem(who.error());
    const db::TrailVerdict v = service->Verify();
    nlohmann::json body = {{"intact", v.intact},
                           {"entries", v.entries},
                           {"covered", v.covered},
                           {"checkpoints_checked", v.checkpoints_checked}};
    if (!v.intact) {
      body["first_bad_entry"] = v.first_bad_seq ? nlohmann::json(*v.first_bad_seq) : nullptr;
      body["reason"] = v.reason;
      body["detail"] = v.detail;
    }
    return Response::Json(200, body);
  };
}

}  // namespace lianban::services
