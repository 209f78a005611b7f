#include "domain/workflow/joint_outcome.h"

#include <gtest/gtest.h>

#include "domain/workflow/screening_link.h"
#include "tests/domain/workflow/workflow_fixture.h"

namespace lianban::domain::workflow {
namespace {

using namespace testing;  // NOLINT: test fixtures

// What a screening found: more policies than applied for, in catalog order.
const std::vector<ScreenedPolicy> kScreening = {
    {"MZ-01", "eligible", {125000, 0, 0}, {0, 1}},
    {"MZ-05", "eligible", {0, 300000, 0}, {0, 1}},
    {"MZ-10", "ineligible", {}, {}},
    {"JW-02", "eligible", {0, 0, 62500}, {1}},
    {"RS-01", "needs_info", {}, {}},
    {"YB-01", "eligible", {0, 0, 38000}, {0, 1}},
};

class JointOutcomeTest : public ::testing::Test {
 protected:
  WorkingCalendar calendar_ = OfficialCalendar();
  const std::int64_t t0_ = Cst(Date(2025, 11, 3), 9);

  Matter Open(std::vector<std::string> policies) {
    Matter m = OpenMatter({"m", "h", "", std::move(policies), {}}, Rules(calendar_), t0_)
                   .value()
                   .matter;
    EXPECT_TRUE(AttachScreening(m, "s-1", kScreening).ok());
    return m;
  }
};

TEST_F(JointOutcomeTest, ListsEveryPolicyWithDecisionAmountAndReasonInApplicationOrder) {
  Matter m = Open({"YB-01", "MZ-01", "MZ-10", "JW-02"});
  TaskDecision mz = Approve("income below the dibao standard");
  mz.policies = {{"MZ-10", Verdict::kRejected, "no member is 80 or older"}};
  ASSERT_TRUE(DecideTask(m, "MZ", "MZ", mz, t0_ + 10).ok());
  ASSERT_TRUE(DecideTask(m, "JW", "JW", Reject("no pupil in compulsory education"), t0_ + 20).ok());
  ASSERT_TRUE(DecideTask(m, "YB", "YB", Approve("dibao household"), t0_ + 30).ok());
  auto out = BuildJointOutcome(m);
  ASSERT_TRUE(out.ok());
  ASSERT_EQ(out->policies.size(), 4u);
  EXPECT_EQ(out->policies[0].policy_id, "YB-01");
  EXPECT_EQ(out->policies[0].amount, (Amount{0, 0, 38000}));
  EXPECT_EQ(out->policies[0].beneficiaries, (std::vector<int>{0, 1}));
  EXPECT_EQ(out->policies[0].screening_status, "eligible");
  EXPECT_EQ(out->policies[1].verdict, Verdict::kApproved);
  EXPECT_EQ(out->policies[1].amount.monthly_fen, 125000);
  EXPECT_EQ(out->policies[1].reason, "income below the dibao standard");
  EXPECT_EQ(out->policies[2].verdict, Verdict::kRejected);
  EXPECT_EQ(out->policies[2].amount, Amount{});  // rejected: nothing paid
  EXPECT_TRUE(out->policies[2].beneficiaries.empty());
  EXPECT_EQ(out->policies[2].screening_status, "ineligible");
  EXPECT_EQ(out->policies[2].reason, "no member is 80 or older");
  EXPECT_EQ(out->policies[3].department, "JW");
  EXPECT_EQ(out->policies[3].amount, Amount{});  // eligible, but rejected by the reviewer
  EXPECT_EQ(out->total, (Amount{125000, 0, 38000}));
  EXPECT_EQ(out->decided_at, t0_ + 30);
}

TEST_F(JointOutcomeTest, ApprovedPolicyTheScreeningFoundWithoutAmountPaysNothing) {
  Matter m = Open({"RS-01"});
  ASSERT_TRUE(DecideTask(m, "RS", "RS", Approve(), t0_).ok());
  auto out = BuildJointOutcome(m);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->policies[0].verdict, Verdict::kApproved);
  EXPECT_EQ(out->policies[0].screening_status, "needs_info");
  EXPECT_EQ(out->total, Amount{});
}

TEST_F(JointOutcomeTest, MatterWithoutScreeningHasZeroAmounts) {
  Matter m = OpenMatter({"m", "h", "", {"MZ-01"}, {}}, Rules(calendar_), t0_).value().matter;
  ASSERT_TRUE(DecideTask(m, "MZ", "MZ", Approve(), t0_).ok());
  auto out = BuildJointOutcome(m);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->policies[0].amount, Amount{});
  EXPECT_EQ(out->policies[0].screening_status, "");
}

TEST_F(JointOutcomeTest, AttachScreeningRecordsIneligiblePoliciesAndRefusesUnscreenedOnes) {
  Matter m = Open({"MZ-10", "MZ-01", "RS-01"});
  EXPECT_EQ(m.screening_id, "s-1");
  ASSERT_EQ(m.screened.size(), 3u);
  EXPECT_EQ(m.screened[1].policy_id, "MZ-01");
  EXPECT_EQ(PoliciesNotFoundEligible(m), (std::vector<std::string>{"MZ-10", "RS-01"}));

  Matter other = OpenMatter({"m", "h", "", {"MZ-01", "YB-02"}, {}}, Rules(calendar_), t0_)
                     .value()
                     .matter;
  Status s = AttachScreening(other, "s-2", kScreening);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().reason, "policy_not_screened");
  EXPECT_EQ(s.error().fields.at(0).path, "policy_ids[1]");
  EXPECT_TRUE(other.screened.empty());
  EXPECT_EQ(other.screening_id, "");
}

TEST_F(JointOutcomeTest, ExistsOnlyOnceEveryTaskIsDecided) {
  Matter m = Open({"MZ-01", "YB-01"});
  ASSERT_TRUE(DecideTask(m, "MZ", "MZ", Approve(), t0_).ok());
  auto out = BuildJointOutcome(m);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().reason, "matter_not_decided");
  ASSERT_TRUE(DecideTask(m, "YB", "YB", Approve(), t0_).ok());
  ASSERT_TRUE(CloseMatter(m, t0_ + 1).ok());
  EXPECT_TRUE(BuildJointOutcome(m).ok());  // still there once closed
}

}  // namespace
}  // namespace lianban::domain::workflow
