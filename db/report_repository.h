// Reads the history the consortium report is computed from (domain/report.h): matters active in a
// period with their tasks and per-policy decisions, the street of each matter's household, stored
// screenings, and the ad-hoc screenings recorded only in the audit log. Read-only, one snapshot.
#pragma once

#include <cstdint>

#include "db/database.h"
#include "domain/report.h"
#include "domain/result.h"

namespace lianban::db {

// The audit action of a screening that stores nothing (POST /v1/screenings).
inline constexpr char kAdHocScreeningAction[] = "screening.run";

class ReportRepository {
 public:
  explicit ReportRepository(Database& db) : db_(db) {}

  // Every matter submitted before `end` that was submitted at or after `start` or has a decision
  // at or after `start`; the stored screenings made in [start, end); and the count of successful
  // ad-hoc screenings in [start, end). Amounts and beneficiaries are left 0/empty: the store does
  // not yet link decisions to screening results (see docs/audit.md). Errors: database errors.
  Result<domain::ReportHistory> LoadHistory(std::int64_t start, std::int64_t end);

 private:
  Database& db_;
};

}  // namespace lianban::db
