// Time is injected: the domain never reads the wall clock. Production passes SystemClock; tests
// pass a FakeClock they move by hand across deadlines, weekends and holidays.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

namespace lianban {

class Clock {
 public:
  virtual ~Clock() = default;
  // Seconds since the Unix epoch, UTC.
  virtual std::int64_t NowUnix() const = 0;
};

class SystemClock final : public Clock {
 public:
  std::int64_t NowUnix() const override {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
};

class FakeClock final : public Clock {
 public:
  explicit FakeClock(std::int64_t start) : now_(start) {}
  std::int64_t NowUnix() const override { return now_.load(); }
  void Set(std::int64_t t) { now_.store(t); }
  void Advance(std::int64_t seconds) { now_.fetch_add(seconds); }

 private:
  std::atomic<std::int64_t> now_;
};

}  // namespace lianban
