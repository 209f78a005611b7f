#include "services/period_query.h"

#include <string>
#include <utility>

#include "domain/workflow/deadline.h"
#include "services/handlers/audit_query_params.h"

namespace lianban::services {
namespace {

Result<domain::Date> DateParam(const Request& request, std::string_view name,
                               domain::Date fallback) {
  auto text = request.Query(name);
  if (!text) return fallback;
  auto date = domain::Date::Parse(*text);
  if (!date) return InvalidQuery(name, "a date YYYY-MM-DD");
  return *date;
}

}  // namespace

Result<Period> ParsePeriod(const Request& request, domain::Date default_from,
                           domain::Date default_to, int max_days) {
  auto from = DateParam(request, "from", default_from);
  if (!from.ok()) return from.error();
  auto to = DateParam(request, "to", default_to);
  if (!to.ok()) return to.error();
  if (*from > *to) return InvalidQuery("from", "from must not be after to");
  if (to->ToDays() - from->ToDays() + 1 > max_days) {
    return InvalidQuery("to", "the period may span at most " + std::to_string(max_days) + " days");
  }
  return Period{*from, *to, domain::workflow::StartOfChinaDay(*from),
                domain::workflow::StartOfChinaDay(to->AddDays(1))};
}

}  // namespace lianban::services
