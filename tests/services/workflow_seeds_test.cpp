#include "services/workflow_seeds.h"

#include <gtest/gtest.h>

#include <set>

#include "domain/workflow/deadline.h"

namespace lianban::services {
namespace {

using domain::Date;
using domain::workflow::FormatChinaTime;
using domain::workflow::StartOfChinaDay;

const std::filesystem::path kSeeds = std::filesystem::path(LIANBAN_SOURCE_DIR) / "seeds";

TEST(WorkflowSeedsTest, HolidayCalendarCoversTwentyTwentyThreeToTwentyTwentySeven) {
  auto cal = LoadHolidays(kSeeds / "holidays.json");
  ASSERT_TRUE(cal.ok()) << cal.error().message;
  for (int y = 2023; y <= 2027; ++y) EXPECT_TRUE(cal->Covers(Date(y, 6, 1))) << y;
  EXPECT_FALSE(cal->IsProvisional(Date(2026, 6, 1)));
  EXPECT_TRUE(cal->IsProvisional(Date(2027, 6, 1)));
}

TEST(WorkflowSeedsTest, HolidayCalendarHasTheStateCouncilArrangement) {
  auto cal = LoadHolidays(kSeeds / "holidays.json").value();
  // Days off on weekdays.
  for (Date d : {Date(2023, 1, 23), Date(2023, 10, 6), Date(2024, 2, 16), Date(2024, 10, 7),
                 Date(2025, 2, 4), Date(2025, 10, 8), Date(2026, 2, 23), Date(2026, 10, 7),
                 Date(2027, 2, 8)}) {
    EXPECT_FALSE(cal.IsWorkingDay(d)) << d.ToString();
  }
  // 调休: weekend days worked.
  for (Date d : {Date(2023, 1, 28), Date(2023, 10, 8), Date(2024, 2, 4), Date(2024, 10, 12),
                 Date(2025, 1, 26), Date(2025, 9, 28), Date(2026, 1, 4), Date(2026, 2, 28)}) {
    EXPECT_TRUE(cal.IsWorkingDay(d)) << d.ToString();
  }
  // Ordinary days.
  EXPECT_TRUE(cal.IsWorkingDay(Date(2025, 10, 9)));
  EXPECT_FALSE(cal.IsWorkingDay(Date(2025, 10, 12)));
}

TEST(WorkflowSeedsTest, DeadlinesFromTheSeedCalendarCrossNationalDayAndSpringFestival) {
  auto cal = LoadHolidays(kSeeds / "holidays.json").value();
  const auto at = [](Date d) { return StartOfChinaDay(d) + 10 * 3600; };
  EXPECT_EQ(FormatChinaTime(domain::workflow::DueAt(cal, at(Date(2025, 9, 26)), 5).value()),
            "2025-10-10T23:59:59+08:00");
  EXPECT_EQ(FormatChinaTime(domain::workflow::DueAt(cal, at(Date(2026, 2, 13)), 3).value()),
            "2026-02-25T23:59:59+08:00");
}

TEST(WorkflowSeedsTest, TimeLimitsNameAllFortyFivePolicies) {
  auto limits = LoadTimeLimits(kSeeds / "catalog" / "time_limits.json");
  ASSERT_TRUE(limits.ok()) << limits.error().message;
  EXPECT_EQ(limits->size(), 45u);
  const std::map<std::string, int> spread = {{"MZ", 12}, {"JW", 5}, {"RS", 5}, {"WJ", 3},
                                             {"YB", 4},  {"ZJ", 3}, {"YJ", 2}, {"CL", 4},
                                             {"GH", 3},  {"FL", 2}, {"TW", 2}};
  std::map<std::string, int> counted;
  for (const auto& [id, days] : *limits) {
    ++counted[id.substr(0, 2)];
    EXPECT_GE(days, 1);
  }
  EXPECT_EQ(counted, spread);
}

TEST(WorkflowSeedsTest, RejectsMalformedSeeds) {
  EXPECT_EQ(ParseHolidays("{").error().reason, "invalid_holiday_calendar");
  EXPECT_FALSE(
      ParseHolidays(R"({"years":[{"year":2025,"working":[{"date":"2025-09-29"}]}]})").ok());
  EXPECT_FALSE(
      ParseHolidays(R"({"years":[{"year":2025,"off":[{"from":"2025-10-08","to":"2025-10-01"}]}]})")
          .ok());
  EXPECT_FALSE(ParseHolidays(R"({"years":[{"year":2025,"off":[{"from":"2025-13-01"}]}]})").ok());
  EXPECT_EQ(ParseTimeLimits(R"({"unit":"days","limits":{}})").error().reason,
            "invalid_time_limits");
  EXPECT_FALSE(ParseTimeLimits(R"({"unit":"working_days","limits":{"MZ-01":0}})").ok());
  EXPECT_FALSE(ParseTimeLimits(R"({"unit":"working_days","limits":{"MZ-01":"5"}})").ok());
  EXPECT_EQ(LoadTimeLimits(kSeeds / "nope.json").error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace lianban::services
