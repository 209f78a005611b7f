// lianban gen-households --count N --seed S [--out FILE]: writes N synthetic households
// (domain/household_generator.h) as NDJSON, one household object per line, to FILE or stdout.
// The same count and seed give byte-identical output.
#include <cstdint>
#include <fstream>
#include <iostream>
#include <memory>

#include "domain/household_generator.h"
#include "services/cli/cli_common.h"
#include "services/cli/commands.h"
#include "services/household_json.h"

namespace lianban::services::cli {
namespace {

struct GenArgs {
  std::uint64_t count = 0;
  std::uint64_t seed = 0;
  std::string out;  // empty: stdout
};

void Write(const GenArgs& args, std::ostream& out) {
  for (std::uint64_t i = 0; i < args.count; ++i) {
    out << EncodeHousehold(domain::GenerateHousehold(args.seed, i)).dump() << '\n';
  }
  out.flush();
  if (!out) Fail("cannot write the households");
}

void Run(const GenArgs& args) {
  if (args.out.empty()) return Write(args, std::cout);
  std::ofstream file(args.out, std::ios::trunc);
  if (!file) Fail("cannot create --out " + args.out);
  Write(args, file);
}

}  // namespace

void AddGenHouseholdsCommand(CLI::App& app) {
  auto args = std::make_shared<GenArgs>();
  CLI::App* cmd =
      app.add_subcommand("gen-households", "write synthetic households (NDJSON) for tests");
  cmd->add_option("--count", args->count, "number of households")->required();
  cmd->add_option("--seed", args->seed, "population seed")->required();
  cmd->add_option("--out", args->out, "output file (default: standard output)");
  cmd->callback([args] { Run(*args); });
}

}  // namespace lianban::services::cli
