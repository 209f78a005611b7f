// Loads the workflow's seed files: the working-day calendar (seeds/holidays.json) and the
// per-policy time limits (seeds/catalog/time_limits.json). JSON is parsed here because the domain
// may not use a JSON library; the domain receives plain values.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>

#include "domain/catalog.h"
#include "domain/result.h"
#include "domain/workflow/matter_workflow.h"
#include "domain/workflow/working_calendar.h"

namespace lianban::services {

// The calendar described by the text of holidays.json. kInvalidArgument
// "invalid_holiday_calendar" naming the first problem (bad JSON, a bad date, a range whose end
// precedes its start, a working day on a weekday, ...).
Result<domain::workflow::WorkingCalendar> ParseHolidays(std::string_view json_text);

// Policy id -> working days from the text of time_limits.json. kInvalidArgument
// "invalid_time_limits" when malformed or a limit is not an integer in 1..365.
Result<std::map<std::string, int>> ParseTimeLimits(std::string_view json_text);

// The same from files. kNotFound "seed_not_found" when the file cannot be read.
Result<domain::workflow::WorkingCalendar> LoadHolidays(const std::filesystem::path& path);
Result<std::map<std::string, int>> LoadTimeLimits(const std::filesystem::path& path);

// The workflow's lookups over the catalog's policies (policy -> department) and the configured
// time limits. `calendar` must outlive the result; the lookups own copies of the rest.
domain::workflow::WorkflowRules MakeWorkflowRules(
    const std::vector<domain::PolicySpec>& policies, std::map<std::string, int> time_limits,
    const domain::workflow::WorkingCalendar* calendar);

}  // namespace lianban::services
