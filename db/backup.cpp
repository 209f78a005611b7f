#include "db/backup.h"

#include <fcntl.h>
#include <sodium.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cstring>
#include <fstream>
#include <memory>
#include <vector>

namespace lianban::db {
namespace {

constexpr std::array<std::uint8_t, 8> kMagic = {'L', 'B', 'B', 'A', 'C', 'K', '0', '1'};
constexpr std::size_t kChunk = 64 * 1024;
constexpr std::size_t kHeaderBytes = crypto_secretstream_xchacha20poly1305_HEADERBYTES;
constexpr std::size_t kABytes = crypto_secretstream_xchacha20poly1305_ABYTES;
constexpr char kIntegrityCheck[] = "PRAGMA integrity_check";

Error Failed(const char* reason, const std::string& step) {
  return Error::Make(ErrorCode::kInternal, reason, step);
}

struct CloseDb {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using DbHandle = std::unique_ptr<sqlite3, CloseDb>;

Result<DbHandle> OpenDb(const std::string& path, int flags) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  DbHandle db(raw);
  if (rc != SQLITE_OK) return Failed("backup_failed", "open " + path + ": " + sqlite3_errstr(rc));
  sqlite3_busy_timeout(db.get(), 5000);
  return db;
}

Status Copy(sqlite3* from, sqlite3* to) {
  sqlite3_backup* backup = sqlite3_backup_init(to, "main", from, "main");
  if (backup == nullptr) return Failed("backup_failed", std::string("copy: ") + sqlite3_errmsg(to));
  const int step = sqlite3_backup_step(backup, -1);
  const int finish = sqlite3_backup_finish(backup);
  if (step != SQLITE_DONE || finish != SQLITE_OK) {
    return Failed("backup_failed", std::string("copy: ") + sqlite3_errstr(step));
  }
  return OkStatus();
}

Status CheckIntegrity(sqlite3* db) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, kIntegrityCheck, -1, &stmt, nullptr) != SQLITE_OK) {
    return Failed("backup_integrity", sqlite3_errmsg(db));
  }
  std::string verdict;
  if (sqlite3_step(stmt) == SQLITE_ROW) {
    verdict = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
  }
  sqlite3_finalize(stmt);
  if (verdict != "ok") return Failed("backup_integrity", "integrity_check: " + verdict);
  return OkStatus();
}

SecretBytes BackupKey(const Keyring& keyring) {
  return keyring.Derive(KeyPurpose::kSeal, kBackupKeyId);
}

Result<std::vector<std::uint8_t>> Serialize(sqlite3* db) {
  sqlite3_int64 size = 0;
  unsigned char* bytes = sqlite3_serialize(db, "main", &size, 0);
  if (bytes == nullptr) return Failed("backup_failed", "serialize");
  std::vector<std::uint8_t> out(bytes, bytes + size);
  sodium_memzero(bytes, static_cast<std::size_t>(size));
  sqlite3_free(bytes);
  // Bytes 18 and 19 of the header say "WAL" for a database in WAL mode; an in-memory image
  // (sqlite3_deserialize) cannot be opened in WAL mode, so the image says "rollback journal".
  // Database::Open puts the restored file back in WAL mode.
  if (out.size() >= 20) out[18] = out[19] = 1;
  return out;
}

std::vector<std::uint8_t> Encrypt(std::span<const std::uint8_t> plain, const SecretBytes& key) {
  crypto_secretstream_xchacha20poly1305_state state;
  std::vector<std::uint8_t> out(kMagic.begin(), kMagic.end());
  out.resize(kMagic.size() + kHeaderBytes);
  crypto_secretstream_xchacha20poly1305_init_push(&state, out.data() + kMagic.size(), key.data());
  std::size_t offset = 0;
  do {
    const std::size_t n = std::min(kChunk, plain.size() - offset);
    const bool last = offset + n == plain.size();
    const std::size_t at = out.size();
    out.resize(at + n + kABytes);
    // The magic is associated data of the first chunk, so the format version cannot be swapped.
    crypto_secretstream_xchacha20poly1305_push(
        &state, out.data() + at, nullptr, plain.data() + offset, n,
        offset == 0 ? kMagic.data() : nullptr, offset == 0 ? kMagic.size() : 0,
        last ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : 0);
    offset += n;
  } while (offset < plain.size());
  return out;
}

