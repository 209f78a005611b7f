// Signing in and out, and turning a session token into a Principal. Login answers the same 401
// `invalid_credentials` for an unknown user, a wrong password and a locked account, and costs the
// same hashing time in each case, so responses never reveal whether an account exists. Every
// attempt is audited in the same transaction as the failure counter or the new session.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "db/database.h"
#include "db/password_hasher.h"
#include "db/session_repository.h"
#include "db/user_repository.h"
#include "domain/authz.h"
#include "domain/clock.h"
#include "domain/result.h"

namespace lianban::services {

struct SignedIn {
  std::string token;  // shown once
  std::int64_t expires_at = 0;  // absolute end; an idle session ends earlier (SessionPolicy)
  db::User user;
};

class SessionService {
 public:
  SessionService(db::Database& db, db::UserRepository& users, db::SessionRepository& sessions,
                 const db::PasswordHasher& hasher, const Clock& clock,
                 db::LockoutPolicy lockout = {})
      : db_(db), users_(users), sessions_(sessions), hasher_(hasher), clock_(clock),
        lockout_(lockout) {}

  // Errors: 401 `invalid_credentials` (unknown user, wrong password, locked account: one body);
  // 429 `hashing_busy` under a login flood; database errors.
  Result<SignedIn> Login(std::string_view username, std::string_view password);

  // Revokes the principal's session. Errors: 401 `unauthenticated` for a non-session principal.
  Status Logout(const domain::Principal& who);

  // The Authenticator lookup for session tokens: nullopt when the token is no session token we
  // know (another lookup may know it); 401 `unauthenticated` when expired or revoked.
  //
  // A session found live is remembered for up to kRecheckSeconds (never past its absolute or idle
  // end), so a burst of requests with one token costs one lookup of the session and the user in
  // the store, not one per request. Logout forgets the session at once; a change made to the
  // store by another process (none of the commands revokes sessions today) is seen within
  // kRecheckSeconds.
  std::optional<Result<domain::Principal>> Lookup(std::string_view token);

  static constexpr std::int64_t kRecheckSeconds = 2;

 private:
  struct Remembered {
    domain::Principal principal;
    std::int64_t valid_until = 0;  // Unix seconds; the entry is used while now < valid_until
  };

  Status RecordFailure(const std::optional<db::User>& user, std::string_view outcome);
  std::optional<domain::Principal> Recall(std::string_view token, std::int64_t now);
  void Remember(std::string_view token, const db::Session& session,
                const domain::Principal& principal, std::int64_t now, std::uint64_t forgotten);
  void Forget(std::int64_t session_id);

  db::Database& db_;
  db::UserRepository& users_;
  db::SessionRepository& sessions_;
  const db::PasswordHasher& hasher_;
  const Clock& clock_;
  db::LockoutPolicy lockout_;

  struct TokenHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view token) const noexcept {
      return std::hash<std::string_view>{}(token);
    }
  };
  static constexpr std::size_t kMaxRemembered = 10000;

  std::mutex remembered_mutex_;  // guards the two members below
  // By token; at most kMaxRemembered entries (when full, the whole map is dropped).
  std::unordered_map<std::string, Remembered, TokenHash, std::equal_to<>> remembered_;
  // Counts Forget calls, so a lookup that read the store before a logout does not remember it.
  std::uint64_t forgotten_ = 0;
};

// The principal of a signed-in user; nullopt if the stored role is unknown.
std::optional<domain::Principal> PrincipalOf(const db::User& user, std::int64_t session_id);

}  // namespace lianban::services
