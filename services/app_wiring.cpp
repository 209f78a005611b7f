#include "services/app_wiring.h"

#include <cstdio>

#include "db/audit_spool.h"
#include "db/store.h"
#include "services/app_services.h"
#include "services/authenticator.h"
#include "services/catalog_loader.h"
#include "services/handlers/matters_documents.h"
#include "services/handlers/matters_handlers.h"
#include "services/matter_service.h"
#include "services/routes.h"

namespace lianban::services {

namespace {

// Read-only connections for the registry's reads (db::HouseholdRepository::ReadThrough): one per
// core of the target machine, each with its own page cache and lock.
constexpr int kReaders = 2;

Result<std::vector<std::unique_ptr<db::Database>>> OpenReaders(const std::filesystem::path& file) {
  std::vector<std::unique_ptr<db::Database>> readers;
  for (int i = 0; i < kReaders; ++i) {
    auto reader = db::Database::Open(file.string());
    if (!reader.ok()) return reader.error();
    if (Status s = (*reader)->Exec("PRAGMA query_only=ON"); !s.ok()) return s.error();
    readers.push_back(std::move(reader).value());
  }
  return readers;
}

}  // namespace

struct App::Parts {
  Parts(std::unique_ptr<db::Store> s, const AppOptions& options, const Clock& clock,
        std::shared_ptr<const domain::CompiledCatalog> catalog,
        std::unique_ptr<MatterStack> matter_stack,
        std::vector<std::unique_ptr<db::Database>> reader_connections)
      : store(std::move(s)),
        matters(std::move(matter_stack)),
        readers(std::move(reader_connections)),
        hasher(options.pwhash),
        users(store->db()),
        sessions(store->db()),
        session_service(store->db(), users, sessions, hasher, clock),
        household_repository(store->db(), store->sealer(), store->blind_index()),
        household_service(household_repository, clock),
        dispatcher(router, authenticator) {
    std::vector<db::Database*> reader_pointers;
    for (auto& reader : readers) reader_pointers.push_back(reader.get());
    household_repository.ReadThrough(std::move(reader_pointers));
    context.clock = &clock;
    context.store = store.get();
    context.database = &store->db();
    context.hasher = &hasher;
    context.users = &users;
    context.sessions = &sessions;
    context.authenticator = &authenticator;
    services.context = &context;
    services.sessions = &session_service;
    services.households = &household_service;
    services.catalog = std::move(catalog);
    authenticator.AddLookup([this](std::string_view token) { return session_service.Lookup(token); });
    authenticator.AddLookup(
        [this](std::string_view token) { return matters->service->LookupApiKey(token); });
    RegisterRoutes(router, services);
    RegisterMatterRoutes(router, *matters->service);  // one-matter joint handling (workflow)
    RegisterMatterDocumentRoutes(router, *matters->document_service);
  }

  std::unique_ptr<db::Store> store;  // first: destroyed last, closing the database
  std::unique_ptr<MatterStack> matters;  // joint handling: calendar, repositories, service
  std::vector<std::unique_ptr<db::Database>> readers;  // before the repository that reads on them
  db::PasswordHasher hasher;
  db::UserRepository users;
  db::SessionRepository sessions;
  SessionService session_service;
  db::HouseholdRepository household_repository;
  HouseholdService household_service;
  Authenticator authenticator;
  Router router;
  Dispatcher dispatcher;
  AppContext context;
  AppServices services;
};

Result<std::unique_ptr<App>> App::Open(const AppOptions& options, const Clock& clock) {
  Result<std::unique_ptr<db::Store>> store = db::Store::Open(options.data_dir, clock.NowUnix());
  if (!store.ok()) return store.error();
  // A long-running server: WAL checkpoints must not stall whichever request commits next.
  if (Status s = (*store)->db().CheckpointInBackground(); !s.ok()) return s.error();
  // ... nor should the audit entry of every read cost a commit of its own (db/audit_spool.h).
  if (Status s = db::SpoolAudit((*store)->db(), options.data_dir / db::kAuditSpoolName); !s.ok()) {
    return s.error();
  }
  if (options.prewarm) {
    Status s = (*store)->db().PrewarmInBackground([](std::uint64_t bytes, double seconds) {
      std::fprintf(stderr, "lianban: read the database ahead: %.1f MiB in %.1f s\n",
                   static_cast<double>(bytes) / (1024.0 * 1024.0), seconds);
    });
    if (!s.ok()) return s.error();
  }
  auto catalog = LoadCatalog(CatalogDirUnder(options.data_dir));
  if (!catalog.ok()) return catalog.error();
  auto matters = OpenMatterStack(*store.value(), clock, catalog.value(),
                                 CatalogDirUnder(options.data_dir).parent_path());
  if (!matters.ok()) return matters.error();
  auto readers = OpenReaders(options.data_dir / db::kDatabaseFileName);
  if (!readers.ok()) return readers.error();
  auto parts = std::make_unique<Parts>(std::move(store).value(), options, clock,
                                       std::move(catalog).value(), std::move(matters).value(),
                                       std::move(readers).value());
  return std::unique_ptr<App>(new App(std::move(parts)));
}

App::App(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}
App::~App() = default;
const Dispatcher& App::dispatcher() const { return parts_->dispatcher; }
AppContext& App::context() { return parts_->context; }

}  // namespace lianban::services
