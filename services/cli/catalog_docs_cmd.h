// docs/policies.md, generated from the catalog in force: `lianban catalog docs --out FILE`.
#pragma once

#include <string>

#include "domain/catalog.h"

namespace lianban::services::cli {

// The Markdown text of docs/policies.md for `catalog`: the readings of the spec, then per
// department a table of its policies (names, kind, unit, criteria, amount, grants) and the
// parameters they read with their values by date, the derived facts and the service items.
std::string RenderCatalogDocs(const domain::CompiledCatalog& catalog);

}  // namespace lianban::services::cli
