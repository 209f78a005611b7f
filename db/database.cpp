#include "db/database.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <string>
#include <thread>
#include <utility>

#include "db/audit_spool.h"
#include "db/migrations.h"

namespace lianban::db {
namespace {

constexpr char kPragmas[] =
    "PRAGMA journal_mode=WAL;"
    "PRAGMA foreign_keys=ON;"
    "PRAGMA synchronous=NORMAL;"
    "PRAGMA cache_size=-65536;";  // 64 MiB: the inner b-tree pages of 1,000,000 households
constexpr int kBusyTimeoutMs = 5000;
// Distinct SQL texts kept prepared; texts beyond it (none today) are prepared on every call.
constexpr std::size_t kMaxCachedSql = 512;

Error ErrorFor(int rc, std::string_view what, std::string_view detail) {
  std::string message = std::string(what) + ": " + std::string(detail);
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Error::Make(ErrorCode::kUnavailable, "database_busy", std::move(message));
    case SQLITE_CONSTRAINT:
      break;
    default:
      return Error::Make(ErrorCode::kInternal, "database_error", std::move(message));
  }
  switch (rc) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return Error::Make(ErrorCode::kAlreadyExists, "unique_violation", std::move(message));
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      return Error::Make(ErrorCode::kConflict, "foreign_key_violation", std::move(message));
    default:
      return Error::Make(ErrorCode::kInternal, "constraint_violation", std::move(message));
  }
}

}  // namespace

// ---- Statement ----

Statement::Statement(Database* db, sqlite3_stmt* stmt, std::vector<sqlite3_stmt*>* home,
                     std::unique_lock<std::recursive_mutex> lock)
    : db_(db), stmt_(stmt), home_(home), lock_(std::move(lock)) {}

Statement::Statement(Statement&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)),
      stmt_(std::exchange(other.stmt_, nullptr)),
      home_(std::exchange(other.home_, nullptr)),
      bind_status_(std::move(other.bind_status_)),
      lock_(std::move(other.lock_)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    Release();
    db_ = std::exchange(other.db_, nullptr);
    stmt_ = std::exchange(other.stmt_, nullptr);
    home_ = std::exchange(other.home_, nullptr);
    bind_status_ = std::move(other.bind_status_);
    lock_ = std::move(other.lock_);
  }
  return *this;
}

Statement::~Statement() { Release(); }

void Statement::Release() noexcept {
  if (stmt_ == nullptr) return;
  // Still under the connection lock (lock_ is released after this).
  sqlite3_reset(stmt_);  // also ends the implicit read transaction of an unfinished SELECT
  if (home_ != nullptr) {
    sqlite3_clear_bindings(stmt_);
    try {
      home_->push_back(stmt_);
      stmt_ = nullptr;
      return;
    } catch (...) {  // out of memory: finalize it instead
    }
  }
  sqlite3_finalize(std::exchange(stmt_, nullptr));
}

namespace {
Status BindResult(int rc, int index) {
  if (rc == SQLITE_OK) return OkStatus();
  return Error::Make(ErrorCode::kInternal, "sql_bind",
                     "cannot bind parameter " + std::to_string(index) + ": " + sqlite3_errstr(rc));
}
}  // namespace

Statement& Statement::Bind(int index, std::int64_t value) {
  if (bind_status_.ok()) bind_status_ = BindResult(sqlite3_bind_int64(stmt_, index, value), index);
  return *this;
}

Statement& Statement::Bind(int index, std::string_view text) {
  if (bind_status_.ok()) {
    bind_status_ = BindResult(
        sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8),
        index);
  }
  return *this;
}

Statement& Statement::Bind(int index, std::span<const std::uint8_t> blob) {
  // A zero-length blob must stay a blob, not NULL: SQLite treats a null pointer as NULL.
  static const std::uint8_t kEmpty = 0;
  const void* data = blob.empty() ? &kEmpty : blob.data();
  if (bind_status_.ok()) {
    bind_status_ =
        BindResult(sqlite3_bind_blob64(stmt_, index, data, blob.size(), SQLITE_TRANSIENT), index);
  }
  return *this;
}

Statement& Statement::BindNull(int index) {
  if (bind_status_.ok()) bind_status_ = BindResult(sqlite3_bind_null(stmt_, index), index);
  return *this;
}

Statement& Statement::Bind(int index, const std::optional<std::string>& text_or_null) {
  return text_or_null ? Bind(index, std::string_view(*text_or_null)) : BindNull(index);
}

Statement& Statement::Bind(int index, const std::optional<std::int64_t>& value_or_null) {
  return value_or_null ? Bind(index, *value_or_null) : BindNull(index);
}

