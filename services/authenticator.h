// Bearer-token authentication: turns an `Authorization: Bearer <token>` header into a Principal.
// Token kinds are pluggable: session tokens (services/session_lookup.h) and agency API keys register
// a lookup each; the first lookup that recognises the token decides.
#pragma once

#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include "domain/authz.h"
#include "domain/result.h"

namespace lianban::services {

// nullopt: "not my kind of token, ask the next lookup"; otherwise the principal, or an error
// (401 `unauthenticated` for unknown, expired or revoked credentials).
using TokenLookup =
    std::function<std::optional<Result<domain::Principal>>(std::string_view token)>;

class Authenticator {
 public:
  void AddLookup(TokenLookup lookup) { lookups_.push_back(std::move(lookup)); }

  // The principal for an Authorization header value (nullopt: header missing). Errors: 401
  // `unauthenticated` when the header is missing, not a Bearer token, or no lookup accepts it.
  Result<domain::Principal> Authenticate(std::optional<std::string_view> authorization) const;

 private:
  std::vector<TokenLookup> lookups_;
};

// The token of "Bearer <token>" (scheme case-insensitive), or nullopt.
std::optional<std::string_view> BearerToken(std::string_view authorization);

}  // namespace lianban::services
