// lianban backup --data DIR --out FILE: an online, consistent, integrity-checked and encrypted
// copy of the database (db/backup.h). lianban restore --in FILE --data NEWDIR [--key-file FILE]:
// restores it into a new data directory (never over an existing database). The backup is
// encrypted under a key derived from the master key, so restoring needs that key: from
// LIANBAN_MASTER_KEY, or --key-file (the old directory's master.key, copied into NEWDIR).
#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "db/audit_spool.h"
#include "db/backup.h"
#include "db/keyring.h"
#include "db/store.h"
#include "domain/clock.h"
#include "services/cli/cli_common.h"
#include "services/cli/commands.h"
#include "services/data_dir.h"

namespace lianban::services::cli {
namespace {

struct BackupArgs {
  std::filesystem::path data;
  std::filesystem::path file;
  std::filesystem::path key_file;
};

void Backup(const BackupArgs& args) {
  auto keyring = db::Keyring::Load(args.data);
  if (!keyring.ok()) Fail("load the master key", keyring.error());
  const std::string db_path = (args.data / db::kDatabaseFileName).string();
  if (!std::filesystem::exists(db_path)) Fail(db_path + " does not exist");
  {
    // The backup holds the database only: first move what a crashed server left spooled.
    auto database = db::Database::Open(db_path);
    if (!database.ok()) Fail("open " + db_path, database.error());
    Status moved = db::MoveLeftoverAuditSpool(**database, args.data / db::kAuditSpoolName);
    if (!moved.ok()) Fail("move the audit spool", moved.error());
  }
  auto info = db::WriteBackup(db_path, *keyring, args.file);
  if (!info.ok()) Fail("backup", info.error());
  std::cout << "backup written: " << args.file.string() << " (" << info->database_bytes
            << " database bytes, integrity ok, encrypted)\n";
}

std::string ReadKeyFile(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) Fail("cannot read --key-file " + path.string());
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The master key for the restore, and the key file text to place in NEWDIR ("" when from env).
db::Keyring RestoreKeyring(const BackupArgs& args, std::string* key_text) {
  if (!args.key_file.empty()) {
    *key_text = ReadKeyFile(args.key_file);
    auto key = db::ParseMasterKey(*key_text);
    if (!key.ok()) Fail("--key-file", key.error());
    return db::Keyring(std::move(key).value());
  }
  const char* env = std::getenv(db::kMasterKeyEnv);
  if (env == nullptr || *env == '\0') {
    Fail("restore needs the master key: set LIANBAN_MASTER_KEY or pass --key-file");
  }
  auto keyring = db::Keyring::Load(args.data);
  if (!keyring.ok()) Fail("load the master key", keyring.error());
  return std::move(keyring).value();
}

void WriteKeyFile(const std::filesystem::path& dir, const std::string& text) {
  const std::filesystem::path path = dir / db::kMasterKeyFileName;
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0600);
  if (fd < 0) Fail("cannot create " + path.string() + " (does it exist already?)");
  const bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  ::close(fd);
  if (!ok) Fail("cannot write " + path.string());
}

void Restore(const BackupArgs& args) {
  std::string key_text;
  const db::Keyring keyring = RestoreKeyring(args, &key_text);
  std::error_code ec;
  std::filesystem::create_directories(args.data, ec);
  std::filesystem::permissions(args.data, std::filesystem::perms::owner_all, ec);
  if (ec) Fail("cannot create " + args.data.string() + ": " + ec.message());
  auto info = db::RestoreBackup(args.file, keyring, (args.data / db::kDatabaseFileName).string());
  if (!info.ok()) Fail("restore", info.error());
  if (!key_text.empty() && !std::filesystem::exists(args.data / db::kMasterKeyFileName)) {
    WriteKeyFile(args.data, key_text);
  }
  const SystemClock clock;
  if (Status s = PrepareDataDir(args.data, SeedsDir(), clock.NowUnix()); !s.ok()) {
    Fail("prepare " + args.data.string(), s.error());
  }
  std::cout << "restored " << info->database_bytes << " database bytes into "
            << args.data.string() << '\n';
}

}  // namespace

void AddBackupCommands(CLI::App& app) {
  auto args = std::make_shared<BackupArgs>();
  CLI::App* backup = app.add_subcommand("backup", "write an encrypted online backup");
  AddDataOption(*backup, args->data);
  backup->add_option("--out", args->file, "backup file to create")->required();
  backup->callback([args] { Backup(*args); });

  CLI::App* restore = app.add_subcommand("restore", "restore a backup into a new data directory");
  restore->add_option("--in", args->file, "backup file")->required();
  restore->add_option("--data", args->data, "new data directory")->required();
  restore->add_option("--key-file", args->key_file,
                      "master.key of the backed-up installation (else LIANBAN_MASTER_KEY)");
  restore->callback([args] { Restore(*args); });
}

}  // namespace lianban::services::cli
