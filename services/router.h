// The router table: method + path pattern -> handler. Patterns are literal segments and `{name}`
// parameters ("/v1/households/{id}"). A handler never sees Beast: it gets a plain Request and the
// RequestContext carrying who is asking.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/authz.h"
#include "domain/result.h"
#include "services/http_types.h"

namespace lianban::services {

// Per-request state the dispatcher fills before calling a handler.
class RequestContext {
 public:
  // The authenticated principal; nullptr on public routes.
  const domain::Principal* principal() const { return principal_ ? &*principal_ : nullptr; }
  void set_principal(domain::Principal p) { principal_ = std::move(p); }

  // The principal, if it may perform `action` on something of `target_department` (see
  // domain::Allowed). Errors: 401 `unauthenticated` when nobody is signed in; 403
  // `forbidden_department` when a department-scoped role targets another department; 403
  // `forbidden` otherwise.
  Result<const domain::Principal*> Require(domain::Action action,
                                           std::string_view target_department) const;
  // The principal, if its role may perform `action` on at least its own department: the early
  // check before loading anything. Same errors as Require.
  Result<const domain::Principal*> RequireRole(domain::Action action) const;

 private:
  std::optional<domain::Principal> principal_;
};

using Handler = std::function<Response(const Request&, RequestContext&)>;

// kPublic routes skip authentication (healthz, login); all others need a valid bearer token.
enum class Access { kPublic, kAuthenticated };

class Router {
 public:
  struct Route {
    std::string method;
    std::vector<std::string> segments;  // "{id}" marks a parameter
    Handler handler;
    Access access;
  };

  struct Match {
    const Route* route = nullptr;            // null: nothing matched
    std::vector<std::string> allowed;        // when the path matched but not the method
  };

  // Registers a route. Patterns start with '/'. Later duplicates of method+pattern are ignored.
  void Add(std::string method, std::string_view pattern, Handler handler,
           Access access = Access::kAuthenticated);

  // The route for the request's method and path, filling request.path_params on a match.
  Match Find(Request& request) const;

  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace lianban::services
