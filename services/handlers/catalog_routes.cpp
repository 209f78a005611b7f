// The catalog's and the anonymous screening's route table.
#include "services/handlers/catalog_handlers.h"

namespace lianban::services {

void RegisterCatalogRoutes(Router& router, CatalogPtr catalog, db::Database& database,
                           const Clock& clock) {
  router.Add("GET", "/v1/catalog/departments", MakeCatalogDepartmentsHandler(catalog));
  router.Add("GET", "/v1/catalog/policies", MakeCatalogPoliciesHandler(catalog));
  router.Add("GET", "/v1/catalog/service-items", MakeCatalogServiceItemsHandler(catalog));
  router.Add("GET", "/v1/catalog/policies/{id}", MakeCatalogPolicyHandler(catalog));
  router.Add("POST", "/v1/screenings", MakeScreeningsPostHandler(catalog, database, clock));
}

}  // namespace lianban::services
