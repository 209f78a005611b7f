// The fixed "now" the store and HTTP tests stamp their rows with: 2026-05-28T20:26:40Z
// (2026-05-29 in China).
#pragma once

#include <cstdint>

namespace lianban::testing {

inline constexpr std::int64_t kNow = 1'780'000'000;

}  // namespace lianban::testing
