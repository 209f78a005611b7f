#include "services/batch_screen.h"

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "domain/household_generator.h"
#include "services/catalog_loader.h"
#include "services/household_json.h"

namespace lianban::services {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

constexpr domain::Date kAsOf{2025, 9, 1};

const domain::CompiledCatalog& Catalog() {
  static const auto catalog = LoadCatalog(CatalogDirUnder(LIANBAN_SOURCE_DIR));
  EXPECT_TRUE(catalog.ok());
  return **catalog;
}

BatchOptions Options(int threads, std::size_t chunk_lines, bool brief = false,
                     domain::Date as_of = kAsOf) {
  BatchOptions options;
  options.as_of = as_of;
  options.threads = threads;
  options.chunk_lines = chunk_lines;
  options.brief = brief;
  return options;
}

std::string Population(std::size_t count, std::uint64_t seed) {
  std::string text;
  for (const auto& h : domain::GenerateHouseholds(count, seed))
    text += EncodeHousehold(h).dump() + "\n";
  return text;
}

std::vector<json> Lines(const std::string& text) {
  std::vector<json> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(json::parse(line));
  return out;
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Runs a shell command line; returns the exit status.
int RunShell(const std::string& command) {
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

class BatchTempDir {
 public:
  BatchTempDir() {
    char pattern[] = "/tmp/lianban-batch-XXXXXX";
    path_ = mkdtemp(pattern);
  }
  ~BatchTempDir() { fs::remove_all(path_); }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

TEST(BatchScreenTest, ScreensEveryLineInInputOrder) {
  std::istringstream in(Population(50, 1));
  std::ostringstream out;
  BatchOptions options = Options(2, 7);
  auto summary = ScreenBatch(Catalog(), in, out, options, {});
  ASSERT_TRUE(summary.ok()) << summary.error().message;
  EXPECT_EQ(summary->households, 50u);
  EXPECT_EQ(summary->bad_lines, 0u);
  const auto lines = Lines(out.str());
  ASSERT_EQ(lines.size(), 50u);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    EXPECT_EQ(lines[i]["line"], i + 1);
    EXPECT_EQ(lines[i]["results"].size(), Catalog().policies().size());
    EXPECT_EQ(lines[i]["as_of"], "2025-09-01");
  }
}

TEST(BatchScreenTest, OutputDoesNotDependOnThreadsOrChunks) {
  const std::string population = Population(120, 2);
  std::string outputs[3];
  const BatchOptions variants[3] = {Options(1, 4096), Options(2, 5), Options(3, 64)};
  for (int v = 0; v < 3; ++v) {
    std::istringstream in(population);
    std::ostringstream out;
    ASSERT_TRUE(ScreenBatch(Catalog(), in, out, variants[v], {}).ok());
    outputs[v] = out.str();
  }
  EXPECT_EQ(outputs[0], outputs[1]);
  EXPECT_EQ(outputs[0], outputs[2]);
}

TEST(BatchScreenTest, BriefOutputLeavesOutCriteriaOnly) {
  const std::string population = Population(10, 6);
  std::istringstream full_in(population), brief_in(population);
  std::ostringstream full_out, brief_out;
  BatchOptions brief = Options(2, 16, true);
  ASSERT_TRUE(ScreenBatch(Catalog(), full_in, full_out, Options(2, 16, false), {}).ok());
  ASSERT_TRUE(ScreenBatch(Catalog(), brief_in, brief_out, brief, {}).ok());
  auto full = Lines(full_out.str());
  const auto brief_lines = Lines(brief_out.str());
  ASSERT_EQ(full.size(), brief_lines.size());
  for (std::size_t i = 0; i < full.size(); ++i) {
    for (auto& result : full[i]["results"]) {
      EXPECT_FALSE(result["criteria"].empty());
      result.erase("criteria");
    }
    EXPECT_EQ(full[i], brief_lines[i]);
  }
}

TEST(BatchScreenTest, CountsEligibleHouseholdsPerPolicy) {
  std::istringstream in(Population(200, 3));
  std::ostringstream out;
  auto summary = ScreenBatch(Catalog(), in, out, Options(2, 16), {});
  ASSERT_TRUE(summary.ok());
  std::vector<std::size_t> expected(Catalog().policies().size(), 0);
  for (const auto& line : Lines(out.str())) {
    for (std::size_t p = 0; p < expected.size(); ++p)
      expected[p] += line["results"][p]["status"] == "eligible";
  }
  EXPECT_EQ(summary->eligible, expected);
  std::size_t total = 0;
  for (auto n : expected) total += n;
  EXPECT_GT(total, 0u);
}

TEST(BatchScreenTest, ReportsBadLinesAndKeepsGoing) {
  std::string population = Population(6, 4);
  std::istringstream lines_in(population);
  std::vector<std::string> lines;
  for (std::string l; std::getline(lines_in, l);) lines.push_back(l);
  json unknown = json::parse(lines[1]);
  unknown["members"][0]["age"] = 40;
  json born_late = json::parse(lines[3]);
  born_late["members"][0]["id_number"] = "500105202611280023";  // born 2026-11-28
  const std::string text = lines[0] + "\n{not json\n" + unknown.dump() + "\n\n" + lines[2] + "\n" +
                           born_late.dump() + "\n" + lines[4] + "\n";
  std::istringstream in(text);
  std::ostringstream out;
  std::vector<std::string> reports;
  auto summary = ScreenBatch(Catalog(), in, out, Options(2, 2),
                             [&](const BadLine& bad) { reports.push_back(DescribeBadLine(bad)); });
  ASSERT_TRUE(summary.ok());
  EXPECT_EQ(summary->households, 3u);
  EXPECT_EQ(summary->bad_lines, 3u);
  ASSERT_EQ(reports.size(), 3u);
  EXPECT_EQ(reports[0].rfind("line 2: invalid_json", 0), 0u) << reports[0];
  EXPECT_EQ(reports[1], "line 3: unknown_field household.members[0].age");
  EXPECT_EQ(reports[2], "line 6: born_after_as_of household.members[0].id_number");
  const auto out_lines = Lines(out.str());
  ASSERT_EQ(out_lines.size(), 6u);  // the blank line 4 is skipped
  const std::vector<int> numbers = {1, 2, 3, 5, 6, 7};
  for (std::size_t i = 0; i < out_lines.size(); ++i) EXPECT_EQ(out_lines[i]["line"], numbers[i]);
  EXPECT_EQ(out_lines[2]["error"]["code"], "unknown_field");
  EXPECT_EQ(out_lines[2]["error"]["errors"][0]["path"], "household.members[0].age");
  EXPECT_TRUE(out_lines[3].contains("results"));
}

TEST(BatchScreenTest, RejectsAsOfBeforeTheCatalog) {
  std::istringstream in(Population(1, 5));
  std::ostringstream out;
  auto summary =
      ScreenBatch(Catalog(), in, out, Options(1, 16, false, domain::Date(2023, 8, 31)), {});
  ASSERT_FALSE(summary.ok());
  EXPECT_EQ(summary.error().reason, "as_of_out_of_range");
}

TEST(BatchScreenCliTest, GenHouseholdsIsByteIdenticalForTheSameSeed) {
  BatchTempDir dir;
  const std::string bin = LIANBAN_BINARY;
  ASSERT_EQ(
      RunShell(bin + " gen-households --count 200 --seed 9 --out " + (dir.path() / "a").string()),
      0);
  ASSERT_EQ(RunShell(bin + " gen-households --count 200 --seed 9 > " + (dir.path() / "b").string()),
            0);
  ASSERT_EQ(
      RunShell(bin + " gen-households --count 200 --seed 10 --out " + (dir.path() / "c").string()),
      0);
  const std::string a = ReadFile(dir.path() / "a");
  EXPECT_EQ(a, ReadFile(dir.path() / "b"));
  EXPECT_NE(a, ReadFile(dir.path() / "c"));
  const auto households = Lines(a);
  ASSERT_EQ(households.size(), 200u);
  for (const auto& h : households) EXPECT_TRUE(DecodeHousehold(h).ok()) << h.dump();
}

TEST(BatchScreenCliTest, ScreensAGeneratedFileWithInjectedBadLines) {
  BatchTempDir dir;
  const std::string bin = LIANBAN_BINARY;
  const fs::path generated = dir.path() / "generated.ndjson";
  ASSERT_EQ(RunShell(bin + " gen-households --count 300 --seed 11 --out " + generated.string()), 0);
  std::vector<std::string> lines;
  {
    std::ifstream in(generated);
    for (std::string l; std::getline(in, l);) lines.push_back(l);
  }
  ASSERT_EQ(lines.size(), 300u);
  json bad_id = json::parse(lines[99]);
  bad_id["members"][0]["id_number"] = "500105198001011231";
  lines[99] = bad_id.dump();                                         // line 100: check character
  lines[199] = "[1, 2, 3]";                                          // line 200: not an object
  lines[249] = R"({"hukou":"urban","hukou":"rural","members":[]})";  // line 250: repeated key
  const fs::path input = dir.path() / "in.ndjson";
  std::ofstream(input) << [&] {
    std::string s;
    for (auto& l : lines) s += l + "\n";
    return s;
  }();

  const fs::path out1 = dir.path() / "out1.ndjson", out2 = dir.path() / "out2.ndjson";
  const fs::path err = dir.path() / "err.txt", summary = dir.path() / "summary.txt";
  const std::string common = bin + " screen --in " + input.string() + " --as-of 2025-09-01";
  EXPECT_EQ(RunShell(common + " --threads 2 --out " + out2.string() + " > " + summary.string() +
                     " 2> " + err.string()),
            2);
  EXPECT_EQ(RunShell(common + " --threads 1 --out " + out1.string() + " > /dev/null 2>&1"), 2);
  EXPECT_EQ(ReadFile(out1), ReadFile(out2));

  const std::string errors = ReadFile(err);
  EXPECT_NE(errors.find("line 100: invalid_id_number household.members[0].id_number"),
            std::string::npos)
      << errors;
  EXPECT_NE(errors.find("line 200: expected_object"), std::string::npos) << errors;
  EXPECT_NE(errors.find("line 250: duplicate_key"), std::string::npos) << errors;
  const std::string text = ReadFile(summary);
  EXPECT_NE(text.find("households screened: 297"), std::string::npos) << text;
  EXPECT_NE(text.find("bad lines: 3"), std::string::npos) << text;
  EXPECT_NE(text.find("MZ-01"), std::string::npos) << text;

  const auto results = Lines(ReadFile(out2));
  ASSERT_EQ(results.size(), 300u);
  for (std::size_t i = 0; i < results.size(); ++i) EXPECT_EQ(results[i]["line"], i + 1);
  EXPECT_EQ(results[99]["error"]["code"], "invalid_id_number");
}

TEST(BatchScreenCliTest, RefusesAnImpossibleAsOf) {
  BatchTempDir dir;
  const std::string bin = LIANBAN_BINARY;
  const fs::path input = dir.path() / "in.ndjson";
  std::ofstream(input) << Population(1, 1);
  EXPECT_EQ(RunShell(bin + " screen --in " + input.string() + " --out " +
                     (dir.path() / "o").string() + " --as-of 2025-02-30 2>/dev/null"),
            1);
  EXPECT_EQ(RunShell(bin + " screen --in " + input.string() + " --out " +
                     (dir.path() / "o").string() + " --as-of 2023-08-31 2>/dev/null"),
            1);
}

}  // namespace
}  // namespace lianban::services
