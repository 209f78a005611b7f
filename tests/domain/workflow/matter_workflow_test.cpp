#include "domain/workflow/matter_workflow.h"

#include <gtest/gtest.h>

#include "domain/workflow/deadline.h"
#include "tests/domain/workflow/workflow_fixture.h"

namespace lianban::domain::workflow {
namespace {

using namespace testing;  // NOLINT: test fixtures

class MatterWorkflowTest : public ::testing::Test {
 protected:
  WorkingCalendar calendar_ = OfficialCalendar();
  const std::int64_t t0_ = Cst(Date(2025, 9, 26), 10);  // Friday before 国庆

  Matter Open(std::vector<std::string> policies, std::vector<MissingMaterialRequest> missing = {}) {
    OpenMatterRequest req{"m-1", "h-1", "s-1", std::move(policies), std::move(missing)};
    auto opened = OpenMatter(req, Rules(calendar_), t0_);
    EXPECT_TRUE(opened.ok()) << (opened.ok() ? "" : opened.error().message);
    return opened.ok() ? opened->matter : Matter{};
  }

  static std::vector<std::string> Types(const std::vector<WorkflowEvent>& events) {
    std::vector<std::string> out;
    for (const auto& e : events) out.push_back(e.type);
    return out;
  }
};

TEST_F(MatterWorkflowTest, DerivesOneTaskPerDepartmentWithItsPolicies) {
  Matter m = Open({"MZ-01", "YB-01", "MZ-10", "JW-02", "YB-02"});
  ASSERT_EQ(m.tasks.size(), 3u);
  EXPECT_EQ(m.tasks[0].id, "MZ");
  EXPECT_EQ(m.tasks[0].policy_ids, (std::vector<std::string>{"MZ-01", "MZ-10"}));
  EXPECT_EQ(m.tasks[1].department, "YB");
  EXPECT_EQ(m.tasks[1].policy_ids, (std::vector<std::string>{"YB-01", "YB-02"}));
  EXPECT_EQ(m.tasks[2].policy_ids, (std::vector<std::string>{"JW-02"}));
  EXPECT_EQ(m.state, MatterState::kSubmitted);
  for (const auto& t : m.tasks) EXPECT_EQ(t.state, TaskState::kPending);
}

TEST_F(MatterWorkflowTest, TaskDeadlineUsesItsLongestPolicyLimitAndTheMatterTheLatestTask) {
  Matter m = Open({"MZ-05", "MZ-01", "YB-01"});
  EXPECT_EQ(m.tasks[0].time_limit_working_days, 20);
  // 20 working days from Fri 2025-09-26: Sep 28, 29, 30, Oct 9, 10, 11, 13-17, 20-24, 27-30.
  EXPECT_EQ(FormatChinaTime(m.tasks[0].due_at), "2025-10-30T23:59:59+08:00");
  EXPECT_EQ(FormatChinaTime(m.tasks[1].due_at), "2025-10-16T23:59:59+08:00");
  EXPECT_EQ(m.due_at, m.tasks[0].due_at);
}

TEST_F(MatterWorkflowTest, OpeningEmitsTheMatterAndOneEventPerTask) {
  OpenMatterRequest req{"m-9", "h-1", "", {"MZ-01", "RS-01"}, {}};
  auto opened = OpenMatter(req, Rules(calendar_), t0_);
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(Types(opened->events),
            (std::vector<std::string>{"matter.submitted", "task.created", "task.created"}));
  EXPECT_EQ(opened->events[2].department, "RS");
  EXPECT_EQ(opened->events[0].department, "");
  EXPECT_EQ(opened->events[0].at, t0_);
}

TEST_F(MatterWorkflowTest, RejectsUnknownRepeatedAndAbsentPolicies) {
  auto bad = OpenMatter({"m", "h", "", {"MZ-01", "XX-99", "MZ-01"}, {}}, Rules(calendar_), t0_);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  ASSERT_EQ(bad.error().fields.size(), 2u);
  EXPECT_EQ(bad.error().fields[0].path, "policy_ids[1]");
  EXPECT_EQ(bad.error().fields[0].code, "unknown_policy");
  EXPECT_EQ(bad.error().fields[1].code, "duplicate_policy");
  auto none = OpenMatter({"m", "h", "", {}, {}}, Rules(calendar_), t0_);
  EXPECT_EQ(none.error().reason, "no_policies");
  auto no_household = OpenMatter({"m", "", "", {"MZ-01"}, {}}, Rules(calendar_), t0_);
  EXPECT_EQ(no_household.error().reason, "household_required");
}

TEST_F(MatterWorkflowTest, MissingTimeLimitIsAnInternalError) {
  WorkflowRules rules = Rules(calendar_);
  rules.time_limit_of = [](std::string_view) -> std::optional<int> { return std::nullopt; };
  auto r = OpenMatter({"m", "h", "", {"MZ-01"}, {}}, rules, t0_);
  EXPECT_EQ(r.error().code, ErrorCode::kInternal);
  EXPECT_EQ(r.error().reason, "missing_time_limit");
}

TEST_F(MatterWorkflowTest, ThreeDepartmentsInAnyOrderDecideTheMatter) {
  Matter m = Open({"MZ-01", "YB-01", "JW-02"});
  const std::int64_t t1 = Cst(Date(2025, 9, 29), 9);
  auto jw = DecideTask(m, "JW", "JW", Approve(), t1);
  ASSERT_TRUE(jw.ok());
  EXPECT_EQ(Types(*jw),
            (std::vector<std::string>{"task.in_review", "matter.in_review", "task.decided"}));
  EXPECT_EQ(m.state, MatterState::kInReview);

  auto info = DecideTask(m, "MZ", "MZ", RequestMore(), t1 + 60);
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(Types(*info), (std::vector<std::string>{"task.in_review", "task.info_requested",
                                                    "matter.awaiting_info"}));
  EXPECT_EQ(m.state, MatterState::kAwaitingInfo);
  EXPECT_EQ(m.tasks[0].info_request, "need the 2025 income certificate");

  // Another department keeps working while the matter awaits information.
  ASSERT_TRUE(DecideTask(m, "YB", "YB", Reject(), t1 + 120).ok());
  EXPECT_EQ(m.state, MatterState::kAwaitingInfo);

  auto supplied = SupplyInfo(m, "certificate uploaded", calendar_, Cst(Date(2025, 10, 9), 9));
  ASSERT_TRUE(supplied.ok());
  EXPECT_EQ(Types(*supplied), (std::vector<std::string>{"matter.in_review", "task.in_review"}));
  EXPECT_EQ(m.tasks[0].state, TaskState::kInReview);

  auto last = DecideTask(m, "MZ", "MZ", Approve(), Cst(Date(2025, 10, 10), 9));
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(Types(*last), (std::vector<std::string>{"task.decided", "matter.decided"}));
  EXPECT_EQ(m.state, MatterState::kDecided);
  EXPECT_EQ(last->back().from_state, "in_review");
  ASSERT_TRUE(CloseMatter(m, Cst(Date(2025, 10, 10), 10)).ok());
  EXPECT_EQ(m.state, MatterState::kClosed);
}

TEST_F(MatterWorkflowTest, SupplyingInformationRestartsTheTaskClock) {
  Matter m = Open({"YB-01", "JW-02"});
  const std::int64_t jw_due = m.tasks[1].due_at;
  ASSERT_TRUE(DecideTask(m, "YB", "YB", RequestMore(), t0_ + 60).ok());
  ASSERT_TRUE(SupplyInfo(m, "done", calendar_, Cst(Date(2025, 10, 13), 9)).ok());
  // 10 working days from Mon Oct 13: Oct 14-17, 20-24, 27.
  EXPECT_EQ(FormatChinaTime(m.tasks[0].due_at), "2025-10-27T23:59:59+08:00");
  EXPECT_EQ(m.tasks[1].due_at, jw_due);  // untouched: it asked for nothing
  EXPECT_EQ(m.due_at, std::max(m.tasks[0].due_at, jw_due));
}

TEST_F(MatterWorkflowTest, AnotherDepartmentsReviewerIsForbidden) {
  Matter m = Open({"MZ-01", "YB-01"});
  const Matter before = m;
  auto r = DecideTask(m, "MZ", "YB", Approve(), t0_);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(r.error().reason, "forbidden_department");
  EXPECT_EQ(m.tasks[0].state, before.tasks[0].state);
  EXPECT_EQ(DecideTask(m, "MZ", "", Approve(), t0_).error().reason, "forbidden_department");
}

TEST_F(MatterWorkflowTest, UnknownTaskIsNotFound) {
  Matter m = Open({"MZ-01"});
  EXPECT_EQ(DecideTask(m, "JW", "JW", Approve(), t0_).error().code, ErrorCode::kNotFound);
}

TEST_F(MatterWorkflowTest, DecidingADecidedTaskIsAConflictNamingNoAllowedEvent) {
  Matter m = Open({"MZ-01", "YB-01"});
  ASSERT_TRUE(DecideTask(m, "MZ", "MZ", Approve(), t0_).ok());
  for (const auto& d : {Approve(), Reject(), RequestMore()}) {
    auto again = DecideTask(m, "MZ", "MZ", d, t0_ + 1);
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().code, ErrorCode::kConflict);
    EXPECT_EQ(again.error().reason, "illegal_transition");
    EXPECT_NE(again.error().message.find("allowed: none"), std::string::npos);
  }
}

TEST_F(MatterWorkflowTest, ATaskAwaitingInformationCannotBeDecidedOrAskedAgain) {
  Matter m = Open({"MZ-01", "YB-01"});
  ASSERT_TRUE(DecideTask(m, "MZ", "MZ", RequestMore(), t0_).ok());
  const Matter before = m;
  auto r = DecideTask(m, "MZ", "MZ", Approve(), t0_ + 1);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message,
            "a task in state info_requested cannot decide; allowed: info_supplied");
  EXPECT_FALSE(DecideTask(m, "MZ", "MZ", RequestMore(), t0_ + 2).ok());
  EXPECT_EQ(m.tasks[0].state, before.tasks[0].state);
  EXPECT_EQ(m.state, MatterState::kAwaitingInfo);
}

