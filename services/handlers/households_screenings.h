// POST and GET /v1/households/{id}/screenings (households_screenings_post.cpp, _get.cpp).
#pragma once

#include <memory>

#include "db/store.h"
#include "domain/catalog.h"
#include "domain/clock.h"
#include "services/household_screening_service.h"
#include "services/router.h"

namespace lianban::services {

Handler MakeHouseholdsScreeningsPostHandler(std::shared_ptr<HouseholdScreeningService> service);
Handler MakeHouseholdsScreeningsGetHandler(std::shared_ptr<HouseholdScreeningService> service);

// Builds the screening repository and service (owned by the handlers) and adds both routes.
void RegisterHouseholdScreeningRoutes(Router& router, HouseholdService& households,
                                      db::Store& store,
                                      std::shared_ptr<const domain::CompiledCatalog> catalog,
                                      const Clock& clock);

}  // namespace lianban::services
