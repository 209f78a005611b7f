// Who may do what: roles, the authenticated principal, and the ONE function that decides every
// permission in the API. Pure: no I/O, so the whole role x action x department matrix is testable.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lianban::domain {

enum class Role { kAdmin, kCaseworker, kReviewer, kSupervisor, kAuditor, kAgency };

// "admin", "caseworker", ... ; the names used in the API, the CLI and the store.
std::string_view RoleName(Role role);
// The role with that exact name, or nullopt.
std::optional<Role> ParseRole(std::string_view name);
// Reviewers and agencies act for one department; every other role is district-wide.
bool RoleNeedsDepartment(Role role);

// Everything the API lets someone do (see docs/openapi.yaml for which endpoint needs which).
enum class Action {
  kReadCatalog,
  kScreen,            // POST /v1/screenings (stores nothing but the audit entry)
  kRegisterHousehold,
  kReadHousehold,     // target department: one with a task on the household (for reviewers)
  kUpdateHousehold,   // PUT, and screening a stored household
  kFindPerson,
  kOpenMatter,
  kReadMatter,        // target department: one with a task in the matter (for reviewers)
  kDecideTask,        // target department: the task's department
  kSupplyInfo,
  kManageUsers,
  kManageApiKeys,
  kReadEvents,        // target department: the events' department (for agencies)
  kReadAudit,
  kReadReports,
  kAddMaterial,       // upload a document to a matter
  kReadMaterials,     // target department: one with a task in the matter (reviewers, agencies)
};

// Every action, for exhaustive tests and documentation.
inline constexpr Action kAllActions[] = {
    Action::kReadCatalog,    Action::kScreen,       Action::kRegisterHousehold,
    Action::kReadHousehold,  Action::kUpdateHousehold, Action::kFindPerson,
    Action::kOpenMatter,     Action::kReadMatter,   Action::kDecideTask,
    Action::kSupplyInfo,     Action::kManageUsers,  Action::kManageApiKeys,
    Action::kReadEvents,     Action::kReadAudit,    Action::kReadReports,
    Action::kAddMaterial,    Action::kReadMaterials,
};
inline constexpr Role kAllRoles[] = {Role::kAdmin,      Role::kCaseworker, Role::kReviewer,
                                     Role::kSupervisor, Role::kAuditor,    Role::kAgency};

std::string_view ActionName(Action action);

// Who is making a request: a signed-in user (session token) or an agency API key.
struct Principal {
  enum class Kind { kUser, kApiKey };
  Kind kind = Kind::kUser;
  std::int64_t id = 0;            // the user's id, or the API key's id
  std::string username;           // the user's name, or the API key's name
  Role role = Role::kCaseworker;  // API keys always have Role::kAgency
  std::string department;         // department code; empty for district-wide roles
  std::int64_t credential_id = 0; // the session's id (to revoke it), or the API key's id
};

// Whether `role` (acting for `department`, empty when district-wide) may perform `action` on
// something belonging to `target_department`. `target_department` is empty when the action has no
// department (e.g. reading the catalog) or the caller checks departments later; department-scoped
// roles (reviewer, agency) are then allowed only the actions that are never department-specific.
bool Allowed(Role role, std::string_view department, Action action,
             std::string_view target_department);

inline bool Allowed(const Principal& who, Action action, std::string_view target_department) {
  return Allowed(who.role, who.department, action, target_department);
}

}  // namespace lianban::domain
