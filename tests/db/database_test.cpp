#include "db/database.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <future>
#include <thread>
#include <vector>

#include "db/migrations.h"
#include "tests/db/temp_dir.h"

namespace lianban::db {
namespace {

using testing::TempDir;

std::unique_ptr<Database> OpenOrDie(const std::string& path) {
  Result<std::unique_ptr<Database>> db = Database::Open(path);
  EXPECT_TRUE(db.ok()) << (db.ok() ? "" : db.error().message);
  return db.ok() ? std::move(db).value() : nullptr;
}

std::int64_t QueryInt(Database& db, const char* sql) {
  Result<Statement> stmt = db.Prepare(sql);
  EXPECT_TRUE(stmt.ok());
  Result<bool> row = stmt->Step();
  EXPECT_TRUE(row.ok() && *row);
  return stmt->ColumnInt64(0);
}

std::string QueryText(Database& db, const char* sql) {
  Result<Statement> stmt = db.Prepare(sql);
  EXPECT_TRUE(stmt.ok());
  Result<bool> row = stmt->Step();
  EXPECT_TRUE(row.ok() && *row);
  return stmt->ColumnText(0);
}

TEST(DatabaseTest, AppliesEveryMigrationOnceAcrossReopens) {
  TempDir dir;
  const int latest = Migrations().back().number;
  {
    auto db = OpenOrDie(dir.File("a.db"));
    ASSERT_NE(db, nullptr);
    EXPECT_EQ(*db->SchemaVersion(), latest);
    ASSERT_TRUE(db->Exec("INSERT INTO meta (key, value) VALUES ('probe', 'kept')").ok());
  }
  auto again = OpenOrDie(dir.File("a.db"));
  ASSERT_NE(again, nullptr);
  EXPECT_EQ(*again->SchemaVersion(), latest);
  // Re-running 001 would have failed (tables exist) or wiped nothing; the row is still there once.
  EXPECT_EQ(QueryInt(*again, "SELECT COUNT(*) FROM meta WHERE key = 'probe'"), 1);
}

TEST(DatabaseTest, AppliesThePragmas) {
  TempDir dir;
  auto db = OpenOrDie(dir.File("p.db"));
  ASSERT_NE(db, nullptr);
  EXPECT_EQ(QueryText(*db, "PRAGMA journal_mode"), "wal");
  EXPECT_EQ(QueryInt(*db, "PRAGMA foreign_keys"), 1);
  EXPECT_EQ(QueryInt(*db, "PRAGMA busy_timeout"), 5000);
  EXPECT_EQ(QueryInt(*db, "PRAGMA synchronous"), 1);  // NORMAL
}

TEST(DatabaseTest, RefusesASchemaNewerThanTheProgram) {
  TempDir dir;
  {
    auto db = OpenOrDie(dir.File("n.db"));
    ASSERT_NE(db, nullptr);
    ASSERT_TRUE(db->Exec("PRAGMA user_version = 9999").ok());
  }
  Result<std::unique_ptr<Database>> db = Database::Open(dir.File("n.db"));
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.error().reason, "schema_too_new");
}

TEST(DatabaseTest, WriteTransactionCommitsOnSuccessAndRollsBackOnError) {
  auto db = OpenOrDie(":memory:");
  ASSERT_NE(db, nullptr);
  Status committed = db->WithWriteTransaction(
      [&] { return db->Exec("INSERT INTO meta (key, value) VALUES ('a', '1')"); });
  ASSERT_TRUE(committed.ok());
  Status failed = db->WithWriteTransaction([&]() -> Status {
    if (Status s = db->Exec("INSERT INTO meta (key, value) VALUES ('b', '2')"); !s.ok()) return s;
    return Error::Make(ErrorCode::kConflict, "changed_mind", "roll back");
  });
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().reason, "changed_mind");
  EXPECT_FALSE(db->InTransaction());
  EXPECT_EQ(QueryInt(*db, "SELECT COUNT(*) FROM meta WHERE key IN ('a', 'b')"), 1);
}

