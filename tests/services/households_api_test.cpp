// The registry's HTTP behaviour: register, read, replace with If-Match, find a person, list.
#include <gtest/gtest.h>

#include "domain/household_generator.h"
#include "tests/services/households_fixture.h"

namespace lianban::services {
namespace {

using nlohmann::json;

class HouseholdsApiTest : public testing::HouseholdsApi {};

TEST_F(HouseholdsApiTest, RegisterAnswers201WithIdETagAndServerFields) {
  Response r = Call("POST", "/v1/households", "cw", testing::HouseholdBody(1).dump());
  ASSERT_EQ(r.status, 201) << r.body;
  const json body = Json(r);
  ASSERT_TRUE(body["id"].is_number_integer());
  EXPECT_EQ(r.Header("ETag"), "\"1\"");
  EXPECT_EQ(r.Header("Location"), "/v1/households/" + std::to_string(body["id"].get<int>()));
  EXPECT_EQ(body["version"], 1);
  EXPECT_EQ(body["created"], "2026-05-28T20:26:40Z");
  EXPECT_EQ(body["updated"], body["created"]);
  EXPECT_EQ(body["members"][0]["name"], "申请人1");
}

TEST_F(HouseholdsApiTest, GetReturnsTheHouseholdDecryptedWithItsETag) {
  const json created = Register(1);
  Response r = Call("GET", "/v1/households/" + created["id"].dump(), "sup");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Header("ETag"), "\"1\"");
  json expected = testing::HouseholdBody(1);
  const json body = Json(r);
  EXPECT_EQ(body["members"][1]["name"], "孩子1");
  EXPECT_EQ(body["members"][0]["id_number"], expected["members"][0]["id_number"]);
  EXPECT_EQ(body["assets"], expected["assets"]);
  EXPECT_EQ(body, created);
}

// GET writes the stored document as it is (RenderStoredHousehold); it must be the same JSON value
// as decoding and encoding it, for every shape of household the generator makes.
TEST_F(HouseholdsApiTest, TheStoredDocumentIsTheDecodedHouseholdForGeneratedHouseholds) {
  const domain::Principal& who = principals_.at("sup");
  for (std::uint64_t i = 0; i < 300; ++i) {
    auto registered = service_.Register(who, domain::GenerateHousehold(11, i));
    if (!registered.ok()) continue;  // the generator repeats an ID number now and then
    auto decoded = service_.Get(who, registered->id);
    auto stored = service_.GetStored(who, registered->id);
    ASSERT_TRUE(decoded.ok() && stored.ok());
    auto text = RenderStoredHousehold(*stored);
    ASSERT_TRUE(text.ok());
    EXPECT_EQ(json::parse(*text), RenderHousehold(*decoded)) << "household " << i;
  }
}

TEST_F(HouseholdsApiTest, AStoredDocumentThatIsNotAnObjectIs500) {
  for (const char* document : {"", "{}", "[1]", "null"}) {
    auto text = RenderStoredHousehold(db::StoredHousehold{1, 1, 0, 0, document});
    ASSERT_FALSE(text.ok()) << document;
    EXPECT_EQ(text.error().reason, "stored_document_invalid");
  }
}

TEST_F(HouseholdsApiTest, UnknownOrMalformedHouseholdIdIs404) {
  Register(1);
  for (const char* id : {"999", "abc", "01", "-1", "1.0"}) {
    Response r = Call("GET", std::string("/v1/households/") + id, "cw");
    EXPECT_EQ(r.status, 404) << id;
    EXPECT_EQ(Json(r)["code"], "household_not_found") << id;
  }
}

TEST_F(HouseholdsApiTest, ReviewerWithoutTaskGets404WithoutPersonalData) {
  const json created = Register(1);
  Response r = Call("GET", "/v1/households/" + created["id"].dump(), "rev");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(Json(r)["code"], "household_not_found");
  EXPECT_EQ(r.body.find("申请人"), std::string::npos);
  Response list = Call("GET", "/v1/households", "rev");
  ASSERT_EQ(list.status, 200);
  EXPECT_TRUE(Json(list)["households"].empty());
}

TEST_F(HouseholdsApiTest, RolesThatMayNotTouchHouseholdsAreForbidden) {
  const json created = Register(1);
  EXPECT_EQ(Call("GET", "/v1/households/" + created["id"].dump(), "adm").status, 403);
  EXPECT_EQ(Call("POST", "/v1/households", "sup", testing::HouseholdBody(2).dump()).status, 403);
  EXPECT_EQ(Call("GET", "/v1/households/" + created["id"].dump(), "").status, 401);
}

TEST_F(HouseholdsApiTest, EachFieldErrorIs422WithItsJsonPath) {
  struct Case {
    std::function<void(json&)> edit;
    std::string code;
    std::string path;
  };
  const std::vector<Case> cases = {
      {[](json& b) { b["members"][0]["id_number"] = "500105197001010000"; },
       "invalid_id_number", "household.members[0].id_number"},
      {[](json& b) { b["members"][1]["nickname"] = "x"; }, "unknown_field",
       "household.members[1].nickname"},
      {[](json& b) { b.erase("hukou"); }, "missing_field", "household.hukou"},
      {[](json& b) { b["street"] = "NOWHERE"; }, "invalid_enum", "household.street"},
      {[](json& b) { b["assets"]["deposits_fen"] = -1; }, "negative_value",
       "household.assets.deposits_fen"},
      {[](json& b) { b["members"][1]["id_number"] = b["members"][0]["id_number"]; },
       "duplicate_member", "household.members[1].id_number"},
      {[](json& b) { b["id"] = 1; }, "unknown_field", "household.id"},
  };
  for (const Case& c : cases) {
    json body = testing::HouseholdBody(1);
    c.edit(body);
    Response r = Call("POST", "/v1/households", "cw", body.dump());
    ASSERT_EQ(r.status, 422) << c.code << r.body;
    const json problem = Json(r);
    EXPECT_EQ(problem["code"], c.code);
    ASSERT_EQ(problem["errors"].size(), 1u) << r.body;
    EXPECT_EQ(problem["errors"][0]["path"], c.path);
  }
  // Nothing was stored by the refused requests.
  EXPECT_TRUE(Json(Call("GET", "/v1/households", "cw"))["households"].empty());
}

TEST_F(HouseholdsApiTest, MalformedOrNonJsonBodyIsRefusedBeforeDecoding) {
  EXPECT_EQ(Call("POST", "/v1/households", "cw", "{\"hukou\":").status, 400);
  EXPECT_EQ(Call("POST", "/v1/households", "cw", R"({"hukou":"urban","hukou":"rural"})").status,
            400);
}

TEST_F(HouseholdsApiTest, PersonInAnotherHouseholdIs409WithoutTheOtherHousehold) {
  const json first = Register(1);
  json second = testing::HouseholdBody(2);
  second["members"][1]["id_number"] = testing::HouseholdBody(1)["members"][1]["id_number"];
  Response r = Call("POST", "/v1/households", "cw", second.dump());
  ASSERT_EQ(r.status, 409);
  const json problem = Json(r);
  EXPECT_EQ(problem["code"], "duplicate_person");
  EXPECT_EQ(problem["errors"][0]["path"], "household.members[1].id_number");
  EXPECT_EQ(r.body.find("孩子1"), std::string::npos);
  EXPECT_EQ(r.body.find("household:" + first["id"].dump()), std::string::npos);
  EXPECT_EQ(r.body.find("\"household_id\""), std::string::npos);
}

TEST_F(HouseholdsApiTest, PutWithoutIfMatchIs428) {
  const json created = Register(1);
  Response r = Call("PUT", "/v1/households/" + created["id"].dump(), "cw",
                    testing::HouseholdBody(1).dump());
  EXPECT_EQ(r.status, 428);
  EXPECT_EQ(Json(r)["code"], "precondition_required");
  Response star = Call("PUT", "/v1/households/" + created["id"].dump(), "cw",
                       testing::HouseholdBody(1).dump(), {{"if-match", "*"}});
  EXPECT_EQ(star.status, 428);
}

TEST_F(HouseholdsApiTest, PutWithCurrentETagReplacesAndStaleETagIs412) {
  const json created = Register(1);
  const std::string path = "/v1/households/" + created["id"].dump();
  json changed = testing::HouseholdBody(1);
  changed["members"][0]["monthly_income_fen"] = 12345;
  clock_.Advance(3600);
  Response ok = Call("PUT", path, "cw", changed.dump(), {{"if-match", "\"1\""}});
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.Header("ETag"), "\"2\"");
  EXPECT_EQ(Json(ok)["updated"], "2026-05-28T21:26:40Z");
  EXPECT_EQ(Json(ok)["created"], "2026-05-28T20:26:40Z");

