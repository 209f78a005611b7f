// Screening throughput: a generated population (default 1,000,000 households; env
// LIANBAN_BENCH_HOUSEHOLDS overrides) screened against the 45 policies on 1 and on 2 threads,
// plus the per-household cost of the HTTP path (decode + screen + render). Prints households per
// second, the time for 1,000,000 households, peak resident memory (getrusage ru_maxrss) and ratios
// against baselines measured in the same run: 2 threads against 1 thread, and screening against a
// trivial pass that only iterates the households (reads every member's income). It also checks
// that 1 and 2 threads give the same results (a digest of every field of every result).
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "domain/household_generator.h"
#include "domain/screening.h"
#include "services/catalog_loader.h"
#include "services/household_json.h"
#include "services/screening_json.h"

namespace lianban {
namespace {

constexpr std::uint64_t kSeed = 20260101;
constexpr domain::Date kAsOf = domain::kGeneratorReference;

std::size_t PopulationSize() {
  const char* env = std::getenv("LIANBAN_BENCH_HOUSEHOLDS");
  return env != nullptr ? std::strtoull(env, nullptr, 10) : 1'000'000;
}

const domain::CompiledCatalog& Catalog() {
  static const auto catalog = [] {
    auto c = services::LoadCatalog(services::CatalogDirUnder(LIANBAN_SOURCE_DIR));
    if (!c.ok()) {
      std::fprintf(stderr, "catalog: %s\n", c.error().message.c_str());
      std::exit(1);
    }
    return *c;
  }();
  return *catalog;
}

// Generated once, on two threads (generation is not what is measured).
const std::vector<domain::Household>& Population() {
  static const std::vector<domain::Household> population = [] {
    std::vector<domain::Household> p(PopulationSize());
    auto fill = [&](std::size_t begin, std::size_t end) {
      for (std::size_t i = begin; i < end; ++i) p[i] = domain::GenerateHousehold(kSeed, i);
    };
    std::thread other(fill, p.size() / 2, p.size());
    fill(0, p.size() / 2);
    other.join();
    return p;
  }();
  return population;
}

long PeakRssMiB() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024;  // Linux reports KiB
}

// FNV-1a over the fields of one result, so that two runs can be compared field by field.
class Digest {
 public:
  template <typename T>
  void Add(const T& v) {
    const auto* bytes = reinterpret_cast<const unsigned char*>(&v);
    for (std::size_t i = 0; i < sizeof v; ++i) hash_ = (hash_ ^ bytes[i]) * 1099511628211ull;
  }
  void Add(const domain::rules::Value& v) {
    Add(v.kind), Add(v.boolean), Add(v.domain), Add(v.den), Add(v.num);
  }
  std::uint64_t value() const { return hash_; }