Result<bool> Statement::Step() {
  if (!bind_status_.ok()) return bind_status_.error();
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  // sqlite3_step reports the extended code when extended result codes are enabled.
  Error error = db_->LastError(rc, "sql_step");
  sqlite3_reset(stmt_);
  return error;
}

Status Statement::Run() {
  for (;;) {
    Result<bool> row = Step();
    if (!row.ok()) return std::move(row).take_error();
    if (!*row) return OkStatus();
  }
}

void Statement::Reset() { sqlite3_reset(stmt_); }

void Statement::ClearBindings() {
  sqlite3_clear_bindings(stmt_);
  bind_status_ = OkStatus();
}

bool Statement::ColumnIsNull(int col) const {
  return sqlite3_column_type(stmt_, col) == SQLITE_NULL;
}

std::int64_t Statement::ColumnInt64(int col) const { return sqlite3_column_int64(stmt_, col); }

std::string Statement::ColumnText(int col) const {
  const unsigned char* text = sqlite3_column_text(stmt_, col);
  if (text == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(text),
                     static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)));
}

std::vector<std::uint8_t> Statement::ColumnBlob(int col) const {
  const auto* data = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt_, col));
  if (data == nullptr) return {};
  return {data, data + sqlite3_column_bytes(stmt_, col)};
}

std::optional<std::string> Statement::ColumnOptionalText(int col) const {
  if (ColumnIsNull(col)) return std::nullopt;
  return ColumnText(col);
}

std::optional<std::int64_t> Statement::ColumnOptionalInt64(int col) const {
  if (ColumnIsNull(col)) return std::nullopt;
  return ColumnInt64(col);
}

// ---- Database ----

Database::Database(sqlite3* handle, std::string path) : handle_(handle), path_(std::move(path)) {}

Database::~Database() {
  audit_spool_.reset();  // moves its last entries through this connection, then stops
  prewarmer_.reset();  // stops and joins its thread
  if (checkpointer_) {
    sqlite3_wal_hook(handle_, nullptr, nullptr);
    checkpointer_.reset();  // joins its thread before the connection closes
  }
  for (auto& [sql, idle] : cache_) {
    for (sqlite3_stmt* stmt : idle) sqlite3_finalize(stmt);
  }
  sqlite3_close_v2(handle_);
}

Result<std::unique_ptr<Database>> Database::Open(const std::string& path) {
  sqlite3* handle = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX;
  int rc = sqlite3_open_v2(path.c_str(), &handle, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string detail = handle ? sqlite3_errmsg(handle) : sqlite3_errstr(rc);
    sqlite3_close_v2(handle);
    return Error::Make(ErrorCode::kInternal, "database_open",
                       "cannot open the database: " + detail);
  }
  sqlite3_extended_result_codes(handle, 1);
  sqlite3_busy_timeout(handle, kBusyTimeoutMs);
  std::unique_ptr<Database> db(new Database(handle, path));
  if (Status s = db->ApplyPragmas(); !s.ok()) return std::move(s).take_error();
  if (Status s = db->Migrate(); !s.ok()) return std::move(s).take_error();
  return db;
}

Error Database::LastError(int rc, std::string_view what) {
  return ErrorFor(rc, what, sqlite3_errmsg(handle_));
}

Status Database::ApplyPragmas() { return Exec(kPragmas); }

Result<Statement> Database::Prepare(std::string_view sql) {
  std::unique_lock lock(mutex_);
  auto slot = cache_.find(sql);
  if (slot == cache_.end() && cache_.size() < kMaxCachedSql) {
    slot = cache_.emplace(std::string(sql), std::vector<sqlite3_stmt*>{}).first;
  }
  std::vector<sqlite3_stmt*>* home = slot == cache_.end() ? nullptr : &slot->second;
  if (home != nullptr && !home->empty()) {
    sqlite3_stmt* stmt = home->back();
    home->pop_back();
    return Statement(this, stmt, home, std::move(lock));
  }
  sqlite3_stmt* stmt = nullptr;
  const unsigned flags = home != nullptr ? SQLITE_PREPARE_PERSISTENT : 0;
  int rc =
      sqlite3_prepare_v3(handle_, sql.data(), static_cast<int>(sql.size()), flags, &stmt, nullptr);
  if (rc != SQLITE_OK) {
    Error error = LastError(rc, "sql_prepare");
    if (error.code == ErrorCode::kInternal) error.reason = "sql_prepare";
    return error;
  }
  return Statement(this, stmt, home, std::move(lock));
}

