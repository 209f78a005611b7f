#include "db/key_rotation.h"

#include "db/reseal.h"

namespace lianban::db {
namespace {

// One sealed column and the statements that walk and re-seal it; the row id is the rowid.
struct RotatedColumn {
  SealedColumn column;
  const char* select_headers;  // ids and key-id headers after ?1, ?2 rows
  const char* select_value;    // the sealed value of row ?1
  const char* update_value;    // sets the sealed value ?2 of row ?1
};

constexpr char kHouseholdHeaders[] =
    "SELECT id, substr(document, 1, 6) FROM households WHERE id > ?1 ORDER BY id LIMIT ?2";
constexpr char kHouseholdValue[] = "SELECT document FROM households WHERE id = ?1";
constexpr char kHouseholdUpdate[] = "UPDATE households SET document = ?2 WHERE id = ?1";
constexpr char kScreeningHeaders[] =
    "SELECT id, substr(result, 1, 6) FROM household_screenings WHERE id > ?1 ORDER BY id "
    "LIMIT ?2";
constexpr char kScreeningValue[] = "SELECT result FROM household_screenings WHERE id = ?1";
constexpr char kScreeningUpdate[] = "UPDATE household_screenings SET result = ?2 WHERE id = ?1";

constexpr char kScreenedHeaders[] =
    "SELECT id, substr(screened, 1, 6) FROM matters WHERE id > ?1 AND screened IS NOT NULL "
    "ORDER BY id LIMIT ?2";
constexpr char kScreenedValue[] = "SELECT screened FROM matters WHERE id = ?1";
constexpr char kScreenedUpdate[] = "UPDATE matters SET screened = ?2 WHERE id = ?1";
constexpr char kReasonHeaders[] =
    "SELECT id, substr(reason, 1, 6) FROM matter_reasons WHERE id > ?1 ORDER BY id LIMIT ?2";
constexpr char kReasonValue[] = "SELECT reason FROM matter_reasons WHERE id = ?1";
constexpr char kReasonUpdate[] = "UPDATE matter_reasons SET reason = ?2 WHERE id = ?1";
constexpr char kDocumentHeaders[] =
    "SELECT id, substr(content, 1, 6) FROM matter_documents WHERE id > ?1 ORDER BY id LIMIT ?2";
constexpr char kDocumentValue[] = "SELECT content FROM matter_documents WHERE id = ?1";
constexpr char kDocumentUpdate[] = "UPDATE matter_documents SET content = ?2 WHERE id = ?1";

constexpr char kEventHeaders[] =
    "SELECT cursor, substr(detail_sealed, 1, 6) FROM event_outbox WHERE cursor > ?1 AND "
    "detail_sealed IS NOT NULL ORDER BY cursor LIMIT ?2";
constexpr char kEventValue[] = "SELECT detail_sealed FROM event_outbox WHERE cursor = ?1";
constexpr char kEventUpdate[] = "UPDATE event_outbox SET detail_sealed = ?2 WHERE cursor = ?1";

const std::vector<RotatedColumn>& Columns() {
  static const std::vector<RotatedColumn> kColumns = {
      {{"households", "id", "document"}, kHouseholdHeaders, kHouseholdValue, kHouseholdUpdate},
      {{"household_screenings", "id", "result"}, kScreeningHeaders, kScreeningValue,
       kScreeningUpdate},
      {{"matters", "id", "screened"}, kScreenedHeaders, kScreenedValue, kScreenedUpdate},
      {{"matter_reasons", "id", "reason"}, kReasonHeaders, kReasonValue, kReasonUpdate},
      {{"matter_documents", "id", "content"}, kDocumentHeaders, kDocumentValue, kDocumentUpdate},
      {{"event_outbox", "cursor", "detail_sealed"}, kEventHeaders, kEventValue, kEventUpdate},
  };
  return kColumns;
}

std::string NameOf(const RotatedColumn& c) {
  return c.column.table + "." + c.column.sealed_column;
}

// Ids after `after` whose value names a key other than `active`, at most `limit` rows read.
Result<std::vector<std::int64_t>> StaleIds(Database& db, const RotatedColumn& c,
                                           std::int64_t after, int limit, std::uint32_t active,
                                           std::int64_t* last_id) {
  auto stmt = db.Prepare(c.select_headers);
  if (!stmt.ok()) return std::move(stmt).take_error();
  stmt->Bind(1, after).Bind(2, static_cast<std::int64_t>(limit));
  std::vector<std::int64_t> ids;
  *last_id = after;
  for (;;) {
    auto row = stmt->Step();
    if (!row.ok()) return std::move(row).take_error();
    if (!*row) return ids;
    *last_id = stmt->ColumnInt64(0);
    auto key_id = KeyIdOf(stmt->ColumnBlob(1));
    if (!key_id.ok() || *key_id != active) ids.push_back(*last_id);
  }
}

// Re-seals row `id` in its own transaction, unless a concurrent write already re-sealed it.
Result<bool> ResealRow(Database& db, const Sealer& sealer, const RotatedColumn& c,
                       std::int64_t id) {
  bool resealed = false;
  Status s = db.WithWriteTransaction([&]() -> Status {
    auto select = db.Prepare(c.select_value);
    if (!select.ok()) return std::move(select).take_error();
    auto row = select->Bind(1, id).Step();
    if (!row.ok()) return std::move(row).take_error();
    if (!*row) return OkStatus();  // deleted meanwhile
    const std::vector<std::uint8_t> sealed = select->ColumnBlob(0);
    auto key_id = KeyIdOf(sealed);
    if (key_id.ok() && *key_id == sealer.ActiveKeyId()) return OkStatus();
    const SealContext ctx{c.column.table, c.column.sealed_column, id};
    auto plaintext = sealer.Open(sealed, ctx);
    if (!plaintext.ok()) return std::move(plaintext).take_error();
    auto fresh = sealer.Seal(*plaintext, ctx);
    if (!fresh.ok()) return std::move(fresh).take_error();
    auto update = db.Prepare(c.update_value);
    if (!update.ok()) return std::move(update).take_error();
    if (Status u = update->Bind(1, id).Bind(2, std::span<const std::uint8_t>(*fresh)).Run();
        !u.ok()) {
      return u;
    }
    resealed = true;
    return OkStatus();
  });
  if (!s.ok()) return std::move(s).take_error();
  return resealed;
}

Result<std::int64_t> CountStale(Database& db, std::uint32_t active) {
  std::int64_t total = 0;
  for (const auto& c : Columns()) {
    auto counts = CountByKeyId(db, c.column);
    if (!counts.ok()) return std::move(counts).take_error();
    for (const auto& [key_id, n] : *counts) {
      if (key_id != active) total += n;
    }
  }
  return total;
}

}  // namespace

Result<std::uint32_t> StartRotation(DataKeys& keys, std::int64_t now) {
  return keys.AddDataKey(now);
}

Result<RotationOutcome> ResumeRotation(Database& db, const Sealer& sealer,
                                       const RotationProgressFn& progress,
                                       const std::atomic<bool>* stop) {
  RotationOutcome outcome;
  outcome.active_key = sealer.ActiveKeyId();
  auto total = CountStale(db, outcome.active_key);
  if (!total.ok()) return std::move(total).take_error();
  constexpr int kPage = 500;
  for (const auto& c : Columns()) {
    std::int64_t after = 0;
    for (bool more = true; more;) {
      std::int64_t last = 0;
      auto ids = StaleIds(db, c, after, kPage, outcome.active_key, &last);
      if (!ids.ok()) return std::move(ids).take_error();
      more = last != after;
      after = last;
      for (std::int64_t id : *ids) {
        if (stop != nullptr && stop->load()) {
          outcome.stopped = true;
          return outcome;
        }
        auto done = ResealRow(db, sealer, c, id);
        if (!done.ok()) return std::move(done).take_error();
        if (*done) ++outcome.resealed;
        if (progress) progress({NameOf(c), outcome.resealed, *total});
      }
    }
  }
  return outcome;
}

Result<std::map<std::string, std::map<std::uint32_t, std::int64_t>>> SealedValuesByKey(
    Database& db) {
  std::map<std::string, std::map<std::uint32_t, std::int64_t>> out;
  for (const auto& c : Columns()) {
    auto counts = CountByKeyId(db, c.column);
    if (!counts.ok()) return std::move(counts).take_error();
    out[NameOf(c)] = std::move(counts).value();
  }
  return out;
}

}  // namespace lianban::db
