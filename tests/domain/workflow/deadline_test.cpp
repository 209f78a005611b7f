#include "domain/workflow/deadline.h"

#include <gtest/gtest.h>

#include "tests/domain/workflow/calendar_fixture.h"

namespace lianban::domain::workflow {
namespace {

using testing::Cst;
using testing::OfficialCalendar;

std::string Due(const WorkingCalendar& cal, std::int64_t accepted, int days) {
  auto due = DueAt(cal, accepted, days);
  EXPECT_TRUE(due.ok());
  return due.ok() ? FormatChinaTime(*due) : "";
}

TEST(WorkingCalendarTest, WeekdaysWorkWeekendsRestWithoutArrangement) {
  const WorkingCalendar plain;
  EXPECT_TRUE(plain.IsWorkingDay(Date(2030, 3, 8)));    // Friday
  EXPECT_FALSE(plain.IsWorkingDay(Date(2030, 3, 9)));   // Saturday
  EXPECT_FALSE(plain.IsWorkingDay(Date(2030, 3, 10)));  // Sunday
  EXPECT_FALSE(plain.Covers(Date(2030, 3, 8)));
}

TEST(WorkingCalendarTest, HolidaysRestAndAdjustedWeekendsWork) {
  const WorkingCalendar cal = OfficialCalendar();
  EXPECT_FALSE(cal.IsWorkingDay(Date(2025, 10, 1)));  // 国庆, Wednesday
  EXPECT_FALSE(cal.IsWorkingDay(Date(2025, 10, 8)));  // 国庆, Wednesday
  EXPECT_TRUE(cal.IsWorkingDay(Date(2025, 9, 28)));   // 调休 Sunday
  EXPECT_TRUE(cal.IsWorkingDay(Date(2025, 10, 11)));  // 调休 Saturday
  EXPECT_FALSE(cal.IsWorkingDay(Date(2026, 2, 23)));  // 春节, Monday
  EXPECT_TRUE(cal.IsWorkingDay(Date(2026, 2, 14)));   // 调休 Saturday before 春节
  EXPECT_FALSE(cal.IsWorkingDay(Date(2026, 4, 4)));   // 清明 on a Saturday
  EXPECT_TRUE(cal.Covers(Date(2026, 12, 31)));
  EXPECT_FALSE(cal.Covers(Date(2027, 1, 4)));
}

TEST(WorkingCalendarTest, CountsWorkingDaysAcrossTheNationalDayWeek) {
  const WorkingCalendar cal = OfficialCalendar();
  // (Sep 26, Oct 12]: Sep 28 (Sun, 调休), 29, 30, Oct 9, 10, 11 (Sat, 调休).
  EXPECT_EQ(cal.WorkingDaysBetween(Date(2025, 9, 26), Date(2025, 10, 12)), 6);
  EXPECT_EQ(cal.WorkingDaysBetween(Date(2025, 10, 12), Date(2025, 9, 26)), 0);
}

TEST(WorkingCalendarTest, RejectsAWeekdayDeclaredWorking) {
  auto r = WorkingCalendar::Make({HolidayYear{2025, false, {}, {Date(2025, 9, 29)}}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().reason, "invalid_holiday_calendar");
}

TEST(WorkingCalendarTest, RejectsADayBothOffAndWorking) {
  auto r =
      WorkingCalendar::Make({HolidayYear{2025, false, {Date(2025, 9, 28)}, {Date(2025, 9, 28)}}});
  EXPECT_FALSE(r.ok());
}

TEST(WorkingCalendarTest, RejectsDatesFiledUnderAnotherYearAndRepeatedYears) {
  EXPECT_FALSE(WorkingCalendar::Make({HolidayYear{2024, false, {Date(2025, 1, 1)}, {}}}).ok());
  EXPECT_FALSE(
      WorkingCalendar::Make({HolidayYear{2025, false, {}, {}}, HolidayYear{2025, true, {}, {}}})
          .ok());
  auto ok = WorkingCalendar::Make({HolidayYear{2027, true, {Date(2027, 1, 1)}, {}}});
  ASSERT_TRUE(ok.ok());
  EXPECT_TRUE(ok->IsProvisional(Date(2027, 6, 1)));
}

TEST(DeadlineTest, EndsAtTheLastSecondOfTheWorkingDayInChina) {
  const WorkingCalendar plain;
  // Monday 2030-03-04 10:00 CST + 1 working day = Tuesday.
  EXPECT_EQ(Due(plain, Cst(Date(2030, 3, 4), 10), 1), "2030-03-05T23:59:59+08:00");
  auto due = DueAt(plain, Cst(Date(2030, 3, 4), 10), 1);
  EXPECT_EQ(*due, Cst(Date(2030, 3, 6), 0) - 1);
}

TEST(DeadlineTest, SkipsTheWeekend) {
  const WorkingCalendar plain;
  EXPECT_EQ(Due(plain, Cst(Date(2030, 3, 8), 9), 1), "2030-03-11T23:59:59+08:00");  // Fri->Mon
  EXPECT_EQ(Due(plain, Cst(Date(2030, 3, 9), 9), 1), "2030-03-11T23:59:59+08:00");  // Sat->Mon
  EXPECT_EQ(Due(plain, Cst(Date(2030, 3, 8), 9), 5), "2030-03-15T23:59:59+08:00");
}

TEST(DeadlineTest, CountsTheAcceptanceDayInChinaNotUtc) {
  const WorkingCalendar plain;
  // Thursday 2030-03-07 23:30 CST is still Thursday in China: due Friday.
  EXPECT_EQ(Due(plain, Cst(Date(2030, 3, 7), 23, 30), 1), "2030-03-08T23:59:59+08:00");
  // 30 minutes later it is Friday in China (still Thursday in UTC): due Monday.
  EXPECT_EQ(Due(plain, Cst(Date(2030, 3, 8), 0, 0), 1), "2030-03-11T23:59:59+08:00");
}

TEST(DeadlineTest, CrossesTheNationalDayHolidayAndItsAdjustedWeekend) {
  const WorkingCalendar cal = OfficialCalendar();
  // Friday 2025-09-26: Sun 28 (调休), Mon 29, Tue 30, [Oct 1-8 off], Thu Oct 9, Fri Oct 10.
  EXPECT_EQ(Due(cal, Cst(Date(2025, 9, 26), 15), 5), "2025-10-10T23:59:59+08:00");
  // Accepted during the holiday: the first working day is Oct 9, then Oct 10, Sat Oct 11 (调休).
  EXPECT_EQ(Due(cal, Cst(Date(2025, 10, 3), 11), 3), "2025-10-11T23:59:59+08:00");
  // 2024: Fri Sep 27 -> Sun 29 (调休) -> Mon 30 -> [Oct 1-7] -> Tue Oct 8.
  EXPECT_EQ(Due(cal, Cst(Date(2024, 9, 27), 9), 3), "2024-10-08T23:59:59+08:00");
}

TEST(DeadlineTest, CrossesTheSpringFestival) {
  const WorkingCalendar cal = OfficialCalendar();
  // Friday 2026-02-13: Sat 14 (调休), [Feb 15-23 off], Tue 24, Wed 25.
  EXPECT_EQ(Due(cal, Cst(Date(2026, 2, 13), 16), 3), "2026-02-25T23:59:59+08:00");
  // 2025: Fri Jan 24 -> Sun 26 (调休), Mon 27, [Jan 28 - Feb 4], Wed 5, ..., Sat Feb 8 (调休).
  EXPECT_EQ(Due(cal, Cst(Date(2025, 1, 24), 16), 6), "2025-02-08T23:59:59+08:00");
  // 20 working days from Thu 2024-02-01: Feb 2, 4 (Sun, 调休), 5-9, [10-17 off], 18 (Sun, 调休),
  // 19-23, 26-29, Mar 1, 4, 5.
  EXPECT_EQ(Due(cal, Cst(Date(2024, 2, 1), 10), 20), "2024-03-05T23:59:59+08:00");
}

TEST(DeadlineTest, CrossesTheYearEnd) {
  const WorkingCalendar cal = OfficialCalendar();
  // Wed 2025-12-31 -> [Jan 1-3 off] -> Sun Jan 4 (调休) -> Mon Jan 5.
  EXPECT_EQ(Due(cal, Cst(Date(2025, 12, 31), 9), 2), "2026-01-05T23:59:59+08:00");
}

TEST(DeadlineTest, RejectsLimitsOutsideOneToAYear) {
  const WorkingCalendar plain;
  EXPECT_EQ(DueAt(plain, 0, 0).error().reason, "invalid_time_limit");
  EXPECT_FALSE(DueAt(plain, 0, 366).ok());
}

TEST(DeadlineTest, ClassifiesOverdueAndDueSoonByWorkingDays) {
  const WorkingCalendar cal = OfficialCalendar();
  const std::int64_t due = DueAt(cal, Cst(Date(2025, 9, 26), 15), 5).value();  // Oct 10
  EXPECT_EQ(ClassifyDeadline(cal, due, due, 2), Urgency::kDueSoon);
  EXPECT_EQ(ClassifyDeadline(cal, due, due + 1, 2), Urgency::kOverdue);
  // On Oct 3 (holiday) the next two working days are Oct 9 and 10: due soon.
  EXPECT_EQ(ClassifyDeadline(cal, due, Cst(Date(2025, 10, 3), 9), 2), Urgency::kDueSoon);
  // With a one-day horizon it is not yet.
  EXPECT_EQ(ClassifyDeadline(cal, due, Cst(Date(2025, 10, 3), 9), 1), Urgency::kOnTime);
  EXPECT_EQ(ClassifyDeadline(cal, due, Cst(Date(2025, 9, 26), 16), 2), Urgency::kOnTime);
  EXPECT_EQ(UrgencyName(Urgency::kOverdue), "overdue");
}

TEST(DeadlineTest, FormatsInChinaStandardTime) {
  EXPECT_EQ(FormatChinaTime(0), "1970-01-01T08:00:00+08:00");
  EXPECT_EQ(ChinaDate(16 * 3600), Date(1970, 1, 2));
}

}  // namespace
}  // namespace lianban::domain::workflow
