#include "db/event_outbox.h"

#include <charconv>

namespace lianban::db {
namespace {

constexpr char kInsertEvent[] =
    "INSERT INTO event_outbox (type, matter_id, task_id, department, from_state, to_state, "
    "detail, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";

constexpr char kSelectAll[] =
    "SELECT cursor, type, matter_id, task_id, department, from_state, to_state, detail, at "
    "FROM event_outbox WHERE cursor > ?1 ORDER BY cursor LIMIT ?2";

constexpr char kSelectDepartment[] =
    "SELECT e.cursor, e.type, e.matter_id, e.task_id, e.department, e.from_state, e.to_state, "
    "e.detail, e.at FROM event_outbox e WHERE e.cursor > ?1 AND (e.department = ?3 OR "
    "(e.department = '' AND EXISTS (SELECT 1 FROM matter_tasks t WHERE t.matter_id = e.matter_id "
    "AND t.department = ?3))) ORDER BY e.cursor LIMIT ?2";

std::optional<std::int64_t> ParseId(const std::string& text) {
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v <= 0) return std::nullopt;
  return v;
}

OutboxEvent RowToEvent(const Statement& st) {
  OutboxEvent out;
  out.cursor = st.ColumnInt64(0);
  auto& e = out.event;
  e.type = st.ColumnText(1);
  e.matter_id = std::to_string(st.ColumnInt64(2));
  e.task_id = st.ColumnText(3);
  e.department = st.ColumnText(4);
  e.from_state = st.ColumnText(5);
  e.to_state = st.ColumnText(6);
  e.detail = st.ColumnText(7);
  e.at = st.ColumnInt64(8);
  return out;
}

}  // namespace

Status AppendEvents(Database& db, const std::vector<domain::workflow::WorkflowEvent>& events) {
  for (const auto& e : events) {
    const auto matter_id = ParseId(e.matter_id);
    if (!matter_id) {
      return Error::Make(ErrorCode::kInternal, "invalid_matter_id", "event without a matter id");
    }
    auto st = db.Prepare(kInsertEvent);
    if (!st) return Error(st.error());
    st->Bind(1, e.type).Bind(2, *matter_id).Bind(3, e.task_id).Bind(4, e.department);
    st->Bind(5, e.from_state).Bind(6, e.to_state).Bind(7, e.detail).Bind(8, e.at);
    if (auto s = st->Run(); !s) return s;
  }
  return OkStatus();
}

Result<EventPage> ReadEvents(Database& db, std::int64_t after, int limit,
                             const std::optional<std::string>& department) {
  if (limit < 1 || limit > 1000) {
    return Error::Make(ErrorCode::kInvalidArgument, "invalid_limit", "limit is 1 to 1000");
  }
  if (after < 0) {
    return Error::Make(ErrorCode::kInvalidArgument, "invalid_cursor", "a cursor is >= 0");
  }
  auto st = db.Prepare(department ? kSelectDepartment : kSelectAll);
  if (!st) return Error(st.error());
  st->Bind(1, after).Bind(2, static_cast<std::int64_t>(limit));
  if (department) st->Bind(3, *department);
  EventPage page;
  page.next = after;
  while (true) {
    auto row = st->Step();
    if (!row) return Error(row.error());
    if (!*row) break;
    page.events.push_back(RowToEvent(*st));
    page.next = page.events.back().cursor;
  }
  return page;
}

}  // namespace lianban::db
