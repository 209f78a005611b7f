// Civil dates (proleptic Gregorian), as used by ID numbers, `as_of`, parameters and deadlines.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lianban::domain {

class Date {
 public:
  Date() = default;
  // No validation: use Parse or FromYmd for untrusted input.
  constexpr Date(int year, int month, int day) : y_(year), m_(month), d_(day) {}

  // A real calendar date in ISO form "YYYY-MM-DD" (exactly 10 characters), or nullopt.
  static std::optional<Date> Parse(std::string_view iso);
  // A real calendar date, or nullopt (e.g. 2023-02-29).
  static std::optional<Date> FromYmd(int year, int month, int day);
  // The date `days` after 1970-01-01 (negative before it).
  static Date FromDays(std::int64_t days);
  // The UTC date of a Unix time in seconds.
  static Date FromUnix(std::int64_t unix_seconds);

  int year() const { return y_; }
  int month() const { return m_; }
  int day() const { return d_; }
  // Days since 1970-01-01.
  std::int64_t ToDays() const;
  // 1 = Monday ... 7 = Sunday (ISO 8601).
  int IsoWeekday() const;
  Date AddDays(std::int64_t n) const { return FromDays(ToDays() + n); }
  std::string ToString() const;  // "YYYY-MM-DD"

  friend constexpr auto operator<=>(const Date&, const Date&) = default;

 private:
  int y_ = 1970;
  int m_ = 1;
  int d_ = 1;
};

bool IsLeapYear(int year);
int DaysInMonth(int year, int month);

}  // namespace lianban::domain
