// SecretBytes: key material in sodium_malloc'd memory (guard pages, mlock'd, zeroed on free).
// Also the once-only libsodium initialization every crypto module calls first.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "domain/result.h"

namespace lianban::db {

// Calls sodium_init() once per process. Errors: kInternal "sodium_init".
Status EnsureSodium();

// A fixed-size buffer of secret bytes. Move-only; the memory is locked, guarded and wiped on
// destruction. A moved-from SecretBytes is empty (size 0).
class SecretBytes {
 public:
  // Allocates `size` zero bytes; aborts the process if secure memory cannot be had (as
  // sodium_malloc failure means the process cannot keep secrets at all).
  explicit SecretBytes(std::size_t size);
  // A copy of `bytes` in secure memory.
  static SecretBytes CopyOf(std::span<const std::uint8_t> bytes);
  // `size` random bytes.
  static SecretBytes Random(std::size_t size);

  SecretBytes(SecretBytes&& other) noexcept;
  SecretBytes& operator=(SecretBytes&& other) noexcept;
  SecretBytes(const SecretBytes&) = delete;
  SecretBytes& operator=(const SecretBytes&) = delete;
  ~SecretBytes();

  std::uint8_t* data() { return data_; }
  const std::uint8_t* data() const { return data_; }
  std::size_t size() const { return size_; }
  std::span<const std::uint8_t> span() const { return {data_, size_}; }
  // Constant-time comparison.
  bool Equals(const SecretBytes& other) const;

 private:
  std::uint8_t* data_ = nullptr;
  std::size_t size_ = 0;
};

// Keeps key material out of core files: RLIMIT_CORE 0 and PR_SET_DUMPABLE 0 (which also stops
// same-user ptrace). Call once at startup. Errors: kInternal "core_dumps".
Status DisableCoreDumps();

}  // namespace lianban::db
