// The rules of one-matter joint handling as pure functions over a Matter. Each operation either
// changes the matter and returns the events it emits (in order), or leaves it untouched and
// returns an Error. Time and identities are arguments; nothing here reads a clock.
//
// Errors shared by the operations: kConflict "illegal_transition" (the message names the allowed
// events), kNotFound "task_not_found", kPermissionDenied "forbidden_department",
// kInvalidArgument for bad input (with the offending field).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "domain/date.h"
#include "domain/result.h"
#include "domain/workflow/matter.h"
#include "domain/workflow/task_derivation.h"
#include "domain/workflow/working_calendar.h"

namespace lianban::domain::workflow {

struct MissingMaterialRequest {
  std::string name;
  Date supply_by;
};

struct OpenMatterRequest {
  std::string matter_id;  // chosen by the caller (random)
  std::string household_id;
  std::string screening_id;
  std::vector<std::string> policy_ids;
  std::vector<MissingMaterialRequest> missing_materials;  // 容缺受理
};

// What the catalog and the calendar tell the workflow.
struct WorkflowRules {
  PolicyDepartmentLookup department_of;
  TimeLimitLookup time_limit_of;
  const WorkingCalendar* calendar = nullptr;
};

struct OpenedMatter {
  Matter matter;
  std::vector<WorkflowEvent> events;
};

// A submitted matter with its tasks scheduled from `now`. Besides DeriveTasks' errors:
// kInvalidArgument "invalid_missing_material" when a missing material has no name (or a repeated
// one), or a supply-by date before tomorrow (CST) or after the matter's deadline.
Result<OpenedMatter> OpenMatter(const OpenMatterRequest& request, const WorkflowRules& rules,
                                std::int64_t now);

enum class DecisionKind { kApprove, kReject, kRequestInfo };
std::optional<DecisionKind> ParseDecisionKind(std::string_view name);  // "approve", ...

// Overrides the task-wide decision for one policy.
struct PolicyVerdictOverride {
  std::string policy_id;
  Verdict verdict = Verdict::kRejected;
  std::string reason;
};

struct TaskDecision {
  DecisionKind kind = DecisionKind::kApprove;
  std::string reason;                           // required, at most 2000 bytes
  std::vector<PolicyVerdictOverride> policies;  // only with approve/reject
};

// A reviewer of `reviewer_department` acts on a task. A pending task is first put in review
// (and a submitted matter with it). request_info moves the task to info_requested and the matter
// to awaiting_info; approve/reject decide every policy of the task, and the last decided task
// decides the matter. Approving while a 容缺 material is outstanding is kConflict
// "materials_outstanding". kInvalidArgument "reason_required", "unknown_policy",
// "duplicate_policy" for bad decisions.
Result<std::vector<WorkflowEvent>> DecideTask(Matter& matter, std::string_view task_id,
                                              std::string_view reviewer_department,
                                              const TaskDecision& decision, std::int64_t now);

// The caseworker supplies what was requested: every info_requested task resumes review with its
// time limit counted afresh from `now` (补正 restarts the clock), and the matter is in review.
Result<std::vector<WorkflowEvent>> SupplyInfo(Matter& matter, std::string_view note,
                                              const WorkingCalendar& calendar, std::int64_t now);

// The caseworker hands in a material accepted as missing. kNotFound "material_not_found",
// kConflict "material_already_supplied", or "illegal_transition" once the matter is settled.
Result<std::vector<WorkflowEvent>> SupplyMissingMaterial(Matter& matter, std::string_view name,
                                                         std::int64_t now);

Result<std::vector<WorkflowEvent>> WithdrawMatter(Matter& matter, std::string_view reason,
                                                  std::int64_t now);
Result<std::vector<WorkflowEvent>> CloseMatter(Matter& matter, std::int64_t now);

}  // namespace lianban::domain::workflow
