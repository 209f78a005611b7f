// GET /v1/reports/consortium over a small history written into the workflow's and registry's
// tables: who may read it, the figures, and the CSV and HTML renderings.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "db/audit_log.h"
#include "db/database.h"
#include "db/matter_sealed.h"
#include "domain/clock.h"
#include "services/authenticator.h"
#include "services/dispatcher.h"
#include "services/handlers/reports_handlers.h"
#include "services/report_render.h"
#include "services/router.h"
#include "tests/db/test_sealer.h"

namespace lianban::services {
namespace {

constexpr std::int64_t kMay1 = 1777564800;  // 2026-05-01T00:00:00+08:00
constexpr std::int64_t kDay = 86400;

class ReportsApi : public ::testing::Test {
 protected:
  ReportsApi() : clock_(kMay1 + 20 * kDay) {
    auto opened = db::Database::Open(":memory:");
    EXPECT_TRUE(opened.ok());
    db_ = std::move(*opened);
    sealer_ = std::make_unique<db::testing::TestSealer>(*db_);
    RegisterReportRoutes(router_, *db_, sealer_->sealer(), nullptr, clock_);
    for (auto [token, role] :
         {std::pair{"aud", domain::Role::kAuditor}, std::pair{"sup", domain::Role::kSupervisor},
          std::pair{"adm", domain::Role::kAdmin}, std::pair{"cw", domain::Role::kCaseworker}}) {
      domain::Principal p;
      p.id = static_cast<std::int64_t>(principals_.size()) + 1;
      p.role = role;
      principals_[token] = p;
    }
    domain::Principal reviewer;
    reviewer.role = domain::Role::kReviewer;
    reviewer.department = "MZ";
    principals_["rev"] = reviewer;
    authenticator_.AddLookup(
        [this](std::string_view token) -> std::optional<Result<domain::Principal>> {
          auto it = principals_.find(std::string(token));
          if (it == principals_.end()) return std::nullopt;
          return Result<domain::Principal>(it->second);
        });
    WriteHistory();
  }

  void Sql(const std::string& sql) { ASSERT_TRUE(db_->Exec(sql).ok()) << sql; }

  void Household(int id, const char* street) {
    Sql("INSERT INTO households (id, version, created_at, updated_at, hukou, street, member_count,"
        " members_minor, members_adult, members_elderly, document) VALUES (" +
        std::to_string(id) + ", 1, 0, 0, 'urban', '" + street + "', 1, 0, 1, 0, x'00')");
  }
  void Matter(int id, int household, std::int64_t submitted, std::int64_t due, const char* state) {
    Sql("INSERT INTO matters (id, household_id, version, state, submitted_at, due_at, updated_at)"
        " VALUES (" +
        std::to_string(id) + ", " + std::to_string(household) + ", 1, '" + state + "', " +
        std::to_string(submitted) + ", " + std::to_string(due) + ", 0)");
  }
  void Task(int matter, const char* dept, const char* policies, std::int64_t due,
            const char* state) {
    Sql(std::string("INSERT INTO matter_tasks (matter_id, task_id, department, position, "
                    "policy_ids, state, time_limit_days, due_at) VALUES (") +
        std::to_string(matter) + ", '" + dept + "', '" + dept + "', 0, '" + policies + "', '" +
        state + "', 5, " + std::to_string(due) + ")");
  }
  void Decision(int matter, const char* dept, const char* policy, const char* verdict,
                std::int64_t at) {
    Sql(std::string("INSERT INTO matter_decisions (matter_id, task_id, policy_id, verdict, reason,"
                    " decided_at) VALUES (") +
        std::to_string(matter) + ", '" + dept + "', '" + policy + "', '" + verdict + "', 'r', " +
        std::to_string(at) + ")");
  }

  void WriteHistory() {
    Household(1, "GYQ");
    Household(2, "HXJ");
    // Matter 1: MZ approves after a day; RS rejects after four days, past its 3-day deadline.
    Matter(1, 1, kMay1 + 1000, kMay1 + 10 * kDay, "decided");
    Task(1, "MZ", "MZ-01", kMay1 + 5 * kDay, "decided");
    Task(1, "RS", "RS-02", kMay1 + 3 * kDay, "decided");
    Decision(1, "MZ", "MZ-01", "approved", kMay1 + 1000 + kDay);
    Decision(1, "RS", "RS-02", "rejected", kMay1 + 1000 + 4 * kDay);
    // Matter 2: still pending.
    Matter(2, 2, kMay1 + 2000, kMay1 + 10 * kDay, "in_review");
    Task(2, "MZ", "MZ-01", kMay1 + 10 * kDay, "pending");
    // Matter 3: opened in April, approved in May.
    Matter(3, 1, kMay1 - kDay, kMay1 + kDay, "closed");
    Task(3, "MZ", "MZ-03", kMay1 + kDay, "decided");
    Decision(3, "MZ", "MZ-03", "approved", kMay1 + 3600);
    for (std::int64_t at : {kMay1 + 50, kMay1 + 60, kMay1 - 10}) {
      ASSERT_TRUE(db::AppendAudit(*db_, db::AuditEntry{at, "user:1", "caseworker", "screening.run",
                                                       "", "ok", "screening"})
                      .ok());
    }
  }

