#include "domain/household_validation.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

#include "domain/id_number.h"

namespace lianban::domain {
namespace {

constexpr const char* kSelfId = "500105198001011230";
constexpr const char* kSpouseId = "500105198506150041";

Member MakeMember(std::string id, Relation relation) {
  Member m;
  auto parsed = ParseIdNumber(id);
  m.id_number = std::move(id);
  m.name = "张伟";
  m.relation = relation;
  if (parsed) {
    m.birth = parsed->birth;
    m.female = parsed->female;
  }
  return m;
}

Household Couple() {
  Household h;
  h.members = {MakeMember(kSelfId, Relation::kSelf), MakeMember(kSpouseId, Relation::kSpouse)};
  return h;
}

std::string Repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

TEST(HouseholdValidationTest, AcceptsAValidCouple) {
  EXPECT_TRUE(ValidateHousehold(Couple(), "household").empty());
}

TEST(HouseholdValidationTest, KnowsExactlyTheTwelveStreets) {
  for (auto code :
       {"GYQ", "HXJ", "WLD", "JBC", "SMH", "DSB", "CT", "TSP", "GJT", "FS", "YZ", "WB"}) {
    EXPECT_TRUE(IsStreetCode(code)) << code;
  }
  EXPECT_FALSE(IsStreetCode("gyq"));
  EXPECT_FALSE(IsStreetCode(""));
  EXPECT_FALSE(IsStreetCode("观音桥街道"));
}

TEST(HouseholdValidationTest, CountsNameLengthInCodePointsNotBytes) {
  EXPECT_FALSE(CheckName(Repeat("张", 40), "p").has_value());  // 120 bytes, 40 characters
  auto too_long = CheckName(Repeat("张", 41), "p");
  ASSERT_TRUE(too_long.has_value());
  EXPECT_EQ(too_long->code, "invalid_length");
  EXPECT_EQ(too_long->path, "p");
  EXPECT_FALSE(CheckName(Repeat("a", 40), "p").has_value());
  EXPECT_TRUE(CheckName(Repeat("a", 41), "p").has_value());
  EXPECT_EQ(CountCodePoints("阿依古丽·买买提"), 8u);
}

TEST(HouseholdValidationTest, RejectsEmptyAndWhiteSpaceNames) {
  for (const std::string name : {"", " ", "\t\n", "\xE3\x80\x80", " \xC2\xA0 "}) {
    auto e = CheckName(name, "household.members[0].name");
    ASSERT_TRUE(e.has_value()) << "[" << name << "]";
    EXPECT_EQ(e->code, "invalid_length");
  }
  EXPECT_FALSE(CheckName(" 李 ", "p").has_value());
}

TEST(HouseholdValidationTest, BoundsIntegersAtZeroAndTenToTheTwelfth) {
  EXPECT_FALSE(CheckInteger(0, "p").has_value());
  EXPECT_FALSE(CheckInteger(kMaxInteger, "p").has_value());
  EXPECT_EQ(CheckInteger(kMaxInteger + 1, "p")->code, "out_of_range");
  EXPECT_EQ(CheckInteger(-1, "p")->code, "negative_value");
}

TEST(HouseholdValidationTest, BoundsAreaAndRequiresItFinite) {
  EXPECT_FALSE(CheckArea(0.0, "p").has_value());
  EXPECT_FALSE(CheckArea(100000.0, "p").has_value());
  EXPECT_EQ(CheckArea(100000.5, "p")->code, "out_of_range");
  EXPECT_EQ(CheckArea(std::numeric_limits<double>::infinity(), "p")->code, "out_of_range");
  EXPECT_EQ(CheckArea(std::nan(""), "p")->code, "out_of_range");
  EXPECT_EQ(CheckArea(-0.5, "p")->code, "negative_value");
}

TEST(HouseholdValidationTest, GradeIsOneToFour) {
  for (int g = 1; g <= 4; ++g) EXPECT_FALSE(CheckGrade(g, "p").has_value());
  EXPECT_EQ(CheckGrade(0, "p")->code, "out_of_range");
  EXPECT_EQ(CheckGrade(5, "p")->code, "out_of_range");
  EXPECT_EQ(CheckGrade(-1, "p")->code, "out_of_range");
}

TEST(HouseholdValidationTest, MemberCountMustBeOneToTwenty) {
  auto none = CheckMemberSet({}, "household");
  ASSERT_EQ(none.size(), 1u);
  EXPECT_EQ(none[0].code, "invalid_member_count");
  EXPECT_EQ(none[0].path, "household.members");

  std::vector<MemberKey> many(21, MemberKey{Relation::kChild, std::nullopt});
  many[0].relation = Relation::kSelf;
  auto too_many = CheckMemberSet(many, "household");
  ASSERT_EQ(too_many.size(), 1u);
  EXPECT_EQ(too_many[0].code, "invalid_member_count");
  many.pop_back();
  EXPECT_TRUE(CheckMemberSet(many, "household").empty());
}

TEST(HouseholdValidationTest, RequiresExactlyOneSelf) {
  std::vector<MemberKey> two_selves = {{Relation::kSelf, std::nullopt},
                                       {Relation::kSelf, std::nullopt}};
  auto e = CheckMemberSet(two_selves, "household");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].code, "invalid_self_count");
  EXPECT_EQ(e[0].path, "household.members");
  std::vector<MemberKey> no_self = {{Relation::kSpouse, std::nullopt}};
  EXPECT_EQ(CheckMemberSet(no_self, "household")[0].code, "invalid_self_count");
}

