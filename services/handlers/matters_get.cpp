// GET /v1/matters/{id}: the matter, its tasks, their states and deadlines.
#include "services/handlers/matters_handlers.h"

namespace lianban::services {

Handler MakeMattersGetHandler(MatterService& service) {
  return [&service](const Request& request, RequestContext& ctx) -> Response {
    const domain::Principal* who = ctx.principal();
    if (who == nullptr)
      return Response::Problem(ctx.RequireRole(domain::Action::kReadMatter).error());
    auto matter = service.Get(*who, request.PathParam("id"));
    if (!matter.ok()) return Response::Problem(matter.error());
    return MatterResponse(200, *matter);
  };
}

}  // namespace lianban::services
