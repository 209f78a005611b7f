// lianban screen --in households.ndjson --out results.ndjson [--as-of DATE] [--threads N]
// [--brief] [--catalog DIR]: screens a whole population (services/batch_screen.h). Progress and
// each bad line go to stderr, the summary to stdout. Exit 0 when every line was screened, 2 when
// some lines were rejected (the others are still screened), 1 on a fatal error.
#include <fstream>
#include <iomanip>
#include <iostream>
#include <memory>

#include "domain/clock.h"
#include "services/batch_screen.h"
#include "services/catalog_loader.h"
#include "services/cli/cli_common.h"
#include "services/cli/commands.h"

namespace lianban::services::cli {
namespace {

struct ScreenArgs {
  std::string in;
  std::string out;
  std::string as_of;  // default: today (UTC)
  int threads = 2;
  bool brief = false;
  std::filesystem::path catalog;  // default: the seed catalog
};

domain::Date AsOf(const ScreenArgs& args) {
  if (args.as_of.empty()) return domain::Date::FromUnix(SystemClock().NowUnix());
  auto date = domain::Date::Parse(args.as_of);
  if (!date) Fail("--as-of: not a real YYYY-MM-DD date (invalid_as_of)");
  return *date;
}

void PrintSummary(const domain::CompiledCatalog& catalog, const BatchSummary& s) {
  std::cout << "households screened: " << s.households << "\nbad lines: " << s.bad_lines
            << "\nseconds: " << std::fixed << std::setprecision(2) << s.seconds << "\n";
  if (s.seconds > 0) {
    std::cout << "households/second: " << std::setprecision(0)
              << static_cast<double>(s.households) / s.seconds << "\n";
  }
  std::cout << "eligible households per policy:\n";
  for (std::size_t p = 0; p < s.eligible.size(); ++p) {
    std::cout << "  " << std::left << std::setw(6) << catalog.policies()[p].id << std::right
              << std::setw(10) << s.eligible[p] << "\n";
  }
}

void Run(const ScreenArgs& args) {
  const domain::Date as_of = AsOf(args);
  const auto dir = args.catalog.empty() ? SeedsDir() / "catalog" : args.catalog;
  auto catalog = LoadCatalog(dir);
  if (!catalog.ok()) Fail("loading the catalog from " + dir.string(), catalog.error());
  std::ifstream in(args.in);
  if (!in) Fail("cannot open --in " + args.in);
  std::ofstream out(args.out, std::ios::trunc);
  if (!out) Fail("cannot create --out " + args.out);
  BatchOptions options;
  options.as_of = as_of;
  options.threads = args.threads;
  options.brief = args.brief;
  options.on_progress = [](std::size_t lines) {
    std::cerr << "\rscreening: " << lines << " lines read" << std::flush;
  };
  auto summary = ScreenBatch(**catalog, in, out, options, [](const BadLine& bad) {
    std::cerr << "\r" << DescribeBadLine(bad) << "\n";
  });
  std::cerr << "\n";
  if (!summary.ok()) Fail("screen", summary.error());
  out.close();
  if (!out) Fail("cannot write --out " + args.out);
  PrintSummary(**catalog, *summary);
  if (summary->bad_lines > 0) throw CLI::RuntimeError(2);
}

}  // namespace

void AddScreenCommand(CLI::App& app) {
  auto args = std::make_shared<ScreenArgs>();
  CLI::App* cmd = app.add_subcommand("screen", "screen a population of households (NDJSON)");
  cmd->add_option("--in", args->in, "households, one JSON object per line")->required();
  cmd->add_option("--out", args->out, "results, one JSON object per input line")->required();
  cmd->add_option("--as-of", args->as_of, "evaluation date YYYY-MM-DD (default: today, UTC)");
  cmd->add_option("--threads", args->threads, "screening threads")
      ->check(CLI::Range(1, 64))
      ->default_val(2);
  cmd->add_flag("--brief", args->brief, "leave out each result's criteria (much smaller output)");
  cmd->add_option("--catalog", args->catalog, "catalog seed directory (default: the seeds)");
  cmd->callback([args] { Run(*args); });
}

}  // namespace lianban::services::cli
