// One registration function per `lianban` subcommand (one file each), called from main.cpp.
#pragma once

#include <CLI/CLI.hpp>

namespace lianban::services::cli {

void AddInitCommand(CLI::App& app);         // init_command.cpp
void AddUserAddCommand(CLI::App& app);      // user_add_command.cpp
void AddServeCommand(CLI::App& app);        // serve_command.cpp
void AddAuditVerifyCommand(CLI::App& app);  // audit_verify_command.cpp
void AddScreenCommand(CLI::App& app);         // screen_command.cpp
void AddGenHouseholdsCommand(CLI::App& app);  // gen_households_command.cpp
void AddKeysCommands(CLI::App& app);          // keys_cmd.cpp: keys rotate, keys status
void AddBackupCommands(CLI::App& app);        // backup_cmd.cpp: backup, restore
void AddDemoDataCommand(CLI::App& app);       // demo_data_cmd.cpp
void AddCatalogDocsCommand(CLI::App& app);    // catalog_docs_cmd.cpp: catalog docs
void AddReportCommand(CLI::App& app);          // report_cmd.cpp: report (offline)

}  // namespace lianban::services::cli
