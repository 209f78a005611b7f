#include "services/handlers/sessions_handlers.h"

namespace lianban::services {

Handler MakeSessionsDeleteHandler(SessionService& service) {
  return [&service](const Request&, RequestContext& context) -> Response {
    const domain::Principal* who = context.principal();
    if (!who) {
      return Response::Problem(
          Error::Make(ErrorCode::kUnauthenticated, "unauthenticated", "sign in first"));
    }
    if (Status s = service.Logout(*who); !s.ok()) return Response::Problem(s.error());
    return Response::NoContent();
  };
}

}  // namespace lianban::services
