// Test fixture: a small policy->department lookup and time limits, and helpers to open matters.
#pragma once

#include <map>
#include <string>

#include "domain/workflow/matter_workflow.h"
#include "tests/domain/workflow/calendar_fixture.h"

namespace lianban::domain::workflow::testing {

inline const std::map<std::string, std::string>& PolicyDepartments() {
  static const std::map<std::string, std::string> m = {
      {"MZ-01", "MZ"}, {"MZ-05", "MZ"}, {"MZ-10", "MZ"}, {"JW-02", "JW"},
      {"YB-01", "YB"}, {"YB-02", "YB"}, {"RS-01", "RS"}};
  return m;
}

inline const std::map<std::string, int>& TimeLimits() {
  static const std::map<std::string, int> m = {{"MZ-01", 20}, {"MZ-05", 5},  {"MZ-10", 15},
                                               {"JW-02", 15}, {"YB-01", 10}, {"YB-02", 10},
                                               {"RS-01", 10}};
  return m;
}

inline WorkflowRules Rules(const WorkingCalendar& calendar) {
  WorkflowRules rules;
  rules.department_of = [](std::string_view id) -> std::optional<std::string> {
    auto it = PolicyDepartments().find(std::string(id));
    if (it == PolicyDepartments().end()) return std::nullopt;
    return it->second;
  };
  rules.time_limit_of = [](std::string_view id) -> std::optional<int> {
    auto it = TimeLimits().find(std::string(id));
    if (it == TimeLimits().end()) return std::nullopt;
    return it->second;
  };
  rules.calendar = &calendar;
  return rules;
}

inline TaskDecision Approve(std::string reason = "meets every criterion") {
  return TaskDecision{DecisionKind::kApprove, std::move(reason), {}};
}
inline TaskDecision Reject(std::string reason = "income above the standard") {
  return TaskDecision{DecisionKind::kReject, std::move(reason), {}};
}
inline TaskDecision RequestMore(std::string reason = "need the 2025 income certificate") {
  return TaskDecision{DecisionKind::kRequestInfo, std::move(reason), {}};
}

}  // namespace lianban::domain::workflow::testing
