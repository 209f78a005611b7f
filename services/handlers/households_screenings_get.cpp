// GET /v1/households/{id}/screenings: the stored results, oldest first -> {"screenings":[...]}.
#include "services/handlers/households_handlers.h"
#include "services/handlers/households_screenings.h"

namespace lianban::services {

Handler MakeHouseholdsScreeningsGetHandler(std::shared_ptr<HouseholdScreeningService> service) {
  return [service](const Request& request, RequestContext& ctx) -> Response {
    auto who = ctx.RequireRole(domain::Action::kReadHousehold);
    if (!who.ok()) return Response::Problem(who.error());
    const auto id = HouseholdIdParam(request);
    if (!id) return HouseholdNotFound();
    auto list = service->List(**who, *id);
    if (!list.ok()) return Response::Problem(list.error());
    return Response::Json(200, *list);
  };
}

}  // namespace lianban::services
