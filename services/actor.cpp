#include "services/actor.h"

#include <string>

namespace lianban::services {

db::Actor ActorOf(const domain::Principal& who) {
  const char* kind = who.kind == domain::Principal::Kind::kApiKey ? "apikey:" : "user:";
  return db::Actor{kind + std::to_string(who.id), std::string(domain::RoleName(who.role))};
}

}  // namespace lianban::services