TEST(HouseholdValidationTest, SkipsSelfCountWhenARelationIsUnknown) {
  std::vector<MemberKey> keys = {{std::nullopt, std::nullopt}, {Relation::kSpouse, std::nullopt}};
  EXPECT_TRUE(CheckMemberSet(keys, "household").empty());
}

TEST(HouseholdValidationTest, ReportsEachRepeatedIdAtItsOwnPath) {
  std::vector<MemberKey> keys = {{Relation::kSelf, std::string(kSelfId)},
                                 {Relation::kSpouse, std::string(kSpouseId)},
                                 {Relation::kChild, std::string(kSelfId)}};
  auto e = CheckMemberSet(keys, "h");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].code, "duplicate_member");
  EXPECT_EQ(e[0].path, "h.members[2].id_number");
}

TEST(HouseholdValidationTest, ValidateHouseholdCollectsEveryViolation) {
  Household h = Couple();
  h.street = "XX";
  h.members[0].name = "";
  h.members[1].id_number = "500105198506150042";
  h.members[1].disability = Disability{DisabilityCategory::kVisual, 7};
  h.assets.deposits_fen = -3;
  h.housing.per_capita_area_m2 = 1e6;
  auto e = ValidateHousehold(h, "household");
  std::vector<std::pair<std::string, std::string>> got;
  for (const auto& f : e) got.emplace_back(f.path, f.code);
  std::vector<std::pair<std::string, std::string>> want = {
      {"household.street", "invalid_enum"},
      {"household.members[0].name", "invalid_length"},
      {"household.members[1].id_number", "invalid_id_number"},
      {"household.members[1].disability.grade", "out_of_range"},
      {"household.assets.deposits_fen", "negative_value"},
      {"household.housing.per_capita_area_m2", "out_of_range"}};
  EXPECT_EQ(got, want);
}

TEST(HouseholdValidationTest, ValidateHouseholdFindsDuplicatesAfterNormalisingX) {
  Household h;
  h.members = {MakeMember("11010519491231002X", Relation::kSelf),
               MakeMember("11010519491231002x", Relation::kSpouse)};
  auto e = ValidateHousehold(h, "household");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].code, "duplicate_member");
  EXPECT_EQ(e[0].path, "household.members[1].id_number");
}

TEST(HouseholdValidationTest, BornAfterAsOfNamesTheMember) {
  Household h = Couple();
  EXPECT_TRUE(CheckBornBeforeAsOf(h, Date(1985, 6, 15), "household").empty());  // born that day
  auto e = CheckBornBeforeAsOf(h, Date(1985, 6, 14), "household");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].code, "born_after_as_of");
  EXPECT_EQ(e[0].path, "household.members[1].id_number");
  EXPECT_EQ(CheckBornBeforeAsOf(h, Date(1979, 12, 31), "household").size(), 2u);
}

}  // namespace
}  // namespace lianban::domain
