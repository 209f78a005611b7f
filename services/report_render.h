// The consortium report in its three media types: JSON (the default), CSV (one row per group, for
// spreadsheets) and a self-contained HTML page (no external assets; inline SVG bars; Chinese
// labels). Names come from the catalog when it knows the code.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "domain/catalog.h"
#include "domain/report.h"
#include "services/period_query.h"

namespace lianban::services {

// `catalog` may be null (codes are then shown without names).
nlohmann::json ReportJson(const domain::ConsortiumReport& report, const Period& period,
                          const domain::CompiledCatalog* catalog);
std::string ReportCsv(const domain::ConsortiumReport& report, const Period& period,
                      const domain::CompiledCatalog* catalog);
std::string ReportHtml(const domain::ConsortiumReport& report, const Period& period,
                       const domain::CompiledCatalog* catalog);

}  // namespace lianban::services
