// Stored screenings of registered households. A result reveals personal circumstances, so it is
// sealed (AD "household_screenings", "result", id); the household id and version screened, the
// as_of date and the catalog version stay clear so a result can be reproduced and compared.
// Every call appends its audit entry in the same write transaction.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "db/database.h"
#include "db/household_repository.h"
#include "db/sealer.h"
#include "domain/result.h"

namespace lianban::db {

struct StoredScreening {
  std::int64_t id = 0;
  std::int64_t household_id = 0;
  std::int64_t household_version = 0;
  std::string as_of;            // YYYY-MM-DD
  std::string catalog_version;
  std::int64_t created_at = 0;
  std::string result;           // the opened result document (opaque here)
};

class ScreeningRepository {
 public:
  ScreeningRepository(Database& db, const Sealer& sealer) : db_(db), sealer_(sealer) {}

  // Stores `screening` (its id and created_at are assigned). Errors: kNotFound
  // "household_not_found" when the household does not exist; kFailedPrecondition
  // "stale_version" when it no longer has `household_version` (it changed while screened).
  Result<StoredScreening> Add(StoredScreening screening, const Actor& actor, std::int64_t now);

  // The household's screenings, oldest first, opened. The caller checks scope first.
  Result<std::vector<StoredScreening>> List(std::int64_t household_id, const Actor& actor,
                                            std::int64_t now);

 private:
  Database& db_;
  const Sealer& sealer_;
};

}  // namespace lianban::db
