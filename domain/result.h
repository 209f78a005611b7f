// Result<T>: a value or an Error. Every module boundary returns one; exceptions never cross layers.
// An Error carries a category (which decides the HTTP status at the edge, see
// services/problem.h), a stable machine-readable reason such as "invalid_id_number", a human
// message, and optionally one entry per violated field.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace lianban {

// Categories in the spirit of absl::StatusCode, refined where HTTP needs a distinct status.
enum class ErrorCode {
  kInvalidArgument,       // well-formed request whose content breaks a rule (422)
  kMalformed,             // unparseable request: bad JSON, duplicate key, bad framing (400)
  kUnsupportedMediaType,  // body is not JSON (415)
  kPayloadTooLarge,       // body over the limit (413)
  kNotFound,              // (404)
  kAlreadyExists,         // a unique thing registered twice (409)
  kConflict,              // illegal state transition or lost race (409)
  kFailedPrecondition,    // stale version: If-Match does not match (412)
  kPreconditionRequired,  // If-Match missing (428)
  kPermissionDenied,      // authenticated but not allowed (403)
  kUnauthenticated,       // no, bad, expired or revoked credentials (401)
  kResourceExhausted,     // throttled (429)
  kUnavailable,           // shutting down, database busy beyond the timeout (503)
  kInternal,              // a bug or an I/O failure (500)
};

// One violated field, e.g. {"household.members[2].id_number", "invalid_id_number", "..."}.
struct FieldError {
  std::string path;
  std::string code;
  std::string detail;
};

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string reason;   // stable snake_case code, e.g. "stale_version"
  std::string message;  // for humans; never contains personal data
  std::vector<FieldError> fields;

  static Error Make(ErrorCode code, std::string reason, std::string message) {
    return Error{code, std::move(reason), std::move(message), {}};
  }
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}  // NOLINT: implicit by design

  bool ok() const { return std::holds_alternative<T>(v_); }
  explicit operator bool() const { return ok(); }

  T& value() & { assert(ok()); return std::get<T>(v_); }
  const T& value() const& { assert(ok()); return std::get<T>(v_); }
  T&& value() && { assert(ok()); return std::get<T>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const { assert(!ok()); return std::get<Error>(v_); }
  Error&& take_error() && { assert(!ok()); return std::get<Error>(std::move(v_)); }

 private:
  std::variant<T, Error> v_;
};

// Result<void>: success or an Error.
struct Ok {};
using Status = Result<Ok>;
inline Status OkStatus() { return Ok{}; }

}  // namespace lianban
