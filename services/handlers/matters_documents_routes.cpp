// The document routes of a matter, and the larger body limit of the upload route.
#include "services/handlers/matters_documents.h"

namespace lianban::services {

void RegisterMatterDocumentRoutes(Router& router, MatterDocumentService& service) {
  router.Add("POST", "/v1/matters/{id}/documents", MakeMattersDocumentsPostHandler(service));
  router.Add("GET", "/v1/matters/{id}/documents", MakeMattersDocumentsListHandler(service));
  router.Add("GET", "/v1/matters/{id}/documents/{doc_id}", MakeMattersDocumentGetHandler(service));
}

std::size_t RouteBodyLimit(std::string_view method, std::string_view target) {
  constexpr std::string_view kPrefix = "/v1/matters/";
  constexpr std::string_view kSuffix = "/documents";
  if (method != "POST") return 0;
  const std::string_view path = target.substr(0, target.find('?'));
  if (!path.starts_with(kPrefix) || !path.ends_with(kSuffix)) return 0;
  const std::string_view id =
      path.substr(kPrefix.size(), path.size() - kPrefix.size() - kSuffix.size());
  if (id.empty() || id.find('/') != std::string_view::npos) return 0;
  return kDocumentUploadBodyBytes;
}

}  // namespace lianban::services
