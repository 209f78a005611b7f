// Preparing a data directory for `init` and `serve`: the store's files (db::InitDataDir) plus a
// copy of the seed files (catalog, holidays) the server loads, so a data directory is
// self-contained. Safe to run twice: existing files are never overwritten.
#pragma once

#include <cstdint>
#include <filesystem>

#include "domain/result.h"

namespace lianban::services {

// Creates `data_dir` as db::InitDataDir does, then copies `seeds_dir`/catalog/*.json and
// `seeds_dir`/holidays.json to `data_dir`/seeds/ when absent there. Errors: those of
// InitDataDir; kNotFound "seeds_missing" when `seeds_dir`/catalog does not exist and the data
// directory has no catalog yet; kInternal "data_dir_io".
Status PrepareDataDir(const std::filesystem::path& data_dir, const std::filesystem::path& seeds_dir,
                      std::int64_t now);

}  // namespace lianban::services
