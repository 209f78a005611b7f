// Read-only queries over the audit log for auditors: entries filtered by object, actor, action and
// time with cursor pagination, and the household reads the access-anomaly report scans. Nothing
// here (nor anywhere) edits or deletes an entry.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/audit_log.h"
#include "db/database.h"
#include "domain/access_anomaly.h"
#include "domain/result.h"

namespace lianban::db {

struct AuditFilter {
  std::optional<std::string> object;  // exact, e.g. "household:12"
  std::optional<std::string> actor;   // exact, e.g. "user:7"
  std::optional<std::string> action;  // exact, e.g. "household.read"
  std::optional<std::int64_t> from;   // at >= from (unix seconds)
  std::optional<std::int64_t> to;     // at < to
  std::int64_t after_seq = 0;         // the cursor: entries with a larger seq
  int limit = 100;                    // 1..1000
};

struct AuditPage {
  std::vector<StoredAuditEntry> entries;  // ascending seq
  std::optional<std::int64_t> next;       // the cursor of the next page; nullopt on the last
};

// One page of matching entries. Errors: kInvalidArgument "invalid_limit" outside 1..1000;
// database errors.
Result<AuditPage> QueryAudit(Database& db, const AuditFilter& filter);

// The actions that count as reading a household's personal data.
inline constexpr const char* kHouseholdReadActions[] = {"household.read", "person.find"};

// Successful reads of households with from <= at < to, as input for FindAccessAnomalies.
Result<std::vector<domain::AccessRead>> HouseholdReads(Database& db, std::int64_t from,
                                                       std::int64_t to);

}  // namespace lianban::db
