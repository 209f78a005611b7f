// Reads the history the consortium report is computed from (domain/report.h): matters active in a
// period with their tasks and per-policy decisions, the street of each matter's household, stored
// screenings, and the ad-hoc screenings recorded only in the audit log. Read-only, one snapshot.
#pragma once

#include <cstdint>

#include "db/database.h"
#include "db/sealer.h"
#include "domain/report.h"
#include "domain/result.h"

namespace lianban::db {

// The audit action of a screening that stores nothing (POST /v1/screenings).
inline constexpr char kAdHocScreeningAction[] = "screening.run";

class ReportRepository {
 public:
  // `sealer` opens the screening facts of each matter (matters.screened). Both must outlive it.
  ReportRepository(Database& db, const Sealer& sealer) : db_(db), sealer_(sealer) {}

  // Every matter submitted before `end` that was submitted at or after `start` or has a decision
  // at or after `start`; the stored screenings made in [start, end); and the count of successful
  // ad-hoc screenings in [start, end). An approval carries the amounts and beneficiaries that the
  // matter's screening found for its policy; `amounts_known` is false when an approval's matter
  // rests on no screening (written before migration 008). Errors: database errors; kInternal
  // "seal_tampered" when screening facts do not open.
  Result<domain::ReportHistory> LoadHistory(std::int64_t start, std::int64_t end);

 private:
  Database& db_;
  const Sealer& sealer_;
};

}  // namespace lianban::db
