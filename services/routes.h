// The route table of the API: every resource's registration function, called once by the wiring.
#pragma once

#include "services/router.h"

namespace lianban::services {

struct AppServices;  // defined in services/app_services.h

// Registers every route of the API on `router`.
void RegisterRoutes(Router& router, AppServices& services);

}  // namespace lianban::services
