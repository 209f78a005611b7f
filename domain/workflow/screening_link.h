// Linking a newly opened matter to the screening it rests on, so its joint outcome carries the
// screening's amounts. A policy the screening found ineligible or lacking information may still be
// applied for (the reviewer decides); its status is recorded with the matter.
#pragma once

#include <string>
#include <vector>

#include "domain/result.h"
#include "domain/workflow/matter.h"

namespace lianban::domain::workflow {

// Records `screening_id` and, for each policy of the matter in order, the screening's result for
// it (`results` may hold more policies). kInvalidArgument "policy_not_screened" (field
// policy_ids[i]) when `results` lacks a policy applied for, e.g. a screening made with an older
// catalog. The matter is unchanged on error.
Status AttachScreening(Matter& matter, std::string screening_id,
                       const std::vector<ScreenedPolicy>& results);

// The policies applied for that the screening did not find eligible, in application order.
std::vector<std::string> PoliciesNotFoundEligible(const Matter& matter);

}  // namespace lianban::domain::workflow
