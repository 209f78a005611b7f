// lianban demo-data --data DIR [--count 300] [--matters 0] [--seed 2025] [--now YYYY-MM-DD]:
// registers synthetic households (domain/household_generator.h) across the 12 streets and, with
// --matters, replays a joint-handling history over the 45 days before --now on a fake clock:
// screenings, matters resting on them, reviewers deciding (some late, some asking for information
// first, some rejecting), and the newest matters still open — what run.sh shows a newcomer and what
// scripts/report-screenshot.sh reports on. Deterministic for a seed and --now. Idempotent: a
// household whose members are already registered is skipped with its matters, so running it
// twice adds nothing.
#include <algorithm>
#include <iostream>
#include <map>
#include <memory>
#include <set>

#include <nlohmann/json.hpp>

#include "db/household_repository.h"
#include "db/store.h"
#include "domain/clock.h"
#include "domain/household_generator.h"
#include "domain/workflow/deadline.h"
#include "services/catalog_loader.h"
#include "services/cli/cli_common.h"
#include "services/cli/commands.h"
#include "services/data_dir.h"
#include "services/household_service.h"
#include "services/matter_service.h"

namespace lianban::services::cli {
namespace {

constexpr std::int64_t kDay = 24 * 3600;
constexpr std::int64_t kHistoryDays = 45;
constexpr std::size_t kMaxPoliciesPerMatter = 4;

struct DemoArgs {
  std::filesystem::path data;
  std::uint64_t count = 300;
  std::uint64_t matters = 0;
  std::uint64_t seed = 2025;
  std::string now;  // the history's last day; default today
};

// splitmix64: a reproducible draw for (seed, a, b).
std::uint64_t Draw(std::uint64_t seed, std::uint64_t a, std::uint64_t b) {
  std::uint64_t z = seed + 0x9e3779b97f4a7c15ULL * (a * 0x10001ULL + b + 1);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

domain::Principal Demo(domain::Role role, std::string department = "") {
  domain::Principal p;
  p.role = role;
  p.username = "demo." + std::string(domain::RoleName(role)) +
               (department.empty() ? "" : "." + department);
  p.department = std::move(department);
  return p;
}

// One step of the replayed history, at `at`.
struct Step {
  enum class Kind { kOpen, kRequestInfo, kSupplyInfo, kDecide };
  std::int64_t at = 0;
  Kind kind = Kind::kOpen;
  std::size_t matter = 0;  // index into the planned matters
  std::size_t task = 0;    // index into the matter's tasks, in department order
  bool approve = true;
};

struct PlannedMatter {
  std::int64_t household_id = 0;
  std::int64_t screening_id = 0;
  std::vector<std::string> policy_ids;
  std::vector<std::string> departments;  // one task each, sorted
  std::string id;                        // once opened
  std::map<std::string, std::string> task_ids;  // department -> task id, once opened
};

// The policies a screening found eligible, at most kMaxPoliciesPerMatter, spread over departments.
std::vector<std::string> PickPolicies(const nlohmann::json& screening,
                                      const domain::CompiledCatalog& catalog,
                                      std::set<std::string>& departments) {
  std::vector<std::string> picked;
  for (const auto& r : screening.at("results")) {
    if (r.at("status") != "eligible" || picked.size() == kMaxPoliciesPerMatter) continue;
    const std::string id = r.at("policy_id");
    for (const auto& p : catalog.policies()) {
      if (p.id != id) continue;
      if (departments.size() >= 3 && !departments.count(p.department)) break;
      departments.insert(p.department);
      picked.push_back(id);
    }
  }
  return picked;
}

void ReplayMatters(db::Store& store, std::shared_ptr<const domain::CompiledCatalog> catalog,
                   const std::vector<std::int64_t>& households, const DemoArgs& args,
                   std::int64_t end) {
  const std::int64_t start = end - kHistoryDays * kDay;
  FakeClock clock(start);
  auto stack = OpenMatterStack(store, clock, catalog, args.data / "seeds");
  if (!stack.ok()) Fail("open the joint-handling service", stack.error());
  MatterService& matters = *(*stack)->service;
  HouseholdScreeningService& screenings = *(*stack)->screening_service;
  const domain::Principal caseworker = Demo(domain::Role::kCaseworker);

  // Plan: matter k opens at an even spacing over the first 85 % of the period; each task is
  // decided 1 to 10 days later, one in six after asking for information, one in five rejected.
  std::vector<PlannedMatter> plan;
  std::vector<Step> steps;
  const std::uint64_t n = std::min<std::uint64_t>(args.matters, households.size());
  for (std::uint64_t k = 0; k < n; ++k) {
    const std::int64_t opened = start + static_cast<std::int64_t>(
                                            (kHistoryDays * kDay * 85 / 100) * k / std::max<std::uint64_t>(n, 1));
    clock.Set(opened - 600);
    auto screening = screenings.Screen(caseworker, households[k], domain::workflow::ChinaDate(opened));
    if (!screening.ok()) Fail("screen demo household", screening.error());
    std::set<std::string> departments;
    PlannedMatter m;
    m.household_id = households[k];
    m.screening_id = screening->at("id").get<std::int64_t>();
    m.policy_ids = PickPolicies(*screening, *catalog, departments);
    if (m.policy_ids.empty()) continue;
    m.departments.assign(departments.begin(), departments.end());
    const std::size_t index = plan.size();
    steps.push_back({opened, Step::Kind::kOpen, index, 0, true});
    for (std::size_t t = 0; t < m.departments.size(); ++t) {
      const std::uint64_t r = Draw(args.seed, k, t);
      std::int64_t at = opened + static_cast<std::int64_t>(1 + r % 10) * kDay + 3600;
      if ((r >> 8) % 6 == 0) {
        steps.push_back({at, Step::Kind::kRequestInfo, index, t, true});
        steps.push_back({at + 2 * kDay, Step::Kind::kSupplyInfo, index, t, true});
        at += 4 * kDay;
      }
      steps.push_back({at, Step::Kind::kDecide, index, t, (r >> 16) % 5 != 0});
    }
    plan.push_back(std::move(m));
  }
  std::stable_sort(steps.begin(), steps.end(),
                   [](const Step& a, const Step& b) { return a.at < b.at; });

  std::uint64_t opened = 0, decided = 0, skipped = 0;
  for (const Step& step : steps) {
    if (step.at > end) break;  // the newest matters stay open
    clock.Set(step.at);
    PlannedMatter& m = plan[step.matter];
    if (step.kind == Step::Kind::kOpen) {
      OpenMatterInput in;
      in.household_id = std::to_string(m.household_id);
      in.policy_ids = m.policy_ids;
      in.screening_id = m.screening_id;
      auto matter = matters.Open(caseworker, in);
      if (!matter.ok()) Fail("open demo matter", matter.error());
      m.id = matter->id;
      for (const auto& task : matter->tasks) m.task_ids[task.department] = task.id;
      ++opened;
      continue;
    }
    const std::string& department = m.departments[step.task];
    const domain::Principal reviewer = Demo(domain::Role::kReviewer, department);
    Result<domain::workflow::Matter> done = Error::Make(ErrorCode::kInternal, "", "");
    if (step.kind == Step::Kind::kSupplyInfo) {
      done = matters.SupplyInfo(caseworker, m.id, "已补充近六个月收入证明");
    } else {
      domain::workflow::TaskDecision decision;
      if (step.kind == Step::Kind::kRequestInfo) {
        decision.kind = domain::workflow::DecisionKind::kRequestInfo;
        decision.reason = "请补充近六个月收入证明";
      } else {
        decision.kind = step.approve ? domain::workflow::DecisionKind::kApprove
                                     : domain::workflow::DecisionKind::kReject;
        decision.reason = step.approve ? "材料齐全，符合条件" : "经核查，家庭收入超过标准";
      }
      done = matters.Decide(reviewer, m.id, m.task_ids.at(department), decision);
      if (done.ok() && done->state == domain::workflow::MatterState::kDecided) ++decided;
    }
    // A supply can answer two departments' requests at once; the second finds nothing to answer.
    if (!done.ok() && done.error().code == ErrorCode::kConflict) {
      ++skipped;
    } else if (!done.ok()) {
      Fail("demo matter " + m.id, done.error());
    }
  }
  std::cout << "demo matters: " << opened << " opened, " << decided << " decided";
  if (skipped > 0) std::cout << " (" << skipped << " steps not applicable)";
  std::cout << "\n";
}

void Run(const DemoArgs& args) {
  const SystemClock system_clock;
  domain::Date last_day = domain::workflow::ChinaDate(system_clock.NowUnix());
  if (!args.now.empty()) {
    auto parsed = domain::Date::Parse(args.now);
    if (!parsed) Fail("--now must be a date YYYY-MM-DD, not \"" + args.now + "\"");
    last_day = *parsed;
  }
  // 18:00 China time on the last day; households are registered when the history begins.
  std::int64_t end = domain::workflow::StartOfChinaDay(last_day) + 18 * 3600;
  if (args.now.empty()) end = std::min(end, system_clock.NowUnix());  // never in the future
  const std::int64_t begin = args.matters > 0 ? end - (kHistoryDays + 1) * kDay : end;
  const FakeClock register_clock(args.now.empty() && args.matters == 0 ? system_clock.NowUnix()
                                                                        : begin);
  if (Status s = PrepareDataDir(args.data, SeedsDir(), register_clock.NowUnix()); !s.ok()) {
    Fail("prepare " + args.data.string(), s.error());
  }
  auto store = db::Store::Open(args.data, register_clock.NowUnix());
  if (!store.ok()) Fail("open " + args.data.string(), store.error());
  db::HouseholdRepository repository((*store)->db(), (*store)->sealer(), (*store)->blind_index());
  HouseholdService service(repository, register_clock);
  const db::Actor actor{"system", "demo-data"};
  std::vector<std::int64_t> added;
  std::uint64_t present = 0;
  for (std::uint64_t i = 0; i < args.count; ++i) {
    auto view = service.RegisterAs(actor, domain::GenerateHousehold(args.seed, i));
    if (view.ok()) {
      added.push_back(view->id);
    } else if (view.error().reason == "duplicate_person") {
      ++present;
    } else {
      Fail("register demo household " + std::to_string(i), view.error());
    }
  }
  std::cout << "demo households: " << added.size() << " registered, " << present
            << " already present\n";
  if (args.matters == 0 || added.empty()) return;
  auto catalog = LoadCatalog(CatalogDirUnder(args.data));
  if (!catalog.ok()) Fail("loading the catalog of " + args.data.string(), catalog.error());
  ReplayMatters(**store, *catalog, added, args, end);
}

}  // namespace

void AddDemoDataCommand(CLI::App& app) {
  auto args = std::make_shared<DemoArgs>();
  CLI::App* cmd = app.add_subcommand("demo-data", "register synthetic demo households and matters");
  AddDataOption(*cmd, args->data);
  cmd->add_option("--count", args->count, "number of households")->default_val(300);
  cmd->add_option("--matters", args->matters,
                  "joint-handling matters to replay over the 45 days before --now")
      ->default_val(0);
  cmd->add_option("--seed", args->seed, "population seed")->default_val(2025);
  cmd->add_option("--now", args->now, "last day of the demo history, YYYY-MM-DD (default: today)");
  cmd->callback([args] { Run(*args); });
}

}  // namespace lianban::services::cli
