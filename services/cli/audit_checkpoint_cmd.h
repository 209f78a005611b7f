// Signed checkpoints on the command line:
//   lianban audit checkpoint --data DIR [--out FILE]   signs (or reuses) the checkpoint over the
//   log
//                                                      and writes its note (stdout without --out)
//   lianban audit public-key --data DIR [--out FILE]   the Ed25519 public key for auditors, in hex
// and the options `lianban audit verify` gains: --checkpoint FILE (repeatable) and
// --public-key HEX|FILE, with which it also proves that nothing a checkpoint covers was changed,
// removed, reordered or cut off.
#pragma once

#include <CLI/CLI.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "db/database.h"

namespace lianban::services::cli {

void AddAuditCheckpointCommands(CLI::App& app);

struct CheckpointOptions {
  std::vector<std::filesystem::path> files;  // checkpoint notes kept by the auditor
  std::string public_key;                    // 64 hex digits or a file holding them
};

// Adds --checkpoint and --public-key to `verify`, bound to `options`.
void AddCheckpointOptions(CLI::App& verify, CheckpointOptions& options);

// Whether either option was given (otherwise `audit verify` checks the chain alone).
bool WantsTrailVerification(const CheckpointOptions& options);

// Verifies the chain, the given checkpoints and the stored ones; prints a summary. The public key
// comes from --public-key, else from the master key of `data_dir`. Exits 1 (CLI::RuntimeError)
// naming the first problem when the trail does not verify.
void VerifyTrail(const std::filesystem::path& data_dir, db::Database& db,
                 const CheckpointOptions& options);

}  // namespace lianban::services::cli
