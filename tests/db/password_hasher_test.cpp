#include "db/password_hasher.h"

#include <gtest/gtest.h>

#include <atomic>
#include <latch>
#include <thread>
#include <vector>

namespace lianban::db {
namespace {

TEST(PasswordHasherTest, VerifiesTheRightPasswordAndRejectsOthers) {
  PasswordHasher hasher(PasswordHashParams::Minimum());
  Result<std::string> hash = hasher.Hash("correct horse battery staple");
  ASSERT_TRUE(hash.ok());
  EXPECT_EQ(hash->rfind("$argon2id$", 0), 0u);
  EXPECT_TRUE(*hasher.Verify(*hash, "correct horse battery staple"));
  EXPECT_FALSE(*hasher.Verify(*hash, "correct horse battery stapl"));
  EXPECT_FALSE(*hasher.Verify(*hash, ""));
}

TEST(PasswordHasherTest, SaltsEachHash) {
  PasswordHasher hasher(PasswordHashParams::Minimum());
  EXPECT_NE(*hasher.Hash("same password"), *hasher.Hash("same password"));
}

TEST(PasswordHasherTest, MalformedHashNeverVerifies) {
  PasswordHasher hasher(PasswordHashParams::Minimum());
  EXPECT_FALSE(*hasher.Verify("", "x"));
  EXPECT_FALSE(*hasher.Verify("$argon2id$garbage", "x"));
  EXPECT_FALSE(*hasher.Verify(std::string(500, 'a'), "x"));
}

TEST(PasswordHasherTest, RefusesAnEmptyPassword) {
  PasswordHasher hasher(PasswordHashParams::Minimum());
  Result<std::string> hash = hasher.Hash("");
  ASSERT_FALSE(hash.ok());
  EXPECT_EQ(hash.error().reason, "password_empty");
}

TEST(PasswordHasherTest, NeedsRehashWhenParametersRise) {
  PasswordHasher weak(PasswordHashParams::Minimum());
  PasswordHashParams stronger = PasswordHashParams::Minimum();
  stronger.opslimit += 1;
  stronger.memlimit *= 2;
  PasswordHasher strong(stronger);
  std::string old_hash = *weak.Hash("pw");
  EXPECT_FALSE(weak.NeedsRehash(old_hash));
  EXPECT_TRUE(strong.NeedsRehash(old_hash));
  EXPECT_TRUE(*strong.Verify(old_hash, "pw"));  // old hashes keep working until rehashed
  EXPECT_FALSE(strong.NeedsRehash(*strong.Hash("pw")));
  EXPECT_TRUE(strong.NeedsRehash("not a hash"));
}

TEST(PasswordHasherTest, DefaultsMeetTheArgon2idMinimum) {
  PasswordHashParams defaults = PasswordHashParams::Default();
  EXPECT_GE(defaults.opslimit, 2u);
  EXPECT_GE(defaults.memlimit, 19u * 1024 * 1024);
}

TEST(PasswordHasherTest, DummyVerifyAlwaysFails) {
  PasswordHasher hasher(PasswordHashParams::Minimum());
  EXPECT_FALSE(*hasher.VerifyDummy("anything"));
  EXPECT_FALSE(*hasher.VerifyDummy(""));
}

TEST(PasswordHasherTest, BoundsConcurrentHashing) {
  // One slot and no patience: callers that arrive together while a hash (tens of milliseconds
  // with these parameters) runs are turned away instead of each taking another 16 MiB.
  PasswordHashParams slow{1, 16u * 1024 * 1024};
  PasswordHasher hasher(slow, 1, std::chrono::milliseconds(0));
  constexpr int kCallers = 4;
  std::latch start(kCallers);
  std::atomic<int> ok{0}, busy{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kCallers; ++i) {
    threads.emplace_back([&] {
      start.arrive_and_wait();
      Result<std::string> hash = hasher.Hash("pw");
      if (hash.ok()) {
        ++ok;
      } else if (hash.error().reason == "hashing_busy") {
        ++busy;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok + busy, kCallers);
  EXPECT_GE(ok, 1);
  EXPECT_GE(busy, 1);
}

TEST(PasswordHasherTest, WaitingCallersGetASlotWhenOneFrees) {
  PasswordHasher hasher(PasswordHashParams::Minimum(), 1, std::chrono::seconds(30));
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&] {
      if (hasher.Hash("pw").ok()) ++ok;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok, 4);
}

}  // namespace
}  // namespace lianban::db
