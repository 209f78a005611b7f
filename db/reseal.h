// Data-key rotation, second half: after DataKeys::AddDataKey makes a new key active, ResealColumn
// re-seals the values of one sealed column that still name an older key, so old keys can later be
// retired. Each value is opened with its own key and context and sealed again with the active key
// under the same (table, column, row id) context.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "db/database.h"
#include "db/sealer.h"
#include "domain/result.h"

namespace lianban::db {

// A sealed column: `sealed_column` of `table`, sealed with SealContext{table, sealed_column, id}
// where id is the row's `id_column`. Names are SQL identifiers ([a-z0-9_], from code constants).
struct SealedColumn {
  std::string table;
  std::string id_column;
  std::string sealed_column;
};

// Re-seals every non-NULL value of the column whose key id is not the active one, `batch` rows per
// write transaction. Returns how many values were re-sealed. Stops at the first value that does
// not open (batches committed before it stay re-sealed; running again resumes).
// Errors: kInvalidArgument "sql_identifier"; "seal_tampered" / "seal_unknown_key" naming the row;
// database errors.
Result<std::int64_t> ResealColumn(Database& db, const Sealer& sealer, const SealedColumn& column,
                                  int batch = 500);

// How many non-NULL values of the column each key id sealed (for `keys status` and for knowing
// when an old key is no longer used). Values too short to carry a header count under key id 0.
Result<std::map<std::uint32_t, std::int64_t>> CountByKeyId(Database& db,
                                                           const SealedColumn& column);

}  // namespace lianban::db
