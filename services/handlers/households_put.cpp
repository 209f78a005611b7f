// PUT /v1/households/{id}: replaces the household; If-Match must carry the current ETag.
#include "services/handlers/households_handlers.h"
#include "services/household_json.h"
#include "services/json_body.h"

namespace lianban::services {

Handler MakeHouseholdsPutHandler(HouseholdService& service) {
  return [&service](const Request& request, RequestContext& ctx) -> Response {
    auto who = ctx.RequireRole(domain::Action::kUpdateHousehold);
    if (!who.ok()) return Response::Problem(who.error());
    const auto id = HouseholdIdParam(request);
    if (!id) return HouseholdNotFound();
    auto body = ParseJsonBody(request);
    if (!body.ok()) return Response::Problem(body.error());
    auto household = DecodeHousehold(*body);
    if (!household.ok()) return Response::Problem(household.error());
    auto view = service.Replace(**who, *id, request.Header("if-match"), *household);
    if (!view.ok()) return Response::Problem(view.error());
    return HouseholdResponse(200, *view);
  };
}

}  // namespace lianban::services
