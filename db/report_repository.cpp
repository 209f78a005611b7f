#include "db/report_repository.h"

#include "db/audit_log.h"

#include "db/matter_sealed.h"

#include <map>
#include <optional>
#include <string_view>
#include <utility>

namespace lianban::db {
namespace {

// The matters the period can see: submitted in it, or decided (in part) in it.
#define LIANBAN_ACTIVE_MATTERS                                                              \
  "SELECT id FROM matters m WHERE m.submitted_at < ?2 AND (m.submitted_at >= ?1 OR EXISTS " \
  "(SELECT 1 FROM matter_decisions d WHERE d.matter_id = m.id AND d.decided_at >= ?1))"

constexpr std::string_view kSelectMatters =
    "SELECT m.id, m.household_id, COALESCE(h.street, ''), m.submitted_at, m.due_at, m.state "
    "FROM matters m LEFT JOIN households h ON h.id = m.household_id "
    "WHERE m.id IN (" LIANBAN_ACTIVE_MATTERS ") ORDER BY m.id";
constexpr std::string_view kSelectReportTasks =
    "SELECT matter_id, department, policy_ids, due_at, state FROM matter_tasks "
    "WHERE matter_id IN (" LIANBAN_ACTIVE_MATTERS ") ORDER BY matter_id, position";
constexpr std::string_view kSelectReportDecisions =
    "SELECT d.matter_id, d.policy_id, t.department, d.verdict, d.decided_at, t.due_at "
    "FROM matter_decisions d JOIN matter_tasks t "
    "ON t.matter_id = d.matter_id AND t.task_id = d.task_id "
    "WHERE d.matter_id IN (" LIANBAN_ACTIVE_MATTERS ") ORDER BY d.matter_id, d.decided_at";
constexpr std::string_view kSelectScreenings =
    "SELECT COALESCE(h.street, ''), s.created_at FROM household_screenings s "
    "JOIN households h ON h.id = s.household_id WHERE s.created_at >= ?1 AND s.created_at < ?2";
constexpr std::string_view kCountAdHocScreenings =
    "SELECT COUNT(*) FROM audit_log WHERE at >= ?1 AND at < ?2 AND action = ?3 AND outcome = 'ok'";

#undef LIANBAN_ACTIVE_MATTERS

std::vector<std::string> SplitPolicies(std::string_view csv) {
  std::vector<std::string> out;
  while (!csv.empty()) {
    auto comma = csv.find(',');
    out.emplace_back(csv.substr(0, comma));
    if (comma == std::string_view::npos) break;
    csv.remove_prefix(comma + 1);
  }
  return out;
}

// Runs `sql` with (start, end) bound and calls `row` for each result row.
template <typename Row>
Status ForEachRow(Database& db, std::string_view sql, std::int64_t start, std::int64_t end,
                  Row row) {
  auto st = db.Prepare(sql);
  if (!st.ok()) return st.error();
  st->Bind(1, start).Bind(2, end);
  for (;;) {
    auto has = st->Step();
    if (!has.ok()) return has.error();
    if (!*has) return OkStatus();
    row(*st);
  }
}

Result<std::int64_t> CountAdHocScreenings(Database& db, std::int64_t start, std::int64_t end) {
  auto st = db.Prepare(kCountAdHocScreenings);
  if (!st.ok()) return st.error();
  st->Bind(1, start).Bind(2, end).Bind(3, std::string_view(kAdHocScreeningAction));
  auto has = st->Step();
  if (!has.ok()) return has.error();
  return *has ? st->ColumnInt64(0) : 0;
}

}  // namespace

Result<domain::ReportHistory> ReportRepository::LoadHistory(std::int64_t start, std::int64_t end) {
  domain::ReportHistory h;
  std::map<std::int64_t, std::size_t> index;  // matter id -> position in h.matters
  // The count of ad hoc screenings reads the audit log: every recorded entry first.
  if (Status flushed = FlushAudit(db_); !flushed.ok()) return std::move(flushed).take_error();
  Status s = db_.WithReadTransaction([&]() -> Status {
    Status read = ForEachRow(db_, kSelectMatters, start, end, [&](const Statement& st) {
      const std::string state = st.ColumnText(5);
      index[st.ColumnInt64(0)] = h.matters.size();
      h.matters.push_back({st.ColumnInt64(0),
                           st.ColumnInt64(1),
                           st.ColumnText(2),
                           st.ColumnInt64(3),
                           st.ColumnInt64(4),
                           state == "decided" || state == "closed",
                           {},
                           {}});
    });
    if (!read.ok()) return read;
    read = ForEachRow(db_, kSelectReportTasks, start, end, [&](const Statement& st) {
      auto it = index.find(st.ColumnInt64(0));
      if (it == index.end()) return;
      h.matters[it->second].tasks.push_back({st.ColumnText(1), SplitPolicies(st.ColumnText(2)),
                                             st.ColumnInt64(3), st.ColumnText(4) == "decided"});
    });
    if (!read.ok()) return read;
    read = ForEachRow(db_, kSelectReportDecisions, start, end, [&](const Statement& st) {
      auto it = index.find(st.ColumnInt64(0));
      if (it == index.end()) return;
      domain::ReportDecision d;
      d.policy_id = st.ColumnText(1);
      d.department = st.ColumnText(2);
      d.approved = st.ColumnText(3) == "approved";
      d.decided_at = st.ColumnInt64(4);
      d.due_at = st.ColumnInt64(5);
      h.matters[it->second].decisions.push_back(std::move(d));
    });
    if (!read.ok()) return read;
    read = ForEachRow(db_, kSelectScreenings, start, end, [&](const Statement& st) {
      h.screenings.push_back({st.ColumnText(0), st.ColumnInt64(1)});
    });
    if (!read.ok()) return read;
    h.amounts_known = true;
    for (auto& [id, position] : index) {
      domain::ReportMatter& m = h.matters[position];
      bool any_approved = false;
      for (const auto& d : m.decisions) any_approved = any_approved || d.approved;
      if (!any_approved) continue;
      domain::workflow::Matter screened;
      if (Status opened = ReadScreened(db_, sealer_, id, screened); !opened.ok()) return opened;
      if (screened.screened.empty()) {
        h.amounts_known = false;
        continue;
      }
      for (auto& d : m.decisions) {
        if (!d.approved) continue;
        for (const auto& p : screened.screened) {
          if (p.policy_id != d.policy_id) continue;
          d.monthly_fen = p.amount.monthly_fen;
          d.once_fen = p.amount.once_fen;
          d.yearly_fen = p.amount.yearly_fen;
          d.beneficiaries = p.beneficiaries;
        }
      }
    }
    auto ad_hoc = CountAdHocScreenings(db_, start, end);
    if (!ad_hoc.ok()) return ad_hoc.error();
    h.unstored_screenings = *ad_hoc;
    return OkStatus();
  });
  if (!s.ok()) return s.error();
  return h;
}

}  // namespace lianban::db
