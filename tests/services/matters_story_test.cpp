// The whole story of one joint application over the API: three departments deciding in different
// orders, one request for information, the caseworker supplying it, the joint outcome, and the
// event feed telling the same story to each agency.
#include <nlohmann/json.hpp>

#include "tests/services/matters_fixture.h"

namespace lianban::services {
namespace {

using nlohmann::json;

class MattersStoryTest : public testing::MattersFixture {};

TEST_F(MattersStoryTest, ThreeDepartmentsOneRequestForInformationAndAJointOutcome) {
  auto opened =
      Send(caseworker_, "POST", "/v1/matters",
           json{{"household_id", 7}, {"policy_ids", {"MZ-01", "YB-01", "JW-02", "MZ-10"}}});
  ASSERT_EQ(opened.status, 201) << opened.body.dump();
  const std::string id = std::to_string(opened.body["id"].get<std::int64_t>());
  const std::string base = "/v1/matters/" + id;
  EXPECT_EQ(opened.body["state"], "submitted");
  ASSERT_EQ(opened.body["tasks"].size(), 3u);
  EXPECT_EQ(opened.body["tasks"][0]["department"], "MZ");
  EXPECT_EQ(opened.body["tasks"][0]["policy_ids"], json({"MZ-01", "MZ-10"}));
  // YB-01: 10 working days from Fri 2025-09-26 across 国庆 (Sep 28 and Oct 11 are 调休 workdays).
  EXPECT_EQ(opened.body["tasks"][1]["due_at"], "2025-10-16T23:59:59+08:00");

  // JW decides first, on Monday.
  clock_.Set(kStart + 3 * 86400);
  auto jw = Send(jw_, "POST", base + "/tasks/JW/decision",
                 json{{"decision", "reject"}, {"reason", "no child in compulsory education"}});
  ASSERT_EQ(jw.status, 200) << jw.body.dump();
  EXPECT_EQ(jw.body["state"], "in_review");

  // YB asks for information; the matter waits for the caseworker.
  auto yb = Send(yb_, "POST", base + "/tasks/YB/decision",
                 json{{"decision", "request_info"}, {"reason", "hospital invoices for 2025"}});
  ASSERT_EQ(yb.status, 200);
  EXPECT_EQ(yb.body["state"], "awaiting_info");

  // MZ decides meanwhile, rejecting MZ-10 only.
  auto mz = Send(mz_, "POST", base + "/tasks/MZ/decision",
                 json{{"decision", "approve"},
                      {"reason", "income below the standard"},
                      {"policies",
                       {{{"policy_id", "MZ-10"},
                         {"decision", "reject"},
                         {"reason", "no member is 80 or older"}}}}});
  ASSERT_EQ(mz.status, 200) << mz.body.dump();

  clock_.Set(kStart + 14 * 86400);  // Oct 10
  auto supplied =
      Send(caseworker_, "POST", base + "/supply-info", json{{"note", "invoices uploaded"}});
  ASSERT_EQ(supplied.status, 200) << supplied.body.dump();
  EXPECT_EQ(supplied.body["state"], "in_review");
  // The YB clock restarted: 10 working days from Fri Oct 10: Sat 11 (调休), 13-17, 20-23.
  EXPECT_EQ(supplied.body["tasks"][1]["due_at"], "2025-10-23T23:59:59+08:00");

  auto last = Send(yb_, "POST", base + "/tasks/YB/decision",
                   json{{"decision", "approve"}, {"reason", "dibao household"}});
  ASSERT_EQ(last.status, 200);
  EXPECT_EQ(last.body["state"], "decided");
  const json& outcome = last.body["outcome"];
  ASSERT_EQ(outcome["policies"].size(), 4u);
  EXPECT_EQ(outcome["policies"][0]["policy_id"], "MZ-01");
  EXPECT_EQ(outcome["policies"][0]["decision"], "approved");
  EXPECT_EQ(outcome["policies"][2]["decision"], "rejected");
  EXPECT_EQ(outcome["policies"][2]["reason"], "no child in compulsory education");
  EXPECT_EQ(outcome["policies"][3]["reason"], "no member is 80 or older");

  auto got = Send(supervisor_, "GET", base);
  EXPECT_EQ(got.status, 200);
  EXPECT_EQ(got.body["state"], "decided");

  // The event feed tells the same story. An admin sees everything, in commit order.
  std::vector<std::string> all;
  std::int64_t after = 0;
  while (true) {
    auto page = Send(admin_, "GET", "/v1/events?after=" + std::to_string(after) + "&limit=3");
    ASSERT_EQ(page.status, 200);
    if (page.body["events"].empty()) break;
    for (const auto& e : page.body["events"]) {
      EXPECT_EQ(e["cursor"].get<std::int64_t>(), after + 1);
      after = e["cursor"];
      all.push_back(e["type"].get<std::string>() +
                    (e["department"].is_null() ? "" : "@" + e["department"].get<std::string>()));
    }
    EXPECT_EQ(page.body["next"], after);
  }
  EXPECT_EQ(all, (std::vector<std::string>{
                     "matter.submitted", "task.created@MZ", "task.created@YB", "task.created@JW",
                     "task.in_review@JW", "matter.in_review", "task.decided@JW",
                     "task.in_review@YB", "task.info_requested@YB", "matter.awaiting_info",
                     "task.in_review@MZ", "task.decided@MZ", "matter.in_review",
                     "task.in_review@YB", "task.decided@YB", "matter.decided"}));

  // An agency key sees its department's events and the matter-wide ones, and nothing else.
  auto key = Send(admin_, "POST", "/v1/api-keys", json{{"name", "医保局"}, {"department", "YB"}});
  ASSERT_EQ(key.status, 201) << key.body.dump();
  const domain::Principal agency = Agency(key.body["key"]);
  auto feed = Send(agency, "GET", "/v1/events?after=0&limit=100");
  ASSERT_EQ(feed.status, 200);
  std::vector<std::string> yb_types;
  for (const auto& e : feed.body["events"]) {
    EXPECT_TRUE(e["department"].is_null() || e["department"] == "YB");
    yb_types.push_back(e["type"]);
  }
  EXPECT_EQ(yb_types, (std::vector<std::string>{
                          "matter.submitted", "task.created", "matter.in_review", "task.in_review",
                          "task.info_requested", "matter.awaiting_info", "matter.in_review",
                          "task.in_review", "task.decided", "matter.decided"}));
  auto tw_key =
      Send(admin_, "POST", "/v1/api-keys", json{{"name", "团区委"}, {"department", "TW"}});
  auto tw_feed = Send(Agency(tw_key.body["key"]), "GET", "/v1/events");
  EXPECT_TRUE(tw_feed.body["events"].empty());

  // A revoked key stops working at once.
  ASSERT_EQ(
      Send(admin_, "DELETE", "/v1/api-keys/" + std::to_string(key.body["id"].get<int>())).status,
      204);
  auto revoked = service_->LookupApiKey(key.body["key"].get<std::string>());
  ASSERT_TRUE(revoked.has_value());
  EXPECT_EQ(revoked->error().code, ErrorCode::kUnauthenticated);
}

}  // namespace
}  // namespace lianban::services
