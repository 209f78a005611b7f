// Test fixture for the joint-handling routes: an in-memory store, the real catalog, time limits and
// holiday calendar from seeds/, a FakeClock, a fake screening source (households 7 and 8, each
// with one stored screening, 70 and 80), and a router with the matter and document routes.
// Requests go through the router to the handlers as the server would send them (no sockets).
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "db/api_key_repository.h"
#include "db/database.h"
#include "db/matter_document_repository.h"
#include "db/matter_repository.h"
#include "domain/clock.h"
#include "domain/workflow/deadline.h"
#include "services/catalog_loader.h"
#include "services/handlers/matters_documents.h"
#include "services/handlers/matters_handlers.h"
#include "services/matter_service.h"
#include "services/router.h"
#include "services/workflow_seeds.h"
#include "tests/db/test_sealer.h"

namespace lianban::services::testing {

inline domain::Principal User(domain::Role role, std::string department = "", std::int64_t id = 1) {
  domain::Principal p;
  p.id = id;
  p.role = role;
  p.department = std::move(department);
  p.username = std::string(domain::RoleName(role)) + std::to_string(id);
  return p;
}

class MattersFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::filesystem::path seeds = std::filesystem::path(LIANBAN_SOURCE_DIR) / "seeds";
    calendar_ = LoadHolidays(seeds / "holidays.json").value();
    auto spec = ReadCatalogSpec(seeds / "catalog");
    ASSERT_TRUE(spec.ok()) << spec.error().message;
    std::vector<std::string> departments;
    for (const auto& d : spec->departments) departments.push_back(d.id);
    for (const auto& p : spec->policies) policies_.push_back(p.id);
    db_ = db::Database::Open(":memory:").value();
    sealer_ = std::make_unique<db::testing::TestSealer>(*db_);
    matters_ = std::make_unique<db::MatterRepository>(*db_, sealer_->sealer());
    documents_ = std::make_unique<db::MatterDocumentRepository>(*db_, sealer_->sealer());
    keys_ = std::make_unique<db::ApiKeyRepository>(*db_);
    service_ = std::make_unique<MatterService>(
        *db_, *matters_, *keys_, clock_,
        MakeWorkflowRules(spec->policies,
                          LoadTimeLimits(seeds / "catalog" / "time_limits.json").value(),
                          &calendar_),
        [](std::int64_t id) -> Status {
          if (id == 7 || id == 8) return OkStatus();
          return Error::Make(ErrorCode::kNotFound, "household_not_found", "no such household");
        },
        [this](const domain::Principal&, std::int64_t household, std::optional<std::int64_t> id,
               domain::Date day) { return Screening(household, id, day); },
        departments);
    document_service_ =
        std::make_unique<MatterDocumentService>(*matters_, *documents_, clock_);
    RegisterMatterRoutes(router_, *service_);
    RegisterMatterDocumentRoutes(router_, *document_service_);
  }

  // What the fake screenings find: MZ-01, YB-01 and JW-02 eligible with fixed amounts, every
  // other policy ineligible. Household h has stored screening h*10; nullopt screens anew (id 900+).
  Result<MatterScreening> Screening(std::int64_t household, std::optional<std::int64_t> id,
                                    domain::Date day) {
    if (id && *id != household * 10) {
      return Error::Make(ErrorCode::kInvalidArgument, "unknown_screening", "not this household's");
    }
    if (!id) {
      last_opening_day_ = day;
      id = 900 + new_screenings_++;
    }
    MatterScreening out{std::to_string(*id), {}};
    for (const auto& p : policies_) {
      domain::workflow::ScreenedPolicy r{p, "ineligible", {}, {}};
      if (p == "MZ-01") r = {p, "eligible", {125000, 0, 0}, {0, 1}};
      if (p == "YB-01") r = {p, "eligible", {0, 0, 38000}, {0, 1}};
      if (p == "JW-02") r = {p, "eligible", {0, 0, 62500}, {1}};
      out.results.push_back(r);
    }
    return out;
  }

  // Sends a request as `who` (nullopt: nobody signed in) and returns status and parsed body.
  struct Reply {
    int status = 0;
    nlohmann::json body;
  };
  Reply Send(const std::optional<domain::Principal>& who, std::string method, std::string target,
             const std::string& body = "") {
    Request req;
    req.method = std::move(method);
    req.SetTarget(std::move(target));
    req.body = body;
    if (!body.empty()) req.headers.push_back({"content-type", "application/json"});
    RequestContext ctx;
    if (who) ctx.set_principal(*who);
    auto match = router_.Find(req);
    EXPECT_NE(match.route, nullptr) << req.method << " " << req.path;
    if (match.route == nullptr) return {404, nullptr};
    Response r = match.route->handler(req, ctx);
    Reply out{r.status, nullptr};
    if (!r.body.empty()) out.body = nlohmann::json::parse(r.body);
    return out;
  }
  Reply Send(const std::optional<domain::Principal>& who, std::string method, std::string target,
             const nlohmann::json& body) {
    return Send(who, std::move(method), std::move(target), body.dump());
  }

  // The principal of an agency API key, as the authenticator would produce it.
  domain::Principal Agency(const std::string& key) {
    auto p = service_->LookupApiKey(key);
    EXPECT_TRUE(p.has_value() && p->ok());
    return p->value();
  }

  const std::int64_t kStart =
      domain::workflow::StartOfChinaDay(domain::Date(2025, 9, 26)) + 10 * 3600;
  FakeClock clock_{kStart};
  domain::workflow::WorkingCalendar calendar_;
  std::unique_ptr<db::Database> db_;
  std::unique_ptr<db::testing::TestSealer> sealer_;
  std::unique_ptr<db::MatterRepository> matters_;
  std::unique_ptr<db::MatterDocumentRepository> documents_;
  std::unique_ptr<MatterDocumentService> document_service_;
  std::vector<std::string> policies_;
  std::optional<domain::Date> last_opening_day_;
  int new_screenings_ = 0;
  std::unique_ptr<db::ApiKeyRepository> keys_;
  std::unique_ptr<MatterService> service_;
  Router router_;

  const domain::Principal caseworker_ = User(domain::Role::kCaseworker, "", 1);
  const domain::Principal supervisor_ = User(domain::Role::kSupervisor, "", 2);
  const domain::Principal admin_ = User(domain::Role::kAdmin, "", 3);
  const domain::Principal mz_ = User(domain::Role::kReviewer, "MZ", 11);
  const domain::Principal yb_ = User(domain::Role::kReviewer, "YB", 12);
  const domain::Principal jw_ = User(domain::Role::kReviewer, "JW", 13);
  const domain::Principal tw_ = User(domain::Role::kReviewer, "TW", 14);
};

}  // namespace lianban::services::testing
