// From the policies applied for to the tasks of a matter: one task per department involved,
// each listing its policies, with a deadline from the policies' time limits.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.h"
#include "domain/workflow/matter.h"
#include "domain/workflow/working_calendar.h"

namespace lianban::domain::workflow {

// The department code of a policy id, or nullopt when the catalog has no such policy.
using PolicyDepartmentLookup = std::function<std::optional<std::string>(std::string_view)>;
// A policy's time limit in working days, or nullopt when none is configured.
using TimeLimitLookup = std::function<std::optional<int>(std::string_view)>;

// Tasks in order of each department's first policy, policies in the order given; state pending,
// no deadline yet. Errors (kInvalidArgument, one field per bad entry "policy_ids[i]"):
// "no_policies" when empty, "unknown_policy", "duplicate_policy".
Result<std::vector<Task>> DeriveTasks(const std::vector<std::string>& policy_ids,
                                      const PolicyDepartmentLookup& department_of);

// Sets each task's time limit (the longest of its policies') and due time counted from
// `accepted_at`. kInternal "missing_time_limit" when a policy has no configured limit.
Status ScheduleTasks(std::vector<Task>& tasks, const TimeLimitLookup& limit_of,
                     const WorkingCalendar& calendar, std::int64_t accepted_at);

}  // namespace lianban::domain::workflow
