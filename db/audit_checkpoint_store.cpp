#include "db/audit_checkpoint_store.h"

#include <algorithm>
#include <string>
#include <utility>

#include "db/audit_checkpoint_verify.h"

namespace lianban::db {
namespace {

constexpr std::string_view kSelectCheckpoints =
    "SELECT size, head_hash, root_hash, created_at, key_id, signature "
    "FROM audit_checkpoints ORDER BY id";
constexpr std::string_view kSelectLatestCheckpoint =
    "SELECT size, head_hash, root_hash, created_at, key_id, signature "
    "FROM audit_checkpoints ORDER BY id DESC LIMIT 1";
constexpr std::string_view kInsertCheckpoint =
    "INSERT INTO audit_checkpoints (size, head_hash, root_hash, created_at, key_id, signature) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

template <std::size_t N>
bool CopyBlob(const std::vector<std::uint8_t>& blob, std::array<std::uint8_t, N>& out) {
  if (blob.size() != N) return false;
  std::copy(blob.begin(), blob.end(), out.begin());
  return true;
}

Result<Checkpoint> ReadRow(const Statement& st) {
  Checkpoint c;
  c.size = st.ColumnInt64(0);
  c.time = st.ColumnInt64(3);
  c.key_id = st.ColumnText(4);
  if (!CopyBlob(st.ColumnBlob(1), c.head) || !CopyBlob(st.ColumnBlob(2), c.root) ||
      !CopyBlob(st.ColumnBlob(5), c.signature)) {
    return Error::Make(ErrorCode::kInternal, "checkpoint_corrupt",
                       "a stored audit checkpoint has a field of the wrong length");
  }
  return c;
}

Result<std::vector<Checkpoint>> Query(Database& db, std::string_view sql) {
  auto st = db.Prepare(sql);
  if (!st.ok()) return Error(st.error());
  std::vector<Checkpoint> out;
  for (;;) {
    auto row = st->Step();
    if (!row.ok()) return Error(row.error());
    if (!*row) return out;
    auto c = ReadRow(*st);
    if (!c.ok()) return Error(c.error());
    out.push_back(std::move(*c));
  }
}

Error TrailBroken(const TrailVerdict& v) {
  std::string where =
      v.first_bad_seq ? " at entry " + std::to_string(*v.first_bad_seq) : std::string();
  return Error::Make(ErrorCode::kConflict, "audit_trail_broken",
                     "the audit trail does not verify (" + v.reason + where + "): " + v.detail);
}

}  // namespace

Result<std::vector<Checkpoint>> ListCheckpoints(Database& db) {
  return Query(db, kSelectCheckpoints);
}

Result<std::optional<Checkpoint>> LatestCheckpoint(Database& db) {
  auto rows = Query(db, kSelectLatestCheckpoint);
  if (!rows.ok()) return Error(rows.error());
  if (rows->empty()) return std::optional<Checkpoint>();
  return std::optional<Checkpoint>(std::move(rows->front()));
}

Status InsertCheckpoint(Database& db, const Checkpoint& c) {
  auto st = db.Prepare(kInsertCheckpoint);
  if (!st.ok()) return Error(st.error());
  st->Bind(1, c.size)
      .Bind(2, std::span<const std::uint8_t>(c.head))
      .Bind(3, std::span<const std::uint8_t>(c.root))
      .Bind(4, c.time)
      .Bind(5, std::string_view(c.key_id))
      .Bind(6, std::span<const std::uint8_t>(c.signature));
  return st->Run();
}

Result<Checkpoint> MakeCheckpoint(Database& db, const AuditSigner& signer, std::int64_t now) {
  // Held across verify, digest and insert so no entry of this process slips in between.
  auto lock = db.Lock();
  const TrailVerdict verdict = VerifyAuditTrail(db, signer.public_key(), {});
  if (!verdict.intact) return TrailBroken(verdict);
  auto latest = LatestCheckpoint(db);
  if (!latest.ok()) return Error(latest.error());
  if (latest->has_value() && (*latest)->size == verdict.entries) return std::move(**latest);
  auto digest = DigestAuditLog(db, {});
  if (!digest.ok()) return Error(digest.error());
  Checkpoint c = signer.Sign(digest->whole.size, digest->whole.head, digest->whole.root, now);
  if (auto s = InsertCheckpoint(db, c); !s.ok()) return Error(s.error());
  return c;
}

}  // namespace lianban::db
