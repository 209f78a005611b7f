#include "db/key_rotation.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "tests/db/registry_fixture.h"

namespace lianban::db {
namespace {

using testing::kCaseworker;
using testing::kRegistryNow;
using testing::SampleDocument;
using testing::SampleHousehold;

class KeyRotationTest : public ::testing::Test {
 protected:
  std::int64_t CreateOrDie(int n) {
    const domain::Household h = SampleHousehold(n);
    auto stored = store_.repository().Create(h, SampleDocument(h), kCaseworker, kRegistryNow);
    EXPECT_TRUE(stored.ok());
    return stored.ok() ? stored->id : 0;
  }

  // Every household opens, and its document is that of SampleHousehold(n) for its n.
  void ExpectEveryRowReadable(const std::map<std::int64_t, int>& ids) {
    for (const auto& [id, n] : ids) {
      auto read = store_.repository().Get(id, Scope::All(), kCaseworker, kRegistryNow);
      ASSERT_TRUE(read.ok()) << "household " << id << ": " << read.error().reason;
      EXPECT_EQ(read->document, SampleDocument(SampleHousehold(n)));
    }
  }

  std::map<std::uint32_t, std::int64_t> HouseholdKeys() {
    auto counts = SealedValuesByKey(store_.store().db());
    EXPECT_TRUE(counts.ok());
    return counts.ok() ? (*counts)["households.document"] : std::map<std::uint32_t, std::int64_t>{};
  }

  testing::RegistryStore store_;
};

TEST_F(KeyRotationTest, RotationResealsEveryRowUnderTheNewKey) {
  std::map<std::int64_t, int> ids;
  for (int n = 1; n <= 30; ++n) ids[CreateOrDie(n)] = n;
  EXPECT_EQ(HouseholdKeys(), (std::map<std::uint32_t, std::int64_t>{{1, 30}}));
  auto key = StartRotation(store_.store().data_keys(), kRegistryNow);
  ASSERT_TRUE(key.ok());
  EXPECT_EQ(*key, 2u);
  std::vector<std::int64_t> seen;
  auto outcome = ResumeRotation(store_.store().db(), store_.store().sealer(),
                                [&](const RotationProgress& p) {
                                  seen.push_back(p.done);
                                  EXPECT_EQ(p.total, 30);
                                });
  ASSERT_TRUE(outcome.ok());
  EXPECT_EQ(outcome->resealed, 30);
  EXPECT_FALSE(outcome->stopped);
  EXPECT_EQ(seen.size(), 30u);
  EXPECT_EQ(HouseholdKeys(), (std::map<std::uint32_t, std::int64_t>{{2, 30}}));
  ExpectEveryRowReadable(ids);
  // Nothing is left to do: running again re-seals nothing.
  auto again = ResumeRotation(store_.store().db(), store_.store().sealer());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->resealed, 0);
}

TEST_F(KeyRotationTest, RotationInterruptedDuringWritesResumesAndLosesNoRow) {
  std::map<std::int64_t, int> ids;
  for (int n = 1; n <= 60; ++n) ids[CreateOrDie(n)] = n;
  ASSERT_TRUE(StartRotation(store_.store().data_keys(), kRegistryNow).ok());

  // Writers keep registering and replacing households while the rotation runs.
  std::atomic<bool> writing{true};
  std::mutex ids_mutex;
  std::thread writer([&] {
    for (int n = 100; writing.load() && n < 400; ++n) {
      const std::int64_t id = CreateOrDie(n);
      const domain::Household h = SampleHousehold(n % 60 + 1);
      const std::int64_t target = 1 + n % 60;
      auto current = store_.repository().Get(target, Scope::All(), kCaseworker, kRegistryNow);
      ASSERT_TRUE(current.ok());
      ASSERT_TRUE(store_.repository()
                      .Replace(target, current->version, h, SampleDocument(h), kCaseworker,
                               kRegistryNow)
                      .ok());
      std::lock_guard lock(ids_mutex);
      ids[id] = n;
    }
  });
  // "Kill" the rotation after 20 rows.
  std::atomic<bool> stop{false};
  auto first = ResumeRotation(store_.store().db(), store_.store().sealer(),
                              [&](const RotationProgress& p) {
                                if (p.done >= 20) stop = true;
                              },
                              &stop);
  ASSERT_TRUE(first.ok());
  EXPECT_TRUE(first->stopped);
  {
    std::lock_guard lock(ids_mutex);
    ExpectEveryRowReadable(ids);  // mid-rotation: rows under both keys open
  }
  auto second = ResumeRotation(store_.store().db(), store_.store().sealer());
  writing = false;
  writer.join();
  ASSERT_TRUE(second.ok());
  EXPECT_FALSE(second->stopped);
  EXPECT_EQ(HouseholdKeys().count(1), 0u) << "a row is still sealed with the old key";
  ExpectEveryRowReadable(ids);
  EXPECT_GT(ids.size(), 60u);
}

TEST_F(KeyRotationTest, RotatedStoreReopensAndReadsEveryRow) {
  std::map<std::int64_t, int> ids;
  for (int n = 1; n <= 5; ++n) ids[CreateOrDie(n)] = n;
  ASSERT_TRUE(StartRotation(store_.store().data_keys(), kRegistryNow).ok());
  ASSERT_TRUE(ResumeRotation(store_.store().db(), store_.store().sealer()).ok());
  store_.Open();  // a new process: keys are loaded from the data_keys table
  ExpectEveryRowReadable(ids);
  EXPECT_EQ(store_.store().data_keys().ActiveId(), 2u);
}

}  // namespace
}  // namespace lianban::db
