#include "domain/household.h"

#include <gtest/gtest.h>

namespace lianban::domain {
namespace {

TEST(HouseholdEnumsTest, WireNamesRoundTrip) {
  EXPECT_EQ(EnumFromName<Relation>(kRelationNames, "grandchild"), Relation::kGrandchild);
  EXPECT_EQ(EnumName(kEmploymentNames, Employment::kUnemployed), "unemployed");
  EXPECT_FALSE(EnumFromName<Hukou>(kHukouNames, "Urban").has_value());
  EXPECT_EQ(EnumFromName<HouseholdStatus>(kHouseholdStatusNames, "poverty_relapse_watch"),
            HouseholdStatus::kPovertyRelapseWatch);
}

}  // namespace
}  // namespace lianban::domain
