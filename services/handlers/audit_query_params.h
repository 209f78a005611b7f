// Query-parameter parsing shared by the audit endpoints: bounded integers and short strings.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/result.h"
#include "services/http_types.h"

namespace lianban::services {

// 422 invalid_query naming the parameter.
Error InvalidQuery(std::string_view name, std::string detail);

// The integer parameter `name` within [min, max], or `fallback` when absent.
Result<std::int64_t> IntParam(const Request& request, std::string_view name, std::int64_t min,
                              std::int64_t max, std::int64_t fallback);

// The parameter `name` if present (1..200 bytes), else nullopt.
Result<std::optional<std::string>> TextParam(const Request& request, std::string_view name);

}  // namespace lianban::services
