// The caseworker's actions on a matter, each a one-field body -> 200 with the matter:
// POST /v1/matters/{id}/supply-info {"note"}, POST /v1/matters/{id}/materials {"name"} (a material
// accepted as missing, 容缺, handed in), POST /v1/matters/{id}/withdraw {"reason"}.
#include "services/handlers/matters_handlers.h"
#include "services/json_body.h"

namespace lianban::services {
namespace {

using Action = std::function<Result<domain::workflow::Matter>(
    const domain::Principal&, std::string_view id, std::string_view value)>;

Handler OneFieldHandler(const char* field, Action action) {
  return [field, action](const Request& request, RequestContext& ctx) -> Response {
    auto who = ctx.RequireRole(domain::Action::kSupplyInfo);
    if (!who.ok()) return Response::Problem(who.error());
    auto body = ParseJsonBody(request);
    if (!body.ok()) return Response::Problem(body.error());
    if (auto s = RejectUnknownFields(*body, {field}); !s) return Response::Problem(s.error());
    auto value = StringField(*body, field);
    if (!value.ok()) return Response::Problem(value.error());
    auto matter = action(**who, request.PathParam("id"), *value);
    if (!matter.ok()) return Response::Problem(matter.error());
    return MatterResponse(200, *matter);
  };
}

}  // namespace

Handler MakeMattersSupplyInfoPostHandler(MatterService& service) {
  return OneFieldHandler("note", [&service](const auto& who, auto id, auto note) {
    return service.SupplyInfo(who, id, note);
  });
}

Handler MakeMattersMaterialSuppliedPostHandler(MatterService& service) {
  return OneFieldHandler("name", [&service](const auto& who, auto id, auto name) {
    return service.SupplyMaterial(who, id, name);
  });
}

Handler MakeMattersWithdrawPostHandler(MatterService& service) {
  return OneFieldHandler("reason", [&service](const auto& who, auto id, auto reason) {
    return service.Withdraw(who, id, reason);
  });
}

}  // namespace lianban::services
