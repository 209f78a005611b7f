// Errors and id parsing shared by the matter services (MatterService, MatterDocumentService).
#pragma once

#include <charconv>
#include <cstdint>
#include <optional>
#include <string_view>

#include "domain/result.h"

namespace lianban::services::matter_errors {

inline Error Forbidden() {
  return Error::Make(ErrorCode::kPermissionDenied, "forbidden",
                     "your role may not perform this action");
}

inline Error MatterNotFound() {
  return Error::Make(ErrorCode::kNotFound, "matter_not_found", "no matter has this id");
}

// A matter or document id: a positive decimal integer, nothing else.
inline std::optional<std::int64_t> PositiveId(std::string_view text) {
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v <= 0) return std::nullopt;
  return v;
}

}  // namespace lianban::services::matter_errors
