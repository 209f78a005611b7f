// The master key and the keys derived from it. The master key (32 bytes) comes from the
// environment variable LIANBAN_MASTER_KEY when set (64 hex digits, or standard base64 of the 32
// bytes), otherwise from <data>/master.key (64 hex digits and a newline, mode 0600).
// Purpose keys are derived with crypto_kdf_derive_from_key: one per (purpose, key id).
#pragma once

#include <cstdint>
#include <filesystem>

#include "db/secret_bytes.h"
#include "domain/result.h"

namespace lianban::db {

inline constexpr std::size_t kMasterKeySize = 32;
inline constexpr char kMasterKeyEnv[] = "LIANBAN_MASTER_KEY";
inline constexpr char kMasterKeyFileName[] = "master.key";

// What a derived key is for; each has its own KDF context, so keys never cross purposes.
enum class KeyPurpose {
  kSeal,   // "lbseal__": wraps data-encryption keys (see DataKeys), one per data key id
  kIndex,  // "lbindex_": blind indexes (see BlindIndex)
  kAudit,  // "lbaudit_": audit checkpoints
  kToken,  // "lbtoken_": hashing of bearer secrets (API keys), where a keyed hash is wanted
};

// Creates <data_dir>/master.key holding a fresh random key, mode 0600, without following
// symlinks. Does nothing when the file already exists (so `init` is safe to run twice).
// Returns whether a file was created. Errors: kInternal "key_file_io".
Result<bool> CreateKeyFile(const std::filesystem::path& data_dir);

// Reads the master key: LIANBAN_MASTER_KEY if set, else <data_dir>/master.key. Errors:
// kFailedPrecondition "key_file_permissions" when the file is readable or writable by group or
// others (or is not a regular file); kNotFound "key_file_missing"; kInvalidArgument
// "master_key_format" for a value that is not 32 bytes of hex/base64; kInternal "key_file_io".
Result<SecretBytes> LoadMasterKey(const std::filesystem::path& data_dir);

// Parses 64 hex digits or standard base64 of 32 bytes (surrounding whitespace ignored).
// Errors: kInvalidArgument "master_key_format".
Result<SecretBytes> ParseMasterKey(std::string_view text);

// Holds the master key and derives purpose keys from it. Immutable after construction, so it may
// be shared by threads.
class Keyring {
 public:
  // `master` must be kMasterKeySize bytes.
  explicit Keyring(SecretBytes master);
  // LoadMasterKey then construct.
  static Result<Keyring> Load(const std::filesystem::path& data_dir);

  // The 32-byte key for (purpose, key_id). Deterministic: same master, purpose and id, same key.
  SecretBytes Derive(KeyPurpose purpose, std::uint64_t key_id) const;

 private:
  SecretBytes master_;
};

}  // namespace lianban::db
