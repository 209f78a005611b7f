#include "db/audit_log.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "tests/db/temp_dir.h"

namespace lianban::db {
namespace {

class AuditLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<std::unique_ptr<Database>> db = Database::Open(":memory:");
    ASSERT_TRUE(db.ok());
    db_ = std::move(db).value();
  }

  AuditEntry Entry(int i) {
    return AuditEntry{1'780'000'000 + i, "user:" + std::to_string(i % 3 + 1),    "caseworker",
                      "household.read",  "household:" + std::to_string(100 + i), "ok",
                      "screening"};
  }

  void AppendMany(int n) {
    for (int i = 1; i <= n; ++i) {
      Result<std::int64_t> seq = AppendAudit(*db_, Entry(i));
      ASSERT_TRUE(seq.ok());
      ASSERT_EQ(*seq, i);
    }
  }

  // Tampering as an attacker with file access would: triggers dropped first.
  void RawSql(const std::string& sql) {
    ASSERT_TRUE(db_->Exec("DROP TRIGGER IF EXISTS audit_log_no_update;"
                          "DROP TRIGGER IF EXISTS audit_log_no_delete;")
                    .ok());
    Status s = db_->Exec(sql);
    ASSERT_TRUE(s.ok()) << s.error().message;
  }

  std::unique_ptr<Database> db_;
};

TEST_F(AuditLogTest, EmptyLogIsIntact) {
  AuditVerifyResult result = VerifyAudit(*db_);
  EXPECT_TRUE(result.intact);
  EXPECT_EQ(result.entries, 0);
  EXPECT_EQ(result.head, AuditHash{});
}

TEST_F(AuditLogTest, AppendedEntriesFormAnIntactChain) {
  AppendMany(5);
  AuditVerifyResult result = VerifyAudit(*db_);
  EXPECT_TRUE(result.intact) << result.reason;
  EXPECT_EQ(result.entries, 5);
  EXPECT_FALSE(result.first_bad_seq.has_value());

  Result<std::vector<StoredAuditEntry>> rows = ListAudit(*db_, 0, 10);
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 5u);
  EXPECT_EQ((*rows)[0].prev_hash, AuditHash{});  // the first entry links to 32 zero bytes
  for (std::size_t i = 1; i < rows->size(); ++i) {
    EXPECT_EQ((*rows)[i].prev_hash, (*rows)[i - 1].hash);
  }
  EXPECT_EQ((*rows)[0].entry.object, "household:101");
  EXPECT_EQ(result.head, rows->back().hash);
  EXPECT_EQ((*rows)[2].hash, AuditEntryHash(3, (*rows)[2].entry, (*rows)[1].hash));
}

TEST_F(AuditLogTest, VerifiesAcrossReadBatches) {
  ASSERT_TRUE(db_->WithWriteTransaction([&]() -> Status {
                   for (int i = 1; i <= 2500; ++i) {
                     if (auto seq = AppendAudit(*db_, Entry(i)); !seq.ok()) return seq.error();
                   }
                   return OkStatus();
                 })
                  .ok());
  RawSql("UPDATE audit_log SET outcome = 'denied' WHERE seq = 2001");
  AuditVerifyResult result = VerifyAudit(*db_);
  EXPECT_FALSE(result.intact);
  EXPECT_EQ(result.first_bad_seq, 2001);
  EXPECT_EQ(result.entries, 2000);
}

TEST_F(AuditLogTest, TriggersRefuseUpdateAndDelete) {
  AppendMany(2);
  Status update = db_->Exec("UPDATE audit_log SET actor = 'user:9' WHERE seq = 1");
  ASSERT_FALSE(update.ok());
  EXPECT_NE(update.error().message.find("append-only"), std::string::npos);
  EXPECT_FALSE(db_->Exec("DELETE FROM audit_log WHERE seq = 2").ok());
  EXPECT_TRUE(VerifyAudit(*db_).intact);
}

