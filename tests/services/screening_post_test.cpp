// POST /v1/screenings and GET /v1/catalog/*: roles, envelope errors, the result shape, and the
// one audit entry a screening leaves.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "db/audit_log.h"
#include "services/authenticator.h"
#include "services/catalog_loader.h"
#include "services/dispatcher.h"
#include "services/handlers/catalog_handlers.h"
#include "services/router.h"
#include "tests/db/registry_fixture.h"

namespace lianban::services {
namespace {

using nlohmann::json;

const json kHousehold = json::parse(R"({"hukou": "rural", "street": "YZ",
 "members": [{"id_number": "500105194811300626", "name": "张淑芬", "relation": "self", "self_care": "none", "capable_supporter": false, "monthly_income_fen": 20000}],
 "assets": {"deposits_fen": 500000, "vehicle_value_fen": 0, "homes": 1, "business": false}})");

class ScreeningApi : public ::testing::Test {
 protected:
  ScreeningApi() : clock_(db::testing::kRegistryNow), dispatcher_(router_, authenticator_) {
    auto catalog = LoadCatalog(CatalogDirUnder(LIANBAN_SOURCE_DIR));
    EXPECT_TRUE(catalog.ok());
    catalog_ = std::move(catalog).value();
    RegisterCatalogRoutes(router_, catalog_, store_.store().db(), clock_);
    for (auto [token, role] : {std::pair{"cw", domain::Role::kCaseworker},
                               std::pair{"sup", domain::Role::kSupervisor},
                               std::pair{"aud", domain::Role::kAuditor},
                               std::pair{"adm", domain::Role::kAdmin}}) {
      domain::Principal p;
      p.id = static_cast<std::int64_t>(principals_.size()) + 1;
      p.username = token;
      p.role = role;
      principals_[token] = p;
    }
    authenticator_.AddLookup([this](std::string_view token)
                                 -> std::optional<Result<domain::Principal>> {
      auto it = principals_.find(std::string(token));
      if (it == principals_.end()) return std::nullopt;
      return Result<domain::Principal>(it->second);
    });
  }

  Response Call(const std::string& method, const std::string& target, const std::string& token,
                const std::string& body = "") {
    Request request;
    request.method = method;
    request.SetTarget(target);
    if (!token.empty()) request.headers.emplace_back("authorization", "Bearer " + token);
    if (!body.empty()) request.headers.emplace_back("content-type", "application/json");
    request.body = body;
    return dispatcher_.Handle(request);
  }

  Response Screen(const json& body, const std::string& token = "cw") {
    return Call("POST", "/v1/screenings", token, body.dump());
  }

  static json Json(const Response& r) { return json::parse(r.body, nullptr, false); }

  std::int64_t AuditEntries() { return db::VerifyAudit(store_.store().db()).entries; }

