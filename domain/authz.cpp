#include "domain/authz.h"

#include <array>
#include <utility>

namespace lianban::domain {
namespace {

constexpr std::array<std::pair<Role, std::string_view>, 6> kRoleNames = {{
    {Role::kAdmin, "admin"},
    {Role::kCaseworker, "caseworker"},
    {Role::kReviewer, "reviewer"},
    {Role::kSupervisor, "supervisor"},
    {Role::kAuditor, "auditor"},
    {Role::kAgency, "agency"},
}};

// Which roles may perform an action at all (department scope is checked separately).
bool RoleMayEver(Role role, Action action) {
  switch (action) {
    case Action::kReadCatalog:
      return true;
    case Action::kScreen:
      return role == Role::kCaseworker || role == Role::kSupervisor;
    case Action::kRegisterHousehold:
    case Action::kUpdateHousehold:
    case Action::kOpenMatter:
    case Action::kSupplyInfo:
      return role == Role::kCaseworker;
    case Action::kReadHousehold:
    case Action::kReadMatter:
      return role == Role::kCaseworker || role == Role::kSupervisor ||
             role == Role::kReviewer || role == Role::kAuditor;
    case Action::kFindPerson:
      return role == Role::kCaseworker || role == Role::kSupervisor || role == Role::kAuditor;
    case Action::kDecideTask:
      return role == Role::kReviewer;
    case Action::kManageUsers:
    case Action::kManageApiKeys:
      return role == Role::kAdmin;
    case Action::kReadEvents:
      return role == Role::kAdmin || role == Role::kAgency;
    case Action::kReadAudit:
      return role == Role::kAuditor;
    case Action::kReadReports:
      return role == Role::kAuditor || role == Role::kSupervisor || role == Role::kAdmin;
    case Action::kAddMaterial:
      return role == Role::kCaseworker;
    case Action::kReadMaterials:
      return role == Role::kCaseworker || role == Role::kSupervisor ||
             role == Role::kReviewer || role == Role::kAuditor || role == Role::kAgency;
  }
  return false;
}

// Actions that concern no department's data, so scoped roles need no matching department.
bool DepartmentFree(Action action) { return action == Action::kReadCatalog; }

}  // namespace

std::string_view RoleName(Role role) {
  for (const auto& [r, name] : kRoleNames) {
    if (r == role) return name;
  }
  return "unknown";
}

std::optional<Role> ParseRole(std::string_view name) {
  for (const auto& [r, n] : kRoleNames) {
    if (n == name) return r;
  }
  return std::nullopt;
}

bool RoleNeedsDepartment(Role role) { return role == Role::kReviewer || role == Role::kAgency; }

std::string_view ActionName(Action action) {
  switch (action) {
    case Action::kReadCatalog: return "read_catalog";
    case Action::kScreen: return "screen";
    case Action::kRegisterHousehold: return "register_household";
    case Action::kReadHousehold: return "read_household";
    case Action::kUpdateHousehold: return "update_household";
    case Action::kFindPerson: return "find_person";
    case Action::kOpenMatter: return "open_matter";
    case Action::kReadMatter: return "read_matter";
    case Action::kDecideTask: return "decide_task";
    case Action::kSupplyInfo: return "supply_info";
    case Action::kManageUsers: return "manage_users";
    case Action::kManageApiKeys: return "manage_api_keys";
    case Action::kReadEvents: return "read_events";
    case Action::kReadAudit: return "read_audit";
    case Action::kReadReports: return "read_reports";
    case Action::kAddMaterial: return "add_material";
    case Action::kReadMaterials: return "read_materials";
  }
  return "unknown";
}

bool Allowed(Role role, std::string_view department, Action action,
             std::string_view target_department) {
  if (!RoleMayEver(role, action)) return false;
  if (!RoleNeedsDepartment(role) || DepartmentFree(action)) return true;
  // A scoped role acts only inside its own department, and only when the target is known.
  return !department.empty() && department == target_department;
}

}  // namespace lianban::domain
