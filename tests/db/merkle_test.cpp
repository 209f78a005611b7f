#include "db/merkle.h"

#include <gtest/gtest.h>

#include "db/audit_checkpoint.h"
#include "db/secret_bytes.h"

namespace lianban::db {
namespace {

std::vector<std::uint8_t> Bytes(std::initializer_list<int> values) {
  std::vector<std::uint8_t> out;
  for (int v : values) out.push_back(static_cast<std::uint8_t>(v));
  return out;
}

std::vector<std::uint8_t> Range(int from, int to) {
  std::vector<std::uint8_t> out;
  for (int v = from; v < to; ++v) out.push_back(static_cast<std::uint8_t>(v));
  return out;
}

// The published RFC 6962 test vectors (certificate-transparency merkle_tree_test): the roots of the
// trees over the first n of these eight leaves.
TEST(MerkleTreeTest, MatchesTheCertificateTransparencyTestVectors) {
  ASSERT_TRUE(EnsureSodium().ok());
  const std::vector<std::vector<std::uint8_t>> leaves = {{},
                                                         Bytes({0x00}),
                                                         Bytes({0x10}),
                                                         Bytes({0x20, 0x21}),
                                                         Bytes({0x30, 0x31}),
                                                         Bytes({0x40, 0x41, 0x42, 0x43}),
                                                         Range(0x50, 0x58),
                                                         Range(0x60, 0x70)};
  const char* roots[] = {
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
      "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
      "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
      "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
      "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
      "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
      "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
      "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
  };
  MerkleTreeBuilder tree;
  EXPECT_EQ(EncodeHex(tree.Root()), roots[0]);
  for (std::size_t n = 1; n <= leaves.size(); ++n) {
    tree.AddLeaf(leaves[n - 1]);
    EXPECT_EQ(tree.size(), n);
    EXPECT_EQ(EncodeHex(tree.Root()), roots[n]) << "tree of " << n << " leaves";
  }
}

}  // namespace
}  // namespace lianban::db
