#include "services/data_dir.h"

#include <system_error>

#include "db/store.h"

namespace lianban::services {
namespace {

namespace fs = std::filesystem;

Error Io(const fs::path& path, const std::error_code& ec) {
  return Error::Make(ErrorCode::kInternal, "data_dir_io",
                     "cannot write " + path.string() + ": " + ec.message());
}

// Copies `from` to `to` unless `to` exists.
Status CopyIfAbsent(const fs::path& from, const fs::path& to) {
  std::error_code ec;
  if (fs::exists(to, ec)) return OkStatus();
  fs::copy_file(from, to, fs::copy_options::skip_existing, ec);
  if (ec) return Io(to, ec);
  return OkStatus();
}

Status CopySeeds(const fs::path& seeds_dir, const fs::path& target) {
  std::error_code ec;
  const fs::path catalog = seeds_dir / "catalog";
  if (!fs::is_directory(catalog, ec)) {
    if (fs::is_directory(target / "catalog", ec)) return OkStatus();
    return Error::Make(ErrorCode::kNotFound, "seeds_missing",
                       "no seed catalog at " + catalog.string() + " (set LIANBAN_SEEDS)");
  }
  fs::create_directories(target / "catalog", ec);
  if (ec) return Io(target / "catalog", ec);
  for (const fs::directory_entry& entry : fs::directory_iterator(catalog, ec)) {
    if (entry.path().extension() != ".json") continue;
    if (Status s = CopyIfAbsent(entry.path(), target / "catalog" / entry.path().filename()); !s.ok()) {
      return s;
    }
  }
  if (ec) return Io(catalog, ec);
  if (fs::exists(seeds_dir / "holidays.json", ec)) {
    return CopyIfAbsent(seeds_dir / "holidays.json", target / "holidays.json");
  }
  return OkStatus();
}

}  // namespace

Status PrepareDataDir(const fs::path& data_dir, const fs::path& seeds_dir, std::int64_t now) {
  if (Status s = db::InitDataDir(data_dir, now); !s.ok()) return s;
  return CopySeeds(seeds_dir, data_dir / "seeds");
}

}  // namespace lianban::services
