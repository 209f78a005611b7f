#include "db/api_key_repository.h"

#include <sodium.h>

#include <array>

#include "db/audit_log.h"

namespace lianban::db {
namespace {

constexpr std::size_t kKeyBytes = 32;
constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;

constexpr char kInsert[] =
    "INSERT INTO api_keys (name, department, key_hash, created_at) VALUES (?1, ?2, ?3, ?4)";
constexpr char kRevoke[] =
    "UPDATE api_keys SET revoked_at = COALESCE(revoked_at, ?2) WHERE id = ?1";
constexpr char kByHash[] =
    "SELECT id, name, department, created_at, revoked_at FROM api_keys WHERE key_hash = ?1";
constexpr char kAll[] =
    "SELECT id, name, department, created_at, revoked_at FROM api_keys ORDER BY id";

using KeyHash = std::array<std::uint8_t, crypto_generichash_BYTES>;

KeyHash HashOf(std::string_view secret) {
  KeyHash h{};
  crypto_generichash(h.data(), h.size(), reinterpret_cast<const unsigned char*>(secret.data()),
                     secret.size(), nullptr, 0);
  return h;
}

std::string NewSecret() {
  std::array<std::uint8_t, kKeyBytes> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  std::string encoded(sodium_base64_ENCODED_LEN(kKeyBytes, kVariant), '\0');
  sodium_bin2base64(encoded.data(), encoded.size(), bytes.data(), bytes.size(), kVariant);
  encoded.resize(encoded.size() - 1);  // the terminating NUL
  sodium_memzero(bytes.data(), bytes.size());
  return kApiKeyPrefix + encoded;
}

bool LooksLikeKey(std::string_view secret) {
  const std::size_t body = sodium_base64_ENCODED_LEN(kKeyBytes, kVariant) - 1;
  return secret.starts_with(kApiKeyPrefix) && secret.size() == sizeof(kApiKeyPrefix) - 1 + body;
}

ApiKey RowToKey(const Statement& st) {
  return ApiKey{st.ColumnInt64(0), st.ColumnText(1), st.ColumnText(2), st.ColumnInt64(3),
                st.ColumnOptionalInt64(4)};
}

Status Audit(Database& db, const Actor& actor, const char* action, std::int64_t id,
             std::int64_t now) {
  auto seq = AppendAudit(
      db, AuditEntry{now, actor.id, actor.role, action, "api_key:" + std::to_string(id), "ok", ""});
  if (!seq) return Error(seq.error());
  return OkStatus();
}

}  // namespace

Result<CreatedApiKey> ApiKeyRepository::Create(std::string_view name, std::string_view department,
                                               const Actor& actor, std::int64_t now) {
  if (name.empty() || name.size() > 100) {
    return Error::Make(ErrorCode::kInvalidArgument, "invalid_name", "a name is 1 to 100 bytes");
  }
  if (department.empty()) {
    return Error::Make(ErrorCode::kInvalidArgument, "invalid_department",
                       "an API key belongs to one department");
  }
  CreatedApiKey out{ApiKey{0, std::string(name), std::string(department), now, std::nullopt},
                    NewSecret()};
  const KeyHash hash = HashOf(out.secret);
  Status s = db_.WithWriteTransaction([&]() -> Status {
    auto st = db_.Prepare(kInsert);
    if (!st) return Error(st.error());
    st->Bind(1, name).Bind(2, department).Bind(3, std::span<const std::uint8_t>(hash));
    st->Bind(4, now);
    if (auto r = st->Run(); !r) return r;
    out.key.id = db_.LastInsertRowId();
    return Audit(db_, actor, "api_key.create", out.key.id, now);
  });
  if (!s) return Error(s.error());
  return out;
}

Status ApiKeyRepository::Revoke(std::int64_t id, const Actor& actor, std::int64_t now) {
  return db_.WithWriteTransaction([&]() -> Status {
    auto st = db_.Prepare(kRevoke);
    if (!st) return Error(st.error());
    st->Bind(1, id).Bind(2, now);
    if (auto r = st->Run(); !r) return r;
    if (db_.Changes() == 0) {
      return Error::Make(ErrorCode::kNotFound, "api_key_not_found", "no API key has this id");
    }
    return Audit(db_, actor, "api_key.revoke", id, now);
  });
}

std::optional<Result<ApiKey>> ApiKeyRepository::Lookup(std::string_view secret) {
  if (!LooksLikeKey(secret)) return std::nullopt;
  const KeyHash hash = HashOf(secret);
  auto st = db_.Prepare(kByHash);
  if (!st) return Result<ApiKey>(st.error());
  st->Bind(1, std::span<const std::uint8_t>(hash));
  auto row = st->Step();
  if (!row) return Result<ApiKey>(row.error());
  if (!*row || !st->ColumnIsNull(4)) {
    return Result<ApiKey>(
        Error::Make(ErrorCode::kUnauthenticated, "invalid_api_key", "unknown or revoked API key"));
  }
  return Result<ApiKey>(RowToKey(*st));
}

Result<std::vector<ApiKey>> ApiKeyRepository::List() {
  auto st = db_.Prepare(kAll);
  if (!st) return Error(st.error());
  std::vector<ApiKey> out;
  while (true) {
    auto row = st->Step();
    if (!row) return Error(row.error());
    if (!*row) return out;
    out.push_back(RowToKey(*st));
  }
}

}  // namespace lianban::db
