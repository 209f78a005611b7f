// The states of a one-matter joint application (一件事联办) and the table of allowed transitions.
// submitted -> in_review <-> awaiting_info, in_review -> decided -> closed; withdrawn from any
// open state. See docs/workflow.md for the diagram.
#pragma once

#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "domain/result.h"
#include "domain/workflow/transition_table.h"

namespace lianban::domain::workflow {

enum class MatterState { kSubmitted, kInReview, kAwaitingInfo, kDecided, kClosed, kWithdrawn };

enum class MatterEvent {
  kStartReview,  // a department begins reviewing its task
  kRequestInfo,  // a department asks the applicant for more information
  kSupplyInfo,   // the caseworker supplies every outstanding request
  kDecide,       // the last task has been decided
  kClose,        // the joint outcome has been delivered
  kWithdraw,     // the applicant withdraws before the decision
};

// The whole table, one row per legal transition.
std::span<const Transition<MatterState, MatterEvent>> MatterTransitions();

// The state after `event`, or kConflict "illegal_transition" naming the allowed events.
Result<MatterState> ApplyMatterEvent(MatterState from, MatterEvent event);
std::vector<MatterEvent> AllowedMatterEvents(MatterState from);

// Wire names: "submitted", "in_review", ...; "start_review", "request_info", ...
std::string_view MatterStateName(MatterState s);
std::string_view MatterEventName(MatterEvent e);
std::optional<MatterState> ParseMatterState(std::string_view name);

// True for decided, closed and withdrawn: no department works on the matter any more.
bool IsSettled(MatterState s);

}  // namespace lianban::domain::workflow
