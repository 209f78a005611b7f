// Supervisors' deadline alerts, with the fake clock moved across 国庆 and the deadlines.
#include <nlohmann/json.hpp>

#include "tests/services/matters_fixture.h"

namespace lianban::services {
namespace {

using domain::Date;
using domain::workflow::StartOfChinaDay;
using nlohmann::json;

class MattersAlertsTest : public testing::MattersFixture {
 protected:
  void At(Date d, int hour) { clock_.Set(StartOfChinaDay(d) + hour * 3600); }
};

TEST_F(MattersAlertsTest, TasksBecomeDueSoonThenOverdueAcrossTheHolidays) {
  // Opened Fri 2025-09-26: YB-01 due Thu Oct 16, MZ-01 due Thu Oct 30.
  auto r = Send(caseworker_, "POST", "/v1/matters",
                json{{"household_id", 7},
                     {"policy_ids", {"MZ-01", "YB-01"}},
                     {"missing_materials", {{{"name", "收入证明"}, {"supply_by", "2025-10-09"}}}}});
  ASSERT_EQ(r.status, 201);

  At(Date(2025, 10, 3), 9);  // in the holiday: nothing is close yet
  auto early = Send(supervisor_, "GET", "/v1/matters/alerts");
  ASSERT_EQ(early.status, 200) << early.body.dump();
  EXPECT_TRUE(early.body["tasks"].empty());
  EXPECT_TRUE(early.body["materials"].empty());

  At(Date(2025, 10, 14), 9);  // Tue: Oct 16 is the 2nd working day ahead
  auto soon = Send(supervisor_, "GET", "/v1/matters/alerts?soon=2");
  ASSERT_EQ(soon.body["tasks"].size(), 1u);
  EXPECT_EQ(soon.body["tasks"][0]["task_id"], "YB");
  EXPECT_EQ(soon.body["tasks"][0]["urgency"], "due_soon");
  EXPECT_EQ(soon.body["materials"][0]["name"], "收入证明");  // due Oct 9, not supplied
  EXPECT_TRUE(Send(supervisor_, "GET", "/v1/matters/alerts?soon=1").body["tasks"].empty());

  At(Date(2025, 10, 17), 0);  // one second after the YB deadline
  auto late = Send(supervisor_, "GET", "/v1/matters/alerts");
  ASSERT_EQ(late.body["tasks"].size(), 1u);
  EXPECT_EQ(late.body["tasks"][0]["urgency"], "overdue");
  EXPECT_EQ(late.body["tasks"][0]["due_at"], "2025-10-16T23:59:59+08:00");
}

TEST_F(MattersAlertsTest, OnlySupervisorsListAlerts) {
  EXPECT_EQ(Send(caseworker_, "GET", "/v1/matters/alerts").status, 403);
  EXPECT_EQ(Send(mz_, "GET", "/v1/matters/alerts").status, 403);
  EXPECT_EQ(Send(supervisor_, "GET", "/v1/matters/alerts?soon=x").status, 422);
}

}  // namespace
}  // namespace lianban::services
