// The catalog and screening routes: GET /v1/catalog/departments|policies|service-items,
// GET /v1/catalog/policies/{id} (catalog_*.cpp) and POST /v1/screenings (screenings_post.cpp).
#pragma once

#include <memory>

#include "domain/catalog.h"
#include "domain/clock.h"
#include "services/router.h"

namespace lianban::db {
class Database;
}

namespace lianban::services {

using CatalogPtr = std::shared_ptr<const domain::CompiledCatalog>;

Handler MakeCatalogDepartmentsHandler(CatalogPtr catalog);
Handler MakeCatalogPoliciesHandler(CatalogPtr catalog);
Handler MakeCatalogServiceItemsHandler(CatalogPtr catalog);
// 404 `unknown_policy` when no policy has the id.
Handler MakeCatalogPolicyHandler(CatalogPtr catalog);
// Screens the body's household at its as_of; appends one audit entry to `database` (time from
// `clock`), stores nothing else.
Handler MakeScreeningsPostHandler(CatalogPtr catalog, db::Database& database, const Clock& clock);

// Adds the five routes above.
void RegisterCatalogRoutes(Router& router, CatalogPtr catalog, db::Database& database,
                           const Clock& clock);

}  // namespace lianban::services
