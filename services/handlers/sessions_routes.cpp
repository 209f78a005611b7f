#include "services/handlers/sessions_handlers.h"

namespace lianban::services {

void RegisterSessionRoutes(Router& router, SessionService& service) {
  router.Add("POST", "/v1/sessions", MakeSessionsPostHandler(service), Access::kPublic);
  router.Add("DELETE", "/v1/sessions/current", MakeSessionsDeleteHandler(service));
}

}  // namespace lianban::services
