#include "domain/access_anomaly.h"

#include <algorithm>
#include <map>
#include <span>
#include <tuple>

namespace lianban::domain {
namespace {

// The sliding window over one actor's reads, oldest first.
class Window {
 public:
  void Add(const AccessRead& r) { ++counts_[r.object]; }
  void Remove(const AccessRead& r) {
    auto it = counts_.find(r.object);
    if (--it->second == 0) counts_.erase(it);
  }
  int Distinct() const { return static_cast<int>(counts_.size()); }

 private:
  std::map<std::string, int> counts_;
};

// The burst being built while scanning one actor's reads.
struct Burst {
  bool open = false;
  std::size_t first = 0;  // index of its first read
  std::size_t last = 0;   // index of its last over-threshold read
  AccessAnomaly anomaly;
};

void CloseBurst(Burst& burst, std::vector<AccessAnomaly>& out) {
  burst.anomaly.reads = static_cast<int>(burst.last - burst.first + 1);
  out.push_back(burst.anomaly);
  burst.open = false;
}

void ScanActor(std::span<const AccessRead> reads, const AccessRule& rule,
               std::vector<AccessAnomaly>& out) {
  Window window;
  std::size_t left = 0;
  Burst burst;
  for (std::size_t right = 0; right < reads.size(); ++right) {
    window.Add(reads[right]);
    while (reads[right].at - reads[left].at >= rule.window_seconds) window.Remove(reads[left++]);
    if (window.Distinct() <= rule.max_distinct_objects) continue;
    // A window sharing no read with the open burst starts a new one.
    if (burst.open && left > burst.last) CloseBurst(burst, out);
    if (!burst.open) {
      burst.open = true;
      burst.first = left;
      burst.anomaly = AccessAnomaly{reads[right].actor, reads[left].at, 0, 0, 0};
    }
    burst.last = right;
    burst.anomaly.to = reads[right].at;
    burst.anomaly.peak_distinct_objects =
        std::max(burst.anomaly.peak_distinct_objects, window.Distinct());
  }
  if (burst.open) CloseBurst(burst, out);
}

}  // namespace

std::vector<AccessAnomaly> FindAccessAnomalies(std::vector<AccessRead> reads,
                                               const AccessRule& rule) {
  std::sort(reads.begin(), reads.end(), [](const AccessRead& a, const AccessRead& b) {
    return std::tie(a.actor, a.at, a.object) < std::tie(b.actor, b.at, b.object);
  });
  std::vector<AccessAnomaly> out;
  std::size_t begin = 0;
  for (std::size_t i = 1; i <= reads.size(); ++i) {
    if (i == reads.size() || reads[i].actor != reads[begin].actor) {
      ScanActor(std::span(reads).subspan(begin, i - begin), rule, out);
      begin = i;
    }
  }
  return out;
}

}  // namespace lianban::domain
