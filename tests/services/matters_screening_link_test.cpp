// A matter rests on a screening of its household: a stored one named by screening_id, or a new
// one made as of the opening day; its amounts and beneficiaries reach the joint outcome.
#include <nlohmann/json.hpp>

#include "tests/services/matters_fixture.h"

namespace lianban::services {
namespace {

using nlohmann::json;

class MattersScreeningLinkTest : public testing::MattersFixture {};

TEST_F(MattersScreeningLinkTest, WithoutAScreeningIdTheHouseholdIsScreenedOnTheOpeningDay) {
  clock_.Set(domain::workflow::StartOfChinaDay(domain::Date(2025, 9, 27)) + 3600);  // 01:00 CST
  auto opened = Send(caseworker_, "POST", "/v1/matters",
                     json{{"household_id", 7}, {"policy_ids", {"MZ-01", "MZ-10"}}});
  ASSERT_EQ(opened.status, 201) << opened.body.dump();
  EXPECT_EQ(last_opening_day_, domain::Date(2025, 9, 27));  // the CST day, not the UTC one
  EXPECT_EQ(opened.body["screening"]["id"], 900);
  // A policy the screening found ineligible is allowed, and recorded as such.
  EXPECT_EQ(opened.body["screening"]["policies"],
            json::parse(R"([{"policy_id":"MZ-01","status":"eligible"},
                            {"policy_id":"MZ-10","status":"ineligible"}])"));
}

TEST_F(MattersScreeningLinkTest, AStoredScreeningOfTheHouseholdIsUsed) {
  auto opened = Send(caseworker_, "POST", "/v1/matters",
                     json{{"household_id", 8}, {"policy_ids", {"JW-02"}}, {"screening_id", 80}});
  ASSERT_EQ(opened.status, 201) << opened.body.dump();
  EXPECT_EQ(opened.body["screening"]["id"], 80);
  EXPECT_FALSE(last_opening_day_.has_value());  // nothing screened anew
}

TEST_F(MattersScreeningLinkTest, AScreeningOfAnotherHouseholdOrUnknownIs422) {
  for (const json& id : {json(80), json(12345), json(0)}) {
    auto r = Send(caseworker_, "POST", "/v1/matters",
                  json{{"household_id", 7}, {"policy_ids", {"MZ-01"}}, {"screening_id", id}});
    EXPECT_EQ(r.status, 422) << id;
    EXPECT_EQ(r.body["code"], "unknown_screening") << id;
  }
  auto text = Send(caseworker_, "POST", "/v1/matters",
                   json{{"household_id", 7}, {"policy_ids", {"MZ-01"}}, {"screening_id", "70"}});
  EXPECT_EQ(text.status, 422);
  EXPECT_EQ(text.body["code"], "invalid_type");
}

TEST_F(MattersScreeningLinkTest, AMissingOrMistypedPolicyListIs422WithItsOwnCode) {
  auto missing = Send(caseworker_, "POST", "/v1/matters", json{{"household_id", 7}});
  EXPECT_EQ(missing.status, 422);
  EXPECT_EQ(missing.body["code"], "missing_field") << missing.body.dump();
  EXPECT_EQ(missing.body["errors"][0]["path"], "policy_ids");
  auto mistyped =
      Send(caseworker_, "POST", "/v1/matters", json{{"household_id", 7}, {"policy_ids", "MZ-01"}});
  EXPECT_EQ(mistyped.status, 422);
  EXPECT_EQ(mistyped.body["code"], "invalid_type");
}

TEST_F(MattersScreeningLinkTest, TheJointOutcomeCarriesTheScreeningsAmountsAndBeneficiaries) {
  auto opened = Send(
      caseworker_, "POST", "/v1/matters",
      json{{"household_id", 7}, {"policy_ids", {"MZ-01", "YB-01", "MZ-10"}}, {"screening_id", 70}});
  ASSERT_EQ(opened.status, 201);
  const std::string base = "/v1/matters/" + std::to_string(opened.body["id"].get<int>());
  ASSERT_EQ(Send(yb_, "POST", base + "/tasks/YB/decision",
                 json{{"decision", "reject"}, {"reason", "covered elsewhere"}})
                .status,
            200);
  auto last = Send(mz_, "POST", base + "/tasks/MZ/decision",
                   json{{"decision", "approve"}, {"reason", "income below the standard"}});
  ASSERT_EQ(last.status, 200);
  EXPECT_EQ(last.body["outcome"]["policies"], json::parse(R"([
    {"policy_id":"MZ-01","department":"MZ","decision":"approved","reason":"income below the standard",
     "amount":{"monthly_fen":125000,"once_fen":0,"yearly_fen":0},"beneficiaries":[0,1],
     "screening_status":"eligible"},
    {"policy_id":"YB-01","department":"YB","decision":"rejected","reason":"covered elsewhere",
     "amount":{"monthly_fen":0,"once_fen":0,"yearly_fen":0},"beneficiaries":[],
     "screening_status":"eligible"},
    {"policy_id":"MZ-10","department":"MZ","decision":"approved","reason":"income below the standard",
     "amount":{"monthly_fen":0,"once_fen":0,"yearly_fen":0},"beneficiaries":[],
     "screening_status":"ineligible"}])"));
  EXPECT_EQ(last.body["outcome"]["total"],
            json::parse(R"({"monthly_fen":125000,"once_fen":0,"yearly_fen":0})"));
}

}  // namespace
}  // namespace lianban::services
