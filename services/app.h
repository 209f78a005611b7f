// What handlers depend on: non-owning pointers to the store, the keyring, the clock, the catalog
// and the settings, built once by the wiring (services/app_wiring.h) and passed to every handler
// factory (`Handler MakeXxxHandler(AppContext&)`, one per file in services/handlers/). Tests build an
// AppContext by hand with a FakeClock and a temporary database.
//
// Engineers adding a dependency: add a member here (forward-declare its type) and set it in
// services/app_wiring.cpp.
#pragma once

#include <cstdint>

#include "domain/clock.h"

namespace lianban::db {
class Database;
class Store;
class PasswordHasher;
class UserRepository;
class SessionRepository;
}  // namespace lianban::db

namespace lianban::services {

class Authenticator;

// Authentication policy (docs/openapi.yaml, "Sessions").
struct AuthSettings {
  std::int64_t session_ttl_seconds = 8 * 3600;  // a working day
  int max_failed_logins = 5;                    // consecutive failures before the lock
  std::int64_t lockout_seconds = 15 * 60;
};

struct AppContext {
  const Clock* clock = nullptr;
  db::Store* store = nullptr;        // keyring, data keys, sealer, blind index
  db::Database* database = nullptr;  // == &store->db()
  db::PasswordHasher* hasher = nullptr;
  db::UserRepository* users = nullptr;
  db::SessionRepository* sessions = nullptr;
  Authenticator* authenticator = nullptr;
  AuthSettings auth;
  // catalog: added by the engine engineer (services/catalog_loader.h).
};

}  // namespace lianban::services
