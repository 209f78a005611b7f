// Starts the real `lianban` binary on port 0 with a temporary data directory and drives it over
// real sockets: sign-in, sign-out, and every kind of bad input the contract names.
#include <sqlite3.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <memory>
#include <regex>

#include "tests/services/http_client.h"
#include "tests/services/lianban_process.h"

namespace lianban::testing {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

constexpr char kPassword[] = "correct-horse-battery-1";
constexpr char kUser[] = "wang.caseworker";

// Row counts of the tables a request could change.
std::string Fingerprint(const std::filesystem::path& db_file) {
  sqlite3* db = nullptr;
  std::string out;
  if (sqlite3_open_v2(db_file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    return "open failed";
  }
  for (const char* table : {"audit_log", "users", "sessions", "households"}) {
    sqlite3_stmt* stmt = nullptr;
    const std::string sql = std::string("SELECT count(*) FROM ") + table;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW) {
      out += std::string(table) + "=" + std::to_string(sqlite3_column_int64(stmt, 0)) + " ";
    }
    sqlite3_finalize(stmt);
  }
  sqlite3_close(db);
  return out;
}

// A data directory with one caseworker, and `lianban serve` running on it.
class Server {
 public:
  explicit Server(const std::vector<std::string>& extra_serve_args = {}) {
    const auto& d = dir_.path();
    data_ = d / "data";
    init_ = RunLianban({"init", "--data", data_.string()}, d);
    user_ = RunLianban({"user", "add", "--data", data_.string(), "--username", kUser, "--role",
                        "caseworker", "--pwhash-profile", "test"},
                       d, std::string(kPassword) + "\n");
    std::vector<std::string> args{"serve", "--data", data_.string(), "--listen", "127.0.0.1:0",
                                  "--pwhash-profile", "test", "--request-timeout-ms", "1000",
                                  "--max-body-bytes", "65536"};
    args.insert(args.end(), extra_serve_args.begin(), extra_serve_args.end());
    process_ = std::make_unique<LianbanProcess>(args, d);
    const std::string out = process_->WaitForOutput("listening on http://");
    std::smatch m;
    if (std::regex_search(out, m, std::regex(R"(listening on http://127\.0\.0\.1:(\d+))"))) {
      port_ = static_cast<std::uint16_t>(std::stoi(m[1]));
    }
  }

  std::uint16_t port() const { return port_; }
  const std::filesystem::path& data() const { return data_; }
  const std::filesystem::path& dir() const { return dir_.path(); }
  LianbanProcess& process() { return *process_; }
  std::string Diagnostics() const {
    return "init: " + init_.err + " user: " + user_.err + " serve: " + process_->err();
  }

  // POST /v1/sessions; the token, or "" on failure.
  std::string Login(const std::string& user = kUser, const std::string& password = kPassword) {
    const json body = {{"username", user}, {"password", password}};
    HttpReply r = Exchange(port_, RequestText("POST", "/v1/sessions", body.dump()));
    if (r.status != 201) return "";
    return json::parse(r.body).value("token", "");
  }

 private:
  TempDir dir_;
  std::filesystem::path data_;
  ProcessResult init_, user_;
  std::unique_ptr<LianbanProcess> process_;
  std::uint16_t port_ = 0;
};

class HttpApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new Server(); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  void SetUp() override { ASSERT_NE(server_->port(), 0) << server_->Diagnostics(); }

  static HttpReply Call(const std::string& request, bool check_close = false) {
    return Exchange(server_->port(), request, check_close);
  }
  static std::string Bearer(const std::string& token) {
    return "Authorization: Bearer " + token + "\r\n";
  }
  static std::string Code(const HttpReply& r) {
    return json::parse(r.body, nullptr, false).value("code", "");
  }

  static Server* server_;
};
Server* HttpApiTest::server_ = nullptr;

