// The registry's HTTP handlers (one per file: households_post.cpp, households_get.cpp, ...) and the
// one call that registers them. Each parses the request, calls one HouseholdService function and
// renders its result; errors become problem+json through Response::Problem.
#pragma once

#include <cstdint>
#include <optional>

#include <nlohmann/json.hpp>

#include "services/household_service.h"
#include "services/router.h"

namespace lianban::services {

Handler MakeHouseholdsPostHandler(HouseholdService& service);     // POST /v1/households
Handler MakeHouseholdsGetHandler(HouseholdService& service);      // GET /v1/households/{id}
Handler MakeHouseholdsPutHandler(HouseholdService& service);      // PUT /v1/households/{id}
Handler MakeHouseholdsListHandler(HouseholdService& service);     // GET /v1/households
Handler MakePersonsGetHandler(HouseholdService& service);         // GET /v1/persons

// Adds every route above to `router`.
void RegisterHouseholdRoutes(Router& router, HouseholdService& service);

// The household as the API returns it: household.md's model plus id, version, created, updated.
nlohmann::json RenderHousehold(const HouseholdView& view);
// A list entry: the clear summary only (no personal data).
nlohmann::json RenderSummary(const db::HouseholdSummary& summary);
// 200/201 with the household, its ETag and (for 201) Location.
Response HouseholdResponse(int status, const HouseholdView& view);
// The same JSON value as RenderHousehold of the decoded household, written without decoding it:
// the server fields, then the stored document's members. The stored document is
// EncodeHousehold(...).dump() (sealed, so only this program wrote it), which decodes and encodes
// back to itself (tested), so nothing is lost; a document that is not a non-empty JSON object
// is 500 stored_document_invalid, as a document that does not decode was.
Result<std::string> RenderStoredHousehold(const db::StoredHousehold& stored);
// The {id} path parameter as a household id; nullopt (answer 404) unless it is a positive
// decimal integer without sign or leading zeros.
std::optional<std::int64_t> HouseholdIdParam(const Request& request);
// 404 household_not_found.
Response HouseholdNotFound();

}  // namespace lianban::services
