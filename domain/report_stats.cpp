#include "domain/report_stats.h"

#include <algorithm>

namespace lianban::domain {

std::optional<std::int64_t> NearestRankPercentile(std::vector<std::int64_t> values, int percent) {
  if (values.empty() || percent < 1 || percent > 100) return std::nullopt;
  const auto n = static_cast<std::int64_t>(values.size());
  const std::int64_t rank = (percent * n + 99) / 100;  // ceil(percent * n / 100), >= 1
  auto nth = values.begin() + (rank - 1);
  std::nth_element(values.begin(), nth, values.end());
  return *nth;
}

std::optional<std::int64_t> Rate::PerMille() const {
  if (denominator <= 0) return std::nullopt;
  return (numerator * 2000 + denominator) / (2 * denominator);
}

}  // namespace lianban::domain
