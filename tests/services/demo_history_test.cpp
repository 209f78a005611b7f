// The demo history of `lianban demo-data --matters` and the report screenshot made from it
// (scripts/report-screenshot.sh): deterministic, idempotent, and the screenshot in docs/ shows
// the report the code renders today.
#include <gtest/gtest.h>
#include <sodium.h>

#include <nlohmann/json.hpp>
#include <regex>
#include <string>

#include "tests/services/lianban_process.h"

namespace lianban::testing {
namespace {

using nlohmann::json;

std::string Sha256Hex(const std::string& bytes) {
  unsigned char hash[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(hash, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  char hex[2 * crypto_hash_sha256_BYTES + 1];
  sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
  return hex;
}

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

// A data directory holding the demo history of scripts/report-screenshot.sh (same values).
class DemoHistory {
 public:
  DemoHistory(int households, int matters) {
    data_ = dir_.path() / "data";
    init_ = RunLianban({"init", "--data", data_.string()}, dir_.path());
    demo_ = Demo(households, matters);
  }
  ProcessResult Demo(int households, int matters) {
    return RunLianban({"demo-data", "--data", data_.string(), "--count", std::to_string(households),
                       "--matters", std::to_string(matters), "--seed", "2025", "--now",
                       "2026-10-30"},
                      dir_.path());
  }
  ProcessResult Report(const std::string& format) {
    const auto out = dir_.path() / ("report." + format);
    ProcessResult r = RunLianban({"report", "--data", data_.string(), "--from", "2026-10-01",
                                  "--to", "2026-10-31", "--format", format, "--out", out.string()},
                                 dir_.path());
    r.out = ReadFile(out);
    return r;
  }
  const ProcessResult& init() const { return init_; }
  const ProcessResult& demo() const { return demo_; }

 private:
  TempDir dir_;
  std::filesystem::path data_;
  ProcessResult init_, demo_;
};

TEST(DemoHistoryTest, ReplaysMattersWhoseFiguresTheReportShows) {
  DemoHistory history(40, 20);
  ASSERT_EQ(history.demo().exit_code, 0) << history.demo().err;
  std::smatch m;
  const std::string& out = history.demo().out;
  ASSERT_TRUE(std::regex_search(out, m, std::regex(R"(demo matters: (\d+) opened, (\d+) decided)")))
      << out;
  const int opened = std::stoi(m[1]), decided = std::stoi(m[2]);
  EXPECT_GT(opened, 10);
  EXPECT_GT(decided, 5);
  EXPECT_LT(decided, opened);  // the newest matters are still open

  ProcessResult report = history.Report("json");
  ASSERT_EQ(report.exit_code, 0) << report.err;
  const json figures = json::parse(report.out);
  // Matters opened in October; the history spans 45 days, so some opened in September.
  const int total_opened = figures.at("total").at("opened").get<int>();
  EXPECT_GT(total_opened, 0);
  EXPECT_LE(total_opened, opened);
  EXPECT_GT(figures.at("total").at("decided").get<int>(), 0);

  // Running it again finds every household registered and opens nothing.
  ProcessResult again = history.Demo(40, 20);
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("0 registered, 40 already present"), std::string::npos) << again.out;
  EXPECT_EQ(again.out.find("demo matters"), std::string::npos) << again.out;
  EXPECT_EQ(history.Report("json").out, report.out);
}

TEST(DemoHistoryTest, IsTheSameOnEveryRun) {
  DemoHistory a(30, 15), b(30, 15);
  ASSERT_EQ(a.demo().exit_code, 0) << a.demo().err;
  ASSERT_EQ(b.demo().exit_code, 0) << b.demo().err;
  EXPECT_EQ(a.demo().out, b.demo().out);
  EXPECT_EQ(a.Report("csv").out, b.Report("csv").out);
}

// The PNG in docs/ is taken from this HTML; when the report's code or the demo changes, the hash
// changes and scripts/report-screenshot.sh must be run again.
TEST(DemoHistoryTest, ReportScreenshotInDocsIsCurrent) {
  ASSERT_GE(sodium_init(), 0);
  DemoHistory history(120, 60);  // scripts/report-screenshot.sh's values
  ASSERT_EQ(history.demo().exit_code, 0) << history.demo().err;
  ProcessResult html = history.Report("html");
  ASSERT_EQ(html.exit_code, 0) << html.err;
  const std::filesystem::path docs = std::filesystem::path(LIANBAN_SOURCE_DIR) / "docs";
  EXPECT_TRUE(std::filesystem::exists(docs / "report-screenshot.png"));
  EXPECT_EQ(Sha256Hex(html.out), Trim(ReadFile(docs / "report-screenshot.sha256")))
      << "the consortium report changed: run scripts/report-screenshot.sh and commit "
         "docs/report-screenshot.png and docs/report-screenshot.sha256";
}

}  // namespace
}  // namespace lianban::testing
