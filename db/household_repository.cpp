#include "db/household_repository.h"

#include <algorithm>
#include <cctype>

#include "db/audit_log.h"
#include "domain/date.h"

namespace lianban::db {
namespace {

constexpr char kTable[] = "households";
constexpr char kDocumentColumn[] = "document";

constexpr char kInsertHousehold[] =
    "INSERT INTO households (version, created_at, updated_at, hukou, street, member_count, "
    "members_minor, members_adult, members_elderly, document) "
    "VALUES (1, ?1, ?1, 'urban', NULL, 1, 0, 0, 0, x'')";
constexpr char kUpdateDetails[] =
    "UPDATE households SET updated_at = ?2, hukou = ?3, street = ?4, member_count = ?5, "
    "members_minor = ?6, members_adult = ?7, members_elderly = ?8, document = ?9 WHERE id = ?1";
constexpr char kBumpVersion[] =
    "UPDATE households SET version = version + 1 WHERE id = ?1 AND version = ?2";
constexpr char kSelectHousehold[] =
    "SELECT id, version, created_at, updated_at, document FROM households WHERE id = ?1";
constexpr char kSelectVersion[] = "SELECT version FROM households WHERE id = ?1";
constexpr char kDeleteStatuses[] = "DELETE FROM household_statuses WHERE household_id = ?1";
constexpr char kInsertStatus[] =
    "INSERT INTO household_statuses (household_id, status) VALUES (?1, ?2)";
constexpr char kDeletePersons[] = "DELETE FROM household_persons WHERE household_id = ?1";
constexpr char kInsertPerson[] =
    "INSERT INTO household_persons (id_index, household_id) VALUES (?1, ?2)";
constexpr char kSelectPerson[] = "SELECT household_id FROM household_persons WHERE id_index = ?1";
constexpr char kSelectSummaries[] =
    "SELECT h.id, h.version, h.created_at, h.updated_at, h.hukou, h.street, h.member_count, "
    "h.members_minor, h.members_adult, h.members_elderly, "
    "(SELECT group_concat(status, ',') FROM (SELECT status FROM household_statuses s "
    "WHERE s.household_id = h.id ORDER BY status)) "
    "FROM households h WHERE h.id > ?1 AND (?2 IS NULL OR h.street = ?2) "
    "AND (?3 IS NULL OR EXISTS (SELECT 1 FROM household_statuses s "
    "WHERE s.household_id = h.id AND s.status = ?3)) "
    "ORDER BY h.id LIMIT ?4";
// A reviewer's department has a task on the household (the workflow's tables, migration 005).
constexpr char kDepartmentHasTask[] =
    "SELECT EXISTS (SELECT 1 FROM matters m JOIN matter_tasks t ON t.matter_id = m.id "
    "WHERE m.household_id = ?1 AND t.department = ?2)";

Error NotFound() {
  return Error::Make(ErrorCode::kNotFound, "household_not_found", "no such household");
}

struct AgeBands {
  std::int64_t minor = 0;
  std::int64_t adult = 0;
  std::int64_t elderly = 0;
};

int CompletedYears(const domain::Date& birth, const domain::Date& on) {
  int years = on.year() - birth.year();
  if (on.month() < birth.month() || (on.month() == birth.month() && on.day() < birth.day())) {
    --years;
  }
  return years;
}

AgeBands CountAgeBands(const domain::Household& h, std::int64_t now) {
  const domain::Date today = domain::Date::FromUnix(now);
  AgeBands bands;
  for (const auto& m : h.members) {
    const int age = CompletedYears(m.birth, today);
    if (age < 18) {
      ++bands.minor;
    } else if (age < 60) {
      ++bands.adult;
    } else {
      ++bands.elderly;
    }
  }
  return bands;
}

std::vector<std::string> SplitStatuses(const std::string& joined) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < joined.size()) {
    std::size_t comma = joined.find(',', start);
    if (comma == std::string::npos) comma = joined.size();
    out.push_back(joined.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

AuditEntry EntryOf(const Actor& actor, std::string_view action, std::string object,
                   std::string_view outcome, std::int64_t now) {
  return AuditEntry{now, actor.id, actor.role, std::string(action), std::move(object),
                    std::string(outcome), ""};
}

std::string HouseholdObject(std::int64_t id) { return "household:" + std::to_string(id); }

// Whether an error of a body is an outcome worth recording (not found, stale, duplicate) rather
// than a failure of the store itself.
bool IsOutcome(const Error& error) {
  return error.code != ErrorCode::kInternal && error.code != ErrorCode::kUnavailable;
}

// Runs `body` and its audit entry in one write transaction. An error of `body` that should still
// be recorded (not found, stale, duplicate) is audited in a transaction of its own with outcome
// `failed`, so a denied or refused attempt leaves a trace too.
Status AuditedWrite(Database& db, const Actor& actor, std::string_view action,
                    const std::function<Status(std::string& object)>& body, std::int64_t now) {
  std::string object;
  Status done = db.WithWriteTransaction([&]() -> Status {
    Status s = body(object);
    if (!s.ok()) return s;
    auto seq = AppendAudit(db, EntryOf(actor, action, object, "ok", now));
    if (!seq.ok()) return std::move(seq).take_error();
    return OkStatus();
  });
  if (done.ok() || !IsOutcome(done.error())) return done;
  auto seq = AppendAudit(db, EntryOf(actor, action, object, done.error().reason, now));
  if (!seq.ok()) return std::move(seq).take_error();
  return done;
}

// Runs `body` in a read transaction on `conn` (the writer `db` or a reader), then records its entry
// through `db` (RecordAudit: in the server, the audit spool), also for an outcome such as not
// found. The caller returns the data only once the entry is recorded.
Status AuditedRead(Database& db, Database& conn, const Actor& actor, std::string_view action,
                   const std::function<Status(std::string& object)>& body, std::int64_t now) {
  std::string object;
  Status done = conn.WithReadTransaction([&] { return body(object); });
  if (!done.ok() && !IsOutcome(done.error())) return done;
  const std::string outcome = done.ok() ? "ok" : done.error().reason;
  if (Status s = RecordAudit(db, EntryOf(actor, action, std::move(object), outcome, now));
      !s.ok()) {
    return s;
  }
  return done;
}

}  // namespace

std::string NormalizeIdNumber(std::string_view id_number) {
  while (!id_number.empty() && std::isspace(static_cast<unsigned char>(id_number.front()))) {
    id_number.remove_prefix(1);
  }
  while (!id_number.empty() && std::isspace(static_cast<unsigned char>(id_number.back()))) {
    id_number.remove_suffix(1);
  }
  std::string out(id_number);
  std::replace(out.begin(), out.end(), 'x', 'X');
  return out;
}

Result<std::vector<std::vector<std::uint8_t>>> HouseholdRepository::PersonIndexes(
    const domain::Household& h) const {
  std::vector<std::vector<std::uint8_t>> out;
  for (const auto& m : h.members) {
    auto digest = index_.Compute(kPersonIndexName, NormalizeIdNumber(m.id_number));
    if (!digest.ok()) return std::move(digest).take_error();
    out.push_back(std::move(digest).value());
  }
  return out;
}

Status HouseholdRepository::CheckNoDuplicates(
    const std::vector<std::vector<std::uint8_t>>& indexes, std::int64_t own_id) {
  Error error = Error::Make(ErrorCode::kAlreadyExists, "duplicate_person",
                            "a member is already registered in another household");
  for (std::size_t i = 0; i < indexes.size(); ++i) {
    auto stmt = db_.Prepare(kSelectPerson);
    if (!stmt.ok()) return std::move(stmt).take_error();
    stmt->Bind(1, std::span<const std::uint8_t>(indexes[i]));
    auto row = stmt->Step();
    if (!row.ok()) return std::move(row).take_error();
    if (*row && stmt->ColumnInt64(0) != own_id) {
      error.fields.push_back({"household.members[" + std::to_string(i) + "].id_number",
                              "duplicate_person", "already registered in another household"});
    }
  }
  if (error.fields.empty()) return OkStatus();
  return error;
}

Status HouseholdRepository::WriteDetails(std::int64_t id, const domain::Household& household,
                                         std::string_view document,
                                         const std::vector<std::vector<std::uint8_t>>& indexes,
                                         std::int64_t now) {
  auto sealed = sealer_.Seal(document, SealContext{kTable, kDocumentColumn, id});
  if (!sealed.ok()) return std::move(sealed).take_error();
  const AgeBands bands = CountAgeBands(household, now);
  auto update = db_.Prepare(kUpdateDetails);
  if (!update.ok()) return std::move(update).take_error();
  update->Bind(1, id).Bind(2, now)
      .Bind(3, domain::EnumName(domain::kHukouNames, household.hukou))
      .Bind(4, household.street)
      .Bind(5, static_cast<std::int64_t>(household.members.size()))
      .Bind(6, bands.minor).Bind(7, bands.adult).Bind(8, bands.elderly)
      .Bind(9, std::span<const std::uint8_t>(*sealed));
  if (Status s = update->Run(); !s.ok()) return s;

  for (const char* sql : {kDeleteStatuses, kDeletePersons}) {
    auto del = db_.Prepare(sql);
    if (!del.ok()) return std::move(del).take_error();
    if (Status s = del->Bind(1, id).Run(); !s.ok()) return s;
  }
  for (auto status : household.statuses) {
    auto ins = db_.Prepare(kInsertStatus);
    if (!ins.ok()) return std::move(ins).take_error();
    ins->Bind(1, id).Bind(2, domain::EnumName(domain::kHouseholdStatusNames, status));
    if (Status s = ins->Run(); !s.ok() && s.error().code != ErrorCode::kAlreadyExists) return s;
  }
  for (const auto& digest : indexes) {
    auto ins = db_.Prepare(kInsertPerson);
    if (!ins.ok()) return std::move(ins).take_error();
    if (Status s = ins->Bind(1, std::span<const std::uint8_t>(digest)).Bind(2, id).Run();
        !s.ok()) {
      return s;
    }
  }
  return OkStatus();
}

Result<StoredHousehold> HouseholdRepository::Create(const domain::Household& household,
                                                    std::string_view document, const Actor& actor,
                                                    std::int64_t now) {
  auto indexes = PersonIndexes(household);
  if (!indexes.ok()) return std::move(indexes).take_error();
  StoredHousehold out{0, 1, now, now, std::string(document)};
  Status s = AuditedWrite(db_, actor, "household.create", [&](std::string& object) -> Status {
    if (Status d = CheckNoDuplicates(*indexes, 0); !d.ok()) return d;
    auto insert = db_.Prepare(kInsertHousehold);
    if (!insert.ok()) return std::move(insert).take_error();
    if (Status r = insert->Bind(1, now).Run(); !r.ok()) return r;
    out.id = db_.LastInsertRowId();
    object = HouseholdObject(out.id);
    return WriteDetails(out.id, household, document, *indexes, now);
  }, now);
  if (!s.ok()) return std::move(s).take_error();
  return out;
}

Result<StoredHousehold> HouseholdRepository::Get(std::int64_t id, const Scope& scope,
                                                 const Actor& actor, std::int64_t now) {
  StoredHousehold out;
  Database& conn = Reader();
  Status s = AuditedRead(db_, conn, actor, "household.read", [&](std::string& object) -> Status {
    object = HouseholdObject(id);
    auto visible = InScopeOn(conn, id, scope);
    if (!visible.ok()) return std::move(visible).take_error();
    if (!*visible) return NotFound();
    auto stmt = conn.Prepare(kSelectHousehold);
    if (!stmt.ok()) return std::move(stmt).take_error();
    auto row = stmt->Bind(1, id).Step();
    if (!row.ok()) return std::move(row).take_error();
    if (!*row) return NotFound();
    out = {stmt->ColumnInt64(0), stmt->ColumnInt64(1), stmt->ColumnInt64(2),
           stmt->ColumnInt64(3), ""};
    auto opened = sealer_.Open(stmt->ColumnBlob(4), SealContext{kTable, kDocumentColumn, id});
    if (!opened.ok()) return std::move(opened).take_error();
    out.document = std::move(opened).value();
    return OkStatus();
  }, now);
  if (!s.ok()) return std::move(s).take_error();
  return out;
}

Result<StoredHousehold> HouseholdRepository::Replace(std::int64_t id,
                                                     std::int64_t expected_version,
                                                     const domain::Household& household,
                                                     std::string_view document,
                                                     const Actor& actor, std::int64_t now) {
  auto indexes = PersonIndexes(household);
  if (!indexes.ok()) return std::move(indexes).take_error();
  StoredHousehold out{id, expected_version + 1, 0, now, std::string(document)};
  Status s = AuditedWrite(db_, actor, "household.update", [&](std::string& object) -> Status {
    object = HouseholdObject(id);
    auto bump = db_.Prepare(kBumpVersion);
    if (!bump.ok()) return std::move(bump).take_error();
    if (Status r = bump->Bind(1, id).Bind(2, expected_version).Run(); !r.ok()) return r;
    if (db_.Changes() == 0) {
      auto current = db_.Prepare(kSelectVersion);
      if (!current.ok()) return std::move(current).take_error();
      auto row = current->Bind(1, id).Step();
      if (!row.ok()) return std::move(row).take_error();
      if (!*row) return NotFound();
      return Error::Make(ErrorCode::kFailedPrecondition, "stale_version",
                         "the household was changed since you read it; read it again");
    }
    if (Status d = CheckNoDuplicates(*indexes, id); !d.ok()) return d;
    if (Status w = WriteDetails(id, household, document, *indexes, now); !w.ok()) return w;
    auto stmt = db_.Prepare(kSelectHousehold);
    if (!stmt.ok()) return std::move(stmt).take_error();
    auto row = stmt->Bind(1, id).Step();
    if (!row.ok()) return std::move(row).take_error();
    out.created_at = stmt->ColumnInt64(2);
    return OkStatus();
  }, now);
  if (!s.ok()) return std::move(s).take_error();
  return out;
}

Result<std::int64_t> HouseholdRepository::FindPerson(std::string_view id_number,
                                                     const Actor& actor, std::int64_t now) {
  auto digest = index_.Compute(kPersonIndexName, NormalizeIdNumber(id_number));
  if (!digest.ok()) return std::move(digest).take_error();
  std::int64_t household_id = 0;
  Database& conn = Reader();
  Status s = AuditedRead(db_, conn, actor, "person.find", [&](std::string& object) -> Status {
    auto stmt = conn.Prepare(kSelectPerson);
    if (!stmt.ok()) return std::move(stmt).take_error();
    auto row = stmt->Bind(1, std::span<const std::uint8_t>(*digest)).Step();
    if (!row.ok()) return std::move(row).take_error();
    if (!*row) {
      return Error::Make(ErrorCode::kNotFound, "person_not_found",
                         "no household holds a person with this ID number");
    }
    household_id = stmt->ColumnInt64(0);
    object = HouseholdObject(household_id);
    return OkStatus();
  }, now);
  if (!s.ok()) return std::move(s).take_error();
  return household_id;
}

Result<std::vector<HouseholdSummary>> HouseholdRepository::List(const HouseholdFilter& filter,
                                                                const Scope& scope,
                                                                const Actor& actor,
                                                                std::int64_t now) {
  std::vector<HouseholdSummary> out;
  Database& conn = Reader();
  Status s = AuditedRead(db_, conn, actor, "household.list", [&](std::string&) -> Status {
    std::int64_t after = filter.after_id;
    const int limit = std::clamp(filter.limit, 1, 500);
    // Scoped callers may see fewer rows than a page holds: keep reading until the page is full.
    while (static_cast<int>(out.size()) < limit) {
      auto stmt = conn.Prepare(kSelectSummaries);
      if (!stmt.ok()) return std::move(stmt).take_error();
      stmt->Bind(1, after).Bind(2, filter.street).Bind(3, filter.status).Bind(4, std::int64_t{limit});
      int rows = 0;
      while (true) {
        auto row = stmt->Step();
        if (!row.ok()) return std::move(row).take_error();
        if (!*row) break;
        ++rows;
        HouseholdSummary h{stmt->ColumnInt64(0), stmt->ColumnInt64(1), stmt->ColumnInt64(2),
                           stmt->ColumnInt64(3), stmt->ColumnText(4), stmt->ColumnOptionalText(5),
                           stmt->ColumnInt64(6), stmt->ColumnInt64(7), stmt->ColumnInt64(8),
                           stmt->ColumnInt64(9), SplitStatuses(stmt->ColumnText(10))};
        after = h.id;
        auto visible = InScopeOn(conn, h.id, scope);
        if (!visible.ok()) return std::move(visible).take_error();
        if (*visible && static_cast<int>(out.size()) < limit) out.push_back(std::move(h));
      }
      if (rows < limit) break;
    }
    return OkStatus();
  }, now);
  if (!s.ok()) return std::move(s).take_error();
  return out;
}

Result<bool> HouseholdRepository::InScope(std::int64_t id, const Scope& scope) {
  return InScopeOn(db_, id, scope);
}

Database& HouseholdRepository::Reader() {
  if (readers_.empty()) return db_;
  return *readers_[next_reader_.fetch_add(1, std::memory_order_relaxed) % readers_.size()];
}

Result<bool> HouseholdRepository::InScopeOn(Database& conn, std::int64_t id, const Scope& scope) {
  if (!scope.department) return true;
  if (scope.department->empty()) return false;
  auto stmt = conn.Prepare(kDepartmentHasTask);
  if (!stmt.ok()) return std::move(stmt).take_error();
  auto row = stmt->Bind(1, id).Bind(2, std::string_view(*scope.department)).Step();
  if (!row.ok()) return std::move(row).take_error();
  return *row && stmt->ColumnInt64(0) == 1;
}

}  // namespace lianban::db
