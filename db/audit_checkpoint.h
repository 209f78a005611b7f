// Signed checkpoints of the audit log: a statement "the log had `size` entries, the last one's hash
// was `head`, and the RFC 9162 Merkle root over the entries' hashes 1..size was `root`", made at
// `time` and signed with Ed25519 by the key `key_id`. A verifier holding a checkpoint and the
// public key can tell whether any entry up to `size` was edited, removed, inserted or reordered —
// and, unlike the hash chain alone, whether the tail was cut off. See docs/audit.md.
//
// The signed message is the checkpoint's text body (CheckpointBody); a checkpoint file ("note") is
// that body, a blank line and "sig <base64 signature>":
//   lianban audit checkpoint v1
//   size 42
//   head <64 hex digits>
//   root <64 hex digits>
//   time <unix seconds>
//   key <16 hex digits>
//
//   sig <base64 of the 64-byte Ed25519 signature>
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "db/audit_log.h"
#include "db/keyring.h"
#include "db/merkle.h"
#include "db/secret_bytes.h"
#include "domain/result.h"

namespace lianban::db {

inline constexpr std::size_t kAuditPublicKeySize = 32;
inline constexpr std::size_t kAuditSignatureSize = 64;
// Keyring::Derive(kAudit, kAuditSigningKeyId) seeds the signing key; a new id would rotate it.
inline constexpr std::uint64_t kAuditSigningKeyId = 1;

using AuditPublicKeyBytes = std::array<std::uint8_t, kAuditPublicKeySize>;
using AuditSignature = std::array<std::uint8_t, kAuditSignatureSize>;

struct Checkpoint {
  std::int64_t size = 0;
  AuditHash head{};       // hash of entry `size`; 32 zero bytes when size is 0
  MerkleHash root{};      // Merkle Tree Hash over the hashes of entries 1..size
  std::int64_t time = 0;  // unix seconds when it was made
  std::string key_id;     // 16 lower-case hex digits, see AuditKeyId
  AuditSignature signature{};
};

// The exact bytes that are signed (the first six lines, each ending in '\n').
std::string CheckpointBody(const Checkpoint& checkpoint);
// The checkpoint file: body, blank line, "sig ..." line.
std::string FormatCheckpointNote(const Checkpoint& checkpoint);
// Parses a checkpoint file strictly (exact line order and prefixes, fixed-length hex, canonical
// numbers; a final newline is optional). Does not check the signature. Errors: kInvalidArgument
// "checkpoint_format" naming the first line that does not fit.
Result<Checkpoint> ParseCheckpointNote(std::string_view text);

// The auditors' view of the signing key: the Ed25519 public key and its id, the first 8 bytes of
// SHA-256(public key) in hex.
struct AuditPublicKey {
  AuditPublicKeyBytes bytes{};
  std::string key_id;
};
std::string AuditKeyId(const AuditPublicKeyBytes& bytes);
// 64 hex digits (surrounding whitespace ignored). Errors: kInvalidArgument "public_key_format".
Result<AuditPublicKey> ParseAuditPublicKey(std::string_view text);
// 64 lower-case hex digits.
std::string FormatAuditPublicKey(const AuditPublicKey& key);

// Whether the checkpoint names this key and its signature verifies over CheckpointBody.
bool VerifyCheckpointSignature(const Checkpoint& checkpoint, const AuditPublicKey& key);

// Holds the Ed25519 signing key derived from the master key. Immutable; shareable by threads.
class AuditSigner {
 public:
  // The key seeded by keyring.Derive(kAudit, kAuditSigningKeyId). Errors: those of EnsureSodium.
  static Result<AuditSigner> FromKeyring(const Keyring& keyring);

  const AuditPublicKey& public_key() const { return public_key_; }
  // A signed checkpoint over (size, head, root) made at `time`.
  Checkpoint Sign(std::int64_t size, const AuditHash& head, const MerkleHash& root,
                  std::int64_t time) const;

 private:
  AuditSigner(SecretBytes secret_key, AuditPublicKey public_key)
      : secret_key_(std::move(secret_key)), public_key_(std::move(public_key)) {}
  SecretBytes secret_key_;
  AuditPublicKey public_key_;
};

// Standard base64 (with padding) of any bytes, as the "sig" line uses.
std::string EncodeBase64(std::span<const std::uint8_t> bytes);
// Lower-case hex of any bytes, and its inverse for exactly `size` bytes (nullopt otherwise).
std::string EncodeHex(std::span<const std::uint8_t> bytes);
std::optional<std::vector<std::uint8_t>> DecodeHex(std::string_view hex, std::size_t size);

}  // namespace lianban::db
