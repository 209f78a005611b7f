#include "services/workflow_seeds.h"

#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

namespace lianban::services {
namespace {

using domain::Date;
using domain::workflow::HolidayYear;
using nlohmann::json;

Error HolidayError(const std::string& message) {
  return Error::Make(ErrorCode::kInvalidArgument, "invalid_holiday_calendar", message);
}

Result<Date> DateAt(const json& object, const char* key) {
  if (!object.contains(key) || !object[key].is_string()) {
    return HolidayError(std::string("missing date '") + key + "'");
  }
  const auto text = object[key].get<std::string>();
  auto d = Date::Parse(text);
  if (!d) return HolidayError("not a date: " + text);
  return *d;
}

Status AddOffRange(const json& range, HolidayYear& year) {
  auto from = DateAt(range, "from");
  if (!from) return Error(from.error());
  auto to = DateAt(range, "to");
  if (!to) return Error(to.error());
  if (*to < *from) return HolidayError("range ends before it starts: " + from->ToString());
  if (to->ToDays() - from->ToDays() > 31)
    return HolidayError("range too long: " + from->ToString());
  for (Date d = *from; d <= *to; d = d.AddDays(1)) year.off.push_back(d);
  return OkStatus();
}

Result<HolidayYear> ParseYear(const json& y) {
  if (!y.is_object() || !y.contains("year") || !y["year"].is_number_integer()) {
    return HolidayError("each entry of 'years' needs an integer 'year'");
  }
  HolidayYear year;
  year.year = y["year"].get<int>();
  year.provisional = y.value("status", "") != "official";
  for (const auto& range : y.value("off", json::array())) {
    if (auto s = AddOffRange(range, year); !s) return Error(s.error());
  }
  for (const auto& day : y.value("working", json::array())) {
    auto d = DateAt(day, "date");
    if (!d) return Error(d.error());
    year.working.push_back(*d);
  }
  return year;
}

Result<std::string> ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Error::Make(ErrorCode::kNotFound, "seed_not_found", "cannot read " + path.string());
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

Result<std::map<std::string, int>> ParseLimitsObject(const json& doc) {
  auto invalid = [](const std::string& m) {
    return Error::Make(ErrorCode::kInvalidArgument, "invalid_time_limits", m);
  };
  if (!doc.is_object() || doc.value("unit", "") != "working_days" || !doc.contains("limits") ||
      !doc["limits"].is_object()) {
    return invalid("expected {\"unit\":\"working_days\",\"limits\":{...}}");
  }
  std::map<std::string, int> out;
  for (const auto& [policy, days] : doc["limits"].items()) {
    if (!days.is_number_integer() || days.get<int>() < 1 || days.get<int>() > 365) {
      return invalid("the limit of " + policy + " is not a whole number of days in 1..365");
    }
    out[policy] = days.get<int>();
  }
  return out;
}

}  // namespace

Result<domain::workflow::WorkingCalendar> ParseHolidays(std::string_view json_text) {
  const json doc = json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("years") ||
      !doc["years"].is_array()) {
    return HolidayError("expected an object with an array 'years'");
  }
  std::vector<HolidayYear> years;
  for (const auto& y : doc["years"]) {
    auto year = ParseYear(y);
    if (!year) return Error(year.error());
    years.push_back(std::move(*year));
  }
  return domain::workflow::WorkingCalendar::Make(years);
}

Result<std::map<std::string, int>> ParseTimeLimits(std::string_view json_text) {
  const json doc = json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) {
    return Error::Make(ErrorCode::kInvalidArgument, "invalid_time_limits", "not JSON");
  }
  return ParseLimitsObject(doc);
}

Result<domain::workflow::WorkingCalendar> LoadHolidays(const std::filesystem::path& path) {
  auto text = ReadFile(path);
  if (!text) return Error(text.error());
  return ParseHolidays(*text);
}

Result<std::map<std::string, int>> LoadTimeLimits(const std::filesystem::path& path) {
  auto text = ReadFile(path);
  if (!text) return Error(text.error());
  return ParseTimeLimits(*text);
}

domain::workflow::WorkflowRules MakeWorkflowRules(
    const std::vector<domain::PolicySpec>& policies, std::map<std::string, int> time_limits,
    const domain::workflow::WorkingCalendar* calendar) {
  auto departments = std::make_shared<std::map<std::string, std::string, std::less<>>>();
  for (const auto& p : policies) (*departments)[p.id] = p.department;
  auto limits = std::make_shared<std::map<std::string, int, std::less<>>>(time_limits.begin(),
                                                                          time_limits.end());
  domain::workflow::WorkflowRules rules;
  rules.department_of = [departments](std::string_view id) -> std::optional<std::string> {
    auto it = departments->find(id);
    if (it == departments->end()) return std::nullopt;
    return it->second;
  };
  rules.time_limit_of = [limits](std::string_view id) -> std::optional<int> {
    auto it = limits->find(id);
    if (it == limits->end()) return std::nullopt;
    return it->second;
  };
  rules.calendar = calendar;
  return rules;
}

}  // namespace lianban::services
