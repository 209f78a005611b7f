#include "services/authenticator.h"

#include "services/http_types.h"

namespace lianban::services {
namespace {

Error InvalidToken(std::string message) {
  return Error::Make(ErrorCode::kUnauthenticated, "unauthenticated", std::move(message));
}

}  // namespace

std::optional<std::string_view> BearerToken(std::string_view authorization) {
  constexpr std::string_view kScheme = "bearer ";
  if (authorization.size() <= kScheme.size()) return std::nullopt;
  if (!EqualsIgnoreCase(authorization.substr(0, kScheme.size()), kScheme)) return std::nullopt;
  std::string_view token = authorization.substr(kScheme.size());
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
  if (token.empty() || token.find(' ') != std::string_view::npos) return std::nullopt;
  return token;
}

Result<domain::Principal> Authenticator::Authenticate(
    std::optional<std::string_view> authorization) const {
  if (!authorization) return InvalidToken("an Authorization: Bearer token is required");
  const std::optional<std::string_view> token = BearerToken(*authorization);
  if (!token) return InvalidToken("the Authorization header must be 'Bearer <token>'");
  for (const TokenLookup& lookup : lookups_) {
    std::optional<Result<domain::Principal>> found = lookup(*token);
    if (found) return std::move(*found);
  }
  return InvalidToken("the token is invalid, expired or revoked");
}

}  // namespace lianban::services