TEST_F(AuditLogTest, EditedFieldIsNamedAsFirstBadEntry) {
  AppendMany(5);
  RawSql("UPDATE audit_log SET object = 'household:999' WHERE seq = 3");
  AuditVerifyResult result = VerifyAudit(*db_);
  EXPECT_FALSE(result.intact);
  EXPECT_EQ(result.first_bad_seq, 3);
  EXPECT_EQ(result.reason, "hash_mismatch");
  EXPECT_EQ(result.entries, 2);
}

TEST_F(AuditLogTest, EditWithRecomputedHashIsCaughtByTheNextLink) {
  AppendMany(5);
  // The attacker fixes up entry 3's own hash, but entry 4 still links to the old one.
  AuditEntry forged = Entry(3);
  forged.outcome = "denied";
  Result<std::vector<StoredAuditEntry>> rows = ListAudit(*db_, 0, 10);
  AuditHash forged_hash = AuditEntryHash(3, forged, (*rows)[2].prev_hash);
  RawSql("SELECT 1");  // drops the triggers
  Result<Statement> fix =
      db_->Prepare("UPDATE audit_log SET outcome = 'denied', hash = ?1 WHERE seq = 3");
  ASSERT_TRUE(fix.ok());
  fix->Bind(1, std::span<const std::uint8_t>(forged_hash));
  ASSERT_TRUE(fix->Run().ok());
  AuditVerifyResult result = VerifyAudit(*db_);
  EXPECT_FALSE(result.intact);
  EXPECT_EQ(result.first_bad_seq, 4);
  EXPECT_EQ(result.reason, "prev_hash_mismatch");
}

TEST_F(AuditLogTest, DeletedEntryIsASequenceGap) {
  AppendMany(5);
  RawSql("DELETE FROM audit_log WHERE seq = 2");
  AuditVerifyResult result = VerifyAudit(*db_);
  EXPECT_FALSE(result.intact);
  EXPECT_EQ(result.first_bad_seq, 2);
  EXPECT_EQ(result.reason, "sequence_gap");
}

TEST_F(AuditLogTest, DeletedFirstEntryIsDetected) {
  AppendMany(3);
  RawSql("DELETE FROM audit_log WHERE seq = 1");
  AuditVerifyResult result = VerifyAudit(*db_);
  EXPECT_FALSE(result.intact);
  EXPECT_EQ(result.first_bad_seq, 1);
}

TEST_F(AuditLogTest, InsertedEntryInTheMiddleIsDetected) {
  AppendMany(4);
  // Make room after seq 2 and slip a row in, copying its neighbour's links.
  RawSql(
      "UPDATE audit_log SET seq = seq + 100 WHERE seq > 2;"
      "UPDATE audit_log SET seq = seq - 99 WHERE seq > 100;"
      "INSERT INTO audit_log SELECT 3, at, actor, role, 'household.delete', object, outcome, "
      "purpose, prev_hash, hash FROM audit_log WHERE seq = 2;");
  AuditVerifyResult result = VerifyAudit(*db_);
  EXPECT_FALSE(result.intact);
  EXPECT_EQ(result.first_bad_seq, 3);
}

TEST_F(AuditLogTest, ForgedEntryAppendedAtTheEndIsDetected) {
  AppendMany(3);
  RawSql(
      "INSERT INTO audit_log SELECT 4, at, actor, role, action, 'household:1', outcome, purpose, "
      "prev_hash, hash FROM audit_log WHERE seq = 3;");
  AuditVerifyResult result = VerifyAudit(*db_);
  EXPECT_FALSE(result.intact);
  EXPECT_EQ(result.first_bad_seq, 4);
}

TEST_F(AuditLogTest, SwappedContentsOfTwoEntriesAreDetected) {
  AppendMany(5);
  RawSql(
      "UPDATE audit_log SET seq = -2 WHERE seq = 2;"
      "UPDATE audit_log SET seq = 2 WHERE seq = 4;"
      "UPDATE audit_log SET seq = 4 WHERE seq = -2;");
  AuditVerifyResult result = VerifyAudit(*db_);
  EXPECT_FALSE(result.intact);
  EXPECT_EQ(result.first_bad_seq, 2);
}

