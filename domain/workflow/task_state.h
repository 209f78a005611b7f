// The states of one department's task within a matter and the table of allowed transitions:
// pending -> in_review <-> info_requested, in_review -> decided.
#pragma once

#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "domain/result.h"
#include "domain/workflow/transition_table.h"

namespace lianban::domain::workflow {

enum class TaskState { kPending, kInReview, kInfoRequested, kDecided };

enum class TaskEvent {
  kStartReview,   // a reviewer of the department picks the task up
  kRequestInfo,   // the reviewer needs more information from the applicant
  kInfoSupplied,  // the caseworker supplied it; review resumes
  kDecide,        // every policy of the task is approved or rejected
};

std::span<const Transition<TaskState, TaskEvent>> TaskTransitions();

// The state after `event`, or kConflict "illegal_transition" naming the allowed events.
Result<TaskState> ApplyTaskEvent(TaskState from, TaskEvent event);
std::vector<TaskEvent> AllowedTaskEvents(TaskState from);

// Wire names: "pending", "in_review", "info_requested", "decided"; "start_review", ...
std::string_view TaskStateName(TaskState s);
std::string_view TaskEventName(TaskEvent e);
std::optional<TaskState> ParseTaskState(std::string_view name);

}  // namespace lianban::domain::workflow
