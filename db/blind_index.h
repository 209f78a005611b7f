// Blind indexes: a keyed BLAKE2b of a normalized value, so equal values can be found (e.g. a
// person by ID number) without storing them in clear. Each index name has its own key, derived
// from Keyring::Derive(kIndex, 1) and the name, so the same value gives unrelated digests in two
// indexes. Normalizing (trim, upper-case the ID number's X, ...) is the caller's job.
// Thread-safe: the per-index keys are derived once and kept (in libsodium's guarded memory).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "db/keyring.h"
#include "domain/result.h"

namespace lianban::db {

inline constexpr std::size_t kBlindIndexSize = 16;

class BlindIndex {
 public:
  explicit BlindIndex(const Keyring& keyring);

  // kBlindIndexSize bytes, deterministic for (key, index name, value).
  // Errors: kInvalidArgument "blind_index_name" when index_name is empty.
  Result<std::vector<std::uint8_t>> Compute(std::string_view index_name,
                                            std::string_view normalized_value) const;

 private:
  const SecretBytes& IndexKey(std::string_view index_name) const;

  SecretBytes base_key_;
  mutable std::mutex mutex_;  // guards index_keys_
  // Derived per-index keys by index name; entries are never removed, so references stay valid.
  mutable std::map<std::string, SecretBytes, std::less<>> index_keys_;
};

}  // namespace lianban::db
