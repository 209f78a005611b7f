// What the subcommands of `lianban` share: the --data option, settings from the environment,
// and failing with a message that names the problem. Every command lives in its own file in
// services/cli/ with one `AddXxxCommand(CLI::App&)`, listed in services/main.cpp.
#pragma once

#include <filesystem>
#include <string>

#include <CLI/CLI.hpp>

#include "db/password_hasher.h"
#include "domain/result.h"

namespace lianban::services::cli {

// Adds the required `--data DIR` option (env LIANBAN_DATA) bound to `dir`.
CLI::Option* AddDataOption(CLI::App& command, std::filesystem::path& dir);

// Adds `--pwhash-profile default|test` (env LIANBAN_PWHASH_PROFILE) bound to `profile`. "test" is
// libsodium's minimum and exists only so test suites run fast; never use it in production.
CLI::Option* AddPwhashOption(CLI::App& command, std::string& profile);
db::PasswordHashParams PwhashParams(const std::string& profile);

// The subcommand `name` of `parent`, created on first use (for groups like `user`, `audit`).
CLI::App& Group(CLI::App& parent, const std::string& name, const std::string& description);

// Where `init` copies seeds from: LIANBAN_SEEDS, else the source tree the binary was built from.
std::filesystem::path SeedsDir();

// Prints "lianban: <what>: <message> (<reason>)" to stderr and exits the command with status 1
// (through CLI11, so main returns normally and destructors run).
[[noreturn]] void Fail(const std::string& what, const Error& error);
[[noreturn]] void Fail(const std::string& message);

}  // namespace lianban::services::cli
