// Unusual access to personal data: one account reading more distinct objects (households) within a
// sliding window of time than its duties plausibly need. Pure; the audit trail supplies the reads.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace lianban::domain {

struct AccessRead {
  std::string actor;    // "user:7"
  std::string object;   // "household:123"
  std::int64_t at = 0;  // unix seconds
};

struct AccessRule {
  int max_distinct_objects = 20;       // more than this many ...
  std::int64_t window_seconds = 3600;  // ... within this many seconds is unusual
};

// One burst of unusual reading: from the first read of the first over-threshold window to the last
// read of the last one (overlapping windows merge), and the most distinct objects seen in one
// window.
struct AccessAnomaly {
  std::string actor;
  std::int64_t from = 0;
  std::int64_t to = 0;
  int peak_distinct_objects = 0;
  int reads = 0;  // reads from `from` to `to`

  friend bool operator==(const AccessAnomaly&, const AccessAnomaly&) = default;
};

// Every burst, ordered by actor then time. Two reads are in one window when their times differ by
// less than rule.window_seconds. Reads may come in any order.
std::vector<AccessAnomaly> FindAccessAnomalies(std::vector<AccessRead> reads,
                                               const AccessRule& rule);

}  // namespace lianban::domain
