#include "domain/workflow/task_derivation.h"

#include <algorithm>
#include <set>

#include "domain/workflow/deadline.h"

namespace lianban::domain::workflow {
namespace {

Task* TaskOf(std::vector<Task>& tasks, const std::string& department) {
  for (auto& t : tasks) {
    if (t.department == department) return &t;
  }
  return nullptr;
}

std::vector<FieldError> CheckPolicies(const std::vector<std::string>& policy_ids,
                                      const PolicyDepartmentLookup& department_of) {
  std::vector<FieldError> errors;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < policy_ids.size(); ++i) {
    const std::string path = "policy_ids[" + std::to_string(i) + "]";
    if (!department_of(policy_ids[i])) {
      errors.push_back({path, "unknown_policy", "no policy has this id"});
    } else if (!seen.insert(policy_ids[i]).second) {
      errors.push_back({path, "duplicate_policy", "the policy is listed twice"});
    }
  }
  return errors;
}

}  // namespace

Result<std::vector<Task>> DeriveTasks(const std::vector<std::string>& policy_ids,
                                      const PolicyDepartmentLookup& department_of) {
  if (policy_ids.empty()) {
    return Error::Make(ErrorCode::kInvalidArgument, "no_policies",
                       "a matter applies for at least one policy");
  }
  if (auto errors = CheckPolicies(policy_ids, department_of); !errors.empty()) {
    Error e = Error::Make(ErrorCode::kInvalidArgument, errors.front().code,
                          "some policy ids are unknown or repeated");
    e.fields = std::move(errors);
    return e;
  }
  std::vector<Task> tasks;
  for (const auto& policy : policy_ids) {
    const std::string department = *department_of(policy);
    Task* task = TaskOf(tasks, department);
    if (task == nullptr) {
      task = &tasks.emplace_back();
      task->id = department;
      task->department = department;
    }
    task->policy_ids.push_back(policy);
  }
  return tasks;
}

Status ScheduleTasks(std::vector<Task>& tasks, const TimeLimitLookup& limit_of,
                     const WorkingCalendar& calendar, std::int64_t accepted_at) {
  for (auto& task : tasks) {
    int limit = 0;
    for (const auto& policy : task.policy_ids) {
      const std::optional<int> days = limit_of(policy);
      if (!days) {
        return Error::Make(ErrorCode::kInternal, "missing_time_limit",
                           "no time limit is configured for policy " + policy);
      }
      limit = std::max(limit, *days);
    }
    auto due = DueAt(calendar, accepted_at, limit);
    if (!due) return Error(due.error());
    task.time_limit_working_days = limit;
    task.due_at = *due;
  }
  return OkStatus();
}

}  // namespace lianban::domain::workflow
