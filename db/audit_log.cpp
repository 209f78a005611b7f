#include "db/audit_log.h"

#include <sodium.h>

#include <algorithm>
#include <string_view>

#include "db/audit_spool.h"
#include "db/secret_bytes.h"

namespace lianban::db {
namespace {

constexpr char kDomainTag[] = "lianban-audit-v1";
constexpr char kSelectHead[] = "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1";
constexpr char kInsert[] =
    "INSERT INTO audit_log (seq, at, actor, role, action, object, outcome, purpose, prev_hash, "
    "hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
constexpr char kSelectAfter[] =
    "SELECT seq, at, actor, role, action, object, outcome, purpose, prev_hash, hash "
    "FROM audit_log WHERE seq > ?1 ORDER BY seq LIMIT ?2";
constexpr int kVerifyBatch = 1000;

void AppendU64(crypto_generichash_state& state, std::uint64_t value) {
  std::uint8_t bytes[8];
  for (int i = 0; i < 8; ++i) bytes[i] = static_cast<std::uint8_t>(value >> (56 - 8 * i));
  crypto_generichash_update(&state, bytes, sizeof bytes);
}

// Each field is its 64-bit big-endian length followed by its bytes, so no two different entries
// encode alike.
void AppendField(crypto_generichash_state& state, std::string_view field) {
  AppendU64(state, field.size());
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(field.data()),
                            field.size());
}

AuditHash ToHash(const std::vector<std::uint8_t>& bytes) {
  AuditHash hash{};
  std::copy_n(bytes.begin(), std::min(bytes.size(), hash.size()), hash.begin());
  return hash;
}

StoredAuditEntry ReadRow(const Statement& stmt) {
  StoredAuditEntry row;
  row.seq = stmt.ColumnInt64(0);
  row.entry.at = stmt.ColumnInt64(1);
  row.entry.actor = stmt.ColumnText(2);
  row.entry.role = stmt.ColumnText(3);
  row.entry.action = stmt.ColumnText(4);
  row.entry.object = stmt.ColumnText(5);
  row.entry.outcome = stmt.ColumnText(6);
  row.entry.purpose = stmt.ColumnText(7);
  row.prev_hash = ToHash(stmt.ColumnBlob(8));
  row.hash = ToHash(stmt.ColumnBlob(9));
  return row;
}

bool HashColumnsWellFormed(const Statement& stmt) {
  return stmt.ColumnBlob(8).size() == kAuditHashSize && stmt.ColumnBlob(9).size() == kAuditHashSize;
}

// The chain's head (seq and hash of the newest entry); seq 0 and zeros when the log is empty.
Status ReadHead(Database& db, std::int64_t& seq, AuditHash& hash) {
  Result<Statement> head = db.Prepare(kSelectHead);
  if (!head.ok()) return std::move(head).take_error();
  Result<bool> has_head = head->Step();
  if (!has_head.ok()) return std::move(has_head).take_error();
  seq = 0;
  hash = AuditHash{};
  if (*has_head) {
    seq = head->ColumnInt64(0);
    hash = ToHash(head->ColumnBlob(1));
  }
  return OkStatus();
}

// Inserts the entry as seq, chained to prev (which becomes the entry's hash).
Status Insert(Database& db, std::int64_t seq, const AuditEntry& entry, AuditHash& prev) {
  AuditHash hash = AuditEntryHash(seq, entry, prev);
  Result<Statement> insert = db.Prepare(kInsert);
  if (!insert.ok()) return std::move(insert).take_error();
  insert->Bind(1, seq).Bind(2, entry.at).Bind(3, entry.actor).Bind(4, entry.role);
  insert->Bind(5, entry.action).Bind(6, entry.object).Bind(7, entry.outcome);
  insert->Bind(8, entry.purpose).Bind(9, std::span<const std::uint8_t>(prev));
  insert->Bind(10, std::span<const std::uint8_t>(hash));
  if (Status s = insert->Run(); !s.ok()) return s;
  prev = hash;
  return OkStatus();
}

Status AppendInTransaction(Database& db, const AuditEntry& entry, std::int64_t& seq) {
  AuditHash prev{};
  if (Status s = ReadHead(db, seq, prev); !s.ok()) return s;
  ++seq;
  return Insert(db, seq, entry, prev);
}

AuditVerifyResult Bad(AuditVerifyResult result, std::int64_t seq, std::string reason) {
  result.intact = false;
  result.first_bad_seq = seq;
  result.reason = std::move(reason);
  return result;
}

}  // namespace

