// Wiring of the stored-screening routes: the repository and service live as long as the handlers.
#include "services/handlers/households_screenings.h"

namespace lianban::services {
namespace {

// The repository and the service built on it, owned together.
struct ScreeningParts {
  ScreeningParts(HouseholdService& households, db::Store& store,
                 std::shared_ptr<const domain::CompiledCatalog> catalog, const Clock& clock)
      : repository(store.db(), store.sealer()),
        service(households, repository, std::move(catalog), clock) {}
  db::ScreeningRepository repository;
  HouseholdScreeningService service;
};

}  // namespace

void RegisterHouseholdScreeningRoutes(Router& router, HouseholdService& households,
                                      db::Store& store,
                                      std::shared_ptr<const domain::CompiledCatalog> catalog,
                                      const Clock& clock) {
  auto parts = std::make_shared<ScreeningParts>(households, store, std::move(catalog), clock);
  std::shared_ptr<HouseholdScreeningService> service(parts, &parts->service);
  router.Add("POST", "/v1/households/{id}/screenings", MakeHouseholdsScreeningsPostHandler(service));
  router.Add("GET", "/v1/households/{id}/screenings", MakeHouseholdsScreeningsGetHandler(service));
}

}  // namespace lianban::services
