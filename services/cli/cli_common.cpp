#include "services/cli/cli_common.h"

#include <cstdlib>
#include <iostream>

namespace lianban::services::cli {

CLI::Option* AddDataOption(CLI::App& command, std::filesystem::path& dir) {
  return command.add_option("--data", dir, "data directory (database, key file, seeds)")
      ->envname("LIANBAN_DATA")
      ->required();
}

CLI::Option* AddPwhashOption(CLI::App& command, std::string& profile) {
  return command
      .add_option("--pwhash-profile", profile,
                  "password hashing cost: default, or test (minimum; for test suites only)")
      ->envname("LIANBAN_PWHASH_PROFILE")
      ->check(CLI::IsMember({"default", "test"}))
      ->default_val("default");
}

db::PasswordHashParams PwhashParams(const std::string& profile) {
  return profile == "test" ? db::PasswordHashParams::Minimum() : db::PasswordHashParams::Default();
}

CLI::App& Group(CLI::App& parent, const std::string& name, const std::string& description) {
  for (CLI::App* sub : parent.get_subcommands([](CLI::App*) { return true; })) {
    if (sub->get_name() == name) return *sub;
  }
  CLI::App* group = parent.add_subcommand(name, description);
  group->require_subcommand(1);
  return *group;
}

std::filesystem::path SeedsDir() {
  if (const char* env = std::getenv("LIANBAN_SEEDS"); env != nullptr && *env != '\0') return env;
  return LIANBAN_DEFAULT_SEEDS_DIR;
}

void Fail(const std::string& what, const Error& error) {
  Fail(what + ": " + error.message + " (" + error.reason + ")");
}

void Fail(const std::string& message) {
  std::cerr << "lianban: " << message << '\n';
  throw CLI::RuntimeError(1);
}

}  // namespace lianban::services::cli
