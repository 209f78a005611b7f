#include "db/matter_document_repository.h"

#include <sodium.h>

#include "db/audit_log.h"
#include "db/event_outbox.h"
#include "db/secret_bytes.h"

namespace lianban::db {
namespace {

using domain::workflow::MaterialInfo;

constexpr char kDocumentTable[] = "matter_documents";
constexpr char kContentColumn[] = "content";

constexpr char kMatterExists[] = "SELECT 1 FROM matters WHERE id = ?1";
constexpr char kInsertDocument[] =
    "INSERT INTO matter_documents (matter_id, name, content_type, size_bytes, sha256, "
    "uploaded_at, uploaded_by, content) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, x'')";
constexpr char kUpdateContent[] = "UPDATE matter_documents SET content = ?2 WHERE id = ?1";
constexpr char kSelectList[] =
    "SELECT id, name, content_type, size_bytes, sha256, uploaded_at FROM matter_documents "
    "WHERE matter_id = ?1 ORDER BY id";
constexpr char kSelectOne[] =
    "SELECT id, name, content_type, size_bytes, sha256, uploaded_at, content "
    "FROM matter_documents WHERE matter_id = ?1 AND id = ?2";

std::string Sha256Hex(std::string_view content) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(content.data()),
                     content.size());
  char hex[2 * crypto_hash_sha256_BYTES + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

Status Audit(Database& db, const Actor& actor, std::string_view action, std::string object,
             std::int64_t now) {
  auto seq = AppendAudit(
      db, AuditEntry{now, actor.id, actor.role, std::string(action), std::move(object), "ok", ""});
  if (!seq.ok()) return std::move(seq).take_error();
  return OkStatus();
}

std::string MatterObject(std::int64_t matter_id) { return "matter:" + std::to_string(matter_id); }

MaterialInfo InfoFrom(const Statement& st, std::int64_t matter_id) {
  MaterialInfo info;
  info.id = std::to_string(st.ColumnInt64(0));
  info.matter_id = std::to_string(matter_id);
  info.name = st.ColumnText(1);
  info.content_type = st.ColumnText(2);
  info.size_bytes = st.ColumnInt64(3);
  info.sha256_hex = st.ColumnText(4);
  info.uploaded_at = st.ColumnInt64(5);
  return info;
}

Status RequireMatter(Database& db, std::int64_t matter_id) {
  auto st = db.Prepare(kMatterExists);
  if (!st.ok()) return std::move(st).take_error();
  auto row = st->Bind(1, matter_id).Step();
  if (!row.ok()) return std::move(row).take_error();
  if (!*row) return Error::Make(ErrorCode::kNotFound, "matter_not_found", "no matter has this id");
  return OkStatus();
}

}  // namespace

Result<MaterialInfo> MatterDocumentRepository::Add(std::int64_t matter_id, std::string_view name,
                                                   std::string_view content_type,
                                                   std::string_view content,
                                                   domain::workflow::WorkflowEvent added,
                                                   const Actor& actor, std::int64_t now) {
  if (Status s = EnsureSodium(); !s.ok()) return std::move(s).take_error();
  MaterialInfo info{"",
                    std::to_string(matter_id),
                    std::string(name),
                    std::string(content_type),
                    static_cast<std::int64_t>(content.size()),
                    Sha256Hex(content),
                    now};
  Status done = db_.WithWriteTransaction([&]() -> Status {
    if (Status s = RequireMatter(db_, matter_id); !s.ok()) return s;
    auto insert = db_.Prepare(kInsertDocument);
    if (!insert.ok()) return std::move(insert).take_error();
    insert->Bind(1, matter_id).Bind(2, info.name).Bind(3, info.content_type);
    insert->Bind(4, info.size_bytes).Bind(5, info.sha256_hex).Bind(6, now).Bind(7, actor.id);
    if (Status s = insert->Run(); !s.ok()) return s;
    const std::int64_t id = db_.LastInsertRowId();
    info.id = std::to_string(id);
    auto sealed = sealer_.Seal(content, SealContext{kDocumentTable, kContentColumn, id});
    if (!sealed.ok()) return std::move(sealed).take_error();
    auto update = db_.Prepare(kUpdateContent);
    if (!update.ok()) return std::move(update).take_error();
    if (Status s = update->Bind(1, id).Bind(2, std::span<const std::uint8_t>(*sealed)).Run();
        !s.ok()) {
      return s;
    }
    added.matter_id = std::to_string(matter_id);
    added.detail = info.id;
    if (Status s = AppendEvents(db_, sealer_, {added}); !s.ok()) return s;
    return Audit(db_, actor, "matter.document.add",
                 MatterObject(matter_id) + "/document:" + info.id, now);
  });
  if (!done.ok()) return std::move(done).take_error();
  return info;
}

Result<std::vector<MaterialInfo>> MatterDocumentRepository::List(std::int64_t matter_id,
                                                                 const Actor& actor,
                                                                 std::int64_t now) {
  std::vector<MaterialInfo> out;
  Status done = db_.WithWriteTransaction([&]() -> Status {
    auto st = db_.Prepare(kSelectList);
    if (!st.ok()) return std::move(st).take_error();
    st->Bind(1, matter_id);
    for (;;) {
      auto row = st->Step();
      if (!row.ok()) return std::move(row).take_error();
      if (!*row) break;
      out.push_back(InfoFrom(*st, matter_id));
    }
    return Audit(db_, actor, "matter.documents.list", MatterObject(matter_id), now);
  });
  if (!done.ok()) return std::move(done).take_error();
  return out;
}

Result<StoredDocument> MatterDocumentRepository::Get(std::int64_t matter_id,
                                                     std::int64_t document_id, const Actor& actor,
                                                     std::int64_t now) {
  StoredDocument out;
  Status done = db_.WithWriteTransaction([&]() -> Status {
    auto st = db_.Prepare(kSelectOne);
    if (!st.ok()) return std::move(st).take_error();
    auto row = st->Bind(1, matter_id).Bind(2, document_id).Step();
    if (!row.ok()) return std::move(row).take_error();
    if (!*row) {
      return Error::Make(ErrorCode::kNotFound, "document_not_found",
                         "the matter has no document with this id");
    }
    out.info = InfoFrom(*st, matter_id);
    auto opened =
        sealer_.Open(st->ColumnBlob(6), SealContext{kDocumentTable, kContentColumn, document_id});
    if (!opened.ok()) return std::move(opened).take_error();
    out.content = std::move(opened).value();
    return Audit(db_, actor, "matter.document.read",
                 MatterObject(matter_id) + "/document:" + out.info.id, now);
  });
  if (!done.ok()) return std::move(done).take_error();
  return out;
}

}  // namespace lianban::db