TEST(DatabaseTest, NestedTransactionJoinsTheOuterOne) {
  auto db = OpenOrDie(":memory:");
  ASSERT_NE(db, nullptr);
  Status outer = db->WithWriteTransaction([&]() -> Status {
    Status inner = db->WithWriteTransaction(
        [&] { return db->Exec("INSERT INTO meta (key, value) VALUES ('inner', '1')"); });
    if (!inner.ok()) return inner;
    return Error::Make(ErrorCode::kInternal, "outer_failed", "outer fails after inner");
  });
  ASSERT_FALSE(outer.ok());
  EXPECT_EQ(QueryInt(*db, "SELECT COUNT(*) FROM meta WHERE key = 'inner'"), 0);
}

TEST(DatabaseTest, BindsParametersAndReadsColumnsBack) {
  auto db = OpenOrDie(":memory:");
  ASSERT_NE(db, nullptr);
  ASSERT_TRUE(db->Exec("CREATE TABLE t (i INTEGER, s TEXT, b BLOB, n TEXT)").ok());
  const std::vector<std::uint8_t> blob = {0, 1, 2, 255};
  {
    Result<Statement> insert = db->Prepare("INSERT INTO t VALUES (?1, ?2, ?3, ?4)");
    ASSERT_TRUE(insert.ok());
    // A quote in the text is data, never SQL.
    insert->Bind(1, std::int64_t{-42}).Bind(2, "it's; DROP TABLE t").Bind(3, blob).BindNull(4);
    ASSERT_TRUE(insert->Run().ok());
  }
  Result<Statement> select = db->Prepare("SELECT i, s, b, n FROM t");
  ASSERT_TRUE(select.ok());
  ASSERT_TRUE(*select->Step());
  EXPECT_EQ(select->ColumnInt64(0), -42);
  EXPECT_EQ(select->ColumnText(1), "it's; DROP TABLE t");
  EXPECT_EQ(select->ColumnBlob(2), blob);
  EXPECT_FALSE(select->ColumnOptionalText(3).has_value());
  EXPECT_FALSE(*select->Step());
}

