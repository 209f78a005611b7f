#include "db/session_repository.h"

#include <gtest/gtest.h>

#include <set>

#include "db/user_repository.h"
#include "domain/clock.h"

namespace lianban::db {
namespace {

constexpr std::int64_t kStart = 1'780'000'000;

class SessionRepositoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<std::unique_ptr<Database>> db = Database::Open(":memory:");
    ASSERT_TRUE(db.ok());
    db_ = std::move(db).value();
    UserRepository users(*db_);
    Result<User> user = users.Create(NewUser{"zhao", "$argon2id$h", "caseworker", {}}, kStart);
    ASSERT_TRUE(user.ok());
    user_id_ = user->id;
    sessions_ = std::make_unique<SessionRepository>(*db_, SessionPolicy{30 * 60, 12 * 60 * 60});
  }

  std::string NewToken() {
    Result<CreatedSession> created = sessions_->Create(user_id_, clock_.NowUnix());
    EXPECT_TRUE(created.ok());
    return created.ok() ? created->token : std::string();
  }

  std::string LookupReason(const std::string& token) {
    Result<Session> session = sessions_->Lookup(token, clock_.NowUnix());
    return session.ok() ? "ok" : session.error().reason;
  }

  FakeClock clock_{kStart};
  std::unique_ptr<Database> db_;
  std::unique_ptr<SessionRepository> sessions_;
  std::int64_t user_id_ = 0;
};

TEST_F(SessionRepositoryTest, CreatesA256BitTokenAndStoresOnlyItsHash) {
  Result<CreatedSession> created = sessions_->Create(user_id_, kStart);
  ASSERT_TRUE(created.ok());
  EXPECT_EQ(created->token.size(), 43u);  // 32 bytes, unpadded base64url
  EXPECT_EQ(created->token.find_first_not_of(
                "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
            std::string::npos);
  EXPECT_EQ(created->session.expires_at, kStart + 12 * 60 * 60);

  Result<Statement> stmt = db_->Prepare("SELECT token_hash FROM sessions");
  ASSERT_TRUE(stmt.ok());
  ASSERT_TRUE(*stmt->Step());
  std::vector<std::uint8_t> stored = stmt->ColumnBlob(0);
  EXPECT_EQ(stored.size(), 32u);
  EXPECT_NE(std::string(stored.begin(), stored.end()), created->token);

  Result<Session> found = sessions_->Lookup(created->token, kStart);
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->user_id, user_id_);
  EXPECT_EQ(found->id, created->session.id);
}

TEST_F(SessionRepositoryTest, TokensAreUnique) {
  std::set<std::string> tokens;
  for (int i = 0; i < 50; ++i) tokens.insert(NewToken());
  EXPECT_EQ(tokens.size(), 50u);
}

TEST_F(SessionRepositoryTest, UnknownOrMalformedTokensAreInvalid) {
  NewToken();
  EXPECT_EQ(LookupReason(""), "invalid_token");
  EXPECT_EQ(LookupReason("not-a-token"), "invalid_token");
  EXPECT_EQ(LookupReason(std::string(43, 'A')), "invalid_token");  // well-formed, never issued
  std::string token = NewToken();
  token[0] = token[0] == 'A' ? 'B' : 'A';
  EXPECT_EQ(LookupReason(token), "invalid_token");
}

TEST_F(SessionRepositoryTest, ExpiresAfterIdleTimeUnlessTouched) {
  std::string token = NewToken();
  clock_.Advance(29 * 60);
  EXPECT_EQ(LookupReason(token), "ok");
  ASSERT_TRUE(sessions_->Touch(token, clock_.NowUnix()).ok());
  clock_.Advance(29 * 60);  // 58 minutes after login, 29 after the last activity
  EXPECT_EQ(LookupReason(token), "ok");
  clock_.Advance(60);
  EXPECT_EQ(LookupReason(token), "session_expired");
  EXPECT_EQ(sessions_->Touch(token, clock_.NowUnix()).error().reason, "session_expired");
}

TEST_F(SessionRepositoryTest, ExpiresAtTheAbsoluteLimitEvenWhenActive) {
  std::string token = NewToken();
  for (int i = 0; i < 12 * 3 - 1; ++i) {  // active every 20 minutes for 11 h 40 min
    clock_.Advance(20 * 60);
    ASSERT_TRUE(sessions_->Touch(token, clock_.NowUnix()).ok()) << i;
  }
  clock_.Set(kStart + 12 * 60 * 60 - 1);
  EXPECT_EQ(LookupReason(token), "ok");
  clock_.Set(kStart + 12 * 60 * 60);
  EXPECT_EQ(LookupReason(token), "session_expired");
}

TEST_F(SessionRepositoryTest, RevokedSessionStopsWorkingAtOnce) {
  std::string token = NewToken();
  std::string other = NewToken();
  ASSERT_TRUE(sessions_->Revoke(token, clock_.NowUnix()).ok());
  EXPECT_EQ(LookupReason(token), "session_revoked");
  EXPECT_TRUE(sessions_->Revoke(token, clock_.NowUnix()).ok());  // twice is fine
  EXPECT_EQ(LookupReason(other), "ok");
  EXPECT_EQ(sessions_->Revoke(std::string(43, 'A'), clock_.NowUnix()).error().reason,
            "invalid_token");
}

TEST_F(SessionRepositoryTest, RevokesByIdAndForAllOfAUsersSessions) {
  Result<CreatedSession> a = sessions_->Create(user_id_, kStart);
  std::string b = NewToken();
  ASSERT_TRUE(sessions_->RevokeById(a->session.id, kStart).ok());
  EXPECT_EQ(LookupReason(a->token), "session_revoked");
  EXPECT_EQ(LookupReason(b), "ok");
  ASSERT_TRUE(sessions_->RevokeAllForUser(user_id_, kStart).ok());
  EXPECT_EQ(LookupReason(b), "session_revoked");
}

TEST_F(SessionRepositoryTest, SessionForUnknownUserIsRefused) {
  Result<CreatedSession> created = sessions_->Create(user_id_ + 100, kStart);
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(created.error().reason, "user_not_found");
}

TEST_F(SessionRepositoryTest, DeletesEndedSessionsOnly) {
  std::string live = NewToken();
  std::string revoked = NewToken();
  ASSERT_TRUE(sessions_->Revoke(revoked, kStart).ok());
  clock_.Advance(10 * 60);
  std::string fresh = NewToken();
  clock_.Advance(25 * 60);  // `live` idle 35 min, `fresh` idle 25 min
  Result<int> deleted = sessions_->DeleteEnded(clock_.NowUnix());
  ASSERT_TRUE(deleted.ok());
  EXPECT_EQ(*deleted, 2);
  EXPECT_EQ(LookupReason(fresh), "ok");
  EXPECT_EQ(LookupReason(live), "invalid_token");
}

}  // namespace
}  // namespace lianban::db
