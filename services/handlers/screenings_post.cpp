// POST /v1/screenings {"as_of", "household"}: screens a household that is not stored -> 200 with
// the screening result. Envelope and household violations are reported together (422); only the
// audit entry is written.
#include <nlohmann/json.hpp>

#include "db/audit_log.h"
#include "domain/screening.h"
#include "services/handlers/catalog_handlers.h"
#include "services/household_json.h"
#include "services/household_service.h"
#include "services/json_body.h"
#include "services/screening_json.h"

namespace lianban::services {
namespace {

using nlohmann::json;

// The envelope's own violations (unknown fields, as_of); `as_of` is set when it is valid.
std::vector<FieldError> EnvelopeViolations(const json& body, const domain::CompiledCatalog& catalog,
                                           std::optional<domain::Date>* as_of) {
  std::vector<FieldError> out;
  for (const auto& [key, value] : body.items()) {
    if (key != "as_of" && key != "household") {
      out.push_back({key, "unknown_field", "not a field of a screening request"});
    }
  }
  if (!body.contains("as_of") || !body["as_of"].is_string() ||
      !domain::Date::Parse(body["as_of"].get<std::string>())) {
    out.push_back({"as_of", "invalid_as_of", "as_of must be a real YYYY-MM-DD date"});
  } else {
    *as_of = domain::Date::Parse(body["as_of"].get<std::string>());
    if (**as_of < catalog.first_parameter_date()) {
      out.push_back({"as_of", "as_of_out_of_range",
                     "as_of is before " + catalog.first_parameter_date().ToString()});
    }
  }
  if (!body.contains("household")) {
    out.push_back({"household", "missing_field", "household is required"});
  }
  return out;
}

// The entry of a screening (recorded, not committed per request: db::RecordAudit).
Status Audit(db::Database& database, const Clock& clock, const domain::Principal& who,
             const std::string& outcome) {
  db::Actor actor = ActorOf(who);
  return db::RecordAudit(database, db::AuditEntry{clock.NowUnix(), actor.id, actor.role,
                                                  "screening.run", "", outcome, "screening"});
}

}  // namespace

Handler MakeScreeningsPostHandler(CatalogPtr catalog, db::Database& database, const Clock& clock) {
  return [catalog, &database, &clock](const Request& request, RequestContext& ctx) -> Response {
    auto who = ctx.RequireRole(domain::Action::kScreen);
    if (!who.ok()) return Response::Problem(who.error());
    auto body = ParseJsonBody(request);
    if (!body.ok()) return Response::Problem(body.error());
    std::optional<domain::Date> as_of;
    std::vector<FieldError> violations = EnvelopeViolations(*body, *catalog, &as_of);
    if (body->contains("household")) {
      for (auto& v : HouseholdViolations((*body)["household"])) violations.push_back(std::move(v));
    }
    if (!violations.empty()) return Response::Problem(HouseholdError(std::move(violations)));
    auto household = DecodeHousehold((*body)["household"]);
    if (!household.ok()) return Response::Problem(household.error());
    if (Status s = domain::CheckScreeningRequest(*catalog, *household, *as_of); !s.ok()) {
      return Response::Problem(s.error());
    }
    std::string result =
        ScreeningResultText(*catalog, domain::Screen(*catalog, *household, *as_of));
    if (Status s = Audit(database, clock, **who, "ok"); !s.ok()) return Response::Problem(s.error());
    Response response;  // Response::Json(200, ScreeningResultJson(...)), without the JSON tree
    response.status = 200;
    response.content_type = "application/json";
    response.body = std::move(result);
    return response;
  };
}

}  // namespace lianban::services
