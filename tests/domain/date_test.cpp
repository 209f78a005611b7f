#include "domain/date.h"

#include <gtest/gtest.h>

namespace lianban::domain {
namespace {

TEST(DateTest, ParsesOnlyRealDates) {
  EXPECT_TRUE(Date::Parse("2024-02-29").has_value());
  EXPECT_FALSE(Date::Parse("2023-02-29").has_value());
  EXPECT_FALSE(Date::Parse("2023-13-01").has_value());
  EXPECT_FALSE(Date::Parse("2023-1-01").has_value());
  EXPECT_FALSE(Date::Parse("2023-01-01x").has_value());
  EXPECT_FALSE(Date::Parse("abcd-01-01").has_value());
}

TEST(DateTest, RoundTripsThroughDays) {
  EXPECT_EQ(Date(1970, 1, 1).ToDays(), 0);
  EXPECT_EQ(Date(2000, 3, 1).ToDays(), 11017);
  for (std::int64_t d = -800000; d < 800000; d += 97) {
    EXPECT_EQ(Date::FromDays(d).ToDays(), d);
  }
  EXPECT_EQ(Date::FromUnix(-1), Date(1969, 12, 31));
}

TEST(DateTest, KnowsTheWeekday) {
  EXPECT_EQ(Date(2026, 11, 27).IsoWeekday(), 5);  // a Friday
  EXPECT_EQ(Date(1970, 1, 1).IsoWeekday(), 4);
  EXPECT_EQ(Date(2024, 2, 29).AddDays(1).ToString(), "2024-03-01");
}

}  // namespace
}  // namespace lianban::domain
