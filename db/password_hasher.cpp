#include "db/password_hasher.h"

#include <sodium.h>

#include <string>

#include "db/secret_bytes.h"

namespace lianban::db {
namespace {

Error Busy() {
  return Error::Make(ErrorCode::kResourceExhausted, "hashing_busy",
                     "too many password checks at once; try again shortly");
}

}  // namespace

PasswordHashParams PasswordHashParams::Default() { return {2, 19u * 1024 * 1024}; }

PasswordHashParams PasswordHashParams::Minimum() {
  return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN};
}

// Holds one of the max_concurrent hashing slots for its lifetime.
class PasswordHasher::Slot {
 public:
  explicit Slot(const PasswordHasher& hasher) : hasher_(hasher) {
    std::unique_lock lock(hasher_.mutex_);
    acquired_ = hasher_.freed_.wait_for(lock, hasher_.max_wait_,
                                        [&] { return hasher_.running_ < hasher_.max_concurrent_; });
    if (acquired_) ++hasher_.running_;
  }
  ~Slot() {
    if (!acquired_) return;
    {
      std::lock_guard lock(hasher_.mutex_);
      --hasher_.running_;
    }
    hasher_.freed_.notify_one();
  }
  Slot(const Slot&) = delete;
  Slot& operator=(const Slot&) = delete;
  bool acquired() const { return acquired_; }

 private:
  const PasswordHasher& hasher_;
  bool acquired_ = false;
};

PasswordHasher::PasswordHasher(PasswordHashParams params, int max_concurrent,
                               std::chrono::milliseconds max_wait)
    : params_(params),
      max_concurrent_(max_concurrent < 1 ? 1 : max_concurrent),
      max_wait_(max_wait) {
  // Made now rather than on the first unknown username, so that request costs no extra hash.
  if (Result<std::string> dummy = MakeDummyHash(); dummy.ok()) dummy_hash_ = std::move(*dummy);
}

Result<std::string> PasswordHasher::MakeDummyHash() const {
  // A hash of a random password nobody knows, with this hasher's parameters.
  SecretBytes secret = SecretBytes::Random(32);
  return Hash(std::string_view(reinterpret_cast<const char*>(secret.data()), secret.size()));
}

Result<std::string> PasswordHasher::Hash(std::string_view password) const {
  if (Status s = EnsureSodium(); !s.ok()) return std::move(s).take_error();
  if (password.empty()) {
    return Error::Make(ErrorCode::kInvalidArgument, "password_empty", "the password is empty");
  }
  Slot slot(*this);
  if (!slot.acquired()) return Busy();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), params_.opslimit,
                            params_.memlimit, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Error::Make(ErrorCode::kInternal, "password_hash",
                       "password hashing failed (out of memory?)");
  }
  return std::string(out);
}

Result<bool> PasswordHasher::Verify(std::string_view encoded_hash,
                                    std::string_view password) const {
  if (Status s = EnsureSodium(); !s.ok()) return std::move(s).take_error();
  // crypto_pwhash_str_verify needs a NUL-terminated string of bounded length.
  if (encoded_hash.size() >= crypto_pwhash_STRBYTES) return false;
  std::string hash(encoded_hash);
  Slot slot(*this);
  if (!slot.acquired()) return Busy();
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

Result<bool> PasswordHasher::VerifyDummy(std::string_view password) const {
  std::string dummy;
  {
    std::lock_guard lock(mutex_);
    dummy = dummy_hash_;
  }
  if (dummy.empty()) {
    Result<std::string> made = MakeDummyHash();
    if (!made.ok()) return std::move(made).take_error();
    std::lock_guard lock(mutex_);
    if (dummy_hash_.empty()) dummy_hash_ = *made;
    dummy = dummy_hash_;
  }
  Result<bool> verified = Verify(dummy, password);
  if (!verified.ok()) return verified;
  return false;
}

bool PasswordHasher::NeedsRehash(std::string_view encoded_hash) const {
  if (!EnsureSodium().ok() || encoded_hash.size() >= crypto_pwhash_STRBYTES) return true;
  std::string hash(encoded_hash);
  return crypto_pwhash_str_needs_rehash(hash.c_str(), params_.opslimit, params_.memlimit) != 0;
}

}  // namespace lianban::db
