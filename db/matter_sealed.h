// The sealed parts of a stored matter (migration 008): decision reasons and information requests
// (table matter_reasons, one sealed value per reason) and the screening facts the matter rests on
// (matters.screened). Internal to db/matter_repository.cpp; every function runs inside the
// caller's transaction.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "db/database.h"
#include "db/sealer.h"
#include "domain/result.h"
#include "domain/workflow/matter.h"

namespace lianban::db {

// Replaces the matter's sealed reasons with those of `m` (its decisions' reasons and its tasks'
// outstanding information requests).
Status WriteSealedReasons(Database& db, const Sealer& sealer, std::int64_t id,
                          const domain::workflow::Matter& m);

// The matter's reasons, opened, keyed "decision:<policy id>" or "info_request:<task id>".
// Errors: kInternal "seal_tampered" (also when a value names another policy or task).
Result<std::map<std::string, std::string>> ReadSealedReasons(Database& db, const Sealer& sealer,
                                                             std::int64_t id);

// Seals every reason still held in clear by rows written before migration 008 and blanks the
// clear copy. Returns how many were sealed.
Result<std::int64_t> SealClearReasons(Database& db, const Sealer& sealer);

// Stores / loads Matter::screened in matters.screened (NULL when empty).
Status WriteScreened(Database& db, const Sealer& sealer, std::int64_t id,
                     const domain::workflow::Matter& m);
Status ReadScreened(Database& db, const Sealer& sealer, std::int64_t id,
                    domain::workflow::Matter& m);

}  // namespace lianban::db
