// The audit actor of an authenticated principal, as every service records it.
#pragma once

#include "db/household_repository.h"
#include "domain/authz.h"

namespace lianban::services {

// "user:7" or "apikey:3", and the role name.
db::Actor ActorOf(const domain::Principal& who);

}  // namespace lianban::services
