// The auditors' use cases over the audit trail: verify it, hand out the latest signed checkpoint
// (making one when the log grew), query entries, and report unusual access. Queries that show who
// touched what are themselves audited ("audit.query", "audit.anomalies"); verification and
// checkpoints reveal only counts and hashes and are not, so a checkpoint request does not by itself
// grow the log.
#pragma once

#include <cstdint>
#include <memory>

#include "db/audit_checkpoint.h"
#include "db/audit_checkpoint_verify.h"
#include "db/audit_query.h"
#include "db/database.h"
#include "db/keyring.h"
#include "domain/access_anomaly.h"
#include "domain/authz.h"
#include "domain/clock.h"
#include "domain/result.h"

namespace lianban::services {

struct AnomalyReport {
  std::int64_t from = 0;  // unix seconds, inclusive
  std::int64_t to = 0;    // exclusive
  domain::AccessRule rule;
  std::vector<domain::AccessAnomaly> anomalies;
};

class AuditService {
 public:
  // Derives the checkpoint signing key from `keyring`. Errors: those of AuditSigner::FromKeyring.
  static Result<std::unique_ptr<AuditService>> Make(db::Database& db, const db::Keyring& keyring,
                                                    const Clock& clock);

  // The chain and every stored checkpoint, checked with this server's public key.
  db::TrailVerdict Verify();
  // See db::MakeCheckpoint. Errors: 409 audit_trail_broken; database errors.
  Result<db::Checkpoint> LatestCheckpoint();
  // One page of entries; records the query. Errors: 422 invalid_limit; database errors.
  Result<db::AuditPage> Entries(const domain::Principal& who, const db::AuditFilter& filter);
  // Bursts of household reads in [from, to) breaking `rule`; records the query.
  Result<AnomalyReport> Anomalies(const domain::Principal& who, std::int64_t from, std::int64_t to,
                                  const domain::AccessRule& rule);

  const db::AuditPublicKey& public_key() const { return signer_.public_key(); }

 private:
  AuditService(db::Database& db, db::AuditSigner signer, const Clock& clock)
      : db_(db), signer_(std::move(signer)), clock_(clock) {}
  Status Record(const domain::Principal& who, std::string action, std::string object);

  db::Database& db_;
  db::AuditSigner signer_;
  const Clock& clock_;
};

}  // namespace lianban::services
