// Random walks through the workflow: whatever the order of operations, legal or not, the matter
// and its tasks stay consistent, and a refused operation changes nothing.
#include <gtest/gtest.h>

#include <random>

#include "domain/workflow/joint_outcome.h"
#include "domain/workflow/matter_workflow.h"
#include "tests/domain/workflow/workflow_fixture.h"

namespace lianban::domain::workflow {
namespace {

using namespace testing;  // NOLINT: test fixtures

std::string Snapshot(const Matter& m) {
  std::string s = std::string(MatterStateName(m.state)) + "|" + std::to_string(m.due_at);
  for (const auto& t : m.tasks) {
    s += "|" + t.id + ":" + std::string(TaskStateName(t.state)) + ":" + std::to_string(t.due_at) +
         ":" + t.info_request + ":" + std::to_string(t.decisions.size());
  }
  for (const auto& mm : m.missing_materials) s += "|" + mm.name + (mm.supplied_at ? "+" : "-");
  return s;
}

void CheckInvariants(const Matter& m) {
  bool any_info = false, all_decided = true, all_pending = true;
  for (const auto& t : m.tasks) {
    any_info |= t.state == TaskState::kInfoRequested;
    all_decided &= t.state == TaskState::kDecided;
    all_pending &= t.state == TaskState::kPending;
    EXPECT_EQ(t.decisions.size(), t.state == TaskState::kDecided ? t.policy_ids.size() : 0u);
    EXPECT_EQ(t.info_request.empty(), t.state != TaskState::kInfoRequested);
    EXPECT_LE(t.due_at, m.due_at);
  }
  switch (m.state) {
    case MatterState::kSubmitted:
      EXPECT_TRUE(all_pending);
      break;
    case MatterState::kInReview:
      EXPECT_FALSE(any_info);
      EXPECT_FALSE(all_decided);
      break;
    case MatterState::kAwaitingInfo:
      EXPECT_TRUE(any_info);
      break;
    case MatterState::kDecided:
    case MatterState::kClosed:
      EXPECT_TRUE(all_decided);
      break;
    case MatterState::kWithdrawn:
      break;
  }
}

TEST(WorkflowRandomTest, ThousandsOfRandomOperationsKeepTheMatterConsistent) {
  const WorkingCalendar calendar = OfficialCalendar();
  const std::vector<std::string> depts = {"MZ", "JW", "YB", "RS", "XX"};
  std::mt19937 rng(20251001);
  int legal = 0, refused = 0, decided = 0;
  for (int round = 0; round < 60; ++round) {
    std::int64_t now = Cst(Date(2025, 9, 1), 9) + round * 86400;
    std::vector<MissingMaterialRequest> missing;
    if (round % 3 == 0) missing.push_back({"收入证明", ChinaDate(now).AddDays(7)});
    Matter m = OpenMatter({"m", "h", "", {"MZ-01", "JW-02", "YB-01", "RS-01", "MZ-05"}, missing},
                          Rules(calendar), now)
                   .value()
                   .matter;
    for (int step = 0; step < 60; ++step) {
      now += std::uniform_int_distribution<int>(60, 20000)(rng);
      const std::string before = Snapshot(m);
      const std::string& task = depts[rng() % 4];
      const std::string& actor = depts[rng() % 5];
      Result<std::vector<WorkflowEvent>> r = std::vector<WorkflowEvent>{};
      switch (rng() % 9) {
        case 0:
        case 1:
          r = DecideTask(m, task, actor == "XX" ? task : actor, Approve(), now);
          break;
        case 2:
          r = DecideTask(m, task, task, Reject(), now);
          break;
        case 3:
        case 4:
          r = DecideTask(m, task, task, RequestMore(), now);
          break;
        case 5:
          r = SupplyInfo(m, "supplied", calendar, now);
          break;
        case 6:
          r = SupplyMissingMaterial(m, "收入证明", now);
          break;
        case 7:
          r = rng() % 8 == 0 ? WithdrawMatter(m, "withdrawn", now) : CloseMatter(m, now);
          break;
        default:
          r = DecideTask(m, task, task, Approve(), now);
          break;
      }
      if (r.ok()) {
        ++legal;
        for (const auto& e : *r) {
          EXPECT_EQ(e.matter_id, "m");
          EXPECT_EQ(e.at, now);
        }
      } else {
        ++refused;
        EXPECT_EQ(Snapshot(m), before) << r.error().message;
      }
      CheckInvariants(m);
    }
    if (m.state == MatterState::kDecided || m.state == MatterState::kClosed) {
      ++decided;
      EXPECT_TRUE(BuildJointOutcome(m).ok());
    }
  }
  EXPECT_GT(legal, 300);
  EXPECT_GT(refused, 300);
  EXPECT_GT(decided, 10);
}

}  // namespace
}  // namespace lianban::domain::workflow
