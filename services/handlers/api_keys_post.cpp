// POST /v1/api-keys {"name", "department"} (admin) -> 201 {"id", "key", "name", "department"};
// the key is shown this once and stored hashed.
#include "services/handlers/matters_handlers.h"
#include "services/json_body.h"

namespace lianban::services {

Handler MakeApiKeysPostHandler(MatterService& service) {
  return [&service](const Request& request, RequestContext& ctx) -> Response {
    auto who = ctx.RequireRole(domain::Action::kManageApiKeys);
    if (!who.ok()) return Response::Problem(who.error());
    auto body = ParseJsonBody(request);
    if (!body.ok()) return Response::Problem(body.error());
    if (auto s = RejectUnknownFields(*body, {"name", "department"}); !s) {
      return Response::Problem(s.error());
    }
    auto name = StringField(*body, "name");
    if (!name.ok()) return Response::Problem(name.error());
    auto department = StringField(*body, "department");
    if (!department.ok()) return Response::Problem(department.error());
    auto created = service.CreateApiKey(**who, *name, *department);
    if (!created.ok()) return Response::Problem(created.error());
    Response r = Response::Json(201, {{"id", created->key.id},
                                      {"key", created->secret},
                                      {"name", created->key.name},
                                      {"department", created->key.department}});
    r.SetHeader("Cache-Control", "no-store");
    return r;
  };
}

}  // namespace lianban::services
