#include "db/data_keys.h"

#include <algorithm>
#include <mutex>
#include <utility>

#include "db/sealer.h"

namespace lianban::db {
namespace {

constexpr std::size_t kDataKeySize = 32;
constexpr char kSelectKeys[] = "SELECT id, wrapped, active FROM data_keys ORDER BY id";
constexpr char kSelectMaxId[] = "SELECT COALESCE(MAX(id), 0) FROM data_keys";
constexpr char kDeactivateAll[] = "UPDATE data_keys SET active = 0 WHERE active = 1";
constexpr char kInsertKey[] =
    "INSERT INTO data_keys (id, wrapped, active, created_at) VALUES (?1, ?2, 1, ?3)";

// The wrapped key is sealed like any field, bound to its own row, under Derive(kSeal, id).
SealContext WrapContext(std::int64_t id) { return SealContext{"data_keys", "wrapped", id}; }

Result<std::int64_t> MaxId(Database& db) {
  Result<Statement> stmt = db.Prepare(kSelectMaxId);
  if (!stmt.ok()) return std::move(stmt).take_error();
  Result<bool> row = stmt->Step();
  if (!row.ok()) return std::move(row).take_error();
  return stmt->ColumnInt64(0);
}

}  // namespace

Result<std::unique_ptr<DataKeys>> DataKeys::Load(Database& db, const Keyring& keyring,
                                                 std::int64_t now) {
  std::unique_ptr<DataKeys> keys(new DataKeys(db, keyring));
  if (Status s = keys->LoadAll(); !s.ok()) return std::move(s).take_error();
  if (keys->ActiveId() == 0) {
    Result<std::uint32_t> first = keys->AddDataKey(now);
    if (!first.ok()) return std::move(first).take_error();
  }
  return keys;
}

Status DataKeys::LoadAll() {
  Result<Statement> stmt = db_.Prepare(kSelectKeys);
  if (!stmt.ok()) return std::move(stmt).take_error();
  std::map<std::uint32_t, std::shared_ptr<const SecretBytes>> loaded;
  std::uint32_t active = 0;
  for (;;) {
    Result<bool> row = stmt->Step();
    if (!row.ok()) return std::move(row).take_error();
    if (!*row) break;
    std::int64_t id = stmt->ColumnInt64(0);
    std::vector<std::uint8_t> wrapped = stmt->ColumnBlob(1);
    auto key = std::make_shared<SecretBytes>(kDataKeySize);
    SecretBytes kek = keyring_.Derive(KeyPurpose::kSeal, static_cast<std::uint64_t>(id));
    if (wrapped.size() != kDataKeySize + kSealOverhead ||
        !OpenWithKey(kek.span(), wrapped, WrapContext(id), {key->data(), key->size()}).ok()) {
      return Error::Make(ErrorCode::kInternal, "data_key_unwrap",
                         "data key " + std::to_string(id) +
                             " does not open with this master key (wrong key file?)");
    }
    loaded.emplace(static_cast<std::uint32_t>(id), std::move(key));
    if (stmt->ColumnInt64(2) == 1) active = static_cast<std::uint32_t>(id);
  }
  std::unique_lock lock(mutex_);
  keys_ = std::move(loaded);
  active_ = active;
  return OkStatus();
}

Result<std::uint32_t> DataKeys::AddDataKey(std::int64_t now) {
  // mutex_ is not held across the transaction: a thread inside a write transaction may be
  // sealing (taking mutex_ shared) while holding the connection this one waits for.
  auto key = std::make_shared<SecretBytes>(SecretBytes::Random(kDataKeySize));
  std::int64_t id = 0;
  Status stored = db_.WithWriteTransaction([&]() -> Status {
    Result<std::int64_t> max_id = MaxId(db_);
    if (!max_id.ok()) return std::move(max_id).take_error();
    id = *max_id + 1;
    SecretBytes kek = keyring_.Derive(KeyPurpose::kSeal, static_cast<std::uint64_t>(id));
    std::vector<std::uint8_t> wrapped =
        SealWithKey(kek.span(), static_cast<std::uint32_t>(id), key->span(), WrapContext(id));
    if (Status s = db_.Exec(kDeactivateAll); !s.ok()) return s;
    Result<Statement> insert = db_.Prepare(kInsertKey);
    if (!insert.ok()) return std::move(insert).take_error();
    insert->Bind(1, id).Bind(2, std::span<const std::uint8_t>(wrapped)).Bind(3, now);
    return insert->Run();
  });
  if (!stored.ok()) return std::move(stored).take_error();
  auto new_id = static_cast<std::uint32_t>(id);
  std::unique_lock lock(mutex_);
  keys_.emplace(new_id, std::move(key));
  active_ = std::max(active_, new_id);  // ids grow, so the newest committed key is active
  return new_id;
}

std::uint32_t DataKeys::ActiveId() const {
  std::shared_lock lock(mutex_);
  return active_;
}

std::shared_ptr<const SecretBytes> DataKeys::Find(std::uint32_t id) const {
  std::shared_lock lock(mutex_);
  auto it = keys_.find(id);
  return it == keys_.end() ? nullptr : it->second;
}

std::vector<std::uint32_t> DataKeys::Ids() const {
  std::shared_lock lock(mutex_);
  std::vector<std::uint32_t> ids;
  for (const auto& [id, key] : keys_) ids.push_back(id);
  return ids;
}

}  // namespace lianban::db
