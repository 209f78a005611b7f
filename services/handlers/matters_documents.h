// The documents of a matter (docs/workflow.md, "Materials"), one handler per file:
// POST /v1/matters/{id}/documents, GET /v1/matters/{id}/documents,
// GET /v1/matters/{id}/documents/{doc_id}. Content travels as standard base64 in JSON.
#pragma once

#include <cstddef>
#include <string_view>

#include "services/matter_document_service.h"
#include "services/router.h"

namespace lianban::services {

// The body limit of a document upload: a 10 MiB document is 13,981,016 bytes of base64, plus
// the name and JSON punctuation. Other routes keep the server's --max-body-bytes.
inline constexpr std::size_t kDocumentUploadBodyBytes = 15 * 1024 * 1024;

Handler MakeMattersDocumentsPostHandler(MatterDocumentService& service);
Handler MakeMattersDocumentsListHandler(MatterDocumentService& service);
Handler MakeMattersDocumentGetHandler(MatterDocumentService& service);

void RegisterMatterDocumentRoutes(Router& router, MatterDocumentService& service);

// For the HTTP server, before the body is read: kDocumentUploadBodyBytes for POST
// /v1/matters/{id}/documents (query ignored), 0 (the default limit) for anything else.
std::size_t RouteBodyLimit(std::string_view method, std::string_view target);

}  // namespace lianban::services
