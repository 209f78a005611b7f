// The audit_checkpoints table (migration 007): signed checkpoints the server made, append-only
// (triggers refuse UPDATE and DELETE). MakeCheckpoint never signs a log that fails verification.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "db/audit_checkpoint.h"
#include "db/database.h"
#include "domain/result.h"

namespace lianban::db {

// Every stored checkpoint in the order they were made. Errors: database errors; kInternal
// "checkpoint_corrupt" for a row whose hashes or signature have the wrong length.
Result<std::vector<Checkpoint>> ListCheckpoints(Database& db);
// The newest stored checkpoint, or nullopt when none was made yet.
Result<std::optional<Checkpoint>> LatestCheckpoint(Database& db);
// Stores one checkpoint. Errors: database errors.
Status InsertCheckpoint(Database& db, const Checkpoint& checkpoint);

// The checkpoint over the log as it is now: verifies the whole trail (chain and stored
// checkpoints), and returns the newest stored checkpoint when the log has not grown since, else
// signs, stores and returns a new one at time `now`. Errors: kConflict
// "audit_trail_broken" (naming the first bad entry) when verification fails; database errors.
Result<Checkpoint> MakeCheckpoint(Database& db, const AuditSigner& signer, std::int64_t now);

}  // namespace lianban::db
