// GET /v1/audit/entries?object=&actor=&action=&from=&to=&cursor=&limit=: who did what to which
// object, when and why, oldest first; `next` is the cursor of the following page or null.
#include <nlohmann/json.hpp>

#include "domain/workflow/deadline.h"
#include "services/handlers/audit_handlers.h"
#include "services/handlers/audit_query_params.h"
#include "services/household_service.h"
#include "services/period_query.h"

namespace lianban::services {
namespace {

constexpr std::int64_t kDefaultLimit = 100;
constexpr std::int64_t kMaxLimit = 1000;
constexpr domain::Date kEarliest{2000, 1, 1};

Status ParseTexts(const Request& request, db::AuditFilter& f) {
  for (auto [name, field] : {std::pair{"object", &f.object}, std::pair{"actor", &f.actor},
                             std::pair{"action", &f.action}}) {
    auto value = TextParam(request, name);
    if (!value.ok()) return value.error();
    *field = std::move(*value);
  }
  return OkStatus();
}

Result<db::AuditFilter> ParseFilter(const Request& request, const Clock& clock) {
  db::AuditFilter f;
  if (Status s = ParseTexts(request, f); !s.ok()) return s.error();
  if (request.Query("from") || request.Query("to")) {
    const domain::Date today = domain::workflow::ChinaDate(clock.NowUnix());
    auto period = ParsePeriod(request, kEarliest, today, 100 * 366);
    if (!period.ok()) return period.error();
    f.from = period->start;
    f.to = period->end;
  }
  auto cursor = IntParam(request, "cursor", 0, INT64_MAX, 0);
  if (!cursor.ok()) return cursor.error();
  f.after_seq = *cursor;
  auto limit = IntParam(request, "limit", 1, kMaxLimit, kDefaultLimit);
  if (!limit.ok()) return limit.error();
  f.limit = static_cast<int>(*limit);
  return f;
}

nlohmann::json RenderEntry(const db::StoredAuditEntry& e) {
  return {{"seq", e.seq},
          {"at", FormatTimestamp(e.entry.at)},
          {"actor", e.entry.actor},
          {"role", e.entry.role},
          {"action", e.entry.action},
          {"object", e.entry.object},
          {"outcome", e.entry.outcome},
          {"purpose", e.entry.purpose},
          {"hash", db::EncodeHex(e.hash)}};
}

}  // namespace

Handler MakeAuditEntriesHandler(std::shared_ptr<AuditService> service, const Clock& clock) {
  return [service, &clock](const Request& request, RequestContext& ctx) -> Response {
    auto who = ctx.RequireRole(domain::Action::kReadAudit);
    if (!who.ok()) return Response::Problem(who.error());
    auto filter = ParseFilter(request, clock);
    if (!filter.ok()) return Response::Problem(filter.error());
    auto page = service->Entries(**who, *filter);
    if (!page.ok()) return Response::Problem(page.error());
    nlohmann::json entries = nlohmann::json::array();
    for (const auto& e : page->entries) entries.push_back(RenderEntry(e));
    nlohmann::json next = page->next ? nlohmann::json(std::to_string(*page->next)) : nullptr;
    return Response::Json(200, {{"entries", std::move(entries)}, {"next", std::move(next)}});
  };
}

}  // namespace lianban::services