TEST_F(MatterWorkflowTest, SupplyingWhenNothingWasRequestedIsAConflict) {
  Matter m = Open({"MZ-01"});
  auto r = SupplyInfo(m, "here", calendar_, t0_);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message,
            "a matter in state submitted cannot supply_info; allowed: start_review, withdraw");
  ASSERT_TRUE(DecideTask(m, "MZ", "MZ", RequestMore(), t0_).ok());
  ASSERT_TRUE(SupplyInfo(m, "here", calendar_, t0_ + 10).ok());
  EXPECT_EQ(SupplyInfo(m, "again", calendar_, t0_ + 20).error().reason, "illegal_transition");
}

TEST_F(MatterWorkflowTest, TwoDepartmentsMayAskForInformationAtTheSameTime) {
  Matter m = Open({"MZ-01", "YB-01"});
  ASSERT_TRUE(DecideTask(m, "MZ", "MZ", RequestMore(), t0_).ok());
  auto second = DecideTask(m, "YB", "YB", RequestMore("hospital invoices"), t0_ + 5);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(Types(*second), (std::vector<std::string>{"task.in_review", "task.info_requested"}));
  auto supplied = SupplyInfo(m, "both", calendar_, t0_ + 10);
  ASSERT_TRUE(supplied.ok());
  EXPECT_EQ(supplied->size(), 3u);
  EXPECT_EQ(m.tasks[0].state, TaskState::kInReview);
  EXPECT_EQ(m.tasks[1].state, TaskState::kInReview);
}

