// The append-only, hash-chained audit log. Each entry's hash is BLAKE2b-256 over a canonical,
// length-prefixed encoding of (seq, at, actor, role, action, object, outcome, purpose, prev_hash);
// the first prev_hash is 32 zero bytes. Triggers make UPDATE and DELETE fail; Verify still detects
// edits made with the triggers dropped. The chain alone cannot detect removal of the newest
// entries (truncation of the tail): signed checkpoints of (entries, head hash) cover that.
// Never put personal data in an entry: object = "household:123", not a name.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/database.h"
#include "domain/result.h"

namespace lianban::db {

inline constexpr std::size_t kAuditHashSize = 32;
using AuditHash = std::array<std::uint8_t, kAuditHashSize>;

struct AuditEntry {
  std::int64_t at = 0;  // unix seconds
  std::string actor;    // "user:7", "apikey:3", "system"
  std::string role;     // "caseworker", ... ; "" when unauthenticated
  std::string action;   // e.g. "household.read", "session.create"
  std::string object;   // e.g. "household:123"; "" when none
  std::string outcome;  // "ok", "denied", "failed", ...
  std::string purpose;  // why (e.g. "screening"); "" when none
};

struct StoredAuditEntry {
  std::int64_t seq = 0;
  AuditEntry entry;
  AuditHash prev_hash{};
  AuditHash hash{};
};

// Appends one entry and returns its seq (1, 2, ...). Call it inside the caller's
// WithWriteTransaction so the entry commits (or rolls back) with the change it records; called
// outside a transaction (the entry of a read) it is group-committed with the entries other threads
// append at the same moment (Database::WithSharedWriteTransaction), and returns once committed.
// Errors: database errors as in database.h.
Result<std::int64_t> AppendAudit(Database& db, const AuditEntry& entry);

// Records an entry whose seq the caller does not need (the entry of a read). With an audit spool
// (db/audit_spool.h: the server) and outside a transaction, the entry is appended to the spool
// file and moved into the log within milliseconds; otherwise, and for text the spool cannot hold,
// it is AppendAudit. Either way it survives a crash of the process once this returns OK.
// Errors: "audit_spool_io"; database errors as in database.h.
Status RecordAudit(Database& db, const AuditEntry& entry);

// Moves every spooled entry into the log (nothing without a spool). Every reader of audit_log
// calls it first, outside any transaction, so that it sees each entry recorded before the call.
// Errors: those of AuditSpool::Flush.
Status FlushAudit(Database& db);

// Appends the entries, in order, inside the caller's transaction (the audit spool's move).
Status AppendAuditBatch(Database& db, const std::vector<AuditEntry>& entries);

struct AuditVerifyResult {
  bool intact = true;
  std::int64_t entries = 0;                   // entries read
  std::optional<std::int64_t> first_bad_seq;  // set when !intact
  // "" or "sequence_gap" (a deleted entry; first_bad_seq is the missing seq), "prev_hash_mismatch",
  // "hash_mismatch", "unexpected_entry" (seq <= 0), "read_failed".
  std::string reason;
  AuditHash head{};  // the last entry's hash (zeros when empty), for checkpoints
};

// Walks the whole chain in seq order (after FlushAudit) and names the first entry that does not fit: a missing seq
// (deletion), a prev_hash that is not the previous entry's hash (insertion, reordering), or a hash
// that does not match the entry's content (edit).
AuditVerifyResult VerifyAudit(Database& db);

// Entries with seq > after_seq, ascending, at most `limit`.
Result<std::vector<StoredAuditEntry>> ListAudit(Database& db, std::int64_t after_seq, int limit);

// The hash an entry with these contents must carry (exposed for tests and checkpoints).
AuditHash AuditEntryHash(std::int64_t seq, const AuditEntry& entry, const AuditHash& prev_hash);

}  // namespace lianban::db
