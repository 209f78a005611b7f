// Exact figures for the consortium reports: nearest-rank percentiles over integers and rates kept as
// numerator and denominator, so every figure is reproducible to the unit (no floating point).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace lianban::domain {

// The nearest-rank `percent`-th percentile (1..100) of `values`: the smallest value v such that at
// least `percent`% of the values are <= v, i.e. the ceil(percent * n / 100)-th smallest. Always one
// of the values. nullopt when `values` is empty or `percent` is outside 1..100.
std::optional<std::int64_t> NearestRankPercentile(std::vector<std::int64_t> values, int percent);

// The nearest-rank median (the 50th percentile): for an even count, the lower of the two middle
// values, so the median is always an observed value.
inline std::optional<std::int64_t> Median(std::vector<std::int64_t> values) {
  return NearestRankPercentile(std::move(values), 50);
}

// A share such as approvals / decisions.
struct Rate {
  std::int64_t numerator = 0;
  std::int64_t denominator = 0;

  // Per mille, rounded half up (667 for 2/3); nullopt when the denominator is 0.
  std::optional<std::int64_t> PerMille() const;

  friend bool operator==(const Rate&, const Rate&) = default;
};

}  // namespace lianban::domain