Error Corrupt(const std::string& why) {
  return Error::Make(ErrorCode::kInvalidArgument, "backup_corrupt",
                     "not a backup of this installation, or altered: " + why);
}

Result<std::vector<std::uint8_t>> Decrypt(std::span<const std::uint8_t> file,
                                          const SecretBytes& key) {
  if (file.size() < kMagic.size() + kHeaderBytes ||
      std::memcmp(file.data(), kMagic.data(), kMagic.size()) != 0) {
    return Corrupt("bad header");
  }
  crypto_secretstream_xchacha20poly1305_state state;
  if (crypto_secretstream_xchacha20poly1305_init_pull(&state, file.data() + kMagic.size(),
                                                      key.data()) != 0) {
    return Corrupt("bad header");
  }
  std::vector<std::uint8_t> plain;
  std::size_t offset = kMagic.size() + kHeaderBytes;
  bool first = true;
  while (offset < file.size()) {
    const std::size_t n = std::min(kChunk + kABytes, file.size() - offset);
    if (n < kABytes) return Corrupt("short chunk");
    const std::size_t at = plain.size();
    plain.resize(at + n - kABytes);
    unsigned char tag = 0;
    if (crypto_secretstream_xchacha20poly1305_pull(
            &state, plain.data() + at, nullptr, &tag, file.data() + offset, n,
            first ? kMagic.data() : nullptr, first ? kMagic.size() : 0) != 0) {
      sodium_memzero(plain.data(), plain.size());
      return Corrupt("a chunk does not authenticate");
    }
    first = false;
    offset += n;
    if (tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL) {
      if (offset != file.size()) return Corrupt("data after the final chunk");
      return plain;
    }
  }
  sodium_memzero(plain.data(), plain.size());
  return Error::Make(ErrorCode::kInvalidArgument, "backup_truncated",
                     "the backup ends before its final chunk");
}

Status WriteFileExclusive(const std::filesystem::path& path, std::span<const std::uint8_t> data) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) return Failed("backup_failed", "create " + path.string() + ": " + std::strerror(errno));
  std::size_t written = 0;
  while (written < data.size()) {
    const ssize_t n = ::write(fd, data.data() + written, data.size() - written);
    if (n <= 0) break;
    written += static_cast<std::size_t>(n);
  }
  const bool ok = written == data.size() && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) return Failed("backup_failed", "write " + path.string());
  return OkStatus();
}

Result<std::vector<std::uint8_t>> ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Failed("restore_failed", "cannot read " + path.string());
  return std::vector<std::uint8_t>(std::istreambuf_iterator<char>(in),
                                   std::istreambuf_iterator<char>());
}

Result<DbHandle> Deserialize(std::vector<std::uint8_t>& plain) {
  auto mem = OpenDb(":memory:", SQLITE_OPEN_READWRITE);
  if (!mem.ok()) return std::move(mem).take_error();
  auto* buffer = static_cast<unsigned char*>(sqlite3_malloc64(plain.size()));
  if (buffer == nullptr) return Failed("restore_failed", "out of memory");
  std::memcpy(buffer, plain.data(), plain.size());
  sodium_memzero(plain.data(), plain.size());
  const int rc = sqlite3_deserialize(mem->get(), "main", buffer, plain.size(), plain.size(),
                                     SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE);
  if (rc != SQLITE_OK) return Failed("restore_failed", "deserialize");
  return mem;
}

