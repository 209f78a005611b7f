// The values of a one-matter joint application: the matter, one task per department involved,
// each policy's decision, materials accepted as missing (容缺受理), and the events a change emits.
// Plain data; the rules that change them live in matter_workflow.h.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/date.h"
#include "domain/workflow/matter_state.h"
#include "domain/workflow/task_state.h"

namespace lianban::domain::workflow {

enum class Verdict { kApproved, kRejected };

struct Amount {
  std::int64_t monthly_fen = 0;
  std::int64_t once_fen = 0;
  std::int64_t yearly_fen = 0;
  friend bool operator==(const Amount&, const Amount&) = default;
};

// What the screening a matter rests on found for one policy applied for (api-contract.md,
// "Screening result"). A policy found ineligible may still be applied for: the reviewer decides.
struct ScreenedPolicy {
  std::string policy_id;
  std::string status;              // "eligible", "ineligible" or "needs_info"
  Amount amount;                   // zero unless eligible
  std::vector<int> beneficiaries;  // 0-based member indexes, ascending
  friend bool operator==(const ScreenedPolicy&, const ScreenedPolicy&) = default;
};
std::string_view VerdictName(Verdict v);  // "approved", "rejected"

struct PolicyDecision {
  std::string policy_id;
  Verdict verdict = Verdict::kRejected;
  std::string reason;
  std::int64_t decided_at = 0;
};

struct Task {
  std::string id;  // the department code: a matter has at most one task per department
  std::string department;
  std::vector<std::string> policy_ids;  // in the order applied for
  TaskState state = TaskState::kPending;
  int time_limit_working_days = 0;        // the longest limit among its policies
  std::int64_t due_at = 0;                // Unix seconds; see deadline.h
  std::string info_request;               // the outstanding request's reason, while info_requested
  std::vector<PolicyDecision> decisions;  // once decided: one per policy, in policy order
};

// 容缺受理: accepted without this material, which must be supplied by `supply_by` (CST date).
struct MissingMaterial {
  std::string name;
  Date supply_by;
  std::optional<std::int64_t> supplied_at;
};

struct Matter {
  std::string id;
  std::string household_id;
  std::string screening_id;  // the screening the amounts come from; may be empty
  std::vector<ScreenedPolicy> screened;  // its results for policy_ids, in that order (or empty)
  std::vector<std::string> policy_ids;
  MatterState state = MatterState::kSubmitted;
  std::int64_t submitted_at = 0;
  std::int64_t due_at = 0;  // the overall deadline: the latest task deadline
  std::vector<Task> tasks;
  std::vector<MissingMaterial> missing_materials;
  std::int64_t version = 0;  // optimistic concurrency, maintained by the repository
};

// What changed, for the audit trail and the agencies' event feed. `department` is the task's
// department for task events and empty for matter-wide events (seen by every department on it).
struct WorkflowEvent {
  std::string type;  // e.g. "matter.submitted", "task.decided"; see docs/workflow.md
  std::string matter_id;
  std::string task_id;
  std::string department;
  std::string from_state;
  std::string to_state;
  std::string detail;  // a decision summary, a material's name, or a caseworker's note or reason
                      // (free text: sealed at rest, db/event_outbox.h)
  std::int64_t at = 0;
};

// The task with that id, or nullptr.
const Task* FindTask(const Matter& m, std::string_view task_id);
// True when `department` has a task on the matter: only then may it see its materials.
bool HasTaskFor(const Matter& m, std::string_view department);

}  // namespace lianban::domain::workflow
