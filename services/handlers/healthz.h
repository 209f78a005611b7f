// GET /healthz: liveness, for anyone.
#pragma once

#include "services/router.h"

namespace lianban::services {

// 200 {"status":"ok"}.
Response HandleHealthz(const Request& request, RequestContext& context);

}  // namespace lianban::services
