// The registry's route table.
#include "services/handlers/households_handlers.h"

namespace lianban::services {

void RegisterHouseholdRoutes(Router& router, HouseholdService& service) {
  router.Add("POST", "/v1/households", MakeHouseholdsPostHandler(service));
  router.Add("GET", "/v1/households", MakeHouseholdsListHandler(service));
  router.Add("GET", "/v1/households/{id}", MakeHouseholdsGetHandler(service));
  router.Add("PUT", "/v1/households/{id}", MakeHouseholdsPutHandler(service));
  router.Add("GET", "/v1/persons", MakePersonsGetHandler(service));
}

}  // namespace lianban::services
