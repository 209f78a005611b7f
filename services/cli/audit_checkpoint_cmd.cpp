#include "services/cli/audit_checkpoint_cmd.h"

#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <sstream>

#include "db/audit_spool.h"
#include "db/audit_checkpoint.h"
#include "db/audit_checkpoint_store.h"
#include "db/audit_checkpoint_verify.h"
#include "db/keyring.h"
#include "db/store.h"
#include "domain/clock.h"
#include "services/cli/cli_common.h"

namespace lianban::services::cli {
namespace {

constexpr std::size_t kMaxNoteBytes = 4096;

std::unique_ptr<db::Database> OpenDatabase(const std::filesystem::path& dir) {
  const std::filesystem::path file = dir / db::kDatabaseFileName;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) Fail("no database at " + file.string());
  auto database = db::Database::Open(file.string());
  if (!database.ok()) Fail("open " + file.string(), database.error());
  // A checkpoint covers every entry: also those a crashed server left spooled.
  Status moved = db::MoveLeftoverAuditSpool(**database, dir / db::kAuditSpoolName);
  if (!moved.ok()) Fail("move the audit spool", moved.error());
  return std::move(*database);
}

db::AuditSigner LoadSigner(const std::filesystem::path& dir) {
  auto keyring = db::Keyring::Load(dir);
  if (!keyring.ok()) Fail("master key", keyring.error());
  auto signer = db::AuditSigner::FromKeyring(*keyring);
  if (!signer.ok()) Fail("signing key", signer.error());
  return std::move(*signer);
}

std::string ReadSmallFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) Fail("cannot read " + path.string());
  std::string text;
  std::copy_n(std::istreambuf_iterator<char>(in), kMaxNoteBytes, std::back_inserter(text));
  return text;
}

// Writes `text` to `out`, or to stdout when `out` is empty.
void Emit(const std::filesystem::path& out, const std::string& text) {
  if (out.empty()) {
    std::cout << text;
    return;
  }
  std::ofstream file(out, std::ios::binary | std::ios::trunc);
  file << text;
  file.close();
  if (!file) Fail("cannot write " + out.string());
}

db::AuditPublicKey ResolvePublicKey(const std::filesystem::path& dir, const std::string& given) {
  if (given.empty()) return LoadSigner(dir).public_key();
  std::error_code ec;
  const bool is_file = std::filesystem::is_regular_file(given, ec);
  auto key = db::ParseAuditPublicKey(is_file ? ReadSmallFile(given) : given);
  if (!key.ok()) Fail("--public-key", key.error());
  return *key;
}

std::vector<db::Checkpoint> ReadCheckpoints(const std::vector<std::filesystem::path>& files) {
  std::vector<db::Checkpoint> out;
  for (const auto& file : files) {
    auto c = db::ParseCheckpointNote(ReadSmallFile(file));
    if (!c.ok()) Fail(file.string(), c.error());
    out.push_back(*c);
  }
  return out;
}

void Report(const db::TrailVerdict& v, const db::AuditPublicKey& key) {
  if (v.intact) {
    std::cout << "audit trail intact: " << v.entries << " entries; entries 1.." << v.covered
              << " fixed by " << v.checkpoints_checked << " signed checkpoint(s) of key "
              << key.key_id << '\n';
    return;
  }
  std::cout << "audit trail broken";
  if (v.first_bad_seq) std::cout << " at entry " << *v.first_bad_seq;
  std::cout << ": " << v.reason << " (" << v.detail << "; " << v.entries << " entries read)\n";
  throw CLI::RuntimeError(1);
}

void AddCheckpointCommand(CLI::App& audit) {
  auto dir = std::make_shared<std::filesystem::path>();
  auto out = std::make_shared<std::filesystem::path>();
  CLI::App* cmd = audit.add_subcommand(
      "checkpoint", "sign a checkpoint over the audit log (reused when the log has not grown)");
  AddDataOption(*cmd, *dir);
  cmd->add_option("--out", *out, "write the checkpoint file here instead of stdout");
  cmd->callback([dir, out] {
    auto database = OpenDatabase(*dir);
    const db::AuditSigner signer = LoadSigner(*dir);
    const SystemClock clock;
    auto c = db::MakeCheckpoint(*database, signer, clock.NowUnix());
    if (!c.ok()) Fail("audit checkpoint", c.error());
    Emit(*out, db::FormatCheckpointNote(*c));
    if (!out->empty()) std::cerr << "checkpoint over " << c->size << " entries: " << *out << '\n';
  });
}

void AddPublicKeyCommand(CLI::App& audit) {
  auto dir = std::make_shared<std::filesystem::path>();
  auto out = std::make_shared<std::filesystem::path>();
  CLI::App* cmd =
      audit.add_subcommand("public-key", "print the Ed25519 key that signs audit checkpoints");
  AddDataOption(*cmd, *dir);
  cmd->add_option("--out", *out, "write it here instead of stdout");
  cmd->callback(
      [dir, out] { Emit(*out, db::FormatAuditPublicKey(LoadSigner(*dir).public_key()) + "\n"); });
}

}  // namespace

void AddAuditCheckpointCommands(CLI::App& app) {
  CLI::App& audit = Group(app, "audit", "the audit trail");
  AddCheckpointCommand(audit);
  AddPublicKeyCommand(audit);
}

void AddCheckpointOptions(CLI::App& verify, CheckpointOptions& options) {
  verify
      .add_option("--checkpoint", options.files,
                  "a checkpoint file kept earlier (repeatable): proves nothing it covers changed")
      ->check(CLI::ExistingFile);
  verify.add_option("--public-key", options.public_key,
                    "the auditors' copy of the signing key (hex, or a file holding it); default: "
                    "derived from the data directory's master key");
}

bool WantsTrailVerification(const CheckpointOptions& options) {
  return !options.files.empty() || !options.public_key.empty();
}

void VerifyTrail(const std::filesystem::path& data_dir, db::Database& db,
                 const CheckpointOptions& options) {
  const db::AuditPublicKey key = ResolvePublicKey(data_dir, options.public_key);
  const std::vector<db::Checkpoint> kept = ReadCheckpoints(options.files);
  Report(db::VerifyAuditTrail(db, key, kept), key);
}

}  // namespace lianban::services::cli
