// Agency API keys: 256 random bits shown once as "lbk_" + unpadded base64url, stored only as their
// BLAKE2b-256 hash, scoped to one department, revocable at once. The services' Bearer
// authenticator turns a key into an agency principal through Lookup.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "db/database.h"
#include "db/household_repository.h"
#include "domain/result.h"

namespace lianban::db {

inline constexpr char kApiKeyPrefix[] = "lbk_";

struct ApiKey {
  std::int64_t id = 0;
  std::string name;
  std::string department;
  std::int64_t created_at = 0;
  std::optional<std::int64_t> revoked_at;
};

struct CreatedApiKey {
  ApiKey key;
  std::string secret;  // the full key; not stored and cannot be recovered
};

class ApiKeyRepository {
 public:
  explicit ApiKeyRepository(Database& db) : db_(db) {}

  // Creates a key (audited as "api_key.create"). kInvalidArgument "invalid_name" (1 to 100
  // bytes) or "invalid_department" (empty); database errors.
  Result<CreatedApiKey> Create(std::string_view name, std::string_view department,
                               const Actor& actor, std::int64_t now);

  // Revokes the key at once (audited). kNotFound "api_key_not_found"; revoking twice is OK.
  Status Revoke(std::int64_t id, const Actor& actor, std::int64_t now);

  // The live key for `secret`: nullopt when `secret` is not shaped like an API key (so another
  // lookup may try it); kUnauthenticated "invalid_api_key" when unknown or revoked.
  std::optional<Result<ApiKey>> Lookup(std::string_view secret);

  Result<std::vector<ApiKey>> List();

 private:
  Database& db_;
};

}  // namespace lianban::db
