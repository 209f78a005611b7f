// The joint-handling route table.
#include "services/handlers/matters_handlers.h"

namespace lianban::services {

void RegisterMatterRoutes(Router& router, MatterService& service) {
  router.Add("POST", "/v1/matters", MakeMattersPostHandler(service));
  // Before /v1/matters/{id}: the first matching route wins.
  router.Add("GET", "/v1/matters/alerts", MakeMattersAlertsGetHandler(service));
  router.Add("GET", "/v1/matters/{id}", MakeMattersGetHandler(service));
  router.Add("POST", "/v1/matters/{id}/tasks/{task_id}/decision",
             MakeMattersDecisionPostHandler(service));
  router.Add("POST", "/v1/matters/{id}/supply-info", MakeMattersSupplyInfoPostHandler(service));
  router.Add("POST", "/v1/matters/{id}/materials", MakeMattersMaterialSuppliedPostHandler(service));
  router.Add("POST", "/v1/matters/{id}/withdraw", MakeMattersWithdrawPostHandler(service));
  router.Add("GET", "/v1/events", MakeEventsGetHandler(service));
  router.Add("POST", "/v1/api-keys", MakeApiKeysPostHandler(service));
  router.Add("DELETE", "/v1/api-keys/{id}", MakeApiKeysDeleteHandler(service));
}

}  // namespace lianban::services
