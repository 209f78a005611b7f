// Staff accounts: username (unique, compared case-insensitively), Argon2id password hash, role,
// department (required for reviewers), failed-login counter and lockout deadline. Holds no state
// but the Database reference, so it is as thread-safe as the Database.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "db/database.h"
#include "domain/result.h"

namespace lianban::db {

struct User {
  std::int64_t id = 0;
  std::string username;
  std::string password_hash;
  std::string role;                       // admin|caseworker|reviewer|supervisor|auditor
  std::optional<std::string> department;  // department code; always set for reviewers
  std::int64_t failed_attempts = 0;
  std::optional<std::int64_t> locked_until;  // unix seconds; locked while now < locked_until
  std::int64_t created_at = 0;
};

struct NewUser {
  std::string username;
  std::string password_hash;  // from PasswordHasher::Hash
  std::string role;
  std::optional<std::string> department;
};

// After `max_failures` consecutive failures the account is locked for `lock_seconds`.
struct LockoutPolicy {
  std::int64_t max_failures = 5;
  std::int64_t lock_seconds = 15 * 60;
};

// Whether `role` is one of the five user roles.
bool IsUserRole(std::string_view role);

class UserRepository {
 public:
  explicit UserRepository(Database& db) : db_(db) {}

  // Errors: kInvalidArgument "invalid_username" (empty, over 64 bytes, or with control
  // characters or spaces), "invalid_role", "department_required" (reviewer without one),
  // "password_hash_missing"; kAlreadyExists "username_taken".
  Result<User> Create(const NewUser& user, std::int64_t now);
  // Errors: kNotFound "user_not_found".
  Result<User> FindByUsername(std::string_view username);
  Result<User> FindById(std::int64_t id);
  // Errors: kNotFound "user_not_found".
  Status UpdatePasswordHash(std::int64_t id, std::string_view password_hash);
  // Counts a failed login; locks the account (locked_until = now + lock_seconds, counter reset)
  // when the count reaches max_failures. Returns the updated user. Errors: kNotFound.
  Result<User> RecordFailure(std::int64_t id, std::int64_t now, const LockoutPolicy& policy = {});
  // Clears the counter and any lock (after a successful login). Errors: kNotFound.
  Status ResetFailures(std::int64_t id);

 private:
  Database& db_;
};

// Whether the account is locked at `now`.
inline bool IsLocked(const User& user, std::int64_t now) {
  return user.locked_until.has_value() && now < *user.locked_until;
}

}  // namespace lianban::db
