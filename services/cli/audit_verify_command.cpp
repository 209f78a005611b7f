// lianban audit verify --data DIR: walks the audit chain; exit 0 with a summary, or 1 naming the
// first bad entry. Needs no key: the chain is plain hashes.
#include <iostream>
#include <memory>

#include "db/audit_log.h"
#include "db/audit_spool.h"
#include "db/database.h"
#include "db/store.h"
#include "services/cli/audit_checkpoint_cmd.h"
#include "services/cli/cli_common.h"
#include "services/cli/commands.h"

namespace lianban::services::cli {

void AddAuditVerifyCommand(CLI::App& app) {
  auto dir = std::make_shared<std::filesystem::path>();
  CLI::App& audit = Group(app, "audit", "the audit trail");
  CLI::App* cmd = audit.add_subcommand("verify", "check the whole audit chain");
  AddDataOption(*cmd, *dir);
  auto checkpoints = std::make_shared<CheckpointOptions>();
  AddCheckpointOptions(*cmd, *checkpoints);
  cmd->callback([dir, checkpoints] {
    const std::filesystem::path file = *dir / db::kDatabaseFileName;
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec)) Fail("no database at " + file.string());
    Result<std::unique_ptr<db::Database>> database = db::Database::Open(file.string());
    if (!database.ok()) Fail("audit verify", database.error());
    // Entries a crashed server left spooled belong to the chain being verified.
    Status moved = db::MoveLeftoverAuditSpool(**database, *dir / db::kAuditSpoolName);
    if (!moved.ok()) Fail("audit verify", moved.error());
    if (WantsTrailVerification(*checkpoints)) return VerifyTrail(*dir, **database, *checkpoints);
    const db::AuditVerifyResult result = db::VerifyAudit(**database);
    if (result.intact) {
      std::cout << "audit chain intact: " << result.entries << " entries\n";
      return;
    }
    std::cout << "audit chain broken at entry " << result.first_bad_seq.value_or(0) << ": "
              << result.reason << " (" << result.entries << " entries read)\n";
    throw CLI::RuntimeError(1);
  });
}

}  // namespace lianban::services::cli
