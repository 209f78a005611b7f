// The worked examples of policies.md §7 (A; B at three dates; C), asserted in full: every policy
// that is not ineligible with its status, beneficiaries, amounts and missing list, and every
// other policy ineligible with nothing.
#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "domain/screening.h"
#include "services/catalog_loader.h"
#include "services/household_json.h"
#include "services/screening_json.h"

// Expected{...} lists only the non-zero fields of a result.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace lianban::services {
namespace {

using nlohmann::json;

struct Expected {
  std::string status;
  std::vector<int> beneficiaries;
  std::int64_t monthly = 0, once = 0, yearly = 0;
  std::vector<std::string> missing;
};

const std::vector<std::string> kAssets = {"assets.business", "assets.deposits_fen", "assets.homes",
                                          "assets.vehicle_value_fen"};

std::vector<std::string> Concat(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

class ScreeningExamplesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto loaded = LoadCatalog(CatalogDirUnder(LIANBAN_SOURCE_DIR));
    ASSERT_TRUE(loaded.ok()) << loaded.error().message;
    catalog_ = new std::shared_ptr<const domain::CompiledCatalog>(std::move(loaded).value());
  }
  static void TearDownTestSuite() { delete catalog_; }

  json Screen(const json& household, const char* as_of) {
    auto h = DecodeHousehold(household);
    EXPECT_TRUE(h.ok()) << (h.ok() ? "" : h.error().message);
    auto date = domain::Date::Parse(as_of);
    EXPECT_TRUE(domain::CheckScreeningRequest(**catalog_, *h, *date).ok());
    return ScreeningResultJson(**catalog_, domain::Screen(**catalog_, *h, *date));
  }

  void ExpectExactly(const json& result, const std::map<std::string, Expected>& expected) {
    ASSERT_EQ(result["results"].size(), 45u);
    for (const auto& r : result["results"]) {
      const std::string id = r["policy_id"];
      auto it = expected.find(id);
      Expected e = it == expected.end() ? Expected{"ineligible"} : it->second;
      EXPECT_EQ(r["status"], e.status) << id;
      EXPECT_EQ(r["beneficiaries"], json(e.beneficiaries)) << id;
      EXPECT_EQ(r["amount"]["monthly_fen"], e.monthly) << id;
      EXPECT_EQ(r["amount"]["once_fen"], e.once) << id;
      EXPECT_EQ(r["amount"]["yearly_fen"], e.yearly) << id;
      EXPECT_EQ(r["missing"], json(e.missing)) << id;
    }
  }

  static std::shared_ptr<const domain::CompiledCatalog>* catalog_;
};

std::shared_ptr<const domain::CompiledCatalog>* ScreeningExamplesTest::catalog_ = nullptr;

const json kExampleA = json::parse(R"({"hukou": "urban", "street": "GYQ",
 "members": [
  {"id_number": "500105197503100116", "name": "陈建国", "relation": "self", "monthly_income_fen": 120000, "employment": "flexible", "union_member": true},
  {"id_number": "500105197806200229", "name": "李秀英", "relation": "spouse", "employment": "unemployed", "unemployed_months": 14, "disability": {"category": "physical", "grade": 3}},
  {"id_number": "500105200909150337", "name": "陈小明", "relation": "child", "education_stage": "senior", "employment": "student"},
  {"id_number": "500105195001050447", "name": "王桂兰", "relation": "parent", "self_care": "partial", "serious_illness": true}],
 "assets": {"deposits_fen": 2000000, "vehicle_value_fen": 0, "homes": 1, "business": false},
 "expenses_12m": {"medical_fen": 5000000, "education_fen": 200000},
 "housing": {"owns_home": true, "renting": false, "per_capita_area_m2": 15.5, "dangerous_house": false}})");

const json kExampleB = json::parse(R"({"hukou": "rural", "street": "YZ",
 "members": [{"id_number": "500105194811300626", "name": "张淑芬", "relation": "self", "self_care": "none", "capable_supporter": false, "monthly_income_fen": 20000}],
 "assets": {"deposits_fen": 500000, "vehicle_value_fen": 0, "homes": 1, "business": false}})");

