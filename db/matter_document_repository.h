// Documents (materials) of a matter, submitted once and shared with the departments that have a
// task on it (who may see them is decided by the caller). Metadata is clear; the content is
// sealed per row (AD "matter_documents", "content", id). Every call appends its audit entry in
// the same write transaction as the write or read it records.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "db/database.h"
#include "db/household_repository.h"
#include "db/sealer.h"
#include "domain/result.h"
#include "domain/workflow/material.h"
#include "domain/workflow/matter.h"

namespace lianban::db {

struct StoredDocument {
  domain::workflow::MaterialInfo info;
  std::string content;  // opened
};

class MatterDocumentRepository {
 public:
  // Both must outlive the repository.
  MatterDocumentRepository(Database& db, const Sealer& sealer) : db_(db), sealer_(sealer) {}

  // Stores a document of matter `matter_id` (checked by the caller with CheckMaterial) and
  // appends `added` (its detail set to the new document's id) to the event outbox. Returns the
  // metadata with id, size and SHA-256 (lower-case hex of the plaintext). Errors: kNotFound
  // "matter_not_found"; sealing and database errors.
  Result<domain::workflow::MaterialInfo> Add(std::int64_t matter_id, std::string_view name,
                                             std::string_view content_type,
                                             std::string_view content,
                                             domain::workflow::WorkflowEvent added,
                                             const Actor& actor, std::int64_t now);

  // The matter's documents' metadata, oldest first.
  Result<std::vector<domain::workflow::MaterialInfo>> List(std::int64_t matter_id,
                                                           const Actor& actor, std::int64_t now);

  // One document with its content. kNotFound "document_not_found" (also when it belongs to
  // another matter); kInternal "seal_tampered".
  Result<StoredDocument> Get(std::int64_t matter_id, std::int64_t document_id, const Actor& actor,
                             std::int64_t now);

 private:
  Database& db_;
  const Sealer& sealer_;
};

}  // namespace lianban::db