  db::testing::RegistryStore store_;
  FakeClock clock_;
  std::shared_ptr<const domain::CompiledCatalog> catalog_;
  Router router_;
  Authenticator authenticator_;
  Dispatcher dispatcher_;
  std::map<std::string, domain::Principal> principals_;
};

TEST_F(ScreeningApi, CaseworkerScreensAndGetsOneResultPerPolicy) {
  std::int64_t before = AuditEntries();
  Response r = Screen({{"as_of", "2025-07-01"}, {"household", kHousehold}});
  ASSERT_EQ(r.status, 200) << r.body;
  json body = Json(r);
  EXPECT_EQ(body["as_of"], "2025-07-01");
  EXPECT_EQ(body["catalog_version"], catalog_->version());
  ASSERT_EQ(body["results"].size(), 45u);
  EXPECT_EQ(body["results"][0]["policy_id"], "MZ-01");
  EXPECT_EQ(body["results"][0]["status"], "eligible");
  EXPECT_EQ(body["results"][0]["amount"],
            json({{"monthly_fen", 49000}, {"once_fen", 0}, {"yearly_fen", 0}}));
  EXPECT_EQ(body["service_items"].size(), 31u);
  EXPECT_EQ(AuditEntries(), before + 1);
}

TEST_F(ScreeningApi, SupervisorMayScreenButAuditorAndAdminMayNot) {
  json body = {{"as_of", "2025-07-01"}, {"household", kHousehold}};
  EXPECT_EQ(Screen(body, "sup").status, 200);
  EXPECT_EQ(Screen(body, "aud").status, 403);
  EXPECT_EQ(Screen(body, "adm").status, 403);
  EXPECT_EQ(Screen(body, "").status, 401);
}

TEST_F(ScreeningApi, UnknownEnvelopeFieldIs422UnknownField) {
  Response r = Screen({{"as_of", "2025-07-01"}, {"household", kHousehold}, {"asof", "x"}});
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(Json(r)["code"], "unknown_field");
}

TEST_F(ScreeningApi, InvalidAsOfIs422) {
  for (json as_of : {json("2025-02-30"), json(20250701), json(nullptr)}) {
    Response r = Screen({{"as_of", as_of}, {"household", kHousehold}});
    EXPECT_EQ(r.status, 422);
    EXPECT_EQ(Json(r)["code"], "invalid_as_of") << as_of.dump();
  }
  Response missing = Screen({{"household", kHousehold}});
  EXPECT_EQ(Json(missing)["code"], "invalid_as_of");
}

TEST_F(ScreeningApi, AsOfBeforeTheFirstParameterDateIsOutOfRange) {
  Response r = Screen({{"as_of", "2023-08-31"}, {"household", kHousehold}});
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(Json(r)["code"], "as_of_out_of_range");
  EXPECT_EQ(Screen({{"as_of", "2023-09-01"}, {"household", kHousehold}}).status, 200);
}

TEST_F(ScreeningApi, MemberBornAfterAsOfIs422) {
  Response r = Screen({{"as_of", "2024-01-01"},
                       {"household", json::parse(R"({"hukou": "urban", "members": [
      {"id_number": "500105195001050447", "name": "甲", "relation": "self"},
      {"id_number": "500105202403010029", "name": "乙", "relation": "child"}]})")}});
  ASSERT_EQ(r.status, 422) << r.body;
  json body = Json(r);
  EXPECT_EQ(body["code"], "born_after_as_of");
}

TEST_F(ScreeningApi, InvalidHouseholdIsReportedByPath) {
  json household = kHousehold;
  household["members"][0]["employment"] = "astronaut";
  Response r = Screen({{"as_of", "2025-07-01"}, {"household", household}});
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(Json(r)["code"], "invalid_enum");
}

TEST_F(ScreeningApi, CatalogListsHaveTheirCounts) {
  for (auto [path, count] : {std::pair{"/v1/catalog/departments", 11u},
                             std::pair{"/v1/catalog/policies", 45u},
                             std::pair{"/v1/catalog/service-items", 31u}}) {
    Response r = Call("GET", path, "aud");
    ASSERT_EQ(r.status, 200) << path;
    json body = Json(r);
    ASSERT_TRUE(body.is_array());
    EXPECT_EQ(body.size(), count) << path;
    EXPECT_TRUE(body[0].contains("name_zh"));
    EXPECT_TRUE(body[0].contains("name_en"));
  }
  json policies = Json(Call("GET", "/v1/catalog/policies", "cw"));
  EXPECT_EQ(policies[0], json({{"id", "MZ-01"}, {"name_zh", "最低生活保障"},
                               {"name_en", "Minimum Living Guarantee (dibao)"},
                               {"department", "MZ"}, {"kind", "monthly"}, {"unit", "household"}}));
  EXPECT_EQ(Call("GET", "/v1/catalog/policies", "").status, 401);
}

TEST_F(ScreeningApi, OnePolicyShowsCriteriaAndDatedParameters) {
  Response r = Call("GET", "/v1/catalog/policies/MZ-01", "cw");
  ASSERT_EQ(r.status, 200);
  json body = Json(r);
  EXPECT_EQ(body["criteria"].size(), 5u);
  EXPECT_EQ(body["criteria"][0]["formula"], "income_pc < std");
  bool found = false;
  for (const auto& p : body["parameters"]) {
    if (p["id"] != "dibao_standard_urban") continue;
    found = true;
    EXPECT_EQ(p["values"], json::parse(R"([{"from":"2023-09-01","value":73500},
        {"from":"2024-07-01","value":75000},{"from":"2025-07-01","value":77000}])"));
  }
  EXPECT_TRUE(found);
  Response missing = Call("GET", "/v1/catalog/policies/XX-99", "cw");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(Json(missing)["code"], "unknown_policy");
}

}  // namespace
}  // namespace lianban::services
