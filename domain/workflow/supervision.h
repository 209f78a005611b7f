// What supervisors watch: undecided tasks that are overdue or due soon, and materials accepted as
// missing (容缺) whose supply-by date has passed. See deadline.h for the rules.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "domain/workflow/deadline.h"
#include "domain/workflow/matter.h"
#include "domain/workflow/working_calendar.h"

namespace lianban::domain::workflow {

struct TaskAlert {
  std::string matter_id;
  std::string task_id;
  std::string department;
  TaskState state = TaskState::kPending;
  std::int64_t due_at = 0;
  Urgency urgency = Urgency::kOnTime;
};

struct MaterialAlert {
  std::string matter_id;
  std::string name;
  Date supply_by;
};

// Tasks not yet decided, in matters not settled, that are overdue or due soon, most urgent first
// (by due time, then matter and task id).
std::vector<TaskAlert> TaskAlerts(const std::vector<Matter>& matters,
                                  const WorkingCalendar& calendar, std::int64_t now,
                                  int soon_working_days);

// Missing materials not supplied whose supply-by date is before today (CST), in open matters.
std::vector<MaterialAlert> OverdueMaterials(const std::vector<Matter>& matters, std::int64_t now);

}  // namespace lianban::domain::workflow
