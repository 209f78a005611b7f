// Rendering and path parsing shared by the households_* handlers.
#include <charconv>

#include "services/handlers/households_handlers.h"
#include "services/household_json.h"

namespace lianban::services {

nlohmann::json RenderHousehold(const HouseholdView& view) {
  nlohmann::json body = EncodeHousehold(view.household);
  body["id"] = view.id;
  body["version"] = view.version;
  body["created"] = FormatTimestamp(view.created_at);
  body["updated"] = FormatTimestamp(view.updated_at);
  return body;
}

nlohmann::json RenderSummary(const db::HouseholdSummary& s) {
  return {
      {"id", s.id},
      {"version", s.version},
      {"created", FormatTimestamp(s.created_at)},
      {"updated", FormatTimestamp(s.updated_at)},
      {"hukou", s.hukou},
      {"street", s.street ? nlohmann::json(*s.street) : nlohmann::json(nullptr)},
      {"member_count", s.member_count},
      {"age_bands", {{"under_18", s.members_minor},
                     {"18_to_59", s.members_adult},
                     {"60_and_over", s.members_elderly}}},
      {"statuses", s.statuses},
  };
}

Result<std::string> RenderStoredHousehold(const db::StoredHousehold& stored) {
  const std::string& document = stored.document;
  if (document.size() < 3 || document.front() != '{' || document.back() != '}') {
    return Error::Make(ErrorCode::kInternal, "stored_document_invalid",
                       "a stored household no longer decodes");
  }
  std::string out = "{\"created\":\"" + FormatTimestamp(stored.created_at) +
                    "\",\"id\":" + std::to_string(stored.id) + ",\"updated\":\"" +
                    FormatTimestamp(stored.updated_at) +
                    "\",\"version\":" + std::to_string(stored.version) + ",";
  out.append(document, 1);
  return out;
}

Response HouseholdResponse(int status, const HouseholdView& view) {
  Response response = Response::Json(status, RenderHousehold(view));
  response.SetHeader("ETag", ETagOf(view.version));
  if (status == 201) response.SetHeader("Location", "/v1/households/" + std::to_string(view.id));
  return response;
}

std::optional<std::int64_t> HouseholdIdParam(const Request& request) {
  const std::string_view text = request.PathParam("id");
  if (text.empty() || text.front() == '0') return std::nullopt;
  std::int64_t id = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || id < 1) return std::nullopt;
  return id;
}

Response HouseholdNotFound() {
  return Response::Problem(
      Error::Make(ErrorCode::kNotFound, "household_not_found", "no such household"));
}

}  // namespace lianban::services
