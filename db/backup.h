// Encrypted online backups of the database. WriteBackup copies the live database with the
// sqlite3_backup API (a consistent snapshot while the server keeps writing) into memory, checks
// the copy with PRAGMA integrity_check and writes it encrypted with libsodium's
// crypto_secretstream_xchacha20poly1305 under the backup key; plaintext never touches the disk.
// RestoreBackup decrypts (the final TAG is required, so a truncated file is refused), checks the
// copy and writes it as a new database, never over an existing one.
//
// The backup key is derived from the master key (Keyring::Derive(kSeal, kBackupKeyId)); the data
// inside stays sealed with the data keys, which are wrapped by the master key too. A backup is
// useless without the master key: keep the key (not next to the backups) — docs/registry.md.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "db/keyring.h"
#include "domain/result.h"

namespace lianban::db {

// The KDF subkey id of the backup key within the kSeal purpose: above every uint32 data-key id,
// so it never equals a key-encryption key.
inline constexpr std::uint64_t kBackupKeyId = 0x6261636b75700001ULL;  // "backup" 0001

struct BackupInfo {
  std::int64_t database_bytes = 0;
  std::int64_t file_bytes = 0;
};

// Writes an encrypted backup of the SQLite database `db_path` to `out` (mode 0600), through a
// temporary file renamed into place. Errors: kInternal "backup_failed" (SQLite or I/O, naming the
// step), "backup_integrity" when the copy fails integrity_check; kAlreadyExists "backup_exists"
// when `out` exists.
Result<BackupInfo> WriteBackup(const std::string& db_path, const Keyring& keyring,
                               const std::filesystem::path& out);

// Restores the backup `in` as the database `db_path`. Errors: kAlreadyExists "database_exists"
// when db_path (or its -wal) exists; kInvalidArgument "backup_corrupt" (not a backup, tampered,
// or another master key), "backup_truncated" (ends before the final chunk); kInternal
// "backup_integrity", "restore_failed". On any error nothing is left at `db_path`.
Result<BackupInfo> RestoreBackup(const std::filesystem::path& in, const Keyring& keyring,
                                 const std::string& db_path);

}  // namespace lianban::db
