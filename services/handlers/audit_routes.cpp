// The audit trail's route table.
#include "db/store.h"
#include "services/handlers/audit_handlers.h"

namespace lianban::services {

namespace {

constexpr const char* kAuditPaths[] = {"/v1/audit/verify", "/v1/audit/checkpoint",
                                       "/v1/audit/entries", "/v1/audit/anomalies"};

}  // namespace

void RegisterAuditRoutes(Router& router, std::shared_ptr<AuditService> service,
                         const Clock& clock) {
  router.Add("GET", kAuditPaths[0], MakeAuditVerifyHandler(service));
  router.Add("GET", kAuditPaths[1], MakeAuditCheckpointHandler(service));
  router.Add("GET", kAuditPaths[2], MakeAuditEntriesHandler(service, clock));
  router.Add("GET", kAuditPaths[3], MakeAuditAnomaliesHandler(service, clock));
}

void RegisterAuditRoutes(Router& router, AppContext& context) {
  auto service = AuditService::Make(context.store->db(), context.store->keyring(), *context.clock);
  if (service.ok()) {
    RegisterAuditRoutes(router, std::shared_ptr<AuditService>(std::move(*service)), *context.clock);
    return;
  }
  // Only a broken libsodium gets here (the store could not have opened either): say so per request.
  Handler failing = [error = service.error()](const Request&, RequestContext&) {
    return Response::Problem(error);
  };
  for (const char* path : kAuditPaths) router.Add("GET", path, failing);
}

}  // namespace lianban::services
