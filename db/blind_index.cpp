#include "db/blind_index.h"

#include <sodium.h>

#include <string>

namespace lianban::db {
namespace {

constexpr char kIndexKeyLabel[] = "lianban blind index v1:";
constexpr std::uint64_t kIndexKeyId = 1;

// The per-index key: BLAKE2b keyed with the base index key over a label and the index name.
SecretBytes DeriveIndexKey(const SecretBytes& base, std::string_view index_name) {
  std::string label = std::string(kIndexKeyLabel) + std::string(index_name);
  SecretBytes key(crypto_generichash_KEYBYTES);
  crypto_generichash(key.data(), key.size(), reinterpret_cast<const unsigned char*>(label.data()),
                     label.size(), base.data(), base.size());
  return key;
}

}  // namespace

BlindIndex::BlindIndex(const Keyring& keyring)
    : base_key_(keyring.Derive(KeyPurpose::kIndex, kIndexKeyId)) {}

const SecretBytes& BlindIndex::IndexKey(std::string_view index_name) const {
  std::lock_guard lock(mutex_);
  auto found = index_keys_.find(index_name);
  if (found == index_keys_.end()) {
    found =
        index_keys_.emplace(std::string(index_name), DeriveIndexKey(base_key_, index_name)).first;
  }
  return found->second;
}

Result<std::vector<std::uint8_t>> BlindIndex::Compute(std::string_view index_name,
                                                      std::string_view normalized_value) const {
  if (index_name.empty()) {
    return Error::Make(ErrorCode::kInvalidArgument, "blind_index_name",
                       "a blind index needs a name");
  }
  static_assert(kBlindIndexSize >= crypto_generichash_BYTES_MIN);
  const SecretBytes& key = IndexKey(index_name);
  std::vector<std::uint8_t> digest(kBlindIndexSize);
  crypto_generichash(digest.data(), digest.size(),
                     reinterpret_cast<const unsigned char*>(normalized_value.data()),
                     normalized_value.size(), key.data(), key.size());
  return digest;
}

}  // namespace lianban::db
