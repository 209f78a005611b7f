// ScreeningResultText must be byte for byte what Response::Json makes of ScreeningResultJson:
// checked on generated households and on every household of the hand-computed policy cases
// (which reach ratios, reals, unknown facts and needs_info results).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>
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

TEST(ScreeningResultText, WritesStringsAsTheJsonTreeDoesIncludingBadUtf8) {
  // The writer copies strings that need no escaping as they are; these are on either side of
  // that line (nlohmann replaces ill-formed UTF-8 with U+FFFD, escapes controls, '"' and '\\').
  const std::vector<std::string> strings = {
      "", "plain", "城乡低保", "a\"b", "back\\slash", "line\nbreak", "\x1f", "\x7f",
      "\xc2\x80", "\xdf\xbf", "\xe0\xa0\x80", "\xef\xbf\xbf", "\xf0\x9f\x98\x80", "\xf4\x8f\xbf\xbf",
      "\xc0\xaf", "\xc1\xbf", "\xe0\x80\xaf", "\xed\xa0\x80", "\xf0\x8f\xbf\xbf", "\xf4\x90\x80\x80",
      "\xf5\x80\x80\x80", "\xff", "\x80", "\xe4\xb8", "\xe4\xb8x", "ok\xe4"};
  auto result = domain::Screen(SeedCatalog(), domain::GenerateHousehold(11, 0),
                               domain::kGeneratorReference);
  for (const std::string& s : strings) {
    result.catalog_version = s;
    EXPECT_EQ(ScreeningResultText(SeedCatalog(), result), TreeText(result)) << json(s).dump(
        -1, ' ', true, json::error_handler_t::replace);
  }
}

}  // namespace
}  // namespace lianban::services
