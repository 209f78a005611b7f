#include "services/session_service.h"

#include <algorithm>

#include "db/audit_log.h"

namespace lianban::services {
namespace {

// Sessions are touched at most this often, so an authenticated read does not write every time.
constexpr std::int64_t kTouchInterval = 60;

Error InvalidCredentials() {
  return Error::Make(ErrorCode::kUnauthenticated, "invalid_credentials",
                     "the username or password is wrong");
}

Error Unauthenticated(std::string message) {
  return Error::Make(ErrorCode::kUnauthenticated, "unauthenticated", std::move(message));
}

db::AuditEntry LoginEntry(const std::optional<db::User>& user, std::int64_t now,
                          std::string outcome) {
  db::AuditEntry e;
  e.at = now;
  // An unknown username is never recorded: it may be a password typed into the wrong field.
  e.actor = user ? "user:" + std::to_string(user->id) : "anonymous";
  e.role = user ? user->role : "";
  e.action = "session.create";
  e.object = user ? "user:" + std::to_string(user->id) : "";
  e.outcome = std::move(outcome);
  return e;
}

}  // namespace

std::optional<domain::Principal> PrincipalOf(const db::User& user, std::int64_t session_id) {
  const std::optional<domain::Role> role = domain::ParseRole(user.role);
  if (!role || *role == domain::Role::kAgency) return std::nullopt;
  domain::Principal p;
  p.kind = domain::Principal::Kind::kUser;
  p.id = user.id;
  p.username = user.username;
  p.role = *role;
  p.department = user.department.value_or("");
  p.credential_id = session_id;
  return p;
}

Status SessionService::RecordFailure(const std::optional<db::User>& user,
                                     std::string_view outcome) {
  const std::int64_t now = clock_.NowUnix();
  return db_.WithWriteTransaction([&]() -> Status {
    std::string result(outcome);
    if (user && result == "failed") {
      Result<db::User> updated = users_.RecordFailure(user->id, now, lockout_);
      if (!updated.ok()) return updated.error();
      if (db::IsLocked(*updated, now)) result = "locked";
    }
    Result<std::int64_t> seq = db::AppendAudit(db_, LoginEntry(user, now, result));
    if (!seq.ok()) return seq.error();
    return OkStatus();
  });
}

Result<SignedIn> SessionService::Login(std::string_view username, std::string_view password) {
  Result<db::User> found = users_.FindByUsername(username);
  if (!found.ok() && found.error().code != ErrorCode::kNotFound) return found.error();
  if (!found.ok()) {
    Result<bool> spent = hasher_.VerifyDummy(password);  // same cost as a real check
    if (!spent.ok()) return spent.error();
    Status s = RecordFailure(std::nullopt, "failed");
    if (!s.ok()) return s.error();
    return InvalidCredentials();
  }
  db::User user = std::move(found).value();
  Result<bool> match = hasher_.Verify(user.password_hash, password);
  if (!match.ok()) return match.error();
  const std::int64_t now = clock_.NowUnix();
  if (db::IsLocked(user, now) || !*match) {
    Status s = RecordFailure(user, db::IsLocked(user, now) ? "locked" : "failed");
    if (!s.ok()) return s.error();
    return InvalidCredentials();
  }
  std::optional<std::string> rehashed;
  if (hasher_.NeedsRehash(user.password_hash)) {
    Result<std::string> h = hasher_.Hash(password);
    if (h.ok()) rehashed = std::move(h).value();  // a busy hasher only postpones the rehash
  }
  std::optional<db::CreatedSession> created;
  Status s = db_.WithWriteTransaction([&]() -> Status {
    if (Status r = users_.ResetFailures(user.id); !r.ok()) return r;
    if (rehashed) {
      if (Status r = users_.UpdatePasswordHash(user.id, *rehashed); !r.ok()) return r;
    }
    Result<db::CreatedSession> c = sessions_.Create(user.id, now);
    if (!c.ok()) return c.error();
    created = std::move(c).value();
    Result<std::int64_t> seq = db::AppendAudit(db_, LoginEntry(user, now, "ok"));
    if (!seq.ok()) return seq.error();
    return OkStatus();
  });
  if (!s.ok()) return s.error();
  return SignedIn{std::move(created->token), created->session.expires_at, std::move(user)};
}

Status SessionService::Logout(const domain::Principal& who) {
  if (who.kind != domain::Principal::Kind::kUser) {
    return Unauthenticated("only a session can be signed out");
  }
  const std::int64_t now = clock_.NowUnix();
  return db_.WithWriteTransaction([&]() -> Status {
    if (Status r = sessions_.RevokeById(who.credential_id, now); !r.ok()) return r;
    db::AuditEntry e;
    e.at = now;
    e.actor = "user:" + std::to_string(who.id);
    e.role = std::string(domain::RoleName(who.role));
    e.action = "session.revoke";
    e.object = "session:" + std::to_string(who.credential_id);
    e.outcome = "ok";
    Result<std::int64_t> seq = db::AppendAudit(db_, e);
    if (!seq.ok()) return seq.error();
    Forget(who.credential_id);
    return OkStatus();
  });
}

std::optional<domain::Principal> SessionService::Recall(std::string_view token,
                                                       std::int64_t now) {
  std::lock_guard lock(remembered_mutex_);
  const auto found = remembered_.find(token);
  if (found == remembered_.end()) return std::nullopt;
  if (now >= found->second.valid_until) {
    remembered_.erase(found);
    return std::nullopt;
  }
  return found->second.principal;
}

void SessionService::Remember(std::string_view token, const db::Session& session,
                              const domain::Principal& principal, std::int64_t now,
                              std::uint64_t forgotten) {
  const std::int64_t valid_until =
      std::min({now + kRecheckSeconds, session.expires_at,
                session.last_seen_at + sessions_.policy().idle_seconds});
  std::lock_guard lock(remembered_mutex_);
  if (forgotten != forgotten_) return;  // a logout came in meanwhile: ask the store next time
  if (remembered_.size() >= kMaxRemembered) remembered_.clear();
  remembered_.insert_or_assign(std::string(token), Remembered{principal, valid_until});
}

void SessionService::Forget(std::int64_t session_id) {
  std::lock_guard lock(remembered_mutex_);
  ++forgotten_;
  std::erase_if(remembered_,
                [&](const auto& entry) { return entry.second.principal.credential_id == session_id; });
}

std::optional<Result<domain::Principal>> SessionService::Lookup(std::string_view token) {
  const std::int64_t now = clock_.NowUnix();
  if (std::optional<domain::Principal> known = Recall(token, now)) {
    return Result<domain::Principal>(std::move(*known));
  }
  std::uint64_t forgotten = 0;
  {
    std::lock_guard lock(remembered_mutex_);
    forgotten = forgotten_;
  }
  Result<db::Session> session = sessions_.Lookup(token, now);
  if (!session.ok()) {
    if (session.error().reason == "invalid_token") return std::nullopt;  // not one of ours
    if (session.error().code == ErrorCode::kUnauthenticated) {
      return Result<domain::Principal>(Unauthenticated("the session has ended; sign in again"));
    }
    return Result<domain::Principal>(session.error());
  }
  if (now - session->last_seen_at >= kTouchInterval) {
    Status touched = sessions_.Touch(token, now);
    if (!touched.ok() && touched.error().code != ErrorCode::kUnavailable) {
      return Result<domain::Principal>(touched.error());
    }
    if (touched.ok()) session->last_seen_at = now;
  }
  Result<db::User> user = users_.FindById(session->user_id);
  if (!user.ok()) return Result<domain::Principal>(Unauthenticated("the account no longer exists"));
  std::optional<domain::Principal> who = PrincipalOf(*user, session->id);
  if (!who) return Result<domain::Principal>(Unauthenticated("the account has no valid role"));
  Remember(token, *session, *who, now, forgotten);
  return Result<domain::Principal>(std::move(*who));
}

}  // namespace lianban::services
