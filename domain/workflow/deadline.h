// Deadlines in working days, China Standard Time (UTC+8, no daylight saving). A task accepted at
// time t with a limit of N working days is due at the end (23:59:59 CST) of the N-th working day
// after the CST date of t; the acceptance day never counts, whatever the hour.
#pragma once

#include <cstdint>
#include <string>

#include "domain/date.h"
#include "domain/result.h"
#include "domain/workflow/working_calendar.h"

namespace lianban::domain::workflow {

inline constexpr std::int64_t kChinaUtcOffsetSeconds = 8 * 3600;

// The civil date in China at a Unix time.
Date ChinaDate(std::int64_t unix_seconds);
// 00:00:00 CST of `d`, and the last second of `d` (23:59:59 CST), as Unix times.
std::int64_t StartOfChinaDay(Date d);
std::int64_t EndOfChinaDay(Date d);
// RFC 3339 with the China offset, e.g. "2025-10-10T23:59:59+08:00".
std::string FormatChinaTime(std::int64_t unix_seconds);

// The due time for a limit of `working_days` counted from `accepted_at`; kInvalidArgument
// "invalid_time_limit" unless 1 <= working_days <= 365.
Result<std::int64_t> DueAt(const WorkingCalendar& calendar, std::int64_t accepted_at,
                           int working_days);

// Where a deadline stands at `now`. Overdue: now is past due_at. Due soon: not overdue, and due
// on or before the `soon_working_days`-th working day after today (CST), so a deadline of today
// is always due soon.
enum class Urgency { kOnTime, kDueSoon, kOverdue };
Urgency ClassifyDeadline(const WorkingCalendar& calendar, std::int64_t due_at, std::int64_t now,
                         int soon_working_days);
std::string_view UrgencyName(Urgency u);

}  // namespace lianban::domain::workflow
