// The data directory: <data>/lianban.db and <data>/master.key, and the objects built from them
// (connection, keyring, data keys, sealer, blind index), bundled for main() to wire.
#pragma once

#include <filesystem>
#include <memory>

#include "db/blind_index.h"
#include "db/data_keys.h"
#include "db/database.h"
#include "db/keyring.h"
#include "db/sealer.h"
#include "domain/result.h"

namespace lianban::db {

inline constexpr char kDatabaseFileName[] = "lianban.db";

// Creates `data_dir` (mode 0700) if needed, the key file (unless LIANBAN_MASTER_KEY is set) and
// the database with every migration and a first data key. Safe to run twice.
// Errors: kInternal "data_dir_io", and those of CreateKeyFile, Database::Open, DataKeys::Load.
Status InitDataDir(const std::filesystem::path& data_dir, std::int64_t now);

class Store {
 public:
  // Opens an initialized data directory. Errors: kNotFound "data_dir_missing", and those of
  // LoadMasterKey (e.g. "key_file_permissions"), Database::Open and DataKeys::Load.
  static Result<std::unique_ptr<Store>> Open(const std::filesystem::path& data_dir,
                                             std::int64_t now);

  Database& db() { return *db_; }
  const Keyring& keyring() const { return *keyring_; }
  DataKeys& data_keys() { return *data_keys_; }
  const Sealer& sealer() const { return *sealer_; }
  const BlindIndex& blind_index() const { return *blind_index_; }

 private:
  Store() = default;
  std::unique_ptr<Database> db_;
  std::unique_ptr<Keyring> keyring_;
  std::unique_ptr<DataKeys> data_keys_;
  std::unique_ptr<Sealer> sealer_;
  std::unique_ptr<BlindIndex> blind_index_;
};

}  // namespace lianban::db
