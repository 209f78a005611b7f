#include "services/household_json.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "domain/id_number.h"

namespace lianban::services {
namespace {

using nlohmann::json;
using Violations = std::vector<std::pair<std::string, std::string>>;  // {path, code}

json ValidHousehold() {
  return json::parse(R"({
    "hukou": "urban",
    "street": "GYQ",
    "members": [
      {"id_number": "500105198001011230", "name": "王建国", "relation": "self",
       "monthly_income_fen": 120000, "employment": "flexible"},
      {"id_number": "500105198506150041", "name": "李秀英", "relation": "spouse",
       "disability": {"category": "physical", "grade": 2}, "self_care": "partial"},
      {"id_number": "500105201003010033", "name": "王小明", "relation": "child",
       "education_stage": "junior", "boarding": true}
    ],
    "assets": {"deposits_fen": 500000, "homes": 1},
    "expenses_12m": {"medical_fen": 2000000},
    "housing": {"owns_home": true, "per_capita_area_m2": 18.5},
    "events": {},
    "statuses": ["dibao"]
  })");
}

// "/members/0/name" -> "household.members[0].name"
std::string PathOf(const std::string& pointer) {
  std::string path = "household";
  std::size_t start = 1;
  while (start <= pointer.size()) {
    std::size_t end = pointer.find('/', start);
    if (end == std::string::npos) end = pointer.size();
    const std::string token = pointer.substr(start, end - start);
    const bool index = !token.empty() && token.find_first_not_of("0123456789") == std::string::npos;
    path += index ? "[" + token + "]" : "." + token;
    start = end + 1;
  }
  return path;
}

// A valid ID number of a boy born 2010-03-01 with sequence number `sequence` (1..499).
std::string ChildId(int sequence) {
  char first17[18];
  std::snprintf(first17, sizeof first17, "50010520100301%03d", sequence * 2 - 1);
  return std::string(first17) + domain::ComputeIdCheckCharacter(first17);
}

// Decodes `household`, expects exactly one violation and that the error's reason is its code.
void ExpectSingle(const json& household, const std::string& path, const std::string& code) {
  auto r = DecodeHousehold(household);
  ASSERT_FALSE(r.ok()) << household.dump();
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.error().reason, code) << household.dump();
  ASSERT_EQ(r.error().fields.size(), 1u) << household.dump();
  EXPECT_EQ(r.error().fields[0].path, path);
  EXPECT_EQ(r.error().fields[0].code, code);
}

TEST(HouseholdJsonTest, DecodesAValidHouseholdWithDerivedFacts) {
  auto r = DecodeHousehold(ValidHousehold());
  ASSERT_TRUE(r.ok()) << r.error().message;
  const auto& h = *r;
  EXPECT_EQ(h.hukou, domain::Hukou::kUrban);
  EXPECT_EQ(h.street, "GYQ");
  ASSERT_EQ(h.members.size(), 3u);
  EXPECT_EQ(h.members[0].birth, domain::Date(1980, 1, 1));
  EXPECT_FALSE(h.members[0].female);
  EXPECT_TRUE(h.members[1].female);
  EXPECT_EQ(h.members[0].employment, domain::Employment::kFlexible);
  ASSERT_TRUE(h.members[1].disability.has_value());
  EXPECT_EQ(h.members[1].disability->grade, 2);
  EXPECT_EQ(h.members[1].self_care, domain::SelfCare::kPartial);
  EXPECT_EQ(h.members[2].education_stage, domain::EducationStage::kJunior);
  EXPECT_EQ(h.assets.deposits_fen, 500000);
  EXPECT_FALSE(h.assets.vehicle_value_fen.has_value());
  EXPECT_DOUBLE_EQ(*h.housing.per_capita_area_m2, 18.5);
  EXPECT_FALSE(h.events.disaster.has_value());
  EXPECT_TRUE(h.HasStatus(domain::HouseholdStatus::kDibao));
}

TEST(HouseholdJsonTest, AppliesMemberDefaults) {
  auto r = DecodeHousehold(ValidHousehold());
  ASSERT_TRUE(r.ok());
  const auto& m = r->members[2];
  EXPECT_EQ(m.monthly_income_fen, 0);
  EXPECT_EQ(m.employment, domain::Employment::kNone);
  EXPECT_EQ(m.self_care, domain::SelfCare::kFull);
  EXPECT_FALSE(m.disability.has_value());
  EXPECT_TRUE(m.capable_supporter);
  EXPECT_TRUE(m.insured_resident_medical);
  EXPECT_FALSE(m.serious_illness);
}

