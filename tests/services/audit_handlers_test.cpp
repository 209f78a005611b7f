// The auditors' endpoints through the dispatcher: who may call them, verification, signed
// checkpoints, entry queries and the unusual-access report.
#include "services/handlers/audit_handlers.h"

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "db/audit_checkpoint.h"
#include "db/audit_log.h"
#include "db/database.h"
#include "db/keyring.h"
#include "domain/clock.h"
#include "services/audit_service.h"
#include "services/authenticator.h"
#include "services/dispatcher.h"
#include "services/router.h"
#include "tests/fixed_now.h"

namespace lianban::services {
namespace {

using ::lianban::testing::kNow;  // 2026-05-28T20:26:40Z (2026-05-29 in China)

class AuditApi : public ::testing::Test {
 protected:
  AuditApi() : keyring_(db::SecretBytes::CopyOf(std::vector<std::uint8_t>(32, 9))), clock_(kNow) {
    auto opened = db::Database::Open(":memory:");
    EXPECT_TRUE(opened.ok());
    db_ = std::move(*opened);
    auto service = AuditService::Make(*db_, keyring_, clock_);
    EXPECT_TRUE(service.ok());
    RegisterAuditRoutes(router_, std::shared_ptr<AuditService>(std::move(*service)), clock_);
    AddPrincipal("aud", domain::Role::kAuditor);
    AddPrincipal("cw", domain::Role::kCaseworker);
    AddPrincipal("sup", domain::Role::kSupervisor);
    AddPrincipal("adm", domain::Role::kAdmin);
    authenticator_.AddLookup(
        [this](std::string_view token) -> std::optional<Result<domain::Principal>> {
          auto it = principals_.find(std::string(token));
          if (it == principals_.end()) return std::nullopt;
          return Result<domain::Principal>(it->second);
        });
  }

  void AddPrincipal(const std::string& token, domain::Role role) {
    domain::Principal p;
    p.id = static_cast<std::int64_t>(principals_.size()) + 1;
    p.username = token;
    p.role = role;
    principals_[token] = p;
  }

  void Append(std::string actor, std::string action, std::string object, std::int64_t at) {
    ASSERT_TRUE(
        db::AppendAudit(*db_, db::AuditEntry{at, std::move(actor), "caseworker", std::move(action),
                                             std::move(object), "ok", "review"})
            .ok());
  }

  Response Get(const std::string& target, const std::string& token = "aud") {
    Request request;
    request.method = "GET";
    request.SetTarget(target);
    if (!token.empty()) request.headers.emplace_back("authorization", "Bearer " + token);
    return Dispatcher(router_, authenticator_).Handle(request);
  }

  static nlohmann::json Json(const Response& r) { return nlohmann::json::parse(r.body); }

