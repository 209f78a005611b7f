// POST /v1/households/{id}/screenings {"as_of"?}: screens the stored household and keeps the
// result -> 201 with the result (api-contract.md "Screening result") plus id, household_version.
#include "services/handlers/households_handlers.h"
#include "services/handlers/households_screenings.h"
#include "services/json_body.h"

namespace lianban::services {
namespace {

Error InvalidAsOf(std::string detail) {
  Error e = Error::Make(ErrorCode::kInvalidArgument, "invalid_as_of", detail);
  e.fields.push_back({"as_of", "invalid_as_of", std::move(detail)});
  return e;
}

// The as_of of the body; nullopt when absent (or the body is empty).
Result<std::optional<domain::Date>> ParseAsOf(const Request& request) {
  if (request.body.empty()) return std::optional<domain::Date>();
  auto body = ParseJsonBody(request);
  if (!body.ok()) return std::move(body).take_error();
  if (Status s = RejectUnknownFields(*body, {"as_of"}); !s.ok()) return std::move(s).take_error();
  if (!body->contains("as_of")) return std::optional<domain::Date>();
  const auto& value = (*body)["as_of"];
  if (!value.is_string()) return InvalidAsOf("as_of must be a YYYY-MM-DD string");
  auto date = domain::Date::Parse(value.get<std::string>());
  if (!date) return InvalidAsOf("as_of is not a real YYYY-MM-DD date");
  return std::optional<domain::Date>(*date);
}

}  // namespace

Handler MakeHouseholdsScreeningsPostHandler(std::shared_ptr<HouseholdScreeningService> service) {
  return [service](const Request& request, RequestContext& ctx) -> Response {
    auto who = ctx.RequireRole(domain::Action::kUpdateHousehold);
    if (!who.ok()) return Response::Problem(who.error());
    const auto id = HouseholdIdParam(request);
    if (!id) return HouseholdNotFound();
    auto as_of = ParseAsOf(request);
    if (!as_of.ok()) return Response::Problem(as_of.error());
    auto result = service->Screen(**who, *id, *as_of);
    if (!result.ok()) return Response::Problem(result.error());
    return Response::Json(201, *result);
  };
}

}  // namespace lianban::services
