#include "services/handlers/audit_query_params.h"

#include <charconv>
#include <utility>

namespace lianban::services {

constexpr std::size_t kMaxTextParam = 200;

Error InvalidQuery(std::string_view name, std::string detail) {
  Error e = Error::Make(ErrorCode::kInvalidArgument, "invalid_query", detail);
  e.fields.push_back({std::string(name), "invalid_query", std::move(detail)});
  return e;
}

Result<std::int64_t> IntParam(const Request& request, std::string_view name, std::int64_t min,
                              std::int64_t max, std::int64_t fallback) {
  auto text = request.Query(name);
  if (!text) return fallback;
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (text->empty() || ec != std::errc() || end != text->data() + text->size() || value < min ||
      value > max) {
    return InvalidQuery(name,
                        "an integer from " + std::to_string(min) + " to " + std::to_string(max));
  }
  return value;
}

Result<std::optional<std::string>> TextParam(const Request& request, std::string_view name) {
  auto text = request.Query(name);
  if (!text) return std::optional<std::string>();
  if (text->empty() || text->size() > kMaxTextParam) {
    return InvalidQuery(name, "1 to 200 characters");
  }
  return std::optional<std::string>(std::string(*text));
}

}  // namespace lianban::services
