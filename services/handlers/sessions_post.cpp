#include <nlohmann/json.hpp>

#include "services/household_service.h"
#include "services/handlers/sessions_handlers.h"
#include "services/json_body.h"

namespace lianban::services {
namespace {

nlohmann::json RenderSignedIn(const SignedIn& in) {
  nlohmann::json department = nullptr;
  if (in.user.department) department = *in.user.department;
  return {{"token", in.token},
          {"expires_at", FormatTimestamp(in.expires_at)},
          {"user", {{"username", in.user.username}, {"role", in.user.role},
                    {"department", department}}}};
}

}  // namespace

Handler MakeSessionsPostHandler(SessionService& service) {
  return [&service](const Request& request, RequestContext&) -> Response {
    Result<nlohmann::json> body = ParseJsonBody(request);
    if (!body.ok()) return Response::Problem(body.error());
    if (Status s = RejectUnknownFields(*body, {"username", "password"}); !s.ok()) {
      return Response::Problem(s.error());
    }
    Result<std::string> username = StringField(*body, "username");
    if (!username.ok()) return Response::Problem(username.error());
    Result<std::string> password = StringField(*body, "password");
    if (!password.ok()) return Response::Problem(password.error());
    Result<SignedIn> in = service.Login(*username, *password);
    if (!in.ok()) return Response::Problem(in.error());
    return Response::Json(201, RenderSignedIn(*in));
  };
}

}  // namespace lianban::services
