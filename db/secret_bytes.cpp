#include "db/secret_bytes.h"

#include <sodium.h>
#include <sys/prctl.h>
#include <sys/resource.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>
#include <utility>

namespace lianban::db {

Status EnsureSodium() {
  static const bool ok = sodium_init() >= 0;
  if (ok) return OkStatus();
  return Error::Make(ErrorCode::kInternal, "sodium_init", "libsodium could not be initialized");
}

SecretBytes::SecretBytes(std::size_t size) : size_(size) {
  if (!EnsureSodium().ok()) std::abort();
  // sodium_malloc(0) is valid but keep a real allocation so data() is never null.
  data_ = static_cast<std::uint8_t*>(sodium_malloc(size == 0 ? 1 : size));
  if (data_ == nullptr) std::abort();
  sodium_memzero(data_, size == 0 ? 1 : size);
}

SecretBytes SecretBytes::CopyOf(std::span<const std::uint8_t> bytes) {
  SecretBytes secret(bytes.size());
  if (!bytes.empty()) std::memcpy(secret.data_, bytes.data(), bytes.size());
  return secret;
}

SecretBytes SecretBytes::Random(std::size_t size) {
  SecretBytes secret(size);
  randombytes_buf(secret.data_, size);
  return secret;
}

SecretBytes::SecretBytes(SecretBytes&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)) {}

SecretBytes& SecretBytes::operator=(SecretBytes&& other) noexcept {
  if (this != &other) {
    sodium_free(data_);
    data_ = std::exchange(other.data_, nullptr);
    size_ = std::exchange(other.size_, 0);
  }
  return *this;
}

SecretBytes::~SecretBytes() { sodium_free(data_); }  // wipes, unlocks and frees; null is a no-op

bool SecretBytes::Equals(const SecretBytes& other) const {
  if (size_ != other.size_) return false;
  if (size_ == 0) return true;
  return sodium_memcmp(data_, other.data_, size_) == 0;
}

Status DisableCoreDumps() {
  struct rlimit none = {0, 0};
  if (setrlimit(RLIMIT_CORE, &none) != 0) {
    return Error::Make(ErrorCode::kInternal, "core_dumps",
                       std::string("setrlimit(RLIMIT_CORE) failed: ") + std::strerror(errno));
  }
  if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0) {
    return Error::Make(ErrorCode::kInternal, "core_dumps",
                       std::string("prctl(PR_SET_DUMPABLE) failed: ") + std::strerror(errno));
  }
  return OkStatus();
}

}  // namespace lianban::db