AuditHash AuditEntryHash(std::int64_t seq, const AuditEntry& entry, const AuditHash& prev_hash) {
  (void)EnsureSodium();
  crypto_generichash_state state;
  crypto_generichash_init(&state, nullptr, 0, kAuditHashSize);
  AppendField(state, kDomainTag);
  AppendU64(state, static_cast<std::uint64_t>(seq));
  AppendU64(state, static_cast<std::uint64_t>(entry.at));
  for (std::string_view field :
       {std::string_view(entry.actor), std::string_view(entry.role), std::string_view(entry.action),
        std::string_view(entry.object), std::string_view(entry.outcome),
        std::string_view(entry.purpose)}) {
    AppendField(state, field);
  }
  crypto_generichash_update(&state, prev_hash.data(), prev_hash.size());
  AuditHash hash{};
  crypto_generichash_final(&state, hash.data(), hash.size());
  return hash;
}

Result<std::int64_t> AppendAudit(Database& db, const AuditEntry& entry) {
  std::int64_t seq = 0;
  // Alone (an audited read), the entry may share its transaction with other threads' entries.
  Status s = db.WithSharedWriteTransaction([&] { return AppendInTransaction(db, entry, seq); });
  if (!s.ok()) return std::move(s).take_error();
  return seq;
}

Status RecordAudit(Database& db, const AuditEntry& entry) {
  if (AuditSpool* spool = db.audit_spool(); spool != nullptr && !db.InTransaction()) {
    Status spooled = spool->Append(entry);
    if (spooled.ok() || spooled.error().reason != "audit_spool_encoding") return spooled;
  }
  Result<std::int64_t> seq = AppendAudit(db, entry);
  if (!seq.ok()) return std::move(seq).take_error();
  return OkStatus();
}

Status FlushAudit(Database& db) {
  AuditSpool* spool = db.audit_spool();
  return spool != nullptr ? spool->Flush() : OkStatus();
}

Status AppendAuditBatch(Database& db, const std::vector<AuditEntry>& entries) {
  std::int64_t seq = 0;
  AuditHash prev{};
  if (Status s = ReadHead(db, seq, prev); !s.ok()) return s;
  for (const AuditEntry& entry : entries) {
    if (Status s = Insert(db, ++seq, entry, prev); !s.ok()) return s;
  }
  return OkStatus();
}

AuditVerifyResult VerifyAudit(Database& db) {
  AuditVerifyResult result;
  if (!FlushAudit(db).ok()) return Bad(result, 1, "read_failed");
  AuditHash prev{};
  std::int64_t expected_seq = 1;
  Status read = db.WithReadTransaction([&]() -> Status {
    for (;;) {
      Result<std::vector<StoredAuditEntry>> batch = ListAudit(db, expected_seq - 1, kVerifyBatch);
      if (!batch.ok()) return std::move(batch).take_error();
      for (const StoredAuditEntry& row : *batch) {
        if (row.seq < expected_seq) {  // only possible before seq 1: an entry numbered <= 0
          result = Bad(result, row.seq, "unexpected_entry");
          return OkStatus();
        }
        if (row.seq != expected_seq) {
          result = Bad(result, expected_seq, "sequence_gap");
          return OkStatus();
        }
        if (row.prev_hash != prev) {
          result = Bad(result, row.seq, "prev_hash_mismatch");
          return OkStatus();
        }
        if (AuditEntryHash(row.seq, row.entry, row.prev_hash) != row.hash) {
          result = Bad(result, row.seq, "hash_mismatch");
          return OkStatus();
        }
        prev = row.hash;
        result.entries = row.seq;
        result.head = row.hash;
        ++expected_seq;
      }
      if (batch->size() < static_cast<std::size_t>(kVerifyBatch)) return OkStatus();
    }
  });
  if (!read.ok()) return Bad(result, expected_seq, "read_failed");
  return result;
}

Result<std::vector<StoredAuditEntry>> ListAudit(Database& db, std::int64_t after_seq, int limit) {
  Result<Statement> stmt = db.Prepare(kSelectAfter);
  if (!stmt.ok()) return std::move(stmt).take_error();
  stmt->Bind(1, after_seq).Bind(2, static_cast<std::int64_t>(limit));
  std::vector<StoredAuditEntry> rows;
  for (;;) {
    Result<bool> row = stmt->Step();
    if (!row.ok()) return std::move(row).take_error();
    if (!*row) return rows;
    StoredAuditEntry entry = ReadRow(*stmt);
    if (!HashColumnsWellFormed(*stmt)) entry.hash = AuditHash{};  // never matches a real hash
    rows.push_back(std::move(entry));
  }
}

}  // namespace lianban::db
