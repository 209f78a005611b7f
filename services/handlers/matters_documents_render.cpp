#include "services/handlers/matters_documents_render.h"

#include "domain/workflow/deadline.h"

namespace lianban::services {

nlohmann::json RenderDocumentInfo(const domain::workflow::MaterialInfo& info) {
  return {{"id", std::stoll(info.id)},
          {"name", info.name},
          {"content_type", info.content_type},
          {"size_bytes", info.size_bytes},
          {"sha256", info.sha256_hex},
          {"uploaded_at", domain::workflow::FormatChinaTime(info.uploaded_at)}};
}

}  // namespace lianban::services