TEST(HouseholdJsonTest, NormalisesLowerCaseXInIdNumbers) {
  json j = ValidHousehold();
  j["members"][0]["id_number"] = "11010519491231002x";
  auto r = DecodeHousehold(j);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->members[0].id_number, "11010519491231002X");
}

TEST(HouseholdJsonTest, EmptyOptionalObjectsMeanAbsent) {
  json j = ValidHousehold();
  j["assets"] = json::object();
  j["housing"] = json::object();
  auto r = DecodeHousehold(j);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->assets.deposits_fen.has_value());
  EXPECT_FALSE(r->housing.owns_home.has_value());
  EXPECT_FALSE(EncodeHousehold(*r).contains("assets"));
}

TEST(HouseholdJsonTest, UnknownFieldAtEveryLevel) {
  const std::vector<std::pair<json::json_pointer, std::string>> cases = {
      {json::json_pointer("/income"), "household.income"},
      {json::json_pointer("/members/1/age"), "household.members[1].age"},
      {json::json_pointer("/members/1/disability/level"), "household.members[1].disability.level"},
      {json::json_pointer("/assets/cars"), "household.assets.cars"},
      {json::json_pointer("/expenses_12m/rent_fen"), "household.expenses_12m.rent_fen"},
      {json::json_pointer("/housing/floor"), "household.housing.floor"},
      {json::json_pointer("/events/flood"), "household.events.flood"}};
  for (const auto& [pointer, path] : cases) {
    json j = ValidHousehold();
    j[pointer] = true;
    ExpectSingle(j, path, "unknown_field");
  }
}

TEST(HouseholdJsonTest, MissingRequiredFields) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"/hukou", "household.hukou"},
      {"/members", "household.members"},
      {"/members/2/id_number", "household.members[2].id_number"},
      {"/members/2/name", "household.members[2].name"},
      {"/members/2/relation", "household.members[2].relation"},
      {"/members/1/disability/category", "household.members[1].disability.category"},
      {"/members/1/disability/grade", "household.members[1].disability.grade"}};
  for (const auto& [pointer, path] : cases) {
    json j = ValidHousehold();
    j.at(json::json_pointer(pointer).parent_pointer()).erase(json::json_pointer(pointer).back());
    ExpectSingle(j, path, "missing_field");
  }
}

TEST(HouseholdJsonTest, WrongJsonTypes) {
  const std::vector<std::tuple<std::string, json, std::string>> cases = {
      {"/members/0/monthly_income_fen", "120000", "household.members[0].monthly_income_fen"},
      {"/members/0/monthly_income_fen", 1.5, "household.members[0].monthly_income_fen"},
      {"/members/0/monthly_income_fen", 1.0, "household.members[0].monthly_income_fen"},
      {"/members/0/monthly_income_fen", nullptr, "household.members[0].monthly_income_fen"},
      {"/members/0/serious_illness", 1, "household.members[0].serious_illness"},
      {"/members/0/capable_supporter", "true", "household.members[0].capable_supporter"},
      {"/members/0/name", 42, "household.members[0].name"},
      {"/members/0/id_number", 500105198001011230LL, "household.members[0].id_number"},
      {"/members/1/disability/grade", 2.0, "household.members[1].disability.grade"},
      {"/members/1/disability", "physical", "household.members[1].disability"},
      {"/hukou", nullptr, "household.hukou"},
      {"/street", nullptr, "household.street"},
      {"/members", json::object(), "household.members"},
      {"/assets", nullptr, "household.assets"},
      {"/assets", json::array(), "household.assets"},
      {"/assets/homes", "1", "household.assets.homes"},
      {"/housing/per_capita_area_m2", "18.5", "household.housing.per_capita_area_m2"},
      {"/events/disaster", 0, "household.events.disaster"},
      {"/statuses", "dibao", "household.statuses"},
      {"/statuses/0", 1, "household.statuses[0]"}};
  for (const auto& [pointer, value, path] : cases) {
    json j = ValidHousehold();
    j[json::json_pointer(pointer)] = value;
    ExpectSingle(j, path, "invalid_type");
  }
}

TEST(HouseholdJsonTest, ParsedOnePointZeroIsNotAnInteger) {
  json j = ValidHousehold();
  j["members"][0]["monthly_income_fen"] = json::parse("1.0");
  ExpectSingle(j, "household.members[0].monthly_income_fen", "invalid_type");
  j["members"][0]["monthly_income_fen"] = json::parse("1e3");
  ExpectSingle(j, "household.members[0].monthly_income_fen", "invalid_type");
}

