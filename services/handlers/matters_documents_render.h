// A matter document's metadata as the API returns it: {id, name, content_type, size_bytes,
// sha256, uploaded_at} (uploaded_at RFC 3339 in China Standard Time).
#pragma once

#include <nlohmann/json.hpp>

#include "domain/workflow/material.h"

namespace lianban::services {

nlohmann::json RenderDocumentInfo(const domain::workflow::MaterialInfo& info);

}  // namespace lianban::services