  db::Keyring keyring_;
  FakeClock clock_;
  std::unique_ptr<db::Database> db_;
  Router router_;
  Authenticator authenticator_;
  std::map<std::string, domain::Principal> principals_;
};

TEST_F(AuditApi, OnlyAuditorsReadTheTrail) {
  for (const char* path :
       {"/v1/audit/verify", "/v1/audit/checkpoint", "/v1/audit/entries", "/v1/audit/anomalies"}) {
    for (const char* token : {"cw", "sup", "adm"}) {
      Response r = Get(path, token);
      EXPECT_EQ(r.status, 403) << path << " as " << token;
      EXPECT_EQ(Json(r)["code"], "forbidden");
    }
    EXPECT_EQ(Get(path, "").status, 401) << path;
    EXPECT_EQ(Get(path).status, 200) << path;
  }
}

TEST_F(AuditApi, VerifyReportsAnIntactLog) {
  for (int i = 0; i < 5; ++i) Append("user:2", "household.read", "household:1", kNow - 100 + i);
  Response r = Get("/v1/audit/verify");
  ASSERT_EQ(r.status, 200);
  nlohmann::json body = Json(r);
  EXPECT_EQ(body["intact"], true);
  EXPECT_EQ(body["entries"], 5);
  EXPECT_FALSE(body.contains("first_bad_entry"));
}

TEST_F(AuditApi, VerifyNamesTheFirstBadEntry) {
  for (int i = 0; i < 5; ++i) Append("user:2", "household.read", "household:1", kNow - 100 + i);
  ASSERT_TRUE(db_->Exec("DROP TRIGGER audit_log_no_update").ok());
  ASSERT_TRUE(db_->Exec("UPDATE audit_log SET object = 'household:2' WHERE seq = 3").ok());
  nlohmann::json body = Json(Get("/v1/audit/verify"));
  EXPECT_EQ(body["intact"], false);
  EXPECT_EQ(body["first_bad_entry"], 3);
  EXPECT_EQ(body["reason"], "hash_mismatch");
}

TEST_F(AuditApi, VerifySeesATruncatedTailThroughTheStoredCheckpoint) {
  for (int i = 0; i < 5; ++i) Append("user:2", "household.read", "household:1", kNow - 100 + i);
  ASSERT_EQ(Get("/v1/audit/checkpoint").status, 200);
  ASSERT_TRUE(db_->Exec("DROP TRIGGER audit_log_no_delete").ok());
  ASSERT_TRUE(db_->Exec("DELETE FROM audit_log WHERE seq = 5").ok());
  nlohmann::json body = Json(Get("/v1/audit/verify"));
  EXPECT_EQ(body["intact"], false);
  EXPECT_EQ(body["reason"], "log_truncated");
  EXPECT_EQ(body["first_bad_entry"], 5);
}

TEST_F(AuditApi, CheckpointIsSignedAndRenewedOnlyWhenTheLogGrew) {
  for (int i = 0; i < 3; ++i) Append("user:2", "household.read", "household:1", kNow - 100 + i);
  nlohmann::json first = Json(Get("/v1/audit/checkpoint"));
  EXPECT_EQ(first["size"], 3);
  EXPECT_EQ(first["algorithm"], "Ed25519");
  EXPECT_EQ(first["created_at"], "2026-05-28T20:26:40Z");
  auto note = db::ParseCheckpointNote(first["note"].get<std::string>());
  ASSERT_TRUE(note.ok());
  auto key = db::ParseAuditPublicKey(first["public_key"].get<std::string>());
  ASSERT_TRUE(key.ok());
  EXPECT_EQ(first["key_id"], key->key_id);
  EXPECT_TRUE(db::VerifyCheckpointSignature(*note, *key));
  EXPECT_EQ(first["root_hash"], db::EncodeHex(note->root));
  EXPECT_EQ(first["signature"], db::EncodeBase64(note->signature));

  clock_.Advance(60);
  EXPECT_EQ(Json(Get("/v1/audit/checkpoint"))["created_at"], first["created_at"]);
  Append("user:2", "household.read", "household:1", kNow);
  nlohmann::json grown = Json(Get("/v1/audit/checkpoint"));
  EXPECT_EQ(grown["size"], 4);
  EXPECT_EQ(grown["created_at"], "2026-05-28T20:27:40Z");
}

TEST_F(AuditApi, CheckpointIsRefusedOverABrokenTrail) {
  for (int i = 0; i < 3; ++i) Append("user:2", "household.read", "household:1", kNow - 100 + i);
  ASSERT_TRUE(db_->Exec("DROP TRIGGER audit_log_no_update").ok());
  ASSERT_TRUE(db_->Exec("UPDATE audit_log SET actor = 'user:3' WHERE seq = 2").ok());
  Response r = Get("/v1/audit/checkpoint");
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(Json(r)["code"], "audit_trail_broken");
}

TEST_F(AuditApi, EntriesAnswerWhoTouchedAHouseholdPageByPage) {
  Append("user:2", "household.read", "household:7", kNow - 300);
  Append("user:3", "household.update", "household:7", kNow - 200);
  Append("user:2", "household.read", "household:8", kNow - 100);
  Append("user:4", "household.read", "household:7", kNow - 50);
  Response r = Get("/v1/audit/entries?object=household:7&limit=2");
  ASSERT_EQ(r.status, 200) << r.body;
  nlohmann::json page = Json(r);
  ASSERT_EQ(page["entries"].size(), 2u);
  EXPECT_EQ(page["entries"][0]["actor"], "user:2");
  EXPECT_EQ(page["entries"][0]["purpose"], "review");
  EXPECT_EQ(page["entries"][1]["action"], "household.update");
  ASSERT_EQ(page["next"], "2");
  nlohmann::json rest = Json(Get("/v1/audit/entries?object=household:7&limit=2&cursor=2"));
  // The first page's query was recorded under the same object, right after user:4's read.
  ASSERT_EQ(rest["entries"].size(), 2u);
  EXPECT_EQ(rest["entries"][0]["actor"], "user:4");
  EXPECT_EQ(rest["entries"][1]["action"], "audit.query");
  EXPECT_EQ(rest["next"], nullptr);
  // The auditor's queries are themselves on the record.
  nlohmann::json own = Json(Get("/v1/audit/entries?action=audit.query"));
  ASSERT_EQ(own["entries"].size(), 2u);
  EXPECT_EQ(own["entries"][0]["actor"], "user:1");
  EXPECT_EQ(own["entries"][0]["role"], "auditor");
  EXPECT_EQ(own["entries"][0]["object"], "household:7");
}

TEST_F(AuditApi, EntriesFilterByChinaDates) {
  // 2026-05-28 16:00 UTC is midnight of 2026-05-29 in China.
  Append("user:2", "household.read", "household:7", 1779984000 - 1);
  Append("user:2", "household.read", "household:7", 1779984000);
  nlohmann::json day = Json(Get("/v1/audit/entries?from=2026-05-29&to=2026-05-29&actor=user:2"));
  ASSERT_EQ(day["entries"].size(), 1u);
  EXPECT_EQ(day["entries"][0]["seq"], 2);
}

TEST_F(AuditApi, EntriesRejectBadParameters) {
  for (const char* target :
       {"/v1/audit/entries?limit=0", "/v1/audit/entries?limit=x", "/v1/audit/entries?cursor=-1",
        "/v1/audit/entries?from=2026-13-01", "/v1/audit/entries?from=2026-05-02&to=2026-05-01",
        "/v1/audit/entries?actor="}) {
    Response r = Get(target);
    EXPECT_EQ(r.status, 422) << target;
    EXPECT_EQ(Json(r)["code"], "invalid_query") << target;
  }
}

TEST_F(AuditApi, AnomaliesFlagAnAccountReadingManyHouseholds) {
  for (int h = 1; h <= 25; ++h)
    Append("user:5", "household.read", "household:" + std::to_string(h), kNow - 3000 + h * 20);
  for (int h = 1; h <= 5; ++h)
    Append("user:6", "household.read", "household:" + std::to_string(h), kNow - 3000 + h * 20);
  nlohmann::json report = Json(Get("/v1/audit/anomalies"));
  EXPECT_EQ(report["from"], "2026-05-23");
  EXPECT_EQ(report["to"], "2026-05-29");
  EXPECT_EQ(report["rule"]["max_households"], 20);
  EXPECT_EQ(report["rule"]["window_minutes"], 60);
  ASSERT_EQ(report["anomalies"].size(), 1u);
  EXPECT_EQ(report["anomalies"][0]["actor"], "user:5");
  EXPECT_EQ(report["anomalies"][0]["peak_households"], 25);
  EXPECT_EQ(report["anomalies"][0]["reads"], 25);
  EXPECT_EQ(Json(Get("/v1/audit/anomalies?max_households=25"))["anomalies"].size(), 0u);
  EXPECT_EQ(Json(Get("/v1/audit/anomalies?max_households=2&window_minutes=1"))["anomalies"].size(),
            2u);
}

}  // namespace
}  // namespace lianban::services
