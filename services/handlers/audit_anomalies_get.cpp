// GET /v1/audit/anomalies?from=&to=&max_households=&window_minutes=: accounts that read more than
// `max_households` distinct households (default 20) within `window_minutes` (default 60), over the
// period (default: the last 7 days, China time).
#include <nlohmann/json.hpp>

#include "domain/workflow/deadline.h"
#include "services/handlers/audit_handlers.h"
#include "services/handlers/audit_query_params.h"
#include "services/household_service.h"
#include "services/period_query.h"

namespace lianban::services {
namespace {

constexpr int kDefaultDays = 7;
constexpr int kMaxDays = 366;

Result<domain::AccessRule> ParseRule(const Request& request) {
  domain::AccessRule rule;
  auto max = IntParam(request, "max_households", 1, 100000, rule.max_distinct_objects);
  if (!max.ok()) return max.error();
  auto minutes = IntParam(request, "window_minutes", 1, 24 * 60, rule.window_seconds / 60);
  if (!minutes.ok()) return minutes.error();
  return domain::AccessRule{static_cast<int>(*max), *minutes * 60};
}

nlohmann::json Render(const AnomalyReport& report, const Period& period) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& a : report.anomalies) {
    items.push_back({{"actor", a.actor},
                     {"from", FormatTimestamp(a.from)},
                     {"to", FormatTimestamp(a.to)},
                     {"peak_households", a.peak_distinct_objects},
                     {"reads", a.reads}});
  }
  return {{"from", period.from.ToString()},
          {"to", period.to.ToString()},
          {"rule",
           {{"max_households", report.rule.max_distinct_objects},
            {"window_minutes", report.rule.window_seconds / 60}}},
          {"anomalies", std::move(items)}};
}

}  // namespace

Handler MakeAuditAnomaliesHandler(std::shared_ptr<AuditService> service, const Clock& clock) {
  return [service, &clock](const Request& request, RequestContext& ctx) -> Response {
    auto who = ctx.RequireRole(domain::Action::kReadAudit);
    if (!who.ok()) return Response::Problem(who.error());
    const domain::Date today = domain::workflow::ChinaDate(clock.NowUnix());
    auto period = ParsePeriod(request, today.AddDays(1 - kDefaultDays), today, kMaxDays);
    if (!period.ok()) return Response::Problem(period.error());
    auto rule = ParseRule(request);
    if (!rule.ok()) return Response::Problem(rule.error());
    auto report = service->Anomalies(**who, period->start, period->end, *rule);
    if (!report.ok()) return Response::Problem(report.error());
    return Response::Json(200, Render(*report, *period));
  };
}

}  // namespace lianban::services
