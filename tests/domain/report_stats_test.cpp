#include "domain/report_stats.h"

#include <gtest/gtest.h>

namespace lianban::domain {
namespace {

TEST(NearestRankPercentileTest, IsEmptyForNoValuesOrABadPercent) {
  EXPECT_EQ(NearestRankPercentile({}, 50), std::nullopt);
  EXPECT_EQ(NearestRankPercentile({1, 2}, 0), std::nullopt);
  EXPECT_EQ(NearestRankPercentile({1, 2}, 101), std::nullopt);
}

TEST(NearestRankPercentileTest, PicksTheCeilingRankOfTheSortedValues) {
  // Sorted: 15 20 35 40 50 (the textbook nearest-rank example).
  const std::vector<std::int64_t> v = {40, 15, 50, 35, 20};
  EXPECT_EQ(NearestRankPercentile(v, 5), 15);
  EXPECT_EQ(NearestRankPercentile(v, 30), 20);
  EXPECT_EQ(NearestRankPercentile(v, 40), 20);
  EXPECT_EQ(NearestRankPercentile(v, 50), 35);
  EXPECT_EQ(NearestRankPercentile(v, 90), 50);
  EXPECT_EQ(NearestRankPercentile(v, 100), 50);
}

TEST(NearestRankPercentileTest, NinetiethOfTenIsTheNinthValue) {
  std::vector<std::int64_t> v;
  for (int i = 10; i >= 1; --i) v.push_back(i * 100);
  EXPECT_EQ(NearestRankPercentile(v, 90), 900);
  EXPECT_EQ(NearestRankPercentile(v, 91), 1000);
}

TEST(MedianTest, TakesTheLowerMiddleOfAnEvenCount) {
  EXPECT_EQ(Median({7}), 7);
  EXPECT_EQ(Median({4, 1, 3, 2}), 2);
  EXPECT_EQ(Median({5, 1, 3}), 3);
}

TEST(RateTest, RoundsPerMilleHalfUp) {
  EXPECT_EQ((Rate{2, 3}.PerMille()), 667);
  EXPECT_EQ((Rate{1, 3}.PerMille()), 333);
  EXPECT_EQ((Rate{1, 8}.PerMille()), 125);
  EXPECT_EQ((Rate{1, 2000}.PerMille()), 1);  // 0.5 per mille rounds up
  EXPECT_EQ((Rate{5, 5}.PerMille()), 1000);
  EXPECT_EQ((Rate{0, 4}.PerMille()), 0);
  EXPECT_EQ((Rate{0, 0}.PerMille()), std::nullopt);
}

}  // namespace
}  // namespace lianban::domain
