#include "domain/workflow/matter_state.h"

#include <array>
#include <string>

namespace lianban::domain::workflow {
namespace {

using S = MatterState;
using E = MatterEvent;

constexpr std::array<Transition<S, E>, 9> kTable = {{
    {S::kSubmitted, E::kStartReview, S::kInReview},
    {S::kSubmitted, E::kWithdraw, S::kWithdrawn},
    {S::kInReview, E::kRequestInfo, S::kAwaitingInfo},
    {S::kInReview, E::kDecide, S::kDecided},
    {S::kInReview, E::kWithdraw, S::kWithdrawn},
    // A second department may ask for more while the first request is outstanding.
    {S::kAwaitingInfo, E::kRequestInfo, S::kAwaitingInfo},
    {S::kAwaitingInfo, E::kSupplyInfo, S::kInReview},
    {S::kAwaitingInfo, E::kWithdraw, S::kWithdrawn},
    {S::kDecided, E::kClose, S::kClosed},
}};

constexpr std::array<S, 6> kStates = {S::kSubmitted, S::kInReview, S::kAwaitingInfo,
                                      S::kDecided,   S::kClosed,   S::kWithdrawn};

std::string StateText(S s) { return std::string(MatterStateName(s)); }
std::string EventText(E e) { return std::string(MatterEventName(e)); }

}  // namespace

std::span<const Transition<MatterState, MatterEvent>> MatterTransitions() { return kTable; }

Result<MatterState> ApplyMatterEvent(MatterState from, MatterEvent event) {
  return ApplyTransition(MatterTransitions(), from, event, "matter", StateText, EventText);
}

std::vector<MatterEvent> AllowedMatterEvents(MatterState from) {
  return AllowedEvents(MatterTransitions(), from);
}

std::string_view MatterStateName(MatterState s) {
  switch (s) {
    case S::kSubmitted:
      return "submitted";
    case S::kInReview:
      return "in_review";
    case S::kAwaitingInfo:
      return "awaiting_info";
    case S::kDecided:
      return "decided";
    case S::kClosed:
      return "closed";
    case S::kWithdrawn:
      return "withdrawn";
  }
  return "unknown";
}

std::string_view MatterEventName(MatterEvent e) {
  switch (e) {
    case E::kStartReview:
      return "start_review";
    case E::kRequestInfo:
      return "request_info";
    case E::kSupplyInfo:
      return "supply_info";
    case E::kDecide:
      return "decide";
    case E::kClose:
      return "close";
    case E::kWithdraw:
      return "withdraw";
  }
  return "unknown";
}

std::optional<MatterState> ParseMatterState(std::string_view name) {
  for (S s : kStates) {
    if (MatterStateName(s) == name) return s;
  }
  return std::nullopt;
}

bool IsSettled(MatterState s) { return s == S::kDecided || s == S::kClosed || s == S::kWithdrawn; }

}  // namespace lianban::domain::workflow
