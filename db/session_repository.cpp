#include "db/session_repository.h"

#include <sodium.h>

#include <array>
#include <vector>

#include "db/secret_bytes.h"

namespace lianban::db {
namespace {

constexpr std::size_t kTokenBytes = 32;
constexpr int kTokenVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
constexpr char kInsert[] =
    "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at) "
    "VALUES (?1, ?2, ?3, ?3, ?4) RETURNING id";
constexpr char kSelectByHash[] =
    "SELECT id, user_id, created_at, last_seen_at, expires_at, revoked_at "
    "FROM sessions WHERE token_hash = ?1";
constexpr char kTouch[] = "UPDATE sessions SET last_seen_at = MAX(last_seen_at, ?2) WHERE id = ?1";
constexpr char kRevokeById[] =
    "UPDATE sessions SET revoked_at = COALESCE(revoked_at, ?2) WHERE id = ?1";
constexpr char kRevokeByUser[] =
    "UPDATE sessions SET revoked_at = COALESCE(revoked_at, ?2) WHERE user_id = ?1";
constexpr char kDeleteEnded[] =
    "DELETE FROM sessions WHERE revoked_at IS NOT NULL OR expires_at <= ?1 "
    "OR last_seen_at + ?2 <= ?1";

using TokenHash = std::array<std::uint8_t, 32>;

Error Unauthenticated(std::string reason, std::string message) {
  return Error::Make(ErrorCode::kUnauthenticated, std::move(reason), std::move(message));
}

Error InvalidToken() { return Unauthenticated("invalid_token", "unknown or malformed token"); }

// Accepts only what Create hands out: 32 bytes in unpadded base64url.
bool WellFormed(std::string_view token) {
  std::array<std::uint8_t, kTokenBytes> bytes{};
  std::size_t length = 0;
  const char* end = nullptr;
  return token.size() == sodium_base64_ENCODED_LEN(kTokenBytes, kTokenVariant) - 1 &&
         sodium_base642bin(bytes.data(), bytes.size(), token.data(), token.size(), nullptr, &length,
                           &end, kTokenVariant) == 0 &&
         length == kTokenBytes && end == token.data() + token.size();
}

TokenHash HashToken(std::string_view token) {
  TokenHash hash{};
  crypto_generichash(hash.data(), hash.size(), reinterpret_cast<const unsigned char*>(token.data()),
                     token.size(), nullptr, 0);
  return hash;
}

std::string NewToken() {
  SecretBytes bytes = SecretBytes::Random(kTokenBytes);
  std::string token(sodium_base64_ENCODED_LEN(kTokenBytes, kTokenVariant), '\0');
  sodium_bin2base64(token.data(), token.size(), bytes.data(), bytes.size(), kTokenVariant);
  token.resize(token.size() - 1);  // drop the terminating NUL
  return token;
}

Session ReadSession(const Statement& stmt) {
  Session session;
  session.id = stmt.ColumnInt64(0);
  session.user_id = stmt.ColumnInt64(1);
  session.created_at = stmt.ColumnInt64(2);
  session.last_seen_at = stmt.ColumnInt64(3);
  session.expires_at = stmt.ColumnInt64(4);
  session.revoked_at = stmt.ColumnOptionalInt64(5);
  return session;
}

// The stored session for a token, live or not.
Result<Session> FindByToken(Database& db, std::string_view token) {
  if (!WellFormed(token)) return InvalidToken();
  TokenHash hash = HashToken(token);
  Result<Statement> stmt = db.Prepare(kSelectByHash);
  if (!stmt.ok()) return std::move(stmt).take_error();
  stmt->Bind(1, std::span<const std::uint8_t>(hash));
  Result<bool> row = stmt->Step();
  if (!row.ok()) return std::move(row).take_error();
  if (!*row) return InvalidToken();
  return ReadSession(*stmt);
}

Status CheckLive(const Session& session, const SessionPolicy& policy, std::int64_t now) {
  if (session.revoked_at.has_value()) {
    return Unauthenticated("session_revoked", "the session was ended");
  }
  if (now >= session.expires_at || now - session.last_seen_at >= policy.idle_seconds) {
    return Unauthenticated("session_expired", "the session has expired");
  }
  return OkStatus();
}

Status RunWithIdAndTime(Database& db, const char* sql, std::int64_t id, std::int64_t now) {
  Result<Statement> stmt = db.Prepare(sql);
  if (!stmt.ok()) return std::move(stmt).take_error();
  stmt->Bind(1, id).Bind(2, now);
  return stmt->Run();
}

}  // namespace

Result<CreatedSession> SessionRepository::Create(std::int64_t user_id, std::int64_t now) {
  if (Status s = EnsureSodium(); !s.ok()) return std::move(s).take_error();
  CreatedSession created{NewToken(), Session{}};
  TokenHash hash = HashToken(created.token);
  Session& session = created.session;
  session.user_id = user_id;
  session.created_at = now;
  session.last_seen_at = now;
  session.expires_at = now + policy_.absolute_seconds;
  Result<Statement> stmt = db_.Prepare(kInsert);
  if (!stmt.ok()) return std::move(stmt).take_error();
  stmt->Bind(1, std::span<const std::uint8_t>(hash)).Bind(2, user_id).Bind(3, now);
  stmt->Bind(4, session.expires_at);
  Result<bool> row = stmt->Step();
  if (!row.ok() && row.error().code == ErrorCode::kConflict) {
    return Error::Make(ErrorCode::kNotFound, "user_not_found", "no such user");
  }
  if (!row.ok()) return std::move(row).take_error();
  session.id = stmt->ColumnInt64(0);
  return created;
}

Result<Session> SessionRepository::Lookup(std::string_view token, std::int64_t now) {
  Result<Session> session = FindByToken(db_, token);
  if (!session.ok()) return session;
  if (Status s = CheckLive(*session, policy_, now); !s.ok()) return std::move(s).take_error();
  return session;
}

Status SessionRepository::Touch(std::string_view token, std::int64_t now) {
  Result<Session> session = Lookup(token, now);
  if (!session.ok()) return std::move(session).take_error();
  return RunWithIdAndTime(db_, kTouch, session->id, now);
}

Status SessionRepository::Revoke(std::string_view token, std::int64_t now) {
  Result<Session> session = FindByToken(db_, token);
  if (!session.ok()) return std::move(session).take_error();
  return RunWithIdAndTime(db_, kRevokeById, session->id, now);
}

Status SessionRepository::RevokeById(std::int64_t session_id, std::int64_t now) {
  return RunWithIdAndTime(db_, kRevokeById, session_id, now);
}

Status SessionRepository::RevokeAllForUser(std::int64_t user_id, std::int64_t now) {
  return RunWithIdAndTime(db_, kRevokeByUser, user_id, now);
}

Result<int> SessionRepository::DeleteEnded(std::int64_t now) {
  Result<Statement> stmt = db_.Prepare(kDeleteEnded);
  if (!stmt.ok()) return std::move(stmt).take_error();
  stmt->Bind(1, now).Bind(2, policy_.idle_seconds);
  if (Status s = stmt->Run(); !s.ok()) return std::move(s).take_error();
  return db_.Changes();
}

}  // namespace lianban::db
