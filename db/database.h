// The SQLite connection of the store: PRAGMAs, embedded migrations, prepared statements with bound
// parameters only, and BEGIN IMMEDIATE write transactions. Every SQL error becomes an Error:
// SQLITE_BUSY beyond busy_timeout -> kUnavailable "database_busy"; UNIQUE/PRIMARY KEY violations ->
// kAlreadyExists "unique_violation"; FOREIGN KEY -> kConflict "foreign_key_violation"; other
// constraint failures (CHECK, NOT NULL, RAISE in a trigger) -> kInternal "constraint_violation".
//
// Thread-safety: one Database is one connection guarded by a recursive mutex. A Statement holds
// that mutex from Prepare until it is destroyed, and WithWriteTransaction holds it for the whole
// transaction, so a few worker threads may share one Database; their work is serialized. Keep
// statements short-lived (a local in one function) so other threads are not starved.
//
// Prepared statements are cached per SQL text: a destroyed Statement is reset, its bindings
// cleared, and handed out again by the next Prepare of the same text, so the usual pattern (SQL in
// a constant, Prepare in the function that runs it) parses each statement once per connection.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "domain/result.h"

struct sqlite3;
struct sqlite3_stmt;

namespace lianban::db {

class Database;
class AuditSpool;  // db/audit_spool.h

// One prepared statement. Parameters are 1-based (SQLite's convention), columns 0-based.
// Move-only; finalizes the statement and releases the connection lock when destroyed.
class Statement {
 public:
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  // Binders return *this so calls chain; a bind failure (bad index) is reported by the next Step.
  Statement& Bind(int index, std::int64_t value);
  Statement& Bind(int index, std::string_view text);
  Statement& Bind(int index, const std::string& text) {
    return Bind(index, std::string_view(text));
  }
  Statement& Bind(int index, const char* text) { return Bind(index, std::string_view(text)); }
  Statement& Bind(int index, std::span<const std::uint8_t> blob);
  Statement& BindNull(int index);
  Statement& Bind(int index, const std::optional<std::string>& text_or_null);
  Statement& Bind(int index, const std::optional<std::int64_t>& value_or_null);

  // Runs one step: true when a row is available, false when done. Errors as described above.
  Result<bool> Step();
  // Steps to completion, for INSERT/UPDATE/DELETE; an unexpected result row is not an error.
  Status Run();
  // Makes the statement runnable again with the same bindings (ClearBindings to drop them).
  void Reset();
  void ClearBindings();

  bool ColumnIsNull(int col) const;
  std::int64_t ColumnInt64(int col) const;
  std::string ColumnText(int col) const;                // "" for NULL
  std::vector<std::uint8_t> ColumnBlob(int col) const;  // empty for NULL
  std::optional<std::string> ColumnOptionalText(int col) const;
  std::optional<std::int64_t> ColumnOptionalInt64(int col) const;

 private:
  friend class Database;
  Statement(Database* db, sqlite3_stmt* stmt, std::vector<sqlite3_stmt*>* home,
            std::unique_lock<std::recursive_mutex> lock);
  // Returns the statement to its cache slot (reset, bindings cleared) or finalizes it.
  void Release() noexcept;

  Database* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
  std::vector<sqlite3_stmt*>* home_ = nullptr;  // the cache slot of its SQL text, if any
  Status bind_status_ = OkStatus();
  std::unique_lock<std::recursive_mutex> lock_;
};

class Database {
 public:
  // Opens (creating if absent) the SQLite file at `path` (":memory:" works for tests), applies
  // journal_mode=WAL, foreign_keys=ON, busy_timeout=5000, synchronous=NORMAL and a page cache of
  // 64 MiB (SQLite's default, 2 MiB, cannot hold the inner b-tree pages at 1,000,000 households),
  // then applies every embedded migration whose number exceeds PRAGMA user_version, each in its
  // own transaction.
  // Errors: kInternal "database_open" / "migration_failed"; kFailedPrecondition "schema_too_new"
  // when the file was written by a newer build.
  static Result<std::unique_ptr<Database>> Open(const std::string& path);

  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();

  // Prepares one statement (the SQL must be a single statement). Errors: kInternal "sql_prepare".
  Result<Statement> Prepare(std::string_view sql);
  // Runs SQL text without parameters (may hold several statements). For DDL and fixed SQL only.
  Status Exec(std::string_view sql);

