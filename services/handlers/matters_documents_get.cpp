// GET /v1/matters/{id}/documents/{doc_id} -> 200 with the metadata and "content_base64".
#include "services/base64.h"
#include "services/handlers/matters_documents.h"
#include "services/handlers/matters_documents_render.h"

namespace lianban::services {

Handler MakeMattersDocumentGetHandler(MatterDocumentService& service) {
  return [&service](const Request& request, RequestContext& ctx) -> Response {
    auto who = ctx.RequireRole(domain::Action::kReadMaterials);
    if (!who.ok()) return Response::Problem(who.error());
    auto doc = service.Get(**who, request.PathParam("id"), request.PathParam("doc_id"));
    if (!doc.ok()) return Response::Problem(doc.error());
    nlohmann::json body = RenderDocumentInfo(doc->info);
    body["content_base64"] = EncodeBase64(doc->content);
    return Response::Json(200, body);
  };
}

}  // namespace lianban::services
