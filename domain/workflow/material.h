// Materials submitted once for a matter and shared with every department that has a task on it
// (and no other). This file holds the admission rules: size limit and content-type check by the
// file's leading bytes, so a declared type cannot disguise another format.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "domain/result.h"
#include "domain/workflow/matter.h"

namespace lianban::domain::workflow {

inline constexpr std::size_t kMaxMaterialBytes = 10 * 1024 * 1024;

// Metadata kept in the clear; the content is sealed at rest by the store.
struct MaterialInfo {
  std::string id;
  std::string matter_id;
  std::string name;          // what the document is, e.g. "户口簿"; 1 to 200 bytes
  std::string content_type;  // application/pdf, image/jpeg or image/png
  std::int64_t size_bytes = 0;
  std::string sha256_hex;  // of the plaintext, computed by the store
  std::int64_t uploaded_at = 0;
};

// OK, or kInvalidArgument "invalid_material_name" / "unsupported_material_type" /
// "material_type_mismatch" (content is not what content_type says), "empty_material", or
// kPayloadTooLarge "material_too_large" (over kMaxMaterialBytes).
Status CheckMaterial(std::string_view name, std::string_view content_type,
                     std::string_view content);

// Documents are added while the matter is open (submitted, in review or awaiting information);
// kConflict "matter_settled" once it is decided, closed or withdrawn.
Status CheckMatterTakesMaterials(const Matter& matter);

// Who sees a matter's materials: a department with a task on it. District-wide roles are decided
// by domain/authz.h; this answers for department-scoped principals.
inline bool DepartmentMaySeeMaterials(const Matter& matter, std::string_view department) {
  return HasTaskFor(matter, department);
}

}  // namespace lianban::domain::workflow
