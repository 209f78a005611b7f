// Write-behind for the audit entries of reads. Committing one SQLite transaction per read (even
// group-committed) cost 60 % of an audited read (docs/PERFORMANCE.md); here an entry is one
// append to a spool file in the data directory, and a thread of its own moves the spooled entries
// into audit_log (hash chain, seq) in one transaction every few milliseconds.
//
// Durability is that of a commit: the append has reached the operating system when Append
// returns, so, like a WAL commit under synchronous=NORMAL, it survives a crash of the process, and
// it is moved into the log the next time the spool is opened (spool ids above
// audit_spool_state.last_moved; the move and the new last_moved commit together, so nothing is
// moved twice). An entry's seq, and so its place in the chain, is given when it is moved: entries
// of writes appended meanwhile in their own transactions may come first.
//
// Two files alternate: appends go to the active one; a move switches files under the lock, moves
// exactly what the old file holds, and empties it once committed. Every reader of the log calls
// FlushAudit first (db/audit_log.h), so auditors never miss an acknowledged entry. Only one
// process may spool into a data directory (flock); other processes (CLI commands) write their
// entries directly.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "db/audit_log.h"
#include "db/database.h"
#include "domain/result.h"

namespace lianban::db {

// The spool's files in the data directory: audit-spool.a and audit-spool.b.
inline constexpr char kAuditSpoolName[] = "audit-spool";

class AuditSpool {
 public:
  // Opens (creating) the spool files `<path>.a` and `<path>.b`, moves into the log whatever a
  // previous process spooled and did not move, and starts the mover thread. A last line cut short
  // (a crash during the append, never acknowledged) is dropped.
  // Errors: kFailedPrecondition "audit_spool_in_use" when another process spools there;
  // kInternal "audit_spool_io", "audit_spool_corrupt" (a damaged line that is not the last, named
  // with its file and line); database errors.
  static Result<std::unique_ptr<AuditSpool>> Open(Database& db, const std::filesystem::path& path);

  AuditSpool(const AuditSpool&) = delete;
  AuditSpool& operator=(const AuditSpool&) = delete;
  // Stops the thread and moves what is left (what cannot be moved stays in the files).
  ~AuditSpool();

  // Appends the entry to the active file (one write) and queues it for the log.
  // Errors: kInternal "audit_spool_io" (the file is left as it was); kInvalidArgument
  // "audit_spool_encoding" for text that is not UTF-8 (RecordAudit then appends it directly).
  Status Append(const AuditEntry& entry);

  // Moves every entry appended before the call into the log; returns once that is committed.
  // Errors: kInternal "audit_flush_in_transaction" when this thread is inside a transaction (the
  // move would join it); database errors (the entries stay spooled).
  Status Flush();

  // Transactions that moved entries, for tests and benchmarks.
  std::int64_t moves() const;

 private:
  struct File {
    std::filesystem::path path;
    int fd = -1;
    std::int64_t size = 0;    // bytes written
    std::int64_t max_id = 0;  // the newest id written to it
  };

  AuditSpool(Database& db, File a, File b, std::int64_t next_id);
  Status Recover();
  Status Move();
  void Run();

  Database& db_;
  File files_[2];
  mutable std::mutex mutex_;  // guards everything below and the files; taken after the connection
  int active_ = 0;
  std::int64_t next_id_;
  std::vector<AuditEntry> pending_;  // appended, not yet moved: ids up to next_id_ - 1
  std::int64_t moves_ = 0;
  bool stopping_ = false;
  std::condition_variable wake_;
  std::thread mover_;
};

// Gives `db` a spool at `path` (AuditSpool::Open): RecordAudit then spools, FlushAudit moves. For
// the server; errors as AuditSpool::Open.
Status SpoolAudit(Database& db, const std::filesystem::path& path);

// For commands that read the whole log (audit verify, audit checkpoint, backup): moves into the
// log what a server that is not running left in the spool at `path` (after a crash, before its
// restart). Does nothing when there are no spool files, or when a running server holds them (it
// moves its entries itself; the command sees the log as committed). Errors as AuditSpool::Open,
// except "audit_spool_in_use".
Status MoveLeftoverAuditSpool(Database& db, const std::filesystem::path& path);

}  // namespace lianban::db
