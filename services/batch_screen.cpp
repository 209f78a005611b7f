#include "services/batch_screen.h"

#include <algorithm>
#include <chrono>
#include <istream>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <thread>

#include "domain/screening.h"
#include "services/household_json.h"
#include "services/json_body.h"
#include "services/screening_json.h"

namespace lianban::services {
namespace {

using nlohmann::json;

// What screening one line produced; `text` is the output line without its newline.
struct LineOutcome {
  std::string text;
  std::optional<Error> error;
  std::vector<domain::PolicyStatus> statuses;
};

bool IsBlank(const std::string& line) {
  return line.find_first_not_of(" \t\r") == std::string::npos;
}

json ErrorJson(const Error& e) {
  json errors = json::array();
  for (const auto& f : e.fields) {
    errors.push_back({{"path", f.path}, {"code", f.code}, {"detail", f.detail}});
  }
  return {{"code", e.reason}, {"message", e.message}, {"errors", std::move(errors)}};
}

Result<domain::Household> DecodeLine(const domain::CompiledCatalog& catalog,
                                     const std::string& line, domain::Date as_of) {
  Result<json> parsed = ParseJsonObject(line);
  if (!parsed.ok()) return std::move(parsed).take_error();
  Result<domain::Household> household = DecodeHousehold(*parsed);
  if (!household.ok()) return household;
  if (Status s = domain::CheckScreeningRequest(catalog, *household, as_of); !s.ok()) {
    return std::move(s).take_error();
  }
  return household;
}

LineOutcome ScreenLine(const domain::CompiledCatalog& catalog, const std::string& line,
                       std::size_t number, const BatchOptions& options,
                       domain::ScreeningResult& scratch) {
  const domain::Date as_of = options.as_of;
  LineOutcome outcome;
  Result<domain::Household> household = DecodeLine(catalog, line, as_of);
  if (!household.ok()) {
    outcome.error = household.error();
    outcome.text = json{{"line", number}, {"error", ErrorJson(household.error())}}.dump();
    return outcome;
  }
  domain::Screen(catalog, *household, as_of, &scratch);
  json doc = ScreeningResultJson(catalog, scratch);
  doc["line"] = number;
  if (options.brief) {
    for (auto& result : doc["results"]) result.erase("criteria");
  }
  outcome.text = doc.dump();
  for (const auto& p : scratch.policies) outcome.statuses.push_back(p.status);
  return outcome;
}

struct Chunk {
  std::vector<std::string> lines;
  std::vector<std::size_t> numbers;  // 1-based line numbers
};

// Screens the chunk's lines on options.threads threads, each taking a contiguous slice.
std::vector<LineOutcome> ScreenChunk(const domain::CompiledCatalog& catalog, const Chunk& chunk,
                                     const BatchOptions& options) {
  std::vector<LineOutcome> outcomes(chunk.lines.size());
  auto work = [&](std::size_t begin, std::size_t end) {
    domain::ScreeningResult scratch;
    for (std::size_t i = begin; i < end; ++i) {
      outcomes[i] = ScreenLine(catalog, chunk.lines[i], chunk.numbers[i], options, scratch);
    }
  };
  const std::size_t n = chunk.lines.size();
  const std::size_t t =
      std::min(static_cast<std::size_t>(std::max(1, options.threads)), std::max<std::size_t>(1, n));
  std::vector<std::thread> pool;
  for (std::size_t k = 1; k < t; ++k) pool.emplace_back(work, n * k / t, n * (k + 1) / t);
  work(0, n / t);
  for (auto& thread : pool) thread.join();
  return outcomes;
}

bool ReadChunk(std::istream& in, std::size_t max_lines, std::size_t& line_number, Chunk& chunk) {
  chunk.lines.clear();
  chunk.numbers.clear();
  std::string line;
  while (chunk.lines.size() < max_lines && std::getline(in, line)) {
    ++line_number;
    if (IsBlank(line)) continue;
    chunk.lines.push_back(std::move(line));
    chunk.numbers.push_back(line_number);
  }
  return !chunk.lines.empty();
}

}  // namespace

std::string DescribeBadLine(const BadLine& bad) {
  std::string text = "line " + std::to_string(bad.line) + ": " + bad.error.reason;
  if (bad.error.fields.empty()) return text + " (" + bad.error.message + ")";
  for (const auto& f : bad.error.fields)
    text += " " + f.path + (f.code == bad.error.reason ? "" : "=" + f.code);
  return text;
}

Result<BatchSummary> ScreenBatch(const domain::CompiledCatalog& catalog, std::istream& in,
                                 std::ostream& out, const BatchOptions& options,
                                 const std::function<void(const BadLine&)>& on_bad_line) {
  if (options.as_of < catalog.first_parameter_date()) {
    return Error::Make(ErrorCode::kInvalidArgument, "as_of_out_of_range",
                       "as_of precedes " + catalog.first_parameter_date().ToString());
  }
  const auto start = std::chrono::steady_clock::now();
  BatchSummary summary;
  summary.eligible.assign(catalog.policies().size(), 0);
  std::size_t line_number = 0;
  Chunk chunk;
  while (ReadChunk(in, std::max<std::size_t>(1, options.chunk_lines), line_number, chunk)) {
    const auto outcomes = ScreenChunk(catalog, chunk, options);
    for (std::size_t i = 0; i < outcomes.size(); ++i) {
      out << outcomes[i].text << '\n';
      if (outcomes[i].error) {
        ++summary.bad_lines;
        if (on_bad_line) on_bad_line(BadLine{chunk.numbers[i], *outcomes[i].error});
        continue;
      }
      ++summary.households;
      for (std::size_t p = 0; p < outcomes[i].statuses.size(); ++p) {
        summary.eligible[p] += outcomes[i].statuses[p] == domain::PolicyStatus::kEligible;
      }
    }
    if (!out) return Error::Make(ErrorCode::kInternal, "write_failed", "cannot write the results");
    if (options.on_progress) options.on_progress(line_number);
  }
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return summary;
}

}  // namespace lianban::services
