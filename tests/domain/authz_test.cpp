#include "domain/authz.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

namespace lianban::domain {
namespace {

// The whole permission matrix, written out by hand from api-contract.md. For each role and action:
// "YY" allowed on its own and on another department, "Y-" only on its own department, "--" never.
// Scoped roles (reviewer, agency) act for department MZ; district-wide roles have no department.
// Column order follows kAllActions:
//   catalog screen register readHH updateHH findPerson openMatter readMatter decide supplyInfo
//   users apiKeys events audit reports addMaterial readMaterials
const std::map<Role, std::vector<std::string>> kExpected = {
    {Role::kAdmin,
     {"YY", "--", "--", "--", "--", "--", "--", "--", "--", "--", "YY", "YY", "YY", "--", "YY", "--", "--"}},
    {Role::kCaseworker,
     {"YY", "YY", "YY", "YY", "YY", "YY", "YY", "YY", "--", "YY", "--", "--", "--", "--", "--", "YY", "YY"}},
    {Role::kReviewer,
     {"YY", "--", "--", "Y-", "--", "--", "--", "Y-", "Y-", "--", "--", "--", "--", "--", "--", "--", "Y-"}},
    {Role::kSupervisor,
     {"YY", "YY", "--", "YY", "--", "YY", "--", "YY", "--", "--", "--", "--", "--", "--", "YY", "--", "YY"}},
    {Role::kAuditor,
     {"YY", "--", "--", "YY", "--", "YY", "--", "YY", "--", "--", "--", "--", "--", "YY", "YY", "--", "YY"}},
    {Role::kAgency,
     {"YY", "--", "--", "--", "--", "--", "--", "--", "--", "--", "--", "--", "Y-", "--", "--", "--", "Y-"}},
};

std::string OwnDepartment(Role role) { return RoleNeedsDepartment(role) ? "MZ" : ""; }

TEST(AuthzTest, MatchesTheFullRoleActionDepartmentMatrix) {
  constexpr std::size_t kActions = std::size(kAllActions);
  for (Role role : kAllRoles) {
    const auto& row = kExpected.at(role);
    ASSERT_EQ(row.size(), kActions) << RoleName(role);
    for (std::size_t a = 0; a < kActions; ++a) {
      const Action action = kAllActions[a];
      const std::string dept = OwnDepartment(role);
      EXPECT_EQ(Allowed(role, dept, action, "MZ"), row[a][0] == 'Y')
          << RoleName(role) << " " << ActionName(action) << " same department";
      EXPECT_EQ(Allowed(role, dept, action, "RS"), row[a][1] == 'Y')
          << RoleName(role) << " " << ActionName(action) << " other department";
    }
  }
}

TEST(AuthzTest, ScopedRolesNeedAKnownTargetDepartment) {
  EXPECT_FALSE(Allowed(Role::kReviewer, "MZ", Action::kReadHousehold, ""));
  EXPECT_FALSE(Allowed(Role::kAgency, "MZ", Action::kReadEvents, ""));
  EXPECT_TRUE(Allowed(Role::kReviewer, "MZ", Action::kReadCatalog, ""));
  EXPECT_TRUE(Allowed(Role::kCaseworker, "", Action::kReadHousehold, ""));
}

TEST(AuthzTest, AScopedRoleWithoutDepartmentIsAllowedNoScopedAction) {
  EXPECT_FALSE(Allowed(Role::kReviewer, "", Action::kDecideTask, ""));
  EXPECT_FALSE(Allowed(Role::kReviewer, "", Action::kReadMatter, "MZ"));
}

TEST(AuthzTest, PrincipalOverloadUsesRoleAndDepartment) {
  Principal p;
  p.kind = Principal::Kind::kApiKey;
  p.role = Role::kAgency;
  p.department = "RS";
  EXPECT_TRUE(Allowed(p, Action::kReadEvents, "RS"));
  EXPECT_FALSE(Allowed(p, Action::kReadEvents, "MZ"));
}

TEST(AuthzTest, RoleNamesRoundTripAndUnknownNamesAreRejected) {
  for (Role role : kAllRoles) EXPECT_EQ(ParseRole(RoleName(role)), role);
  EXPECT_EQ(ParseRole("Admin"), std::nullopt);
  EXPECT_EQ(ParseRole("root"), std::nullopt);
  EXPECT_EQ(ParseRole(""), std::nullopt);
}

}  // namespace
}  // namespace lianban::domain