TEST_F(MatterWorkflowTest, WithdrawalStopsAllWork) {
  for (int stage = 0; stage < 3; ++stage) {
    Matter m = Open({"MZ-01", "YB-01"});
    if (stage >= 1) {
      ASSERT_TRUE(DecideTask(m, "YB", "YB", Approve(), t0_).ok());
    }
    if (stage >= 2) {
      ASSERT_TRUE(DecideTask(m, "MZ", "MZ", RequestMore(), t0_).ok());
    }
    auto w = WithdrawMatter(m, "applicant moved away", t0_ + 100);
    ASSERT_TRUE(w.ok()) << stage;
    EXPECT_EQ(m.state, MatterState::kWithdrawn);
    auto late = DecideTask(m, "MZ", "MZ", Reject(), t0_ + 200);
    EXPECT_EQ(late.error().message,
              "a matter in state withdrawn cannot take decisions; allowed: none");
    EXPECT_EQ(SupplyInfo(m, "x", calendar_, t0_ + 300).error().reason, "illegal_transition");
    EXPECT_FALSE(WithdrawMatter(m, "again", t0_ + 400).ok());
    EXPECT_FALSE(CloseMatter(m, t0_ + 400).ok());
  }
}

TEST_F(MatterWorkflowTest, ADecidedMatterCanOnlyBeClosed) {
  Matter m = Open({"MZ-01"});
  ASSERT_TRUE(DecideTask(m, "MZ", "MZ", Reject(), t0_).ok());
  EXPECT_EQ(WithdrawMatter(m, "too late", t0_ + 1).error().message,
            "a matter in state decided cannot withdraw; allowed: close");
  ASSERT_TRUE(CloseMatter(m, t0_ + 2).ok());
  EXPECT_EQ(m.state, MatterState::kClosed);
  EXPECT_FALSE(CloseMatter(m, t0_ + 3).ok());
}

TEST_F(MatterWorkflowTest, CannotCloseAnUndecidedMatter) {
  Matter m = Open({"MZ-01"});
  EXPECT_EQ(CloseMatter(m, t0_).error().reason, "illegal_transition");
}