  Response stale = Call("PUT", path, "cw", testing::HouseholdBody(1).dump(),
                        {{"if-match", "\"1\""}});
  EXPECT_EQ(stale.status, 412);
  EXPECT_EQ(Json(stale)["code"], "stale_version");
  Response garbage = Call("PUT", path, "cw", testing::HouseholdBody(1).dump(),
                          {{"if-match", "W/\"2\""}});
  EXPECT_EQ(garbage.status, 412);
  EXPECT_EQ(Json(Call("GET", path, "cw"))["members"][0]["monthly_income_fen"], 12345);
}

TEST_F(HouseholdsApiTest, PutOfUnknownHouseholdIs404) {
  Response r = Call("PUT", "/v1/households/77", "cw", testing::HouseholdBody(1).dump(),
                    {{"if-match", "\"1\""}});
  EXPECT_EQ(r.status, 404);
}

TEST_F(HouseholdsApiTest, PersonLookupFindsTheHouseholdThroughTheBlindIndex) {
  const json created = Register(1);
  const std::string id = testing::HouseholdBody(1)["members"][1]["id_number"];
  Response r = Call("GET", "/v1/persons?id_number=" + id, "aud");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Json(r), json({{"household_id", created["id"]}}));
  Response missing = Call("GET", "/v1/persons?id_number=" + testing::IdNumber("19990101", 5), "cw");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(Json(missing)["code"], "person_not_found");
  Response invalid = Call("GET", "/v1/persons?id_number=123", "cw");
  EXPECT_EQ(invalid.status, 422);
  EXPECT_EQ(Json(invalid)["code"], "invalid_id_number");
  EXPECT_EQ(Call("GET", "/v1/persons?id_number=" + id, "rev").status, 403);
}