TEST_F(HttpApiTest, HealthzAnswersOk) {
  HttpReply r = Call(RequestText("GET", "/healthz"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(json::parse(r.body), json({{"status", "ok"}}));
  EXPECT_EQ(r.content_type, "application/json");
}

TEST_F(HttpApiTest, SignInReturnsTokenExpiryAndUser) {
  const json body = {{"username", kUser}, {"password", kPassword}};
  HttpReply r = Call(RequestText("POST", "/v1/sessions", body.dump()));
  ASSERT_EQ(r.status, 201) << r.body;
  const json j = json::parse(r.body);
  EXPECT_GE(j["token"].get<std::string>().size(), 40u);
  EXPECT_TRUE(std::regex_match(j["expires_at"].get<std::string>(),
                               std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)")));
  EXPECT_EQ(j["user"], json({{"username", kUser}, {"role", "caseworker"}, {"department", nullptr}}));
}

TEST_F(HttpApiTest, CatalogNeedsASignedInUser) {
  HttpReply anonymous = Call(RequestText("GET", "/v1/catalog/departments"));
  EXPECT_EQ(anonymous.status, 401);
  EXPECT_EQ(Code(anonymous), "unauthenticated");
  const std::string token = server_->Login();
  ASSERT_FALSE(token.empty());
  HttpReply r = Call(RequestText("GET", "/v1/catalog/departments", "", Bearer(token)));
  ASSERT_EQ(r.status, 200) << r.body;
  const json j = json::parse(r.body);
  const json& list = j.is_array() ? j : j.value("departments", json::array());
  ASSERT_TRUE(list.is_array());
  for (const json& d : list) {
    EXPECT_TRUE(d.contains("id") && d.contains("name_zh") && d.contains("name_en")) << d;
  }
}

TEST_F(HttpApiTest, SignOutMakesTheTokenStopWorking) {
  const std::string token = server_->Login();
  ASSERT_FALSE(token.empty());
  HttpReply out = Call(RequestText("DELETE", "/v1/sessions/current", "", Bearer(token)));
  EXPECT_EQ(out.status, 204);
  HttpReply again = Call(RequestText("DELETE", "/v1/sessions/current", "", Bearer(token)));
  EXPECT_EQ(again.status, 401);
  EXPECT_EQ(Code(again), "unauthenticated");
  HttpReply read = Call(RequestText("GET", "/v1/households/1", "", Bearer(token)));
  EXPECT_EQ(read.status, 401);
}

TEST_F(HttpApiTest, MissingOrUnknownTokensAre401WithBearerChallenge) {
  for (const std::string& auth : {std::string(), Bearer("not-a-real-token"),
                                  std::string("Authorization: Basic d2FuZzpwdw==\r\n")}) {
    HttpReply r = Call(RequestText("DELETE", "/v1/sessions/current", "", auth));
    EXPECT_EQ(r.status, 401) << auth;
    EXPECT_EQ(Code(r), "unauthenticated") << auth;
    EXPECT_EQ(r.www_authenticate, "Bearer");
    EXPECT_EQ(r.content_type, "application/problem+json");
  }
}

TEST_F(HttpApiTest, WrongPasswordAndUnknownUserGetTheSameBody) {
  const json wrong = {{"username", kUser}, {"password", "nope"}};
  const json nobody = {{"username", "no.such.user"}, {"password", "nope"}};
  HttpReply a = Call(RequestText("POST", "/v1/sessions", wrong.dump()));
  HttpReply b = Call(RequestText("POST", "/v1/sessions", nobody.dump()));
  EXPECT_EQ(a.status, 401);
  EXPECT_EQ(b.status, 401);
  EXPECT_EQ(Code(a), "invalid_credentials");
  EXPECT_EQ(a.body, b.body);
}

TEST_F(HttpApiTest, BadInputsAreRefusedAndChangeNothing) {
  const std::filesystem::path db = server_->data() / "lianban.db";
  const std::string before = Fingerprint(db);
  struct Case {
    std::string name, request;
    int status;
    std::string code;
  };
  const std::string login = R"({"username":"wang.caseworker","password":"x"})";
  const std::vector<Case> cases = {
      {"malformed", RequestText("POST", "/v1/sessions", R"({"username":)"), 400, "invalid_json"},
      {"duplicate", RequestText("POST", "/v1/sessions",
                                R"({"username":"a","username":"b","password":"x"})"),
       400, "duplicate_key"},
      {"unknown field", RequestText("POST", "/v1/sessions",
                                    R"({"username":"a","password":"x","role":"admin"})"),
       422, "unknown_field"},
      {"content type", RequestText("POST", "/v1/sessions", login, "", "text/plain"), 415,
       "unsupported_media_type"},
      {"no content type", RequestText("POST", "/v1/sessions", login, "", ""), 415,
       "unsupported_media_type"},
      {"not an object", RequestText("POST", "/v1/sessions", "[1]"), 422, "expected_object"},
      {"unknown method", RequestText("BREW", "/healthz"), 501, "not_implemented"},
      {"wrong method", RequestText("PATCH", "/v1/sessions"), 405, "method_not_allowed"},
      {"unknown path", RequestText("GET", "/v1/nothing-here"), 404, "not_found"},
  };
  for (const Case& c : cases) {
    HttpReply r = Call(c.request);
    EXPECT_EQ(r.status, c.status) << c.name << ": " << r.body;
    EXPECT_EQ(Code(r), c.code) << c.name;
    EXPECT_EQ(r.content_type, "application/problem+json") << c.name;
  }
  EXPECT_EQ(Fingerprint(db), before);
}

TEST_F(HttpApiTest, OversizedBodyIs413) {
  const std::string big(70 * 1024, 'x');
  HttpReply r = Call(RequestText("POST", "/v1/sessions", "{\"username\":\"" + big + "\"}"));
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(Code(r), "payload_too_large");
}

TEST_F(HttpApiTest, OversizedHeadersAre431) {
  HttpReply r = Call(RequestText("GET", "/healthz", "", "X-Padding: " + std::string(20000, 'a') + "\r\n"));
  EXPECT_EQ(r.status, 431);
}

TEST_F(HttpApiTest, ContentLengthWithTransferEncodingIs400AndCloses) {
  const std::string body = R"({"username":"a","password":"b"})";
  const std::string request =
      "POST /v1/sessions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Content-Length: " + std::to_string(body.size()) +
      "\r\nTransfer-Encoding: chunked\r\n\r\n" + "1f\r\n" + body + "\r\n0\r\n\r\n";
  HttpReply r = Call(request, /*check_close=*/true);
  EXPECT_EQ(r.status, 400);
  EXPECT_TRUE(r.closed_after);
}

TEST_F(HttpApiTest, TransferEncodingNotEndingInChunkedIs400AndCloses) {
  const std::string request =
      "POST /v1/sessions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Transfer-Encoding: chunked, gzip\r\n\r\n";
  HttpReply r = Call(request, /*check_close=*/true);
  EXPECT_EQ(r.status, 400);
  EXPECT_TRUE(r.closed_after);
}

TEST_F(HttpApiTest, ChunkedBodiesAreAccepted) {
  const std::string body = R"({"username":"nobody","password":"b"})";
  char size[16];
  std::snprintf(size, sizeof size, "%zx", body.size());
  const std::string request =
      "POST /v1/sessions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Transfer-Encoding: chunked\r\n\r\n" + std::string(size) + "\r\n" + body + "\r\n0\r\n\r\n";
  EXPECT_EQ(Call(request).status, 401);
}

// Headers complete, body never does: the server drops the connection at --request-timeout-ms.
TEST_F(HttpApiTest, ARequestThatNeverFinishesIsCutOff) {
  HttpConnection c(server_->port());
  ASSERT_TRUE(c.Send("POST /v1/sessions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     "Content-Length: 100\r\n\r\n{\"username\":"));
  const auto start = std::chrono::steady_clock::now();
  HttpReply r = c.Receive(5s);
  EXPECT_FALSE(r.ok && r.status == 401);  // never handled
  EXPECT_TRUE(r.closed_after);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 4s);
}

TEST_F(HttpApiTest, SlowHeadersAreCutOff) {
  HttpConnection c(server_->port());
  ASSERT_TRUE(c.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n"));
  bool cut = false;
  for (int i = 0; i < 40 && !cut; ++i) {  // one header byte every 100 ms: 4 s at most
    cut = !c.Send("X", 1s) || c.ServerClosed(100ms);
  }
  EXPECT_TRUE(cut);
}

TEST_F(HttpApiTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  HttpConnection c(server_->port());
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(c.Send(RequestText("GET", "/healthz")));
    HttpReply r = c.Receive();
    EXPECT_EQ(r.status, 200) << i;
  }
}

// Over --max-connections a new connection is told why (503 server_busy) and closed; the admitted
// ones keep working, and once one of them closes a new connection is admitted again.
TEST(HttpConnectionLimitTest, ConnectionsOverTheLimitGet503AndTheOthersKeepWorking) {
  Server server({"--max-connections", "2"});
  ASSERT_NE(server.port(), 0) << server.Diagnostics();
  const std::string healthz = RequestText("GET", "/healthz");
  auto a = std::make_unique<HttpConnection>(server.port());
  HttpConnection b(server.port());
  for (HttpConnection* c : {a.get(), &b}) {  // admitted: each has been served once
    ASSERT_TRUE(c->Send(healthz));
    ASSERT_EQ(c->Receive().status, 200);
  }
  HttpConnection over(server.port());
  ASSERT_TRUE(over.connected());
  (void)over.Send(healthz);  // the answer may come before the request is read
  HttpReply busy = over.Receive(5s, /*check_close=*/true);
  ASSERT_TRUE(busy.ok);
  EXPECT_EQ(busy.status, 503);
  EXPECT_EQ(busy.content_type, "application/problem+json");
  EXPECT_EQ(json::parse(busy.body, nullptr, false).value("code", ""), "server_busy");
  EXPECT_TRUE(busy.closed_after);

  ASSERT_TRUE(b.Send(healthz));
  EXPECT_EQ(b.Receive().status, 200);
  a.reset();  // frees a place
  int status = 0;
  for (int i = 0; i < 50 && status != 200; ++i) {  // the server notices the close asynchronously
    HttpConnection again(server.port());
    if (again.Send(healthz)) status = again.Receive(2s).status;
    if (status != 200) std::this_thread::sleep_for(50ms);
  }
  EXPECT_EQ(status, 200);
}

}  // namespace
}  // namespace lianban::testing
