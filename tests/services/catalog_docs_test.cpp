// docs/policies.md must be exactly what the generator produces from the catalog in force.
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "services/catalog_loader.h"
#include "services/cli/catalog_docs_cmd.h"

namespace lianban::services {
namespace {

TEST(CatalogDocs, PoliciesMarkdownIsUpToDateWithTheCatalog) {
  auto catalog = LoadCatalog(CatalogDirUnder(LIANBAN_SOURCE_DIR));
  ASSERT_TRUE(catalog.ok()) << catalog.error().message;
  std::ifstream in(std::filesystem::path(LIANBAN_SOURCE_DIR) / "docs" / "policies.md",
                   std::ios::binary);
  ASSERT_TRUE(in) << "docs/policies.md is missing: run lianban catalog docs --out docs/policies.md";
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_TRUE(text.str() == cli::RenderCatalogDocs(**catalog))
      << "docs/policies.md is stale: run lianban catalog docs --out docs/policies.md";
}

TEST(CatalogDocs, DocumentsEveryPolicyAndTheReadings) {
  auto catalog = LoadCatalog(CatalogDirUnder(LIANBAN_SOURCE_DIR));
  ASSERT_TRUE(catalog.ok());
  std::string docs = cli::RenderCatalogDocs(**catalog);
  EXPECT_NE(docs.find("## Readings of the spec"), std::string::npos);
  for (const auto& p : (*catalog)->policies()) {
    EXPECT_NE(docs.find("### " + p.id + " " + p.name_zh), std::string::npos) << p.id;
  }
  EXPECT_NE(docs.find("| `dibao_standard_urban` | fen/p/m | 2023-09-01 → 73500; 2024-07-01 → 75000; "
                      "2025-07-01 → 77000 |"),
            std::string::npos);
}

}  // namespace
}  // namespace lianban::services