TEST_F(MatterWorkflowTest, ReasonsAreRequired) {
  Matter m = Open({"MZ-01"});
  auto r = DecideTask(m, "MZ", "MZ", Approve(""), t0_);
  EXPECT_EQ(r.error().reason, "reason_required");
  EXPECT_EQ(r.error().fields.at(0).path, "reason");
  EXPECT_EQ(DecideTask(m, "MZ", "MZ", Approve(std::string(2001, 'x')), t0_).error().reason,
            "reason_too_long");
  EXPECT_EQ(m.tasks[0].state, TaskState::kPending);
}

TEST_F(MatterWorkflowTest, PolicyOverridesDecideEachPolicyWithItsReason) {
  Matter m = Open({"MZ-01", "MZ-10"});
  TaskDecision d = Approve("eligible");
  d.policies = {{"MZ-10", Verdict::kRejected, "no member is 80 or older"}};
  ASSERT_TRUE(DecideTask(m, "MZ", "MZ", d, t0_).ok());
  const auto& decisions = m.tasks[0].decisions;
  ASSERT_EQ(decisions.size(), 2u);
  EXPECT_EQ(decisions[0].verdict, Verdict::kApproved);
  EXPECT_EQ(decisions[1].verdict, Verdict::kRejected);
  EXPECT_EQ(decisions[1].reason, "no member is 80 or older");
}

TEST_F(MatterWorkflowTest, PolicyOverridesMustNameTheTasksPoliciesOnce) {
  Matter m = Open({"MZ-01", "YB-01"});
  TaskDecision foreign = Approve();
  foreign.policies = {{"YB-01", Verdict::kApproved, "x"}};
  EXPECT_EQ(DecideTask(m, "MZ", "MZ", foreign, t0_).error().reason, "unknown_policy");
  TaskDecision twice = Approve();
  twice.policies = {{"MZ-01", Verdict::kApproved, "x"}, {"MZ-01", Verdict::kRejected, "y"}};
  EXPECT_EQ(DecideTask(m, "MZ", "MZ", twice, t0_).error().reason, "duplicate_policy");
  TaskDecision info = RequestMore();
  info.policies = {{"MZ-01", Verdict::kApproved, "x"}};
  EXPECT_EQ(DecideTask(m, "MZ", "MZ", info, t0_).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(m.tasks[0].state, TaskState::kPending);
}

TEST_F(MatterWorkflowTest, AcceptsWithAMissingMaterialAndHoldsApprovalUntilSupplied) {
  Matter m = Open({"MZ-01", "YB-01"}, {{"户口簿复印件", Date(2025, 10, 15)}});
  ASSERT_EQ(m.missing_materials.size(), 1u);
  auto early = DecideTask(m, "MZ", "MZ", Approve(), t0_);
  EXPECT_EQ(early.error().reason, "materials_outstanding");
  EXPECT_EQ(m.tasks[0].state, TaskState::kPending);
  EXPECT_TRUE(DecideTask(m, "YB", "YB", Reject(), t0_).ok());  // rejecting needs no material
  auto supplied = SupplyMissingMaterial(m, "户口簿复印件", t0_ + 3600);
  ASSERT_TRUE(supplied.ok());
  EXPECT_EQ(supplied->at(0).type, "matter.material_supplied");
  EXPECT_EQ(supplied->at(0).detail, "户口簿复印件");
  EXPECT_EQ(SupplyMissingMaterial(m, "户口簿复印件", t0_ + 7200).error().reason,
            "material_already_supplied");
  EXPECT_EQ(SupplyMissingMaterial(m, "身份证", t0_).error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(DecideTask(m, "MZ", "MZ", Approve(), t0_ + 9000).ok());
  EXPECT_EQ(m.state, MatterState::kDecided);
  EXPECT_EQ(SupplyMissingMaterial(m, "身份证", t0_).error().reason, "illegal_transition");
}

TEST_F(MatterWorkflowTest, MissingMaterialNeedsANameAndASupplyByDateWithinTheDeadline) {
  auto open = [&](std::vector<MissingMaterialRequest> missing) {
    return OpenMatter({"m", "h", "", {"YB-01"}, std::move(missing)}, Rules(calendar_), t0_);
  };
  // YB-01 is due 2025-10-16.
  EXPECT_TRUE(open({{"收入证明", Date(2025, 10, 16)}}).ok());
  EXPECT_EQ(open({{"收入证明", Date(2025, 10, 17)}}).error().fields.at(0).path,
            "missing_materials[0].supply_by");
  EXPECT_FALSE(open({{"收入证明", Date(2025, 9, 26)}}).ok());  // today
  EXPECT_FALSE(open({{"", Date(2025, 10, 9)}}).ok());
  EXPECT_FALSE(open({{"a", Date(2025, 10, 9)}, {"a", Date(2025, 10, 10)}}).ok());
}

}  // namespace
}  // namespace lianban::domain::workflow