TEST(HouseholdJsonTest, MemberThatIsNotAnObject) {
  json j = ValidHousehold();
  j["members"][2] = "王小明";
  // The child's relation is gone but the applicant is still unique: only the type is wrong.
  ExpectSingle(j, "household.members[2]", "invalid_type");
}

TEST(HouseholdJsonTest, NullIsAllowedForDisabilityAndEducationStage) {
  json j = ValidHousehold();
  j["members"][1]["disability"] = nullptr;
  j["members"][2]["education_stage"] = nullptr;
  auto r = DecodeHousehold(j);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->members[1].disability.has_value());
  EXPECT_FALSE(r->members[2].education_stage.has_value());
}

TEST(HouseholdJsonTest, InvalidEnums) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"/hukou", "household.hukou"},
      {"/street", "household.street"},
      {"/members/1/relation", "household.members[1].relation"},
      {"/members/0/employment", "household.members[0].employment"},
      {"/members/1/self_care", "household.members[1].self_care"},
      {"/members/2/education_stage", "household.members[2].education_stage"},
      {"/members/1/disability/category", "household.members[1].disability.category"},
      {"/statuses/0", "household.statuses[0]"}};
  for (const auto& [pointer, path] : cases) {
    json j = ValidHousehold();
    j[json::json_pointer(pointer)] = "Urban";
    ExpectSingle(j, path, "invalid_enum");
  }
}

TEST(HouseholdJsonTest, NegativeValues) {
  const std::vector<std::pair<std::string, json>> cases = {{"/members/0/monthly_income_fen", -1},
                                                           {"/members/0/unemployed_months", -3},
                                                           {"/assets/deposits_fen", -100},
                                                           {"/assets/vehicle_value_fen", -1},
                                                           {"/assets/homes", -1},
                                                           {"/expenses_12m/medical_fen", -1},
                                                           {"/expenses_12m/education_fen", -1},
                                                           {"/events/hardship_cost_fen", -1},
                                                           {"/housing/per_capita_area_m2", -0.5},
                                                           {"/housing/per_capita_area_m2", -2}};
  for (const auto& [pointer, value] : cases) {
    json j = ValidHousehold();
    j[json::json_pointer(pointer)] = value;
    ExpectSingle(j, PathOf(pointer), "negative_value");
  }
}

TEST(HouseholdJsonTest, OutOfRange) {
  json j = ValidHousehold();
  j["assets"]["deposits_fen"] = 1'000'000'000'000LL;  // 10^12 is allowed
  EXPECT_TRUE(DecodeHousehold(j).ok());
  j["assets"]["deposits_fen"] = 1'000'000'000'001LL;
  ExpectSingle(j, "household.assets.deposits_fen", "out_of_range");

  j = ValidHousehold();
  j["members"][0]["monthly_income_fen"] = json::parse("18446744073709551615");
  ExpectSingle(j, "household.members[0].monthly_income_fen", "out_of_range");
  j["members"][0]["monthly_income_fen"] = json::parse("100000000000000000000000");
  ExpectSingle(j, "household.members[0].monthly_income_fen", "out_of_range");

  j = ValidHousehold();
  j["housing"]["per_capita_area_m2"] = 100000.01;
  ExpectSingle(j, "household.housing.per_capita_area_m2", "out_of_range");
  j["housing"]["per_capita_area_m2"] = 100000;
  EXPECT_TRUE(DecodeHousehold(j).ok());

  for (int grade : {0, 5, -1}) {
    j = ValidHousehold();
    j["members"][1]["disability"]["grade"] = grade;
    ExpectSingle(j, "household.members[1].disability.grade", "out_of_range");
  }
}

TEST(HouseholdJsonTest, InvalidNameLength) {
  for (const json& name : {json(""), json("   "), json(std::string(41, 'a'))}) {
    json j = ValidHousehold();
    j["members"][0]["name"] = name;
    ExpectSingle(j, "household.members[0].name", "invalid_length");
  }
  std::string forty_han;
  for (int i = 0; i < 40; ++i) forty_han += "龙";
  json j = ValidHousehold();
  j["members"][0]["name"] = forty_han;
  EXPECT_TRUE(DecodeHousehold(j).ok());
}

TEST(HouseholdJsonTest, InvalidIdNumbers) {
  for (const char* id : {"50010519800101123", "500105198001011231", "500105189912310018",
                         "50010519000229001X", "50010519800101123A"}) {
    json j = ValidHousehold();
    j["members"][2]["id_number"] = id;
    ExpectSingle(j, "household.members[2].id_number", "invalid_id_number");
  }
}

