// Merkle Tree Hash in the style of RFC 9162 (Certificate Transparency v2), section 2.1.1, with
// SHA-256: the empty tree hashes to SHA-256(""), a leaf d to SHA-256(0x00 || d), and a node to
// SHA-256(0x01 || left || right), where the left subtree holds the largest power of two of leaves
// smaller than the whole. The audit checkpoints sign the root over the audit entries' hashes.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

namespace lianban::db {

inline constexpr std::size_t kMerkleHashSize = 32;
using MerkleHash = std::array<std::uint8_t, kMerkleHashSize>;

// Builds the root incrementally, leaf by leaf, keeping O(log n) hashes: the log need not be held in
// memory. Call EnsureSodium() (db/secret_bytes.h) before using it.
class MerkleTreeBuilder {
 public:
  // Adds the next leaf (its data, not its leaf hash: the 0x00 prefix is applied here).
  void AddLeaf(std::span<const std::uint8_t> data);
  // The Merkle Tree Hash of the leaves added so far.
  MerkleHash Root() const;
  std::uint64_t size() const { return size_; }

 private:
  struct Subtree {
    std::uint64_t leaves;
    MerkleHash hash;
  };
  std::vector<Subtree> stack_;  // perfect subtrees, strictly decreasing in size
  std::uint64_t size_ = 0;
};

// SHA-256(0x00 || data) and SHA-256(0x01 || left || right).
MerkleHash MerkleLeafHash(std::span<const std::uint8_t> data);
MerkleHash MerkleNodeHash(const MerkleHash& left, const MerkleHash& right);

}  // namespace lianban::db
