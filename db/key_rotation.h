// Data-key rotation for every sealed column: households.document, household_screenings.result,
// matters.screened, matter_reasons.reason and matter_documents.content. StartRotation adds a new data key (DataKeys::AddDataKey), which
// every later write seals with; ResumeRotation re-seals each value still under an older key, one
// row per write transaction, so it can be stopped (or the process killed) at any moment and run
// again, and every row stays readable throughout: an old key is never removed (docs/registry.md).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "db/data_keys.h"
#include "db/database.h"
#include "db/sealer.h"
#include "domain/result.h"

namespace lianban::db {

struct RotationProgress {
  std::string column;       // "households.document"
  std::int64_t done = 0;    // values re-sealed so far in this run (all columns)
  std::int64_t total = 0;   // values under an older key when the run started (all columns)
};

struct RotationOutcome {
  std::uint32_t active_key = 0;
  std::int64_t resealed = 0;
  bool stopped = false;  // `stop` was set before every value was re-sealed
};

using RotationProgressFn = std::function<void(const RotationProgress&)>;

// Adds a new data key and makes it active; returns its id. Errors: those of AddDataKey.
Result<std::uint32_t> StartRotation(DataKeys& keys, std::int64_t now);

// Re-seals, under the active key, every registry value sealed with another key, one row per write
// transaction. Calls `progress` after each row; returns early (outcome.stopped) once `stop` is
// set. Rows written concurrently with the active key need nothing. Errors: "seal_tampered" or
// "seal_unknown_key" for a value that does not open (rows before it stay re-sealed); database
// errors.
Result<RotationOutcome> ResumeRotation(Database& db, const Sealer& sealer,
                                       const RotationProgressFn& progress = {},
                                       const std::atomic<bool>* stop = nullptr);

// How many registry values each key id seals, per column ("households.document" -> {1: 300}).
Result<std::map<std::string, std::map<std::uint32_t, std::int64_t>>> SealedValuesByKey(
    Database& db);

}  // namespace lianban::db
