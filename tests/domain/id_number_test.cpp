#include "domain/id_number.h"

#include <gtest/gtest.h>

namespace lianban::domain {
namespace {

TEST(IdNumberTest, AcceptsTheStandardExampleWithUpperCaseX) {
  auto id = ParseIdNumber("11010519491231002X");
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(id->normalized, "11010519491231002X");
  EXPECT_EQ(id->birth, Date(1949, 12, 31));
  EXPECT_TRUE(id->female);  // 17th digit 2 is even
}

TEST(IdNumberTest, NormalisesLowerCaseX) {
  auto id = ParseIdNumber("11010519491231002x");
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(id->normalized, "11010519491231002X");
}

TEST(IdNumberTest, DerivesMaleFromOddSeventeenthDigit) {
  auto id = ParseIdNumber("500105198506150041");  // sequence 004: 17th digit 4 -> female
  ASSERT_TRUE(id.ok());
  EXPECT_TRUE(id->female);
  auto male = ParseIdNumber("500105198001011230");  // sequence 123: 17th digit 3 -> male
  ASSERT_TRUE(male.ok());
  EXPECT_FALSE(male->female);
  EXPECT_EQ(male->birth, Date(1980, 1, 1));
}

TEST(IdNumberTest, AcceptsLeapDayAndFirstDayOf1900) {
  EXPECT_TRUE(ParseIdNumber("500105200002290016").ok());
  EXPECT_TRUE(ParseIdNumber("500105190001010012").ok());
}

TEST(IdNumberTest, RejectsBirthBefore1900) {
  auto id = ParseIdNumber("500105189912310018");  // check character is right
  ASSERT_FALSE(id.ok());
  EXPECT_EQ(id.error().reason, "invalid_id_number");
}

TEST(IdNumberTest, RejectsImpossibleBirthDates) {
  EXPECT_FALSE(ParseIdNumber("50010519000229001X").ok());  // 1900 is not a leap year
  EXPECT_FALSE(ParseIdNumber("500105198013011230").ok());  // month 13
  EXPECT_FALSE(ParseIdNumber("500105198004311230").ok());  // 31 April
}

TEST(IdNumberTest, RejectsWrongCheckCharacter) {
  auto id = ParseIdNumber("500105198001011231");
  ASSERT_FALSE(id.ok());
  EXPECT_EQ(id.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(id.error().reason, "invalid_id_number");
}

TEST(IdNumberTest, RejectsWrongLengthAndCharacters) {
  EXPECT_FALSE(ParseIdNumber("").ok());
  EXPECT_FALSE(ParseIdNumber("50010519800101123").ok());    // 17
  EXPECT_FALSE(ParseIdNumber("5001051980010112300").ok());  // 19
  EXPECT_FALSE(ParseIdNumber("5001051980010112X0").ok());   // X not last
  EXPECT_FALSE(ParseIdNumber("50010519800101123Y").ok());
  EXPECT_FALSE(ParseIdNumber("５00105198001011230").ok());  // full-width digit (3 bytes)
  EXPECT_FALSE(ParseIdNumber(" 00105198001011230").ok());
}

TEST(IdNumberTest, ComputesCheckCharacterWithTheGbWeights) {
  EXPECT_EQ(ComputeIdCheckCharacter("11010519491231002"), 'X');
  EXPECT_EQ(ComputeIdCheckCharacter("50010519800101123"), '0');
  EXPECT_EQ(ComputeIdCheckCharacter("50010519850615004"), '1');
}

TEST(IdNumberTest, ErrorMessageDoesNotEchoTheNumber) {
  auto id = ParseIdNumber("500105198001011231");
  ASSERT_FALSE(id.ok());
  EXPECT_EQ(id.error().message.find("50010519800101"), std::string::npos);
}

}  // namespace
}  // namespace lianban::domain
