#include "db/reseal.h"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace lianban::db {
namespace {

struct SealedRow {
  std::int64_t id = 0;
  std::vector<std::uint8_t> sealed;
};

bool IsIdentifier(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

Status CheckIdentifiers(const SealedColumn& column) {
  if (IsIdentifier(column.table) && IsIdentifier(column.id_column) &&
      IsIdentifier(column.sealed_column)) {
    return OkStatus();
  }
  return Error::Make(ErrorCode::kInvalidArgument, "sql_identifier",
                     "table and column names must be lower-case SQL identifiers");
}

// Identifiers are checked above; values are always bound.
std::string SelectPageSql(const SealedColumn& c) {
  return "SELECT " + c.id_column + ", " + c.sealed_column + " FROM " + c.table + " WHERE " +
         c.id_column + " > ?1 AND " + c.sealed_column + " IS NOT NULL ORDER BY " + c.id_column +
         " LIMIT ?2";
}

std::string UpdateSql(const SealedColumn& c) {
  return "UPDATE " + c.table + " SET " + c.sealed_column + " = ?1 WHERE " + c.id_column + " = ?2";
}

Result<std::vector<SealedRow>> ReadPage(Database& db, const SealedColumn& column,
                                        std::int64_t after_id, int limit) {
  Result<Statement> stmt = db.Prepare(SelectPageSql(column));
  if (!stmt.ok()) return std::move(stmt).take_error();
  stmt->Bind(1, after_id).Bind(2, static_cast<std::int64_t>(limit));
  std::vector<SealedRow> rows;
  for (;;) {
    Result<bool> row = stmt->Step();
    if (!row.ok()) return std::move(row).take_error();
    if (!*row) return rows;
    rows.push_back(SealedRow{stmt->ColumnInt64(0), stmt->ColumnBlob(1)});
  }
}

Status ResealRow(Database& db, const Sealer& sealer, const SealedColumn& column,
                 const SealedRow& row) {
  SealContext ctx{column.table, column.sealed_column, row.id};
  Result<std::string> plaintext = sealer.Open(row.sealed, ctx);
  if (!plaintext.ok()) {
    Error error = std::move(plaintext).take_error();
    error.message +=
        " (" + column.table + "." + column.sealed_column + " row " + std::to_string(row.id) + ")";
    return error;
  }
  Result<std::vector<std::uint8_t>> resealed = sealer.Seal(*plaintext, ctx);
  if (!resealed.ok()) return std::move(resealed).take_error();
  Result<Statement> update = db.Prepare(UpdateSql(column));
  if (!update.ok()) return std::move(update).take_error();
  update->Bind(1, std::span<const std::uint8_t>(*resealed)).Bind(2, row.id);
  return update->Run();
}

}  // namespace

Result<std::int64_t> ResealColumn(Database& db, const Sealer& sealer, const SealedColumn& column,
                                  int batch) {
  if (Status s = CheckIdentifiers(column); !s.ok()) return std::move(s).take_error();
  const std::uint32_t active = sealer.ActiveKeyId();
  const int page_size = std::max(batch, 1);
  std::int64_t resealed = 0;
  std::int64_t after_id = INT64_MIN;
  for (bool more = true; more;) {
    Status page = db.WithWriteTransaction([&]() -> Status {
      Result<std::vector<SealedRow>> rows = ReadPage(db, column, after_id, page_size);
      if (!rows.ok()) return std::move(rows).take_error();
      more = static_cast<int>(rows->size()) >= page_size;
      for (const SealedRow& row : *rows) {
        Result<std::uint32_t> key_id = KeyIdOf(row.sealed);
        if (!key_id.ok() || *key_id != active) {
          if (Status s = ResealRow(db, sealer, column, row); !s.ok()) return s;
          ++resealed;
        }
        after_id = row.id;
      }
      return OkStatus();
    });
    if (!page.ok()) return std::move(page).take_error();
  }
  return resealed;
}

Result<std::map<std::uint32_t, std::int64_t>> CountByKeyId(Database& db,
                                                           const SealedColumn& column) {
  if (Status s = CheckIdentifiers(column); !s.ok()) return std::move(s).take_error();
  std::map<std::uint32_t, std::int64_t> counts;
  std::int64_t after_id = INT64_MIN;
  constexpr int kPage = 1000;
  for (;;) {
    Result<std::vector<SealedRow>> rows = ReadPage(db, column, after_id, kPage);
    if (!rows.ok()) return std::move(rows).take_error();
    for (const SealedRow& row : *rows) {
      Result<std::uint32_t> key_id = KeyIdOf(row.sealed);
      ++counts[key_id.ok() ? *key_id : 0];
      after_id = row.id;
    }
    if (rows->size() < static_cast<std::size_t>(kPage)) return counts;
  }
}

}  // namespace lianban::db
