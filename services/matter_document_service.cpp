#include "services/matter_document_service.h"

#include "services/actor.h"
#include "services/matter_errors.h"

namespace lianban::services {
namespace {

using domain::Action;
using domain::Principal;
using domain::workflow::Matter;
using matter_errors::Forbidden;
using matter_errors::MatterNotFound;
using matter_errors::PositiveId;

Error DocumentNotFound() {
  return Error::Make(ErrorCode::kNotFound, "document_not_found",
                     "the matter has no document with this id");
}

// Department-scoped principals act for their own department; others are district-wide.
std::string_view OwnDepartment(const Principal& who) {
  return domain::RoleNeedsDepartment(who.role) ? std::string_view(who.department) : "";
}

}  // namespace

Result<Matter> MatterDocumentService::Readable(const Principal& who, std::string_view id) {
  if (!domain::Allowed(who, Action::kReadMaterials, OwnDepartment(who))) return Forbidden();
  auto m = matters_.Get(id);
  if (!m.ok()) return m;
  if (domain::RoleNeedsDepartment(who.role) &&
      !domain::workflow::DepartmentMaySeeMaterials(*m, who.department)) {
    return MatterNotFound();
  }
  return m;
}

Result<domain::workflow::MaterialInfo> MatterDocumentService::Add(const Principal& who,
                                                                  std::string_view id,
                                                                  std::string_view name,
                                                                  std::string_view content_type,
                                                                  std::string_view content) {
  if (!domain::Allowed(who, Action::kAddMaterial, "")) return Forbidden();
  auto m = matters_.Get(id);
  if (!m.ok()) return std::move(m).take_error();
  if (Status s = domain::workflow::CheckMatterTakesMaterials(*m); !s.ok()) {
    return std::move(s).take_error();
  }
  if (Status s = domain::workflow::CheckMaterial(name, content_type, content); !s.ok()) {
    return std::move(s).take_error();
  }
  const std::int64_t now = clock_.NowUnix();
  const std::string state(domain::workflow::MatterStateName(m->state));
  domain::workflow::WorkflowEvent added{
      "matter.document_added", m->id, "", "", state, state, "", now};
  return documents_.Add(*PositiveId(m->id), name, content_type, content, std::move(added),
                        ActorOf(who), now);
}

Result<std::vector<domain::workflow::MaterialInfo>> MatterDocumentService::List(
    const Principal& who, std::string_view id) {
  auto m = Readable(who, id);
  if (!m.ok()) return std::move(m).take_error();
  return documents_.List(*PositiveId(m->id), ActorOf(who), clock_.NowUnix());
}

Result<db::StoredDocument> MatterDocumentService::Get(const Principal& who, std::string_view id,
                                                      std::string_view document_id) {
  auto m = Readable(who, id);
  if (!m.ok()) return std::move(m).take_error();
  const auto doc = PositiveId(document_id);
  if (!doc) return DocumentNotFound();
  return documents_.Get(*PositiveId(m->id), *doc, ActorOf(who), clock_.NowUnix());
}

}  // namespace lianban::services
