#include "db/backup.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "tests/db/registry_fixture.h"

namespace lianban::db {
namespace {

using testing::kCaseworker;
using testing::kRegistryNow;
using testing::SampleDocument;
using testing::SampleHousehold;

class BackupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (int n = 1; n <= 80; ++n) {
      const domain::Household h = SampleHousehold(n);
      written_.push_back(h);
      auto stored = store_.repository().Create(h, SampleDocument(h), kCaseworker, kRegistryNow);
      ASSERT_TRUE(stored.ok());
      ids_[stored->id] = n;
    }
  }

  std::string DbPath() const { return store_.dir().File(kDatabaseFileName); }
  std::filesystem::path BackupFile() const { return backups_.path() / "lianban.backup"; }

  BackupInfo BackupOrDie() {
    auto info = WriteBackup(DbPath(), store_.store().keyring(), BackupFile());
    EXPECT_TRUE(info.ok()) << (info.ok() ? "" : info.error().message);
    return info.ok() ? *info : BackupInfo{};
  }

  // Restores into a fresh data directory holding a copy of the master key.
  Result<BackupInfo> RestoreInto(const testing::TempDir& dir) {
    std::filesystem::copy_file(store_.dir().path() / kMasterKeyFileName,
                               dir.path() / kMasterKeyFileName);
    return RestoreBackup(BackupFile(), store_.store().keyring(), dir.File(kDatabaseFileName));
  }

  void Rewrite(const std::string& bytes) {
    std::filesystem::remove(BackupFile());
    std::ofstream(BackupFile(), std::ios::binary) << bytes;
  }

  testing::RegistryStore store_;
  testing::TempDir backups_;
  testing::TempDir restored_;
  std::vector<domain::Household> written_;
  std::map<std::int64_t, int> ids_;
};

TEST_F(BackupTest, RestoredDirectoryReadsEveryHousehold) {
  const BackupInfo info = BackupOrDie();
  EXPECT_GT(info.database_bytes, 64 * 1024);  // more than one chunk
  auto restored = RestoreInto(restored_);
  ASSERT_TRUE(restored.ok()) << restored.error().message;
  auto store = Store::Open(restored_.path(), kRegistryNow);
  ASSERT_TRUE(store.ok()) << store.error().message;
  HouseholdRepository repo((*store)->db(), (*store)->sealer(), (*store)->blind_index());
  for (const auto& [id, n] : ids_) {
    auto read = repo.Get(id, Scope::All(), kCaseworker, kRegistryNow);
    ASSERT_TRUE(read.ok()) << id;
    EXPECT_EQ(read->document, SampleDocument(SampleHousehold(n)));
  }
  auto found = repo.FindPerson(written_[7].members[0].id_number, kCaseworker, kRegistryNow);
  ASSERT_TRUE(found.ok());
}

TEST_F(BackupTest, BackupHoldsNoNameOrIdNumberInClear) {
  BackupOrDie();
  const auto found = testing::FoundIn({BackupFile().string()}, testing::Secrets(written_));
  EXPECT_TRUE(found.empty()) << found.front();
  // The database itself carries street codes in the clear; the backup does not.
  EXPECT_TRUE(testing::FoundIn({BackupFile().string()}, {"GYQ", "SQLite format"}).empty());
}

TEST_F(BackupTest, TruncatedBackupIsRefused) {
  BackupOrDie();
  const std::string bytes = testing::ReadBytes(BackupFile().string());
  // Cut exactly after the first full chunk: every remaining chunk authenticates, the final tag
  // is missing.
  const std::size_t first_chunk_end = 8 + 24 + 64 * 1024 + 17;
  ASSERT_GT(bytes.size(), first_chunk_end);
  Rewrite(bytes.substr(0, first_chunk_end));
  auto cut = RestoreInto(restored_);
  ASSERT_FALSE(cut.ok());
  EXPECT_EQ(cut.error().reason, "backup_truncated");
  Rewrite(bytes.substr(0, bytes.size() - 1));
  std::filesystem::remove(restored_.path() / kMasterKeyFileName);
  auto short_by_one = RestoreInto(restored_);
  ASSERT_FALSE(short_by_one.ok());
  EXPECT_EQ(short_by_one.error().reason, "backup_corrupt");
  EXPECT_FALSE(std::filesystem::exists(restored_.File(kDatabaseFileName)));
}

TEST_F(BackupTest, TamperedBackupIsRefusedAndWritesNothing) {
  BackupOrDie();
  std::string bytes = testing::ReadBytes(BackupFile().string());
  bytes[bytes.size() / 2] ^= 0x01;
  Rewrite(bytes);
  auto tampered = RestoreInto(restored_);
  ASSERT_FALSE(tampered.ok());
  EXPECT_EQ(tampered.error().reason, "backup_corrupt");
  EXPECT_FALSE(std::filesystem::exists(restored_.File(kDatabaseFileName)));
  EXPECT_FALSE(std::filesystem::exists(restored_.File(std::string(kDatabaseFileName) + ".restoring")));
}

TEST_F(BackupTest, BackupUnderAnotherMasterKeyIsRefused) {
  BackupOrDie();
  Keyring other(SecretBytes::CopyOf(std::vector<std::uint8_t>(kMasterKeySize, 7)));
  auto wrong = RestoreBackup(BackupFile(), other, restored_.File(kDatabaseFileName));
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().reason, "backup_corrupt");
}

TEST_F(BackupTest, RestoreNeverOverwritesAnExistingDatabase) {
  BackupOrDie();
  const std::string before = testing::ReadBytes(DbPath());
  auto over = RestoreBackup(BackupFile(), store_.store().keyring(), DbPath());
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().reason, "database_exists");
  EXPECT_EQ(testing::ReadBytes(DbPath()), before);
}

TEST_F(BackupTest, BackupRefusesToOverwriteAnExistingFile) {
  BackupOrDie();
  auto again = WriteBackup(DbPath(), store_.store().keyring(), BackupFile());
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().reason, "backup_exists");
}

}  // namespace
}  // namespace lianban::db