TEST_F(HouseholdsApiTest, ListPagesWithCursorAndFilters) {
  for (int n = 1; n <= 5; ++n) Register(n, n <= 3 ? "YZ" : "WB");
  Response first = Call("GET", "/v1/households?street=YZ&limit=2", "cw");
  ASSERT_EQ(first.status, 200) << first.body;
  const json page1 = Json(first);
  ASSERT_EQ(page1["households"].size(), 2u);
  EXPECT_EQ(page1["households"][0]["street"], "YZ");
  EXPECT_EQ(page1["households"][0]["member_count"], 2);
  EXPECT_EQ(page1["households"][0]["statuses"], json({"dibao"}));
  EXPECT_EQ(page1["households"][0].find("members"), page1["households"][0].end());
  ASSERT_TRUE(page1["next"].is_string());
  const json page2 = Json(Call("GET", "/v1/households?street=YZ&limit=2&cursor=" +
                                          page1["next"].get<std::string>(), "cw"));
  ASSERT_EQ(page2["households"].size(), 1u);
  EXPECT_TRUE(page2["next"].is_null());
  EXPECT_EQ(Json(Call("GET", "/v1/households?status=tekun", "cw"))["households"].size(), 0u);
  EXPECT_EQ(Call("GET", "/v1/households?street=MARS", "cw").status, 422);
  EXPECT_EQ(Call("GET", "/v1/households?limit=0", "cw").status, 422);
}

}  // namespace
}  // namespace lianban::services
