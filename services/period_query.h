// The `from` and `to` query parameters of the audit and report endpoints: civil dates
// (YYYY-MM-DD) in China Standard Time, both days included.
#pragma once

#include <cstdint>

#include "domain/date.h"
#include "domain/result.h"
#include "services/http_types.h"

namespace lianban::services {

struct Period {
  domain::Date from;
  domain::Date to;
  std::int64_t start = 0;  // 00:00:00 CST of `from`, unix seconds
  std::int64_t end = 0;    // 00:00:00 CST of the day after `to` (exclusive)
};

// The period of `from`..`to`; a missing parameter defaults to the given date. Errors: 422
// invalid_query naming the parameter when a date is malformed, `from` is after `to`, or the period
// is longer than `max_days`.
Result<Period> ParsePeriod(const Request& request, domain::Date default_from,
                           domain::Date default_to, int max_days = 3660);

}  // namespace lianban::services
