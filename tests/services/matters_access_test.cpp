// Every illegal transition and cross-department access over the API.
#include <nlohmann/json.hpp>
#include <thread>

#include "tests/services/matters_fixture.h"

namespace lianban::services {
namespace {

using nlohmann::json;

class MattersAccessTest : public testing::MattersFixture {
 protected:
  std::string Open(json policies = {"MZ-01", "YB-01"}) {
    auto r = Send(caseworker_, "POST", "/v1/matters",
                  json{{"household_id", 7}, {"policy_ids", policies}});
    EXPECT_EQ(r.status, 201) << r.body.dump();
    return "/v1/matters/" + std::to_string(r.body["id"].get<std::int64_t>());
  }
  Reply Decide(const domain::Principal& who, const std::string& base, const std::string& task,
               const std::string& decision) {
    return Send(who, "POST", base + "/tasks/" + task + "/decision",
                json{{"decision", decision}, {"reason", "because"}});
  }
};

TEST_F(MattersAccessTest, AnotherDepartmentsReviewerGets403) {
  const std::string base = Open();
  auto r = Decide(yb_, base, "MZ", "approve");
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.body["code"], "forbidden_department");
  EXPECT_EQ(Decide(tw_, base, "YB", "request_info").status, 403);
}

TEST_F(MattersAccessTest, OnlyReviewersDecideAndOnlyCaseworkersOpenAndSupply) {
  const std::string base = Open();
  EXPECT_EQ(Decide(caseworker_, base, "MZ", "approve").status, 403);
  EXPECT_EQ(Decide(supervisor_, base, "MZ", "approve").status, 403);
  EXPECT_EQ(Decide(admin_, base, "MZ", "approve").status, 403);
  EXPECT_EQ(
      Send(mz_, "POST", "/v1/matters", json{{"household_id", 7}, {"policy_ids", {"MZ-01"}}}).status,
      403);
  EXPECT_EQ(Send(mz_, "POST", base + "/supply-info", json{{"note", "x"}}).status, 403);
  EXPECT_EQ(Send(std::nullopt, "GET", base).status, 401);
}

TEST_F(MattersAccessTest, AReviewerSeesOnlyMattersWhereItsDepartmentHasATask) {
  const std::string base = Open();
  EXPECT_EQ(Send(mz_, "GET", base).status, 200);
  auto other = Send(tw_, "GET", base);
  EXPECT_EQ(other.status, 404);
  EXPECT_EQ(other.body["code"], "matter_not_found");
  EXPECT_EQ(Send(admin_, "GET", base).status, 403);  // admins read no case data
  EXPECT_EQ(Send(caseworker_, "GET", "/v1/matters/999").status, 404);
}

TEST_F(MattersAccessTest, DecidingADecidedTaskIs409NamingTheAllowedEvents) {
  const std::string base = Open();
  ASSERT_EQ(Decide(mz_, base, "MZ", "approve").status, 200);
  auto again = Decide(mz_, base, "MZ", "reject");
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(again.body["code"], "illegal_transition");
  EXPECT_EQ(again.body["detail"], "a task in state decided cannot decide; allowed: none");
}

TEST_F(MattersAccessTest, ATaskAwaitingInformationCannotBeDecided) {
  const std::string base = Open();
  ASSERT_EQ(Decide(mz_, base, "MZ", "request_info").status, 200);
  auto r = Decide(mz_, base, "MZ", "approve");
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.body["detail"],
            "a task in state info_requested cannot decide; allowed: info_supplied");
}

TEST_F(MattersAccessTest, SupplyingInformationNobodyAskedForIs409) {
  const std::string base = Open();
  auto r = Send(caseworker_, "POST", base + "/supply-info", json{{"note", "x"}});
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.body["detail"],
            "a matter in state submitted cannot supply_info; allowed: start_review, withdraw");
}

TEST_F(MattersAccessTest, AWithdrawnMatterTakesNoMoreDecisions) {
  const std::string base = Open();
  ASSERT_EQ(Send(caseworker_, "POST", base + "/withdraw", json{{"reason", "moved"}}).status, 200);
  auto r = Decide(mz_, base, "MZ", "approve");
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.body["code"], "illegal_transition");
  EXPECT_EQ(Send(caseworker_, "POST", base + "/withdraw", json{{"reason", "again"}}).status, 409);
}

