#include "domain/workflow/matter.h"

namespace lianban::domain::workflow {

std::string_view VerdictName(Verdict v) {
  return v == Verdict::kApproved ? "approved" : "rejected";
}

const Task* FindTask(const Matter& m, std::string_view task_id) {
  for (const auto& t : m.tasks) {
    if (t.id == task_id) return &t;
  }
  return nullptr;
}

bool HasTaskFor(const Matter& m, std::string_view department) {
  if (department.empty()) return false;
  for (const auto& t : m.tasks) {
    if (t.department == department) return true;
  }
  return false;
}

}  // namespace lianban::domain::workflow
