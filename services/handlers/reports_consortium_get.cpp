#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "db/report_repository.h"
#include "domain/report.h"
#include "domain/workflow/deadline.h"
#include "services/handlers/reports_handlers.h"
#include "services/period_query.h"
#include "services/report_render.h"

namespace lianban::services {
namespace {

constexpr int kMaxReportDays = 3660;

enum class Format { kJson, kCsv, kHtml };

// The media type the Accept header prefers among JSON, CSV and HTML (RFC 9110 §12.5.1: the
// highest q wins, ties go to the earlier entry; */* and application/* mean JSON). JSON when the
// header is absent or names none of them.
Format Negotiate(const Request& request) {
  std::string_view accept = request.Header("accept").value_or("");
  Format best = Format::kJson;
  double best_q = -1;
  while (!accept.empty()) {
    const auto comma = accept.find(',');
    std::string_view item = accept.substr(0, comma);
    accept = comma == std::string_view::npos ? std::string_view() : accept.substr(comma + 1);
    const auto semicolon = item.find(';');
    std::string_view type = item.substr(0, semicolon);
    while (!type.empty() && type.front() == ' ') type.remove_prefix(1);
    while (!type.empty() && type.back() == ' ') type.remove_suffix(1);
    double q = 1;
    if (semicolon != std::string_view::npos) {
      const auto at = item.find("q=", semicolon);
      if (at != std::string_view::npos) q = std::atof(std::string(item.substr(at + 2)).c_str());
    }
    std::optional<Format> format;
    if (type == "text/csv") format = Format::kCsv;
    else if (type == "text/html") format = Format::kHtml;
    else if (type == "application/json" || type == "application/*" || type == "*/*") {
      format = Format::kJson;
    }
    if (format && q > 0 && q > best_q) {
      best = *format;
      best_q = q;
    }
  }
  return best;
}

Response Text(std::string content_type, std::string body) {
  Response r;
  r.status = 200;
  r.content_type = std::move(content_type);
  r.body = std::move(body);
  return r;
}

}  // namespace

Handler MakeReportsConsortiumHandler(db::Database& db, const db::Sealer& sealer,
                                     std::shared_ptr<const domain::CompiledCatalog> catalog,
                                     const Clock& clock) {
  return [&db, &sealer, catalog, &clock](const Request& request, RequestContext& ctx) -> Response {
    auto who = ctx.RequireRole(domain::Action::kReadReports);
    if (!who.ok()) return Response::Problem(who.error());
    const domain::Date today = domain::workflow::ChinaDate(clock.NowUnix());
    const domain::Date month_start(today.year(), today.month(), 1);
    auto period = ParsePeriod(request, month_start, today, kMaxReportDays);
    if (!period.ok()) return Response::Problem(period.error());
    auto history = db::ReportRepository(db, sealer).LoadHistory(period->start, period->end);
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

void RegisterReportRoutes(Router& router, db::Database& db, const db::Sealer& sealer,
                          std::shared_ptr<const domain::CompiledCatalog> catalog,
                          const Clock& clock) {
  router.Add("GET", "/v1/reports/consortium",
             MakeReportsConsortiumHandler(db, sealer, std::move(catalog), clock));
}

}  // namespace lianban::services
