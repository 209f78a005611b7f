// Verifying the audit trail: the hash chain (db/audit_log.h) and, over it, signed checkpoints
// (db/audit_checkpoint.h). The chain finds an edited, removed, inserted or reordered entry; a
// checkpoint also finds a cut-off tail and a chain rewritten from some entry on with fresh hashes,
// since the signer's head hash and Merkle root no longer match. Works on any copy of the database.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "db/audit_checkpoint.h"
#include "db/audit_log.h"
#include "db/database.h"
#include "db/merkle.h"
#include "domain/result.h"

namespace lianban::db {

// The head hash and Merkle root of the log's first `size` entries.
struct LogPrefix {
  std::int64_t size = 0;
  AuditHash head{};
  MerkleHash root{};
};

struct LogDigest {
  std::int64_t entries = 0;         // entries in the log
  std::vector<LogPrefix> prefixes;  // one per requested size the log reaches, ascending
  LogPrefix whole;                  // the whole log
};

// One pass over the stored entries (in seq order, trusting their stored hashes: run VerifyAudit
// for those) computing the digest of each prefix in `sizes`. Errors: database errors.
Result<LogDigest> DigestAuditLog(Database& db, std::span<const std::int64_t> sizes);

struct TrailVerdict {
  bool intact = true;
  std::int64_t entries = 0;
  std::optional<std::int64_t> first_bad_seq;  // when known
  // "" when intact; the chain's reasons (db/audit_log.h), or "log_truncated",
  // "checkpoint_mismatch", "checkpoint_signature_invalid", "checkpoints_out_of_order",
  // "read_failed".
  std::string reason;
  std::string detail;           // for humans: which checkpoint, which entries
  int checkpoints_checked = 0;  // signatures verified and matched against the log
  std::int64_t covered = 0;     // entries 1..covered are fixed by a signed checkpoint
};

// Checks the chain, then every checkpoint in `external` (e.g. a file kept by the auditor) and every
// checkpoint stored in the database: each must be signed by `key`, stored ones must be in order,
// and the log must still hold exactly what each one signed. Stops at the first failure.
TrailVerdict VerifyAuditTrail(Database& db, const AuditPublicKey& key,
                              std::span<const Checkpoint> external);

}  // namespace lianban::db
