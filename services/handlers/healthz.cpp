#include "services/handlers/healthz.h"

#include <nlohmann/json.hpp>

namespace lianban::services {

Response HandleHealthz(const Request&, RequestContext&) {
  // The body never changes: render it once.
  static const Response kOk = Response::Json(200, nlohmann::json{{"status", "ok"}});
  return kOk;
}

}  // namespace lianban::services