TEST(HouseholdJsonTest, InvalidMemberCount) {
  json j = ValidHousehold();
  j["members"] = json::array();
  ExpectSingle(j, "household.members", "invalid_member_count");

  j = ValidHousehold();
  json base = j["members"][2];
  // 21 members: the applicant, the spouse and 19 children with distinct valid IDs.
  j["members"].erase(2);
  for (int i = 1; i <= 19; ++i) {
    base["id_number"] = ChildId(i);
    j["members"].push_back(base);
  }
  ASSERT_EQ(j["members"].size(), 21u);
  ExpectSingle(j, "household.members", "invalid_member_count");
  j["members"].erase(20);
  EXPECT_TRUE(DecodeHousehold(j).ok()) << DecodeHousehold(j).error().message;
}

TEST(HouseholdJsonTest, InvalidSelfCount) {
  json j = ValidHousehold();
  j["members"][1]["relation"] = "self";
  ExpectSingle(j, "household.members", "invalid_self_count");
  j["members"][0]["relation"] = "other";
  j["members"][1]["relation"] = "other";
  ExpectSingle(j, "household.members", "invalid_self_count");
}

TEST(HouseholdJsonTest, DuplicateMemberAfterNormalisingX) {
  json j = ValidHousehold();
  j["members"][0]["id_number"] = "11010519491231002X";
  j["members"][2]["id_number"] = "11010519491231002x";
  ExpectSingle(j, "household.members[2].id_number", "duplicate_member");
}

TEST(HouseholdJsonTest, NotAnObjectAtAll) {
  ExpectSingle(json::array(), "household", "invalid_type");
}

TEST(HouseholdJsonTest, ListsEveryViolationUnderTheGeneralCode) {
  json j = ValidHousehold();
  j["hukou"] = "city";
  j["members"][0]["nickname"] = "老王";
  j["members"][1]["id_number"] = "500105198506150042";
  j["members"][2]["monthly_income_fen"] = 1.5;
  j["assets"]["deposits_fen"] = -1;
  j.erase("street");
  auto r = DecodeHousehold(j);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().reason, "invalid_household");
  Violations got;
  for (const auto& f : r.error().fields) got.emplace_back(f.path, f.code);
  std::sort(got.begin(), got.end());
  Violations want = {{"household.assets.deposits_fen", "negative_value"},
                     {"household.hukou", "invalid_enum"},
                     {"household.members[0].nickname", "unknown_field"},
                     {"household.members[1].id_number", "invalid_id_number"},
                     {"household.members[2].monthly_income_fen", "invalid_type"}};
  EXPECT_EQ(got, want);
}

TEST(HouseholdJsonTest, UsesThePathPrefix) {
  json j = ValidHousehold();
  j["members"][0]["relation"] = "boss";
  auto r = DecodeHousehold(j, "body");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().fields[0].path, "body.members[0].relation");
}

TEST(HouseholdJsonTest, ErrorsNeverEchoPersonalData) {
  json j = ValidHousehold();
  j["members"][0]["id_number"] = "500105198001011231";
  j["members"][0]["name"] = std::string(41, 'Z');
  auto r = DecodeHousehold(j);
  ASSERT_FALSE(r.ok());
  for (const auto& f : r.error().fields) {
    EXPECT_EQ(f.detail.find("5001051980"), std::string::npos);
    EXPECT_EQ(f.detail.find("ZZZZ"), std::string::npos);
  }
  EXPECT_EQ(r.error().message.find("5001051980"), std::string::npos);
  EXPECT_EQ(r.error().message.find("ZZZZ"), std::string::npos);
}

TEST(HouseholdJsonTest, EncodeThenDecodeIsTheIdentity) {
  auto first = DecodeHousehold(ValidHousehold());
  ASSERT_TRUE(first.ok());
  const json encoded = EncodeHousehold(*first);
  auto second = DecodeHousehold(encoded);
  ASSERT_TRUE(second.ok()) << second.error().message;
  EXPECT_EQ(EncodeHousehold(*second), encoded);
  EXPECT_EQ(second->members[1].birth, first->members[1].birth);
  EXPECT_EQ(encoded["members"][2]["education_stage"], "junior");
  EXPECT_TRUE(encoded["members"][0]["disability"].is_null());
  EXPECT_EQ(encoded["statuses"], json::array({"dibao"}));
  EXPECT_FALSE(encoded.contains("events"));  // it was sent empty
  EXPECT_FALSE(encoded["members"][0].contains("birth"));
}

}  // namespace
}  // namespace lianban::services
