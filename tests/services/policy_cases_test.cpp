// Runs the hand-computed policy cases of tests/data/policy_cases.json (format and readings of the
// spec in tests/data/README.md): each household goes the API's way (DecodeHousehold,
// CheckScreeningRequest, Screen, ScreeningResultJson) at its as_of against the seed catalog, and
// every expected field of the rendered result is compared.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "domain/catalog.h"
#include "domain/date.h"
#include "domain/screening.h"
#include "services/catalog_loader.h"
#include "services/household_json.h"
#include "services/screening_json.h"

namespace lianban::services {
namespace {

using nlohmann::json;

const std::filesystem::path kSourceDir = LIANBAN_SOURCE_DIR;

json LoadCases() {
  std::ifstream in(kSourceDir / "tests" / "data" / "policy_cases.json", std::ios::binary);
  if (!in) return json();
  return json::parse(in, nullptr, /*allow_exceptions=*/false);
}

const json& Cases() {
  static const json cases = LoadCases();
  return cases;
}

std::shared_ptr<const domain::CompiledCatalog> PolicyCatalog() {
  static const auto catalog = [] {
    auto loaded = LoadCatalog(CatalogDirUnder(kSourceDir));
    return loaded.ok() ? *loaded : nullptr;
  }();
  return catalog;
}

// One policy's result as the API renders it, with criteria turned into an id -> passed map.
json ActualResult(const json& rendered) {
  json actual = rendered;
  json criteria = json::object();
  for (const json& c : rendered.at("criteria")) {
    criteria[c.at("id").get<std::string>()] = c.at("passed");
  }
  actual["criteria"] = std::move(criteria);
  return actual;
}

// The lines "field: expected X, got Y" for every expected field that differs; "" when equal.
std::string Diff(const json& expected, const json& actual) {
  std::ostringstream diff;
  for (const char* key : {"status", "beneficiaries", "amount", "missing"}) {
    if (expected.at(key) != actual.at(key)) {
      diff << "    " << key << ": expected " << expected.at(key).dump() << ", got "
           << actual.at(key).dump() << "\n";
    }
  }
  if (!expected.contains("criteria")) return diff.str();
  for (const auto& [id, value] : expected.at("criteria").items()) {
    if (!actual.at("criteria").contains(id)) {
      diff << "    criteria." << id << ": no such criterion\n";
    } else if (actual.at("criteria").at(id) != value) {
      diff << "    criteria." << id << ": expected " << value.dump() << ", got "
           << actual.at("criteria").at(id).dump() << "\n";
    }
  }
  return diff.str();
}

// Screens one case; returns "" when every listed policy matches, else a readable report.
std::string RunCase(const domain::CompiledCatalog& catalog, const json& c) {
  const std::string name = c.at("name").get<std::string>();
  auto as_of = domain::Date::Parse(c.at("as_of").get<std::string>());
  if (!as_of) return name + ": invalid as_of\n";
  auto household = DecodeHousehold(c.at("household"));
  if (!household.ok()) {
    return name + ": household rejected: " + household.error().reason + " " +
           household.error().message + "\n";
  }
  if (auto check = domain::CheckScreeningRequest(catalog, *household, *as_of); !check.ok()) {
    return name + ": screening request rejected: " + check.error().reason + "\n";
  }
  const json rendered = ScreeningResultJson(catalog, domain::Screen(catalog, *household, *as_of));
  std::map<std::string, json> by_policy;
  for (const json& r : rendered.at("results")) by_policy[r.at("policy_id").get<std::string>()] = r;
  std::string report;
  if (rendered.at("results").size() != domain::kPolicyCount) {
    report += "  not one result per policy\n";
  }
  for (const auto& [policy_id, expected] : c.at("expect").items()) {
    auto found = by_policy.find(policy_id);
    if (found == by_policy.end()) {
      report += "  " + policy_id + ": no result\n";
      continue;
    }
    std::string diff = Diff(expected, ActualResult(found->second));
    if (!diff.empty()) report += "  " + policy_id + ":\n" + diff;
  }
  return report.empty() ? ""
                        : name + " (as_of " + c.at("as_of").get<std::string>() + ")\n" + report;
}

TEST(PolicyCasesTest, CaseFileIsWellFormed) {
  const json& cases = Cases();
  ASSERT_TRUE(cases.is_object() && cases.contains("cases")) << "tests/data/policy_cases.json";
  ASSERT_GE(cases.at("cases").size(), 45u);
  std::set<std::string> names;
  for (const json& c : cases.at("cases")) {
    const std::string name = c.at("name").get<std::string>();
    EXPECT_TRUE(names.insert(name).second) << "duplicate case name: " << name;
    ASSERT_TRUE(c.at("expect").is_object() && !c.at("expect").empty()) << name;
    for (const auto& [policy_id, e] : c.at("expect").items()) {
      for (const char* key : {"status", "beneficiaries", "amount", "missing"}) {
        EXPECT_TRUE(e.contains(key)) << name << " " << policy_id << " lacks " << key;
      }
    }
  }
}

TEST(PolicyCasesTest, EveryCatalogPolicyHasACase) {
  auto catalog = PolicyCatalog();
  ASSERT_NE(catalog, nullptr) << "the seed catalog does not load";
  ASSERT_EQ(catalog->policies().size(), domain::kPolicyCount);
  std::map<std::string, int> counts;
  for (const json& c : Cases().at("cases")) {
    for (const auto& [policy_id, e] : c.at("expect").items()) ++counts[policy_id];
  }
  for (const domain::PolicySpec& policy : catalog->policies()) {
    EXPECT_GT(counts[policy.id], 0) << policy.id << " has no case in tests/data/policy_cases.json";
  }
}

TEST(PolicyCasesTest, EveryCaseMatchesTheHandComputedResult) {
  auto catalog = PolicyCatalog();
  ASSERT_NE(catalog, nullptr) << "the seed catalog does not load";
  int failed = 0;
  int total = 0;
  for (const json& c : Cases().at("cases")) {
    ++total;
    std::string report = RunCase(*catalog, c);
    if (report.empty()) continue;
    ++failed;
    ADD_FAILURE() << report;
  }
  EXPECT_EQ(failed, 0) << failed << " of " << total << " cases differ";
}

}  // namespace
}  // namespace lianban::services
