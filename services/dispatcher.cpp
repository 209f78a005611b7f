#include "services/dispatcher.h"

#include <array>
#include <exception>
#include <iostream>
#include <string>

namespace lianban::services {
namespace {

Response MethodNotAllowed(const std::vector<std::string>& allowed) {
  Response r = Response::ProblemStatus(405, "method_not_allowed",
                                       "this path does not support the method");
  std::string allow;
  for (const std::string& m : allowed) allow += (allow.empty() ? "" : ", ") + m;
  r.SetHeader("Allow", allow);
  return r;
}

Response CallHandler(const Router::Route& route, const Request& request, RequestContext& context) {
  try {
    return route.handler(request, context);
  } catch (const std::exception& e) {
    // Library exceptions that escaped a handler are bugs: log the cause, answer a bare 500.
    std::cerr << "lianban: unhandled exception in " << request.method << ' ' << request.path
              << ": " << e.what() << '\n';
    return Response::Problem(
        Error::Make(ErrorCode::kInternal, "internal", "an internal error occurred"));
  }
}

}  // namespace

bool IsKnownMethod(std::string_view method) {
  constexpr std::array<std::string_view, 9> kMethods = {
      "GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"};
  for (std::string_view m : kMethods) {
    if (m == method) return true;
  }
  return false;
}

Response Dispatcher::Handle(Request& request) const {
  if (!IsKnownMethod(request.method)) {
    return Response::ProblemStatus(501, "not_implemented", "unknown HTTP method");
  }
  const Router::Match match = router_.Find(request);
  if (!match.route) {
    if (!match.allowed.empty()) return MethodNotAllowed(match.allowed);
    return Response::Problem(
        Error::Make(ErrorCode::kNotFound, "not_found", "no such resource"));
  }
  RequestContext context;
  if (match.route->access == Access::kAuthenticated) {
    Result<domain::Principal> who = authenticator_.Authenticate(request.Header("authorization"));
    if (!who.ok()) return Response::Problem(who.error());
    context.set_principal(std::move(who).value());
  }
  return CallHandler(*match.route, request, context);
}

}  // namespace lianban::services
