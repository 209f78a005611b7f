#include "domain/access_anomaly.h"

#include <gtest/gtest.h>

namespace lianban::domain {
namespace {

const AccessRule kRule{3, 600};  // more than 3 households within 10 minutes

AccessRead Read(std::string actor, int household, std::int64_t at) {
  return {std::move(actor), "household:" + std::to_string(household), at};
}

TEST(AccessAnomalyTest, AllowsReadingUpToTheLimit) {
  std::vector<AccessRead> reads = {Read("user:1", 1, 0), Read("user:1", 2, 10),
                                   Read("user:1", 3, 20)};
  EXPECT_TRUE(FindAccessAnomalies(reads, kRule).empty());
}

TEST(AccessAnomalyTest, FlagsOneMoreDistinctHouseholdWithinTheWindow) {
  std::vector<AccessRead> reads = {Read("user:1", 4, 590), Read("user:1", 1, 0),
                                   Read("user:1", 2, 100), Read("user:1", 3, 200)};
  auto found = FindAccessAnomalies(reads, kRule);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0], (AccessAnomaly{"user:1", 0, 590, 4, 4}));
}

TEST(AccessAnomalyTest, CountsRereadingTheSameHouseholdOnce) {
  std::vector<AccessRead> reads;
  for (int i = 0; i < 20; ++i) reads.push_back(Read("user:1", i % 2, i * 5));
  EXPECT_TRUE(FindAccessAnomalies(reads, kRule).empty());
}

TEST(AccessAnomalyTest, ReadsAWindowApartAreNotInOneWindow) {
  // Four households, but the first and the fourth are exactly 600 s apart.
  std::vector<AccessRead> reads = {Read("user:1", 1, 0), Read("user:1", 2, 200),
                                   Read("user:1", 3, 400), Read("user:1", 4, 600)};
  EXPECT_TRUE(FindAccessAnomalies(reads, kRule).empty());
}

TEST(AccessAnomalyTest, KeepsActorsApart) {
  std::vector<AccessRead> reads;
  for (int h = 1; h <= 3; ++h) {
    reads.push_back(Read("user:1", h, h));
    reads.push_back(Read("user:2", h + 10, h));
  }
  EXPECT_TRUE(FindAccessAnomalies(reads, kRule).empty());
}

TEST(AccessAnomalyTest, MergesOverlappingWindowsAndSeparatesDistantBursts) {
  std::vector<AccessRead> reads;
  for (int h = 1; h <= 6; ++h) reads.push_back(Read("user:9", h, h * 60));  // one burst, 6 in 6 min
  for (int h = 1; h <= 4; ++h) reads.push_back(Read("user:9", 100 + h, 10000 + h));
  reads.push_back(Read("user:2", 1, 5));
  auto found = FindAccessAnomalies(reads, kRule);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0], (AccessAnomaly{"user:9", 60, 360, 6, 6}));
  EXPECT_EQ(found[1], (AccessAnomaly{"user:9", 10001, 10004, 4, 4}));
}

}  // namespace
}  // namespace lianban::domain