Status Database::Run(std::string_view sql) {
  Result<Statement> stmt = Prepare(sql);
  if (!stmt.ok()) return std::move(stmt).take_error();
  return stmt->Run();
}

Status Database::Exec(std::string_view sql) {
  std::unique_lock lock(mutex_);
  std::string text(sql);
  char* message = nullptr;
  int rc = sqlite3_exec(handle_, text.c_str(), nullptr, nullptr, &message);
  if (rc == SQLITE_OK) return OkStatus();
  std::string detail = message ? message : sqlite3_errstr(rc);
  sqlite3_free(message);
  return ErrorFor(sqlite3_extended_errcode(handle_), "sql_exec", detail);
}

// The checkpoint thread and its own connection. The WAL hook (run by SQLite on the committing
// thread, under the connection lock) only raises a flag; the thread does the copying and syncing.
class Database::Checkpointer {
 public:
  // `writer` is the lock of the connection that commits (Database::mutex_).
  Checkpointer(sqlite3* own, std::recursive_mutex& writer)
      : own_(own), writer_(writer), thread_([this] { Loop(); }) {}
  ~Checkpointer() {
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
    }
    wake_.notify_one();
    thread_.join();
    sqlite3_close_v2(own_);
  }

  static int OnCommit(void* self, sqlite3* db, const char* /*name*/, int wal_pages) {
    // Should the thread fall behind (another process holding a read snapshot keeps the WAL from
    // starting over), past kSyncPages the committing thread checkpoints itself, as SQLite would.
    auto* checkpointer = static_cast<Checkpointer*>(self);
    if (wal_pages >= kSyncPages) {
      sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    } else if (wal_pages >= checkpointer->next_.load(std::memory_order_relaxed)) {
      checkpointer->Request();
    }
    return SQLITE_OK;
  }

 private:
  static constexpr int kPages = 4000;  // 16 MiB of WAL
  static constexpr int kSyncPages = 4 * kPages;

  void Request() {
    {
      std::lock_guard lock(mutex_);
      wanted_ = true;
    }
    wake_.notify_one();
  }

  // The WAL starts again from its beginning only when a write begins after a checkpoint that
  // copied all of it. Under a steady stream of commits a PASSIVE checkpoint never does (some commit
  // lands while it copies), and asking for one whenever the WAL is past a size made every commit
  // ask again: 1,448 fdatasync calls in 6 s of screening load (15 with these rounds). So each
  // round first copies the WAL with a PASSIVE checkpoint (readers and the writer go on), then, with
  // this process's commits held off by the connection's lock, a RESTART checkpoint copies the few
  // frames committed meanwhile, and the next commit writes the WAL from its start. One round per
  // kPages pages. Another process's reader or writer makes the RESTART give up at once (no busy
  // timeout on this connection); the next round comes kPages pages later.
  void Loop() {
    std::unique_lock lock(mutex_);
    for (;;) {
      wake_.wait(lock, [this] { return wanted_ || stop_; });
      if (stop_) return;
      lock.unlock();
      int wal_pages = 0;
      sqlite3_wal_checkpoint_v2(own_, nullptr, SQLITE_CHECKPOINT_PASSIVE, &wal_pages, nullptr);
      int restarted = SQLITE_BUSY;
      if (wal_pages >= kPages) {
        std::lock_guard writer(writer_);
        restarted =
            sqlite3_wal_checkpoint_v2(own_, nullptr, SQLITE_CHECKPOINT_RESTART, nullptr, nullptr);
      }
      next_.store(restarted == SQLITE_OK ? kPages : wal_pages + kPages, std::memory_order_relaxed);
      lock.lock();
      wanted_ = false;  // commits of this round asked for it before the WAL started over
    }
  }

  sqlite3* own_;
  std::recursive_mutex& writer_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool wanted_ = false;
  bool stop_ = false;
  std::atomic<int> next_{kPages};  // WAL pages at which a commit asks for the next round
  std::thread thread_;             // last: starts once the members above exist
};

