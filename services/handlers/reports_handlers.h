// GET /v1/reports/consortium?from=YYYY-MM-DD&to=YYYY-MM-DD (auditor, supervisor, admin): the
// period's figures (domain/report.h) as JSON, or CSV / HTML when the Accept header asks for
// text/csv or text/html. The period defaults to the current month up to today (China time).
#pragma once

#include <memory>

#include "db/database.h"
#include "db/sealer.h"
#include "domain/catalog.h"
#include "domain/clock.h"
#include "services/router.h"

namespace lianban::services {

// `sealer` opens the screening facts that approved amounts and beneficiaries come from.
Handler MakeReportsConsortiumHandler(db::Database& db, const db::Sealer& sealer,
                                     std::shared_ptr<const domain::CompiledCatalog> catalog,
                                     const Clock& clock);

void RegisterReportRoutes(Router& router, db::Database& db, const db::Sealer& sealer,
                          std::shared_ptr<const domain::CompiledCatalog> catalog,
                          const Clock& clock);

}  // namespace lianban::services
