// Argon2id password hashing (crypto_pwhash_str), with a bound on concurrent hashes so a login
// flood cannot exhaust memory, and a dummy verification for unknown users so a wrong username
// costs as much time as a wrong password.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>

#include "domain/result.h"

namespace lianban::db {

struct PasswordHashParams {
  unsigned long long opslimit;
  std::size_t memlimit;  // bytes

  // The production setting: 2 passes over 19 MiB (OWASP's Argon2id minimum), measured at about
  // 0.19 s per hash on the 2-core build machine; 3 passes over 64 MiB took 0.78 s there, too slow
  // for a login path with 2 concurrent hashes.
  static PasswordHashParams Default();
  // The smallest libsodium allows (for fast tests); far too weak for production.
  static PasswordHashParams Minimum();
};

class PasswordHasher {
 public:
  // At most `max_concurrent` hashes run at once; a caller that waits longer than `max_wait` gets
  // kResourceExhausted "hashing_busy". Thread-safe. Construction hashes once (the dummy hash), so
  // it takes as long as one Hash.
  explicit PasswordHasher(PasswordHashParams params = PasswordHashParams::Default(),
                          int max_concurrent = 2,
                          std::chrono::milliseconds max_wait = std::chrono::seconds(10));

  // An encoded "$argon2id$..." string. Errors: kInvalidArgument "password_empty";
  // kResourceExhausted "hashing_busy"; kInternal "password_hash" (out of memory).
  Result<std::string> Hash(std::string_view password) const;
  // Whether `password` matches `encoded_hash` (false for a malformed hash).
  // Errors: kResourceExhausted "hashing_busy".
  Result<bool> Verify(std::string_view encoded_hash, std::string_view password) const;
  // Spends the time of one Verify against a hash of this hasher's parameters, and returns false.
  // Use it when the username is unknown. Errors: kResourceExhausted "hashing_busy".
  Result<bool> VerifyDummy(std::string_view password) const;
  // Whether `encoded_hash` was made with other parameters than this hasher's (rehash on login).
  bool NeedsRehash(std::string_view encoded_hash) const;

  const PasswordHashParams& params() const { return params_; }

 private:
  class Slot;
  Result<std::string> MakeDummyHash() const;

  PasswordHashParams params_;
  int max_concurrent_;
  std::chrono::milliseconds max_wait_;
  mutable std::mutex mutex_;
  mutable std::condition_variable freed_;
  mutable int running_ = 0;
  mutable std::string dummy_hash_;  // made by the constructor (or on first use), under mutex_
};

}  // namespace lianban::db
