// Field sealing with XChaCha20-Poly1305-IETF. A sealed value is
//   header (6 bytes: format version 1, algorithm id, key id as uint32 big-endian)
//   || 24-byte random nonce || ciphertext with its 16-byte tag,
// and the associated data is header || canonical(table, column, row id), so a value moved to
// another row, column or table, or with any byte changed, fails to open ("seal_tampered") instead
// of returning wrong data. Sealing needs the row id: allocate it before sealing (e.g. insert the
// row first, then UPDATE its sealed columns inside the same write transaction).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "db/data_keys.h"
#include "domain/result.h"

namespace lianban::db {

inline constexpr std::uint8_t kSealFormatVersion = 1;
// Algorithm ids; room is left for a national-standard suite (SM4-GCM with SM3) later.
inline constexpr std::uint8_t kAlgXChaCha20Poly1305 = 1;
inline constexpr std::size_t kSealHeaderSize = 6;
inline constexpr std::size_t kSealNonceSize = 24;
inline constexpr std::size_t kSealTagSize = 16;
inline constexpr std::size_t kSealOverhead = kSealHeaderSize + kSealNonceSize + kSealTagSize;

// Where a sealed value lives; part of the associated data.
struct SealContext {
  std::string_view table;
  std::string_view column;
  std::int64_t row_id = 0;
};

// Low level, for callers holding a raw 32-byte key (DataKeys uses it to wrap data keys).
std::vector<std::uint8_t> SealWithKey(std::span<const std::uint8_t> key, std::uint32_t key_id,
                                      std::span<const std::uint8_t> plaintext,
                                      const SealContext& ctx);
// Opens into `out`, which must be exactly sealed.size() - kSealOverhead bytes.
// Errors: kInternal "seal_tampered" (bad format, wrong key, context or any changed byte).
Status OpenWithKey(std::span<const std::uint8_t> key, std::span<const std::uint8_t> sealed,
                   const SealContext& ctx, std::span<std::uint8_t> out);

// The key id a sealed value was made with, so rotation can find values sealed under old keys.
// Errors: kInternal "seal_tampered" when the value is too short or of an unknown format.
Result<std::uint32_t> KeyIdOf(std::span<const std::uint8_t> sealed);

// Seals with the active data key and opens with whichever key id a value names. Thread-safe.
class Sealer {
 public:
  explicit Sealer(const DataKeys& keys) : keys_(keys) {}

  // Errors: kInternal "no_data_key" if DataKeys holds no active key.
  Result<std::vector<std::uint8_t>> Seal(std::string_view plaintext, const SealContext& ctx) const;
  // Errors: kInternal "seal_tampered"; kInternal "seal_unknown_key" when the key id is not held.
  Result<std::string> Open(std::span<const std::uint8_t> sealed, const SealContext& ctx) const;
  // The key id Seal uses now.
  std::uint32_t ActiveKeyId() const { return keys_.ActiveId(); }

 private:
  const DataKeys& keys_;
};

}  // namespace lianban::db
