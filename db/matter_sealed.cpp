#include "db/matter_sealed.h"

#include <charconv>
#include <vector>

namespace lianban::db {
namespace {

using domain::workflow::Matter;
using domain::workflow::ScreenedPolicy;

constexpr char kReasonsTable[] = "matter_reasons";
constexpr char kReasonColumn[] = "reason";
constexpr char kMattersTable[] = "matters";
constexpr char kScreenedColumn[] = "screened";

constexpr char kDeleteReasons[] = "DELETE FROM matter_reasons WHERE matter_id = ?1";
constexpr char kInsertReason[] =
    "INSERT INTO matter_reasons (matter_id, kind, ref, reason) VALUES (?1, ?2, ?3, x'')";
constexpr char kUpsertReason[] =
    "INSERT INTO matter_reasons (matter_id, kind, ref, reason) VALUES (?1, ?2, ?3, x'') "
    "ON CONFLICT (matter_id, kind, ref) DO NOTHING";
constexpr char kSelectReasonId[] =
    "SELECT id FROM matter_reasons WHERE matter_id = ?1 AND kind = ?2 AND ref = ?3";
constexpr char kUpdateReason[] = "UPDATE matter_reasons SET reason = ?2 WHERE id = ?1";
constexpr char kSelectReasons[] =
    "SELECT id, kind, ref, reason FROM matter_reasons WHERE matter_id = ?1";
constexpr char kClearDecisionReasons[] =
    "SELECT matter_id, policy_id, reason FROM matter_decisions WHERE reason <> ''";
constexpr char kBlankDecisionReason[] =
    "UPDATE matter_decisions SET reason = '' WHERE matter_id = ?1 AND policy_id = ?2";
constexpr char kClearInfoRequests[] =
    "SELECT matter_id, task_id, info_request FROM matter_tasks WHERE info_request <> ''";
constexpr char kBlankInfoRequest[] =
    "UPDATE matter_tasks SET info_request = '' WHERE matter_id = ?1 AND task_id = ?2";
constexpr char kUpdateScreened[] = "UPDATE matters SET screened = ?2 WHERE id = ?1";
constexpr char kSelectScreened[] = "SELECT screened FROM matters WHERE id = ?1";

Error Tampered(std::string what) {
  return Error::Make(ErrorCode::kInternal, "seal_tampered",
                     "a sealed " + what + " does not belong where it is stored");
}

std::string Prefix(std::string_view kind, std::string_view ref) {
  return std::string(kind) + ":" + std::string(ref) + "\n";
}

// Seals `text` for the reason row `id` of (kind, ref).
Status SealInto(Database& db, const Sealer& sealer, std::int64_t id, std::string_view kind,
                std::string_view ref, std::string_view text) {
  auto sealed = sealer.Seal(Prefix(kind, ref) + std::string(text),
                            SealContext{kReasonsTable, kReasonColumn, id});
  if (!sealed.ok()) return std::move(sealed).take_error();
  auto update = db.Prepare(kUpdateReason);
  if (!update.ok()) return std::move(update).take_error();
  return update->Bind(1, id).Bind(2, std::span<const std::uint8_t>(*sealed)).Run();
}

Status InsertReason(Database& db, const Sealer& sealer, std::int64_t matter_id,
                    std::string_view kind, std::string_view ref, std::string_view text) {
  auto insert = db.Prepare(kInsertReason);
  if (!insert.ok()) return std::move(insert).take_error();
  if (Status s = insert->Bind(1, matter_id).Bind(2, kind).Bind(3, ref).Run(); !s.ok()) return s;
  return SealInto(db, sealer, db.LastInsertRowId(), kind, ref, text);
}

// For rows written in clear: keeps an already sealed value (written by this version) if any.
Status UpsertReason(Database& db, const Sealer& sealer, std::int64_t matter_id,
                    std::string_view kind, std::string_view ref, std::string_view text) {
  auto insert = db.Prepare(kUpsertReason);
  if (!insert.ok()) return std::move(insert).take_error();
  if (Status s = insert->Bind(1, matter_id).Bind(2, kind).Bind(3, ref).Run(); !s.ok()) return s;
  if (db.Changes() == 0) return OkStatus();
  auto select = db.Prepare(kSelectReasonId);
  if (!select.ok()) return std::move(select).take_error();
  auto row = select->Bind(1, matter_id).Bind(2, kind).Bind(3, ref).Step();
  if (!row.ok()) return std::move(row).take_error();
  if (!*row) return Error::Make(ErrorCode::kInternal, "reason_missing", "a reason row vanished");
  const std::int64_t id = select->ColumnInt64(0);
  return SealInto(db, sealer, id, kind, ref, text);
}

struct ClearRow {
  std::int64_t matter_id = 0;
  std::string ref;
  std::string text;
};

Result<std::vector<ClearRow>> ReadClear(Database& db, const char* sql) {
  auto st = db.Prepare(sql);
  if (!st.ok()) return std::move(st).take_error();
  std::vector<ClearRow> rows;
  for (;;) {
    auto row = st->Step();
    if (!row.ok()) return std::move(row).take_error();
    if (!*row) return rows;
    rows.push_back({st->ColumnInt64(0), st->ColumnText(1), st->ColumnText(2)});
  }
}

Result<std::int64_t> SealClear(Database& db, const Sealer& sealer, const char* select,
                               const char* blank, std::string_view kind) {
  auto rows = ReadClear(db, select);
  if (!rows.ok()) return std::move(rows).take_error();
  for (const ClearRow& r : *rows) {
    if (Status s = UpsertReason(db, sealer, r.matter_id, kind, r.ref, r.text); !s.ok()) {
      return std::move(s).take_error();
    }
    auto update = db.Prepare(blank);
    if (!update.ok()) return std::move(update).take_error();
    if (Status s = update->Bind(1, r.matter_id).Bind(2, r.ref).Run(); !s.ok()) {
      return std::move(s).take_error();
    }
  }
  return static_cast<std::int64_t>(rows->size());
}

// policy \t status \t monthly \t once \t yearly \t b1,b2 \n
std::string Encode(const std::vector<ScreenedPolicy>& screened) {
  std::string out;
  for (const auto& s : screened) {
    out += s.policy_id + "\t" + s.status + "\t" + std::to_string(s.amount.monthly_fen) + "\t" +
           std::to_string(s.amount.once_fen) + "\t" + std::to_string(s.amount.yearly_fen) + "\t";
    for (std::size_t i = 0; i < s.beneficiaries.size(); ++i) {
      out += (i == 0 ? "" : ",") + std::to_string(s.beneficiaries[i]);
    }
    out += "\n";
  }
  return out;
}

std::vector<std::string_view> SplitOn(std::string_view text, char sep) {
  std::vector<std::string_view> out;
  for (;;) {
    const auto at = text.find(sep);
    out.push_back(text.substr(0, at));
    if (at == std::string_view::npos) return out;
    text.remove_prefix(at + 1);
  }
}

template <typename T>
bool ParseNumber(std::string_view text, T& out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

Result<std::vector<ScreenedPolicy>> Decode(std::string_view text) {
  std::vector<ScreenedPolicy> out;
  for (std::string_view line : SplitOn(text, '\n')) {
    if (line.empty()) continue;
    const auto f = SplitOn(line, '\t');
    ScreenedPolicy s;
    if (f.size() != 6 || !ParseNumber(f[2], s.amount.monthly_fen) ||
        !ParseNumber(f[3], s.amount.once_fen) || !ParseNumber(f[4], s.amount.yearly_fen)) {
      return Tampered("screening");
    }
    s.policy_id = std::string(f[0]);
    s.status = std::string(f[1]);
    if (!f[5].empty()) {
      for (std::string_view b : SplitOn(f[5], ',')) {
        int index = 0;
        if (!ParseNumber(b, index)) return Tampered("screening");
        s.beneficiaries.push_back(index);
      }
    }
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace

Status WriteSealedReasons(Database& db, const Sealer& sealer, std::int64_t id, const Matter& m) {
  auto del = db.Prepare(kDeleteReasons);
  if (!del.ok()) return std::move(del).take_error();
  if (Status s = del->Bind(1, id).Run(); !s.ok()) return s;
  for (const auto& t : m.tasks) {
    if (!t.info_request.empty()) {
      if (Status s = InsertReason(db, sealer, id, "info_request", t.id, t.info_request); !s.ok()) {
        return s;
      }
    }
    for (const auto& d : t.decisions) {
      if (Status s = InsertReason(db, sealer, id, "decision", d.policy_id, d.reason); !s.ok()) {
        return s;
      }
    }
  }
  return OkStatus();
}

Result<std::map<std::string, std::string>> ReadSealedReasons(Database& db, const Sealer& sealer,
                                                             std::int64_t id) {
  auto st = db.Prepare(kSelectReasons);
  if (!st.ok()) return std::move(st).take_error();
  st->Bind(1, id);
  std::map<std::string, std::string> out;
  for (;;) {
    auto row = st->Step();
    if (!row.ok()) return std::move(row).take_error();
    if (!*row) return out;
    const std::int64_t row_id = st->ColumnInt64(0);
    const std::string kind = st->ColumnText(1);
    const std::string ref = st->ColumnText(2);
    auto opened = sealer.Open(st->ColumnBlob(3), SealContext{kReasonsTable, kReasonColumn, row_id});
    if (!opened.ok()) return std::move(opened).take_error();
    const std::string prefix = Prefix(kind, ref);
    if (!opened->starts_with(prefix)) return Tampered("reason");
    out[kind + ":" + ref] = opened->substr(prefix.size());
  }
}

Result<std::int64_t> SealClearReasons(Database& db, const Sealer& sealer) {
  std::int64_t sealed = 0;
  Status s = db.WithWriteTransaction([&]() -> Status {
    auto decisions = SealClear(db, sealer, kClearDecisionReasons, kBlankDecisionReason, "decision");
    if (!decisions.ok()) return std::move(decisions).take_error();
    auto requests = SealClear(db, sealer, kClearInfoRequests, kBlankInfoRequest, "info_request");
    if (!requests.ok()) return std::move(requests).take_error();
    sealed = *decisions + *requests;
    return OkStatus();
  });
  if (!s.ok()) return std::move(s).take_error();
  return sealed;
}

Status WriteScreened(Database& db, const Sealer& sealer, std::int64_t id, const Matter& m) {
  if (m.screened.empty()) return OkStatus();
  auto sealed = sealer.Seal(Encode(m.screened), SealContext{kMattersTable, kScreenedColumn, id});
  if (!sealed.ok()) return std::move(sealed).take_error();
  auto update = db.Prepare(kUpdateScreened);
  if (!update.ok()) return std::move(update).take_error();
  return update->Bind(1, id).Bind(2, std::span<const std::uint8_t>(*sealed)).Run();
}

Status ReadScreened(Database& db, const Sealer& sealer, std::int64_t id, Matter& m) {
  auto st = db.Prepare(kSelectScreened);
  if (!st.ok()) return std::move(st).take_error();
  auto row = st->Bind(1, id).Step();
  if (!row.ok()) return std::move(row).take_error();
  if (!*row) return OkStatus();
  const std::vector<std::uint8_t> blob = st->ColumnBlob(0);
  if (blob.empty()) return OkStatus();
  auto opened = sealer.Open(blob, SealContext{kMattersTable, kScreenedColumn, id});
  if (!opened.ok()) return std::move(opened).take_error();
  auto decoded = Decode(*opened);
  if (!decoded.ok()) return std::move(decoded).take_error();
  m.screened = std::move(decoded).value();
  return OkStatus();
}

}  // namespace lianban::db
