// GET /v1/matters/alerts?soon=N (supervisor): undecided tasks that are overdue or due within N
// working days (default 2, at most 30), most urgent first, and 容缺 materials past their supply-by
// date -> {"now", "tasks": [{"matter_id","task_id","department","state","due_at","urgency"}],
// "materials": [{"matter_id","name","supply_by"}]}.
#include <charconv>

#include "domain/workflow/deadline.h"
#include "services/handlers/matters_handlers.h"

namespace lianban::services {
namespace {

namespace wf = domain::workflow;

std::optional<int> SoonDays(std::optional<std::string_view> text) {
  if (!text) return 2;
  int v = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), v);
  if (ec != std::errc() || end != text->data() + text->size() || v < 0 || v > 30) {
    return std::nullopt;
  }
  return v;
}

nlohmann::json Render(const MatterService::Alerts& alerts) {
  nlohmann::json tasks = nlohmann::json::array();
  for (const auto& a : alerts.tasks) {
    tasks.push_back({{"matter_id", std::stoll(a.matter_id)},
                     {"task_id", a.task_id},
                     {"department", a.department},
                     {"state", wf::TaskStateName(a.state)},
                     {"due_at", wf::FormatChinaTime(a.due_at)},
                     {"urgency", wf::UrgencyName(a.urgency)}});
  }
  nlohmann::json materials = nlohmann::json::array();
  for (const auto& m : alerts.materials) {
    materials.push_back({{"matter_id", std::stoll(m.matter_id)},
                         {"name", m.name},
                         {"supply_by", m.supply_by.ToString()}});
  }
  return {{"now", wf::FormatChinaTime(alerts.now)}, {"tasks", tasks}, {"materials", materials}};
}

}  // namespace

Handler MakeMattersAlertsGetHandler(MatterService& service) {
  return [&service](const Request& request, RequestContext& ctx) -> Response {
    const domain::Principal* who = ctx.principal();
    if (who == nullptr) {
      return Response::Problem(ctx.RequireRole(domain::Action::kReadMatter).error());
    }
    const auto soon = SoonDays(request.Query("soon"));
    if (!soon) {
      Error e = Error::Make(ErrorCode::kInvalidArgument, "invalid_soon",
                            "soon is a number of working days from 0 to 30");
      e.fields.push_back({"soon", e.reason, e.message});
      return Response::Problem(e);
    }
    auto alerts = service.ListAlerts(*who, *soon);
    if (!alerts.ok()) return Response::Problem(alerts.error());
    return Response::Json(200, Render(*alerts));
  };
}

}  // namespace lianban::services
