// Request -> Response for every route: 404/405/501 for unknown paths and methods, bearer
// authentication on non-public routes, the handler call, and exceptions turned into 500 (logged,
// never shown to the client). The HTTP server calls this; tests call it directly.
#pragma once

#include "services/authenticator.h"
#include "services/http_types.h"
#include "services/router.h"

namespace lianban::services {

class Dispatcher {
 public:
  Dispatcher(const Router& router, const Authenticator& authenticator)
      : router_(router), authenticator_(authenticator) {}

  // Never throws. `request.path_params` is filled from the matched route.
  Response Handle(Request& request) const;

  // The route table this dispatcher serves (e.g. for the OpenAPI drift test).
  const Router& router() const { return router_; }

 private:
  const Router& router_;
  const Authenticator& authenticator_;
};

// Whether `method` is one of the methods HTTP/1.1 defines (RFC 9110 + PATCH); others are 501.
bool IsKnownMethod(std::string_view method);

}  // namespace lianban::services
