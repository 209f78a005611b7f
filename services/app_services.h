// The long-lived service objects handlers call, owned by App (services/app_wiring.cpp). A new
// resource adds its service here and its registration in services/routes.cpp.
#pragma once

#include <memory>

#include "db/household_repository.h"
#include "db/session_repository.h"
#include "db/user_repository.h"
#include "domain/catalog.h"
#include "services/app.h"
#include "services/household_service.h"
#include "services/session_service.h"

namespace lianban::services {

struct AppServices {
  AppContext* context = nullptr;
  SessionService* sessions = nullptr;
  HouseholdService* households = nullptr;
  std::shared_ptr<const domain::CompiledCatalog> catalog;
};

}  // namespace lianban::services