TEST_F(MattersAccessTest, ApprovalWaitsForAMaterialAcceptedAsMissing) {
  auto r = Send(caseworker_, "POST", "/v1/matters",
                json{{"household_id", 7},
                     {"policy_ids", {"MZ-01"}},
                     {"missing_materials", {{{"name", "收入证明"}, {"supply_by", "2025-10-09"}}}}});
  ASSERT_EQ(r.status, 201) << r.body.dump();
  const std::string base = "/v1/matters/" + std::to_string(r.body["id"].get<std::int64_t>());
  EXPECT_EQ(Decide(mz_, base, "MZ", "approve").body["code"], "materials_outstanding");
  ASSERT_EQ(Send(caseworker_, "POST", base + "/materials", json{{"name", "收入证明"}}).status, 200);
  EXPECT_EQ(Send(caseworker_, "POST", base + "/materials", json{{"name", "收入证明"}}).status, 409);
  EXPECT_EQ(Decide(mz_, base, "MZ", "approve").body["state"], "decided");
}

TEST_F(MattersAccessTest, RejectsBadBodies) {
  auto state = Send(caseworker_, "POST", "/v1/matters",
                    json{{"household_id", 7}, {"policy_ids", {"MZ-01"}}, {"state", "decided"}});
  EXPECT_EQ(state.status, 422);
  EXPECT_EQ(state.body["code"], "unknown_field");
  auto unknown = Send(caseworker_, "POST", "/v1/matters",
                      json{{"household_id", 7}, {"policy_ids", {"MZ-01", "XX-01"}}});
  EXPECT_EQ(unknown.status, 422);
  EXPECT_EQ(unknown.body["errors"][0]["path"], "policy_ids[1]");
  EXPECT_EQ(Send(caseworker_, "POST", "/v1/matters",
                 json{{"household_id", 99}, {"policy_ids", {"MZ-01"}}})
                .status,
            404);
  const std::string base = Open();
  EXPECT_EQ(
      Send(mz_, "POST", base + "/tasks/MZ/decision", json{{"decision", "maybe"}, {"reason", "x"}})
          .status,
      422);
  EXPECT_EQ(Send(mz_, "POST", base + "/tasks/MZ/decision", json{{"decision", "approve"}}).status,
            422);
  EXPECT_EQ(Send(mz_, "POST", base + "/tasks/MZ/decision", std::string("{\"decision\":")).status,
            400);
}

TEST_F(MattersAccessTest, EventsAndApiKeysAreForAgenciesAndAdmins) {
  Open();
  EXPECT_EQ(Send(mz_, "GET", "/v1/events").status, 403);
  EXPECT_EQ(Send(caseworker_, "GET", "/v1/events").status, 403);
  EXPECT_EQ(Send(admin_, "GET", "/v1/events?limit=0").status, 422);
  EXPECT_EQ(Send(admin_, "GET", "/v1/events?after=-1").status, 422);
  EXPECT_EQ(
      Send(caseworker_, "POST", "/v1/api-keys", json{{"name", "x"}, {"department", "MZ"}}).status,
      403);
  auto bad = Send(admin_, "POST", "/v1/api-keys", json{{"name", "x"}, {"department", "XX"}});
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(Send(admin_, "DELETE", "/v1/api-keys/12345").status, 404);
  auto key = Send(admin_, "POST", "/v1/api-keys", json{{"name", "x"}, {"department", "MZ"}});
  const domain::Principal agency = Agency(key.body["key"]);
  EXPECT_EQ(Send(agency, "GET", "/v1/matters/1").status, 403);
  EXPECT_EQ(Send(agency, "GET", "/v1/events").status, 200);
}

TEST_F(MattersAccessTest, TwoReviewersDecidingTheSameTaskAtOnceExactlyOneWins) {
  for (int round = 0; round < 10; ++round) {
    const std::string base = Open({"MZ-01"});
    const domain::Principal mz2 = testing::User(domain::Role::kReviewer, "MZ", 21);
    Reply a, b;
    std::thread t1([&] { a = Decide(mz_, base, "MZ", "approve"); });
    std::thread t2([&] { b = Decide(mz2, base, "MZ", "reject"); });
    t1.join();
    t2.join();
    EXPECT_EQ((a.status == 200) + (b.status == 200), 1) << a.status << " " << b.status;
    const Reply& loser = a.status == 200 ? b : a;
    EXPECT_EQ(loser.status, 409);
    EXPECT_TRUE(loser.body["code"] == "concurrent_update" ||
                loser.body["code"] == "illegal_transition");
  }
}

}  // namespace
}  // namespace lianban::services
