#include "domain/date.h"

#include <cstdio>

namespace lianban::domain {

bool IsLeapYear(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && IsLeapYear(year)) return 29;
  return kDays[month - 1];
}

std::optional<Date> Date::FromYmd(int year, int month, int day) {
  if (year < 1 || year > 9999 || month < 1 || month > 12) return std::nullopt;
  if (day < 1 || day > DaysInMonth(year, month)) return std::nullopt;
  return Date(year, month, day);
}

std::optional<Date> Date::Parse(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  auto digits = [&](size_t from, size_t n) -> int {
    int v = 0;
    for (size_t i = from; i < from + n; ++i) {
      if (s[i] < '0' || s[i] > '9') return -1;
      v = v * 10 + (s[i] - '0');
    }
    return v;
  };
  int y = digits(0, 4), m = digits(5, 2), d = digits(8, 2);
  if (y < 0 || m < 0 || d < 0) return std::nullopt;
  return FromYmd(y, m, d);
}

// Howard Hinnant's days_from_civil / civil_from_days.
std::int64_t Date::ToDays() const {
  const std::int64_t y = m_ <= 2 ? y_ - 1 : y_;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t doy = (153 * (m_ + (m_ > 2 ? -3 : 9)) + 2) / 5 + d_ - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

Date Date::FromDays(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  const int y = static_cast<int>(yoe + era * 400 + (m <= 2 ? 1 : 0));
  return Date(y, m, d);
}

Date Date::FromUnix(std::int64_t unix_seconds) {
  std::int64_t days = unix_seconds / 86400;
  if (unix_seconds % 86400 < 0) --days;
  return FromDays(days);
}

int Date::IsoWeekday() const {
  const std::int64_t days = ToDays();  // 1970-01-01 was a Thursday (4)
  return static_cast<int>(((days % 7) + 7 + 3) % 7) + 1;
}

std::string Date::ToString() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y_, m_, d_);
  return buf;
}

}  // namespace lianban::domain
