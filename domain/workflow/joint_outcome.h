// The one joint outcome of a decided matter: each policy's decision, its amount (from the
// screening the decision rests on; zero when rejected) and the reason, plus the totals.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.h"
#include "domain/workflow/matter.h"

namespace lianban::domain::workflow {

struct Amount {
  std::int64_t monthly_fen = 0;
  std::int64_t once_fen = 0;
  std::int64_t yearly_fen = 0;
  friend bool operator==(const Amount&, const Amount&) = default;
};

// The amount the screening computed for a policy; nullopt when it has none (treated as zero).
using AmountLookup = std::function<std::optional<Amount>(std::string_view policy_id)>;

struct PolicyOutcome {
  std::string policy_id;
  std::string department;
  Verdict verdict = Verdict::kRejected;
  Amount amount;
  std::string reason;
  std::int64_t decided_at = 0;
};

struct JointOutcome {
  std::vector<PolicyOutcome> policies;  // in the order the matter applied for them
  Amount total;                         // the sum over approved policies
  std::int64_t decided_at = 0;          // when the last task was decided
};

// kConflict "matter_not_decided" unless the matter is decided or closed.
Result<JointOutcome> BuildJointOutcome(const Matter& matter, const AmountLookup& amount_of);

}  // namespace lianban::domain::workflow
