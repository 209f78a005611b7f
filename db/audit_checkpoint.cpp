#include "db/audit_checkpoint.h"

#include <sodium.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <utility>

namespace lianban::db {
namespace {

constexpr std::string_view kNoteTitle = "lianban audit checkpoint v1";
constexpr std::size_t kKeyIdBytes = 8;

Error FormatError(std::string_view what) {
  return Error::Make(ErrorCode::kInvalidArgument, "checkpoint_format",
                     "checkpoint file: " + std::string(what));
}

// "name value" -> value, or nullopt when the line does not start with "name ".
std::optional<std::string_view> FieldValue(std::string_view line, std::string_view name) {
  if (line.size() <= name.size() + 1 || line.substr(0, name.size()) != name ||
      line[name.size()] != ' ') {
    return std::nullopt;
  }
  return line.substr(name.size() + 1);
}

// A canonical non-negative decimal (no sign, no leading zeros), or nullopt.
std::optional<std::int64_t> ParseCount(std::string_view text) {
  if (text.empty() || text.size() > 18 || (text.size() > 1 && text[0] == '0')) return std::nullopt;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

template <std::size_t N>
std::optional<std::array<std::uint8_t, N>> ParseFixedHex(std::string_view text) {
  auto bytes = DecodeHex(text, N);
  if (!bytes) return std::nullopt;
  std::array<std::uint8_t, N> out{};
  std::copy(bytes->begin(), bytes->end(), out.begin());
  return out;
}

std::optional<AuditSignature> ParseSignature(std::string_view text) {
  AuditSignature sig{};
  std::size_t len = 0;
  const char* end = nullptr;
  if (sodium_base642bin(sig.data(), sig.size(), text.data(), text.size(), nullptr, &len, &end,
                        sodium_base64_VARIANT_ORIGINAL) != 0 ||
      len != sig.size() || end != text.data() + text.size()) {
    return std::nullopt;
  }
  return sig;
}

std::vector<std::string_view> SplitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    auto nl = text.find('\n');
    lines.push_back(text.substr(0, nl));
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  return lines;
}

}  // namespace

std::string EncodeBase64(std::span<const std::uint8_t> bytes) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), bytes.data(), bytes.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

std::string EncodeHex(std::span<const std::uint8_t> bytes) {
  std::string out(bytes.size() * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), bytes.data(), bytes.size());
  out.resize(bytes.size() * 2);
  return out;
}

std::optional<std::vector<std::uint8_t>> DecodeHex(std::string_view hex, std::size_t size) {
  if (hex.size() != size * 2) return std::nullopt;
  for (char c : hex) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return std::nullopt;
  }
  std::vector<std::uint8_t> out(size);
  std::size_t len = 0;
  if (sodium_hex2bin(out.data(), out.size(), hex.data(), hex.size(), nullptr, &len, nullptr) != 0 ||
      len != size) {
    return std::nullopt;
  }
  return out;
}

std::string CheckpointBody(const Checkpoint& c) {
  std::string body(kNoteTitle);
  body += "\nsize " + std::to_string(c.size);
  body += "\nhead " + EncodeHex(c.head);
  body += "\nroot " + EncodeHex(c.root);
  body += "\ntime " + std::to_string(c.time);
  body += "\nkey " + c.key_id + "\n";
  return body;
}

std::string FormatCheckpointNote(const Checkpoint& c) {
  return CheckpointBody(c) + "\nsig " + EncodeBase64(c.signature) + "\n";
}

