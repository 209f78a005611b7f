// Test fixture: the official 2024-2026 arrangements (the same days as seeds/holidays.json, which
// tests/services/workflow_seeds_test.cpp checks against this domain behaviour).
#pragma once

#include <cstdint>

#include "domain/workflow/deadline.h"
#include "domain/workflow/working_calendar.h"

namespace lianban::domain::workflow::testing {

inline std::vector<Date> Range(Date from, Date to) {
  std::vector<Date> out;
  for (Date d = from; d <= to; d = d.AddDays(1)) out.push_back(d);
  return out;
}

inline WorkingCalendar OfficialCalendar() {
  HolidayYear y2024{2024, false, {}, {}};
  for (auto [a, b] : {std::pair{Date(2024, 1, 1), Date(2024, 1, 1)},
                      {Date(2024, 2, 10), Date(2024, 2, 17)},
                      {Date(2024, 4, 4), Date(2024, 4, 6)},
                      {Date(2024, 5, 1), Date(2024, 5, 5)},
                      {Date(2024, 6, 10), Date(2024, 6, 10)},
                      {Date(2024, 9, 15), Date(2024, 9, 17)},
                      {Date(2024, 10, 1), Date(2024, 10, 7)}}) {
    for (Date d : Range(a, b)) y2024.off.push_back(d);
  }
  y2024.working = {Date(2024, 2, 4),  Date(2024, 2, 18), Date(2024, 4, 7),  Date(2024, 4, 28),
                   Date(2024, 5, 11), Date(2024, 9, 14), Date(2024, 9, 29), Date(2024, 10, 12)};
  HolidayYear y2025{2025, false, {}, {}};
  for (auto [a, b] : {std::pair{Date(2025, 1, 1), Date(2025, 1, 1)},
                      {Date(2025, 1, 28), Date(2025, 2, 4)},
                      {Date(2025, 4, 4), Date(2025, 4, 6)},
                      {Date(2025, 5, 1), Date(2025, 5, 5)},
                      {Date(2025, 5, 31), Date(2025, 6, 2)},
                      {Date(2025, 10, 1), Date(2025, 10, 8)}}) {
    for (Date d : Range(a, b)) y2025.off.push_back(d);
  }
  y2025.working = {Date(2025, 1, 26), Date(2025, 2, 8), Date(2025, 4, 27), Date(2025, 9, 28),
                   Date(2025, 10, 11)};
  HolidayYear y2026{2026, false, {}, {}};
  for (auto [a, b] : {std::pair{Date(2026, 1, 1), Date(2026, 1, 3)},
                      {Date(2026, 2, 15), Date(2026, 2, 23)},
                      {Date(2026, 4, 4), Date(2026, 4, 6)},
                      {Date(2026, 5, 1), Date(2026, 5, 5)},
                      {Date(2026, 6, 19), Date(2026, 6, 21)},
                      {Date(2026, 9, 25), Date(2026, 9, 27)},
                      {Date(2026, 10, 1), Date(2026, 10, 7)}}) {
    for (Date d : Range(a, b)) y2026.off.push_back(d);
  }
  y2026.working = {Date(2026, 1, 4), Date(2026, 2, 14), Date(2026, 2, 28),
                   Date(2026, 5, 9), Date(2026, 9, 20), Date(2026, 10, 10)};
  return WorkingCalendar::Make({y2024, y2025, y2026}).value();
}

// A Unix time at hh:mm China Standard Time on `d`.
inline std::int64_t Cst(Date d, int hour, int minute = 0) {
  return StartOfChinaDay(d) + hour * 3600 + minute * 60;
}

}  // namespace lianban::domain::workflow::testing
