#include "domain/workflow/deadline.h"

#include <cstdio>

namespace lianban::domain::workflow {

Date ChinaDate(std::int64_t unix_seconds) {
  return Date::FromUnix(unix_seconds + kChinaUtcOffsetSeconds);
}

std::int64_t StartOfChinaDay(Date d) { return d.ToDays() * 86400 - kChinaUtcOffsetSeconds; }

std::int64_t EndOfChinaDay(Date d) { return StartOfChinaDay(d) + 86400 - 1; }

std::string FormatChinaTime(std::int64_t unix_seconds) {
  const Date d = ChinaDate(unix_seconds);
  const std::int64_t secs = unix_seconds - StartOfChinaDay(d);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%sT%02d:%02d:%02d+08:00", d.ToString().c_str(),
                static_cast<int>(secs / 3600), static_cast<int>(secs / 60 % 60),
                static_cast<int>(secs % 60));
  return buf;
}

Result<std::int64_t> DueAt(const WorkingCalendar& calendar, std::int64_t accepted_at,
                           int working_days) {
  if (working_days < 1 || working_days > 365) {
    return Error::Make(ErrorCode::kInvalidArgument, "invalid_time_limit",
                       "a time limit is between 1 and 365 working days");
  }
  return EndOfChinaDay(calendar.AddWorkingDays(ChinaDate(accepted_at), working_days));
}

Urgency ClassifyDeadline(const WorkingCalendar& calendar, std::int64_t due_at, std::int64_t now,
                         int soon_working_days) {
  if (now > due_at) return Urgency::kOverdue;
  const Date today = ChinaDate(now);
  const Date horizon =
      soon_working_days <= 0 ? today : calendar.AddWorkingDays(today, soon_working_days);
  return ChinaDate(due_at) <= horizon ? Urgency::kDueSoon : Urgency::kOnTime;
}

std::string_view UrgencyName(Urgency u) {
  switch (u) {
    case Urgency::kOnTime:
      return "on_time";
    case Urgency::kDueSoon:
      return "due_soon";
    case Urgency::kOverdue:
      return "overdue";
  }
  return "unknown";
}

}  // namespace lianban::domain::workflow
