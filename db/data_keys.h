// Data-encryption keys (DEKs) with numeric ids, so they can rotate. Each DEK is 32 random bytes
// stored in the `data_keys` table wrapped (sealed) under the key-encryption key
// Keyring::Derive(kSeal, id); exactly one row is active and new values are sealed with it, while
// every older key still opens what it sealed.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <shared_mutex>
#include <vector>

#include "db/database.h"
#include "db/keyring.h"
#include "domain/result.h"

namespace lianban::db {

class DataKeys {
 public:
  // Unwraps every stored key; when the table is empty, creates key id 1 and makes it active.
  // `db` and `keyring` must outlive the returned object. Errors: kInternal "data_key_unwrap" when
  // a key does not open (wrong master key), database errors as in database.h.
  static Result<std::unique_ptr<DataKeys>> Load(Database& db, const Keyring& keyring,
                                                std::int64_t now);

  // Creates a new random DEK with the next id, stores it wrapped and makes it the active one
  // (the older ones stay for opening). Returns the new id. Thread-safe.
  Result<std::uint32_t> AddDataKey(std::int64_t now);

  // Re-reads the table, picking up keys added by another process (e.g. `lianban keys rotate`
  // while the server runs). Errors: as Load.
  Status Reload() { return LoadAll(); }

  // The active key id (0 when none, which Load never leaves).
  std::uint32_t ActiveId() const;
  // The key with that id, or nullptr when unknown.
  std::shared_ptr<const SecretBytes> Find(std::uint32_t id) const;
  // All ids held, ascending.
  std::vector<std::uint32_t> Ids() const;

 private:
  DataKeys(Database& db, const Keyring& keyring) : db_(db), keyring_(keyring) {}
  Status LoadAll();

  Database& db_;
  const Keyring& keyring_;
  mutable std::shared_mutex mutex_;
  std::map<std::uint32_t, std::shared_ptr<const SecretBytes>> keys_;
  std::uint32_t active_ = 0;
};

}  // namespace lianban::db
