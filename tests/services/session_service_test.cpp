// Sign-in, lockout, expiry and sign-out through the handlers, without sockets: a temporary store,
// a FakeClock, and the real router, authenticator and dispatcher.
#include "services/session_service.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "db/audit_log.h"
#include "db/store.h"
#include "services/dispatcher.h"
#include "services/handlers/sessions_handlers.h"
#include "tests/services/lianban_process.h"

namespace lianban::services {
namespace {

using nlohmann::json;
constexpr std::int64_t kStart = 1'780'000'000;

class SessionServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(db::InitDataDir(dir_.path() / "data", kStart).ok());
    auto store = db::Store::Open(dir_.path() / "data", kStart);
    ASSERT_TRUE(store.ok()) << store.error().message;
    store_ = std::move(store).value();
    users_ = std::make_unique<db::UserRepository>(store_->db());
    sessions_ = std::make_unique<db::SessionRepository>(store_->db());
    service_ = std::make_unique<SessionService>(store_->db(), *users_, *sessions_, hasher_, clock_);
    auto hash = hasher_.Hash("secret-pw");
    ASSERT_TRUE(hash.ok());
    ASSERT_TRUE(users_->Create({"li", *hash, "reviewer", std::string("MZ")}, kStart).ok());
    RegisterSessionRoutes(router_, *service_);
    router_.Add("GET", "/whoami", [](const Request&, RequestContext& ctx) {
      return Response::Json(200, json{{"user", ctx.principal()->username},
                                      {"department", ctx.principal()->department}});
    });
    auth_.AddLookup([this](std::string_view t) { return service_->Lookup(t); });
  }

  Response Send(std::string method, std::string target, std::string body = "",
                std::string token = "") {
    Request r;
    r.method = std::move(method);
    r.SetTarget(std::move(target));
    r.body = std::move(body);
    r.headers.emplace_back("content-type", "application/json");
    if (!token.empty()) r.headers.emplace_back("authorization", "Bearer " + token);
    return dispatcher_.Handle(r);
  }

  Response Login(const std::string& user, const std::string& password) {
    return Send("POST", "/v1/sessions", json{{"username", user}, {"password", password}}.dump());
  }

  std::int64_t AuditEntries() {
    auto list = db::ListAudit(store_->db(), 0, 10000);
    return list.ok() ? static_cast<std::int64_t>(list->size()) : -1;
  }

  lianban::testing::TempDir dir_;
  FakeClock clock_{kStart};
  db::PasswordHasher hasher_{db::PasswordHashParams::Minimum()};
  std::unique_ptr<db::Store> store_;
  std::unique_ptr<db::UserRepository> users_;
  std::unique_ptr<db::SessionRepository> sessions_;
  std::unique_ptr<SessionService> service_;
  Router router_;
  Authenticator auth_;
  Dispatcher dispatcher_{router_, auth_};
};

TEST_F(SessionServiceTest, SignInGivesATokenThatIdentifiesTheUser) {
  Response r = Login("li", "secret-pw");
  ASSERT_EQ(r.status, 201) << r.body;
  const json j = json::parse(r.body);
  EXPECT_EQ(j["user"], json({{"username", "li"}, {"role", "reviewer"}, {"department", "MZ"}}));
  Response me = Send("GET", "/whoami", "", j["token"]);
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(json::parse(me.body)["department"], "MZ");
}

TEST_F(SessionServiceTest, EveryAttemptIsAudited) {
  const std::int64_t before = AuditEntries();
  (void)Login("li", "wrong");
  (void)Login("nobody", "wrong");
  (void)Login("li", "secret-pw");
  EXPECT_EQ(AuditEntries(), before + 3);
  auto list = db::ListAudit(store_->db(), 0, 10000);
  ASSERT_TRUE(list.ok());
  for (const auto& e : *list) {
    EXPECT_EQ(e.entry.object.find("nobody"), std::string::npos);  // unknown names never stored
    EXPECT_EQ(e.entry.actor.find("nobody"), std::string::npos);
  }
}

TEST_F(SessionServiceTest, FiveFailuresLockTheAccountBehindTheSameAnswer) {
  const Response unknown = Login("nobody", "x");
  for (int i = 0; i < 5; ++i) EXPECT_EQ(Login("li", "wrong").body, unknown.body);
  const Response locked = Login("li", "secret-pw");
  EXPECT_EQ(locked.status, 401);
  EXPECT_EQ(locked.body, unknown.body);
  clock_.Advance(15 * 60);
  EXPECT_EQ(Login("li", "secret-pw").status, 201);
}

