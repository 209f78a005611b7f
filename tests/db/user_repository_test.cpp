#include "db/user_repository.h"

#include <gtest/gtest.h>

#include "tests/fixed_now.h"

namespace lianban::db {
namespace {

using ::lianban::testing::kNow;

class UserRepositoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<std::unique_ptr<Database>> db = Database::Open(":memory:");
    ASSERT_TRUE(db.ok());
    db_ = std::move(db).value();
    users_ = std::make_unique<UserRepository>(*db_);
  }

  NewUser Caseworker(std::string name) {
    return NewUser{std::move(name), "$argon2id$fake", "caseworker", std::nullopt};
  }

  std::unique_ptr<Database> db_;
  std::unique_ptr<UserRepository> users_;
};

TEST_F(UserRepositoryTest, CreatesAndFindsByNameAndId) {
  Result<User> created =
      users_->Create(NewUser{"li.wei", "$argon2id$h", "reviewer", std::string("MZ")}, kNow);
  ASSERT_TRUE(created.ok()) << created.error().message;
  EXPECT_GT(created->id, 0);
  EXPECT_EQ(created->role, "reviewer");
  EXPECT_EQ(created->department, "MZ");
  EXPECT_EQ(created->failed_attempts, 0);
  EXPECT_EQ(created->created_at, kNow);

  Result<User> by_name = users_->FindByUsername("li.wei");
  ASSERT_TRUE(by_name.ok());
  EXPECT_EQ(by_name->id, created->id);
  EXPECT_EQ(by_name->password_hash, "$argon2id$h");
  Result<User> by_id = users_->FindById(created->id);
  ASSERT_TRUE(by_id.ok());
  EXPECT_EQ(by_id->username, "li.wei");
}

TEST_F(UserRepositoryTest, UnknownUserIsNotFound) {
  EXPECT_EQ(users_->FindByUsername("nobody").error().reason, "user_not_found");
  EXPECT_EQ(users_->FindById(77).error().code, ErrorCode::kNotFound);
}

TEST_F(UserRepositoryTest, UsernamesAreUniqueIgnoringCase) {
  ASSERT_TRUE(users_->Create(Caseworker("Zhang"), kNow).ok());
  Result<User> dup = users_->Create(Caseworker("zhang"), kNow);
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(dup.error().reason, "username_taken");
  EXPECT_EQ(users_->FindByUsername("ZHANG")->username, "Zhang");
}

TEST_F(UserRepositoryTest, ValidatesRoleDepartmentAndName) {
  EXPECT_EQ(users_->Create(NewUser{"a", "h", "superuser", std::nullopt}, kNow).error().reason,
            "invalid_role");
  EXPECT_EQ(users_->Create(NewUser{"a", "h", "agency", std::nullopt}, kNow).error().reason,
            "invalid_role");
  EXPECT_EQ(users_->Create(NewUser{"r", "h", "reviewer", std::nullopt}, kNow).error().reason,
            "department_required");
  EXPECT_EQ(users_->Create(NewUser{"r", "h", "reviewer", std::string()}, kNow).error().reason,
            "department_required");
  EXPECT_EQ(users_->Create(Caseworker(""), kNow).error().reason, "invalid_username");
  EXPECT_EQ(users_->Create(Caseworker("two words"), kNow).error().reason, "invalid_username");
  EXPECT_EQ(users_->Create(Caseworker(std::string(65, 'a')), kNow).error().reason,
            "invalid_username");
  EXPECT_EQ(users_->Create(NewUser{"a", "", "admin", std::nullopt}, kNow).error().reason,
            "password_hash_missing");
  for (const char* role : {"admin", "caseworker", "supervisor", "auditor"}) {
    EXPECT_TRUE(users_->Create(NewUser{role, "h", role, std::nullopt}, kNow).ok()) << role;
  }
}

TEST_F(UserRepositoryTest, UpdatesThePasswordHash) {
  User user = *users_->Create(Caseworker("wang"), kNow);
  ASSERT_TRUE(users_->UpdatePasswordHash(user.id, "$argon2id$new").ok());
  EXPECT_EQ(users_->FindById(user.id)->password_hash, "$argon2id$new");
  EXPECT_EQ(users_->UpdatePasswordHash(999, "$argon2id$x").error().reason, "user_not_found");
}

TEST_F(UserRepositoryTest, LocksAfterRepeatedFailuresAndResets) {
  User user = *users_->Create(Caseworker("chen"), kNow);
  LockoutPolicy policy{3, 600};
  for (int i = 1; i <= 2; ++i) {
    Result<User> after = users_->RecordFailure(user.id, kNow + i, policy);
    ASSERT_TRUE(after.ok());
    EXPECT_EQ(after->failed_attempts, i);
    EXPECT_FALSE(IsLocked(*after, kNow + i));
  }
  Result<User> locked = users_->RecordFailure(user.id, kNow + 3, policy);
  ASSERT_TRUE(locked.ok());
  EXPECT_EQ(locked->locked_until, kNow + 3 + 600);
  EXPECT_TRUE(IsLocked(*locked, kNow + 3));
  EXPECT_TRUE(IsLocked(*locked, kNow + 602));
  EXPECT_FALSE(IsLocked(*locked, kNow + 603));

  ASSERT_TRUE(users_->ResetFailures(user.id).ok());
  User reset = *users_->FindById(user.id);
  EXPECT_EQ(reset.failed_attempts, 0);
  EXPECT_FALSE(reset.locked_until.has_value());
  EXPECT_EQ(users_->RecordFailure(999, kNow).error().reason, "user_not_found");
}

}  // namespace
}  // namespace lianban::db
