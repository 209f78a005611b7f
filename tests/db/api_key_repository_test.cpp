#include "db/api_key_repository.h"

#include <gtest/gtest.h>

namespace lianban::db {
namespace {

const Actor kAdmin{"user:1", "admin"};

class ApiKeyRepositoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = Database::Open(":memory:").value();
    repo_ = std::make_unique<ApiKeyRepository>(*db_);
  }
  std::unique_ptr<Database> db_;
  std::unique_ptr<ApiKeyRepository> repo_;
};

TEST_F(ApiKeyRepositoryTest, ACreatedKeyLooksUpToItsDepartment) {
  auto created = repo_->Create("医保局对接", "YB", kAdmin, 1000).value();
  EXPECT_TRUE(created.secret.starts_with("lbk_"));
  EXPECT_EQ(created.secret.size(), 4u + 43u);  // 256 bits in base64url
  auto found = repo_->Lookup(created.secret);
  ASSERT_TRUE(found.has_value());
  ASSERT_TRUE(found->ok());
  EXPECT_EQ((*found)->department, "YB");
  EXPECT_EQ((*found)->id, created.key.id);
}

TEST_F(ApiKeyRepositoryTest, KeysAreRandomAndStoredOnlyAsHashes) {
  auto a = repo_->Create("a", "MZ", kAdmin, 1).value();
  auto b = repo_->Create("b", "MZ", kAdmin, 1).value();
  EXPECT_NE(a.secret, b.secret);
  auto st = db_->Prepare("SELECT key_hash FROM api_keys").value();
  while (st.Step().value()) {
    auto blob = st.ColumnBlob(0);
    std::string stored(blob.begin(), blob.end());
    EXPECT_EQ(stored.find(a.secret.substr(4, 20)), std::string::npos);
    EXPECT_EQ(blob.size(), 32u);
  }
}

TEST_F(ApiKeyRepositoryTest, ARevokedKeyStopsWorkingAtOnce) {
  auto created = repo_->Create("x", "JW", kAdmin, 1).value();
  ASSERT_TRUE(repo_->Revoke(created.key.id, kAdmin, 2).ok());
  auto found = repo_->Lookup(created.secret);
  ASSERT_TRUE(found.has_value());
  ASSERT_FALSE(found->ok());
  EXPECT_EQ(found->error().code, ErrorCode::kUnauthenticated);
  EXPECT_TRUE(repo_->Revoke(created.key.id, kAdmin, 3).ok());  // idempotent
  EXPECT_EQ(repo_->Revoke(999, kAdmin, 3).error().reason, "api_key_not_found");
  EXPECT_EQ(repo_->List()->at(0).revoked_at, 2);
}

TEST_F(ApiKeyRepositoryTest, UnknownKeysFailAndOtherTokensAreLeftToOtherLookups) {
  auto created = repo_->Create("x", "JW", kAdmin, 1).value();
  std::string forged = created.secret;
  forged.back() = forged.back() == 'A' ? 'B' : 'A';
  ASSERT_TRUE(repo_->Lookup(forged).has_value());
  EXPECT_FALSE(repo_->Lookup(forged)->ok());
  EXPECT_FALSE(repo_->Lookup("a-session-token").has_value());
  EXPECT_FALSE(repo_->Lookup("").has_value());
}

TEST_F(ApiKeyRepositoryTest, ValidatesNameAndDepartment) {
  EXPECT_EQ(repo_->Create("", "MZ", kAdmin, 1).error().reason, "invalid_name");
  EXPECT_EQ(repo_->Create("x", "", kAdmin, 1).error().reason, "invalid_department");
}

}  // namespace
}  // namespace lianban::db
