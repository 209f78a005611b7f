// Documents of a matter (docs/workflow.md, "Materials"): a caseworker adds them while the matter
// is open; caseworkers, supervisors and auditors read them, as do reviewers and agency API keys of
// departments with a task on the matter (others get 404 "matter_not_found", as for the matter).
// Reads and writes are audited by the repository.
#pragma once

#include <string_view>
#include <vector>

#include "db/matter_document_repository.h"
#include "db/matter_repository.h"
#include "domain/authz.h"
#include "domain/clock.h"
#include "domain/result.h"
#include "domain/workflow/material.h"

namespace lianban::services {

class MatterDocumentService {
 public:
  MatterDocumentService(db::MatterRepository& matters, db::MatterDocumentRepository& documents,
                        const Clock& clock)
      : matters_(matters), documents_(documents), clock_(clock) {}

  // 403 "forbidden"; 404 "matter_not_found"; 409 "matter_settled"; CheckMaterial's 422s and 413.
  Result<domain::workflow::MaterialInfo> Add(const domain::Principal& who, std::string_view id,
                                             std::string_view name, std::string_view content_type,
                                             std::string_view content);
  Result<std::vector<domain::workflow::MaterialInfo>> List(const domain::Principal& who,
                                                           std::string_view id);
  // 404 "document_not_found" too.
  Result<db::StoredDocument> Get(const domain::Principal& who, std::string_view id,
                                 std::string_view document_id);

 private:
  Result<domain::workflow::Matter> Readable(const domain::Principal& who, std::string_view id);

  db::MatterRepository& matters_;
  db::MatterDocumentRepository& documents_;
  const Clock& clock_;
};

}  // namespace lianban::services
