// Reads the catalog seed files (seeds/catalog/{departments,streets,parameters,definitions,
// policies,service_items}.json) into domain specs, versions them by content hash, and compiles
// them (domain::CompileCatalog). Called once at start-up; any error stops the program.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "domain/catalog.h"
#include "domain/result.h"

namespace lianban::services {

// The catalog seed files in `dir`, parsed but not compiled. Errors (kInternal
// "invalid_catalog") name the file and the entry: unreadable file, malformed JSON, a missing or
// mistyped field, an unknown field, an invalid date. `version` is the BLAKE2b-256 hex digest of
// the files' names and bytes, in a fixed order.
Result<domain::CatalogSpec> ReadCatalogSpec(const std::filesystem::path& dir);

// ReadCatalogSpec then domain::CompileCatalog.
Result<std::shared_ptr<const domain::CompiledCatalog>> LoadCatalog(const std::filesystem::path& dir);

// The catalog directory of the source tree (LIANBAN_SOURCE_DIR builds) or of a data directory:
// `<root>/seeds/catalog`.
std::filesystem::path CatalogDirUnder(const std::filesystem::path& root);

}  // namespace lianban::services
