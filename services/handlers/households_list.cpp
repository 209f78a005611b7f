// GET /v1/households?street=&status=&cursor=&limit=: summaries (no personal data) within the
// caller's scope, in id order; `next` is the cursor of the following page or null.
#include <charconv>

#include "domain/household_validation.h"
#include "services/handlers/audit_query_params.h"
#include "services/handlers/households_handlers.h"

namespace lianban::services {
namespace {

constexpr int kDefaultPageSize = 50;
constexpr int kMaxPageSize = 500;

std::optional<std::int64_t> ParseCount(std::string_view text) {
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value < 0) {
    return std::nullopt;
  }
  return value;
}

Result<db::HouseholdFilter> ParseFilter(const Request& request) {
  db::HouseholdFilter filter;
  filter.limit = kDefaultPageSize;
  if (auto street = request.Query("street")) {
    if (!domain::IsStreetCode(*street)) return InvalidQuery("street", "not a street code");
    filter.street = std::string(*street);
  }
  if (auto status = request.Query("status")) {
    if (!domain::EnumFromName<domain::HouseholdStatus>(domain::kHouseholdStatusNames, *status)) {
      return InvalidQuery("status", "not a household status");
    }
    filter.status = std::string(*status);
  }
  if (auto cursor = request.Query("cursor")) {
    auto after = ParseCount(*cursor);
    if (!after) return InvalidQuery("cursor", "not a cursor from a previous page");
    filter.after_id = *after;
  }
  if (auto limit = request.Query("limit")) {
    auto n = ParseCount(*limit);
    if (!n || *n < 1 || *n > kMaxPageSize) return InvalidQuery("limit", "an integer from 1 to 500");
    filter.limit = static_cast<int>(*n);
  }
  return filter;
}

}  // namespace

Handler MakeHouseholdsListHandler(HouseholdService& service) {
  return [&service](const Request& request, RequestContext& ctx) -> Response {
    auto who = ctx.RequireRole(domain::Action::kReadHousehold);
    if (!who.ok()) return Response::Problem(who.error());
    auto filter = ParseFilter(request);
    if (!filter.ok()) return Response::Problem(filter.error());
    auto page = service.List(**who, *filter);
    if (!page.ok()) return Response::Problem(page.error());
    nlohmann::json items = nlohmann::json::array();
    for (const auto& s : page->households) items.push_back(RenderSummary(s));
    nlohmann::json next = page->next ? nlohmann::json(std::to_string(*page->next)) : nullptr;
    return Response::Json(200, {{"households", std::move(items)}, {"next", std::move(next)}});
  };
}

}  // namespace lianban::services