TEST_F(AuditLogTest, TruncatedTailIsNotDetectableByTheChainAlone) {
  // Documented limitation: removing the newest entries leaves a shorter, valid chain. Signed
  // checkpoints (entries, head hash) published elsewhere are what catch this.
  AppendMany(5);
  AuditHash head_before = VerifyAudit(*db_).head;
  RawSql("DELETE FROM audit_log WHERE seq >= 4");
  AuditVerifyResult result = VerifyAudit(*db_);
  EXPECT_TRUE(result.intact);
  EXPECT_EQ(result.entries, 3);
  EXPECT_NE(result.head, head_before);  // a checkpoint comparing heads would notice
}

TEST_F(AuditLogTest, EntryCommitsOrRollsBackWithTheCallersTransaction) {
  Status failed = db_->WithWriteTransaction([&]() -> Status {
    if (auto seq = AppendAudit(*db_, Entry(1)); !seq.ok()) return seq.error();
    return Error::Make(ErrorCode::kConflict, "lost_race", "the change failed");
  });
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(VerifyAudit(*db_).entries, 0);

  Status committed = db_->WithWriteTransaction([&]() -> Status {
    if (Status s = db_->Exec("INSERT INTO meta (key, value) VALUES ('changed', 'yes')"); !s.ok()) {
      return s;
    }
    auto seq = AppendAudit(*db_, Entry(1));
    return seq.ok() ? OkStatus() : Status(seq.error());
  });
  ASSERT_TRUE(committed.ok());
  EXPECT_EQ(VerifyAudit(*db_).entries, 1);
}

TEST_F(AuditLogTest, HashCoversEveryField) {
  AuditEntry base = Entry(1);
  AuditHash prev{};
  AuditHash h = AuditEntryHash(1, base, prev);
  EXPECT_NE(h, AuditEntryHash(2, base, prev));
  prev[0] = 1;
  EXPECT_NE(h, AuditEntryHash(1, base, prev));
  prev[0] = 0;
  for (std::string AuditEntry::*field :
       {&AuditEntry::actor, &AuditEntry::role, &AuditEntry::action, &AuditEntry::object,
        &AuditEntry::outcome, &AuditEntry::purpose}) {
    AuditEntry changed = base;
    changed.*field += "x";
    EXPECT_NE(h, AuditEntryHash(1, changed, prev));
  }
  AuditEntry later = base;
  later.at += 1;
  EXPECT_NE(h, AuditEntryHash(1, later, prev));
  // Length prefixes: moving a character from one field to the next changes the hash.
  AuditEntry shifted = base;
  shifted.actor = base.actor + base.role.substr(0, 1);
  shifted.role = base.role.substr(1);
  EXPECT_NE(h, AuditEntryHash(1, shifted, prev));
}

TEST(AuditLogConcurrencyTest, ThreadsAndConnectionsAppendingAtOnceKeepOneIntactChain) {
  testing::TempDir dir;
  // Two connections to one file (as server and CLI would be), each shared by two threads.
  std::vector<std::unique_ptr<Database>> connections;
  for (int i = 0; i < 2; ++i) {
    Result<std::unique_ptr<Database>> db = Database::Open(dir.File("audit.db"));
    ASSERT_TRUE(db.ok());
    connections.push_back(std::move(db).value());
  }
  constexpr int kThreads = 4, kEach = 25;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      Database& db = *connections[t % 2];
      for (int i = 0; i < kEach; ++i) {
        AuditEntry entry{i,
                         "user:" + std::to_string(t),
                         "caseworker",
                         "household.read",
                         "household:" + std::to_string(i),
                         "ok",
                         ""};
        if (!AppendAudit(db, entry).ok()) ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures, 0);
  AuditVerifyResult result = VerifyAudit(*connections[0]);
  EXPECT_TRUE(result.intact) << result.reason;
  EXPECT_EQ(result.entries, kThreads * kEach);
}

}  // namespace
}  // namespace lianban::db
