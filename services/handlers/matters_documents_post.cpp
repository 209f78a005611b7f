// POST /v1/matters/{id}/documents {"name", "content_type", "content_base64"} -> 201 with the
// document's metadata. Bad base64 is 422 invalid_base64; the checks of CheckMaterial follow
// (422 material_type_mismatch, 413 material_too_large, ...).
#include "domain/workflow/material.h"
#include "services/base64.h"
#include "services/handlers/matters_documents.h"
#include "services/handlers/matters_documents_render.h"
#include "services/json_body.h"

namespace lianban::services {
namespace {

Error InvalidBase64() {
  Error e = Error::Make(ErrorCode::kInvalidArgument, "invalid_base64",
                        "content_base64 is not standard padded base64");
  e.fields.push_back({"content_base64", "invalid_base64", "standard base64 with padding"});
  return e;
}

// Refuses before decoding what cannot decode to at most kMaxMaterialBytes.
constexpr std::size_t kMaxBase64Bytes = (domain::workflow::kMaxMaterialBytes + 2) / 3 * 4;

}  // namespace

Handler MakeMattersDocumentsPostHandler(MatterDocumentService& service) {
  return [&service](const Request& request, RequestContext& ctx) -> Response {
    auto who = ctx.RequireRole(domain::Action::kAddMaterial);
    if (!who.ok()) return Response::Problem(who.error());
    auto body = ParseJsonBody(request);
    if (!body.ok()) return Response::Problem(body.error());
    if (auto s = RejectUnknownFields(*body, {"name", "content_type", "content_base64"}); !s) {
      return Response::Problem(s.error());
    }
    auto name = StringField(*body, "name");
    if (!name.ok()) return Response::Problem(name.error());
    auto type = StringField(*body, "content_type");
    if (!type.ok()) return Response::Problem(type.error());
    auto encoded = StringField(*body, "content_base64");
    if (!encoded.ok()) return Response::Problem(encoded.error());
    if (encoded->size() > kMaxBase64Bytes) {
      return Response::Problem(Error::Make(ErrorCode::kPayloadTooLarge, "material_too_large",
                                           "a material is at most 10 MiB"));
    }
    auto content = DecodeBase64(*encoded);
    if (!content) return Response::Problem(InvalidBase64());
    auto info = service.Add(**who, request.PathParam("id"), *name, *type, *content);
    if (!info.ok()) return Response::Problem(info.error());
    Response r = Response::Json(201, RenderDocumentInfo(*info));
    r.SetHeader("Location", "/v1/matters/" + info->matter_id + "/documents/" + info->id);
    return r;
  };
}

}  // namespace lianban::services
