#include "domain/result.h"

#include <gtest/gtest.h>

namespace lianban {
namespace {

Result<int> Half(int x) {
  if (x % 2 != 0) return Error::Make(ErrorCode::kInvalidArgument, "odd", "x must be even");
  return x / 2;
}

TEST(ResultTest, CarriesValueOrError) {
  auto good = Half(4);
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(*good, 2);
  auto bad = Half(3);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().reason, "odd");
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace lianban
