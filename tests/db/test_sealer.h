// Test support: a Sealer over a fixed master key, with its data keys stored in the given database
// (so repositories that seal can be tested on a bare Database).
#pragma once

#include <memory>
#include <vector>

#include "db/data_keys.h"
#include "db/database.h"
#include "db/keyring.h"
#include "db/sealer.h"

namespace lianban::db::testing {

// A keyring whose master key is `fill` repeated.
inline Keyring FixedKeyring(std::uint8_t fill) {
  return Keyring(SecretBytes::CopyOf(std::vector<std::uint8_t>(kMasterKeySize, fill)));
}

class TestSealer {
 public:
  explicit TestSealer(Database& db, std::int64_t now = 1'780'000'000)
      : keyring_(SecretBytes::CopyOf(std::vector<std::uint8_t>(kMasterKeySize, 7))),
        keys_(DataKeys::Load(db, keyring_, now).value()),
        sealer_(*keys_) {}

  const Sealer& sealer() const { return sealer_; }
  const Keyring& keyring() const { return keyring_; }

 private:
  Keyring keyring_;
  std::unique_ptr<DataKeys> keys_;
  Sealer sealer_;
};

}  // namespace lianban::db::testing
