#include "db/user_repository.h"

#include <array>

namespace lianban::db {
namespace {

constexpr std::size_t kMaxUsernameBytes = 64;
constexpr char kColumns[] =
    "id, username, password_hash, role, department, failed_attempts, locked_until, created_at";
constexpr char kInsertUser[] =
    "INSERT INTO users (username, password_hash, role, department, created_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5) RETURNING ";
constexpr char kSelectByUsername[] = "SELECT {} FROM users WHERE username = ?1";
constexpr char kSelectById[] = "SELECT {} FROM users WHERE id = ?1";
constexpr char kUpdateHash[] = "UPDATE users SET password_hash = ?2 WHERE id = ?1";
constexpr char kRecordFailure[] =
    "UPDATE users SET "
    "  locked_until = CASE WHEN failed_attempts + 1 >= ?3 THEN ?2 + ?4 ELSE locked_until END, "
    "  failed_attempts = CASE WHEN failed_attempts + 1 >= ?3 THEN 0 ELSE failed_attempts + 1 END "
    "WHERE id = ?1";
constexpr char kResetFailures[] =
    "UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE id = ?1";

constexpr std::array<std::string_view, 5> kRoles = {"admin", "caseworker", "reviewer", "supervisor",
                                                    "auditor"};

Error UserNotFound() { return Error::Make(ErrorCode::kNotFound, "user_not_found", "no such user"); }

Error Invalid(std::string reason, std::string message) {
  return Error::Make(ErrorCode::kInvalidArgument, std::move(reason), std::move(message));
}

std::string WithColumns(std::string_view sql) {
  std::string text(sql);
  if (auto at = text.find("{}"); at != std::string::npos) return text.replace(at, 2, kColumns);
  return text + kColumns;
}

bool ValidUsername(std::string_view name) {
  if (name.empty() || name.size() > kMaxUsernameBytes) return false;
  for (unsigned char c : name) {
    if (c <= 0x20 || c == 0x7f) return false;
  }
  return true;
}

Status Validate(const NewUser& user) {
  if (!ValidUsername(user.username)) {
    return Invalid("invalid_username",
                   "a username is 1 to 64 bytes without spaces or control characters");
  }
  if (!IsUserRole(user.role)) {
    return Invalid("invalid_role",
                   "the role must be admin, caseworker, reviewer, supervisor or auditor");
  }
  bool has_department = user.department.has_value() && !user.department->empty();
  if (user.role == "reviewer" && !has_department) {
    return Invalid("department_required", "a reviewer must belong to a department");
  }
  if (user.password_hash.empty()) {
    return Invalid("password_hash_missing", "a user needs a password hash");
  }
  return OkStatus();
}

User ReadUser(const Statement& stmt) {
  User user;
  user.id = stmt.ColumnInt64(0);
  user.username = stmt.ColumnText(1);
  user.password_hash = stmt.ColumnText(2);
  user.role = stmt.ColumnText(3);
  user.department = stmt.ColumnOptionalText(4);
  user.failed_attempts = stmt.ColumnInt64(5);
  user.locked_until = stmt.ColumnOptionalInt64(6);
  user.created_at = stmt.ColumnInt64(7);
  return user;
}

// Runs a statement expected to yield at most one user row.
Result<User> OneUser(Statement& stmt) {
  Result<bool> row = stmt.Step();
  if (!row.ok()) return std::move(row).take_error();
  if (!*row) return UserNotFound();
  return ReadUser(stmt);
}

}  // namespace

bool IsUserRole(std::string_view role) {
  for (std::string_view known : kRoles) {
    if (role == known) return true;
  }
  return false;
}

Result<User> UserRepository::Create(const NewUser& user, std::int64_t now) {
  if (Status s = Validate(user); !s.ok()) return std::move(s).take_error();
  std::optional<std::string> department = user.department;
  if (department && department->empty()) department.reset();
  Result<Statement> stmt = db_.Prepare(WithColumns(kInsertUser));
  if (!stmt.ok()) return std::move(stmt).take_error();
  stmt->Bind(1, user.username).Bind(2, user.password_hash).Bind(3, user.role);
  stmt->Bind(4, department).Bind(5, now);
  Result<User> created = OneUser(*stmt);
  if (!created.ok() && created.error().code == ErrorCode::kAlreadyExists) {
    return Error::Make(ErrorCode::kAlreadyExists, "username_taken",
                       "a user with that username already exists");
  }
  if (created.ok()) stmt->Reset();  // finish the INSERT ... RETURNING
  return created;
}

Result<User> UserRepository::FindByUsername(std::string_view username) {
  Result<Statement> stmt = db_.Prepare(WithColumns(kSelectByUsername));
  if (!stmt.ok()) return std::move(stmt).take_error();
  stmt->Bind(1, username);
  return OneUser(*stmt);
}

Result<User> UserRepository::FindById(std::int64_t id) {
  Result<Statement> stmt = db_.Prepare(WithColumns(kSelectById));
  if (!stmt.ok()) return std::move(stmt).take_error();
  stmt->Bind(1, id);
  return OneUser(*stmt);
}

Status UserRepository::UpdatePasswordHash(std::int64_t id, std::string_view password_hash) {
  if (password_hash.empty())
    return Invalid("password_hash_missing", "a user needs a password hash");
  Result<Statement> stmt = db_.Prepare(kUpdateHash);
  if (!stmt.ok()) return std::move(stmt).take_error();
  stmt->Bind(1, id).Bind(2, password_hash);
  if (Status s = stmt->Run(); !s.ok()) return s;
  return db_.Changes() == 1 ? OkStatus() : Status(UserNotFound());
}

Result<User> UserRepository::RecordFailure(std::int64_t id, std::int64_t now,
                                           const LockoutPolicy& policy) {
  Result<User> updated = UserNotFound();
  Status s = db_.WithWriteTransaction([&]() -> Status {
    Result<Statement> stmt = db_.Prepare(kRecordFailure);
    if (!stmt.ok()) return std::move(stmt).take_error();
    stmt->Bind(1, id).Bind(2, now).Bind(3, policy.max_failures).Bind(4, policy.lock_seconds);
    if (Status run = stmt->Run(); !run.ok()) return run;
    updated = FindById(id);
    return updated.ok() ? OkStatus() : Status(updated.error());
  });
  if (!s.ok()) return std::move(s).take_error();
  return updated;
}

Status UserRepository::ResetFailures(std::int64_t id) {
  Result<Statement> stmt = db_.Prepare(kResetFailures);
  if (!stmt.ok()) return std::move(stmt).take_error();
  stmt->Bind(1, id);
  if (Status s = stmt->Run(); !s.ok()) return s;
  return db_.Changes() == 1 ? OkStatus() : Status(UserNotFound());
}

}  // namespace lianban::db
