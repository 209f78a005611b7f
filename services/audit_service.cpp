#include "services/audit_service.h"

#include <utility>

#include "db/audit_checkpoint_store.h"
#include "db/audit_log.h"
#include "services/household_service.h"

namespace lianban::services {

Result<std::unique_ptr<AuditService>> AuditService::Make(db::Database& db,
                                                         const db::Keyring& keyring,
                                                         const Clock& clock) {
  auto signer = db::AuditSigner::FromKeyring(keyring);
  if (!signer.ok()) return signer.error();
  return std::unique_ptr<AuditService>(new AuditService(db, std::move(*signer), clock));
}

db::TrailVerdict AuditService::Verify() { return db::VerifyAuditTrail(db_, public_key(), {}); }

Result<db::Checkpoint> AuditService::LatestCheckpoint() {
  return db::MakeCheckpoint(db_, signer_, clock_.NowUnix());
}

Result<db::AuditPage> AuditService::Entries(const domain::Principal& who,
                                            const db::AuditFilter& filter) {
  auto page = db::QueryAudit(db_, filter);
  if (!page.ok()) return page;
  if (Status s = Record(who, "audit.query", filter.object.value_or("")); !s.ok()) return s.error();
  return page;
}

Result<AnomalyReport> AuditService::Anomalies(const domain::Principal& who, std::int64_t from,
                                              std::int64_t to, const domain::AccessRule& rule) {
  auto reads = db::HouseholdReads(db_, from, to);
  if (!reads.ok()) return reads.error();
  if (Status s = Record(who, "audit.anomalies", ""); !s.ok()) return s.error();
  return AnomalyReport{from, to, rule, domain::FindAccessAnomalies(std::move(*reads), rule)};
}

Status AuditService::Record(const domain::Principal& who, std::string action, std::string object) {
  const db::Actor actor = ActorOf(who);
  auto seq =
      db::AppendAudit(db_, db::AuditEntry{clock_.NowUnix(), actor.id, actor.role, std::move(action),
                                          std::move(object), "ok", "audit"});
  if (!seq.ok()) return seq.error();
  return OkStatus();
}

}  // namespace lianban::services
