#include <nlohmann/json.hpp>

#include "db/report_repository.h"
#include "domain/report.h"
#include "domain/workflow/deadline.h"
#include "services/handlers/reports_handlers.h"
#include "services/period_query.h"
#include "services/report_render.h"

namespace lianban::services {
namespace {

constexpr int kMaxDays = 3660;

enum class Format { kJson, kCsv, kHtml };

// The first of CSV or HTML the Accept header names; JSON otherwise (the default).
Format Negotiate(const Request& request) {
  const std::string_view accept = request.Header("accept").value_or("");
  const auto csv = accept.find("text/csv");
  const auto html = accept.find("text/html");
  if (csv != std::string_view::npos && (html == std::string_view::npos || csv < html)) {
    return Format::kCsv;
  }
  if (html != std::string_view::npos) return Format::kHtml;
  return Format::kJson;
}

Response Text(std::string content_type, std::string body) {
  Response r;
  r.status = 200;
  r.content_type = std::move(content_type);
  r.body = std::move(body);
  return r;
}

}  // namespace

Handler MakeReportsConsortiumHandler(db::Database& db,
                                     std::shared_ptr<const domain::CompiledCatalog> catalog,
                                     const Clock& clock) {
  return [&db, catalog, &clock](const Request& request, RequestContext& ctx) -> Response {
    auto who = ctx.RequireRole(domain::Action::kReadReports);
    if (!who.ok()) return Response::Problem(who.error());
    const domain::Date today = domain::workflow::ChinaDate(clock.NowUnix());
    const domain::Date month_start(today.year(), today.month(), 1);
    auto period = ParsePeriod(request, month_start, today, kMaxDays);
    if (!period.ok()) return Response::Problem(period.error());
    auto history = db::ReportRepository(db).LoadHistory(period->start, period->end);
    if (!history.ok()) return Response::Problem(history.error());
    const domain::ConsortiumReport report =
        domain::ComputeConsortiumReport(*history, period->start, period->end);
    switch (Negotiate(request)) {
      case Format::kCsv:
        return Text("text/csv; charset=utf-8", ReportCsv(report, *period, catalog.get()));
      case Format::kHtml:
        return Text("text/html; charset=utf-8", ReportHtml(report, *period, catalog.get()));
      case Format::kJson:
        break;
    }
    return Response::Json(200, ReportJson(report, *period, catalog.get()));
  };
}

void RegisterReportRoutes(Router& router, db::Database& db,
                          std::shared_ptr<const domain::CompiledCatalog> catalog,
                          const Clock& clock) {
  router.Add("GET", "/v1/reports/consortium",
             MakeReportsConsortiumHandler(db, std::move(catalog), clock));
}

}  // namespace lianban::services
