// GET /v1/events?after=CURSOR&limit=N: the event feed in commit order; an agency key sees its
// department's events, an admin all -> {"events": [...], "next": CURSOR}.
#include <charconv>

#include "services/handlers/matters_handlers.h"

namespace lianban::services {
namespace {

std::optional<std::int64_t> NonNegative(std::optional<std::string_view> text, std::int64_t dflt) {
  if (!text) return dflt;
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), v);
  if (ec != std::errc() || end != text->data() + text->size() || v < 0) return std::nullopt;
  return v;
}

Error BadQuery(const char* name) {
  Error e = Error::Make(ErrorCode::kInvalidArgument, std::string("invalid_") + name,
                        std::string(name) + " is a non-negative integer");
  e.fields.push_back({name, e.reason, e.message});
  return e;
}

nlohmann::json RenderEvent(const db::OutboxEvent& e) {
  return {{"cursor", e.cursor},
          {"type", e.event.type},
          {"matter_id", std::stoll(e.event.matter_id)},
          {"task_id",
           e.event.task_id.empty() ? nlohmann::json(nullptr) : nlohmann::json(e.event.task_id)},
          {"department", e.event.department.empty() ? nlohmann::json(nullptr)
                                                    : nlohmann::json(e.event.department)},
          {"from_state", e.event.from_state},
          {"to_state", e.event.to_state},
          {"detail", e.event.detail},
          {"at", e.event.at}};
}

}  // namespace

Handler MakeEventsGetHandler(MatterService& service) {
  return [&service](const Request& request, RequestContext& ctx) -> Response {
    auto who = ctx.RequireRole(domain::Action::kReadEvents);
    if (!who.ok()) return Response::Problem(who.error());
    const auto after = NonNegative(request.Query("after"), 0);
    if (!after) return Response::Problem(BadQuery("after"));
    const auto limit = NonNegative(request.Query("limit"), 100);
    if (!limit || *limit > 1000 || *limit == 0) return Response::Problem(BadQuery("limit"));
    auto page = service.Events(**who, *after, static_cast<int>(*limit));
    if (!page.ok()) return Response::Problem(page.error());
    nlohmann::json events = nlohmann::json::array();
    for (const auto& e : page->events) events.push_back(RenderEvent(e));
    return Response::Json(200, {{"events", events}, {"next", page->next}});
  };
}

}  // namespace lianban::services