Status Database::CheckpointInBackground() {
  std::unique_lock lock(mutex_);
  if (checkpointer_) return OkStatus();
  if (path_.empty() || path_ == ":memory:") {
    return Error::Make(ErrorCode::kFailedPrecondition, "in_memory_database",
                       "an in-memory database has no WAL to checkpoint");
  }
  sqlite3* own = nullptr;
  int rc =
      sqlite3_open_v2(path_.c_str(), &own, SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string detail = own ? sqlite3_errmsg(own) : sqlite3_errstr(rc);
    sqlite3_close_v2(own);
    return Error::Make(ErrorCode::kInternal, "database_open",
                       "cannot open the checkpoint connection: " + detail);
  }
  // A connection knows the file is in WAL mode only once it has read it; until then a checkpoint
  // does nothing.
  rc = sqlite3_exec(own, "PRAGMA journal_mode", nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) {
    std::string detail = sqlite3_errmsg(own);
    sqlite3_close_v2(own);
    return Error::Make(ErrorCode::kInternal, "database_open",
                       "cannot read through the checkpoint connection: " + detail);
  }
  checkpointer_ = std::make_unique<Checkpointer>(own, mutex_);
  // Replaces the auto-checkpoint, which is itself a WAL hook.
  sqlite3_wal_hook(handle_, &Checkpointer::OnCommit, checkpointer_.get());
  return OkStatus();
}

class Database::Prewarmer {
 public:
  Prewarmer(std::string path, std::uint64_t max_bytes,
            std::function<void(std::uint64_t, double)> on_done)
      : path_(std::move(path)),
        max_bytes_(max_bytes),
        on_done_(std::move(on_done)),
        thread_([this] { Run(); }) {}
  ~Prewarmer() {
    stop_.store(true);
    thread_.join();
  }

 private:
  void Run() {
    const auto start = std::chrono::steady_clock::now();
    std::uint64_t offset = 0;
    const int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
      // Read in small page-cache pages. A sequential read lets the kernel cache the file in large
      // folios (up to 2 MiB on ext4 since Linux 6.16), and a later 4 KiB write into such a folio
      // (a checkpoint copying one b-tree page) dirties and writes back the whole folio: measured
      // 1.9 MB written per random 4 KiB write. So first drop what is cached of the file (clean
      // pages only; nothing is lost), then read with readahead off, which fills the cache page by
      // page (docs/PERFORMANCE.md, section 0'').
      (void)::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
      (void)::posix_fadvise(fd, 0, 0, POSIX_FADV_RANDOM);
      std::vector<char> buffer(1 << 20);
      while (!stop_.load() && offset < max_bytes_) {
        const std::size_t want =
            static_cast<std::size_t>(std::min<std::uint64_t>(buffer.size(), max_bytes_ - offset));
        const ssize_t n = ::pread(fd, buffer.data(), want, static_cast<off_t>(offset));
        if (n <= 0) break;  // end of file, or an error the requests themselves will meet
        offset += static_cast<std::uint64_t>(n);
      }
      ::close(fd);
    }
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    if (on_done_ && !stop_.load()) on_done_(offset, took.count());
  }

  const std::string path_;
  const std::uint64_t max_bytes_;
  const std::function<void(std::uint64_t, double)> on_done_;
  std::atomic<bool> stop_{false};
  std::thread thread_;  // last: starts once the members above exist
};

Status Database::PrewarmInBackground(std::function<void(std::uint64_t, double)> on_done) {
  std::unique_lock lock(mutex_);
  if (prewarmer_) return OkStatus();
  if (path_.empty() || path_ == ":memory:") {
    return Error::Make(ErrorCode::kFailedPrecondition, "in_memory_database",
                       "an in-memory database has no file to read ahead");
  }
  const long pages = ::sysconf(_SC_PHYS_PAGES);
  const long page_size = ::sysconf(_SC_PAGESIZE);
  const std::uint64_t half_of_memory =
      pages > 0 && page_size > 0
          ? static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page_size) / 2
          : std::uint64_t{1} << 30;
  prewarmer_ = std::make_unique<Prewarmer>(path_, half_of_memory, std::move(on_done));
  return OkStatus();
}

bool Database::InTransaction() {
  // A transaction holds the connection lock from BEGIN to COMMIT, so when another thread holds
  // the lock this thread is not in one; when the lock is free (or ours), autocommit tells.
  std::unique_lock lock(mutex_, std::try_to_lock);
  return lock.owns_lock() && sqlite3_get_autocommit(handle_) == 0;
}

void Database::AttachAuditSpool(std::unique_ptr<AuditSpool> spool) {
  audit_spool_ = std::move(spool);
}

std::int64_t Database::LastInsertRowId() {
  std::unique_lock lock(mutex_);
  return sqlite3_last_insert_rowid(handle_);
}

int Database::Changes() {
  std::unique_lock lock(mutex_);
  return sqlite3_changes(handle_);
}

Result<int> Database::SchemaVersion() {
  Result<Statement> stmt = Prepare("PRAGMA user_version");
  if (!stmt.ok()) return std::move(stmt).take_error();
  Result<bool> row = stmt->Step();
  if (!row.ok()) return std::move(row).take_error();
  return static_cast<int>(stmt->ColumnInt64(0));
}

