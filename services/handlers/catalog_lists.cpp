// GET /v1/catalog/departments, /v1/catalog/policies, /v1/catalog/service-items: the catalog in
// force as JSON arrays (11, 45, 31 entries), with the catalog version as the ETag.
#include <nlohmann/json.hpp>

#include "services/handlers/catalog_handlers.h"

namespace lianban::services {
namespace {

using nlohmann::json;

// A handler rendering `body` once (the catalog never changes while the server runs).
Handler Fixed(const CatalogPtr& catalog, json body) {
  Response ok = Response::Json(200, body);
  ok.SetHeader("ETag", "\"" + catalog->version() + "\"");
  return [ok](const Request&, RequestContext& ctx) -> Response {
    auto who = ctx.RequireRole(domain::Action::kReadCatalog);
    if (!who.ok()) return Response::Problem(who.error());
    return ok;
  };
}

}  // namespace

Handler MakeCatalogDepartmentsHandler(CatalogPtr catalog) {
  json out = json::array();
  for (const auto& d : catalog->departments()) {
    out.push_back({{"id", d.id}, {"name_zh", d.name_zh}, {"name_en", d.name_en}});
  }
  return Fixed(catalog, std::move(out));
}

Handler MakeCatalogPoliciesHandler(CatalogPtr catalog) {
  json out = json::array();
  for (const auto& p : catalog->policies()) {
    out.push_back({{"id", p.id}, {"name_zh", p.name_zh}, {"name_en", p.name_en},
                   {"department", p.department}, {"kind", p.kind}, {"unit", p.unit}});
  }
  return Fixed(catalog, std::move(out));
}

Handler MakeCatalogServiceItemsHandler(CatalogPtr catalog) {
  json out = json::array();
  for (const auto& s : catalog->service_items()) {
    out.push_back({{"id", s.id}, {"name_zh", s.name_zh}, {"name_en", s.name_en},
                   {"group", s.group}, {"lead", s.lead}, {"trigger", s.trigger},
                   {"member_trigger", s.member}});
  }
  return Fixed(catalog, std::move(out));
}

}  // namespace lianban::services
