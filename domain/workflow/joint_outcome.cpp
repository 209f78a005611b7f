#include "domain/workflow/joint_outcome.h"

#include <algorithm>

namespace lianban::domain::workflow {
namespace {

const PolicyDecision* DecisionFor(const Task& task, std::string_view policy_id) {
  for (const auto& d : task.decisions) {
    if (d.policy_id == policy_id) return &d;
  }
  return nullptr;
}

const ScreenedPolicy* ScreenedFor(const Matter& m, std::string_view policy_id) {
  for (const auto& s : m.screened) {
    if (s.policy_id == policy_id) return &s;
  }
  return nullptr;
}

void AddTo(Amount& total, const Amount& a) {
  total.monthly_fen += a.monthly_fen;
  total.once_fen += a.once_fen;
  total.yearly_fen += a.yearly_fen;
}

}  // namespace

Result<JointOutcome> BuildJointOutcome(const Matter& matter) {
  if (matter.state != MatterState::kDecided && matter.state != MatterState::kClosed) {
    return Error::Make(ErrorCode::kConflict, "matter_not_decided",
                       "the joint outcome exists once every task is decided");
  }
  JointOutcome out;
  for (const auto& policy : matter.policy_ids) {
    for (const auto& task : matter.tasks) {
      const PolicyDecision* d = DecisionFor(task, policy);
      if (d == nullptr) continue;
      const ScreenedPolicy* screened = ScreenedFor(matter, policy);
      PolicyOutcome po{policy, task.department, d->verdict, {}, {}, "", d->reason, d->decided_at};
      if (screened != nullptr) po.screening_status = screened->status;
      if (d->verdict == Verdict::kApproved && screened != nullptr) {
        po.amount = screened->amount;
        po.beneficiaries = screened->beneficiaries;
        AddTo(out.total, po.amount);
      }
      out.decided_at = std::max(out.decided_at, d->decided_at);
      out.policies.push_back(std::move(po));
    }
  }
  if (out.policies.size() != matter.policy_ids.size()) {
    return Error::Make(ErrorCode::kInternal, "incomplete_decisions",
                       "a decided matter lacks a policy decision");
  }
  return out;
}

}  // namespace lianban::domain::workflow
