// The one place where the server's objects are built and connected: the store of a data
// directory, the password hasher, repositories, services, the catalog, the authenticator, the
// router with every route, and the dispatcher. `lianban serve` and the handler tests use it.
#pragma once

#include <filesystem>
#include <memory>

#include "db/password_hasher.h"
#include "domain/clock.h"
#include "domain/result.h"
#include "services/app.h"
#include "services/dispatcher.h"

namespace lianban::services {

struct AppOptions {
  std::filesystem::path data_dir;
  db::PasswordHashParams pwhash = db::PasswordHashParams::Default();
  // Read the database file ahead in the background (db::Database::PrewarmInBackground) and say
  // on stderr when done. For the server; tests and one-off commands leave it off.
  bool prewarm = false;
};

class App {
 public:
  // Opens the initialized data directory (db::Store::Open), loads the catalog from
  // <data>/seeds/catalog and registers every route. Errors: those of Store::Open (e.g. 
  // "key_file_permissions", "data_dir_missing") and of the catalog loader.
  static Result<std::unique_ptr<App>> Open(const AppOptions& options, const Clock& clock);

  ~App();
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  const Dispatcher& dispatcher() const;
  AppContext& context();

 private:
  struct Parts;
  explicit App(std::unique_ptr<Parts> parts);
  std::unique_ptr<Parts> parts_;
};

}  // namespace lianban::services
