#include "domain/workflow/task_state.h"

#include <array>
#include <string>

namespace lianban::domain::workflow {
namespace {

constexpr std::array<Transition<TaskState, TaskEvent>, 4> kTaskTable = {{
    {TaskState::kPending, TaskEvent::kStartReview, TaskState::kInReview},
    {TaskState::kInReview, TaskEvent::kRequestInfo, TaskState::kInfoRequested},
    {TaskState::kInReview, TaskEvent::kDecide, TaskState::kDecided},
    {TaskState::kInfoRequested, TaskEvent::kInfoSupplied, TaskState::kInReview},
}};

constexpr std::array<TaskState, 4> kTaskStates = {TaskState::kPending, TaskState::kInReview,
                                                  TaskState::kInfoRequested, TaskState::kDecided};

std::string TaskStateText(TaskState s) { return std::string(TaskStateName(s)); }
std::string TaskEventText(TaskEvent e) { return std::string(TaskEventName(e)); }

}  // namespace

std::span<const Transition<TaskState, TaskEvent>> TaskTransitions() { return kTaskTable; }

Result<TaskState> ApplyTaskEvent(TaskState from, TaskEvent event) {
  return ApplyTransition(TaskTransitions(), from, event, "task", TaskStateText, TaskEventText);
}

std::vector<TaskEvent> AllowedTaskEvents(TaskState from) {
  return AllowedEvents(TaskTransitions(), from);
}

std::string_view TaskStateName(TaskState s) {
  switch (s) {
    case TaskState::kPending:
      return "pending";
    case TaskState::kInReview:
      return "in_review";
    case TaskState::kInfoRequested:
      return "info_requested";
    case TaskState::kDecided:
      return "decided";
  }
  return "unknown";
}

std::string_view TaskEventName(TaskEvent e) {
  switch (e) {
    case TaskEvent::kStartReview:
      return "start_review";
    case TaskEvent::kRequestInfo:
      return "request_info";
    case TaskEvent::kInfoSupplied:
      return "info_supplied";
    case TaskEvent::kDecide:
      return "decide";
  }
  return "unknown";
}

std::optional<TaskState> ParseTaskState(std::string_view name) {
  for (TaskState s : kTaskStates) {
    if (TaskStateName(s) == name) return s;
  }
  return std::nullopt;
}

}  // namespace lianban::domain::workflow
