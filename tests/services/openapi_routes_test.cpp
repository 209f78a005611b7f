// docs/openapi.yaml documents exactly the routes the server registers: the router is built by the
// real wiring (App::Open over a fresh data directory, as `lianban serve` does), and the file is
// scanned line by line for its path keys (two-space indent, "/...:") and the operations under them
// (four-space indent, "get:", "post:", ...). A route missing from the file, an operation in the
// file that the router lacks, or a disagreement about which operations need no bearer token fails
// the test, naming the method and path.
#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "domain/clock.h"
#include "services/app_wiring.h"
#include "services/data_dir.h"
#include "tests/db/temp_dir.h"
#include "tests/fixed_now.h"

namespace lianban::services {
namespace {

using ::lianban::testing::kNow;

// "GET /v1/households/{id}" -> whether the operation is public (security: []).
using Operations = std::map<std::string, bool>;

std::string Key(std::string method, const std::string& path) {
  for (char& c : method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return method + " " + path;
}

std::string PathOf(const Router::Route& route) {
  std::string path;
  for (const std::string& segment : route.segments) path += "/" + segment;
  return path;
}

std::string TrimRight(std::string s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r' || s.back() == '\t')) s.pop_back();
  return s;
}

std::size_t Indent(const std::string& line) {
  std::size_t n = 0;
  while (n < line.size() && line[n] == ' ') ++n;
  return n;
}

std::string Unquote(std::string s) {
  if (s.size() >= 2 && (s.front() == '\'' || s.front() == '"') && s.back() == s.front()) {
    return s.substr(1, s.size() - 2);
  }
  return s;
}

bool IsMethod(const std::string& word) {
  static const std::set<std::string> kMethods = {"get",   "put",  "post",    "delete",
                                                 "patch", "head", "options", "trace"};
  return kMethods.count(word) > 0;
}

// The operations under `paths:` in the OpenAPI text. An operation is public when a line
// "security: []" sits directly under it (six-space indent).
Operations DocumentedOperations(std::istream& in) {
  Operations out;
  bool in_paths = false;
  std::string path, operation;
  std::string line;
  while (std::getline(in, line)) {
    line = TrimRight(line);
    if (line.empty() || line[Indent(line)] == '#') continue;
    const std::size_t indent = Indent(line);
    if (indent == 0) {
      in_paths = line == "paths:";
      path.clear();
      operation.clear();
      continue;
    }
    if (!in_paths) continue;
    const std::string text = line.substr(indent);
    if (indent == 2 && text.back() == ':') {
      path = Unquote(text.substr(0, text.size() - 1));
      operation.clear();
      if (path.empty() || path.front() != '/') path.clear();
    } else if (indent == 4 && !path.empty() && text.back() == ':' &&
               IsMethod(text.substr(0, text.size() - 1))) {
      operation = Key(text.substr(0, text.size() - 1), path);
      out[operation] = false;
    } else if (indent == 4) {
      operation.clear();  // path-level `parameters:` and the like
    } else if (indent == 6 && !operation.empty() && text == "security: []") {
      out[operation] = true;
    }
  }
  return out;
}

class OpenApiRoutes : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::filesystem::path source(LIANBAN_SOURCE_DIR);
    Status prepared = PrepareDataDir(dir_.path() / "data", source / "seeds", kNow);
    ASSERT_TRUE(prepared.ok()) << prepared.error().message;
    AppOptions options;
    options.data_dir = dir_.path() / "data";
    options.pwhash = db::PasswordHashParams::Minimum();  // nothing is hashed but the dummy
    auto app = App::Open(options, clock_);
    ASSERT_TRUE(app.ok()) << app.error().reason << ": " << app.error().message;
    app_ = std::move(app).value();
    for (const Router::Route& r : app_->dispatcher().router().routes()) {
      routes_[Key(r.method, PathOf(r))] = r.access == Access::kPublic;
    }
    std::ifstream file(source / "docs" / "openapi.yaml");
    ASSERT_TRUE(file) << "cannot read docs/openapi.yaml";
    documented_ = DocumentedOperations(file);
  }

  db::testing::TempDir dir_;
  FakeClock clock_{kNow};
  std::unique_ptr<App> app_;
  Operations routes_;      // what the server registers
  Operations documented_;  // what docs/openapi.yaml describes
};

TEST(OpenApiScan, FindsPathsOperationsAndPublicOnes) {
  std::istringstream text(
      "openapi: 3.1.0\n"
      "paths:\n"
      "  /healthz:\n"
      "    get:\n"
      "      security: []\n"
      "      responses: {}\n"
      "  '/v1/things/{id}':\n"
      "    parameters: []\n"
      "    put:\n"
      "      summary: x\n"
      "    delete:\n"
      "      requestBody:\n"
      "        security: []\n"
      "components:\n"
      "  schemas:\n"
      "    /not-a-path:\n"
      "      get: {}\n");
  const Operations found = DocumentedOperations(text);
  const Operations expected = {
      {"GET /healthz", true}, {"PUT /v1/things/{id}", false}, {"DELETE /v1/things/{id}", false}};
  EXPECT_EQ(found, expected);
}

TEST_F(OpenApiRoutes, RouterHasRoutes) {
  EXPECT_GT(routes_.size(), 20u);
  EXPECT_TRUE(routes_.count("GET /healthz"));
  EXPECT_GT(documented_.size(), 20u);
}

TEST_F(OpenApiRoutes, EveryRouteIsDocumented) {
  std::vector<std::string> missing;
  for (const auto& [route, is_public] : routes_) {
    if (!documented_.count(route)) missing.push_back(route);
  }
  for (const std::string& route : missing) {
    ADD_FAILURE() << route << " is registered by the server but missing from docs/openapi.yaml";
  }
}

TEST_F(OpenApiRoutes, EveryDocumentedOperationExists) {
  for (const auto& [operation, is_public] : documented_) {
    if (!routes_.count(operation)) {
      ADD_FAILURE() << operation
                    << " is documented in docs/openapi.yaml but the server has no such route";
    }
  }
}

TEST_F(OpenApiRoutes, PublicRoutesAreDocumentedWithoutSecurity) {
  for (const auto& [route, is_public] : routes_) {
    auto it = documented_.find(route);
    if (it == documented_.end()) continue;  // reported by EveryRouteIsDocumented
    EXPECT_EQ(it->second, is_public)
        << route << (is_public ? " needs no token: document it with `security: []`"
                               : " needs a bearer token: do not document `security: []`");
  }
}

}  // namespace
}  // namespace lianban::services
