// lianban init --data DIR: creates the data directory (database, key file 0600, seeds).
#include <iostream>
#include <memory>

#include "domain/clock.h"
#include "services/cli/cli_common.h"
#include "services/cli/commands.h"
#include "services/data_dir.h"

namespace lianban::services::cli {

void AddInitCommand(CLI::App& app) {
  auto dir = std::make_shared<std::filesystem::path>();
  CLI::App* cmd = app.add_subcommand("init", "create the data directory (safe to run twice)");
  AddDataOption(*cmd, *dir);
  cmd->callback([dir] {
    const SystemClock clock;
    if (Status s = PrepareDataDir(*dir, SeedsDir(), clock.NowUnix()); !s.ok()) {
      Fail("init " + dir->string(), s.error());
    }
    std::cout << "data directory ready: " << dir->string() << '\n';
  });
}

}  // namespace lianban::services::cli
