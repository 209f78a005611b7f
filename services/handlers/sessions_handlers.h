// POST /v1/sessions (sign in) and DELETE /v1/sessions/current (sign out).
#pragma once

#include "services/router.h"
#include "services/session_service.h"

namespace lianban::services {

// Body {"username","password"} -> 201 {"token","expires_at","user":{"username","role",
// "department"}}; 401 invalid_credentials; 415/400/422 for bodies that break the JSON rules.
Handler MakeSessionsPostHandler(SessionService& service);

// Revokes the caller's session -> 204; the token stops working at once.
Handler MakeSessionsDeleteHandler(SessionService& service);

// Adds both routes (POST public, DELETE authenticated).
void RegisterSessionRoutes(Router& router, SessionService& service);

}  // namespace lianban::services
