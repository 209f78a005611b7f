// Batch screening of a population: NDJSON households in (one household object per line), NDJSON
// screening results out in the same order, bad lines reported and skipped. Lines are screened in
// parallel in chunks; the output never depends on the number of threads.
#pragma once

#include <cstddef>
#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

#include "domain/catalog.h"
#include "domain/date.h"
#include "domain/result.h"

namespace lianban::services {

struct BatchOptions {
  domain::Date as_of;
  int threads = 2;                 // >= 1
  std::size_t chunk_lines = 4096;  // lines read, screened and written together
  bool brief = false;              // drop each result's `criteria` (about 90 % of the bytes)
  // Called after each chunk with the number of lines read so far (for a progress line).
  std::function<void(std::size_t lines)> on_progress;
};

// One rejected input line: its 1-based number and why (the decoder's reason and violations).
struct BadLine {
  std::size_t line = 0;
  Error error;
};

struct BatchSummary {
  std::size_t households = 0;         // lines screened
  std::size_t bad_lines = 0;          // lines rejected (blank lines are skipped and not counted)
  std::vector<std::size_t> eligible;  // per policy, catalog order: households eligible
  double seconds = 0;
};

// Reads `in` to the end. For each non-blank line: a valid household (services/household_json.h,
// born on or before as_of) gives one output line {"line": N, ...ScreeningResultJson}; a bad line
// gives {"line": N, "error": {"code", "message", "errors": [{path, code, detail}]}} on `out` and is
// passed to `on_bad_line`. Errors: kInvalidArgument "as_of_out_of_range" before any line is read
// when as_of precedes the catalog; kInternal when `out` cannot be written.
Result<BatchSummary> ScreenBatch(const domain::CompiledCatalog& catalog, std::istream& in,
                                 std::ostream& out, const BatchOptions& options,
                                 const std::function<void(const BadLine&)>& on_bad_line);

// "line 7: invalid_id_number household.members[1].id_number" (one line, no personal data).
std::string DescribeBadLine(const BadLine& bad);

}  // namespace lianban::services
