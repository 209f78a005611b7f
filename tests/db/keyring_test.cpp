#include "db/keyring.h"

#include <gtest/gtest.h>
#include <sodium.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <fstream>

#include "tests/db/temp_dir.h"
#include "tests/db/test_sealer.h"

namespace lianban::db {
namespace {

using testing::EnvGuard;
using testing::ModeOf;
using testing::TempDir;

constexpr char kHexKey[] = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

TEST(KeyringTest, CreatesTheKeyFileOwnerOnlyAndLoadsIt) {
  EnvGuard no_env(kMasterKeyEnv, std::nullopt);
  TempDir dir;
  Result<bool> created = CreateKeyFile(dir.path());
  ASSERT_TRUE(created.ok());
  EXPECT_TRUE(*created);
  EXPECT_EQ(ModeOf(dir.path() / kMasterKeyFileName), 0600u);
  Result<SecretBytes> key = LoadMasterKey(dir.path());
  ASSERT_TRUE(key.ok()) << key.error().message;
  EXPECT_EQ(key->size(), kMasterKeySize);
}

TEST(KeyringTest, CreatingTwiceKeepsTheFirstKey) {
  EnvGuard no_env(kMasterKeyEnv, std::nullopt);
  TempDir dir;
  ASSERT_TRUE(CreateKeyFile(dir.path()).ok());
  Result<SecretBytes> first = LoadMasterKey(dir.path());
  Result<bool> again = CreateKeyFile(dir.path());
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(*again);
  Result<SecretBytes> second = LoadMasterKey(dir.path());
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_TRUE(first->Equals(*second));
}

TEST(KeyringTest, TwoKeyFilesHoldDifferentRandomKeys) {
  EnvGuard no_env(kMasterKeyEnv, std::nullopt);
  TempDir a, b;
  ASSERT_TRUE(CreateKeyFile(a.path()).ok());
  ASSERT_TRUE(CreateKeyFile(b.path()).ok());
  EXPECT_FALSE(LoadMasterKey(a.path())->Equals(*LoadMasterKey(b.path())));
}

TEST(KeyringTest, RefusesAKeyFileReadableOrWritableByOthers) {
  EnvGuard no_env(kMasterKeyEnv, std::nullopt);
  TempDir dir;
  ASSERT_TRUE(CreateKeyFile(dir.path()).ok());
  std::filesystem::path file = dir.path() / kMasterKeyFileName;
  for (mode_t loose : {0640, 0604, 0620, 0602, 0644, 0666}) {
    ASSERT_EQ(::chmod(file.c_str(), loose), 0);
    Result<SecretBytes> key = LoadMasterKey(dir.path());
    ASSERT_FALSE(key.ok()) << "mode " << std::oct << loose;
    EXPECT_EQ(key.error().reason, "key_file_permissions");
    EXPECT_EQ(key.error().code, ErrorCode::kFailedPrecondition);
  }
  ASSERT_EQ(::chmod(file.c_str(), 0400), 0);  // owner read-only is fine
  EXPECT_TRUE(LoadMasterKey(dir.path()).ok());
}

TEST(KeyringTest, RefusesASymlinkedKeyFile) {
  EnvGuard no_env(kMasterKeyEnv, std::nullopt);
  TempDir real, linked;
  ASSERT_TRUE(CreateKeyFile(real.path()).ok());
  std::filesystem::create_symlink(real.path() / kMasterKeyFileName,
                                  linked.path() / kMasterKeyFileName);
  Result<SecretBytes> key = LoadMasterKey(linked.path());
  ASSERT_FALSE(key.ok());
  EXPECT_EQ(key.error().reason, "key_file_permissions");
}

TEST(KeyringTest, MissingKeyFileIsNotFound) {
  EnvGuard no_env(kMasterKeyEnv, std::nullopt);
  TempDir dir;
  Result<SecretBytes> key = LoadMasterKey(dir.path());
  ASSERT_FALSE(key.ok());
  EXPECT_EQ(key.error().reason, "key_file_missing");
}

TEST(KeyringTest, EnvironmentVariableInHexOrBase64TakesPrecedence) {
  TempDir dir;  // no key file at all
  std::vector<std::uint8_t> expected(32);
  for (int i = 0; i < 32; ++i) expected[i] = static_cast<std::uint8_t>(i);
  {
    EnvGuard env(kMasterKeyEnv, kHexKey);
    Result<SecretBytes> key = LoadMasterKey(dir.path());
    ASSERT_TRUE(key.ok()) << key.error().message;
    EXPECT_TRUE(std::equal(expected.begin(), expected.end(), key->data()));
  }
  {
    EnvGuard env(kMasterKeyEnv, "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
    Result<SecretBytes> key = LoadMasterKey(dir.path());
    ASSERT_TRUE(key.ok()) << key.error().message;
    EXPECT_TRUE(std::equal(expected.begin(), expected.end(), key->data()));
  }
}

TEST(KeyringTest, RejectsAMalformedEnvironmentKey) {
  TempDir dir;
  for (const char* bad : {"abc", "zz0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
                          "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHg=="}) {  // 31 bytes
    EnvGuard env(kMasterKeyEnv, bad);
    Result<SecretBytes> key = LoadMasterKey(dir.path());
    ASSERT_FALSE(key.ok()) << bad;
    EXPECT_EQ(key.error().reason, "master_key_format");
  }
}

using testing::FixedKeyring;

TEST(KeyringTest, DerivedKeysDifferByPurposeAndKeyIdAndMaster) {
  Keyring keyring = FixedKeyring(7);
  SecretBytes seal1 = keyring.Derive(KeyPurpose::kSeal, 1);
  EXPECT_EQ(seal1.size(), 32u);
  EXPECT_TRUE(seal1.Equals(keyring.Derive(KeyPurpose::kSeal, 1)));  // deterministic
  EXPECT_FALSE(seal1.Equals(keyring.Derive(KeyPurpose::kSeal, 2)));
  EXPECT_FALSE(seal1.Equals(keyring.Derive(KeyPurpose::kIndex, 1)));
  EXPECT_FALSE(seal1.Equals(keyring.Derive(KeyPurpose::kAudit, 1)));
  EXPECT_FALSE(seal1.Equals(keyring.Derive(KeyPurpose::kToken, 1)));
  EXPECT_FALSE(keyring.Derive(KeyPurpose::kIndex, 1).Equals(keyring.Derive(KeyPurpose::kToken, 1)));
  EXPECT_FALSE(seal1.Equals(FixedKeyring(8).Derive(KeyPurpose::kSeal, 1)));
}

TEST(SecretBytesTest, MovesLeaveTheSourceEmpty) {
  SecretBytes a = SecretBytes::Random(16);
  SecretBytes copy = SecretBytes::CopyOf(a.span());
  SecretBytes b = std::move(a);
  EXPECT_EQ(a.size(), 0u);  // NOLINT(bugprone-use-after-move): the moved-from state is the contract
  EXPECT_TRUE(b.Equals(copy));
}

// Runs in a child process (a death test) so the rest of the suite stays dumpable.
TEST(SecretBytesTest, DisablingCoreDumpsMakesTheProcessUndumpable) {
  EXPECT_EXIT(
      {
        struct rlimit limit {};
        bool ok = DisableCoreDumps().ok() && getrlimit(RLIMIT_CORE, &limit) == 0 &&
                  limit.rlim_cur == 0 && prctl(PR_GET_DUMPABLE) == 0;
        std::exit(ok ? 0 : 1);
      },
      ::testing::ExitedWithCode(0), "");
}

}  // namespace
}  // namespace lianban::db
