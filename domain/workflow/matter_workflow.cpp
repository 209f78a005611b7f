#include "domain/workflow/matter_workflow.h"

#include <algorithm>
#include <set>

#include "domain/workflow/deadline.h"

namespace lianban::domain::workflow {
namespace {

constexpr std::size_t kMaxReasonBytes = 2000;
constexpr std::size_t kMaxMaterialNameBytes = 200;

using Events = std::vector<WorkflowEvent>;

Error Invalid(std::string reason, std::string path, std::string message) {
  Error e = Error::Make(ErrorCode::kInvalidArgument, reason, message);
  e.fields.push_back({std::move(path), std::move(reason), std::move(message)});
  return e;
}

WorkflowEvent MatterEventRecord(const Matter& m, std::string type, std::string from,
                                std::string detail, std::int64_t now) {
  return WorkflowEvent{
      std::move(type),   m.id, "", "", std::move(from), std::string(MatterStateName(m.state)),
      std::move(detail), now};
}

WorkflowEvent TaskEventRecord(const Matter& m, const Task& t, std::string type, std::string from,
                              std::string detail, std::int64_t now) {
  return WorkflowEvent{std::move(type),
                       m.id,
                       t.id,
                       t.department,
                       std::move(from),
                       std::string(TaskStateName(t.state)),
                       std::move(detail),
                       now};
}

// Applies a matter event; emits "matter.<new state>" when the state changes.
Status MoveMatter(Matter& m, MatterEvent event, std::string detail, std::int64_t now, Events& out) {
  auto next = ApplyMatterEvent(m.state, event);
  if (!next) return Error(next.error());
  const MatterState from = m.state;
  m.state = *next;
  if (from != m.state) {
    out.push_back(MatterEventRecord(m, "matter." + std::string(MatterStateName(m.state)),
                                    std::string(MatterStateName(from)), std::move(detail), now));
  }
  return OkStatus();
}

// Applies a task event; emits "task.<new state>".
Status MoveTask(const Matter& m, Task& t, TaskEvent event, std::string detail, std::int64_t now,
                Events& out) {
  auto next = ApplyTaskEvent(t.state, event);
  if (!next) return Error(next.error());
  const TaskState from = t.state;
  t.state = *next;
  out.push_back(TaskEventRecord(m, t, "task." + std::string(TaskStateName(t.state)),
                                std::string(TaskStateName(from)), std::move(detail), now));
  return OkStatus();
}

// Work on a settled matter is refused with the matter's own allowed events.
Status RequireOpen(const Matter& m, std::string_view action) {
  if (!IsSettled(m.state)) return OkStatus();
  std::string allowed;
  for (MatterEvent e : AllowedMatterEvents(m.state)) {
    allowed += (allowed.empty() ? "" : ", ") + std::string(MatterEventName(e));
  }
  return Error::Make(ErrorCode::kConflict, "illegal_transition",
                     "a matter in state " + std::string(MatterStateName(m.state)) + " cannot " +
                         std::string(action) +
                         "; allowed: " + (allowed.empty() ? "none" : allowed));
}

Status CheckReason(std::string_view reason, const std::string& path) {
  if (reason.empty()) return Invalid("reason_required", path, "a reason is required");
  if (reason.size() > kMaxReasonBytes) {
    return Invalid("reason_too_long", path, "a reason is at most 2000 bytes");
  }
  return OkStatus();
}

Status CheckMissingMaterials(const std::vector<MissingMaterialRequest>& list, Date today,
                             Date last_due_day) {
  std::set<std::string> names;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string path = "missing_materials[" + std::to_string(i) + "]";
    const auto& item = list[i];
    if (item.name.empty() || item.name.size() > kMaxMaterialNameBytes) {
      return Invalid("invalid_missing_material", path + ".name", "a name of 1 to 200 bytes");
    }
    if (!names.insert(item.name).second) {
      return Invalid("invalid_missing_material", path + ".name", "the material is listed twice");
    }
    if (item.supply_by <= today || item.supply_by > last_due_day) {
      return Invalid("invalid_missing_material", path + ".supply_by",
                     "supply_by lies after today and no later than the matter's deadline " +
                         last_due_day.ToString());
    }
  }
  return OkStatus();
}

std::int64_t LatestDue(const std::vector<Task>& tasks) {
  std::int64_t latest = 0;
  for (const auto& t : tasks) latest = std::max(latest, t.due_at);
  return latest;
}

bool AllDecided(const Matter& m) {
  return std::all_of(m.tasks.begin(), m.tasks.end(),
                     [](const Task& t) { return t.state == TaskState::kDecided; });
}

bool MaterialsOutstanding(const Matter& m) {
  return std::any_of(m.missing_materials.begin(), m.missing_materials.end(),
                     [](const MissingMaterial& mm) { return !mm.supplied_at.has_value(); });
}

Result<std::vector<PolicyDecision>> PolicyDecisions(const Task& task, const TaskDecision& d,
                                                    std::int64_t now) {
  const Verdict base = d.kind == DecisionKind::kApprove ? Verdict::kApproved : Verdict::kRejected;
  std::vector<PolicyDecision> out;
  for (const auto& p : task.policy_ids) out.push_back({p, base, d.reason, now});
  std::set<std::string> seen;
  for (std::size_t i = 0; i < d.policies.size(); ++i) {
    const auto& o = d.policies[i];
    const std::string path = "policies[" + std::to_string(i) + "]";
    auto it = std::find_if(out.begin(), out.end(),
                           [&](const PolicyDecision& pd) { return pd.policy_id == o.policy_id; });
    if (it == out.end()) {
      return Invalid("unknown_policy", path + ".policy_id", "the task has no such policy");
    }
    if (!seen.insert(o.policy_id).second) {
      return Invalid("duplicate_policy", path + ".policy_id", "the policy is decided twice");
    }
    if (auto s = CheckReason(o.reason, path + ".reason"); !s) return Error(s.error());
    it->verdict = o.verdict;
    it->reason = o.reason;
  }
  return out;
}

bool AnyApproved(const std::vector<PolicyDecision>& decisions) {
  return std::any_of(decisions.begin(), decisions.end(),
                     [](const PolicyDecision& d) { return d.verdict == Verdict::kApproved; });
}

Status StartReviewIfPending(Matter& m, Task& t, std::int64_t now, Events& out) {
  if (t.state != TaskState::kPending) return OkStatus();
  if (auto s = MoveTask(m, t, TaskEvent::kStartReview, "", now, out); !s) return s;
  if (m.state != MatterState::kSubmitted) return OkStatus();
  return MoveMatter(m, MatterEvent::kStartReview, "", now, out);
}

Status RequestInfo(Matter& m, Task& t, const TaskDecision& d, std::int64_t now, Events& out) {
  if (!d.policies.empty()) {
    return Invalid("unknown_field", "policies", "request_info decides no policy");
  }
  // The reason is personal data: it stays with the task (sealed by the store), not in the events
  // agencies read.
  if (auto s = MoveTask(m, t, TaskEvent::kRequestInfo, "", now, out); !s) return s;
  t.info_request = d.reason;
  return MoveMatter(m, MatterEvent::kRequestInfo, "", now, out);
}

Status Decide(Matter& m, Task& t, const TaskDecision& d, std::int64_t now, Events& out) {
  auto decisions = PolicyDecisions(t, d, now);
  if (!decisions) return Error(decisions.error());
  if (auto s = MoveTask(m, t, TaskEvent::kDecide, "", now, out); !s) return s;
  if (AnyApproved(*decisions) && MaterialsOutstanding(m)) {
    return Error::Make(ErrorCode::kConflict, "materials_outstanding",
                       "a material accepted as missing (容缺) must be supplied before approval");
  }
  t.decisions = std::move(*decisions);
  std::string summary;
  for (const auto& pd : t.decisions) {
    summary +=
        (summary.empty() ? "" : ",") + pd.policy_id + ":" + std::string(VerdictName(pd.verdict));
  }
  out.back().detail = summary;
  if (!AllDecided(m)) return OkStatus();
  return MoveMatter(m, MatterEvent::kDecide, "", now, out);
}

Task* MutableTask(Matter& m, std::string_view task_id) {
  for (auto& t : m.tasks) {
    if (t.id == task_id) return &t;
  }
  return nullptr;
}

}  // namespace

