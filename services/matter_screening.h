// The screening a new matter rests on (docs/workflow.md, "Screening link"): a stored screening of
// the household named by the caseworker, or a new one of the stored household as of the opening
// day, stored and audited as POST /v1/households/{id}/screenings does.
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "domain/authz.h"
#include "domain/date.h"
#include "domain/result.h"
#include "domain/workflow/matter.h"
#include "services/household_screening_service.h"

namespace lianban::services {

struct MatterScreening {
  std::string id;                                         // the stored screening's id
  std::vector<domain::workflow::ScreenedPolicy> results;  // every policy it screened
};

// `screening_id` nullopt: screen the stored household as of `opening_day` and store the result.
// Errors: 422 "unknown_screening" (field screening_id) when the household has no stored screening
// with that id (unknown, or another household's); those of HouseholdScreeningService.
using ScreeningSource = std::function<Result<MatterScreening>(
    const domain::Principal& who, std::int64_t household_id,
    std::optional<std::int64_t> screening_id, domain::Date opening_day)>;

// The per-policy part of a screening result document (api-contract.md, "Screening result").
// kInternal "invalid_screening_document" when it does not have that shape.
Result<std::vector<domain::workflow::ScreenedPolicy>> ScreenedPoliciesFromJson(
    const nlohmann::json& result);

// A source over the registry's stored screenings. `screenings` must outlive it.
ScreeningSource MakeScreeningSource(HouseholdScreeningService& screenings);

}  // namespace lianban::services
