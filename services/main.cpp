// lianban: the one binary. Parses the command line and runs one command; every command lives in
// its own file in services/cli/ and registers itself below.
#include <iostream>

#include <CLI/CLI.hpp>

#include "db/secret_bytes.h"
#include "services/cli/audit_checkpoint_cmd.h"
#include "services/cli/commands.h"

int main(int argc, char** argv) {
  // Keys and decrypted personal data live in this process's memory: never write it to a core file.
  if (lianban::Status s = lianban::db::DisableCoreDumps(); !s.ok()) {
    std::cerr << "lianban: cannot disable core dumps: " << s.error().message << '\n';
    return 1;
  }
  CLI::App app("Lianban: case management for the Jiangbei social-assistance consortium",
               "lianban");
  app.require_subcommand(1);
  namespace cli = lianban::services::cli;
  cli::AddInitCommand(app);
  cli::AddUserAddCommand(app);
  cli::AddServeCommand(app);
  cli::AddAuditVerifyCommand(app);
  cli::AddAuditCheckpointCommands(app);  // audit checkpoint, audit public-key
  cli::AddScreenCommand(app);
  cli::AddGenHouseholdsCommand(app);
  cli::AddKeysCommands(app);
  cli::AddBackupCommands(app);
  cli::AddDemoDataCommand(app);
  cli::AddCatalogDocsCommand(app);
  cli::AddReportCommand(app);
  CLI11_PARSE(app, argc, argv);
  return 0;
}