TEST_F(ScreeningExamplesTest, ExampleAUrbanFamilyOfFour) {
  json r = Screen(kExampleA, "2025-09-01");
  const std::vector<int> all = {0, 1, 2, 3};
  ExpectExactly(r, {
      {"MZ-01", {"eligible", all, 208000}},
      {"MZ-05", {"needs_info", {}, 0, 0, 0, {"events.hardship_cost_fen", "events.sudden_hardship"}}},
      {"MZ-08", {"eligible", {1}, 8000}},
      {"MZ-11", {"eligible", {3}, 10000}},
      {"MZ-12", {"eligible", {3}}},
      {"JW-03", {"eligible", {2}, 0, 0, 230000}},
      {"RS-01", {"eligible", {1}}},
      {"RS-02", {"eligible", {1}}},
      {"RS-03", {"eligible", {0}, 60000}},
      {"RS-04", {"eligible", {0, 1}}},
      {"RS-05", {"eligible", {0, 1}, 0, 0, 40000}},
      {"WJ-01", {"eligible", {1, 3}}},
      {"YB-01", {"eligible", all, 0, 0, 112000}},
      {"YB-02", {"eligible", all, 0, 0, 3500000}},
      {"YB-03", {"eligible", all, 0, 0, 250000}},
      {"YJ-01", {"needs_info", {}, 0, 0, 0, {"events.disaster"}}},
      {"YJ-02", {"needs_info", {}, 0, 0, 0, {"events.disaster", "events.house_collapsed"}}},
      {"CL-02", {"eligible", {1}}},
      {"GH-01", {"eligible", all}},
      {"GH-03", {"eligible", all, 0, 200000}},
      {"FL-01", {"eligible", {3}, 0, 1000000}},
      {"FL-02", {"eligible", {1}}},
      {"TW-01", {"eligible", {2}, 0, 0, 200000}},
  });
  EXPECT_EQ(r["as_of"], "2025-09-01");
  EXPECT_EQ(r["catalog_version"], (*catalog_)->version());
  EXPECT_EQ(r["catalog_version"].get<std::string>().size(), 64u);
}

std::map<std::string, Expected> ExampleB(std::int64_t dibao, std::int64_t tekun) {
  return {
      {"MZ-01", {"eligible", {0}, dibao}},
      {"MZ-02", {"eligible", {0}, tekun}},
      {"MZ-05", {"needs_info", {}, 0, 0, 0, {"events.hardship_cost_fen", "events.sudden_hardship"}}},
      {"MZ-12", {"eligible", {0}}},
      {"WJ-01", {"eligible", {0}}},
      {"YB-01", {"eligible", {0}, 0, 0, 40000}},
      {"YB-02", {"needs_info", {}, 0, 0, 0, {"expenses_12m.medical_fen"}}},
      {"ZJ-01", {"needs_info", {}, 0, 0, 0, {"housing.owns_home", "housing.per_capita_area_m2"}}},
      {"ZJ-02", {"needs_info", {}, 0, 0, 0, {"housing.owns_home", "housing.renting"}}},
      {"ZJ-03", {"needs_info", {}, 0, 0, 0, {"housing.dangerous_house", "housing.owns_home"}}},
      {"YJ-01", {"needs_info", {}, 0, 0, 0, {"events.disaster"}}},
      {"YJ-02", {"needs_info", {}, 0, 0, 0,
                 {"events.disaster", "events.house_collapsed", "housing.owns_home"}}},
  };
}

TEST_F(ScreeningExamplesTest, ExampleBTheDayBeforeTheJulyChange) {
  ExpectExactly(Screen(kExampleB, "2024-06-30"), ExampleB(46000, 125550));
}

TEST_F(ScreeningExamplesTest, ExampleBOnTheDayOfTheJulyChange) {
  ExpectExactly(Screen(kExampleB, "2024-07-01"), ExampleB(47000, 127500));
}

