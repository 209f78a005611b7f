#include "services/routes.h"

#include "services/app_services.h"
#include "services/handlers/audit_handlers.h"
#include "services/handlers/catalog_handlers.h"
#include "services/handlers/healthz.h"
#include "services/handlers/households_handlers.h"
#include "services/handlers/households_screenings.h"
#include "services/handlers/reports_handlers.h"
#include "services/handlers/sessions_handlers.h"

namespace lianban::services {

void RegisterRoutes(Router& router, AppServices& services) {
  router.Add("GET", "/healthz", HandleHealthz, Access::kPublic);
  RegisterSessionRoutes(router, *services.sessions);
  RegisterHouseholdRoutes(router, *services.households);
  RegisterHouseholdScreeningRoutes(router, *services.households, *services.context->store,
                                   services.catalog, *services.context->clock);
  RegisterAuditRoutes(router, *services.context);
  RegisterReportRoutes(router, *services.context->database, services.context->store->sealer(),
                       services.catalog,
                       *services.context->clock);
  RegisterCatalogRoutes(router, services.catalog, *services.context->database,
                        *services.context->clock);
  // Catalog, screenings, matters, events, API keys, audit and reports register here as their
  // handlers land (services/handlers/<resource>_routes.cpp).
}

}  // namespace lianban::services
