#include "db/merkle.h"

#include <sodium.h>

namespace lianban::db {

MerkleHash MerkleLeafHash(std::span<const std::uint8_t> data) {
  const std::uint8_t prefix = 0x00;
  crypto_hash_sha256_state state;
  crypto_hash_sha256_init(&state);
  crypto_hash_sha256_update(&state, &prefix, 1);
  crypto_hash_sha256_update(&state, data.data(), data.size());
  MerkleHash out{};
  crypto_hash_sha256_final(&state, out.data());
  return out;
}

MerkleHash MerkleNodeHash(const MerkleHash& left, const MerkleHash& right) {
  const std::uint8_t prefix = 0x01;
  crypto_hash_sha256_state state;
  crypto_hash_sha256_init(&state);
  crypto_hash_sha256_update(&state, &prefix, 1);
  crypto_hash_sha256_update(&state, left.data(), left.size());
  crypto_hash_sha256_update(&state, right.data(), right.size());
  MerkleHash out{};
  crypto_hash_sha256_final(&state, out.data());
  return out;
}

void MerkleTreeBuilder::AddLeaf(std::span<const std::uint8_t> data) {
  Subtree next{1, MerkleLeafHash(data)};
  // Two perfect subtrees of equal size merge into one twice as large (binary carry).
  while (!stack_.empty() && stack_.back().leaves == next.leaves) {
    next = Subtree{next.leaves * 2, MerkleNodeHash(stack_.back().hash, next.hash)};
    stack_.pop_back();
  }
  stack_.push_back(next);
  ++size_;
}

MerkleHash MerkleTreeBuilder::Root() const {
  if (stack_.empty()) {
    MerkleHash empty{};
    crypto_hash_sha256(empty.data(), nullptr, 0);
    return empty;
  }
  // RFC 9162 splits at the largest power of two below n, so the perfect subtrees (left, larger)
  // fold into the smaller right-hand remainder from right to left.
  MerkleHash root = stack_.back().hash;
  for (auto it = stack_.rbegin() + 1; it != stack_.rend(); ++it) {
    root = MerkleNodeHash(it->hash, root);
  }
  return root;
}

}  // namespace lianban::db
