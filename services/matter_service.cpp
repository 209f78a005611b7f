#include "services/matter_service.h"

#include <algorithm>

#include "domain/workflow/deadline.h"
#include "domain/workflow/screening_link.h"
#include "services/matter_errors.h"
#include "services/workflow_seeds.h"

namespace lianban::services {
namespace {

using domain::Action;
using domain::Principal;
using domain::workflow::Matter;
using domain::workflow::WorkflowEvent;
using matter_errors::Forbidden;
using matter_errors::MatterNotFound;
using matter_errors::PositiveId;

bool MayRead(const Principal& who, const Matter& m) {
  if (!domain::RoleNeedsDepartment(who.role)) return domain::Allowed(who, Action::kReadMatter, "");
  return domain::workflow::HasTaskFor(m, who.department) &&
         domain::Allowed(who, Action::kReadMatter, who.department);
}

}  // namespace

MatterService::MatterService(db::Database& db, db::MatterRepository& matters,
                             db::ApiKeyRepository& keys, const Clock& clock,
                             domain::workflow::WorkflowRules rules, HouseholdCheck household_exists,
                             ScreeningSource screenings, std::vector<std::string> departments)
    : db_(db),
      matters_(matters),
      keys_(keys),
      clock_(clock),
      rules_(std::move(rules)),
      household_exists_(std::move(household_exists)),
      screenings_(std::move(screenings)),
      departments_(std::move(departments)) {}

Result<Matter> MatterService::Open(const Principal& who, const OpenMatterInput& in) {
  if (!domain::Allowed(who, Action::kOpenMatter, "")) return Forbidden();
  const auto household = PositiveId(in.household_id);
  if (!household) {
    return Error::Make(ErrorCode::kNotFound, "household_not_found", "no household has this id");
  }
  if (auto s = household_exists_(*household); !s) return Error(s.error());
  const std::int64_t now = clock_.NowUnix();
  auto opened = domain::workflow::OpenMatter(
      {"", std::to_string(*household), "", in.policy_ids, in.missing_materials}, rules_, now);
  if (!opened) return Error(opened.error());
  // The screening (when made now) and the matter are stored together or not at all.
  std::optional<Matter> created;
  Status s = db_.WithWriteTransaction([&]() -> Status {
    auto screening =
        screenings_(who, *household, in.screening_id, domain::workflow::ChinaDate(now));
    if (!screening) return Error(screening.error());
    if (auto a = domain::workflow::AttachScreening(opened->matter, screening->id,
                                                   screening->results);
        !a) {
      return a;
    }
    auto stored =
        matters_.Create(std::move(opened->matter), std::move(opened->events), ActorOf(who), now);
    if (!stored) return Error(stored.error());
    created = std::move(*stored);
    return OkStatus();
  });
  if (!s) return Error(s.error());
  return std::move(*created);
}

Result<Matter> MatterService::Get(const Principal& who, std::string_view id) {
  if (!domain::Allowed(who.role, who.department, Action::kReadMatter,
                       domain::RoleNeedsDepartment(who.role) ? who.department : "")) {
    return Forbidden();
  }
  auto m = matters_.Get(id);
  if (!m) return m;
  if (!MayRead(who, *m)) return MatterNotFound();
  return m;
}

Result<Matter> MatterService::Apply(const Principal& who, std::string_view id,
                                    std::string_view action, const Change& change) {
  auto m = matters_.Get(id);
  if (!m) return m;
  const std::int64_t now = clock_.NowUnix();
  auto events = change(*m, now);
  if (!events) return Error(events.error());
  return matters_.Update(std::move(*m), *events, ActorOf(who), action, now);
}

Result<Matter> MatterService::Decide(const Principal& who, std::string_view id,
                                     std::string_view task_id,
                                     const domain::workflow::TaskDecision& decision) {
  if (who.role != domain::Role::kReviewer) return Forbidden();
  return Apply(who, id, "matter.decide", [&](Matter& m, std::int64_t now) {
    return domain::workflow::DecideTask(m, task_id, who.department, decision, now);
  });
}

Result<Matter> MatterService::SupplyInfo(const Principal& who, std::string_view id,
                                         std::string_view note) {
  if (!domain::Allowed(who, Action::kSupplyInfo, "")) return Forbidden();
  return Apply(who, id, "matter.supply_info", [&](Matter& m, std::int64_t now) {
    return domain::workflow::SupplyInfo(m, note, *rules_.calendar, now);
  });
}

Result<Matter> MatterService::SupplyMaterial(const Principal& who, std::string_view id,
                                             std::string_view name) {
  if (!domain::Allowed(who, Action::kSupplyInfo, "")) return Forbidden();
  return Apply(who, id, "matter.supply_material", [&](Matter& m, std::int64_t now) {
    return domain::workflow::SupplyMissingMaterial(m, name, now);
  });
}

Result<Matter> MatterService::Withdraw(const Principal& who, std::string_view id,
                                       std::string_view reason) {
  if (!domain::Allowed(who, Action::kSupplyInfo, "")) return Forbidden();
  return Apply(who, id, "matter.withdraw", [&](Matter& m, std::int64_t now) {
    return domain::workflow::WithdrawMatter(m, reason, now);
  });
}

Result<MatterService::Alerts> MatterService::ListAlerts(const Principal& who,
                                                        int soon_working_days) {
  if (who.role != domain::Role::kSupervisor) return Forbidden();
  auto open = matters_.ListOpen();
  if (!open) return Error(open.error());
  Alerts out;
  out.now = clock_.NowUnix();
  out.tasks = domain::workflow::TaskAlerts(*open, *rules_.calendar, out.now, soon_working_days);
  out.materials = domain::workflow::OverdueMaterials(*open, out.now);
  return out;
}

Result<db::EventPage> MatterService::Events(const Principal& who, std::int64_t after, int limit) {
  if (who.role == domain::Role::kAdmin) return matters_.ReadEvents(after, limit, std::nullopt);
  if (who.role != domain::Role::kAgency || who.department.empty()) return Forbidden();
  return matters_.ReadEvents(after, limit, who.department);
}

Result<db::CreatedApiKey> MatterService::CreateApiKey(const Principal& who, std::string_view name,
                                                      std::string_view department) {
  if (!domain::Allowed(who, Action::kManageApiKeys, "")) return Forbidden();
  if (std::find(departments_.begin(), departments_.end(), department) == departments_.end()) {
    Error e = Error::Make(ErrorCode::kInvalidArgument, "unknown_department",
                          "no department has this code");
    e.fields.push_back({"department", "unknown_department", "not a catalog department code"});
    return e;
  }
  return keys_.Create(name, department, ActorOf(who), clock_.NowUnix());
}

Status MatterService::RevokeApiKey(const Principal& who, std::int64_t id) {
  if (!domain::Allowed(who, Action::kManageApiKeys, "")) return Forbidden();
  return keys_.Revoke(id, ActorOf(who), clock_.NowUnix());
}

std::optional<Result<Principal>> MatterService::LookupApiKey(std::string_view token) {
  auto key = keys_.Lookup(token);
  if (!key) return std::nullopt;
  if (!key->ok()) return Result<Principal>(key->error());
  const db::ApiKey& k = key->value();
  Principal p;
  p.kind = Principal::Kind::kApiKey;
  p.id = k.id;
  p.username = k.name;
  p.role = domain::Role::kAgency;
  p.department = k.department;
  p.credential_id = k.id;
  return Result<Principal>(p);
}

Result<std::unique_ptr<MatterStack>> OpenMatterStack(
    db::Store& store, const Clock& clock, std::shared_ptr<const domain::CompiledCatalog> catalog,
    const std::filesystem::path& seeds_dir) {
  auto calendar = LoadHolidays(seeds_dir / "holidays.json");
  if (!calendar) return Error(calendar.error());
  auto limits = LoadTimeLimits(seeds_dir / "catalog" / "time_limits.json");
  if (!limits) return Error(limits.error());
  db::Database& db = store.db();
  auto stack = std::make_unique<MatterStack>();
  stack->calendar = std::move(*calendar);
  stack->matters = std::make_unique<db::MatterRepository>(db, store.sealer());
  if (auto sealed = stack->matters->SealClearReasons(); !sealed) return Error(sealed.error());
  stack->documents = std::make_unique<db::MatterDocumentRepository>(db, store.sealer());
  stack->api_keys = std::make_unique<db::ApiKeyRepository>(db);
  stack->households =
      std::make_unique<db::HouseholdRepository>(db, store.sealer(), store.blind_index());
  stack->household_service = std::make_unique<HouseholdService>(*stack->households, clock);
  stack->screenings = std::make_unique<db::ScreeningRepository>(db, store.sealer());
  stack->screening_service = std::make_unique<HouseholdScreeningService>(
      *stack->household_service, *stack->screenings, catalog, clock);
  std::vector<std::string> codes;
  for (const auto& d : catalog->departments()) codes.push_back(d.id);
  db::MatterRepository* repo = stack->matters.get();
  stack->service = std::make_unique<MatterService>(
      db, *stack->matters, *stack->api_keys, clock,
      MakeWorkflowRules(catalog->policies(), std::move(*limits), &stack->calendar),
      [repo](std::int64_t id) -> Status {
        auto exists = repo->HouseholdExists(id);
        if (!exists) return Error(exists.error());
        if (!*exists) {
          return Error::Make(ErrorCode::kNotFound, "household_not_found",
                             "no household has this id");
        }
        return OkStatus();
      },
      MakeScreeningSource(*stack->screening_service), std::move(codes));
  stack->document_service =
      std::make_unique<MatterDocumentService>(*stack->matters, *stack->documents, clock);
  return stack;
}

}  // namespace lianban::services
