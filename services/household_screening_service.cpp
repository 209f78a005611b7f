#include "services/household_screening_service.h"

#include "domain/screening.h"
#include "domain/workflow/deadline.h"
#include "services/screening_json.h"

namespace lianban::services {
namespace {

nlohmann::json Render(const db::StoredScreening& s) {
  nlohmann::json body = nlohmann::json::parse(s.result, nullptr, false);
  body["id"] = s.id;
  body["household_version"] = s.household_version;
  return body;
}

}  // namespace

Result<nlohmann::json> HouseholdScreeningService::Screen(const domain::Principal& who,
                                                         std::int64_t id,
                                                         std::optional<domain::Date> as_of) {
  auto view = households_.Get(who, id);
  if (!view.ok()) return std::move(view).take_error();
  // "Today" is the date in China (UTC+8), as for matters, deadlines and reports.
  const domain::Date date = as_of.value_or(domain::workflow::ChinaDate(clock_.NowUnix()));
  if (Status s = domain::CheckScreeningRequest(*catalog_, view->household, date); !s.ok()) {
    return std::move(s).take_error();
  }
  const domain::ScreeningResult result = domain::Screen(*catalog_, view->household, date);
  db::StoredScreening stored;
  stored.household_id = id;
  stored.household_version = view->version;
  stored.as_of = date.ToString();
  stored.catalog_version = result.catalog_version;
  stored.result = ScreeningResultJson(*catalog_, result).dump();
  auto added = screenings_.Add(std::move(stored), ActorOf(who), clock_.NowUnix());
  if (!added.ok()) return std::move(added).take_error();
  return Render(*added);
}

Result<nlohmann::json> HouseholdScreeningService::List(const domain::Principal& who,
                                                       std::int64_t id) {
  auto view = households_.Get(who, id);  // existence and scope
  if (!view.ok()) return std::move(view).take_error();
  auto stored = screenings_.List(id, ActorOf(who), clock_.NowUnix());
  if (!stored.ok()) return std::move(stored).take_error();
  nlohmann::json items = nlohmann::json::array();
  for (const auto& s : *stored) items.push_back(Render(s));
  return nlohmann::json{{"screenings", std::move(items)}};
}

}  // namespace lianban::services
