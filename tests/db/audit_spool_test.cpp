#include "db/audit_spool.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <thread>
#include <vector>

#include "db/audit_query.h"
#include "tests/db/temp_dir.h"

namespace lianban::db {
namespace {

AuditEntry SpooledEntry(int i, std::string action = "household.read") {
  return AuditEntry{1'780'000'000 + i, "user:" + std::to_string(i % 3 + 1), "caseworker",
                    std::move(action), "household:" + std::to_string(i), "ok", ""};
}

class AuditSpoolTest : public ::testing::Test {
 protected:
  std::unique_ptr<Database> OpenDb() {
    auto db = Database::Open(dir_.File("lianban.db"));
    EXPECT_TRUE(db.ok());
    return db.ok() ? std::move(db).value() : nullptr;
  }
  std::filesystem::path SpoolPath() const { return dir_.path() / kAuditSpoolName; }

  // The whole log, checked to be one intact chain.
  std::vector<StoredAuditEntry> Log(Database& db) {
    const AuditVerifyResult verdict = VerifyAudit(db);
    EXPECT_TRUE(verdict.intact) << verdict.reason << " at " << verdict.first_bad_seq.value_or(0);
    auto all = ListAudit(db, 0, 100'000);
    EXPECT_TRUE(all.ok());
    return all.ok() ? *all : std::vector<StoredAuditEntry>{};
  }

  std::int64_t SpoolBytes() const {
    std::int64_t bytes = 0;
    for (const char* suffix : {".a", ".b"}) {
      bytes += static_cast<std::int64_t>(
          std::filesystem::file_size(SpoolPath().string() + suffix));
    }
    return bytes;
  }

  testing::TempDir dir_;
};

TEST_F(AuditSpoolTest, RecordedEntriesReachTheLogInOrderOnceFlushed) {
  auto db = OpenDb();
  ASSERT_TRUE(SpoolAudit(*db, SpoolPath()).ok());
  for (int i = 1; i <= 300; ++i) ASSERT_TRUE(RecordAudit(*db, SpooledEntry(i)).ok());
  ASSERT_TRUE(FlushAudit(*db).ok());
  const auto log = Log(*db);
  ASSERT_EQ(log.size(), 300u);
  for (int i = 1; i <= 300; ++i) {
    EXPECT_EQ(log[i - 1].seq, i);
    EXPECT_EQ(log[i - 1].entry.object, "household:" + std::to_string(i));
    EXPECT_EQ(log[i - 1].entry.at, 1'780'000'000 + i);
  }
  EXPECT_EQ(SpoolBytes(), 0) << "a moved file is emptied";
}

TEST_F(AuditSpoolTest, TheMoverEmptiesTheSpoolWithoutAFlush) {
  auto db = OpenDb();
  ASSERT_TRUE(SpoolAudit(*db, SpoolPath()).ok());
  for (int i = 1; i <= 50; ++i) ASSERT_TRUE(RecordAudit(*db, SpooledEntry(i)).ok());
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (db->audit_spool()->moves() == 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_GE(db->audit_spool()->moves(), 1);
  auto count = db->Prepare("SELECT COUNT(*) FROM audit_log");
  ASSERT_TRUE(count.ok());
  ASSERT_TRUE(*count->Step());
  EXPECT_GT(count->ColumnInt64(0), 0);
}

TEST_F(AuditSpoolTest, AuditorsQueriesSeeAnEntryRecordedJustBefore) {
  auto db = OpenDb();
  ASSERT_TRUE(SpoolAudit(*db, SpoolPath()).ok());
  ASSERT_TRUE(RecordAudit(*db, SpooledEntry(7)).ok());
  AuditFilter filter;
  filter.object = "household:7";
  auto page = QueryAudit(*db, filter);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->entries.size(), 1u);
  EXPECT_EQ(page->entries[0].entry.action, "household.read");
  auto reads = HouseholdReads(*db, 1'780'000'000, 1'780'000'100);
  ASSERT_TRUE(reads.ok());
  EXPECT_EQ(reads->size(), 1u);
}

TEST_F(AuditSpoolTest, AnEntryRecordedInsideATransactionCommitsOrRollsBackWithIt) {
  auto db = OpenDb();
  ASSERT_TRUE(SpoolAudit(*db, SpoolPath()).ok());
  Status rolled_back = db->WithWriteTransaction([&]() -> Status {
    EXPECT_TRUE(RecordAudit(*db, SpooledEntry(1, "lost")).ok());
    EXPECT_FALSE(FlushAudit(*db).ok()) << "a flush inside a transaction would join it";
    return Error::Make(ErrorCode::kConflict, "test", "roll back");
  });
  EXPECT_FALSE(rolled_back.ok());
  ASSERT_TRUE(db->WithWriteTransaction([&] { return RecordAudit(*db, SpooledEntry(2, "kept")); }).ok());
  ASSERT_TRUE(FlushAudit(*db).ok());
  const auto log = Log(*db);
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].entry.action, "kept");
  EXPECT_EQ(SpoolBytes(), 0) << "entries inside a transaction are not spooled";
}

TEST_F(AuditSpoolTest, SpooledEntriesAndEntriesOfWritesFormOneChainUnderConcurrency) {
  auto db = OpenDb();
  ASSERT_TRUE(SpoolAudit(*db, SpoolPath()).ok());
  constexpr int kReaders = 4;
  constexpr int kPerReader = 400;
  constexpr int kWrites = 200;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kReaders; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerReader; ++i) {
        if (!RecordAudit(*db, SpooledEntry(t * kPerReader + i, "read")).ok()) ++failures;
      }
    });
  }
  threads.emplace_back([&] {
    for (int i = 0; i < kWrites; ++i) {
      Status s = db->WithWriteTransaction([&]() -> Status {
        auto seq = AppendAudit(*db, SpooledEntry(i, "write"));
        return seq.ok() ? OkStatus() : Status(seq.error());
      });
      if (!s.ok()) ++failures;
    }
  });
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  ASSERT_TRUE(FlushAudit(*db).ok());
  const auto log = Log(*db);
  EXPECT_EQ(log.size(), static_cast<std::size_t>(kReaders * kPerReader + kWrites));
}

