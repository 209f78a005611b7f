#include "domain/workflow/material.h"

#include <array>

namespace lianban::domain::workflow {
namespace {

struct KnownType {
  std::string_view content_type;
  std::string_view magic;
};

constexpr std::array<KnownType, 3> kTypes = {{
    {"application/pdf", "%PDF-"},
    {"image/jpeg", "\xFF\xD8\xFF"},
    {"image/png", "\x89PNG\r\n\x1A\n"},
}};

Error Invalid(const char* reason, const char* message) {
  Error e = Error::Make(ErrorCode::kInvalidArgument, reason, message);
  e.fields.push_back({"content", reason, message});
  return e;
}

}  // namespace

Status CheckMaterial(std::string_view name, std::string_view content_type,
                     std::string_view content) {
  if (name.empty() || name.size() > 200) {
    return Invalid("invalid_material_name", "a material name is 1 to 200 bytes");
  }
  if (content.size() > kMaxMaterialBytes) {
    return Error::Make(ErrorCode::kPayloadTooLarge, "material_too_large",
                       "a material is at most 10 MiB");
  }
  if (content.empty()) return Invalid("empty_material", "the material is empty");
  for (const auto& t : kTypes) {
    if (t.content_type != content_type) continue;
    if (!content.starts_with(t.magic)) {
      return Invalid("material_type_mismatch", "the content is not of the declared type");
    }
    return OkStatus();
  }
  return Invalid("unsupported_material_type",
                 "accepted types: application/pdf, image/jpeg, image/png");
}

Status CheckMatterTakesMaterials(const Matter& matter) {
  if (!IsSettled(matter.state)) return OkStatus();
  return Error::Make(ErrorCode::kConflict, "matter_settled",
                     "a matter in state " + std::string(MatterStateName(matter.state)) +
                         " takes no more documents");
}

}  // namespace lianban::domain::workflow
