#include "db/audit_query.h"

#include <algorithm>
#include <string_view>
#include <utility>
#include <variant>

namespace lianban::db {
namespace {

constexpr int kMaxLimit = 1000;

constexpr std::string_view kSelectEntries =
    "SELECT seq, at, actor, role, action, object, outcome, purpose, prev_hash, hash "
    "FROM audit_log WHERE seq > ?";
// Migration 009 indexes objects by block of 2^14 sequence numbers: the expression must be the one
// of the index, word for word, for SQLite to use it.
constexpr int kObjectBlockBits = 14;
constexpr std::string_view kAndObject = " AND (seq >> 14) = ? AND object = ?";
constexpr char kSelectLastSeq[] = "SELECT COALESCE(MAX(seq), 0) FROM audit_log";
constexpr std::string_view kAndActor = " AND actor = ?";
constexpr std::string_view kAndAction = " AND action = ?";
constexpr std::string_view kAndFrom = " AND at >= ?";
constexpr std::string_view kAndTo = " AND at < ?";
constexpr std::string_view kOrderLimit = " ORDER BY seq LIMIT ?";

constexpr std::string_view kSelectHouseholdReads =
    "SELECT actor, object, at FROM audit_log "
    "WHERE at >= ?1 AND at < ?2 AND outcome = 'ok' AND object LIKE 'household:%' "
    "AND action IN (?3, ?4) ORDER BY seq";

using Param = std::variant<std::int64_t, std::string>;

template <std::size_t N>
AuditHash Hash(const std::vector<std::uint8_t>& blob) {
  AuditHash h{};
  if (blob.size() == N) std::copy(blob.begin(), blob.end(), h.begin());
  return h;
}

StoredAuditEntry ReadEntry(const Statement& st) {
  StoredAuditEntry e;
  e.seq = st.ColumnInt64(0);
  e.entry = AuditEntry{st.ColumnInt64(1), st.ColumnText(2), st.ColumnText(3), st.ColumnText(4),
                       st.ColumnText(5),  st.ColumnText(6), st.ColumnText(7)};
  e.prev_hash = Hash<kAuditHashSize>(st.ColumnBlob(8));
  e.hash = Hash<kAuditHashSize>(st.ColumnBlob(9));
  return e;
}

// The statement text and its parameters, in order: only the filters that are set take part, so
// each query can use the indexes of migrations 007 and 009. With an object, the query covers the
// entries of one block (`block`), which the caller walks through.
std::pair<std::string, std::vector<Param>> BuildQuery(const AuditFilter& f, std::int64_t block,
                                                      std::int64_t limit) {
  std::string sql(kSelectEntries);
  std::vector<Param> params = {f.after_seq};
  auto add = [&](std::string_view clause, Param value) {
    sql += clause;
    params.push_back(std::move(value));
  };
  if (f.object) {
    add(kAndObject, block);
    params.push_back(*f.object);
  }
  if (f.actor) add(kAndActor, *f.actor);
  if (f.action) add(kAndAction, *f.action);
  if (f.from) add(kAndFrom, *f.from);
  if (f.to) add(kAndTo, *f.to);
  add(kOrderLimit, limit);
  return {std::move(sql), std::move(params)};
}

// Appends up to `limit` matching entries of `block` (ignored without an object filter).
Status AppendMatches(Database& db, const AuditFilter& filter, std::int64_t block,
                     std::int64_t limit, std::vector<StoredAuditEntry>& out) {
  auto [sql, params] = BuildQuery(filter, block, limit);
  auto st = db.Prepare(sql);
  if (!st.ok()) return std::move(st).take_error();
  for (std::size_t i = 0; i < params.size(); ++i) {
    std::visit([&](const auto& v) { st->Bind(static_cast<int>(i + 1), v); }, params[i]);
  }
  for (;;) {
    auto row = st->Step();
    if (!row.ok()) return std::move(row).take_error();
    if (!*row) return OkStatus();
    out.push_back(ReadEntry(*st));
  }
}

}  // namespace

Result<AuditPage> QueryAudit(Database& db, const AuditFilter& filter) {
  if (filter.limit < 1 || filter.limit > kMaxLimit) {
    return Error::Make(ErrorCode::kInvalidArgument, "invalid_limit",
                       "limit must be between 1 and 1000");
  }
  // One more than asked, to know whether another page follows.
  const std::int64_t wanted = static_cast<std::int64_t>(filter.limit) + 1;
  if (Status flushed = FlushAudit(db); !flushed.ok()) return std::move(flushed).take_error();
  AuditPage page;
  Status read = db.WithReadTransaction([&]() -> Status {
    if (!filter.object) return AppendMatches(db, filter, 0, wanted, page.entries);
    auto last = db.Prepare(kSelectLastSeq);
    if (!last.ok()) return std::move(last).take_error();
    auto has_row = last->Step();
    if (!has_row.ok()) return std::move(has_row).take_error();
    const std::int64_t last_block = last->ColumnInt64(0) >> kObjectBlockBits;
    for (std::int64_t block = std::max<std::int64_t>(filter.after_seq, 0) >> kObjectBlockBits;
         block <= last_block && static_cast<std::int64_t>(page.entries.size()) < wanted;
         ++block) {
      const std::int64_t room = wanted - static_cast<std::int64_t>(page.entries.size());
      if (Status s = AppendMatches(db, filter, block, room, page.entries); !s.ok()) return s;
    }
    return OkStatus();
  });
  if (!read.ok()) return std::move(read).take_error();
  if (page.entries.size() > static_cast<std::size_t>(filter.limit)) {
    page.entries.pop_back();
    page.next = page.entries.back().seq;
  }
  return page;
}

Result<std::vector<domain::AccessRead>> HouseholdReads(Database& db, std::int64_t from,
                                                       std::int64_t to) {
  if (Status flushed = FlushAudit(db); !flushed.ok()) return std::move(flushed).take_error();
  auto st = db.Prepare(kSelectHouseholdReads);
  if (!st.ok()) return Error(st.error());
  st->Bind(1, from).Bind(2, to);
  st->Bind(3, std::string_view(kHouseholdReadActions[0]))
      .Bind(4, std::string_view(kHouseholdReadActions[1]));
  std::vector<domain::AccessRead> reads;
  for (;;) {
    auto row = st->Step();
    if (!row.ok()) return Error(row.error());
    if (!*row) return reads;
    reads.push_back({st->ColumnText(0), st->ColumnText(1), st->ColumnInt64(2)});
  }
}

}  // namespace lianban::db
