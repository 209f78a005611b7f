// POST /v1/matters: a caseworker opens a joint application
// {"household_id", "policy_ids": [...], "screening_id"?, "missing_materials"?: [{"name",
// "supply_by"}]} -> 201.
#include "services/handlers/matters_handlers.h"
#include "services/json_body.h"

namespace lianban::services {
namespace {

using nlohmann::json;

Error Invalid(std::string path, std::string reason, std::string detail) {
  Error e = Error::Make(ErrorCode::kInvalidArgument, reason, detail);
  e.fields.push_back({std::move(path), std::move(reason), std::move(detail)});
  return e;
}

Result<std::string> HouseholdId(const json& body) {
  if (!body.contains("household_id")) {
    return Invalid("household_id", "missing_field", "household_id is required");
  }
  const json& v = body["household_id"];
  if (v.is_number_integer()) return std::to_string(v.get<std::int64_t>());
  if (v.is_string()) return v.get<std::string>();
  return Invalid("household_id", "invalid_type", "household_id is an integer");
}

Result<std::vector<std::string>> PolicyIds(const json& body) {
  if (!body.contains("policy_ids")) {
    return Invalid("policy_ids", "missing_field", "policy_ids is required");
  }
  if (!body["policy_ids"].is_array()) {
    return Invalid("policy_ids", "invalid_type", "policy_ids is an array of policy ids");
  }
  std::vector<std::string> out;
  for (const auto& p : body["policy_ids"]) {
    if (!p.is_string()) return Invalid("policy_ids", "invalid_type", "policy ids are strings");
    out.push_back(p.get<std::string>());
  }
  return out;
}

// Absent: the server screens the household on opening. An id that is no positive integer names
// no screening: 422 unknown_screening, as for an unknown one.
Result<std::optional<std::int64_t>> ScreeningId(const json& body) {
  if (!body.contains("screening_id")) return std::optional<std::int64_t>();
  const json& v = body["screening_id"];
  if (v.is_number_integer() && v.get<std::int64_t>() > 0) {
    return std::optional<std::int64_t>(v.get<std::int64_t>());
  }
  if (v.is_number_integer()) {
    return Invalid("screening_id", "unknown_screening", "no screening has this id");
  }
  return Invalid("screening_id", "invalid_type", "screening_id is an integer");
}

Result<std::vector<domain::workflow::MissingMaterialRequest>> Missing(const json& body) {
  std::vector<domain::workflow::MissingMaterialRequest> out;
  if (!body.contains("missing_materials")) return out;
  if (!body["missing_materials"].is_array()) {
    return Invalid("missing_materials", "invalid_type", "missing_materials is an array");
  }
  for (std::size_t i = 0; i < body["missing_materials"].size(); ++i) {
    const json& item = body["missing_materials"][i];
    const std::string path = "missing_materials[" + std::to_string(i) + "]";
    if (!item.is_object()) return Invalid(path, "invalid_type", "an object");
    if (auto s = RejectUnknownFields(item, {"name", "supply_by"}, path); !s) return s.error();
    auto name = StringField(item, "name", path);
    if (!name) return name.error();
    auto date_text = StringField(item, "supply_by", path);
    if (!date_text) return date_text.error();
    auto date = domain::Date::Parse(*date_text);
    if (!date) return Invalid(path + ".supply_by", "invalid_date", "a date YYYY-MM-DD");
    out.push_back({*name, *date});
  }
  return out;
}

Result<OpenMatterInput> DecodeOpenMatter(const json& body) {
  if (auto s = RejectUnknownFields(
          body, {"household_id", "policy_ids", "screening_id", "missing_materials"});
      !s) {
    return s.error();
  }
  OpenMatterInput in;
  auto household = HouseholdId(body);
  if (!household) return household.error();
  in.household_id = *household;
  auto policies = PolicyIds(body);
  if (!policies) return policies.error();
  in.policy_ids = std::move(*policies);
  auto screening = ScreeningId(body);
  if (!screening) return screening.error();
  in.screening_id = *screening;
  auto missing = Missing(body);
  if (!missing) return missing.error();
  in.missing_materials = std::move(*missing);
  return in;
}

}  // namespace

Handler MakeMattersPostHandler(MatterService& service) {
  return [&service](const Request& request, RequestContext& ctx) -> Response {
    auto who = ctx.RequireRole(domain::Action::kOpenMatter);
    if (!who.ok()) return Response::Problem(who.error());
    auto body = ParseJsonBody(request);
    if (!body.ok()) return Response::Problem(body.error());
    auto in = DecodeOpenMatter(*body);
    if (!in.ok()) return Response::Problem(in.error());
    auto matter = service.Open(**who, *in);
    if (!matter.ok()) return Response::Problem(matter.error());
    return MatterResponse(201, *matter);
  };
}

}  // namespace lianban::services
