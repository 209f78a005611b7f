// A state machine as data: a list of (from, event, to) rows. Applying an event that has no row
// for the current state is an illegal transition: kConflict "illegal_transition", whose message
// names the events allowed from that state.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "domain/result.h"

namespace lianban::domain::workflow {

template <typename State, typename Event>
struct Transition {
  State from;
  Event event;
  State to;
};

// The events that have a row from `from`, in table order.
template <typename State, typename Event>
std::vector<Event> AllowedEvents(std::span<const Transition<State, Event>> table, State from) {
  std::vector<Event> out;
  for (const auto& row : table) {
    if (row.from == from) out.push_back(row.event);
  }
  return out;
}

// The state after `event` from `from`, or kConflict "illegal_transition". `what` names the
// machine ("matter", "task") and the Name functions render states and events for the message.
template <typename State, typename Event, typename StateName, typename EventName>
Result<State> ApplyTransition(std::span<const Transition<State, Event>> table, State from,
                              Event event, const char* what, StateName state_name,
                              EventName event_name) {
  for (const auto& row : table) {
    if (row.from == from && row.event == event) return row.to;
  }
  std::string allowed;
  for (Event e : AllowedEvents(table, from)) {
    if (!allowed.empty()) allowed += ", ";
    allowed += event_name(e);
  }
  if (allowed.empty()) allowed = "none";
  return Error::Make(ErrorCode::kConflict, "illegal_transition",
                     std::string("a ") + what + " in state " + state_name(from) + " cannot " +
                         event_name(event) + "; allowed: " + allowed);
}

}  // namespace lianban::domain::workflow