Result<Checkpoint> ParseCheckpointNote(std::string_view text) {
  auto lines = SplitLines(text);
  if (lines.size() != 8) return FormatError("expected 8 lines");
  if (lines[0] != kNoteTitle)
    return FormatError("line 1 is not \"" + std::string(kNoteTitle) + "\"");
  Checkpoint c;
  auto size = FieldValue(lines[1], "size");
  auto count = size ? ParseCount(*size) : std::nullopt;
  if (!count) return FormatError("line 2 is not \"size N\"");
  c.size = *count;
  auto head = FieldValue(lines[2], "head");
  auto head_bytes = head ? ParseFixedHex<kAuditHashSize>(*head) : std::nullopt;
  if (!head_bytes) return FormatError("line 3 is not \"head <64 hex digits>\"");
  c.head = *head_bytes;
  auto root = FieldValue(lines[3], "root");
  auto root_bytes = root ? ParseFixedHex<kMerkleHashSize>(*root) : std::nullopt;
  if (!root_bytes) return FormatError("line 4 is not \"root <64 hex digits>\"");
  c.root = *root_bytes;
  auto time = FieldValue(lines[4], "time");
  auto seconds = time ? ParseCount(*time) : std::nullopt;
  if (!seconds) return FormatError("line 5 is not \"time <unix seconds>\"");
  c.time = *seconds;
  auto key = FieldValue(lines[5], "key");
  if (!key || !ParseFixedHex<kKeyIdBytes>(*key))
    return FormatError("line 6 is not \"key <16 hex digits>\"");
  c.key_id = std::string(*key);
  if (!lines[6].empty()) return FormatError("line 7 is not empty");
  auto sig = FieldValue(lines[7], "sig");
  auto sig_bytes = sig ? ParseSignature(*sig) : std::nullopt;
  if (!sig_bytes) return FormatError("line 8 is not \"sig <base64 Ed25519 signature>\"");
  c.signature = *sig_bytes;
  return c;
}

std::string AuditKeyId(const AuditPublicKeyBytes& bytes) {
  std::array<std::uint8_t, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), bytes.data(), bytes.size());
  return EncodeHex(std::span(digest).first(kKeyIdBytes));
}

Result<AuditPublicKey> ParseAuditPublicKey(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
    text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
    text.remove_suffix(1);
  auto bytes = ParseFixedHex<kAuditPublicKeySize>(text);
  if (!bytes) {
    return Error::Make(ErrorCode::kInvalidArgument, "public_key_format",
                       "an audit public key is 64 lower-case hex digits");
  }
  return AuditPublicKey{*bytes, AuditKeyId(*bytes)};
}

std::string FormatAuditPublicKey(const AuditPublicKey& key) { return EncodeHex(key.bytes); }

bool VerifyCheckpointSignature(const Checkpoint& checkpoint, const AuditPublicKey& key) {
  if (checkpoint.key_id != key.key_id || EnsureSodium().ok() == false) return false;
  const std::string body = CheckpointBody(checkpoint);
  return crypto_sign_verify_detached(checkpoint.signature.data(),
                                     reinterpret_cast<const unsigned char*>(body.data()),
                                     body.size(), key.bytes.data()) == 0;
}

Result<AuditSigner> AuditSigner::FromKeyring(const Keyring& keyring) {
  if (auto s = EnsureSodium(); !s.ok()) return Error(s.error());
  SecretBytes seed = keyring.Derive(KeyPurpose::kAudit, kAuditSigningKeyId);
  SecretBytes secret_key(crypto_sign_SECRETKEYBYTES);
  AuditPublicKey public_key;
  crypto_sign_seed_keypair(public_key.bytes.data(), secret_key.data(), seed.data());
  public_key.key_id = AuditKeyId(public_key.bytes);
  return AuditSigner(std::move(secret_key), std::move(public_key));
}

Checkpoint AuditSigner::Sign(std::int64_t size, const AuditHash& head, const MerkleHash& root,
                             std::int64_t time) const {
  Checkpoint c{size, head, root, time, public_key_.key_id, {}};
  const std::string body = CheckpointBody(c);
  crypto_sign_detached(c.signature.data(), nullptr,
                       reinterpret_cast<const unsigned char*>(body.data()), body.size(),
                       secret_key_.data());
  return c;
}

}  // namespace lianban::db
