// Screening throughput: a generated population (default 1,000,000 households; env
// LIANBAN_BENCH_HOUSEHOLDS overrides) screened against the 45 policies on 1 and on 2 threads,
// plus the per-household cost of the HTTP path (decode + screen + render). Prints households per
// second, the 2-thread/1-thread ratio and the peak resident memory (getrusage ru_maxrss).
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

// Screens the whole population on `threads` threads; returns the number of eligible results.
std::size_t ScreenAll(int threads) {
  const auto& population = Population();
  const auto& catalog = Catalog();
  std::atomic<std::size_t> eligible{0};
  auto work = [&](std::size_t begin, std::size_t end) {
    domain::ScreeningResult scratch;
    std::size_t count = 0;
    for (std::size_t i = begin; i < end; ++i) {
      domain::Screen(catalog, population[i], kAsOf, &scratch);
      for (const auto& p : scratch.policies) count += p.status == domain::PolicyStatus::kEligible;
    }
    eligible += count;
  };
  std::vector<std::thread> pool;
  const std::size_t n = population.size();
  for (int k = 1; k < threads; ++k) pool.emplace_back(work, n * k / threads, n * (k + 1) / threads);
  work(0, n / threads);
  for (auto& t : pool) t.join();
  return eligible;
}

std::map<int, double> g_seconds;  // threads -> wall seconds of the last run

void BM_ScreenPopulation(benchmark::State& state) {
  const int threads = static_cast<int>(state.range(0));
  (void)Population();
  std::size_t eligible = 0;
  for (auto _ : state) {
    const auto start = std::chrono::steady_clock::now();
    eligible = ScreenAll(threads);
    g_seconds[threads] =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }
  const double households = static_cast<double>(Population().size());
  state.counters["households"] = households;
  state.counters["households_per_s"] = benchmark::Counter(
      households * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["eligible_results"] = static_cast<double>(eligible);
  state.counters["peak_rss_MiB"] = static_cast<double>(PeakRssMiB());
}
BENCHMARK(BM_ScreenPopulation)
    ->Arg(1)
    ->Arg(2)
    ->Iterations(1)
    ->UseRealTime()
    ->Unit(benchmark::kSecond);

// One household through what POST /v1/screenings does besides HTTP: decode, check, screen, render.
void BM_DecodeScreenRender(benchmark::State& state) {
  const auto& catalog = Catalog();
  std::vector<std::string> bodies;
  for (std::size_t i = 0; i < 1000; ++i) {
    bodies.push_back(services::EncodeHousehold(domain::GenerateHousehold(kSeed, i)).dump());
  }
  std::size_t i = 0, bytes = 0;
  for (auto _ : state) {
    auto household = services::DecodeHousehold(nlohmann::json::parse(bodies[i++ % bodies.size()]));
    auto result = domain::Screen(catalog, *household, kAsOf);
    std::string text = services::ScreeningResultJson(catalog, result).dump();
    bytes += text.size();
    benchmark::DoNotOptimize(text);
  }
  state.counters["response_bytes"] =
      static_cast<double>(bytes) / static_cast<double>(state.iterations());
  state.counters["per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_DecodeScreenRender)->Unit(benchmark::kMicrosecond);

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

}  // namespace
}  // namespace lianban

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  using lianban::g_seconds;
  if (g_seconds.count(1) && g_seconds.count(2)) {
    const double n = static_cast<double>(lianban::PopulationSize());
    std::printf("\npopulation: %.0f households x 45 policies (seed %llu, as_of %s)\n", n,
                static_cast<unsigned long long>(lianban::kSeed), lianban::kAsOf.ToString().c_str());
    std::printf("1 thread : %7.2f s  %10.0f households/s\n", g_seconds[1], n / g_seconds[1]);
    std::printf("2 threads: %7.2f s  %10.0f households/s\n", g_seconds[2], n / g_seconds[2]);
    std::printf("speed-up 2-thread/1-thread: %.2f\n", g_seconds[1] / g_seconds[2]);
  }
  std::printf("peak resident memory: %ld MiB\n", lianban::PeakRssMiB());
  return 0;
}