 private:
  std::uint64_t hash_ = 14695981039346656037ull;
};

std::uint64_t DigestOf(std::size_t index, const domain::ScreeningResult& r) {
  Digest d;
  d.Add(index);
  for (const auto& p : r.policies) {
    d.Add(p.status), d.Add(p.beneficiaries), d.Add(p.missing), d.Add(p.first_criterion);
    d.Add(p.criterion_count), d.Add(p.amount.monthly_fen), d.Add(p.amount.once_fen);
    d.Add(p.amount.yearly_fen);
  }
  for (const auto& c : r.criteria) d.Add(c.passed), d.Add(c.actual), d.Add(c.bound);
  for (const auto& s : r.service_items) {
    d.Add(s.status), d.Add(s.suggested), d.Add(s.to_assess), d.Add(s.missing);
  }
  return d.value();
}

// Runs `work(begin, end)` over the population split into `threads` contiguous slices.
template <typename Work>
void OnThreads(int threads, std::size_t n, const Work& work) {
  std::vector<std::thread> pool;
  for (int k = 1; k < threads; ++k) pool.emplace_back(work, n * k / threads, n * (k + 1) / threads);
  work(0, n / threads);
  for (auto& t : pool) t.join();
}

// Screens the whole population on `threads` threads; returns the number of eligible results.
// With `digest`, also returns (through it) the order-independent sum of the result digests.
std::size_t ScreenAll(int threads, std::uint64_t* digest = nullptr) {
  const auto& population = Population();
  const auto& catalog = Catalog();
  std::atomic<std::size_t> eligible{0};
  std::atomic<std::uint64_t> digests{0};
  OnThreads(threads, population.size(), [&](std::size_t begin, std::size_t end) {
    domain::ScreeningResult scratch;
    std::size_t count = 0;
    std::uint64_t sum = 0;
    for (std::size_t i = begin; i < end; ++i) {
      domain::Screen(catalog, population[i], kAsOf, &scratch);
      for (const auto& p : scratch.policies) count += p.status == domain::PolicyStatus::kEligible;
      if (digest != nullptr) sum += DigestOf(i, scratch);
    }
    eligible += count;
    digests += sum;
  });
  if (digest != nullptr) *digest = digests;
  return eligible;
}

// The trivial baseline: visits every household and member as screening must, computing nothing.
std::int64_t IterateAll(int threads) {
  const auto& population = Population();
  std::atomic<std::int64_t> total{0};
  OnThreads(threads, population.size(), [&](std::size_t begin, std::size_t end) {
    std::int64_t sum = 0;
    for (std::size_t i = begin; i < end; ++i) {
      for (const auto& m : population[i].members) sum += m.monthly_income_fen + m.birth.day();
      sum += static_cast<std::int64_t>(population[i].statuses.size());
    }
    total += sum;
  });
  return total;
}

std::map<int, double> g_screen_seconds;   // threads -> wall seconds of the last run
std::map<int, double> g_iterate_seconds;  // threads -> wall seconds of the baseline

template <typename F>
double Seconds(const F& f) {
  const auto start = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void SetPopulationCounters(benchmark::State& state) {
  const double households = static_cast<double>(Population().size());
  state.counters["households"] = households;
  state.counters["households_per_s"] = benchmark::Counter(
      households * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["peak_rss_MiB"] = static_cast<double>(PeakRssMiB());
}

void BM_IteratePopulation(benchmark::State& state) {
  const int threads = static_cast<int>(state.range(0));
  (void)Population();
  std::int64_t total = 0;
  for (auto _ : state) g_iterate_seconds[threads] = Seconds([&] { total = IterateAll(threads); });
  benchmark::DoNotOptimize(total);
  SetPopulationCounters(state);
}
BENCHMARK(BM_IteratePopulation)->Arg(1)->Iterations(1)->UseRealTime()->Unit(benchmark::kSecond);

void BM_ScreenPopulation(benchmark::State& state) {
  const int threads = static_cast<int>(state.range(0));
  (void)Population();
  std::size_t eligible = 0;
  for (auto _ : state) g_screen_seconds[threads] = Seconds([&] { eligible = ScreenAll(threads); });
  SetPopulationCounters(state);
  state.counters["eligible_results"] = static_cast<double>(eligible);
}
BENCHMARK(BM_ScreenPopulation)
    ->Arg(1)
    ->Arg(2)
    ->Iterations(1)
    ->UseRealTime()
    ->Unit(benchmark::kSecond);

// One household through what POST /v1/screenings does besides HTTP and the audit entry: parse,
// decode, screen, render (ScreeningResultText, as the handler does; with range(0) == 1 through
// the nlohmann tree of ScreeningResultJson instead, as before, for comparison).
void BM_DecodeScreenRender(benchmark::State& state) {
  const auto& catalog = Catalog();
  const bool tree = state.range(0) == 1;
  std::vector<std::string> bodies;
  for (std::size_t i = 0; i < 1000; ++i) {
    bodies.push_back(services::EncodeHousehold(domain::GenerateHousehold(kSeed, i)).dump());
  }
  std::size_t i = 0, bytes = 0;
  for (auto _ : state) {
    auto household = services::DecodeHousehold(nlohmann::json::parse(bodies[i++ % bodies.size()]));
    auto result = domain::Screen(catalog, *household, kAsOf);
    std::string text = tree ? services::ScreeningResultJson(catalog, result).dump()
                            : services::ScreeningResultText(catalog, result);
    bytes += text.size();
    benchmark::DoNotOptimize(text);
  }
  state.SetLabel(tree ? "render: json tree" : "render: text writer");
  state.counters["response_bytes"] =
      static_cast<double>(bytes) / static_cast<double>(state.iterations());
  state.counters["per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_DecodeScreenRender)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

// Screen alone, one household at a time, on one thread.
void BM_ScreenOne(benchmark::State& state) {
  const auto& catalog = Catalog();
  const auto population = domain::GenerateHouseholds(1000, kSeed);
  domain::ScreeningResult scratch;
  std::size_t i = 0;
  for (auto _ : state) {
    domain::Screen(catalog, population[i++ % population.size()], kAsOf, &scratch);
    benchmark::DoNotOptimize(scratch.policies.data());
  }
}
BENCHMARK(BM_ScreenOne)->Unit(benchmark::kMicrosecond);

void PrintSummary() {
  const double n = static_cast<double>(PopulationSize());
  std::printf("\npopulation: %.0f households x 45 policies + 31 service items (seed %llu, as_of %s)\n",
              n, static_cast<unsigned long long>(kSeed), kAsOf.ToString().c_str());
  auto line = [&](const char* what, double seconds) {
    std::printf("%-28s %8.3f s  %12.0f households/s  %7.2f s per 1,000,000\n", what, seconds,
                n / seconds, seconds * 1e6 / n);
  };
  if (g_iterate_seconds.count(1)) line("baseline: iterate, 1 thread", g_iterate_seconds[1]);
  if (g_screen_seconds.count(1)) line("screen, 1 thread", g_screen_seconds[1]);
  if (g_screen_seconds.count(2)) line("screen, 2 threads", g_screen_seconds[2]);
  if (g_screen_seconds.count(1) && g_screen_seconds.count(2)) {
    std::printf("ratio 2-thread/1-thread throughput: %.2f (ideal 2.00 on two idle cores)\n",
                g_screen_seconds[1] / g_screen_seconds[2]);
  }
  if (g_screen_seconds.count(1) && g_iterate_seconds.count(1)) {
    std::printf("ratio screen/iterate time, 1 thread: %.0f\n",
                g_screen_seconds[1] / g_iterate_seconds[1]);
  }
}

// Screens the population again on 1 and on 2 threads (untimed) and compares result digests.
bool CheckThreadsAgree() {
  if (std::getenv("LIANBAN_BENCH_NO_DIGEST") != nullptr) return true;
  std::uint64_t one = 0, two = 0;
  ScreenAll(1, &one);
  ScreenAll(2, &two);
  std::printf("result digest: %016llx (1 thread), %016llx (2 threads): %s\n",
              static_cast<unsigned long long>(one), static_cast<unsigned long long>(two),
              one == two ? "equal" : "DIFFERENT");
  return one == two;
}

}  // namespace
}  // namespace lianban

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  lianban::PrintSummary();
  const bool agree = lianban::g_screen_seconds.empty() || lianban::CheckThreadsAgree();
  std::printf("peak resident memory: %ld MiB (includes the generated population)\n",
              lianban::PeakRssMiB());
  return agree ? 0 : 1;
}
