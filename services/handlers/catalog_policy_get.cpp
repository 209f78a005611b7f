// GET /v1/catalog/policies/{id}: one policy with its criteria, amount and the parameters it
// reads with their dated values; 404 `unknown_policy`.
#include <nlohmann/json.hpp>

#include "services/handlers/catalog_handlers.h"

namespace lianban::services {
namespace {

using nlohmann::json;

json ParameterJson(const domain::ParameterSpec& p) {
  json values = json::array();
  for (const auto& v : p.values) {
    json value = p.type == "ratio" ? json(v.value) : json(std::stoll(v.value));
    values.push_back({{"from", v.effective.ToString()}, {"value", value}});
  }
  return {{"id", p.id}, {"unit", p.unit}, {"type", p.type}, {"values", values},
          {"source", p.source}};
}

json PolicyJson(const domain::CompiledCatalog& catalog, std::size_t index) {
  const domain::PolicySpec& p = catalog.policies()[index];
  json criteria = json::array();
  for (const auto& c : p.criteria) {
    criteria.push_back({{"id", c.id}, {"formula", c.formula}, {"member", c.member}});
  }
  json parameters = json::array();
  for (const auto& id : catalog.ParametersUsedBy(index)) {
    parameters.push_back(ParameterJson(*catalog.FindParameter(id)));
  }
  return {{"id", p.id},           {"name_zh", p.name_zh},     {"name_en", p.name_en},
          {"department", p.department}, {"kind", p.kind},     {"unit", p.unit},
          {"defines", p.defines}, {"reads", p.reads},         {"criteria", criteria},
          {"amount", p.amount},   {"amount_note", p.amount_note}, {"grants", p.grants},
          {"note", p.note},       {"source", p.source},       {"parameters", parameters},
          {"catalog_version", catalog.version()}};
}

}  // namespace

Handler MakeCatalogPolicyHandler(CatalogPtr catalog) {
  return [catalog](const Request& request, RequestContext& ctx) -> Response {
    auto who = ctx.RequireRole(domain::Action::kReadCatalog);
    if (!who.ok()) return Response::Problem(who.error());
    auto index = catalog->FindPolicy(request.PathParam("id"));
    if (!index) {
      return Response::Problem(
          Error::Make(ErrorCode::kNotFound, "unknown_policy", "no policy has this id"));
    }
    return Response::Json(200, PolicyJson(*catalog, *index));
  };
}

}  // namespace lianban::services
