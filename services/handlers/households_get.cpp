// GET /v1/households/{id}: the household with its personal data opened; every read is audited.
#include "services/handlers/households_handlers.h"

namespace lianban::services {

Handler MakeHouseholdsGetHandler(HouseholdService& service) {
  return [&service](const Request& request, RequestContext& ctx) -> Response {
    auto who = ctx.RequireRole(domain::Action::kReadHousehold);
    if (!who.ok()) return Response::Problem(who.error());
    const auto id = HouseholdIdParam(request);
    if (!id) return HouseholdNotFound();
    auto view = service.Get(**who, *id);
    if (!view.ok()) return Response::Problem(view.error());
    return HouseholdResponse(200, *view);
  };
}

}  // namespace lianban::services