TEST(DatabaseTest, MapsConstraintViolationsToClearErrors) {
  auto db = OpenOrDie(":memory:");
  ASSERT_NE(db, nullptr);
  ASSERT_TRUE(db->Exec("INSERT INTO meta (key, value) VALUES ('k', 'v')").ok());
  Result<Statement> dup = db->Prepare("INSERT INTO meta (key, value) VALUES (?1, ?2)");
  ASSERT_TRUE(dup.ok());
  dup->Bind(1, "k").Bind(2, "again");
  Status unique = dup->Run();
  ASSERT_FALSE(unique.ok());
  EXPECT_EQ(unique.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(unique.error().reason, "unique_violation");

  Status not_null = db->Exec("INSERT INTO meta (key, value) VALUES ('x', NULL)");
  ASSERT_FALSE(not_null.ok());
  EXPECT_EQ(not_null.error().reason, "constraint_violation");
}

TEST(DatabaseTest, ReportsBadSqlAsPrepareError) {
  auto db = OpenOrDie(":memory:");
  ASSERT_NE(db, nullptr);
  Result<Statement> stmt = db->Prepare("SELEKT 1");
  ASSERT_FALSE(stmt.ok());
  EXPECT_EQ(stmt.error().reason, "sql_prepare");
}

TEST(DatabaseTest, WriteLockHeldElsewhereBeyondTheTimeoutIsUnavailable) {
  TempDir dir;
  auto holder = OpenOrDie(dir.File("busy.db"));
  auto waiter = OpenOrDie(dir.File("busy.db"));
  ASSERT_NE(holder, nullptr);
  ASSERT_NE(waiter, nullptr);
  ASSERT_TRUE(holder->Exec("BEGIN IMMEDIATE").ok());
  Status blocked = waiter->WithWriteTransaction([] { return OkStatus(); });  // waits 5 s
  ASSERT_FALSE(blocked.ok());
  EXPECT_EQ(blocked.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(blocked.error().reason, "database_busy");
  ASSERT_TRUE(holder->Exec("ROLLBACK").ok());
  EXPECT_TRUE(waiter->WithWriteTransaction([] { return OkStatus(); }).ok());
}

TEST(DatabaseTest, ReusesAPreparedStatementWithFreshBindingsAndState) {
  auto db = OpenOrDie(":memory:");
  ASSERT_NE(db, nullptr);
  ASSERT_TRUE(db->Exec("CREATE TABLE t (i INTEGER)").ok());
  ASSERT_TRUE(db->Exec("INSERT INTO t VALUES (1), (2), (3)").ok());
  constexpr char kSelect[] = "SELECT i FROM t WHERE i >= ?1 ORDER BY i";
  {
    Result<Statement> first = db->Prepare(kSelect);
    ASSERT_TRUE(first.ok());
    first->Bind(1, std::int64_t{2});
    ASSERT_TRUE(*first->Step());
    EXPECT_EQ(first->ColumnInt64(0), 2);  // left unfinished: returned to the cache mid-scan
  }
  {
    Result<Statement> again = db->Prepare(kSelect);  // the cached one: reset, bindings cleared
    ASSERT_TRUE(again.ok());
    // ?1 unbound is NULL and no row compares >= NULL: a row here means the old binding survived.
    EXPECT_FALSE(*again->Step());
  }
  Result<Statement> outer = db->Prepare(kSelect);
  ASSERT_TRUE(outer.ok());
  outer->Bind(1, std::int64_t{1});
  ASSERT_TRUE(*outer->Step());
  {
    // The same SQL while the first is still in use: a second, independent statement.
    Result<Statement> inner = db->Prepare(kSelect);
    ASSERT_TRUE(inner.ok());
    inner->Bind(1, std::int64_t{3});
    ASSERT_TRUE(*inner->Step());
    EXPECT_EQ(inner->ColumnInt64(0), 3);
    EXPECT_FALSE(*inner->Step());
  }
  EXPECT_EQ(outer->ColumnInt64(0), 1);
  ASSERT_TRUE(*outer->Step());
  EXPECT_EQ(outer->ColumnInt64(0), 2);
}

TEST(DatabaseTest, SharedWriteTransactionsCommitTogetherAndFailAlone) {
  TempDir dir;
  auto db = OpenOrDie(dir.File("shared.db"));
  ASSERT_NE(db, nullptr);
  ASSERT_TRUE(db->Exec("CREATE TABLE t (writer INTEGER)").ok());
  constexpr int kWriters = 8;
  constexpr int kFailing = 5;  // inserts its row, then fails: its row must not be stored
  std::vector<Status> results(kWriters, OkStatus());
  std::vector<std::thread::id> ran_on(kWriters);
  std::atomic<int> started{0};
  std::vector<std::thread> threads;
  {
    auto held = db->Lock();  // nobody can commit until every writer has queued
    for (int i = 0; i < kWriters; ++i) {
      threads.emplace_back([&, i] {
        ++started;
        results[i] = db->WithSharedWriteTransaction([&, i]() -> Status {
          ran_on[i] = std::this_thread::get_id();
          Result<Statement> insert = db->Prepare("INSERT INTO t (writer) VALUES (?1)");
          if (!insert.ok()) return insert.error();
          if (Status s = insert->Bind(1, std::int64_t{i}).Run(); !s.ok()) return s;
          if (i == kFailing) return Error::Make(ErrorCode::kConflict, "writer_failed", "no");
          return OkStatus();
        });
      });
    }
    while (started < kWriters) std::this_thread::yield();
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  int batched = 0;
  for (int i = 0; i < kWriters; ++i) {
    threads[i].join();
    if (i == kFailing) {
      ASSERT_FALSE(results[i].ok());
      EXPECT_EQ(results[i].error().reason, "writer_failed");
    } else {
      EXPECT_TRUE(results[i].ok()) << i;
    }
    if (ran_on[i] != threads[i].get_id()) ++batched;
  }
  EXPECT_EQ(QueryInt(*db, "SELECT COUNT(*) FROM t"), kWriters - 1);
  EXPECT_EQ(QueryInt(*db, "SELECT COUNT(*) FROM t WHERE writer = 5"), 0);
  // The writers queued while the connection was held: the first to get it committed the others'.
  EXPECT_GE(batched, 1);
}

TEST(DatabaseTest, SharedWriteOfAThreadHoldingTheConnectionDoesNotWaitForTheLeader) {
  TempDir dir;
  auto db = OpenOrDie(dir.File("leader.db"));
  ASSERT_NE(db, nullptr);
  ASSERT_TRUE(db->Exec("CREATE TABLE t (writer INTEGER)").ok());
  auto insert = [&](std::int64_t writer) {
    return db->WithSharedWriteTransaction([&db, writer]() -> Status {
      Result<Statement> stmt = db->Prepare("INSERT INTO t (writer) VALUES (?1)");
      if (!stmt.ok()) return stmt.error();
      return stmt->Bind(1, writer).Run();
    });
  };
  std::future<Status> other;
  Status mine = OkStatus();
  {
    // This thread holds the connection through an open statement (no transaction). The other
    // thread queues its write and, as the queue's leader, waits for the connection; this thread's
    // own write must then commit both rather than wait for that leader (which waits for it).
    Result<Statement> held = db->Prepare("SELECT COUNT(*) FROM t");
    ASSERT_TRUE(held.ok());
    other = std::async(std::launch::async, [&] { return insert(2); });
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    mine = insert(1);
  }
  ASSERT_EQ(other.wait_for(std::chrono::seconds(10)), std::future_status::ready) << "deadlock";
  EXPECT_TRUE(mine.ok());
  EXPECT_TRUE(other.get().ok());
  EXPECT_EQ(QueryInt(*db, "SELECT COUNT(*) FROM t"), 2);
}

TEST(DatabaseTest, SharedWriteInsideATransactionOfTheSameThreadJoinsIt) {
  auto db = OpenOrDie(":memory:");
  ASSERT_NE(db, nullptr);
  Status outer = db->WithWriteTransaction([&]() -> Status {
    Status inner = db->WithSharedWriteTransaction(
        [&] { return db->Exec("INSERT INTO meta (key, value) VALUES ('shared', '1')"); });
    if (!inner.ok()) return inner;
    return Error::Make(ErrorCode::kInternal, "outer_failed", "outer fails after inner");
  });
  ASSERT_FALSE(outer.ok());
  EXPECT_EQ(outer.error().reason, "outer_failed");
  EXPECT_EQ(QueryInt(*db, "SELECT COUNT(*) FROM meta WHERE key = 'shared'"), 0);
}

// A database at `file` whose WAL is checkpointed in the background, with the table `create_table`
// makes; nullptr (and a test failure) if that cannot be set up.
std::unique_ptr<Database> OpenCheckpointedInBackground(const std::string& file,
                                                       const char* create_table) {
  auto db = OpenOrDie(file);
  if (db == nullptr || !db->CheckpointInBackground().ok() || !db->Exec(create_table).ok()) {
    ADD_FAILURE() << "cannot set up " << file;
    return nullptr;
  }
  return db;
}

TEST(DatabaseTest, BackgroundCheckpointsKeepTheWalBounded) {
  TempDir dir;
  const std::string file = dir.File("wal.db");
  auto db = OpenCheckpointedInBackground(file, "CREATE TABLE t (b BLOB)");
  ASSERT_NE(db, nullptr);
  // 37.5 MiB in 600 commits of 64 KiB (about 17 pages each). Not checkpointed, the WAL would hold
  // all of it (the committing thread steps in only at 16000 pages, 64 MiB); checkpointed in the
  // background, it starts over at about 4000 pages (16 MiB).
  const std::vector<std::uint8_t> chunk(64 * 1024, 0x5a);
  for (int i = 0; i < 600; ++i) {
    Result<Statement> insert = db->Prepare("INSERT INTO t (b) VALUES (?1)");
    ASSERT_TRUE(insert.ok());
    ASSERT_TRUE(insert->Bind(1, chunk).Run().ok());
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_EQ(QueryInt(*db, "SELECT COUNT(*) FROM t WHERE length(b) = 65536"), 600);
  const auto wal_bytes = std::filesystem::file_size(file + "-wal");
  EXPECT_LT(wal_bytes, 24u << 20) << "the WAL was not checkpointed in the background";
}

TEST(DatabaseTest, BackgroundCheckpointsRestartTheWalUnderAStreamOfCommits) {
  TempDir dir;
  const std::string file = dir.File("stream.db");
  auto db = OpenCheckpointedInBackground(file, "CREATE TABLE t (n INTEGER)");
  ASSERT_NE(db, nullptr);
  // Back-to-back small commits, as under load: a PASSIVE checkpoint never finds the WAL quiet, so
  // only the RESTART round makes it start over. 30,000 commits write 30,000 or more frames (117
  // MiB); left to the committing thread's PASSIVE checkpoints the WAL would reach 64 MiB. The
  // background thread restarts it at 16 MiB on an idle machine, at 25-30 MiB when another process
  // competes for the two cores (it waits for the CPU and for the connection's lock).
  for (int i = 0; i < 30000; ++i) {
    Result<Statement> insert = db->Prepare("INSERT INTO t (n) VALUES (?1)");
    ASSERT_TRUE(insert.ok());
    ASSERT_TRUE(insert->Bind(1, std::int64_t{i}).Run().ok());
  }
  EXPECT_EQ(QueryInt(*db, "SELECT COUNT(*) FROM t"), 30000);
  const auto wal_bytes = std::filesystem::file_size(file + "-wal");
  EXPECT_LT(wal_bytes, 48u << 20) << "the WAL kept growing";
}

TEST(DatabaseTest, PrewarmReadsTheWholeFileOnce) {
  TempDir dir;
  const std::string file = dir.File("warm.db");
  {
    auto db = OpenOrDie(file);
    ASSERT_NE(db, nullptr);
    ASSERT_TRUE(db->Exec("CREATE TABLE t (b BLOB)").ok());
    const std::vector<std::uint8_t> chunk(256 * 1024, 0x5a);
    for (int i = 0; i < 12; ++i) {  // 3 MiB: more than one 1 MiB step
      Result<Statement> insert = db->Prepare("INSERT INTO t (b) VALUES (?1)");
      ASSERT_TRUE(insert.ok());
      ASSERT_TRUE(insert->Bind(1, chunk).Run().ok());
    }
    ASSERT_TRUE(db->Exec("PRAGMA wal_checkpoint(TRUNCATE)").ok());
  }
  const auto size = std::filesystem::file_size(file);
  ASSERT_GT(size, 3u << 20);
  auto db = OpenOrDie(file);
  ASSERT_NE(db, nullptr);
  std::promise<std::uint64_t> reported;
  std::future<std::uint64_t> bytes = reported.get_future();
  ASSERT_TRUE(db->PrewarmInBackground([&](std::uint64_t read, double seconds) {
                  EXPECT_GE(seconds, 0.0);
                  reported.set_value(read);
                }).ok());
  ASSERT_EQ(bytes.wait_for(std::chrono::seconds(5)), std::future_status::ready);
  EXPECT_EQ(bytes.get(), size);
  EXPECT_EQ(QueryInt(*db, "SELECT COUNT(*) FROM t"), 12);  // the connection is unaffected

  auto memory = OpenOrDie(":memory:");
  ASSERT_NE(memory, nullptr);
  Status s = memory->PrewarmInBackground();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().reason, "in_memory_database");
}

TEST(DatabaseTest, BackgroundCheckpointsNeedAFile) {
  auto db = OpenOrDie(":memory:");
  ASSERT_NE(db, nullptr);
  Status s = db->CheckpointInBackground();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().reason, "in_memory_database");
}

}  // namespace
}  // namespace lianban::db
