// GET /v1/households/{id}: the household with its personal data opened; every read is audited.
#include "services/handlers/households_handlers.h"

namespace lianban::services {

Handler MakeHouseholdsGetHandler(HouseholdService& service) {
  return [&service](const Request& request, RequestContext& ctx) -> Response {
    auto who = ctx.RequireRole(domain::Action::kReadHousehold);
    if (!who.ok()) return Response::Problem(who.error());
    const auto id = HouseholdIdParam(request);
    if (!id) return HouseholdNotFound();
    auto stored = service.GetStored(**who, *id);
    if (!stored.ok()) return Response::Problem(stored.error());
    auto body = RenderStoredHousehold(*stored);
    if (!body.ok()) return Response::Problem(body.error());
    Response response;  // HouseholdResponse(200, ...) without decoding and encoding the document
    response.status = 200;
    response.content_type = "application/json";
    response.body = std::move(body).value();
    response.SetHeader("ETag", ETagOf(stored->version));
    return response;
  };
}

}  // namespace lianban::services
