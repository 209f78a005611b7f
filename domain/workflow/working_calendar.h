// Which civil days are working days for the consortium: Monday to Friday, except statutory
// holidays (法定节假日) announced by the State Council, plus the weekend days it declares working
// (调休). Built from seeds/holidays.json by services/workflow_seeds.h.
#pragma once

#include <cstdint>
#include <set>
#include <vector>

#include "domain/date.h"
#include "domain/result.h"

namespace lianban::domain::workflow {

// One year's arrangement as published.
struct HolidayYear {
  int year = 0;
  bool provisional = false;   // not yet published: statutory days only, no 调休
  std::vector<Date> off;      // days off (may fall on weekends)
  std::vector<Date> working;  // weekend days that are working days (调休上班)
};

class WorkingCalendar {
 public:
  // Weekends only, no holidays: useful in tests.
  WorkingCalendar() = default;

  // Validates the years: each date lies in its year, no day is both off and working, a
  // working day is a Saturday or Sunday, years are not repeated. kInvalidArgument otherwise.
  static Result<WorkingCalendar> Make(const std::vector<HolidayYear>& years);

  bool IsWorkingDay(Date d) const;
  // True when `d`'s year has an arrangement; outside, only weekends are days off.
  bool Covers(Date d) const;
  bool IsProvisional(Date d) const;

  // The n-th working day strictly after `start` (n >= 1); `start` itself never counts.
  Date AddWorkingDays(Date start, int n) const;
  // Working days in (from, to]: 0 when to <= from.
  int WorkingDaysBetween(Date from, Date to) const;

 private:
  std::set<Date> off_;
  std::set<Date> working_;
  std::set<int> years_;
  std::set<int> provisional_years_;
};

}  // namespace lianban::domain::workflow
