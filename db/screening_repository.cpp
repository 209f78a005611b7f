#include "db/screening_repository.h"

#include "db/audit_log.h"

namespace lianban::db {
namespace {

constexpr char kScreeningTable[] = "household_screenings";
constexpr char kResultColumn[] = "result";

constexpr char kSelectHouseholdVersion[] = "SELECT version FROM households WHERE id = ?1";
constexpr char kInsertScreening[] =
    "INSERT INTO household_screenings (household_id, household_version, as_of, catalog_version, "
    "created_at, result) VALUES (?1, ?2, ?3, ?4, ?5, x'')";
constexpr char kUpdateResult[] = "UPDATE household_screenings SET result = ?2 WHERE id = ?1";
constexpr char kSelectHouseholdScreenings[] =
    "SELECT id, household_id, household_version, as_of, catalog_version, created_at, result "
    "FROM household_screenings WHERE household_id = ?1 ORDER BY id";

Status AuditScreening(Database& db, const Actor& actor, std::string_view action,
                      std::int64_t household, std::int64_t now) {
  auto seq = AppendAudit(db, AuditEntry{now, actor.id, actor.role, std::string(action),
                                        "household:" + std::to_string(household), "ok", ""});
  if (!seq.ok()) return std::move(seq).take_error();
  return OkStatus();
}

Status CheckVersion(Database& db, std::int64_t household_id, std::int64_t version) {
  auto stmt = db.Prepare(kSelectHouseholdVersion);
  if (!stmt.ok()) return std::move(stmt).take_error();
  auto row = stmt->Bind(1, household_id).Step();
  if (!row.ok()) return std::move(row).take_error();
  if (!*row) {
    return Error::Make(ErrorCode::kNotFound, "household_not_found", "no such household");
  }
  if (stmt->ColumnInt64(0) != version) {
    return Error::Make(ErrorCode::kFailedPrecondition, "stale_version",
                       "the household changed while it was screened; screen again");
  }
  return OkStatus();
}

}  // namespace

Result<StoredScreening> ScreeningRepository::Add(StoredScreening s, const Actor& actor,
                                                 std::int64_t now) {
  s.created_at = now;
  Status done = db_.WithWriteTransaction([&]() -> Status {
    if (Status v = CheckVersion(db_, s.household_id, s.household_version); !v.ok()) return v;
    auto insert = db_.Prepare(kInsertScreening);
    if (!insert.ok()) return std::move(insert).take_error();
    insert->Bind(1, s.household_id).Bind(2, s.household_version).Bind(3, s.as_of)
        .Bind(4, s.catalog_version).Bind(5, now);
    if (Status r = insert->Run(); !r.ok()) return r;
    s.id = db_.LastInsertRowId();
    auto sealed = sealer_.Seal(s.result, SealContext{kScreeningTable, kResultColumn, s.id});
    if (!sealed.ok()) return std::move(sealed).take_error();
    auto update = db_.Prepare(kUpdateResult);
    if (!update.ok()) return std::move(update).take_error();
    if (Status u = update->Bind(1, s.id).Bind(2, std::span<const std::uint8_t>(*sealed)).Run();
        !u.ok()) {
      return u;
    }
    return AuditScreening(db_, actor, "household.screen", s.household_id, now);
  });
  if (!done.ok()) return std::move(done).take_error();
  return s;
}

Result<std::vector<StoredScreening>> ScreeningRepository::List(std::int64_t household_id,
                                                               const Actor& actor,
                                                               std::int64_t now) {
  std::vector<StoredScreening> out;
  Status done = db_.WithWriteTransaction([&]() -> Status {
    auto stmt = db_.Prepare(kSelectHouseholdScreenings);
    if (!stmt.ok()) return std::move(stmt).take_error();
    stmt->Bind(1, household_id);
    for (;;) {
      auto row = stmt->Step();
      if (!row.ok()) return std::move(row).take_error();
      if (!*row) break;
      StoredScreening s{stmt->ColumnInt64(0), stmt->ColumnInt64(1), stmt->ColumnInt64(2),
                        stmt->ColumnText(3),  stmt->ColumnText(4),  stmt->ColumnInt64(5), ""};
      auto opened =
          sealer_.Open(stmt->ColumnBlob(6), SealContext{kScreeningTable, kResultColumn, s.id});
      if (!opened.ok()) return std::move(opened).take_error();
      s.result = std::move(opened).value();
      out.push_back(std::move(s));
    }
    return AuditScreening(db_, actor, "household.screenings.read", household_id, now);
  });
  if (!done.ok()) return std::move(done).take_error();
  return out;
}

}  // namespace lianban::db