// A process that records entries and dies without a word: every entry it was told was recorded
// is in the log after the next open, exactly once, whether or not the mover had moved it.
TEST_F(AuditSpoolTest, EntriesOfAProcessThatDiedAreMovedOnceAtTheNextOpen) {
  { auto init = OpenDb(); }  // migrate before forking
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    auto db = Database::Open(dir_.File("lianban.db"));
    if (!db.ok() || !SpoolAudit(**db, SpoolPath()).ok()) ::_exit(2);
    for (int i = 1; i <= 1000; ++i) {
      if (!RecordAudit(**db, SpooledEntry(i)).ok()) ::_exit(3);
      if (i == 500) std::this_thread::sleep_for(std::chrono::milliseconds(50));  // a move or two
    }
    ::_exit(0);  // no destructors: nothing moved after this point
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  ASSERT_EQ(WEXITSTATUS(status), 0);
  EXPECT_GT(SpoolBytes(), 0) << "the child died with entries still spooled";

  auto db = OpenDb();
  ASSERT_TRUE(SpoolAudit(*db, SpoolPath()).ok());
  const auto log = Log(*db);
  ASSERT_EQ(log.size(), 1000u);
  for (int i = 1; i <= 1000; ++i) {
    EXPECT_EQ(log[i - 1].entry.object, "household:" + std::to_string(i)) << i;
  }
  // Recorded after the recovery: numbered after it, in the same chain.
  ASSERT_TRUE(RecordAudit(*db, SpooledEntry(1001)).ok());
  ASSERT_TRUE(FlushAudit(*db).ok());
  EXPECT_EQ(Log(*db).size(), 1001u);
}

