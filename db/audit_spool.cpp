#include "db/audit_spool.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <iterator>
#include <optional>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

namespace lianban::db {
namespace {

// A move every 10 ms holds the connection for about a millisecond at 10,000 reads/s; a burst of
// kMoveAt entries is moved at once.
constexpr auto kMoveInterval = std::chrono::milliseconds(10);
constexpr std::size_t kMoveAt = 1024;

constexpr char kSelectLastMoved[] = "SELECT last_moved FROM audit_spool_state WHERE id = 1";
constexpr char kUpdateLastMoved[] = "UPDATE audit_spool_state SET last_moved = ?1 WHERE id = 1";

Error IoError(const std::filesystem::path& path, std::string_view what) {
  return Error::Make(ErrorCode::kInternal, "audit_spool_io",
                     std::string(what) + " " + path.string() + ": " + std::strerror(errno));
}

// One line per entry: [id, at, actor, role, action, object, outcome, purpose]. Throws
// nlohmann::json::type_error for text that is not UTF-8.
std::string EncodeLine(std::int64_t id, const AuditEntry& e) {
  std::string line = nlohmann::json::array({id, e.at, e.actor, e.role, e.action, e.object,
                                            e.outcome, e.purpose})
                         .dump();
  line.push_back('\n');
  return line;
}

std::optional<std::pair<std::int64_t, AuditEntry>> DecodeLine(std::string_view line) {
  const nlohmann::json j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (!j.is_array() || j.size() != 8) return std::nullopt;
  if (!j[0].is_number_integer() || !j[1].is_number_integer()) return std::nullopt;
  for (std::size_t i = 2; i < 8; ++i) {
    if (!j[i].is_string()) return std::nullopt;
  }
  AuditEntry e{j[1].get<std::int64_t>(),     j[2].get<std::string>(), j[3].get<std::string>(),
               j[4].get<std::string>(),      j[5].get<std::string>(), j[6].get<std::string>(),
               j[7].get<std::string>()};
  return std::pair(j[0].get<std::int64_t>(), std::move(e));
}

bool WriteAll(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

Result<std::string> ReadAll(int fd, const std::filesystem::path& path) {
  if (::lseek(fd, 0, SEEK_SET) < 0) return IoError(path, "cannot seek");
  std::string out;
  char buffer[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return IoError(path, "cannot read");
    if (n == 0) return out;
    out.append(buffer, static_cast<std::size_t>(n));
  }
}

// Appends the entries to the log and records the newest spool id as moved, in one transaction.
Status MoveIntoLog(Database& db, const std::vector<AuditEntry>& entries, std::int64_t last_id) {
  return db.WithWriteTransaction([&]() -> Status {
    if (Status s = AppendAuditBatch(db, entries); !s.ok()) return s;
    auto update = db.Prepare(kUpdateLastMoved);
    if (!update.ok()) return std::move(update).take_error();
    return update->Bind(1, last_id).Run();
  });
}

}  // namespace

AuditSpool::AuditSpool(Database& db, File a, File b, std::int64_t next_id)
    : db_(db), files_{std::move(a), std::move(b)}, next_id_(next_id) {}

Result<std::unique_ptr<AuditSpool>> AuditSpool::Open(Database& db,
                                                     const std::filesystem::path& path) {
  File files[2];
  files[0].path = path.string() + ".a";
  files[1].path = path.string() + ".b";
  auto close_all = [&] {
    for (File& f : files) {
      if (f.fd >= 0) ::close(f.fd);
    }
  };
  for (File& f : files) {
    f.fd = ::open(f.path.c_str(), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (f.fd < 0) {
      Error error = IoError(f.path, "cannot open");
      close_all();
      return error;
    }
    if (::flock(f.fd, LOCK_EX | LOCK_NB) != 0) {
      Error error = errno == EWOULDBLOCK
                        ? Error::Make(ErrorCode::kFailedPrecondition, "audit_spool_in_use",
                                      "another process spools audit entries into " +
                                          f.path.string())
                        : IoError(f.path, "cannot lock");
      close_all();
      return error;
    }
  }
  std::unique_ptr<AuditSpool> spool(new AuditSpool(db, files[0], files[1], 1));
  if (Status s = spool->Recover(); !s.ok()) return std::move(s).take_error();
  spool->mover_ = std::thread(&AuditSpool::Run, spool.get());
  return spool;
}

AuditSpool::~AuditSpool() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (mover_.joinable()) mover_.join();
  (void)Move();  // what fails stays in the files and is moved at the next Open
  for (File& f : files_) {
    if (f.fd >= 0) ::close(f.fd);
  }
}

Status AuditSpool::Recover() {
  std::int64_t last_moved = 0;
  {
    auto select = db_.Prepare(kSelectLastMoved);
    if (!select.ok()) return std::move(select).take_error();
    auto row = select->Step();
    if (!row.ok()) return std::move(row).take_error();
    if (*row) last_moved = select->ColumnInt64(0);
  }
  std::vector<std::pair<std::int64_t, AuditEntry>> found;
  std::int64_t max_id = last_moved;
  for (File& f : files_) {
    auto text = ReadAll(f.fd, f.path);
    if (!text.ok()) return std::move(text).take_error();
    std::string_view rest = *text;
    for (int line_number = 1; !rest.empty(); ++line_number) {
      const std::size_t end = rest.find('\n');
      if (end == std::string_view::npos) break;  // cut short by a crash: never acknowledged
      auto decoded = DecodeLine(rest.substr(0, end));
      rest.remove_prefix(end + 1);
      if (!decoded) {
        return Error::Make(ErrorCode::kInternal, "audit_spool_corrupt",
                           f.path.string() + " line " + std::to_string(line_number) +
                               " is not a spooled audit entry");
      }
      max_id = std::max(max_id, decoded->first);
      if (decoded->first > last_moved) found.push_back(std::move(*decoded));
    }
  }
  std::sort(found.begin(), found.end(),
            [](const auto& x, const auto& y) { return x.first < y.first; });
  if (!found.empty()) {
    std::vector<AuditEntry> entries;
    entries.reserve(found.size());
    for (auto& [id, entry] : found) entries.push_back(std::move(entry));
    if (Status s = MoveIntoLog(db_, entries, found.back().first); !s.ok()) return s;
  }
  for (File& f : files_) {
    if (::ftruncate(f.fd, 0) != 0) return IoError(f.path, "cannot truncate");
  }
  next_id_ = max_id + 1;
  return OkStatus();
}

Status AuditSpool::Append(const AuditEntry& entry) {
  std::lock_guard lock(mutex_);
  std::string line;
  try {
    line = EncodeLine(next_id_, entry);
  } catch (const nlohmann::json::exception&) {
    return Error::Make(ErrorCode::kInvalidArgument, "audit_spool_encoding",
                       "an audit entry's text is not UTF-8");
  }
  File& file = files_[active_];
  if (!WriteAll(file.fd, line)) {
    Error error = IoError(file.path, "cannot append to");
    (void)::ftruncate(file.fd, file.size);  // no partial line before the next one
    return error;
  }
  file.size += static_cast<std::int64_t>(line.size());
  file.max_id = next_id_++;
  pending_.push_back(entry);
  if (pending_.size() == kMoveAt) wake_.notify_one();
  return OkStatus();
}

Status AuditSpool::Flush() {
  if (db_.InTransaction()) {
    return Error::Make(ErrorCode::kInternal, "audit_flush_in_transaction",
                       "the audit spool cannot be moved inside a transaction");
  }
  return Move();
}

std::int64_t AuditSpool::moves() const {
  std::lock_guard lock(mutex_);
  return moves_;
}

Status AuditSpool::Move() {
  // The connection first (as every transaction takes it), so one Move runs at a time and a caller
  // that holds the connection already (MakeCheckpoint) can flush without a second lock order.
  auto connection = db_.Lock();
  std::vector<AuditEntry> batch;
  std::int64_t last_id = 0;
  {
    std::lock_guard lock(mutex_);
    if (pending_.empty()) return OkStatus();
    batch.swap(pending_);
    last_id = next_id_ - 1;
    active_ = 1 - active_;  // the file just left holds only entries of this batch (or older)
  }
  Status moved = MoveIntoLog(db_, batch, last_id);
  std::lock_guard lock(mutex_);
  if (!moved.ok()) {  // they stay spooled, ahead of what came meanwhile
    pending_.insert(pending_.begin(), std::make_move_iterator(batch.begin()),
                    std::make_move_iterator(batch.end()));
    return moved;
  }
  ++moves_;
  for (int i = 0; i < 2; ++i) {
    File& f = files_[i];
    if (i == active_ || f.size == 0 || f.max_id > last_id) continue;
    if (::ftruncate(f.fd, 0) == 0) f.size = 0;  // else: its entries are skipped when recovered
  }
  return OkStatus();
}

void AuditSpool::Run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    wake_.wait_for(lock, kMoveInterval,
                   [this] { return stopping_ || pending_.size() >= kMoveAt; });
    if (stopping_ || pending_.empty()) continue;
    lock.unlock();
    const bool moved = Move().ok();
    lock.lock();
    // After a failure (the database busy beyond its timeout) wait a round before trying again.
    if (!moved) wake_.wait_for(lock, kMoveInterval, [this] { return stopping_; });
  }
}

Status SpoolAudit(Database& db, const std::filesystem::path& path) {
  auto spool = AuditSpool::Open(db, path);
  if (!spool.ok()) return std::move(spool).take_error();
  db.AttachAuditSpool(std::move(spool).value());
  return OkStatus();
}

Status MoveLeftoverAuditSpool(Database& db, const std::filesystem::path& path) {
  std::error_code ec;
  const bool any = std::filesystem::exists(path.string() + ".a", ec) ||
                   std::filesystem::exists(path.string() + ".b", ec);
  if (!any) return OkStatus();
  auto spool = AuditSpool::Open(db, path);  // moves the leftovers; closed again at once
  if (!spool.ok() && spool.error().reason != "audit_spool_in_use") {
    return std::move(spool).take_error();
  }
  return OkStatus();
}

}  // namespace lianban::db