// Writes the in-memory database to `db_path` through a temporary file in the same directory and
// link(2), which fails rather than replace an existing file.
Status Materialize(sqlite3* mem, const std::string& db_path) {
  const std::string tmp = db_path + ".restoring";
  std::filesystem::remove(tmp);
  {
    auto file = OpenDb(tmp, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    if (!file.ok()) return std::move(file).take_error();
    if (Status s = Copy(mem, file->get()); !s.ok()) {
      file->reset();
      std::filesystem::remove(tmp);
      return s;
    }
  }
  (void)::chmod(tmp.c_str(), 0600);
  const int rc = ::link(tmp.c_str(), db_path.c_str());
  const int err = errno;
  std::filesystem::remove(tmp);
  if (rc != 0) {
    if (err == EEXIST) {
      return Error::Make(ErrorCode::kAlreadyExists, "database_exists",
                         db_path + " exists; restore only into a new data directory");
    }
    return Failed("restore_failed", "link " + db_path + ": " + std::strerror(err));
  }
  return OkStatus();
}

}  // namespace

Result<BackupInfo> WriteBackup(const std::string& db_path, const Keyring& keyring,
                               const std::filesystem::path& out) {
  if (Status s = EnsureSodium(); !s.ok()) return std::move(s).take_error();
  if (std::filesystem::exists(out)) {
    return Error::Make(ErrorCode::kAlreadyExists, "backup_exists", out.string() + " exists");
  }
  auto source = OpenDb(db_path, SQLITE_OPEN_READONLY);
  if (!source.ok()) return std::move(source).take_error();
  auto mem = OpenDb(":memory:", SQLITE_OPEN_READWRITE);
  if (!mem.ok()) return std::move(mem).take_error();
  if (Status s = Copy(source->get(), mem->get()); !s.ok()) return std::move(s).take_error();
  if (Status s = CheckIntegrity(mem->get()); !s.ok()) return std::move(s).take_error();
  auto plain = Serialize(mem->get());
  if (!plain.ok()) return std::move(plain).take_error();
  const std::vector<std::uint8_t> sealed = Encrypt(*plain, BackupKey(keyring));
  sodium_memzero(plain->data(), plain->size());
  const std::filesystem::path tmp = out.string() + ".partial";
  std::filesystem::remove(tmp);
  if (Status s = WriteFileExclusive(tmp, sealed); !s.ok()) return std::move(s).take_error();
  std::error_code ec;
  std::filesystem::rename(tmp, out, ec);
  if (ec) {
    std::filesystem::remove(tmp);
    return Failed("backup_failed", "rename to " + out.string() + ": " + ec.message());
  }
  return BackupInfo{static_cast<std::int64_t>(plain->size()),
                    static_cast<std::int64_t>(sealed.size())};
}

Result<BackupInfo> RestoreBackup(const std::filesystem::path& in, const Keyring& keyring,
                                 const std::string& db_path) {
  if (Status s = EnsureSodium(); !s.ok()) return std::move(s).take_error();
  for (const std::string& p : {db_path, db_path + "-wal"}) {
    if (std::filesystem::exists(p)) {
      return Error::Make(ErrorCode::kAlreadyExists, "database_exists",
                         p + " exists; restore only into a new data directory");
    }
  }
  auto file = ReadFile(in);
  if (!file.ok()) return std::move(file).take_error();
  auto plain = Decrypt(*file, BackupKey(keyring));
  if (!plain.ok()) return std::move(plain).take_error();
  const auto database_bytes = static_cast<std::int64_t>(plain->size());
  auto mem = Deserialize(*plain);
  if (!mem.ok()) return std::move(mem).take_error();
  if (Status s = CheckIntegrity(mem->get()); !s.ok()) return std::move(s).take_error();
  if (Status s = Materialize(mem->get(), db_path); !s.ok()) return std::move(s).take_error();
  return BackupInfo{database_bytes, static_cast<std::int64_t>(file->size())};
}

}  // namespace lianban::db