TEST_F(AuditSpoolTest, ALastLineCutShortIsDroppedAndADamagedLineRefusesTheOpen) {
  { auto init = OpenDb(); }
  {
    std::ofstream a(SpoolPath().string() + ".a");
    a << R"([1,1780000001,"user:1","caseworker","household.read","household:1","ok",""])" << '\n'
      << R"([2,1780000002,"user:1","caseworker","household.re)";  // the crash, mid-append
  }
  {
    auto db = OpenDb();
    ASSERT_TRUE(SpoolAudit(*db, SpoolPath()).ok());
    const auto log = Log(*db);
    ASSERT_EQ(log.size(), 1u);
    EXPECT_EQ(log[0].entry.object, "household:1");
  }
  {
    std::ofstream b(SpoolPath().string() + ".b");
    b << R"([9,1780000009,"user:1","caseworker"])" << '\n'
      << R"([10,1780000010,"user:1","caseworker","household.read","household:10","ok",""])"
      << '\n';
  }
  auto db = OpenDb();
  Status opened = SpoolAudit(*db, SpoolPath());
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().reason, "audit_spool_corrupt");
  EXPECT_NE(opened.error().message.find("audit-spool.b line 1"), std::string::npos)
      << opened.error().message;
  EXPECT_EQ(Log(*db).size(), 1u) << "nothing of a damaged spool is moved";
}

TEST_F(AuditSpoolTest, OnlyOneSpoolPerDataDirectory) {
  auto db = OpenDb();
  ASSERT_TRUE(SpoolAudit(*db, SpoolPath()).ok());
  auto other = OpenDb();
  auto second = AuditSpool::Open(*other, SpoolPath());
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().reason, "audit_spool_in_use");
}

TEST_F(AuditSpoolTest, CommandsMoveWhatAStoppedServerLeftButNotWhatARunningOneHolds) {
  {
    auto db = OpenDb();
    ASSERT_TRUE(MoveLeftoverAuditSpool(*db, SpoolPath()).ok());
    EXPECT_FALSE(std::filesystem::exists(SpoolPath().string() + ".a")) << "no spool created";
  }
  {
    std::ofstream a(SpoolPath().string() + ".a");
    a << R"([1,1780000001,"user:1","caseworker","household.read","household:1","ok",""])" << '\n';
  }
  auto server = OpenDb();
  ASSERT_TRUE(SpoolAudit(*server, SpoolPath()).ok());  // a running server: it moved entry 1
  ASSERT_TRUE(RecordAudit(*server, SpooledEntry(2)).ok());
  auto command = OpenDb();
  ASSERT_TRUE(MoveLeftoverAuditSpool(*command, SpoolPath()).ok());
  server.reset();  // stops; its last entries are moved as it closes
  EXPECT_EQ(Log(*command).size(), 2u);
  {
    std::ofstream b(SpoolPath().string() + ".b");
    b << R"([3,1780000003,"user:1","caseworker","household.read","household:3","ok",""])" << '\n';
  }
  ASSERT_TRUE(MoveLeftoverAuditSpool(*command, SpoolPath()).ok());  // no server now
  const auto log = Log(*command);
  ASSERT_EQ(log.size(), 3u);
  EXPECT_EQ(log[2].entry.object, "household:3");
  EXPECT_EQ(SpoolBytes(), 0);
}

TEST_F(AuditSpoolTest, TextThatIsNotUtf8IsRecordedDirectly) {
  auto db = OpenDb();
  ASSERT_TRUE(SpoolAudit(*db, SpoolPath()).ok());
  AuditEntry odd = SpooledEntry(1);
  odd.purpose = std::string("\xff\xfe", 2);
  ASSERT_TRUE(RecordAudit(*db, odd).ok());
  EXPECT_EQ(SpoolBytes(), 0);
  const auto log = Log(*db);
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].entry.purpose, odd.purpose);
}

}  // namespace
}  // namespace lianban::db