TEST_F(ScreeningExamplesTest, ExampleBAYearLater) {
  ExpectExactly(Screen(kExampleB, "2025-07-01"), ExampleB(49000, 130100));
}

TEST_F(ScreeningExamplesTest, ExampleCWithoutAssetsPropagatesMissingThroughRecognitions) {
  json household = kExampleB;
  household.erase("assets");
  const std::vector<std::string> expenses = {"expenses_12m.education_fen",
                                             "expenses_12m.medical_fen"};
  auto with = [](std::vector<std::string> v) {
    std::sort(v.begin(), v.end());
    return v;
  };
  ExpectExactly(Screen(household, "2025-07-01"), {
      {"MZ-01", {"needs_info", {}, 0, 0, 0, kAssets}},
      {"MZ-02", {"needs_info", {}, 0, 0, 0, kAssets}},
      {"MZ-03", {"needs_info", {}, 0, 0, 0, kAssets}},
      {"MZ-11", {"needs_info", {}, 0, 0, 0, kAssets}},
      {"YB-01", {"needs_info", {}, 0, 0, 0, kAssets}},
      {"MZ-04", {"needs_info", {}, 0, 0, 0, with(Concat(kAssets, expenses))}},
      {"MZ-12", {"needs_info", {}, 0, 0, 0, with(Concat(kAssets, expenses))}},
      {"YB-02", {"needs_info", {}, 0, 0, 0, with(Concat(kAssets, {"expenses_12m.medical_fen"}))}},
      {"ZJ-02", {"needs_info", {}, 0, 0, 0,
                 with(Concat(kAssets, {"housing.owns_home", "housing.renting"}))}},
      {"ZJ-03", {"needs_info", {}, 0, 0, 0,
                 with(Concat(Concat(kAssets, expenses),
                             {"housing.dangerous_house", "housing.owns_home"}))}},
      {"MZ-05", {"needs_info", {}, 0, 0, 0, {"events.hardship_cost_fen", "events.sudden_hardship"}}},
      {"ZJ-01", {"needs_info", {}, 0, 0, 0, {"housing.owns_home", "housing.per_capita_area_m2"}}},
      {"YJ-01", {"needs_info", {}, 0, 0, 0, {"events.disaster"}}},
      {"YJ-02", {"needs_info", {}, 0, 0, 0,
                 {"events.disaster", "events.house_collapsed", "housing.owns_home"}}},
      {"WJ-01", {"eligible", {0}}},
  });
}

TEST_F(ScreeningExamplesTest, CriteriaReportActualAndRequired) {
  json r = Screen(kExampleA, "2025-09-01");
  const json& mz01 = r["results"][0];
  EXPECT_EQ(mz01["criteria"].size(), 5u);
  EXPECT_EQ(mz01["criteria"][0],
            json({{"id", "income_below_standard"}, {"passed", true}, {"actual", 30000},
                  {"required", "< 77000"}}));
  const json& mz05 = r["results"][4];
  EXPECT_EQ(mz05["criteria"][0]["passed"], nullptr);
  EXPECT_EQ(mz05["criteria"][0]["actual"], nullptr);
}

TEST_F(ScreeningExamplesTest, ServiceItemsAreSuggestedPerMember) {
  json r = Screen(kExampleA, "2025-09-01");
  ASSERT_EQ(r["service_items"].size(), 31u);
  const json& sv02 = r["service_items"][1];  // members: m.self_care ≠ full
  EXPECT_EQ(sv02["id"], "SV-02");
  EXPECT_EQ(sv02["status"], "suggested");
  EXPECT_EQ(sv02["members"], json({3}));
  const json& sv12 = r["service_items"][11];  // events absent, not tekun
  EXPECT_EQ(sv12["status"], "to_assess");
  EXPECT_EQ(sv12["missing"], json({"events.disaster", "events.sudden_hardship"}));
  const json& sv31 = r["service_items"][30];  // eligible in ≥ 4 departments
  EXPECT_EQ(sv31["status"], "suggested");
}

}  // namespace
}  // namespace lianban::services
