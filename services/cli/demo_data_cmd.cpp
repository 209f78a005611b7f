// lianban demo-data --data DIR [--count 300] [--seed 2025]: registers synthetic households
// (domain/household_generator.h) across the 12 streets. Idempotent: a household whose members
// are already registered is skipped, so running it twice adds nothing.
#include <iostream>
#include <memory>

#include "db/household_repository.h"
#include "db/store.h"
#include "domain/clock.h"
#include "domain/household_generator.h"
#include "services/cli/cli_common.h"
#include "services/cli/commands.h"
#include "services/data_dir.h"
#include "services/household_service.h"

namespace lianban::services::cli {
namespace {

struct DemoArgs {
  std::filesystem::path data;
  std::uint64_t count = 300;
  std::uint64_t seed = 2025;
};

void Run(const DemoArgs& args) {
  const SystemClock clock;
  if (Status s = PrepareDataDir(args.data, SeedsDir(), clock.NowUnix()); !s.ok()) {
    Fail("prepare " + args.data.string(), s.error());
  }
  auto store = db::Store::Open(args.data, clock.NowUnix());
  if (!store.ok()) Fail("open " + args.data.string(), store.error());
  db::HouseholdRepository repository((*store)->db(), (*store)->sealer(), (*store)->blind_index());
  HouseholdService service(repository, clock);
  const db::Actor actor{"system", "demo-data"};
  std::uint64_t added = 0, present = 0;
  for (std::uint64_t i = 0; i < args.count; ++i) {
    auto view = service.RegisterAs(actor, domain::GenerateHousehold(args.seed, i));
    if (view.ok()) {
      ++added;
    } else if (view.error().reason == "duplicate_person") {
      ++present;
    } else {
      Fail("register demo household " + std::to_string(i), view.error());
    }
  }
  std::cout << "demo households: " << added << " registered, " << present
            << " already present\n";
}

}  // namespace

void AddDemoDataCommand(CLI::App& app) {
  auto args = std::make_shared<DemoArgs>();
  CLI::App* cmd = app.add_subcommand("demo-data", "register synthetic demo households");
  AddDataOption(*cmd, args->data);
  cmd->add_option("--count", args->count, "number of households")->default_val(300);
  cmd->add_option("--seed", args->seed, "population seed")->default_val(2025);
  cmd->callback([args] { Run(*args); });
}

}  // namespace lianban::services::cli
