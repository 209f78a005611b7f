#include "db/matter_repository.h"

#include <charconv>
#include <map>

#include "db/audit_log.h"
#include "db/event_outbox.h"
#include "db/matter_sealed.h"

namespace lianban::db {
namespace {

using domain::Date;
using domain::workflow::Matter;
using domain::workflow::MissingMaterial;
using domain::workflow::PolicyDecision;
using domain::workflow::Task;
using domain::workflow::Verdict;
using domain::workflow::WorkflowEvent;

constexpr char kInsertMatter[] =
    "INSERT INTO matters (household_id, screening_id, version, state, submitted_at, due_at, "
    "updated_at) VALUES (?1, ?2, 1, ?3, ?4, ?5, ?6)";
constexpr char kUpdateMatter[] =
    "UPDATE matters SET version = version + 1, state = ?3, due_at = ?4, updated_at = ?5 "
    "WHERE id = ?1 AND version = ?2";
constexpr char kSelectMatterExists[] = "SELECT 1 FROM matters WHERE id = ?1";
constexpr char kSelectMatter[] =
    "SELECT household_id, screening_id, version, state, submitted_at, due_at FROM matters "
    "WHERE id = ?1";
constexpr char kInsertPolicy[] =
    "INSERT INTO matter_policies (matter_id, position, policy_id) VALUES (?1, ?2, ?3)";
constexpr char kSelectPolicies[] =
    "SELECT policy_id FROM matter_policies WHERE matter_id = ?1 ORDER BY position";
constexpr char kDeleteTasks[] = "DELETE FROM matter_tasks WHERE matter_id = ?1";
constexpr char kInsertTask[] =
    "INSERT INTO matter_tasks (matter_id, task_id, department, position, policy_ids, state, "
    "time_limit_days, due_at, info_request) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
constexpr char kSelectTasks[] =
    "SELECT task_id, department, policy_ids, state, time_limit_days, due_at, info_request "
    "FROM matter_tasks WHERE matter_id = ?1 ORDER BY position";
constexpr char kDeleteDecisions[] = "DELETE FROM matter_decisions WHERE matter_id = ?1";
constexpr char kInsertDecision[] =
    "INSERT INTO matter_decisions (matter_id, task_id, policy_id, verdict, reason, decided_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
constexpr char kSelectDecisions[] =
    "SELECT policy_id, verdict, reason, decided_at FROM matter_decisions WHERE matter_id = ?1 "
    "AND task_id = ?2";
constexpr char kDeleteMissing[] = "DELETE FROM matter_missing_materials WHERE matter_id = ?1";
constexpr char kInsertMissing[] =
    "INSERT INTO matter_missing_materials (matter_id, position, name, supply_by, supplied_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5)";
constexpr char kSelectMissing[] =
    "SELECT name, supply_by, supplied_at FROM matter_missing_materials WHERE matter_id = ?1 "
    "ORDER BY position";
constexpr char kSelectOpenIds[] =
    "SELECT id FROM matters WHERE state IN ('submitted', 'in_review', 'awaiting_info') "
    "ORDER BY id";
constexpr char kHouseholdExists[] = "SELECT 1 FROM households WHERE id = ?1";
constexpr char kDepartmentOnHousehold[] =
    "SELECT 1 FROM matter_tasks t JOIN matters m ON m.id = t.matter_id "
    "WHERE m.household_id = ?1 AND t.department = ?2 LIMIT 1";

std::optional<std::int64_t> ParseId(std::string_view text) {
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v <= 0) return std::nullopt;
  return v;
}

Error MatterNotFound() {
  return Error::Make(ErrorCode::kNotFound, "matter_not_found", "no matter has this id");
}

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ",") + s;
  return out;
}

