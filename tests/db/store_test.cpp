#include "db/store.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "tests/db/temp_dir.h"
#include "tests/fixed_now.h"

namespace lianban::db {
namespace {

using testing::EnvGuard;
using testing::ModeOf;
using testing::TempDir;

using ::lianban::testing::kNow;
const SealContext kNameCtx{"persons", "name", 1};

bool WriteSomething(Database& db) {
  return db.Exec("INSERT INTO meta (key, value) VALUES ('probe', 'x')").ok();
}

TEST(StoreTest, InitCreatesOwnerOnlyDirectoryKeyFileAndDatabase) {
  EnvGuard no_env(kMasterKeyEnv, std::nullopt);
  TempDir parent;
  std::filesystem::path data = parent.path() / "data";
  ASSERT_TRUE(InitDataDir(data, kNow).ok());
  EXPECT_EQ(ModeOf(data), 0700u);
  EXPECT_EQ(ModeOf(data / kMasterKeyFileName), 0600u);
  EXPECT_EQ(ModeOf(data / kDatabaseFileName), 0600u);
  // SQLite gives the write-ahead log the database file's mode.
  Result<std::unique_ptr<Store>> store = Store::Open(data, kNow);
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE(WriteSomething((*store)->db()));
  ASSERT_TRUE(std::filesystem::exists(data / (std::string(kDatabaseFileName) + "-wal")));
  EXPECT_EQ(ModeOf(data / (std::string(kDatabaseFileName) + "-wal")), 0600u);
}

TEST(StoreTest, InitTwiceKeepsKeysAndData) {
  EnvGuard no_env(kMasterKeyEnv, std::nullopt);
  TempDir dir;
  ASSERT_TRUE(InitDataDir(dir.path(), kNow).ok());
  std::vector<std::uint8_t> sealed;
  {
    Result<std::unique_ptr<Store>> store = Store::Open(dir.path(), kNow);
    ASSERT_TRUE(store.ok()) << store.error().message;
    sealed = *(*store)->sealer().Seal("王芳", kNameCtx);
  }
  ASSERT_TRUE(InitDataDir(dir.path(), kNow + 1).ok());
  Result<std::unique_ptr<Store>> reopened = Store::Open(dir.path(), kNow + 2);
  ASSERT_TRUE(reopened.ok());
  EXPECT_EQ((*reopened)->data_keys().Ids(), (std::vector<std::uint32_t>{1}));
  EXPECT_EQ(*(*reopened)->sealer().Open(sealed, kNameCtx), "王芳");
}

TEST(StoreTest, OpenRefusesALooseKeyFile) {
  EnvGuard no_env(kMasterKeyEnv, std::nullopt);
  TempDir dir;
  ASSERT_TRUE(InitDataDir(dir.path(), kNow).ok());
  ASSERT_EQ(::chmod((dir.path() / kMasterKeyFileName).c_str(), 0644), 0);
  Result<std::unique_ptr<Store>> store = Store::Open(dir.path(), kNow);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().reason, "key_file_permissions");
}

TEST(StoreTest, OpenOfAMissingDirectoryIsNotFound) {
  TempDir dir;
  Result<std::unique_ptr<Store>> store = Store::Open(dir.path() / "absent", kNow);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().reason, "data_dir_missing");
}

TEST(StoreTest, AKeyFromTheEnvironmentNeedsNoKeyFile) {
  EnvGuard env(kMasterKeyEnv, std::string(64, 'a'));
  TempDir dir;
  ASSERT_TRUE(InitDataDir(dir.path(), kNow).ok());
  EXPECT_FALSE(std::filesystem::exists(dir.path() / kMasterKeyFileName));
  Result<std::unique_ptr<Store>> store = Store::Open(dir.path(), kNow);
  ASSERT_TRUE(store.ok());
  std::vector<std::uint8_t> sealed = *(*store)->sealer().Seal("x", kNameCtx);
  EXPECT_EQ(*(*store)->sealer().Open(sealed, kNameCtx), "x");
}

TEST(StoreTest, AnotherMasterKeyCannotOpenTheStore) {
  TempDir dir;
  {
    EnvGuard env(kMasterKeyEnv, std::string(64, 'a'));
    ASSERT_TRUE(InitDataDir(dir.path(), kNow).ok());
  }
  EnvGuard env(kMasterKeyEnv, std::string(64, 'b'));
  Result<std::unique_ptr<Store>> store = Store::Open(dir.path(), kNow);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().reason, "data_key_unwrap");
}

}  // namespace
}  // namespace lianban::db
