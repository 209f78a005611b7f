#include "db/store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>
#include <system_error>

namespace lianban::db {
namespace {

Status EnsureDirectory(const std::filesystem::path& dir) {
  std::error_code ec;
  if (std::filesystem::is_directory(dir, ec)) return OkStatus();
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    return Error::Make(ErrorCode::kInternal, "data_dir_io",
                       "cannot create " + dir.string() + ": " + ec.message());
  }
  // Only the service account may list or enter the data directory.
  if (::chmod(dir.c_str(), 0700) != 0) {
    return Error::Make(ErrorCode::kInternal, "data_dir_io",
                       "cannot restrict " + dir.string() + ": " + std::strerror(errno));
  }
  return OkStatus();
}

// Creates the database file empty with mode 0600 when absent, so that SQLite (which gives the
// -wal and -shm files the database file's mode) never makes any of them readable by others.
Status EnsurePrivateDatabaseFile(const std::filesystem::path& file) {
  int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) {
    return Error::Make(ErrorCode::kInternal, "data_dir_io",
                       "cannot create " + file.string() + ": " + std::strerror(errno));
  }
  ::close(fd);
  return OkStatus();
}

bool MasterKeyFromEnvironment() {
  const char* env = std::getenv(kMasterKeyEnv);
  return env != nullptr && *env != '\0';
}

}  // namespace

Status InitDataDir(const std::filesystem::path& data_dir, std::int64_t now) {
  if (Status s = EnsureDirectory(data_dir); !s.ok()) return s;
  if (!MasterKeyFromEnvironment()) {
    Result<bool> created = CreateKeyFile(data_dir);
    if (!created.ok()) return std::move(created).take_error();
  }
  Result<std::unique_ptr<Store>> store = Store::Open(data_dir, now);
  if (!store.ok()) return std::move(store).take_error();
  return OkStatus();
}

Result<std::unique_ptr<Store>> Store::Open(const std::filesystem::path& data_dir,
                                           std::int64_t now) {
  std::error_code ec;
  if (!std::filesystem::is_directory(data_dir, ec)) {
    return Error::Make(ErrorCode::kNotFound, "data_dir_missing",
                       data_dir.string() + " is not an initialized data directory");
  }
  std::unique_ptr<Store> store(new Store());
  Result<Keyring> keyring = Keyring::Load(data_dir);
  if (!keyring.ok()) return std::move(keyring).take_error();
  store->keyring_ = std::make_unique<Keyring>(std::move(keyring).value());
  const std::filesystem::path db_file = data_dir / kDatabaseFileName;
  if (Status s = EnsurePrivateDatabaseFile(db_file); !s.ok()) return std::move(s).take_error();
  Result<std::unique_ptr<Database>> db = Database::Open(db_file.string());
  if (!db.ok()) return std::move(db).take_error();
  store->db_ = std::move(db).value();
  Result<std::unique_ptr<DataKeys>> keys = DataKeys::Load(*store->db_, *store->keyring_, now);
  if (!keys.ok()) return std::move(keys).take_error();
  store->data_keys_ = std::move(keys).value();
  store->sealer_ = std::make_unique<Sealer>(*store->data_keys_);
  store->blind_index_ = std::make_unique<BlindIndex>(*store->keyring_);
  return store;
}

}  // namespace lianban::db
