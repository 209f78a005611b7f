#include "domain/workflow/supervision.h"

#include <gtest/gtest.h>

#include "tests/domain/workflow/workflow_fixture.h"

namespace lianban::domain::workflow {
namespace {

using namespace testing;  // NOLINT: test fixtures

class SupervisionTest : public ::testing::Test {
 protected:
  WorkingCalendar calendar_ = OfficialCalendar();

  Matter Open(std::string id, std::vector<std::string> policies, std::int64_t at,
              std::vector<MissingMaterialRequest> missing = {}) {
    return OpenMatter({std::move(id), "h", "", std::move(policies), std::move(missing)},
                      Rules(calendar_), at)
        .value()
        .matter;
  }
};

TEST_F(SupervisionTest, ListsOverdueAndDueSoonTasksMostUrgentFirst) {
  // m1: YB-01 (10 days) from Fri 2025-09-26 -> due Oct 16; MZ-01 (20) -> Oct 30.
  Matter m1 = Open("m1", {"MZ-01", "YB-01"}, Cst(Date(2025, 9, 26), 10));
  // m2: RS-01 (10 days) from Mon 2025-10-13 -> due Oct 27.
  Matter m2 = Open("m2", {"RS-01"}, Cst(Date(2025, 10, 13), 10));
  const std::vector<Matter> all = {m2, m1};

  // Fri Oct 17, 08:00: YB overdue since Oct 16; nothing else within 2 working days.
  auto alerts = TaskAlerts(all, calendar_, Cst(Date(2025, 10, 17), 8), 2);
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].task_id, "YB");
  EXPECT_EQ(alerts[0].urgency, Urgency::kOverdue);

  // Thu Oct 23: RS (Oct 27) is 2 working days away (Fri 24, Mon 27): due soon.
  alerts = TaskAlerts(all, calendar_, Cst(Date(2025, 10, 23), 9), 2);
  ASSERT_EQ(alerts.size(), 2u);
  EXPECT_EQ(alerts[0].task_id, "YB");
  EXPECT_EQ(alerts[1].matter_id, "m2");
  EXPECT_EQ(alerts[1].urgency, Urgency::kDueSoon);
}

TEST_F(SupervisionTest, DecidedTasksAndSettledMattersRaiseNoAlert) {
  Matter m1 = Open("m1", {"MZ-01", "YB-01"}, Cst(Date(2025, 9, 26), 10));
  ASSERT_TRUE(DecideTask(m1, "YB", "YB", Approve(), Cst(Date(2025, 9, 29), 10)).ok());
  Matter m2 = Open("m2", {"RS-01"}, Cst(Date(2025, 9, 26), 10));
  ASSERT_TRUE(WithdrawMatter(m2, "moved", Cst(Date(2025, 9, 29), 10)).ok());
  auto alerts = TaskAlerts({m1, m2}, calendar_, Cst(Date(2025, 12, 1), 9), 2);
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].task_id, "MZ");
}

TEST_F(SupervisionTest, ListsMissingMaterialsPastTheirSupplyByDate) {
  Matter m = Open("m1", {"MZ-01"}, Cst(Date(2025, 9, 26), 10), {{"收入证明", Date(2025, 10, 9)}});
  EXPECT_TRUE(OverdueMaterials({m}, Cst(Date(2025, 10, 9), 23, 59)).empty());
  auto late = OverdueMaterials({m}, Cst(Date(2025, 10, 10), 0, 1));
  ASSERT_EQ(late.size(), 1u);
  EXPECT_EQ(late[0].name, "收入证明");
  ASSERT_TRUE(SupplyMissingMaterial(m, "收入证明", Cst(Date(2025, 10, 10), 9)).ok());
  EXPECT_TRUE(OverdueMaterials({m}, Cst(Date(2025, 10, 10), 10)).empty());
}

}  // namespace
}  // namespace lianban::domain::workflow
