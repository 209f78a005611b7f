// Login sessions. A token is 32 random bytes in unpadded base64url (256 bits), returned once by
// Create; only its BLAKE2b-256 hash is stored. A session ends when idle too long, when its
// absolute lifetime is over, or when revoked. Times are unix seconds passed in by the caller.
// Holds no state but the Database reference and the policy, so it is as thread-safe as the
// Database.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "db/database.h"
#include "domain/result.h"

namespace lianban::db {

struct SessionPolicy {
  std::int64_t idle_seconds = 30 * 60;
  std::int64_t absolute_seconds = 12 * 60 * 60;
};

struct Session {
  std::int64_t id = 0;  // stable row id, e.g. for Principal::credential_id and audit entries
  std::int64_t user_id = 0;
  std::int64_t created_at = 0;
  std::int64_t last_seen_at = 0;
  std::int64_t expires_at = 0;  // absolute expiry: created_at + absolute_seconds
  std::optional<std::int64_t> revoked_at;
};

struct CreatedSession {
  std::string token;  // give it to the client; it is not stored and cannot be recovered
  Session session;
};

class SessionRepository {
 public:
  explicit SessionRepository(Database& db, SessionPolicy policy = {}) : db_(db), policy_(policy) {}

  // Errors: kNotFound "user_not_found" (foreign key), database errors.
  Result<CreatedSession> Create(std::int64_t user_id, std::int64_t now);
  // The live session for `token`. Errors: kUnauthenticated "invalid_token" (unknown or
  // malformed), "session_revoked", "session_expired" (idle or absolute).
  Result<Session> Lookup(std::string_view token, std::int64_t now);
  // Records activity (last_seen_at = now) so the idle timer restarts; only a live session.
  // Errors: as Lookup.
  Status Touch(std::string_view token, std::int64_t now);
  // Ends the session at once. Revoking twice is not an error. Errors: kUnauthenticated
  // "invalid_token" when unknown.
  Status Revoke(std::string_view token, std::int64_t now);
  Status RevokeById(std::int64_t session_id, std::int64_t now);
  // Ends every session of a user (password change, account disabled).
  Status RevokeAllForUser(std::int64_t user_id, std::int64_t now);
  // Deletes sessions that ended before `now` (housekeeping). Returns how many.
  Result<int> DeleteEnded(std::int64_t now);

  const SessionPolicy& policy() const { return policy_; }

 private:
  Database& db_;
  SessionPolicy policy_;
};

}  // namespace lianban::db
