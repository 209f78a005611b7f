// GET /v1/audit/checkpoint: the latest signed checkpoint, made now if the log grew since the last.
// `note` is the exact file `lianban audit verify --checkpoint` reads.
#include <nlohmann/json.hpp>

#include "services/handlers/audit_handlers.h"
#include "services/household_service.h"

namespace lianban::services {

Handler MakeAuditCheckpointHandler(std::shared_ptr<AuditService> service) {
  return [service](const Request&, RequestContext& ctx) -> Response {
    auto who = ctx.RequireRole(domain::Action::kReadAudit);
    if (!who.ok()) return Response::Problem(who.error());
    auto c = service->LatestCheckpoint();
    if (!c.ok()) return Response::Problem(c.error());
    return Response::Json(200, {{"size", c->size},
                                {"root_hash", db::EncodeHex(c->root)},
                                {"head_hash", db::EncodeHex(c->head)},
                                {"created_at", FormatTimestamp(c->time)},
                                {"key_id", c->key_id},
                                {"algorithm", "Ed25519"},
                                {"public_key", db::FormatAuditPublicKey(service->public_key())},
                                {"signature", db::EncodeBase64(c->signature)},
                                {"note", db::FormatCheckpointNote(*c)}});
  };
}

}  // namespace lianban::services
