// lianban user add --data DIR --username U --role R [--department CODE] [--if-missing]:
// creates a staff account; the password is read from standard input (echo off on a terminal).
#include <termios.h>
#include <unistd.h>

#include <iostream>
#include <memory>
#include <string>

#include "db/audit_log.h"
#include "db/password_hasher.h"
#include "db/store.h"
#include "db/user_repository.h"
#include "domain/authz.h"
#include "domain/clock.h"
#include "services/cli/cli_common.h"
#include "services/catalog_loader.h"
#include "services/cli/commands.h"

namespace lianban::services::cli {
namespace {

struct UserAddArgs {
  std::filesystem::path data;
  std::string username;
  std::string role;
  std::string department;
  std::string pwhash_profile;
  bool if_missing = false;
};

// One line from stdin without its line ending; echo is off when stdin is a terminal.
std::string ReadPassword() {
  const bool tty = isatty(STDIN_FILENO) == 1;
  termios saved{};
  if (tty) {
    std::cerr << "password: " << std::flush;
    tcgetattr(STDIN_FILENO, &saved);
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string password;
  std::getline(std::cin, password);
  if (tty) {
    tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    std::cerr << '\n';
  }
  if (!password.empty() && password.back() == '\r') password.pop_back();
  return password;
}

void CheckRole(const UserAddArgs& args) {
  const std::optional<domain::Role> role = domain::ParseRole(args.role);
  if (!role || *role == domain::Role::kAgency) {
    Fail("--role must be admin, caseworker, reviewer, supervisor or auditor");
  }
  if (*role == domain::Role::kReviewer && args.department.empty()) {
    Fail("--department is required for a reviewer");
  }
  if (*role != domain::Role::kReviewer && !args.department.empty()) {
    Fail("--department applies to reviewers only");
  }
}

// A reviewer's department must be one of the catalog's departments.
void CheckDepartment(const UserAddArgs& args) {
  if (args.department.empty()) return;
  Result<domain::CatalogSpec> spec = ReadCatalogSpec(CatalogDirUnder(args.data));
  if (!spec.ok()) Fail("reading the catalog", spec.error());
  for (const domain::DepartmentSpec& d : spec->departments) {
    if (d.id == args.department) return;
  }
  Fail("--department " + args.department + " is not a department of the catalog");
}

db::AuditEntry CreatedEntry(const db::User& user, std::int64_t now) {
  db::AuditEntry e;
  e.at = now;
  e.actor = "system";
  e.action = "user.create";
  e.object = "user:" + std::to_string(user.id);
  e.outcome = "ok";
  e.purpose = "cli";
  return e;
}

void Run(const UserAddArgs& args) {
  CheckRole(args);
  const SystemClock clock;
  Result<std::unique_ptr<db::Store>> store = db::Store::Open(args.data, clock.NowUnix());
  if (!store.ok()) Fail("user add", store.error());
  CheckDepartment(args);
  db::UserRepository users((*store)->db());
  if (users.FindByUsername(args.username).ok()) {
    if (args.if_missing) {
      std::cout << "user " << args.username << " already exists\n";
      return;
    }
    Fail("user add", Error::Make(ErrorCode::kAlreadyExists, "username_taken",
                                 "a user named " + args.username + " already exists"));
  }
  const std::string password = ReadPassword();
  if (password.empty()) Fail("a password is required on standard input");
  const db::PasswordHasher hasher(PwhashParams(args.pwhash_profile));
  Result<std::string> hash = hasher.Hash(password);
  if (!hash.ok()) Fail("user add", hash.error());
  db::NewUser user{args.username, *hash, args.role, std::nullopt};
  if (!args.department.empty()) user.department = args.department;
  const std::int64_t now = clock.NowUnix();
  Status s = (*store)->db().WithWriteTransaction([&]() -> Status {
    Result<db::User> created = users.Create(user, now);
    if (!created.ok()) return created.error();
    Result<std::int64_t> seq = db::AppendAudit((*store)->db(), CreatedEntry(*created, now));
    if (!seq.ok()) return seq.error();
    return OkStatus();
  });
  if (!s.ok()) Fail("user add", s.error());
  std::cout << "created user " << args.username << " (" << args.role << ")\n";
}

}  // namespace

void AddUserAddCommand(CLI::App& app) {
  auto args = std::make_shared<UserAddArgs>();
  CLI::App& group = Group(app, "user", "staff accounts");
  CLI::App* cmd = group.add_subcommand("add", "create a user; the password is read from stdin");
  AddDataOption(*cmd, args->data);
  cmd->add_option("--username", args->username, "login name")->required();
  cmd->add_option("--role", args->role, "admin|caseworker|reviewer|supervisor|auditor")->required();
  cmd->add_option("--department", args->department, "department code (reviewers only)");
  cmd->add_flag("--if-missing", args->if_missing, "succeed without change if the user exists");
  AddPwhashOption(*cmd, args->pwhash_profile);
  cmd->callback([args] { Run(*args); });
}

}  // namespace lianban::services::cli
