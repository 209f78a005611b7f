// Catalog loading and validation: the seed catalog loads, and each kind of mistake an officer
// can make in the seed files stops the program with an error naming the file and the entry.
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "domain/catalog.h"
#include "services/catalog_loader.h"

namespace lianban::services {
namespace {

domain::CatalogSpec Seeds() {
  auto spec = ReadCatalogSpec(CatalogDirUnder(LIANBAN_SOURCE_DIR));
  EXPECT_TRUE(spec.ok()) << (spec.ok() ? "" : spec.error().message);
  return std::move(spec).value();
}

domain::PolicySpec& Policy(domain::CatalogSpec& spec, const std::string& id) {
  for (auto& p : spec.policies) {
    if (p.id == id) return p;
  }
  throw std::runtime_error("no policy " + id);
}

// The message of the error CompileCatalog returns for `spec`.
std::string CompileError(domain::CatalogSpec spec) {
  auto compiled = domain::CompileCatalog(std::move(spec));
  EXPECT_FALSE(compiled.ok());
  if (compiled.ok()) return "";
  EXPECT_EQ(compiled.error().reason, "invalid_catalog");
  return compiled.error().message;
}

TEST(CatalogLoader, SeedCatalogLoadsWithItsCounts) {
  auto catalog = LoadCatalog(CatalogDirUnder(LIANBAN_SOURCE_DIR));
  ASSERT_TRUE(catalog.ok()) << catalog.error().message;
  EXPECT_EQ((*catalog)->departments().size(), 11u);
  EXPECT_EQ((*catalog)->streets().size(), 12u);
  EXPECT_EQ((*catalog)->policies().size(), 45u);
  EXPECT_EQ((*catalog)->service_items().size(), 31u);
  EXPECT_EQ((*catalog)->first_parameter_date(), domain::Date(2023, 9, 1));
  EXPECT_EQ((*catalog)->version().size(), 64u);
  EXPECT_EQ((*catalog)->policies().front().id, "MZ-01");
  EXPECT_EQ((*catalog)->policies().back().id, "TW-02");
}

TEST(CatalogLoader, VersionIsAContentHashOfTheFiles) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("lianban_catalog_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::copy(CatalogDirUnder(LIANBAN_SOURCE_DIR), dir);
  auto before = ReadCatalogSpec(dir);
  ASSERT_TRUE(before.ok());
  EXPECT_EQ(before->version, Seeds().version);
  std::ofstream(dir / "streets.json", std::ios::app) << "\n";
  auto after = ReadCatalogSpec(dir);
  ASSERT_TRUE(after.ok());
  EXPECT_NE(after->version, before->version);
  fs::remove_all(dir);
}

TEST(CatalogLoader, UnknownFieldInASeedFileNamesFileAndEntry) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("lianban_catalog_uf_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::copy(CatalogDirUnder(LIANBAN_SOURCE_DIR), dir);
  std::ofstream(dir / "departments.json", std::ios::trunc)
      << R"({"departments": [{"id": "MZ", "name_zh": "x", "name_en": "y", "colour": "red"}]})";
  auto spec = ReadCatalogSpec(dir);
  ASSERT_FALSE(spec.ok());
  EXPECT_EQ(spec.error().message,
            "seeds/catalog/departments.json: MZ (entry 0): unknown field 'colour'");
  fs::remove_all(dir);
}

TEST(CatalogValidation, RejectsWrongCounts) {
  auto spec = Seeds();
  spec.policies.pop_back();
  EXPECT_EQ(CompileError(spec), "seeds/catalog/policies.json: policies: expected 45 entries, found 44");
  auto streets = Seeds();
  streets.streets.pop_back();
  EXPECT_EQ(CompileError(streets), "seeds/catalog/streets.json: streets: expected 12 entries, found 11");
}

TEST(CatalogValidation, RejectsDuplicateIds) {
  auto spec = Seeds();
  spec.service_items[1].id = spec.service_items[0].id;
  EXPECT_EQ(CompileError(spec), "seeds/catalog/service_items.json: SV-01: duplicate id");
}

TEST(CatalogValidation, RejectsParameterDatesOutOfOrder) {
  auto spec = Seeds();
  std::swap(spec.parameters[0].values[1], spec.parameters[0].values[2]);
  EXPECT_EQ(CompileError(spec), "seeds/catalog/parameters.json: dibao_standard_urban: "
                                "effective dates out of order at 2024-07-01");
}

TEST(CatalogValidation, RejectsAnInvalidRatio) {
  auto spec = Seeds();
  for (auto& p : spec.parameters) {
    if (p.id == "edge_income_ratio") p.values[0].value = "3/0";
  }
  EXPECT_EQ(CompileError(spec), "seeds/catalog/parameters.json: edge_income_ratio value from "
                                "2023-09-01: invalid ratio '3/0'");
}

TEST(CatalogValidation, RejectsAnUnknownOperatorWithItsPosition) {
  auto spec = Seeds();
  Policy(spec, "MZ-01").criteria[0].formula = "income_pc ≪ std";
  EXPECT_EQ(CompileError(spec), "seeds/catalog/policies.json: MZ-01 criterion "
                                "income_below_standard: at 10: unknown operator or character '≪'");
}

TEST(CatalogValidation, RejectsAnUnknownSymbol) {
  auto spec = Seeds();
  Policy(spec, "MZ-01").criteria[0].formula = "income_pc < dibao_standard";
  EXPECT_EQ(CompileError(spec), "seeds/catalog/policies.json: MZ-01 criterion "
                                "income_below_standard: at 12: unknown symbol 'dibao_standard'");
}

TEST(CatalogValidation, RejectsAReferenceToALaterPolicy) {
  auto spec = Seeds();
  Policy(spec, "MZ-05").criteria[0].formula = "status(YB-02) = eligible";
  EXPECT_EQ(CompileError(spec), "seeds/catalog/policies.json: MZ-05 criterion sudden_hardship: "
                                "reads YB-02, which does not come earlier in the catalog");
}

TEST(CatalogValidation, RejectsARecognitionPredicateReadBeforeItIsDefined) {
  auto spec = Seeds();
  auto& mz02 = Policy(spec, "MZ-02");
  mz02.criteria[1].formula = "¬is_dibao_edge";
  mz02.reads = {"is_dibao_edge"};
  EXPECT_EQ(CompileError(spec), "seeds/catalog/policies.json: MZ-02 criterion "
                                "deposits_within_cap: reads MZ-03, which does not come earlier in "
                                "the catalog");
}

TEST(CatalogValidation, RejectsUndeclaredReads) {
  auto spec = Seeds();
  Policy(spec, "MZ-08").reads.clear();
  EXPECT_EQ(CompileError(spec),
            "seeds/catalog/policies.json: MZ-08: reads 'is_dibao' without declaring it");
}

TEST(CatalogValidation, RejectsATypeError) {
  auto spec = Seeds();
  Policy(spec, "YJ-01").amount = "size × events.disaster";
  EXPECT_EQ(CompileError(spec), "seeds/catalog/policies.json: YJ-01 amount: at 8: expected a "
                                "number, found a truth value");
}

TEST(CatalogValidation, RejectsAPaidPolicyWithoutAmount) {
  auto spec = Seeds();
  Policy(spec, "YJ-01").amount.clear();
  EXPECT_EQ(CompileError(spec),
            "seeds/catalog/policies.json: YJ-01: a once policy needs an amount");
}

TEST(CatalogValidation, RejectsAnUndefinedParameterInADefinition) {
  auto spec = Seeds();
  spec.definitions[4].formula = "dibao_standard_city if hukou = urban, else dibao_standard_rural";
  EXPECT_EQ(CompileError(spec), "seeds/catalog/definitions.json: std: at 0: unknown symbol "
                                "'dibao_standard_city'");
}

}  // namespace
}  // namespace lianban::services
