// ScreeningResultText must be byte for byte what Response::Json makes of ScreeningResultJson:
// checked on generated households and on every household of the hand-computed policy cases
// (which reach ratios, reals, unknown facts and needs_info results).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "domain/household_generator.h"
#include "domain/screening.h"
#include "services/catalog_loader.h"
#include "services/household_json.h"
#include "services/screening_json.h"

namespace lianban::services {
namespace {

using nlohmann::json;

const domain::CompiledCatalog& SeedCatalog() {
  static const auto catalog = LoadCatalog(CatalogDirUnder(LIANBAN_SOURCE_DIR));
  return **catalog;
}

std::string TreeText(const domain::ScreeningResult& result) {
  return ScreeningResultJson(SeedCatalog(), result)
      .dump(-1, ' ', false, json::error_handler_t::replace);
}

TEST(ScreeningResultText, EqualsTheJsonTreeForGeneratedHouseholds) {
  for (domain::Date as_of : {domain::kGeneratorReference, domain::Date{2026, 3, 1}}) {
    for (std::uint64_t i = 0; i < 300; ++i) {
      auto result = domain::Screen(SeedCatalog(), domain::GenerateHousehold(11, i), as_of);
      ASSERT_EQ(ScreeningResultText(SeedCatalog(), result), TreeText(result)) << "household " << i;
    }
  }
}

TEST(ScreeningResultText, EqualsTheJsonTreeForThePolicyCases) {
  std::ifstream in(std::filesystem::path(LIANBAN_SOURCE_DIR) / "tests/data/policy_cases.json");
  const json cases = json::parse(in);
  int compared = 0;
  for (const json& c : cases.at("cases")) {
    auto as_of = domain::Date::Parse(c.at("as_of").get<std::string>());
    auto household = DecodeHousehold(c.at("household"));
    if (!as_of || !household.ok()) continue;
    if (!domain::CheckScreeningRequest(SeedCatalog(), *household, *as_of).ok()) continue;
    auto result = domain::Screen(SeedCatalog(), *household, *as_of);
    ASSERT_EQ(ScreeningResultText(SeedCatalog(), result), TreeText(result)) << c.at("name");
    ++compared;
  }
  EXPECT_GT(compared, 300);
}

}  // namespace
}  // namespace lianban::services
