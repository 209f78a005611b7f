// GET /v1/persons?id_number=...: the household a person belongs to, found through the blind
// index -> {"household_id"}, or 404 person_not_found.
#include "services/handlers/households_handlers.h"

namespace lianban::services {

Handler MakePersonsGetHandler(HouseholdService& service) {
  return [&service](const Request& request, RequestContext& ctx) -> Response {
    auto who = ctx.RequireRole(domain::Action::kFindPerson);
    if (!who.ok()) return Response::Problem(who.error());
    const auto id_number = request.Query("id_number");
    if (!id_number) {
      Error e = Error::Make(ErrorCode::kInvalidArgument, "missing_field", "id_number is required");
      e.fields.push_back({"id_number", "missing_field", "id_number is required"});
      return Response::Problem(e);
    }
    auto household_id = service.FindPerson(**who, *id_number);
    if (!household_id.ok()) return Response::Problem(household_id.error());
    return Response::Json(200, {{"household_id", *household_id}});
  };
}

}  // namespace lianban::services
