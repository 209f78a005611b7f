#include "domain/workflow/working_calendar.h"

#include <string>

namespace lianban::domain::workflow {
namespace {

Error Invalid(const std::string& message) {
  return Error::Make(ErrorCode::kInvalidArgument, "invalid_holiday_calendar", message);
}

bool IsWeekend(Date d) { return d.IsoWeekday() >= 6; }

Status CheckYear(const HolidayYear& y) {
  for (Date d : y.off) {
    if (d.year() != y.year)
      return Invalid(d.ToString() + " is listed under " + std::to_string(y.year));
  }
  for (Date d : y.working) {
    if (d.year() != y.year)
      return Invalid(d.ToString() + " is listed under " + std::to_string(y.year));
    if (!IsWeekend(d))
      return Invalid(d.ToString() + " is a weekday and cannot be a 调休 working day");
    for (Date off : y.off) {
      if (off == d) return Invalid(d.ToString() + " is both off and working");
    }
  }
  return OkStatus();
}

}  // namespace

Result<WorkingCalendar> WorkingCalendar::Make(const std::vector<HolidayYear>& years) {
  WorkingCalendar cal;
  for (const auto& y : years) {
    if (!cal.years_.insert(y.year).second)
      return Invalid("year " + std::to_string(y.year) + " repeated");
    if (auto s = CheckYear(y); !s) return Error(s.error());
    if (y.provisional) cal.provisional_years_.insert(y.year);
    cal.off_.insert(y.off.begin(), y.off.end());
    cal.working_.insert(y.working.begin(), y.working.end());
  }
  return cal;
}

bool WorkingCalendar::IsWorkingDay(Date d) const {
  if (working_.contains(d)) return true;
  if (off_.contains(d)) return false;
  return !IsWeekend(d);
}

bool WorkingCalendar::Covers(Date d) const { return years_.contains(d.year()); }

bool WorkingCalendar::IsProvisional(Date d) const { return provisional_years_.contains(d.year()); }

Date WorkingCalendar::AddWorkingDays(Date start, int n) const {
  Date d = start;
  for (int counted = 0; counted < n;) {
    d = d.AddDays(1);
    if (IsWorkingDay(d)) ++counted;
  }
  return d;
}

int WorkingCalendar::WorkingDaysBetween(Date from, Date to) const {
  int count = 0;
  for (Date d = from.AddDays(1); d <= to; d = d.AddDays(1)) {
    if (IsWorkingDay(d)) ++count;
  }
  return count;
}

}  // namespace lianban::domain::workflow