std::optional<DecisionKind> ParseDecisionKind(std::string_view name) {
  if (name == "approve") return DecisionKind::kApprove;
  if (name == "reject") return DecisionKind::kReject;
  if (name == "request_info") return DecisionKind::kRequestInfo;
  return std::nullopt;
}

Result<OpenedMatter> OpenMatter(const OpenMatterRequest& request, const WorkflowRules& rules,
                                std::int64_t now) {
  if (request.household_id.empty()) {
    return Invalid("household_required", "household_id", "a matter is for a household");
  }
  auto tasks = DeriveTasks(request.policy_ids, rules.department_of);
  if (!tasks) return Error(tasks.error());
  const WorkingCalendar& calendar = *rules.calendar;
  if (auto s = ScheduleTasks(*tasks, rules.time_limit_of, calendar, now); !s) {
    return Error(s.error());
  }
  OpenedMatter opened;
  Matter& m = opened.matter;
  m.id = request.matter_id;
  m.household_id = request.household_id;
  m.screening_id = request.screening_id;
  m.policy_ids = request.policy_ids;
  m.submitted_at = now;
  m.tasks = std::move(*tasks);
  m.due_at = LatestDue(m.tasks);
  if (auto s =
          CheckMissingMaterials(request.missing_materials, ChinaDate(now), ChinaDate(m.due_at));
      !s) {
    return Error(s.error());
  }
  for (const auto& mm : request.missing_materials) {
    m.missing_materials.push_back({mm.name, mm.supply_by, std::nullopt});
  }
  opened.events.push_back(MatterEventRecord(m, "matter.submitted", "", "", now));
  for (const auto& t : m.tasks) {
    opened.events.push_back(TaskEventRecord(m, t, "task.created", "", "", now));
  }
  return opened;
}