Status Database::RunTransaction(std::string_view begin, const std::function<Status()>& body) {
  if (Status s = Run(begin); !s.ok()) return s;
  Status result = body();
  if (result.ok()) result = Run("COMMIT");
  if (!result.ok() && sqlite3_get_autocommit(handle_) == 0) (void)Run("ROLLBACK");
  return result;
}

Status Database::WithWriteTransaction(const std::function<Status()>& body) {
  std::unique_lock lock(mutex_);
  if (sqlite3_get_autocommit(handle_) == 0) return body();  // join the outer transaction
  return RunTransaction("BEGIN IMMEDIATE", body);
}

Status Database::WithReadTransaction(const std::function<Status()>& body) {
  std::unique_lock lock(mutex_);
  if (sqlite3_get_autocommit(handle_) == 0) return body();
  return RunTransaction("BEGIN DEFERRED", body);
}

struct Database::SharedWrite {
  const std::function<Status()>* body = nullptr;
  Status status = OkStatus();
  bool done = false;  // guarded by queue_mutex_
};

Status Database::WithSharedWriteTransaction(const std::function<Status()>& body) {
  // try_lock: succeeds when no thread or this thread holds the connection; a transaction open on
  // it is then this thread's own, which the body joins.
  std::unique_lock connection(mutex_, std::try_to_lock);
  if (connection.owns_lock() && sqlite3_get_autocommit(handle_) == 0) return body();

  // Group commit. The queue's leader takes the connection and commits every body queued so far;
  // the others wait on a condition variable (not on the connection lock, which would wake each of
  // them in turn just to learn that it was done). A thread that already holds the connection (an
  // outer statement of its own) leads at once: waiting for another leader would deadlock.
  SharedWrite mine{&body};
  std::unique_lock queued(queue_mutex_);
  queue_.push_back(&mine);
  for (;;) {
    if (mine.done) return std::move(mine.status);
    const bool lead = connection.owns_lock() || !queue_leader_;
    if (!lead) {
      queue_done_.wait(queued);
      continue;
    }
    const bool appointed = !connection.owns_lock();
    if (appointed) {
      queue_leader_ = true;
      queued.unlock();
      connection.lock();
      queued.lock();
    }
    std::vector<SharedWrite*> batch;
    batch.swap(queue_);
    queued.unlock();
    Status committed = OkStatus();
    if (!batch.empty()) {
      try {
        committed = RunBatch(batch);
      } catch (const std::exception& e) {  // the store itself failed (out of memory)
        committed = Error::Make(ErrorCode::kInternal, "write_failed", e.what());
      }
    }
    connection.unlock();
    queued.lock();
    for (SharedWrite* write : batch) {
      if (!committed.ok()) write->status = committed;
      write->done = true;
    }
    if (appointed) queue_leader_ = false;
    queue_done_.notify_all();
  }
}

Status Database::RunBatch(const std::vector<SharedWrite*>& batch) {
  return RunTransaction("BEGIN IMMEDIATE", [&]() -> Status {
    for (SharedWrite* write : batch) {
      if (Status s = Run("SAVEPOINT shared_write"); !s.ok()) return s;
      try {
        write->status = (*write->body)();
      } catch (const std::exception& e) {
        write->status = Error::Make(ErrorCode::kInternal, "write_failed", e.what());
      }
      if (!write->status.ok()) {
        if (Status s = Run("ROLLBACK TO shared_write"); !s.ok()) return s;
      }
      if (Status s = Run("RELEASE shared_write"); !s.ok()) return s;
    }
    return OkStatus();
  });
}

Status Database::Migrate() {
  Result<int> version = SchemaVersion();
  if (!version.ok()) return std::move(version).take_error();
  const std::vector<Migration>& all = Migrations();
  if (!all.empty() && *version > all.back().number) {
    return Error::Make(ErrorCode::kFailedPrecondition, "schema_too_new",
                       "the database schema (version " + std::to_string(*version) +
                           ") is newer than this program knows");
  }
  for (const Migration& migration : all) {
    if (migration.number <= *version) continue;
    Status applied = WithWriteTransaction([&]() -> Status {
      if (Status s = Exec(migration.sql); !s.ok()) return s;
      return Exec("PRAGMA user_version = " + std::to_string(migration.number));
    });
    if (!applied.ok()) {
      Error error = std::move(applied).take_error();
      error.message = "migration " + std::string(migration.name) + " failed: " + error.message;
      if (error.code == ErrorCode::kInternal) error.reason = "migration_failed";
      return error;
    }
  }
  return OkStatus();
}

}  // namespace lianban::db
