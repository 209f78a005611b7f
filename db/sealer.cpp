#include "db/sealer.h"

#include <sodium.h>

#include <cstdlib>

namespace lianban::db {
namespace {

static_assert(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES == kSealNonceSize);
static_assert(crypto_aead_xchacha20poly1305_ietf_ABYTES == kSealTagSize);

Error Tampered() {
  return Error::Make(ErrorCode::kInternal, "seal_tampered",
                     "a sealed value does not open: it was changed, moved or sealed elsewhere");
}

void AppendLength(std::vector<std::uint8_t>& out, std::uint64_t value) {
  for (int shift = 56; shift >= 0; shift -= 8)
    out.push_back(static_cast<std::uint8_t>(value >> shift));
}

void AppendField(std::vector<std::uint8_t>& out, std::string_view field) {
  AppendLength(out, field.size());
  out.insert(out.end(), field.begin(), field.end());
}

// header || len(table) table || len(column) column || row id, all lengths and the id 64-bit BE.
std::vector<std::uint8_t> AssociatedData(std::span<const std::uint8_t> header,
                                         const SealContext& ctx) {
  std::vector<std::uint8_t> ad(header.begin(), header.end());
  AppendField(ad, ctx.table);
  AppendField(ad, ctx.column);
  AppendLength(ad, static_cast<std::uint64_t>(ctx.row_id));
  return ad;
}

void WriteHeader(std::uint8_t* out, std::uint32_t key_id) {
  out[0] = kSealFormatVersion;
  out[1] = kAlgXChaCha20Poly1305;
  out[2] = static_cast<std::uint8_t>(key_id >> 24);
  out[3] = static_cast<std::uint8_t>(key_id >> 16);
  out[4] = static_cast<std::uint8_t>(key_id >> 8);
  out[5] = static_cast<std::uint8_t>(key_id);
}

}  // namespace

std::vector<std::uint8_t> SealWithKey(std::span<const std::uint8_t> key, std::uint32_t key_id,
                                      std::span<const std::uint8_t> plaintext,
                                      const SealContext& ctx) {
  if (!EnsureSodium().ok() || key.size() != crypto_aead_xchacha20poly1305_ietf_KEYBYTES) {
    std::abort();  // a programming error: keys are always made 32 bytes
  }
  std::vector<std::uint8_t> out(kSealOverhead + plaintext.size());
  WriteHeader(out.data(), key_id);
  std::uint8_t* nonce = out.data() + kSealHeaderSize;
  randombytes_buf(nonce, kSealNonceSize);
  std::vector<std::uint8_t> ad = AssociatedData({out.data(), kSealHeaderSize}, ctx);
  unsigned long long written = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(nonce + kSealNonceSize, &written, plaintext.data(),
                                             plaintext.size(), ad.data(), ad.size(), nullptr, nonce,
                                             key.data());
  out.resize(kSealHeaderSize + kSealNonceSize + written);
  return out;
}

Result<std::uint32_t> KeyIdOf(std::span<const std::uint8_t> sealed) {
  if (sealed.size() < kSealOverhead || sealed[0] != kSealFormatVersion ||
      sealed[1] != kAlgXChaCha20Poly1305) {
    return Tampered();
  }
  return (std::uint32_t{sealed[2]} << 24) | (std::uint32_t{sealed[3]} << 16) |
         (std::uint32_t{sealed[4]} << 8) | std::uint32_t{sealed[5]};
}

Status OpenWithKey(std::span<const std::uint8_t> key, std::span<const std::uint8_t> sealed,
                   const SealContext& ctx, std::span<std::uint8_t> out) {
  if (Result<std::uint32_t> id = KeyIdOf(sealed); !id.ok()) return std::move(id).take_error();
  if (key.size() != crypto_aead_xchacha20poly1305_ietf_KEYBYTES ||
      out.size() != sealed.size() - kSealOverhead) {
    return Tampered();
  }
  std::vector<std::uint8_t> ad = AssociatedData(sealed.first(kSealHeaderSize), ctx);
  const std::uint8_t* nonce = sealed.data() + kSealHeaderSize;
  const std::uint8_t* ciphertext = nonce + kSealNonceSize;
  std::size_t ciphertext_size = sealed.size() - kSealHeaderSize - kSealNonceSize;
  unsigned long long opened = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(out.data(), &opened, nullptr, ciphertext,
                                                 ciphertext_size, ad.data(), ad.size(), nonce,
                                                 key.data()) != 0) {
    return Tampered();
  }
  return OkStatus();
}

Result<std::vector<std::uint8_t>> Sealer::Seal(std::string_view plaintext,
                                               const SealContext& ctx) const {
  std::uint32_t id = keys_.ActiveId();
  std::shared_ptr<const SecretBytes> key = keys_.Find(id);
  if (key == nullptr) {
    return Error::Make(ErrorCode::kInternal, "no_data_key", "no active data-encryption key");
  }
  auto bytes = std::span(reinterpret_cast<const std::uint8_t*>(plaintext.data()), plaintext.size());
  return SealWithKey(key->span(), id, bytes, ctx);
}

Result<std::string> Sealer::Open(std::span<const std::uint8_t> sealed,
                                 const SealContext& ctx) const {
  Result<std::uint32_t> id = KeyIdOf(sealed);
  if (!id.ok()) return std::move(id).take_error();
  std::shared_ptr<const SecretBytes> key = keys_.Find(*id);
  if (key == nullptr) {
    return Error::Make(ErrorCode::kInternal, "seal_unknown_key",
                       "a sealed value names data key " + std::to_string(*id) +
                           ", which this store does not hold");
  }
  std::string plaintext(sealed.size() - kSealOverhead, '\0');
  auto out = std::span(reinterpret_cast<std::uint8_t*>(plaintext.data()), plaintext.size());
  if (Status s = OpenWithKey(key->span(), sealed, ctx, out); !s.ok()) {
    return std::move(s).take_error();
  }
  return plaintext;
}

}  // namespace lianban::db