TEST_F(SessionServiceTest, ASuccessResetsTheFailureCount) {
  for (int i = 0; i < 4; ++i) (void)Login("li", "wrong");
  EXPECT_EQ(Login("li", "secret-pw").status, 201);
  for (int i = 0; i < 4; ++i) (void)Login("li", "wrong");
  EXPECT_EQ(Login("li", "secret-pw").status, 201);
}

TEST_F(SessionServiceTest, AnIdleSessionExpires) {
  const std::string token = json::parse(Login("li", "secret-pw").body)["token"];
  clock_.Advance(29 * 60);
  EXPECT_EQ(Send("GET", "/whoami", "", token).status, 200);  // activity restarts the idle timer
  clock_.Advance(29 * 60);
  EXPECT_EQ(Send("GET", "/whoami", "", token).status, 200);
  clock_.Advance(31 * 60);
  Response r = Send("GET", "/whoami", "", token);
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(json::parse(r.body)["code"], "unauthenticated");
}

TEST_F(SessionServiceTest, SignOutRevokesOnlyThatSession) {
  const std::string a = json::parse(Login("li", "secret-pw").body)["token"];
  const std::string b = json::parse(Login("li", "secret-pw").body)["token"];
  EXPECT_EQ(Send("DELETE", "/v1/sessions/current", "", a).status, 204);
  EXPECT_EQ(Send("GET", "/whoami", "", a).status, 401);
  EXPECT_EQ(Send("GET", "/whoami", "", b).status, 200);
}

TEST_F(SessionServiceTest, ASessionEndedInTheStoreIsRefusedWithinTheRecheckInterval) {
  const std::string token = json::parse(Login("li", "secret-pw").body)["token"];
  EXPECT_EQ(Send("GET", "/whoami", "", token).status, 200);
  // Revoked behind the service's back, as another process writing to the store would.
  ASSERT_TRUE(sessions_->Revoke(token, clock_.NowUnix()).ok());
  EXPECT_EQ(Send("GET", "/whoami", "", token).status, 200);  // remembered, for at most...
  clock_.Advance(SessionService::kRecheckSeconds);
  EXPECT_EQ(Send("GET", "/whoami", "", token).status, 401);  // ...this long
}

TEST_F(SessionServiceTest, ARememberedSessionStillEndsAtItsAbsoluteEnd) {
  const std::string token = json::parse(Login("li", "secret-pw").body)["token"];
  const std::int64_t end = kStart + db::SessionPolicy{}.absolute_seconds;
  while (clock_.NowUnix() + 25 * 60 < end - 1) {
    clock_.Advance(25 * 60);
    ASSERT_EQ(Send("GET", "/whoami", "", token).status, 200);
  }
  clock_.Advance(end - 1 - clock_.NowUnix());
  EXPECT_EQ(Send("GET", "/whoami", "", token).status, 200);
  clock_.Advance(1);
  EXPECT_EQ(Send("GET", "/whoami", "", token).status, 401);
}

TEST_F(SessionServiceTest, SignInRehashesWhenTheCostRose) {
  db::PasswordHashParams stronger = db::PasswordHashParams::Minimum();
  stronger.opslimit += 1;
  db::PasswordHasher strong_hasher(stronger);
  SessionService strong(store_->db(), *users_, *sessions_, strong_hasher, clock_);
  const std::string old_hash = users_->FindByUsername("li")->password_hash;
  ASSERT_TRUE(strong.Login("li", "secret-pw").ok());
  const std::string new_hash = users_->FindByUsername("li")->password_hash;
  EXPECT_NE(new_hash, old_hash);
  EXPECT_FALSE(strong_hasher.NeedsRehash(new_hash));
  EXPECT_TRUE(strong.Login("li", "secret-pw").ok());
}

TEST_F(SessionServiceTest, LoginBodyRulesApply) {
  EXPECT_EQ(Send("POST", "/v1/sessions", R"({"username":"li"})").status, 422);
  EXPECT_EQ(Send("POST", "/v1/sessions", R"({"username":"li","password":5})").status, 422);
  EXPECT_EQ(Send("POST", "/v1/sessions", R"({"username":"li","password":"x","role":"admin"})")
                .status,
            422);
}

}  // namespace
}  // namespace lianban::services
