// lianban report --data DIR [--from D] [--to D] [--format json|csv|html] [--out FILE]: the
// consortium report of GET /v1/reports/consortium, computed offline from a data directory (or a
// restored backup), for auditors and for scripts/report-screenshot.sh. Figures only: the report
// holds no personal data, so reading it needs no sign-in and appends no audit entry.
#include <fstream>
#include <iostream>
#include <memory>

#include <nlohmann/json.hpp>

#include "db/report_repository.h"
#include "db/store.h"
#include "domain/clock.h"
#include "domain/report.h"
#include "domain/workflow/deadline.h"
#include "services/catalog_loader.h"
#include "services/cli/cli_common.h"
#include "services/cli/commands.h"
#include "services/period_query.h"
#include "services/report_render.h"

namespace lianban::services::cli {
namespace {

struct ReportArgs {
  std::filesystem::path data;
  std::string from;  // default: the first of the current month (China time)
  std::string to;    // default: today
  std::string format = "json";
  std::string out;  // default: standard output
};

domain::Date DateOption(const std::string& text, const char* name, domain::Date fallback) {
  if (text.empty()) return fallback;
  auto date = domain::Date::Parse(text);
  if (!date) Fail(std::string(name) + " must be a date YYYY-MM-DD, not \"" + text + "\"");
  return *date;
}

void Run(const ReportArgs& args) {
  const SystemClock clock;
  const domain::Date today = domain::workflow::ChinaDate(clock.NowUnix());
  Period period;
  period.from = DateOption(args.from, "--from", domain::Date(today.year(), today.month(), 1));
  period.to = DateOption(args.to, "--to", today);
  if (period.from > period.to) Fail("--from must not be after --to");
  period.start = domain::workflow::StartOfChinaDay(period.from);
  period.end = domain::workflow::StartOfChinaDay(period.to.AddDays(1));

  if (!std::filesystem::exists(args.data / db::kDatabaseFileName)) {
    Fail("no Lianban database in " + args.data.string());
  }
  auto catalog = LoadCatalog(CatalogDirUnder(args.data));
  if (!catalog.ok()) Fail("loading the catalog of " + args.data.string(), catalog.error());
  auto store = db::Store::Open(args.data, clock.NowUnix());
  if (!store.ok()) Fail("open " + args.data.string(), store.error());
  auto history = db::ReportRepository((*store)->db(), (*store)->sealer()).LoadHistory(period.start, period.end);
  if (!history.ok()) Fail("reading the history", history.error());
  const domain::ConsortiumReport report =
      domain::ComputeConsortiumReport(*history, period.start, period.end);

  std::string text;
  if (args.format == "csv") {
    text = ReportCsv(report, period, catalog->get());
  } else if (args.format == "html") {
    text = ReportHtml(report, period, catalog->get());
  } else {
    text = ReportJson(report, period, catalog->get()).dump(2) + "\n";
  }
  if (args.out.empty()) {
    std::cout << text;
    return;
  }
  std::ofstream file(args.out, std::ios::trunc | std::ios::binary);
  if (!(file << text)) Fail("cannot write --out " + args.out);
}

}  // namespace

void AddReportCommand(CLI::App& app) {
  auto args = std::make_shared<ReportArgs>();
  CLI::App* cmd = app.add_subcommand("report", "the consortium report for a period, offline");
  AddDataOption(*cmd, args->data);
  cmd->add_option("--from", args->from, "first day, YYYY-MM-DD (default: first of this month)");
  cmd->add_option("--to", args->to, "last day, YYYY-MM-DD (default: today)");
  cmd->add_option("--format", args->format, "json, csv or html")
      ->check(CLI::IsMember({"json", "csv", "html"}))
      ->default_val("json");
  cmd->add_option("--out", args->out, "output file (default: standard output)");
  cmd->callback([args] { Run(*args); });
}

}  // namespace lianban::services::cli
