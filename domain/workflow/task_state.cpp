#include "domain/workflow/task_state.h"

#include <array>
#include <string>

namespace lianban::domain::workflow {
namespace {

using S = TaskState;
using E = TaskEvent;

constexpr std::array<Transition<S, E>, 4> kTable = {{
    {S::kPending, E::kStartReview, S::kInReview},
    {S::kInReview, E::kRequestInfo, S::kInfoRequested},
    {S::kInReview, E::kDecide, S::kDecided},
    {S::kInfoRequested, E::kInfoSupplied, S::kInReview},
}};

constexpr std::array<S, 4> kStates = {S::kPending, S::kInReview, S::kInfoRequested, S::kDecided};

std::string StateText(S s) { return std::string(TaskStateName(s)); }
std::string EventText(E e) { return std::string(TaskEventName(e)); }

}  // namespace

std::span<const Transition<TaskState, TaskEvent>> TaskTransitions() { return kTable; }

Result<TaskState> ApplyTaskEvent(TaskState from, TaskEvent event) {
  return ApplyTransition(TaskTransitions(), from, event, "task", StateText, EventText);
}

std::vector<TaskEvent> AllowedTaskEvents(TaskState from) {
  return AllowedEvents(TaskTransitions(), from);
}

std::string_view TaskStateName(TaskState s) {
  switch (s) {
    case S::kPending:
      return "pending";
    case S::kInReview:
      return "in_review";
    case S::kInfoRequested:
      return "info_requested";
    case S::kDecided:
      return "decided";
  }
  return "unknown";
}

std::string_view TaskEventName(TaskEvent e) {
  switch (e) {
    case E::kStartReview:
      return "start_review";
    case E::kRequestInfo:
      return "request_info";
    case E::kInfoSupplied:
      return "info_supplied";
    case E::kDecide:
      return "decide";
  }
  return "unknown";
}

std::optional<TaskState> ParseTaskState(std::string_view name) {
  for (S s : kStates) {
    if (TaskStateName(s) == name) return s;
  }
  return std::nullopt;
}

}  // namespace lianban::domain::workflow
