// POST /v1/households: registers a household (caseworker) -> 201 with the household and ETag.
#include "services/handlers/households_handlers.h"
#include "services/household_json.h"
#include "services/json_body.h"

namespace lianban::services {

Handler MakeHouseholdsPostHandler(HouseholdService& service) {
  return [&service](const Request& request, RequestContext& ctx) -> Response {
    auto who = ctx.RequireRole(domain::Action::kRegisterHousehold);
    if (!who.ok()) return Response::Problem(who.error());
    auto body = ParseJsonBody(request);
    if (!body.ok()) return Response::Problem(body.error());
    auto household = DecodeHousehold(*body);
    if (!household.ok()) return Response::Problem(household.error());
    auto view = service.Register(**who, *household);
    if (!view.ok()) return Response::Problem(view.error());
    return HouseholdResponse(201, *view);
  };
}

}  // namespace lianban::services
