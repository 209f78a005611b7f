#include "db/blind_index.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include "tests/db/test_sealer.h"

namespace lianban::db {
namespace {

using testing::FixedKeyring;

TEST(BlindIndexTest, IsDeterministicAndTruncated) {
  Keyring keyring = FixedKeyring(1);
  BlindIndex index(keyring);
  Result<std::vector<std::uint8_t>> a = index.Compute("person_id_number", "50010119900101123X");
  Result<std::vector<std::uint8_t>> b =
      BlindIndex(keyring).Compute("person_id_number", "50010119900101123X");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->size(), kBlindIndexSize);
  EXPECT_EQ(*a, *b);
}

TEST(BlindIndexTest, DiffersByValueIndexNameAndKey) {
  Keyring keyring = FixedKeyring(1);
  BlindIndex index(keyring);
  auto digest = *index.Compute("person_id_number", "50010119900101123X");
  EXPECT_NE(digest, *index.Compute("person_id_number", "500101199001011234"));
  EXPECT_NE(digest, *index.Compute("household_phone", "50010119900101123X"));
  Keyring other = FixedKeyring(2);
  EXPECT_NE(digest, *BlindIndex(other).Compute("person_id_number", "50010119900101123X"));
}

TEST(BlindIndexTest, IsNotAPlainHashOfTheValue) {
  Keyring keyring = FixedKeyring(1);
  auto digest = *BlindIndex(keyring).Compute("person_id_number", "500101199001011234");
  std::vector<std::uint8_t> unkeyed(kBlindIndexSize);
  const std::string value = "500101199001011234";
  crypto_generichash(unkeyed.data(), unkeyed.size(),
                     reinterpret_cast<const unsigned char*>(value.data()), value.size(), nullptr,
                     0);
  EXPECT_NE(digest, unkeyed);
}

TEST(BlindIndexTest, RejectsAnEmptyIndexName) {
  Keyring keyring = FixedKeyring(1);
  Result<std::vector<std::uint8_t>> digest = BlindIndex(keyring).Compute("", "x");
  ASSERT_FALSE(digest.ok());
  EXPECT_EQ(digest.error().reason, "blind_index_name");
}

}  // namespace
}  // namespace lianban::db
