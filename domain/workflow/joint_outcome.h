// The one joint outcome of a decided matter: each policy's decision, its amount and beneficiaries
// (from the screening the matter rests on, Matter::screened; zero and none when rejected) and the
// reason, plus the totals.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "domain/result.h"
#include "domain/workflow/matter.h"

namespace lianban::domain::workflow {

struct PolicyOutcome {
  std::string policy_id;
  std::string department;
  Verdict verdict = Verdict::kRejected;
  Amount amount;                   // the screening's amount when approved, else zero
  std::vector<int> beneficiaries;  // the screening's beneficiaries when approved, else none
  std::string screening_status;    // what the screening found ("" when none is linked)
  std::string reason;
  std::int64_t decided_at = 0;
};

struct JointOutcome {
  std::vector<PolicyOutcome> policies;  // in the order the matter applied for them
  Amount total;                         // the sum over approved policies
  std::int64_t decided_at = 0;          // when the last task was decided
};

// kConflict "matter_not_decided" unless the matter is decided or closed. A matter linked to no
// screening (or a policy the screening has no result for) gets zero amounts.
Result<JointOutcome> BuildJointOutcome(const Matter& matter);

}  // namespace lianban::domain::workflow