  // Runs `body` between BEGIN IMMEDIATE and COMMIT; rolls back when `body` returns an error (that
  // error is returned) or the COMMIT fails. Nested calls on the same thread join the outer
  // transaction (the outer one commits or rolls back everything). Errors: as `body`, or
  // kUnavailable "database_busy" when the write lock cannot be had within busy_timeout.
  Status WithWriteTransaction(const std::function<Status()>& body);
  // Group commit for small independent writes (such as the audit entry of a read), where one
  // transaction per call would cost more than the write itself: runs `body` in a write transaction
  // that may be shared with other threads' bodies. Callers queue; one of them (the leader, or a
  // caller that already holds the connection) takes the connection and runs every queued body in
  // one BEGIN IMMEDIATE ... COMMIT, each inside its own SAVEPOINT, so a failing body undoes only
  // its own changes and gets its own error; the others wait on a condition variable. Returns once
  // that transaction has committed; when BEGIN or COMMIT fails (or the store throws), every body
  // of the batch gets that error and nothing of the batch is stored. Inside a transaction of this
  // thread it simply joins.
  Status WithSharedWriteTransaction(const std::function<Status()>& body);
  // Runs `body` inside a deferred read transaction, so several SELECTs see one snapshot.
  Status WithReadTransaction(const std::function<Status()>& body);

  // Moves WAL checkpoints off the committing thread. By default SQLite copies the WAL back into
  // the database file (and syncs it) inside whichever COMMIT leaves 1000 or more pages in the WAL,
  // stalling that request and, through the connection lock, every other one. After this call a
  // second connection on a thread of its own checkpoints whenever a commit leaves 4000 pages in
  // the WAL: a PASSIVE checkpoint (readers and the writer are not blocked), then, under this
  // connection's lock, a RESTART checkpoint of the few frames committed meanwhile, so that the
  // next commit writes the WAL from its start. Only if the WAL still reaches 16000 pages does the
  // committing thread checkpoint itself. The thread stops with the Database.
  // For long-running processes (the server). Errors: kInternal "database_open" when the second
  // connection cannot be opened; kFailedPrecondition for an in-memory database.
  Status CheckpointInBackground();

  // Reads the database file once from start to end on a thread of its own, so that the operating
  // system's page cache holds it before requests need it: after a restart, or once the cache has
  // dropped a file that sat idle, a read of a random household otherwise waits for the disk (at
  // 1,000,000 households, 2.2 GB, that tripled the latency of a read; docs/PERFORMANCE.md). Reads
  // at most half of the machine's memory, in 1 MiB steps; stops early when the Database closes.
  // `on_done` (optional) runs on that thread with the bytes read and the seconds it took.
  // Errors: kFailedPrecondition for an in-memory database.
  Status PrewarmInBackground(std::function<void(std::uint64_t bytes, double seconds)> on_done = {});

  // The audit spool that RecordAudit writes to (db/audit_spool.h), if SpoolAudit gave it one.
  // Attach once, before other threads use the Database; it is stopped (and what it holds moved
  // into the log) first when the Database closes.
  void AttachAuditSpool(std::unique_ptr<AuditSpool> spool);
  AuditSpool* audit_spool() const { return audit_spool_.get(); }

  // Whether the calling thread is inside a transaction on this connection. Does not wait for
  // another thread's transaction.
  bool InTransaction();
  // The rowid of the last successful INSERT on this connection (call inside the same lock).
  std::int64_t LastInsertRowId();
  // Rows changed by the last INSERT/UPDATE/DELETE.
  int Changes();
  // The applied schema version (PRAGMA user_version).
  Result<int> SchemaVersion();

  // The connection lock, for callers that need several statements to run without interleaving.
  std::unique_lock<std::recursive_mutex> Lock() { return std::unique_lock(mutex_); }

 private:
  friend class Statement;
  Database(sqlite3* handle, std::string path);
  class Checkpointer;
  class Prewarmer;
  Status ApplyPragmas();
  Status Migrate();
  Error LastError(int rc, std::string_view what);
  // Prepare + Run of one fixed statement through the cache (BEGIN, COMMIT, SAVEPOINT, ...).
  Status Run(std::string_view sql);
  Status RunTransaction(std::string_view begin, const std::function<Status()>& body);
  struct SharedWrite;  // one queued body of WithSharedWriteTransaction
  Status RunBatch(const std::vector<SharedWrite*>& batch);

  // Heterogeneous lookup: Prepare(string_view) finds the slot without building a std::string.
  struct SqlHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view sql) const noexcept {
      return std::hash<std::string_view>{}(sql);
    }
  };

  sqlite3* handle_ = nullptr;
  std::string path_;
  std::recursive_mutex mutex_;
  std::unique_ptr<Checkpointer> checkpointer_;  // set by CheckpointInBackground
  std::unique_ptr<Prewarmer> prewarmer_;        // set by PrewarmInBackground
  std::unique_ptr<AuditSpool> audit_spool_;     // set by AttachAuditSpool
  // Idle prepared statements by SQL text (guarded by mutex_).
  std::unordered_map<std::string, std::vector<sqlite3_stmt*>, SqlHash, std::equal_to<>> cache_;
  std::mutex queue_mutex_;           // guards queue_ and SharedWrite::done
  std::vector<SharedWrite*> queue_;  // bodies waiting for a shared write transaction
  bool queue_leader_ = false;        // a thread is taking the connection to commit the queue
  std::condition_variable queue_done_;  // a batch was committed or the leader stepped down
};

}  // namespace lianban::db
