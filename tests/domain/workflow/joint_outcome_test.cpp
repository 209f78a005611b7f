#include "domain/workflow/joint_outcome.h"

#include <gtest/gtest.h>

#include "tests/domain/workflow/workflow_fixture.h"

namespace lianban::domain::workflow {
namespace {

using namespace testing;  // NOLINT: test fixtures

std::optional<Amount> ScreeningAmounts(std::string_view policy) {
  if (policy == "MZ-01") return Amount{125000, 0, 0};
  if (policy == "MZ-10") return Amount{10000, 0, 0};
  if (policy == "YB-01") return Amount{0, 0, 38000};
  if (policy == "MZ-05") return Amount{0, 300000, 0};
  return std::nullopt;
}

class JointOutcomeTest : public ::testing::Test {
 protected:
  WorkingCalendar calendar_ = OfficialCalendar();
  const std::int64_t t0_ = Cst(Date(2025, 11, 3), 9);

  Matter Open(std::vector<std::string> policies) {
    return OpenMatter({"m", "h", "s", std::move(policies), {}}, Rules(calendar_), t0_)
        .value()
        .matter;
  }
};

TEST_F(JointOutcomeTest, ListsEveryPolicyWithDecisionAmountAndReasonInApplicationOrder) {
  Matter m = Open({"YB-01", "MZ-01", "MZ-10", "JW-02"});
  TaskDecision mz = Approve("income below the dibao standard");
  mz.policies = {{"MZ-10", Verdict::kRejected, "no member is 80 or older"}};
  ASSERT_TRUE(DecideTask(m, "MZ", "MZ", mz, t0_ + 10).ok());
  ASSERT_TRUE(DecideTask(m, "JW", "JW", Reject("no pupil in compulsory education"), t0_ + 20).ok());
  ASSERT_TRUE(DecideTask(m, "YB", "YB", Approve("dibao household"), t0_ + 30).ok());
  auto out = BuildJointOutcome(m, ScreeningAmounts);
  ASSERT_TRUE(out.ok());
  ASSERT_EQ(out->policies.size(), 4u);
  EXPECT_EQ(out->policies[0].policy_id, "YB-01");
  EXPECT_EQ(out->policies[0].amount, (Amount{0, 0, 38000}));
  EXPECT_EQ(out->policies[1].verdict, Verdict::kApproved);
  EXPECT_EQ(out->policies[1].amount.monthly_fen, 125000);
  EXPECT_EQ(out->policies[1].reason, "income below the dibao standard");
  EXPECT_EQ(out->policies[2].verdict, Verdict::kRejected);
  EXPECT_EQ(out->policies[2].amount, Amount{});  // rejected: nothing paid
  EXPECT_EQ(out->policies[2].reason, "no member is 80 or older");
  EXPECT_EQ(out->policies[3].department, "JW");
  EXPECT_EQ(out->total, (Amount{125000, 0, 38000}));
  EXPECT_EQ(out->decided_at, t0_ + 30);
}

TEST_F(JointOutcomeTest, ApprovedPolicyWithoutAScreeningAmountPaysNothing) {
  Matter m = Open({"RS-01"});
  ASSERT_TRUE(DecideTask(m, "RS", "RS", Approve(), t0_).ok());
  auto out = BuildJointOutcome(m, ScreeningAmounts);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->policies[0].verdict, Verdict::kApproved);
  EXPECT_EQ(out->total, Amount{});
}

TEST_F(JointOutcomeTest, ExistsOnlyOnceEveryTaskIsDecided) {
  Matter m = Open({"MZ-01", "YB-01"});
  ASSERT_TRUE(DecideTask(m, "MZ", "MZ", Approve(), t0_).ok());
  auto out = BuildJointOutcome(m, ScreeningAmounts);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().reason, "matter_not_decided");
  ASSERT_TRUE(DecideTask(m, "YB", "YB", Approve(), t0_).ok());
  ASSERT_TRUE(CloseMatter(m, t0_ + 1).ok());
  EXPECT_TRUE(BuildJointOutcome(m, ScreeningAmounts).ok());  // still there once closed
}

}  // namespace
}  // namespace lianban::domain::workflow
