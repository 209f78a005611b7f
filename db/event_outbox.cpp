#include "db/event_outbox.h"

#include <charconv>
#include <optional>
#include <span>
#include <utility>
#include <vector>

namespace lianban::db {
namespace {

constexpr char kEventTable[] = "event_outbox";
constexpr char kDetailColumn[] = "detail_sealed";

// The cursor the next insert gets: AUTOINCREMENT never reuses a rowid, so it is one more than the
// largest ever used (sqlite_sequence) or present. Exact under the caller's write lock; the insert
// names it, so the detail can be sealed to it beforehand.
constexpr char kNextCursor[] =
    "SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'event_outbox'), 0), "
    "COALESCE((SELECT MAX(cursor) FROM event_outbox), 0)) + 1";

constexpr char kInsertEvent[] =
    "INSERT INTO event_outbox (cursor, type, matter_id, task_id, department, from_state, "
    "to_state, detail, at, detail_sealed) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, '', ?8, ?9)";

constexpr char kSelectAll[] =
    "SELECT cursor, type, matter_id, task_id, department, from_state, to_state, detail, at, "
    "detail_sealed FROM event_outbox WHERE cursor > ?1 ORDER BY cursor LIMIT ?2";

constexpr char kSelectDepartment[] =
    "SELECT e.cursor, e.type, e.matter_id, e.task_id, e.department, e.from_state, e.to_state, "
    "e.detail, e.at, e.detail_sealed FROM event_outbox e WHERE e.cursor > ?1 AND "
    "(e.department = ?3 OR "
    "(e.department = '' AND EXISTS (SELECT 1 FROM matter_tasks t WHERE t.matter_id = e.matter_id "
    "AND t.department = ?3))) ORDER BY e.cursor LIMIT ?2";

std::optional<std::int64_t> ParseId(const std::string& text) {
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v <= 0) return std::nullopt;
  return v;
}

constexpr char kSelectClearDetails[] =
    "SELECT cursor, detail FROM event_outbox WHERE detail <> '' AND detail_sealed IS NULL";
constexpr char kSealDetail[] =
    "UPDATE event_outbox SET detail_sealed = ?2, detail = '' WHERE cursor = ?1";

Result<OutboxEvent> RowToEvent(const Statement& st, const Sealer& sealer) {
  OutboxEvent out;
  out.cursor = st.ColumnInt64(0);
  auto& e = out.event;
  e.type = st.ColumnText(1);
  e.matter_id = std::to_string(st.ColumnInt64(2));
  e.task_id = st.ColumnText(3);
  e.department = st.ColumnText(4);
  e.from_state = st.ColumnText(5);
  e.to_state = st.ColumnText(6);
  e.detail = st.ColumnText(7);  // a clear detail of a row not yet sealed, else ""
  e.at = st.ColumnInt64(8);
  if (!st.ColumnIsNull(9)) {
    auto opened =
        sealer.Open(st.ColumnBlob(9), SealContext{kEventTable, kDetailColumn, out.cursor});
    if (!opened.ok()) return std::move(opened).take_error();
    e.detail = std::move(opened).value();
  }
  return out;
}

}  // namespace

Status AppendEvents(Database& db, const Sealer& sealer,
                    const std::vector<domain::workflow::WorkflowEvent>& events) {
  for (const auto& e : events) {
    const auto matter_id = ParseId(e.matter_id);
    if (!matter_id) {
      return Error::Make(ErrorCode::kInternal, "invalid_matter_id", "event without a matter id");
    }
    std::int64_t cursor = 0;
    {
      auto next = db.Prepare(kNextCursor);
      if (!next) return Error(next.error());
      auto row = next->Step();
      if (!row) return Error(row.error());
      cursor = next->ColumnInt64(0);
    }
    std::optional<std::vector<std::uint8_t>> sealed;
    if (!e.detail.empty()) {
      auto s = sealer.Seal(e.detail, SealContext{kEventTable, kDetailColumn, cursor});
      if (!s) return Error(s.error());
      sealed = std::move(s).value();
    }
    auto st = db.Prepare(kInsertEvent);
    if (!st) return Error(st.error());
    st->Bind(1, cursor).Bind(2, e.type).Bind(3, *matter_id).Bind(4, e.task_id);
    st->Bind(5, e.department).Bind(6, e.from_state).Bind(7, e.to_state).Bind(8, e.at);
    if (sealed) {
      st->Bind(9, std::span<const std::uint8_t>(*sealed));
    } else {
      st->BindNull(9);
    }
    if (auto s = st->Run(); !s) return s;
  }
  return OkStatus();
}

Result<EventPage> ReadEvents(Database& db, const Sealer& sealer, std::int64_t after, int limit,
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
    auto event = RowToEvent(*st, sealer);
    if (!event) return Error(event.error());
    page.events.push_back(std::move(event).value());
    page.next = page.events.back().cursor;
  }
  return page;
}

Result<std::int64_t> SealClearEventDetails(Database& db, const Sealer& sealer) {
  std::int64_t sealed = 0;
  Status s = db.WithWriteTransaction([&]() -> Status {
    std::vector<std::pair<std::int64_t, std::string>> clear;
    {
      auto st = db.Prepare(kSelectClearDetails);
      if (!st) return Error(st.error());
      for (;;) {
        auto row = st->Step();
        if (!row) return Error(row.error());
        if (!*row) break;
        clear.emplace_back(st->ColumnInt64(0), st->ColumnText(1));
      }
    }
    for (const auto& [cursor, detail] : clear) {
      auto box = sealer.Seal(detail, SealContext{kEventTable, kDetailColumn, cursor});
      if (!box) return Error(box.error());
      auto update = db.Prepare(kSealDetail);
      if (!update) return Error(update.error());
      update->Bind(1, cursor).Bind(2, std::span<const std::uint8_t>(*box));
      if (Status u = update->Run(); !u) return u;
      ++sealed;
    }
    return OkStatus();
  });
  if (!s) return Error(s.error());
  return sealed;
}

}  // namespace lianban::db
