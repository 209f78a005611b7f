#include "db/database.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace lianban::db