std::vector<std::string> Split(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size() && !text.empty()) {
    const std::size_t comma = text.find(',', start);
    out.push_back(text.substr(start, comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

Status Run(Database& db, const char* sql, const std::function<void(Statement&)>& bind) {
  auto st = db.Prepare(sql);
  if (!st) return Error(st.error());
  bind(*st);
  return st->Run();
}

Status InsertTask(Database& db, std::int64_t id, const Task& t, std::int64_t position) {
  if (auto s =
          Run(db, kInsertTask,
              [&](Statement& st) {
                st.Bind(1, id).Bind(2, t.id).Bind(3, t.department).Bind(4, position);
                st.Bind(5, Join(t.policy_ids)).Bind(6, std::string(TaskStateName(t.state)));
                st.Bind(7, static_cast<std::int64_t>(t.time_limit_working_days)).Bind(8, t.due_at);
                st.Bind(9, "");  // sealed in matter_reasons
              });
      !s) {
    return s;
  }
  for (const auto& d : t.decisions) {
    if (auto s = Run(db, kInsertDecision,
                     [&](Statement& st) {
                       st.Bind(1, id).Bind(2, t.id).Bind(3, d.policy_id);
                       st.Bind(4, std::string(VerdictName(d.verdict)))
                           .Bind(5, "")  // sealed in matter_reasons
                           .Bind(6, d.decided_at);
                     });
        !s) {
      return s;
    }
  }
  return OkStatus();
}

// Rewrites the rows that change with the matter's state: tasks, decisions, their sealed
// reasons, missing materials.
Status WriteChildren(Database& db, const Sealer& sealer, std::int64_t id, const Matter& m) {
  for (const char* sql : {kDeleteDecisions, kDeleteTasks, kDeleteMissing}) {
    if (auto s = Run(db, sql, [&](Statement& st) { st.Bind(1, id); }); !s) return s;
  }
  for (std::size_t i = 0; i < m.tasks.size(); ++i) {
    if (auto s = InsertTask(db, id, m.tasks[i], static_cast<std::int64_t>(i)); !s) return s;
  }
  if (auto s = WriteSealedReasons(db, sealer, id, m); !s) return s;
  for (std::size_t i = 0; i < m.missing_materials.size(); ++i) {
    const MissingMaterial& mm = m.missing_materials[i];
    if (auto s = Run(db, kInsertMissing,
                     [&](Statement& st) {
                       st.Bind(1, id).Bind(2, static_cast<std::int64_t>(i)).Bind(3, mm.name);
                       st.Bind(4, mm.supply_by.ToString()).Bind(5, mm.supplied_at);
                     });
        !s) {
      return s;
    }
  }
  return OkStatus();
}

Status Audit(Database& db, const Actor& actor, std::string_view action, std::int64_t id,
             std::int64_t now) {
  AuditEntry entry{now,  actor.id, actor.role, std::string(action), "matter:" + std::to_string(id),
                   "ok", ""};
  auto seq = AppendAudit(db, entry);
  if (!seq) return Error(seq.error());
  return OkStatus();
}

Status LoadList(Database& db, const char* sql, std::int64_t id,
                const std::function<void(const Statement&)>& each) {
  auto st = db.Prepare(sql);
  if (!st) return Error(st.error());
  st->Bind(1, id);
  while (true) {
    auto row = st->Step();
    if (!row) return Error(row.error());
    if (!*row) return OkStatus();
    each(*st);
  }
}

using Reasons = std::map<std::string, std::string>;

// A sealed reason, or the clear text of a row written before migration 008.
std::string ReasonOr(const Reasons& reasons, const std::string& key, std::string clear) {
  auto it = reasons.find(key);
  return it == reasons.end() ? clear : it->second;
}

Status LoadDecisions(Database& db, std::int64_t id, const Reasons& reasons, Task& t) {
  std::vector<PolicyDecision> found;
  auto st = db.Prepare(kSelectDecisions);
  if (!st) return Error(st.error());
  st->Bind(1, id).Bind(2, t.id);
  while (true) {
    auto row = st->Step();
    if (!row) return Error(row.error());
    if (!*row) break;
    const std::string policy = st->ColumnText(0);
    found.push_back({policy,
                     st->ColumnText(1) == "approved" ? Verdict::kApproved : Verdict::kRejected,
                     ReasonOr(reasons, "decision:" + policy, st->ColumnText(2)),
                     st->ColumnInt64(3)});
  }
  // Keep the task's policy order.
  for (const auto& p : t.policy_ids) {
    for (auto& d : found) {
      if (d.policy_id == p) t.decisions.push_back(std::move(d));
    }
  }
  return OkStatus();
}

Status LoadTasks(Database& db, const Sealer& sealer, std::int64_t id, Matter& m) {
  auto reasons = ReadSealedReasons(db, sealer, id);
  if (!reasons) return Error(reasons.error());
  auto st = db.Prepare(kSelectTasks);
  if (!st) return Error(st.error());
  st->Bind(1, id);
  while (true) {
    auto row = st->Step();
    if (!row) return Error(row.error());
    if (!*row) break;
    Task t;
    t.id = st->ColumnText(0);
    t.department = st->ColumnText(1);
    t.policy_ids = Split(st->ColumnText(2));
    t.state = domain::workflow::ParseTaskState(st->ColumnText(3))
                  .value_or(domain::workflow::TaskState::kPending);
    t.time_limit_working_days = static_cast<int>(st->ColumnInt64(4));
    t.due_at = st->ColumnInt64(5);
    t.info_request = ReasonOr(*reasons, "info_request:" + t.id, st->ColumnText(6));
    m.tasks.push_back(std::move(t));
  }
  for (auto& t : m.tasks) {
    if (auto s = LoadDecisions(db, id, *reasons, t); !s) return s;
  }
  return OkStatus();
}

Result<Matter> Load(Database& db, const Sealer& sealer, std::int64_t id) {
  Matter m;
  {
    auto st = db.Prepare(kSelectMatter);
    if (!st) return Error(st.error());
    st->Bind(1, id);
    auto row = st->Step();
    if (!row) return Error(row.error());
    if (!*row) return MatterNotFound();
    m.id = std::to_string(id);
    m.household_id = std::to_string(st->ColumnInt64(0));
    m.screening_id = st->ColumnText(1);
    m.version = st->ColumnInt64(2);
    m.state = domain::workflow::ParseMatterState(st->ColumnText(3))
                  .value_or(domain::workflow::MatterState::kSubmitted);
    m.submitted_at = st->ColumnInt64(4);
    m.due_at = st->ColumnInt64(5);
  }
  if (auto s = LoadList(db, kSelectPolicies, id,
                        [&](const Statement& st) { m.policy_ids.push_back(st.ColumnText(0)); });
      !s) {
    return Error(s.error());
  }
  if (auto s = LoadTasks(db, sealer, id, m); !s) return Error(s.error());
  if (auto s = ReadScreened(db, sealer, id, m); !s) return Error(s.error());
  if (auto s = LoadList(db, kSelectMissing, id,
                        [&](const Statement& st) {
                          m.missing_materials.push_back(
                              {st.ColumnText(0), Date::Parse(st.ColumnText(1)).value_or(Date()),
                               st.ColumnOptionalInt64(2)});
                        });
      !s) {
    return Error(s.error());
  }
  return m;
}

Status InsertMatter(Database& db, const Sealer& sealer, Matter& m, std::int64_t household_id,
                    std::int64_t now) {
  {
    auto st = db.Prepare(kInsertMatter);
    if (!st) return Error(st.error());
    st->Bind(1, household_id).Bind(2, m.screening_id);
    st->Bind(3, std::string(MatterStateName(m.state))).Bind(4, m.submitted_at);
    st->Bind(5, m.due_at).Bind(6, now);
    if (auto s = st->Run(); !s) return s;
    m.id = std::to_string(db.LastInsertRowId());
  }
  const std::int64_t id = *ParseId(m.id);
  for (std::size_t i = 0; i < m.policy_ids.size(); ++i) {
    if (auto s =
            Run(db, kInsertPolicy,
                [&](Statement& st) {
                  st.Bind(1, id).Bind(2, static_cast<std::int64_t>(i)).Bind(3, m.policy_ids[i]);
                });
        !s) {
      return s;
    }
  }
  if (auto s = WriteScreened(db, sealer, id, m); !s) return s;
  return WriteChildren(db, sealer, id, m);
}

}  // namespace

Result<Matter> MatterRepository::Create(Matter matter, std::vector<WorkflowEvent> events,
                                        const Actor& actor, std::int64_t now) {
  const auto household_id = ParseId(matter.household_id);
  if (!household_id) {
    return Error::Make(ErrorCode::kInvalidArgument, "invalid_household_id",
                       "household_id is a positive integer");
  }
  Status s = db_.WithWriteTransaction([&]() -> Status {
    if (auto w = InsertMatter(db_, sealer_, matter, *household_id, now); !w) return w;
    for (auto& e : events) e.matter_id = matter.id;
    if (auto w = AppendEvents(db_, sealer_, events); !w) return w;
    return Audit(db_, actor, "matter.create", *ParseId(matter.id), now);
  });
  if (!s) return Error(s.error());
  matter.version = 1;
  return matter;
}

Result<Matter> MatterRepository::Get(std::string_view id) {
  const auto numeric = ParseId(id);
  if (!numeric) return MatterNotFound();
  Result<Matter> out = MatterNotFound();
  Status s = db_.WithReadTransaction([&]() -> Status {
    out = Load(db_, sealer_, *numeric);
    return OkStatus();
  });
  if (!s) return Error(s.error());
  return out;
}

Result<Matter> MatterRepository::Update(Matter matter, const std::vector<WorkflowEvent>& events,
                                        const Actor& actor, std::string_view action,
                                        std::int64_t now) {
  const auto id = ParseId(matter.id);
  if (!id) return MatterNotFound();
  Status s = db_.WithWriteTransaction([&]() -> Status {
    auto st = db_.Prepare(kUpdateMatter);
    if (!st) return Error(st.error());
    st->Bind(1, *id).Bind(2, matter.version).Bind(3, std::string(MatterStateName(matter.state)));
    st->Bind(4, matter.due_at).Bind(5, now);
    if (auto w = st->Run(); !w) return w;
    if (db_.Changes() == 0) {
      auto exists = db_.Prepare(kSelectMatterExists);
      if (!exists) return Error(exists.error());
      exists->Bind(1, *id);
      auto row = exists->Step();
      if (!row) return Error(row.error());
      if (!*row) return MatterNotFound();
      return Error::Make(ErrorCode::kConflict, "concurrent_update",
                         "the matter was changed by someone else; reload and retry");
    }
    if (auto w = WriteChildren(db_, sealer_, *id, matter); !w) return w;
    if (auto w = AppendEvents(db_, sealer_, events); !w) return w;
    return Audit(db_, actor, action, *id, now);
  });
  if (!s) return Error(s.error());
  matter.version += 1;
  return matter;
}

Result<std::vector<Matter>> MatterRepository::ListOpen() {
  std::vector<Matter> out;
  Status s = db_.WithReadTransaction([&]() -> Status {
    std::vector<std::int64_t> ids;
    auto listed = db_.Prepare(kSelectOpenIds);
    if (!listed) return Error(listed.error());
    while (true) {
      auto row = listed->Step();
      if (!row) return Error(row.error());
      if (!*row) break;
      ids.push_back(listed->ColumnInt64(0));
    }
    for (std::int64_t id : ids) {
      auto m = Load(db_, sealer_, id);
      if (!m) return Error(m.error());
      out.push_back(std::move(*m));
    }
    return OkStatus();
  });
  if (!s) return Error(s.error());
  return out;
}

Result<std::int64_t> MatterRepository::SealClearReasons() {
  auto reasons = db::SealClearReasons(db_, sealer_);
  if (!reasons) return Error(reasons.error());
  auto details = SealClearEventDetails(db_, sealer_);
  if (!details) return Error(details.error());
  return *reasons + *details;
}

Result<EventPage> MatterRepository::ReadEvents(std::int64_t after, int limit,
                                               const std::optional<std::string>& department) {
  return db::ReadEvents(db_, sealer_, after, limit, department);
}

Result<bool> MatterRepository::DepartmentHasTaskOnHousehold(std::int64_t household_id,
                                                            std::string_view department) {
  auto st = db_.Prepare(kDepartmentOnHousehold);
  if (!st) return Error(st.error());
  st->Bind(1, household_id).Bind(2, department);
  auto row = st->Step();
  if (!row) return Error(row.error());
  return *row;
}

Result<bool> MatterRepository::HouseholdExists(std::int64_t household_id) {
  auto st = db_.Prepare(kHouseholdExists);
  if (!st) return Error(st.error());
  st->Bind(1, household_id);
  auto row = st->Step();
  if (!row) return Error(row.error());
  return *row;
}

}  // namespace lianban::db
