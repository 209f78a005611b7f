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
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.h"

struct sqlite3;
struct sqlite3_stmt;

namespace lianban::db {

class Database;

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
  Statement(Database* db, sqlite3_stmt* stmt, std::unique_lock<std::recursive_mutex> lock);

  Database* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
  Status bind_status_ = OkStatus();
  std::unique_lock<std::recursive_mutex> lock_;
};

class Database {
 public:
  // Opens (creating if absent) the SQLite file at `path` (":memory:" works for tests), applies
  // journal_mode=WAL, foreign_keys=ON, busy_timeout=5000, synchronous=NORMAL, then applies every
  // embedded migration whose number exceeds PRAGMA user_version, each in its own transaction.
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
  // Runs `body` inside a deferred read transaction, so several SELECTs see one snapshot.
  Status WithReadTransaction(const std::function<Status()>& body);

  // Whether the calling thread is inside a transaction on this connection.
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
  explicit Database(sqlite3* handle);
  Status ApplyPragmas();
  Status Migrate();
  Error LastError(int rc, std::string_view what);

  sqlite3* handle_ = nullptr;
  std::recursive_mutex mutex_;
};

}  // namespace lianban::db
