// GET /v1/matters/{id}/documents -> 200 {"documents": [metadata...]}, oldest first.
#include "services/handlers/matters_documents.h"
#include "services/handlers/matters_documents_render.h"

namespace lianban::services {

Handler MakeMattersDocumentsListHandler(MatterDocumentService& service) {
  return [&service](const Request& request, RequestContext& ctx) -> Response {
    auto who = ctx.RequireRole(domain::Action::kReadMaterials);
    if (!who.ok()) return Response::Problem(who.error());
    auto list = service.List(**who, request.PathParam("id"));
    if (!list.ok()) return Response::Problem(list.error());
    nlohmann::json documents = nlohmann::json::array();
    for (const auto& info : *list) documents.push_back(RenderDocumentInfo(info));
    return Response::Json(200, {{"documents", documents}});
  };
}

}  // namespace lianban::services