Result<std::vector<WorkflowEvent>> DecideTask(Matter& matter, std::string_view task_id,
                                              std::string_view reviewer_department,
                                              const TaskDecision& decision, std::int64_t now) {
  Matter m = matter;
  Task* t = MutableTask(m, task_id);
  if (t == nullptr) {
    return Error::Make(ErrorCode::kNotFound, "task_not_found", "the matter has no such task");
  }
  if (t->department != reviewer_department) {
    return Error::Make(ErrorCode::kPermissionDenied, "forbidden_department",
                       "the task belongs to another department");
  }
  if (auto s = RequireOpen(m, "take decisions"); !s) return Error(s.error());
  if (auto s = CheckReason(decision.reason, "reason"); !s) return Error(s.error());
  Events out;
  if (auto s = StartReviewIfPending(m, *t, now, out); !s) return Error(s.error());
  Status s = decision.kind == DecisionKind::kRequestInfo ? RequestInfo(m, *t, decision, now, out)
                                                         : Decide(m, *t, decision, now, out);
  if (!s) return Error(s.error());
  matter = std::move(m);
  return out;
}

Result<std::vector<WorkflowEvent>> SupplyInfo(Matter& matter, std::string_view note,
                                              const WorkingCalendar& calendar, std::int64_t now) {
  Matter m = matter;
  Events out;
  if (auto s = CheckReason(note, "note"); !s) return Error(s.error());
  if (auto s = MoveMatter(m, MatterEvent::kSupplyInfo, std::string(note), now, out); !s) {
    return Error(s.error());
  }
  for (auto& t : m.tasks) {
    if (t.state != TaskState::kInfoRequested) continue;
    if (auto s = MoveTask(m, t, TaskEvent::kInfoSupplied, std::string(note), now, out); !s) {
      return Error(s.error());
    }
    t.info_request.clear();
    auto due = DueAt(calendar, now, t.time_limit_working_days);
    if (!due) return Error(due.error());
    t.due_at = *due;
  }
  m.due_at = LatestDue(m.tasks);
  matter = std::move(m);
  return out;
}

Result<std::vector<WorkflowEvent>> SupplyMissingMaterial(Matter& matter, std::string_view name,
                                                         std::int64_t now) {
  if (auto s = RequireOpen(matter, "receive materials"); !s) return Error(s.error());
  for (auto& mm : matter.missing_materials) {
    if (mm.name != name) continue;
    if (mm.supplied_at) {
      return Error::Make(ErrorCode::kConflict, "material_already_supplied",
                         "the material was supplied before");
    }
    mm.supplied_at = now;
    const std::string state(MatterStateName(matter.state));
    return Events{MatterEventRecord(matter, "matter.material_supplied", state, mm.name, now)};
  }
  return Error::Make(ErrorCode::kNotFound, "material_not_found",
                     "no material of that name was accepted as missing");
}

Result<std::vector<WorkflowEvent>> WithdrawMatter(Matter& matter, std::string_view reason,
                                                  std::int64_t now) {
  if (auto s = CheckReason(reason, "reason"); !s) return Error(s.error());
  Events out;
  if (auto s = MoveMatter(matter, MatterEvent::kWithdraw, std::string(reason), now, out); !s) {
    return Error(s.error());
  }
  return out;
}

Result<std::vector<WorkflowEvent>> CloseMatter(Matter& matter, std::int64_t now) {
  Events out;
  if (auto s = MoveMatter(matter, MatterEvent::kClose, "", now, out); !s) {
    return Error(s.error());
  }
  return out;
}

}  // namespace lianban::domain::workflow
