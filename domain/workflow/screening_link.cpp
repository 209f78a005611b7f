#include "domain/workflow/screening_link.h"

#include <algorithm>

namespace lianban::domain::workflow {

Status AttachScreening(Matter& matter, std::string screening_id,
                       const std::vector<ScreenedPolicy>& results) {
  std::vector<ScreenedPolicy> screened;
  for (std::size_t i = 0; i < matter.policy_ids.size(); ++i) {
    const std::string& policy = matter.policy_ids[i];
    auto it = std::find_if(results.begin(), results.end(),
                           [&](const ScreenedPolicy& r) { return r.policy_id == policy; });
    if (it == results.end()) {
      const std::string path = "policy_ids[" + std::to_string(i) + "]";
      Error e = Error::Make(ErrorCode::kInvalidArgument, "policy_not_screened",
                            "the screening has no result for " + policy);
      e.fields.push_back({path, "policy_not_screened", "the screening has no result for it"});
      return e;
    }
    screened.push_back(*it);
  }
  matter.screening_id = std::move(screening_id);
  matter.screened = std::move(screened);
  return OkStatus();
}

std::vector<std::string> PoliciesNotFoundEligible(const Matter& matter) {
  std::vector<std::string> out;
  for (const auto& s : matter.screened) {
    if (s.status != "eligible") out.push_back(s.policy_id);
  }
  return out;
}

}  // namespace lianban::domain::workflow
