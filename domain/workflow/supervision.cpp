#include "domain/workflow/supervision.h"

#include <algorithm>
#include <tuple>

namespace lianban::domain::workflow {

std::vector<TaskAlert> TaskAlerts(const std::vector<Matter>& matters,
                                  const WorkingCalendar& calendar, std::int64_t now,
                                  int soon_working_days) {
  std::vector<TaskAlert> out;
  for (const auto& m : matters) {
    if (IsSettled(m.state)) continue;
    for (const auto& t : m.tasks) {
      if (t.state == TaskState::kDecided) continue;
      const Urgency u = ClassifyDeadline(calendar, t.due_at, now, soon_working_days);
      if (u == Urgency::kOnTime) continue;
      out.push_back({m.id, t.id, t.department, t.state, t.due_at, u});
    }
  }
  std::sort(out.begin(), out.end(), [](const TaskAlert& a, const TaskAlert& b) {
    return std::tie(a.due_at, a.matter_id, a.task_id) < std::tie(b.due_at, b.matter_id, b.task_id);
  });
  return out;
}

std::vector<MaterialAlert> OverdueMaterials(const std::vector<Matter>& matters, std::int64_t now) {
  const Date today = ChinaDate(now);
  std::vector<MaterialAlert> out;
  for (const auto& m : matters) {
    if (IsSettled(m.state)) continue;
    for (const auto& mm : m.missing_materials) {
      if (!mm.supplied_at && mm.supply_by < today) out.push_back({m.id, mm.name, mm.supply_by});
    }
  }
  return out;
}

}  // namespace lianban::domain::workflow