  Response Get(const std::string& target, const std::string& token,
               const std::string& accept = "") {
    Request request;
    request.method = "GET";
    request.SetTarget(target);
    request.headers.emplace_back("authorization", "Bearer " + token);
    if (!accept.empty()) request.headers.emplace_back("accept", accept);
    return Dispatcher(router_, authenticator_).Handle(request);
  }

  // The screening facts a matter rests on, sealed as the matter repository stores them.
  void Screened(int matter, std::vector<domain::workflow::ScreenedPolicy> policies) {
    domain::workflow::Matter m;
    m.screened = std::move(policies);
    ASSERT_TRUE(db::WriteScreened(*db_, sealer_->sealer(), matter, m).ok());
  }

  FakeClock clock_;
  std::unique_ptr<db::Database> db_;
  std::unique_ptr<db::testing::TestSealer> sealer_;
  Router router_;
  Authenticator authenticator_;
  std::map<std::string, domain::Principal> principals_;
};

constexpr char kMay[] = "/v1/reports/consortium?from=2026-05-01&to=2026-05-31";

TEST_F(ReportsApi, AuditorsSupervisorsAndAdminsReadReports) {
  for (const char* token : {"aud", "sup", "adm"}) EXPECT_EQ(Get(kMay, token).status, 200) << token;
  for (const char* token : {"cw", "rev"}) EXPECT_EQ(Get(kMay, token).status, 403) << token;
}

TEST_F(ReportsApi, ReportsThePeriodsFiguresExactly) {
  Response r = Get(kMay, "aud");
  ASSERT_EQ(r.status, 200) << r.body;
  const nlohmann::json body = nlohmann::json::parse(r.body);
  EXPECT_EQ(body["from"], "2026-05-01");
  EXPECT_EQ(body["to"], "2026-05-31");
  EXPECT_EQ(body["amounts_known"], false);
  const nlohmann::json& t = body["total"];
  EXPECT_EQ(t["opened"], 2);
  EXPECT_EQ(t["decided"], 2);
  EXPECT_EQ(t["decisions"], 3);
  EXPECT_EQ(t["approved"], 2);
  EXPECT_EQ(t["approval_rate_permille"], 667);
  EXPECT_EQ(t["median_handling_seconds"], kDay + 3600);  // matter 3
  EXPECT_EQ(t["p90_handling_seconds"], 4 * kDay);        // matter 1
  EXPECT_EQ(t["decided_on_time"], 2);
  EXPECT_EQ(t["on_time_rate_permille"], 1000);
  EXPECT_EQ(t["approved_monthly_fen"], nullptr);  // not known: never a false 0
  EXPECT_EQ(t["screenings"], 2);

  ASSERT_EQ(body["by_department"].size(), 2u);
  const nlohmann::json& mz = body["by_department"][0];
  EXPECT_EQ(mz["department"], "MZ");
  EXPECT_EQ(mz["opened"], 2);
  EXPECT_EQ(mz["decided"], 2);
  EXPECT_EQ(mz["median_handling_seconds"], kDay);
  EXPECT_EQ(mz["p90_handling_seconds"], kDay + 3600);
  const nlohmann::json& rs = body["by_department"][1];
  EXPECT_EQ(rs["department"], "RS");
  EXPECT_EQ(rs["approval_rate_permille"], 0);
  EXPECT_EQ(rs["on_time_rate_permille"], 0);

  ASSERT_EQ(body["by_street"].size(), 2u);
  EXPECT_EQ(body["by_street"][0]["street"], "GYQ");
  EXPECT_EQ(body["by_street"][0]["opened"], 1);
  EXPECT_EQ(body["by_street"][0]["decided"], 2);
  EXPECT_EQ(body["by_street"][1]["street"], "HXJ");
  EXPECT_EQ(body["by_street"][1]["decided"], 0);
  EXPECT_EQ(body["by_policy"].size(), 3u);
}

// With the screenings the matters rest on, approvals carry their amounts and beneficiaries:
// matter 1 approves MZ-01 (members 0 and 1), matter 3 approves MZ-03 (member 0) of the same
// household; RS-02's rejection adds nothing although its screening found an amount.
TEST_F(ReportsApi, ReportsApprovedAmountsAndBeneficiariesFromTheScreenings) {
  using domain::workflow::ScreenedPolicy;
  Screened(1, {ScreenedPolicy{"MZ-01", "eligible", {125000, 0, 0}, {0, 1}},
               ScreenedPolicy{"RS-02", "eligible", {0, 80000, 0}, {1}}});
  Screened(3, {ScreenedPolicy{"MZ-03", "eligible", {0, 50000, 36000}, {0}}});
  Response r = Get(kMay, "aud");
  ASSERT_EQ(r.status, 200) << r.body;
  const nlohmann::json body = nlohmann::json::parse(r.body);
  EXPECT_EQ(body["amounts_known"], true);
  const nlohmann::json& t = body["total"];
  EXPECT_EQ(t["approved_monthly_fen"], 125000);
  EXPECT_EQ(t["approved_once_fen"], 50000);
  EXPECT_EQ(t["approved_yearly_fen"], 36000);
  EXPECT_EQ(t["beneficiaries"], 2);       // members 0 and 1 of household 1
  EXPECT_EQ(t["beneficiary_times"], 3);   // 2 for MZ-01, 1 for MZ-03
  const nlohmann::json& rs = body["by_department"][1];
  EXPECT_EQ(rs["department"], "RS");
  EXPECT_EQ(rs["approved_once_fen"], 0);
  EXPECT_EQ(rs["beneficiaries"], 0);

  Response csv = Get(kMay, "aud", "text/csv");
  EXPECT_NE(csv.body.find("\"125000\",\"50000\",\"36000\",\"2\",\"3\",\"2\"\r\n"),
            std::string::npos)
      << csv.body;
  Response html = Get(kMay, "aud", "text/html");
  EXPECT_NE(html.body.find("<td>1250.00</td>"), std::string::npos) << html.body;
}

TEST_F(ReportsApi, RendersCsvWhenAsked) {
  Response r = Get(kMay, "sup", "text/csv");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "text/csv; charset=utf-8");
  EXPECT_EQ(r.body.substr(0, r.body.find("\r\n")),
            "scope,key,name_zh,opened,decided,decisions,approved,approval_rate_permille,"
            "median_handling_seconds,p90_handling_seconds,decided_on_time,on_time_rate_permille,"
            "approved_monthly_fen,approved_once_fen,approved_yearly_fen,beneficiaries,"
            "beneficiary_times,screenings");
  EXPECT_NE(r.body.find("\"total\",\"2026-05-01..2026-05-31\",\"合计\",\"2\",\"2\",\"3\",\"2\","
                        "\"667\",\"90000\",\"345600\",\"2\",\"1000\",\"\",\"\",\"\",\"\",\"\","
                        "\"2\""),
            std::string::npos)
      << r.body;
  EXPECT_NE(r.body.find("\"department\",\"RS\""), std::string::npos);
}

TEST_F(ReportsApi, RendersASelfContainedHtmlPage) {
  Response r = Get(kMay, "adm", "text/html,application/xhtml+xml");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
  EXPECT_NE(r.body.find("<meta charset=\"utf-8\">"), std::string::npos);
  EXPECT_NE(r.body.find("联办工作报告"), std::string::npos);
  EXPECT_NE(r.body.find("<svg"), std::string::npos);
  EXPECT_NE(r.body.find("66.7%"), std::string::npos);
  EXPECT_EQ(r.body.find("http://"), r.body.find("http://www.w3.org/2000/svg"));  // no assets
  EXPECT_EQ(r.body.find("https://"), std::string::npos);
  EXPECT_EQ(r.body.find("<script"), std::string::npos);
}

TEST_F(ReportsApi, NegotiatesTheFormatByQuality) {
  EXPECT_EQ(Get(kMay, "aud", "application/json, text/csv;q=0.1").content_type, "application/json");
  EXPECT_EQ(Get(kMay, "aud", "text/html;q=0.5, text/csv").content_type, "text/csv; charset=utf-8");
  EXPECT_EQ(Get(kMay, "aud", "text/html,application/xhtml+xml,*/*;q=0.8").content_type,
            "text/html; charset=utf-8");
  EXPECT_EQ(Get(kMay, "aud", "text/csv;q=0").content_type, "application/json");
}

TEST_F(ReportsApi, RejectsABadPeriod) {
  Response r = Get("/v1/reports/consortium?from=2026-06-01&to=2026-05-01", "aud");
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(nlohmann::json::parse(r.body)["code"], "invalid_query");
}

// Households registered without a street are counted in a group whose key is "": it is labelled,
// not left blank, in every format.
TEST(ReportRender, LabelsTheGroupOfHouseholdsWithoutAStreet) {
  domain::ConsortiumReport report;
  report.by_street = {{"", {}}, {"GYQ", {}}};
  report.by_street[0].figures.opened = 3;
  Period period{*domain::Date::FromYmd(2026, 5, 1), *domain::Date::FromYmd(2026, 5, 31), 0, 0};
  const nlohmann::json json = ReportJson(report, period, nullptr);
  EXPECT_EQ(json["by_street"][0]["street"], "");
  EXPECT_EQ(json["by_street"][0]["name_zh"], "未登记镇街");
  EXPECT_EQ(json["by_street"][1]["name_zh"], "");  // no catalog: the code alone
  EXPECT_NE(ReportCsv(report, period, nullptr).find(R"("street","","未登记镇街","3")"),
            std::string::npos);
  EXPECT_NE(ReportHtml(report, period, nullptr).find("未登记镇街"), std::string::npos);
}

}  // namespace
}  // namespace lianban::services
